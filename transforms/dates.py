"""The one date parser of the pipeline: publication dates as they come from HTML metadata, feeds,
JSONL dumps and publication lines -> one aware UTC instant, or nothing (with the reason).

Every stage that reads a ``published`` value (write's Parquet column and summary, dedup's choice
of the surviving article, the streaming stages) calls ``parse_date``, so a value is dated in one
place exactly when it is dated in every other.

Accepted forms (each checked by tests/test_dates.py):

* ISO 8601 / RFC 3339 dates and datetimes, with ``Z``, ``+09:00`` or ``+0900`` offsets or a zone
  abbreviation after them ("2021-07-27 10:30 GMT");
* RFC 2822 / RFC 822 (``email.utils``), also with the missing space of the wild
  ("Fri,24 Nov 2023 18:28:36 -0000") and zone abbreviations;
* year-first numeric dates with ``/`` or ``.`` and an optional time ("2016/6/29 15:07:41");
* day-first dotted dates ("29.06.2016 15:07"), and slashed day/month dates when the day is
  above 12 (a date like 05/06/2016 is ambiguous: left undated, reason ``ambiguous``);
* anything else ``dateutil`` reads completely (weekday and month names, "June 29, 2016 3:07 PM
  EST"): a value missing its year, month or day is never completed from today's date (reason
  ``incomplete``);
* Unix epoch seconds (10 digits) or milliseconds (13 digits).

A value without a zone is taken as UTC. Zone abbreviations use the table ``ZONES`` (the US
meanings of RFC 822 for EST/CST/MST/PST); an unknown or ambiguous abbreviation leaves the value
undated (``unknown_zone``) rather than off by hours. Years outside 1900..2100 are
``out_of_range``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import os
import re
from typing import NamedTuple

__all__ = ["ParsedDate", "ZONES", "ZONE_WORDS", "parse_date", "parse_published", "iso_utc", "REASONS", "DateLine", "read_date_line",
           "date_line_share", "locale_zone",
           "territory_zone", "host_territory", "named_zone", "written_zone", "publication_part", "PUBLISHED_LABEL", "UPDATE_LEAD"]

UTC = dt.timezone.utc
MIN_YEAR, MAX_YEAR = 1900, 2100

# Reasons a non-empty value is left undated (counted in summary.json as ``published_unparsed``).
UNPARSEABLE = "unparseable"
AMBIGUOUS = "ambiguous"
INCOMPLETE = "incomplete"
UNKNOWN_ZONE = "unknown_zone"
OUT_OF_RANGE = "out_of_range"
REASONS = (UNPARSEABLE, AMBIGUOUS, INCOMPLETE, UNKNOWN_ZONE, OUT_OF_RANGE)

# Zone abbreviations -> offset in minutes. RFC 822's US zones, the common European, Asian and
# Australian ones. Ambiguous abbreviations (AST, IST: Atlantic/Arabia, India/Ireland/Israel) are
# left out on purpose: a value carrying one is left undated.
ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "WEZ": 0,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
    "ADT": -180, "NST": -210, "NDT": -150,
    "BST": 60, "CET": 60, "MEZ": 60, "CEST": 120, "MESZ": 120, "WEST": 60, "WESZ": 60,
    "EET": 120, "OEZ": 120, "EEST": 180, "OESZ": 180, "MSK": 180, "TRT": 180,
    "GST": 240, "PKT": 300, "NPT": 345, "ICT": 420, "WIB": 420,
    "HKT": 480, "SGT": 480, "AWST": 480, "PHT": 480, "WITA": 480, "JST": 540, "KST": 540, "WIT": 540,
    "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "BRT": -180, "ART": -180, "CLT": -240, "COT": -300, "PET": -300,
    "SAST": 120, "CAT": 120, "EAT": 180, "WAT": 60,
}

# Zones written in words after a time of day, in the languages that write them so ("١٨:٤٥ بتوقيت
# غرينتش", "18:45 по Гринвичу", "午後3時（日本時間）"): lower-cased phrase -> minutes east of UTC.
# Only zones without daylight saving or named by their offset (Greenwich, Moscow, Mecca/Riyadh,
# Tehran, Türkiye, India, Beijing, Japan, Korea); a local time in words with DST ("heure de Paris")
# is left as a time without a zone.
ZONE_WORDS = {
    "بتوقيت غرينتش": 0, "بتوقيت جرينتش": 0, "بتوقيت غرينيتش": 0, "غرينتش": 0, "جرينتش": 0,
    "به وقت گرینویچ": 0, "گرینویچ": 0, "по гринвичу": 0, "за гринвічем": 0, "שעון גריניץ'": 0,
    "بتوقيت مكة المكرمة": 180, "بتوقيت مكة": 180, "بتوقيت الرياض": 180, "بتوقيت السعودية": 180,
    "по московскому времени": 180, "мск": 180, "به وقت تهران": 210, "به وقت ایران": 210,
    "tsi": 180, "tsİ": 180, "TSİ": 180, "türkiye saati": 180, "भारतीय समयानुसार": 330,
    "北京时间": 480, "北京時間": 480, "台北時間": 480, "日本時間": 540, "한국시간": 540, "한국 시간": 540,
    # Brasília time: UTC-3 without daylight saving since 2019 (an older summer page is an hour off)
    "horário de brasília": -180, "hora de brasília": -180, "horário oficial de brasília": -180,
}
_ZONE_BY_FOLD = {phrase.casefold(): minutes for phrase, minutes in ZONE_WORDS.items()}
_ZONE_PHRASE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(ZONE_WORDS, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)
# Years of the Buddhist era (Thai and Lao calendars: 2568 BE = 2025 CE), read as such in a line of
# Thai or Lao script (or of a th/lo page): BUDDHIST_ERA_OFFSET years are taken off before parsing.
BUDDHIST_ERA_OFFSET = 543
_BUDDHIST_YEAR = re.compile(r"(?<!\d)(2[45]\d\d)(?!\d)")
_THAI_LAO = re.compile(r"[\u0e00-\u0eff]")
# Japanese era years ("令和8年" = 2026, "平成元年" = 1989): the era's first year minus one.
JAPANESE_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_JAPANESE_ERA_YEAR = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年")
# Solar Hijri (Persian, Afghan) dates: day, month name, year 13xx/14xx ("۱۵ مهر ۱۴۰۴" = 7 Oct 2025),
# the Iranian month names and the Afghan (zodiac) ones; converted with jdatetime.
SOLAR_HIJRI_MONTHS = {
    name: number for number, names in enumerate((
        ("فروردین",), ("اردیبهشت", "اردی‌بهشت"), ("خرداد",), ("تیر",), ("مرداد", "امرداد"), ("شهریور",),
        ("مهر",), ("آبان",), ("آذر",), ("دی",), ("بهمن",), ("اسفند",)), start=1) for name in names
}
# Afghanistan's month names: Dari's (the zodiac) and Pashto's (CLDR ps, calendar "persian")
AFGHAN_MONTH_NAMES = (("حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"),
                      ("وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب"))
SOLAR_HIJRI_MONTHS |= {name: number for names in AFGHAN_MONTH_NAMES for number, name in enumerate(names, start=1)}
# letters written for one another in these names (Arabic and Persian yeh and kaf, Pashto's ۍ and ګ)
_SOLAR_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ۍ": "ی", "ې": "ی", "ك": "ک", "گ": "ګ", "ة": "ه"})
_SOLAR_BY_FOLD = {name.translate(_SOLAR_FOLD): number for name, number in SOLAR_HIJRI_MONTHS.items()}
_SOLAR_LETTER_CLASS = {"ی": "[یيىۍې]", "ک": "[کك]", "ګ": "[ګگ]", "ه": "[هة]"}
_SOLAR_HIJRI = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:مه|م)?\s*(?:د\s+)?(?P<m>" + "|".join(
        "".join(_SOLAR_LETTER_CLASS.get(ch, re.escape(ch)) for ch in name)
        for name in sorted(_SOLAR_BY_FOLD, key=len, reverse=True))
    + r")(?!\w)\s*(?:ماه\s*)?,?\s*(?:سال\s*)?(?P<y>1[34]\d\d)(?!\d)"
)


# A time of day in Japanese, Chinese or Korean words ("午前9時30分", "下午3时05分", "오후 3시 5분"),
# rewritten as "H:MM" for _TIME_AND_ZONE; a full-width colon is a space (dateparser reads no date
# in "公開日：2026年3月14日"), full-width brackets ASCII ones.
_CJK_TIME = re.compile(r"(?P<ap>午前|午後|上午|下午|오전|오후)?\s*(?P<h>\d{1,2})\s*[時时시]\s*(?P<m>\d{1,2})\s*[分분]")
_FULL_WIDTH = str.maketrans({"：": " ", "（": " (", "）": ") "})


def _cjk_time(m) -> str:
    hour = int(m["h"])
    if m["ap"] in ("午後", "下午", "오후") and hour < 12:
        hour += 12
    elif m["ap"] in ("午前", "上午", "오전") and hour == 12:
        hour = 0
    return f" {hour}:{int(m['m']):02d} "


# Languages of India (and en-IN): where an ambiguous "IST" is India Standard Time (UTC+5:30).
INDIAN_LANGUAGES = frozenset("hi bn ta te mr gu kn ml pa or as ur ne sa kok mai".split())
_INDIC_SCRIPT = re.compile(r"[\u0900-\u0dff]")


def _indian_locale(locale: str, line: str) -> bool:
    code = (locale or "").replace("_", "-").lower()
    return code.split("-")[0] in INDIAN_LANGUAGES or code.endswith("-in") or bool(_INDIC_SCRIPT.search(line))


AFGHAN_MONTHS = frozenset(name.translate(_SOLAR_FOLD) for names in AFGHAN_MONTH_NAMES for name in names)
# A numeric Solar Hijri date ("۱۴۰۳/۱۲/۱۵", "1403-12-15"): read only on a Persian, Dari or Pashto
# page or beside Persian letters (an Arabic page's 14xx year is a lunar Hijri one)
_SOLAR_HIJRI_NUMERIC = re.compile(r"(?<![\d/.-])(?P<y>1[34]\d\d)[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})(?![\d/.-])")
_PERSIAN_LETTERS = re.compile("[پچژگکی]")
_SOLAR_HIJRI_LOCALES = ("fa", "prs", "ps")


def _solar_hijri_zone(line: str, locale: str) -> str:
    """The time zone of a line's Solar Hijri date: the calendar is Iran's (Asia/Tehran) or, with
    the Afghan (zodiac) month names, Afghanistan's (Asia/Kabul); "" when the line holds none. A
    local time beside such a date is read in that zone ("۱۵ اسفند ۱۴۰۳ - ۱۴:۳۰" = 11:00 UTC)."""
    m = _SOLAR_HIJRI.search(line)
    if m:
        return "Asia/Kabul" if m["m"].translate(_SOLAR_FOLD) in AFGHAN_MONTHS else "Asia/Tehran"
    if _SOLAR_HIJRI_NUMERIC.search(line) and (
            (locale or "").lower().replace("_", "-").split("-")[0] in _SOLAR_HIJRI_LOCALES or _PERSIAN_LETTERS.search(line)):
        return "Asia/Kabul" if (locale or "").lower().startswith(("prs", "ps", "fa-af")) else "Asia/Tehran"
    return ""


def _gregorian_years(line: str, numeric_solar: bool = False) -> str:
    """``line`` with Japanese era years and Solar Hijri dates written as Gregorian ones
    ("令和8年3月14日" -> "2026年3月14日", "15 مهر 1404" -> "2025-10-07"); ASCII digits expected."""
    line = _JAPANESE_ERA_YEAR.sub(
        lambda m: f"{JAPANESE_ERAS[m[1]] + (1 if m[2] == '元' else int(m[2]))}年", line)
    if _SOLAR_HIJRI.search(line):
        import jdatetime

        def gregorian(m) -> str:
            try:
                day = jdatetime.date(int(m["y"]), _SOLAR_BY_FOLD[m["m"].translate(_SOLAR_FOLD)], int(m["d"])).togregorian()
            except ValueError:
                return m.group()
            return f" {day.isoformat()} "

        line = _SOLAR_HIJRI.sub(gregorian, line)
    if numeric_solar and _SOLAR_HIJRI_NUMERIC.search(line):
        import jdatetime

        def numeric(m) -> str:
            try:
                day = jdatetime.date(int(m["y"]), int(m["m"]), int(m["d"])).togregorian()
            except ValueError:
                return m.group()
            return f" {day.isoformat()} "

        line = _SOLAR_HIJRI_NUMERIC.sub(numeric, line)
    return line


# Other calendars a page may date itself in alone: the Hijri (Islamic, Umm al-Qura: hijridate),
# Hebrew (pyluach) and Ethiopian (convertdate's Coptic calendar, 276 years on: the same months and
# leap years) ones. Each date is day, month name and year ("10 شوال 1445 هـ", "י״ג בניסן תשפ״ד",
# "መስከረም 5 ቀን 2016 ዓ.ም."), month names from the libraries where they have them, in every script
# their pages write (Arabic and Persian/Urdu letters meet: ي/ی, ك/ک, ة/ه, hamza forms of alef).
# A line that also writes a Gregorian year keeps only that date (the calendar's is not converted).
_ARABIC_LETTER_CLASS = {"ي": "[يیى]", "ی": "[يیى]", "ى": "[يیى]", "ك": "[كک]", "ک": "[كک]", "ة": "[ةه]", "ه": "[ةه]",
                        "ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "آ": "[اأإآ]"}
# spellings the libraries do not give: genitive Arabic ("ذي القعدة"), Persian/Urdu, Turkish,
# Malay/Indonesian and the common English transliterations, by month number
HIJRI_SPELLINGS = (
    ("محرم الحرام", "Muharrem", "Muharam", "Moharram"),
    ("صفر المظفر", "Safer", "Sapar"),
    ("ربيع الاول", "ربيع الأول", "Rebiülevvel", "Rabiulawal", "Rabiul Awal", "Rabi'ul Awal", "Rabi al-Awwal", "Rabi I"),
    ("ربيع الآخر", "ربيع الاخر", "Rebiülahir", "Rabiulakhir", "Rabiul Akhir", "Rabi'ul Akhir", "Rabi al-Thani", "Rabi II"),
    ("جمادى الأول", "جمادی الاول", "جمادى الاولى", "Cemaziyelevvel", "Jamadilawal", "Jumadil Awal", "Jumada al-Awwal", "Jumada I"),
    ("جمادى الثانية", "جمادى الثاني", "جمادی الثانی", "جمادى الاخرة", "Cemaziyelahir", "Jamadilakhir", "Jumadil Akhir",
     "Jumada al-Thani", "Jumada II"),
    ("Recep", "Rejab", "Rejeb"),
    ("Şaban", "Syaaban", "Syakban", "Sya'ban", "Shaban", "Shaaban"),
    ("Ramazan", "Ramadhan", "Ramzan"),
    ("Şevval", "Syawal", "Syawwal", "Shawal"),
    ("ذي القعدة", "ذو القعده", "ذيقعده", "ذی‌القعده", "Zilkade", "Zulkaedah", "Zulkaidah", "Dzulqa'dah", "Dhul Qadah", "Dhul Qa'dah"),
    ("ذي الحجة", "ذو الحجه", "ذيحجه", "ذی‌الحجه", "Zilhicce", "Zulhijjah", "Dzulhijjah", "Dhul Hijjah", "Dhu'l-Hijjah"),
)
# Ethiopian months in Amharic and Tigrinya spellings (CLDR's ethiopic calendar names; babel ships
# only the Gregorian ones): Meskerem .. Nehase, and Pagume, the 13th of five or six days
ETHIOPIAN_MONTHS = (
    ("መስከረም",), ("ጥቅምት", "ጥቅምቲ"), ("ኅዳር", "ህዳር", "ሕዳር"), ("ታኅሣሥ", "ታህሳስ", "ታሕሳስ", "ታኅሳስ"), ("ጥር", "ጥሪ"),
    ("የካቲት", "ለካቲት"), ("መጋቢት",), ("ሚያዝያ", "ሚያዚያ"), ("ግንቦት",), ("ሰኔ", "ሰነ"), ("ሐምሌ", "ሃምሌ", "ሓምለ"),
    ("ነሐሴ", "ነሃሴ", "ነሓሰ"), ("ጳጉሜ", "ጳጉሜን"),
)
_GREGORIAN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_HEBREW_MARKS = "\"'\u05f3\u05f4\u2019\u201d"  # geresh and gershayim, and the quotes typed for them


def _name_pattern(name: str) -> str:
    """A regex for a month name: Arabic-script letters by their class, spaces or ZWNJ optional
    between words, apostrophes optional."""
    out = []
    for ch in name:
        if ch in _ARABIC_LETTER_CLASS:
            out.append(_ARABIC_LETTER_CLASS[ch])
        elif ch in " \u200c-":
            out.append(r"[\s\u200c-]*")
        elif ch in "'’ʻ":
            out.append("['’ʻ]?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(names: dict) -> str:
    return "|".join(_name_pattern(name) for name in sorted(names, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _calendar_patterns() -> tuple:
    """(Hijri, Hebrew, Ethiopian) date regexes and their month tables (lower-cased name -> number)."""
    from hijridate import Hijri
    from pyluach import hebrewcal

    hijri = {}
    for month in range(1, 13):
        for language in ("ar", "en", "bn"):
            hijri[Hijri(1445, month, 1).month_name(language)] = month
        for name in HIJRI_SPELLINGS[month - 1]:
            hijri[name] = month
    hebrew = {}
    for year in (5784, 5785):  # a leap year (Adar I, Adar II) and a common one (Adar)
        for month in range(1, 14 if hebrewcal.Year(year).leap else 13):
            for in_hebrew in (True, False):
                hebrew[hebrewcal.Month(year, month).month_name(hebrew=in_hebrew)] = month
    for name, month in tuple(hebrew.items()):
        for mark in _HEBREW_MARKS:
            hebrew[name.replace("\u05f3", mark)] = month
    hebrew.update({"חשוון": 8, "מרחשוון": 8, "סיוון": 3, "Nisan": 1, "Tishri": 7, "Heshvan": 8, "Tevet": 10, "Shvat": 11})
    ethiopian = {name: number for number, names in enumerate(ETHIOPIAN_MONTHS, start=1) for name in names}
    marks = re.escape(_HEBREW_MARKS)
    hebrew_number = rf"(?:[א-ת]{{0,3}}[{marks}][א-ת]|[א-ת][{marks}])"
    return (
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<m>{_alternation(hijri)})(?![^\W\d_])\s*,?\s*(?P<y>1[3-5]\d\d)(?!\d)", re.IGNORECASE),
        hijri,
        re.compile(rf"(?<![^\W\d_])(?:(?P<d>\d{{1,2}})|(?P<dh>{hebrew_number}))\s*(?:ב|ב-)?(?P<m>{_alternation(hebrew)})(?![^\W\d_])"
                   rf"\s*,?\s*(?:(?P<y>5[67]\d\d)(?!\d)|(?:ה[{marks}]\s*)?(?P<yh>[א-ת]{{1,3}}[{marks}][א-ת]))", re.IGNORECASE),
        {name.casefold(): number for name, number in hebrew.items()},
        re.compile(rf"(?:(?P<d1>\d{{1,2}})\s*)?(?P<m>{_alternation(ethiopian)})\s*(?(d1)|(?P<d>\d{{1,2}})\s*)(?:ቀን\s*)?,?\s*(?P<y>(?:18|19|20)\d\d)(?!\d)"),
        ethiopian,
    )


def _month_number(table: dict, written: str) -> int | None:
    """The month of a name as matched (its letters in any class form): the table's entry whose
    pattern matches it whole."""
    for name, number in table.items():
        if re.fullmatch(_name_pattern(name), written, re.IGNORECASE):
            return number
    return None


_HEBREW_LETTER_VALUES = dict(zip("אבגדהוזחטיכלמנסעפצקרשת", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90,
                                                            100, 200, 300, 400))) | {"ך": 20, "ם": 40, "ן": 50, "ף": 80, "ץ": 90}


def _hebrew_number(letters: str) -> int:
    """The value of a number in Hebrew letters (gematria: "י״ג" = 13, "תשפ״ד" = 784)."""
    return sum(_HEBREW_LETTER_VALUES.get(ch, 0) for ch in letters)


def _other_calendars(line: str) -> tuple[str, int]:
    """(``line`` with a Hijri, Hebrew or Ethiopian date written as a Gregorian one ("10 شوال 1445 هـ"
    -> "2024-04-19"), the words the converted dates took beyond the one they became), unless the
    line also writes a Gregorian year; ASCII digits expected. An impossible day (30 in a 29-day
    month) is left as written."""
    hijri, hijri_months, hebrew, hebrew_months, ethiopian, ethiopian_months = _calendar_patterns()
    merged = [0]

    def converted(pattern, to_gregorian):
        def replace(m) -> str:
            if _GREGORIAN_YEAR.search(line[:m.start()] + " " + line[m.end():]):
                return m.group()
            try:
                day = to_gregorian(m)
            except (ValueError, TypeError, KeyError):
                return m.group()
            merged[0] += len(m.group().split()) - 1
            return f" {day.isoformat()} "
        return lambda text: pattern.sub(replace, text)

    def from_hijri(m):
        from hijridate import Hijri

        return Hijri(int(m["y"]), _month_number(hijri_months, m["m"]), int(m["d"])).to_gregorian()

    def from_hebrew(m):
        from pyluach.dates import HebrewDate

        day = int(m["d"]) if m["d"] else _hebrew_number(m["dh"])
        year = int(m["y"]) if m["y"] else 5000 + _hebrew_number(m["yh"])
        month = hebrew_months.get(m["m"].casefold()) or _month_number(hebrew_months, m["m"])
        return HebrewDate(year, month, day).to_pydate()

    def from_ethiopian(m):
        from convertdate import coptic

        return dt.date(*coptic.to_gregorian(int(m["y"]) - 276, _month_number(ethiopian_months, m["m"]), int(m["d"] or m["d1"])))

    if any(ch.isdigit() for ch in line) and hijri.search(line):
        line = converted(hijri, from_hijri)(line)
    if re.search("[\u05d0-\u05ea]", line) or re.search(r"\d{4}", line):
        if hebrew.search(line):
            line = converted(hebrew, from_hebrew)(line)
    if re.search("[\u1200-\u137f]", line) and ethiopian.search(line):
        line = converted(ethiopian, from_ethiopian)(line)
    return line, merged[0]


_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$"
)
_YMD = re.compile(
    r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$"
)
_DMY = re.compile(
    r"^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$"
)
_RFC822_HINT = re.compile(r"^\s*(?:[A-Za-z]{3,9},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\b")
_WEEKDAY_COMMA = re.compile(r"^([A-Za-z]{3,9}),(?=\S)")
_ZONE_WORD = re.compile(r"(?<![A-Za-z])([A-Z]{2,5})(?![A-Za-z])")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


class ParsedDate(NamedTuple):
    """The instant of a date value (aware, UTC) or None; ``reason`` says why a non-empty value
    gave None ("" when it was dated or empty)."""

    when: dt.datetime | None
    reason: str


def _offset(zone: str | None) -> dt.tzinfo | None | str:
    """tzinfo of a zone token; None when there is none; UNKNOWN_ZONE for an unknown abbreviation."""
    if not zone:
        return None
    if zone == "Z":
        return UTC
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 14 or minutes > 59:
            return UNKNOWN_ZONE
        sign = -1 if zone[0] == "-" else 1
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    minutes = ZONES.get(zone.upper())
    if minutes is None:
        return UNKNOWN_ZONE
    return dt.timezone(dt.timedelta(minutes=minutes))


def _build(year, month, day, hour, minute, second, fraction, zone) -> ParsedDate:
    tz = _offset(zone)
    if tz == UNKNOWN_ZONE:
        return ParsedDate(None, UNKNOWN_ZONE)
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        when = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro)
    except ValueError:
        return ParsedDate(None, UNPARSEABLE)
    return _finish(when.replace(tzinfo=tz) if tz is not None else when)


def _finish(when: dt.datetime) -> ParsedDate:
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        return ParsedDate(None, OUT_OF_RANGE)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return ParsedDate(when.astimezone(UTC), "")


def _rfc2822(value: str) -> ParsedDate | None:
    fixed = _WEEKDAY_COMMA.sub(r"\1, ", value)
    parts = email.utils._parsedate_tz(fixed)  # the tuple tells a known zone from none at all
    if parts is None:
        return None
    # email.utils knows only RFC 822's zones: any other trailing abbreviation is ours to read
    tail = fixed.rsplit(None, 1)[-1]
    if parts[9] is None and tail.isalpha():
        if tail.upper() in ZONES:
            parts = (*parts[:9], ZONES[tail.upper()] * 60)
        elif not re.fullmatch(r"\d{2,4}|[AaPp][Mm]", tail):
            return ParsedDate(None, UNKNOWN_ZONE)
    try:
        year = parts[0]
        if year < 100:  # two-digit years, as RFC 2822 reads them
            year += 2000 if year < 50 else 1900
        when = dt.datetime(year, parts[1], parts[2], parts[3], parts[4], parts[5])
    except (ValueError, TypeError):
        return None
    if parts[9] is not None:
        when = when.replace(tzinfo=dt.timezone(dt.timedelta(seconds=parts[9])))
    return _finish(when)


# Month and weekday names dateutil reads besides English (feeds and dumps in these languages).
_MONTHS = (
    ("jan", "january", "janvier", "janv", "januar", "jänner", "enero", "ene", "gennaio", "gen", "janeiro", "januari"),
    ("feb", "february", "février", "fevrier", "févr", "fevr", "februar", "febrero", "febbraio", "fevereiro", "fev", "februari"),
    ("mar", "march", "mars", "märz", "maerz", "marzo", "março", "marco", "maart", "mrz"),
    ("apr", "april", "avril", "avr", "abril", "abr", "aprile"),
    ("may", "mai", "mayo", "maggio", "mag", "maio", "mei"),
    ("jun", "june", "juin", "juni", "junio", "giugno", "giu", "junho"),
    ("jul", "july", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"),
    ("aug", "august", "août", "aout", "agosto", "ago", "augustus"),
    ("sep", "sept", "september", "septembre", "septiembre", "settembre", "set", "setembro"),
    ("oct", "october", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro", "out"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    ("dec", "december", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre", "dezembro"),
)
_WEEKDAYS = (
    ("mon", "monday", "lundi", "montag", "lunes", "lunedì", "segunda", "maandag"),
    ("tue", "tuesday", "tues", "mardi", "dienstag", "martes", "martedì", "terça", "dinsdag"),
    ("wed", "wednesday", "mercredi", "mittwoch", "miércoles", "miercoles", "mercoledì", "quarta", "woensdag"),
    ("thu", "thursday", "thur", "thurs", "jeudi", "donnerstag", "jueves", "giovedì", "quinta", "donderdag"),
    ("fri", "friday", "vendredi", "freitag", "viernes", "venerdì", "sexta", "vrijdag"),
    ("sat", "saturday", "samedi", "samstag", "sábado", "sabado", "sabato", "zaterdag"),
    ("sun", "sunday", "dimanche", "sonntag", "domingo", "domenica", "zondag"),
)
_PARSERINFO = None


def _parserinfo():
    global _PARSERINFO
    if _PARSERINFO is None:
        from dateutil import parser as dateutil_parser

        class _Info(dateutil_parser.parserinfo):
            MONTHS = list(_MONTHS)
            WEEKDAYS = list(_WEEKDAYS)
            JUMP = [*dateutil_parser.parserinfo.JUMP, "de", "del", "le", "am", "um", "à", "às", "h", "uhr"]

        _PARSERINFO = _Info()
    return _PARSERINFO


def _dateutil(value: str) -> ParsedDate:
    from dateutil import parser as dateutil_parser

    tzinfos = {name: minutes * 60 for name, minutes in ZONES.items()}
    words = _ZONE_WORD.findall(value)
    unknown = [w for w in words if w not in ZONES and w not in ("AM", "PM", "T")]
    if unknown:
        return ParsedDate(None, UNKNOWN_ZONE)
    try:
        # two different defaults: a field dateutil filled in differs between them
        info = _parserinfo()
        first = dateutil_parser.parse(value, info, default=dt.datetime(1904, 1, 1), tzinfos=tzinfos)
        second = dateutil_parser.parse(value, info, default=dt.datetime(1908, 2, 2), tzinfos=tzinfos)
    except (ValueError, OverflowError, TypeError):
        return ParsedDate(None, UNPARSEABLE)
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return ParsedDate(None, INCOMPLETE)
    return _finish(first)


def parse_date(value: str | None) -> ParsedDate:
    """A date or datetime string -> ParsedDate (aware UTC datetime, or None with a reason).

    Never raises; never completes a partial date from the current date; an empty value gives
    ``ParsedDate(None, "")``.
    """
    value = " ".join((value or "").split())
    if not value:
        return ParsedDate(None, "")
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return _finish(dt.datetime.fromtimestamp(seconds, UTC))
    m = _ISO.match(value) or _YMD.match(value)
    if m:
        return _build(*m.groups())
    m = _DMY.match(value)
    if m:
        first, sep, second, year, *rest = m.groups()
        first, second = int(first), int(second)
        if sep == "/" and first <= 12 and second <= 12 and first != second:
            return ParsedDate(None, AMBIGUOUS)
        day, month = (second, first) if sep == "/" and second > 12 else (first, second)
        return _build(year, month, day, *rest)
    if re.match(r"^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b", value):
        return ParsedDate(None, AMBIGUOUS)  # numeric day/month forms we cannot order
    if _RFC822_HINT.match(value):
        found = _rfc2822(value)
        if found is not None:
            return found
    return _dateutil(value)


def parse_published(value: str | None) -> dt.datetime | None:
    """A date value -> aware UTC datetime, None when absent or not parseable."""
    return parse_date(value).when


def iso_utc(value: str | None) -> str:
    """A date value -> ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, microseconds kept when present), "" when undated."""
    when = parse_date(value).when
    if when is None:
        return ""
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if when.microsecond else "%Y-%m-%dT%H:%M:%SZ")


# ---- publication lines in a page's own words ---------------------------------------------------

# A time of day with an optional a.m./p.m. and zone: "14h05 GMT", "4:05 PM EST", "11:30 p.m. PST",
# "09:15 CEST", "14:05+01:00", "10:00 (UTC+3)". Not a dotted date ("29.02.2024") nor "01/11/11-10:18".
_TIME_AND_ZONE = re.compile(
    r"(?<![\d.:/-])(?P<h>\d{1,2})\s?[:h.]\s?(?P<m>\d{2})(?::(?P<s>\d{2}))?(?![\d]|[.:/-]\d)"
    r"(?:\s*(?P<ap>[AaPp])\.?\s?[Mm]\.?(?![A-Za-z]))?"
    r"(?:\s*,?\s*\(?(?P<zone>(?:GMT|UTC)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}|Z|[A-Z]{2,5})\)?(?![^\W\d_]))?"
)
_ABBREVIATION_DOT = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,5})\.(?=\s*\d)")
_SLASHED_DATE = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})(?!\d)")
MAX_DATE_LINE_CHARS = 160


# A publication label inside a line that opens with an update one (one element holding both).
PUBLISHED_LABEL = re.compile(
    r"(?<![^\W\d_])(?:published|posted|first published|ver(?:ö|o)ffentlicht|publi(?:é|e)e?|publicad[oa]|pubblicat[oa]|"
    r"gepubliceerd|opublikowan\w*|опубликован\w*|опубліковано|yay(?:ı|i)nlan\w*|diterbitkan|đăng|"
    r"δημοσιεύθηκε|δημοσίευση|פורסם|نشر|نُشر|منتشر شده|تاریخ انتشار|शाया|प्रकाशित|প্রকাশিত|வெளியிடப்பட்டது|"
    r"公開|発行|发布|發布|게시|입력|"
    # Nordic, Baltic, Central European and other languages ("Päivitetty ... Julkaistu ...")
    r"julkaistu|julkaisu|publicerad|publiceret|publisert|birt|publicēt\w*|publikēt\w*|paskelbta|paskelbtas|avaldatud|"
    r"publikováno|publikovan[oé]|közzétéve|megjelent|objavljeno|objavljen[oa]|објављено|публикувано|publicat[aă]?|"
    r"publicad[oa]|argitaratua|foilsithe|cyhoeddwyd|imechapishwa|diterbitkan|yayımlandı)(?![^\W\d_])", re.IGNORECASE)


# A line that opens by saying the page was updated or modified ("Updated:", "Last updated on",
# "Aktualisiert am", "Mis à jour le", "Atualizado em", "Обновлено", "अपडेट", "更新日：", "업데이트"):
# its date is not the publication date (the lexicon's update_words, as a line's lead).
UPDATE_LEAD = re.compile(
    r"^\W*(?:(?:last|zuletzt|dernière|última|ultima|ostatnia|последнее)\s+)?(?:"
    r"updated?|last\s+modified|modified|amended|aktualisiert|ge(?:ä|a)ndert|mis\s+(?:à|a)\s+jour|mise\s+(?:à|a)\s+jour|"
    r"actualis(?:é|e)e?|modifi(?:é|e)e?|actualizad[oa]|actualizaci(?:ó|o)n|modificad[oa]|atualizad[oa]|atualiza(?:ç|c)(?:ã|a)o|"
    r"aggiornat[oa]|aggiornamento|modificat[oa]|bijgewerkt|gewijzigd|zaktualizowan\w*|aktualizacj\w*|aktualizov(?:á|a)no|"
    r"обновлен\w*|изменен\w*|оновлен\w*|змінен\w*|g(?:ü|u)ncellen\w*|g(?:ü|u)ncelleme|diperbarui|cập\s+nhật|"
    r"uppdaterad\w*|opdateret|oppdatert|p(?:ä|a)ivitetty|friss(?:í|i)tve|actualizat\w*|actualitzat\w*|imesasishwa|"
    r"ενημερώθηκε|ενημέρωση|עודכן|آخر\s+تحديث|تم\s+تحديث|تحديث|به[‌\s]?روز\s?رسانی|بروزرسانی|به\s+روز\s+شده|"
    r"अपडेट(?:ेड)?|अद्यतन|আপডেট|अपडेटेड|อัปเดต|อัพเดท|更新(?:日|日時|时间|時間)?|最終更新(?:日)?|업데이트|수정(?:일)?|"
    # Turkic, Caucasian, South Slavic, Baltic, Finnic and other languages ("Жаңартылды: 12.03.2026")
    r"жаңартыл\w*|өзгертіл\w*|жаңыртыл\w*|yangilan\w*|yenilən\w*|güncəllən\w*|განახლ\w*|թարմացվ\w*|"
    r"абноўлен\w*|актуализиран\w*|редактиран\w*|ажуриран\w*|a(?:ž|z)urirano|izmenjeno|izmijenjeno|posodobljeno|"
    r"aktualizovan\w*|atnaujint\w*|atjaunin\w*|uuendatud|muudetud|p(?:ë|e)rdit(?:ë|e)suar|dikemas\s+kini|"
    r"na-update|imeboreshwa|የተሻሻለ|اپ\s?ڈیٹ|تازه\s?شوی|புதுப்பிக்கப்பட்ட\w*|шинэчил\w*"
    r")(?![^\W\d_])", re.IGNORECASE)



def publication_part(text: str) -> str:
    """A date line's publication part: the line itself, or, when it opens with an update label
    ("Updated: 14 March 2026, 10:05 IST"), its part from a publication label on ("Updated 14
    March ... Published 13 March ...", "Päivitetty ... Julkaistu ...", "Atjaunināts ... Publicēts
    ..."), else "" (an update line is not the publication line)."""
    if not UPDATE_LEAD.match(text):
        return text
    published = PUBLISHED_LABEL.search(text)
    return text[published.start():] if published is not None else ""



class DateLine(NamedTuple):
    """A publication date read from a visible line of a page ("Publié le 8 mars 2023 à 14h05 GMT").

    ``when``: aware UTC datetime (midnight UTC of the written day when the line gives no time of
    day, or a time without a zone); ``zoned_time``: the line gave a time of day with its zone
    (GMT, UTC+3, +01:00, or an abbreviation of ``ZONES``); ``written``: the calendar day as the
    page wrote it (before any zone conversion); ``slashed``: the date was written as digits with
    slashes (04/03/2023), ordered by the page locale's CLDR short date pattern; ``labelled``: set by
    htmltext.date_line for "Updated X Published Y" (Y read: the page says which date is which).
    """

    when: dt.datetime
    zoned_time: bool
    slashed: bool
    written: dt.date
    words: int = 0  # words of the line that are the date, its time of day or its zone
    labelled: bool = False  # read after a publication label in a line that opened with an update one
    local: dt.time | None = None  # a time of day the line gave without a zone it could be read in


def _zone_minutes(zone: str | None) -> int | None:
    """Minutes east of UTC of a zone token ("GMT", "UTC+3", "+01:00", "PST"); None when unknown."""
    if not zone:
        return None
    zone = zone.replace(" ", "")
    m = re.fullmatch(r"(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?", zone)
    if m:
        minutes = int(m[2]) * 60 + int(m[3] or 0)
        return minutes if m[1] == "+" else -minutes
    return ZONES.get(zone)


@functools.lru_cache(maxsize=256)
def _date_order(locale: str) -> str:
    """"DMY", "MDY" or "YMD" from the CLDR short date pattern of ``locale`` (babel): en/en-US
    M/d/yy, en-GB dd/MM/y, pt-BR dd/MM/y, ja y/MM/dd. Day first when the locale is unknown or
    not declared (most of the world's numeric dates)."""
    if not locale or locale.lower() in ("und", "x-default"):
        return "DMY"
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        pattern = get_date_format("short", locale=Locale.parse(locale.replace("-", "_"))).pattern
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return "DMY"
    letters = [ch for ch in pattern if ch in "yMd"]
    order = "".join(dict.fromkeys(letters)).upper()
    return order if sorted(order) == ["D", "M", "Y"] else "DMY"


@functools.lru_cache(maxsize=256)
def _dateparser_languages(locale: str) -> tuple | None:
    from dateparser.languages.loader import default_loader

    base = (locale or "").replace("_", "-").split("-")[0].lower()
    if base and base in default_loader.get_locale_map():
        return (base, "en") if base != "en" else ("en",)
    return None  # dateparser guesses the language of the line


def _script(char: str) -> str:
    """The script of a letter as the first word of its Unicode name (LATIN, CYRILLIC, GREEK, CJK,
    HIRAGANA, ARABIC...); "" for a letter without a name."""
    import unicodedata

    return unicodedata.name(char, "").split(" ", 1)[0]


@functools.lru_cache(maxsize=256)
def _locale_scripts(languages: tuple) -> frozenset:
    """The scripts of the letters dateparser's dictionaries of ``languages`` hold (month and weekday
    names, date words): ("pl", "en") -> {LATIN}; ("ja", "en") -> {CJK, HIRAGANA, KATAKANA, LATIN}."""
    from dateparser.conf import settings as default_settings
    from dateparser.languages.loader import default_loader

    settings = default_settings.replace(NORMALIZE=False)
    return frozenset(_script(char) for code in languages
                     for char in default_loader.get_locale(code).get_wordchars_for_detection(settings)
                     if char.isalpha())


def _page_languages(line: str, page_language) -> tuple | None:
    """The dateparser languages a line of a page that declares none is read in: its detected
    language and English (as a declared ``lang``'s) when every letter of the line is of a script
    those languages write in; None (dateparser detects the line's language over all its locales,
    ~20 ms for a Latin line) otherwise: a Cyrillic date line on a page detected as English.
    ``page_language``: an ISO 639-1 code, or a function of no arguments giving one (called here
    only, so that a page whose lines need no search detects nothing)."""
    if not page_language:
        return None
    code = page_language() if callable(page_language) else page_language
    languages = _dateparser_languages(code or "")
    if languages is None:
        return None
    scripts = _locale_scripts(languages)
    if all(_script(ch) in scripts for ch in line if ch.isalpha()):
        return languages
    return None


class _Detector:
    """dateparser's own language detection of a line over all its locales (what ``search_dates``
    does when given no ``languages``: its ``FullTextLanguageDetector``), with the characters
    unique to each locale computed once per process instead of once per call: that step compares
    the character sets of ~200 locales pairwise (about 6 ms a call, 40% of a line search of a page
    without a ``lang`` dateparser knows). The answer is dateparser's, unchanged: the sets depend
    only on the locales' dictionaries, and ``character_check`` reads them as before."""

    _detector_class = None
    _known: dict = {}  # tuple of locale names -> (their character sets, the sets of their unique characters)

    @classmethod
    def language(cls, line: str) -> str | None:
        """The locale name dateparser's ``search_dates`` would detect for ``line`` (it detects with
        its default settings, whatever settings the search is given), None when none applies."""
        from dateparser.search import _search_with_detection

        if cls._detector_class is None:
            from dateparser.search.text_detection import FullTextLanguageDetector

            class Cached(FullTextLanguageDetector):
                def get_unique_characters(self, settings):  # noqa: D401 - dateparser's signature
                    key = tuple(language.shortname for language in self.languages)
                    known = cls._known.get(key)
                    if known is None:
                        super().get_unique_characters(settings)
                        known = cls._known[key] = (self.language_chars, self.language_unique_chars)
                    self.language_chars, self.language_unique_chars = list(known[0]), list(known[1])

            cls._detector_class = Cached
        return cls._detector_class(list(_search_with_detection.available_language_map.values()))._best_language(line)


def _search_dates(line: str, languages: tuple | None, settings: dict) -> list:
    """``dateparser.search.search_dates(line, languages, settings)``; without ``languages``, the
    line's language detected first by ``_Detector`` (dateparser's detection, its per-call set
    work cached) and then handed to ``search_dates``: the same dates, tested on the bench pages'
    date lines. "ru" goes through ``detect_languages_function`` because ``search_dates`` rewrites
    "с" before digits only when "ru" is among the ``languages`` it is given."""
    from dateparser.search import search_dates

    if languages:
        return search_dates(line, languages=list(languages), settings=settings) or []
    language = _Detector.language(line)
    if language is None:
        return []  # dateparser finds no language: no candidates, no dates
    if language == "ru":
        return search_dates(line, settings=settings, detect_languages_function=lambda text, confidence_threshold: ["ru"]) or []
    return search_dates(line, languages=[language], settings=settings) or []


@functools.lru_cache(maxsize=256)
def _pattern_words(locale: str) -> re.Pattern | None:
    """A regex of the whole words CLDR's full, long and medium date patterns of ``locale`` write
    between a date's parts (babel: gl "d 'de' MMMM 'de' y" -> "de"; ca "d MMMM 'del' y" -> "del");
    None when they write none or the locale is unknown."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_date_format

    try:
        known = Locale.parse((locale or "").replace("-", "_"))
        patterns = [get_date_format(length, locale=known).pattern for length in ("full", "long", "medium")]
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return None
    words = set()
    for pattern in patterns:
        for m in re.finditer(r"(?:^|(?<=\s))'([^']+)'(?=\s|$)", pattern):  # a literal standing as a word
            words.update(w for w in m[1].split() if any(ch.isalpha() for ch in w))
    if not words:
        return None
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?![^\W\d_])",
                      re.IGNORECASE)


# CLDR's primary zones (common/supplemental/metaZones.xml, <primaryZones>): the one zone CLDR names a
# country with several clocks by (babel does not ship this table). A country with several clocks
# and none here (BR, US, RU, ID, MX, AU...) gets no zone.
PRIMARY_ZONES = {
    "CL": "America/Santiago", "CN": "Asia/Shanghai", "DE": "Europe/Berlin", "EC": "America/Guayaquil",
    "ES": "Europe/Madrid", "MH": "Pacific/Majuro", "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland",
    "PT": "Europe/Lisbon", "UA": "Europe/Kiev", "UZ": "Asia/Tashkent",
}
# Countries of several clocks that CLDR names no primary zone of, and their national time: the
# clock of their capital, which is also the clock most of their people keep and the one their
# national media and laws date by (Brazil's "horário de Brasília", Russia's Moscow time, Indonesia's
# WIB, Mexico's "tiempo del centro", Canberra's = Sydney's, Kazakhstan's Astana = Almaty's). A
# zone-less time on a page of such a country is read in it, unless the page names another of the
# country's zones (``named_zone``: "horário de Manaus", "WITA", "Екатеринбург"). The US and Canada
# are left out: their pages name their zones (ET, PT), a bare time there is no one clock's.
NATIONAL_ZONES = {
    "AU": "Australia/Sydney", "BR": "America/Sao_Paulo", "ID": "Asia/Jakarta", "KZ": "Asia/Almaty",
    "MN": "Asia/Ulaanbaatar", "MX": "America/Mexico_City", "RU": "Europe/Moscow",
}
# Country-code top-level domains sold worldwide as generic names (.io, .tv, .co, .me, .ai, .fm...):
# a site under one says nothing of its country.
GENERIC_CCTLDS = frozenset(("io", "tv", "co", "me", "ai", "fm", "ly", "ws", "cc", "to", "gg", "sh", "ac", "nu", "tk",
                            "ms", "gl", "so", "vc", "sx", "im", "cx", "su", "eu"))


@functools.lru_cache(maxsize=512)
def territory_zone(territory: str) -> str:
    """The zone (IANA name) a territory's local times are read in: its one zone, or its zones when
    they keep one clock (one UTC offset on a winter day and one on a summer day of 2025:
    Argentina's twelve zones, Kenya, Morocco, the Philippines); else CLDR's primary zone of the
    territory (``PRIMARY_ZONES``: Spain -> Europe/Madrid, the Canaries left aside); else "" (Brazil,
    the US, Russia, Indonesia). ``territory``: an ISO 3166 alpha-2 code ("UK" is GB)."""
    from babel.core import get_global

    territory = {"UK": "GB"}.get(territory.upper(), territory.upper())
    names = list(get_global("territory_zones").get(territory, ()))
    if not names:
        return ""
    national = PRIMARY_ZONES.get(territory) or NATIONAL_ZONES.get(territory, "")
    return national or (names[0] if _one_clock(names) else "")


@functools.lru_cache(maxsize=64)
def _zone_names(territory: str, language: str) -> tuple:
    """(casefolded name, zone, is a qualifier stem) of the names CLDR gives the zones of a
    territory of several clocks in ``language`` and in English (babel): each zone's exemplar city
    ("Manaus", "Екатеринбург"; the zone's own city when CLDR gives none), its metazone's long names
    ("Horário do Amazonas", "Waktu Indonesia Tengah") and short ones of three letters or more
    ("WITA", "AMT"), a metazone standing for its territory's national zone when that is one of it;
    and the stems (first five letters) of a metazone name's words found in no other metazone name of
    the territory, after its first word (es "hora central" -> "centr": "hora del centro"). () for
    a territory of one clock."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    zones = list(get_global("territory_zones").get(territory, ()))
    if not zones or _one_clock(zones):
        return ()
    meta = get_global("meta_zones")
    national = PRIMARY_ZONES.get(territory) or NATIONAL_ZONES.get(territory, "")
    by_meta: dict = {}
    for zone in zones:
        if meta.get(zone):
            by_meta.setdefault(meta[zone], national if meta.get(national) == meta[zone] else zone)
    names, stems = {}, {}
    for code in dict.fromkeys((language or "en", "en")):
        heads = {}
        try:
            known = Locale.parse(code)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        for zone in zones:
            city = known.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
            names.setdefault(_plain(city), zone)
        for metazone, zone in by_meta.items():
            written = known.meta_zones.get(metazone, {})
            for width in ("long", "short"):
                for name in (written.get(width) or {}).values():
                    if width == "long" or (len(name) >= 3 and name.isupper()):
                        names.setdefault(_plain(name), zone)
            heads[metazone] = [_plain(name).split() for name in (written.get("long") or {}).values()]
        for metazone, words in heads.items():
            others = {w for other, lists in heads.items() if other != metazone for ws in lists for w in ws}
            for ws in words:
                for word in ws[1:]:
                    if len(word) >= 5 and not any(o.startswith(word[:5]) for o in others):
                        stems.setdefault((ws[0], word[:5]), by_meta[metazone])
    return tuple(sorted(((name, zone, False) for name, zone in names.items() if len(name) >= 3), key=lambda t: -len(t[0]))
                 ) + tuple((f"{head} {stem}", zone, True) for (head, stem), zone in stems.items())


def named_zone(text: str, zone: str, language: str = "") -> str:
    """The zone of ``zone``'s country that ``text`` (a date line) names, else "": a city of one of
    its zones, a metazone's CLDR name or abbreviation, or its qualifier after the name's first word
    (``_zone_names``: "(horário de Manaus)", "Waktu Indonesia Tengah", "WITA", "по местному времени,
    Екатеринбург", "hora del centro"). Only for a country of several clocks. ``language``: the
    page's (ISO 639-1); English names are read too."""
    from babel.core import get_global

    territory = get_global("zone_territories").get(zone, "") if zone else ""
    table = _zone_names(territory, (language or "").lower()) if territory else ()
    if not table:
        return ""
    words = [_plain(w).strip(".,;:()[]'\"«»") for w in (text or "").split()]
    folded = " " + " ".join(words) + " "
    for name, found, qualifier in table:
        if not qualifier:
            if f" {name} " in folded:
                return found
            continue
        head, stem = name.split()
        for i, word in enumerate(words):
            if word == head and any(w.startswith(stem) for w in words[i + 1:i + 4]):
                return found
    return ""


def _one_clock(names: list) -> bool:
    """Do the zones ``names`` (IANA) keep one clock: one UTC offset on 15 January and one on 15 July
    2025 (the same daylight-saving rule, or none)? False for an unknown zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return all(len({ZoneInfo(name).utcoffset(dt.datetime(2025, month, 15)) for name in names}) == 1
                   for month in (1, 7))
    except (ZoneInfoNotFoundError, ValueError):
        return False


def host_territory(url: str | None) -> str:
    """The territory a page's address names by its country-code top-level domain ("www.folha.com.br"
    -> "BR", "nation.co.ke" -> "KE", "bbc.co.uk" -> "GB"), "" for a generic one (.com, .org, or a
    ccTLD sold as a generic name: ``GENERIC_CCTLDS``) or no address."""
    from urllib.parse import urlsplit

    try:
        host = (urlsplit((url or "").strip()).hostname or "").rstrip(".")
    except ValueError:
        return ""
    last = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(last) != 2 or not last.isalpha() or last in GENERIC_CCTLDS:
        return ""
    return {"uk": "GB"}.get(last, last.upper())


LOCALE_POPULATION_SHARE = 1.0  # % of a territory's people speaking a language for it to count as the language's


@functools.lru_cache(maxsize=256)
def locale_zone(locale: str) -> str:
    """The time zone (IANA name) a page's declared locale puts it in, or "" when it names no one
    zone: a locale with a region ("ko-KR", "en-IN", "es-ES") gives that territory's zone
    (``territory_zone``: its one clock, else CLDR's primary zone); else CLDR's territories
    where its language is official, de facto official or spoken by at least
    ``LOCALE_POPULATION_SHARE`` % of the people: babel's territory_languages), their zones
    (territory_zones) at one UTC offset on a winter day and at one on a summer day of 2025 (they
    keep one clock: the same daylight-saving rule or none; the zone gives the offset at the
    page's own date). "ko" (Korea, North and South, UTC+9), "ja", "vi", "th", "ka", "he" (Israel),
    "sq" (Albania, Kosovo, North Macedonia, Montenegro, Serbia: CET/CEST), "cs", "lt": a zone;
    "pl" (Poland, and 1%+ of the UK's, Israel's and Ukraine's people), "es", "ca" (Spain's
    Canary Islands keep another clock), "bn" (Bangladesh and India), "en", "ar", "zh": none. The
    zone given is that of the language's likely territory (CLDR likely subtags: ko -> KR).
    Convention of the blind case sets (tests/fixtures/cases-7, -8 READMEs): a time without a zone
    on a page of a country is that country's time."""
    from babel.core import get_global

    parts = (locale or "").replace("_", "-").split("-")
    language = parts[0].lower()
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()), "")
    if not language or language in ("und", "x"):
        return ""
    if region:
        return territory_zone(region)  # "es-ES": Spain's primary zone; "pt-BR": none
    territories = [territory for territory, languages in get_global("territory_languages").items()
                   if language in languages and (
                       languages[language].get("official_status") in ("official", "de_facto_official")
                       or (languages[language].get("population_percent") or 0) >= LOCALE_POPULATION_SHARE)]
    zones = get_global("territory_zones")
    names = [zone for territory in territories for zone in zones.get(territory, ())]
    official = [territory for territory in territories
                if get_global("territory_languages")[territory][language].get("official_status") == "official"]
    if len(territories) == 1 or (len(official) == 1 and official[0] in NATIONAL_ZONES):
        return territory_zone((official or territories)[0])  # "eu": Spain's; "id": Indonesia's national time
    likely = get_global("likely_subtags").get(language, "").split("_")[-1]
    if not names or not _one_clock(names):
        return _home_zone(language, likely)
    return (zones.get(likely) or names)[0]


def _home_zone(language: str, likely: str) -> str:
    """The zone of a language's one home country, for a language whose speakers' countries keep
    several clocks (``locale_zone``'s rule gives none): its likely territory (CLDR likely subtags:
    ne -> NP, gu -> IN) when that is the one territory where the language is official nationally
    (official or de facto: Nepali in Nepal, not in India where it is official regionally; Turkmen,
    Polish, Bengali, Urdu), or, official nowhere nationally, the one where it has a regional status
    (Gujarati, Punjabi, Bashkir: India's, Russia's national clock), or, official nowhere, the one
    territory CLDR lists; else "" (Tamil: Sri Lanka and Singapore; Samoan: Samoa and American
    Samoa)."""
    from babel.core import get_global

    status = {territory: languages[language].get("official_status")
              for territory, languages in get_global("territory_languages").items() if language in languages}
    national = [t for t, s in status.items() if s in ("official", "de_facto_official")]
    regional = [t for t, s in status.items() if s == "official_regional"]
    home = national or regional or list(status)
    return territory_zone(likely) if home == [likely] else ""


# --- Times of day written with a language's day-period words ("বিকেল ৪টা", "மாலை 5 மணி", "pukul 3
# petang", "शाम 6 बजे", "บ่าย 3 โมง", "ساعت ۵ عصر", "4:30 ng hapon", "ප.ව. 3.30") -------------------
# CLDR's day periods (babel Locale.day_periods, every context and width) with their ranges
# (Locale.day_period_rules); am/pm are 0-12 and 12-24, noon 12, midnight 0.


def _skeleton(word: str) -> str:
    """``word`` casefolded without its combining marks (Unicode category M: the vowel signs of
    Brahmic scripts, Arabic harakat, accents after NFD) and dots: Bengali "বিকেল" and CLDR's
    "বিকাল" are one skeleton, as "ප.ව." and "පව"."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", word.casefold())
                   if not unicodedata.category(ch).startswith("M") and ch not in ".\u200c\u200d\u200b")


def _plain(word: str) -> str:
    """``word`` casefolded (NFC) without dots and zero-width characters: "ප.ව." -> "පව"."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFC", word.casefold()) if ch not in ".\u200c\u200d\u200b")


