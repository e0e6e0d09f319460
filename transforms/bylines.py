"""Bylines at the top of an article and agency / editor credit lines at its end (pure functions,
used by the clean stage).

* ``byline_names(line)``: the author names of a byline ("By Jane Doe and John Roe", "كتب: سامي
  ناصر، ليلى حداد", "Von Anna Müller", "Par Jean Dupont", "Por María López", "Di Marco Rossi",
  "Автор: Иван Петров"), None for any other line. A body sentence that starts with the same word
  ("By the end of the year...", "Par ailleurs...", "Von Montag an...", "Por su parte...") is not a
  byline: after the cue there must be only names (capitalised words, name particles, "and"-like
  joiners and separators; in scripts without case only a few words with no sentence
  punctuation), optionally followed by a role, agency or date segment.
* ``is_agency_credit(line)``: a closing credit made only of agency names and editors' initials
  ("dpa, AFP, jul", "(Reuters)", "AFP/jm", "APA/red", "(dpa/AFP)", "— AP").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import List

__all__ = ["LEAD_WORDS", "TRAILING_ROLES", "author_names", "byline_names", "has_byline_cue", "cjk_reporter_credit", "closing_byline_names", "closing_cjk_credit", "is_person_name", "is_staff_byline", "is_agency_credit", "is_editor_line", "korean_reporter_credit", "list_joiners", "opens_with_credit_lead",
           "split_names", "without_lead_word"]

# Byline lead words ("by"-words) by language (ISO 639-1), as written before the names; regex
# alternatives. The cue must open the line. Words that also open ordinary body sentences ("by",
# "von", "par", "por", "di", "door", "av", "af", "oleh", "του") are in _AMBIGUOUS_CUES: Latin,
# Cyrillic or Greek capitalised names must follow them; cues that only ever open a byline may be
# followed by a colon and names in any script.
LEAD_WORDS = {
    "en": ("by", "written by", "words by", "reported by", "story by", "text by", "authors", "author"),
    "de": ("von", "geschrieben von", "text von", "ein (?:bericht|kommentar|gastbeitrag|interview|essay) von",
           "eine (?:analyse|reportage|glosse|kolumne) von", "text", "autor", "autorin", "autoren", "autorinnen"),
    "fr": ("par", "écrit par", "texte", "propos recueillis par",
           "de notre (?:envoyée?|correspondante?) (?:spéciale?|permanente?)?"),
    "es": ("por", "escrito por", "texto", "autor", "autora", "autores", "autoras", "redacción", "redaccion"),
    "pt": ("por", "escrito por", "texto", "autor", "autora", "autores", "autoras", "reportagem de"),
    "it": ("di", "a cura di", "testo di", "scritto da", "autore", "autori", "autrice"),
    "nl": ("door", "geschreven door", "tekst", "auteur", "auteurs"),
    "sv": ("av", "skrivet av", "skriven av", "text"),
    "da": ("af", "skrevet af", "tekst"),
    "no": ("av", "skrevet av", "tekst"),
    "fi": ("teksti", "kirjoittaja", "kirjoittajat"),
    "pl": ("autor", "autorka", "autorzy", "autorki", "tekst"),
    "cs": ("autor", "autorka", "autoři", "autorky", "text"),
    "hu": ("írta", "írták", "szerző", "szerzők"),
    "ro": ("autor", "autori", "autoare"),
    "el": ("γράφει ο", "γράφει η", "γράφει", "από τον", "από την", "του", "της", "συντάκτης"),
    "ru": ("автор", "авторы", "текст"),
    "uk": ("автор", "автори", "авторка", "текст"),
    "bg": ("автор", "автори", "текст", "от"),  # "От NAME" (from): only a person's name after it (_NAME_ONLY_CUES)
    "tr": ("yazan", "yazanlar", "haber", "muhabir", "muhabirler"),
    "id": ("penulis", "wartawan", "reporter", "pewarta", "oleh"),
    "ms": ("penulis", "wartawan", "oleh"),
    "ar": ("كتب", "كتبت", "بقلم", "كتبه", "كتبته", "تقرير", "إعداد", "اعداد", "بواسطة", "حرره", "تحرير"),
    "fa": ("نویسنده", "نوشته", "به قلم", "گزارش", "گزارشگر"),
    "ur": ("تحریر", "تحریر کردہ", "از قلم", "رپورٹ"),
    "hi": ("लेखक", "लेखिका", "रिपोर्ट"),
    "bn": ("লেখক", "প্রতিবেদক"),
    "zh": ("记者", "記者", "作者", "撰文", "文"),
    "ja": ("文", "筆者", "記者"),
    "he": ("מאת", "כתב", "כתבה", "נכתב על ידי"),
    "th": ("โดย", "ผู้เขียน", "เรื่อง"),  # "เรื่อง: NAME" (story): with its colon only (an uncased cue)
    "vi": ("tác giả", "nhóm tác giả", "phóng viên", "nhóm phóng viên", "nhóm pv", "bài và ảnh"),
    "ko": ("글·사진", "글/사진", "글", "취재", "정리"),
    "ka": ("ავტორი", "ავტორები", "ტექსტი"),
    "am": ("ዘጋቢ", "ጸሐፊ", "አዘጋጅ"),
    "sw": ("na", "imeandikwa na", "mwandishi"),
    # the South Slavic standards ("Пише: NAME", "Piše: NAME": writes), Baltic, Finnic, Turkic,
    # Caucasian, Philippine, Indic and other languages: "author", "text", "written by" as a byline
    # labels them
    "sr": ("пише", "piše", "аутор", "ауторка", "autor", "autorka", "текст", "tekst"),
    "hr": ("piše", "autor", "autorica", "tekst"),
    "bs": ("piše", "autor", "autorica", "tekst"),
    "sl": ("piše", "avtor", "avtorica", "besedilo"),
    "mk": ("пишува", "автор", "авторка", "текст", "од"),  # "Од NAME" (from), as Bulgarian "От"
    "be": ("аўтар", "тэкст"),
    "sk": ("autor", "autorka", "autori", "text", "píše"),
    "lv": ("teksts", "autors", "autore", "raksta"),
    "lt": ("autorius", "autorė", "tekstas", "rašo"),
    "et": ("autor", "tekst", "kirjutab"),
    "az": ("müəllif", "müəllifi", "yazar", "mətn", "hazırladı"),
    "kk": ("автор", "авторы", "мәтін", "тілші"),
    "uz": ("muallif", "matn", "muxbir"),
    "ky": ("автор", "кабарчы"),
    "tt": ("автор", "язучы"),
    "hy": ("հեղինակ", "հեղինակը", "տեքստը"),
    "sq": ("autor", "autore", "shkruan", "nga"),
    "ca": ("text", "autor", "autora"),  # not "per": the Scandinavian first name ("Per Olsson")
    "gl": ("por", "texto"),
    "eu": ("egilea", "testua", "idazlea"),
    "is": ("höfundur", "texti"),
    "tl": ("ni", "isinulat ni", "sinulat ni", "ulat ni", "akda ni"),
    "ta": ("எழுதியவர்", "செய்தியாளர்"),
    "te": ("రచయిత", "విలేకరి"),
    "ml": ("ലേഖകൻ", "റിപ്പോർട്ടർ", "റിപ്പോർട്ട്"),
    "mr": ("लेखक", "प्रतिनिधी"),
    "gu": ("લેખક", "અહેવાલ"),
    "kn": ("ಲೇಖಕ", "ವರದಿಗಾರ"),
    "pa": ("ਲੇਖਕ",),
    "ne": ("लेखक", "संवाददाता"),
    "si": ("ලේඛක", "වාර්තාකරු"),
    "my": ("ရေးသားသူ",),
    "km": ("អ្នកសរសេរ",),
    "ps": ("لیکوال",),
    "ku": ("nivîskar",),
    "so": ("qoraa",),
    "ha": ("marubuci", "daga"),  # Hausa "Daga NAME" (from)
    "yo": ("onkọwe",),
    "cy": ("gan", "awdur", "testun"),  # Welsh "Gan NAME" (by)
    "rw": ("yanditswe na", "byanditswe na", "umwanditsi", "na"),  # Kinyarwanda "Yanditswe na NAME" (written by)
    "lb": ("vum", "vun", "auteur"),  # Luxembourgish "Vum NAME"
    "ga": ("scríofa ag", "le"),  # Irish "Le NAME" (by): only a person's name after it (_NAME_ONLY_CUES)
    "mt": ("minn", "kitba ta'"),  # Maltese
}
# Role words written AFTER the name ("김민수 기자", "山田太郎記者"): never part of the name either.
TRAILING_ROLES = {
    "ko": ("기자", "특파원", "선임기자", "객원기자", "논설위원", "통신원"),
    "ja": ("記者", "特派員", "編集委員"),
    "zh": ("记者", "記者", "特派记者", "通讯员"),
}
_TRAILING_ROLE = re.compile(
    r"^(?P<name>.+?)\s*(?:" + "|".join(sorted({r for roles in TRAILING_ROLES.values() for r in roles}, key=len, reverse=True))
    + r")(?:\s*[\w.+-]+@[\w.-]+)?\s*$"
)
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
# every alternative once, the longest first ("text von" before "text", "γράφει η" before "γράφει")
_CUES = tuple(sorted({cue for cues in LEAD_WORDS.values() for cue in cues}, key=lambda c: (-len(c), c)))
_CUE = re.compile(
    r"^\s*(?P<cue>" + "|".join(f"(?:{c})" for c in _CUES) + r")(?P<colon>\s*[:：፡፦՝\-–—]\s*|\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)
# Cue words that also start ordinary sentences: names after them must be capitalised words.
_AMBIGUOUS_CUES = frozenset(
    "by from von text par texte por texto di door tekst av af haber yazan oleh na του της "
    "ni teksts tekstas besedilo yazar raksta rašo kirjutab píše gan vum vun minn daga le nga от од".split()
) | {"από τον", "από την"}
# Cues that never open an ordinary sentence: names in any script may follow without a colon.
_UNCASED_BYLINE_ONLY = frozenset(("بقلم", "كتبه", "كتبته", "به قلم", "از قلم", "מאת", "נכתב על ידי"))
_PARTICLES = frozenset(
    "de da das do dos del della di van von der den ter ten la le du des bin ibn al el ben abu y e st st. mc mac o' d' "
    "dela delos".split()
)
# Languages whose "and" is an ordinary word or a name particle elsewhere: names are split there only
# after that language's own cues. Tagalog "at" ("Ni Maria Santos at Jose Reyes"), Swahili and
# Kinyarwanda "na" ("Na Juma Hassan na Amina Said"), Hausa "da" ("Daga Aminu Bello da Hauwa Sani";
# Portuguese/Italian "da" is a name particle: "Ana da Silva"), Welsh "a"/"ac".
_AND_AFTER_CUES = {"tl": "at", "sw": "na", "rw": "na", "ha": "da", "cy": "ac?", "ga": "agus"}
# Cues that open as many sentences as bylines in another language (Irish "Le", French "Le"): only a
# line of person names (``is_person_name``: two to four capitalised words, no place, role or agency)
# after them is a byline ("Le Seán Ó Briain", not "Le Monde", "Le Président a dit").
_NAME_ONLY_CUES = frozenset(("le", "от", "од"))  # and Bulgarian "От", Macedonian "Од" ("От Мария Петрова", not "От София", "От днес")
_CUE_AND = {cue: re.compile(rf"\s+(?:{word})\s+", re.IGNORECASE)
            for lang, word in _AND_AFTER_CUES.items() for cue in LEAD_WORDS[lang]}
# Hebrew and the Arabic script write "and" as a prefix on the next word ("נועה לוי ויוסי כהן",
# "سامي ناصر وليلى حداد"); a name may itself begin with that letter ("ורד", "وليد", "ولي"), so the
# split holds only when every part is a name of two words or more.
_PREFIX_AND = re.compile(r"\s+(?:ו[-־]?(?=[\u05d0-\u05ea])|و(?=[\u0620-\u064a\u066e-\u06d3]))")


def _without_date_tail(rest: str) -> str:
    """A byline's names without a date written after them with no separator ("Anouk de Vries en
    Pieter Jansen 12 maart 2024 09:15", "Jane Doe March 8, 2023"): cut at the first word holding a
    digit, then month and weekday names and lower-case words ("op", "le", "on": no name ends so) off its end."""
    first = _SEGMENTS.split(rest, maxsplit=1)[0]
    digit = re.search(r"(?:^|\s)\S*\d", first)
    if not digit or len(first[:digit.start()].split()) < 2:
        return rest
    words = first[:digit.start()].split()
    calendar = _calendar_words()
    while len(words) > 2 and (words[-1].strip(".,").casefold() in calendar or words[-1][:1].islower()):
        words.pop()
    return " ".join(words) + rest[len(first):]


def _split_prefix_and(names: str) -> str:
    parts = _PREFIX_AND.split(names)
    return ", ".join(parts) if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) else names
_ROLES = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|journalist|columnist|analyst|"
    r"associated press|press association|agency|agencies|news|bureau|"
    r"korrespondent(?:in)?|redakteur(?:in)?|redaktion|correspondante?|rédact(?:eur|rice)|envoyée? spéciale?|"
    r"corresponsal|redactor(?:a)?|periodista|giornalista|inviat[oa]|corrispondente|"
    r"корреспондент|редактор|مراسل|محرر|مراسلة|خبرنگار)\b",
    re.IGNORECASE,
)
# "our reporters" between a byline's lead word and its names ("Door onze verslaggevers Anouk de Vries
# en Pieter Jansen", "Von unseren Korrespondenten ...", "Par nos envoyés spéciaux ...", "By our
# correspondents ..."): an optional "our" and one or two words of a reporter's role, in lower case,
# before a capitalised name
_ROLE_BEFORE_NAMES = re.compile(
    r"^(?:(?:our|onze|ons|unsere[nrs]?|nos|notre|nuestr[oa]s?|nostr[oaie]|noss[oa]s?|v[åa]r[ae]?|vores|nasi|nasz[ae]?|наш[иа]?|)\s+)?"
    r"(?:staff\s+|special\s+|speciale\s+)?"
    r"(?:verslaggevers?|redacteuren|redacteurs?|correspondenten|correspondents?|journalisten|journalists?|reporters?|"
    r"korrespondent(?:en|in|innen)?|redakteur(?:e|en|in|innen)?|reporter(?:in|innen)?|autor(?:en|in|innen)?|"
    r"envoyée?s?(?:\s+spéci(?:ale?s?|aux))?|correspondante?s?|journalistes?|rédact(?:eur|rice)s?|"
    r"enviad[oa]s?(?:\s+especiales)?|corresponsales|corresponsal|redactor(?:a|es|as)?|periodistas?|"
    r"inviat[oaie](?:\s+speciali?)?|corrispondenti|corrispondente|giornalisti|giornalista|"
    r"correspondentes?|jornalistas?|repórteres|reportrar|reportere|korrespondenter|journalister|medarbetare|"
    r"medewerkers?|dziennikarze|korespondenci|корреспонденты|корреспондент|журналисты)\s+(?=[^\W\d_])",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(r"\s*(?:\||•|·|/|–|—|\s-\s|;|\(|\))\s*")
_NAME_SPLIT = re.compile(r"\s*(?:,|،|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\bve\b|\bog\b|\boch\b|\ben\b|\bja\b|\bés\b|\bdan\b|\bκαι\b|\sو\s)\s*", re.IGNORECASE)
# The words and signs that join the names of a list in a language: CLDR's list patterns ("{0} e {1}",
# "{0} und {1}", "{0}、{1}", "{0}和{1}"; babel), the "2", "end" and "middle" forms. A sign glued to the
# next name ("{0} و{1}", "{0} ו{1}": _PREFIX_AND) is left out. "a(c)" (Welsh) gives "a" and "ac".
_COMMA_SIGNS = ",，、،፣"


@functools.lru_cache(maxsize=256)
def list_joiners(language: str) -> tuple:
    """The joiners of a list of names in ``language`` (an ISO 639 code or locale, "" for none):
    CLDR's standard list patterns, each a word ("e", "und", "и", "dan") or a sign ("、", "和");
    () when babel does not know the language."""
    if not language or language == "und":
        return ()
    try:
        from babel import Locale

        locale = Locale.parse(language.replace("-", "_"))
        patterns = locale.list_patterns["standard"]
    except Exception:  # noqa: BLE001 - an unknown code, no CLDR data
        return ()
    found: list = []
    for key in ("2", "end", "middle"):
        pattern = patterns.get(key, "")
        if "{0}" not in pattern or "{1}" not in pattern:
            continue
        between = pattern.split("{0}", 1)[1].split("{1}", 1)[0]
        if between[:1].isspace() and between[-1:].isalpha():
            continue  # "{0} و{1}", "{0} ו{1}": glued to the next name (_PREFIX_AND)
        joiner = " ".join(between.replace("\u200f", "").strip().strip(_COMMA_SIGNS).split())
        if not joiner:
            joiner = between.strip().replace("\u200f", "")[:1]  # "、", "，", "،"
        variants = re.fullmatch(r"(\w+)\((\w+)\)", joiner)  # "a(c)" -> "a", "ac"
        for word in ((variants[1], variants[1] + variants[2]) if variants else (joiner,)):
            if word and word not in found:
                found.append(word)
    return tuple(found)


def _languages_of(languages) -> tuple:
    found = languages() if callable(languages) else languages
    if isinstance(found, str):
        found = (found,)
    return tuple(sorted({str(l).replace("_", "-").split("-")[0].casefold() for l in (found or ()) if l and l != "und"}))


@functools.lru_cache(maxsize=256)
def _joiner_pattern(languages: tuple) -> re.Pattern:
    """A pattern matching the joiners of names in ``languages`` (``list_joiners``) and "&": a word
    with spaces around it (any case: trafilatura title-cases "di giulia ferraro e marco lenti"), a
    sign ("、", "和" between names in scripts without spaces), commas are left to the callers."""
    words, signs = {"&"}, set()
    for language in languages:
        for joiner in list_joiners(language):
            if joiner in _COMMA_SIGNS:
                continue
            (words if any(ch.isalpha() for ch in joiner) and " " not in joiner and not _CJK.search(joiner) else signs).add(joiner)
    alternatives = [rf"\s+{re.escape(w)}\s+" for w in sorted(words, key=len, reverse=True) if w != "&"] + [r"\s*&\s*"]
    alternatives += [re.escape(s) for s in sorted(signs, key=len, reverse=True)]
    return re.compile("(" + "|".join(alternatives) + ")", re.IGNORECASE)


# "та" (Ukrainian "and" beside CLDR's "і"), "oraz" (Polish "as well as"): in bylines as often as the
# list pattern's word ("Автори: Олена Ткач та Дмитро Гнатюк"; blind cases-13, fourteenth session)
_FIXED_JOINERS = r",|،|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bи\b|\bта\b|\boraz\b|\bve\b|\bog\b|\boch\b|\ben\b|\bja\b|\bés\b|\bdan\b|\bκαι\b|\sو\s"


@functools.lru_cache(maxsize=256)
def _byline_joiners(languages: tuple) -> re.Pattern:
    """_NAME_SPLIT's joiners and those of ``languages`` (``list_joiners``), captured."""
    own = _joiner_pattern(languages).pattern[1:-1] if languages else ""
    return re.compile(r"(\s*(?:" + _FIXED_JOINERS + (("|" + own) if own else "") + r")\s*)", re.IGNORECASE)


