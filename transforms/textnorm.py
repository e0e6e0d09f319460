"""Text normalisation shared by the cleaner (lexicon matching) and dedup (shingling).

Normalised text is for matching only: stored text always keeps its original characters.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CJK", "CJK_CHARS_PER_WORD", "HAN", "HANGUL", "KANA", "NO_SPACE_SCRIPTS", "SEA_CHARS_PER_WORD", "UNSPACED_SEA",
    "count_words", "fold_arabic", "has_letters", "normalize_for_match", "tokens", "word_count", "word_count_upto", "words",
]

# Arabic orthographic variants folded together for matching.
_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maqsura -> ya
        "\u0629": "\u0647",  # ta marbuta -> ha
        "\u0624": "\u0648",  # waw with hamza -> waw
        "\u0626": "\u064a",  # ya with hamza -> ya
        "\u06cc": "\u064a",  # farsi ya -> ya
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0640": None,  # tatweel
    }
)
# Harakat, Quranic marks, superscript alef.
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Zero-width and bidi controls, soft hyphen, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PUNCT_OR_SYMBOL = ("P", "S")


def _scan_categories() -> tuple[str, list[int]]:
    """One pass over the BMP, SMP and variation selectors: (a regex class body of every combining
    mark - categories Mn, Mc, Me - and the code points of every punctuation or symbol character)."""
    ranges, punct, start, prev = [], [], None, None
    for cp in list(range(0x20000)) + list(range(0xE0100, 0xE01F0)):
        major = unicodedata.category(chr(cp))[0]
        if major in _PUNCT_OR_SYMBOL:
            punct.append(cp)
        elif major == "M":
            if start is None:
                start = cp
            elif cp != prev + 1:
                ranges.append((start, prev))
                start = cp
            prev = cp
    ranges.append((start, prev))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges), punct


_MARKS, _PUNCT_CODEPOINTS = _scan_categories()
# normalize_for_match's character mapping as one str.translate table (a per-character Python loop
# over unicodedata.category cost milliseconds per article): invisible characters dropped, control
# characters -> space, Arabic folded, Arabic diacritics dropped; and punctuation/symbols -> space.
_KEEP_PUNCT_TABLE = {
    **{cp: None for cp in range(0x10000) if _INVISIBLE.match(chr(cp)) or _ARABIC_DIACRITICS.match(chr(cp))},
    **{cp: " " for cp in range(0xA0) if _CONTROL.match(chr(cp))},
    **_ARABIC_FOLD,
}
_MATCH_TABLE = {**{cp: " " for cp in _PUNCT_CODEPOINTS}, **_KEEP_PUNCT_TABLE}


def _as_list(table: dict) -> list:
    """A translate table as a list over the BMP: indexed, not hashed, per character (3x faster on
    Arabic text, where every character misses the dict). Astral characters are beyond its end, so
    text holding any is translated with the dict."""
    out = [chr(cp) for cp in range(0x10000)]
    for cp, value in table.items():
        if cp < 0x10000:
            out[cp] = "" if value is None else value
    return out


_MATCH_LIST = _as_list(_MATCH_TABLE)
_KEEP_PUNCT_LIST = _as_list(_KEEP_PUNCT_TABLE)
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# A word: a run of letters and digits with their combining marks (Unicode aware: Arabic words stay
# whole with their vowel marks, and so do Devanagari or Thai words, whose vowel signs are marks
# (category M) that Python's \w does not match: a \W split shatters them into letters).
_WORD = re.compile(r"[^\W_](?:[^\W_]|[" + _MARKS + r"])*", re.UNICODE)
# Text where _WORD.findall differs from str.split: a character that is neither word, mark nor space,
# or a mark opening a token (after a space, or first). Each check is a search that starts with a
# character class, which the regex engine scans for quickly, and holds the marks of the BMP only:
# a class with astral ranges is tested range by range (1.2 ms on a 4.5 KB article instead of
# 0.03). An astral mark is then an "odd" character, so its text takes the regex path: same result.
_BMP_MARKS = "".join("\\U" + r for r in _MARKS.split("\\U")[1:] if int(r[:8], 16) < 0x10000)
_ODD_CHARACTER = re.compile(r"[^\w\s" + _BMP_MARKS + r"]|_")
_MARK = re.compile("[" + _BMP_MARKS + "]")
_MARK_AFTER_SPACE = re.compile(r"\s[" + _BMP_MARKS + "]")


def fold_arabic(text: str) -> str:
    """Fold Arabic hamza/alef forms, ya/alef maqsura, ta marbuta; drop tatweel and diacritics."""
    return _ARABIC_DIACRITICS.sub("", text.translate(_ARABIC_FOLD))


def normalize_for_match(text: str, *, keep_punctuation: bool = False) -> str:
    """NFKC, case-folded, invisible and control characters removed, Arabic folded, spaces collapsed.

    Punctuation and symbols become spaces unless ``keep_punctuation``.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if _ASTRAL.search(text):
        text = text.translate(_KEEP_PUNCT_TABLE if keep_punctuation else _MATCH_TABLE)
    else:
        text = text.translate(_KEEP_PUNCT_LIST if keep_punctuation else _MATCH_LIST)
    return " ".join(text.split())  # runs of (Unicode) whitespace -> one space, none at the ends


