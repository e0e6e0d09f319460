"""One large WARC on the two-process DirectRunner, with and without cutting it into ranges.

Writes one WARC of ``--pages`` AEB pages (gzip per record), then runs read -> decode -> extract
on ``--direct_running_mode=multi_processing --direct_num_workers=2`` twice: with the read stage's
default split size (the file is one element: one worker reads and extracts it all) and with
``read.split_bytes`` small enough to cut it into ranges. Prints, per run, the wall time and how
many pages each worker process extracted (pages land in a per-process file).

    PYTHONPATH=. .venv/bin/python benchmarks/split_read.py --pages 181
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


class _MarkWorker:
    """Document -> None; appends a line to ``folder/<pid>`` per page (which process extracted it)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, doc):
        with open(os.path.join(self.folder, str(os.getpid())), "a", encoding="utf-8") as fh:
            fh.write(doc.id + "\n")


def run(warc: pathlib.Path, split_bytes: int, marks: pathlib.Path) -> tuple[float, list[int]]:
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipelines.config import load_config
    from transforms.decode import DecodeText
    from transforms.extract import ExtractText
    from transforms.read import ReadInputs

    config = load_config()
    read = dict(config["read"], split_bytes=split_bytes)
    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    started = time.perf_counter()
    with beam.Pipeline(options=options) as p:
        docs, _ = p | ReadInputs([str(warc)], read)
        decoded, _ = docs | DecodeText()
        extracted, _ = decoded | ExtractText(config["extract"])
        _ = extracted | beam.Map(_MarkWorker(str(marks)))
    wall = time.perf_counter() - started
    counts = sorted((len(p.read_text().splitlines()) for p in marks.iterdir()), reverse=True)
    return wall, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=181)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    os.chdir(ROOT)
    from warc_corpus import Capture, aeb_pages, write_warc

    pages = aeb_pages()
    captures = [Capture(f"{u}?copy={i}", b) for i in range(args.pages // len(pages) + 1) for u, b in pages]
    with tempfile.TemporaryDirectory() as tmp:
        warc = pathlib.Path(tmp) / "one.warc.gz"
        write_warc(warc, captures[: args.pages])
        size = warc.stat().st_size
        print(f"one WARC: {args.pages} pages, {size / 1e6:.1f} MB")
        results = collections.OrderedDict()
        for label, split in (("whole file (split_bytes 64 MB)", 64_000_000), ("ranges (split_bytes size/8)", max(size // 8, 1 << 16))):
            marks = pathlib.Path(tmp) / f"marks-{split}"
            marks.mkdir()
            results[label] = run(warc, split, marks)
        for label, (wall, counts) in results.items():
            print(f"{label:34} wall {wall:6.1f} s   pages per worker process {counts}")


if __name__ == "__main__":
    main()
