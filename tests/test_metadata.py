"""HTML metadata and characters: dates with time and offset, no dates from code or settings,
zero-width (non-)joiners kept (issue 14 items 4 and 7). Real trafilatura on small real-shaped pages."""

import pytest

from tests.conftest import FIXTURES
from transforms.dates import iso_utc
from transforms.htmltext import extract_html, paragraphs_of_plain_text
from transforms.textnorm import words

OPTIONS = {"favor_precision": True, "no_fallback": True, "include_tables": True}
BODY = (
    "<p>The city council approved the new budget on Tuesday after a long debate about the cost of "
    "public transport, schools and the renovation of the old harbour district.</p>"
    "<p>Opposition members said the plan relied on optimistic tax forecasts and asked for a review "
    "before the end of the year.</p>"
)


def _page(head: str = "", body_extra: str = "", title: str = "Council approves budget") -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body>{body_extra}"
            f"<article><h1>{title}</h1>{BODY}</article></body></html>")


def test_published_keeps_time_and_offset():
    """tests/fixtures/cases/09_published_tz.html: every HTML date used to become midnight."""
    html = (FIXTURES / "cases" / "09_published_tz.html").read_text("utf-8")
    found = extract_html(html, "", OPTIONS)
    assert iso_utc(found.published) == "2023-03-08T16:30:00Z"


@pytest.mark.parametrize(
    "head,expected",
    [
        ('<meta property="article:published_time" content="2021-07-27T10:30:00Z">', "2021-07-27T10:30:00Z"),
        ('<meta name="date" content="2022-11-05T08:15:00-05:00">', "2022-11-05T13:15:00Z"),
        ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-02-03T21:00:00+01:00"}'
         "</script>", "2020-02-03T20:00:00Z"),
    ],
)
def test_metadata_dates_in_utc(head, expected):
    assert iso_utc(extract_html(_page(head), "", OPTIONS).published) == expected


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="og:published_time" content="2023-03-09 01:30:00 +09:00">',
        '<meta property="article:published_time" content="2023-03-09T01:30:00.000+09:00">'
        '<meta property="article:modified_time" content="2023-03-10T05:00:00+09:00">',  # never the modified one
        '<meta name="sailthru.date" content="Thu, 09 Mar 2023 01:30:00 +0900">',
        '<meta itemprop="datePublished" content="2023-03-09T01:30:00+09:00">',
        '<meta name="pubdate" content="2023-03-08T11:30:00-05:00">',
    ],
)
def test_published_time_and_offset_in_the_forms_pages_write(head):
    assert iso_utc(extract_html(_page(head), "", OPTIONS).published) == "2023-03-08T16:30:00Z"


def test_metadata_date_beats_a_date_in_the_url():
    head = '<meta property="article:published_time" content="2023-03-09T01:30:00+09:00">'
    found = extract_html(_page(head), "https://news.example/2023/03/09/budget", OPTIONS)
    assert iso_utc(found.published) == "2023-03-08T16:30:00Z"


def test_no_date_from_scripts_cookie_settings_or_json_config():
    extra = (
        '<script>window.cfg = {"cookieExpires": "2024-01-01", "build": "2022-05-06T10:00:00Z"};</script>'
        '<script type="application/json">{"consentDate": "2021-02-03"}</script>'
        '<div id="cookie-consent">Your choice was saved on 2021-02-03. Cookies expire 2025-12-31.</div>'
        "<noscript>Last updated 2019-09-09</noscript>"
    )
    assert extract_html(_page(body_extra=extra), "", OPTIONS).published == ""


def test_persian_zero_width_non_joiner_survives_html_extraction():
    """tests/fixtures/cases/04_fa_zwnj.html: trafilatura dropped U+200C (str.isprintable is False)."""
    html = (FIXTURES / "cases" / "04_fa_zwnj.html").read_text("utf-8")
    found = extract_html(html, "", OPTIONS)
    assert found.title == "کتاب\u200cخانه\u200cهای شهر تا نیمه\u200cشب باز می\u200cمانند"
    assert found.text.count("\u200c") >= 10 and "دانش\u200cآموزان می\u200cتوانند" in found.text


