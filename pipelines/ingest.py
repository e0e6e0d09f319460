"""The main job: news inputs -> clean, language-tagged, deduplicated Parquet.

``python -m pipelines.ingest --input PATH [--input PATH ...] --output DIR [--config FILE]
[any Beam pipeline option]``

``run(argv)`` validates and launches; ``build(p, options, config, staging)`` wires the stages
and returns their outputs. The run writes into a staging folder and swaps it in only on success.
"""

from __future__ import annotations

import json
import logging
import sys
import time

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from pipelines.config import ConfigError, load_config
from pipelines.options import IngestOptions
from transforms.clean import StripBoilerplate
from transforms.decode import DecodeText
from transforms.dedup import DropDuplicates
from transforms.extract import ExtractText
from transforms.language import DetectLanguage
from transforms.read import ReadInputs
from transforms.write import (
    ToArticles,
    WriteOutputs,
    discard_staging,
    publish_output,
    read_summary,
    staging_dir_for,
)

log = logging.getLogger("newsbeam")


class RunFailed(RuntimeError):
    """The run finished but its result must not replace the previous output."""


def build(p: beam.Pipeline, options: IngestOptions, config: dict, staging: str) -> dict:
    """Wire the stages; returns the named output PCollections."""
    docs, read_failed = p | "Read" >> ReadInputs(options.input or [], config["read"])
    inputs = (docs, read_failed) | "AllInputs" >> beam.Flatten()
    decoded, decode_failed = docs | "Decode" >> DecodeText()
    extracted, extract_failed = decoded | "Extract" >> ExtractText(config["extract"])
    cleaned, clean_failed = extracted | "Clean" >> StripBoilerplate(config["clean"])
    tagged = cleaned | "DetectLanguage" >> DetectLanguage(config["language"])
    kept, duplicates = tagged | "Dedup" >> DropDuplicates(config["dedup"], options.dedup_index)
    articles = kept | "ToArticles" >> ToArticles()
    rejected = (read_failed, decode_failed, extract_failed, clean_failed) | "AllRejected" >> beam.Flatten()
    summary = (inputs, articles, duplicates, rejected) | "Write" >> WriteOutputs(
        staging, {"runner": p.options.view_as(StandardOptions).runner or "DirectRunner"}
    )
    return {"articles": articles, "duplicates": duplicates, "rejected": rejected, "summary": summary}


def _validate(options: IngestOptions) -> None:
    if not options.output:
        raise ConfigError("--output DIR is required")
    if not (options.input or options.feeds or options.urls):
        raise ConfigError("give at least one --input (or --feeds / --urls)")


def check_summary(summary: dict) -> None:
    """Raise RunFailed when the accounting identity does not hold."""
    total = summary["articles"] + summary["duplicates"] + summary["rejected"]
    if summary["inputs"] != total:
        raise RunFailed(
            f"accounting broken: inputs={summary['inputs']} but articles+duplicates+rejected={total}"
        )


def run(argv: list[str] | None = None) -> dict:
    """Parse, validate, run, publish. Returns the run's summary."""
    pipeline_options = PipelineOptions(argv)
    options = pipeline_options.view_as(IngestOptions)
    _validate(options)
    config = load_config(options.config)
    staging = staging_dir_for(options.output)
    started = time.time()
    try:
        with beam.Pipeline(options=pipeline_options) as p:
            build(p, options, config, staging)
        summary = read_summary(staging)
        check_summary(summary)
    except BaseException:
        discard_staging(staging)
        raise
    summary["seconds"] = round(time.time() - started, 3)
    publish_output(staging, options.output)
    if not options.quiet:
        print(json.dumps({k: summary[k] for k in ("inputs", "articles", "duplicates", "rejected", "seconds")}))
    return summary


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    try:
        run(sys.argv[1:])
    except (ConfigError, RunFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
