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
