"""Stage: extract the article body and metadata from HTML with trafilatura.

Pure layer ``extract_html`` (transforms/htmltext.py, free of Beam for a fast-starting child
process); DoFn ``_ExtractFn``; composite ``ExtractText``. trafilatura has no
timeout in its Python API, can take tens of seconds on pathological pages and has open reports
of crashes, so each DoFn instance runs it in one dedicated worker process (``IsolatedExtractor``):
a parse that overruns the timeout is killed with its process, a crash ends its process, and both
become rejected rows while the worker is restarted. (Beam's ``with_exception_handling(
use_subprocess=True)`` isolates too, but its subprocess's metrics never reach the runner, so the
costliest stage would vanish from the per-stage profile.)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version
from typing import Sequence

import apache_beam as beam
from apache_beam.utils.windowed_value import WindowedValue
from apache_beam.metrics import Metrics

from transforms.settings import ConfigError, ExtractSettings
from transforms.progress import StageMeter
from transforms.htmltext import (  # the stage's pure layer (extract_html also re-exported for callers)
    ExtractionCrashed,
    ExtractionError,
    ExtractionTimeout,
    IsolatedExtractor,
    MarkupLimits,
    NothingExtracted,
    TooComplex,
    extract_html,
    paragraphs_of_plain_text,
    screen_markup,
)
from transforms.dedup import without_tracking
from transforms.records import Document, is_html, reject

__all__ = ["ExtractText", "EXPECTED_REJECTS"]

STAGE = "extract"
# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them).
EXPECTED_REJECTS = frozenset({"no_main_text"})


def package_version(name: str) -> str:
    """The installed version of a distribution, "" when it is not installed."""
    try:
        return _version(name)
    except PackageNotFoundError:
        return ""


class _ExtractFn(beam.DoFn):
    """Document (html or text) -> Document with ``text`` and metadata; any failure -> Rejected.

    Isolated mode overlaps work: page N is sent to the extraction worker before page N-1's
    result is handed downstream, so the fused stages after this one (cleaning, language, dedup)
    run while the worker parses. Results keep their own element's timestamp and window. Every
    exception is caught per document here (the wrapper of ``with_exception_handling`` would
    hide the window parameter this needs), so a failure is always charged to its own document.
    """

    REJECTED = "rejected"

    def __init__(self, options: dict, max_text_chars: int, limits: MarkupLimits, timeout: float | None,
                 tracking_params: tuple = ()):
        self._options = options
        self._tracking_params = tuple(tracking_params)
        self._max_text_chars = max_text_chars
        self._limits = limits
        self._timeout = timeout
        self._worker = None
        self._pending = None  # (doc, timestamp, window) sent to the worker, result not yet taken

    def setup(self):
        self._meter = StageMeter(STAGE)
        self._worker = IsolatedExtractor(self._timeout) if self._timeout else None
        self._isolation = Metrics.counter("news.extract", "isolation_failures")
        self._failed = Metrics.counter("news.extract", "failed")
        self._empty = Metrics.counter("news.extract", "filtered:no_main_text")
        self._complex = Metrics.counter("news.extract", "filtered:too_complex")
        self._truncated = Metrics.counter("news.extract", "truncated")
        self._versions = {"trafilatura": package_version("trafilatura"), "plaintext": package_version("newsbeam")}

    def teardown(self):
        if self._worker is not None:
            self._worker.close()

    def start_bundle(self):
        self._pending = None

    def process(self, doc: Document, timestamp=beam.DoFn.TimestampParam, window=beam.DoFn.WindowParam):
        with self._meter.timed(0):
            ready = self._take_pending()
            if not is_html(doc):
                ready.append((self._finish(doc._replace(text=paragraphs_of_plain_text(doc.text))), timestamp, window))
            else:
                try:
                    screen_markup(doc.html, self._limits)
                except TooComplex as exc:
                    self._complex.inc()
                    ready.append((self._rejected(doc, "too_complex", str(exc)), timestamp, window))
                else:
                    if self._worker is None:
                        ready.append((self._extracted(doc, lambda: extract_html(doc.html, doc.url, self._options)), timestamp, window))
                    else:
                        self._worker.submit(doc.html, doc.url, self._options)
                        self._pending = (doc, timestamp, window)
            if self._pending is None or self._pending[0] is not doc:
                self._meter.count(1)  # done now; a pending one is counted when collected
        for out in ready:
            yield self._windowed(*out)

    def finish_bundle(self):
        with self._meter.timed(0):
            ready = self._take_pending()
        for out in ready:
            yield self._windowed(*out)

    def _take_pending(self) -> list:
        if self._pending is None:
            return []
        doc, timestamp, window = self._pending
        self._pending = None
        self._meter.count(1)
        return [(self._extracted(doc, self._worker.collect), timestamp, window)]

    @staticmethod
    def _windowed(value, timestamp, window):
        if isinstance(value, beam.pvalue.TaggedOutput):
            return beam.pvalue.TaggedOutput(value.tag, WindowedValue(value.value, timestamp, [window]))
        return WindowedValue(value, timestamp, [window])

    def _rejected(self, doc: Document, reason: str, detail: str):
        StageMeter.rejected()
        return beam.pvalue.TaggedOutput(self.REJECTED, reject(doc, STAGE, reason, detail))

    def _extracted(self, doc: Document, extract):
        """Run ``extract()`` (or take the worker's result) and build the output for ``doc``."""
        try:
            found = extract()
        except (ExtractionTimeout, ExtractionCrashed) as exc:
            self._isolation.inc()
            return self._rejected(doc, "timeout" if isinstance(exc, ExtractionTimeout) else "crashed", str(exc))
        except NothingExtracted as exc:
            self._empty.inc()
            return self._rejected(doc, "no_main_text", str(exc))
        except Exception as exc:  # dead-lettered with its type, never a crash of the bundle
            self._failed.inc()
            kind = str(exc).split(":", 1)[0] if isinstance(exc, ExtractionError) else type(exc).__name__
            return self._rejected(doc, f"error:{kind}", str(exc))
        page_first = doc.format == "html"
        # a host name ("news.example.com", trafilatura's guess without og:site_name) is no name
        weak = "." in found.publisher and " " not in found.publisher
        page_publisher = "" if weak and doc.publisher else found.publisher
        return self._finish(
            doc._replace(
                text=found.text,
                html="",
                # a web page's own title, authors and publisher win over what its feed said
                # (feed fields may carry mojibake and only fill gaps); JSONL fields are the
                # dataset's own and win. A given date is kept (transforms/dates.py reads it).
                title=(found.title or doc.title) if page_first else (doc.title or found.title),
                published=doc.published or found.published,
                authors=(found.authors or doc.authors) if page_first else (doc.authors or found.authors),
                publisher=(page_publisher or doc.publisher) if page_first else (doc.publisher or found.publisher),
                url=doc.url or found.url,  # a saved page: its canonical / og:url, for URL dedup
            )
        )

    def _finish(self, doc: Document) -> Document:
        extractor = "trafilatura" if is_html(doc) else "plaintext"
        # `url` is the article's canonical address: tracking parameters (utm_*, fbclid...) are no
        # part of it, whether they came with a fetched link, a JSONL record or a page's og:url
        url = without_tracking(doc.url, self._tracking_params)
        doc = doc._replace(extractor=extractor, extractor_version=self._versions[extractor], url=url)
        if len(doc.text) > self._max_text_chars:
            self._truncated.inc()
            cut = doc.text.rfind("\n\n", 0, self._max_text_chars)
            cut = cut if cut > 0 else self._max_text_chars
            doc = doc._replace(text=doc.text[:cut])
        return doc


class ExtractText(beam.PTransform):
    """PCollection[Document] -> (ok: PCollection[Document], failed: PCollection[Rejected])."""

    def __init__(self, config: dict, *, isolate: bool = True, tracking_params: Sequence[str] = ()):
        """``config``: the ``extract`` section; ``tracking_params``: glob patterns of the query
        parameters that leave each article's ``url`` (the ``dedup.tracking_params`` list)."""
        super().__init__()
        settings = ExtractSettings.parse(config)
        if isinstance(tracking_params, str) or not all(isinstance(p, str) and p for p in tracking_params):
            raise ConfigError(f"tracking_params must be a list of non-empty strings, got {tracking_params!r}")
        self._tracking_params = tuple(tracking_params)
        self._options = {
            key: getattr(settings, key)
            for key in ("favor_precision", "favor_recall", "no_fallback", "include_tables", "include_comments",
                        "extensive_date_search", "compare_default_mode", "settled_coverage", "unwrap_layout_tables")
        }
        self._max_text_chars = settings.max_text_chars
        self._timeout = settings.timeout_seconds
        self._limits = MarkupLimits(
            max_tags=settings.max_markup_tags,
            max_attributes=settings.max_tag_attributes,
            max_depth=settings.max_markup_depth,
        )
        self._isolate = isolate

    def expand(self, docs):
        fn = _ExtractFn(self._options, self._max_text_chars, self._limits, self._timeout if self._isolate else None,
                        self._tracking_params)
        results = docs | "Extract" >> beam.ParDo(fn).with_outputs(_ExtractFn.REJECTED, main="ok")
        return results.ok, results[_ExtractFn.REJECTED]