def _byline_parts(segment: str, languages=()) -> List[str]:
    """A byline's names segment split at commas and the joiners of a list (the fixed ones of
    _NAME_SPLIT and those of the page's ``languages``); a joiner that is also a name particle
    ("y", "e", "da") with a piece of one word beside it is part of one name ("Por José Ortega y
    Gasset")."""
    pieces = _byline_joiners(_languages_of(languages)).split(segment)
    parts = [pieces[0]]
    for joiner, piece in zip(pieces[1::2], pieces[2::2]):
        left = parts[-1].strip(" ,.:")
        word = joiner.strip().casefold()
        if word in _PARTICLES and _cased(left + piece) and left and piece.strip(" ,.:") and (
                len(left.split()) < 2 or len(piece.split()) < 2):
            parts[-1] = parts[-1] + joiner + piece
        else:
            parts.append(piece)
    return [p.strip(" ,.:") for p in parts if p and p.strip(" ,.:")]


def split_names(text: str, languages=()) -> List[str]:
    """``text`` (one credit: "Giulia Ferraro e Marco Lenti", "Anouk de Vries en Pieter Jansen",
    "陳怡君和王小明") split into names at the joiners of a list in the page's ``languages`` (ISO 639
    codes, or a function giving them: ``list_joiners``, CLDR) and at "&". A joiner that is also a
    name particle ("José Ortega y Gasset", "João Silva e Sousa": "y", "e") or any joiner leaving a
    piece of one word in a cased script ("Jane and Doe") joins no names there: the credit stays
    whole. In scripts without case a piece must hold two characters or more ("王和平" is one name)."""
    text = " ".join((text or "").split())
    if len(text.split()) < 3 and not (_CJK.search(text) and len(text) >= 5) and "&" not in text:
        return [text] if text else []  # no two names of two words, no list of Han names: the page's languages unasked
    pieces = _joiner_pattern(_languages_of(languages)).split(text)
    if len(pieces) < 3:
        return [text] if text else []
    names = [pieces[0]]
    for joiner, piece in zip(pieces[1::2], pieces[2::2]):
        left, right = names[-1], piece
        cased = _cased(left + right)
        one_word = cased and (len(left.split()) < 2 or len(right.split()) < 2)
        too_short = not cased and (len(left.replace(" ", "")) < 2 or len(right.replace(" ", "")) < 2)
        if one_word or too_short or not left.strip() or not right.strip():
            names[-1] = left + joiner + right  # one name holding the word
        else:
            names.append(right)
    return [n.strip() for n in names if n.strip()]


