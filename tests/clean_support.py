"""Shared set-up of the clean stage's tests of notices in many languages: the lexicon as configured and
two plain news sentences per language (written for the tests: a flood relief package and the rain
expected) around which a notice line is placed; they must come out untouched."""

from __future__ import annotations

import pathlib

import yaml

from transforms.clean import Lexicon

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEXICON = Lexicon(yaml.safe_load((ROOT / "configs" / "boilerplate.yaml").read_text("utf-8")))

BODIES = {
    "ar": ["أعلنت الحكومة يوم الاثنين عن حزمة مساعدات للمناطق المتضررة من الفيضانات.",
           "وقال مسؤولون إن من المتوقع هطول مزيد من الأمطار خلال اليومين المقبلين."],
    "cs": ["Vláda v pondělí oznámila balíček pomoci pro obce zasažené povodněmi.",
           "Podle úřadů se v příštích dvou dnech očekávají další srážky."],
    "de": ["Die Landesregierung hat am Montag ein Hilfspaket für die vom Hochwasser betroffenen Kreise beschlossen.",
           "Nach Angaben der Behörden wird in den kommenden Tagen weiterer Regen erwartet."],
    "el": ["Η κυβέρνηση ανακοίνωσε τη Δευτέρα πακέτο στήριξης για τους δήμους που επλήγησαν από τις πλημμύρες.",
           "Σύμφωνα με τις αρχές, αναμένονται νέες βροχές τις επόμενες δύο ημέρες."],
    "en": ["The state government announced a relief package on Monday for the districts hit by the floods.",
           "Officials said more rain was expected over the next two days across the region."],
    "es": ["El Gobierno regional anunció el lunes un paquete de ayudas para los municipios afectados por las inundaciones.",
           "Según las autoridades, se esperan más lluvias en los próximos dos días."],
    "fa": ["دولت روز دوشنبه بسته کمکی برای مناطق آسیب\u200cدیده از سیل را اعلام کرد.",
           "به گفته مقامات، در دو روز آینده بارش\u200cهای بیشتری پیش\u200cبینی می\u200cشود."],
    "fr": ["Le gouvernement a annoncé lundi un plan d'aide pour les communes touchées par les inondations.",
           "Selon les autorités, de nouvelles pluies sont attendues dans les prochains jours."],
    "he": ["הממשלה הודיעה ביום שני על חבילת סיוע לרשויות שנפגעו מההצפות.",
           "לדברי הרשויות, צפויים גשמים נוספים ביומיים הקרובים."],
    "hi": ["राज्य सरकार ने सोमवार को बाढ़ प्रभावित जिलों के लिए राहत पैकेज की घोषणा की।",
           "अधिकारियों के अनुसार अगले दो दिनों में और बारिश होने की संभावना है।"],
    "id": ["Pemerintah provinsi pada Senin mengumumkan paket bantuan bagi daerah yang terdampak banjir.",
           "Menurut pihak berwenang, hujan diperkirakan masih turun dalam dua hari ke depan."],
    "it": ["Il governo regionale ha annunciato lunedì un pacchetto di aiuti per i comuni colpiti dall'alluvione.",
           "Secondo le autorità, nei prossimi due giorni sono attese altre piogge."],
    "ja": ["政府は月曜日、豪雨で被害を受けた地域への支援策を発表した。",
           "気象庁によると、あと二日ほど雨が続く見込みだという。"],
    "ko": ["정부는 월요일 홍수 피해 지역에 대한 지원 대책을 발표했다.",
           "기상청은 앞으로 이틀 동안 비가 더 내릴 것으로 내다봤다."],
    "nl": ["De provincie kondigde maandag een steunpakket aan voor de gemeenten die door de overstromingen zijn getroffen.",
           "Volgens de autoriteiten wordt de komende dagen meer regen verwacht."],
    "pl": ["Rząd ogłosił w poniedziałek pakiet pomocy dla gmin dotkniętych powodzią.",
           "Według władz w najbliższych dniach spodziewane są kolejne opady deszczu."],
    "pt": ["O governo estadual anunciou na segunda-feira um pacote de ajuda para os municípios atingidos pelas enchentes.",
           "Segundo as autoridades, mais chuva é esperada nos próximos dois dias."],
    "ro": ["Guvernul a anunțat luni un pachet de sprijin pentru localitățile afectate de inundații.",
           "Potrivit autorităților, în următoarele două zile sunt așteptate noi ploi."],
    "ru": ["Правительство области в понедельник объявило о пакете помощи районам, пострадавшим от наводнения.",
           "По данным властей, в ближайшие два дня ожидаются новые дожди."],
    "sv": ["Regeringen presenterade på måndagen ett stödpaket för de kommuner som drabbats av översvämningarna.",
           "Enligt myndigheterna väntas mer regn under de kommande dagarna."],
    "tr": ["Hükümet pazartesi günü selden etkilenen ilçeler için bir yardım paketi açıkladı.",
           "Yetkililere göre önümüzdeki iki gün boyunca yeni yağışlar bekleniyor."],
    "uk": ["Уряд області в понеділок оголосив про пакет допомоги районам, які постраждали від повені.",
           "За даними влади, найближчими днями очікуються нові дощі."],
    "ur": ["صوبائی حکومت نے پیر کے روز سیلاب سے متاثرہ اضلاع کے لیے امدادی پیکج کا اعلان کیا۔",
           "حکام کے مطابق اگلے دو دنوں میں مزید بارش کا امکان ہے۔"],
    "zh": ["政府周一宣布了针对受洪水影响地区的救援计划。",
           "气象部门表示，未来两天仍可能出现强降雨。"],
}
