"""Launcher-side checks that run before any work: each refusal is one line a user can act on.

Everything here looks only at the launcher's own filesystem (local paths); remote paths
(``gs://``, ``s3://``...) are left to the run, which reports what it cannot read as rejected rows.

- ``check_overlaps``: ``--output`` must not equal, contain or lie inside an ``--input``,
  ``--watch``, ``--dedup-index`` or ``--http-cache`` path (symlinks resolved): publishing
  replaces the output folder as a whole, and a run must never delete or re-read its own inputs.
- ``check_output_target``: only a folder this pipeline wrote (``OUTPUT_MARKER`` inside) may be
  replaced, and only while it holds nothing but what a run writes (``foreign_entries``: a user's
  file added to a published folder would be deleted by the swap); anything else is refused. The folder's parent must be writable.
- ``check_index_target``: a local ``--dedup-index`` is absent, empty or an index (never a folder
  of the user's own files, which the index would be written among).
- ``check_inputs``: every local ``--input`` names something to read; ``--feeds`` / ``--urls``
  files exist and list at least one URL.
- ``check_runner``: the ``--runner`` is one Beam knows.
"""

from __future__ import annotations

import difflib
import glob as globlib
import json
import os
import re
import tempfile
from typing import Iterable

from pipelines.config import ConfigError

from pipelines.publish import OUTPUT_MARKER, foreign_entries

__all__ = ["canonical_path", "check_cache_target", "check_index_target", "check_remote_filesystems", "check_inputs", "check_output_target", "check_overlaps", "check_runner", "check_url_file", "foreign_entries", "is_local"]

# What an output folder published before the marker existed holds (accepted as ours only when
# summary.json is there and nothing else is).
_LEGACY_ENTRIES = {"articles", "duplicates", "events", "rejected", "summary.json", "report.html", "report.html.tmp"}
def is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


def _local(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


def canonical_path(path: str) -> str:
    """A local path -> absolute, normalised, symlinks resolved (as far as the path exists)."""
    return os.path.realpath(os.path.abspath(os.path.expanduser(_local(path))))


def _fixed_prefix(spec: str) -> str:
    """The folder part of a glob pattern before its first wildcard (the spec itself otherwise)."""
    if not globlib.has_magic(spec):
        return spec
    parts = []
    for part in _local(spec).split(os.sep):
        if globlib.has_magic(part):
            break
        parts.append(part)
    return os.sep.join(parts) or "."


def _glob_reaches(pattern: str, out: str) -> bool:
    """Whether a glob could read ``out`` or anything in it: a recursive ``**`` above it, or the
    pattern matching ``out`` or one of its folders."""
    import pathlib

    prefix = canonical_path(_fixed_prefix(pattern))
    if not _inside(out, prefix) and not _inside(prefix, out):
        return False
    if _inside(prefix, out) or "**" in pattern:
        return True
    parts, out_parts = pathlib.PurePath(pattern).parts, pathlib.PurePath(out).parts
    for k in range(1, min(len(parts), len(out_parts)) + 1):
        if k in (len(parts), len(out_parts)) and pathlib.PurePath(*out_parts[:k]).match(str(pathlib.PurePath(*parts[:k]))):
            return True  # the pattern matches a folder above the output, or the output and then files in it
    return False


def _inside(child: str, parent: str) -> bool:
    return child == parent or os.path.commonpath([child, parent]) == parent


def check_overlaps(output: str, named_paths: Iterable[tuple[str, str]]) -> None:
    """Raise ConfigError when ``output`` equals, contains or lies inside one of ``named_paths``
    ((flag, path) pairs; remote paths are compared as strings)."""
    out = canonical_path(output) if is_local(output) else output.rstrip("/")
    for flag, path in named_paths:
        if not path:
            continue
        if is_local(output) != is_local(path):
            continue
        if is_local(path) and globlib.has_magic(path) and not _glob_reaches(canonical_path(path), out):
            continue
        other = canonical_path(_fixed_prefix(path)) if is_local(path) else _fixed_prefix(path).rstrip("/")
        if not is_local(path):
            same = out == other
            contains = other.startswith(out + "/")
            within = out.startswith(other + "/")
        else:
            same = out == other
            contains = _inside(other, out)
            within = _inside(out, other)
        if same or contains or within:
            how = "is" if same else ("contains" if contains else "lies inside")
            raise ConfigError(
                f"--output {output} {how} {flag} {path}"
                + (f" (resolved: {other})" if is_local(path) and other != path else "")
                + ": publishing replaces the output folder as a whole; choose an output folder apart from it"
            )


def _is_our_output(folder: str) -> bool:
    if os.path.isfile(os.path.join(folder, OUTPUT_MARKER)):
        return True
    entries = set(os.listdir(folder))
    if "summary.json" not in entries or not entries <= _LEGACY_ENTRIES:
        return False
    try:
        with open(os.path.join(folder, "summary.json"), encoding="utf-8") as fh:
            summary = json.load(fh)
    except (OSError, ValueError):
        return False
    return isinstance(summary, dict) and "inputs" in summary and "accounted" in summary


def check_output_target(output: str) -> None:
    """Raise ConfigError unless ``output`` (local) is absent, an empty folder or a folder this
    pipeline published, and its parent folder can be written (a probe file is created there)."""
    if not is_local(output):
        return
    path = _local(output).rstrip("/") or "/"
    if os.path.lexists(path):
        if os.path.islink(path):
            raise ConfigError(f"--output {output} is a symbolic link; name the real folder")
        if not os.path.isdir(path):
            raise ConfigError(f"--output {output} is an existing file, not a folder this pipeline wrote; "
                              "choose another path")
        try:
            entries = sorted(os.listdir(path))
        except OSError as exc:
            raise ConfigError(f"--output {output} cannot be listed: {exc.strerror}") from None
        if entries and not _is_our_output(path):
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise ConfigError(
                f"--output {output} holds files this pipeline did not write ({shown}; no {OUTPUT_MARKER}); "
                "it would be replaced as a whole: choose an empty or new folder"
            )
        try:
            foreign = foreign_entries(path) if entries else []
        except OSError as exc:
            raise ConfigError(f"--output {output} cannot be listed: {exc.strerror}") from None
        if foreign:
            shown = ", ".join(foreign[:3]) + (f", ... ({len(foreign)} in all)" if len(foreign) > 3 else "")
            raise ConfigError(
                f"--output {output} is a folder this pipeline published, but it also holds files this pipeline "
                f"did not write ({shown}); a run replaces the folder as a whole and would delete them: "
                "move them out, or choose another --output"
            )
    parent = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(parent, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".newsbeam-probe-"):
            pass
    except OSError as exc:
        raise ConfigError(f"--output {output}: cannot write in {parent}: {exc.strerror or exc}") from None


# What a cross-run dedup index holds (transforms/dedup_index.py, transforms/events.py): its
# parameters, one run file per committed run, the staging of runs under way, the events index.
_INDEX_FILE = re.compile(r"(?:run-[0-9A-Za-z_-]+|\.tmp-[0-9A-Za-z_-]+)\.parquet|_params\.json")
_INDEX_FOLDERS = frozenset({"_staging", "events"})


def _index_foreign(folder: str, prefix: str = "") -> list[str]:
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                if entry.name == "events" and not prefix:
                    found.extend(_index_foreign(entry.path, "events/"))
                elif entry.name != "_staging":
                    found.append(f"{prefix}{entry.name}/")
            elif not (_INDEX_FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)):
                found.append(prefix + entry.name)
    return found


