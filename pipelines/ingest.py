"""The main job: news inputs -> clean, language-tagged, deduplicated Parquet.

``python -m pipelines.ingest --input PATH [--input PATH ...] --output DIR [--config FILE]
[any Beam pipeline option]``

``run(argv)`` validates and launches; ``build(p, options, config, staging)`` wires the stages
and returns their outputs. The run writes into a staging folder and swaps it in only on success.
"""

from __future__ import annotations

import datetime
import errno
import gc
import json
import logging
import os
import re
import shutil
import signal
import sys
import time

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import GoogleCloudOptions, PipelineOptions, StandardOptions, TestOptions

from pipelines import preflight, runlock
from pipelines.config import ConfigError, config_hash, load_config, new_run_id
from pipelines.options import IngestOptions, check_command_line, expand_home, lift_job_server_deadline, quiet_workers
from pipelines.stages import clean_and_tag
from pipelines.publish import (
    OUTPUT_MARKER,
    IndexNotCommitted,
    discard_run,
    discard_staging,
    publish_run,
    recover,
    remove_stale_staging,
    staging_dir_for,
    update_published_summary,
)
from transforms import clean, extract, feeds, fetch, read, warc
from transforms.dedup import DropDuplicates
from transforms.events import AssignEvents, commit_events_index, discard_events_staging
from transforms.fetch import FetchInputs, read_url_list
from transforms.progress import PROGRESS_ENV, format_table, stage_table
from transforms.read import OneOutcomePerId, ReadInputs
from transforms.settings import DedupSettings, GuardSettings
from transforms.write import ToArticles, WriteOutputs, read_summary

__all__ = ["RunFailed", "EXPECTED_REJECTS", "build", "check_summary", "dedup_spill_dir", "run", "user_files_line"]

log = logging.getLogger("newsbeam")


class RunFailed(RuntimeError):
    """The run finished but its result must not replace the previous output."""


class EventsIndexNotCommitted(IndexNotCommitted):
    """The output was published and the dedup index updated, but the events index was not (no
    journal keeps those rows: this run's articles join no later run's events)."""


# A run that failed for want of storage (checked through Beam's wrapping, which keeps only the
# message): a full disk, a quota, a file-size limit, a read-only filesystem.
_STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}
_ERRNO_TEXT = re.compile(r"\[Errno (\d+)\] ([^\[\]'\n]+)")


