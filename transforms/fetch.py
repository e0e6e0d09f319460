"""Stage: fetch RSS/Atom feeds and article URLs, politely and safely, into Documents.

Layers:
1. ``read_url_list`` and ``HttpClient`` (``transforms/httpclient.py``: vetted addresses, robots,
   per-host politeness, retries, timeouts, size caps, HTTP cache; see its module doc). The
   per-host politeness is PER WORKER PROCESS: the client is shared by the DoFn instances of a
   process through ``apache_beam.utils.shared``, not across the whole job.
2. DoFns ``_FetchFeedFn`` (feed URL -> FetchTarget per entry) and ``_FetchPageFn``
   (FetchTarget -> Document), sharing one client per worker process.
   For streaming, ``_PollFeedFn`` ((feed URL, poll tick) -> FetchTarget per entry not emitted
   before; stateful per feed).
3. Composites: ``FetchInputs`` (batch: the listed feeds and URLs, once) and ``PollFeeds``
   (streaming: the feeds polled every N seconds); both fetch pages with ``_FetchPages``.
"""

import datetime
import hashlib
import json
from typing import Iterable, List, NamedTuple, Sequence, Tuple
from urllib.parse import urlsplit

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.utils.shared import Shared

from transforms.dedup import canonical_url
from transforms.failures import AdaptFailures, failure_to_rejected
from transforms.feeds import STAGE as FEED_STAGE
from transforms.feeds import FeedError, ParsedFeed, parse_feed
from transforms.httpclient import FetchError, HttpClient, validate_fetch_config
from transforms.records import Document, Rejected, reject, stable_id
from transforms.ticks import EmitTicks

__all__ = ["FetchInputs", "FetchTarget", "PollFeeds", "entry_key", "new_links", "read_url_list", "remember"]

STAGE = "fetch"
# Reject reasons this stage emits that are expected outcomes, not failures (the run guard skips them).
EXPECTED_REJECTS = frozenset({"robots_disallowed", "entry_without_link"})  # FetchError, _entries


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


def entry_key(feed_url: str, position: int, link: str) -> str:
    """What identifies a feed entry: its link, or ``FEED#entry-N`` for an entry without one."""
    return link or f"{feed_url}#entry-{position}"


def new_links(links: list[str], seen: list[str]) -> list[str]:
    """The links not in ``seen`` (order kept, each once)."""
    known = set(seen)
    out = []
    for link in links:
        if link not in known:
            known.add(link)
            out.append(link)
    return out


