"""Extraction quality: bare trafilatura vs the pipeline's extraction + cleaning, side by side, same run.

Data (../shared/bench-data, each with its README and licence):
  extraction-aeb       Zyte Article Extraction Benchmark, 181 pages, mostly English (MIT);
  extraction-daniel    DAnIEL v2.1, 250 news pages in el, en, pl, ru, zh (GPL-3.0, evaluation only);
  extraction-fundus80  the Fundus paper's 80 pages from 16 English publishers (MIT).
Scoring follows the AEB's evaluate.py: per page, TP/FP/FN over the multiset of `\\w+` tokens,
precision and recall per page. Printed: P and R averaged over pages, F1 = the mean of per-page F1
(the figure the issue tracker and README quote), per set and per language, for
  bare      `trafilatura.extract(raw_bytes, include_comments=False, include_tables=False)`;
  pipeline  decode_bytes -> extract_html (configs/default.yaml) -> per-site repeated lines
            (StripRepeatedLines' rule, pages grouped by their site as the batch pipeline groups
            fetched pages) -> clean_text;
the pipeline's F1 again with its title put before its text (last column): the pipeline keeps the
headline in the title, never at the head of the text; the AEB and Fundus80 references leave the
headline out of the body, DAnIEL's open with it (its README), so that column is DAnIEL's reading;
the share of pages where the pipeline is worse than bare by more than 0.05 F1, the pages where it
loses most, and extraction cost (median CPU ms/page: bare's call vs extract_html, which includes
metadata).

Also on the seeds (seeds/ + ../shared/seeds/expected.json): boilerplate lines removed, body lines
kept, titles, publisher and date; and false positives on body sentences (../shared/bench-data/
langid/sentences, lingua-py test data, Apache-2.0) and on the AEB annotated bodies.

    PYTHONPATH=. .venv/bin/python benchmarks/extraction.py [--sets DIR ...] [--jobs N] [--worst N] [--no-seeds]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from typing import List, NamedTuple
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pipelines.config import load_config  # noqa: E402
from transforms.clean import Lexicon, clean_text, short_line_keys, strip_lines  # noqa: E402
from transforms.decode import NotText, decode_bytes  # noqa: E402
from transforms.htmltext import NothingExtracted, extract_html, paragraphs_of_plain_text  # noqa: E402

_TOKEN = re.compile(r"\w+")


def _grams(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(truth: str, pred: str, n: int = 1) -> tuple[float, float, float]:
    """(precision, recall, F1) of one page, token multisets (n-gram shingles), evaluate.py's edge cases."""
    a, b = _grams(truth, n), _grams(pred, n)
    tp, fp, fn = sum((a & b).values()), sum((b - a).values()), sum((a - b).values())
    if fp == fn == 0:
        return 1.0, 1.0, 1.0
    p = 0.0 if tp == fp == 0 else tp / (tp + fp)
    r = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summary(rows: list) -> dict:
    p = statistics.mean(r[0] for r in rows)
    r = statistics.mean(r[1] for r in rows)
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r), "meanF1": statistics.mean(x[2] for x in rows)}


SETS = ("extraction-aeb", "extraction-daniel", "extraction-fundus80")
EXTRACT_OPTIONS = ("favor_precision", "favor_recall", "no_fallback", "include_tables", "include_comments",
                   "extensive_date_search", "compare_default_mode", "settled_coverage", "unwrap_layout_tables")
WORSE_BY = 0.05  # a page counts as worse than bare when its F1 is lower by more than this


class Page(NamedTuple):
    set: str
    id: str
    path: str  # the raw HTML file
    truth: str
    language: str  # ISO 639-1 from the ground truth, "" when the set does not give it
    site: str  # the page's host: the group the batch pipeline's per-site statistics use


