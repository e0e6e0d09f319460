"""Stage: strip the boilerplate that sits in the text itself (tickers, adblock notices, share
prompts, comment forms, translation disclaimers...) and lines repeated across a publisher's pages.

Pure layer: ``Lexicon`` (the phrase lexicon of ``configs/boilerplate.yaml``, compiled once) and
``clean_text``, a line classifier combining

* structural detectors that need no word list: ticker / "most read" strips, breadcrumbs, rows of
  share buttons, copyright lines, link-only lines, date-only lines;
* the multilingual phrase lexicon, matched after ``textnorm.normalize_for_match`` and only on
  boilerplate-shaped lines (short labels, "Read also: <headline>" prefixes, or lines the
  phrases dominate), so body sentences that merely contain "share" or "comment" stay;
* publication lines ("نشر في بيان اليوم يوم 27 - 07 - 2021"), whose publisher and date become
  metadata;
* paragraphs in another language at the top or bottom of the text (per-paragraph langdetect);
* the title: a repeat of the metadata title leaves the text, and for plain text the first
  remaining headline-like line becomes the title.

Composites: ``StripBoilerplate`` (Document -> ok Documents, Rejected too short) and
``StripRepeatedLines`` (per-publisher repeated short lines, counted in Beam by (group, hash)).
"""

from __future__ import annotations

import datetime
import hashlib
import functools
import re
import unicodedata
from typing import Callable, Iterable, List, NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.settings import CleanSettings, ConfigError, check_keys, require
from transforms.failures import AdaptFailures
from transforms.language import SHARED_VOCABULARY, UNDETERMINED, LanguageDetector, default_detector, parse_settings as parse_language_settings, word_weight
from transforms.progress import MeteredDoFn
from transforms.records import Boilerplate, Document, is_html, reject
from transforms.bylines import (
    author_names,
    cjk_reporter_credit,
    closing_cjk_credit,
    korean_reporter_credit,
    byline_names,
    closing_byline_names,
    is_agency_credit,
    is_editor_line,
    is_staff_byline,
    opens_with_credit_lead,
    without_lead_word,
)
from transforms.notice_model import NoticeModel
from transforms.titles import strip_site_name
from transforms.cldr_words import digits_to_ascii, duration_unit_pattern, language_name_matcher, relative_time_words, weekday_matcher
from transforms.textnorm import (
    CJK,
    CJK_CHARS_PER_WORD,
    NO_SPACE_SCRIPTS,
    SEA_CHARS_PER_WORD,
    UNSPACED_SEA,
    count_words,
    fold_arabic,
    has_letters,
    normalize_for_match,
    word_count,
    word_count_upto,
    words,
)

__all__ = [
    "CleanResult",
    "Lexicon",
    "LexiconKind",
    "StripBoilerplate",
    "StripRepeatedLines",
    "EXPECTED_REJECTS",
    "clean_text",
    "enough_words",
    "required_literals",
    "short_line_keys",
    "strip_lines",
]

STAGE = "clean"
# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them).
EXPECTED_REJECTS = frozenset({"too_short", "empty_after_cleaning", "no_text"})

# Kinds recorded by the structural detectors and the other non-lexicon rules.
TICKER = "ticker"
BREADCRUMB = "breadcrumb"
SHARE_BUTTONS = "share buttons"
COPYRIGHT = "copyright"
DATE_LINE = "date line"
PUBLICATION = "publication line"
FOREIGN = "foreign language"
REPEATED = "repeated line"
TAIL_LABEL = "tail label"
LEARNED = "notice (learned)"  # a line the rules keep, called furniture by transforms/notice_model.py
BYLINE = "byline"
CREDIT = "credit line"  # the lexicon's kind of the same name holds the phrase-led credits
PHOTO_CREDIT = CREDIT  # a photo credit is a credit line ("Foto: EFE/Juan Hidalgo")
# The lexicon format this code reads (``version`` in configs/boilerplate.yaml).
LEXICON_VERSION = 1
# Top-level keys of a lexicon (anything else is a typo: an error naming the nearest key).
LEXICON_KEYS = ("version", "limits", "kinds", "social", "share_buttons", "share_connectors", "home_words",
                "address", "address_near", "address_after", "address_subject", "photo_words", "photo_last_words",
                "publication", "months", "weekdays", "date_words", "date_cues",
                "read_words", "edition_words", "available_words", "continuation_words", "source_words", "ad_words", "platform_words",
                "follow_words", "translation_words", "machine_words", "update_words", "article_words",
                "source_labels", "tag_labels", "consent_words", "thanks_words", "subscribe_words", "first_words",
                "publish_words", "copy_words", "link_words", "related_words", "most_words", "app_words", "open_words",
                "correction_labels", "top_words", "back_words", "login_words", "enable_words", "restrict_words",
                "script_words", "speech_words", "closed_words", "plural_verbs", "error_words", "comment_words", "fact_words",
                "error_apology", "news_nouns")

_LIMIT_KEYS = {
    "short_line_words": int,
    "max_line_words": int,
    "learned_notice": (int, float),
    "learned_max_words": int,
    "dominance": (int, float),
    "teaser_max_words": int,
    "list_max_lines": int,
    "edge_lines": int,
    "ticker_min_segments": int,
    "foreign_min_letters": int,
    "foreign_min_score": (int, float),
    "foreign_max_paragraphs": int,
    "foreign_max_share": (int, float),
    "publication_max_words": int,
    "no_text_min_letters": int,
    "ticker_max_segment_words": int,
    "ticker_min_headline_share": (int, float),
    "ticker_max_sentence_share": (int, float),
    "ticker_min_mean_words": (int, float),
    "breadcrumb_max_words": int,
    "breadcrumb_max_part_words": int,
    "breadcrumb_min_parts": int,
    "share_row_max_words": int,
    "copyright_max_words": int,
    "date_line_max_words": int,
    "date_line_min_share": (int, float),
    "addressed_max_words": int,
    "address_near_chars": int,
    "photo_credit_max_words": int,
    "language_link_max_words": int,
    "language_notice_max_words": int,
    "reading_time_max_words": int,
    "source_link_max_words": int,
    "label_slot_max_words": int,
    "stamp_max_words": int,
    "frame_free_words": int,
    "tail_label_max_words": int,
    "tail_label_max_lines": int,
    "tail_labelled_max_words": int,
}

_TICKER_SPLIT = re.compile(r"\s{2,}|\s*(?:[|｜•·●▪◦►◆■]|\+{3,})\s*")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>?|»|›|::)\s*|\s+[/|\\]\s+")
_BULLET = re.compile(r"^\s*[-–—•*►▪●·◦]\s+")
_LINKISH = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w{2,}|\b(?:[\w-]+\.)+(?:com|org|net|info|io|co|news|tv|fr|uk|de|es|ma|dz|tn|eg|sa|ae|qa|lb|jo|iq|id|br|ru|it)(?:/\S*)?\b",
    re.IGNORECASE,
)
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TRAILING_QUOTES = " \"'”’»)]\u00a0"
# Pointer glyphs: arrows, triangles and pointing hands that a page sets between a label and its link
# ("VEZI ȘI ➜ <headline>", "İLGİLİ HABER ▶ ...", "پیشنهاد سردبیر ◀ ...") or after a button's words
# ("Send to a friend ✉️", "Mandalo a un amico 👉"). News prose is written with letters and punctuation.
_POINTERS = ("\u2190-\u21ff\u27a1\u2794-\u27bf\u27f5-\u27ff\u2b05-\u2b07\u25b6\u25b8\u25ba\u25c0\u25c2\u25c4"
             "\u261a-\u261f\u2709\u276f\u2771\U0001f446-\U0001f449\U0001f4e4-\U0001f4e9\U0001f4f2\U0001f517\U0001f514")
_POINTER_END = re.compile(f"[{_POINTERS}]\ufe0f?\\W*$")
_POINTER_START = re.compile(f"^\\W*?[{_POINTERS}]")
_LABEL_SEPARATORS = ":|-–—»›>.…•،؛/" + "".join(chr(c) for c in range(0x2190, 0x2200)) + "➜➔➝➞➡➤▶▸►◀◂◄☛☞👉"


class LexiconKind(NamedTuple):
    name: str
    patterns: tuple  # compiled regexes over normalised text
    prefix: str  # "" | "label" | "any"
    list_follows: bool
    edge_only: bool
    full_line: bool
    cue_words: frozenset
    head: bool = False  # a long line goes when its head sentence is the kind's phrase (see _head_dominated)
    anchors: tuple = ()  # compiled regexes of the kind's topic words (see _addressed_kind)
    cues: tuple = ()  # compiled regexes of words that, beside an anchor, make the notice without address
    pronoun_anywhere: bool = False  # anchors name page furniture only: a pronoun anywhere in the sentence will do
    framed: tuple = ()  # the anchors a cue frames (all but the ``unframed`` groups) and ``frames``; empty: ``anchors``
    frames: tuple = ()  # topic nouns that name the kind only beside one of its cues ("ads", "the video player"): never addressed
    frame_free_words: int = -1  # the kind's own ``limits.frame_free_words`` (-1: the lexicon's)
    page_cue: bool = False  # the page's own noun opening the sentence (``article_words``) frames too ("This story originally ran in ...")


class CleanResult(NamedTuple):
    """Cleaned text (paragraphs separated by a blank line) and what was learnt or removed."""

    text: str
    title: str
    publisher: str
    published: str  # ISO date, "" if none found
    boilerplate: List[Boilerplate]
    authors: List[str] = []  # names read from a byline at the top, [] if none
    # the page's languages (the declared one and the one detected on the text), a function giving
    # them: what ``merge_authors`` splits a credit's list of names by
    page_languages: Callable[[], frozenset] | None = None


# Zero-width (non-)joiners, bidi controls, soft hyphen, BOM: normalize_for_match drops them from the
# text ("وب‌سایت" -> "وبسایت"), so a pattern's letters lose them too.
_INVISIBLE_IN_PATTERN = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


# Greek accented vowels as plain ones (a heading in capitals carries no tonos: "ΔΙΑΦΗΜΙΣΗ"), and the
# dot that case folding leaves on Turkish "İ" ("İlgili" -> "i̇lgili") dropped: in lines and patterns.
_MATCH_FOLD = str.maketrans({"ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ό": "ο", "ύ": "υ", "ώ": "ω", "ΐ": "ι", "ΰ": "υ",
                             "ϊ": "ι", "ϋ": "υ", "\u0307": None})


def _match_norm(text: str, *, keep_punctuation: bool = False) -> str:
    """``normalize_for_match`` with Greek accents and the Turkish dotted-I mark folded (lexicon
    matching only: dedup and the stored text keep textnorm's form)."""
    return normalize_for_match(text, keep_punctuation=keep_punctuation).translate(_MATCH_FOLD)


def _fold_pattern(pattern: str) -> str:
    """Case-fold and Arabic-fold a regex's letters, leaving escapes (\\b, \\w) and group names alone."""
    pattern = _INVISIBLE_IN_PATTERN.sub("", unicodedata.normalize("NFKC", pattern))  # as in the text
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern.startswith("(?P<", i):  # a named group: its name stays as written
            end = pattern.index(">", i)
            out.append(pattern[i : end + 1])
            i = end + 1
            continue
        out.append(fold_arabic(ch.casefold()).translate(_MATCH_FOLD))
        i += 1
    return "".join(out)


# Arabic clitics and inflectional endings around a lexicon word (light stemming, written as the
# regex the word is widened into; the text side is already folded by normalize_for_match: hamza
# and alef forms -> ا, ة -> ه, ى -> ي, no tatweel, no diacritics, so tanween marks are gone and an
# alef tanween (برنامجاً) is a final ا).
# Proclitics: a conjunction و/ف, then a preposition ب/ك/ل or the article ال (with a preposition:
# بال, كال, لل). Suffixes: a subject or number ending (ون ين ات ان وا تم تن و ت ا, the last also
# the alef tanween), then an object/possessive pronoun (هما ها هم هن نا كم كن ني ك ه ي); a word
# ending in ه (a folded ة) takes ت before a suffix (مشاركة -> مشاركتها).
_AR_LETTER = "\u0621-\u064a"
_AR_RUN = re.compile(f"[{_AR_LETTER}]+")
_AR_PROCLITICS = "(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
_AR_SUFFIXES = "(?:ون|ين|ات|ان|وا|تم|تن|و|ت|ا)?(?:هما|ها|هم|هن|نا|كم|كن|ني|ك|ه|ي)?"
_AR_MIN_STEM = 3  # shorter runs ("ال", "من") are left as written


def _arabic_word_forms(pattern: str) -> str:
    """A (folded) Arabic lexicon pattern whose whole words also match with their clitics and
    endings: "برنامج لحجب" matches "وبرنامجا لحجب", "شاركه" matches "فشاركوها". A run of Arabic
    letters is widened only where it is a whole word of the regex (space, "(", "|" or the pattern's
    ends around it, no quantifier or group glued to it): a run glued to a group ("(ال)?اعلان") is
    part of a word the pattern spells out itself, and stays as written."""
    out, last = [], 0
    for m in _AR_RUN.finditer(pattern):
        start, end = m.span()
        word = m.group()
        in_class, group = _regex_context(pattern, start)
        if in_class or len(word) < _AR_MIN_STEM:
            continue
        free_start = _free_before(pattern, start, group)
        free_end = _free_after(pattern, end)
        if not (free_start or free_end):
            continue
        core = word
        head = ""
        if free_start:
            if core.startswith("ال") and len(core) - 2 >= _AR_MIN_STEM:
                core = core[2:]
            head = _AR_PROCLITICS
        tail = ""
        if free_end:
            if core.endswith("ه"):
                core = core[:-1] + "(?:ه|ت)"
            tail = _AR_SUFFIXES
        out.append(pattern[last:start] + head + core + tail)
        last = end
    out.append(pattern[last:])
    return "".join(out)


def _regex_context(pattern: str, position: int) -> tuple[bool, int]:
    """(inside a character class [...], index of the innermost open group's "(" or -1) at
    ``position`` of a regex."""
    inside, stack, i = False, [], 0
    while i < position:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if inside:
            inside = ch != "]"
        elif ch == "[":
            inside = True
        elif ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            stack.pop()
        i += 1
    return inside, stack[-1] if stack else -1


def _free_before(pattern: str, start: int, group: int) -> bool:
    """Does a word of the regex start at ``start`` (nothing glued before it)?"""
    before = pattern[start - 1] if start else ""
    if before in ("", " ", "^"):
        return True
    if before in ("(", "|", ":"):  # first in a group or a branch: what precedes the group?
        if group < 0:
            return True
        return group == 0 or pattern[group - 1] in " (|:^"
    return False


def _free_after(pattern: str, end: int) -> bool:
    """Does a word of the regex end at ``end`` (the pattern's end, a space, a branch, or the end
    of groups followed by one of those, nothing glued after it)?"""
    i = end
    while i < len(pattern) and pattern[i] not in " $":
        ch = pattern[i]
        if ch == "|":  # the next branch: skip to this group's end
            depth = 0
            while i < len(pattern) and not (pattern[i] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(pattern[i], 0)
                i += 1
            continue
        if ch == ")" or (ch in "?*+" and i > end and pattern[i - 1] == ")"):
            i += 1
            continue
        return False
    return True


def _compile(pattern, where: str, *, arabic: bool = False):
    if not isinstance(pattern, str) or not pattern.strip():
        raise ConfigError(f"{where}: a pattern must be a non-empty string")
    try:
        folded = _fold_pattern(pattern)
        return re.compile(_arabic_word_forms(folded) if arabic else folded)
    except re.error as exc:
        raise ConfigError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc


def required_literals(rx: re.Pattern) -> tuple:
    """Strings of which every match of ``rx`` contains at least one, () when none is known.

    A cheap gate before the regex: ``any(lit in text for lit in gate)`` is false only for a text
    the regex cannot match, so the lexicon skips most of its patterns on most lines without
    changing a single match. Read from the parsed pattern: runs of literal characters that every
    match must pass through (inside required groups and repeats too), or one such run per branch
    of a required alternation. The longest shortest-alternative wins.
    """
    if rx.flags & re.IGNORECASE:
        return ()
    try:
        tree = _sre()[0].parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern simply gets no gate
        return ()
    best = _best_literals(tree)
    return best or ()


def _sre():
    """(parser, constants) behind re.compile: re._parser in Python 3.11+, sre_parse before."""
    try:
        from re import _constants, _parser
    except ImportError:  # Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _parser, _constants


def _best_literals(sequence) -> tuple | None:
    op = _sre()[1]

    candidates, run = [], []

    def end_run():
        if run:
            candidates.append(("".join(run),))
            run.clear()

    for code, arg in sequence:
        if code is op.LITERAL:
            run.append(chr(arg))
        elif code is op.AT:
            continue  # zero width: the characters on either side stay adjacent
        elif code is op.SUBPATTERN:
            end_run()
            _group, add_flags, _del_flags, inner = arg
            if add_flags & re.IGNORECASE:
                continue  # (?i:...): its letters may match in any case, exact literals cannot gate
            found = _best_literals(inner)
            if found:
                candidates.append(found)
        elif code in (op.MAX_REPEAT, op.MIN_REPEAT, getattr(op, "POSSESSIVE_REPEAT", None)):
            end_run()
            low, _high, inner = arg
            if low >= 1:
                found = _best_literals(inner)
                if found:
                    candidates.append(found)
        elif code is op.BRANCH:
            end_run()
            options = [_best_literals(branch) for branch in arg[1]]
            if all(options):
                candidates.append(tuple(dict.fromkeys(lit for option in options for lit in option)))
        else:
            end_run()
    end_run()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(lit) for lit in c), -len(c)))


# Scripts written without spaces: their words are not delimited, so their patterns are not either.
_UNSPACED_LANGUAGES = ("zh", "ja", "th", "ko")  # Korean: particles attach to a word's end


def _word_patterns(by_language, where: str) -> tuple:
    """Per-language lists of regexes -> at most two compiled alternations matching whole words
    only (a pattern may end in \\w* for inflections); Chinese/Japanese/Thai ones match anywhere."""
    if not isinstance(by_language, dict):
        raise ConfigError(f"{where} must be a mapping of language -> list of regexes")
    spaced, unspaced = [], []
    for lang, items in by_language.items():
        if not isinstance(items, list):
            raise ConfigError(f"{where}.{lang} must be a list")
        base = str(lang).split("-")[0]
        for item in items:
            rx = _compile(item, f"{where}.{lang}", arabic=base == "ar")
            (unspaced if base in _UNSPACED_LANGUAGES else spaced).append(rx.pattern)
    out = []
    if spaced:
        out.append(re.compile(r"(?<![^\W_])(?:" + "|".join(spaced) + r")(?![^\W_])"))
    if unspaced:
        # no spaces around their words, but a Latin word in them ("app", "cookie") is whole
        out.append(re.compile("(?<![a-z0-9])(?:" + "|".join(unspaced) + ")(?![a-z0-9])"))
    return tuple(out)


# The languages a word-list key names: its two-letter parts ("cs-sk" -> cs and sk, "th-more" -> th,
# "imperatives-ar" -> ar); a key naming none holds words read in any language.
_LANGUAGE_PART = re.compile(r"^[a-z]{2}$")


def _key_languages(key) -> frozenset:
    return frozenset(part for part in str(key).split("-") if _LANGUAGE_PART.match(part))


class _ScopedWords(tuple):
    """((languages of a key, compiled alternations), ...) (``_scoped_word_patterns``) with a gate:
    ``groups_in(text)`` gives, in order, the groups that can match ``text`` (one of their patterns'
    ``required_literals`` occurs in it; all groups when a pattern has none), found by one
    Aho-Corasick scan instead of a regex search per group (~70 for the address words): the other
    groups have no match, so the spans are the same."""

    _gate = None  # the automaton, built on first use; False: some pattern has no literal

    def groups_in(self, text: str):
        gate = self._gate
        if gate is None:
            gate = self._gate = self._build_gate()
        if gate is False:
            return self
        if gate.kind != 2:  # no literal at all (an empty word class)
            return ()
        hit = {i for _end, groups in gate.iter(text) for i in groups}
        return [self[i] for i in sorted(hit)]

    def _build_gate(self):
        import ahocorasick

        by_literal: dict = {}
        for i, (_keys, patterns) in enumerate(self):
            for rx in patterns:
                literals = required_literals(rx)
                if not literals:
                    return False
                for literal in literals:
                    by_literal.setdefault(literal, set()).add(i)
        gate = ahocorasick.Automaton()
        for literal, groups in by_literal.items():
            gate.add_word(literal, tuple(groups))
        if by_literal:
            gate.make_automaton()
        return gate

    def __reduce__(self):  # pickled without the automaton (rebuilt where it is used)
        return (_ScopedWords, (tuple(self),))


