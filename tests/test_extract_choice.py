"""Choosing per page between the configured (precision) extraction and trafilatura's default one
(transforms/htmltext.py ``choose_extraction``, ``main_text``), on real bench pages."""

from __future__ import annotations

import json

import pytest

from benchmarks.extraction import page_scores
from pipelines.config import load_config
from tests.conftest import BENCH, require_shared
from transforms.htmltext import choose_extraction, extract_html

BODY = [
    "The council approved the new budget on Tuesday after a four-hour debate.",
    "Spending on schools rises by 4 percent, while road repairs are cut back.",
    "The mayor said the vote showed the city could agree on hard choices.",
    "Opposition members said the cuts would hurt the outer districts most.",
]
TEASERS = [f"Related: story number {i} about something else entirely, read more" for i in range(4)]


def _never():
    raise AssertionError("the arbiter must not be consulted")


def test_a_pruning_that_keeps_most_of_the_default_text_is_kept():
    precise, default = "\n".join(BODY), "\n".join(TEASERS[:1] + BODY + TEASERS[1:2])
    assert choose_extraction(precise, default, _never) == (precise, "pruning")


def test_a_precision_text_that_lost_the_body_gives_way():
    precise = BODY[0]
    default = "\n".join(BODY * 3 + TEASERS)
    assert choose_extraction(precise, default, _never) == (default, "lost_body")


def test_disagreement_is_settled_by_the_third_opinion():
    precise, default = "\n".join(BODY), "\n".join(TEASERS)
    assert choose_extraction(precise, default, lambda: " ".join(BODY[1:])) == (precise, "arbiter")
    assert choose_extraction(precise, default, lambda: " ".join(TEASERS)) == (default, "arbiter")


def test_an_empty_candidate_never_wins():
    assert choose_extraction("", "\n".join(BODY), _never) == ("\n".join(BODY), "only")
    assert choose_extraction("\n".join(BODY), "", _never) == ("\n".join(BODY), "only")


def _options() -> dict:
    extract = load_config(None)["extract"]
    return {k: extract[k] for k in ("favor_precision", "favor_recall", "no_fallback", "include_tables",
                                     "include_comments", "extensive_date_search", "compare_default_mode", "settled_coverage")}


@pytest.mark.parametrize(
    "bench_set, page",
    [
        # precision mode keeps ~40 characters of this Greek page; default mode has the article
        ("extraction-daniel", "20120106_www2.rizospastis.gr_540c1430ae93ee9b654f98ab6652d5ba0afe0afef7a919cb6de82216"),
        # precision mode keeps the article; default mode picks a different block of this page
        ("extraction-daniel", "20111208_www.express.gr_7f8b8764037bad1ff59f3af30fa310cb1e02ad353f65d35bf4dff14f"),
        # precision mode returns one line; the body is a long English article
        ("extraction-aeb", "f8ff621a0b9b7646cc0d57d37416feabba2bf78ef5dd0bfc5b080f9f97bbe584"),
    ],
)
def test_the_chosen_extraction_finds_the_annotated_body(bench_set, page):
    folder = require_shared(BENCH / bench_set)
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))[page]["articleBody"]
    html = (folder / "html" / f"{page}.html").read_text("utf-8")
    precision, recall, f1 = page_scores(truth, extract_html(html, "", _options()).text)
    assert f1 > 0.75, (precision, recall)  # before cleaning; the wrong candidate scores < 0.1 on each


# ---- the two passes share their mode-independent steps (transforms/htmltext.py ``_texts``) ----

def _bare_text(tree, url: str, mode, include_comments: bool) -> str:
    import trafilatura

    result = trafilatura.bare_extraction(
        tree, url=url or None, with_metadata=False, favor_precision=mode.favor_precision,
        favor_recall=mode.favor_recall, fast=mode.fast, include_tables=mode.include_tables,
        include_comments=include_comments, deduplicate=False,
    )
    return (result.text or "").strip() if result is not None else ""


