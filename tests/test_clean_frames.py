"""Notices in impersonal and passive phrasings (a kind's noun framed by a kind's cue: "Subscriptions to
the morning briefing are free", "The full report is available on the partner site"), the news that
holds the same nouns, and closing body paragraphs with schedule and price words. Every line was
written for these tests (ninth session, in 22 languages), none taken from a notice set."""

from __future__ import annotations

import json
import pathlib

import pytest
import yaml

from tests.test_clean_learned import BODY as LEARNED_BODY
from transforms.clean import Lexicon, _framed, _match_norm, clean_text

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEXICON_DATA = yaml.safe_load((ROOT / "configs" / "boilerplate.yaml").read_text("utf-8"))
LEXICON = Lexicon(LEXICON_DATA)  # the shipped configuration: rules and the learned second opinion
RULES_ONLY = Lexicon({**LEXICON_DATA, "limits": {**LEXICON_DATA["limits"], "learned_notice": 1.0}})
ROWS = [json.loads(line) for line in (ROOT / "tests" / "data" / "impersonal_notices.jsonl").read_text("utf-8").splitlines() if line.strip()]
NOTICES = [(row["lang"], row["kind"], row["text"]) for row in ROWS if row["kind"] != "body"]
BODY = [(row["lang"], row["text"]) for row in ROWS if row["kind"] == "body"]

# two plain news sentences before the line, in a language the page shares with it (en fr de es it tr:
# tests/test_clean_learned.py's)
CONTEXT = {
    **LEARNED_BODY,
    "ru": ["В понедельник городской совет обсудил бюджет на следующий год.",
           "По словам депутатов, план вынесут на голосование в следующем месяце после общественных слушаний."],
    "ar": ["اجتمع المجلس البلدي يوم الاثنين لمناقشة ميزانية العام المقبل.",
           "وقال المسؤولون إن الخطة ستطرح للتصويت الشهر المقبل بعد مشاورات عامة."],
}


def _clean(lang: str, line: str, lexicon: Lexicon = LEXICON):
    first, second = CONTEXT.get(lang, CONTEXT["en"])
    return clean_text("\n\n".join([first, second, line]), lexicon, language=lang)


def test_the_set_covers_every_weak_kind_in_the_required_languages():
    required = {"ar", "fa", "ur", "en", "fr", "de", "es", "it", "pt", "ru", "tr", "zh"}
    for kind in ("newsletter", "app", "read_at_source", "paywall", "follow"):
        langs = {lang for lang, k, _ in NOTICES if k == kind}
        assert required <= langs and len(langs) >= 20, kind


def test_impersonal_notices_go_at_the_rate_the_issue_asks():
    """>= 95% of the set by the rules alone (the learned model is a second opinion on top)."""
    kept = [(lang, kind, text) for lang, kind, text in NOTICES if text in _clean(lang, text, RULES_ONLY).text.split("\n\n")]
    assert len(kept) <= 0.05 * len(NOTICES), kept


@pytest.mark.parametrize("lang, kind, text", [n for n in NOTICES if n[0] in ("en", "fr", "de", "ar", "zh", "ja", "he", "uk")])
def test_an_impersonal_notice_under_the_article_goes(lang, kind, text):
    assert text not in _clean(lang, text).text.split("\n\n")


@pytest.mark.parametrize("lang, text", BODY)
def test_news_and_closing_paragraphs_with_the_same_nouns_stay(lang, text):
    """A bulletin of a ministry, an app's downloads, a report due, subscribers of a utility, a
    minister's channel, and closing paragraphs about free weekly classes (schedule + price): body."""
    assert text in _clean(lang, text).text.split("\n\n")


@pytest.mark.parametrize(
    "lang, text",
    [
        # a fact vetoes the frame: a large number, a percentage, a year
        ("en", "The newspaper's subscription app was downloaded 40,000 times and is available on Android."),
        ("en", "Premium subscriptions are up 8% and remain exclusive to the business edition."),
        ("de", "Der vollständige Bericht ist 2019 auf der Website des Ministeriums erschienen."),
        # a schedule frames nothing: classes and services held every week for free are news
        ("uk", "Зустрічі клубу відбуваються щотижня у суботу і є безкоштовними для всіх мешканців громади."),
        ("fr", "Les permanences ont lieu chaque semaine en mairie et sont gratuites."),
        # a cue that is the anchor itself ("App Store" holds "app") is no frame
        ("en", "Apple pulled the game from the App Store on Friday."),
    ],
)
def test_facts_schedules_and_a_lone_store_name_are_no_frame(lang, text):
    assert text in _clean(lang, text).text.split("\n\n")


