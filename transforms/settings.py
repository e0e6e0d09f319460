"""Stage settings: the config error type and the checks every stage composite runs on its section.

Stages validate their own config section in their constructors (a bad config fails when the graph
is built, not on a worker). This module sits beside the stages so that no module under
``transforms/`` imports the launcher's wiring (``pipelines/``); ``pipelines/config.py`` only loads
and merges YAML and re-exports these names for its callers.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ConfigError", "require"]


class ConfigError(ValueError):
    """A config file that is missing, malformed or holds a bad value."""


def require(section: dict, key: str, kind: type | tuple, *, where: str, minimum=None) -> Any:
    """Fetch ``section[key]``, checking its type (and lower bound): raises ConfigError."""
    if key not in section:
        raise ConfigError(f"{where}.{key} is missing")
    value = section[key]
    if isinstance(value, bool) and kind is not bool and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ConfigError(f"{where}.{key} must be {kind}, got a boolean")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}.{key} must be {kind}, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{where}.{key} must be >= {minimum}, got {value}")
    return value
