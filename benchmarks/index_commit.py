"""Cost of ``commit_index``'s check that a staged row's (id, content_hash) is not in the dedup
index yet (``transforms.dedup_index._not_indexed``), cold: the first commit of a process (the
launcher of a batch run commits once; a stream's worker caches each run file's keys after).

    .venv/bin/python benchmarks/index_commit.py --entries 1000000 --files 365 --staged 3000

Builds a synthetic index of ``--entries`` rows in ``--files`` run files under ``--folder``
(kept for later rounds; empty signatures: the check reads the id and content_hash columns only)
and prints wall, CPU and peak RSS of the check for ``--staged`` new rows.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=365)
    ap.add_argument("--staged", type=int, default=3000)
    ap.add_argument("--folder", default=None)
    a = ap.parse_args()
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
