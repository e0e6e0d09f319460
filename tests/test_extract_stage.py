import apache_beam as beam
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from tests.conftest import FIXTURES
from transforms.extract import ExtractText, extract_html, paragraphs_of_plain_text
from transforms.records import Document

CONFIG = {
    "favor_precision": False, "favor_recall": False, "no_fallback": False, "include_tables": True,
    "include_comments": False, "max_text_chars": 100000, "timeout_seconds": 30,
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