@functools.lru_cache(maxsize=64)
def _day_periods(language: str) -> tuple:
    """(word, ((from hour, before hour), ...)) pairs of CLDR's day periods of ``language`` (babel:
    format and stand-alone, every width; narrow ones of three letters or more), longest word
    first; () for a language babel does not know. Each word is there as written (``_plain``) and
    as its ``_skeleton`` when no other period has that skeleton. A word naming two periods (ms
    "pagi": morning1 and morning2) holds both ranges; a range across midnight is two."""
    from babel import Locale, UnknownLocaleError

    try:
        known = Locale.parse(language)
        names, rules = known.day_periods, known.day_period_rules
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return ()
    rules = rules.get(None) or rules.get("selection") or {}
    ranges: dict = {}
    skeletons: dict = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated", "narrow"):
            for period, word in (names.get(context, {}).get(width) or {}).items():
                if period == "am":
                    spans = [(0, 12)]
                elif period == "pm":
                    spans = [(12, 24)]
                else:
                    spans = []
                    for rule in rules.get(period) or ():
                        if "at" in rule:
                            hour = rule["at"] / 3600
                            spans.append((hour, hour + 1))
                        elif "from" in rule and "before" in rule:
                            start, end = rule["from"] / 3600, rule["before"] / 3600
                            spans += [(start, end)] if start < end else [(start, 24), (0, end)]
                exact, key = _plain(word), _skeleton(word)
                one_letter = period in ("am", "pm") and width == "abbreviated" and not key.isascii()  # ar "م"
                if spans and (len(key) >= 2 or one_letter) and (width != "narrow" or len(key) >= 3):
                    ranges.setdefault(exact, set()).update(spans)
                    skeletons.setdefault(key, set()).add(frozenset(spans))
    # a skeleton standing for two different periods (si "පෙ.ව." am and "ප.ව." pm are both "පව") is
    # matched only by its exact spelling
    ranges.update({key: set(next(iter(spans))) for key, spans in skeletons.items() if len(spans) == 1 and key not in ranges})
    return tuple(sorted(((key, tuple(sorted(spans))) for key, spans in ranges.items()), key=lambda kv: -len(kv[0])))


