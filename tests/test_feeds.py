"""Feed parsing (transforms/feeds.py): real feeds from ../shared/bench-data/feeds, hostile XML."""

import tracemalloc

import pytest

from tests.http_fixtures import BILLION_LAUGHS, FEEDS_DIR, rss
from transforms.feeds import FeedError, check_xml_safety, parse_feed

real_feeds = pytest.mark.skipif(not FEEDS_DIR.is_dir(), reason="shared bench-data feeds not available")


def _feed(name: str, content_type: str = ""):
    return parse_feed((FEEDS_DIR / name).read_bytes(), f"http://feeds.example.invalid/{name}", content_type)


# ---- real feeds (rbren/rss-parser test inputs, MIT; see bench-data/feeds/README.md) ---------------


@real_feeds
def test_utf8_rss_guardian():
    feed = _feed("guardian.rss")
    assert feed.title == "The Guardian"
    assert len(feed.entries) == 55
    first = feed.entries[0]
    assert first.title == "Trump State of the Union address promised unity but emphasized discord"
    assert first.link.startswith("https://www.theguardian.com/us-news/2018/jan/31/")
    assert first.published == "2018-01-31T07:26:05Z"
    assert first.authors == ["David Smith in Washington"]


@real_feeds
def test_iso_8859_1_with_declaration():
    feed = _feed("encoding.rss")
    assert feed.title == "Jornal de Notícias - Últimas Notícias"
    assert len(feed.entries) == 40
    assert feed.entries[0].title == "Mãe de utente é a nova presidente da Raríssimas"
    assert feed.entries[1].title == "Reações dos partidos ao veto de Marcelo"


@real_feeds
def test_iso_8859_1_without_declaration_falls_back_from_utf8():
    feed = _feed("uolNoticias.rss")
    assert len(feed.entries) == 15
    titles = [e.title for e in feed.entries]
    assert "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno" in titles
    assert not any("\ufffd" in t for t in titles)


@real_feeds
def test_http_charset_header_is_used():
    body = (FEEDS_DIR / "uolNoticias.rss").read_bytes()
    feed = parse_feed(body, "http://x.invalid/f", "application/rss+xml; charset=iso-8859-1")
    assert "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno" in [e.title for e in feed.entries]


@real_feeds
def test_gb2312_chinese():
    feed = _feed("encoding-gb2312.xml")
    assert feed.title == "互联网"
    assert [e.title for e in feed.entries] == ["拟298亿元重组盛大游戏后 世纪华通发20亿回购预案"]
    assert feed.entries[0].link == "http://tech.qq.com/a/20180919/009008.htm"
    assert feed.entries[0].published == "2018-09-19T05:11:22Z"


@real_feeds
def test_atom_heise():
    feed = _feed("heise.atom")
    assert feed.title == "heise developer neueste Meldungen"
    assert len(feed.entries) == 15
    assert "Scrum Day 2016: Bewerbungen für Vorträge und Workshops" in [e.title for e in feed.entries]
    assert all(e.link.startswith("http://www.heise.de/") for e in feed.entries)
    assert all(e.published.startswith("2016-") for e in feed.entries)


@real_feeds
def test_reddit_rss():
    feed = _feed("reddit.rss")
    assert len(feed.entries) == 24
    assert feed.entries[0].title == "The water is too deep, so he improvises"


# ---- synthetic feeds -------------------------------------------------------------------------------


def test_relative_links_resolved_and_link_less_entries_kept():
    body = rss("Feed", [("Rel", "/a/b.html"), ("Abs", "https://other.invalid/x"), ("None", None)])
    feed = parse_feed(body, "http://news.invalid/feeds/main.xml")
    assert [e.link for e in feed.entries] == ["http://news.invalid/a/b.html", "https://other.invalid/x", ""]
    assert feed.entries[0].authors == ["Ana Pérez"]
    assert feed.entries[0].published == "2017-01-03T14:11:52Z"


def test_file_links_are_passed_on_for_the_fetcher_to_refuse():
    feed = parse_feed(rss("Feed", [("Local", "file:///etc/passwd")]), "http://news.invalid/f.xml")
    assert feed.entries[0].link.startswith("file:")


def test_billion_laughs_refused_fast_and_small():
    tracemalloc.start()
    try:
        with pytest.raises(FeedError) as err:
            parse_feed(BILLION_LAUGHS, "http://x.invalid/bomb.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.reason == "feed_unsafe_xml"
    assert peak < 2_000_000  # bytes: the entities were never expanded


def test_external_entity_refused():
    body = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title><item><title>t</title><link>http://a.invalid/</link></item></channel></rss>"""
    with pytest.raises(FeedError) as err:
        parse_feed(body)
    assert err.value.reason == "feed_unsafe_xml"


def test_entity_declaration_in_utf16_refused():
    body = BILLION_LAUGHS.decode("ascii").replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    with pytest.raises(FeedError):
        check_xml_safety(body.encode("utf-16"))


def test_doctype_subset_without_entities_refused_but_plain_doctype_allowed():
    with pytest.raises(FeedError):
        check_xml_safety(b'<?xml version="1.0"?><!DOCTYPE rss [ <!ATTLIST rss a CDATA "x"> ]><rss/>')
    netscape = (b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
                b'<rss version="0.91"><channel><title>Old</title><item><title>One</title>'
                b"<link>http://old.invalid/1</link></item></channel></rss>")
    feed = parse_feed(netscape, "http://old.invalid/rss")
    assert [e.title for e in feed.entries] == ["One"]


@pytest.mark.parametrize("body", [b"not xml at all", b"\x00\x01garbage<<<", b"<html><body><p>a web page</p></body></html>"])
def test_bozo_or_non_feed_without_entries_is_unparseable(body):
    with pytest.raises(FeedError) as err:
        parse_feed(body, "http://x.invalid/", "application/xml")
    assert err.value.reason == "feed_unparseable"
    assert err.value.detail


def test_truncated_feed_keeps_the_entries_it_could_read():
    feed = parse_feed(b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>One</title>"
                      b"<link>http://a.invalid/1</link></item><item><title",
                      "http://x.invalid/", "application/xml")
    assert feed.bozo and feed.entries[0].link == "http://a.invalid/1"


def test_valid_feed_without_entries_is_empty():
    with pytest.raises(FeedError) as err:
        parse_feed(rss("Nothing new", []), "http://x.invalid/")
    assert err.value.reason == "feed_empty"


def test_path_like_bytes_are_not_opened(tmp_path):
    secret = tmp_path / "feed.xml"
    secret.write_bytes(rss("Local secret", [("Secret entry", "http://secret.invalid/")]))
    with pytest.raises(FeedError):
        parse_feed(str(secret).encode("utf-8"))  # bytes that look like a path stay bytes
    with pytest.raises(TypeError):
        parse_feed(str(secret))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "pub_date,expected",
    [
        ("2016/6/29 15:07:41", "2016-06-29T15:07:41Z"),  # feedparser's own guess was 2016-11-01
        ("Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"),  # feedparser gave nothing
        ("Fri, 24 Nov 2023 18:28:36 CET", "2023-11-24T17:28:36Z"),
        ("Tue, 03 Jan 2017 14:11:52 EST", "2017-01-03T19:11:52Z"),
        ("next week", "next week"),  # kept as given: undated downstream, counted by reason
    ],
)
def test_entry_dates_are_read_by_the_one_date_parser(pub_date, expected):
    feed = parse_feed(rss("Wire", [("Story", "http://example.invalid/a")], pub_date=pub_date))
    assert feed.entries[0].published == expected
