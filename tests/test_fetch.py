"""Fetching (transforms/fetch.py) against a real HTTP server on 127.0.0.1, hostile endpoints included."""

import gzip
import random
import threading
import zlib
from collections import Counter

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing import test_pipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.config import ConfigError, load_config
from tests.conftest import read_table
from tests.http_fixtures import FAST_FETCH_CONFIG, FEEDS_DIR, HostileServer, http_server  # noqa: F401 - pytest fixture
from transforms.fetch import FetchInputs, FetchTarget, crash_to_rejected, fetch_key, read_url_list
from transforms.httpclient import (
    CappedDecoder,
    FetchError,
    HttpCache,
    HttpClient,
    backoff_delay,
    is_public_address,
    parse_content_type,
    parse_retry_after,
    resolve_vetted,
    split_url,
    validate_fetch_config,
)
from transforms.records import stable_id

ALLOW = ["127.0.0.1"]
CONFIG_TRACKING = tuple(load_config()["dedup"]["tracking_params"])


@pytest.fixture()
def client():
    return HttpClient(FAST_FETCH_CONFIG, ALLOW)


def _reason(client, url, kind="page"):
    with pytest.raises(FetchError) as err:
        client.get(url, kind=kind)
    return err.value


# ---- pure helpers --------------------------------------------------------------------------------


def test_read_url_list(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# feeds\n\nhttp://a.invalid/1\n  https://b.invalid/x?y=1  \n#http://c.invalid/\nhttp://d.invalid/ # note\n",
                    encoding="utf-8")
    assert read_url_list(str(path)) == ["http://a.invalid/1", "https://b.invalid/x?y=1", "http://d.invalid/"]


def test_parse_content_type():
    assert parse_content_type('text/HTML; charset="ISO-8859-1"') == ("text/html", "iso-8859-1")
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", "")
    assert parse_content_type("") == ("", "")


def test_parse_retry_after():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 30) == pytest.approx(30.0)
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_delay_grows_with_jitter_and_honours_capped_retry_after():
    rng = random.Random(1)
    delays = [backoff_delay(n, 1.0, 8.0, None, 60.0, rng) for n in (1, 2, 3, 4, 5, 6)]
    assert all(0 <= d <= min(8.0, 2 ** (n - 1)) for n, d in zip((1, 2, 3, 4, 5, 6), delays))
    assert len(set(delays)) == len(delays)  # jittered
    assert backoff_delay(1, 1.0, 8.0, 5.0, 60.0, rng) == 5.0
    assert backoff_delay(1, 1.0, 8.0, 3600.0, 60.0, rng) == 60.0


@pytest.mark.parametrize("address,public", [
    ("93.184.215.14", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("0.0.0.0", False), ("224.0.0.1", False), ("240.0.0.1", False),
    ("255.255.255.255", False), ("100.64.0.1", False), ("::1", False), ("fe80::1", False), ("fc00::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:169.254.169.254", False), ("64:ff9b::a9fe:a9fe", False), ("::", False),
    ("ff02::1", False),
])
def test_is_public_address(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.1",
                                  "localhost", "169.254.169.254", "2852039166", "0", "::1", "::ffff:7f00:1"])
def test_numeric_disguises_resolve_to_what_they_hide_and_are_blocked(host):
    with pytest.raises(FetchError) as err:
        resolve_vetted(host, 80)
    assert err.value.reason == "blocked_address"


def test_allow_list_matches_the_spelling_or_a_network():
    assert resolve_vetted("127.0.0.1", 80, ["127.0.0.1"]) == "127.0.0.1"
    with pytest.raises(FetchError):
        resolve_vetted("2130706433", 80, ["127.0.0.1"])  # a disguise is not the listed host
    assert resolve_vetted("2130706433", 80, ["127.0.0.0/8"]) == "127.0.0.1"


@pytest.mark.parametrize("url,reason", [
    ("file:///etc/passwd", "unsupported_scheme"), ("ftp://a.invalid/x", "unsupported_scheme"),
    ("gopher://a.invalid/", "unsupported_scheme"), ("javascript:alert(1)", "unsupported_scheme"),
    ("a.invalid/no-scheme", "unsupported_scheme"), ("http:///nohost", "bad_url"),
    ("http://user:pw@a.invalid/", "bad_url"), ("http://a.invalid:99999/", "bad_url"),
])
def test_split_url_refuses(url, reason):
    with pytest.raises(FetchError) as err:
        split_url(url)
    assert err.value.reason == reason


