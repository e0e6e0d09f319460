"""Trial 7: a data engineer's first week with newsbeam (/work/wt/notes/trial-7.md). Every test runs
the real command line (``python -m pipelines.ingest``) on real files and reads the real output
back; each docstring says what happened before the fix."""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pyarrow.parquet as pq
import pytest

from tests.conftest import SEEDS, read_table
from tests.test_misuse import _can_drop_dac, _limit_file_size, error_line, ingest, published  # noqa: F401 (fixture)

STORIES = [
    "The council approved the new budget for the city's schools on Tuesday after a long debate.",
    "Heavy rain flooded the river valley and closed three roads overnight, the police said.",
    "Researchers announced a vaccine trial with four thousand volunteers in six countries.",
    "The national airline cancelled forty flights as air traffic controllers went on strike.",
    "A new museum of modern art opened its doors in the old harbour warehouse on Sunday.",
    "Farmers protested against the import quotas by driving their tractors into the capital.",
    "The central bank kept its main interest rate unchanged for the third month in a row.",
    "Firefighters saved a family of five from a burning house in the northern suburbs.",
]


def _line(n: int, **fields) -> str:
    return json.dumps({"url": f"https://news.example.org/{n}", "text": " ".join([STORIES[n]] * 10), **fields})


# ---- T1: a number where a date or a label was expected ----------------------------------------


def test_a_numeric_published_or_fetched_at_is_an_epoch_date_and_never_costs_the_article(tmp_path):
    """Was: `"published": 1764410400` (an export writing epoch seconds as a JSON number) rejected the
    whole article (`read:invalid_field ... must be a string, got int`), while the same value as a
    string was read as 2025-11-29T10:00:00Z; a numeric title did the same."""
    data = tmp_path / "in"
    data.mkdir()
    lines = [
        _line(0, published=1764410400),  # epoch seconds
        _line(1, published=1764410400500),  # epoch milliseconds (JavaScript, Java)
        _line(2, published=1764410400.5, fetched_at=1764414000),
        _line(3, published="1764410400"),  # the string form, read so before
        _line(4, title=1917, publisher=2024),  # a numeric headline
        _line(5, published=1e300),  # no datetime holds it: the article stays, published null
        _line(6, text=5),  # the body itself of the wrong type: still a rejected row
    ]
    (data / "dump.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    proc = ingest("--input", data, "--output", out, "--quiet", "--no-report")
    assert proc.returncode == 0, proc.stderr
    articles = {a["url"].rsplit("/", 1)[1]: a for a in read_table(out, "articles")}
    assert sorted(articles) == ["0", "1", "2", "3", "4", "5"]
    day = "2025-11-29T10:00:00"
    assert articles["0"]["published"].isoformat().startswith(day)
    assert articles["1"]["published"].isoformat().startswith(day + ".5")
    assert articles["2"]["published"].isoformat().startswith(day + ".5")
    assert articles["2"]["fetched_at"].isoformat().startswith("2025-11-29T11:00:00")
    assert articles["3"]["published"] == articles["0"]["published"]
    assert (articles["4"]["title"], articles["4"]["publisher"]) == ("1917", "2024")
    assert articles["5"]["published"] is None
    rejected = read_table(out, "rejected")
    assert [(r["source"].rsplit("#", 1)[1], r["reason"]) for r in rejected] == [("L7", "invalid_field")]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["published_unparsed"] == {"unparseable": 1}


# ---- T2: a declared language is an ISO 639-1 code in the output --------------------------------


def test_a_declared_language_tag_is_written_as_its_iso_639_1_code(tmp_path):
    """Was: the declared tag passed through lower-cased: `en-GB` -> `en-gb`, `pt_BR` -> `pt-br`,
    `zh-Hant-TW` -> `zh-hant-tw`, `eng` -> `eng`, although the README documents `language` as
    ISO 639-1 or `und` (a `group by language` split English in two)."""
    data = tmp_path / "in"
    data.mkdir()
    declared = ["en-GB", "pt_BR", "zh-Hant-TW", "eng", "FRA", "iw", "ceb", "English"]
    (data / "dump.jsonl").write_text("\n".join(_line(n, language=tag) for n, tag in enumerate(declared)) + "\n")
    out = tmp_path / "out"
    proc = ingest("--input", data, "--output", out, "--quiet", "--no-report")
    assert proc.returncode == 0, proc.stderr
    language = {a["url"].rsplit("/", 1)[1]: a["language"] for a in read_table(out, "articles")}
    # "English" is no tag: detected from the (English) text, as before
    assert language == {"0": "en", "1": "pt", "2": "zh", "3": "en", "4": "fr", "5": "he", "6": "ceb", "7": "en"}
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["languages"]) == {"en", "pt", "zh", "fr", "he", "ceb"}


