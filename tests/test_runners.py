"""The same pipeline on real engines, compared row for row with the DirectRunner.

Engines: Flink (Beam's job server on an embedded mini-cluster), Prism, the portable runner
in-process (LOOPBACK), the multi-process DirectRunner, and Dataflow offline (a dry run that builds
the job and the worker package without network). Plus the worker package itself (the sdist).

The engines come from ``scripts/setup_engines.sh`` (called once per session: idempotent and
instant once cached under .venv/engines/); an engine it could not obtain is skipped with the
exact reason the script recorded, never silently. Engine runs are marked ``slow``
(``-m "not slow"`` deselects them).
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request

import apache_beam as beam
import pyarrow.parquet as pq
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.runner import PipelineState

from pipelines import ingest
from pipelines.config import load_config
from pipelines.options import IngestOptions
from tests.conftest import ROOT, SEEDS
from pipelines.publish import staging_dir_for
from transforms.write import read_summary

ENGINES = pathlib.Path(os.environ.get("NEWS_ENGINES", ROOT / ".venv" / "engines"))
SETUP_ENGINES = ROOT / "scripts" / "setup_engines.sh"

# The columns compared across engines (floats and free-form details left out).
KEY_COLUMNS = {
    "articles": ("id", "source", "url", "title", "text", "language", "publisher", "word_count",
                 "content_hash", "cluster_id", "duplicate_count"),
    "duplicates": ("id", "source", "duplicate_of", "method"),
    "rejected": ("id", "source", "stage", "reason"),
}
COUNTS = ("inputs", "articles", "duplicates", "rejected")


# ---- helpers ---------------------------------------------------------------------------------


def snapshot(folder: pathlib.Path) -> dict[str, list[tuple]]:
    """The output tables of a run, read back with pyarrow: sorted tuples of the key columns."""
    tables = {}
    for name, wanted in KEY_COLUMNS.items():
        table = pq.read_table(str(folder / name))
        columns = [c for c in wanted if c in table.column_names]
        tables[name] = sorted(tuple(str(row[c]) for c in columns) for row in table.select(columns).to_pylist())
    return tables


def run_once(attempt, out: pathlib.Path):
    """Call ``attempt(out_folder)`` -> (summary, folder). No retries: the extract stage's isolation
    is its own child interpreter (transforms/extract.py), not a fork()ed pool, and a lost document
    would show as a difference from the DirectRunner's rows."""
    return attempt(out)


def run_pipeline(inputs: pathlib.Path, out: pathlib.Path, *runner_args: str) -> tuple[dict, pathlib.Path]:
    """Run the CLI entry point (pipelines.ingest.run) from the repo root; (summary, output folder)."""

    def attempt(target: pathlib.Path):
        argv = ["--input", str(inputs), "--output", str(target), "--quiet", "--no-report", *runner_args]
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            return ingest.run(argv), target
        finally:
            os.chdir(cwd)

    return run_once(attempt, out)


