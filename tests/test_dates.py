"""transforms/dates.py: the one date parser (write, dedup, feeds, JSONL and HTML dates)."""

import datetime as dt

import pytest

from transforms.dates import iso_utc, parse_date
from transforms.dedup import normalize_published, rank_key
from transforms.write import parse_published

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2023-03-09T01:30:00+09:00", "2023-03-08T16:30:00Z"),  # meta article:published_time
        ("2023-03-09T01:30:00+0900", "2023-03-08T16:30:00Z"),  # htmldate's %z
        ("2021-07-27 10:30 GMT", "2021-07-27T10:30:00Z"),  # issue 17: dated in output, undated in dedup
        ("2021-07-27T10:30:00 CEST", "2021-07-27T08:30:00Z"),
        ("2021-07-27", "2021-07-27T00:00:00Z"),
        ("2021-07-27T10:30:00.250Z", "2021-07-27T10:30:00.250000Z"),
        ("2016/6/29 15:07:41", "2016-06-29T15:07:41Z"),  # feedparser made this 2016-11-01
        ("2016-06-29 15:07:41 +0800", "2016-06-29T07:07:41Z"),
        ("Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"),  # no space after the comma
        ("Fri, 24 Nov 2023 18:28:36 +0100", "2023-11-24T17:28:36Z"),
        ("Fri, 24 Nov 2023 18:28:36 EST", "2023-11-24T23:28:36Z"),
        ("Fri, 24 Nov 2023 18:28:36 CET", "2023-11-24T17:28:36Z"),  # not in RFC 822's table
        ("Wed, 02 Oct 2002 08:00:00 PDT", "2002-10-02T15:00:00Z"),
        ("24 Nov 2023 18:28 GMT", "2023-11-24T18:28:00Z"),
        ("June 29, 2016 3:07 PM EST", "2016-06-29T20:07:00Z"),
        ("Monday, July 26, 2021", "2021-07-26T00:00:00Z"),
        ("29.06.2016 15:07", "2016-06-29T15:07:00Z"),
        ("13/06/2016", "2016-06-13T00:00:00Z"),
        ("06/13/2016", "2016-06-13T00:00:00Z"),
        ("26 juillet 2021", "2021-07-26T00:00:00Z"),
        ("Montag, 26. Juli 2021 um 10:30 Uhr", "2021-07-26T10:30:00Z"),
        ("26 de julio de 2021", "2021-07-26T00:00:00Z"),
        ("1700000000", "2023-11-14T22:13:20Z"),
    ],
)
def test_forms_from_the_wild_parse_to_the_same_utc_instant(value, expected):
    assert iso_utc(value) == expected
    assert parse_date(value).reason == ""


@pytest.mark.parametrize(
    "value,reason",
    [
        ("last tuesday", "unparseable"),
        ("June 2016", "incomplete"),  # never completed from today's date
        ("3 mars", "incomplete"),
        ("2024", "incomplete"),
        ("05/06/2016", "ambiguous"),  # May 6 or June 5
        ("Tue, 10 Jun 2003 04:00:00 XYZ", "unknown_zone"),  # never off by hours
        ("Tue, 10 Jun 2003 04:00:00 IST", "unknown_zone"),  # India, Ireland or Israel
        ("1066-10-14", "out_of_range"),
        ("2021-02-30", "unparseable"),
    ],
)
def test_undatable_values_are_left_null_with_a_reason(value, reason):
    assert parse_date(value) == (None, reason)
    assert iso_utc(value) == "" and parse_published(value) is None


def test_empty_is_undated_without_a_reason():
    assert parse_date("") == (None, "") and parse_date(None) == (None, "") and parse_date("  ") == (None, "")


@pytest.mark.parametrize(
    "value",
    ["2021-07-27 10:30 GMT", "Fri,24 Nov 2023 18:28:36 -0000", "2016/6/29 15:07:41", "2023-03-09T01:30:00+09:00",
     "last tuesday", "June 2016", ""],
)
def test_write_and_dedup_agree_on_every_value(value):
    """The bug of issue 17: write dated "2021-07-27 10:30 GMT", dedup's survivor choice did not."""
    written = parse_published(value)
    ranked = normalize_published(value)
    assert (written is None) == (ranked == "")
    if written is not None:
        assert written.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S") == ranked


