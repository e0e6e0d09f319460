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

import os
import pickle
import re
import select
import struct
import subprocess
import sys
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


class ExtractionTimeout(TimeoutError):
    """The extraction overran its time limit; its worker process was killed."""


class ExtractionCrashed(RuntimeError):
    """The extraction worker process died (a crash in C code, or out of memory)."""


def _send(stream, obj) -> None:
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(struct.pack(">Q", len(body)) + body)
    while data:  # raw pipes may take part of a write
        written = stream.write(data)
        data = data[written:]
    stream.flush()


def _read_exactly(stream, size: int) -> bytes:
    chunks, left = [], size
    while left:  # raw pipes may return short reads
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("extraction worker closed its pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _recv(stream):
    (size,) = struct.unpack(">Q", _read_exactly(stream, 8))
    return pickle.loads(_read_exactly(stream, size))  # noqa: S301 - our own child, its private pipe


def serve(stdin=None, stdout=None) -> None:
    """Worker process loop: (html, url, options) in, ("ok", Extracted) / ("nothing", msg) /
    ("error", kind, msg) out, as length-prefixed pickles over stdin/stdout."""
    import trafilatura  # noqa: F401 - imported before "ready", so start-up is not parse time

    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    _send(stdout, ("ready",))
    while True:
        try:
            html, url, options = _recv(stdin)
        except EOFError:
            return
        try:
            reply = ("ok", tuple(extract_html(html, url, options)))  # plain data: __main__ here
        except NothingExtracted as exc:
            reply = ("nothing", str(exc))
        except Exception as exc:  # reported to the parent, which dead-letters it
            reply = ("error", type(exc).__name__, str(exc)[:500])
        _send(stdout, reply)


class IsolatedExtractor:
    """Runs extract_html in one long-lived child interpreter, with a per-call timeout.

    The child is a plain ``python -m transforms.extract`` (not multiprocessing, whose spawn mode
    re-imports the parent's ``__main__``), talking length-prefixed pickles over its pipes.
    """

    STARTUP_SECONDS = 120

    def __init__(self, timeout: float):
        self._timeout = timeout
        self._proc: subprocess.Popen | None = None

    def _start(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "transforms.extract"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0,
        )
        # Start-up (a fresh interpreter importing trafilatura) is not charged to the first page.
        if not self._wait(self.STARTUP_SECONDS) or _recv(self._proc.stdout) != ("ready",):
            self.close()
            raise ExtractionCrashed("extraction worker did not start")

    def _wait(self, seconds: float) -> bool:
        ready, _, _ = select.select([self._proc.stdout], [], [], seconds)
        return bool(ready)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(5)
            for stream in (self._proc.stdin, self._proc.stdout):
                stream.close()
        self._proc = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def __call__(self, html: str, url: str, options: dict) -> Extracted:
        if self._proc is None or self._proc.poll() is not None:
            self.close()
            self._start()
        try:
            _send(self._proc.stdin, (html, url, options))
            finished = self._wait(self._timeout)
            reply = _recv(self._proc.stdout) if finished else None
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            code = self._proc.poll()
            self.close()
            raise ExtractionCrashed(f"extraction worker died (exit code {code}): {type(exc).__name__}") from None
        if reply is None:
            self.close()  # the runaway parse dies with its process
            raise ExtractionTimeout(f"extraction took more than {self._timeout} s")
        if reply[0] == "ok":
            return Extracted(*reply[1])
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


if __name__ == "__main__":
    serve()
