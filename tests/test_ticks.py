"""transforms/ticks.py: the stream's clock (PeriodicImpulse's ticks; waits in the call when resumed early)."""

from __future__ import annotations

import time

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.utils.timestamp import Timestamp

from transforms.ticks import EmitTicks, tick_time


def test_tick_times_are_start_plus_whole_intervals():
    assert [tick_time(100.0, 2.5, i) for i in range(4)] == [100.0, 102.5, 105.0, 107.5]


def test_emit_ticks_rejects_a_non_positive_interval():
    with pytest.raises(ValueError, match="interval"):
        EmitTicks(start=0, stop=Timestamp.of(1), interval=0)


def test_ticks_come_at_their_times_never_early_and_stop_before_stop(tmp_path):
    """On the FnApiRunner (which runs a deferring splittable DoFn to the end): a 3.5 s clock with
    1 s ticks gives ticks at start + 0, 1, 2, 3 s, each with its fire time as value and event time,
    each emitted at or after that time (ticks already overdue together when the pipeline started,
    on a loaded machine, come out as the latest of them: the test below)."""
    start = time.time() + 2
    log = tmp_path / "ticks.txt"

    def check(tick, ts=beam.DoFn.TimestampParam):
        # (offset from start, value is the event time, not emitted before its time)
        with open(log, "a") as fh:  # Timestamps hold microseconds
            fh.write(f"{round(float(tick) - start, 3) + 0.0} {tick == ts} {time.time() >= float(tick)}\n")

    p = beam.Pipeline()
    _ = p | EmitTicks(start=start, stop=Timestamp.of(start + 3.5), interval=1.0) | beam.Map(check)
    result = p.run()
    result.wait_until_finish()
    rows = [tuple(line.split()) for line in log.read_text().splitlines()]
    # every tick (or, after a start-up slower than 2 s, the last ones from the latest overdue one)
    assert rows and rows == [(f"{float(i)}", "True", "True") for i in range(4 - len(rows), 4)], rows
    counters = {c.key.metric.name: c.committed for c in result.metrics().query(
        MetricsFilter().with_namespace("news.ticks"))["counters"]}
    # at most one call per tick plus the last one (whether the runner waited or resumed at once):
    # a source that defers again as soon as it is resumed early would make hundreds
    assert 1 <= counters["calls"] <= 5, counters


def _run_counted(p) -> dict:
    result = p.run()
    result.wait_until_finish()
    return {c.key.metric.name: c.committed for c in result.metrics().query(
        MetricsFilter().with_namespace("news.ticks"))["counters"]}


def test_a_stop_file_ends_the_clock_at_the_next_due_tick(tmp_path):
    """A clock with no end of its own (stop far away) ends when its stop file appears: the file is
    written when the first tick comes out, so no later tick is emitted and the pipeline finishes."""
    stop_file = tmp_path / "STOP"
    start = time.time() + 0.3

    def seen(tick):
        stop_file.write_text("stop")
        return 1

    p = beam.Pipeline()
    ticks = (p | EmitTicks(start=start, stop=Timestamp.of(start + 60), interval=0.5, stop_file=str(stop_file))
             | beam.Map(seen))
    assert_that(ticks, equal_to([1]))
    counters = _run_counted(p)
    assert counters["stopped_by_file"] == 1, counters


def test_a_stop_file_there_before_the_start_gives_no_tick(tmp_path):
    stop_file = tmp_path / "STOP"
    stop_file.write_text("")
    p = beam.Pipeline()
    ticks = p | EmitTicks(start=time.time(), stop=Timestamp.of(time.time() + 60), interval=0.5,
                          stop_file=str(stop_file))
    assert_that(ticks, equal_to([]))
    assert _run_counted(p)["stopped_by_file"] == 1


def test_ticks_overdue_at_the_start_come_out_as_one(tmp_path):
    """trial 9 S1: a stream whose runner took longer than the poll interval to start found several
    ticks due at once and emitted them all; each was a poll of every feed, run in parallel bundles
    on Prism that did not see each other's state of emitted entries: every entry fetched once per
    tick. A clock started 3.2 intervals ago: ticks 0-2 were due before the pipeline started and
    none of them comes out on its own; the ticks from then on do, each once, in order."""
    start = time.time() - 3.2

    def index(tick):
        return round(float(tick) - start)

    log = tmp_path / "ticks.txt"

    def record(i):
        with open(log, "a") as fh:
            fh.write(f"{i}\n")

    p = beam.Pipeline()
    _ = p | EmitTicks(start=start, stop=Timestamp.of(start + 5.5), interval=1.0) | beam.Map(index) | beam.Map(record)
    counters = _run_counted(p)
    seen = [int(line) for line in log.read_text().split()]
    assert not {0, 1, 2} & set(seen) and seen == sorted(set(seen)) and seen[-1] == 5, seen
    assert counters["skipped_overdue"] == min(seen), counters
