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


def test_ticks_come_at_their_times_never_early_and_stop_before_stop():
    """On the FnApiRunner (which runs a deferring splittable DoFn to the end): a 3.5 s clock with
    1 s ticks gives ticks at start + 0, 1, 2, 3 s, each with its fire time as value and event time,
    each emitted at or after that time."""
    start = time.time() + 0.3

    def check(tick, ts=beam.DoFn.TimestampParam):
        # (offset from start, value is the event time, not emitted before its time)
        return round(float(tick) - start, 3), tick == ts, time.time() >= float(tick)  # Timestamps hold microseconds

    p = beam.Pipeline()
    ticks = p | EmitTicks(start=start, stop=Timestamp.of(start + 3.5), interval=1.0) | beam.Map(check)
    assert_that(ticks, equal_to([(float(i), True, True) for i in range(4)]))
    result = p.run()
    result.wait_until_finish()
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
    written when tick 2 comes out, so tick 3 is never emitted and the pipeline finishes."""
    stop_file = tmp_path / "STOP"
    start = time.time() + 0.3

    def seen(tick):
        index = round((float(tick) - start) / 0.5)
        if index == 2:
            stop_file.write_text("stop")
        return index

    p = beam.Pipeline()
    ticks = (p | EmitTicks(start=start, stop=Timestamp.of(start + 60), interval=0.5, stop_file=str(stop_file))
             | beam.Map(seen))
    assert_that(ticks, equal_to([0, 1, 2]))
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
