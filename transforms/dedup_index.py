"""The cross-run dedup index: earlier runs' survivors, read by batch and stream dedup.

Layout (a folder, local or any Beam filesystem): ``_params.json`` (the MinHash parameters the
signatures were made with) and one ``run-<token>.parquet`` per committed run, rows of
``records.IndexEntry`` (schema ``records.INDEX_SCHEMA``, with the parameters in its metadata).

- ``check_index(index_dir, params)`` -> the index's files, or ``IndexIncompatibleError`` when the
  index was built with other MinHash parameters (its signatures cannot be compared);
- ``read_index_entries(path)`` -> the ``IndexEntry`` rows of one file (the one reader),
  ``read_index_ids(path)`` its ids only, ``read_index_keys(path)`` its (id, content_hash) pairs;
- ``StageIndexEntries(staging_dir, params)``: a run's new survivors -> Parquet under a staging
  folder (``new_staging_dir``), written by the workers;
- ``commit_index(index_dir, staging_dir)`` (launcher, after the run succeeded): the staged rows
  whose (id, content_hash) the index does not hold yet move into the index as one new run file,
  by one rename; ``discard_index_staging`` on failure. Then ``compact_index``: an id keeps its
  ``INDEX_TEXTS_PER_ID`` latest texts (the index no longer grows by one entry per change of an
  article's text, for ever).
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Iterable

import numpy as np
import xxhash

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystems import FileSystems

from transforms import minhash
from transforms.records import INDEX_SCHEMA, IndexEntry
from transforms.settings import ConfigError
from transforms.write import Table, WriteTables, no_facets

__all__ = [
    "INDEX_TEXTS_PER_ID",
    "IndexIncompatibleError",
    "StageIndexEntries",
    "check_index",
    "commit_index",
    "compact_index",
    "discard_index_staging",
    "index_schema",
    "new_staging_dir",
    "read_index_entries",
    "read_index_ids",
    "read_index_keys",
    "superseded_rows",
]

_PARAMS_FILE = "_params.json"
_INDEX_GLOB = "run-*.parquet"
_STAGED_TABLE = "index"  # a run's new survivors: STAGING/index/part-*.parquet
_COMMITTED_KEY = b"committed"  # run file metadata: when it was committed (epoch seconds)
# Texts kept per id: an article's latest texts stay matchable (a copy of the text it had
# yesterday is still its duplicate); older ones go at the next commit that adds one of its texts.
INDEX_TEXTS_PER_ID = 4


class IndexIncompatibleError(ConfigError):
    """A dedup index built with other MinHash parameters: its signatures cannot be compared."""


def _join(folder: str, name: str) -> str:
    return FileSystems.join(folder.rstrip("/"), name)


def index_schema(params: minhash.MinHashParams) -> pa.Schema:
    """``INDEX_SCHEMA`` with the MinHash parameters recorded in its metadata (key ``minhash``)."""
    return INDEX_SCHEMA.with_metadata({"minhash": json.dumps(params.describe(), sort_keys=True)})


def new_staging_dir(index_dir: str) -> str:
    """A fresh staging folder for one run's new index entries, inside the index folder."""
    return _join(_join(index_dir, "_staging"), uuid.uuid4().hex)


def check_index(index_dir: str, params: minhash.MinHashParams) -> list[str]:
    """The index's Parquet files; raises IndexIncompatibleError when it was built with other params."""
    params_path = _join(index_dir, _PARAMS_FILE)
    files = [m.path for r in FileSystems.match([_join(index_dir, _INDEX_GLOB)]) for m in r.metadata_list]
    if not FileSystems.exists(params_path):
        if files:
            raise IndexIncompatibleError(f"dedup index {index_dir} has data files but no {_PARAMS_FILE}")
        return []
    with FileSystems.open(params_path) as fh:
        recorded = json.loads(fh.read().decode("utf-8"))
    recorded.setdefault("fold_marks", False)  # indexes written before the key existed shingled accents as they were
    wanted = params.describe()
    diff = {k: (recorded.get(k), v) for k, v in wanted.items() if recorded.get(k) != v}
    if diff:
        detail = ", ".join(f"{k}: index has {old!r}, config has {new!r}" for k, (old, new) in sorted(diff.items()))
        raise IndexIncompatibleError(
            f"dedup index {index_dir} was built with other MinHash parameters ({detail}); "
            "use a new index folder or the parameters it was built with (an index built before "
            "dedup.fold_marks existed needs dedup.fold_marks: false)"
        )
    return sorted(files)


