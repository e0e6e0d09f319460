import json
import pathlib
import random
import subprocess
import sys

import apache_beam as beam
import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.config import ConfigError
from transforms import minhash
from transforms.dedup import (
    DropDuplicates,
    canonical_url,
    containment,
    content_hash,
    large_star,
    parse_settings,
    id_of_rank,
    rank_key,
    small_star,
    without_tracking,
)
from tests.conftest import BENCH, SHARED, require_shared
from transforms.dedup_index import (
    IndexIncompatibleError,
    check_index,
    commit_index,
    discard_index_staging,
    read_index_entries,
)
from transforms.records import Document
from transforms.textnorm import normalize_for_match, words

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CONFIG = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["dedup"]
TRACKING = CONFIG["tracking_params"]  # the one list: configs/default.yaml


def _params(**over):
    return parse_settings({**CONFIG, **over}).params


def _vocabulary(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n)]


WORDS = _vocabulary(1, 4000)


def _text(start: int, length: int) -> str:
    """A synthetic article: words start..start+length of a fixed random word stream."""
    return " ".join(WORDS[start : start + length])


# ---- pure functions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("HTTP://Example.COM:80/a/b/", "https://example.com/a/b"),
        ("https://example.com:443/a?utm_source=x&utm_medium=y&id=3#comments", "https://example.com/a?id=3"),
        ("https://example.com/a?fbclid=abc&b=2&a=1&gclid=z", "https://example.com/a?a=1&b=2"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://www.example.com/%7euser/x", "https://www.example.com/~user/x"),
        ("https://example.com", "https://example.com"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url, TRACKING) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://www.folha.example/cidades/ponte-1184532.html?utm_source=whatsapp&utm_medium=social&fbclid=PAAaZ3k9",
         "https://www.folha.example/cidades/ponte-1184532.html"),
        ("https://news.example/show.php?cid=12&id=3&gclid=z&mc_cid=a1&mc_eid=b2", "https://news.example/show.php?cid=12&id=3"),
        ("https://news.example/a?q=caf%C3%A9+au+lait&UTM_Campaign=x#comments", "https://news.example/a?q=caf%C3%A9+au+lait"),
        ("http://News.Example/a/b/?id=3", "http://News.Example/a/b/?id=3"),  # only trackers and fragment go
        ("https://app.example/#!/story/5", "https://app.example/#!/story/5"),
        # Matomo, AT Internet, Webtrekk, comScore, TikTok tags (the whole list: configs/default.yaml)
        ("https://www.zeitung.example/politik/artikel-123.html?wt_mc=sm.fb&xtor=RSS-1&mtm_campaign=nl&pk_kwd=x&ttclid=9",
         "https://www.zeitung.example/politik/artikel-123.html"),
        ("", ""),
    ],
)
def test_url_without_tracking_keeps_the_article_address(url, expected):
    assert without_tracking(url, TRACKING) == expected
    assert canonical_url(without_tracking(url, TRACKING), TRACKING) == canonical_url(url, TRACKING)  # same dedup key


def test_canonical_url_keeps_distinct_pages_apart():
    assert canonical_url("https://example.com/a?id=3", TRACKING) != canonical_url("https://example.com/a?id=4", TRACKING)
    assert canonical_url("https://example.com/a", TRACKING) != canonical_url("https://example.org/a", TRACKING)
    assert canonical_url("https://example.com/a/b", TRACKING) != canonical_url("https://example.com/a", TRACKING)


VOCALISED = "كَتَبَ الطَّالِبُ الدَّرْسَ فِي الْمَدْرَسَةِ الْكَبِيرَةِ"
PLAIN = "كتب الطالب الدرس في المدرسة الكبيرة"


def test_vocalised_arabic_shingles_stay_word_level():
    found = minhash.shingles(VOCALISED, size=1, mode="word")
    assert found == set(normalize_for_match(PLAIN).split())  # folded (ta marbuta -> ha), whole words
    assert all(len(s) > 1 for s in found)  # never shattered into letters
    assert minhash.shingles(VOCALISED, size=3) == minhash.shingles(PLAIN, size=3)


def test_orthographic_variants_give_identical_shingles():
    variant_a = "أعلنت الحكومة إنشاء مستشفى جديد في المدينة يوم الأحد، وقالت إن آلاف المرضى سيستفيدون"
    variant_b = "اعلنت الحكومـــة انشاء مستشفي جديد في المدينه يوم الاحد ، وقالت ان الاف المرضي سيستفيدون"
    assert minhash.shingles(variant_a, size=5) == minhash.shingles(variant_b, size=5)
    assert content_hash(variant_a) == content_hash(variant_b)
    assert content_hash(variant_a) != content_hash(variant_a + " اليوم")


