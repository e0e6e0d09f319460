"""Event-grouping benchmark (transforms/events.py): seeds, false merges on real pages, a labelled
multilingual set, cost and memory.

    PYTHONPATH=. .venv/bin/python benchmarks/events.py [--skip-bench-pages] [--sizes 10000] [--labelled FILE]

(a) seeds: the five seed articles through the whole pipeline: events and articles per event.
(b) false merges: every page of ../shared/bench-data/extraction-* (AEB, DAnIEL, Fundus; 511
    pages, five languages, about 500 stories) through the whole pipeline with its own dates.
    An article is falsely merged when its event holds an article of another story. Stories are
    one page each, except the groups of pages judged by hand to report the same story
    (benchmarks/data/events-bench-stories.tsv, found by reading every multi-article event the
    stage formed at thresholds 0.1-0.3, with and without dates; why each group is one event:
    events-bench-story-reasons.tsv, printed beside each such event formed). The same articles are then
    regrouped with the pure layer at other thresholds (dates as the pipeline read them).
(c) labelled sets: benchmarks/data/events-labelled.jsonl (134 articles, 50 events, ar/de/en/es/fr),
    events-labelled-2.jsonl (45 articles, 12 events: six look-alike pairs, ar/de/en/es/fr) and
    events-labelled-3.jsonl (50 articles, 13 events: cross-script reports in
    de/en/es/fa/hi/ja/ru/tr/zh, two look-alikes, a match preview, three digests),
    events-labelled-4.jsonl (40 articles, 7 events in 15 languages: names in hanzi, katakana,
    hangul, Arabic, Persian, Devanagari and Cyrillic; a summit / law and an anniversary look-alike),
    events-labelled-5.jsonl (32 articles, 10 events in 12 languages: future-tense previews naming no
    day, two daily digests, Korean/Japanese/Ukrainian reports with 만/億 figures),
    events-labelled-6.jsonl (28 articles, 10 events each reported in one language only, ko/ja/fr/uk/ar,
    by 2-4 outlets in their own words, each with a look-alike of its kind),
    events-labelled-7.jsonl (70 articles, 27 events in 22 languages, written blind to the stage:
    49 same-language pairs, look-alikes of one company, club or city in one language),
    events-labelled-8.jsonl (140 articles, 44 events in 24 languages), events-labelled-9.jsonl
    (132 articles, 53 events in 28 languages) and events-labelled-10.jsonl (130 articles, 50
    events in 31 languages), all three written blind to the stage,
    see benchmarks/data/README.md, together through the whole pipeline: pairwise precision and
    recall (a pair is right when both articles are of one event <=> one event_id), also per set;
    then the pure layer by threshold. ``--labelled FILE`` (repeatable) scores a labelled JSONL of
    that format (id, event, lang, publisher, published, title, text) instead, e.g. a blind set
    kept outside the repository: the same figures, every false-merge pair by id and the gold
    events split over several event ids.
(d) cost: the vector of one article (ms, median over the bench articles), the stage's ms per
    article from the pipeline's Beam counters, and N synthetic articles through AssignEvents
    alone on the DirectRunner in a fresh process: wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import json
import os
import pathlib
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402
import yaml  # noqa: E402

from transforms.events import (  # noqa: E402
    Member, article_terms, assign_events, drop_templates, event_time, parse_settings, publisher_of,
)
from transforms.records import Document  # noqa: E402

SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))
BENCH = SHARED / "bench-data"
DATA = ROOT / "benchmarks" / "data"
CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["events"]
THRESHOLDS = (0.25, 0.3, 0.35, 0.4)  # one language: cosine
DECAYS = (0, 24, 36, 48, 72, 96)  # events.decay_hours (0: no time decay)
TOPIC_DECAYS = (0, 12, 16, 20, 24, 36)  # events.topic_decay_hours (0: topic pairs decay as the others)
MIN_SPECIFICS = (2, 3, 4, 5)  # events.min_specifics
PART_COHESIONS = (0.4, 0.5, 0.6)  # events.part_cohesion
PART_SHARES = (0, 0.2, 0.3, 0.4, 0.5)  # events.part_share (0: the part rule off)
OTHER_DAY_FACTORS = (1.0, 0.5, 0.25, 0.0)  # events.other_day_factor (1: the day rule off)
SAME_DAY_FACTORS = (1.0, 1.25, 1.5, 2.0)  # events.same_day_factor (1: off)
CROSS_THRESHOLDS = (0.1, 0.12, 0.15, 0.2, 0.25)  # two languages: cosine of names and numbers
# The labelled sets (benchmarks/data/README.md): scored together, and each on its own.
LABELLED = ("events-labelled.jsonl", "events-labelled-2.jsonl", "events-labelled-3.jsonl", "events-labelled-4.jsonl",
            "events-labelled-5.jsonl", "events-labelled-6.jsonl", "events-labelled-7.jsonl",
            "events-labelled-8.jsonl", "events-labelled-9.jsonl", "events-labelled-10.jsonl")


def run_pipeline(inputs: list[pathlib.Path], out: pathlib.Path) -> tuple[dict, float, float]:
    """The whole pipeline in a child process; (summary, wall s, peak RSS MB of the children so far)."""
    argv = [sys.executable, "-m", "pipelines.ingest", "--output", str(out), "--quiet", "--no-report"]
    for path in inputs:
        argv += ["--input", str(path)]
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return json.loads((out / "summary.json").read_text("utf-8")), wall, peak


def read(out: pathlib.Path, table: str) -> list[dict]:
    return pq.read_table(str(out / table)).to_pylist()


def members_of(articles: list[dict], settings, now: float) -> list[Member]:
    out = []
    for a in articles:
        published = a["published"].isoformat() if a["published"] else ""
        when = event_time(published, float("nan"))
        dated = when == when
        if not dated:  # as the stage times it: when it was fetched (an upper bound), else the run's time
            when = event_time(a["fetched_at"].isoformat() if a.get("fetched_at") else "", now)
        vec = article_terms(a["title"] or "", a["text"], a["language"], settings, when if dated else None)
        publisher = publisher_of(Document(a["id"], "", a["url"] or "", "text", publisher=a["publisher"] or ""))
        out.append(Member(a["id"], when, vec, publisher=publisher, language=a["language"] or "", dated=dated))
    return drop_templates(out, settings)  # as the stage does: each publisher's template terms dropped


def regroup(members: list[Member], threshold: float, cross: float | None = None,
            decay: float | None = None, **overrides) -> dict[str, str]:
    """The pure layer over all members as one component (what the stage gives when its blocks
    find every link), at the given thresholds, time decay and other events settings (default:
    the config's)."""
    settings = parse_settings({**CONFIG, "threshold": threshold, "max_component_size": 100000,
                               "cross_language_threshold": cross or CONFIG["cross_language_threshold"],
                               "decay_hours": CONFIG["decay_hours"] if decay is None else decay, **overrides})
    fixed = [m._replace(vec=m.vec) for m in members]
    return {m.id: event_id for event_id, people in assign_events(fixed, settings) for m in people}


def trade_off_tables(cell, what: str, width: int) -> None:
    """Print the two rule grids of the pure layer: topic_decay_hours x min_specifics and part_cohesion
    x part_share, ``cell(**rule)`` giving each cell's text (``what`` names it), ``width`` characters."""
    grids = (("topic_decay_hours", TOPIC_DECAYS, lambda v: f"{v:4d} h", "min_specifics", MIN_SPECIFICS, "d", ""),
             ("part_cohesion", PART_COHESIONS, lambda v: f"{v:4.1f}  ", "part_share", PART_SHARES, ".1f", "; 0 = off"))
    for row_key, rows, row_label, col_key, cols, col_format, note in grids:
        print(f"    pure layer by {row_key} (rows) and {col_key} (columns{note}): {what}")
        print("      " + " ".join(f"{k:>{width}{col_format}}" for k in cols))
        for row in rows:
            cells = [cell(**{row_key: row, col_key: k}) for k in cols]
            print(f"      {row_label(row)} " + " ".join(f"{c:>{width}s}" for c in cells))
    cells = [f"{f}: {cell(other_day_factor=f)}" for f in OTHER_DAY_FACTORS]
    print(f"    pure layer by other_day_factor (1 = off; leads naming only other days): {what}: " + "; ".join(cells))
    cells = [f"{f}: {cell(same_day_factor=f)}" for f in SAME_DAY_FACTORS]
    print(f"    pure layer by same_day_factor (1 = off; two languages, leads naming a common day): {what}: " + "; ".join(cells))


def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0), tp, fp, fn


