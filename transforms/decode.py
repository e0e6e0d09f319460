"""Stage: decode raw bytes into text: BOM, HTTP charset, valid UTF-8, in-document charset, UTF-8
with stray bytes, then detection.

Binary files (images, archives, gzip, PDF, NUL-laden bytes) are rejected rather than decoded into
noise. Arabic in windows-1256, UTF-16 with a BOM and French in Latin-1 come out right; the
decoded text is sanitised (NUL and control characters removed, lone surrogates replaced) so no
later stage or the Parquet sink ever sees an unencodable string.
"""

from __future__ import annotations

import codecs
from collections import Counter
import functools
import re
from typing import NamedTuple, Sequence

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.failures import AdaptFailures
from transforms.progress import MeteredDoFn
from transforms.records import Document, is_html, reject
from transforms.settings import ConfigError, DecodeSettings

__all__ = [
    "DecodeText",
    "Decoded",
    "NotText",
    "declared_charset",
    "decode_bytes",
    "sanitize",
    "sniff_binary",
    "utf8_with_strays",
]

STAGE = "decode"
REJECTED = "rejected"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"RIFF", "riff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"\x7fELF", "elf"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class Decoded(NamedTuple):
    text: str
    encoding: str


class NotText(ValueError):
    """The bytes are binary (an image, an archive...) rather than text."""


def sanitize(text: str) -> str:
    """Text safe for every later stage and for Parquet: controls dropped, lone surrogates replaced."""
    if not _UNSAFE_CHARS.search(text):
        return text
    return _UNSAFE_CHARS.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


# The bytes of sanitize's unsafe characters in strict UTF-8: the ASCII controls are single bytes
# (never part of a multi-byte sequence), U+FFFE / U+FFFF are EF BF BE / EF BF BF, and a strict
# decode has already refused surrogates.
_UNSAFE_ASCII = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _clean_utf8(data: bytes) -> bool:
    """Would sanitize() leave the strict UTF-8 decoding of ``data`` unchanged? (Five times faster
    than searching the decoded text: a C-level delete and two substring searches.)"""
    return (
        len(data.translate(None, _UNSAFE_ASCII)) == len(data)
        and b"\xef\xbf\xbe" not in data
        and b"\xef\xbf\xbf" not in data
    )


def _lookup(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().lower()).name
    except (LookupError, ValueError):
        return None


def declared_charset(data: bytes, is_html: bool) -> str | None:
    """The charset declared inside the document: an XML declaration or an HTML meta tag."""
    head = data[:4096]
    match = _XML_ENCODING.search(head)
    if not match and is_html:
        match = _META_CHARSET.search(head)
    return _lookup(match.group(1).decode("ascii", "ignore")) if match else None


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary file ``data`` is, or None if it may be text (BOM-less UTF-16 aside)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    sample = data[:8192]
    if sample.count(b"\x00") > len(sample) // 10:
        return "binary"
    return None


STRAY_MIN = 3  # stray invalid bytes always tolerated in a page or file declared UTF-8
STRAY_SHARE = 0.1  # otherwise at most this share of its valid multi-byte characters


def utf8_with_strays(data: bytes, declared: str | None) -> str | None:
    """``data`` decoded as UTF-8 with U+FFFD where a few stray invalid bytes are, or None when it
    is not UTF-8 text. Declared UTF-8 (or undeclared): up to STRAY_MIN strays, or STRAY_SHARE of
    its valid multi-byte characters; undeclared also needs as many valid ones as strays. Declared
    another charset: only clearly UTF-8 bytes (10 valid multi-byte characters per stray).
    Latin-1 or windows-125x text has almost no valid multi-byte sequence, so it stays with its
    declaration or goes to detection."""
    text = data.decode("utf-8", errors="replace")
    strays = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    if declared in (None, "utf-8"):
        ok = strays <= max(STRAY_MIN, STRAY_SHARE * valid) and (declared == "utf-8" or valid >= strays)
    else:
        ok = valid >= 10 and strays <= STRAY_SHARE * valid
    return text if ok else None


