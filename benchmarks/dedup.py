"""Dedup benchmark: MinHash backend speed, pairwise quality on a labelled set, and scale.

    PYTHONPATH=. .venv/bin/python benchmarks/dedup.py [--skip-scale] [--sizes 10000 100000]

(a) speed: shingling + signatures per 4 KB article for rensa, numpy and (if installed) datasketch.
(b) quality: stories built from real article bodies - the Zyte Article Extraction Benchmark
    ground truth (../shared/bench-data/extraction-aeb, MIT, scrapinghub/article-extraction-benchmark)
    and the five Arabic seeds - each republished with the edits outlets make (boilerplate around
    it, a paragraph dropped, a local intro added, typographic changes, Arabic orthographic
    variants), plus hard negatives: different stories wrapped in one site's template, short
    teasers that are mostly template, and the five seeds (one event, five texts: five stories).
    Pairwise precision and recall of DropDuplicates' clusters (same story <=> same cluster).
(c) scale: synthetic articles through DropDuplicates on the DirectRunner, each size in a fresh
    subprocess: wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import pathlib
import random
import resource
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from transforms import minhash  # noqa: E402

SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))
AEB = SHARED / "bench-data" / "extraction-aeb" / "gt_txt"
SEEDS = ROOT / "seeds"
CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["dedup"]

SITES = [
    (
        "Home | World | Politics | Business | Tech | Sport | Subscribe to our newsletter for the latest headlines",
        "Share this article on Facebook, Twitter and WhatsApp. Copyright 2024 Daily Courier Media Group. "
        "All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    ),
    (
        "Breaking News Live | Latest Stories | Most Read | Sign in | Register for free access to premium content",
        "Related stories: read more from our correspondents. Follow us on social media and download our app "
        "for iOS and Android to get breaking news alerts wherever you are. Terms of use | Privacy policy",
    ),
    (
        "الرئيسية | أخبار | سياسة | اقتصاد | رياضة | ثقافة | اشترك في النشرة البريدية لتصلك آخر الأخبار",
        "جميع الحقوق محفوظة لموقع الأخبار العربية ٢٠٢٤. يمنع نسخ المحتوى أو إعادة نشره دون إذن مسبق من إدارة التحرير. "
        "تابعونا على مواقع التواصل الاجتماعي",
    ),
]
INTROS = {
    "en": [
        "Our correspondent reports from the capital, where officials confirmed the news on Monday morning.",
        "This story was first published by a partner agency and is republished here with permission.",
        "Editor's note: this article has been updated with new information from local sources.",
    ],
    "ar": [
        "نقلا عن وكالات الأنباء، ننشر لكم هذا الخبر الذي تناقلته وسائل الإعلام صباح اليوم.",
        "أفاد مراسلنا في العاصمة بأن المسؤولين أكدوا الخبر في مؤتمر صحفي عقد مساء أمس.",
    ],
}


# ---- (a) speed ---------------------------------------------------------------------------------


def _sign_step(texts: list[str], params, fast: bool, batch: int = 256) -> None:
    """What the dedup Sign step does per article, outside Beam: matching normalisation, shingle
    hashes, MinHash signature, content hash, rank key, canonical URL. ``fast``: the shingle hashes
    of minhash.shingle_hashes (now); else shingles() + token_hashes() (the reference path before)."""
    from transforms.dedup import canonical_url, content_hash, rank_key
    from transforms.textnorm import normalize_for_match

    tracking = CONFIG["tracking_params"]
    for i in range(0, len(texts), batch):
        part = texts[i : i + batch]
        norms = [normalize_for_match(t) for t in part]
        if fast:
            signed = minhash.sign_and_count(part, params, norms)
        else:
            rows = [minhash.token_hashes(minhash.shingles(t, params.shingle_size, normalized=n)) for t, n in zip(part, norms)]
            signed = list(zip(minhash.signatures(rows, params.num_perm, params.seed, params.backend), map(len, rows)))
        for t, n, _sig in zip(part, norms, signed):
            content_hash(t, n)
            rank_key("0123456789abcdef", "2024-01-05T10:00:00+02:00", len(t))
            canonical_url("https://site.example/a/1?utm_source=feed&id=2", tracking)


def bench_speed(texts: list[str], num_perm: int, seed: int) -> None:
    from transforms.dedup import parse_settings

    params = parse_settings(CONFIG).params
    docs = [t[:4096] for t in texts if len(t) >= 4096] or texts
    mean_kb = sum(len(t.encode("utf-8")) for t in texts) / len(texts) / 1024
    print(f"\n(a) signature step end to end (normalise, shingle hashes, MinHash {params.backend}, content hash, "
          f"rank, canonical URL), CPU time (process_time), median of 5 rounds, one core")
    for label, sample in ((f"{len(texts)} real articles as they are (mean {mean_kb:.1f} KB)", texts),
                          (f"{len(docs)} real articles cut to 4 KB", docs)):
        for fast, name in ((False, "before: shingles() + token_hashes()"), (True, "now: minhash.shingle_hashes")):
            rounds = []
            for _ in range(5):
                t0 = time.process_time()
                _sign_step(sample, params, fast)
                rounds.append((time.process_time() - t0) / len(sample))
            per = sorted(rounds)[2]
            print(f"  {label:<44} {name:<38} {per * 1e3:6.3f} ms/article  {1 / per:7.0f} articles/s/core")
    shingled = [minhash.shingles(t) for t in docs]
    t0 = time.perf_counter()
    shingled = [minhash.shingles(t) for t in docs]
    t_shingle = (time.perf_counter() - t0) / len(docs)
    t0 = time.perf_counter()
    hashes = [minhash.token_hashes(s) for s in shingled]
    t_hash = (time.perf_counter() - t0) / len(docs)
    t0 = time.perf_counter()
    for t in docs:
        minhash.shingle_hashes(t)
    t_fast = (time.perf_counter() - t0) / len(docs)
    print(f"\n  parts, {len(docs)} articles of 4 KB, num_perm={num_perm}, ms per article (wall)")
    print(f"  shingling (normalise + 5-word shingles): {t_shingle * 1e3:.3f}")
    print(f"  xxh3 token hashes:                       {t_hash * 1e3:.3f}")
    print(f"  shingle_hashes (normalise + both, now):  {t_fast * 1e3:.3f}")
    for backend in minhash.BACKENDS:
        for batch in (1, 256):
            t0 = time.perf_counter()
            for i in range(0, len(hashes), batch):
                minhash.signatures(hashes[i : i + batch], num_perm, seed, backend)
            dt = (time.perf_counter() - t0) / len(docs)
            print(f"  {backend:<6} signatures, batch {batch:>3}:         {dt * 1e3:.3f}")
    datasketch = _datasketch()
    if datasketch is None:
        print("  datasketch: not importable (pip install datasketch, or DATASKETCH_PATH=<unpacked wheel>)")
        return
    t0 = time.perf_counter()
    for s in shingled:
        m = datasketch.MinHash(num_perm=num_perm, seed=seed)
        m.update_batch([x.encode("utf-8") for x in s])
    print(f"  datasketch MinHash.update_batch:         {(time.perf_counter() - t0) / len(docs) * 1e3:.3f}")
    t0 = time.perf_counter()
    for s in shingled:
        m = datasketch.MinHash(num_perm=num_perm, seed=seed)
        for x in s:
            m.update(x.encode("utf-8"))
    print(f"  datasketch MinHash.update per shingle:   {(time.perf_counter() - t0) / len(docs) * 1e3:.3f}")


def _datasketch():
    """datasketch's MinHash, if importable: installed, or an unpacked wheel at $DATASKETCH_PATH
    (loaded without the package __init__, which needs scipy; MinHash itself needs numpy only)."""
    try:
        import datasketch

        return datasketch
    except ImportError:
        pass
    path = os.environ.get("DATASKETCH_PATH")
    if not path:
        return None
    import types

    pkg = types.ModuleType("datasketch")
    pkg.__path__ = [os.path.join(path, "datasketch")]
    sys.modules["datasketch"] = pkg
    from datasketch.minhash import MinHash

    pkg.MinHash = MinHash
    return pkg


# ---- (b) quality -------------------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _typographic(text: str, rng: random.Random) -> str:
    swaps = [("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("—", " - "), ("–", "-"), ("…", "..."),
             ('"', "«"), (",", " ,"), (".", ". ")]
    for a, b in rng.sample(swaps, 4):
        text = text.replace(a, b)
    return text.replace("\n", "\n\n") if rng.random() < 0.5 else text


def _arabic_variants(text: str, rng: random.Random) -> str:
    table = {"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "،": ","}
    keys = rng.sample(sorted(table), 4)
    text = text.translate(str.maketrans({k: table[k] for k in keys}))
    out = []
    for word in text.split(" "):
        r = rng.random()
        if r < 0.05 and len(word) > 3:
            word = word[:2] + "ـــ" + word[2:]  # tatweel
        elif r < 0.15 and word:
            word = word[0] + "َ" + word[1:]  # a vowel mark
        out.append(word)
    return " ".join(out)


def _drop_paragraph(text: str, rng: random.Random) -> str:
    paras = _paragraphs(text)
    total = sum(len(p.split()) for p in paras)
    small = [i for i, p in enumerate(paras) if len(p.split()) <= 0.12 * total]
    if len(paras) < 4 or not small:
        return text
    i = rng.choice(small)
    return "\n".join(paras[:i] + paras[i + 1 :])


def _edits(text: str, lang: str, rng: random.Random) -> list[tuple[str, str]]:
    """Republished versions of one story: (edit name, text)."""
    site = rng.choice(SITES)
    out = [
        ("boilerplate", f"{site[0]}\n{text}\n{site[1]}"),
        ("paragraph_dropped", _drop_paragraph(text, rng)),
        ("intro_added", rng.choice(INTROS[lang]) + "\n" + text),
        ("typographic", _typographic(text, rng)),
    ]
    paras = _paragraphs(text)
    if len(paras) >= 4:  # harder variants (issue 16): shorter copies
        half = "\n".join(paras[: (len(paras) + 1) // 2])
        out.append(("truncated_half", half))
        out.append(("dropped+intro+typo", _typographic(rng.choice(INTROS[lang]) + "\n" + _drop_paragraph(text, rng), rng)))
    if lang == "ar":
        out.append(("orthographic", _arabic_variants(text, rng)))
        out.append(("orthographic+intro", rng.choice(INTROS["ar"]) + "\n" + _arabic_variants(text, rng)))
    else:
        out.append(("typographic+dropped", _typographic(_drop_paragraph(text, rng), rng)))
    return out


def build_labelled_set(seed: int = 11):
    """(docs as (id, story, edit, text), notes): every doc of one story is a duplicate of the others."""
    rng = random.Random(seed)
    items = []
    bodies = sorted(AEB.glob("*.txt")) if AEB.exists() else []
    texts = [(p.stem[:12], p.read_text("utf-8")) for p in bodies]
    texts = [(k, t) for k, t in texts if 150 <= len(t.split()) <= 3000]
    rng.shuffle(texts)
    teasers, stories = texts[:30], texts[30:]
    for k, text in stories:
        items.append((f"{k}-orig", k, "original", text))
        for edit, variant in _edits(text, "en", rng):
            items.append((f"{k}-{edit}", k, edit, variant))
    for path in sorted(SEEDS.glob("*.txt")):
        k, text = path.stem, path.read_text("utf-8")
        items.append((f"{k}-orig", k, "original", text))
        for edit, variant in _edits(text, "ar", rng):
            items.append((f"{k}-{edit}", k, edit, variant))
    # hard negatives: short teasers of other stories, mostly one site's template
    for i, (k, text) in enumerate(teasers):
        site = SITES[i % 2]
        first = " ".join(text.split()[:60])
        items.append((f"{k}-teaser", f"teaser-{k}", "teaser", f"{site[0]}\n{first}\n{site[1]}"))
    return items


def _pairs(clusters: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for doc, cluster in clusters.items():
        groups.setdefault(cluster, []).append(doc)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(sorted(g), 2)}


def run_dedup(docs, config):
    """Run DropDuplicates on the DirectRunner; returns {doc id: cluster id} and the duplicate rows."""
    import glob
    import tempfile

    import apache_beam as beam

    from transforms.dedup import DropDuplicates

    with tempfile.TemporaryDirectory() as tmp:
        with beam.Pipeline() as p:
            kept, dups = p | beam.Create(docs) | DropDuplicates(config)
            _ = kept | "K" >> beam.Map(lambda d: json.dumps([d.id, d.cluster_id])) | "WK" >> beam.io.WriteToText(f"{tmp}/kept")
            _ = dups | "D" >> beam.Map(lambda d: json.dumps(list(d))) | "WD" >> beam.io.WriteToText(f"{tmp}/dups")

        def rows(prefix):
            return [json.loads(line) for f in glob.glob(f"{tmp}/{prefix}*") for line in open(f, encoding="utf-8")]

        kept_rows, dup_rows = rows("kept"), rows("dups")
    clusters = dict(kept_rows)
    clusters.update({d[0]: d[3] for d in dup_rows})
    return clusters, dup_rows


def bench_quality(config: dict) -> None:
    from transforms.records import Document

    items = build_labelled_set()
    story = {i: s for i, s, _e, _t in items}
    edit = {i: e for i, _s, e, _t in items}
    docs = [Document(id=i, source=i, url="", format="text", text=t) for i, _s, _e, t in items]
    truth = _pairs(story)
    t0 = time.perf_counter()
    clusters, _dups = run_dedup(docs, config)
    took = time.perf_counter() - t0
    assert set(clusters) == set(story), "every input ends as kept or duplicate"
    found = _pairs(clusters)
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    n_stories = len(set(story.values()))
    print(f"\n(b) quality: {len(docs)} documents, {n_stories} stories, {len(truth)} duplicate pairs "
          f"(threshold {config['threshold']}, shingle {config['shingle_size']}, num_perm {config['num_perm']}, {took:.1f} s)")
    print(f"  pairwise precision {precision:.4f}  recall {recall:.4f}  (targets >= 0.99 / >= 0.95)")
    missed: dict[str, int] = {}
    for a, b in truth - found:
        for x in (a, b):
            missed[edit[x]] = missed.get(edit[x], 0) + 1
    if missed:
        print("  missed pairs by edit involved: " + ", ".join(f"{k} {v}" for k, v in sorted(missed.items())))
    wrong = sorted(found - truth)
    if wrong:
        print(f"  false pairs ({len(wrong)}): " + "; ".join(f"{a} ~ {b}" for a, b in wrong[:5]))
    seed_stories = {p.stem for p in SEEDS.glob("*.txt")}
    seeds = {i for i, e in edit.items() if e == "original" and story[i] in seed_stories}
    seed_clusters = {clusters[i] for i in seeds}
    print(f"  seed originals: {len(seeds)} in {len(seed_clusters)} clusters (five stories expected)")


# ---- (c) scale ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _vocabulary(seed: int):
    """50,000 random words and their Zipf cumulative weights (built once per process)."""
    vocab_rng = random.Random(seed)
    vocab = ["".join(vocab_rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(vocab_rng.randint(2, 10)))
             for _ in range(50_000)]
    weights = [1.0 / (r + 1) ** 0.9 for r in range(len(vocab))]
    return vocab, np.array(list(itertools.accumulate(weights)))


def _synthetic_chunk(chunk: int, per_chunk: int, total: int, seed: int, first: int = 0):
    """Deterministic synthetic Documents: Zipf-ish words; ~20% near copies, ~5% exact, ~5% same URL."""
    from transforms.records import Document

    vocab, cum = _vocabulary(seed)

    def story(k: int) -> str:  # 350 Zipf-distributed words, drawn with numpy (the input must not dominate)
        draws = np.random.default_rng(seed * 1_000_003 + k).random(350) * cum[-1]
        return " ".join(map(vocab.__getitem__, np.searchsorted(cum, draws, side="right").tolist()))

    for n in range(first + chunk * per_chunk, first + min(total, (chunk + 1) * per_chunk)):
        r = random.Random(n)
        kind = r.random()
        base = r.randrange(max(n, 1))
        if n and kind < 0.20:  # near copy: a sentence added, a few words dropped
            words = story(base).split()
            cut = r.randrange(len(words) - 20)
            text = "local intro words here for this outlet " + " ".join(words[:cut] + words[cut + 15 :])
            url = f"https://site{n % 50}.example/a/{n}"
        elif n and kind < 0.25:
            text, url = story(base), f"https://site{n % 50}.example/a/{n}"
        elif n and kind < 0.30:
            text, url = story(n), f"https://site{base % 50}.example/a/{base}?utm_source=feed"
        else:
            text, url = story(n), f"https://site{n % 50}.example/a/{n}"
        yield Document(id=f"doc{n:07d}", source=f"syn/{n}", url=url, format="text", text=text,
                       published=f"2024-01-{1 + n % 28:02d}")


def scale_child(n: int, index_dir: str | None = None, first: int = 0) -> None:
    """One scale run in this process: n synthetic articles (ids from ``first``) through
    DropDuplicates on the DirectRunner (one in-process worker); with ``index_dir`` the run is
    checked against that cross-run index and its survivors are committed to it."""
    import apache_beam as beam
    from apache_beam.metrics.metric import MetricsFilter
    from apache_beam.options.pipeline_options import PipelineOptions

    from transforms.dedup import DropDuplicates
    from transforms.dedup_index import commit_index

    per_chunk = 1000
    t0 = time.perf_counter()
    runner = ["--direct_num_workers=1"]
    if os.environ.get("DEDUP_BENCH_PRISM"):  # Prism (Go) instead of the FnApiRunner; its RSS is not in ours
        runner = ["--runner=PrismRunner", f"--prism_location={os.environ['DEDUP_BENCH_PRISM']}",
                  "--experiments=disable_prism_server_singleton"]
    p = beam.Pipeline(options=PipelineOptions(runner))
    dedup = DropDuplicates(CONFIG, index_dir=index_dir)
    kept, dups = (
        p
        | beam.Create(list(range((n + per_chunk - 1) // per_chunk)))
        | beam.FlatMap(_synthetic_chunk, per_chunk, n, 7, first)
        | dedup
    )
    _ = kept | "CountKept" >> beam.combiners.Count.Globally() | "PK" >> beam.Map(lambda c: print("kept", c))
    _ = dups | "CountDups" >> beam.combiners.Count.Globally() | "PD" >> beam.Map(lambda c: print("duplicates", c))
    result = p.run()
    result.wait_until_finish()
    if index_dir:
        print("indexed", commit_index(index_dir, dedup.staging_dir))
    counters = {}
    for r in result.metrics().query(MetricsFilter().with_namespace("news.dedup"))["counters"]:
        counters[r.key.metric.name] = counters.get(r.key.metric.name, 0) + r.committed  # summed over steps
    print("counters", json.dumps(counters, sort_keys=True))
    print(f"seconds {time.perf_counter() - t0:.1f}")


def _rss_watchdog(pid: int, max_rss_mb: float, killed: list) -> None:
    """Kill the child when its RSS passes max_rss_mb (the machine is shared: never let a run
    that cannot fit push others into the OOM killer); the RSS it was killed at goes in ``killed``."""
    while True:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as fh:
                rss = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmRSS")) / 1024
        except (OSError, StopIteration):
            return
        if rss > max_rss_mb:
            killed.append(rss)
            os.kill(pid, 9)
            return
        time.sleep(0.5)


MAX_RSS_MB = 12_000


def _run_child(args: list[str], root: pathlib.Path = ROOT, max_rss_mb: float = MAX_RSS_MB) -> dict:
    """Run ``benchmarks/dedup.py --scale-child ...`` in a fresh process: its wall and CPU seconds
    and peak RSS (its own rusage, from os.wait4), and the lines it printed."""
    import tempfile

    load = os.getloadavg()[0]
    killed: list = []
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        proc = subprocess.Popen([sys.executable, str(root / "benchmarks" / "dedup.py"), "--scale-child", *args],
                                stdout=out_f, stderr=err_f, text=True, env={**os.environ, "PYTHONPATH": str(root)})
        watch = threading.Thread(target=_rss_watchdog, args=(proc.pid, max_rss_mb, killed), daemon=True)
        watch.start()
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (CPU, peak RSS)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out_f.seek(0)
        err_f.seek(0)
        out, err = out_f.read(), err_f.read()
    if killed:
        raise SystemExit(f"scale run {args} stopped: RSS {killed[0]:.0f} MB > {max_rss_mb:.0f} MB after {wall:.0f} s "
                         f"(CPU {usage.ru_utime + usage.ru_stime:.0f} s)")
    if proc.returncode:
        print(err[-3000:])
        raise SystemExit(f"scale run {args} failed")
    lines = {ln.split(" ", 1)[0]: ln.split(" ", 1)[1] for ln in out.splitlines() if " " in ln}
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "lines": lines, "load": (load, os.getloadavg()[0])}


def _index_bytes(index_dir: str) -> tuple[int, int]:
    """(bytes on disk, rows) of the committed index files."""
    import pyarrow.parquet as pq

    files = sorted(pathlib.Path(index_dir).glob("run-*.parquet"))
    return sum(f.stat().st_size for f in files), sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def bench_scale(sizes: list[int], with_index: bool = False, check: int = 0, baseline: str | None = None,
                baseline_max: int = 100_000) -> None:
    import tempfile

    print("\n(c) scale: synthetic articles (350 words, ~30% duplicates) through DropDuplicates, "
          f"DirectRunner (one in-process worker){', with a cross-run index' if with_index else ''}")
    print(f"  {'articles':>9} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>11} {'wall ms/art':>11} "
          f"{'CPU ms/art':>10} {'KB RSS/art':>10}  load (start, end)")
    times = {}
    last_index = None
    for n in sizes:
        index_dir = tempfile.mkdtemp(prefix=f"dedup-index-{n}-") if with_index else None
        r = _run_child([str(n)] + (["--index-dir", index_dir] if index_dir else []))
        times[n] = r["wall"]
        if baseline and n <= baseline_max:
            b = _run_child([str(n)], pathlib.Path(baseline))
            print(f"  {n:>9} {b['wall']:8.1f} {b['cpu']:8.1f} {b['rss_mb']:11.0f} {b['wall'] / n * 1e3:11.3f} "
                  f"{b['cpu'] / n * 1e3:10.3f} {b['rss_mb'] * 1024 / n:10.2f}  {b['load'][0]:.1f}, {b['load'][1]:.1f}"
                  f"  BASELINE {baseline} (no index)")
            print(f"            kept {b['lines'].get('kept')}, duplicates {b['lines'].get('duplicates')}, "
                  f"counters {b['lines'].get('counters')}")
        print(f"  {n:>9} {r['wall']:8.1f} {r['cpu']:8.1f} {r['rss_mb']:11.0f} {r['wall'] / n * 1e3:11.3f} "
              f"{r['cpu'] / n * 1e3:10.3f} {r['rss_mb'] * 1024 / n:10.2f}  {r['load'][0]:.1f}, {r['load'][1]:.1f}")
        print(f"            kept {r['lines'].get('kept')}, duplicates {r['lines'].get('duplicates')}, "
              f"counters {r['lines'].get('counters')}")
        if index_dir:
            size, rows = _index_bytes(index_dir)
            print(f"            index: {rows} entries, {size} bytes on disk, {size / max(rows, 1):.0f} bytes per entry, "
                  f"{size / n:.0f} bytes per input article")
            last_index = (n, index_dir, rows)
    if len(times) >= 2:
        small, large = min(times), max(times)
        print(f"  {large} / {small} time ratio: {times[large] / times[small]:.1f}x (size ratio {large / small:.0f}x)")
    if check and last_index:
        bench_check(check, *last_index)


def bench_check(check: int, n: int, index_dir: str, rows: int) -> None:
    """(d) ``check`` new articles (ids after the ``n`` indexed) against the index, and without one.
    The run against the index works on a copy of it (its survivors are committed to the copy)."""
    import shutil
    import tempfile

    print(f"\n(d) checking {check} new articles (ids after the {n} indexed; ~25% copy an earlier story) "
          f"against the index of the {n}-article run ({rows} entries), and without an index")
    with tempfile.TemporaryDirectory(prefix="dedup-check-") as tmp:
        copy = shutil.copytree(index_dir, os.path.join(tmp, "index"))
        for label, extra in (("with index", ["--index-dir", copy]), ("no index", [])):
            r = _run_child([str(check), "--first", str(n)] + extra)
            print(f"  {label:<10} wall {r['wall']:7.1f} s, CPU {r['cpu']:7.1f} s, peak RSS {r['rss_mb']:6.0f} MB, "
                  f"CPU {r['cpu'] / check * 1e3:.3f} ms per new article, load {r['load'][0]:.1f}")
            print(f"             kept {r['lines'].get('kept')}, duplicates {r['lines'].get('duplicates')}, "
                  f"counters {r['lines'].get('counters')}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--index", action="store_true",
                        help="scale runs write a cross-run index (size per article printed)")
    parser.add_argument("--check", type=int, default=0, metavar="N",
                        help="then check N new articles against the largest run's index (needs --index)")
    parser.add_argument("--baseline", metavar="TREE",
                        help="also run each size up to --baseline-max with the code of another checkout "
                             "(e.g. a worktree of the commit before), in the same session")
    parser.add_argument("--baseline-max", type=int, default=100_000)
    parser.add_argument("--check-index", nargs=2, metavar=("DIR", "N"),
                        help="only (d): --check new articles against the index DIR of an N-article run")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a dedup config value for the quality run (YAML value)")
    args = parser.parse_args(argv)
    if args.scale_child:
        scale_child(args.scale_child, args.index_dir, args.first)
        return
    config = dict(CONFIG)
    for item in args.set:
        key, value = item.split("=", 1)
        config[key] = yaml.safe_load(value)
    if args.check_index:
        index_dir, n = args.check_index[0], int(args.check_index[1])
        bench_check(args.check, n, index_dir, _index_bytes(index_dir)[1])
        return
    texts = [p.read_text("utf-8") for p in sorted(AEB.glob("*.txt"))] + [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    bench_speed(texts, config["num_perm"], config["seed"])
    if not args.skip_quality:
        bench_quality(config)
    if not args.skip_scale:
        bench_scale(args.sizes, args.index, args.check, args.baseline, args.baseline_max)


if __name__ == "__main__":
    main()