@pytest.mark.parametrize(
    "lang, text",
    [
        # a newsletter's noun and its delivery, in the third person, around a schedule
        ("it", "La newsletter arriva ogni venerdì mattina."),
        ("en", "The evening digest is emailed to registered readers on weekdays."),
        ("es", "El boletín matinal llega de lunes a viernes."),
    ],
)
def test_a_newsletter_delivered_on_a_schedule_goes_by_the_rules(lang, text):
    result = _clean(lang, text, RULES_ONLY)
    assert text not in result.text.split("\n\n")
    assert any(b.kind == "newsletter prompt" and b.text == text for b in result.boilerplate)


def test_an_unframed_group_must_name_an_anchor_group():
    kinds = {**LEXICON_DATA["kinds"], "newsletter prompt": {**LEXICON_DATA["kinds"]["newsletter prompt"], "unframed": ["nope"]}}
    with pytest.raises(Exception, match="unframed"):
        Lexicon({**LEXICON_DATA, "kinds": kinds})


# --- tenth session: frames of the cookie, browser, ad-blocker, copyright and correction notices -----------------------
# tests/data/impersonal_notices_10.jsonl: notices in the impersonal voice ("This site uses cookies and similar
# technologies...", "The video player could not be loaded.", "Ads fund our newsroom.", "Content may not be
# redistributed...", "An earlier version of this article misstated...") in 32 languages, and news with the same
# nouns (a regulator's fine over cookie banners, a copyright lawsuit, a court-ordered correction, advertising revenue,
# a browser's market share). Written for these tests (tenth session), none taken from a notice set: the first 221 lines
# beside the lexicon, the next 151 afterwards as a fresh check (98.4% of its notices went before it was added here).
ROWS_10 = [json.loads(line) for line in (ROOT / "tests" / "data" / "impersonal_notices_10.jsonl").read_text("utf-8").splitlines() if line.strip()]
NOTICES_10 = [(row["lang"], row["kind"], row["text"]) for row in ROWS_10 if row["kind"] != "body"]
BODY_10 = [(row["lang"], row["text"]) for row in ROWS_10 if row["kind"] == "body"]
FRAMED_KINDS = {"cookie": "cookie notice", "browser_notice": "browser notice", "adblock": "adblock notice",
                "copyright": "copyright", "correction": "correction note"}


def test_the_tenth_set_covers_five_kinds_in_the_required_languages():
    required = {"ar", "fa", "ur", "en", "fr", "de", "es", "it", "pt", "ru", "tr", "zh", "ja", "ko", "nl", "pl", "he", "hi", "id", "sv", "el"}
    for kind in FRAMED_KINDS:
        langs = {lang for lang, k, _ in NOTICES_10 if k == kind}
        assert required - {"ur"} <= langs and len(langs) >= 25, (kind, sorted(required - langs))
    assert len({lang for lang, _ in BODY_10}) >= 20


def test_impersonal_notices_of_the_five_kinds_go_by_the_rules():
    """>= 95% of the set by the rules alone (the learned model off)."""
    kept = [(lang, kind, text) for lang, kind, text in NOTICES_10 if text in _clean(lang, text, RULES_ONLY).text.split("\n\n")]
    assert len(kept) <= 0.05 * len(NOTICES_10), kept


@pytest.mark.parametrize("lang, kind, text", [n for n in NOTICES_10 if n[0] in ("ar", "fa", "ur", "ja", "he", "el", "uk", "ko", "th", "sw", "hu")])
def test_a_framed_notice_of_the_weakest_languages_goes(lang, kind, text):
    """In the shipped configuration (rules, then the learned model)."""
    assert text not in _clean(lang, text).text.split("\n\n")


@pytest.mark.parametrize("lang, text", BODY_10)
def test_news_with_the_frames_nouns_stays(lang, text):
    """A fine, a lawsuit, a court's order, a regulator, advertising revenue, a browser's share: body, with the learned
    model on (the shipped configuration) and off."""
    assert text in _clean(lang, text).text.split("\n\n")
    assert text in _clean(lang, text, RULES_ONLY).text.split("\n\n")


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "We saw your ads on every bus in the city."),  # a frame noun with a pronoun: no address path for frames
        ("en", "Ads for the new phone appeared on buses across the capital."),  # a frame noun without a cue
        ("de", "Die Werbung der Partei finanziert sich aus Spenden, sagte der Sprecher."),  # reported speech
        ("en", "The court said the video player could not be loaded onto the prison's computers."),  # a court: news
    ],
)
def test_a_frame_noun_alone_or_with_a_pronoun_is_no_notice(lang, text):
    assert text in _clean(lang, text, RULES_ONLY).text.split("\n\n")


