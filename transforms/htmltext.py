"""The pure layer of the extract stage: HTML -> main text and metadata, and the isolated process
that runs it (``IsolatedExtractor``, ``serve``).

Kept apart from transforms/extract.py (the DoFn and composite) so that it imports no Beam: the
extraction process imports only this module and trafilatura, and starts in about 0.4 s instead
of 2.2 s (measured), which every worker pays once per stage.
"""

from __future__ import annotations

import os
import pickle
import re
import select
import signal
import struct
import subprocess
import sys
import time
from collections import Counter
from functools import lru_cache
from itertools import islice
from typing import List, NamedTuple

from transforms.dates import UPDATE_LEAD as _UPDATE_LEAD, publication_part

__all__ = [
    "detected_page_language",
    "Extracted",
    "ExtractionCrashed",
    "ExtractionError",
    "ExtractionTimeout",
    "IsolatedExtractor",
    "NothingExtracted",
    "TooComplex",
    "date_search_tree",
    "essential_metadata",
    "date_line",
    "checked_against_date_line",
    "extract_html",
    "keep_joiners",
    "lead_headline",
    "title_element_headline",
    "restore_linked_sentences",
    "without_empty_anchors",
    "settled",
    "visible_chars",
    "paragraphs_of_plain_text",
    "screen_markup",
    "serve",
]


class Extracted(NamedTuple):
    text: str  # paragraphs separated by a blank line
    title: str
    published: str
    authors: List[str]
    publisher: str
    url: str = ""  # the page's own address: <link rel=canonical> or og:url (absolute http(s)), "" if none


class NothingExtracted(ValueError):
    """trafilatura found no main text in the page (an expected reject, not a crash)."""


class TooComplex(ValueError):
    """Markup that would make the HTML parser or trafilatura run for minutes (measured: a tag
    with 60,000 attributes costs lxml 20 s to parse; 100,000 paragraphs cost trafilatura 80 s)."""


class MarkupLimits(NamedTuple):
    """What the markup screen allows: the work a page causes, not the size of any one value."""

    max_tags: int  # elements (tags) in the page
    max_attributes: int  # attributes in one tag
    max_depth: int  # nesting depth of elements, estimated from the tag sequence


_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE = re.compile(r"[^\s\"'<>/=]+\s*=")
# (closing slash, name, the rest up to ">"): a tag is self-closing when the rest ends in "/". The
# rest is matched greedily (a lazy `[^<>]*?(/?)>` tries the end at every character: 2.5x slower).
_TAG_EVENT = re.compile(r"<(/?)([a-z][a-z0-9:-]*)([^<>]*)>")
# Elements that never hold children (void) or whose end tag may be omitted: they do not nest.
_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd tr td th thead tbody tfoot option optgroup rp rt colgroup caption".split()
)
_RAW_OPEN = re.compile(r"<(script|style|textarea|xmp|plaintext)\b[^<>]*>")
# Past this many '=' in one tag run its attributes are counted properly (a linear scan).
_MANY = 64


def _attributes(tag: str) -> int:
    """Attributes in one tag (``<name a=1 b="x=y"...>``): quoted values, however long, are values."""
    if tag.count("=") <= _MANY:
        return tag.count("=")
    return len(_ATTRIBUTE.findall(_QUOTED.sub('""', tag)))


def markup_load(html: str) -> tuple[int, int, int]:
    """(tags, most attributes in one tag, deepest element nesting) of a page, by linear scans:
    script/style bodies skipped, void and optional-end elements not nesting, an unmatched end tag
    ignored."""
    lower = html.lower()
    parts, pos = [], 0
    for match in _RAW_OPEN.finditer(lower):  # raw-text bodies: their '<' are not tags
        if match.start() < pos:
            continue
        parts.append(lower[pos : match.end()])
        end = lower.find("</" + match.group(1), match.end())
        pos = len(lower) if end < 0 else end
    parts.append(lower[pos:])
    depth = deepest = most = 0
    for closing, name, body in _TAG_EVENT.findall("".join(parts)):
        if closing:
            if name not in _FLAT:
                depth = max(0, depth - 1)
            continue
        if body.count("=") > most:
            most = max(most, _attributes(body))
        if name not in _FLAT and not body.endswith("/"):
            depth += 1
            deepest = max(deepest, depth)
    return html.count("<"), most, deepest


def screen_markup(html: str, limits: MarkupLimits) -> None:
    """Raise TooComplex for a page whose markup would cost minutes: too many elements, a tag
    with too many attributes, or nesting too deep (linear scans, before any parsing). The length
    of one attribute value or of the text is not limited (a 334 KB ``data-`` JSON attribute is
    one attribute; the page's size is capped where it is read or fetched)."""
    tags = html.count("<")
    if tags > limits.max_tags:  # checked first: it bounds the scan below
        raise TooComplex(f"{tags} tags (limit {limits.max_tags})")
    _, most, deepest = markup_load(html)
    if most > limits.max_attributes:
        raise TooComplex(f"a tag with {most} attributes (limit {limits.max_attributes})")
    if deepest > limits.max_depth:
        raise TooComplex(f"elements nested {deepest} deep (limit {limits.max_depth})")


def _split_authors(author: str | None) -> List[str]:
    """trafilatura's author string -> names, without a byline lead word left before one
    ("بقلم خالد المنصوري": trafilatura drops the colon of "بقلم: ..." but keeps the cue)."""
    from transforms.bylines import without_lead_word

    if not author:
        return []
    return [without_lead_word(a.strip()) for a in re.split(r";|\s+\|\s+", author) if a.strip()]


class _Mode(NamedTuple):
    """One trafilatura extraction mode (the arguments of ``bare_extraction`` that differ per pass)."""

    favor_precision: bool
    favor_recall: bool
    fast: bool
    include_tables: bool


def _extractor(mode: _Mode, url: str, include_comments: bool):
    """trafilatura's ``Extractor`` for ``mode``, as ``bare_extraction`` builds it (python output,
    no metadata, no dedup: trafilatura's dedup cache is per process, results would vary)."""
    from copy import copy

    options = copy(_base_extractor(mode, include_comments))
    options.url = url or None
    options.source = options.url and options.url.encode("utf-8", "replace").decode("utf-8")
    return options


@lru_cache(maxsize=16)
def _base_extractor(mode: _Mode, include_comments: bool):
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=mode.fast, precision=mode.favor_precision,
                     recall=mode.favor_recall, comments=include_comments, tables=mode.include_tables, dedup=False)


def _comments_pruned(options, is_forum: bool) -> bool:
    # trafilatura_sequence: comments off -> the raw tree loses its comment sections and lists
    return not options.comments and (options.focus == "precision" or not is_forum)


def _texts(tree, url: str, include_comments: bool, modes: list) -> list:
    """trafilatura's main text of a parsed page in each of ``modes``, one paragraph per line ("" when
    it finds none): what ``trafilatura.bare_extraction(tree, ...).text`` gives in each mode
    (trafilatura 2.3, core.py; tests/test_extract_choice.py checks the equality on real pages).
    ``tree`` is not changed. See ``_mode_texts``."""
    return list(_mode_texts(tree, url, include_comments, modes))


def _mode_texts(tree, url: str, include_comments: bool, modes: list):
    """``_texts`` one mode at a time (a generator: a mode's pass runs only when its text is asked
    for), with the steps that do not depend on the mode done once for all of them: the copy of
    the page, the forum check and the raw-tree prunes (infinite-scroll / share containers and, with
    comments off, comment sections: their XPaths cost ~10% of a pass)."""
    from copy import copy

    from trafilatura.core import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, _forum_thread_page
    from trafilatura.htmlprocessing import prune_unwanted_nodes

    extractors = [_extractor(mode, url, include_comments) for mode in modes]
    try:  # bare_extraction: a TypeError or ValueError on the way means no text
        raw = copy(tree)  # bare_extraction copies the tree it is given
        is_forum = _forum_thread_page(raw)
        raw = prune_unwanted_nodes(raw, RAW_TREE_PRUNE_XPATH)
        wanted = {_comments_pruned(options, is_forum) for options in extractors}
        trees = {False: raw} if False in wanted else {}
        if True in wanted:
            trees[True] = prune_unwanted_nodes(copy(raw) if False in wanted else raw, REMOVE_COMMENTS_AND_LISTS_XPATH)
    except (TypeError, ValueError):
        yield from [""] * len(modes)
        return
    for options in extractors:
        try:
            yield _sequence_text(trees[_comments_pruned(options, is_forum)], options, is_forum)
        except (TypeError, ValueError):
            yield ""


def _sequence_text(tree, options, is_forum: bool) -> str:
    """trafilatura 2.3's ``trafilatura_sequence`` from its ``_prepare_tree`` step on (the raw-tree
    prunes are done by the caller) and the text ``bare_extraction`` makes of its result.
    ``tree`` is only read (every step below works on copies)."""
    from lxml.etree import Element, strip_tags
    from trafilatura import core
    from trafilatura.baseline import baseline, html2txt
    from trafilatura.external import justext_rescue
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes
    from trafilatura.main_extractor import _elem_text, extract_comments
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import REMOVE_COMMENTS_XPATH
    from copy import copy

    url = options.url
    cleaned_tree, cleaned_tree_backup = core._prepare_tree(tree, options, url)
    commentsbody, temp_comments = Element("body"), ""
    forum_posts = None
    if options.comments:
        commentsbody, temp_comments, cleaned_tree = extract_comments(cleaned_tree, options)
        if temp_comments and is_forum:
            forum_posts = commentsbody
            commentsbody, temp_comments = Element("body"), ""
            cleaned_tree = convert_tags(copy(cleaned_tree_backup), options, url)
    if options.focus == "precision" and not is_forum:
        cleaned_tree = prune_unwanted_nodes(cleaned_tree, REMOVE_COMMENTS_XPATH)
    postbody, temp_text = core._extract_and_compare(cleaned_tree, cleaned_tree_backup, tree, options)
    if len(temp_text) < options.min_extracted_size and options.focus != "precision":
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(temp_text):
            postbody, temp_text = b_body, b_text
            forum_posts = None
    if (
        options.focus == "balanced"
        and 0 < len(temp_text) < core.ESCALATION_MAX_LENGTH
        and len(temp_text) < core.ESCALATION_PAGE_SHARE * len(html2txt(tree))
    ):
        r_options = copy(options)
        r_options.focus = "recall"
        esc_tree = (
            tree
            if is_forum or not options.comments
            else prune_unwanted_nodes(
                copy(tree), core.REMOVE_COMMENTS_AND_LISTS_XPATH if temp_comments else REMOVE_COMMENTS_XPATH
            )
        )
        r_text = ""
        try:
            r_body, r_text = core._recall_retry(esc_tree, r_options, url)
        except Exception:  # noqa: BLE001 - as trafilatura: a failed retry keeps the first result
            pass
        j_text = ""
        if not options.fast:
            try:
                j_body, j_text = justext_rescue(copy(esc_tree), options)
            except Exception:  # noqa: BLE001
                pass
        len_text, r_len, j_len = len(temp_text), len(r_text), len(j_text)
        if j_len > r_len and j_len > core.ESCALATION_JUSTEXT_RATIO * len_text:
            postbody, temp_text, forum_posts = j_body, j_text, None
        elif r_len >= options.min_extracted_size and r_len > core.ESCALATION_ACCEPT_RATIO * len_text:
            postbody, temp_text, forum_posts = r_body, r_text, None
    if forum_posts is not None:
        existing = "\n".join(filter(None, (_elem_text(el) for el in postbody)))
        salvaged = [el for el in forum_posts if (t := _elem_text(el)) and t not in existing]
        if salvaged:
            postbody.extend(salvaged)
            temp_text = " ".join(postbody.itertext()).strip()
    # bare_extraction's checks after the sequence
    if options.max_tree_size:
        if len(postbody) > options.max_tree_size:
            strip_tags(postbody, "hi")
        if len(postbody) > options.max_tree_size:
            return ""
    if len(temp_text) < options.min_output_size and len(temp_comments) < options.min_output_comm_size:
        return ""
    return (xmltotxt(postbody, options.formatting) or "").strip()


# Choosing between two extractions of the same page (measured on extraction-aeb, -daniel and
# -fundus80 with benchmarks/extraction.py; the figures are in README "Extraction quality").
# The configured mode (favor_precision, no fallback) is right on most pages but, on some, keeps
# only the lead, the comments or the footer; trafilatura's default mode (its readability/jusText
# comparison on, tables off: what `trafilatura.extract` does) keeps body paragraphs the
# precision mode prunes, and teasers and navigation with them. The precision text is kept when
# it is a pruning of the default text (at least CONTAINED of its tokens are in it) that keeps at
# least KEPT_SHARE of it; when it keeps less than LOST_SHARE it lost the body; in between, and
# whenever the two disagree on what the article is, the one closer to an independent third
# opinion (readability's single best content node, token F1) wins.
CONTAINED = 0.9
KEPT_SHARE = 0.5
LOST_SHARE = 0.1

_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(text))


def token_f1(a: Counter, b: Counter) -> float:
    """F1 of two token multisets (1.0 when both are empty)."""
    common = sum((a & b).values())
    total = sum(a.values()) + sum(b.values())
    return 1.0 if total == 0 else 2 * common / total


