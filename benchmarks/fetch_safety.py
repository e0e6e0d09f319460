"""Fetch/feed safety figures: what the guards cost and what they prevent (prints, never asserts).

    PYTHONPATH=. .venv/bin/python benchmarks/fetch_safety.py

1. A billion-laughs feed through ``parse_feed`` (guarded): time and peak Python memory.
2. An entity-amplification feed (one declared entity referenced many times) given straight to
   feedparser (unguarded), at growing sizes, in a child process with a 1 GiB address-space
   limit: time, peak RSS and the characters the entities expanded to; then the guarded parse.
3. Hostile endpoints on a local server through ``HttpClient``: wall time, peak RSS growth.
"""

import pathlib
import resource
import subprocess
import sys
import time
import tracemalloc

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))  # tests/ and transforms/, any cwd

from tests.http_fixtures import BILLION_LAUGHS, FAST_FETCH_CONFIG, HostileServer  # noqa: E402
from transforms.feeds import FeedError, parse_feed  # noqa: E402
from transforms.httpclient import FetchError, HttpClient  # noqa: E402


def bomb(references: int, value_chars: int = 2000) -> bytes:
    """One "safe" entity (no & in its value, which feedparser keeps) referenced many times."""
    refs = "&big;" * references
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "' + "x" * value_chars + '">\n]>\n'
            f'<rss version="2.0"><channel><title>t</title><item><title>{refs}</title>'
            "<link>http://a.invalid/1</link><description>" + refs + "</description></item></channel></rss>").encode()


CHILD = r"""
import io, json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
import feedparser
data = sys.stdin.buffer.read()
t = time.perf_counter()
try:
    r = feedparser.parse(io.BytesIO(data))
    size = sum(len(e.get("title", "")) + len(e.get("summary", "")) for e in r.entries)
    out = {"ok": True, "expanded_chars": size, "bozo": repr(r.get("bozo_exception", ""))[:80]}
except MemoryError:
    out = {"ok": False, "error": "MemoryError"}
out["seconds"] = round(time.perf_counter() - t, 3)
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
print(json.dumps(out))
"""


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import argparse

    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    parse_feed(b'<rss version="2.0"><channel><item><link>http://a.invalid/</link></item></channel></rss>')  # warm up
    print(f"1. guarded parse_feed, billion laughs ({len(BILLION_LAUGHS)} bytes, 10^9 expansions)")
    tracemalloc.start()
    t = time.perf_counter()
    try:
        parse_feed(BILLION_LAUGHS)
    except FeedError as exc:
        reason = exc.reason
    elapsed = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"   refused: {reason} in {elapsed * 1000:.2f} ms, peak traced memory {peak / 1024:.1f} KiB")

    print("2. unguarded feedparser.parse(BytesIO(bomb)) in a child limited to 1 GiB")
    for depth in (1000, 5000, 20000):
        data = bomb(depth)
        proc = subprocess.run([sys.executable, "-c", CHILD], input=data, capture_output=True, timeout=600)
        result = proc.stdout.decode().strip() or proc.stderr.decode()[-200:]
        print(f"   {depth} references ({len(data)} bytes in): {result}")
        t = time.perf_counter()
        try:
            parse_feed(data)
        except FeedError as exc:
            print(f"      guarded: {exc.reason} in {(time.perf_counter() - t) * 1000:.2f} ms")

    with HostileServer(bomb_megabytes=64) as server:
        print(f"3. hostile endpoints through HttpClient (cap 1 MB, deadline 1 s; gzip bomb {len(server.bomb)} bytes"
              " -> 64 MiB)")
        client = HttpClient(FAST_FETCH_CONFIG, ["127.0.0.1"])
        for path in ("/gzip-bomb", "/huge", "/trickle", "/redirect-metadata", "/feed.xml"):
            before = rss_mb()
            t = time.perf_counter()
            try:
                f = client.get(server.url(path), kind="feed" if "feed" in path else "page")
                outcome = f"ok {len(f.body)} bytes"
            except FetchError as exc:
                outcome = exc.reason
            print(f"   {path:20s} {outcome:18s} {time.perf_counter() - t:6.3f} s, peak RSS +{rss_mb() - before:.1f} MB")


if __name__ == "__main__":
    main()
