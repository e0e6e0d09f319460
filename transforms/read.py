"""Stage: expand input specs into files and read them into Documents (undecoded bytes).

Input specs are files, directories (read recursively) and glob patterns, on any Beam filesystem
(local paths get extra care: symlinks are not followed out of the input root or into loops, and
FIFOs, sockets and devices are rejected without being opened, so they cannot block the run).
The format comes from the extension. Files are read whole up to ``max_input_bytes``; dumps and
archives are streamed record by record with a cap per record instead (no cap on the file): JSONL
(plain, .gz, .zst) line by line, Parquet batch by batch (transforms/dumps.py), WARC record by
record (transforms/warc.py, where what counts as an input in a WARC is defined).
Every spec, file, line, row and capture record ends as a Document or a Rejected row: nothing is
skipped silently.
"""

from __future__ import annotations

import datetime as dt
import glob as globlib
import hashlib
import json
import os
import re
import stat
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec

from transforms.settings import ConfigError, ReadSettings
from transforms.decode import sanitize
from transforms.progress import MeteredDoFn
from transforms.dumps import Bounded, inflating, iter_lines, iter_parquet_rows, line_split_points, parquet_split_points, row_json
from transforms.records import Document, Rejected, reject, stable_id
from transforms.ticks import EmitTicks
from transforms.warc import WarcNotInput, WarcReject, iter_warc, warc_split_points

__all__ = ["OUTPUT_MARKER", "OneOutcomePerId", "ReadInputs", "WatchFolder", "WatchedFile", "expand_spec", "file_sha256",
           "files_to_read", "first_spelling", "format_of", "listed_files", "parse_jsonl_line", "same_file_key",
           "split_shared_id", "visible_files"]

STAGE = "read"
REJECTED = "rejected"
# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them).
EXPECTED_REJECTS = frozenset({"unsupported_format", "empty_file", "newsbeam_output"})
# The file every output this pipeline publishes holds (pipelines/publish.py writes it): a folder
# with it inside an input folder is a published output, never news (refused as one row).
OUTPUT_MARKER = "_NEWSBEAM_OUTPUT"
_JSONL_STRING_FIELDS = ("url", "html", "text", "title", "published", "publisher", "language", "fetched_at")
_TIME_FIELDS = ("published", "fetched_at")  # also read from epoch numbers (epoch_iso)
_LABEL_FIELDS = ("title", "publisher")  # also read from numbers (their decimal text)
COUNTS = "counts"  # (summary facet, count) of records that are not inputs (WARC requests...)
FORMATS = ("html", "text", "jsonl", "warc", "parquet")
STREAMED = ("jsonl", "warc", "parquet")  # formats read as a stream, record by record


# ---- pure layer ------------------------------------------------------------------------------


def _is_local(spec: str) -> bool:
    return FileSystems.get_scheme(spec) in (None, "file")


