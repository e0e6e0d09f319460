"""transforms/cldr_words.py: language names and duration units read from babel's CLDR data."""

import pytest

from transforms.cldr_words import digits_to_ascii, duration_unit_pattern, language_name_matcher
from transforms.textnorm import normalize_for_match


@pytest.mark.parametrize(
    "line,name",
    [
        ("Read this article in Swahili", "swahili"),  # English name of a language nobody typed
        ("Leer en gallego", "gallego"),
        ("Lire en breton", "breton"),
        ("Читать на казахском", "казахском"),  # a case ending on the Russian name's stem
        ("Czytaj po ukraińsku", "ukraińsku"),
        ("اقرأ الخبر بالفرنسية", "بالفرنسيه"),  # the preposition ب glued to the name
        ("לקריאה ברוסית", "ברוסית"),  # Hebrew ב glued to the name
        ("Lees in het Fries", "fries"),
        ("中文版", "中文"),  # searched inside an unspaced run
        ("한국어판 보기", "한국어"),
        ("Türkçe oku", "türkçe"),
    ],
)
def test_language_names_in_any_language_and_script_are_found(line, name):
    norm = normalize_for_match(line)
    found = [norm[a:b] for a, b in language_name_matcher().find(norm)]
    assert normalize_for_match(name) in found


@pytest.mark.parametrize("line", ["The minister met farmers in the valley", "Read the report", "Фермеры вышли на протест"])
def test_lines_naming_no_language_have_none(line):
    assert language_name_matcher().find(normalize_for_match(line)) == []


@pytest.mark.parametrize(
    "line,expected",
    [
        ("4 min read", "4 min"),
        ("Час читання: 3 хв", "3 хв"),
        ("읽는 시간 4분", "4분"),
        ("この記事は約3分で読めます", "3分"),
        ("阅读时间5分钟", "5分钟"),
        ("پڑھنے کا دورانیہ: ۳ منٹ", "3 منٹ"),  # Extended Arabic-Indic digit
        ("זמן קריאה: 3 דקות", "3 דקות"),
        ("पढ़ने का समय: ४ मिनट", "4 मिनट"),  # Devanagari digit
        ("Okuma süresi 7 dakika", "7 dakika"),
    ],
)
def test_a_number_with_a_minute_unit_of_any_locale_is_found(line, expected):
    text = digits_to_ascii(normalize_for_match(line))
    assert [m.group() for m in duration_unit_pattern().finditer(text)] == [normalize_for_match(expected)]


@pytest.mark.parametrize("line", ["5 ministers resigned", "in 2019 the mine closed", "3 m of snow", "Chapter 4 minus"])
def test_numbers_without_a_duration_unit_are_not_times(line):
    assert not duration_unit_pattern().search(digits_to_ascii(normalize_for_match(line)))


@pytest.mark.parametrize("line, expected", [("ΧΡΟΝΟΣ ΑΝΑΓΝΩΣΗΣ 4 ΛΕΠΤΑ", "4 λεπτα"), ("Διάρκεια 30 δευτερόλεπτα", "30 δευτερόλεπτα")])
def test_greek_units_are_found_with_and_without_accents(line, expected):
    # a heading in capitals carries no tonos, and the cleaner folds the accents of every line
    text = digits_to_ascii(normalize_for_match(line))
    assert [m.group() for m in duration_unit_pattern().finditer(text)] == [normalize_for_match(expected)]
