"""Reliability: the bad-input corpus (tests/hostile_corpus.py) end to end, and fuzzed pure functions."""

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import hostile_corpus
from tests.conftest import ROOT, SEEDS, read_table
from transforms.decode import NotText, decode_bytes, sanitize
from transforms.read import parse_jsonl_line
from transforms.textnorm import normalize_for_match, words


def _expectations_hold(out, cases):
    articles = {r["source"] for r in read_table(out, "articles")}
    duplicates = {r["source"] for r in read_table(out, "duplicates")}
    rejected = {r["source"]: r for r in read_table(out, "rejected")}
    root = str(out.parent / "corpus") + "/"
    for rel, expect in cases.items():
        if expect == "lines":
            continue
        source = root + rel
        if expect == "article":
            assert source in articles or source in duplicates, (rel, rejected.get(source))
        else:
            _, stage, reason = expect.split(":")
            row = rejected.get(source)
            assert row is not None, (rel, "expected a rejected row")
            assert stage in ("*", row["stage"]) and reason in ("*", row["reason"]), (rel, row)
            assert row["detail"], rel
    return articles, duplicates, rejected


def test_hostile_corpus_every_input_accounted(run_ingest, tmp_path):
    cases = hostile_corpus.build(tmp_path / "corpus")
    before = set(os.listdir(tmp_path))
    out, summary = run_ingest(tmp_path / "corpus")
    expected_inputs = len([c for c in cases.values() if c != "lines"])
    assert summary["inputs"] == expected_inputs
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    articles, _, _ = _expectations_hold(out, cases)
    rows = read_table(out, "articles")
    by_id = {r["id"]: r for r in rows}
    by_source = {r["source"]: r for r in rows}
    # An input dropped as an exact duplicate (the survivor is the smallest id, which depends on
    # the temp path) is checked through the article that survived it.
    for dup in read_table(out, "duplicates"):
        by_source[dup["source"]] = by_id[dup["duplicate_of"]]
    root = str(tmp_path / "corpus") + "/"
    # Legacy encodings decode to the right text.
    for rel in ("arabic-1256.txt", "arabic-utf16.txt"):
        if root + rel in by_source:
            assert by_source[root + rel]["text"].startswith(hostile_corpus.ARABIC[:40])
    assert hostile_corpus.FRENCH in by_source[root + "french-latin1.txt"]["text"]
    assert "\x00" not in by_source[root + "nul-and-controls.txt"]["text"]
    assert "\ufffd" in by_source[root + "lines.jsonl#L7"]["text"]
    # Nothing written outside the output folder (the corpus and its outside target were there before).
    assert set(os.listdir(tmp_path)) == before | {"out"}


def test_failure_storm_fails_loudly_and_keeps_previous_output(run_ingest, tmp_path):
    from pipelines.ingest import RunFailed

    out, _ = run_ingest(SEEDS)
    storm = tmp_path / "storm"
    storm.mkdir()
    for i in range(12):
        (storm / f"broken-{i}.jsonl").write_text("{not json\n")
    (storm / "good.txt").write_text(hostile_corpus.ENGLISH)
    with pytest.raises(RunFailed, match="failure storm: 12 of 13 inputs failed at stage 'read'"):
        run_ingest(storm)
    assert len(read_table(out, "articles")) == 5  # the previous output is intact


def test_a_killed_run_leaves_the_previous_output_intact(run_ingest, tmp_path):
    out, _ = run_ingest(SEEDS)
    corpus = tmp_path / "big"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"a{i}.txt").write_text(f"{hostile_corpus.ENGLISH} Number {i}.")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.ingest", "--input", str(corpus), "--output", str(out), "--quiet"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(read_table(out, "articles")) == 5
    # The next run clears the killed run's staging folder.
    run_ingest(SEEDS)
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_fuzz_decode_never_crashes_and_gives_safe_text(blob):
    try:
        decoded = decode_bytes(blob, is_html=True)
    except NotText:
        return
    assert sanitize(decoded.text) == decoded.text
    decoded.text.encode("utf-8")  # never a lone surrogate


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_fuzz_normalisation_is_idempotent_and_encodable(text):
    once = normalize_for_match(sanitize(text))
    assert normalize_for_match(once) == once
    once.encode("utf-8")
    assert all(w for w in words(once))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_fuzz_jsonl_lines_parse_or_raise_a_reason(line):
    try:
        doc = parse_jsonl_line(line, "f.jsonl", 1)
    except ValueError as exc:
        assert exc.args[0] in {"invalid_utf8", "invalid_json", "not_an_object", "invalid_field", "missing_body"}
        return
    (doc.text + doc.html + doc.title + doc.url).encode("utf-8")
