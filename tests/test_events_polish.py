"""Polish words cut to five letters (transforms/events.py ``TRUNCATED_LANGUAGES``, ``truncated``)
instead of Snowball's Polish stemmer, which leaves a noun's cases apart ("pielęgniarek",
genitive plural, vs "pielęgniarki" -> "pielęgniark"). Real reports: benchmarks/data/
events-labelled-8.jsonl (written blind to the stage, README there): two strikes in Kraków two days
apart (the city's buses, a hospital's nurses) and one club's two matches, each told by 3-4 outlets."""

import yaml

from tests.conftest import ROOT
from tests.labelled_events import labelled_event_ids
from transforms.events import article_terms, parse_settings, truncated

CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"]
SETTINGS = parse_settings(CONFIG)
SET8 = ROOT / "benchmarks" / "data" / "events-labelled-8.jsonl"


def _events(ids) -> dict[str, str]:
    return labelled_event_ids(SET8, SETTINGS, ids)


def test_a_nouns_cases_are_one_term():
    assert truncated("pielęgniarek", "pl") == truncated("pielęgniarki", "pl") == truncated("pielęgniarkami", "pl")
    assert truncated("strajku", "pl") == truncated("strajkiem", "pl")
    a = article_terms("", "Strajk pielęgniarek trwa.", "pl", SETTINGS)
    b = article_terms("", "Pielęgniarki strajkują.", "pl", SETTINGS)
    assert set(a.terms) & set(b.terms) >= {"pielę", "straj"}


def test_two_reports_of_one_match_share_an_event():
    # Legia - Lech: the match report and the next morning's round-up, 13 h apart (cosine 0.30 -> 0.37)
    got = _events(["pl-009", "pl-011"])
    assert got["pl-009"] == got["pl-011"]


def test_polish_look_alikes_stay_apart():
    strikes = ["pl-001", "pl-002", "pl-003", "pl-004", "pl-005", "pl-006", "pl-007", "pl-008"]
    got = _events(strikes)  # Kraków's bus strike and, two days later, a Kraków hospital's nurses' strike
    assert {got[i] for i in strikes[:4]}.isdisjoint({got[i] for i in strikes[4:]})
    matches = ["pl-009", "pl-010", "pl-011", "pl-012", "pl-013", "pl-014"]
    got = _events(matches)  # Legia against Lech, then Legia against AZ four days later
    assert {got[i] for i in matches[:3]}.isdisjoint({got[i] for i in matches[3:]})
