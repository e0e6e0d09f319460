"""Stage settings: one typed settings object per config section, checked where the stage is built.

Every section of ``configs/default.yaml`` (merged with the ``--config`` file) maps to a frozen
dataclass declared here, field for field. ``SECTIONS`` names them; ``check_config`` checks the
whole config at load time and each stage composite parses its own section in its constructor
(``ReadSettings.parse(config["read"])``), so a bad config fails when the graph is built, not on a
worker, like Beam's ``Deduplicate`` checks its arguments:

- an unknown key is an error naming its path and the nearest valid key
  (``unknown key dedup.treshold (did you mean dedup.threshold?)``), a whole unknown section too;
- a missing key, a value of the wrong type or below its minimum is an error naming the key.

A new setting is a new field here (with its type and minimum) AND the code that reads it: a key
nothing reads cannot exist. Stages keep their own cross-field checks (e.g. dedup's bands x rows).
This module sits beside the stages so that no module under ``transforms/`` imports the
launcher's wiring (``pipelines/``); ``pipelines/config.py`` only loads and merges YAML.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import typing
from typing import Any, ClassVar, Dict, List, Optional, Union

__all__ = [
    "ConfigError",
    "CleanSettings",
    "DecodeSettings",
    "DedupSettings",
    "EventsSettings",
    "ExtractSettings",
    "FetchSettings",
    "GuardSettings",
    "LanguageSettings",
    "ReadSettings",
    "SECTIONS",
    "StreamSettings",
    "check_config",
    "check_keys",
    "require",
]


class ConfigError(ValueError):
    """A config file that is missing, malformed or holds a bad value."""


def require(section: dict, key: str, kind: type | tuple, *, where: str, minimum=None) -> Any:
    """Fetch ``section[key]``, checking its type (and lower bound): raises ConfigError."""
    if key not in section:
        raise ConfigError(f"{where}.{key} is missing")
    value = section[key]
    if isinstance(value, bool) and kind is not bool and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise ConfigError(f"{where}.{key} must be {_kinds_name(kind)}, got a boolean")
    if not isinstance(value, kind):
        raise ConfigError(f"{where}.{key} must be {_kinds_name(kind)}, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{where}.{key} must be >= {minimum}, got {value}")
    return value


def _path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def check_keys(section: dict, valid: typing.Iterable[str], where: str) -> None:
    """Raise ConfigError for the first key of ``section`` not in ``valid``, naming the nearest one."""
    valid = sorted(valid)
    for key in section:
        if key in valid:
            continue
        near = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
        hint = f"did you mean {_path(where, near[0])}?" if near else f"valid keys: {', '.join(valid)}"
        raise ConfigError(f"unknown key {_path(where, str(key))} ({hint})")


_TYPE_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string", type(None): "null"}


def _kinds_name(kind: type | tuple) -> str:
    """``require``'s isinstance kind in YAML words: (int, float) -> 'a number'."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if float in kinds:
        kinds = tuple(k for k in kinds if k is not int)  # an integer is a number
    return " or ".join(_type_name(k) for k in kinds)


def _type_name(kind) -> str:
    """A field's type hint in the words of a YAML file: Optional[int] -> 'an integer or null'."""
    if kind in _TYPE_NAMES:
        return _TYPE_NAMES[kind]
    origin = typing.get_origin(kind)
    if origin is Union:
        return " or ".join(_type_name(option) for option in typing.get_args(kind))
    if origin is typing.Literal:
        return f"one of {list(typing.get_args(kind))}"
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    return getattr(kind, "__name__", None) or str(kind).replace("typing.", "")