def _walk_local(root: str) -> Iterator[tuple[str, str | None]]:
    """(path, None) for each regular file under ``root``, (path, reason) for each entry refused."""
    real_root = os.path.realpath(root)
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=errors.append):
        while errors:  # a folder that cannot be listed (permissions): a rejected row, not a gap
            exc = errors.pop(0)
            yield exc.filename or dirpath, f"unreadable:{type(exc).__name__}"
        if OUTPUT_MARKER in filenames:
            # a published output (or a kept failed run) inside an input folder: its report.html,
            # Parquet tables and summary are this pipeline's own, not news (trial-6 D1)
            yield dirpath, "newsbeam_output"
            dirnames.clear()
            continue
        dirnames.sort()
        for name in list(dirnames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                yield path, _symlink_reason(path, real_root, is_dir=True)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            yield path, _entry_reason(path, real_root)
    for exc in errors:
        yield exc.filename or root, f"unreadable:{type(exc).__name__}"


def _symlink_reason(path: str, real_root: str, *, is_dir: bool) -> str | None:
    target = os.path.realpath(path)
    if not os.path.exists(target):
        return "broken_symlink"
    if os.path.commonpath([target, real_root]) != real_root:
        return "symlink_outside_root"
    if is_dir:
        # A directory link inside the root: its files are read through their real path (or the
        # link is a loop back to an ancestor); following it would read them twice or forever.
        return "symlink_directory_not_followed"
    return None


def _entry_reason(path: str, real_root: str) -> str | None:
    if os.path.islink(path):
        reason = _symlink_reason(path, real_root, is_dir=os.path.isdir(path))
        if reason:
            return reason
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"unreadable:{type(exc).__name__}"
    if not stat.S_ISREG(mode):
        return "not_a_regular_file"  # FIFO, socket, device: never opened
    return None


def canonical_local_path(path: str) -> str:
    """A local path -> its canonical spelling: absolute, normalised, the folders' symlinks resolved
    (a symlink in the last component is kept: the read stage vets it). ``seeds``, ``./seeds/`` and
    ``/abs/seeds`` give one spelling, hence one id per file (``stable_id``)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(folder), name) if name else os.path.realpath(folder)


def same_file_key(path: str) -> str:
    """The key under which two expanded paths are one file: the real path of a local file
    (``os.path.realpath``: ``--input d --input d/a.txt``, ``d`` and ``./d/``, a link to a file of
    the root), the path itself elsewhere. One file must be read once: read twice, its documents
    would share their ids (``stable_id`` of the path) and the run's accounting would break."""
    return os.path.realpath(path) if _is_local(path) else path


def first_spelling(key: str, paths: Iterable[str]) -> str:
    """The path read for one file given several times: its real path when it was given so,
    else the smallest spelling (the same choice on every run)."""
    paths = sorted(set(paths))
    return key if key in paths else paths[0]


def expand_spec(spec: str) -> Iterator[tuple[str, str | None]]:
    """Expand one --input spec into (path, None) for files to read, (path, reason) for refusals.

    Local paths come out canonical (``canonical_local_path``), however the spec spells them."""
    if _is_local(spec):
        local = spec[len("file://") :] if spec.startswith("file://") else spec
        if os.path.isdir(local):
            yield from _walk_local(os.path.realpath(local))
            return
        if os.path.lexists(local):
            local = canonical_local_path(local)
            yield local, _entry_reason(local, os.path.dirname(local))
            return
        matches = sorted(globlib.glob(local, recursive=True))
        if not matches:
            yield spec, "no_such_input"
        for match in matches:
            if os.path.isdir(match):
                yield from _walk_local(os.path.realpath(match))
            else:
                match = canonical_local_path(match)
                yield match, _entry_reason(match, os.path.dirname(match))
        return
    # Remote filesystems (gs://, s3://, hdfs://): a directory is its recursive contents.
    pattern = spec.rstrip("/") + "/**" if spec.endswith("/") else spec
    try:
        results = FileSystems.match([pattern])
        metadata = [m for r in results for m in r.metadata_list]
    except Exception as exc:  # BeamIOError when nothing matched
        yield spec, f"no_such_input:{type(exc).__name__}"
        return
    if not metadata:
        yield spec, "no_such_input"
    for m in sorted(metadata, key=lambda m: m.path):
        yield m.path, None


def has_surrogates(text: str) -> bool:
    """True for strings holding lone surrogates (e.g. undecodable file names, surrogate-escaped)."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def format_of(path: str, formats: dict[str, list[str]]) -> str | None:
    """The input format of a path by its extension (case-insensitive), or None."""
    lower = path.lower()
    for fmt, exts in formats.items():
        if any(lower.endswith(ext) for ext in exts):
            return fmt
    return None


def group_of(path: str) -> str:
    """The publisher scope of a local or remote file: its folder."""
    return os.path.dirname(path) or "."


def parse_jsonl_line(line: bytes, path: str, lineno: int) -> Document:
    """One JSONL line -> Document; raises ValueError with a clear reason code as its first arg.
    A UTF-8 byte-order mark opening the file (line 1; Windows tools write one) is no part of it."""
    try:
        text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("invalid_utf8", str(exc)) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError("invalid_json", str(exc)) from None
    except RecursionError:  # [[[[...]]]] 2,000 deep: the decoder's recursion limit
        raise ValueError("too_deeply_nested", "JSON nested deeper than the decoder's recursion limit") from None
    if not isinstance(obj, dict):
        raise ValueError("not_an_object", f"got {type(obj).__name__}")
    return document_from_fields(obj, path, lineno)._replace(source_sha256=hashlib.sha256(line).hexdigest())


def document_from_fields(obj: dict, path: str, number: int, *, anchor: str = "L") -> Document:
    """The fields of one JSONL line or Parquet row -> Document (``source`` is ``path#L<number>``,
    or ``#R`` for rows); raises ValueError(reason, detail) for wrong types or no body."""
    obj = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in obj.items()}  # Parquet timestamps
    for key in _TIME_FIELDS:  # epoch numbers (Elasticsearch, Kafka, pandas exports): the string's reading
        if _is_number(obj.get(key)):
            obj[key] = epoch_iso(obj[key])
    for key in _LABEL_FIELDS:  # a numeric headline ("1917") or publisher exported as a number
        if _is_number(obj.get(key)):
            obj[key] = format(obj[key], "g") if isinstance(obj[key], float) else str(obj[key])
    for key in _JSONL_STRING_FIELDS:
        if key in obj and obj[key] is not None and not isinstance(obj[key], str):
            raise ValueError("invalid_field", f"{key} must be a string, got {type(obj[key]).__name__}")
    authors = obj.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise ValueError("invalid_field", "authors must be a string or a list of strings")
    # JSON escapes can carry lone surrogates, which no coder can encode: sanitise at the source.
    obj = {k: sanitize(v) if isinstance(v, str) else v for k, v in obj.items()}
    authors = [sanitize(a) for a in authors]
    html, body = obj.get("html") or "", obj.get("text") or ""
    if not html.strip() and not body.strip():
        raise ValueError("missing_body", "neither html nor text holds anything")
    source = f"{path}#{anchor}{number}"
    url = (obj.get("url") or "").strip()
    return Document(
        id=stable_id(path, str(number)) if anchor == "L" else stable_id(path, f"{anchor}{number}"),
        source=source,
        url=url,
        format="jsonl-html" if html.strip() else "jsonl-text",
        html=html,
        text="" if html.strip() else body,
        title=(obj.get("title") or "").strip(),
        publisher=(obj.get("publisher") or "").strip(),
        published=(obj.get("published") or "").strip(),
        authors=[a.strip() for a in authors if a.strip()],
        language=declared_language(obj.get("language") or ""),
        group=_host(url) or group_of(path),
        fetched_at=(obj.get("fetched_at") or "").strip(),
    )


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
# Withdrawn ISO 639-1 codes some exporters still write -> the current ones (what detection gives).
_WITHDRAWN_639_1 = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


def declared_language(value: str) -> str:
    """A JSONL/Parquet ``language`` (a BCP 47 tag, any case, ``_`` or ``-``) -> the language as the
    ``language`` column holds it: ISO 639-1 (``en-GB`` -> ``en``, ``pt_BR`` -> ``pt``, ``zh-Hant-TW``
    -> ``zh``; ISO 639-2/3 ``eng`` -> ``en``, ``fra`` -> ``fr``; a language without a two-letter code
    keeps its three letters, ``ceb``), or "" when it is not a tag (``English``, ``$\\foo$``): the
    language is then detected from the text. Region and script subtags are dropped: detection never
    gives them, and ``en`` / ``en-gb`` rows must group as one language (trial-7 T2)."""
    tag = value.strip().lower().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag):
        return ""
    primary = tag.split("-", 1)[0]
    if len(primary) == 2:
        return _WITHDRAWN_639_1.get(primary, primary)
    import langcodes  # ISO 639-2/3 -> 639-1 (CLDR data); imported only for three-letter tags

    two = langcodes.Language.get(primary).language or primary
    return two if len(two) == 2 else primary


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def epoch_iso(value: float) -> str:
    """Unix epoch seconds (milliseconds when >= 1e11, as JavaScript and Java write them) -> ISO 8601
    UTC. A number no datetime holds (NaN, 1e300) -> its text, which the date reader counts as
    unparseable (``published`` null, the article kept)."""
    try:
        seconds = value / 1000 if abs(value) >= 1e11 else value
        return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return str(value)


