"""Whole-text language by seeded langdetect alone, without Beam or the other detectors.

The extraction worker process (``htmltext.serve``) imports this module, not ``transforms.language``
(which brings Apache Beam, lingua and CLD3: ~1.2 CPU-s and ~170 MB at start-up): the metadata step
needs only a page's language to read its date lines in (``dates.read_date_line``'s
``page_language``). ``transforms.language`` builds its detectors on these functions.
"""

from __future__ import annotations

from typing import NamedTuple

from transforms.textnorm import has_letters

__all__ = ["Detection", "LANGDETECT_ISO", "UNDETERMINED", "detect_language", "langdetect_backend",
           "langdetect_detection", "sample_text"]

UNDETERMINED = "und"
# langdetect's codes that are not ISO 639-1.
LANGDETECT_ISO = {"zh-cn": "zh", "zh-tw": "zh"}


class Detection(NamedTuple):
    language: str
    score: float


def langdetect_backend(name: str = "langdetect"):
    """The langdetect module: langdetect_rs if installed (``langdetect``), or plain langdetect
    (``langdetect-python``; ``python`` and ``rust`` are accepted for the benchmark)."""
    if name in ("langdetect", "rust"):
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


def langdetect_detection(text: str, backend) -> Detection:
    """langdetect's best (ISO 639-1 code, probability) for ``text``; ``und`` on featureless text."""
    try:
        ranked = backend.detect_langs(text)
    except Exception:  # langdetect raises LangDetectException on featureless text
        return Detection(UNDETERMINED, 0.0)
    if not ranked:
        return Detection(UNDETERMINED, 0.0)
    best = ranked[0]
    return Detection(LANGDETECT_ISO.get(best.lang, best.lang), round(float(best.prob), 6))


def detect_language(text: str, *, sample_chars: int = 2000, min_chars: int = 20, backend=None) -> Detection:
    """(ISO 639-1 code or "und", probability) of ``text`` by langdetect alone (``backend``: a
    langdetect module; default langdetect_rs when installed); "und" when there is too little to tell."""
    if not has_letters(text[: sample_chars * 4], min_chars):
        return Detection(UNDETERMINED, 0.0)
    return langdetect_detection(sample_text(text, sample_chars), backend or langdetect_backend())
