"""The code's layout rules: modules share only public names (house style: wiring uses composites)."""

from __future__ import annotations

import ast
from pathlib import Path

import pipelines
import transforms

PACKAGES = [Path(transforms.__file__).parent, Path(pipelines.__file__).parent]


def _private_imports(path: Path) -> list[str]:
    """``from M import _name`` statements of ``path`` that name a module of this project."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("transforms", "pipelines"):
            found += [f"{path.name}:{node.lineno} {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    return found


def test_no_private_name_is_imported_across_modules():
    modules = [p for package in PACKAGES for p in sorted(package.glob("*.py"))]
    assert any(p.name == "stream.py" for p in modules)
    assert [hit for p in modules for hit in _private_imports(p)] == []


def test_the_scan_finds_a_private_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from transforms.fetch import _FetchPageFn, FetchInputs\nfrom os import _exit\n")
    assert _private_imports(probe) == ["probe.py:1 transforms.fetch._FetchPageFn"]


def test_every_dofn_and_composite_has_a_docstring_python_reads():
    """A docstring placed after ``STAGE = ...`` is a dead string: ``__doc__`` stays None."""
    import importlib
    import inspect

    import apache_beam as beam

    missing = []
    for path in sorted(PACKAGES[0].glob("*.py")):
        module = importlib.import_module(f"transforms.{path.stem}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and issubclass(obj, (beam.DoFn, beam.PTransform)):
                if not (obj.__dict__.get("__doc__") or "").strip():
                    missing.append(f"{module.__name__}.{name}")
    assert missing == []


def test_every_module_declares_its_public_names():
    import importlib

    for package in PACKAGES:
        for path in sorted(package.glob("*.py")):
            if path.name == "__init__.py":
                continue
            name = f"{package.name}.{path.stem}"
            module = importlib.import_module(name)
            assert hasattr(module, "__all__"), f"{name} has no __all__"
            missing = [n for n in module.__all__ if not hasattr(module, n)]
            assert missing == [], name
