"""The metadata kinds still open after the tenth session's blind set, each with inputs of our own
in three or more languages, through the real extraction path (``htmltext.extract_html``: lxml,
trafilatura, htmldate, dateparser, babel's CLDR data, zoneinfo):

* a time of day written with the language's own day-period word ("বিকেল ৪টা", "शाम ६ बजे", "pukul 3
  petang", "บ่าย ๓ โมง", "ساعت ۵ عصر", "ng hapon", "ප.ව.") and local digits: the hour of CLDR's day
  period, not midnight;
* a zone-less time on a page whose address names its country (.es, .com.ar, .co.ke, .ma, .ph) or
  whose og:locale names a region: that country's clock; a country of several clocks (.com.br,
  .co.id, .ru, .mx, .au): the zone its date line names (a city or a CLDR zone name: "horário de
  Manaus", "WITA", "hora del centro"), else its national (capital's) one;
* Mongolian and Basque dates with a time, Pashto Solar Hijri month names, Swahili hours in words
  ("saa tatu asubuhi" = 09:00), and "Updated ... Published ..." first lines (fi, lv, en).
* month names dateparser does not read (Maltese, Basque, Lithuanian genitive, Latvian locative,
  Estonian, Icelandic, Khmer with its glued "month" word): CLDR's month names, inflected by their
  ending.
"""

import re

import pytest

from transforms.dates import host_territory, iso_utc, read_date_line, territory_zone
from transforms.htmltext import extract_html

OPTIONS = {"favor_precision": True, "no_fallback": True, "include_tables": True}


def _page(lang: str, headline: str, dateline: str, paragraphs: list, url: str = "", og_locale: str = "") -> str:
    head = f'<link rel="canonical" href="{url}">' if url else ""
    head += f'<meta property="og:locale" content="{og_locale}">' if og_locale else ""
    lang_attr = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html{lang_attr}><head><meta charset="utf-8"><title>{headline}</title>{head}</head>'
            f'<body><article><h1>{headline}</h1><div class="date">{dateline}</div>{body}</article></body></html>')


def _published(html: str) -> str:
    return iso_utc(extract_html(html, "", OPTIONS).published)


DAY_PERIOD_PAGES = [
    # Bengali digits, the colloquial spelling বিকেল of CLDR's বিকাল (afternoon, 16-18), a Bangladeshi site
    ("bn", "https://www.prothomalo.com.bd/bangladesh/12345", "ঢাকায় নতুন মেট্রো লাইন চালু",
     "প্রকাশ: ১৫ জানুয়ারি ২০২৫, বিকেল ৪টা",
     ["ঢাকায় আজ নতুন মেট্রো রেল লাইন আনুষ্ঠানিকভাবে চালু হয়েছে এবং প্রথম দিনেই হাজারো যাত্রী এতে চড়েছেন।",
      "কর্তৃপক্ষ জানিয়েছে, প্রতিদিন সকাল ছয়টা থেকে রাত দশটা পর্যন্ত ট্রেন চলবে এবং ভাড়া আগের মতোই থাকবে।"],
     "2025-01-15T10:00:00Z"),
    # Devanagari digits, शाम (evening), बजे after the hour, an Indian site
    ("hi", "https://www.example-samachar.in/desh/67890", "दिल्ली में नई मेट्रो लाइन शुरू",
     "प्रकाशित: १५ जनवरी २०२५, शाम ६ बजे",
     ["दिल्ली में आज नई मेट्रो लाइन का उद्घाटन किया गया और पहले ही दिन हजारों यात्रियों ने इसमें सफर किया।",
      "अधिकारियों ने बताया कि ट्रेनें सुबह छह बजे से रात ग्यारह बजे तक चलेंगी और किराया पहले जैसा रहेगा।"],
     "2025-01-15T12:30:00Z"),
    # Tamil மாலை (evening) before the hour, மணி after it, a Sri Lankan site
    ("ta", "https://www.example-seithi.lk/news/2468", "கொழும்பில் புதிய பேருந்து சேவை தொடக்கம்",
     "15 ஜனவரி 2025 மாலை 5 மணி",
     ["கொழும்பில் இன்று புதிய பேருந்து சேவை அதிகாரப்பூர்வமாக தொடங்கப்பட்டது, முதல் நாளிலேயே ஆயிரக்கணக்கான பயணிகள் பயணித்தனர்.",
      "காலை ஆறு மணி முதல் இரவு பத்து மணி வரை பேருந்துகள் இயங்கும் என்று அதிகாரிகள் தெரிவித்தனர்."],
     "2025-01-15T11:30:00Z"),
    # Malay: pukul 3 petang, a Malaysian site (Peninsular and Borneo zones keep one clock)
    ("ms", "https://www.example-berita.com.my/nasional/1357", "Laluan MRT baharu dibuka di Kuala Lumpur",
     "15 Januari 2025, pukul 3 petang",
     ["Laluan MRT baharu di Kuala Lumpur dibuka secara rasmi hari ini dan ribuan penumpang menaikinya pada hari pertama.",
      "Pihak berkuasa berkata tren akan beroperasi dari pukul enam pagi hingga tengah malam setiap hari."],
     "2025-01-15T07:00:00Z"),
    # Thai digits, Buddhist-era year, บ่าย (afternoon) ... โมง
    ("th", "", "กรุงเทพฯ เปิดเส้นทางรถไฟฟ้าสายใหม่", "๑๕ มกราคม ๒๕๖๘ บ่าย ๓ โมง",
     ["กรุงเทพมหานครเปิดให้บริการรถไฟฟ้าสายใหม่อย่างเป็นทางการในวันนี้ โดยมีประชาชนจำนวนมากมาร่วมใช้บริการ",
      "เส้นทางดังกล่าวมีความยาวยี่สิบกิโลเมตรและมีสถานีทั้งหมดสิบห้าสถานีตลอดเส้นทาง"],
     "2025-01-15T08:00:00Z"),
    # Lao digits, ຕອນແລງ (evening) before a colon time
    ("lo", "", "ວຽງຈັນເປີດຂົວໃໝ່ຂ້າມແມ່ນ້ຳຂອງ", "໑໕ ມັງກອນ ໒໐໒໕ ຕອນແລງ ໕:໓໐",
     ["ນະຄອນຫຼວງວຽງຈັນໄດ້ເປີດນຳໃຊ້ຂົວໃໝ່ຂ້າມແມ່ນ້ຳຂອງຢ່າງເປັນທາງການໃນມື້ນີ້ ໂດຍມີປະຊາຊົນຫຼາຍພັນຄົນເຂົ້າຮ່ວມພິທີ",
      "ເຈົ້າໜ້າທີ່ກ່າວວ່າຂົວດັ່ງກ່າວຈະຊ່ວຍຫຼຸດຜ່ອນການສັນຈອນທີ່ແອອັດໃນຕົວເມືອງໄດ້ຫຼາຍ"],
     "2025-01-15T10:30:00Z"),
    # Myanmar digits, ညနေ (evening)
    ("my", "", "ရန်ကုန်တွင် ရထားလမ်းသစ် ဖွင့်လှစ်", "၂၀၂၅ ဇန်နဝါရီ ၁၅ ညနေ ၄:၃၀",
     ["ရန်ကုန်မြို့တွင် ရထားလမ်းသစ်ကို ယနေ့ တရားဝင် ဖွင့်လှစ်ခဲ့ပြီး ပထမနေ့တွင် ခရီးသည် ထောင်ပေါင်းများစွာ စီးနင်းခဲ့ကြသည်။",
      "ရထားများသည် နံနက် ခြောက်နာရီမှ ည ဆယ်နာရီအထိ နေ့စဉ် ပြေးဆွဲမည်ဟု တာဝန်ရှိသူများက ပြောကြားသည်။"],
     "2025-01-15T10:00:00Z"),
    # Persian digits, Solar Hijri date, ساعت ۵ عصر (afternoon)
    ("fa", "", "افتتاح خط جدید مترو در تهران", "۲۵ دی ۱۴۰۳ ساعت ۵ عصر",
     ["خط جدید متروی تهران امروز به طور رسمی افتتاح شد و در نخستین روز هزاران مسافر از آن استفاده کردند.",
      "مسئولان گفتند قطارها هر روز از ساعت شش صبح تا ده شب حرکت خواهند کرد و بلیت همان قیمت قبلی را دارد."],
     "2025-01-14T13:30:00Z"),
    # Sinhala 12-hour clock: ප.ව. (pm; its skeleton is that of පෙ.ව., am), a Sri Lankan site
    ("si", "https://www.example-puwath.lk/news/97531", "කොළඹ නව බස් සේවාවක් ආරම්භ කෙරේ", "2025 ජනවාරි 15 ප.ව. 3.30",
     ["කොළඹ නගරයේ නව බස් සේවාවක් අද නිල වශයෙන් ආරම්භ කළ අතර පළමු දිනයේදීම මගීන් දහස් ගණනක් එහි ගමන් කළහ.",
      "උදේ හයේ සිට රාත්‍රී දහය දක්වා බස් ධාවනය වන බව බලධාරීහු පැවසූහ."],
     "2025-01-15T10:00:00Z"),
    # Tagalog: 4:30 ng hapon (afternoon), a Philippine site
    ("fil", "https://www.example-balita.com.ph/metro/8642", "Bagong linya ng tren, binuksan sa Maynila",
     "Enero 15, 2025 4:30 ng hapon",
     ["Binuksan ngayong araw ang bagong linya ng tren sa Maynila at libu-libong pasahero ang sumakay sa unang araw.",
      "Sinabi ng mga awtoridad na tatakbo ang mga tren mula alas-sais ng umaga hanggang alas-diyes ng gabi."],
     "2025-01-15T08:30:00Z"),
]