def test_typographic_variants_give_identical_shingles():
    a = "“The minister said — in a statement — that talks will resume,” Reuters reported."
    b = '"The Minister said - in a statement - that talks will resume," Reuters reported.'
    assert minhash.shingles(a) == minhash.shingles(b)


def test_char_ngrams_for_chinese_and_words_for_devanagari():
    chinese = "中国国家主席今天在北京会见了来访的外国领导人"
    found = minhash.shingles(chinese, mode="auto", char_size=4)
    assert "中国国家" in found and len(found) == len(chinese) - 3
    assert minhash.shingles(chinese, mode="word") == {chinese}  # one "word": why char mode exists
    hindi = "भारत सरकार ने आज नई नीति की घोषणा की"
    assert words(normalize_for_match(hindi))[:2] == ["भारत", "सरकार"]
    assert minhash.shingles(hindi, size=2, mode="auto") == {"भारत सरकार", "सरकार ने", "ने आज", "आज नई", "नई नीति", "नीति की", "की घोषणा", "घोषणा की"}


def test_short_and_empty_texts():
    assert minhash.shingles("two words", size=5) == {"two words"}
    assert minhash.shingles("  ... ", size=5) == set()


def test_bands_derived_from_threshold():
    params = _params(containment=0, candidate_threshold=0.8)
    bands, rows = params.bands, params.rows
    assert bands * rows <= params.num_perm
    collide = lambda s: 1 - (1 - s**rows) ** bands  # noqa: E731
    assert collide(0.85) > 0.95 and collide(0.5) < 0.05
    assert _params(threshold=0.5, candidate_threshold=0.5).rows < rows  # a lower threshold needs fewer rows per band
    assert minhash.optimal_bands(0.8, 128, 0.5, 0.5)[0] < bands  # weighting recall adds bands


def test_bands_derived_from_candidate_threshold_catch_half_copies():
    """With containment on, a copy cut to half (Jaccard ~0.5) must become a candidate."""
    params = _params()
    collide = lambda s: 1 - (1 - s**params.rows) ** params.bands  # noqa: E731
    assert collide(0.5) > 0.95 and collide(0.1) < 0.05
    with pytest.raises(ConfigError):
        parse_settings({**CONFIG, "candidate_threshold": 0.9})  # above the threshold
    with pytest.raises(ConfigError):
        parse_settings({**CONFIG, "containment": 1.5})


def test_containment_from_jaccard_and_sizes():
    # B is the first half of A: |A & B| = |B| = 50, |A| = 100, Jaccard 0.5 -> containment 1
    assert containment(0.5, 100, 50) == pytest.approx(1.0)
    assert containment(0.5, 50, 100) == pytest.approx(1.0)
    # two texts of equal size sharing half their shingles: Jaccard 1/3 -> containment 0.5
    assert containment(1 / 3, 90, 90) == pytest.approx(0.5)
    assert containment(0.9, 0, 50) == 0.0  # unknown size (an earlier run's entry): no containment


@pytest.mark.parametrize("backend", minhash.BACKENDS)
def test_estimated_jaccard_tracks_true_jaccard(backend):
    a = minhash.shingles(_text(0, 300))
    b = minhash.shingles(_text(30, 300))
    true = len(a & b) / len(a | b)
    sigs = minhash.signatures([minhash.token_hashes(a), minhash.token_hashes(b)], 256, 3, backend)
    estimate = minhash.estimated_jaccard(minhash.to_bytes(sigs[0]), minhash.to_bytes(sigs[1]))
    assert abs(estimate - true) < 0.08


def test_signatures_are_the_same_in_another_process():
    params = _params()
    here = minhash.to_bytes(minhash.signature_of(PLAIN, params)).hex()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from transforms import minhash;"
        "from transforms.dedup import parse_settings; import yaml;"
        "c = yaml.safe_load(open(sys.argv[1] + '/configs/default.yaml'))['dedup'];"
        "print(minhash.to_bytes(minhash.signature_of(sys.argv[2], parse_settings(c).params)).hex())"
    )
    there = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), PLAIN], capture_output=True, text=True, check=True,
        env={"PYTHONHASHSEED": "123"},
    ).stdout.strip()
    assert here == there