_SENTENCE_END = re.compile(r"[.!?؟。]\s*$")
# A second credit after the names ("Текст: Оксана Мельник. Фото: Андрій Коваль", "Text: Jane Doe,
# Photos: John Roe", "Texte : X / Photos : Y"): a label of one or two words and a colon. Names hold no colon.
_LATER_LABEL = re.compile(r"(?:[.,;/|]\s*|\s+)(?=[^\W\d_]{2,20}(?:\s[^\W\d_]{2,20})?\s?[:：]\s*\S)")
_DIGIT = re.compile(r"\d")


def _cased(text: str) -> bool:
    """Is the text in a script with letter case (Latin, Cyrillic, Greek)? Georgian is not: Unicode
    gives its Mkhedruli letters Mtavruli capitals, but names are written without them."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.lower() != ch.upper() and not "\u10a0" <= ch <= "\u10ff"
                                 for ch in letters) >= 0.8 * len(letters)


def _name_like(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 5:
        return False
    if not _cased(name):
        return all(any(ch.isalpha() for ch in t) for t in tokens)
    capitals = 0
    for token in tokens:
        word = token.strip(".'’")
        if not word:
            continue
        if word.lower() in _PARTICLES:
            continue
        first = next((ch for ch in word if ch.isalpha()), "")
        if not first or not first.isupper():
            return False
        capitals += 1
    return capitals >= 1 and (len(tokens) >= 2 or len(tokens[0]) >= 2)


# A dateline before a byline cue with a colon ("القاهرة - كتبت: آية محمود", "BERLIN - Von: ...").
_DATELINE = re.compile(r"^\s*[^\s:：,.]+(?:\s[^\s:：,.]+){0,2}\s*[-–—]\s*(?=\S+\s*[:：])")
# Bylines naming no person: the newsroom or an agency's staff.
_STAFF = re.compile(
    r"^\s*(?:by |von |par |por |di )?(?:(?:the )?(?:[A-Z][\w.&-]*\s){0,3}(?:staff|newsroom|editorial (?:board|team|staff))"
    r"|redacci[oó]n|redaktion|la r[ée]daction|r[ée]daction|la redazione|redazione|reda[cç][aã]o|"
    r"فريق التحرير|هيئة التحرير|التحرير|"
    # fourteenth session: the paper's own reporter, unnamed, and the place ("নিজস্ব প্রতিবেদক, ঢাকা",
    # "Staff Reporter, Lagos", "निज संवाददाता, पटना", "نمائندہ خصوصی، لاہور")
    r"(?:(?:our|a|from our) )?(?:staff|special|own) (?:reporter|correspondent)|নিজস্ব প্রতিবেদক|নিজস্ব সংবাদদাতা|"
    r"স্টাফ রিপোর্টার|निज संवाददाता|निज प्रतिनिधि|विशेष संवाददाता|نمائندہ خصوصی|اسٹاف رپورٹر|سٹاف رپورٹر|خبرنگار ویژه)"
    r"(?:\s*[,،/|–—-]\s*[^\s\d,،/|.!?؟।]{2,}(?:\s[^\s\d,،/|.!?؟।]+){0,2})?\s*$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_BYLINE = re.compile(
    r"^[（(【\[]?\s*(?:本报|本報)?(?:记者|記者|作者|撰文|文|通讯员|通訊員)\s*[:：|｜・･/／]?\s*"
    r"(?P<names>[\u3400-\u9fff·]{2,4}(?:\s*[、，,\s]\s*[\u3400-\u9fff·]{2,4}){0,3})\s*[）)】\]]?$"
)


# A Korean byline: names (2-4 Hangul syllables) then 기자/특파원, an e-mail address may follow
# ("김민수 기자", "[서울=연합뉴스] 김민수 이지은 기자 = ", "김민수 기자 minsu@example.co.kr"), after
# what the reporter made ("글·사진 김민수 기자": text and photos; 취재 reporting, 정리 compiled by).
_KOREAN_LEAD = r"(?:글|사진|영상|취재|정리|그래픽)(?:\s*[·/,]\s*(?:글|사진|영상|취재|정리|그래픽))*\s*[=:]?\s*"
_KOREAN_BYLINE = re.compile(
    r"^(?:[\[(【][^\])】]{1,30}[\])】]\s*)?(?:" + _KOREAN_LEAD + r")?(?P<names>[\uac00-\ud7a3]{2,4}(?:\s*[,·]?\s*[\uac00-\ud7a3]{2,4}){0,2})\s*"
    r"(?:기자|특파원|선임기자|객원기자|통신원)(?:\s*=)?(?:\s*[\w.+-]+@[\w.-]+)?\s*$"
)


# Reporter credits of Chinese and Japanese papers, alone on a line or opening / closing a paragraph:
# "記者陳怡君／台北報導", "【記者陳怡君/台北報導】", "（中央社記者林志明台北15日電）" (the outlet,
# "reporter", the names, the place, the day, "dispatch"), "本报记者 王小明 北京报道", Japanese
# "（佐藤健一記者）" (the name, then "reporter"). The place is never a name.
_HAN = r"[\u3400-\u9fff]"
_OPEN = r"[（(【\[〔［]"
_CLOSE = r"[）)】\]〕］]"
_REPORTER = r"(?:特派記者|特派记者|記者|记者|特派員|特派员|通訊員|通讯员)"
_DISPATCH = (r"(?:\d{1,2}\s*日)?\s*(?:綜合|综合)?\s*(?:外電|外电)?\s*"
             r"(?:專電|专电|電|电|報導|报道|報道|訊|讯)")
_CJK_CREDIT_LEAD = (
    rf"^\s*(?P<open>{_OPEN})?\s*(?:(?:文|圖|图|攝影|摄影)(?:\s*[、/／·]\s*(?:文|圖|图|攝影|摄影))*\s*[／/:：]\s*)?"
    rf"(?:{_HAN}{{1,6}}?(?:社|網|网|報|报|台|新聞|新闻))?\s*(?:本報|本报)?\s*{_REPORTER}\s*[:：]?\s*"
)
_CJK_NAMES = rf"{_HAN}{{2,4}}(?:\s*[、，,]\s*{_HAN}{{2,4}})*"
_CJK_CREDIT = (  # with the place and "dispatch" / "reports" after the names; the names alone
    re.compile(_CJK_CREDIT_LEAD + rf"(?P<body>{_CJK_NAMES}(?:(?:\s*[／/|｜]\s*|\s+)?{_HAN}{{2,4}})?)"
               rf"\s*(?P<dispatch>{_DISPATCH})\s*(?(open){_CLOSE})\s*"),
    re.compile(_CJK_CREDIT_LEAD + rf"(?P<body>{_CJK_NAMES})\s*(?(open){_CLOSE}|$)\s*"),
)
_JA_CREDIT = re.compile(
    rf"{_OPEN}\s*(?P<names>[\u3400-\u9fff\u3040-\u30ff]{{2,6}}(?:\s*[、・，,]\s*[\u3400-\u9fff\u3040-\u30ff]{{2,6}})*)\s*"
    rf"(?:記者|特派員|編集委員|通信員)\s*{_CLOSE}\s*$"
)


# Japanese papers' dateline credit: the place, "＝", the reporters ("【ワシントン＝山田太郎】",
# "【北京＝佐藤健一、鈴木花子】", Yomiuri, Asahi, Nikkei), alone or opening the first paragraph. A
# name opens with a kanji and has 3-6 characters: "【ワシントン＝共同】" / "＝時事" name an agency.
_JA_NAME = r"[\u3400-\u9fff][\u3400-\u9fff\u3040-\u30ff々]{2,5}"
_JA_DATELINE = re.compile(
    rf"^\s*[【［\[（(]\s*[\u30a0-\u30ff\u3400-\u9fff・ー]{{2,12}}\s*[＝=]\s*"
    rf"(?P<names>{_JA_NAME}(?:\s*[、・，,]\s*{_JA_NAME})*)\s*[】］\]）)]\s*"
)
_JA_AGENCIES = ("共同", "時事", "共同通信", "時事通信", "ロイター", "新華社", "聯合")

# an outlet, not a person: a name ending as an agency, a paper or a station does ("共同通信", "中央社")
_HAN_OUTLET = re.compile(r"(?:社|通信|新聞|新闻|報|报|台|網|网|日報|日报)$")


@functools.lru_cache(maxsize=1)
def _han_places() -> frozenset:
    """City and country names written in Han characters (CLDR zh, zh_Hant, ja: territories and
    time-zone cities: 台北, 東京, 華盛頓, 北京...), for the place of a reporter credit."""
    names: set = set()
    try:
        from babel import Locale

        for code in ("zh", "zh_Hant", "ja"):
            locale = Locale.parse(code)
            names.update(str(v) for v in locale.territories.values())
            names.update(str(z.get("city", "")) for z in locale.time_zones.values())
    except Exception:  # noqa: BLE001 - no CLDR data: the lengths alone decide
        pass
    return frozenset(n for n in names if n and _CJK.search(n) and len(n) <= 5)


def _name_and_place(run: str) -> tuple:
    """A name written right before its place ("林志明台北"): (name, place). The place is a CLDR
    place ending the run; else the name is the first three characters (the common length of a
    Chinese name) and the place the rest, two characters or more; a run of four: two and two."""
    places = _han_places()
    for cut in range(2, len(run) - 1):
        if run[cut:] in places and 2 <= cut <= 4:
            return run[:cut], run[cut:]
    if len(run) <= 3:
        return run, ""
    if len(run) == 4:
        return run[:2], run[2:]
    return run[:3], run[3:]


def cjk_reporter_credit(text: str):
    """A reporter credit opening ``text`` (a line or a paragraph) in Chinese or Japanese:
    (names, credit, rest), ``rest`` the paragraph's text after the credit ("" for a credit alone
    on its line); None when it opens with none. The credit names the reporter before (記者 NAME,
    with the outlet, the place, the day and "dispatch" after it: "（中央社記者林志明台北15日電）",
    "記者陳怡君／台北報導") or after the name (Japanese "（佐藤健一記者）" alone on its line), or
    after the place and "＝" (Japanese "【ワシントン＝山田太郎、鈴木花子】": ``_JA_DATELINE``)."""
    text = unicodedata.normalize("NFC", text.strip())
    dateline = _JA_DATELINE.match(text)  # the place may be katakana: before the Han test below
    if dateline:
        names = [n for n in re.split(r"\s*[、・，,]\s*", dateline.group("names")) if n]
        if not any(n in _JA_AGENCIES or _HAN_OUTLET.search(n) or n in _han_places() for n in names):
            return names, text[:dateline.end()].strip(), text[dateline.end():].strip()
    if not _CJK.search(text[:8]):
        return None
    m = _CJK_CREDIT[0].match(text) or _CJK_CREDIT[1].match(text)
    if m:
        rest = text[m.end():].strip()
        open_, dispatch = m.group("open"), m.groupdict().get("dispatch")
        if rest[:1] in tuple("，,、。．：:；;！？!?的之"):
            return None  # "記者王小明報導，..." : a sentence about the reporter
        if not open_ and not dispatch and rest:
            return None  # "記者會上..." / "記者王小明說": "reporter" opening a sentence
        names = [n for n in re.split(r"\s*[、，,]\s*", m.group("body")) if n]
        last = re.split(r"\s*[／/|｜]\s*|\s+", names[-1])
        if len(last) > 1:
            names[-1] = last[0]  # "陳怡君／台北", "王小明 北京": the name, then its place
        elif dispatch and len(names[-1]) > 3:
            names[-1] = _name_and_place(names[-1])[0]  # "林志明台北" read as one run
        elif len(names[-1]) > 4 or not dispatch and len(last) > 1:
            return None
        if any(n in _han_places() or len(n) < 2 or _HAN_OUTLET.search(n) for n in names):
            return None
        return names, text[:m.end()].strip(), rest
    ja = re.match(rf"^\s*{_JA_CREDIT.pattern}", text)
    if ja:
        names = [n for n in re.split(r"\s*[、・，,]\s*", ja.group("names")) if n]
        return None if any(_HAN_OUTLET.search(n) for n in names) else (names, text, "")
    return None


def closing_cjk_credit(text: str):
    """A Japanese reporter credit closing a paragraph ("…と話した。（佐藤健一記者）"): (names,
    credit, the paragraph before it); None otherwise."""
    text = unicodedata.normalize("NFC", text.strip())
    m = _JA_CREDIT.search(text)
    if not m or m.start() == 0:
        return None
    names = [n for n in re.split(r"\s*[、・，,]\s*", m.group("names")) if n]
    if any(_HAN_OUTLET.search(n) for n in names):
        return None  # "（共同通信記者）": an outlet's reporter, nobody named
    return names, m.group().strip(), text[:m.start()].rstrip()


# A Korean wire credit opening the first paragraph: "[서울=연합뉴스] 홍길동 기자 = 서울시가 ...",
# "홍길동 이지은 기자 = ...": the names, the credit, the body after "=".
_KOREAN_HEAD = re.compile(
    r"^\s*(?:[\[(【][^\])】]{1,30}[\])】]\s*)?(?P<names>[\uac00-\ud7a3]{2,4}(?:\s*[,·]?\s*[\uac00-\ud7a3]{2,4}){0,2})\s*"
    r"(?:기자|특파원|선임기자|객원기자|통신원)\s*=\s*(?=\S)"
)


def korean_reporter_credit(text: str):
    """(names, credit, rest) of a Korean wire credit opening a paragraph ("[서울=연합뉴스] 홍길동
    기자 = 서울시가 ..."), None otherwise."""
    m = _KOREAN_HEAD.match(text.strip())
    if not m:
        return None
    names = [n for n in re.split(r"\s*[,·]\s*|\s+", m.group("names")) if n]
    return names, m.group().strip(), text.strip()[m.end():].strip()


def closing_byline_names(line: str) -> List[str] | None:
    """The names of a credit line that closes an article with a labelled byline ("Teksts: Anna
    Bērziņa, foto: Jānis Kalniņš", "Text: Jane Doe", "Пише: Марко Петровић"): ``byline_names`` of a
    line whose lead word is followed by a colon (a cue without one is a sentence there: "By the
    end of the year ..."); None otherwise."""
    text = unicodedata.normalize("NFC", " ".join(line.split()))
    m = _CUE.match(text)
    if not m or not m.group("colon").strip() or m.group("colon").strip() in "-–—":
        return _name_then_date(text)  # "Minh Châu - 14:30 03/05/2024": a name and a date closing it
    return byline_names(text)


def is_staff_byline(line: str) -> bool:
    """A byline that names no person ("By Reuters Staff", "Redacción", "فريق التحرير")."""
    return len(line) <= 60 and bool(_STAFF.match(" ".join(line.split())))


def has_byline_cue(line: str) -> bool:
    """Does ``line`` open with a byline cue of LEAD_WORDS ("Por", "Testua:", "ავტორი:"), or is it a
    CJK / Korean reporter credit? (``byline_names`` reads names without one too: "NAME | date".)"""
    text = unicodedata.normalize("NFC", " ".join(line.split()))
    return bool(_CUE.match(text) or _CUE.match(_DATELINE.sub("", text, count=1)) or _KOREAN_BYLINE.match(text)
                or _CJK_BYLINE.match(text) or cjk_reporter_credit(text))


def byline_names(line: str, page_languages=None) -> List[str] | None:
    """The author names a byline line gives (at least one), or None when it is not a byline.
    ``page_languages``: the page's languages (ISO 639-1 codes, or a function of no arguments giving
    them), when known: a cue of ``_NAME_ONLY_CUES`` ("Le") counts only on a page in a language it
    is a byline cue of (Irish "Le NAME", never French)."""
    text = unicodedata.normalize("NFC", " ".join(line.split()))
    korean = _KOREAN_BYLINE.match(text)
    if korean:
        return [n for n in re.split(r"\s*[,·]\s*|\s+", korean.group("names")) if n]
    credit = cjk_reporter_credit(text)
    if credit and not credit[2]:
        return credit[0]  # "記者陳怡君／台北報導", "（佐藤健一記者）" alone on the line
    if _CJK.search(text[:3]):
        found = _CJK_BYLINE.match(text)
        return [n for n in re.split(r"\s*[、，,\s]\s*", found.group("names")) if n] if found else None
    m = _CUE.match(text) or _CUE.match(_DATELINE.sub("", text, count=1))
    if not m:
        return _name_then_date(text) or _name_then_place(text)
    if len(text) > 160:
        return None
    cue = m.group("cue").lower()
    colon = m.group("colon").strip()
    rest = m.group("rest").strip()
    ambiguous = cue in _AMBIGUOUS_CUES and not colon
    if not colon and not _cased(rest) and cue not in _UNCASED_BYLINE_ONLY:
        return None  # "كتب الوزير رسالة": without a colon, a verb opening a sentence
    if _SENTENCE_END.search(rest) and not re.search(r"\b[A-ZА-Я]\.$", rest):
        rest_words = rest.split()
        if len(rest_words) > 6 or ambiguous:
            return None  # a sentence ("By the end of the year, ... .")
        rest = rest.rstrip(".")
    rest = _LATER_LABEL.split(rest, maxsplit=1)[0]  # "X. Фото: Y", "X, photos: Y": the other credit goes
    rest = _ROLE_BEFORE_NAMES.sub("", rest, count=1)  # "Door onze verslaggevers X en Y": the names
    rest = _without_date_tail(rest)
    if cue in _CUE_AND:
        rest = _CUE_AND[cue].sub(", ", rest)
    rest = _split_prefix_and(rest)
    segments = [s for s in _SEGMENTS.split(rest) if s and s.strip()]
    if not segments:
        return None
    names: List[str] = []
    for index, segment in enumerate(segments):
        parts = _byline_parts(segment, page_languages) if index == 0 else [segment.strip(" ,.:")]
        if index == 0 and len(parts) > 1 and _is_place(parts[-1]):
            parts = parts[:-1]  # "Na Juma Hassan, Dar es Salaam", "By Jane Roe, Nairobi": a dateline's place
        found = [p for p in parts if not _ROLES.search(p) and not _DIGIT.search(p) and p.lower() not in _AGENCIES]
        if index == 0:
            if not found or len(found) < len(parts) - 2:
                return None
            if not all(_name_like(p) for p in found):
                return None
            names.extend(found)
        # later segments: roles, agencies, dates, places ("Jane Doe | Reuters", "- 27 July 2021")
    if ambiguous and not all(_cased(n) for n in names):
        return None
    if cue in _NAME_ONLY_CUES:
        if not all(is_person_name(n) for n in names):
            return None
        if page_languages is not None:
            found = page_languages() if callable(page_languages) else page_languages
            if not {language for language, cues in LEAD_WORDS.items() if cue in cues} & set(found or ()):
                return None
    if not _cased(" ".join(names)) and len(" ".join(names).split()) > 10:
        return None
    return names or None


_NAME_DATE_SEPARATOR = re.compile(r"\s*(?:\||•|·|–|—|\s-\s)\s*")
NAME_DATE_MAX_CHARS = 80


def _name_then_date(text: str) -> List[str] | None:
    """The names of a byline without a lead word whose other parts are only a date: "Anna Virtanen |
    4.3.2025 klo 8.15", "Jan Novák – 4. března 2025". The names: 1-3 persons of two to four
    capitalised words in a cased script, none written in capitals only (a dateline "NEW YORK |"), none
    a place (a city or country of the CLDR / time-zone names: "New York | 4.3.2025" is a dateline);
    every other part a complete date (dates.read_date_line). None otherwise."""
    if len(text) > NAME_DATE_MAX_CHARS or not _DIGIT.search(text):
        return None
    parts = [p.strip() for p in _NAME_DATE_SEPARATOR.split(text) if p and p.strip()]
    if len(parts) < 2 or _DIGIT.search(parts[0]):
        return None
    names = [n.strip(" ,.") for n in _NAME_SPLIT.split(parts[0]) if n and n.strip(" ,.")]
    if not 1 <= len(names) <= 3 or not _cased(parts[0]):
        return None
    if not all(is_person_name(name) for name in names):
        return None
    from transforms.dates import read_date_line

    if not all(read_date_line(part) is not None for part in parts[1:]):
        return None
    return names


_NAME_PLACE_SEPARATOR = re.compile(r"\s*(?:/|,|،|\||–|—|\s-\s)\s*")
_PLACE_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]{2,24}$")


