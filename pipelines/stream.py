"""Streaming mode: ingest continuously from feeds polled every N seconds and a watched folder.

``python -m pipelines.ingest --streaming --output DIR [--feeds FILE] [--watch DIR]
[--poll-interval SECONDS] [--max-runtime SECONDS] [--stop-file PATH] [--dedup-index DIR] [--allow-hosts ...]
[--http-cache DIR] [--config FILE] [any Beam option]``

Sources that never end (unless ``--max-runtime`` is given):

- feeds: ``transforms.fetch.PollFeeds``: a ``PeriodicImpulse`` every ``--poll-interval`` seconds
  fans the feed URLs out; a stateful DoFn keyed by feed URL fetches each feed (conditional GETs
  through ``--http-cache``: an unchanged feed costs a 304) and emits only the entries whose link
  it has not emitted before (the newest ``stream.max_seen_entries_per_feed`` kept per feed); the
  entries' pages are fetched as in batch (same client, politeness, dead letters);
- ``--watch DIR``: ``transforms.read.WatchFolder``: lists ``DIR/**`` each poll and reads every
  new file, and a file again when its content changed (size or mtime moved, then SHA-256: a
  correction written over an article; the same bytes again are not read). Files whose name starts with "." are skipped: drop a file in by writing it
  under a hidden name and renaming it (a half-written file is never read).

Then the stages batch shares (``pipelines.stages.clean_and_tag``: decode, extract, strip
boilerplate, detect language; not StripRepeatedLines, which needs a whole batch's per-publisher
statistics), the streaming dedup (transforms/stream_dedup.py), event ids as articles arrive
(transforms/stream_events.py: an article joins a live event of the last ``events.window_hours``,
whichever window opened it) and the windowed writer (transforms/stream_write.py).

Event time is the observation time (the poll that found the input), so a window closes about
``window_minutes + allowed_lateness_minutes`` after its start in wall-clock time.

Stopping: ``--max-runtime`` sets the impulses' stop timestamp; the sources then finish, the
watermark goes to the end of time, every pending window is published and the run returns.
``--stop-file PATH`` does the same when PATH appears (checked at every poll; the drain for runners
without one, e.g. Flink's portable runner; a stop file already there at launch is refused). On
SIGINT/SIGTERM the pipeline is cancelled: the windows already published stay, the open window is
not published (no partial files: a window is written to a hidden temp folder and renamed).
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import signal
import sys
import threading
import time

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.utils.timestamp import MAX_TIMESTAMP, Timestamp

from pipelines.config import ConfigError, config_hash, load_config, new_run_id
from pipelines.options import IngestOptions, keep_prism_keys_whole, lift_job_server_deadline, quiet_workers
from pipelines.stages import clean_and_tag
from transforms.fetch import PollFeeds, read_url_list
from transforms.read import WatchFolder
from transforms.dedup import parse_settings
from transforms.settings import DedupSettings, StreamSettings
from transforms.stream_dedup import AddToIndex, DropStreamDuplicates
from transforms.stream_events import AssignStreamEvents
from transforms.stream_write import WriteWindows, remove_stale_tmp
from transforms.write import SUMMARY_FILE, ToArticles, read_summary

__all__ = ["build_streaming", "collect_summaries", "find_prism", "published_files", "run", "streaming_options"]

log = logging.getLogger("newsbeam.stream")


# ---- pure helpers -----------------------------------------------------------------------------


def collect_summaries(output: str) -> dict:
    """Totals over every published window part under ``output`` (local): the run's summary."""
    totals = {"inputs": 0, "articles": 0, "duplicates": 0, "rejected": 0, "windows": 0, "late_parts": 0}
    for path in sorted(glob.glob(os.path.join(glob.escape(output), "window=*", "summary*.json"))):
        summary = read_summary(os.path.dirname(path), os.path.basename(path))
        for key in ("inputs", "articles", "duplicates", "rejected"):
            totals[key] += summary.get(key, 0)
        totals["windows" if os.path.basename(path) == SUMMARY_FILE else "late_parts"] += 1
    return totals