def check_index_target(index: str | None) -> None:
    """Raise ConfigError when a local ``--dedup-index`` is something other than absent, an empty
    folder or a dedup index (``_params.json``, ``run-*.parquet``, ``_staging/``, ``events/``): a
    folder of the user's own files would get the index written among them."""
    if not index or not is_local(index):
        return
    path = _local(index).rstrip("/") or "/"
    if not os.path.lexists(path):
        return
    if not os.path.isdir(path) or os.path.islink(path):
        raise ConfigError(f"--dedup-index {index} is not a folder (a file or a symbolic link); name the index folder")
    try:
        foreign = _index_foreign(path)
    except OSError as exc:
        raise ConfigError(f"--dedup-index {index} cannot be listed: {exc.strerror}") from None
    if foreign:
        shown = ", ".join(foreign[:3]) + (f", ... ({len(foreign)} in all)" if len(foreign) > 3 else "")
        raise ConfigError(
            f"--dedup-index {index} holds files this pipeline did not write ({shown}); "
            "an index folder holds only the index: choose an empty or new folder"
        )


def check_cache_target(cache: str | None, read_paths: Iterable[tuple[str, str | None]]) -> None:
    """Raise ConfigError when a local ``--http-cache`` is a file or a symbolic link, a folder this
    pipeline published (its next run would refuse the cache entries as the user's files), or the
    same as or inside a folder the run reads (``read_paths``: (flag, path) pairs of ``--input`` and
    ``--watch``): the next run would read its ``*.http`` entries as inputs (trial-7 T5)."""
    if not cache or not is_local(cache):
        return
    path = _local(cache).rstrip("/") or "/"
    if os.path.lexists(path):
        if not os.path.isdir(path) or os.path.islink(path):
            raise ConfigError(f"--http-cache {cache} is not a folder (a file or a symbolic link); name the cache folder")
        if os.path.isfile(os.path.join(path, OUTPUT_MARKER)):
            raise ConfigError(f"--http-cache {cache} is a folder this pipeline published (it holds {OUTPUT_MARKER}); "
                              "its next run would refuse the cache entries: choose a cache folder of its own")
    real = canonical_path(path)
    for flag, spec in read_paths:
        if not spec or not is_local(spec):
            continue
        if globlib.has_magic(spec) and not _glob_reaches(canonical_path(spec), real):
            continue
        root = canonical_path(_fixed_prefix(spec))
        if real == root or _inside(real, root):
            raise ConfigError(f"--http-cache {cache} lies inside {flag} {spec}: the next run would read its entries "
                              "as input; choose a cache folder apart from the inputs")


