"""Stage (streaming): drop republications of a story seen in the last T hours, with Beam state and timers.

The batch stage (transforms/dedup.py) sees the whole input at once and keeps, per connected
component, the earliest *published* article. A stream never ends, so this stage decides as
documents arrive, one document at a time, and its rule is different:

**first arrival wins.** A document is a duplicate when an earlier arrival (by event time, the
time the pipeline observed it: the feed poll or folder match that found it; ties by id) within
the last ``dedup_window_hours`` (T, default 48) has the same canonical URL (method ``url``), the
same normalised text (``exact``) or an estimated Jaccard >= ``dedup.threshold`` (``near``);
``duplicate_of`` names that earlier arrival (the earliest one when several match) and
``similarity`` is the estimated Jaccard to it. Otherwise the document is kept, with
``cluster_id`` = its own id and ``duplicate_count`` = 0 (its later republications are not known
when it is written). A document matched only an article of the persistent index (issue 4) is a
duplicate with method ``index``.

How (portable Beam APIs only, so Dataflow/Flink/Prism run the same code):

1. ``_SignFn``: Document -> MinHash signature (``transforms.minhash``, the batch parameters),
   then one ``(key, _StreamItem)`` per LSH band key (bands derived for ``dedup.threshold``:
   ``stream_bands``), plus ``u:<canonical url>`` and ``h:<content hash>`` keys. The Document itself goes, keyed by its arrival, to step 3.
2. ``_BandFn`` (stateful, keyed by band key, in the global window): ``BagState`` of the
   bucket's stored entries (arrival time, id, signature, from-index flag). An arriving item is
   compared with the live stored entries that arrived before it (verified by estimated Jaccard
   for band keys); it emits one verdict ``(doc id, _Verdict)`` and is stored only when it matched
   nothing (a matched item is represented in that bucket by what it matched). A WATERMARK timer
   at (oldest entry's arrival + T) drops expired entries (counter ``news.stream_dedup/expired``)
   and re-arms itself for the next oldest: memory stays bounded by what arrived in the last T.
   Buckets are capped at ``dedup.max_bucket_size`` stored entries (``oversized_buckets``).
   Entries keep the signature compacted to 16 bits per slot (b-bit MinHash, ``compact``): half
   the state, and the estimated Jaccard moves by ~1e-5 (the band keys use the full slots).
3. ``_DecideFn`` (stateful, keyed by the arrival: doc id + a random token) waits for the
   Document and all its verdicts (their number travels with them), emits exactly one of kept
   Document or Duplicate, and clears its state.
   Priority: url, then exact, then near; the earliest matched arrival names ``duplicate_of``.

Bands judge independently, so a republication that only matches another republication in some
band names that one (a chain A <- B <- C, as batch's connected components would merge): C's
``duplicate_of`` is the earliest arrival it matched in any of its buckets. Two near-identical
documents arriving out of event-time order in one bucket are both kept (an entry can only
suppress a *later* arrival), so a story is never lost to a race. The same id arriving again (the
same URL listed again, an entry delivered twice, a watched file rewritten) is judged in the
bucket of its text only, in processing order: with the same text, the first copy is kept and a
later one is its duplicate (``duplicate_of`` = its own id; method ``url``, as batch does for
repeated URLs, or ``exact`` for a file); with another text it is an update of the article
(a corrected story) and is kept: the output then holds both versions, each in the window of its
arrival with its own ``fetched_at`` and ``content_hash``, and ``AddToIndex`` indexes the new text
beside the old one (the batch index's rule: one entry per text of an id). The update keeps the
event of its first version while that is live (``stream_events.join_event``).

The persistent index (``--dedup-index``) seeds the buckets at start-up: its entries are fed in as
arrivals at the start time (``seed_time``), so they suppress republications for T after start.
Documents racing the seeds in a bucket (arriving before the seed entry is stored) are kept.
This stage does not write new survivors back to the index: ``AddToIndex`` does, window by
window (pipelines/stream.py wires it when ``--dedup-index`` is given). Before the buckets,
``_SamePollCopiesFn`` keeps one of the identical texts that arrive at one instant (one poll).
"""

from __future__ import annotations

import time
import uuid
from typing import Any, Iterable, NamedTuple, Optional, Tuple, get_type_hints

import apache_beam as beam
import numpy as np
from apache_beam.coders import BooleanCoder, BytesCoder, PickleCoder, StrUtf8Coder, TupleCoder, VarIntCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Timestamp

