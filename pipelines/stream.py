"""Streaming mode: ingest continuously from feeds polled every N seconds and a watched folder.

``python -m pipelines.ingest --streaming --output DIR [--feeds FILE] [--watch DIR]
[--poll-interval SECONDS] [--max-runtime SECONDS] [--dedup-index DIR] [--allow-hosts ...]
[--http-cache DIR] [--config FILE] [any Beam option]``

Sources that never end (unless ``--max-runtime`` is given):

- feeds: a ``PeriodicImpulse`` every ``--poll-interval`` seconds fans the feed URLs out; a
  stateful DoFn keyed by feed URL fetches each feed (conditional GETs through ``--http-cache``:
  an unchanged feed costs a 304) and emits only the entries whose link it has not emitted before
  (the links are kept in state per feed, the newest ``stream.max_seen_entries_per_feed``); the
  entries' pages are fetched as in batch (same client, politeness, dead letters);
- ``--watch DIR``: a ``PeriodicImpulse`` lists ``DIR/**`` each poll and a stateful DoFn keyed by
  the folder lets every path through once. Files whose name starts with "." are skipped: drop a
  file in by writing it under a hidden name and renaming it (a half-written file is never read).

Then the batch stages (decode, extract, strip boilerplate, detect language; not
StripRepeatedLines, which needs a whole batch's per-publisher statistics), the streaming dedup
(transforms/stream_dedup.py) and the windowed writer (transforms/stream_write.py).

Event time is the observation time (the poll that found the input), so a window closes about
``window_minutes + allowed_lateness_minutes`` after its start in wall-clock time.

Stopping: ``--max-runtime`` sets the impulses' stop timestamp; the sources then finish, the
watermark goes to the end of time, every pending window is published and the run returns. On
SIGINT/SIGTERM the pipeline is cancelled: the windows already published stay, the open window is
not published (no partial files: a window is written to a hidden temp folder and renamed).
"""

from __future__ import annotations

import glob
import json
import logging
import os
import signal
import sys
import threading
import time
from typing import Any, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec
from apache_beam.utils.timestamp import MAX_TIMESTAMP, Timestamp

from pipelines.config import ConfigError, load_config, require
from pipelines.options import IngestOptions
from transforms.clean import StripBoilerplate
from transforms.decode import DecodeText
from transforms.extract import ExtractText
from transforms.feeds import STAGE as FEED_STAGE
from transforms.feeds import FeedError, parse_feed
from transforms.failures import AdaptFailures
from transforms.fetch import (
    FetchTarget,
    crash_to_rejected,
    _ClientFn,
    _FetchPageFn,
    read_url_list,
)
from transforms.httpclient import FetchError, validate_fetch_config
from transforms.language import DetectLanguage
from transforms.read import REJECTED as READ_REJECTED
from transforms.read import ReadInputs, _ReadFileFn
from transforms.records import Rejected, reject
from transforms.stream_dedup import DropStreamDuplicates
from transforms.stream_write import WriteWindows, remove_stale_tmp
from transforms.write import SUMMARY_FILE, ToArticles

log = logging.getLogger("newsbeam.stream")


# ---- pure helpers -----------------------------------------------------------------------------


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


def visible_files(folder: str) -> list[str]:
    """Every file under ``folder`` (any Beam filesystem) whose name does not start with "."."""
    pattern = FileSystems.join(folder.rstrip("/"), "**")
    paths = [m.path for r in FileSystems.match([pattern]) for m in r.metadata_list]
    return sorted(p for p in paths if not any(part.startswith(".") for part in p[len(folder):].split("/")))


def collect_summaries(output: str) -> dict:
    """Totals over every published window part under ``output`` (local): the run's summary."""
    totals = {"inputs": 0, "articles": 0, "duplicates": 0, "rejected": 0, "windows": 0, "late_parts": 0}
    for path in sorted(glob.glob(os.path.join(glob.escape(output), "window=*", "summary*.json"))):
        with open(path, encoding="utf-8") as fh:
            summary = json.load(fh)
        for key in ("inputs", "articles", "duplicates", "rejected"):
            totals[key] += summary.get(key, 0)
        totals["windows" if os.path.basename(path) == SUMMARY_FILE else "late_parts"] += 1
    return totals


