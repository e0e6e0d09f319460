"""WARC input: crawler-style WARCs written with warcio from the real pages of ../shared/bench-data
(HTTP headers, gzip per record, request/response/metadata per capture), read by the read stage's
pure layer and by the whole pipeline, with the Parquet read back."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from tests.conftest import BENCH, read_table, require_shared
from tests.warc_corpus import Capture, aeb_pages, daniel_page, write_warc
from transforms.warc import WarcNotInput, WarcReject, iter_warc


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _recoded(page: bytes, encoding: str) -> bytes:
    """A UTF-8 page re-encoded by the server into a legacy charset, its <meta> stale and wrong
    (it says iso-8859-1, which decodes any byte): only the HTTP header tells the truth."""
    html = re.sub(r"(<meta[^>]+charset\s*=\s*[\"']?)[\w-]+", r"\1iso-8859-1", page.decode("utf-8"), flags=re.I)
    return html.encode(encoding, errors="xmlcharrefreplace")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """A CC-NEWS-like WARC: 4 English pages, a Russian page in windows-1251 and a Greek page in
    iso-8859-7 (the HTTP Content-Type says so), a 404, a redirect, an image, a revisit, and a
    last response cut short by the end of the file."""
    require_shared(BENCH)
    english = aeb_pages(5)
    ru_url, ru_page, ru_truth = daniel_page("ria.ru")
    el_url, el_page, el_truth = daniel_page("express.gr")
    captures = [Capture(url, body) for url, body in english[:4]]
    captures += [
        Capture(ru_url, _recoded(ru_page, "windows-1251"), "text/html; charset=windows-1251"),
        Capture(el_url, _recoded(el_page, "iso-8859-7"), "text/html; charset=ISO-8859-7"),
        Capture("https://news.example/gone", b"<html><body>Not here</body></html>", status="404 Not Found"),
        Capture("https://news.example/moved", b"", status="301 Moved Permanently"),
        Capture("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        Capture(english[0][0], b"", kind="revisit"),
        Capture(english[4][0], english[4][1]),  # cut below
    ]
    folder = tmp_path_factory.mktemp("warc")
    path = folder / "CC-NEWS-20261120083000-00001.warc.gz"
    ids = write_warc(path, captures)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 2000])  # the crawler died while writing the last record
    return {
        "path": path, "ids": ids, "captures": captures, "english": english,
        "ru": (ru_url, ru_truth), "el": (el_url, el_truth),
    }


def test_records_become_documents_rejects_and_counted_non_inputs(crawl):
    path, captures, ids = crawl["path"], crawl["captures"], crawl["ids"]
    with open(path, "rb") as fh:
        items = list(iter_warc(fh, str(path), max_payload_bytes=20_000_000))
    docs = [i for i in items if not isinstance(i, (WarcReject, WarcNotInput))]
    rejects = {i.reason: i for i in items if isinstance(i, WarcReject)}
    not_inputs = [i.record_type for i in items if isinstance(i, WarcNotInput)]

    assert [d.url for d in docs] == [c.url for c in captures[:6]]
    assert [d.warc_record_id for d in docs] == ids[:6]
    for doc, cap in zip(docs, captures):
        assert doc.raw == cap.body and doc.format == "html"
        assert doc.source_sha256 == hashlib.sha256(cap.body).hexdigest()
        assert doc.fetched_at == "2026-11-20T08:30:00+00:00"
        assert doc.source.startswith(f"{path}#offset=")
    assert [d.charset.lower() for d in docs[4:6]] == ["windows-1251", "iso-8859-7"]
    assert len({d.id for d in docs}) == 6
    # every other capture record is one reject, by reason; nothing else is an input
    reasons = sorted(i.reason for i in items if isinstance(i, WarcReject))
    assert reasons == ["http_status", "http_status", "not_html", "truncated_record", "warc_revisit"]
    assert "404" in next(i.detail for i in items if isinstance(i, WarcReject) and "404" in i.detail)
    assert rejects["truncated_record"].id != docs[0].id and captures[-1].url in rejects["truncated_record"].detail
    assert len(docs) + len(reasons) == len(captures)
    # warcinfo, one request per capture, one metadata per capture but the cut last one
    assert sorted(set(not_inputs)) == ["metadata", "request", "warcinfo"]
    assert not_inputs.count("request") == len(captures) and not_inputs.count("warcinfo") == 1


def test_payload_cap_rejects_without_reading_on(crawl):
    with open(crawl["path"], "rb") as fh:
        items = list(iter_warc(fh, "x.warc.gz", max_payload_bytes=150_000))
    big = [i for i in items if isinstance(i, WarcReject) and i.reason == "too_large"]
    sizes = [len(c.body) for c in crawl["captures"][:6]]
    assert len(big) == sum(s > 150_000 for s in sizes) > 0


def test_a_corrupt_archive_ends_with_one_reject_for_the_rest(tmp_path):
    require_shared(BENCH)
    path = tmp_path / "broken.warc.gz"
    write_warc(path, [Capture(u, b) for u, b in aeb_pages(2)])
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00" * 64  # garbage in the middle of a gzip member
    path.write_bytes(bytes(data))
    with open(path, "rb") as fh:
        items = list(iter_warc(fh, str(path), max_payload_bytes=20_000_000))
    outcomes = [type(i).__name__ + ":" + getattr(i, "reason", "") for i in items if not isinstance(i, WarcNotInput)]
    assert outcomes[-1] in ("WarcReject:unreadable_rest", "WarcReject:truncated_record"), outcomes


def test_warc_end_to_end_to_parquet(crawl, run_ingest):
    out, summary = run_ingest(crawl["path"])
    articles = read_table(out, "articles")
    rejected = read_table(out, "rejected")
    duplicates = read_table(out, "duplicates")
    on_disk = json.loads((out / "summary.json").read_text("utf-8"))

    # an input is a capture record: 11 of them; requests, metadata and warcinfo are counted apart
    assert summary["inputs"] == len(crawl["captures"]) == len(articles) + len(duplicates) + len(rejected)
    assert on_disk["warc_records_not_inputs"] == {"request": 11, "metadata": 10, "warcinfo": 1}
    assert on_disk["rejected_by_reason"] == {
        "read:http_status": 2, "read:not_html": 1, "read:truncated_record": 1, "read:warc_revisit": 1,
    }
    by_url = {a["url"]: a for a in articles}
    assert set(by_url) | {d["url"] for d in duplicates} == {c.url for c in crawl["captures"][:6]}

    ru_url, ru_truth = crawl["ru"]
    el_url, el_truth = crawl["el"]
    # the HTTP charset decoded them (the pages' own <meta> says utf-8 and would give mojibake)
    for url, truth, lang in ((ru_url, ru_truth, "ru"), (el_url, el_truth, "el")):
        article = by_url[url]
        body_line = max(truth.split("\n"), key=len)
        assert _ws(body_line[:200]) in _ws(article["text"]), url
        assert article["language"] == lang

    ids = dict(zip([c.url for c in crawl["captures"][:6]], crawl["ids"]))
    for url, article in by_url.items():
        assert article["warc_record_id"] == ids[url]
        assert article["fetched_at"].isoformat() == "2026-11-20T08:30:00+00:00"
        assert article["source"].startswith(str(crawl["path"]) + "#offset=")
        assert article["run_id"] == on_disk["run_id"] and article["config_hash"] == on_disk["config_hash"]
        assert article["extractor"] == "trafilatura" and article["extractor_version"] == on_disk["versions"]["trafilatura"]
    body = {c.url: c.body for c in crawl["captures"][:6]}
    assert all(a["source_sha256"] == hashlib.sha256(body[u]).hexdigest() for u, a in by_url.items())
    assert on_disk["input_specs"]["input"] == [str(crawl["path"])]
    assert {r["run_id"] for r in rejected + duplicates} == {on_disk["run_id"]}  # every row names its run
    assert on_disk["versions"]["fastwarc"] and on_disk["versions"]["apache-beam"]


def test_one_record_in_two_files_is_a_duplicate_not_a_broken_run(crawl, run_ingest, tmp_path):
    """Was (trial 5, D2): ids came from the WARC-Record-ID alone, so a copied archive or a partial
    download beside the whole one gave two documents one id: the article twice in articles/, a
    duplicate of itself, and the run failed at the end ('accounting broken', rc 2)."""
    folder = tmp_path / "crawls"
    folder.mkdir()
    whole = crawl["path"].read_bytes()
    (folder / "a.warc.gz").write_bytes(whole)
    (folder / "b.warc.gz").write_bytes(whole)  # a copy, re-downloaded
    (folder / "c.warc.gz").write_bytes(whole[: len(whole) * 2 // 3])  # a partial download
    out, summary = run_ingest(folder)
    articles, duplicates = read_table(out, "articles"), read_table(out, "duplicates")
    rejected = read_table(out, "rejected")
    assert summary["accounted"] and summary["inputs"] == len(articles) + len(duplicates) + len(rejected)
    ids = [row["id"] for row in articles + duplicates]
    assert len(ids) == len(set(ids))  # every document its own id
    # each page once among the articles, every other capture of it an ordinary duplicate of it
    assert len({a["url"] for a in articles}) == len(articles) == 6
    kept = {a["id"]: a for a in articles}
    assert duplicates and all(d["duplicate_of"] in kept and d["duplicate_of"] != d["id"] for d in duplicates)
    assert {d["method"] for d in duplicates} <= {"url", "exact"}
    copies = [d for d in duplicates + articles if "/b.warc.gz#" in d["source"]]
    assert len(copies) == 6  # the copy's six pages: read, each a duplicate (or the kept one)
    assert {a["warc_record_id"] for a in articles} == set(crawl["ids"][:6])
    # the partial download: its last record cut short is one rejected row of its own
    cut = [r for r in rejected if "/c.warc.gz#" in r["source"]]
    assert {r["reason"] for r in cut} & {"truncated_record", "unreadable_rest"}, cut
    assert len({r["id"] for r in rejected}) == len(rejected)


def test_ranges_of_an_archive_read_the_same_records_as_the_whole(crawl):
    from transforms.warc import warc_split_points

    path = crawl["path"]
    with open(path, "rb") as fh:
        whole = list(iter_warc(fh, str(path), max_payload_bytes=20_000_000))
    with open(path, "rb") as fh:
        points = warc_split_points(fh, 30_000)
    assert len(points) > 3 and points[0] == 0
    parts = []
    for start, end in zip(points, points[1:] + [None]):
        with open(path, "rb") as fh:
            fh.seek(start)
            parts += list(iter_warc(fh, str(path), max_payload_bytes=20_000_000, end=end))
    assert parts == whole


def test_ranges_hold_equal_numbers_of_captures_when_page_sizes_differ(tmp_path):
    """Pages of very different sizes (real AEB pages, every third one padded with a 60 kB comment):
    cuts every ``split_bytes`` would give ranges of very different page counts, and a page costs
    about the same to extract whatever its size; the ranges (as many as the byte cuts) hold the
    same number of captures +-1, each starting at a capture, and together every record once."""
    from fastwarc.warc import ArchiveIterator

    from transforms.warc import warc_split_points

    require_shared(BENCH)
    pages = [(url, body + (b"<!-- " + b"x" * 60_000 + b" -->" if i % 3 == 0 else b"")) for i, (url, body) in
             enumerate(aeb_pages(60))]
    path = tmp_path / "mixed.warc.gz"
    write_warc(path, [Capture(u, b) for u, b in pages])
    with open(path, "rb") as fh:
        records = [(r.stream_pos, str(r.record_type).rsplit(".", 1)[-1]) for r in ArchiveIterator(fh, parse_http=False)]
    split = 200_000
    byte_cuts, target = 1, split
    for pos, _ in records:
        if pos >= target:
            byte_cuts, target = byte_cuts + 1, pos + split
    with open(path, "rb") as fh:
        points = warc_split_points(fh, split)
    assert len(points) == byte_cuts >= 4 and points[0] == 0
    responses = [pos for pos, kind in records if kind == "response"]
    assert set(points[1:]) <= set(responses)  # every later range starts at a capture
    per_range = [sum(1 for pos in responses if a <= pos < b) for a, b in zip(points, points[1:] + [float("inf")])]
    assert sum(per_range) == len(pages) and max(per_range) - min(per_range) <= 1, per_range
    read = []
    for start, end in zip(points, points[1:] + [None]):
        with open(path, "rb") as fh:
            fh.seek(start)
            read += [doc.url for doc in iter_warc(fh, str(path), max_payload_bytes=20_000_000, end=end)
                     if not isinstance(doc, (WarcNotInput, WarcReject))]
    assert read == [u for u, _ in pages]


def test_one_large_warc_is_read_by_two_worker_processes(tmp_path):
    """A WARC larger than read.split_bytes is cut into ranges at record offsets, spread over the
    two-process DirectRunner's workers: documents of the one file come out of both processes."""
    import os

    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.util import assert_that

    from transforms.read import ReadInputs

    require_shared(BENCH)
    pages = aeb_pages(40)
    path = tmp_path / "big.warc.gz"
    write_warc(path, [Capture(u, b) for u, b in pages])
    config = {"formats": {"warc": [".warc.gz"]}, "max_input_bytes": 20_000_000, "split_bytes": 1 << 18}

    def nothing(rows):
        assert rows == []

    def both_workers_and_every_page(rows):
        assert sorted(url for url, _ in rows) == sorted(u for u, _ in pages)
        assert len({pid for _, pid in rows}) == 2, {pid for _, pid in rows}

    options = PipelineOptions(direct_running_mode="multi_processing", direct_num_workers=2)
    with beam.Pipeline(options=options) as p:
        docs, rejected = p | ReadInputs([str(path)], config)
        assert_that(docs | beam.Map(lambda d: (d.url, os.getpid())), both_workers_and_every_page)
        assert_that(rejected, nothing, label="no rejects")


def test_http_encodings_are_undone_and_a_gzip_bomb_stops_at_the_cap(tmp_path):
    """Crawlers that keep the HTTP message as sent store chunked and gzip bodies: the Document gets
    the page bytes; a gzip bomb is cut at the payload cap, never inflated whole."""
    import gzip as gz
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    require_shared(BENCH)
    (url, page), = aeb_pages(1)
    packed = gz.compress(page)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(packed[i:i + 4000]), packed[i:i + 4000])
                       for i in range(0, len(packed), 4000)) + b"0\r\n\r\n"
    bomb = gz.compress(b"<html><body>" + b"a" * 30_000_000)
    path = tmp_path / "encoded.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for body, headers in (
            (chunked, [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked"),
                       ("Content-Encoding", "gzip")]),
            (bomb, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
            (packed, [("Content-Type", "text/html"), ("Content-Encoding", "compress")]),
        ):
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          length=len(body), http_headers=http))
    with open(path, "rb") as fh:
        doc, bombed, unknown = list(iter_warc(fh, str(path), max_payload_bytes=1_000_000))
    assert doc.raw == page and doc.source_sha256 == hashlib.sha256(page).hexdigest()
    assert (bombed.reason, unknown.reason) == ("too_large", "unsupported_content_encoding")