def false_merges(pred: dict[str, str], story: dict[str, str]) -> list[str]:
    """Articles whose event holds an article of another story."""
    by_event = collections.defaultdict(set)
    for aid, ev in pred.items():
        by_event[ev].add(story[aid])
    return sorted(aid for aid, ev in pred.items() if len(by_event[ev]) > 1)


def same_story_pairs(pred: dict[str, str], story: dict[str, str]) -> tuple[int, int]:
    """(pairs of one story given one event, pairs of one story) over the articles of ``pred``."""
    by_story = collections.defaultdict(list)
    for aid in sorted(pred):
        by_story[story[aid]].append(aid)
    pairs = [(a, b) for ids in by_story.values() for a, b in itertools.combinations(ids, 2)]
    return sum(pred[a] == pred[b] for a, b in pairs), len(pairs)


# ---- (a) seeds ----------------------------------------------------------------------------------


def seeds(tmp: pathlib.Path) -> None:
    summary, wall, _ = run_pipeline([ROOT / "seeds"], tmp / "seeds")
    events = read(tmp / "seeds", "events")
    print(f"(a) seeds: {summary['articles']} articles, {len(events)} event(s), articles per event "
          f"{sorted(e['articles'] for e in events)} (pipeline {wall:.1f} s)")


# ---- (b) false merges on the bench pages --------------------------------------------------------


