"""Titles without the site name: "Headline - Site", "Headline | Site", "Site: Headline" -> "Headline"
(and "Headline | Site | by Author": a byline affix after the site name goes with it)
when the affix is the publisher (og:site_name, the feed's title) or the page's domain, compared
without case, spaces or punctuation ("RHEINISCHE TAGESPOST", "rheinische-tagespost.de").
A pure function used by the clean stage."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable
from urllib.parse import urlsplit

__all__ = ["strip_site_name", "site_key"]

# Separators between a headline and a site name (spaces around them required, but for ":").
_SUFFIX = re.compile(r"^(?P<head>.+)\s+(?:[-–—|·•»/~]|::)\s+(?P<site>.+?)\s*$")  # the last separator
_PREFIX = re.compile(r"^\s*(?P<site>[^-–—|·•»:]+?)\s*(?:\s[-–—|·•»]\s|:\s+|::\s*)(?P<head>.+)$")
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
        if inner and _matches(inner.group("site"), keys) and len(inner.group("head").split()) >= 2:
            title = m.group("head").strip()
    for _ in range(2):  # "Headline - Section | Site": the site, then nothing else
        m = _SUFFIX.match(title)
        if m and _matches(m.group("site"), keys) and len(m.group("head").split()) >= 2:
            title = m.group("head").strip()
            continue
        m = _PREFIX.match(title)
        if m and _matches(m.group("site"), keys) and len(m.group("head").split()) >= 2:
            title = m.group("head").strip()
            continue
        break
    return title