def test_frames_need_cues_and_a_kind_limit_must_be_a_count():
    kinds = dict(LEXICON_DATA["kinds"])
    no_cues = {k: v for k, v in kinds["adblock notice"].items() if k != "cues"}
    with pytest.raises(Exception, match="frames"):
        Lexicon({**LEXICON_DATA, "kinds": {**kinds, "adblock notice": no_cues}})
    with pytest.raises(Exception, match="frame_free_words"):
        Lexicon({**LEXICON_DATA, "kinds": {**kinds, "correction note": {**kinds["correction note"], "frame_free_words": "many"}}})


def test_a_correction_note_may_name_more_than_the_other_frames():
    """The correction kind's own frame_free_words (5): the note names what was wrong ("the date of the vote"); at
    the lexicon's limit (3) the same sentence is no frame."""
    line = "Σε προηγούμενη έκδοση του άρθρου αναφερόταν εσφαλμένα η ημερομηνία της ψηφοφορίας."
    own = {k.name: k for k in RULES_ONLY.kinds}["correction note"]
    assert own.frame_free_words == 5
    assert _framed(own, _match_norm(line), line, RULES_ONLY)
    assert not _framed(own._replace(frame_free_words=-1), _match_norm(line), line, RULES_ONLY)


# --- tenth session, second round: a sentence saying the page exists in another language ---------------------------------
# tests/data/language_notices_10.jsonl: "This article is also available in English.", "Cet article est également
# disponible en arabe.", "本文另有英文版。" in 36 languages, and news naming a language ("The ministry published the
# English version of the report on Monday.", "Die App ist jetzt auch auf Arabisch verfügbar, teilte das Unternehmen
# mit."). Written for these tests, none taken from a notice set: the first 45 notices beside the lexicon, the last 28
# afterwards as a fresh check (22/28 went before the last edits; 26/28 now: Finnish "englanniksi" and Vietnamese
# "tiếng Anh" are no CLDR name the matcher finds).
ROWS_LL = [json.loads(line) for line in (ROOT / "tests" / "data" / "language_notices_10.jsonl").read_text("utf-8").splitlines() if line.strip()]
NOTICES_LL = [(row["lang"], row["text"]) for row in ROWS_LL if row["kind"] != "body"]
BODY_LL = [(row["lang"], row["text"]) for row in ROWS_LL if row["kind"] == "body"]


def test_language_availability_sentences_go():
    """>= 92% of the set by the rules alone (68/73; the shipped configuration, with the learned model, 71/73)."""
    assert len({lang for lang, _ in NOTICES_LL}) >= 25
    kept = []
    for lang, text in NOTICES_LL:
        found = _clean(lang, text, RULES_ONLY)
        if not any(b.text == text for b in found.boilerplate):
            kept.append((lang, text))
    assert len(kept) <= 0.08 * len(NOTICES_LL), kept


@pytest.mark.parametrize("lang, text", BODY_LL)
def test_news_naming_a_language_or_a_bill_stays(lang, text):
    """A ministry's English version, an app now in Arabic (reported), a book on sale, a parliament passing a bill that
    corrects a tax law (国会/改正案/可決: news, never a correction note)."""
    assert text in _clean(lang, text).text.split("\n\n")
    assert text in _clean(lang, text, RULES_ONLY).text.split("\n\n")


# --- eleventh session: schedule-only newsletter pitches, impersonal paywalls, first-published notes, machine-translation
# disclaimers, ads that fund the newsroom; language names with case endings --------------------------------------------
# tests/data/notices_11.jsonl: "Every weekday morning, straight to your inbox.", "Le brief du matin, chaque jour à 7 h.",
# "Independent journalism needs your support.", "This story originally ran in The Guardian.", "Teksti on käännetty
# koneellisesti, ja siinä voi olla virheitä.", "Tämä artikkeli on saatavilla myös englanniksi." in 24 languages (bn hu fi
# th vi he el pl nl uk ko ja hi id sv and more), and news with the same words (commuters every morning, a minister speaking
# English, advertising revenue falling, a study first published last year). Written for these tests, none taken from a
# notice set: part "a" (174 notices, 48 body) before the lexicon was changed (118/174 went then), part "b" (116 notices,
# 38 body) after the first pass as a fresh check (95/116 went then, 1 body line lost, which main lost too).
ROWS_11 = [json.loads(line) for line in (ROOT / "tests" / "data" / "notices_11.jsonl").read_text("utf-8").splitlines() if line.strip()]
NOTICES_11 = [(row["lang"], row["kind"], row["text"]) for row in ROWS_11 if row["kind"] != "body"]
BODY_11 = [(row["lang"], row["text"]) for row in ROWS_11 if row["kind"] == "body"]


def _frames_of(text: str) -> list:
    norm = _match_norm(text)
    return [kind.name for kind in LEXICON.kinds if kind.cues and _framed(kind, norm, text, LEXICON)]


