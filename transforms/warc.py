"""WARC input, the read stage's pure layer for ``.warc`` / ``.warc.gz`` (no Beam in here).

Records are streamed one by one from an open binary stream with FastWARC (gzip per record, as
Common Crawl and CC-NEWS write them, or uncompressed): a payload is read up to a cap and handed
on, never a whole archive in memory. FastWARC was measured against warcio on the same WARC
(``benchmarks/warc_readers.py``): the same peak memory, half the CPU time per record.

What an input is: a record that holds a capture of a document, i.e. a ``response``, ``resource``,
``revisit`` or ``conversion`` record. Each one ends as a Document or as one rejected row (revisit,
non-200 status, not HTML, truncated, too large...), so ``inputs == articles + duplicates +
rejected`` holds per capture. Records that describe a capture or the file (``request``,
``metadata``, ``warcinfo``, ``continuation``) are not inputs: they are counted by type
(``not_inputs``) and reported in summary.json under ``warc_records_not_inputs``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import BinaryIO, Iterator, NamedTuple
from urllib.parse import urlsplit

from transforms.decode import sanitize
from transforms.records import Document, stable_id

__all__ = ["WarcReject", "WarcNotInput", "iter_warc", "warc_split_points", "INPUT_RECORD_TYPES", "HTML_MEDIA_TYPES",
           "EXPECTED_REJECTS"]

# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them):
# a crawl's captures that are not pages (redirects, 404s, images, revisits).
EXPECTED_REJECTS = frozenset({"http_status", "not_html", "warc_revisit", "empty_payload"})

# Record types that carry a capture (each is one input) and the media types read as web pages.
INPUT_RECORD_TYPES = ("response", "resource", "revisit", "conversion")
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


class WarcReject(NamedTuple):
    """A capture record that gives no Document: becomes a rejected row of the read stage."""

    id: str
    source: str
    reason: str  # revisit | http_status | not_html | truncated_record | too_large | ...
    detail: str


class WarcNotInput(NamedTuple):
    """A record that is not an input (request, metadata, warcinfo...): only counted, by type."""

    record_type: str


def iso_utc(value: dt.datetime | None) -> str:
    """An aware or naive (taken as UTC) datetime -> ISO 8601 in UTC, "" for None."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat()


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _record_type_name(record) -> str:
    return str(record.record_type).rsplit(".", 1)[-1].lower()


def _decoded_payload(raw: bytes, transfer: str, content: str, limit: int) -> bytes:
    """Remove HTTP transfer and content encodings, inflating at most ``limit + 1`` bytes.

    Raises ValueError("unsupported_content_encoding", ...) for codings we cannot undo.
    """
    import io

    from fastwarc.stream_io import BrotliReader, ChunkedReader, GzipReader

    stream = io.BytesIO(raw)
    wrapped = False
    if "chunked" in transfer:
        stream, wrapped = ChunkedReader(stream), True
    for coding in [c.strip() for c in content.split(",") if c.strip() and c.strip() != "identity"]:
        if coding in ("gzip", "x-gzip"):
            stream = GzipReader(stream)
        elif coding == "deflate":
            stream = GzipReader(stream, zlib=True)
        elif coding == "br":
            stream = BrotliReader(stream)
        else:
            raise ValueError("unsupported_content_encoding", f"Content-Encoding: {content}")
        wrapped = True
    return stream.read(limit + 1) if wrapped else raw