# ---- Beam layer -------------------------------------------------------------------------------


class _PollFeedFn(_ClientFn):
    """(feed URL, poll time) -> FetchTarget per entry not emitted before; a failing feed -> Rejected.

    A feed that keeps failing for the same reason (down, empty) gives one dead-letter row when the
    reason appears, not one per poll; it is counted every poll (``news.feed/filtered:<reason>``).
    """

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())
    LAST_ERROR = ReadModifyWriteStateSpec("last_error", PickleCoder())

    def __init__(self, *args, max_seen: int):
        super().__init__(*args)
        self._max_seen = max_seen

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
        try:
            fetched = self._client.get(feed_url, kind="feed")
        except FetchError as exc:
            self._count("news.feed", f"filtered:{exc.reason}")
            yield reject(feed_url, FEED_STAGE, exc.reason, exc.describe(feed_url))
            return
        self._count("news.feed", "fetched_304" if fetched.from_cache else "fetched")
        known = seen.read() or []
        if fetched.from_cache and known:
            return  # unchanged since the last poll: nothing new
        content_type = fetched.media_type + (f"; charset={fetched.charset}" if fetched.charset else "")
        try:
            feed = parse_feed(fetched.body, fetched.final_url, content_type)
        except FeedError as exc:
            self._count("news.feed", f"filtered:{exc.reason}")
            yield reject(feed_url, FEED_STAGE, exc.reason, f"attempts={fetched.attempts} url={feed_url} {exc.detail}")
            return
        keys = [e.link or f"{feed_url}#entry-{i}" for i, e in enumerate(feed.entries)]
        fresh = set(new_links(keys, known))
        for key, entry in zip(keys, feed.entries):
            if key not in fresh:
                continue
            if not entry.link:
                self._count("news.feed", "filtered:entry_without_link")
                yield reject(key, FEED_STAGE, "entry_without_link", f"title={entry.title!r}")
                continue
            self._count("news.feed", "entries")
            yield FetchTarget(entry.link, entry.title, entry.published, list(entry.authors), feed.title, feed_url)
        seen.write(remember(known, [k for k in keys if k in fresh], self._max_seen))


class _OncePerPathFn(beam.DoFn):
    """(folder, path) -> path, each path once (the paths seen are kept in state per folder)."""

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())

    def setup(self):
        self._new = Metrics.counter("news.watch", "new_files")

    def process(self, keyed, seen=beam.DoFn.StateParam(SEEN)):
        _folder, paths = keyed
        known = seen.read() or set()
        fresh = [p for p in paths if p not in known]
        if not fresh:
            return
        known.update(fresh)
        seen.write(known)
        for path in fresh:
            self._new.inc()
            yield path


class PollFeeds(beam.PTransform):
    """PBegin -> (docs: PCollection[Document], rejected: PCollection[Rejected]), feeds polled until ``stop``."""

    def __init__(self, feed_urls, fetch_config: dict, allow_hosts, http_cache, *, start: float, stop, interval: float,
                 max_seen: int):
        super().__init__()
        self._feeds = [u.strip() for u in feed_urls if u.strip()]
        self._config = validate_fetch_config(fetch_config)
        if isinstance(allow_hosts, str):
            allow_hosts = allow_hosts.split(",")
        self._allow = [h.strip() for h in allow_hosts if h.strip()]
        self._cache = http_cache
        self._start, self._stop, self._interval, self._max_seen = start, stop, interval, max_seen

    def expand(self, pbegin):
        from apache_beam.utils.shared import Shared

        shared = Shared()
        args = (self._config, self._allow, self._cache, shared)
        feeds = self._feeds
        polled = (
            pbegin
            | "Ticks" >> PeriodicImpulse(start_timestamp=self._start, stop_timestamp=self._stop,
                                         fire_interval=self._interval)
            | "PerFeed" >> beam.FlatMap(lambda tick: [(url, float(tick)) for url in feeds])
            .with_output_types(Tuple[str, float])
            | "PollFeeds" >> beam.ParDo(_PollFeedFn(*args, max_seen=self._max_seen))
            .with_outputs(_ClientFn.REJECTED, main="entries")
        )
        pages = (
            polled.entries
            | "FetchPages" >> beam.ParDo(_FetchPageFn(*args))
            .with_outputs(_ClientFn.REJECTED, main="docs")
            .with_exception_handling()
        )
        page_crashes = pages["bad"] | "AdaptPageCrashes" >> AdaptFailures("fetch", crash_to_rejected)
        rejected = (
            polled[_ClientFn.REJECTED], pages[_ClientFn.REJECTED], page_crashes
        ) | "MergeRejected" >> beam.Flatten().with_output_types(Rejected)
        return pages["docs"], rejected


