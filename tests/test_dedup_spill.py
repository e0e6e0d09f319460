"""The dedup stage's spill folder (issue 18 item 5): the launcher removes it when the pipeline ends,
a failed run included, and the next run into the same output removes one left by a killed run.

Real command-line runs (``python -m pipelines.ingest``) in subprocesses on the seed articles, with
TMPDIR pointed at a folder of the test, so that a spill folder left anywhere would be seen."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from tests.conftest import ROOT, SEEDS, read_table

PY = sys.executable


def _env(tmp_path) -> dict:
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}


def _ingest(tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "pipelines.ingest", *map(str, args), "--quiet", "--no-report"], cwd=ROOT,
                          env=_env(tmp_path), capture_output=True, text=True, timeout=300)


def _spill_folders(tmp_path) -> list[str]:
    """Every dedup spill folder under the test's folder (beside the output, or in its TMPDIR)."""
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
                  if p.is_dir() and ("dedup-spill" in p.name or p.name.startswith("newsbeam-dedup-docs-")))


def test_a_failed_run_leaves_no_spill_folder(tmp_path, monkeypatch, run_ingest):
    """A failure storm (12 of 14 inputs unreadable): the run fails after the pipeline ran, and its
    kept articles came out of the spill files, yet no spill folder is left when ``run`` returns (in
    this process: an exit handler would not have run yet)."""
    from pipelines.ingest import RunFailed

    monkeypatch.setattr(tempfile, "tempdir", str(_env(tmp_path)["TMPDIR"]))
    data = tmp_path / "in"
    data.mkdir()
    for i in range(12):
        (data / f"broken-{i}.jsonl").write_text("{not json\n")
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, data / seed.name)
    with pytest.raises(RunFailed, match="failure storm"):
        run_ingest(data)
    failed = tmp_path / "out.failed"  # the failed run kept for inspection: dedup did run and spill
    assert len(read_table(failed, "articles")) == 2
    assert _spill_folders(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.failed", "tmp"]


def test_a_killed_runs_spill_folder_is_removed_by_the_next_run(tmp_path):
    """SIGKILL while the pipeline runs: no finally block runs, so the spill folder stays beside the
    output, named like the run's staging folder; the next run into that output removes both."""
    out = tmp_path / "out"
    proc = subprocess.Popen([PY, "-m", "pipelines.ingest", "--input", str(SEEDS), "--output", str(out), "--quiet",
                             "--no-report"], cwd=ROOT, env=_env(tmp_path), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        seen: list[str] = []
        while proc.poll() is None and not seen:  # the folder appears when the first documents are spilled
            seen = [p.name for p in tmp_path.glob("out.staging-*.dedup-spill")]
            time.sleep(0.01)
        assert seen, f"the run ended (exit {proc.returncode}) before a spill folder appeared beside the output"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (tmp_path / seen[0]).is_dir()
    assert _spill_folders(tmp_path) == [seen[0]]  # none in TMPDIR (Beam's own temp folder may stay there)
    again = _ingest(tmp_path, "--input", SEEDS, "--output", out)
    assert again.returncode == 0, again.stderr
    assert len(read_table(out, "articles")) + len(read_table(out, "duplicates")) == 5
    assert _spill_folders(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tmp"]
