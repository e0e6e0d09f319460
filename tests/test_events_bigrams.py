"""Chinese and Japanese character bigrams absent from the word list (transforms/events.py
``rarity``, ``UNLISTED_BIGRAM_ZIPF``): the text is cut into overlapping bigrams, and most unlisted
ones straddle two words ("号线一期" gives "线一"); weighed as the rarest words they outweighed the
listed words two reports of one event share. Real reports: benchmarks/data/events-labelled-8.jsonl
(written blind to the stage, README there)."""

import yaml

from tests.conftest import ROOT
from tests.labelled_events import labelled_event_ids
from transforms.events import UNLISTED_BIGRAM_ZIPF, parse_settings, rarity

CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"]
SETTINGS = parse_settings(CONFIG)
SET8 = ROOT / "benchmarks" / "data" / "events-labelled-8.jsonl"


def _events(ids) -> dict[str, str]:
    return labelled_event_ids(SET8, SETTINGS, ids)


def test_an_unlisted_bigram_weighs_as_a_common_word():
    unknown = SETTINGS.unknown_zipf
    assert rarity("线一", "zh", unknown) == 9 - UNLISTED_BIGRAM_ZIPF  # "...号线一期...": two words' edge
    assert rarity("検相", "ja", unknown) == 9 - UNLISTED_BIGRAM_ZIPF
    assert rarity("地铁", "zh", unknown) < 9 - UNLISTED_BIGRAM_ZIPF + 0.5  # listed: its own frequency
    assert rarity("mahlstedt", "de", unknown) == 9 - unknown  # an unlisted word of a spaced script: rarest
    assert rarity("坪山区", "zh", unknown) == 9 - unknown  # not a bigram


def test_chinese_and_japanese_reports_of_one_event_share_it():
    # zh: a battery maker's storage recall, two outlets 2 h apart (0.287 -> 0.312)
    got = _events(["zh-008", "zh-009"])
    assert got["zh-008"] == got["zh-009"]
    # ja: a Chiba quake told three times (the third report joins: 0.233 -> 0.279 to one, 0.345 to the other)
    got = _events(["ja-005", "ja-006", "ja-007"])
    assert len(set(got.values())) == 1


def test_chinese_and_japanese_look_alikes_stay_apart():
    ids = ["zh-005", "zh-006", "zh-007", "zh-008", "zh-009", "zh-010", "zh-011"]
    got = _events(ids)  # one company: a new plant in Wuhu, then a storage product's recall
    assert {got[i] for i in ids[:3]}.isdisjoint({got[i] for i in ids[3:]})
    ids = ["ja-001", "ja-002", "ja-003", "ja-004", "ja-005", "ja-006", "ja-007"]
    got = _events(ids)  # two quakes three days apart: off Ibaraki, then in Chiba
    assert {got[i] for i in ids[:4]}.isdisjoint({got[i] for i in ids[4:]})