def decode_bytes(data: bytes, *, declared: str = "", is_html: bool = False,
                 fallbacks: Sequence[str] = ("utf-8",)) -> Decoded:
    """Decode bytes: BOM, then the declared charset (HTTP header), then UTF-8 when the bytes are
    valid UTF-8 holding non-ASCII text (it beats a contradicting in-document declaration: a page
    saved as UTF-8 keeps its old ``<meta charset=iso-8859-1>``), then UTF-8 with a few stray
    invalid bytes (U+FFFD in their place, ``utf8_with_strays``), then the in-document declaration,
    then the ``fallbacks`` in order (``decode.fallback_encodings``; UTF-8 was tried already), then
    statistical detection (charset-normalizer). Raises NotText for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(sanitize(data.decode(encoding, errors="replace")), encoding)
    kind = sniff_binary(data)
    if kind:
        raise NotText(kind)
    header = _lookup(declared) if declared else None
    if header:
        try:
            return _checked(_decoded(data.decode(header), header, data), data, is_html)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _decoded(data.decode("utf-8"), "utf-8", data)
    except UnicodeDecodeError:
        pass
    inside = declared_charset(data, is_html)
    text = utf8_with_strays(data, header or inside)
    if text is not None:
        return Decoded(sanitize(text), "utf-8")
    if inside:
        try:
            return _checked(_decoded(data.decode(inside), inside, data), data, is_html)
        except (UnicodeDecodeError, LookupError):
            pass
    for encoding in fallbacks:
        if encoding in ("utf-8", "utf_8"):
            continue  # tried above, strict and with strays
        try:
            return _decoded(data.decode(encoding), encoding, data)
        except (UnicodeDecodeError, LookupError):
            pass
    return _detect(data)


# A page declared in a single-byte code page is often written in another: Turkish in windows-1254
# declared Latin-1 (ı ş ğ İ come out as ý þ ð Ý), Czech or Polish in windows-1250, Ukrainian in
# KOI8-U declared windows-1251 (lower-case letters come out as capitals: "пРИВІТ"), Korean in EUC-KR
# declared Latin-1 ("¼­¿ï"). A single-byte code page decodes any bytes, so only the page's declared
# language (<html lang>) can tell: its legacy charsets are tried (multi-byte ones must decode
# strictly), and one wins when its text is more plausible for the language (``_plausibility``: the
# share of non-ASCII letters in the language's alphabet - the letters of its CLDR names of
# languages, countries, months and days - plus the share of cased ones in lower case) by
# ALPHABET_MARGIN.
LATIN1_FAMILY = frozenset(("latin_1", "iso8859-1", "iso8859_1", "cp1252", "iso8859-15", "iso8859_15", "ascii"))
LEGACY_CHARSETS = {
    "tr": ("cp1254", "iso8859_9"), "az": ("cp1254",), "ku": ("cp1254",),
    "cs": ("cp1250", "iso8859_2"), "sk": ("cp1250", "iso8859_2"), "pl": ("cp1250", "iso8859_2"),
    "hu": ("cp1250", "iso8859_2"), "sl": ("cp1250", "iso8859_2"), "hr": ("cp1250", "iso8859_2"),
    "bs": ("cp1250", "iso8859_2"), "ro": ("cp1250", "iso8859_16"), "sq": ("cp1250",),
    "et": ("cp1257", "iso8859_13"), "lv": ("cp1257", "iso8859_13"), "lt": ("cp1257", "iso8859_13"),
    "vi": ("cp1258",), "el": ("cp1253", "iso8859_7"), "he": ("cp1255", "iso8859_8"),
    "ar": ("cp1256",), "fa": ("cp1256",), "ur": ("cp1256",),
    "ru": ("cp1251", "koi8_r"), "uk": ("cp1251", "koi8_u"), "be": ("cp1251",), "bg": ("cp1251",),
    "sr": ("cp1251",), "mk": ("cp1251",), "th": ("cp874", "tis_620"),
    "ko": ("cp949", "euc_kr"), "ja": ("cp932", "euc_jp"), "zh": ("gb18030", "big5"),
}
# the declared charsets that are checked: Latin-1's family and every single-byte charset above
SINGLE_BYTE = LATIN1_FAMILY | frozenset(
    codecs.lookup(name).name for names in LEGACY_CHARSETS.values() for name in names
    if len(b"\xe0\xe1".decode(name, errors="replace")) == 2 and not name.startswith(("cp9", "euc", "gb", "big"))
)
ALPHABET_MARGIN = 0.2  # the other decoding's plausibility must beat the declared one's by this
_HTML_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?\s*([A-Za-z]{2,3})""", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _alphabet(language: str) -> frozenset:
    """The non-ASCII letters (lower case) of ``language``: those of its CLDR names of languages,
    countries, months and days (babel; once per process); empty when CLDR has no such locale."""
    try:
        from babel import Locale

        locale = Locale.parse(language)
        names = list(locale.languages.values()) + list(locale.territories.values())
        for width in ("wide", "abbreviated"):
            names += list(locale.months["format"][width].values()) + list(locale.days["format"][width].values())
    except Exception:  # noqa: BLE001 - unknown locale: no alphabet, no second guess
        return frozenset()
    return frozenset(ch for name in names for ch in str(name).lower() if ch.isalpha() and ch > "\x7f")