# Beam's remote filesystems and the module each needs, with the Beam extra that installs it.
_FILESYSTEM_NEEDS = {
    "s3": ("boto3", "aws"),
    "gs": ("google.cloud.storage", "gcp"),
    "hdfs": ("hdfs", "hadoop"),
    "azfs": ("azure.storage.blob", "azure"),
}


def _importable(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing
        return False


def check_remote_filesystems(named_paths: Iterable[tuple[str, str | None]]) -> None:
    """Raise ConfigError when a path of ``named_paths`` ((flag, path) pairs) is on a remote
    filesystem whose client library is not installed: Beam's own errors say nothing of the extra
    (s3 without boto3: 'Must provide one of client or options', reported as 'no --input matched a
    file', trial-7 T8)."""
    for flag, path in named_paths:
        if not path or is_local(path):
            continue
        scheme = path.split("://", 1)[0].lower()
        module, extra = _FILESYSTEM_NEEDS.get(scheme, (None, None))
        if module and not _importable(module):
            raise ConfigError(f"{flag} {path}: the {scheme}:// filesystem needs Beam's {extra} extra "
                              f"(pip install 'apache-beam[{extra}]' into this environment; {module} is missing)")


def _first_file(folder: str) -> tuple[str | None, str | None]:
    """(a regular file under ``folder``, None) or (None, why nothing can be read)."""
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=errors.append):
        if filenames:
            return os.path.join(dirpath, filenames[0]), None
        dirnames.sort()
    if errors and errors[0].filename in (folder, folder.rstrip("/")):
        return None, f"cannot be read ({errors[0].strerror})"
    return None, "is an empty folder" + (f" (and {len(errors)} unreadable subfolder(s))" if errors else "")


def check_inputs(specs: list[str] | None, *, other_sources: bool = False) -> None:
    """Raise ConfigError for local ``--input`` specs that give nothing to read.

    A path that does not exist (a typo, the nearest name is suggested) or a folder that cannot be
    read is always an error. A glob matching nothing or an empty folder is an error when nothing
    else is there to read (no other spec names a file, no remote spec, no ``other_sources``: feeds,
    URLs); beside other inputs it stays a rejected row (``read:no_such_input``), as a scheduled
    run's empty drop folder may be.
    """
    empty: list[str] = []
    readable = other_sources
    for spec in specs or []:
        if not is_local(spec):
            readable = True
            continue
        path = _local(spec)
        if os.path.isdir(path):
            if not os.access(path, os.R_OK | os.X_OK):
                raise ConfigError(f"--input {spec} cannot be read (permission denied)")
            found, why = _first_file(path)
            if why and why.startswith("cannot"):
                raise ConfigError(f"--input {spec} {why}")
            if found is None:
                empty.append(f"--input {spec} {why}")
            else:
                readable = True
        elif os.path.lexists(path):
            readable = True  # a file (or a link, FIFO...): the read stage accepts or rejects it with a row
        elif globlib.has_magic(path):
            if globlib.glob(path, recursive=True):
                readable = True
            else:
                empty.append(f"--input {spec} matches no file")
        else:
            raise ConfigError(f"--input {spec} does not exist" + _sibling_hint(path))
    if empty and not readable:
        raise ConfigError(f"{empty[0]}: nothing to read")


def _sibling_hint(path: str) -> str:
    folder = os.path.dirname(path) or "."
    try:
        names = os.listdir(folder)
    except OSError:
        return ""
    close = difflib.get_close_matches(os.path.basename(path.rstrip("/")), names, n=1)
    return f" (did you mean {os.path.join(os.path.dirname(path), close[0])}?)" if close else ""


def check_url_file(flag: str, path: str | None, read_url_list) -> list[str]:
    """The URLs of a ``--feeds`` / ``--urls`` file; ConfigError when missing, unreadable or empty."""
    if not path:
        return []
    if is_local(path) and not os.path.isfile(_local(path)):
        raise ConfigError(f"{flag} {path}: no such file" + _sibling_hint(_local(path)))
    try:
        urls = read_url_list(path)
    except OSError as exc:
        raise ConfigError(f"{flag} {path} cannot be read: {exc}") from None
    if not urls:
        raise ConfigError(f"{flag} {path} lists no URL (one per line, # for comments): nothing to read")
    return urls


def check_runner(runner: str | None) -> None:
    """Raise ConfigError for a ``--runner`` Beam does not know, naming the nearest known one."""
    if not runner:
        return
    from apache_beam.runners import runner as beam_runner

    try:
        beam_runner.create_runner(runner)
    except (ValueError, ImportError) as exc:
        from apache_beam.options.pipeline_options import StandardOptions

        known = sorted(StandardOptions.KNOWN_RUNNER_NAMES)
        close = difflib.get_close_matches(runner, known, n=1, cutoff=0.5)
        hint = f" (did you mean --runner={close[0]}?)" if close else ""
        if isinstance(exc, ImportError) and runner in known:
            raise ConfigError(f"--runner={runner} needs an extra that is not installed: {exc}") from None
        raise ConfigError(f"unknown --runner={runner}{hint}; known: {', '.join(known)}") from None
