"""Config loading and merging: YAML read once, on the launcher, into plain dicts.

Composites receive their section (plain data, picklable) and validate it in their constructors
(with `transforms.settings`, re-exported here for callers),
so a bad config fails when the graph is built, not on a worker.
"""

from __future__ import annotations

import copy
import os
from importlib import resources
from typing import Any

import yaml

from transforms.settings import ConfigError, check_config, require

__all__ = ["ConfigError", "DEFAULT_CONFIG", "load_config", "require"]

DEFAULT_NAME = "default.yaml"
DEFAULT_CONFIG = "configs/default.yaml"  # in the repo; installed as pipelines.configs/default.yaml


def _parse(text: str, where: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {where} is not valid YAML: {exc}") from exc


def _read_packaged(name: str) -> Any:
    """A YAML file shipped inside the installed package (``pipelines.configs``), never the cwd's."""
    try:
        text = resources.files("pipelines.configs").joinpath(name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        raise ConfigError(f"packaged config file not found: {name} (is newsbeam installed?)") from exc
    return _parse(text, f"{name} (packaged)")


def _read_yaml(path: str) -> Any:
    """A user's YAML file: local, or on a Beam filesystem (gs://, s3://...)."""
    try:
        if "://" in path:
            from apache_beam.io.filesystems import FileSystems

            with FileSystems.open(path) as fh:
                text = fh.read().decode("utf-8")
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except OSError as exc:  # a folder, a file we may not read: "not found" sent users looking for a typo
        raise ConfigError(f"config file {path} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text") from exc
    return _parse(text, path)


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if value is None and isinstance(out.get(key), dict):  # `dedup:` left empty (its keys commented out): no change
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(path: str | None = None) -> dict:
    """The packaged default config, overlaid with ``path`` if given; referenced lexicons are loaded inline.
    Checked against the typed settings (``transforms.settings.check_config``): raises ConfigError.

    The default always comes from the installed package (``pipelines.configs``), never from a
    ``configs/default.yaml`` that happens to sit in the working directory. ``clean.lexicon`` (a
    file name relative to the config that names it) is replaced by the parsed lexicon under
    ``clean.lexicon_data``.
    """
    config = _read_packaged(DEFAULT_NAME) or {}
    base_dir = None  # None: the package's configs
    if path:
        override = _read_yaml(path)
        if override is None:  # an empty overlay file: no changes
            override = {}
        if not isinstance(override, dict):
            raise ConfigError(f"config file {path} must hold a mapping")
        config = _merge(config, override)
        if "lexicon" in (override.get("clean") or {}):
            base_dir = path.rsplit("/", 1)[0] if "/" in path else ""
    clean = config.setdefault("clean", {})
    lexicon = clean.get("lexicon")
    if lexicon and "lexicon_data" not in clean:
        if base_dir is None:
            clean["lexicon_data"] = _read_packaged(lexicon)
        else:
            clean["lexicon_data"] = _read_yaml(f"{base_dir}/{lexicon}" if base_dir else lexicon)
    return check_config(config)


def config_hash(config: dict) -> str:
    """A short fingerprint of a loaded config (16 hex chars of the SHA-256 of its canonical JSON,
    lexicon included): two runs with the same hash ran with the same domain settings."""
    import hashlib
    import json

    canonical = json.dumps(config, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def new_run_id() -> str:
    """A run's id: its UTC start time and 8 random hex digits (sorts by time, never repeats)."""
    import datetime
    import uuid

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"{now}-{uuid.uuid4().hex[:8]}"