def _name_then_place(text: str) -> List[str] | None:
    """The name of a byline without a lead word that is one person's name then the place it was
    filed from ("Ahmet Yılmaz / Ankara", "Олена Ковальчук, Київ", "Jane Roe | Nairobi"): two parts,
    the first ``is_person_name``, the second a place (``_is_place``) or one capitalised word
    (not in capitals only: "Jane Roe / EXCLUSIVE" is a label). None otherwise (fourteenth session)."""
    if len(text) > 60 or _DIGIT.search(text):
        return None
    parts = [p.strip() for p in _NAME_PLACE_SEPARATOR.split(text) if p and p.strip()]
    if len(parts) != 2 or not is_person_name(parts[0]):
        return None
    place = parts[1].rstrip(".")
    if place.casefold() in _calendar_words():
        return None  # "Prime Minister, Tuesday": a day, no place
    if _is_place(place):
        return [parts[0]]
    # after a comma only a known place: "Wimpole Estate, Cambridgeshire" is an estate and its county
    slash = bool(re.search(r"[/|]", text))
    if slash and _PLACE_WORD.match(place) and place[0].isupper() and not place.isupper() and _cased(place):
        return [parts[0]]
    return None


@functools.lru_cache(maxsize=1)
def _cldr_cities() -> frozenset:
    """Casefolded city and territory names, one word or more, of CLDR's time zones and territories in
    the languages of LEAD_WORDS ("Київ", "Ankara" is none: a byline's place after a comma must be one)."""
    names: set = set()
    try:
        from babel import Locale
        from babel.localedata import locale_identifiers

        for ident in sorted(set(LEAD_WORDS) & set(locale_identifiers())):
            try:
                locale = Locale.parse(ident)
                names.update(str(v).casefold() for v in locale.territories.values())
                names.update(str(z.get("city", "")).casefold() for z in locale.time_zones.values())
            except Exception:  # noqa: BLE001 - a locale without the data
                continue
    except ImportError:
        pass
    return frozenset(n for n in names if n)


