"""The headline of a page whose title comes from its <title> element ("Site - Headline", "Headline |
Site", "Site :: Section :: Headline"): trafilatura keeps the part before the last separator, the
site's name on a page that names itself first (issue 14, titles). Pages written for this test in
six languages and five scripts (Latin, Cyrillic, Hebrew and Arabic right to left, Chinese), old
style: no <h1>, the headline only in <title>; real trafilatura, real config."""

import pytest

from pipelines.config import load_config
from transforms.htmltext import extract_html
from transforms.titles import is_site_name, title_headline

OPTIONS = load_config()["extract"]


def _page(title: str, paragraphs: list, head: str = "", lang: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html{f' lang={lang!r}' if lang else ''}><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        "<body><div class='menu'><a href='/'>Start</a> <a href='/a'>A</a> <a href='/b'>B</a></div>"
        f"<div class='content'>{body}</div>"
        "<div class='footer'>Copyright 2011</div></body></html>"
    )


PL = [
    "Radni przyjęli we wtorek budżet miasta na przyszły rok. Za uchwałą głosowało dwudziestu radnych, "
    "przeciw było siedmiu, a trzech wstrzymało się od głosu.",
    "Najwięcej pieniędzy trafi na remonty szkół i na nową linię autobusową do osiedla Zielone Wzgórze. "
    "Opozycja zarzuca prezydentowi, że prognozy dochodów są zbyt optymistyczne.",
    "Skarbnik miasta zapewnia, że deficyt nie przekroczy trzech procent wydatków i że miasto spłaci "
    "wszystkie raty kredytów w terminie.",
]
RU = [
    "Школу на Заречной улице откроют после ремонта первого сентября, сообщили в городском управлении "
    "образования.",
    "Ремонт продолжался два года: в здании заменили крышу, окна и всю систему отопления, а спортивный "
    "зал построили заново. Подрядчик уложился в смету.",
    "Родители учеников просят продлить до школы маршрут автобуса номер семь. В мэрии обещали "
    "рассмотреть просьбу до конца августа.",
]
HE = [
    "ראש העיר הודיע הבוקר על קו אוטובוס חדש שיחבר את השכונות הצפוניות למרכז העיר ולתחנת הרכבת.",
    "לדבריו, הקו יפעל כל עשרים דקות בשעות היום ויתחיל לפעול בתחילת החודש הבא. התושבים ביקשו את הקו "
    "כבר לפני שלוש שנים.",
    "חברי האופוזיציה במועצה אמרו כי מדובר בצעד חיובי אך מאוחר, ודרשו להוסיף קווים גם לשכונות הדרומיות.",
]
AR = [
    "افتتحت البلدية أمس مكتبة عامة جديدة في وسط المدينة تضم أكثر من عشرين ألف كتاب وقاعة للمطالعة.",
    "وقال رئيس البلدية إن المكتبة ستفتح أبوابها يوميا من التاسعة صباحا حتى التاسعة مساء، وإن الدخول "
    "إليها مجاني لجميع السكان.",
    "وأضاف أن البلدية تعمل على افتتاح مكتبتين أخريين في الأحياء الشمالية قبل نهاية العام المقبل.",
]
ZH = [
    "本报讯 市政府昨天召开新闻发布会，宣布老城区改造工程正式启动。按照计划，首批约三千户居民将在今年年底前搬入位于城东的安置小区。",
    "据市住建局负责人介绍，此次改造涉及老城区十二条街巷，总面积约四十五万平方米，预计三年内全部完工。",
    "改造完成后，老城区将新增两所小学、一处社区医院和三个公园。",
]
HU = [
    "A városi közgyűlés csütörtökön elfogadta a jövő évi költségvetést. A javaslatot tizennégy képviselő "
    "támogatta, öten nemmel szavaztak.",
    "A legtöbb pénz az iskolák felújítására és a belvárosi buszjáratok sűrítésére jut. Az ellenzék szerint a "
    "bevételi tervek túl optimisták.",
    "A polgármester azt mondta, hogy a város hitelt nem vesz fel, és a fejlesztéseket pályázati pénzből fizeti.",
]
MK = [
    "Новиот автопат меѓу Скопје и Охрид е отворен за сообраќај од денеска, соопшти Министерството за "
    "транспорт.",
    "Патувањето меѓу двата града ќе трае околу час и половина, речиси еден час помалку од досега. "
    "Патарината ќе се наплаќа на две места.",
    "Изградбата траеше девет години и чинеше повеќе од милијарда евра, велат од владата.",
]
EN = [
    "Talks between Kyiv and Moscow stalled again on Monday, after the two delegations failed to agree "
    "on the agenda for a third round in Istanbul.",
    "Officials on both sides said the meeting could resume next week, but gave no date. Observers "
    "expect little progress before the summer.",
    "The foreign ministers are due to speak by telephone on Wednesday, a spokesman said.",
]


