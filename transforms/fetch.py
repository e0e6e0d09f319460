"""Stage: fetch RSS/Atom feeds and article URLs, politely and safely, into Documents.

Layers:
1. ``read_url_list`` and ``HttpClient`` (``transforms/httpclient.py``: vetted addresses, robots,
   per-host politeness, retries, timeouts, size caps, HTTP cache; see its module doc). The
   per-host politeness is PER WORKER PROCESS: the client is shared by the DoFn instances of a
   process through ``apache_beam.utils.shared``, not across the whole job.
2. DoFns ``_FetchFeedFn`` (feed URL -> FetchTarget per entry) and ``_FetchPageFn``
   (FetchTarget -> Document), sharing one client per worker process.
3. ``FetchInputs``: the composite applied to the pipeline root.
"""

import json
from typing import Iterable, List, NamedTuple, Sequence
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.utils.shared import Shared

from transforms.failures import AdaptFailures, failure_to_rejected
from transforms.feeds import STAGE as FEED_STAGE
from transforms.feeds import FeedError, parse_feed
from transforms.httpclient import FetchError, HttpClient, validate_fetch_config
from transforms.records import Document, Rejected, reject, stable_id

__all__ = ["FetchInputs", "FetchTarget", "crash_to_rejected", "read_url_list"]

STAGE = "fetch"


# ---- records internal to the stage ------------------------------------------------------------


class FetchTarget(NamedTuple):
    """One URL to fetch as an article, with what its feed said about it (empty for --urls)."""

    url: str
    title: str = ""
    published: str = ""
    authors: List[str] = []
    publisher: str = ""
    feed: str = ""  # the feed URL it came from, "" for a listed URL


beam.coders.registry.register_coder(FetchTarget, beam.coders.RowCoder)


# ---- pure helpers -----------------------------------------------------------------------------


def read_url_list(path: str) -> List[str]:
    """A URL list file (one per line; blank lines and ``#`` comments ignored) -> URLs in order."""
    with FileSystems.open(path) as fh:
        text = fh.read().decode("utf-8-sig")
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line.split(" #", 1)[0].strip())  # a trailing " # note" is a comment too
    return urls


# ---- Beam layer -------------------------------------------------------------------------------


def _host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def crash_to_rejected(bad, stage: str) -> Rejected:
    """(FetchTarget or feed URL, error info) from with_exception_handling -> Rejected keyed by the URL."""
    element, info = bad
    url = element.url if isinstance(element, FetchTarget) else str(element)
    return failure_to_rejected((url, info), stage)._replace(id=stable_id(url), source=url)


class _ClientFn(beam.DoFn):
    """Base: one HttpClient per worker process (politeness state is shared by its DoFn instances)."""

    REJECTED = "rejected"

    def __init__(self, config: dict, allow_hosts: Sequence[str], http_cache: str | None, shared: Shared):
        self._config = config
        self._allow = list(allow_hosts)
        self._cache_dir = http_cache
        self._shared = shared

    def setup(self):
        tag = json.dumps([self._config, self._allow, self._cache_dir], sort_keys=True)
        self._client = self._shared.acquire(lambda: HttpClient(self._config, self._allow, self._cache_dir), tag=tag)
        self._counters = {}

    def _count(self, namespace: str, name: str) -> None:
        counter = self._counters.get((namespace, name))
        if counter is None:
            counter = self._counters[(namespace, name)] = Metrics.counter(namespace, name)
        counter.inc()


class _FetchFeedFn(_ClientFn):
    """feed URL -> FetchTarget per entry; a failed or empty feed (or a link-less entry) -> Rejected."""

    def process(self, feed_url: str):
        try:
            fetched = self._client.get(feed_url, kind="feed")
        except FetchError as exc:
            self._count("news.feed", f"filtered:{exc.reason}")
            yield beam.pvalue.TaggedOutput(self.REJECTED, reject(feed_url, FEED_STAGE, exc.reason, exc.describe(feed_url)))
            return
        content_type = fetched.media_type + (f"; charset={fetched.charset}" if fetched.charset else "")
        try:
            feed = parse_feed(fetched.body, fetched.final_url, content_type)
        except FeedError as exc:
            self._count("news.feed", f"filtered:{exc.reason}")
            detail = f"attempts={fetched.attempts} url={feed_url} {exc.detail}"
            yield beam.pvalue.TaggedOutput(self.REJECTED, reject(feed_url, FEED_STAGE, exc.reason, detail))
            return
        self._count("news.feed", "fetched_304" if fetched.from_cache else "fetched")
        for position, entry in enumerate(feed.entries):
            if not entry.link:
                self._count("news.feed", "filtered:entry_without_link")
                source = f"{feed_url}#entry-{position}"
                yield beam.pvalue.TaggedOutput(
                    self.REJECTED, reject(source, FEED_STAGE, "entry_without_link", f"title={entry.title!r}"))
                continue
            self._count("news.feed", "entries")
            yield FetchTarget(entry.link, entry.title, entry.published, list(entry.authors), feed.title, feed_url)


