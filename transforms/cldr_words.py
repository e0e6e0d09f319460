"""Words page furniture uses in every language, read from the Unicode CLDR (babel's locale data,
shipped in the package: nothing is downloaded): the names of languages (a link to another
language edition names one: "Read in English", "Leer en español", "Читать на русском",
"لقراءة الخبر بالإنجليزية") and the units of a duration (a reading time: "4 min read",
"Час читання: 3 хв", "읽는 시간 4분").

The tables are generated, not typed, so they cover languages nobody tested. Used by the cleaner's
slot rules (transforms/clean.py); pure functions, computed once per process (about a second).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from transforms.textnorm import CJK, HANGUL, UNSPACED_SEA, normalize_for_match

__all__ = ["digits_to_ascii", "duration_unit_pattern", "language_name_matcher", "LanguageNames", "weekday_matcher"]

# Locales whose language names take case endings: a name is also matched by its stem
# ("русский" -> "на русском", "angielski" -> "po angielsku", "українська" -> "українською").
_INFLECTED = frozenset({"ru", "uk", "be", "bg", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "mk", "lt", "lv",
                        "fi", "et", "hu", "el", "tr", "az", "uz", "kk", "ky"})
# Scripts written without spaces (Chinese, Japanese; Thai, Lao, Khmer, Burmese since the eleventh
# session: "ภาษาอังกฤษ"), and Korean (whose words take particles: "영어로", "영어판"): a name is
# searched anywhere in the text ("英語版はこちら").
_UNSPACED = re.compile(f"[{CJK}{HANGUL}{UNSPACED_SEA}]")
# Finnish consonant gradation before a case ending (eleventh session): "englanti" -> "englanniksi"
# (nt -> nn), "ruotsi" keeps its stem; the weak grade of the name's last consonant cluster counts too.
_FI_WEAK = re.compile(r"(nt|kk|pp|tt)([aeiouyäö])$")
_FI_WEAK_GRADE = {"nt": "nn", "kk": "k", "pp": "p", "tt": "t"}
# One-letter proclitics attached to a name: Hebrew ב ל ה ו כ מ ש ("באנגלית"), Arabic-script
# و ف ب ل ك ("بالإنجليزية": the article ال is part of the CLDR name).
_PROCLITICS = frozenset("בלהוכמשوفبلك")
_MIN_LETTERS = 4  # shorter names ("Ido", "Yi", "man") are too often other words
_MAX_ENDING = 4  # letters a case ending may add to a name or its stem
_EXTRA_LOCALES = ("zh_Hant", "yue", "fil", "ckb")
# Greek accented vowels as plain ones, as the cleaner folds its lines before matching
# (transforms/clean.py ``_match_norm``: a heading in capitals carries no tonos): every Greek word
# below is filed in both forms (twelfth session: "4 λεπτά" read "4 λεπτα" and matched no CLDR unit).
_GREEK_FOLD = str.maketrans({"ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ό": "ο", "ύ": "υ", "ώ": "ω", "ΐ": "ι", "ΰ": "υ",
                             "ϊ": "ι", "ϋ": "υ"})


def _forms(norm: str) -> tuple:
    """A normalised CLDR word and, when it holds Greek accents, its accent-folded form."""
    folded = norm.translate(_GREEK_FOLD)
    return (norm, folded) if folded != norm else (norm,)


class LanguageNames:
    """Every CLDR locale's names of every two-letter-coded language, normalised
    (``normalize_for_match``); ``find(normalized_line)`` -> the spans of the words naming one."""

    def __init__(self, names: frozenset, unspaced: tuple, phrases: tuple = ()):
        self._names = names
        self._unspaced = re.compile("|".join(map(re.escape, unspaced))) if unspaced else None
        # names of several words whose last word is too short alone ("tiếng anh": Vietnamese
        # "Anh" is also a name and a pronoun), matched whole
        self._phrases = re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\S)") if phrases else None

    def is_name(self, word: str) -> bool:
        """Is this normalised word a language's name, or one with a case ending or a proclitic?"""
        for candidate in (word, word[1:] if word[:1] in _PROCLITICS and len(word) > _MIN_LETTERS else ""):
            if not candidate:
                continue
            for k in range(len(candidate), max(_MIN_LETTERS, len(candidate) - _MAX_ENDING) - 1, -1):
                if candidate[:k] in self._names:
                    return True
        return False

    def find(self, normalized: str) -> list:
        """[(start, end)] of the words (or unspaced runs) of ``normalized`` naming a language."""
        spans = [m.span() for m in re.finditer(r"\S+", normalized) if self.is_name(m.group())]
        if self._unspaced is not None and _UNSPACED.search(normalized):
            spans += [m.span() for m in self._unspaced.finditer(normalized)]
        if self._phrases is not None:
            spans += [m.span() for m in self._phrases.finditer(normalized)]
        return sorted(spans)


