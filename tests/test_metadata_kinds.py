"""The metadata kinds of the blind case sets, each with inputs of our own in other languages than
the case that showed it (tests/fixtures/cases-7): a date in another calendar (Hijri, Hebrew,
Ethiopian), a time in its own element beside the date, a zone-less time on a page whose locale has
one fixed zone, the label residue of a dateline whose dates are <time> elements, a closing
signature, a 'Section :: Site' title with the headline in the article block's <h2>, a canonical
on another site's copy, a date in words whose connectors dateparser's locale lacks, and an
undeclared Baltic code page. Real libraries (dateparser, hijridate, pyluach, convertdate, babel,
trafilatura, charset-normalizer) on small real-shaped pages."""

import pytest

from transforms.dates import iso_utc, locale_zone, read_date_line
from transforms.decode import decode_bytes
from transforms.htmltext import extract_html

OPTIONS = {"favor_precision": True, "no_fallback": True, "include_tables": True}


def _page(lang: str, headline: str, dateline: str, paragraphs: list, head: str = "", after: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{headline}</title>{head}</head>'
            f"<body><article><h1>{headline}</h1>{dateline}{body}{after}</article></body></html>")


@pytest.mark.parametrize("line, locale, day", [
    ("الخميس 5 رمضان 1446 هـ", "ar", "2025-03-05"),  # Hijri, Arabic month name
    ("۲۵ ذی‌الحجه ۱۴۴۵", "ur", "2024-07-01"),  # Persian/Urdu spelling of a Hijri month, Persian digits
    ("Jumat, 10 Syawal 1445 H", "id", "2024-04-19"),  # Indonesian transliteration
    ("ט״ו בשבט תשפ״ה", "he", "2025-02-13"),  # Hebrew calendar, gershayim numerals
    ("כ״ה בכסלו ה׳תשפ״ה", "yi", "2024-12-26"),  # with the thousands letter
    ("12 Tishrei 5785", "en", "2024-10-14"),  # transliterated
    ("ጥቅምቲ 12 2016 ዓ.ም.", "ti", "2023-10-23"),  # Ethiopian calendar, Tigrinya month name
    ("ሰኔ 30 ቀን 2016", "am", "2024-07-07"),
])
def test_a_date_in_another_calendar_is_converted(line, locale, day):
    found = read_date_line(line, locale)
    assert found is not None and found.written.isoformat() == day


def test_a_calendar_date_beside_a_gregorian_one_leaves_the_gregorian_one():
    found = read_date_line("الجمعة 11 شوال 1445 هـ - 19 أبريل 2024 م", "ar")
    assert found.written.isoformat() == "2024-04-19"  # not 11 Shawwal (20 April)


@pytest.mark.parametrize("lang, line, utc", [
    ("ja", "公開 2024/05/03 14:20", "2024-05-03T05:20:00Z"),  # Japan: UTC+9 all year
    ("th", "3 พฤษภาคม 2567 14:20", "2024-05-03T07:20:00Z"),  # Thailand: UTC+7, Buddhist era
    ("ka", "03.05.2024 14:20", "2024-05-03T10:20:00Z"),  # Georgia: UTC+4
])
def test_a_zone_less_time_is_read_in_the_one_fixed_zone_of_the_page_locale(lang, line, utc):
    found = read_date_line(line, lang, zone=locale_zone(lang))
    assert found.zoned_time and found.when.isoformat().replace("+00:00", "Z") == utc


@pytest.mark.parametrize("lang, line, utc", [
    ("he", "14.01.2026 13:20", "2026-01-14T11:20:00Z"),  # Israel: UTC+2 in winter
    ("he", "14.07.2026 13:20", "2026-07-14T10:20:00Z"),  # and UTC+3 in summer
    ("sq", "14 janar 2026, 10:00", "2026-01-14T09:00:00Z"),  # Albania and its neighbours: CET
    ("lt", "2026-07-14 09:00", "2026-07-14T06:00:00Z"),  # Lithuania: EEST in summer
])
def test_a_zone_less_time_is_read_in_the_one_clock_of_the_page_locale_at_its_date(lang, line, utc):
    found = read_date_line(line, lang, zone=locale_zone(lang))
    assert found.zoned_time and found.when.isoformat().replace("+00:00", "Z") == utc


@pytest.mark.parametrize("locale", ["en", "zh", "ar", "pt", "fa", "es", "ca"])
def test_no_zone_for_a_locale_of_several_clocks(locale):
    assert locale_zone(locale) == ""  # pt: Portugal, Brazil, Angola...; fa: Iran and Afghanistan; es, ca: the Canaries


