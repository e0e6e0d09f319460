"""Language identification accuracy on ../shared/bench-data/langid (lingua-py test data, 14 languages).

    PYTHONPATH=. .venv/bin/python benchmarks/langid.py [--per-language 300] [--extra FILE] [--pages]

Paragraph detector (the cleaner's, ``LanguageDetector.detect_paragraph``): per-language accuracy on
word pairs and sentences of lingua alone and of lingua x word frequencies (the pipeline's default),
both on each line in turn (time per line side by side under the same load), and the peak RSS of a
fresh process once every language's models (and word lists) are met.
Whole-text detector: per-language accuracy of ``transforms.language.detect_language`` (seeded
langdetect, via langdetect-rs when installed), the Arabic-script confusions (ar / fa / ur) and the
time per sample of both langdetect backends on the same samples; then the pipeline's whole-text
detector (``LanguageDetector.detect``) with and without its second opinion (CLD3) on the same
samples: accuracy must not drop.

``--extra FILE``: a JSON Lines file of {"lang": ISO code, "text": ..., "kind": optional label such
as "paragraph" / "line"} (also accepted: "language" for "lang"). Per kind and language: accuracy of
the pipeline's whole-text detector without the second opinion (before), with it (after), and of
CLD3 alone; "und" answers, macrolanguage answers covering the label (``hbs`` for sr/hr/bs: the
macro column, shown when not 0) and wrong answers are counted apart, and the time per text is given
(median ms, before / after, both on each text in turn). Only --extra runs when it is given.

``--pages``: the bench pages of benchmarks/extraction.py (511: AEB, DAnIEL, Fundus80), extracted and
cleaned as there; the pipeline's article language without and with the second opinion: the pages
whose language changes, per set and ground-truth language, and the time per article (median ms).
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import random
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))

import yaml  # noqa: E402

from transforms.language import MACROLANGUAGES, LanguageDetector, _backend, detect_language, parse_settings  # noqa: E402


MEMORY_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from transforms.language import DetectorSettings, LanguageDetector
def peak_mb():  # VmHWM: this process's own peak (ru_maxrss keeps the parent's across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
mode, texts = sys.argv[2], json.loads(sys.stdin.read())
before = peak_mb()
if mode != "none":
    detector = LanguageDetector(DetectorSettings(paragraph_word_frequencies=mode == "words"))
    for text in texts:
        detector.detect_paragraph(text, min_chars=1)
print(json.dumps({"before_mb": before, "after_mb": peak_mb()}))
"""


def _memory(mode: str, texts: list[str]) -> dict:
    """Peak RSS of a fresh process before and after detecting ``texts`` (one per language) in ``mode``."""
    import json
    import subprocess

    proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(ROOT), mode], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(proc.stdout)


def _whole_text_detectors(settings) -> dict:
    """The pipeline's article detector without (before) and with (after) the second opinion."""
    return {"before": LanguageDetector(settings._replace(second_opinion="none")),
            "after": LanguageDetector(settings._replace(second_opinion="cld3"))}


def run_extra(path: str, settings) -> None:
    """Accuracy per kind and language on a JSON Lines file of labelled texts (see the module doc)."""
    import json

    rows = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            item = json.loads(line)
            lang = item.get("lang") or item.get("language")
            rows.append((str(item.get("kind") or item.get("type") or "text"), lang, item["text"]))
    detectors = _whole_text_detectors(settings)
    cld3 = detectors["after"]
    for name, detector in detectors.items():
        detector.detect(rows[0][2])  # models load on first use: not timed
    got = collections.defaultdict(lambda: collections.defaultdict(list))  # kind -> lang -> [(before, after, cld3)]
    took = {name: [] for name in detectors}
    for kind, lang, text in rows:
        answers = []
        for name, detector in detectors.items():  # both on each text in turn: the same machine load
            start = time.perf_counter()
            answers.append(detector.detect(text).language)
            took[name].append(time.perf_counter() - start)
        answers.append(cld3._cld3(text).language)
        got[kind][lang].append(answers)
    print(f"\nextra set {path}: {len(rows)} texts; accuracy per language: before (no second opinion) / "
          "after (pipeline) / CLD3 alone (reliable answers only); und = 'und' answers, wrong = another language, "
          "macro = the label's macrolanguage (hbs for sr/hr/bs)")
    for kind in sorted(got):
        print(f"\n  {kind}:")
        print(f"    {'lang':6} {'n':>4} | {'before':>6} {'after':>6} {'cld3':>6} | {'und b/a':>7} {'wrong b/a':>9} {'macro b/a':>9}")
        totals = collections.Counter()
        for lang in sorted(got[kind]):
            answers = got[kind][lang]
            n = len(answers)
            right = [sum(a[i] == lang for a in answers) for i in range(3)]
            und = [sum(a[i] == "und" for a in answers) for i in range(2)]
            macro = [sum(lang in MACROLANGUAGES.get(a[i], ()) for a in answers) for i in range(2)]
            wrong = [n - right[i] - und[i] - macro[i] for i in range(2)]
            totals.update({"n": n, "b": right[0], "a": right[1], "c": right[2], "ub": und[0], "ua": und[1],
                           "wb": wrong[0], "wa": wrong[1], "mb": macro[0], "ma": macro[1]})
            print(f"    {lang:6} {n:4d} | {right[0] / n:6.3f} {right[1] / n:6.3f} {right[2] / n:6.3f} | "
                  f"{und[0]:3d}/{und[1]:<3d} {wrong[0]:4d}/{wrong[1]:<4d}" + (f" {macro[0]:3d}/{macro[1]:<3d}" if any(macro) else ""))
        n = totals["n"]
        langs = got[kind]
        macro = [sum(sum(a[i] == lang for a in v) / len(v) for lang, v in langs.items()) / len(langs) for i in range(3)]
        print(f"    {'all':6} {n:4d} | {totals['b'] / n:6.3f} {totals['a'] / n:6.3f} {totals['c'] / n:6.3f} | "
              f"{totals['ub']:3d}/{totals['ua']:<3d} {totals['wb']:4d}/{totals['wa']:<4d} {totals['mb']:3d}/{totals['ma']:<3d} (micro)")
        print(f"    {'mean':6} {len(langs):4d} | {macro[0]:6.3f} {macro[1]:6.3f} {macro[2]:6.3f} |  (macro, per language)")
    print("  time per text: " + ", ".join(
        f"{name} median {1000 * statistics.median(t):.2f} ms, mean {1000 * sum(t) / len(t):.2f} ms" for name, t in took.items()))


