"""The one place where record fields and the Parquet schemas are declared.

Every record crossing a stage is an immutable ``typing.NamedTuple`` registered with Beam's
``RowCoder``; the Arrow schemas of the outputs are derived here from the same declarations
(``ARTICLE_SCHEMA`` and friends), and ``tests/test_records.py`` checks that they agree.
"""

# No `from __future__ import annotations` here: RowCoder reads the field types at run time.
import hashlib
import typing
from typing import List, NamedTuple, Optional

import apache_beam as beam
import pyarrow as pa

__all__ = [
    "Article",
    "Boilerplate",
    "Document",
    "Duplicate",
    "IndexEntry",
    "Rejected",
    "ARTICLE_SCHEMA",
    "DOCUMENT_FORMATS",
    "DUPLICATE_SCHEMA",
    "INDEX_SCHEMA",
    "REJECTED_SCHEMA",
    "arrow_schema",
    "is_html",
    "reject",
    "stable_id",
]


class Boilerplate(NamedTuple):
    """One piece of text removed from an article, and why (its kind)."""

    kind: str
    text: str


class Document(NamedTuple):
    """An input on its way through the stages; fields fill in as it goes.

    ``raw`` holds undecoded bytes up to the decode stage and is emptied after it; ``html`` holds
    a decoded web page up to extraction; ``text`` is the body from extraction on.
    """

    id: str
    source: str
    url: str
    format: str  # one of DOCUMENT_FORMATS: html | text | jsonl-html | jsonl-text
    raw: bytes = b""
    charset: str = ""  # a declared charset (HTTP header, JSONL is UTF-8), "" if unknown
    html: str = ""
    text: str = ""
    title: str = ""
    publisher: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" if unknown
    authors: List[str] = []
    language: str = ""
    language_score: float = 0.0
    boilerplate: List[Boilerplate] = []
    content_hash: str = ""
    group: str = ""  # the publisher scope for per-site statistics (site, or source folder)
    cluster_id: str = ""  # id of the story's surviving article (set by dedup)
    duplicate_count: int = 0  # inputs dropped as duplicates of this one (set by dedup)
    # Provenance, set where the bytes are read (see Article for the meaning of each).
    fetched_at: str = ""  # ISO 8601 UTC datetime, "" if unknown
    source_sha256: str = ""
    warc_record_id: str = ""
    extractor: str = ""  # set by the extract stage
    extractor_version: str = ""
    event_id: str = ""  # the event this article reports (set by transforms/events.py)


class Article(NamedTuple):
    """One kept article: a row of ``articles/*.parquet``."""

    id: str
    source: str
    url: str
    title: str
    text: str
    language: str
    language_score: float
    publisher: str
    published: Optional[str]
    authors: List[str]
    word_count: int
    content_hash: str
    cluster_id: str
    duplicate_count: int
    boilerplate: List[Boilerplate]
    # Provenance: enough to find the exact input bytes and the settings that made this row.
    run_id: str = ""  # the run that wrote this row (also in summary.json)
    fetched_at: Optional[str] = None  # when the bytes were fetched: WARC-Date, the HTTP Date
    #   header (or the time of the fetch), a JSONL/Parquet row's own fetched_at, else the file's mtime
    source_sha256: str = ""  # SHA-256 (hex) of the input bytes handed to decoding: the file, the
    #   WARC record's HTTP payload (transfer and content encodings removed), the JSONL line,
    #   the fetched body; for a Parquet row, of its columns as canonical JSON (sorted keys)
    warc_record_id: str = ""  # WARC-Record-ID of the response record, "" for other inputs
    extractor: str = ""  # "trafilatura" for web pages, "plaintext" for text inputs
    extractor_version: str = ""  # the extractor's package version (newsbeam's for plaintext)
    config_hash: str = ""  # SHA-256 (hex, 16 chars) of the run's domain config (configs/*.yaml merged)
    event_id: str = ""  # shared by different outlets' reports of the same event (events/)


class Duplicate(NamedTuple):
    """One input dropped as a duplicate of a kept article: a row of ``duplicates/*.parquet``."""

    id: str
    source: str
    url: str
    duplicate_of: str
    # Estimated Jaccard (MinHash) of this text's shingles and the kept article's, whatever the
    # method: for ``url`` it says whether the same address carried the same text (near 1: a copy or
    # an update; near 0: the page was replaced by another story, kept out by its URL alone).
    similarity: float
    method: str  # url | exact | near | index
    event_id: str = ""  # the event of the article it duplicates
    run_id: str = ""  # the run that wrote this row (summary.json holds its config hash, inputs, versions)
    # ``content_hash`` of the text it duplicates: the kept article's, or the indexed text it matched
    # (method ``index``: an article indexed with several texts, e.g. a file overwritten in place);
    # "" when not known (streaming: except a copy of its own id's text)
    duplicate_of_hash: str = ""


class Rejected(NamedTuple):
    """One input that gave no article (the dead letter): a row of ``rejected/*.parquet``."""

    id: str
    source: str
    stage: str
    reason: str
    detail: str
    run_id: str = ""  # the run that wrote this row (summary.json holds its config hash, inputs, versions)


