"""How long write_report takes on a large synthetic output folder (prints figures, asserts nothing).

    PYTHONPATH=. .venv/bin/python benchmarks/report.py [ARTICLES]
"""

from __future__ import annotations

import os
import random
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.report import write_report
from transforms.records import ARTICLE_SCHEMA, DUPLICATE_SCHEMA, REJECTED_SCHEMA

KINDS = ["share prompt", "adblock notice", "newsletter", "related links", "cookie banner"]
LANGS = ["ar"] * 8 + ["en", "fr", "und"]


def build(root: str, n: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    ids = [f"a{i}" for i in range(n)]
    articles = {
        "id": ids, "source": [f"in/{i}.html" for i in ids], "url": [f"https://x.example/{i}" for i in ids],
        "title": [f"عنوان رقم {i}" for i in range(n)], "text": ["نص " * 50] * n,
        "language": [rng.choice(LANGS) for _ in ids], "language_score": [0.99] * n,
        "publisher": [f"ناشر {rng.randrange(300)}" for _ in ids], "published": [None] * n,
        "authors": [[] for _ in ids], "word_count": [rng.randrange(20, 2000) for _ in ids],
        "content_hash": ids, "cluster_id": ids, "duplicate_count": [0] * n,
        "boilerplate": [[{"kind": rng.choice(KINDS), "text": f"نص متكرر {rng.randrange(20)}"}
                         for _ in range(rng.randrange(4))] for _ in ids],
    }
    ndup = n // 4
    dup_of = [ids[min(n - 1, int(rng.paretovariate(1.2)) - 1)] for _ in range(ndup)]
    duplicates = {"id": [f"d{i}" for i in range(ndup)], "source": [f"in/d{i}" for i in range(ndup)],
                  "url": [f"https://y.example/d{i}" for i in range(ndup)], "duplicate_of": dup_of,
                  "similarity": [rng.random() for _ in range(ndup)],
                  "method": [rng.choice(["url", "exact", "near"]) for _ in range(ndup)]}
    counts = {}
    for d in dup_of:
        counts[d] = counts.get(d, 0) + 1
    articles["duplicate_count"] = [counts.get(i, 0) for i in ids]
    nrej = n // 10
    rejected = {"id": [f"r{i}" for i in range(nrej)], "source": [f"in/r{i}" for i in range(nrej)],
                "stage": [rng.choice(["read", "decode", "clean"]) for _ in range(nrej)],
                "reason": [rng.choice(["too_short", "binary", "error:ValueError"]) for _ in range(nrej)],
                "detail": ["detail"] * nrej}
    for name, data, schema in (("articles", articles, ARTICLE_SCHEMA),
                               ("duplicates", duplicates, DUPLICATE_SCHEMA),
                               ("rejected", rejected, REJECTED_SCHEMA)):
        os.makedirs(os.path.join(root, name))
        pq.write_table(pa.table(data, schema=schema), os.path.join(root, name, "part-0.parquet"))
    return {"inputs": n + ndup + nrej, "articles": n, "duplicates": ndup, "rejected": nrej}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="?", type=int, default=200_000)
    n = parser.parse_args().articles
    with tempfile.TemporaryDirectory() as root:
        t0 = time.perf_counter()
        counts = build(root, n)
        t1 = time.perf_counter()
        path = write_report(root)
        t2 = time.perf_counter()
        print(f"folder: {counts} built in {t1 - t0:.1f} s (no summary.json: all computed from Parquet)")
        print(f"write_report: {t2 - t1:.2f} s, report.html {os.path.getsize(path) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
