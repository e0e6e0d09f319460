"""Notice removal on unseen notices, and body sentences wrongly removed, by the text cleaner.

    .venv/bin/python benchmarks/notices.py [--show-dev-misses]

Data:
- ``benchmarks/data/notices/notices.jsonl``: 463 page-furniture lines in 14 languages and 19 kinds,
  written by a helper that had not seen the lexicon or the code (provenance: README.md there).
  Split by a hash of each line's text into ``dev`` (two thirds: may be looked at while tuning)
  and ``holdout`` (one third: never looked at; only its counts are printed);
- ``near_misses.jsonl`` (same writer): 143 body sentences holding trap words, to be kept;
- body sentences (>= 5,000): the reference bodies of ../shared/bench-data/extraction-aeb (en),
  extraction-fundus80 (en), extraction-daniel (zh, en, el, pl, ru), split into lines and
  sentences, and the seeds' body lines (ar; ../shared/seeds/expected.json).

Each notice is cleaned as the last line of a short article in its language (three body sentences
of the lingua-py test data, ../shared/bench-data/langid/sentences), each body sentence between two
other body lines, as ``clean_text`` sees them in the pipeline. A notice counts as removed when
``clean_text`` removes its line (any kind: the kind names differ between the writer and the
lexicon). Bylines and agency credit lines are the metadata stage's (issue 14): printed apart.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))
DATA = ROOT / "benchmarks" / "data" / "notices"
METADATA_KINDS = {"byline", "agency credit line"}

from pipelines.config import load_config  # noqa: E402
from transforms.clean import Lexicon, clean_text  # noqa: E402
from transforms.language import LanguageDetector, parse_settings  # noqa: E402


def split_of(text: str) -> str:
    """``holdout`` for a third of the lines (by a stable hash of the text), ``dev`` otherwise."""
    return "holdout" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 3 == 0 else "dev"


def _context(lang: str) -> list[str]:
    folder = SHARED / "bench-data" / "langid" / "sentences"
    path = folder / f"{lang}.txt"
    if not path.exists():
        path = folder / "en.txt"
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if len(line.strip()) >= 40]
    return lines[:3]


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def body_sentences() -> list[tuple[str, str]]:
    """(source, sentence) from the extraction sets' reference bodies and the seeds' body lines."""
    out = []
    bench = SHARED / "bench-data"
    for name in ("extraction-aeb", "extraction-fundus80", "extraction-daniel"):
        path = bench / name / "ground-truth.json"
        if not path.exists():
            continue
        for key, item in sorted(json.loads(path.read_text("utf-8")).items()):
            lang = item.get("language", "en")
            for line in item["articleBody"].split("\n"):
                for sentence in _SENTENCE_END.split(line.strip()):
                    if len(sentence) >= 30:
                        out.append((f"{name}:{lang}", sentence))
    seeds = SHARED / "seeds" / "expected.json"
    if seeds.exists():
        for item in json.loads(seeds.read_text("utf-8"))["articles"].values():
            out += [("seeds:ar", line) for line in item["body"] if len(line) >= 30]
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-dev-misses", action="store_true", help="print the dev notices kept (never holdout)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    config = load_config(None)
    lexicon = Lexicon(config["clean"]["lexicon_data"])
    detector = LanguageDetector(parse_settings(config["language"]))
    notices = [json.loads(line) for line in (DATA / "notices.jsonl").read_text("utf-8").splitlines() if line.strip()]
    contexts: dict = {}
    tally = collections.defaultdict(lambda: [0, 0])  # (split, group, key) -> [removed, total]
    misses = []
    for row in notices:
        lang, kind, text = row["lang"], row["kind"], row["text"]
        context = contexts.setdefault(lang, _context(lang))
        found = clean_text("\n\n".join([*context, text]), lexicon, language=lang, detector=detector)
        removed = any(b.text == text.strip() for b in found.boilerplate) or text.strip() not in found.text.split("\n\n")
        split = split_of(text)
        scope = "metadata" if kind in METADATA_KINDS else "notices"
        for key in (("all", "all"), ("lang", lang), ("kind", kind)):
            cell = tally[(split, scope, key)]
            cell[0] += removed
            cell[1] += 1
        if not removed and split == "dev" and scope == "notices":
            misses.append((lang, kind, text))
    for split in ("dev", "holdout"):
        for scope in ("notices", "metadata"):
            r, n = tally[(split, scope, ("all", "all"))]
            if not n:
                continue
            print(f"\n{split} {scope}: {r}/{n} removed ({r / n:.1%})")
            for group in ("lang", "kind"):
                cells = sorted((k[2][1], v) for k, v in tally.items() if k[0] == split and k[1] == scope and k[2][0] == group)
                print(f"  by {group}: " + ", ".join(f"{name} {v[0]}/{v[1]}" for name, v in cells))
    if args.show_dev_misses:
        print("\ndev notices kept:")
        for lang, kind, text in misses:
            print(f"  [{lang}] {kind}: {text[:120]}")
    near = [json.loads(line) for line in (DATA / "near_misses.jsonl").read_text("utf-8").splitlines() if line.strip()]
    lost = []
    for row in near:
        context = contexts.setdefault(row["lang"], _context(row["lang"]))
        found = clean_text("\n\n".join([context[0], row["text"], context[1]]), lexicon, language=row["lang"], detector=detector)
        if any(b.text == row["text"].strip() for b in found.boilerplate):
            lost.append(row)
    print(f"\nnear misses (body sentences with trap words): {len(lost)}/{len(near)} removed")
    for row in lost:
        print(f"  [{row['lang']}] {row['text'][:120]}")
    sentences = body_sentences()
    removed_by = collections.Counter()
    total_by = collections.Counter()
    examples = []
    for source, sentence in sentences:
        total_by[source] += 1
        found = clean_text("\n\n".join(["Body one of the article.", sentence, "Body two of the article."]), lexicon,
                           detector=detector)
        gone = [b for b in found.boilerplate if b.text == sentence.strip()]
        if gone:
            removed_by[source] += 1
            examples.append(f"{gone[0].kind}: {sentence[:100]}")
    n, r = sum(total_by.values()), sum(removed_by.values())
    print(f"\nbody sentences removed: {r}/{n} ({r / max(n, 1):.3%}; goal <= 0.1%)")
    print("  by source: " + ", ".join(f"{s} {removed_by[s]}/{t}" for s, t in sorted(total_by.items())))
    for example in examples[:30]:
        print(f"  {example}")


if __name__ == "__main__":
    main()
