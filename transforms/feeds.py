"""Feed parsing: RSS/Atom bytes -> entries with the feed's metadata (pure, no networking).

feedparser only ever sees bytes (``feedparser.parse(io.BytesIO(body))``): given a string that looks
like a path or a URL it would open a local file or fetch it itself. Before it sees them, the bytes
pass ``check_xml_safety``: any ``<!ENTITY`` declaration or DOCTYPE internal subset is refused,
because feedparser's loose fallback parser expands entities itself (a 110 KB "billion laughs"
feed becomes hundreds of MB) and its strict parser would hand them to expat. A plain DOCTYPE with
only an external id (RSS 0.91's Netscape DTD) is allowed: feedparser strips it, nothing is loaded.

The Beam stage that fetches feeds and fans their entries out lives in ``transforms/fetch.py``.
"""

from __future__ import annotations

import io
import re
from typing import List, NamedTuple
from urllib.parse import urljoin

from transforms.dates import iso_utc

__all__ = ["FeedEntry", "FeedError", "ParsedFeed", "EXPECTED_REJECTS", "check_xml_safety", "parse_feed"]

STAGE = "feed"
# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them).
EXPECTED_REJECTS = frozenset({"feed_empty"})

# Case-insensitive and whitespace-tolerant on purpose: the loose (SGML) parser is both.
_ENTITY_DECL = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(rb"<!\s*DOCTYPE[^>\[]*\[", re.IGNORECASE)
# feedparser complaints that do not make a feed unreadable.
_BENIGN_BOZO = {"NonXMLContentType", "CharacterEncodingOverride", "CharacterEncodingUnknown"}
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


class FeedError(ValueError):
    """A feed that cannot be used; ``reason`` is the Rejected reason."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class FeedEntry(NamedTuple):
    """One entry of a feed, with what the feed says about it."""

    link: str  # absolute URL as given by the feed ("" if the entry has none)
    title: str
    published: str  # ISO 8601 UTC datetime; the value as given when unparseable; "" if none
    authors: List[str]


class ParsedFeed(NamedTuple):
    title: str  # the feed's title: the entries' publisher
    entries: List[FeedEntry]
    bozo: str  # feedparser's complaint about a feed it could still read, "" if none


def check_xml_safety(body: bytes) -> None:
    """Raise FeedError("feed_unsafe_xml") if the bytes declare entities or a DOCTYPE subset.

    UTF-16/32 text is checked with its NUL bytes removed, which leaves the ASCII markup intact.
    """
    sample = body
    if body[:4].startswith(_UTF16_32_BOMS) or b"\x00" in body[:4]:
        sample = body.replace(b"\x00", b"")
    if _ENTITY_DECL.search(sample):
        raise FeedError("feed_unsafe_xml", "entity declaration (<!ENTITY) refused")
    if _DOCTYPE_SUBSET.search(sample):
        raise FeedError("feed_unsafe_xml", "DOCTYPE internal subset refused")


def _published(entry) -> str:
    """The entry's date as given (published, else updated), read by transforms/dates.py (not by
    feedparser, whose guesses date "2016/6/29 15:07:41" 2016-11-01): ISO 8601 UTC when it parses,
    the value as given otherwise (left undated downstream and counted by reason)."""
    raw = " ".join(str(dict.get(entry, "published") or dict.get(entry, "updated") or "").split())
    return iso_utc(raw) or raw


def _authors(entry) -> List[str]:
    names = []
    for author in entry.get("authors") or []:
        name = (author.get("name") or author.get("email") or "").strip() if hasattr(author, "get") else ""
        if name and name not in names:
            names.append(name)
    if not names and (entry.get("author") or "").strip():
        names.append(entry["author"].strip())
    return names


def _link(entry, feed_url: str) -> str:
    link = (entry.get("link") or "").strip()
    if not link:
        guid = (entry.get("id") or "").strip()
        if guid.lower().startswith(("http://", "https://")):
            link = guid
    return urljoin(feed_url, link) if link else ""


def parse_feed(body: bytes, feed_url: str = "", content_type: str = "") -> ParsedFeed:
    """Feed bytes -> ParsedFeed; raises FeedError (feed_unsafe_xml, feed_unparseable, feed_empty).

    ``content_type`` is the HTTP Content-Type header (its charset wins over the XML declaration,
    as RFC 3023 says); without one feedparser tries the declaration, UTF-8, then windows-1252.
    """
    if not isinstance(body, (bytes, bytearray)):
        raise TypeError("parse_feed takes bytes, never a path or URL")
    check_xml_safety(body)
    import feedparser  # after the guard: nothing unsafe ever reaches it

    headers = {"content-location": feed_url} if feed_url else {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(bytes(body)), response_headers=headers, sanitize_html=False)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    bozo = f"{type(exc).__name__}: {exc}" if exc is not None else ""
    if not parsed.entries:
        if exc is not None and type(exc).__name__ not in _BENIGN_BOZO:
            raise FeedError("feed_unparseable", bozo)
        if not parsed.get("version"):
            raise FeedError("feed_unparseable", "not an RSS or Atom document")
        raise FeedError("feed_empty", f"no entries ({parsed.get('version')})")
    entries = [
        FeedEntry(
            link=_link(entry, feed_url),
            title=(entry.get("title") or "").strip(),
            published=_published(entry),
            authors=_authors(entry),
        )
        for entry in parsed.entries
    ]
    return ParsedFeed(title=(parsed.feed.get("title") or "").strip(), entries=entries, bozo=bozo)
