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


def test_a_config_value_of_the_wrong_type_names_the_expected_type_in_yaml_words(tmp_path):
    """Was (trial 6, D5): '20MB' for read.max_line_bytes (an int or null) said
    'must be Optional, got '20MB'' (a Python typing name)."""
    overlay = tmp_path / "units.yaml"
    overlay.write_text("read:\n  max_line_bytes: 20MB\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(SEEDS), "--output", str(out),
         "--config", str(overlay), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 2, proc.stderr
    assert "read.max_line_bytes must be an integer or null, got '20MB'" in proc.stderr, proc.stderr
    assert "Optional" not in proc.stderr
    assert not out.exists()


def test_quiet_is_quiet_with_two_worker_processes(tmp_path):
    """Was (trial 6, D10): with --direct_running_mode multi_processing --direct_num_workers 2 (the
    README's command), --quiet still printed each worker's start-up notices ('Worker: severity:
    WARN ... No semi_persistent_directory found', '... Discarding unparseable args'): the worker
    processes log at Beam's default level and the launcher prints what they send."""
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(SEEDS), "--output", str(out), "--quiet", "--no-report",
         "--direct_num_workers", "2", "--direct_running_mode", "multi_processing"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    counts = json.loads(proc.stdout.strip().splitlines()[-1])
    assert counts["inputs"] == 5 and counts["articles"] + counts["duplicates"] + counts["rejected"] == 5
    assert "Worker:" not in proc.stderr and "WARN" not in proc.stderr, proc.stderr[-3000:]
    assert proc.stderr.strip() == "", proc.stderr[-3000:]