def _readability_text(tree) -> str:
    """readability's (trafilatura's fork) main content of the page, as plain text."""
    from copy import deepcopy

    from trafilatura.external import try_readability
    from trafilatura.utils import trim

    return trim(" ".join(try_readability(deepcopy(tree)).itertext()))


def choose_extraction(precise: str, default: str, third_opinion) -> tuple[str, str]:
    """(text, reason): ``precise`` (the configured mode) or ``default`` (trafilatura's default
    mode) by the rule above; ``third_opinion()`` returns the arbiter's text, called only when
    needed. Reasons: "only", "pruning", "lost_body", "arbiter"."""
    if not precise or not default:
        return (precise or default), "only"
    a, b = _tokens(precise), _tokens(default)
    if not a or not b:
        return (precise if a else default), "only"
    contained = sum((a & b).values()) / sum(a.values())
    share = len(precise) / len(default)
    if contained >= CONTAINED and share >= KEPT_SHARE:
        return precise, "pruning"
    if contained >= CONTAINED and share < LOST_SHARE:
        return default, "lost_body"
    arbiter = _tokens(third_opinion())
    return (precise if token_f1(a, arbiter) >= token_f1(b, arbiter) else default), "arbiter"


# Layout tables. Pages built before CSS layouts hold their whole template in <table>s of <table>s:
# trafilatura's precision pass (tables on) turns the article into "| cell | cell |" rows, its default
# pass (tables off) drops the tables and falls back on its baselines. A table is layout when its
# role says so, when it holds another table, or when one of its own cells holds blocks (paragraphs,
# divisions, headings, lists, quotes) or prose (LAYOUT_CELL_WORDS or more words); else it is data
# when it has a caption, a summary, a header row or header cells, or more than one row and column;
# a one-row or one-column table is layout. A layout table, its row groups, rows and cells become
# <div>s, and the loose text of a cell (text and inline elements between its blocks, as old pages
# write paragraphs: "text<br><br>text"; a run of links only stays loose) a <p>, so the precision
# pass reads it as paragraphs; so does the text after an unwrapped table (a photo box's caption
# table followed by the lead). Done only when the precision text holds table rows (main_text).
# Measured (benchmarks/extraction.py, 511 pages): DAnIEL 0.8698 -> 0.8765 (53 pages change, 29
# better, 8 lower; worse than bare 4 -> 4: bcc.com.tw fixed, utro.ru new), AEB 0.9737 -> 0.9738,
# Fundus80 unchanged. Unwrapping every page with a layout table instead (the default pass then
# skipped where the precision text had held the rows): 0.8758 but 5 pages worse than bare; and
# giving loose text beside blocks a <p> everywhere in such pages: 0.8731, 8 worse.
LAYOUT_CELL_WORDS = 50
_BLOCKS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "article",
                     "section", "form", "pre"))
_BLOCK_LEVEL = _BLOCKS | frozenset(("table", "center", "hr", "nav", "header", "footer", "aside", "figure", "address",
                                    "fieldset", "main", "iframe", "menu", "dir", "noscript", "details", "li", "dd", "dt"))
_LOOSE_TEXT_PARENTS = frozenset(("div", "td", "th", "body", "section", "article", "center", "main", "form", "li",
                                 "blockquote", "dd"))


def _own_rows(table) -> list:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def is_layout_table(table) -> bool:
    """True when the <table> element ``table`` lays out its page rather than holding data (the rule
    above; words of scripts written without spaces counted as ``textnorm.count_words`` does)."""
    from transforms.textnorm import count_words

    if (table.get("role") or "").strip().lower() in ("presentation", "none"):
        return True
    if table.xpath(".//table"):
        return True
    rows = _own_rows(table)
    columns = 0
    for row in rows:
        cells = row.xpath("./td|./th")
        columns = max(columns, sum(int(c.get("colspan") or 1) if (c.get("colspan") or "1").isdigit() else 1
                                   for c in cells))
        for cell in cells:
            if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in cell.iterdescendants()):
                return True
            if count_words(cell.text_content()) >= LAYOUT_CELL_WORDS:
                return True
    if table.get("summary") or table.xpath("./caption|./thead|./colgroup|./tfoot|./tr/th|./*/tr/th"):
        return False
    if len(rows) <= 1 or columns <= 1:
        return True
    return False


def _paragraphs_of_cell(cell) -> None:
    """Wrap each run of ``cell``'s loose text and inline elements (between its block elements, and
    the inline elements holding blocks: <font><p>...</p></font>) in a <p>."""
    from lxml.html import Element

    children = list(cell)
    current = None
    if (cell.text or "").strip():
        current = Element("p")
        current.text = cell.text
    cell.text = None
    out = []
    for child in children:
        cell.remove(child)
        block = isinstance(child.tag, str) and (child.tag in _BLOCK_LEVEL or any(
            isinstance(inner.tag, str) and inner.tag in _BLOCK_LEVEL for inner in child.iterdescendants()))
        if block:
            if current is not None:
                out.append(current)
                current = None
            tail, child.tail = child.tail, None
            out.append(child)
            if (tail or "").strip():
                current = Element("p")
                current.text = tail
        else:
            if current is None:
                current = Element("p")
            current.append(child)
    if current is not None:
        out.append(current)
    for element in out:
        if element.tag == "p" and element.get("data-run") is None and not _has_own_text(element):
            # a run of links only (a menu, a list of headlines) stays loose, as trafilatura saw it
            cell.text = None if len(cell) else cell.text
            _append_loose(cell, element)
            continue
        cell.append(element)


def _has_own_text(run) -> bool:
    """True when the run holds text outside links (<a>)."""
    if (run.text or "").strip():
        return True
    for child in run.iter():
        if child is run:
            continue
        inside_link = child.tag == "a" or any(a.tag == "a" for a in child.iterancestors() if a is not run)
        if not inside_link and isinstance(child.tag, str) and (child.text or "").strip():
            return True
        if child.getparent() is not None and (child.tail or "").strip():
            parent = child.getparent()
            if parent is run or not (parent.tag == "a" or any(a.tag == "a" for a in parent.iterancestors() if a is not run)):
                return True
    return False


def _append_loose(cell, run) -> None:
    """Put the contents of ``run`` (text and children) at the end of ``cell`` without a wrapper."""
    if run.text:
        if len(cell):
            cell[-1].tail = (cell[-1].tail or "") + run.text
        else:
            cell.text = (cell.text or "") + run.text
    for child in list(run):
        cell.append(child)


def unwrap_layout_tables(tree):
    """``tree`` itself when it has no layout table (``is_layout_table``), else a copy in which each
    layout table, its row groups, rows and cells are <div>s and a cell's loose text <p>s (data
    tables inside unchanged)."""
    from copy import deepcopy

    if not any(is_layout_table(table) for table in tree.iter("table")):
        return tree
    tree = deepcopy(tree)
    layout = [table for table in tree.iter("table") if is_layout_table(table)]
    for table in layout:
        for row in _own_rows(table):
            for cell in row.xpath("./td|./th"):
                _paragraphs_of_cell(cell)
                cell.tag = "div"
            if row.getparent() is not table:
                row.getparent().tag = "div"
            row.tag = "div"
        for caption in table.xpath("./caption"):
            caption.tag = "div"
        table.tag = "div"
        parent = table.getparent()
        if (table.tail or "").strip() and parent is not None and parent.tag in _LOOSE_TEXT_PARENTS:
            _paragraphs_of_cell(parent)  # the text after the table (a photo box's) is loose text now
    return tree


def main_text(tree, url: str = "", options: dict | None = None) -> str:
    """The article body of a parsed page, one paragraph per line ("" when none): the configured
    trafilatura mode and, when it is favor_precision and ``options["compare_default_mode"]`` is
    on, trafilatura's default mode too, one chosen per page (``choose_extraction``); the default
    pass is skipped when the precision text settles the choice on its own (``settled``, with
    ``options["settled_coverage"]``; 0 or absent: never skipped). When the precision text holds
    table rows and ``options["unwrap_layout_tables"]`` is on, the page's layout tables become blocks
    (``unwrap_layout_tables``) and both passes read that page instead."""
    options = options or {}
    precision = bool(options.get("favor_precision", False))
    configured = _Mode(precision, bool(options.get("favor_recall", False)), bool(options.get("no_fallback", False)),
                       bool(options.get("include_tables", True)))
    comments = bool(options.get("include_comments", False))
    if not precision or not options.get("compare_default_mode", True):
        return _texts(tree, url, comments, [configured])[0]
    coverage = float(options.get("settled_coverage") or 0)
    tree = without_empty_anchors(tree)
    passes = _mode_texts(tree, url, comments, [configured, _DEFAULT_MODE])
    precise = next(passes)
    if options.get("unwrap_layout_tables", False) and _has_table_row(precise):
        unwrapped = unwrap_layout_tables(tree)
        if unwrapped is not tree:  # the precision text holds layout tables' cells: both passes again
            tree = unwrapped
            passes = _mode_texts(tree, url, comments, [configured, _DEFAULT_MODE])
            precise = next(passes)
    if settled(precise, tree, coverage):
        return restore_linked_sentences(tree, precise)
    chosen = choose_extraction(precise, next(passes), lambda: _readability_text(tree))[0]
    return restore_linked_sentences(tree, chosen) if chosen is precise else chosen


# An empty anchor before a paragraph's text (WordPress's "read more" mark <p><span id="more-5995">
# </span>It's not clear why ...</p>, an old page's <a name="x"></a>): trafilatura's precision pass
# discards the element with its tail, the paragraph's whole text. Such elements go (their tail kept)
# from a copy of the page, made only when one precedes text.
_EMPTY_ANCHORS = "//body//span[not(node())][following-sibling::node()[1][self::text()]]|//body//a[not(node())][following-sibling::node()[1][self::text()]]"


def without_empty_anchors(tree):
    """``tree``, or a copy of it without empty <span>/<a> elements followed by text (tails kept)."""
    from copy import deepcopy

    if not any((el.tail or "").strip() for el in tree.xpath(_EMPTY_ANCHORS)):
        return tree
    tree = deepcopy(tree)
    for el in tree.xpath(_EMPTY_ANCHORS):
        if (el.tail or "").strip() and el.getparent() is not None:
            el.drop_tree()
    return tree


# trafilatura's precision pass deletes every short <div> (under 200 characters) that holds a link
# (htmlprocessing.delete_by_link_density, backtracking with depth 1): on pages that wrap each
# paragraph in its own <div> (Arc-style "card" layouts), a sentence of the article holding a link
# ("... published Monday in the <a>journal Nature Astronomy</a>.") is lost between two kept ones.
# Such a paragraph comes back: a <p> between two paragraphs the text keeps next to each other,
# a sentence (RESTORE_MIN_WORDS words, a sentence end) whose links hold at most
# RESTORE_MAX_LINK_SHARE of its characters, outside navigation, asides, footers, figures and forms.
# The same deletion takes a live blog's entry (or a card) whose paragraph has no link of its own
# when the entry's short <div> also holds a "read more" / "related" link line: the 200-character
# limit is a sentence or two in Korean, Hebrew, Chinese. A link-free sentence comes back too when
# an enclosing <div>/<section>/<article> under RESTORE_BOX_CHARS characters holds links (the
# deletion's mark), all after the sentence (a teaser card's dek under its linked headline stays
# out: Fundus80 TheNewYorker_3); the link lines between the two kept paragraphs (links hold more than
# RESTORE_MAX_LINK_SHARE of them) stay out. Any other paragraph in the gap keeps the whole gap out.
RESTORE_MIN_WORDS = 8
RESTORE_MAX_LINK_SHARE = 0.5
RESTORE_BOX_CHARS = 200  # trafilatura's precision len_threshold in delete_by_link_density
_BOXES = frozenset(("div", "section", "article"))
_NOT_ARTICLE = frozenset(("nav", "aside", "footer", "figure", "figcaption", "form", "header", "blockquote", "li", "table"))
_SENTENCE_CLOSE = re.compile(r"[.!?。！？…][\"'”’»)\]]*$")


def restore_linked_sentences(tree, text: str) -> str:
    """``text`` (one paragraph per line, as ``main_text`` gives it) with the linked sentences the
    precision pass dropped between two of its paragraphs put back in place (see above)."""
    if not text:
        return text
    lines = text.split("\n")
    where = {}
    for index, line in enumerate(lines):
        where.setdefault(" ".join(line.split()), index)
    run, previous, inserts = [], None, {}
    for p in tree.iter("p"):
        if any(a.tag in _NOT_ARTICLE for a in p.iterancestors()):
            continue
        words = " ".join(p.text_content().split())
        index = where.get(words)
        if index is None:
            if previous is not None and words:
                run.append((words, p))
            continue
        if previous is not None and index == previous + 1 and run:
            kept = [w for w, el in run if _linked_sentence(w, el) or _boxed_sentence(w, el)]
            links = [w for w, el in run if _link_share(w, el) > RESTORE_MAX_LINK_SHARE]
            if kept and len(kept) + len(links) == len(run):  # every paragraph between them is one or a link line
                inserts[previous] = kept
        run, previous = [], index
    if not inserts:
        return text
    out = []
    for index, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(index, ()))
    return "\n".join(out)