def _scoped_word_patterns(by_language, where: str) -> tuple:
    """Per-language lists of regexes -> ((languages of the key, compiled alternations), ...): word
    classes that count only in the page's language (see ``_scoped_spans``)."""
    if not isinstance(by_language, dict):
        raise ConfigError(f"{where} must be a mapping of language -> list of regexes")
    return _ScopedWords((_key_languages(lang), _word_patterns({lang: items}, where)) for lang, items in by_language.items())


def _word_set(values, where: str) -> frozenset:
    if not isinstance(values, list):
        raise ConfigError(f"{where} must be a list of words")
    return frozenset(_match_norm(str(v)) for v in values if str(v).strip())


def _single_patterns(label: str, by_language: dict) -> list:
    """(label, (one compiled whole-word pattern,)) per item of a word class (``_word_patterns``'s
    boundaries), for ``Lexicon.marks``."""
    return [(label, patterns) for lang, items in by_language.items() for item in items
            for patterns in [_word_patterns({lang: [item]}, label)]]


# word classes the learned model sees (Lexicon.marks), beside the kinds' anchors/cues/phrases
_MARK_CLASSES = ("address", "address_near", "speech_words")


class Lexicon:
    """The boilerplate lexicon (``configs/boilerplate.yaml`` data), validated and compiled once."""

    def __init__(self, data: dict):
        if not isinstance(data, dict):
            raise ConfigError("clean.lexicon_data must be a mapping (the parsed boilerplate.yaml)")
        check_keys(data, LEXICON_KEYS, "boilerplate")
        if data.get("version") != LEXICON_VERSION:
            raise ConfigError(
                f"boilerplate.version is {data.get('version')!r}: this code reads lexicon version {LEXICON_VERSION}"
            )
        limits = data.get("limits")
        if not isinstance(limits, dict):
            raise ConfigError("boilerplate lexicon: `limits` mapping is missing")
        check_keys(limits, _LIMIT_KEYS, "boilerplate.limits")
        self.limits = {
            key: require(limits, key, kind, where="boilerplate.limits", minimum=0) for key, kind in _LIMIT_KEYS.items()
        }
        # the learned second opinion, loaded once per process (None: off)
        self.notice_model = NoticeModel.default() if self.limits["learned_notice"] < 1 else None
        self.social = _word_set(data.get("social", []), "boilerplate.social")
        self.share_buttons = _word_set(data.get("share_buttons", []), "boilerplate.share_buttons")
        self.home_words = _word_set(data.get("home_words", []), "boilerplate.home_words")
        self.weekdays = _word_set(data.get("weekdays", []), "boilerplate.weekdays")
        self.share_connectors = _word_set(data.get("share_connectors", []), "boilerplate.share_connectors")
        self.date_words = _word_set(data.get("date_words", []), "boilerplate.date_words")
        self.date_cues = _word_set(data.get("date_cues", []), "boilerplate.date_cues")
        kinds = data.get("kinds")
        if not isinstance(kinds, dict) or not kinds:
            raise ConfigError("boilerplate lexicon: `kinds` must be a non-empty mapping")
        compiled = []
        for name, spec in kinds.items():
            where = f"boilerplate.kinds.{name}"
            if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), dict):
                raise ConfigError(f"{where}: needs `patterns`, a mapping of language -> list of regexes")
            patterns = []
            for lang, items in spec["patterns"].items():
                if not isinstance(items, list):
                    raise ConfigError(f"{where}.patterns.{lang} must be a list")
                arabic = str(lang).split("-")[0] == "ar"  # Arabic words take their clitics and endings
                patterns.extend(_compile(p, f"{where}.patterns.{lang}", arabic=arabic) for p in items)
            anchors = _word_patterns(spec.get("anchors") or {}, f"{where}.anchors")
            cues = _word_patterns(spec.get("cues") or {}, f"{where}.cues")
            unframed = spec.get("unframed") or []
            if not isinstance(unframed, list) or any(key not in (spec.get("anchors") or {}) for key in unframed):
                raise ConfigError(f"{where}.unframed must list keys of its `anchors`")
            # tenth session: `frames`, nouns too common to name a notice with a pronoun ("our ads", "your
            # device") that name one beside a cue ("Ads fund the newsroom", "The video player could not be loaded")
            frames = _word_patterns(spec.get("frames") or {}, f"{where}.frames")
            if frames and not cues:
                raise ConfigError(f"{where}.frames need the kind's `cues`: a frame noun counts only beside one")
            framed = _word_patterns({k: v for k, v in (spec.get("anchors") or {}).items() if k not in unframed},
                                    f"{where}.anchors") + frames if unframed or frames else ()
            free_words = spec.get("frame_free_words", -1)
            if not isinstance(free_words, int) or isinstance(free_words, bool) or free_words < -1:
                raise ConfigError(f"{where}.frame_free_words must be a whole number >= 0")
            prefix = spec.get("prefix", False)
            prefix = {True: "label", False: ""}.get(prefix, prefix)
            if prefix not in ("", "label", "any"):
                raise ConfigError(f"{where}.prefix must be true, false or 'any'")
            cue = spec.get("cue_words")
            if cue not in (None, "social"):
                raise ConfigError(f"{where}.cue_words: only 'social' is known")
            compiled.append(
                LexiconKind(
                    name=str(name),
                    patterns=tuple(patterns),
                    prefix=prefix,
                    list_follows=bool(spec.get("list_follows", False)),
                    edge_only=bool(spec.get("edge_only", False)),
                    full_line=bool(spec.get("full_line", False)),
                    cue_words=self.social if cue == "social" else frozenset(),
                    head=bool(spec.get("head", False)),
                    anchors=anchors,
                    cues=cues,
                    pronoun_anywhere=bool(spec.get("pronoun_anywhere", False)),
                    framed=framed,
                    frames=frames,
                    frame_free_words=free_words,
                    page_cue=bool(spec.get("page_cue", False)),
                )
            )
        self.kinds = tuple(compiled)
        # every kind's schedules (its ``unframed`` anchors: "every Friday", "jeden Montag"): a day inside one is no news day
        self.schedules = tuple(rx for name, spec in (data.get("kinds") or {}).items() if spec.get("unframed")
                               for rx in _word_patterns({k: v for k, v in (spec.get("anchors") or {}).items() if k in spec["unframed"]},
                                                        f"boilerplate.kinds.{name}.anchors"))
        # read in the page's language only: short pronouns and imperatives of one language are
        # other words in another (French "nos" = our, Portuguese "nos" = in the)
        self.address = _scoped_word_patterns(data.get("address", {}), "boilerplate.address")
        self.address_near = _scoped_word_patterns(data.get("address_near", {}), "boilerplate.address_near")
        self.address_after = _scoped_word_patterns(data.get("address_after", {}), "boilerplate.address_after")
        self.address_subject = _scoped_word_patterns(data.get("address_subject", {}), "boilerplate.address_subject")
        self.speech_words = _scoped_word_patterns(data.get("speech_words", {}), "boilerplate.speech_words")
        self.error_apology = _scoped_word_patterns(data.get("error_apology", {}), "boilerplate.error_apology")
        self.plural_verbs = _scoped_word_patterns(data.get("plural_verbs", {}), "boilerplate.plural_verbs")
        self.fact_words = _word_patterns(data.get("fact_words", {}), "boilerplate.fact_words")
        # the groups named "legal" (a court, a regulator, a fine, a lawsuit) veto the learned model too (tenth session)
        self.legal_words = _word_patterns({k: v for k, v in (data.get("fact_words") or {}).items() if "legal" in str(k).split("-")},
                                          "boilerplate.fact_words")
        self.photo_words = _word_set(data.get("photo_words", []), "boilerplate.photo_words")
        self.photo_last_words = _word_set(data.get("photo_last_words", []), "boilerplate.photo_last_words")
        self.consent_words = _word_set(data.get("consent_words", []), "boilerplate.consent_words")
        self.top_words = _word_set(data.get("top_words", []), "boilerplate.top_words")
        self.back_words = _word_set(data.get("back_words", []), "boilerplate.back_words")
        self.read_words = _word_patterns(data.get("read_words", {}), "boilerplate.read_words")
        self.edition_words = _word_patterns(data.get("edition_words", {}), "boilerplate.edition_words")
        self.continuation_words = _word_patterns(data.get("continuation_words", {}), "boilerplate.continuation_words")
        self.source_words = _word_patterns(data.get("source_words", {}), "boilerplate.source_words")
        for key in ("ad_words", "platform_words", "follow_words", "translation_words", "machine_words",
                    "update_words", "article_words", "source_labels", "tag_labels", "thanks_words", "subscribe_words",
                    "first_words", "publish_words", "copy_words", "link_words", "related_words", "most_words",
                    "app_words", "open_words", "correction_labels", "login_words", "enable_words", "restrict_words",
                    "script_words", "closed_words", "error_words", "comment_words", "available_words", "news_nouns"):
            setattr(self, key, _word_patterns(data.get(key, {}), f"boilerplate.{key}"))
        self._gate = None  # built on first use: the launcher only validates the lexicon
        self._data = data
        self._by_name = {k.name: k for k in compiled}
        publication = data.get("publication", [])
        if not isinstance(publication, list):
            raise ConfigError("boilerplate.publication must be a list of regexes")
        self.publication = tuple(_compile(p, "boilerplate.publication") for p in publication)
        for rx in self.publication:
            if "date" not in rx.groupindex:
                raise ConfigError(f"boilerplate.publication: {rx.pattern!r} has no (?P<date>...) group")
        months = data.get("months")
        if not isinstance(months, dict) or set(int(k) for k in months) != set(range(1, 13)):
            raise ConfigError("boilerplate.months must map 1..12 to lists of month names")
        self.months = {}
        for number, names in months.items():
            for name in names:
                self.months[_match_norm(str(name))] = int(number)
        alternation = "|".join(re.escape(m) for m in sorted(self.months, key=len, reverse=True))
        month = f"(?P<month>{alternation})(?: (?:{alternation}))?"
        self._date_patterns = (
            re.compile(r"\b(?P<day>\d{1,2}) (?P<mon>\d{1,2}) (?P<year>\d{4})\b"),
            re.compile(r"\b(?P<year>\d{4}) (?P<mon>\d{1,2}) (?P<day>\d{1,2})\b"),
            re.compile(rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)? (?:de )?{month}(?: de)? (?P<year>\d{{4}})\b"),
            re.compile(rf"\b{month} (?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?P<year>\d{{4}})\b"),
        )

    def _build_gate(self) -> None:
        """One Aho-Corasick automaton over every pattern's required literals: a line is scanned
        once, in C, and only the patterns whose literals occur in it run (same matches, a
        fraction of the regex calls: most lines contain none of a kind's phrases)."""
        import ahocorasick

        self._gate = ahocorasick.Automaton()
        self._ungated: dict = {}  # kind -> its patterns without a known literal (always run)
        by_literal: dict = {}
        for kind in self.kinds:
            for position, rx in enumerate(kind.patterns):
                literals = required_literals(rx)
                if not literals:
                    self._ungated.setdefault(kind.name, []).append((position, rx))
                for literal in literals:
                    by_literal.setdefault(literal, []).append((kind.name, position, rx))
        for literal, targets in by_literal.items():
            self._gate.add_word(literal, tuple(targets))
        if by_literal:
            self._gate.make_automaton()

    def anchored_kinds(self, norm: str) -> set:
        """Names of the kinds whose ``anchors`` or ``frames`` can match ``norm`` (one of their required literals
        occurs in it; see ``_ScopedWords``): the anchors of every other kind find nothing there."""
        gate = self.__dict__.get("_anchor_gate")
        if gate is None:
            gate = self._anchor_gate = _ScopedWords((kind.name, kind.anchors + kind.frames) for kind in self.kinds
                                                    if kind.anchors or kind.frames)
        return {name for name, _ in gate.groups_in(norm)}

    def marks(self, norm: str) -> list:
        """The lexicon's word classes found in ``norm`` (any language), as feature names for the
        learned model (transforms/notice_model.py): ``a:KIND`` / ``q:KIND`` (a kind's anchors /
        cues), ``p:KIND`` (one of its phrases), ``c:CLASS`` (address, address_near, speech_words)."""
        gate = self.__dict__.get("_marks_gate")
        if gate is None:
            # one small pattern per word of each class (not the class's one alternation: a long
            # alternation costs ~50 us a line), each behind the Aho-Corasick gate of its literals
            groups = []
            for k in self.kinds:
                spec = self._data["kinds"][k.name]
                # a schedule (``unframed``: "every morning", "jeden Freitag") names no furniture by itself: not a mark
                # of the kind, as anchor or cue (eleventh session: "প্রতিদিন সকালে হাজারো মানুষ..." is news)
                unframed = set(spec.get("unframed") or ())
                for prefix, key in (("a", "anchors"), ("a", "frames"), ("q", "cues")):
                    words = {g: v for g, v in (spec.get(key) or {}).items() if g not in unframed}
                    groups += _single_patterns(f"{prefix}:{k.name}", words)
            for key in _MARK_CLASSES:
                groups += _single_patterns(f"c:{key}", self._data.get(key) or {})
            gated = [g for g in groups if all(required_literals(rx) for rx in g[1])]
            gate = self._marks_gate = (_ScopedWords(gated), [g for g in groups if g not in gated])
        found = set()
        for label, patterns in [*gate[0].groups_in(norm), *gate[1]]:
            if label not in found and any(rx.search(norm) for rx in patterns):
                found.add(label)
        for name, patterns in self.candidates(norm).items():
            if any(rx.search(norm) for rx in patterns):
                found.add(f"p:{name}")
        return sorted(found)

    def cued_kinds(self, norm: str) -> set:
        """Names of the kinds whose ``cues`` can match ``norm`` (a required literal occurs in it)."""
        gate = self.__dict__.get("_cue_gate")
        if gate is None:
            gate = self._cue_gate = _ScopedWords((kind.name, kind.cues) for kind in self.kinds if kind.cues)
        return {name for name, _ in gate.groups_in(norm)}

    def candidates(self, norm: str) -> dict:
        """kind name -> the kind's patterns that can match ``norm``, in lexicon order."""
        found: dict = {}
        if self._gate is None:
            self._build_gate()
        if self._gate.kind == 2:  # ahocorasick.AHOCORASICK: an automaton was built
            for _end, targets in self._gate.iter(norm):
                for name, position, rx in targets:
                    found.setdefault(name, {})[position] = rx
        for name, ungated in self._ungated.items():
            for position, rx in ungated:
                found.setdefault(name, {})[position] = rx
        return {name: [rx for _, rx in sorted(by_position.items())] for name, by_position in found.items()}

    def has_kind(self, name: str) -> bool:
        """Is ``name`` one of the lexicon's kinds (not a structural one)?"""
        return name in self._by_name

    def kind(self, name: str) -> LexiconKind:
        """The lexicon kind called ``name``."""
        return self._by_name[name]

    def parse_date(self, normalized: str) -> str:
        """ISO date (YYYY-MM-DD) of the first date found in normalised text, "" if none."""
        found = sorted(
            ((m.start(), rank, rx, m) for rank, rx in enumerate(self._date_patterns) for m in rx.finditer(normalized)),
            key=lambda item: item[:2],
        )  # the leftmost date wins ("27 July 2021 10 30" is not 2021-10-30)
        for _, _, rx, m in found:
            try:
                day, year = int(m.group("day")), int(m.group("year"))
                mon = int(m.group("mon")) if "mon" in rx.groupindex else self.months[m.group("month")]
                if "mon" in rx.groupindex and mon > 12 and day <= 12:
                    day, mon = mon, day  # US order
                return datetime.date(year, mon, day).isoformat()
            except (ValueError, KeyError):
                continue
        return ""


# ---- pure layer -------------------------------------------------------------------------------


class _Line(NamedTuple):
    text: str  # original characters, stripped
    norm: str  # _match_norm(text)
    n_words: int
    label_like: bool  # does not end like a sentence


# Chinese/Japanese characters: a line of them counts words by characters (textnorm.count_words),
# and a phrase covers the characters it spans, not the whole punctuation-delimited run.
_CJK_CHAR = re.compile(f"[{CJK}]")


_UNSPACED_CHAR = NO_SPACE_SCRIPTS


def _n_words(norm: str) -> int:
    """Words of a normalised line; Chinese/Japanese/Thai-like scripts counted by characters."""
    return count_words(norm) if _UNSPACED_CHAR.search(norm) else len(norm.split())


def _line(text: str) -> _Line:
    norm = _match_norm(text)
    tail = text.rstrip(_TRAILING_QUOTES)
    return _Line(text, norm, _n_words(norm), not tail.endswith((".", "。", "।", "۔")))  # Devanagari/Urdu full stops too


def _link_words(text: str) -> int:
    return sum(len(_match_norm(m.group()).split()) for m in _LINKISH.finditer(text))


def _covered_words(norm: str, spans: list, cue_words: frozenset) -> float:
    """Words of ``norm`` inside the spans (or cue words); in Chinese/Japanese the characters
    covered, at CJK_CHARS_PER_WORD characters a word: "广告拦截" inside a 22-character sentence
    of survey prose covers 2 of its 13 words, not its whole run."""
    covered = 0.0
    cjk = bool(_CJK_CHAR.search(norm))
    for m in re.finditer(r"\S+", norm):
        if m.group() in cue_words:
            covered += count_words(m.group()) if cjk else 1
            continue
        if not any(s < m.end() and m.start() < e for s, e in spans):
            continue
        if not cjk or not _CJK_CHAR.search(m.group()):
            covered += 1
            continue
        inside = [any(s <= i < e for s, e in spans) for i in range(m.start(), m.end())]
        hanzi = [i for i in range(m.start(), m.end()) if _CJK_CHAR.match(norm[i])]
        covered += sum(inside[i - m.start()] for i in hanzi) / CJK_CHARS_PER_WORD
        if any(inside[i - m.start()] for i in range(m.start(), m.end()) if i not in set(hanzi)):
            covered += 1  # a Latin word or number covered beside them ("APP")
    return covered


# A word with its combining marks (Devanagari vowel signs are not \\w: "ये" is one word, not two).
_TOKEN = re.compile("(?:[^\\W_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u0dff])+")


def _label_follows(line: _Line, n_prefix_words: int) -> bool:
    """Is the phrase of the first ``n_prefix_words`` words followed by a label separator (or the end)?"""
    punct = _match_norm(line.text, keep_punctuation=True)
    tokens = list(_TOKEN.finditer(punct))
    if n_prefix_words >= len(tokens):
        return True
    rest = punct[tokens[n_prefix_words - 1].end() :].lstrip() if n_prefix_words else punct
    return not rest or rest[0] in _LABEL_SEPARATORS


def _lexicon_kind(line: _Line, lexicon: Lexicon, is_edge: bool) -> tuple[str, bool]:
    """(kind, label_only) of the first lexicon kind this line belongs to, ("", False) if none."""
    lim = lexicon.limits
    if not line.n_words or line.n_words > lim["max_line_words"]:
        return "", False  # no rule below can remove a longer line: spare the regexes
    links = None
    candidates = lexicon.candidates(line.norm)
    for kind in lexicon.kinds:
        if kind.edge_only and not is_edge:
            continue
        patterns = candidates.get(kind.name)
        if not patterns:
            continue
        spans = [(m.start(), m.end()) for rx in patterns for m in rx.finditer(line.norm) if m.end() > m.start()]
        if not spans:
            continue
        if kind.full_line:  # every letter of the line belongs to the kind's phrases
            covered_chars = {i for s, e in spans for i in range(s, e) if line.norm[i] != " "}
            if len(covered_chars) >= len(line.norm.replace(" ", "")) and line.n_words <= lim["short_line_words"]:
                return kind.name, True
            continue
        covered = _covered_words(line.norm, spans, kind.cue_words)
        if links is None:
            links = _link_words(line.text)
        share = min(1.0, (covered + links) / line.n_words)
        if line.n_words <= lim["short_line_words"] and line.label_like and kind.prefix != "label":
            return kind.name, share >= 0.99  # a short label (prefix-label kinds: see below)
        if kind.prefix and line.n_words <= lim["teaser_max_words"]:
            for start, end in spans:
                if start == 0 and not line.label_like and end < len(line.norm) and _CJK_CHAR.match(line.norm[end]):
                    continue  # a sentence opening with the label's word, no separator: "新华社摄影记者凭借...获得...。"
                if start == 0 and (kind.prefix == "any" or _label_follows(line, len(line.norm[:end].split()))):
                    return kind.name, share >= 0.99
                if kind.prefix == "any" and end == len(line.norm) and (line.label_like or line.n_words <= lim["short_line_words"] + 2):
                    return kind.name, False  # closing a label; a longer sentence ending with it reports ("...למנויים בלבד.")
        if kind.prefix != "label" and share >= lim["dominance"] and line.n_words <= lim["max_line_words"]:
            return kind.name, share >= 0.99
        if kind.head and _head_dominated(line, spans, kind.cue_words, lim["dominance"]):
            return kind.name, False
    return "", False


