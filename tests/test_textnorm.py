"""textnorm.words: its str.split fast path must give exactly what the Unicode word regex gives;
word_count_upto: the count of a whole text, read from a prefix."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.textnorm import _WORD, normalize_for_match, word_count_upto, words

# Letters of several scripts, digits, combining marks (Arabic harakat, Devanagari vowel signs,
# a Latin acute), underscores, symbols, spaces.
_ALPHABET = list("abzé ع ب ك ٣ क ि ा 7 _ $ ·\t\n") + ["\u064e", "\u0301", "\u093f", "\u0651", "\u200d", "\u00a0", "\u3000", "\U0001d167", "\U00020000", "\U0001f600"]


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


def test_a_mark_after_any_space_or_first_takes_the_regex_path():
    for text in ("\u0301ab cd", "ab \u0301cd", "ab\t\u093fcd", "ab\u00a0\u064ecd", "ab\u3000\u0651"):
        assert words(text) == _WORD.findall(text)


# Texts past the first prefix read (256 characters) with word counts around the limit: long words
# and long separators (spaces, punctuation, symbols, invisible characters, stray marks), so the
# cut falls anywhere: inside a word, between a letter and its marks, inside a run of separators.
_LETTERS = st.text(alphabet=st.sampled_from(list("abzéعبك٣कि7") + ["\u064e", "\u0301", "\u0651"]), min_size=1, max_size=30)
_GAPS = st.text(alphabet=st.sampled_from(list(" \t\n_$·.،!") + ["\u200d", "\u00a0", "\u0301", "\u0640"]), min_size=1, max_size=25)
_LONG = st.lists(st.tuples(_LETTERS, _GAPS), max_size=70).map(lambda pairs: "".join(a + b for a, b in pairs))


@settings(max_examples=500, deadline=None)
@given(_LONG, st.integers(min_value=1, max_value=70))
def test_word_count_upto_is_the_whole_count_capped(text, limit):
    assert word_count_upto(text, limit) == min(len(words(normalize_for_match(text))), limit)


def test_word_count_upto_reads_long_texts_in_parts():
    text = "كلمة " * 100_000 + "ab"
    assert word_count_upto(text, 20) == 20
    assert word_count_upto("a " * 19, 20) == 19
    assert word_count_upto(("x" * 300) + " \u0301 b", 3) == 2  # a lone mark is no word


def test_word_count_upto_at_every_limit_on_random_long_texts():
    import random

    rng = random.Random(7)
    letters = list("abzéعبك٣कि7") + ["\u064e", "\u0301", "\u0651"]
    gaps = list(" \t\n_$·.،!") + ["\u200d", "\u00a0", "\u0301", "\u0640"]
    for _ in range(150):
        text = "".join(
            "".join(rng.choices(letters, k=rng.randint(1, 40))) + "".join(rng.choices(gaps, k=rng.randint(1, 30)))
            for _ in range(rng.randint(5, 90))
        )
        whole = len(words(normalize_for_match(text)))
        for limit in range(1, whole + 3):
            assert word_count_upto(text, limit) == min(whole, limit), (limit, whole)


def _normalize_reference(text: str, keep_punctuation: bool = False) -> str:
    """normalize_for_match as first written: dict translate table, regex for the spaces."""
    import re
    import unicodedata

    from transforms.textnorm import _KEEP_PUNCT_TABLE, _MATCH_TABLE

    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_KEEP_PUNCT_TABLE if keep_punctuation else _MATCH_TABLE)
    return re.sub(r"\s+", " ", text).strip()


_NORM_ALPHABET = _ALPHABET + list("ABÉأإآٱىةؤئیکـ.,;!؟،«»—-'\"()[]{}#%&*+/<=>?@\\^`|~€£")
_NORM_ALPHABET += ["\x00", "\x07", "\x1c", "\x1f", "\x85", "\u00ad", "\u200b", "\u200f", "\u2028", "\u202e", "\ufeff"]
_NORM_ALPHABET += ["\ufb01", "\u2474", "\uff21", "\U0001d400", "\U0001f1e6", "\U000e0100", "\r", "\x0b"]


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NORM_ALPHABET), max_size=60), st.booleans())
def test_normalize_for_match_equals_the_reference(text, keep):
    assert normalize_for_match(text, keep_punctuation=keep) == _normalize_reference(text, keep)


def test_normalize_for_match_on_every_bmp_character():
    import unicodedata

    bmp = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000]
    # Without the few (CJK compatibility ideographs) whose NFKC form is astral: the list table's path.
    everything = "".join(c for c in bmp if max(unicodedata.normalize("NFKC", c).casefold() or " ") < "\U00010000")
    for keep in (False, True):
        assert normalize_for_match(everything, keep_punctuation=keep) == _normalize_reference(everything, keep)
        assert normalize_for_match(everything + "\U0001f600", keep_punctuation=keep) == _normalize_reference(
            everything + "\U0001f600", keep
        )


def test_word_count_counts_chinese_japanese_and_thai_by_characters():
    from transforms.textnorm import CJK_CHARS_PER_WORD, word_count, word_count_upto

    chinese = "本市地铁三号线延长段今天上午正式开通运营，新增六座车站，全长十二公里。据介绍，从城东到火车站的通勤时间将缩短至二十五分钟左右。"
    han = sum(1 for ch in chinese if "\u4e00" <= ch <= "\u9fff")
    assert word_count(chinese) == round(han / CJK_CHARS_PER_WORD)  # not the 4 comma-separated runs
    assert word_count_upto(chinese, 20) == 20
    japanese = "東京都は今日、新しい地下鉄路線の建設計画を発表した。総工費は約三千億円で、二〇三〇年の開業を目指す。"
    assert 20 <= word_count(japanese) <= 40  # 26 words by a dictionary segmenter
    thai = "รัฐบาลไทยประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วมในภาคเหนือ"
    assert 12 <= word_count(thai) <= 20  # 15 words
    assert word_count("The minister said on Monday that talks will resume.") == 9  # spaced scripts unchanged
    assert word_count("地铁3号线 opened today") == 5  # 地铁 3 号线: the digits in the run count once


def test_has_letters_weighs_dense_characters():
    """``dense``: one Han/kana character or Hangul syllable counts as that many letters."""
    from transforms.textnorm import has_letters

    assert not has_letters("上海地铁新线路", 20)            # 7 characters = 7 letters
    assert has_letters("上海地铁新线路开通", 20, dense=2.6)  # 9 x 2.6 = 23.4
    assert not has_letters("上海地铁", 20, dense=2.6)        # 4 x 2.6 = 10.4
    assert not has_letters("Moscow metro", 20, dense=2.6)   # Latin letters count once: 11
    assert has_letters("서울 지하철 요금 내달 인상", 20, dense=2.6)
