import datetime as dt
import json

import apache_beam as beam
import duckdb
import pyarrow.parquet as pq
import pytest
from apache_beam.testing.test_pipeline import TestPipeline

from transforms.records import ARTICLE_SCHEMA, DUPLICATE_SCHEMA, REJECTED_SCHEMA, Boilerplate, Document, Duplicate, Rejected
from pipelines.publish import publish_output
from transforms.write import (
    TABLES,
    ParquetPart,
    WriteOutputs,
    WriteTables,
    publish_parts,
    parse_published,
    summary_from_counts,
    to_article,
)


def test_parse_published_variants():
    utc = dt.timezone.utc
    assert parse_published("2021-07-27") == dt.datetime(2021, 7, 27, tzinfo=utc)
    assert parse_published("2021-07-27T10:00:00+02:00") == dt.datetime(2021, 7, 27, 8, tzinfo=utc)
    assert parse_published("2021-07-27T10:00:00Z") == dt.datetime(2021, 7, 27, 10, tzinfo=utc)
    assert parse_published("") is None and parse_published("last tuesday") is None


def test_to_article_sanitises_and_counts_words():
    doc = Document(
        id="a1", source="s", url="", format="text", text="one two\n\nthree\ud800", title="t\x00",
        published="2021-07-27", boilerplate=[Boilerplate("share prompt", "Share\x07")],
    )
    article = to_article(doc)
    assert article.text == "one two\n\nthree\ufffd" and article.title == "t"
    assert article.word_count == 3 and article.language == "und" and article.cluster_id == "a1"
    assert article.boilerplate == [Boilerplate("share prompt", "Share")]


def test_summary_identity_and_breakdowns():
    s = summary_from_counts([("inputs", 4), ("articles", 2), ("rejected", 1), ("duplicates", 1),
                             ("languages\x1far", 2), ("rejected_by_reason\x1fread:empty_file", 1)])
    assert s["accounted"] and s["languages"] == {"ar": 2}
    assert s["rejected_by_reason"] == {"read:empty_file": 1}
    assert not summary_from_counts([("inputs", 3), ("articles", 2)])["accounted"]


def test_parquet_round_trip_with_pyarrow_and_duckdb(tmp_path):
    docs = [
        Document(id="a1", source="s1", url="http://x/1", format="text", text="نص عربي هنا", title="عنوان",
                 language="ar", language_score=0.99, published="2021-07-27", authors=["A", "B"],
                 boilerplate=[Boilerplate("share prompt", "أنشرها:")], content_hash="h1"),
        Document(id="a2", source="s2", url="", format="text", text="bad string\x00", language="en"),
    ]
    dups = [Duplicate("d1", "s3", "", "a1", 0.93, "near")]
    rejected = [Rejected("r1", "s4", "read", "empty_file", "0 bytes")]
    staging = str(tmp_path / "stage")
    with TestPipeline() as p:
        d = p | "Docs" >> beam.Create(docs)
        articles = d | beam.Map(to_article)
        inputs = (d, p | "Dups0" >> beam.Create(dups), p | "Rej0" >> beam.Create(rejected)) | beam.Flatten()
        (inputs, articles, p | "Dups" >> beam.Create(dups), p | "Rej" >> beam.Create(rejected)) | WriteOutputs(staging)
    table = pq.read_table(str(tmp_path / "stage" / "articles"))
    assert table.schema.equals(ARTICLE_SCHEMA, check_metadata=False)
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows["a1"]["published"] == dt.datetime(2021, 7, 27, tzinfo=dt.timezone.utc)
    assert rows["a1"]["boilerplate"] == [{"kind": "share prompt", "text": "أنشرها:"}]
    assert rows["a2"]["text"] == "bad string" and rows["a2"]["published"] is None
    con = duckdb.connect()
    assert con.sql(f"select title, authors from '{staging}/articles/*.parquet' where id='a1'").fetchall() == [("عنوان", ["A", "B"])]
    assert con.sql(f"select duplicate_of, similarity from '{staging}/duplicates/*.parquet'").fetchall() == [("a1", 0.93)]
    assert con.sql(f"select stage, reason from '{staging}/rejected/*.parquet'").fetchall() == [("read", "empty_file")]
    summary = json.loads((tmp_path / "stage" / "summary.json").read_text("utf-8"))
    assert (summary["inputs"], summary["articles"], summary["duplicates"], summary["rejected"]) == (4, 2, 1, 1)
    assert summary["accounted"] and summary["boilerplate_by_kind"] == {"share prompt": 1}


def test_publish_replaces_the_folder_as_a_whole(tmp_path):
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    (out / "articles" / "part-00007-of-00009.parquet").write_text("stale")
    staging = tmp_path / "out.staging-1"
    (staging / "articles").mkdir(parents=True)
    (staging / "articles" / "part-00000-of-00001.parquet").write_text("new")
    publish_output(str(staging), str(out))
    assert [p.name for p in (out / "articles").iterdir()] == ["part-00000-of-00001.parquet"]
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _dup(i: int) -> Duplicate:
    return Duplicate(f"d{i}", f"s{i}", f"http://x/{i}", "a1", 0.9, "near")


def test_parquet_part_writes_row_groups_as_it_fills(tmp_path):
    path = str(tmp_path / "p.parquet")
    part = ParquetPart(path, DUPLICATE_SCHEMA, batch_rows=10, row_group_bytes=1)  # a row group per 10 rows
    for i in range(25):
        part.add(TABLES["duplicates"].to_row(_dup(i)))
    assert part.close() == path and part.rows == 25
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [10, 10, 5]
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_table(path).column("id").to_pylist() == [f"d{i}" for i in range(25)]


