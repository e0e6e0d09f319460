"""Bylines, agency credits and site names in titles (transforms/bylines.py, transforms/titles.py),
and how the clean stage uses them (issue 14 items 5 and 8)."""

import pytest

from tests.test_clean import BODIES, LEXICON
from transforms.bylines import byline_names, is_agency_credit, is_staff_byline
from transforms.clean import clean_text
from transforms.titles import strip_site_name


def _kicker_page(kicker: str, headline: str, lang: str) -> str:
    body = "".join(f"<p>{line}</p>" for line in BODIES["en"])
    return (f"<html lang='{lang}'><head><meta charset='utf-8'><title>{headline} | Diario Ejemplo</title>"
            f"<meta property='og:title' content='{headline}'></head><body><nav><a href='/'>Inicio</a></nav>"
            f"<article><h1 class='antetitulo'>{kicker}</h1><h2 class='titular'>{headline}</h2>{body}</article></body></html>")


@pytest.mark.parametrize(
    "kicker,headline,lang",
    [
        ("Alerta hídrica en Andalucía", "Los embalses del sur bajan al veinte por ciento tras un verano sin lluvias", "es"),
        ("Σεισμός στην Κρήτη σήμερα", "Σεισμική δόνηση 5,2 Ρίχτερ αισθητή σε όλο το νησί χωρίς ζημιές", "el"),
    ],
)
def test_a_kicker_h1_over_an_h2_headline_never_replaces_the_title(kicker, headline, lang):
    from transforms.htmltext import extract_html

    found = extract_html(_kicker_page(kicker, headline, lang), "", {"favor_precision": True, "no_fallback": True})
    assert found.title == headline


@pytest.mark.parametrize(
    "headline,link,lang",
    [
        ("Vláda schválila nový rozpočet na příští rok", "Komentáře:&nbsp;<span>12</span>", "cs"),
        ("Правительство утвердило новый бюджет на следующий год", "Комментарии: <span>45</span>", "ru"),
    ],
)
def test_an_h1_holding_a_comment_count_link_never_replaces_the_title(headline, link, lang):
    from transforms.htmltext import extract_html

    head = f"<title>{headline}</title><meta property='og:title' content='{headline}'>"
    found = extract_html(_page(head, f"{headline}<a class='count-comments' href='#comments'>{link}</a>", lang), "",
                         {"favor_precision": True, "no_fallback": True})
    assert found.title == headline


