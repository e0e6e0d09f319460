"""The one-outcome-per-id guard at scale: ingest of one large WARC with the guard where it is
(``read.OneOutcomePerId`` after the clean stage), where it was (a side-input split of the raw
documents right after the read, the fifth session's ``OneDocumentPerId``) and without any;
peak RSS and CPU side by side.

    nice -n 10 .venv/bin/python benchmarks/id_guard.py --warc-file /tmp/w.warc.gz --warc-pages 6500 [--runs 1] [--stage read]

The WARC (CC-NEWS style, gzip per record) is the bench pages copied with distinct URLs
(``throughput.make_warc``), written once and reused. Each contender is a child process on the
DirectRunner with one worker (``--direct_running_mode=in_memory --direct_num_workers=1``: the
pipeline runs in the child's own process). Figures per run: wall s, CPU s (user + system of the
child and every descendant it waited for: the extraction process included) and peak RSS
(``ru_maxrss`` from ``os.wait4``: the largest single process of the tree, here the pipeline's
own), and the run's accounting (the same for every contender, or the run is reported as wrong).

Contenders (``--stage ingest``: ``python -m pipelines.ingest``, patched in the child before the
pipeline is built):

* ``guard``: the pipeline as it is;
* ``read_guard``: the guard applied to the documents right after the read, before decode, as in
  the fifth session (``OLD_GUARD`` below, a copy of that code), and not after the clean stage;
* ``none``: no guard at all.

``--stage read``: the read stage alone (``ReadInputs``, then ``read_guard`` or ``none``, then each
document's raw bytes counted): the old guard's own cost without the extraction around it.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

# The fifth session's guard (transforms/read.py OneDocumentPerId at 58d0c2b), applied to the
# documents as read: the split waits for the id counts, and every raw document waits with it.
OLD_GUARD = """
import apache_beam as beam
from transforms.read import split_shared_id

class _Split(beam.DoFn):
    def process(self, doc, shared):
        if doc.id in shared:
            yield beam.pvalue.TaggedOutput("shared", (doc.id, doc))
        else:
            yield doc

def _keep_one(keyed):
    first, rows = split_shared_id(keyed[1])
    yield first
    for row in rows:
        yield beam.pvalue.TaggedOutput("rejected", row)

class OldGuard(beam.PTransform):
    def expand(self, docs):
        shared = (docs | "Ids" >> beam.Map(lambda doc: (doc.id, 1)) | "CountPerId" >> beam.CombinePerKey(sum)
                  | "Shared" >> beam.Filter(lambda kv: kv[1] > 1))
        split = docs | "Split" >> beam.ParDo(_Split(), shared=beam.pvalue.AsDict(shared)).with_outputs("shared", main="docs")
        kept = (split.shared | "GroupShared" >> beam.GroupByKey()
                | "KeepOne" >> beam.FlatMap(_keep_one).with_outputs("rejected", main="docs"))
        return (split.docs, kept.docs) | "Distinct" >> beam.Flatten(), kept["rejected"]

class NoGuard(beam.PTransform):
    def expand(self, pcolls):
        return pcolls
"""

INGEST_CHILD = OLD_GUARD + """
import sys
from pipelines import ingest

name = sys.argv[1]
if name in ("none", "read_guard"):
    ingest.OneOutcomePerId = NoGuard
if name == "read_guard":
    clean_and_tag = ingest.clean_and_tag

    def guarded_clean_and_tag(docs, config, **kwargs):
        docs, duplicate_ids = docs | "OnePerIdAtRead" >> OldGuard()
        tagged, failed = clean_and_tag(docs, config, **kwargs)
        return tagged, [*failed, duplicate_ids]

    ingest.clean_and_tag = guarded_clean_and_tag
sys.argv = ["pipelines.ingest", *sys.argv[2:]]
ingest.main()
"""

READ_CHILD = OLD_GUARD + """
import json, sys
from apache_beam.options.pipeline_options import PipelineOptions
from pipelines.config import load_config
from transforms.read import ReadInputs

