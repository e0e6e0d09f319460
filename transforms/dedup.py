"""Stage: drop duplicate articles - same URL, same text, near-duplicate text, or an earlier run's article.

Order: exact URL duplicates (canonical URL), then exact text (``content_hash`` of the matching-only
normalised text), then near-duplicates by MinHash LSH (transforms/minhash.py): band keys ->
``GroupByKey`` -> candidate pairs verified by estimated Jaccard -> connected components by the
large-star / small-star algorithm (Kiveris et al., 2014) unrolled for a bounded number of rounds
in the graph, so no step ever holds every edge. One survivor per connected component: earliest
``published`` (a known date before an unknown one), then the longest text, then the smallest id.

Every dropped input becomes a ``Duplicate`` whose ``duplicate_of`` is the final survivor of its
component (a URL or exact duplicate of an article that itself turned out to be a near-duplicate
points to the component's survivor, keeping its own method), with ``similarity`` the estimated
Jaccard between its text and the survivor's.

Across runs (``index_dir``): the signatures of earlier runs' survivors take part in the LSH step
and always win their component: an input that joins one is dropped with method ``index`` and
``duplicate_of`` naming the earlier article. An input whose id AND text are already in the index
is that earlier article: it is kept again and keeps winning its cluster, so a rerun of the same
input gives the same rows. An input whose id is indexed with another text is ranked as a new
article: joined to its own earlier text (an update, an extraction change) it survives, never a
duplicate of itself; joined to another indexed article only (a reused name: a daily export's
``path#L1``, a drop folder's ``a.html``, now holding a copy of another story) it is that
article's ``index`` duplicate. An index entry
stands for one text of one article (id, ``content_hash``): it gives way to an input only when
that input has the same id AND the same text; an entry whose article now has another text (a file
overwritten in place with another story) stays a node of its own, so a copy of the earlier text
under another name is still its ``index`` duplicate. Survivors whose (id, text) the index does
not hold yet (new articles, and an indexed article's new text) are written to a staging folder;
``commit_index`` moves them into the index in one rename once the pipeline has succeeded. The
index keeps both texts of such an article (one entry per text an id has had: a rerun with
nothing changed adds nothing).
"""

from __future__ import annotations

import atexit
import fnmatch
import functools
import hashlib
import pickle
import re
import shutil
import struct
import tempfile
import uuid
from typing import Iterable, List, NamedTuple, Tuple
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import apache_beam as beam
import numpy as np
import xxhash
import zstandard
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import GoogleCloudOptions

from transforms.settings import ConfigError, DedupSettings
from transforms import minhash
from transforms.dates import parse_published
from transforms.progress import StageMeter
from transforms.dedup_index import (
    StageIndexEntries,
    check_index,
    new_staging_dir,
    read_index_entries,
    read_index_keys,
)
from transforms.records import Document, Duplicate, IndexEntry
from transforms.textnorm import normalize_for_match

__all__ = [
    "DedupParams",
    "DropDuplicates",
    "band_fingerprints",
    "bucket_pairs",
    "candidate_pairs",
    "canonical_url",
    "content_hash",
    "hash_of_entry_rank",
    "id_digest",
    "id_of_rank",
    "indexed_rank",
    "large_star",
    "node_key",
    "normalize_published",
    "parse_settings",
    "rank_key",
    "similarity",
    "small_star",
    "text_key",
    "without_tracking",
]

STAGE = "dedup"
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_LEN_CAP = 10**13 - 1


# ---- pure layer -------------------------------------------------------------------------------


def canonical_url(url: str, tracking_params: Iterable[str]) -> str:
    """The matching form of a URL ("" for no URL): one string for every spelling of the same page.

    Lower-cased scheme (http folded into https) and host, no default port, userinfo or fragment,
    no trailing slash, tracking parameters (glob patterns, e.g. ``utm_*``) removed and the rest
    sorted, percent-escapes of unreserved characters decoded.
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if not parts.netloc:
        return urlunsplit((scheme, "", parts.path, parts.query, ""))
    host = (parts.hostname or "").rstrip(".")
    if port is not None and str(port) != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if scheme == "http":
        scheme = "https"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=~%") if "%" in parts.path else parts.path
    path = _PERCENT.sub(lambda m: m.group(0).upper(), path)
    path = re.sub(r"/{2,}", "/", path).rstrip("/")
    tracking = _tracking_matcher(tuple(tracking_params))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking(k.lower())]
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def without_tracking(url: str, tracking_params: Iterable[str]) -> str:
    """``url`` (str) without its tracking parameters (glob patterns, e.g. ``utm_*``, compared
    without case: the ``dedup.tracking_params`` list) and without its fragment (a "#!" route
    stays): the address of the article itself, else as written (order and escapes of the other
    parameters kept, scheme, host and path untouched); "" for "". Never raises."""
    url = (url or "").strip()
    if "?" not in url and "#" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    tracking = _tracking_matcher(tuple(tracking_params))
    kept = [
        pair for pair in parts.query.split("&")
        if pair and not tracking(unquote(pair.split("=", 1)[0].replace("+", " ")).lower())
    ]
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), fragment))


@functools.lru_cache(maxsize=16)
def _tracking_matcher(patterns: tuple):
    """One compiled regex for a list of glob patterns (lower-cased): its ``match`` is true when any
    pattern matches the whole name, as ``fnmatch.fnmatchcase`` per pattern (compiled once)."""
    if not patterns:
        return lambda _name: None
    return re.compile("|".join(fnmatch.translate(p.lower()) for p in patterns)).match


def content_hash(text: str, normalized: str | None = None) -> str:
    """Hex digest of the matching-only normalised text: equal for texts that differ only in form.
    ``normalized``: ``normalize_for_match(text)`` when the caller has it already."""
    norm = normalize_for_match(text) if normalized is None else normalized
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def normalize_published(published: str) -> str:
    """A date value as naive UTC ``YYYY-MM-DDTHH:MM:SS`` (transforms/dates.py, the parser the output
    uses), or "" when absent or unparseable."""
    when = parse_published(published)
    return when.strftime("%Y-%m-%dT%H:%M:%S") if when else ""


def rank_key(doc_id: str, published: str, text_length: int, *, indexed: bool = False, source: str = "") -> str:
    """A string whose order is the survivor order: indexed first, earliest published (known before
    unknown), longest text, then the input met first in the order a user lists inputs (``source``
    in natural order: ``a/2.html`` before ``a/10.html``, ``f.jsonl#L3`` before ``f.jsonl#L10``),
    then the smallest id. The id is the suffix after the last NUL (``id_of_rank``)."""
    return _rank(doc_id, normalize_published(published), text_length, indexed, source)


# normalize_published's output form: what the index stores, and its own normalisation (a fixed point)
_NORMALIZED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


_DIGIT_RUN = re.compile(r"\d+")


def _source_order(source: str) -> str:
    """``source`` in natural order (each run of digits zero-padded to 20 places), without NULs."""
    return _DIGIT_RUN.sub(lambda m: m.group().zfill(20), source.replace("\0", ""))


def _rank(doc_id: str, norm: str, text_length: int, indexed: bool, source: str = "") -> str:
    """``rank_key`` of a date already normalised (``normalize_published``)."""
    return "".join(
        (
            "0" if indexed else "1",
            "0" if norm else "1",
            norm.ljust(19),
            f"{_LEN_CAP - min(text_length, _LEN_CAP):013d}",
            _source_order(source),
            "\0",
            doc_id,
        )
    )


def id_of_rank(rank: str) -> str:
    return rank.rpartition("\0")[2]


def indexed_rank(rank: str) -> str:
    return "0" + rank[1:]


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard of two signatures; texts without shingles (b"") only match each other."""
    if not sig_a or not sig_b:
        return 1.0 if sig_a == sig_b else 0.0
    return round(minhash.estimated_jaccard(sig_a, sig_b), 6)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller shingle set that lies in the larger one, from the two sets'
    (estimated) Jaccard and their sizes: |A & B| = J (|A| + |B|) / (1 + J), over min(|A|, |B|).
    0.0 when a size is unknown (0)."""
    small = min(size_a, size_b)
    if small <= 0:
        return 0.0
    return min(1.0, jaccard * (size_a + size_b) / ((1.0 + jaccard) * small))


def is_near_duplicate(sig_a: bytes, sig_b: bytes, size_a: int, size_b: int, settings: "DedupParams") -> bool:
    """The verification of a candidate pair: estimated Jaccard >= ``threshold``, or (a shorter
    copy: a text trimmed, or a paragraph dropped plus an intro added) nearly all of the smaller
    text's shingles in the larger one - estimated containment >= ``containment`` - when the smaller
    has at least ``containment_min_shingles`` shingles (a short teaser is never a copy by this rule)."""
    jaccard = minhash.estimated_jaccard(sig_a, sig_b)
    if jaccard >= settings.threshold:
        return True
    if not settings.containment or min(size_a, size_b) < settings.containment_min_shingles:
        return False
    return containment(jaccard, size_a, size_b) >= settings.containment


def bucket_pairs(members: list, cap: int) -> Iterable[tuple]:
    """Candidate pairs of one LSH bucket (sorted by rank) or event block (sorted by id): all pairs
    among the first ``cap`` members, then each further member with the first only (linear, not
    quadratic, in an oversized bucket)."""
    head = members[:cap]
    for i, a in enumerate(head):
        for b in head[i + 1 :]:
            yield a, b
    for b in members[cap:]:
        yield members[0], b


def node_key(rank: str) -> int:
    """A node's 63-bit key in the LSH step (xxh3-64 of its rank, halved so that Beam encodes it as
    a varint): what band rows and candidate pairs carry instead of the rank and signature (ranks
    are unique: they end with the id)."""
    return xxhash.xxh3_64_intdigest(rank.encode("utf-8", "surrogatepass")) >> 1


_MIX = np.uint64(0x9E3779B97F4A7C15)


def band_fingerprints(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) uint64: a 64-bit fingerprint of each band (``rows`` slots) of each signature of a
    (n, num_perm) uint32 matrix. Equal bands give equal fingerprints; two different bands share one
    with probability ~2**-64, and such a pair is then dropped by the exact band check of the
    verification (``first_shared_band``)."""
    part = np.ascontiguousarray(sigs[:, : bands * rows], dtype=np.uint64).reshape(len(sigs), bands, rows)
    fp = np.zeros((len(sigs), bands), dtype=np.uint64)
    for r in range(rows):
        fp ^= part[:, :, r]
        fp *= _MIX  # wraps modulo 2**64
        fp ^= fp >> np.uint64(29)
    return fp


