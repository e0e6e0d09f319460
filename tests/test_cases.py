"""The public bug cases of ../shared/cases (issue 14) as end-to-end runs of the real pipeline:
the inputs are copied into tests/fixtures/cases, the expected values are the cases' own."""

import datetime as dt
import os
import shutil

from tests.conftest import FIXTURES, read_table

CASES = FIXTURES / "cases"
UTC = dt.timezone.utc


def _articles(run_ingest, folder):
    out, summary = run_ingest(folder)
    return {os.path.basename(r["source"]): r for r in read_table(out, "articles")}, summary


def test_cases_end_to_end(run_ingest, tmp_path):
    articles, summary = _articles(run_ingest, CASES)
    assert summary["accounted"]

    german = articles["02_ogtitle_sitename.html"]
    assert german["title"] == "Stadtrat verschiebt Abstimmung über Brückensanierung"
    assert german["text"].startswith("Der Stadtrat hat am Mittwochabend die Entscheidung")
    assert german["publisher"] == "Rheinische Tagespost"

    arabic = articles["06_ar_byline.html"]
    assert arabic["text"].startswith("أظهرت قياسات الشبكة") and "كتب:" not in arabic["text"]
    assert {"سامي ناصر", "ليلى حداد"} <= set(arabic["authors"])
    assert {"kind": "byline", "text": "كتب: سامي ناصر، ليلى حداد"} in arabic["boilerplate"]

    persian = articles["04_fa_zwnj.html"]
    assert persian["title"] == "کتاب\u200cخانه\u200cهای شهر تا نیمه\u200cشب باز می\u200cمانند"
    assert persian["text"].count("\u200c") >= 10 and "دانش\u200cآموزان می\u200cتوانند" in persian["text"]

    assert articles["09_published_tz.html"]["published"] == dt.datetime(2023, 3, 8, 16, 30, tzinfo=UTC)

    turkish = articles["11_utf8_stray_byte.html"]
    assert turkish["title"] == "Tarihi çarşıda restorasyon başlıyor" and turkish["language"] == "tr"


def test_page_date_wins_over_a_body_sentence_and_feed_like_dates_parse(run_ingest, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    body = " ".join(["The survey of 4,000 households was carried out over two years in twelve regions."] * 3)
    (folder / "study.html").write_text(
        '<html><head><title>Sleep study</title><meta property="article:published_time" '
        'content="2024-05-02T09:00:00+02:00"></head><body><article><h1>Sleep study</h1>'
        f"<p>{body}</p><p>Published in Nature on 3 March 2021, the study followed the same families.</p>"
        f"<p>{body}</p></article></body></html>", "utf-8")
    texts = [
        "Farmers in the north reported the earliest harvest in decades after a warm and dry spring season.",
        "The central bank kept its main interest rate unchanged and signalled that cuts may come next year.",
        "A new tram line opened in the eastern suburbs, cutting the commute to the centre by twenty minutes.",
    ]
    dates = ["2016/6/29 15:07:41", "Fri,24 Nov 2023 18:28:36 -0000", "sometime in June"]
    lines = [{"url": f"http://a.example/{i}", "text": f"{t} {t} {t}", "published": d}
             for i, (t, d) in enumerate(zip(texts, dates))]
    import json

    (folder / "dump.jsonl").write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    out, summary = run_ingest(folder)
    rows = {os.path.basename(r["source"]): r for r in read_table(out, "articles")}
    study = rows["study.html"]
    assert study["published"] == dt.datetime(2024, 5, 2, 7, tzinfo=UTC)
    assert "Published in Nature on 3 March 2021, the study followed the same families." in study["text"]
    assert rows["dump.jsonl#L1"]["published"] == dt.datetime(2016, 6, 29, 15, 7, 41, tzinfo=UTC)
    assert rows["dump.jsonl#L2"]["published"] == dt.datetime(2023, 11, 24, 18, 28, 36, tzinfo=UTC)
    assert rows["dump.jsonl#L3"]["published"] is None
    assert summary["published_unparsed"] == {"unparseable": 1}


def test_saved_pages_get_their_canonical_url_so_url_dedup_works(run_ingest, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    body = ("<p>The harbour authority approved the extension of the container terminal after a two-year "
            "review of its environmental impact on the bay and the fishing grounds nearby.</p>")
    page = ('<html><head><title>Harbour extension approved</title>{head}</head><body><article>'
            "<h1>Harbour extension approved</h1>" + body + "{extra}</article></body></html>")
    (folder / "a.html").write_text(page.format(head='<link rel="canonical" href="https://port.example/news/1">',
                                               extra=""), "utf-8")
    (folder / "b.html").write_text(page.format(head='<meta property="og:url" content="https://port.example/news/1?utm_source=x">',
                                               extra="<p>Updated with a comment from the mayor's office.</p>"), "utf-8")
    out, summary = run_ingest(folder, extra=["--config", str(_min_words(tmp_path, 5))])
    [article] = read_table(out, "articles")  # the longer copy survives
    [dup] = read_table(out, "duplicates")
    # the url column is the canonical URL: tracking parameters (b's og:url ?utm_source=x) are no
    # part of it, so both copies carry one address, and URL dedup still pairs them
    assert article["url"] == dup["url"] == "https://port.example/news/1"
    assert dup["method"] == "url" and dup["duplicate_of"] == article["id"]


def _min_words(tmp_path, n):
    config = tmp_path / "min_words.yaml"
    config.write_text(f"clean:\n  min_words: {n}\n", "utf-8")
    return config