def is_editor_line(line: str) -> bool:
    """An editor's credit line ("责任编辑：刘洋", "Editing by: Ann Kim"): a credit wherever it stands."""
    return bool(_EDITOR_LINE.match(" ".join(line.split()).strip()))


def is_person_name(name: str) -> bool:
    """Is ``name`` (str) shaped as one person's name: two to four capitalised words in a cased
    script ("Minh Anh", "Anna Virtanen"), none in capitals only (a dateline "NEW YORK"), not a
    role, an agency ("Breaking News", "Associated Press") nor a place (``_place_names``)."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not _cased(name) or not _name_like(name) or any(w.isupper() and len(w) > 1 for w in words):
        return False
    if _ROLES.search(name) or name.casefold() in _AGENCIES:
        return False
    return name.casefold() not in _place_names()


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset:
    """Casefolded names of cities and countries: the cities of the IANA time zones ("New York",
    "Los Angeles", "Buenos Aires") and CLDR's city and territory names in some major languages."""
    import zoneinfo

    names = {zone.rsplit("/", 1)[-1].replace("_", " ").casefold() for zone in zoneinfo.available_timezones()}
    try:
        from babel import Locale

        for code in ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl", "fi", "sv", "cs", "tr", "id"):
            locale = Locale.parse(code)
            names.update(str(v).casefold() for v in locale.territories.values())
            names.update(str(z.get("city", "")).casefold() for z in locale.time_zones.values())
    except Exception:  # noqa: BLE001 - CLDR data missing: the time-zone cities alone
        pass
    return frozenset(n for n in names if " " in n)


def _is_place(part: str) -> bool:
    """A city or country name (``_place_names``), a one-word city of the IANA time zones, or a city or
    territory CLDR names in a language of LEAD_WORDS (``_cldr_cities``: "Київ", "القاهرة")."""
    folded = part.casefold()
    return folded in _place_names() or folded in _zone_cities() or folded in _cldr_cities()


@functools.lru_cache(maxsize=1)
def _zone_cities() -> frozenset:
    import zoneinfo

    return frozenset(zone.rsplit("/", 1)[-1].replace("_", " ").casefold() for zone in zoneinfo.available_timezones()
                     if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "Canada/")))


def without_lead_word(name: str) -> str:
    """An author name (str) without a byline lead word before it, in any language of LEAD_WORDS,
    or a role word after it (TRAILING_ROLES: "김민수 기자", "山田太郎 記者"):
    metadata authors keep the cue when the page's byline element is read whole and its colon
    dropped ("بقلم خالد المنصوري", "מאת נועה כהן", "Автор Ирина Котова" -> the name). Unchanged
    when no cue opens it or what follows is not a name ("Di Stefano", "Von der Leyen": a cue word
    that is also a name particle needs two or more capitalised words after it)."""
    text = " ".join((name or "").split())
    role = _TRAILING_ROLE.match(text)
    if role and _name_like(role.group("name")) and len(role.group("name").split()) <= 3:
        text = role.group("name")  # "김민수 기자" -> "김민수"
    m = _CUE.match(text)
    if not m:
        return text
    rest = m.group("rest").strip(" :：-–—")
    if not _name_like(rest):
        return text
    if _cased(rest) and m.group("cue").lower() in _AMBIGUOUS_CUES and not m.group("colon").strip():
        tokens = rest.split()
        if len(tokens) < 2 or tokens[0].lower() in _PARTICLES:
            return text
    return rest


