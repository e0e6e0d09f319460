"""Stage: detect each article's language (langdetect, seeded, so results never vary).

The pure layer is ``detect_language``; ``DetectLanguage`` is the composite. langdetect in pure
Python costs tens of milliseconds per article, so detection runs on a bounded sample spread
evenly over the text, and on ``langdetect_rs`` (the same algorithm and profiles in Rust) when it
is installed: ``tests/test_language.py`` checks that both backends agree on a multilingual corpus.
"""

from __future__ import annotations

import os
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.settings import LanguageSettings
from transforms.progress import MeteredDoFn
from transforms.records import Document
from transforms.textnorm import has_letters

__all__ = ["DetectLanguage", "Detection", "detect_language", "sample_text"]

UNDETERMINED = "und"
# langdetect's codes that are not ISO 639-1.
_ISO = {"zh-cn": "zh", "zh-tw": "zh"}


class Detection(NamedTuple):
    language: str
    score: float


def _backend(name: str | None = None):
    """The detection module: langdetect_rs if installed (unless NEWS_LANGDETECT=python)."""
    name = name or os.environ.get("NEWS_LANGDETECT", "auto")
    if name in ("auto", "rust"):
        try:
            import langdetect_rs as backend

            backend.DetectorFactory.seed = 0
            return backend
        except ImportError:
            if name == "rust":
                raise
    import langdetect as backend
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return backend


def sample_text(text: str, limit: int, windows: int = 4) -> str:
    """At most ``limit`` characters of ``text``, taken as ``windows`` evenly spread slices cut at spaces."""
    if len(text) <= limit:
        return text
    size = limit // windows
    step = (len(text) - size) / max(windows - 1, 1)
    parts = []
    for i in range(windows):
        start = int(i * step)
        if start:
            space = text.find(" ", start, start + 50)
            start = space + 1 if space >= 0 else start
        end = start + size
        space = text.rfind(" ", start, end)
        parts.append(text[start : space if space > start + size // 2 else end])
    return " ".join(parts)


def detect_language(text: str, *, sample_chars: int = 2000, min_chars: int = 20, backend=None) -> Detection:
    """(ISO 639-1 code or "und", probability) of ``text``; "und" when there is too little to tell."""
    if not has_letters(text[: sample_chars * 4], min_chars):
        return Detection(UNDETERMINED, 0.0)
    backend = backend or _backend()
    try:
        ranked = backend.detect_langs(sample_text(text, sample_chars))
    except Exception:  # langdetect raises LangDetectException on featureless text
        return Detection(UNDETERMINED, 0.0)
    if not ranked:
        return Detection(UNDETERMINED, 0.0)
    best = ranked[0]
    return Detection(_ISO.get(best.lang, best.lang), round(float(best.prob), 6))


class _DetectLanguageFn(MeteredDoFn, beam.DoFn):
    """Document -> Document with ``language`` and ``language_score`` set."""

    STAGE = "language"

    def __init__(self, sample_chars: int, min_chars: int):
        self._sample_chars = sample_chars
        self._min_chars = min_chars
        self._backend = None

    def setup(self):
        super().setup()
        self._backend = _backend()
        self._und = Metrics.counter("news.language", "undetermined")

    def handle(self, doc: Document):
        if doc.language:  # declared by the input (JSONL `language`) : kept as given
            yield doc
            return
        found = detect_language(
            doc.text, sample_chars=self._sample_chars, min_chars=self._min_chars, backend=self._backend
        )
        if found.language == UNDETERMINED:
            self._und.inc()
        yield doc._replace(language=found.language, language_score=found.score)


class DetectLanguage(beam.PTransform):
    """PCollection[Document] -> PCollection[Document] tagged with their language."""

    def __init__(self, config: dict):
        super().__init__()
        settings = LanguageSettings.parse(config)
        self._sample_chars = settings.sample_chars
        self._min_chars = settings.min_chars

    def expand(self, docs):
        return docs | "Detect" >> beam.ParDo(_DetectLanguageFn(self._sample_chars, self._min_chars))