@pytest.mark.parametrize("lang, url, headline, dateline, paragraphs, utc", DAY_PERIOD_PAGES,
                         ids=[case[0] for case in DAY_PERIOD_PAGES])
def test_a_time_with_a_day_period_word_is_that_hour_of_the_day(lang, url, headline, dateline, paragraphs, utc):
    assert _published(_page(lang, headline, dateline, paragraphs, url)) == utc


@pytest.mark.parametrize("line, locale, zone, utc", [
    ("2025 ජනවාරි 15 පෙ.ව. 9.30", "si", "Asia/Colombo", "2025-01-15T04:00:00Z"),  # am: the morning hour
    ("१५ जनवरी २०२५, रात २ बजे", "hi", "Asia/Kolkata", "2025-01-14T20:30:00Z"),  # night, after midnight
    ("১৫ জানুয়ারি ২০২৫, সকাল ১০টা ৩০ মিনিটে", "bn", "Asia/Dhaka", "2025-01-15T04:30:00Z"),  # minutes in words
    ("15 de enero de 2025, 5 de la tarde", "es", "Europe/Madrid", "2025-01-15T16:00:00Z"),  # es "de la tarde"
    ("15 जनवरी 2025, शाम 8 बजे", "hi", "Asia/Kolkata", "2025-01-15T14:30:00Z"),  # past CLDR's evening: the nearer hour
    # Swahili time counts from dawn: "saa 10 jioni" is the tenth hour after 06:00 (16:00), not 22:00
    ("15 Januari 2025, saa 10 jioni", "sw", "Africa/Nairobi", "2025-01-15T13:00:00Z"),
    ("15 Januari 2025 saa 2:30 asubuhi", "sw", "Africa/Dar_es_Salaam", "2025-01-15T05:30:00Z"),
    ("15 Januari 2025 saa 1 usiku", "sw", "Africa/Nairobi", "2025-01-15T16:00:00Z"),
])
def test_day_period_hours(line, locale, zone, utc):
    found = read_date_line(line, locale, zone=zone)
    assert found.zoned_time and found.when.isoformat().replace("+00:00", "Z") == utc


