"""The lexicon's literal gate (transforms/clean.py): a speed-up that must never change a match.

Every pattern runs only on lines holding one of its required literals (found by one
Aho-Corasick scan). These tests check the literal extraction on hand-written patterns, then the
gate's promise on every pattern of the shipped lexicon with strings generated to match it, and
that cleaning with the gate gives exactly what cleaning without it gives.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.config import load_config
from transforms.clean import Lexicon, clean_text, required_literals
from conftest import SEEDS


class _Ungated(Lexicon):
    """The same lexicon with every pattern run on every line (the behaviour before the gate)."""

    def candidates(self, norm: str) -> dict:
        return {kind.name: list(kind.patterns) for kind in self.kinds}


@pytest.fixture(scope="module")
def lexicon_data():
    return load_config(None)["clean"]["lexicon_data"]


@pytest.fixture(scope="module")
def lexicons(lexicon_data):
    return Lexicon(lexicon_data), _Ungated(lexicon_data)


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"ad ?block(er)?", ("block",)),
        (r"(disable|turn off) (your )?adblock", ("adblock",)),  # " adblock" ties? the longer run wins
        (r"(please )?(disable|deactivate) it", ("isable", "eactivate")),  # re factors out the "d"
        (r"(foo)?bar", ("bar",)),
        (r"\bshare\b", ("share",)),
        (r"(foo|bar[rz]) x", ("foo", "bar")),  # a branch: one literal per alternative
        (r"(foo|ba[rz]) x", (" x",)),  # as short as the branch's shortest, and one literal
        (r"(ab)+c", ("ab",)),
        (r"x*", ()),
        (r"[abc]", ()),
        (r"(?i)share", ()),  # a case-insensitive pattern cannot be gated by exact literals
        (r"(?i:share) this", (" this",)),
        (r"(مانع|حاجب) الاعلانات", (" الاعلانات",)),
    ],
)
def test_required_literals_are_what_every_match_must_contain(pattern, expected):
    assert required_literals(re.compile(pattern)) == expected


def test_literals_of_an_ignorecase_group_are_not_used():
    assert required_literals(re.compile(r"x (?i:share)")) == ("x ",)
    assert required_literals(re.compile(r"(?i:share)")) == ()


def test_every_shipped_pattern_has_a_gate(lexicons):
    lexicon = lexicons[0]
    ungated = [rx.pattern for kind in lexicon.kinds for rx in kind.patterns if not required_literals(rx)]
    assert not ungated, f"patterns the gate cannot skip (slow, not wrong): {ungated}"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_gate_admits_every_pattern_on_any_text_it_matches(lexicons, data):
    lexicon = lexicons[0]
    every = [(kind, rx) for kind in lexicon.kinds for rx in kind.patterns]
    # 40 patterns per example (the lexicon has 600+: all of them in one example made the draws
    # too large for hypothesis to generate or shrink in reasonable time)
    chosen = data.draw(st.lists(st.sampled_from(range(len(every))), min_size=1, max_size=40, unique=True))
    for index in chosen:
        kind, rx = every[index]
        text = data.draw(st.from_regex(rx, fullmatch=False), label=rx.pattern[:60])
        assert rx.search(text)
        assert rx in lexicon.candidates(text).get(kind.name, []), (rx.pattern, text)


def test_candidates_keep_the_lexicon_order(lexicons):
    lexicon = lexicons[0]
    line = "share this article on facebook share on twitter read also comments"
    for name, patterns in lexicon.candidates(line).items():
        order = list(lexicon.kind(name).patterns)
        assert [order.index(rx) for rx in patterns] == sorted(order.index(rx) for rx in patterns)


_PHRASES = [
    "Share this article", "Read also:", "اقرأ أيضا", "شارك", "Lire aussi", "Diesen Artikel teilen",
    "Please disable your ad blocker", "Back to top", "Comments (3)", "Translated automatically",
    "تمت الترجمة آليا", "Follow us on Facebook", "Mehr zum Thema", "Newsletter", "Compartir",
    "The minister said on Tuesday that the talks would resume next week.",
    "وقال الوزير إن المحادثات ستستأنف الأسبوع المقبل",
]


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.sampled_from(_PHRASES),
            st.builds(lambda a, b: f"{a} {b}", st.sampled_from(_PHRASES), st.sampled_from(_PHRASES)),
            st.text(min_size=1, max_size=80),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_cleaning_with_the_gate_equals_cleaning_without_it(lexicons, lines):
    text = "\n".join(lines)
    gated, ungated = lexicons
    assert clean_text(text, gated) == clean_text(text, ungated)


def test_the_seeds_clean_identically_with_and_without_the_gate(lexicons):
    gated, ungated = lexicons
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert clean_text(text, gated, find_title=True) == clean_text(text, ungated, find_title=True)


# ---- the word classes' gate (address, speech words...: _ScopedWords.groups_in) ----

_WORD_CLASSES = ("address", "address_near", "address_after", "address_subject", "speech_words", "plural_verbs")


def test_every_word_class_pattern_has_a_gate(lexicons):
    lexicon = lexicons[0]
    for name in _WORD_CLASSES:
        ungated = [rx.pattern[:60] for _, patterns in getattr(lexicon, name) for rx in patterns if not required_literals(rx)]
        assert not ungated, f"{name}: patterns the gate cannot skip (slow, not wrong): {ungated}"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_word_class_gate_admits_every_group_on_any_text_it_matches(lexicons, data):
    lexicon = lexicons[0]
    every = [(name, group) for name in _WORD_CLASSES for group in getattr(lexicon, name)]
    chosen = data.draw(st.lists(st.sampled_from(range(len(every))), min_size=1, max_size=20, unique=True))
    for index in chosen:
        name, group = every[index]
        rx = data.draw(st.sampled_from(group[1]))
        text = data.draw(st.from_regex(rx, fullmatch=False), label=rx.pattern[:60])
        assert rx.search(text)
        assert group in getattr(lexicon, name).groups_in(text), (name, rx.pattern[:60], text)


def test_word_class_spans_are_the_same_with_and_without_the_gate(lexicons):
    from transforms.clean import _match_norm, _scoped_spans

    lexicon = lexicons[0]
    lines = list(_PHRASES)
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    norms = [n for n in (_match_norm(line) for line in lines) if n]
    hits = 0
    for name in _WORD_CLASSES:
        scoped = getattr(lexicon, name)
        for norm in norms:
            spans = _scoped_spans(scoped, norm, norm, None)
            assert spans == _scoped_spans(tuple(scoped), norm, norm, None), (name, norm)
            hits += bool(spans)
    assert hits  # the lines do hold address and speech words


def test_anchored_kinds_admit_every_kind_whose_anchors_match(lexicons):
    from transforms.clean import _match_norm

    lexicon = lexicons[0]
    lines = list(_PHRASES)
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    anchored_somewhere = 0
    for norm in (n for n in (_match_norm(line) for line in lines) if n):
        matching = {kind.name for kind in lexicon.kinds if any(rx.search(norm) for rx in kind.anchors)}
        assert matching <= lexicon.anchored_kinds(norm), norm
        anchored_somewhere += bool(matching)
    assert anchored_somewhere