class Event(NamedTuple):
    """One event: a row of ``events/*.parquet`` (this run's articles that report it)."""

    event_id: str
    first_seen: str  # ISO 8601 UTC: the earliest article's time (published, or when it was read)
    last_seen: str
    articles: int
    article_ids: List[str]
    publishers: List[str]
    languages: List[str]
    title: str  # the representative article's title
    representative_id: str  # the article closest to the event's centroid
    top_terms: List[str]


class EventIndexEntry(NamedTuple):
    """One earlier run's article in the cross-run events index (``DEDUP_INDEX/events/``, transforms/events.py)."""

    id: str
    event_id: str
    time: float  # seconds since the epoch: published, else its event's first dated time, else when fetched
    terms: List[str]  # the article's vector (transforms.events.article_terms)
    weights: List[float]
    language: str = ""  # its language (cross-language pairs compare names and numbers only); "" in older files
    dated: bool = True  # False: ``time`` is when it was fetched, an upper bound (events.gap_seconds); older files: no column
    content_hash: str = ""  # the text this row's vector was made of (dedup's content_hash); "" in older files
    parts: bytes = b""  # its paragraphs (events.pack_parts), read by events.coverage; older files: none (one part)
    cohesion: float = 1.0  # events.cohesion (a digest's is low); older files: 1.0
    lead_days: List[int] = ()  # events.happening_days of its lead: first/last day since the epoch, pairs flattened; older files: none
    named_days: List[int] = ()  # ... of its whole text, the same way
    ahead_days: List[int] = ()  # ... the days after its publication its lead names (a preview's), the same way


class IndexEntry(NamedTuple):
    """One earlier run's survivor in the cross-run dedup index (``transforms/dedup_index.py``)."""

    id: str
    source: str
    url: str
    content_hash: str
    published: str  # naive UTC ``YYYY-MM-DDTHH:MM:SS`` or ""
    text_length: int
    signature: bytes  # MinHash signature (``minhash.to_bytes``), b"" for a text without shingles
    shingles: int  # distinct shingles in the text (dedup's containment rule); 0: unknown (older index files)


for _record in (Boilerplate, Document, Article, Duplicate, Rejected, Event):
    beam.coders.registry.register_coder(_record, beam.coders.RowCoder)


# Every Document.format, and whether its body is markup (``Document.html``) or plain text. A new
# input format is declared here, or ``is_html`` refuses it (so it cannot pass as text with tags).
DOCUMENT_FORMATS = {"html": True, "jsonl-html": True, "text": False, "jsonl-text": False}


def is_html(doc: "Document") -> bool:
    """True when the Document's body is HTML markup (decode, extract and clean ask this);
    raises ValueError for a format not declared in ``DOCUMENT_FORMATS``."""
    try:
        return DOCUMENT_FORMATS[doc.format]
    except KeyError:
        raise ValueError(f"unknown document format {doc.format!r}: declare it in records.DOCUMENT_FORMATS") from None


def stable_id(*parts: str) -> str:
    """Hex id derived only from the input's identity, so a rerun gives the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:20]


def reject(doc_or_source, stage: str, reason: str, detail: str = "") -> Rejected:
    """Build a dead-letter row for a Document (or a bare source string)."""
    if isinstance(doc_or_source, Document):
        return Rejected(doc_or_source.id, doc_or_source.source, stage, reason, detail[:2000])
    return Rejected(stable_id(str(doc_or_source)), str(doc_or_source), stage, reason, detail[:2000])


# ---- Arrow schemas, derived from the declarations above ---------------------------------------

_BOILERPLATE_TYPE = pa.list_(pa.struct([("kind", pa.string()), ("text", pa.string())]))
_PUBLISHED_TYPE = pa.timestamp("us", tz="UTC")

_ARROW_TYPES = {
    str: pa.string(),
    bytes: pa.binary(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    Optional[str]: pa.string(),
    List[str]: pa.list_(pa.string()),
    List[float]: pa.list_(pa.float64()),
    List[int]: pa.list_(pa.int64()),
    List[Boilerplate]: _BOILERPLATE_TYPE,
}
# Fields whose Parquet type is richer than their Python type.
_OVERRIDES = {
    ("Article", "published"): _PUBLISHED_TYPE,
    ("Article", "fetched_at"): _PUBLISHED_TYPE,
    ("Event", "first_seen"): _PUBLISHED_TYPE,
    ("Event", "last_seen"): _PUBLISHED_TYPE,
    ("IndexEntry", "shingles"): pa.int32(),
}
_NOT_NULL = {"id", "source", "event_id"}
_NULLABLE = {("IndexEntry", "source")}  # index files written before the schema lived here


def arrow_schema(record: type) -> pa.Schema:
    """The Arrow schema of a record type, field for field in declaration order."""
    hints = typing.get_type_hints(record)
    fields = []
    for name in record._fields:
        typ = _OVERRIDES.get((record.__name__, name)) or _ARROW_TYPES[hints[name]]
        fields.append(pa.field(name, typ, nullable=name not in _NOT_NULL or (record.__name__, name) in _NULLABLE))
    return pa.schema(fields)


ARTICLE_SCHEMA = arrow_schema(Article)
DUPLICATE_SCHEMA = arrow_schema(Duplicate)
REJECTED_SCHEMA = arrow_schema(Rejected)
INDEX_SCHEMA = arrow_schema(IndexEntry)
EVENT_SCHEMA = arrow_schema(Event)
EVENT_INDEX_SCHEMA = arrow_schema(EventIndexEntry)
