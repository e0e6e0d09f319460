"""Throughput: bare trafilatura.extract vs the whole pipeline, one worker vs two; per-stage profile.

    .venv/bin/python benchmarks/throughput.py [--copies 8] [--runs 3]
    .venv/bin/python benchmarks/throughput.py --warc-pages 5000 [--runs 3] [--warc-file PATH] [--together]

WARC mode (``--warc-pages N``, see ``main_warc``): one CC-NEWS-style WARC (gzip per record,
request/response/metadata per capture, written with warcio by tests/warc_corpus.py) of at least N
captures of the real pages of ../shared/bench-data (AEB, DAnIEL, Fundus80: 511 pages, copied
with distinct URLs); bare extraction reads the same WARC records; figures are CPU seconds per
1,000 documents and the marginal costs, 1 worker vs 2 (``read.split_bytes`` cuts the one file
into ranges so both workers read it).

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
import concurrent.futures
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


def run_pipeline(pages: pathlib.Path, out: pathlib.Path, workers: int, cpus: set, extra=()) -> tuple[float, dict]:
    mode = ["--direct_running_mode=in_memory", "--direct_num_workers=1"] if workers == 1 else [
        "--direct_running_mode=multi_processing", f"--direct_num_workers={workers}"]
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(pages), "--output", str(out), "--quiet", "--no-report", *mode, *extra],
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
    parser.add_argument("--warc-pages", type=int, default=0, help="WARC mode: at least this many captures")
    parser.add_argument("--warc-file", help="WARC mode: write the WARC here and reuse it if it exists")
    parser.add_argument("--split-mb", type=float, default=16.0, help="WARC mode: read.split_bytes in MB")
    parser.add_argument("--contenders", default="bare,one,two", help="WARC mode: which contenders run")
    parser.add_argument("--together", action="store_true", help="WARC mode: run the contenders' big runs at once")
    parser.add_argument("--extraction-steps", action="store_true",
                        help="CPU ms per page of each step of the extract stage vs bare trafilatura.extract, in-process")
    args = parser.parse_args()
    if args.extraction_steps:
        extraction_steps(args.runs)
        return
    if args.warc_pages:
        main_warc(args)
        return
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


# ---- WARC mode --------------------------------------------------------------------------------

BENCH = SHARED / "bench-data"

BARE_WARC = """
import sys, time, trafilatura
from fastwarc.warc import ArchiveIterator, WarcRecordType
start = time.perf_counter()
n = 0
with open(sys.argv[1], "rb") as fh:
    for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
        if record.http_headers.status_code != 200:
            continue
        trafilatura.extract(record.reader.read().decode("utf-8", "replace"))
        n += 1
print(n, time.perf_counter() - start)
"""


def bench_pages() -> list[tuple[str, bytes]]:
    """(url, page bytes) of the 511 real pages of ../shared/bench-data: AEB (its index URLs),
    DAnIEL (host from the file name), Fundus80 (publisher from the file name)."""
    pages = []
    for line in (BENCH / "extraction-aeb" / "index.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        pages.append((entry["url"], (BENCH / "extraction-aeb" / entry["html"]).read_bytes()))
    for path in sorted((BENCH / "extraction-daniel" / "html").glob("*.html")):
        _, host, digest = path.stem.split("_", 2)
        pages.append((f"http://{host}/{digest[:16]}.html", path.read_bytes()))
    for path in sorted((BENCH / "extraction-fundus80" / "html").glob("*.html")):
        publisher, number = path.stem.rsplit("_", 1)
        pages.append((f"https://www.{publisher.lower()}.example/article/{number}.html", path.read_bytes()))
    return pages


def make_warc(path: pathlib.Path, at_least: int) -> int:
    """Write a crawler-style WARC of at least ``at_least`` captures (copies of the bench pages
    with distinct URLs ``?copy=N``); returns the number of captures."""
    sys.path.insert(0, str(ROOT))
    from tests.warc_corpus import Capture, write_warc

    pages = bench_pages()
    copies = -(-at_least // len(pages))
    captures = [
        Capture(url if c == 0 else f"{url}{'&' if '?' in url else '?'}copy={c}", body, content_type="text/html")
        for c in range(copies)
        for url, body in pages
    ]
    write_warc(path, captures)
    return len(captures)


def _child(cmd: list, cpus: set) -> tuple[float, float]:
    """Run ``cmd`` as a child process pinned to ``cpus``: (wall s, CPU s). The CPU time is the
    child's own rusage from ``os.wait4`` (user + system of it and of every descendant it waited
    for: the Beam workers and the extraction processes), so contenders may run at the same time."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_pinned(cpus))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


