import codecs

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.decode import DecodeText, NotText, decode_bytes, sanitize
from transforms.records import Document

ARABIC = "أعلن الرئيس الأميركي جو بايدن أن القوات الأميركية ستنهي مهمتها القتالية في العراق بنهاية العام، وقال إن التعاون سيستمر."
FRENCH = "Le président a déclaré que la réforme serait présentée à l'Assemblée après des négociations difficiles."


def test_arabic_windows_1256_without_declaration():
    assert decode_bytes(ARABIC.encode("cp1256")).text == ARABIC


def test_arabic_windows_1256_html_without_declaration():
    page = f"<html><body><p>{ARABIC}</p><p>{ARABIC}</p></body></html>".encode("cp1256")
    assert ARABIC in decode_bytes(page, is_html=True).text


def test_utf16_with_bom():
    assert decode_bytes(ARABIC.encode("utf-16")).text == ARABIC
    assert decode_bytes(codecs.BOM_UTF8 + FRENCH.encode()).text == FRENCH


def test_latin1_french():
    assert decode_bytes(FRENCH.encode("latin-1")).text == FRENCH


def test_declared_charsets_win_over_detection():
    page = '<html><head><meta charset="windows-1256"></head><body>نص</body></html>'.encode("cp1256")
    assert decode_bytes(page, is_html=True).encoding == "cp1256"
    assert decode_bytes("é".encode("latin-1"), declared="ISO-8859-1").text == "é"
    # A bogus declared charset falls through to the next candidate.
    assert decode_bytes("ok".encode(), declared="no-such-charset").text == "ok"


@pytest.mark.parametrize("blob", [b"\x1f\x8b\x08\x00abc", b"\x89PNG\r\n\x1a\n....", b"%PDF-1.4", b"\x00\x01\x02" * 100])
def test_binary_is_refused(blob):
    with pytest.raises(NotText):
        decode_bytes(blob)


def test_sanitize_removes_controls_and_lone_surrogates():
    assert sanitize("a\x00b\x07c\nd\te") == "abc\nd\te"
    assert sanitize("x\ud800y") == "x\ufffdy"
    assert sanitize("plain") == "plain"


def test_decode_stage_both_outputs():
    docs = [
        Document(id="1", source="ar.txt", url="", format="text", raw=ARABIC.encode("cp1256")),
        Document(id="2", source="img.html", url="", format="html", raw=b"\x89PNG\r\n\x1a\n"),
        Document(id="3", source="l.jsonl#L1", url="", format="jsonl-text", text="a\x00b"),
    ]
    with TestPipeline() as p:
        ok, rejected = p | beam.Create(docs) | DecodeText()
        assert_that(ok | "OkKeys" >> beam.Map(lambda d: (d.id, d.text, d.raw)), equal_to([("1", ARABIC, b""), ("3", "ab", b"")]), label="ok")
        assert_that(rejected | "RejKeys" >> beam.Map(lambda r: (r.id, r.stage, r.reason)), equal_to([("2", "decode", "binary")]), label="rejected")


def test_an_undeclared_format_is_a_failure_not_text_with_its_tags():
    docs = [Document(id="w", source="a.warc", url="", format="warc", raw=b"<html><p>Body text</p></html>")]
    with TestPipeline() as p:
        ok, rejected = p | beam.Create(docs) | DecodeText()
        assert_that(ok, equal_to([]), label="ok")
        assert_that(rejected | beam.Map(lambda r: (r.id, r.stage, "unknown document format" in r.detail)),
                    equal_to([("w", "decode", True)]), label="rejected")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "é", "ع", "\n", "\t", "\r", "\x00", "\x07", "\x0b", "\x1f", "\x7f", "\x85", "\ufffe", "\uffff", "\ufffd", "\U0001f600"]), max_size=40))
def test_the_utf8_fast_path_sanitizes_exactly_when_sanitize_would_change_the_text(text):
    from transforms.decode import _clean_utf8, decode_bytes, sanitize

    text = "x" * 400 + text  # enough text that NULs do not make it look binary
    data = text.encode("utf-8")
    assert _clean_utf8(data) == (sanitize(text) == text)
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.text) == ("utf-8", sanitize(text))