class WatchFolder(beam.PTransform):
    """PBegin -> (docs: PCollection[Document], rejected: PCollection[Rejected]): files landing in a folder, each once."""

    def __init__(self, folder: str, read_config: dict, *, start: float, stop, interval: float):
        super().__init__()
        reader = ReadInputs([folder], read_config)  # validates the read section
        self._formats, self._max_bytes = reader._formats, reader._max_bytes
        self._folder = folder
        self._start, self._stop, self._interval = start, stop, interval

    def expand(self, pbegin):
        folder = self._folder
        read = (
            pbegin
            | "Ticks" >> PeriodicImpulse(start_timestamp=self._start, stop_timestamp=self._stop,
                                         fire_interval=self._interval)
            | "List" >> beam.Map(lambda _tick: (folder, visible_files(folder))).with_output_types(Tuple[str, Any])
            | "OncePerPath" >> beam.ParDo(_OncePerPathFn())
            | "ReadFiles" >> beam.ParDo(_ReadFileFn(self._formats, self._max_bytes)).with_outputs(READ_REJECTED, main="docs")
        )
        return read.docs, read[READ_REJECTED]


def _stream_config(config: dict) -> dict:
    stream = config.get("stream") or {}
    require(stream, "max_seen_entries_per_feed", int, where="stream", minimum=1)
    return stream


def build_streaming(p: beam.Pipeline, options: IngestOptions, config: dict, *, start: float | None = None) -> dict:
    """Wire the unbounded sources, the batch stages, stream dedup and the windowed writer."""
    stream = _stream_config(config)
    start = time.time() if start is None else start
    stop = Timestamp.of(start + options.max_runtime) if options.max_runtime else MAX_TIMESTAMP
    interval = float(options.poll_interval)
    found, failed = [], []
    if options.feeds:
        docs, rejected = p | "Feeds" >> PollFeeds(
            read_url_list(options.feeds), config["fetch"], options.allow_hosts, options.http_cache,
            start=start, stop=stop, interval=interval, max_seen=stream["max_seen_entries_per_feed"],
        )
        found.append(docs)
        failed.append(rejected)
    if options.watch:
        docs, rejected = p | "Watch" >> WatchFolder(options.watch, config["read"], start=start, stop=stop,
                                                    interval=interval)
        found.append(docs)
        failed.append(rejected)
    docs = found | "AllDocuments" >> beam.Flatten()
    decoded, decode_failed = docs | "Decode" >> DecodeText()
    extracted, extract_failed = decoded | "Extract" >> ExtractText(config["extract"])
    cleaned, clean_failed = extracted | "Clean" >> StripBoilerplate(config["clean"])
    tagged = cleaned | "DetectLanguage" >> DetectLanguage(config["language"])
    kept, duplicates = tagged | "Dedup" >> DropStreamDuplicates(config["dedup"], stream, options.dedup_index, seed_time=start)
    articles = kept | "ToArticles" >> ToArticles()
    rejected = (*failed, decode_failed, extract_failed, clean_failed) | "AllRejected" >> beam.Flatten()
    summaries = (articles, duplicates, rejected) | "WriteWindows" >> WriteWindows(options.output, stream)
    return {"articles": articles, "duplicates": duplicates, "rejected": rejected, "summaries": summaries}


