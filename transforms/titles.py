"""Titles without the site name: "Headline - Site", "Headline | Site", "Site: Headline" -> "Headline"
(and "Headline | Site | by Author": a byline affix after the site name goes with it)
when the affix is the publisher (og:site_name, the feed's title) or the page's domain, compared
without case, spaces or punctuation ("RHEINISCHE TAGESPOST", "rheinische-tagespost.de").
A pure function used by the clean stage.

Separators: " - ", " – ", " — ", " | ", " · ", " • ", " » ", " « " (WordPress), " / ", " ~ ", " :: ",
and, written without spaces in CJK titles, the full-width colon and bars ("見出し：サイト名",
"标题｜站名", "标题丨站名", "标题|站名"), the underscore ("标题_站名"), a double dash ("标题——站名")
and a hyphen between two CJK characters ("标题-站名").
A tag or site name in brackets before or after the headline ("[Le Courrier] Headline",
"【新华网】标题", "Headline [VIDEO]") is an affix too, with or without a space after the bracket.
``title_site_name`` gives the site part of a title whose other part is the page's headline: the
publisher of a page that declares no og:site_name (used by the extract stage's metadata)."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable
from urllib.parse import urlsplit

from transforms.textnorm import CJK, HANGUL, UNSPACED_SEA

__all__ = ["headline_in_title", "is_headline_of", "strip_site_name", "site_key", "title_site_name"]

# Separators between a headline and a site name: spaces around them required, but for ":" after a
# prefix and for the CJK ones written without spaces (full-width colon and bars, underscore).
_SPACED = r"\s+(?:[-–—|·•»«/~‹›]|::)\s+"
_CJK_CHAR = CJK
_UNSPACED = rf"\s*(?:[：｜丨_|]|——|(?<=[{_CJK_CHAR}])-(?=[{_CJK_CHAR}]))\s*"
_SEPARATOR = re.compile(f"{_SPACED}|{_UNSPACED}")
_SUFFIX = re.compile(rf"^(?P<head>.+)(?:{_SPACED}|{_UNSPACED})(?P<site>.+?)\s*$")  # the last separator
_PREFIX = re.compile(r"^\s*(?P<site>[^-–—|·•»«:：｜丨_]+?)\s*(?:\s[-–—|·•»«‹›]\s|:\s+|::\s*|\s*[：｜丨]\s*)(?P<head>.+)$")
# Scripts written without spaces between words: one "word" of 4+ of their letters is a headline.
_UNSPACED_SCRIPT = re.compile(f"[{UNSPACED_SEA}{CJK}{HANGUL}]")
# A bracketed affix: "[Site] Headline", "【站名】标题", "Headline [VIDEO]" (square, lenticular,
# tortoise-shell and full-width brackets; the inside at most _SITE_MAX_CHARS).
_OPENING, _CLOSING = "[【〔［〖", "]】〕］〗"
_BRACKETED = re.compile(rf"^\s*[{re.escape(_OPENING)}]\s*(?P<inner>[^{re.escape(_OPENING + _CLOSING)}]{{1,60}}?)\s*[{re.escape(_CLOSING)}]\s*$")
_BRACKET_PREFIX = re.compile(
    rf"^\s*[{re.escape(_OPENING)}]\s*(?P<site>[^{re.escape(_OPENING + _CLOSING)}]{{1,60}}?)\s*[{re.escape(_CLOSING)}]\s*(?P<head>.+)$"
)
_BRACKET_SUFFIX = re.compile(
    rf"^(?P<head>.+?)\s*[{re.escape(_OPENING)}]\s*(?P<site>[^{re.escape(_OPENING + _CLOSING)}]{{1,60}}?)\s*[{re.escape(_CLOSING)}]\s*$"
)
_BYLINE_AFFIX = re.compile(r"^(?:by|par|von|por|di|door)\s+\S", re.IGNORECASE)  # "by Mike LaChance"
_TLD = re.compile(r"\.(?:[a-z]{2,3}\.)?[a-z]{2,6}$")


def site_key(name: str) -> str:
    """A site name or host compared without case, accents, spaces, punctuation, "www." or TLD."""
    name = unicodedata.normalize("NFKC", name or "").casefold().strip()
    name = re.sub(r"^https?://", "", name)
    name = re.sub(r"^www\d?\.", "", name).split("/")[0] if "." in name and " " not in name else name
    if " " not in name and "." in name:
        name = _TLD.sub("", name)
    name = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    key = "".join(ch for ch in name if ch.isalnum())
    return key[3:] if key.startswith("the") and len(key) > 6 else key


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _matches(affix: str, keys: set) -> bool:
    key = site_key(affix)
    if len(key) < 2:
        return False
    return any(key == k or (len(key) >= 5 and len(k) >= 5 and (k.startswith(key) or key.startswith(k))) for k in keys)


def _headline_sized(text: str) -> bool:
    """Enough of a headline to stand alone: two words, or four letters of a script without spaces."""
    return len(text.split()) >= 2 or len(_UNSPACED_SCRIPT.findall(text)) >= 4


def strip_site_name(title: str, sites: Iterable[str] = (), url: str = "") -> str:
    """``title`` without a leading or trailing site name that matches one of ``sites`` (publisher,
    og:site_name) or the host of ``url``; unchanged when nothing matches or too little would be left."""
    title = " ".join((title or "").split())
    keys = {site_key(s) for s in sites if s and site_key(s)}
    host = _host(url)
    if host:
        keys.add(site_key(host))
    keys.discard("")
    if not title or not keys:
        return title
    m = _SUFFIX.match(title)
    if m and _BYLINE_AFFIX.match(m.group("site")):  # "Headline | Site | by Author": the byline goes with the site
        inner = _SUFFIX.match(m.group("head"))
        if inner and _matches(inner.group("site"), keys) and _headline_sized(inner.group("head")):
            title = m.group("head").strip()
    for _ in range(2):  # "Headline - Section | Site": the site, then nothing else
        m = _SUFFIX.match(title)
        if m and _matches(m.group("site"), keys) and _headline_sized(m.group("head")):
            title = m.group("head").strip()
            continue
        m = _PREFIX.match(title)
        if m and _matches(m.group("site"), keys) and _headline_sized(m.group("head")):
            title = m.group("head").strip()
            continue
        m = _BRACKET_PREFIX.match(title) or _BRACKET_SUFFIX.match(title)  # "[Site] Headline", "标题【站名】"
        if m and _matches(m.group("site"), keys) and _headline_sized(m.group("head")):
            title = m.group("head").strip()
            continue
        break
    return title


def _headline_key(text: str) -> str:
    """A headline compared without case, width, spaces or the punctuation around it."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(text.split()).strip(" \"'“”„«»‘’.:!?…")


