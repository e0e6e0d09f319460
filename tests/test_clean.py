"""Tests for transforms/clean.py: the lexicon, clean_text, and the two composites."""

from __future__ import annotations

import json
import pathlib

import apache_beam as beam
import pytest
import yaml
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.config import ConfigError
from transforms.clean import Lexicon, StripBoilerplate, StripRepeatedLines, clean_text, enough_words, short_line_keys, strip_lines
from transforms.extract import extract_html, paragraphs_of_plain_text
from transforms.records import Boilerplate, Document
from transforms.textnorm import word_count

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
LEXICON_DATA = yaml.safe_load((ROOT / "configs" / "boilerplate.yaml").read_text("utf-8"))
CLEAN = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text("utf-8"))["clean"]  # without lexicon_data
LEXICON = Lexicon(LEXICON_DATA)

EN_BODY = [
    "The two leaders met at the White House on Monday and agreed that the remaining troops would move to "
    "a training and advisory role by the end of the year, officials said after the talks.",
    "Analysts said the announcement was largely symbolic, since most of the soldiers already work as "
    "advisers, but it could help the prime minister ahead of the elections planned for October.",
]
FR_BODY = [
    "Les deux dirigeants se sont rencontrés lundi à la Maison Blanche et ont convenu que les troupes "
    "restantes passeraient à un rôle de formation et de conseil d'ici la fin de l'année.",
    "Selon plusieurs analystes, l'annonce reste largement symbolique, puisque la plupart des soldats "
    "occupent déjà des fonctions de conseil, mais elle pourrait aider le Premier ministre avant les élections.",
]
AR_BODY = [
    "التقى الرئيس الأمريكي برئيس الوزراء العراقي في البيت الأبيض يوم الاثنين واتفقا على أن تتحول مهمة "
    "القوات المتبقية إلى التدريب والاستشارة بحلول نهاية العام الجاري، بحسب ما أعلنه مسؤولون بعد المحادثات.",
    "ويرى محللون أن الإعلان رمزي إلى حد كبير لأن معظم الجنود يعملون بالفعل كمستشارين، لكنه قد يساعد رئيس "
    "الوزراء قبل الانتخابات المقررة في تشرين الأول المقبل وفي مواجهة الفصائل المسلحة.",
]
BODIES = {"en": EN_BODY, "fr": FR_BODY, "ar": AR_BODY, "de": EN_BODY, "es": EN_BODY}


def _clean_between_body(line: str, language: str):
    body = BODIES[language]
    text = "\n\n".join([body[0], line, body[1]])
    return clean_text(text, LEXICON, language=language if language in ("en", "fr", "ar") else "en")


# ---- lexicon kinds: phrasings that are not in the seeds -----------------------------------------

CASES = [
    # adblock notice
    ("Please disable your ad blocker to continue", "adblock notice", "en"),
    ("It looks like you're using an ad blocker. We rely on advertising to keep this site free.", "adblock notice", "en"),
    ("Vous utilisez un bloqueur de publicité", "adblock notice", "fr"),
    ("Merci de désactiver votre bloqueur de publicités puis de recharger la page.", "adblock notice", "fr"),
    ("يبدو أنك تستخدم أداة لحجب الإعلانات", "adblock notice", "ar"),
    ("الرجاء تعطيل مانع الإعلانات ثم إعادة تحميل الصفحة", "adblock notice", "ar"),
    ("Bitte deaktivieren Sie Ihren Werbeblocker", "adblock notice", "de"),
    ("Parece que estás usando un bloqueador de anuncios", "adblock notice", "es"),
    # share / follow
    ("Share this article", "share prompt", "en"),
    ("Share on Facebook", "share prompt", "en"),
    ("Partager sur Facebook", "share prompt", "fr"),
    ("Partagez cet article", "share prompt", "fr"),
    ("شارك الخبر عبر فيسبوك", "share prompt", "ar"),
    ("شاركها", "share prompt", "ar"),
    ("Follow us on Twitter and Instagram", "follow prompt", "en"),
    ("Suivez-nous sur Facebook", "follow prompt", "fr"),
    ("تابعونا على تويتر", "follow prompt", "ar"),
    # comment form
    ("Leave a Reply", "comment form", "en"),
    ("Your email address will not be published. Required fields are marked *", "comment form", "en"),
    ("Laisser un commentaire", "comment form", "fr"),
    ("Votre adresse e-mail ne sera pas publiée.", "comment form", "fr"),
    ("أضف تعليقك", "comment form", "ar"),
    ("التعليقات", "comment form", "ar"),
    # back to top
    ("Back to top", "back-to-top", "en"),
    ("Retour en haut de la page", "back-to-top", "fr"),
    ("العودة إلى الأعلى", "back-to-top", "ar"),
    # read also / related / read more
    ("Read more: Biden meets the Iraqi prime minister at the White House", "read-also teaser", "en"),
    ("Related Articles", "read-also teaser", "en"),
    ("Lire aussi : Le président américain reçoit le Premier ministre irakien", "read-also teaser", "fr"),
    ("À lire également", "read-also teaser", "fr"),
    ("اقرأ ايضا: الكاظمي يصل إلى واشنطن في زيارة رسمية", "read-also teaser", "ar"),
    ("إقرأ أيضًا | بايدن يستقبل الكاظمي", "read-also teaser", "ar"),
    ("مواضيع ذات صلة", "read-also teaser", "ar"),
    # click to read at source
    ("Click here to read the full story", "click-to-read-at-source", "en"),
    ("This article was originally published on The Conversation.", "click-to-read-at-source", "en"),
    ("Cliquez ici pour lire l'article complet", "click-to-read-at-source", "fr"),
    ("اضغط هنا لقراءة المقال كاملاً", "click-to-read-at-source", "ar"),
    # image-report widget
    ("Thank you for reporting this image!", "image-report widget", "en"),
    ("Merci pour votre signalement", "image-report widget", "fr"),
    ("شكرًا لك على الإبلاغ", "image-report widget", "ar"),
    ("سيتم إخفاء هذه الصورة بعد مراجعتها", "image-report widget", "ar"),
    # newsletter, cookies, machine translation
    ("Sign up for our daily newsletter", "newsletter prompt", "en"),
    ("Abonnez-vous à notre newsletter", "newsletter prompt", "fr"),
    ("اشترك في النشرة البريدية", "newsletter prompt", "ar"),
    ("This website uses cookies to improve your experience.", "cookie notice", "en"),
    ("Ce site utilise des cookies", "cookie notice", "fr"),
    ("يستخدم هذا الموقع ملفات تعريف الارتباط", "cookie notice", "ar"),
    ("This article was translated automatically by AI and may contain errors in translation.", "machine-translation disclaimer", "en"),
    ("Cet article a été traduit automatiquement.", "machine-translation disclaimer", "fr"),
    ("تمت ترجمة هذا المقال آليا", "machine-translation disclaimer", "ar"),
    # copyright and advertisement labels
    ("Tous droits réservés", "copyright", "fr"),
    ("جميع الحقوق محفوظة لموقع الخبر", "copyright", "ar"),
    ("Advertisement", "advertisement label", "en"),
    ("Publicité", "advertisement label", "fr"),
    # more labels and widgets
    ("Adblock détecté", "adblock notice", "fr"),
    ("لاحظنا أنك تستخدم برنامج حجب الإعلانات", "adblock notice", "ar"),
    ("Tweet this", "share prompt", "en"),
    ("Suivez-nous", "follow prompt", "fr"),
    ("تابعونا", "follow prompt", "ar"),
    ("عدد التعليقات: 3", "comment form", "ar"),
    ("للأعلى", "back-to-top", "ar"),
    ("Signaler un abus", "image-report widget", "fr"),
    ("À lire aussi : Le Parlement irakien vote la loi électorale", "read-also teaser", "fr"),
    ("اقرأ المزيد: الانتخابات العراقية في أكتوبر", "read-also teaser", "ar"),
    ("الأكثر قراءة", "read-also teaser", "ar"),
    ("Read the full article on Reuters", "click-to-read-at-source", "en"),
    ("Lire l'article sur le site de Libération", "click-to-read-at-source", "fr"),
    ("هذا النص مترجم آليا", "machine-translation disclaimer", "ar"),
    ("Mots-clés : Irak, Biden", "tags", "fr"),
    ("الكلمات المفتاحية: العراق، بايدن", "tags", "ar"),
    ("Source: Reuters", "credit line", "en"),
    ("صورة أرشيفية", "credit line", "ar"),
    ("Click to enlarge", "image widget", "en"),
    ("انقر على الصورة لتكبيرها", "image widget", "ar"),
    ("Read in English", "language link", "en"),
    ("Commentez cet article", "comment form", "fr"),
    ("علق على الخبر", "comment form", "ar"),
    ("للمزيد: الحكومة تعلن خطة جديدة لدعم الأسر", "read-also teaser", "ar"),
    ("En cliquant sur Accepter, vous acceptez l'utilisation de cookies", "cookie notice", "fr"),
    ("This article has been translated from Spanish using AI.", "machine-translation disclaimer", "en"),
    ("لمزيد من الأخبار تابعونا على فيسبوك", "follow prompt", "ar"),
]


@pytest.mark.parametrize("line,kind,language", CASES)
def test_lexicon_kind_is_removed(line, kind, language):
    result = _clean_between_body(line, language)
    assert line not in result.text.split("\n\n")
    assert Boilerplate(kind, line) in result.boilerplate
    for paragraph in BODIES[language]:  # the body around it stays, untouched
        assert paragraph in result.text.split("\n\n")


def test_lexicon_patterns_are_not_the_seed_sentences():
    expected = json.loads((FIXTURES / "seeds_expected.json").read_text("utf-8"))["articles"]
    raw_yaml = (ROOT / "configs" / "boilerplate.yaml").read_text("utf-8")
    for article in expected.values():
        for item in article["boilerplate"]:
            assert item["text"] not in raw_yaml


# ---- structural detectors (no word list) --------------------------------------------------------

STRUCTURAL = [
    ("Home > News > Middle East", "breadcrumb"),
    ("الرئيسية » اقتصاد", "breadcrumb"),
    ("Accueil / International / Moyen-Orient", "breadcrumb"),
    (
        "Stocks rally as inflation cools in May    Rain expected across the north this weekend    "
        "Local team wins the cup after extra time    New bridge opens to traffic on Friday    "
        "Parliament debates the budget bill",
        "ticker",
    ),
    ("Oil prices climb • Central bank holds rates • Storm hits the coast • Elections set for May", "ticker"),
    ("Facebook Twitter WhatsApp Email", "share buttons"),
    ("© 2021 Example Media Group", "copyright"),
    ("Updated: Tue., Nov. 19, 2019 10:42 a.m.", "date line"),
    ("فيسبوك تويتر واتساب", "share buttons"),
    ("الرئيسية > أخبار > العراق", "breadcrumb"),
]


@pytest.mark.parametrize("line,kind", STRUCTURAL)
def test_structural_detectors(line, kind):
    result = _clean_between_body(line, "en")
    assert Boilerplate(kind, line) in result.boilerplate
    assert line not in result.text


def test_table_rows_are_content():
    rows = ["| Team | Played | Won | Points |", "| Raja | 30 | 20 | 65 |", "| Wydad | 30 | 19 | 63 |"]
    result = clean_text("\n\n".join([EN_BODY[0], *rows, EN_BODY[1]]), LEXICON, language="en")
    assert result.text.split("\n\n") == [EN_BODY[0], *rows, EN_BODY[1]]


def test_related_label_takes_its_headline_list():
    lines = [EN_BODY[0], EN_BODY[1], "Related stories", "- Troops to stay in an advisory role", "- What the deal means for Baghdad"]
    result = clean_text("\n\n".join(lines), LEXICON, language="en")
    assert result.text.split("\n\n") == EN_BODY
    assert [b.kind for b in result.boilerplate] == ["read-also teaser"] * 3


# ---- negatives: body text that merely contains a cue word stays ----------------------------------

NEGATIVES = [
    ("Shares of the company fell 5% after the board decided to share the report with regulators on Monday.", "en"),
    ("The minister declined to comment on the report, saying the investigation was still ongoing.", "en"),
    ("Publishers say readers who use ad blockers cost the industry billions of dollars every year, a new study found.", "en"),
    ("Read the statement carefully, the lawyer told reporters outside the court in Paris on Tuesday evening.", "en"),
    ("Le ministre a refusé de commenter les informations publiées par la presse locale mardi soir.", "fr"),
    ("Partager les richesses reste la priorité du gouvernement, a déclaré le Premier ministre devant l'Assemblée.", "fr"),
    ("وقال المتحدث إن الوزارة ستشارك في الاجتماع المقبل لمناقشة ملف الطاقة والتعاون الاقتصادي بين البلدين.", "ar"),
    ("وأضاف أن الحكومة ستعمل على تعطيل أي محاولة لحجب المعلومات عن المواطنين خلال الفترة المقبلة.", "ar"),
    # datelines opening a story paragraph
    ("ايلاف من واشنطن: أعلن البيت الأبيض مساء الاثنين أن الرئيس سيستقبل رئيس الوزراء العراقي الأسبوع المقبل لبحث مستقبل القوات.", "ar"),
    ("بغداد - أعلنت الحكومة العراقية اليوم الاثنين عن اتفاق مع واشنطن لإنهاء المهام القتالية بنهاية العام.", "ar"),
    ("PARIS (Reuters) - France will send additional trainers to Iraq next year, the defence ministry said on Tuesday.", "en"),
    ("WASHINGTON — The Senate voted 68 to 32 on Thursday to repeal the 2002 authorization for the use of force in Iraq.", "en"),
    # short subheadings that start like a label
    ("دعم عسكري", "ar"),
    ("A symbolic step", "en"),
    ("More from the interview", "en"),
    ("Latest news on the talks", "en"),
    ("Watch this space", "en"),
    ("Lire entre les lignes", "fr"),
    ("حجب الإعلانات السياسية", "ar"),
    ("مقالات الرأي في الصحف الأمريكية", "ar"),
]


