"""Stage: extract the article body and metadata from HTML with trafilatura.

Pure layer ``extract_html``; DoFn ``_ExtractFn``; composite ``ExtractText``. trafilatura has no
timeout in its Python API, can take tens of seconds on pathological pages and has open reports
of crashes, so each DoFn instance runs it in one dedicated worker process (``IsolatedExtractor``):
a parse that overruns the timeout is killed with its process, a crash ends its process, and both
become rejected rows while the worker is restarted. (Beam's ``with_exception_handling(
use_subprocess=True)`` isolates too, but its subprocess's metrics never reach the runner, so the
costliest stage would vanish from the per-stage profile.)
"""

from __future__ import annotations

import re
from typing import List, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.config import require
from transforms.failures import AdaptFailures
from transforms.progress import MeteredDoFn
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


def extract_html(html: str, url: str = "", options: dict | None = None) -> Extracted:
    """The main text of a web page and its metadata; raises NothingExtracted when there is none."""
    import trafilatura

    options = options or {}
    result = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        favor_precision=bool(options.get("favor_precision", False)),
        favor_recall=bool(options.get("favor_recall", False)),
        no_fallback=bool(options.get("no_fallback", False)),
        include_tables=bool(options.get("include_tables", True)),
        include_comments=bool(options.get("include_comments", False)),
        deduplicate=False,  # trafilatura's dedup cache is per process: results would vary
    )
    if result is None or not (result.text or "").strip():
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


class ExtractionTimeout(TimeoutError):
    """The extraction overran its time limit; its worker process was killed."""


class ExtractionCrashed(RuntimeError):
    """The extraction worker process died (a crash in C code, or out of memory)."""


def _serve(conn) -> None:
    """Worker process loop: (html, url, options) in, ("ok", Extracted) or ("error", kind, message) out."""
    import trafilatura  # noqa: F401 - imported before "ready", so start-up is not parse time

    conn.send(("ready",))
    while True:
        try:
            html, url, options = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", extract_html(html, url, options)))
        except NothingExtracted as exc:
            conn.send(("nothing", str(exc)))
        except Exception as exc:  # reported to the parent, which dead-letters it
            conn.send(("error", type(exc).__name__, str(exc)[:500]))


class IsolatedExtractor:
    """Runs extract_html in one long-lived child process, with a per-call timeout."""

    STARTUP_SECONDS = 120

    def __init__(self, timeout: float):
        self._timeout = timeout
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # no fork of a process holding gRPC threads
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="news-extract")
        self._proc.start()
        child.close()
        self._conn = parent
        # Start-up (a fresh interpreter importing trafilatura) is not charged to the first page.
        if not parent.poll(self.STARTUP_SECONDS) or parent.recv() != ("ready",):
            self.close()
            raise ExtractionCrashed("extraction worker did not start")

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
            self._conn.close()
        self._proc = self._conn = None

    def __call__(self, html: str, url: str, options: dict) -> Extracted:
        if self._proc is None or not self._proc.is_alive():
            self.close()
            self._start()
        try:
            self._conn.send((html, url, options))
            finished = self._conn.poll(self._timeout)
            reply = self._conn.recv() if finished else None
        except (EOFError, OSError) as exc:
            code = self._proc.exitcode if self._proc is not None else None
            self.close()
            raise ExtractionCrashed(f"extraction worker died (exit code {code}): {type(exc).__name__}") from None
        if reply is None:
            self.close()  # the runaway parse dies with its process
            raise ExtractionTimeout(f"extraction took more than {self._timeout} s")
        if reply[0] == "ok":
            return reply[1]
        if reply[0] == "nothing":
            raise NothingExtracted(reply[1])
        raise RuntimeError(f"{reply[1]}: {reply[2]}")


def paragraphs_of_plain_text(text: str) -> str:
    """Plain text with its paragraphs separated by one blank line (line structure kept)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


class _ExtractFn(MeteredDoFn, beam.DoFn):
    STAGE = "extract"

    """Document (html or text) -> Document with ``text`` and metadata; NothingExtracted -> Rejected."""

    REJECTED = "rejected"

    def __init__(self, options: dict, max_text_chars: int, limits: tuple[int, int], timeout: float | None):
        self._options = options
        self._max_text_chars = max_text_chars
        self._max_tags, self._max_tag_chars = limits
        self._timeout = timeout
        self._extract = None

    def setup(self):
        super().setup()
        self._extract = IsolatedExtractor(self._timeout) if self._timeout else extract_html
        self._isolation = Metrics.counter("news.extract", "isolation_failures")
        self._empty = Metrics.counter("news.extract", "filtered:no_main_text")
        self._complex = Metrics.counter("news.extract", "filtered:too_complex")
        self._truncated = Metrics.counter("news.extract", "truncated")

    def teardown(self):
        if isinstance(self._extract, IsolatedExtractor):
            self._extract.close()

    def handle(self, doc: Document):
        if doc.format in ("html", "jsonl-html"):
            try:
                screen_markup(doc.html, self._max_tags, self._max_tag_chars)
                found = self._extract(doc.html, doc.url, self._options)
            except (ExtractionTimeout, ExtractionCrashed) as exc:
                self._isolation.inc()
                reason = "timeout" if isinstance(exc, ExtractionTimeout) else "crashed"
                yield beam.pvalue.TaggedOutput(self.REJECTED, reject(doc, STAGE, reason, str(exc)))
                return
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
        fn = _ExtractFn(self._options, self._max_text_chars, self._limits, self._timeout if self._isolate else None)
        results = docs | "Extract" >> beam.ParDo(fn).with_outputs(_ExtractFn.REJECTED, main="ok").with_exception_handling()
        crashed = results["bad"] | "AdaptCrashes" >> AdaptFailures(STAGE)
        rejected = (results[_ExtractFn.REJECTED], crashed) | "MergeRejected" >> beam.Flatten()
        return results["ok"], rejected
