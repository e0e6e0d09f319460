import typing

import apache_beam as beam
import pyarrow as pa
import pytest

from transforms import records
from transforms.records import ARTICLE_SCHEMA, Article, Boilerplate, Document, Duplicate, Rejected


def test_schemas_match_record_fields_in_order():
    for record, schema in (
        (Article, records.ARTICLE_SCHEMA),
        (Duplicate, records.DUPLICATE_SCHEMA),
        (Rejected, records.REJECTED_SCHEMA),
        (records.IndexEntry, records.INDEX_SCHEMA),
        (records.Event, records.EVENT_SCHEMA),
        (records.EventIndexEntry, records.EVENT_INDEX_SCHEMA),
    ):
        assert schema.names == list(record._fields)


def test_article_schema_types():
    assert ARTICLE_SCHEMA.field("published").type == pa.timestamp("us", tz="UTC")
    assert ARTICLE_SCHEMA.field("boilerplate").type == pa.list_(
        pa.struct([("kind", pa.string()), ("text", pa.string())])
    )
    assert ARTICLE_SCHEMA.field("word_count").type == pa.int64()
    assert not ARTICLE_SCHEMA.field("id").nullable
    hints = typing.get_type_hints(Article)
    assert hints["authors"] == typing.List[str]


def test_index_schema_types():
    schema = records.INDEX_SCHEMA
    assert schema.field("signature").type == pa.binary()
    assert schema.field("text_length").type == pa.int64()
    assert not schema.field("id").nullable and schema.field("source").nullable


def test_row_coder_round_trip_of_a_document():
    coder = beam.coders.registry.get_coder(Document)
    assert isinstance(coder, beam.coders.RowCoder)
    doc = Document(
        id="x", source="s", url="u", format="html", raw=b"\x00\xff", title="عنوان",
        authors=["a", "b"], boilerplate=[Boilerplate("share prompt", "شارك")], language_score=0.5,
    )
    assert coder.decode(coder.encode(doc)) == doc


def test_stable_id_depends_only_on_identity():
    assert records.stable_id("a", "1") == records.stable_id("a", "1")
    assert records.stable_id("a", "1") != records.stable_id("a1")


def test_is_html_is_declared_for_every_format_and_refuses_unknown_ones():
    def doc(fmt):
        return Document(id="x", source="s", url="", format=fmt)

    assert [records.is_html(doc(f)) for f in ("html", "jsonl-html", "text", "jsonl-text")] == [True, True, False, False]
    with pytest.raises(ValueError, match="unknown document format 'warc'"):
        records.is_html(doc("warc"))