def page_key(source: str) -> str:
    path = pathlib.Path(source)
    return f"{path.parent.parent.name}/{path.stem}"


def bench_pages(tmp: pathlib.Path) -> dict:
    sets = sorted(p / "html" for p in BENCH.glob("extraction-*") if (p / "html").is_dir())
    summary, wall, peak = run_pipeline(sets, tmp / "bench")
    articles = read(tmp / "bench", "articles")
    events = read(tmp / "bench", "events")
    stories_file = DATA / "events-bench-stories.tsv"
    labelled = {}
    for line in stories_file.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, label = line.split("\t")[:2]
            labelled[key] = label
    key_of = {a["id"]: page_key(a["source"]) for a in articles}
    story = {aid: labelled.get(key, key) for aid, key in key_of.items()}
    pred = {a["id"]: a["event_id"] for a in articles}
    wrong = false_merges(pred, story)
    n = len(articles)
    multi = [e for e in events if e["articles"] > 1]
    dated = sum(1 for a in articles if a["published"])
    members = members_of(articles, parse_settings(CONFIG), time.time())
    print(f"\n(b) bench pages: {summary['inputs']} pages -> {n} articles ({dated} dated), {len(events)} events, "
          f"{len(multi)} with several articles; pipeline {wall:.1f} s, peak RSS {peak:.0f} MB")
    print(f"    articles whose lead names a day (of {dated} dated): {sum(1 for m in members if m.vec.days)}")
    print(f"    falsely merged articles (threshold {CONFIG['threshold']}, cross-language "
          f"{CONFIG['cross_language_threshold']}, decay {CONFIG['decay_hours']} h, topic pairs {CONFIG['topic_decay_hours']} h "
          f"under {CONFIG['min_specifics']} shared specifics, part pairs x{CONFIG['part_factor']} under cohesion "
          f"{CONFIG['part_cohesion']} and coverage {CONFIG['part_share']}, other-day pairs x{CONFIG['other_day_factor']}): {len(wrong)} = {len(wrong) / n:.2%} (target <= 0.5%)")
    kept, pairs = same_story_pairs(pred, story)
    print(f"    pairs of pages judged one story (events-bench-stories.tsv) given one event: {kept}/{pairs} "
          "(a guard: splitting them does not count above)")
    title = {a["id"]: (a["title"] or a["text"][:60]).replace("\n", " ")[:70] for a in articles}
    lang = {a["id"]: a["language"] or "und" for a in articles}
    why = {}
    for line in (DATA / "events-bench-story-reasons.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, reason = line.split("\t")[:2]
            why[label] = reason
    for e in sorted(multi, key=lambda e: (-e["articles"], e["event_id"])):
        labels = sorted({story[i] for i in e["article_ids"]})
        if len(labels) == 1:
            print(f"    same story: {e['articles']} articles ({labels[0]}: {why.get(labels[0], 'one page')})")
        else:
            print(f"    FALSE MERGE: {e['articles']} articles, stories {', '.join(why.get(x) and x or 'one page' for x in labels)}")
        for i in e["article_ids"]:
            print(f"        {lang[i]:3s} {key_of[i][:60]:60s} {title[i]}")
    print("    pure layer over the same articles: falsely merged articles (share) / events with several articles")
    print("      threshold \\ cross_language_threshold " + " ".join(f"{c:>16.2f}" for c in CROSS_THRESHOLDS))
    for threshold in THRESHOLDS:
        cells = []
        for cross in CROSS_THRESHOLDS:
            regrouped = regroup(members, threshold, cross)
            sizes = collections.Counter(regrouped.values())
            wrong_n = len(false_merges(regrouped, story))
            cells.append(f"{wrong_n:3d} ({wrong_n / n:5.2%}) / {sum(1 for c in sizes.values() if c > 1):2d}")
        print(f"      {threshold:9.2f}                          " + " ".join(f"{c:>16s}" for c in cells))
    cells = []
    for decay in DECAYS:
        regrouped = regroup(members, CONFIG["threshold"], decay=decay)
        wrong_n = len(false_merges(regrouped, story))
        kept_n, _ = same_story_pairs(regrouped, story)
        cells.append(f"{decay}: {wrong_n} ({wrong_n / n:.2%}), {kept_n}/{pairs} pairs")
    print("    pure layer by decay_hours (default thresholds): falsely merged, same-story pairs kept: " + "; ".join(cells))
    def merged(**rule) -> str:
        regrouped = regroup(members, CONFIG["threshold"], **rule)
        wrong_n = len(false_merges(regrouped, story))
        kept_n, _ = same_story_pairs(regrouped, story)
        return f"{wrong_n:2d} ({wrong_n / n:5.2%}) {kept_n:2d}/{pairs}"

    trade_off_tables(merged, "falsely merged, same-story pairs kept", 22)
    cross_pairs = sum(1 for e in multi if len({lang[i] for i in e["article_ids"]}) > 1)
    print(f"    events mixing languages: {cross_pairs}; falsely merged by language: "
          f"{dict(sorted(collections.Counter(lang[i] for i in wrong).items()))}")
    stage = summary.get("stage_seconds", {}).get("events")
    count = summary.get("stage_elements", {}).get("events")
    return {"articles": n, "stage_seconds": stage, "stage_elements": count, "members": members}


# ---- (c) the labelled set -----------------------------------------------------------------------


def read_labelled(paths: list[pathlib.Path]) -> tuple[list[dict], dict[str, str]]:
    """The rows of labelled JSONL files (one article a line: id, event, lang, publisher, published,
    title, text; publisher, published and title may be missing or empty) and each id's file name.
    Raises ValueError on a line without id, event or text, or on an id seen twice."""
    rows, part = [], {}
    for path in paths:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [k for k in ("id", "event", "text") if not row.get(k)]
            if missing:
                raise ValueError(f"{path}:{number}: no {', '.join(missing)}")
            if row["id"] in part:
                raise ValueError(f"{path}:{number}: id {row['id']!r} seen twice")
            row = {**row, "lang": row.get("lang") or "", "publisher": row.get("publisher") or "",
                   "published": row.get("published") or "", "title": row.get("title") or ""}
            rows.append(row)
            part[row["id"]] = path.name
    return rows, part


def labelled(tmp: pathlib.Path, paths: list[pathlib.Path] | None = None) -> None:
    """(c): the labelled sets (default: the repository's LABELLED files; ``--labelled FILE``: those
    files instead) through the whole pipeline, pairwise precision/recall, every false-merge pair
    by id, then the pure layer's tables."""
    paths = paths or [DATA / name for name in LABELLED]
    rows, part = read_labelled(paths)
    names = list(dict.fromkeys(part.values()))
    folder = tmp / "labelled-in"
    folder.mkdir()
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            record = {"url": f"https://{r['id']}.events.example/", "title": r["title"], "text": r["text"],
                      "published": r["published"], "publisher": r["publisher"], "language": r["lang"]}
            fh.write(json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False) + "\n")
    summary, wall, _ = run_pipeline([folder], tmp / "labelled")
    articles = read(tmp / "labelled", "articles")
    gid = {f"https://{r['id']}.events.example/": r["id"] for r in rows}
    gold_event = {r["id"]: r["event"] for r in rows}
    lang = {r["id"]: r["lang"] or "und" for r in rows}
    published = {r["id"]: r["published"] or "undated" for r in rows}
    pred = {gid[a["url"]]: a["event_id"] for a in articles}
    gold = {k: gold_event[k] for k in pred}
    precision, recall, tp, fp, fn = pairwise(pred, gold)
    print(f"\n(c) labelled set ({', '.join(str(p) for p in paths)}): {len(rows)} articles -> {summary['articles']} articles, "
          f"{len(set(pred.values()))} events (gold {len(set(gold.values()))}); pipeline {wall:.1f} s")
    print(f"    pairwise precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn}; "
          f"targets 0.9 / 0.8)")
    for name in names:
        ids = [k for k in gold if part[k] == name]
        p_, r_, tp_, fp_, fn_ = pairwise({k: pred[k] for k in ids}, {k: gold[k] for k in ids})
        print(f"      {name}: {len(ids)} articles, {len({gold[k] for k in ids})} events: precision {p_:.3f}, "
              f"recall {r_:.3f} (tp {tp_}, fp {fp_}, fn {fn_})")
    same_lang = [(a, b) for a, b in itertools.combinations(sorted(gold), 2) if gold[a] == gold[b] and lang[a] == lang[b]]
    cross = [(a, b) for a, b in itertools.combinations(sorted(gold), 2) if gold[a] == gold[b] and lang[a] != lang[b]]
    for name, pairs in (("same-language", same_lang), ("cross-language", cross)):
        found = sum(pred[a] == pred[b] for a, b in pairs)
        print(f"    recall on {name} pairs: {found}/{len(pairs)} = {found / max(1, len(pairs)):.3f}")
    by_lang = collections.Counter()
    for a, b in cross:
        if pred[a] == pred[b]:
            by_lang["-".join(sorted((lang[a], lang[b])))] += 1
    wrong = collections.Counter(
        "-".join(sorted((gold[a], gold[b]))) for a, b in itertools.combinations(sorted(gold), 2)
        if pred[a] == pred[b] and gold[a] != gold[b]
    )
    if wrong:
        print(f"    merged across gold events (pairs): {dict(wrong)}")
        title = {r["id"]: (r["title"] or r["text"][:60]).replace("\n", " ")[:60] for r in rows}
        print("    false-merge pairs (id, gold event, language, published, title):")
        for a, b in itertools.combinations(sorted(gold), 2):
            if pred[a] == pred[b] and gold[a] != gold[b]:
                print(f"      {a} ({gold[a]}, {lang[a]}, {published[a]}) ~ {b} ({gold[b]}, {lang[b]}, {published[b]})")
                print(f"          {title[a]} | {title[b]}")
    split = collections.defaultdict(lambda: collections.defaultdict(list))
    for k in sorted(gold):
        split[gold[k]][pred[k]].append(k)
    split = {event: groups for event, groups in sorted(split.items()) if len(groups) > 1}
    if split:
        print("    gold events given several event ids (ids per event id):")
        for event, groups in split.items():
            print(f"      {event}: " + " | ".join(", ".join(ids) for ids in sorted(groups.values())))
    lost = sorted(set(gold_event) - set(gold))
    if lost:
        print(f"    articles not in the output (rejected or duplicates): {', '.join(lost)}")
    if by_lang:
        print(f"    cross-language pairs found, by languages: {dict(sorted(by_lang.items()))}")
    per_lang = {}
    for code in sorted(set(lang.values())):
        pairs = [(a, b) for a, b in itertools.combinations(sorted(gold), 2) if gold[a] == gold[b] and code in (lang[a], lang[b])]
        per_lang[code] = f"{sum(pred[a] == pred[b] for a, b in pairs)}/{len(pairs)}"
    print(f"    recall of the pairs holding an article of each language: {per_lang}")
    now = time.time()  # an undated article's time, as the stage's when it reads it (an upper bound)
    members = drop_templates([
        Member(r["id"], event_time(r["published"], now),
               article_terms(r["title"], r["text"], r["lang"], parse_settings(CONFIG),
                             event_time(r["published"], now) if r["published"] else None),
               publisher=r["publisher"], language=r["lang"], dated=bool(r["published"]))
        for r in rows
    ], parse_settings(CONFIG))
    gold_all = {r["id"]: r["event"] for r in rows}
    print("    pure layer (given languages): precision / recall")
    print("      threshold \\ cross_language_threshold " + " ".join(f"{c:>13.2f}" for c in CROSS_THRESHOLDS))
    for threshold in THRESHOLDS:
        cells = []
        for cross in CROSS_THRESHOLDS:
            p, r, *_ = pairwise(regroup(members, threshold, cross), gold_all)
            cells.append(f"{p:.3f} / {r:.3f}")
        print(f"      {threshold:9.2f}                          " + " ".join(f"{c:>13s}" for c in cells))
    cells = []
    for decay in DECAYS:
        p, r, *_ = pairwise(regroup(members, CONFIG["threshold"], decay=decay), gold_all)
        cells.append(f"{decay}: {p:.3f} / {r:.3f}")
    print("    pure layer by decay_hours (default thresholds): precision / recall: " + "; ".join(cells))
    def scored(**rule) -> str:
        p, r, *_ = pairwise(regroup(members, CONFIG["threshold"], **rule), gold_all)
        return f"{p:.3f} / {r:.3f}"

    trade_off_tables(scored, "precision / recall", 13)