def test_zero_width_spaces_between_words_of_scripts_without_spaces_survive_extraction():
    """Khmer, Thai, Lao and Myanmar text marks word boundaries with U+200B (trafilatura dropped
    it as unprintable); a stray U+200B in Latin text is dropped."""
    zw = "\u200b"
    khmer = zw.join(["រដ្ឋាភិបាល", "បាន", "ប្រកាស", "ពី", "គម្រោង", "ផ្លូវ", "ថ្មី", "នៅ", "ខេត្ត", "សៀមរាប"]) + "។"
    thai = zw.join(["กรุงเทพมหานคร", "เปิด", "สะพาน", "ใหม่", "ข้าม", "แม่น้ำ", "เจ้าพระยา", "เมื่อ", "วันจันทร์"])
    lao = zw.join(["ລັດຖະບານ", "ລາວ", "ເປີດ", "ໂຮງຮຽນ", "ໃໝ່", "ຢູ່", "ແຂວງ", "ຫຼວງພະບາງ"])
    burmese = zw.join(["ရန်ကုန်", "မြို့", "တွင်", "ဘတ်စ်ကား", "လိုင်း", "သစ်", "စတင်", "ပြေးဆွဲ"])
    latin = f"The council{zw} approved the new bus route on Monday after a long debate in the city hall."
    paragraphs = [khmer * 3, thai * 3, lao * 3, burmese * 3, latin]
    html = (f"<html><head><title>{zw.join(['ផ្លូវ', 'ថ្មី', 'នៅ', 'សៀមរាប'])}</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    found = extract_html(html, "", OPTIONS)
    for paragraph in paragraphs[:4]:
        assert paragraph in found.text
    assert "The council approved" in found.text
    assert found.text.count(zw) == sum(p.count(zw) for p in paragraphs[:4])
    assert found.title.count(zw) == 3


@pytest.mark.parametrize(
    "paragraphs",
    [
        # Kurdish (Sorani) and Persian half-spaces, Hindi conjunct with ZWJ/ZWNJ, an emoji ZWJ sequence
        ["ئەو کتێب\u200cخانەیە لە ناوەڕاستی شاردایە و هەموو ڕۆژێک بۆ خوێندکاران کراوەیە تا درەنگانی شەو.",
         "خبرنگاران می\u200cگویند که کتاب\u200cها و روزنامه\u200cها در همه شهرها در دسترس هستند."],
        ["क्\u200dष और क्\u200cष दोनों रूप हिंदी के पाठ में मिलते हैं और इन्हें बदला नहीं जाना चाहिए।",
         "परिवार 👨\u200d👩\u200d👧 ने समारोह में भाग लिया और शहर के लोगों ने उनका स्वागत किया।"],
    ],
)
def test_same_article_as_html_and_txt_gives_the_same_text_and_word_count(paragraphs):
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    from_html = extract_html(html, "", OPTIONS).text
    from_txt = paragraphs_of_plain_text("\n".join(paragraphs))
    assert from_html == from_txt
    assert len(words(from_html)) == len(words(from_txt))


@pytest.mark.parametrize(
    "head,expected",
    [
        ('<link rel="canonical" href="https://news.example/a/1"><meta property="og:url" content="https://m.news.example/a/1">',
         "https://news.example/a/1"),
        ('<meta property="og:url" content="http://news.example/a/2">', "http://news.example/a/2"),
        ('<link rel="Canonical" href="/a/3"><meta property="og:url" content="https://news.example/a/3">',
         "https://news.example/a/3"),
        # a relative canonical is resolved against og:url's host; og:url's query (tracking) goes
        ('<link rel="canonical" href="/politica/2023/03/08/reforma-aprobada">'
         '<meta property="og:url" content="https://www.diario.example/politica/2023/03/08/reforma?utm_source=twitter">',
         "https://www.diario.example/politica/2023/03/08/reforma-aprobada"),
        ('<link rel="canonical" href="//www.diario.example/a/4"><meta property="og:url" content="https://m.diario.example/a/4">',
         "https://www.diario.example/a/4"),
        ('<link rel="canonical" href="javascript:void(0)">', ""),
        ('<meta property="og:url" content="ftp://news.example/a">', ""),
        ("", ""),
    ],
)
def test_saved_page_url_from_canonical_or_og_url(head, expected):
    assert extract_html(_page(head), "", OPTIONS).url == expected


def test_relative_canonical_without_og_url_resolves_against_the_page_address():
    head = '<link rel="canonical" href="/nieuws/2023/11/05/dijk-klaar">'
    assert extract_html(_page(head), "https://www.krant.example/amp/nieuws/2023/11/05/dijk-klaar?ref=feed", OPTIONS).url == (
        "https://www.krant.example/nieuws/2023/11/05/dijk-klaar")
    assert extract_html(_page(head), "", OPTIONS).url == ""  # nothing to resolve it against


# ---- publisher: the site's name, not its tagline or a wire agency --------------------------------


@pytest.mark.parametrize(
    "page,publisher",
    [
        # JSON-LD Organization name is the tagline; og:site_name and the <title> affix say the name
        ("extraction-fundus80/html/TheGatewayPundit_0.html", "The Gateway Pundit"),
        ("extraction-fundus80/html/TheGatewayPundit_4.html", "The Gateway Pundit"),  # og:title has no affix
        # JSON-LD publisher is the wire agency of the story; the page is SFGate's
        ("extraction-aeb/html/aec5deeaada8b2fb81b55349da0229d5c77a4dc9", "SFGate"),
        # og:site_name is a Twitter handle: JSON-LD's name stays
        ("extraction-aeb/html/42aad16bde9288623543642a9ce1a396be83e2db", "Al Jazeera"),
        # other spellings of one name: trafilatura's choice stays
        ("extraction-aeb/html/156770d676ce79905198e1c8407f81e5ecfb617d", "The Hill"),
        ("extraction-fundus80/html/TheGuardian_0.html", "The Guardian"),
    ],
)
def test_publisher_is_the_site_name_the_title_confirms(page, publisher):
    from tests.conftest import BENCH, require_shared
    from transforms.decode import decode_bytes

    folder, _, prefix = page.rpartition("/")
    found = sorted(require_shared(BENCH / folder).glob(prefix + "*"))  # AEB files: <sha256>.html
    assert found, page
    html = decode_bytes(found[0].read_bytes(), is_html=True).text
    assert extract_html(html, "", OPTIONS).publisher == publisher


def test_tagline_organization_name_loses_to_the_title_confirmed_site_name():
    head = ('<meta property="og:site_name" content="Harbour Times">'
            '<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
            '{"@type":"Organization","name":"News You Can Trust Since 1901","url":"https://harbour.example/"}]}</script>')
    found = extract_html(_page(head, title="Council approves budget | Harbour Times"), "", OPTIONS)
    assert found.publisher == "Harbour Times"
    found = extract_html(_page(head, title="Council approves budget"), "", OPTIONS)
    assert found.publisher == "News You Can Trust Since 1901"  # nothing confirms og:site_name: unchanged


KK_BODY = "".join(f"<p>{p}</p>" for p in [
    "Алматы қалалық мәслихаты сейсенбі күні келесі жылғы бюджетті бекітті. Бюджетте мектептерді жөндеуге "
    "көбірек қаражат қарастырылған.",
    "Әкімнің айтуынша, бұл шешім қаланың дамуы үшін маңызды және тұрғындар оның нәтижесін көктемде сезінеді.",
    "Оппозиция кіріс болжамдары тым оптимистік деп санайды."])


@pytest.mark.parametrize(
    "date_markup",
    [
        '<div class="post-date">Жаңартылды: 12.03.2026, 14:05</div>',  # Kazakh update word
        '<span class="meta">Өзгертілген уақыты: 12 наурыз 2026, 14:05</span>',  # htmldate: a year alone
        '<time class="date-modified" datetime="2026-03-12T14:05:00+05:00">12.03.2026 14:05</time>',  # markup names it
    ],
)
def test_a_page_with_only_a_modified_date_has_no_publication_date(date_markup):
    html = (f'<html lang="kk"><head><title>Бюджет бекітілді</title></head><body><article>'
            f"<h1>Алматы бюджеті бекітілді</h1>{date_markup}{KK_BODY}</article></body></html>")
    assert extract_html(html, "", OPTIONS).published == ""


def test_a_published_line_beside_an_update_line_still_dates_the_page():
    html = ('<html lang="kk"><head><title>Бюджет бекітілді</title></head><body><article><h1>Алматы бюджеті бекітілді</h1>'
            '<div class="date">Жарияланды: 10.03.2026, 09:00</div><div class="date">Жаңартылды: 12.03.2026, 14:05</div>'
            f"{KK_BODY}</article></body></html>")
    assert extract_html(html, "", OPTIONS).published.startswith("2026-03-10")


FA_BODY = "".join(f"<p>{p}</p>" for p in [
    "شورای شهر تهران روز سه‌شنبه بودجه سال آینده را تصویب کرد. در این بودجه سهم بیشتری برای نوسازی مدارس در نظر گرفته شده است.",
    "به گفته شهردار، این تصمیم برای توسعه شهر اهمیت دارد و شهروندان نتیجه آن را در بهار خواهند دید."])


@pytest.mark.parametrize(
    "head,date_markup",
    [
        ("", '<div class="news-date">۱۵ اسفند ۱۴۰۳ - ۱۴:۳۰</div>'),  # Solar Hijri date + local time: Tehran's
        ('<meta property="article:published_time" content="2025-03-05">', '<div class="date">۱۵ اسفند ۱۴۰۳ ساعت ۱۴:۳۰</div>'),
        ("", '<div class="date">تاریخ انتشار: ۱۴۰۳/۱۲/۱۵ - ۱۴:۳۰</div>'),  # numeric Solar Hijri
        ('<meta property="article:published_time" content="2025-03-05T14:30:00">', '<div class="date">۱۵ اسفند ۱۴۰۳</div>'),
    ],
)
def test_a_persian_page_local_time_is_tehran_time(head, date_markup):
    html = (f'<html lang="fa" dir="rtl"><head><title>تصویب بودجه</title>{head}</head><body><article>'
            f"<h1>بودجه تهران تصویب شد</h1>{date_markup}{FA_BODY}</article></body></html>")
    assert iso_utc(extract_html(html, "", OPTIONS).published) == "2025-03-05T11:00:00Z"


# --- authors: persons only (trial-7 T6, cases-7 bylines) -----------------------------------------
@pytest.mark.parametrize(
    "head, body_extra, expected",
    [
        # a URL in the author meta (trafilatura split it into "X https" and "Www Host Tld")
        ('<meta name="author" content="Guðrún Ólafsdóttir https://www.kvoldfrettir.is/hofundar/gudrun-olafsdottir">',
         "", ["Guðrún Ólafsdóttir"]),
        ('<meta name="author" content="The Harbour Courier https://www.harbourcourier.com">'
         '<meta property="og:site_name" content="The Harbour Courier"><meta name="Author" content="Mary Keane">',
         "", ["Mary Keane"]),
        # a source label in another language and an agency: the agency, nobody else being named
        ('<meta name="author" content="Źródło: PAP">', "", ["PAP"]),
        ('<meta name="author" content="Источник: ТАСС; Ирина Волкова">', "", ["Ирина Волкова"]),
        # a desk with a month left by a split date; a host name split into words
        ('<meta name="author" content="HARBOUR COURIER STAFF NOVEMBER">', "", []),
        ('<meta name="author" content="Kathimerini Gr">', "", []),
        # the owner company named in the page's rights line, beside the writer
        ('<meta name="author" content="Halden Publications"><meta property="article:author" content="Ana Ruiz">',
         "<footer><p>© 2024 Halden Publications. All rights reserved.</p></footer>", ["Ana Ruiz"]),
        # a role after the name, a role alone
        ('<meta name="author" content="Tomás Lindqvist Senior Health Reporter; Nordic Sports Writer">', "", ["Tomás Lindqvist"]),
    ],
)
def test_authors_are_persons_not_urls_labels_desks_or_owners(head, body_extra, expected):
    assert extract_html(_page(head, body_extra), "", OPTIONS).authors == expected


def test_an_agency_word_inside_a_surname_is_a_person():
    head = '<meta name="author" content="Jang Reuter">'
    assert extract_html(_page(head), "", OPTIONS).authors == ["Jang Reuter"]


@pytest.mark.parametrize(
    "title, url, publisher",
    [
        # trafilatura takes "<title> minus its last part" for the site name: the part naming the host
        ("Kiedy boli głowa? | Zdrowienie.info - żyj zdrowo", "https://www.zdrowienie.info/kiedy-boli-glowa/", "Zdrowienie.info"),
        ("В Харькове открыли новый мост - Новости Харькова - 057.ua - сайт города", "https://www.057.ua/news/1", "057.ua"),
    ],
)
def test_publisher_is_never_a_whole_title(title, url, publisher):
    head = f'<link rel="canonical" href="{url}">'
    page = (f"<html><head><title>{title}</title>{head}</head><body><article>{BODY}</article></body></html>")
    assert extract_html(page, "", OPTIONS).publisher == publisher


def test_a_canonical_to_another_sites_copy_loses_to_the_pages_own_og_url():
    """<link rel=canonical> names an aggregator's copy while og:url and og:site_name name the page's
    own site, and the page never names the aggregator: the page's address is og:url. A copy that
    names its provider (a portal's copy of a wire story) keeps the provider's canonical."""
    head = ('<link rel="canonical" href="https://www.newsdigest-aggregator.com/story/88231">'
            '<meta property="og:url" content="https://www.harbourcourier.com/city/budget-approved">'
            '<meta property="og:site_name" content="Harbour Courier">')
    assert extract_html(_page(head), "", OPTIONS).url == "https://www.harbourcourier.com/city/budget-approved"
    head = ('<link rel="canonical" href="https://www.harbourcourier.com/city/budget-approved">'
            '<meta property="og:url" content="https://www.portalnews.com/en/budget-approved">'
            '<meta property="og:site_name" content="PortalNews">')
    page = _page(head, "<p class='provider'>Harbour Courier</p>")
    assert extract_html(page, "", OPTIONS).url == "https://www.harbourcourier.com/city/budget-approved"
