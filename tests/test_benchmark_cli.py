"""Every benchmark answers --help with its usage and exits 0 without running (a user's trial found
one that ignored --help and ran the whole benchmark), from any working directory and without
PYTHONPATH."""

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "benchmarks").glob("*.py"))


def test_every_benchmark_answers_help_without_running(tmp_path):
    assert len(SCRIPTS) >= 10
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for start in range(0, len(SCRIPTS), 4):  # four at a time: the imports (Beam, lingua...) take seconds
        procs = {
            script.name: subprocess.Popen([sys.executable, str(script), "--help"], cwd=tmp_path, env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for script in SCRIPTS[start : start + 4]
        }
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, (name, err[-2000:])
            assert out.startswith(f"usage: {name}"), (name, out[:300])
            assert not list(tmp_path.iterdir()), (name, "--help wrote files")