@pytest.mark.parametrize("line, locale, day", [
    ("Senin malam 3 Maret 2025", "id", "2025-03-03"),  # the number after "malam" is the day, not 21:00
    ("রবিবার সকাল, ১৬ মার্চ ২০২৫", "bn", "2025-03-16"),  # a comma between the period word and the day
])
def test_a_day_next_to_a_day_period_word_stays_the_day(line, locale, day):
    found = read_date_line(line, locale, zone="Asia/Jakarta")
    assert found is not None and found.written.isoformat() == day and found.when.hour == 0


ZONE_PAGES = [
    ("es", "https://elpais-example.es/sociedad/2025-01-15/nuevo-tren.html", "", "Spain: Europe/Madrid, CLDR's primary zone",
     "15 de enero de 2025 - 16:30", "Abre la nueva línea de tren de cercanías",
     ["La nueva línea de cercanías comenzó a funcionar este miércoles con miles de viajeros en su primer día.",
      "El ministerio asegura que los trenes circularán cada diez minutos en las horas punta de la mañana."],
     "2025-01-15T15:30:00Z"),
    ("es", "https://www.clarin-example.com.ar/sociedad/nuevo-tren_0_abc.html", "", "Argentina: twelve zones, one clock",
     "15 de enero de 2025 - 16:30", "Inauguran la nueva línea de tren en Buenos Aires",
     ["La nueva línea de tren comenzó a funcionar este miércoles con miles de pasajeros en su primer día.",
      "El ministerio aseguró que las formaciones pasarán cada diez minutos en las horas pico de la mañana."],
     "2025-01-15T19:30:00Z"),
    ("en", "https://nation-example.co.ke/news/new-railway-line-4829", "", "Kenya",
     "January 15, 2025 4:30 PM", "New commuter railway line opens in Nairobi",
     ["The new commuter line opened on Wednesday with thousands of passengers riding it on the first day.",
      "Officials said trains would run every fifteen minutes during the morning and evening peak hours."],
     "2025-01-15T13:30:00Z"),
    ("fr", "https://www.example-info.ma/societe/nouvelle-ligne-5521", "", "Morocco",
     "15 janvier 2025 à 16h30", "Une nouvelle ligne de tramway inaugurée à Rabat",
     ["La nouvelle ligne de tramway a été inaugurée mercredi et des milliers de voyageurs l'ont empruntée.",
      "Selon l'opérateur, les rames circuleront toutes les dix minutes aux heures de pointe du matin."],
     "2025-01-15T15:30:00Z"),
    ("", "", "es_AR", "og:locale's region: Argentina",
     "15 de enero de 2025 - 16:30", "Inauguran la nueva línea de tren en Córdoba",
     ["La nueva línea de tren comenzó a funcionar este miércoles con miles de pasajeros en su primer día.",
      "El ministerio aseguró que las formaciones pasarán cada diez minutos en las horas pico de la mañana."],
     "2025-01-15T19:30:00Z"),
    ("es", "", "es_AR", "html lang without a region, og:locale's: Argentina",
     "15 de enero de 2025 - 16:30", "Inauguran la nueva línea de tren en Córdoba",
     ["La nueva línea de tren comenzó a funcionar este miércoles con miles de pasajeros en su primer día.",
      "El ministerio aseguró que las formaciones pasarán cada diez minutos en las horas pico de la mañana."],
     "2025-01-15T19:30:00Z"),
    ("ar", "https://www.example-akhbar.com.sa/article/77231", "", "Saudi Arabia, and Arabic's one-letter pm",
     "الأربعاء ١٥ يناير ٢٠٢٥ - ٠٥:٣٠ م", "افتتاح خط جديد للقطار في الرياض",
     ["افتتحت الهيئة الملكية لمدينة الرياض اليوم خطا جديدا للقطار واستخدمه آلاف الركاب في يومه الأول.",
      "وقال المسؤولون إن القطارات ستعمل كل خمس دقائق في ساعات الذروة الصباحية والمسائية طوال الأسبوع."],
     "2025-01-15T14:30:00Z"),
    ("pt", "https://www.folha-example.com.br/cotidiano/2025/01/nova-linha.shtml", "", "Brazil: several clocks, Brasília's",
     "15 de janeiro de 2025 16:30", "Nova linha de metrô é inaugurada em São Paulo",
     ["A nova linha de metrô começou a funcionar nesta quarta-feira com milhares de passageiros no primeiro dia.",
      "Segundo o governo, os trens passarão a cada quatro minutos nos horários de pico da manhã e da tarde."],
     "2025-01-15T19:30:00Z"),  # the national time (horário de Brasília, UTC-3)
    ("pt", "https://www.acritica-example.com.br/manaus/nova-ponte-1234", "", "Brazil, the page names Manaus",
     "15/01/2025 16h30 (horário de Manaus)", "Nova ponte é inaugurada em Manaus",
     ["A nova ponte sobre o igarapé foi inaugurada nesta quarta-feira com milhares de pessoas no primeiro dia.",
      "Segundo a prefeitura, a obra vai reduzir o trânsito no centro da cidade nos horários de pico."],
     "2025-01-15T20:30:00Z"),  # Manaus: UTC-4
    ("ru", "https://www.example-news.ru/society/tram-1", "", "Russia, the text's dateline names Yekaterinburg",
     "15 января 2025, 16:30", "Новая линия трамвая открылась на Урале",
     ["ЕКАТЕРИНБУРГ, 15 января — В городе открылась новая линия трамвая, в первый день ею воспользовались тысячи пассажиров.",
      "По словам властей, трамваи будут ходить каждые десять минут в часы пик."],
     "2025-01-15T11:30:00Z"),  # Yekaterinburg: UTC+5
    ("pt", "https://www.folha-example.com.br/cotidiano/2025/01/ponte.shtml", "", "Brazil, Manaus only mentioned",
     "15 de janeiro de 2025 16:30", "Nova ponte é inaugurada no Amazonas",
     ["A nova ponte sobre o igarapé em Manaus foi inaugurada nesta quarta-feira com milhares de pessoas.",
      "Segundo a prefeitura, a obra vai reduzir o trânsito no centro da cidade nos horários de pico."],
     "2025-01-15T19:30:00Z"),  # a city in a sentence is no dateline: Brasília's time
    ("id", "https://www.kompas-example.co.id/read/2025/01/15/baru", "", "Indonesia: WIB, and 'sore'",
     "Rabu, 15 Januari 2025, pukul 4 sore", "Jalur MRT baru dibuka di Jakarta",
     ["Jalur MRT baru di Jakarta resmi dibuka hari ini dan ribuan penumpang menaikinya pada hari pertama.",
      "Pihak berwenang mengatakan kereta akan beroperasi setiap lima menit pada jam sibuk pagi dan sore."],
     "2025-01-15T09:00:00Z"),  # 16:00 WIB (UTC+7)
    ("id", "https://www.tribun-example.co.id/read/2025/01/15/bali", "", "Indonesia, the page names WITA",
     "15 Januari 2025 pukul 10.30 WITA", "Bandara baru dibuka di Bali",
     ["Bandara baru di Bali resmi dibuka hari ini dan ribuan penumpang menggunakannya pada hari pertama.",
      "Pihak berwenang mengatakan penerbangan akan dimulai setiap pagi pukul enam dan berakhir tengah malam."],
     "2025-01-15T02:30:00Z"),  # 10:30 WITA (UTC+8)
]