def candidate_pairs(fps: np.ndarray, nodes: np.ndarray, cap: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """The LSH buckets of one band: members sharing a fingerprint.

    ``fps``, ``nodes``: uint64 arrays, one entry per signature. Returns ``(a, b, oversized)``: every
    pair of members (a < b by node key) of each bucket of 2 to ``cap`` members, as two uint64
    arrays, vectorised by bucket size; and the members of each larger bucket (one array per
    bucket), which the caller pairs by rank as ``bucket_pairs`` does.
    """
    order = np.lexsort((nodes, fps))
    fps, nodes = fps[order], nodes[order]
    if len(fps) < 2:
        return np.empty(0, np.uint64), np.empty(0, np.uint64), []
    starts = np.flatnonzero(np.concatenate(([True], fps[1:] != fps[:-1])))
    sizes = np.diff(np.append(starts, len(fps)))
    a_parts, b_parts, oversized = [], [], []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        first = starts[sizes == size]
        if size > cap:
            oversized.extend(nodes[f : f + size] for f in first.tolist())
            continue
        i, j = np.triu_indices(size, 1)
        a_parts.append(nodes[(first[:, None] + i[None, :]).ravel()])
        b_parts.append(nodes[(first[:, None] + j[None, :]).ravel()])
    if not a_parts:
        return np.empty(0, np.uint64), np.empty(0, np.uint64), oversized
    return np.concatenate(a_parts), np.concatenate(b_parts), oversized


def large_star(node: str, neighbours: Iterable[str]) -> Iterable[tuple[str, str]]:
    """Large-star step: every larger neighbour is linked to the smallest of the closed neighbourhood."""
    nbrs = set(neighbours)
    nbrs.discard(node)
    low = min(nbrs | {node})
    for v in nbrs:
        if v > node:
            yield (low, v)


def small_star(node: str, smaller: Iterable[str]) -> Iterable[tuple[str, str]]:
    """Small-star step: the node and its smaller neighbours are linked to the smallest of them."""
    nbrs = set(smaller)
    nbrs.add(node)
    low = min(nbrs)
    for v in nbrs:
        if v != low:
            yield (low, v)


class DedupParams(NamedTuple):
    """The validated ``dedup`` config section, derived (plain data: pickled into the DoFns)."""

    threshold: float
    params: minhash.MinHashParams
    max_bucket_size: int
    cc_rounds: int
    batch_size: int
    tracking_params: tuple
    containment: float = 0.0  # 0: Jaccard only
    containment_min_shingles: int = 25


def parse_settings(config: dict) -> DedupParams:
    """Validate the ``dedup`` section (``settings.DedupSettings`` plus cross-field checks); raises ConfigError."""
    c = DedupSettings.parse(config)
    if c.threshold > 1:
        raise ConfigError(f"dedup.threshold must be <= 1, got {c.threshold}")
    bands, rows = c.bands, c.rows
    if bands == "auto" or rows == "auto":
        if (bands, rows) != ("auto", "auto"):
            raise ConfigError("dedup.bands and dedup.rows are both 'auto' or both integers")
        if c.false_negative_weight > 1:
            raise ConfigError(f"dedup.false_negative_weight must be <= 1, got {c.false_negative_weight}")
        fn_weight = c.false_negative_weight
        # With containment on, candidates must include shorter copies (a copy cut to half of a
        # text has Jaccard ~0.5 with it): bands are derived for candidate_threshold instead.
        candidate = c.threshold if c.candidate_threshold is None else c.candidate_threshold
        if not 0.05 <= candidate <= c.threshold:
            raise ConfigError(f"dedup.candidate_threshold must be in [0.05, threshold], got {candidate!r}")
        bands, rows = minhash.optimal_bands(candidate, c.num_perm, 1 - fn_weight, fn_weight)
    else:
        for key, value in (("bands", bands), ("rows", rows)):
            if value < 1:
                raise ConfigError(f"dedup.{key} must be >= 1, got {value}")
        if bands * rows > c.num_perm:
            raise ConfigError(f"dedup.bands * dedup.rows must be <= num_perm ({c.num_perm}), got {bands * rows}")
    if c.shingle_mode not in minhash.SHINGLE_MODES:
        raise ConfigError(f"dedup.shingle_mode must be one of {minhash.SHINGLE_MODES}, got {c.shingle_mode!r}")
    if c.backend not in minhash.BACKENDS:
        raise ConfigError(f"dedup.backend must be one of {minhash.BACKENDS}, got {c.backend!r}")
    params = minhash.MinHashParams(
        num_perm=c.num_perm,
        bands=bands,
        rows=rows,
        shingle_size=c.shingle_size,
        char_ngram_size=c.char_ngram_size,
        shingle_mode=c.shingle_mode,
        seed=c.seed,
        backend=c.backend,
        backend_version=minhash.backend_version(c.backend),
        fold_marks=c.fold_marks,
    )
    if c.containment > 1:
        raise ConfigError(f"dedup.containment must be in [0, 1] (0: off), got {c.containment!r}")
    return DedupParams(
        containment=c.containment,
        containment_min_shingles=c.containment_min_shingles,
        threshold=c.threshold,
        params=params,
        max_bucket_size=c.max_bucket_size,
        cc_rounds=c.cc_rounds,
        batch_size=c.batch_size,
        tracking_params=tuple(c.tracking_params),
    )


# ---- cross-run index (transforms/dedup_index.py) ----------------------------------------------


def _index_nodes(path: str) -> Iterable[tuple[IndexEntry, str]]:
    """(entry, node rank) of every entry of one index file: indexed entries rank first; the entry's
    shingle count is 0 (unknown: Jaccard only) for files written before it was stored."""
    for entry in read_index_entries(path):
        published = entry.published or ""  # stored normalised: parsed again only if not in that form
        norm = published if _NORMALIZED.fullmatch(published) else normalize_published(published)
        yield entry, _entry_rank(_rank(entry.id, norm, entry.text_length, True, entry.source), entry.content_hash)


def _entry_rank(rank: str, text_hash: str) -> str:
    """An index entry's node rank: its rank with its text's hash before the id, so that each text
    of one article is a node of its own (an article overwritten in place has several entries, and
    an input with its id and another text can have the same rank string: same id, source, date
    and length); the input sorts right before its earlier texts."""
    head, _, doc_id = rank.rpartition("\0")
    return f"{head}\x01{text_hash}\0{doc_id}"


def hash_of_entry_rank(rank: str) -> str:
    """The text hash an index entry's node rank (``_entry_rank``) carries."""
    return rank.rpartition("\0")[0].rpartition("\x01")[2]


def text_key(text_hash: str) -> int:
    """A text's 63-bit key (xxh3-64 of its ``content_hash``, halved to fit an int64): with the id
    digest, how a side input tells one text of an article from another."""
    return xxhash.xxh3_64_intdigest(text_hash.encode("ascii", "replace")) >> 1


# ---- Beam layer -------------------------------------------------------------------------------


class _Absorbed(NamedTuple):
    """An input already dropped (by URL or exact text) in favour of the item carrying it."""

    id: str
    source: str
    url: str
    method: str
    sig: bytes


class _Item(NamedTuple):
    """What dedup needs of a document (never its text: the Documents wait for the final join)."""

    rank: str
    id: str
    source: str
    url: str
    published: str  # normalised
    text_length: int
    content_hash: str
    sig: bytes
    url_key: str
    absorbed: List[_Absorbed]
    size: int = 0  # shingles in the text (containment); 0: unknown


# _Item and _Absorbed stay internal to this stage and use Beam's default (pickling) coder, not
# RowCoder: measured, the Flink job server we can run (Beam 2.62 Java, see README) fails to decode
# their rows (a list of rows holding bytes) with "EOFException: reached end of stream", while the
# same pipeline passes on the DirectRunner, Prism and the portable runner either way.


def id_digest(doc_id: str) -> bytes:
    """16 bytes naming a document id (xxh3-128 of its UTF-8): how documents, index entries and
    decisions find each other through side inputs (two ids share one with probability ~2**-128)."""
    return xxhash.xxh3_128_digest(doc_id.encode("utf-8", "surrogatepass"))


def _pack_ids(batch: list) -> bytes:
    """[id] -> their 16-byte digests, concatenated (one side-input row)."""
    return b"".join(map(id_digest, batch))


def _pack_decisions(batch: list) -> tuple[bytes, bytes]:
    """[(kept id, duplicate count)] -> (16-byte id digests, little-endian int64 counts), one row each."""
    return _pack_ids([i for i, _ in batch]), np.array([c for _, c in batch], dtype="<i8").tobytes()


class _DigestTable:
    """Sorted 16-byte id digests (and an int64 value per digest) made once from side-input rows:
    bytes of digests, or (digests, values) pairs as ``_pack_decisions`` gives."""

    def __init__(self, rows: list):
        pairs = [r if isinstance(r, tuple) else (r, b"") for r in rows]
        digests = np.frombuffer(b"".join(d for d, _ in pairs), dtype="S16")
        values = np.frombuffer(b"".join(v for _, v in pairs), dtype="<i8")
        order = np.argsort(digests, kind="stable")
        self._digests = digests[order]
        self._values = values[order] if len(values) else values

    def find(self, doc_id: str) -> int:
        """The row of ``doc_id``'s digest, or -1."""
        # Compared as arrays: an element read back as bytes loses its trailing NUL bytes.
        digest = np.frombuffer(id_digest(doc_id), dtype="S16")
        i = int(np.searchsorted(self._digests, digest)[0])
        return i if i < len(self._digests) and self._digests[i : i + 1] == digest else -1

    def value(self, row: int) -> int:
        return int(self._values[row])

    def has(self, doc_id: str, value: int) -> bool:
        """True if a row of ``doc_id``'s digest holds ``value`` (an id can have several rows)."""
        row = self.find(doc_id)
        if row < 0:
            return False
        digest = self._digests[row : row + 1]
        end = row + int(np.searchsorted(self._digests[row:], digest, side="right")[0])
        return bool(np.any(self._values[row:end] == value))


class _DigestSideFn(beam.DoFn):
    """Base of the DoFns that look ids up in side inputs of packed id digests (``_DigestTable``,
    one per ``slot``, rebuilt only when that side input's value changes)."""

    def __init__(self):
        self._tables: dict = {}

    def _lookup(self, side, slot: str = "") -> _DigestTable:
        source, table = self._tables.get(slot, (None, None))
        if side is not source or table is None:
            table = _DigestTable(side)
            self._tables[slot] = (side, table)
        return table


def _pack_item(item: _Item) -> bytes:
    """An _Item as one bytes value for the URL and text groupings: a runner that holds a shuffle in
    memory as decoded values (the FnApiRunner) keeps one bytes object per item, ~half the size of
    the decoded record."""
    absorbed = [tuple(a) for a in item.absorbed]
    return pickle.dumps((*item[:9], absorbed, item.size), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack_item(data: bytes) -> _Item:
    fields = pickle.loads(data)
    return _Item(*fields[:9], [_Absorbed(*a) for a in fields[9]], fields[10])


def _key_digest(key: str) -> int:
    """A grouping key's 64-bit digest, odd (0 stands for "no key": an item grouped alone)."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8", "surrogatepass")) | 1


def _group_digests(item: _Item) -> tuple[int, int]:
    """(URL key digest, text key digest) of an item: the digests of the keys of ``_url_group_key``
    and ``_text_group_key``, 0 where the item is keyed by its own rank (grouped alone)."""
    return (
        _key_digest(item.url_key) if item.url_key else 0,
        _key_digest(item.content_hash) if item.sig else 0,
    )


def _pack_group_digests(batch: list) -> bytes:
    """[_Item] -> little-endian uint64 (URL digest, text digest) rows, 16 bytes per item."""
    return np.array([_group_digests(it) for it in batch], dtype="<u8").reshape(-1, 2).tobytes()


def _shared_digests(keyed) -> Iterable[tuple[bytes, bytes]]:
    """(_, Iterable[digest rows]) -> (URL digests, text digests) held by two items or more, each a
    sorted little-endian uint64 array's bytes: the only keys whose groups can hold more than one
    item (a digest shared by two different keys only sends a few more items through a grouping)."""
    _key, chunks = keyed
    rows = np.frombuffer(b"".join(chunks), dtype="<u8").reshape(-1, 2)
    shared = []
    for col in (0, 1):
        values = rows[:, col]
        values, counts = np.unique(values[values != 0], return_counts=True)
        shared.append(values[counts >= 2].astype("<u8").tobytes())
    yield tuple(shared)


class _SharedKeys:
    """The shared URL and text digests of ``_shared_digests`` (a side-input value), as arrays."""

    def __init__(self, shared: tuple[bytes, bytes]):
        self._url, self._text = (np.frombuffer(b, dtype="<u8") for b in shared)

    @staticmethod
    def _has(values: np.ndarray, digest: int) -> bool:
        if not digest or not len(values):
            return False
        i = int(np.searchsorted(values, np.uint64(digest)))
        return i < len(values) and int(values[i]) == digest

    def url(self, item: _Item) -> bool:
        """True if another item may share this item's URL key."""
        return self._has(self._url, _group_digests(item)[0])

    def text(self, item: _Item) -> bool:
        """True if another item may share this item's text key."""
        return self._has(self._text, _group_digests(item)[1])


class _PackedItemSink(fileio.FileSink):
    """Packed _Items (``_pack_item``) into a spill file: a little-endian uint32 length, the bytes."""

    def open(self, fh):
        self._fh = fh

    def write(self, record):
        self._fh.write(_ITEM_HEAD.pack(len(record)) + record)

    def flush(self):
        self._fh.flush()


_ITEM_HEAD = struct.Struct("<I")


def _read_packed_items(path: str) -> Iterable[bytes]:
    """The packed _Items of one spill file, in order."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        while head := fh.read(_ITEM_HEAD.size):
            yield fh.read(_ITEM_HEAD.unpack(head)[0])


def _marked(item: _Item, index: "_DigestTable | None") -> _Item:
    """The item ranked first (``indexed_rank``) when the cross-run index holds its id WITH this
    text: an earlier run's survivor present again stays a survivor. An input whose id is indexed
    with other texts only is ranked as a new article (a name reused for another story can hold a
    copy of another indexed article: it is that article's ``index`` duplicate); joined to its own
    earlier text, it still survives (``_AssembleFn``: never a duplicate of itself)."""
    if index is not None and index.has(item.id, text_key(item.content_hash)):
        return item._replace(rank=indexed_rank(item.rank))
    return item


class _RouteItemsFn(_DigestSideFn):
    """A spill file of packed _Items -> the items that may share a key with another: (URL key,
    packed item) tagged ``url`` when another item may share its URL, else (text key, packed item)
    when another may share its text; every other item is unique as it is and stays in the file
    (``_ReadUniqueFn`` reads it again). Side inputs: the shared digests; the cross-run index's id
    digests (index runs: items in the index are ranked first)."""

    def __init__(self, spill_dir: str):
        super().__init__()
        self._spill_dir = spill_dir

    def process(self, written, shared, index_ids=None):
        keys = _SharedKeys(shared)
        index = self._lookup(index_ids, "index") if index_ids is not None else None
        for packed in _read_packed_items(FileSystems.join(self._spill_dir, written.file_name)):
            item = _unpack_item(packed)
            if keys.url(item):
                yield beam.pvalue.TaggedOutput("url", (_url_group_key(item), _pack_item(_marked(item, index))))
            elif keys.text(item):
                yield _text_group_key(item), _pack_item(_marked(item, index))


class _SplitTextSharedFn(beam.DoFn):
    """_Item (a URL group's first) -> (text key, packed item) when another item may share its text
    (side input: the shared digests), else tagged ``unique``: the item itself."""

    def process(self, item, shared):
        if _SharedKeys(shared).text(item):
            yield _text_group_key(item), _pack_item(item)
        else:
            yield beam.pvalue.TaggedOutput("unique", item)


class _KeySetFn(beam.DoFn):
    """Base of the DoFns that test node keys against a side input: a list of node-key chunks
    (bytes of uint64) or of node keys (int), made one sorted array once per side-input value."""

    _source = None
    _keys = np.empty(0, dtype=np.uint64)

    def _has(self, key: int, side) -> bool:
        if side is not self._source:
            self._source = side
            parts = [
                np.frombuffer(x, dtype="<u8") if isinstance(x, bytes) else np.array([x], dtype=np.uint64) for x in side
            ]
            self._keys = np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.uint64)
        i = int(np.searchsorted(self._keys, np.uint64(key)))
        return i < len(self._keys) and int(self._keys[i]) == key


class _ReadUniqueFn(_DigestSideFn):
    """Base of the DoFns that read the unique items again from the files instead of having the
    runner hold them: ``_read`` gives, from one (kind, file) source, the unique _Items (``want=
    "items"``), the nodes (``"nodes"``: (rank, sig, size) of the items with a signature and of the
    index entries no input has) or the index nodes only (``"index"``).

    Kinds: ``items``, a spill file of every input's packed _Item (the items no other item may share
    a key with; side input ``shared``: the shared digests); ``firsts``, a spill file of the groups'
    first items (all unique); ``index``, a cross-run index file (side input ``item_ids``: the
    inputs' (id, text) keys: an entry with an input's id and text takes part as that input; one
    with an input's id and another text is a node of its own, ``_entry_rank``). Side input
    ``index_ids``: the index's (id, text) keys; items whose (id, text) is in the index are ranked first
    (``_marked``).
    A subclass filters what it reads by a side input of its own in the same step, so that the
    runner never holds what was read.
    """

    def __init__(self, spill_dir: str):
        super().__init__()
        self._spill_dir = spill_dir

    def _read(self, want: str, source, shared, index_ids, item_ids):
        kind, name = source
        if kind == "index":
            if want != "items":
                inputs = self._lookup(item_ids, "inputs")
                for entry, rank in _index_nodes(name):
                    if inputs.has(entry.id, text_key(entry.content_hash)):
                        continue  # the entry's article with the same text is an input: it takes part as that input
                    # Else a node, also when its article is an input with another text now (a file
                    # overwritten in place): a copy of the earlier text elsewhere joins it.
                    yield rank, entry.signature, entry.shingles
            return
        if want == "index":
            return
        keys = _SharedKeys(shared) if kind == "items" else None
        index = self._lookup(index_ids, "index") if index_ids is not None and keys is not None else None
        for packed in _read_packed_items(FileSystems.join(self._spill_dir, name)):
            item = _unpack_item(packed)
            if keys is not None:
                if keys.url(item) or keys.text(item):
                    continue  # routed through a grouping: its group's first is in a "firsts" file
                item = _marked(item, index)
            if want == "items":
                yield item
            elif item.sig:
                yield item.rank, item.sig, item.size


class _ReadNodesFn(_ReadUniqueFn):
    """(kind, file) -> (rank, sig, size) of every unique item with a signature and index entry."""

    def process(self, source, shared, index_ids=None, item_ids=None):
        yield from self._read("nodes", source, shared, index_ids, item_ids)


class _CandidateSignaturesFn(_ReadUniqueFn, _KeySetFn):
    """(kind, file) -> (node key, (rank, sig, size)) for the nodes of a candidate pair or an
    oversized bucket only (side input ``involved``: their node keys), so that the verification
    joins shuffle only those signatures."""

    def process(self, source, shared, involved, index_ids=None, item_ids=None):
        for node in self._read("nodes", source, shared, index_ids, item_ids):
            key = node_key(node[0])
            if self._has(key, involved):
                yield key, node


class _SplitLinkedFn(_ReadUniqueFn, _KeySetFn):
    """(kind, file) -> each unique _Item that is an end of a verified edge (side input ``linked``:
    their node keys); tagged ``alone``: the others, each its own component, assembled without the
    two joins by root (most items at scale)."""

    def process(self, source, shared, linked, index_ids=None, item_ids=None):
        for item in self._read("items", source, shared, index_ids, item_ids):
            if self._has(node_key(item.rank), linked):
                yield item
            else:
                yield beam.pvalue.TaggedOutput("alone", (item.rank, {"members": [item], "index": []}))


class _LinkedIndexFn(_ReadUniqueFn, _KeySetFn):
    """(kind, file) -> (rank, sig) of each index entry (no input has its id) that is an end of a
    verified edge (side input ``linked``): the signature an index-rooted component's duplicates
    are compared with."""

    def process(self, source, shared, linked, index_ids=None, item_ids=None):
        for rank, sig, _size in self._read("index", source, shared, index_ids, item_ids):
            if self._has(node_key(rank), linked):
                yield rank, sig


class _SignBatchFn(beam.DoFn):
    """List[Document] -> _Item per document (canonical URL, content hash, rank, MinHash signature);
    tagged ``docs``: (id, the Document with ``content_hash`` set, packed: ``_DOC_CODER`` bytes
    compressed with zstd - the texts wait for the final join in the shuffle, 2-3x smaller so)."""

    def __init__(self, settings: DedupParams):
        self._settings = settings

    def setup(self):
        self._meter = StageMeter("dedup")
        self._compressor = zstandard.ZstdCompressor(level=1)
        self._coder = _DOC_CODER

    def process(self, batch: list[Document]):
        with self._meter.timed(len(batch)):
            out = list(self._sign(batch))
        yield from out

    def _sign(self, batch: list[Document]):
        p = self._settings.params
        norms = [normalize_for_match(d.text) for d in batch]  # once, for the shingles and the hash
        signed = minhash.sign_and_count([d.text for d in batch], p, norms)
        for doc, norm, (sig, size) in zip(batch, norms, signed):
            digest = content_hash(doc.text, norm)
            published = normalize_published(doc.published)  # once: the rank holds it too
            yield _Item(
                rank=_rank(doc.id, published, len(doc.text), False, doc.source),
                id=doc.id,
                source=doc.source,
                url=doc.url,
                published=published,
                text_length=len(doc.text),
                content_hash=digest,
                sig=sig,
                url_key=canonical_url(doc.url, self._settings.tracking_params),
                absorbed=[],
                size=size,
            )
            yield beam.pvalue.TaggedOutput("docs", (doc.id, self._pack(doc._replace(content_hash=digest))))

    def _pack(self, doc: Document) -> bytes:
        return self._compressor.compress(self._coder.encode(doc))


class _KeepFirstFn(beam.DoFn):
    """(key, Iterable[packed _Item]) -> the best-ranked _Item, carrying the others as absorbed
    (items of the cross-run index come ranked first: ``_marked``)."""

    def __init__(self, method: str):
        super().__init__()
        self._method = method

    def setup(self):
        self._dropped = Metrics.counter(f"news.{STAGE}", f"filtered:{self._method}")

    def process(self, keyed):
        _key, packed = keyed
        items = [_unpack_item(p) for p in packed]
        items.sort(key=lambda it: it.rank)
        first = items[0]
        if len(items) == 1:
            return [first]
        absorbed = list(first.absorbed)
        for other in items[1:]:
            self._dropped.inc()
            absorbed.append(_Absorbed(other.id, other.source, other.url, self._method, other.sig))
            absorbed.extend(other.absorbed)
        return [first._replace(absorbed=absorbed)]


class _PairBucketFn(beam.DoFn):
    """(band key, Iterable[(rank, sig, size)]) -> verified edges (low rank, high rank)."""

    def __init__(self, settings: DedupParams):
        self._settings = settings

    def setup(self):
        self._oversized = Metrics.counter(f"news.{STAGE}", "oversized_buckets")
        self._capped = Metrics.counter(f"news.{STAGE}", "oversized_bucket_members")
        self._candidates = Metrics.counter(f"news.{STAGE}", "candidate_pairs")
        self._edges = Metrics.counter(f"news.{STAGE}", "verified_pairs")

    def process(self, keyed):
        key, members = keyed
        members = sorted(members)
        if len(members) < 2:
            return
        cap = self._settings.max_bucket_size
        if len(members) > cap:
            self._oversized.inc()
            self._capped.inc(len(members) - cap)
        band = int.from_bytes(key[:2], "big")
        p = self._settings.params
        for (ra, sa, na), (rb, sb, nb) in bucket_pairs(members, cap):
            if ra[0] == "0" and rb[0] == "0":
                continue  # two earlier survivors: already decided apart
            if minhash.first_shared_band(sa, sb, p.bands, p.rows) != band:
                continue  # the pair is checked in the first band it shares only
            self._candidates.inc()
            if is_near_duplicate(sa, sb, na, nb, self._settings):
                self._edges.inc()
                yield (ra, rb)


_PAIR_SHARDS = 16  # candidate pairs are merged (one entry per pair) in this many groups
_BAND_BATCH = 2048  # signatures per band-row batch
_ID_BATCH = 8192  # ids (digests) per packed side-input row


class _BandRowsFn(beam.DoFn):
    """List[(rank, sig, size)] -> (band, bytes) per band: the batch's (fingerprint, node key) rows
    as little-endian uint64 pairs (16 bytes per signature and band, not the signature itself).

    Side input ``input_bands`` (runs with a non-empty cross-run index): ``_InputBandBits`` of every
    input's band fingerprints; an index entry's row goes on only where an input may have the same
    fingerprint: a bucket without an input only pairs earlier survivors, which are never checked
    (so the edges are the same), and a big index is not banded whole for a few new articles."""

    def __init__(self, params: minhash.MinHashParams):
        self._params = params

    def process(self, batch, input_bands=None):
        p = self._params
        matrix = np.frombuffer(b"".join(n[1] for n in batch), dtype="<u4").reshape(len(batch), p.num_perm)
        fps = band_fingerprints(matrix, p.bands, p.rows)
        nodes = np.fromiter((node_key(n[0]) for n in batch), dtype=np.uint64, count=len(batch))
        keep = None
        if input_bands is not None:
            indexed = np.fromiter((n[0][0] == "0" for n in batch), dtype=bool, count=len(batch))
            keep = ~indexed[:, None] | _band_bits_set(input_bands, fps)
        for band in range(p.bands):
            rows = np.stack((fps[:, band], nodes), axis=1)
            if keep is not None:
                rows = rows[keep[:, band]]
            if len(rows):
                yield band, rows.astype("<u8").tobytes()


_BAND_BITS = 27  # 2**27 bits (16 MiB): the inputs' band fingerprints, as one bit array
_BAND_MIX = np.uint64(0xC2B2AE3D27D4EB4F)


def _band_bit_positions(fps: np.ndarray) -> np.ndarray:
    """(n, bands) fingerprints -> (n, bands) bit positions of (band, fingerprint) in the bit array."""
    bands = np.arange(fps.shape[1], dtype=np.uint64)[None, :]
    return ((fps ^ (bands * _BAND_MIX)) * _MIX) >> np.uint64(64 - _BAND_BITS)


def _band_bits_set(bits: np.ndarray, fps: np.ndarray) -> np.ndarray:
    """(n, bands) bool: whether each (band, fingerprint)'s bit is set (an input may have it)."""
    pos = _band_bit_positions(fps)
    return (bits[pos >> np.uint64(3)] >> (pos & np.uint64(7)).astype(np.uint8)) & 1 == 1


class _InputBandBits(beam.CombineFn):
    """List[_Item] batches -> a 2**27-bit array (uint8) with a bit set for every (band,
    fingerprint) of every input with a signature (a Bloom filter with one hash: a false bit only
    lets an index entry's row through)."""

    def __init__(self, params: minhash.MinHashParams):
        self._params = params

    def create_accumulator(self):
        return np.zeros(1 << (_BAND_BITS - 3), dtype=np.uint8)

    def add_input(self, bits, batch):
        p = self._params
        sigs = [it.sig for it in batch if it.sig]
        if sigs:
            matrix = np.frombuffer(b"".join(sigs), dtype="<u4").reshape(len(sigs), p.num_perm)
            pos = _band_bit_positions(band_fingerprints(matrix, p.bands, p.rows)).ravel()
            np.bitwise_or.at(bits, pos >> np.uint64(3), np.left_shift(1, pos & np.uint64(7)).astype(np.uint8))
        return bits

    def merge_accumulators(self, accumulators):
        accumulators = iter(accumulators)
        bits = next(accumulators).copy()
        for other in accumulators:
            bits |= other
        return bits

    def extract_output(self, bits):
        return bits


class _BandPairsFn(beam.DoFn):
    """(band, Iterable[bytes]) -> (shard, bytes of (a, b, band) uint64 rows): the candidate pairs of
    the band's buckets up to ``max_bucket_size`` members; tagged ``oversized``: (node key, bucket
    key) for each member of a larger bucket; tagged ``nodes``: bytes of the node keys involved."""

    def __init__(self, settings: DedupParams):
        self._cap = settings.max_bucket_size

    def process(self, keyed):
        band, chunks = keyed
        rows = np.frombuffer(b"".join(chunks), dtype="<u8").reshape(-1, 2)
        a, b, oversized = candidate_pairs(rows[:, 0].copy(), rows[:, 1].copy(), self._cap)
        for members in oversized:
            bucket = band.to_bytes(2, "big") + int(members[0]).to_bytes(8, "big")
            for node in members.tolist():
                yield beam.pvalue.TaggedOutput("oversized", (node, bucket))
        if len(a):
            shard = (a ^ b) % np.uint64(_PAIR_SHARDS)
            triples = np.stack((a, b, np.full(len(a), band, dtype=np.uint64)), axis=1).astype("<u8")
            for k in np.unique(shard).tolist():
                yield int(k), triples[shard == k].tobytes()
        involved = [a, b, *oversized]
        if len(a) or oversized:
            yield beam.pvalue.TaggedOutput("nodes", np.unique(np.concatenate(involved)).astype("<u8").tobytes())


def _merge_pairs(keyed):
    """(shard, Iterable[bytes]) -> (a, (b, band mask)) once per candidate pair: the mask has a bit
    set for every band that emitted the pair (bands > 64: only the lowest band's bit)."""
    _shard, chunks = keyed
    rows = np.frombuffer(b"".join(chunks), dtype="<u8").reshape(-1, 3)
    order = np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))
    rows = rows[order]
    new = np.concatenate(([True], (rows[1:, 0] != rows[:-1, 0]) | (rows[1:, 1] != rows[:-1, 1])))
    starts = np.flatnonzero(new)
    bands = rows[:, 2]
    if int(bands.max()) < 64:
        masks = np.bitwise_or.reduceat(np.left_shift(np.uint64(1), bands), starts).tolist()
    else:
        masks = [1 << int(low) for low in bands[starts].tolist()]  # sorted: the first is the lowest
    for a, b, mask in zip(rows[starts, 0].tolist(), rows[starts, 1].tolist(), masks):
        yield a, (b, mask)


def _keyed_text(doc_id: str, text_hash: str) -> tuple[str, int]:
    """(id, content_hash) -> (id, ``text_key``): one row of ``_PackedTextKeys`` before packing."""
    return doc_id, text_key(text_hash)


class _PackedTextKeys(beam.PTransform):
    """PCollection[T] -> PCollection[(bytes, bytes)]: the 16-byte id digests (``id_digest``) and
    the int64 text keys (``text_key``) of ``key_of(element)`` = (id, content_hash), packed by
    batches of ``_ID_BATCH`` (a compact side input, 24 bytes per element: ``_DigestTable``)."""

    def __init__(self, key_of):
        super().__init__()
        self._key_of = key_of

    def expand(self, pcoll):
        key_of = self._key_of
        return (
            pcoll
            | "Keys" >> beam.Map(lambda element: _keyed_text(*key_of(element)))
            | "Batch" >> beam.BatchElements(min_batch_size=_ID_BATCH, max_batch_size=_ID_BATCH)
            | "Pack" >> beam.Map(_pack_decisions)
        )


def _first_ends(keyed):
    """(node key, {sig: [(rank, sig, size)], pair: [(b, mask)], bucket: [bucket key]}) -> (b, (node, mask))
    per pair; tagged ``bucket``: (bucket key, node) per oversized bucket the node is in."""
    _key, groups = keyed
    node = next(iter(groups["sig"]), None)
    if node is None:
        return
    for b, mask in groups["pair"]:
        yield b, (node, mask)
    for bucket in groups["bucket"]:
        yield beam.pvalue.TaggedOutput("bucket", (bucket, node))


class _VerifyPairsFn(beam.DoFn):
    """(node key, {sig: [(rank, sig, size)], half: [((rank, sig, size), mask)]}) -> verified edges
    (rank, rank). A pair is checked once, in the first band it shares (``first_shared_band``),
    when that band emitted it (its bit in the mask), as ``_PairBucketFn`` does bucket by bucket."""

    def __init__(self, settings: DedupParams):
        self._settings = settings

    def setup(self):
        self._candidates = Metrics.counter(f"news.{STAGE}", "candidate_pairs")
        self._edges = Metrics.counter(f"news.{STAGE}", "verified_pairs")

    def process(self, keyed):
        _key, groups = keyed
        mine = next(iter(groups["sig"]), None)
        if mine is None:
            return
        rb, sb, nb = mine
        p = self._settings.params
        for (ra, sa, na), mask in groups["half"]:
            if ra[0] == "0" and rb[0] == "0":
                continue  # two earlier survivors: already decided apart
            first = minhash.first_shared_band(sa, sb, p.bands, p.rows)
            if first < 0 or not (mask >> first) & 1:
                continue  # checked in the first band the pair shares only
            self._candidates.inc()
            if is_near_duplicate(sa, sb, na, nb, self._settings):
                self._edges.inc()
                yield (ra, rb) if ra < rb else (rb, ra)


class _VerifiedNearPairs(beam.PTransform):
    """PCollection[(rank, sig, size)] -> PCollection[(rank, rank)]: near-duplicate edges by MinHash LSH.

    Same pairs as grouping every (band key, node) and verifying each bucket (``_PairBucketFn``), with
    small elements through the shuffles: per band, batches of (fingerprint, node key) rows grouped
    by band and bucketed with numpy (``candidate_pairs``); the pairs merged, one per pair, with the
    bands that emitted them; then the signatures of the nodes involved joined to each end and the
    pair verified. A bucket over ``max_bucket_size`` members takes the bucket path (members by rank,
    ``bucket_pairs``), so its cap works as before.
    """

    def __init__(self, settings: DedupParams, signatures, input_bands=None):
        super().__init__()
        self._settings = settings
        self._input_bands = input_bands  # AsSingleton of _InputBandBits, or None
        # AsList side input of the involved node keys -> PCollection[(node key, (rank, sig, size))]
        self._signatures = signatures

    def expand(self, nodes):
        s = self._settings
        banded = (
            nodes
            | "BatchNodes" >> beam.BatchElements(min_batch_size=_BAND_BATCH, max_batch_size=_BAND_BATCH)
            | "BandRows" >> beam.ParDo(
                _BandRowsFn(s.params), *([self._input_bands] if self._input_bands is not None else [])
            ).with_output_types(Tuple[int, bytes])
            | "GroupByBand" >> beam.GroupByKey()
            | "BandPairs" >> beam.ParDo(_BandPairsFn(s)).with_output_types(Tuple[int, bytes]).with_outputs(
                "oversized", "nodes", main="pairs"
            )
        )
        pairs = banded.pairs | "GroupByPairShard" >> beam.GroupByKey() | "MergePairs" >> beam.FlatMap(_merge_pairs)
        sigs = self._signatures(beam.pvalue.AsList(banded.nodes))
        ends = (
            {"sig": sigs, "pair": pairs, "bucket": banded.oversized}
            | "JoinFirstEnds" >> beam.CoGroupByKey()
            | "FirstEnds" >> beam.FlatMap(_first_ends).with_outputs("bucket", main="halves")
        )
        verified = (
            {"sig": sigs, "half": ends.halves}
            | "JoinSecondEnds" >> beam.CoGroupByKey()
            | "VerifyPairs" >> beam.ParDo(_VerifyPairsFn(s))
        )
        bucketed = ends.bucket | "GroupByBucket" >> beam.GroupByKey() | "PairBuckets" >> beam.ParDo(_PairBucketFn(s))
        return (verified, bucketed) | "Edges" >> beam.Flatten()


def _both_ways(edge):
    a, b = edge
    yield a, b
    yield b, a


def _large_star_step(node: str, neighbours: Iterable[str]) -> Iterable[tuple[str, str]]:
    """Large-star, its edges keyed by their larger end (as small-star groups them)."""
    for low, v in large_star(node, neighbours):
        yield v, low


def _small_star_step(node: str, smaller: Iterable[str]) -> Iterable[tuple[str, str]]:
    """Small-star, its edges emitted both ways (as the next large-star, or the parent step, groups them)."""
    for edge in small_star(node, smaller):
        yield from _both_ways(edge)


def _child_of(kv):
    node, parent = kv
    return [(parent, node)] if node != parent else []


class _ConnectComponents(beam.PTransform):
    """PCollection[(rank, rank)] edges -> PCollection[(rank, root rank)] for every non-root node.

    Alternating large-star and small-star rounds, unrolled ``rounds`` times; the root is the
    smallest rank of the component, i.e. its survivor. A last pointer jump repairs a component
    that needed more rounds (counted as ``cc_unconverged``). Each round is two shuffles and two
    steps: every step emits its edges keyed the way the next one groups them.
    """

    def __init__(self, rounds: int):
        super().__init__()
        self._rounds = rounds

    def expand(self, edges):
        edges = edges | "BothWays" >> beam.FlatMap(_both_ways)
        for i in range(self._rounds):
            edges = (
                edges
                | f"LargeStarGroup{i}" >> beam.GroupByKey()
                | f"LargeStar{i}" >> beam.FlatMapTuple(_large_star_step)
                | f"SmallStarGroup{i}" >> beam.GroupByKey()
                | f"SmallStar{i}" >> beam.FlatMapTuple(_small_star_step)
            )
        parents = (
            edges
            | "ParentGroup" >> beam.GroupByKey()
            | "Parent" >> beam.MapTuple(lambda node, nbrs: (node, min(min(nbrs), node)))
        )
        children = parents | "Children" >> beam.FlatMap(_child_of)
        return {"own": parents, "kids": children} | "JumpGroup" >> beam.CoGroupByKey() | "Jump" >> beam.ParDo(_JumpFn())


ConnectComponents = _ConnectComponents  # public: the event stage (transforms/events.py) uses it too


class _JumpFn(beam.DoFn):
    """(node, {own: [parent], kids: [child]}) -> (child, root) per child: the last pointer jump;
    a node whose parent is not its root yet means the rounds did not converge (counted)."""

    def setup(self):
        self._unconverged = Metrics.counter(f"news.{STAGE}", "cc_unconverged")

    def process(self, keyed):
        node, groups = keyed
        own = list(groups["own"])
        root = own[0] if own else node
        if root != node and groups["kids"]:
            self._unconverged.inc()
        for kid in groups["kids"]:
            yield kid, root


class _AssembleFn(_DigestSideFn):
    """(root rank, {members, index}) -> (kept id, duplicate count); tagged: ``duplicates`` (Duplicate),
    ``index_rows`` (dict, when ``stage_index``: a run with a cross-run index): each survivor whose
    (id, text) the index does not hold (side input ``index_ids``: the index's (id, text) keys)."""

    def __init__(self, stage_index: bool = True):
        super().__init__()
        self._stage_index = stage_index

    def setup(self):
        self._near = Metrics.counter(f"news.{STAGE}", "filtered:near")
        self._index = Metrics.counter(f"news.{STAGE}", "filtered:index")
        self._kept = Metrics.counter(f"news.{STAGE}", "kept")

    def process(self, keyed, index_ids=None):
        root_rank, groups = keyed
        members = sorted(groups["members"], key=lambda it: it.rank)
        if members:  # else an earlier run's article that nothing joined
            index = self._lookup(index_ids, "index") if index_ids is not None else None
            yield from self._assemble(root_rank, members, list(groups.get("index", ())), index)

    def _assemble(self, root_rank: str, members: list, entries: list, index: "_DigestTable | None" = None):
        own = [m for m in members if entries and m.id == id_of_rank(root_rank)]
        if entries and not own:  # the component's survivor is an earlier run's article absent from this input
            root_id, root_sig, method, survivors = id_of_rank(root_rank), entries[0], "index", []
            root_hash = hash_of_entry_rank(root_rank)  # which of the article's indexed texts
        else:  # an input leads: the first by rank, or the root entry's article with a new text
            root = own[0] if own else members[0]
            root_id, root_sig, method, survivors = root.id, root.sig, "near", [root]
            root_hash = root.content_hash
            members = [m for m in members if m is not root]
        dropped: list[_Item] = []
        for item in members:
            # An earlier run's survivor present again in this input stays a survivor (idempotent reruns).
            (survivors if item.rank[0] == "0" else dropped).append(item)
        duplicates = []
        for item in dropped:
            (self._index if method == "index" else self._near).inc()
            duplicates.append(Duplicate(item.id, item.source, item.url, root_id, similarity(item.sig, root_sig), method,
                                        duplicate_of_hash=root_hash))
            for a in item.absorbed:
                duplicates.append(Duplicate(a.id, a.source, a.url, root_id, similarity(a.sig, root_sig), a.method,
                                            duplicate_of_hash=root_hash))
        for dup in duplicates:
            yield beam.pvalue.TaggedOutput("duplicates", dup)
        for i, item in enumerate(survivors):
            own = [
                Duplicate(a.id, a.source, a.url, item.id, similarity(a.sig, item.sig), a.method,
                          duplicate_of_hash=item.content_hash)
                for a in item.absorbed
            ]
            for dup in own:
                yield beam.pvalue.TaggedOutput("duplicates", dup)
            count = len(own) + (len(duplicates) if i == 0 and method != "index" else 0)
            self._kept.inc()
            if self._stage_index and item.sig and not _indexed_text(item, index):
                # a new survivor, or an indexed article's new text: staged for the cross-run index
                yield beam.pvalue.TaggedOutput("index_rows", _index_row(item))
            yield item.id, count


def _indexed_text(item: _Item, index: "_DigestTable | None") -> bool:
    """True if the cross-run index holds this item's article with this text (id and text key)."""
    if item.rank[0] == "1":  # its id is not in the index
        return False
    return index is not None and index.has(item.id, text_key(item.content_hash))


def _index_row(item: _Item) -> dict:
    return {
        "id": item.id,
        "source": item.source,
        "url": item.url,
        "content_hash": item.content_hash,
        "published": item.published,
        "text_length": item.text_length,
        "signature": item.sig,
        "shingles": item.size,
    }


_DOC_CODER = beam.coders.registry.get_coder(Document)


_RECORD_HEAD = struct.Struct("<II")  # id length, packed document length


class _PackedDocSink(fileio.FileSink):
    """(id, packed Document) records into a spill file: two little-endian uint32 lengths, the UTF-8
    id, the packed bytes."""

    def open(self, fh):
        self._fh = fh

    def write(self, record):
        doc_id, packed = record
        key = doc_id.encode("utf-8", "surrogatepass")
        self._fh.write(_RECORD_HEAD.pack(len(key), len(packed)) + key + packed)

    def flush(self):
        self._fh.flush()


def _read_packed_docs(path: str) -> Iterable[tuple[str, bytes]]:
    """The (id, packed Document) records of one spill file, in order."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        while head := fh.read(_RECORD_HEAD.size):
            key_len, packed_len = _RECORD_HEAD.unpack(head)
            body = fh.read(key_len + packed_len)
            yield body[:key_len].decode("utf-8", "surrogatepass"), body[key_len:]


class _KeptDocsFn(_DigestSideFn):
    """A spill file of packed Documents -> its kept Documents with ``cluster_id`` and
    ``duplicate_count`` set; a dropped document (its id not among the kept decisions) gives nothing.

    Side input: the kept decisions (``_pack_decisions`` rows, 24 bytes per kept article). The
    documents wait for the decisions in files (``spill_dir``), not in the runner: a runner that
    holds a step's input in memory (the FnApiRunner keeps every PCollection between steps in
    memory, and copies a step's whole input several times while feeding it) held the packed
    documents of every article from the first step to the last (the peak of a million-article run).
    """

    def __init__(self, spill_dir: str):
        super().__init__()
        self._spill_dir = spill_dir

    def setup(self):
        self._decompressor = zstandard.ZstdDecompressor()

    def process(self, written, decisions):
        table = self._lookup(decisions)
        for doc_id, packed in _read_packed_docs(FileSystems.join(self._spill_dir, written.file_name)):
            row = table.find(doc_id)
            if row >= 0:
                doc = _DOC_CODER.decode(self._decompressor.decompress(packed))
                yield doc._replace(cluster_id=doc.id, duplicate_count=table.value(row))


def _spill(spill_dir: str, prefix: str, sink) -> fileio.WriteToFiles:
    """Records into spill files ``<prefix>-*.bin`` under ``spill_dir`` -> their FileResults."""
    return fileio.WriteToFiles(
        path=spill_dir, sink=lambda _dest: sink(), file_naming=fileio.default_file_naming(prefix, ".bin")
    )


def _url_group_key(item: _Item) -> str:
    return "u:" + item.url_key if item.url_key else "i:" + item.rank


def _text_group_key(item: _Item) -> str:
    return "h:" + item.content_hash if item.sig else "i:" + item.rank


class _Assembled(NamedTuple):
    kept: beam.PCollection
    duplicates: beam.PCollection
    index_rows: tuple  # of PCollections


class DropDuplicates(beam.PTransform):
    """PCollection[Document] -> (PCollection[Document] kept, PCollection[Duplicate] dropped).

    Kept documents carry ``content_hash``, ``cluster_id`` (their own id) and ``duplicate_count``.
    With ``index_dir``, earlier runs' survivors are matched too, and this run's new survivors are
    written under ``self.staging_dir`` for ``commit_index(index_dir, staging_dir)`` to publish.

    The documents wait for the decisions as zstd-packed records in files under ``spill_dir`` (any
    Beam filesystem the workers share; ~1.5 KB per synthetic article): by default a folder under
    the pipeline's ``--temp_location`` when set, else a local temporary folder removed when the
    launching process exits (local runners).
    """

    def __init__(
        self,
        dedup_config: dict,
        index_dir: str | None = None,
        staging_dir: str | None = None,
        spill_dir: str | None = None,
    ):
        super().__init__()
        self._settings = parse_settings(dedup_config)
        self.spill_dir = spill_dir
        self.index_dir = index_dir
        self._index_files: list[str] = []
        self.staging_dir = None
        if index_dir:
            self._index_files = check_index(index_dir, self._settings.params)
            self.staging_dir = staging_dir or new_staging_dir(index_dir)

    def expand(self, docs):
        s = self._settings
        items = (
            docs
            | "Batch" >> beam.BatchElements(min_batch_size=1, max_batch_size=s.batch_size)
            | "Sign" >> beam.ParDo(_SignBatchFn(s)).with_outputs("docs", main="items")
        )
        items, full_docs = items.items, items.docs
        spill_dir = self._spill_path(docs.pipeline)
        # Every item waits in spill files (``_ReadUniqueFn`` reads them again wherever they are
        # needed); only the items that may share a URL or text key with another (side input of the
        # shared key digests, 16 bytes per input to find them) go through the groupings.
        item_files = (
            items
            | "PackItems" >> beam.Map(_pack_item).with_output_types(bytes)
            | "SpillItems" >> _spill(spill_dir, "items", _PackedItemSink)
        )
        shared = beam.pvalue.AsSingleton(
            items
            | "BatchKeys" >> beam.BatchElements(min_batch_size=_ID_BATCH, max_batch_size=_ID_BATCH)
            | "PackKeys" >> beam.Map(lambda batch: (0, _pack_group_digests(batch))).with_output_types(Tuple[int, bytes])
            | "GroupKeys" >> beam.GroupByKey()
            | "SharedKeys" >> beam.FlatMap(_shared_digests),
            default_value=(b"", b""),
        )
        sides = {"shared": shared}
        index_files = None
        if self.index_dir:
            # The index meets the inputs through side inputs of 16-byte id digests, not a join by
            # id (which would hold every input and every entry in one shuffle); its entries are read
            # from the files by each step that needs them.
            index_ids = (
                docs.pipeline
                | "IndexIdFiles" >> beam.Create(self._index_files)
                | "ReadIndexIds" >> beam.FlatMap(read_index_keys)
                | "IndexIds" >> _PackedTextKeys(lambda k: k)
            )
            item_ids = items | "ItemIds" >> _PackedTextKeys(lambda it: (it.id, it.content_hash))
            sides.update(index_ids=beam.pvalue.AsList(index_ids), item_ids=beam.pvalue.AsList(item_ids))
            index_files = docs.pipeline | "IndexFiles" >> beam.Create([("index", f) for f in self._index_files])
        routed = item_files | "SpreadItems" >> beam.Reshuffle() | "RouteItems" >> beam.ParDo(
            _RouteItemsFn(spill_dir), **{k: v for k, v in sides.items() if k != "item_ids"}
        ).with_output_types(Tuple[str, bytes]).with_outputs(
            "url", main="text"
        )
        url_firsts = (
            routed.url
            | "GroupByUrl" >> beam.GroupByKey()
            | "KeepUrlFirst" >> beam.ParDo(_KeepFirstFn("url")).with_output_types(_Item)
            | "SplitTextShared" >> beam.ParDo(_SplitTextSharedFn(), shared)
            .with_output_types(Tuple[str, bytes])
            .with_outputs("unique", main="text")
        )
        text_firsts = (
            (routed.text, url_firsts.text)
            | "ToGroupByText" >> beam.Flatten()
            | "GroupByText" >> beam.GroupByKey()
            | "KeepTextFirst" >> beam.ParDo(_KeepFirstFn("exact")).with_output_types(_Item)
        )
        first_files = (
            (url_firsts.unique, text_firsts)
            | "Firsts" >> beam.Flatten()
            | "PackFirsts" >> beam.Map(_pack_item).with_output_types(bytes)
            | "SpillFirsts" >> _spill(spill_dir, "firsts", _PackedItemSink)
        )
        sources = [
            item_files | "ItemFiles" >> beam.Map(lambda r: ("items", r.file_name)),
            first_files | "FirstFiles" >> beam.Map(lambda r: ("firsts", r.file_name)),
        ]
        if index_files is not None:
            sources.append(index_files)

        def read(label: str, fn: _ReadUniqueFn, outputs=(), **keys):
            # Each reading step has its own (tiny) list of files: steps reading one PCollection are
            # fused into one, and a step that waits for a side input made downstream of another
            # would then wait for itself.
            step = beam.ParDo(fn, **sides, **keys)
            return (
                sources
                | f"{label}Files" >> beam.Flatten()
                | f"{label}Spread" >> beam.Reshuffle()  # the files over the workers (see SpreadSpills)
                | label >> (step.with_outputs(*outputs[1:], main=outputs[0]) if outputs else step)
            )

        input_bands = None
        if self._index_files:  # an index to check against: band only the entries an input may meet
            input_bands = beam.pvalue.AsSingleton(
                items
                | "BatchBands" >> beam.BatchElements(min_batch_size=_BAND_BATCH, max_batch_size=_BAND_BATCH)
                | "InputBands" >> beam.CombineGlobally(_InputBandBits(s.params))
            )
        nodes = read("ReadNodes", _ReadNodesFn(spill_dir))
        edges = nodes | "NearPairs" >> _VerifiedNearPairs(
            s,
            lambda involved: read("CandidateSignatures", _CandidateSignaturesFn(spill_dir), involved=involved),
            input_bands,
        )
        roots = edges | "Components" >> _ConnectComponents(s.cc_rounds)
        linked_keys = beam.pvalue.AsList(edges | "LinkedNodes" >> beam.FlatMap(lambda e: (node_key(e[0]), node_key(e[1]))))
        split = read("SplitLinked", _SplitLinkedFn(spill_dir), ("linked", "alone"), linked=linked_keys)
        groups = {
            "items": split.linked | "ItemsByRank" >> beam.Map(lambda it: (it.rank, it)),
            "roots": roots,
        } | "JoinRoots" >> beam.CoGroupByKey()
        by_root = groups | "KeyByRoot" >> beam.FlatMap(
            lambda kv: [(next(iter(kv[1]["roots"]), kv[0]), it) for it in kv[1]["items"]]
        )
        assemble_in = {"members": by_root}
        if index_files is not None:  # only entries linked to an input can be a component's root
            assemble_in["index"] = read("IndexSigByRank", _LinkedIndexFn(spill_dir), linked=linked_keys)
        index_side = {"index_ids": sides["index_ids"]} if "index_ids" in sides else {}
        joined = (
            assemble_in
            | "GroupByRoot" >> beam.CoGroupByKey()
            | "Assemble" >> beam.ParDo(_AssembleFn(bool(self.index_dir)), **index_side).with_outputs(
                "duplicates", "index_rows", main="kept"
            )
        )
        alone = split.alone | "AssembleAlone" >> beam.ParDo(_AssembleFn(bool(self.index_dir)), **index_side).with_outputs(
            "duplicates", "index_rows", main="kept"
        )
        out = _Assembled(
            *((getattr(joined, tag), getattr(alone, tag)) | f"Flatten_{tag}" >> beam.Flatten() for tag in ("kept", "duplicates")),
            (joined.index_rows, alone.index_rows),  # staged without a Flatten: the runner would hold every new survivor
        )
        decisions = (
            out.kept
            | "BatchKept" >> beam.BatchElements(min_batch_size=_ID_BATCH, max_batch_size=_ID_BATCH)
            | "PackKept" >> beam.Map(_pack_decisions)
        )
        spilled = full_docs | "SpillDocs" >> _spill(spill_dir, "docs", _PackedDocSink)
        # fileio groups every written file under its one destination: without the shuffle one
        # worker reads all spill files back (and runs the fused event features) while the others idle.
        kept = spilled | "SpreadSpills" >> beam.Reshuffle() | "SetCounts" >> beam.ParDo(_KeptDocsFn(spill_dir), beam.pvalue.AsList(decisions)).with_output_types(
            Document
        )
        duplicates = out.duplicates
        if self.index_dir:
            _ = out.index_rows | "StageIndex" >> StageIndexEntries(self.staging_dir, s.params)
        return kept, duplicates

    def _spill_path(self, pipeline) -> str:
        if self.spill_dir is None:
            temp = pipeline.options.view_as(GoogleCloudOptions).temp_location
            if temp:
                self.spill_dir = FileSystems.join(temp, f"newsbeam-dedup-docs-{uuid.uuid4().hex}")
            else:
                self.spill_dir = tempfile.mkdtemp(prefix="newsbeam-dedup-docs-")
                atexit.register(shutil.rmtree, self.spill_dir, True)
        return self.spill_dir