def file_mtime(path: str) -> str:
    """The modification time of a local or remote file, ISO 8601 UTC ("" when unknown)."""
    try:
        if _is_local(path):
            seconds = os.stat(path[len("file://") :] if path.startswith("file://") else path).st_mtime
        else:
            seconds = FileSystems.match([path])[0].metadata_list[0].last_updated_in_seconds
    except Exception:  # provenance only: an unknown mtime never fails a read
        return ""
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat()


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _explain(path: str, reason: str) -> str:
    if reason.startswith("symlink") or reason == "broken_symlink":
        try:
            return f"{reason}: {sanitize(path)} -> {sanitize(os.readlink(path))}"
        except OSError:
            pass
    return f"{reason}: {sanitize(path)}"


# ---- DoFns -----------------------------------------------------------------------------------


def visible_files(folder: str) -> list[str]:
    """Every file under ``folder`` (any Beam filesystem) whose name does not start with "."."""
    return [path for path, _size, _mtime in listed_files(folder)]


def listed_files(folder: str) -> list[tuple[str, int, float]]:
    """(path, size in bytes, modification time in seconds) of every file under ``folder`` (any Beam
    filesystem) whose name does not start with "." (the time is 0.0 where the filesystem gives none)."""
    pattern = FileSystems.join(folder.rstrip("/"), "**")
    found = [(m.path, m.size_in_bytes, m.last_updated_in_seconds or 0.0)
             for r in FileSystems.match([pattern]) for m in r.metadata_list]
    return sorted(f for f in found if not any(part.startswith(".") for part in f[0][len(folder):].split("/")))