@functools.lru_cache(maxsize=128)
def _unit_words(language: str, unit: str = "duration-minute") -> tuple:
    """The first four letters of the skeletons of CLDR's names of a ``unit`` in ``language``
    (babel, long and short: bn "মিনিট", ta "நிமிடங்கள்", "நிமி."; my hour "နာရီ"), for "৪টা ৩০ মিনিটে",
    "ညနေ ၄ နာရီ"."""
    from babel.units import get_unit_name

    words = set()
    for length in ("long", "short"):
        try:
            name = get_unit_name(unit, length=length, locale=language)
        except Exception:  # noqa: BLE001 - babel's errors for a locale without units
            continue
        if name:
            words.add(_skeleton(name)[:4])
    return tuple(w for w in words if len(w) >= 2)


_HOUR_TOKEN = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?P<suffix>[^\W\d_][^\s\d,;:.]*)?[,;]?")
_NO_SPACES = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")  # Thai, Lao, Myanmar, Khmer


def _in_period(hour: int, spans: tuple) -> int:
    """The hour of a 12-hour clock reading ``hour`` (1..12) that lies in the day period ``spans``
    (hour, hour + 12; 12 is 0 or 12), else the one nearest to them (a writer's "शाम 8 बजे", 20:00,
    past CLDR's evening 16-20)."""
    choices = (hour % 12, hour % 12 + 12)

    def distance(h: int) -> float:  # hours around the clock to the nearest span
        return min(0 if start <= h < end else min((start - h) % 24, (h - end + 1) % 24) for start, end in spans)
    return min(choices, key=lambda h: (distance(h), h != hour))


