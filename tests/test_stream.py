"""Streaming mode: the pure cores, TestStream-driven dedup and windowed output, and real runs on Prism.

TestStream pipelines run on the BundleBasedDirectRunner (pinned: it is Beam's TestStream runner
in Python). The real runs (PeriodicImpulse sources, a local HTTP server whose feed changes between
polls, a watched folder) need a streaming runner: Prism (a local binary, see pipelines/stream.py);
they are skipped when none is found.
"""

from __future__ import annotations

import glob
import json
import os
import random
import threading
import time
from collections import Counter

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_stream import TestStream

TestStream.__test__ = False  # not a pytest class
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from pipelines import stream
from pipelines.config import ConfigError, load_config
from tests.http_fixtures import LOADED_FETCH_CONFIG, NewsSite
from transforms import minhash
from transforms.records import Document, Duplicate, Rejected
from transforms.stream_dedup import (
    DropStreamDuplicates,
    Entry,
    _StreamItem,
    _Verdict,
    decide,
    expire,
    match,
    stream_keys,
)
from transforms.stream_write import WriteWindows, shard_of, window_name, window_of
from transforms.write import ToArticles

H = 3600
T0 = 1795460400  # 2026-11-23T19:00:00Z, on an hour
MICROS = 1_000_000
CONFIG = load_config()
STREAM = {"dedup_window_hours": 48, "window_minutes": 60, "allowed_lateness_minutes": 30,
          "max_seen_entries_per_feed": 100, "writer_shards": 4}
_VOCAB = [f"word{i}" for i in range(5000)]


def story(seed: int, n: int = 150) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_VOCAB) for _ in range(n))


def doc(doc_id: str, text: str, url: str = "") -> Document:
    return Document(id=doc_id, source=f"test://{doc_id}", url=url or f"https://site.example/{doc_id}",
                    format="text", text=text, title=doc_id)


def streaming_options() -> PipelineOptions:
    return PipelineOptions(["--runner=BundleBasedDirectRunner"], streaming=True)


# ---- pure layer -------------------------------------------------------------------------------


def _item(doc_id: str, ts: int, sig: bytes = b"\x01" * 8) -> _StreamItem:
    return _StreamItem(doc_id + "/", doc_id, sig, ts, 3, False)


def test_match_only_earlier_live_entries():
    window = 10
    sig = bytes(range(8))
    entries = [Entry(5, "old", sig, False), Entry(20, "later", sig, False), Entry(14, "b", sig, False),
               Entry(13, "a", sig, False)]
    found = match(entries, _item("x", 15, sig), "near", window, 0.8)
    assert found[0].id == "a" and found[1] == 1.0  # "old" expired (5 <= 15 - 10), "later" arrived after
    assert match(entries, _item("x", 25, sig), "near", window, 0.8)[0].id == "later"
    assert match(entries[1:], _item("a", 13, sig), "near", window, 0.8) is None  # itself, and "b" is later
    other = bytes(8)
    assert match(entries, _item("x", 15, other), "near", window, 0.8) is None  # below the threshold
    assert match(entries, _item("x", 15, other), "url", window, 0.8)[0].id == "a"  # key equality is enough


def test_an_index_entry_precedes_an_arrival_at_the_same_instant():
    sig = bytes(range(8))
    assert match([Entry(10, "zz", sig, True)], _item("aa", 10, sig), "exact", 100, 0.8)[0].id == "zz"
    assert match([Entry(10, "zz", sig, False)], _item("aa", 10, sig), "exact", 100, 0.8) is None  # arrivals: by id


def test_compacted_signatures_estimate_the_same_jaccard():
    from transforms.stream_dedup import compact, compact_similarity

    params = __import__("transforms.dedup", fromlist=["x"]).parse_settings(CONFIG["dedup"]).params
    a = minhash.to_bytes(minhash.signature_of(story(21), params))
    b = minhash.to_bytes(minhash.signature_of(story(21) + " " + story(22, 20), params))
    assert len(compact(a)) == len(a) // 2
    assert abs(compact_similarity(compact(a), compact(b)) - minhash.estimated_jaccard(a, b)) <= 2 / params.num_perm
    assert compact_similarity(compact(a), compact(a)) == 1.0 and compact_similarity(b"", b"") == 1.0


def test_same_id_is_judged_in_its_text_bucket_only():
    sig = bytes(range(8))
    copy = _StreamItem("x/b", "x", sig, 10, 3, False)
    stored = [Entry(10, "x", sig, False)]  # the first copy, same instant
    # its text bucket (h:) holds the first copy only when the text is the same: processing order,
    # the later copy is the duplicate; a new text of x has no entry there: an update, kept
    assert match(stored, copy, "exact", 100, 0.8)[0].id == "x"
    assert match(stored, copy, "url", 100, 0.8) is None  # the URL bucket never judges the same id again
    assert match(stored, copy, "near", 100, 0.8) is None  # nor the bands (a similar corrected text)
    assert match([Entry(1, "x", sig, True)], copy, "exact", 100, 0.8) is None  # the index's own copy: kept
    bare = _StreamItem("x/c", "x", b"", 10, 1, False)  # a text without shingles has only its URL bucket
    assert match([Entry(10, "x", b"", False)], bare, "url", 100, 0.8)[0].id == "x"


def test_the_same_id_again_is_named_by_its_url_or_as_an_exact_copy():
    page, file = doc("x", "t", url="https://site.example/x"), doc("f", "t")._replace(url="")
    own = [_Verdict("exact", "x", 5, 1.0, 3)]
    assert decide(page, own).method == "url"  # the same URL listed again, as batch names it
    assert decide(file, [_Verdict("exact", "f", 5, 1.0, 3)]).method == "exact"  # a file read again