@pytest.mark.parametrize("line,language", NEGATIVES)
def test_body_lines_survive(line, language):
    result = _clean_between_body(line, language)
    assert line in result.text.split("\n\n"), result.boilerplate
    assert result.boilerplate == []


# ---- Arabic normalisation variants ---------------------------------------------------------------

VARIANTS = [
    ("اقرأ أيضاً: بايدن يستقبل الكاظمي", "read-also teaser"),
    ("اقرا ايضا: بايدن يستقبل الكاظمي", "read-also teaser"),  # hamza dropped
    ("اقـــرأ أيضـــاً: بايدن يستقبل الكاظمي", "read-also teaser"),  # tatweel
    ("اقْرَأْ أَيْضًا: بايدن يستقبل الكاظمي", "read-also teaser"),  # diacritics
    ("مقالات ذات صله", "read-also teaser"),  # ta marbuta written as ha
    ("العوده إلي الأعلي", "back-to-top"),  # ha for ta marbuta, ya for alef maqsura
    ("انت تستعمل اداة لحجب الاعلانات", "adblock notice"),  # no hamza anywhere
]


@pytest.mark.parametrize("line,kind", VARIANTS)
def test_arabic_spelling_variants_match(line, kind):
    result = _clean_between_body(line, "ar")
    assert Boilerplate(kind, line) in result.boilerplate


# One lexicon pattern covers an Arabic word with its clitics and endings (light stemming in the
# matcher): tanween alef, attached و/ف/ب/ل/ك/ال and their combinations, pronoun and number suffixes,
# ة before a suffix. Each line below matched nothing before that layer.
ARABIC_FORMS = [
    ("لاحظنا أنك تستخدم برنامجاً لحجب الإعلانات", "adblock notice"),  # tanween alef (برنامجاً)
    ("فضلاً عطّل أداتك لحجب الإعلانات", "adblock notice"),  # ة + pronoun suffix (أداتك)
    ("وللمزيد: تفاصيل جديدة بشأن قانون الإيجار القديم", "read-also teaser"),  # و + لل proclitics
    ("⏱ دقيقتان للقراءة", "reading time"),  # dual ending (دقيقتان)
    ("وإقرأ ايضا: الحكومة تعلن خطة جديدة للنقل العام", "read-also teaser"),  # و + hamza form
]


@pytest.mark.parametrize("line,kind", ARABIC_FORMS)
def test_arabic_clitics_and_endings_match_one_pattern(line, kind):
    result = _clean_between_body(line, "ar")
    assert Boilerplate(kind, line) in result.boilerplate


@pytest.mark.parametrize(
    "sentence",
    [
        "وشارك في الاجتماع ممثلون عن عشرين دولة، بحسب ما أعلنته وزارة الخارجية في بيان مساء أمس.",
        "وتابع الوزير قائلاً إن الحكومة ستواصل دعم صغار المزارعين خلال الموسم الزراعي المقبل.",
        "وحظرت الهيئة بث الإعلانات التجارية لمنتجات التبغ عبر القنوات التلفزيونية والإذاعية.",
        "وأضاف أن ترجمة الاتفاقية إلى اللغة العربية ستُنشر في الجريدة الرسمية الأسبوع المقبل.",
        "وشاركت أكثر من 300 شركة محلية ودولية في المعرض الذي اختتم أعماله أمس الخميس.",
    ],
)
def test_arabic_body_sentences_with_prefixed_trap_words_stay(sentence):
    result = _clean_between_body(sentence, "ar")
    assert sentence in result.text.split("\n\n")


# ---- publication lines, titles, foreign edges ----------------------------------------------------


@pytest.mark.parametrize(
    "line,publisher,published,language",
    [
        ("Publié dans Le Monde le 3 mars 2021", "Le Monde", "2021-03-03", "fr"),
        ("Published in The Guardian on July 27, 2021", "The Guardian", "2021-07-27", "en"),
        ("نُشر في الشرق الأوسط بتاريخ 26 تموز 2021", "الشرق الأوسط", "2021-07-26", "ar"),
        ("نشر في هسبريس يوم 05 - 11 - 2020", "هسبريس", "2020-11-05", "ar"),
        ("Publié le 27 juillet 2021 à 10h30", "", "2021-07-27", "fr"),
        ("آخر تحديث: 27 يوليو 2021 - 10:30", "", "2021-07-27", "ar"),
    ],
)
def test_publication_line_becomes_metadata(line, publisher, published, language):
    result = _clean_between_body(line, language)
    assert (result.publisher, result.published) == (publisher, published)
    assert line not in result.text
    assert Boilerplate("publication line", line) in result.boilerplate


def test_find_title_takes_first_headline_like_line_and_text_does_not_repeat_it():
    text = "\n\n".join(["Share this article", "Troops to end combat mission in Iraq", *EN_BODY])
    result = clean_text(text, LEXICON, language="en", find_title=True)
    assert result.title == "Troops to end combat mission in Iraq"
    assert result.text.split("\n\n") == EN_BODY


def test_plain_text_that_repeats_its_headline_keeps_it_once_as_the_title():
    """A .txt dump often carries the headline twice (the file's first line and the story's own
    first paragraph): the title is taken once and the repeat never opens the text."""
    headline = "Wisła w Krakowie najniżej od dwudziestu lat"
    body = [
        "Poziom Wisły w Krakowie spadł w poniedziałek do najniższego stanu od dwudziestu lat, "
        "poinformował Instytut Meteorologii i Gospodarki Wodnej.",
        "Hydrolodzy ostrzegają, że bez opadów w najbliższych tygodniach żegluga na rzece może "
        "zostać wstrzymana, a rolnicy już teraz skarżą się na suszę.",
    ]
    result = clean_text("\n\n".join([headline, headline, *body]), LEXICON, language="pl", find_title=True)
    assert result.title == headline
    assert result.text.split("\n\n") == body


def test_no_title_when_first_line_is_a_sentence():
    result = clean_text("\n\n".join(EN_BODY), LEXICON, language="en", find_title=True)
    assert result.title == ""
    assert result.text.split("\n\n") == EN_BODY


def test_known_title_is_not_repeated_in_text():
    title = "Troops to end combat mission in Iraq"
    result = clean_text("\n\n".join([title, *EN_BODY]), LEXICON, title=title, language="en")
    assert result.title == title
    assert result.text.split("\n\n") == EN_BODY


def test_foreign_language_paragraph_at_the_end_is_removed():
    disclaimer = (
        "All content on this page is provided for information only and the publisher accepts no "
        "responsibility for decisions taken on the basis of it."
    )
    result = clean_text("\n\n".join([*AR_BODY, AR_BODY[0], disclaimer]), LEXICON)
    assert Boilerplate("foreign language", disclaimer) in result.boilerplate
    assert result.text.split("\n\n") == [*AR_BODY, AR_BODY[0]]


def test_foreign_paragraph_in_the_middle_stays():
    quote = (
        "We are committed to a strong partnership with Iraq and to the fight against terrorism in "
        "the region, the president told reporters."
    )
    lines = [AR_BODY[0], quote, AR_BODY[1]]
    assert clean_text("\n\n".join(lines), LEXICON).text.split("\n\n") == lines


# ---- the seeds against their hand labels ---------------------------------------------------------


def _ws(text: str) -> str:
    return " ".join(text.split())


def test_seeds_match_expected_labels():
    expected = json.loads((FIXTURES / "seeds_expected.json").read_text("utf-8"))["articles"]
    for name, exp in expected.items():
        raw = (ROOT / "seeds" / name).read_text("utf-8")
        result = clean_text(paragraphs_of_plain_text(raw), LEXICON, find_title=True)
        kept = {_ws(p) for p in result.text.split("\n\n")}
        for item in exp["boilerplate"]:
            assert _ws(item["text"]) not in kept, (name, item["kind"])
        for line in exp["body"]:
            assert _ws(line) in kept, (name, line[:60])
        assert (result.title or None) == exp["title"], name
        if result.title:
            assert _ws(result.title) not in kept
        if "publisher" in exp:
            assert result.publisher == exp["publisher"]
            assert result.published == exp["published"]


# ---- lexicon validation --------------------------------------------------------------------------


def test_bad_lexicon_fails_at_construction():
    broken = dict(LEXICON_DATA, kinds={"share prompt": {"patterns": {"en": ["(unclosed"]}}})
    with pytest.raises(ConfigError):
        Lexicon(broken)
    with pytest.raises(ConfigError):
        StripBoilerplate({**CLEAN, "lexicon_data": {"kinds": {}}})
    with pytest.raises(ConfigError, match="lexicon_data is missing"):
        StripBoilerplate(CLEAN)
    with pytest.raises(ConfigError, match=r"unknown key clean\.min_word \(did you mean clean\.min_words\?\)"):
        StripBoilerplate({**CLEAN, "lexicon_data": LEXICON_DATA, "min_word": 20})


# ---- composites ----------------------------------------------------------------------------------


def _doc(doc_id: str, text: str, *, fmt: str = "text", group: str = "g", title: str = "") -> Document:
    return Document(id=doc_id, source=f"src/{doc_id}.txt", url="", format=fmt, text=text, group=group, title=title)


def test_strip_boilerplate_pipeline_both_outputs():
    config = {**CLEAN, "min_words": 20, "lexicon_data": LEXICON_DATA}
    good = _doc("good", "\n\n".join(["Share this article", "Troops to end combat mission in Iraq", *EN_BODY, "Back to top"]))
    short = _doc("short", "\n\n".join(["Leave a comment", "Troops go home", "The end of the mission is near."]))
    empty = _doc("empty", "\n\n".join(["Share on Facebook", "Back to top"]))
    numbers = _doc("numbers", " ".join(str(i) for i in range(100)))
    html_doc = _doc("html", "\n\n".join(["Troops to end combat mission in Iraq", *EN_BODY]), fmt="html", title="Troops to end combat mission in Iraq")

    def check_ok(docs):
        by_id = {d.id: d for d in docs}
        assert set(by_id) == {"good", "html"}
        assert by_id["good"].title == "Troops to end combat mission in Iraq"
        assert by_id["good"].text.split("\n\n") == EN_BODY
        assert [b.kind for b in by_id["good"].boilerplate] == ["share prompt", "back-to-top"]
        assert by_id["html"].text.split("\n\n") == EN_BODY

    with TestPipeline() as p:
        ok, rejected = p | beam.Create([good, short, empty, numbers, html_doc]) | StripBoilerplate(config)
        assert_that(ok, check_ok, label="ok")
        assert_that(
            rejected | beam.Map(lambda r: (r.id, r.stage, r.reason)),
            equal_to(
                [
                    ("short", "clean", "too_short"),
                    ("empty", "clean", "empty_after_cleaning"),
                    ("numbers", "clean", "no_text"),
                ]
            ),
            label="rejected",
        )


def test_a_short_text_with_letters_is_too_short_not_letterless():
    """trial 7: a short text with letters (fewer than no_text_min_letters; fetched, its one line had
    become the title) was rejected no_text 'no letters: numbers, symbols or emoji only' although it
    has letters: too_short now; a text of numbers only is still no_text."""
    config = {**CLEAN, "min_words": 20, "lexicon_data": LEXICON_DATA}
    one_line = _doc("one_line", "plain text file served")
    numbers = _doc("numbers", " ".join(str(i) for i in range(60)))
    with TestPipeline() as p:
        _ok, rejected = p | beam.Create([one_line, numbers]) | StripBoilerplate(config)
        assert_that(
            rejected | beam.Map(lambda r: (r.id, r.reason, r.detail)),
            equal_to([("one_line", "too_short", "4 words < 20"),
                      ("numbers", "no_text", "no letters: numbers, symbols or emoji only")]),
        )


def test_strip_repeated_lines_pipeline_is_per_group():
    config = {**CLEAN, "repeated_min_docs": 3, "repeated_min_share": 0.5, "repeated_max_words": 30}
    promo = "Get the Daily Brief in your pocket, every morning"
    docs = [_doc(f"a{i}", "\n\n".join([f"Story number {i} about the troop withdrawal and its costs.", promo, EN_BODY[i % 2]]), group="site-a") for i in range(4)]
    docs.append(_doc("a4", "\n\n".join(["A story without the promo line but with its own body text.", EN_BODY[0]]), group="site-a"))
    docs += [_doc(f"b{i}", "\n\n".join([f"Other outlet story {i} on the same withdrawal.", promo]), group="site-b") for i in range(2)]

    def check(out):
        by_id = {d.id: d for d in out}
        assert len(by_id) == 7
        for i in range(4):
            assert promo not in by_id[f"a{i}"].text
            assert by_id[f"a{i}"].boilerplate == [Boilerplate("repeated line", promo)]
            assert f"Story number {i}" in by_id[f"a{i}"].text
        assert by_id["a4"].boilerplate == []
        for i in range(2):  # the same line in a group with too few documents stays
            assert promo in by_id[f"b{i}"].text
            assert by_id[f"b{i}"].boilerplate == []

    with TestPipeline() as p:
        out = p | beam.Create(docs) | StripRepeatedLines(config)
        assert_that(out, check, label="stripped")


def test_strip_repeated_lines_validates_config():
    with pytest.raises(ConfigError):
        StripRepeatedLines({**CLEAN, "repeated_min_docs": 3, "repeated_min_share": 1.5, "repeated_max_words": 30})
    with pytest.raises(ConfigError):
        StripRepeatedLines({"repeated_min_docs": 3})


# ---- HTML side -----------------------------------------------------------------------------------


def test_extract_html_keeps_paragraphs_and_metadata():
    html = (FIXTURES / "clean_article.html").read_text("utf-8")
    found = extract_html(html, "https://news.example.com/2021/07/27/troops", {"favor_precision": True, "include_tables": True})
    paragraphs = found.text.split("\n\n")
    assert len(paragraphs) >= 4
    assert paragraphs[0].startswith("The two leaders met at the White House")
    assert found.title == "Troops to end combat mission in Iraq by year end"
    assert found.published.startswith("2021-07-27")
    assert found.authors == ["Jane Doe"]
    assert found.publisher == "Example News"
    assert found.title not in paragraphs
    assert not any("Subscribe" in p for p in paragraphs)  # the footer stays out