def read_index_entries(path: str) -> Iterable[IndexEntry]:
    """Every entry of one index file (missing strings as "", a missing length or shingle count as 0:
    files written before the ``shingles`` column existed are read too)."""
    with FileSystems.open(path) as fh:
        parquet = pq.ParquetFile(fh)
        present = set(parquet.schema_arrow.names)
        columns = [n for n in INDEX_SCHEMA.names if n in present]
        for batch in parquet.iter_batches(batch_size=8192, columns=columns):
            for row in batch.to_pylist():  # batch by batch: a 1M-entry index is never whole in memory
                yield IndexEntry(
                    id=row["id"],
                    source=row["source"] or "",
                    url=row["url"] or "",
                    content_hash=row["content_hash"] or "",
                    published=row["published"] or "",
                    text_length=row["text_length"] or 0,
                    signature=row["signature"] or b"",
                    shingles=row.get("shingles") or 0,
                )


def read_index_ids(path: str) -> Iterable[str]:
    """The id of every entry of one index file (the ``id`` column only, batch by batch)."""
    with FileSystems.open(path) as fh:
        for batch in pq.ParquetFile(fh).iter_batches(batch_size=8192, columns=["id"]):
            yield from batch.column(0).to_pylist()


def read_index_keys(path: str) -> Iterable[tuple[str, str]]:
    """(id, content_hash) of every entry of one index file (two columns, batch by batch): an
    entry is the article ``id`` with the text of ``content_hash``; one id can have several (a
    file overwritten in place with another story keeps its earlier text's entry)."""
    with FileSystems.open(path) as fh:
        for batch in pq.ParquetFile(fh).iter_batches(batch_size=8192, columns=["id", "content_hash"]):
            yield from zip(batch.column(0).to_pylist(), (h or "" for h in batch.column(1).to_pylist()))


class StageIndexEntries(beam.PTransform):
    """PCollection[dict] (``IndexEntry`` fields), or a tuple of them (written without a Flatten of
    the rows) -> Parquet under ``staging_dir`` for ``commit_index``."""

    def __init__(self, staging_dir: str, params: minhash.MinHashParams):
        super().__init__()
        self._staging_dir = staging_dir
        self._table = Table(index_schema(params), dict, no_facets)

    def expand(self, rows):
        inputs = tuple(rows) if isinstance(rows, (tuple, list)) else (rows,)
        tagged = tuple(
            pc | ("TagIndexRows" + (f"{i}" if i else "")) >> beam.Map(lambda row: (_STAGED_TABLE, row))
            for i, pc in enumerate(inputs)
        )
        return tagged | "StageIndex" >> WriteTables(self._staging_dir, {_STAGED_TABLE: self._table})


def _entry_keys(ids: Iterable[str], hashes: Iterable[str]) -> np.ndarray:
    """uint64 keys of (id, content_hash) pairs (xxh3-64 of id NUL hash): one per text of an article."""
    return np.fromiter(
        (xxhash.xxh3_64_intdigest(f"{i}\0{h or ''}".encode("utf-8", "surrogatepass")) for i, h in zip(ids, hashes)),
        dtype=np.uint64,
    )


_FILE_KEYS: dict = {}  # index file -> its sorted entry keys (run files are written once, by a rename)


def _file_keys(path: str) -> np.ndarray:
    keys = _FILE_KEYS.get(path)
    if keys is None:
        pairs = list(read_index_keys(path))
        keys = np.sort(_entry_keys((i for i, _ in pairs), (h for _, h in pairs)))
        if len(_FILE_KEYS) > 10_000:
            _FILE_KEYS.clear()
        _FILE_KEYS[path] = keys
    return keys


