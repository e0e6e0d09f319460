"""The post-run report: an output folder in, a self-contained ``report.html`` out.

``write_report(output_dir)`` is called at the end of every run; ``python -m pipelines.report DIR``
regenerates ``DIR/report.html`` from an existing folder. The folder holds ``articles/``,
``duplicates/`` and ``rejected/`` (Parquet, schemas from ``transforms/records.py``) and
``summary.json``. Any of them may be missing or empty: the summary's counts are used where it has
them, and everything else is computed from the Parquet files.

The page needs no network: inline CSS, charts rendered by matplotlib (Agg, no pyplot) to SVG and
embedded as ``data:`` images, and a Content-Security-Policy that forbids every fetch but those.
Every piece of data is HTML-escaped.
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import glob
import html
import io
import os
import re
import sys
import unicodedata
from typing import Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from transforms import write
from transforms.records import ARTICLE_SCHEMA, DUPLICATE_SCHEMA, EVENT_SCHEMA, REJECTED_SCHEMA

__all__ = [
    "Accounting",
    "BoilerplateKind",
    "Cluster",
    "Member",
    "RejectGroup",
    "ReportData",
    "ReportError",
    "accounting",
    "bar_chart",
    "boilerplate_kinds",
    "cluster_sizes",
    "collect",
    "largest_clusters",
    "main",
    "read_summary",
    "read_table",
    "reject_groups",
    "render_html",
    "stage_times",
    "value_counts",
    "write_report",
]

REPORT_NAME = "report.html"
SUMMARY_NAME = write.SUMMARY_FILE
EXAMPLES = 3  # examples shown per boilerplate kind and per reject reason
TOP_PUBLISHERS = 20
TOP_LANGUAGES = 12  # bars in the language chart; the rest are summed as "other"
LARGEST_CLUSTERS = 5
LARGEST_EVENTS = 10
MEMBERS_SHOWN = 10  # duplicates listed per large cluster
EXAMPLE_CHARS = 300  # examples are cut to this many characters

# Columns read from the Parquet files (the article text is never needed).
_ARTICLE_COLUMNS = ["id", "source", "url", "title", "language", "publisher", "published",
                    "word_count", "duplicate_count", "boilerplate"]

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


class ReportError(ValueError):
    """A folder that is not a pipeline output folder, or a summary.json that cannot be read."""


# ---- aggregates (plain data, what the page shows) ----------------------------------------------


class Accounting(NamedTuple):
    """Inputs vs outcomes: ``holds`` is None when the number of inputs is unknown."""

    inputs: Optional[int]
    articles: int
    duplicates: int
    rejected: int
    holds: Optional[bool]
    parquet: Dict[str, int]  # rows found per output folder
    mismatches: List[str]  # summary counts that differ from the Parquet rows


class RejectGroup(NamedTuple):
    """Rejected inputs of one stage and reason, with a few (source, detail) examples."""

    stage: str
    reason: str
    count: int
    examples: List[Tuple[str, str]]


class BoilerplateKind(NamedTuple):
    """Boilerplate removed of one kind: pieces removed, and the commonest texts with their counts."""

    kind: str
    count: int
    examples: List[Tuple[str, int]]


class Member(NamedTuple):
    """One duplicate in a cluster."""

    id: str
    source: str
    url: str
    similarity: Optional[float]
    method: str


class Cluster(NamedTuple):
    """A kept article and the duplicates dropped in its favour."""

    id: str
    title: str
    url: str
    source: str
    size: int  # survivor + duplicates
    members: List[Member]  # at most MEMBERS_SHOWN, most similar first


class ReportData(NamedTuple):
    """Everything the page shows."""

    output_dir: str
    run: Dict[str, str]  # started, finished, runner, seconds, dedup_index, index_added (summary.json), earlier_duplicates
    accounting: Accounting
    languages: Dict[str, int]
    boilerplate: List[BoilerplateKind]
    rejects: List[RejectGroup]
    duplicate_methods: Dict[str, int]
    cluster_sizes: Dict[int, int]  # cluster size -> number of clusters (size 1: no duplicate)
    clusters: List[Cluster]
    publishers: Dict[str, int]
    stage_seconds: List[Tuple[str, float]]
    words: Dict[str, float]  # total, median (of kept articles)
    published: Dict[str, object]  # first, last (datetime), undated (int)
    notes: List[str]  # problems met while reading (shown on the page)
    events: List[dict] = []  # the largest events (rows of events/), most articles first


# ---- reading ------------------------------------------------------------------------------------


def read_table(folder: str, schema: pa.Schema, columns: Optional[Sequence[str]] = None) -> pa.Table:
    """``folder/*.parquet`` -> one Arrow table with ``schema`` (empty if the folder is missing).

    A file that is not Parquet, or whose columns do not fit ``schema``, raises ReportError.
    """
    names = list(columns) if columns is not None else schema.names
    files = sorted(glob.glob(os.path.join(folder, "*.parquet")))
    if not files:
        return pa.schema([schema.field(n) for n in names]).empty_table()
    try:
        return ds.dataset(files, schema=schema, format="parquet").to_table(columns=names)
    except (pa.ArrowException, OSError) as exc:
        raise ReportError(f"{folder}: cannot read the Parquet files: {exc}") from exc


def read_summary(output_dir: str) -> dict:
    """``summary.json`` -> dict ({} if absent); malformed JSON raises ReportError."""
    try:
        return write.read_summary(output_dir, missing_ok=True)
    except write.SummaryError as exc:
        raise ReportError(str(exc)) from exc


# ---- pure aggregation: Arrow tables / dicts in, plain data out -----------------------------------


def _sorted_counts(pairs: Iterable[Tuple[object, int]]) -> Dict:
    """Most frequent first, ties by key, so the page is deterministic."""
    return dict(sorted(((k, int(v)) for k, v in pairs), key=lambda kv: (-kv[1], str(kv[0]))))


def value_counts(column, drop_empty: bool = False) -> Dict[str, int]:
    """An Arrow string column -> {value: count}, most frequent first; nulls count as ""."""
    column = pc.fill_null(column, "") if column.null_count else column
    if len(column) == 0:
        return {}
    counts = pc.value_counts(column)
    pairs = zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist())
    return _sorted_counts((k, v) for k, v in pairs if not (drop_empty and k == ""))


def _int_dict(value) -> Optional[Dict[str, int]]:
    """A summary entry that should be {name: count}; None if absent or malformed."""
    if not isinstance(value, dict) or not value:
        return None
    try:
        return _sorted_counts((str(k), int(v)) for k, v in value.items())
    except (TypeError, ValueError):
        return None


def accounting(summary: dict, parquet: Dict[str, int]) -> Accounting:
    """Summary counts (else Parquet rows) -> the identity inputs == articles + duplicates + rejected."""
    counts = {}
    mismatches = []
    for key in ("articles", "duplicates", "rejected"):
        value = summary.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            counts[key] = value
            if value != parquet[key]:
                mismatches.append(f"summary.json says {key} = {value}, "
                                  f"{key}/*.parquet holds {parquet[key]} rows")
        else:
            counts[key] = parquet[key]
    inputs = summary.get("inputs")
    if not isinstance(inputs, int) or isinstance(inputs, bool):
        inputs = None
    holds = None if inputs is None else inputs == sum(counts.values())
    return Accounting(inputs, counts["articles"], counts["duplicates"], counts["rejected"], holds,
                      dict(parquet), mismatches)


def _cut(text: Optional[str], limit: int = EXAMPLE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def reject_groups(rejected: pa.Table, summary_counts: Optional[Dict[str, int]] = None,
                  examples: int = EXAMPLES) -> List[RejectGroup]:
    """Rejected rows (+ summary's {"stage:reason": n}) -> groups by stage and reason, biggest first."""
    found: Dict[Tuple[str, str], int] = {}
    if rejected.num_rows:
        keys = rejected.select(["stage", "reason"])
        keys = pa.table({n: pc.fill_null(keys[n], "") for n in keys.column_names})
        grouped = keys.group_by(["stage", "reason"]).aggregate([([], "count_all")])
        for stage, reason, n in zip(grouped["stage"].to_pylist(), grouped["reason"].to_pylist(),
                                    grouped["count_all"].to_pylist()):
            found[(stage, reason)] = n
    counts = dict(found)
    if summary_counts:
        counts = {}
        for key, n in summary_counts.items():
            stage, _, reason = key.partition(":")
            counts[(stage, reason)] = n
        for key, n in found.items():  # rows the summary does not know of are still shown
            counts.setdefault(key, n)
    groups = []
    for (stage, reason), n in _sorted_counts(counts.items()).items():
        shown: List[Tuple[str, str]] = []
        if found.get((stage, reason)):
            mask = pc.and_(pc.equal(pc.fill_null(rejected["stage"], ""), stage),
                           pc.equal(pc.fill_null(rejected["reason"], ""), reason))
            rows = rejected.filter(mask).slice(0, examples).select(["source", "detail"])
            shown = [(_cut(s, 200), _cut(d)) for s, d in zip(rows["source"].to_pylist(),
                                                           rows["detail"].to_pylist())]
        groups.append(RejectGroup(stage, reason, n, shown))
    return groups


def _flat_boilerplate(articles: pa.Table) -> pa.Table:
    if "boilerplate" not in articles.column_names or articles.num_rows == 0:
        return pa.table({"kind": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    flat = pc.list_flatten(articles["boilerplate"])
    kinds = pc.fill_null(pc.struct_field(flat, "kind"), "")
    texts = pc.fill_null(pc.struct_field(flat, "text"), "")
    return pa.table({"kind": kinds, "text": texts})


def boilerplate_kinds(articles: pa.Table, summary_counts: Optional[Dict[str, int]] = None,
                      examples: int = EXAMPLES) -> List[BoilerplateKind]:
    """Articles' boilerplate column (+ summary's {kind: n}) -> per kind: count and commonest texts."""
    flat = _flat_boilerplate(articles)
    found = value_counts(flat["kind"]) if flat.num_rows else {}
    counts = dict(summary_counts) if summary_counts else dict(found)
    for kind, n in found.items():
        counts.setdefault(kind, n)
    texts: Dict[str, List[Tuple[str, int]]] = {}
    if flat.num_rows:
        grouped = flat.group_by(["kind", "text"]).aggregate([([], "count_all")])
        rows = sorted(zip(grouped["kind"].to_pylist(), grouped["text"].to_pylist(),
                          grouped["count_all"].to_pylist()), key=lambda r: (r[0], -r[2], r[1]))
        for kind, text, n in rows:
            bucket = texts.setdefault(kind, [])
            if len(bucket) < examples:
                bucket.append((_cut(text), n))
    return [BoilerplateKind(kind, n, texts.get(kind, []))
            for kind, n in _sorted_counts(counts.items()).items()]


def _duplicates_per_survivor(duplicates: pa.Table) -> Dict[str, int]:
    if duplicates.num_rows == 0:
        return {}
    column = pc.fill_null(duplicates["duplicate_of"], "")
    return value_counts(column)


def cluster_sizes(articles: pa.Table, duplicates: pa.Table) -> Dict[int, int]:
    """Kept articles and duplicate rows -> {cluster size: number of clusters}, sizes ascending.

    A cluster is a survivor and the duplicates pointing at it; an article with none is size 1.
    A duplicate whose survivor is not among the articles still makes a cluster (counted once).
    """
    per_survivor = _duplicates_per_survivor(duplicates)
    ids = set(articles["id"].to_pylist()) if articles.num_rows else set()
    sizes: Dict[int, int] = {}
    singles = len(ids - set(per_survivor))
    if singles:
        sizes[1] = singles
    for n in per_survivor.values():
        sizes[n + 1] = sizes.get(n + 1, 0) + 1
    return dict(sorted(sizes.items()))


def largest_clusters(articles: pa.Table, duplicates: pa.Table, n: int = LARGEST_CLUSTERS,
                     members: int = MEMBERS_SHOWN) -> List[Cluster]:
    """Kept articles and duplicate rows -> the ``n`` biggest clusters with their members."""
    per_survivor = _duplicates_per_survivor(duplicates)
    top = list(per_survivor.items())[:n]  # already biggest first, ties by id
    if not top:
        return []
    wanted = pa.array([sid for sid, _ in top], pa.string())
    survivors = articles.filter(pc.is_in(articles["id"], value_set=wanted)) \
        if articles.num_rows else articles
    info = {r["id"]: r for r in survivors.select(["id", "title", "url", "source"]).to_pylist()}
    dups = duplicates.filter(pc.is_in(pc.fill_null(duplicates["duplicate_of"], ""),
                                      value_set=wanted))
    by_survivor: Dict[str, List[Member]] = {}
    for r in dups.to_pylist():
        by_survivor.setdefault(r["duplicate_of"] or "", []).append(
            Member(r["id"], r["source"] or "", r["url"] or "", r["similarity"], r["method"] or ""))
    out = []
    for sid, count in top:
        row = info.get(sid, {})
        listed = sorted(by_survivor.get(sid, []),
                        key=lambda m: (-(m.similarity if m.similarity is not None else -1), m.id))
        out.append(Cluster(sid, row.get("title") or "", row.get("url") or "",
                           row.get("source") or "", count + 1, listed[:members]))
    return out


def largest_events(events: pa.Table, n: int = LARGEST_EVENTS) -> List[dict]:
    """The ``n`` events with the most articles (ties: earliest first_seen, then id)."""
    rows = events.to_pylist()
    rows.sort(key=lambda r: (-(r["articles"] or 0), str(r["first_seen"]), r["event_id"]))
    return rows[:n]


def stage_times(summary: dict) -> List[Tuple[str, float]]:
    """Summary's {"stage_seconds": {stage: s}} -> [(stage, seconds)] in run order; [] if absent."""
    value = summary.get("stage_seconds")
    if not isinstance(value, dict):
        return []
    out = []
    for stage, seconds in value.items():
        try:
            out.append((str(stage), float(seconds)))
        except (TypeError, ValueError):
            continue  # a malformed entry is left out of the table, the others still shown
    return out


def _word_stats(articles: pa.Table) -> Dict[str, float]:
    if articles.num_rows == 0:
        return {}
    words = articles["word_count"]
    median = pc.approximate_median(words).as_py()
    return {"total": pc.sum(words).as_py() or 0, "median": median if median is not None else 0}


def _published_range(articles: pa.Table) -> Dict[str, object]:
    if articles.num_rows == 0:
        return {}
    column = articles["published"]
    bounds = pc.min_max(column).as_py()
    return {"first": bounds["min"], "last": bounds["max"], "undated": column.null_count}


# ---- collecting -----------------------------------------------------------------------------


def collect(output_dir: str) -> ReportData:
    """An output folder -> ReportData (reads summary.json and the Parquet folders)."""
    if "://" in output_dir:
        raise ReportError(f"{output_dir}: the report is written for local output folders only")
    if not os.path.isdir(output_dir):
        raise ReportError(f"{output_dir} is not a folder")
    present = [n for n in (SUMMARY_NAME, "articles", "duplicates", "rejected")
               if os.path.exists(os.path.join(output_dir, n))]
    if not present:
        raise ReportError(f"{output_dir} holds none of summary.json, articles/, duplicates/, "
                          "rejected/: not a pipeline output folder")
    summary = read_summary(output_dir)
    articles = read_table(os.path.join(output_dir, "articles"), ARTICLE_SCHEMA, _ARTICLE_COLUMNS)
    duplicates = read_table(os.path.join(output_dir, "duplicates"), DUPLICATE_SCHEMA)
    rejected = read_table(os.path.join(output_dir, "rejected"), REJECTED_SCHEMA)
    parquet = {"articles": articles.num_rows, "duplicates": duplicates.num_rows,
               "rejected": rejected.num_rows}
    notes = []
    if not summary:
        notes.append("summary.json is missing: counts come from the Parquet files and the number "
                     "of inputs is unknown.")
    dup_total = pc.sum(articles["duplicate_count"]).as_py() if articles.num_rows else 0
    # A duplicate of an earlier run's article (method `index`) names a survivor that is not in this
    # output, so no article here counts it: it is no mismatch (trial 8: the report said "but").
    earlier = int(pc.sum(pc.invert(pc.is_in(duplicates["duplicate_of"], value_set=articles["id"]))).as_py() or 0) \
        if duplicates.num_rows else 0
    if (dup_total or 0) + earlier != duplicates.num_rows:
        notes.append(f"The articles' duplicate_count adds up to {dup_total or 0}, "
                     f"but duplicates/*.parquet holds {duplicates.num_rows} rows"
                     + (f" ({earlier} of them duplicates of articles not in this output)" if earlier else "") + ".")
    kept, left = summary.get("user_files_kept"), summary.get("user_files_left_in")
    if kept or left:
        notes.append("Files added to the output folder while the run was under way were kept, not deleted"
                     + (f": {', '.join(map(str, kept))} (the next run into this folder refuses until they are moved out)"
                        if kept else "")
                     + (f"; what could not be moved into it is in {left}" if left else "") + ".")
    run = {k: str(summary[k]) for k in ("started", "finished", "runner", "seconds", "dedup_index", "index_added")
           if summary.get(k) not in (None, "")}
    if earlier:
        run["earlier_duplicates"] = str(earlier)
    return ReportData(
        output_dir=os.path.abspath(output_dir),
        run=run,
        accounting=accounting(summary, parquet),
        languages=_int_dict(summary.get("languages")) or value_counts(articles["language"]),
        boilerplate=boilerplate_kinds(articles, _int_dict(summary.get("boilerplate_by_kind"))),
        rejects=reject_groups(rejected, _int_dict(summary.get("rejected_by_reason"))),
        duplicate_methods=_int_dict(summary.get("duplicates_by_method"))
        or value_counts(duplicates["method"]),
        cluster_sizes=cluster_sizes(articles, duplicates),
        clusters=largest_clusters(articles, duplicates),
        publishers=dict(list((_int_dict(summary.get("publishers"))
                              or value_counts(articles["publisher"], drop_empty=True))
                             .items())[:TOP_PUBLISHERS]),
        stage_seconds=stage_times(summary),
        words=_word_stats(articles),
        published=_published_range(articles),
        notes=notes,
        events=largest_events(read_table(os.path.join(output_dir, "events"), EVENT_SCHEMA)),
    )


# ---- charts -----------------------------------------------------------------------------------


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, xlabel: str,
              vertical: bool = False, log: bool = False, integer: bool = True) -> str:
    """Labels and values -> an ``<img>`` tag holding a matplotlib SVG as a data: URI.

    "" when there is nothing to draw, or when a label is right-to-left text: matplotlib neither
    shapes Arabic letters nor reorders them, so such a chart would mislead; the table beside it
    still shows everything.
    """
    if not labels or any(_right_to_left(str(x)) for x in labels):
        return ""
    # The object-oriented API (no pyplot): no global figure state, no GUI backend; Agg is the
    # canvas behind Figure, and the SVG writer renders text as paths (no fonts needed to view).
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    # text.parse_math off: a label is data ("$\\foo$", "$5 deal"), never mathtext to parse.
    with rc_context({"svg.fonttype": "path", "svg.hashsalt": "newsbeam-report",
                     "font.size": 9, "text.parse_math": False}):
        if vertical:
            fig = Figure(figsize=(6.4, 3.0))
            ax = fig.add_subplot()
            ax.bar([str(x) for x in labels], values, color="#4878a8", width=0.6)
            if len(labels) < 6:  # a few bars stay bar-shaped instead of filling the width
                ax.set_xlim(-0.5 - (6 - len(labels)) / 2, len(labels) - 0.5 + (6 - len(labels)) / 2)
            ax.set_xlabel(xlabel)
            ax.set_ylabel("count")
            if log:
                ax.set_yscale("log")
            elif integer:
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            fig = Figure(figsize=(6.4, 0.9 + 0.28 * len(labels)))
            ax = fig.add_subplot()
            positions = list(range(len(labels)))
            ax.barh(positions, values, color="#4878a8")
            ax.set_yticks(positions, [_cut(str(x), 40) for x in labels])
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
            if log:
                ax.set_xscale("log")
            elif integer:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        FigureCanvasAgg(fig)
        ax.set_title(title)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'<img class="chart" src="data:image/svg+xml;base64,{data}" '
            f'alt="{_e(title)}" title="{_e(title)}">')


# ---- HTML -----------------------------------------------------------------------------------


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _e(value) -> str:
    """Any value -> text safe inside HTML content and quoted attributes (controls shown as U+FFFD)."""
    text = "" if value is None else str(value)
    return html.escape(_CONTROL.sub("\ufffd", text), quote=True)


def _num(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else _e(value)


def _link(url: str) -> str:
    """A URL as a link when it is http(s), else as plain text; escaped either way."""
    if url.startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noreferrer noopener" dir="auto">{_e(_cut(url, 120))}</a>'
    return f'<span dir="auto">{_e(_cut(url, 120))}</span>'


def _table(table_id: str, headers: Sequence[str], rows: Iterable[Sequence[Tuple[str, str]]],
           caption: str = "") -> str:
    """rows of (css class, inner html) cells -> a <table>; "num" cells are right-aligned numbers."""
    out = [f'<table id="{table_id}">']
    if caption:
        out.append(f"<caption>{_e(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        cells = []
        for cls, inner in row:
            attrs = ' class="num"' if cls == "num" else ' dir="auto"' if cls == "text" else ""
            cells.append(f"<td{attrs}>{inner}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _empty(message: str) -> str:
    return f'<p class="empty">{_e(message)}</p>'


def _section(section_id: str, title: str, body: str) -> str:
    return f'<section id="{section_id}">\n<h2>{_e(title)}</h2>\n{body}\n</section>'


def _counts_section(data: ReportData) -> str:
    acc = data.accounting
    rows = []
    for key in ("articles", "duplicates", "rejected"):
        rows.append([("", _e(key)), ("num", _num(getattr(acc, key))),
                     ("num", _num(acc.parquet[key]))])
    total = acc.articles + acc.duplicates + acc.rejected
    rows.append([("", "<strong>articles + duplicates + rejected</strong>"), ("num", _num(total)),
                 ("num", _num(sum(acc.parquet.values())))])
    rows.append([("", "<strong>inputs</strong>"),
                 ("num", _num(acc.inputs) if acc.inputs is not None else "unknown"), ("", "")])
    table = _table("accounting", ["", "run (summary.json)", "rows in Parquet"], rows)
    if acc.holds is None:
        verdict = ('<p class="identity unknown" id="identity">Accounting identity '
                   "<em>inputs = articles + duplicates + rejected</em> cannot be checked: "
                   "the number of inputs is unknown.</p>")
    else:
        word = "holds" if acc.holds else "is VIOLATED"
        gap = "" if acc.holds else f" ({_num(acc.inputs - total)} inputs unaccounted for)"
        verdict = (f'<p class="identity {"ok" if acc.holds else "bad"}" id="identity">'
                   f"Accounting identity: inputs ({_num(acc.inputs)}) = articles "
                   f"({_num(acc.articles)}) + duplicates ({_num(acc.duplicates)}) + rejected "
                   f"({_num(acc.rejected)}) <strong>{word}</strong>{gap}.</p>")
    extra = []
    if data.words:
        extra.append(f"Kept articles hold {_num(int(data.words['total']))} words "
                     f"(median {_num(int(data.words['median']))} per article).")
    pub = data.published
    if pub and pub.get("first") is not None:
        extra.append(f"Published between {_e(_date(pub['first']))} and {_e(_date(pub['last']))}"
                     f"; {_num(pub['undated'])} without a date.")
    elif pub:
        extra.append("No kept article has a publication date.")
    problems = [_e(m) for m in acc.mismatches] + [_e(n) for n in data.notes]
    body = [verdict, table]
    if extra:
        body.append("<p>" + " ".join(extra) + "</p>")
    if problems:
        body.append('<ul class="problems" id="problems">'
                    + "".join(f"<li>{p}</li>" for p in problems) + "</ul>")
    return _section("counts", "Counts", "\n".join(body))


def _date(value) -> str:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def _shares(counts: Dict[str, int]) -> List[Tuple[str, int, str]]:
    total = sum(counts.values()) or 1
    return [(k, v, f"{100.0 * v / total:.1f}%") for k, v in counts.items()]


def _languages_section(data: ReportData) -> str:
    if not data.languages:
        return _section("languages", "Languages", _empty("No kept articles."))
    items = list(data.languages.items())
    shown = items[:TOP_LANGUAGES]
    rest = sum(v for _, v in items[TOP_LANGUAGES:])
    if rest:
        shown.append(("other", rest))
    chart = bar_chart([k or "(none)" for k, _ in shown], [v for _, v in shown],
                      "Kept articles per language", "articles")
    rows = [[("text", _e(k or "(none)")), ("num", _num(v)), ("num", p)]
            for k, v, p in _shares(data.languages)]
    return _section("languages", "Languages",
                    chart + "\n" + _table("languages-table", ["language", "articles", "share"], rows))


def _boilerplate_section(data: ReportData) -> str:
    if not data.boilerplate:
        return _section("boilerplate", "Boilerplate removed", _empty("No boilerplate removed."))
    chart = bar_chart([b.kind or "(none)" for b in data.boilerplate],
                      [b.count for b in data.boilerplate], "Boilerplate removed per kind",
                      "pieces removed")
    rows = []
    for b in data.boilerplate:
        examples = "".join(f'<li><q dir="auto">{_e(t)}</q> <span class="times">\u00d7{n:,}</span></li>'
                           for t, n in b.examples)
        rows.append([("text", _e(b.kind or "(none)")), ("num", _num(b.count)),
                     ("", f'<ul class="examples">{examples}</ul>' if examples else "")])
    return _section("boilerplate", "Boilerplate removed", chart + "\n" + _table(
        "boilerplate-table", ["kind", "pieces removed", "commonest texts (times seen)"], rows))


def _rejects_section(data: ReportData) -> str:
    if not data.rejects:
        return _section("rejects", "Rejected inputs", _empty("No rejected inputs."))
    per_stage: Dict[str, int] = {}
    for g in data.rejects:
        per_stage[g.stage] = per_stage.get(g.stage, 0) + g.count
    per_stage = _sorted_counts(per_stage.items())
    chart = bar_chart([f"{g.stage}: {g.reason}" for g in data.rejects],
                      [g.count for g in data.rejects], "Rejected inputs per stage and reason",
                      "inputs")
    stage_rows = [[("text", _e(s)), ("num", _num(n)), ("num", p)] for s, n, p in _shares(per_stage)]
    rows = []
    for g in data.rejects:
        examples = "".join(f'<li><span dir="auto" class="source">{_e(s)}</span>'
                           f'{": " if d else ""}<span dir="auto">{_e(d)}</span></li>'
                           for s, d in g.examples)
        rows.append([("text", _e(g.stage)), ("text", _e(g.reason)), ("num", _num(g.count)),
                     ("", f'<ul class="examples">{examples}</ul>' if examples else "")])
    return _section("rejects", "Rejected inputs", "\n".join([
        chart,
        _table("rejects-by-stage", ["stage", "rejected", "share"], stage_rows),
        _table("rejects-table", ["stage", "reason", "rejected", "examples (source: detail)"], rows),
    ]))


def _duplicates_section(data: ReportData) -> str:
    parts = []
    if data.duplicate_methods:
        rows = [[("text", _e(k)), ("num", _num(v)), ("num", p)]
                for k, v, p in _shares(data.duplicate_methods)]
        parts.append(_table("duplicate-methods", ["method", "duplicates", "share"], rows))
    if any(s > 1 for s in data.cluster_sizes):
        sizes = data.cluster_sizes
        spread = max(sizes.values()) / max(1, min(sizes.values()))
        parts.append(bar_chart(list(sizes), list(sizes.values()), "Clusters per size",
                               "cluster size (kept article + its duplicates)", vertical=True,
                               log=spread > 50))
        rows = [[("num", _num(s)), ("num", _num(n)), ("num", _num(s * n))] for s, n in sizes.items()]
        parts.append(_table("cluster-sizes", ["cluster size", "clusters", "inputs"], rows))
    if data.clusters:
        rows = []
        for c in data.clusters:
            members = "".join(
                f"<li>{_link(m.url) if m.url else _e(m.source)} "
                f'<span class="meta">{_e(m.method)}'
                f'{", similarity " + format(m.similarity, ".3f") if m.similarity is not None else ""}'
                f"</span></li>" for m in c.members)
            more = c.size - 1 - len(c.members)
            if more > 0:
                members += f'<li class="meta">and {more:,} more</li>'
            survivor = (f'<div dir="auto" class="title">{_e(c.title) or "(untitled)"}</div>'
                        f"<div>{_link(c.url or c.source)}</div>" if c.title or c.url
                        else f'<div class="meta">{_e(c.id)} (not among the articles)</div>')
            rows.append([("num", _num(c.size)), ("", survivor),
                         ("", f'<ol class="members">{members}</ol>')])
        parts.append("<h3>Largest clusters</h3>")
        parts.append(_table("clusters", ["size", "kept article", "duplicates dropped"], rows))
    if not data.duplicate_methods and not any(s > 1 for s in data.cluster_sizes):
        kept = data.cluster_sizes.get(1, 0)
        parts.insert(0, _empty("No duplicates dropped" + (
            f": each of the {kept:,} kept articles is its own story." if kept else ".")))
    return _section("duplicates", "Duplicates", "\n".join(parts))


def _events_section(data: ReportData) -> str:
    if not data.events:
        return _section("events", "Largest events", _empty("No events (the events stage did not run)."))
    rows = []
    for e in data.events:
        span = _date(e["first_seen"]) + ("" if e["last_seen"] == e["first_seen"] else " - " + _date(e["last_seen"]))
        rows.append([("num", _num(e["articles"])), ("", f'<div dir="auto" class="title">{_e(e["title"]) or "(untitled)"}</div>'
                     f'<div class="meta">{_e(e["event_id"])}</div>'),
                     ("text", _e(", ".join(e["languages"] or []))), ("text", _e(", ".join(e["publishers"] or []))),
                     ("text", _e(span)), ("", f'<span dir="auto">{_e(" · ".join(e["top_terms"] or []))}</span>')])
    return _section("events", "Largest events", _table(
        "events-table", ["articles", "representative title", "languages", "publishers", "seen", "top terms"], rows))


def _publishers_section(data: ReportData) -> str:
    if not data.publishers:
        return _section("publishers", "Top publishers", _empty("No publisher known."))
    rows = [[("text", _e(k)), ("num", _num(v))] for k, v in data.publishers.items()]
    return _section("publishers", "Top publishers",
                    _table("publishers-table", ["publisher", "articles"], rows))


def _time_section(data: ReportData) -> str:
    if not data.stage_seconds:
        return _section("timing", "Time per stage", _empty("No stage timings recorded."))
    total = sum(s for _, s in data.stage_seconds) or 1.0
    chart = bar_chart([s for s, _ in data.stage_seconds], [v for _, v in data.stage_seconds],
                      "Time per stage", "seconds", integer=False)
    rows = [[("text", _e(s)), ("num", f"{v:,.2f}"), ("num", f"{100 * v / total:.1f}%")]
            for s, v in data.stage_seconds]
    rows.append([("", "<strong>total</strong>"), ("num", f"{sum(v for _, v in data.stage_seconds):,.2f}"),
                 ("num", "100.0%")])
    return _section("timing", "Time per stage",
                    chart + "\n" + _table("stage-times", ["stage", "seconds", "share"], rows))


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Arabic",sans-serif;
 margin:0 auto;max-width:1100px;padding:1rem 1.5rem;color:#1d2329;background:#fff;line-height:1.4}
h1{font-size:1.6rem;margin:.2rem 0}h2{border-bottom:2px solid #d7dde3;padding-bottom:.2rem;
 margin-top:2rem}nav a{margin-right:.8rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem;max-width:100%}
th,td{border:1px solid #d7dde3;padding:.3rem .55rem;vertical-align:top;text-align:start}
th{background:#eef2f5}tbody tr:nth-child(even){background:#f8fafb}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td{overflow-wrap:anywhere}
.identity{font-size:1.05rem;padding:.5rem .8rem;border-radius:4px}
.ok{background:#e4f4e4;border:1px solid #8bc78b}.bad{background:#fbe3e3;border:1px solid #d77}
.unknown{background:#fff6dc;border:1px solid #e0c060}
.empty,.meta{color:#66707a}.times{color:#66707a;font-size:.85em}
ul.examples,ol.members{margin:0;padding-inline-start:1.2rem}
img.chart{display:block;max-width:100%;height:auto;margin:.6rem 0}
.problems li{color:#a00}
"""


def render_html(data: ReportData) -> str:
    """ReportData -> the whole page, as one self-contained HTML string."""
    run = data.run
    meta = [f"Output folder <code>{_e(data.output_dir)}</code>"]
    if run.get("runner"):
        meta.append(f"runner {_e(run['runner'])}")
    if run.get("started"):
        meta.append(f"started {_e(run['started'])}")
    if run.get("finished"):
        meta.append(f"finished {_e(run['finished'])}")
    if run.get("seconds"):
        meta.append(f"took {_e(run['seconds'])} s")
    if run.get("dedup_index"):
        meta.append(f"dedup index <code>{_e(run['dedup_index'])}</code>"
                    + (f" ({_e(run['index_added'])} entries added)" if run.get("index_added") else ""))
    if run.get("earlier_duplicates"):
        meta.append(f"{_e(run['earlier_duplicates'])} input(s) duplicated articles of earlier runs (not in this output)")
    generated = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    sections = [
        ("counts", "Counts", _counts_section(data)),
        ("languages", "Languages", _languages_section(data)),
        ("boilerplate", "Boilerplate", _boilerplate_section(data)),
        ("rejects", "Rejects", _rejects_section(data)),
        ("duplicates", "Duplicates", _duplicates_section(data)),
        ("events", "Events", _events_section(data)),
        ("publishers", "Publishers", _publishers_section(data)),
        ("timing", "Time", _time_section(data)),
    ]
    nav = "".join(f'<a href="#{sid}">{_e(label)}</a>' for sid, label, _ in sections)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        "<title>News ingestion report</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>News ingestion report</h1>",
        f'<p class="meta">{"; ".join(meta)}. Generated {generated}.</p>',
        f"<nav>{nav}</nav>",
        "</header>",
        "<main>",
        *[body for _, _, body in sections],
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def write_report(output_dir: str) -> str:
    """An output folder -> writes ``output_dir/report.html`` (atomically) and returns its path."""
    page = render_html(collect(output_dir))
    path = os.path.join(output_dir, REPORT_NAME)
    tmp = path + ".tmp"
    # errors="replace": a lone surrogate (possible in summary.json's JSON escapes) becomes "?".
    try:
        with open(tmp, "w", encoding="utf-8", errors="replace") as fh:
            fh.write(page)
        os.replace(tmp, path)
    except BaseException:  # a full disk, an interrupt: leave no half-written report.html.tmp behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: ``python -m pipelines.report DIR`` regenerates ``DIR/report.html``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.report",
        description="Regenerate DIR/report.html from a pipeline output folder.")
    parser.add_argument("output_dir", metavar="DIR", help="the pipeline's output folder")
    args = parser.parse_args(argv)
    try:
        path = write_report(args.output_dir)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