def _link_share(words: str, p) -> float:
    """The share of ``words`` (``p``'s text, spaces normalised) its links hold."""
    linked = sum(len(" ".join(a.text_content().split())) for a in p.iter("a"))
    return linked / max(len(words), 1)


def _sentence(words: str) -> bool:
    return len(words.split()) >= RESTORE_MIN_WORDS and bool(_SENTENCE_CLOSE.search(words))


def _linked_sentence(words: str, p) -> bool:
    if p.find(".//a") is None or not _sentence(words):
        return False
    return _link_share(words, p) <= RESTORE_MAX_LINK_SHARE


def _boxed_sentence(words: str, p) -> bool:
    """A link-free sentence in a short box that holds a link elsewhere (see above)."""
    if p.find(".//a") is not None or not _sentence(words):
        return False
    for box in p.iterancestors():
        if box.tag not in _BOXES:
            continue
        if len(" ".join(box.text_content().split())) >= RESTORE_BOX_CHARS:
            return False
        if box.find(".//a") is not None:  # its links follow the sentence: a teaser's linked headline comes first
            for el in box.iter():
                if el is p:
                    return True
                if el.tag == "a":
                    return False
    return False


# Skipping the default pass. On the 511 bench pages (AEB, DAnIEL, Fundus80) the rule above keeps
# the precision text on 439 and takes the default text on 72: pages where the precision mode
# found nothing (16), kept only the lead, a caption or the comments ("lost_body" and most
# "arbiter" cases: the precision text is under 18% of the page's visible text on every one of
# them), or extracted a layout table whose cells hold the article (the default mode extracts no
# tables, so its text differs exactly there: 37 of the 73 precision texts with a table row lose
# to it). A precision text with no table row that holds at least ``settled_coverage`` (0.25) of
# the page's visible text is kept without the default pass: 325 of the 511 pages, the output
# changing on 1 (where the default text had been the wrong choice). Measured with /tmp scripts
# and benchmarks/extraction.py (README "Extraction quality").
_INVISIBLE = ("script", "style", "noscript", "template")


def _ink(text: str) -> int:
    """Characters of ``text`` other than ASCII spaces, tabs and line ends."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")


def visible_chars(tree) -> int:
    """Non-blank characters (``_ink``) of the page's text, the contents of scripts, styles,
    noscript and template elements left out (markup and comments are not text)."""
    from lxml.etree import tostring

    count = _ink(tostring(tree, method="text", encoding="unicode"))
    for element in tree.iter(*_INVISIBLE):
        if not any(parent.tag in _INVISIBLE for parent in element.iterancestors()):
            count -= _ink(tostring(element, method="text", encoding="unicode", with_tail=False))
    return max(count, 0)


def _has_table_row(text: str) -> bool:
    return text.startswith("| ") or "\n| " in text


def settled(precise: str, tree, coverage: float) -> bool:
    """True when the precision text ``precise`` (``_texts``' format: a table row is a line opening
    with "| ") is kept whatever trafilatura's default mode would find, so that pass can be
    skipped: ``coverage`` > 0, ``precise`` holds no table row and at least ``coverage`` of the
    visible characters of the page ``tree`` (``visible_chars``)."""
    if coverage <= 0 or not precise:
        return False
    if _has_table_row(precise):
        return False
    return _ink(precise) >= coverage * visible_chars(tree)


# trafilatura's default mode: what `trafilatura.extract` does (its comparison on, tables off)
_DEFAULT_MODE = _Mode(favor_precision=False, favor_recall=False, fast=False, include_tables=False)


def _author(tree) -> str | None:
    """trafilatura's ``extract_author`` (a deep copy of the page pruned, then AUTHOR_XPATHS), the
    same answer computed on the page as it is (transforms/htmlauthor.py): about 1 ms instead of 7;
    else the names of an element named "author" in the page's own language (``_local_author``)."""
    from transforms.htmlauthor import extract_author

    found = extract_author(tree)
    under = headline_byline(tree, page_languages(tree))
    if under and (not found or {n.strip() for n in re.split(r"[;,]", found) if n.strip()} < set(under)):
        return "; ".join(under)  # "Piše: A i B" under the headline, of which trafilatura read A alone
    return found or _local_author(tree)


def page_languages(tree):
    """A function of no arguments giving the page's language as a one-code tuple ("pt" for
    <html lang="pt-BR">): the declared one, else the one detected on its text at the first call
    (``detected_page_language``); () when neither. What a byline's cues and list joiners are read
    in (``bylines.byline_names``, ``bylines.author_names``)."""
    declared = _page_locale(tree).replace("_", "-").split("-")[0].lower()
    if declared:
        return lambda: (declared,)
    detected = detected_page_language(tree)
    return lambda: tuple(code for code in (detected(),) if code and code != "und")


# trafilatura's author expressions know the English class names ("author", "byline"); sites name the
# element in their own language too: <span class="autor">Por Lucía Ferrández</span>. The words are
# the translations of "author" used as class/id names (es/pt/pl/cs/sk/ro/de "autor", fr "auteur",
# it "autore", lt "autorius", lv "autors", sl "avtor", da/no "forfatter", sv "forfattare", hu
# "szerzo", tr "yazar", id/ms "penulis", uz "muallif", vi "tacgia"). The innermost such element of
# at most LOCAL_AUTHOR_MAX_CHARS is read as a byline (``bylines.byline_names``: "Por" goes) or as one
# name (``bylines.is_person_name``).
_LOCAL_AUTHOR_WORDS = ("autor", "autora", "autore", "auteur", "autorius", "autors", "avtor", "forfatter",
                       "forfattare", "szerzo", "yazar", "penulis", "muallif", "tacgia", "tac-gia")
_LOCAL_AUTHOR = re.compile(r"(?:^|[\s_-])(?:" + "|".join(_LOCAL_AUTHOR_WORDS) + r")(?:$|[\s_-])", re.IGNORECASE)
LOCAL_AUTHOR_MAX_CHARS = 80


def _local_author(tree) -> str | None:
    from transforms.bylines import byline_names, is_person_name

    marked = [el for el in tree.iter()
              if isinstance(el.tag, str) and any(_LOCAL_AUTHOR.search(el.get(a) or "") for a in ("class", "id", "itemprop"))]
    inner = [el for el in marked if not any(other is not el and el in other.iterancestors() for other in marked)]
    for el in inner:
        text = " ".join(el.text_content().split())
        if not text or len(text) > LOCAL_AUTHOR_MAX_CHARS:
            continue
        names = byline_names(text) or ([text] if is_person_name(text) else [])
        names = [n for n in names if is_person_name(n)]
        if names:
            return "; ".join(names)
    return None


DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# Elements whose text is never a publication date: code, styles, and cookie / consent settings
# (htmldate's text search would otherwise read "expires 2024-01-01" from a consent script).
_NOT_DATES = (
    "//script[not(@type='application/ld+json' or @type='application/settings+json')]"
    "|//style|//noscript|//template"
)
_CONSENT_WORDS = ("cookie", "consent", "gdpr")
_CONSENT_MAX_CHARS = 3000  # a cookie box is small; a <body class="... f_bucketcookies_on"> is not one
_NEVER_CONSENT = frozenset(("html", "body", "main", "article"))


# Publication-date metadata read as written (with its time and offset) before htmldate, which
# drops the offset of some forms ("2023-03-09 01:30:00 +09:00", RFC 2822 in sailthru.date) and
# reads the modified date when the published one has milliseconds. In order of trust.
_PUBLISHED_META = (
    "//meta[@property='article:published_time' or @name='article:published_time']/@content",
    "//meta[@property='og:article:published_time' or @property='og:published_time']/@content",
    "//*[@itemprop='datePublished']/@content|//*[@itemprop='datePublished']/@datetime",
    "//meta[translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')="
    "'pubdate' or translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='publishdate'"
    " or translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='publish-date'"
    " or @name='parsely-pub-date' or @name='sailthru.date' or @name='dcterms.created'"
    " or @name='DC.date.issued' or @name='dc.date.issued' or @name='date']/@content",
)
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def metadata_published(tree) -> str:
    """The page's declared publication date as written (``article:published_time``,
    ``itemprop=datePublished``, JSON-LD ``datePublished``, ``pubdate``...), the first value
    transforms/dates.py can read with a time of day; "" when none has one (htmldate decides)."""
    from transforms.dates import parse_date

    values = [v for xpath in _PUBLISHED_META[:3] for v in tree.xpath(xpath)]
    for script in tree.xpath("//script[@type='application/ld+json']"):
        values.extend(_LD_PUBLISHED.findall(script.text or ""))
    values.extend(v for xpath in _PUBLISHED_META[3:] for v in tree.xpath(xpath))
    for value in values:
        value = " ".join(str(value).split())
        when = parse_date(value).when
        # a bare date is left to htmldate (it weighs it against the other candidates)
        if when is not None and re.search(r"\d[:h]\d\d|T\d{4}", value):
            return value
    return ""


# Visible publication lines: <time> and elements named as dates ("date", "dateline", "posted",
# "publish...", "fecha", "datum", "data", "tarih"), never one named as the modified/updated date or inside comments and footers.
_DATE_WORDS = ("date", "time", "publish", "posted", "fecha", "datum", "data", "tarih", "byline", "meta")
_NOT_DATE_WORDS = ("modif", "updat", "comment", "expir")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # XPath translate()'s


def _any_word(words) -> re.Pattern:
    """A pattern that finds any of ``words`` (lower-case ASCII) in a text with its ASCII letters in
    either case: ``pattern.search(text)`` == ``any(w in text.translate(_ASCII_LOWER) for w in words)``."""
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE | re.ASCII)


_DATE_NAME = _any_word(_DATE_WORDS)
_NOT_DATE_NAME = _any_word(_NOT_DATE_WORDS)
_DATE_OR_UPDATE_NAME = _any_word(_DATE_WORDS + ("modif", "updat"))
# an element the markup names as the modified date: class="date-modified", "updated", itemprop=dateModified
# (not id="story_update": udn.com's publication time)
_UPDATE_NAME = re.compile(r"modif|(?<![a-z])(?:updated|edited|revised)(?![a-z])", re.IGNORECASE | re.ASCII)


def _date_lines(tree):
    """Elements of the page in document order that may hold its publication line: every <time>,
    and every element whose class, id or itemprop (ASCII-lowercased) names a date word, neither
    naming a modified/updated/comment/expiry word; none inside a <footer>. The same elements as the XPath
    ``//time[not(ancestor::footer)]|//*[@class or @id or @itemprop][not(self::time)]
    [not(ancestor::footer)][contains(translate(concat(@class,' ',@id,' ',@itemprop), A-Z, a-z),
    'date') or ...][not(contains(..., 'modif') or ...)]``, lazily: that XPath took ~9 ms a page
    (a translate() per element), this walk ~1.5 ms (511 bench pages, identical lists)."""
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        get = element.get
        named = f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''}"
        if tag != "time" and not _DATE_NAME.search(named):
            continue
        if _NOT_DATE_NAME.search(named):
            continue  # <time class="date-modified">, <span class="updated">: not the publication line
        if next(element.iterancestors("footer"), None) is None:
            yield element


MAX_DATE_LINES = 4  # the first few date-named lines of a page; its own comes first in the markup
_ONLY_A_DAY = re.compile(r"T00:00:00$")  # htmldate's form of a date without a time of day
_LOCAL_TIME = re.compile(r"T\d\d:\d\d:\d\d$")  # a time of day without an offset (DATE_FORMAT's %z empty)


def date_line(tree):
    """``_date_line``'s publication line; one whose time of day has no zone it could be read in
    (``DateLine.local``: no zone named, none from the page's address or language) is read with the
    offset of the page's own machine-readable dates (``_page_date_offset``: a modified_time
    "+09:00", a <time datetime> of the same day), else left with its ``local`` time: its instant
    is unknown (``checked_against_date_line`` gives no date rather than midnight UTC)."""
    found = _date_line(tree)
    if found is None or found.local is None or found.zoned_time:
        return found
    offset = _page_date_offset(tree, found.written)
    if offset is None:
        return found
    import datetime as dt

    local = dt.datetime.combine(found.written, found.local)
    return found._replace(when=(local - dt.timedelta(minutes=offset)).replace(tzinfo=dt.timezone.utc),
                          zoned_time=True, local=None)


_OFFSET_DATE = re.compile(r"(?<!\d)(\d{4}-\d\d-\d\d)[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?([+-])(\d\d):?(\d\d)(?!\d)")
_DATE_VALUES = "//meta/@content|//*[@datetime]/@datetime|//*[@itemprop]/@content|//script[@type='application/ld+json']/text()"


def _page_date_offset(tree, day):
    """The UTC offset (minutes) the page's machine-readable dates (meta content, datetime and
    itemprop attributes, JSON-LD) write with their times: the one offset of those of ``day``, else
    the one offset of them all; None when they write none ("Z" says nothing of the page's clock) or
    several."""
    found: dict = {}
    for value in tree.xpath(_DATE_VALUES):
        for m in _OFFSET_DATE.finditer(str(value)[:20000]):
            minutes = (int(m[3]) * 60 + int(m[4])) * (-1 if m[2] == "-" else 1)
            found.setdefault(m[1], set()).add(minutes)
    same_day = found.get(day.isoformat(), set())
    every = set().union(*found.values()) if found else set()
    for offsets in (same_day, every):
        if len(offsets) == 1:
            return next(iter(offsets))
    return None