@pytest.mark.parametrize("lang, url, og_locale, why, dateline, headline, paragraphs, utc", ZONE_PAGES,
                         ids=[case[3] for case in ZONE_PAGES])
def test_a_zone_less_time_on_a_page_of_a_country_is_that_countrys_time(lang, url, og_locale, why, dateline, headline,
                                                                       paragraphs, utc):
    html = _page(lang, headline, dateline, paragraphs, url, og_locale)
    assert _published(html) == utc


@pytest.mark.parametrize("url, territory, zone", [
    ("https://www.example.com.br/a", "BR", "America/Sao_Paulo"),  # several clocks: the national one (NATIONAL_ZONES)
    ("https://example.es/", "ES", "Europe/Madrid"),  # the Canaries keep another clock: CLDR's primary zone
    ("https://example.co.uk/", "GB", "Europe/London"),
    ("https://example.io/", "", ""),  # a ccTLD sold as a generic name
    ("https://example.com/", "", ""),
])
def test_the_territory_of_an_address_and_its_zone(url, territory, zone):
    assert host_territory(url) == territory
    assert (territory_zone(territory) if territory else "") == zone


@pytest.mark.parametrize("line, locale, day", [
    ("15 ta' Jannar 2025", "mt", "2025-01-15"),  # Maltese
    ("2025eko urtarrilaren 15a", "eu", "2025-01-15"),  # Basque: genitive suffix on the month, -eko/-a on the numbers
    ("2025 m. birželio 3 d.", "lt", "2025-06-03"),  # Lithuanian genitive
    ("2025. gada 3. jūnijā", "lv", "2025-06-03"),  # Latvian locative of CLDR's "jūnijs"
    ("3. juunil 2025", "et", "2025-06-03"),  # Estonian adessive
    ("Avaldatud 3. mail 2025", "et", "2025-05-03"),  # and of a three-letter name ("mai")
    ("3. júní 2025", "is", "2025-06-03"),  # Icelandic
    ("ថ្ងៃទី ១៥ ខែមករា ឆ្នាំ ២០២៥", "km", "2025-01-15"),  # Khmer digits, ខែ ("month") glued to the name
    ("3 Mehefin 2025", "cy", "2025-06-03"),
])
def test_a_month_name_of_cldr_dateparser_does_not_read(line, locale, day):
    found = read_date_line(line, locale)
    assert found is not None and found.written.isoformat() == day


MONTH_PAGES = [
    ("mt", "Il-Gvern iħabbar pjan ġdid għat-trasport pubbliku", "Ippubblikat: 3 ta' Ġunju 2025",
     ["Il-Gvern ħabbar pjan ġdid għat-trasport pubbliku li se jibda jaħdem mix-xahar id-dieħel madwar Malta.",
      "Il-Ministru qal li l-karozzi tal-linja se jkunu aktar frekwenti fil-ħinijiet tal-għaxija u tal-għodwa."],
     "2025-06-03T00:00:00Z"),
    ("eu", "Bilboko udalak garraio plan berria aurkeztu du", "2025eko ekainaren 3a",
     ["Bilboko udalak garraio publikoaren plan berria aurkeztu du gaur, eta datorren hilean hasiko da martxan.",
      "Alkateak esan duenez, autobusak maizago ibiliko dira goizeko eta arratsaldeko ordu puntakoetan."],
     "2025-06-03T00:00:00Z"),
    ("lv", "Rīgā atklāta jauna tramvaja līnija", "Publicēts: 2025. gada 3. jūnijā",
     ["Rīgā šodien oficiāli atklāta jauna tramvaja līnija, un pirmajā dienā to izmantoja tūkstošiem pasažieru.",
      "Pilsētas dome norāda, ka tramvaji kursēs ik pēc desmit minūtēm rīta un vakara sastrēgumstundās."],
     "2025-06-03T00:00:00Z"),
]


@pytest.mark.parametrize("lang, headline, dateline, paragraphs, utc", MONTH_PAGES, ids=[case[0] for case in MONTH_PAGES])
def test_a_page_dated_with_a_cldr_month_name(lang, headline, dateline, paragraphs, utc):
    assert _published(_page(lang, headline, dateline, paragraphs)) == utc


