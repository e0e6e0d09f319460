"""Stage: extract the article body and metadata from HTML with trafilatura.

Pure layer ``extract_html``; DoFn ``_ExtractFn``; composite ``ExtractText``. trafilatura has no
timeout in its Python API and can take tens of seconds on pathological pages, so the composite
runs it isolated, with Beam's ``with_exception_handling(use_subprocess=..., timeout=...)``: a
runaway or crashing parse becomes a rejected row instead of a stuck or dead worker.
"""

from __future__ import annotations

import re
from typing import List, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.config import require
from transforms.failures import AdaptFailures
from transforms.records import Document, reject

STAGE = "extract"
_BLANKS = re.compile(r"\n\s*\n+")


class Extracted(NamedTuple):
    text: str  # paragraphs separated by a blank line
    title: str
    published: str
    authors: List[str]
    publisher: str


class NothingExtracted(ValueError):
    """trafilatura found no main text in the page (an expected reject, not a crash)."""


class TooComplex(ValueError):
    """Markup that would make the HTML parser or trafilatura run for minutes (measured: a tag
    with 60,000 attributes costs lxml 20 s to parse; 100,000 paragraphs cost trafilatura 80 s)."""


_TAG_RUN = re.compile(r"<[^<>]*")


def screen_markup(html: str, max_tags: int, max_tag_chars: int) -> None:
    """Raise TooComplex for pages with too many tags or a monstrous single tag (a linear scan)."""
    tags = html.count("<")
    if tags > max_tags:
        raise TooComplex(f"{tags} tags (limit {max_tags})")
    if len(html) > max_tag_chars:
        longest = max((len(m) for m in _TAG_RUN.findall(html)), default=0)
        if longest > max_tag_chars:
            raise TooComplex(f"a tag of {longest} characters (limit {max_tag_chars})")


def _split_authors(author: str | None) -> List[str]:
    if not author:
        return []
    return [a.strip() for a in re.split(r";|\s+\|\s+", author) if a.strip()]


# favor_precision occasionally prunes nearly the whole article (measured on the AEB benchmark):
# when its text is shorter than this, the balanced mode runs too and wins if it finds at least
# PRECISION_FALLBACK_RATIO times more text. Override with options["precision_fallback_chars"].
PRECISION_FALLBACK_CHARS = 1000
PRECISION_FALLBACK_RATIO = 2


def _bare_extraction(html: str, url: str, options: dict, favor_precision: bool):
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        favor_precision=favor_precision,
        favor_recall=bool(options.get("favor_recall", False)),
        no_fallback=bool(options.get("no_fallback", False)),
        include_tables=bool(options.get("include_tables", True)),
        include_comments=bool(options.get("include_comments", False)),
        deduplicate=False,  # trafilatura's dedup cache is per process: results would vary
    )


def _text_of(result) -> str:
    return (getattr(result, "text", None) or "").strip() if result is not None else ""


def extract_html(html: str, url: str = "", options: dict | None = None) -> Extracted:
    """The main text of a web page (paragraphs separated by a blank line) and its metadata.

    Raises NothingExtracted when there is none.
    """
    options = options or {}
    precision = bool(options.get("favor_precision", False))
    result = _bare_extraction(html, url, options, precision)
    if precision and len(_text_of(result)) < int(options.get("precision_fallback_chars", PRECISION_FALLBACK_CHARS)):
        balanced = _bare_extraction(html, url, options, False)
        if len(_text_of(balanced)) >= PRECISION_FALLBACK_RATIO * max(1, len(_text_of(result))):
            result = balanced
    if not _text_of(result):
        raise NothingExtracted("trafilatura found no main text")
    paragraphs = [line.strip() for line in result.text.split("\n") if line.strip()]
    title = (result.title or "").strip()
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # `text` never repeats the title
    return Extracted(
        text="\n\n".join(paragraphs),
        title=title,
        published=(result.date or "").strip(),
        authors=_split_authors(result.author),
        publisher=(result.sitename or "").strip(),
    )


def paragraphs_of_plain_text(text: str) -> str:
    """Plain text with its paragraphs separated by one blank line (line structure kept)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


class _ExtractFn(beam.DoFn):
    """Document (html or text) -> Document with ``text`` and metadata; NothingExtracted -> Rejected."""

    REJECTED = "rejected"

    def __init__(self, options: dict, max_text_chars: int, limits: tuple[int, int]):
        self._options = options
        self._max_text_chars = max_text_chars
        self._max_tags, self._max_tag_chars = limits

    def setup(self):
        self._empty = Metrics.counter("news.extract", "filtered:no_main_text")
        self._complex = Metrics.counter("news.extract", "filtered:too_complex")
        self._truncated = Metrics.counter("news.extract", "truncated")

    def process(self, doc: Document):
        if doc.format in ("html", "jsonl-html"):
            try:
                screen_markup(doc.html, self._max_tags, self._max_tag_chars)
                found = extract_html(doc.html, doc.url, self._options)
            except TooComplex as exc:
                self._complex.inc()
                yield beam.pvalue.TaggedOutput(self.REJECTED, reject(doc, STAGE, "too_complex", str(exc)))
                return
            except NothingExtracted as exc:
                self._empty.inc()
                yield beam.pvalue.TaggedOutput(self.REJECTED, reject(doc, STAGE, "no_main_text", str(exc)))
                return
            doc = doc._replace(
                text=found.text,
                html="",
                title=doc.title or found.title,
                published=doc.published or found.published,
                authors=doc.authors or found.authors,
                publisher=doc.publisher or found.publisher,
            )
        else:
            doc = doc._replace(text=paragraphs_of_plain_text(doc.text))
        if len(doc.text) > self._max_text_chars:
            self._truncated.inc()
            cut = doc.text.rfind("\n\n", 0, self._max_text_chars)
            cut = cut if cut > 0 else self._max_text_chars
            doc = doc._replace(text=doc.text[:cut])
        yield doc


class ExtractText(beam.PTransform):
    """PCollection[Document] -> (ok: PCollection[Document], failed: PCollection[Rejected])."""

    def __init__(self, config: dict, *, isolate: bool = True):
        super().__init__()
        self._options = {
            key: require(config, key, bool, where="extract")
            for key in ("favor_precision", "favor_recall", "no_fallback", "include_tables", "include_comments")
        }
        self._max_text_chars = require(config, "max_text_chars", int, where="extract", minimum=1000)
        self._timeout = require(config, "timeout_seconds", (int, float), where="extract", minimum=1)
        self._limits = (
            require(config, "max_markup_tags", int, where="extract", minimum=100),
            require(config, "max_tag_chars", int, where="extract", minimum=1000),
        )
        self._isolate = isolate

    def expand(self, docs):
        fn = _ExtractFn(self._options, self._max_text_chars, self._limits)
        results = docs | "Extract" >> beam.ParDo(fn).with_outputs(_ExtractFn.REJECTED, main="ok").with_exception_handling(
            use_subprocess=self._isolate, timeout=self._timeout if self._isolate else None
        )
        crashed = results["bad"] | "AdaptCrashes" >> AdaptFailures(STAGE)
        rejected = (results[_ExtractFn.REJECTED], crashed) | "MergeRejected" >> beam.Flatten()
        return results["ok"], rejected