def _components(edges: set[tuple[str, str]], rounds: int = 10) -> dict[str, str]:
    """Large-star / small-star in plain Python, as the Beam graph runs them."""
    for _ in range(rounds):
        nbrs: dict[str, set] = {}
        for a, b in edges:
            nbrs.setdefault(a, set()).add(b)
            nbrs.setdefault(b, set()).add(a)
        edges = {e for u, vs in nbrs.items() for e in large_star(u, vs)}
        smaller: dict[str, set] = {}
        for a, b in edges:
            lo, hi = min(a, b), max(a, b)
            smaller.setdefault(hi, set()).add(lo)
        edges = {e for u, vs in smaller.items() for e in small_star(u, vs)}
    return {b: a for a, b in edges}


def test_star_rounds_find_connected_components():
    rng = random.Random(5)
    nodes = [f"n{i:03d}" for i in range(200)]
    edges = {tuple(sorted(rng.sample(nodes, 2))) for _ in range(150)}
    edges |= {(f"c{i:03d}", f"c{i + 1:03d}") for i in range(60)}  # a long chain
    parent = {n: n for n in nodes + [f"c{i:03d}" for i in range(61)]}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    roots = _components(edges)
    for node in parent:
        assert roots.get(node, node) == find(node)


def _union_find_roots(edges) -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return {n: find(n) for n in parent if find(n) != n}


@pytest.mark.parametrize("rounds", [8, 2])
def test_components_transform_matches_union_find(rounds):
    """The Beam graph of the star rounds (and, with too few rounds, its repair and counter)."""
    from transforms.dedup import _ConnectComponents

    rng = random.Random(11)
    nodes = [f"n{i:03d}" for i in range(300)]
    edges = {tuple(sorted(rng.sample(nodes, 2))) for _ in range(220)}
    edges |= {(f"c{i:03d}", f"c{i + 1:03d}") for i in range(40)}  # a chain, numbered in order
    order = rng.sample(range(40), 40)
    edges |= {(f"r{min(a, b):03d}", f"r{max(a, b):03d}") for a, b in zip(order, order[1:])}  # a chain in random order
    expected = _union_find_roots(edges)
    p = TestPipeline()
    roots = p | beam.Create(sorted(edges)) | _ConnectComponents(rounds)
    if rounds == 8:
        assert_that(roots, equal_to(sorted(expected.items())))
    result = p.run()
    result.wait_until_finish()
    unconverged = result.metrics().query(MetricsFilter().with_name("cc_unconverged"))["counters"]
    assert (sum(c.committed for c in unconverged) > 0) == (rounds == 2)


def test_rank_orders_survivors():
    early = rank_key("z", "2024-01-01", 10)
    late = rank_key("a", "2024-01-01T05:00:00+03:00", 10_000)  # 02:00 UTC: later than midnight
    unknown = rank_key("a", "", 10_000)
    assert early < late < unknown
    assert rank_key("b", "", 500) < rank_key("a", "", 400)  # longer text first
    assert rank_key("a", "", 400) < rank_key("b", "", 400)  # then the smaller id
    assert rank_key("z", "", 1, indexed=True) < early
    # a tie on date and length: the input a user listed first (natural order), then the id
    assert rank_key("z", "", 400, source="in/copy-2.txt") < rank_key("a", "", 400, source="in/copy-10.txt")
    assert rank_key("z", "", 400, source="d.jsonl#L3") < rank_key("a", "", 400, source="d.jsonl#L12")
    assert rank_key("a", "", 400, source="x") < rank_key("b", "", 400, source="x")
    assert id_of_rank(rank_key("id-1", "2024-01-01", 9, source="in/a 2.html")) == "id-1"


# A short Ukrainian news item (written for this test): three paragraphs, 59 words.
_SHORT_UK = [
    "У Харкові в суботу відкрили після ремонту пішохідний міст через річку Лопань, який був "
    "закритий майже три роки, повідомили в міській адміністрації.",
    "Ремонтники замінили всі прогони та настил, встановили нове освітлення і пандуси для людей "
    "на візках та батьків з дитячими колясками.",
    "Роботи коштували близько сорока мільйонів гривень, частину суми надали міжнародні партнери "
    "міста в межах програми відновлення інфраструктури.",
]


def test_exact_copies_with_nothing_to_tell_them_apart_keep_the_input_listed_first():
    """Two undated inputs with the same text: the survivor is the one a user listed first
    (``src/page-2.html`` before ``src/page-10.txt``), not the one whose id happens to be smaller."""
    text = "\n".join(_SHORT_UK)
    docs = [
        _doc("ffff-first", text, source="src/page-2.html"),
        _doc("0000-second", text, source="src/page-10.txt"),
    ]
    _execute(docs, expect_kept=[("ffff-first", "ffff-first", 1, True)],
             expect_dups=[("0000-second", "ffff-first", "exact")])