_MISREAD_CATEGORIES = frozenset(("No", "So", "Sk", "Sm"))


def _misread(text: str, i: int) -> bool:
    """Whether the non-ASCII non-letter ``text[i]`` stands where a letter was: a C1 control
    (U+0080-U+009F: windows-1250's š ť ž Ž read as Latin-1) anywhere, or a symbol/number sign
    (category No/So/Sk/Sm: "¼udia", "zastupite¾stvo") touching a letter."""
    import unicodedata

    ch = text[i]
    if "\x80" <= ch <= "\x9f":
        return True
    if unicodedata.category(ch) not in _MISREAD_CATEGORIES:
        return False
    return (i > 0 and text[i - 1].isalpha()) or (i + 1 < len(text) and text[i + 1].isalpha())


def _alphabet_share(text: str, alphabet: frozenset) -> float:
    """The share of the non-ASCII letters of ``text`` in ``alphabet``; a character standing where a
    letter was (``_misread``) counts as a letter outside it. 1.0 when there are none."""
    lower = text.lower()
    hits = misses = 0
    for i, ch in enumerate(lower):
        if ch <= "\x7f":
            continue
        if ch.isalpha():
            if ch in alphabet:
                hits += 1
            else:
                misses += 1
        elif _misread(lower, i):
            misses += 1
    return hits / (hits + misses) if hits + misses else 1.0


def _lower_share(text: str) -> float:
    """The share of lower-case letters among the cased non-ASCII letters of ``text`` (1.0 when none):
    prose is mostly lower case, a text decoded with the wrong Cyrillic code page mostly capitals."""
    cased = [ch for ch in text if ch > "\x7f" and ch.lower() != ch.upper()]
    return sum(ch.islower() for ch in cased) / len(cased) if cased else 1.0


def _plausibility(text: str, alphabet: frozenset) -> float:
    return _alphabet_share(text, alphabet) + _lower_share(text)


def _checked(found: Decoded, data: bytes, is_html: bool) -> Decoded:
    """``found`` (decoded by a declared single-byte charset, SINGLE_BYTE) or, for a page whose
    <html lang> writes with other legacy code pages (LEGACY_CHARSETS), one of those when its text
    is more plausible for the language by ALPHABET_MARGIN (``_plausibility``); unchanged otherwise."""
    if found.encoding not in SINGLE_BYTE or not is_html or max(data, default=0) < 0x80:
        return found
    lang = _HTML_LANG.search(data[:4096])
    code = lang.group(1).decode("ascii").lower() if lang else ""
    alphabet = _alphabet(code) if code in LEGACY_CHARSETS else frozenset()
    if not alphabet:
        return _checked_without_language(found, data) if not lang else found
    return _most_plausible(found, data, LEGACY_CHARSETS[code], lambda text: _plausibility(text, alphabet))


def _most_plausible(found: Decoded, data: bytes, encodings, score, margin: float = ALPHABET_MARGIN) -> Decoded:
    """``found``, or ``data`` decoded (strictly) by the first of ``encodings`` whose text scores
    ``margin`` (ALPHABET_MARGIN unless given) more than the best so far by ``score`` (text -> float)."""
    best, best_score = found, score(found.text)
    for encoding in dict.fromkeys(encodings):
        if codecs.lookup(encoding).name == found.encoding:
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if (text_score := score(text)) >= best_score + margin:
            best, best_score = _decoded(text, encoding, data), text_score
    return best


