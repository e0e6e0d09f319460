"""Stage: expand input specs into files and read them into Documents (undecoded bytes).

Input specs are files, directories (read recursively) and glob patterns, on any Beam filesystem
(local paths get extra care: symlinks are not followed out of the input root or into loops, and
FIFOs, sockets and devices are rejected without being opened, so they cannot block the run).
The format comes from the extension; JSONL files fan out into one Document per line.
Every spec, file and line ends as a Document or a Rejected row: nothing is skipped silently.
"""

from __future__ import annotations

import glob as globlib
import json
import os
import stat
from typing import Any, Iterable, Iterator, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec

from transforms.settings import ConfigError, ReadSettings
from transforms.decode import sanitize
from transforms.progress import MeteredDoFn
from transforms.records import Document, reject, stable_id

__all__ = ["ReadInputs", "WatchFolder", "expand_spec", "format_of", "parse_jsonl_line", "visible_files"]

STAGE = "read"
REJECTED = "rejected"
# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them).
EXPECTED_REJECTS = frozenset({"unsupported_format", "empty_file"})
_JSONL_STRING_FIELDS = ("url", "html", "text", "title", "published", "publisher", "language")


# ---- pure layer ------------------------------------------------------------------------------


def _is_local(spec: str) -> bool:
    return FileSystems.get_scheme(spec) in (None, "file")