_AGENCY_NAMES = (
    # Latin-script agencies and wires (matched without case)
    "dpa", "afp", "ap", "reuters", "apa", "sda", "ats", "kna", "epd", "kap", "efe", "ansa", "anp", "belga",
    "tass", "ria", "ria novosti", "interfax", "xinhua", "aa", "anadolu", "anadolu agency", "wafa", "mena",
    "sana", "qna", "kuna", "spa", "wam", "petra", "irna", "isna", "pti", "ians", "ani", "upi", "ddp", "dts",
    "kyodo", "yonhap", "jiji", "ots", "ctk", "pap", "mti", "hina", "tanjug", "bta", "lusa", "ntb", "tt",
    "ritzau", "stt", "sid", "kipa", "dapd", "bloomberg", "cna", "aap", "dha", "iha", "app", "apn", "nna",
    "agencias", "agencies", "agences", "agence", "agenzie", "agências", "agencias de noticias", "wires",
    "news agencies", "agency", "agência brasil", "agencia brasil", "estadão conteúdo", "europa press",
    "the canadian press", "canadian press", "the associated press", "associated press", "press association",
    "pa media", "pa", "agence france-presse", "agence france presse", "deutsche presse-agentur",
    # other scripts
    "رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "أ ب", "د ب أ", "واس", "وكالات", "وكالة", "الأناضول", "سانا", "وام",
    "قنا", "كونا", "بترا", "وفا", "وكالة الأنباء السعودية", "خبرگزاری فارس", "فارس", "ایرنا", "ایسنا",
    "تسنیم", "مهر", "ایلنا", "اے پی پی", "ТАСС", "РИА Новости", "Интерфакс", "ПРАЙМ", "агентства",
    "新华社", "新華社", "中新社", "中新網", "央视新闻", "共同社", "联合早报",
    # fourteenth session: the word "agency" before its name ("Com informações da Agência Lusa")
    "agência", "agencia", "agenzia", "agentur", "agencja", "agentschap", "ajans", "ajansı", "агентство", "агентства",
    # fourteenth session: national agencies of a dateline's credit ("Київ, 5 травня /Укрінформ/.")
    "ukrinform", "укрінформ", "unian", "уніан", "agerpres", "mediafax", "belta", "белта", "kazinform", "казинформ",
    "azertac", "bernama", "antara", "vna", "ttxvn", "tasr", "sta", "fena", "prensa latina", "notimex", "ap images",
    "čtk", "भाषा", "यूएनआई", "uni", "共同", "共同通信", "時事", "時事通信", "連合", "연합뉴스", "뉴시스", "中央社",
)
_AGENCIES = frozenset(name.casefold() for name in _AGENCY_NAMES)
_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(_AGENCIES, key=len, reverse=True))
_LEAD = (
    r"(?:source|sources|quelle|quellen|fuente|fuentes|fonte|fontes|kaynak|bron|źródło|источник|"
    r"المصدر|المصادر|منبع|来源|來源|with files from|with reporting from|with material from|"
    r"mit material von|mit material der|mit material aus|con información de|con informacion de|"
    r"com informações d[aeo]s?|com informacoes d[aeo]s?|avec|mit|with|con|com|según|d'après|"
    r"additional reporting by|reporting by|по материалам|по данным|за матеріалами|за даними)\s*[:：]?\s*"
)
_LEAD_RX = re.compile(_LEAD, re.IGNORECASE)
# (a Cyrillic name may carry its case ending: "По материалам ТАСС и «Интерфакса»")
_AGENCY_AT = re.compile(rf"(?:{_AGENCY_ALT})(?:(?<=[\u0400-\u04ff])[\u0430-\u044f]{{1,2}})?(?!\w)", re.IGNORECASE)
_CREDIT_SEP = re.compile(r"[\s,;/&+()（）|«»“”„\"]+")
_WORD_AT = re.compile(r"[^\W\d_]+")
_GLUE = frozenset("and und et y e i with mit avec con com و и і та ve".split())
# Closing editor or end-of-dispatch lines ("责任编辑：张伟", "Editing by Andrea Ricci", "/انتهای پیام/").
_EDITOR_LINE = re.compile(
    r"^(?:责任编辑|責任編輯|编辑|編輯|主编|editor|editors|edited by|editing by|redaktion|redakteur(?:in)?|"
    r"bearbeitet von|ترجمة وتحرير|تحرير|ترجمة|ویراستار|редактор|редакция)\s*[:：]\s*\S.{0,50}$",
    re.IGNORECASE,
)
_END_MARK = re.compile(r"^(?:/?\s*انتهای پیام\s*/?|\(?\s*end\s*\)?|-+\s*end\s*-+|/ends?)$", re.IGNORECASE)


# Contributors credited by their part ("Reporting by Jane Doe and John Roe in Kyiv; Editing by Max
# Poe", "Writing by ...", "Additional reporting by ..."): each part a role word, "by", person names.
_CONTRIBUTOR_ROLE = re.compile(r"^(?:additional |further )?(?:reporting|writing|editing|research|graphics|compiled|"
                               r"fact-checking|production|produced|translated|translation)\s+by\s+(?P<names>.+)$", re.IGNORECASE)
_CONTRIBUTOR_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}$")
# Someone who contributed to the report, named in the report's last line ("The Associated Press
# contributed to this report.", "Reuters contributed reporting.", "L'AFP a contribué à cet article.")
_CONTRIBUTED = re.compile(
    r"^(?P<who>.{2,60}?)\s+(?:contributed(?: reporting| to this (?:report|story|article)| reporting to this (?:report|story|article))|"
    r"(?:a|ont) contribu(?:é|e) (?:à|a) (?:cet article|ce reportage|cette information)|"
    r"colabor(?:ó|o|ou|aram|aron) (?:en|com|con|para) (?:esta|este|esta) (?:informaci(?:ó|o)n|nota|reportaje|reportagem|mat(?:é|e)ria))$",
    re.IGNORECASE,
)


def _contributor_credit(text: str) -> bool:
    """Is ``text`` only contributors' credits: parts joined by ";" each a role, "by" and capitalised
    person names (a place after "in" allowed), or one sentence saying who "contributed to this report"
    (an agency or capitalised names)?"""
    contributed = _CONTRIBUTED.match(text)
    if contributed:
        who = [w for w in re.split(r"[\s,]+", contributed.group("who")) if w]
        return 1 <= len(who) <= 10 and all(
            w[:1].isupper() or w.casefold() in _GLUE or w.casefold() in ("the", "l'afp", "la", "le", "el") or w[:2].casefold() == "l'"
            for w in who)
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if not parts:
        return False
    for part in parts:
        m = _CONTRIBUTOR_ROLE.match(part)
        if not m:
            return False
        names = [_CONTRIBUTOR_PLACE.sub("", n.strip()) for n in _NAME_SPLIT.split(m.group("names")) if n and n.strip()]
        if not names or not all(_cased(n) and _name_like(n) and not _DIGIT.search(n) for n in names):
            return False
    return True


# A dateline before an agency credit: a place of one to three words, then a date with its day in digits
# ("Madrid, 12 mar (EFE).-", "МОСКВА, 3 апреля — РИА Новости.", "القاهرة - (أ ف ب)", "नई दिल्ली, 10 जनवरी (भाषा)")
_DATELINE_WORD = r"[^\W\d_][^\s\d,:;()\[\]/«»—–-]*"  # a word: letters, then letters or marks (Devanagari vowel signs)
_DATELINE_HEAD = re.compile(
    rf"^(?P<place>{_DATELINE_WORD}(?:[ -]{_DATELINE_WORD}){{0,2}})\s*"
    rf"(?:,\s*(?P<date>(?:{_DATELINE_WORD},?\s+)?\d{{1,2}}\.?(?:\s*{_DATELINE_WORD})?(?:\s+{_DATELINE_WORD})?(?:\s+\d{{4}})?))?\s*[-–—,:]*\s*")
_CJK_AGENCIES = ("共同", "共同通信", "時事", "時事通信", "新华社", "新華社", "中新社", "中央社", "연합뉴스", "뉴시스")


def _dateline_agency(text: str) -> bool:
    """Is ``text`` a dateline and an agency credit alone: a place and a day ("Madrid, 12 mar (EFE).-",
    "Київ, 5 травня /Укрінформ/.", "București, 7 iunie /Agerpres/ -") or "【ワシントン共同】"? (blind notices-15 of the
    fourteenth session: a dispatch's opening credit standing as its own line)"""
    bare = text.strip("【】[]（）() ")
    if _CJK.search(bare):
        if not text.startswith(("【", "[", "（", "(")):
            return False  # "東京都内で開かれた共同...": a sentence
        return any(bare.endswith(a) and 0 < len(bare) - len(a) <= 10 and not re.search(r"[\d\s、，。:：=＝]", bare[: -len(a)])
                   for a in _CJK_AGENCIES)
    head = _DATELINE_HEAD.match(text)
    if not head or head.end() >= len(text) or not head.group("place"):
        return False
    if not head.group("date") and not _is_place(head.group("place")):
        return False  # without a day, the place must be one: "It’s Complicated [ Bloomberg ]" is a heading
    rest = text[head.end():]
    return rest != text and is_agency_credit(rest, dateline=False)


# A credit's lead naming persons (sixteenth session): "Con información de Laura Benítez desde San Telmo",
# "With files from Jane Doe in Ottawa"; a bare "Avec"/"With"/"Mit" leads a credit when it names an agency
# by its noun ("Avec Hélène Marchetti et l'agence Pressalp").
_PERSON_LEAD = re.compile(
    r"^(?:con informaci(?:ó|o)n de|com informa(?:ç|c)(?:õ|o)es de|with (?:files|reporting|additional reporting|material) from|"
    r"mit material von|avec la collaboration de|con la colaboraci(?:ó|o)n de|additional reporting by|reporting by|"
    r"(?P<bare>avec|with|mit|con|com))\s+", re.IGNORECASE)
_AGENCY_NOUN = re.compile(r"^(?:l['’])?(?:agence|agency|agentur|agencia|agência|agenzia|agencji|agentschap)$", re.IGNORECASE)
_CREDIT_FILLERS = frozenset("and und et y e i и і та ve desde from in en em à a de del des du la las los le da do di von aus der "
                            "the l' d'".split())


def _person_credit(text: str) -> bool:
    """Is ``text`` a lead (``_PERSON_LEAD``) followed by capitalised names, places and glue words only
    (an agency's noun too: "l'agence Pressalp"), at least two capitalised words, no digit?"""
    lead = _PERSON_LEAD.match(text)
    if not lead or _DIGIT.search(text) or len(text) > 90:
        return False
    capitalised, agency = 0, False
    for token in re.split(r"[\s,;]+", text[lead.end():].strip(" .")):
        if not token:
            continue
        if _AGENCY_NOUN.match(token):
            agency = True
        elif token.casefold() in _CREDIT_FILLERS:
            continue
        elif token[:1].isupper() and _WORD_AT.match(token):
            capitalised += 1
        else:
            return False
    return capitalised >= 2 and (agency or not lead.group("bare"))


