"""WARC files written the way a crawler writes them, from the real pages of ../shared/bench-data.

Used by tests/test_warc.py and benchmarks/warc_readers.py. Each capture is a ``request`` record, a
``response`` record (HTTP status line and headers, then the page bytes) and a ``metadata`` record,
all three gzip-compressed one by one (a gzip member per record, as Common Crawl and CC-NEWS do),
after a ``warcinfo`` record. Written with warcio, which computes the block and payload digests.
"""

from __future__ import annotations

import io
import json
import os
import pathlib
from typing import Iterable, NamedTuple

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared")) / "bench-data"
AEB = BENCH / "extraction-aeb"
DANIEL = BENCH / "extraction-daniel"


class Capture(NamedTuple):
    """One fetch to record: the target URI, the HTTP status, the Content-Type header, the body."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2026-11-20T08:30:00Z"
    kind: str = "response"  # response | revisit


def aeb_pages(limit: int | None = None) -> list[tuple[str, bytes]]:
    """(url, page bytes) of the Article Extraction Benchmark pages, in index order."""
    pages = []
    with open(AEB / "index.jsonl", encoding="utf-8") as fh:
        for line in fh:
            entry = json.loads(line)
            pages.append((entry["url"], (AEB / entry["html"]).read_bytes()))
            if limit and len(pages) >= limit:
                break
    return pages


def daniel_page(name_part: str) -> tuple[str, bytes, str]:
    """(url, UTF-8 page bytes, reference body) of the DAnIEL page whose file name holds ``name_part``."""
    path = next(p for p in sorted((DANIEL / "html").glob("*.html")) if name_part in p.name)
    truth = json.loads((DANIEL / "ground-truth.json").read_text("utf-8"))[path.stem]
    host = path.stem.split("_")[1]
    return f"http://{host}/{path.stem.split('_')[2][:16]}.html", path.read_bytes(), truth["articleBody"]


def write_warc(path: pathlib.Path | str, captures: Iterable[Capture], *, gzip: bool = True,
               with_request: bool = True, with_metadata: bool = True) -> list[str]:
    """Write a crawler-style WARC file; returns the WARC-Record-ID of every response/revisit record."""
    ids = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(
            pathlib.Path(path).name, {"software": "newsbeam-tests", "format": "WARC File Format 1.1"}))
        for cap in captures:
            if with_request:
                req = StatusAndHeaders(f"GET /{cap.url.split('/', 3)[-1]} HTTP/1.1",
                                       [("Host", cap.url.split("/")[2]), ("User-Agent", "newsbeam-tests")],
                                       is_http_request=True)
                request = writer.create_warc_record(cap.url, "request", http_headers=req,
                                                    warc_headers_dict={"WARC-Date": cap.date})
                writer.write_record(request)
            http = StatusAndHeaders(cap.status, [("Content-Type", cap.content_type),
                                                 ("Content-Length", str(len(cap.body)))], protocol="HTTP/1.1")
            if cap.kind == "revisit":
                record = writer.create_revisit_record(cap.url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                                      refers_to_uri=cap.url, refers_to_date=cap.date,
                                                      http_headers=http)
                record.rec_headers.replace_header("WARC-Date", cap.date)
            else:
                record = writer.create_warc_record(cap.url, "response", payload=io.BytesIO(cap.body),
                                                   length=len(cap.body), http_headers=http,
                                                   warc_headers_dict={"WARC-Date": cap.date})
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
            if with_metadata:
                meta = writer.create_warc_record(cap.url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                                 warc_content_type="application/warc-fields",
                                                 warc_headers_dict={"WARC-Date": cap.date,
                                                                    "WARC-Concurrent-To": ids[-1]})
                writer.write_record(meta)
    return ids