def _walk_local(root: str) -> Iterator[tuple[str, str | None]]:
    """(path, None) for each regular file under ``root``, (path, reason) for each entry refused."""
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames.sort()
        for name in list(dirnames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                yield path, _symlink_reason(path, real_root, is_dir=True)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            yield path, _entry_reason(path, real_root)


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


def expand_spec(spec: str) -> Iterator[tuple[str, str | None]]:
    """Expand one --input spec into (path, None) for files to read, (path, reason) for refusals."""
    if _is_local(spec):
        local = spec[len("file://") :] if spec.startswith("file://") else spec
        if os.path.isdir(local):
            yield from _walk_local(local)
            return
        if os.path.lexists(local):
            yield local, _entry_reason(local, os.path.realpath(os.path.dirname(local) or "."))
            return
        matches = sorted(globlib.glob(local, recursive=True))
        if not matches:
            yield spec, "no_such_input"
        for match in matches:
            if os.path.isdir(match):
                yield from _walk_local(match)
            else:
                yield match, _entry_reason(match, os.path.realpath(os.path.dirname(match) or "."))
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
    """One JSONL line -> Document; raises ValueError with a clear reason code as its first arg."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("invalid_utf8", str(exc)) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError("invalid_json", str(exc)) from None
    if not isinstance(obj, dict):
        raise ValueError("not_an_object", f"got {type(obj).__name__}")
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
    source = f"{path}#L{lineno}"
    url = (obj.get("url") or "").strip()
    return Document(
        id=stable_id(path, str(lineno)),
        source=source,
        url=url,
        format="jsonl-html" if html.strip() else "jsonl-text",
        html=html,
        text="" if html.strip() else body,
        title=(obj.get("title") or "").strip(),
        publisher=(obj.get("publisher") or "").strip(),
        published=(obj.get("published") or "").strip(),
        authors=[a.strip() for a in authors if a.strip()],
        language=(obj.get("language") or "").strip().lower(),
        group=_host(url) or group_of(path),
    )


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
    pattern = FileSystems.join(folder.rstrip("/"), "**")
    paths = [m.path for r in FileSystems.match([pattern]) for m in r.metadata_list]
    return sorted(p for p in paths if not any(part.startswith(".") for part in p[len(folder):].split("/")))


class _OncePerPathFn(beam.DoFn):
    """(folder, [path]) -> path, each path once (the paths seen are kept in state per folder)."""

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())

    def setup(self):
        self._new = Metrics.counter("news.watch", "new_files")

    def process(self, keyed, seen=beam.DoFn.StateParam(SEEN)):
        _folder, paths = keyed
        known = seen.read() or set()
        fresh = [p for p in paths if p not in known]
        if not fresh:
            return
        known.update(fresh)
        seen.write(known)
        for path in fresh:
            self._new.inc()
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


class _ReadFileFn(MeteredDoFn, beam.DoFn):
    """str (a file path) -> Document(s) with raw bytes; unsupported or unreadable -> Rejected."""

    STAGE = "read"

    def __init__(self, formats: dict, max_bytes: int):
        self._formats = formats
        self._max_bytes = max_bytes

    def setup(self):
        super().setup()
        self._docs = Metrics.counter("news.read", "documents")
        self._rejects = Metrics.counter("news.read", "rejected")

    def _reject(self, source: str, reason: str, detail: str = "", *, ident: str | None = None):
        self._rejects.inc()
        row = reject(source, STAGE, reason, detail)
        if ident:
            row = row._replace(id=ident)
        return beam.pvalue.TaggedOutput(REJECTED, row)

    def handle(self, path: str):
        fmt = format_of(path, self._formats)
        if fmt is None:
            ext = os.path.splitext(path)[1] or "(none)"
            yield self._reject(path, "unsupported_format", f"extension {ext}")
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
        if fmt == "jsonl":
            yield from self._jsonl(path, data)
            return
        self._docs.inc()
        yield Document(id=stable_id(path), source=path, url="", format=fmt, raw=data, group=group_of(path))

    def _read(self, path: str) -> bytes:
        with FileSystems.open(path, compression_type="uncompressed") as fh:
            data = fh.read(self._max_bytes + 1)
        if len(data) > self._max_bytes:
            raise _TooLarge(f"more than {self._max_bytes} bytes")
        return data

    def _jsonl(self, path: str, data: bytes) -> Iterable:
        for lineno, line in enumerate(data.split(b"\n"), start=1):
            if not line.strip():
                continue  # blank lines are not records
            try:
                doc = parse_jsonl_line(line.rstrip(b"\r"), path, lineno)
            except ValueError as exc:
                reason, detail = exc.args[0], exc.args[1] if len(exc.args) > 1 else ""
                yield self._reject(f"{path}#L{lineno}", reason, f"line {lineno}: {detail}", ident=stable_id(path, str(lineno)))
                continue
            self._docs.inc()
            yield doc


class _TooLarge(OSError):
    pass


# ---- composite -------------------------------------------------------------------------------


def _read_settings(config: dict) -> tuple[dict, int]:
    """The ``read`` section checked: ({format: [extensions]}, max_input_bytes); raises ConfigError."""
    settings = ReadSettings.parse(config)
    for fmt in settings.formats:
        if fmt not in ("html", "text", "jsonl"):
            raise ConfigError(f"read.formats: unknown format {fmt!r} (html, text, jsonl)")
    return {fmt: [e.lower() for e in exts] for fmt, exts in settings.formats.items()}, settings.max_input_bytes


class ReadInputs(beam.PTransform):
    """PBegin -> (ok: PCollection[Document] with raw bytes, failed: PCollection[Rejected])."""

    def __init__(self, specs: list[str], config: dict):
        super().__init__()
        if not specs:
            raise ConfigError("at least one --input is required")
        self._specs = list(specs)
        self._formats, self._max_bytes = _read_settings(config)

    def expand(self, pbegin):
        paths = (
            pbegin
            | "Specs" >> beam.Create(self._specs)
            | "Expand" >> beam.ParDo(_ExpandSpecFn()).with_outputs(REJECTED, main="paths")
        )
        files = (
            paths.paths
            | "SpreadFiles" >> beam.Reshuffle()
            | "ReadFiles" >> beam.ParDo(_ReadFileFn(self._formats, self._max_bytes)).with_outputs(REJECTED, main="docs")
        )
        rejected = (paths[REJECTED], files[REJECTED]) | "MergeRejected" >> beam.Flatten()
        return files.docs, rejected


class WatchFolder(beam.PTransform):
    """PBegin -> (docs: PCollection[Document] with raw bytes, rejected: PCollection[Rejected]),
    unbounded: ``folder`` (any Beam filesystem) is listed every ``interval`` seconds from
    ``start`` until ``stop`` (a Timestamp; MAX_TIMESTAMP for never) and every new file is read
    once. Names starting with "." are skipped: write a file under a hidden name and rename it, so
    a half-written file is never read.
    """

    def __init__(self, folder: str, config: dict, *, start: float, stop, interval: float):
        super().__init__()
        self._formats, self._max_bytes = _read_settings(config)
        self._folder = folder
        self._start, self._stop, self._interval = start, stop, interval

    def expand(self, pbegin):
        folder = self._folder
        read = (
            pbegin
            | "Ticks" >> PeriodicImpulse(start_timestamp=self._start, stop_timestamp=self._stop,
                                         fire_interval=self._interval)
            | "List" >> beam.Map(lambda _tick: (folder, visible_files(folder))).with_output_types(Tuple[str, Any])
            | "OncePerPath" >> beam.ParDo(_OncePerPathFn())
            | "ReadFiles" >> beam.ParDo(_ReadFileFn(self._formats, self._max_bytes)).with_outputs(REJECTED, main="docs")
        )
        return read.docs, read[REJECTED]