@pytest.mark.parametrize("locale, zone", [("pl", "Europe/Warsaw"), ("bn", "Asia/Dhaka")])
def test_a_language_official_in_one_country_only_keeps_its_clock(locale, zone):
    assert locale_zone(locale) == zone  # pl: 1%+ of the UK's people too; bn: regional in India


def test_a_zone_less_time_on_a_polish_page_is_polands():
    html = _page("pl", "Rada miasta przyjęła budżet", '<div class="date">12.03.2025 14:30</div>',
                 ["Radni przyjęli budżet miasta na przyszły rok po długiej debacie o kosztach transportu.",
                  "Opozycja zapowiedziała, że złoży wniosek o ponowne rozpatrzenie uchwały budżetowej."])
    assert iso_utc(extract_html(html, "", OPTIONS).published) == "2025-03-12T13:30:00Z"  # CET


@pytest.mark.parametrize("lang, headline, dateline, paragraphs, utc", [
    ("th", "กรุงเทพฯ เปิดเส้นทางรถไฟฟ้าสายใหม่",
     '<div class="meta"><span class="date">วันพุธที่ 12 มีนาคม 2568</span> <span class="time">เวลา 14:30 น.</span></div>',
     ["กรุงเทพมหานครเปิดให้บริการรถไฟฟ้าสายใหม่อย่างเป็นทางการในวันนี้ โดยมีประชาชนจำนวนมากมาร่วมใช้บริการ",
      "เส้นทางดังกล่าวมีความยาวยี่สิบกิโลเมตรและมีสถานีทั้งหมดสิบห้าสถานีตลอดเส้นทาง"], "2025-03-12T07:30:00Z"),
    ("tr", "İzmir'de yeni metro hattı açıldı",
     '<div class="news-date"><span class="date">12 Mart 2025</span> - <span class="hour">14:30 (GMT+3)</span></div>',
     ["İzmir Büyükşehir Belediyesi yeni metro hattını törenle hizmete açtı ve ilk sefer bugün yapıldı.",
      "Hat on iki kilometre uzunluğunda olup toplam on istasyondan oluşuyor ve günde yüz bin yolcu taşıyacak."],
     "2025-03-12T11:30:00Z"),
])
def test_a_time_in_its_own_element_beside_the_date_is_one_dateline(lang, headline, dateline, paragraphs, utc):
    assert iso_utc(extract_html(_page(lang, headline, dateline, paragraphs), "", OPTIONS).published) == utc


def test_an_update_time_beside_the_date_is_not_the_publication_time():
    dateline = ('<div class="haber-bilgi"><span class="date">12 Mart 2025</span> '
                '<span class="updated">Güncelleme 18:45 (GMT+3)</span></div>')
    html = _page("tr", "İzmir'de yeni metro hattı açıldı", dateline,
                 ["İzmir Büyükşehir Belediyesi yeni metro hattını törenle hizmete açtı ve ilk sefer bugün yapıldı.",
                  "Hat on iki kilometre uzunluğunda olup toplam on istasyondan oluşuyor."])
    assert iso_utc(extract_html(html, "", OPTIONS).published) == "2025-03-12T00:00:00Z"


@pytest.mark.parametrize("lang, headline, dateline, paragraphs", [
    ("sv", "Ny bro över älven klar i höst",
     '<div class="tidsstampel">Publicerad <time datetime="2025-03-12T14:05:00+01:00">3 timmar sedan</time> · '
     'Uppdaterad <time datetime="2025-03-12T16:40:00+01:00">1 timme sedan</time></div>',
     ["Den nya bron över älven blir klar i höst, två månader före tidsplanen, meddelar kommunen.",
      "Trafiken över bron beräknas öka med en tredjedel när den gamla bron stängs för renovering."]),
    ("hu", "Elkészült az új híd a folyó felett",
     '<p class="ido">Közzétéve: <time datetime="2025-03-12T14:05:00+01:00">3 órája</time></p>',
     ["Az új híd két hónappal a tervezett határidő előtt készült el, közölte az önkormányzat.",
      "A forgalom a hídon várhatóan egyharmadával nő, amikor a régi hidat felújítás miatt lezárják."]),
])
def test_the_labels_of_a_dateline_left_without_their_times_are_not_text(lang, headline, dateline, paragraphs):
    found = extract_html(_page(lang, headline, dateline, paragraphs), "", OPTIONS)
    assert found.text.startswith(paragraphs[0][:30]), found.text[:80]
    assert iso_utc(found.published) == "2025-03-12T13:05:00Z"