# ---- T3: a full disk -------------------------------------------------------------------------------


def _tree_digest(folder: pathlib.Path) -> dict:
    import hashlib

    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_full_disk_while_writing_the_tables_is_one_line_and_keeps_the_previous_output(tmp_path, published):
    """Was (a 400 KB tmpfs filling up): exit 1 and 118 lines of Beam tracebacks ('ERROR:apache_beam...
    OSError: [Errno 28] No space left on device [while running 'Write/Tables/WriteParts']'), and no
    line saying whether anything was published. Here the disk is a file-size limit smaller than the
    articles part (EFBIG: the same failure as ENOSPC for the writer)."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(published, out)
    before = _tree_digest(out)
    smallest = min(p.stat().st_size for p in (published / "articles").glob("*.parquet"))
    proc = ingest("--input", SEEDS, "--output", out, "--quiet", preexec_fn=_limit_file_size(smallest // 2))
    assert proc.returncode == 2, proc.stderr
    line = error_line(proc)  # one line, no traceback
    assert line.startswith("error: File too large (errno 27) while the run was writing: nothing published; "
                           "the previous output is unchanged"), line
    assert _tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left beside it


@pytest.mark.skipif(not _can_drop_dac(), reason="needs setpriv to make a folder unwritable to the test's user")
def test_an_index_that_cannot_be_written_after_publishing_says_the_output_was_published(tmp_path):
    """Was (the index on a full tmpfs): exit 1 and a traceback from dedup_index.commit_index, although
    the output had been published (its report.html missing): nothing told the operator so. Here the
    index folder is made unwritable between two runs (its staging area stays writable)."""
    stories = tmp_path / "in"
    stories.mkdir()
    (stories / "a.jsonl").write_text("\n".join(_line(n) for n in range(3)) + "\n")
    out, index = tmp_path / "out", tmp_path / "index"
    first = ingest("--input", stories, "--output", out, "--dedup-index", index, "--quiet", no_dac=True)
    assert first.returncode == 0, first.stderr
    (stories / "b.jsonl").write_text("\n".join(_line(n) for n in range(3, 6)) + "\n")
    (index / "_staging").chmod(0o777)
    (index / "events").chmod(0o777)
    index.chmod(0o555)
    try:
        proc = ingest("--input", stories, "--output", out, "--dedup-index", index, "--quiet", no_dac=True)
    finally:
        index.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    line = error_line(proc)
    assert line == (f"error: the output {out} was published, but its survivors could not be added to "
                    f"--dedup-index {index} (Permission denied); they stay staged there and the next run "
                    f"with this index adds them"), line
    assert len(read_table(out, "articles")) == 6 and (out / "report.html").exists()  # published, with its report
    again = ingest("--input", stories, "--output", out, "--dedup-index", index, "--quiet", no_dac=True)
    assert again.returncode == 0, again.stderr
    assert "recovered: committed run " in again.stderr and "3 survivors" in again.stderr
    indexed = [row["id"] for f in sorted(index.glob("run-*.parquet")) for row in pq.read_table(f).to_pylist()]
    assert sorted(indexed) == sorted(a["id"] for a in read_table(out, "articles"))


# ---- T4: a quoted ~ ------------------------------------------------------------------------------


def test_a_quoted_tilde_is_the_home_folder_for_every_check_and_write(tmp_path):
    """Was: `--output '~/news out'` (a quoted ~, as in a cron line or a systemd unit) wrote the tables
    to `./~/news out` while the preflight checks and the report looked at `$HOME/news out`:
    'WARNING report.html not written: ... cannot read the Parquet files: /root/news out/...'."""
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    (home / "drop").mkdir(parents=True)
    cwd.mkdir()
    (home / "drop" / "a.jsonl").write_text("\n".join(_line(n) for n in range(2)) + "\n")
    proc = ingest("--input", "~/drop", "--output=~/news out", "--quiet", cwd=cwd, env={"HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr.lower(), proc.stderr
    assert list(cwd.iterdir()) == []  # no literal "~" folder
    out = home / "news out"
    assert len(read_table(out, "articles")) == 2 and (out / "report.html").exists()
    # and the checks see the same folder: an output inside the input is refused
    inside = ingest("--input", "~/drop", "--output", "~/drop/out", cwd=cwd, env={"HOME": str(home)})
    assert inside.returncode == 2 and "inside --input" in error_line(inside), inside.stderr


# ---- T5: a misplaced --http-cache ----------------------------------------------------------------


def test_a_misplaced_http_cache_is_refused_before_any_work(tmp_path, published):
    """Was: `--http-cache` naming a FILE failed mid-run with Beam's traceback (FileExistsError in
    'Fetch/FetchFeeds'); one inside an --input folder was accepted and its `*.http` entries were read
    as inputs by the next run (one unsupported_format row more per cached URL, night after night);
    one inside a published output made that output's next run refuse it."""
    import shutil

    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.jsonl").write_text(_line(0) + "\n")
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/none.html\n")
    a_file = tmp_path / "cache.txt"
    a_file.write_text("mine")
    out = tmp_path / "out"
    shutil.copytree(published, out)
    cases = [
        (a_file, "--http-cache {} is not a folder"),
        (drop / "cache", "--http-cache {} lies inside --input"),
        (out, "--http-cache {} is a folder this pipeline published"),
    ]
    for cache, expected in cases:
        proc = ingest("--input", drop, "--urls", urls, "--allow-hosts", "127.0.0.1", "--http-cache", cache,
                      "--output", tmp_path / "new-out", "--quiet")
        assert proc.returncode == 2, proc.stderr
        assert error_line(proc).startswith("error: " + expected.format(cache)), proc.stderr
    assert not (drop / "cache").exists() and a_file.read_text() == "mine" and not (tmp_path / "new-out").exists()
    # a glob that cannot reach the cache folder is no reason to refuse it
    ok = ingest("--input", drop / "*.jsonl", "--urls", urls, "--allow-hosts", "127.0.0.1", "--http-cache", drop / "cache",
                "--output", tmp_path / "new-out", "--quiet", "--no-report")
    assert ok.returncode == 0, ok.stderr