def _period_at(tokens: list, i: int, table: tuple, before: bool) -> tuple:
    """(number of tokens, spans) of a day-period word of ``table`` ending at token ``i`` (before a
    time) or starting at it (after one), else (0, ())."""
    if not 0 <= i < len(tokens):
        return 0, ()
    for key, spans in table:
        parts = key.split()
        n = len(parts)
        if before:
            if i - n + 1 < 0:
                continue
            phrase = " ".join(tokens[i - n + 1:i + 1])
            for written in (_plain(phrase), _skeleton(phrase)):
                if written == key or (_NO_SPACES.search(key) and written.endswith(key)):
                    return n, spans
        else:
            phrase = " ".join(tokens[i:i + n])
            for written in (_plain(phrase).rstrip(",;"), _skeleton(phrase).rstrip(",;")):
                if written == key or (written.startswith(key) and (len(key) >= 3 or _NO_SPACES.search(key))):
                    return n, spans
    return 0, ()


# Languages whose clock starts at dawn (06:00), with the word for "hour" before the number: Swahili
# counts "saa moja" (the first hour) at 07:00 and "saa 10 jioni" at 16:00 (the Swahili time of East
# Africa: its hour n on a 12-hour clock is n + 6). CLDR has no data for it.
DAWN_CLOCK = {"sw": "saa"}
# Its hours in words ("saa tatu asubuhi" = the third hour, 09:00; "saa kumi na moja jioni" = 17:00)
# and their quarters ("na robo" :15, "na nusu" :30, "kasorobo"/"kasoro robo" a quarter before the
# hour): the numbers one to twelve of Swahili (no library of ours spells Swahili numbers).
DAWN_CLOCK_NUMBERS = {"sw": ("moja", "mbili", "tatu", "nne", "tano", "sita", "saba", "nane", "tisa", "kumi",
                             "kumi na moja", "kumi na mbili")}
