"""textnorm.words: its str.split fast path must give exactly what the Unicode word regex gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.textnorm import _WORD, normalize_for_match, words

# Letters of several scripts, digits, combining marks (Arabic harakat, Devanagari vowel signs,
# a Latin acute), underscores, symbols, spaces.
_ALPHABET = list("abzé ع ب ك ٣ क ि ा 7 _ $ ·\t\n") + ["\u064e", "\u0301", "\u093f", "\u0651", "\u200d"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=30))
def test_words_equals_the_word_regex_on_any_text(text):
    assert words(text) == _WORD.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=30))
def test_words_of_normalised_text_equal_the_word_regex(text):
    norm = normalize_for_match(text)
    assert words(norm) == _WORD.findall(norm)


def test_marks_stay_with_their_letters():
    assert words("क़िताब मेरी") == ["क़िताब", "मेरी"]
    assert words("\u064e ab") == ["ab"]  # a mark opening a token is not a word by itself
