"""Two more sets of public-bug-kind cases, written blind: helpers who never saw this project's code
wrote them. cases-2: 45 small inputs (titles and site names in many separators, dates in local words and digits,
canonical URLs with tracking parameters, legacy encodings, zero-width joiners, bylines, short CJK /
Thai / Khmer briefs, close languages, republished copies and look-alike teasers) with exact expected
values (tests/fixtures/cases-2/README.md). cases-3: 53 inputs of the same kinds in other
structures and languages (site name in brackets or as a prefix, og:title teasers, dates in bylines,
12-hour clocks with zones, Unix times, KOI8-R / Big5 / windows-1253 / UTF-16, neighbour languages,
negative cases: "By Tuesday the river..." is no byline; tests/fixtures/cases-3/README.md). cases-4: 70
inputs by a third blind writer, 48 languages (titles with headline colons and dashes that must stay,
ZWJ / nukta / niqqud / tashkeel / SARA AM / fullwidth digits kept, briefs without spaces, bylines
and prose that only looks like one, Buddhist-era years and named zones, mislabelled legacy charsets,
close languages, copies with typographic noise; tests/fixtures/cases-4/README.md). cases-5: 52
inputs by a fourth blind writer, 29 languages (Reiwa and Solar Hijri dates, update lines before
publication lines, KOI8-U / EUC-KR pages declared as other code pages without <html lang>,
Georgian / Amharic / Swahili bylines, exact and trimmed copies, broken JSONL lines that must be
rejected: its rejects.json; tests/fixtures/cases-5/README.md). cases-6: 53 inputs by a fifth blind
writer, 38 mostly less common languages (pages without <h1> titled 'Site - Headline' / 'Headline | Site',
headlines that truly hold a dash, bylines with lead words in sr / tl / az / lv, Jalali dates with a local
time, Kazakh modified-only pages, a Persian windows-1256 page with no declaration, a Malayalam brief of
17 long words, Yoruba; tests/fixtures/cases-6/README.md). cases-7: 57 inputs by a sixth blind writer, 40
rarely covered languages (Welsh / Kinyarwanda / Luxembourgish bylines, an author meta with a trailing
URL, 'Source:' labels, 'Section :: Site' titles, Hebrew / Hijri / Ethiopian / Solar Hijri / Korean
dates, a time in a separate element, cp1252 / cp1257 pages declared wrongly or not at all, a canonical
on another site's syndication copy; tests/fixtures/cases-7/README.md; scored blind at the start of the
eighth session: 191/224 checks, at its end 206/224, the cases still failing are KNOWN_OPEN). cases-8: 50
cases by a seventh blind writer, 23 languages (zones written in words: MEZ, heure de Paris, WIB, বাংলাদেশ
সময়; Buddhist-era, Reiwa, Solar Hijri and Umm al-Qura dates; several authors joined by 'e' / 'y' / '、';
CJK reporter credits; site-name prefixes; legacy code pages; tests/fixtures/cases-8/README.md; scored
blind in the thirteenth session: 79/90 checks at its start, 90/90 at its end). cases-9 and cases-10: 49
and 47 cases by two blind writers of the fourteenth session, 26 and 39 languages (date boxes holding the
update line as a block of its own, plural and reporter byline labels, bylines under the headline in
elements named in the page's language, Sinhala ZWJ, Kazakh +05:00; scored blind at 90/104 and 86/97
checks, 104/104 and 96/97 after). cases-11: 50 cases by a blind writer of the fifteenth session, 20+
languages (dates crossing the UTC day, the US daylight-saving switch, update before publication in
JSON-LD and microdata; agency and markup bylines; windows-1256 / koi8-r / Shift_JIS / gb2312 /
windows-1250 / euc-kr pages and mislabelled ones; Icelandic, Macedonian, Serbian Latin and Cyrillic,
Traditional Chinese and Thai briefs; truncated copies in fr / ja / es dumps; scored blind at 119/119).
cases-12: 54 cases by a blind writer of the sixteenth session (site-name suffixes after | — ｜ – and
" - Новости - Site"; ZWNJ/ZWJ in fa, ur, ckb, mr; zh-TW, zh-CN, ja, th, ko briefs; bylines "Par X et Y",
"Von", "Di", "От", "Yazan:", "بقلم:", "文／"; +05:30, +05:45, -05:00 over midnight, +0200; pages in
windows-1251, iso-8859-2, gbk, Shift_JIS, windows-1256 and with stray bytes; sr, bs, mk, uk, be, kk,
ms, ca, gl; truncated copies; scored blind at 122/125, 125/125 after the Bulgarian byline cue).
One real
pipeline run per set; every check of every case must hold. The check kinds are those of
../shared/cases/check.py."""

import datetime as dt
import json
import os
import re
import unicodedata

import pytest

from tests.conftest import FIXTURES, read_table

