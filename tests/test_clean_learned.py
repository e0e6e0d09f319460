"""The cleaner's learned second opinion on notices (transforms/notice_model.py) and verbs of saying
in every tense, on real-language lines (written for these tests, not taken from a notice set)."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest
import yaml

from transforms.clean import Lexicon, _match_norm, clean_text
from transforms.notice_model import MODEL_PATH, NoticeModel, dense_features, line_features

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEXICON_DATA = yaml.safe_load((ROOT / "configs" / "boilerplate.yaml").read_text("utf-8"))
# the model is ON in configs/boilerplate.yaml at the threshold measured in the eighth session (0.95);
# RULES_ONLY turns it off (1.0) to show what the rules alone keep
LEXICON = Lexicon({**LEXICON_DATA, "limits": {**LEXICON_DATA["limits"], "learned_notice": 0.95}})
RULES_ONLY = Lexicon({**LEXICON_DATA, "limits": {**LEXICON_DATA["limits"], "learned_notice": 1.0}})

BODY = {
    "en": ["The city council met on Monday to discuss the budget for the coming year.",
           "Officials said the plan would be put to a vote next month after a public consultation."],
    "fr": ["Le conseil municipal s'est réuni lundi pour examiner le budget de l'année prochaine.",
           "Selon les élus, le projet sera soumis au vote le mois prochain après une consultation publique."],
    "de": ["Der Stadtrat hat am Montag über den Haushalt für das kommende Jahr beraten.",
           "Nach Angaben der Verwaltung soll im nächsten Monat nach einer Bürgerbefragung abgestimmt werden."],
    "es": ["El ayuntamiento se reunió el lunes para debatir el presupuesto del próximo año.",
           "Según los concejales, el plan se votará el mes que viene tras una consulta pública."],
    "it": ["Il consiglio comunale si è riunito lunedì per discutere il bilancio del prossimo anno.",
           "Secondo gli assessori, il piano sarà votato il mese prossimo dopo una consultazione pubblica."],
    "tr": ["Belediye meclisi pazartesi günü gelecek yılın bütçesini görüşmek için toplandı.",
           "Yetkililere göre plan, halka açık bir danışma sürecinin ardından gelecek ay oylanacak."],
}


def _article(lang: str, line: str, *, last: bool = True) -> str:
    first, second = BODY[lang]
    return "\n\n".join([first, second, line] if last else [first, line, second])


def _removed(result, line: str) -> bool:
    return line not in result.text.split("\n\n")


def test_model_file_is_small_and_loads():
    assert MODEL_PATH.stat().st_size < 200_000
    model = NoticeModel.load()
    assert model.bits == 18 and len(model.weights) == 2 ** 18
    assert LEXICON.notice_model is not None and RULES_ONLY.notice_model is None  # 1.0 = off
    assert Lexicon(LEXICON_DATA).notice_model is not None  # the shipped configuration uses it


def test_hashed_features_are_fixed_numbers():
    """The committed weights are indexed by these slots: the hash must never change silently."""
    slots = line_features("Comments are moderated.", 18)
    assert slots.dtype == np.int64 and slots.min() >= 0 and slots.max() < 2 ** 18
    assert np.array_equal(slots, line_features("Comments are moderated.", 18))
    assert np.array_equal(line_features("COMMENTS are moderated.", 18), slots)  # case-folded
    assert np.array_equal(line_features("Call 555 1234", 18), line_features("Call 777 9876", 18))  # digits -> 0
    assert not np.array_equal(line_features("Comments are closed.", 18), slots)


def _nested_trees(x: np.ndarray) -> float:
    """The exported trees walked one by one, node by node (the reference for the flattened walk)."""
    with np.load(MODEL_PATH) as data:
        total = float(data["baseline"])
        for t in range(data["feature"].shape[0]):
            node = 0
            while not data["leaf"][t, node]:
                go_left = x[data["feature"][t, node]] <= data["threshold"][t, node]
                node = data["left"][t, node] if go_left else data["right"][t, node]
            total += float(data["value"][t, node])
    return 1.0 / (1.0 + np.exp(-total))


@pytest.mark.parametrize("line", [
    "Comments are moderated before they appear.",
    "Le conseil municipal a voté le budget.",
    "Newsletter: every Friday in your inbox",
    "Regístrate gratis para seguir leyendo.",
])
def test_flattened_trees_score_as_the_trees(line):
    model = LEXICON.notice_model
    marks = LEXICON.marks(_match_norm(line))
    x = dense_features(line, marks, model.index, model.linear_score(line))
    assert model.score(line, marks) == pytest.approx(_nested_trees(x), abs=1e-6)


# verbs of saying in other tenses than the perfect: a slogan in the imperative reported by a
# narrator is body ("Abbonez-vous à la colère, lançait le chanteur" kind)
@pytest.mark.parametrize("lang,line", [
    ("fr", "Abonnez-vous à la colère, lançait le chanteur du groupe avant le dernier morceau."),
    ("fr", "Partagez votre colère, disait le chanteur aux spectateurs du premier rang."),
    ("es", "Descarga la app de la ira, decía el cantante entre canción y canción."),
    ("it", "Iscriviti alla newsletter della rabbia, ripeteva il cantante al pubblico."),
    ("tr", "Öfkeye abone olun, diyordu solist sahnede binlerce kişiye."),
    ("en", "Share the anger, the singer kept saying to the crowd in front of the stage."),
])
def test_slogans_reported_in_any_tense_stay(lang, line):
    result = clean_text(_article(lang, line, last=False), LEXICON, language=lang)
    assert not _removed(result, line), result.boilerplate


# impersonal notices the model removed alone until the rules' frames took them (ninth session: "La newsletter
# arriva ogni venerdì mattina.", the newsletter frame; tenth session: "Cookies help deliver this website.", the
# cookie frame: cookies + "this website"): both the rules alone and the shipped configuration remove them now
@pytest.mark.parametrize("lang,line", [
    ("en", "Cookies help deliver this website."),
])
def test_impersonal_notices_once_left_to_the_model_go_by_the_rules(lang, line):
    rules = clean_text(_article(lang, line), RULES_ONLY, language=lang)
    assert any(b.kind == "cookie notice" and b.text == line for b in rules.boilerplate)
    assert _removed(clean_text(_article(lang, line), LEXICON, language=lang), line)


# news sentences with the notice words, first, in the middle and last: the model leaves them
@pytest.mark.parametrize("lang,line", [
    ("en", "The newsletter scandal forced the minister to resign on Friday."),
    ("en", "Comments by the mayor on Monday angered local shop owners."),
    ("fr", "Les commentaires du ministre ont provoqué la colère des syndicats."),
    ("fr", "Les abonnés du réseau de chaleur paieront moins cher cet hiver."),
    ("de", "Die Kommentare des Ministers sorgten für Unmut bei den Gewerkschaften."),
    ("de", "Die Abonnenten des Fernwärmenetzes zahlen im Winter weniger."),
    ("es", "Los suscriptores de la red de calefacción pagarán menos este invierno."),
    ("it", "Gli abbonati della rete di teleriscaldamento pagheranno meno quest'inverno."),
    ("tr", "Bülten skandalı bakanı istifaya zorladı."),
    ("en", "A correction was appended to the story: “An earlier version of this article misstated the evidence.”"),
])
def test_news_with_notice_words_stays_with_the_model_on(lang, line):
    for last in (False, True):
        result = clean_text(_article(lang, line, last=last), LEXICON, language=lang)
        assert not any(b.kind == "notice (learned)" for b in result.boilerplate), result.boilerplate