def test_files_to_read_decides_by_content(tmp_path):
    """A watched file is read when new, and again only when its bytes changed: size or mtime
    first, then SHA-256 (was: every path once, so a corrected article was never read)."""
    from transforms.read import file_sha256, files_to_read, listed_files

    folder = tmp_path / "watch"
    folder.mkdir()
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text("first version", encoding="utf-8")
    b.write_text("unchanged", encoding="utf-8")
    (folder / ".hidden.txt").write_text("half written", encoding="utf-8")
    known: dict = {}
    fresh, unchanged, _ = files_to_read(listed_files(str(folder)), known)
    assert fresh == [(str(a), "new"), (str(b), "new")] and unchanged == 0
    assert files_to_read(listed_files(str(folder)), known)[:2] == ([], 0)  # nothing moved: no hashing
    a.write_text("second version, corrected", encoding="utf-8")  # rewritten in place
    os.utime(b, (time.time() + 5, time.time() + 5))  # touched: same bytes, new mtime
    assert files_to_read(listed_files(str(folder)), known)[:2] == ([(str(a), "changed")], 1)
    a.write_text("third version, same size!!", encoding="utf-8")
    os.utime(a, (1, 1))  # same size as before and an mtime that goes back: still a change
    assert files_to_read(listed_files(str(folder)), known)[0] == [(str(a), "changed")]
    b.unlink()
    assert files_to_read(listed_files(str(folder)), known)[:2] == ([], 0)  # removed: nothing to read
    b.write_text("unchanged", encoding="utf-8")  # added back with the same bytes: not read again
    assert files_to_read(listed_files(str(folder)), known)[:2] == ([], 1)
    b.unlink()
    b.write_text("added back with new words", encoding="utf-8")  # added back, new content: read
    assert files_to_read(listed_files(str(folder)), known)[0] == [(str(b), "changed")]
    # a restarted stream: the earlier run published a's current bytes and an older b
    published = {str(a): frozenset({file_sha256(str(a))}), str(b): frozenset({"0" * 64})}
    assert files_to_read(listed_files(str(folder)), {}, published)[0] == [(str(b), "changed")]
    # content not known (a duplicate or rejected row): not read again, as before
    assert files_to_read(listed_files(str(folder)), {}, {str(a): frozenset(), str(b): frozenset()})[0] == []


def test_expire_keeps_entries_younger_than_the_window():
    entries = [Entry(1, "a", b"", False), Entry(5, "b", b"", False)]
    assert expire(entries, 11, 10) == ([Entry(5, "b", b"", False)], 1)
    assert expire(entries, 16, 10) == ([], 2)


def test_decide_prefers_url_then_exact_then_earliest():
    d = doc("x", "text")
    assert decide(d, [_Verdict("", "", 0, 0.0, 2)] * 2) == d._replace(cluster_id="x", duplicate_count=0)
    verdicts = [_Verdict("near", "n", 1, 0.9, 3), _Verdict("exact", "e", 5, 1.0, 3), _Verdict("near", "m", 0, 0.85, 3)]
    assert decide(d, verdicts).duplicate_of == "e"
    assert decide(d, verdicts[::2]) == Duplicate("x", "test://x", d.url, "m", 0.85, "near")


def test_stream_keys_cover_bands_url_and_text():
    keys = stream_keys(bytes(range(16)) * 2, "https://a/b", "abc", bands=4, rows=2)
    assert len(keys) == 6 and keys[-2] == b"u:https://a/b" and keys[-1] == b"h:abc"
    assert stream_keys(b"", "", "abc", 4, 2) == []  # no text, no URL: nothing to match on


def test_windows_align_on_the_epoch():
    start, end = window_of((T0 + 1799) * MICROS, 3600 * MICROS)
    assert (start, end) == (T0 * MICROS, (T0 + H) * MICROS)
    assert window_name(start) == "window=2026-11-23T19:00"
    assert window_name(start + 3 * MICROS) == "window=2026-11-23T19:00:03"


def test_feed_links_are_emitted_once():
    from transforms.fetch import entry_key, new_links, remember

    assert new_links(["a", "b", "a", "c"], ["b"]) == ["a", "c"]
    assert remember(["a", "b"], ["c", "d"], 3) == ["b", "c", "d"]
    assert entry_key("https://f.example/rss", 3, "") == "https://f.example/rss#entry-3"
    assert entry_key("https://f.example/rss", 3, "https://a.example/1") == "https://a.example/1"


# ---- TestStream: stream dedup -----------------------------------------------------------------


def test_duplicates_suppressed_across_windows_within_t_and_kept_after():
    a, b = story(1), story(2)
    arrivals = [
        (0, doc("a1", a)),
        (2 * H, doc("a2", a + " with a local intro added at the end")),  # another hourly window: near
        (3 * H, doc("a-exact", a.upper(), url="https://other.example/x")),  # same normalised text
        (4 * H, doc("a-url", b, url="https://SITE.example/a1/?utm_source=x")),  # same canonical URL as a1
        (5 * H, doc("b1", story(3))),
        (6 * H, doc("b1", story(3))),  # the same URL (same id) again: a duplicate of its first arrival
        (47 * H, doc("a47", a)),  # 47 h after a1: still suppressed
        (100 * H, doc("a100", a)),  # T (48 h) after the last stored arrival: a1's entries expired
    ]
    events = TestStream()
    for offset, d in arrivals:
        events = events.add_elements([TimestampedValue(d, T0 + offset)]).advance_watermark_to(T0 + offset + 1)
    # State expiry, by behaviour: a late copy stamped 47.5 h after a1 would match a1's stored entries
    # (still within T of it), but the watermark is past a1 + T, so the expiry timer has removed them.
    events = events.add_elements([TimestampedValue(doc("a-late", a), T0 + 47 * H + 1800)])
    events = events.advance_watermark_to_infinity()
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], STREAM)
    assert_that(kept | "KeptIds" >> beam.Map(lambda d: (d.id, d.cluster_id)),
                equal_to([("a1", "a1"), ("b1", "b1"), ("a100", "a100"), ("a-late", "a-late")]), label="kept")
    assert_that(dups | "DupPairs" >> beam.Map(lambda d: (d.id, d.duplicate_of, d.method)),
                equal_to([("a2", "a1", "near"), ("a-exact", "a1", "exact"), ("a-url", "a1", "url"),
                          ("b1", "b1", "url"), ("a47", "a1", "exact")]), label="duplicates")
    p.run().wait_until_finish()