@pytest.mark.parametrize(
    "title,paragraphs,head,url,headline,publisher",
    [
        # Polish, site first, its name the host's ("Kurier Mazowiecki" on kurier-mazowiecki.pl)
        ("Kurier Mazowiecki - Radni przyjęli budżet na przyszły rok", PL, "",
         "http://www.kurier-mazowiecki.pl/art/1234.html", "Radni przyjęli budżet na przyszły rok", "Kurier Mazowiecki"),
        # Russian, site and section first with "::"; the host spells the name in Latin letters
        ("Северный Вестник :: Общество :: Школу на Заречной откроют после ремонта", RU, "",
         "http://severny-vestnik.ru/society/2011/08/12/school.html",
         "Школу на Заречной откроют после ремонта", "Северный Вестник"),
        # Hebrew (right to left), headline first, the site named by og:site_name
        ("ראש העיר הודיע על קו אוטובוס חדש | חדשות הגליל", HE, "<meta property='og:site_name' content='חדשות הגליל'>",
         "", "ראש העיר הודיע על קו אוטובוס חדש", "חדשות הגליל"),
        # Arabic (right to left), site first, named by application-name
        ("الجريدة اليومية - افتتاح مكتبة عامة جديدة في وسط المدينة", AR,
         "<meta name='application-name' content='الجريدة اليومية'>", "",
         "افتتاح مكتبة عامة جديدة في وسط المدينة", "الجريدة اليومية"),
        # Hungarian, site first, no site name declared and no address: the text decides
        ("Somogyi Hírek - Elfogadta a közgyűlés a jövő évi költségvetést", HU, "", "",
         "Elfogadta a közgyűlés a jövő évi költségvetést", ""),
        # Chinese, site and section first without spaces, no site name declared: the text decides
        ("江城晚报-本地新闻-老城区改造启动 首批三千户居民将搬新居", ZH, "", "",
         "老城区改造启动 首批三千户居民将搬新居", ""),
    ],
)
def test_title_element_gives_the_headline_not_the_site(title, paragraphs, head, url, headline, publisher):
    found = extract_html(_page(title, paragraphs, head), url, OPTIONS)
    assert found.title == headline
    assert found.publisher == publisher
    assert found.text.startswith(paragraphs[0][:20])


@pytest.mark.parametrize(
    "title,head,expected",
    [
        # a headline that holds a separator stays whole: the lead names both cities
        ("Kyiv - Moscow talks stall again | Daily Planet", "<meta property='og:site_name' content='Daily Planet'>",
         "Kyiv - Moscow talks stall again"),
        # a headline that holds the site's name is no site part
        ("Daily Planet reporter wins press award - Daily Planet", "<meta property='og:site_name' content='Daily Planet'>",
         "Daily Planet reporter wins press award"),
        # a subtitle after the headline stays (a long part with sentence punctuation is no section)
        ("Talks stall again - delegations fail to agree on an agenda, no date set - Daily Planet",
         "<meta property='og:site_name' content='Daily Planet'>",
         "Talks stall again - delegations fail to agree on an agenda, no date set"),
        # one part with a colon: nothing to cut
        ("Kyiv: Moscow talks stall again", "", "Kyiv: Moscow talks stall again"),
    ],
)
def test_title_element_never_cuts_a_headline(title, head, expected):
    found = extract_html(_page(title, EN, head), "", OPTIONS)
    assert found.title == expected


def test_title_element_headline_with_a_separator_stays_whole():
    """Macedonian: the headline "Скопје – Охрид: ..." holds an en dash; trafilatura keeps "Скопје"
    (the part before it). The text holds the whole title's words: the whole title."""
    title = "Скопје – Охрид: новиот автопат отворен за сообраќај"
    assert extract_html(_page(title, MK), "", OPTIONS).title == title


def test_the_rights_line_names_the_site_part_of_the_title():
    """Hungarian saved page: no <h1>, no site name declared, no address, a text that does not repeat
    the headline's words; the footer's rights line names the publisher ("© 2008 ... Kft.")."""
    paragraphs = [
        "A kutatók két éven át vizsgálták a belváros forgalmát, és azt javasolják, hogy a buszok kapjanak "
        "saját sávot a főbb utakon.",
        "A város vezetése szerint a javaslatokat még idén megvitatják a közgyűlésen.",
        "A munkában húsz egyetemi hallgató is részt vett.",
    ]
    html = _page("Baranyai Napló - Elkészült a pécsi közlekedési tanulmány", paragraphs).replace(
        "Copyright 2011", "© 2008 Baranyai Napló Kft. Minden jog fenntartva.")
    found = extract_html(html, "", OPTIONS)
    assert found.title == "Elkészült a pécsi közlekedési tanulmány"
    # a name that only begins the rights holder's is no site part ("© 2024 Скопје Медиа")
    assert title_headline("Скопје – Охрид: новиот автопат отворен", [], "", "", ["© 2024 Скопје Медиа"]) == (
        "Скопје – Охрид: новиот автопат отворен")