def is_agency_credit(line: str, dateline: bool = True) -> bool:
    """Is the line a closing credit: only agency names and editors' initials ("dpa, AFP, jul",
    "(Reuters)", "AFP/jm", "Con información de Reuters y AP", "По материалам ТАСС и «Интерфакса»"),
    contributors by their part ("Reporting by Jane Doe; Editing by John Roe", "Reuters contributed
    to this report."), an editor line ("责任编辑：张伟") or an end-of-dispatch mark ("/انتهای پیام/")?"""
    text = " ".join(line.split()).strip("()[]{}（）【】«»\"'—–-•*©·. ").strip()
    if not text or len(text) > 120:
        return False
    if _END_MARK.match(text) or _EDITOR_LINE.match(text) or _contributor_credit(text) or _person_credit(text):
        return True
    if dateline and len(text) <= 80 and _dateline_agency(" ".join(line.split()).strip()):
        return True  # "Madrid, 12 mar (EFE).-", "【ワシントン共同】"
    if len(text) > 80:
        return False
    lead = _LEAD_RX.match(text)
    pos, agencies = (lead.end() if lead else 0), 0
    while pos < len(text):  # one token at a time: agency names, glue words, editors' initials
        sep = _CREDIT_SEP.match(text, pos)
        if sep:
            pos = sep.end()
            continue
        agency = _AGENCY_AT.match(text, pos)
        if agency:
            agencies += 1
            pos = agency.end()
            continue
        word = _WORD_AT.match(text, pos)
        if not word:
            return False
        token = word.group()
        if token.casefold() not in _GLUE and not (token.islower() and len(token) <= 4):
            return False  # an editor's "jul" is lower case; a capitalised or long word is prose
        pos = word.end()
    return agencies >= 1


def opens_with_credit_lead(line: str) -> bool:
    """Does the line open with a credit's lead ("With", "Avec", "Mit", "Reporting by", "Source:",
    "With files from"...): a closing credit or sign-off ("With Post wires"), the metadata's to
    judge, not a page label?"""
    text = line.strip()
    lead = _LEAD_RX.match(text)
    # a whole word: "Withdrawn", "Comentarios" open with no lead
    return bool(lead) and lead.end() < len(text) and not (text[lead.end() - 1].isalpha() and text[lead.end()].isalpha())



# --- author names from a page's metadata and bylines -------------------------------------------
# What a page's author fields hold besides persons' names (trafilatura reads <meta name=author>,
# JSON-LD and byline elements as they are): a URL ("The Washington Times https://www..." becomes
# "The Washington Times https", "Www Washingtontimes Com"), a host ("In Gr" for in.gr), a label
# ("Źródło: PAP", "Источник: ТАСС", "Published"), a date split off ("Carrie Arnold November"), a
# desk ("JERUSALEM POST STAFF", "AP National Political Writer"), the site itself or its owner
# company ("Condé Nast" on The New Yorker, "AWR Wprost Sp. z o.o."). ``author_names`` keeps the
# persons; an agency or another outlet ("Reuters", "PAP") only when no person is named.

# top-level domains written as a name's last words by trafilatura's author normaliser ("In Gr",
# "Cleveland com"); two-letter codes that are also common surnames or name parts (Li, Le, Ng, Hu,
# Ma, Do, Ha, Ho, Lo, Ly, Vo, To, Se, Bo, Ai, An, Al, El, La, Mo, So, Tu) are left out.
_CUE_WORDS = frozenset(cue for cues in LEAD_WORDS.values() for cue in cues)
_TLDS = frozenset(
    "com net org info biz gov edu mil int eu asia io me cc ws "
    "uk gr pl ru ua by kz de fr es it pt nl be lu ch at cz sk hu ro bg rs hr si ba mk al me lt lv ee fi "
    "dk no is ie br ar mx cl pe co ve uy py bo ec cn tw hk jp kr in pk ir tr il ae sa eg za ng ke au nz ca "
    "us sg my ph id th vn bd lk np ge am az uz kg tj md".split()
) - frozenset("li le ng hu ma do ha ho lo ly vo to se bo ai an al el la mo so tu".split())
_URL_PIECE = re.compile(r"(?:https?://\S*|\bwww\.\S*|\S+@\S+\.\w+|(?<![^\W\d_])(?:https?|www)(?![^\W\d_]))", re.IGNORECASE)
# labels written before or instead of a credit: source / based on / press release / published / photo
_AUTHOR_LABEL = re.compile(
    r"^(?:source|sources|quelle|quellen|fuente|fuentes|fonte|fontes|bron|kilde|k[äa]lla|zdroj|[źz]r[óo]d[łl]o|sursa|"
    r"forr[áa]s|l[äa]hde|ngu[ồo]n|chanzo|источник|джерело|извор|izvor|vir|kaynak|sumber|πηγή|πηγη|المصدر|مصدر|منبع|"
    r"ماخذ|स्रोत|সূত্র|מקור|ที่มา|出典|来源|來源|출처|по материалам|за матеріалами|prema|via|photo|photos|foto|fotos|"
    r"fotó|фото|image|images|credit|credits|crédit|crédito|bildquelle)\b\s*[:：]?\s*",
    re.IGNORECASE,
)
# whole credits that name nobody: the page's publication words, press-release and CMS defaults
_NOT_A_NAME = re.compile(
    r"^(?:published|posted|updated|by|author|admin|administrator|editor|editorial|hosted|guest|anonymous|unknown|"
    r"materiały prasowe|materialy prasowe|informacja prasowa|press release|pressemitteilung|communiqué de presse|"
    r"comunicado de prensa|comunicato stampa|пресс-релиз|прес-реліз|publi[ée]e?|ver[öo]ffentlicht|publicado|"
    r"pubblicato|opublikowano|опубликовано|опубліковано|δημοσιε[ύυ]τηκε|julkaistu|publicerad|gepubliceerd|"
    r"войти|вход|login|log in|sign in|anmelden|connexion|zaloguj)$",
    re.IGNORECASE,
)
_LEADING_PUBLISH = re.compile(r"^(?:published|posted|updated|publi[ée]e?|ver[öo]ffentlicht|publicado|pubblicato|"
                              r"opublikowano|опубликовано|опубліковано|δημοσιε[ύυ]τηκε|julkaistu)\b\s*[:：]?\s*", re.IGNORECASE)
_TRAILING_PUBLISH = re.compile(r"\s+(?:published|posted|updated)$", re.IGNORECASE)
# a desk or the newsroom: never a person, whatever precedes it ("JERUSALEM POST STAFF", "Telegraph
# Reporters", "Detroit News wire services", "News Nation Bureau")
_DESK = re.compile(
    r"(?<![^\W\d_])(?:staff|staffers|reporters|writers|editors|correspondents|newsroom|desk|team|bureau|wire services?|"
    r"wires|editorial (?:board|team|staff)|redaktion|rédaction|redacción|redazione|redação|redakcja|редакция|редакція|"
    r"корреспонденты|staff reports?)(?![^\W\d_])",
    re.IGNORECASE,
)
# a person's role written after the name ("Tom Gillespie News reporter", "Janice Wood Associate
# News Editor", "Phil Helsel is a reporter"): the name is what comes before the role's first word
_ROLE_NOUNS = frozenset(
    "reporter writer editor correspondent contributor journalist columnist analyst producer photographer "
    "editor-at-large reporters writers editors".split()
)
_ROLE_WORDS = _ROLE_NOUNS | frozenset(
    "associate senior chief deputy managing executive national political sports auto business science health "
    "news international foreign special contributing staff is was".split()
)
# what a byline says before "by" ("Analysis by Chris Cillizza", "Photos by ...")
_KIND_BY = re.compile(r"^(?:analysis|opinion|commentary|review|interview|story|text|words|photos?|video|reporting|"
                      r"written|compiled|edited|produced)\s+by\s+", re.IGNORECASE)
# stock-photo agencies and a page's contact words: credits of a picture or an address, not of the text
_NOT_AUTHORS = re.compile(r"^(?:shutterstock|getty images|gettyimages|istock|istockphoto|depositphotos|fotolia|123rf|"
                          r"dreamstime|alamy|adobe stock|tel|fax|phone|e-?mail)$", re.IGNORECASE)
# log-in furniture read as a byline in scripts without case ("点击登录", "个人设置", "退出")
_CJK_FURNITURE = re.compile(r"登录|登錄|注册|註冊|退出|设置|設置|我的|密码|密碼|用户|用戶|昵称|暱稱")
_CJK_NAME_MAX = 5  # Han/kana characters of a name written without a middle dot ("李宝花", "凱倫．伯格" has one)


# outlets and companies: a credit holding one of these words names an organisation, not a person
_ORGANISATION = re.compile(
    r"(?<![^\W\d_])(?:news|press|post|times|media|tribune|journal|herald|gazette|magazine|daily|weekly|tv|radio|"
    r"network|networks|agency|group|business|online|digital|interactive|solutions|publishing|publications|"
    r"sp z o o|sp\. z o\.o\.|s\.?a\.?|kft|gmbh|ag|inc|llc|ltd|limited|plc|corp|co|bv|nv|oy|ab|srl|sas|"
    r"prefeitura|municipality|ministry|ministerio|université|university)(?![^\W\d_])",
    re.IGNORECASE,
)
_COMPANY_FORM = re.compile(
    r"(?<![^\W\d_])(?:sp z o o|sp\. z o\.o\.|s\.?a\.?|kft|zrt|gmbh|ag|inc|llc|ltd|limited|plc|corp|bv|nv|oy|oyj|srl|sas|"
    r"a\.?e\.?|α\.?ε\.?|ооо|зао|оао|тов)\.?$",
    re.IGNORECASE,
)


# languages whose month and weekday names are read besides those of LEAD_WORDS (every babel locale
# took 3 s per process; these ~100 take a fraction of it)
_CALENDAR_LANGUAGES = ("nb", "nn", "fo", "ga", "mt", "lb", "rw", "cy", "af", "zu", "xh", "ig", "ha", "yo", "om", "ti",
                       "fil", "jv", "su", "mn", "tg", "tk", "ug", "bo", "dz", "lo", "or", "as", "sd", "ckb", "ku", "fy",
                       "br", "gd", "sa", "ne", "si", "km", "my", "be", "bs", "hr", "sr", "mk", "sq", "uz", "ky", "tt")