WARC_CONTENDERS = {
    "bare": "bare trafilatura.extract, 1 CPU",
    "one": "pipeline, 1 worker, 1 CPU",
    "two": "pipeline, 2 workers, 2 CPUs",
}


def _run_warc(name: str, warc: pathlib.Path, out: pathlib.Path, config: pathlib.Path) -> tuple[float, float, dict]:
    """(wall s, CPU s of the contender's process tree, summary.json) of one run."""
    if name == "bare":
        return (*_child([sys.executable, "-c", BARE_WARC, str(warc)], ONE_CPU), {})
    mode = ["--direct_running_mode=in_memory", "--direct_num_workers=1"] if name == "one" else [
        "--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu = _child([sys.executable, "-m", "pipelines.ingest", "--input", str(warc), "--output", str(out), "--quiet",
                        "--no-report", "--config", str(config), *mode], ONE_CPU if name == "one" else ALL_CPUS)
    return wall, cpu, json.loads((out / "summary.json").read_text())


def main_warc(args) -> None:
    """WARC mode: bare vs pipeline (1 worker, 1 CPU) vs pipeline (2 workers, 2 CPUs) on one WARC.

    Every round runs each contender on a one-capture WARC (its fixed cost: start-up, models) and
    on the big WARC; medians over rounds. Marginal cost per document = (big - one-capture) /
    (documents - 1), in wall and in CPU seconds (user + system of the contender's whole process
    tree: the extraction child and the Beam worker processes included). ``--together`` runs the
    contenders' big runs at the same time (a machine too busy for sequential rounds: the CPU
    figures stay each contender's own; wall times and the 2-vs-1 wall ratio then say little)."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="throughput-warc-"))
    try:
        warc = pathlib.Path(args.warc_file) if args.warc_file else work / "big.warc.gz"
        started = time.perf_counter()
        if not warc.exists():
            make_warc(warc, args.warc_pages)
        n = _count_responses(warc)
        tiny = work / "one.warc.gz"
        sys.path.insert(0, str(ROOT))
        from tests.warc_corpus import Capture, write_warc

        url, body = bench_pages()[0]
        write_warc(tiny, [Capture(url, body, content_type="text/html")])
        config = work / "split.yaml"
        config.write_text(f"read:\n  split_bytes: {int(args.split_mb * 1e6)}\n")
        names = [c for c in args.contenders.split(",") if c in WARC_CONTENDERS]
        print(f"WARC: {n} captures, {warc.stat().st_size / 1e6:.0f} MB gzip per record ({warc}; "
              f"written/counted in {time.perf_counter() - started:.0f} s); read.split_bytes {args.split_mb:g} MB; "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}; "
              f"{'contenders run together' if args.together else 'contenders one after another'}", flush=True)
        results = {name: {"wall": [], "cpu": [], "fixed_wall": [], "fixed_cpu": []} for name in names}
        summary = {}
        for r in range(args.runs):
            load = os.getloadavg()[0]
            for name in names:
                fixed_wall, fixed_cpu, _ = _run_warc(name, tiny, work / f"out-{name}", config)
                results[name]["fixed_wall"].append(fixed_wall)
                results[name]["fixed_cpu"].append(fixed_cpu)
            if args.together:
                with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
                    runs = dict(zip(names, pool.map(lambda c: _run_warc(c, warc, work / f"out-{c}", config), names)))
            else:
                runs = {name: _run_warc(name, warc, work / f"out-{name}", config) for name in names}
            for name, (wall, cpu, got) in runs.items():
                results[name]["wall"].append(wall)
                results[name]["cpu"].append(cpu)
                if name == "one":
                    summary = got
            print(f"round {r + 1} (load {load:.1f}-{os.getloadavg()[0]:.1f}): " + " | ".join(
                f"{name} {results[name]['wall'][-1]:.0f} s wall {results[name]['cpu'][-1]:.0f} s CPU "
                f"(1 capture {results[name]['fixed_wall'][-1]:.1f} s / {results[name]['fixed_cpu'][-1]:.1f} s CPU)"
                for name in names), flush=True)
        med = {name: {k: statistics.median(v) for k, v in res.items()} for name, res in results.items()}
        print()
        print(f"{'contender':<34} {'wall s':>7} {'CPU s':>7} {'fixed wall':>10} {'fixed CPU':>9} "
              f"{'docs/CPU-s':>10} {'CPU s/1k docs':>13} {'marginal CPU ms':>15} {'marginal wall ms':>16}")
        marg_cpu, marg_wall = {}, {}
        for name in names:
            m = med[name]
            marg_cpu[name] = (m["cpu"] - m["fixed_cpu"]) / (n - 1)
            marg_wall[name] = (m["wall"] - m["fixed_wall"]) / (n - 1)
            print(f"{WARC_CONTENDERS[name]:<34} {m['wall']:>7.1f} {m['cpu']:>7.1f} {m['fixed_wall']:>10.1f} "
                  f"{m['fixed_cpu']:>9.1f} {n / m['cpu']:>10.1f} {1000 * m['cpu'] / n:>13.1f} "
                  f"{1000 * marg_cpu[name]:>15.1f} {1000 * marg_wall[name]:>16.1f}")
        print()
        if "bare" in names and "one" in names:
            b, o = med["bare"], med["one"]
            print(f"pipeline / bare CPU per document, whole run: {o['cpu'] / b['cpu']:.2f}x   "
                  f"marginal: {marg_cpu['one'] / marg_cpu['bare']:.2f}x   (target <= 1.1x)")
        if "one" in names and "two" in names:
            print(f"2 workers / 1 worker speed, wall, whole run: {med['one']['wall'] / med['two']['wall']:.2f}x   "
                  f"marginal: {marg_wall['one'] / marg_wall['two']:.2f}x   (target >= 1.8x)")
            ratio = marg_cpu["two"] / marg_cpu["one"]
            print(f"2 workers / 1 worker CPU per document, marginal: {ratio:.2f}x: with two idle cores and even "
                  f"ranges two workers could reach at most {2 / ratio:.2f}x")
        if summary:
            print()
            print("per-stage profile (1-worker run, Beam counters, wall s; stage time excludes Beam's hand-offs):")
            seconds, elements = summary.get("stage_seconds", {}), summary.get("stage_elements", {})
            for stage, s in seconds.items():
                e = elements.get(stage, 0)
                print(f"  {stage:<9} {e:>6} elements {s:>8.2f} s {1000 * s / e if e else 0:>7.2f} ms/element")
            print("accounting:", {k: summary.get(k) for k in ("inputs", "articles", "duplicates", "rejected")})
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def extraction_steps(runs: int) -> None:
    """CPU ms per page (process time, this process, medians of ``runs`` passes after a warm-up
    pass) of bare ``trafilatura.extract`` and of each step of our extract stage
    (``htmltext.extract_html``) on the 511 bench pages: what the two-candidate extraction costs.
    The default pass and the choice run, as in ``htmltext.main_text``, only on the pages the
    precision text does not settle (``htmltext.settled`` with ``extract.settled_coverage``); their
    figures are per page of all pages, and the "both passes on every page" line adds what the
    default pass and choice cost on the settled pages too (``settled_coverage: 0``)."""
    sys.path.insert(0, str(ROOT))
    import trafilatura
    from trafilatura.utils import load_html

    from pipelines.config import load_config
    from transforms import htmltext
    from transforms.decode import decode_bytes
    from transforms.settings import ExtractSettings

    settings = ExtractSettings.parse(load_config()["extract"])
    mode = {key: getattr(settings, key) for key in ("favor_precision", "favor_recall", "no_fallback", "include_tables")}
    configured = htmltext._Mode(mode["favor_precision"], mode["favor_recall"], mode["no_fallback"], mode["include_tables"])
    comments = settings.include_comments
    pages = [decode_bytes(body, is_html=True).text for _, body in bench_pages()]
    htmltext.keep_joiners()
    clock = time.process_time
    steps = ("bare trafilatura.extract", "screen_markup", "parse", "metadata", "precision pass", "settled test",
             "default pass", "choice (+arbiter)", "default pass, settled pages", "choice, settled pages")
    seconds = {step: [] for step in steps}
    reasons: dict = {}
    for r in range(runs + 1):
        total = dict.fromkeys(steps, 0.0)
        for html in pages:
            t = clock()
            trafilatura.extract(html)
            total[steps[0]] += clock() - t
            t = clock()
            htmltext.markup_load(html)
            total["screen_markup"] += clock() - t
            t = clock()
            tree = load_html(html)
            total["parse"] += clock() - t
            if tree is None:
                continue
            t = clock()
            htmltext.essential_metadata(tree, "", settings.extensive_date_search)
            total["metadata"] += clock() - t
            t = clock()
            passes = htmltext._mode_texts(tree, "", comments, [configured, htmltext._DEFAULT_MODE])  # as main_text
            precise = next(passes)
            total["precision pass"] += clock() - t
            t = clock()
            skip = htmltext.settled(precise, tree, settings.settled_coverage)
            total["settled test"] += clock() - t
            t = clock()
            default = next(passes)
            total["default pass, settled pages" if skip else "default pass"] += clock() - t
            t = clock()
            _, reason = htmltext.choose_extraction(precise, default, lambda: htmltext._readability_text(tree))
            total["choice, settled pages" if skip else "choice (+arbiter)"] += clock() - t
            if r:
                key = "settled (" + reason + ")" if skip else reason
                reasons[key] = reasons.get(key, 0) + 1
        if r:  # the first pass warms caches (htmldate/dateparser data, regexes)
            for step in steps:
                seconds[step].append(total[step])
    med = {step: 1000 * statistics.median(v) / len(pages) for step, v in seconds.items()}
    ours = sum(med[s] for s in steps[1:8])
    both = ours + med["default pass, settled pages"] + med["choice, settled pages"]
    print(f"{len(pages)} bench pages, CPU ms per page (medians of {runs} passes; load average {os.getloadavg()[0]:.2f};"
          f" extract.settled_coverage {settings.settled_coverage})")
    for step in steps:
        print(f"  {step:<30} {med[step]:7.2f}")
    print(f"  {'extract stage, sum':<30} {ours:7.2f}  = {ours / med[steps[0]]:.2f}x bare")
    print(f"  {'both passes on every page':<30} {both:7.2f}  = {both / med[steps[0]]:.2f}x bare")
    print(f"  {'without the default pass':<30} {ours - med['default pass'] - med['choice (+arbiter)']:7.2f}")
    print("  choice per page (settled: the default pass is skipped):", {k: v // runs for k, v in sorted(reasons.items())})


def _count_responses(warc: pathlib.Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(warc, "rb") as fh:
        return sum(1 for _ in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=False))


if __name__ == "__main__":
    main()