from transforms.settings import ConfigError, DedupSettings, StreamSettings
from transforms import minhash
from transforms.dedup import DedupParams, canonical_url, content_hash, normalize_published, parse_settings
from transforms.dedup_index import INDEX_TEXTS_PER_ID, check_index, commit_index, index_schema, new_staging_dir, read_index_entries
from transforms.records import Document, Duplicate, IndexEntry

__all__ = [
    "AddToIndex",
    "DropStreamDuplicates",
    "Entry",
    "StreamDedupParams",
    "compact",
    "compact_similarity",
    "decide",
    "expire",
    "index_row",
    "key_method",
    "match",
    "parse_stream_settings",
    "stream_bands",
    "stream_keys",
]

STAGE = "stream_dedup"
NAMESPACE = f"news.{STAGE}"
MICROS = 1_000_000
_METHOD_PRIORITY = {"url": 0, "exact": 1, "index": 2, "near": 2}


# ---- pure layer -------------------------------------------------------------------------------


class Entry(NamedTuple):
    """A stored arrival in one bucket."""

    ts: int  # arrival (event time), microseconds
    id: str
    sig: bytes  # compacted (16 bits per slot)
    indexed: bool  # seeded from the persistent index


class _StreamItem(NamedTuple):
    """What a bucket needs of an arriving document (never its text)."""

    ref: str  # this arrival (id + a token): the key of the decision step, unique even if an id comes twice
    id: str
    sig: bytes  # compacted (16 bits per slot)
    ts: int  # event time, microseconds
    expected: int  # verdicts the decision step waits for (0 for index seeds)
    seed: bool


class _Verdict(NamedTuple):
    """One bucket's answer for one document; ``method`` "" when it matched nothing there."""

    method: str
    duplicate_of: str
    of_ts: int
    similarity: float
    expected: int


for _record in (_StreamItem, _Verdict):
    # Real types, not the strings ``from __future__ import annotations`` leaves: with strings the
    # schema says "any Python object" (beam:logical:pythonsdk_any), which a Java runner (Flink's
    # job server) decodes differently from the Python SDK and fails the job (varint overflow).
    _record.__annotations__ = get_type_hints(_record)
    beam.coders.registry.register_coder(_record, beam.coders.RowCoder)

ENTRY_CODER = TupleCoder([VarIntCoder(), StrUtf8Coder(), BytesCoder(), BooleanCoder()])


def stream_keys(sig: bytes, url_key: str, text_hash: str, bands: int, rows: int) -> list[bytes]:
    """The bucket keys of one document: LSH band keys (only with a signature), ``u:`` URL, ``h:`` text."""
    keys = [b"b" + k for k in minhash.band_keys(sig, bands, rows)] if sig else []
    if url_key:
        keys.append(b"u:" + url_key.encode("utf-8", "surrogatepass"))
    if sig:  # like batch: texts without shingles never match by content
        keys.append(b"h:" + text_hash.encode("ascii"))
    return keys


def key_method(key: bytes) -> str:
    return {ord("u"): "url", ord("h"): "exact"}.get(key[0], "near")


def compact(sig: bytes) -> bytes:
    """A signature as its low 16 bits per slot (b-bit MinHash, b = 16): half the state per entry.

    Two different slot values agree on their low 16 bits with probability 2**-16, so the
    estimated Jaccard moves by at most ~1.5e-5 on average; the band keys still use the full slots.
    """
    if not sig:
        return b""
    return (np.frombuffer(sig, dtype="<u4") & 0xFFFF).astype("<u2").tobytes()


def compact_similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two compacted signatures (texts without shingles only match each other)."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    x, y = np.frombuffer(a, dtype="<u2"), np.frombuffer(b, dtype="<u2")
    return round(float(np.count_nonzero(x == y)) / len(x), 6)