@pytest.mark.parametrize(
    "line,names",
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and John Roe, Staff Writers", ["Jane Doe", "John Roe"]),
        ("Written by Emma Clarke | Updated 14:32 BST, 3 March 2024", ["Emma Clarke"]),
        ("كتب: سامي ناصر، ليلى حداد", ["سامي ناصر", "ليلى حداد"]),
        ("القاهرة - كتبت: آية محمود", ["آية محمود"]),
        ("بقلم: د. سامي الخطيب", ["د. سامي الخطيب"]),
        ("Von Anna Müller, dpa", ["Anna Müller"]),
        ("Ein Kommentar von Thomas Richter", ["Thomas Richter"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por María López / EFE", ["María López"]),
        ("Di Marco Rossi", ["Marco Rossi"]),
        ("Door Pieter de Vries", ["Pieter de Vries"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("Haber: Mehmet Yılmaz", ["Mehmet Yılmaz"]),
        ("نویسنده: علی رضایی", ["علی رضایی"]),
        ("记者 王磊", ["王磊"]),
        ("Oleh Ahmad Fauzi", ["Ahmad Fauzi"]),
        ("Af Jens Hansen og Mette Larsen", ["Jens Hansen", "Mette Larsen"]),
        ("Γράφει η Μαρία Παπαδοπούλου", ["Μαρία Παπαδοπούλου"]),
        ("Írta: Kovács Anna", ["Kovács Anna"]),
        ("تحریر: احمد علی", ["احمد علی"]),
        ("Από τον Γιώργο Παπαδόπουλο", ["Γιώργο Παπαδόπουλο"]),
        ("От Десислава Николова и Петър Стоянов", ["Десислава Николова", "Петър Стоянов"]),
        ("Од Александар Стојановски", ["Александар Стојановски"]),
        ("โดย: สมชาย ใจดี", ["สมชาย ใจดี"]),
        ("Tác giả: Nguyễn Văn An", ["Nguyễn Văn An"]),
        ("[서울=연합뉴스] 김민수 이지은 기자 =", ["김민수", "이지은"]),
        ("김민수 기자 minsu@example.co.kr", ["김민수"]),
    ],
)
def test_bylines_in_many_languages_give_their_names(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, the company will hire 2,000 people.",
        "By 2030 the plant will close",
        "By Air France standards this is a small airport.",
        "Par ailleurs, le ministre a annoncé une réforme des retraites.",
        "Von Montag an gilt die neue Regel für alle Pendler.",
        "Por su parte, el gobierno anunció nuevas medidas.",
        "Di fronte alla crisi, il governo ha convocato le parti sociali.",
        "Автор статьи считает, что реформа провалилась.",
        "كتب الوزير رسالة إلى البرلمان يطالب فيها بتعديل القانون",
        "记者从市政府获悉，地铁三号线将于年底通车。",
        "Oleh karena itu, pemerintah menunda kenaikan harga bahan bakar.",
        "Af og til lukker broen om natten.",
        "Της ανακοίνωσης προηγήθηκε συνάντηση των υπουργών.",
        "Από τον Σεπτέμβριο η κυβέρνηση θα αυξήσει τους μισθούς.",
        "От Бургас до Варна пътят е затворен.",
        "От Европейската комисия съобщиха, че програмата продължава.",
        "От понеделник влизат в сила новите правила.",
        "Од Скопје тргна првиот воз кон Битола.",
        "โดยรวมแล้ว รัฐบาลได้อนุมัติงบประมาณ",
        "서울시는 오늘 기자회견을 열고 새 정책을 발표했다.",
    ],
)
def test_body_sentences_starting_with_a_byline_word_are_not_bylines(line):
    assert byline_names(line) is None and not is_staff_byline(line)


@pytest.mark.parametrize(
    "line",
    ["dpa, AFP, jul", "(Reuters)", "AFP/jm", "APA/red", "(dpa/AFP)", "— AP", "(EFE)", "(ANSA)", "(رويترز)",
     "(أ ف ب + رويترز)", "(ТАСС)", "（新华社）", "Con información de Reuters y AP", "mit Material von dpa und Reuters",
     "Kaynak: DHA", "责任编辑：张伟", "/انتهای پیام/"],
)
def test_agency_and_editor_credit_lines(line):
    assert is_agency_credit(line)


@pytest.mark.parametrize(
    "line",
    ["Reuters reported the news on Monday.", "The AP said the vote was close.", "jul", "US-Präsident Biden",
     "AFP journalists were among those evacuated from the city.", "Source: the ministry said so"],
)
def test_sentences_naming_an_agency_are_not_credit_lines(line):
    assert not is_agency_credit(line)


def test_clean_moves_the_top_byline_to_authors_and_drops_the_closing_credit():
    body = BODIES["en"]
    text = "\n\n".join(["By Jane Doe and John Roe", *body, "dpa, AFP, jul"])
    result = clean_text(text, LEXICON, language="en")
    assert result.authors == ["Jane Doe", "John Roe"]
    assert result.text.split("\n\n") == list(body)
    assert {(b.kind, b.text) for b in result.boilerplate} == {("byline", "By Jane Doe and John Roe"),
                                                               ("credit line", "dpa, AFP, jul")}


def test_a_byline_word_sentence_in_the_body_stays():
    body = BODIES["en"]
    sentence = "By the end of the year, the ministry expects the first results of the inquiry."
    result = clean_text("\n\n".join([sentence, *body]), LEXICON, language="en")
    assert result.authors == [] and result.text.startswith(sentence)


@pytest.mark.parametrize(
    "title,sites,url,expected",
    [
        ("Stadtrat verschiebt Abstimmung - Rheinische Tagespost", ["Rheinische Tagespost"], "", "Stadtrat verschiebt Abstimmung"),
        ("Troops to leave Iraq | The Guardian", ["The Guardian"], "", "Troops to leave Iraq"),
        ("Troops to leave Iraq | GUARDIAN", ["The Guardian"], "", "Troops to leave Iraq"),
        ("Troops to leave Iraq - rheinische-tagespost.de", ["Rheinische Tagespost"], "", "Troops to leave Iraq"),
        ("Troops to leave Iraq – Example", [], "https://www.example.com/a", "Troops to leave Iraq"),
        ("BBC News: Troops to leave Iraq", ["BBC News"], "", "Troops to leave Iraq"),
        ("Le Monde : la réforme passe au Sénat", ["Le Monde"], "", "la réforme passe au Sénat"),
        ("حجب مواقع إخبارية جديدة - الجزيرة نت", ["الجزيرة نت"], "", "حجب مواقع إخبارية جديدة"),
        ("Troops to leave Iraq - Politics | Example News", ["Example News"], "", "Troops to leave Iraq - Politics"),
        # the real TheGatewayPundit <title> form: a byline affix after the site name goes with it
        ("Tucker Carlson on the 2020 Election (VIDEO) | The Gateway Pundit | by Mike LaChance", ["The Gateway Pundit"], "",
         "Tucker Carlson on the 2020 Election (VIDEO)"),
        ("La réforme passe au Sénat - Le Monde - par Jean Dupont", ["Le Monde"], "", "La réforme passe au Sénat"),
        ("Stand by Me - The Movie | by Example", ["Example News"], "", "Stand by Me - The Movie | by Example"),
        # separators of other writing traditions: WordPress «, CJK full-width colon / bar, underscore
        ("La mairie rénove le pont Wilson « Le Petit Journal de Tours", ["Le Petit Journal de Tours"], "",
         "La mairie rénove le pont Wilson"),
        ("北京地铁十九号线北段开通：新京报", ["新京报"], "", "北京地铁十九号线北段开通"),
        ("東京都心で初雪を観測｜東都新聞", ["東都新聞"], "", "東京都心で初雪を観測"),
        ("上海国际电影节今晚开幕_新民晚报", ["新民晚报"], "", "上海国际电影节今晚开幕"),
        ("서울시 심야버스 노선 확대 - 한국일보", ["한국일보"], "", "서울시 심야버스 노선 확대"),
        ("南京长江大桥夜间限行措施调整-扬子晚报", ["扬子晚报"], "", "南京长江大桥夜间限行措施调整"),
        ("上海国际电影节今晚开幕——新民晚报", ["新民晚报"], "", "上海国际电影节今晚开幕"),
        ("上海国际电影节今晚开幕|澎湃新闻", ["澎湃新闻"], "", "上海国际电影节今晚开幕"),
        # nothing to remove: not the site, or nothing would be left
        ("习近平：坚持改革开放不动摇", ["新华网"], "", "习近平：坚持改革开放不动摇"),
        ("Rail strike – what changes for commuters on Monday", ["The Northern Ledger"], "",
         "Rail strike – what changes for commuters on Monday"),
        ("Biden: Troops to leave Iraq", ["The Guardian"], "", "Biden: Troops to leave Iraq"),
        ("Ukraine-Krieg - Die Lage am Morgen", ["Der Spiegel"], "", "Ukraine-Krieg - Die Lage am Morgen"),
        ("Example News", ["Example News"], "", "Example News"),
        # a headline that opens with the site's name and goes on keeps it; a short tag after the
        # name ("Online", "Digital") is still the name
        ("Die Woche der Entscheidung: Landtag stimmt über Doppelhaushalt ab", ["Die Woche"], "",
         "Die Woche der Entscheidung: Landtag stimmt über Doppelhaushalt ab"),
        ("Le Temps des cerises : la récolte avance de deux semaines", ["Le Temps"], "",
         "Le Temps des cerises : la récolte avance de deux semaines"),
        ("Spiegel Online: Bahn streicht Nachtzüge nach Paris", ["Spiegel"], "", "Bahn streicht Nachtzüge nach Paris"),
        ("Haaretz English - Knesset passes budget", ["Haaretz"], "", "Knesset passes budget"),
    ],
)
def test_site_name_affixes_leave_the_title(title, sites, url, expected):
    assert strip_site_name(title, sites, url) == expected


def test_clean_strips_the_site_name_and_the_headline_never_opens_the_text():
    body = BODIES["en"]
    headline = "Troops to end combat mission in Iraq"
    result = clean_text("\n\n".join([headline, *body]), LEXICON, title=f"{headline} | Example News",
                        language="en", site_names=("Example News",))
    assert result.title == headline and result.text.split("\n\n") == list(body)


def test_byline_names_join_the_metadata_authors_once():
    from transforms.clean import merge_authors

    assert merge_authors(["Jane Doe"], ["JANE DOE", "John Roe"]) == ["Jane Doe", "John Roe"]
    assert merge_authors([], ["سامي ناصر", "ليلى حداد"]) == ["سامي ناصر", "ليلى حداد"]


def test_a_byline_after_top_furniture_is_still_at_the_top():
    body = BODIES["en"]
    text = "\n\n".join(["Home > World > Europe", "Share on Facebook Share on Twitter", "Updated: 27 July 2021",
                         "Troops to end combat mission", "By Jane Doe", *body])
    result = clean_text(text, LEXICON, title="Troops to end combat mission", language="en")
    assert result.authors == ["Jane Doe"] and result.text.split("\n\n") == list(body)


@pytest.mark.parametrize(
    "author,name",
    [
        # the byline element read whole, its colon dropped by trafilatura: the lead word goes
        ("نویسنده علی رضایی", "علی رضایی"),
        ("تحریر احمد علی", "احمد علی"),
        ("Yazan Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("Автор Ирина Котова", "Ирина Котова"),
        ("Autorka Anna Nowak", "Anna Nowak"),
        ("Γράφει η Μαρία Παπαδοπούλου", "Μαρία Παπαδοπούλου"),
        ("Oleh Ahmad Fauzi", "Ahmad Fauzi"),
        ("लेखक: राम शर्मा", "राम शर्मा"),
        ("记者 张伟", "张伟"),
        # a role written after the name
        ("김민수 기자", "김민수"),
        ("山田太郎 記者", "山田太郎"),
        # a name that begins with a cue-like word or particle stays whole
        ("Di Stefano", "Di Stefano"),
        ("Von der Leyen", "Von der Leyen"),
        ("文静", "文静"),
        ("Jane Doe", "Jane Doe"),
    ],
)
def test_a_byline_lead_word_is_never_part_of_an_author_name(author, name):
    from transforms.bylines import without_lead_word

    assert without_lead_word(author) == name


@pytest.mark.parametrize(
    "byline,name",
    [("نویسنده: علی رضایی", "علی رضایی"), ("Yazan: Ayşe Yılmaz", "Ayşe Yılmaz"), ("Автор: Ирина Котова", "Ирина Котова"),
     ("تحریر: احمد علی", "احمد علی")],
)
def test_html_byline_element_gives_the_name_without_its_lead_word(byline, name):
    """The page's byline element (class="byline") is read by trafilatura as metadata author."""
    from transforms.htmltext import extract_html

    body = "".join(f"<p>{line}</p>" for line in BODIES["en"])
    page = (f"<html><head><title>Council approves budget</title></head><body><article><h1>Council approves budget</h1>"
            f'<p class="byline">{byline}</p>{body}</article></body></html>')
    found = extract_html(page, "", {"favor_precision": True, "no_fallback": True})
    assert found.authors == [name]


def test_merge_authors_drops_a_lead_word_left_in_a_feed_or_jsonl_author():
    from transforms.clean import merge_authors

    assert merge_authors(["Yazan Ayşe Yılmaz"], ["Ayşe Yılmaz"]) == ["Ayşe Yılmaz"]


@pytest.mark.parametrize(
    "title,headline,url,site",
    [
        ("Νέα γραμμή μετρό στη Θεσσαλονίκη - Η Καθημερινή", "Νέα γραμμή μετρό στη Θεσσαλονίκη", "", "Η Καθημερινή"),
        ("İstanbul'da metro seferleri uzatıldı | Hürriyet", "İstanbul'da metro seferleri uzatıldı", "", "Hürriyet"),
        ("Hà Nội mở thêm tuyến xe buýt điện - Tuổi Trẻ Online", "Hà Nội mở thêm tuyến xe buýt điện", "", "Tuổi Trẻ Online"),
        ("上海国际电影节今晚开幕_新民晚报", "上海国际电影节今晚开幕", "", "新民晚报"),
        ("東京都心で初雪を観測｜東都新聞", "東京都心で初雪を観測", "", "東都新聞"),
        ("Inflation slows again - Business - The Daily Courier", "Inflation slows again", "", "The Daily Courier"),
        ("Tages-Anzeiger » Zürich baut neue Tramlinie", "Zürich baut neue Tramlinie", "", "Tages-Anzeiger"),
        # no headline beside it, but the affix names the host
        ("Le pont Wilson rouvre « Le Petit Journal", "", "https://www.lepetitjournal.fr/tours/pont?utm_source=x",
         "Le Petit Journal"),
        # not a site: the rest of a headline, a longer text beside a logo <h1>, nothing beside the headline
        ("Rail strike – what changes for commuters", "Rail strike", "", ""),
        ("Fakty i mity o zdrowym śnie | Dobre Zdrowie", "Dobre Zdrowie", "", ""),
        ("Inflation slows again", "Inflation slows again", "", ""),
    ],
)
def test_the_site_name_a_title_gives_beside_its_headline(title, headline, url, site):
    from transforms.titles import title_site_name

    assert title_site_name([title], [headline], url) == site


@pytest.mark.parametrize(
    "title,h1,publisher",
    [
        ("서울시 심야버스 노선 확대 - 한국일보", "서울시 심야버스 노선 확대", "한국일보"),
        ("Νέα γραμμή μετρό στη Θεσσαλονίκη | Η Καθημερινή", "Νέα γραμμή μετρό στη Θεσσαλονίκη", "Η Καθημερινή"),
        ("上海国际电影节今晚开幕_新民晚报", "上海国际电影节今晚开幕", "新民晚报"),
    ],
)
def test_a_page_without_og_site_name_takes_its_publisher_from_the_title(title, h1, publisher):
    from transforms.htmltext import extract_html

    body = "".join(f"<p>{line}</p>" for line in BODIES["en"])
    page = f"<html><head><title>{title}</title></head><body><article><h1>{h1}</h1>{body}</article></body></html>"
    found = extract_html(page, "", {"favor_precision": True, "no_fallback": True})
    assert found.publisher == publisher
    result = clean_text(found.text, LEXICON, title=title, language="en", site_names=(found.publisher,))
    assert result.title == h1


@pytest.mark.parametrize(
    "title,h1s,headline",
    [
        ("Wrecking ball clobbers Winnipeg health centre - Manitoba - CBC News", ["Wrecking ball clobbers Winnipeg health centre"],
         "Wrecking ball clobbers Winnipeg health centre"),
        ("Opinion | Is Football Violence a Crime?", ["Is Football Violence a Crime?"], "Is Football Violence a Crime?"),
        ("評：醫生有了高收入 患者才能得到好服務-財經新聞-新浪新聞中心", ["評：醫生有了高收入 患者才能得到好服務"],
         "評：醫生有了高收入 患者才能得到好服務"),
        ("Sigma Live | Κατρακυλούμε ευτυχισμένοι στον κατήφορο", ["Κατρακυλούμε ευτυχισμένοι στον κατήφορο"],
         "Κατρακυλούμε ευτυχισμένοι στον κατήφορο"),
        # a logo <h1>, a headline that is the whole title, a headline longer than the <h1> kicker
        ("Fakty i mity o zdrowym śnie | Dobre Zdrowie", ["Dobre Zdrowie"], ""),
        ("Rail strike – what changes for commuters on Monday", ["Rail strike – what changes for commuters on Monday"], ""),
        ("Rail strike – what changes for commuters on Monday", ["Rail strike"], ""),
    ],
)
def test_the_h1_is_the_title_when_the_metadata_title_is_it_plus_affixes(title, h1s, headline):
    from transforms.titles import headline_in_title

    assert headline_in_title(title, h1s) == headline


@pytest.mark.parametrize(
    "title,h1s,headline",
    [
        # a tag or site name in brackets before or after the headline, with or without a space
        ("[Westfalen-Kurier] Stadtrat verschiebt Abstimmung über Radwege", ["Stadtrat verschiebt Abstimmung über Radwege"],
         "Stadtrat verschiebt Abstimmung über Radwege"),
        ("【新民晚报】上海国际电影节今晚开幕", ["上海国际电影节今晚开幕"], "上海国际电影节今晚开幕"),
        ("Powódź w Kłodzku: woda opada [WIDEO]", ["Powódź w Kłodzku: woda opada"], "Powódź w Kłodzku: woda opada"),
        # a bracket inside the headline, or an affix longer than the headline, is no affix
        ("[Westfalen-Kurier mit allen Nachrichten aus der Region] Neue Brücke", ["Neue Brücke"], ""),
    ],
)
def test_a_bracketed_affix_leaves_the_h1_headline(title, h1s, headline):
    from transforms.titles import headline_in_title

    assert headline_in_title(title, h1s) == headline


@pytest.mark.parametrize(
    "title,sites,expected",
    [
        ("[Rheinische Tagespost] Stadtrat verschiebt Abstimmung", ["Rheinische Tagespost"], "Stadtrat verschiebt Abstimmung"),
        ("【新京报】北京地铁十九号线北段开通", ["新京报"], "北京地铁十九号线北段开通"),
        ("Stadtrat verschiebt Abstimmung [Rheinische Tagespost]", ["Rheinische Tagespost"], "Stadtrat verschiebt Abstimmung"),
        # a bracketed tag that is not the site stays (nothing tells it from the headline without an <h1>)
        ("[Analyse] Stadtrat verschiebt Abstimmung", ["Rheinische Tagespost"], "[Analyse] Stadtrat verschiebt Abstimmung"),
    ],
)
def test_a_bracketed_site_name_leaves_the_title(title, sites, expected):
    assert strip_site_name(title, sites) == expected


def _page(head: str, h1: str, lang: str = "en") -> str:
    body = "".join(f"<p>{line}</p>" for line in BODIES["en"])
    return (f"<html lang='{lang}'><head><meta charset='utf-8'>{head}</head><body><header><nav><a href='/'>Home</a></nav>"
            f"</header><article><h1>{h1}</h1>{body}</article></body></html>")


@pytest.mark.parametrize(
    "head,h1",
    [
        # og:title / twitter:title a social teaser; <title> is the h1 with the site's suffix
        ("<title>Stadtrat verschiebt Abstimmung über neue Radwege | Westfalen-Kurier</title>"
         "<meta property='og:title' content='Radeln in der Stadt: Was jetzt auf Sie zukommt'>"
         "<meta name='twitter:title' content='Radeln in der Stadt: Was jetzt auf Sie zukommt'>",
         "Stadtrat verschiebt Abstimmung über neue Radwege"),
        # every title is the teaser: the text opens with the h1, so the h1 is the headline
        ("<title>Что изменится для пассажиров? Главное о новых тарифах</title>"
         "<meta property='og:title' content='Что изменится для пассажиров? Главное о новых тарифах'>",
         "Московское метро повышает стоимость проезда с января"),
    ],
)
def test_an_og_title_teaser_gives_way_to_the_h1_headline(head, h1):
    from transforms.htmltext import extract_html

    found = extract_html(_page(head, h1), "", {"favor_precision": True, "no_fallback": True})
    assert found.title == h1
    assert not found.text.startswith(h1) and found.text.startswith(BODIES["en"][0][:40])


def test_an_h1_that_is_the_site_name_never_replaces_the_title():
    from transforms.htmltext import extract_html

    head = ("<title>Fakty i mity o zdrowym śnie | Dobre Zdrowie</title><meta property='og:site_name' content='Dobre Zdrowie'>"
            "<meta property='og:title' content='Fakty i mity o zdrowym śnie'>")
    found = extract_html(_page(head, "Dobre Zdrowie Magazyn Online", "pl").replace(
        "<meta property='og:site_name' content='Dobre Zdrowie'>", "<meta property='og:site_name' content='Dobre Zdrowie Magazyn Online'>"),
        "", {"favor_precision": True, "no_fallback": True})
    assert found.title == "Fakty i mity o zdrowym śnie"


@pytest.mark.parametrize(
    "line,names",
    [
        # a second credit after the writer's name ("photos: ...") is not an author
        ("Text: Jana Nováková, foto: Petr Svoboda", ["Jana Nováková"]),
        ("Tekst: Anna Kowalska. Zdjęcia: Piotr Nowak", ["Anna Kowalska"]),
        ("Texto: María López. Fotos: Juan Pérez", ["María López"]),
        # what a Korean reporter made, before the name and the role: 사진·글 (photos and text), 취재 (reporting)
        ("사진·글 박지훈 기자", ["박지훈"]),
        ("취재 이지은 기자", ["이지은"]),
        # a bare name followed only by a date: a byline without a lead word
        ("Erik Lindqvist | 4 mars 2025 kl. 08.15", ["Erik Lindqvist"]),
        ("Jan Novák – 4. března 2025", ["Jan Novák"]),
        ("Maria Rossi e Luca Bianchi | 12 marzo 2025", ["Maria Rossi", "Luca Bianchi"]),
    ],
)
def test_credit_lines_and_bare_names_with_a_date_give_the_writers(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "New York | 4.3.2025",  # a dateline: a place, then the date
        "Hong Kong – 4 March 2025",
        "BERLIN | 4. März 2025",
        "Breaking News | 4.3.2025",
        "Associated Press – March 8, 2025",
        # ("Erik Lindqvist | Stockholm": since the fourteenth session a name then the place it was
        # filed from is a byline: test_a_name_then_its_place_and_labelled_cjk_thai_bylines_give_names)
        "Anna Virtanen kertoo, että 4.3.2025 alkaa uusi aika",
    ],
)
def test_a_place_or_a_label_before_a_date_is_no_byline(line):
    assert byline_names(line) is None


@pytest.mark.parametrize(
    "line,names",
    [
        # Georgian (no capitals in names), Amharic with the Ethiopic wordspace as its colon, Swahili "Na"
        ("ავტორი: ნინო ლომიძე", ["ნინო ლომიძე"]),
        ("ტექსტი: დავით ხარაძე", ["დავით ხარაძე"]),
        ("ጸሐፊ፡ ሰላም ተስፋዬ", ["ሰላም ተስፋዬ"]),
        ("ዘጋቢ: ዮሐንስ መኮንን", ["ዮሐንስ መኮንን"]),
        ("Na Rehema Mwakalinga", ["Rehema Mwakalinga"]),
        # the place after the names is a dateline's, not an author
        ("Na Baraka Mollel, Nairobi", ["Baraka Mollel"]),
        ("By Grace Wanjiru, Addis Ababa", ["Grace Wanjiru"]),
    ],
)
def test_bylines_in_georgian_amharic_and_swahili(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Na hivyo serikali imeamua kuongeza bajeti ya elimu mwaka huu.",  # Swahili "na" opening a sentence
        "Na Rais alisema kwamba mradi huo utakamilika mwakani",
        "ფოტო: ნინო ლომიძე",  # a photo credit is no author
    ],
)
def test_swahili_sentences_and_photo_credits_are_no_bylines(line):
    assert byline_names(line) is None


def test_georgian_and_amharic_credit_lines_leave_the_text():
    from tests.test_clean import LEXICON
    from transforms.clean import clean_text

    ka = ["თბილისის საკრებულომ სამშაბათს ახალი ბიუჯეტი დაამტკიცა, რომელიც სკოლების დაფინანსებას ზრდის.",
          "მერის თქმით, გადაწყვეტილება ქალაქის განვითარებისთვის აუცილებელი იყო და მოსახლეობას სარგებელს მოუტანს."]
    found = clean_text("\n\n".join(["ავტორი: ნინო ლომიძე", "ფოტო: ლევან ჯაფარიძე"] + ka), LEXICON, language="ka")
    assert found.authors == ["ნინო ლომიძე"] and found.text.split("\n\n") == ka
    am = ["የአዲስ አበባ ከተማ ምክር ቤት የሚቀጥለውን ዓመት በጀት ማክሰኞ አጸደቀ። በጀቱ ለትምህርት ቤቶች የሚመደበውን ገንዘብ ያሳድጋል።",
          "ከንቲባዋ ውሳኔው ለከተማዋ እድገት አስፈላጊ መሆኑን ገልጸዋል።"]
    found = clean_text("\n\n".join(["ጸሐፊ፡ ሰላም ተስፋዬ"] + am), LEXICON, language="am")
    assert found.authors == ["ሰላም ተስፋዬ"] and found.text.split("\n\n") == am


@pytest.mark.parametrize(
    "line,names",
    [
        # South Slavic "writes:" in both Serbian scripts, Slovene, Macedonian (cases-6 kinds)
        ("Пише: Марко Петровић", ["Марко Петровић"]),
        ("Piše: Ivana Horvat", ["Ivana Horvat"]),
        ("Avtorica: Maja Novak", ["Maja Novak"]),
        ("Пишува: Елена Стојановска", ["Елена Стојановска"]),
        # Tagalog "Ni" (by), names joined with "at", a "dela" particle
        ("Ni Juan dela Cruz", ["Juan dela Cruz"]),
        ("Ni Maria Santos at Jose Reyes", ["Maria Santos", "Jose Reyes"]),
        # each language's own "and" after its own cue: Swahili/Kinyarwanda "na", Hausa "da", Welsh
        # "ac"; Hebrew's prefix ו on the second name (every part two words or more)
        ("Na Juma Hassan na Amina Said", ["Juma Hassan", "Amina Said"]),
        ("Yanditswe na Jean Uwimana na Alice Mukamana", ["Jean Uwimana", "Alice Mukamana"]),
        ("Daga Aminu Bello da Hauwa Sani", ["Aminu Bello", "Hauwa Sani"]),
        ("Daga: Musa Ibrahim", ["Musa Ibrahim"]),
        ("Gan Rhys Jones ac Elin Davies", ["Rhys Jones", "Elin Davies"]),
        ("מאת: נועה לוי ויוסי כהן", ["נועה לוי", "יוסי כהן"]),
        ("מאת ורד כהן", ["ורד כהן"]),
        ("Por Ana da Silva", ["Ana da Silva"]),  # "da" is a name particle after another language's cue
        # Azerbaijani, Kazakh, Uzbek, Lithuanian, Estonian, Armenian
        ("Müəllif: Elvin Məmmədov", ["Elvin Məmmədov"]),
        ("Тілші: Айгерім Сейітова", ["Айгерім Сейітова"]),
        ("Muallif: Dilshod Karimov", ["Dilshod Karimov"]),
        ("Autorius: Jonas Jonaitis", ["Jonas Jonaitis"]),
        ("Autor: Kadri Tamm", ["Kadri Tamm"]),
        ("Հեղինակ: Անի Պետրոսյան", ["Անի Պետրոսյան"]),
        # the Armenian comma ՝ after the cue, as Armenian sites write it
        ("Հեղինակ՝ Արամ Գևորգյան", ["Արամ Գևորգյան"]),
        # Arabic-script "and" as a prefix: split only when every part is two words or more; a name
        # beginning with و (Wali, Walid, Wafa) stays whole
        ("لیکوال: محمد ولي احمدزی", ["محمد ولي احمدزی"]),
        ("نویسنده: وحید رضایی", ["وحید رضایی"]),
        ("كتب: عبد الله وليد", ["عبد الله وليد"]),
        ("بقلم: منى عادل وسارة يوسف", ["منى عادل", "سارة يوسف"]),
        ("تحریر: عائشہ خان وفرحان علی", ["عائشہ خان", "فرحان علی"]),
        # Latvian text + photo credit: the photographer is no author
        ("Teksts: Anna Bērziņa, foto: Jānis Kalniņš", ["Anna Bērziņa"]),
    ],
)
def test_bylines_in_more_languages(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Per Anders Olsson",  # a Scandinavian first name, not Catalan "per"
        "Ni hindi pa nakakaalam ang mga residente tungkol sa plano.",  # Tagalog "ni" in a sentence
        "Piše se nova povijest hrvatskog sporta.",  # "piše" opening a sentence
        "Müəllif hüquqları qorunur.",  # "author's rights are protected"
        "Daga ranar Litinin gwamnati za ta fara aikin gyaran hanyoyi.",  # Hausa "from Monday ..."
        "Daga bisani, Gwamna Abba ya kaddamar da aikin.",  # "later, ..."
    ],
)
def test_more_byline_words_opening_sentences_are_no_bylines(line):
    assert byline_names(line) is None