_LABELLED_PROSE_WORDS = 15  # a sentence this long after a "label:" head is prose about the label
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。！？؟।۔;؛:])\s+|(?<=[。！？])|\s+[|–—]\s+")


def _head_dominated(line: _Line, spans: list, cue_words: frozenset, dominance: float) -> bool:
    """Is one of the line's first two sentences (its head) made of the kind's phrases (at least
    ``dominance`` of its words)? A long notice ("We noticed you use an ad blocker. Our journalism
    depends on... ") is recognised by its meaning-bearing head even when the phrase covers little
    of the whole line; a body paragraph that merely quotes the words has other words around them."""
    offset = 0
    sentences = _SENTENCE_SPLIT.split(line.text)
    for k, sentence in enumerate(sentences[:2]):
        norm = _match_norm(sentence)
        if not norm:
            continue
        if sentence.rstrip().endswith((":", "：")) and k + 1 < len(sentences) and (
            _n_words(_match_norm(sentences[k + 1])) > _LABELLED_PROSE_WORDS
        ):
            # a label opening a long sentence of prose is quoted, not a notice's head ("Tous droits
            # réservés : c'est la mention que l'héritier du peintre exige désormais sur chaque...")
            return False
        start = line.norm.find(norm, offset)
        if start < 0:
            return False
        end = start + len(norm)
        offset = end
        n_words = _n_words(norm)
        if n_words < 2:
            continue
        local = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and start < e]
        if not local:
            continue
        covered = _covered_words(norm, local, cue_words)
        if covered >= dominance * n_words:
            return True
        # the sentence opens with the phrase (within its first two words) and the phrase is a
        # third of it: "Articolo tradotto automaticamente dall'inglese."
        second_word = norm.find(" ", norm.find(" ") + 1)
        if covered >= n_words / 3 and min(s for s, _ in local) <= (second_word if second_word > 0 else len(norm)):
            return True
    return False


# Quotation marks: a sentence holding a quotation (or part of one) is reported speech, not a notice;
# a short quoted label ("Click „Alle akzeptieren“") is not a quotation.
_QUOTE_MARKS = re.compile(r"[\"“”„«»「」『』]")
_QUOTATION = re.compile(r"[\"“„«「『][^\"“”»」』]{24,}[\"”“»」』]")


# A sentence opening with a quotation that a reporting clause follows, set off by a comma or dash
# inside or after the closing mark: «تابعوا معنا»، قال المذيع... / "Follow us," the host said.
_REPORTED = re.compile(r"^\W{0,3}[\"“„«「『][^\"“”»」』]+(?:[,!?،]\s*[\"”“»」』]|[\"”“»」』]\s*[,،—–-])\s*\w+")


def _quotes_speech(sentence: str) -> bool:
    marks = _QUOTE_MARKS.findall(sentence)
    quotation = any(not _quoted_name(m.group()) for m in _QUOTATION.finditer(sentence))
    return bool(quotation or _REPORTED.match(sentence.strip())) or len(marks) % 2 == 1


_QUOTED_NAME_SHARE = 0.6  # of a quotation's words capitalised: a title, not speech


def _quoted_name(quotation: str) -> bool:
    """Is a quotation a name (a newsletter's, a programme's, a book's title: «La Semana de El
    Confidencial», "The Morning Briefing"): no sentence punctuation inside and most of its words
    capitalised? Speech and slogans are sentences ("Samen sterker", «Только вперёд!»)."""
    inner = quotation[1:-1].strip()
    words = [w for w in inner.split() if w[:1].isalpha()]
    if not words or re.search(r"[.!?,;:。！？،؛]", inner):
        return False
    return sum(w[0].isupper() for w in words) >= _QUOTED_NAME_SHARE * len(words)


def _base_language(code: str) -> str:
    base = (code or "").split("-")[0].lower()
    return {"nb": "no", "nn": "no", "iw": "he", UNDETERMINED: ""}.get(base, base)


class _LanguagesOnAsk:
    """``page_languages`` of a CleanResult: a function of no arguments giving the page's languages
    (measured when first asked), equal to another when both give the same languages, so two
    cleanings of one text compare equal."""

    __slots__ = ("_page",)

    def __init__(self, page: Callable[[], frozenset]):
        self._page = page

    def __call__(self) -> frozenset:
        return self._page()

    def __eq__(self, other) -> bool:
        return callable(other) and self() == other()

    __hash__ = None

    def __repr__(self) -> str:
        return f"page_languages({sorted(self())})"


class _PageLanguages:
    """The languages in which the page's address words count: the declared language and the one
    measured on the whole text (once, when a rule first asks); for a line whose words match only
    another language's list, that line's own language (detected when asked): an English cookie
    notice on a French page is English, "Nos comentários da publicação..." on a Portuguese page
    holds no French "nos" (our). An undetermined page reads every language's words."""

    def __init__(self, lines: list, declared: str, detector: LanguageDetector | None):
        self._lines = lines
        self._declared = declared
        self._detector = detector
        self._page: frozenset | None = None
        self._detected: str | None = None
        self._own: dict = {}

    def detected(self) -> str:
        """The language (ISO 639-1, "und") the detector measures on the whole text, once; "" without a detector."""
        if self._detected is None:
            self._detected = (_base_language(self._detector.detect("\n".join(l.text for l in self._lines)).language)
                              if self._detector is not None else "")
        return self._detected

    def page(self) -> frozenset:
        if self._page is None:
            found = {_base_language(self._declared), self.detected()}
            self._page = frozenset(code for code in found if code)
        return self._page

    def of_line(self, text: str) -> str:
        """The line's own language by the article detector ("" when too short to tell)."""
        if text not in self._own:
            self._own[text] = _base_language(self._detector.detect(text).language) if self._detector else ""
        return self._own[text]


def _scoped_spans(scoped: tuple, norm: str, text: str, languages: _PageLanguages | None) -> list:
    """Spans in ``norm`` (a sentence of the line ``text``) of the word classes of ``scoped`` (from
    ``_scoped_word_patterns``) that count on this page: those of the page's languages (any when
    ``languages`` is None or the page's language is undetermined), and another language's only
    when the line itself is in that language or too short to tell."""
    groups = scoped.groups_in(norm) if isinstance(scoped, _ScopedWords) else scoped
    hits = [(keys, spans) for keys, patterns in groups
            if (spans := [m.span() for rx in patterns for m in rx.finditer(norm)])]
    if not hits:
        return []
    page = languages.page() if languages is not None else frozenset()
    found, foreign = [], []
    for keys, spans in hits:
        (found if not page or not keys or keys & page else foreign).append((keys, spans))
    if foreign:
        own = languages.of_line(text)
        found += [(keys, spans) for keys, spans in foreign if not own or own in keys]
    return [span for _, spans in found for span in spans]


# A line opening with a pictograph (an envelope, a bell, a phone, a pointing hand, an arrow: emoji and
# dingbats; not the check marks and crosses of a list, nor list bullets) is a button or a call to the reader in every
# language ("📩 The Morning Briefing: ...", "👉 Theo dõi fanpage...", "🔔 Ative as notificações..."):
# it counts as an address word of the line's first sentence. News prose opens with letters or digits.
_PICTOGRAPH_LEAD = re.compile(r"^\s*(?![\u2611\u2705\u2713\u2714\u274c\u274e])[\u2190-\u21ff\u2300-\u23ff\u25b6\u2600-\u27bf\u2900-\u297f\u2b00-\u2bff\U0001f000-\U0001faff]")


_PRONOUN_HEAD_WORDS = 8  # a pronoun-led anchor counts within a sentence's first words
_CUE_HEAD_WORDS = 16  # a head sentence with a kind's cues but no address is a notice up to this long


def _addressed_kind(line: _Line, lexicon: Lexicon, is_edge: bool, languages: _PageLanguages | None = None) -> str:
    """The kind of a notice addressed to the reader at either end of the text, "" if none.

    A head sentence (one of the line's first two) that names a kind's topic (its ``anchors``:
    cookies, ad blockers, subscribers only, an app, machine translation, a newsletter, a channel
    on a platform...) and speaks to the reader or for the site is that kind's notice, however long
    its wording (up to ``addressed_max_words`` words). Speaking to the reader: a word of
    ``address`` anywhere in the sentence (please, this article, an imperative opening it), or a
    kind's ``cues`` (comment rules: "Comments are moderated"), or a
    pronoun of ``address_near`` (you/your, we/our) just before the anchor (at most
    ``address_near_chars`` characters between: "your browser", "we use cookies", "follow us on";
    anywhere in the sentence for kinds whose anchors name page furniture only, ``pronoun_anywhere``:
    cookies, ad blockers, machine translation), or a possessive of ``address_after`` just after it
    in languages whose possessives follow the noun ("kivinjari chako", "trình duyệt của bạn").
    News prose names such topics in the third person ("The regulator fined the company for placing
    tracking cookies..."), and a quotation is reported speech: neither is taken. The address words
    count in the page's language only (``languages``, see ``_PageLanguages``), and a word that is
    the anchor itself is no address ("Abbonati e lettori..." = subscribers, not "Subscribe!").
    """
    lim = lexicon.limits
    if not is_edge or not line.n_words or line.n_words > lim["addressed_max_words"]:
        return ""
    near = lim["address_near_chars"]
    sentences = [s for s in _SENTENCE_SPLIT.split(line.text) if s.strip()]
    if len(sentences) == 1 and line.text.rstrip(_TRAILING_QUOTES).endswith(("?", "？", "؟")):
        return ""  # a line that is one question asks the reader ("Share this information, please?"); a notice tells
    head = [s for s in sentences[:2] if not _quotes_speech(s)]
    norms = [n for n in (_match_norm(s) for s in head) if n]
    # a strong address anywhere in the head serves both sentences ("Liked this article? Share it.")
    strong = [_scoped_spans(lexicon.address, n, line.text, languages) for n in norms]
    if norms and _PICTOGRAPH_LEAD.match(line.text):
        strong[0] = [*strong[0], (0, 0)]  # a pictograph opening the line points at the reader: "📩 The Morning Briefing: ..."
    for norm in norms:
        pronouns = after = None
        anchored = lexicon.anchored_kinds(norm)
        for kind in lexicon.kinds:
            if kind.name not in anchored:
                continue
            spans = [m.span() for rx in kind.anchors for m in rx.finditer(norm)]
            if not spans:
                if kind.frames and _framed(kind, norm, line.text, lexicon):
                    return kind.name  # a frame noun and a cue: "Ads fund the newsroom."
                continue
            # cues alone (no word addressed to the reader) in a short head sentence only: a
            # comment-rules notice states its rule ("Offensive comments are deleted."); a long
            # sentence reports (a court ruling on offensive reader comments)
            if _addressed_apart(kind, norms, strong,
                                lambda short_ok: _imperative_supported(line, lexicon, norms, strong, kind, languages, short_ok)) or (
                kind.cues and _framed(kind, norm, line.text, lexicon)
            ):
                return kind.name
            if pronouns is None:
                pronouns = _scoped_spans(lexicon.address_near, norm, line.text, languages)
                after = _scoped_spans(lexicon.address_after, norm, line.text, languages)
            if kind.pronoun_anywhere and (
                pronouns or after or _scoped_spans(lexicon.address_subject, norm, line.text, languages)
                or any(_scoped_spans(lexicon.address_near, other, line.text, languages) for other in norms if other != norm)
            ):
                # (its anchors name page furniture only: a pronoun in the other head sentence serves
                # too: "Φαίνεται ότι χρησιμοποιείτε ad blocker. Οι διαφημίσεις μας βοηθούν...")
                return kind.name
            # the pronoun leads the anchor, near the sentence's start ("Your browser is out of
            # date", "It seems your ad blocker is on"): "...performance streamed to your browser"
            # and "...ways to grow your subscriber list" are prose speaking to the reader
            if any(0 <= a - d <= near and norm.count(" ", 0, a) < _PRONOUN_HEAD_WORDS for a, _ in spans for _, d in pronouns):
                return kind.name
            # a possessive that follows its noun, right after the anchor ("Kivinjari chako...",
            # "Trình duyệt của bạn...", "Browser Anda...")
            if any(0 <= b - e <= near and norm.count(" ", 0, a) < _PRONOUN_HEAD_WORDS for a, e in spans for b, _ in after):
                return kind.name
    return _addressed_request(line, lexicon, sentences[2:], languages) if len(head) == 2 else ""


def _framed(kind: LexiconKind, norm: str, text: str, lexicon: Lexicon) -> bool:
    """Is the head sentence ``norm`` (of the line ``text``) a frame of the kind's notice that speaks to
    no one: an anchor that a cue frames (``framed``: its anchors but the ``unframed`` groups) and one
    of its ``cues`` apart from it, in a sentence of at most ``_CUE_HEAD_WORDS`` words ("Comments are
    moderated.", "Subscriptions to the morning briefing are free.", "The full report is available on
    the partner site.", "Alerts can be received through the app.")? Not a sentence that states a
    news fact: a year, a percentage or a large number (``fact_words``: "downloaded 2 million times",
    "rose by 12 percent", "first published in 1998") or a day (``weekdays``, but within a schedule of
    the kind's anchors: "jeden Freitag"): a notice names none (a verb of saying after a
    comma is the caller's veto, as for every kind: ``_reported_speech``). Nor a sentence that says
    more than its frame: at most ``frame_free_words`` words of five letters or more outside the
    kind's anchors and cues (the kind's own ``frame_free_words`` if it sets one: a correction note
    names what was wrong). Schedules
    (``unframed``) frame nothing: "Classes take place every week and are free" is news of a service.
    A kind's ``frames`` (tenth session) are nouns that name its notice only here, beside a cue, never
    with a pronoun: "Ads fund the newsroom", "The video player could not be loaded", "An earlier
    version of this article misstated..."""
    if _n_words(norm) > _CUE_HEAD_WORDS:
        return False
    anchors = [m.span() for rx in (kind.framed or kind.anchors) for m in rx.finditer(norm)]
    if not anchors:
        return False
    cues = [m.span() for rx in kind.cues for m in rx.finditer(norm)]
    if kind.page_cue:
        cues += _opening_page_noun(norm, lexicon)
    if not any(e <= s2 or e2 <= s for s, e in cues for s2, e2 in anchors):
        return False  # a cue apart from an anchor: "App Store" is no frame of "app" by itself
    digits = digits_to_ascii(norm)
    if _YEAR.search(digits) or _BIG_NUMBER.search(digits) or _PERCENT.search(text) or _any(lexicon.fact_words, norm):
        return False
    covered = [m.span() for rx in (*kind.anchors, *kind.frames) for m in rx.finditer(norm)] + cues  # with the schedules ("jeden Freitag")
    free = [m for m in _WORD.finditer(norm) if not any(a <= m.start() < b for a, b in covered)]
    # the day of a news fact ("... erhielt am Montag eine Warnung"), not a schedule's (an anchor)
    if _news_day(norm, covered, lexicon):
        return False
    # the frame says the whole sentence: news around the same nouns says more ("Only subscribers of the gas
    # network in the valley were affected by the outage"); words of Chinese/Japanese/Korean are not counted
    arabic = not _PERSIAN_URDU_LETTER.search(norm)
    long = sum(len(m.group()) >= (_FRAME_WORD_LETTERS - 1 if arabic and _ARABIC_LETTER.match(m.group()) else _FRAME_WORD_LETTERS)
               for m in free if not _SEA_RUN.match(m.group()))
    long += _syllabic_long_words(norm, free, covered)
    return long <= (kind.frame_free_words if kind.frame_free_words >= 0 else lexicon.limits["frame_free_words"])


def _news_day(norm: str, covered: list, lexicon: Lexicon) -> bool:
    """Does the normalised sentence ``norm`` name a day of the week outside the ``covered`` spans
    (a schedule's, "jeden Freitag")? The day of a news fact ("... erhielt am Montag eine Warnung",
    "פורסמה בעיתון ביום ראשון"): ``weekdays`` of five letters or more and, since the eleventh
    session, every CLDR locale's day names (``cldr_words.weekday_matcher``: case endings,
    proclitics, Thai/CJK names anywhere)."""
    spans = [m.span() for m in _WORD.finditer(norm) if len(m.group()) >= 5 and m.group() in lexicon.weekdays]
    spans += weekday_matcher().find(norm)
    return any(not any(a <= s < b for a, b in covered) for s, _ in spans)


def _syllabic_long_words(norm: str, free: list, covered: list) -> float:
    """Content words, as ``_framed`` counts them, that the five-letter measure misses (eleventh
    session): Vietnamese writes a word as one to three short syllables (two free syllables of three
    letters or more count as one word: "trên biển báo ở sân bay khiến du khách bối rối" is news);
    Thai runs its words together (one per ``SEA_CHARS_PER_WORD`` free characters, half of them
    content words: "รายงานฉบับเต็มของธนาคารโลก...เมื่อวันอังคาร"). Chinese/Japanese are not counted
    (their news is vetoed by anaphora and legal words, ``fact_words``)."""
    extra = 0.0
    if _VIETNAMESE_LETTER.search(norm):
        extra += sum(len(m.group()) >= 3 and len(m.group()) < _FRAME_WORD_LETTERS for m in free) / 2
    if _SEA_RUN.search(norm):
        chars = sum(1 for m in _SEA_RUN.finditer(norm) for i in range(*m.span()) if not any(a <= i < b for a, b in covered))
        extra += chars / SEA_CHARS_PER_WORD / 2
    return extra


# letters only Vietnamese writes (with its tone marks); runs of Thai, Lao, Khmer, Burmese
_VIETNAMESE_LETTER = re.compile("[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_SEA_RUN = re.compile(f"[{UNSPACED_SEA}]+")


_WORD = re.compile(r"\S+")
_FRAME_WORD_LETTERS = 5  # a word this long is a content word in the languages that space their words
# one letter shorter in Arabic (its short vowels unwritten); Persian and Urdu write more of theirs (پ چ ژ گ ک ی ہ ے ٹ ڈ ڑ ں)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_PERSIAN_URDU_LETTER = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06c1\u06d2\u0679\u0688\u0691\u06ba]")
# a percentage and a large number of a news fact (thousands: "500 000", "20,000": normalised text has no punctuation)
_PERCENT = re.compile(r"\d\s?[%٪％]|[%٪％]\s?\d")
_BIG_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?: \d{3})+(?!\d)|(?<!\d)\d{4,}(?!\d)")


def _addressed_request(line: _Line, lexicon: Lexicon, later: list, languages: _PageLanguages | None) -> str:
    """A long notice's request to the reader after its head: a later sentence of the line that
    names a kind's topic and holds a word of ``address`` apart from the anchor ("Sie haben einen
    Adblocker aktiviert. Guter Journalismus kostet Geld. Bitte deaktivieren Sie Ihren
    Werbeblocker...", "Sorry, ... Some parts of this page... Switch to a modern browser..."). A
    paragraph of news quoting such a request holds it in quotation marks."""
    for sentence in later:
        if _quotes_speech(sentence):
            continue
        norm = _match_norm(sentence)
        strong = _scoped_spans(lexicon.address, norm, line.text, languages) if norm else []
        if not strong:
            continue
        for kind in lexicon.kinds:
            anchored = [m.span() for rx in kind.anchors for m in rx.finditer(norm)]
            if anchored and any(not any(s < e2 and s2 < e for s2, e2 in anchored) for s, e in strong):
                return kind.name
    return ""


_REQUEST_SUBJECT_WORDS = 2  # words before the verb of saying: its subject ("The minister urged", "गृह मंत्री ने लोगों से अपील की")


