"""Throughput: bare trafilatura.extract vs the whole pipeline, one worker vs two; per-stage profile.

    .venv/bin/python benchmarks/throughput.py [--copies 8] [--runs 3]

Page set: the 181 AEB pages (../shared/bench-data/extraction-aeb/html), each copied ``--copies``
times with a distinct comment, so every copy is a distinct input (the pipeline extracts, cleans
and tags every copy, then drops all but one per page as exact duplicates).

Contenders, each a child process of this one, alternating within every round so machine noise
hits all alike; medians over rounds:

* bare: ``trafilatura.extract`` (default options) over the page set, pinned to one CPU;
* pipeline, 1 worker (``--direct_running_mode=in_memory --direct_num_workers=1``), pinned to the
  same single CPU, its extraction child included: the same CPU budget as bare;
* pipeline, 1 worker unpinned: what a user gets on this 2-core machine (the extraction child
  runs beside the worker, so "one worker" already uses up to two cores);
* pipeline, 2 workers (``--direct_running_mode=multi_processing --direct_num_workers=2``), both CPUs.

Wall times include interpreter and Beam start-up, what a scheduled job pays. CPU time (user +
system of the contender's whole process tree) is printed beside them: on a virtual machine whose
neighbours steal cycles, wall times of the same run differ by 10-15% from round to round, CPU
times much less, so the CPU-time ratio is the steadier reading of pipeline vs bare. Each contender also
runs on a single page every round: that is its fixed cost, and (wall - fixed) / pages its
marginal cost per page, the steady-state speed that a large input converges to.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
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

ONE_CPU = {min(os.sched_getaffinity(0))}
ALL_CPUS = set(range(os.cpu_count() or 1))


def make_pages(folder: pathlib.Path, copies: int) -> int:
    folder.mkdir(parents=True)
    n = 0
    for page in sorted(AEB.glob("*.html")):
        data = page.read_bytes()
        for c in range(copies):
            (folder / f"{page.stem}-{c}.html").write_bytes(data + f"\n<!-- copy {c} -->\n".encode())
            n += 1
    return n


def _pinned(cpus: set):
    return lambda: os.sched_setaffinity(0, cpus)  # inherited by every process the child starts


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process, grandchildren included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, list[float]] = {}  # contender -> CPU seconds of each full-set run


def run_bare(pages: pathlib.Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BARE, str(pages)], check=True, capture_output=True, preexec_fn=_pinned(ONE_CPU))
    return time.perf_counter() - start


def run_pipeline(pages: pathlib.Path, out: pathlib.Path, workers: int, cpus: set) -> tuple[float, dict]:
    mode = ["--direct_running_mode=in_memory", "--direct_num_workers=1"] if workers == 1 else [
        "--direct_running_mode=multi_processing", f"--direct_num_workers={workers}"]
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(pages), "--output", str(out), "--quiet", "--no-report", *mode],
        cwd=ROOT, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL, preexec_fn=_pinned(cpus),
    )
    wall = time.perf_counter() - start
    return wall, json.loads((out / "summary.json").read_text())


CONTENDERS = {
    "bare": "bare trafilatura.extract, 1 CPU",
    "one": "pipeline, 1 worker, 1 CPU",
    "one_free": "pipeline, 1 worker, unpinned",
    "two": "pipeline, 2 workers, 2 CPUs",
}


def _run(name: str, pages: pathlib.Path, out: pathlib.Path) -> tuple[float, dict]:
    cpu = _children_cpu()
    if name == "bare":
        result = run_bare(pages), {}
    elif name == "one":
        result = run_pipeline(pages, out, 1, ONE_CPU)
    elif name == "one_free":
        result = run_pipeline(pages, out, 1, ALL_CPUS)
    else:
        result = run_pipeline(pages, out, 2, ALL_CPUS)
    CPU.setdefault(name, []).append(_children_cpu() - cpu)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="throughput-"))
    try:
        n = make_pages(work / "pages", args.copies)
        (work / "one").mkdir()
        shutil.copy(sorted((work / "pages").glob("*.html"))[0], work / "one")
        print(f"page set: {n} pages ({args.copies} copies of the 181 AEB pages); {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.2f}")
        walls = {name: [] for name in CONTENDERS}
        fixed = {name: [] for name in CONTENDERS}
        summary = {}
        for r in range(args.runs):
            for name in CONTENDERS:
                fixed[name].append(_run(name, work / "one", work / "out")[0])
                CPU[name].pop()  # only full-set runs are kept
                wall, got = _run(name, work / "pages", work / "out")
                walls[name].append(wall)
                if name == "one":
                    summary = got
            print(f"round {r + 1}: " + " | ".join(f"{name} {walls[name][-1]:.1f} s (1 page {fixed[name][-1]:.1f} s)"
                                               for name in CONTENDERS) + f" | load {os.getloadavg()[0]:.2f}")
        med = statistics.median
        wall = {name: med(v) for name, v in walls.items()}
        base = {name: med(v) for name, v in fixed.items()}
        marginal = {name: (wall[name] - base[name]) / (n - 1) for name in CONTENDERS}
        cpu = {name: med(v) for name, v in CPU.items()}
        print()
        print(f"{'contender':<34} {'wall s':>7} {'pages/s':>8} {'fixed s':>8} {'ms/page':>8} {'CPU s':>7}")
        for name, label in CONTENDERS.items():
            print(f"{label:<34} {wall[name]:>7.1f} {n / wall[name]:>8.1f} {base[name]:>8.1f} "
                  f"{1000 * marginal[name]:>8.1f} {cpu[name]:>7.1f}")
        print()
        print("                                   whole run   marginal (steady state)")
        print(f"pipeline 1 CPU / bare 1 CPU speed:     {wall['bare'] / wall['one']:.2f}        "
              f"{marginal['bare'] / marginal['one']:.2f}   (target >= 0.80)")
        print(f"  the same by CPU time (no steal):     {cpu['bare'] / cpu['one']:.2f}")
        print(f"pipeline unpinned / bare speed:        {wall['bare'] / wall['one_free']:.2f}        "
              f"{marginal['bare'] / marginal['one_free']:.2f}")
        print(f"2 workers / 1 worker (1 CPU):          {wall['one'] / wall['two']:.2f}x       "
              f"{marginal['one'] / marginal['two']:.2f}x  (target >= 1.7x)")
        print(f"2 workers / 1 worker unpinned:         {wall['one_free'] / wall['two']:.2f}x       "
              f"{marginal['one_free'] / marginal['two']:.2f}x")
        print()
        print("per-stage profile (last 1-worker 1-CPU run, Beam counters; stage time excludes Beam's hand-offs):")
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
