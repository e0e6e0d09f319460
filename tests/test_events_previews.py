"""Match previews and the reports of the match (transforms/events.py ``anticipates``): a preview
published one or two days before the match names its day ahead ("yarın akşam", "am Mittwoch",
"domenica", "demain"); the reports of the evening after often name no day at all ("wins 2-1",
"verliert 1:2"): such a report tells the day it came out, and the preview cannot have reported
it. Inputs are real-language texts (Turkish, German, English, Spanish, Italian, French) of
invented matches, written for these tests (tenth session, second round)."""

import yaml

from tests.conftest import ROOT
from transforms.events import (Member, anticipates, article_terms, assign_events, event_time, is_digest,
                               looks_ahead, pair_similarity, parse_settings, unpack_parts)

SETTINGS = parse_settings(yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"])

TUESDAY_MORNING = event_time("2026-03-03T08:30:00Z", 0.0)  # the first leg is on Wednesday 4 March
WEDNESDAY_NIGHT = event_time("2026-03-04T21:45:00Z", 0.0)
FRIDAY_MORNING = event_time("2026-03-06T09:00:00Z", 0.0)  # the derby is on Sunday 8 March
SATURDAY_NOON = event_time("2026-03-07T12:00:00Z", 0.0)
SUNDAY_NIGHT = event_time("2026-03-08T22:10:00Z", 0.0)

FIRST_LEG = [
    ("tr-preview", "tr", TUESDAY_MORNING, "Karadenizspor, Rheinfeld karşısında avantaj peşinde",
     "Karadenizspor, UEFA Avrupa Ligi son 16 turu ilk maçında yarın akşam Alman ekibi Rheinfeld'i konuk edecek. "
     "Teknik direktör Oğuzhan Demirtaş, maç öncesi düzenlediği basın toplantısında takımının hazır olduğunu söyledi.\n"
     "Demirtaş, \"Taraftarımızın desteğiyle avantaj elde etmek istiyoruz\" dedi. Sakat oyuncular Emre Kılınç ve "
     "Burak Yazıcı'nın maçta forma giymesi beklenmiyor.\n"
     "Karşılaşma saat 20.45'te başlayacak ve Kuzey Arena'da oynanacak. Hakem olarak İspanyol Mateo Lahoz görev yapacak."),
    ("de-preview", "de", TUESDAY_MORNING, "Rheinfeld in Trabzonia: Trainer warnt vor dem Hexenkessel",
     "Rheinfeld reist mit Respekt an die Schwarzmeerküste. Vor dem Hinspiel im Achtelfinale der Europa League bei "
     "Karadenizspor warnte Trainer Jonas Kellermann vor der Stimmung in der Kuzey Arena.\n"
     "\"Das wird ein Hexenkessel, darauf müssen wir vorbereitet sein\", sagte Kellermann am Dienstag. Verzichten muss "
     "Rheinfeld auf Stürmer Lukas Brandtner, der mit einer Muskelverletzung ausfällt.\n"
     "Anpfiff ist am Mittwoch um 18.45 Uhr deutscher Zeit. Schiedsrichter ist der Spanier Mateo Lahoz."),
    ("tr-report", "tr", WEDNESDAY_NIGHT, "Karadenizspor, Rheinfeld'i 2-1 yendi",
     "UEFA Avrupa Ligi son 16 turu ilk maçında Karadenizspor, Kuzey Arena'da Alman ekibi Rheinfeld'i 2-1 mağlup etti. "
     "Karadenizspor'un gollerini Kerem Aydın ve Onur Çelik attı, Rheinfeld'in tek golü Niklas Berger'den geldi.\n"
     "Teknik direktör Oğuzhan Demirtaş maçın ardından oyuncularını tebrik etti. Rövanş maçı gelecek hafta Almanya'da oynanacak."),
    ("de-report", "de", WEDNESDAY_NIGHT, "Rheinfeld verliert 1:2 bei Karadenizspor",
     "Rheinfeld hat das Hinspiel im Achtelfinale der Europa League bei Karadenizspor mit 1:2 verloren. Vor aufgeheizter "
     "Kulisse in der Kuzey Arena trafen Kerem Aydın und Onur Çelik für die Gastgeber, Niklas Berger gelang nur der "
     "Anschlusstreffer.\nTrainer Jonas Kellermann haderte nach dem Spiel mit der Chancenverwertung. Das Rückspiel findet kommende Woche statt."),
    ("en-report", "en", WEDNESDAY_NIGHT, "Late free kick gives Karadenizspor edge over Rheinfeld",
     "Onur Celik's late free kick gave Karadenizspor a 2-1 win over Rheinfeld in the first leg of their Europa League "
     "last-16 tie at the Kuzey Arena. Kerem Aydin had put the Turkish side ahead before Niklas Berger equalised for the "
     "German visitors.\nRheinfeld coach Jonas Kellermann said his side had enough chances to win. The return leg is next week."),
    ("es-report", "es", WEDNESDAY_NIGHT, "Karadenizspor toma ventaja ante el Rheinfeld con un gol de falta",
     "El Karadenizspor se impuso por 2-1 al Rheinfeld en la ida de los octavos de final de la Europa League, disputada "
     "en el Kuzey Arena. Kerem Aydın abrió el marcador, Niklas Berger empató y Onur Çelik decidió con un lanzamiento "
     "de falta en los minutos finales.\nEl técnico del Rheinfeld, Jonas Kellermann, lamentó las ocasiones falladas. "
     "La vuelta se jugará la próxima semana."),
]

DERBY = [
    ("it-preview", "it", FRIDAY_MORNING, "Verona Nord e Lyssac, vigilia di tensione",
     "Domenica sera allo Stadio Bentegodi Nord si gioca la sfida tra il Verona Nord e l'Olympique Lyssac, valida per "
     "il girone di Conference League. L'allenatore Marco Dellavalle ha convocato ventitré giocatori.\n"
     "Dellavalle dovrà fare a meno del capitano Andrea Ruffini, squalificato. Per il Lyssac torna titolare "
     "l'attaccante Yanis Berthomier dopo l'infortunio.\n"
     "I biglietti sono esauriti da giorni e la prefettura ha vietato la trasferta ai tifosi francesi."),
    ("fr-preview", "fr", SATURDAY_NOON, "Lyssac à Vérone avec Berthomier",
     "L'Olympique Lyssac affronte demain le Verona Nord au Stadio Bentegodi Nord en Ligue Europa Conférence. "
     "L'entraîneur Didier Lacombe a confirmé le retour de Yanis Berthomier.\n"
     "Les supporters lyssacois sont interdits de déplacement par la préfecture de Vérone. Le capitaine véronais "
     "Andrea Ruffini est suspendu pour ce match."),
    ("it-report", "it", SUNDAY_NIGHT, "Berthomier gela il Bentegodi Nord: Lyssac vince 2-0",
     "L'Olympique Lyssac ha battuto 2-0 il Verona Nord allo Stadio Bentegodi Nord nel girone di Conference League. "
     "Decisiva la doppietta di Yanis Berthomier, a segno nel primo e nel secondo tempo.\n"
     "Il Verona Nord, privo dello squalificato Andrea Ruffini, non è mai riuscito a rendersi pericoloso. "
     "Marco Dellavalle ha chiesto scusa ai tifosi."),
    ("fr-report", "fr", SUNDAY_NIGHT, "Doublé de Berthomier, Lyssac s'impose à Vérone",
     "Grâce à un doublé de Yanis Berthomier, l'Olympique Lyssac s'est imposé sur la pelouse du Verona Nord au Stadio "
     "Bentegodi Nord en Ligue Europa Conférence.\nL'entraîneur Didier Lacombe a salué la maîtrise de ses joueurs "
     "face à une équipe véronaise privée d'Andrea Ruffini."),
    ("en-report", "en", SUNDAY_NIGHT, "Berthomier double sinks Verona Nord",
     "Yanis Berthomier scored twice as Olympique Lyssac beat Verona Nord 2-0 at the Stadio Bentegodi Nord in the "
     "Conference League group stage.\nVerona Nord, without the suspended captain Andrea Ruffini, rarely threatened "
     "and coach Marco Dellavalle apologised to the fans."),
]


def _members(rows) -> dict:
    return {i: Member(i, t, article_terms(title, text, lang, SETTINGS, t), language=lang) for i, lang, t, title, text in rows}


def _events(members) -> dict:
    return {m.id: e for e, people in assign_events(list(members.values()), SETTINGS) for m in people}


def test_a_preview_of_the_day_before_anticipates_reports_that_name_no_day():
    """The Turkish preview says "yarın akşam" (tomorrow evening: a relative day, not one it
    reports itself), the German one "am Mittwoch" ahead and its own Tuesday press conference;
    the four reports of Wednesday night name no day. Without the rule the previews joined the
    reports on the clubs, the coaches and the stadium."""
    members = _members(FIRST_LEG)
    reports = [m for i, m in members.items() if i.endswith("report")]
    assert all(not r.vec.days for r in reports)  # precondition: the reports name no day
    for preview in (members["tr-preview"], members["de-preview"]):
        assert preview.vec.ahead_days
        assert all(anticipates(preview, r) and not anticipates(r, preview) for r in reports)
        assert all(pair_similarity(preview, r, SETTINGS) == 0.0 for r in reports)
    found = _events(members)
    assert len({found[r.id] for r in reports}) == 1
    assert found["tr-preview"] not in {found[r.id] for r in reports}
    assert found["de-preview"] not in {found[r.id] for r in reports}


def test_a_preview_two_days_ahead_keeps_apart_from_the_match_and_joins_the_next_preview():
    """The Italian preview of Friday names Sunday ("domenica"), the French one of Saturday
    "demain": both anticipate Sunday night's reports (with the score or without it). The French
    preview came out before Sunday: the Italian one does not anticipate it (it names no day it
    reports), so the two previews may still be one event."""
    members = _members(DERBY)
    reports = [m for i, m in members.items() if i.endswith("report")]
    for preview in (members["it-preview"], members["fr-preview"]):
        assert all(anticipates(preview, r) for r in reports)
    assert not anticipates(members["it-preview"], members["fr-preview"])
    assert pair_similarity(members["it-preview"], members["fr-preview"], SETTINGS) > 0
    found = _events(members)
    assert len({found[r.id] for r in reports}) == 1
    assert {found["it-preview"], found["fr-preview"]}.isdisjoint({found[r.id] for r in reports})


MONDAY_MORNING = event_time("2026-04-13T09:15:00Z", 0.0)  # the cup final is on Tuesday 14 April
TUESDAY_NIGHT = event_time("2026-04-14T21:30:00Z", 0.0)

FINAL = [
    ("fr-preview", "fr", MONDAY_MORNING, "Coupe de France : Valmont se méfiera de Port-Lazare",
     "L'entraîneur de Valmont, Étienne Rocheteau, sait que la finale sera difficile. « Port-Lazare nous posera des "
     "problèmes, nous devrons être patients », a-t-il prévenu.\n"
     "Le capitaine Yanis Belkacem devrait être aligné malgré une douleur à la cheville. Le Stade Aurelien sera plein : "
     "48 000 supporters sont attendus.\n"
     "Valmont va disputer sa première finale depuis 1998, Port-Lazare visera un troisième titre."),
    ("fr-report", "fr", TUESDAY_NIGHT, "Valmont remporte la Coupe de France face à Port-Lazare",
     "Valmont a battu Port-Lazare 2-0 en finale de la Coupe de France devant 48 000 spectateurs au Stade Aurelien. "
     "Yanis Belkacem a ouvert le score avant la pause, Hugo Marchetti a doublé la mise à dix minutes de la fin.\n"
     "Étienne Rocheteau a salué un groupe « exemplaire ». Valmont n'avait plus atteint la finale depuis 1998."),
]


def test_a_preview_in_the_future_tense_naming_no_day_looks_ahead():
    """A coach's warning the day before, every sentence in the future tense, no day named ("la
    finale sera difficile", "Bremen wird uns alles abverlangen"): its lead looks ahead
    (``looks_ahead``) and the report of the final the next evening, which names no day either, is
    another happening. One "will" in a report is background, not a preview."""
    members = _members(FINAL)
    preview, report = members["fr-preview"], members["fr-report"]
    assert not preview.vec.days and preview.vec.ahead_days  # named none: looked ahead by its tense
    assert anticipates(preview, report) and not anticipates(report, preview)
    assert pair_similarity(preview, report, SETTINGS) == 0.0
    assert looks_ahead(["Trainer Ralph Kessler warnt vor dem Gegner.", "„Sie werden von Beginn an Druck machen.“ "
                        "Der Kapitän wird zurückkehren. Das Stadion wird ausverkauft sein."], "de")
    assert not looks_ahead(["Wolfsburg hat 3:1 gewonnen. Kessler lobte die Moral.", "Das Rückspiel wird im Mai "
                            "ausgetragen. Der Kapitän traf zweimal."], "de")
    assert looks_ahead(["Oyuncular yarın sahaya çıkacak.", "Teknik direktör takımının hazır olacağını söyledi."], "tr")
    assert not looks_ahead(["Las tropas se retiraron el lunes. Los vecinos volverán a casa."], "es")  # one of two


def test_a_daily_digest_of_short_unrelated_items_is_its_own_event_with_the_spread_test_on(monkeypatch):
    """"Der Tag kompakt": four items, one paragraph each, no name shared between them; its longest
    item holds more than the 0.3 of ``digest_cohesion``, yet less than ``DIGEST_SPREAD`` (turned
    on here at 1.6: it is off by default, see transforms/events.py) paragraphs' worth of the text.
    A four-paragraph report whose paragraphs name its people again is no digest."""
    import transforms.events as events

    monkeypatch.setattr(events, "DIGEST_SPREAD", 1.6)
    digest = article_terms("Der Tag kompakt", (
        "Bahnstreik: Die Lokführergewerkschaft GDL legt am Donnerstag den Fernverkehr der Deutschen Bahn lahm.\n"
        "Klage: Die Verbraucherzentrale Hamburg verklagt den Stromanbieter Lumora wegen versteckter Servicegebühren "
        "von 7,90 Euro im Monat, die rund 80.000 Kunden ohne jeden Hinweis gezahlt haben sollen.\n"
        "Wetter: Sturmtief Bertram bringt Orkanböen bis 120 km/h an die Nordseeküste, Fähren nach Helgoland fallen aus.\n"
        "Fußball: Hannover 96 trennt sich nach fünf Niederlagen in Serie von Trainer Stefan Leitl."), "de", SETTINGS)
    assert len(unpack_parts(digest.parts)) == 4 and SETTINGS.digest_cohesion <= digest.cohesion < events.DIGEST_SPREAD / 4
    assert is_digest(digest, SETTINGS.digest_cohesion)
    report = article_terms("Verbraucherzentrale verklagt Lumora", (
        "Die Verbraucherzentrale Hamburg hat den Stromanbieter Lumora vor dem Landgericht Hamburg verklagt.\n"
        "Lumora soll rund 80.000 Kunden eine Servicegebühr von 7,90 Euro berechnet haben, ohne sie zu informieren.\n"
        "Ein Sprecher von Lumora wies die Vorwürfe zurück und kündigte an, sich vor Gericht zu wehren.\n"
        "Die Verbraucherzentrale Hamburg fordert die Rückzahlung der Gebühren an alle betroffenen Kunden."), "de", SETTINGS)
    assert len(unpack_parts(report.parts)) == 4 and not is_digest(report, SETTINGS.digest_cohesion)