def remember(seen: list[str], added: list[str], cap: int) -> list[str]:
    """``seen`` plus ``added``, the newest ``cap`` kept."""
    merged = list(seen) + list(added)
    return merged[-cap:] if len(merged) > cap else merged


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

    def __init__(self, config: dict, allow_hosts: Sequence[str], http_cache: str | None, shared: Shared,
                 tracking_params: Sequence[str] = ()):
        self._config = config
        self._allow = list(allow_hosts)
        self._cache_dir = http_cache
        self._shared = shared
        self._tracking = tuple(tracking_params)  # query parameters no page depends on (fetch_key)

    def setup(self):
        tag = json.dumps([self._config, self._allow, self._cache_dir], sort_keys=True)
        self._client = self._shared.acquire(lambda: HttpClient(self._config, self._allow, self._cache_dir), tag=tag)
        self._counters = {}

    def _count(self, namespace: str, name: str) -> None:
        counter = self._counters.get((namespace, name))
        if counter is None:
            counter = self._counters[(namespace, name)] = Metrics.counter(namespace, name)
        counter.inc()

    def _read_feed(self, feed_url: str, *, unchanged_is_empty: bool = False):
        """feed URL -> ParsedFeed, or a Rejected row (fetch or parse failed; counted), or None when
        ``unchanged_is_empty`` and the HTTP cache says the feed has not changed (a 304)."""
        try:
            fetched = self._client.get(feed_url, kind="feed")
        except FetchError as exc:
            self._count("news.feed", f"filtered:{exc.reason}")
            return reject(feed_url, FEED_STAGE, exc.reason, exc.describe(feed_url))
        if fetched.from_cache and unchanged_is_empty:
            self._count("news.feed", "fetched_304")
            return None
        content_type = fetched.media_type + (f"; charset={fetched.charset}" if fetched.charset else "")
        try:
            feed = parse_feed(fetched.body, fetched.final_url, content_type)
        except FeedError as exc:
            self._count("news.feed", f"filtered:{exc.reason}")
            return reject(feed_url, FEED_STAGE, exc.reason, f"attempts={fetched.attempts} url={feed_url} {exc.detail}")
        self._count("news.feed", "fetched_304" if fetched.from_cache else "fetched")
        return feed

    def _entry_key(self, feed_url: str, position: int, link: str) -> str:
        """``entry_key`` of an entry's page: its link's ``fetch_key`` (one key for every spelling)."""
        return entry_key(feed_url, position, fetch_key(link, self._tracking) if link else "")

    def _entries(self, feed_url: str, feed: ParsedFeed, keep: set | None = None):
        """A parsed feed -> FetchTarget per entry (only those whose ``entry_key`` is in ``keep``, if
        given); an entry without a link -> Rejected."""
        given = set()
        for position, entry in enumerate(feed.entries):
            key = self._entry_key(feed_url, position, entry.link)
            if (keep is not None and key not in keep) or key in given:
                continue  # not kept, or the page of an earlier entry (another spelling of its link)
            given.add(key)
            if not entry.link:
                self._count("news.feed", "filtered:entry_without_link")
                yield reject(key, FEED_STAGE, "entry_without_link", f"title={entry.title!r}")
                continue
            self._count("news.feed", "entries")
            yield FetchTarget(entry.link, entry.title, entry.published, list(entry.authors), feed.title, feed_url)


class _FetchFeedFn(_ClientFn):
    """feed URL -> FetchTarget per entry; a failed or empty feed (or a link-less entry) -> Rejected."""

    def process(self, feed_url: str):
        feed = self._read_feed(feed_url)
        outputs = [feed] if isinstance(feed, Rejected) else self._entries(feed_url, feed)
        for out in outputs:
            yield beam.pvalue.TaggedOutput(self.REJECTED, out) if isinstance(out, Rejected) else out


class _PollFeedFn(_ClientFn):
    """(feed URL, poll time) -> FetchTarget per entry not emitted before; a failing feed -> Rejected.

    Stateful, keyed by feed URL: the entry keys already emitted are kept (the newest
    ``max_seen``). A feed that keeps failing for the same reason (down, empty) gives one
    dead-letter row when the reason appears, not one per poll; it is counted every poll
    (``news.feed/filtered:<reason>``).
    """

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())
    LAST_ERROR = ReadModifyWriteStateSpec("last_error", PickleCoder())

    def __init__(self, *args, max_seen: int, published: frozenset = frozenset(), tracking_params: Sequence[str] = ()):
        super().__init__(*args, tracking_params=tracking_params)
        self._max_seen = max_seen
        # entry links an earlier run of this stream already published, as entry keys
        self._published = frozenset(fetch_key(u, self._tracking) for u in published)

    def process(self, keyed, seen=beam.DoFn.StateParam(SEEN), last_error=beam.DoFn.StateParam(LAST_ERROR)):
        # with_exception_handling() does not take stateful DoFns: crashes are caught here.
        feed_url, _tick = keyed
        try:
            out = list(self._poll(feed_url, seen))
        except Exception as exc:  # noqa: BLE001 - a crash becomes a dead-letter row, the stream goes on
            self._count("news.feed", "failed")
            out = [reject(feed_url, FEED_STAGE, "crash", f"{type(exc).__name__}: {exc}")]
        failure = next((o for o in out if isinstance(o, Rejected) and o.source == feed_url), None)
        if failure is None:
            last_error.clear()
        elif failure.reason == (last_error.read() or ""):
            out = [o for o in out if o is not failure]  # same failure as the last poll: already reported
        else:
            last_error.write(failure.reason)
        for o in out:
            yield beam.pvalue.TaggedOutput(self.REJECTED, o) if isinstance(o, Rejected) else o

    def _poll(self, feed_url: str, seen):
        known = seen.read() or []
        feed = self._read_feed(feed_url, unchanged_is_empty=bool(known))
        if isinstance(feed, Rejected):
            yield feed
        if feed is None or isinstance(feed, Rejected):
            return
        keys = [self._entry_key(feed_url, position, entry.link) for position, entry in enumerate(feed.entries)]
        fresh = set(new_links(keys, known)) - self._published
        yield from self._entries(feed_url, feed, keep=fresh)
        seen.write(remember(known, [k for k in keys if k in fresh], self._max_seen))


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
            id=stable_id(fetch_key(target.url, self._tracking)),
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
            fetched_at=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            source_sha256=hashlib.sha256(fetched.body).hexdigest(),
        )