def words(normalized: str) -> list[str]:
    """Unicode-aware word segmentation of already normalised text."""
    if not (_ODD_CHARACTER.search(normalized) or _MARK.match(normalized) or _MARK_AFTER_SPACE.search(normalized)):
        # fast path, same result: whitespace-separated words
        return normalized.split()
    return _WORD.findall(normalized)


# Scripts written without spaces between words. Their words are counted by characters (a documented
# character-based measure, not a segmenter): Chinese and Japanese (ideographs, kana) at
# CJK_CHARS_PER_WORD characters per word, Thai, Lao, Khmer, Myanmar and Tibetan (letters with their
# vowel and tone marks) at SEA_CHARS_PER_WORD. Mean word lengths of segmented text: Chinese about
# 1.5-1.7 characters (PKU/MSR segmentation standards), Japanese about 1.5-2 (IPADIC morphemes),
# Thai about 4-5 code points (BEST corpus words, marks included). Values used: 1.7 and 5 (a
# Japanese sentence checked by hand: 24 characters, 12 words; a Thai one: 83 code points, 15 words),
# so a short news brief in these scripts counts about as many words as its translation.
#
# The one home of these script ranges (character-class bodies for ``re``; every module that needs
# a script builds its pattern from them). Unicode blocks: CJK Unified Ideographs, Extension A,
# Compatibility Ideographs and the supplementary ideograph planes (Extensions B-H); Hiragana,
# Katakana and the Katakana Phonetic Extensions; Hangul Syllables, Jamo and Compatibility Jamo
# (Korean is written WITH spaces: never in NO_SPACE_SCRIPTS); Thai, Lao, Tibetan, Myanmar, Khmer.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
KANA = "\u3040-\u30ff\u31f0-\u31ff"
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
CJK = KANA + HAN  # Chinese and Japanese
UNSPACED_SEA = "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"  # Thai Lao Tibetan Myanmar Khmer
NO_SPACE_SCRIPTS = re.compile(f"[{CJK}{UNSPACED_SEA}]")
_CJK_CHAR = re.compile(f"[{CJK}]")
_SEA_CHAR = re.compile(f"[{UNSPACED_SEA}]")
_DENSE_CHAR = re.compile(f"[{CJK}{HANGUL}]")
CJK_CHARS_PER_WORD = 1.7
SEA_CHARS_PER_WORD = 5.0


def tokens(normalized: str, unspaced: re.Pattern = NO_SPACE_SCRIPTS) -> list[str]:
    """Words of already normalised text (``words``), with each word holding a letter of an
    ``unspaced`` script (default NO_SPACE_SCRIPTS: Chinese, Japanese, Thai...) cut into its
    character bigrams ("北京市" -> "北京", "京市"; a one-character word gives none): the terms the
    events stage and the title rules compare texts on."""
    if not unspaced.search(normalized):
        return words(normalized)
    out = []
    for word in words(normalized):
        if unspaced.search(word):
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            out.append(word)
    return out


def count_words(normalized: str) -> int:
    """Words of already normalised text: ``len(words(...))`` for scripts written with spaces; runs
    of Chinese, Japanese, Thai... count one word per CJK_CHARS_PER_WORD / SEA_CHARS_PER_WORD
    characters (rounded to the nearest word, at least one per run)."""
    tokens = words(normalized)
    if not NO_SPACE_SCRIPTS.search(normalized):
        return len(tokens)
    count = 0.0
    for token in tokens:
        cjk = len(_CJK_CHAR.findall(token))
        sea = len(_SEA_CHAR.findall(token))
        if not cjk and not sea:
            count += 1
            continue
        estimate = cjk / CJK_CHARS_PER_WORD + sea / SEA_CHARS_PER_WORD
        other = len(token) - cjk - sea  # Latin letters or digits inside the run ("3号线")
        count += max(1.0, estimate) + (1 if other else 0)
    return int(count + 0.5)


def word_count(text: str) -> int:
    """Words of a text (original characters), CJK/Thai-aware: see ``count_words``."""
    return count_words(normalize_for_match(text))


def word_count_upto(text: str, limit: int) -> int:
    """``min(word_count(text), limit)``, reading no more of a long text than it needs: the words
    of a prefix are those of the whole text up to the cut (the last one perhaps cut short), so a
    prefix holding more than ``limit`` words settles it."""
    size = max(256, 16 * limit)
    while True:
        count = count_words(normalize_for_match(text[:size]))
        if size >= len(text):
            return min(count, limit)
        if count > limit:
            return limit
        size *= 4


def has_letters(text: str, n: int, marks: bool = False, dense: float = 1.0) -> bool:
    """Does ``text`` hold at least ``n`` letters (``str.isalpha``)? ``marks``: combining marks count
    too (Unicode category M: the vowel signs of Brahmic and Southeast Asian scripts, which are half
    of what a Punjabi or Burmese line is written with). ``dense``: how many letters one Han or kana
    character or one Hangul syllable counts as (each writes a morpheme or a syllable, not a sound:
    language.DENSE_CHAR_LETTERS). Stops reading at the n-th."""
    if n <= 0:
        return True
    left = float(n)
    for ch in text:
        if ch.isalpha() or (marks and unicodedata.category(ch)[0] == "M"):
            left -= dense if dense != 1.0 and _DENSE_CHAR.match(ch) else 1.0
            if left <= 0:
                return True
    return False