def file_sha256(path: str) -> str:
    """SHA-256 (hex) of a file's bytes (any Beam filesystem), read in 1 MiB blocks; raises OSError."""
    digest = hashlib.sha256()
    with FileSystems.open(path, compression_type="uncompressed") as fh:  # BeamIOError is an OSError
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class WatchedFile(NamedTuple):
    """What a folder watcher remembers of a file it read: its size, mtime and content hash."""

    size: int
    mtime: float
    sha256: str | None  # None: not known (a path an earlier run published without its hash)


def files_to_read(listed: Iterable[tuple[str, int, float]], known: dict, published: dict | None = None,
                  digest=file_sha256) -> tuple[list[tuple[str, str]], int, int]:
    """One listing of a watched folder -> ([(path, "new" | "changed")] to read, unchanged
    rewrites, entries of ``known`` updated).

    ``known`` (path -> WatchedFile, updated in place) holds every file read before, removed ones
    too. A file is read when its path is new, or when its size or mtime moved AND its SHA-256
    differs from the content read last (a file rewritten in place, or removed and added back, with
    new content: the correction of an article). Same bytes under a new mtime (``touch``, a copy
    written again) are not read again: counted as unchanged rewrites. ``published`` (path -> the
    SHA-256s an earlier run of this stream published for it; an empty set = published, content
    not known) seeds ``known`` for a restarted stream: a file changed while it was stopped is read.
    A file that cannot be hashed (removed meanwhile, unreadable) is handed to the reader, which
    says why in a ``read`` row, and is not retried until its size or mtime moves.
    """
    fresh, unchanged, updated = [], 0, 0
    published = published or {}
    for path, size, mtime in listed:
        before = known.get(path)
        if before is not None and (before.size, before.mtime) == (size, mtime):
            continue
        try:
            sha = digest(path)
        except OSError:
            sha = ""
        known[path] = WatchedFile(size, mtime, sha)
        updated += 1
        if before is None and path in published:  # a restarted stream: read when changed meanwhile
            hashes = published[path]
            if not hashes or sha in hashes:
                continue
            fresh.append((path, "changed"))
        elif before is None:
            fresh.append((path, "new"))
        elif before.sha256 is None or (sha and sha == before.sha256):
            unchanged += 1
        else:
            fresh.append((path, "changed"))
    return fresh, unchanged, updated


class _OncePerPathFn(beam.DoFn):
    """(folder, [(path, size, mtime)]) -> path, for each new file and each file whose content changed
    (``files_to_read``; what was read is kept in state per folder)."""

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())

    def __init__(self, published: dict | None = None):
        self._published = published or {}  # files an earlier run of this stream already published

    def setup(self):
        self._counters = {name: Metrics.counter("news.watch", name)
                          for name in ("new_files", "changed_files", "unchanged_rewrites")}

    def process(self, keyed, seen=beam.DoFn.StateParam(SEEN)):
        _folder, listed = keyed
        known = seen.read() or {}
        if isinstance(known, (set, frozenset)):  # state of a version that kept paths only
            known = {path: WatchedFile(-1, -1.0, None) for path in known}
        fresh, unchanged, updated = files_to_read(listed, known, self._published)
        if not updated:
            return
        seen.write(known)
        if unchanged:
            self._counters["unchanged_rewrites"].inc(unchanged)
        for path, why in fresh:
            self._counters[f"{why}_files"].inc()
            yield path


class _ExpandSpecFn(beam.DoFn):
    """str (an --input spec) -> str (a file path); refused entries -> Rejected."""

    def setup(self):
        self._refused = Metrics.counter("news.read", "refused")

    def process(self, spec: str):
        for path, reason in expand_spec(spec):
            if not reason and has_surrogates(path):
                reason = "undecodable_file_name"  # not valid UTF-8 on disk: no coder can carry it
            if reason:
                self._refused.inc()
                shown = sanitize(path)
                yield beam.pvalue.TaggedOutput(REJECTED, reject(shown, STAGE, reason.split(":")[0], _explain(path, reason)))
            else:
                yield path


class _OncePerFileFn(beam.DoFn):
    """(same_file_key, [path]) -> the path to read, once. Overlapping --input specs that name one
    file more than once give two summary facets: ``files_named_more_than_once`` (files) and
    ``files_given_twice`` (the extra namings: a file named 3 times counts 2)."""

    def setup(self):
        self._twice = Metrics.counter("news.read", "files_given_twice")

    def process(self, keyed):
        key, paths = keyed
        paths = list(paths)
        if len(paths) > 1:
            self._twice.inc(len(paths) - 1)
            yield beam.pvalue.TaggedOutput(COUNTS, ("files_given_twice", len(paths) - 1))
            yield beam.pvalue.TaggedOutput(COUNTS, ("files_named_more_than_once", 1))
        yield first_spelling(key, paths)


