"""Choosing per page between the configured (precision) extraction and trafilatura's default one
(transforms/htmltext.py ``choose_extraction``, ``main_text``), on real bench pages."""

from __future__ import annotations

import json

import pytest

from benchmarks.extraction import page_scores
from pipelines.config import load_config
from tests.conftest import BENCH, require_shared
from transforms.htmltext import choose_extraction, extract_html

BODY = [
    "The council approved the new budget on Tuesday after a four-hour debate.",
    "Spending on schools rises by 4 percent, while road repairs are cut back.",
    "The mayor said the vote showed the city could agree on hard choices.",
    "Opposition members said the cuts would hurt the outer districts most.",
]
TEASERS = [f"Related: story number {i} about something else entirely, read more" for i in range(4)]


def _never():
    raise AssertionError("the arbiter must not be consulted")


def test_a_pruning_that_keeps_most_of_the_default_text_is_kept():
    precise, default = "\n".join(BODY), "\n".join(TEASERS[:1] + BODY + TEASERS[1:2])
    assert choose_extraction(precise, default, _never) == (precise, "pruning")


def test_a_precision_text_that_lost_the_body_gives_way():
    precise = BODY[0]
    default = "\n".join(BODY * 3 + TEASERS)
    assert choose_extraction(precise, default, _never) == (default, "lost_body")


def test_disagreement_is_settled_by_the_third_opinion():
    precise, default = "\n".join(BODY), "\n".join(TEASERS)
    assert choose_extraction(precise, default, lambda: " ".join(BODY[1:])) == (precise, "arbiter")
    assert choose_extraction(precise, default, lambda: " ".join(TEASERS)) == (default, "arbiter")


def test_an_empty_candidate_never_wins():
    assert choose_extraction("", "\n".join(BODY), _never) == ("\n".join(BODY), "only")
    assert choose_extraction("\n".join(BODY), "", _never) == ("\n".join(BODY), "only")


def _options() -> dict:
    extract = load_config(None)["extract"]
    return {k: extract[k] for k in ("favor_precision", "favor_recall", "no_fallback", "include_tables",
                                     "include_comments", "extensive_date_search", "compare_default_mode")}


@pytest.mark.parametrize(
    "bench_set, page",
    [
        # precision mode keeps ~40 characters of this Greek page; default mode has the article
        ("extraction-daniel", "20120106_www2.rizospastis.gr_540c1430ae93ee9b654f98ab6652d5ba0afe0afef7a919cb6de82216"),
        # precision mode keeps the article; default mode picks a different block of this page
        ("extraction-daniel", "20111208_www.express.gr_7f8b8764037bad1ff59f3af30fa310cb1e02ad353f65d35bf4dff14f"),
        # precision mode returns one line; the body is a long English article
        ("extraction-aeb", "f8ff621a0b9b7646cc0d57d37416feabba2bf78ef5dd0bfc5b080f9f97bbe584"),
    ],
)
def test_the_chosen_extraction_finds_the_annotated_body(bench_set, page):
    folder = require_shared(BENCH / bench_set)
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))[page]["articleBody"]
    html = (folder / "html" / f"{page}.html").read_text("utf-8")
    precision, recall, f1 = page_scores(truth, extract_html(html, "", _options()).text)
    assert f1 > 0.75, (precision, recall)  # before cleaning; the wrong candidate scores < 0.1 on each
