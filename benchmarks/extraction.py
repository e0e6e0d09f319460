"""Extraction quality: bare trafilatura vs our extract_html + clean_text, side by side, same run.

Data: ../shared/bench-data/extraction-aeb (Zyte/Scrapinghub Article Extraction Benchmark, MIT,
181 pages with human-annotated `articleBody`; see its README and LICENSE.upstream).
Scoring follows the benchmark's evaluate.py: per page, TP/FP/FN over the multiset of `\\w+`
tokens (n=1, bag of tokens; n=4 shingles is upstream's default, printed too), precision and
recall per page, averaged over pages; F1 is the harmonic mean of the averaged P and R (upstream),
and the mean of per-page F1 is printed alongside.

Also on the seeds (seeds/ + ../shared/seeds/expected.json): boilerplate lines removed, body lines
kept, titles, publisher and date; and false positives on body sentences (../shared/bench-data/
langid/sentences, lingua-py test data, Apache-2.0) and on the AEB annotated bodies.

    PYTHONPATH=. python benchmarks/extraction.py [--bench DIR] [--seeds DIR] [--expected FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pipelines.config import load_config  # noqa: E402
from transforms.clean import Lexicon, clean_text  # noqa: E402
from transforms.extract import NothingExtracted, extract_html, paragraphs_of_plain_text  # noqa: E402

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


def run_aeb(bench: str, config: dict, lexicon: Lexicon) -> None:
    import trafilatura

    truth = json.load(open(os.path.join(bench, "ground-truth.json"), encoding="utf-8"))
    index = [json.loads(line) for line in open(os.path.join(bench, "index.jsonl"), encoding="utf-8")]
    options = {k: config["extract"][k] for k in ("favor_precision", "favor_recall", "no_fallback", "include_tables", "include_comments", "extensive_date_search") if k in config["extract"]}
    outputs = {"bare trafilatura.extract": {}, "extract_html only": {}, "extract_html + clean_text": {}}
    timings = Counter()
    removed = Counter()
    for row in index:
        html = open(os.path.join(bench, row["html"]), "rb").read().decode("utf-8", errors="replace")
        t0 = time.perf_counter()
        outputs["bare trafilatura.extract"][row["id"]] = trafilatura.extract(html) or ""
        t1 = time.perf_counter()
        try:
            found = extract_html(html, row["url"], options)
            text, title = found.text, found.title
        except NothingExtracted:
            text, title = "", ""
        t2 = time.perf_counter()
        cleaned = clean_text(text, lexicon, title=title)
        t3 = time.perf_counter()
        outputs["extract_html only"][row["id"]] = text
        outputs["extract_html + clean_text"][row["id"]] = cleaned.text
        removed.update(b.kind for b in cleaned.boilerplate)
        timings["bare"] += t1 - t0
        timings["extract_html"] += t2 - t1
        timings["clean_text"] += t3 - t2
    print(f"AEB: {len(index)} pages, options {options}")
    print(f"{'':28} {'n':>2} {'P':>6} {'R':>6} {'F1':>6} {'meanF1':>7}")
    for n in (1, 4):
        for name, preds in outputs.items():
            s = summary([page_scores(truth[k]["articleBody"], preds.get(k, ""), n) for k in truth])
            print(f"{name:28} {n:>2} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} {s['meanF1']:7.3f}")
    print("seconds:", {k: round(v, 1) for k, v in timings.items()})
    print("lines removed by clean_text, by kind:", dict(removed.most_common()))
    # False positives on pure body text: clean the human-annotated bodies themselves. (The
    # annotators kept some furniture in a few bodies, so this is an upper bound.)
    lines = lost_lines = 0
    lost = Counter()
    recalls = []
    for key, item in truth.items():
        body = item["articleBody"]
        cleaned = clean_text(body, lexicon)
        lines += sum(1 for line in body.split("\n") if line.strip())
        lost_lines += len(cleaned.boilerplate)
        lost.update(b.kind for b in cleaned.boilerplate)
        recalls.append(page_scores(body, cleaned.text, 1)[1])
    print(
        f"clean_text on the annotated bodies: {lost_lines} of {lines} lines removed, "
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", default=os.path.join(here, "..", "shared", "bench-data", "extraction-aeb"))
    parser.add_argument("--seeds", default=os.path.join(here, "seeds"))
    parser.add_argument("--expected", default=os.path.join(here, "..", "shared", "seeds", "expected.json"))
    parser.add_argument("--config", default=None)
    args = parser.parse_args(argv)
    os.chdir(here)
    config = load_config(args.config)
    lexicon = Lexicon(config["clean"]["lexicon_data"])
    run_seeds(args.seeds, args.expected, lexicon)
    sentences = os.path.join(os.path.dirname(args.bench), "langid", "sentences")
    if os.path.isdir(sentences):
        print("body sentences (lingua test data) removed by clean_text:")
        run_sentences(sentences, lexicon)
    if os.path.isdir(args.bench):
        run_aeb(args.bench, config, lexicon)
    else:
        print(f"no benchmark data at {args.bench}")


if __name__ == "__main__":
    main()
