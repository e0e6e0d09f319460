"""Launcher-side publishing: a run writes into a staging folder, swapped in only when it succeeded.

``run()`` in ``pipelines/ingest.py`` calls, in order: ``recover`` (finish or undo what a killed
run left: see below), ``remove_stale_staging`` (leftovers of killed runs), ``staging_dir_for``
(the folder the pipeline writes into), then either ``publish_run`` or ``discard_run`` (a failed
run: the previous output and the index stay as they were). Nothing here runs on a worker.

Crash safety (local output folders). ``publish_run`` goes through these steps; a kill at any
moment leaves a complete output (the old or the new one) at the output path, and the next start
(``recover``, under the output's and the index's locks) makes output and index consistent:

1. the staging folder is completed (summary.json, the ``_NEWSBEAM_OUTPUT`` marker with the run's
   token) and the run's staged index entries are marked (``_READY``: the token, the journal's
   and the output's paths);
2. a journal ``<output>.publish.json`` (written to a temp file, fsynced, renamed) records the
   staging folder, the token and the index staging: from here on the run is committed, and a
   kill rolls it forward;
3. the staging folder and the output are exchanged in one ``renameat2(RENAME_EXCHANGE)`` (Linux;
   elsewhere, or on a filesystem without it, two renames: old aside as ``<output>.old-<token>``,
   new in, and ``recover`` finishes a swap killed between them);
4. the staged index entries are committed (``commit_index``: idempotent);
5. the old output (now at the staging path) is removed, then the journal. Only what a run
   writes is deleted (``remove_replaced_output``): a file the user added to the output while the
   run was under way (after the preflight looked) is moved into the new output, or kept in
   ``<output>.kept-<token>``, and the run says so (summary ``user_files_kept``).

``recover`` reads the journal: when the output does not yet carry the run's token it completes
the swap; it commits the index staging, removes the old output and the journal. Without a
journal it removes ``<output>.old-*`` leftovers (restoring one when the output is missing), and
in the index it commits the ``_staging/<uuid>`` folders of committed runs (their journal exists
or their output carries their token) and removes the others (runs killed before they
committed). ``NEWSBEAM_FAULT=publish:<step>`` kills the process (SIGKILL) at a step:
the crash tests use it (tests/test_misuse.py).
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import re
import shutil
import signal
import uuid

from apache_beam.io.filesystems import FileSystems

from transforms.dedup_index import INDEX_TEXTS_PER_ID, commit_index, discard_index_staging
from transforms.read import OUTPUT_MARKER
from transforms.write import write_summary

__all__ = [
    "IndexNotCommitted",
    "discard_run",
    "OUTPUT_MARKER",
    "discard_staging",
    "foreign_entries",
    "publish_output",
    "publish_run",
    "recover",
    "remove_replaced_output",
    "remove_stale_staging",
    "staging_dir_for",
    "update_published_summary",
    "write_marker",
]


# OUTPUT_MARKER (transforms/read.py, its one definition: read refuses such folders as input): a
# small JSON file every published output folder holds: this pipeline wrote the folder, so a later
# run may replace it (pipelines/preflight.py refuses to replace any other folder).


# What a batch run publishes (this module, transforms/write.py publish_parts, pipelines/report.py):
# the swap replaces the folder as a whole, so anything else in it is the user's and must never be
# deleted with it (pipelines/preflight.py refuses such a folder before the run; a file added
# while the run is under way is kept by ``remove_replaced_output``).
_TABLE_FOLDERS = frozenset({"articles", "duplicates", "events", "rejected"})
_OUR_FILES = frozenset({OUTPUT_MARKER, "summary.json", "report.html", "report.html.tmp"})
_PART_NAME = re.compile(r"part-\d{5}-of-\d{5}\.parquet")
KEPT_INFIX = ".kept-"

JOURNAL_SUFFIX = ".publish.json"
READY_FILE = "_READY"
FAULT_ENV = "NEWSBEAM_FAULT"


class IndexNotCommitted(OSError):
    """The run's output WAS published, but moving its staged survivors into the dedup index failed
    (a full disk, a quota, permissions): ``output``, ``dedup_index`` and the OSError as ``reason``.
    The entries stay staged with the run's journal, and the next start (``recover``) commits them."""

    def __init__(self, output: str, dedup_index: str, reason: OSError):
        super().__init__(reason.errno, reason.strerror or str(reason))
        self.output, self.dedup_index, self.reason = output, dedup_index, reason


def write_marker(folder: str, info: dict) -> None:
    """Mark ``folder`` (a staging folder about to be published) as written by this pipeline."""
    with FileSystems.create(FileSystems.join(folder, OUTPUT_MARKER), mime_type="application/json") as fh:
        fh.write(json.dumps({"written_by": "newsbeam", **info}, indent=2).encode("utf-8"))