class _FetchPageFn(_ClientFn):
    """FetchTarget -> Document (format html, raw = body bytes); a failed fetch -> Rejected."""

    def process(self, target: FetchTarget):
        try:
            fetched = self._client.get(target.url, kind="page")
        except FetchError as exc:
            self._count("news.fetch", f"filtered:{exc.reason}")
            yield beam.pvalue.TaggedOutput(self.REJECTED, reject(target.url, STAGE, exc.reason, exc.describe(target.url)))
            return
        self._count("news.fetch", "fetched_304" if fetched.from_cache else "fetched")
        yield Document(
            id=stable_id(target.url),
            source=target.url,
            url=fetched.final_url,
            format="text" if fetched.media_type == "text/plain" else "html",
            raw=fetched.body,
            charset=fetched.charset,
            title=target.title,
            publisher=target.publisher,
            published=target.published,
            authors=list(target.authors),
            group=_host_of(target.url),
        )


class FetchInputs(beam.PTransform):
    """pipeline root -> (docs: PCollection[Document], rejected: PCollection[Rejected]).

    Feeds are fetched and parsed (rejects with stage ``feed``), their entries and the listed
    article URLs are reshuffled over workers and fetched (rejects with stage ``fetch``).
    """

    def __init__(self, feed_urls: Iterable[str], article_urls: Iterable[str], fetch_config: dict,
                 allow_hosts: Sequence[str] = (), http_cache: str | None = None):
        super().__init__()
        self._feeds = [u.strip() for u in feed_urls if u.strip()]
        self._urls = [u.strip() for u in article_urls if u.strip()]
        self._config = validate_fetch_config(fetch_config)
        if isinstance(allow_hosts, str):  # "--allow-hosts a,b" passed through as is
            allow_hosts = allow_hosts.split(",")
        self._allow = [h.strip() for h in allow_hosts if h.strip()]
        self._cache = http_cache

    def expand(self, root):
        shared = Shared()
        args = (self._config, self._allow, self._cache, shared)
        feeds = (
            root
            | "CreateFeedUrls" >> beam.Create(self._feeds).with_output_types(str)
            | "FetchFeeds" >> beam.ParDo(_FetchFeedFn(*args))
            .with_outputs(_ClientFn.REJECTED, main="entries")
            .with_exception_handling()
        )
        listed = (
            root
            | "CreateArticleUrls" >> beam.Create(self._urls).with_output_types(str)
            | "ToTargets" >> beam.Map(lambda url: FetchTarget(url)).with_output_types(FetchTarget)
        )
        pages = (
            (feeds["entries"], listed)
            | "MergeTargets" >> beam.Flatten().with_output_types(FetchTarget)
            | "SpreadFetches" >> beam.Reshuffle()
            | "FetchPages" >> beam.ParDo(_FetchPageFn(*args))
            .with_outputs(_ClientFn.REJECTED, main="docs")
            .with_exception_handling()
        )
        feed_crashes = feeds["bad"] | "AdaptFeedCrashes" >> AdaptFailures(FEED_STAGE, crash_to_rejected)
        page_crashes = pages["bad"] | "AdaptPageCrashes" >> AdaptFailures(STAGE, crash_to_rejected)
        rejected = (
            feeds[_ClientFn.REJECTED], pages[_ClientFn.REJECTED], feed_crashes, page_crashes
        ) | "MergeRejected" >> beam.Flatten().with_output_types(Rejected)
        return pages["docs"], rejected