def test_without_expiry_the_late_copy_is_a_duplicate():
    """The control for the test above: with T long enough, the same late copy is suppressed."""
    a = story(1)
    events = (TestStream()
              .add_elements([TimestampedValue(doc("a1", a), T0)]).advance_watermark_to(T0 + 100 * H)
              .add_elements([TimestampedValue(doc("a-late", a), T0 + 47 * H + 1800)])
              .advance_watermark_to_infinity())
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], dict(STREAM, dedup_window_hours=200))
    assert_that(kept | beam.Map(lambda d: d.id), equal_to(["a1"]), label="kept")
    assert_that(dups | beam.Map(lambda d: (d.id, d.duplicate_of)), equal_to([("a-late", "a1")]), label="duplicates")
    p.run().wait_until_finish()


def test_index_seeds_the_state(tmp_path):
    from transforms import dedup as batch
    from transforms.dedup_index import commit_index, index_schema

    a = story(7)
    settings = batch.parse_settings(CONFIG["dedup"])
    index = tmp_path / "index"
    staging = tmp_path / "staging"
    (staging / "index").mkdir(parents=True)  # the layout DropDuplicates stages its survivors in
    sig = __import__("transforms.minhash", fromlist=["x"]).signature_of(a, settings.params)
    import pyarrow as pa

    row = {"id": "old", "source": "s", "url": "https://old.example/1", "content_hash": batch.content_hash(a),
           "published": "", "text_length": len(a), "signature": sig.astype("<u4").tobytes()}
    pq.write_table(pa.Table.from_pylist([row], schema=index_schema(settings.params)), staging / "index" / "part.parquet")
    commit_index(str(index), str(staging))
    events = (TestStream().add_elements([TimestampedValue(doc("new", a + " and a tail"), T0 + 10)])
              .advance_watermark_to_infinity())
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], STREAM, str(index), seed_time=T0)
    assert_that(kept, equal_to([]), label="kept")
    assert_that(dups | beam.Map(lambda d: (d.id, d.duplicate_of, d.method)), equal_to([("new", "old", "index")]),
                label="duplicates")
    p.run().wait_until_finish()


def _index_of(tmp_path, rows_by_id: dict) -> str:
    """A committed dedup index holding one entry per (id -> text) of ``rows_by_id``."""
    from transforms import dedup as batch
    from transforms.dedup_index import commit_index, index_schema

    settings = batch.parse_settings(CONFIG["dedup"])
    index, staging = tmp_path / "index", tmp_path / "staging"
    (staging / "index").mkdir(parents=True)
    rows = [{"id": i, "source": "s", "url": f"https://old.example/{i}", "content_hash": batch.content_hash(text),
             "published": "", "text_length": len(text),
             "signature": minhash.signature_of(text, settings.params).astype("<u4").tobytes()}
            for i, text in rows_by_id.items()]
    pq.write_table(pa.Table.from_pylist(rows, schema=index_schema(settings.params)), staging / "index" / "part.parquet")
    commit_index(str(index), str(staging))
    return str(index)


def test_an_indexed_article_precedes_the_first_poll_whatever_the_ids(tmp_path):
    """trial 9 S3: a restarted stream kept an exact copy of an indexed article. The index's
    entries are seeded at the start time in microseconds, and the first poll's documents carry the
    same instant as the runner keeps it, in milliseconds (Prism: a seed at ...729837 us, the copy
    at ...729000 us): the copy came "before" the index and was kept (and at one instant, ties went
    by id). What an earlier run indexed came before anything this stream reads."""
    a, b = story(31), story(32)
    index = _index_of(tmp_path, {"zz-indexed": a, "00-indexed": b})
    events = (TestStream()
              .add_elements([TimestampedValue(doc("aa-copy", a), T0), TimestampedValue(doc("zz-copy", b), T0)])
              .advance_watermark_to_infinity())
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], STREAM, index, seed_time=T0 + 0.000837)
    assert_that(kept | beam.Map(lambda d: d.id), equal_to([]), label="kept")
    assert_that(dups | beam.Map(lambda d: (d.id, d.duplicate_of, d.method)),
                equal_to([("aa-copy", "zz-indexed", "index"), ("zz-copy", "00-indexed", "index")]), label="duplicates")
    p.run().wait_until_finish()


# ---- TestStream: windowed output --------------------------------------------------------------


def _rows(pattern: str) -> list[dict]:
    return [r for path in sorted(glob.glob(pattern)) for r in pq.read_table(path).to_pylist()]