@pytest.mark.parametrize(
    "notice",
    [
        "We use cookies to improve your experience.",
        "We use cookies to give you the best possible experience on our website.",
        "We use cookies and similar technologies to personalise content.",
    ],
)
def test_cookie_sentences_with_a_purpose_are_removed(notice):
    from pipelines.config import load_config

    lexicon = Lexicon(load_config()["clean"]["lexicon_data"])
    body = "The minister said on Monday that the new budget would include significant investment in public transport and housing."
    result = clean_text(f"{body}\n\n{notice}\n\n{body}", lexicon)
    assert notice not in result.text
    assert [b.kind for b in result.boilerplate] == ["cookie notice"]


def _sentences(lang: str, start: int, n: int) -> list:
    from tests.conftest import BENCH, require_shared

    path = require_shared(BENCH / "langid" / "sentences" / f"{lang}.txt")
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if len(line.split()) >= 12]
    return lines[start : start + n]


@pytest.mark.parametrize("first, second", [("fr", "en"), ("ar", "en"), ("de", "tr")])
def test_bilingual_article_keeps_both_languages(first, second):
    """An article whose second half (~45%) is in another language keeps both halves: only
    notice-shaped paragraphs at the edges leave as foreign language."""
    a, b = _sentences(first, 0, 8), _sentences(second, 0, 6)
    paragraphs = [" ".join(a[i : i + 2]) for i in range(0, 8, 2)] + [" ".join(b[i : i + 2]) for i in range(0, 6, 2)]
    result = clean_text("\n\n".join(paragraphs), LEXICON)
    assert [x.kind for x in result.boilerplate if x.kind == "foreign language"] == []
    assert result.text.split("\n\n") == paragraphs


def test_short_cjk_and_thai_briefs_are_articles():
    """shared/cases 05_cjk_short.txt and a Japanese and a Thai brief: not too_short (their words
    are not separated by spaces); a two-line English text is still too short."""
    from tests.conftest import SHARED, require_shared

    chinese = require_shared(SHARED / "cases" / "in" / "05_cjk_short.txt").read_text("utf-8")
    japanese = "新線開業へ\n\n東京都は今日、新しい地下鉄路線の建設計画を発表した。総工費は約三千億円で、二〇三〇年の開業を目指す。"
    thai = ("น้ำท่วมภาคเหนือ\n\nรัฐบาลไทยประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วมในภาคเหนือ "
            "โดยจะจ่ายเงินชดเชยให้ครัวเรือนละห้าพันบาทภายในสิ้นเดือนนี้")
    docs = [_doc("zh", paragraphs_of_plain_text(chinese)), _doc("ja", japanese), _doc("th", thai),
            _doc("en", "Troops go home\n\nThe end of the mission is near, officials said.")]
    with TestPipeline() as p:
        ok, rejected = p | beam.Create(docs) | StripBoilerplate({**CLEAN, "min_words": 20, "lexicon_data": LEXICON_DATA})
        assert_that(ok | beam.Map(lambda d: d.id), equal_to(["zh", "ja", "th"]), label="ok")
        assert_that(rejected | beam.Map(lambda r: (r.id, r.reason)), equal_to([("en", "too_short")]), label="rejected")


# Briefs in languages of long words (written for this test): fewer than 20 words, each saying what two
# English words say. Malayalam with its chillu letters both as atomic letters (ൽ) and in the older
# spelling consonant + virama + ZERO WIDTH JOINER; Georgian; Finnish.
MALAYALAM_BRIEF = (
    "കേരളത്തിൽ അഞ്ച് ജില്ലകളിൽ ഓറഞ്ച് അലേർട്ട്\n\n"
    "തിരുവനന്തപുരം: മൂന്ന് ദിവസങ്ങളില്\u200d മഴയ്ക്ക് സാധ്യതയുണ്ടെന്ന് കാലാവസ്ഥാ കേന്ദ്രം "
    "മുന്നറിയിപ്പ് നല്\u200dകി. മത്സ്യത്തൊഴിലാളികള്\u200d കടലിൽ പോകരുത്."
)
GEORGIAN_BRIEF = (
    "თბილისში ხვალ ღრუბლიანი ამინდი იქნება, მოსალოდნელია ხანმოკლე წვიმა და ძლიერი ქარი. "
    "მეტეოროლოგების ცნობით, ტემპერატურა დღისით თხუთმეტ გრადუსამდე აიწევს."
)
FINNISH_BRIEF = (
    "Eduskunta hyväksyi tiistaina hallituksen esityksen, jonka mukaan kuntien valtionosuuksia "
    "korotetaan ensi vuonna noin kahdellasadalla miljoonalla eurolla."
)


def test_briefs_in_languages_of_long_words_are_articles():
    """A 17-word Malayalam brief (headline + one paragraph), an 18-word Georgian and a 16-word Finnish
    one are articles: each word weighs its language's typical word length over English's (wordfreq's
    list for Finnish; the text's own for Malayalam and Georgian, which have none). Still too short:
    an English stub of long words (English words weigh 1), a 5-word Malayalam teaser and a 9-word
    Finnish photo caption."""
    assert word_count(MALAYALAM_BRIEF) == 17 and word_count(GEORGIAN_BRIEF) == 18 and word_count(FINNISH_BRIEF) == 16
    english = ("Parliament approved comprehensive infrastructure legislation yesterday, authorising "
               "substantial investment across northern municipalities.")
    teaser = "മുഖ്യമന്ത്രി ഇന്ന് വൈകീട്ട് മാധ്യമങ്ങളെ കാണും"
    caption = ("Pääministeri kommentoi hallituksen budjettiriihen tuloksia tiistaina Helsingissä "
               "järjestetyssä tiedotustilaisuudessa.")
    docs = [_doc("ml", MALAYALAM_BRIEF), _doc("ka", GEORGIAN_BRIEF), _doc("fi", FINNISH_BRIEF),
            _doc("en", english), _doc("teaser", teaser), _doc("caption", caption)]
    with TestPipeline() as p:
        ok, rejected = p | beam.Create(docs) | StripBoilerplate({**CLEAN, "min_words": 20, "lexicon_data": LEXICON_DATA})
        assert_that(ok | beam.Map(lambda d: d.id), equal_to(["ml", "ka", "fi"]), label="ok")
        assert_that(rejected | beam.Map(lambda r: (r.id, r.reason)),
                    equal_to([("en", "too_short"), ("teaser", "too_short"), ("caption", "too_short")]), label="rejected")


def test_a_text_that_is_only_its_title_is_too_short_not_without_letters():
    """trial-7: a fetched text/plain page whose one line became its title was rejected no_text ('no
    letters: numbers, symbols or emoji only') although it has letters; a numbers-only text still is."""
    docs = [_doc("title", "", title="Plain text file served"), _doc("numbers", " ".join(str(i) for i in range(40)))]
    with TestPipeline() as p:
        _, rejected = p | beam.Create(docs) | StripBoilerplate({**CLEAN, "min_words": 20, "lexicon_data": LEXICON_DATA})
        assert_that(rejected | beam.Map(lambda r: (r.id, r.reason, r.detail)),
                    equal_to([("title", "too_short", "0 words < 20 (only a title)"),
                              ("numbers", "no_text", "no letters: numbers, symbols or emoji only")]))


def test_enough_words_weighs_words_by_their_languages_length():
    """English words weigh 1 whatever their length; Finnish ones wordfreq's length ratio (about 1.36);
    a language without a list its text's own; never more than MAX_WORD_WEIGHT a word, never less than 1
    (Vietnamese' short syllable-words count as before); a declared language decides over the text."""
    from transforms.language import MAX_WORD_WEIGHT, word_weight

    assert word_weight("Internationalization notwithstanding", "en") == 1.0
    assert 1.25 < word_weight(FINNISH_BRIEF, "fi") < 1.5
    assert 1.8 < word_weight(MALAYALAM_BRIEF, "ml") < 2.5 and word_weight(MALAYALAM_BRIEF, "und") == word_weight(MALAYALAM_BRIEF, "ml")
    assert word_weight("ᐃᓄᒃᑎᑐᑦ ᐅᖃᐅᓯᖅ ᐃᓕᓐᓂᐊᖅᑐᓕᒫᓄᑦ ᐃᓕᓐᓂᐊᕐᕕᖕᒥ", "iu") == MAX_WORD_WEIGHT
    assert word_weight("Hà Nội mưa to, nhiều tuyến phố ngập sâu", "vi") == 1.0
    assert word_weight(FINNISH_BRIEF, "en") == 1.0
    assert enough_words(FINNISH_BRIEF, "fi", 16, 20) and not enough_words(FINNISH_BRIEF, "fi", 14, 20)
    assert enough_words("a b c", "en", 20, 20) and not enough_words("", "und", 0, 20)


@pytest.mark.parametrize(
    "line",
    [
        "Published in Nature on 3 March 2021, the study followed 4,000 patients for ten years.",
        "Publié dans Le Monde le 3 mars 2021, l'entretien a suscité de nombreuses réactions.",
        "Veröffentlicht in der Zeit am 3. März 2021 wurde der Bericht von vielen Lesern kommentiert.",
    ],
)
def test_a_publication_sentence_in_the_body_stays_and_dates_nothing(line):
    language = "fr" if line.startswith("Publié") else "en"
    result = _clean_between_body(line, language)
    assert line in result.text.split("\n\n")
    assert result.published == ""



def test_lexicon_keys_and_version_are_checked():
    with pytest.raises(ConfigError, match=r"unknown key boilerplate\.home_word \(did you mean boilerplate\.home_words\?\)"):
        Lexicon({**LEXICON_DATA, "home_word": ["home"]})
    limits = {**LEXICON_DATA["limits"], "ticker_min_segment": 4}
    with pytest.raises(ConfigError, match=r"unknown key boilerplate\.limits\.ticker_min_segment \(did you mean"):
        Lexicon({**LEXICON_DATA, "limits": limits})
    with pytest.raises(ConfigError, match="reads lexicon version 1"):
        Lexicon({**LEXICON_DATA, "version": 2})
    with pytest.raises(ConfigError, match="limits.date_line_min_share is missing"):
        Lexicon({**LEXICON_DATA, "limits": {k: v for k, v in LEXICON_DATA["limits"].items() if k != "date_line_min_share"}})


def test_a_paragraph_with_doubled_spaces_is_not_a_ticker():
    """A 70-word Hindi body paragraph whose spaces were doubled stays; a real ticker still goes."""
    hindi = ("भारत सरकार ने आज नई शिक्षा नीति की घोषणा की जिसके तहत देश के सभी सरकारी स्कूलों में अगले साल से "
             "मातृभाषा में पढ़ाई अनिवार्य होगी। शिक्षा मंत्री ने कहा कि इस फैसले से ग्रामीण इलाकों के लाखों बच्चों "
             "को फायदा होगा और स्कूल छोड़ने वाले छात्रों की संख्या घटेगी। विपक्ष ने कहा कि सरकार को पहले शिक्षकों "
             "की कमी दूर करनी चाहिए क्योंकि कई राज्यों में हजारों पद खाली पड़े हैं और नई नीति लागू करना मुश्किल होगा।")
    words_ = hindi.split(" ")
    irregular = "".join(w + ("  " if i % 4 == 3 else " ") for i, w in enumerate(words_)).strip()
    for doubled in (hindi.replace(" ", "  "), irregular):
        result = clean_text("\n\n".join([EN_BODY[0], doubled, EN_BODY[1]]), LEXICON)
        assert doubled in result.text.split("\n\n"), result.boilerplate
    ticker = "Markets rally after rate cut  |  Storm hits northern coast  |  Election results due tonight  |  Team wins cup final"
    result = clean_text("\n\n".join([EN_BODY[0], ticker, EN_BODY[1]]), LEXICON)
    assert [b.kind for b in result.boilerplate] == ["ticker"]


# ---- notices addressed to the reader: a kind's topic word + words speaking to the reader ---------
# Written for these tests (not taken from the benchmark sets); long ones are far beyond the
# phrase-dominance rule: each matched nothing before the address rule.
ADDRESSED = [
    ("We and our advertising partners place cookies on this device to remember your settings, measure "
     "audiences and show you relevant offers; you may withdraw consent whenever you like from the footer.",
     "cookie notice", "en"),
    ("Ce contenu est réservé à nos abonnés. Profitez de votre premier mois offert puis 7,99 € par mois, "
     "résiliable à tout moment.", "paywall", "fr"),
    ("Holen Sie sich unsere neue App für iPhone und Android und verpassen Sie keine Eilmeldung mehr aus "
     "Ihrer Region.", "app download", "de"),
    ("Únete a nuestro canal de Telegram y recibe cada tarde un resumen de la jornada.", "follow prompt", "es"),
    ("Этот текст переведён нейросетью с английского языка, поэтому в нём возможны неточности.",
     "machine-translation disclaimer", "en"),
    ("يبدو أن متصفحك قديم، يرجى تحديثه لمشاهدة الفيديو بشكل صحيح.", "browser notice", "ar"),
    ("Bu içeriği okumaya devam etmek için abonelerimize özel paketlerimizden birini seçin.", "paywall", "en"),
    ("कृपया हमारे ऐप को डाउनलोड करें और हर ताज़ा खबर सबसे पहले पाएं।", "app download", "en"),
    ("Suka dengan artikel ini? Bagikan ke teman-teman Anda lewat media sosial.", "share prompt", "en"),
    ("Copying or republishing this content without written permission from the editors is prohibited.",
     "copyright", "en"),
]


@pytest.mark.parametrize("line,kind,language", ADDRESSED)
def test_notices_addressed_to_the_reader_are_removed(line, kind, language):
    result = _clean_between_body(line, language)
    assert Boilerplate(kind, line) in result.boilerplate


