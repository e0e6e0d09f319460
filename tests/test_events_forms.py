"""Reports of one event in ONE language written by different outlets (transforms/events.py
``word_forms``, ``truncated``): Korean content morphemes (Kiwi), Japanese bigrams without
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
    chinese_words,
    cosine,
    language_tokens,
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
    # a compound gives its nouns: "물류창고" and "물류센터" share "물류"
    assert "물류" in _forms("물류창고", "ko") and "물류" in _forms("물류센터", "ko")
    # predicates and their endings are no event's terms ("다쳤다", "시작됐다" -> nothing; "시작" stays)
    assert "다쳤다" not in forms and "시작됐다" not in forms and "시작" in forms
    assert _forms("경찰은 사고 원인을 조사하고 있다고 밝혔다", "ko") == ["경찰", "사고", "원인", "조사"]


def test_korean_reports_of_one_fire_in_other_words_share_their_terms():
    a = "울산 석유화학 공장에서 폭발이 일어나 노동자 2명이 숨졌다. 소방당국은 배관 점검 중 가스가 새어 나온 것으로 보고 있다."
    b = "울산의 석유화학단지 폭발 사고로 숨진 노동자가 2명으로 집계됐다. 경찰은 가스 배관의 결함 여부를 조사하고 있다."
    shared = _shared(a, b, "ko")
    # "공장에서" / "폭발이" / "노동자가" / "배관의" meet their bare forms; "석유화학" and
    # "석유화학단지" meet on their nouns ("배관" is rare enough to be read as a name: a skeleton)
    assert {"울산", "폭발", "노동자", "가스", "석유", "화학"} <= shared and "~bkn" in shared


def test_korean_reports_share_nouns_not_endings_and_a_look_alike_stays_below():
    # two outlets' reports of one warehouse fire, in their own words and endings ...
    a = ("인천 남동공단의 한 물류창고에서 불이 나 직원 3명이 연기를 마셔 병원으로 옮겨졌다. "
         "소방당국은 대응 1단계를 발령했고 화재는 4시간 만에 진화됐다. 한빛물류 측은 피해 규모를 파악하고 있다고 밝혔다.")
    b = ("한빛물류 인천 창고 화재…직원 3명 연기 흡입. 남동공단 물류창고 화재가 4시간 만에 꺼졌다. "
         "소방 당국은 창고 내부 전기 설비에서 불이 시작된 것으로 보고 정확한 화재 원인을 조사 중이다.")
    # ... and another city's factory fire of the same week
    c = ("광주 하남산단의 자동차 부품 공장에서 화재가 발생해 공장 건물 일부가 탔다. "
         "인명 피해는 없었으며 소방서는 용접 작업 중 불티가 튄 것으로 추정하고 있다.")
    va, vb, vc = (article_terms("", t, "ko", SETTINGS) for t in (a, b, c))
    assert not any(t.endswith("다") for t in va.terms + vb.terms)  # "옮겨졌다", "밝혔다", "꺼졌다": no terms
    shared = set(zip(va.terms, va.labels)) & set(zip(vb.terms, vb.labels))
    assert {"인천", "남동", "물류", "창고", "화재", "직원"} <= {label for _, label in shared}  # (rarer ones as skeletons)
    assert cosine(va, vb) > 2 * max(cosine(va, vc), cosine(vb, vc))


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


def test_chinese_words_by_wordfreqs_tokenizer_and_a_look_alike_line_stays_below():
    assert chinese_words("武汉至宜昌段") == ("武汉", "至", "宜昌", "段")
    assert language_tokens("沿江高铁开通", "zh") == ["沿江", "高铁", "开通"]
    assert language_tokens("沿江高铁开通", "ja") == ["沿江", "江高", "高铁", "铁开", "开通"]  # bigrams there
    # two outlets on one river-side steel plant fire, and another province's fire of the same week
    a = ("南京市江宁区一家钢铁厂昨日下午发生火灾，消防部门出动二十余辆消防车，大火于傍晚被扑灭，"
         "事故造成两名工人受伤。江宁区应急管理局表示，起火原因正在调查。")
    b = ("记者从江宁区应急管理局获悉，位于南京江宁的钢铁厂火灾已被扑灭，两名受伤工人已送医治疗，"
         "目前厂区已停产，起火原因仍在调查之中。")
    c = ("成都市郫都区一家家具厂今晨起火，浓烟数公里外可见，消防部门调派十辆消防车赶赴现场，"
         "暂无人员伤亡报告，起火原因正在调查。")
    va, vb, vc = (article_terms("", t, "zh", SETTINGS) for t in (a, b, c))
    assert {"江宁", "钢铁厂", "扑灭"} <= set(va.labels) & set(vb.labels)
    # words: 0.56 vs 0.31 / 0.14 (character bigrams: 0.40 vs 0.27 / 0.10, the look-alike closer)
    assert cosine(va, vb) - max(cosine(va, vc), cosine(vb, vc)) > 0.2
