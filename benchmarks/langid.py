"""Language identification accuracy on ../shared/bench-data/langid (lingua-py test data, 14 languages).

    .venv/bin/python benchmarks/langid.py [--per-language 300]

For sentences and word pairs, prints per-language accuracy of ``transforms.language.detect_language``
(the pipeline's detector: seeded langdetect, via langdetect-rs when installed), the Arabic-script
confusions (ar / fa / ur) and the time per sample of both backends on the same samples.
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import random
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))

import yaml  # noqa: E402

from transforms.language import LanguageDetector, _backend, detect_language, parse_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(1)
    backends = {"rust": _backend("rust"), "python": _backend("python")}
    config = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["language"]
    detector = LanguageDetector(parse_settings(config))
    import resource

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for kind in ("word-pairs", "sentences"):
        folder = SHARED / "bench-data" / "langid" / kind
        rows, took, total = [], 0.0, 0
        for path in sorted(folder.glob("*.txt")):
            lang = path.stem
            lines = [l.strip() for l in path.read_text("utf-8").splitlines() if l.strip()]
            sample = random.Random(1).sample(lines, min(args.per_language, len(lines)))
            detector.detect_paragraph(sample[0], min_chars=1)  # models load on first use: not timed
            start = time.perf_counter()
            got = [detector.detect_paragraph(s, min_chars=1).language for s in sample]
            took += time.perf_counter() - start
            total += len(sample)
            rows.append((lang, sum(g == lang for g in got) / len(sample)))
        mean = sum(a for _, a in rows) / len(rows)
        print(f"\n{kind}: paragraph detector ({config['paragraph_backend']}, {len(config['languages'])} languages), "
              f"accuracy per language ({args.per_language} samples each)")
        print("  " + "  ".join(f"{lang} {acc:.3f}" for lang, acc in rows))
        print(f"  mean {mean:.3f}; {1000 * took / total:.2f} ms per sample")
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"  peak RSS {rss0 / 1024:.0f} MB before lingua, {rss1 / 1024:.0f} MB after (models of the languages met)")
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


if __name__ == "__main__":
    main()
