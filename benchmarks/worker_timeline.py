"""Where the workers of a multi-process DirectRunner run idle: per stage, each worker's CPU seconds.

    .venv/bin/python benchmarks/worker_timeline.py --warc /tmp/w5000.warc.gz [--split-mb 8] [--workers 2]
    .venv/bin/python benchmarks/worker_timeline.py --warc-pages 1000 [--split-mb 2]

Runs the ingest pipeline in this process (the launcher) with ``--direct_running_mode=
multi_processing``, and records

* every bundle the FnApiRunner hands to a worker: its fused stage, start and end (by wrapping
  ``fn_runner.BundleManager.process_bundle``, a Beam internal: this is a measuring tool, not a
  test; the runner cuts each stage's input into one part per worker, statically);
* every 0.5 s, the CPU time (user + system, /proc) of every process under this one: each SDK
  worker with its extraction child, and the launcher.

It prints, per stage, its wall time and the CPU seconds each worker spent inside that stage's
window, then the CPU-bound speed-up: all CPU inside stages / the sum over stages of the busiest
worker's CPU (+ the launcher's), what the workers would reach on idle cores. Unlike the wall
ratio of benchmarks/throughput.py this does not depend on the machine's other load: a worker
that runs out of input shows as less CPU in that stage, whatever the neighbours do.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import os
import pathlib
import shutil
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_tree_cpu(root: int) -> dict[int, tuple[float, int]]:
    """{pid: (CPU seconds, parent pid)} of ``root`` and every process under it (Linux /proc)."""
    children, cpu = collections.defaultdict(list), {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        children[int(fields[1])].append(int(name))
        cpu[int(name)] = ((int(fields[11]) + int(fields[12])) / CLOCK_TICKS, int(fields[1]))
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in cpu:
            tree[pid] = cpu[pid]
        todo.extend(children.get(pid, []))
    return tree


class Recorder:
    """Bundles (stage, start, end) from the FnApiRunner and CPU samples of this process tree."""

    def __init__(self, interval: float = 0.5):
        self.t0 = time.time()
        self.bundles: list[tuple[str, float, float]] = []
        self.samples: list[tuple[float, dict]] = []
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.samples.append((time.time() - self.t0, process_tree_cpu(os.getpid())))
            self._stop.wait(self._interval)

    def __enter__(self):
        from apache_beam.runners.portability.fn_api_runner import fn_runner

        original = fn_runner.BundleManager.process_bundle
        recorder = self

        def process_bundle(manager, *args, **kwargs):
            start = time.time() - recorder.t0
            try:
                return original(manager, *args, **kwargs)
            finally:
                recorder.bundles.append((manager.bundle_context_manager.stage.name, start, time.time() - recorder.t0))

        self._restore = lambda: setattr(fn_runner.BundleManager, "process_bundle", original)
        fn_runner.BundleManager.process_bundle = process_bundle
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.samples.append((time.time() - self.t0, process_tree_cpu(os.getpid())))
        self._restore()
        self.end = time.time() - self.t0


def report(rec: Recorder) -> None:
    me = os.getpid()
    parents, cumulative, seen = {}, [], {}
    for _, tree in rec.samples:  # a process that ended keeps its last CPU reading
        for pid, (cpu, parent) in tree.items():
            seen[pid] = max(seen.get(pid, 0.0), cpu)
            parents[pid] = parent
        cumulative.append(dict(seen))
    # SDK workers: python processes started (through a shell) by the launcher
    workers = sorted(p for p, parent in parents.items() if parents.get(parent) == me and p != me)
    workers = workers or sorted(p for p, parent in parents.items() if parent == me)

    def owner(pid):
        for _ in range(8):
            if pid in workers:
                return pid
            if pid == me or pid not in parents:
                return "launcher"
            pid = parents[pid]
        return "launcher"

    windows = []  # (stage, [(start, end) of its parts]): the parts of one stage run at once
    for name, start, end in sorted(rec.bundles, key=lambda b: b[1]):
        if windows and windows[-1][0] == name and start <= max(e for _, e in windows[-1][1]):
            windows[-1][1].append((start, end))
        else:
            windows.append((name, [(start, end)]))
    spans = [(min(p[0] for p in parts), max(p[1] for p in parts)) for _, parts in windows]
    starts = [a for a, _ in spans]
    per_window = [collections.defaultdict(float) for _ in windows]
    outside = collections.defaultdict(float)
    for k in range(1, len(rec.samples)):  # each sampling interval is charged to the stage running at its middle
        middle = (rec.samples[k - 1][0] + rec.samples[k][0]) / 2
        i = bisect.bisect_right(starts, middle) - 1
        into = per_window[i] if i >= 0 and middle <= spans[i][1] else outside
        for pid, cpu in cumulative[k].items():
            into[owner(pid)] += cpu - cumulative[k - 1].get(pid, 0.0)
    print(f"{len(workers)} workers (pids {workers}); load average {os.getloadavg()[0]:.1f}")
    print(f"{'start s':>8} {'wall s':>7} {'parts wall s':>16} " + " ".join(f"{'W' + str(i) + ' CPU':>7}" for i in range(len(workers)))
          + f" {'launcher':>8}  stage")
    inside = critical = staged_wall = 0.0
    for (name, parts), (a, b), cpu in zip(windows, spans, per_window):
        per = [cpu.get(w, 0.0) for w in workers]
        inside += sum(per) + cpu.get("launcher", 0.0)
        critical += max(per, default=0.0) + cpu.get("launcher", 0.0)
        staged_wall += b - a
        if b - a >= 1 or max(per, default=0) >= 1:
            label = name.replace("ref_AppliedPTransform_", "").replace("ref_PCollection_", "").lstrip("(")[:60]
            walls = "/".join(f"{e - s:.1f}" for s, e in parts)
            print(f"{a:8.1f} {b - a:7.1f} {walls:>16} " + " ".join(f"{c:7.1f}" for c in per)
                  + f" {cpu.get('launcher', 0.0):8.1f}  {label}")
    whole = collections.defaultdict(float)
    for pid, cpu in cumulative[-1].items():
        whole[owner(pid)] += cpu
    print(f"whole run: {rec.end:.1f} s wall, CPU per worker " + ", ".join(f"{whole.get(w, 0):.1f}" for w in workers)
          + f" s, launcher {whole.get('launcher', 0):.1f} s; outside any stage (start-up, graph, publishing) "
          f"{rec.end - staged_wall:.1f} s wall, {sum(outside.values()):.1f} CPU-s")
    if critical:
        print(f"CPU inside stages {inside:.1f} s; busiest worker per stage, summed (+ launcher) {critical:.1f} s: "
              f"CPU-bound speed-up {inside / critical:.2f}x of {len(workers)} (what idle cores would give)")


def main() -> None:
    parser = argparse.ArgumentParser(prog="worker_timeline.py", description=__doc__.split("\n")[0])
    parser.add_argument("--warc", help="an existing WARC file to read")
    parser.add_argument("--warc-pages", type=int, default=0, help="write a WARC of at least this many bench captures")
    parser.add_argument("--split-mb", type=float, default=8.0, help="read.split_bytes in MB")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.warc and not args.warc_pages:
        parser.error("give --warc PATH or --warc-pages N")
    work = pathlib.Path(tempfile.mkdtemp(prefix="worker-timeline-"))
    try:
        warc = pathlib.Path(args.warc) if args.warc else work / "big.warc.gz"
        if not args.warc:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from throughput import make_warc

            make_warc(warc, args.warc_pages)
        config = work / "split.yaml"
        config.write_text(f"read:\n  split_bytes: {int(args.split_mb * 1e6)}\n")
        from pipelines import ingest

        with Recorder() as rec:
            ingest.run(["--input", str(warc), "--output", str(work / "out"), "--quiet", "--no-report",
                        "--config", str(config), "--direct_running_mode=multi_processing",
                        f"--direct_num_workers={args.workers}"])
        report(rec)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