def _not_indexed(table: pa.Table, files: list[str]) -> pa.Table:
    """The rows of ``table`` whose (id, content_hash) no index file holds (nor an earlier row)."""
    keys = _entry_keys(table["id"].to_pylist(), table["content_hash"].to_pylist())
    keep = np.zeros(len(keys), dtype=bool)
    keep[np.unique(keys, return_index=True)[1]] = True  # one row per key within the run too
    for path in files:
        keep &= ~np.isin(keys, _file_keys(path))
    return table.filter(pa.array(keep))


def commit_index(index_dir: str, staging_dir: str, keep_texts: int = INDEX_TEXTS_PER_ID) -> int:
    """Move a finished run's staged survivors into the index (one atomic rename); the rows added.
    Then, when the new rows hold an id indexed with more than ``keep_texts`` texts (a file
    overwritten in place night after night, extraction changes), its oldest texts are dropped
    (``compact_index``; 0: keep every text).

    Rows whose (id, content_hash) the index holds already are left out (an article and text
    indexed by an earlier run; the batch stage stages none, the stream's windows may: a restarted
    stream reading an indexed article again), so the index holds one entry per text of an article.
    Call it on the launcher after the pipeline succeeded. Rerunning it is harmless: the staging
    folder is removed after the rename, and a run's file is never written twice.
    """
    staged = [
        m.path for r in FileSystems.match([_join(_join(staging_dir, _STAGED_TABLE), "*.parquet")]) for m in r.metadata_list
    ]
    tables, metadata = [], None
    for path in sorted(staged):
        with FileSystems.open(path) as fh:
            table = pq.read_table(fh)
        metadata = metadata or table.schema.metadata
        if table.num_rows:
            tables.append(table.select(INDEX_SCHEMA.names).cast(INDEX_SCHEMA))
    added = 0
    if tables:
        params = json.loads(metadata[b"minhash"])
        params_path = _join(index_dir, _PARAMS_FILE)
        if FileSystems.exists(params_path):
            check_index(index_dir, minhash.MinHashParams(**params))
        else:
            tmp = _join(index_dir, f".tmp-{uuid.uuid4().hex}.json")
            with FileSystems.create(tmp) as fh:
                fh.write(json.dumps(params, sort_keys=True, indent=1).encode("utf-8"))
            FileSystems.rename([tmp], [params_path])
        token = staging_dir.rstrip("/").rsplit("/", 1)[-1]
        final = _join(index_dir, f"run-{token}.parquet")
        if not FileSystems.exists(final):
            existing = [m.path for r in FileSystems.match([_join(index_dir, _INDEX_GLOB)]) for m in r.metadata_list]
            stamped = {**metadata, _COMMITTED_KEY: repr(time.time()).encode()}  # the order of texts
            table = _not_indexed(pa.concat_tables(tables), existing).replace_schema_metadata(stamped)
        if not FileSystems.exists(final) and table.num_rows:
            tmp = _join(index_dir, f".tmp-{token}.parquet")
            with FileSystems.create(tmp) as fh:
                pq.write_table(table, fh)
            FileSystems.rename([tmp], [final])
            added = table.num_rows
            if keep_texts:
                compact_index(index_dir, keep_texts, ids=table["id"].to_pylist())
    if FileSystems.exists(staging_dir):
        FileSystems.delete([staging_dir])
    return added


def _committed_at(path: str, metadata: dict | None, mtime: float) -> float:
    """When a run file was committed: its ``committed`` metadata (kept when compaction rewrites
    it), else (files written before it existed) its modification time."""
    try:
        return float((metadata or {})[_COMMITTED_KEY])
    except (KeyError, ValueError):
        return mtime