@pytest.mark.parametrize("lang, headline, paragraphs, name", [
    ("id", "Jakarta membuka jalur bus listrik baru ke bandara",
     ["Pemerintah Provinsi DKI Jakarta membuka jalur bus listrik baru yang menghubungkan pusat kota dengan bandara.",
      "Tarif sekali jalan ditetapkan sebesar dua puluh ribu rupiah dan dapat dibayar dengan kartu bank."], "Rina Wulandari"),
    ("hr", "Zagreb otvara novu liniju električnog autobusa",
     ["Grad Zagreb otvorio je novu liniju električnog autobusa koja povezuje središte grada sa zračnom lukom.",
      "Cijena jedne vožnje iznosi dva eura, a karta se može platiti bankovnom karticom ili aplikacijom."], "Ivana Horvat"),
])
def test_a_closing_signature_is_the_author_not_text(lang, headline, paragraphs, name):
    html = _page(lang, headline, "", paragraphs, after=f'<p style="text-align: right"><b>{name}</b></p>')
    found = extract_html(html, "", OPTIONS)
    assert found.authors == [name] and name not in found.text


def test_a_closing_sentence_in_bold_is_text_not_an_author():
    paragraphs = ["Pemerintah Provinsi DKI Jakarta membuka jalur bus listrik baru yang menghubungkan pusat kota dengan bandara.",
                  "Tarif sekali jalan ditetapkan sebesar dua puluh ribu rupiah dan dapat dibayar dengan kartu bank."]
    html = _page("id", "Jakarta membuka jalur bus listrik baru", "", paragraphs,
                 after="<p><b>Layanan dimulai pukul enam pagi setiap hari.</b></p>")
    found = extract_html(html, "", OPTIONS)
    assert found.authors == [] and "Layanan dimulai" in found.text


@pytest.mark.parametrize("title, heading, first", [
    ("Kultura :: Dziennik Gdański", "Nowy teatr otwiera sezon premierą Szekspira",
     "Nowy teatr w centrum miasta otworzył sezon premierą Hamleta, a bilety wyprzedano w kilka godzin."),
    ("Deportes :: Diario del Norte", "El equipo local gana el derbi en el último minuto",
     "El equipo local ganó el derbi por dos a uno gracias a un gol en el último minuto del partido."),
])
def test_a_section_and_site_title_gives_way_to_the_blocks_heading(title, heading, first):
    html = (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div id="menu"><a href="/">Inicio</a> :: <a href="/s">Sección</a></div>'
            f'<div class="nota"><h2 class="titulo">{heading}</h2><p>{first}</p>'
            "<p>La afición celebró la victoria hasta bien entrada la noche en las calles del centro de la ciudad.</p>"
            f'</div><div class="pie">{title.split(" :: ")[1]} :: 2010</div></body></html>')
    found = extract_html(html, "", OPTIONS)
    assert found.title == heading and found.text.startswith(first[:30])


@pytest.mark.parametrize("own, site_name, canonical", [
    ("https://www.kaunas-diena.example/naujienos/2025/06/tiltas", "Kauno diena",
     "https://news.aggregator.example/syndication/kaunas-diena/123"),
    ("https://www.ulaanbaatar-medee.mn/news/2025/06/guur", "Улаанбаатар Мэдээ",
     "https://feeds.partner-portal.online/copy/ulaanbaatar-medee/55"),
])
def test_a_canonical_on_an_aggregators_copy_loses_to_og_url(own, site_name, canonical):
    head = (f'<meta property="og:url" content="{own}"><meta property="og:site_name" content="{site_name}">'
            f'<link rel="canonical" href="{canonical}">')
    html = _page("lt", "Kaune statomas naujas tiltas", "",
                 ["Kauno miesto savivaldybė pradėjo statyti naują tiltą per Nemuną, darbai truks dvejus metus.",
                  "Projekto vertė siekia trisdešimt milijonų eurų, o didžiąją dalį skirs Europos Sąjunga."], head)
    assert extract_html(html, "", OPTIONS).url == own


@pytest.mark.parametrize("line, locale, day", [
    ("Publicat el 7 d'octubre del 2024", "ca", "2024-10-07"),
    ("Publicado o 12 de xaneiro de 2025 · Actualizado o 13 de xaneiro de 2025", "gl", "2025-01-12"),
])
def test_a_date_in_words_with_the_connectors_of_cldrs_patterns(line, locale, day):
    found = read_date_line(line, locale)
    assert found is not None and found.written.isoformat() == day


