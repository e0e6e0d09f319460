"""The streaming job and the split read of one large file on a local Flink cluster (parallelism 2).

A real Flink session cluster (job manager + task manager JVMs, ``scripts/flink_local_cluster.sh``)
started per test in its own folder on free loopback ports and stopped after it (the test checks
that both JVMs are gone); Beam's Flink job server (``.venv/engines/flink/job-server.jar``, built
by ``scripts/setup_engines.sh``, never run from here) submits the job; the Python work runs in
LOOPBACK workers (this process: the cluster is on this machine). Which Flink subtasks did the work
is read from Flink's REST API (``/jobs/<id>/vertices/<vertex>``: records received per subtask), so
"both workers" means both parallel instances of the operator, as Flink schedules them.

Marked ``slow``: ``.venv/bin/python -m pytest -q -m slow tests/test_flink_cluster.py`` (~2-4 min).
"""

from __future__ import annotations

import glob
import json
import os
import pathlib
import socket
import subprocess
import threading
import time
import urllib.request

import pyarrow.parquet as pq
import pytest
import yaml

from pipelines import stream
from tests.conftest import ROOT
from tests.http_fixtures import LOADED_FETCH_CONFIG, NewsSite

ENGINES = pathlib.Path(os.environ.get("NEWS_ENGINES", ROOT / ".venv" / "engines"))
JOB_SERVER = ENGINES / "flink" / "job-server.jar"
CLUSTER_SCRIPT = ROOT / "scripts" / "flink_local_cluster.sh"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not JOB_SERVER.exists(), reason=f"no Flink job server at {JOB_SERVER} "
                       "(scripts/setup_engines.sh builds it under .venv/engines/)"),
]


# ---- the cluster -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def flink_cluster(tmp_path):
    """A local Flink session cluster with 2 task slots in its own folder; stopped afterwards."""
    home = tmp_path / "flink-cluster"
    env = {**os.environ, "NEWS_ENGINES": str(ENGINES), "FLINK_CLUSTER_HOME": str(home),
           "FLINK_REST_PORT": str(_free_port()), "FLINK_RPC_PORT": str(_free_port()), "FLINK_SLOTS": "2"}
    proc = subprocess.run(["bash", str(CLUSTER_SCRIPT), "start"], env=env, capture_output=True, text=True,
                          timeout=300)
    pids = [int((home / f"{role}.pid").read_text()) for role in ("jobmanager", "taskmanager")
            if (home / f"{role}.pid").exists()]
    try:
        assert proc.returncode == 0, proc.stderr[-3000:]
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(CLUSTER_SCRIPT), "stop"], env=env, capture_output=True, timeout=120)
        assert not [pid for pid in pids if _alive(pid)], "a Flink JVM outlived the cluster's stop"


def flink_args(master: str) -> list[str]:
    version = dict(line.split("=", 1) for line in (ENGINES / "flink" / "job-server.properties")
                   .read_text("utf-8").splitlines() if "=" in line)["flink_version"]
    return ["--runner=FlinkRunner", f"--flink_job_server_jar={JOB_SERVER}", f"--flink_version={version}",
            f"--flink_master={master}", "--environment_type=LOOPBACK", "--parallelism=2"]


def _get(master: str, path: str) -> dict:
    return json.loads(urllib.request.urlopen(f"http://{master}{path}", timeout=10).read())


_TERMINAL = {"FINISHED", "FAILED", "CANCELED", "SUSPENDED"}


def last_job(master: str, settle_seconds: float = 60) -> dict:
    """The most recent job on the cluster: its overview entry plus its vertices, once the job has
    reached a terminal state (or after ``settle_seconds``): the launcher returns when the pipeline
    result says so, and Flink's REST overview can still show RUNNING for a moment after that (a
    CI run on 2 busy cores saw it)."""
    deadline = time.time() + settle_seconds
    while True:
        jobs = _get(master, "/jobs/overview")["jobs"]
        job = max(jobs, key=lambda j: j["start-time"])
        if job["state"] in _TERMINAL or time.time() >= deadline:
            return {**job, "vertices": _get(master, f"/jobs/{job['jid']}")["vertices"]}
        time.sleep(0.5)


def records_in_per_subtask(master: str, job: dict, name_part: str) -> dict[str, list[int]]:
    """{vertex name: records received by each of its parallel subtasks} for the vertices whose name
    contains ``name_part`` (Flink's vertex names list the Beam transforms fused into them)."""
    found = {}
    for vertex in job["vertices"]:
        if name_part in vertex["name"]:
            detail = _get(master, f"/jobs/{job['jid']}/vertices/{vertex['id']}")
            found[vertex["name"]] = [s["metrics"]["read-records"] for s in detail["subtasks"]]
    return found