def test_survivor_order_uses_the_instant_not_the_wall_clock():
    tokyo = rank_key("a", "2023-03-09T01:30:00+09:00", 100)  # 2023-03-08 16:30 UTC
    london = rank_key("b", "2023-03-08 17:00 GMT", 100)
    assert tokyo < london


# ---- publication lines in the page's own words (read_date_line, checked_against_date_line) ----

import datetime as _dt

import pytest as _pytest

from transforms.dates import read_date_line


@_pytest.mark.parametrize("line, locale, expected, zoned", [
    ("Yayınlanma: 14 Mart 2023 Salı, 09:30 GMT", "tr", (2023, 3, 14, 9, 30), True),
    ("Publicado el 8 de marzo de 2023, 14:05 UTC", "es", (2023, 3, 8, 14, 5), True),
    ("2023년 3월 8일 오후", "ko", (2023, 3, 8, 0, 0), False),
    ("प्रकाशित: १२ मार्च २०२३", "hi", (2023, 3, 12, 0, 0), False),  # Devanagari digits
    ("منتشر شده: ۲۰ فروردین ۱۴۰۲ - ۹ آوریل ۲۰۲۳", "fa", (2023, 4, 9, 0, 0), False),  # Gregorian half read
    ("Opublikowano: 5 kwietnia 2023, 10:15", "pl", (2023, 4, 5, 0, 0), False),  # local time, no zone: the day
    ("Posted 07/04/2023", "en-US", (2023, 7, 4, 0, 0), False),  # CLDR en-US: month first
    ("Posted 07/04/2023", "en-GB", (2023, 4, 7, 0, 0), False),  # CLDR en-GB: day first
    ("Publicado em 07/04/2023", "pt-BR", (2023, 4, 7, 0, 0), False),
    ("Posted 07/04/2023", "", (2023, 4, 7, 0, 0), False),  # no declared locale: day first
])
def test_a_publication_line_is_read_in_the_pages_language(line, locale, expected, zoned):
    found = read_date_line(line, locale)
    assert found is not None
    assert found.when == _dt.datetime(*expected, tzinfo=_dt.timezone.utc)
    assert found.zoned_time is zoned


@_pytest.mark.parametrize("line", ["Posted 3 hours ago", "vor 2 Stunden", "Mise à jour hier à 10h30", "März 2023",
                                   "10:55", "Teilen", ""])
def test_relative_partial_or_dateless_lines_give_no_date(line):
    assert read_date_line(line, "de") is None


def _page(date_block: str, lang: str = "en", footer: str = "") -> str:
    body = " ".join(["The council approved the new budget after a long debate about school funding."] * 6)
    return (f'<html lang="{lang}"><head><title>Budget approved</title></head><body><article>'
            f"<h1>Budget approved</h1>{date_block}<p>{body}</p></article><footer>{footer}</footer></body></html>")


def test_the_page_date_line_fixes_htmldate_where_it_guesses():
    from transforms.htmltext import extract_html

    # a time with its zone on the publication line: the instant, not midnight of the day
    es = extract_html(_page('<p class="fecha">Publicado el 8 de marzo de 2023, 14:05 GMT</p>', "es"), "", {})
    assert parse_published(es.published) == _dt.datetime(2023, 3, 8, 14, 5, tzinfo=_dt.timezone.utc)
    # Arabic-Indic digits, which htmldate does not read
    ar = extract_html(_page('<span class="date">نشر بتاريخ ١٥ مايو ٢٠٢٢</span>', "ar"), "", {})
    assert parse_published(ar.published) == _dt.datetime(2022, 5, 15, tzinfo=_dt.timezone.utc)
    # htmldate's year fallback (1 January) replaced by the line's full date
    zh = extract_html(_page('<div class="time">2022年11月3日</div>', "zh"), "", {})
    assert parse_published(zh.published) == _dt.datetime(2022, 11, 3, tzinfo=_dt.timezone.utc)
    # month-first where the page says en-US, day-first for en-GB
    us = extract_html(_page('<span class="dateline">Published 05/02/2023</span>', "en-US"), "", {})
    gb = extract_html(_page('<span class="dateline">Published 05/02/2023</span>', "en-GB"), "", {})
    assert parse_published(us.published).date() == _dt.date(2023, 5, 2)
    assert parse_published(gb.published).date() == _dt.date(2023, 2, 5)