# Body sentences that name the same topics in the third person, or quote a notice: kept.
THIRD_PERSON = [
    ("The regulator fined the publisher for placing tracking cookies on visitors' devices without consent.", "en"),
    ("Fewer than 30,000 households still subscribe to the paper's print edition, the annual report shows.", "en"),
    ("The app, which has been installed more than five million times, lets farmers check grain prices.", "en"),
    ("\"We use cookies to follow every visitor,\" the company's former engineer told the committee on Monday.", "en"),
    ("His comments give an opening to moderates in the party, who have long argued for a slower pace.", "en"),
    ("Gli abbonati alla televisione satellitare sono calati del 12% nell'ultimo anno, secondo l'autorità.", "en"),
    ("Le nombre d'abonnés au service de vidéo a doublé en un an, selon l'opérateur.", "fr"),
    ("وأعلنت الشركة عن تحديث جديد لتطبيقها يتيح للمستخدمين دفع الفواتير إلكترونياً.", "ar"),
    ("Die App der Bahn zeigte am Morgen wegen einer Störung keine Verbindungen an.", "de"),
    ("The author sued the studio for copyright infringement, saying the film copied her novel without permission.", "en"),
    ("Photographs taken by a drone showed the extent of the damage to the cathedral roof.", "en"),
    # feature prose speaking to the reader: "you" beside a topic word is no notice
    ("If you live in the valley, chances are you have an app or two that tracks the pollen count.", "en"),
]


@pytest.mark.parametrize("sentence,language", THIRD_PERSON)
def test_body_sentences_naming_notice_topics_stay(sentence, language):
    result = _clean_between_body(sentence, language)
    assert sentence in result.text.split("\n\n")


# Caption credits, correction notes, update stamps and labels in languages the lexicon lacked.
MORE_FURNITURE = [
    ("Foto: Reuters/Anna Kowalska", "en"),
    ("(Photo by Jane Doe/AFP via Getty Images)", "en"),
    ("Фото: пресс-служба губернатора", "en"),
    ("Correction: An earlier version of this story gave the wrong date for the vote.", "en"),
    ("Обновлено 3 апреля 2025, 09:12", "en"),
    ("Son güncelleme: 3 Nisan 2025 09:12", "en"),
    ("آخرین به‌روزرسانی: ۱۴ فروردین ۱۴۰۴ - ۰۹:۱۲", "en"),
    ("ΔΙΑΦΗΜΙΣΗ", "en"),
    ("Komentarze", "en"),
    ("ये भी पढ़ें: मुंबई में भारी बारिश से लोकल ट्रेनें रुकीं", "en"),
    ("İLGİLİ HABERLER", "en"),
    ("Lesezeit: 6 Min.", "de"),
    ("Flooded streets in Valencia on Wednesday. Photo: Ana Ruiz/EFE", "en"),
    ("新华社记者 王磊 摄", "en"),
    ("Do góry", "en"),
]


@pytest.mark.parametrize("line,language", MORE_FURNITURE)
def test_credits_corrections_stamps_and_labels_in_more_languages_are_removed(line, language):
    result = _clean_between_body(line, language)
    assert line in [b.text for b in result.boilerplate]


# ---- repeated lines: furniture only, never a templated report's shared sentence (issue 16 item 2)

QUAKE_FURNITURE = [
    "Follow Quake Watch on Facebook and X",
    "Sign up for our morning newsletter",
    "Copyright 2024 Quake Watch Media. All rights reserved. This material may not be published, broadcast or redistributed.",
]
QUAKES = [  # (place, magnitude, depth, local detail)
    ("Hualien, Taiwan", "5.8", "12", "Trains on the east coast line were halted for inspection for about an hour."),
    ("Izmir province, Turkey", "4.9", "7", "Residents of several coastal towns spent part of the night outdoors."),
    ("the Aleutian Islands, Alaska", "6.1", "35", "The tsunami warning centre said no wave was expected on the Pacific coast."),
    ("Sumatra, Indonesia", "5.3", "20", "Local radio reported that schools in the district would open as usual on Monday."),
]
QUAKE_SHARED = "There were no immediate reports of damage or casualties, local emergency services said."


def _quake_reports(shared_at: str) -> list:
    docs = []
    for i, (place, mag, depth, detail) in enumerate(QUAKES):
        lead = f"A magnitude {mag} earthquake struck {place} early on Tuesday, seismologists said."
        where = f"The quake hit at a depth of {depth} kilometres, according to the national geological survey."
        body = [lead, where, detail]
        body.insert({"middle": 2, "end": 3, "start": 0}[shared_at], QUAKE_SHARED)
        docs.append(_doc(f"q{i}", "\n\n".join(["Home | World | Science | Weather", *body, *QUAKE_FURNITURE]),
                         group="quakewatch.example"))
    return docs


@pytest.mark.parametrize("shared_at", ["middle", "end", "start"])
def test_repeated_line_rule_keeps_the_sentence_templated_reports_share(shared_at):
    """Four templated earthquake reports of one publisher share a content sentence (in the middle,
    as the last body line before the furniture, as the first): it stays; the short furniture
    lines, the navigation row and the copyright sentences among the furniture go."""
    config = {**CLEAN, "repeated_min_docs": 3, "repeated_min_share": 0.5, "repeated_max_words": 30}

    def check(out):
        assert len(out) == 4
        for doc in out:
            assert QUAKE_SHARED in doc.text, (shared_at, doc.text)
            removed = {b.text for b in doc.boilerplate}
            assert removed == {"Home | World | Science | Weather", *QUAKE_FURNITURE}, removed
            assert "earthquake struck" in doc.text and "geological survey" in doc.text

    with TestPipeline() as p:
        out = p | beam.Create(_quake_reports(shared_at)) | StripRepeatedLines(config)
        assert_that(out, check, label="stripped")


def test_repeated_line_rule_in_other_languages_and_its_limits():
    """Spanish and Chinese templated reports keep their shared sentence; a template block of three
    repeated sentences (a site's introduction) and a labelled disclaimer next to the body still go."""
    es_shared = "Protección Civil informó de que no se registraron daños materiales ni heridos en la zona."
    zh_shared = "目前暂无人员伤亡和财产损失的报告，当地应急部门正在进一步核实灾情。"
    intro = [
        "Este portal no es un simple agregador de noticias sino un espacio para la información local.",
        "Si quieres dar a conocer los temas de tu comunidad, envíanos tu artículo con una foto.",
        "También puedes seguir nuestras novedades a diario a través de los canales RSS del portal.",
    ]
    disclaimer = "免责声明：本文仅代表作者个人观点，与本站无关，其原创性以及文中陈述文字和内容未经本站证实。"
    es_places = ["Granada", "Murcia", "Almería", "Málaga"]
    zh_places = ["云南大理", "四川宜宾", "新疆和田", "台湾花莲"]
    es = ["\n".join([*intro, f"Un terremoto de magnitud 4,{i + 2} sacudió la provincia de {place} la madrugada del martes.",
                     es_shared, f"El epicentro se localizó cerca de {place}, a diez kilómetros de profundidad, según el Instituto Geográfico."])
          for i, place in enumerate(es_places)]
    zh = ["\n".join([f"中国地震台网正式测定，{place}发生{i + 4}.{i}级地震，震源深度十公里，多地震感明显。", zh_shared,
                     f"{place}当地居民表示，地震发生时房屋摇晃了十几秒，随后大家纷纷跑到室外空地避险。", disclaimer])
          for i, place in enumerate(zh_places)]
    es_keys = set.intersection(*(short_line_keys(t, 30) for t in es))
    zh_keys = set.intersection(*(short_line_keys(t, 30) for t in zh))
    for text in es:
        kept, removed = strip_lines(text, es_keys, 30)
        assert es_shared in kept and [b.text for b in removed] == intro
    for text in zh:
        kept, removed = strip_lines(text, zh_keys, 30)
        assert zh_shared in kept and [b.text for b in removed] == [disclaimer]


def test_a_copy_is_not_furniture_strip_lines_keeps_a_text_made_of_repeated_lines():
    """Repeated lines holding more than repeated_max_text_share (0.8) of a text's words make it a
    copy (the same story again), not an article with furniture: nothing is stripped from it; a
    text whose own lines are more than a fifth of it still loses its repeated lines."""
    promo = "Get the Daily Brief in your pocket, every morning"
    story = [
        "Firefighters contained a wildfire near the town on Sunday after three days of work.",
        "About 400 residents were allowed back to their homes in the evening, the mayor said.",
        "The cause of the fire is still under investigation, according to the regional police.",
        promo,
    ]
    copy = "\n\n".join(story)
    keys = short_line_keys(copy, 30)
    assert strip_lines(copy, keys, 30) == (copy, [])
    recrawl = "\n\n".join(["Updated 10 minutes ago", *story])  # one line of its own: still a copy
    assert strip_lines(recrawl, keys, 30) == (recrawl, [])
    own = "\n\n".join([
        "A story of its own, with a first paragraph nobody else printed on that day.",
        "The second paragraph of this story is also its own, and longer than the promo line below it.",
        promo,
    ])
    text, removed = strip_lines(own, keys, 30)
    assert removed == [Boilerplate("repeated line", promo)] and promo not in text
    # the share is a setting: at 1.0 even a copy loses its repeated lines
    assert strip_lines(copy, keys, 30, max_share=1.0)[0] == ""


# three real pages (Greek, Chinese) whose paragraphs are all short lines: four copies of one in one
# folder made every line "repeated" and the copies were rejected no_text before the copy rule
_COPIED_PAGES = [
    "20111101_www.express.gr_6648058818bdb924afb68d540f362451eec0e42a8d47455b17b6ca3e.html",
    "20120112_scitech.people.com.cn_a847bc0018ca7dace04537569f26bfb5d1541212c3fcc5ee4413cf6a.html",
    "20120117_finance.ifeng.com_e44f1d7de7e7f21e41c306894c5ef89534a77638dc7f3e9b1c535583.html",
]


def test_copies_of_one_page_in_one_folder_are_one_article_and_duplicates(run_ingest, tmp_path):
    """Four copies of a real page in one folder (one group: the same story at four URLs, as in a
    re-crawl) are kept whole by the repeated-line rule: one article survives per page and three
    are exact duplicates of it, none is rejected; with the copy rule off (share 1.0) the copies
    lose every line and are rejected (the fault this rule fixes)."""
    from tests.conftest import BENCH, read_table, require_shared

    html = require_shared(BENCH / "extraction-daniel" / "html")
    for n, name in enumerate(_COPIED_PAGES):
        folder = tmp_path / "copies" / f"page{n}"
        folder.mkdir(parents=True)
        for i in range(4):
            (folder / f"copy-{i}.html").write_bytes((html / name).read_bytes())
    pattern = str(tmp_path / "copies" / "*" / "*.html")
    out, summary = run_ingest(pattern)
    assert (summary["articles"], summary["duplicates"], summary["rejected"]) == (3, 9, 0)
    # whole pages (the shortest, ifeng's, is 273 characters of body and link lists since its site
    # disclaimer "免责声明：本文仅代表作者个人观点..." goes as a notice, sixteenth session)
    assert all(len(a["text"]) > 250 for a in read_table(out, "articles"))
    off = tmp_path / "off.yaml"
    off.write_text("clean:\n  repeated_max_text_share: 1.0\n")
    _, summary = run_ingest(pattern, extra=["--config", str(off)], name="off")
    assert summary["rejected"] == 12


def test_strip_repeated_lines_refuses_a_share_above_one():
    with pytest.raises(ConfigError, match="repeated_max_text_share"):
        StripRepeatedLines({**CLEAN, "repeated_max_text_share": 1.5})


def test_a_caption_sentence_before_its_credit_stays_a_bare_credit_goes():
    """A photo credit ending in 摄 is furniture when it is only the credit; a caption whose own
    sentence comes before the credit describes the picture (content, kept by the DAnIEL
    annotators), so the line stays."""
    body = [
        "当地时间周一上午，市中心一栋商业大楼发生火灾，消防部门出动了二十多辆消防车赶赴现场扑救。",
        "据现场目击者介绍，火势在一个多小时后得到控制，目前没有人员伤亡的报告，起火原因正在调查之中。",
    ]
    credit = "新华社记者 李明 摄"
    caption = "12月15日，消防车停在大楼外。新华社发（王伟 摄）"
    result = clean_text("\n\n".join([*body, caption, credit]), LEXICON, language="zh")
    assert caption in result.text.split("\n\n")
    assert credit not in result.text and any(b.text == credit for b in result.boilerplate)


# ---- slot rules: language links, reading times, read-at-source lines (CLDR names and units) ----
# Written for these tests, in languages and phrasings of their own: the language names and the
# minute units come from the CLDR tables, so languages nobody typed are recognised.

def _clean_after_body(line: str, language: str = "en"):
    return clean_text("\n\n".join([*EN_BODY, line]), LEXICON, language=language)


SLOT_NOTICES = [
    ("Read this article in Swahili", "language link"),
    ("Leer en gallego", "language link"),
    ("Lire en breton", "language link"),
    ("Auf Türkisch lesen", "language link"),
    ("Читать на казахском", "language link"),
    ("Czytaj po ukraińsku", "language link"),
    ("اقرأ الخبر بالفرنسية", "language link"),
    ("Versão em espanhol", "language link"),
    ("Ukrainian version", "language link"),
    ("النسخة الفرنسية", "language link"),
    ("中文版", "language link"),
    ("한국어판 보기", "language link"),
    ("Läs på engelska", "language link"),
    ("Citește în engleză", "language link"),
    ("Číst v angličtině", "language link"),
    ("Lesezeit: 4 Minuten", "reading time"),
    ("Tempo de leitura: 6 min", "reading time"),
    ("Lästid 3 min", "reading time"),
    ("Doba čtení: 5 minut", "reading time"),
    ("⏱ 5 دقائق", "reading time"),
    ("読了時間：約4分", "reading time"),
    ("閱讀時間 3 分鐘", "reading time"),
    ("Temps de lecture estimé : 6 minutes", "reading time"),
    ("Escuchar la noticia · 4 min", "listen prompt"),  # the audio player's offer: its own kind since notices-17 (it went as a reading time before)
    ("Continue reading on Harbour Daily", "click-to-read-at-source"),
    ("Lire la suite sur le site de La Voix du Nord", "click-to-read-at-source"),
    ("Weiterlesen auf der Website des Kuriers", "click-to-read-at-source"),
    ("Leggi l'articolo completo sul sito di Corriere Alpino", "click-to-read-at-source"),
    ("Читайте продолжение на сайте «Вечерний город»", "click-to-read-at-source"),
    ("Devamını okumak için tıklayın: haberekspres.com", "click-to-read-at-source"),
    ("اقرأ التفاصيل كاملة على موقع الجريدة", "click-to-read-at-source"),
    ("متن کامل این خبر را در سایت منبع بخوانید", "click-to-read-at-source"),
    ("全文请见原文网站", "click-to-read-at-source"),
    ("기사 전문은 원문 사이트에서 확인하세요", "click-to-read-at-source"),
]