def test_a_short_item_cut_to_its_first_two_paragraphs_is_a_duplicate():
    """A 59-word item republished as its first two paragraphs (42 words, 38 shingles: every one in
    the full item, Jaccard 0.69) is a duplicate (``containment_min_shingles`` 25); one sentence of
    it (under 25 shingles) is never a copy by the containment rule."""
    full = "\n".join(_SHORT_UK)
    docs = [
        _doc("full", full, published="2026-03-12T10:20:00Z"),
        _doc("cut", "\n".join(_SHORT_UK[:2]), published="2026-03-12T13:00:00Z"),
        _doc("line", _SHORT_UK[1], published="2026-03-12T14:00:00Z"),
    ]
    _execute(docs, expect_kept=[("full", "full", 1, True), ("line", "line", 0, True)],
             expect_dups=[("cut", "full", "near")])


@pytest.mark.parametrize(
    "override",
    [{"threshold": 1.5}, {"num_perm": 8}, {"bands": 4}, {"bands": 64, "rows": 4}, {"backend": "md5"}, {"shingle_mode": "x"}],
)
def test_bad_config_is_refused(override):
    with pytest.raises(ConfigError):
        DropDuplicates({**CONFIG, **override})


# ---- the composite -------------------------------------------------------------------------------


def _doc(doc_id, text, url="", published="", source=None):
    return Document(id=doc_id, source=source or f"src/{doc_id}", url=url, format="text", text=text,
                    published=published, language="ar")


def _seed_texts():
    return [p.read_text("utf-8") for p in SEEDS]


def _paragraphs(text):
    return [line for line in text.splitlines() if line.strip()]


def _variant(text):
    """Arabic orthographic variants, tatweel, diacritics and typography: what republishers change."""
    table = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "،": ","})
    return text.translate(table).replace("الله", "اللـــه").replace("في ", "فِي ")


def _execute(docs, config=CONFIG, index_dir=None, expect_kept=None, expect_dups=None):
    transform = DropDuplicates(config, index_dir=index_dir)
    p = TestPipeline()
    kept, dups = p | beam.Create(docs) | transform
    kept_rows = kept | "KeptRows" >> beam.Map(lambda d: (d.id, d.cluster_id, d.duplicate_count, bool(d.content_hash)))
    dup_rows = dups | "DupRows" >> beam.Map(lambda d: (d.id, d.duplicate_of, d.method))
    assert_that(kept_rows, equal_to(expect_kept), label="CheckKept")
    assert_that(dup_rows, equal_to(expect_dups), label="CheckDuplicates")
    result = p.run()
    result.wait_until_finish()
    counters = {
        r.key.metric.name: r.committed
        for r in result.metrics().query(MetricsFilter().with_namespace("news.dedup"))["counters"]
    }
    return transform, counters


def test_drops_url_exact_and_near_duplicates():
    s = _seed_texts()
    paras = _paragraphs(s[0])
    docs = [_doc(f"seed{i}", t, url=f"https://news.example/{i}", published=f"2021-07-2{i}") for i, t in enumerate(s)]
    docs += [
        # same page, other spelling of its URL, later copy with a changed text
        _doc("url0", s[0] + "\nتحديث", url="HTTP://News.Example:80/0/?utm_source=tw&fbclid=1#top", published="2021-07-29"),
        # the same text, typographic and orthographic changes only
        _doc("exact1", _variant(s[1]), url="https://other.example/x", published="2021-07-29"),
        # republished: one paragraph dropped, a local intro added, Arabic orthographic variants
        _doc("near2", "نقلا عن وكالات الأنباء، ننشر لكم هذا الخبر المهم اليوم.\n"
             + "\n".join(_paragraphs(_variant(s[2]))[:-1]), published="2021-07-29"),
        _doc("near0", "\n".join(paras[:5] + paras[6:]), published="2021-07-30"),
    ]
    _, counters = _execute(
        docs,
        expect_kept=[("seed0", "seed0", 2, True), ("seed1", "seed1", 1, True), ("seed2", "seed2", 1, True),
                     ("seed3", "seed3", 0, True), ("seed4", "seed4", 0, True)],
        expect_dups=[("url0", "seed0", "url"), ("exact1", "seed1", "exact"), ("near2", "seed2", "near"),
                     ("near0", "seed0", "near")],
    )
    assert counters["filtered:url"] == 1 and counters["filtered:exact"] == 1 and counters["filtered:near"] == 2


