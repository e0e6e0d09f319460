"""End to end through the fetch stage: a feed and a URL list served by a real HTTP server on 127.0.0.1."""

import hashlib
import json

import yaml

from tests.conftest import read_table
from tests.http_fixtures import FAST_FETCH_CONFIG, http_server  # noqa: F401


def test_feed_and_urls_end_to_end(run_ingest, http_server, tmp_path):  # noqa: F811
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# a comment\n{http_server.url('/feed.xml')}\n")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{http_server.url('/page/7')}\nhttp://169.254.169.254/latest/meta-data/\n")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({"fetch": FAST_FETCH_CONFIG, "clean": {"min_words": 5}}))
    out, summary = run_ingest(
        extra=["--feeds", str(feeds), "--urls", str(urls), "--allow-hosts", "127.0.0.1", "--config", str(config),
               "--http-cache", str(tmp_path / "cache")],
    )
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    articles = {a["source"]: a for a in read_table(out, "articles")}
    rejected = {r["source"]: r for r in read_table(out, "rejected")}
    page1 = articles[http_server.url("/page/1")]
    # the page's own title wins over the feed's (issue 14: feed fields only fill gaps); ISO-8859-1
    # body, charset from the header
    assert page1["title"] == "Page 1" and "Café 1" in page1["text"]
    assert page1["publisher"] == "Test Feed Ü" and page1["authors"] == ["Ana Pérez"]  # gaps the page left
    assert page1["published"] is not None
    # provenance: the exact bytes served, when they were fetched, the run's settings
    from tests.http_fixtures import PAGE

    served = PAGE.format(title="Page 1", n="1").encode("iso-8859-1")
    assert page1["source_sha256"] == hashlib.sha256(served).hexdigest()
    assert page1["fetched_at"] is not None and page1["warc_record_id"] == ""
    assert (page1["run_id"], page1["config_hash"]) == (summary["run_id"], summary["config_hash"])
    assert articles[http_server.url("/page/7")]["title"] == "Page 7"
    reasons = {src: (r["stage"], r["reason"]) for src, r in rejected.items()}
    assert reasons[http_server.url("/private/secret")] == ("fetch", "robots_disallowed")
    assert [v for k, v in reasons.items() if k.startswith("file:")] == [("fetch", "unsupported_scheme")]
    assert reasons[http_server.url("/feed.xml") + "#entry-5"] == ("feed", "entry_without_link")
    assert reasons[http_server.url("/status/404")] == ("fetch", "http_404")
    assert reasons["http://169.254.169.254/latest/meta-data/"] == ("fetch", "blocked_address")
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk["rejected_by_reason"]["fetch:robots_disallowed"] == 1


def test_a_feed_with_mojibake_never_overrides_the_pages_own_title_and_publisher(run_ingest, http_server, tmp_path):  # noqa: F811
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(http_server.url("/stray-feed.xml") + "\n")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({"fetch": FAST_FETCH_CONFIG, "clean": {"min_words": 5}}))
    out, _ = run_ingest(extra=["--feeds", str(feeds), "--allow-hosts", "127.0.0.1", "--config", str(config)])
    [article] = read_table(out, "articles")
    assert article["title"] == "Straßenbahn fährt wieder"  # the page's, without " | Stadtzeitung"
    assert article["publisher"] == "Stadtzeitung"
    assert "Ã" not in article["title"] + article["publisher"] + article["text"]