# ---- T7: config overlays a new user writes -----------------------------------------------------


def test_config_overlay_mistakes_get_a_line_naming_the_real_cause(tmp_path):
    """Was: `dedup:` left empty (its keys commented out) -> 'dedup.threshold is missing';
    `threshold: .nan` -> 'dedup.candidate_threshold must be in [0.05, threshold], got 0.4' (blaming
    another key); `max_input_bytes: 1e6` (text to YAML 1.1) -> 'must be an integer, got str'."""
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.jsonl").write_text(_line(0) + "\n")
    cases = {
        "read:\n  max_input_bytes: 1e6\n": "error: read.max_input_bytes must be an integer, got str ('1e6': YAML reads "
                                          "this exponent form as text; write its digits: 1000000)",
        "dedup:\n  threshold: .nan\n": "error: dedup.threshold must be a finite number, got nan",
        "fetch:\n  retries: '3'\n": "error: fetch.retries must be an integer, got str ('3': a quoted number is text "
                                    "in YAML; write it without quotes)",
    }
    for n, (text, expected) in enumerate(cases.items()):
        overlay = tmp_path / f"c{n}.yaml"
        overlay.write_text(text)
        proc = ingest("--input", drop, "--output", tmp_path / "out", "--config", overlay, "--quiet")
        assert proc.returncode == 2 and error_line(proc) == expected, proc.stderr
    proc = ingest("--input", drop, "--output", tmp_path / "out", "--config", drop, "--quiet")  # a folder, not a file
    assert proc.returncode == 2 and error_line(proc) == f"error: config file {drop} cannot be read: Is a directory", proc.stderr
    empty_section = tmp_path / "empty-section.yaml"
    empty_section.write_text("dedup:\n  # threshold: 0.9\nread:\n  formats:\n")
    proc = ingest("--input", drop, "--output", tmp_path / "out", "--config", empty_section, "--quiet", "--no-report")
    assert proc.returncode == 0, proc.stderr
    assert len(read_table(tmp_path / "out", "articles")) == 1


# ---- T8: a remote input without its filesystem's library ---------------------------------------


@pytest.mark.skipif(importlib.util.find_spec("boto3") is not None, reason="boto3 is installed: s3:// works here")
def test_an_s3_input_without_the_aws_extra_names_the_extra(tmp_path):
    """Was: 'error: nothing to read: no --input matched a file (1 rejected as no_such_input)' after
    the whole start-up, the row's detail 'no_such_input:BeamIOError' (Beam: 'Must provide one of
    client or options'): nothing said boto3 / apache-beam[aws] was missing."""
    proc = ingest("--input", "s3://my-bucket/news/*.jsonl", "--output", tmp_path / "out", "--quiet")
    assert proc.returncode == 2, proc.stderr
    assert error_line(proc) == ("error: --input s3://my-bucket/news/*.jsonl: the s3:// filesystem needs Beam's aws extra "
                                "(pip install 'apache-beam[aws]' into this environment; boto3 is missing)")
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.failed").exists()