@functools.lru_cache(maxsize=1)
def language_name_matcher() -> LanguageNames:
    """The names of the languages with a two-letter ISO 639-1 code in every locale babel has a
    two-letter locale for (plus Traditional Chinese, Cantonese, Filipino, Sorani): about 160 x 160
    names. Names shorter than four letters are left out (outside Chinese/Japanese script); in
    inflected languages (Slavic, Baltic, Finnic, Hungarian, Greek, Turkic) the name's stem (the
    name less its last two letters, when at least five remain) also counts."""
    from babel import Locale, localedata

    ids = localedata.locale_identifiers()
    bases = sorted({i for i in ids if "_" not in i and len(i) == 2} | set(_EXTRA_LOCALES) & set(ids))
    targets = {i for i in ids if "_" not in i and len(i) == 2}
    names: set = set()
    unspaced: set = set()
    phrases: set = set()
    for base in bases:
        try:
            languages = Locale.parse(base).languages
        except (ValueError, LookupError):
            continue
        inflected = base.split("_")[0] in _INFLECTED
        for code, name in languages.items():
            if code not in targets:
                continue
            for form in _forms(normalize_for_match(name))[1:]:
                _add_name(form, inflected, _MIN_LETTERS, names, unspaced, phrases)
            word = _add_name(normalize_for_match(name), inflected, _MIN_LETTERS, names, unspaced, phrases)
            if not word:
                continue
            if base == "fi" and _FI_WEAK.search(word):
                names.add(_FI_WEAK.sub(lambda m: _FI_WEAK_GRADE[m.group(1)] + m.group(2), word))
            if word.startswith("ال") and len(word) - 2 >= _MIN_LETTERS:
                names.add(word[2:])  # Arabic adjective without the article: "نسخة انجليزية"
    return _matcher(names, unspaced, phrases)


def _add_name(norm: str, inflected: bool, min_letters: int, names: set, unspaced: set, phrases: set) -> str:
    """File one normalised CLDR name: a Chinese/Japanese/Thai/Korean one as a run found anywhere
    (``unspaced``); else its distinctive last word ("norsk bokmål", "bahasa indonesia") in ``names``
    when it has ``min_letters`` letters or more, with its stem in inflected languages (the word less
    its last two letters, when at least five remain); a shorter last word's whole name, when that has
    twice ``_MIN_LETTERS`` letters, in ``phrases`` ("tiếng anh"). Returns the last word filed, or ""."""
    if not norm:
        return ""
    if _UNSPACED.search(norm):
        if len(norm) >= 2 and " " not in norm:
            unspaced.add(norm)
        return ""
    word = norm.split()[-1]
    if len(word) < min_letters:
        if " " in norm and len(norm.replace(" ", "")) >= 2 * _MIN_LETTERS:
            phrases.add(norm)
        return ""
    names.add(word)
    if inflected and len(word) >= 7:
        names.add(word[:-2])
    return word


def _matcher(names: set, unspaced: set, phrases: set) -> LanguageNames:
    return LanguageNames(frozenset(names), tuple(sorted(unspaced, key=len, reverse=True)), tuple(sorted(phrases, key=len, reverse=True)))


@functools.lru_cache(maxsize=1)
def weekday_matcher() -> LanguageNames:
    """The names of the days of the week (wide, format and stand-alone) in every two-letter CLDR
    locale, as a ``LanguageNames`` (case endings of inflected languages: "в пятницу", "perjantaina";
    proclitics: "ביום"; Thai/Chinese/Japanese/Korean names anywhere: "วันอังคาร", "金曜日"). The
    last word of a name of several words ("יום ראשון" -> "ראשון") counts when it has five letters or
    more, a shorter one's whole name when that has eight ("chủ nhật" has seven: left out, "nhật" is
    also Japan). Shorter names are left out ("kedd", "Rabu"), and so is a name that is also some
    locale's word for "week" (CLDR's relative week phrases: Indonesian "Minggu", Sunday, is Malay and
    Indonesian "minggu", week: "artikel percuma untuk minggu ini" names no day)."""
    from babel import Locale, localedata

    names: set = set()
    unspaced: set = set()
    phrases: set = set()
    bases = sorted(i for i in localedata.locale_identifiers() if "_" not in i and len(i) == 2)
    locales = []
    for base in bases:
        try:
            locales.append((base, Locale.parse(base)))
        except (ValueError, LookupError):
            continue
    week_words: set = set()
    for _, locale in locales:
        relative = ((locale._data.get("date_fields") or {}).get("week") or {}).get("relative") or {}
        for phrase in relative.values():
            week_words.update(f for w in normalize_for_match(phrase).split() for f in _forms(w))
    for base, locale in locales:
        days = locale.days
        inflected = base in _INFLECTED
        for context in ("format", "stand-alone"):
            for name in (days.get(context, {}).get("wide") or {}).values():
                norm = normalize_for_match(name)
                if norm in week_words:
                    continue
                for form in _forms(norm):
                    _add_name(form, inflected, _MIN_DAY_LETTERS, names, unspaced, phrases)
    return _matcher(names, unspaced, phrases)