def match(entries: Iterable[Entry], item: _StreamItem, method: str, window_micros: int,
          threshold: float) -> Optional[tuple[Entry, float]]:
    """The earliest live stored entry that arrived before ``item`` and matches it, with the similarity.

    Live: arrived within ``window_micros`` before the item. An index entry (seeded at the start
    time, the instant of the first poll) precedes every arrival of this stream, whatever the ids:
    ties at one instant go by id only between arrivals. An index entry with the item's own id
    (the same article ingested again) never makes it a duplicate; an earlier arrival of the same
    id AND the same text in this stream does (the same URL listed again, a file written again
    with the same words: ``duplicate_of`` is its own id, as in batch); the same id with another
    text is an update of the article (a corrected story, a watched file rewritten): kept, as the
    batch index keeps an id's new text.
    """
    best = None
    for entry in entries:
        if entry.id == item.id:
            # The same id again. An index entry: the same article ingested again, kept. Otherwise
            # only the bucket of its text judges it (one bucket, arrivals in processing order:
            # exactly one copy of a text is first), so two copies can never drop each other in
            # different buckets, and a new text of the id (no entry in its text bucket) is kept.
            # A text without shingles has no text bucket: its URL bucket judges it.
            if entry.indexed or not (method == "exact" or (method == "url" and not item.sig)):
                continue
        elif not entry.indexed and (entry.ts, entry.id) >= (item.ts, item.id):
            continue  # an indexed entry came before anything this stream reads, whatever its id
        if entry.ts <= item.ts - window_micros:
            continue  # expired for this arrival (the timer removes it from state later)
        sim = compact_similarity(item.sig, entry.sig)
        if method == "near" and sim < threshold:
            continue
        if best is None or (entry.ts, entry.id) < (best[0].ts, best[0].id):
            best = (entry, sim)
    return best


def expire(entries: Iterable[Entry], now_micros: int, window_micros: int) -> tuple[list[Entry], int]:
    """(entries still live at ``now``, number expired): an entry lives T after its arrival."""
    entries = list(entries)
    kept = [e for e in entries if e.ts + window_micros > now_micros]
    return kept, len(entries) - len(kept)


def decide(doc: Document, verdicts: Iterable[_Verdict]):
    """A Document and all its bucket verdicts -> the kept Document or a Duplicate."""
    hits = [v for v in verdicts if v.method]
    if not hits:
        return doc._replace(cluster_id=doc.id, duplicate_count=0)
    best = min(hits, key=lambda v: (_METHOD_PRIORITY[v.method], v.of_ts, v.duplicate_of))
    method, of_hash = best.method, ""
    if best.duplicate_of == doc.id:  # its own earlier copy (the same text): a URL listed again, a file read again
        method, of_hash = ("url" if doc.url else "exact"), doc.content_hash
    return Duplicate(doc.id, doc.source, doc.url, best.duplicate_of, best.similarity, method, duplicate_of_hash=of_hash)


class StreamDedupParams(NamedTuple):
    dedup: DedupParams  # the batch parameters: signatures, threshold, the index's MinHash params
    window_micros: int
    bands: int  # the stream's LSH buckets (``stream_bands``)
    rows: int


def stream_bands(dedup_config: dict, params: DedupParams) -> tuple[int, int]:
    """(bands, rows) of the stream's LSH buckets: derived for ``dedup.threshold``, as batch derives
    them for similarity alone, because this stage verifies candidates by estimated Jaccard only
    (it has no shingle counts, so no containment rule). Batch derives its bands for
    ``dedup.candidate_threshold`` when ``dedup.containment`` is on (0.4 -> 42 bands x 3 rows at 128
    permutations), which here only stored ~3x the entries per article for candidates that could
    never pass. Explicit ``dedup.bands``/``dedup.rows`` are used as they are."""
    c = DedupSettings.parse(dedup_config)
    if c.bands != "auto":
        return params.params.bands, params.params.rows
    return minhash.optimal_bands(c.threshold, c.num_perm, 1 - c.false_negative_weight, c.false_negative_weight)


def parse_stream_settings(dedup_config: dict, stream_config: dict) -> StreamDedupParams:
    """Validate ``dedup`` and ``stream.dedup_window_hours``; raises ConfigError."""
    hours = StreamSettings.parse(stream_config).dedup_window_hours
    if hours <= 0:
        raise ConfigError("stream.dedup_window_hours must be > 0")
    params = parse_settings(dedup_config)
    return StreamDedupParams(params, int(hours * 3600 * MICROS), *stream_bands(dedup_config, params))


# ---- Beam layer -------------------------------------------------------------------------------


def _micros(ts) -> int:
    return int(Timestamp.of(ts).micros)