@pytest.mark.parametrize("line,kind", SLOT_NOTICES)
def test_slot_notices_in_many_languages_are_removed(line, kind):
    result = _clean_after_body(line)
    assert Boilerplate(kind, line) in result.boilerplate


SLOT_BODY = [
    "English Premier League: results and table",  # a headline naming a language, no read/edition word
    "Russian hackers read emails of officials",  # the name is no link's slot
    "Why the French still read paper newspapers",
    "He read the statement in fluent Spanish",  # the read word does not open the line
    "The English version of the treaty was signed in 1842.",  # a sentence
    "Chinese readers",
    "The meeting lasted 45 minutes",
    "He spent 5 minutes reading the report",  # the time sits inside a sentence
    "Full results from the source",
]


@pytest.mark.parametrize("line", SLOT_BODY)
def test_body_lines_with_slot_words_stay(line):
    # between body paragraphs: under the last paragraph a label-shaped line goes whatever its
    # words (test_labels_under_the_prose_are_removed)
    assert line in _clean_between_body(line, "en").text.split("\n\n")


# A pronoun just before a topic word speaks for a notice only near its sentence's start: feature
# prose addressing the reader mentions "your browser" or "your subscriber base" later on.
@pytest.mark.parametrize(
    "sentence",
    [
        "Cloud gaming promises console-quality graphics and low latency, all streamed straight to your browser",
        "Once the launch is over, you can try new ways to grow your subscriber base, such as webinars and events.",
    ],
)
def test_reader_addressing_prose_with_a_late_pronoun_stays(sentence):
    assert sentence in _clean_after_body(sentence).text.split("\n\n")


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Your browser is out of date and some features of the site may not work.", "browser notice"),
        ("It seems that your ad blocker is on. Our newsroom is paid for by advertising.", "adblock notice"),
    ],
)
def test_pronoun_led_notices_at_their_sentence_start_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


# ---- labels by slots and notes about the page (structural: hashtags, form fields, an ad word
# with a continuation word, a platform or @handle with a follow word, translation + machine
# words, update stamps); phrasings written for these tests ----------------------------------------

LABEL_SLOTS = [
    ("#election2025 #parliament #budget", "tags"),
    ("#الانتخابات #البرلمان #الميزانية", "tags"),
    ("Nom * Courriel * Commentaire *", "comment form"),
    ("Patrocinado", "advertisement label"),
    ("Gesponserter Inhalt", "advertisement label"),
    ("La noticia continúa después del anuncio", "advertisement label"),
    ("Reklam sonrası habere devam edin", "advertisement label"),
    ("Sledujte nás na Facebooku", "follow prompt"),
    ("Suivez-nous sur Instagram et TikTok", "follow prompt"),
    ("Takip edin: @gundemekspres", "follow prompt"),
    ("Підписуйтесь на наш Telegram-канал", "follow prompt"),
    ("हमें इंस्टाग्राम पर फॉलो करें", "follow prompt"),
    ("Traducción automática", "machine-translation disclaimer"),
    ("Maschinelle Übersetzung: Fehler sind möglich.", "machine-translation disclaimer"),
    ("Aggiornamento delle 21:40", "correction note"),
    ("Updated 9:05 a.m. ET: Adds comment from the mayor's office.", "correction note"),
    ("Este artículo fue actualizado con la respuesta del ministerio.", "correction note"),
    ("Статья обновлена: добавлен комментарий полиции.", "correction note"),
    ("本文于5月2日更新。", "correction note"),
]


@pytest.mark.parametrize("line,kind", LABEL_SLOTS)
def test_labels_by_slots_and_page_notes_are_removed(line, kind):
    result = _clean_after_body(line)
    if kind:
        assert Boilerplate(kind, line) in result.boilerplate
    else:
        assert line in result.text.split("\n\n")


LABEL_SLOT_BODY = [
    "Advertising revenue fell by a fifth",  # an ad word in a headline
    "The minister follows the debate on Twitter every evening.",  # a sentence, not a prompt
    "Fans of #1 seed Alcaraz packed the stands",  # one hashtag-like number
    "Automatic translation tools still struggle with idioms, researchers say.",
    "Updated census figures show the city grew by 4% in ten years.",  # no time stamp after the word
    "The story of the bridge began in 1932, when the council bought the land.",
    "Prices rose 3 * 4 times",
]


@pytest.mark.parametrize("line", LABEL_SLOT_BODY)
def test_body_lines_with_label_slot_words_stay(line):
    assert line in _clean_after_body(line).text.split("\n\n")


# Kinds in Hebrew, Japanese, Korean and Ukrainian (phrasings of real sites, written for the test).
HE_JA_KO_UK = [
    ("פרסומת", "advertisement label"),
    ("שתפו את הכתבה", "share prompt"),
    ("לראש העמוד", "back-to-top"),
    ("קראו גם: הממשלה אישרה את התקציב", "read-also teaser"),
    ("כל הזכויות שמורות לעיתון", "copyright"),
    ("広告", "advertisement label"),
    ("関連記事：日銀が追加利上げを決定", "read-also teaser"),
    ("コメントを書く", "comment form"),
    ("無断転載を禁じます", "copyright"),
    ("관련기사: 한은 기준금리 동결", "read-also teaser"),
    ("댓글 쓰기", "comment form"),
    ("맨 위로", "back-to-top"),
    ("Читайте також: Уряд ухвалив бюджет на 2026 рік", "read-also teaser"),
    ("Поділитися", "share prompt"),
    ("Вгору", "back-to-top"),
    ("Усі права захищено", "copyright"),
]


@pytest.mark.parametrize("line,kind", HE_JA_KO_UK)
def test_kinds_in_hebrew_japanese_korean_and_ukrainian_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


# Reported prose on notice topics (surveys, court rulings, research): kept. Chinese/Japanese
# phrases cover the characters they span (not the whole clause), a kind's cues without words to
# the reader count only in a short head sentence, and a pronoun list holds no word that is a
# function word of another language (German "du" is French "of the").
REPORTED_PROSE = [
    ("报告称，近四成用户在手机上开启了广告拦截功能。", "zh"),
    ("专家认为，机器翻译在合同文本中仍然容易出错。", "zh"),
    ("専門家によると、機械翻訳の精度はここ数年で大きく向上した。", "ja"),
    ("El Tribunal Supremo dictó que el diario no responde por los comentarios ofensivos de sus lectores si los retira en cuanto recibe una queja.", "es"),
    ("La Cour de justice a estimé que le bandeau du site devait permettre de refuser les cookies d'un seul clic.", "fr"),
]


@pytest.mark.parametrize("sentence,language", REPORTED_PROSE)
def test_reported_prose_on_notice_topics_stays(sentence, language):
    body = BODIES.get(language, EN_BODY)
    result = clean_text("\n\n".join([body[0], sentence, body[1]]), LEXICON, language=language)
    assert sentence in result.text.split("\n\n")


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Los comentarios ofensivos serán eliminados.", "comment form"),
        ("检测到您正在使用广告拦截插件，请关闭后刷新页面。", "adblock notice"),
        ("以上内容为机器自动翻译，仅供参考。", "machine-translation disclaimer"),
    ],
)
def test_short_rule_notices_and_chinese_notices_still_go(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


# Furniture labels recognised by generic slots (written for these tests, in languages the
# lexicon's phrase lists do not hold).
GENERIC_LABELS = [
    ("Källa: Göteborgs Dagblad", "click-to-read-at-source"),
    ("Kilde: Nordjyske Medier", "click-to-read-at-source"),
    ("Emner: Folketinget, klima, energi", "tags"),
    ("Aiheet: eduskunta, vaalit, verot", "tags"),
    ("Accepter alle", "cookie notice"),
    ("Hyväksy kaikki", "cookie notice"),
    ("Tak for din tilmelding!", "newsletter prompt"),
    ("Kiitos tilauksestasi!", "newsletter prompt"),
    ("Kommentarer (12)", "comment form"),
    ("Artikkelen ble først publisert på Bergens Tidende.", "click-to-read-at-source"),
    ("Läs också: Regeringen sänker skatten på bensin", "read-also teaser"),
    ("Mest lästa", "read-also teaser"),
    ("Liittyvät artikkelit", "read-also teaser"),
    ("Kopiera länk", "share prompt"),
    ("Facebook Twitter WhatsApp E-post", "share prompt"),
    ("Ladda ner appen", "app download"),
    ("Avaa sovelluksessa", "app download"),
]


@pytest.mark.parametrize("line,kind", GENERIC_LABELS)
def test_generic_furniture_labels_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


GENERIC_LABEL_BODY = [
    "Source of the leak remains unknown, police said.",
    "Facebook and Twitter ban the group",  # two platforms in a headline: no row of buttons
    "Apple opens its biggest app store in Europe this week.",
    "Thank you, said the minister as the vote passed.",
    "The novel was first published in 1962 and sold a million copies.",
    "โฆษกปฏิเสธที่จะแสดงความคิดเห็น",  # Thai "the spokesman declined to comment": one run, many words
]


@pytest.mark.parametrize("line", GENERIC_LABEL_BODY)
def test_body_lines_with_generic_label_words_stay(line):
    assert line in _clean_after_body(line).text.split("\n\n")


# Notes after a label, correction labels, back-to-top rows (written for these tests).
PAGE_NOTES = [
    ("Rättelse: I en tidigare version av artikeln angavs fel datum för mötet.", "correction note"),
    ("[Correction] An earlier version misspelled the mayor's name.", "correction note"),
    ("【お詫び】記事中の日付に誤りがありました。", "correction note"),
    ("Anmerkung der Redaktion: Der Artikel wurde um eine Stellungnahme der Stadt ergänzt.", "correction note"),
    ("Nota: l'articolo è stato modificato alle 18.10 per correggere un nome.", "correction note"),
    ("Traducido con ayuda de inteligencia artificial.", "machine-translation disclaimer"),
    ("Hinweis: Dieser Text wurde mithilfe von KI übersetzt.", "machine-translation disclaimer"),
    ("Tillbaka till toppen", "back-to-top"),
    ("Takaisin ylös", "back-to-top"),
    ("Retour en haut", "back-to-top"),
]


@pytest.mark.parametrize("line,kind", PAGE_NOTES)
def test_page_notes_after_labels_and_back_to_top_rows_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


# Correction notes without a label (twelfth session): the article in an oblique case after a version
# word ("in the earlier version of the article"), the plain "wrong" of languages that had no error word,
# a Turkish article word with its case ending.
CORRECTIONS_WITHOUT_LABEL = [
    ("Na primeira versão desta matéria, a idade do prefeito estava errada.", "pt"),
    ("Nella versione precedente di questo articolo la data era sbagliata.", "it"),
    ("इस लेख के पहले संस्करण में मेयर की उम्र गलत बताई गई थी।", "hi"),
    ("בגרסה קודמת של הכתבה נכתב בטעות כי השר התפטר.", "he"),
    ("Haberin önceki halinde belediye başkanının yaşı yanlış yazılmıştı.", "tr"),
    ("В первой версии статьи неверно указана дата заседания.", "ru"),
]


@pytest.mark.parametrize("line,language", CORRECTIONS_WITHOUT_LABEL)
def test_correction_notes_without_a_label_are_removed(line, language):
    result = clean_text("\n\n".join([*EN_BODY, line]), LEXICON, language=language)
    assert Boilerplate("correction note", line) in result.boilerplate


_VERSION_BODY = {
    "ru": ["Депутаты городской думы в среду обсудили новый бюджет на следующий год.",
           "Заседание продолжалось почти шесть часов и закончилось поздно вечером."],
    "hi": ["नगर निगम ने बुधवार को अगले साल का बजट पेश किया और कई नई योजनाओं की घोषणा की।",
           "बैठक लगभग छह घंटे चली और देर शाम तक चर्चा जारी रही।"],
    "pt": ["A câmara municipal aprovou na quarta-feira o orçamento para o próximo ano.",
           "A sessão durou quase seis horas e terminou tarde da noite."],
    "tr": ["Belediye meclisi çarşamba günü gelecek yılın bütçesini görüştü.",
           "Toplantı yaklaşık altı saat sürdü ve gece geç saatlerde sona erdi."],
}


@pytest.mark.parametrize(
    "line,language",
    [
        # another document's version, or a wrong figure reported by someone: no article of the page's own
        ("В первой версии законопроекта была ошибка, которую депутаты исправили во вторник.", "ru"),
        ("मंत्री ने कहा कि रिपोर्ट के पिछले संस्करण में कुछ आंकड़े गलत थे।", "hi"),
        ("Na primeira versão do projeto, o valor do subsídio estava errado, admitiu o ministério.", "pt"),
        ("Bakan, yasanın önceki versiyonunda yanlış bir madde olduğunu söyledi.", "tr"),
    ],
)
def test_wrong_versions_of_other_documents_stay(line, language):
    lines = [*_VERSION_BODY[language], line]
    assert line in clean_text("\n\n".join(lines), LEXICON, language=language).text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "Up to 40 people were hurt, police said.",
        "Translation of the treaty into Ukrainian took the ministry's staff three years of work.",
        "Note: the figures do not include the city's suburbs.",
    ],
)
def test_body_lines_like_page_notes_stay(line):
    assert line in _clean_after_body(line).text.split("\n\n")


# Log-in and JavaScript notices by slots (written for these tests).
@pytest.mark.parametrize(
    "line,kind",
    [
        ("Logga in för att kommentera", "comment form"),
        ("Zaloguj się, aby czytać dalej", "paywall"),
        ("Aktivera JavaScript i din webbläsare", "browser notice"),
        ("Bitte aktivieren Sie JavaScript", "browser notice"),
    ],
)
def test_login_and_javascript_notices_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