class _ReadFileFn(MeteredDoFn, beam.DoFn):
    """str (a file path) -> Document(s) with raw bytes; unsupported or unreadable -> Rejected."""

    STAGE = "read"

    def __init__(self, formats: dict, max_bytes: int, max_line_bytes: int | None = None, *, count_tag: str | None = None):
        self._formats = formats
        self._max_bytes = max_bytes  # per file (html, text) and per WARC payload
        self._max_line_bytes = max_line_bytes or max_bytes  # per JSONL line / Parquet row
        self._count_tag = count_tag  # where (facet, count) of non-input records go; None: counters only

    def setup(self):
        super().setup()
        self._docs = Metrics.counter("news.read", "documents")
        self._rejects = Metrics.counter("news.read", "rejected")
        self._counters: dict = {}

    def _counter(self, name: str):
        if name not in self._counters:
            self._counters[name] = Metrics.counter("news.read", name)
        return self._counters[name]

    def _reject(self, source: str, reason: str, detail: str = "", *, ident: str | None = None):
        self._rejects.inc()
        row = reject(source, STAGE, reason, detail)
        if ident:
            row = row._replace(id=ident)
        return beam.pvalue.TaggedOutput(REJECTED, row)

    def handle(self, element: str | ReadRange):
        if isinstance(element, ReadRange):
            yield from self._streamed(element.path, format_of(element.path, self._formats), element)
            return
        path = element
        fmt = format_of(path, self._formats)
        if fmt is None:
            ext = os.path.splitext(path)[1] or "(none)"
            yield self._reject(path, "unsupported_format", f"extension {ext}")
            return
        if fmt in STREAMED:
            yield from self._streamed(path, fmt)
            return
        try:
            data = self._read(path)
        except _TooLarge as exc:
            yield self._reject(path, "too_large", str(exc))
            return
        except OSError as exc:
            yield self._reject(path, "unreadable", f"{type(exc).__name__}: {exc}")
            return
        if not data.strip():
            yield self._reject(path, "empty_file", f"{len(data)} bytes")
            return
        self._docs.inc()
        yield Document(id=stable_id(path), source=path, url="", format=fmt, raw=data, group=group_of(path),
                       fetched_at=file_mtime(path), source_sha256=hashlib.sha256(data).hexdigest())

    def _read(self, path: str) -> bytes:
        with FileSystems.open(path, compression_type="uncompressed") as fh:
            data = fh.read(self._max_bytes + 1)
        if len(data) > self._max_bytes:
            raise _TooLarge(f"more than {self._max_bytes} bytes")
        return data

    def _streamed(self, path: str, fmt: str, part: ReadRange | None = None) -> Iterable:
        """A dump or an archive (or one range of it), record by record: never the whole file in
        memory. An error in the middle (a corrupt gzip member...) keeps what was read and rejects
        the rest as one row."""
        produced = 0
        try:
            # .gz / .zst JSONL is inflated as it is read; a WARC's gzip members are FastWARC's.
            with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
                if part is not None and fmt != "parquet":
                    fh.seek(part.start)
                if fmt == "jsonl" and part is None:
                    fh = inflating(fh, path)
                records = {"jsonl": self._jsonl, "warc": self._warc, "parquet": self._parquet}[fmt](path, fh, part)
                for out in records:
                    produced += 1
                    yield out
        except (OSError, EOFError, ValueError, RuntimeError) as exc:  # open, inflate or parse failed
            where = f"after {produced} records" if produced else "before any record"
            reason = "unreadable" if not produced else "unreadable_rest"
            if isinstance(exc, ValueError) and exc.args and exc.args[0] == "no_known_columns":
                reason = exc.args[0]
            at = f"@{part.start}" if part else ""
            yield self._reject(f"{path}#rest{at}", reason,
                               f"{where}: {type(exc).__name__}: {exc}", ident=stable_id(path, "rest" + at))
            return
        if not produced and part is None:
            yield self._reject(path, "empty_file", "no records")

    def _jsonl(self, path: str, fh, part: ReadRange | None) -> Iterable:
        mtime = file_mtime(path)
        if part is not None:
            fh = Bounded(fh, part.end - part.start)
        for line in iter_lines(fh, self._max_line_bytes, first_number=part.first if part else 1):
            ident, source = stable_id(path, str(line.number)), f"{path}#L{line.number}"
            if line.data is None:
                yield self._reject(source, "line_too_large", f"line {line.number}: {line.length} bytes, more than "
                                   f"{self._max_line_bytes}", ident=ident)
                continue
            if not line.data.strip():
                continue  # blank lines are not records
            try:
                doc = parse_jsonl_line(line.data, path, line.number)
            except ValueError as exc:
                reason, detail = exc.args[0], exc.args[1] if len(exc.args) > 1 else ""
                yield self._reject(source, reason, f"line {line.number}: {detail}", ident=ident)
                continue
            self._docs.inc()
            yield doc if doc.fetched_at else doc._replace(fetched_at=mtime)

    def _parquet(self, path: str, fh, part: ReadRange | None) -> Iterable:
        mtime = file_mtime(path)
        groups = range(part.start, part.end) if part else None  # a Parquet range is of row groups
        for number, row in iter_parquet_rows(fh, row_groups=groups, first_number=part.first if part else 1):
            ident, source = stable_id(path, f"R{number}"), f"{path}#R{number}"
            data = row_json(row)
            if len(data) > self._max_line_bytes:
                yield self._reject(source, "row_too_large", f"row {number}: {len(data)} bytes as JSON, more than "
                                   f"{self._max_line_bytes}", ident=ident)
                continue
            try:
                doc = document_from_fields(row, path, number, anchor="R")
            except ValueError as exc:
                yield self._reject(source, exc.args[0], f"row {number}: {exc.args[1]}", ident=ident)
                continue
            self._docs.inc()
            yield doc._replace(fetched_at=doc.fetched_at or mtime, source_sha256=hashlib.sha256(data).hexdigest())

    def _warc(self, path: str, fh, part: ReadRange | None) -> Iterable:
        not_inputs: dict[str, int] = {}
        for item in iter_warc(fh, path, max_payload_bytes=self._max_bytes, end=part.end if part else None):
            if isinstance(item, WarcNotInput):
                not_inputs[item.record_type] = not_inputs.get(item.record_type, 0) + 1
                self._counter(f"warc_not_input:{item.record_type}").inc()
            elif isinstance(item, WarcReject):
                self._counter(f"filtered:{item.reason}").inc()
                yield self._reject(item.source, item.reason, item.detail, ident=item.id)
            else:
                self._docs.inc()
                yield item
        if self._count_tag:
            for kind, n in sorted(not_inputs.items()):
                yield beam.pvalue.TaggedOutput(self._count_tag, (f"warc_records_not_inputs\x1f{kind}", n))


