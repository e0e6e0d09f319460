"""Throughput: bare trafilatura.extract vs the whole pipeline, one worker vs two; per-stage profile.

    .venv/bin/python benchmarks/throughput.py [--copies 4] [--runs 3]

The page set is the 181 AEB pages (../shared/bench-data/extraction-aeb/html), each copied
``--copies`` times with a distinct comment so every copy is a distinct input (the pipeline drops
the copies as duplicates, after extracting them like the originals). Every measurement runs in a
child process of this one, alternating between contenders within each round, so machine noise
hits all of them alike; medians are reported. Wall time includes interpreter and Beam start-up
(what a scheduled job pays); the per-stage table comes from the pipeline's own Beam counters.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))
AEB = SHARED / "bench-data" / "extraction-aeb" / "html"

BARE = """
import pathlib, sys, time, trafilatura
paths = sorted(pathlib.Path(sys.argv[1]).glob("*.html"))
start = time.perf_counter()
for p in paths:
    trafilatura.extract(p.read_bytes().decode("utf-8", "replace"))
print(time.perf_counter() - start)
"""


def make_pages(folder: pathlib.Path, copies: int) -> int:
    folder.mkdir(parents=True)
    n = 0
    for page in sorted(AEB.glob("*.html")):
        data = page.read_bytes()
        for c in range(copies):
            (folder / f"{page.stem}-{c}.html").write_bytes(data + f"\n<!-- copy {c} -->\n".encode())
            n += 1
    return n


def run_bare(pages: pathlib.Path) -> tuple[float, float]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", BARE, str(pages)], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, float(out.stdout.strip().splitlines()[-1])


def run_pipeline(pages: pathlib.Path, out: pathlib.Path, workers: int) -> tuple[float, dict]:
    mode = ["--direct_running_mode=in_memory", "--direct_num_workers=1"] if workers == 1 else [
        "--direct_running_mode=multi_processing", f"--direct_num_workers={workers}"]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(pages), "--output", str(out), "--quiet", "--no-report", *mode],
        cwd=ROOT, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    return wall, json.loads((out / "summary.json").read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="throughput-"))
    try:
        n = make_pages(work / "pages", args.copies)
        print(f"page set: {n} pages ({args.copies} copies of the 181 AEB pages), {os.cpu_count()} cores")
        bare_wall, bare_loop, one, two = [], [], [], []
        summary = {}
        for r in range(args.runs):
            w, loop = run_bare(work / "pages")
            bare_wall.append(w)
            bare_loop.append(loop)
            w1, summary = run_pipeline(work / "pages", work / "out1", 1)
            one.append(w1)
            w2, _ = run_pipeline(work / "pages", work / "out2", 2)
            two.append(w2)
            print(f"round {r + 1}: bare {w:.1f} s (loop {loop:.1f} s) | pipeline 1 worker {w1:.1f} s | 2 workers {w2:.1f} s")
        med = statistics.median
        print()
        print(f"{'contender':<34} {'median s':>9} {'pages/s':>8}")
        print(f"{'bare trafilatura.extract (process)':<34} {med(bare_wall):>9.1f} {n / med(bare_wall):>8.1f}")
        print(f"{'bare extract loop only':<34} {med(bare_loop):>9.1f} {n / med(bare_loop):>8.1f}")
        print(f"{'pipeline, 1 worker (in_memory)':<34} {med(one):>9.1f} {n / med(one):>8.1f}")
        print(f"{'pipeline, 2 workers (multi_proc)':<34} {med(two):>9.1f} {n / med(two):>8.1f}")
        print()
        print(f"pipeline(1) speed / bare speed: {med(bare_wall) / med(one):.2f} (target >= 0.80)")
        print(f"2 workers / 1 worker speed-up:  {med(one) / med(two):.2f}x (target >= 1.7x)")
        print()
        print("per-stage profile (last 1-worker run, Beam counters):")
        seconds, elements = summary.get("stage_seconds", {}), summary.get("stage_elements", {})
        total = sum(seconds.values()) or 1
        for stage, s in seconds.items():
            e = elements.get(stage, 0)
            print(f"  {stage:<9} {e:>6} elements {s:>7.2f} s {s / total:>5.0%} {1000 * s / e if e else 0:>7.2f} ms/element")
        print("accounting:", {k: summary.get(k) for k in ("inputs", "articles", "duplicates", "rejected")})
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