@pytest.mark.parametrize(
    "line",
    ["JavaScript is still the most used language on GitHub.", "Hackers stole the login data of 2 million users."],
)
def test_body_lines_on_logins_and_javascript_stay(line):
    assert line in _clean_after_body(line).text.split("\n\n")


# Labels under the end of the prose, recognised by their shape whatever their words (written for
# these tests, in languages and wordings the lexicon's lists do not hold).
TAIL_LABELS = [
    ("Podijeli", "tail label"),  # Croatian "share"
    ("Zdieľať článok", "tail label"),  # Slovak "share the article"
    ("Tengdar fréttir", "tail label"),  # Icelandic "related news" (the Tagalog one is in the lists since the sixth session)
    ("Máte účet? Prihláste sa", "tail label"),  # Slovak "have an account? log in": two short segments
    ("Teemad: valimised, Riigikogu, maksud", "tail label"),  # Estonian tags after a label
    ("Erthyglau eraill: Y llywodraeth yn cyhoeddi treth newydd ar ffermwyr", "tail label"),  # Welsh label + headline (Latvian: in the lists now)
    ("【推荐】沿海城市进入台风季", "tail label"),  # bracketed label + headline
    ("Deutsch", "language link"),  # a language's name alone
    ("Українською", "language link"),  # with a case ending ("in Ukrainian")
    ("Eesti keeles", "language link"),  # Estonian "in Estonian"
    # twelfth session: a pointer glyph (arrow, triangle, pointing hand, envelope) parts a label from its
    # headline, or closes a button's words
    ("LES OGSÅ ➜ Strømprisen stiger igjen i vinter", "tail label"),  # Norwegian "read also" + arrow
    ("DALŠÍ ZPRÁVY ▶ Vláda schválila rozpočet na příští rok", "tail label"),  # Czech "more news" + triangle
    ("Lue myös → Helsingin raitiolinja valmistuu", "tail label"),  # Finnish "read also" + arrow
    ("Poslať e-mailom ✉️", "tail label"),  # Slovak "send by e-mail" + envelope
    ("Páčil sa vám článok? Pošlite ho priateľom 👉", "tail label"),  # two short segments and a pointing hand
]


@pytest.mark.parametrize("line,kind", TAIL_LABELS)
def test_labels_under_the_prose_are_removed(line, kind):
    result = _clean_after_body(line)
    assert Boilerplate(kind, line) in result.boilerplate
    assert result.text.split("\n\n") == EN_BODY


def test_a_run_of_labels_under_the_prose_goes_up_to_the_limit():
    labels = ["Jaga", "Podijeli", "Kopiraj poveznicu"]
    result = clean_text("\n\n".join([*EN_BODY, *labels]), LEXICON, language="en")
    assert result.text.split("\n\n") == EN_BODY
    limit = LEXICON.limits["tail_label_max_lines"]
    more = ["Jaga", "Podijeli", "Ispis", "Spremi", "Kopiraj"][: limit + 1]
    kept = clean_text("\n\n".join([*EN_BODY, *more]), LEXICON, language="en").text.split("\n\n")
    assert kept == [*EN_BODY, *more]  # a longer run of short lines is a list: all of it stays


TAIL_BODY = [
    # the text ends with a list, a table, a question, a footnote, a sentence: not labels under prose
    [*EN_BODY, "The shopping list:", "Flour", "Sugar"],
    [*EN_BODY, "- Flour"],
    [*EN_BODY, "| Total | 42 |"],
    [*EN_BODY, "What happens next?"],
    [*EN_BODY, "[1] Statistics Office, annual report"],
    [*EN_BODY, "The vote is expected next week."],
    # sign-offs and contact lines the references keep as the author's: a credit lead, an e-mail
    # address, an exclamation of several words
    [*EN_BODY, "With wire services"],
    [*EN_BODY, "Contact: desk@example.org"],
    [*EN_BODY, "See you next week!"],
    # a sentence with an arrow in it, or a long line ending with a pictograph
    [*EN_BODY, "Prices rose from 3 to 5 euros → a jump of two thirds."],
    [*EN_BODY, "The team thanked the fans who had travelled to the away game in the rain 👏"],
    # a short heading between paragraphs is not under the prose
    [EN_BODY[0], "Die Reaktionen", EN_BODY[1]],
    # under a paragraph that does not end like a sentence (a caption, a heading), nothing is taken
    ["A short intro without a full stop", "Podijeli"],
]


@pytest.mark.parametrize("lines", TAIL_BODY)
def test_lines_that_end_a_text_without_being_labels_stay(lines):
    assert clean_text("\n\n".join(lines), LEXICON, language="en").text.split("\n\n") == lines


# Body sentences that hold a notice's words and were taken for one (fourth writer's traps, by the
# mechanism, with other sentences written for these tests).
NOTICE_WORDS_IN_PROSE = [
    # the article word is not the subject ("the report said that machine-translation software...")
    ("وقال التقرير إن برامج الترجمة الآلية أخطأت في ترجمة أسماء المدن.", "ar"),
    ("Le rapport indique que la traduction automatique a mal rendu les noms propres.", "fr"),
    # a label quoted before a long sentence of prose about it
    ("Tous droits réservés : voilà la formule que l'éditeur fait imprimer sur chaque page depuis le procès de l'an dernier.", "fr"),
    ("All rights reserved: that is the line the estate now demands on every reproduction of the painter's work, museums say.", "en"),
]


@pytest.mark.parametrize("line,language", NOTICE_WORDS_IN_PROSE)
def test_prose_reporting_on_notice_topics_stays_between_body_lines(line, language):
    body = AR_BODY if language == "ar" else FR_BODY if language == "fr" else EN_BODY
    lines = [body[0], line, body[1]]
    assert line in clean_text("\n\n".join(lines), LEXICON, language=language).text.split("\n\n")


@pytest.mark.parametrize(
    "line,kind",
    [
        ("هذا المقال مترجم آليا من الإنجليزية.", "machine-translation disclaimer"),
        ("L'article a été traduit automatiquement de l'anglais.", "machine-translation disclaimer"),
        ("Tous droits réservés : reproduction interdite.", "copyright"),
    ],
)
def test_notices_with_the_article_as_subject_or_a_short_rest_still_go(line, kind):
    language = "ar" if line[0] in "هذا" else "fr"
    body = AR_BODY if language == "ar" else FR_BODY
    result = clean_text("\n\n".join([*body, line]), LEXICON, language=language)
    assert line not in result.text.split("\n\n")


# Notices addressed to the reader in languages whose topic words, address words and pronouns the
# lexicon lacked (written for these tests); possessives that follow their noun (address_after).
ADDRESSED_MORE_LANGUAGES = [
    ("Používáte blokátor reklam? Prosíme, přidejte si nás na seznam výjimek.", "adblock notice"),
    ("Váš prehliadač nie je podporovaný, aktualizujte ho prosím.", "browser notice"),
    ("Aquest lloc web utilitza galetes per analitzar el trànsit.", "cookie notice"),
    ("Tilmeld dig vores nyhedsbrev og få dagens vigtigste historier.", "newsletter prompt"),
    ("Den här artikeln är endast för prenumeranter.", "paywall"),
    ("Lataa sovellus ja lue uutiset ensimmäisenä.", "app download"),
    ("Kérjük, kapcsolja ki a hirdetésblokkolót.", "adblock notice"),
    ("Folosim cookie-uri pentru a îmbunătăți experiența dumneavoastră.", "cookie notice"),
    ("Kivinjari chako hakitumiki tena, kisasishe ili kuendelea.", "browser notice"),
    ("Trình duyệt của bạn không hỗ trợ phát video này.", "browser notice"),
    ("Browser Anda perlu diperbarui untuk memutar video.", "browser notice"),
    ("আমাদের অ্যাপ ডাউনলোড করুন।", "app download"),
    ("กรุณาปิดโปรแกรมบล็อกโฆษณาเพื่อดูเนื้อหา", "adblock notice"),
]


@pytest.mark.parametrize("line,kind", ADDRESSED_MORE_LANGUAGES)
def test_addressed_notices_in_more_languages_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


ADDRESSED_MORE_LANGUAGES_BODY = [
    # third-person prose naming the same topics (no address, no pronoun of the reader)
    "Soud rozhodl, že blokátor reklam je legální nástroj.",
    "Tidningen har tappat tiotusen prenumeranter sedan i fjol.",
    "Công ty cho biết trình duyệt của họ đã có mười triệu người dùng.",
    "Serikali imesema kivinjari hicho kina kasoro za usalama.",
    "A cég szerint az alkalmazás letöltéseinek száma megduplázódott.",
    "Người dân cho biết ứng dụng bạn bè giới thiệu rất hữu ích.",  # "bạn bè": friends, not "your"
    "Ministeriet bruger cookies som eksempel i sin nye vejledning om databeskyttelse til kommunerne.",
]


@pytest.mark.parametrize("line", ADDRESSED_MORE_LANGUAGES_BODY)
def test_third_person_prose_on_notice_topics_in_more_languages_stays(line):
    assert line in _clean_between_body(line, "en").text.split("\n\n")


@pytest.mark.parametrize(
    "line,kind",
    [
        # one button word before each platform (written for these tests)
        ("Podeli na Facebooku Podeli na X Kopiraj link", "share prompt"),
        ("Jaa Facebookissa Jaa WhatsAppissa", "share prompt"),
        # a note that the article first appeared elsewhere, in inflected forms
        ("Článek původně vyšel v týdeníku Respekt.", "click-to-read-at-source"),
        ("Juttu julkaistiin alun perin Helsingin Sanomissa.", "click-to-read-at-source"),
        ("הכתבה פורסמה לראשונה בעיתון הארץ.", "click-to-read-at-source"),
    ],
)
def test_share_rows_by_repeated_button_words_and_first_published_notes_are_removed(line, kind):
    assert Boilerplate(kind, line) in _clean_after_body(line).boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Facebook sued Facebook users in a Facebook court",  # a headline: the repeated word is the platform
        "Juttu julkaistiin alun perin vasta vuonna 1998, kun sensuuri oli jo poistunut, kertoo kustantaja.",
    ],
)
def test_lines_with_repeated_platform_words_or_publishing_history_stay(line):
    assert line in _clean_between_body(line, "en").text.split("\n\n")


# ---- fifth session: address words in the page's language; offers, paywalls, browsers, reuse ----

PAGE_BODIES = {
    "pt": [
        "A prefeitura anunciou nesta segunda-feira que as obras da nova ponte sobre o rio serão concluídas "
        "apenas no segundo semestre, com um atraso de quase um ano em relação ao cronograma inicial.",
        "Segundo o secretário de obras, a empresa responsável pediu mais prazo depois das chuvas de janeiro, "
        "que alagaram o canteiro e danificaram parte dos equipamentos.",
    ],
    "it": [
        "Il consiglio comunale ha approvato ieri sera il nuovo piano dei trasporti, che prevede più corse "
        "serali degli autobus e due nuove linee verso i quartieri periferici della città.",
        "Secondo l'assessore, le modifiche entreranno in vigore a partire da settembre, dopo una fase di prova "
        "di tre mesi su alcune linee del centro storico.",
    ],
    "fr": FR_BODY,
    "ar": AR_BODY,
    "en": EN_BODY,
}


def _clean_in_page(line: str, language: str, *, last: bool = False):
    body = PAGE_BODIES[language]
    parts = [*body, line] if last else [body[0], line, body[1]]
    return clean_text("\n\n".join(parts), LEXICON, language=language)


@pytest.mark.parametrize(
    "line,language",
    [
        # Portuguese "nos" is "in the", French "nos" is "our": a Portuguese page reads no French pronoun
        ("Nos comentários do vídeo, moradores reclamaram da demora nas obras da ponte.", "pt"),
        ("Nos fóruns de discussão, leitores pediram explicações sobre os cookies do aplicativo.", "pt"),
        # the imperative "Abbonati!" and the noun "abbonati" (subscribers) are one word
        ("Abbonati e pendolari hanno protestato contro il nuovo orario dei treni regionali.", "it"),
        # a quotation opening the sentence, then who said it: reported speech
        ("«تابعونا على تويتر»، قالت المذيعة في ختام البرنامج الذي بثته القناة مساء أمس.", "ar"),
        ('"Follow us on Instagram," the coach told the young players after the training session.', "en"),
        ("« Abonnez-vous à notre chaîne », a lancé le youtubeur devant une salle comble.", "fr"),
    ],
)
def test_address_words_of_another_language_and_reported_speech_stay(line, language):
    assert line in _clean_in_page(line, language).text.split("\n\n")
    assert line in _clean_in_page(line, language, last=True).text.split("\n\n")


@pytest.mark.parametrize(
    "line,language",
    [
        ("Nos partenaires et nous utilisons des cookies pour mesurer l'audience de ce site.", "fr"),
        # a notice in English on a French page: the line's own language counts
        ("We use cookies to improve your experience on our website.", "fr"),
        ("Abbonati per continuare a leggere", "it"),
    ],
)
def test_addressed_notices_still_go_in_their_page_or_line_language(line, language):
    assert line not in _clean_in_page(line, language, last=True).text.split("\n\n")


