"""Stage (streaming): write event-time windows of Parquet, by several writers, each window visible at once.

Layout, one folder per fixed event-time window (``stream.window_minutes``, default 60; UTC)::

    DIR/window=2026-11-23T19:00/articles/part-<run>-s<shard>-<n>.parquet    (one per writer shard)
    DIR/window=2026-11-23T19:00/duplicates/part-....parquet
    DIR/window=2026-11-23T19:00/rejected/part-....parquet
    DIR/window=2026-11-23T19:00/summary.json
    DIR/window=2026-11-23T19:00/articles/late-<run>-s<shard>-<n>.parquet    (late rows, see below)
    DIR/window=2026-11-23T19:00/summary-late-<run>-s<shard>-<n>.json

Readers glob ``DIR/window=*/articles/*.parquet``. A window "closes" once its end plus
``stream.allowed_lateness_minutes`` has passed the watermark.

Two steps, so that several workers write:

1. **Shard writers** (``_ShardWriterFn``): every row is keyed by ``shard_of(row id)`` (crc32 of the
   id modulo ``stream.writer_shards``, the same on every worker and retry); one stateful DoFn per
   shard key buffers its rows in ``BagState`` tagged with their window, and a WATERMARK timer at the
   earliest pending window's close writes that shard's part of the window (one Parquet file per
   non-empty table) into the part's hidden folder ``DIR/.tmp-part-<part>`` and emits a
   ``WindowPart`` (its files and row counts). The runner spreads the shard keys over its workers,
   so the Parquet encoding and writing of one window is spread too.
2. **The publisher** (``_PublishWindowFn``, keyed by window start): collects the parts of a window
   and, on a WATERMARK timer at the window's close, publishes it: the announced part files are
   renamed into a hidden assembly folder ``DIR/.tmp-<run>-window=...``, ``summary.json`` (the parts'
   counts summed, and the list of parts with their shard and writer) is written there, and the
   folder is renamed to ``window=...`` in one directory rename. The timer fires only after every shard
   writer's timer for that close has fired and its part arrived: a timer holds its DoFn's output
   watermark at the timer's time until it fires (Beam's timer output timestamp).

Crash safety (local filesystems), the same guarantees as ``pipelines/publish.py`` gives a batch
run: a window appears whole (every shard's part and its summary) or not at all, by one rename.
A writer killed mid-window leaves hidden ``.tmp-*`` folders, which the next start removes
(``remove_stale_tmp``); the window's inputs are then read again (``pipelines.stream`` skips only
the inputs of *published* windows). File names are stable across retries of a bundle (run token,
shard, the shard's part counter from its state), so a retried writer overwrites its own file;
the publisher moves only the files a part announced (what an attempt that failed after writing
left behind is never published), every move is skipped when a retry finds it done, and a
publisher retried after its rename finds the window carrying its run token and does nothing.
On object stores, which have no directory rename, each file is renamed into place and
``summary.json`` goes last: it is the window's completeness marker there.

Late rows are never dropped: a part that reaches the publisher after its window was published
(rows later than the allowed lateness, or a window an earlier run published) becomes a *late
part* of that window: its files renamed in as ``late-<part>.parquet``, then
``summary-late-<part>.json`` last (a late part whose summary is missing after a crash is removed
at the next start, and its inputs read again). Counted as ``news.stream_write/late_rows``. So the
allowed lateness is the trade-off between latency and completeness of the main part, not a cut-off.

Why stateful DoFns and not ``WindowInto`` + ``GroupByKey`` or ``fileio.WriteToFiles``: a
``GroupByKey`` drops what is later than the allowed lateness (``droppedDueToLateness``) and
``WriteToFiles`` writes shards per pane with no place to put a per-window summary written after
the shards. Both steps run in the global window, which is never garbage-collected, so no row can
be dropped for lateness; only portable state and timer APIs are used (Prism, Flink, Dataflow).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import uuid
import zlib
from typing import Any, NamedTuple, Tuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.coders import BooleanCoder, PickleCoder, VarIntCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Timestamp

from transforms.settings import ConfigError, StreamSettings
from transforms.write import SUMMARY_FILE, TABLES, summary_from_counts

__all__ = [
    "WindowPart",
    "WriteWindows",
    "parse_write_settings",
    "publish_late_part",
    "publish_window",
    "remove_stale_tmp",
    "shard_of",
    "window_name",
    "window_of",
    "write_window_part",
]

NAMESPACE = "news.stream_write"
MICROS = 1_000_000
TMP_PREFIX = ".tmp-"


class WindowPart(NamedTuple):
    """What one shard writer wrote of one window: the publisher's input (pickled between steps)."""

    start: int  # window start, microseconds since the epoch (UTC)
    end: int  # window end (exclusive), microseconds
    part: str  # "<run token>-s<shard>-<n>": stable across retries of the writing bundle
    shard: int
    files: tuple  # ((table, staged path), ...) for each non-empty table
    counts: tuple  # ((summary facet key, count), ...) of the part's rows, "inputs" included
    writer: str  # "host:pid" of the worker that wrote it


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