def _client_settings(fetch_config: dict, allow_hosts: Sequence[str] | str, http_cache: str | None) -> tuple:
    """The validated ``fetch`` section, the allowed hosts ("a,b" or a list) and the cache location."""
    if isinstance(allow_hosts, str):  # "--allow-hosts a,b" passed through as is
        allow_hosts = allow_hosts.split(",")
    return validate_fetch_config(fetch_config), [h.strip() for h in allow_hosts if h.strip()], http_cache


def fetch_key(url: str, tracking_params: Sequence[str] = ()) -> str:
    """The identity of a page URL: its canonical form (``dedup.canonical_url``: scheme and host
    case, http = https, default port, fragment, trailing slash, parameter order, and the tracking
    parameters ``tracking_params`` - glob patterns, the ``dedup.tracking_params`` list - ignored),
    so one page listed several ways is fetched once and gets one id
    (``stable_id(fetch_key(url, tracking_params))``) in every run. The URL as listed stays the
    Document's ``source``."""
    return canonical_url(url, tracking_params) or url


def first_target(targets: Iterable[FetchTarget]) -> FetchTarget:
    """Of the listings of one page, the one kept (deterministic): one carrying a title and date
    (a feed entry) before a bare listed URL, then the smallest URL and feed."""
    return min(targets, key=lambda t: (not t.title, not t.published, t.url, t.feed))


class _FetchPages(beam.PTransform):
    """PCollection[FetchTarget] -> (docs: PCollection[Document], rejected: PCollection[Rejected])."""

    def __init__(self, args: tuple, tracking_params: Sequence[str] = ()):
        super().__init__()
        self._args = args
        self._tracking = tuple(tracking_params)

    def expand(self, targets):
        pages = (
            targets
            | "FetchPages" >> beam.ParDo(_FetchPageFn(*self._args, tracking_params=self._tracking))
            .with_outputs(_ClientFn.REJECTED, main="docs")
            .with_exception_handling()
        )
        crashes = pages["bad"] | "AdaptPageCrashes" >> AdaptFailures(STAGE, crash_to_rejected)
        rejected = (pages[_ClientFn.REJECTED], crashes) | "MergePageRejects" >> beam.Flatten().with_output_types(Rejected)
        return pages["docs"], rejected