def _engines_ready() -> None:
    """Run scripts/setup_engines.sh once per session (fast when everything is cached)."""
    if getattr(_engines_ready, "done", False):
        return
    _engines_ready.done = True
    env = {**os.environ, "PYTHON": sys.executable, "NEWS_ENGINES": str(ENGINES)}
    proc = subprocess.run(["bash", str(SETUP_ENGINES)], env=env, capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stderr[-3000:]


def engine(name: str, artifact: pathlib.Path) -> pathlib.Path:
    """The engine's artifact, set up if needed; skips with the setup script's recorded reason."""
    _engines_ready()
    unavailable = ENGINES / f"{name}.unavailable"
    if artifact.exists() and not unavailable.exists():
        return artifact
    if unavailable.exists():
        pytest.skip(unavailable.read_text("utf-8").strip())
    pytest.fail(f"scripts/setup_engines.sh neither installed {artifact} nor recorded why in {unavailable}")


def flink_properties() -> dict[str, str]:
    text = (ENGINES / "flink" / "job-server.properties").read_text("utf-8")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


# ---- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> pathlib.Path:
    """The seeds, an exact copy of one (a duplicate), an empty .txt and a .csv (two dead letters)."""
    folder = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds:
        shutil.copy(path, folder / path.name)
    shutil.copy(seeds[0], folder / f"copy-of-{seeds[0].name}")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return folder


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict:
    """The DirectRunner's output on the corpus, pinned to Beam's in-process FnApiRunner.

    Beam 2.77's DirectRunner hands batch jobs to Prism when it judges the graph supported (and
    would download a Prism binary to do so); our graph keeps it off Prism (the extract stage's
    ``with_exception_handling`` is one reason), and this fixture fails if that ever changes.
    """
    out = tmp_path_factory.mktemp("direct") / "out"
    direct_log = logging.getLogger("apache_beam.runners.direct.direct_runner")
    handler, level = _Records(), direct_log.level
    direct_log.addHandler(handler)
    direct_log.setLevel(logging.INFO)
    try:
        summary, out = run_pipeline(corpus, out)
    finally:
        direct_log.removeHandler(handler)
        direct_log.setLevel(level)
    assert not [m for m in handler.messages if "PrismRunner" in m], handler.messages
    tables = snapshot(out)
    # The corpus must exercise every output, or the comparisons below prove nothing.
    assert tuple(summary[k] for k in COUNTS) == (8, 5, 1, 2)
    assert (len(tables["articles"]), len(tables["duplicates"]), len(tables["rejected"])) == (5, 1, 2)
    return {"summary": summary, "tables": tables}


def assert_same_as_direct(reference: dict, summary: dict, out: pathlib.Path) -> None:
    assert {k: summary[k] for k in COUNTS} == {k: reference["summary"][k] for k in COUNTS}
    tables = snapshot(out)
    for name in KEY_COLUMNS:
        assert tables[name] == reference["tables"][name], name


# ---- engines ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_multi_process_direct_runner(corpus, reference, tmp_path):
    summary, out = run_pipeline(
        corpus, tmp_path / "out", "--direct_running_mode=multi_processing", "--direct_num_workers=2"
    )
    assert_same_as_direct(reference, summary, out)


@pytest.mark.slow
def test_portable_runner_in_process_with_dead_letters_and_metrics(corpus, reference, tmp_path):
    """PortableRunner, embedded job service, LOOPBACK workers: same rows, and metrics come back."""
    holder = {}

    def attempt(target: pathlib.Path):
        argv = ["--runner=PortableRunner", "--job_endpoint=embed", "--environment_type=LOOPBACK",
                "--input", str(corpus), "--output", str(target)]
        options = PipelineOptions(argv)
        staging = staging_dir_for(str(target))
        p = beam.Pipeline(options=options)
        ingest.build(p, options.view_as(IngestOptions), load_config(), staging)
        result = p.run()
        result.wait_until_finish()
        assert result.state == PipelineState.DONE
        holder["result"] = result
        return read_summary(staging), pathlib.Path(staging)

    summary, staging = run_once(attempt, tmp_path / "out")
    result = holder["result"]
    assert_same_as_direct(reference, summary, staging)
    assert summary["rejected_by_reason"] == {"read:empty_file": 1, "read:unsupported_format": 1}

    counters: dict[tuple[str, str], int] = {}
    for result_ in result.metrics().query(MetricsFilter())["counters"]:
        key = (result_.key.metric.namespace, result_.key.metric.name)
        counters[key] = counters.get(key, 0) + result_.result
    assert counters[("news.read", "documents")] == 6  # 5 seeds and the copy
    assert counters[("news.read", "rejected")] == 2  # the empty .txt and the .csv
    assert counters[("news.write", "articles")] == summary["articles"]


@pytest.mark.slow
def test_prism_runner(corpus, reference, tmp_path):
    prism = engine("prism", ENGINES / "prism")
    # Beam shares one Prism job server per process; an earlier DirectRunner test in this process may
    # have tried (and failed) to hand its job to a downloaded Prism, leaving that server shared.
    summary, out = run_pipeline(
        corpus, tmp_path / "out", "--runner=PrismRunner", f"--prism_location={prism}",
        "--experiments=disable_prism_server_singleton",
    )
    assert_same_as_direct(reference, summary, out)


@pytest.mark.slow
def test_flink_runner_on_an_embedded_mini_cluster(corpus, reference, tmp_path):
    jar = engine("flink", ENGINES / "flink" / "job-server.jar")
    summary, out = run_pipeline(
        corpus,
        tmp_path / "out",
        "--runner=FlinkRunner",
        f"--flink_job_server_jar={jar}",
        f"--flink_version={flink_properties()['flink_version']}",
        "--flink_master=[local]",
        "--parallelism=2",
    )
    assert_same_as_direct(reference, summary, out)
    # The runner picks the shard count: with five articles at parallelism 2, one or two writers
    # (seen both ways here), never more than the parallelism.
    assert 1 <= len(list((out / "articles").glob("*.parquet"))) <= 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def flink_cluster(tmp_path):
    """A local Flink session cluster (job manager + task manager JVMs) on free loopback ports, with
    its conf/log/pid folder in the test's tmp_path: the engines folder is shared by worktrees (a
    symlink), and a second cluster started in the shared folder stops the first by its pid files."""
    env = {**os.environ, "NEWS_ENGINES": str(ENGINES), "FLINK_CLUSTER_HOME": str(tmp_path / "flink-cluster"),
           "FLINK_REST_PORT": str(_free_port()), "FLINK_RPC_PORT": str(_free_port())}
    script = ROOT / "scripts" / "flink_local_cluster.sh"
    proc = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)