# ---- (d) cost -----------------------------------------------------------------------------------


def vector_cost(members_source: list[tuple[str, str, str]]) -> None:
    settings = parse_settings(CONFIG)
    for title, text, language in members_source[:50]:  # load the lists first
        article_terms(title, text, language, settings)
    times = []
    for title, text, language in members_source:
        started = time.perf_counter()
        article_terms(title, text, language, settings)
        times.append((time.perf_counter() - started) * 1000)
    print(f"\n(d) vector per article: median {statistics.median(times):.2f} ms, mean {statistics.mean(times):.2f} ms "
          f"({len(times)} bench articles, mean {statistics.mean(len(t) for _, t, _ in members_source):.0f} chars)")


_CHUNK = 500  # synthetic articles generated per element of the scale child's Create


@functools.lru_cache(maxsize=1)
def _sentences() -> list:
    bodies = [p.read_text("utf-8") for p in sorted((BENCH / "extraction-aeb" / "gt_txt").glob("*.txt"))]
    return [s for b in bodies for s in b.replace("\n", " ").split(". ") if len(s) > 40]


def _synthetic_chunk(chunk: int, seed: int = 5) -> list:
    """The ``chunk``-th ``_CHUNK`` synthetic articles, in stories of 1-4 reports: each report samples
    sentences of one source text of 30 AEB sentences and is dated within a day of its story;
    stories spread over 60 days. A pure function of (chunk, seed): the pipeline generates its own
    documents, so the harness holds none of them (a Create of 100k Documents alone cost ~39 KB each)."""
    from transforms.records import Document

    sentences = _sentences()
    rng = random.Random(seed * 1_000_003 + chunk)
    docs = []
    story = 0
    while len(docs) < _CHUNK:
        base = rng.sample(sentences, 30)
        day = rng.uniform(0, 60)
        for k in range(rng.randint(1, 4)):
            text = ". ".join(rng.sample(base, 18)) + "."
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_700_000_000 + (day + rng.uniform(0, 1)) * 86400))
            docs.append(Document(id=f"c{chunk:04d}-s{story:04d}-{k}", source="synthetic", url="", format="text",
                                 text=text, language="en", published=when))
        story += 1
    return docs[:_CHUNK]