class _TooLarge(OSError):
    pass


class ReadRange(NamedTuple):
    """One part of a large file, read by one worker: bytes [start, end) cut at record starts
    (JSONL, WARC) or row groups [start, end) (Parquet); ``first`` numbers its first line/row."""

    path: str
    start: int
    end: int
    first: int = 1


def split_file(path: str, fmt: str | None, split_bytes: int) -> list[ReadRange]:
    """The ranges of a file larger than ``split_bytes`` in a splittable format (uncompressed
    JSONL, WARC, Parquet), from one offset pass (JSONL: newlines, WARC: record headers, Parquet:
    its footer); [] when the file is read whole (small, compressed JSONL, other formats)."""
    if fmt not in STREAMED or (fmt == "jsonl" and CompressionTypes.detect_compression_type(path) != CompressionTypes.UNCOMPRESSED):
        return []
    try:
        size = FileSystems.match([path])[0].metadata_list[0].size_in_bytes
    except Exception:
        return []
    if size <= split_bytes:
        return []
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        if fmt == "parquet":
            return [ReadRange(path, a, b, first) for a, b, first in parquet_split_points(fh, split_bytes)]
        if fmt == "warc":
            points = [(offset, 1) for offset in warc_split_points(fh, split_bytes)]
        else:
            points = line_split_points(fh, split_bytes)
    ends = [p[0] for p in points[1:]] + [size]
    return [ReadRange(path, start, end, first) for (start, first), end in zip(points, ends)]


class _SplitFileFn(beam.DoFn):
    """str (a file path) -> the path itself, or ReadRanges of it when it is large and splittable,
    so that one big file is read (and its documents processed) by several workers."""

    def __init__(self, formats: dict, split_bytes: int):
        self._formats = formats
        self._split_bytes = split_bytes

    def setup(self):
        self._ranges = Metrics.counter("news.read", "ranges")

    def process(self, path: str):
        try:
            ranges = split_file(path, format_of(path, self._formats), self._split_bytes)
        except Exception:  # a file the offset pass cannot read is read whole, and its error reported there
            ranges = []
        if len(ranges) < 2:
            yield path
            return
        self._ranges.inc(len(ranges))
        yield from ranges


# ---- composite -------------------------------------------------------------------------------