@pytest.mark.slow
def test_flink_runner_on_a_local_cluster(corpus, reference, tmp_path, request):
    """The job server submits to a separate Flink cluster over REST (--flink_master=host:port)."""
    jar = engine("flink", ENGINES / "flink" / "job-server.jar")
    master = request.getfixturevalue("flink_cluster")
    summary, out = run_pipeline(
        corpus,
        tmp_path / "out",
        "--runner=FlinkRunner",
        f"--flink_job_server_jar={jar}",
        f"--flink_version={flink_properties()['flink_version']}",
        f"--flink_master={master}",
        "--environment_type=LOOPBACK",  # the cluster is on this machine: its tasks call back here
        "--parallelism=2",
    )
    assert_same_as_direct(reference, summary, out)
    overview = json.loads(urllib.request.urlopen(f"http://{master}/overview", timeout=10).read())
    assert overview["jobs-finished"] >= 1 and overview["jobs-failed"] == 0, overview


# ---- Dataflow, offline -------------------------------------------------------------------------


def _refuse_network(*args, **kwargs):
    raise AssertionError(f"network access while building the job: {args!r}")


def test_dataflow_dry_run_builds_the_job_offline(monkeypatch):
    """DataflowRunner --dry_run: the graph, the worker package and the job, with sockets refused."""
    pytest.importorskip(
        "apache_beam.runners.dataflow.internal.apiclient",
        reason="the DataflowRunner needs apache-beam[gcp] (in the test extra): pip install -e '.[test]'",
    )
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(socket.socket, "connect", _refuse_network)
    monkeypatch.setattr(socket, "create_connection", _refuse_network)
    argv = ["--runner=DataflowRunner", "--dry_run=True", "--project=placeholder", "--region=us-central1",
            "--temp_location=gs://placeholder/tmp", "--setup_file=./setup.py",
            "--input", "gs://placeholder/news/", "--input", "gs://placeholder/dumps/*.jsonl",
            "--output", "gs://placeholder/out"]
    options = PipelineOptions(argv)
    p = beam.Pipeline(options=options)
    outputs = ingest.build(p, options.view_as(IngestOptions), load_config(), staging_dir_for("gs://placeholder/out"))
    result = p.run()
    assert result.state == PipelineState.DONE
    assert set(outputs) >= {"articles", "duplicates", "rejected", "summary"}

    job = result.job
    labels = {t.unique_name for t in job.proto_pipeline.components.transforms.values()}
    for stage in ("Read", "Decode", "Extract", "Clean", "DetectLanguage", "Dedup", "Write"):
        assert stage in labels, stage
    assert job.proto.type.name == "JOB_TYPE_BATCH"

    from apache_beam.portability.api import beam_runner_api_pb2

    (environment,) = job.proto_pipeline.components.environments.values()
    staged = {}
    for dep in environment.dependencies:
        role = beam_runner_api_pb2.ArtifactStagingToRolePayload.FromString(dep.role_payload).staged_name
        staged[role] = beam_runner_api_pb2.ArtifactFilePayload.FromString(dep.type_payload).path
    assert "workflow.tar.gz" in staged, staged  # --setup_file became the worker package
    with tarfile.open(staged["workflow.tar.gz"]) as sdist:
        _check_package(sdist.getnames())