DAWN_CLOCK_QUARTERS = {"sw": {"na robo": 15, "na nusu": 30, "kasorobo": -15, "kasoro robo": -15}}


def _hours_in_words(line: str, language: str) -> str:
    """``line`` with an hour of DAWN_CLOCK's language written in words after its hour word given
    in digits ("saa tatu na nusu asubuhi" -> "saa 3:30 asubuhi", "saa nne kasorobo" -> "saa 3:45"),
    for ``_day_period_times``; unchanged for another language or without one."""
    numbers, quarters = DAWN_CLOCK_NUMBERS.get(language), DAWN_CLOCK_QUARTERS.get(language, {})
    if not numbers or DAWN_CLOCK[language] not in line.casefold():
        return line
    spelled = {word: n for n, word in enumerate(numbers, start=1)}
    pattern = re.compile(
        rf"(?<!\w)({re.escape(DAWN_CLOCK[language])})\s+(" + "|".join(sorted(spelled, key=len, reverse=True)) + r")(?!\w)"
        + r"(?:\s+(" + "|".join(sorted(map(re.escape, quarters), key=len, reverse=True)) + r")(?!\w))?", re.IGNORECASE)

    def digits(m) -> str:
        hour, minutes = spelled[m[2].casefold()], quarters.get((m[3] or "").casefold(), 0)
        if minutes < 0:
            hour, minutes = (hour - 2) % 12 + 1, 60 + minutes  # a quarter before the hour
        return f"{m[1]} {hour}:{minutes:02d}"
    return pattern.sub(digits, line)