def test_a_labelled_credit_line_closing_a_text_gives_the_author():
    """A .txt in Latvian whose last line credits the text and the photos: the writer goes to
    authors, the line leaves the text; an unlabelled closing sentence stays."""
    from tests.test_clean import LEXICON
    from transforms.clean import clean_text

    lv = ["Rīgas dome otrdien apstiprināja nākamā gada budžetu, kurā vairāk naudas paredzēts skolu remontiem.",
          "Mērs sacīja, ka lēmums ir svarīgs pilsētas attīstībai un iedzīvotāji to izjutīs jau pavasarī.",
          "Opozīcija uzskata, ka ieņēmumu prognozes ir pārāk optimistiskas."]
    found = clean_text("\n\n".join(lv + ["Teksts: Anna Bērziņa, foto: Jānis Kalniņš"]), LEXICON, language="lv")
    assert found.authors == ["Anna Bērziņa"] and found.text.split("\n\n") == lv
    sr = ["Градска скупштина усвојила је у уторак буџет за наредну годину, са више новца за школе.",
          "Градоначелник је рекао да је одлука важна за развој града."]
    found = clean_text("\n\n".join(["Пише: Марко Петровић"] + sr), LEXICON, language="sr")
    assert found.authors == ["Марко Петровић"] and found.text.split("\n\n") == sr


