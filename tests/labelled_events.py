"""The labelled event sets of benchmarks/data/ read for tests: rows by id and their members.

Shared by the event test modules so each reads a set the same way (one JSON object per line:
id, event, lang, publisher, published, title, text; see benchmarks/data/README.md)."""

from __future__ import annotations

import json
import pathlib

from transforms.events import Member, article_terms, assign_events, drop_templates, event_time


def labelled_rows(path: pathlib.Path) -> dict[str, dict]:
    """{article id: row} of one labelled set."""
    return {r["id"]: r for r in (json.loads(line) for line in path.read_text("utf-8").splitlines() if line)}


def labelled_members(path: pathlib.Path, settings, ids=None, templates: bool = True) -> list[Member]:
    """The articles ``ids`` (all when None, sorted) of one labelled set as event members, their
    terms built with ``settings`` at their own publication time; ``templates`` drops the terms a
    publisher's template repeats (transforms.events.drop_templates), as the stage does."""
    rows = labelled_rows(path)
    out = []
    for i in ids or sorted(rows):
        r = rows[i]
        t = event_time(r["published"], 0.0)
        out.append(Member(i, t, article_terms(r["title"], r["text"], r["lang"], settings, t),
                          publisher=r["publisher"], language=r["lang"]))
    return drop_templates(out, settings) if templates else out


def labelled_event_ids(path: pathlib.Path, settings, ids) -> dict[str, str]:
    """{article id: event id} the stage's pure layer (``assign_events``) gives the articles ``ids`` of
    one labelled set, their terms built as ``labelled_members`` does."""
    members = labelled_members(path, settings, ids)
    return {m.id: event_id for event_id, people in assign_events(members, settings) for m in people}