@pytest.mark.parametrize("line, locale, zone, utc", [
    ("15 марта 2025, 15:30 по местному времени, Екатеринбург", "ru", "Europe/Moscow", "2025-03-15T10:30:00Z"),
    ("15 марта 2025, 15:30", "ru", "Europe/Moscow", "2025-03-15T12:30:00Z"),  # Moscow time, the national one
    ("15 de marzo de 2025, 15:30 hora del centro", "es-MX", "America/Mexico_City", "2025-03-15T21:30:00Z"),
    ("15 de marzo de 2025, 15:30 hora del Pacífico", "es-MX", "America/Mexico_City", "2025-03-15T22:30:00Z"),
    ("15 March 2025, 3:30 pm Perth time", "en-AU", "Australia/Sydney", "2025-03-15T07:30:00Z"),
    ("15 March 2025, 3:30 pm", "en-AU", "Australia/Sydney", "2025-03-15T04:30:00Z"),  # AEDT
    ("2025 оны 3-р сарын 15, 15:30", "mn", "Asia/Ulaanbaatar", "2025-03-15T07:30:00Z"),  # CLDR's "3-р сар", inflected
    ("2025 оны гуравдугаар сарын 15, 15:30", "mn", "Asia/Ulaanbaatar", "2025-03-15T07:30:00Z"),
    ("2025eko martxoaren 15a, 15:30", "eu", "Europe/Madrid", "2025-03-15T14:30:00Z"),
    ("۲۴مه د کب ۱۴۰۳، ساعت ۱۴:۳۰", "ps", "", "2025-03-14T10:00:00Z"),  # Pashto month, Kabul (UTC+4:30)
    ("۱ وری ۱۴۰۴", "ps", "", "2025-03-21T00:00:00Z"),
    ("۱ غبرگولی ۱۴۰۴", "ps", "", "2025-05-22T00:00:00Z"),  # Persian گ for Pashto ګ
    ("Ijumaa, 14 Machi 2025, saa tatu asubuhi", "sw", "Africa/Nairobi", "2025-03-14T06:00:00Z"),  # 09:00
    ("14 Machi 2025 saa kumi na moja jioni", "sw", "Africa/Nairobi", "2025-03-14T14:00:00Z"),  # 17:00
    ("14 Machi 2025 saa nne kasorobo asubuhi", "sw", "Africa/Dar_es_Salaam", "2025-03-14T06:45:00Z"),  # 09:45
    ("14 Machi 2025 saa tatu na nusu usiku", "sw", "Africa/Nairobi", "2025-03-14T18:30:00Z"),  # 21:30
])
def test_zones_named_calendars_and_clocks_in_a_date_line(line, locale, zone, utc):
    assert iso_utc(read_date_line(line, locale, None, zone).when.isoformat()) == utc


@pytest.mark.parametrize("line, locale, zone, day", [
    ("Watu tatu walijeruhiwa 14 Machi 2025", "sw", "Africa/Nairobi", "2025-03-14T00:00:00Z"),  # "tatu" not after "saa"
    ("Ciudad de Panamá, 15 de marzo de 2025", "es-MX", "America/Mexico_City", "2025-03-15T00:00:00Z"),
])
def test_look_alikes_of_a_time_stay_a_day(line, locale, zone, day):
    found = read_date_line(line, locale, None, zone)
    assert not found.zoned_time and iso_utc(found.when.isoformat()) == day


UPDATED_FIRST = [
    ("fi", "https://yle-example.fi/a/74-2025", "Päivitetty 14.3.2025 10:15 Julkaistu 13.3.2025 9:00",
     ["Helsingin kaupunki avasi uuden raitiotielinjan keskiviikkona, ja tuhannet matkustajat käyttivät sitä heti.",
      "Kaupungin mukaan vaunut kulkevat ruuhka-aikoina kymmenen minuutin välein koko viikon ajan."], "2025-03-13T07:00:00Z"),
    ("lv", "https://lsm-example.lv/raksts/1", "Atjaunināts 14.03.2025 10:15 Publicēts 13.03.2025 09:00",
     ["Rīgas dome trešdien atklāja jaunu tramvaja līniju, un tūkstošiem pasažieru to izmantoja jau pirmajā dienā.",
      "Pēc domes teiktā, tramvaji maksimumstundās kursēs ik pēc desmit minūtēm visu nedēļu."], "2025-03-13T07:00:00Z"),
    ("en", "https://www.example-news.co.uk/news/tram-1", "Updated 14 March 2025, 10:15 Published 13 March 2025, 09:00",
     ["The city opened a new tram line on Wednesday, and thousands of passengers used it on the very first day.",
      "Officials said trams would run every ten minutes during peak hours throughout the week."], "2025-03-13T09:00:00Z"),
]


@pytest.mark.parametrize("lang, url, first, paragraphs, utc", UPDATED_FIRST, ids=[case[0] for case in UPDATED_FIRST])
def test_an_updated_then_published_first_line_gives_the_publication(lang, url, first, paragraphs, utc):
    html = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title>'
            f'<link rel="canonical" href="{url}"></head><body><article><h1>Uusi linja</h1><p>{first}</p>'
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    assert _published(html) == utc


@pytest.mark.parametrize("first, language, published", [
    ("Päivitetty 14.3.2025 klo 10.15 | Julkaistu 13.3.2025 klo 9.00", "fi", "2025-03-13"),
    ("Atjaunināts 14.03.2025 10:15 Publicēts 13.03.2025 09:00", "lv", "2025-03-13"),
    ("Updated 14 March 2025, 10:15 GMT | Published 13 March 2025, 09:00 GMT", "en", "2025-03-13T09:00:00+00:00"),
])
def test_a_text_opening_with_updated_then_published_gives_the_publication(first, language, published):
    from tests.test_clean import LEXICON
    from transforms.clean import clean_text

    body = ("The council opened a new tram line on Wednesday, and thousands of passengers used it on the first day.\n"
            "Officials said trams would run every ten minutes during peak hours throughout the week.")
    found = clean_text(f"{first}\n{body}", LEXICON, language=language)
    assert found.published == published
    assert found.text.startswith("The council opened")