def warc_split_points(stream: BinaryIO, split_bytes: int) -> list[int]:
    """Record offsets that cut a WARC file into ranges, the first being 0. One pass over the record
    headers (payloads are skipped, gzip members inflated).

    There are as many ranges as cuts every ``split_bytes`` would make, but the cuts fall so that
    every range holds the same number of input records (captures, +-1), each range starting at a
    capture: a document's cost is mostly per document, not per byte (5,110 bench pages: ~0.11 s
    per document + ~0.08 s per MB of HTML), so ranges of equal bytes but of 150 to 335 pages left
    one of two workers a quarter of the work behind the other.
    """
    from fastwarc.warc import ArchiveIterator

    byte_points, target, captures = [0], split_bytes, []
    for record in ArchiveIterator(stream, parse_http=False):
        if record.stream_pos >= target:
            byte_points.append(record.stream_pos)
            target = record.stream_pos + split_bytes
        if _record_type_name(record) in INPUT_RECORD_TYPES:
            captures.append(record.stream_pos)
    ranges = len(byte_points)
    if len(captures) < ranges:
        return byte_points
    return [0] + [captures[len(captures) * k // ranges] for k in range(1, ranges)]


def iter_warc(stream: BinaryIO, path: str, *, max_payload_bytes: int, end: int | None = None) -> Iterator[Document | WarcReject | WarcNotInput]:
    """Stream the records of one WARC file: Document (format html, raw = HTTP payload bytes) for
    each HTML 200 response, WarcReject for every other capture record, WarcNotInput for records
    that are not inputs. A read or parse error ends the file with one WarcReject (reason
    ``unreadable_rest``) after the records read so far.

    ``url`` is WARC-Target-URI, ``fetched_at`` WARC-Date, ``charset`` the HTTP Content-Type
    charset (decode tries it before any ``<meta>``), ``warc_record_id`` the WARC-Record-ID; the id
    is derived from the file's path and the record's offset, like a JSONL line's from its path and
    line number: one record in two files (a copied archive, a partial download beside the whole
    one) gives two documents with their own ids, the second an ordinary duplicate of the first
    (an id from the WARC-Record-ID alone gave both one id and broke the run's accounting).
    With ``end``, the stream stands at a record offset and records starting at ``end`` or later
    are left to the next range.
    """
    from fastwarc.warc import ArchiveIterator

    offset = stream.tell() if end is not None else 0
    try:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
            offset = record.stream_pos
            if end is not None and offset >= end:
                return
            kind = _record_type_name(record)
            if kind not in INPUT_RECORD_TYPES:
                yield WarcNotInput(kind)
                continue
            yield _capture(record, kind, path, offset, max_payload_bytes)
    except (OSError, ValueError, RuntimeError) as exc:
        yield WarcReject(stable_id(path, "rest", str(offset)), f"{path}#offset={offset}", "unreadable_rest",
                         f"records after offset {offset} not read: {type(exc).__name__}: {exc}")


def _capture(record, kind: str, path: str, offset: int, limit: int) -> Document | WarcReject:
    record_id = sanitize(record.record_id or "")
    ident = stable_id(path, str(offset))  # never the record id alone: one record may be in two files
    source = f"{path}#offset={offset}"
    url = sanitize((record.headers.get("WARC-Target-URI") or "").strip().strip("<>"))

    def rejected(reason: str, detail: str) -> WarcReject:
        return WarcReject(ident, source, reason, f"{detail} ({url or 'no WARC-Target-URI'}, {record_id})")

    if kind == "revisit":
        profile = (record.headers.get("WARC-Profile") or "").rsplit("/", 1)[-1]
        return rejected("warc_revisit", f"revisit record ({profile or 'no profile'}): the payload is in another record")
    if kind == "conversion":
        return rejected("not_html", "conversion record")
    http = record.http_headers if record.is_http else None
    if kind == "response" and http is None:
        return rejected("not_http", "response record without an HTTP message")
    if http is not None and http.status_code != 200:
        return rejected("http_status", f"HTTP {http.status_code} {http.reason_phrase or ''}".strip())
    if http is not None:
        media_type = (record.http_content_type or "").lower()
        charset = record.http_charset or ""
        transfer = (http.get("Transfer-Encoding") or "").lower()
        content_coding = (http.get("Content-Encoding") or "").lower()
    else:  # a resource record: the block is the document, typed by the WARC Content-Type
        media_type = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", record.headers.get("Content-Type") or "", re.I)
        charset = found.group(1) if found else ""
        transfer = content_coding = ""
    expected = record.content_length
    raw = record.reader.read(limit + 1)
    if len(raw) > limit:
        return rejected("too_large", f"payload of {expected} bytes, more than {limit}")
    if len(raw) < expected:
        return rejected("truncated_record", f"payload has {len(raw)} of {expected} bytes (the file ends inside it)")
    if media_type not in HTML_MEDIA_TYPES and not (not media_type and _HTML_SNIFF.match(raw[:2048])):
        return rejected("not_html", f"Content-Type {media_type or '(none)'}")
    try:
        payload = _decoded_payload(raw, transfer, content_coding, limit)
    except ValueError as exc:
        return rejected(exc.args[0], exc.args[1])
    except OSError as exc:
        return rejected("bad_content_encoding", f"{type(exc).__name__}: {exc}")
    if len(payload) > limit:
        return rejected("too_large", f"more than {limit} bytes once decoded")
    if not payload.strip():
        return rejected("empty_payload", "HTTP 200 with an empty body")
    date = record.record_date
    return Document(
        id=ident,
        source=source,
        url=url,
        format="html",
        raw=payload,
        charset=sanitize(charset),
        group=_host(url) or path,
        fetched_at=iso_utc(date) if date else "",
        source_sha256=hashlib.sha256(payload).hexdigest(),
        warc_record_id=record_id,
    )
