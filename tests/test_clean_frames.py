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
from transforms.clean import Lexicon, clean_text

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