def test_a_thai_sentence_with_a_reading_time_in_its_middle_stays():
    line = "คนไทยใช้เวลาอ่านข่าวเฉลี่ย 12 นาทีต่อวันผ่านโทรศัพท์มือถือมากกว่าคอมพิวเตอร์"
    assert line in _clean_between_body(line, "en").text.split("\n\n")
    label = "อ่าน 4 นาที"
    assert label not in _clean_after_body(label).text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        # offers of news by e-mail (written for these tests)
        "Få veckans viktigaste nyheter direkt i din inkorg.",
        "Ontvang elke ochtend het laatste nieuws in je mailbox.",
        "Recevez nos meilleures enquêtes chaque semaine dans votre boîte mail.",
        "Dostávejte novinky z regionu každý týden do vaší e-mailové schránky.",
        "Nhận bản tin kinh tế mỗi tuần qua email.",
        "Ricevi le notizie della tua città direttamente nella tua casella di posta.",
        # paywalls: subscribe + read on, subscribers + only
        "Wykup prenumeratę, aby czytać dalej",
        "Denna artikel är endast för prenumeranter",
        "Obsah je dostupný pouze pro předplatitele",
        # browsers: a possessive after the noun, "not supported", JavaScript with an address
        "Το πρόγραμμα περιήγησής σας είναι παλιό.",
        "현재 브라우저는 이 기능을 지원하지 않습니다.",
        "Включите JavaScript, чтобы смотреть видео.",
        "Ενεργοποιήστε τη JavaScript για να δείτε τα σχόλια.",
        # reuse of the site's material
        "При копировании материалов обязательна активная ссылка на источник.",
        "Η αναπαραγωγή του περιεχομένου χωρίς άδεια απαγορεύεται.",
    ],
)
def test_offers_paywalls_browser_and_reuse_notices_are_removed(line):
    assert line not in _clean_after_body(line).text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "Hackers activated malicious JavaScript on hundreds of shopping sites last week.",
        "The senator told voters in her weekly email that she would oppose the bill.",
        "Vi har fått tusentals nya prenumeranter sedan i våras, säger chefredaktören.",
        "Subscribers can read the full report on the agency's website from Monday.",
        "Let us know in the comments below!",
        "Share this information, please?",
        "Older browsers are no longer supported by the bank's new online service, it said.",
    ],
)
def test_prose_near_offer_paywall_and_browser_words_stays(line):
    assert line in _clean_between_body(line, "en").text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        # the reader addressed by name, in any language (written for these tests)
        "Kedves olvasó, úgy látjuk, hirdetésblokkolót használ az oldalunkon.",
        # log-in + comment, log-in + read on, sign-up + confirmation, first to comment: as sentences
        "Musisz być zalogowany, aby dodać komentarz.",
        "Per leggere tutto l'articolo effettua il login.",
        "Grazie! La tua iscrizione è stata completata.",
        "Be the first to comment.",
        "Kommentarerna är stängda.",
        # metered paywall: the free-article limit
        "Je hebt het maximum aantal gratis artikelen voor deze week bereikt.",
        # channel follow prompts in more scripts
        "Слідкуйте за новинами у Viber",
        "追蹤我們的 Instagram",
        # traditional Chinese request
        "請關閉廣告攔截器以繼續閱讀",
    ],
)
def test_more_notice_slots_and_addresses_are_removed(line):
    assert line not in _clean_after_body(line).text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "The comment section was closed by the moderators after a flood of abuse, the editor said.",
        "Users had to log in again to read their messages after the outage, according to the bank.",
        "The paper said it would limit free articles to five a month, starting in January next year.",
        "Thousands follow the mayor on Viber and Telegram, where she posts daily updates on the floods.",
        "Kedves olvasó, the column's opening words, became the title of her later book about letters.",
    ],
)
def test_prose_near_the_new_slot_words_stays(line):
    assert line in _clean_between_body(line, "en").text.split("\n\n")


def test_a_date_line_at_the_top_leaves_but_a_sentence_opening_with_a_date_stays():
    body = ("The council approved the budget after a long debate about schools and roads. "
            "Residents welcomed the decision, which had been delayed twice this year.")
    for line, language in (("Marso 3, 2025 - 7:15 PM PHT", "tl"), ("12 March 2025, 09:15 CET", "en")):
        result = clean_text(f"{line}\n{body}", LEXICON, language=language)
        assert result.text.split("\n")[0] == body.split("\n")[0], line
    sentences = (
        ("2010年2月14日，总书记在福建视察期间接见了项目负责人，听取了疫苗研究的汇报，并指示要加大自主创新力度，"
         "加快科技成果的转化。“关键是要把疫苗研究和生产搞好。”", "zh"),
        ("14 lutego 2010 roku minister odwiedził laboratorium i powiedział: „to ważny dzień dla nauki”.", "pl"),
        ("On March 3, 2025, the mayor said: \u201cthe bridge opens next month.\u201d", "en"),
    )
    for line, language in sentences:
        result = clean_text(f"{line}\n{body}", LEXICON, language=language)
        assert line in result.text.split("\n"), line


# ---- sixth session: notice mechanisms that hold across languages (lines written for these tests) --

DE_BODY = [
    "Der Stadtrat hat am Montag nach langer Debatte den Haushalt für das kommende Jahr beschlossen, "
    "teilte die Verwaltung mit.",
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei Schulen und beim Nahverkehr, "
    "die nun im Frühjahr greifen sollen.",
]
HU_BODY = [
    "A kormány hétfőn bejelentette, hogy jövő évtől emelkedik a minimálbér, és a nyugdíjak is nőnek.",
    "Az ellenzék szerint az intézkedés nem elég ahhoz, hogy ellensúlyozza az elmúlt évek magas inflációját.",
]


def _clean_after_own_body(line: str, language: str):
    body = {"de": DE_BODY, "hu": HU_BODY}.get(language, EN_BODY)
    return clean_text("\n\n".join([*body, line]), LEXICON, language=language)


@pytest.mark.parametrize(
    "line, language",
    [
        # a pictograph opening the line stands for the address to the reader
        ("📲 Nowości z kanału WhatsApp codziennie rano", "pl"),
        ("🔔 Benachrichtigungen für den Telegram-Kanal der Redaktion einschalten", "de"),
        # the article, a translation word and a machine word in a long note's first words
        ("Tento článek byl automaticky přeložen z angličtiny pomocí umělé inteligence a následně zkontrolován "
         "redakcí, která odpovídá za jeho obsah.", "cs"),
        ("Der Artikel wurde automatisch aus dem Englischen übersetzt und anschließend von der Redaktion geprüft, "
         "Fehler sind dennoch möglich.", "de"),
        # closed-class address words and topic words of more languages (bg, hr, lt, et)
        ("Моля, изключете блокера на реклами, за да продължите да четете.", "bg"),
        ("Ova stranica koristi kolačiće kako bi vam pružila bolje korisničko iskustvo.", "hr"),
        ("Mes naudojame slapukus, kad pagerintume jūsų naršymo patirtį.", "lt"),
        ("Palun lülitage reklaamiblokeerija välja, et lugemist jätkata.", "et"),
        # the full stop of a unit's abbreviation ends no sentence
        ("Lesezeit 4 Min.", "de"),
        # a long comment notice: log-in + comment in its first sentence; comments for subscribers only
        ("Чтобы оставить комментарий, войдите в свой аккаунт. Комментарии с оскорблениями и угрозами будут "
         "удалены модератором.", "ru"),
        ("Kommentieren ist nur für Abonnenten möglich.", "de"),
        # a platform's name with the case ending of the page's language
        ("Kövess minket a Facebookon is!", "hu"),
        ("Sledujte nás na Instagramu a TikToku", "cs"),
    ],
)
def test_sixth_session_notice_mechanisms_remove(line, language):
    assert line not in _clean_after_body(line, language).text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        ("A Facebookon terjedő videót több mint egymillióan látták, közölte a rendőrség.", "hu"),
        ("Er lief die Strecke zuletzt in 3 Min.", "de"),
        ("Ein Gericht stellte fest, dass der Artikel automatisch übersetzt und danach von niemandem geprüft "
         "worden war.", "de"),
        ("📈 Die Inflation stieg im März auf 2,4 Prozent, teilte das Statistische Bundesamt mit.", "de"),
        ("Kommentare waren nur für Abonnenten möglich, bis die Zeitung das Forum im Mai schloss.", "de"),
        ("✅ Kolačiće koristi gotovo svaki portal, pokazalo je istraživanje agencije.", "hr"),
    ],
)
def test_prose_near_the_sixth_session_mechanisms_stays(line, language):
    assert line in _clean_after_own_body(line, language).text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        # a short sentence: subscribers' word + "only" (paywall), a question then a log-in button
        ("Sadržaj je dostupan samo pretplatnicima.", "hr"),
        ("Ten materiał jest dostępny tylko dla prenumeratorów.", "pl"),
        ("Você já é assinante? Entre", "pt"),
        ("Già registrato? Accedi", "it"),
        # a correction label whose first word is the label ("Correction of the record: ...")
        ("Sprostowanie redakcji: w poprzedniej wersji tekstu błędnie podaliśmy nazwisko wojewody, za co przepraszamy.", "pl"),
        # a pronoun in the other head sentence of an ad-blocker / cookie notice
        ("Parece que utiliza un bloqueador de anuncios. Los anuncios nos ayudan a mantener el periodismo gratuito.", "es"),
        # slot words of more languages
        ("Pratite nas na Instagramu", "hr"),
        ("Komentari su zatvoreni", "hr"),
        ("Hvala na pretplati!", "hr"),
        # a platform's name with a Korean particle
        ("카카오톡에서 구독하고 속보를 받아보세요", "ko"),
    ],
)
def test_sixth_session_short_sentence_slots_remove(line, language):
    assert line not in _clean_after_body(line, language).text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "The paper's new service is available to subscribers only, the publisher said on Monday.",
        "A survey found that a third of readers use ad blockers. Publishers say the habit costs them millions.",
        "Why log in? The bank says two-factor checks stop most fraud.",
    ],
)
def test_prose_near_the_sixth_session_slots_stays(line):
    assert line in _clean_between_body(line, "en").text.split("\n\n")


def test_a_quoted_name_is_no_speech_but_a_quoted_sentence_is():
    notice = "Suscríbete a «La Semana de El Confidencial» y recibe cada viernes el boletín en tu correo."
    speech = "«Suscríbete al boletín de tu barrio y participa en todo», recomendó el alcalde a los vecinos."
    assert notice not in _clean_after_body(notice, "es").text.split("\n\n")
    assert speech in _clean_between_body(speech, "es").text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        # a call's label, then a full sentence of news that speaks to no one
        ("Lisez la suite : le ministre a appelé mardi les habitants à limiter leurs déplacements pendant la canicule.", "fr"),
        ("Share your stories: the city council has asked residents to report flood damage by Friday.", "en"),
        # a notice's words, then a verb of ruling or deciding
        ("Reproduction interdite, a tranché le tribunal, qui a donné raison au photographe contre le quotidien.", "fr"),
        # a plural noun spelled like an imperative, subject of a finite verb
        ("Abbonati alla pay-tv hanno perso il segnale per tre ore durante la finale, secondo l'Autorità.", "it"),
        # a quotation opening a sentence that reports it (a banner's, a crowd's words)
        ("«Подпишись на наш канал!» — гласил баннер над сценой, где выступал губернатор.", "ru"),
        ('"Bizi takip edin" diyen pankartlar meydanı doldurdu.', "tr"),
    ],
)
def test_notice_openings_inside_news_sentences_stay(line, language):
    body = {
        "fr": ["Le gouvernement a présenté mardi un projet de loi sur le logement, qui sera examiné au printemps.",
               "Les associations de locataires jugent le texte insuffisant face à la hausse des loyers."],
        "it": ["Il governo ha approvato lunedì il decreto sulle bollette, che entrerà in vigore a gennaio.",
               "Le associazioni dei consumatori hanno giudicato le misure troppo timide per le famiglie."],
        "ru": ["Правительство в понедельник утвердило новый бюджет региона на следующий год.",
               "Депутаты оппозиции раскритиковали сокращение расходов на образование и транспорт."],
        "tr": ["Belediye meclisi pazartesi günü yeni bütçeyi uzun bir tartışmanın ardından kabul etti.",
               "Muhalefet özellikle okullar ve toplu taşıma için planlanan kesintileri eleştirdi."],
    }.get(language, EN_BODY)
    result = clean_text("\n\n".join([*body, line]), LEXICON, language=language)
    assert line in result.text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        ("Stay updated: follow The Morning Herald on Facebook, Instagram and Telegram.", "en"),
        ("Newsletter abonnieren: Die wichtigsten Nachrichten des Tages, jeden Morgen kostenlos in Ihr Postfach.", "de"),
    ],
)
def test_labelled_calls_that_speak_to_the_reader_still_go(line, language):
    assert line not in _clean_after_body(line, language).text.split("\n\n")


# ---- seventh session: notice structure that holds across languages (lines written for these tests) --

SK_BODY = [
    "Vláda v pondelok schválila návrh rozpočtu na budúci rok, ktorý ešte musí prejsť parlamentom.",
    "Opozícia kritizuje najmä škrty vo výdavkoch na školstvo a verejnú dopravu v regiónoch.",
]
IT_BODY = [
    "Il governo ha approvato lunedì il decreto sulle bollette, che entrerà in vigore a gennaio.",
    "Le associazioni dei consumatori hanno giudicato le misure troppo timide per le famiglie.",
]
FR_BODY = [
    "Le gouvernement a présenté mardi un projet de loi sur le logement, qui sera examiné au printemps.",
    "Les associations de locataires jugent le texte insuffisant face à la hausse des loyers.",
]


def _clean_after_language_body(line: str, language: str):
    body = {"de": DE_BODY, "hu": HU_BODY, "sk": SK_BODY, "it": IT_BODY, "fr": FR_BODY}.get(language, EN_BODY)
    return clean_text("\n\n".join([*body, line]), LEXICON, language=language)