name, warc, result = sys.argv[1:4]
options = PipelineOptions(["--direct_running_mode=in_memory", "--direct_num_workers=1"])
with beam.Pipeline(options=options) as p:
    docs, _ = p | "Read" >> ReadInputs([warc], load_config()["read"])
    if name == "read_guard":
        docs, _ = docs | "OnePerId" >> OldGuard()
    (docs | beam.Map(lambda d: (1, len(d.raw or b"")))
     | beam.CombineGlobally(lambda rows: tuple(map(sum, zip(*rows))) if rows else (0, 0))
     | beam.Map(lambda t: open(result, "w").write(json.dumps({"inputs": t[0], "raw_bytes": t[1]}))))
"""

CONTENDERS = {"ingest": ("guard", "read_guard", "none"), "read": ("read_guard", "none")}


def run_one(name: str, warc: pathlib.Path, out: pathlib.Path, stage: str) -> dict:
    """One child (the whole ingest, or the read stage alone): {wall, cpu, rss_mb, summary}."""
    shutil.rmtree(out, ignore_errors=True)
    if stage == "read":
        out.mkdir(parents=True)
        cmd = [sys.executable, "-c", READ_CHILD, name, str(warc), str(out / "summary.json")]
    else:
        cmd = [sys.executable, "-c", INGEST_CHILD, name, "--input", str(warc), "--output", str(out), "--quiet",
               "--no-report", "--direct_running_mode=in_memory", "--direct_num_workers=1"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(f"{name}: exit {code}\n{stderr.decode('utf-8', 'replace')[-3000:]}")
    summary = json.loads((out / "summary.json").read_text())
    shutil.rmtree(out, ignore_errors=True)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warc-file", required=True, help="the WARC (written here first if it does not exist)")
    parser.add_argument("--warc-pages", type=int, default=6500, help="captures when the WARC is written")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--stage", choices=tuple(CONTENDERS), default="ingest",
                        help="ingest: the whole command; read: the read stage alone (+ the old guard)")
    parser.add_argument("--contenders", help="comma-separated, of " + "; ".join(f"{k}: {','.join(v)}" for k, v in CONTENDERS.items()))
    args = parser.parse_args()
    warc = pathlib.Path(args.warc_file)
    if not warc.exists():
        import throughput

        throughput.make_warc(warc, args.warc_pages)
    names = [c for c in (args.contenders or ",".join(CONTENDERS[args.stage])).split(",") if c in CONTENDERS[args.stage]]
    work = pathlib.Path(tempfile.mkdtemp(prefix="id-guard-"))
    try:
        print(f"WARC {warc}: {warc.stat().st_size / 1e6:.0f} MB (gzip per record); stage {args.stage}; load average "
              f"{os.getloadavg()[0]:.2f}; contenders {', '.join(names)}, one after another", flush=True)
        results = {name: [] for name in names}
        for r in range(args.runs):
            for name in names:
                got = run_one(name, warc, work / f"out-{name}", args.stage)
                results[name].append(got)
                s = got["summary"]
                counts = (f"inputs {s['inputs']}, raw {s['raw_bytes'] / 1e6:.0f} MB" if args.stage == "read" else
                          f"inputs {s['inputs']} = articles {s['articles']} + duplicates {s['duplicates']} + "
                          f"rejected {s['rejected']}")
                print(f"round {r + 1} {name:<10} {got['wall']:7.1f} s wall {got['cpu']:7.1f} s CPU "
                      f"peak RSS {got['rss_mb']:7.0f} MB  {counts} (load {os.getloadavg()[0]:.1f})", flush=True)
        print()
        print(f"{'contender':<10} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12}   (medians of {args.runs})")
        for name in names:
            rows = results[name]
            print(f"{name:<10} {statistics.median(r['wall'] for r in rows):8.1f} "
                  f"{statistics.median(r['cpu'] for r in rows):8.1f} {statistics.median(r['rss_mb'] for r in rows):12.0f}")
        keys = ("inputs", "raw_bytes") if args.stage == "read" else ("inputs", "articles", "duplicates", "rejected")
        counts = {name: {k: rows[-1]["summary"][k] for k in keys} for name, rows in results.items()}
        if len({json.dumps(c, sort_keys=True) for c in counts.values()}) > 1:
            print("WRONG: the contenders' accounting differs:", counts)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