def test_transitive_chain_is_one_cluster_with_the_earliest_survivor():
    # 5-word shingles, 200 words shifted by 14: J(A,B) = J(B,C) ~ 0.87, J(A,C) ~ 0.75 (below 0.8)
    a, b, c = _text(0, 200), _text(14, 200), _text(28, 200)
    docs = [_doc("A", a, published="2024-03-02"), _doc("B", b, published="2024-03-03"), _doc("C", c, published="2024-03-01"),
            _doc("X", _text(1000, 200), published="2024-03-01")]
    transform = DropDuplicates(CONFIG)
    p = TestPipeline()
    kept, dups = p | beam.Create(docs) | transform
    assert_that(kept | "K" >> beam.Map(lambda d: (d.id, d.cluster_id, d.duplicate_count)),
                equal_to([("C", "C", 2), ("X", "X", 0)]), label="CheckKept")
    assert_that(dups | "D" >> beam.Map(lambda d: (d.id, d.duplicate_of, d.method, d.similarity < 0.8)),
                equal_to([("A", "C", "near", True), ("B", "C", "near", False)]), label="CheckDuplicates")
    p.run().wait_until_finish()


def test_hard_negatives_stay_apart():
    s = _seed_texts()
    header = "موقع الأخبار العربية | الرئيسية | سياسة | اقتصاد | رياضة | اشترك في النشرة البريدية لتصلك آخر الأخبار"
    footer = "جميع الحقوق محفوظة لموقع الأخبار العربية. يمنع نسخ المحتوى أو إعادة نشره دون إذن مسبق من إدارة التحرير"
    docs = [_doc(f"tpl{i}", f"{header}\n{_paragraphs(t)[1]}\n{_paragraphs(t)[2]}\n{footer}") for i, t in enumerate(s)]
    docs += [_doc(f"seed{i}", t) for i, t in enumerate(s)]
    expect = [(d.id, d.id, 0, True) for d in docs]
    _execute(docs, expect_kept=expect, expect_dups=[])


def test_cross_run_index(tmp_path):
    index = str(tmp_path / "index")
    base, other, fresh = _text(0, 300), _text(500, 300), _text(2000, 300)
    run1 = [_doc("A", base, published="2024-01-01"), _doc("A-copy", _text(5, 300), published="2024-01-02"),
            _doc("B", other, published="2024-01-01")]
    expect1 = ([("A", "A", 1, True), ("B", "B", 0, True)], [("A-copy", "A", "near")])
    first, counters = _execute(run1, index_dir=index, expect_kept=expect1[0], expect_dups=expect1[1])
    assert commit_index(index, first.staging_dir) == 2
    assert commit_index(index, first.staging_dir) == 0  # a second commit is harmless
    # the one index reader (shared with stream dedup) gives the survivors' rows back
    files = check_index(index, _params())
    entries = sorted((e for f in files for e in read_index_entries(f)), key=lambda e: e.id)
    assert [(e.id, e.published, e.text_length, len(e.signature)) for e in entries] == [
        ("A", "2024-01-01T00:00:00", len(base), 4 * CONFIG["num_perm"]),
        ("B", "2024-01-01T00:00:00", len(other), 4 * CONFIG["num_perm"]),
    ]

    # run 2: a republished copy of A (dropped against the index), a new story (kept and indexed)
    run2 = [_doc("A-later", _text(3, 300), published="2024-02-01"), _doc("N", fresh, published="2024-02-01")]
    second, counters = _execute(run2, index_dir=index, expect_kept=[("N", "N", 0, True)],
                                expect_dups=[("A-later", "A", "index")])
    assert counters["filtered:index"] == 1
    assert commit_index(index, second.staging_dir) == 1

    # rerun of run 1: the same rows, nothing new to index
    again, _ = _execute(run1, index_dir=index, expect_kept=expect1[0], expect_dups=expect1[1])
    assert commit_index(index, again.staging_dir) == 0

    # a failed run's staging is discarded: the index is unchanged
    failed = DropDuplicates(CONFIG, index_dir=index, staging_dir=str(tmp_path / "staging-failed"))
    (tmp_path / "staging-failed").mkdir()
    discard_index_staging(failed.staging_dir)
    assert not (tmp_path / "staging-failed").exists()
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == sorted(
        ["_params.json", "_staging"] + [f"run-{pathlib.PurePath(t.staging_dir).name}.parquet" for t in (first, second)]
    )

    with pytest.raises(IndexIncompatibleError, match="num_perm"):
        DropDuplicates({**CONFIG, "num_perm": 64}, index_dir=index)
    with pytest.raises(IndexIncompatibleError, match="shingle_size"):
        DropDuplicates({**CONFIG, "shingle_size": 3}, index_dir=index)