def _token_of(folder: str) -> str | None:
    """The run token in a local folder's marker (None: no folder, no marker, or unreadable)."""
    try:
        with open(os.path.join(folder, OUTPUT_MARKER), encoding="utf-8") as fh:
            return json.load(fh).get("token")
    except (OSError, ValueError, AttributeError):
        return None


def _fault(step: str) -> None:
    """The crash tests' hook: ``NEWSBEAM_FAULT=publish:<step>`` kills this process at ``step``."""
    if os.environ.get(FAULT_ENV) == f"publish:{step}":
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json_atomically(path: str, data: dict, **dump) -> None:
    tmp = f"{path}.tmp-{uuid.uuid4().hex[:8]}"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, **dump)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(os.path.dirname(os.path.abspath(path)))


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: str, b: str) -> bool:
    """Swap two local paths atomically (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    if os.environ.get("NEWSBEAM_NO_EXCHANGE"):  # the crash tests' switch to the two-rename path
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), a)


def foreign_entries(folder: str) -> list[str]:
    """The entries of an output folder a batch run does not write (paths relative to ``folder``,
    sorted; a foreign folder is named once, not its contents): the user's notebook beside the
    tables, a README in ``articles/``, a symbolic link. Empty: the folder holds only our files.
    Raises OSError when ``folder`` cannot be listed."""
    found: list[str] = []
    with os.scandir(folder) as top:
        for entry in sorted(top, key=lambda e: e.name):
            if entry.name in _TABLE_FOLDERS and entry.is_dir(follow_symlinks=False):
                with os.scandir(entry.path) as parts:
                    found.extend(
                        f"{entry.name}/{part.name}"
                        for part in sorted(parts, key=lambda e: e.name)
                        if not (_PART_NAME.fullmatch(part.name) and part.is_file(follow_symlinks=False))
                    )
            elif not (entry.name in _OUR_FILES and entry.is_file(follow_symlinks=False)):
                found.append(entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""))
    return found


def _remove_ours(folder: str) -> None:
    """Delete, in a local output folder, only the files a batch run writes (``_OUR_FILES``, the
    tables' part files), then each folder that is left empty; anything else stays where it is."""
    for name in _OUR_FILES:
        path = os.path.join(folder, name)
        if os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)
    for table in _TABLE_FOLDERS:
        path = os.path.join(folder, table)
        if not os.path.isdir(path) or os.path.islink(path):
            continue
        with os.scandir(path) as parts:
            for part in parts:
                if _PART_NAME.fullmatch(part.name) and part.is_file(follow_symlinks=False):
                    os.unlink(part.path)
        try:
            os.rmdir(path)  # fails when something that is not ours is (still or newly) in it
        except OSError:
            pass
    try:
        os.rmdir(folder)
    except OSError:
        pass


def remove_replaced_output(old: str, output: str, token: str) -> dict:
    """Remove a local output folder a publish replaced (``old``: the previous ``output``), deleting
    only what a batch run writes: never a file the user put there.

    The preflight refuses an output holding anything else, so such entries (``foreign_entries``)
    were added while the run was under way: each is moved to the same place in the new
    ``output`` (the user finds it where it was put). One that cannot be moved there (the new
    output holds that name), or anything written into ``old`` while it is being emptied, stays:
    ``old`` is then renamed ``<output>.kept-<token>``, which no run removes.

    Returns {} when nothing of the user's was met, else ``{"user_files_kept": [paths relative to
    output, moved into it]}`` plus ``"user_files_left_in": <the kept folder>`` when one is left.
    """
    if not os.path.lexists(old):
        return {}
    moved: list[str] = []
    if os.path.isdir(old) and not os.path.islink(old):
        try:
            foreign = foreign_entries(old)
        except OSError:
            foreign = []
        for rel in foreign:
            name = rel.rstrip("/")
            target = os.path.join(output, name)
            if os.path.lexists(target) or not os.path.isdir(os.path.dirname(target)):
                continue
            try:
                os.rename(os.path.join(old, name), target)
            except OSError:
                continue
            moved.append(rel)
        _remove_ours(old)
    kept: dict = {"user_files_kept": moved} if moved else {}
    if os.path.lexists(old):  # something not ours is still in it: keep the folder under a name no run removes
        left = f"{output.rstrip('/')}{KEPT_INFIX}{token or uuid.uuid4().hex[:12]}"
        if os.path.lexists(left):
            left = f"{left}-{uuid.uuid4().hex[:6]}"
        os.rename(old, left)
        kept.update(user_files_kept=moved, user_files_left_in=left)
    return kept