def test_windows_written_atomically_and_late_rows_kept(tmp_path):
    out = tmp_path / "out"
    a = story(11)
    reject = Rejected("bad1", "test://bad1", "read", "empty_file", "")
    events = (
        TestStream()
        .add_elements([TimestampedValue(doc("a1", a), T0 + 60)])
        .add_elements([TimestampedValue(doc("a2", a), T0 + 120)])  # duplicate, same window
        .advance_watermark_to(T0 + H + 10 * 60)
        # 10 min after the window end: within the 30 min allowed lateness -> main part
        .add_elements([TimestampedValue(doc("c1", story(12)), T0 + 30 * 60)])
        .advance_watermark_to(T0 + 2 * H)  # the 19:00 window is published (end + 30 min passed)
        # later than the allowed lateness: a late part of the same window, never dropped
        .add_elements([TimestampedValue(doc("late1", story(13)), T0 + 50 * 60)])
        .add_elements([TimestampedValue(doc("d1", story(14)), T0 + 2 * H + 5)])  # the 21:00 window
        .advance_watermark_to_infinity()
    )
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], STREAM)
    rejected = p | "Rejects" >> beam.Create([reject]) | beam.Map(lambda r: TimestampedValue(r, T0 + 5))
    # The summaries the writer emits are checked on disk: the last one is emitted by the timer that
    # fires at the end of time, after an assert_that in the global window has already fired.
    _ = (kept | ToArticles(), dups, rejected) | WriteWindows(str(out), STREAM)
    p.run().wait_until_finish()

    w19 = out / "window=2026-11-23T19:00"
    assert sorted(r["id"] for r in _rows(str(w19 / "articles" / "part-*.parquet"))) == ["a1", "c1"]
    assert [r["id"] for r in _rows(str(w19 / "articles" / "late-*.parquet"))] == ["late1"]
    assert [(r["id"], r["duplicate_of"]) for r in _rows(str(w19 / "duplicates" / "*.parquet"))] == [("a2", "a1")]
    assert [r["id"] for r in _rows(str(w19 / "rejected" / "*.parquet"))] == ["bad1"]
    summary = json.loads((w19 / "summary.json").read_text())
    assert (summary["inputs"], summary["articles"], summary["duplicates"], summary["rejected"]) == (4, 2, 1, 1)
    # Spread over writer shards by crc32(id) % 4: each shard that had rows wrote its own part, and
    # the window was published once, with all of them.
    assert sorted((p["shard"], p["rows"]) for p in summary["parts"]) == sorted(
        Counter(shard_of(i, 4) for i in ("a1", "a2", "c1", "bad1")).items())
    assert len(summary["parts"]) >= 2
    files = {os.path.basename(f) for f in glob.glob(str(w19 / "*" / "part-*.parquet"))}
    token = summary["writer_token"]
    assert files == {f"part-{p['part']}.parquet" for p in summary["parts"]} | {f"part-{token}-empty.parquet"}
    late = [json.loads(open(p).read()) for p in glob.glob(str(w19 / "summary-late-*.json"))]
    assert [(s["articles"], s["inputs"], s["part"][:5]) for s in late] == [(1, 1, "late-")]
    w21 = json.loads((out / "window=2026-11-23T21:00" / "summary.json").read_text())
    assert (w21["inputs"], w21["window_end"]) == (1, "2026-11-23T22:00:00+00:00")
    assert [r["id"] for r in _rows(str(out / "window=2026-11-23T21:00" / "articles" / "*.parquet"))] == ["d1"]
    assert not glob.glob(str(out / ".tmp-*"))  # every window published by a rename, nothing left behind
    total = len(_rows(str(out / "window=*" / "*" / "*.parquet")))
    assert total == 6  # every input ended in exactly one row


def test_rows_later_than_the_allowed_lateness_join_the_index_too(tmp_path):
    """Was: AddToIndex grouped the survivors per event-time window with Beam's allowed lateness,
    so a survivor later than that was published (a late part of its window, see above) but
    dropped by the GroupByKey (droppedDueToLateness): never indexed, and a later run took its
    copy for a new article. Survivors are now grouped by when they reach the index stage."""
    from transforms.dedup import parse_settings
    from transforms.stream_dedup import AddToIndex

    index = tmp_path / "index"
    events = (
        TestStream()
        .add_elements([TimestampedValue(doc("a1", story(21)), T0 + 60)])
        .advance_watermark_to(T0 + 2 * H)  # the 19:00 window closed (end + 30 min passed)
        .add_elements([TimestampedValue(doc("late1", story(22)), T0 + 50 * 60)])  # later than allowed
        .add_elements([TimestampedValue(doc("d1", story(23)), T0 + 2 * H + 5)])
        .advance_watermark_to_infinity()
    )
    p = beam.Pipeline(options=streaming_options())
    kept = p | events
    _ = kept | AddToIndex(str(index), parse_settings(CONFIG["dedup"]).params, 60 * 60, 30 * 60)
    p.run().wait_until_finish()
    indexed = sorted(row["id"] for path in glob.glob(str(index / "run-*.parquet"))
                     for row in pq.read_table(path, columns=["id"]).to_pylist())
    assert indexed == ["a1", "d1", "late1"]


def test_the_index_holds_one_entry_per_text_of_an_article(tmp_path):
    """trial-6 D6 in the stream: the index holds 'old' (text a) and 'same' (text b). Arrivals: 'old'
    with another text (its page rewritten), a copy of a under another id, 'same' with its indexed
    text (a restarted stream reading it again). 'old' is never a duplicate of its own earlier text
    and its new text is indexed; the copy of a is an index duplicate; 'same' is kept and not
    indexed a second time (was: every window added each survivor, so reruns piled up copies)."""
    from transforms.dedup import content_hash, parse_settings
    from transforms.dedup_index import commit_index, index_schema
    from transforms.stream_dedup import AddToIndex, index_row

    params = parse_settings(CONFIG["dedup"]).params
    a, b, new = story(31), story(32), story(33)
    index, staging = tmp_path / "index", tmp_path / "staging"
    (staging / "index").mkdir(parents=True)
    rows = [index_row(doc("old", a)._replace(content_hash=content_hash(a)), params),
            index_row(doc("same", b)._replace(content_hash=content_hash(b)), params)]
    pq.write_table(pa.Table.from_pylist(rows, schema=index_schema(params)), staging / "index" / "part.parquet")
    assert commit_index(str(index), str(staging)) == 2
    events = (
        TestStream()
        .add_elements([TimestampedValue(doc("old", new), T0 + 10)])
        .add_elements([TimestampedValue(doc("copy", a), T0 + 20)])
        .add_elements([TimestampedValue(doc("same", b), T0 + 30)])
        .advance_watermark_to_infinity()
    )
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], STREAM, str(index), seed_time=T0)
    _ = kept | AddToIndex(str(index), params, 60 * 60, 30 * 60)
    assert_that(kept | beam.Map(lambda d: d.id), equal_to(["old", "same"]), label="kept")
    assert_that(dups | beam.Map(lambda d: (d.id, d.duplicate_of, d.method)), equal_to([("copy", "old", "index")]),
                label="duplicates")
    p.run().wait_until_finish()
    keys = sorted((r["id"], r["content_hash"]) for path in glob.glob(str(index / "run-*.parquet"))
                  for r in pq.read_table(path, columns=["id", "content_hash"]).to_pylist())
    assert keys == sorted([("old", content_hash(a)), ("old", content_hash(new)), ("same", content_hash(b))])