def _check_value(value: Any, kind, path: str) -> Any:
    """``value`` checked against a field's type hint (int, float, bool, str, List[x], Dict[str, x],
    Union[...]); an int is accepted where a float is wanted (and converted)."""
    origin = typing.get_origin(kind)
    if origin is Union:
        for option in typing.get_args(kind):
            try:
                return _check_value(value, option, path)
            except ConfigError:
                continue
        raise ConfigError(f"{path} must be {_type_name(kind)}, got {value!r}")
    if origin is typing.Literal:
        if value in typing.get_args(kind):
            return value
        raise ConfigError(f"{path} must be one of {list(typing.get_args(kind))}, got {value!r}")
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{path} must be a list, got {type(value).__name__}")
        (item,) = typing.get_args(kind)
        return [_check_value(v, item, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{path} must be a mapping, got {type(value).__name__}")
        _key, item = typing.get_args(kind)
        return {k: _check_value(v, item, _path(path, k)) for k, v in value.items()}
    if kind is Any:
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{path} must be {_type_name(kind)}, got a boolean")
    if not isinstance(value, kind):
        raise ConfigError(f"{path} must be {_type_name(kind)}, got {type(value).__name__}{_number_as_text(value, kind)}")
    if kind is float and not math.isfinite(value):  # YAML's .nan / .inf: every comparison with it fails
        raise ConfigError(f"{path} must be a finite number, got {value}")
    return value


def _number_as_text(value: Any, kind) -> str:
    """The hint for a number YAML read as text: quoted ('3'), or an exponent without a dot or sign
    (1e6: YAML 1.1, which PyYAML reads, takes it as a string)."""
    if kind not in (int, float) or not isinstance(value, str):
        return ""
    try:
        float(value)
    except ValueError:
        return ""
    if "e" in value.lower():
        return f" ({value!r}: YAML reads this exponent form as text; write its digits: {float(value):.0f})"
    return f" ({value!r}: a quoted number is text in YAML; write it without quotes)"


def _minimum(minimum: float) -> dict:
    return {"minimum": minimum}


class _Section:
    """Base of the section dataclasses: ``parse(section)`` checks keys, types and minimums."""

    WHERE: ClassVar[str] = ""

    @classmethod
    def parse(cls, section: dict | None):
        """The config section (a mapping) -> a checked, frozen settings object; raises ConfigError."""
        where = cls.WHERE
        if isinstance(section, cls):
            return section
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise ConfigError(f"{where} must be a mapping, got {type(section).__name__}")
        fields = dataclasses.fields(cls)
        check_keys(section, [f.name for f in fields], where)
        hints = typing.get_type_hints(cls)
        values = {}
        for f in fields:
            path = _path(where, f.name)
            if f.name not in section:
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    raise ConfigError(f"{path} is missing")
                continue
            value = _check_value(section[f.name], hints[f.name], path)
            minimum = f.metadata.get("minimum")
            if minimum is not None and isinstance(value, (int, float)) and value < minimum:
                raise ConfigError(f"{path} must be >= {minimum}, got {value}")
            values[f.name] = value
        return cls(**values)

    def as_dict(self) -> dict:
        """Plain data (picklable, JSON-able): what DoFns and worker-side objects receive."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class ReadSettings(_Section):
    """``read:``: files and folders given with --input (transforms/read.py)."""

    WHERE: ClassVar[str] = "read"
    max_input_bytes: int = dataclasses.field(metadata=_minimum(1))  # larger file -> rejected too_large
    formats: Dict[str, List[str]]  # format (read.FORMATS: html, text, jsonl, warc, parquet) -> extensions
    # Per-record cap of dumps (a JSONL line, a Parquet row); None: max_input_bytes.
    max_line_bytes: Optional[int] = dataclasses.field(default=None, metadata=_minimum(1))
    # JSONL, WARC or Parquet files larger than this are cut into ranges read in parallel.
    split_bytes: int = dataclasses.field(default=64_000_000, metadata=_minimum(1 << 16))


@dataclasses.dataclass(frozen=True)
class DecodeSettings(_Section):
    """``decode:`` (transforms/decode.py)."""

    WHERE: ClassVar[str] = "decode"
    # Tried in order after the BOM and the declared charsets, before statistical detection.
    fallback_encodings: List[str] = dataclasses.field(default_factory=lambda: ["utf-8"])


@dataclasses.dataclass(frozen=True)
class FetchSettings(_Section):
    """``fetch:``: the HTTP client (transforms/httpclient.py), for --feeds and --urls."""

    WHERE: ClassVar[str] = "fetch"
    user_agent: str
    obey_robots: bool
    robots_max_bytes: int = dataclasses.field(metadata=_minimum(1))
    max_crawl_delay_seconds: float = dataclasses.field(metadata=_minimum(0))
    per_host_interval_seconds: float = dataclasses.field(metadata=_minimum(0))
    per_host_concurrency: int = dataclasses.field(metadata=_minimum(1))
    connect_timeout_seconds: float = dataclasses.field(metadata=_minimum(0.01))
    read_timeout_seconds: float = dataclasses.field(metadata=_minimum(0.01))
    deadline_seconds: float = dataclasses.field(metadata=_minimum(0.01))
    max_bytes: int = dataclasses.field(metadata=_minimum(1))
    max_redirects: int = dataclasses.field(metadata=_minimum(0))
    retries: int = dataclasses.field(metadata=_minimum(0))
    backoff_base_seconds: float = dataclasses.field(metadata=_minimum(0))
    backoff_max_seconds: float = dataclasses.field(metadata=_minimum(0))
    retry_after_max_seconds: float = dataclasses.field(metadata=_minimum(0))
    page_content_types: List[str]
    feed_content_types: List[str]


@dataclasses.dataclass(frozen=True)
class ExtractSettings(_Section):
    """``extract:``: trafilatura options and the extraction limits (transforms/extract.py)."""

    WHERE: ClassVar[str] = "extract"
    favor_precision: bool
    compare_default_mode: bool  # a short precision result falls back to the default mode
    favor_recall: bool
    no_fallback: bool
    extensive_date_search: bool
    include_tables: bool
    include_comments: bool
    max_text_chars: int = dataclasses.field(metadata=_minimum(1000))
    timeout_seconds: float = dataclasses.field(metadata=_minimum(1))
    max_markup_tags: int = dataclasses.field(metadata=_minimum(100))
    max_tag_attributes: int = dataclasses.field(metadata=_minimum(100))
    max_markup_depth: int = dataclasses.field(metadata=_minimum(100))
    # with compare_default_mode: the default pass is skipped when the precision text holds no table
    # row and at least this share of the page's visible characters (htmltext.settled); 0: never
    settled_coverage: float = dataclasses.field(default=0.25, metadata=_minimum(0))
    # layout tables (a page's template as <table>s of <table>s) become blocks before extraction
    # (htmltext.unwrap_layout_tables): their article comes out as paragraphs, not "| cell |" rows
    unwrap_layout_tables: bool = True


@dataclasses.dataclass(frozen=True)
class CleanSettings(_Section):
    """``clean:``: boilerplate removal (transforms/clean.py)."""

    WHERE: ClassVar[str] = "clean"
    lexicon: str  # file name, relative to the config file
    min_words: int = dataclasses.field(metadata=_minimum(0))
    repeated_min_docs: int = dataclasses.field(metadata=_minimum(2))
    repeated_min_share: float = dataclasses.field(metadata=_minimum(0))
    repeated_max_words: int = dataclasses.field(metadata=_minimum(1))
    # a repeated line of more words than this ending like a sentence, next to one of the
    # document's own sentences, is body (templated reports' shared sentence), not furniture
    repeated_sentence_words: int = dataclasses.field(default=8, metadata=_minimum(1))
    # ... unless it is one of this many repeated sentences in a row (a template block)
    repeated_block_lines: int = dataclasses.field(default=3, metadata=_minimum(2))
    # repeated lines holding more than this share of a document's words make it a copy (same
    # story again), not a page with furniture: nothing is stripped from it
    repeated_max_text_share: float = dataclasses.field(default=0.8, metadata=_minimum(0))
    lexicon_data: Dict[str, Any] = dataclasses.field(default_factory=dict)  # the parsed lexicon (load_config)


@dataclasses.dataclass(frozen=True)
class LanguageSettings(_Section):
    """``language:``: language identification (transforms/language.py)."""

    WHERE: ClassVar[str] = "language"
    sample_chars: int = dataclasses.field(metadata=_minimum(100))
    min_chars: int = dataclasses.field(metadata=_minimum(1))
    backend: str = "langdetect"  # whole articles: langdetect | langdetect-python | lingua
    paragraph_backend: str = "lingua"  # the cleaner's per-paragraph language
    languages: List[str] = dataclasses.field(
        default_factory=lambda: ["ar", "fa", "ur", "he", "en", "fr", "de", "es", "it", "pt", "nl", "tr", "ru", "zh"]
    )  # lingua's languages for paragraphs (only these models load)
    neighbours: Dict[str, List[str]] = dataclasses.field(default_factory=dict)  # langdetect answer -> lingua group
    min_confidence: float = dataclasses.field(default=0.5, metadata=_minimum(0))
    # lingua's paragraph answer re-ranked by wordfreq's word frequencies (short lines)
    paragraph_word_frequencies: bool = True
    # whole articles: a broad-coverage detector (CLD3) names languages the backends have no profile for
    second_opinion: str = "cld3"  # cld3 | none
    second_opinion_min_probability: float = dataclasses.field(default=0.9, metadata=_minimum(0))
    min_word_share: float = dataclasses.field(default=0.8, metadata=_minimum(0))
    # an answer whose own word list (or stop words) covers less than this of the text is not kept
    min_own_word_share: float = dataclasses.field(default=0.3, metadata=_minimum(0))
    min_own_stop_share: float = dataclasses.field(default=0.1, metadata=_minimum(0))
    # whole articles and lines: fastText (lid.176, bundled) names languages none of the others has
    outside_profiles: str = "fasttext"  # fasttext | none
    # with outside_profiles: langid.py (py3langid, bundled) can only take a neighbour's answer to und
    outside_veto: str = "py3langid"  # py3langid | none


@dataclasses.dataclass(frozen=True)
class DedupSettings(_Section):
    """``dedup:``: URL, exact and MinHash near-duplicate detection (transforms/dedup.py)."""

    WHERE: ClassVar[str] = "dedup"
    threshold: float = dataclasses.field(metadata=_minimum(0.05))
    num_perm: int = dataclasses.field(metadata=_minimum(16))
    false_negative_weight: float = dataclasses.field(metadata=_minimum(0))
    shingle_mode: str
    shingle_size: int = dataclasses.field(metadata=_minimum(1))
    char_ngram_size: int = dataclasses.field(metadata=_minimum(1))
    seed: int = dataclasses.field(metadata=_minimum(0))
    backend: str
    max_bucket_size: int = dataclasses.field(metadata=_minimum(2))
    cc_rounds: int = dataclasses.field(metadata=_minimum(1))
    batch_size: int = dataclasses.field(metadata=_minimum(1))
    tracking_params: List[str]
    bands: Union[int, typing.Literal["auto"]] = "auto"  # both "auto", or both integers
    rows: Union[int, typing.Literal["auto"]] = "auto"
    containment: float = dataclasses.field(default=0.0, metadata=_minimum(0))  # 0: Jaccard only
    containment_min_shingles: int = dataclasses.field(default=25, metadata=_minimum(1))
    candidate_threshold: Optional[float] = None  # LSH bands derived for this (default: threshold)
    fold_marks: bool = True  # shingles without the combining accents of Latin/Greek/Cyrillic letters
    index_texts_per_id: int = dataclasses.field(default=4, metadata=_minimum(0))  # --dedup-index: latest texts kept per id (0: all)


@dataclasses.dataclass(frozen=True)
class GuardSettings(_Section):
    """``guard:``: when a finished batch run must not replace the previous output (pipelines/ingest.py)."""

    WHERE: ClassVar[str] = "guard"
    max_failure_share: float = dataclasses.field(metadata=_minimum(0))
    min_inputs: int = dataclasses.field(metadata=_minimum(0))


@dataclasses.dataclass(frozen=True)
class StreamSettings(_Section):
    """``stream:``: streaming mode only (pipelines/stream.py, stream_dedup.py, stream_write.py)."""

    WHERE: ClassVar[str] = "stream"
    dedup_window_hours: float = dataclasses.field(metadata=_minimum(0))
    window_minutes: float = dataclasses.field(metadata=_minimum(0))
    allowed_lateness_minutes: float = dataclasses.field(metadata=_minimum(0))
    max_seen_entries_per_feed: int = dataclasses.field(metadata=_minimum(1))
    writer_shards: int = dataclasses.field(metadata=_minimum(1))


@dataclasses.dataclass(frozen=True)
class EventsSettings(_Section):
    """``events:``: grouping reports of one event (transforms/events.py; its ``parse_settings``
    adds the cross-field checks and derives ``events.EventSettings``)."""

    WHERE: ClassVar[str] = "events"
    window_hours: float = dataclasses.field(metadata=_minimum(0))
    threshold: float = dataclasses.field(metadata=_minimum(0.01))
    max_terms: int = dataclasses.field(metadata=_minimum(1))
    block_terms: int = dataclasses.field(metadata=_minimum(1))
    max_block_size: int = dataclasses.field(metadata=_minimum(2))
    max_component_size: int = dataclasses.field(metadata=_minimum(2))
    name_boost: float = dataclasses.field(metadata=_minimum(0))
    number_boost: float = dataclasses.field(metadata=_minimum(0))
    title_weight: int = dataclasses.field(metadata=_minimum(0))
    unknown_zipf: float = dataclasses.field(metadata=_minimum(0))
    top_terms: int = dataclasses.field(metadata=_minimum(0))
    cc_rounds: int = dataclasses.field(metadata=_minimum(1))
    same_publisher_factor: float = dataclasses.field(metadata=_minimum(0))
    cross_language_threshold: float = dataclasses.field(metadata=_minimum(0.01))
    cross_language_floor: float = dataclasses.field(metadata=_minimum(0))
    cross_language_min_anchors: int = dataclasses.field(metadata=_minimum(1))
    template_min_articles: int = dataclasses.field(metadata=_minimum(2))
    template_share: float = dataclasses.field(metadata=_minimum(0.01))
    decay_hours: float = dataclasses.field(metadata=_minimum(0))
    topic_decay_hours: float = dataclasses.field(metadata=_minimum(0))
    min_specifics: int = dataclasses.field(metadata=_minimum(1))
    part_share: float = dataclasses.field(metadata=_minimum(0))
    part_factor: float = dataclasses.field(metadata=_minimum(0))
    part_cohesion: float = dataclasses.field(metadata=_minimum(0))
    other_day_factor: float = dataclasses.field(metadata=_minimum(0))
    same_day_factor: float = dataclasses.field(metadata=_minimum(0))
    digest_cohesion: float = dataclasses.field(metadata=_minimum(0))
    decay_grace_hours: float = dataclasses.field(default=0.0, metadata=_minimum(0))


# Every top-level section of a config file, and its settings type.
SECTIONS: Dict[str, type] = {
    cls.WHERE: cls
    for cls in (ReadSettings, DecodeSettings, FetchSettings, ExtractSettings, CleanSettings, LanguageSettings,
                DedupSettings, EventsSettings, GuardSettings, StreamSettings)
}


def check_config(config: dict) -> dict:
    """Check a whole (merged) config: unknown sections or keys, types, minimums; returns ``config``."""
    if not isinstance(config, dict):
        raise ConfigError("a config must hold a mapping")
    check_keys(config, SECTIONS, "")
    for name, cls in SECTIONS.items():
        cls.parse(config.get(name))
    return config