def _date_line(tree):
    """The first visible publication line of the page that transforms/dates.py's
    ``read_date_line`` reads as a complete date (in the page's ``lang``, else in its detected
    language: ``detected_page_language``), or None. Lines are the date-named elements (``_date_lines``), then, when none gives a date, the short lines right
    under the first <h1> (a date line whose class is in another language: "petsa", "tanggal"),
    but not a slashed numeric date there (its day/month order would rest on the declared lang alone)."""
    from transforms.dates import MAX_DATE_LINE_CHARS, read_date_line

    locale = _page_locale(tree)
    page_language = detected_page_language(tree)
    zone = page_zone(tree, page_language)
    tried = 0
    for element in _date_lines(tree):
        stamp = _epoch_attribute(element)
        if stamp is not None:
            return stamp
        text = " ".join(element.text_content().split())
        if not text or len(text) > MAX_DATE_LINE_CHARS:
            continue
        lines, dropped = _line_text(element)
        text = lines or text
        part = publication_part(text)
        if not part:
            continue
        found = read_date_line(part, locale, page_language, zone)
        if found is not None and (part != text or dropped):
            return found._replace(labelled=True)  # "Updated ... Published ...": the published part
        if found is not None:
            if not found.zoned_time:  # "یکشنبه ۱۵ مهر ۱۴۰۳" with "ساعت ۱۴:۳۰ به وقت تهران" in the next element
                joined = _with_neighbours(element)
                wider = read_date_line(joined, locale, page_language, zone) if joined and joined != text else None
                if wider is not None and wider.zoned_time and wider.written == found.written:
                    return wider
            return found
        tried += 1
        if tried >= MAX_DATE_LINES:
            break
    for text in _lines_under_headline(tree):
        part = publication_part(text)
        if not part:
            continue
        found = read_date_line(part, locale, page_language, zone)
        if found is not None and not found.slashed and part != text:
            return found._replace(labelled=True)
        if found is not None and not found.slashed:  # 08/12/2011 under a headline: its order is the page's guess
            return found
    return None


_LINE_BREAKS = _BLOCK_LEVEL | frozenset(("br", "tr", "td", "th"))


def _block_lines(element) -> tuple[list, int, int]:
    """(lines, blocks, updates): the text of ``element`` split into the lines its block-level
    descendants and <br> make (``_LINE_BREAKS``), whitespace-folded, empty ones dropped; a block the
    markup names as an update (``_named_update``: class="date-updated") left out. ``blocks``: how many
    such descendants there were (0: the element is one line); ``updates``: how many were left out."""
    pieces: list = []
    blocks = updates = 0

    def walk(node, top: bool) -> None:
        nonlocal blocks, updates
        tag = node.tag
        block = not top and isinstance(tag, str) and tag in _LINE_BREAKS
        if block:
            blocks += 1
            pieces.append("\n")
        named_update = block and _named_update(node)
        updates += named_update
        if isinstance(tag, str) and not named_update:
            pieces.append(node.text or "")
            for child in node:
                walk(child, False)
        if block:
            pieces.append("\n")
        if not top:
            pieces.append(node.tail or "")

    walk(element, True)
    lines = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
    return [line for line in lines if line], blocks, updates


def _line_text(element) -> tuple[str, bool]:
    """The text of a date element read as the lines its block-level descendants make (<p>, <div>,
    <li>, <br>...: ``_block_lines``), joined by spaces, without the lines that are an update: a block
    the markup names as one or a line that opens with an update word and holds no publication part
    ("Diperbarui: Selasa, 11 Maret 2025 07:30 WIB"). ``text_content()`` glues such blocks ("19:45
    WIBDiperbarui: ... 07:30 WIB", "01:40 Uhr MEZAktualisiert ... MESZ"), so the zone and day of the
    update line were read with the publication's time (blind cases-13 of the fourteenth session: d03,
    d07, d11, d16). ("", False) when the element holds no block (its plain text stands); the flag: an
    update line was left out (the page says which date is which: ``DateLine.labelled``)."""
    lines, blocks, updates = _block_lines(element)
    if not blocks:
        return "", False
    kept = [line for line in lines if publication_part(line)]
    dropped = bool(kept) and (len(kept) < len(lines) or updates > 0)
    return " ".join(kept or lines), dropped


def _named_update(element) -> bool:
    get = element.get
    named = f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''}"
    return bool(_NOT_DATE_NAME.search(named) or _UPDATE_NAME.search(named))


def _with_neighbours(element) -> str:
    """The text of a date element with its sibling elements right before and after it (and the
    text between them): one dateline whose date and time of day sit in elements of their own
    (<span class="date">10/3/2025</span> <span class="time">08:30 (GMT+7)</span>). A sibling
    named as an update (class="update") or whose text opens with an update word is left out.
    "" when the dateline would be longer than dates.MAX_DATE_LINE_CHARS."""
    from transforms.dates import MAX_DATE_LINE_CHARS

    def usable(sibling) -> bool:
        if sibling is None or not isinstance(sibling.tag, str) or _named_update(sibling):
            return False
        return not _UPDATE_LEAD.match(" ".join(sibling.text_content().split()))

    before, after = element.getprevious(), element.getnext()
    parts = []
    if usable(before):
        parts += [before.text_content(), before.tail or ""]
    parts.append(element.text_content())
    if usable(after):
        parts += [element.tail or "", after.text_content()]
    text = " ".join(" ".join(parts).split())
    return text if len(text) <= MAX_DATE_LINE_CHARS else ""


UNDER_HEADLINE_LINES = 3  # elements right after the first <h1> looked at
UNDER_HEADLINE_MAX_WORDS = 10  # a date line, not a sentence that mentions a date


def _lines_under_headline(tree):
    """The texts of the first UNDER_HEADLINE_LINES elements after the page's first <h1> (its
    siblings), those of at most UNDER_HEADLINE_MAX_WORDS words that do not end a sentence and
    are not named as a modified/updated/comment/expiry date."""
    h1 = next(iter(tree.xpath("//h1[not(ancestor::footer)]")), None)
    if h1 is None:
        return
    seen = 0
    for element in h1.itersiblings():
        if not isinstance(element.tag, str):
            continue
        get = element.get
        named = f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''}"
        if not _NOT_DATE_NAME.search(named):  # <time class="date-modified"> is no publication line
            for text in _under_headline_texts(element):
                if len(text.split()) <= UNDER_HEADLINE_MAX_WORDS and not re.search(r"[.!?。！？]$", text):
                    yield text
        seen += 1
        if seen >= UNDER_HEADLINE_LINES:
            break


def _under_headline_texts(element) -> list:
    """An element under the headline as its lines: the whole text, or, for a box of blocks (a
    <table> or <div> holding the date and the byline in cells or <div>s of their own), each block's
    line (``_block_lines``): glued, "... सायं. ६:१० (भारतीय प्रमाण वेळ)प्रतिनिधी, पुणे" was no date line."""
    text = " ".join(element.text_content().split())
    if not text or len(text) > UNDER_HEADLINE_MAX_CHARS:
        return [text] if text else []
    lines, blocks, _ = _block_lines(element)
    return lines if blocks and len(lines) > 1 else [text]


UNDER_HEADLINE_MAX_CHARS = 600  # a box of a date and a byline; a longer element is body or navigation


def headline_byline(tree, languages=()) -> List[str]:
    """The author names of a byline line in the box right under the page's first <h1> (its first
    UNDER_HEADLINE_LINES sibling elements, split into block lines: ``_under_headline_texts``), read
    by ``bylines.byline_names`` in the page's ``languages``: a line opened by a byline cue of
    bylines.LEAD_WORDS ("ავტორი: NAME", "Testua: A eta B", "Le A agus B", "Ni NAME"), whatever the
    element's class is named (class="by", "údar", "sinadura", "may-akda": blind cases-14, fourteenth
    session); [] when none. A line without a cue counts only as names trafilatura's person test
    accepts ("NAME | 3 March 2026")."""
    from transforms.bylines import byline_names, has_byline_cue, is_person_name

    h1 = next(iter(tree.xpath("//h1[not(ancestor::footer)]")), None)
    if h1 is None:
        return []
    lines: list = []
    for element in islice((e for e in h1.itersiblings() if isinstance(e.tag, str)), UNDER_HEADLINE_LINES):
        get = element.get
        if _NOT_DATE_NAME.search(f"{get('class') or ''} {get('id') or ''}"):
            continue  # class="tagupdated": "updated by NAME MONTH DAY"
        lines += _under_headline_texts(element)
        if len(" ".join(element.text_content().split())) <= UNDER_HEADLINE_MAX_CHARS:
            # each inner element's own text too: <span class="date">...</span> <span>Le A agus B</span>
            lines += [" ".join(e.text_content().split()) for e in element.iterdescendants() if isinstance(e.tag, str)]
    lines = [t for t in dict.fromkeys(lines) if t and len(t) <= LOCAL_AUTHOR_MAX_CHARS and not re.search(r"[.!?。！？]$", t)]
    for cued in (True, False):  # a line opened by a byline cue first; then names alone ("NAME | date")
        for text in lines:
            if has_byline_cue(text) != cued:
                continue
            names = [n for n in byline_names(text, languages) or () if not _one_cased_word(n)]
            if names and (cued or all(is_person_name(n) for n in names)):
                return names
    return []


def _one_cased_word(name: str) -> bool:
    """A single word of a cased script: a post-nominal credit ("Rachael Link, MS, RD") or a first
    name alone, never taken as an author under the headline (uncased scripts: "ნინო ბერიძე" is
    two words too, "김민수" one)."""
    return len(name.split()) < 2 and name.lower() != name.upper()


_EPOCH_VALUE = re.compile(r"^\d{10}(?:\d{3})?$")


def _epoch_attribute(element):
    """A DateLine from a Unix time in a date-named attribute of a date line (``data-timestamp=
    "1700000000"`` beside a relative "5 hours ago"; seconds or milliseconds), else None."""
    import datetime as dt

    from transforms.dates import MAX_YEAR, MIN_YEAR, DateLine

    for name, value in element.attrib.items():
        name = name.lower()
        if not name.startswith("data-") or not any(w in name for w in ("time", "date", "epoch", "publish")):
            continue
        value = value.strip()
        if _EPOCH_VALUE.match(value):
            when = dt.datetime.fromtimestamp(int(value) / (1000 if len(value) == 13 else 1), dt.timezone.utc)
            if MIN_YEAR <= when.year <= MAX_YEAR:
                return DateLine(when, True, False, when.date())
    return None


def page_zone(tree, page_language=None) -> str:
    """The zone (IANA name) a time of day the page writes without one is read in, "" when none:
    the territory of its address's country-code domain (canonical, else og:url: ".com.br",
    ".co.ke", ".es"; ``dates.host_territory``) when the page gives one, read by
    ``dates.territory_zone`` (its one clock, else CLDR's primary zone, else none: a Brazilian site
    has no zone, whatever its language); else the zone of its declared locale
    (``dates.locale_zone``: "es-AR" -> Argentina's, "ko" -> Korea's; a <html lang> without a region
    takes og:locale's of the same language); a page that declares none takes the zone of its
    detected language the same way (``page_language``: ``detected_page_language``'s function,
    made here when not given; called only then: a Sinhala, Nepali or Somali page without a
    ``lang``). Convention of the blind case sets: a time without a zone on a page of a country is
    that country's time."""
    from transforms.dates import host_territory, locale_zone, named_zone, territory_zone

    declared = _page_locale(tree)
    zone = ""
    for address in tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content"):
        territory = host_territory(address)
        if territory:
            zone = territory_zone(territory)
            break
    else:
        if declared and "-" not in declared.replace("_", "-"):  # <html lang="es"> with og:locale "es_AR": Argentina
            og = " ".join(tree.xpath("string(//meta[@property='og:locale']/@content)").split()).replace("_", "-")
            if og.split("-")[0].lower() == declared.lower():
                declared = og
        zone = locale_zone(declared)
        if not declared:
            detected = (page_language or detected_page_language(tree))()
            declared = detected if detected and detected != "und" else ""
            zone = locale_zone(declared)
    opening = _opening_dateline(tree)  # "MANAUS (AM) –" on a Brazilian page: Manaus's clock
    return (named_zone(opening, zone, declared.replace("_", "-").split("-")[0].lower()) if opening and zone else "") or zone


DATELINE_MAX_WORDS = 4  # the place opening an article's first paragraph, before its dash


def _opening_dateline(tree) -> str:
    """The place a news dateline opens the article's first paragraph with ("MANAUS (AM) - A
    prefeitura...", "ЕКАТЕРИНБУРГ, 14 марта —"): its words before the first dash, when at most
    ``DATELINE_MAX_WORDS``; "" without one."""
    first = next(iter(tree.xpath("(//article//p|//main//p|//body//p)[normalize-space()][1]")), None)
    if first is None:
        return ""
    text = " ".join(first.text_content().split())[:120]
    m = re.match(r"^([^—–\-.!?]{2,60}?)\s+[—–-]\s", text)
    if m is None:
        return ""
    place = re.sub(r"[\d,]+.*$", "", m[1]).strip()  # "ЕКАТЕРИНБУРГ, 14 марта": the place alone
    return place if 0 < len(place.split()) <= DATELINE_MAX_WORDS else ""