def test_an_updated_text_of_the_same_url_is_kept_and_indexed(tmp_path):
    """The batch index's rule in the stream: the same id with the same text is a duplicate of its
    first copy; the same id with a new text (a feed re-listing a corrected story) is an update:
    kept, and indexed beside the first text (was: a ``url`` duplicate of its first copy, lost)."""
    from transforms.dedup import content_hash, parse_settings
    from transforms.stream_dedup import AddToIndex

    params = parse_settings(CONFIG["dedup"]).params
    first = story(41)
    corrected = first.replace(first.split()[10], "corrected", 1) + " An earlier version misspelt the name."
    url = "https://site.example/story-41"
    events = (
        TestStream()
        .add_elements([TimestampedValue(doc("x", first, url=url), T0 + 10)])
        .add_elements([TimestampedValue(doc("x", first, url=url), T0 + 20)])  # listed again, same text
        .add_elements([TimestampedValue(doc("x", corrected, url=url), T0 + 30)])  # the correction
        .add_elements([TimestampedValue(doc("y", corrected), T0 + 40)])  # a copy of the correction
        .add_elements([TimestampedValue(doc("x", corrected, url=url), T0 + 50)])  # listed again
        .advance_watermark_to_infinity()
    )
    index = tmp_path / "index"
    p = beam.Pipeline(options=streaming_options())
    kept, dups = p | events | DropStreamDuplicates(CONFIG["dedup"], STREAM)
    _ = kept | AddToIndex(str(index), params, 60 * 60, 30 * 60)
    assert_that(kept | beam.Map(lambda d: (d.id, d.content_hash)),
                equal_to([("x", content_hash(first)), ("x", content_hash(corrected))]), label="kept")
    assert_that(dups | beam.Map(lambda d: (d.id, d.duplicate_of, d.method)),
                equal_to([("x", "x", "url"), ("y", "x", "exact"), ("x", "x", "url")]), label="duplicates")
    p.run().wait_until_finish()
    keys = sorted((r["id"], r["content_hash"]) for path in glob.glob(str(index / "run-*.parquet"))
                  for r in pq.read_table(path, columns=["id", "content_hash"]).to_pylist())
    assert keys == sorted([("x", content_hash(first)), ("x", content_hash(corrected))])


# ---- real runs on Prism -----------------------------------------------------------------------

needs_prism = pytest.mark.skipif(stream.find_prism() is None, reason="no prism binary (see pipelines/stream.py)")


@needs_prism
def test_real_run_feed_changes_between_polls_and_watched_folder(tmp_path):
    out, watch, cache = tmp_path / "out", tmp_path / "watch", tmp_path / "cache"
    watch.mkdir()
    (watch / "first.txt").write_text("First file\n\n" + story(201, 60), encoding="utf-8")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({
        "fetch": LOADED_FETCH_CONFIG, "clean": {"min_words": 5},
        "stream": {"window_minutes": 0.05, "allowed_lateness_minutes": 0},
    }))
    with NewsSite(["/page/1", "/page/2"], lambda n: story(100 + n, 80)) as server:
        feeds = tmp_path / "feeds.txt"
        # a second feed that is down at every poll: one dead-letter row, not one per poll
        feeds.write_text(server.url("/feed.xml") + "\n" + server.url("/missing.xml") + "\n")

        def change_mid_run():
            deadline = time.time() + 30
            while server.hits.get("/feed.xml", 0) < 1 and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(0.2)  # the first poll's response is out
            with server.lock:
                server.entries.append("/page/3")  # a later poll sees a new entry
            hidden = watch / ".second.txt"
            hidden.write_text("Second file\n\n" + story(202, 60), encoding="utf-8")
            hidden.rename(watch / "second.txt")  # dropped in atomically, mid-run

        changer = threading.Thread(target=change_mid_run, daemon=True)
        changer.start()
        started = time.time()
        summary = stream.run([
            "--output", str(out), "--feeds", str(feeds), "--watch", str(watch), "--poll-interval", "1",
            "--max-runtime", "24",  # Prism's start-up alone took ~10 s on a loaded machine
            "--allow-hosts", "127.0.0.1", "--http-cache", str(cache),
            "--config", str(config), "--quiet",
        ])
        elapsed = time.time() - started
        changer.join(5)
    assert not summary["cancelled"] and elapsed < 80  # stopped by --max-runtime
    articles = _rows(str(out / "window=*" / "articles" / "*.parquet"))
    sources = sorted(a["source"] for a in articles)
    expected = sorted([server.url("/page/1"), server.url("/page/2"), server.url("/page/3"),
                       str(watch / "first.txt"), str(watch / "second.txt")])
    rejected = _rows(str(out / "window=*" / "rejected" / "*.parquet"))
    # each once: old entries and files are not re-ingested (a page missing: see rejected)
    assert sources == expected, [(r["source"], r["stage"], r["reason"]) for r in rejected]
    # Under heavy load Prism was seen to hand the poller one tick twice (the same entries emitted
    # twice at one instant); stream dedup then drops the copy as a url duplicate of itself.
    duplicates = _rows(str(out / "window=*" / "duplicates" / "*.parquet"))
    assert all(d["duplicate_of"] == d["id"] and d["method"] == "url" for d in duplicates)
    # fetched once each (a second request can only be a retry of a timed-out first one)
    assert server.hits["/page/1"] <= 1 + LOADED_FETCH_CONFIG["retries"] and server.hits["/page/3"] >= 1
    assert server.hits["/feed.xml"] >= 4 and server.not_modified >= 1  # polled repeatedly, conditional GETs
    assert [(r["source"], r["stage"], r["reason"]) for r in rejected] == [(server.url("/missing.xml"), "feed", "http_404")]
    assert server.hits["/missing.xml"] >= 4
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    assert (summary["articles"], summary["rejected"]) == (5, 1)
    assert not glob.glob(str(out / ".tmp-*"))


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _published_sources(out) -> list[str]:
    return sorted(a["source"] for a in _rows(str(out / "window=*" / "articles" / "*.parquet")))