UNDECLARED_PAGES = [
    # Sinhala (langdetect has no profile: the script's language), Sri Lanka UTC+5:30
    ("කොළඹ නව බස් සේවාවක් ආරම්භ කෙරේ", "2025 ජනවාරි 15 14:30",
     ["කොළඹ නගරයේ නව බස් සේවාවක් අද නිල වශයෙන් ආරම්භ කළ අතර පළමු දිනයේම දහස් ගණනක් මගීන් එයින් ගමන් කළහ.",
      "බස් රථ උදේ හයේ සිට රාත්‍රී දහය දක්වා දිනපතා ධාවනය වන බව බලධාරීන් පැවසූහ."], "2025-01-15T09:00:00Z"),
    # Nepali (official in Nepal only, regional in India): Nepal UTC+5:45
    ("काठमाडौंमा नयाँ बस सेवा सुरु", "२०२५ जनवरी १५, १४:३०",
     ["काठमाडौं उपत्यकामा आज नयाँ सार्वजनिक बस सेवा औपचारिक रूपमा सुरु भएको छ र पहिलो दिनमै हजारौं यात्रुले यात्रा गरेका छन्।",
      "अधिकारीहरूका अनुसार बसहरू बिहान छ बजेदेखि राति दस बजेसम्म दैनिक सञ्चालन हुनेछन् र भाडा पहिलेजस्तै रहनेछ।"],
     "2025-01-15T08:45:00Z"),
    # Gujarati (regional in India only): UTC+5:30
    ("અમદાવાદમાં નવી બસ સેવા શરૂ", "15 જાન્યુઆરી 2025, 14:30",
     ["અમદાવાદ શહેરમાં આજે નવી જાહેર બસ સેવા સત્તાવાર રીતે શરૂ કરવામાં આવી હતી અને પહેલા જ દિવસે હજારો મુસાફરોએ મુસાફરી કરી હતી.",
      "અધિકારીઓએ જણાવ્યું હતું કે બસો દરરોજ સવારે છ વાગ્યાથી રાત્રે દસ વાગ્યા સુધી દોડશે અને ભાડું પહેલા જેવું જ રહેશે."],
     "2025-01-15T09:00:00Z"),
    # Somali: Somalia UTC+3
    ("Adeeg cusub oo baska ah oo laga bilaabay Muqdisho", "15 Janaayo 2025, 14:30",
     ["Adeeg cusub oo baska dadweynaha ah ayaa maanta si rasmi ah looga bilaabay magaalada Muqdisho, waxaana maalintii "
      "ugu horreysay raacay kumanaan rakaab ah.",
      "Mas'uuliyiintu waxay sheegeen in basaska ay shaqeyn doonaan maalin kasta laga bilaabo lixda subaxnimo ilaa "
      "tobanka habeennimo."], "2025-01-15T11:30:00Z"),
    # Burmese digits (no langdetect profile): Myanmar UTC+6:30
    ("ရန်ကုန်တွင် ရထားလမ်းသစ် ဖွင့်လှစ်", "၂၀၂၅ ဇန်နဝါရီ ၁၅ ၁၄:၃၀",
     ["ရန်ကုန်မြို့တွင် ရထားလမ်းသစ်ကို ယနေ့ တရားဝင် ဖွင့်လှစ်ခဲ့ပြီး ပထမနေ့တွင် ခရီးသည် ထောင်ပေါင်းများစွာ စီးနင်းခဲ့ကြသည်။",
      "ရထားများသည် နံနက် ခြောက်နာရီမှ ည ဆယ်နာရီအထိ နေ့စဉ် ပြေးဆွဲမည်ဟု တာဝန်ရှိသူများက ပြောကြားသည်။"],
     "2025-01-15T08:00:00Z"),
]


@pytest.mark.parametrize("headline, dateline, paragraphs, utc", UNDECLARED_PAGES)
def test_a_zone_less_time_on_a_page_without_lang_is_read_in_its_detected_languages_one_country(
        headline, dateline, paragraphs, utc):
    assert _published(_page("", headline, dateline, paragraphs)) == utc


@pytest.mark.parametrize("language, zone", [
    ("ne", "Asia/Kathmandu"), ("gu", "Asia/Kolkata"), ("tk", "Asia/Ashgabat"), ("si", "Asia/Colombo"),
    ("so", "Africa/Mogadishu"), ("ba", "Europe/Moscow"), ("ta", ""), ("sm", ""), ("ar", ""), ("es", ""),
])
def test_a_bare_languages_zone_is_its_one_home_countrys(language, zone):
    from transforms.dates import locale_zone

    assert locale_zone(language) == zone  # ta: Sri Lanka and Singapore; sm: Samoa and American Samoa