# Without a declared language, the other code pages of the declared one's script (Cyrillic), the
# legacy multi-byte code pages (for a Latin-1 declaration: EUC-KR, Shift_JIS, GBK... decoding
# strictly) and charset-normalizer's guess are tried when the declared decoding reads as mojibake:
# its non-ASCII characters are letters (not symbols: "¼­¿ï") and, in a Cyrillic code page, in lower
# case (not "пРИВІТ") too seldom (``_shape`` under PLAUSIBLE, of 2); the most plausible wins by
# ALPHABET_MARGIN.
PLAUSIBLE = 1.6
MIN_SAMPLE = 20  # non-ASCII characters needed to judge a decoding without a language
SCRIPT_SIBLINGS = {
    "cyrillic": ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866"),
    "latin": ("cp949", "cp932", "gb18030", "big5"),
}


def _shape(text: str, cyrillic: bool) -> float:
    """The share of letters among the non-ASCII characters of ``text`` (1.0 when none) plus, for a
    Cyrillic code page, the share of lower case among its cased ones, else the letter share again
    (a Latin text may be written in capitals: "ÉTAT D'URGENCE")."""
    chars = [ch for ch in text if ch > "\x7f" and not ch.isspace()]
    letters = sum(ch.isalpha() for ch in chars) / len(chars) if chars else 1.0
    return letters + (_lower_share(text) if cyrillic else letters)


_CYRILLIC_PAGES = frozenset(codecs.lookup(n).name for n in SCRIPT_SIBLINGS["cyrillic"])
MIXED_CASE_MIN = 0.02  # Cyrillic read with the wrong Cyrillic code page: every capitalised word "жИТЕЛИ"
_WORD = re.compile(r"[^\W\d_]{2,}")


def _mixed_case_share(text: str) -> float:
    """The share of the non-ASCII words of ``text`` whose case is neither lower, upper nor title."""
    words = [w for w in _WORD.findall(text) if any(ch > "\x7f" for ch in w)]
    if not words:
        return 0.0
    return sum(not (w.islower() or w.isupper() or w.istitle()) for w in words) / len(words)


def _checked_without_language(found: Decoded, data: bytes) -> Decoded:
    if sum(ch > "\x7f" for ch in found.text) < MIN_SAMPLE:
        return found  # too few characters to judge ("ÉTAT D’URGENCE")
    cyrillic = found.encoding in _CYRILLIC_PAGES
    if _shape(found.text, cyrillic) >= PLAUSIBLE or (cyrillic and _mixed_case_share(found.text) < MIXED_CASE_MIN):
        return found  # plausible, or a text in capitals ("ПРАВИТЕЛЬСТВО"), not "пРАВИТЕЛЬСТВО"
    guess = _guess(data)  # first: it wins ties
    candidates = ([guess] if guess else []) + list(SCRIPT_SIBLINGS["cyrillic" if cyrillic else "latin"])
    return _most_plausible(found, data, candidates, lambda text: _shape(text, cyrillic))


def _decoded(text: str, encoding: str, data: bytes) -> Decoded:
    return Decoded(text if encoding == "utf-8" and _clean_utf8(data) else sanitize(text), encoding)


# An undeclared page whose guessed code page reads as mojibake (a Persian page in windows-1256 that
# charset-normalizer reads as Mac Cyrillic: "гќ«бЁ«д гнЭРжндѕ") is decoded with the legacy code
# page of any script whose text is the most plausible (``_script_plausibility``) by ALPHABET_MARGIN.
UNDECLARED_CANDIDATES = ("cp1256", "iso8859_6", "cp1251", "koi8_r", "cp1253", "cp1255", "cp1250", "cp1252", "cp1254",
                         "cp1257", "cp874", "cp1258", "cp949", "cp932", "gb18030", "big5")
SCRIPT_PLAUSIBLE = 2.9  # of 3: a guess scoring this much is kept without trying other code pages
_JOINERS = frozenset("\u200c\u200d\u200e\u200f")


_WRITTEN_TOGETHER = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK"}


def _script_of(name: str) -> str:
    """A script as _script_plausibility counts it: Japanese kana and Korean Hangul with the Han
    ideographs (CJK), one writing; else the Unicode name's first word."""
    return _WRITTEN_TOGETHER.get(name, name)


