"""The stream's clock: a tick every ``interval`` seconds of wall time, from ``start`` until ``stop``
(or until a stop file appears).

What Beam's ``PeriodicImpulse`` does (same restriction, same watermark, same elements: each tick is
its own fire time as a Timestamp, with that event time), except that (1) when the runner resumes
the splittable DoFn before the next tick is due, it waits for the tick inside the call instead of
deferring again at once, and (2) ticks overdue together are one tick, the latest (a clock that fell
behind, e.g. a slow start-up, does not fire a burst).

Why: Beam's Flink job server (2.62, the one ``scripts/setup_engines.sh`` builds) resumes a
self-checkpointed Python SDF within milliseconds, whatever delay it asked for (measured on the local
cluster: ``defer_remainder`` of 2.5 s, resumed every ~5 ms, 5,596 times in 33 s). ``PeriodicImpulse``
then spins: resumed, early, defers, resumed... And every residual is stored under a new state name
(``sdf_checkpoint:<n>:<i>``, a ``ValueState`` per residual: apache/beam#27648, bounded upstream by
apache/beam#39191, newer than this job server), for which Flink's heap state backend keeps a state
table for the rest of the job (~34 KB each, never freed): 5,964 of them after 85 s of the stream
test (two sources, 2 s poll interval), 200 MB of the task manager's 314 MB heap, then
``OutOfMemoryError``, which showed as a TaskManager heartbeat timeout, a job still RUNNING after
the launcher returned, or a drain cut by the launcher's cancel. Waiting in the call makes it one
residual per tick (a task manager keeps ~34 KB per tick and source: ~100 MB a day for two sources
polled every minute; restart the stream to free it). On runners that honour the delay (Prism,
Dataflow) the DoFn is resumed when the tick is due and never waits.

A stop file (``stop_file``: a path on any Beam filesystem) ends the clock as ``stop`` does, at the
first tick due after the file appears: the rest of the restriction is given up, the source's
watermark goes to the end of time and the pipeline drains (every open window is published, the
job ends FINISHED). It is the stream's drain on runners without one of their own (Flink's
portable runner, Prism): ``--max-runtime`` fixes the stop before the launch, the stop file lets
an operator (or a test) choose it while the job runs. One existence check per tick and source.
"""

from __future__ import annotations

import logging
import time

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.io.watermark_estimators import ManualWatermarkEstimator
from apache_beam.transforms.periodicsequence import ImpulseSeqGenRestrictionProvider
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Timestamp

__all__ = ["EmitTicks", "stop_requested", "tick_time"]

log = logging.getLogger(__name__)


def tick_time(start: float, interval: float, index: int) -> float:
    """The fire time (seconds since the epoch) of tick ``index`` of a clock started at ``start``."""
    return start + interval * index


def stop_requested(stop_file: str | None) -> bool:
    """Whether the stop file exists (False without one, and when the filesystem cannot say: a
    failing check never stops a stream)."""
    if not stop_file:
        return False
    try:
        return FileSystems.exists(stop_file)
    except Exception as exc:  # noqa: BLE001 - an unreachable store is not a stop request
        log.warning("cannot check the stop file %s: %s", stop_file, exc)
        return False


class _TicksFn(beam.DoFn):
    """(start, stop, interval) -> Timestamp ticks, unbounded: a splittable DoFn over tick indexes
    that emits every tick whose time has come, then defers until the next one; resumed before that
    (a runner that ignores the delay), it waits for the tick first. When ``stop_file`` exists at a
    due tick, it gives up the rest of the restriction instead (the clock ends). Ticks that are
    overdue together (a start-up slower than the interval: Prism took 10-35 s on a loaded machine)
    come out as one, the latest: a burst of polls of one feed at one instant ran in parallel
    bundles on Prism, each without the others' state of emitted entries, and fetched every entry
    once per tick (trial 9 S1). Counters (namespace ``news.ticks``): ``calls`` (process calls:
    first call and resumes), ``waited_in_call``, ``stopped_by_file``, ``skipped_overdue``."""

    def __init__(self, stop_file: str | None = None):
        self._stop_file = stop_file
        self._calls = Metrics.counter("news.ticks", "calls")
        self._waited = Metrics.counter("news.ticks", "waited_in_call")
        self._stopped = Metrics.counter("news.ticks", "stopped_by_file")
        self._skipped = Metrics.counter("news.ticks", "skipped_overdue")

    @beam.DoFn.unbounded_per_element()
    def process(self, element, restriction_tracker=beam.DoFn.RestrictionParam(ImpulseSeqGenRestrictionProvider()),
                watermark_estimator=beam.DoFn.WatermarkEstimatorParam(ManualWatermarkEstimator.default_provider())):
        start, _, interval = element
        start = start.micros / 1e6 if isinstance(start, Timestamp) else float(start)
        index = restriction_tracker.current_restriction().start
        emitted = False
        self._calls.inc()
        while True:
            fire = tick_time(start, interval, index)
            wait = fire - time.time()
            if wait > 0 and not emitted and index < restriction_tracker.current_restriction().stop:
                self._waited.inc()
                time.sleep(wait)  # resumed early: the runner did not wait, so this call does
                continue
            if wait > 0:  # no tick before ``fire``: the watermark may move up to it
                self._advance(watermark_estimator, Timestamp.of(fire))
                restriction_tracker.defer_remainder(Timestamp.of(fire))
                return
            if stop_requested(self._stop_file):  # finish: claiming the end fails and completes the restriction
                self._stopped.inc()
                restriction_tracker.try_claim(restriction_tracker.current_restriction().stop)
                return
            if not restriction_tracker.try_claim(index):
                return
            if (index + 1 < restriction_tracker.current_restriction().stop
                    and tick_time(start, interval, index + 1) <= time.time()):
                self._skipped.inc()  # a later tick is due too: one poll for the two, not a burst
                index += 1
                continue
            tick = Timestamp.of(fire)
            self._advance(watermark_estimator, tick)
            yield TimestampedValue(tick, tick)
            emitted = True
            index += 1

    @staticmethod
    def _advance(watermark_estimator, to: Timestamp) -> None:
        current = watermark_estimator.current_watermark()
        if current is None or to > current:
            watermark_estimator.set_watermark(to)


class EmitTicks(beam.PTransform):
    """PBegin -> PCollection[Timestamp], unbounded: a tick every ``interval`` seconds (> 0) from
    ``start`` (seconds since the epoch, or a Timestamp) until ``stop`` (a Timestamp, exclusive;
    MAX_TIMESTAMP for never) or until ``stop_file`` (a path, optional) exists when a tick is due;
    each tick's value and event time is its fire time, and no tick is emitted before that time."""

    def __init__(self, *, start, stop, interval: float, stop_file: str | None = None):
        super().__init__()
        if not interval > 0:
            raise ValueError(f"the tick interval must be > 0 seconds, not {interval!r}")
        self._start, self._stop, self._interval = start, stop, float(interval)
        self._stop_file = stop_file or None

    def expand(self, pbegin):
        return (
            pbegin
            | "Clock" >> beam.Create([(self._start, self._stop, self._interval)])
            | "Tick" >> beam.ParDo(_TicksFn(self._stop_file))
        )
