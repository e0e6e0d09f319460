"""Event grouping (transforms/events.py): vectors, average-link without chaining, determinism,
the Beam composite, and the cross-run join through the dedup index folder."""

import json
import pickle
import sys
import random

import apache_beam as beam
import pytest
import yaml
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.config import ConfigError
from tests.conftest import BENCH, ROOT, SEEDS, read_table, require_shared
from tests.labelled_events import labelled_members
from transforms.events import (
    AssignEvents,
    Member,
    apart,
    article_terms,
    assign_events,
    cohesion,
    cosine,
    coverage,
    enough_anchors,
    event_time,
    gap_seconds,
    is_specific,
    name_words,
    pair_decay_hours,
    pair_similarity,
    parse_settings,
    pack_parts,
    part_pair,
    time_decay,
    topic_pair,
    unpack_parts,
)
from transforms.records import Document, Duplicate

CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"]
SETTINGS = parse_settings(CONFIG)
NOW = 1_900_000_000.0  # "now" of the runs below (2030): only undated articles take it
JULY_27 = event_time("2021-07-27T12:00:00Z", 0.0)


def _seeds() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _aeb(prefixes: list[str]) -> list[tuple[str, str]]:
    """(id prefix, article body) of AEB ground-truth articles (real reports of November 2019)."""
    truth = json.loads((require_shared(BENCH / "extraction-aeb") / "ground-truth.json").read_text("utf-8"))
    out = []
    for prefix in prefixes:
        (key,) = [k for k in truth if k.startswith(prefix)]
        out.append((prefix, truth[key]["articleBody"]))
    return out


PLAGUE = ["432362af", "8b194530", "ba4dfe2d", "ea25dd7e"]  # bubonic plague in Inner Mongolia, Nov 2019
WEWORK = ["06e5123e", "1ace8c85", "bc13ff87"]  # New York's attorney general investigates WeWork, Nov 2019


def _member(mid: str, text: str, language: str = "en", when: float = JULY_27, **kw) -> Member:
    return Member(mid, when, article_terms("", text, language, SETTINGS), language=language, **kw)


def _events(members) -> dict[str, str]:
    return {m.id: event_id for event_id, people in assign_events(members, SETTINGS) for m in people}


# ---- pure layer -------------------------------------------------------------------------------


def test_seed_vectors_are_close_and_arabic_variants_fold_together():
    vecs = [article_terms("", t, "ar", SETTINGS) for t in _seeds()]
    sims = [cosine(a, b) for i, a in enumerate(vecs) for b in vecs[i + 1 :]]
    assert min(sims) >= SETTINGS.threshold * 0.8, sims
    # Orthographic variants (hamza forms, ta marbuta, vowel marks, Arabic-Indic digits) are the same terms.
    plain = article_terms("", "أعلن الرئيس الأمريكي في 2021 عن انسحاب القوات", "ar", SETTINGS)
    variant = article_terms("", "اعلن الرئيس الامريكي في ٢٠٢١ عن انسحاب القوّات", "ar", SETTINGS)
    assert plain.terms == variant.terms and "#2021" in plain.terms
    # Stop words of the language are not terms.
    assert not {"في", "عن"} & set(plain.labels)


def test_names_and_numbers_weigh_more_than_common_words():
    text = "Yesterday the committee met. The report by Jonas Kowalczyk counted 4721 cases in the region."
    vec = dict(zip(article_terms("", text, "en", SETTINGS).labels, article_terms("", text, "en", SETTINGS).weights))
    assert "kowalczyk" in name_words(text) and "yesterday" not in name_words(text)  # sentence-initial
    assert vec["kowalczyk"] > vec["committee"] and vec["4721"] > vec["region"]
    assert "the" not in vec and "by" not in vec


def test_seeds_are_one_event_whatever_the_order():
    members = [_member(f"s{i}", t, "ar", when=NOW, dated=False) for i, t in enumerate(_seeds())]
    members[4] = members[4]._replace(time=JULY_27, dated=True)
    ids = _events(members)
    assert len(set(ids.values())) == 1
    shuffled = members[:]
    random.Random(3).shuffle(shuffled)
    assert _events(shuffled) == ids


def test_a_hub_article_does_not_chain_two_stories():
    # The mechanism at a threshold at which the four plague bodies (no titles) are one event.
    settings = SETTINGS._replace(threshold=0.3)
    plague, wework = _aeb(PLAGUE), _aeb(WEWORK)
    # The hub: half of a plague report and half of a WeWork report (a news digest).
    p_paras, w_paras = plague[1][1].split("\n"), wework[0][1].split("\n")
    hub_text = "\n".join(p_paras[: len(p_paras) // 2] + w_paras[: len(w_paras) // 2])
    members = [_member(f"plague-{k}", t) for k, t in plague] + [_member(f"wework-{k}", t) for k, t in wework]
    hub = _member("hub", hub_text)
    # Precondition: the hub links to both stories, so single-link components would chain them.
    assert max(cosine(hub.vec, m.vec) for m in members if m.id.startswith("plague")) >= settings.threshold
    assert max(cosine(hub.vec, m.vec) for m in members if m.id.startswith("wework")) >= settings.threshold
    ids = {m.id: event_id for event_id, people in assign_events(members + [hub], settings) for m in people}
    plague_ids = {ids[m.id] for m in members if m.id.startswith("plague")}
    wework_ids = {ids[m.id] for m in members if m.id.startswith("wework")}
    assert len(plague_ids) == 1 and len(wework_ids) == 1 and plague_ids != wework_ids
    assert ids["hub"] in plague_ids | wework_ids


def test_dates_out_of_range_count_as_undated():
    assert event_time("9999-12-31T23:59:59-05:00", -1.0) == -1.0  # past year 9999 in UTC
    assert event_time("not a date", -1.0) == -1.0 and event_time("2021-07-27", 0.0) > 0


def test_the_time_window_keeps_reports_of_other_days_apart():
    plague = _aeb(PLAGUE[:2])
    a = _member("a", plague[0][1])
    b = _member("b", plague[1][1], when=JULY_27 + 4 * 86400)  # four days later: beyond 72 h
    assert apart(a, b, SETTINGS.window_hours * 3600)
    assert len(set(_events([a, b]).values())) == 2
    # An undated article fetched later may be as old as the dated one: compared.
    c = b._replace(time=NOW, dated=False)
    assert len(set(_events([a, c]).values())) == 1


def test_an_undated_pages_fetch_time_bounds_when_it_came_out():
    """An undated page's time is when it was fetched (fetched_at), an upper bound: it existed
    then, and may be older. So it is apart only from what came out more than the window after
    it was fetched, and the hours of the time decay are the least the dates allow."""
    window = SETTINGS.window_hours * 3600
    plague = _aeb(PLAGUE[:3])
    dated = _member("dated", plague[0][1])  # published JULY_27
    later = _member("later", plague[1][1], when=JULY_27 + 10 * 86400, dated=False)  # fetched 10 days after
    assert gap_seconds(dated, later) == 0.0 and not apart(dated, later, window)
    assert len(set(_events([dated, later]).values())) == 1
    # Fetched four days before the dated report came out: it reported something earlier.
    early = later._replace(time=JULY_27 - 4 * 86400)
    assert gap_seconds(dated, early) == gap_seconds(early, dated) == 4 * 86400
    assert apart(dated, early, window) and len(set(_events([dated, early]).values())) == 2
    # Fetched two days before: within the window, decayed as a report two days apart (reports of
    # one language sharing their specifics: the hours past decay_grace_hours).
    day = later._replace(time=JULY_27 - 2 * 86400)
    undecayed = SETTINGS._replace(decay_hours=0.0)
    assert pair_similarity(dated, day, SETTINGS) == pytest.approx(
        pair_similarity(dated, day, undecayed) * time_decay(48.0, SETTINGS.decay_hours, SETTINGS.decay_grace_hours))
    assert time_decay(48.0, SETTINGS.decay_hours, SETTINGS.decay_grace_hours) < 1.0
    # Two undated pages fetched days apart: either may be as old as the other.
    other = _member("other", plague[2][1], when=JULY_27 - 6 * 86400, dated=False)
    assert gap_seconds(later, other) == 0.0 and not apart(later, other, window)


def test_an_undated_article_links_on_its_own_languages_words_only():
    """Across languages only names, countries and numbers are compared; among many pages some
    share them by chance, and the time window is what makes them telling. An undated article's
    time is only an upper bound, so it is not linked to another language on them; within its
    language (the undated Arabic seeds, test above) its words still link it."""
    members = _labelled({"e01"})  # one earthquake reported in en/ar/fr/de (benchmarks/data)
    linked = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]
              if a.language != b.language and pair_similarity(a, b, SETTINGS) >= SETTINGS.threshold]
    # Precondition: dated, they link across at least three pairs of languages.
    assert len({frozenset((a.language, b.language)) for a, b in linked}) >= 3
    for a, b in linked:
        undated = b._replace(time=a.time + 3600, dated=False)  # fetched an hour after a came out
        assert pair_similarity(a, undated, SETTINGS) == 0.0
        assert pair_similarity(undated, a, SETTINGS) == 0.0
    assert len(set(_events(members).values())) == 1
    arabic = [i for i, m in enumerate(members) if m.language == "ar"]
    assert len(arabic) == 1  # the only Arabic report: nothing of its language to link it
    loose = members[:]
    loose[arabic[0]] = loose[arabic[0]]._replace(time=max(m.time for m in members) + 3600, dated=False)
    ids = _events(loose)
    assert len({ids[m.id] for m in loose if m.language != "ar"}) == 1
    assert ids[loose[arabic[0]].id] not in {ids[m.id] for m in loose if m.language != "ar"}