def _page_locale(tree) -> str:
    """The page's declared locale: <html lang>, else og:locale ("pt_BR"); "" when none."""
    return " ".join(tree.xpath("string(/html/@lang)").split()) or " ".join(
        tree.xpath("string(//meta[@property='og:locale']/@content)").split())


_VISIBLE_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def detected_page_language(tree):
    """A function of no arguments giving the language (ISO 639-1, "und") langdetect finds in the
    visible text of the page's body (scripts, styles and noscript left out), detected at its first
    call only: ``dates.read_date_line``'s ``page_language`` on a page without a ``lang`` it knows
    (dateparser would otherwise guess each date line's language over all its ~200 locales).
    Where langdetect has no profile and finds nothing (Sinhala, Burmese, Khmer, Dhivehi...), the
    language of the text's script (``langdetect_text.single_script_language``)."""
    found: list = []

    def language() -> str:
        if not found:
            from transforms.langdetect_text import UNDETERMINED, detect_language, sample_text, single_script_language

            text = " ".join(" ".join(tree.xpath(_VISIBLE_TEXT)).split())
            detected = detect_language(text).language
            if detected == UNDETERMINED:
                detected = single_script_language(sample_text(text, 2000)).language
            found.append(detected)
        return found[0]

    return language


def checked_against_date_line(tree, found: str | None, url: str | None, line_of=None) -> str | None:
    """htmldate's date (``found``, DATE_FORMAT or None) checked against the page's visible
    publication line (``date_line``) when htmldate gave no time of day:

    * no date: the line's date ("۸ مارس ۲۰۲۳" in Persian digits, "٢٢ فبراير ٢٠٢٤");
    * the same day: the line's time when it gives one with its zone ("Publié le 8 mars 2023 à
      14h05 GMT" -> 14:05 UTC);
    * htmldate's year or month fallback (1 January / the 1st, at midnight) in or next to the
      line's year: the line's full date ("2024年1月15日" read as 2024-01-01); its year alone
      (``_not_a_year_alone``) of any year: the line's ("መስከረም 5 ቀን 2016 ዓ.ም.", an Ethiopian year);
    * a slashed numeric date htmldate ordered day first where the page's declared ``lang``
      writes month first (04/03/2023 on an en-US page; or the reverse; CLDR short pattern): the
      line's order, unless the URL's /YYYY/MM/DD/ path confirms htmldate's;
    * htmldate's last resort, 1 January of the page's copyright year ("© 2024"), with no line:
      no date (a copyright year is not a publication date);
    * a time of day without an offset (htmldate read "7:15 PM" of "Marso 3, 2025 - 7:15 PM PHT"):
      the line's instant when it gives that day with a zone.
    Anything else: htmldate's date unchanged.
    ``line_of``: a function of no arguments giving ``date_line(tree)`` (so that a caller reading the
    same tree again does not search its lines twice); None: ``date_line`` is called here.
    """
    from transforms.dates import parse_date

    line_of = line_of or (lambda: date_line(tree))
    when = parse_date(found).when if found else None
    if when is not None and not _ONLY_A_DAY.search(found.strip()):
        if not _LOCAL_TIME.search(found.strip()):
            return found  # htmldate read a time of day with its offset: the page's own metadata
        line = line_of()  # a local time ("7:15 PM" of "7:15 PM PHT"): the line's zone decides
        if line is not None and line.local is not None and not line.zoned_time and line.written == when.date() \
                and line.local == when.time().replace(microsecond=0):
            return None  # the line's own time, zone-less on a page of no known zone: its instant is unknown
        return line.when.strftime(DATE_FORMAT) if line is not None and line.zoned_time and line.written == when.date() else found
    line = line_of()
    if line is None:
        if when is not None and (when.month, when.day) == (1, 1) and when.year in _copyright_years(tree):
            return None
        return found
    # a time of day without a zone the page lets us know: neither its day at midnight UTC nor the
    # time read as UTC is the instant; no date is better than a wrong one
    unknown = line.local is not None and not line.zoned_time
    as_text = None if unknown else line.when.strftime(DATE_FORMAT)
    if when is None or _not_a_year_alone(tree, found, url, lambda: line) is None:
        return as_text  # no date, or a year alone the page writes nowhere as a day ("2016 ዓ.ም.")
    if when.date() == line.written:
        return as_text if line.zoned_time or unknown else found
    if line.labelled:
        return as_text  # "Updated 14 March ... Published 13 March": htmldate's other day is the update's
    if when.day == 1 and (when.month == 1 or when.month == line.written.month) and abs(when.year - line.written.year) <= 1:
        return as_text
    written = line.written
    swapped = line.slashed and bool(_page_locale(tree)) and (when.year, when.month, when.day) == (written.year, written.day, written.month)
    if swapped and f"/{when.year}/{when.month:02d}/{when.day:02d}" not in (url or ""):
        return as_text
    return found


_MODIFIED_META = (
    "//meta[@property='article:modified_time' or @name='article:modified_time' or @property='og:updated_time'"
    " or @name='last-modified' or @name='dcterms.modified' or @http-equiv='last-modified']/@content",
    "//*[contains(concat(' ', @itemprop, ' '), ' dateModified ')]/@content"
    "|//*[contains(concat(' ', @itemprop, ' '), ' dateModified ')]/@datetime",
)
_PUBLISHED_ANY_META = _PUBLISHED_META + (
    "//*[contains(concat(' ', @itemprop, ' '), ' datePublished ') or contains(concat(' ', @itemprop, ' '), ' dateCreated ')]/@content"
    "|//*[contains(concat(' ', @itemprop, ' '), ' datePublished ')]/@datetime",
    "//meta[starts-with(@property, 'article:published')]/@content",
)
_LD_MODIFIED = re.compile(r'"dateModified"\s*:\s*"([^"]{8,40})"')
_LD_PUBLISHED_ANY = re.compile(r'"date(?:Published|Created)"\s*:\s*"([^"]{8,40})"')


def _days(values) -> set:
    from transforms.dates import parse_date

    days = set()
    for value in values:
        parsed = parse_date(" ".join(str(value).split()))
        if parsed.when is not None:
            days.add(parsed.when.date())
    return days


# Languages whose pages keep one country's clock: Persian (Iran's; Dari and Pashto, Afghanistan's),
# the countries whose Solar Hijri calendar their pages write. A local time of day without an offset
# on such a page is that zone's ("2025-03-05T14:30:00" on a fa page = 11:00 UTC).
LOCAL_TIME_ZONES = {"fa": "Asia/Tehran", "fa-af": "Asia/Kabul", "prs": "Asia/Kabul", "ps": "Asia/Kabul"}


def _local_time_zoned(tree, found: str | None) -> str | None:
    """``found`` with the offset of its page's zone (LOCAL_TIME_ZONES, by <html lang> / og:locale)
    when it is a local time of day without an offset; unchanged otherwise."""
    if not found or not _LOCAL_TIME.search(found.strip()) or _ONLY_A_DAY.search(found.strip()):
        return found
    code = _page_locale(tree).lower().replace("_", "-")
    zone = LOCAL_TIME_ZONES.get(code) or LOCAL_TIME_ZONES.get(code.split("-")[0]) or page_zone(tree)
    if not zone:
        return found
    from datetime import datetime
    from zoneinfo import ZoneInfo

    try:
        local = datetime.strptime(found.strip(), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=ZoneInfo(zone))
    except ValueError:
        return found
    return local.strftime(DATE_FORMAT)


_NEW_YEAR = re.compile(r"^(\d{4})-01-01T00:00:00$")


def _not_a_year_alone(tree, found: str | None, url: str | None, line_of=None) -> str | None:
    """``found``, or None when it is htmldate's reading of a year alone: 1 January at midnight
    ("2026-01-01T00:00:00") while neither the page's markup nor its URL writes that day in
    numbers (2026-01-01, 2026/01/01, 01.01.2026, 1.1.2026, 01/01/2026, 20260101) and its
    publication line (``line_of``, else ``date_line``) is not that day. A page whose only date is
    "12 наурыз 2026" in a language htmldate does not read has no 1 January."""
    from lxml.etree import tostring

    m = _NEW_YEAR.match(found or "")
    if not m:
        return found
    year = m[1]
    forms = (f"{year}-01-01", f"{year}/01/01", f"01.01.{year}", f"1.1.{year}", f"01/01/{year}", f"{year}0101",
             f"{year}.01.01", f"1/1/{year}")
    page = tostring(tree, encoding="unicode") + (url or "")
    if any(form in page for form in forms):
        return found
    line = (line_of or (lambda: date_line(tree)))()
    if line is not None and line.when.date().isoformat() == f"{year}-01-01":
        return found
    return None


def _not_only_modified(tree, found: str | None, line_of=None) -> str | None:
    """``found`` (the page's date, DATE_FORMAT), or None when it is only the page's modified date:
    its day is that of a modified declaration (article:modified_time, itemprop/JSON-LD
    dateModified, a line led by an update word: "Aktualisiert am 3. März 2026") and of no
    publication one (published metadata of any form, JSON-LD datePublished, a publication line).
    A page that says only when it changed has no publication date. ``line_of``: as in
    ``checked_against_date_line`` (the publication line is searched only when the published
    metadata does not already name the date's day)."""
    from transforms.dates import MAX_DATE_LINE_CHARS, parse_date, read_date_line

    when = parse_date(found).when if found else None
    if when is None:
        return found
    scripts = [script.text or "" for script in tree.xpath("//script[@type='application/ld+json']")]
    modified = [v for xpath in _MODIFIED_META for v in tree.xpath(xpath)]
    modified += [v for text in scripts for v in _LD_MODIFIED.findall(text)]
    if when.date() not in _days(modified):
        # the update lines are read only when the metadata does not already say the date is a
        # modified one (each read is a dateparser search), and only until one gives its day
        locale, page_language = _page_locale(tree), detected_page_language(tree)
        for element in islice(_date_lines_any(tree), 2 * MAX_DATE_LINES):  # the walk stops there
            text = " ".join(element.text_content().split())
            get = element.get
            if _UPDATE_NAME.search(f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''}"):
                # an element the markup names as the modified date: <time class="date-modified">
                if when.date() in _days([get("datetime") or get("content") or ""]):
                    break
                line = read_date_line(text, locale, page_language) if text and len(text) <= MAX_DATE_LINE_CHARS else None
                if line and when.date() in _days([line.when.isoformat()]):
                    break
                continue
            lead = _UPDATE_LEAD.match(text) if text and len(text) <= MAX_DATE_LINE_CHARS else None
            line = lead and (read_date_line(text, locale, page_language)
                             or read_date_line(text[lead.end():], locale, page_language))
            if line and when.date() in _days([line.when.isoformat()]):  # as the metadata's: parse_date's day
                break
        else:
            return found
    published = [v for xpath in _PUBLISHED_ANY_META for v in tree.xpath(xpath)]
    published += [v for text in scripts for v in _LD_PUBLISHED_ANY.findall(text)]
    if when.date() in _days(published):
        return found
    line = (line_of or (lambda: date_line(tree)))()
    unknown = line is not None and line.local is not None and not line.zoned_time  # a zone-less time: no instant
    if line is not None and when.date() in _days([line.when.isoformat()]) and not _ONLY_A_DAY.search(found.strip()):
        # the modified instant's day is the publication line's: the line's instant, not the modified one
        return None if unknown else line.when.strftime(DATE_FORMAT)
    if line is not None and when.date() in _days([line.when.isoformat()]):
        return found
    return line.when.strftime(DATE_FORMAT) if line is not None and not unknown else None


def _date_lines_any(tree):
    """``_date_lines`` and also the elements named as modified/updated dates (their words decide)."""
    for element in tree.iter():
        tag = element.tag
        if tag != "time":
            if not isinstance(tag, str):
                continue
            get = element.get
            if not _DATE_OR_UPDATE_NAME.search(f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''}"):
                continue
        if next(element.iterancestors("footer"), None) is None:
            yield element


def _copyright_years(tree) -> set:
    """Years in the page's copyright notices (htmldate's own COPYRIGHT_PATTERN)."""
    from htmldate.core import COPYRIGHT_PATTERN

    text = " ".join(tree.xpath("string(//body)").split()) + " "
    return {int(m[1]) for m in COPYRIGHT_PATTERN.finditer(text)}


_CONSENT_NAME = _any_word(_CONSENT_WORDS)


def _consent_boxes(tree) -> list:
    """Elements in document order whose id or class (ASCII-lowercased) names a consent word
    ("cookie", "consent", "gdpr"): the XPath ``//*[@id or @class][contains(translate(concat(@id,
    ' ', @class), A-Z, a-z), 'cookie') or ...]`` without the translate() per element that made it
    ~5 ms a page (same elements on the 511 bench pages): the elements with an id or class are
    selected by XPath (no Python object made for the others), their names tested by one regex."""
    found = []
    for element in tree.xpath("//*[@id or @class]"):
        ident, classes = element.get("id"), element.get("class")
        if _CONSENT_NAME.search(f"{ident or ''} {classes or ''}"):
            found.append(element)
    return found