class _SignFn(beam.DoFn):
    """Document -> (key, _StreamItem) per bucket key; tagged ``docs``: (ref, ("doc", expected, Document))."""

    def __init__(self, settings: StreamDedupParams):
        self._s = settings

    def process(self, doc: Document, ts=beam.DoFn.TimestampParam):
        p = self._s.dedup.params
        sig = minhash.sign_texts([doc.text], p)[0]
        digest = content_hash(doc.text)
        keys = stream_keys(sig, canonical_url(doc.url, self._s.dedup.tracking_params), digest, self._s.bands, self._s.rows)
        ref = f"{doc.id}/{uuid.uuid4().hex[:16]}"
        yield beam.pvalue.TaggedOutput("docs", (ref, ("doc", len(keys), doc._replace(content_hash=digest))))
        item = _StreamItem(ref, doc.id, compact(sig), _micros(ts), len(keys), False)
        for key in keys:
            yield key, item


def _seed_items(entry: IndexEntry, settings: StreamDedupParams, seed_micros: int):
    """An index entry -> (key, _StreamItem) per bucket key, arriving at ``seed_micros``."""
    item = _StreamItem("", entry.id, compact(entry.signature), seed_micros, 0, True)
    url_key = canonical_url(entry.url, settings.dedup.tracking_params)
    for key in stream_keys(entry.signature, url_key, entry.content_hash, settings.bands, settings.rows):
        yield key, item