TRADE = ["702d1da6", "39d5c43b"]  # NYT "Trump's Made-for-TV Trade War" (18 Nov 2019), "Beijing tariff demands" (20 Nov)


def test_time_decay_halves_similarity_at_decay_hours():
    assert time_decay(0.0, 48.0) == 1.0 and time_decay(48.0, 48.0) == 0.5
    assert time_decay(72.0, 48.0) == pytest.approx(0.4) and time_decay(500.0, 0.0) == 1.0


def test_two_stories_of_one_topic_days_apart_need_more_in_common():
    """A feature on Trump's trade-war style and a report on Beijing's tariff demands 53.6 h later
    share the topic's words (tariffs, farm purchases, Beijing); two reports of one plague case
    published 2 h apart share the happening's."""
    (_, feature), (_, demands) = _aeb(TRADE)
    a = _member("feature", feature)
    b = _member("demands", demands, when=JULY_27 + 53.6 * 3600)
    undecayed = SETTINGS._replace(decay_hours=0.0)
    # Precondition: on words alone they link (within the 72 h window).
    assert not apart(a, b, SETTINGS.window_hours * 3600)
    assert pair_similarity(a, b, undecayed) >= SETTINGS.threshold
    assert len({e for e, _ in assign_events([a, b], undecayed)}) == 1
    assert pair_similarity(a, b, SETTINGS) < SETTINGS.threshold
    assert len({e for e, _ in assign_events([a, b], SETTINGS)}) == 2
    # The same two hours apart: one event (the decay is about time, not about the words).
    near = b._replace(time=JULY_27 + 2 * 3600)
    assert len({e for e, _ in assign_events([a, near], SETTINGS)}) == 1
    # Reports of one happening hours apart stay together.
    plague = _aeb(PLAGUE[:2])
    c = _member("c", plague[0][1])
    d = _member("d", plague[1][1], when=JULY_27 + 2 * 3600)
    assert len({e for e, _ in assign_events([c, d], SETTINGS)}) == 1
    # An undated article of the same run is not decayed: its reading time says nothing.
    loose = b._replace(time=NOW, dated=False)
    assert pair_similarity(a, loose, SETTINGS) == pytest.approx(pair_similarity(a, b, undecayed))


def test_earlier_events_are_never_merged_and_keep_their_ids():
    plague = _aeb(PLAGUE)
    old_a = _member("old-a", plague[0][1], event_id="ev-earlier-a", fresh=False)
    old_b = _member("old-b", plague[1][1], event_id="ev-earlier-b", fresh=False)
    new = _member("new", plague[2][1])
    ids = _events([old_a, old_b, new])
    assert ids["old-a"] == "ev-earlier-a" and ids["old-b"] == "ev-earlier-b"
    assert ids["new"] in ("ev-earlier-a", "ev-earlier-b")


@pytest.mark.parametrize("override", [{"threshold": 0}, {"threshold": 1.5}, {"max_terms": 0}, {"window_hours": "x"}])
def test_bad_config_is_refused(override):
    with pytest.raises(ConfigError):
        AssignEvents({**CONFIG, **override})


# ---- Beam layer -------------------------------------------------------------------------------


def _doc(doc_id: str, text: str, language: str = "en", published: str = "2019-11-18", url: str = "") -> Document:
    return Document(id=doc_id, source=doc_id, url=url, format="text", text=text, language=language, published=published)


def _run_events(docs, dups, folder, index_dir=None, now=NOW):
    """Run AssignEvents on the DirectRunner; returns its three outputs as read back from text files."""
    transform = AssignEvents(CONFIG, index_dir=index_dir, now=now)
    p = TestPipeline()
    kept, dup_out, events = (p | "Docs" >> beam.Create(docs), p | "Dups" >> beam.Create(dups)) | transform
    outputs = {
        "docs": kept | "DocRows" >> beam.Map(lambda d: [d.id, d.event_id]),
        "dups": dup_out | "DupRows" >> beam.Map(lambda d: [d.id, d.event_id]),
        "events": events | "EventRows" >> beam.Map(lambda e: [e.event_id, e.articles, e.article_ids]),
    }
    for name, rows in outputs.items():
        _ = rows | f"Json{name}" >> beam.Map(json.dumps) | f"Write{name}" >> beam.io.WriteToText(
            str(folder / name), shard_name_template=""
        )
    p.run().wait_until_finish()
    return {
        name: sorted(json.loads(line) for line in (folder / name).read_text("utf-8").splitlines())
        for name in outputs
    }