def _read_settings(config: dict) -> tuple[dict, int]:
    """The ``read`` section checked: ({format: [extensions]}, max_input_bytes); raises ConfigError."""
    settings = ReadSettings.parse(config)
    for fmt in settings.formats:
        if fmt not in FORMATS:
            raise ConfigError(f"read.formats: unknown format {fmt!r} ({', '.join(FORMATS)})")
    return {fmt: [e.lower() for e in exts] for fmt, exts in settings.formats.items()}, settings.max_input_bytes


def _read_limits(config: dict) -> tuple[int, int]:
    """(max_line_bytes, split_bytes) of the ``read`` section, both optional (defaults:
    max_input_bytes and 64 MB, see ``ReadSettings``); raises ConfigError."""
    settings = ReadSettings.parse(config)
    return settings.max_line_bytes or settings.max_input_bytes, settings.split_bytes


class ReadInputs(beam.PTransform):
    """PBegin -> (ok: PCollection[Document] with raw bytes, failed: PCollection[Rejected]).

    Each file is read once however many specs name it (``same_file_key``); the copies given
    more than once are counted, not read (summary ``files_given_twice``).

    After it is applied, ``not_inputs`` holds (summary facet, count) pairs for the records that
    are not inputs (a WARC's requests, metadata, warcinfo) and for the files given twice, for
    ``WriteOutputs``' summary.
    """

    def __init__(self, specs: list[str], config: dict):
        super().__init__()
        if not specs:
            raise ConfigError("at least one --input is required")
        self._specs = list(specs)
        self._formats, self._max_bytes = _read_settings(config)
        self._max_line_bytes, self._split_bytes = _read_limits(config)
        self.not_inputs = None  # PCollection[(summary facet, count)], set when applied

    def expand(self, pbegin):
        paths = (
            pbegin
            | "Specs" >> beam.Create(self._specs)
            | "Expand" >> beam.ParDo(_ExpandSpecFn()).with_outputs(REJECTED, main="paths")
        )
        once = (
            paths.paths
            | "KeyByFile" >> beam.Map(lambda path: (same_file_key(path), path))
            | "GroupByFile" >> beam.GroupByKey()
            | "OncePerFile" >> beam.ParDo(_OncePerFileFn()).with_outputs(COUNTS, main="paths")
        )
        files = (
            once.paths
            | "SplitLargeFiles" >> beam.ParDo(_SplitFileFn(self._formats, self._split_bytes))
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadFiles" >> beam.ParDo(
                _ReadFileFn(self._formats, self._max_bytes, self._max_line_bytes, count_tag=COUNTS)
            ).with_outputs(REJECTED, COUNTS, main="docs")
        )
        rejected = (paths[REJECTED], files[REJECTED]) | "MergeRejected" >> beam.Flatten()
        self.not_inputs = (files[COUNTS], once[COUNTS]) | "MergeCounts" >> beam.Flatten()
        return files.docs, rejected


def split_shared_id(outcomes: Iterable[Document | Rejected]) -> tuple[Document | Rejected, list[Rejected]]:
    """What inputs made with one id came to (a Document, or the Rejected row of a later stage) ->
    (the one kept: smallest source, a Document before a rejected row, then url), and a rejected
    row ``read:duplicate_id`` for each other one (its own id, derived from the shared id, its
    source and its rank; the detail names the kept source). Two inputs must never share an id:
    the accounting and the dedup stage would count them as one."""
    ordered = sorted(outcomes, key=lambda o: (o.source, isinstance(o, Rejected), getattr(o, "url", "") or "",
                                              getattr(o, "stage", "") or "", getattr(o, "reason", "") or ""))
    first = ordered[0]
    rows = [
        Rejected(stable_id(o.id, o.source, f"duplicate_id{rank}"), o.source, STAGE, "duplicate_id",
                 f"made with the id {o.id} of {first.source}: an input's id must be its own")
        for rank, o in enumerate(ordered[1:], 1)
    ]
    return first, rows


class _SplitSharedIdsFn(beam.DoFn):
    """Document or Rejected -> itself (main) or, when its id is in the side input of shared ids,
    (id, itself) on the ``shared`` output (those are few: grouped again to keep one)."""

    def setup(self):
        self._shared = Metrics.counter("news.read", "duplicate_ids")

    def process(self, outcome, shared):
        if outcome.id in shared:
            self._shared.inc()
            yield beam.pvalue.TaggedOutput("shared", (outcome.id, outcome))
        else:
            yield outcome


def _keep_one(keyed):
    _id, outcomes = keyed
    first, rows = split_shared_id(outcomes)
    yield first if isinstance(first, Document) else beam.pvalue.TaggedOutput(REJECTED, first)
    for row in rows:
        yield beam.pvalue.TaggedOutput(REJECTED, row)


