"""Command-line options of the ingestion pipeline (a PipelineOptions subclass).

Standard Beam options (``--runner``, ``--direct_num_workers``, Dataflow and Flink flags) pass
through untouched.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import os

from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.config import DEFAULT_CONFIG, ConfigError

__all__ = ["IngestOptions", "expand_home", "keep_prism_keys_whole", "lift_job_server_deadline", "quiet_workers"]


class IngestOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--input",
            action="append",
            default=None,
            help="A file, a directory (read recursively) or a glob; repeatable. .html/.htm pages, "
            ".txt articles, .jsonl/.ndjson (also .gz/.zst; one article per line), .parquet (the JSONL "
            "columns), .warc/.warc.gz archives. At least one --input, --feeds or --urls is required.",
        )
        parser.add_argument("--output", default=None, help="Output folder, required: articles/, duplicates/, rejected/, events/ (Parquet), summary.json, "
            "report.html. Replaced as a whole when the run succeeds; only a folder this pipeline wrote is replaced.")
        parser.add_argument(
            "--config",
            default=None,
            help="Your domain settings (YAML), overlaid on the packaged defaults "
            f"({DEFAULT_CONFIG}: limits, lexicon, language, dedup, fetch); only the keys you change.",
        )
        parser.add_argument("--feeds", default=None, help="File of RSS/Atom feed URLs, one per line (# comments); their entries' pages are fetched.")
        parser.add_argument("--urls", default=None, help="File of article URLs to fetch, one per line (# comments).")
        parser.add_argument(
            "--allow-hosts",
            "--allow_hosts",
            dest="allow_hosts",
            default="",
            help="Comma-separated hosts let through the private-address guard (tests, intranets); "
            "default: none (loopback, private and link-local addresses are refused).",
        )
        parser.add_argument(
            "--http-cache", "--http_cache", dest="http_cache", default=None, help="Conditional-GET cache folder kept between runs (ETag/Last-Modified); default: no cache."
        )
        parser.add_argument(
            "--dedup-index",
            "--dedup_index",
            dest="dedup_index",
            default=None,
            help="Folder of earlier runs' article signatures (MinHash): drop what they already hold, add "
            "this run's survivors once it is published; default: no cross-run dedup.",
        )
        parser.add_argument(
            "--poll-interval",
            "--poll_interval",
            dest="poll_interval",
            type=float,
            default=60.0,
            help="Streaming (--streaming): seconds between two polls of the feeds and the watched folder.",
        )
        parser.add_argument(
            "--watch", default=None, help="Streaming: a folder whose new files are ingested as they land, each once; default: none."
        )
        parser.add_argument(
            "--max-runtime",
            "--max_runtime",
            dest="max_runtime",
            type=float,
            default=None,
            help="Streaming: stop polling after this many seconds, publish the open windows and exit; "
            "default: run until SIGINT/SIGTERM.",
        )
        parser.add_argument(
            "--stop-file",
            "--stop_file",
            dest="stop_file",
            default=None,
            help="Streaming: when this file appears (any Beam filesystem path the workers can read), stop "
            "polling at the next poll, publish the open windows and exit (a drain: SIGINT/SIGTERM cancel and "
            "leave the open window unpublished); default: none.",
        )
        parser.add_argument("--quiet", action="store_true", default=False, help="No progress lines and no per-stage table (default: a progress line every 5 s on stderr).")
        parser.add_argument(
            "--no-report", "--no_report", dest="no_report", action="store_true", default=False,
            help="Do not write report.html (default: written after every published run).",
        )


# ---- the command line as a whole: help and unknown flags -------------------------------------

PROG = "python -m pipelines.ingest"
_DESCRIPTION = (
    "newsbeam: raw news (HTML pages, .txt, JSONL and Parquet dumps, WARC archives, RSS/Atom feeds, "
    "article URLs) in, clean, deduplicated, language-tagged Parquet out (articles/, duplicates/, "
    "rejected/, events/, summary.json, "
    "report.html in --output)."
)
_EPILOG = (
    "Standard Apache Beam pipeline options pass through as well, e.g. --runner=DirectRunner "
    "(default; also PrismRunner, FlinkRunner, DataflowRunner), --direct_running_mode=multi_processing "
    "--direct_num_workers=2, and Dataflow's --project/--region/--temp_location/--setup_file "
    "(see docs/running.md). Any other flag is an error."
)


class _FlagParser(argparse.ArgumentParser):
    """An argparse parser that accepts Beam's ``add_value_provider_argument`` and raises ConfigError."""

    def add_value_provider_argument(self, *args, **kwargs):
        self.add_argument(*args, **kwargs)

    def error(self, message):
        raise ConfigError(message)


