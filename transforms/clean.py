"""Stage: strip boilerplate (first version: title detection and a minimum length).

The boilerplate issue replaces this with the layered cleaner.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from pipelines.config import require
from transforms.records import Document, reject
from transforms.textnorm import words

STAGE = "clean"
REJECTED = "rejected"


def looks_like_headline(line: str) -> bool:
    n = len(line.split())
    return 3 <= n <= 25 and not line.rstrip().endswith((".", ":", "!", "?", "؟", "،"))


class _StripBoilerplateFn(beam.DoFn):
    def __init__(self, min_words: int):
        self._min_words = min_words

    def setup(self):
        self._short = Metrics.counter("news.clean", "filtered:too_short")

    def process(self, doc: Document):
        paragraphs = [p for p in doc.text.split("\n\n") if p.strip()]
        title = doc.title
        if not title and doc.format in ("text", "jsonl-text") and paragraphs and looks_like_headline(paragraphs[0]):
            title, paragraphs = paragraphs[0], paragraphs[1:]
        text = "\n\n".join(paragraphs)
        if len(words(text)) < self._min_words:
            self._short.inc()
            yield beam.pvalue.TaggedOutput(REJECTED, reject(doc, STAGE, "too_short", f"{len(words(text))} words"))
            return
        yield doc._replace(text=text, title=title)


class StripBoilerplate(beam.PTransform):
    """PCollection[Document] -> (ok: PCollection[Document], failed: PCollection[Rejected])."""

    def __init__(self, config: dict):
        super().__init__()
        self._min_words = require(config, "min_words", int, where="clean", minimum=0)

    def expand(self, docs):
        results = docs | "Strip" >> beam.ParDo(_StripBoilerplateFn(self._min_words)).with_outputs(REJECTED, main="ok")
        return results.ok, results[REJECTED]