@pytest.mark.parametrize(
    "line,names",
    [
        # Welsh "Gan" (by), Kinyarwanda "Yanditswe na" (written by), Luxembourgish "Vum" with a surname
        # that is also an agency's word: a person, never the agency (cases-7 kinds)
        ("Gan Siân Griffiths", ["Siân Griffiths"]),
        ("Yanditswe na Jean Bosco Habimana", ["Jean Bosco Habimana"]),
        ("Vum Jang Reuter", ["Jang Reuter"]),
    ],
)
def test_bylines_in_welsh_kinyarwanda_luxembourgish(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize("line", ["Gan fod y cyngor wedi penderfynu ar y gyllideb.", "Vum Samschdeg un ass de Musée op."])
def test_welsh_and_luxembourgish_sentences_opening_with_the_byline_word_are_no_bylines(line):
    assert byline_names(line) is None


def test_a_name_and_a_time_closing_a_text_give_the_author():
    """A Vietnamese text closing with its writer's name and the time it was filed (no lead word):
    the name goes to authors and the line leaves the text."""
    vi = ["Hội đồng thành phố đã thông qua ngân sách năm tới vào chiều thứ Ba sau nhiều giờ tranh luận.",
          "Thị trưởng cho biết quyết định này rất quan trọng đối với sự phát triển của thành phố.",
          "Phe đối lập cho rằng dự báo thu ngân sách quá lạc quan và yêu cầu xem xét lại."]
    found = clean_text("\n\n".join(vi + ["Nguyễn Minh Châu - 14:30 03/05/2024"]), LEXICON, language="vi")
    assert found.authors == ["Nguyễn Minh Châu"] and found.text.split("\n\n") == vi


@pytest.mark.parametrize("markup, name", [
    ('<span class="autor">Por Mariana Couto</span> <span class="data">Lisboa, 3 fev. 2025</span>', "Mariana Couto"),
    ('<div class="article-auteur">Par Camille Rousseau</div>', "Camille Rousseau"),
    ('<p id="yazar">Zeynep Aydın</p>', "Zeynep Aydın"),
    ('<div class="penulis">Oleh: Rina Wulandari</div>', "Rina Wulandari"),
])
def test_an_element_named_author_in_the_sites_language_gives_the_name(markup, name):
    """trafilatura's author expressions know English class names only; an element named "autor",
    "auteur", "yazar", "penulis" is read as a byline when they find nothing (htmltext._local_author)."""
    from transforms.htmltext import extract_html

    body = "".join(f"<p>{sentence}</p>" for sentence in (
        "The regional council approved the new budget on Tuesday after a long debate between the parties.",
        "Most of the money will go to schools, roads and the renovation of the old hospital in the centre.",
        "The opposition said the revenue forecasts were too optimistic and asked for an independent review.",
    ))
    page = f"<html><head><title>Budget</title></head><body><article><h1>Budget approved</h1>{markup}{body}</article></body></html>"
    found = extract_html(page, "", {"favor_precision": True, "no_fallback": True})
    assert found.authors == [name]


def test_an_element_named_author_holding_no_person_gives_no_author():
    from transforms.htmltext import extract_html

    body = "<p>The regional council approved the new budget on Tuesday after a long debate between the parties.</p>" * 3
    page = ('<html><head><title>Budget</title></head><body><article><h1>Budget approved</h1>'
            f'<div class="autor">Redacción</div>{body}</article></body></html>')
    assert extract_html(page, "", {"favor_precision": True, "no_fallback": True}).authors == []


@pytest.mark.parametrize("line, languages, names", [
    ("Le Seán Ó Briain", ["ga"], ["Seán Ó Briain"]),  # Irish "Le NAME" (by)
    ("Le hAoife Ní Fhearraigh agus Ciarán Mac Giolla", ["ga"], None),  # "hAoife": a lower-case first letter, no name
    ("Le Máire Nic Aodha agus Ciarán Mac Giolla", ["ga"], ["Máire Nic Aodha", "Ciarán Mac Giolla"]),
    ("Gan Siân Roberts ac Owain Jones", ["cy"], ["Siân Roberts", "Owain Jones"]),  # Welsh "Gan NAME"
    ("Le Président Macron", ["fr"], None),  # a French line: "Le" is no byline cue in French
    ("Le Monde Diplomatique", ["fr"], None),
    ("Le gouvernement a annoncé une réforme des retraites.", ["fr"], None),
    ("Le Havre", ["ga"], None),  # a place, not a person
    ("Gan fod y llywodraeth wedi cyhoeddi cynllun newydd.", ["cy"], None),  # a Welsh sentence
])
def test_irish_and_welsh_bylines_and_their_look_alikes(line, languages, names):
    assert byline_names(line, languages) == names


# --- a credit listing several names with the language's joiners (CLDR list patterns) ------------
def test_the_joiners_of_a_list_come_from_cldr():
    from transforms.bylines import list_joiners

    assert "e" in list_joiners("it") and "en" in list_joiners("nl") and "und" in list_joiners("de")
    assert "и" in list_joiners("ru") and "、" in list_joiners("ja") and "和" in list_joiners("zh-Hant")
    assert list_joiners("und") == () and list_joiners("") == ()


@pytest.mark.parametrize("credit, languages, names", [
    ("Giulia Ferraro E Marco Lenti", ["it"], ["Giulia Ferraro", "Marco Lenti"]),  # trafilatura's title case
    ("Anouk de Vries en Pieter Jansen", ["nl"], ["Anouk de Vries", "Pieter Jansen"]),
    ("Иван Петров и Анна Смирнова", ["ru"], ["Иван Петров", "Анна Смирнова"]),
    ("Marta Kowalska i Piotr Nowak", ["pl"], ["Marta Kowalska", "Piotr Nowak"]),
    ("Kaisa Virtanen ja Mikko Laine", ["fi"], ["Kaisa Virtanen", "Mikko Laine"]),
    ("Ayşe Yılmaz ve Mehmet Demir", ["tr"], ["Ayşe Yılmaz", "Mehmet Demir"]),
    ("陳怡君和王小明", ["zh"], ["陳怡君", "王小明"]),
    ("Jane Doe & John Roe", [], ["Jane Doe", "John Roe"]),
    # one name holding the word: a piece of one word is no name of its own
    ("José Ortega y Gasset", ["es"], ["José Ortega y Gasset"]),
    ("José Ortega y Gasset y María López", ["es"], ["José Ortega y Gasset", "María López"]),
    ("João Silva e Sousa", ["pt"], ["João Silva e Sousa"]),
    ("王和平", ["zh"], ["王和平"]),
    # another language's joiner splits nothing: "e" is no joiner on an English page
    ("Giulia Ferraro E Marco Lenti", ["en"], ["Giulia Ferraro E Marco Lenti"]),
])
def test_a_credit_listing_names_is_split_by_the_pages_language(credit, languages, names):
    from transforms.bylines import split_names

    assert split_names(credit, languages) == names


def test_a_byline_keeps_a_name_holding_a_joiner_word_whole():
    assert byline_names("Por José Ortega y Gasset") == ["José Ortega y Gasset"]
    assert byline_names("Por María López y Juan Pérez") == ["María López", "Juan Pérez"]
    assert byline_names("Di Giulia Ferraro e Marco Lenti", ["it"]) == ["Giulia Ferraro", "Marco Lenti"]


def _credited_page(head: str, lang: str = "") -> str:
    body = "".join(f"<p>{s}</p>" for s in (
        "Il consiglio comunale ha approvato ieri sera il bilancio di previsione per il prossimo anno, con ventidue voti favorevoli.",
        "Il documento prevede nuovi investimenti per le scuole e per il trasporto pubblico nei quartieri periferici della città.",
    )) if lang == "it" else "".join(f"<p>{s}</p>" for s in (
        "A câmara municipal aprovou ontem o orçamento para o próximo ano, com os votos favoráveis da maioria e a abstenção da oposição.",
        "O documento prevê novos investimentos em escolas, transportes públicos e habitação social ao longo dos próximos meses.",
    ))
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<html{lang_attr}><head><title>Bilancio</title>{head}</head><body><article><h1>Bilancio</h1>{body}</article></body></html>"


@pytest.mark.parametrize("head, lang, names", [
    # "di ..." opens in lower case: trafilatura title-cases the whole string ("Di Giulia Ferraro E Marco Lenti")
    ('<meta name="author" content="di Giulia Ferraro e Marco Lenti">', "it", ["Giulia Ferraro", "Marco Lenti"]),
    # JSON-LD on a page without lang: the detected language (Portuguese) gives "e"; "da" stays lower case
    ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
     '"author":{"@type":"Person","name":"por Ana da Silva e João Pereira"}}</script>', "", ["Ana da Silva", "João Pereira"]),
    ('<meta name="author" content="Ana da Silva e Sousa">', "", ["Ana da Silva e Sousa"]),
])
def test_page_authors_split_at_the_pages_joiners(head, lang, names):
    from transforms.htmltext import extract_html

    assert extract_html(_credited_page(head, lang), "", {"favor_precision": True, "no_fallback": True}).authors == names