def shard_of(row_id: str, shards: int) -> int:
    """The writer shard of a row: crc32 of its id modulo ``shards`` (the same in every process,
    unlike ``hash()``, so a retried bundle sends a row to the same shard)."""
    return zlib.crc32(row_id.encode("utf-8")) % shards


def _is_local(path: str) -> bool:
    return FileSystems.get_scheme(path) in (None, "file")


def _assembly_dir(output: str, token: str, start: int) -> str:
    """Where the publisher assembles a window before the one rename that publishes it."""
    return FileSystems.join(output.rstrip("/"), f"{TMP_PREFIX}{token}-{window_name(start)}")


def _part_dir(output: str, part: str) -> str:
    """Where a shard writer stages its part (only that writer writes there)."""
    return FileSystems.join(output.rstrip("/"), f"{TMP_PREFIX}part-{part}")


def _remove_part_dir(output: str, part: str) -> None:
    folder = _part_dir(output, part)
    if _is_local(folder):
        try:
            os.rmdir(folder)  # empty once its files were moved; left (and removed at the next start) otherwise
        except OSError:
            pass
    elif FileSystems.exists(folder):
        FileSystems.delete([folder])


def _write_table(path: str, table: str, records: list) -> None:
    schema, to_row, _ = TABLES[table]
    data = pa.Table.from_pylist([to_row(r) for r in records], schema=schema)
    if _is_local(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with FileSystems.create(path) as fh:
        pq.write_table(data, fh, compression="zstd")


def _counts(records_by_table: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, records in records_by_table.items():
        facets = TABLES[table][2]
        for record in records:
            for key, n in facets(record):
                counts[key] = counts.get(key, 0) + n
    counts["inputs"] = sum(len(r) for r in records_by_table.values())
    return counts


def write_window_part(output: str, token: str, start: int, end: int, shard: int, seq: int,
                      records_by_table: dict) -> WindowPart:
    """Write one shard's rows of one window into the part's own staging folder (one Parquet file per
    non-empty table; the part is named by run token, shard and ``seq``) -> the ``WindowPart``."""
    part = f"{token}-s{shard}-{seq}"
    staging = _part_dir(output, part)
    files = []
    for table in TABLES:
        records = records_by_table.get(table) or []
        if records:
            path = FileSystems.join(staging, f"{table}.parquet")
            _write_table(path, table, records)
            files.append((table, path))
    counts = _counts(records_by_table)
    return WindowPart(start, end, part, shard, tuple(files), tuple(sorted(counts.items())),
                      f"{socket.gethostname()}:{os.getpid()}")


def _summary(parts: list[WindowPart], start: int, end: int, part: str, token: str,
             provenance: dict | None = None) -> dict:
    counts: dict[str, int] = {}
    for p in parts:
        for key, n in p.counts:
            counts[key] = counts.get(key, 0) + n
    summary = summary_from_counts(sorted(counts.items()))
    summary.update(
        window_start=dt.datetime.fromtimestamp(start / MICROS, dt.timezone.utc).isoformat(),
        window_end=dt.datetime.fromtimestamp(end / MICROS, dt.timezone.utc).isoformat(),
        part=part,
        written=dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
        writer_token=token,
        **(provenance or {}),
        parts=[{"part": p.part, "shard": p.shard, "rows": dict(p.counts).get("inputs", 0), "writer": p.writer}
               for p in sorted(parts, key=lambda p: p.part)],
    )
    return summary


def _write_json(path: str, data: dict) -> None:
    with FileSystems.create(path, mime_type="application/json") as fh:
        fh.write(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def _move(src: str, dst: str) -> None:
    """Rename ``src`` to ``dst``; a retry that finds it done (src gone, dst there) does nothing."""
    if not FileSystems.exists(src) and FileSystems.exists(dst):
        return
    if _is_local(dst):
        os.makedirs(os.path.dirname(dst), exist_ok=True)
    FileSystems.rename([src], [dst])


def _published_summary(final: str) -> dict | None:
    path = FileSystems.join(final, SUMMARY_FILE)
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path) as fh:
        return json.loads(fh.read().decode("utf-8"))


def publish_late_part(output: str, part: WindowPart, token: str, provenance: dict | None = None) -> dict:
    """Add one part to an already published window: its files renamed in as ``late-<part>``, its
    summary ``summary-late-<part>.json`` last (the part's completeness marker). -> its summary."""
    final = FileSystems.join(output.rstrip("/"), window_name(part.start))
    name = f"late-{part.part}"
    for table, src in part.files:
        _move(src, FileSystems.join(final, table, f"{name}.parquet"))
    summary = _summary([part], part.start, part.end, name, token, provenance)
    staged = FileSystems.join(_part_dir(output, part.part), "summary.json")
    if _is_local(staged):
        os.makedirs(os.path.dirname(staged), exist_ok=True)
    _write_json(staged, summary)
    _move(staged, FileSystems.join(final, f"summary-{name}.json"))
    _remove_part_dir(output, part.part)
    return summary


def publish_window(output: str, start: int, end: int, parts: list[WindowPart], token: str,
                   provenance: dict | None = None) -> list[dict]:
    """Publish a window from its shard writers' ``parts`` (all staged under this run's staging
    folder) -> the summaries written: one for a new window; one per part when the window is
    already there from an earlier run (late parts); none when this run already published it (a
    retried publisher). ``provenance`` (the run's ``run_id``, ``config_hash``...) goes into each
    summary."""
    output = output.rstrip("/")
    final = FileSystems.join(output, window_name(start))
    existing = _published_summary(final)
    if existing is not None:
        if existing.get("writer_token") == token:
            return []  # published by this run: a retry after the rename
        return [publish_late_part(output, p, token, provenance) for p in parts]
    assembly = _assembly_dir(output, token, start)
    summary = _summary(parts, start, end, "main", token, provenance)
    names = []
    for p in parts:  # only announced files: what a failed attempt left in a part folder stays out
        for table, src in p.files:
            name = FileSystems.join(table, f"part-{p.part}.parquet")
            _move(src, FileSystems.join(assembly, name))
            names.append(name)
    for table in TABLES:  # every table folder holds a file, so readers always find the schema
        if not any(t == table for p in parts for t, _ in p.files):
            name = FileSystems.join(table, f"part-{token}-empty.parquet")
            _write_table(FileSystems.join(assembly, name), table, [])
            names.append(name)
    _write_json(FileSystems.join(assembly, SUMMARY_FILE), summary)
    if _is_local(output):
        os.rename(assembly, final)  # one directory rename: the whole window appears at once
    else:
        for name in names + [SUMMARY_FILE]:  # summary last: the window's completeness marker
            _move(FileSystems.join(assembly, name), FileSystems.join(final, name))
    for p in parts:
        _remove_part_dir(output, p.part)
    return [summary]


def remove_stale_tmp(output: str) -> None:
    """At start (local output): remove staging folders (``.tmp-*``) of writers killed mid-window,
    and late parts whose ``summary-late-*.json`` was never written (their inputs are read again)."""
    import glob as globlib
    import shutil

    if not _is_local(output):
        return
    root = globlib.escape(output.rstrip("/"))
    for stale in globlib.glob(os.path.join(root, TMP_PREFIX + "*")):
        shutil.rmtree(stale, ignore_errors=True)
    for late in globlib.glob(os.path.join(root, "window=*", "*", "late-*.parquet")):
        window = os.path.dirname(os.path.dirname(late))
        name = os.path.basename(late)[: -len(".parquet")]
        if not os.path.exists(os.path.join(window, f"summary-{name}.json")):
            os.remove(late)


def parse_write_settings(stream_config: dict) -> tuple[int, int, int]:
    """(window size, allowed lateness) in microseconds and the writer shards, from ``stream``."""
    settings = StreamSettings.parse(stream_config)
    if settings.window_minutes <= 0:
        raise ConfigError("stream.window_minutes must be > 0")
    return (int(settings.window_minutes * 60 * MICROS), int(settings.allowed_lateness_minutes * 60 * MICROS),
            settings.writer_shards)


# ---- Beam layer -------------------------------------------------------------------------------


class _ShardWriterFn(beam.DoFn):
    """(shard, (table, record)) -> (window start, WindowPart) when a window closes for this shard."""

    ROWS = BagStateSpec("rows", PickleCoder())
    TIMER_AT = ReadModifyWriteStateSpec("timer_at", VarIntCoder())
    SEQ = ReadModifyWriteStateSpec("seq", VarIntCoder())
    FLUSH = TimerSpec("flush", TimeDomain.WATERMARK)

    def __init__(self, output: str, size: int, lateness: int, token: str):
        self._output = output
        self._size = size
        self._lateness = lateness
        self._token = token

    def setup(self):
        self._parts = Metrics.counter(NAMESPACE, "shard_parts")

    def process(
        self,
        keyed,
        ts=beam.DoFn.TimestampParam,
        rows=beam.DoFn.StateParam(ROWS),
        timer_at=beam.DoFn.StateParam(TIMER_AT),
        flush=beam.DoFn.TimerParam(FLUSH),
    ):
        _shard, (table, record) = keyed
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
        shard=beam.DoFn.KeyParam,
        fired=beam.DoFn.TimestampParam,
        rows=beam.DoFn.StateParam(ROWS),
        timer_at=beam.DoFn.StateParam(TIMER_AT),
        seq=beam.DoFn.StateParam(SEQ),
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
        n = seq.read() or 0
        for start in sorted(due):
            part = write_window_part(self._output, self._token, start, start + self._size, shard, n, due[start])
            n += 1
            self._parts.inc()
            yield start, part
        seq.write(n)
        rows.clear()
        for row in pending:
            rows.add(row)
        if pending:
            close = min(start for start, _, _ in pending) + self._size + self._lateness
            flush.set(Timestamp(micros=close))
            timer_at.write(close)
        else:
            timer_at.clear()


class _PublishWindowFn(beam.DoFn):
    """(window start, WindowPart) -> summary dict per published part (the window's main part once
    all shard writers' parts are in, then one per late part)."""

    PARTS = BagStateSpec("parts", PickleCoder())
    DONE = ReadModifyWriteStateSpec("done", BooleanCoder())
    PUBLISH = TimerSpec("publish", TimeDomain.WATERMARK)

    def __init__(self, output: str, lateness: int, token: str, provenance: dict | None = None):
        self._output = output
        self._lateness = lateness
        self._token = token
        self._provenance = dict(provenance or {})

    def setup(self):
        self._windows = Metrics.counter(NAMESPACE, "windows")
        self._late_parts = Metrics.counter(NAMESPACE, "late_parts")
        self._late_rows = Metrics.counter(NAMESPACE, "late_rows")
        self._rows = Metrics.counter(NAMESPACE, "rows")

    def process(
        self,
        keyed,
        parts=beam.DoFn.StateParam(PARTS),
        done=beam.DoFn.StateParam(DONE),
        publish=beam.DoFn.TimerParam(PUBLISH),
    ):
        _start, part = keyed
        if done.read():  # the window is out: this part is late
            yield self._late(publish_late_part(self._output, part, self._token, self._provenance))
            return
        parts.add(part)
        publish.set(Timestamp(micros=part.end + self._lateness))

    @on_timer(PUBLISH)
    def on_publish(
        self,
        start=beam.DoFn.KeyParam,
        parts=beam.DoFn.StateParam(PARTS),
        done=beam.DoFn.StateParam(DONE),
    ):
        collected = list(parts.read())
        if not collected:
            return
        for summary in publish_window(self._output, start, collected[0].end, collected, self._token, self._provenance):
            if summary["part"] == "main":
                self._windows.inc()
                self._rows.inc(summary["inputs"])
                yield summary
            else:  # the window was published by an earlier run of the job
                yield self._late(summary)
        done.write(True)
        parts.clear()

    def _late(self, summary: dict) -> dict:
        self._late_parts.inc()
        self._late_rows.inc(summary["inputs"])
        self._rows.inc(summary["inputs"])
        return summary


class WriteWindows(beam.PTransform):
    """(articles: PCollection[Article], duplicates: PCollection[Duplicate], rejected: PCollection[Rejected])
    -> PCollection[dict]: the summary of every published window part (main or late).

    Rows are spread over ``stream.writer_shards`` writer keys; one publisher per window. Each
    window's summary.json carries ``provenance`` (the run's ``run_id`` and ``config_hash``)."""

    def __init__(self, output: str, stream_config: dict, provenance: dict | None = None):
        super().__init__()
        self._output = output
        self._provenance = dict(provenance or {})
        self._size, self._lateness, self._shards = parse_write_settings(stream_config)
        self._token = uuid.uuid4().hex[:8]  # this run's: staging folders and part names

    def expand(self, pcolls):
        articles, duplicates, rejected = pcolls
        shards = self._shards
        tagged = [
            pcoll | f"Tag{name.title()}" >> beam.Map(
                lambda r, name=name: (shard_of(r.id, shards), (name, r))).with_output_types(Tuple[int, Any])
            for name, pcoll in (("articles", articles), ("duplicates", duplicates), ("rejected", rejected))
        ]
        return (
            tagged
            | "AllRows" >> beam.Flatten().with_output_types(Tuple[int, Any])
            | "GlobalWindow" >> beam.WindowInto(GlobalWindows())
            | "WriteShards" >> beam.ParDo(_ShardWriterFn(self._output, self._size, self._lateness, self._token))
            .with_output_types(Tuple[int, Any])
            | "Publish" >> beam.ParDo(_PublishWindowFn(self._output, self._lateness, self._token, self._provenance))
        )