def storage_error(exc: BaseException) -> str | None:
    """``exc`` (or an exception it was raised from, or the text Beam wrapped it in) as
    "No space left on device (errno 28)" when it is a storage failure; None otherwise."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
            return f"{exc.strerror or os.strerror(exc.errno)} (errno {exc.errno})"
        for number, text in _ERRNO_TEXT.findall(str(exc)):
            if int(number) in _STORAGE_ERRNOS:
                return f"{text.strip()} (errno {number})"
        exc = exc.__cause__ or exc.__context__
    return None


def build(p: beam.Pipeline, options: IngestOptions, config: dict, staging: str) -> dict:
    """Wire the stages; returns the named output PCollections."""
    found, failed, counted = [], [], []
    run_id = new_run_id()
    if options.input:
        reader = ReadInputs(options.input, config["read"])
        docs, read_failed = p | "Read" >> reader
        found.append(docs)
        failed.append(read_failed)
        counted.append(reader.not_inputs)  # a WARC's request/metadata records, for the summary
    if options.feeds or options.urls:
        fetched, fetch_failed = p | "Fetch" >> FetchInputs(
            read_url_list(options.feeds) if options.feeds else [],
            read_url_list(options.urls) if options.urls else [],
            config["fetch"],
            options.allow_hosts,
            options.http_cache,
            tracking_params=config["dedup"]["tracking_params"],  # a page's spellings: fetched once
        )
        found.append(fetched)
        failed.append(fetch_failed)
    docs = found | "AllDocuments" >> beam.Flatten()
    read_failed = failed | "AllReadFailures" >> beam.Flatten()
    # One small element per input, for the summary's count: made before the flatten, so the read
    # stage hands on ids, not Documents that still carry their raw bytes.
    inputs = (
        docs | "DocumentIds" >> beam.Map(lambda doc: doc.id),
        read_failed | "ReadFailureIds" >> beam.Map(lambda row: row.id),
    ) | "AllInputs" >> beam.Flatten()
    tagged, stage_failed = clean_and_tag(docs, config, strip_repeated=True)
    # Two inputs never share an id: checked here, where documents no longer carry their raw bytes
    # (the check waits for every id's count; before the decode stage all raw pages waited with it).
    tagged, rejected = (
        tagged, (read_failed, *stage_failed) | "AllRejected" >> beam.Flatten()
    ) | "OnePerId" >> OneOutcomePerId()
    dedup = DropDuplicates(config["dedup"], options.dedup_index, spill_dir=dedup_spill_dir(p, staging))
    kept, duplicates = tagged | "Dedup" >> dedup
    events = AssignEvents(config["events"], options.dedup_index)
    kept, duplicates, event_rows = (kept, duplicates) | "Events" >> events
    fingerprint = config_hash(config)
    articles = kept | "ToArticles" >> ToArticles(run_id, fingerprint)
    provenance = {
        "runner": p.options.view_as(StandardOptions).runner or "DirectRunner",
        "run_id": run_id,
        "config_hash": fingerprint,
        "config_file": options.config or "(default)",
        "input_specs": {"input": list(options.input or []), "feeds": options.feeds or None, "urls": options.urls or None},
        "dedup_index": options.dedup_index or None,  # a scheduled run that lost its --dedup-index shows here
        "versions": package_versions(),
    }
    # Event rows go to the writer tagged with their table's name, beside the counted facets.
    event_table = event_rows | "TagEvents" >> beam.Map(lambda event: ("events", event))
    summary = (inputs, articles, duplicates, rejected, *counted, event_table) | "Write" >> WriteOutputs(
        staging, provenance, events=True
    )
    return {
        "articles": articles,
        "duplicates": duplicates,
        "rejected": rejected,
        "summary": summary,
        "events": event_rows,
        "dedup_spill": dedup.spill_dir,  # removed by run() once the pipeline has ended, however it ended
        "index_staging": dedup.staging_dir,  # committed by run() once the output is published
        "events_index_staging": events.staging_dir,  # likewise
    }


def dedup_spill_dir(p: beam.Pipeline, staging: str) -> str | None:
    """Where the dedup stage's spill files go: a folder beside the run's staging folder, named like
    it (``<output>.staging-<hex>.dedup-spill``) so that the next run into the same output removes
    it if this one is killed (``remove_stale_staging``); None with ``--temp_location`` (the stage
    then spills under it, where every worker can read). ``run`` removes it when the pipeline ends."""
    if p.options.view_as(GoogleCloudOptions).temp_location:
        return None
    return staging.rstrip("/") + ".dedup-spill"


# Reject reasons that are expected outcomes, not failures: declared by the stages that emit them.
EXPECTED_REJECTS = frozenset().union(
    *(stage.EXPECTED_REJECTS for stage in (read, warc, feeds, fetch, extract, clean))
)


MAIN_PACKAGES = ("newsbeam", "apache-beam", "trafilatura", "lxml", "pyarrow", "rensa", "langdetect",
                 "langdetect-rs", "charset-normalizer", "fastwarc", "feedparser")


def package_versions() -> dict:
    """Versions of Python and of the packages that shape the output (summary.json's ``versions``)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": sys.version.split()[0]}
    for name in MAIN_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _guard_config(config: dict) -> dict:
    return GuardSettings.parse(config.get("guard")).as_dict()


_LOCAL_RUNNERS = {None, "DirectRunner", "BundleBasedDirectRunner", "SwitchingDirectRunner", "PrismRunner"}


def _check_overlaps(options: IngestOptions) -> None:
    """Batch and streaming: the output must lie apart from every path the run reads or keeps."""
    if options.output:
        preflight.check_overlaps(options.output, [
            *(("--input", spec) for spec in options.input or []),
            ("--watch", options.watch), ("--dedup-index", options.dedup_index), ("--http-cache", options.http_cache),
            ("--feeds", options.feeds), ("--urls", options.urls), ("--config", options.config),
        ])


def _validate(options: IngestOptions, pipeline_options: PipelineOptions) -> None:
    """Everything a user can get wrong, found before any work, each as one ConfigError line."""
    if not options.output:
        raise ConfigError("--output DIR is required")
    if not (options.input or options.feeds or options.urls):
        raise ConfigError("give at least one --input (or --feeds / --urls)")
    runner = pipeline_options.view_as(StandardOptions).runner
    preflight.check_runner(runner)
    preflight.check_remote_filesystems([*(("--input", spec) for spec in options.input or []), ("--output", options.output),
                                        ("--dedup-index", options.dedup_index), ("--http-cache", options.http_cache)])
    preflight.check_inputs(options.input, other_sources=bool(options.feeds or options.urls))
    preflight.check_url_file("--feeds", options.feeds, read_url_list)
    preflight.check_url_file("--urls", options.urls, read_url_list)
    local_output = FileSystems.get_scheme(options.output) in (None, "file")
    if runner == "DataflowRunner" and local_output and not pipeline_options.view_as(TestOptions).dry_run:
        # Workers would write to their own disks while the launcher publishes from its own.
        raise ConfigError("--output must be a shared filesystem path (gs://...) with the DataflowRunner")
    preflight.check_output_target(options.output)
    preflight.check_index_target(options.dedup_index)
    preflight.check_cache_target(options.http_cache, [*(("--input", spec) for spec in options.input or []),
                                                      ("--watch", options.watch)])


# A hint per reject reason that a user can act on (the failure-storm error names it).
REASON_HINTS = {
    "blocked_address": "the hosts resolve to private/loopback addresses: let them through with --allow-hosts HOST,...",
    "robots_disallowed": "robots.txt forbids these pages",
    "no_such_input": "check the --input paths (remote inputs are listed by the workers)",
    "unsupported_format": "read.formats lists the extensions read (html, text, jsonl)",
    "timeout": "the hosts answer too slowly: check them or raise the fetch timeouts in --config",
    "connect_timeout": "the hosts are unreachable from here",
    "connect_refused": "nothing listens at these hosts' ports (server down, or a wrong port in the URLs)",
    "connection_error": "the hosts are unreachable from here",
    "dns_error": "the host names do not resolve from here",
    "too_large": "raise the size caps (read.max_input_bytes, fetch) in --config",
    "crash": "a bug: the rejected rows' detail holds the exception",
}


def check_summary(summary: dict, guard: dict, *, replaces_output: bool = False) -> None:
    """Raise RunFailed when nothing was read, the accounting identity does not hold, or a stage
    failed on more than ``guard.max_failure_share`` of the inputs (the failure-storm guard: the
    message names the top reasons with their counts and a hint). A run of fewer than
    ``guard.min_inputs`` inputs is no storm, unless it would replace a published output
    (``replaces_output``) and every one of its inputs failed at one stage."""
    total = summary["articles"] + summary["duplicates"] + summary["rejected"]
    if summary["inputs"] != total:
        raise RunFailed(
            f"accounting broken: inputs={summary['inputs']} but articles+duplicates+rejected={total}"
        )
    inputs = summary["inputs"]
    reasons = summary.get("rejected_by_reason", {})
    if inputs == 0:
        raise RunFailed("nothing to read: the inputs gave no document; the previous output is kept")
    missing = sum(n for key, n in reasons.items() if key.split(":", 1)[-1] == "no_such_input")
    if missing == inputs:
        raise RunFailed(f"nothing to read: no --input matched a file ({missing} rejected as no_such_input); "
                        "the previous output is kept")
    # Below guard.min_inputs one failure is no storm, but a run in which EVERY input failed at one
    # stage never replaces a published output (three feeds of a nightly run, their server down:
    # trial-6 D2 replaced yesterday's output with an empty one and exited 0).
    small = inputs < guard["min_inputs"]
    if small and not replaces_output:
        return
    expected = EXPECTED_REJECTS
    per_stage: dict[str, dict[str, int]] = {}
    for key, count in reasons.items():
        stage, _, reason = key.partition(":")
        if reason not in expected:
            per_stage.setdefault(stage, {})[reason] = count
    for stage, by_reason in sorted(per_stage.items()):
        failed = sum(by_reason.values())
        if (failed == inputs) if small else (failed / inputs > guard["max_failure_share"]):
            top = sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            named = ", ".join(f"{reason} x{count}" for reason, count in top)
            hints = "; ".join(f"{reason}: {REASON_HINTS[reason]}" for reason, _ in top if reason in REASON_HINTS)
            raise RunFailed(
                f"failure storm: {failed} of {inputs} inputs failed at stage '{stage}' "
                + (f"(all of them): {named}" if small else f"(more than {guard['max_failure_share']:.0%}): {named}")
                + (f" (hint: {hints})" if hints else "")
                + "; the previous output is kept"
            )


def _published(output: str) -> bool:
    """Whether ``output`` holds a published output (its marker file; any filesystem)."""
    return FileSystems.exists(FileSystems.join(output, OUTPUT_MARKER))


# Java threads' stack for the JVMs a FlinkRunner run starts (Beam's job server, and with
# --flink_master=[local]/[auto] the embedded mini cluster inside it): the JobManager deserialises a
# submitted job graph recursively, and with the JDK default (1 MB) it has under a third of headroom
# for this pipeline's graph (scripts/flink_local_cluster.sh: 512k and 768k overflow on submission);
# a StackOverflowError was seen on the embedded mini cluster in a CI rehearsal (30 Nov 2026).
FLINK_JAVA_STACK = "-Xss8m"


def _java_thread_stack(pipeline_options: PipelineOptions) -> None:
    """For a FlinkRunner run, JVMs started from here get ``FLINK_JAVA_STACK`` through
    ``JAVA_TOOL_OPTIONS`` (read by every JVM), unless the user's JAVA_TOOL_OPTIONS sets -Xss."""
    if pipeline_options.view_as(StandardOptions).runner != "FlinkRunner":
        return
    current = os.environ.get("JAVA_TOOL_OPTIONS", "")
    if "-Xss" not in current:
        os.environ["JAVA_TOOL_OPTIONS"] = f"{current} {FLINK_JAVA_STACK}".strip()


def run(argv: list[str] | None = None) -> dict:
    """Parse, validate, run, publish. Returns the run's summary.

    Raises ConfigError (bad flags, paths, config: before any work), runlock.LockHeld (another run
    writes the same output or index) and RunFailed (the run's result must not be published).
    """
    if argv is not None:
        argv = expand_home(argv)  # '~/out' quoted in a cron line: one folder for every check and write
    check_command_line(argv)
    pipeline_options = PipelineOptions(argv)
    lift_job_server_deadline(pipeline_options, argv if argv is not None else sys.argv[1:])
    _java_thread_stack(pipeline_options)
    _check_overlaps(pipeline_options.view_as(IngestOptions))
    if pipeline_options.view_as(StandardOptions).streaming:  # --streaming: the unbounded pipeline
        from pipelines import stream

        options = pipeline_options.view_as(IngestOptions)
        with runlock.hold_all([("--output", options.output), ("--dedup-index", options.dedup_index)]):
            return stream.run(argv)
    options = pipeline_options.view_as(IngestOptions)
    _validate(options, pipeline_options)
    config = load_config(options.config)
    guard = _guard_config(config)
    with runlock.hold_all([("--output", options.output), ("--dedup-index", options.dedup_index)]):
        return _run_locked(pipeline_options, options, config, guard)


def _run_locked(pipeline_options: PipelineOptions, options: IngestOptions, config: dict, guard: dict) -> dict:
    for action in recover(options.output, options.dedup_index):  # a killed run's publish, finished or undone
        log.warning("recovered: %s", action)
    remove_stale_staging(options.output)  # ours to remove: we hold the output's lock
    staging = staging_dir_for(options.output)
    index_staging = events_staging = spill = None
    started = time.time()
    dry_run = pipeline_options.view_as(TestOptions).dry_run
    if dry_run:
        # A dry run submits nothing: no credential lookup (without credentials Beam retries it
        # four times, ~25 s of warnings, then connects anonymously anyway).
        pipeline_options.view_as(GoogleCloudOptions).no_auth = True
    if not options.quiet:
        os.environ.setdefault(PROGRESS_ENV, "5")  # worker processes inherit it
    else:
        quiet_workers(pipeline_options)  # worker processes (multi_processing, Prism, Flink): no start-up warnings
    try:
        p = beam.Pipeline(options=pipeline_options)
        outputs = build(p, options, config, staging)
        index_staging, events_staging = outputs["index_staging"], outputs["events_index_staging"]
        spill = outputs["dedup_spill"]
        result = p.run()
        if dry_run:  # the job was built, nothing ran or was written
            if FileSystems.get_scheme(staging) in (None, "file"):  # gs:// is not even looked at: offline, no credentials
                discard_staging(staging)
            summary = _dry_run_summary(result, pipeline_options)
            print(summary["message"])
            return summary
        result.wait_until_finish()
        summary = read_summary(staging)
        try:
            check_summary(summary, guard, replaces_output=_published(options.output))
        except RunFailed as exc:
            kept = _keep_failed_run(staging, options.output, options.no_report)
            raise RunFailed(f"{exc}; this run's rejected rows and report are in {kept}" if kept else str(exc)) from None
        stages = stage_table(result)
    except BaseException:
        discard_run(staging, index_staging)
        if events_staging:
            discard_events_staging(events_staging)
        raise
    finally:
        # The dedup stage's spill files: read by the pipeline only, never published. A dry run
        # wrote none, and must not look at a gs:// --temp_location (no credentials, offline).
        if spill and not dry_run:
            discard_staging(spill)
    finished = time.time()
    summary.update(
        started=_iso(started),
        finished=_iso(finished),
        seconds=round(finished - started, 3),
        stage_seconds={stage: row["seconds"] for stage, row in stages.items()},
        stage_elements={stage: row["elements"] for stage, row in stages.items()},
    )
    with _signals_deferred():  # an interruption waits until the output and the indexes are committed
        try:
            added = publish_run(staging, options.output, summary, options.dedup_index, index_staging,
                                DedupSettings.parse(config["dedup"]).index_texts_per_id)
        except IndexNotCommitted:
            _interruption["published"] = True
            if not options.no_report:  # the published output gets its report all the same
                _write_report(options.output)
            raise
        _interruption["published"] = True
        if index_staging:
            summary["index_added"] = added
        if events_staging:
            try:
                summary["events_index_added"] = commit_events_index(options.dedup_index, events_staging)
            except OSError as exc:
                raise EventsIndexNotCommitted(options.output, options.dedup_index, exc) from exc
        if index_staging or events_staging:  # the published summary.json says what the index gained
            try:
                update_published_summary(options.output, summary)
            except OSError as exc:
                log.warning("summary.json of %s not updated with the index counts: %s", options.output, exc)
    if not options.no_report:
        _write_report(options.output)
    if not options.quiet:
        print(format_table(stages), file=sys.stderr)
    if summary.get("user_files_kept") or summary.get("user_files_left_in"):
        log.warning("%s", user_files_line(options.output, summary))
    if summary.get("files_given_twice"):
        log.warning("%d file(s) were named by more than one --input (overlapping specs, %d extra naming(s)); "
                    "each was read once", summary.get("files_named_more_than_once", 0), summary["files_given_twice"])
    # The counts line stays under --quiet: a scheduled job's log should say what the run did.
    print(json.dumps({k: summary[k] for k in ("inputs", "articles", "duplicates", "rejected", "seconds")}))
    return summary


def user_files_line(output: str, summary: dict) -> str:
    """The one line saying which files a user added to ``output`` during the run were kept."""
    kept, left = summary.get("user_files_kept") or [], summary.get("user_files_left_in")
    shown = ", ".join(kept[:3]) + (f", ... ({len(kept)} in all)" if len(kept) > 3 else "")
    line = (f"{len(kept)} file(s) added to {output} while the run was under way were kept, not deleted: "
            f"{shown} (now in the new output; the next run into {output} refuses until they are moved out)"
            if kept else f"something was added to {output} while the run was under way")
    return line + (f"; {left} holds what could not be moved into it" if left else "")


def _dry_run_summary(result, pipeline_options: PipelineOptions) -> dict:
    """What a ``--dry_run=True`` built (the runner's job, not submitted): ``dry_run``, ``runner``,
    ``transforms`` (steps of the job's graph, 0 when the runner keeps no job), ``worker_package``
    (the staged ``--setup_file`` sdist was part of the job) and a one-line ``message``."""
    runner = pipeline_options.view_as(StandardOptions).runner or "DirectRunner"
    job = getattr(result, "job", None)
    graph = getattr(job, "proto_pipeline", None)
    transforms = len(graph.components.transforms) if graph is not None else 0
    staged = False
    if graph is not None:
        from apache_beam.portability.api import beam_runner_api_pb2

        for env in graph.components.environments.values():
            for dep in env.dependencies:
                role = beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(dep.role_payload)
                staged = staged or role.staged_name == "workflow.tar.gz"
    package = ", worker package built" if staged else ""
    return {
        "dry_run": True,
        "runner": runner,
        "transforms": transforms,
        "worker_package": staged,
        "message": f"dry run OK: {runner} job built offline ({transforms} transforms{package}); "
                   "nothing was submitted, read or written",
    }


FAILED_SUFFIX = ".failed"


def _keep_failed_run(staging: str, output: str, no_report: bool) -> str | None:
    """Move a failed run's staging folder to ``<output>.failed`` (replacing an earlier failed run's)
    for inspection, with its report; returns that path (None for object stores: the staging is discarded)."""
    if "://" in output:
        return None
    kept = output.rstrip("/") + FAILED_SUFFIX
    shutil.rmtree(kept, ignore_errors=True)
    try:
        os.rename(staging, kept)
    except OSError as exc:
        log.warning("the failed run's output could not be kept in %s: %s", kept, exc)
        return None
    if not no_report:
        _write_report(kept)
    return kept

def _iso(ts: float) -> str:
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat(timespec="seconds")


def _write_report(output: str) -> None:
    from pipelines.report import ReportError, write_report

    if "://" in output:
        log.warning("report.html is written for local output folders only; run pipelines.report on a copy")
        return
    try:
        write_report(output)
    except ReportError as exc:  # the data is published; a report problem must not fail the run
        log.warning("report.html not written: %s", exc)
    except Exception as exc:  # noqa: BLE001 - a full disk, a bug in a chart: still never fail a published run
        log.warning("report.html not written (%s: %s); regenerate it with python -m pipelines.report %s",
                    type(exc).__name__, exc, output)


class _QuietBeamTagWarning(logging.Filter):
    """Drop Beam's warning that with_exception_handling's extra tags are not in its type hints:
    every run would print it for each stage with a dead letter, and it concerns Beam's own wrapper."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Tags %s requested in with_outputs()")


# ---- interruptions: Ctrl-C (SIGINT) and SIGTERM from a scheduler ----------------------------

_interruption: dict = {"signals": [], "published": False, "deferred": False}
_INTERRUPT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _on_interrupt(signum, _frame) -> None:
    """The first SIGINT/SIGTERM unwinds the run (run()'s cleanup discards the staging folder and
    the index staging, the locks are released); later ones only wait for that cleanup. While the
    output is being published the signal is only noted (``_signals_deferred``)."""
    _interruption["signals"].append(signum)
    if len(_interruption["signals"]) == 1 and not _interruption["deferred"]:
        raise KeyboardInterrupt


class _signals_deferred:
    """Hold interruptions while the output and the indexes are committed: a signal then acts once
    they are (the output is never half published by an interruption)."""

    def __enter__(self):
        _interruption["deferred"] = True

    def __exit__(self, exc_type, *_exc):
        _interruption["deferred"] = False
        if exc_type is None and _interruption["signals"]:
            raise KeyboardInterrupt
        return False


class _QuietAfterInterrupt(logging.Filter):
    """Once interrupted, drop the log records of the unwinding (Beam logs the KeyboardInterrupt of
    every step it crosses, with tracebacks): the interruption is reported by one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _interruption["signals"]


class _QuietStorageErrors(logging.Filter):
    """Drop Beam's log records of a step that failed for want of storage (each with a traceback,
    once per step it crosses): main() reports the failure in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("apache_beam"):
            return True
        try:
            return storage_error(RuntimeError(record.getMessage())) is None
        except Exception:  # a record whose arguments do not format: Beam's, never ours to drop
            return True


def _interrupted_exit() -> None:
    """One line and exit 128 + the signal (130 SIGINT, 143 SIGTERM), as shells report it, so a
    scheduler tells an interruption from a crash (1) and a refusal or failed run (2)."""
    signum = _interruption["signals"][0]
    name = signal.Signals(signum).name
    if _interruption["published"]:
        line = f"interrupted ({name}) after the output was published: the new output is complete"
    else:
        line = f"interrupted ({name}): nothing published; the previous output is unchanged"
    print(line, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # os._exit: threads a stage left blocked (a fetch waiting on a slow host) must not hold the
    # exit; the run's own cleanup has already happened while the interruption unwound it.
    os._exit(128 + signum)


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_QuietBeamTagWarning())
        handler.addFilter(_QuietAfterInterrupt())
        handler.addFilter(_QuietStorageErrors())
    for signum in _INTERRUPT_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup / a shell's background job: stays ignored
            signal.signal(signum, _on_interrupt)
    try:
        run(sys.argv[1:])
    except (ConfigError, RunFailed) as exc:
        if _interruption["signals"]:
            _interrupted_exit()
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except EventsIndexNotCommitted as exc:
        print(f"error: the output {exc.output} was published and its survivors added to --dedup-index "
              f"{exc.dedup_index}, but its events index could not be updated ({exc.strerror}): this run's "
              f"articles will not join later runs' events", file=sys.stderr)
        sys.exit(2)
    except IndexNotCommitted as exc:
        print(f"error: the output {exc.output} was published, but its survivors could not be added to "
              f"--dedup-index {exc.dedup_index} ({exc.strerror}); they stay staged there and the next run "
              f"with this index adds them", file=sys.stderr)
        sys.exit(2)
    except BaseException as exc:  # KeyboardInterrupt, or Beam's RuntimeError wrapping it
        if _interruption["signals"]:
            _interrupted_exit()
        storage = storage_error(exc)
        if storage:  # one line, not Beam's tracebacks (trial-7 T3)
            where = "after the output was published" if _interruption["published"] else \
                "while the run was writing: nothing published; the previous output is unchanged"
            print(f"error: {storage} {where}", file=sys.stderr)
            sys.exit(2)
        raise
    if _interruption["signals"]:  # arrived while publishing: acted on once it was done
        _interrupted_exit()
    # The process ends now: spare the interpreter's final garbage collections a walk over every
    # object Beam and the run created (0.5 s of every scheduled run's wall time, measured).
    gc.freeze()


if __name__ == "__main__":
    main()
