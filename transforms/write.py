"""Stage: validate records and write the output folder (Parquet shards and summary.json).

The pipeline writes into a fresh staging folder beside the output; only after the run succeeded
does the launcher swap it in (``publish_output``), so a run never leaves a mix of old and new
shards (Beam's WriteToParquet into an existing prefix keeps stale shards) and a run killed midway
leaves the previous output intact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.io.parquetio import WriteToParquet
from apache_beam.metrics import Metrics

from transforms.decode import sanitize
from transforms.records import (
    ARTICLE_SCHEMA,
    DUPLICATE_SCHEMA,
    REJECTED_SCHEMA,
    Article,
    Document,
    Duplicate,
    Rejected,
)
from transforms.textnorm import words

SUMMARY_FILE = "summary.json"
FOLDERS = ("articles", "duplicates", "rejected")


# ---- pure layer ------------------------------------------------------------------------------


def parse_published(value: str) -> dt.datetime | None:
    """An ISO 8601 date or datetime -> aware UTC datetime; None when absent or unparseable."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def to_article(doc: Document) -> Article:
    """A finished Document -> an Article row, every string sanitised for Parquet."""
    published = parse_published(doc.published)
    return Article(
        id=doc.id,
        source=sanitize(doc.source),
        url=sanitize(doc.url),
        title=sanitize(doc.title),
        text=sanitize(doc.text),
        language=doc.language or "und",
        language_score=float(doc.language_score),
        publisher=sanitize(doc.publisher),
        published=published.isoformat() if published else None,
        authors=[sanitize(a) for a in doc.authors],
        word_count=len(words(doc.text)),
        content_hash=doc.content_hash,
        cluster_id=doc.cluster_id or doc.id,
        duplicate_count=int(doc.duplicate_count),
        boilerplate=[b._replace(text=sanitize(b.text)) for b in doc.boilerplate],
    )


def article_row(article: Article) -> dict:
    """Article -> the dict WriteToParquet takes (published as a datetime)."""
    row = article._asdict()
    row["published"] = parse_published(article.published) if article.published else None
    row["boilerplate"] = [{"kind": b.kind, "text": b.text} for b in article.boilerplate]
    return row


def record_row(record) -> dict:
    """Duplicate or Rejected -> dict with sanitised strings."""
    return {k: sanitize(v) if isinstance(v, str) else v for k, v in record._asdict().items()}


def facets_of_article(article: Article):
    yield "articles", 1
    yield f"languages\x1f{article.language}", 1
    if article.publisher:
        yield f"publishers\x1f{article.publisher}", 1
    for item in article.boilerplate:
        yield f"boilerplate_by_kind\x1f{item.kind}", 1


def facets_of_duplicate(dup: Duplicate):
    yield "duplicates", 1
    yield f"duplicates_by_method\x1f{dup.method}", 1


def facets_of_rejected(row: Rejected):
    yield "rejected", 1
    yield f"rejected_by_reason\x1f{row.stage}:{row.reason}", 1


