"""The command line as a scheduled job sees it: an empty overlay, the counts line under --quiet."""

from __future__ import annotations

import json
import subprocess
import sys

from pipelines.config import load_config
from tests.conftest import ROOT, SEEDS


def test_an_empty_config_overlay_changes_nothing(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing changed yet\n", encoding="utf-8")
    assert load_config(str(empty)) == load_config(None)


def test_quiet_still_prints_the_closing_counts_line(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(SEEDS), "--output", str(out), "--quiet", "--no-report"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, proc.stdout
    counts = json.loads(lines[0])
    assert counts["inputs"] == 5 and counts["articles"] + counts["duplicates"] + counts["rejected"] == 5
    assert proc.stderr.strip() == "", proc.stderr  # no progress lines, no stage table
