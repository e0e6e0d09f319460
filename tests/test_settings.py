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
    with pytest.raises(ConfigError, match=r"^s\.name must be an integer, got str$"):  # was "must be <class 'int'>"
        require(section, "name", int, where="s")
    with pytest.raises(ConfigError, match=r"^s\.name must be a number, got str$"):
        require(section, "name", (int, float), where="s")
    with pytest.raises(ConfigError, match=r"s\.n must be >= 5, got 3"):
        require(section, "n", int, where="s", minimum=5)


# ---- typed settings: every config key declared, read, and checked --------------------------------

import copy  # noqa: E402
import dataclasses  # noqa: E402
import re  # noqa: E402

import pipelines  # noqa: E402
from pipelines.config import load_config  # noqa: E402
from transforms.settings import SECTIONS, DedupSettings, FetchSettings, check_config  # noqa: E402

DEFAULT = load_config()


def test_unknown_key_names_its_path_and_the_nearest_valid_key():
    bad = copy.deepcopy(DEFAULT)
    bad["dedup"]["treshold"] = 0.7
    with pytest.raises(ConfigError, match=r"^unknown key dedup\.treshold \(did you mean dedup\.threshold\?\)$"):
        check_config(bad)
    with pytest.raises(ConfigError, match=r"unknown key dedup\.treshold \(did you mean dedup\.threshold\?\)"):
        DedupSettings.parse(bad["dedup"])


def test_unknown_section_names_the_nearest_section():
    bad = copy.deepcopy(DEFAULT)
    bad["dedupe"] = {"threshold": 0.7}
    with pytest.raises(ConfigError, match=r"^unknown key dedupe \(did you mean dedup\?\)$"):
        check_config(bad)


def test_unknown_key_far_from_any_lists_the_valid_ones():
    with pytest.raises(ConfigError, match=r"unknown key guard\.zzz \(valid keys: max_failure_share, min_inputs\)"):
        check_config({**DEFAULT, "guard": {**DEFAULT["guard"], "zzz": 1}})


def test_types_minimums_and_missing_keys_are_errors_naming_the_key():
    fetch = DEFAULT["fetch"]
    with pytest.raises(ConfigError, match=r"fetch\.retries must be an integer, got str"):
        FetchSettings.parse({**fetch, "retries": "3"})
    with pytest.raises(ConfigError, match=r"fetch\.retries must be an integer, got a boolean"):
        FetchSettings.parse({**fetch, "retries": True})
    with pytest.raises(ConfigError, match=r"fetch\.per_host_concurrency must be >= 1, got 0"):
        FetchSettings.parse({**fetch, "per_host_concurrency": 0})
    with pytest.raises(ConfigError, match=r"fetch\.page_content_types\[1\] must be a string"):
        FetchSettings.parse({**fetch, "page_content_types": ["text/html", 3]})
    with pytest.raises(ConfigError, match=r"fetch\.user_agent is missing"):
        FetchSettings.parse({k: v for k, v in fetch.items() if k != "user_agent"})
    assert FetchSettings.parse({**fetch, "retries": 2}).retries == 2
    assert isinstance(FetchSettings.parse({**fetch, "deadline_seconds": 5}).deadline_seconds, float)
    with pytest.raises(ConfigError, match=r"dedup\.bands must be "):
        DedupSettings.parse({**DEFAULT["dedup"], "bands": "many"})


def test_config_files_and_settings_declare_the_same_keys():
    """Every key of configs/default.yaml is a typed setting, and every setting is in the file."""
    for name, cls in SECTIONS.items():
        declared = {f.name for f in dataclasses.fields(cls)} - {"lexicon_data"}  # filled by load_config
        assert set(DEFAULT[name]) - {"lexicon_data"} == declared, name
    assert set(DEFAULT) == set(SECTIONS)


def test_every_setting_is_read_by_some_code():
    """A key nothing reads cannot exist: each field is read (``.name`` or ``"name"``) outside settings.py."""
    sources = [
        p.read_text(encoding="utf-8")
        for package in (TRANSFORMS_DIR, Path(pipelines.__file__).parent)
        for p in package.glob("*.py")
        if p.name != "settings.py"
    ]
    unread = [
        f"{name}.{f.name}"
        for name, cls in SECTIONS.items()
        for f in dataclasses.fields(cls)
        if not any(re.search(rf"\.{f.name}\b|[\"']{f.name}[\"']", text) for text in sources)
    ]
    assert unread == []