def _reported_request(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> bool:
    """Does a sentence of the line report someone's request: a verb of saying or asking
    (``speech_words``, the page's language) after a subject of at least ``_REQUEST_SUBJECT_WORDS``
    words, and then the word that reads as an address to the reader (``address``)? The request is
    the subject's, put to others, not the site's to its reader: "गृह मंत्री ने लोगों से अपील की कि वे
    ... जानकारी ही शेयर करें" (the minister appealed to people that they share...), "وزیر نے شہریوں
    سے اپیل کی کہ وہ ... شیئر کریں", "Le préfet a exhorté les habitants : suivez les consignes". A
    notice opens with its call ("Please share...", "शेयर करें"), never with a reporting clause
    (fourteenth session: the Hindi/Urdu polite imperative is also the subjunctive of indirect speech)."""
    for sentence in _SENTENCE_SPLIT.split(line.text):
        norm = _match_norm(sentence)
        if not norm or _n_words(norm) < _REQUEST_SUBJECT_WORDS + 2:
            continue
        speech = [span for span in _scoped_spans(lexicon.speech_words, norm, line.text, languages)
                  if _n_words(norm[:span[0]]) >= _REQUEST_SUBJECT_WORDS]
        if not speech:
            continue
        address = _scoped_spans(lexicon.address, norm, line.text, languages)
        if any(s >= min(e for _, e in speech) for s, _ in address):
            return True
    return False


# Where a reporting clause may start: a comma, semicolon or dash, or a closing quotation mark.
_CLAUSE_BREAK = re.compile(r"\s*[,،，、;؛]\s*|\s+[—–-]\s+|[\"”»」』]\s*")
# "that" opening reported words, in the lexicon's languages (after _match_norm: Arabic folded)
_COMPLEMENTIZERS = frozenset("""that dass que che dat att at ότι οτι что чтобы що щоб że ze že ca ki kim bahwa kalau
rằng là kwamba ان بان که कि کہ""".split())
_SAYER_CLAUSE_WORDS = 8  # "Die Datenschutzbehörde kritisierte, dass ...": a subject and the verb, before the comma
_ATTRIBUTION_LEAD_WORDS = 4  # the verb of saying opens its clause ("..., the coach told ...")


def _reported_speech(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> bool:
    """Is the line reported speech: a clause after a comma, dash or closing quotation mark whose
    first words hold a verb of saying (``speech_words``, the page's language): "Subscribe to our
    channel, said the senator", "Bagikan informasi ini, kata petugas", "« Abonnez-vous », avait
    lancé le sénateur", "「登録を」と呼びかけた"? Such a line is body, whatever its opening."""
    parts = [p for p in _CLAUSE_BREAK.split(line.text) if p.strip()]
    if len(parts) >= 2 and (head := _match_norm(parts[0])) and _n_words(head) <= _SAYER_CLAUSE_WORDS:
        # sixteenth session: a subject and its verb of saying closing the first clause, what was said
        # after the comma ("Die Datenschutzbehörde kritisierte, dass viele Websites ihre Cookie-Banner ...")
        spans = _scoped_spans(lexicon.speech_words, head, line.text, languages)
        said = _match_norm(parts[1]).split(" ", 1)[0]
        # what was said opens with "that" ("dass", "что", "że"...); a first person ("we wrongly stated, that ...")
        # or an error word is the site's own correction, not someone's words reported
        if (said in _COMPLEMENTIZERS and any(end == len(head) and _n_words(head[:start]) >= 2 for start, end in spans)
                and not _scoped_spans(lexicon.address_near, head, line.text, languages) and not _any(lexicon.error_words, head)):
            return True
    for part in parts[1:]:
        norm = _match_norm(part)
        if not norm:
            continue
        spans = _scoped_spans(lexicon.speech_words, norm, line.text, languages)
        # (or its last word, in the languages whose verb ends the clause: "..., این را وزیر در پاسخ به خبرنگاران گفت")
        if any(_n_words(norm[:start]) <= _ATTRIBUTION_LEAD_WORDS or end == len(norm) for start, end in spans):
            return True
    return False


# "and" / "or" in the languages of the lexicon: a word joined by one to the next word is a noun of a
# coordinated subject ("Abbonati e lettori occasionali hanno scritto..."), not an imperative.
_CONJUNCTIONS = frozenset("""and or e ed o y et ou und oder i ve veya и или і або a og och eller ja tai és vagy și sau na au
và hoặc dan atau en of و او ו או और या اور یا""".split())


# A call's label then a full sentence of news ("Lisez la suite : le ministre a appelé mardi les
# habitants à ...", "Share your stories: the council has asked residents to ..."): the label is the
# sentence's opening, not a teaser's. A teaser's headline does not end like a sentence.
_CALL_LABELS = frozenset({"read-also teaser", "share prompt", "follow prompt", "newsletter prompt", "copyright"})
# seventh session: the other calls' labels, when the sentence after them names no notice topic
# ("Scarica l'app: la Regione ha lanciato un'applicazione..." vs "Scarica l'app gratuita: notizie in
# tempo reale, notifiche e il giornale sfogliabile.")
_TOPIC_CALL_LABELS = frozenset({"app download", "paywall", "comment form", "cookie notice", "adblock notice", "browser notice"})
_LABELLED_SENTENCE_WORDS = 8
_LABEL_BREAK = re.compile(r"\s*[:;؛：]\s+|\s+[—–]\s+")


def _label_then_sentence(line: _Line, kind: str, lexicon: Lexicon, languages: _PageLanguages | None) -> bool:
    """Is the line a call's short label, then one sentence of news that speaks to no one (no word
    of the page's address lists: "Stay updated: follow The Herald on Facebook." and "Newsletter
    abonnieren: ... in Ihr Postfach." speak to the reader)?"""
    if kind not in _CALL_LABELS and kind not in _TOPIC_CALL_LABELS:
        return False
    parts = _LABEL_BREAK.split(line.text, maxsplit=1)
    if len(parts) != 2 or len(parts[0].split()) > 4:
        return False
    rest = parts[1].strip().rstrip(_TRAILING_QUOTES)
    norm = _match_norm(rest)
    if not rest.endswith((".", "。", "۔", "!")) or _n_words(norm) < _LABELLED_SENTENCE_WORDS or _INNER_SENTENCE_END.search(rest[:-1]):
        return False
    if kind in _TOPIC_CALL_LABELS and _notice_spans(norm, lexicon):
        return False
    return not any(_scoped_spans(words, norm, line.text, languages) for words in
                   (lexicon.address, lexicon.address_near, lexicon.address_after, lexicon.address_subject))


# A headline with a kicker ("Cookie jar thefts: three arrested after...", "Newsletter-Affäre: Minister
# unter Druck...", "Comments section row: councillor suspended..."): a notice word modifies another
# noun in the kicker and the rest is news that names no notice topic and speaks to no one.
_KICKER_MAX_WORDS = 4
_KICKER_REST_MIN_WORDS = 4
_KICKER_BREAK = re.compile(r"\s*[:：]\s+|\s+[—–]\s+")
_LABEL_KINDS = frozenset({"read-also teaser", "click-to-read-at-source", "language link", "tags", "section breadcrumb",
                          "correction note", "machine-translation disclaimer"})


def _notice_spans(norm: str, lexicon: Lexicon) -> list:
    """Spans of every notice kind's phrases, anchors and cues in ``norm``."""
    spans = [m.span() for rx in (p for ps in lexicon.candidates(norm).values() for p in ps) for m in rx.finditer(norm)]
    return spans + [m.span() for k in lexicon.kinds for rx in (*k.anchors, *k.cues) for m in rx.finditer(norm)]


def _kicker_headline(line: _Line, kind: str, lexicon: Lexicon, languages: _PageLanguages | None) -> bool:
    """Is the line a kicker of 2-4 words, one of them no notice word, then a news clause (at least
    four words) holding no word of any notice kind (phrases, anchors), no address to the reader,
    no question, link or e-mail? Teaser and note labels ("Read more: <headline>", "Editor's note:
    ...") are left to their kinds."""
    if kind in _LABEL_KINDS:
        return False
    parts = _KICKER_BREAK.split(line.text, maxsplit=1)
    if len(parts) != 2:
        return False
    label, rest = _match_norm(parts[0]), parts[1].strip()
    rest_norm = _match_norm(rest)
    if not 2 <= _n_words(label) <= _KICKER_MAX_WORDS or _n_words(rest_norm) < _KICKER_REST_MIN_WORDS:
        return False
    if any(mark in rest for mark in "?？؟@") or _DOMAIN.search(rest) or _QUOTE_MARKS.search(rest):
        return False

    notice_spans = functools.partial(_notice_spans, lexicon=lexicon)
    if notice_spans(rest_norm) or any(_scoped_spans(words, rest_norm, line.text, languages) for words in
                                      (lexicon.address, lexicon.address_near, lexicon.address_after, lexicon.address_subject)):
        return False
    covered = notice_spans(label)
    position, free = 0, 0
    for word in label.split():
        start = label.index(word, position)
        position = start + len(word)
        free += not any(s < position and start < e for s, e in covered)
    return free >= 1


# A line opening with a quotation that a sentence continues ("«Подпишись на наш канал!» — гласил
# баннер над сценой...", '"Bizi takip edin" diyen pankartlar meydanı doldurdu.'): the quotation is
# reported (a banner's, a crowd's), the line is news.
_OPENING_QUOTATION = re.compile(r"^\W{0,3}[\"“„«「『]([^\"“”»」』]+)[\"”“»」』]\s*[,،—–-]?\s*(.+)$")


def _quotation_in_sentence(line: _Line) -> bool:
    m = _OPENING_QUOTATION.match(line.text.strip())
    if not m or len(m.group(1).split()) < 2:
        return False
    rest = m.group(2).strip().rstrip(_TRAILING_QUOTES)
    return rest.endswith((".", "。", "۔", "!")) and _n_words(_match_norm(rest)) >= 4


_PLURAL_SUBJECT_WORDS = 6  # a third-person plural verb this close after the opening word


def _plural_subject(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> bool:
    """Does the line open with an imperative-looking word (of ``address``) that a third-person plural verb of the page's language
    (``plural_verbs``) follows within a few words, before any punctuation ("Abbonati alla pay-tv
    hanno perso il segnale..." = subscribers have lost, not "Subscribe!")?"""
    head = re.split(r"[,;:.!?،؛]", line.text, maxsplit=1)[0]
    norm = _match_norm(head)
    words = norm.split()
    if len(words) < 3 or not _scoped_spans(lexicon.address, words[0], line.text, languages):
        return False  # only an opening word that reads as an imperative too
    window = " ".join(words[1:_PLURAL_SUBJECT_WORDS + 1])
    return bool(_scoped_spans(lexicon.plural_verbs, window, line.text, languages))


def _addressed_apart(kind: LexiconKind, norms: list, strong: list, supported=lambda short_ok: True) -> bool:
    """Does a head sentence hold an address word (``strong``: its spans per sentence)? Not when
    the address word is the kind's anchor itself, one word, joined by "and"/"or" to the next: the
    imperative "Abbonati" (subscribe!) and the noun "abbonati" (subscribers) are one word, and
    "Abbonati e lettori..." is a subject ("Abonnez-vous et recevez..." is two words, an imperative).
    Nor, otherwise, unless ``supported(short_ok)`` (the line gives the imperative reading a second sign:
    see ``_imperative_supported``): "Abbonati del servizio idrico ancora senz'acqua" is a headline
    whose subject is that noun."""
    for norm, spans in zip(norms, strong):
        for s, e in spans:
            word = norm[s:e]
            after = norm[e:].split(maxsplit=1)
            single = " " not in word.strip()
            coordinated = single and bool(after) and after[0] in _CONJUNCTIONS
            is_anchor = any(s < e2 and s2 < e for rx in kind.anchors for s2, e2 in (m.span() for m in rx.finditer(norm)))
            if not is_anchor or not single:
                return True
            # ("a" is "and" in Czech but "to" in Italian: a coordinated reading needs more than a short line)
            if supported(not coordinated):
                return True
    return False


def _imperative_supported(line: _Line, lexicon: Lexicon, norms: list, strong: list, kind: LexiconKind,
                          languages: _PageLanguages | None, short_ok: bool = True) -> bool:
    """Does the line read as a call when its only address word is a noun's homograph (the Italian
    "Abbonati": subscribe! / subscribers)? Yes when it is a button-short line (``short_ok``), ends with "!", or
    holds another sign of a call: a question to the reader, a second address word or a you/we
    pronoun in its head, a read word, a link or a pictograph (not a price: news about subscribers
    names prices too). A headline whose subject is the noun has none:
    "Abbonati del servizio idrico ancora senz'acqua da tre giorni"."""
    if (short_ok and line.n_words <= lexicon.limits["short_line_words"]) or line.text.rstrip(_TRAILING_QUOTES).endswith(("!", "！")) or (
            any(mark in line.text for mark in "?？؟")):  # "Found this useful? Spread the word - share it..."
        return True
    if _DOMAIN.search(line.text) or _PICTOGRAPH_LEAD.match(line.text):
        return True  # (not a price: news on subscribers names prices too: "Abbonati Sky, da gennaio aumenti di 3 €...")
    for norm, spans in zip(norms, strong):
        anchored = [m.span() for rx in kind.anchors for m in rx.finditer(norm)]
        if any(not any(s < e2 and s2 < e for s2, e2 in anchored) for s, e in spans):
            return True
        if _scoped_spans(lexicon.address_near, norm, line.text, languages) or _any(lexicon.read_words, norm):
            return True
    return False


_INNER_SENTENCE_END = re.compile(r"[。！？]|[.!?]\s")  # a sentence ends inside the line
_CAPTION_CREDIT = re.compile(r"[.!?]\s+([^\W\d_]+)\s*:\s*([^.:!?]{2,80})$")
# sixteenth session: the credit closing a caption after a Devanagari/Urdu full stop ("... लोग। फोटो: NAME"), or
# in brackets after the caption, with or without its full stop ("... temporal. (Foto: NAME)", "... (تصوير: NAME)")
_CAPTION_CREDIT_MORE = re.compile(r"(?:[।۔。]\s*([^\s\d:：.!?।۔()（）\[\]]{1,20})\s*[:：=]\s*([^.:!?।۔]{2,80})"
                                  r"|[^\W\d_][.!?।۔。]?\s*[(（\[]\s*([^\s\d:：.!?()（）\[\]]{1,20})\s*[:：=]?\s*([^.:!?()（）\[\]]{2,80}?)\s*[)）\]]"
                                  r"|[.!?]\s+([^\W\d_]+)\s+(?:by|par|por|di|von|de|av|door|od)\s+([^.:!?]{2,60})"
                                  r"|[.!?。]\s*([^\s\d:：.!?()（）\[\]]{1,8})\s*=\s*([^.:!?=]{2,40}))$")
# "... on Tuesday. (Lena Osgood/Harbor Ledger)", "... kebakaran. (ANTARA/Budi Santoso)", "... gaśniczej. Fot. PAP/Adam Nowak":
# names and an outlet around a slash after a caption sentence, in brackets or after a photo word
_CAPTION_SLASH_CREDIT = re.compile(r"[.!?]\s*[(（]?\s*(?:([^\W\d_]{3,12})\.?\s+)?((?:[^\W\d_][\w'’.-]*\s+){0,3}[^\W\d_][\w'’.-]*)\s*/\s*"
                                   r"((?:[^\W\d_][\w'’.&-]*\s*){1,4})[)）]?$")


def _is_photo_credit(line: _Line, lexicon: Lexicon) -> bool:
    """A caption credit: on a short line (<= ``photo_credit_max_words``) that does not end like a
    sentence or is parenthesised, a photo word among the first two words ("Foto: EFE/Juan Hidalgo",
    "AP Photo/Elena Morales, File", "(Photo by X/Getty Images)", "Фото: пресс-служба") or a photo
    last word ("新华社记者 李贺 摄"); or a caption of up to 3x that length ending in its credit ("A
    view of the damaged building. Photograph: Sergey Bobok/AFP/Getty Images")."""
    limit = lexicon.limits["photo_credit_max_words"]
    if not line.n_words or line.n_words > 3 * limit:
        return False
    text = line.text.strip()
    wrapped = text[:1] in "(（[" and text[-1:] in ")）]"
    if not (line.label_like or wrapped) or text.rstrip(_TRAILING_QUOTES).endswith(("?", "!", "؟")):
        return False
    tokens = line.norm.split()
    if line.n_words <= limit and (
        any(word in lexicon.photo_words for word in tokens[:2])
        # a bare credit ("新华社记者 李贺 摄"); a caption sentence before it is the picture's
        # content, not furniture: "12月15日，消防车停在嘉茂中心外。新华社发（万象 摄）" stays
        or (tokens[-1] in lexicon.photo_last_words and not _INNER_SENTENCE_END.search(text))
    ):
        return True
    m = _CAPTION_CREDIT.search(text)
    if m and _match_norm(m.group(1)) in lexicon.photo_words and len(m.group(2).split()) <= limit // 2:
        return True
    m = _CAPTION_CREDIT_MORE.search(text)
    if m:
        word, credit = next((m.group(k), m.group(k + 1)) for k in (1, 3, 5, 7) if m.group(k))
        if _match_norm(word) in lexicon.photo_words and len(credit.split()) <= limit // 2:
            return True
    m = _CAPTION_SLASH_CREDIT.search(text)
    if not m:
        return False
    lead, names, outlet = m.groups()
    if lead and _match_norm(lead) not in lexicon.photo_words:
        lead, names = None, f"{lead} {names}"  # the first name, not a photo word: "(John Carter/The Daily Post)"
    bracketed = text.rstrip()[-1:] in ")）"
    if len(names.split()) > 4 or (not bracketed and not lead and len(names.split()) > 1):
        return False  # unbracketed, the credit opens with an outlet's one word: "EFE/Juan Pérez", "PAP/Adam Nowak"
    # every word of both parts capitalised (names and an outlet), in a cased script
    return all(w[:1].isupper() for part in (names, outlet) for w in part.split())


LANGUAGE_LINK = "language link"
TAGS = "tags"
COOKIE = "cookie notice"
READ_ALSO = "read-also teaser"
BACK_TO_TOP = "back-to-top"
PAYWALL = "paywall"
BROWSER = "browser notice"
SHARE = "share prompt"
APP = "app download"
NEWSLETTER = "newsletter prompt"
COMMENT_FORM = "comment form"
AD_LABEL = "advertisement label"
FOLLOW = "follow prompt"
MACHINE_TRANSLATION = "machine-translation disclaimer"
CORRECTION = "correction note"
_BRACKET_LABEL = re.compile(r"^\s*[\[【〔(（]([^\]】〕)）]{1,24})[\]】〕)）]\s*")
_HASHTAG = re.compile(r"(?<![\w&])#[^\W_][\w-]*", re.UNICODE)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_]{2,}")
_CLOCK = re.compile(r"(?<!\d)\d{1,2} ?[:.hH] ?\d{2}(?!\d)|(?<!\d)\d{1,2} ?(?:a\.m|p\.m|am|pm)\b|(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")
READING_TIME = "reading time"
SOURCE_LINK = "click-to-read-at-source"
_DOMAIN = re.compile(r"\b[\w-]+\.(?:[a-z]{2,6})(?:\.[a-z]{2})?\b|https?://|www\.", re.IGNORECASE)


def _any(patterns: tuple, norm: str) -> bool:
    return any(rx.search(norm) for rx in patterns)


def _word_index(norm: str, spans) -> set:
    return {norm.count(" ", 0, start) for start, _ in spans}


def _is_language_link(norm: str, n: int, lexicon: Lexicon, *, alone: bool = False) -> bool:
    """A language's name placed as in a link to another edition: the line's last word after an
    opening read word or with an edition word ("Read this story in Arabic", "Leer en español",
    "Versión en español"; not "He read the statement in fluent Spanish"), just before a
    closing read word ("अंग्रेज़ी में पढ़ें", "英語で読む"), or beside an edition word ("English
    version", "النسخة الإنجليزية", "英語版"); or a row of language names only."""
    names = _word_index(norm, language_name_matcher().find(norm))
    if not names:
        return False
    if len(names) >= 2 and len(names) >= n - 1:
        return True  # "English | Français | العربية"
    if alone and n <= 2:
        return True  # a label under the text naming a language: "English", "中文", "Magyarul", "På svenska"
    reads = _word_index(norm, (m.span() for rx in lexicon.read_words for m in rx.finditer(norm)))
    editions = _word_index(norm, (m.span() for rx in lexicon.edition_words for m in rx.finditer(norm)))
    cues = reads | editions
    last = n - 1
    return bool(cues) and (
        (last in names and (0 in reads or bool(editions)))
        or (last in cues and any(0 < last - i <= 2 for i in names))
        or any(abs(i - j) <= 2 for i in names for j in editions)  # "English version", "versión en inglés"
    )


def _language_notice(line: _Line, lexicon: Lexicon) -> str:
    """``LANGUAGE_LINK`` if the edge line ``line`` is one short sentence (at most
    ``language_notice_max_words`` words, a sentence end allowed) saying the page exists in another
    language: a language's name (transforms/cldr_words.py), an availability, edition or read word
    (``available_words``: also/available, ``edition_words``, ``read_words``), and either the page's
    own noun opening it (``article_words``: "This article is also available in English.", "Cet
    article est également disponible en arabe.", "Dieser Beitrag ist auch auf Englisch
    verfügbar.", "本文另有英文版。") or an availability/edition word opening it ("Also available in
    Arabic.", "Versión en inglés aquí 👉"); else "". Not a sentence stating a news fact (a year, a
    large number, a percentage, ``fact_words``, a weekday) nor one saying more than its frame (more
    than ``frame_free_words`` words of five letters or more outside these words): "The ministry
    published the English version of the report on Monday." opens with its subject; "Die App ist
    jetzt auch auf Arabisch verfügbar, teilte das Unternehmen mit." names no page (and reports)."""
    n = line.n_words
    if not n or n > lexicon.limits["language_notice_max_words"]:
        return ""
    if _INNER_SENTENCE_END.search(line.text.rstrip(_TRAILING_QUOTES).rstrip(".!。！")):
        return ""  # one sentence only, its own end allowed
    if line.text.rstrip(_TRAILING_QUOTES).endswith(("?", "？", "؟")) or _quotes_speech(line.text):
        return ""
    norm = line.norm
    names = list(language_name_matcher().find(norm))
    if not names:
        return ""
    articles = [m.span() for rx in lexicon.article_words for m in rx.finditer(norm)]
    cues = [m.span() for rx in (*lexicon.available_words, *lexicon.edition_words, *lexicon.read_words) for m in rx.finditer(norm)]
    if not cues:
        return ""
    # the page's noun opens the sentence (``_opening_page_noun``); or an availability word opens it
    # ("Also available in Arabic", "Versión en inglés")
    unspaced = bool(_UNSPACED_CHAR.search(norm))
    if not (_opening_page_noun(norm, lexicon)
            or any(s == 0 if unspaced else norm.count(" ", 0, s) == 0 for s, _ in cues)):
        return ""
    digits = digits_to_ascii(norm)
    if _YEAR.search(digits) or _BIG_NUMBER.search(digits) or _PERCENT.search(line.text) or _any(lexicon.fact_words, norm):
        return ""
    covered = names + articles + cues
    free = [m.group() for m in _WORD.finditer(norm) if not any(a <= m.start() < b for a, b in covered)]
    if _news_day(norm, covered, lexicon):
        return ""
    if sum(len(w) >= _FRAME_WORD_LETTERS for w in free) > lexicon.limits["frame_free_words"] - 2:
        return ""
    return LANGUAGE_LINK


def _opening_page_noun(norm: str, lexicon: Lexicon) -> list:
    """Spans of the page's own noun (``article_words``) where it opens the normalised sentence
    ``norm``, after at most a determiner ("L'articolo", "Esta reportagem", "এই প্রতিবেদনটি", "Dit
    stuk"); in Chinese/Japanese/Thai the very first characters ("本文另有英文版", not
    "外交部也有英文版声明"). A sentence about the page names it first; news names its subject."""
    unspaced = bool(_UNSPACED_CHAR.search(norm))
    return [m.span() for rx in lexicon.article_words for m in rx.finditer(norm)
            if (m.start() == 0 if unspaced else norm.count(" ", 0, m.start()) <= 1)]


_UNSPACED_SLOT_CHARS = 4  # in Thai/CJK lines, a slot word opens or closes the label (within this many characters)


def _slot_at_label_end(norm: str, patterns: tuple) -> bool:
    """In a line of a script written without spaces (Thai, Chinese, Japanese), does a slot word
    open or close it ("อ่านต่อที่...", "続きは...でお読みください")? Such a line has no sentence
    end to tell a label from a sentence, and its glued words meet slot words anywhere: "อ่านข่าว
    ... ต่อวัน" (read news ... per day) is a sentence. Lines of spaced scripts: always True."""
    if not _UNSPACED_CHAR.search(norm):
        return True
    size = len(norm)
    return any(m.start() <= _UNSPACED_SLOT_CHARS or m.end() >= size - _UNSPACED_SLOT_CHARS
               for rx in patterns for m in rx.finditer(norm))


_LOGIN_PROMPT_MAX_WORDS = 8
_UNIT_STOP = re.compile(r"\d\s*[^\W\d_]{1,4}\.$")


def _unspaced_words(token: str, words: frozenset) -> list:
    """A run of a script written without spaces (Japanese, Chinese, Thai) cut into ``words`` (the
    fewest pieces; dynamic programming over its characters), [] if it cannot be cut into them all:
    "トップに戻る" -> ["トップ", "に", "戻る"] with top/back words; a word list's whole-line rule
    (``top_words`` + ``back_words``) then reads such a run as it reads "Back to top"."""
    if not _UNSPACED_CHAR.search(token) or len(token) > _UNSPACED_CUT_MAX:
        return []
    best: list = [[]] + [None] * len(token)
    for end in range(1, len(token) + 1):
        for start in range(end):
            if best[start] is not None and token[start:end] in words and (
                best[end] is None or len(best[start]) + 1 < len(best[end])
            ):
                best[end] = [*best[start], token[start:end]]
    return best[-1] or []


_UNSPACED_CUT_MAX = 24
# "Terug naar het begin van de pagina", "Back to the top of the page": every word a top/back word
# (twelfth session: 4 kept the longer wordings)
_BACK_TO_TOP_WORDS = 7


def _slot_kind(line: _Line, lexicon: Lexicon, at_bottom: bool) -> str:
    """The kind of a short furniture line recognised by the slots it fills, "" if none.

    Only lines that do not end like a sentence and hold no sentence end inside are looked at.
    * language link (at most ``language_link_max_words`` words): a language's name (any language,
      in any language and script: the CLDR names of transforms/cldr_words.py, with case endings
      and proclitics) and a read or edition word: "Leer en español", "Читать на русском",
      "🇬🇧 English version", "לקריאת הכתבה באנגלית", "英語版はこちら"; or a row of language names
      only ("English | Français | العربية");
    * reading time (at most ``reading_time_max_words``): a number (any digit script) with a CLDR
      minute/second unit opening or closing the line, and a read/listen word (or nothing else but
      one word): "4 min read",
      "Час читання: 3 хв", "この記事は約3分で読めます", "⏱ 5 دقائق";
    * read at the source (at most ``source_link_max_words``, in the last lines): a read or
      continuation word and a source/site word, a web address or a continuation word:
      "Полностью материал читайте на сайте «...»", "Haberin devamı için kaynağa gidin: x.com.tr",
      "לכתבה המלאה באתר המקור", "続きは...でお読みいただけます".
    A body sentence that names a language ("The English version of the bill...") ends like a
    sentence, or is longer; a headline naming one holds no read/edition word."""
    lim = lexicon.limits
    n = line.n_words
    # "Lecture 3 min.", "Læsetid: 3 min.": the full stop of a unit's abbreviation after a number ends
    # no sentence; such a line is looked at as a reading time only
    unit_stop = not line.label_like and n <= lim["reading_time_max_words"] and bool(_UNIT_STOP.search(line.text))
    if not n or not (line.label_like or unit_stop) or _INNER_SENTENCE_END.search(line.text) or _quotes_speech(line.text):
        return ""
    if n > max(lim["language_link_max_words"], lim["reading_time_max_words"], lim["source_link_max_words"]):
        return ""
    norm = line.norm
    read = _any(lexicon.read_words, norm)
    if n <= lim["language_link_max_words"] and _is_language_link(norm, n, lexicon):
        return LANGUAGE_LINK
    if n <= lim["reading_time_max_words"]:
        digits = digits_to_ascii(norm)
        times = [m.span() for m in duration_unit_pattern().finditer(digits)]
        if len(times) == 1 and not _UNSPACED_CHAR.search(norm):
            first, last = digits.count(" ", 0, times[0][0]), digits.count(" ", 0, times[0][1])
            # the time opens or closes the label ("4 min read", "Lesezeit: 4 Minuten"), not a
            # sentence's middle ("He spent 5 minutes reading the report")
            if (read and (first <= 1 or last >= n - 2)) or n <= last - first + 2:
                return READING_TIME
        elif len(times) == 1:
            # Thai/CJK (few or no spaces): the time opens or closes the line, or a read word
            # touches it ("この記事は約3分で読めます", "อ่าน 4 นาที"); "...ใช้เวลาอ่านข่าวเฉลี่ย 12
            # นาทีต่อวัน..." (people spend 12 minutes a day reading news) is a sentence
            start, end = times[0]
            reads = [m.span() for rx in lexicon.read_words for m in rx.finditer(digits)]
            if start <= _UNSPACED_SLOT_CHARS or end >= len(digits) - _UNSPACED_SLOT_CHARS or any(
                -_UNSPACED_SLOT_CHARS <= s - end <= _UNSPACED_SLOT_CHARS or -_UNSPACED_SLOT_CHARS <= start - e <= _UNSPACED_SLOT_CHARS
                for s, e in reads
            ):
                return READING_TIME
    if unit_stop:
        return ""
    more = None
    if at_bottom and n <= lim["source_link_max_words"]:
        more = _any(lexicon.continuation_words, norm)
        if (read or more) and (_any(lexicon.source_words, norm) or _DOMAIN.search(line.text) or (read and more)) and (
            _slot_at_label_end(norm, (*lexicon.read_words, *lexicon.continuation_words))
        ):
            return SOURCE_LINK
    if n > lim["label_slot_max_words"]:
        return ""
    head, colon, rest = line.text.partition(":")
    if colon and 0 < len(head.split()) <= 3 and rest.strip():
        head_norm = _match_norm(head)
        if at_bottom and any(rx.fullmatch(head_norm) for rx in lexicon.source_labels):
            return SOURCE_LINK  # "Źródło: Dziennik Śląski", "المصدر: صحيفة الخليج"
        if any(rx.fullmatch(head_norm) for rx in lexicon.tag_labels):
            return TAGS  # "Témata: Sněmovna, rozpočet, vláda"
        if any(rx.search(head_norm) for rx in (*lexicon.read_words, *lexicon.related_words)) and n <= lim["teaser_max_words"]:
            return READ_ALSO  # "Čtěte také: <headline>", "Soma pia: ...", "İLGİLİ HABER: ..."
    tokens = [w for t in norm.split() for w in (_unspaced_words(t, lexicon.top_words | lexicon.back_words) or [t])]
    if n <= _BACK_TO_TOP_WORDS and any(t in lexicon.top_words for t in tokens) and all(
        t in lexicon.top_words or t in lexicon.back_words for t in tokens
    ):
        return BACK_TO_TOP  # "Zpět nahoru", "Til toppen", "উপরে যান", "トップに戻る"
    if n <= 3 and read and not _any(lexicon.app_words, norm):
        return READ_ALSO  # "আরও পড়ুন", "LÄS MER"
    if n <= 5 and (_any(lexicon.related_words, norm) or (_any(lexicon.most_words, norm) and read)):
        return READ_ALSO  # "Articole similare", "Meest gelezen", "Đọc nhiều nhất"
    if n <= 4 and _any(lexicon.copy_words, norm) and (n <= 2 or _any(lexicon.link_words, norm)):
        return SHARE  # "Skopiuj link", "Ссылка скопирована"
    platforms = [m.span() for rx in lexicon.platform_words for m in rx.finditer(norm)]
    share_anchor = lexicon.has_kind(SHARE) and _any(lexicon.kind(SHARE).anchors, norm)
    if platforms and n <= lim["share_row_max_words"] and (len(platforms) >= 3 or share_anchor):
        covered = _covered_words(norm, platforms, lexicon.share_connectors)
        if covered >= n / 2:
            return SHARE  # "Facebook'ta Paylaş Twitter'da Paylaş WhatsApp", "فیس بک ٹویٹر واٹس ایپ"
    if (platforms and min(platforms)[0] > 0 and n <= lim["share_row_max_words"] and tokens.count(tokens[0]) >= 2
            and len(tokens[0]) >= 3):
        return SHARE  # one button word before each platform: "Sdílet na Facebooku Sdílet na X Kopírovat odkaz"
    login = _any(lexicon.login_words, norm)
    if login and lexicon.has_kind(COMMENT_FORM) and any(rx.search(norm) for rx in lexicon.kind(COMMENT_FORM).anchors):
        return COMMENT_FORM  # "Log in om te reageren", "Kirjaudu sisään kommentoidaksesi"
    question, mark, answer = line.text.rpartition("?") if "?" in line.text else line.text.rpartition("？")
    if mark and answer.strip() and n <= _LOGIN_PROMPT_MAX_WORDS and _any(lexicon.login_words, _match_norm(answer)):
        return PAYWALL  # a question, then a log-in button: "Sei già abbonato? Accedi", "Already have an account? Sign in"
    paid = lexicon.has_kind(PAYWALL) and _any(lexicon.kind(PAYWALL).anchors, norm)
    if (login or paid or _any(lexicon.subscribe_words, norm)) and (
        read or (more if more is not None else _any(lexicon.continuation_words, norm))
    ):
        return PAYWALL  # "Đăng nhập để đọc tiếp", "Kup subskrypcję, aby czytać dalej", "Berlangganan untuk membaca selengkapnya"
    if paid and _any(lexicon.restrict_words, norm):
        return PAYWALL  # "Articol disponibil doar pentru abonați", "یہ مواد صرف سبسکرائبرز کے لیے ہے"
    if _any(lexicon.script_words, norm) and _any(lexicon.enable_words, norm):
        return BROWSER  # "Vui lòng bật JavaScript", "กรุณาเปิดใช้งาน JavaScript"
    if n <= 8 and _any(lexicon.app_words, norm) and (read or _any(lexicon.open_words, norm)):
        return APP  # "Open in app", "Uygulamada aç", "Tải ứng dụng Báo X"
    if n <= 8 and all(t in lexicon.consent_words for t in tokens):
        return COOKIE  # consent buttons: "Accetta Rifiuta Personalizza", "Přijmout vše"
    if _any(lexicon.thanks_words, norm) and _any(lexicon.subscribe_words, norm):
        return NEWSLETTER  # "Tack för din prenumeration!"
    if n <= 5 and lexicon.has_kind(COMMENT_FORM) and any(rx.search(norm) for rx in lexicon.kind(COMMENT_FORM).anchors):
        if n <= 2 or (n <= 4 and re.search(r"\d", line.text)):
            return COMMENT_FORM  # "Mostra commenti (9)", "3 reacties", "Hozzászólások"
        if _any(lexicon.closed_words, norm):
            return COMMENT_FORM  # "Τα σχόλια είναι κλειστά", "Reageren is niet meer mogelijk"
    if len(_HASHTAG.findall(line.text)) >= max(2, n - 1):
        return TAGS  # "#economy #rates #centralbank"
    if line.text.count("*") >= 2 and all(0 < len(p.split()) <= 3 for p in line.text.split("*") if p.strip()):
        return COMMENT_FORM  # form fields: "Name * Email * Comment *"
    ad = _any(lexicon.ad_words, norm)
    if ad and (n <= 2 or read or (more if more is not None else _any(lexicon.continuation_words, norm))):
        return AD_LABEL  # "Sponsored content", "Story continues below advertisement"
    platform = _any(lexicon.platform_words, norm)
    handle = bool(_HANDLE.search(line.text))
    if (platform or handle) and _any(lexicon.follow_words, norm):
        return FOLLOW  # "Obserwuj nas na Facebooku i X", "Folge @Kurier auf X"
    if _any(lexicon.translation_words, norm) and _any(lexicon.machine_words, norm):
        return MACHINE_TRANSLATION  # "Tłumaczenie maszynowe"
    return ""


_LOGIN_SENTENCE_MAX_WORDS = 16  # a log-in + read/continue sentence ("... connectez-vous ou créez un compte gratuit.")
_FIRST_COMMENT_MAX_WORDS = 6  # "Be the first to comment", "Seja o primeiro a comentar"
_RESTRICTED_COMMENT_MAX_WORDS = 8  # "Commenting is open to subscribers only"


def _ends_report(norm: str, lexicon: Lexicon, line: _Line, languages: _PageLanguages | None) -> bool:
    """Does a verb of saying stand in the sentence (a report: "Subscribers can keep reading, the publisher said")?"""
    return bool(_scoped_spans(lexicon.speech_words, norm, line.text, languages))


def _script_notice(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> str:
    """The slots of a short notice written as a sentence (at most ``label_slot_max_words`` words,
    at either end of the text; ``_slot_kind`` takes label-shaped lines only):
    * JavaScript (``script_words``, any script) and an enable word, speaking to the reader (a word
      of the page's address lists: "Ενεργοποιήστε τη JavaScript.", "कृपया जावास्क्रिप्ट सक्षम करें।",
      "You need to enable JavaScript to run this app."); "Hackers activated malicious JavaScript
      on hundreds of sites." reports -> browser notice;
    * a log-in word and a comment anchor ("Sie müssen angemeldet sein, um einen Kommentar zu
      verfassen.") -> comment form; a log-in word and a read/continue word ("Okumaya devam etmek
      için giriş yapın.") -> paywall;
    * a sign-up word and a thanks/confirmation word ("Спасибо! Вы подписались на рассылку.") ->
      newsletter prompt; a comment anchor and a "first" word in a few words ("Seja o primeiro a
      comentar.") -> comment form."""
    lim = lexicon.limits
    norm = line.norm
    if _quotes_speech(line.text):
        return ""
    if line.n_words <= lim["addressed_max_words"]:
        # a log-in button's sentence after a question or a first sentence ("Want to read more? Create a
        # free account or log in to continue.", "Pour lire la suite de cet article, connectez-vous...")
        for sentence in [s for s in _SENTENCE_SPLIT.split(line.text) if s.strip()][:2]:
            found = _match_norm(sentence)
            if found and _n_words(found) <= _LOGIN_SENTENCE_MAX_WORDS and _any(lexicon.login_words, found) and (
                    _any(lexicon.read_words, found) or _any(lexicon.continuation_words, found)):
                return PAYWALL
    if line.n_words > lim["label_slot_max_words"]:
        # a longer notice: its first sentence holds the slots ("Щоб залишити коментар, увійдіть через
        # соцмережу. Коментарі з образами ... видалятимуться.")
        first = _SENTENCE_SPLIT.split(line.text)[0]
        if line.n_words > lim["addressed_max_words"] or first.rstrip().endswith((":", "：")):
            return ""
        norm = _match_norm(first)
        if not norm or _n_words(norm) > lim["label_slot_max_words"]:
            return ""
    n_words = _n_words(norm)
    if _any(lexicon.script_words, norm) and _any(lexicon.enable_words, norm):
        if any(_scoped_spans(words, norm, line.text, languages) for words in
               (lexicon.address, lexicon.address_near, lexicon.address_subject, lexicon.address_after)):
            return BROWSER
    comment = lexicon.has_kind(COMMENT_FORM) and (_any(lexicon.kind(COMMENT_FORM).anchors, norm) or _any(lexicon.comment_words, norm))
    if _any(lexicon.login_words, norm):
        if comment:
            return COMMENT_FORM
        if _any(lexicon.read_words, norm) or _any(lexicon.continuation_words, norm):
            return PAYWALL
    if _any(lexicon.subscribe_words, norm) and _any(lexicon.thanks_words, norm):
        return NEWSLETTER
    if comment and n_words <= _FIRST_COMMENT_MAX_WORDS and (
        _any(lexicon.first_words, norm) or _any(lexicon.closed_words, norm)
    ):
        return COMMENT_FORM  # "Seja o primeiro a comentar.", "Kommentarsfältet är stängt."
    paid = lexicon.has_kind(PAYWALL) and _any(lexicon.kind(PAYWALL).anchors, norm)
    if paid and not comment and n_words <= _RESTRICTED_COMMENT_MAX_WORDS and _any(lexicon.restrict_words, norm):
        return PAYWALL  # "Το άρθρο είναι διαθέσιμο μόνο για συνδρομητές.", "Sadržaj je dostupan samo pretplatnicima."
    if paid and not comment and n_words <= _RESTRICTED_COMMENT_MAX_WORDS and (
            _any(lexicon.read_words, norm) or _any(lexicon.continuation_words, norm)) and not _ends_report(norm, lexicon, line, languages):
        return PAYWALL  # "Per continuare a leggere, abbonati.", "Abonnez-vous pour lire la suite"
    if comment and n_words <= _RESTRICTED_COMMENT_MAX_WORDS and _any(lexicon.restrict_words, norm) and (
        (lexicon.has_kind(PAYWALL) and _any(lexicon.kind(PAYWALL).anchors, norm)) or _any(lexicon.login_words, norm)
    ):
        return COMMENT_FORM  # "Reageren is alleen mogelijk voor abonnees.", "Komentarze tylko dla zalogowanych."
    return ""


_CONTACT_MAX_WORDS = 14  # words besides the e-mail address: "Got a story? Email news@... or WhatsApp us"
_CONTACT_LONG_WORDS = 24  # ... when the line both asks a question before the address and speaks to the reader


def _contact_prompt(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> str:
    """A call to send the newsroom tips, at either end of the text: a short line holding an e-mail
    address, led by a question ("Got a story? Email news@...", "Máte tip? Napíšte nám na tipy@...")
    or speaking to the reader (a word of the page's address lists: "Vinkkaa meille uutisaihe:
    uutiset@...") -> follow prompt. News that names an address reports to no one ("Police asked
    witnesses to email tips@police.uk."), an author's contact line is the author's ("Contact:
    desk@example.org", kept by the references) and a longer paragraph is prose."""
    found = _EMAIL.search(line.text)
    if not found and not _quotes_speech(line.text):
        return _messenger_tip(line, lexicon, languages)
    if not found or _quotes_speech(line.text):
        return ""
    rest = line.text[:found.start()] + " " + line.text[found.end():]
    norm = _match_norm(rest)
    if _n_words(norm) > _CONTACT_LONG_WORDS:
        return ""
    before = line.text[:found.start()]
    asked = "?" in before or "？" in before or "؟" in before
    addressed = any(_scoped_spans(words, norm, line.text, languages) for words in
                    (lexicon.address, lexicon.address_near, lexicon.address_subject, lexicon.address_after))
    if _n_words(norm) > _CONTACT_MAX_WORDS:
        # notices-17: a longer tip line both asks and speaks to the reader ("Haben Sie einen Tipp
        # zu dieser Geschichte? Schreiben Sie uns gern an tipps@... oder rufen Sie uns in der Redaktion an.")
        return FOLLOW if asked and addressed else ""
    return FOLLOW if asked or addressed else ""


_LOGIN_LINE_WORDS = 10  # "Bitte melden Sie sich an, um diesen Artikel zu lesen."
_LOGIN_ANSWER_WORDS = 4  # "Schon registriert? Hier anmelden."


def _login_prompt(line: _Line, lexicon: Lexicon) -> str:
    """A call to log in, sentence-shaped (sixteenth session; ``_slot_kind`` takes the label-shaped ones):
    a short question then a log-in button ("Schon registriert? Hier anmelden.", "Já é assinante? Faça
    login.") -> paywall; or one short sentence whose log-in word opens or closes it, beside a read,
    continuation or comment word ("Zaloguj się, aby skomentować.", "Devamını okumak için oturum açın.",
    "Pro pokračování ve čtení se přihlaste.") -> paywall or comment form. A sentence of news names
    its subject first ("Users must log in to read messages on the new app")."""
    if not line.n_words or line.n_words > _LOGIN_LINE_WORDS or _quotes_speech(line.text):
        return ""
    text = line.text.strip().rstrip(".!。")
    marks = [i for i, ch in enumerate(text) if ch in "?？؟"]
    if marks:
        question, answer = _match_norm(text[:marks[-1]]), _match_norm(text[marks[-1] + 1:])
        if (len(marks) == 1 and answer and _n_words(answer) <= _LOGIN_ANSWER_WORDS and _n_words(question) <= _LOGIN_ANSWER_WORDS + 2
                and _any(lexicon.login_words, answer)):
            return PAYWALL
        return ""
    if _INNER_SENTENCE_END.search(text):
        return ""
    norm = line.norm
    spans = [m.span() for rx in lexicon.login_words for m in rx.finditer(norm)]
    if not spans or not any(norm.count(" ", 0, s) <= 1 or e == len(norm) for s, e in spans):
        return ""
    if _any(lexicon.comment_words, norm):
        return COMMENT_FORM
    if _any(lexicon.read_words, norm) or _any(lexicon.continuation_words, norm):
        return PAYWALL
    return ""


_TIP_QUESTION_WORDS = 8  # "Have a news tip?", "لديك خبر أو معلومة؟", "יש לכם מידע?"


def _messenger_tip(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> str:
    """The same call without an e-mail address, on a messenger (sixteenth session): a short question to
    the reader, then a sentence that speaks to the reader (a word of the page's ``address`` lists) and
    names a platform ("لديك خبر أو معلومة؟ راسلنا عبر واتساب.", "יש לכם מידע? שלחו לנו בוואטסאפ.") ->
    follow prompt. A question quoted in news is followed by what someone said, not a call."""
    marks = [i for i, ch in enumerate(line.text) if ch in "?？؟"]
    if len(marks) != 1 or _n_words(line.norm) > _CONTACT_MAX_WORDS:
        return ""
    question, rest = line.text[:marks[0]], line.text[marks[0] + 1:]
    norm = _match_norm(rest)
    if not norm or _n_words(_match_norm(question)) > _TIP_QUESTION_WORDS or not _any(lexicon.platform_words, norm):
        return ""
    if _scoped_spans(lexicon.speech_words, norm, line.text, languages):
        return ""
    if _scoped_spans(lexicon.address, norm, line.text, languages):
        return FOLLOW
    return ""


def _stamp_kind(line: _Line, lexicon: Lexicon, at_bottom: bool = False) -> str:
    """A note about the page itself, sentence-shaped: an update stamp opening with an update word
    and a time ("Aggiornato alle 19:30", "UPDATE, 4:15 p.m.: Police have..."), or a first sentence
    (at most ``stamp_max_words`` words) whose subject is the article ("Dit artikel is bijgewerkt
    met...", "Материал дополнен...", "本文已于3月5日更新", "Artykuł został przetłumaczony
    automatycznie...") and that says it was updated or machine-translated; or one whose head segment
    ("Terjemahan mesin, mungkin...", "मशीन अनुवाद: ...") is a machine-translation label, or that opens
    with a translation word ("Traducido con ayuda de inteligencia artificial."). A line labelled as a
    correction ("Oprava: ...", "[정정보도] ...", "【おわび】...") is one; after another short label
    ("Nota redakcyjna: artykuł został zaktualizowany...") the note is read after the label."""
    lim = lexicon.limits
    if not line.n_words or line.n_words > lim["addressed_max_words"] or _quotes_speech(line.text):
        return ""
    label, colon, rest = line.text.partition(": ")
    bracket = _BRACKET_LABEL.match(line.text)
    if bracket:
        label, colon, rest = bracket.group(1), ":", line.text[bracket.end():]
    labelled = bool(colon) and 0 < len(label.split()) <= 3 and bool(rest.strip())
    label_norm = _match_norm(label)
    # a correction label may carry its date and time ("Korjattu 14.3. kello 11.15: ...", "Correction, 3 March 2026: ...")
    dated = bool(colon) and bool(rest.strip()) and len(label.split()) <= _DATED_LABEL_WORDS and any(c.isdigit() for c in label) and (
        sum(not any(c.isdigit() for c in word) for word in label.split()) <= _DATED_LABEL_WORDS - 3)
    if (labelled or dated) and any(rx.fullmatch(label_norm) or rx.fullmatch(label_norm.split(" ")[0]) for rx in lexicon.correction_labels):
        return CORRECTION  # "Oprava: ...", "[정정보도] ...", "【おわび】...", "Precisazione della redazione: ..."
    kind = _note_kind(line.text, lexicon, at_bottom)
    if not kind and labelled:  # "Nota redakcyjna: artykuł został zaktualizowany...": the note after its label
        kind = _note_kind(rest.strip(), lexicon, at_bottom)
    return kind


_YEAR = re.compile(r"(?<!\d)(1[89]|20)\d\d(?!\d)")
_OBLIQUE_ARTICLE_WORDS = 5  # the article word within a note's first words, after its preposition and version word
_DATED_LABEL_WORDS = 8  # "Korjattu 14.3. kello 11.15", "Corrigé le 3 mars à 10 h 15" (at most 5 words without a digit)


_NOTE_HEAD_WORDS = 10  # a note's subject and verb come first (the German participle closes its clause)


_BARE_STAMP_CHARS = 10  # the same in Chinese/Japanese characters: "記事を更新しました"
_BARE_STAMP_WORDS = 4  # "Story updated.", "Новину оновлено.", "Artikel wurde aktualisiert.": a bare noun and an update word


def _bare_subject(norm: str, update: list, lexicon: Lexicon) -> bool:
    """Is the short stamp ``norm`` a bare noun of the page's item (``news_nouns``) and an update word
    (at ``update``, its start offsets), with at most one more word between or around them (an auxiliary:
    "wurde", "ha sido", "を")? Chinese/Japanese/Korean count the characters left over."""
    nouns = [m.span() for rx in lexicon.news_nouns for m in rx.finditer(norm)]
    if not nouns or not any(s == 0 or norm[s - 1] == " " for s, _ in nouns):
        return False
    s, e = min(nouns)
    if s != 0 and not _CJK_CHAR.match(norm[s]):
        return False  # the noun opens the stamp ("Story updated"), not "Prices of the story ..."
    if _CJK_CHAR.match(norm[s]):
        return s == 0 and 0 <= min(update) - e <= 2  # "記事を更新しました", "本文已更新"
    return len(norm.split()) <= 3


def _note_kind(text: str, lexicon: Lexicon, at_bottom: bool) -> str:
    lim = lexicon.limits
    first = _SENTENCE_SPLIT.split(text)[0]
    norm = _match_norm(first)
    words = norm.split()
    if not words:
        return ""
    if _n_words(norm) > lim["stamp_max_words"]:
        # a longer first sentence (Chinese/Japanese counted by characters: "翻訳家の団体は、出版社が
        # 機械翻訳を使う場合には...声明を発表した。" is 25 words, not the two runs its comma leaves): the article, a translation word and a machine word all in its
        # first words ("Το άρθρο μεταφράστηκε αυτόματα από τα αγγλικά με τη βοήθεια...", "Bài
        # viết được dịch tự động...", "تمت ترجمة هذا المقال آلياً..."): the note's subject and verb
        # the sentence opens with the article or the translation ("Ein Gericht stellte fest, dass der
        # Artikel automatisch übersetzt ... worden war" reports)
        head, lead = " ".join(words[:_NOTE_HEAD_WORDS]), " ".join(words[:2])
        after = " ".join(words[1:]) if len(words[0]) <= 3 else ""  # after a short determiner: "Der Artikel wurde..."
        if (any(rx.search(head) for rx in lexicon.article_words) and _any(lexicon.translation_words, head)
                and _any(lexicon.machine_words, head)
                and (any(rx.match(norm) or (after and rx.match(after)) for rx in lexicon.article_words)
                     or _any(lexicon.translation_words, lead))):
            return MACHINE_TRANSLATION
        # ... or the article opening it, an update word and a date or an error word in its first
        # words: "This article was amended on 12 February 2026 to clarify that ..."
        if (any(rx.match(norm) or (after and rx.match(after)) for rx in lexicon.article_words)
                and _any(lexicon.update_words, head) and (any(c.isdigit() for c in head) or _any(lexicon.error_words, head))):
            return CORRECTION
        return ""
    # the article is the sentence's subject: its first word, or after a short determiner ("L'article
    # a été traduit...", "Dit artikel..."); "وقال التقرير إن برامج الترجمة الآلية..." ("the report
    # said that machine-translation software...") reports on the topic
    rest = norm[len(words[0]) + 1:] if len(words[0]) <= 3 else ""
    subject = any(rx.match(norm) or (rest and rx.match(rest)) for rx in lexicon.article_words)
    update = [m.start() for rx in lexicon.update_words for m in rx.finditer(norm)]
    if update and min(update) <= len(words[0]) and _CLOCK.search(digits_to_ascii(" ".join(first.split()[:6]))):
        return CORRECTION  # opens with the update word, a time follows
    machine = _any(lexicon.translation_words, norm) and _any(lexicon.machine_words, norm)
    if subject and _any(lexicon.error_words, norm):
        return CORRECTION  # "Jutussa kerrottiin aiemmin virheellisesti, että ...", "The article mistakenly named ..."
    # the article in an oblique case after a preposition and a version word, an error word in the sentence
    # ("В первой версии статьи неверно указана...", "Na versão anterior desta reportagem, ... estava errado",
    # "इस लेख के पहले संस्करण में ... गलत"): a note on the page. Not a sentence with a verb of saying
    # ("मंत्री ने कहा कि रिपोर्ट के ... गलत थे": a minister on a report), nor another document's version
    # (no article word: "В первой версии законопроекта была ошибка...")
    if (_any(lexicon.error_words, norm) and any(rx.search(" ".join(words[:_OBLIQUE_ARTICLE_WORDS])) for rx in lexicon.article_words)
            and not _scoped_spans(lexicon.speech_words, norm, text, None)):
        return CORRECTION
    if (update or machine) and subject:
        return MACHINE_TRANSLATION if machine else CORRECTION
    if update and norm == _match_norm(text) and _n_words(norm) <= (_BARE_STAMP_CHARS if _CJK_CHAR.search(norm) else _BARE_STAMP_WORDS) and (
            not any(c.isdigit() for c in norm)) and _bare_subject(norm, update, lexicon):
        return CORRECTION  # "Story updated.", "Новину оновлено.", "Bericht bijgewerkt.", "記事を更新しました。"
    # (a year makes it the story's publishing history: "Juttu julkaistiin alun perin vasta vuonna 1998")
    if at_bottom and not _YEAR.search(digits_to_ascii(norm)) and _any(lexicon.publish_words, norm) and _any(lexicon.first_words, norm) and (
        subject or _any(lexicon.source_words, norm)
    ):
        return SOURCE_LINK  # "Dit artikel verscheen eerder op X", "The post ... appeared first on X"
    if machine and any(rx.match(norm) for rx in lexicon.translation_words) and _n_words(norm) <= 12:
        return MACHINE_TRANSLATION  # "Traduzione generata automaticamente con strumenti di IA."
    segment = _match_norm(re.split(r"[:,،—–|：，、]", text, maxsplit=1)[0])
    if machine and _n_words(segment) <= 3 and _any(lexicon.translation_words, segment) and _any(lexicon.machine_words, segment):
        return MACHINE_TRANSLATION
    return ""


_GAP = re.compile(r"\s+")
# bars, bullets, and the German ticker's "+++" ("+++ Bahnstreik +++ DAX im Plus +++")
_MARK_SPLIT = re.compile(r"\s*(?:[|｜•·●▪◦►◆■]|\+{3,})\s*")
_WIDE_SPLIT = re.compile(r"\s{3,}|\s*(?:[|｜•·●▪◦►◆■]|\+{3,})\s*")
# spaced dashes: between a labelled strip's headlines ("En continu | A — B — C"), read after a label only
_DASH_SPLIT = re.compile(r"\s+[—–]\s+")


def _is_ticker(line: _Line, lexicon: Lexicon) -> bool:
    """A run of short headline-like items set apart by wide gaps or bullets. A paragraph whose
    spacing is odd throughout (most gaps between its words are runs of spaces) is one paragraph:
    only explicit separators split it then."""
    if not _TICKER_SPLIT.search(line.text):
        # No gap of 2+ spaces and no separator (most lines: body paragraphs): none of the three
        # splitters below cuts the line, so its spacing and letter case need not be measured.
        segments = [line.text] if line.text.strip() else []
    else:
        gaps = _GAP.findall(line.text.strip())
        odd = len(gaps) >= 8 and sum(1 for g in gaps if len(g) >= 2) >= 0.5 * len(gaps)
        # In scripts without letter case (Devanagari, Arabic, CJK...) a wide gap gives no headline
        # evidence (the capital-letter test below is void): only separators and gaps of 3+ spaces split.
        letters = [ch for ch in line.text[:400] if ch.isalpha()]
        caseless = letters and sum(1 for ch in letters if not (ch.isupper() or ch.islower())) > 0.5 * len(letters)
        splitter = _MARK_SPLIT if odd else _WIDE_SPLIT if caseless else _TICKER_SPLIT
        segments = [s for s in splitter.split(line.text) if s.strip()]
    needed = lexicon.limits["ticker_min_segments"]
    if _MARK_SPLIT.search(line.text) and (rest := _ticker_label(segments)):
        # sixteenth session: a ticker's label ("BREAKING:", "عاجل |", "ΕΚΤΑΚΤΟ:", "【速報】") names
        # the strip: the headlines after it, set apart by bullets or bars, need one segment fewer;
        # notices-17: or by spaced dashes, once a bar or bullet has set the label apart
        # ("En continu | Crue de la Loire — Grève à la RATP — ..."); the headline tests below still hold
        if len(rest) < needed - 1:
            rest = [part for segment in rest for part in _DASH_SPLIT.split(segment) if part.strip()]
        if len(segments) >= needed - 1 or len(rest) >= needed - 1:
            segments, needed = rest, needed - 1
    if len(segments) < needed:
        return False
    limits = lexicon.limits
    # a menu's items are single words ("Home | News | Sport"); a labelled strip's headlines are two or more
    mean_words = limits["ticker_min_mean_words"] if needed == limits["ticker_min_segments"] else _LABELLED_TICKER_MEAN_WORDS
    counts = [len(words(_match_norm(s))) for s in segments]
    short = sum(1 for c in counts if 1 <= c <= limits["ticker_max_segment_words"])
    sentences = sum(1 for s in segments if s.rstrip(_TRAILING_QUOTES).endswith((".", "。", "।", "!", "?", "؟")))
    # Headlines (two words or more, not starting in lower case), not a sentence's words set apart
    # by double spaces.
    multi = sum(1 for s, c in zip(segments, counts) if c >= 2 and not _first_letter(s).islower())
    return (
        short >= limits["ticker_min_headline_share"] * len(segments)
        and multi >= limits["ticker_min_headline_share"] * len(segments)
        and sentences <= limits["ticker_max_sentence_share"] * len(segments)
        and sum(counts) / len(counts) >= mean_words
    )


_TICKER_LABEL = re.compile(r"^\W*([^\W\d_][^:：|•·]{0,30}?)\s*[:：]\s+(?=\S)|^\s*[\[【〔]([^\]】〕]{1,16})[\]】〕]\s*")


_LABELLED_TICKER_MEAN_WORDS = 2.5  # mean words of the headlines after a ticker's label ("LIVE | Brand in Rotterdam • ...")


def _ticker_label(segments: list) -> list:
    """The headline segments after a ticker's label, [] if the first segment opens with none: a
    label of one to three words standing alone ("عاجل", then a bar) or ending in a colon or
    bracket ("BREAKING: Bridge closed", "【速報】青霧市で震度4"), never a sentence."""
    first = segments[0].strip()
    if len(segments) >= 2 and 1 <= len(first.split()) <= 3 and not first.endswith((".", "!", "?", "。")) and (
            first.isupper() or _first_letter(first) and not _first_letter(first).islower() and len(first.split()) <= 2):
        return segments[1:]  # a label segment of its own (the bar after it): "عاجل | ...", "EN DIRECT | ..."
    m = _TICKER_LABEL.match(first)
    if not m or len((m.group(1) or m.group(2)).split()) > 3:
        return []
    head = first[m.end():].strip()
    return [head, *segments[1:]] if head else []


def _first_letter(text: str) -> str:
    return next((ch for ch in text if ch.isalpha()), "")


def _is_breadcrumb(line: _Line, lexicon: Lexicon) -> bool:
    limits = lexicon.limits
    if line.n_words > limits["breadcrumb_max_words"] or not line.label_like:
        return False
    parts = [p for p in _CRUMB_SPLIT.split(line.text) if p.strip()]
    if len(parts) < 2 or len(parts) != len(_CRUMB_SPLIT.split(line.text)):
        return False
    norms = [_match_norm(p) for p in parts]
    if any(not n or len(n.split()) > limits["breadcrumb_max_part_words"] or not any(ch.isalpha() for ch in n)
           for n in norms):
        return False
    strong = bool(re.search(r"[>»›]|::", line.text))
    return len(parts) >= limits["breadcrumb_min_parts"] or strong or norms[0] in lexicon.home_words


def _is_share_row(line: _Line, lexicon: Lexicon) -> bool:
    tokens = line.norm.split()
    if not tokens or len(tokens) > lexicon.limits["share_row_max_words"]:
        return False
    vocab = lexicon.social | lexicon.share_buttons
    named = [t for t in tokens if t in vocab and t not in lexicon.share_connectors]
    return all(t in vocab for t in tokens) and len(named) >= 2


def _is_copyright(line: _Line, lexicon: Lexicon) -> bool:
    if line.n_words > lexicon.limits["copyright_max_words"]:
        return False
    text = line.text.lstrip()
    return bool(_COPYRIGHT_SIGN.search(text)) or bool(re.match(r"\(c\)\s*\d{4}", text, re.IGNORECASE))


# The copyright sign and its circled-letter stand-ins: Korean and Japanese pages write "ⓒ 연합뉴스" (U+24D2)
# or "Ⓒ" (U+24B8) for "©"; "🄫" (U+1F12B) is Unicode's circled italic C.
_COPYRIGHT_SIGN = re.compile("[\u00a9\u24b8\u24d2\U0001f12b]")


# Persian and Arabic-Indic digits as ASCII (a Persian date "۲۲ اسفند ۱۴۰۲" has a year too).
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def _is_date_line(line: _Line, lexicon: Lexicon) -> bool:
    tokens = line.norm.split()
    if not tokens or len(tokens) > lexicon.limits["date_line_max_words"]:
        return False
    if not line.label_like and not re.search(r"[ap]\.?m\.$", line.text, re.IGNORECASE):
        return False  # "Until August 31." is a sentence
    has_date = bool(re.search(r"\b(?:19|20|13|14)\d\d\b", unicodedata.normalize("NFKC", line.text).translate(_DIGITS))) or (
        any(t in lexicon.months for t in tokens) and any(t.isdigit() for t in tokens)
    )
    if not has_date and re.search(r"\d{1,2}:\d{2}", line.text):  # a bare time only with a cue word
        has_date = any(t in lexicon.date_cues for t in tokens)
    if not has_date:
        return False
    dateish = sum(
        1 for t in tokens if t.isdigit() or t in lexicon.months or t in lexicon.weekdays or t in lexicon.date_words
    )
    return dateish >= lexicon.limits["date_line_min_share"] * len(tokens)


def _is_time_stamp(line: _Line, lexicon: Lexicon) -> bool:
    """A line at the top that only says when, without a date ``_is_date_line`` would read: a bare
    clock with separators ("- 11:20", "۱۱:۲۰ |") or a relative time in CLDR's words of any locale
    (``relative_time_words``: "2 soat oldin", "prieš 3 val. · 2026 m. sausio 21 d. 13:30", "3 hours
    ago"; an ago word needed: "2 days" alone is no time stamp), with dates' words
    (months, weekdays, ``date_words``) the rest: at least ``date_line_min_share`` of its words."""
    if not line.label_like or count_words(line.norm) > lexicon.limits["date_line_max_words"]:
        return False
    digits = digits_to_ascii(line.text)
    if not any(ch.isalpha() for ch in line.text):
        return bool(_CLOCK.search(digits))
    tokens = digits_to_ascii(line.norm).split()
    relative, ago = relative_time_words()
    if not any(t.isdigit() for t in tokens) or not any(t in ago for t in tokens):
        return False
    dateish = sum(1 for t in tokens if t.isdigit() or t in relative or t in lexicon.months or t in lexicon.weekdays
                  or t in lexicon.date_words)
    return dateish >= lexicon.limits["date_line_min_share"] * len(tokens)


def _reads_as_date_line(line: _Line, language: str, lexicon: Lexicon, page_language=None) -> bool:
    """A short line at the top that is only a date, its time and zone in the page's own words, as
    dates.read_date_line reads them (month names of every language dateparser knows, Buddhist-era
    years, zones in words: "Marso 3, 2025 - 7:15 PM PHT", "วันพุธที่ 12 มีนาคม 2568"): those words are
    at least ``date_line_min_share`` of the line's. ``language``: the declared language;
    ``page_language``: a function giving the text's detected language (read_date_line's)."""
    if not any(ch.isdigit() for ch in line.text) or count_words(line.norm) > lexicon.limits["date_line_max_words"]:
        return False  # words counted for unspaced scripts too: one "2010年2月14日，…" sentence is no date line
    if re.search(r"[.!?。！？][\s\"'”’»」』)）]*$", line.text):
        return False  # a sentence (closing quotes and brackets after its stop too)
    from transforms.dates import date_line_share

    return date_line_share(line.text, language, page_language) >= lexicon.limits["date_line_min_share"]


def _labelled_publication(line: _Line, language: str, page_language=None, date_line: bool = False) -> str:
    """The publication date of a line that opens with an update label and then gives a publication
    one ("Updated 14 March 2025 Published 13 March 2025, 09:00 GMT", "Päivitetty ... Julkaistu ...",
    "Atjaunināts ... Publicēts ...": ``dates.publication_part``), or of a top ``date_line`` without an
    update label ("۲۴ حوت ۱۴۰۳", a Solar Hijri date opening a text), read by ``dates.read_date_line``:
    ISO 8601, the instant in UTC when the part gives a time with its zone, else the day; "" for any
    other line (the update date of "Updated 14 March 2025" is never the publication's)."""
    from transforms.dates import publication_part, read_date_line

    part = publication_part(line.text)
    if not part or (part == line.text and not date_line):
        return ""
    found = read_date_line(part, language, page_language)
    if found is None:
        return ""
    return found.when.isoformat() if found.zoned_time else found.written.isoformat()


def _original_span(text: str, normalized_part: str) -> str:
    """The original characters of ``text`` whose normalisation is ``normalized_part`` (best effort)."""
    target = normalized_part.split()
    if not target:
        return ""
    tokens = []  # (normalised word, original token index)
    spans = list(re.finditer(r"\S+", text))
    for index, m in enumerate(spans):
        for w in _match_norm(m.group()).split():
            tokens.append((w, index))
    flat = [w for w, _ in tokens]
    for i in range(len(flat) - len(target) + 1):
        if flat[i : i + len(target)] == target:
            first, last = tokens[i][1], tokens[i + len(target) - 1][1]
            found = text[spans[first].start() : spans[last].end()]
            return found.strip(" \t:،,.-–—\"'“”«»()")
    return normalized_part


_DATE_TOKEN = re.compile(r"\d+(?:h\d*|st|nd|rd|th|er|e)?|[ap]m?|h")


def _only_date_words(normalized: str, lexicon: Lexicon) -> bool:
    """Is every word of a (normalised) date part a number, month, weekday or time word?"""
    return all(
        _DATE_TOKEN.fullmatch(t) or t in lexicon.months or t in lexicon.weekdays or t in lexicon.date_words
        for t in normalized.split()
    )


def _publication(line: _Line, lexicon: Lexicon) -> tuple[str, str] | None:
    """(publisher, ISO date) of a publication line, None if the line is not one."""
    if not line.n_words or line.n_words > lexicon.limits["publication_max_words"]:
        return None
    for rx in lexicon.publication:
        m = rx.search(line.norm)
        if not m:
            continue
        date = lexicon.parse_date(m.group("date"))
        if not date or not _only_date_words(m.group("date"), lexicon):
            continue  # "Published in Nature on 3 March, the study ..." is a body sentence
        publisher = m.groupdict().get("publisher") or ""
        return (_original_span(line.text, publisher) if publisher else ""), date
    return None


def _tail_labels(lines: list, kinds: list, lexicon: Lexicon) -> list:
    """Indexes of the labels left under the end of the prose: walking up from the last line (over
    lines already taken as boilerplate), a run of at most ``tail_label_max_lines`` label-shaped
    lines (``_tail_shaped``) right under a paragraph that ends like a sentence. Buttons and
    headings a page leaves under its story ("Dela", "Shiriki", "Đồng ý", "Trending Now",
    "Symbolbild", "English", "সর্বাধিক পঠিত") are such labels in any language, whatever their
    words; a list, a table or a verse ending the text is a longer run of short lines or stands
    under a line that is no sentence, and a closing sentence ends like one."""
    lim = lexicon.limits
    run: list = []
    i = len(lines) - 1
    while i > 0:
        if kinds[i]:
            i -= 1
            continue
        if not _tail_shaped(lines[i], lim):
            break
        run.append(i)
        if len(run) > lim["tail_label_max_lines"]:
            return []  # a longer run of short lines is a list, not a few buttons
        i -= 1
    if any(lines[j].text.rstrip().endswith((":", "：")) for j in run[1:]):
        return []  # "The shopping list:" over short lines introduces them: a list
    above = next((j for j in range(i, -1, -1) if not kinds[j] and j not in run), None)
    return run if run and above is not None and _ends_prose(lines[above]) else []


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_TAIL_SEGMENTS = re.compile(r"(?<=[!?！？¿¡])\s*|\s+[·|•]\s+")
_TAIL_LABEL_HEAD = re.compile(f"^\\W*(?:[\\[【〔［]([^\\]】〕］]{{1,24}})[\\]】〕］]|([^:：\\n{_POINTERS}]{{1,30}}?)\\s*(?:[:：]|[{_POINTERS}]\ufe0f?))\\s*(.+)$")


def _tail_shaped(line: _Line, lim: dict) -> bool:
    """Is the line shaped like page furniture rather than a sentence: at most
    ``tail_label_max_words`` words ("Dela", "Trending Now"); or two such short segments cut by a
    question or exclamation mark ("Redan prenumerant? Logga in", "Diskutieren Sie mit! 27
    Kommentare"); or a head of at most three words before a colon or in brackets, then a rest
    that holds no sentence end, the whole line at most ``tail_labelled_max_words`` words
    ("Temes: Parlament, pressupostos, ERC", "Xem thêm: Giá xăng tiếp tục giảm", "【関連】日銀、追加利上げを決定"),
    a pointer glyph (``_POINTERS``) standing for the colon ("VEZI ȘI ➜ Prognoza meteo...")? Or a button:
    a pointer glyph opening or closing at most three times ``tail_label_max_words`` words, in segments
    of at most twice that ("Send to a friend ✉️", "Ti è piaciuto? Mandalo a un amico 👉").
    Never a line ending like a sentence, a table row, a list item or a quotation."""
    text, n = line.text, line.n_words
    if not n or not line.label_like or _TABLE_ROW.match(text) or _BULLET.match(text) or _quotes_speech(text):
        return False
    end = text.rstrip(_TRAILING_QUOTES)
    if end.endswith(("?", "？", "؟")) or (end.endswith(("!", "！")) and n > 1 and not _TAIL_SEGMENTS.search(end[:-1])):
        return False  # a question or an exclamation of several words closing the text is prose ("Thanks Junior!")
    if _EMAIL.search(text) or opens_with_credit_lead(text):
        return False  # a contact line ("Email: sports@example.com") or a sign-off ("With Post wires"): the author's
    if n <= lim["tail_label_max_words"] and not _INNER_SENTENCE_END.search(text):
        return True
    button = _POINTER_END.search(text) or _POINTER_START.match(text)
    if button and n <= 3 * lim["tail_label_max_words"] and all(
        _n_words(_match_norm(p)) <= 2 * lim["tail_label_max_words"] for p in _TAIL_SEGMENTS.split(text) if _TOKEN.search(p)
    ):
        return True  # a button: its words and a pointer glyph ("Send to a friend ✉️", "Ti è piaciuto? Mandalo a un amico 👉")
    if n <= _CAPS_LABEL_MAX_WORDS and _all_caps(text) and not _INNER_SENTENCE_END.search(text) and not end.endswith((".", "。")):
        return True  # a heading set in capitals ("MORE FROM THE COAST GAZETTE", "ALSO ON OUR SITE")
    segments = [p for p in _TAIL_SEGMENTS.split(text) if _TOKEN.search(p)]
    if n <= 2 * lim["tail_label_max_words"] and len(segments) == 2 and all(
        _n_words(_match_norm(p)) <= lim["tail_label_max_words"] for p in segments
    ):
        return True
    head = _TAIL_LABEL_HEAD.match(text)
    if head and n <= lim["tail_labelled_max_words"]:
        label, rest = head.group(1) or head.group(2), head.group(3)
        # the head names something ("[2] <reference>" is a footnote, not a label)
        limit = _CAPS_LABEL_MAX_WORDS if _all_caps(label) else 3  # "MORE FROM THE LEDGER: Inside the fight over..."
        return 0 < _n_words(_match_norm(label)) <= limit and not label.strip().isdigit() and not _INNER_SENTENCE_END.search(rest)
    return False


_CAPS_LABEL_MAX_WORDS = 5


def _all_caps(text: str) -> bool:
    """Are the text's cased letters all capitals, in at least two words (a heading set in capitals)?"""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    cased = [c for c in text if c.isalpha() and (c.isupper() or c.islower())]
    return len(words) >= 2 and len(cased) >= 4 and all(c.isupper() for c in cased)


def _ends_prose(line: _Line) -> bool:
    """Does the line end like a sentence of prose (not a label, heading or list item)?"""
    return line.n_words > 3 and line.text.rstrip(_TRAILING_QUOTES).endswith(_PROSE_END)


_PROSE_END = (".", "!", "?", "…", "。", "！", "？", "؟", "۔", "।", "॥")


def _headline_like(line: _Line) -> bool:
    return 2 <= line.n_words <= 30 and len(line.text) <= 250 and not line.text.rstrip(_TRAILING_QUOTES).endswith(
        (".", "。", ":", ";", ",", "،", "؛")
    )


def _shared_vocabulary(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` standards of one language sharing most of their words (language.SHARED_VOCABULARY:
    sr/hr/bs, id/ms)? A paragraph of one is read as the other often enough that it is never "foreign" on
    the other's page: an Indonesian paragraph of 34 words was read ``ms`` and removed from an Indonesian
    article (blind cases-13 of the fourteenth session, m13), which so stopped being a copy of its source."""
    a, b = _base_language(a), _base_language(b)
    return a != b and any({a, b} <= group for group in SHARED_VOCABULARY)


def _foreign_edges(lines: list, kept: list, lexicon: Lexicon, language: str, detector: LanguageDetector) -> list:
    """Indexes of kept lines at either end of the text written in another language than the article.

    Only notice-shaped paragraphs go: each at most ``max_line_words`` words and all of them
    together at most ``foreign_max_share`` of the prose, so a bilingual article keeps both halves.
    """
    lim = lexicon.limits
    order = [i for i in range(len(lines)) if kept[i] and not _TABLE_ROW.match(lines[i].text)]  # prose only
    if len(order) < 3:
        return []
    # The article's language is measured on its prose; a declared language is only the fallback
    # (a wrong declaration must not make the whole text's edges "foreign").
    measured = detector.detect("\n".join(lines[i].text for i in order)).language
    language = measured if measured != UNDETERMINED else language
    if language in ("", UNDETERMINED):
        return []
    found = []
    for walk in (order, order[::-1]):
        looked = 0
        for i in walk:
            if looked >= lim["foreign_max_paragraphs"]:
                break
            if not has_letters(lines[i].text, lim["foreign_min_letters"]):
                continue
            looked += 1
            if lines[i].n_words > lim["max_line_words"]:
                break  # a body paragraph, whatever its language
            guess = detector.detect_paragraph(lines[i].text, expected=language)
            if (guess.language not in (language, UNDETERMINED) and guess.score >= lim["foreign_min_score"]
                    and not _shared_vocabulary(guess.language, language)):
                found.append(i)
            else:
                break
    total = sum(len(lines[i].text) for i in order)
    if sum(len(lines[i].text) for i in set(found)) > total * lim["foreign_max_share"]:
        return []  # a bilingual article (or a wrong "article language"): both languages stay
    return sorted(set(found))


# a passage quoted after a colon ("... appended to the story: “An earlier version of this article
# misstated ...”"): a sentence reporting another text, which the model leaves to the rules
_QUOTATION_INTRODUCED = re.compile(r"[:：]\s*[“\"«„「『‘]")


def _notice_kind(line: _Line, lexicon: Lexicon, is_edge: bool, at_bottom: bool,
                 languages: _PageLanguages | None) -> tuple[str, bool]:
    """(kind, label_only) of a line by the lexicon's notice rules and their body vetoes, ("", False) if none."""
    kind, label_only = _lexicon_kind(line, lexicon, is_edge)
    if not kind:
        kind = _addressed_kind(line, lexicon, is_edge, languages)
        if kind and _reported_request(line, lexicon, languages):
            return "", False  # "गृह मंत्री ने लोगों से अपील की कि वे ... शेयर करें": the minister's request, reported
    if not kind:
        kind = _slot_kind(line, lexicon, at_bottom)
    if not kind and is_edge:
        kind = (_stamp_kind(line, lexicon, at_bottom) or _script_notice(line, lexicon, languages)
                or _contact_prompt(line, lexicon, languages) or _login_prompt(line, lexicon) or _language_notice(line, lexicon)
                or _error_apology(line, lexicon, languages))
    if kind and (_reported_speech(line, lexicon, languages) or _label_then_sentence(line, kind, lexicon, languages)
                 or _quotation_in_sentence(line) or _plural_subject(line, lexicon, languages)
                 or _kicker_headline(line, kind, lexicon, languages)):
        return "", False  # "Subscribe to our channel, said the senator": body
    return kind, label_only


def _error_apology(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> str:
    """CORRECTION for a short line (at most ``stamp_max_words`` words, one sentence) in which the
    site apologises for an error of its own or thanks the reader who pointed it out
    (``error_apology``, the page's language: "We regret the error.", "Ζητούμε συγγνώμη για το λάθος.",
    "ادارہ اس غلطی پر معذرت خواہ ہے۔"): the closing sentence of a correction note, often a paragraph
    of its own. The phrases speak in the first person plural or for the newsroom, so a report of a
    minister apologising is not one; reported speech and quotations are vetoed by the caller. One
    sentence: beside a news sentence it is a quotation's end ("The council voted 7-2. We apologise..."),
    beside another notice the two go together (``_mixed_notice``)."""
    if not line.n_words or line.n_words > lexicon.limits["stamp_max_words"]:
        return ""
    if len([p for p in _MIXED_SPLIT.split(line.text) if p.strip()]) > 1 or _QUOTE_MARKS.search(line.text):
        return ""  # (the site's own apology is never quoted: 同社は「誤りがあり、おわびします」とのコメント...)
    return CORRECTION if _scoped_spans(lexicon.error_apology, line.norm, line.text, languages) else ""


# Parts of a line that may each be a notice of its own: sentences, and runs set apart by a bar or a
# middle dot ("Lästid 3 minuter · Dela artikeln"). Not a colon: "Read also: <headline>" is one notice.
_MIXED_SPLIT = re.compile(r"(?<=[.!?؟।۔])\s+|(?<=[。！？])|\s+[|·•]\s+")


def _mixed_notice(line: _Line, lexicon: Lexicon, at_bottom: bool, languages: _PageLanguages | None) -> str:
    """The kind of the first part of a line at the text's edges made of two or more notices of any
    kinds, "" otherwise: a correction note then a share prompt ("Correction: ... misstated the date.
    Share this story with your friends."), a reading time then a share link. Each part must be a
    notice by itself (every rule and its body vetoes, the part taken as a line at the same edge),
    so a body sentence next to a notice keeps the line; the whole line's reported-speech and
    quotation vetoes hold too."""
    lim = lexicon.limits
    if not line.n_words or line.n_words > lim["addressed_max_words"]:
        return ""
    parts = [p.strip() for p in _MIXED_SPLIT.split(line.text) if p and p.strip()]
    if len(parts) < 2 or len(parts) > _MIXED_MAX_PARTS:
        return ""
    if _reported_speech(line, lexicon, languages) or _quotation_in_sentence(line):
        return ""
    kinds = []
    for part in parts:
        sub = _line(part)
        if not sub.n_words:
            return ""
        kind, _ = _notice_kind(sub, lexicon, True, at_bottom, languages)
        if not kind:
            return ""
        kinds.append(kind)
    return kinds[0]


_MIXED_MAX_PARTS = 4


def _learned_notice(line: _Line, lexicon: Lexicon, languages: _PageLanguages | None) -> bool:
    """The learned model (transforms/notice_model.py) calls a line the rules keep furniture.

    Only lines of at most ``learned_max_words`` words holding a word of some kind's anchors or
    cues, or one of its phrases (``Lexicon.marks``), at the probability ``learned_notice`` (configs/boilerplate.yaml); the
    rules' body vetoes still hold (reported speech, a quotation inside a sentence or introduced by
    a colon, a plural-noun subject), and news of a court, a regulator or a fine (``fact_words`` groups named
    ``legal``: "De rechter veroordeelde de website voor het overnemen van artikelen zonder toestemming"), and a
    day of the news outside a schedule (``_news_day``, eleventh session: "הכתבה המלאה ... פורסמה בעיתון ביום ראשון").
    """
    model = lexicon.notice_model
    if model is None or line.n_words > lexicon.limits["learned_max_words"]:
        return False
    if not (lexicon.anchored_kinds(line.norm) or lexicon.cued_kinds(line.norm)
            or any(rx.search(line.norm) for patterns in lexicon.candidates(line.norm).values() for rx in patterns)):
        return False  # the cheap gates first: no literal of any kind's anchors or cues, no phrase
    marks = lexicon.marks(line.norm)
    if not any(mark[:2] in ("a:", "q:", "p:") for mark in marks):
        return False  # no word of any kind's own vocabulary: never furniture by the model alone
    if model.score(line.text, marks) < lexicon.limits["learned_notice"]:
        return False
    return not (_reported_speech(line, lexicon, languages) or _quotation_in_sentence(line) or _any(lexicon.legal_words, line.norm)
                or _QUOTATION_INTRODUCED.search(line.text) or _plural_subject(line, lexicon, languages)
                or _news_day(line.norm, [m.span() for rx in lexicon.schedules for m in rx.finditer(line.norm)], lexicon))


def clean_text(
    text: str,
    lexicon: Lexicon,
    *,
    title: str = "",
    language: str = "",
    find_title: bool = False,
    site_names: tuple = (),
    url: str = "",
    detector: LanguageDetector | None = None,
) -> CleanResult:
    """Text (one paragraph per line or per blank-line block) -> CleanResult without its boilerplate.

    ``title``: the title already known (HTML metadata): a repeat of it leaves the text, and the
    returned title loses a site-name affix matching ``site_names`` (publisher) or ``url``'s host.
    A byline in the first lines goes to ``authors``; agency credits in the last lines go.
    ``language``: the declared language, used by the foreign-edge rule when detection on the
    text itself is undetermined.
    ``find_title``: for plain text, take the first remaining headline-like line as the title.
    ``detector``: the language detector of the foreign-edge rule (default settings if None).
    """
    lines = [_line(raw.strip()) for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if raw.strip()]
    n = len(lines)
    detector = detector or default_detector()
    languages = _PageLanguages(lines, language, detector)
    kinds = [""] * n
    publisher = published = ""
    authors: List[str] = []
    body_before = 0  # lines before this one not taken as boilerplate
    edge = lexicon.limits["edge_lines"]
    list_left, list_kind, after_label = 0, "", False
    credits: List[Boilerplate] = []  # reporter credits cut from the head or end of a paragraph
    for i, line in enumerate(lines):
        label_only = False
        # the top: the first edge lines, or later when only boilerplate (and a headline) precede
        at_top = i < edge or body_before <= 1
        names = byline_names(line.text, languages.page) if at_top and not authors else None
        if not names and at_top and not authors:
            # "（中央社記者林志明台北15日電）中央氣象署今天表示...", "[서울=연합뉴스] 홍길동 기자 = 서울시가...":
            # the credit opening the paragraph goes, its names to authors, the paragraph stays
            credit = cjk_reporter_credit(line.text) or korean_reporter_credit(line.text)
            if credit and credit[2]:
                authors, piece, rest = credit
                credits.append(Boilerplate(BYLINE, piece))
                lines[i] = line = _line(rest)
        if i >= n - edge and (closing := closing_cjk_credit(line.text)):
            # "…と話した。（佐藤健一記者）": the credit closing the paragraph goes
            authors = authors or closing[0]
            credits.append(Boilerplate(BYLINE, closing[1]))
            lines[i] = line = _line(closing[2])
        if not names and not authors and i >= n - edge and i >= 1:
            names = closing_byline_names(line.text)  # "Teksts: NAME, foto: NAME" closing the article
        if _TABLE_ROW.match(line.text):
            kind = ""  # a table row (trafilatura's "| a | b |"): content
        elif names:
            kind = BYLINE
            authors = names
        elif at_top and is_staff_byline(line.text):
            kind = BYLINE  # "By Reuters Staff", "Redacción": a byline naming no one
        elif i >= n - edge and i >= 1 and is_agency_credit(line.text):
            kind = CREDIT  # "dpa, AFP, jul", "(Reuters)", "AFP/jm" closing the article
        elif at_top and is_editor_line(line.text):
            kind = CREDIT  # "责任编辑：刘洋" above the text: the editor's credit, not an author
        elif _is_ticker(line, lexicon):
            kind = TICKER
        elif _is_breadcrumb(line, lexicon):
            kind = BREADCRUMB
        elif _is_share_row(line, lexicon):
            kind = SHARE_BUTTONS
        elif _is_copyright(line, lexicon):
            kind = COPYRIGHT
        elif (pub := _publication(line, lexicon)) is not None:
            kind = PUBLICATION
            publisher = publisher or pub[0]
            published = published or _labelled_publication(line, language, languages.detected) or pub[1]
        elif _is_date_line(line, lexicon) or (at_top and (
                _reads_as_date_line(line, language, lexicon, languages.detected) or _is_time_stamp(line, lexicon))):
            kind = DATE_LINE
        elif _is_photo_credit(line, lexicon):
            kind = PHOTO_CREDIT
        else:
            kind, label_only = _notice_kind(line, lexicon, i < edge or i >= n - edge, i >= n - edge, languages)
            if not kind and (i < edge or i >= n - edge):
                kind = _mixed_notice(line, lexicon, i >= n - edge, languages)
        if not kind and list_left and (_BULLET.match(line.text) or (after_label and _headline_like(line))):
            kind = list_kind  # a headline list under a "Related" label
            list_left -= 1
        elif kind and lexicon.has_kind(kind) and lexicon.kind(kind).list_follows:
            list_left, list_kind, after_label = lexicon.limits["list_max_lines"], kind, label_only
        else:
            list_left = 0
        kinds[i] = kind
        body_before += not kind
        if kind and at_top and not published:  # "Päivitetty ... | Julkaistu ...": the publication part's date
            published = _labelled_publication(line, language, languages.detected, kind == DATE_LINE)
    for i in _tail_labels(lines, kinds, lexicon):
        kinds[i] = LANGUAGE_LINK if _is_language_link(lines[i].norm, lines[i].n_words, lexicon, alone=True) else TAIL_LABEL
    for i in range(1, n):
        # the model's second opinion on the lines every rule keeps; a label (no sentence end) between
        # two lines is a subheading as often as a notice: labels only at the text's end
        if not kinds[i] and (i == n - 1 or not lines[i].label_like) and _learned_notice(lines[i], lexicon, languages):
            kinds[i] = LEARNED
    kept = [not k for k in kinds]
    for i in _foreign_edges(lines, kept, lexicon, language, detector):
        kinds[i] = FOREIGN
        kept[i] = False

    body = [i for i in range(n) if kept[i]]
    found_title = strip_site_name(title, site_names, url) if title.strip() else ""
    if found_title:
        # the headline (with or without its site name) never opens the text
        targets = {_match_norm(found_title), _match_norm(title)}
        body = [i for pos, i in enumerate(body) if not (pos < 3 and lines[i].norm in targets)]
    elif find_title and len(body) >= 2 and _headline_like(lines[body[0]]):
        found_title = lines[body[0]].text
        # a plain text that repeats its headline as the first paragraph: the repeat goes too
        head = lines[body[0]].norm
        body = [i for pos, i in enumerate(body[1:]) if not (pos < 3 and lines[i].norm == head)]
    removed = credits + [Boilerplate(kinds[i], lines[i].text) for i in range(n) if kinds[i]]
    return CleanResult(
        text="\n\n".join(lines[i].text for i in body),
        title=found_title,
        publisher=publisher,
        published=published,
        boilerplate=removed,
        authors=authors,
        page_languages=_LanguagesOnAsk(languages.page),
    )


def merge_authors(known: Iterable[str], from_byline: Iterable[str], site_names: Iterable[str] = (), url: str = "",
                  languages=()) -> List[str]:
    """The metadata's authors, then the byline's names they lack (compared without case/spaces);
    a byline lead word left before a name ("מאת נועה כהן", a feed's "Von Anna Müller") goes, and
    so does a piece with a digit: a date or time split off a byline element ("By Jane Roe | March
    8, 2023" read by trafilatura as "Jane Roe; March 8") is never a name. Then only the persons
    (``bylines.author_names``: no URL, label, desk or the site itself, ``site_names`` / ``url``'s
    host; an agency only when no person is named). A credit listing several names with the joiners
    of the page's ``languages`` (codes, or a function giving them) gives each ("Giulia Ferraro e
    Marco Lenti" of a JSONL record in Italian)."""
    merged, seen = [], set()
    for name in [without_lead_word(n) for n in [*known, *from_byline]]:
        if any(ch.isdigit() for ch in name):
            continue
        key = "".join(name.casefold().split())
        if key and key not in seen:
            seen.add(key)
            merged.append(name)
    return author_names(merged, site_names=tuple(site_names), url=url, languages=languages)


def _norm_key(norm: str) -> str:
    """Stable hash of a line's normalised form (for repeated-line counting), "" for an empty line."""
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest() if norm else ""


def short_line_keys(text: str, max_words: int) -> set:
    """Hashes of the distinct short lines (1..max_words words) of a text."""
    keys = set()
    for raw in text.split("\n"):
        norm = normalize_for_match(raw)
        if norm and len(norm.split()) <= max_words:
            keys.add(_norm_key(norm))
    return keys


_SENTENCE_END = (".", "!", "?", "…", "。", "！", "？", "؟", "۔", "।", "\"", "'", "”", "’", "»", ")")


_LABEL_HEAD = re.compile(r"^\W*([^:：\n]{1,24})[:：]")  # "Disclaimer:", "免责声明：", "Note:" ...


def _sentence_shaped(line: str, min_words: int) -> bool:
    """More than ``min_words`` words (CJK-aware), ending like a sentence, and not a labelled
    notice ("Disclaimer: ...", "免责声明：..."; a label of at most 3 words before a colon)."""
    if not line.rstrip().endswith(_SENTENCE_END) or word_count_upto(line, min_words + 1) <= min_words:
        return False
    head = _LABEL_HEAD.match(line)
    return not (head and word_count_upto(head.group(1), 4) <= 3)


def strip_lines(
    text: str,
    keys: Iterable[str],
    max_words: int,
    sentence_words: int = 8,
    block_lines: int = 3,
    max_share: float = 0.8,
) -> tuple[str, List[Boilerplate]]:
    """Text without its short lines whose hash is in ``keys``, and the removed lines.

    Never body: a repeated line shaped like a sentence (more than ``sentence_words`` words, a
    sentence end) stays when a neighbouring line is one of this text's own (not repeated)
    sentences, i.e. it sits inside the report's prose (templated reports of one publisher share a
    content sentence), unless it is one of ``block_lines`` or more repeated sentences in a row (a
    template block). Headings, link rows, short lines and sentences among furniture still go.

    A copy is not furniture: when the repeated lines hold more than ``max_share`` of the text's
    words (CJK-aware ``word_count``), the text is (nearly) another document of the group again
    (the same story at a second URL, an AMP or print version, a re-crawl) and nothing is removed;
    dedup decides about copies later. Page furniture is a small part of an article.
    """
    keys = set(keys)
    lines = [raw.strip() for raw in text.split("\n") if raw.strip()]
    repeated = []
    for line in lines:
        norm = normalize_for_match(line)
        repeated.append(bool(norm) and len(norm.split()) <= max_words and _norm_key(norm) in keys)
    shaped = [_sentence_shaped(line, sentence_words) for line in lines]
    body = [r and s and _inside_prose(j, repeated, shaped, block_lines) for j, (r, s) in enumerate(zip(repeated, shaped))]
    kept, removed = [], []
    for line, is_repeated, is_body in zip(lines, repeated, body):
        if is_repeated and not is_body:
            removed.append(Boilerplate(REPEATED, line))
        else:
            kept.append(line)
    if removed:
        gone = sum(word_count(b.text) for b in removed)
        if gone > max_share * (gone + sum(word_count(line) for line in kept)):
            return "\n\n".join(lines), []
    return "\n\n".join(kept), removed


def _inside_prose(j: int, repeated: list, shaped: list, block_lines: int) -> bool:
    """Is repeated sentence ``j`` next to one of the text's own sentences, and not part of a run of
    ``block_lines`` or more repeated sentences?"""
    start = end = j
    while start > 0 and repeated[start - 1] and shaped[start - 1]:
        start -= 1
    while end < len(shaped) - 1 and repeated[end + 1] and shaped[end + 1]:
        end += 1
    if end - start + 1 >= block_lines:
        return False
    return any(0 <= k < len(shaped) and not repeated[k] and shaped[k] for k in (j - 1, j + 1))


# ---- Beam: StripBoilerplate -------------------------------------------------------------------


def enough_words(text: str, language: str, n_words: int, min_words: int) -> bool:
    """The minimum-length gate, fair to languages of long words: do ``n_words`` words of ``text`` (its
    ``word_count``) in ``language`` (ISO 639-1 or "und") weigh at least ``min_words`` reference
    (English) words, each word weighing ``language.word_weight`` (its language's typical word length
    over English's, 1 to 3)? A 17-word Malayalam brief (about 2 English words a word) is an article;
    English stubs and furniture are counted word by word as before."""
    if n_words >= min_words:
        return True
    return n_words * word_weight(text, language) >= min_words


def _validate_clean_config(config: dict) -> dict:
    settings = CleanSettings.parse(config)
    if not settings.lexicon_data:
        raise ConfigError("clean.lexicon_data is missing (load_config reads clean.lexicon into it)")
    Lexicon(settings.lexicon_data)  # fails now, on the launcher, if the lexicon is malformed
    return {"min_words": settings.min_words, "lexicon_data": settings.lexicon_data}


class _StripBoilerplateFn(MeteredDoFn, beam.DoFn):
    """Document -> Document without boilerplate (``boilerplate`` extended); too short -> Rejected.

    Reject reasons: empty_after_cleaning (nothing left), no_text (numbers/symbols/emoji only),
    too_short (fewer than ``min_words`` words left).
    """

    REJECTED = "rejected"
    STAGE = STAGE

    def __init__(self, lexicon_data: dict, min_words: int, language_settings=None):
        self._lexicon_data = lexicon_data
        self._min_words = min_words
        self._language_settings = language_settings
        self._lexicon = None
        self._detector = None

    def setup(self):
        super().setup()
        self._lexicon = Lexicon(self._lexicon_data)
        self._detector = LanguageDetector(self._language_settings)
        self._too_short = Metrics.counter("news.clean", "filtered:too_short")
        self._empty = Metrics.counter("news.clean", "filtered:empty_after_cleaning")
        self._no_text = Metrics.counter("news.clean", "filtered:no_text")
        self._lines = Metrics.counter("news.clean", "removed_lines")

    def handle(self, doc: Document):
        original = doc.text
        plain = not is_html(doc)
        found = clean_text(
            doc.text,
            self._lexicon,
            title=doc.title,
            language=doc.language,
            find_title=plain and not doc.title.strip(),
            site_names=(doc.publisher,),
            url=doc.url,
            detector=self._detector,
        )
        self._lines.inc(len(found.boilerplate))
        doc = doc._replace(
            text=found.text,
            title=found.title or doc.title,
            authors=merge_authors(doc.authors, found.authors, (doc.publisher,), doc.url, found.page_languages or ()),
            publisher=found.publisher or doc.publisher,
            # the page's own metadata date wins over one read in a publication line
            published=doc.published or found.published,
            boilerplate=list(doc.boilerplate) + found.boilerplate,
        )
        n_words = word_count_upto(found.text, max(1, self._min_words))  # exact below the limit
        no_text_letters = self._lexicon.limits["no_text_min_letters"]
        if n_words == 0 and has_letters(original, no_text_letters):
            self._empty.inc()
            yield beam.pvalue.TaggedOutput(self.REJECTED, reject(doc, STAGE, "empty_after_cleaning"))
        elif n_words == 0 and has_letters(doc.title, 1):
            # a page whose one line became its title (a fetched text/plain page): too short, not "no letters"
            self._too_short.inc()
            yield beam.pvalue.TaggedOutput(
                self.REJECTED, reject(doc, STAGE, "too_short", f"0 words < {self._min_words} (only a title)")
            )
        elif not has_letters(found.text, no_text_letters) and has_letters(original, 1):
            # a few letters (fewer than no_text_min_letters): too short, not "no letters" (trial 7)
            self._too_short.inc()
            yield beam.pvalue.TaggedOutput(
                self.REJECTED, reject(doc, STAGE, "too_short", f"{n_words} words < {self._min_words}")
            )
        elif not has_letters(found.text, no_text_letters):
            self._no_text.inc()
            yield beam.pvalue.TaggedOutput(
                self.REJECTED, reject(doc, STAGE, "no_text", "no letters: numbers, symbols or emoji only")
            )
        elif n_words < self._min_words and not self._long_words_enough(found.text, doc.language, n_words):
            self._too_short.inc()
            yield beam.pvalue.TaggedOutput(
                self.REJECTED, reject(doc, STAGE, "too_short", f"{n_words} words < {self._min_words}")
            )
        else:
            yield doc

    def _long_words_enough(self, text: str, language: str, n_words: int) -> bool:
        """Do ``n_words`` words of a language of long words say ``min_words`` English words' worth
        (``enough_words``)? The text's language: the document's own, else detected here (only short
        texts get here)."""
        if not n_words:
            return False
        language = language or self._detector.detect(text).language
        return enough_words(text, language, n_words, self._min_words)


class StripBoilerplate(beam.PTransform):
    """PCollection[Document] -> (ok: PCollection[Document], rejected: PCollection[Rejected])."""

    def __init__(self, config: dict, language_config: dict | None = None):
        """``config``: the ``clean`` section; ``language_config``: the ``language`` section (the
        per-paragraph detector of the foreign-edge rule; its defaults when None)."""
        super().__init__()
        checked = _validate_clean_config(config)
        self._min_words = checked["min_words"]
        self._lexicon_data = checked["lexicon_data"]
        self._language_settings = parse_language_settings(language_config) if language_config else None

    def expand(self, docs):
        fn = _StripBoilerplateFn(self._lexicon_data, self._min_words, self._language_settings)
        results = (
            docs
            | "Strip" >> beam.ParDo(fn).with_outputs(_StripBoilerplateFn.REJECTED, main="ok").with_exception_handling()
        )
        crashed = results["bad"] | "AdaptCrashes" >> AdaptFailures(STAGE)
        rejected = (results[_StripBoilerplateFn.REJECTED], crashed) | "MergeRejected" >> beam.Flatten()
        return results["ok"], rejected


# ---- Beam: StripRepeatedLines -----------------------------------------------------------------


class StripRepeatedLines(beam.PTransform):
    """PCollection[Document] -> PCollection[Document] without the short lines repeated across a group.

    A line (hash of its normalised form, short lines only) is boilerplate for a publisher (the
    Document's ``group``) when it appears in at least ``repeated_min_docs`` documents of the group
    and in at least ``repeated_min_share`` of them. Counting is a combine keyed by (group, hash);
    only the keys found repeated (a set per group) and one count per group reach the workers, as
    side inputs: documents are never gathered per group.

    The documents wait for those side inputs, so a runner materialises them; they are reshuffled
    (dealt out one by one) on their way to the stripping step, which is fused with the later
    stages: the DirectRunner splits a materialised collection into one part per worker by the
    chunks its workers happened to send (4.9 vs 21 MB of 5,110 documents measured: one worker idle
    for half of cleaning, language and dedup preparation), a shuffled one by element. The counts
    are taken before the shuffle, or the stripping step could not fuse with it.
    """

    def __init__(self, config: dict):
        super().__init__()
        settings = CleanSettings.parse(config)
        self._min_docs = settings.repeated_min_docs
        self._min_share = settings.repeated_min_share
        self._max_words = settings.repeated_max_words
        self._sentence = (settings.repeated_sentence_words, settings.repeated_block_lines, settings.repeated_max_text_share)
        if self._min_share > 1:
            raise ConfigError(f"clean.repeated_min_share must be <= 1, got {self._min_share}")
        if settings.repeated_max_text_share > 1:
            raise ConfigError(
                f"clean.repeated_max_text_share must be <= 1, got {settings.repeated_max_text_share}"
            )

    def expand(self, docs):
        max_words, min_docs, min_share = self._max_words, self._min_docs, self._min_share

        def line_refs(doc: Document):
            if doc.group:  # no publisher scope, no statistics
                for key in short_line_keys(doc.text, max_words):
                    yield (doc.group, key), 1

        def repeated(item, group_sizes):
            (group, key), count = item
            size = group_sizes.get(group, 0)
            if count >= min_docs and size and count / size >= min_share:
                yield group, key

        group_sizes = (
            docs
            | "GroupOfDoc" >> beam.FlatMap(lambda doc: [(doc.group, 1)] if doc.group else [])
            | "CountDocsPerGroup" >> beam.CombinePerKey(sum)
        )
        repeated_keys = (
            docs
            | "LineKeys" >> beam.FlatMap(line_refs)
            | "CountDocsPerLine" >> beam.CombinePerKey(sum)
            | "KeepRepeated" >> beam.FlatMap(repeated, group_sizes=beam.pvalue.AsDict(group_sizes))
            | "RepeatedPerGroup" >> beam.CombinePerKey(beam.combiners.ToSetCombineFn())
        )
        return docs | "Spread" >> beam.Reshuffle() | "StripRepeated" >> beam.ParDo(
            _StripRepeatedFn(max_words, *self._sentence), beam.pvalue.AsDict(repeated_keys)
        )


class _StripRepeatedFn(beam.DoFn):
    """Document -> Document without its lines repeated across its group (side input: repeated keys)."""

    def __init__(self, max_words: int, sentence_words: int = 8, block_lines: int = 3, max_share: float = 0.8):
        self._max_words = max_words
        self._sentence_words = sentence_words
        self._block_lines = block_lines
        self._max_share = max_share

    def setup(self):
        self._stripped = Metrics.counter("news.clean", "repeated_lines")

    def process(self, doc: Document, repeated: dict):
        in_group = repeated.get(doc.group) if doc.group else None
        if not in_group:  # most groups have no repeated line: nothing to hash
            yield doc
            return
        keys = short_line_keys(doc.text, self._max_words) & in_group
        if not keys:
            yield doc
            return
        text, removed = strip_lines(
            doc.text, keys, self._max_words, self._sentence_words, self._block_lines, self._max_share
        )
        if not removed:  # only body sentences matched, or the document is a copy
            yield doc
            return
        self._stripped.inc(len(removed))
        yield doc._replace(text=text, boilerplate=list(doc.boilerplate) + removed)