def test_a_copyright_year_alone_is_not_a_publication_date():
    from transforms.htmltext import extract_html

    page = _page("", "nl", footer="<p>© 2021 Dagblad Noord. Alle rechten voorbehouden.</p>")
    assert parse_published(extract_html(page, "", {}).published) is None
    # a real publication line beside the copyright footer still dates the page
    dated = _page('<time class="published">3 februari 2021</time>', "nl",
                  footer="<p>© 2021 Dagblad Noord. Alle rechten voorbehouden.</p>")
    assert parse_published(extract_html(dated, "", {}).published) == _dt.datetime(2021, 2, 3, tzinfo=_dt.timezone.utc)


@_pytest.mark.parametrize("line, locale, instant, written", [
    ("Published 11:30 p.m. PST, Dec. 31, 2023", "en", (2024, 1, 1, 7, 30), (2023, 12, 31)),  # next UTC day
    ("Publicado 9:45 PM (UTC-3) 28 de febrero de 2024", "es", (2024, 2, 29, 0, 45), (2024, 2, 28)),
    ("Veröffentlicht am 14.05.2024 um 09:15 MESZ", "de", (2024, 5, 14, 7, 15), (2024, 5, 14)),
    ("Опубликовано 5 нояб. 2021 г., 18:40 MSK", "ru", (2021, 11, 5, 15, 40), (2021, 11, 5)),
    # a zone written in words after the time (Greenwich, Moscow, Beijing, Türkiye time)
    ("Опубликовано 12 марта 2025, 18:45 по Гринвичу", "ru", (2025, 3, 12, 18, 45), (2025, 3, 12)),
    ("发布时间：2025年3月12日 18:45（北京时间）", "zh", (2025, 3, 12, 10, 45), (2025, 3, 12)),
    ("12 Mart 2025 18:45 TSİ", "tr", (2025, 3, 12, 15, 45), (2025, 3, 12)),
    ("12 марта 2025, 18:45 по московскому времени", "ru", (2025, 3, 12, 15, 45), (2025, 3, 12)),
])
def test_a_time_with_its_zone_in_any_order_gives_the_instant(line, locale, instant, written):
    found = read_date_line(line, locale)
    assert found is not None and found.zoned_time
    assert found.when == _dt.datetime(*instant, tzinfo=_dt.timezone.utc)
    assert found.written == _dt.date(*written)


def test_a_unix_time_in_a_date_attribute_dates_a_relative_line():
    from transforms.htmltext import extract_html

    page = _page('<span class="published-ago" data-published="1651406400000">vor 5 Stunden</span>', "de")
    assert parse_published(extract_html(page, "", {}).published) == _dt.datetime(2022, 5, 1, 12, tzinfo=_dt.timezone.utc)


@_pytest.mark.parametrize("line, locale, day", [
    ("ວັນທີ 12 ມີນາ 2568", "lo", (2025, 3, 12)),  # Lao, Buddhist era
    ("12 มีนาคม 2568", "", (2025, 3, 12)),  # Thai script without a declared lang
    ("12 มีนาคม 2025", "th", (2025, 3, 12)),  # Thai with a Common Era year: unchanged
])
def test_buddhist_era_years_are_read_as_common_era(line, locale, day):
    found = read_date_line(line, locale)
    assert found is not None and found.written == _dt.date(*day)


def test_a_date_line_under_the_headline_with_a_class_in_another_language_dates_the_page():
    from transforms.htmltext import extract_html

    # "ngày" is Vietnamese for date: no date-named class, the line right under the <h1> is read
    vi = extract_html(_page('<p class="ngay">Thứ Tư, 12 tháng 3 năm 2025 - 18:45 (GMT+7)</p>', "vi"), "", {})
    assert parse_published(vi.published) == _dt.datetime(2025, 3, 12, 11, 45, tzinfo=_dt.timezone.utc)
    # htmldate reads the local "7:15 PM" of a zoned line: the line's zone gives the instant
    ms = extract_html(_page('<p class="tarikh">12 Mac 2025, 7:15 PM SGT</p>', "ms"), "", {})
    assert parse_published(ms.published) == _dt.datetime(2025, 3, 12, 11, 15, tzinfo=_dt.timezone.utc)
    # a slashed date under the headline is not read (its order would rest on the declared lang alone):
    # htmldate's own reading stays (day first), not the en-US month-first order
    slashed = extract_html(_page('<p class="x">08/12/2011 17:30</p>', "en-US"), "", {})
    assert parse_published(slashed.published) == _dt.datetime(2011, 12, 8, tzinfo=_dt.timezone.utc)