_SITE_MAX_WORDS = 8
_SITE_MAX_CHARS = 60


def _site_like(site: str, keys: set) -> bool:
    """Could ``site`` be a site's name: short, not a byline, a capital first letter in a cased script
    ("what changes" is the rest of a headline), unless it names the host."""
    if not site or len(site) > _SITE_MAX_CHARS or len(site.split()) > _SITE_MAX_WORDS:
        return False
    if _BYLINE_AFFIX.match(site) or not any(ch.isalpha() for ch in site):
        return False
    if keys and _matches(site, keys):
        return True
    first = next(ch for ch in site if ch.isalpha())
    return first.isupper() or first.lower() == first.upper()  # capitalised, or a script without case


def title_site_name(titles: Iterable[str], headlines: Iterable[str], url: str = "", *, host_only: bool = False) -> str:
    """The site name a page's ``titles`` (<title>, og:title: str) give beside its headline, "" if none.

    A title counts when it is one of ``headlines`` (the page's <h1>, a metadata title without the
    affix) followed by separators and then the site ("Headline – Diario del Sur", "Headline -
    Section | Site": the last segment), or the site and one separator before a headline ("Site »
    Headline"); or when its affix names ``url``'s host ("Headline « Gazzetta della Valle" on
    gazzettadellavalle.it). ``host_only``: only the last kind (to replace a host-name publisher).
    The site part must look like a name: shorter than the headline beside it (an <h1> holding the
    site's logo text would make the real headline look like the site), not a byline, capitalised
    in a cased script."""
    heads = {_headline_key(h) for h in headlines if h and _headline_sized(h)} if not host_only else set()
    heads.discard("")
    host = _host(url)
    keys = {site_key(host)} - {""} if host else set()
    for title in titles:
        title = " ".join((title or "").split())
        if not title:
            continue
        folded = _headline_key(title)
        for head in heads:
            if folded == head:
                continue
            if folded.startswith(head):
                for end in _head_ends(title, head):  # the headline, separators, then the site
                    sep = _SEPARATOR.match(title, end)
                    site = _site_part(_SEPARATOR.split(title[sep.end():])[-1]) if sep else ""
                    if len(site) < len(head) and _site_like(site, keys):
                        return site
            if folded.endswith(head):
                for start in _head_starts(title, head):  # the site, one separator, then the headline
                    parts = _SEPARATOR.split(title[:start] + " ")
                    site = _site_part(parts[0]) if len(parts) == 2 and not parts[-1].strip() else ""
                    if len(site) < len(head) and _site_like(site, keys):
                        return site
        if keys:
            for m in (_SUFFIX.match(title), _PREFIX.match(title), _BRACKET_PREFIX.match(title), _BRACKET_SUFFIX.match(title)):
                if m and _matches(m.group("site"), keys) and _headline_sized(m.group("head")):
                    site = _site_part(m.group("site"))
                    if _site_like(site, keys):
                        return site
    return ""