def _synthetic_docs(chunk: int, n: int) -> list:
    return _synthetic_chunk(chunk)[: max(0, n - chunk * _CHUNK)]


def scale_child(n: int) -> None:
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    from transforms.events import AssignEvents
    from transforms.records import Duplicate

    chunks = list(range((n + _CHUNK - 1) // _CHUNK))
    started = time.perf_counter()
    with beam.Pipeline(options=PipelineOptions(["--direct_num_workers=1"])) as p:
        kept, _dups, events = (
            p | "Chunks" >> beam.Create(chunks) | "Docs" >> beam.FlatMap(_synthetic_docs, n),
            p | "Dups" >> beam.Create([Duplicate("d", "s", "", "c0000-s0000-0", 1.0, "near")]),
        ) | AssignEvents(CONFIG)
        _ = events | beam.combiners.Count.Globally() | beam.Map(lambda c: print("EVENTS", c, flush=True))
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("WALL", wall, "RSS", usage.ru_maxrss / 1024, flush=True)
    print("CPU", usage.ru_utime + usage.ru_stime, flush=True)


def scale(sizes: list[int]) -> None:
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--scale-child", str(n)], capture_output=True, text=True,
                             cwd=ROOT, check=True)
        lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if line.split(" ", 1)[0] in ("WALL", "EVENTS", "CPU"))
        wall, _, rss = lines["WALL"].partition(" RSS ")
        cpu = float(lines["CPU"])
        print(f"    {n:,} synthetic articles (generated inside the pipeline), AssignEvents alone on the DirectRunner: "
              f"{float(wall):.1f} s wall, {cpu:.1f} CPU-s ({cpu / n * 1000:.2f} ms CPU/article), peak RSS "
              f"{float(rss):.0f} MB ({float(rss) * 1024 / n:.1f} KB/article), {lines['EVENTS']} events")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-bench-pages", action="store_true")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000])
    parser.add_argument("--scale-child", type=int)
    parser.add_argument("--labelled", type=pathlib.Path, action="append", metavar="FILE",
                        help="score this labelled JSONL (id, event, lang, publisher, published, title, text) "
                             "in (c) instead of the repository's sets; repeatable")
    args = parser.parse_args()
    if args.scale_child:
        scale_child(args.scale_child)
        return
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="events-bench-"))
    try:
        seeds(tmp)
        labelled(tmp, args.labelled)
        if not args.skip_bench_pages:
            bench = bench_pages(tmp)
            articles = read(tmp / "bench", "articles")
            vector_cost([(a["title"] or "", a["text"], a["language"]) for a in articles])
            if bench["stage_seconds"] is not None and bench["stage_elements"]:
                print(f"    the events stage in the pipeline run (b): {bench['stage_seconds']:.2f} s for "
                      f"{bench['stage_elements']} articles = {bench['stage_seconds'] / bench['stage_elements'] * 1000:.2f} "
                      "ms/article (Beam counters)")
        scale(args.sizes)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