def test_merge_authors_splits_a_records_credit_in_its_language():
    from transforms.clean import merge_authors

    assert merge_authors(["Marta Kowalska i Piotr Nowak"], [], languages=["pl"]) == ["Marta Kowalska", "Piotr Nowak"]
    assert merge_authors(["Giulia Ferraro e Marco Lenti"], ["Marco Lenti"], languages=lambda: {"it"}) == [
        "Giulia Ferraro", "Marco Lenti"]


# --- bylines in the words of the page's language, on pages without a lang ------------------------
@pytest.mark.parametrize("line, names", [
    ("Geschreven door Anouk de Vries en Pieter Jansen", ["Anouk de Vries", "Pieter Jansen"]),
    ("Door onze verslaggevers Anouk de Vries en Pieter Jansen", ["Anouk de Vries", "Pieter Jansen"]),
    ("Von unseren Korrespondenten Anna Müller und Jonas Weber", ["Anna Müller", "Jonas Weber"]),
    ("Par nos envoyés spéciaux Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("Por nuestros corresponsales María López y Juan Pérez", ["María López", "Juan Pérez"]),
    ("Escrito por María López", ["María López"]),
    ("Skrevet af Mette Hansen og Lars Nielsen", ["Mette Hansen", "Lars Nielsen"]),
    # a date after the names with no separator
    ("Door Anouk de Vries en Pieter Jansen op 12 maart 2024 om 09:15", ["Anouk de Vries", "Pieter Jansen"]),
    ("Par Jean Dupont le 3 mars 2024 à 10h", ["Jean Dupont"]),
])
def test_written_by_phrases_roles_and_dates_around_the_names(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize("line", [
    "Door onze verslaggever in Brussel werd gemeld dat de top is uitgesteld.",
    "Door de regering werd besloten de belasting te verlagen.",
    "Escrito por encargo del ministerio, el informe fue publicado ayer.",
])
def test_sentences_opening_with_those_phrases_are_no_bylines(line):
    assert byline_names(line) is None


_NL_BODY = ("<p>De gemeente heeft zaterdag de nieuwe fietsbrug over het kanaal geopend. De brug verbindt de wijk met "
            "het centrum en bespaart fietsers tien minuten reistijd.</p><p>Volgens de wethouder is de brug een belangrijke "
            "schakel in het fietsnetwerk van de stad, dat de komende jaren verder wordt uitgebreid.</p>")


def _cleaned(html: str, language: str = ""):
    """The pipeline's extraction (extract_html) then its clean stage (clean_text, merge_authors)."""
    from transforms.clean import merge_authors
    from transforms.htmltext import extract_html

    found = extract_html(html, "", {"favor_precision": True, "no_fallback": True, "include_tables": True})
    cleaned = clean_text(found.text, LEXICON, title=found.title, language=language, site_names=(found.publisher,))
    return merge_authors(found.authors, cleaned.authors, (found.publisher,), "", cleaned.page_languages), cleaned.text


@pytest.mark.parametrize("byline", [
    "<p>Geschreven door Anouk de Vries en Pieter Jansen</p>",
    "<p>Door onze verslaggevers Anouk de Vries en Pieter Jansen</p>",
    '<div class="byline">Door Anouk de Vries en Pieter Jansen</div>',
])
def test_a_dutch_byline_on_a_page_without_lang_gives_both_names_and_leaves_the_text(byline):
    page = ("<html><head><meta charset='utf-8'><title>Gemeente opent nieuwe fietsbrug</title></head><body><article>"
            f"<h1>Gemeente opent nieuwe fietsbrug</h1>{byline}{_NL_BODY}</article></body></html>")
    authors, text = _cleaned(page)
    assert authors == ["Anouk de Vries", "Pieter Jansen"]
    assert "Anouk" not in text and text.startswith("De gemeente heeft zaterdag")


def test_a_credit_in_the_author_meta_of_a_page_without_lang_is_split_in_its_detected_language():
    page = ("<html><head><meta charset='utf-8'><title>Gemeente opent nieuwe fietsbrug</title>"
            "<meta name='author' content='Anouk de Vries en Pieter Jansen'></head><body><article>"
            f"<h1>Gemeente opent nieuwe fietsbrug</h1>{_NL_BODY}</article></body></html>")
    assert _cleaned(page)[0] == ["Anouk de Vries", "Pieter Jansen"]


# --- reporter credits of Chinese, Japanese and Korean papers -------------------------------------
@pytest.mark.parametrize("line, names", [
    ("記者陳怡君／台北報導", ["陳怡君"]),
    ("【記者陳怡君/台北報導】", ["陳怡君"]),
    ("記者陳怡君、林志明／台北報導", ["陳怡君", "林志明"]),
    ("〔記者王大明／高雄報導〕", ["王大明"]),
    ("本报记者 王小明 北京报道", ["王小明"]),
    ("文／記者陳怡君", ["陳怡君"]),
    ("（佐藤健一記者）", ["佐藤健一"]),
    ("홍길동 기자 =", ["홍길동"]),
    ("[서울=연합뉴스] 홍길동 기자", ["홍길동"]),
    ("【ニューヨーク＝高橋誠一】", ["高橋誠一"]),
    ("【北京＝佐藤健一、鈴木花子】", ["佐藤健一", "鈴木花子"]),
])
def test_cjk_and_korean_reporter_credits_alone_on_a_line(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize("paragraph, names, rest", [
    ("（中央社記者林志明台北15日電）中央氣象署今天表示，颱風正朝台灣東部海面接近。", ["林志明"], "中央氣象署今天表示，颱風正朝台灣東部海面接近。"),
    ("（中央社記者林志明、王小華華盛頓14日專電）美國國務院今天表示。", ["林志明", "王小華"], "美國國務院今天表示。"),
    ("〔記者陳怡君／台北報導〕台北市政府今天宣布新計畫。", ["陳怡君"], "台北市政府今天宣布新計畫。"),
    ("【ロンドン＝森田あかり、小池俊介】英政府は３日、鉄道の再国有化を発表した。", ["森田あかり", "小池俊介"],
     "英政府は３日、鉄道の再国有化を発表した。"),
])
def test_a_reporter_credit_opening_the_first_paragraph(paragraph, names, rest):
    from transforms.bylines import cjk_reporter_credit

    found = cjk_reporter_credit(paragraph)
    assert found is not None and found[0] == names and found[2] == rest


@pytest.mark.parametrize("text", [
    "記者會上，市長表示將推動改革。",  # "press conference"
    "記者王小明說，市府將推動改革。",  # a sentence about a reporter
    "記者王小明報導，市府將推動改革。",
    "（中央社東京15日綜合外電報導）日本政府今天宣布。",  # no reporter named
    "（共同通信記者）",  # an outlet's reporter
    "【ワシントン＝共同】米政府は３日、新たな制裁を発表した。",  # an agency's dateline credit, nobody named
    "【ソウル＝時事】韓国政府は３日、声明を出した。",
])
def test_sentences_and_credits_naming_nobody_give_no_reporter(text):
    from transforms.bylines import cjk_reporter_credit

    assert cjk_reporter_credit(text) is None


def test_korean_wire_credit_opening_a_paragraph():
    from transforms.bylines import korean_reporter_credit

    names, credit, rest = korean_reporter_credit("[서울=연합뉴스] 홍길동 이지은 기자 = 서울시가 노후 주택 개선 사업을 확대한다.")
    assert names == ["홍길동", "이지은"] and rest == "서울시가 노후 주택 개선 사업을 확대한다."
    assert korean_reporter_credit("홍길동 기자가 현장에서 전했다.") is None


@pytest.mark.parametrize("lang, paragraphs, names, first", [
    ("zh-Hant", ["記者陳怡君／台北報導",
                 "台北市政府今天宣布，將推動新一波老屋更新計畫，預計在未來五年內協助超過一萬戶老舊住宅進行結構補強與外觀整修。",
                 "市府官員表示，這項計畫將優先處理屋齡超過四十年的建築，並與民間建商合作，加速審查流程。"],
     ["陳怡君"], "台北市政府今天宣布"),
    ("zh-TW", ["（中央社記者林志明台北15日電）中央氣象署今天表示，颱風正朝台灣東部海面接近，預計明天起東部地區將有豪雨，民眾應提高警覺。",
               "氣象署指出，花蓮與台東山區累積雨量可能超過五百毫米，提醒登山客暫停入山活動。"],
     ["林志明"], "中央氣象署今天表示"),
    ("ja", ["市は十日、駅前に新しい図書館を開館した。蔵書は約三十万冊で、夜十時まで利用できる。開館式には多くの市民が集まり、館内を見学した。",
            "市長は「子どもから高齢者まで、誰もが集える場所にしたい」と話した。（佐藤健一記者）"],
     ["佐藤健一"], "市は十日"),
    ("ja", ["【ベルリン＝村上康平、西田真由美】ドイツ政府は四日、国内の再生可能エネルギー発電の比率を二〇三〇年までに八割へ引き上げる新たな計画を閣議決定した。",
            "経済省によると、洋上風力発電の入札を前倒しし、送電網の整備に年間百億ユーロを投じる。産業界からは電気料金の上昇を懸念する声も出ている。"],
     ["村上康平", "西田真由美"], "ドイツ政府は四日"),
    ("ko", ["[서울=연합뉴스] 홍길동 기자 = 서울시가 노후 주택 개선 사업을 내년부터 대폭 확대한다고 10일 밝혔다. 시는 이를 위해 예산 500억 원을 추가로 편성할 계획이다.",
            "시 관계자는 \"주거 환경이 열악한 지역을 중심으로 지원을 늘리겠다\"고 말했다."],
     ["홍길동"], "서울시가 노후 주택"),
])
def test_a_reporter_credit_leaves_the_page_text_and_names_the_author(lang, paragraphs, names, first):
    page = (f"<html lang='{lang}'><head><meta charset='utf-8'><title>新聞</title></head><body><article><h1>新聞</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    authors, text = _cleaned(page, lang.split("-")[0])
    assert authors == names
    assert text.startswith(first) and "記者" not in text and "기자 =" not in text
    assert len(text.split("\n\n")) == len(paragraphs) - (paragraphs[0].endswith("報導"))  # every body paragraph kept


# ---- fourteenth session (issue 16): credit and byline shapes beyond agency names alone -------------

@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Amina Yusuf in Abuja and Tom Baker; Editing by Lena Fischer)",
        "Additional reporting by Pedro Alves; Writing by Grace Liu",
        "Reuters contributed to this report.",
        "— Jane Roe and Omar Haddad contributed reporting.",
        "Com informações da Agência Brasil e da Reuters",
        "По материалам РИА Новости и «Интерфакса»",
        "Con información de la agencia EFE",
    ],
)
def test_contributor_and_agency_credits_of_other_shapes_are_credits(line):
    assert is_agency_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by the team was delayed by the storm over the weekend.",
        "Several partners contributed to this report on rural schools, which was funded by the ministry.",
        "Агентство сообщило о пожаре на складе в пригороде.",
        "Editing by committee rarely produces a clear law, critics said.",
    ],
)
def test_sentences_about_reporting_or_agencies_are_no_credits(line):
    assert not is_agency_credit(line)


