"""Reading a big JSONL dump: line by line with a per-line cap (now) vs the whole file at once
(before: ``fh.read()`` then ``split``; plain JSONL only, .gz was not read then), side by side
in child processes.

Generates a JSONL of about ``--mb`` MB from the Article Extraction Benchmark reference bodies
(each line a distinct URL), plain and gzip, then parses every line into a Document with the read
stage's own functions. Prints lines/s and each child's peak resident memory (ru_maxrss).

    PYTHONPATH=. .venv/bin/python benchmarks/dump_reader.py --mb 200
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from transforms.dumps import inflating, iter_lines
from transforms.read import parse_jsonl_line
how, path = sys.argv[1], sys.argv[2]
t0 = time.perf_counter(); n = 0
with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
    if how == "streamed":  # as the read stage does it
        for line in iter_lines(inflating(fh, path), 20_000_000):
            if line.data:
                parse_jsonl_line(line.data, path, line.number); n += 1
    else:  # the former reader: the whole file, then split
        for i, line in enumerate(fh.read().split(b"\n"), 1):
            if line.strip():
                parse_jsonl_line(line, path, i); n += 1
print(json.dumps({"lines": n, "seconds": time.perf_counter() - t0,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from warc_corpus import AEB

    bodies = [(json.loads(l)["url"], (AEB / json.loads(l)["gt_txt"]).read_text("utf-8"))
              for l in (AEB / "index.jsonl").read_text("utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        plain = pathlib.Path(tmp) / "dump.jsonl"
        size = lines = 0
        with open(plain, "wb") as fh:
            while size < args.mb * 1_000_000:
                url, text = bodies[lines % len(bodies)]
                row = json.dumps({"url": f"{url}?n={lines}", "text": text, "title": "t"}).encode() + b"\n"
                fh.write(row)
                size += len(row)
                lines += 1
        packed = pathlib.Path(tmp) / "dump.jsonl.gz"
        with open(plain, "rb") as src, gzip.open(packed, "wb", compresslevel=1) as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        print(f"dump: {lines} lines, {size / 1e6:.0f} MB ({packed.stat().st_size / 1e6:.0f} MB gzip)")
        print(f"{'file':14} {'reader':9} {'lines':>8} {'seconds':>8} {'lines/s':>8} {'peak RSS MB':>12}")
        env = {"PYTHONPATH": str(ROOT)}
        for path in (plain, packed):
            for how in ("streamed", "whole") if path == plain else ("streamed",):  # .gz was not read before
                out = subprocess.run([sys.executable, "-c", CHILD, how, str(path)], check=True, capture_output=True,
                                     text=True, env=env, cwd=ROOT).stdout
                r = json.loads(out)
                print(f"{path.name:14} {how:9} {r['lines']:8d} {r['seconds']:8.1f} {r['lines'] / r['seconds']:8.0f} "
                      f"{r['maxrss_mb']:12.0f}")


if __name__ == "__main__":
    main()