def test_a_date_line_in_the_pages_own_words_leaves_the_text():
    from tests.test_clean import BODIES, LEXICON
    from transforms.clean import clean_text
    from transforms.dates import date_line_share

    for line, lang in (("Jumat, 7 Februari 2025 14:05 WIB", "id"), ("ΔΗΜΟΣΙΕΥΘΗΚΕ: Παρασκευή 13 Ιανουαρίου 2012", "el"),
                       ("วันพุธที่ 12 มีนาคม 2568", "th")):
        result = clean_text("\n".join([line] + BODIES["en"]), LEXICON, language=lang)
        assert line not in result.text and result.text.startswith(BODIES["en"][0][:40]), line
    # a headline that mentions a date is no date line
    assert date_line_share("Elections on 4 May 2025", "en") < 0.75


# Lines of pages without a ``lang`` dateparser knows: dateparser detects the line's language over
# all its locales; read_date_line does that detection with its per-call character-set work done
# once (dates._Detector). The dates must be the ones dateparser's own search_dates gives.
_UNDECLARED_LINES = [
    "Dodano: 31 grudnia 2011, 11:00 Autor: Karina Bonowicz",
    "NEWSru.com // Новости России // Среда, 4 января 2012 г.",
    "Опубликовано с 12 марта 2024 г.",  # "с" before digits: rewritten by dateparser only for "ru"
    "Agencies : Washington, Thu Jan 12 2012, 16:21 hrs",
    "Publié le 8 mars 2023",
    "2024年1月15日 公開",
    "2024年3月2日 更新しました",  # kana: dateparser leaves the Chinese locales out
    "30.12.2011 , ostatnia aktualizacja 30.12.2011",
    "Select a date range this week past 30 days past 3 months past year",
    "veröffentlicht am 3. Februar 2022",
]


@_pytest.mark.parametrize("line", _UNDECLARED_LINES)
def test_a_line_without_a_page_language_gets_dateparsers_own_dates(line):
    from dateparser.search import search_dates

    from transforms import dates

    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time"]}
    assert dates._search_dates(line, None, settings) == (search_dates(line, settings=settings) or [])
    assert dates._search_dates(line, None, settings) == dates._search_dates(line, None, settings)  # cached sets: same again


# A page without a ``lang`` dateparser knows: its date lines are read in the language detected on
# the page (and English), as a declared one's, when the line is in that language's script; a line
# in another script is left to dateparser's detection over all its locales.
@_pytest.mark.parametrize("line, language", [
    ("Dodano: 31 grudnia 2011, 11:00 Autor: Karina Bonowicz", "pl"),
    ("Publié le 8 mars 2023 à 14h05", "fr"),
    ("veröffentlicht am 3. Februar 2022", "de"),
    ("NEWSru.com // Новости России // Среда, 4 января 2012 г.", "ru"),
    ("Agencies : Washington, Thu Jan 12 2012, 16:21 hrs", "en"),
    ("2024年1月15日 公開", "ja"),
])
def test_a_line_of_an_undeclared_page_is_read_in_the_detected_language(line, language):
    asked = []

    def detected():
        asked.append(1)
        return language

    found = read_date_line(line, "", detected)
    assert found is not None and asked == [1]
    assert found == read_date_line(line, language)  # as if the page declared it
    assert found == read_date_line(line, "")  # and what dateparser's own detection reads there


def test_a_declared_language_or_a_line_in_another_script_asks_or_uses_no_detected_language():
    from transforms import dates

    def never():
        raise AssertionError("a page with a known lang needs no detection")

    assert read_date_line("Publié le 8 mars 2023", "fr", never) == read_date_line("Publié le 8 mars 2023", "fr")
    assert read_date_line("12:30", "", never) is None  # no date to search: nothing detected
    # a Cyrillic line on a page detected as English: dateparser's detection over all locales
    line = "Опубликовано 12 марта 2024 г."
    assert dates._page_languages(line, "en") is None and dates._page_languages(line, "ru") == ("ru", "en")
    assert read_date_line(line, "", "en").written == _dt.date(2024, 3, 12)
    assert dates._page_languages("Dodano: 31 grudnia 2011", "und") is None  # nothing detected: all locales


