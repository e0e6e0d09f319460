"""Shared test fixtures: paths, and a helper that runs the real pipeline into a temp folder."""

from __future__ import annotations

import json
import os
import pathlib

import pyarrow.parquet as pq
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
# shared/ sits beside the repo (CI clones main with shared/ next to it).
SHARED = pathlib.Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared"))
BENCH = SHARED / "bench-data"


def require_shared(path: pathlib.Path) -> pathlib.Path:
    if not path.exists():
        pytest.skip(f"shared evaluation data not found at {path} (set NEWS_SHARED)")
    return path


@pytest.fixture(scope="session")
def seeds_expected() -> dict:
    return json.loads((FIXTURES / "seeds_expected.json").read_text("utf-8"))["articles"]


def read_table(folder: pathlib.Path, name: str):
    """All rows of one output table, read back with pyarrow, as a list of dicts."""
    return pq.read_table(str(folder / name)).to_pylist()


@pytest.fixture
def run_ingest(tmp_path, monkeypatch):
    """Run pipelines.ingest.run() from the repo root; returns (output folder, summary)."""
    from pipelines import ingest

    monkeypatch.chdir(ROOT)

    def _run(*inputs, extra=(), name="out"):
        out = tmp_path / name
        argv = [a for i in inputs for a in ("--input", str(i))] + ["--output", str(out), "--quiet", "--no-report", *extra]
        summary = ingest.run(argv)
        return out, summary

    return _run
