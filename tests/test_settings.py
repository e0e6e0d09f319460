"""transforms/settings.py: stage config checks, and the layering rule that stages never import wiring."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import transforms
from transforms.settings import ConfigError, require

TRANSFORMS_DIR = Path(transforms.__file__).parent


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module named by an import statement anywhere in ``path`` (top level or in a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def test_no_transforms_module_imports_pipelines():
    modules = sorted(TRANSFORMS_DIR.glob("*.py"))
    assert len(modules) > 10  # the scan really reads the stage modules
    offenders = [
        f"{path.name}:{line} imports {name}"
        for path in modules
        for line, name in _imported_modules(path)
        if name == "pipelines" or name.startswith("pipelines.")
    ]
    assert offenders == []


def test_import_scan_sees_imports_inside_functions(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from pipelines.config import load_config\n    import pipelines.ingest\n")
    assert [name for _, name in _imported_modules(probe)] == ["pipelines.config", "pipelines.ingest"]


def test_pipelines_config_reexports_the_same_error_type():
    from pipelines import config

    assert config.ConfigError is ConfigError and config.require is require


def test_require_checks_presence_type_bool_and_minimum():
    section = {"n": 3, "flag": True, "name": "x"}
    assert require(section, "n", int, where="s", minimum=1) == 3
    with pytest.raises(ConfigError, match=r"s\.missing is missing"):
        require(section, "missing", int, where="s")
    with pytest.raises(ConfigError, match=r"s\.flag must be .*got a boolean"):
        require(section, "flag", int, where="s")
    with pytest.raises(ConfigError, match=r"s\.name must be"):
        require(section, "name", int, where="s")
    with pytest.raises(ConfigError, match=r"s\.n must be >= 5, got 3"):
        require(section, "n", int, where="s", minimum=5)
