import json
import os

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.read import ReadInputs, expand_spec, format_of, parse_jsonl_line
from transforms.records import Rejected

FORMATS = {"html": [".html", ".htm"], "text": [".txt"], "jsonl": [".jsonl"]}
CONFIG = {"formats": FORMATS, "max_input_bytes": 1000}


def test_format_by_extension_is_case_insensitive():
    assert format_of("a/B.HTML", FORMATS) == "html"
    assert format_of("x.txt", FORMATS) == "text"
    assert format_of("x.jsonl", FORMATS) == "jsonl"
    assert format_of("x.csv", FORMATS) is None


def test_expand_directory_recursively_with_refusals(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep file é.txt").write_text("x")
    (tmp_path / "top.html").write_text("x")
    os.symlink("/etc/hostname", tmp_path / "out.txt")
    os.symlink(tmp_path / "a", tmp_path / "loop")
    os.mkfifo(tmp_path / "pipe.txt")
    got = dict(expand_spec(str(tmp_path)))
    assert got[str(tmp_path / "a" / "b" / "deep file é.txt")] is None
    assert got[str(tmp_path / "top.html")] is None
    assert got[str(tmp_path / "out.txt")] == "symlink_outside_root"
    assert got[str(tmp_path / "loop")] == "symlink_directory_not_followed"
    assert got[str(tmp_path / "pipe.txt")] == "not_a_regular_file"


def test_glob_and_missing_input(tmp_path):
    (tmp_path / "x1.txt").write_text("x")
    (tmp_path / "x2.txt").write_text("x")
    assert sorted(p for p, _ in expand_spec(str(tmp_path / "x*.txt"))) == [
        str(tmp_path / "x1.txt"),
        str(tmp_path / "x2.txt"),
    ]
    assert list(expand_spec(str(tmp_path / "nothing*.txt"))) == [(str(tmp_path / "nothing*.txt"), "no_such_input")]


def test_jsonl_line_parsing():
    doc = parse_jsonl_line(json.dumps({"url": "https://ex.com/a", "text": "Body", "authors": "Jo"}).encode(), "f.jsonl", 3)
    assert doc.format == "jsonl-text" and doc.text == "Body" and doc.authors == ["Jo"]
    assert doc.source == "f.jsonl#L3" and doc.group == "ex.com"
    html = parse_jsonl_line(b'{"html": "<p>x</p>", "title": "T"}', "f.jsonl", 1)
    assert html.format == "jsonl-html" and html.title == "T"
    for line, reason in (
        (b"{oops", "invalid_json"),
        (b"[1]", "not_an_object"),
        (b'{"text": 5}', "invalid_field"),
        (b'{"title": "x"}', "missing_body"),
        (b'{"text": "\xff\xfe"}', "invalid_utf8"),
    ):
        with pytest.raises(ValueError) as err:
            parse_jsonl_line(line, "f.jsonl", 1)
        assert err.value.args[0] == reason


def test_read_inputs_both_outputs(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"hello")
    (tmp_path / "b.csv").write_text("x")
    (tmp_path / "empty.html").write_text("  ")
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    (tmp_path / "c.jsonl").write_text('{"text": "one"}\nbroken\n\n{"text": "two"}\n')
    with TestPipeline() as p:
        docs, rejected = p | ReadInputs([str(tmp_path)], CONFIG)
        assert_that(
            docs | "DocKeys" >> beam.Map(lambda d: (os.path.basename(d.source), d.format, d.raw or d.text)),
            equal_to([("a.txt", "text", b"hello"), ("c.jsonl#L1", "jsonl-text", "one"), ("c.jsonl#L4", "jsonl-text", "two")]),
            label="docs",
        )
        assert_that(
            rejected | "RejKeys" >> beam.Map(lambda r: (os.path.basename(r.source), r.stage, r.reason)),
            equal_to(
                [
                    ("b.csv", "read", "unsupported_format"),
                    ("empty.html", "read", "empty_file"),
                    ("big.txt", "read", "too_large"),
                    ("c.jsonl#L2", "read", "invalid_json"),
                ]
            ),
            label="rejected",
        )


def test_jsonl_lone_surrogates_are_sanitised_at_the_source():
    doc = parse_jsonl_line(b'{"text": "a \\ud800 b", "title": "t\\u0000"}', "f.jsonl", 1)
    assert doc.text == "a \ufffd b" and doc.title == "t"


def test_undecodable_file_name_is_a_rejected_row(tmp_path):
    bad = os.path.join(os.fsencode(tmp_path), b"bad\xff.txt")
    with open(bad, "wb") as fh:
        fh.write(b"hello")
    with TestPipeline() as p:
        docs, rejected = p | ReadInputs([str(tmp_path)], CONFIG)
        assert_that(docs, equal_to([]), label="docs")
        assert_that(rejected | beam.Map(lambda r: r.reason), equal_to(["undecodable_file_name"]), label="rejected")


def test_inputs_made_with_one_id_keep_one_outcome_each(tmp_path):
    """Two inputs with one id would be counted as one by the accounting and the dedup stage
    (trial 5: a WARC record in two files, one file read twice) and the run failed at its end.
    OneOutcomePerId keeps one outcome per id (a document or a later stage's rejected row: the
    smallest source's) and makes every
    other one a rejected row read:duplicate_id naming the kept source."""
    from transforms.read import OneOutcomePerId

    for name in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"):
        (tmp_path / name).write_bytes(f"the text of {name}".encode())
    with TestPipeline() as p:
        docs, _ = p | ReadInputs([str(tmp_path)], CONFIG)
        # an id scheme gone wrong: a.txt and b.txt come out with one id, c.txt keeps its own;
        # d.txt shares an id with e.txt, whose outcome is a rejected row of a later stage
        broken = docs | beam.Map(lambda d: d._replace(id={"a.txt": "same", "b.txt": "same", "d.txt": "other",
                                                          "e.txt": "other"}.get(os.path.basename(d.source), d.id)))
        made_docs = broken | "NotE" >> beam.Filter(lambda d: not d.source.endswith("e.txt"))
        made_rows = broken | "E" >> beam.Filter(lambda d: d.source.endswith("e.txt")) | beam.Map(
            lambda d: Rejected(d.id, d.source, "clean", "too_short", ""))
        kept, rejected = (made_docs, made_rows) | OneOutcomePerId()
        assert_that(
            kept | "Kept" >> beam.Map(lambda d: (d.id in ("same", "other"), os.path.basename(d.source))),
            equal_to([(True, "a.txt"), (False, "c.txt"), (True, "d.txt")]),
            label="kept",
        )
        assert_that(
            rejected | "Rows" >> beam.Map(lambda r: (os.path.basename(r.source), r.stage, r.reason,
                                                      r.id not in ("same", "other"),
                                                      str(tmp_path / ("a.txt" if "b.txt" in r.source else "d.txt")) in r.detail)),
            equal_to([("b.txt", "read", "duplicate_id", True, True), ("e.txt", "read", "duplicate_id", True, True)]),
            label="rejected",
        )