# --- zones written as names in the page's language (CLDR's metazone names, exemplar cities and
# territories in the region pattern), on any page, only right after the time of day ---------------
@pytest.mark.parametrize("line, locale, utc", [
    # fr: the city beside the zone word "heure" (Paris in March: UTC+1)
    ("Publié le 8 mars 2025 à 14h05 (heure de Paris)", "fr", "2025-03-08T13:05:00Z"),
    ("Publié le 8 mars 2025 à 14h05, heure de Paris", "fr", "2025-03-08T13:05:00Z"),
    # de: CLDR's short names of Central European time, standard and summer
    ("3. März 2025, 10:30 Uhr MEZ", "de", "2025-03-03T09:30:00Z"),
    ("3. Juli 2025, 10:30 Uhr MESZ", "de", "2025-07-03T08:30:00Z"),
    ("3. Juli 2025, 10:30 Uhr (Mitteleuropäische Sommerzeit)", "de", "2025-07-03T08:30:00Z"),
    # bn: the day-period hour and "Bangladesh time" (region pattern "{0} সময়")
    ("১৫ জানুয়ারি ২০২৫, বিকেল ৪টা (বাংলাদেশ সময়)", "bn", "2025-01-15T10:00:00Z"),
    # es: "hora de {territory}" on a page of a language of many countries
    ("15 de enero de 2025, 10:30 hora de España", "es", "2025-01-15T09:30:00Z"),
    # tr: "Türkiye Saati", the metazone's long name
    ("15 Ocak 2025 10:30 Türkiye saati", "tr", "2025-01-15T07:30:00Z"),
    # id: the long name of WIB
    ("15 Januari 2025 pukul 10.30 Waktu Indonesia Barat", "id", "2025-01-15T03:30:00Z"),
    # uk: "за київським часом", the city's adjective beside the inflected zone word
    ("15 липня 2025, 10:30 за київським часом", "uk", "2025-07-15T07:30:00Z"),
    # el: Greece's name inflected beside "ώρα"
    ("15 Ιουλίου 2025, 10:30 ώρα Ελλάδας", "el", "2025-07-15T07:30:00Z"),
    # pl, it, nl: the country as an adjective beside the zone word
    ("15 lipca 2025, 10:30 czas polski", "pl", "2025-07-15T08:30:00Z"),
    ("15 luglio 2025, ore 10:30 ora italiana", "it", "2025-07-15T08:30:00Z"),
    ("15 juli 2025 om 10.30 uur Nederlandse tijd", "nl", "2025-07-15T08:30:00Z"),
    # ar: the zone word with its proclitic, Cairo in summer (UTC+3)
    ("١٥ يوليو ٢٠٢٥، ١٠:٣٠ بتوقيت القاهرة", "ar", "2025-07-15T07:30:00Z"),
    # ko: Seoul beside "시간", the city in parentheses right after the time (ru, tr)
    ("2025년 7월 15일 오전 10:30 (서울 시간)", "ko", "2025-07-15T01:30:00Z"),
    ("15 июля 2025 года, 10:30 (Москва)", "ru", "2025-07-15T07:30:00Z"),
    ("15 Temmuz 2025 10:30 (İstanbul)", "tr", "2025-07-15T07:30:00Z"),
    # pt: the city in parentheses with words the pt pattern does not hold
    ("15 de julho de 2025, 10h30 (hora de Lisboa)", "pt", "2025-07-15T09:30:00Z"),
    # en: a zone's own name and a metazone's (Eastern: New York's clock, winter)
    ("15 July 2025, 10:30 am British Summer Time", "en", "2025-07-15T09:30:00Z"),
    ("15 January 2025 10:30 (Eastern Time)", "en", "2025-01-15T15:30:00Z"),
])
def test_a_zone_named_in_the_pages_language_after_the_time(line, locale, utc):
    found = read_date_line(line, locale)
    assert found is not None and found.zoned_time, found
    assert iso_utc(found.when.isoformat()) == utc


@pytest.mark.parametrize("line, locale", [
    ("Paris, 8 mars 2025, 14h05", "fr"),  # the dateline's place before the time
    ("Publié le 8 mars 2025 à 14h05 à Paris", "fr"),  # a place after it, no zone word
    ("Le 8 mars 2025 à 14h05 est paru le rapport", "fr"),  # "est" is no EST
    ("3. März 2025, 10:30 Uhr in Berlin", "de"),
    ("Opublikowano 15 lipca 2025, 10:30, Warszawa", "pl"),
    ("15 июля 2025 года, 10:30, Москва", "ru"),  # ru's name of Moscow time is the city's: as a city
    ("15 de julio de 2025, 10:30 horas en Madrid", "es"),  # where, not which clock
    ("15 July 2025 10:30 AT", "en"),  # two letters: no abbreviation read
])
def test_a_place_in_the_line_is_not_a_zone(line, locale):
    found = read_date_line(line, locale)
    assert found is not None and not found.zoned_time, found


def test_a_zone_named_on_a_page_whose_language_has_no_one_clock():
    paragraphs = ["Le conseil municipal a adopté jeudi soir le budget de l'année prochaine après un long débat.",
                  "La plus grande part des dépenses ira à la rénovation des écoles et aux pistes cyclables."]
    html = _page("fr", "Le conseil adopte le budget", "Publié le 8 mars 2025 à 14h05 (heure de Paris)", paragraphs)
    assert _published(html) == "2025-03-08T13:05:00Z"


# --- a time of day without a zone on a page whose zone cannot be known (no region in its lang, no
# country in its address, a language of several clocks): midnight UTC of the day and the time read as
# UTC are both wrong instants; the page's own dated values give the offset, else no date ----------
EN = ["The council approved the budget for next year on Thursday evening after a long debate among its members.",
      "Most of the money will go to the renovation of schools, new cycle lanes and the city's public transport."]
ES = ["El ayuntamiento aprobó el jueves por la noche el presupuesto del próximo año tras un largo debate entre los concejales.",
      "La mayor parte del dinero irá a la renovación de escuelas, nuevos carriles bici y el transporte público de la ciudad."]
AR = ["وافق المجلس البلدي مساء الخميس على ميزانية العام المقبل بعد نقاش طويل بين أعضائه حول أولويات الإنفاق.",
      "وسيذهب الجزء الأكبر من الأموال إلى ترميم المدارس وإنشاء مسارات جديدة للدراجات وتحسين النقل العام في المدينة."]
PT = ["A câmara municipal aprovou na quinta-feira à noite o orçamento do próximo ano depois de um longo debate entre os vereadores.",
      "A maior parte do dinheiro irá para a renovação de escolas, novas ciclovias e o transporte público da cidade."]
ZONELESS = [
    ("en", "Council approves budget", "Published 15 March 2025, 14:30", EN),
    ("es", "El ayuntamiento aprueba el presupuesto", "Publicado el 15 de marzo de 2025, 14:30", ES),
    ("ar", "المجلس يقر الميزانية", "نُشر في ١٥ مارس ٢٠٢٥، ١٤:٣٠", AR),
    ("pt", "Câmara aprova orçamento", "Publicado em 15 de março de 2025, às 14h30", PT),
]


@pytest.mark.parametrize("lang, headline, dateline, paragraphs", ZONELESS, ids=[case[0] for case in ZONELESS])
def test_a_zone_less_time_on_a_page_of_no_known_zone_gives_no_wrong_instant(lang, headline, dateline, paragraphs):
    # before: the day at midnight UTC (2025-03-15T00:00:00Z), right under no reading of the page
    assert _published(_page(lang, headline, dateline, paragraphs)) == ""
    # the day alone is that day at midnight UTC (the convention), a named zone its instant
    day_only = re.split(r"[,،]", dateline)[0]
    assert _published(_page(lang, headline, day_only, paragraphs)) == "2025-03-15T00:00:00Z"