class FetchInputs(beam.PTransform):
    """pipeline root -> (docs: PCollection[Document], rejected: PCollection[Rejected]).

    Feeds are fetched and parsed (rejects with stage ``feed``), their entries and the listed
    article URLs are reshuffled over workers and fetched (rejects with stage ``fetch``), each page
    once however it is spelled (``fetch_key`` with ``tracking_params``, glob patterns: the
    ``dedup.tracking_params`` list).
    """

    def __init__(self, feed_urls: Iterable[str], article_urls: Iterable[str], fetch_config: dict,
                 allow_hosts: Sequence[str] = (), http_cache: str | None = None, tracking_params: Sequence[str] = ()):
        super().__init__()
        self._feeds = [u.strip() for u in feed_urls if u.strip()]
        self._urls = [u.strip() for u in article_urls if u.strip()]
        self._client = _client_settings(fetch_config, allow_hosts, http_cache)
        self._tracking = tuple(tracking_params)

    def expand(self, root):
        args = (*self._client, Shared())
        feeds = (
            root
            | "CreateFeedUrls" >> beam.Create(self._feeds).with_output_types(str)
            | "FetchFeeds" >> beam.ParDo(_FetchFeedFn(*args, tracking_params=self._tracking))
            .with_outputs(_ClientFn.REJECTED, main="entries")
            .with_exception_handling()
        )
        listed = (
            root
            | "CreateArticleUrls" >> beam.Create(self._urls).with_output_types(str)
            | "ToTargets" >> beam.Map(lambda url: FetchTarget(url)).with_output_types(FetchTarget)
        )
        docs, page_rejects = (
            (feeds["entries"], listed)
            | "MergeTargets" >> beam.Flatten().with_output_types(FetchTarget)
            | "KeyByPage" >> beam.Map(lambda t, tracking: (fetch_key(t.url, tracking), t), self._tracking)
            .with_output_types(Tuple[str, FetchTarget])
            # One fetch per page however often it is listed (and a shuffle: fetches spread over workers).
            | "OncePerPage" >> beam.CombinePerKey(first_target).with_output_types(Tuple[str, FetchTarget])
            | "Targets" >> beam.Values().with_output_types(FetchTarget)
            | "Pages" >> _FetchPages(args, self._tracking)
        )
        feed_crashes = feeds["bad"] | "AdaptFeedCrashes" >> AdaptFailures(FEED_STAGE, crash_to_rejected)
        rejected = (
            feeds[_ClientFn.REJECTED], feed_crashes, page_rejects
        ) | "MergeRejected" >> beam.Flatten().with_output_types(Rejected)
        return docs, rejected


class PollFeeds(beam.PTransform):
    """PBegin -> (docs: PCollection[Document], rejected: PCollection[Rejected]), unbounded: the feeds
    are polled every ``interval`` seconds from ``start`` until ``stop`` (a Timestamp; MAX_TIMESTAMP
    for never) or until ``stop_file`` exists (``transforms.ticks``), and each poll's new entries fetched. Conditional GETs through ``http_cache`` make
    an unchanged feed cost a 304; the entry keys already emitted are kept per feed (the newest
    ``max_seen``), so an entry is fetched once while it stays in its feed.
    """

    def __init__(self, feed_urls: Iterable[str], fetch_config: dict, allow_hosts: Sequence[str] | str = (),
                 http_cache: str | None = None, *, start: float, stop, interval: float, max_seen: int,
                 published: Iterable[str] = (), stop_file: str | None = None, tracking_params: Sequence[str] = ()):
        super().__init__()
        self._feeds = [u.strip() for u in feed_urls if u.strip()]
        self._client = _client_settings(fetch_config, allow_hosts, http_cache)
        self._tracking = tuple(tracking_params)
        self._start, self._stop, self._interval, self._max_seen = start, stop, interval, max_seen
        self._stop_file = stop_file
        self._published = frozenset(published)  # a restarted stream's earlier output: not fetched again

    def expand(self, pbegin):
        args = (*self._client, Shared())
        feeds = self._feeds
        polled = (
            pbegin
            | "Ticks" >> EmitTicks(start=self._start, stop=self._stop, interval=self._interval, stop_file=self._stop_file)
            | "PerFeed" >> beam.FlatMap(lambda tick: [(url, float(tick)) for url in feeds])
            .with_output_types(Tuple[str, float])
            | "PollFeeds" >> beam.ParDo(_PollFeedFn(*args, max_seen=self._max_seen, published=self._published,
                                                   tracking_params=self._tracking))
            .with_outputs(_ClientFn.REJECTED, main="entries")
        )
        docs, page_rejects = polled.entries | "Pages" >> _FetchPages(args, self._tracking)
        rejected = (polled[_ClientFn.REJECTED], page_rejects) | "MergeRejected" >> beam.Flatten().with_output_types(Rejected)
        return docs, rejected
