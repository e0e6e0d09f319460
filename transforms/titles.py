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

from transforms.textnorm import CJK, HANGUL, UNSPACED_SEA, normalize_for_match, tokens

__all__ = ["headline_in_title", "is_headline_of", "is_rights_holder", "is_site_name", "label_like", "lead_support", "strip_site_name", "site_key", "title_headline",
           "title_site_name", "title_site_part"]

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
_TLD = re.compile(r"\.(?:[a-z]{2,3}\.)?[a-z]{2,13}$")  # ".com", ".co.uk", ".online", ".example" (RFC 2606)


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


# An affix that starts with the site's name and goes on is still the name when the rest is a
# short tag ("Spiegel Online", "Zeit Digital", "Haaretz English": at most this many letters and
# digits); longer, it is a headline opening with the name ("Die Woche der Entscheidung: ..." on
# Die Woche's page, cases-7 convention: a headline holding the site's name keeps it).
_SITE_TAG_CHARS = 8


def _matches(affix: str, keys: set) -> bool:
    key = site_key(affix)
    if len(key) < 2:
        return False
    return any(key == k or (len(key) >= 5 and len(k) >= 5 and (
        k.startswith(key) or (key.startswith(k) and len(key) - len(k) <= _SITE_TAG_CHARS))) for k in keys)


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


# The parts of a <title>: the separators above, plus " : " and "::" (French and old portal titles:
# "Site :: Rubrique :: Titre"). A colon followed by a space alone ("Biden: we will win") is read as
# a separator only after a part that is the site's name.
_PART = re.compile(rf"{_SPACED}|\s*::\s*|\s+:\s+|{_UNSPACED}")
_NAME_COLON = re.compile(r"^(?P<site>[^:]{2,60}?):\s+(?=\S)")
_SITE_EXTRA_CHARS = 6  # "MacRumors.com", "Gazeta Online": a site part may add this much to the name
_SKELETON = str.maketrans({"z": "s", "c": "k", "q": "k", "w": "v", "x": "ks", "a": None, "e": None,
                           "i": None, "o": None, "u": None, "y": None, "j": None, "h": None, "'": None})


def _ascii_key(name: str) -> str:
    """``site_key`` transliterated to ASCII letters and digits ("Вечерний Приволжск" ->
    "vecherniyprivolzhsk", the host "vecherniy-privolzhsk.ru" -> the same)."""
    from anyascii import anyascii

    return "".join(ch for ch in anyascii(site_key(name)).lower() if ch.isalnum())


def _skeleton(key: str) -> str:
    """The consonants of an ASCII key, a few spellings merged (z/s, c/q/k, w/v): two
    transliterations of one name ("haaretz" and anyascii's "h'rts" for הארץ) agree on it."""
    out = []
    for ch in key.translate(_SKELETON):
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _names_site(part: str, keys: set) -> bool:
    """``part`` of a title is the site's name: its ASCII key equals one of ``keys`` (ASCII keys of
    og:site_name, application-name, the publisher, the host), or adds at most a few characters to it
    ("Gazeta.pl", "Site Online"), or is its start (5+ letters), or the two agree on their consonants
    (another transliteration). A part that holds the name among other words is a headline."""
    from difflib import SequenceMatcher

    key = _ascii_key(part)
    if len(key) < 2:
        return False
    for k in keys:
        if key == k:
            return True
        if len(key) >= 5 and len(k) >= 5:
            if key.startswith(k) and len(key) - len(k) <= _SITE_EXTRA_CHARS:
                return True
            if SequenceMatcher(None, key, k).ratio() >= 0.85:
                return True
        skeleton = _skeleton(key)
        if len(skeleton) >= 3 and skeleton == _skeleton(k):
            return True
        if len(k) >= 3 and _initials(part) == k:
            return True  # "Аргументы и Факты" on aif.ru
    return False


def _initials(name: str) -> str:
    from anyascii import anyascii

    return "".join(w[0] for w in re.findall(r"[a-z0-9]+", anyascii(name).lower()))


def lead_support(text: str, lead: str) -> float:
    """The share (0-1) of ``text``'s words (character pairs in scripts without spaces) that ``lead``
    holds, an inflected form meeting on its first letters; 0.0 when ``text`` has none."""
    words = _words(text)
    lead_words = set(_words(lead))
    stems = {w[:_STEM] for w in lead_words if len(w) >= _STEM}
    return _matched(words, lead_words, stems) / len(words) if words else 0.0