@functools.lru_cache(maxsize=1)
def _calendar_words() -> frozenset:
    """Casefolded one-word month and weekday names (CLDR wide forms, format and stand-alone, of
    the languages of LEAD_WORDS and _CALENDAR_LANGUAGES; Greek genitive months included) - what a byline's
    date leaves behind when its digits are split off ("Carrie Arnold November")."""
    words: set = set()
    try:
        from babel import Locale
        from babel.localedata import locale_identifiers

        known = set(locale_identifiers())
        for ident in sorted({*LEAD_WORDS, *_CALENDAR_LANGUAGES} & known):
            try:
                locale = Locale.parse(ident)
                for context in ("format", "stand-alone"):
                    for table in (locale.months, locale.days):
                        words.update(str(v).casefold() for v in table[context]["wide"].values())
            except Exception:  # noqa: BLE001 - a locale without calendar data
                continue
    except ImportError:  # babel missing: English only
        words.update("january february march april may june july august september october november december "
                     "monday tuesday wednesday thursday friday saturday sunday".split())
    return frozenset(w for w in words if " " not in w and len(w) >= 3)


def _folded(text: str) -> str:
    """A credit compared in ASCII letters and digits only, without case ("Jón Einarsson" and its
    slug "Jon-Einarsson" meet)."""
    from anyascii import anyascii

    return "".join(ch for ch in anyascii(text).casefold() if ch.isalnum())


# a byline label standing alone ("Höfundar" = authors, "Autoren", "Авторы"): the lead words and
# the plural "authors" of some languages, compared by ``_folded``
_LABEL_WORDS = frozenset(
    _folded(w) for w in (
        *(c for c in _CUE_WORDS if " " not in c and "(" not in c),
        "authors", "autoren", "auteurs", "autores", "autori", "autorzy", "autoři", "avtorji", "autorid",
        "hofundar", "forfattere", "forfattare", "forfattarna", "tekijat", "szerzok", "yazarlar", "penulis",
        "avtory", "avtori", "autory",
    )
)


def _host_like(tokens: list) -> bool:
    """A host name split into words ("In Gr", "Cleveland com", "CNBC com staff", "BIOLOG PL"):
    a word after the first is a top-level domain written in lower case or capitals, or title case
    (trafilatura's normaliser) at the end."""
    for i, token in enumerate(tokens[1:], 1):
        word = token.strip(".,")
        after = " ".join(tokens[i + 1:])
        if word.casefold() in _TLDS and (not after or _DESK.fullmatch(after)):
            return True  # at the end, or before a desk word only ("CNBC com staff"); "Phil Helsel is a reporter" is no host
    return False


def _without_dates(tokens: list) -> list:
    """``tokens`` without month and weekday names at its end while two words are left before them."""
    calendar = _calendar_words()
    while len(tokens) > 2 and len(tokens[-1]) >= 4 and tokens[-1].strip(".,").casefold() in calendar:
        tokens = tokens[:-1]
    return tokens


def _person_part(tokens: list) -> list:
    """The words before a role description ("Tom Gillespie News reporter" -> Tom Gillespie) when the
    credit names a role (``_ROLE_NOUNS``) and at least two words come before it; [] when a role
    follows fewer words ("AP Sports Writer", "METRO REPORTER"); ``tokens`` when it names none."""
    folded = [t.casefold().strip(".,") for t in tokens]
    if not any(w in _ROLE_NOUNS for w in folded):
        return tokens
    first = next(i for i, w in enumerate(folded) if w in _ROLE_WORDS)
    return tokens[:first] if first >= 2 else []


def _site_prefix(tokens: list, site_names, url: str) -> bool:
    """Do the credit's first words (not all of them) spell the site's name ("Telegraph Sport", "The
    Pilot Weeklies", "CBC News" on cbc.ca, "India Post News Weekly")? Compared as ``titles.site_key``."""
    from transforms.titles import site_key

    keys = {site_key(s) for s in site_names} | ({site_key(url)} if url else set())
    keys = {k for k in keys if len(k) >= 3}
    return any(site_key(" ".join(tokens[:n])) in keys for n in range(1, len(tokens)))


def _credit_kind(name: str, site_names, url: str, rights) -> tuple:
    """(kind, cleaned name) of one author credit: kind "person", "agency" (an outlet or agency
    credited when nobody is: "Reuters", "PAP", "CNN Business") or "" (not an author)."""
    from transforms.titles import is_rights_holder, is_site_name

    text = " ".join(unicodedata.normalize("NFC", name or "").split()).strip(" ,;:|-–—·•")
    piece = _URL_PIECE.search(text)
    if piece:
        text = text[:piece.start()].strip(" ,;:|-–—·•@")  # "The Washington Times https" -> the part before
    for _ in range(2):
        text = _KIND_BY.sub("", _LEADING_PUBLISH.sub("", _AUTHOR_LABEL.sub("", text))).strip(" ,;:|-–—·•")
    text = _TRAILING_PUBLISH.sub("", text)
    if re.search(r"[:：]", text):  # "本文栏目： 消费 作者： 李宝花": the name after a byline label, else a label's residue
        pieces = re.split(r"\s*[:：]\s*", text)
        label, rest = pieces[-2].rpartition(" ")[2].casefold(), pieces[-1].strip()
        text = rest if label in _CUE_WORDS and rest else ""
    if (not text or not any(ch.isalpha() for ch in text) or _NOT_A_NAME.match(text) or _NOT_AUTHORS.match(text)
            or _folded(text) in _LABEL_WORDS):
        return "", ""
    tokens = text.split()
    if _host_like(tokens):
        return "", ""
    calendar = _calendar_words()
    if all(t.strip(".,").casefold() in calendar or _NOT_A_NAME.match(t) for t in tokens):
        return "", ""  # "November", "Δημοσιεύτηκε Δεκέμβριος"
    tokens = _without_dates(tokens)
    text = " ".join(tokens)
    if _DESK.search(text):
        return "", ""
    if (is_site_name(text, site_names, url) or _site_prefix(tokens, site_names, url)
            or (rights and is_rights_holder(text, rights)) or _COMPANY_FORM.search(text)):
        return "", ""  # the site itself, a desk or section of it, its owner company
    if text.casefold() in _AGENCIES or _AGENCY_AT.fullmatch(text):
        return "agency", text
    if not _cased(text):
        compact = re.sub(r"[\s·．・•]", "", text)
        if _CJK_FURNITURE.search(text) or len(tokens) > 3 or (
                _CJK.search(text) and len(compact) > _CJK_NAME_MAX and not re.search(r"[·．・•]", text)):
            return "", ""
        return "person", text
    person = _person_part(tokens)
    if not person:
        return "", ""  # "AP National Political Writer", "METRO REPORTER": a role, nobody named
    tokens = person
    for i in range(2, len(tokens)):  # "ERIC TUCKER Associated Press" -> the person
        if " ".join(tokens[i:]).casefold() in _AGENCIES:
            tokens = tokens[:i]
            break
    text = " ".join(tokens)
    if _ORGANISATION.search(text):
        return ("agency", text) if _name_like(text) else ("", "")
    if not _name_like(text) or _is_place(text):
        return "", ""
    return "person", text


_SITE_PARTS = re.compile(r"\s+[|\-–—·•]\s+|\s*[|｜]\s*")


def author_names(names, site_names=(), url: str = "", rights=(), languages=()) -> List[str]:
    """The authors among ``names`` (str credits from a page's metadata, bylines or an input's
    field), in order, each once (compared without case or spaces): persons' names, cleaned of a
    URL, a label ("Source:", "Źródło:", "Источник:"...), a month or weekday left by a split date,
    and a role after the name. A credit that is a host name, a desk or the newsroom ("X Staff",
    "Telegraph Reporters"), a publication word, the site itself (``site_names``: publisher,
    og:site_name, each part of "Site | Owner"; ``url``'s host), its owner (a rights holder in
    ``rights``, the page's copyright lines, when another credit is given; a company form: "Sp. z
    o.o.", "GmbH") is no author. Agencies and other outlets ("Reuters", "PAP", "CNN Business") are
    returned only when no person is named. A credit naming several persons with the joiners of a
    list in the page's ``languages`` ("Giulia Ferraro e Marco Lenti" on an Italian page) gives each
    (``split_names``)."""
    persons: List[str] = []
    agencies: List[str] = []
    seen: set = set()
    # a publisher written "Site | Owner" or "host | Name" names the site by each part
    site_names = tuple({p for s in site_names if s for p in (s, *_SITE_PARTS.split(s)) if p.strip()})
    rights = tuple(rights)
    names = [n for n in names if n and n.strip()]
    if languages:
        names = [part if len(parts) == 1 else without_lead_word(part)  # "Door Anouk de Vries": the cue goes
                 for n in names for parts in [split_names(n, languages)] for part in parts]
    # the rights holder of the page's copyright lines is its owner ("Condé Nast" beside "Jane Mayer"),
    # unless it is the only credit: a blog's writer owns the blog ("© 2017 Regan")
    rights = rights if len(names) > 1 else ()
    for name in names:
        kind, text = _credit_kind(name, site_names, url, rights)
        key = _folded(text)  # "Jon-Einarsson" (the name's URL slug) is "Jón Einarsson"
        if not kind or key in seen:
            continue
        seen.add(key)
        (persons if kind == "person" else agencies).append(text)
    if len(persons) > 1:  # "Ilana Muhlstein, MS, RDN", "Sandee LaMotte, CNN": credentials and initials beside a name
        persons = [p for p in persons if not (" " not in p and p.isupper() and len(p) <= 4)] or persons
    return persons or agencies