@needs_prism
def test_real_run_a_watched_file_rewritten_in_place_is_read_again(tmp_path):
    """--watch decides by content: a file rewritten in place with a correction, and one removed
    and added back with new words, are read again and kept as updates of their id (indexed beside
    their first text, never duplicates of themselves); a touched file is not read again; a file
    rewritten with other bytes but the same words is an exact duplicate of itself.
    Was: every path was read once, so the correction never reached the output or the index."""
    from transforms.dedup_index import read_index_entries

    out, watch, index, stop_file = tmp_path / "out", tmp_path / "watch", tmp_path / "index", tmp_path / "STOP"
    watch.mkdir()
    first = "Harbour bridge reopens\n\n" + story(501, 60)
    corrected = first.replace(first.split()[12], "corrected", 1) + " Correction: an earlier version gave the wrong date."
    files = {name: watch / f"{name}.txt" for name in ("a", "b", "c", "e")}
    files["a"].write_text(first, encoding="utf-8")
    files["b"].write_text("Touched file\n\n" + story(502, 60), encoding="utf-8")
    files["c"].write_text("Removed file\n\n" + story(503, 60), encoding="utf-8")
    files["e"].write_text("Same words\n\n" + story(504, 60), encoding="utf-8")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({"clean": {"min_words": 5},
                                      "stream": {"window_minutes": 0.05, "allowed_lateness_minutes": 0}}))
    changed: list[bool] = []

    def rewrite_once_published():
        try:
            if not _wait_for(lambda: len(_published_sources(out)) == 4, 150):
                return
            hidden = watch / ".a.txt"
            hidden.write_text(corrected, encoding="utf-8")
            hidden.rename(files["a"])  # the corrected article, dropped in under its old name
            later = time.time() + 10
            os.utime(files["b"], (later, later))  # touched: same bytes
            files["c"].unlink()
            time.sleep(1.5)  # a poll sees it gone
            files["c"].write_text("Removed file\n\n" + story(505, 60), encoding="utf-8")  # back, new words
            files["e"].write_text(files["e"].read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")  # same words
            changed.append(True)
            _wait_for(lambda: len(_published_sources(out)) >= 6
                      and glob.glob(str(out / "window=*" / "duplicates" / "*.parquet")), 90)
        finally:
            stop_file.write_text("stop")

    changer = threading.Thread(target=rewrite_once_published, daemon=True)
    changer.start()
    summary = stream.run([
        "--output", str(out), "--watch", str(watch), "--poll-interval", "1", "--max-runtime", "300",
        "--stop-file", str(stop_file), "--dedup-index", str(index), "--config", str(config), "--quiet",
    ])
    changer.join(5)
    assert changed and not summary["cancelled"]
    articles = _rows(str(out / "window=*" / "articles" / "*.parquet"))
    rejected = _rows(str(out / "window=*" / "rejected" / "*.parquet"))
    assert sorted(a["source"] for a in articles) == sorted(str(files[n]) for n in "aabcce"), rejected
    versions = {n: [a for a in articles if a["source"] == str(files[n])] for n in "ac"}
    for rows in versions.values():  # one id, two texts, each with its own bytes' hash and mtime
        assert len({r["id"] for r in rows}) == 1 and len({r["content_hash"] for r in rows}) == 2
        assert len({r["source_sha256"] for r in rows}) == 2 and len({r["fetched_at"] for r in rows}) == 2
    assert any("Correction: an earlier version" in r["text"] for r in versions["a"])
    assert len({r["event_id"] for r in versions["a"]}) == 1  # the update keeps its story's event
    duplicates = _rows(str(out / "window=*" / "duplicates" / "*.parquet"))
    e_id = next(a["id"] for a in articles if a["source"] == str(files["e"]))
    assert [(d["id"], d["duplicate_of"], d["method"]) for d in duplicates] == [(e_id, e_id, "exact")]
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"] == 7
    indexed = Counter(e.id for path in glob.glob(str(index / "run-*.parquet")) for e in read_index_entries(path))
    assert sorted(indexed.values()) == [1, 1, 2, 2]  # a and c: both texts; b and e: one


@needs_prism
def test_real_run_a_relisted_story_with_a_new_text_is_an_update(tmp_path):
    """A feed re-lists a story whose page text changed (a corrected report): it is fetched again
    and kept as an update of its id (both versions in the output with their fetched_at, both texts
    in the index); a story re-listed with the same text is a url duplicate of its first copy.
    Was: every re-listed URL was a url duplicate of its first copy: the update was lost."""
    from transforms.dedup_index import read_index_entries

    out, index, stop_file = tmp_path / "out", tmp_path / "index", tmp_path / "STOP"
    first = story(601, 80)
    texts = {1: first, 2: story(602, 80)}
    corrected = first.replace(first.split()[7], "corrected", 1) + " Correction: the mayor's name was misspelt."
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({  # the feed's seen state keeps one link: a dropped link can come back
        "fetch": LOADED_FETCH_CONFIG, "clean": {"min_words": 5},
        "stream": {"window_minutes": 0.05, "allowed_lateness_minutes": 0, "max_seen_entries_per_feed": 1},
    }))
    with NewsSite(["/page/1"], lambda n: texts[n]) as site:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(site.url("/feed.xml") + "\n")
        phases: list[str] = []

        def fetched_again(path: str, before: int) -> bool:
            return _wait_for(lambda: site.hits.get(path, 0) > before, 120)

        def relist():
            try:
                if not fetched_again("/page/1", 0):
                    return
                phases.append("first")
                with site.lock:
                    seen2, site.entries = site.hits.get("/page/2", 0), ["/page/2"]  # page 1 leaves the feed
                if not fetched_again("/page/2", seen2):
                    return
                with site.lock:
                    texts[1] = corrected  # the story is corrected and listed again
                    seen1, site.entries = site.hits["/page/1"], ["/page/1"]
                if not fetched_again("/page/1", seen1):
                    return
                phases.append("corrected")
                with site.lock:
                    seen2, site.entries = site.hits["/page/2"], ["/page/2"]  # listed again, same text
                if not fetched_again("/page/2", seen2):
                    return
                phases.append("same")
                _wait_for(lambda: len(_published_sources(out)) >= 3
                          and glob.glob(str(out / "window=*" / "duplicates" / "*.parquet")), 60)
            finally:
                stop_file.write_text("stop")

        changer = threading.Thread(target=relist, daemon=True)
        changer.start()
        summary = stream.run([
            "--output", str(out), "--feeds", str(feeds), "--poll-interval", "1", "--max-runtime", "300",
            "--stop-file", str(stop_file), "--dedup-index", str(index), "--allow-hosts", "127.0.0.1",
            "--config", str(config), "--quiet",
        ])
        changer.join(5)
    assert phases == ["first", "corrected", "same"] and not summary["cancelled"]
    articles = _rows(str(out / "window=*" / "articles" / "*.parquet"))
    assert sorted(a["source"] for a in articles) == sorted([site.url("/page/1")] * 2 + [site.url("/page/2")])
    one = sorted((a for a in articles if a["source"] == site.url("/page/1")), key=lambda a: a["fetched_at"])
    assert len({a["id"] for a in one}) == 1 and one[0]["fetched_at"] < one[1]["fetched_at"]
    assert first in one[0]["text"] and "Correction: the mayor's name" in one[1]["text"]  # newest = latest fetched_at
    assert one[0]["event_id"] == one[1]["event_id"]  # the update stays in its story's event
    duplicates = _rows(str(out / "window=*" / "duplicates" / "*.parquet"))
    page2 = next(a["id"] for a in articles if a["source"] == site.url("/page/2"))
    assert [(d["id"], d["duplicate_of"], d["method"]) for d in duplicates] == [(page2, page2, "url")]
    indexed = Counter(e.id for path in glob.glob(str(index / "run-*.parquet")) for e in read_index_entries(path))
    assert indexed == Counter({one[0]["id"]: 2, page2: 1})