def _script_plausibility(text: str) -> float:
    """0-3: the share of letters among the non-ASCII characters of ``text`` (joiners and direction
    marks left out), plus the share of its non-ASCII words in one case (not "гнЭРжндѕ"), plus the
    share of those letters in the most frequent script (Unicode names' first word: ARABIC, CYRILLIC,
    LATIN...); 3.0 when there are none."""
    import unicodedata

    chars = [ch for ch in text if ch > "\x7f" and not ch.isspace() and ch not in _JOINERS][:20000]
    if not chars:
        return 3.0
    letters = [ch for ch in chars if ch.isalpha()]
    words = [w for w in _WORD.findall(text[:100_000]) if any(ch > "\x7f" for ch in w)]
    # the script of every letter of those words, ASCII ones too: "dйcidй" (French read as cp1251) mixes two
    scripts = Counter(_script_of(unicodedata.name(ch, "?").split()[0]) for w in words for ch in w if ch.isalpha())
    total = sum(scripts.values())
    dominant = scripts.most_common(1)[0][1] / total if total else 0.0
    cased = [w for w in words if w.lower() != w.upper()]
    mixed = sum(not (w.islower() or w.isupper() or w.istitle()) for w in cased) / len(cased) if cased else 0.0
    return len(letters) / len(chars) + (1.0 - mixed) + dominant


def _detect(data: bytes) -> Decoded:
    encoding, language, candidates = _guesses(data)
    if encoding is None:
        raise NotText("undecodable")
    # Single-byte Arabic is windows-1256 in the wild far more often than ISO-8859-6 or cp864.
    if encoding in ("iso8859_6", "cp864", "cp720") and _decodes(data, "cp1256") and (
            _script_plausibility(data.decode("cp1256")) >= _script_plausibility(data.decode(encoding, errors="replace"))):
        encoding = "cp1256"  # unless the guess reads as Arabic and windows-1256 does not
    # Latin-1 declared or guessed: windows-1252 is its superset in practice (curly quotes, euro).
    if encoding == "latin_1" and _decodes(data, "cp1252"):
        encoding = "cp1252"
    found = Decoded(sanitize(data.decode(encoding, errors="replace")), encoding)
    if encoding.startswith("utf"):
        return found
    lang = _HTML_LANG.search(data[:4096])
    declared = lang.group(1).decode("ascii").lower() if lang else ""
    few = sum(ch > "\x7f" for ch in found.text) < MIN_SAMPLE
    if codecs.lookup(encoding).name in _LATIN_PAGES and (not few or _alphabet(declared or language)):
        # a short page is judged too when its language is known (declared, or charset-normalizer's);
        # charset-normalizer's language is a guess made in its own guessed code page (an Icelandic
        # page in windows-1252 read as "Estonian"), so it only adds its alphabet to LATIN_LANGUAGES'
        return _latin_page(found, data, declared, candidates, hint=language)
    if few:
        return found
    if _script_plausibility(found.text) >= SCRIPT_PLAUSIBLE:
        return found
    return _most_plausible(found, data, UNDECLARED_CANDIDATES, _script_plausibility)


# The Latin code pages differ in a few letters (windows-1250 reads Icelandic þ ð æ as ţ đ ć,
# windows-1258 reads Estonian ž š as ţ ð): an undeclared Latin page is decoded with the one whose
# non-ASCII letters best fit a language's alphabet (``_alphabet``: CLDR) - the page's <html lang>,
# else the best fitting of LATIN_LANGUAGES - by LATIN_MARGIN.
_LATIN_PAGES = frozenset(codecs.lookup(n).name for n in (
    "cp1252", "cp1250", "cp1257", "cp1254", "cp1258", "iso8859_15", "iso8859_2", "iso8859_13", "iso8859_4",
    "iso8859_9", "iso8859_16", "latin_1", "mac_roman", "mac_latin2"))
LATIN_LANGUAGES = ("is", "fo", "de", "fr", "es", "pt", "it", "nl", "da", "sv", "nb", "fi", "et", "lv", "lt", "pl",
                   "cs", "sk", "sl", "hr", "hu", "ro", "tr", "az", "sq", "mt", "ga", "cy", "ca", "gl", "eu", "vi")
LATIN_MARGIN = 0.1