def _validate(options: IngestOptions) -> None:
    if not options.output:
        raise ConfigError("--output DIR is required")
    if not (options.feeds or options.watch):
        raise ConfigError("--streaming needs --feeds FILE and/or --watch DIR")
    if options.input or options.urls:
        raise ConfigError("--input and --urls are batch sources; in --streaming use --watch DIR and --feeds FILE")
    if options.poll_interval <= 0:
        raise ConfigError("--poll-interval must be > 0")
    if options.max_runtime is not None and options.max_runtime <= 0:
        raise ConfigError("--max-runtime must be > 0")


PRISM_CANDIDATES = ("/root/go/bin/prism", ".venv/engines/prism")


def find_prism() -> str | None:
    """A local prism binary: $PRISM_LOCATION, then the places scripts/setup_engines.sh and ``go install`` use."""
    for path in (os.environ.get("PRISM_LOCATION", ""), *PRISM_CANDIDATES, os.path.expanduser("~/go/bin/prism")):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
    return None


def streaming_options(argv: list[str] | None) -> PipelineOptions:
    """The pipeline options with ``streaming`` on and, when no runner is named, Prism (a local binary).

    Python's DirectRunner cannot run this pipeline as a stream: the BundleBasedDirectRunner does
    not expand PeriodicImpulse (a splittable DoFn) and the FnApiRunner runs stage after stage, so
    nothing would be written before the sources stop. Prism runs it with real watermarks.
    """
    argv = list(argv or [])
    names = {a.split("=", 1)[0] for a in argv}
    if "--runner" not in names:
        prism = find_prism()
        if prism is None:
            raise ConfigError(
                "--streaming needs a streaming runner: build prism (go install "
                "github.com/apache/beam/sdks/v2/go/cmd/prism@v2.77.0, or scripts/setup_engines.sh), set "
                "PRISM_LOCATION, or pass --runner=... (PrismRunner, FlinkRunner, DataflowRunner)"
            )
        # Beam keeps one Prism job server per process; an earlier pipeline's (e.g. a DirectRunner
        # run that tried to download prism) would be reused without our --prism_location.
        argv += ["--runner=PrismRunner", f"--prism_location={prism}", "--experiments=disable_prism_server_singleton"]
    options = PipelineOptions(argv)
    options.view_as(StandardOptions).streaming = True
    return options


def run(argv: list[str] | None = None) -> dict:
    """Parse, validate, run until --max-runtime or a signal. Returns totals over the published windows."""
    pipeline_options = streaming_options(argv if argv is not None else sys.argv[1:])
    options = pipeline_options.view_as(IngestOptions)
    _validate(options)
    config = load_config(options.config)
    local = "://" not in options.output
    if local:
        os.makedirs(options.output, exist_ok=True)
    remove_stale_tmp(options.output)
    started = time.time()
    p = beam.Pipeline(options=pipeline_options)
    build_streaming(p, options, config, start=started)
    result = p.run()
    stopped = threading.Event()

    def _stop(signum=None, _frame=None):
        if not stopped.is_set():
            stopped.set()
            log.warning("stopping (%s): cancelling the pipeline", signal.Signals(signum).name if signum else "timeout")
            try:
                result.cancel()
            except Exception:  # noqa: BLE001 - best effort
                log.exception("cancel failed")

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, _stop)
        log.info("stop with SIGINT/SIGTERM (pid %d)", os.getpid())
    watchdog = None
    if options.max_runtime:  # sources stop at max_runtime; a wedged drain is cut after a grace period
        watchdog = threading.Timer(options.max_runtime + max(60.0, 2 * options.poll_interval), _stop)
        watchdog.daemon = True
        watchdog.start()
    try:
        result.wait_until_finish()
    except Exception:
        if not stopped.is_set():
            raise
    finally:
        if watchdog:
            watchdog.cancel()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    summary = collect_summaries(options.output) if local else {}  # object stores: read the window summaries there
    summary.update(seconds=round(time.time() - started, 3), cancelled=stopped.is_set())
    if not options.quiet:
        print(json.dumps(summary))
    return summary
