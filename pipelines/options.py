"""Command-line options of the ingestion pipeline (a PipelineOptions subclass).

Standard Beam options (``--runner``, ``--direct_num_workers``, Dataflow and Flink flags) pass
through untouched.
"""

from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

from pipelines.config import DEFAULT_CONFIG

__all__ = ["IngestOptions"]


class IngestOptions(PipelineOptions):
    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument(
            "--input",
            action="append",
            default=None,
            help="A file, a directory (read recursively) or a glob; repeatable. .html/.htm pages, "
            ".txt articles, .jsonl (one article per line).",
        )
        parser.add_argument("--output", default=None, help="Output folder (replaced as a whole).")
        parser.add_argument("--config", default=DEFAULT_CONFIG, help="Domain settings (YAML).")
        parser.add_argument("--feeds", default=None, help="File of RSS/Atom feed URLs, one per line.")
        parser.add_argument("--urls", default=None, help="File of article URLs, one per line.")
        parser.add_argument(
            "--allow-hosts",
            "--allow_hosts",
            dest="allow_hosts",
            default="",
            help="Comma-separated hosts let through the private-address guard (tests, intranets).",
        )
        parser.add_argument(
            "--http-cache", "--http_cache", dest="http_cache", default=None, help="Conditional-GET cache folder."
        )
        parser.add_argument(
            "--dedup-index",
            "--dedup_index",
            dest="dedup_index",
            default=None,
            help="Folder of earlier runs' article signatures: drop what they already hold, add ours.",
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
            "--watch", default=None, help="Streaming: a folder whose new files are ingested as they land, each once."
        )
        parser.add_argument(
            "--max-runtime",
            "--max_runtime",
            dest="max_runtime",
            type=float,
            default=None,
            help="Streaming: stop polling after this many seconds, publish the open windows and exit.",
        )
        parser.add_argument("--quiet", action="store_true", default=False, help="No progress lines.")
        parser.add_argument(
            "--no-report", "--no_report", dest="no_report", action="store_true", default=False,
            help="Do not write report.html.",
        )