def run_pages(jobs: int, settings) -> None:
    """Article languages of the extraction bench pages, second opinion off / on (see the module doc)."""
    from benchmarks.extraction import SETS, evaluate
    from pipelines.config import load_config
    from transforms.clean import Lexicon

    config = load_config(None)
    lexicon = Lexicon(config["clean"]["lexicon_data"])
    detectors = _whole_text_detectors(settings)
    took = {name: [] for name in detectors}
    table, changed, pages = collections.Counter(), [], 0
    for name in SETS:
        folder = SHARED / "bench-data" / name
        if not folder.is_dir():
            print(f"no benchmark data at {folder}")
            continue
        results, _ = evaluate(str(folder), config, lexicon, jobs=jobs)
        for r in results:
            pages += 1
            found = {}
            for label, detector in detectors.items():
                start = time.perf_counter()
                found[label] = detector.detect(r.text).language
                took[label].append(time.perf_counter() - start)
            table[(name, r.page.language or "?", found["before"], found["after"])] += 1
            if found["before"] != found["after"]:
                changed.append((name, r.page.id, r.page.language, found["before"], found["after"]))
    print(f"\nbench pages: {pages}; article language changed by the second opinion on {len(changed)}")
    for row in changed:
        print("  ", *row)
    print("  set, ground-truth language (? = not given), before -> after: pages")
    for (name, truth, before, after), n in sorted(table.items()):
        print(f"    {name:20} {truth:3} {before:>4} -> {after:<4} {n}")
    print("  time per article: " + ", ".join(
        f"{label} median {1000 * statistics.median(t):.2f} ms, mean {1000 * sum(t) / len(t):.2f} ms" for label, t in took.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-language", type=int, default=300)
    parser.add_argument("--extra", help="a JSON Lines file of labelled texts: only this evaluation runs")
    parser.add_argument("--pages", action="store_true", help="only the bench pages' article languages, second opinion off / on")
    parser.add_argument("--jobs", type=int, default=2, help="processes extracting the bench pages (--pages)")
    args = parser.parse_args()
    rng = random.Random(1)
    config = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["language"]
    settings = parse_settings(config)
    if args.extra:
        run_extra(args.extra, settings)
        return
    if args.pages:
        run_pages(args.jobs, settings)
        return
    backends = {"rust": _backend("rust"), "python": _backend("python")}
    detectors = {  # the pipeline's paragraph detector, and the same without the word-frequency step
        "lingua alone": LanguageDetector(settings._replace(paragraph_word_frequencies=False)),
        "lingua x word frequencies": LanguageDetector(settings._replace(paragraph_word_frequencies=True)),
    }
    one_per_language = []
    for kind in ("word-pairs", "sentences"):
        folder = SHARED / "bench-data" / "langid" / kind
        rows = {name: [] for name in detectors}
        took = {name: [] for name in detectors}
        for path in sorted(folder.glob("*.txt")):
            lang = path.stem
            lines = [l.strip() for l in path.read_text("utf-8").splitlines() if l.strip()]
            sample = random.Random(1).sample(lines, min(args.per_language, len(lines)))
            if kind == "sentences":
                one_per_language.append(sample[0])
            for name, detector in detectors.items():
                detector.detect_paragraph(sample[0], min_chars=1)  # models load on first use: not timed
            got = {name: [] for name in detectors}
            for text in sample:  # both detectors on each line in turn: the same machine load
                for name, detector in detectors.items():
                    start = time.perf_counter()
                    got[name].append(detector.detect_paragraph(text, min_chars=1).language)
                    took[name].append(time.perf_counter() - start)
            for name in detectors:
                rows[name].append((lang, sum(g == lang for g in got[name]) / len(sample)))
        print(f"\n{kind}: paragraph detector ({config['paragraph_backend']}, {len(config['languages'])} languages), "
              f"accuracy per language ({args.per_language} samples each)")
        for name in detectors:
            mean = sum(a for _, a in rows[name]) / len(rows[name])
            print(f"  {name}{' (pipeline)' if (name != 'lingua alone') == settings.paragraph_word_frequencies else ''}:")
            print("    " + "  ".join(f"{lang} {acc:.3f}" for lang, acc in rows[name]))
            print(f"    mean {mean:.3f}; time per line: median {1000 * statistics.median(took[name]):.2f} ms, "
                  f"mean {1000 * sum(took[name]) / len(took[name]):.2f} ms")
    print("\nmemory of a fresh process (peak RSS) after one sentence per language (every model met):")
    for mode, label in (("none", "imports only"), ("lingua", "lingua alone"), ("words", "lingua x word frequencies")):
        m = _memory(mode, one_per_language)
        print(f"  {label:26s} {m['after_mb']:6.0f} MB (+{m['after_mb'] - m['before_mb']:.0f} MB over imports)")
    print("\nwhole-text detector (langdetect, seeded) below:")
    for kind in ("sentences", "word-pairs"):
        folder = SHARED / "bench-data" / "langid" / kind
        rows, confusion, seconds = [], collections.Counter(), collections.Counter()
        agree = total = 0
        for path in sorted(folder.glob("*.txt")):
            lang = path.stem
            lines = [l.strip() for l in path.read_text("utf-8").splitlines() if l.strip()]
            sample = rng.sample(lines, min(args.per_language, len(lines)))
            found = {}
            for name, backend in backends.items():
                start = time.perf_counter()
                found[name] = [detect_language(s, backend=backend, min_chars=1).language for s in sample]
                seconds[name] += time.perf_counter() - start
            got = found["rust"]
            agree += sum(a == b for a, b in zip(found["rust"], found["python"]))
            total += len(sample)
            correct = sum(g == lang for g in got)
            for g in got:
                if lang in ("ar", "fa", "ur"):
                    confusion[(lang, g)] += 1
            rows.append((lang, correct / len(sample), len(sample)))
        mean = sum(r[1] for r in rows) / len(rows)
        print(f"\n{kind}: accuracy per language ({args.per_language} samples each)")
        print("  " + "  ".join(f"{lang} {acc:.3f}" for lang, acc, _ in rows))
        print(f"  mean {mean:.3f}")
        for lang in ("ar", "fa", "ur"):
            row = {g: n for (l, g), n in confusion.items() if l == lang}
            print(f"  {lang} detected as: " + ", ".join(f"{g} {n}" for g, n in sorted(row.items(), key=lambda kv: -kv[1])))
        print(f"  backends agree on {agree}/{total} samples; time per sample: "
              + ", ".join(f"{n} {1000 * s / total:.2f} ms" for n, s in seconds.items()))
    print("\nwhole-text detector of the pipeline (LanguageDetector.detect), second opinion off / on, same samples:")
    detectors = _whole_text_detectors(settings)
    for kind in ("sentences", "word-pairs"):
        folder = SHARED / "bench-data" / "langid" / kind
        accuracy = {name: [] for name in detectors}
        took = {name: [] for name in detectors}
        changed = 0
        for path in sorted(folder.glob("*.txt")):
            lang = path.stem
            lines = [l.strip() for l in path.read_text("utf-8").splitlines() if l.strip()]
            sample = random.Random(1).sample(lines, min(args.per_language, len(lines)))
            found = {name: [] for name in detectors}
            for text in sample:
                for name, detector in detectors.items():
                    start = time.perf_counter()
                    found[name].append(detector.detect(text).language)
                    took[name].append(time.perf_counter() - start)
            changed += sum(a != b for a, b in zip(found["before"], found["after"]))
            for name in detectors:
                accuracy[name].append((lang, sum(g == lang for g in found[name]) / len(sample)))
        print(f"  {kind}: {changed} answers changed by the second opinion")
        for name in detectors:
            mean = sum(a for _, a in accuracy[name]) / len(accuracy[name])
            print(f"    {name:6}: mean {mean:.3f}; " + "  ".join(f"{lang} {acc:.3f}" for lang, acc in accuracy[name])
                  + f"; median {1000 * statistics.median(took[name]):.2f} ms per sample")


if __name__ == "__main__":
    main()
