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

DEFAULT_CONFIG = "configs/default.yaml"


def _read_yaml(path: str) -> Any:
    try:
        if "://" in path:  # gs://, s3://...: through Beam's filesystems
            from apache_beam.io.filesystems import FileSystems

            with FileSystems.open(path) as fh:
                return yaml.safe_load(fh.read().decode("utf-8"))
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                return yaml.safe_load(fh)
        # Installed copy (a worker or a pip install): configs ship as pipelines.configs.
        name = os.path.basename(path)
        return yaml.safe_load(resources.files("pipelines.configs").joinpath(name).read_text("utf-8"))
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}") from exc


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(path: str | None = None) -> dict:
    """The default config, overlaid with ``path`` if given; referenced lexicons are loaded inline.
    Checked against the typed settings (``transforms.settings.check_config``): raises ConfigError.

    ``clean.lexicon`` (a file name relative to the config's folder) is replaced by the parsed
    lexicon under ``clean.lexicon_data``.
    """
    config = _read_yaml(DEFAULT_CONFIG) or {}
    base_dir = os.path.dirname(DEFAULT_CONFIG)  # files named in a config are relative to it
    if path and os.path.abspath(path) != os.path.abspath(DEFAULT_CONFIG):
        override = _read_yaml(path)
        if not isinstance(override, dict):
            raise ConfigError(f"config file {path} must hold a mapping")
        config = _merge(config, override)
        if "lexicon" in (override.get("clean") or {}):
            base_dir = path.rsplit("/", 1)[0] if "/" in path else ""
    clean = config.setdefault("clean", {})
    lexicon = clean.get("lexicon")
    if lexicon and "lexicon_data" not in clean:
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
