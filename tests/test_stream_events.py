"""Streaming events (transforms/stream_events.py): the join rule, TestStream across windows with
state expiry, and a real run on Prism (watched folder, a report dropped in mid-run)."""

from __future__ import annotations

import glob
import threading
import time

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
import yaml
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from pipelines import stream
from pipelines.config import load_config
from tests.conftest import BENCH, SEEDS, require_shared
from transforms.events import Member, article_terms, event_id_for, parse_settings
from transforms.records import Document, Duplicate
from transforms.stream_events import AssignStreamEvents, join_event, live_entries

TestStream.__test__ = False
H = 3600
T0 = 1795460400  # 2026-11-23T19:00:00Z
CONFIG = load_config()
SETTINGS = parse_settings(CONFIG["events"])


def _seeds() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _plague() -> str:
    """A real English report of another story (AEB: bubonic plague in Inner Mongolia, Nov 2019)."""
    import json

    truth = json.loads((require_shared(BENCH / "extraction-aeb") / "ground-truth.json").read_text("utf-8"))
    (key,) = [k for k in truth if k.startswith("432362af")]
    return truth[key]["articleBody"]


def _doc(doc_id: str, text: str, language: str = "ar") -> Document:
    return Document(id=doc_id, source=f"test://{doc_id}", url=f"https://{doc_id}.example/a", format="text",
                    text=text, language=language)


def _member(doc_id: str, text: str, when: float, event_id: str = "", language: str = "ar") -> Member:
    return Member(doc_id, when, article_terms("", text, language, SETTINGS), event_id, language=language)


# ---- pure layer -------------------------------------------------------------------------------


def test_an_arrival_joins_the_live_event_it_is_closest_to_or_founds_one():
    seeds = _seeds()
    live = [_member(f"s{i}", t, T0 + i * H, "ev-seeds") for i, t in enumerate(seeds[:3])]
    live.append(_member("plague", _plague(), T0, "ev-plague", "en"))
    event_id, score = join_event(live, _member("s4", seeds[4], T0 + 5 * H), SETTINGS)
    assert event_id == "ev-seeds" and score >= SETTINGS.threshold
    # The same report three days and a bit after every live one: too far apart, a new event.
    late = _member("s4-late", seeds[4], T0 + 80 * H)
    assert join_event(live, late, SETTINGS) == (event_id_for("s4-late"), 0.0)
    # An article already live keeps its event.
    assert join_event(live, live[1], SETTINGS)[0] == "ev-seeds"


def test_a_preview_of_the_next_days_hearing_founds_its_own_live_event():
    """The day rule streams as in batch: the AP preview of Wednesday's Sondland hearing arrives
    after the two reports of Tuesday's hearing (real AEB pages, as ExtractText reads them) and
    founds its own event; with ``events.other_day_factor`` 1 (the rule off) it joins theirs."""
    from tests.test_events import HEARINGS, _dated_pages

    cbs, deccan, preview = _dated_pages(HEARINGS)
    live = [cbs._replace(event_id="ev-tuesday"), deccan._replace(event_id="ev-tuesday")]
    assert join_event(live, preview, SETTINGS._replace(other_day_factor=1.0))[0] == "ev-tuesday"
    assert join_event(live, preview, SETTINGS) == (event_id_for(preview.id), 0.0)


def test_live_entries_drop_what_arrived_a_window_ago():
    entries = [(0, "a"), (5, "b"), (10, "c")]
    assert live_entries(entries, 12, 10) == ([(5, "b"), (10, "c")], 1)


# ---- TestStream -------------------------------------------------------------------------------


def test_later_windows_join_an_earlier_windows_event_until_it_expires():
    seeds = _seeds()
    arrivals = [
        (0, _doc("s0", seeds[0])),
        (2 * H, _doc("s1", seeds[1])),  # another hourly output window
        (3 * H, _doc("plague", _plague(), "en")),  # another story
        (30 * H, _doc("s2", seeds[2])),  # the next day: joins the event s0 opened
    ]
    dup = Duplicate("s1-copy", "test://s1-copy", "https://copy.example/a", "s1", 0.9, "near")
    events = TestStream()
    for offset, d in arrivals:
        events = events.add_elements([TimestampedValue(("doc", d), T0 + offset)]).advance_watermark_to(T0 + offset + 1)
    events = events.add_elements([TimestampedValue(("dup", dup), T0 + 31 * H)]).advance_watermark_to(T0 + 31 * H + 1)
    # State expiry, by behaviour: with the watermark past s2 + 72 h, the expiry timer has removed
    # every entry; a late report stamped 71 h after s2 (within the window of it by its stamp) finds
    # no live event and opens its own.
    events = events.advance_watermark_to(T0 + 103 * H).add_elements(
        [TimestampedValue(("doc", _doc("s3-late", seeds[3])), T0 + 101 * H)])
    events = events.advance_watermark_to_infinity()
    p = beam.Pipeline(options=PipelineOptions(["--runner=BundleBasedDirectRunner"], streaming=True))
    tagged = p | events
    kept = tagged | "Docs" >> beam.FlatMap(lambda kv: [kv[1]] if kv[0] == "doc" else [])
    dups = tagged | "Dups" >> beam.FlatMap(lambda kv: [kv[1]] if kv[0] == "dup" else [])
    docs, dup_out = (kept, dups) | AssignStreamEvents(CONFIG["events"])
    seeds_event = event_id_for("s0")
    assert_that(docs | "Ids" >> beam.Map(lambda d: (d.id, d.event_id)), equal_to([
        ("s0", seeds_event), ("s1", seeds_event), ("plague", event_id_for("plague")), ("s2", seeds_event),
        ("s3-late", event_id_for("s3-late")),
    ]), label="docs")
    assert_that(dup_out | "DupIds" >> beam.Map(lambda d: (d.id, d.event_id)), equal_to([("s1-copy", seeds_event)]),
                label="duplicates")
    p.run().wait_until_finish()