def title_site_part(title: str, site_names: Iterable[str] = (), url: str = "") -> str:
    """The first part of ``title`` (str, between separators, see ``title_headline``) that names the
    site (``is_site_name``), as written ("Северный Вестник" in "Северный Вестник :: Общество ::
    Headline" on severny-vestnik.ru); "" when none."""
    title = " ".join((title or "").split())
    for a, b in _parts(title):
        if is_site_name(title[a:b].strip(), site_names, url):
            return title[a:b].strip()
    return ""


def is_site_name(part: str, site_names: Iterable[str] = (), url: str = "") -> bool:
    """``part`` (str, a part of a title) names the site: it matches one of ``site_names`` or
    ``url``'s host without case, accents or script (see ``title_headline``), or is the host's initials."""
    keys = {_ascii_key(s) for s in site_names if s} | ({_ascii_key(_host(url))} if _host(url) else set())
    keys.discard("")
    return bool(keys) and _names_site(part, keys)


def _words(text: str) -> list:
    """A text's words for matching a title against the text (``textnorm.tokens`` of its
    ``normalize_for_match`` form): 2+ characters, or character pairs in the scripts written without
    spaces (Hangul included here: Korean particles attach to the word)."""
    return [w for w in tokens(normalize_for_match(text or ""), _UNSPACED_SCRIPT) if len(w) >= 2]


_STEM = 5  # inflected languages: "zbóż" / "zboża", "ремонт" / "ремонта" meet on their first letters


def _matched(words: list, lead: set, stems: set) -> int:
    return sum(1 for w in words if w in lead or (len(w) >= _STEM and w[:_STEM] in stems))


_OPEN_MARKS, _CLOSE_MARKS = "([{«“„‹（【", ")]}»”“›）】"


def _parts(title: str) -> list:
    """(start, end) of each part of ``title`` between separators; a separator inside brackets or
    quotation marks ("(αστο – asto – aso)", "«A - B»") separates nothing."""
    bounds, start = [], 0
    for sep in _PART.finditer(title):
        before = title[:sep.start()]
        if sum(before.count(ch) for ch in _OPEN_MARKS) > sum(before.count(ch) for ch in _CLOSE_MARKS if ch != "“"):
            continue
        if sep.start() > start:
            bounds.append((start, sep.start()))
        start = sep.end()
    if start < len(title):
        bounds.append((start, len(title)))
    return [(a, b) for a, b in bounds if title[a:b].strip()]


_SUPPORT = 0.6  # share of the kept part's words the lead must hold to leave out a part no site name confirms
_LABEL_MAX_WORDS, _LABEL_MAX_CHARS = 3, 8  # a section or site label: 3 words, 8 letters of a script without spaces
_DOMAIN = re.compile(r"\b[\w-]+\.(?:[a-z]{2,3}\.)?[a-z]{2,6}\b", re.IGNORECASE)


def label_like(part: str, keys: set = frozenset()) -> bool:
    """Could an outer part of a title that names no known site be a section or a site label:
    a domain name ("Express.gr", "Polska Lokalna w Interia.pl"), a part holding one of ``keys``
    (the site names' ASCII keys: og:site_name, the host...),
    or at most 3 words (8 characters in a script without spaces), never sentence punctuation
    after its first word. A longer part is a subtitle ("Review - shoots for the moon, lands among
    the stars") and stays with the headline."""
    if _DOMAIN.search(part):
        return True
    key = _ascii_key(part)
    if any(len(k) >= 4 and k in key for k in keys):
        return True
    if _UNSPACED_SCRIPT.search(part):
        return len(part.strip()) <= _LABEL_MAX_CHARS
    return len(part.split()) <= _LABEL_MAX_WORDS and not re.search(r"[!?;]", part)


def is_rights_holder(part: str, rights: Iterable[str]) -> bool:
    """``part`` (str: a label-like part of a title, an author credit) is written in one of the page's rights lines ("© 2008
    Dunántúli Hírlap Kft. Minden jog fenntartva."): the page names itself there."""
    folded = " ".join(unicodedata.normalize("NFKC", part).casefold().split())
    if len(_ascii_key(part)) < 4 or not label_like(part):
        return False
    holder = re.compile(r"(?:^|©|\(c\)|copyright|\d{4}|[-–,])\s*" + re.escape(folded)
                        + r"(?=\s*(?:$|[.,;:|()\-–]|" + _COMPANY + r"))", re.IGNORECASE)
    return any(holder.search(" ".join(unicodedata.normalize("NFKC", line).casefold().split())) for line in rights)


