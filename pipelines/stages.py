"""The stage chain batch (``pipelines/ingest.py``) and streaming (``pipelines/stream.py``) share.

Documents with raw bytes -> decoded -> extracted -> cleaned -> language-tagged, each stage's
rejects collected. Labels are applied here, at the caller's level, so both pipelines keep the
same stable step names (``Decode``, ``Extract``, ``StripRepeated``, ``Clean``, ``DetectLanguage``).
"""

from __future__ import annotations

import apache_beam as beam

from transforms.clean import StripBoilerplate, StripRepeatedLines
from transforms.decode import DecodeText
from transforms.extract import ExtractText
from transforms.language import DetectLanguage

__all__ = ["clean_and_tag"]


def clean_and_tag(docs: beam.PCollection, config: dict, *, strip_repeated: bool) -> tuple:
    """PCollection[Document] (raw bytes) -> (PCollection[Document] language-tagged,
    [PCollection[Rejected]] of the decode, extract and clean stages).

    ``strip_repeated``: run ``StripRepeatedLines`` (per-publisher statistics over the whole
    input: batch only; a stream never has the whole input).
    """
    decoded, decode_failed = docs | "Decode" >> DecodeText(config["decode"])
    extracted, extract_failed = decoded | "Extract" >> ExtractText(
        config["extract"], tracking_params=config["dedup"]["tracking_params"]
    )
    if strip_repeated:
        extracted = extracted | "StripRepeated" >> StripRepeatedLines(config["clean"])
    cleaned, clean_failed = extracted | "Clean" >> StripBoilerplate(config["clean"], config["language"])
    tagged = cleaned | "DetectLanguage" >> DetectLanguage(config["language"])
    return tagged, [decode_failed, extract_failed, clean_failed]