class _HelpFormatter(argparse.HelpFormatter):
    def _get_help_string(self, action):
        text = action.help or ""
        if action.default not in (None, False, "", argparse.SUPPRESS) and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def help_text() -> str:
    """``--help``: every project option with its meaning and default, and how Beam options pass."""
    parser = _FlagParser(prog=PROG, description=_DESCRIPTION, epilog=_EPILOG, formatter_class=_HelpFormatter,
                         add_help=False)
    group = parser.add_argument_group("newsbeam options")
    group.add_argument("-h", "--help", action="store_true", help="Show this help and exit.")
    IngestOptions._add_argparse_args(group)
    group.add_argument("--streaming", action="store_true",
                       help="Run continuously: poll --feeds and --watch until --max-runtime or SIGTERM.")
    return parser.format_help()


def _all_flags_parser() -> _FlagParser:
    from apache_beam.options import pipeline_options as beam_options

    parser = _FlagParser(prog=PROG, allow_abbrev=False, add_help=False)
    seen = {}
    for cls in beam_options.PipelineOptions.__subclasses__():
        seen.setdefault(str(cls), cls)
    for cls in seen.values():
        try:
            cls._add_argparse_args(parser)
        except argparse.ArgumentError:  # a subclass registered twice under another name
            continue
    return parser


