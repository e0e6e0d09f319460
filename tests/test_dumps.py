"""Big dumps: JSONL (plain, .gz, .zst) line by line with a cap per line, Parquet batch by batch;
the pure layer (transforms/dumps.py) and the whole pipeline with its Parquet read back."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tracemalloc

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from tests.conftest import BENCH, read_table, require_shared
from transforms.dumps import Line, iter_lines, iter_parquet_rows, row_json

AEB = BENCH / "extraction-aeb"


def _aeb_index() -> list[dict]:
    require_shared(AEB)
    return [json.loads(line) for line in (AEB / "index.jsonl").read_text("utf-8").splitlines()]


def test_lines_split_on_newlines_and_over_long_lines_are_only_measured():
    data = b'{"a": 1}\r\n\n' + b"x" * 50 + b"\nlast without newline"
    lines = list(iter_lines(io.BytesIO(data), max_line_bytes=20, chunk_bytes=7))
    assert lines == [
        Line(1, b'{"a": 1}', 9),
        Line(2, b"", 0),
        Line(3, None, 50),
        Line(4, b"last without newline", 20),
    ]


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 20])
def test_lines_are_the_same_whatever_the_chunking(chunk):
    data = b"".join(b"line %d " % i + b"y" * (i * 7 % 40) + b"\n" for i in range(200))
    got = [line.data for line in iter_lines(io.BytesIO(data), max_line_bytes=1000, chunk_bytes=chunk)]
    assert got == data.split(b"\n")[:-1]


def test_memory_stays_bounded_by_the_cap_not_the_file(tmp_path):
    """A 40 MB dump with a 10 MB line: iterating holds about the cap plus one chunk, never a line
    longer than the cap, never the file."""
    path = tmp_path / "dump.jsonl"
    line = json.dumps({"text": "word " * 600}).encode() + b"\n"  # ~3 KB
    with open(path, "wb") as fh:
        for i in range(6000):
            fh.write(line)
            if i == 3000:
                fh.write(b'{"text": "' + b"z" * 10_000_000 + b'"}\n')
        fh.write(line * 1000)
    assert path.stat().st_size > 30_000_000
    tracemalloc.start()
    try:
        count = too_long = 0
        with open(path, "rb") as fh:
            for item in iter_lines(fh, max_line_bytes=64_000, chunk_bytes=1 << 20):
                count += 1
                too_long += item.data is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, too_long) == (7001, 1)
    assert peak < 3 * (1 << 20), peak  # one 1 MiB chunk, its slices and a capped line


def test_parquet_rows_read_known_columns_batch_by_batch(tmp_path):
    path = tmp_path / "rows.parquet"
    table = pa.table({"url": ["https://a.example/1", None], "text": ["one", "two"], "other": [1, 2]})
    pq.write_table(table, path, row_group_size=1)
    with open(path, "rb") as fh:
        rows = list(iter_parquet_rows(fh, batch_rows=1))
    assert rows == [(1, {"url": "https://a.example/1", "text": "one"}), (2, {"url": None, "text": "two"})]
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"x": [1]}), bad)
    with open(bad, "rb") as fh, pytest.raises(ValueError) as err:
        list(iter_parquet_rows(fh))
    assert err.value.args[0] == "no_known_columns"


def test_dumps_bigger_than_the_file_cap_become_their_articles(tmp_path, run_ingest):
    """A .jsonl.gz of real pages larger than max_input_bytes (the old per-file cap gave one
    read:too_large row), a .jsonl.zst and a Parquet file of real article bodies: every line and
    row is an input; only the lines over the per-line cap are rejected, as line_too_large."""
    index = _aeb_index()
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    max_line = 300_000
    pages = index[:40]
    lines = [json.dumps({"url": e["url"], "html": (AEB / e["html"]).read_text("utf-8"),
                         "fetched_at": "2026-11-02T10:00:00Z"}).encode() for e in pages]
    raw = b"\n".join(lines) + b"\n"
    (dumps / "pages.jsonl.gz").write_bytes(gzip.compress(raw))
    too_long = sum(len(line) > max_line for line in lines)
    assert len(raw) > 2_000_000 and 0 < too_long < len(lines)

    texts = [(AEB / e["gt_txt"]).read_text("utf-8") for e in index[40:100]]
    zst_lines = [json.dumps({"url": e["url"], "text": t}).encode() for e, t in zip(index[40:70], texts[:30])]
    (dumps / "texts.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(b"\n".join(zst_lines)))
    rows = pa.table({
        "url": [e["url"] for e in index[70:100]],
        "text": texts[30:],
        "authors": [["J. Doe"]] * 30,
        "published": pa.array([1700000000_000_000] * 30, pa.timestamp("us", tz="UTC")),
    })
    pq.write_table(rows, dumps / "rows.parquet", row_group_size=8)

    config = tmp_path / "big.yaml"
    config.write_text(f"read:\n  max_input_bytes: 2000000\n  max_line_bytes: {max_line}\n", "utf-8")
    out, summary = run_ingest(dumps, extra=("--config", str(config)))

    assert summary["inputs"] == 40 + 30 + 30
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    rejected = read_table(out, "rejected")
    assert sum(r["reason"] == "line_too_large" for r in rejected) == too_long
    assert not [r for r in rejected if r["reason"] == "too_large"]
    articles = read_table(out, "articles")
    by_source = {}
    for a in articles:
        by_source.setdefault(a["source"].rsplit("/", 1)[-1].split("#")[0], []).append(a)
    assert len(by_source["pages.jsonl.gz"]) >= 40 - too_long - 5  # a few pages may be too short / no text
    assert len(by_source["texts.jsonl.zst"]) >= 25 and len(by_source["rows.parquet"]) >= 25
    for a in by_source["pages.jsonl.gz"]:
        n = int(a["source"].rsplit("#L", 1)[1])
        assert a["source_sha256"] == hashlib.sha256(lines[n - 1]).hexdigest()
        assert a["fetched_at"].isoformat() == "2026-11-02T10:00:00+00:00"
        assert a["extractor"] == "trafilatura"
    for a in by_source["rows.parquet"]:
        n = int(a["source"].rsplit("#R", 1)[1])
        row = rows.slice(n - 1, 1).to_pylist()[0]
        assert a["source_sha256"] == hashlib.sha256(row_json(row)).hexdigest()
        assert a["authors"] == ["J. Doe"] and a["published"].year == 2023
        assert a["extractor"] == "plaintext" and a["fetched_at"] is not None  # the file's mtime


@pytest.mark.parametrize("split", [1, 100, 4096, 10**9])
def test_ranges_of_a_dump_read_the_same_lines_as_the_whole(split):
    from transforms.dumps import Bounded, line_split_points

    data = b"".join(b'{"n": %d, "pad": "%s"}\n' % (i, b"p" * (i * 37 % 300)) for i in range(400)) + b"tail"
    whole = list(iter_lines(io.BytesIO(data), max_line_bytes=10_000))
    points = line_split_points(io.BytesIO(data), split, chunk_bytes=1000)
    assert points[0] == (0, 1) and all(data[o - 1 : o] == b"\n" for o, _ in points[1:])
    ends = [o for o, _ in points[1:]] + [len(data)]
    parts = []
    for (start, first), end in zip(points, ends):
        stream = io.BytesIO(data)
        stream.seek(start)
        parts += list(iter_lines(Bounded(stream, end - start), max_line_bytes=10_000, first_number=first))
    assert parts == whole
    assert (len(points) == 1) == (split >= len(data))


def test_parquet_ranges_of_row_groups_cover_every_row_once(tmp_path):
    from transforms.dumps import parquet_split_points

    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"text": [f"row {i} " + "x" * 500 for i in range(100)]}), path, row_group_size=10)
    with open(path, "rb") as fh:
        whole = list(iter_parquet_rows(fh))
        ranges = parquet_split_points(fh, 2_000)
    assert len(ranges) > 1
    parts = []
    for start, end, first in ranges:
        with open(path, "rb") as fh:
            parts += list(iter_parquet_rows(fh, row_groups=range(start, end), first_number=first))
    assert parts == whole and [n for n, _ in parts] == list(range(1, 101))
