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

__all__ = ["Line", "iter_lines", "iter_parquet_rows", "PARQUET_COLUMNS", "row_json"]

# The columns a Parquet dump may have: the fields of a JSONL line (others are ignored).
PARQUET_COLUMNS = ("url", "html", "text", "title", "published", "publisher", "language", "authors", "fetched_at")


class Line(NamedTuple):
    """One line of a dump: its 1-based number, its bytes without the line end (None when the
    line is longer than the cap) and its length in bytes."""

    number: int
    data: bytes | None
    length: int


def iter_lines(stream: BinaryIO, max_line_bytes: int, chunk_bytes: int = 1 << 20) -> Iterator[Line]:
    """Lines of a binary stream ("\\n"-terminated, a final line without one included), holding at
    most ``max_line_bytes`` of a line plus one chunk of the stream at a time."""
    number, length, over = 0, 0, False
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


def row_json(row: dict[str, Any]) -> bytes:
    """A Parquet row's canonical bytes (JSON, sorted keys, UTF-8): what ``source_sha256`` hashes."""
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")


def iter_parquet_rows(stream: BinaryIO, batch_rows: int = 256) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based row number, {column: value}) for each row of a Parquet file, reading the known
    columns only (``PARQUET_COLUMNS``), one batch at a time. Raises ValueError("no_known_columns")
    when the file has none of them."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(stream)
    columns = [name for name in parquet.schema_arrow.names if name in PARQUET_COLUMNS]
    if not columns:
        raise ValueError("no_known_columns", f"columns {parquet.schema_arrow.names[:20]}, expected some of {PARQUET_COLUMNS}")
    number = 0
    for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
        for row in batch.to_pylist():
            number += 1
            yield number, row


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