@pytest.mark.parametrize(
    "line, language",
    [
        # a call for tips: an e-mail address led by a question or a label
        ("Haben Sie eine Geschichte für uns? Mailen Sie an redaktion@beispiel-kurier.de", "de"),
        ("¿Tienes una pista? Escríbenos a pistas@diario-ejemplo.es", "es"),
        ("Send us your news tips: newsdesk@example-herald.co.uk", "en"),
        # the site apologising, a browser's own name, "no longer supported"
        ("Lo sentimos, Internet Explorer ya no es compatible con este sitio.", "es"),
        ("Désolé, Internet Explorer n'est plus pris en charge. Certaines fonctions de la page peuvent ne pas s'afficher.", "fr"),
        ("Извините, Internet Explorer больше не поддерживается.", "ru"),
        # a correction label carrying its date; the article + an update word + a date; the article + an error word
        ("Korjattu 2.4. klo 9.30: Otsikossa oli väärä päivämäärä.", "fi"),
        ("Corrigé le 3 mars à 10 h 15 : une erreur s'était glissée dans le nom du maire.", "fr"),
        ("This story was updated on 4 March 2026 to correct the name of the school's head teacher and the date of the inspection.", "en"),
        ("L'article indiquait par erreur que le maire avait démissionné ; il a en fait pris sa retraite.", "fr"),
        # a long notice whose request comes after its head
        ("Werbung finanziert unseren Journalismus. Ohne sie gäbe es dieses Angebot nicht in dieser Form. "
         "Bitte deaktivieren Sie Ihren Werbeblocker für unsere Seite.", "de"),
        # the reader addressed by the verb's person (Slovak), and by name
        ("Ak chcete pokračovať v čítaní, vypnite si blokovanie reklamy.", "sk"),
        # a log-in word beside the comment verb, or beside reading on
        ("You need to be signed in to leave a comment.", "en"),
        ("Per commentare devi effettuare il login.", "it"),
        ("Envie de lire la suite ? Connectez-vous ou créez gratuitement votre compte pour continuer.", "fr"),
        ("Per continuare a leggere, abbonati.", "it"),
        # the imperative homograph with a second sign of a call (a read word; "a" is "to" in Italian)
        ("Abbonati a Il Quotidiano Digitale per leggere tutti gli articoli", "it"),
    ],
)
def test_seventh_session_notice_structure_removes(line, language):
    assert line not in _clean_after_language_body(line, language).text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        # an imperative-looking plural noun opening a verbless headline-like line: the subject
        ("Abbonati del servizio idrico ancora senza acqua a Palermo dopo il guasto alla condotta", "it"),
        ("Abbonati Sky senza segnale per tutta la serata di ieri in mezza Italia", "it"),
        # an e-mail address in news that speaks to no one
        ("Police asked anyone with information to email the incident room at tips@police-example.uk.", "en"),
        # a browser's name and "no longer supported" in a long news sentence
        ("Internet Explorer is no longer supported by Microsoft, which ended updates for the browser in 2022 after 27 years.", "en"),
        # an error word without the article as the note's subject
        ("An earlier version of the bill wrongly exempted farmers from the new water tax, the committee found.", "en"),
        # Slovak news about ad blocking: no one addressed
        ("Blokovanie reklamy používa podľa prieskumu tretina čitateľov spravodajských webov.", "sk"),
        ("Corrigé par la cour d'appel, le jugement du 3 mars reste une victoire pour les locataires.", "fr"),
    ],
)
def test_prose_near_the_seventh_session_structure_stays(line, language):
    assert line in _clean_after_language_body(line, language).text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        # a kicker whose notice word modifies another noun, then news naming no notice topic
        ("Cookie factory fire: hundreds evacuated from homes in east Leeds", "en"),
        ("Cookies géants : la boulangerie lilloise qui fait la queue jusqu'à la gare", "fr"),
        ("Kommentar-Affäre: Bürgermeister unter Druck nach geleakten Chats", "de"),
        # a slogan in the imperative reported by a verb of shouting or chanting
        ("Abonnez-vous à la colère, a crié le chanteur sur scène avant le dernier morceau.", "fr"),
        ("Síguenos hasta la plaza, gritaban los manifestantes frente al ayuntamiento.", "es"),
        # a call's label, then a full news sentence speaking to no one (any call kind)
        ("Scarica l'app: la Regione ha aperto da lunedì le prenotazioni per i vaccini antinfluenzali.", "it"),
        # a noun that was read as an imperative ("descargas" = downloads)
        ("La aplicación de la lotería encabezó la lista de descargas de Google Play en Navidad.", "es"),
        # the imperative homograph with a price in a news clause
        ("Abbonati Sky, da gennaio aumenti di 3 € al mese per il pacchetto calcio", "it"),
    ],
)
def test_seventh_session_news_shaped_like_notices_stays(line, language):
    body = {"fr": FR_BODY, "it": IT_BODY, "de": DE_BODY}.get(language, EN_BODY)
    result = clean_text("\n\n".join([body[0], line, body[1]]), LEXICON, language=language)
    assert line in result.text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        # a newsletter pitch: delivery on a schedule + an address word
        ("Jeden Freitag das Wichtigste aus der Region – kostenlos in Ihr Postfach.", "de"),
        ("Cada mañana, las claves del día explicadas por nuestros periodistas. Apúntate gratis.", "es"),
        # the metered paywall's counter: "you have read" + free articles
        ("Du har läst alla dina gratisartiklar för den här månaden.", "sv"),
        ("Anda telah membaca semua artikel percuma untuk minggu ini.", "ms"),
        # an ad blocker by its name, the allow-list
        ("Bitte setzen Sie unsere Seite auf die Whitelist Ihres Adblockers.", "de"),
        ("Ajoutez notre site à la liste blanche de votre bloqueur de publicité.", "fr"),
    ],
)
def test_seventh_session_schedule_counter_and_allow_list_remove(line, language):
    assert line not in _clean_after_language_body(line, language).text.split("\n\n")


@pytest.mark.parametrize(
    "line, language",
    [
        # a schedule in news, with "jetzt" (now) no address unless it opens the call
        ("Die Bahn fährt jetzt jeden Morgen direkt von Hamburg nach Sylt.", "de"),
        ("Trains will run every morning from Monday, the operator said.", "en"),
        ("Ogni mattina migliaia di pendolari attraversano il ponte, ora chiuso per lavori.", "it"),
        # reading figures in news
        ("Readers have read more free articles this year than ever, the survey found.", "en"),
    ],
)
def test_prose_near_the_seventh_session_schedule_stays(line, language):
    body = {"de": DE_BODY, "it": IT_BODY}.get(language, EN_BODY)
    result = clean_text("\n\n".join([body[0], line, body[1]]), LEXICON, language=language)
    assert line in result.text.split("\n\n")


@pytest.mark.parametrize("line", ["MORE FROM THE RIVERSIDE HERALD", "MORE FROM THE HERALD: Inside the battle over the old docks"])
def test_a_heading_in_capitals_under_the_prose_goes(line):
    assert clean_text("\n\n".join([*EN_BODY, line]), LEXICON, language="en").text.split("\n\n") == EN_BODY


def test_a_closing_sentence_in_capitals_stays():
    lines = [*EN_BODY, "THE COUNCIL WILL VOTE ON THE PLAN NEXT WEEK."]
    assert clean_text("\n\n".join(lines), LEXICON, language="en").text.split("\n\n") == lines


@pytest.mark.parametrize("stamp, language", [
    ("3 saat önce", "tr"),
    ("5 часов назад", "ru"),
    ("vor 2 Stunden", "de"),
    ("hace 4 horas · 12:05", "es"),
    ("قبل 3 ساعات", "ar"),
    ("2 tuntia sitten", "fi"),
    ("— 09:45", "en"),
    ("۰۹:۴۵ |", "fa"),
])
def test_a_time_stamp_opening_the_text_goes(stamp, language):
    """A relative time in CLDR's words of the page's language ("3 saat önce") or a bare clock with
    separators, alone on the first line, is furniture (clean._is_time_stamp)."""
    body = ("The regional council approved the new bus routes on Monday after a long debate between the parties. "
            "The routes start next month and serve the northern districts, the mayor's office said.")
    result = clean_text(f"{stamp}\n\n{body}\n\n{body.replace('Monday', 'Tuesday')}", LEXICON, language=language)
    assert result.text.startswith("The regional council"), result.text[:60]


@pytest.mark.parametrize("line", ["2 days", "Route 66", "3 hours ago the bridge collapsed", "In 2 hours: the vote"])
def test_a_first_line_that_is_no_time_stamp_stays(line):
    body = ("The regional council approved the new bus routes on Monday after a long debate between the parties. "
            "The routes start next month and serve the northern districts, the mayor's office said.")
    result = clean_text(f"{line}\n\n{body}\n\n{body.replace('Monday', 'Tuesday')}", LEXICON, language="en")
    assert result.text.startswith(line), result.text[:60]


# ---- twelfth session: notices of two kinds on one line, the TCF consent text, apologies for an error,
# back-to-top links cut into words, Greek units with folded accents ---------------------------------

_TWELFTH_BODIES = {
    "en": EN_BODY,
    "el": ["Το δημοτικό συμβούλιο ενέκρινε χθες το βράδυ τον νέο προϋπολογισμό της πόλης για το επόμενο έτος.",
           "Η αντιπολίτευση καταψήφισε το σχέδιο, υποστηρίζοντας ότι οι δαπάνες για τα σχολεία είναι ανεπαρκείς."],
    "ur": ["شہر کی بلدیہ نے کل رات اگلے سال کے لیے نئے بجٹ کی منظوری دے دی ہے۔",
           "حزب اختلاف نے منصوبے کی مخالفت کی اور کہا کہ اسکولوں کے لیے رقم ناکافی ہے۔"],
    "nl": ["De gemeenteraad heeft gisteravond de nieuwe begroting voor volgend jaar goedgekeurd.",
           "De oppositie stemde tegen en noemde het budget voor de scholen veel te laag."],
    "ja": ["市議会は昨夜、来年度の新しい予算案を賛成多数で可決した。", "野党は学校関連の予算が不十分だとして反対した。"],
    "hi": ["नगर परिषद ने कल रात अगले वर्ष के लिए नए बजट को मंजूरी दे दी।",
           "विपक्ष ने योजना का विरोध किया और कहा कि स्कूलों के लिए राशि अपर्याप्त है।"],
    "sv": ["Kommunfullmäktige godkände i går kväll den nya budgeten för nästa år.",
           "Oppositionen röstade emot och kallade pengarna till skolorna otillräckliga."],
}


def _clean_last(line: str, language: str):
    """The line as the last paragraph of a short article in its language."""
    return clean_text("\n\n".join([*_TWELFTH_BODIES[language], line]), LEXICON, language=language)


@pytest.mark.parametrize(
    "line, language",
    [
        # a correction note then a share prompt; a reading time then a share link (each part a notice)
        ("Correction: An earlier version of this story gave the wrong date for the vote. Share this article with your friends.", "en"),
        ("Lästid 4 minuter · Dela artikeln", "sv"),
        # the IAB TCF consent text, naming no cookie
        ("Wij en onze partners slaan informatie op een apparaat op en/of hebben er toegang toe.", "nl"),
        ("We and our partners store and/or access information on a device.", "en"),
        # a Greek CLDR unit in a line whose accents the cleaner folds
        ("Διαβάζεται σε 6 λεπτά", "el"),
        # back-to-top: a Japanese run cut into top/back words; a longer Dutch wording
        ("ページのトップに戻る", "ja"),
        ("Terug naar het begin van de pagina", "nl"),
        # the site apologising for its error (the close of a correction note)
        ("We apologise for the error.", "en"),
        ("ادارہ اس غلطی کے لیے معذرت خواہ ہے۔", "ur"),
        ("Vi ber om ursäkt för felet.", "sv"),
        ("त्रुटि के लिए हमें खेद है।", "hi"),
    ],
)
def test_twelfth_session_notices_go(line, language):
    found = _clean_last(line, language)
    assert line not in found.text.split("\n\n"), found.boilerplate


@pytest.mark.parametrize(
    "line, language",
    [
        ("The minister apologised for the error in the tax tables and promised a review.", "en"),
        ("\"We regret the error,\" the spokeswoman said on Tuesday.", "en"),
        ("मंत्री ने गलती के लिए खेद जताया।", "hi"),
        ("同社は「記載に誤りがあり、おわびします」と発表した。", "ja"),
        ("Hackers and their partners accessed information on a device seized by the police, prosecutors said.", "en"),
        ("Lästid 4 minuter · Kommunen höjer skatten med 20 öre nästa år", "sv"),  # a notice beside news: one part is not one
        ("The council voted 7-2 on Monday evening. We apologise for the error.", "en"),
        ("Ministern bad om ursäkt för felet i budgeten.", "sv"),
    ],
)
def test_twelfth_session_news_near_those_notices_stays(line, language):
    found = _clean_last(line, language)
    assert line in found.text.split("\n\n"), found.boilerplate


def test_an_edge_paragraph_in_a_standard_sharing_the_articles_words_stays():
    """Indonesian and Malay share most of their words (language.SHARED_VOCABULARY): a last paragraph
    the pipeline's detector reads as Malay (0.99999) on an Indonesian article is body, never a
    "foreign language" edge (a copy of an article lost its last paragraph so and stopped being a
    copy: fourteenth session)."""
    from pipelines.config import load_config
    from transforms.language import LanguageDetector, parse_settings

    config = load_config()
    detector = LanguageDetector(parse_settings(config["language"]))
    body = [
        "Dinas perhubungan kota Bandung menutup sementara jalan layang Pasupati sejak Senin pagi karena perbaikan "
        "sambungan jembatan yang retak akibat beban kendaraan berat.",
        "Kepala dinas mengatakan, pengerjaan ditargetkan selesai dalam tiga minggu dan pengendara diminta melewati "
        "jalur alternatif di sekitar Jalan Cihampelas.",
        "Sejumlah pengemudi ojek daring mengeluhkan kemacetan panjang di persimpangan utama kota selama jam sibuk "
        "pagi dan sore hari.",
        "Wali kota meminta warga bersabar dan memanfaatkan angkutan umum, sementara polisi menambah petugas di "
        "titik-titik rawan macet.",
        "Perbaikan jembatan itu menelan biaya sekitar dua puluh miliar rupiah yang diambil dari anggaran "
        "pemeliharaan tahun ini.",
        "Penduduk kampung berkata mereka bimbang air sungai akan naik lagi pada malam ini. Mereka meminta pihak "
        "berkuasa menghantar bot tambahan ke kawasan itu.",
    ]
    assert detector.detect_paragraph(body[-1], expected="id").language == "ms"
    result = clean_text("\n\n".join(body), Lexicon(config["clean"]["lexicon_data"]), language="id", detector=detector)
    assert result.boilerplate == []
    assert result.text.split("\n\n") == body