def load_pages(folder: str) -> List[Page]:
    """The pages of one bench set (``ground-truth.json`` + ``html/<id>.html``), in id order."""
    name = os.path.basename(os.path.normpath(folder))
    truth = json.load(open(os.path.join(folder, "ground-truth.json"), encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        item = truth[key]
        url = item.get("url") or ""
        site = urlsplit(url).hostname if url else ""
        if not site and re.match(r"\d{8}_[^_]+_", key):  # DAnIEL ids: <date>_<host>_<hash>
            site = key.split("_")[1]
        pages.append(Page(name, key, os.path.join(folder, "html", f"{key}.html"), item["articleBody"],
                          item.get("language", ""), site or ""))
    return pages


def bare_text(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw, include_comments=False, include_tables=False) or ""


def _extract_one(args) -> tuple:
    """(bare text, extracted text, title, bare seconds, extract_html seconds, publisher, url) of
    one page file, read as a saved page (no URL given).
    Seconds are CPU time of this process (the machine's other load does not count)."""
    path, options = args
    raw = open(path, "rb").read()
    t0 = time.process_time()
    bare = bare_text(raw)
    t1 = time.process_time()
    try:
        found = extract_html(decode_bytes(raw, is_html=True).text, "", options)
        text, title, publisher, url = found.text, found.title, found.publisher, found.url
    except (NothingExtracted, NotText):
        text = title = publisher = url = ""
    return bare, text, title, t1 - t0, time.process_time() - t1, publisher, url


class PageResult(NamedTuple):
    page: Page
    bare: tuple  # (P, R, F1)
    pipeline: tuple  # (P, R, F1)
    text: str  # the pipeline's cleaned text
    titled: tuple  # (P, R, F1) of the pipeline's title + text (references that open with the headline)


def evaluate(folder: str, config: dict, lexicon: Lexicon, jobs: int = 1) -> tuple[List[PageResult], dict]:
    """Per-page scores of bare trafilatura and of the pipeline on one set, and timings
    ({"bare_ms", "extract_ms"}: medians per page)."""
    pages = load_pages(folder)
    options = {k: config["extract"][k] for k in EXTRACT_OPTIONS if k in config["extract"]}
    work = [(p.path, options) for p in pages]
    if jobs > 1:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            outs = pool.map(_extract_one, work, chunksize=4)
    else:
        outs = [_extract_one(w) for w in work]
    clean = config["clean"]
    max_words = clean["repeated_max_words"]
    by_site = defaultdict(list)
    for i, page in enumerate(pages):
        if page.site:
            by_site[page.site].append(i)
    texts = [out[1] for out in outs]
    for members in by_site.values():  # StripRepeatedLines' rule, per site
        counts = Counter()
        for i in members:
            counts.update(short_line_keys(texts[i], max_words))
        repeated = {key for key, n in counts.items()
                    if n >= clean["repeated_min_docs"] and n / len(members) >= clean["repeated_min_share"]}
        if repeated:
            for i in members:
                texts[i] = strip_lines(texts[i], repeated, max_words, clean["repeated_sentence_words"],
                                       clean["repeated_block_lines"], clean["repeated_max_text_share"])[0]
    results = []
    for page, out, text in zip(pages, outs, texts):
        # as the Clean stage calls it (transforms/clean.py _CleanFn) on a saved page's Document
        cleaned = clean_text(text, lexicon, title=out[2], site_names=(out[5],), url=out[6]).text
        titled = page_scores(page.truth, f"{out[2]}\n\n{cleaned}" if out[2] else cleaned)
        results.append(PageResult(page, page_scores(page.truth, out[0]), page_scores(page.truth, cleaned), cleaned, titled))
    timings = {"bare_ms": 1000 * statistics.median(o[3] for o in outs),
               "extract_ms": 1000 * statistics.median(o[4] for o in outs)}
    return results, timings


def set_summary(results: List[PageResult]) -> dict:
    """P, R (means over pages), F1 (mean of per-page F1) for bare and pipeline; the gain; the
    share of pages worse than bare by more than WORSE_BY."""
    out = {"pages": len(results)}
    for who in ("bare", "pipeline"):
        rows = [getattr(r, who) for r in results]
        out[who] = {k: statistics.mean(x[i] for x in rows) for i, k in enumerate(("P", "R", "F1"))}
    out["titled_F1"] = statistics.mean(r.titled[2] for r in results)
    out["gain"] = out["pipeline"]["F1"] - out["bare"]["F1"]
    out["worse"] = sum(1 for r in results if r.pipeline[2] < r.bare[2] - WORSE_BY)
    out["worse_share"] = out["worse"] / max(1, len(results))
    return out


def _line(label: str, s: dict) -> str:
    b, p = s["bare"], s["pipeline"]
    return (f"{label:22} {s['pages']:>5} | {b['P']:.3f} {b['R']:.3f} {b['F1']:.4f} | {p['P']:.3f} {p['R']:.3f} "
            f"{p['F1']:.4f} | {s['gain']:+.4f} | {s['worse']:>3} ({100 * s['worse_share']:.1f}%) | {s['titled_F1']:.4f}")


def run_sets(folders: List[str], config: dict, lexicon: Lexicon, jobs: int, worst: int) -> dict:
    print(f"{'set / language':22} {'pages':>5} | {'bare P':>6} {'R':>5} {'F1':>6} | {'pipe P':>6} {'R':>5} {'F1':>6} "
          f"| {'gain':>7} | worse than bare by > {WORSE_BY} | pipe F1 of title + text")
    summaries, losers, times = {}, [], {}
    for folder in folders:
        t0 = time.perf_counter()
        results, timings = evaluate(folder, config, lexicon, jobs)
        name = os.path.basename(os.path.normpath(folder))
        summaries[name] = set_summary(results)
        print(_line(name, summaries[name]))
        languages = sorted({r.page.language for r in results if r.page.language})
        if len(languages) > 1:
            for lang in languages:
                print(_line(f"  {lang}", set_summary([r for r in results if r.page.language == lang])))
        times[name] = dict(timings, seconds=time.perf_counter() - t0)
        losers += [(r.bare[2] - r.pipeline[2], name, r) for r in results]
    print("extraction, median CPU ms/page: " + "; ".join(
        f"{n} bare {t['bare_ms']:.0f} vs extract_html {t['extract_ms']:.0f} ({t['seconds']:.0f} s for the set)"
        for n, t in times.items()))
    print(f"pages where the pipeline loses most against bare (F1 bare -> pipeline, P/R):")
    for loss, name, r in sorted(losers, key=lambda x: -x[0])[:worst]:
        if loss <= 0:
            break
        print(f"  {name} {r.page.id[:48]:48} {r.bare[2]:.3f} -> {r.pipeline[2]:.3f} "
              f"(P {r.pipeline[0]:.2f} R {r.pipeline[1]:.2f}; bare P {r.bare[0]:.2f} R {r.bare[1]:.2f})")
    return summaries


def run_annotated_bodies(bench: str, lexicon: Lexicon) -> None:
    """False positives on pure body text: clean the AEB's human-annotated bodies themselves. (The
    annotators kept some furniture in a few bodies, so this is an upper bound.)"""
    truth = json.load(open(os.path.join(bench, "ground-truth.json"), encoding="utf-8"))
    lines = lost_lines = 0
    lost = Counter()
    recalls = []
    for item in truth.values():
        body = item["articleBody"]
        cleaned = clean_text(body, lexicon)
        lines += sum(1 for line in body.split("\n") if line.strip())
        lost_lines += len(cleaned.boilerplate)
        lost.update(b.kind for b in cleaned.boilerplate)
        recalls.append(page_scores(body, cleaned.text, 1)[1])
    print(
        f"clean_text on the AEB annotated bodies: {lost_lines} of {lines} lines removed, "
        f"token recall {statistics.mean(recalls):.4f}; by kind: {dict(lost.most_common())}"
    )


def _ws(text: str) -> str:
    return " ".join(text.split())


def run_seeds(seeds: str, expected_path: str, lexicon: Lexicon) -> None:
    expected = json.load(open(expected_path, encoding="utf-8"))["articles"]
    bp_total = bp_removed = body_total = body_kept = titles_ok = 0
    for name, exp in sorted(expected.items()):
        raw = open(os.path.join(seeds, name), encoding="utf-8").read()
        found = clean_text(paragraphs_of_plain_text(raw), lexicon, find_title=True)
        kept = {_ws(p) for p in found.text.split("\n\n")}
        bp_total += len(exp["boilerplate"])
        bp_removed += sum(1 for b in exp["boilerplate"] if _ws(b["text"]) not in kept)
        body_total += len(exp["body"])
        body_kept += sum(1 for b in exp["body"] if _ws(b) in kept)
        title_ok = (found.title or None) == exp["title"] and (not found.title or _ws(found.title) not in kept)
        titles_ok += title_ok
        extra = ""
        if "publisher" in exp or "published" in exp:
            extra = f" publisher={found.publisher!r} (want {exp.get('publisher')!r}) published={found.published!r} (want {exp.get('published')!r})"
        print(f"  {name}: title {'ok' if title_ok else 'WRONG: ' + repr(found.title)}{extra}")
    print(f"seeds: boilerplate removed {bp_removed}/{bp_total}, body lines kept {body_kept}/{body_total}, titles right {titles_ok}/{len(expected)}")


def run_sentences(folder: str, lexicon: Lexicon, languages=("ar", "en", "fr", "de", "es")) -> None:
    """False positives on body sentences: each news/web sentence of the lingua test data (Apache-2.0,
    Leipzig corpora; see its README) set between two body lines must survive the cleaner."""
    for lang in languages:
        path = os.path.join(folder, f"{lang}.txt")
        if not os.path.exists(path):
            continue
        sentences = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
        removed = []
        for sentence in sentences:
            found = clean_text("\n\n".join(["Body one.", sentence, "Body two."]), lexicon, language=lang)
            removed += [f"{b.kind}: {b.text[:80]}" for b in found.boilerplate if b.text == sentence]
        print(f"  {lang}: {len(removed)} of {len(sentences)} sentences removed {removed}")


def main(argv=None) -> None:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bench = os.path.join(here, "..", "shared", "bench-data")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=[os.path.join(bench, name) for name in SETS])
    parser.add_argument("--jobs", type=int, default=1, help="processes for the extraction (timings are per process)")
    parser.add_argument("--worst", type=int, default=15, help="how many of the pages that lose most to print")
    parser.add_argument("--no-seeds", action="store_true", help="only the bench sets")
    parser.add_argument("--seeds", default=os.path.join(here, "seeds"))
    parser.add_argument("--expected", default=os.path.join(here, "..", "shared", "seeds", "expected.json"))
    parser.add_argument("--config", default=None)
    args = parser.parse_args(argv)
    os.chdir(here)
    config = load_config(args.config)
    lexicon = Lexicon(config["clean"]["lexicon_data"])
    if not args.no_seeds:
        run_seeds(args.seeds, args.expected, lexicon)
        sentences = os.path.join(bench, "langid", "sentences")
        if os.path.isdir(sentences):
            print("body sentences (lingua test data) removed by clean_text:")
            run_sentences(sentences, lexicon)
        if os.path.isdir(os.path.join(bench, "extraction-aeb")):
            run_annotated_bodies(os.path.join(bench, "extraction-aeb"), lexicon)
    folders = [f for f in args.sets if os.path.isdir(f)]
    for missing in sorted(set(args.sets) - set(folders)):
        print(f"no benchmark data at {missing}")
    if folders:
        run_sets(folders, config, lexicon, args.jobs, args.worst)


if __name__ == "__main__":
    main()
