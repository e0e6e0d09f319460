"""Names across scripts with their own ways of writing them, and look-alikes told apart
(transforms/events.py): Chinese transliteration characters read through pypinyin, Japanese
katakana, Korean words without their particles and Russian names without their case endings
meet the Latin, Arabic and Cyrillic skeletons; one president's summit and his tax law the same day
stay two events. Inputs are real-language texts; the grouped articles are
benchmarks/data/events-labelled-4.jsonl (see benchmarks/data/README.md)."""

import itertools
import json

import yaml

from tests.conftest import ROOT
from transforms.events import (
    Member,
    article_terms,
    assign_events,
    beyond_actor,
    drop_templates,
    event_time,
    is_particular,
    month_days,
    number_terms,
    pair_similarity,
    parse_settings,
    skeleton,
    unspaced_names,
)
from transforms.textnorm import normalize_for_match

CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"]
SETTINGS = parse_settings(CONFIG)
SET4 = ROOT / "benchmarks" / "data" / "events-labelled-4.jsonl"


def _rows() -> dict:
    return {r["id"]: r for r in (json.loads(line) for line in SET4.read_text("utf-8").splitlines() if line)}


def _members(ids=None) -> dict:
    rows = _rows()
    out = []
    for i in ids or sorted(rows):
        r = rows[i]
        t = event_time(r["published"], 0.0)
        out.append(Member(i, t, article_terms(r["title"], r["text"], r["lang"], SETTINGS, t),
                          publisher=r["publisher"], language=r["lang"]))
    return {m.id: m for m in drop_templates(out, SETTINGS)}


def _skeletons(text: str, language: str) -> dict:
    return {name: shape for shape, name in unspaced_names(normalize_for_match(text), language)}


def test_chinese_transliterations_meet_the_latin_skeleton_and_places_stay_places():
    found = _skeletons("国际原子能机构总干事拉斐尔·格罗西表示，伊朗德黑兰附近的纳坦兹设施受损。泽连斯基和马克龙通话。", "zh")
    assert found["格罗西"] == skeleton("grossi") == "krs"
    assert found["纳坦兹"] == skeleton("natanz")
    assert found["拉斐尔"] == skeleton("rafael")
    assert found["马克龙"] == skeleton("macron")
    assert found["泽连斯基"] == skeleton("zelensky")
    assert not {"伊朗", "德黑兰", "国际", "表示"} & set(found)  # places are CLDR anchors; common words no names
    assert _skeletons("国际原子能机构总干事格罗西表示", "ja") == {}  # kanji in Japanese: not read as sounds


def test_japanese_katakana_names_meet_the_latin_skeleton():
    found = _skeletons("IAEAのラファエル・グロッシ事務局長は、ナタンズの施設について述べた。マクロン大統領も。", "ja")
    assert found["グロッシ"] == skeleton("grossi")
    assert found["ラファエル"] == skeleton("rafael")
    assert found["ナタンズ"] == skeleton("natanz")
    assert found["マクロン"] == skeleton("macron")
    assert unspaced_names(normalize_for_match("グロッシ"), "ko") == []  # only in Chinese and Japanese


def test_korean_particles_and_russian_case_endings_leave_the_name():
    for forms, latin in ((("그로시는", "그로시가", "그로시의", "그로시"), "grossi"),
                         (("마드리드에서", "마드리드"), "madrid"),
                         (("Капланом", "Каплана", "Каплан", "Капланові"), "kaplan"),
                         (("Мадридом", "Мадриде", "Мадрида"), "madrid"),
                         (("Коваленком", "Коваленко"), "kovalenko")):
        assert {skeleton(normalize_for_match(f)) for f in forms} == {skeleton(latin)}, forms
    assert skeleton(normalize_for_match("Салем")) == skeleton("salem")  # a short name keeps its end


def test_a_name_in_eight_scripts_is_one_anchor_in_real_reports():
    """The ferry reports: the commissioner Halima Mtaka in Latin, hanzi, katakana, hangul, Arabic and
    Devanagari; the forward Rodrigo Bastos in Latin, hanzi, katakana, hangul, Arabic, Persian, Devanagari."""
    members = _members()
    for event, name in (("y1", "~mtk"), ("y3", "~bsts")):
        holding = {i for i, m in members.items() if i.startswith(event + "-") and name in m.vec.terms}
        languages = {members[i].language for i in holding}
        assert {"zh", "ja", "ko", "ar", "hi"} <= languages, (event, sorted(holding))


def test_the_same_presidents_summit_and_tax_law_of_one_day_are_two_events():
    """Both name Arya Wicaksono, Indonesia, the day and 2027; the summit also Kuala Lumpur, its 48th
    edition and 14 points, the law 30,000 rupiah and 4.2 trillion. Precondition: the president's
    name is one anchor in Indonesian, English, Chinese, Japanese and Korean."""
    members = _members()
    summit = [m for i, m in members.items() if i.startswith("y4-")]
    law = [m for i, m in members.items() if i.startswith("y4b-")]
    assert all("~ksn" in m.vec.terms for m in summit + law)
    for a, b in itertools.product(summit, law):
        if a.language != b.language:
            assert pair_similarity(a, b, SETTINGS) == 0.0, (a.id, b.id)
    # ... while the summit's own reports in five languages and scripts link pair by pair
    linked = sum(pair_similarity(a, b, SETTINGS) >= SETTINGS.threshold for a, b in itertools.combinations(summit, 2))
    assert linked >= 7, linked
    events = {m.id: e for e, people in assign_events(list(members.values()), SETTINGS) for m in people}
    assert len({events[m.id] for m in summit}) == 1
    assert not {events[m.id] for m in summit} & {events[m.id] for m in law}