def test_an_undeclared_page_is_dated_by_a_line_in_its_detected_language():
    from trafilatura.utils import load_html

    from transforms.htmltext import date_line, detected_page_language, extract_html

    paragraphs = [
        "Rada miasta przyjęła w czwartek budżet na przyszły rok po trwającej kilka godzin debacie radnych.",
        "Najwięcej pieniędzy trafi na remonty szkół, budowę nowych dróg rowerowych i komunikację miejską.",
        "Opozycja zarzuciła prezydentowi miasta, że wydatki na inwestycje są zbyt niskie w stosunku do potrzeb.",
        "Skarbnik miasta tłumaczył, że dochody z podatków wzrosną w przyszłym roku wolniej niż zakładano.",
    ]
    body = "".join(f"<p>{line}</p>" for line in paragraphs)
    html = ("<html><head><meta charset='utf-8'><title>Rada przyjęła budżet</title></head><body><article>"
            "<h1>Rada przyjęła budżet</h1><div class='date'>Dodano: 31 grudnia 2011, 11:00</div>"
            f"{body}</article></body></html>")
    tree = load_html(html)
    assert detected_page_language(tree)() == "pl"
    assert date_line(tree).written == _dt.date(2011, 12, 31)
    assert extract_html(html, "").published.startswith("2011-12-31")


@_pytest.mark.parametrize("line, locale, instant, written", [
    # Japanese era years (令和 Reiwa, 平成 Heisei) and times of day in CJK words
    ("令和7年11月3日 午後4時05分 JST", "ja", (2025, 11, 3, 7, 5), (2025, 11, 3)),
    ("掲載日：令和7年11月3日（月）16:05 JST", "ja", (2025, 11, 3, 7, 5), (2025, 11, 3)),
    ("2025년 11월 3일 오후 4시 5분 KST", "ko", (2025, 11, 3, 7, 5), (2025, 11, 3)),
    # Brasília time in words (UTC-3, no daylight saving since 2019)
    ("Publicado em 03/11/2025 às 16h05 (horário de Brasília)", "pt-BR", (2025, 11, 3, 19, 5), (2025, 11, 3)),
    ("03/11/2025 16h05 - hora de Brasília", "pt-BR", (2025, 11, 3, 19, 5), (2025, 11, 3)),
])
def test_era_years_cjk_times_and_brasilia_time(line, locale, instant, written):
    found = read_date_line(line, locale)
    assert found is not None and found.zoned_time, found
    assert found.when == _dt.datetime(*instant, tzinfo=_dt.timezone.utc)
    assert found.written == _dt.date(*written)


@_pytest.mark.parametrize("line, locale, day", [
    ("平成元年1月8日", "ja", (1989, 1, 8)),  # 元年: the era's first year
    ("۱۲ آبان ۱۴۰۴ - ۰۹:۳۰", "fa", (2025, 11, 3)),  # Solar Hijri, Persian digits
    ("دوشنبه ۱۲ آبان ۱۴۰۴", "fa", (2025, 11, 3)),
    ("۱ فروردین ۱۴۰۳", "fa", (2024, 3, 20)),  # Nowruz
    ("۱۴ عقرب ۱۴۰۴", "ps", (2025, 11, 5)),  # the Afghan month names
])
def test_era_and_solar_hijri_years_are_read_as_gregorian(line, locale, day):
    found = read_date_line(line, locale)
    assert found is not None and found.written == _dt.date(*day), found


def _dated_page(lang: str, lines: str, head: str = "") -> str:
    from tests.test_clean import BODIES

    body = "".join(f"<p>{line}</p>" for line in BODIES["en"])
    return (f"<html lang='{lang}'><head><meta charset='utf-8'><title>Council passes the budget</title>{head}</head>"
            f"<body><article><h1>Council passes the budget</h1>{lines}{body}</article></body></html>")


def test_an_update_line_never_dates_the_page():
    from transforms.htmltext import extract_html

    # the update line comes first: the publication line after it dates the page
    # (GMT: an "IST" of an en page without a region is India's, Ireland's or Israel's, an unknown instant)
    both = _dated_page("en", "<div class='date'>Last updated: 4 November 2025, 18:40 GMT</div>"
                             "<div class='date'>Published: 3 November 2025, 09:15 GMT</div>")
    assert parse_published(extract_html(both, "", {}).published) == _dt.datetime(2025, 11, 3, 9, 15, tzinfo=_dt.timezone.utc)
    pl = _dated_page("pl", "<p class='data'>Zaktualizowano: 4 listopada 2025</p><p class='data'>Opublikowano: 3 listopada 2025</p>")
    assert parse_published(extract_html(pl, "", {}).published).date() == _dt.date(2025, 11, 3)