def test_page_h1_title_is_left_alone():
    html = _page("Daily Planet - Kyiv and Moscow fail to agree", EN).replace(
        "<div class='content'>", "<div class='content'><h1>Daily Planet - Kyiv and Moscow fail to agree</h1>")
    assert extract_html(html, "", OPTIONS).title == "Daily Planet - Kyiv and Moscow fail to agree"


def test_undecided_title_keeps_trafilaturas_part():
    """No site name known and a text that shares no words with the title: nothing is cut,
    trafilatura's choice (the part before the last separator) stands."""
    found = extract_html(_page("Harbour festival moved to June | Harbour Times", PL), "", OPTIONS)
    assert found.title == "Harbour festival moved to June"


@pytest.mark.parametrize(
    "title,names,url,lead,expected",
    [
        ("Gazeta Nadwiślańska - Ceny skupu zbóż znów w górę", [], "http://gazeta-nadwislanska.pl/", "",
         "Ceny skupu zbóż znów w górę"),
        ("Вечерний Приволжск :: Город :: Мост через Сару закроют на ремонт", [], "http://vecherniy-privolzhsk.ru/",
         "Мост через реку Сару закроют на ремонт до осени.", "Мост через Сару закроют на ремонт"),
        ("הארץ - ראש העירייה הודיע על תוכנית חדשה", [], "https://www.haaretz.co.il/news/1", "",
         "ראש העירייה הודיע על תוכנית חדשה"),  # Hebrew name, Latin host: one transliteration apart
        ("Στην Αθήνα η σύνοδος (Α - Β) των υπουργών - Νέα Εποχή", ["Νέα Εποχή"], "", "",
         "Στην Αθήνα η σύνοδος (Α - Β) των υπουργών"),  # a separator inside brackets separates nothing
        ("Kyiv - Moscow talks stall", [], "", "", "Kyiv - Moscow talks stall"),  # nothing known: whole
        ("Daily Planet: Council approves budget", ["Daily Planet"], "", "", "Council approves budget"),
        ("Minister: we will cut taxes", ["Daily Planet"], "", "", "Minister: we will cut taxes"),
        # the text's first line is the headline alone: the site's part goes though the text names its town
        ("Wexford Echo - New ferry route to open in May",
         [], "", "New ferry route to open in May\nWEXFORD'S harbour board has approved a ferry route to Wales.",
         "New ferry route to open in May"),
        ("Rheinpfalz Kurier | Zwei Verletzte bei Unfall auf der B9",
         [], "", "Zwei Verletzte bei Unfall auf der B9\nBei einem Unfall bei Speyer auf der Rheinpfalz-Strecke...",
         "Zwei Verletzte bei Unfall auf der B9"),
        # ... but a long outer part is a subtitle, not a label: the whole stays
        ("Ferry route approved - what it means for commuters and the harbour town",
         [], "", "Ferry route approved\nThe harbour board approved it.",
         "Ferry route approved - what it means for commuters and the harbour town"),
    ],
)
def test_title_headline(title, names, url, lead, expected):
    assert title_headline(title, names, url, lead) == expected


def test_site_name_across_scripts_and_initials():
    assert is_site_name("Вечерний Приволжск", [], "http://vecherniy-privolzhsk.ru/")
    assert is_site_name("Аргументы и Факты", [], "http://www.aif.ru/")
    assert is_site_name("GAZETA NADWIŚLAŃSKA", ["Gazeta Nadwislanska"])
    assert not is_site_name("Gazeta Nadwiślańska wins the regional press award", ["Gazeta Nadwiślańska"])
    assert not is_site_name("Общество", [], "http://vecherniy-privolzhsk.ru/")


@pytest.mark.parametrize(
    "title_element, site, heading",
    [
        ("Kultuur :: Põhja Sõnumid", "Põhja Sõnumid", "Tallinna linnavalitsus kinnitas uue eelarve"),
        ("Sport | Gazeta Pomorska", "Gazeta Pomorska", "Rada miasta przyjęła budżet na przyszły rok"),
    ],
)
def test_a_title_naming_only_section_and_site_gives_the_articles_h2(title_element, site, heading):
    from tests.test_metadata import BODY

    """<title> 'Section :: Site', no <h1>: the headline is the <h2> opening the article block."""
    page = (f"<html><head><title>{title_element}</title><meta property='og:site_name' content='{site}'></head>"
            f"<body><nav><h2>Menu</h2></nav><article><h2 class='pealkiri'>{heading}</h2>{BODY}</article></body></html>")
    assert extract_html(page, "", OPTIONS).title == heading


def test_a_title_with_a_headline_part_keeps_it_over_an_h2():
    page = ("<html><head><title>Council approves the new budget after a long debate | Harbour Courier</title>"
            "<meta property='og:site_name' content='Harbour Courier'></head><body><article>"
            "<h2>Related stories from the week</h2><p>The city council approved the new budget on Tuesday after "
            "a long debate about the cost of public transport, schools and the old harbour district.</p>"
            "<p>Opposition members said the plan relied on optimistic tax forecasts.</p></article></body></html>")
    assert extract_html(page, "", OPTIONS).title == "Council approves the new budget after a long debate"