def test_a_small_number_is_a_particular_unless_it_is_the_days_date():
    members = _members(["y4-ar", "y4-zh"])
    days = month_days(members["y4-ar"]) | month_days(members["y4-zh"])
    assert 14 in days and 48 not in days
    assert is_particular("#48", days) and not is_particular("#14", days)  # the 48th summit; 14 May
    assert not is_particular("#2027") and is_particular("#30000") and is_particular("~@Asia/Kuala_Lumpur")
    assert not is_particular("~@ID") and not is_particular("~ksn")
    assert bool(beyond_actor(1, 1, 1)) and bool(beyond_actor(2, 0, 0)) and bool(beyond_actor(1, 0, 2))
    assert not bool(beyond_actor(1, 0, 1))


def test_the_whole_script_set_keeps_its_precision_and_finds_its_pairs():
    rows = _rows()
    events = {m.id: e for e, people in assign_events(list(_members().values()), SETTINGS) for m in people}
    pairs = list(itertools.combinations(sorted(rows), 2))
    fp = sum(1 for a, b in pairs if events[a] == events[b] and rows[a]["event"] != rows[b]["event"])
    gold = [(a, b) for a, b in pairs if rows[a]["event"] == rows[b]["event"]]
    found = sum(1 for a, b in gold if events[a] == events[b])
    assert fp == 0
    assert found >= 0.85 * len(gold), (found, len(gold))  # 102 of 117: the next-day update in fa/ru shares little


def test_a_day_written_as_an_ordinal_is_the_same_day_in_every_language():
    """CLDR month names beside a day number written with its ordinal ending: "May 14th",
    "5월 14일", "14-го мая"; as plain numbers in Ukrainian, Hindi, Indonesian, Turkish, Arabic."""
    from transforms.events import day_references

    published = event_time("2026-05-14T12:00:00Z", 0.0)
    day = int(published // 86400)
    for text, language in (("on May 14th", "en"), ("5월 14일 새벽", "ko"), ("14-го мая", "ru"),
                           ("14 травня", "uk"), ("14 मई को", "hi"), ("pada 14 Mei", "id"),
                           ("14 Mayıs'ta", "tr"), ("14 مايو", "ar"), ("14 de maio", "pt")):
        assert day_references(text, language, published) == [(day, day)], (text, language)
    assert day_references("a 14 km de maio", "pt", published) == []  # a Latin unit is no ordinal ending


def test_hindi_nasals_and_nuktas_and_arabic_prepositions_leave_the_name():
    """Devanagari: the anusvara before a labial is an m ("ट्रंप", Trump), before a dental an n
    ("अरविंद", Arvind); "ज़" (with its nukta) is a z ("ज़ेलेंस्की", Zelensky). Arabic: "لغروسي" (to
    Grossi) is Grossi where the article also writes "غروسي"; "بوتين" (Putin) keeps its first letter."""
    for word, latin in (("ट्रंप", "trump"), ("अरविंद", "arvind"), ("ज़ेलेंस्की", "zelensky")):
        assert skeleton(normalize_for_match(word)) == skeleton(latin), word
    settings = SETTINGS
    terms = article_terms("", "قال غروسي إن الوكالة سترسل مفتشين. وأكد لغروسي المسؤولون أن بوتين وافق على ذلك.",
                          "ar", settings).terms
    assert "~" + skeleton("grossi") in terms and "~rkrs" not in terms
    assert "~" + skeleton("putin") in terms


def test_korean_and_japanese_myriads_and_names_read_through_korean():
    """Korean writes its magnitudes as one syllable on the number (CLDR "0만", "0억"; babel gives
    no other): "2만 명", "45억 달러" were "2"/"45", never 20000 / 4.5 billion; units after a
    myriad written on it ("4万3000", "1만2000명") are part of it. Korean writes a Japanese "Ta"
    and a Latin "Do" with one letter (다케시 Takeshi, 도널드 Donald) and "Ze" with its "j"
    (젤렌스키): d/t and z/j are one sound in every skeleton; Ukrainian adjective endings go too."""
    assert number_terms("정원을 연간 2만 명으로 늘리고 45억 달러를", "ko") == ["20000", "4500000000"]
    assert number_terms("1만2000명이 3천 명", "ko") == ["12000", "3000"]
    assert number_terms("トウモロコシ4万3000トン、1万5000人", "ja") == ["43000", "15000"]
    assert number_terms("30万 5000", "ja") == ["300000", "5000"]  # a space: two numbers
    assert number_terms("2 bin 317", "tr") == ["2317"]
    for forms, latin in ((("다케시",), "takeshi"), (("도널드는",), "donald"),
                         (("젤렌스키", "Зеленським", "Зеленському", "Зеленський"), "zelensky")):
        assert {skeleton(normalize_for_match(f)) for f in forms} == {skeleton(latin)}, forms