def _day_period_times(line: str, languages) -> tuple[str, int]:
    """``line`` with a time of day written with a day-period word of one of ``languages`` (CLDR,
    ``_day_periods``) rewritten as "HH:MM" on a 24-hour clock: "বিকেল 4টা" -> "16:00", "மாலை 5 மணி"
    -> "17:00 மணி", "pukul 3 petang" -> "pukul 15:00", "4:30 ng hapon" -> "16:30", "ප.ව. 3.30" ->
    "15:30"; with the number of tokens the rewriting took away (a date line's words). The hour
    (1-12, written with or without minutes, with a unit glued to it: Bengali "টা", or CLDR's hour
    word after it) must touch the period word (no other token between); its minutes may follow as a
    number and the language's CLDR minute word ("4টা 30 মিনিটে"). A line without one is returned
    as it is (and 0). ``languages``: ISO 639 codes, tried in order (the first whose words give a time).
    After DAWN_CLOCK's hour word, the hour is counted from dawn ("saa 10 jioni" -> "16:00")."""
    for language in languages:
        table = _day_periods(language) if language else ()
        if not table:
            continue
        tokens = _hours_in_words(line, language).split()
        for i, token in enumerate(tokens):
            m = _HOUR_TOKEN.fullmatch(token)
            if m is None:
                continue
            hour, minute = int(m["h"]), int(m["m"] or 0)
            if hour > 23 or minute > 59:
                continue
            end = i + 1
            if m["m"] is None and not m["suffix"] and end < len(tokens) and any(
                    _skeleton(tokens[end]).startswith(w) for w in _unit_words(language, "duration-hour")):
                end += 1  # "3 giờ chiều"
            if m["m"] is None and end + 1 < len(tokens) and re.fullmatch(r"\d{1,2}", tokens[end]) and end > i + 1 or (
                    m["suffix"] and end + 1 < len(tokens) and re.fullmatch(r"\d{1,2}", tokens[end])):
                minute_word = _skeleton(tokens[end + 1])
                if any(minute_word.startswith(w) for w in _unit_words(language)) and int(tokens[end]) < 60:
                    minute, end = int(tokens[end]), end + 2
            if (language in DAWN_CLOCK and i > 0 and tokens[i - 1].casefold() == DAWN_CLOCK[language]
                    and 1 <= hour <= 12):
                hour = (hour + 5) % 12 + 1  # "saa 10 jioni": the tenth hour after dawn, 4 in the afternoon
            n, spans = _period_at(tokens, i - 1, table, before=True)
            start = i - n
            if not n:
                n, spans = _period_at(tokens, end, table, before=False)
                start, end = i, end + n
            if not n or (m["m"] is None and not m["suffix"] and hour > 12):
                continue
            if 1 <= hour <= 12:
                hour = _in_period(hour, spans)
            spelled = len(line.split()) - len(tokens)  # "saa tatu na nusu" -> "saa 3:30": two words taken
            return " ".join(tokens[:start] + [f"{hour:02d}:{minute:02d}"] + tokens[end:]), end - start - 1 + spelled
    return line, 0


# --- Month names of CLDR in languages dateparser does not read ("15 ta' Jannar 2025", "2025 m.
# sausio 15 d.", "2025. gada 15. janvārī", "2025eko urtarrilaren 15a", "ថ្ងៃទី ១៥ ខែមករា ឆ្នាំ ២០២៥") --
MONTH_PREFIX_SLACK = 3  # letters an inflected month name may change at its end (lv "janvāris" -> "janvārī")


@functools.lru_cache(maxsize=128)
def _month_names(language: str) -> tuple:
    """(plain name, month number, exact only, short wide name) of CLDR's month names of ``language``
    (babel: format and stand-alone, wide and abbreviated; Gregorian), longest first; abbreviations
    and names of fewer than four letters are matched only whole, but a wide name of fewer than four
    letters may take up to two letters of an ending (et "mai" -> "mail")."""
    from babel import Locale, UnknownLocaleError

    try:
        months = Locale.parse(language).months
    except (UnknownLocaleError, ValueError, TypeError, AttributeError):
        return ()
    names = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in (months.get(context, {}).get(width) or {}).items():
                plain = _plain(name).strip()
                if len(plain) >= 2:
                    exact = width == "abbreviated" or len(plain) < 4
                    short = width == "wide" and len(plain) < 4  # a whole name, only short: et "mai"
                    known = names.get(plain, (number, exact, short))
                    names[plain] = (number, known[1] and exact, known[2] or short)
    return tuple(sorted(((name, number, exact, short) for name, (number, exact, short) in names.items()),
                        key=lambda t: -len(t[0])))


def _month_of(token: str, names: tuple) -> int | None:
    """The month a token names: a CLDR name whole, inflected at its end (the name's first letters
    but ``MONTH_PREFIX_SLACK`` kept: lt "sausio", lv "janvārī", eu "urtarrilaren", fi "tammikuussa"),
    or inside the token in a script written without spaces (km "ខែមករា"); None when none or two
    months fit equally."""
    word = _plain(token).strip(".,;:()'’-")
    if not word or any(ch.isdigit() for ch in word):
        return None
    best, months = 0, set()
    for name, number, exact, short in names:
        if word == name:
            score = len(name) + 100
        elif _NO_SPACES.search(name) and name in word:
            score = len(name) + 50
        elif exact:
            if not (short and word.startswith(name) and len(word) <= len(name) + 2):
                continue
            score = len(name)  # a short name inflected: et "mai" -> "mail"
        else:
            common = len(os.path.commonprefix((word, name)))
            if common < max(4, len(name) - MONTH_PREFIX_SLACK) or len(word) > len(name) + 6:
                continue
            score = common
        if score > best:
            best, months = score, {number}
        elif score == best:
            months.add(number)
    return next(iter(months)) if len(months) == 1 else None