def headline_in_title(title: str, headlines: Iterable[str]) -> str:
    """The headline (one of ``headlines``: the page's <h1> texts) that ``title`` holds with affixes
    around it ("Headline - Section | Site", "Site » Headline", "[Site] Headline", "标题【站名】"), as
    the headline is written; "" when the title is not a headline plus affixes. The affixes together
    must be shorter than the headline and each at most 8 words (an <h1> holding the site's logo text
    is no headline)."""
    title = " ".join((title or "").split())
    folded = _headline_key(title)
    for headline in headlines:
        headline = " ".join((headline or "").split())
        head = _headline_key(headline)
        if not head or folded == head or not _headline_sized(headline):
            continue
        if folded.startswith(head):
            for end in _head_ends(title, head):
                sep = _SEPARATOR.match(title, end)
                rest = title[sep.end():] if sep else ""
                if rest and _affixes(rest, headline):
                    return headline
                bracket = _BRACKETED.match(title[end:])
                if bracket and _affixes(bracket.group("inner"), headline):
                    return headline
        if folded.endswith(head):
            for start in _head_starts(title, head):
                parts = _SEPARATOR.split(title[:start] + " ")
                if len(parts) == 2 and not parts[-1].strip() and _affixes(parts[0], headline):
                    return headline
                bracket = _BRACKETED.match(title[:start])
                if bracket and _affixes(bracket.group("inner"), headline):
                    return headline
    return ""


def is_headline_of(text: str, headlines: Iterable[str], min_words: int = 2) -> str:
    """The one of ``headlines`` (<h1> texts) that ``text`` is, compared without case, width, spaces
    or the punctuation around it, as the headline is written; "" when none, or when it is too short
    to be a headline: fewer than ``min_words`` words and fewer than 3 x ``min_words`` letters of a
    script written without spaces."""
    key = _headline_key(text)
    if not key:
        return ""
    for headline in headlines:
        headline = " ".join((headline or "").split())
        if _headline_key(headline) == key and (
            len(headline.split()) >= min_words or len(_UNSPACED_SCRIPT.findall(headline)) >= 3 * min_words
        ):
            return headline
    return ""


def _affixes(rest: str, headline: str) -> bool:
    segments = [seg.strip() for seg in _SEPARATOR.split(rest)]
    return (
        all(seg and len(seg.split()) <= _SITE_MAX_WORDS and len(seg) <= _SITE_MAX_CHARS for seg in segments)
        and len(rest) < len(headline)
        and not any(_BYLINE_AFFIX.match(seg) for seg in segments[:1])
    )


def _site_part(text: str) -> str:
    return text.strip(" :|-–—·•»«")


def _head_ends(title: str, head: str) -> list:
    """The positions in ``title`` whose prefix folds to ``head``."""
    return [end for end in range(1, len(title) + 1) if _headline_key(title[:end]) == head]


def _head_starts(title: str, head: str) -> list:
    """The positions in ``title`` whose suffix folds to ``head``."""
    return [start for start in range(len(title)) if _headline_key(title[start:]) == head]