# ---- the worker package ----------------------------------------------------------------------


def _check_package(names: list[str]) -> None:
    names = [n.split("/", 1)[1] for n in names if "/" in n]  # drop the newsbeam-x.y.z/ prefix
    for needed in ("setup.py", "configs/default.yaml", "configs/boilerplate.yaml", "configs/__init__.py",
                   "pipelines/ingest.py", "transforms/records.py"):
        assert needed in names, (needed, sorted(names))
    assert not [n for n in names if n.startswith("tests/")], "tests must not ship in the worker package"


def test_sdist_ships_configs_and_not_tests(tmp_path):
    """The sdist (what --setup_file stages to workers) holds configs/*.yaml, not tests/."""
    dist = tmp_path / "dist"
    proc = subprocess.run(
        [sys.executable, "setup.py", "-q", "sdist", "--dist-dir", str(dist)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (archive,) = dist.glob("newsbeam-*.tar.gz")
    with tarfile.open(archive) as sdist:
        _check_package(sdist.getnames())
    # Built from the unpacked sdist as a worker's pip would, the configs load as package data
    # (pipelines.configs) from any working directory.
    with tarfile.open(archive) as sdist:
        sdist.extractall(tmp_path / "unpacked", filter="data")
    (source,) = (tmp_path / "unpacked").iterdir()
    target = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "setup.py", "-q", "build", "--build-lib", str(target)],
        cwd=source, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (target / "pipelines" / "configs" / "default.yaml").is_file()
    assert (target / "pipelines" / "configs" / "boilerplate.yaml").is_file()
    assert not (target / "tests").exists()
    code = "import os; os.chdir('/'); from pipelines.config import load_config; c = load_config(); print(sorted(c))"
    proc = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(target)},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "'clean'" in proc.stdout and "'read'" in proc.stdout


def test_flink_runs_give_the_jvms_a_larger_thread_stack(monkeypatch):
    """A FlinkRunner run starts Beam's job server (and its embedded mini cluster) with -Xss8m via
    JAVA_TOOL_OPTIONS: the JobManager overflowed the default stack on job submission once. Other
    runners leave the environment alone; a user's own -Xss is kept."""
    import os

    from apache_beam.options.pipeline_options import PipelineOptions

    from pipelines.ingest import FLINK_JAVA_STACK, _java_thread_stack

    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8")
    _java_thread_stack(PipelineOptions(["--runner=DirectRunner"]))
    assert os.environ["JAVA_TOOL_OPTIONS"] == "-Dfile.encoding=UTF-8"
    _java_thread_stack(PipelineOptions(["--runner=FlinkRunner", "--flink_master=[local]"]))
    assert os.environ["JAVA_TOOL_OPTIONS"] == f"-Dfile.encoding=UTF-8 {FLINK_JAVA_STACK}"
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-Xss16m")
    _java_thread_stack(PipelineOptions(["--runner=FlinkRunner"]))
    assert os.environ["JAVA_TOOL_OPTIONS"] == "-Xss16m"