def summary_from_counts(counts: list[tuple[str, int]]) -> dict:
    """[(facet key, count)] -> the summary dict (totals first, breakdowns sorted by count)."""
    summary: dict = {"inputs": 0, "articles": 0, "duplicates": 0, "rejected": 0}
    breakdowns: dict[str, dict[str, int]] = {
        "rejected_by_reason": {},
        "duplicates_by_method": {},
        "languages": {},
        "boilerplate_by_kind": {},
        "publishers": {},
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


# ---- output folder lifecycle (launcher side) ------------------------------------------------


def staging_dir_for(output: str) -> str:
    """A fresh folder beside ``output`` for this run to write into."""
    return f"{output.rstrip('/')}.staging-{uuid.uuid4().hex[:12]}"


def publish_output(staging: str, output: str) -> None:
    """Swap the finished staging folder in place of ``output`` as a whole.

    Local: two renames (old aside, new in), then the old one removed. Other filesystems have no
    directory rename: the old files are deleted and the staged ones renamed into place.
    """
    output = output.rstrip("/")
    if FileSystems.get_scheme(output) in (None, "file"):
        old = None
        if os.path.exists(output):
            old = f"{output}.old-{uuid.uuid4().hex[:12]}"
            os.rename(output, old)
        os.rename(staging, output)
        if old:
            shutil.rmtree(old, ignore_errors=True)
        return
    if FileSystems.exists(output + "/"):
        FileSystems.delete([output + "/"])
    staged = [m.path for r in FileSystems.match([staging + "/**"]) for m in r.metadata_list]
    FileSystems.rename(staged, [output + p[len(staging) :] for p in staged])
    FileSystems.delete([staging + "/"])


def discard_staging(staging: str) -> None:
    """Remove a failed run's staging folder (the previous output stays untouched)."""
    try:
        if FileSystems.get_scheme(staging) in (None, "file"):
            shutil.rmtree(staging, ignore_errors=True)
        elif FileSystems.exists(staging + "/"):
            FileSystems.delete([staging + "/"])
    except Exception:  # best effort: never mask the run's own error
        pass


def read_summary(output: str) -> dict:
    with FileSystems.open(FileSystems.join(output, SUMMARY_FILE)) as fh:
        return json.loads(fh.read().decode("utf-8"))


# ---- Beam layer ------------------------------------------------------------------------------


class _ToArticleFn(beam.DoFn):
    """Document -> Article."""

    def setup(self):
        self._written = Metrics.counter("news.write", "articles")

    def process(self, doc: Document):
        self._written.inc()
        yield to_article(doc)


class _WriteSummaryFn(beam.DoFn):
    """[(facet, count)] -> writes summary.json into the staging folder; yields the summary."""

    def __init__(self, path: str, extra: dict):
        self._path = path
        self._extra = extra

    def process(self, counts):
        summary = summary_from_counts(counts)
        summary.update(self._extra)
        with FileSystems.create(self._path, mime_type="application/json") as fh:
            fh.write(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8"))
        yield summary


class ToArticles(beam.PTransform):
    """PCollection[Document] -> PCollection[Article] (validated, sanitised)."""

    def expand(self, docs):
        return docs | "Validate" >> beam.ParDo(_ToArticleFn())


class WriteOutputs(beam.PTransform):
    """(inputs, articles, duplicates, rejected) -> Parquet folders and summary.json under ``staging``.

    ``inputs`` is any PCollection with one element per input (it is only counted).
    """

    def __init__(self, staging: str, extra_summary: dict | None = None):
        super().__init__()
        self._staging = staging.rstrip("/")
        self._extra = dict(extra_summary or {})

    def _sink(self, name: str, schema):
        return WriteToParquet(
            FileSystems.join(self._staging, name, "part"),
            schema,
            file_name_suffix=".parquet",
            codec="zstd",
        )

    def expand(self, pcolls):
        inputs, articles, duplicates, rejected = pcolls
        articles | "ArticleRows" >> beam.Map(article_row) | "WriteArticles" >> self._sink("articles", ARTICLE_SCHEMA)
        duplicates | "DuplicateRows" >> beam.Map(record_row) | "WriteDuplicates" >> self._sink(
            "duplicates", DUPLICATE_SCHEMA
        )
        rejected | "RejectedRows" >> beam.Map(record_row) | "WriteRejected" >> self._sink("rejected", REJECTED_SCHEMA)
        facets = (
            inputs | "InputFacets" >> beam.Map(lambda _: ("inputs", 1)),
            articles | "ArticleFacets" >> beam.FlatMap(facets_of_article),
            duplicates | "DuplicateFacets" >> beam.FlatMap(facets_of_duplicate),
            rejected | "RejectedFacets" >> beam.FlatMap(facets_of_rejected),
        ) | "AllFacets" >> beam.Flatten()
        return (
            facets
            | "CountFacets" >> beam.CombinePerKey(sum)
            | "Gather" >> beam.combiners.ToList()
            | "WriteSummary"
            >> beam.ParDo(_WriteSummaryFn(FileSystems.join(self._staging, SUMMARY_FILE), self._extra))
        )