def test_split_url_normalises():
    target = split_url("http://Exämple.com:8080/a b/ü?q=1#frag")
    assert (target.host, target.port, target.request_uri, target.host_header) == (
        "xn--exmple-cua.com", 8080, "/a%20b/%C3%BC?q=1", "xn--exmple-cua.com:8080")


def test_capped_decoder_cuts_a_gzip_bomb_without_inflating_it():
    bomb = gzip.compress(bytes(16 << 20), compresslevel=9)  # 16 MiB of zeros in ~16 KB
    decoder = CappedDecoder("gzip", 1_000_000)
    with pytest.raises(FetchError) as err:
        for i in range(0, len(bomb), 8192):
            decoder.feed(bomb[i:i + 8192])
        decoder.finish()
    assert err.value.reason == "too_large"
    assert len(decoder._out) <= 1_000_001


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_capped_decoder_deflate_zlib_or_raw(wbits):
    comp = zlib.compressobj(wbits=wbits)
    data = comp.compress(b"hello " * 100) + comp.flush()
    decoder = CappedDecoder("deflate", 10_000)
    decoder.feed(data)
    assert decoder.finish() == b"hello " * 100


def test_unknown_content_encoding_refused():
    with pytest.raises(FetchError) as err:
        CappedDecoder("br", 10)
    assert err.value.reason == "bad_content_encoding"


@pytest.mark.parametrize("use_filesystems", [False, True])
def test_http_cache_round_trip(tmp_path, use_filesystems):
    cache = HttpCache(str(tmp_path), use_filesystems=use_filesystems)
    assert cache.get("http://a.invalid/") is None and cache.validators("http://a.invalid/") == {}
    cache.put("http://a.invalid/", b"\x00body\nbytes", '"e1"', "Mon, 02 Jan 2017 10:00:00 GMT", "text/html")
    entry = cache.get("http://a.invalid/")
    assert entry["body"] == b"\x00body\nbytes" and entry["content_type"] == "text/html"
    assert cache.validators("http://a.invalid/") == {"If-None-Match": '"e1"',
                                                    "If-Modified-Since": "Mon, 02 Jan 2017 10:00:00 GMT"}
    assert cache.get("http://b.invalid/") is None


def test_config_validation():
    assert validate_fetch_config(FAST_FETCH_CONFIG)["max_bytes"] == 1_000_000
    for key, bad in (("max_bytes", 0), ("retries", -1), ("obey_robots", "yes"), ("feed_content_types", []),
                     ("deadline_seconds", True)):
        with pytest.raises(ConfigError):
            validate_fetch_config({**FAST_FETCH_CONFIG, key: bad})
    missing = dict(FAST_FETCH_CONFIG)
    del missing["user_agent"]
    with pytest.raises(ConfigError):
        validate_fetch_config(missing)


def test_crash_to_rejected_keys_by_url():
    info = (ValueError, "ValueError('boom')", ["tb"])
    row = crash_to_rejected((FetchTarget("http://a.invalid/x", title="t"), info), "fetch")
    assert (row.id, row.source, row.stage, row.reason) == (stable_id("http://a.invalid/x"), "http://a.invalid/x",
                                                           "fetch", "error:ValueError")
    assert "boom" in row.detail
    assert crash_to_rejected(("http://f.invalid/rss", info), "feed").source == "http://f.invalid/rss"


def test_nul_in_host_is_a_bad_url(client):
    assert _reason(client, "http://a\x00b.invalid/").reason in ("bad_url", "dns_error")


# ---- the client against the real server ----------------------------------------------------------


def test_page_fetched_with_header_charset_and_project_user_agent(client, http_server):
    fetched = client.get(http_server.url("/page/1"))
    assert fetched.status == 200 and fetched.attempts == 1
    assert fetched.charset == "iso-8859-1" and fetched.media_type == "text/html"
    assert "Café 1".encode("iso-8859-1") in fetched.body  # raw bytes, not decoded
    headers = [h for p, h in http_server.requests if p == "/page/1"][-1]
    assert headers["User-Agent"].startswith("newsbeam-test/0.1")
    assert headers["Host"] == f"127.0.0.1:{http_server.port}"