def test_eleventh_set_frames_its_notices_and_none_of_its_news():
    """Pure frame checks (``_framed``, no page cleaned: the whole set is measured by `benchmarks/notices.py --extra
    tests/data/notices_11.jsonl`): a schedule frames the channel or the day's summary, the page's own noun frames a
    first-published note or a translation, errors frame a translation, readers' support frames independent journalism;
    a day of the news, a long Thai or Vietnamese sentence and a schedule alone frame nothing."""
    assert len({lang for lang, _, _ in NOTICES_11}) >= 20 and len(BODY_11) >= 80
    for kind, text in [
        ("newsletter prompt", "Minden reggel a legfontosabb hírek, egyenesen a postafiókjába."),  # schedule + channel
        ("newsletter prompt", "Le brief du matin, chaque jour à 7 h."),  # summary + schedule
        ("newsletter prompt", "สรุปข่าวทุกสัปดาห์ ส่งถึงกล่องจดหมายทุกวันศุกร์"),
        ("click-to-read-at-source", "Dit stuk verscheen eerder in NRC."),  # the page's noun + first published
        ("click-to-read-at-source", "Bài viết này được đăng lần đầu trên báo Tuổi Trẻ."),
        ("machine-translation disclaimer", "Teksti on käännetty koneellisesti, ja siinä voi olla virheitä."),
        ("machine-translation disclaimer", "Ez a szöveg gépi fordítással készült."),
        ("paywall", "Riippumaton journalismi tarvitsee lukijoidensa tukea."),
        ("paywall", "이번 달 무료 기사 열람 한도를 모두 사용하셨습니다."),
        ("adblock notice", "Mainostulot mahdollistavat maksuttoman journalismin."),
    ]:
        assert kind in _frames_of(text), text
    for text in ["Every weekday morning, commuters on the line face delays of up to 40 minutes.",
                 "Minden reggel több ezer ingázó vár a buszra a pályaudvaron.",
                 "הכתבה המלאה על החקירה פורסמה בעיתון ביום ראשון.",  # a day of the news
                 "รายงานฉบับเต็มของธนาคารโลกเผยแพร่บนเว็บไซต์ขององค์กรเมื่อวันอังคาร",  # long Thai
                 "Lỗi dịch máy trên biển báo ở sân bay khiến du khách bối rối.",  # long Vietnamese
                 "Independent journalism in the region depends on foreign grants, the report found."]:
        assert _frames_of(text) == [], text


def test_language_names_with_case_endings_two_words_and_thai():
    from transforms.cldr_words import language_name_matcher

    names = language_name_matcher()
    for text, name in [("tämä artikkeli on saatavilla myös englanniksi", "englanniksi"),  # nt -> nn before -ksi
                       ("bài viết này cũng có bằng tiếng anh", "tiếng anh"), ("อ่านบทความนี้เป็นภาษาอังกฤษ", "อังกฤษ"),
                       ("a cikk angolul is elérhető", "angolul")]:
        assert name in [text[a:b] for a, b in names.find(text)], text
    assert names.find("anh ấy nói rằng") == []  # "anh" (he, older brother) alone is no name


def test_a_news_day_vetoes_a_frame_and_the_model_but_a_schedule_does_not():
    """CLDR day names in every locale (case endings, Hebrew proclitics, Thai/Korean anywhere) outside a schedule."""
    from transforms.clean import _news_day

    for text in ["הכתבה המלאה על החקירה פורסמה בעיתון ביום ראשון", "juttu julkaistiin perjantaina", "매주 금요일 이메일로 시위",
                 "รายงานฉบับเต็มเผยแพร่เมื่อวันอังคาร"]:
        norm = _match_norm(text)
        assert _news_day(norm, [], LEXICON), text
    for text in ["viikon parhaat jutut perjantaisin suoraan sähköpostiin", "한 주의 핵심 뉴스 매주 금요일 이메일로", "週末のまとめを毎週土曜日にメールで"]:
        norm = _match_norm(text)
        assert not _news_day(norm, [m.span() for rx in LEXICON.schedules for m in rx.finditer(norm)], LEXICON), text


def test_a_schedule_is_no_mark_of_furniture_for_the_model():
    """A schedule frames a channel or a summary for the rules ("every morning ... in your inbox"), but alone names no
    furniture: the learned model never sees "প্রতিদিন সকালে হাজারো মানুষ..." (every morning thousands...) as a newsletter."""
    assert not any(mark.startswith(("a:", "q:")) for mark in LEXICON.marks(_match_norm("প্রতিদিন সকালে হাজারো মানুষ ফেরিঘাটে ভিড় করেন")))
    assert "a:newsletter prompt" in LEXICON.marks(_match_norm("every morning in your inbox"))