def staging_dir_for(output: str) -> str:
    """A fresh folder beside ``output`` for this run to write into."""
    return f"{output.rstrip('/')}.staging-{uuid.uuid4().hex[:12]}"


def publish_output(staging: str, output: str, token: str = "") -> dict:
    """Swap the finished staging folder in place of ``output`` as a whole.

    Local: one atomic exchange (the old output lands at the staging path and is removed by
    ``remove_replaced_output``), or, without RENAME_EXCHANGE, two renames (old aside as
    ``<output>.old-<token>``, new in). Other filesystems have no directory rename: the old files
    are deleted and the staged ones renamed. Returns what ``remove_replaced_output`` kept of the
    user's ({} for object stores, which are not checked).
    """
    output = output.rstrip("/")
    kept: dict = {}
    if FileSystems.get_scheme(output) in (None, "file"):
        if not os.path.lexists(output):
            os.rename(staging, output)
        elif _exchange(staging, output):
            _fault("after_swap_before_cleanup")
            kept = remove_replaced_output(staging, output, token)
        else:
            old = f"{output}.old-{token or uuid.uuid4().hex[:12]}"
            os.rename(output, old)
            _fault("after_aside")
            os.rename(staging, output)
            _fault("after_swap_before_cleanup")
            kept = remove_replaced_output(old, output, token)
        _fsync_dir(os.path.dirname(os.path.abspath(output)))
        return kept
    if FileSystems.exists(output + "/"):
        FileSystems.delete([output + "/"])
    staged = [m.path for r in FileSystems.match([staging + "/**"]) for m in r.metadata_list]
    FileSystems.rename(staged, [output + p[len(staging) :] for p in staged])
    FileSystems.delete([staging + "/"])
    return kept


