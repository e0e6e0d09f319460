"""Cost of ``commit_index``'s check that a staged row's (id, content_hash) is not in the dedup
index yet (``transforms.dedup_index._not_indexed``), cold: the first commit of a process (the
launcher of a batch run commits once; a stream's worker caches each run file's keys after).

    .venv/bin/python benchmarks/index_commit.py --entries 1000000 --files 365 --staged 3000

Builds a synthetic index of ``--entries`` rows in ``--files`` run files under ``--folder``
(kept for later rounds; empty signatures: the check reads the id and content_hash columns only)
and prints wall, CPU and peak RSS of the check for ``--staged`` new rows.

    .venv/bin/python benchmarks/index_commit.py --compact --entries 100000 --files 365 --hot 200

``--compact``: an index where ``--hot`` ids (a drop folder reusing names, an export written under
one name) get a new text every night for ``--files`` nights beside new ids (``--entries`` rows in
all, 512-byte signatures as 128 permutations give): bytes on disk and entries before and after
``dedup_index.compact_index`` (``INDEX_TEXTS_PER_ID`` texts per id), its wall/CPU, and the cost of
the check a later commit makes (``compact_index`` for one night's ids, nothing to drop).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from transforms import dedup_index  # noqa: E402
from transforms.records import INDEX_SCHEMA  # noqa: E402


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def build(folder: str, entries: int, files: int) -> list[str]:
    if not os.path.isdir(folder):
        os.makedirs(folder)
        per = entries // files
        for f in range(files):
            ids = [_digest(f"{f}-{i}", 20) for i in range(per)]
            table = pa.table({
                "id": ids, "source": ids, "url": [""] * per, "content_hash": [_digest(i, 32) for i in ids],
                "published": [""] * per, "text_length": [1000] * per, "signature": [b""] * per, "shingles": [0] * per,
            }).cast(INDEX_SCHEMA)
            pq.write_table(table, os.path.join(folder, f"run-{f:05d}.parquet"))
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("run-"))


def build_rewritten(folder: str, entries: int, files: int, hot: int) -> None:
    os.makedirs(folder)
    per = entries // files
    for f in range(files):
        ids = [f"hot-{i}" for i in range(hot)] + [_digest(f"{f}-{i}", 20) for i in range(per - hot)]
        table = pa.table({
            "id": ids, "source": ids, "url": [""] * per, "content_hash": [_digest(f"{f}/{i}", 32) for i in ids],
            "published": [""] * per, "text_length": [1000] * per, "signature": [os.urandom(512) for _ in ids],
            "shingles": [300] * per,
        }).cast(INDEX_SCHEMA)
        path = os.path.join(folder, f"run-{f:05d}.parquet")
        pq.write_table(table, path)
        os.utime(path, (1_700_000_000 + f * 86400,) * 2)  # night f


def _disk(folder: str) -> tuple[int, int]:
    names = [n for n in os.listdir(folder) if n.startswith("run-")]
    rows = sum(pq.ParquetFile(os.path.join(folder, n)).metadata.num_rows for n in names)
    return sum(os.path.getsize(os.path.join(folder, n)) for n in names), rows


def compact_figures(a) -> None:
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="index-compact-")
    try:
        index = os.path.join(folder, "index")
        build_rewritten(index, a.entries, a.files, a.hot)
        size, rows = _disk(index)
        print(f"before: {rows} entries, {size / 2**20:.1f} MiB on disk ({a.hot} ids x {a.files} texts)")
        wall, cpu = time.perf_counter(), time.process_time()
        total, removed = dedup_index.compact_index(index, dedup_index.INDEX_TEXTS_PER_ID)
        print(f"compact_index (all ids): removed {removed} of {total}, {time.perf_counter() - wall:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} CPU-s")
        size, rows = _disk(index)
        print(f"after: {rows} entries, {size / 2**20:.1f} MiB on disk")
        night = [f"hot-{i}" for i in range(a.hot)] + [_digest(f"0-{i}", 20) for i in range(a.entries // a.files - a.hot)]
        wall, cpu = time.perf_counter(), time.process_time()
        total, removed = dedup_index.compact_index(index, dedup_index.INDEX_TEXTS_PER_ID, ids=night)
        print(f"a later commit's check (one night's {len(night)} ids, cold): removed {removed}, "
              f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} CPU-s, "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=365)
    ap.add_argument("--staged", type=int, default=3000)
    ap.add_argument("--folder", default=None)
    ap.add_argument("--compact", action="store_true", help="index compaction figures (see the docstring)")
    ap.add_argument("--hot", type=int, default=200, help="--compact: ids given a new text every night")
    a = ap.parse_args()
    if a.compact:
        compact_figures(a)
        return
    files = build(a.folder or f"/tmp/index-commit-{a.entries}-{a.files}", a.entries, a.files)
    ids = [_digest(f"new-{i}", 20) for i in range(a.staged)]
    staged = pa.table({"id": ids, "content_hash": [_digest(i, 32) for i in ids]})
    wall, cpu = time.perf_counter(), time.process_time()
    kept = dedup_index._not_indexed(staged, files)
    print(f"entries={a.entries} files={len(files)} staged={a.staged}: kept {kept.num_rows}, "
          f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} CPU-s, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
