"""Whole-text language by seeded langdetect alone, without Beam or the other detectors.

The extraction worker process (``htmltext.serve``) imports this module, not ``transforms.language``
(which brings Apache Beam, lingua and CLD3: ~1.2 CPU-s and ~170 MB at start-up): the metadata step
needs only a page's language to read its date lines in (``dates.read_date_line``'s
``page_language``). ``transforms.language`` builds its detectors on these functions.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from transforms.textnorm import has_letters

__all__ = ["Detection", "LANGDETECT_ISO", "UNDETERMINED", "SCRIPT_SHARE", "SINGLE_LANGUAGE_SCRIPTS", "detect_language",
           "langdetect_backend", "single_script_language",
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


# Scripts that essentially one language writes (Unicode blocks), for texts the detectors cannot
# tell: langdetect has no profile for Sinhala, Khmer, Lao, Burmese, Georgian, Armenian, Dhivehi,
# Tibetan or Odia and finds "no features" in them; lingua answers among ``languages`` only. A text
# whose letters (and combining vowel signs) are at least SCRIPT_SHARE in one of these scripts is
# that language when the backend has no profile for it, or when the backend is undetermined; an
# answer of a backend that knows the language (langdetect: gu, pa, ta, te, kn, ml) is never
# overridden. Ethiopic (am, ti), Bengali (bn, as), Devanagari (hi, mr, ne...), Arabic, Cyrillic
# and Thai-Lao-like shared scripts are not here: their language is the detectors' to decide.
SINGLE_LANGUAGE_SCRIPTS = {
    "si": ((0x0D80, 0x0DFF), (0x111E0, 0x111FF)),  # Sinhala
    "km": ((0x1780, 0x17FF), (0x19E0, 0x19FF)),  # Khmer, Khmer symbols
    "lo": ((0x0E80, 0x0EFF),),  # Lao
    "my": ((0x1000, 0x109F), (0xAA60, 0xAA7F), (0xA9E0, 0xA9FF)),  # Myanmar (+ extended)
    "ka": ((0x10A0, 0x10FF), (0x2D00, 0x2D2F), (0x1C90, 0x1CBF)),  # Georgian, Nuskhuri, Mtavruli
    "hy": ((0x0530, 0x058F), (0xFB13, 0xFB17)),  # Armenian, its ligatures
    "dv": ((0x0780, 0x07BF),),  # Thaana
    "bo": ((0x0F00, 0x0FFF),),  # Tibetan (Dzongkha writes it too: a dz text reads as bo)
    "gu": ((0x0A80, 0x0AFF),),  # Gujarati
    "pa": ((0x0A00, 0x0A7F),),  # Gurmukhi
    "or": ((0x0B00, 0x0B7F),),  # Oriya
    "ta": ((0x0B80, 0x0BFF),),  # Tamil
    "te": ((0x0C00, 0x0C7F),),  # Telugu
    "kn": ((0x0C80, 0x0CFF),),  # Kannada
    "ml": ((0x0D00, 0x0D7F),),  # Malayalam
}
SCRIPT_SHARE = 0.6
_SCRIPT_OF = {}  # first code point of a block -> (last code point, language)
for _lang, _blocks in SINGLE_LANGUAGE_SCRIPTS.items():
    for _first, _last in _blocks:
        _SCRIPT_OF[_first] = (_last, _lang)
_SCRIPT_STARTS = sorted(_SCRIPT_OF)
# any character of those blocks: a text without one has no single-script language (most texts)
_IN_SCRIPT_BLOCKS = re.compile(
    "[" + "".join(f"{chr(first)}-{chr(last)}" for blocks in SINGLE_LANGUAGE_SCRIPTS.values() for first, last in blocks) + "]")


def single_script_language(text: str) -> Detection:
    """``Detection(language, share)`` when at least SCRIPT_SHARE of ``text``'s letters and marks are
    in the script of one language of SINGLE_LANGUAGE_SCRIPTS (share: that fraction), else
    ``Detection("und", 0.0)``. Pure; text of any length (callers pass a sample)."""
    import bisect
    import unicodedata

    if _IN_SCRIPT_BLOCKS.search(text) is None:
        return Detection(UNDETERMINED, 0.0)  # no letter of any block below can count
    counts: dict = {}
    letters = 0
    for ch in text:
        if ch.isalpha() or unicodedata.category(ch)[0] == "M":
            letters += 1
            code = ord(ch)
            if code < 0x0530:
                continue  # Latin, Greek, Cyrillic: no block of the table
            at = bisect.bisect_right(_SCRIPT_STARTS, code) - 1
            if at >= 0:
                last, lang = _SCRIPT_OF[_SCRIPT_STARTS[at]]
                if code <= last:
                    counts[lang] = counts.get(lang, 0) + 1
    if not counts or not letters:
        return Detection(UNDETERMINED, 0.0)
    lang = max(counts, key=counts.get)
    share = counts[lang] / letters
    return Detection(lang, round(share, 6)) if share >= SCRIPT_SHARE else Detection(UNDETERMINED, 0.0)