def _latin_page(found: Decoded, data: bytes, code: str = "", candidates=(), hint: str = "") -> Decoded:
    """``found`` or the Latin code page (of a fixed few, the language's LEGACY_CHARSETS and
    charset-normalizer's other ``candidates``, Latin ones) whose letters best fit the alphabet of
    the page's declared language ``code`` (its <html lang>), else of the best fitting of
    LATIN_LANGUAGES and charset-normalizer's language ``hint``, by LATIN_MARGIN."""
    if code and _alphabet(code):
        alphabets = [_alphabet(code)]
    else:
        alphabets = [a for a in (_alphabet(c) for c in dict.fromkeys((*LATIN_LANGUAGES, hint)) if c) if a]
        code = code or hint
    if not alphabets:
        return found

    def fit(text: str) -> float:
        return max(_alphabet_share(text, a) for a in alphabets) + _lower_share(text)

    others = [c for c in candidates if codecs.lookup(c).name in _LATIN_PAGES]
    encodings = ("cp1252", "cp1250", "cp1257", "cp1254", "cp1258", *LEGACY_CHARSETS.get(code, ()), *others)
    return _most_plausible(found, data, encodings, fit, margin=LATIN_MARGIN)


def _guesses(data: bytes) -> tuple:
    """charset-normalizer's answers for ``data`` (its first 200 KB): (the best encoding or None,
    the language it reads in that encoding as an ISO 639 code or "", every encoding it found
    plausible)."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:200_000], cp_isolation=None)
    best = matches.best()
    if best is None or not best.encoding:
        return None, "", ()
    return best.encoding, _english_names().get(best.language or "", ""), tuple(m.encoding for m in matches if m.encoding)


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best encoding for ``data`` (its first 200 KB), or None."""
    return _guesses(data)[0]


@functools.lru_cache(maxsize=1)
def _english_names() -> dict:
    """CLDR's English language names -> ISO 639 codes (babel): charset-normalizer names the
    languages it reads in English ("Estonian")."""
    from babel import Locale

    return {name: code for code, name in Locale("en").languages.items() if "_" not in code}


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


class _DecodeFn(MeteredDoFn, beam.DoFn):
    """Document with raw bytes -> Document with html or text; binary or empty -> Rejected."""

    STAGE = "decode"

    def __init__(self, fallbacks: Sequence[str] = ("utf-8",)):
        super().__init__()
        self._fallbacks = tuple(fallbacks)

    def setup(self):
        super().setup()
        self._binary = Metrics.counter("news.decode", "filtered:binary")
        self._empty = Metrics.counter("news.decode", "filtered:empty")

    def handle(self, doc: Document):
        if not doc.raw:  # already text (JSONL): only sanitise
            yield doc._replace(html=sanitize(doc.html), text=sanitize(doc.text), title=sanitize(doc.title))
            return
        markup = is_html(doc)
        try:
            decoded = decode_bytes(doc.raw, declared=doc.charset, is_html=markup, fallbacks=self._fallbacks)
        except NotText as exc:
            self._binary.inc()
            yield beam.pvalue.TaggedOutput(REJECTED, reject(doc, STAGE, "binary", f"looks like {exc}"))
            return
        if not decoded.text.strip():
            self._empty.inc()
            yield beam.pvalue.TaggedOutput(REJECTED, reject(doc, STAGE, "empty", f"decoded as {decoded.encoding}"))
            return
        field = "html" if markup else "text"
        yield doc._replace(raw=b"", charset=decoded.encoding, **{field: decoded.text})


class DecodeText(beam.PTransform):
    """PCollection[Document] (raw bytes) -> (ok: PCollection[Document], failed: PCollection[Rejected]).

    ``config``: the ``decode`` section (``DecodeSettings``; None: UTF-8 as the only fallback).
    """

    def __init__(self, config: dict | None = None):
        super().__init__()
        self._fallbacks = []
        for name in DecodeSettings.parse(config).fallback_encodings:
            encoding = _lookup(name)
            if encoding is None:
                raise ConfigError(f"decode.fallback_encodings: unknown encoding {name!r}")
            self._fallbacks.append(encoding)

    def expand(self, docs):
        results = docs | "Decode" >> beam.ParDo(_DecodeFn(self._fallbacks)).with_outputs(REJECTED, main="ok").with_exception_handling()
        crashed = results["bad"] | "AdaptCrashes" >> AdaptFailures(STAGE)
        rejected = (results[REJECTED], crashed) | "MergeRejected" >> beam.Flatten()
        return results["ok"], rejected
