"""Reports of one event in ONE language written by different outlets (transforms/events.py
``word_forms``, ``truncated``): Korean particles and syllable bigrams, Japanese bigrams without
kana endings, Arabic proclitics, Ukrainian apostrophes and truncation make two wordings of the
same happening share terms; look-alike events of the same kind stay apart. Sentences are written
for these tests; the grouped articles are benchmarks/data/events-labelled-6.jsonl (README there)."""

import itertools

import yaml

from tests.conftest import ROOT
from tests.labelled_events import labelled_members
from transforms.events import (
    article_terms,
    assign_events,
    pair_similarity,
    parse_settings,
    truncated,
    word_forms,
)
from transforms.textnorm import normalize_for_match, tokens

CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"]
SETTINGS = parse_settings(CONFIG)
SET6 = ROOT / "benchmarks" / "data" / "events-labelled-6.jsonl"


def _forms(text: str, language: str) -> list[str]:
    return word_forms(tokens(normalize_for_match(text)), language)


def _shared(a: str, b: str, language: str) -> set:
    return set(article_terms("", a, language, SETTINGS).terms) & set(article_terms("", b, language, SETTINGS).terms)


def test_korean_particles_and_counters_leave_the_word():
    forms = _forms("부산항에서 화재로 선원 3명이 다쳤다. 화재는 창고에서 시작됐다.", "ko")
    assert forms.count("화재") == 2 and "부산항" in forms and "창고" in forms
    assert not any(f[0].isdigit() for f in forms)  # "3명이": the figure is its own "#" term
    assert "선원" in forms  # a two-syllable word keeps its last syllable ("원" is no particle)
    # a longer word also gives its syllable bigrams: "물류창고" and "물류센터" share "물류"
    assert "물류" in _forms("물류창고", "ko") and "물류" in _forms("물류센터", "ko")


def test_korean_reports_of_one_fire_in_other_words_share_their_terms():
    a = "울산 석유화학 공장에서 폭발이 일어나 노동자 2명이 숨졌다. 소방당국은 배관 점검 중 가스가 새어 나온 것으로 보고 있다."
    b = "울산의 석유화학단지 폭발 사고로 숨진 노동자가 2명으로 집계됐다. 경찰은 가스 배관의 결함 여부를 조사하고 있다."
    shared = _shared(a, b, "ko")
    # "공장에서" / "폭발이" / "노동자가" / "배관의" meet their bare forms; "석유화학" and
    # "석유화학단지" meet on their bigrams ("배관" is rare enough to be read as a name: a skeleton)
    assert {"울산", "폭발", "노동자", "가스", "석유", "화학"} <= shared and "~bkn" in shared


def test_japanese_bigrams_without_kana_endings_or_digits():
    forms = _forms("台風で川が氾濫し、住宅120棟が浸水した。", "ja")
    assert "台風" in forms and "氾濫" in forms and "浸水" in forms
    assert not any(("\u3041" <= c <= "\u309f") for f in forms for c in f)  # "した", "で川": kana ends
    assert not any(c.isdigit() for f in forms for c in f if len(f) == 2 and not f.isdigit())  # "0棟"
    # Chinese keeps every bigram of its characters (no kana there), figures apart
    assert "台风" in _forms("台风导致河水泛滥", "zh")


def test_arabic_prepositions_and_conjunctions_leave_the_word_the_article_also_writes_bare():
    forms = _forms("وقع الحادث بطنطا مساء أمس، وأعلنت محافظة طنطا الحداد.", "ar")
    assert forms.count("طنطا") == 2
    # "بوتين" (Putin) starts like "بـ" (with) but the article never writes "وتين": kept
    assert "بوتين" in _forms("قال بوتين إن المحادثات مستمرة", "ar")


def test_ukrainian_apostrophes_and_truncation_join_inflected_forms():
    assert truncated("атакували", "uk") == truncated("атакувала", "uk") == "атаку"
    assert truncated("атакували", "ru") == "атакували"  # Russian has its Snowball stemmer
    a = article_terms("", "Окупанти обстріляли об'єкт енергетики в Сумах, пошкоджено підстанцію.", "uk", SETTINGS)
    b = article_terms("", "Унаслідок обстрілу енергетичного об’єкта в Сумах підстанцію пошкоджено.", "uk", SETTINGS)
    shared = set(a.terms) & set(b.terms)
    assert "обєкт" in shared  # one word with either apostrophe, not "об" + "єкт"
    assert {"пошко", "підст", "енерг"} <= shared


def test_same_language_reports_join_and_look_alikes_stay_apart_on_the_labelled_set():
    members = labelled_members(SET6, SETTINGS)
    by_id = {m.id: m for m in members}
    # one warehouse fire, one landslide: reports of different outlets link in Japanese
    assert pair_similarity(by_id["j1-1"], by_id["j1-2"], SETTINGS) >= SETTINGS.threshold
    # two fires of one province on consecutive days, two floods, two strikes, two strikes on
    # cities, two road accidents: never one event
    events = {m.id: e for e, people in assign_events(members, SETTINGS) for m in people}
    for a, b in itertools.combinations(sorted(events), 2):
        if a.split("-")[0] != b.split("-")[0]:
            assert events[a] != events[b], (a, b)