class OneOutcomePerId(beam.PTransform):
    """(PCollection[Document], PCollection[Rejected]) -> the same two, no id in more than one element.

    Every input ends as one Document or one Rejected row, under its own id; when two inputs come
    out with one id (a bug in an id scheme: ids are unique by construction, each file read once
    with ids from its path and the record's place in it, each URL fetched once with its canonical
    URL's id), one outcome is kept and each other one becomes a rejected row ``read:duplicate_id``
    naming the kept source, so the run's accounting (``inputs == articles + duplicates +
    rejected``) still holds and the cause is visible per row.

    Apply it where documents no longer carry their raw bytes (after the clean stage, before
    dedup): the split waits for the count of every id (a side input), and what waits is held by
    the runner. Before the decode stage that was every raw page: 1 GB of WARC pages took 5+ GB of
    memory on the DirectRunner (benchmarks/id_guard.py). Only ids are counted; the few outcomes of
    shared ids are grouped again.
    """

    def expand(self, pcolls):
        docs, rejected = pcolls
        shared = (
            (docs | "DocIds" >> beam.Map(lambda doc: doc.id), rejected | "RejectedIds" >> beam.Map(lambda row: row.id))
            | "AllIds" >> beam.Flatten()
            | "PairIds" >> beam.Map(lambda ident: (ident, 1))
            | "CountPerId" >> beam.CombinePerKey(sum)
            | "Shared" >> beam.Filter(lambda kv: kv[1] > 1)
        )
        shared_ids = beam.pvalue.AsDict(shared)
        split_docs = docs | "SplitDocs" >> beam.ParDo(_SplitSharedIdsFn(), shared=shared_ids).with_outputs("shared", main="ok")
        split_rows = rejected | "SplitRejected" >> beam.ParDo(_SplitSharedIdsFn(), shared=shared_ids).with_outputs("shared", main="ok")
        kept = (
            (split_docs.shared, split_rows.shared)
            | "AllShared" >> beam.Flatten()
            | "GroupShared" >> beam.GroupByKey()
            | "KeepOne" >> beam.FlatMap(_keep_one).with_outputs(REJECTED, main="docs")
        )
        return (
            (split_docs.ok, kept.docs) | "DistinctDocs" >> beam.Flatten(),
            (split_rows.ok, kept[REJECTED]) | "DistinctRejected" >> beam.Flatten(),
        )


class WatchFolder(beam.PTransform):
    """PBegin -> (docs: PCollection[Document] with raw bytes, rejected: PCollection[Rejected]),
    unbounded: ``folder`` (any Beam filesystem) is listed every ``interval`` seconds from
    ``start`` until ``stop`` (a Timestamp; MAX_TIMESTAMP for never) or until ``stop_file`` exists
    (``transforms.ticks``). Every new file is read, and read again whenever its content changes
    (``files_to_read``: size or mtime moved, then SHA-256): a file rewritten in place with a
    corrected article, or removed and added back with new content. The same bytes again are not
    read. Names starting with "." are skipped: write a file under a hidden name and rename it, so
    a half-written file is never read.

    ``published``: what a restarted stream's earlier run published, either source paths (not
    read again) or a mapping path -> the SHA-256s published for it (read again when the file now
    holds other bytes; an empty set: not read again).
    """

    def __init__(self, folder: str, config: dict, *, start: float, stop, interval: float,
                 published: Iterable[str] | Mapping[str, Iterable[str]] = (), stop_file: str | None = None):
        super().__init__()
        self._formats, self._max_bytes = _read_settings(config)
        self._max_line_bytes = _read_limits(config)[0]
        self._folder = folder
        if isinstance(published, Mapping):
            self._published = {path: frozenset(hashes) for path, hashes in published.items()}
        else:
            self._published = {path: frozenset() for path in published}
        self._start, self._stop, self._interval = start, stop, interval
        self._stop_file = stop_file

    def expand(self, pbegin):
        folder = self._folder
        read = (
            pbegin
            | "Ticks" >> EmitTicks(start=self._start, stop=self._stop, interval=self._interval, stop_file=self._stop_file)
            | "List" >> beam.Map(lambda _tick: (folder, listed_files(folder))).with_output_types(Tuple[str, Any])
            | "OncePerPath" >> beam.ParDo(_OncePerPathFn(self._published))
            | "ReadFiles" >> beam.ParDo(_ReadFileFn(self._formats, self._max_bytes, self._max_line_bytes)).with_outputs(REJECTED, main="docs")
        )
        return read.docs, read[REJECTED]
