"""Stage (streaming): write event-time windows of Parquet, each part complete and visible at once.

Layout, one folder per fixed event-time window (``stream.window_minutes``, default 60; UTC)::

    DIR/window=2026-11-23T19:00/articles/part-main.parquet
    DIR/window=2026-11-23T19:00/duplicates/part-main.parquet
    DIR/window=2026-11-23T19:00/rejected/part-main.parquet
    DIR/window=2026-11-23T19:00/summary.json
    DIR/window=2026-11-23T19:00/articles/late-<token>.parquet     (late rows, see below)
    DIR/window=2026-11-23T19:00/summary-late-<token>.json

Readers glob ``DIR/window=*/articles/*.parquet``. A window is written once its end plus
``stream.allowed_lateness_minutes`` has passed the watermark ("closes"): the three tables and
``summary.json`` are written into a hidden ``DIR/.tmp-<uuid>`` folder and renamed to
``window=...`` in one directory rename (local filesystems: atomic, a reader sees the whole window
or nothing). On object stores, which have no directory rename, each file is renamed into place
and ``summary.json`` goes last: it is the window's completeness marker there.

Late rows are never dropped: a row arriving after its window was published (later than the
allowed lateness) is written as a *late part* of that same window, ``late-<token>.parquet`` per
table plus ``summary-late-<token>.json``, each file renamed into place; counted as
``news.stream_write/late_rows``. So the allowed lateness is the trade-off between latency and
completeness of the main part, not a cut-off.

Why a stateful DoFn and not ``WindowInto`` + ``GroupByKey`` or ``fileio.WriteToFiles``: a
``GroupByKey`` drops what is later than the allowed lateness (``droppedDueToLateness``) and
``WriteToFiles`` writes shards per pane with no place to put a per-window summary written after
the shards. Here, one stateful DoFn in the global window (keyed by a single key: one writer;
enough for a news stream, shard the key to scale) buffers rows in ``BagState`` tagged with their
window (so the runner holds the open windows' rows: about window + lateness worth of output), and
a WATERMARK timer at the earliest pending window's close writes and renames it. Only
portable state and timer APIs are used, and the global window is never garbage-collected, so no
row can be dropped for lateness.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from typing import Any, Tuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.coders import PickleCoder, VarIntCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Timestamp

from transforms.settings import ConfigError, StreamSettings
from transforms.write import SUMMARY_FILE, TABLES, summary_from_counts

__all__ = [
    "WriteWindows",
    "parse_write_settings",
    "publish_window",
    "remove_stale_tmp",
    "window_name",
    "window_of",
    "window_summary",
]

NAMESPACE = "news.stream_write"
MICROS = 1_000_000
_KEEP_PUBLISHED = 10_000  # window starts remembered as published (late rows tell main from late)


# ---- pure layer -------------------------------------------------------------------------------


def window_of(ts_micros: int, size_micros: int) -> tuple[int, int]:
    """[start, end) of the fixed window (aligned on the epoch, like FixedWindows) holding ``ts``."""
    start = ts_micros - ts_micros % size_micros
    return start, start + size_micros


def window_name(start_micros: int) -> str:
    """``window=YYYY-MM-DDTHH:MM`` (UTC; seconds added when the window does not start on a minute)."""
    when = dt.datetime.fromtimestamp(start_micros / MICROS, dt.timezone.utc)
    fmt = "%Y-%m-%dT%H:%M" if when.second == 0 and when.microsecond == 0 else "%Y-%m-%dT%H:%M:%S"
    return "window=" + when.strftime(fmt)


def _is_local(path: str) -> bool:
    return FileSystems.get_scheme(path) in (None, "file")


def _write_table(path: str, table: str, records: list) -> None:
    schema, to_row, _ = TABLES[table]
    data = pa.Table.from_pylist([to_row(r) for r in records], schema=schema)
    with FileSystems.create(path) as fh:
        pq.write_table(data, fh, compression="zstd")


def window_summary(records_by_table: dict, start: int, end: int, part: str) -> dict:
    counts: dict[str, int] = {}
    for table, records in records_by_table.items():
        facets = TABLES[table][2]
        for record in records:
            for key, n in facets(record):
                counts[key] = counts.get(key, 0) + n
    counts["inputs"] = sum(len(r) for r in records_by_table.values())
    summary = summary_from_counts(sorted(counts.items()))
    summary.update(
        window_start=dt.datetime.fromtimestamp(start / MICROS, dt.timezone.utc).isoformat(),
        window_end=dt.datetime.fromtimestamp(end / MICROS, dt.timezone.utc).isoformat(),
        part=part,
        written=dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
    )
    return summary


def publish_window(output: str, start: int, end: int, records_by_table: dict, *, late: bool) -> dict:
    """Write one window's part (main or late) and make it visible at once; returns its summary."""
    output = output.rstrip("/")
    final = FileSystems.join(output, window_name(start))
    if not late and _is_local(output) and os.path.exists(final):
        late = True  # the window was published by an earlier run of the job: add a part, never overwrite
    token = uuid.uuid4().hex[:12]
    part = f"late-{token}" if late else "main"
    summary = window_summary(records_by_table, start, end, part)
    tmp = FileSystems.join(output, f".tmp-{token}")
    if _is_local(output):
        os.makedirs(tmp, exist_ok=True)
    moves = []
    for table in TABLES:
        records = records_by_table.get(table, [])
        if late and not records:
            continue
        if _is_local(output):
            os.makedirs(os.path.join(tmp, table), exist_ok=True)
        name = f"{part}.parquet" if late else "part-main.parquet"
        _write_table(FileSystems.join(tmp, table, name), table, records)
        moves.append((FileSystems.join(tmp, table, name), FileSystems.join(final, table, name)))
    summary_name = SUMMARY_FILE if not late else f"summary-{part}.json"
    with FileSystems.create(FileSystems.join(tmp, summary_name)) as fh:
        fh.write(json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8"))
    moves.append((FileSystems.join(tmp, summary_name), FileSystems.join(final, summary_name)))
    if _is_local(output) and not late:
        os.rename(tmp, final)  # one directory rename: the whole window appears at once
        return summary
    if _is_local(output):
        for table in TABLES:
            os.makedirs(os.path.join(final, table), exist_ok=True)
    for src, dst in moves:  # summary last: the marker that the part is complete
        FileSystems.rename([src], [dst])
    if FileSystems.exists(tmp):
        FileSystems.delete([tmp])
    return summary


def remove_stale_tmp(output: str) -> None:
    """Remove ``.tmp-*`` folders left by a writer killed mid-window (local output only)."""
    import glob as globlib
    import shutil

    if _is_local(output):
        for stale in globlib.glob(os.path.join(globlib.escape(output.rstrip("/")), ".tmp-*")):
            shutil.rmtree(stale, ignore_errors=True)


def parse_write_settings(stream_config: dict) -> tuple[int, int]:
    """(window size, allowed lateness) in microseconds from the ``stream`` section."""
    settings = StreamSettings.parse(stream_config)
    if settings.window_minutes <= 0:
        raise ConfigError("stream.window_minutes must be > 0")
    return int(settings.window_minutes * 60 * MICROS), int(settings.allowed_lateness_minutes * 60 * MICROS)


# ---- Beam layer -------------------------------------------------------------------------------


class _WindowWriterFn(beam.DoFn):
    """(key, (table, record)) -> summary dict per published part (main or late)."""

    ROWS = BagStateSpec("rows", PickleCoder())
    TIMER_AT = ReadModifyWriteStateSpec("timer_at", VarIntCoder())
    PUBLISHED = ReadModifyWriteStateSpec("published", PickleCoder())
    FLUSH = TimerSpec("flush", TimeDomain.WATERMARK)

    def __init__(self, output: str, size: int, lateness: int):
        self._output = output
        self._size = size
        self._lateness = lateness

    def setup(self):
        self._windows = Metrics.counter(NAMESPACE, "windows")
        self._late_parts = Metrics.counter(NAMESPACE, "late_parts")
        self._late_rows = Metrics.counter(NAMESPACE, "late_rows")
        self._rows = Metrics.counter(NAMESPACE, "rows")

    def process(
        self,
        keyed,
        ts=beam.DoFn.TimestampParam,
        rows=beam.DoFn.StateParam(ROWS),
        timer_at=beam.DoFn.StateParam(TIMER_AT),
        flush=beam.DoFn.TimerParam(FLUSH),
    ):
        _key, (table, record) = keyed
        start, end = window_of(int(ts.micros), self._size)
        close = end + self._lateness
        rows.add((start, table, record))
        current = timer_at.read()
        if current is None or close < current:
            flush.set(Timestamp(micros=close))
            timer_at.write(close)

    @on_timer(FLUSH)
    def on_flush(
        self,
        fired=beam.DoFn.TimestampParam,
        rows=beam.DoFn.StateParam(ROWS),
        timer_at=beam.DoFn.StateParam(TIMER_AT),
        published=beam.DoFn.StateParam(PUBLISHED),
        flush=beam.DoFn.TimerParam(FLUSH),
    ):
        now = int(fired.micros)
        due: dict[int, dict] = {}
        pending = []
        for start, table, record in rows.read():
            if start + self._size + self._lateness <= now:
                due.setdefault(start, {}).setdefault(table, []).append(record)
            else:
                pending.append((start, table, record))
        done = published.read() or set()
        for start in sorted(due):
            late = start in done
            summary = publish_window(self._output, start, start + self._size, due[start], late=late)
            if late:
                self._late_parts.inc()
                self._late_rows.inc(summary["inputs"])
            else:
                self._windows.inc()
                done.add(start)
            self._rows.inc(summary["inputs"])
            yield summary
        if len(done) > _KEEP_PUBLISHED:
            done = set(sorted(done)[-_KEEP_PUBLISHED:])
        published.write(done)
        rows.clear()
        for row in pending:
            rows.add(row)
        if pending:
            close = min(start for start, _, _ in pending) + self._size + self._lateness
            flush.set(Timestamp(micros=close))
            timer_at.write(close)
        else:
            timer_at.clear()


class WriteWindows(beam.PTransform):
    """(articles: PCollection[Article], duplicates: PCollection[Duplicate], rejected: PCollection[Rejected])
    -> PCollection[dict]: the summary of every published window part (main or late)."""

    def __init__(self, output: str, stream_config: dict):
        super().__init__()
        self._output = output
        self._size, self._lateness = parse_write_settings(stream_config)

    def expand(self, pcolls):
        articles, duplicates, rejected = pcolls
        tagged = [
            pcoll | f"Tag{name.title()}" >> beam.Map(lambda r, name=name: ("all", (name, r))).with_output_types(Tuple[str, Any])
            for name, pcoll in (("articles", articles), ("duplicates", duplicates), ("rejected", rejected))
        ]
        return (
            tagged
            | "AllRows" >> beam.Flatten().with_output_types(Tuple[str, Any])
            | "GlobalWindow" >> beam.WindowInto(GlobalWindows())
            | "WriteWindows" >> beam.ParDo(_WindowWriterFn(self._output, self._size, self._lateness))
        )