@pytest.mark.parametrize(
    "line, names",
    [
        ("Mehmet Demir / İzmir", ["Mehmet Demir"]),
        ("Анна Смирнова, Москва", ["Анна Смирнова"]),
        ("Kwame Mensah | Accra", ["Kwame Mensah"]),
        ("文・鈴木一郎", ["鈴木一郎"]),
        ("เรื่อง: วิชัย สุขใจ", ["วิชัย สุขใจ"]),
    ],
)
def test_a_name_then_its_place_and_labelled_cjk_thai_bylines_give_names(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize("line", ["Prime Minister, Tuesday", "Jane Roe / EXCLUSIVE", "Ahmet Demir, the new coach, arrived on Monday."])
def test_a_name_and_a_day_label_or_sentence_is_no_name_place_byline(line):
    assert not byline_names(line)


@pytest.mark.parametrize("line", ["নিজস্ব প্রতিবেদক, চট্টগ্রাম", "Staff Reporter, Kampala", "निज संवाददाता, लखनऊ"])
def test_the_papers_own_unnamed_reporter_and_place_is_a_staff_byline(line):
    assert is_staff_byline(line)


def test_an_editor_line_above_the_text_goes_without_naming_an_author():
    body = ["市政府周三公布了新的公共交通票价方案，将于下月起实施。", "市民可以通过官方网站查询具体的调整内容。"]
    found = clean_text("\n\n".join(["责任编辑：王芳", *body]), LEXICON, language="zh")
    assert found.text.split("\n\n") == body
    assert "王芳" not in found.authors


# Plural and reporter labels ("Autoři:", "Szerzők:", "Phóng viên:") and the "and" words beside CLDR's
# list pattern ("та", "oraz"): the names, each whole (fourteenth session).
PLURAL_LABEL_BYLINES = [
    ("cs", "Autoři: Jana Nováková a Petr Svoboda", ["Jana Nováková", "Petr Svoboda"]),
    ("ro", "Autori: Ioana Popescu și Mihai Ionescu", ["Ioana Popescu", "Mihai Ionescu"]),
    ("hu", "Szerzők: Kovács Anna és Nagy Péter", ["Kovács Anna", "Nagy Péter"]),
    ("tr", "Yazanlar: Ayşe Demir ve Mehmet Kaya", ["Ayşe Demir", "Mehmet Kaya"]),
    ("vi", "Phóng viên: Lê Thị Mai", ["Lê Thị Mai"]),
    ("uk", "Автори: Ірина Коваль та Богдан Лисенко", ["Ірина Коваль", "Богдан Лисенко"]),
    ("nl", "Auteurs: Eva de Boer en Sam Visser", ["Eva de Boer", "Sam Visser"]),
    ("it", "Autori: Chiara Conti e Luca Galli", ["Chiara Conti", "Luca Galli"]),
    ("pl", "Autorzy: Marta Zielińska oraz Jan Nowak", ["Marta Zielińska", "Jan Nowak"]),
]


@pytest.mark.parametrize("lang, line, names", PLURAL_LABEL_BYLINES, ids=[b[0] for b in PLURAL_LABEL_BYLINES])
def test_a_plural_or_reporter_label_gives_every_name(lang, line, names):
    assert byline_names(line, [lang]) == names


@pytest.mark.parametrize("lang, sentence", [
    ("cs", "Autoři studie upozorňují, že sucho bude v regionu pokračovat i příští rok."),
    ("tr", "Yazanlar ve çizerler dün İstanbul’da düzenlenen bir toplantıda bir araya geldi."),
    ("vi", "Phóng viên Lê Thị Mai bị thương khi tác nghiệp tại hiện trường vụ cháy."),
    ("nl", "Auteurs en uitgevers protesteren tegen de nieuwe regels voor de boekenprijs."),
    ("it", "Autori italiani e stranieri saranno ospiti del festival di Mantova."),
])
def test_a_sentence_opening_with_a_plural_label_word_is_no_byline(lang, sentence):
    assert byline_names(sentence, [lang]) is None


# A dispatch's dateline and agency standing as their own line: a place, a day, the agency
# (bylines._dateline_agency; fourteenth session). Own inputs.
@pytest.mark.parametrize("line", [
    "Lima, 8 abr (EFE).-",
    "КИЇВ, 12 червня — Укрінформ.",
    "Iași, 2 mai /Agerpres/",
    "مسقط - (د ب أ)",
    "मुंबई, 4 मार्च (भाषा)",
    "【北京共同】",
    "Porto Alegre, 9 de junho (Reuters)",
])
def test_a_dateline_with_an_agency_is_a_credit(line):
    assert is_agency_credit(line)


@pytest.mark.parametrize("line", [
    "Lima, 8 de abril de 2025.",
    "El Ministerio de Salud informó (EFE) que la campaña empezará el lunes",
    "Roma, 4 giugno (ANSA) - Il governo ha approvato il decreto sulle bollette",
    "東京都内で開かれた共同記者会見",
    "Kyiv, 12 June: the ministry said Ukrinform had been hacked",
    "It’s Complicated [ Bloomberg ]",  # a heading: without a day, the place must be one
])
def test_a_sentence_with_a_dateline_or_an_agency_is_no_credit(line):
    assert not is_agency_credit(line)


def test_a_closing_dateline_credit_leaves_the_text():
    body = ["El Gobierno peruano aprobó este martes un plan de emergencia para las regiones afectadas por las lluvias del norte.",
            "La ministra de Economía dijo que los fondos llegarán a los municipios antes de fin de mes."]
    result = clean_text("\n\n".join([*body, "Lima, 8 abr (EFE).-"]), LEXICON, language="es")
    assert result.text.split("\n\n") == body
