"""Big dumps, the read stage's pure layer for JSONL (plain, .gz, .zst) and Parquet (no Beam here).

A dump is read as a stream: JSONL line by line with a cap per line (a line longer than the cap is
skipped to its end without being held, and becomes one rejected row), Parquet batch by batch. So a
dump of any size becomes its articles, with memory bounded by the cap (JSONL) or by one row group
(Parquet), never by the file.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, BinaryIO, Iterator, NamedTuple

__all__ = ["Line", "iter_lines", "iter_parquet_rows", "PARQUET_COLUMNS", "row_json", "line_split_points",
           "parquet_split_points", "Bounded", "inflating"]

# The columns a Parquet dump may have: the fields of a JSONL line (others are ignored).
PARQUET_COLUMNS = ("url", "html", "text", "title", "published", "publisher", "language", "authors", "fetched_at")


class Line(NamedTuple):
    """One line of a dump: its 1-based number, its bytes without the line end (None when the
    line is longer than the cap) and its length in bytes."""

    number: int
    data: bytes | None
    length: int


def iter_lines(stream: BinaryIO, max_line_bytes: int, chunk_bytes: int = 1 << 20, first_number: int = 1) -> Iterator[Line]:
    """Lines of a binary stream ("\\n"-terminated, a final line without one included), holding at
    most ``max_line_bytes`` of a line plus one chunk of the stream at a time; numbered from
    ``first_number`` (a range of a file starts at its own line number)."""
    number, length, over = first_number - 1, 0, False
    buf = bytearray()
    while True:
        chunk = stream.read(chunk_bytes)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            length += len(piece)
            if not over:
                if len(buf) + len(piece) > max_line_bytes:
                    over = True
                    buf = bytearray()  # give the memory back now: the line is only counted from here
                else:
                    buf += piece
            if end < 0:
                break
            number += 1
            yield Line(number, None if over else bytes(buf).rstrip(b"\r"), length)
            buf, length, over = bytearray(), 0, False
            start = end + 1
    if length:
        yield Line(number + 1, None if over else bytes(buf).rstrip(b"\r"), length)


class Bounded:
    """A binary stream read only up to ``limit`` bytes from where it stands (one range of a file)."""

    def __init__(self, stream: BinaryIO, limit: int):
        self._stream, self._left = stream, limit

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        data = self._stream.read(self._left if size < 0 else min(size, self._left))
        self._left -= len(data)
        return data


def inflating(stream: BinaryIO, path: str) -> BinaryIO:
    """``stream`` inflated as it is read when ``path`` ends in .gz or .zst (zstd), else itself.
    (gzip and zstandard stream readers hold one window, not the file: Beam's CompressedFile
    was measured holding 110 MB more on a 200 MB dump, benchmarks/dump_reader.py.)"""
    lower = path.lower()
    if lower.endswith(".gz"):
        import gzip

        return gzip.GzipFile(fileobj=stream, mode="rb")
    if lower.endswith((".zst", ".zstd")):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(stream, read_across_frames=True)
    return stream


def line_split_points(stream: BinaryIO, split_bytes: int, chunk_bytes: int = 1 << 20) -> list[tuple[int, int]]:
    """Where to cut an uncompressed dump into ranges of about ``split_bytes``: (byte offset of a
    line start, its line number), the first being (0, 1). One pass counting newlines (C speed)."""
    points = [(0, 1)]
    pos = lines = 0  # bytes and newlines before the current chunk
    target = split_bytes
    while True:
        chunk = stream.read(chunk_bytes)
        if not chunk:
            break
        while target < pos + len(chunk):
            i = chunk.find(b"\n", max(target - pos - 1, 0))
            if i < 0:
                break  # the line crossing the target ends in a later chunk
            start = pos + i + 1
            points.append((start, lines + chunk.count(b"\n", 0, i + 1) + 1))
            target = start + split_bytes
        lines += chunk.count(b"\n")
        pos += len(chunk)
    return [p for p in points if p[0] < pos or p == (0, 1)]


def parquet_split_points(stream: BinaryIO, split_bytes: int) -> list[tuple[int, int, int]]:
    """Ranges of row groups of about ``split_bytes`` (compressed) each, from the footer only:
    (first row group, end row group, number of the first row)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(stream).metadata
    ranges, first_group, first_row, size, row = [], 0, 1, 0, 1
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        size += group.total_byte_size
        row += group.num_rows
        if size >= split_bytes or g == meta.num_row_groups - 1:
            ranges.append((first_group, g + 1, first_row))
            first_group, first_row, size = g + 1, row, 0
    return ranges


def row_json(row: dict[str, Any]) -> bytes:
    """A Parquet row's canonical bytes (JSON, sorted keys, UTF-8): what ``source_sha256`` hashes."""
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")


def iter_parquet_rows(stream: BinaryIO, batch_rows: int = 256, row_groups: range | None = None,
                      first_number: int = 1) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based row number, {column: value}) for each row of a Parquet file (or of ``row_groups``
    of it, whose first row is ``first_number``), reading the known columns only
    (``PARQUET_COLUMNS``), one batch at a time. Raises ValueError("no_known_columns") when the
    file has none of them."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(stream)
    columns = [name for name in parquet.schema_arrow.names if name in PARQUET_COLUMNS]
    if not columns:
        raise ValueError("no_known_columns", f"columns {parquet.schema_arrow.names[:20]}, expected some of {PARQUET_COLUMNS}")
    number = first_number - 1
    groups = list(row_groups) if row_groups is not None else None
    for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns, row_groups=groups):
        for row in batch.to_pylist():
            number += 1
            yield number, row


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
