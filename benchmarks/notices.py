"""Notice removal on unseen notices, and body sentences wrongly removed, by the text cleaner.

    .venv/bin/python benchmarks/notices.py [--show-dev-misses] [--extra SET.jsonl ...] [--only-extra] [--learned 0.95]

Data:
- ``benchmarks/data/notices/notices.jsonl``: 463 page-furniture lines in 14 languages and 19 kinds,
  written by a helper that had not seen the lexicon or the code (provenance: README.md there).
  Split by a hash of each line's text into ``dev`` (two thirds: may be looked at while tuning)
  and ``holdout`` (one third: never looked at; only its counts are printed);
- ``near_misses.jsonl`` (same writer): 143 body sentences holding trap words, to be kept;
- ``benchmarks/data/notices-2/notices.jsonl``: a second writer's set (515 notices, 22 kinds, 16
  languages, and 197 body sentences with trap words), scored blind once and development material
  since (README there); printed per language and per kind, bylines placed first;
- ``benchmarks/data/notices-3/notices.jsonl``: a third writer's set (751 notices, 23 kinds, 20
  languages, 274 body sentences), the refresh made when the lexicon changed in the second session:
  scored blind once at the lexicon it was written against (README there), printed the same way;
- ``benchmarks/data/notices-4/notices.jsonl``: a fourth writer's set (2,144 notices, 259 bylines
  and credits, 536 body sentences with trap words; 32 languages, every kind in each), written in
  the third session: split by ``fourth_half`` into a ``dev`` half (given to the lexicon's author
  while tuning) and a ``holdout`` half (kept outside the repository and scored once, blind, at
  the end of that session: README there); each half printed the same way;
- ``benchmarks/data/notices-5/dev.jsonl`` and ``holdout.jsonl``: a fifth writer's set (2,496
  lines, 26 languages, 875 body sentences), in the two halves it was split into in the fourth
  session (dev given to the lexicon's author, holdout scored blind by the integrator only, until
  the end of the fifth session: README there); each half printed the same way;
- ``benchmarks/data/notices-6/dev.jsonl`` and ``holdout.jsonl``: a sixth writer's set (1,637
  lines, 28 languages, 645 body sentences), scored blind by the integrator in the fifth session,
  split in the sixth by ``sixth_half`` (dev: development material; holdout: scored once, at the
  end of the sixth session: README there); each half printed the same way;
- ``benchmarks/data/notices-7/dev.jsonl`` and ``holdout.jsonl``: a seventh writer's set (1,269
  lines, 18 languages, 486 body sentences), scored blind by the integrator in the sixth session,
  split in the seventh by ``seventh_half`` (dev: development material; holdout: scored once, at
  the end of the seventh session: README there); each half printed the same way;
- ``benchmarks/data/notices-8/dev.jsonl`` and ``holdout.jsonl``: an eighth writer's set (1,210
  lines, 19 languages, 475 body sentences), scored blind by the integrator in the seventh session,
  split in the eighth by ``eighth_half`` (dev: development material and training data of the
  learned model; holdout: scored once, at the end of the eighth session: README there);
- ``benchmarks/data/notices-16/dev.jsonl``: the dev half (409 lines, 25 languages, 124 body
  sentences) of a set written blind in the fifteenth session (825 lines), split by the parity of the
  SHA-1 of each line's text; development material of the fifteenth session, its other half scored
  blind by the integrator (README there); printed the same way;
- ``benchmarks/data/notices-17/dev.jsonl``: the dev half (265 lines, 22 languages, 131 body sentences)
  of a later blind set, development material of the session that added the ``disclaimer``, ``video
  teaser`` and ``listen prompt`` kinds; its other half is kept outside the repository (README there);
  printed the same way;
- body sentences (>= 5,000): the reference bodies of ../shared/bench-data/extraction-aeb (en),
  extraction-fundus80 (en), extraction-daniel (zh, en, el, pl, ru), split into lines and
  sentences, and the seeds' body lines (ar; ../shared/seeds/expected.json). The reference
  bodies keep some page furniture (photo credits, "Originally published on ...", correction
  notes, contact lines, date lines, "Читайте также: ..."): ``benchmarks/data/reference-furniture.jsonl``
  lists the sentences of the reference bodies that are furniture by the lexicon's definition
  (one per line: source, category, text), and the figure is printed twice: all sentences, and
  prose only (those lines left out).

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
SECOND = ROOT / "benchmarks" / "data" / "notices-2"
THIRD = ROOT / "benchmarks" / "data" / "notices-3"
FOURTH = ROOT / "benchmarks" / "data" / "notices-4"
FIFTH = ROOT / "benchmarks" / "data" / "notices-5"
SIXTH = ROOT / "benchmarks" / "data" / "notices-6"
SEVENTH = ROOT / "benchmarks" / "data" / "notices-7"
EIGHTH = ROOT / "benchmarks" / "data" / "notices-8"
SIXTEENTH = ROOT / "benchmarks" / "data" / "notices-16"
SEVENTEENTH = ROOT / "benchmarks" / "data" / "notices-17"
FURNITURE = ROOT / "benchmarks" / "data" / "reference-furniture.jsonl"
METADATA_KINDS = {"byline", "agency credit line", "agency_credit"}

from pipelines.config import load_config  # noqa: E402
from transforms.clean import Lexicon, clean_text  # noqa: E402
from transforms.language import LanguageDetector, parse_settings  # noqa: E402


def split_of(text: str) -> str:
    """``holdout`` for a third of the lines (by a stable hash of the text), ``dev`` otherwise."""
    return "holdout" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 3 == 0 else "dev"


def fourth_half(text: str) -> str:
    """``holdout`` or ``dev`` half of notices-4, by the parity of the first SHA-256 byte of the text."""
    return "holdout" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "dev"


def sixth_half(text: str) -> str:
    """``holdout`` or ``dev`` half of notices-6, by the parity of the second SHA-256 byte of the text."""
    return "holdout" if hashlib.sha256(text.encode("utf-8")).digest()[1] % 2 == 0 else "dev"


def seventh_half(text: str) -> str:
    """``holdout`` or ``dev`` half of notices-7, by the parity of the third SHA-256 byte of the text."""
    return "holdout" if hashlib.sha256(text.encode("utf-8")).digest()[2] % 2 == 0 else "dev"


def eighth_half(text: str) -> str:
    """``holdout`` or ``dev`` half of notices-8, by the parity of the fourth SHA-256 byte of the text."""
    return "holdout" if hashlib.sha256(text.encode("utf-8")).digest()[3] % 2 == 0 else "dev"


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


def _removed(found, text: str) -> bool:
    return any(b.text == text for b in found.boilerplate) or text not in found.text.split("\n\n")


def _print_tally(tally: dict, title: str) -> None:
    for scope in ("notices", "metadata"):
        r, n = tally.get((scope, "all", "all"), (0, 0))
        if not n:
            continue
        print(f"\n{title} {scope}: {r}/{n} removed ({r / n:.1%})")
        for group in ("lang", "kind"):
            cells = sorted((k[2], v) for k, v in tally.items() if k[0] == scope and k[1] == group)
            print(f"  by {group}: " + ", ".join(f"{name} {v[0]}/{v[1]}" for name, v in cells))


def score_rows(rows, lexicon, detector, contexts, *, byline_first: bool = False):
    """{(scope, group, key): [removed, total]}, the notices kept [(lang, kind, text)], the body
    sentences removed [(lang, text)] for rows {"lang", "kind", "text"} (kind ``body`` = keep)."""
    tally = collections.defaultdict(lambda: [0, 0])
    kept, lost = [], []
    for row in rows:
        lang, kind, text = row["lang"], row["kind"], row["text"].strip()
        context = contexts.setdefault(lang, _context(lang))
        if kind == "body":
            found = clean_text("\n\n".join([context[0], text, context[1]]), lexicon, language=lang, detector=detector)
            cell = tally[("body", "all", "all")]
            cell[1] += 1
            if _removed(found, text):
                cell[0] += 1
                lost.append((lang, text))
            continue
        parts = [text, *context] if byline_first and kind == "byline" else [*context, text]
        found = clean_text("\n\n".join(parts), lexicon, language=lang, detector=detector)
        removed = _removed(found, text)
        scope = "metadata" if kind in METADATA_KINDS else "notices"
        for key in (("all", "all"), ("lang", lang), ("kind", kind)):
            cell = tally[(scope, *key)]
            cell[0] += removed
            cell[1] += 1
        if not removed and scope == "notices":
            kept.append((lang, kind, text))
    return tally, kept, lost


def _print_sets(sets: list, lexicon, detector, contexts: dict, show_misses: bool) -> None:
    """Print each (name, rows) set's tallies, bylines placed first, and its body sentences removed;
    with ``show_misses`` the notices kept too (never for a set named ``... holdout``)."""
    for name, rows in sets:
        tally, kept, lost = score_rows(rows, lexicon, detector, contexts, byline_first=True)
        _print_tally(tally, name)
        r, n = tally[("body", "all", "all")]
        print(f"{name} body sentences (trap words) removed: {r}/{n}")
        for lang, text in lost:
            print(f"  [{lang}] {text[:120]}")
        if show_misses and not name.endswith("holdout"):
            for lang, kind, text in kept:
                print(f"  kept [{lang}] {kind}: {text[:120]}")


def _read_jsonl(path: pathlib.Path) -> list:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-dev-misses", action="store_true",
                        help="print the notices kept of the dev split, notices-2, notices-3 and the notices-4 dev half (never a holdout)")
    parser.add_argument("--extra", action="append", default=[], metavar="JSONL",
                        help="also score this set ({lang, kind, text} lines, kind 'body' = keep) the notices-2 way; "
                             "repeatable (e.g. a writer's set kept outside the repository)")
    parser.add_argument("--only-extra", action="store_true",
                        help="score the --extra sets only (no repository set, no body-sentence guard): a quick look "
                             "at one set, printed the same way")
    parser.add_argument("--learned", type=float, default=None, metavar="P",
                        help="turn the cleaner's learned second opinion on at this probability (limits.learned_notice; "
                             "configs/boilerplate.yaml has it off: 1.0); the eighth session measured 0.95")
    args = parser.parse_args(argv)
    args.extra = [str(pathlib.Path(extra).resolve()) for extra in args.extra]  # before chdir
    os.chdir(ROOT)
    config = load_config(None)
    data = config["clean"]["lexicon_data"]
    if args.learned is not None:
        data = {**data, "limits": {**data["limits"], "learned_notice": args.learned}}
    lexicon = Lexicon(data)
    detector = LanguageDetector(parse_settings(config["language"]))
    contexts: dict = {}
    if args.only_extra:
        _print_sets([(pathlib.Path(extra).parent.name or extra, _read_jsonl(pathlib.Path(extra))) for extra in args.extra],
                    lexicon, detector, contexts, args.show_dev_misses)
        return
    notices = _read_jsonl(DATA / "notices.jsonl")
    for split in ("dev", "holdout"):
        rows = [row for row in notices if split_of(row["text"]) == split]
        tally, kept, _ = score_rows(rows, lexicon, detector, contexts)
        _print_tally(tally, f"notices {split}")
        if args.show_dev_misses and split == "dev":
            for lang, kind, text in kept:
                print(f"  kept [{lang}] {kind}: {text[:120]}")
    near = _read_jsonl(DATA / "near_misses.jsonl")
    tally, _, lost = score_rows(near, lexicon, detector, contexts)
    print(f"\nnear misses (body sentences with trap words): {len(lost)}/{len(near)} removed")
    for lang, text in lost:
        print(f"  [{lang}] {text[:120]}")

    fourth = _read_jsonl(FOURTH / "notices.jsonl")
    sets = [("notices-2", _read_jsonl(SECOND / "notices.jsonl")), ("notices-3", _read_jsonl(THIRD / "notices.jsonl"))]
    sets += [(f"notices-4 {half}", [row for row in fourth if fourth_half(row["text"]) == half])
             for half in ("dev", "holdout")]
    sets += [(f"notices-5 {half}", _read_jsonl(FIFTH / f"{half}.jsonl")) for half in ("dev", "holdout")]
    sets += [(f"notices-6 {half}", _read_jsonl(SIXTH / f"{half}.jsonl")) for half in ("dev", "holdout")]
    sets += [(f"notices-7 {half}", _read_jsonl(SEVENTH / f"{half}.jsonl")) for half in ("dev", "holdout")]
    sets += [(f"notices-8 {half}", _read_jsonl(EIGHTH / f"{half}.jsonl")) for half in ("dev", "holdout")]
    sets += [("notices-16 dev", _read_jsonl(SIXTEENTH / "dev.jsonl")), ("notices-17 dev", _read_jsonl(SEVENTEENTH / "dev.jsonl"))]
    sets += [(pathlib.Path(extra).parent.name or extra, _read_jsonl(pathlib.Path(extra))) for extra in args.extra]
    _print_sets(sets, lexicon, detector, contexts, args.show_dev_misses)

    sentences = body_sentences()
    furniture = {(row["source"], row["text"]): row["category"] for row in _read_jsonl(FURNITURE)}
    removed_by = collections.Counter()
    total_by = collections.Counter()
    examples = []
    prose = [0, 0]  # removed, total: sentences not listed as reference-kept furniture
    for source, sentence in sentences:
        total_by[source] += 1
        category = furniture.get((source, sentence))
        prose[1] += category is None
        found = clean_text("\n\n".join(["Body one of the article.", sentence, "Body two of the article."]), lexicon,
                           detector=detector)
        gone = [b for b in found.boilerplate if b.text == sentence.strip()]
        if gone:
            removed_by[source] += 1
            prose[0] += category is None
            examples.append(f"{gone[0].kind}: {sentence[:100]}" + (f"  [reference-kept furniture: {category}]" if category else "  [PROSE]"))
    n, r = sum(total_by.values()), sum(removed_by.values())
    print(f"\nbody sentences removed: {r}/{n} ({r / max(n, 1):.3%}; goal <= 0.1%)")
    print(f"  prose only (without the {n - prose[1]} reference-kept furniture lines of {FURNITURE.name}): "
          f"{prose[0]}/{prose[1]} ({prose[0] / max(prose[1], 1):.3%})")
    print("  by source: " + ", ".join(f"{s} {removed_by[s]}/{t}" for s, t in sorted(total_by.items())))
    for example in examples[:60]:
        print(f"  {example}")


if __name__ == "__main__":
    main()