@pytest.mark.parametrize("lang, text, encoding", [
    ("lv", "Rīgā atklās jaunu džeza klubu, kas rīkos koncertus četras reizes nedēļā. Klubs atradīsies bijušajā "
           "šokolādes fabrikas ēkā.", "cp1257"),
    ("lt", "Vilniuje atidaromas naujas džiazo klubas, kuriame koncertai vyks keturis kartus per savaitę. Klubas "
           "įsikurs buvusios šokolado fabriko pastate.", "cp1257"),
])
def test_an_undeclared_baltic_page_is_read_in_its_code_page(lang, text, encoding):
    page = f'<!DOCTYPE html><html lang="{lang}"><head><title>x</title></head><body><p>{text}</p></body></html>'
    decoded = decode_bytes(page.encode(encoding), is_html=True)
    assert text in decoded.text, decoded.encoding


# A byline in the box under the headline, in an element whose class is named in the page's own
# language or not at all ("by", "údar", "may-akda"), or in an <address> whose links trafilatura reads
# one of: every name, from the line's byline cue (bylines.LEAD_WORDS) in the page's language
# (htmltext.headline_byline; fourteenth session). Each: (lang, box, names, paragraphs).
HEADLINE_BYLINE_PAGES = [
    ("sl", '<time datetime="2026-01-12T09:00:00+01:00">12. januar 2026</time>'
           '<address>Piše: <a rel="author" href="/avtor/mojca-kranjc">Mojca Kranjc</a> in '
           '<a rel="author" href="/avtor/luka-zupan">Luka Zupan</a></address>',
     ["Mojca Kranjc", "Luka Zupan"],
     ["Ljubljanski potniški promet bo s februarjem uvedel nove nočne linije med središčem mesta in predmestji.",
      "Na podjetju pravijo, da so se za spremembo odločili po anketi med potniki, ki je pokazala veliko zanimanje."]),
    ("ga", '<span class="dáta">3 Márta 2026</span> <span class="ainm">Le Máire Ní Chonaill agus Seán Ó Briain</span>',
     ["Máire Ní Chonaill", "Seán Ó Briain"],
     ["Osclófar leabharlann nua i lár bhaile Leitir Ceanainn an mhí seo chugainn, de réir na comhairle contae.",
      "Beidh seomraí staidéir agus spás do ghrúpaí pobail san fhoirgneamh, a chosain breis is ceithre mhilliún euro."]),
    ("lv", '<div class="paraksts">Teksts: Anna Ozola un Jānis Kalniņš<br>Foto: Pēteris Liepa</div>',
     ["Anna Ozola", "Jānis Kalniņš"],
     ["Rīgas dome nolēmusi pagarināt tramvaja līniju līdz Skanstes apkaimei, un darbi sāksies nākamā gada pavasarī.",
      "Pašvaldībā norāda, ka jaunā līnija atvieglos ikdienas braucienus vairāk nekā desmit tūkstošiem iedzīvotāju."]),
    ("ka", '<div class="tarighi">12 იანვარი 2026</div><div class="by">ავტორი: გიორგი მელაძე</div>',
     ["გიორგი მელაძე"],
     ["ქუთაისის მერიამ განაცხადა, რომ ქალაქის ცენტრალურ პარკში ახალი სათამაშო მოედანი მოეწყობა და სამუშაოები გაზაფხულზე დაიწყება.",
      "მერიის ცნობით, პროექტი ადგილობრივ ბიუჯეტს დაახლოებით ორ მილიონ ლარი დაუჯდება და ზაფხულისთვის დასრულდება."]),
]


@pytest.mark.parametrize("lang, box, names, paragraphs", HEADLINE_BYLINE_PAGES, ids=[p[0] for p in HEADLINE_BYLINE_PAGES])
def test_a_byline_in_the_box_under_the_headline_gives_every_name(lang, box, names, paragraphs):
    headline = paragraphs[0].split(",")[0][:70]
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    html = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{headline}</title></head>'
            f'<body><article><h1>{headline}</h1><div class="meta-box">{box}</div>{body}</article></body></html>')
    found = extract_html(html, "", OPTIONS)
    assert found.authors == names
    assert not any(name in found.text for name in names)


def test_a_subtitle_under_the_headline_opening_with_a_cue_word_names_nobody():
    """"Por" opens bylines and sentences alike: a standfirst under the headline is no byline."""
    paragraphs = ["Las clases se suspenden en toda la provincia hasta el miércoles por el temporal de lluvia.",
                  "La Generalitat pidió a la población que evite los desplazamientos por carretera durante el fin de semana."]
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    html = ('<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Cierran los colegios en Valencia</title></head>'
            '<body><article><h1>Cierran los colegios en Valencia</h1><div class="sub"><span>Por la lluvia, cierran las escuelas de '
            'Valencia</span></div>' + body + '</article></body></html>')
    assert extract_html(html, "", OPTIONS).authors == []