TURKISH = "Tarihi çarşıda restorasyon başlıyor. Belediye, şehir merkezindeki tarihi çarşının restorasyonuna başlayacak."
SPANISH = "El Gobierno anunció una sanción contra la compañía por la contaminación del río, según la resolución."


def test_page_declared_utf8_with_a_stray_byte_is_text_with_a_replacement_character():
    """tests/fixtures/cases/11_utf8_stray_byte.html (../shared/cases): one invalid byte made it decode:binary."""
    from tests.conftest import FIXTURES

    data = (FIXTURES / "cases" / "11_utf8_stray_byte.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode_bytes(data, is_html=True)
    assert decoded.encoding == "utf-8"
    assert "Tarihi çarşıda restorasyon başlıyor" in decoded.text
    assert decoded.text.count("\ufffd") == data.decode("utf-8", "replace").count("\ufffd") >= 1


@pytest.mark.parametrize("stray", [b"\xff", b"\xc3", b"\x80\x80", b"\xe2\x82"])
def test_utf8_text_with_a_few_stray_bytes_keeps_every_good_character(stray):
    good = TURKISH.encode()
    data = good[:40] + stray + good[40:]
    for declared, is_html, blob in (("", False, data), ("utf-8", False, data),
                                   ("", True, b'<meta charset="utf-8"><p>' + data + b"</p>")):
        decoded = decode_bytes(blob, declared=declared, is_html=is_html)
        assert decoded.encoding == "utf-8"
        assert decoded.text.replace("\ufffd", "").replace('<meta charset="utf-8"><p>', "").replace("</p>", "") == TURKISH


@pytest.mark.parametrize("label", ["iso-8859-1", "iso-8859-15", "windows-1252"])
def test_valid_utf8_beats_a_contradicting_meta_charset(label):
    page = f'<html><head><meta charset="{label}"></head><body><p>{SPANISH}</p></body></html>'.encode()
    decoded = decode_bytes(page, is_html=True)
    assert decoded.encoding == "utf-8" and SPANISH in decoded.text and "Ã" not in decoded.text


def test_http_header_charset_still_comes_first():
    assert decode_bytes("é".encode("latin-1"), declared="iso-8859-1").text == "é"
    assert decode_bytes(SPANISH.encode("utf-8"), declared="utf-8").text == SPANISH


def test_latin1_mislabelled_utf8_is_not_read_as_utf8_with_holes():
    page = f'<html><head><meta charset="utf-8"></head><body><p>{FRENCH}</p></body></html>'.encode("latin-1")
    decoded = decode_bytes(page, is_html=True)  # detection decides (a Latin charset), no holes
    assert "Le président a déclaré que la réforme serait présentée" in decoded.text and "\ufffd" not in decoded.text
    page = f'<meta charset="iso-8859-1"><p>{FRENCH}</p>'.encode("latin-1")
    assert FRENCH in decode_bytes(page, is_html=True).text


def test_fallback_encodings_are_tried_before_detection():
    data = ARABIC.encode("cp1256")
    assert decode_bytes(data).text == ARABIC  # detection finds it on its own
    forced = decode_bytes(data, fallbacks=("utf-8", "iso8859-1"))  # a fallback that decodes anything wins
    assert forced.encoding == "iso8859-1" and forced.text == data.decode("latin-1")
    assert decode_bytes(FRENCH.encode("utf-8"), fallbacks=("iso8859-1",)).encoding == "utf-8"  # UTF-8 first


def test_decode_settings_are_checked_at_construction():
    from transforms.settings import ConfigError

    with pytest.raises(ConfigError, match="unknown encoding 'no-such-codec'"):
        DecodeText({"fallback_encodings": ["no-such-codec"]})
    with pytest.raises(ConfigError, match=r"unknown key decode\.fallback_encoding \(did you mean decode\.fallback_encodings\?\)"):
        DecodeText({"fallback_encoding": ["utf-8"]})


def _legacy_page(lang: str, declared: str, body: str, encoding: str) -> bytes:
    return (f'<html lang="{lang}"><head><meta http-equiv="Content-Type" content="text/html; charset={declared}">'
            f"<title>{body[:30]}</title></head><body><article><p>{body}</p></article></body></html>").encode(encoding)


@pytest.mark.parametrize(
    "lang,body,encoding",
    [
        # written in the language's own code page, declared Latin-1: the <html lang>'s alphabet decides
        ("cs", "Příliš žluťoučký kůň úpěl ďábelské ódy. Řidiči na dálnici čekají tři hodiny.", "cp1250"),
        ("pl", "Zażółć gęślą jaźń. Mieszkańcy Łodzi czekają na nową linię tramwajową.", "cp1250"),
        ("ru", "Съешь же ещё этих мягких французских булок да выпей чаю. Жители города ждут.", "cp1251"),
        ("az", "Bakıda yeni metro stansiyası açılır. Şəhər sakinləri gözləyir, dəyişiklik çoxdur.", "cp1254"),
    ],
)
def test_a_page_declared_latin1_but_written_in_its_languages_code_page(lang, body, encoding):
    if lang == "az":  # windows-1254 has no ə: write the Turkish-compatible letters only
        body = body.replace("ə", "e")
    found = decode_bytes(_legacy_page(lang, "iso-8859-1", body, encoding), is_html=True)
    assert found.encoding.replace("_", "") == encoding.replace("_", "") and body in found.text


@pytest.mark.parametrize(
    "lang,declared,body,encoding",
    [
        # a Cyrillic page in KOI8 declared windows-1251: lower-case letters would come out as capitals
        ("uk", "windows-1251", "Верховна Рада ухвалила закон про місцеве самоврядування. Депутати голосували ввечері.", "koi8_u"),
        ("ru", "windows-1251", "Жители Самары ждут открытия новой станции метро уже двенадцать лет.", "koi8_r"),
        ("bg", "koi8-r", "Народното събрание прие бюджета след дълъг дебат в сряда вечерта.", "cp1251"),
        # a multi-byte page declared Latin-1: only a strict decoding with the language's letters wins
        ("ko", "iso-8859-1", "서울시는 내년부터 대중교통 요금을 인상한다고 밝혔다. 시민단체는 반발하고 있다.", "euc_kr"),
        ("ja", "iso-8859-1", "東京都は来年度から公共交通の運賃を引き上げると発表した。市民団体は反発している。", "cp932"),
    ],
)
def test_a_page_declared_in_one_code_page_but_written_in_another(lang, declared, body, encoding):
    found = decode_bytes(_legacy_page(lang, declared, body, encoding), is_html=True)
    supersets = {"euc_kr": "cp949"}  # windows-949 extends EUC-KR: the same text
    assert found.encoding in (encoding.replace("_", "-"), encoding, supersets.get(encoding)) and body in found.text


@pytest.mark.parametrize(
    "lang,declared,body,encoding",
    [
        ("uk", "windows-1251", "Верховна Рада ухвалила закон про місцеве самоврядування. ВВП зріс на 2%.", "cp1251"),
        ("ru", "koi8-r", "Жители Самары ждут открытия новой станции метро. МВД и ФСБ не комментируют.", "koi8_r"),
        ("ko", "euc-kr", "서울시는 내년부터 대중교통 요금을 인상한다고 밝혔다.", "euc_kr"),
    ],
)
def test_a_right_legacy_declaration_stays(lang, declared, body, encoding):
    found = decode_bytes(_legacy_page(lang, declared, body, encoding), is_html=True)
    assert found.encoding.replace("_", "-") == encoding.replace("_", "-") and body in found.text


@pytest.mark.parametrize(
    "lang,body",
    [
        ("fr", "Cœur de la ville : les élèves attendent l’été, à 5 € le billet."),  # its declaration is right
        ("is", "Það er þörf á nýjum vegi við ströndina, segir ráðherrann."),  # Icelandic þ ð ý are letters
        ("tr", "Müdür: çok güzel, Köln ve Zürich gibi."),  # Turkish with only the letters Latin-1 shares
    ],
)
def test_a_right_latin1_declaration_stays(lang, body):
    found = decode_bytes(_legacy_page(lang, "windows-1252", body, "cp1252"), is_html=True)
    assert found.encoding == "cp1252" and body in found.text


def _page_without_lang(declared: str, body: str, encoding: str) -> bytes:
    # an old-style page: upper-case tags, no <html lang>
    return (f'<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset={declared}">'
            f"<TITLE>News</TITLE></HEAD><BODY><P>{body}</P></BODY></HTML>").encode(encoding)


@pytest.mark.parametrize(
    "declared,body,encoding,expected",
    [
        ("windows-1251", "Жители Самары ждут открытия новой станции метро уже двенадцать лет. Мэрия обещает.", "koi8_r", ("koi8-r",)),
        ("koi8-r", "Народното събрание прие бюджета след дълъг дебат в сряда вечерта. Опозицията е против.", "cp1251", ("cp1251",)),
        ("iso-8859-1", "서울시는 내년부터 대중교통 요금을 인상한다고 밝혔다. 시민단체는 반발하고 있다.", "euc_kr", ("cp949", "euc_kr")),
        ("iso-8859-1", "北京市政府昨天召开新闻发布会，宣布老城区改造工程正式启动。", "gb18030", ("gb18030", "gbk", "gb2312")),
    ],
)
def test_a_page_without_a_language_in_another_code_page_than_declared(declared, body, encoding, expected):
    import codecs

    found = decode_bytes(_page_without_lang(declared, body, encoding), is_html=True)
    assert codecs.lookup(found.encoding).name in {codecs.lookup(e).name for e in expected}, found.encoding
    assert body in found.text


@pytest.mark.parametrize(
    "declared,body,encoding",
    [
        ("windows-1251", "ПРАВИТЕЛЬСТВО РОССИИ УТВЕРДИЛО БЮДЖЕТ НА СЛЕДУЮЩИЙ ГОД И ПЛАНОВЫЙ ПЕРИОД", "cp1251"),  # capitals
        ("windows-1251", "Правительство России утвердило новый бюджет. Министр финансов выступил в Думе.", "cp1251"),
        ("windows-1252", "Cœur de la ville : les élèves attendent l’été, à 5 € le billet. Ça coûte très cher, déjà.", "cp1252"),
        ("windows-1252", "ÉTAT D’URGENCE À PARIS : LES ÉLÈVES RESTENT CHEZ EUX, DÉCIDE LE PRÉFET", "cp1252"),
        ("iso-8859-1", "Mit Übergrößen: Straße, Größe, Bäckerei, Müller und Söhne öffnen früh.", "cp1252"),
    ],
)
def test_a_right_declaration_without_a_language_stays(declared, body, encoding):
    found = decode_bytes(_page_without_lang(declared, body, encoding), is_html=True)
    assert body in found.text, found.encoding


def test_an_undeclared_persian_page_in_windows_1256_is_not_read_as_cyrillic():
    """charset-normalizer guesses Mac Cyrillic for this Persian text ("гќ«бЁ«д гнЭРжндѕ"): a guess
    whose non-ASCII words mix cases and scripts yields to the code page whose text is one script."""
    from transforms.decode import decode_bytes

    body = ("مخالفان می‌گویند پیش‌بینی درآمدها بیش از حد خوش‌بینانه است. گزارش‌ها نشان می‌دهد که چند پروژه "
            "پیشنهادی در بخش‌های ژرف‌تر شهر هنوز آغاز نشده‌اند.").replace("ی", "ي")
    found = decode_bytes(f"<html><head><title>بودجه</title></head><body><p>{body}</p></body></html>".encode("cp1256"),
                         is_html=True)
    assert found.encoding == "cp1256" and body in found.text
    arabic = "وافق مجلس المدينة يوم الثلاثاء على ميزانية العام المقبل التي تخصص مزيدا من الأموال لتجديد المدارس."
    found = decode_bytes(f"<html><body><p>{arabic}</p></body></html>".encode("iso-8859-6"), is_html=True)
    assert arabic in found.text
    russian = "Городская администрация объявила, что с первого апреля движение по старому мосту будет закрыто."
    found = decode_bytes(f"<html><body><p>{russian}</p></body></html>".encode("cp1251"), is_html=True)
    assert russian in found.text


def test_an_undeclared_latin_page_takes_the_code_page_its_language_letters_fit():
    """An Estonian page in windows-1257 with no charset and no <html lang>: the Latin code page whose
    letters fit one language's alphabet (ž š õ ä ö ü: Estonian) wins, not windows-1250/1258's ţ ð."""
    et = ("Tallinna linnavolikogu kinnitas teisipäeval järgmise aasta eelarve pärast pikka arutelu. "
          "Eelarves on rohkem raha koolide remondiks ja ühistranspordi arendamiseks, žürii hinnangul on see õige samm. "
          "Opositsioon leiab, et tuluprognoosid on liiga optimistlikud ning nõuab ülevaatamist enne aasta lõppu. "
          "Žürii esimees ütles, et õpilaste tööd on väga head ja et järgmisel nädalal jätkatakse tööd. "
          "Linnapea sõnul on otsus linna arengu jaoks väga tähtis ja elanikud tunnevad seda juba kevadel, šokk on möödas.")
    page = f"<html><head><title>Uudised</title></head><body><p>{et}</p></body></html>".encode("cp1257")
    found = decode_bytes(page, is_html=True)
    assert et in found.text and found.encoding == "cp1257"
    icelandic = ("Borgarstjórn Reykjavíkur samþykkti í gær fjárhagsáætlun næsta árs eftir langar umræður. "
                 "Þar er gert ráð fyrir meiri fjármunum til skóla og þjónustu við eldri borgara.")
    page = f"<html lang='is'><head><meta charset='utf-8'></head><body><p>{icelandic}</p></body></html>".encode("cp1252")
    assert icelandic in decode_bytes(page, is_html=True).text


@pytest.mark.parametrize("lang, text", [
    ("cs", "Zastupitelstvo v Českých Budějovicích schválilo zdražení jízdného. Šalinkarta bude stát o třicet korun "
           "víc a řidiči autobusů žádají přidání, říká mluvčí dopravního podniku."),
    ("sk", "Ľubovnianska nemocnica dostane nový pavilón. Ministerstvo zdravotníctva vyčlenilo štrnásť miliónov "
           "eur a ľudia sa dočkajú kratších čakacích lehôt, tvrdí riaditeľ."),
    ("pl", "Rada miasta Łodzi przyjęła budżet na przyszły rok. Większość środków trafi na remonty szkół, żłobków "
           "i dróg, a opozycja zapowiada skargę do wojewody."),
])
def test_a_page_declared_latin_1_but_written_in_windows_1250_is_read_in_windows_1250(lang, text):
    """Latin-1 reads windows-1250's š ť ž Ž Ś ź as C1 controls and ľ ą as symbols ("¾", "¹"): those
    count as letters outside the language's alphabet, so windows-1250 wins (``_misread``)."""
    from transforms.decode import decode_bytes

    page = (f'<html lang="{lang}"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            f"<title>x</title></head><body><p>{text}</p></body></html>").encode("cp1250")
    found = decode_bytes(page, is_html=True)
    assert text in found.text and found.encoding == "cp1250", found.encoding


@pytest.mark.parametrize("text", [
    "Ríkisstjórnin kynnti í morgun nýjar aðgerðir vegna hækkandi orkuverðs. Þær eiga að lækka "
    "rafmagnsreikninga heimila um fimmtung á næsta ári, segir fjármálaráðherra.",
    "Landsstýrið hevur samtykt nýggja lóg um fiskiskap. Føroyingar skulu sjálvir ráða yvir tilfeinginum, "
    "sigur landsstýrismaðurin, og lógin fær gildi um ársskiftið.",
])
def test_an_undeclared_windows_1252_page_keeps_its_code_page_whatever_language_is_guessed(text):
    """charset-normalizer may call an undeclared Icelandic/Faroese page "Estonian" (its guess is made
    in its own code page); the guess only adds an alphabet, so ð þ æ ø stay and windows-1257's
    š ę į do not win."""
    from transforms.decode import decode_bytes

    page = f"<html><head><title>Frettir</title></head><body><h1>Frettir</h1><p>{text}</p></body></html>".encode("cp1252")
    found = decode_bytes(page, is_html=True)
    assert text in found.text, found.encoding
