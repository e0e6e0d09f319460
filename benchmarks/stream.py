"""Streaming figures: end-to-end latency (entry added to a feed -> its row readable in Parquet) on Prism,
and the memory of the stream dedup state after 100k articles.

``PYTHONPATH=. .venv/bin/python benchmarks/stream.py [--articles 100000] [--latency-articles 6] [--window-seconds 5]
[--poll-interval 1] [--skip-latency] [--skip-memory] [--batch-bands-too]``

Memory: the dedup state is what ``_BandFn`` keeps per bucket key (one entry per stored article
per key: the stream's LSH bands (``stream_bands``: 14 x 9 for dedup.threshold 0.8 at 128
permutations) + URL + text hash). The benchmark
drives the stateful DoFn's pure core (``stream_keys``, ``match``) over synthetic signatures in a
dict of buckets, the same entries the runner stores, and reports (a) the Python heap they take
(tracemalloc) and (b) their encoded size (``ENTRY_CODER``, what a runner's state backend holds).
10% of the articles are republications of an earlier one (6-25 of the 128 signature slots
changed: estimated Jaccard ~0.95 down to dedup.threshold 0.8): the labels; recall = republications suppressed naming their original, precision = of all suppressed.

Latency: a real run (``pipelines.stream.run`` on Prism) against a local HTTP feed; entries are
added one by one while it runs, and a watcher polls the output for each entry's row. Latency is
bounded by poll interval + window length + allowed lateness (0 here) + processing.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc

import numpy as np
import pyarrow.parquet as pq
import yaml

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pipelines.config import load_config  # noqa: E402
from transforms import minhash  # noqa: E402
from transforms.stream_dedup import ENTRY_CODER, compact, Entry, _StreamItem, key_method, match, parse_stream_settings, stream_keys  # noqa: E402


def memory(n: int, batch_bands: bool = False) -> None:
    """The dedup state after ``n`` arrivals; ``batch_bands``: with the batch's LSH bands instead of
    the stream's (what the stream used before ``stream_bands``: 42 x 3 with containment on)."""
    config = load_config()
    settings = parse_stream_settings(config["dedup"], config["stream"])
    if batch_bands:
        settings = settings._replace(bands=settings.dedup.params.bands, rows=settings.dedup.params.rows)
    p = settings.dedup.params
    rng = np.random.default_rng(0)
    buckets: dict[bytes, list[tuple]] = {}
    sigs: list[bytes] = []
    dups = 0
    copies = right = 0  # labelled republications; suppressions that named the right original
    by_changed: dict[int, list[int]] = {}  # slots changed -> [copies, right]
    tracemalloc.start()
    started = time.perf_counter()
    for i in range(n):
        original = None
        if sigs and rng.random() < 0.1:  # a republication: an earlier signature with 6-25 of 128 slots changed
            original = int(rng.integers(len(sigs)))  # (Jaccard ~0.95 down to ~0.80 = dedup.threshold)
            changed = int(rng.integers(6, 26))
            base = np.frombuffer(sigs[original], dtype="<u4").copy()
            base[rng.choice(p.num_perm, changed, replace=False)] = rng.integers(0, 2**32, changed, dtype=np.uint64).astype(np.uint32)
            sig = minhash.to_bytes(base)
        else:
            sig = minhash.to_bytes(rng.integers(0, 2**32, p.num_perm, dtype=np.uint64).astype(np.uint32))
        sigs.append(sig)
        doc_id = f"{i:020x}"
        item = _StreamItem(doc_id, doc_id, compact(sig), i * 1000, 0, False)
        keys = stream_keys(sig, f"https://site{i % 500}.example/{i}", f"{i:032x}", settings.bands, settings.rows)
        matched = set()
        for key in keys:
            stored = buckets.get(key)
            entries = [Entry(*e) for e in stored] if stored else []
            found = match(entries, item, key_method(key), settings.window_micros, settings.dedup.threshold)
            if found:
                matched.add(found[0].id)
                continue
            buckets.setdefault(key, []).append((item.ts, item.id, item.sig, False))
        dups += bool(matched)
        if original is not None:
            hit = f"{original:020x}" in matched
            copies += 1
            right += hit
            counts = by_changed.setdefault(changed, [0, 0])
            counts[0] += 1
            counts[1] += hit
    elapsed = time.perf_counter() - started
    del sigs
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    entries = sum(len(v) for v in buckets.values())
    encoded = sum(len(ENTRY_CODER.encode(e)) for v in buckets.values() for e in v) + sum(len(k) for k in buckets)
    print(f"dedup state after {n:,} articles ({dups:,} suppressed as republications, {settings.bands} bands x "
          f"{settings.rows} rows; dedup.threshold {settings.dedup.threshold}):")
    print(f"  labelled republications {copies:,}: recall {right / max(copies, 1):.4f} (suppressed, naming their "
          f"original), precision {right / max(dups, 1):.4f} (of the suppressed)")
    for lo, hi in ((6, 12), (13, 19), (20, 25)):
        c = [by_changed.get(k, [0, 0]) for k in range(lo, hi + 1)]
        total, hits = sum(x[0] for x in c), sum(x[1] for x in c)
        print(f"    {lo}-{hi} of {p.num_perm} slots changed (Jaccard ~{1 - hi / p.num_perm:.2f}-{1 - lo / p.num_perm:.2f}): "
              f"recall {hits / max(total, 1):.4f} of {total:,}")
    print(f"  bucket keys {len(buckets):,}, stored entries {entries:,} ({entries / n:.1f} per article)")
    print(f"  Python heap of the buckets (tracemalloc): {current / 2**20:,.0f} MiB "
          f"({current / n:,.0f} B per article); peak {peak / 2**20:,.0f} MiB")
    print(f"  encoded state (ENTRY_CODER + keys): {encoded / 2**20:,.0f} MiB ({encoded / n:,.0f} B per article)")
    print(f"  pure core: {elapsed / n * 1e6:.0f} us per arrival (all its buckets), {n / elapsed:,.0f} arrivals/s")
    print(f"  process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


def latency(articles: int, window_seconds: float, poll: float) -> None:
    from pipelines import stream
    from tests.http_fixtures import NewsSite
    from tests.test_stream import story

    if stream.find_prism() is None:
        print("latency: skipped, no prism binary")
        return
    tmp = tempfile.mkdtemp(prefix="stream-bench-")
    out = os.path.join(tmp, "out")
    config = os.path.join(tmp, "fast.yaml")
    from tests.http_fixtures import FAST_FETCH_CONFIG

    with open(config, "w") as fh:
        yaml.safe_dump({"fetch": FAST_FETCH_CONFIG, "clean": {"min_words": 5},
                        "stream": {"window_minutes": window_seconds / 60, "allowed_lateness_minutes": 0}}, fh)
    runtime = 8 + articles * 3.0 + window_seconds * 2
    published: dict[str, float] = {}
    visible: dict[str, float] = {}
    with NewsSite([], lambda n: story(100 + n, 80)) as server:
        feeds = os.path.join(tmp, "feeds.txt")
        with open(feeds, "w") as fh:
            fh.write(server.url("/feed.xml") + "\n")

        def publish():
            rng = random.Random(1)
            time.sleep(5)  # the job is up and polling
            for n in range(1, articles + 1):
                path = f"/page/{n}"
                with server.lock:
                    server.entries.append(path)
                published[server.url(path)] = time.time()
                time.sleep(rng.uniform(1.0, 3.0))

        def watch():
            deadline = time.time() + runtime + 60
            while time.time() < deadline and len(visible) < articles:
                for path in glob.glob(os.path.join(out, "window=*", "articles", "*.parquet")):
                    for source in pq.read_table(path, columns=["source"]).column("source").to_pylist():
                        visible.setdefault(source, time.time())
                time.sleep(0.05)

        threads = [threading.Thread(target=publish, daemon=True), threading.Thread(target=watch, daemon=True)]
        for t in threads:
            t.start()
        summary = stream.run(["--output", out, "--feeds", feeds, "--poll-interval", str(poll),
                              "--max-runtime", str(runtime), "--allow-hosts", "127.0.0.1",
                              "--config", config, "--quiet"])
        for t in threads:
            t.join(10)
    lat = sorted(visible[u] - published[u] for u in published if u in visible)
    print(f"latency on Prism, poll {poll:g} s, windows of {window_seconds:g} s, allowed lateness 0, "
          f"{len(lat)}/{articles} articles seen:")
    if lat:
        print(f"  feed entry added -> row readable: min {lat[0]:.2f} s, median {statistics.median(lat):.2f} s, "
              f"max {lat[-1]:.2f} s")
    print(f"  run summary: {summary}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--latency-articles", type=int, default=6)
    parser.add_argument("--window-seconds", type=float, default=5.0)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--batch-bands-too", action="store_true",
                        help="also measure the state with the batch's LSH bands (the stream's before stream_bands)")
    args = parser.parse_args()
    if not args.skip_memory:
        memory(args.articles)
        if args.batch_bands_too:
            memory(args.articles, batch_bands=True)
    if not args.skip_latency:
        latency(args.latency_articles, args.window_seconds, args.poll_interval)


if __name__ == "__main__":
    main()