def superseded_rows(files: list[tuple[float, list[str], list[str]]], keep_texts: int,
                    ids: Iterable[str] | None = None) -> list[list[int]]:
    """Per file (commit time, ids, content hashes of its rows), the rows to drop so that each id
    keeps its ``keep_texts`` latest texts (a text's time: its latest commit; ties: file order):
    the entries of older texts, and repeated entries of a kept text (all but its latest). Only
    ids in ``ids`` are looked at (None: all)."""
    wanted = None if ids is None else set(ids)
    latest: dict = {}  # (id, hash) -> (time, file, row) of its latest entry
    for f, (when, row_ids, hashes) in enumerate(files):
        for r, (doc_id, h) in enumerate(zip(row_ids, hashes)):
            if wanted is not None and doc_id not in wanted:
                continue
            at = (when, f, r)
            if latest.get((doc_id, h), (-1.0,)) < at:
                latest[(doc_id, h)] = at
    per_id: dict = {}
    for (doc_id, h), at in latest.items():
        per_id.setdefault(doc_id, []).append(at)
    keep = set()
    for texts in per_id.values():
        keep.update(at[1:] for at in sorted(texts, reverse=True)[:keep_texts])
    drop: list[list[int]] = [[] for _ in files]
    for f, (_when, row_ids, hashes) in enumerate(files):
        for r, doc_id in enumerate(row_ids):
            if (wanted is None or doc_id in wanted) and (f, r) not in keep:
                drop[f].append(r)
    return drop


def compact_index(index_dir: str, keep_texts: int, ids: Iterable[str] | None = None) -> tuple[int, int]:
    """Keep each id's ``keep_texts`` latest texts in the index (``superseded_rows``); with
    ``ids``, only those ids are looked at (a commit's new rows: only they can pass the bound).
    A run file that loses rows is rewritten (a temporary file, then one rename over it; its
    ``committed`` time kept), or removed when none is left. Returns (entries before, removed).
    Call it holding the index's lock (a run's commit does)."""
    wanted = None if ids is None else set(ids)
    metas = sorted(((m.path, m.last_updated_in_seconds or 0.0)
                    for r in FileSystems.match([_join(index_dir, _INDEX_GLOB)]) for m in r.metadata_list))
    files, touched, total = [], [], 0
    for path, mtime in metas:
        with FileSystems.open(path) as fh:
            parquet = pq.ParquetFile(fh)
            metadata = parquet.schema_arrow.metadata
            table = parquet.read(columns=["id", "content_hash"])
        row_ids = table["id"].to_pylist()
        total += len(row_ids)
        if wanted is not None and wanted.isdisjoint(row_ids):
            continue
        hashes = [h or "" for h in table["content_hash"].to_pylist()]
        files.append((_committed_at(path, metadata, mtime), row_ids, hashes))
        touched.append(path)
    removed = 0
    for path, rows in zip(touched, superseded_rows(files, keep_texts, wanted)):
        if not rows:
            continue
        with FileSystems.open(path) as fh:
            table = pq.read_table(fh)
        mask = np.ones(table.num_rows, dtype=bool)
        mask[rows] = False
        kept = table.filter(pa.array(mask))
        _FILE_KEYS.pop(path, None)
        if kept.num_rows:
            tmp = _join(index_dir, f".tmp-{uuid.uuid4().hex}.parquet")
            with FileSystems.create(tmp) as fh:
                pq.write_table(kept, fh)
            if FileSystems.get_scheme(path) in (None, "file"):
                _replace(tmp, path)
            else:
                FileSystems.rename([tmp], [path])
        else:
            FileSystems.delete([path])
        removed += len(rows)
    return total, removed


def _replace(tmp: str, path: str) -> None:
    import os

    times = os.stat(path)
    os.replace(tmp, path)  # atomic on one local filesystem: a reader sees the old file or the new one
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))  # a file without ``committed`` keeps its order


def discard_index_staging(staging_dir: str) -> None:
    """Remove a failed run's staged index entries (the index itself is untouched)."""
    if FileSystems.exists(staging_dir):
        FileSystems.delete([staging_dir])
