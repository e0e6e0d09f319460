"""Stage: validate records and write the output folder (Parquet shards and summary.json).

The pipeline writes into a fresh staging folder beside the output; only after the run succeeded
does the launcher swap it in (``pipelines/publish.py``), so a run never leaves a mix of old and
new shards and a run killed midway leaves the previous output intact.

One writer (``WriteTables``) serves every table, instead of a ``WriteToParquet`` per table: each
bundle writes one part per table as rows arrive, and a single step after all bundles moves the
committed parts into place. The same guarantees as Beam's file sinks (parts of failed bundle
attempts are never published), with 8 transforms in the graph instead of about 60, which is
start-up time every scheduled run pays (benchmarks/throughput.py).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from typing import Any, Callable, Iterable, NamedTuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindow
from apache_beam.utils.windowed_value import WindowedValue

from transforms.dates import parse_date, parse_published
from transforms.decode import sanitize
from transforms.progress import MeteredDoFn, StageMeter
from transforms.records import (
    ARTICLE_SCHEMA,
    DUPLICATE_SCHEMA,
    EVENT_SCHEMA,
    REJECTED_SCHEMA,
    Article,
    Document,
    Duplicate,
    Event,
    Rejected,
)
from transforms.textnorm import word_count

__all__ = [
    "ParquetPart",
    "SummaryError",
    "Table",
    "ToArticles",
    "WriteOutputs",
    "WriteTables",
    "FOLDERS",
    "SUMMARY_FILE",
    "TABLES",
    "article_row",
    "facets_of_article",
    "facets_of_duplicate",
    "facets_of_rejected",
    "no_facets",
    "publish_parts",
    "read_summary",
    "record_row",
    "summary_from_counts",
    "to_article",
    "write_empty",
    "write_summary",
]

SUMMARY_FILE = "summary.json"
FOLDERS = ("articles", "duplicates", "rejected", "events")


# ---- pure layer ------------------------------------------------------------------------------


def to_article(doc: Document, run_id: str = "", config_hash: str = "") -> Article:
    """A finished Document -> an Article row, every string sanitised for Parquet; ``run_id`` and
    ``config_hash`` (the run's) complete its provenance.

    ``published`` becomes ISO 8601 UTC when transforms/dates.py parses it; a value it cannot
    parse is kept as given (the Parquet column gets null, summary.json counts it by reason)."""
    published = parse_published(doc.published)
    fetched_at = parse_published(doc.fetched_at)
    return Article(
        id=doc.id,
        source=sanitize(doc.source),
        url=sanitize(doc.url),
        title=sanitize(doc.title),
        text=sanitize(doc.text),
        language=doc.language or "und",
        language_score=float(doc.language_score),
        publisher=sanitize(doc.publisher),
        published=published.isoformat() if published else (sanitize(doc.published.strip()) or None),
        authors=[sanitize(a) for a in doc.authors],
        word_count=word_count(doc.text),
        content_hash=doc.content_hash,
        cluster_id=doc.cluster_id or doc.id,
        duplicate_count=int(doc.duplicate_count),
        boilerplate=[b._replace(text=sanitize(b.text)) for b in doc.boilerplate],
        event_id=doc.event_id,
        run_id=run_id,
        fetched_at=fetched_at.isoformat() if fetched_at else None,
        source_sha256=doc.source_sha256,
        warc_record_id=sanitize(doc.warc_record_id),
        extractor=doc.extractor,
        extractor_version=doc.extractor_version,
        config_hash=config_hash,
    )


def article_row(article: Article) -> dict:
    """Article -> the row dict of ARTICLE_SCHEMA (published as a datetime)."""
    row = article._asdict()
    row["published"] = parse_published(article.published) if article.published else None
    row["fetched_at"] = parse_published(article.fetched_at) if article.fetched_at else None
    row["boilerplate"] = [{"kind": b.kind, "text": b.text} for b in article.boilerplate]
    return row


def record_row(record) -> dict:
    """Duplicate or Rejected -> dict with sanitised strings."""
    return {k: sanitize(v) if isinstance(v, str) else v for k, v in record._asdict().items()}


def event_row(event: Event) -> dict:
    """Event -> the row dict of EVENT_SCHEMA (first/last seen as datetimes, strings sanitised)."""
    row = {k: sanitize(v) if isinstance(v, str) else v for k, v in event._asdict().items()}
    row["first_seen"] = parse_published(event.first_seen)
    row["last_seen"] = parse_published(event.last_seen)
    row["top_terms"] = [sanitize(t) for t in event.top_terms]
    row["publishers"] = [sanitize(t) for t in event.publishers]
    return row


def facets_of_event(event: Event):
    yield "events", 1
    if event.articles > 1:
        yield "events_multi_article", 1


def facets_of_article(article: Article):
    yield "articles", 1
    yield f"languages\x1f{article.language}", 1
    if article.publisher:
        yield f"publishers\x1f{article.publisher}", 1
    for item in article.boilerplate:
        yield f"boilerplate_by_kind\x1f{item.kind}", 1
    if article.published:
        reason = parse_date(article.published).reason
        if reason:
            yield f"published_unparsed\x1f{reason}", 1


def facets_of_duplicate(dup: Duplicate):
    yield "duplicates", 1
    yield f"duplicates_by_method\x1f{dup.method}", 1


def facets_of_rejected(row: Rejected):
    yield "rejected", 1
    yield f"rejected_by_reason\x1f{row.stage}:{row.reason}", 1


def summary_from_counts(counts: list[tuple[str, int]], *, events: bool = False) -> dict:
    """[(facet key, count)] -> the summary dict (totals first, breakdowns sorted by count).

    Every key a run of its kind can have is there, 0 or {} when nothing counted it (a monitoring
    script reads ``summary["events_multi_article"]`` on a quiet day too): with ``events`` (a batch
    run's output) also ``events`` and ``events_multi_article``."""
    summary: dict = {"inputs": 0, "articles": 0, "duplicates": 0, "rejected": 0}
    if events:
        summary.update(events=0, events_multi_article=0)
    breakdowns: dict[str, dict[str, int]] = {
        "rejected_by_reason": {},
        "duplicates_by_method": {},
        "languages": {},
        "boilerplate_by_kind": {},
        "publishers": {},
        "published_unparsed": {},  # article dates given but not parseable, by reason (transforms/dates.py)
        "warc_records_not_inputs": {},  # a WARC's request/metadata/warcinfo records, by type (transforms/read.py)
    }
    for key, count in counts:
        if "\x1f" in key:
            name, value = key.split("\x1f", 1)
            breakdowns.setdefault(name, {})[value] = count
        else:
            summary[key] = count
    for name, values in breakdowns.items():
        summary[name] = dict(sorted(values.items(), key=lambda kv: (-kv[1], kv[0])))
    summary["accounted"] = summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    return summary


# ---- summary.json: written by the stage (or the launcher), read back by everyone --------------


class SummaryError(ValueError):
    """A summary.json that cannot be read or does not hold a JSON object."""


def write_summary(folder: str, summary: dict) -> None:
    with FileSystems.create(FileSystems.join(folder, SUMMARY_FILE), mime_type="application/json") as fh:
        fh.write(json.dumps(summary, ensure_ascii=False, indent=2).encode("utf-8"))


def read_summary(folder: str, name: str = SUMMARY_FILE, *, missing_ok: bool = False) -> dict:
    """``folder/name`` (any Beam filesystem) -> the summary dict: the one reader of summary files.

    A missing file raises FileNotFoundError, or gives {} with ``missing_ok``; unreadable or
    malformed JSON, or JSON that is not an object, raises SummaryError.
    """
    path = FileSystems.join(folder.rstrip("/"), name)
    if not FileSystems.exists(path):
        if missing_ok:
            return {}
        raise FileNotFoundError(f"{path} does not exist")
    try:
        with FileSystems.open(path) as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise SummaryError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise SummaryError(f"{path} is not a JSON object")
    return data


# ---- Parquet parts (pure layer, no Beam) ------------------------------------------------------


class Table(NamedTuple):
    """One output table: its Arrow schema, record -> row dict, record -> summary facets."""

    schema: pa.Schema
    to_row: Callable[[Any], dict]
    facets: Callable[[Any], Iterable[tuple[str, int]]]


def no_facets(_record) -> Iterable[tuple[str, int]]:
    return ()


TABLES = {
    "articles": Table(ARTICLE_SCHEMA, article_row, facets_of_article),
    "duplicates": Table(DUPLICATE_SCHEMA, record_row, facets_of_duplicate),
    "rejected": Table(REJECTED_SCHEMA, record_row, facets_of_rejected),
    "events": Table(EVENT_SCHEMA, event_row, facets_of_event),
}
PARTS_DIR = ".parts"
COMPRESSION = "zstd"


class ParquetPart:
    """One Parquet file written as it fills: rows are converted 1,000 at a time and written as a
    row group whenever 64 MiB of them are buffered, so a part never holds a whole table in memory."""

    def __init__(self, path: str, schema: pa.Schema, batch_rows: int = 1000, row_group_bytes: int = 64 << 20):
        self.path = path
        self.rows = 0
        self._schema = schema
        self._batch_rows = batch_rows
        self._row_group_bytes = row_group_bytes
        self._pending: list[dict] = []
        self._batches: list[pa.RecordBatch] = []
        self._bytes = 0
        self._fh = FileSystems.create(path)
        self._writer = pq.ParquetWriter(self._fh, schema, compression=COMPRESSION)

    def add(self, row: dict) -> None:
        self._pending.append(row)
        self.rows += 1
        if len(self._pending) >= self._batch_rows:
            self._convert()
            if self._bytes >= self._row_group_bytes:
                self._flush()

    def close(self) -> str:
        self._convert()
        self._flush()
        self._writer.close()
        self._fh.close()
        return self.path

    def _convert(self) -> None:
        if self._pending:
            batch = pa.RecordBatch.from_pylist(self._pending, schema=self._schema)
            self._batches.append(batch)
            self._bytes += batch.nbytes
            self._pending = []

    def _flush(self) -> None:
        if self._batches:
            self._writer.write_table(pa.Table.from_batches(self._batches, self._schema))
            self._batches, self._bytes = [], 0


def write_empty(path: str, schema: pa.Schema) -> None:
    """A Parquet file with the schema and no rows (readers of an empty table still see its columns)."""
    with FileSystems.create(path) as fh:
        pq.write_table(schema.empty_table(), fh, compression=COMPRESSION)


def publish_parts(folder: str, tables: dict, bundles: Iterable[tuple[dict, dict]]) -> dict:
    """Move the parts that finished bundles wrote (``folder/.parts``) to ``folder/<table>/part-NNNNN-of-NNNNN.parquet``
    (an empty part for a table that got no rows), remove the parts folder and everything a failed
    bundle attempt left in it, and return the bundles' facet counts summed.

    ``bundles``: (table -> part path, facet counts) per committed bundle. Rerunning it after a
    partial move is harmless: a part already moved is skipped.
    """
    paths: dict[str, list[str]] = {name: [] for name in tables}
    counts: dict[str, int] = {}
    for parts, bundle_counts in bundles:
        for name, path in parts.items():
            paths[name].append(path)
        for key, n in bundle_counts.items():
            counts[key] = counts.get(key, 0) + n
    for name, table in tables.items():
        target = FileSystems.join(folder, name)
        if FileSystems.get_scheme(folder) in (None, "file"):
            os.makedirs(target, exist_ok=True)
        found = sorted(paths[name])
        if not found:
            write_empty(FileSystems.join(target, "part-00000-of-00001.parquet"), table.schema)
            continue
        moves = [
            (src, FileSystems.join(target, f"part-{i:05d}-of-{len(found):05d}.parquet"))
            for i, src in enumerate(found)
        ]
        moves = [(src, dst) for src, dst in moves if FileSystems.exists(src) or not FileSystems.exists(dst)]
        if moves:
            FileSystems.rename([src for src, _ in moves], [dst for _, dst in moves])
    leftovers = FileSystems.join(folder, PARTS_DIR)
    stale = [m.path for r in FileSystems.match([FileSystems.join(leftovers, "*")]) for m in r.metadata_list]
    if stale:  # written by bundle attempts that failed or were retried
        FileSystems.delete(stale)
    if FileSystems.get_scheme(folder) in (None, "file"):
        shutil.rmtree(leftovers, ignore_errors=True)
    return counts


# ---- Beam layer ------------------------------------------------------------------------------


class _ToArticleFn(MeteredDoFn, beam.DoFn):
    """Document -> Article."""

    STAGE = "write"

    def __init__(self, run_id: str = "", config_hash: str = ""):
        self._run_id = run_id
        self._config_hash = config_hash

    def setup(self):
        super().setup()
        self._written = Metrics.counter("news.write", "articles")

    def handle(self, doc: Document):
        self._written.inc()
        yield to_article(doc, self._run_id, self._config_hash)


class _WritePartsFn(beam.DoFn):
    """(table name, record) -> one Parquet part per table and bundle under ``folder/.parts``.

    A name that is not a table is only counted (as a facet of that name). At the end of each
    bundle it emits one element: (table -> part path, facet counts of the bundle).
    """

    def __init__(self, folder: str, tables: dict):
        self._folder = folder
        self._tables = tables

    def setup(self):
        self._meter = StageMeter("write")
        self._rows = Metrics.counter("news.write", "rows")

    def start_bundle(self):
        self._parts: dict[str, ParquetPart] = {}
        self._counts: dict[str, int] = {}

    def process(self, element):
        name, record = element
        table = self._tables.get(name)
        if table is None:  # counted only: one each, or the count it carries
            self._counts[name] = self._counts.get(name, 0) + (record if isinstance(record, int) else 1)
            return
        with self._meter.timed(0):
            for key, n in table.facets(record):
                self._counts[key] = self._counts.get(key, 0) + n
            part = self._parts.get(name)
            if part is None:
                path = FileSystems.join(self._folder, PARTS_DIR, f"{name}-{uuid.uuid4().hex}.parquet")
                part = self._parts[name] = ParquetPart(path, table.schema)
            part.add(table.to_row(record))
        self._rows.inc()

    def finish_bundle(self):
        with self._meter.timed(0):
            paths = {name: part.close() for name, part in self._parts.items()}
        if paths or self._counts:
            yield WindowedValue((paths, self._counts), GlobalWindow().max_timestamp(), [GlobalWindow()])


class _PublishPartsFn(beam.DoFn):
    """impulse, side input [(paths, counts)] -> moves the parts into place; yields the summed counts."""

    def __init__(self, folder: str, tables: dict):
        self._folder = folder
        self._tables = tables

    def process(self, _impulse, bundles):
        yield publish_parts(self._folder, self._tables, bundles)


class WriteTables(beam.PTransform):
    """PCollection[(table name, record)] (or a tuple of them) -> Parquet under
    ``folder/<table>/part-*.parquet``; returns a PCollection of one element: the facet counts of
    everything written.

    One writer for every table: each bundle writes a part per table (row group by row group),
    and one step after all of them moves the committed parts into place. Parts of failed bundle
    attempts are never moved. Names not in ``tables`` are counted, not written.
    """

    def __init__(self, folder: str, tables: dict):
        super().__init__()
        self._folder = folder.rstrip("/")
        self._tables = tables

    def expand(self, rows):
        # Several PCollections (a tuple) are written without a Flatten of the rows (which a runner
        # may hold whole): each gets its own WriteParts step, and only their part lists are joined.
        inputs = tuple(rows) if isinstance(rows, (tuple, list)) else (rows,)
        fn = _WritePartsFn(self._folder, self._tables)
        parts = [pc | ("WriteParts" + (f"{i}" if i else "")) >> beam.ParDo(fn) for i, pc in enumerate(inputs)]
        parts = parts[0] if len(parts) == 1 else tuple(parts) | "AllParts" >> beam.Flatten()
        return (
            inputs[0].pipeline
            | "AfterParts" >> beam.Impulse()
            | "PublishParts" >> beam.ParDo(_PublishPartsFn(self._folder, self._tables), beam.pvalue.AsList(parts))
        )


class _WriteSummaryFn(beam.DoFn):
    """facet counts -> writes summary.json into the staging folder; yields the summary."""

    def __init__(self, folder: str, extra: dict, events: bool = False):
        self._folder = folder
        self._extra = extra
        self._events = events

    def process(self, counts: dict):
        summary = summary_from_counts(sorted(counts.items()), events=self._events)
        summary.update(self._extra)
        write_summary(self._folder, summary)
        yield summary


class ToArticles(beam.PTransform):
    """PCollection[Document] -> PCollection[Article] (validated, sanitised), stamped with the
    run's ``run_id`` and ``config_hash`` (provenance columns)."""

    def __init__(self, run_id: str = "", config_hash: str = ""):
        super().__init__()
        self._run_id = run_id
        self._config_hash = config_hash

    def expand(self, docs):
        return docs | "Validate" >> beam.ParDo(_ToArticleFn(self._run_id, self._config_hash))


def _tagged(name: str, run_id: str = ""):
    if run_id:
        return lambda record: (name, record._replace(run_id=run_id))
    return lambda record: (name, record)


class WriteOutputs(beam.PTransform):
    """(inputs, articles, duplicates, rejected[, counted]) -> Parquet folders and summary.json under ``staging``.

    ``inputs`` is any PCollection with one element per input (it is only counted); the optional
    ``counted`` holds (summary facet "name\x1fvalue", count) pairs added to the summary as they are,
    and, with ``events=True``, ("events", Event) pairs written as the ``events`` table.
    """

    def __init__(self, staging: str, extra_summary: dict | None = None, events: bool = False):
        super().__init__()
        self._staging = staging.rstrip("/")
        self._extra = dict(extra_summary or {})
        self._events = events

    def expand(self, pcolls):
        inputs, articles, duplicates, rejected, *counted = pcolls
        run_id = self._extra.get("run_id", "")  # stamped on duplicate and rejected rows (articles have theirs)
        rows = (
            inputs | "TagInputs" >> beam.Map(lambda _: ("inputs", None)),
            articles | "TagArticles" >> beam.Map(_tagged("articles")),
            duplicates | "TagDuplicates" >> beam.Map(_tagged("duplicates", run_id)),
            rejected | "TagRejected" >> beam.Map(_tagged("rejected", run_id)),
            *counted,
        ) | "AllRows" >> beam.Flatten()
        tables = TABLES if self._events else {name: t for name, t in TABLES.items() if name != "events"}
        return (
            rows
            | "Tables" >> WriteTables(self._staging, tables)
            | "WriteSummary" >> beam.ParDo(_WriteSummaryFn(self._staging, self._extra, self._events))
        )