def _ts(iso: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(iso).timestamp()


def rows(pattern: str) -> list[dict]:
    return [r for path in sorted(glob.glob(pattern)) for r in pq.read_table(path).to_pylist()]


# ---- streaming: feeds polled, state-and-timer dedup, windows written by several workers ---------


def _text(seed: int, words: int = 80) -> str:
    import random

    rng = random.Random(seed)
    return " ".join(rng.choice([f"word{i}" for i in range(3000)]) for _ in range(words))


# --max-runtime is only the cap of a run gone wrong: the test stops the stream itself with
# --stop-file once the windows it needs are out. The job's start-up lag is not bounded: its first
# feed poll came 40-60 s after launch on a quiet machine, 108 s after launch in a CI run at load 15
# (so a fixed 100 s run had stopped its sources before the job polled at all: one window, test failed).
MAX_RUNTIME = 480  # s


def _wait_for(condition, deadline: float) -> bool:
    while not condition():
        if time.time() >= deadline:
            return False
        time.sleep(0.2)
    return True


def test_streaming_job_on_a_local_flink_cluster(flink_cluster, tmp_path):
    """``--streaming`` on Flink (parallelism 2): the feed is polled again and again (a new entry
    added mid-run is fetched), a republication under another URL arriving in a later poll is
    dropped by the state-and-timer dedup, windows are published while the job runs (not only
    when the sources stop), the stream stops on its stop file and drains (FINISHED, every input
    in a published window), and the window writer's shards are spread over both Flink subtasks
    (records received by each > 0)."""
    master = flink_cluster
    out, watch, cache = tmp_path / "out", tmp_path / "watch", tmp_path / "cache"
    stop_file = tmp_path / "STOP"
    watch.mkdir()
    for n in (1, 2):
        (watch / f"file{n}.txt").write_text(f"File {n}\n\n" + _text(900 + n, 60), encoding="utf-8")
    config = tmp_path / "stream.yaml"
    config.write_text(yaml.safe_dump({
        "fetch": LOADED_FETCH_CONFIG, "clean": {"min_words": 5},
        "stream": {"window_minutes": 0.1, "allowed_lateness_minutes": 0, "writer_shards": 4},
    }))
    first = [f"/page/{n}" for n in range(1, 11)]
    with NewsSite(first, lambda n: _text(500 + n), feed_title="Flink Stream") as site:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(site.url("/feed.xml") + "\n" + site.url("/missing.xml") + "\n")

        def copy_published() -> bool:
            return any(r["source"] == site.url("/copy/1") for r in rows(str(out / "window=*" / "duplicates" / "*.parquet")))

        def drive():
            """Once the first window is out: a new story and a copy of page 1 join the feed; once the
            window holding the copy is out: the stop file (also when a wait runs out, so the run ends)."""
            deadline = started + MAX_RUNTIME - 30
            try:
                if _wait_for(lambda: glob.glob(str(out / "window=*" / "summary.json")), deadline):
                    grown.append(time.time())
                    with site.lock:
                        site.entries += ["/page/11", "/copy/1"]
                    _wait_for(copy_published, deadline)
            finally:
                stopped.append(time.time())
                stop_file.write_text("stop")

        grown: list[float] = []
        stopped: list[float] = []
        started = time.time()
        driver = threading.Thread(target=drive, daemon=True)
        driver.start()
        summary = stream.run([
            "--output", str(out), "--feeds", str(feeds), "--watch", str(watch), "--poll-interval", "2",
            "--max-runtime", str(MAX_RUNTIME), "--stop-file", str(stop_file), "--allow-hosts", "127.0.0.1",
            "--http-cache", str(cache), "--config", str(config), "--quiet", *flink_args(master),
        ])
        driver.join(5)

    job = last_job(master)
    # stopped by the stop file: the sources finish, the windows drain, Flink ends the job FINISHED
    # (not cancelled by the launcher's drain timeout, not failed). Before transforms/ticks.py the
    # poll source spun on Flink and the task manager ran out of heap: docs/running.md, "Stopping".
    assert job["state"] == "FINISHED", job["state"]
    assert not summary["cancelled"]

    # Feeds polled: repeatedly (conditional GETs), and the entries added mid-run were fetched.
    assert site.hits["/feed.xml"] >= 4 and site.hits["/missing.xml"] >= 4
    articles = rows(str(out / "window=*" / "articles" / "*.parquet"))
    duplicates = rows(str(out / "window=*" / "duplicates" / "*.parquet"))
    rejected = rows(str(out / "window=*" / "rejected" / "*.parquet"))
    expected = [site.url(p) for p in first + ["/page/11"]] + [str(watch / f"file{n}.txt") for n in (1, 2)]
    # each exactly once (a page missing here: look for it in rejected, e.g. a fetch:timeout)
    assert sorted(a["source"] for a in articles) == sorted(expected), [(r["source"], r["stage"], r["reason"]) for r in rejected]
    # State-and-timer dedup: the copy came in a later window than /page/1 (first arrival wins).
    (copy,) = [d for d in duplicates if d["source"] == site.url("/copy/1")]
    original = next(a for a in articles if a["source"] == site.url("/page/1"))
    assert (copy["duplicate_of"], copy["method"]) == (original["id"], "exact")
    assert all(d["duplicate_of"] == d["id"] for d in duplicates if d is not copy)  # a tick handed over twice
    assert [(r["source"], r["stage"], r["reason"]) for r in rejected] == [(site.url("/missing.xml"), "feed", "http_404")]

    # Windows published whole: a summary per window, the totals add up, nothing left staged.
    windows = sorted(glob.glob(str(out / "window=*" / "summary.json")))
    assert windows and summary["windows"] == len(windows)
    published = [json.loads(pathlib.Path(w).read_text()) for w in windows]
    lag = [round(_ts(w["written"]) - _ts(w["window_end"]), 1) for w in published]
    # a window out while running (the feed grew after it), the stop requested after the growth
    assert grown and stopped and grown[0] < stopped[0] and len(published) >= 2, (grown, stopped, lag)
    assert copy["source"] not in {r["source"] for r in rows(windows[0].replace("summary.json", "*/*.parquet"))}
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    assert summary["articles"] == len(articles) == len(expected)
    assert not glob.glob(str(out / ".tmp-*"))
    parts = [p for path in windows for p in json.loads(pathlib.Path(path).read_text())["parts"]]
    assert sum(p["rows"] for p in parts) + sum(
        json.loads(pathlib.Path(p).read_text())["inputs"] for p in glob.glob(str(out / "window=*" / "summary-late-*.json"))
    ) == summary["inputs"]

    # The writer spread over workers: 4 shard keys, 15+ rows keyed by crc32(id); Flink ran the
    # shard writer as 2 subtasks and each of them received rows (and wrote their parts).
    assert len({p["shard"] for p in parts}) >= 2
    (writer,) = records_in_per_subtask(master, job, "WriteWindows/WriteShards").values()
    assert len(writer) == 2 and all(n > 0 for n in writer), writer
    assert sum(writer) == summary["inputs"]
    (dedup,) = records_in_per_subtask(master, job, "Buckets").values()
    assert len(dedup) == 2
    print(f"\nFlink stream: {len(windows)} windows published {lag} s after their end "
          f"(feed grown {round(grown[0] - started)} s, stop file {round(stopped[0] - started)} s after launch); "
          f"{len(parts)} shard parts; records into the shard "
          f"writer per subtask {writer}, into the dedup buckets per subtask {dedup}; {summary}")


# ---- batch: one large WARC read by both workers --------------------------------------------------


def test_one_large_warc_is_read_by_both_flink_workers(flink_cluster, tmp_path):
    """One WARC larger than ``read.split_bytes`` is cut into ranges at record offsets; on Flink
    (parallelism 2) the ranges are reshuffled and both subtasks of the read step receive ranges and
    send documents on (Flink REST: records in and out per subtask). Without the split, the file is
    one element: one subtask would receive it, the other nothing."""
    from pipelines import ingest
    from tests.conftest import BENCH, require_shared
    from tests.warc_corpus import Capture, aeb_pages, write_warc
    from transforms.warc import warc_split_points

    master = flink_cluster
    require_shared(BENCH)
    pages = aeb_pages(40)
    warc = tmp_path / "input" / "crawl.warc.gz"
    warc.parent.mkdir()
    write_warc(warc, [Capture(url, body) for url, body in pages])
    split_bytes = 64 * 1024  # read.split_bytes minimum
    with open(warc, "rb") as fh:
        ranges = len(warc_split_points(fh, split_bytes))
    assert ranges >= 16, ranges  # enough that both subtasks get some (all on one: p = 2 ** (1 - ranges))
    config = tmp_path / "split.yaml"
    config.write_text(yaml.safe_dump({"read": {"split_bytes": split_bytes}}))
    out = tmp_path / "out"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        summary = ingest.run(["--input", str(warc), "--output", str(out), "--config", str(config), "--quiet",
                              "--no-report", *flink_args(master)])
    finally:
        os.chdir(cwd)

    job = last_job(master)
    assert job["state"] == "FINISHED", job["state"]
    assert summary["inputs"] == len(pages) and summary["accounted"], summary
    articles = rows(str(out / "articles" / "*.parquet"))
    assert {a["url"] for a in articles} <= {url for url, _ in pages} and len(articles) >= len(pages) // 2
    assert len({a["warc_record_id"] for a in articles}) == len(articles)

    # the vertex that reads the ranges: Read fused with the flatten of all documents (and, since
    # the id guard moved after the clean stage (read.OneOutcomePerId), with Decode and Extract again)
    (read,) = [name for name in records_in_per_subtask(master, job, "AllDocuments")]
    vertex = next(v for v in job["vertices"] if v["name"] == read)
    detail = _get(master, f"/jobs/{job['jid']}/vertices/{vertex['id']}")
    ranges_in = [s["metrics"]["read-records"] for s in detail["subtasks"]]
    sent_on = [s["metrics"]["write-records"] for s in detail["subtasks"]]
    print(f"\nFlink split read: {ranges} ranges of one {warc.stat().st_size} byte WARC ({len(pages)} pages); "
          f"vertex {read!r}: ranges in per subtask {ranges_in}, records out per subtask {sent_on}")
    assert len(ranges_in) == 2 and all(n > 0 for n in ranges_in), ranges_in
    assert sum(ranges_in) == ranges
    assert all(n > 0 for n in sent_on), sent_on