@needs_prism
def test_sigterm_stops_the_run_cleanly(tmp_path):
    import signal
    import subprocess
    import sys

    out, watch = tmp_path / "out", tmp_path / "watch"
    watch.mkdir()
    (watch / "one.txt").write_text("One file\n\n" + story(301, 60), encoding="utf-8")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({"clean": {"min_words": 5},
                                      "stream": {"window_minutes": 0.05, "allowed_lateness_minutes": 0}}))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.ingest", "--streaming", "--watch", str(watch), "--output", str(out),
         "--poll-interval", "1", "--config", str(config)],  # no --max-runtime: runs until told to stop
        cwd=root, env=dict(os.environ, PYTHONPATH=root), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 40
        while not glob.glob(str(out / "window=*" / "summary.json")) and time.time() < deadline:
            time.sleep(0.2)
        assert glob.glob(str(out / "window=*" / "summary.json")), "no window published while running"
        proc.send_signal(signal.SIGTERM)
        stdout, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0
    summary = json.loads(stdout.decode().strip().splitlines()[-1])
    assert summary["cancelled"] and summary["articles"] == 1
    assert not glob.glob(str(out / ".tmp-*"))


@needs_prism
def test_a_stop_file_drains_the_stream(tmp_path):
    """--stop-file: once the file appears, the sources stop at their next poll, the open window is
    published (the drain: not cancelled) and the run returns, long before its --max-runtime cap."""
    out, cache, stop_file = tmp_path / "out", tmp_path / "cache", tmp_path / "STOP"
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({  # one window for the whole run: only the drain can publish it
        "fetch": LOADED_FETCH_CONFIG, "clean": {"min_words": 5},
        "stream": {"window_minutes": 30, "allowed_lateness_minutes": 0},
    }))
    with NewsSite(["/page/1", "/page/2"], lambda n: story(400 + n, 80)) as site:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(site.url("/feed.xml") + "\n")
        at_stop: list[int] = []

        def stop_once_polling():
            deadline = time.time() + 120
            try:
                while site.hits.get("/feed.xml", 0) < 2 and time.time() < deadline:
                    time.sleep(0.1)
            finally:
                with site.lock:
                    at_stop.append(site.hits.get("/feed.xml", 0))
                stop_file.write_text("stop")

        stopper = threading.Thread(target=stop_once_polling, daemon=True)
        stopper.start()
        summary = stream.run([
            "--output", str(out), "--feeds", str(feeds), "--poll-interval", "1", "--max-runtime", "240",
            "--stop-file", str(stop_file), "--allow-hosts", "127.0.0.1", "--http-cache", str(cache),
            "--config", str(config), "--quiet",
        ])
        stopper.join(5)
    assert at_stop and at_stop[0] >= 2 and not summary["cancelled"]
    # polls after the stop: at most the one in flight (until --max-runtime it would be ~200 more)
    assert site.hits["/feed.xml"] - at_stop[0] <= 2, (at_stop, site.hits)
    articles = _rows(str(out / "window=*" / "articles" / "*.parquet"))
    assert sorted(a["source"] for a in articles) == [site.url("/page/1"), site.url("/page/2")]
    assert summary["windows"] == 1 and summary["inputs"] == summary["articles"] == 2
    assert not glob.glob(str(out / ".tmp-*"))


