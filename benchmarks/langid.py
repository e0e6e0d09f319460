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

from transforms.language import _backend, detect_language  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(1)
    backends = {"rust": _backend("rust"), "python": _backend("python")}
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
