"""Per-stage element counts and time, as Beam metrics, plus live progress lines on one machine.

Each stage's DoFn wraps its work in ``meter.timed()``: that increments the Beam counters
``news.<stage>/elements`` and ``news.<stage>/usec`` (summed over workers by any runner, read by
the launcher after the run for the per-stage timing table) and a process-local tally used only
for display: when ``NEWS_PROGRESS_SECONDS`` is set (the launcher sets it unless ``--quiet``),
each process running stages prints one line every that many seconds. Nothing here affects results.

``StageMeter`` also asks a Beam SDK worker process (``sdk_worker_main``, as the local
multi-process runner starts them) to end without the interpreter's final garbage-collection walk
(``gc.freeze`` at exit): that runner stops its workers one after another, and each spent ~0.4 s of
every run on that walk. Other processes (a launcher, a test run, a notebook) are left alone: an
extension's leak check may report what was never freed.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import gc
import os
import sys
import threading
import time

from apache_beam.metrics import Metrics

__all__ = ["MeteredDoFn", "StageMeter", "format_table", "stage_table"]

STAGES = ("read", "decode", "extract", "clean", "language", "dedup", "events", "write")
PROGRESS_ENV = "NEWS_PROGRESS_SECONDS"

_tally: collections.Counter = collections.Counter()
_lock = threading.Lock()
_reporter: threading.Thread | None = None
_exit_hint = False


_SDK_WORKER_MAIN = "apache_beam.runners.worker.sdk_worker_main"


def _freeze_at_exit() -> None:
    """Once per SDK worker process: at exit, move every object to the permanent generation, so the
    final collections skip them (the process is ending; its files were closed by the stages)."""
    global _exit_hint
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None) != _SDK_WORKER_MAIN:
        return
    with _lock:
        if not _exit_hint:
            _exit_hint = True
            atexit.register(gc.freeze)


def _report_loop(every: float) -> None:
    started = time.monotonic()
    last = None
    while True:
        time.sleep(every)
        with _lock:
            snapshot = dict(_tally)
        if snapshot == last:
            continue
        last = snapshot
        parts = [f"{stage} {snapshot[stage]}" for stage in STAGES if stage in snapshot]
        rejected = snapshot.get("rejected", 0)
        print(
            f"[progress {time.monotonic() - started:6.0f}s pid {os.getpid()}] " + " | ".join(parts)
            + (f" | rejected {rejected}" if rejected else ""),
            file=sys.stderr,
            flush=True,
        )


def _ensure_reporter() -> None:
    global _reporter
    every = os.environ.get(PROGRESS_ENV)
    if _reporter is not None or not every:
        return
    with _lock:
        if _reporter is None:
            _reporter = threading.Thread(target=_report_loop, args=(float(every),), daemon=True, name="news-progress")
            _reporter.start()


class StageMeter:
    """Counts elements and time of one stage. Create in ``DoFn.setup()``."""

    def __init__(self, stage: str):
        self.stage = stage
        self._elements = Metrics.counter(f"news.{stage}", "elements")
        self._usec = Metrics.counter(f"news.{stage}", "usec")
        _ensure_reporter()
        _freeze_at_exit()

    @contextlib.contextmanager
    def timed(self, count: int = 1):
        start = time.perf_counter()
        try:
            yield
        finally:
            self._usec.inc(int((time.perf_counter() - start) * 1e6))
            if count:
                self.count(count)

    def count(self, count: int = 1) -> None:
        """Count elements whose time was already measured with ``timed(0)``."""
        self._elements.inc(count)
        with _lock:
            _tally[self.stage] += count

    @staticmethod
    def rejected(count: int = 1) -> None:
        with _lock:
            _tally["rejected"] += count


def stage_table(result) -> dict[str, dict[str, float]]:
    """{stage: {"elements": n, "seconds": s}} from a finished PipelineResult's committed counters."""
    from apache_beam.metrics.metric import MetricsFilter

    table: dict[str, dict[str, float]] = {}
    try:
        counters = result.metrics().query(MetricsFilter())["counters"]
    except Exception:  # a runner without metrics support
        return table
    for counter in counters:
        namespace, name = counter.key.metric.namespace, counter.key.metric.name
        if not namespace.startswith("news.") or name not in ("elements", "usec"):
            continue
        stage = namespace[len("news.") :]
        value = counter.committed if counter.committed is not None else counter.attempted
        row = table.setdefault(stage, {"elements": 0, "seconds": 0.0})
        if name == "elements":
            row["elements"] += int(value or 0)
        else:
            row["seconds"] += (value or 0) / 1e6
    for row in table.values():  # rounded once: a sum of rounded steps printed 0.17099999999999999 s
        row["seconds"] = round(row["seconds"], 3)
    order = {s: i for i, s in enumerate(STAGES)}
    return dict(sorted(table.items(), key=lambda kv: order.get(kv[0], len(order))))


def format_table(table: dict[str, dict[str, float]]) -> str:
    """The per-stage timing table printed at the end of a run."""
    total = sum(r["seconds"] for r in table.values()) or 1.0
    lines = [f"{'stage':<10} {'elements':>9} {'seconds':>9} {'share':>6} {'ms/elem':>8}"]
    for stage, row in table.items():
        per = row["seconds"] * 1000 / row["elements"] if row["elements"] else 0.0
        lines.append(
            f"{stage:<10} {row['elements']:>9} {row['seconds']:>9.2f} {row['seconds'] / total:>6.0%} {per:>8.2f}"
        )
    return "\n".join(lines)


class MeteredDoFn:
    """Mixin for a stage's DoFn: subclasses set STAGE and implement ``handle(element)``.

    Outputs are buffered per element so the measured time is the stage's own, not that of the
    fused stages downstream that consume what it yields.
    """

    STAGE = ""

    def setup(self):
        self._meter = StageMeter(self.STAGE)

    def process(self, element):
        from apache_beam.pvalue import TaggedOutput

        with self._meter.timed():
            out = list(self.handle(element))
        rejected = sum(1 for item in out if isinstance(item, TaggedOutput) and item.tag == "rejected")
        if rejected:
            StageMeter.rejected(rejected)
        yield from out

    def handle(self, element):
        raise NotImplementedError
