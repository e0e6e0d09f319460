"""Stage: drop duplicates (first version: exact normalised text).

The near-duplicate issue replaces this with URL, exact and MinHash LSH dedup.
"""

from __future__ import annotations

import hashlib

import apache_beam as beam

from transforms.records import Document, Duplicate
from transforms.textnorm import normalize_for_match

DUPLICATES = "duplicates"


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_match(text).encode("utf-8")).hexdigest()[:32]


def _survivor_key(doc: Document):
    return (doc.published == "", doc.published, -len(doc.text), doc.id)


def _pick(item):
    _, docs = item
    docs = sorted(docs, key=_survivor_key)
    keep = docs[0]
    yield keep._replace(cluster_id=keep.id, duplicate_count=len(docs) - 1)
    for dup in docs[1:]:
        yield beam.pvalue.TaggedOutput(DUPLICATES, Duplicate(dup.id, dup.source, dup.url, keep.id, 1.0, "exact"))


class DropDuplicates(beam.PTransform):
    """PCollection[Document] -> (kept: PCollection[Document], duplicates: PCollection[Duplicate])."""

    def __init__(self, config: dict, index_dir: str | None = None):
        super().__init__()
        self._config = config

    def expand(self, docs):
        results = (
            docs
            | "Hash" >> beam.Map(lambda d: d._replace(content_hash=content_hash(d.text)))
            | "KeyByHash" >> beam.Map(lambda d: (d.content_hash, d))
            | "GroupByHash" >> beam.GroupByKey()
            | "Pick" >> beam.FlatMap(_pick).with_outputs(DUPLICATES, main="kept")
        )
        return results.kept, results[DUPLICATES]