_MIN_DAY_LETTERS = 5


_DIGIT_TABLE = {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x110000)
                if unicodedata.category(chr(cp)) == "Nd" and cp > 0x7F}


def digits_to_ascii(text: str) -> str:
    """Decimal digits of any script (Arabic-Indic, Persian, Devanagari, fullwidth...) as 0-9."""
    return text.translate(_DIGIT_TABLE)


@functools.lru_cache(maxsize=1)
def duration_unit_pattern() -> re.Pattern:
    """A regex matching a number followed by a unit of minutes or seconds in any CLDR locale
    ("4 min", "3 хв", "5 دقائق", "۳ دقیقه", "4분", "3分", "5分钟", "2 דקות"), searched in text
    normalised by ``normalize_for_match`` with ``digits_to_ascii`` applied. Units of a single
    letter ("m", "د") are left out; so are "per minute" patterns."""
    from babel import Locale, localedata

    units: set = set()
    for base in sorted(i for i in localedata.locale_identifiers() if "_" not in i and len(i) == 2):
        try:
            patterns = Locale.parse(base)._data["unit_patterns"]
        except (ValueError, LookupError, KeyError):
            continue
        for unit in ("duration-minute", "duration-second"):
            for forms in dict(patterns.get(unit, {})).values():
                for pattern in dict(forms).values():
                    if not pattern.startswith("{0}"):
                        continue  # the number after the unit is a rate ("분당 {0}")
                    norm = normalize_for_match(pattern.replace("{0}", " "))
                    if not norm or " " in norm or "/" in pattern:
                        continue
                    if len(norm) >= 2 or _UNSPACED.search(norm):
                        units.update(_forms(norm))
    spaced = sorted((u for u in units if not _UNSPACED.search(u)), key=len, reverse=True)
    joined = sorted((u for u in units if u not in spaced), key=len, reverse=True)
    alternatives = []
    if spaced:
        alternatives.append("(?:" + "|".join(map(re.escape, spaced)) + r")(?![^\W\d_])")
    if joined:  # Chinese/Japanese/Korean units: no word boundary after them ("3分で", "4분")
        alternatives.append("(?:" + "|".join(map(re.escape, joined)) + ")")
    return re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d)? ?(?:" + "|".join(alternatives) + ")")


_RELATIVE_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")


@functools.lru_cache(maxsize=1)
def relative_time_words() -> tuple:
    """(words, ago words) of CLDR's relative-time patterns of every locale, normalised by
    ``normalize_for_match``. Words: those of the past patterns ("{0} hours ago", "prieš {0} val.",
    "{0} soat oldin", "قبل {0} ساعة", "{0} ժամ առաջ" give ago, hours, prieš, val, soat, oldin, قبل,
    ساعة, ժամ, առաջ); ago words: those of them no future pattern holds ("ago", "prieš", "oldin",
    "قبل", "առաջ", not the units "hours", "val", "soat"). Seconds to years, every width and plural
    form, of the two-letter locales (those ``duration_unit_pattern`` loads) and _EXTRA_LOCALES.
    Words of one letter of a spaced script are left out."""
    from babel import Locale, localedata

    found: dict = {"past": set(), "future": set()}
    for base in (*sorted(i for i in localedata.locale_identifiers() if "_" not in i and len(i) == 2), *_EXTRA_LOCALES):
        try:
            fields = Locale.parse(base)._data["date_fields"]
        except (ValueError, LookupError, KeyError):
            continue
        for unit in _RELATIVE_UNITS:
            for width in ("", "-short", "-narrow"):
                field = dict(fields.get(unit + width, {}))
                for direction, words in found.items():
                    for pattern in dict(field.get(direction, {})).values():
                        for word in normalize_for_match(str(pattern).replace("{0}", " ")).split():
                            if len(word) >= 2 or _UNSPACED.search(word):
                                words.update(_forms(word))
    return frozenset(found["past"]), frozenset(found["past"] - found["future"])
