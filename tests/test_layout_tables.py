"""Layout tables (transforms/htmltext.py ``is_layout_table``, ``unwrap_layout_tables``): a page whose
template is a <table> of <table>s gives its article as paragraphs, not as "| cell |" rows; a data
table inside it stays a table. Pages in tests/fixtures/layout-tables, written for these tests in
the styles of 2000s news sites (Russian, Chinese: nested tables and <br><br> paragraphs; Polish: a
data table with a caption inside the article cell; Greek: <p> paragraphs in a layout cell)."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.utils import load_html

from pipelines.config import load_config
from transforms.htmltext import extract_html, is_layout_table, unwrap_layout_tables

PAGES = Path(__file__).parent / "fixtures" / "layout-tables"

# page, paragraphs of the article (each must come out as one paragraph of the text), furniture
# that must not be in the text
CASES = [
    ("ru-table-of-tables.html",
     ["Городская администрация объявила, что с первого апреля движение по старому мосту через реку Сару будет полностью закрыто.",
      "Жители Заречья просят пустить на время ремонта бесплатный паром.",
      "Смета ремонта составляет 214 миллионов рублей, две трети этой суммы выделит областной бюджет."],
     ["Архив номеров", "Трамвайное депо продадут с торгов", "Подписка на газету"]),
    ("zh-portal-tables.html",
     ["本报讯　市政府昨天召开新闻发布会，宣布老城区改造工程正式启动。",
      "对于居民关心的补偿问题，负责人表示，补偿标准将参照周边新建商品房的市场价格确定",
      "按照计划，整个改造工程将在三年内完成，总投资约六十亿元。"],
     ["地铁二号线下月试运行", "江城机场新航站楼封顶", "首页 | 新闻"]),
    ("pl-data-table-in-layout.html",
     ["Punkty skupu w powiecie płockim płacą za pszenicę konsumpcyjną średnio o siedem procent więcej niż przed miesiącem.",
      "Według analityków wzrost cen to skutek słabszych zbiorów na Ukrainie i rosnącego popytu ze strony młynów.",
      "Izba rolnicza radzi jednak, by nie sprzedawać całych zapasów naraz, bo w maju na rynek może trafić tańsze zboże z importu."],
     ["Strona główna", "Ogłoszenia"]),
    ("el-table-layout.html",
     ["Σε δημόσια διαβούλευση τέθηκε από τη Δευτέρα το σχέδιο διαχείρισης των υδάτων της λεκάνης του Πηνειού",
      "Οι αγροτικοί σύλλογοι της Λάρισας ζητούν παράταση της διαβούλευσης"],
     ["Νίκη της ΑΕΛ στο ντέρμπι", "Λάρισα 12°C"]),
]


def _paragraph_holding(text: str, sentence: str) -> str:
    return next((p for p in text.split("\n\n") if sentence in p), "")


@pytest.mark.parametrize("name,body,furniture", CASES, ids=[c[0] for c in CASES])
def test_a_table_layout_page_gives_its_article_as_paragraphs(name, body, furniture):
    options = load_config()["extract"]
    assert options["unwrap_layout_tables"]  # the default config
    found = extract_html((PAGES / name).read_text(encoding="utf-8"), "", options)
    for sentence in body:
        paragraph = _paragraph_holding(found.text, sentence)
        assert paragraph, (sentence, found.text[:500])
        assert not paragraph.startswith("|"), paragraph[:200]  # a paragraph, not a table row
    # one article paragraph per paragraph: the first and the last sentence are not glued together
    assert _paragraph_holding(found.text, body[0]) != _paragraph_holding(found.text, body[-1])
    for line in furniture:
        assert line not in found.text, line


def test_a_data_table_inside_a_layout_table_stays_a_table():
    options = load_config()["extract"]
    found = extract_html((PAGES / "pl-data-table-in-layout.html").read_text(encoding="utf-8"), "", options)
    rows = [p for p in found.text.split("\n\n") if p.startswith("|")]
    assert "| Pszenica | 820 | 878 |" in rows and "| Jęczmień | 700 | 735 |" in rows, rows
    # and it stands where it stood, between the article's paragraphs
    text = found.text
    assert text.index("Poniżej średnie ceny") < text.index("| Pszenica") < text.index("Izba rolnicza radzi")


def test_unwrapping_is_off_when_the_config_says_so():
    options = dict(load_config()["extract"], unwrap_layout_tables=False)
    found = extract_html((PAGES / "ru-table-of-tables.html").read_text(encoding="utf-8"), "", options)
    assert any(p.startswith("|") for p in found.text.split("\n\n"))  # trafilatura's table rows, as before


def _table(html: str):
    return load_html(f"<html><body><p>x</p>{html}</body></html>").xpath("//table")[0]


LONG_RU = " ".join(["Депутаты городской думы обсудили проект бюджета на следующий год."] * 6)
LONG_ZH = "市政府昨天召开新闻发布会，宣布老城区改造工程正式启动，首批约三千户居民将在今年年底前搬入安置小区。" * 2


@pytest.mark.parametrize(
    "html,layout",
    [
        # data: header cells, a caption, or a grid of short cells
        ("<table><tr><th>Party</th><th>Seats</th></tr><tr><td>Green</td><td>12</td></tr></table>", False),
        ("<table><caption>Wyniki</caption><tr><td>PO</td><td>207</td></tr></table>", False),
        ("<table><tr><td>Пшеница</td><td>820</td><td>878</td></tr><tr><td>Рожь</td><td>640</td><td>671</td></tr></table>", False),
        # layout: another table inside, a cell of blocks or of prose, one row or one column, a role
        ("<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td><td>c</td></tr></table>", True),
        ("<table><tr><td><p>Первый абзац.</p><p>Второй.</p></td><td>Меню</td></tr><tr><td>1</td><td>2</td></tr></table>", True),
        (f"<table><tr><td>{LONG_RU}</td><td>Меню</td></tr><tr><td>1</td><td>2</td></tr></table>", True),
        (f"<table><tr><td>{LONG_ZH}</td><td>首页</td></tr><tr><td>1</td><td>2</td></tr></table>", True),
        ("<table><tr><td><a href='/'>Home</a></td><td><a href='/news'>News</a></td></tr></table>", True),
        ("<table><tr><td>Photo: AP</td></tr><tr><td>Caption of the photo</td></tr></table>", True),
        ("<table role='presentation'><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", True),
    ],
)
def test_layout_and_data_tables_are_told_apart(html, layout):
    assert is_layout_table(_table(html)) is layout


def test_a_page_without_layout_tables_is_not_copied():
    tree = load_html("<html><body><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>")
    assert unwrap_layout_tables(tree) is tree


def test_unwrapping_changes_a_copy_and_keeps_every_word():
    tree = load_html((PAGES / "zh-portal-tables.html").read_text(encoding="utf-8"))
    before = " ".join(tree.text_content().split())
    out = unwrap_layout_tables(tree)
    assert out is not tree and tree.xpath("//table") and not out.xpath("//table")
    assert " ".join(out.text_content().split()) == before