@pytest.mark.parametrize("lang, headline, dateline, paragraphs, offset, utc", [
    ("en", "Council approves budget", "Published 15 March 2025, 14:30", EN, "+05:30", "2025-03-15T09:00:00Z"),
    ("es", "El ayuntamiento aprueba el presupuesto", "Publicado el 15 de marzo de 2025, 14:30", ES, "-03:00",
     "2025-03-15T17:30:00Z"),
    ("pt", "Câmara aprova orçamento", "Publicado em 15 de março de 2025, às 14h30", PT, "+00:00", "2025-03-15T14:30:00Z"),
])
def test_a_zone_less_time_takes_the_offset_of_the_pages_own_dates(lang, headline, dateline, paragraphs, offset, utc):
    # the page's modified_time (a later hour, never the publication) writes the site's clock
    html = _page(lang, headline, dateline, paragraphs).replace(
        "</head>", f'<meta property="article:modified_time" content="2025-03-15T18:00:00{offset}"></head>')
    assert _published(html) == utc


def test_the_publication_line_beats_a_modified_instant_of_its_day():
    html = _page("en", "Council approves budget", "Published 15 March 2025, 14:30 GMT", EN).replace(
        "</head>", '<meta property="article:modified_time" content="2025-03-15T18:00:00+01:00"></head>')
    assert _published(html) == "2025-03-15T14:30:00Z"  # before: the modified 17:00Z


# A date box holding the publication line and the update line as blocks of their own (<p>, <div>):
# text_content() glued them ("20:10 TRTGüncelleme: ..."), so the update line's zone or day was read
# with the publication's time (fourteenth session). Each: (lang, url, box, paragraphs, utc).
DATE_BOX_PAGES = [
    # a German site on .com: the zone is only in the line ("MEZ", +01:00)
    ("de", "https://www.example-zeitung.com/politik/4411",
     '<p class="date">Veröffentlicht am 12. März 2025, 22:30 Uhr MEZ</p><p class="date">Aktualisiert am 13. März 2025, 06:10 Uhr MEZ</p>',
     ["In Leipzig haben die Verkehrsbetriebe am Abend den Betrieb mehrerer Straßenbahnlinien wegen eines Unwetters eingestellt.",
      "Nach Angaben der Feuerwehr stürzten im Stadtgebiet mehr als dreißig Bäume auf Straßen und Gleise."],
     "2025-03-12T21:30:00Z"),
    # an English site on .com: "EDT" in the line, the next day in UTC
    ("en", "https://www.example-courier.com/local/8812",
     '<div class="date">Published March 12, 2025 10:30 p.m. EDT</div><div class="date">Updated March 13, 2025 6:10 a.m. EDT</div>',
     ["Firefighters in Albany spent most of the night containing a blaze that spread through three warehouses near the river.",
      "No injuries were reported, the fire chief said, but a stretch of the waterfront road will stay closed until Friday."],
     "2025-03-13T02:30:00Z"),
    # Indonesian: "WITA" (+08:00), not the Western Indonesia time the language would give
    ("id", "https://www.example-berita.com/daerah/7720",
     '<p class="date">Senin, 10 Maret 2025 21:15 WITA</p><p class="date">Diperbarui: Selasa, 11 Maret 2025 07:30 WITA</p>',
     ["Pemerintah Kota Makassar menutup sementara dua ruas jalan utama setelah hujan deras menyebabkan banjir setinggi lutut.",
      "Petugas pemadam kebakaran dan relawan membantu warga memindahkan barang ke tempat yang lebih tinggi."],
     "2025-03-10T13:15:00Z"),
]


@pytest.mark.parametrize("lang, url, box, paragraphs, utc", DATE_BOX_PAGES, ids=[p[0] for p in DATE_BOX_PAGES])
def test_a_date_box_of_publication_and_update_blocks_gives_the_publication(lang, url, box, paragraphs, utc):
    headline = paragraphs[0].split(",")[0][:60]
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    html = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{headline}</title>'
            f'<link rel="canonical" href="{url}"></head><body><article><h1>{headline}</h1>'
            f'<div class="meta">{box}</div>{body}</article></body></html>')
    assert _published(html) == utc


@pytest.mark.parametrize("lang, cells, utc", [
    ("sw", '<td><div class="siku">Imechapishwa: Jumanne, 3 Machi 2026 10:20 GMT+3</div></td>'
           '<td><div class="mwandishi">Na Mwandishi Wetu, Mombasa</div></td>', "2026-03-03T07:20:00Z"),
    ("ms", '<td><div class="tarikh">Diterbitkan: Rabu, 4 Mac 2026 8:15 PG (GMT+8)</div></td>'
           '<td><div class="penulis">Oleh Wartawan Kami</div></td>', "2026-03-04T00:15:00Z"),
])
def test_a_date_cell_in_a_box_under_the_headline_is_the_date_line(lang, cells, utc):
    """A date and a byline in cells of one table under the headline, in elements named in the
    page's language ("siku", "tarikh"): the date cell is a line of its own (glued to the byline
    cell, the box was no date line; fourteenth session)."""
    headline = {"sw": "Mombasa yaongeza mabasi mapya ya umeme", "ms": "Johor Bahru tambah laluan bas baharu"}[lang]
    paragraphs = {
        "sw": ["Serikali ya kaunti ya Mombasa imetangaza kuwa mabasi ishirini ya umeme yataanza kazi mwezi ujao katika njia za mjini.",
               "Afisa wa usafiri alisema mabasi hayo yatapunguza msongamano na gharama za mafuta kwa wasafiri wa kila siku."],
        "ms": ["Kerajaan negeri Johor akan menambah lima laluan bas baharu di sekitar Johor Bahru mulai bulan hadapan untuk pekerja kilang.",
               "Exco pengangkutan berkata kekerapan bas pada waktu puncak pagi dan petang akan ditingkatkan kepada setiap lima belas minit."],
    }[lang]
    body = "".join(f"<p>{p}</p>" for p in paragraphs * 3)
    html = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{headline}</title></head><body>'
            f'<h1 class="title">{headline}</h1><table class="info"><tr>{cells}</tr></table>{body}</body></html>')
    assert _published(html) == utc