SETS = ("cases-2", "cases-3", "cases-4", "cases-5", "cases-6", "cases-7", "cases-8", "cases-9", "cases-10", "cases-11", "cases-12")
UTC = dt.timezone.utc


def _fold(value) -> str:
    """NFC and whitespace folding only: zero-width joiners are part of the spelling."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value or ""))).strip()


def _key(source: str) -> str:
    return os.path.basename(str(source or ""))


def _instant(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _failure(check: dict, key: str, tables: dict) -> str | None:
    """None when ``check`` holds for the case ``key``, else what was found."""
    rows = {name: [r for r in table if _key(r["source"]) == key] for name, table in tables.items()}
    found = sum(len(v) for v in rows.values())
    if found != 1:
        return f"{found} rows"
    kind = check["kind"]
    if kind == "is_duplicate_of":
        target = [r for r in tables["articles"] if _key(r["source"]) == check["value"]]
        dup = rows["duplicates"]
        ok = bool(dup and target) and dup[0]["duplicate_of"] == target[0]["id"]
        return None if ok else f"not a duplicate of {check['value']}: {rows}"
    if not rows["articles"]:
        return f"no article: {rows}"
    article = rows["articles"][0]
    if kind == "is_article":
        return None
    if kind in ("published", "published_or_null"):
        got, want = _instant(article["published"]), _instant(check["value"])
        ok = got == want or (kind == "published_or_null" and got is None)
        return None if ok else f"published {got}"
    if kind == "language":
        return None if article["language"] == check["value"] else f"language {article['language']}"
    if kind == "authors_include":
        got = [_fold(a) for a in article["authors"] or []]
        return None if all(_fold(a) in got for a in check["value"]) else f"authors {article['authors']}"
    if kind == "count_char":
        n = str(article[check["field"]] or "").count(check["char"])
        return None if check.get("min", 0) <= n <= check.get("max", n) else f"{n} x U+{ord(check['char']):04X}"
    value = article[check.get("field", "text")]
    got = _fold("; ".join(value) if isinstance(value, list) else value)
    want = check["value"]
    ok = {
        "field_eq": lambda: got == _fold(want),
        "field_in": lambda: got in [_fold(w) for w in want],
        "field_contains": lambda: _fold(want) in got,
        "field_not_contains": lambda: _fold(want) not in got,
        "text_startswith": lambda: got.startswith(_fold(want)),
    }[kind]()
    return None if ok else f"{check.get('field', 'text')} = {got[:120]!r}"


_OUTPUTS: dict = {}


def _output(name: str, tmp_path_factory):
    """(summary, tables) of one real run over a set's inputs, once per test session."""
    if name not in _OUTPUTS:
        from pipelines import ingest

        out = tmp_path_factory.mktemp(name) / "out"
        summary = ingest.run(["--input", str(FIXTURES / name / "in"), "--output", str(out), "--quiet", "--no-report"])
        _OUTPUTS[name] = summary, {t: read_table(out, t) for t in ("articles", "duplicates", "rejected")}
    return _OUTPUTS[name]


@pytest.mark.parametrize("name", SETS)
def test_every_input_is_accounted_for(name, tmp_path_factory):
    """Every input accounted for; the rejected rows are exactly the set's rejects.json (a source
    and why it must be rejected), if it has one, else none."""
    summary, tables = _output(name, tmp_path_factory)
    rejects = FIXTURES / name / "rejects.json"
    expected = sorted(json.loads(rejects.read_text("utf-8"))) if rejects.exists() else []
    assert summary["accounted"]
    assert sorted(_key(r["source"]) for r in tables["rejected"]) == expected


# Cases not fixed yet, per set (strict: the test fails as soon as one passes, so the mark goes).
KNOWN_OPEN: dict = {  # e.g. {"cases-4": {"350_x.html": "why it still fails"}}
    "cases-7": {
        "bad_sd_om_broken_lines.jsonl#L3": "Oromo (no detector profile) is answered so, a neighbour",
    },
    "cases-10": {
        "d07_mr_devanagari_digits.html": "Marathi 'सायं.' (evening, abbreviated) is not among CLDR's day periods",
    },
}
CASES = [
    pytest.param(name, key, checks, id=f"{name}:{key}", marks=[pytest.mark.xfail(strict=True, reason=KNOWN_OPEN[name][key])]
                 if key in KNOWN_OPEN.get(name, {}) else [])
    for name in SETS
    for key, checks in sorted(json.loads((FIXTURES / name / "expected.json").read_text("utf-8")).items())
]


@pytest.mark.parametrize("name, key, checks", CASES)
def test_blind_case(name, key, checks, tmp_path_factory):
    _, tables = _output(name, tmp_path_factory)
    failures = [(check, why) for check in checks if (why := _failure(check, key, tables)) is not None]
    assert not failures, failures