@needs_prism
def test_real_run_reports_of_one_event_in_one_poll_are_one_event(tmp_path):
    """trial 9: ten reports of one earthquake in ten languages (a JSONL dump read in one poll; a
    batch run gives them one event) went to 4-6 events on Prism: it split the slow bundles of the
    single-key events stage and ran the rest in parallel bundles, each on state without the
    others' articles. The stream runs Prism without its bundle splits (``keep_prism_keys_whole``)."""
    import shutil

    out, watch = tmp_path / "out", tmp_path / "watch"
    watch.mkdir()
    shutil.copy(os.path.join(os.path.dirname(__file__), "fixtures", "quake-10-languages.jsonl"), watch / "quake.jsonl")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({"clean": {"min_words": 5},
                                      "stream": {"window_minutes": 30, "allowed_lateness_minutes": 0}}))
    summary = stream.run(["--output", str(out), "--watch", str(watch), "--poll-interval", "2",
                          "--max-runtime", "40", "--config", str(config), "--quiet"])
    articles = _rows(str(out / "window=*" / "articles" / "*.parquet"))
    assert sorted(a["language"] for a in articles) == sorted(
        ["en", "de", "fr", "es", "it", "pt", "ru", "ar", "tr", "pl"]), summary
    assert len({a["event_id"] for a in articles}) == 1, sorted((a["language"], a["event_id"]) for a in articles)


def test_a_stream_on_prism_runs_without_its_bundle_splits():
    from apache_beam.options.pipeline_options import DebugOptions

    def experiments(argv):
        return stream.streaming_options(argv).view_as(DebugOptions).experiments or []

    assert "prism_disable_sdf_split" in experiments(["--runner=PrismRunner"])
    assert "prism_disable_sdf_split" not in experiments(["--runner=FlinkRunner"])


def test_a_stop_file_left_from_the_last_stop_is_refused(tmp_path):
    stop_file = tmp_path / "STOP"
    stop_file.write_text("")
    (tmp_path / "watch").mkdir()
    with pytest.raises(ConfigError, match="stop-file"):
        stream.run(["--output", str(tmp_path / "out"), "--watch", str(tmp_path / "watch"), "--runner=PrismRunner",
                    "--stop-file", str(stop_file)])


# ---- window publishing: crash and retry safety (pure layer) -------------------------------------


def test_publish_window_takes_only_announced_files_and_a_retry_changes_nothing(tmp_path):
    from transforms.records import Rejected
    from transforms.stream_write import publish_late_part, publish_window, remove_stale_tmp, write_window_part

    out = str(tmp_path / "out")
    start, end = T0 * MICROS, (T0 + H) * MICROS
    rej = [Rejected(f"r{i}", f"test://r{i}", "read", "empty_file", "") for i in range(3)]
    parts = [write_window_part(out, "tok", start, end, shard, 0, {"rejected": [r]}) for shard, r in enumerate(rej[:2])]
    # a failed attempt of shard 5 wrote a file and never announced it: it must not be published
    stray = write_window_part(out, "tok", start, end, 5, 0, {"rejected": [rej[2]]})
    (summary,) = publish_window(out, start, end, parts, "tok")
    window = tmp_path / "out" / window_name(start)
    assert sorted(r["id"] for r in _rows(str(window / "rejected" / "*.parquet"))) == ["r0", "r1"]
    assert (summary["inputs"], summary["rejected"], [p["shard"] for p in summary["parts"]]) == (2, 2, [0, 1])
    assert json.loads((window / "summary.json").read_text())["writer_token"] == "tok"
    assert publish_window(out, start, end, parts, "tok") == []  # a retried publisher: already out
    assert len(_rows(str(window / "*" / "*.parquet"))) == 2
    # the same window from another run (a restart): its parts become late parts, summary last
    late = write_window_part(out, "run2", start, end, 0, 0, {"rejected": [rej[2]]})
    (late_summary,) = publish_window(out, start, end, [late], "run2")
    assert late_summary["part"] == f"late-{late.part}" and (window / f"summary-late-{late.part}.json").exists()
    # a late part whose summary never got written (killed between the renames) is removed at start
    orphan = write_window_part(out, "run3", start, end, 1, 0, {"rejected": [rej[0]]})
    publish_late_part(out, orphan, "run3")
    (window / f"summary-late-{orphan.part}.json").unlink()
    remove_stale_tmp(out)
    assert not (window / "rejected" / f"late-{orphan.part}.parquet").exists()
    assert (window / "rejected" / f"late-{late.part}.parquet").exists()
    assert not glob.glob(os.path.join(out, ".tmp-*")) and not os.path.exists(stray.files[0][1])
    assert sorted(r["id"] for r in _rows(str(window / "*" / "*.parquet"))) == ["r0", "r1", "r2"]