@_pytest.mark.parametrize("lines, head", [
    ("<p class='date'>Mis à jour le 4 novembre 2025 à 18h40</p>", ""),
    ("", "<meta property='article:modified_time' content='2025-11-04T18:40:00+01:00'>"),
    ("<p class='meta'>Обновлено 4 ноября 2025</p>",
     "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"dateModified\": \"2025-11-04T18:40:00+03:00\"}</script>"),
])
def test_a_page_that_gives_only_its_modified_date_has_no_publication_date(lines, head):
    from transforms.htmltext import extract_html

    lang = "ru" if "Обновлено" in lines else "fr"
    assert extract_html(_dated_page(lang, lines, head), "", {}).published in ("", None)


def test_a_modified_date_beside_a_publication_one_leaves_it():
    from transforms.htmltext import extract_html

    head = ("<meta property='article:modified_time' content='2025-11-04T18:40:00+01:00'>"
            "<meta property='article:published_time' content='2025-11-04T08:00:00+01:00'>")
    assert parse_published(extract_html(_dated_page("fr", "", head), "", {}).published) == _dt.datetime(
        2025, 11, 4, 7, tzinfo=_dt.timezone.utc)
    dated = _dated_page("fr", "<p class='date'>Publié le 3 novembre 2025</p>",
                        "<meta property='article:modified_time' content='2025-11-04T18:40:00+01:00'>")
    assert parse_published(extract_html(dated, "", {}).published).date() == _dt.date(2025, 11, 3)


@_pytest.mark.parametrize("lang, line, instant", [
    # one date element holding the update and then the publication: the publication part dates the page
    ("bn", "<p class='date'><span>আপডেট: ৫ নভেম্বর ২০২৫, ১০:০০ AM IST</span> <span>প্রকাশিত: ৪ নভেম্বর ২০২৫, ০৯:০৫ PM IST</span></p>",
     (2025, 11, 4, 15, 35)),
    ("en-IN", "<div class='story-date'>Last Updated: Nov 5, 2025 10:00 AM IST | Published: Nov 4, 2025 09:05 PM IST</div>",
     (2025, 11, 4, 15, 35)),
])
def test_a_line_with_update_and_publication_labels_gives_the_publication(lang, line, instant):
    from transforms.htmltext import extract_html

    found = extract_html(_dated_page(lang, line), "", {})
    assert parse_published(found.published) == _dt.datetime(*instant, tzinfo=_dt.timezone.utc)


def test_ist_is_indias_time_only_on_an_indian_page():
    assert read_date_line("4 November 2025, 9:05 PM IST", "en-IN").when == _dt.datetime(2025, 11, 4, 15, 35, tzinfo=_dt.timezone.utc)
    assert not read_date_line("4 November 2025, 9:05 PM IST", "en-GB").zoned_time  # Irish? Israeli? left unzoned


@_pytest.mark.parametrize("line, locale", [
    ("Updated 17:53 GMT", ""), ("Aktualisiert um 09:15 Uhr", "de"), ("Publié à 14h05", ""), ("21:55", ""),
    ("Actualizado a las 7:15 p.m. EST", "es"),
])
def test_a_line_with_only_a_time_of_day_gives_no_date(line, locale):
    assert read_date_line(line, locale) is None  # no year: never a complete date


def test_a_time_of_day_beside_a_date_in_words_still_dates_the_line():
    found = read_date_line("Aktualisiert 17:53 Uhr, 4. Mai 2025", "")
    assert found is not None and found.written == _dt.date(2025, 5, 4)


def test_solar_hijri_dates_with_a_time_are_read_in_their_country_zone():
    from transforms.dates import read_date_line

    assert read_date_line("۱۵ اسفند ۱۴۰۳ - ۱۴:۳۰", "fa").when.isoformat() == "2025-03-05T11:00:00+00:00"  # Tehran +3:30
    assert read_date_line("۱۵ حوت ۱۴۰۳ - ۱۴:۳۰", "fa").when.isoformat() == "2025-03-05T10:00:00+00:00"  # Afghan months: Kabul +4:30
    assert read_date_line("۱۴۰۳/۱۲/۱۵ - ۱۴:۳۰", "fa").when.isoformat() == "2025-03-05T11:00:00+00:00"
    assert read_date_line("1446/09/05 14:30", "ar") is None  # an Arabic page's 14xx year is a lunar one