def _month_of_words(tokens: list, i: int, names: tuple) -> tuple:
    """(month, number of tokens) of a CLDR month name of two or three words starting at token ``i``,
    its last word inflected at its end by up to ``MONTH_PREFIX_SLACK`` letters (mn "3-р сар" ->
    "3-р сарын", "гуравдугаар сар" -> "гуравдугаар сарын"), digits of the name included; (None, 1)
    when none or two months fit."""
    found = set()
    width = 1
    for name, number, _exact, _short in names:
        parts = name.split()
        if len(parts) < 2 or i + len(parts) > len(tokens):
            continue
        written = [_plain(t).strip(".,;:()'’") for t in tokens[i:i + len(parts)]]
        last = written[-1]
        if written[:-1] == parts[:-1] and last.startswith(parts[-1]) and len(last) <= len(parts[-1]) + MONTH_PREFIX_SLACK:
            found.add(number)
            width = len(parts)
    return (next(iter(found)), width) if len(found) == 1 else (None, 1)


def _cldr_month_date(line: str, languages) -> tuple | None:
    """(phrase, date) of a complete date written with a CLDR month name of one of ``languages``
    (``_month_of``), a year (4 digits, MIN_YEAR..MAX_YEAR) and a day (1..31, the number nearest
    the month name), all within five tokens; digits may be glued to words ("2025eko", "15a",
    "ទី១៥"). None without one."""
    tokens = line.split()
    for language in languages:
        names = _month_names(language) if language else ()
        if not names:
            continue
        for i, token in enumerate(tokens):
            month, width = _month_of(token, names), 1
            if month is None:
                month, width = _month_of_words(tokens, i, names)
            if month is None:
                continue
            window = [j for j in range(max(0, i - 5), min(len(tokens), i + 5 + width)) if not i <= j < i + width]
            numbers = [(j, int(m[0])) for j in window for m in re.finditer(r"(?<!\d)\d{1,4}(?!\d)", tokens[j])]
            years = [(j, n) for j, n in numbers if MIN_YEAR <= n <= MAX_YEAR and len(str(n)) == 4]
            days = [(abs(j - i), j, n) for j, n in numbers if 1 <= n <= 31 and not any(j == y and n == v for y, v in years)]
            if not years or not days:
                continue
            _, day_at, day = min(days)
            year_at, year = min(years, key=lambda y: abs(y[0] - i))
            try:
                when = dt.datetime(year, month, day)
            except ValueError:
                continue
            first, last = min(i, day_at, year_at), max(i + width - 1, day_at, year_at)
            return " ".join(tokens[first:last + 1]), when
    return None


class _Once:
    """A function of no arguments called once, its answer kept."""

    def __init__(self, function):
        self.function, self.answer, self.called = function, None, False

    def __call__(self):
        if not self.called:
            self.answer, self.called = self.function(), True
        return self.answer


def _period_languages(locale: str, page_language, table=None):
    """The languages whose day-period words a date line is read with: the page's declared one,
    else (a page without a ``lang`` babel knows) its detected one (``page_language``, called here
    only when needed)."""
    base = (locale or "").replace("_", "-").split("-")[0].lower()
    if base and base not in ("und", "x") and (table or _day_periods)(base):
        yield base
        return
    if page_language:
        code = page_language() if callable(page_language) else page_language
        if code and code != "und":
            yield code


def read_date_line(text: str, locale: str = "", page_language=None, zone: str = "",
                   _periods: bool = True) -> DateLine | None:
    """The first complete date (day, month and year) in a short visible line of a page, read with
    dateparser in the page's language (``locale``: the page's ``lang``, "pt-BR"; month names and
    digits of any script; numeric dates ordered by that locale's CLDR pattern; on a page whose
    ``lang`` dateparser does not know, ``page_language``, the language detected on the page, an
    ISO 639-1 code or a function of no arguments giving it, when the line is in its script: see
    ``_page_languages``; else dateparser guesses the line's language), with the line's
    time of day when it gives one with its zone ("14h05 GMT", "4:05 PM EST", "09:15 CEST": the
    instant in UTC). A local time without a zone is read in ``zone`` (an IANA name: the page's,
    ``locale_zone``) when one is given, else it gives the day at midnight UTC with the time kept
    as ``local`` (htmltext.date_line reads it with the offset of the page's other dates, or leaves
    the page undated: its instant is unknown). None when the line holds no complete date or is longer than
    ``MAX_DATE_LINE_CHARS``. Never raises."""
    from transforms.cldr_words import digits_to_ascii

    line = " ".join(digits_to_ascii(text or "").split())
    if not line or len(line) > MAX_DATE_LINE_CHARS:
        return None
    if callable(page_language) and not isinstance(page_language, _Once):
        page_language = _Once(page_language)  # asked by the day periods, the month names and dateparser: once
    line, calendar_words = _other_calendars(line)  # "י״ג בניסן תשפ״ד" has no digit before this
    line = " ".join(line.split())
    if not any(ch.isdigit() for ch in line):
        return None
    if _THAI_LAO.search(line) or (locale or "").lower()[:2] in ("th", "lo"):  # "12 มีนาคม 2568" (Buddhist era)
        line = _BUDDHIST_YEAR.sub(lambda m: str(int(m[1]) - BUDDHIST_ERA_OFFSET), line)
    if _periods and _HOUR_TOKEN.search(line) and any(ch.isalpha() for ch in line):
        # "১৫ জানুয়ারি ২০২৫, বিকেল ৪টা": the time with its day-period word as "16:00"; when the
        # rewritten line gives no complete date (the number was the day: "malam 3 Maret 2025"),
        # the line is read as written
        rewritten, taken = _day_period_times(line, _period_languages(locale, page_language))
        if rewritten != line:
            found = read_date_line(rewritten, locale, page_language, zone, False)
            if found is not None:
                return found._replace(words=found.words + taken)
    calendar_zone = _solar_hijri_zone(line, locale)
    # "۲۴ حوت ۱۴۰۳" becomes one token ("2025-03-14"): its other words are the date's too
    calendar_words += sum(len(m.group().split()) - 1 for m in _SOLAR_HIJRI.finditer(line))
    if zone and _TIME_AND_ZONE.search(line):  # "15h30 (horário de Manaus)" on a Brazilian page: Manaus's clock
        base = (locale or "").replace("_", "-").split("-")[0].lower()
        code = base or (page_language() if callable(page_language) else page_language) or ""
        zone = named_zone(line, zone, code) or zone
    line = " ".join(_CJK_TIME.sub(_cjk_time, _gregorian_years(line, bool(calendar_zone)).translate(_FULL_WIDTH)).split())

    clock = _TIME_AND_ZONE.search(line)
    offset = None
    named = ("", "", 0)  # a zone written in words after the time: written_zone
    zone_text = ""
    if clock is not None:
        hour, minute, second = int(clock["h"]), int(clock["m"]), int(clock["s"] or 0)
        if hour > 23 or minute > 59 or (clock["ap"] and not 1 <= hour <= 12):
            clock = None
        else:
            if clock["ap"]:
                hour = hour % 12 + (12 if clock["ap"].lower() == "p" else 0)
            offset = _zone_minutes(clock["zone"])
            if offset is None and clock["zone"] == "IST" and _indian_locale(locale, line):
                offset = 330  # on a page in an Indian language (or en-IN), IST is India's time
            after = clock.start("zone") if clock["zone"] else clock.end()
            words = _ZONE_PHRASE.search(line, after) if offset is None else None
            if words is not None and not line[after:words.start()].strip(" ()（）,-–"):
                offset = _ZONE_BY_FOLD[words.group().casefold()]  # "18:45 بتوقيت غرينتش"
            if offset is None:  # "14h05 (heure de Paris)", "10:30 Uhr MESZ": read once the date is
                zone_text = line[after:]
            clock_at = clock.start()
            line = (line[:clock.start()] + " " + line[clock.end():]).strip()  # the date is read alone
    line = _ABBREVIATION_DOT.sub(r"\1", line)  # "Dec. 31, 2023", "janv. 2023": dateparser wants "Dec 31"
    if not any(ch.isdigit() for ch in line):
        # digits only in the time of day ("Updated 17:53 GMT"): no year, so no complete date, and a
        # date phrase must hold a digit (below); dateparser's language detection is not paid for
        return None
    settings = {
        "DATE_ORDER": _date_order(locale),
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],  # never "3 hours ago": a run must not date a page by its own clock
    }
    try:
        languages = _dateparser_languages(locale) or _page_languages(line, page_language)
        found = _search_dates(line, languages, settings)
        if not any(MIN_YEAR <= when.year <= MAX_YEAR and re.search(r"\d", phrase) for phrase, when in found):
            # dateparser's locale may lack the words CLDR's patterns put in a date ("7 de outubro de
            # 2024": gl's "de"): without them, the line is read again
            words = _pattern_words(locale)
            bare = " ".join(words.sub(" ", line).split()) if words is not None else line
            if bare != line:
                found = _search_dates(bare, languages, settings)
        if not any(MIN_YEAR <= when.year <= MAX_YEAR and re.search(r"\d", phrase) for phrase, when in found):
            # month names dateparser does not know (mt, eu, lt, lv, et, is...), or inflected: CLDR's
            cldr = _cldr_month_date(line, _period_languages(locale, page_language, _month_names))
            found = [cldr] if cldr is not None else found
    except Exception:  # noqa: BLE001 - dateparser's own errors on odd input: no date
        return None
    dated = [(phrase, when) for phrase, when in found if MIN_YEAR <= when.year <= MAX_YEAR and re.search(r"\d", phrase)]
    spare = 0
    for phrase, when in dated[:1]:
        def start(written: str, after: int = 0) -> int:  # where a phrase begins (its first two words)
            return line.find(" ".join(written.split()[:2]), after)
        at = start(phrase)
        if clock is not None and at >= 0 and any(
                0 <= start(other, at + len(" ".join(phrase.split()[:2]))) < clock_at for other, _ in dated[1:]):
            # "Publicat: 7 aprilie 2025 Actualizat: 8 aprilie 2025, 10:12": the time is the other date's
            spare = len(clock.group().split())  # still words of the line's dates (date_line_share)
            clock, offset, named, zone_text = None, None, ("", "", 0), ""
        day = when.date()
        tokens = phrase.split()
        while tokens and not any(ch.isdigit() for ch in tokens[0]) and tokens[0].islower() and len(tokens[0]) <= 3:
            tokens = tokens[1:]  # "on 4 May 2025", "le 8 mars": the preposition is not the date
        words = len(tokens) + (len(clock.group().split()) if clock is not None else spare)
        if clock is not None and offset is None and any(ch.isalpha() for ch in zone_text):
            code = (locale or "").replace("_", "-").split("-")[0].lower()
            if not code or code in ("und", "x"):
                code = (page_language() if callable(page_language) else page_language) or ""
            named = written_zone(zone_text, code)
        words += sum(len(m.group().split()) for m in _ZONE_PHRASE.finditer(line)) + calendar_words + named[2]
        if clock is not None and offset is None and named[0]:
            written, variant = named[0], named[1]
            if zone and variant == "generic" and _same_metazone(zone, written):
                written = zone  # "hora del centro" on a Mexican page: Mexico City's clock, not Chicago's
            instant = _written_zone_time(day, hour, minute, second, written, variant)
            return DateLine(instant, True, bool(_SLASHED_DATE.search(phrase)), day, words)
        if clock is not None and offset is None and (calendar_zone or zone):
            from zoneinfo import ZoneInfo

            local = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=ZoneInfo(calendar_zone or zone))
            return DateLine(local.astimezone(UTC), True, bool(_SLASHED_DATE.search(phrase)), day, words)
        if clock is not None and offset is not None:
            local = dt.datetime(day.year, day.month, day.day, hour, minute, second)
            instant = (local - dt.timedelta(minutes=offset)).replace(tzinfo=UTC)
            return DateLine(instant, True, bool(_SLASHED_DATE.search(phrase)), day, words)
        return DateLine(dt.datetime(day.year, day.month, day.day, tzinfo=UTC), False,
                        bool(_SLASHED_DATE.search(phrase)), day, words,
                        local=dt.time(hour, minute, second) if clock is not None else None)
    return None


