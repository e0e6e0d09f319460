"""End-to-end runs of the real pipeline (DirectRunner) on the seeds and on broken input."""

import gzip
import json
import os
import re

import pytest

from pipelines.config import ConfigError
from tests.conftest import SEEDS, read_table


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_seeds_end_to_end(run_ingest, seeds_expected):
    out, summary = run_ingest(SEEDS)
    articles = {os.path.basename(r["source"]): r for r in read_table(out, "articles")}
    assert sorted(articles) == sorted(seeds_expected)
    assert (summary["inputs"], summary["articles"], summary["duplicates"], summary["rejected"]) == (5, 5, 0, 0)
    for name, expected in seeds_expected.items():
        article = articles[name]
        text = _ws(article["text"])
        for line in expected["body"]:
            assert _ws(line) in text, (name, line[:60])
        assert article["language"] == expected["language"]
        assert article["cluster_id"] == article["id"] and article["duplicate_count"] == 0
    on_disk = json.loads((out / "summary.json").read_text("utf-8"))
    assert on_disk["accounted"] and on_disk["languages"] == {"ar": 5}
    assert sorted(p.name for p in out.iterdir()) == ["articles", "duplicates", "rejected", "summary.json"]


def test_two_runs_give_identical_article_rows(run_ingest):
    out1, _ = run_ingest(SEEDS, name="one")
    out2, _ = run_ingest(SEEDS, name="two")
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(read_table(out1, "articles"), key=key) == sorted(read_table(out2, "articles"), key=key)


def test_broken_files_are_all_accounted_for(run_ingest, tmp_path):
    bad = tmp_path / "bad"
    (bad / "nested" / "deeper").mkdir(parents=True)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "random.html").write_bytes(os.urandom(4000))
    (bad / "photo.html").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(500))
    (bad / "zipped.html").write_bytes(gzip.compress(b"<p>hello</p>"))
    (bad / "data.csv").write_text("a,b\n1,2\n")
    arabic = "وقال المسؤول إن الحكومة ستعلن عن خطة جديدة لدعم الاقتصاد الوطني خلال الأسابيع المقبلة، مضيفا أن الخطة تشمل إجراءات عديدة لدعم الأسر."
    (bad / "nested" / "deeper" / "عربي 1256.txt").write_bytes(arabic.encode("cp1256"))
    good = {"url": "https://example.com/a", "title": "A headline", "text": "Markets rallied on Tuesday as investors welcomed the central bank decision to hold rates steady for another quarter, analysts said."}
    lines = [json.dumps(good), "{not json", json.dumps({"url": 3, "text": "x"}), json.dumps({"title": "no body"}), json.dumps(["list"])]
    (bad / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, summary = run_ingest(bad, tmp_path / "missing-*.txt")
    rejected = read_table(out, "rejected")
    articles = read_table(out, "articles")
    assert summary["inputs"] == 12  # 7 files + 5 JSONL lines ... minus the JSONL file itself, + 1 missing spec
    assert summary["inputs"] == summary["articles"] + summary["duplicates"] + summary["rejected"]
    reasons = sorted((os.path.basename(r["source"]), r["stage"], r["reason"]) for r in rejected)
    assert reasons == sorted(
        [
            ("empty.txt", "read", "empty_file"),
            ("random.html", "decode", "binary"),
            ("photo.html", "decode", "binary"),
            ("zipped.html", "decode", "binary"),
            ("data.csv", "read", "unsupported_format"),
            ("feed.jsonl#L2", "read", "invalid_json"),
            ("feed.jsonl#L3", "read", "invalid_field"),
            ("feed.jsonl#L4", "read", "missing_body"),
            ("feed.jsonl#L5", "read", "not_an_object"),
            ("missing-*.txt", "read", "no_such_input"),
        ]
    )
    by_source = {os.path.basename(a["source"]): a for a in articles}
    assert by_source["عربي 1256.txt"]["text"] == arabic and by_source["عربي 1256.txt"]["language"] == "ar"
    assert by_source["feed.jsonl#L1"]["title"] == "A headline" and by_source["feed.jsonl#L1"]["url"] == good["url"]


def test_a_failed_run_leaves_the_previous_output_intact(run_ingest, tmp_path):
    out, _ = run_ingest(SEEDS)
    before = sorted(p.name for p in (out / "articles").iterdir())
    bad_config = tmp_path / "bad.yaml"
    bad_config.write_text("extract:\n  max_text_chars: 5\n")
    with pytest.raises(ConfigError):
        run_ingest(SEEDS, extra=["--config", str(bad_config)])
    assert sorted(p.name for p in (out / "articles").iterdir()) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_missing_arguments_are_clear_errors(run_ingest):
    from pipelines import ingest

    with pytest.raises(ConfigError, match="--output"):
        ingest.run(["--input", str(SEEDS)])
    with pytest.raises(ConfigError, match="--input"):
        ingest.run(["--output", "/tmp/never-written"])