class _BandFn(beam.DoFn):
    """(bucket key, _StreamItem) -> (arrival ref, ("verdict", _Verdict)); stored entries expire after T."""

    ENTRIES = BagStateSpec("entries", ENTRY_CODER)
    COUNT = ReadModifyWriteStateSpec("count", VarIntCoder())
    EXPIRY_AT = ReadModifyWriteStateSpec("expiry_at", VarIntCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, settings: StreamDedupParams):
        self._s = settings

    def setup(self):
        self._stored = Metrics.counter(NAMESPACE, "stored_entries")
        self._expired = Metrics.counter(NAMESPACE, "expired")
        self._candidates = Metrics.counter(NAMESPACE, "compared")
        self._oversized = Metrics.counter(NAMESPACE, "oversized_buckets")

    def process(
        self,
        keyed,
        entries=beam.DoFn.StateParam(ENTRIES),
        count=beam.DoFn.StateParam(COUNT),
        expiry_at=beam.DoFn.StateParam(EXPIRY_AT),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        key, item = keyed
        method = key_method(key)
        stored = [Entry(*e) for e in entries.read()]
        self._candidates.inc(len(stored))
        found = match(stored, item, method, self._s.window_micros, self._s.dedup.threshold)
        if not item.seed:
            if found:
                entry, sim = found
                verdict = _Verdict("index" if entry.indexed else method, entry.id, entry.ts, sim, item.expected)
            else:
                verdict = _Verdict("", "", 0, 0.0, item.expected)
            yield item.ref, ("verdict", verdict)
        if found or any(e.id == item.id for e in stored):
            return
        n = count.read() or 0
        if n >= self._s.dedup.max_bucket_size:
            self._oversized.inc()
            return
        entries.add((item.ts, item.id, item.sig, item.seed))
        count.write(n + 1)
        self._stored.inc()
        due = item.ts + self._s.window_micros
        current = expiry_at.read()
        if current is None or due < current:
            expiry.set(Timestamp(micros=due))
            expiry_at.write(due)

    @on_timer(EXPIRY)
    def on_expiry(
        self,
        fired=beam.DoFn.TimestampParam,
        entries=beam.DoFn.StateParam(ENTRIES),
        count=beam.DoFn.StateParam(COUNT),
        expiry_at=beam.DoFn.StateParam(EXPIRY_AT),
        expiry=beam.DoFn.TimerParam(EXPIRY),
    ):
        stored = [Entry(*e) for e in entries.read()]
        live, expired = expire(stored, _micros(fired), self._s.window_micros)
        self._expired.inc(expired)
        entries.clear()
        if not live:
            count.clear()
            expiry_at.clear()
            return
        for e in live:
            entries.add(tuple(e))
        count.write(len(live))
        due = min(e.ts for e in live) + self._s.window_micros
        expiry.set(Timestamp(micros=due))
        expiry_at.write(due)


class _DecideFn(beam.DoFn):
    """(arrival ref, ("doc", n, Document) | ("verdict", _Verdict)) -> kept Document; tagged ``duplicates``: Duplicate."""

    DOC = ReadModifyWriteStateSpec("doc", PickleCoder())
    VERDICTS = BagStateSpec("verdicts", PickleCoder())
    SEEN = ReadModifyWriteStateSpec("seen", VarIntCoder())

    def setup(self):
        self._counters = {m: Metrics.counter(NAMESPACE, f"filtered:{m}") for m in ("url", "exact", "near", "index")}
        self._kept = Metrics.counter(NAMESPACE, "kept")

    def process(
        self,
        keyed,
        doc_state=beam.DoFn.StateParam(DOC),
        verdicts=beam.DoFn.StateParam(VERDICTS),
        seen=beam.DoFn.StateParam(SEEN),
    ):
        _id, (kind, *rest) = keyed
        if kind == "doc":
            expected, doc = rest
            got = seen.read() or 0
            if got < expected:
                doc_state.write((expected, doc))
                return
            found = list(verdicts.read())
        else:
            (verdict,) = rest
            got = (seen.read() or 0) + 1
            held = doc_state.read()
            if held is None or got < held[0]:
                verdicts.add(verdict)
                seen.write(got)
                return
            doc = held[1]
            found = list(verdicts.read()) + [verdict]
        doc_state.clear()
        verdicts.clear()
        seen.clear()
        out = decide(doc, found)
        if isinstance(out, Duplicate):
            self._counters[out.method].inc()
            yield beam.pvalue.TaggedOutput("duplicates", out)
        else:
            self._kept.inc()
            yield out


class _SamePollCopiesFn(beam.DoFn):
    """(content hash, Document) -> the Document, except a copy of a text that arrived at the same
    instant (the same poll) under another id: tagged ``copies``, a Duplicate (method ``exact``)
    of the first one.

    The buckets order arrivals by (time, id) but see them in processing order: two identical
    documents of one poll could each be stored before the other reached a bucket, in every
    bucket, and both be kept (20 pairs in one poll gave 32 articles). One key per text decides
    them here, in processing order: exactly one of each text per poll goes on. A watermark timer
    forgets the text once the poll's instant has passed.
    """

    LAST = ReadModifyWriteStateSpec("last", PickleCoder())  # (arrival micros, id) of the text's first copy
    FORGET = TimerSpec("forget", TimeDomain.WATERMARK)

    def setup(self):
        self._copies = Metrics.counter(NAMESPACE, "same_poll_copies")

    def process(self, keyed, ts=beam.DoFn.TimestampParam, last=beam.DoFn.StateParam(LAST),
                forget=beam.DoFn.TimerParam(FORGET)):
        _digest, doc = keyed
        arrival = _micros(ts)
        first = last.read()
        if first and first[0] == arrival and first[1] != doc.id:
            self._copies.inc()
            yield beam.pvalue.TaggedOutput(
                "copies", Duplicate(doc.id, doc.source, doc.url, first[1], 1.0, "exact"))
            return
        last.write((arrival, doc.id))
        forget.set(Timestamp(micros=arrival + MICROS))
        yield doc

    @on_timer(FORGET)
    def _forget(self, last=beam.DoFn.StateParam(LAST)):
        last.clear()


def index_row(doc: Document, params: minhash.MinHashParams) -> dict:
    """A kept Document -> its row of the dedup index (``records.IndexEntry`` fields)."""
    sig, shingles = minhash.sign_and_count([doc.text], params)[0]
    return {
        "id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "content_hash": doc.content_hash or content_hash(doc.text),
        "published": normalize_published(doc.published),
        "text_length": len(doc.text),
        "signature": sig,
        "shingles": shingles,
    }


class _CommitWindowFn(beam.DoFn):
    """(None, [index row]) of one window's firing -> the rows added to the index as one run file
    (written under the index's ``_staging/<uuid>`` and moved in by ``commit_index``'s rename)."""

    def __init__(self, index_dir: str, params: minhash.MinHashParams, keep_texts: int = INDEX_TEXTS_PER_ID):
        self._index_dir = index_dir
        self._params = params
        self._keep_texts = keep_texts

    def setup(self):
        self._added = Metrics.counter(NAMESPACE, "index_added")

    def process(self, keyed):
        import pyarrow as pa
        import pyarrow.parquet as pq
        from apache_beam.io.filesystems import FileSystems

        rows = list(keyed[1])
        if not rows:
            return
        staging = new_staging_dir(self._index_dir)
        part = FileSystems.join(FileSystems.join(staging, "index"), "part-00000-of-00001.parquet")
        with FileSystems.create(part) as fh:
            pq.write_table(pa.Table.from_pylist(rows, schema=index_schema(self._params)), fh)
        added = commit_index(self._index_dir, staging, self._keep_texts)
        self._added.inc(added)
        yield added


class AddToIndex(beam.PTransform):
    """PCollection[Document] (kept, unbounded) -> PCollection[int]: the survivors are added to the
    dedup index ``index_dir`` as one ``run-<token>.parquet`` per window of ``window_seconds``
    (one rename: a reader sees all of a window's rows or none), when the window closes.

    The windows are those of the survivors' arrival at this stage (processing time), not of their
    event time: a survivor later than the allowed lateness of its event-time window is published
    (the writer makes it a late part of that window) and must be indexed too, but a GroupByKey
    over event-time windows drops it (``droppedDueToLateness``). Stamped on arrival, a survivor
    is never behind the watermark by more than the workers' clock skew (the allowed lateness
    covers that), and the index does not care which hour a row was written in."""

    def __init__(self, index_dir: str, params: minhash.MinHashParams, window_seconds: float,
                 lateness_seconds: float, keep_texts: int = INDEX_TEXTS_PER_ID):
        super().__init__()
        self._index_dir, self._params, self._keep_texts = index_dir, params, keep_texts
        self._window, self._lateness = window_seconds, lateness_seconds

    def expand(self, kept):
        from apache_beam.transforms import trigger, window

        params = self._params
        return (
            kept
            | "OnArrival" >> beam.Map(lambda doc: window.TimestampedValue(doc, time.time()))
            | "IndexWindows" >> beam.WindowInto(
                window.FixedWindows(self._window),
                trigger=trigger.AfterWatermark(late=trigger.AfterCount(1)),
                accumulation_mode=trigger.AccumulationMode.DISCARDING,
                allowed_lateness=self._lateness)
            | "IndexRows" >> beam.Map(lambda doc: (None, index_row(doc, params)))
            | "PerWindow" >> beam.GroupByKey()
            | "Commit" >> beam.ParDo(_CommitWindowFn(self._index_dir, params, self._keep_texts))
        )


class DropStreamDuplicates(beam.PTransform):
    """PCollection[Document] (unbounded) -> (PCollection[Document] kept, PCollection[Duplicate]).

    Runs in the global window (state is shared across output windows); outputs keep the input's
    event timestamps. ``index_dir``: a persistent dedup index seeding the buckets at ``seed_time``
    (seconds since the epoch, default: now).
    """

    def __init__(self, dedup_config: dict, stream_config: dict, index_dir: str | None = None,
                 seed_time: float | None = None):
        super().__init__()
        self._s = parse_stream_settings(dedup_config, stream_config)
        self._index_files = check_index(index_dir, self._s.dedup.params) if index_dir else []
        self._seed_micros = int((seed_time if seed_time is not None else time.time()) * MICROS)

    def expand(self, docs):
        s = self._s
        firsts = (
            docs
            | "GlobalWindow" >> beam.WindowInto(GlobalWindows())
            | "KeyByText" >> beam.Map(lambda doc: (content_hash(doc.text), doc)).with_output_types(Tuple[str, Document])
            | "SamePollCopies" >> beam.ParDo(_SamePollCopiesFn()).with_outputs("copies", main="docs")
        )
        signed = (
            firsts.docs
            | "Sign" >> beam.ParDo(_SignFn(s)).with_output_types(Tuple[bytes, _StreamItem]).with_outputs("docs", main="items")
        )
        items = signed.items
        if self._index_files:
            seed_micros = self._seed_micros
            seeds = (
                docs.pipeline
                | "IndexFiles" >> beam.Create(self._index_files)
                | "ReadIndex" >> beam.FlatMap(read_index_entries)
                | "SeedKeys" >> beam.FlatMap(_seed_items, s, seed_micros)
                | "SeedTime" >> beam.Map(lambda kv: beam.window.TimestampedValue(kv, seed_micros / MICROS))
                .with_output_types(Tuple[bytes, _StreamItem])
            )
            items = (items, seeds) | "WithSeeds" >> beam.Flatten().with_output_types(Tuple[bytes, _StreamItem])
        verdicts = items | "Buckets" >> beam.ParDo(_BandFn(s)).with_output_types(Tuple[str, Any])
        decided = (
            (signed.docs, verdicts)
            | "ByDoc" >> beam.Flatten().with_output_types(Tuple[str, Any])
            | "Decide" >> beam.ParDo(_DecideFn()).with_outputs("duplicates", main="kept")
        )
        duplicates = (decided.duplicates, firsts.copies) | "AllDuplicates" >> beam.Flatten().with_output_types(Duplicate)
        return decided.kept, duplicates