def _index_keys(index):
    return sorted((e.id, e.content_hash) for f in check_index(index, _params()) for e in read_index_entries(f))


def test_an_article_overwritten_in_place_keeps_its_earlier_text_in_the_index(tmp_path):
    """trial-6 D6: ids come from paths, so a file overwritten with another story keeps its id. Its
    earlier text stays an index entry (a copy of it under another name is an ``index`` duplicate),
    its new text is indexed too (a copy of that is a duplicate the run after), and it is never a
    duplicate of itself; a rerun with nothing changed gives the same rows and indexes nothing."""
    index = str(tmp_path / "index")
    old, other = _text(0, 300), _text(2000, 300)
    new = _text(1000, 300)[: len(old)].ljust(len(old), "z")  # same length: a's rank string as before
    first, _ = _execute([_doc("a", old, published="2024-01-01"), _doc("c", other, published="2024-01-01")],
                        index_dir=index, expect_kept=[("a", "a", 0, True), ("c", "c", 0, True)], expect_dups=[])
    assert commit_index(index, first.staging_dir) == 2
    h_old, h_new = content_hash(old), content_hash(new)
    # night 2: a.html holds a new story, b.html yesterday's a.html (same published date and length:
    # the earlier entry's rank and a's can be the same string)
    run2 = [_doc("a", new, published="2024-01-01"), _doc("b", old, published="2024-01-01"),
            _doc("c", other, published="2024-01-01")]
    second, counters = _execute(run2, index_dir=index, expect_kept=[("a", "a", 0, True), ("c", "c", 0, True)],
                                expect_dups=[("b", "a", "index")])
    assert counters["filtered:index"] == 1
    assert commit_index(index, second.staging_dir) == 1  # a's new text; c unchanged: not again
    assert _index_keys(index) == sorted([("a", h_old), ("a", h_new), ("c", content_hash(other))])
    # the same night again: the same rows, nothing indexed twice
    again, _ = _execute(run2, index_dir=index, expect_kept=[("a", "a", 0, True), ("c", "c", 0, True)],
                        expect_dups=[("b", "a", "index")])
    assert commit_index(index, again.staging_dir) == 0
    # night 3: the new story under another name (a.html gone) is a duplicate of what a held on night 2;
    # a's two entries have one rank but for their texts: two nodes
    third, counters = _execute([_doc("d", new, published="2024-01-02"), _doc("b", old, published="2024-01-01")],
                               index_dir=index, expect_kept=[], expect_dups=[("d", "a", "index"), ("b", "a", "index")])
    assert counters["filtered:index"] == 2
    assert commit_index(index, third.staging_dir) == 0
    # an extraction change (a's text slightly other, the same story): a is kept, never a duplicate
    # of its own earlier text, and that text is indexed as a third entry of a
    edited = new + " updated at noon"
    fourth, _ = _execute([_doc("a", edited, published="2024-01-01")], index_dir=index,
                         expect_kept=[("a", "a", 0, True)], expect_dups=[])
    assert commit_index(index, fourth.staging_dir) == 1
    assert [k for k in _index_keys(index) if k[0] == "a"] == sorted(
        [("a", h_old), ("a", h_new), ("a", content_hash(edited))])


def test_oversized_bucket_is_capped_and_counted():
    # 12 identical-but-for-one-word texts: every band shared; a bucket cap of 4 keeps pairs linear
    docs = [_doc(f"d{i:02d}", _text(0, 120) + f" tail{i:02d}", published="2024-01-01") for i in range(12)]
    _, counters = _execute(
        docs, config={**CONFIG, "max_bucket_size": 4},
        expect_kept=[("d00", "d00", 11, True)],
        expect_dups=[(f"d{i:02d}", "d00", "near") for i in range(1, 12)],
    )
    assert counters["oversized_buckets"] >= 1


def _aeb_bodies(n, min_words=400):
    folder = require_shared(BENCH / "extraction-aeb" / "gt_txt")
    bodies = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    return [b for b in bodies if len(b.split()) >= min_words][:n]


def _cut(text, share):
    paras = _paragraphs(text)
    total, out, words_so_far = sum(len(p.split()) for p in paras), [], 0
    for para in paras:
        if words_so_far >= share * total:
            break
        out.append(para)
        words_so_far += len(para.split())
    return "\n".join(out)


