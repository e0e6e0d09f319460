"""WARC readers side by side: fastwarc and warcio on the same crawler-style WARC.

Writes a WARC (gzip per record: warcinfo, then request / response / metadata per page) from the
Article Extraction Benchmark pages (``--pages`` captures, the 181 pages repeated with distinct
URLs), then reads it with each library in a child process, alternating within each round:
every record's headers, and for each HTML ``response`` the HTTP status, Content-Type charset and
the whole payload (hashed, as the read stage does). Prints records/s, payload MB/s and the child's
peak resident memory (ru_maxrss), medians of ``--runs`` rounds.

    PYTHONPATH=. .venv/bin/python benchmarks/warc_readers.py --pages 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

CHILD = r"""
import hashlib, json, resource, sys, time
which, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter(); c0 = time.process_time()
records = responses = payload = 0
if which == "fastwarc":
    from fastwarc.warc import ArchiveIterator, WarcRecordType
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, parse_http=True):
            records += 1
            if rec.record_type == WarcRecordType.response and rec.http_headers.status_code == 200:
                rec.headers.get("WARC-Target-URI"); rec.record_id; rec.record_date; rec.http_charset
                body = rec.reader.read()
                hashlib.sha256(body).hexdigest()
                responses += 1; payload += len(body)
elif which == "warcio":
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            records += 1
            if rec.rec_type == "response" and rec.http_headers.get_statuscode() == "200":
                rec.rec_headers.get_header("WARC-Target-URI"); rec.rec_headers.get_header("WARC-Record-ID")
                rec.rec_headers.get_header("WARC-Date"); rec.http_headers.get_header("Content-Type")
                body = rec.content_stream().read()
                hashlib.sha256(body).hexdigest()
                responses += 1; payload += len(body)
wall = time.perf_counter() - t0; cpu = time.process_time() - c0
print(json.dumps({"records": records, "responses": responses, "payload": payload, "wall": wall, "cpu": cpu,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from warc_corpus import Capture, aeb_pages, write_warc

    pages = aeb_pages()
    captures = [Capture(f"{u}?copy={i}", b) for i in range(args.pages // len(pages) + 1) for u, b in pages]
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "bench.warc.gz"
        write_warc(path, captures[: args.pages])
        size = path.stat().st_size
        print(f"WARC: {args.pages} captures, {size / 1e6:.1f} MB gzip per record")
        results: dict[str, list[dict]] = {"fastwarc": [], "warcio": []}
        for _ in range(args.runs):
            for which in results:
                out = subprocess.run([sys.executable, "-c", CHILD, which, str(path)], check=True,
                                     capture_output=True, text=True).stdout
                results[which].append(json.loads(out))
    print(f"{'reader':10} {'records':>8} {'wall s':>7} {'cpu s':>7} {'records/s':>10} {'rec/CPU-s':>10} {'MB/s':>7} {'peak RSS MB':>12}")
    for which, runs in results.items():
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        rss = statistics.median(r["maxrss_mb"] for r in runs)
        n, payload = runs[0]["records"], runs[0]["payload"]
        print(f"{which:10} {n:8d} {wall:7.2f} {cpu:7.2f} {n / wall:10.0f} {n / cpu:10.0f} {payload / 1e6 / wall:7.1f} {rss:12.0f}")


if __name__ == "__main__":
    main()