def date_search_tree(tree):
    """A copy of the page for htmldate without scripts (JSON-LD kept), styles and cookie or
    consent boxes: a date is read from metadata or text, never from code or settings."""
    from copy import deepcopy

    pruned = deepcopy(tree)
    doomed = pruned.xpath(_NOT_DATES) + [
        el for el in _consent_boxes(pruned)
        if el.tag not in _NEVER_CONSENT and len(el.text_content()) <= _CONSENT_MAX_CHARS
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # its tail text stays
    return pruned


def essential_metadata(tree, url: str, extensive_date_search: bool):
    """Title, author, date and site name of a parsed page: trafilatura's ``extract_metadata``
    step for step (trafilatura 2.3, metadata.py) for the fields the records carry, without the
    categories, tags and licence it also computes (about 5 ms a page, never stored)."""
    from trafilatura import metadata
    from trafilatura.settings import Document as Metadata

    found = metadata.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = metadata.extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 - trafilatura's own guard around its JSON-LD parser
        pass
    if not found.title:
        found.title = metadata.extract_title(tree)
    found.title = _headline_of_title(tree, found.title, url or found.url or "")
    if not found.author:
        found.author = _author(tree)
    if not found.url:
        found.url = metadata.extract_url(tree, url or None)
    lines: list = []  # date_line(tree), searched once at most (each line read is a dateparser search)

    def line_of():
        if not lines:
            lines.append(date_line(tree))
        return lines[0]

    found.date = metadata_published(tree) or checked_against_date_line(tree, metadata.find_date(
        date_search_tree(tree),
        extensive_search=extensive_date_search,
        original_date=True,
        url=found.url,
        outputformat=DATE_FORMAT,  # the time and offset, when the page gives them
        deferred_url_extractor=True,  # a /2023/03/09/ URL only when the page's metadata has no date
    ), found.url, line_of)
    found.date = _not_a_year_alone(tree, found.date, found.url, line_of)
    found.date = _not_only_modified(tree, found.date, line_of)
    found.date = _local_time_zoned(tree, found.date)
    if not found.sitename:
        found.sitename = metadata.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = metadata.META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    found.sitename = _title_confirmed_site_name(tree, found.title, found.sitename)
    if not found.sitename or ("." in found.sitename and " " not in found.sitename):
        # no name, or a host name ("macrumors.com"): the title's site part, which for a host name
        # must name that host ("MacRumors"; not a section, not another script's spelling)
        found.sitename = _title_site_name(tree, url or found.url or "", host_only=bool(found.sitename)) or found.sitename
    kept = Metadata()
    for field in ("title", "author", "date", "sitename"):
        setattr(kept, field, getattr(found, field))
    kept.clean_and_trim()
    return kept


_TITLE_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022:]+\s+|\s*::\s*|\s*\|\s*")