def test_shorter_copies_are_duplicates_and_teasers_in_one_template_are_not():
    """A copy cut to its first half (or 60%, or its second half) is a duplicate of the full text
    (nearly all of its shingles are in it); a short teaser of another story inside the same site
    template as a full article is not."""
    a, b, c, d = _aeb_bodies(4)
    header = "Home | World | Politics | Business | Tech | Sport | Subscribe to our newsletter for the latest headlines"
    footer = ("Share this article on Facebook, Twitter and WhatsApp. Copyright 2024 Daily Courier Media Group. "
              "All rights reserved. This material may not be published, broadcast, rewritten or redistributed.")
    docs = [
        _doc("A", a, published="2024-03-01"),
        _doc("A-half", _cut(a, 0.5), published="2024-03-02"),
        _doc("B", b, published="2024-03-01"),
        _doc("B-60", "Our correspondent reports from the capital.\n" + _cut(b, 0.6), published="2024-03-02"),
        _doc("B-tail", "\n".join(_paragraphs(b)[len(_paragraphs(b)) // 2 :]), published="2024-03-03"),
        _doc("D-site", f"{header}\n{d}\n{footer}", published="2024-03-01"),
        _doc("C-teaser", f"{header}\n{' '.join(c.split()[:60])}\n{footer}", published="2024-03-02"),
    ]
    _execute(
        docs,
        expect_kept=[("A", "A", 1, True), ("B", "B", 2, True), ("D-site", "D-site", 0, True),
                     ("C-teaser", "C-teaser", 0, True)],
        expect_dups=[("A-half", "A", "near"), ("B-60", "B", "near"), ("B-tail", "B", "near")],
    )


def test_truncated_case_is_a_duplicate_of_the_full_story():
    """shared/cases 17_truncated.jsonl: line 2 republishes line 1 cut to its first half."""
    path = require_shared(SHARED / "cases" / "in" / "17_truncated.jsonl")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    docs = [_doc(f"L{i + 1}", r["text"], url=r["url"], published=r["published"]) for i, r in enumerate(rows)]
    _execute(docs, expect_kept=[("L1", "L1", 1, True)], expect_dups=[("L2", "L1", "near")])


def test_trimmed_copy_in_a_later_run_is_a_duplicate_of_the_indexed_full_article(tmp_path):
    """The index stores each survivor's shingle count, so the containment rule applies across runs:
    run 2's copy cut to its first half is a duplicate of run 1's full article (Jaccard ~0.5 alone
    would keep it), while run 2's teaser of another story in the same site template stays."""
    index = str(tmp_path / "index")
    a, b, c = _aeb_bodies(3)
    header = "Home | World | Politics | Business | Tech | Sport | Subscribe to our newsletter for the latest headlines"
    footer = ("Share this article on Facebook, Twitter and WhatsApp. Copyright 2024 Daily Courier Media Group. "
              "All rights reserved. This material may not be published, broadcast, rewritten or redistributed.")
    first, _ = _execute([_doc("A", a, published="2024-03-01"), _doc("B", f"{header}\n{b}\n{footer}", published="2024-03-01")],
                        index_dir=index, expect_kept=[("A", "A", 0, True), ("B", "B", 0, True)], expect_dups=[])
    assert commit_index(index, first.staging_dir) == 2
    entries = {e.id: e for f in check_index(index, _params()) for e in read_index_entries(f)}
    assert entries["A"].shingles > 100 and entries["B"].shingles > entries["A"].shingles // 10
    run2 = [
        _doc("A-half", _cut(a, 0.5), published="2024-03-05"),
        _doc("C-teaser", f"{header}\n{' '.join(c.split()[:60])}\n{footer}", published="2024-03-05"),
    ]
    second, counters = _execute(run2, index_dir=index, expect_kept=[("C-teaser", "C-teaser", 0, True)],
                                expect_dups=[("A-half", "A", "index")])
    assert counters["filtered:index"] == 1


def test_index_files_without_a_shingle_count_are_still_read(tmp_path):
    """Index files written before the ``shingles`` column existed read with shingles 0 (Jaccard only)."""
    index = tmp_path / "index"
    first, _ = _execute([_doc("A", _text(0, 300), published="2024-01-01")], index_dir=str(index),
                        expect_kept=[("A", "A", 0, True)], expect_dups=[])
    commit_index(str(index), first.staging_dir)
    (path,) = index.glob("run-*.parquet")
    table = pq.read_table(path)
    pq.write_table(table.drop(["shingles"]), path)
    (entry,) = read_index_entries(str(path))
    assert entry.id == "A" and entry.shingles == 0 and entry.signature
    _execute([_doc("A-later", _text(3, 300), published="2024-02-01")], index_dir=str(index), expect_kept=[],
             expect_dups=[("A-later", "A", "index")])


def test_url_duplicates_carry_the_texts_similarity():
    """A URL duplicate's ``similarity`` is the estimated Jaccard of its text and the survivor's,
    as for the other methods: high for an updated copy, near 0 when the address carried another
    story (the user's trial read a bare 0.0 as 'not computed')."""
    a, b = _aeb_bodies(2)
    paras = _paragraphs(a)
    docs = [
        _doc("A", a, url="https://news.example/story", published="2024-03-01"),
        _doc("A-update", "\n".join(paras + ["Update: the council answered on Friday."]),
             url="https://news.example/story?utm_source=feed", published="2024-03-02"),
        _doc("A-replaced", b, url="https://news.example/story#top", published="2024-03-03"),
    ]
    p = TestPipeline()
    _kept, dups = p | beam.Create(docs) | DropDuplicates(CONFIG)
    sigs = dict(zip(["A", "A-update", "A-replaced"], minhash.sign_texts([d.text for d in docs], _params())))

    def check(rows):
        got = {r.id: r for r in rows}
        assert set(got) == {"A-update", "A-replaced"} and {r.method for r in rows} == {"url"}
        for doc_id, row in got.items():
            assert row.similarity == pytest.approx(minhash.estimated_jaccard(sigs[doc_id], sigs["A"]), abs=1e-6)
        assert got["A-update"].similarity > 0.9 and got["A-replaced"].similarity < 0.1

    assert_that(dups, check)
    p.run().wait_until_finish()


def test_fold_marks_drops_the_accents_of_latin_greek_and_cyrillic_letters_only():
    fold = minhash.fold_marks
    assert fold("zażółć gęślą jaźń") == "zazołc gesla jazn"  # ł is a letter of its own, not l + mark
    assert fold("việt nam đổi mới") == "viet nam đoi moi"
    assert fold("ελληνικά νέα") == "ελληνικα νεα"
    assert fold("йогурт ёлка") == "иогурт елка"
    for kept in ("हिन्दी समाचार", "שָׁלוֹם", "ภาษาไทย", "plain ascii"):  # other scripts' marks are spelling
        assert fold(kept) == kept


def test_a_copy_stripped_of_its_accents_is_a_near_duplicate_only_with_fold_marks():
    # a Polish and a French report republished by a plain-ASCII feed: every accent gone
    import unicodedata

    def strip(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))

    originals = [
        "Władze miasta ogłosiły w środę, że remont zabytkowego mostu na Wiśle potrwa dłużej, niż "
        "zakładano. Według urzędników prace zakończą się dopiero jesienią przyszłego roku, a koszt "
        "inwestycji wzrośnie o prawie dwadzieścia procent. Mieszkańcy skarżą się na korki i objazdy, "
        "które wydłużają dojazd do centrum nawet o pół godziny. Wykonawca tłumaczy opóźnienie "
        "koniecznością wymiany zniszczonych filarów, których stan okazał się gorszy, niż pokazywały "
        "wcześniejsze ekspertyzy techniczne.",
        "Le conseil régional a annoncé mercredi l'ouverture d'une nouvelle ligne de train entre "
        "Rennes et Brest, très attendue par les élus et les usagers. Selon le président de la "
        "région, les premiers trains circuleront dès l'été prochain, avec une fréquence accrue aux "
        "heures de pointe. Les associations d'usagers saluent une décision qu'elles réclamaient "
        "depuis des années, mais s'inquiètent du prix des billets et de la fiabilité du matériel.",
    ]
    for folded in (True, False):
        params = _params(fold_marks=folded)
        for text in originals:
            a, b = minhash.sign_texts([text, strip(text)], params)
            jaccard = minhash.estimated_jaccard(a, b)
            if folded:
                assert jaccard == 1.0
            else:
                assert jaccard < CONFIG["threshold"]


def test_an_index_written_before_fold_marks_is_refused_with_the_setting_to_use(tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    recorded = _params(fold_marks=False).describe()
    del recorded["fold_marks"]  # an index of an earlier version: the key did not exist
    (index / "_params.json").write_text(json.dumps(recorded))
    assert check_index(str(index), _params(fold_marks=False)) == []
    with pytest.raises(IndexIncompatibleError, match="fold_marks: false"):
        check_index(str(index), _params(fold_marks=True))