def _sample_pages(per_set: int) -> list:
    pages = []
    for bench_set in ("extraction-aeb", "extraction-daniel", "extraction-fundus80"):
        folder = require_shared(BENCH / bench_set / "html")
        paths = sorted(folder.glob("*.html"))
        pages += paths[:: max(1, len(paths) // per_set)][:per_set]
    return pages


@pytest.mark.parametrize("include_comments", [False, True])
def test_shared_passes_give_what_trafilatura_gives_in_each_mode(include_comments):
    from copy import deepcopy

    from lxml import etree
    from trafilatura.utils import load_html

    from transforms.htmltext import _DEFAULT_MODE, _Mode, _texts, keep_joiners

    keep_joiners()
    precision = _Mode(favor_precision=True, favor_recall=False, fast=True, include_tables=True)
    recall = _Mode(favor_precision=False, favor_recall=True, fast=False, include_tables=True)
    modes = [precision, _DEFAULT_MODE, recall]
    compared = nonempty = 0
    for path in _sample_pages(12):
        tree = load_html(path.read_text("utf-8"))
        before = etree.tostring(tree)
        url = f"https://example.org/{path.stem[:20]}.html"
        got = _texts(tree, url, include_comments, modes)
        assert etree.tostring(tree) == before, "the caller's tree must not change"
        expected = [_bare_text(deepcopy(tree), url, mode, include_comments) for mode in modes]
        assert got == expected, path.name
        compared += 1
        nonempty += all(got)
    assert compared == 36 and nonempty >= 30


def test_a_forum_thread_keeps_its_posts_in_the_default_pass_only():
    """A thread page (schema.org DiscussionForumPosting): with comments off trafilatura prunes the
    comment containers for favor_precision but keeps them (the posts) in its default mode, so the
    two passes see different raw trees."""
    from trafilatura.utils import load_html

    from transforms.htmltext import _DEFAULT_MODE, _Mode, _texts, keep_joiners

    posts = "".join(
        f'<div class="comment"><p>Reply {i}: the new bus timetable means a longer wait at the '
        f"station every morning, and the council has not answered our letters about it.</p></div>"
        for i in range(6)
    )
    html = (
        '<html><head><title>Bus timetable thread</title><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Bus timetable"}'
        "</script></head><body><article><h1>Bus timetable</h1><p>Has anyone else noticed that the "
        "number 12 now runs only twice an hour after the change that was made in the spring?</p>"
        f"{posts}</article></body></html>"
    )
    keep_joiners()
    tree = load_html(html)
    precision = _Mode(favor_precision=True, favor_recall=False, fast=True, include_tables=True)
    got = _texts(tree, "", False, [precision, _DEFAULT_MODE])
    assert got == [_bare_text(tree, "", mode, False) for mode in (precision, _DEFAULT_MODE)]
    assert "Reply 3" in got[1] and "Reply 3" not in got[0]


# ---- skipping the default pass when the precision text settles the choice (``settled``) ----

def test_visible_characters_leave_out_scripts_styles_and_blanks():
    from trafilatura.utils import load_html

    from transforms.htmltext import visible_chars

    html = ("<html><head><title>Ab</title><style>p { color: red }</style>"
            "<script>var tracking = {'a': 1, 'b': 2};</script></head><body>\n"
            "<p>Hello  world</p>\n<noscript><p>Enable <script>x = 1</script>JavaScript</p></noscript><!-- a comment -->"
            "<div>Tail <b>bold</b> end</div></body></html>")
    # "Ab" + "Helloworld" + "Tailboldend"
    assert visible_chars(load_html(html)) == 2 + 10 + 11


def test_a_precision_text_with_a_table_row_or_a_small_share_of_the_page_is_not_settled():
    from trafilatura.utils import load_html

    from transforms.htmltext import settled

    body = "\n".join(BODY)
    page = load_html("<html><body><nav>Home News Sport</nav><article>"
                     + "".join(f"<p>{line}</p>" for line in BODY) + "</article></body></html>")
    assert settled(body, page, 0.25)
    assert not settled(body, page, 0)  # 0: the default pass always runs
    assert not settled("", page, 0.25)
    assert not settled(body + "\n| Budget | 4 % |", page, 0.25)  # trafilatura's table row
    assert not settled("| Budget | 4 % |\n" + body, page, 0.25)
    long_page = load_html("<html><body><article>" + "".join(f"<p>{line}</p>" for line in BODY * 5)
                          + "</article></body></html>")
    assert not settled(BODY[0], long_page, 0.25)  # the lead of a long article


def test_a_settled_page_keeps_the_text_the_choice_would_have_kept():
    """On real pages of the three bench sets: wherever the default pass is skipped, running it
    and the choice would have kept the precision text anyway; the pages where the default text
    wins (a lost body, a layout table, an empty precision text) are never skipped."""
    from trafilatura.utils import load_html

    from transforms.htmltext import _DEFAULT_MODE, _Mode, _readability_text, _texts, keep_joiners, settled

    keep_joiners()
    precision = _Mode(favor_precision=True, favor_recall=False, fast=True, include_tables=True)
    coverage = load_config(None)["extract"]["settled_coverage"]
    skipped = default_wins = 0
    for path in _sample_pages(12):
        tree = load_html(path.read_text("utf-8"))
        precise, default = _texts(tree, "", False, [precision, _DEFAULT_MODE])
        chosen, _ = choose_extraction(precise, default, lambda: _readability_text(tree))
        if settled(precise, tree, coverage):
            skipped += 1
            assert chosen == precise, path.name
        default_wins += chosen != precise
    assert skipped >= 18 and default_wins >= 2  # 26 of the 36 skipped; 3 where the default text wins


def test_no_skip_means_both_passes_and_the_choice_on_every_page():
    """``settled_coverage: 0``: main_text is the choice between both passes (the pre-skip rule)."""
    from trafilatura.utils import load_html

    from transforms.htmltext import (_DEFAULT_MODE, _Mode, _readability_text, _texts, keep_joiners, main_text,
                                     restore_linked_sentences, without_empty_anchors)

    keep_joiners()
    precision = _Mode(favor_precision=True, favor_recall=False, fast=True, include_tables=True)
    options = dict(_options(), settled_coverage=0)
    for path in _sample_pages(4):
        tree = load_html(path.read_text("utf-8"))
        prepared = without_empty_anchors(tree)  # both passes read the page without empty anchors
        precise, default = _texts(prepared, "", False, [precision, _DEFAULT_MODE])
        chosen = choose_extraction(precise, default, lambda: _readability_text(prepared))[0]
        expected = restore_linked_sentences(prepared, chosen) if chosen is precise else chosen
        assert main_text(tree, "", options) == expected


def _card_page(middle: str) -> str:
    cards = [
        "NASA scientists using a telescope atop the volcano have confirmed the presence of water vapour on the surface of a distant moon.",
        "The find almost certainly means the moon has liquid water, an essential ingredient for life as we know it.",
        middle,
        "The team reported that they detected more than two tonnes of water vapour being released from the moon every second.",
        "That is enough to fill an Olympic-size swimming pool within minutes, the lead scientist told reporters on Monday.",
    ]
    body = "".join(f"<div class='card'><div class='card-content'><p>{c}</p></div></div>" for c in cards)
    return (f"<html><head><title>Water vapour found on a distant moon</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Water vapour found on a distant moon</h1>"
            f"{body}</article><footer>About us</footer></body></html>")


def test_a_linked_sentence_in_its_own_div_is_kept():
    """trafilatura's precision pass deletes a short <div> holding a link: a card layout's sentence
    with a link to its source came out of the text between its neighbours (AEB hawaiinewsnow)."""
    from pipelines.config import load_config
    from transforms.htmltext import extract_html

    options = load_config()["extract"]
    sentence = ("The discovery was announced in an article published Monday in the "
                "<a href='https://example.org/a'>journal Nature Astronomy</a>.")
    text = extract_html(_card_page(sentence), "", options).text
    assert "The discovery was announced in an article published Monday in the journal Nature Astronomy." in text.split("\n\n")
    # a link teaser between two paragraphs stays out (its link is most of it)
    teaser = "Read more: <a href='/other'>Scientists say the moon could host life under its thick shell of ice</a>."
    text = extract_html(_card_page(teaser), "", options).text
    assert "Read more" not in text


def test_a_paragraph_after_an_empty_anchor_is_kept():
    """WordPress marks the "read more" break with an empty <span id="more-N"> opening a paragraph;
    trafilatura's precision pass discarded it with its tail: the paragraph's whole text."""
    from pipelines.config import load_config
    from transforms.htmltext import extract_html

    options = load_config()["extract"]
    middle = ('<span id="more-5995"></span>It is not clear why the pupils leave school early; one possibility is '
              "that they miss lessons more often because of medical appointments.")
    html = _card_page("x").replace("<div class='card'><div class='card-content'><p>x</p></div></div>",
                                   f"<p>{middle}</p>")
    text = extract_html(html, "", options).text
    assert "It is not clear why the pupils leave school early" in text


def _live_blog(entries: list) -> str:
    body = "".join(f"<div class='entry'><time>{t}</time><div class='entry-text'>{e}</div></div>" for t, e in entries)
    return ("<html><head><title>Powódź na południu kraju: relacja na żywo</title></head><body>"
            "<nav><a href='/'>Start</a> <a href='/kraj'>Kraj</a></nav><main><h1>Powódź na południu kraju: relacja na żywo</h1>"
            f"<div class='feed'>{body}</div></main><footer>O nas</footer></body></html>")


def test_a_live_blog_entry_with_a_related_link_line_is_kept():
    """trafilatura's precision pass deletes a short entry <div> holding a link: an entry whose
    sentence is followed by a "related" link line went with it (short in characters as a
    sentence or two of Korean or Hebrew are); the sentence comes back, the link line stays out."""
    from pipelines.config import load_config
    from transforms.htmltext import extract_html

    options = load_config()["extract"]
    entries = [
        ("07:30", "<p>Dzień dobry, w tej relacji na bieżąco informujemy o sytuacji powodziowej na południu Polski, "
                  "o komunikatach służb i o utrudnieniach na drogach oraz kolei.</p>"),
        ("08:10", "<p>Poziom wody w Wiśle w Krakowie przekroczył w nocy stan alarmowy o ponad pół metra, "
                  "a służby zamknęły bulwary dla pieszych i rowerzystów aż do odwołania.</p>"),
        ("09:40", "<p>Wojewoda małopolski ogłosił pogotowie przeciwpowodziowe w sześciu powiatach regionu.</p>"
                  "<p class='rel'>Czytaj też: <a href='/kraj/1234'>Jak przygotować dom na powódź</a></p>"),
        ("11:05", "<p>Strażacy ewakuowali czterdzieści osób z zalanych domów w okolicach Nowego Sącza, "
                  "nikt nie został ranny, a mieszkańcy trafili do szkoły zamienionej na schronisko.</p>"),
    ]
    paragraphs = extract_html(_live_blog(entries), "", options).text.split("\n\n")
    assert "Wojewoda małopolski ogłosił pogotowie przeciwpowodziowe w sześciu powiatach regionu." in paragraphs
    assert not any("Czytaj też" in p for p in paragraphs)
    # a teaser card between two entries (its linked headline first, a dek under it) stays out
    entries[2] = ("09:40", "<a href='/kraj/99'><b>Najważniejsze wiadomości dnia</b></a>"
                           "<p>Przeczytaj nasze podsumowanie wydarzeń z całego kraju, aktualizowane co godzinę.</p>")
    text = extract_html(_live_blog(entries), "", options).text
    assert "Przeczytaj nasze podsumowanie" not in text


def _table_page(comments: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in (
        "Městská rada v Brně schválila ve čtvrtek stavbu nové tramvajové trati do Bohunic, která má ulevit "
        "přetíženým autobusovým linkám a zkrátit cestu do kampusu univerzity o čtvrt hodiny.",
        "Stavba má začít na jaře a potrvat zhruba dva roky; většinu nákladů pokryjí evropské dotace z "
        "operačního programu Doprava, zbytek zaplatí město ze svého rozpočtu.",
        "Dopravní podnik zároveň upozornil, že během prací budou některé spoje odkloněny a na vybraných "
        "úsecích pojedou náhradní autobusy, o nichž bude cestující informovat s předstihem."))
    return ("<html><head><title>Brno postaví tramvaj do Bohunic</title></head><body>"
            "<table width='900'><tr><td colspan='2'><a href='/'>Brněnský deník</a></td></tr>"
            "<tr><td width='650'><table width='100%'><tr><td><h1>Brno postaví tramvaj do Bohunic</h1></td></tr>"
            f"<tr><td>{paragraphs}</td></tr>"
            "<tr><td><a href='#'>Sdílet na Facebooku</a> | <a href='#'>Poslat e-mailem</a></td></tr>"
            f"<tr><td><a name='diskuse'></a><b>Diskuse (3)</b><table width='100%'>{comments}</table>"
            "<a href='/diskuse?id=5521'>Zobrazit celou diskusi</a></td></tr>"
            "</table></td><td width='250'><table><tr><td>Nejčtenější</td></tr><tr><td><a href='/a'>Zdražení "
            "jízdného od července</a></td></tr></table></td></tr></table></body></html>")


def test_reader_comments_closing_an_old_table_page_stay_out():
    """An old table-layout page lists its reader comments in a one-column table (unwrapped as layout):
    "name (date time): text" lines closing the text are comments, not the article."""
    from pipelines.config import load_config
    from transforms.htmltext import extract_html

    options = load_config()["extract"]
    rows = ("<tr><td class='k'><b>pepa_z_brna</b> (12.05.2025 08:14): Konečně, na tohle čekáme dvacet let.</td></tr>"
            "<tr><td class='k'><b>Jana K.</b> (12.05.2025 09:02): A kdo to bude platit, až dotace skončí?</td></tr>")
    text = extract_html(_table_page(rows), "", options).text
    assert "náhradní autobusy" in text
    assert "pepa_z_brna" not in text and "Jana K." not in text
    # the rule on the text's paragraphs, as extract_html applies it (the ro dev page kept its table of
    # comments after unwrapping; trafilatura drops this page's on its own)
    from transforms.htmltext import without_trailing_comments

    article = ["Rada schválila stavbu nové trati do Bohunic, práce začnou na jaře.",
               "Dopravní podnik upozornil, že některé spoje budou odkloněny."]
    comments = ["pepa_z_brna (12.05.2025 08:14): Konečně, na tohle čekáme dvacet let.",
                "Jana K. (12.05.2025 09:02): A kdo to bude platit, až dotace skončí?",
                "tramvajak [18:40] - Hlavně ať to nestojí jako Žabovřeská."]
    assert without_trailing_comments(article + comments) == article
    # one such line is no run, and a quote with a party or a place in brackets is no comment
    body = ["Rada schválila stavbu nové trati do Bohunic, práce začnou na jaře.",
            "Jana K. (12.05.2025 09:02): A kdo to bude platit, až dotace skončí?"]
    assert without_trailing_comments(body) == body
    quotes = ["Rada schválila stavbu nové trati do Bohunic, práce začnou na jaře.",
              "Petr Novák (ODS): Trať je pro jižní Brno zásadní.",
              "Marie Dvořáková (Bohunice): Čekáme na ni dlouho."]
    assert without_trailing_comments(quotes) == quotes
    assert without_trailing_comments(comments) == comments  # nothing would be left


def test_counted_gallery_slides_leave_the_text():
    """A photo gallery's slides ("1 di 6 caption. CREDIT") read as paragraphs among the article's go;
    a body sentence opening with a count ("3 su 5 ...") alone is no gallery."""
    from transforms.htmltext import without_slide_captions

    article = ["Il Palio di Siena è stato vinto dalla contrada della Selva dopo una corsa combattuta.",
               "3 su 5 fantini erano al debutto in Piazza del Campo, un fatto raro secondo gli organizzatori.",
               "La festa nella contrada vincitrice è proseguita fino all'alba."]
    slides = ["1 di 6 La partenza della corsa davanti al Palazzo Pubblico. LUCA BIANCHI",
              "2 di 6 Il fantino della Selva alza il nerbo al traguardo. LUCA BIANCHI",
              "6/6 I contradaioli portano il drappellone in chiesa. LUCA BIANCHI"]
    mixed = [article[0], slides[0], article[1], slides[1], article[2], slides[2]]
    assert without_slide_captions(mixed) == article
    assert without_slide_captions(article) == article
    assert without_slide_captions(slides[:2]) == slides[:2]  # nothing would be left
