"""Tests of pipelines/report.py: aggregation, the HTML page, the command line, and a real browser.

Fixtures are real output folders written with pyarrow from the schemas in transforms/records.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import report
from transforms.records import (ARTICLE_SCHEMA, DUPLICATE_SCHEMA, REJECTED_SCHEMA, Article,
                                Boilerplate, Duplicate, Rejected)

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "<script>alert(1)</script>"
HOSTILE_DETAIL = '<img src="http://127.0.0.1:9/x.png" onerror="alert(3)">'
SHARE_AR = "شارك هذا المقال على فيسبوك"
BAYAN = "بيان اليوم"
AR_TITLE = "الحكومة تعلن عن خطة جديدة للنقل العمومي"


def _article(i: str, language: str = "ar", title: str = "", publisher: str = "",
             duplicate_count: int = 0, boilerplate=(), published=None, words: int = 100):
    return Article(id=i, source=f"seeds/{i}.html", url=f"https://news.example/{i}",
                   title=title or f"عنوان {i}", text=f"نص المقال {i}", language=language,
                   language_score=0.99, publisher=publisher, published=published, authors=[],
                   word_count=words, content_hash=f"h{i}", cluster_id=i,
                   duplicate_count=duplicate_count, boilerplate=list(boilerplate))


ARTICLES = [
    _article("a1", title=AR_TITLE, publisher=BAYAN, duplicate_count=2,
             published=dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.timezone.utc),
             boilerplate=[Boilerplate("share prompt", SHARE_AR),
                          Boilerplate("adblock notice", "Please disable your ad blocker")]),
    _article("a2", title=HOSTILE, publisher="هسبريس", duplicate_count=1,
             boilerplate=[Boilerplate("share prompt", SHARE_AR)]),
    _article("a3", publisher=BAYAN,
             boilerplate=[Boilerplate("share prompt", "شارك على تويتر"),
                          Boilerplate("adblock notice", "Please disable your ad blocker")]),
    _article("a4", published=dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)),
    _article("a5", language="en", title='Tom & Jerry "quoted" <b>bold</b>', publisher="Reuters"),
]
DUPLICATES = [
    Duplicate("d1", "seeds/d1.html", "https://mirror.example/d1", "a1", 1.0, "exact"),
    Duplicate("d2", "seeds/d2.html", "https://other.example/d2?a=1&b=<2>", "a1", 0.91, "near"),
    Duplicate("d3", "seeds/d3.html", "https://news.example/a2", "a2", 1.0, "url"),
]
REJECTED = [
    Rejected("r1", "seeds/r1.pdf", "read", "unsupported_format", ".pdf"),
    Rejected("r2", "seeds/r2.bin", "decode", "binary", HOSTILE_DETAIL),
    Rejected("r3", "seeds/r3.bin", "decode", "binary", "NUL bytes"),
    Rejected("r4", "seeds/r4.txt", "clean", "too_short", "12 words < 20"),
    Rejected("r5", "seeds/r5.txt", "clean", "too_short", "3 words < 20"),
]
SUMMARY = {
    "inputs": 13, "articles": 5, "duplicates": 3, "rejected": 5,
    "rejected_by_reason": {"read:unsupported_format": 1, "decode:binary": 2, "clean:too_short": 2},
    "duplicates_by_method": {"exact": 1, "near": 1, "url": 1}, "languages": {"ar": 4, "en": 1},
    "boilerplate_by_kind": {"share prompt": 3, "adblock notice": 2},
    "publishers": {BAYAN: 2, "هسبريس": 1, "Reuters": 1},
    "stage_seconds": {"read": 0.4, "extract": 2.1, "clean": 0.3, "dedup": 0.7, "write": 0.2},
    "started": "2026-11-23T19:00:00Z", "finished": "2026-11-23T19:00:04Z",
    "runner": "DirectRunner",
}


def _write(folder: Path, records, schema: pa.Schema, shards: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [r._asdict() for r in records]
    for i in range(shards):
        part = rows[i::shards]
        table = pa.Table.from_pylist(part, schema=schema) if part else schema.empty_table()
        pq.write_table(table, folder / f"part-{i:05d}-of-{shards:05d}.parquet")


def make_output(root: Path, articles=ARTICLES, duplicates=DUPLICATES, rejected=REJECTED,
                summary=SUMMARY) -> Path:
    """Write an output folder as the pipeline does; ``None`` leaves that part out."""
    root.mkdir(parents=True, exist_ok=True)
    if articles is not None:
        _write(root / "articles", articles, ARTICLE_SCHEMA, shards=2)
    if duplicates is not None:
        _write(root / "duplicates", duplicates, DUPLICATE_SCHEMA)
    if rejected is not None:
        _write(root / "rejected", rejected, REJECTED_SCHEMA)
    if summary is not None:
        (root / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), "utf-8")
    return root


def _tables(records, schema):
    return pa.Table.from_pylist([r._asdict() for r in records], schema=schema)


@pytest.fixture()
def full(tmp_path):
    return make_output(tmp_path / "out")


# ---- pure aggregation ------------------------------------------------------------------------


def test_value_counts_orders_by_count_then_value_and_can_drop_empty():
    column = pa.chunked_array([["en", "ar", None], ["ar", "", "fr"]])
    assert list(report.value_counts(column).items()) == [("", 2), ("ar", 2), ("en", 1), ("fr", 1)]
    assert report.value_counts(column, drop_empty=True) == {"ar": 2, "en": 1, "fr": 1}
    assert report.value_counts(pa.chunked_array([], pa.string())) == {}


def test_accounting_holds_is_violated_or_unknown():
    rows = {"articles": 5, "duplicates": 2, "rejected": 5}
    ok = report.accounting({"inputs": 12, "articles": 5, "duplicates": 2, "rejected": 5}, rows)
    assert ok.holds is True and ok.mismatches == []
    bad = report.accounting({"inputs": 13, "articles": 5, "duplicates": 2, "rejected": 5}, rows)
    assert bad.holds is False
    unknown = report.accounting({}, rows)
    assert unknown.holds is None and unknown.inputs is None and unknown.articles == 5
    drift = report.accounting({"inputs": 12, "articles": 6, "duplicates": 1, "rejected": 5}, rows)
    assert drift.holds is True and len(drift.mismatches) == 2
    assert "articles = 6" in drift.mismatches[0]


def test_reject_groups_counts_per_stage_and_reason_with_examples():
    table = _tables(REJECTED, REJECTED_SCHEMA)
    groups = report.reject_groups(table, examples=1)
    assert [(g.stage, g.reason, g.count) for g in groups] == [
        ("clean", "too_short", 2), ("decode", "binary", 2), ("read", "unsupported_format", 1)]
    assert groups[1].examples == [("seeds/r2.bin", HOSTILE_DETAIL)]
    assert len(groups[0].examples) == 1


def test_reject_groups_prefer_summary_counts_and_split_on_first_colon():
    table = _tables(REJECTED[:1], REJECTED_SCHEMA)
    groups = report.reject_groups(table, {"extract:error:ValueError": 4,
                                          "read:unsupported_format": 1})
    assert [(g.stage, g.reason, g.count) for g in groups] == [
        ("extract", "error:ValueError", 4), ("read", "unsupported_format", 1)]
    assert groups[0].examples == [] and groups[1].examples == [("seeds/r1.pdf", ".pdf")]


def test_boilerplate_kinds_count_pieces_and_show_commonest_texts():
    table = _tables(ARTICLES, ARTICLE_SCHEMA)
    kinds = report.boilerplate_kinds(table)
    assert [(k.kind, k.count) for k in kinds] == [("share prompt", 3), ("adblock notice", 2)]
    assert kinds[0].examples == [(SHARE_AR, 2), ("شارك على تويتر", 1)]
    assert kinds[1].examples == [("Please disable your ad blocker", 2)]
    assert report.boilerplate_kinds(ARTICLE_SCHEMA.empty_table()) == []


def test_cluster_sizes_and_largest_clusters():
    articles = _tables(ARTICLES, ARTICLE_SCHEMA)
    dups = DUPLICATES + [Duplicate("d4", "seeds/d4.html", "", "gone", 0.95, "near")]
    duplicates = _tables(dups, DUPLICATE_SCHEMA)
    assert report.cluster_sizes(articles, duplicates) == {1: 3, 2: 2, 3: 1}
    clusters = report.largest_clusters(articles, duplicates, n=2)
    assert [(c.id, c.size) for c in clusters] == [("a1", 3), ("a2", 2)]
    assert clusters[0].title == AR_TITLE
    assert [m.id for m in clusters[0].members] == ["d1", "d2"]  # most similar first
    orphan = report.largest_clusters(articles, duplicates, n=4)[-1]
    assert orphan.id == "gone" and orphan.title == "" and orphan.members[0].id == "d4"
    assert report.cluster_sizes(articles, DUPLICATE_SCHEMA.empty_table()) == {1: 5}
    assert report.largest_clusters(articles, DUPLICATE_SCHEMA.empty_table()) == []


def test_stage_times_keep_run_order_and_skip_malformed():
    assert report.stage_times({"stage_seconds": {"read": 1, "extract": "2.5", "x": "?"}}) == [
        ("read", 1.0), ("extract", 2.5)]
    assert report.stage_times({}) == [] and report.stage_times({"stage_seconds": {}}) == []


def test_read_table_of_missing_folder_is_empty_with_the_schema(tmp_path):
    table = report.read_table(str(tmp_path / "nope"), DUPLICATE_SCHEMA)
    assert table.num_rows == 0 and table.schema == DUPLICATE_SCHEMA


def test_bar_chart_is_an_svg_data_image_and_skips_right_to_left_labels():
    tag = report.bar_chart(["ar", "en"], [4, 1], "Kept <articles>", "articles")
    img = lxml.html.fragment_fromstring(tag)
    assert img.tag == "img" and img.get("alt") == "Kept <articles>"
    svg = base64.b64decode(img.get("src").split(",", 1)[1])
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert report.bar_chart([], [], "t", "x") == ""
    assert report.bar_chart(["share prompt", "مشاركة"], [3, 1], "t", "x") == ""


# Markup-ish pieces often, any other character (no lone surrogates: Arrow cannot hold them) too.
_SAFE_TEXT = st.lists(st.one_of(
    st.sampled_from(["<", ">", "&", '"', "'", "=", "/", " ", "\n", "\r", "\x00", "\x1b", "script",
                     "img src=x onerror=alert(1)", "&amp;", "\u202e", "شارك", "javascript:"]),
    st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=12).map("".join)


@settings(max_examples=40, deadline=None)
@given(publisher=_SAFE_TEXT, title=_SAFE_TEXT, url=_SAFE_TEXT, runner=_SAFE_TEXT)
def test_any_text_renders_as_text(publisher, title, url, runner):
    """Whatever the strings hold, they come back as the same text and never as markup."""
    empty = report.Accounting(1, 1, 0, 0, True, {"articles": 1, "duplicates": 0, "rejected": 0}, [])
    data = report.ReportData(
        output_dir="/out", run={"runner": runner}, accounting=empty, languages={},
        boilerplate=[], rejects=[], duplicate_methods={}, cluster_sizes={}, publishers={publisher: 1},
        clusters=[report.Cluster("a1", title, url, "s", 2,
                                 [report.Member("d1", "s", url, 0.5, "near")])],
        stage_seconds=[], words={}, published={}, notes=[])
    doc = lxml.html.document_fromstring(report.render_html(data).encode("utf-8"))
    assert doc.xpath("//script|//iframe|//object|//embed|//img") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    assert all(h.startswith(("http://", "https://", "#")) for h in doc.xpath("//a/@href"))

    def norm(text):  # what HTML does to text anyway: controls shown as U+FFFD, CR as LF
        return " ".join(report._CONTROL.sub("\ufffd", text.replace("\r\n", "\n")
                                                   .replace("\r", "\n")).split())

    cell = doc.xpath('//table[@id="publishers-table"]/tbody/tr/td')[0]
    assert norm(cell.text_content()) == norm(publisher)
    survivor = doc.xpath('//table[@id="clusters"]//div[@class="title"]')[0]
    assert norm(survivor.text_content()) == norm(title)
    assert norm(runner) in norm(doc.xpath('//p[@class="meta"]')[0].text_content())


# ---- collecting -----------------------------------------------------------------------------


def test_collect_full_folder(full):
    data = report.collect(str(full))
    assert data.accounting.holds is True and data.accounting.mismatches == []
    assert data.accounting.parquet == {"articles": 5, "duplicates": 3, "rejected": 5}
    assert data.languages == {"ar": 4, "en": 1}
    assert data.cluster_sizes == {1: 3, 2: 1, 3: 1}
    assert data.words == {"total": 500, "median": 100}
    assert data.published["undated"] == 3
    assert data.published["first"].day == 20 and data.published["last"].day == 22
    assert data.notes == []


def test_collect_computes_what_the_summary_lacks(tmp_path):
    counts = {k: SUMMARY[k] for k in ("inputs", "articles", "duplicates", "rejected")}
    data = report.collect(str(make_output(tmp_path / "out", summary=counts)))
    assert data.languages == {"ar": 4, "en": 1}
    assert data.publishers == {BAYAN: 2, "Reuters": 1, "هسبريس": 1}
    assert data.duplicate_methods == {"exact": 1, "near": 1, "url": 1}
    assert [(g.stage, g.reason, g.count) for g in data.rejects][0] == ("clean", "too_short", 2)
    assert [(b.kind, b.count) for b in data.boilerplate] == [("share prompt", 3),
                                                             ("adblock notice", 2)]
    assert data.stage_seconds == [] and data.run == {}


def test_collect_rejects_a_folder_that_is_not_an_output(tmp_path):
    with pytest.raises(report.ReportError):
        report.collect(str(tmp_path))
    (tmp_path / "summary.json").write_text("{not json", "utf-8")
    with pytest.raises(report.ReportError):
        report.collect(str(tmp_path))
    broken = make_output(tmp_path / "broken")
    (broken / "rejected" / "part-00009.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(report.ReportError, match="cannot read the Parquet files"):
        report.collect(str(broken))


# ---- the page -------------------------------------------------------------------------------


def _parse(path: str):
    with open(path, "rb") as fh:
        return lxml.html.document_fromstring(fh.read())


def test_page_has_the_tables_charts_and_escapes_everything(full):
    path = report.write_report(str(full))
    assert path == os.path.join(str(full), "report.html")
    raw = Path(path).read_text("utf-8")
    doc = _parse(path)
    assert doc.xpath("//meta/@charset") == ["utf-8"]
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == [report.CSP]
    # Nothing hostile became markup: no script, no element carrying an event handler.
    assert doc.xpath("//script") == [] and doc.xpath("//@*[starts-with(name(), 'on')]") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert HOSTILE in doc.text_content() and HOSTILE_DETAIL in doc.text_content()
    # Self-contained: every image is a data: URI, no stylesheet/script/frame links.
    assert all(src.startswith("data:image/svg+xml;base64,") for src in doc.xpath("//img/@src"))
    assert doc.xpath("//link|//iframe|//object|//embed") == []
    assert len(doc.xpath('//img[@class="chart"]')) == 5
    ids = set(doc.xpath("//table/@id"))
    assert ids == {"accounting", "languages-table", "boilerplate-table", "rejects-by-stage",
                   "rejects-table", "duplicate-methods", "cluster-sizes", "clusters",
                   "publishers-table", "stage-times"}
    assert "holds" in doc.get_element_by_id("identity").text_content()
    langs = [[c.text_content() for c in tr.xpath("td")]
             for tr in doc.xpath('//table[@id="languages-table"]/tbody/tr')]
    assert langs == [["ar", "4", "80.0%"], ["en", "1", "20.0%"]]
    rejects = doc.xpath('//table[@id="rejects-table"]/tbody/tr')
    assert [tr.xpath("td")[2].text_content() for tr in rejects] == ["2", "2", "1"]
    cluster = doc.xpath('//table[@id="clusters"]/tbody/tr')[0]
    assert AR_TITLE in cluster.text_content()
    assert "https://other.example/d2?a=1&b=<2>" in cluster.text_content()
    assert "near, similarity 0.910" in cluster.text_content()
    # Mixed RTL/LTR text sits in cells that pick their own direction.
    cells = doc.xpath(f'//td[contains(., "{BAYAN}")]')
    assert cells and all(c.get("dir") == "auto" for c in cells)
    stages = [tr.xpath("td")[0].text_content()
              for tr in doc.xpath('//table[@id="stage-times"]/tbody/tr')]
    assert stages == ["read", "extract", "clean", "dedup", "write", "total"]


def test_page_reports_a_violated_identity_and_mismatches(tmp_path):
    summary = dict(SUMMARY, inputs=15, rejected=6)
    doc = _parse(report.write_report(str(make_output(tmp_path / "out", summary=summary))))
    identity = doc.get_element_by_id("identity")
    assert "VIOLATED" in identity.text_content() and "bad" in identity.get("class")
    assert "1 inputs unaccounted for" in identity.text_content()
    assert "rejected = 6" in doc.get_element_by_id("problems").text_content()


def test_page_of_empty_and_missing_folders(tmp_path):
    empty = make_output(tmp_path / "empty", articles=[], duplicates=[], rejected=[],
                        summary={"inputs": 0, "articles": 0, "duplicates": 0, "rejected": 0})
    doc = _parse(report.write_report(str(empty)))
    assert "holds" in doc.get_element_by_id("identity").text_content()
    assert doc.xpath("//img") == []
    assert set(doc.xpath("//table/@id")) == {"accounting"}
    text = doc.text_content()
    for message in ("No kept articles.", "No rejected inputs.", "No duplicates dropped.",
                    "No boilerplate removed.", "No stage timings recorded."):
        assert message in text
    bare = make_output(tmp_path / "bare", articles=None, duplicates=None, rejected=None,
                       summary=None)
    (bare / "articles").mkdir()
    doc = _parse(report.write_report(str(bare)))
    assert "cannot be checked" in doc.get_element_by_id("identity").text_content()
    assert "summary.json is missing" in doc.get_element_by_id("problems").text_content()
    only = make_output(tmp_path / "only", articles=None, duplicates=None, rejected=None)
    data = report.collect(str(only))
    assert data.accounting.holds is True and len(data.accounting.mismatches) == 3
    assert data.languages == {"ar": 4, "en": 1} and data.clusters == []
    assert [(g.reason, g.examples) for g in data.rejects][0] == ("too_short", [])


def test_command_line_regenerates_the_report(full):
    page = full / "report.html"
    page.write_text("stale", "utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "pipelines.report", str(full)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(page)
    assert "stale" not in page.read_text("utf-8") and "stage-times" in page.read_text("utf-8")
    assert not (full / "report.html.tmp").exists()
    missing = subprocess.run([sys.executable, "-m", "pipelines.report", str(full / "nope")],
                             cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "not a folder" in missing.stderr


# ---- a real browser ---------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1200,900"]


def _requests(driver, document: str) -> list:
    """URLs that ``document`` asked for since the last call (from Chrome's performance log).

    The browser's own pages (its new-tab page, loading meanwhile) are other documents.
    """
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent" and \
                params.get("documentURL") == document:
            urls.append(params["request"]["url"])
    return urls


def _off_page(urls: list) -> list:
    return [u for u in urls if not u.startswith(("file:", "data:"))]


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="Debian's chromium and chromium-driver are not installed: "
                           "run tests/setup_browser.sh (CI does)")
def test_page_renders_in_headless_chromium(full, tmp_path):
    try:
        from selenium import webdriver
        from selenium.common.exceptions import NoAlertPresentException
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:  # a test dependency (setup.py extra "test"), not a reason to skip
        pytest.fail("selenium is not installed: pip install '.[test]'")
    page = Path(report.write_report(str(full)))
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.get(page.as_uri())
        assert driver.title == "News ingestion report"
        charts = driver.find_elements(By.CSS_SELECTOR, "img.chart")
        assert len(charts) == 5
        for chart in charts:
            natural = driver.execute_script("return arguments[0].complete ? "
                                            "arguments[0].naturalWidth : 0", chart)
            assert natural > 0, chart.get_attribute("alt")  # the SVG decoded
            assert chart.size["width"] > 100 and chart.size["height"] > 50
        for table_id in ("accounting", "languages-table", "boilerplate-table", "rejects-table",
                         "cluster-sizes", "clusters", "publishers-table", "stage-times"):
            table = driver.find_element(By.ID, table_id)
            assert table.is_displayed() and table.size["height"] > 0
            assert table.find_elements(By.CSS_SELECTOR, "tbody tr"), table_id
        # The hostile title shows as text and ran nothing.
        assert HOSTILE in driver.find_element(By.ID, "clusters").text + \
            driver.find_element(By.TAG_NAME, "body").text
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text
        # Arabic cells run right to left, English ones left to right (dir="auto").
        direction = ("return getComputedStyle(arguments[0]).direction")
        ar = driver.find_element(By.XPATH, f'//table[@id="publishers-table"]//td[.="{BAYAN}"]')
        en = driver.find_element(By.XPATH, '//table[@id="publishers-table"]//td[.="Reuters"]')
        assert driver.execute_script(direction, ar) == "rtl"
        assert driver.execute_script(direction, en) == "ltr"
        urls = _requests(driver, page.as_uri())
        assert urls and _off_page(urls) == []  # the page itself was seen, nothing else
        refused = [e["message"] for e in driver.get_log("browser") if "Refused" in e["message"]]
        assert refused == []
        # The same check sees a request when a page does make one (so it can fail).
        control = tmp_path / "control.html"
        control.write_text('<!DOCTYPE html><img src="http://127.0.0.1:9/pixel.png">', "utf-8")
        driver.get(control.as_uri())
        assert _off_page(_requests(driver, control.as_uri())) == ["http://127.0.0.1:9/pixel.png"]
    finally:
        driver.quit()