# company forms after a rights holder's name ("Dunántúli Hírlap Kft.", "Example Media GmbH")
_COMPANY = (r"(?:kft|zrt|nyrt|ltd|limited|plc|gmbh|ag|kg|inc|llc|corp|s\.?a\.?|s\.?l\.?|s\.?r\.?l\.?|spa|sp\. z o\.o\.|"
            r"sa|srl|bv|nv|oy|oyj|ab|as|asa|a/s|d\.o\.o\.|s\.r\.o\.|a\.s\.|ооо|зао|оао|ао|тов|пат)(?![^\W\d_])")


def title_headline(title: str, site_names: Iterable[str] = (), url: str = "", lead: str = "",
                   rights: Iterable[str] = ()) -> str:
    """The headline in a page's <title> (str) that joins it to the site's name and sections ("Site -
    Headline", "Headline | Site", "Site :: Section :: Headline", "站名-栏目-标题"), as written.

    A part is the site's name when it matches ``site_names`` (og:site_name, application-name, the
    JSON-LD publisher) or ``url``'s host, without case, accents or script (transliterated to
    ASCII), or is written in one of ``rights`` (the page's copyright lines: "© 2008 Site Kft.");
    such parts at either end are left out. Other outer parts (sections, a site name the page
    does not declare) are left out only when ``lead`` (the text's first lines) supports the rest:
    at least 2 of the rest's words (or character pairs in Chinese, Japanese, Thai...) are in the
    lead, and fewer than half of the left-out part's are; or, whatever else the lead holds, when its
    first line is the kept parts alone and the others are label-like (the headline printed as the
    text's first line on a page without <h1>: "Kalgoorlie Star - Super Pit expansion to secure
    jobs" over the line "Super Pit expansion to secure jobs", in a text that names the town too).
    The part kept is the one that best matches
    the lead (matched words minus unmatched ones), the longer on a tie. ``title`` unchanged when
    it has one part, when the lead holds the whole title, or when nothing supports a cut: a
    headline that holds a separator ("Kyiv - Moscow talks stall") or the site's name stays whole."""
    title = " ".join((title or "").split())
    keys = {_ascii_key(s) for s in site_names if s} | ({_ascii_key(_host(url))} if _host(url) else set())
    keys.discard("")
    head = _NAME_COLON.match(title)  # "Site: Headline" (a colon alone) when the part before it is the name
    offset = head.end() if head and keys and _names_site(head.group("site"), keys) else 0
    parts = [(a + offset, b + offset) for a, b in _parts(title[offset:])]
    if offset:
        parts.insert(0, (0, head.end("site")))
    if len(parts) < 2:
        return title
    words = [_words(title[a:b]) for a, b in parts]
    lead_words = set(_words(lead))
    stems = {w[:_STEM] for w in lead_words if len(w) >= _STEM}
    if lead and " ".join(title.casefold().split()) in " ".join(lead.casefold().split()):
        return title
    first = _headline_key(next((line for line in lead.split("\n") if line.strip()), ""))
    for i in range(len(parts) if first else 0):  # the text opens with a run of the title's parts as its own line
        for j in range(i + 1, len(parts) + 1):
            text = title[parts[i][0]:parts[j - 1][1]].strip()
            dropped = [k for k in range(len(parts)) if k < i or k >= j]
            if dropped and _headline_key(text) == first and _headline_sized(text) and all(
                label_like(title[parts[k][0]:parts[k][1]], keys) for k in dropped
            ):
                return text
    matched = [_matched(w, lead_words, stems) for w in words]
    rights = list(rights)
    site = [(bool(keys) and _names_site(title[a:b], keys)) or (bool(rights) and is_rights_holder(title[a:b].strip(), rights))
            for a, b in parts]
    best, best_rank = title, None
    n = len(parts)
    for i in range(n):
        for j in range(i + 1, n + 1):
            if site[i] or site[j - 1]:
                continue  # the site's name at an end of the title is never kept
            dropped = [k for k in range(n) if k < i or k >= j]
            unnamed = [k for k in dropped if not site[k]]
            kept_words = sum(len(words[k]) for k in range(i, j))
            kept_matched = sum(matched[k] for k in range(i, j))
            if unnamed and (kept_matched < 2 or kept_matched < _SUPPORT * kept_words or any(
                2 * matched[k] >= max(1, len(words[k])) or not label_like(title[parts[k][0]:parts[k][1]], keys)
                for k in unnamed
            )):
                continue  # an outer part is left out only when the lead supports the rest, not it
            text = title[parts[i][0]:parts[j - 1][1]].strip()
            if dropped and not _headline_sized(text):
                continue
            rank = (2 * kept_matched - kept_words, j - i)
            if best_rank is None or rank > best_rank:
                best, best_rank = text, rank
    return best