def _title_segments(title: str) -> set:
    return {" ".join(part.split()).casefold() for part in _TITLE_SEPARATORS.split(title or "") if part.strip()}


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one name: "TheHill" / "The Hill", "Smithsonian" / "Smithsonian.com",
    "WSJ" / "Wall Street Journal" (letters and digits only, casefolded: one holds the other, or
    the shorter is the longer's initials)."""
    ka, kb = ("".join(ch for ch in x.casefold() if ch.isalnum()) for x in (a, b))
    if not ka or not kb:
        return False
    if ka in kb or kb in ka:
        return True
    short, long_ = sorted((a, b), key=len)
    initials = "".join(w[0] for w in re.findall(r"\w+", long_.casefold()))
    return "".join(ch for ch in short.casefold() if ch.isalnum()) == initials


def _title_confirmed_site_name(tree, title: str, sitename: str) -> str:
    """The page's ``og:site_name`` instead of ``sitename`` (trafilatura prefers JSON-LD's publisher
    Organization name) when the two differ and only ``og:site_name`` is a segment of the title's
    site affix (of the metadata title or of <title>: "Headline | The Gateway Pundit | by ..."):
    some sites' Organization name is their
    tagline ("Where Hope Finally Made a Comeback"). Otherwise ``sitename`` unchanged (a Twitter
    handle or Facebook URL in og:site_name never wins: the title does not hold it)."""
    declared = " ".join(" ".join(tree.xpath('//meta[@property="og:site_name"]/@content')[:1]).split())
    if not declared or _same_name(declared, sitename or ""):
        return sitename
    segments = _title_segments(title) | _title_segments(" ".join(tree.xpath("//head/title/text()")[:1]))
    if declared.casefold() in segments and " ".join((sitename or "").split()).casefold() not in segments:
        return declared
    return sitename


_TITLES = "//head/title/text()|//meta[@property='og:title' or @name='og:title' or @name='twitter:title']/@content"
_HEADLINES = "//meta[@property='og:title' or @name='og:title' or @name='twitter:title' or @name='title']/@content"


def _text_without_links(element) -> str:
    """The text of ``element`` without what its <a> descendants hold (their tails kept)."""
    from copy import deepcopy

    element = deepcopy(element)
    for link in element.xpath(".//a"):
        parent = link.getparent()
        if parent is None:
            continue
        if link.tail:  # the text after the link stays, joined to what comes before it
            previous = link.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + link.tail
            else:
                parent.text = (parent.text or "") + link.tail
        parent.remove(link)
    return " ".join(element.text_content().split())


def _h1_texts(tree) -> list:
    return [" ".join(h1.text_content().split()) for h1 in tree.xpath("//h1")[:3]]


def _site_keys(tree, url: str = "") -> set:
    """The page's own names, compared by ``titles.site_key``: og:site_name, application-name, the host."""
    from transforms.titles import site_key

    names = tree.xpath("//meta[@property='og:site_name' or @name='og:site_name' or @name='application-name']/@content")[:3]
    keys = {site_key(str(n)) for n in names} | ({site_key(url)} if url else set())
    return keys - {""}


def _headline_of_title(tree, title: str | None, url: str = "") -> str | None:
    """The page's <h1> when the metadata title is that headline with a site or section affix
    ("Headline - Section | Site", "[Site] Headline" -> "Headline"), or when the metadata title is a
    social teaser (og:title / twitter:title "Your street gets a park? What we know") while another
    of the page's titles (<title>, og:title, twitter:title) is the <h1>, with or without affixes;
    else ``title`` unchanged (transforms/titles.py). An <h1> that is the site's name never wins."""
    from transforms.titles import headline_in_title, is_headline_of, site_key

    h1s = [h for h in _h1_texts(tree) if h and site_key(h) not in _site_keys(tree, url)]
    if not h1s:
        return title
    if title:
        found = headline_in_title(title, h1s)
        if found or is_headline_of(title, h1s):
            return found or title
    for candidate in tree.xpath(_TITLES)[:4]:
        candidate = " ".join(str(candidate).split())
        if candidate and candidate != title:
            found = headline_in_title(candidate, h1s) or is_headline_of(candidate, h1s)
            if found:
                return found
    return title


def lead_headline(tree, first: str, title: str, url: str = "") -> str:
    """``first`` (the extracted text's first paragraph) when it is the page's <h1> and ``title`` is
    something else (a social teaser, a section name): the page shows it as the article's headline.
    It must be one of the first three <h1>s, read as a headline (3+ words, or 6+ letters of a script
    without spaces) and not be the site's name, and ``title`` must not be an <h1> of the page
    itself; "" otherwise."""
    from transforms.titles import is_headline_of, site_key

    first = " ".join((first or "").split())
    if not first or first == title or site_key(first) in _site_keys(tree, url):
        return ""
    every_h1 = [" ".join(h1.text_content().split()) for h1 in tree.xpath("//h1")]
    every_h1 += [_text_without_links(h1) for h1 in tree.xpath("//h1[.//a]")]
    if title and is_headline_of(title, every_h1, min_words=1):
        # the title is one of the page's <h1>s already ("Reader's comments" further down is not), or
        # one once its links are left out (kp.ru: "Headline<a>Комментарии: 45</a>")
        return ""
    if title and is_headline_of(title, [" ".join(h2.text_content().split()) for h2 in tree.xpath("//h2")], min_words=3):
        return ""  # the headline is an <h2> under a kicker <h1> (tanea.gr: <h1 class=SuperTitle>«Καθαρή» η Ινδία)
    found = is_headline_of(first, _h1_texts(tree), min_words=3)
    return first if found else ""


# the text's first lines a <title>'s parts are compared with: up to 3 paragraphs, 800 characters
# (a short page's copyright line "© 2012 Site" must not count as the site part's support)
_LEAD_PARAGRAPHS, _LEAD_CHARS = 3, 800
# a <title> that must stay whole (a headline holding a separator: "Скопје – Охрид: ...") replaces
# trafilatura's part of it when that part is a fragment (a label: 3 words at most) and the text's
# first lines hold this share of the whole's words
_TITLE_SUPPORT = 0.6


_RIGHTS = re.compile(r"©|\(c\)|copyright|all rights reserved", re.IGNORECASE)


def _rights_lines(tree) -> list:
    """The page's short copyright lines ("© 2008 Dunántúli Hírlap Kft. Minden jog fenntartva."):
    texts of at most 200 characters holding ©, (c) or "copyright"."""
    found = []
    for text in tree.xpath("//body//text()[contains(., '©') or contains(., '(c)') or contains(., '(C)') or "
                           "contains(translate(., 'COPYRIGHT', 'copyright'), 'copyright')]")[:10]:
        text = " ".join(str(text).split())
        if text and len(text) <= 200 and _RIGHTS.search(text):
            found.append(text)
    return found


_ARTICLE_H2 = ("(//article//h2|//main//h2|//*[@itemprop='articleBody']//h2)"
               "[not(ancestor::nav or ancestor::aside or ancestor::footer or ancestor::header)]")


def _heading_before(tree, first: str) -> list:
    """The <h2> right before the element whose text is ``first`` (the text's first paragraph),
    among its preceding siblings: the heading of the block the text was taken from, whatever the
    block's name (<div class="albistea">)."""
    if not first:
        return []
    for element in tree.xpath("//body//p"):
        if " ".join(element.text_content().split()) == first:
            return element.xpath("preceding-sibling::*[1][self::h2]")
    return []


def article_heading(tree, title: str, publisher: str, url: str = "", first: str = "") -> str:
    """The first <h2> of the article block (<article>, <main>, itemprop=articleBody; or the block
    the text's first paragraph ``first`` stands in, its heading right before it) of a page
    without <h1> whose <title> names no headline: every part of it ("Section :: Site") is a site
    name (``publisher``, og:site_name, the host of ``url``) or a label (3 words at most) and
    ``title`` is one of them. The heading must read as a headline (3+ words, 6+ characters of a
    script without spaces) and name no site. "" otherwise."""
    from transforms.titles import is_site_name, label_like

    if tree.xpath("//h1"):
        return ""
    element = tree.find(".//head//title")
    whole = " ".join(element.text_content().split()) if element is not None else ""
    if not whole or not title:
        return ""
    names = [publisher, *tree.xpath("//meta[@property='og:site_name' or @name='og:site_name' or @name='application-name']/@content")[:3]]
    names = [str(n) for n in names if n]
    parts = [p.strip() for p in re.split(r"\s+[|\-–—·•»«/~]\s+|\s*::\s*|\s+:\s+|\s*[：｜]\s*", whole) if p.strip()]
    if title not in (whole, *parts) or not all(is_site_name(p, names, url) or label_like(p) for p in parts):
        return ""
    for heading in (tree.xpath(_ARTICLE_H2) or _heading_before(tree, first))[:1]:
        text = " ".join(heading.text_content().split())
        if text and not label_like(text) and not is_site_name(text, names, url):
            return text
    return ""


def title_element_headline(tree, title: str, publisher: str, paragraphs: list, url: str = "") -> tuple:
    """(title, publisher) of a page whose title came from its <title> element ("Site - Headline",
    "Headline | Site", "Site :: Section :: Headline"): trafilatura keeps the part before the last
    separator (the site, on a page that names itself first) or the whole. The headline is the part
    ``titles.title_headline`` finds with the site's names (``publisher``, og:site_name,
    application-name, the host of ``url``) and the text's first lines (``paragraphs``: str); a
    publisher missing or only a host name becomes the part beside it when that part names the
    host (another script's spelling, its initials). Unchanged when the title is
    the page's <h1>/<h2> or does not come from <title>. A <title> nothing may be cut from is the
    title when the first lines hold _TITLE_SUPPORT of its words; else trafilatura's part stands."""
    from trafilatura.metadata import HTMLTITLE_REGEX
    from transforms.titles import is_site_name, label_like, lead_support, title_headline
    from transforms.titles import title_site_name, title_site_part

    element = tree.find(".//head//title")
    whole = " ".join(element.text_content().split()) if element is not None else ""
    if not whole or not title:
        return title, publisher
    split = HTMLTITLE_REGEX.match(whole)
    if title not in {whole, *(split.groups() if split else ())}:
        return title, publisher
    if title in {" ".join(h.text_content().split()) for h in tree.xpath("//h1|//h2")}:
        return title, publisher
    names = [publisher, *tree.xpath("//meta[@property='og:site_name' or @name='og:site_name' or @name='application-name']/@content")[:3]]
    lead, size = [], 0
    for paragraph in paragraphs[:_LEAD_PARAGRAPHS]:
        if size >= _LEAD_CHARS:
            break
        lead.append(paragraph)
        size += len(paragraph)
    # a publisher that is a title itself ("Site - Section") names the site by its parts; one that
    # is the whole <title> names nothing
    names = [part for n in names for part in re.split(r"\s+[|\-–—·•»:]+\s+", " ".join(str(n).split()))]
    names = [n for n in names if n and n not in (whole, title)]  # a "site name" that is the title names nothing
    lead = "\n".join(lead)
    headline = title_headline(whole, names, url, lead, _rights_lines(tree))
    if headline == whole and not (label_like(title) and lead_support(whole, lead) >= _TITLE_SUPPORT):
        return title, publisher  # nothing to cut: trafilatura's part stands unless it is a fragment
    if headline == title:
        return title, publisher
    if not publisher or ("." in publisher and " " not in publisher):
        site = title_site_part(whole, names, url) or title_site_name([whole], [headline], url)
        if site and site != headline and is_site_name(site, names, url):
            publisher = site  # the part that names the site, as the title writes it
    return headline, publisher


def _title_site_name(tree, url: str, host_only: bool = False) -> str:
    """The site name the page's <title> / og:title gives beside its headline (an <h1>, or a metadata
    title without the affix): "Headline – Diario del Sur", "見出し：サイト名", "标题_站名", or an affix
    naming the URL's host ("Headline « Gazzetta della Valle"); "" when none (transforms/titles.py)."""
    from transforms.titles import title_site_name

    titles = [str(t) for t in tree.xpath(_TITLES)[:4]]
    headlines = [h1.text_content() for h1 in tree.xpath("//h1")[:3]] + [str(t) for t in tree.xpath(_HEADLINES)[:4]]
    return title_site_name(titles, headlines, url, host_only=host_only)


# Characters that are part of the spelling though str.isprintable() says no (category Cf): the
# zero-width non-joiner (Persian, Kurdish, Indic scripts: the Persian half-space) and joiner (Indic
# conjuncts, emoji sequences). trafilatura 2.3's utils.remove_control_characters keeps only
# printable or space characters, so every line it processes (body and metadata) lost them.
JOINERS = frozenset("\u200c\u200d")
# The zero-width space (U+200B) is how Khmer, Thai, Lao, Myanmar and Tibetan text marks word
# boundaries (Unicode 15, ch. 16: these scripts write no spaces between words): kept next to a
# letter of those scripts, dropped elsewhere (a CMS's stray character in Latin text).
ZERO_WIDTH_SPACE = "\u200b"
_STRAY_ZWSP = re.compile(
    "(?<![\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff])\u200b"
    "(?![\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff])"
)


def _printable_space_or_joiner(char: str) -> str:
    return char if char.isprintable() or char.isspace() or char in JOINERS or char == ZERO_WIDTH_SPACE else ""


def drop_stray_zero_width_spaces(text: str) -> str:
    """``text`` without the U+200B that touch no letter of a script that separates words with them."""
    return _STRAY_ZWSP.sub("", text) if ZERO_WIDTH_SPACE in text else text


def keep_joiners() -> None:
    """Make trafilatura keep U+200C / U+200D / U+200B (idempotent): its per-character filter is replaced
    by one that also keeps them, and its line cache is emptied. Called before every extraction."""
    from functools import lru_cache

    from trafilatura import utils

    if getattr(utils.return_printables_and_spaces, "__wrapped__", None) is _printable_space_or_joiner:
        return
    utils.return_printables_and_spaces = lru_cache(maxsize=2**14)(_printable_space_or_joiner)
    utils.line_processing.cache_clear()


_CANONICAL = (
    "//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href",
    "//meta[@property='og:url' or @name='og:url']/@content",
)


def _syndicated_elsewhere(tree, canonical: str, og_url: str, base: str = "") -> bool:
    """Does ``canonical`` point to another site's copy (a syndication partner, an aggregator) while
    the page names itself at ``og_url``: the two hosts are different sites, and the page's
    og:site_name or its own address (``base``) names og:url's site, not the canonical's?"""
    from urllib.parse import urlsplit

    from transforms.titles import is_site_name, site_key

    if not og_url:
        return False
    try:
        canonical_host, own_host = urlsplit(canonical).hostname or "", urlsplit(og_url).hostname or ""
        base_host = urlsplit(base).hostname or "" if base else ""
    except ValueError:
        return False
    if not canonical_host or not own_host or site_key(canonical_host) == site_key(own_host):
        return False
    names = [str(n) for n in tree.xpath("//meta[@property='og:site_name' or @name='og:site_name']/@content")[:1]]
    if not (base_host and site_key(base_host) == site_key(own_host)) and not any(
            is_site_name(n, (), og_url) and not is_site_name(n, (), canonical) for n in names):
        return False
    # a copy that names its provider (MSN's copy of a CNN story credits "CNN") keeps the original's address
    return not _text_names(tree, site_key(canonical_host))


def _text_names(tree, key: str) -> bool:
    """Does the page's visible text write ``key`` (a site key: "nbcnews") as a word or as two or
    three words in a row ("NBC News", "canada.com")?"""
    if len(key) < 3:
        return False
    text = " ".join(tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"))
    words = ["".join(ch for ch in w if ch.isalnum()) for w in re.split(r"[\s.]+", text.casefold())]
    words = [w for w in words if w]
    return any("".join(words[i:i + n]) == key for n in (1, 2, 3) for i in range(len(words) - n + 1))


def page_url(tree, base: str = "") -> str:
    """The address a page gives itself: ``<link rel=canonical>``, else ``og:url``; only an
    absolute http(s) URL with a host counts. A relative canonical ("/news/1", "//host/news/1") is
    resolved against the absolute og:url (its path and query replaced), else against ``base``
    (the page's own address); a "javascript:" value never counts. A canonical on another site
    (a syndication copy) loses to og:url when og:site_name or ``base`` names og:url's site."""
    from urllib.parse import urljoin, urlsplit

    def absolute(candidate: str) -> str:
        try:
            parts = urlsplit(candidate)
        except ValueError:
            return ""
        return candidate if parts.scheme.lower() in ("http", "https") and parts.hostname else ""

    canonicals = [" ".join(str(v).split()) for v in tree.xpath(_CANONICAL[0])]
    og_urls = [" ".join(str(v).split()) for v in tree.xpath(_CANONICAL[1])]
    og_url = next((u for u in og_urls if absolute(u)), "")
    anchor = og_url or absolute(base)
    for candidate in canonicals:
        if absolute(candidate):
            return og_url if _syndicated_elsewhere(tree, candidate, og_url, base) else candidate
        if anchor and candidate:
            try:
                resolved = absolute(urljoin(anchor, candidate))
            except ValueError:
                resolved = ""
            if resolved:
                return resolved
    return og_url


def extract_html(html: str, url: str = "", options: dict | None = None) -> Extracted:
    """The main text of a web page (paragraphs separated by a blank line) and its metadata.

    The page is parsed once; metadata and each extraction pass work from that tree. Raises
    NothingExtracted when there is no main text.
    """
    from trafilatura.utils import load_html

    options = options or {}
    keep_joiners()
    tree = load_html(html)
    if tree is None:
        raise NothingExtracted("the page does not parse as HTML")
    meta = essential_metadata(tree, url, bool(options.get("extensive_date_search", True)))
    body = main_text(tree, url, options)
    if not body:
        raise NothingExtracted("trafilatura found no main text")
    body = drop_stray_zero_width_spaces(body)
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    residue = time_label_residue(tree)
    paragraphs = [p for i, p in enumerate(paragraphs) if i >= LABEL_RESIDUE_LINES or " ".join(p.split()) not in residue]
    title = drop_stray_zero_width_spaces(meta.title or "").strip()
    publisher = (meta.sitename or "").strip()
    title, publisher = title_element_headline(tree, title, publisher, paragraphs, url or page_url(tree, url))
    title = article_heading(tree, title, publisher, url or page_url(tree, url), paragraphs[0] if paragraphs else "") or title
    if paragraphs:  # the text opens with the page's <h1> and the metadata title is a teaser: the h1 is the headline
        title = lead_headline(tree, paragraphs[0], title, url) or title
    publisher = site_publisher(tree, publisher, title, url or page_url(tree, url))
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # `text` never repeats the title
    paragraphs = without_trailing_comments(paragraphs)
    paragraphs = without_slide_captions(paragraphs)
    authors = page_authors(tree, meta.author, publisher, url or page_url(tree, url))
    if not authors and len(paragraphs) > 1 and closing_signature(tree, paragraphs[-1]):
        authors, paragraphs = [paragraphs[-1]], paragraphs[:-1]  # "<p align=right><b>Minh Anh</b></p>" closing it
    return Extracted(
        text="\n\n".join(paragraphs),
        title=title,
        published=(meta.date or "").strip(),
        authors=authors,
        publisher=publisher,
        url=page_url(tree, url),
    )


# Reader comments after the article. An old table-layout page lists them in a one-column table
# (layout by is_layout_table's rule, so unwrapped into paragraphs) under a heading trafilatura
# drops, each "<b>name</b> (06.06.2024 17:02): text"; a class like "com" escapes trafilatura's
# comment XPaths. A run of at least COMMENT_RUN_LINES such lines closing the text goes: a name of
# at most COMMENT_NAME_WORDS words opening with a letter, a time stamp in brackets (a clock time
# alone, or a numeric date), a colon or dash, the comment. A body line quoting someone ("Ion Popescu
# (PSD): ...") has no time stamp; a live blog's "12:30 (BST):" opens with the time, not a name.
COMMENT_RUN_LINES = 2
COMMENT_NAME_WORDS = 4
_COMMENT_LINE = re.compile(
    r"^[^\W\d_][^()\n:]{0,40}?\s*[(\[](?:\s*\d{1,2}[:.h]\d{2}\s*|"
    r"[^()\[\]]*?\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b[^()\[\]]*)[)\]]\s*[:：\-–—]\s*\S")


def _comment_line(line: str) -> bool:
    match = _COMMENT_LINE.match(line)
    return bool(match) and len(line[: line.find("(") if "(" in line else line.find("[")].split()) <= COMMENT_NAME_WORDS


def without_trailing_comments(paragraphs: list) -> list:
    """``paragraphs`` without the run of reader comments closing them (see above), when at least
    one paragraph is left before it."""
    start = len(paragraphs)
    while start > 0 and _comment_line(paragraphs[start - 1]):
        start -= 1
    if len(paragraphs) - start >= COMMENT_RUN_LINES and start > 0:
        return paragraphs[:start]
    return paragraphs


# A photo gallery's slides read as paragraphs among the article's: "1 de 8 La falla arde. PAU MOLL",
# "2/8 ...", "3 of 8 ...". Lines opening with a slide counter (k, a slash or a word of at most
# three letters, n; 1 <= k <= n) go when at least SLIDE_MIN_LINES of the text's lines carry
# counters of the same n with different k: one "3 de 5 encuestados" in the body is no gallery.
SLIDE_MIN_LINES = 2
_SLIDE_COUNTER = re.compile(r"^(\d{1,3}) ?(?:/|[^\W\d_]{1,3}) ?(\d{1,3})\s+\S")


def without_slide_captions(paragraphs: list) -> list:
    """``paragraphs`` without a photo gallery's counted slide captions (see above)."""
    slides = {}
    for index, line in enumerate(paragraphs):
        match = _SLIDE_COUNTER.match(line)
        if match and 1 <= int(match.group(1)) <= int(match.group(2)):
            slides.setdefault(int(match.group(2)), {}).setdefault(int(match.group(1)), index)
    drop = set()
    for counted in slides.values():
        if len(counted) >= SLIDE_MIN_LINES:
            drop.update(counted.values())
    if not drop or len(drop) == len(paragraphs):
        return paragraphs
    return [line for index, line in enumerate(paragraphs) if index not in drop]


LABEL_RESIDUE_LINES = 3  # the first lines of the text, where a dateline stands
LABEL_RESIDUE_MAX_WORDS = 6


def time_label_residue(tree) -> set:
    """The labels of the page's datelines left without their dates: the text of each element
    holding <time> elements (those not in a <footer>) with the <time> elements' text taken out,
    when it holds no digit and at most ``LABEL_RESIDUE_MAX_WORDS`` words ("Julkaistu · Päivitetty"
    of "Julkaistu <time>3 tuntia sitten</time> · Päivitetty <time>1 tunti sitten</time>":
    trafilatura drops <time> elements and keeps the labels as a line), whitespace folded. Whatever
    the language: the markup, not a word list, says they label dates."""
    found = set()
    for parent in {time.getparent() for time in tree.iter("time") if time.getparent() is not None}:
        if parent.tag in ("body", "html") or next(parent.iterancestors("footer"), None) is not None:
            continue
        pieces = [parent.text or ""]
        for child in parent:
            if child.tag != "time" and isinstance(child.tag, str):
                pieces.append(child.text_content())
            pieces.append(child.tail or "")
        text = " ".join("".join(pieces).split())
        if text and not any(ch.isdigit() for ch in text) and len(text.split()) <= LABEL_RESIDUE_MAX_WORDS:
            found.add(text)
    return found


_RIGHT_ALIGNED = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)


def closing_signature(tree, last: str) -> bool:
    """Is ``last`` (the text's last paragraph) the author's signature closing the article: a
    person's name alone (``bylines.is_person_name``: "Minh Anh") in the last paragraph of the page
    holding that text, set apart by its markup: right-aligned (style or align) or wholly bold
    (its one child a <strong>/<b>, no text beside it)."""
    from transforms.bylines import is_person_name

    if len(last) > 60 or not is_person_name(last):
        return False
    for element in tree.xpath("//body//p|//body//div"):
        if " ".join(element.text_content().split()) != last:
            continue
        following = element.xpath("following::p[normalize-space()]")
        if following and any(" ".join(p.text_content().split()) for p in following if not p.xpath("ancestor::footer")):
            continue  # not where the article's text ends
        aligned = bool(_RIGHT_ALIGNED.search(element.get("style") or "")) or (element.get("align") or "").lower() == "right"
        children = list(element)
        bold = len(children) == 1 and children[0].tag in ("strong", "b") and not (element.text or "").strip() \
            and not (children[0].tail or "").strip()
        if aligned or bold:
            return True
    return False


_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s,;|]+", re.IGNORECASE)
_DOMAIN_IN_TEXT = re.compile(r"(?<![\w.-])(?:www\d?\.)?[^\W_][\w-]*(?:\.[^\W_][\w-]*)*\.(?:[a-z]{2,3}\.)?[a-z]{2,6}(?![\w.-])", re.IGNORECASE)
_RIGHTS_WORDS = re.compile(r"©|\(c\)|copyright|all rights reserved|版权所有|版權所有", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PUBLISHER_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014\u00b7\u2022:»]\s+|\s*[|｜_]\s*")