def test_redirect_followed_to_final_url(client, http_server):
    fetched = client.get(http_server.url("/redirect-ok"))
    assert fetched.final_url == http_server.url("/page/7")
    assert b"Page 7" in fetched.body


def test_gzip_page_decoded(client, http_server):
    assert client.get(http_server.url("/gzip-ok")).body == "<html>petit é</html>".encode("utf-8")


def test_chunked_gzip_page_decoded(client, http_server):
    assert client.get(http_server.url("/chunked")).body == ("<html>" + "chunké " * 2000 + "</html>").encode("utf-8")


def test_https_certificate_is_verified(tmp_path):
    with HostileServer(bomb_megabytes=1, tls_dir=tmp_path) as tls:
        for obey_robots in (True, False):
            client = HttpClient({**FAST_FETCH_CONFIG, "obey_robots": obey_robots}, ALLOW)
            err = _reason(client, tls.url("/page/1"))
            assert (err.reason, err.attempts) == ("tls_error", 1)
            assert "CERTIFICATE_VERIFY_FAILED" in err.detail
        assert tls.count("/page/1") == 0


def test_404_not_retried(client, http_server):
    err = _reason(client, http_server.url("/status/404"))
    assert (err.reason, err.status, err.attempts) == ("http_404", 404, 1)
    assert "attempts=1" in err.describe("u") and "status=404" in err.describe("u")


def test_503_with_retry_after_then_success(client, http_server):
    url = http_server.url("/flaky?key=retry-test")
    fetched = client.get(url)
    assert fetched.attempts == 2 and b"recovered" in fetched.body
    assert http_server.count("/flaky?key=retry-test") == 2


def test_retry_waits_for_retry_after_capped(client, http_server):
    url = http_server.url("/flaky?key=gap-test")
    client.get(url)
    times = [t for p, t in http_server.arrivals if p == "/flaky?key=gap-test"]
    assert len(times) == 2 and times[1] - times[0] >= 0.19  # Retry-After: 1, capped at 0.2 s by config


