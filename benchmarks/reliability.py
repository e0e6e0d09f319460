"""Reliability benchmark: the bad-input corpus through the whole pipeline; wall time and peak memory.

    .venv/bin/python benchmarks/reliability.py [--runs 3]

Prints per-run wall seconds and peak RSS of the pipeline process (a child process, so the
figure is the pipeline's own), the median, and the run's accounting.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="reliability-"))
    try:
        cases = hostile_corpus.build(work / "corpus")
        size = sum(p.stat().st_size for p in (work / "corpus").rglob("*") if p.is_file() and not p.is_symlink())
        print(f"corpus: {len(cases) - 1} inputs, {size / 1e6:.1f} MB")
        walls, peaks = [], []
        for i in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "pipelines.ingest", "--input", str(work / "corpus"), "--output", str(work / "out"),
                 "--quiet", "--no-report", "--direct_num_workers=1", "--direct_running_mode=in_memory"],
                cwd=ROOT, check=True, stderr=subprocess.DEVNULL,
            )
            walls.append(time.perf_counter() - start)
            peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024)
            print(f"run {i + 1}: {walls[-1]:.1f} s wall, peak RSS <= {peaks[-1]:.0f} MB")
        summary = json.loads((work / "out" / "summary.json").read_text())
        print(f"median wall {statistics.median(walls):.1f} s; peak RSS {max(peaks):.0f} MB")
        print("accounting:", {k: summary[k] for k in ("inputs", "articles", "duplicates", "rejected")})
        print("rejected by reason:", json.dumps(summary["rejected_by_reason"], ensure_ascii=False))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for stale in work.parent.glob(f"{work.name}-outside*"):
            stale.unlink()


if __name__ == "__main__":
    main()