def site_publisher(tree, publisher: str, title: str, url: str = "") -> str:
    """The site's name in ``publisher`` (str, from the metadata): unchanged when it is one; else
    the part of it that names the site (``titles.title_site_part``: og:site_name, application-name,
    ``url``'s host: "Problemy z pamięcią? | Zdrowiutko.info" -> "Zdrowiutko.info", a <title> that
    trafilatura took for the site's name), the domain it writes ("Copyright 2008 SINA.com All Rights
    Reserved" -> "SINA.com"), the holder in a rights line ("网易版权所有" -> "网易"); a publisher that
    is or holds the headline (``title``) and names no site -> ``url``'s host ("" without one)."""
    from urllib.parse import urlsplit

    from transforms.titles import title_site_part

    text = " ".join((publisher or "").split())
    if not text:
        return text
    host = (urlsplit(url).hostname or "") if url else ""
    headline = " ".join((title or "").split()).casefold()
    parts = [p for p in _PUBLISHER_SEPARATORS.split(text) if p.strip()]
    holds_headline = len(headline) >= 12 and headline in text.casefold()
    if len(parts) == 1 and not _URL_IN_TEXT.search(text) and not _RIGHTS_WORDS.search(text) and not holds_headline:
        return text
    names = [str(n) for n in tree.xpath("//meta[@property='og:site_name' or @name='og:site_name' or @name='application-name']/@content")[:3]]
    names = [n for n in names if n.strip() and " ".join(n.split()) != text]
    if len(parts) > 1:
        part = title_site_part(text, names, url)
        if part:
            return part
    if _URL_IN_TEXT.search(text) or _RIGHTS_WORDS.search(text) or holds_headline:
        domain = _DOMAIN_IN_TEXT.search(_URL_IN_TEXT.sub(lambda m: m.group().split("//")[-1].split("/")[0], text))
        if domain:
            return domain.group()
        if _RIGHTS_WORDS.search(text) and not holds_headline:
            holder = " ".join(_YEAR.sub(" ", _RIGHTS_WORDS.sub(" ", text)).split()).strip(" ,.;:-–—")
            return holder or host
        if holds_headline:
            return host
    return text


def page_authors(tree, author: str | None, publisher: str, url: str = "") -> List[str]:
    """The persons a page credits (``bylines.author_names``) among trafilatura's ``author`` string
    ("A; B"): not its site (``publisher``, og:site_name, application-name, ``url``'s host) nor the
    rights holder of its copyright lines ("© 2024 Condé Nast")."""
    from transforms.bylines import author_names

    names = [_as_written(tree, name) for name in _split_authors(author)]
    if not names:
        return []
    sites = [publisher, *tree.xpath("//meta[@property='og:site_name' or @name='og:site_name' or @name='application-name']/@content")[:3]]
    return author_names(names, site_names=[str(s) for s in sites if s], url=url, rights=_rights_lines(tree),
                        languages=page_languages(tree))


# a word of a name in title case that pages write in lower case: a particle ("De Vries", "Da
# Silva") or a list's joiner ("Giulia Ferraro E Marco Lenti") - trafilatura title-cases a whole
# author string that opens in lower case ("di Giulia Ferraro e Marco Lenti", "door ...")
_SMALL_WORD = re.compile(r"(?<!\S)[A-ZÀ-ÞА-ЯΑ-Ω][a-zß-ÿа-яα-ω]{0,3}(?!\S)")


def _as_written(tree, name: str) -> str:
    """``name`` (trafilatura's author) in the letter case the page writes it, when trafilatura
    title-cased it ("Anouk De Vries En Pieter Jansen" from "door Anouk de Vries en Pieter Jansen"):
    its first spelling in the page's author meta, JSON-LD or text whose words differ only by being
    written in lower case ("de", "e"), with a capital left. Unchanged when it holds no title-cased short word or the page has no such spelling."""
    words = name.split()
    if len(words) < 2 or not any(_SMALL_WORD.fullmatch(w) for w in words[1:]):
        return name
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)
    sources = tree.xpath("//meta/@content|//script[@type='application/ld+json']/text()")
    body = tree.find(".//body")
    for source in [*sources, *([" ".join(body.itertext())] if body is not None else [])]:
        for found in pattern.finditer(str(source)):
            spelled = " ".join(found.group().split())
            pairs = list(zip(words, spelled.split()))
            # only words the page writes in lower case differ ("de", "e"), never "JANE" for "Jane"
            if (spelled != name and spelled.lower() != spelled and len(pairs) == len(words)
                    and all(a == b or (b.islower() and a == b.title()) for a, b in pairs)):
                return spelled
    return name


class ExtractionTimeout(TimeoutError):
    """The extraction overran its time limit; its worker process was killed."""


class ExtractionCrashed(RuntimeError):
    """The extraction worker process died (a crash in C code, or out of memory)."""


class ExtractionError(RuntimeError):
    """trafilatura raised inside the worker (its message names the exception type)."""


def _send(stream, obj) -> None:
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(struct.pack(">Q", len(body)) + body)
    while data:  # raw pipes may take part of a write
        written = stream.write(data)
        data = data[written:]
    stream.flush()


def _read_exactly(stream, size: int) -> bytes:
    chunks, left = [], size
    while left:  # raw pipes may return short reads
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("extraction worker closed its pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _recv(stream):
    (size,) = struct.unpack(">Q", _read_exactly(stream, 8))
    return pickle.loads(_read_exactly(stream, size))  # noqa: S301 - our own child, its private pipe


_WARM_UP_PAGE = (  # its dateline warms dateparser's search and the calendars' month tables too
    "<html lang='en'><head><title>Warm-up</title><meta name='date' content='2021-07-26'>"
    "<meta name='author' content='Jane Roe'></head><body><article>"  # the byline path's CLDR months
    "<h1>Warm-up</h1><p class='date'>26 July 2021 10:00</p>"
    + "".join(f"<p>Warm-up paragraph {i} of a short page, read once before the first real page.</p>" for i in range(8))
    + "</article></body></html>"
)


def _warm_up() -> None:
    """Extract one small built-in page, so the lazy imports and caches of the first call (htmldate,
    dateparser, language data) are paid at start-up and not charged to the first real page's
    timeout."""
    try:
        extract_html(_WARM_UP_PAGE, "", {})
    except Exception:  # noqa: BLE001 - a warm-up failure shows again on the real page, reported there
        pass


def serve(stdin=None, stdout=None) -> None:
    """Worker process loop: (html, url, options) in, ("ok", Extracted) / ("nothing", msg) /
    ("error", kind, msg) out, as length-prefixed pickles over stdin/stdout."""
    import trafilatura  # noqa: F401 - imported before "ready", so start-up is not parse time

    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    _warm_up()
    _send(stdout, ("ready",))
    while True:
        try:
            html, url, options = _recv(stdin)
        except EOFError:
            return
        try:
            reply = ("ok", tuple(extract_html(html, url, options)))  # plain data: __main__ here
        except NothingExtracted as exc:
            reply = ("nothing", str(exc))
        except Exception as exc:  # reported to the parent, which dead-letters it
            reply = ("error", type(exc).__name__, str(exc)[:500])
        try:
            _send(stdout, reply)
        except BrokenPipeError:  # the parent is gone (interrupted, killed): end without a traceback
            os._exit(0)  # not sys.exit: flushing the dead pipe at shutdown would print an error


_CHILD_MAIN = "import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); import transforms.htmltext as m; m.serve()"


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a live process has used, from ``/proc/<pid>/stat`` (fields 14
    and 15, in clock ticks: proc(5)); None where there is no /proc (not Linux) or it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()  # the command name may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class IsolatedExtractor:
    """Runs extract_html in one long-lived child interpreter, with a per-call timeout.

    The child is a plain ``python -m transforms.htmltext`` (not multiprocessing, whose spawn mode
    re-imports the parent's ``__main__``), talking length-prefixed pickles over its pipes.

    ``timeout`` is in seconds of the child's CPU time (read from /proc; wall-clock time where the
    platform has no /proc): on a loaded machine a page that waits for a core is not a runaway
    parse. Measured here (cases-8, 2026-11-30, load ~16 on 2 cores): a wall-clock limit of 30 s
    rejected four consecutive small pages as timeouts, each costing < 3 CPU-s (the first page in
    a script dateparser has no locale for compiles every locale's patterns, ~2.4 CPU-s, and every
    timeout restarts the child, which pays it again). A child that stops using CPU without
    answering (a stall, a stopped process) is ended after ``WALL_FACTOR`` times the limit in
    wall-clock time.
    """

    STARTUP_SECONDS = 120
    WALL_FACTOR = 10

    def __init__(self, timeout: float):
        self._timeout = timeout
        self._proc: subprocess.Popen | None = None
        self._sent_at = 0.0
        self._cpu_at_submit: float | None = None

    def _start(self) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        # The child ignores SIGINT from its first line: a Ctrl-C in a terminal reaches the whole
        # process group, and the parent handles it (one line, nothing published); the child ends
        # when its pipe closes. Set before any import, so start-up is covered too.
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD_MAIN],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0,
        )
        # Start-up (a fresh interpreter importing trafilatura) is not charged to the first page.
        if not self._wait(self.STARTUP_SECONDS) or _recv(self._proc.stdout) != ("ready",):
            self.close()
            raise ExtractionCrashed("extraction worker did not start")

    def _wait(self, seconds: float) -> bool:
        ready, _, _ = select.select([self._proc.stdout], [], [], seconds)
        return bool(ready)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(5)
            for stream in (self._proc.stdin, self._proc.stdout):
                stream.close()
        self._proc = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def submit(self, html: str, url: str, options: dict) -> None:
        """Send one page to the worker; ``collect()`` returns its result. One page at a time."""
        if self._proc is None or self._proc.poll() is not None:
            self.close()
            self._start()
        try:
            _send(self._proc.stdin, (html, url, options))
        except OSError:
            pass  # a dead worker is reported by collect()
        self._sent_at = time.monotonic()
        self._cpu_at_submit = process_cpu_seconds(self._proc.pid)

    def _used(self) -> float:
        """Seconds the submitted page has cost: the child's CPU since submit, else wall-clock."""
        now = process_cpu_seconds(self._proc.pid) if self._cpu_at_submit is not None else None
        return now - self._cpu_at_submit if now is not None else time.monotonic() - self._sent_at

    def _await_reply(self) -> bool:
        """Wait until the child answers (True) or overruns the limit (False). The child uses at most
        one CPU-second per wall-clock second, so waiting for the CPU time left never oversleeps."""
        wall_limit = self._sent_at + self._timeout * self.WALL_FACTOR
        while True:
            left = min(self._timeout - self._used(), wall_limit - time.monotonic())
            if left <= 0:
                return self._wait(0)  # an answer that arrived just in time still counts
            if self._wait(left):
                return True

    def collect(self) -> Extracted:
        """The submitted page's result; raises ExtractionTimeout, ExtractionCrashed, NothingExtracted."""
        try:
            finished = self._await_reply()
            reply = _recv(self._proc.stdout) if finished else None
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            code = self._proc.poll()
            self.close()
            raise ExtractionCrashed(f"extraction worker died (exit code {code}): {type(exc).__name__}") from None
        if reply is None:
            self.close()  # the runaway parse dies with its process
            clock = "CPU " if self._cpu_at_submit is not None else ""
            raise ExtractionTimeout(f"extraction took more than {self._timeout} {clock}s")
        if reply[0] == "ok":
            return Extracted(*reply[1])
        if reply[0] == "nothing":
            raise NothingExtracted(reply[1])
        raise ExtractionError(f"{reply[1]}: {reply[2]}")

    def __call__(self, html: str, url: str, options: dict) -> Extracted:
        self.submit(html, url, options)
        return self.collect()


def paragraphs_of_plain_text(text: str) -> str:
    """Plain text with its paragraphs separated by one blank line (line structure kept)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as in IsolatedExtractor's child (_CHILD_MAIN)
    serve()