def test_per_host_concurrency_cap_and_interval(http_server):
    # an interval well above scheduling jitter on a loaded machine: arrivals are stamped by the
    # server's threads, so a gap can look up to ~0.1 s shorter than the client kept it
    config = {**FAST_FETCH_CONFIG, "per_host_concurrency": 2, "per_host_interval_seconds": 0.2}
    polite = HttpClient(config, ALLOW)
    http_server.peak_in_flight = 0
    threads = [threading.Thread(target=polite.get, args=(http_server.url(f"/slow/{i}"),)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert http_server.count("/slow/5") == 1
    assert http_server.peak_in_flight <= 2
    starts = sorted(t for p, t in http_server.arrivals if p.startswith("/slow/"))
    assert all(b - a >= 0.1 for a, b in zip(starts, starts[1:]))
    assert starts[-1] - starts[0] >= 5 * 0.2 - 0.1  # six starts kept the interval between them


def test_persistent_503_gives_up_after_the_retries(client, http_server):
    before = http_server.count("/status/503")
    err = _reason(client, http_server.url("/status/503"))
    assert (err.reason, err.attempts) == ("http_503", 3)
    assert http_server.count("/status/503") - before == 3


def test_gzip_bomb_cut_off(client, http_server):
    assert _reason(client, http_server.url("/gzip-bomb")).reason == "too_large"


def test_trickling_body_cut_at_the_total_deadline(client, http_server):
    err = _reason(client, http_server.url("/trickle"))
    assert err.reason == "timeout"
    assert http_server.sent["/trickle"] < 600  # the server never got to finish


def test_60_mb_body_cut_while_streaming(client, http_server):
    err = _reason(client, http_server.url("/huge"))
    assert err.reason == "too_large" and "streaming" in err.detail
    assert http_server.sent["/huge"] < 30 << 20  # the client hung up long before 60 MB


def test_declared_oversize_refused_before_reading(client, http_server):
    err = _reason(client, http_server.url("/huge-declared"))
    assert err.reason == "too_large" and "Content-Length" in err.detail


def test_redirect_to_metadata_address_blocked(client, http_server):
    err = _reason(client, http_server.url("/redirect-metadata"))
    assert err.reason == "blocked_address" and "169.254.169.254" in err.detail


def test_redirect_to_decimal_disguised_loopback_blocked(client, http_server):
    assert _reason(client, http_server.url("/redirect-decimal")).reason == "blocked_address"
    assert http_server.count("/page/9") == 0


def test_loopback_blocked_without_allow_list(http_server):
    bare = HttpClient(FAST_FETCH_CONFIG)
    assert _reason(bare, http_server.url("/page/1")).reason == "blocked_address"


def test_redirect_to_file_refused(client, http_server):
    assert _reason(client, http_server.url("/redirect-file")).reason == "unsupported_scheme"


def test_redirect_loop_and_chain(client, http_server):
    assert _reason(client, http_server.url("/loop-a")).reason == "redirect_loop"
    assert _reason(client, http_server.url("/chain/0")).reason == "too_many_redirects"
    assert http_server.count("/chain/5") == 0  # max_redirects 4: hops 0..4 only


def test_robots_disallow_obeyed_and_path_never_requested(client, http_server):
    assert _reason(client, http_server.url("/private/secret-robots")).reason == "robots_disallowed"
    assert http_server.count("/private/secret-robots") == 0


def test_robots_5xx_means_disallow_and_is_retried_404_means_allowed():
    with HostileServer(bomb_megabytes=1, robots_status=503) as down:
        err = _reason(HttpClient(FAST_FETCH_CONFIG, ALLOW), down.url("/page/1"))
        assert (err.reason, err.attempts) == ("robots_unreachable", 3)
        assert down.count("/robots.txt") == 3 and down.count("/page/1") == 0
    with HostileServer(bomb_megabytes=1, robots_status=404) as absent:
        client = HttpClient(FAST_FETCH_CONFIG, ALLOW)
        assert client.get(absent.url("/private/allowed")).status == 200
        client.get(absent.url("/page/2"))
        assert absent.count("/robots.txt") == 1  # cached per host


def test_oversized_robots_txt_is_read_up_to_the_cap():
    padding = b"# " + b"x" * 20_000 + b"\n"
    with HostileServer(bomb_megabytes=1, robots_prefix=padding) as server:
        client = HttpClient(FAST_FETCH_CONFIG, ALLOW)  # robots_max_bytes 10000: the Disallow is cut off
        assert client.get(server.url("/private/now-allowed")).status == 200
        roomy = HttpClient({**FAST_FETCH_CONFIG, "robots_max_bytes": 100_000}, ALLOW)
        assert _reason(roomy, server.url("/private/x")).reason == "robots_disallowed"


def test_content_type_checked(client, http_server):
    assert _reason(client, http_server.url("/pdf")).reason == "bad_content_type"
    assert _reason(client, http_server.url("/page/1"), kind="feed").reason == "bad_content_type"


def test_conditional_get_second_run_costs_304s(tmp_path, http_server):
    cache = str(tmp_path / "http-cache")
    first = HttpClient(FAST_FETCH_CONFIG, ALLOW, cache).get(http_server.url("/feed.xml"), kind="feed")
    downloads = http_server.count("/feed.xml")
    second_client = HttpClient(FAST_FETCH_CONFIG, ALLOW, cache)  # a new run: nothing in memory
    second = second_client.get(http_server.url("/feed.xml"), kind="feed")
    assert (first.status, second.status) == (200, 304)
    assert second.from_cache and second.body == first.body
    assert second.media_type == "application/rss+xml"
    assert http_server.count("/feed.xml") == downloads + 1
    conditional = [h for p, h in http_server.requests if p == "/feed.xml"][-1]
    assert conditional["If-None-Match"] == '"feed-v1"'


# ---- the composite -------------------------------------------------------------------------------


def _projection(doc):
    return (doc.id, doc.source, doc.url, doc.format, doc.title, doc.publisher, doc.published, tuple(doc.authors),
            doc.charset, doc.group, b"Page" in doc.raw)


def test_fetch_inputs_pipeline(http_server, tmp_path):
    base = http_server.base
    feeds = [f"{base}/feed.xml", f"{base}/status/404", f"{base}/entity-bomb.xml", f"{base}/not-a-feed.xml",
             f"{base}/empty-feed.xml"]
    urls = [f"{base}/page/3", f"{base}/page/3", f"{base}/redirect-metadata", f"{base}/plain"]
    pub = "2017-01-03T14:11:52Z"
    feed_meta = ("Test Feed Ü", pub, ("Ana Pérez",))

    def page(path, title="", meta=("", "", ())):
        url = base + path
        return (stable_id(fetch_key(url)), url, url, "html", title, meta[0], meta[1], meta[2], "iso-8859-1",
                "127.0.0.1", True)

    expected_docs = [
        page("/page/1", "Première page", feed_meta),
        page("/page/2", "Second page", feed_meta),
        page("/page/3"),  # listed twice, fetched once (issue 15)
        (stable_id(fetch_key(f"{base}/plain")), f"{base}/plain", f"{base}/plain", "text", "", "", "", (), "utf-8",
         "127.0.0.1", False),
    ]
    expected_rejected = [
        (f"{base}/private/secret", "fetch", "robots_disallowed"),
        ("file:", "fetch", "unsupported_scheme"),  # feedparser gives it as file://etc/passwd
        (f"{base}/status/404", "fetch", "http_404"),
        (f"{base}/feed.xml#entry-5", "feed", "entry_without_link"),
        (f"{base}/status/404", "feed", "http_404"),
        (f"{base}/entity-bomb.xml", "feed", "feed_unsafe_xml"),
        (f"{base}/not-a-feed.xml", "feed", "feed_unparseable"),
        (f"{base}/empty-feed.xml", "feed", "feed_empty"),
        (f"{base}/redirect-metadata", "fetch", "blocked_address"),
    ]
    p = test_pipeline.TestPipeline()
    docs, rejected = p | FetchInputs(feeds, urls, FAST_FETCH_CONFIG, allow_hosts=ALLOW,
                                     http_cache=str(tmp_path / "cache"))
    assert_that(docs | "ProjectDocs" >> beam.Map(_projection), equal_to(expected_docs), label="CheckDocs")
    assert_that(
        rejected | "ProjectRejected" >> beam.Map(
            lambda r: ("file:" if r.source.startswith("file:") else r.source, r.stage, r.reason)),
        equal_to(expected_rejected), label="CheckRejected")
    assert_that(
        rejected | "Details" >> beam.Map(lambda r: "attempts=" in r.detail or r.reason == "entry_without_link"),
        equal_to([True] * len(expected_rejected)), label="CheckDetails")
    result = p.run()
    result.wait_until_finish()
    counters = {
        (c.key.metric.namespace, c.key.metric.name): c.committed
        for c in result.metrics().query(MetricsFilter().with_namespaces(["news.fetch", "news.feed"]))["counters"]
    }
    # page/3 is listed twice and fetched once
    assert counters[("news.fetch", "fetched")] + counters.get(("news.fetch", "fetched_304"), 0) == 4
    assert counters[("news.fetch", "filtered:robots_disallowed")] == 1
    assert counters[("news.feed", "entries")] == 5
    assert counters[("news.feed", "filtered:feed_unsafe_xml")] == 1


def test_second_scheduled_run_with_the_http_cache_costs_304s(http_server, tmp_path):
    cache = str(tmp_path / "cache")
    feed = http_server.url("/feed.xml")
    watched = {"/feed.xml", "/page/1", "/page/2"}

    def run():
        start = len(http_server.statuses)
        with test_pipeline.TestPipeline() as p:
            docs, _ = p | FetchInputs([feed], [], FAST_FETCH_CONFIG, allow_hosts=ALLOW, http_cache=cache)
            assert_that(docs | beam.Map(lambda d: (d.source.rsplit("/", 1)[1], d.title, b"Page" in d.raw)),
                        equal_to([("1", "Première page", True), ("2", "Second page", True)]))
        return sorted((path, code) for path, code in http_server.statuses[start:] if path in watched)

    assert run() == [("/feed.xml", 200), ("/page/1", 200), ("/page/2", 200)]
    assert run() == [("/feed.xml", 304), ("/page/1", 304), ("/page/2", 304)]


@pytest.mark.skipif(not FEEDS_DIR.is_dir(), reason="shared bench-data feeds not available")
@pytest.mark.parametrize("name,title", [("encoding-gb2312.xml", "拟298亿元重组盛大游戏后 世纪华通发20亿回购预案"),
                                        ("encoding.rss", "Mãe de utente é a nova presidente da Raríssimas")])
def test_real_feed_over_http_keeps_its_text(client, http_server, name, title):
    from transforms.feeds import parse_feed

    fetched = client.get(http_server.url(f"/real/{name}"), kind="feed")
    feed = parse_feed(fetched.body, fetched.final_url, fetched.media_type)
    assert feed.entries[0].title == title


@pytest.mark.parametrize("obey_robots", [True, False])
def test_a_refused_connection_is_connect_refused_not_a_timeout_and_is_retried(obey_robots):
    """Was (trial 6, D3): a stopped server (ECONNREFUSED, at once) was reported as
    ``connect_timeout`` with a detail 'DeadlineHTTPConnection(host=...)': urllib3's
    NewConnectionError derives from ConnectTimeoutError. A real socket bound on 127.0.0.1 and
    not listening: the kernel refuses every connection to it."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as bound:
        bound.bind(("127.0.0.1", 0))  # never listen(): a connect gets RST -> ECONNREFUSED
        port = bound.getsockname()[1]
        client = HttpClient({**FAST_FETCH_CONFIG, "obey_robots": obey_robots}, ALLOW)
        err = _reason(client, f"http://127.0.0.1:{port}/page/1")
    assert err.reason == "connect_refused", (err.reason, err.detail)
    assert err.retryable and err.attempts == 1 + FAST_FETCH_CONFIG["retries"]  # docs/running.md: retried
    assert f"connection refused by 127.0.0.1:{port}" in err.detail
    assert err.detail.startswith("robots.txt: ") == obey_robots  # robots.txt is asked first
    assert "DeadlineHTTPConnection" not in err.detail


def test_a_storm_of_refused_connections_names_its_own_hint():
    from pipelines.ingest import RunFailed, check_summary

    summary = {"inputs": 12, "articles": 0, "duplicates": 0, "rejected": 12,
               "rejected_by_reason": {"fetch:connect_refused": 12}}
    with pytest.raises(RunFailed, match=r"connect_refused x12 \(hint: connect_refused: nothing listens"):
        check_summary(summary, {"min_inputs": 10, "max_failure_share": 0.5})


def test_a_page_listed_with_tracking_parameters_is_fetched_once(run_ingest, tmp_path):
    """trial-6 D8: the README says a page listed several times, in any spelling, is fetched once and
    its id comes from the canonical URL (which ignores the ``dedup.tracking_params``). Was: one GET
    per tracking-parameter spelling (the politeness interval spent twice, the publisher loaded
    twice). A real ingest run (--urls and --feeds) against its own server, counting GETs."""
    with HostileServer() as server:
        base, port = server.base, server.port
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join([
            f"{base}/page/41",
            f"{base}/page/41?utm_source=newsletter&utm_medium=email",
            f"HTTP://127.0.0.1:{port}/page/41#comments",
            f"{base}/page/1?fbclid=abc&gclid=x",  # also in the feed, as /page/1
            f"{base}/page/42?id=7&utm_campaign=spring",
            f"{base}/page/42?id=8",  # another parameter: another page
        ]) + "\n", encoding="utf-8")
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"{base}/feed.xml\n", encoding="utf-8")
        out, summary = run_ingest(extra=["--urls", str(urls), "--feeds", str(feeds), "--allow-hosts", "127.0.0.1"])
        gets = Counter(path for path, _ in server.requests if path.startswith("/page/"))
    assert sum(n for path, n in gets.items() if path.split("?")[0] == "/page/41") == 1
    assert sum(n for path, n in gets.items() if path.split("?")[0] == "/page/1") == 1
    assert sorted(p for p in gets if p.startswith("/page/42")) == ["/page/42?id=7&utm_campaign=spring", "/page/42?id=8"]
    rows = [r for table in ("articles", "rejected", "duplicates") for r in read_table(out, table)]
    sources = sorted(r["source"] for r in rows if "/page/4" in r["source"] or "/page/1" in r["source"])
    assert len(sources) == 4  # one row per page: 41, 1, 42?id=7, 42?id=8
    # the id is the canonical URL's; the source is a URL as it was listed
    (row,) = [r for r in rows if "/page/41" in r["source"]]
    assert row["id"] == stable_id(fetch_key(f"{base}/page/41", CONFIG_TRACKING))
    assert row["source"] in urls.read_text("utf-8").splitlines()