def test_publish_parts_moves_committed_parts_and_drops_failed_attempts(tmp_path):
    folder = tmp_path / "stage"
    parts = folder / ".parts"
    committed = []
    for n, rows in enumerate([[_dup(1), _dup(2)], [_dup(3)]]):
        part = ParquetPart(str(parts / f"duplicates-{n}.parquet"), DUPLICATE_SCHEMA)
        for r in rows:
            part.add(TABLES["duplicates"].to_row(r))
        committed.append(({"duplicates": part.close()}, {"duplicates": len(rows)}))
    failed = ParquetPart(str(parts / "duplicates-failed.parquet"), DUPLICATE_SCHEMA)  # a failed bundle attempt
    failed.add(TABLES["duplicates"].to_row(_dup(9)))
    failed.close()
    counts = publish_parts(str(folder), TABLES, committed + [({}, {"inputs": 4})])
    assert counts == {"duplicates": 3, "inputs": 4}
    assert sorted(p.name for p in (folder / "duplicates").iterdir()) == ["part-00000-of-00002.parquet", "part-00001-of-00002.parquet"]
    assert sorted(pq.read_table(str(folder / "duplicates")).column("id").to_pylist()) == ["d1", "d2", "d3"]
    assert not parts.exists()  # the failed attempt's part is gone with the folder
    for name, schema in (("articles", ARTICLE_SCHEMA), ("rejected", REJECTED_SCHEMA)):
        empty = pq.read_table(str(folder / name / "part-00000-of-00001.parquet"))
        assert empty.num_rows == 0 and empty.schema.equals(schema, check_metadata=False)
    # Run again after the move (a retried publish step): nothing is lost or renamed twice.
    assert publish_parts(str(folder), TABLES, committed)["duplicates"] == 3
    assert pq.read_table(str(folder / "duplicates")).num_rows == 3


def test_write_outputs_on_empty_inputs_still_writes_schemas_and_summary(tmp_path):
    staging = tmp_path / "stage"
    with TestPipeline() as p:
        none = lambda label: p | label >> beam.Create([])  # noqa: E731
        (none("In"), none("Art"), none("Dup"), none("Rej")) | WriteOutputs(str(staging))
    summary = json.loads((staging / "summary.json").read_text("utf-8"))
    assert (summary["inputs"], summary["articles"], summary["accounted"]) == (0, 0, True)
    for name in ("articles", "duplicates", "rejected"):
        assert pq.read_table(str(staging / name)).num_rows == 0
    assert sorted(p.name for p in staging.iterdir()) == ["articles", "duplicates", "rejected", "summary.json"]


def test_write_tables_on_two_workers_every_row_once_and_counted(tmp_path):
    """Multi-process DirectRunner: bundles in other processes write parts; all end up in place,
    once, and the returned counts cover every bundle (names that are no table only counted)."""
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.util import assert_that, equal_to

    folder = tmp_path / "stage"
    options = PipelineOptions(["--direct_running_mode=multi_processing", "--direct_num_workers=2"])
    with beam.Pipeline(options=options) as p:
        counts = (
            p
            | beam.Create([("duplicates", _dup(i)) for i in range(300)] + [("inputs", None)] * 7)
            | beam.Reshuffle()
            | WriteTables(str(folder), TABLES)
        )
        assert_that(counts, equal_to([{"duplicates": 300, "duplicates_by_method\x1fnear": 300, "inputs": 7}]))
    table = pq.read_table(str(folder / "duplicates"))
    assert sorted(table.column("id").to_pylist()) == sorted(f"d{i}" for i in range(300))
    assert not (folder / ".parts").exists()


def test_unparseable_published_is_null_in_parquet_and_counted_by_reason():
    from transforms.write import article_row, facets_of_article

    rows = []
    for value in ("2016/6/29 15:07:41", "June 2016", "next tuesday", ""):
        article = to_article(Document(id="a", source="s", url="", format="text", text="x y", published=value))
        rows.append((article_row(article)["published"], dict(facets_of_article(article))))
    assert rows[0][0] == dt.datetime(2016, 6, 29, 15, 7, 41, tzinfo=dt.timezone.utc)
    assert not any(k.startswith("published_unparsed") for k in rows[0][1])
    assert rows[1][0] is None and rows[1][1]["published_unparsed\x1fincomplete"] == 1
    assert rows[2][0] is None and rows[2][1]["published_unparsed\x1funparseable"] == 1
    assert rows[3][0] is None and not any(k.startswith("published_unparsed") for k in rows[3][1])
    summary = summary_from_counts([("inputs", 1), ("articles", 1), ("published_unparsed\x1fincomplete", 1)])
    assert summary["published_unparsed"] == {"incomplete": 1}


def test_read_summary_is_the_one_reader(tmp_path):
    from transforms.write import SummaryError, read_summary, write_summary

    write_summary(str(tmp_path), {"inputs": 2, "articles": 2})
    assert read_summary(str(tmp_path)) == {"inputs": 2, "articles": 2}
    assert read_summary(str(tmp_path / "absent"), missing_ok=True) == {}
    with pytest.raises(FileNotFoundError):
        read_summary(str(tmp_path / "absent"))
    (tmp_path / "summary-1.json").write_text("[1, 2]", "utf-8")
    (tmp_path / "summary-2.json").write_text("{not json", "utf-8")
    with pytest.raises(SummaryError, match="not a JSON object"):
        read_summary(str(tmp_path), "summary-1.json")
    with pytest.raises(SummaryError, match="cannot be read"):
        read_summary(str(tmp_path), "summary-2.json")
