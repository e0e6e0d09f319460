import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.conftest import FIXTURES
from transforms.extract import ExtractText, extract_html, paragraphs_of_plain_text
from transforms.records import Document

CONFIG = {
    "favor_precision": False, "favor_recall": False, "no_fallback": False, "include_tables": True,
    "include_comments": False, "extensive_date_search": True, "max_text_chars": 100000, "timeout_seconds": 30,
    "max_markup_tags": 5000, "max_tag_chars": 20000,
}


def _page() -> str:
    return (FIXTURES / "article.html").read_text("utf-8")


def test_extract_html_keeps_paragraphs_and_metadata():
    found = extract_html(_page())
    paragraphs = found.text.split("\n\n")
    assert len(paragraphs) == 3 and paragraphs[0].startswith("The central bank left")
    assert found.title == "Central bank holds rates steady"
    assert not found.text.startswith(found.title)  # the title is not repeated in the text
    assert found.published.startswith("2024-03-05") and found.authors == ["Jane Roe"]
    assert found.publisher == "Example News"
    assert "Copyright" not in found.text and "Home" not in found.text


def test_plain_text_paragraphs():
    assert paragraphs_of_plain_text("a\r\n\r\n\r\nb\n c \n") == "a\n\nb\n\nc"


def test_extract_stage_both_outputs_isolated():
    docs = [
        Document(id="p", source="p.html", url="", format="html", html=_page()),
        Document(id="e", source="e.html", url="", format="html", html="<html><body><div></div></body></html>"),
        Document(id="t", source="t.txt", url="", format="text", text="line one\n\n\nline two"),
    ]
    with TestPipeline() as p:
        ok, rejected = p | beam.Create(docs) | ExtractText(CONFIG, isolate=True)
        assert_that(
            ok | "OkKeys" >> beam.Map(lambda d: (d.id, d.title, d.html, d.text.count("\n\n"))),
            equal_to([("p", "Central bank holds rates steady", "", 2), ("t", "", "", 1)]),
            label="ok",
        )
        assert_that(rejected | "RejKeys" >> beam.Map(lambda r: (r.id, r.stage, r.reason)), equal_to([("e", "extract", "no_main_text")]), label="rejected")


def test_oversized_text_is_truncated_at_a_paragraph():
    text = "\n\n".join(["word " * 100] * 50)
    config = dict(CONFIG, max_text_chars=1000)
    with TestPipeline() as p:
        ok, _ = p | beam.Create([Document(id="t", source="t.txt", url="", format="text", text=text)]) | ExtractText(config, isolate=False)
        assert_that(ok | beam.Map(lambda d: (len(d.text) <= 1000, d.text.endswith("word"))), equal_to([(True, True)]))


def test_pathological_markup_is_screened_before_parsing():
    import pytest
    from transforms.extract import TooComplex, screen_markup

    screen_markup(_page(), 5000, 20000)
    with pytest.raises(TooComplex, match="tags"):
        screen_markup("<p>x</p>" * 3000, 5000, 20000)
    with pytest.raises(TooComplex, match="a tag of"):
        screen_markup("<p " + " ".join(f'a{i}="{i}"' for i in range(5000)) + ">x</p>", 5000, 20000)


def test_isolated_extractor_times_out_and_recovers():
    import pytest
    from transforms import extract as ex

    iso = ex.IsolatedExtractor(timeout=1.0)
    try:
        found = iso(_page(), "", {})
        assert found.title == "Central bank holds rates steady"
        with pytest.raises(ex.NothingExtracted):
            iso("<html><body></body></html>", "", {})
        first = iso.pid
        # A runaway parse: a page trafilatura chews on for longer than the limit.
        slow = "<html><body>" + "".join(f"<p>Paragraph {i} of a long page.</p>" for i in range(40000)) + "</body></html>"
        with pytest.raises(ex.ExtractionTimeout):
            iso(slow, "", {})
        assert iso.pid is None  # killed with its process
        assert iso(_page(), "", {}).title == "Central bank holds rates steady"  # restarted
        assert iso.pid != first
    finally:
        iso.close()


def test_isolated_extractor_survives_a_crashing_worker():
    import os
    import signal
    import threading
    import time

    import pytest
    from transforms import extract as ex

    iso = ex.IsolatedExtractor(timeout=10.0)
    try:
        iso(_page(), "", {})
        os.kill(iso.pid, signal.SIGKILL)  # as a segfault in C code would end it
        time.sleep(0.5)
        # The dead worker is noticed and replaced before the next call.
        assert iso(_page(), "", {}).publisher == "Example News"
        # Killed mid-parse: the call fails as a crash, not a hang.
        victim = iso.pid
        slow = "<html><body>" + "".join(f"<p>Paragraph {i} of a long page.</p>" for i in range(40000)) + "</body></html>"
        threading.Timer(0.5, os.kill, (victim, signal.SIGKILL)).start()
        with pytest.raises(ex.ExtractionCrashed, match="died"):
            iso(slow, "", {})
        assert iso(_page(), "", {}).title == "Central bank holds rates steady"
    finally:
        iso.close()


# ---- one parse, essential metadata: the same answers as trafilatura's own path --------------

def _aeb_pages():
    from tests.conftest import BENCH, require_shared

    folder = require_shared(BENCH / "extraction-aeb" / "html")
    return [p.read_bytes().decode("utf-8", "replace") for p in sorted(folder.glob("*.html"))]


def test_essential_metadata_equals_trafilaturas_extract_metadata_on_real_pages():
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from transforms.extract import essential_metadata

    fixtures = [(FIXTURES / name).read_text(encoding="utf-8") for name in ("article.html", "clean_article.html")]
    cases = [(html, "") for html in _aeb_pages()] + [
        (html, url) for html in fixtures for url in ("", "https://news.example.com/2021/07/27/story")
    ]
    with_author = 0
    for html, url in cases:
        ours = essential_metadata(load_html(html), url, True)
        theirs = extract_metadata(load_html(html), url or None, {"extensive_search": True, "original_date": True})
        for field in ("title", "author", "date", "sitename"):
            assert getattr(ours, field) == getattr(theirs, field), (field, html[:200])
        with_author += bool(ours.author)
    assert with_author > 20  # the author shortcut is exercised both ways, not only on empty pages


def test_the_author_shortcut_answers_like_extract_author():
    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    from transforms.htmltext import _author

    found = 0
    for html in _aeb_pages():
        ours = _author(load_html(html))
        assert ours == extract_author(load_html(html))
        found += ours is not None
    assert 20 < found < 181
    bylines = [
        '<html><body><p>x</p><span class="byline">By Jane Roe</span></body></html>',
        '<html><body><div id="author-box">Amal Saeed</div><figure><span class="author">Photo Desk</span></figure></body></html>',
        "<html><body><p>No author here at all.</p></body></html>",
    ]
    for html in bylines:
        assert _author(load_html(html)) == extract_author(load_html(html))