def remove_stale_staging(output: str) -> None:
    """Remove staging folders left beside ``output`` by runs that were killed (local only).

    One run per output folder at a time: a concurrent run's staging folder would go too.
    """
    if FileSystems.get_scheme(output) in (None, "file"):
        for stale in glob.glob(f"{glob.escape(output.rstrip('/'))}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)


def discard_staging(staging: str) -> None:
    """Remove a failed run's staging folder (the previous output stays untouched), or another
    folder the run owns (the dedup stage's spill folder); best effort."""
    try:
        if FileSystems.get_scheme(staging) in (None, "file"):
            shutil.rmtree(staging, ignore_errors=True)
        elif FileSystems.exists(staging + "/"):
            FileSystems.delete([staging + "/"])
    except Exception:  # best effort: never mask the run's own error
        pass


def journal_path(output: str) -> str:
    return output.rstrip("/") + JOURNAL_SUFFIX


def publish_run(staging: str, output: str, summary: dict, dedup_index: str | None = None,
                index_staging: str | None = None, keep_texts: int = INDEX_TEXTS_PER_ID) -> int:
    """Write ``summary`` into ``staging``, swap it in as ``output``, then move the run's staged
    dedup-index entries into ``dedup_index``; returns the index rows added (0 without an index).

    Local outputs go through the journal (module docstring): a kill at any step is finished by
    the next start's ``recover``. When the replaced output held files the user added during the
    run (``remove_replaced_output``: kept, never deleted), ``summary`` and the published
    summary.json gain ``user_files_kept`` (and ``user_files_left_in``)."""
    token = staging.rstrip("/").rsplit("-", 1)[-1]
    write_summary(staging, summary)
    write_marker(staging, {"finished": summary.get("finished"), "token": token})
    local = FileSystems.get_scheme(output) in (None, "file")
    if not local:
        publish_output(staging, output, token)
        return commit_index(dedup_index, index_staging, keep_texts) if dedup_index and index_staging else 0
    committing_index = bool(dedup_index and index_staging and FileSystems.exists(index_staging))
    journal = journal_path(output)
    if committing_index:  # whoever finds it later commits it only once the run is committed (journal)
        _write_json_atomically(os.path.join(index_staging, READY_FILE),
                               {"token": token, "journal": os.path.abspath(journal), "output": os.path.abspath(output)})
    _fault("before_journal")
    _write_json_atomically(journal, {
        "token": token, "staging": os.path.abspath(staging), "output": os.path.abspath(output),
        "dedup_index": dedup_index if committing_index else None,
        "index_staging": index_staging if committing_index else None, "keep_texts": keep_texts,
    })
    _fault("after_journal")
    kept = publish_output(staging, output, token)
    if kept:
        summary.update(kept)
        _write_json_atomically(os.path.join(output.rstrip("/"), "summary.json"), summary, ensure_ascii=False, indent=2)
    _fault("after_swap")
    try:
        added = commit_index(dedup_index, index_staging, keep_texts) if committing_index else 0
    except OSError as exc:  # published already: say so, never "nothing published" (trial-7 T3)
        raise IndexNotCommitted(output, dedup_index or "", exc) from exc
    _fault("after_index")
    os.unlink(journal)
    return added


def update_published_summary(output: str, summary: dict) -> None:
    """Rewrite the published ``output``'s summary.json as ``summary`` (what was learnt after the
    swap: the index rows committed): atomically for a local output (a reader sees the old file or
    the new one), by Beam's filesystem elsewhere."""
    if FileSystems.get_scheme(output) in (None, "file"):
        _write_json_atomically(os.path.join(output.rstrip("/"), "summary.json"), summary, ensure_ascii=False, indent=2)
    else:
        write_summary(output, summary)


def _run_committed(ready_file: str) -> bool:
    """Whether the run that staged these index entries was committed: its journal exists (the
    swap is done or will be rolled forward) or its output carries its token."""
    try:
        with open(ready_file, encoding="utf-8") as fh:
            ready = json.load(fh)
        return os.path.exists(ready["journal"]) or _token_of(ready["output"]) == ready["token"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def recover(output: str, dedup_index: str | None = None) -> list[str]:
    """Finish or undo what a killed run left beside ``output`` and in ``dedup_index`` (local
    only; call it holding both locks). Returns what was done, one line per action, for the log."""
    done: list[str] = []
    if FileSystems.get_scheme(output) not in (None, "file"):
        return done
    output = output.rstrip("/")
    journal = journal_path(output)
    try:
        with open(journal, encoding="utf-8") as fh:
            entry = json.load(fh)
    except FileNotFoundError:
        entry = None
    except (OSError, ValueError):  # a journal is written whole (rename): unreadable means unusable
        entry = None
        os.unlink(journal)
    if entry:
        token, staging = entry["token"], entry["staging"]
        old = f"{output}.old-{token}"
        if _token_of(output) != token:
            if _token_of(staging) == token:
                if not os.path.lexists(output) or _exchange(staging, output) is False:
                    if os.path.lexists(output):
                        os.rename(output, old)
                    os.rename(staging, output)
                done.append(f"rolled the publish of run {token} forward: {output} is its output")
            elif not os.path.lexists(output) and os.path.isdir(old):
                os.rename(old, output)
                done.append(f"rolled back to the previous output of {output}")
        if os.path.lexists(staging) and _token_of(staging) != token:  # the previous output, exchanged out
            done.extend(_kept_lines(remove_replaced_output(staging, output, token), output))
        done.extend(_kept_lines(remove_replaced_output(old, output, token), output))
        if entry.get("index_staging") and _token_of(output) == token:
            added = commit_index(entry["dedup_index"], entry["index_staging"], entry.get("keep_texts", INDEX_TEXTS_PER_ID))
            if added:
                done.append(f"committed run {token}'s {added} survivors to {entry['dedup_index']}")
        os.unlink(journal)
    olds = sorted(glob.glob(f"{glob.escape(output)}.old-*"), key=os.path.getmtime)
    if olds and not os.path.lexists(output):
        os.rename(olds.pop(), output)
        done.append(f"restored {output} from a swap killed halfway")
    for leftover in olds:
        kept = remove_replaced_output(leftover, output, leftover.rsplit(".old-", 1)[-1])
        done.append(f"removed {leftover}")
        done.extend(_kept_lines(kept, output))
    if dedup_index and FileSystems.get_scheme(dedup_index) in (None, "file"):
        root = os.path.join(dedup_index, "_staging")  # dedup_index.new_staging_dir's parent
        for folder in sorted(glob.glob(os.path.join(glob.escape(root), "*"))):
            if _run_committed(os.path.join(folder, READY_FILE)):
                added = commit_index(dedup_index, folder)
                done.append(f"committed {added} staged survivors of a published run to {dedup_index}")
            else:
                shutil.rmtree(folder, ignore_errors=True)
                done.append(f"removed {folder} (a run killed before it published)")
    return done


def _kept_lines(kept: dict, output: str) -> list[str]:
    lines = []
    if kept.get("user_files_kept"):
        lines.append(f"kept files added to {output} during a run (moved into it): {', '.join(kept['user_files_kept'])}")
    if kept.get("user_files_left_in"):
        lines.append(f"kept what could not be moved into {output} in {kept['user_files_left_in']}")
    return lines


def discard_run(staging: str, index_staging: str | None = None) -> None:
    """A failed run: remove its staging folder and its staged index entries (best effort)."""
    discard_staging(staging)
    if index_staging:
        discard_index_staging(index_staging)