def test_the_composite_groups_blocks_and_is_deterministic_across_orders(tmp_path):
    plague, wework = _aeb(PLAGUE), _aeb(WEWORK)
    seeds = _seeds()
    docs = (
        [_doc(f"plague-{k}", t) for k, t in plague]
        + [_doc(f"wework-{k}", t) for k, t in wework]
        + [_doc(f"seed-{i}", t, "ar", published="" if i < 4 else "2021-07-27") for i, t in enumerate(seeds)]
    )
    dups = [Duplicate("copy-of-plague", "s", "u", f"plague-{PLAGUE[0]}", 0.9, "near")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _run_events(docs, dups, tmp_path / "a")
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    second = _run_events(shuffled, dups, tmp_path / "b")
    assert first == second  # same ids whatever the input order
    by_id = dict(first["docs"])
    assert len({by_id[d.id] for d in docs if d.id.startswith("plague")}) == 1
    assert len({by_id[d.id] for d in docs if d.id.startswith("wework")}) == 1
    assert len({by_id[d.id] for d in docs if d.id.startswith("seed")}) == 1
    assert len(set(by_id.values())) == 3
    # A near-duplicate shares its survivor's event.
    assert first["dups"] == [["copy-of-plague", by_id[f"plague-{PLAGUE[0]}"]]]
    sizes = sorted(n for _, n, _ in first["events"])
    assert sizes == [3, 4, 5]


def test_the_composite_times_an_undated_article_by_its_fetch_time(tmp_path):
    """Two dated plague reports (18 Nov 2019); two undated ones: one fetched a week later (it may
    be as old: it joins), one fetched eight days before them (it reported something earlier)."""
    # The report fetched later is the one closer to a dated report (0.451) than to the one fetched
    # before (0.392): with plague[2] fetched later, its two cosines were 0.4506 / 0.4514 (0.453 /
    # 0.451 before figures were written out, "450 million" = 450000000), and average link's first
    # merge, hence the outcome, turned on the third decimal.
    plague = _aeb(PLAGUE)
    docs = [_doc(f"dated-{k}", t) for k, t in (plague[0], plague[2])] + [
        _doc("fetched-later", plague[1][1], published="")._replace(fetched_at="2019-11-25T08:00:00+00:00"),
        _doc("fetched-before", plague[3][1], published="")._replace(fetched_at="2019-11-10T08:00:00+00:00"),
    ]
    out = _run_events(docs, [], tmp_path)
    by_id = dict(out["docs"])
    assert by_id["fetched-later"] == by_id[f"dated-{PLAGUE[0]}"] == by_id[f"dated-{PLAGUE[2]}"]
    assert by_id["fetched-before"] != by_id["fetched-later"]
    assert sorted(n for _, n, _ in out["events"]) == [1, 3]


def test_the_events_index_remembers_whether_a_time_is_a_date(tmp_path):
    """Index rows: an undated article in an event with a dated one at that event's time (dated),
    else at its fetch time (dated False, an upper bound); files written before the column read
    as dated."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from transforms.events import index_row, read_index_file

    vec = article_terms("", "Bubonic plague case confirmed in Inner Mongolia", "en", SETTINGS)
    row = index_row(Member("a", NOW, vec, dated=False), "ev-1", NOW, False)
    path = tmp_path / "run-x.parquet"
    pq.write_table(pa.Table.from_pylist([row, {**row, "id": "b", "dated": True}]), path)
    assert [(m.id, m.dated, m.fresh) for m in read_index_file(str(path))] == [("a", False, False), ("b", True, False)]
    older = tmp_path / "run-old.parquet"
    pq.write_table(pa.Table.from_pylist([{k: v for k, v in row.items() if k != "dated"}]), older)
    assert [m.dated for m in read_index_file(str(older))] == [True]


def test_a_second_runs_article_joins_the_first_runs_event(run_ingest, tmp_path):
    """Across scheduled runs with --dedup-index: run 1 has three seeds, run 2 two other outlets'
    reports of the same event (dated, as a feed gives them): they join run 1's event."""
    index = tmp_path / "index"
    first = tmp_path / "first"
    first.mkdir()
    names = sorted(SEEDS.glob("*.txt"))
    for path in (names[0], names[2], names[4]):
        (first / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    out1, s1 = run_ingest(first, extra=["--dedup-index", str(index)], name="run1")
    (event1,) = read_table(out1, "events")
    assert event1["articles"] == 3 and s1["events_index_added"] == 3
    later = tmp_path / "later"
    later.mkdir()
    lines = [
        json.dumps({"url": f"https://outlet{i}.example/iraq", "text": names[i].read_text("utf-8"),
                    "published": "2021-07-27T18:00:00Z"}, ensure_ascii=False)
        for i in (1, 3)
    ]
    (later / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out2, s2 = run_ingest(later, extra=["--dedup-index", str(index)], name="run2")
    assert s2["articles"] == 2
    assert {a["event_id"] for a in read_table(out2, "articles")} == {event1["event_id"]}
    (event2,) = read_table(out2, "events")
    assert event2["event_id"] == event1["event_id"] and event2["articles"] == 2
    # The same input again gives the same event ids (idempotent reruns).
    out3, _ = run_ingest(later, extra=["--dedup-index", str(index)], name="run3")
    assert {a["event_id"] for a in read_table(out3, "articles")} == {event1["event_id"]}


def test_an_events_publishers_are_its_articles_publishers(run_ingest, tmp_path):
    """Was (trial 5, D8): for JSONL rows without a publisher, articles/ had publisher '' while
    their event listed the URLs' hosts ('outlet2.example'): the host stands in for a missing
    publisher when grouping (publisher_of), but the event row lists what articles/ shows."""
    names = sorted(SEEDS.glob("*.txt"))
    data = tmp_path / "in"
    data.mkdir()
    lines = [
        json.dumps({"url": f"https://www.outlet{i}.example/iraq", "text": names[i].read_text("utf-8"),
                    **({"publisher": "Outlet One"} if i == 1 else {})}, ensure_ascii=False)
        for i in (1, 2, 3)
    ]
    (data / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, summary = run_ingest(data)
    articles = read_table(out, "articles")
    assert len(articles) == 3
    (event,) = read_table(out, "events")
    assert event["articles"] == 3
    assert sorted(a["publisher"] for a in articles) == ["", "", "Outlet One"]
    assert event["publishers"] == sorted({a["publisher"] for a in articles} - {""}) == ["Outlet One"]
    assert summary["publishers"] == {"Outlet One": 1}


# ---- across languages ---------------------------------------------------------------------------

LABELLED = ROOT / "benchmarks" / "data" / "events-labelled.jsonl"


def _labelled(event_ids: set) -> list[Member]:
    rows = [json.loads(line) for line in LABELLED.read_text("utf-8").splitlines() if line]
    return [
        Member(r["id"], event_time(r["published"], 0.0), article_terms(r["title"], r["text"], r["lang"], SETTINGS),
               publisher=r["publisher"], language=r["lang"])
        for r in rows
        if r["event"] in event_ids
    ]


def test_reports_in_four_languages_are_one_event_and_a_lookalike_quake_another():
    """Two earthquakes three days apart (Malatya, Turkey; then Iran), each reported in en/ar/fr/de
    or en/ar/fr/es by different outlets (benchmarks/data/events-labelled.jsonl)."""
    members = _labelled({"e01", "e02"})
    assert {m.language for m in members} >= {"ar", "de", "en", "es", "fr"}
    ids = _events(members)
    by_event = {}
    for m in members:
        by_event.setdefault(m.id.split("-")[0], set()).add(ids[m.id])
    assert len(by_event["e01"]) == 1 and len(by_event["e02"]) == 1
    assert by_event["e01"] != by_event["e02"]
    # Across languages only names, countries and numbers count: a word-level cosine would not link them.
    ar, en = [m for m in members if m.id == "e01-a2"][0], [m for m in members if m.id == "e01-a1"][0]
    assert cosine(ar.vec, en.vec) < SETTINGS.threshold <= pair_similarity(ar, en, SETTINGS)


def test_country_names_of_every_language_are_one_term():
    for language, text in (
        ("en", "Talks between France and the United States."),
        ("de", "Gespräche zwischen Frankreich und den Vereinigten Staaten."),
        ("fr", "Discussions entre la France et les États-Unis."),
        ("ar", "محادثات بين فرنسا والولايات المتحدة."),
        ("es", "Conversaciones entre Francia y Estados Unidos."),
    ):
        vec = article_terms("", text, language, SETTINGS)
        assert {"~@FR", "~@US"} <= set(vec.terms), (language, vec.terms)


def test_arabic_inflections_meet_on_one_stem():
    a = article_terms("", "القوات الامريكية في المهمة القتالية", "ar", SETTINGS)
    b = article_terms("", "قوات امريكية ومهمة قتالية", "ar", SETTINGS)
    assert len(set(a.terms) & set(b.terms)) >= 3, (a.terms, b.terms)


def test_two_languages_need_a_shared_name_or_three_numbers():
    assert enough_anchors(1, 1, 2) and enough_anchors(2, 0, 2)
    assert not enough_anchors(0, 2, 2) and enough_anchors(0, 3, 2)  # two round figures are chance
    assert not enough_anchors(1, 0, 2)
    # Greek and Russian reports sharing only the figures 100 and 300 are not linked.
    el = _member("el", "Η μελέτη σε 100 ασθενείς έδειξε 300 περιπτώσεις θορύβου.", "el")
    ru = _member("ru", "Исследование 100 пациентов показало 300 случаев инсульта.", "ru")
    assert pair_similarity(el, ru, SETTINGS) == 0.0


def test_an_undetected_language_is_compared_on_all_its_words():
    und = _member("u", "Magnitude 6.4 earthquake strikes Malatya province", "und")
    en = _member("e", "Magnitude 6.4 earthquake strikes Malatya province", "en")
    assert pair_similarity(und, en, SETTINGS) == pytest.approx(cosine(und.vec, en.vec))


# ---- publisher template terms -----------------------------------------------------------------


def _extracted(bench_set: str, names: list[str]) -> list[tuple[str, str]]:
    """(title, text) of real bench pages (``<name>.html`` in ``bench_set``), as ExtractText reads them."""
    from pipelines.config import load_config
    from transforms.htmltext import extract_html

    extract = load_config(None)["extract"]
    options = {k: extract[k] for k in ("favor_precision", "favor_recall", "no_fallback", "include_tables",
                                       "include_comments", "extensive_date_search", "compare_default_mode", "settled_coverage")}
    folder = require_shared(BENCH / bench_set) / "html"
    out = []
    for name in names:
        page = extract_html((folder / f"{name}.html").read_text("utf-8"), "", options)
        out.append((page.title, page.text))
    return out


def _reuters_pages() -> list[tuple[str, str, str]]:
    """(title, text, language) of five real Reuters pages of 4 March 2024 (fundus bench set), as
    ExtractText reads them: each ends in "Our Standards: The Thomson Reuters Trust Principles."."""
    pages = _extracted("extraction-fundus80", [f"Reuters_{i}" for i in range(5)])
    return [(title, text, "fr" if i == 4 else "en") for i, (title, text) in enumerate(pages)]


def test_a_publishers_template_terms_do_not_link_two_of_its_stories():
    from transforms.events import drop_templates, template_terms

    pages = _reuters_pages()
    assert all("Thomson Reuters Trust Principles" in text for _, text, _ in pages)
    members = [
        Member(f"r{i}", JULY_27, article_terms(title, text, lang, SETTINGS), publisher="Reuters", language=lang)
        for i, (title, text, lang) in enumerate(pages)
    ]
    ghana, markets = members[2], members[4]  # an English report on Ghana, a French market wrap
    # Precondition: on the footer's names alone the two come near the threshold (0.300 when this
    # test was written; 0.288 since the ninth session writes figures out, "3,8 milliards" =
    # 3800000000, which gives the French wrap more anchor mass). The wrap itself is a digest
    # (``is_digest``: 29 paragraphs, cohesion 0.19): that rule is off here, the template step tested.
    no_digest = SETTINGS._replace(digest_cohesion=0.0)
    assert pair_similarity(ghana, markets, no_digest) >= 0.9 * SETTINGS.threshold
    cleaned = drop_templates(members, SETTINGS)
    dropped = set(ghana.vec.labels) - set(cleaned[2].vec.labels)
    assert {"reuters", "thomson", "principles"} <= dropped
    assert pair_similarity(cleaned[2], cleaned[4], no_digest) < 0.1 * SETTINGS.threshold
    assert len({e for e, _ in assign_events(cleaned, SETTINGS)}) == 5
    # Fewer articles than template_min_articles say nothing about a template; another publisher's
    # articles keep their terms.
    assert template_terms([m.vec for m in members[:4]], 5, 0.5) == frozenset()
    other = members[0]._replace(id="x", publisher="Dawn")
    assert drop_templates(members + [other], SETTINGS)[-1].vec == other.vec


def test_the_composite_drops_template_terms_per_publisher():
    pages = _reuters_pages()
    docs = [
        Document(id=f"r{i}", source="bench", url=f"https://www.reuters.com/{i}", format="html", text=text, title=title,
                 language=lang, publisher="Reuters", published="2024-03-04T12:40:00Z")
        for i, (title, text, lang) in enumerate(pages)
    ]
    with TestPipeline() as p:
        kept, _dups, events = (
            p | "Docs" >> beam.Create(docs),
            p | "Dups" >> beam.Create([]).with_output_types(Duplicate),
        ) | AssignEvents(CONFIG)
        assert_that(events | beam.Map(lambda e: e.articles), equal_to([1] * 5), label="FiveEvents")


def test_lookalike_events_in_five_languages_stay_apart():
    """benchmarks/data/events-labelled-2.jsonl: six pairs of look-alike events (two quakes a day
    apart, two regional elections the same evening, two storms, two derailments, two Marseille
    fires, one club's two matches) reported by the same outlets in the same languages."""
    from transforms.events import drop_templates

    rows = [json.loads(line) for line in (ROOT / "benchmarks" / "data" / "events-labelled-2.jsonl").read_text("utf-8").splitlines()]
    members = drop_templates(
        [Member(r["id"], event_time(r["published"], 0.0), article_terms(r["title"], r["text"], r["lang"], SETTINGS),
                publisher=r["publisher"], language=r["lang"]) for r in rows],
        SETTINGS,
    )
    gold = {r["id"]: r["event"] for r in rows}
    by_id = {m.id: m for m in members}
    # A Storm Kamil follow-up (en) and a Storm Lorna report (de) share "40,000" homes without
    # power: as a pair they linked at 0.453 (without the time decay: they are 33 h apart) before
    # the ninth session's anchor changes, 0.146 since (measured, not a precondition any more);
    # average link keeps the two storms apart anyway, with and without the decay.
    undecayed = SETTINGS._replace(decay_hours=0.0)
    assert "#40000" in set(by_id["l5-a4"].vec.terms) & set(by_id["l6-a3"].vec.terms)
    for settings in (undecayed, SETTINGS):
        found = {}
        for event_id, people in assign_events(members, settings):
            for m in people:
                found[m.id] = event_id
        for event in set(gold.values()):
            assert len({found[i] for i in gold if gold[i] == event}) == 1, event
        assert len(set(found.values())) == len(set(gold.values()))


# MacRumors "13-Inch MacBook Pro With Scissor Keyboard Expected in First Half of 2020" (a supplier
# rumour, 18 Nov 2019 10:45 UTC), "The Future of Apple Innovation Is Backwards" (an opinion on the
# 16-inch model's teardown, 22:30) and "16-inch MacBook Pro review" (19 Nov 00:05): AEB pages.
MACBOOK = [
    ("232a43fb15abde807427b2a7bf4f772e27b8760554370956d8291df4e8166dbf", "2019-11-18T10:45:00Z"),
    ("5fa5679de56c43edf70685762c2d1f2de296432ae53aa46e075b552fee17cab8", "2019-11-18T22:30:00Z"),
    ("65bf3048b500bbd84928d9122f99617ca898216b91add1d8b2ac09c670484a5c", "2019-11-19T00:05:00Z"),
]


def test_specifics_are_names_rare_words_and_figures_not_years_or_countries():
    assert is_specific("~sndlnd") and is_specific("#6.4") and is_specific("#449000") and is_specific("#210")
    assert not is_specific("~@US") and not is_specific("#2019") and not is_specific("#25")
    assert not is_specific("keyboard")


def test_two_happenings_of_one_topic_half_a_day_apart_are_two_events():
    """A rumour about next year's 13-inch MacBook Pro and the 16-inch model's review and teardown
    opinion share "MacBook" and "keyboard" but none of a happening's particulars; the review and
    the opinion, 1.6 h apart, stay one event, the rumour (12-13 h earlier) is its own."""
    pages = _extracted("extraction-aeb", [name for name, _ in MACBOOK])
    rumour, opinion, review = (
        Member(name[:8], event_time(when, 0.0), article_terms(title, text, "en", SETTINGS), language="en")
        for (name, when), (title, text) in zip(MACBOOK, pages)
    )
    assert all(topic_pair(a, b, SETTINGS.min_specifics) for a, b in ((rumour, opinion), (rumour, review), (opinion, review)))
    assert pair_decay_hours(rumour, opinion, SETTINGS) == SETTINGS.topic_decay_hours < SETTINGS.decay_hours
    no_topic_decay = SETTINGS._replace(topic_decay_hours=0.0)
    assert pair_decay_hours(rumour, opinion, no_topic_decay) == SETTINGS.decay_hours

    def grouped(settings):
        found = {m.id: event_id for event_id, people in assign_events([rumour, opinion, review], settings) for m in people}
        return found[rumour.id] == found[opinion.id], found[opinion.id] == found[review.id]

    # Precondition: with one decay for every pair the three are one event (the bench's false merge).
    assert grouped(no_topic_decay) == (True, True)
    assert grouped(SETTINGS) == (False, True)
    # Time is what tells them apart: the rumour published with the others joins them.
    near = rumour._replace(time=opinion.time - 1800)
    found = {m.id: e for e, people in assign_events([near, opinion, review], SETTINGS) for m in people}
    assert len(set(found.values())) == 1


def test_reports_sharing_a_happenings_particulars_keep_the_slow_decay():
    """Two reports of the Inner Mongolia plague cases share names (Beijing, Yersinia, Mongolia ...):
    not a topic pair, so they decay at ``decay_hours`` and 6 h apart stay one event; the five
    Arabic seeds, 2 h apart each, stay one event."""
    (_, first), (_, second) = _aeb(PLAGUE[:2])
    a = _member("a", first)
    b = _member("b", second, when=JULY_27 + 6 * 3600)
    assert not topic_pair(a, b, SETTINGS.min_specifics)
    assert pair_decay_hours(a, b, SETTINGS) == SETTINGS.decay_hours
    assert pair_similarity(a, b, SETTINGS) == pytest.approx(pair_similarity(a, b, SETTINGS._replace(topic_decay_hours=0.0)))
    assert len({e for e, _ in assign_events([a, b], SETTINGS)}) == 1
    seeds = [_member(f"s{i}", text, "ar", when=JULY_27 + i * 2 * 3600) for i, text in enumerate(_seeds())]
    assert len({e for e, _ in assign_events(seeds, SETTINGS)}) == 1


def test_the_matrix_and_the_pair_apply_the_same_topic_decay():
    from transforms.events import similarity_matrix

    pages = _extracted("extraction-aeb", [name for name, _ in MACBOOK])
    members = [
        Member(name[:8], event_time(when, 0.0), article_terms(title, text, "en", SETTINGS), language="en")
        for (name, when), (title, text) in zip(MACBOOK, pages)
    ] + [_member("plague", _aeb(PLAGUE[:1])[0][1], when=event_time("2019-11-18T20:00:00Z", 0.0))]
    s = SETTINGS
    sim = similarity_matrix(members, s.window_hours * 3600, s.same_publisher_factor, s.threshold / s.cross_language_threshold,
                            s.cross_language_floor, s.cross_language_min_anchors, s.decay_hours, s.topic_decay_hours,
                            s.min_specifics, s.part_share, s.part_factor, s.part_cohesion,
                            decay_grace_hours=s.decay_grace_hours)
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            if i != j:
                assert sim[i, j] == pytest.approx(pair_similarity(a, b, s), abs=1e-9)


# A digest: "10 things in tech you need to know today" (Business Insider, 19 Nov 2019): ten items
# on ten stories, three of them on WeWork; and the three reports of the WeWork story (AEB pages).
DIGEST = ("fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e", "2019-11-19T00:00:00Z")
WEWORK_PAGES = [
    ("06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85", "2019-11-19T07:03:25Z"),
    ("1ace8c85aaee21b9d4505eca506d50c4721c29db62848b567a9703bfe0583892", "2019-11-19T04:58:46Z"),
    ("bc13ff87b2630ffbebc33bc37b11178b14f03109055e1d17bf644f804b63d98a", "2019-11-18T17:02:02Z"),
]


def _pages_as_members(pages) -> list[Member]:
    """(AEB page name, published) -> Members of the pages as ExtractText reads them."""
    texts = _extracted("extraction-aeb", [name for name, _ in pages])
    return [
        Member(name[:8], event_time(when, 0.0), article_terms(title, text, "en", SETTINGS), language="en", title=title)
        for (name, when), (title, text) in zip(pages, texts)
    ]


def test_a_digest_of_several_stories_joins_none_of_them():
    """The digest shares three items' names (WeWork, Adam Neumann, SoftBank, Letitia James) with
    the reports of the New York attorney general's WeWork inquiry, 5-7 h apart: without the part
    rule it joins their event. Its paragraphs fall into groups sharing nothing (cohesion below
    part_cohesion), and under a third of it is about the reports (coverage), so the pair counts
    part_factor times: the reports stay one event, the digest its own."""
    digest, *reports = _pages_as_members([DIGEST] + WEWORK_PAGES)
    assert len(unpack_parts(digest.vec.parts)) >= 10
    assert digest.vec.cohesion < SETTINGS.part_cohesion
    assert all(r.vec.cohesion >= SETTINGS.part_cohesion for r in reports)
    assert all(coverage(digest.vec, r.vec) < SETTINGS.part_share for r in reports)
    assert all(part_pair(digest, r, SETTINGS.part_share, SETTINGS.part_cohesion) for r in reports)
    assert not any(part_pair(a, b, SETTINGS.part_share, SETTINGS.part_cohesion) for a in reports for b in reports if a is not b)
    # The digest rule (``is_digest``, ninth session) also tells this page: off here, the part rule tested.
    from transforms.events import is_digest

    assert is_digest(digest.vec, SETTINGS.digest_cohesion)
    part_only = SETTINGS._replace(digest_cohesion=0.0)
    off = part_only._replace(part_share=0.0)
    assert pair_similarity(digest, reports[0], part_only) == pytest.approx(pair_similarity(digest, reports[0], off) * SETTINGS.part_factor)

    def events(settings):
        found = {m.id: e for e, people in assign_events([digest, *reports], settings) for m in people}
        return found[digest.id] == found[reports[0].id], len({found[r.id] for r in reports})

    assert events(off) == (True, 1)  # precondition: the bench's false merge
    assert events(part_only) == (False, 1)
    assert events(SETTINGS) == (False, 1)


def test_reports_of_one_happening_are_not_part_pairs():
    """The four reports of the Inner Mongolia plague cases (New York Post, The Sun, Express,
    Smithsonian): each a different angle (a hunter who ate a rabbit, the third case, three cases),
    some paragraphs on the Black Death; none is a digest, so no pair of them is a part pair and
    their similarities are what they are without the rule. The five Arabic seeds neither."""
    names = [k for k in _aeb_names() if k[:8] in PLAGUE]
    members = _pages_as_members([(name, "2019-11-18T21:00:00Z") for name in names])
    assert len(members) == 4
    assert all(m.vec.cohesion >= SETTINGS.part_cohesion for m in members)
    off = SETTINGS._replace(part_share=0.0)
    for a in members:
        for b in members:
            if a is not b:
                assert not part_pair(a, b, SETTINGS.part_share, SETTINGS.part_cohesion)
                assert pair_similarity(a, b, SETTINGS) == pair_similarity(a, b, off)
    seeds = [_member(f"s{i}", text, "ar") for i, text in enumerate(_seeds())]
    assert all(m.vec.cohesion >= SETTINGS.part_cohesion for m in seeds)


def _aeb_names() -> list[str]:
    return [p.stem for p in (require_shared(BENCH / "extraction-aeb") / "html").glob("*.html")]


def test_a_digest_in_arabic_is_found_by_its_paragraphs_not_its_words():
    """No title word says "digest": an Arabic round-up built from real reports of the labelled set
    (benchmarks/data/events-labelled.jsonl): the first two paragraphs of a Sfax floods report,
    then the leads of six other stories (a phone launch, a plane off the runway in Dakar, a Greek forest fire, a
    Moroccan language model, a tennis final, Saudi gold). Its paragraphs share no two terms across
    stories, so its cohesion is low. Without the rule it joins a floods report's event; with it,
    it stays apart."""
    rows = {r["id"]: r for r in (json.loads(line) for line in LABELLED.read_text("utf-8").splitlines() if line)}

    def leads(rid: str, n: int = 1) -> list[str]:
        return [p for p in rows[rid]["text"].split("\n") if p.strip()][:n]

    items = leads("e26-a1", 2) + [p for rid in ("e16-a2", "e19-a3", "e21-a4", "e27-a1", "e28-a2", "e41-a1") for p in leads(rid)]
    digest = Member("digest", event_time("2025-10-16T06:00:00Z", 0.0), article_terms("", "\n\n".join(items), "ar", SETTINGS),
                    language="ar")
    floods = [
        Member(rid, event_time(rows[rid]["published"], 0.0), article_terms(rows[rid]["title"], rows[rid]["text"], "ar", SETTINGS),
               language="ar")
        for rid in ("e26-a1", "e26-a4")
    ]
    assert len(unpack_parts(digest.vec.parts)) == 8 and digest.vec.cohesion < SETTINGS.part_cohesion
    assert all(f.vec.cohesion >= SETTINGS.part_cohesion for f in floods)
    assert all(part_pair(digest, f, SETTINGS.part_share, SETTINGS.part_cohesion) for f in floods)
    assert not part_pair(*floods, SETTINGS.part_share, SETTINGS.part_cohesion)

    def joined(settings) -> bool:
        found = {m.id: e for e, people in assign_events([digest, *floods], settings) for m in people}
        return found["digest"] in (found["e26-a1"], found["e26-a4"])

    assert joined(SETTINGS._replace(part_share=0.0))  # precondition: without the rule it joins the floods
    assert not joined(SETTINGS)


def test_cohesion_groups_paragraphs_sharing_two_terms():
    """cohesion on hand-made parts: four equal paragraphs, two pairs sharing two terms each ->
    0.5; one shared term only -> no link (0.25); no parts -> 1.0."""
    weights = (0.5, 0.5, 0.5, 0.5)
    two = ((10, bytes([0, 1])), (10, bytes([0, 1])), (10, bytes([2, 3])), (10, bytes([2, 3])))
    assert cohesion(weights, two) == 0.5
    one = ((10, bytes([0, 1])), (10, bytes([1, 2])), (10, bytes([2, 3])), (10, bytes([3, 0])))
    assert cohesion(weights, one) == 0.25
    assert cohesion(weights, ()) == 1.0
    assert unpack_parts(pack_parts(two)) == list(two) and pack_parts(()) == b""


def test_block_copies_are_packed_and_link_as_the_articles_do():
    """pack_member (what every block copy carries): no labels/title, terms in one string, float32
    weights; unpack_member gives the same terms, and the same similarity to 1e-6 (the digest and
    a WeWork report: a part pair; two WeWork reports; the plague reports)."""
    from transforms.events import pack_member, unpack_member

    digest, *reports = _pages_as_members([DIGEST] + WEWORK_PAGES)
    packed = pack_member(digest)
    assert isinstance(packed.vec.terms, str) and packed.vec.labels == () and packed.title == ""

    def held(vec) -> int:  # bytes of the vector's terms, weights and labels as Python objects
        out = 0
        for field in (vec.terms, vec.weights, vec.labels):
            out += sys.getsizeof(field)
            if isinstance(field, tuple):
                out += sum(sys.getsizeof(x) for x in field)
        return out

    assert held(packed.vec) < held(digest.vec) / 4
    assert len(pickle.dumps(packed)) < len(pickle.dumps(digest)) * 0.6
    back = unpack_member(packed)
    assert back.vec.terms == digest.vec.terms and back.vec.parts == digest.vec.parts
    assert list(back.vec.weights) == pytest.approx(list(digest.vec.weights), abs=1e-6)
    for a, b in ((digest, reports[0]), (reports[0], reports[1]), (reports[1], reports[2])):
        assert pair_similarity(unpack_member(pack_member(a)), unpack_member(pack_member(b)), SETTINGS) == pytest.approx(
            pair_similarity(a, b, SETTINGS), abs=1e-6)
    assert unpack_member(reports[0]) is reports[0]  # not packed: as it is


def test_the_events_index_keeps_a_digests_paragraphs(tmp_path):
    """An earlier run's digest read back from the events index keeps its paragraphs and cohesion,
    so a report of one of its items in the next run is still a part pair with it; a file written
    before the columns reads as one part (cohesion 1.0, never a part pair)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from transforms.events import index_row, read_index_file

    digest, report, *_ = _pages_as_members([DIGEST] + WEWORK_PAGES)
    row = index_row(digest, "ev-digest", digest.time, True)
    path = tmp_path / "run-x.parquet"
    pq.write_table(pa.Table.from_pylist([row]), path)
    (earlier,) = read_index_file(str(path))
    assert earlier.vec.parts == digest.vec.parts and earlier.vec.cohesion == digest.vec.cohesion
    assert part_pair(earlier, report, SETTINGS.part_share, SETTINGS.part_cohesion)
    older = tmp_path / "run-old.parquet"
    pq.write_table(pa.Table.from_pylist([{k: v for k, v in row.items() if k not in ("parts", "cohesion")}]), older)
    (old,) = read_index_file(str(older))
    assert old.vec.parts == b"" and old.vec.cohesion == 1.0
    assert not part_pair(old, report, SETTINGS.part_share, SETTINGS.part_cohesion)


# ---- the day of the happening -----------------------------------------------------------------
# Two hearings of the impeachment inquiry with one cast (AEB pages): CBS "Key moments from Kurt
# Volker's and Tim Morrison's impeachment hearing testimony" and the Deccan Herald's "Impeachment
# sham completely debunked: White House" report Tuesday's hearing (19 Nov 2019); AP's
# "Unpredictable Sondland faces questions about Trump, Ukraine", published 5-6 h AFTER them, is the
# preview of Wednesday's hearing and recaps Tuesday's testimony further down.
HEARINGS = [
    ("7a664e40d256470fdb12d10c3f8d1c6db0581e9b080c71765e55f273a3ac7d03", "2019-11-20T06:07:01Z"),  # CBS, Tuesday
    ("c90731f051d033e49e4cfcc920895051bbc3b54ef1a11519abcf22a115c3aa79", "2019-11-20T04:48:01Z"),  # Deccan Herald, Tuesday
    ("82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574", "2019-11-20T10:52:20Z"),  # AP preview, Wednesday
]


def _day(iso_date: str) -> int:
    import datetime

    return (datetime.date.fromisoformat(iso_date) - datetime.date(1970, 1, 1)).days


def _dated_pages(pages) -> list[Member]:
    """(AEB page name, published) -> Members of the pages as ExtractText reads them, with the days
    their leads name (as the stage computes them: from the publication)."""
    texts = _extracted("extraction-aeb", [name for name, _ in pages])
    out = []
    for (name, when), (title, text) in zip(pages, texts):
        t = event_time(when, 0.0)
        out.append(Member(name[:8], t, article_terms(title, text, "en", SETTINGS, t), language="en", title=title))
    return out


def test_the_preview_of_the_next_days_hearing_joins_neither_report_of_the_first():
    """The preview shares the reports' cast (Sondland, Volker, Vindman, Giuliani, Zelenskiy, the
    July 25 call): without the day rule it joins their event. Its lead names Wednesday, theirs
    Tuesday, and the preview names Tuesday further down ("follows the testimony Tuesday"): it
    tells their hearing as the background of its own. With the rule the reports stay one event,
    the preview its own."""
    from transforms.events import other_days

    cbs, deccan, preview = _dated_pages(HEARINGS)
    tuesday, wednesday = _day("2019-11-19"), _day("2019-11-20")
    assert cbs.vec.days == ((tuesday, tuesday),) and deccan.vec.days == ((tuesday, tuesday),)
    assert preview.vec.days == ((wednesday, wednesday),)
    assert (tuesday, tuesday) in preview.vec.named_days
    assert other_days(preview.vec, cbs.vec) and other_days(deccan.vec, preview.vec)
    assert not other_days(cbs.vec, deccan.vec)
    off = SETTINGS._replace(other_day_factor=1.0)
    assert pair_similarity(preview, cbs, off) >= SETTINGS.threshold  # precondition: the cast links them
    assert pair_similarity(preview, cbs, SETTINGS) == pytest.approx(pair_similarity(preview, cbs, off) * SETTINGS.other_day_factor)

    def grouped(settings):
        found = {m.id: e for e, people in assign_events([cbs, deccan, preview], settings) for m in people}
        return found[preview.id] == found[cbs.id], found[cbs.id] == found[deccan.id]

    assert grouped(off) == (True, True)
    assert grouped(SETTINGS) == (False, True)


def test_follow_ups_leading_with_a_later_day_stay_with_the_first_reports():
    """Labelled-set follow-ups lead with a later day than the first reports ("by Friday morning,
    two days after Storm Dorotea killed three"; yields "fell sharply on Friday after the central
    bank delivered a cut the previous evening") but never name the first reports' day: they are
    not told apart (the rule without ``told`` would split them): each stays with the first report."""
    from transforms.events import drop_templates, other_days

    rows = [json.loads(line) for line in LABELLED.read_text("utf-8").splitlines() if line]
    rows = [r for r in rows if r["event"] in ("e08", "e17", "e19")]
    members = drop_templates([
        Member(r["id"], event_time(r["published"], 0.0),
               article_terms(r["title"], r["text"], r["lang"], SETTINGS, event_time(r["published"], 0.0)),
               publisher=r["publisher"], language=r["lang"]) for r in rows], SETTINGS)
    by_id = {m.id: m for m in members}
    for first, later in (("e08-a2", "e08-a4"), ("e17-a2", "e17-a5"), ("e19-a2", "e19-a4")):
        a, b = by_id[first].vec, by_id[later].vec
        assert a.days and b.days and max(hi for _, hi in a.days) < min(lo for lo, _ in b.days)
        assert other_days(a, b, told=False) and not other_days(a, b)
    found = _events(members)
    for first, later in (("e08-a2", "e08-a4"), ("e17-a2", "e17-a5"), ("e19-a2", "e19-a4")):
        assert found[first] == found[later]


def test_days_are_read_in_every_language_from_cldr_names():
    """Weekday names (inflected: Russian "в среду"), yesterday/today/tomorrow and explicit dates
    ("19 de noviembre", "19 Kasım", "11月19日") resolved against a publication on Wednesday
    20 Nov 2019 at 10:00 UTC (the local day may still be Tuesday: "today" is Tuesday or Wednesday)."""
    from transforms.events import day_references

    published = event_time("2019-11-20T10:00:00Z", 0.0)
    mon, tue, wed, thu = (_day(f"2019-11-{d}") for d in (18, 19, 20, 21))
    cases = [
        ("en", "Volker testified before the committee on Tuesday; Sondland appears today.", [(tue, tue), (tue, wed)]),
        ("ar", "ضرب زلزال بقوة 6.4 درجات ولاية ملاطية فجر الثلاثاء", [(tue, tue)]),
        ("ar", "وقال المسؤولون بالأمس إن عمليات البحث مستمرة", [(mon, tue)]),
        ("ru", "В среду в Москве прошло заседание совета директоров компании", [(wed, wed)]),
        ("es", "El martes 19 de noviembre se celebró la audiencia", [(tue, tue), (tue, tue)]),
        ("pt", "Nesta terça-feira, o ministro anunciou o acordo", [(tue, tue)]),
        ("de", "Am Mittwoch tagte der Ausschuss erneut", [(wed, wed)]),
        ("tr", "Malatya'da 19 Kasım 2019 tarihinde deprem meydana geldi", [(tue, tue)]),
        ("fa", "روز سه‌شنبه زلزله‌ای به بزرگی ۶.۴ ریشتر استان ملاطیه را لرزاند", [(tue, tue)]),
        ("zh", "11月19日，马拉蒂亚省发生6.4级地震", [(tue, tue)]),
        ("zh", "周三将举行听证会", [(wed, wed)]),
    ]
    for language, text, expected in cases:
        assert day_references(text, language, published) == expected, (language, text)
    # A noun, not a day: "esta mañana" (this morning), "am Morgen" (in the morning).
    assert day_references("Los bomberos llegaron esta mañana al lugar", "es", published) == []
    assert day_references("Die Feuerwehr war am Morgen vor Ort", "de", published) == []
    # "On Sunday" in Wednesday's paper is three days back or four ahead: not read. A date months
    # before ("the July 25 call") is background, not the day of the happening.
    assert day_references("She will play at the awards on Sunday", "en", published) == []
    assert day_references("Trump's July 25 call with Zelensky", "en", published) == []
    # An undated article names no day.
    from transforms.events import happening_days

    assert happening_days("", "Volker testified on Tuesday before the committee.", "en", None) == ((), (), ())
    # Read ahead (what a preview announces): each weekday name is the next such day after the
    # publication, "tomorrow" is kept, what is past is left out.
    sunday = _day("2019-11-24")
    assert day_references("She will play at the awards on Sunday", "en", published, ahead=True) == [(sunday, sunday)]
    assert day_references("Volker testified before the committee yesterday", "en", published, ahead=True) == []


def test_the_matrix_and_the_pair_apply_the_same_day_rule():
    from transforms.events import similarity_matrix

    title, text, when = PREVIEW
    members = _dated_pages(HEARINGS) + _labelled_rows(ROOT / "benchmarks" / "data" / "events-labelled-2.jsonl", ["l12-a1", "l12-a3"])
    members.append(Member("preview", event_time(when, 0.0), article_terms(title, text, "es", SETTINGS, event_time(when, 0.0)),
                          language="es"))
    s = SETTINGS
    sim = similarity_matrix(members, s.window_hours * 3600, s.same_publisher_factor, s.threshold / s.cross_language_threshold,
                            s.cross_language_floor, s.cross_language_min_anchors, s.decay_hours, s.topic_decay_hours,
                            s.min_specifics, s.part_share, s.part_factor, s.part_cohesion, s.other_day_factor,
                            s.same_day_factor, decay_grace_hours=s.decay_grace_hours)
    for i, a in enumerate(members):
        for j, b in enumerate(members):
            if i != j:
                assert sim[i, j] == pytest.approx(pair_similarity(a, b, s), abs=1e-9)
    assert sim[0, 2] == 0.0 and sim[0, 1] > 0  # the Sondland preview told apart; the two reports linked
    assert sim[5, 3] == 0.0 and sim[5, 4] == 0.0 and sim[3, 4] > 0  # the match preview anticipates both reports


def test_the_events_index_keeps_the_days_an_article_names(tmp_path):
    """A preview read in tomorrow's run is still told apart from today's reports: the index row
    keeps the days (older files: none, so such a row is never told apart)."""
    from transforms.events import index_row, read_index_file
    from transforms.records import EVENT_INDEX_SCHEMA
    import pyarrow as pa
    import pyarrow.parquet as pq

    cbs = _dated_pages(HEARINGS[:1])[0]
    path = tmp_path / "run-1.parquet"
    pq.write_table(pa.Table.from_pylist([index_row(cbs, "ev-1", cbs.time, True)], schema=EVENT_INDEX_SCHEMA), str(path))
    (back,) = list(read_index_file(str(path)))
    assert back.vec.days == cbs.vec.days and back.vec.named_days == cbs.vec.named_days and back.vec.days
    assert back.vec.ahead_days == cbs.vec.ahead_days
    older = pa.Table.from_pylist([index_row(cbs, "ev-1", cbs.time, True)], schema=EVENT_INDEX_SCHEMA).drop(["lead_days", "named_days", "ahead_days"])
    pq.write_table(older, str(tmp_path / "run-0.parquet"))
    (old,) = list(read_index_file(str(tmp_path / "run-0.parquet")))
    assert old.vec.days == () and old.vec.named_days == () and old.vec.ahead_days == ()


# A Spanish preview of Lyon - Porto (Europa League, Thursday 27 Nov 2025), published on the
# Wednesday morning, written for this test in the manner of the labelled sets; the match's three
# reports (fr, en, es) are events-labelled-2.jsonl's l12.
PREVIEW = (
    "Europa League: el Lyon recibe al Oporto con Lacazette como amenaza",
    "El Olympique de Lyon recibe el jueves al FC Oporto en el Groupama Stadium, en la quinta jornada de la fase "
    "liga de la Europa League, con la necesidad de ganar para acercarse al top 8.\n\n"
    "Alexandre Lacazette, máximo goleador del equipo lionés, será la principal amenaza ante un Oporto que llega "
    "con bajas en defensa. Malick Fofana, autor de un doblete ante el Nantes, también apunta al once titular.\n\n"
    "El técnico del Lyon pidió a la afición llenar el Groupama Stadium: una victoria ante el conjunto portugués "
    "dejaría al equipo francés muy cerca de los octavos de final de la Europa League.",
    "2025-11-26T08:00:00Z",
)


def _labelled_rows(path, ids) -> list[Member]:
    return labelled_members(path, SETTINGS, ids, templates=False)


def test_a_preview_published_before_the_match_joins_none_of_its_reports():
    """The preview names Thursday ahead ("recibe el jueves": the next Thursday after its
    publication; its lead names no day of its own) and the reports lead with Thursday, a day
    after the preview came out: it announces their happening, it cannot report it
    (``anticipates``). Without the rule it joins their event (the cast, the stadium, Lacazette)."""
    from transforms.events import anticipates

    title, text, when = PREVIEW
    t = event_time(when, 0.0)
    preview = Member("preview", t, article_terms(title, text, "es", SETTINGS, t), language="es", publisher="Diario")
    reports = _labelled_rows(ROOT / "benchmarks" / "data" / "events-labelled-2.jsonl", ["l12-a1", "l12-a2", "l12-a3"])
    thursday = _day("2025-11-27")
    assert preview.vec.days == () and preview.vec.ahead_days == ((thursday, thursday),)
    assert all(r.vec.days == ((thursday, thursday),) for r in reports)
    assert all(anticipates(preview, r) and not anticipates(r, preview) for r in reports)
    off = SETTINGS._replace(other_day_factor=1.0)

    def events(settings):
        return {m.id: e for e, people in assign_events([preview, *reports], settings) for m in people}

    before, after = events(off), events(SETTINGS)
    assert len(set(before.values())) == 1  # precondition: the preview joins
    assert after["preview"] != after["l12-a1"] and len({after[r.id] for r in reports}) == 1


def test_a_first_report_announcing_the_next_day_anticipates_nothing():
    """First reports announce what comes ("trains stay halted on Monday", aftershocks expected):
    a lead that names a day of its own (the storm's, the quake's) reports, it does not preview,
    so the follow-up of the next day stays in the event (labelled e09 Storm Bastian, l2 Mindanao)."""
    from transforms.events import anticipates

    storm = _labelled_rows(LABELLED, ["e09-a2", "e09-a5"])
    quake = _labelled_rows(ROOT / "benchmarks" / "data" / "events-labelled-2.jsonl", ["l2-a2", "l2-a4"])
    for first, later in (storm, quake):
        assert first.vec.ahead_days and first.vec.days  # it names a day ahead, and one of its own
        assert not anticipates(first, later)
        found = _events([first, later])
        assert found[first.id] == found[later.id]


def test_reports_in_two_languages_leading_with_the_same_day_link_more_easily():
    """Labelled e21: the German report shares few names and figures with the English, French and
    Arabic ones (cross-language similarity 0.20-0.25 at most: apart) but its lead names the same
    day as theirs: x ``same_day_factor`` it joins their event. Same-language pairs are not
    boosted (their words already say it)."""
    from transforms.events import same_day

    members = _labelled_rows(LABELLED, ["e21-a1", "e21-a2", "e21-a3", "e21-a4"])
    german = members[2]
    assert german.language == "de" and all(same_day(german.vec, m.vec) for m in members if m is not german)
    # off in configs/default.yaml (1.0: it cost precision on the blind events-2 set); on at 1.5 here
    # at decay_hours 12 (at the default 60 the German report joins without the day: 38 h apart; since
    # compounds are split, "Küstenwache" -> "küste" + "wache", test_events_compounds.py, also at 48)
    off = SETTINGS._replace(same_day_factor=1.0, decay_hours=12.0)
    on = SETTINGS._replace(same_day_factor=1.5, decay_hours=12.0)
    assert SETTINGS.same_day_factor == 1.0
    for m in members:
        if m is not german:
            assert pair_similarity(german, m, on) == pytest.approx(pair_similarity(german, m, off) * 1.5)

    def events(settings):
        return {m.id: e for e, people in assign_events(members, settings) for m in people}

    assert events(off)["e21-a3"] != events(off)["e21-a1"]  # precondition: apart without the day
    assert len(set(events(on).values())) == 1


def test_lookalikes_on_the_same_day_stay_apart_with_their_days():
    """events-labelled-2.jsonl with the days read (two derailments the same day, two elections the
    same evening...): leading with a common day does not join look-alikes."""
    from transforms.events import drop_templates

    path = ROOT / "benchmarks" / "data" / "events-labelled-2.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    members = drop_templates(_labelled_rows(path, [r["id"] for r in rows]), SETTINGS)
    gold = {r["id"]: r["event"] for r in rows}
    from transforms.events import same_day

    assert sum(1 for m in members if m.vec.days) >= 35
    # precondition: look-alikes of different languages leading with one day exist (the derailments, the elections)
    assert sum(1 for a in members for b in members if a.language != b.language and gold[a.id] != gold[b.id]
               and same_day(a.vec, b.vec)) >= 10
    found = _events(members)
    for event in set(gold.values()):
        assert len({found[i] for i in gold if gold[i] == event}) == 1, event
    assert len(set(found.values())) == len(set(gold.values()))