def test_without_expiry_the_late_report_joins_the_event():
    """The control for the test above: with a window long enough, the same late report joins."""
    seeds = _seeds()
    events = (TestStream()
              .add_elements([TimestampedValue(("doc", _doc("s2", seeds[2])), T0)]).advance_watermark_to(T0 + 72 * H)
              .add_elements([TimestampedValue(("doc", _doc("s3-late", seeds[3])), T0 + 71 * H)])
              .advance_watermark_to_infinity())
    p = beam.Pipeline(options=PipelineOptions(["--runner=BundleBasedDirectRunner"], streaming=True))
    kept = p | events | beam.Map(lambda kv: kv[1])
    no_survivor = p | "Dups" >> beam.Create([Duplicate("x", "s", "u", "nobody", 0.9, "near")])
    docs, _ = (kept, no_survivor) | AssignStreamEvents(dict(CONFIG["events"], window_hours=200))
    assert_that(docs | beam.Map(lambda d: (d.id, d.event_id)),
                equal_to([("s2", event_id_for("s2")), ("s3-late", event_id_for("s2"))]))
    p.run().wait_until_finish()


# ---- a real run on Prism ------------------------------------------------------------------------

needs_prism = pytest.mark.skipif(stream.find_prism() is None, reason="no prism binary (see pipelines/stream.py)")


@needs_prism
def test_real_run_a_report_dropped_in_later_joins_the_event_of_an_earlier_window(tmp_path):
    out, watch = tmp_path / "out", tmp_path / "watch"
    watch.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[:2]:
        (watch / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    (watch / "plague.txt").write_text(_plague(), encoding="utf-8")
    config = tmp_path / "fast.yaml"
    config.write_text(yaml.safe_dump({"stream": {"window_minutes": 0.05, "allowed_lateness_minutes": 0}}))

    stop_file = tmp_path / "stop"

    def published() -> int:
        rows = 0
        for path in glob.glob(str(out / "window=*" / "articles" / "*.parquet")):
            try:
                rows += pq.read_metadata(path).num_rows
            except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError: not yet whole
                pass
        return rows

    def drop_in_later():
        # no wall-clock budget of its own (a loaded machine or a second test process only slows it):
        # the run is stopped by the stop file once all five are published, or at the 300-s cap
        try:
            deadline = time.time() + 240
            while not published() and time.time() < deadline:
                time.sleep(0.2)  # until the first window (3 s) is published
            for path in seeds[2:4]:
                hidden = watch / f".{path.name}"
                hidden.write_text(path.read_text("utf-8"), encoding="utf-8")
                hidden.rename(watch / path.name)
            while published() < 5 and time.time() < deadline:
                time.sleep(0.5)
        finally:
            stop_file.write_text("stop")

    dropper = threading.Thread(target=drop_in_later, daemon=True)
    dropper.start()
    summary = stream.run(["--output", str(out), "--watch", str(watch), "--poll-interval", "1",
                          "--max-runtime", "300", "--stop-file", str(stop_file), "--config", str(config),
                          "--quiet"])
    dropper.join(45)
    assert not summary["cancelled"]
    rows = []
    for path in glob.glob(str(out / "window=*" / "articles" / "*.parquet")):
        window = path.split("window=")[1].split("/")[0]
        rows += [dict(r, window=window) for r in pq.read_table(path).to_pylist()]
    by_name = {r["source"].rsplit("/", 1)[1]: r for r in rows}
    assert sorted(by_name) == sorted([p.name for p in seeds[:4]] + ["plague.txt"])
    seed_rows = [by_name[p.name] for p in seeds[:4]]
    assert len({r["event_id"] for r in seed_rows}) == 1 and seed_rows[0]["event_id"]
    assert len({r["window"] for r in seed_rows}) >= 2  # the later reports were written in a later window
    assert by_name["plague.txt"]["event_id"] not in {r["event_id"] for r in seed_rows}