def date_line_share(text: str, locale: str = "", page_language=None) -> float:
    """The share (0..1) of the words of a short line that are its publication date, time of day
    and zone as ``read_date_line`` reads them ("Marso 3, 2025 - 7:15 PM PHT": 1.0; "نُشر في: ١٢
    مارس ٢٠٢٥ - ١٨:٤٥ بتوقيت غرينتش": 0.75; "Elections on 4 May 2025": 0.6); 0.0 without a
    complete date. Words are the line's whitespace-separated tokens holding a letter or digit.
    ``locale``, ``page_language``: as in ``read_date_line``."""
    found = read_date_line(text, locale, page_language)
    if found is None:
        return 0.0
    total = sum(1 for token in (text or "").split() if any(ch.isalnum() for ch in token))
    return min(1.0, found.words / total) if total else 0.0


# --- Zones written as names in a page's language after a time of day ("14h05 (heure de Paris)",
# "10:30 Uhr MEZ", "16:00 (বাংলাদেশ সময়)", "15:00 hora de España", "Waktu Indonesia Barat") -------
WRITTEN_ZONE_TOKENS = 6  # tokens after a time of day its zone is looked for in
_NAME_FOLD = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_NAME_EDGE = ".,;:()[]{}\"«»“”„!?-–—|/（）、，"


def _zone_token(word: str) -> str:
    return _plain(word).translate(_NAME_FOLD).strip(_NAME_EDGE)


def _name_tokens(name: str) -> tuple:
    return tuple(t for t in (_zone_token(w) for w in name.split()) if t)


@functools.lru_cache(maxsize=2)
def _metazone_zones() -> dict:
    """metazone -> the zone its times are read in: CLDR's golden zone is not in babel, so the zone
    of the metazone that is a territory's own zone (``territory_zone``: its one clock or primary
    zone), one keeping daylight saving when the metazone has a daylight name in English (Atlantic:
    Bermuda, not Puerto Rico), else any such zone; the zones of a metazone keep one standard offset."""
    from babel import Locale
    from babel.core import get_global

    territories = get_global("zone_territories")
    english = Locale.parse("en").meta_zones
    by_meta: dict = {}
    for zone, metazone in sorted(get_global("meta_zones").items()):
        by_meta.setdefault(metazone, []).append(zone)
    chosen = {}
    for metazone, zones in by_meta.items():
        daylight = bool((english.get(metazone, {}).get("long") or {}).get("daylight"))
        keeps = [z for z in zones if _keeps_daylight_saving(z) == daylight] or zones
        primary = [z for z in keeps if territory_zone(territories.get(z, "")) == z]
        chosen[metazone] = (primary or keeps)[0]
    return chosen


@functools.lru_cache(maxsize=1024)
def _keeps_daylight_saving(zone: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        info = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return any(info.dst(dt.datetime(2025, month, 15)) for month in (1, 7))


@functools.lru_cache(maxsize=64)
def _written_zone_table(language: str) -> tuple:
    """(names, cities, zone words, longest name in tokens) of CLDR's zone names in ``language`` and
    English (babel): ``names`` maps a name's tokens to (zone, variant) for the metazones' long
    names and their short ones of three letters or more (variant "generic", "standard" or
    "daylight": de "MESZ" is Central Europe's summer time), a zone's own names (en "British Summer
    Time") and the region pattern filled with each territory of one clock (es "hora de España",
    bn "বাংলাদেশ সময়", tr "Türkiye Saati"); ``cities`` maps the tokens of each zone's exemplar city
    (and the city of its IANA name) to the zone, and of each territory of one clock to its zone:
    these count only beside a zone word or in parentheses right after the time. ``zone words``:
    the words of the region patterns ("heure", "Ortszeit", "hora", "সময়", "Saati", "Time")."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    metazones = _metazone_zones()
    names: dict = {}
    cities: dict = {}
    words: set = set()
    glued: list = []  # sv "%stid": a suffix glued to the name
    for code in dict.fromkeys((language or "en", "en")):
        try:
            known = Locale.parse(code)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        region = (known.zone_formats.get("region") or "%s")
        for part in region.split("%s"):
            words.update(t for t in _name_tokens(part) if len(t) >= 3 or not t.isascii())
        for metazone, written in known.meta_zones.items():
            zone = metazones.get(metazone)
            if not zone:
                continue
            for width in ("long", "short"):
                for variant, name in (written.get(width) or {}).items():
                    if width == "short" and (len(name) < 3 or not name.isupper() or "∅" in name):
                        continue
                    key = tuple(name.split()) if width == "short" else _name_tokens(name)
                    if key:
                        names.setdefault(key, (zone, variant))
        for zone, written in known.time_zones.items():
            for width in ("long", "short"):
                for variant, name in (written.get(width) or {}).items():
                    if width == "short" and (len(name) < 3 or not name.isupper()):
                        continue
                    key = tuple(name.split()) if width == "short" else _name_tokens(name)
                    if key:
                        names.setdefault(key, (zone, variant))
        for zone in get_global("zone_territories"):
            city = (known.time_zones.get(zone) or {}).get("city")
            for name in (city, zone.rsplit("/", 1)[-1].replace("_", " ")):
                key = _name_tokens(name or "")
                if key and (len("".join(key)) >= 3 or not "".join(key).isascii()):  # ko "서울"
                    cities.setdefault(key, zone)
        for territory, name in known.territories.items():
            if not (len(territory) == 2 and territory.isalpha()):
                continue
            zone = territory_zone(territory)
            if not zone:
                continue
            key = _name_tokens(name)
            if key:
                cities.setdefault(key, zone)
                filled = _name_tokens(region.replace("%s", name))
                if filled and filled != key:
                    names.setdefault(filled, (zone, "generic"))
    longest = max((len(k) for k in (*names, *cities)), default=1)
    stems: dict = {}
    for key, zone in cities.items():
        if len(key) == 1 and len(key[0]) >= ZONE_STEM_LETTERS:
            stems.setdefault(key[0][:ZONE_STEM_LETTERS], {}).setdefault(key[0], zone)
    return names, cities, frozenset(words), longest, stems


ZONE_STEM_LETTERS = 4  # a place's name inflected or made an adjective beside a zone word ("czas polski",
# "ora italiana", "Nederlandse tijd", "heure parisienne"): its first letters but up to three, at least four
_SHORT_LINK_WORD = 3  # "heure de Paris", "ora di Roma": a word of at most this many letters between


def _beside_zone_word(tokens: list, start: int, end: int, words: frozenset) -> bool:
    """Does a zone word stand next to tokens[start:end] (or one short word away: "heure de Paris"),
    as written or inflected at its end (uk "за київським часом")?"""
    def zone_word(token: str) -> bool:  # inflected at its end, or with a proclitic (ar "بتوقيت")
        return any((token.startswith(w) and len(token) <= len(w) + MONTH_PREFIX_SLACK)
                   or (token.endswith(w) and len(token) <= len(w) + 2 and not token.isascii())
                   for w in words if len(w) >= 3)
    for i in (start - 1, end):
        if 0 <= i < len(tokens) and (tokens[i] in words or zone_word(tokens[i])):
            return True
    for i, between in ((start - 2, start - 1), (end + 1, end)):  # "heure de Paris": as written only
        if 0 <= i < len(tokens) and tokens[i] in words and len(tokens[between]) <= _SHORT_LINK_WORD:
            return True
    return False


def written_zone(after: str, language: str = "") -> tuple:
    """(zone, variant, tokens taken) of a zone written in words in ``after``, the text right after
    a time of day, in CLDR's names of ``language`` (ISO 639-1) or English (``_written_zone_table``):
    a metazone name or abbreviation ("MEZ", "MESZ", "heure d'Europe centrale", "Waktu Indonesia
    Barat"), the region pattern with a territory of one clock ("hora de España", "বাংলাদেশ সময়"),
    or a city or territory of one clock next to a zone word ("heure de Paris") or in parentheses
    right after the time ("(Paris)"); a city elsewhere in the line is a place, not a zone ("14h05,
    à Paris"). Looked for in the first ``WRITTEN_ZONE_TOKENS`` tokens, before any digit (the next
    date). ("", "", 0) without one. ``variant``: "standard"/"daylight" for a name of that variant
    (its offset then), else "generic" (the zone's clock on that day)."""
    raw = (after or "").translate(_FULL_WIDTH).split()[:WRITTEN_ZONE_TOKENS]
    cut = next((i for i, w in enumerate(raw) if any(ch.isdigit() for ch in w)), len(raw))
    raw = raw[:cut]
    if not raw:
        return "", "", 0
    names, cities, words, longest, stems = _written_zone_table((language or "").lower())
    tokens = [_zone_token(w) for w in raw]
    bare = [w.strip(_NAME_EDGE) for w in raw]
    opened = raw[0].startswith("(")
    closing = next((i for i, w in enumerate(raw) if ")" in w), None)
    for start in range(len(tokens)):
        for end in range(min(len(tokens), start + longest), start, -1):
            key = tuple(tokens[start:end])
            zone = cities.get(key)  # a place's name ("Москва", ru's name of Moscow time too) by the city rule
            found = None if zone else (names.get(tuple(bare[start:end])) or names.get(key))
            if found is not None:
                return found[0], found[1], end
            if zone and (_beside_zone_word(tokens, start, end, words)
                         or (opened and closing is not None and end - 1 <= closing)):
                return zone, "generic", end
    for i, token in enumerate(tokens):
        for name, zone in (stems.get(token[:ZONE_STEM_LETTERS]) or {}).items():
            common = len(os.path.commonprefix((token, name)))
            if (common >= len(name) - 3 and len(token) <= len(name) + 6 and token not in words
                    and _beside_zone_word(tokens, i, i + 1, words)):
                return zone, "generic", i + 1
    if _NO_SPACES.search(after) or re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", after):
        joined = "".join(tokens)
        for key, found in names.items():
            name = "".join(key)
            if len(name) >= 3 and not name.isascii() and name in joined:
                return found[0], found[1], 1
    return "", "", 0


def _same_metazone(zone: str, other: str) -> bool:
    from babel.core import get_global

    meta = get_global("meta_zones")
    return bool(meta.get(zone)) and meta.get(zone) == meta.get(other)


def _written_zone_time(day: dt.date, hour: int, minute: int, second: int, zone: str, variant: str) -> dt.datetime:
    """The UTC instant of a local time read in ``zone``: its clock that day for a generic name, its
    standard offset for a standard name, standard plus its daylight saving for a daylight one."""
    from zoneinfo import ZoneInfo

    info = ZoneInfo(zone)
    local = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=info)
    if variant not in ("standard", "daylight"):
        return local.astimezone(UTC)
    standard = local.utcoffset() - (local.dst() or dt.timedelta(0))
    if variant == "daylight":
        saving = max((info.dst(dt.datetime(day.year, month, 15)) or dt.timedelta(0) for month in (1, 7)),
                     default=dt.timedelta(0)) or dt.timedelta(hours=1)
        standard += saving
    return (local.replace(tzinfo=None) - standard).replace(tzinfo=UTC)