def published_files(output: str) -> dict[str, frozenset]:
    """The inputs an earlier run of this stream published into ``output`` (local), with what is
    known of their content: the ``source`` of every row of every published window (a JSONL line's
    ``path#L<n>`` counts for its file too) -> the ``source_sha256`` of its published articles.
    A restarted stream does not read or fetch them again, except a watched file that now holds
    other bytes (rewritten while the stream was stopped). An empty set: content not known (the
    source has a duplicate or rejected row, or is a file named by JSONL lines): not read again.
    The window that was open when the earlier run stopped was never published, so its inputs are
    read again, once."""
    import pyarrow.parquet as pq

    hashes: dict[str, set] = {}
    unknown: set = set()
    if "://" in output or not os.path.isdir(output):
        return {}
    for table in ("articles", "duplicates", "rejected"):
        for path in glob.glob(os.path.join(glob.escape(output), "window=*", table, "*.parquet")):
            try:
                names = pq.read_schema(path).names
                columns = [c for c in ("source", "source_sha256") if c in names and (c == "source" or table == "articles")]
                read = pq.read_table(path, columns=columns).to_pydict()
            except (OSError, ValueError, KeyError) as exc:
                log.warning("restart: cannot read %s (%s); its inputs may be read again", path, exc)
                continue
            shas = read.get("source_sha256") or [""] * len(read["source"])
            for source, sha in zip(read["source"], shas):
                if not source:
                    continue
                whole = re.sub(r"#L\d+$", "", source)
                if whole != source:
                    unknown.update((source, whole))
                elif sha and table == "articles":
                    hashes.setdefault(source, set()).add(sha)
                else:
                    unknown.add(source)
    return {source: frozenset() if source in unknown else frozenset(hashes.get(source, ()))
            for source in hashes.keys() | unknown}


# ---- wiring -----------------------------------------------------------------------------------


def build_streaming(p: beam.Pipeline, options: IngestOptions, config: dict, *, start: float | None = None) -> dict:
    """Wire the unbounded sources, the batch stages, stream dedup and the windowed writer."""
    stream = config["stream"]
    start = time.time() if start is None else start
    stop = Timestamp.of(start + options.max_runtime) if options.max_runtime else MAX_TIMESTAMP
    interval = float(options.poll_interval)
    found, failed = [], []
    published = published_files(options.output)  # path -> SHA-256s of what was published
    if options.feeds:
        docs, rejected = p | "Feeds" >> PollFeeds(
            read_url_list(options.feeds), config["fetch"], options.allow_hosts, options.http_cache,
            start=start, stop=stop, interval=interval, max_seen=StreamSettings.parse(stream).max_seen_entries_per_feed,
            published=frozenset(published), stop_file=options.stop_file, tracking_params=config["dedup"]["tracking_params"],
        )
        found.append(docs)
        failed.append(rejected)
    if options.watch:
        docs, rejected = p | "Watch" >> WatchFolder(options.watch, config["read"], start=start, stop=stop,
                                                    interval=interval, published=published,
                                                    stop_file=options.stop_file)
        found.append(docs)
        failed.append(rejected)
    docs = found | "AllDocuments" >> beam.Flatten()
    tagged, stage_failed = clean_and_tag(docs, config, strip_repeated=False)
    kept, duplicates = tagged | "Dedup" >> DropStreamDuplicates(config["dedup"], stream, options.dedup_index, seed_time=start)
    kept, duplicates = (kept, duplicates) | "Events" >> AssignStreamEvents(config["events"])
    if options.dedup_index:  # this stream's survivors join the index, window by window
        windows = StreamSettings.parse(stream)
        _ = kept | "AddToIndex" >> AddToIndex(options.dedup_index, parse_settings(config["dedup"]).params,
                                              windows.window_minutes * 60, windows.allowed_lateness_minutes * 60,
                                              DedupSettings.parse(config["dedup"]).index_texts_per_id)
    run_id, fingerprint = new_run_id(), config_hash(config)
    articles = kept | "ToArticles" >> ToArticles(run_id, fingerprint)
    # Duplicate and rejected rows name the run too, as in batch (trial 8: their run_id was '').
    duplicates = duplicates | "StampDuplicates" >> beam.Map(lambda row, r=run_id: row._replace(run_id=r))
    rejected = (
        (*failed, *stage_failed) | "AllRejected" >> beam.Flatten()
        | "StampRejected" >> beam.Map(lambda row, r=run_id: row._replace(run_id=r))
    )
    provenance = {"run_id": run_id, "config_hash": fingerprint}
    summaries = (articles, duplicates, rejected) | "WriteWindows" >> WriteWindows(options.output, stream, provenance)
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
    if options.stop_file and FileSystems.exists(options.stop_file):
        raise ConfigError(f"--stop-file {options.stop_file} exists already: the stream would stop at its "
                          "first poll; remove it (a leftover of the last stop?) and start again")


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
    lift_job_server_deadline(options, argv)  # a stream runs until it is stopped, not 300 s
    keep_prism_keys_whole(options)  # state per key is only right without Prism's bundle splits
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
    if options.quiet:
        quiet_workers(pipeline_options)  # the worker processes' start-up warnings too
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
    remove_stale_tmp(options.output)  # staged parts of windows that were still open when it stopped
    summary = collect_summaries(options.output) if local else {}  # object stores: read the window summaries there
    summary.update(seconds=round(time.time() - started, 3), cancelled=stopped.is_set())
    # The counts line stays under --quiet, as in batch: a supervised stream's log says what it did.
    print(json.dumps(summary))
    return summary
