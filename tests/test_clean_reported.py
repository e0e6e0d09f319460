"""Fourteenth session (issue 16, item 1): a body sentence that holds a notice's words in their body
sense stays, however its words read out of context; the notices themselves still go.

* A request reported inside news: a subject, a verb of appealing or asking, then the words that
  read as the site's call ("... ने लोगों से अपील की कि वे ... शेयर करें": the Hindi/Urdu polite
  imperative is also the subjunctive of indirect speech) - transforms/clean.py ``_reported_request``.
* A Chinese/Japanese sentence counted by its characters, not by the runs its commas leave: a long
  sentence that opens with "translator" is news about translation, not a machine-translation note.

The inputs are written for these tests (not taken from any benchmark set)."""

from __future__ import annotations

import pathlib

import pytest
import yaml

from transforms.clean import Lexicon, clean_text

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEXICON = Lexicon(yaml.safe_load((ROOT / "configs" / "boilerplate.yaml").read_text("utf-8")))

BODIES = {
    "hi": ["राज्य सरकार ने सोमवार को बाढ़ प्रभावित जिलों के लिए राहत पैकेज की घोषणा की।",
           "अधिकारियों के अनुसार अगले दो दिनों में और बारिश होने की संभावना है।"],
    "ur": ["صوبائی حکومت نے پیر کے روز سیلاب سے متاثرہ اضلاع کے لیے امدادی پیکج کا اعلان کیا۔",
           "حکام کے مطابق اگلے دو دنوں میں مزید بارش کا امکان ہے۔"],
    "ja": ["政府は月曜日、豪雨で被害を受けた地域への支援策を発表した。", "気象庁によると、あと二日ほど雨が続く見込みだという。"],
    "zh": ["政府周一宣布了针对受洪水影响地区的救援计划。", "气象部门表示，未来两天仍可能出现强降雨。"],
    "en": ["The state government announced a relief package on Monday for the districts hit by the floods.",
           "Officials said more rain was expected over the next two days across the region."],
}


def _cleaned(line: str, language: str, where: str):
    body = BODIES[language]
    parts = {"first": [line, *body], "middle": [body[0], line, body[1]], "last": [*body, line]}[where]
    return clean_text("\n\n".join(parts), LEXICON, language=language)


@pytest.mark.parametrize("where", ["first", "middle", "last"])
@pytest.mark.parametrize(
    "line, language",
    [
        # the superintendent urged citizens that they share information on the helpline
        ("पुलिस अधीक्षक ने नागरिकों से आग्रह किया कि वे किसी भी संदिग्ध वाहन की सूचना तुरंत हेल्पलाइन पर साझा करें।", "hi"),
        ("जिलाधिकारी ने अभिभावकों से अपील की कि वे बच्चों के टीकाकरण की जानकारी स्वास्थ्य केंद्र के साथ शेयर करें।", "hi"),
        # the district administration asked parents that they share the vaccination records
        ("ضلعی انتظامیہ نے والدین سے درخواست کی کہ وہ بچوں کی ویکسینیشن کی معلومات مقامی مرکز کے ساتھ شیئر کریں۔", "ur"),
        # a translators' union asked publishers to label machine translation (opens with "translator")
        ("翻訳者らの団体は、出版各社に対し機械翻訳を利用した書籍にはその旨を表示するよう求めた。", "ja"),
        ("翻译协会周三发表声明，要求各出版社在使用机器翻译时必须在版权页明确标注。", "zh"),
        ("The mayor urged residents to share photos of the flood damage with the council by Friday.", "en"),
    ],
)
def test_a_reported_request_holding_notice_words_stays(line, language, where):
    found = _cleaned(line, language, where)
    assert line in found.text.split("\n\n"), found.boilerplate


@pytest.mark.parametrize(
    "line, language",
    [
        ("यह खबर अपने दोस्तों के साथ शेयर करें।", "hi"),
        ("یہ خبر اپنے دوستوں کے ساتھ شیئر کریں۔", "ur"),
        ("この記事は機械翻訳されています。", "ja"),
        ("Please share this article with your friends.", "en"),
    ],
)
def test_the_notices_those_requests_resemble_still_go(line, language):
    found = _cleaned(line, language, "last")
    assert line not in found.text.split("\n\n"), found.text
