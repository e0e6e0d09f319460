"""Launcher-side publishing: a run writes into a staging folder, swapped in only when it succeeded.

``run()`` in ``pipelines/ingest.py`` calls, in order: ``remove_stale_staging`` (leftovers of
killed runs), ``staging_dir_for`` (the folder the pipeline writes into), then either
``publish_run`` (final summary written, staging swapped in as the output as a whole, then the
run's new dedup-index entries committed) or ``discard_run`` (a failed run: the previous output
and the index stay as they were). Nothing here runs on a worker.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import uuid

from apache_beam.io.filesystems import FileSystems

from transforms.dedup_index import commit_index, discard_index_staging
from transforms.write import write_summary

__all__ = [
    "discard_run",
    "OUTPUT_MARKER",
    "discard_staging",
    "publish_output",
    "publish_run",
    "remove_stale_staging",
    "staging_dir_for",
    "write_marker",
]


OUTPUT_MARKER = "_NEWSBEAM_OUTPUT"
"""A small JSON file every published output folder holds: this pipeline wrote the folder, so a
later run may replace it (pipelines/preflight.py refuses to replace any other folder)."""


def write_marker(folder: str, info: dict) -> None:
    """Mark ``folder`` (a staging folder about to be published) as written by this pipeline."""
    with FileSystems.create(FileSystems.join(folder, OUTPUT_MARKER), mime_type="application/json") as fh:
        fh.write(json.dumps({"written_by": "newsbeam", **info}, indent=2).encode("utf-8"))


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


def remove_stale_staging(output: str) -> None:
    """Remove staging folders left beside ``output`` by runs that were killed (local only).

    One run per output folder at a time: a concurrent run's staging folder would go too.
    """
    if FileSystems.get_scheme(output) in (None, "file"):
        for stale in glob.glob(f"{glob.escape(output.rstrip('/'))}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)


def discard_staging(staging: str) -> None:
    """Remove a failed run's staging folder (the previous output stays untouched)."""
    try:
        if FileSystems.get_scheme(staging) in (None, "file"):
            shutil.rmtree(staging, ignore_errors=True)
        elif FileSystems.exists(staging + "/"):
            FileSystems.delete([staging + "/"])
    except Exception:  # best effort: never mask the run's own error
        pass


def publish_run(staging: str, output: str, summary: dict, dedup_index: str | None = None,
                index_staging: str | None = None) -> int:
    """Write ``summary`` into ``staging``, swap it in as ``output``, then move the run's staged
    dedup-index entries into ``dedup_index``; returns the index rows added (0 without an index)."""
    write_summary(staging, summary)
    write_marker(staging, {"finished": summary.get("finished")})
    publish_output(staging, output)
    if dedup_index and index_staging:
        return commit_index(dedup_index, index_staging)
    return 0


def discard_run(staging: str, index_staging: str | None = None) -> None:
    """A failed run: remove its staging folder and its staged index entries (best effort)."""
    discard_staging(staging)
    if index_staging:
        discard_index_staging(index_staging)