def check_command_line(argv: list[str] | None) -> None:
    """Print the help and exit 0 on -h/--help; raise ConfigError naming the nearest valid flag for
    an unknown or misspelt flag (``--ouput`` -> ``--output``) or a stray argument.

    Beam alone would log a warning and run without it (a misspelt ``--output`` then fails later,
    a misspelt ``--quiet`` not at all)."""
    argv = list(argv or [])
    if "-h" in argv or "--help" in argv:
        print(help_text())
        raise SystemExit(0)
    parser = _all_flags_parser()
    _, unknown = parser.parse_known_args(argv)
    if not unknown:
        return
    flags = sorted(s for action in parser._actions for s in action.option_strings)
    for item in unknown:
        if item == "--":
            break
        if item.startswith("-"):
            name = item.split("=", 1)[0]
            close = difflib.get_close_matches(name, flags, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(f"unknown option {name}{hint}; {PROG} --help lists the options")
    raise ConfigError(f"unexpected argument {unknown[0]!r}: every value follows its option "
                      f"(--input PATH, --output DIR); {PROG} --help lists the options")


# Options naming a local path: a leading "~" is the user's home for each of them.
_PATH_FLAGS = frozenset({"--input", "--output", "--dedup-index", "--dedup_index", "--http-cache", "--http_cache",
                         "--watch", "--feeds", "--urls", "--config", "--stop-file", "--stop_file"})


def expand_home(argv: list[str] | None) -> list[str]:
    """``argv`` with a leading ``~`` / ``~user`` of every path option's value expanded
    (``--output '~/news'``, ``--input=~/drop``), as a shell does for an unquoted word.

    A value reaches us unexpanded when it was quoted, or written in a cron line, a systemd unit or
    a YAML job spec; every check (pipelines/preflight.py) then looked at ``$HOME/news`` while Beam
    wrote ``./~/news`` and the report read ``$HOME/news`` again (trial-7 T4). Other values (a
    Beam option, a URL) are left as they are."""
    out: list[str] = []
    expand_next = False
    for item in list(argv or []):
        if expand_next:
            out.append(os.path.expanduser(item) if item.startswith("~") else item)
            expand_next = False
            continue
        name, eq, value = item.partition("=")
        if name in _PATH_FLAGS and eq:
            out.append(f"{name}={os.path.expanduser(value)}" if value.startswith("~") else item)
        else:
            out.append(item)
            expand_next = item in _PATH_FLAGS
    return out


# The job-service deadline of a run on a portable runner, in seconds, unless --job_server_timeout
# is given: ten years, i.e. none.
NO_JOB_SERVER_DEADLINE = 10 * 365 * 24 * 3600


def lift_job_server_deadline(pipeline_options: PipelineOptions, argv: list[str] | None) -> None:
    """Beam's ``--job_server_timeout`` (300 s by default) is also the gRPC deadline of the job's
    state and message streams that ``wait_until_finish()`` reads on every portable runner (Prism,
    Flink's job server): a run or a stream still going 300 s after its submission died with rc 1
    and ``DEADLINE_EXCEEDED: Stream removed`` tracebacks, its job server destroyed (trial 8). The
    deadline is lifted (``NO_JOB_SERVER_DEADLINE``) unless the command line sets it."""
    from apache_beam.options.pipeline_options import PortableOptions

    names = {a.split("=", 1)[0] for a in (argv or [])}
    if not names & {"--job_server_timeout", "--job-server-timeout"}:
        pipeline_options.view_as(PortableOptions).job_server_timeout = NO_JOB_SERVER_DEADLINE


PRISM_NO_SPLIT = "prism_disable_sdf_split"


def keep_prism_keys_whole(pipeline_options: PipelineOptions) -> None:
    """On Prism, turn off its splitting of slow bundles (the experiment ``prism_disable_sdf_split``,
    which despite its name gates every stage's channel splits in Prism 2.77, ``internal/stage.go``).

    Why: Prism splits a bundle that made no progress between two progress reports and reschedules
    the rest at once, releasing its keys while the first bundle's state writes are not committed:
    a stateful stage then runs one key in parallel bundles, each on state without the others'
    writes (trial 9, probes on Prism of ``stream_events`` and ``PollFeeds``: the ten reports of one
    earthquake in ten languages, one poll of a watched dump, went to 4-6 events instead of one; the
    polls of one feed each read an empty set of emitted entries). The stream's stages are slow per
    element (extraction, vectors), so this is the common case there. Without splits each key is in
    one bundle at a time, as Prism's element manager intends; Prism is a one-machine runner, where
    the splits bought little. No effect on other runners."""
    from apache_beam.options.pipeline_options import DebugOptions, StandardOptions

    runner = pipeline_options.view_as(StandardOptions).runner or ""
    if "prism" not in str(runner).lower():
        return
    debug = pipeline_options.view_as(DebugOptions)
    if PRISM_NO_SPLIT not in (debug.experiments or []):
        debug.add_experiment(PRISM_NO_SPLIT)


# Loggers of our own code: their warnings still reach a --quiet run's log from the workers.
_OWN_LOGGERS = ("newsbeam", "transforms", "pipelines")


def quiet_workers(pipeline_options: PipelineOptions) -> None:
    """Under ``--quiet``: the SDK workers' log level (Beam's ``--default_sdk_harness_log_level``)
    ERROR, our own loggers WARNING (``--sdk_harness_log_level_overrides``), unless the command line
    set them. Worker processes (``--direct_running_mode multi_processing``, Prism, Flink) send
    every record at or above their level to the launcher, which prints it as ``Worker: severity:
    WARN ...``: Beam's start-up notices of each worker ("No semi_persistent_directory found",
    "Discarding unparseable args") looked like an error in a scheduled job's mail."""
    from apache_beam.options.pipeline_options import WorkerOptions

    worker = pipeline_options.view_as(WorkerOptions)
    if worker.default_sdk_harness_log_level is None:
        worker.default_sdk_harness_log_level = "ERROR"
        worker.sdk_harness_log_level_overrides = {
            **{name: "WARNING" for name in _OWN_LOGGERS}, **(worker.sdk_harness_log_level_overrides or {})
        }
    # The launcher's own Beam notices too (trial 8): a job server's "Really starting service at
    # localhost:N" / "Really destroying service" (WARNING) and Prism's log relayed as PrismRunner
    # records ("pipeline is running", "empty transform"): Prism logs errors only (its
    # --prism_log_level, unless given), the job-server lifecycle logger ERROR.
    from apache_beam.options.pipeline_options import PrismRunnerOptions

    prism = pipeline_options.view_as(PrismRunnerOptions)
    if prism.prism_log_level in (None, "info"):  # Beam's default
        prism.prism_log_level = "error"
    logging.getLogger("apache_beam.utils.subprocess_server").setLevel(logging.ERROR)
