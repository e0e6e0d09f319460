"""Generates the bad-input corpus of the reliability tests and benchmark, with what each case must do.

``build(folder)`` writes the files and returns {relative path: expectation}; an expectation is
"article", or "rejected:<stage>:<reason>" (reason may be "*" where several are fair), or
"lines" for a JSONL file whose lines are checked one by one.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import pathlib

ARABIC = (
    "وقال المسؤول إن الحكومة ستعلن عن خطة جديدة لدعم الاقتصاد الوطني خلال الأسابيع المقبلة، "
    "مضيفا أن الخطة تشمل إجراءات عديدة لدعم الأسر والشركات الصغيرة والمتوسطة في مختلف المناطق."
)
FRENCH = (
    "Le président a déclaré mardi que la réforme des retraites serait présentée à l'Assemblée "
    "nationale la semaine prochaine, après des mois de négociations difficiles avec les syndicats."
)
HARBOUR = (
    "Dock workers at the northern harbour voted on Friday to end a three-week strike after the "
    "port authority agreed to hire more crane operators and to review night-shift pay next spring."
)
ENGLISH = (
    "The central bank left its main interest rate unchanged on Tuesday, citing persistent "
    "uncertainty about inflation and a slowing labour market across the whole region this year."
)


def _html(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def build(folder: pathlib.Path, *, scale: float = 1.0) -> dict[str, str]:
    """Write the corpus under ``folder``; ``scale`` < 1 shrinks the big cases (for quick tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = lambda x: max(1, int(x * scale))  # noqa: E731
    cases: dict[str, str] = {}

    def put(rel: str, data: bytes | str, expect: str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases[rel] = expect

    put("empty.txt", b"", "rejected:read:empty_file")
    put("empty.html", b"", "rejected:read:empty_file")
    put("image.html", b"\x89PNG\r\n\x1a\n" + os.urandom(2048), "rejected:decode:binary")
    put("random.html", os.urandom(4096), "rejected:decode:binary")
    put("gzipped.html", gzip.compress(_html(f"<p>{ENGLISH}</p>").encode()), "rejected:decode:binary")
    put("many-paragraphs.html", _html("".join(f"<p>Paragraph {i} of a very long page.</p>" for i in range(n(100_000)))), "rejected:extract:too_complex")
    put("deep-nesting.html", _html("<div>" * n(6000) + f"<p>{ENGLISH}</p>"), "rejected:extract:too_complex")  # nesting past extract.max_markup_depth
    put("many-attributes.html", _html("<p " + " ".join(f'a{i}="{i}"' for i in range(n(60_000))) + f">{ENGLISH}</p>"), "rejected:extract:too_complex")
    put("huge-text-node.html", _html("<p>" + ("lorem ipsum dolor sit amet " * n(150_000)) + "</p>"), "article")
    put("huge-line.txt", "word " * n(1_000_000), "article")
    put("invalid-utf8.txt", ENGLISH.encode() + b"\xff\xfe\xc3\x28 " + ENGLISH.encode(), "article")
    put("nul-and-controls.txt", ENGLISH.replace(" the ", " the\x00 ", 2).replace("rate", "ra\x07te") + "\x1b[31m", "article")
    put("arabic-1256.txt", ARABIC.encode("cp1256"), "article")
    put("arabic-1256.html", _html(f"<p>{ARABIC}</p><p>{ARABIC}</p>").encode("cp1256"), "article")
    put("arabic-utf16.txt", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "article")
    put("french-latin1.txt", FRENCH.encode("latin-1"), "article")
    put("numbers-only.txt", " ".join(str(i) for i in range(400)), "rejected:clean:no_text")
    put("emoji-only.txt", "😀🎉🔥👍 " * 100, "rejected:clean:no_text")
    put("names/a file with spaces.txt", ENGLISH + " One.", "article")
    put("names/ملف عربي.txt", ARABIC + " ثم.", "article")
    put("names/é-ü-ñ.html", _html(f"<article><p>{FRENCH}</p><p>{FRENCH}</p></article>"), "article")
    put("nested/a/b/c/d/deep.txt", ENGLISH + " Deep.", "article")
    put("unknown.xml", "<x/>", "rejected:read:unsupported_format")
    lines = [
        json.dumps({"url": "https://example.com/1", "text": ENGLISH + " First."}),
        "{broken json",
        json.dumps({"url": ["not", "a", "string"], "text": ENGLISH}),
        json.dumps({"title": "no body at all"}),
        json.dumps({"url": "https://example.com/2", "html": _html(f"<p>{FRENCH}</p><p>{FRENCH}</p>")}),
        json.dumps("a bare string"),
        # a body of its own: a copy of ENGLISH would be a near duplicate of the other ENGLISH inputs
        # (which one survives depends on their lengths), and the check is about the surrogate
        '{"text": "lone surrogate \\ud800 ' + HARBOUR + '"}',
    ]
    put("lines.jsonl", "\n".join(lines) + "\n", "lines")
    cases["lines.jsonl#L1"] = "article"
    cases["lines.jsonl#L2"] = "rejected:read:invalid_json"
    cases["lines.jsonl#L3"] = "rejected:read:invalid_field"
    cases["lines.jsonl#L4"] = "rejected:read:missing_body"
    cases["lines.jsonl#L5"] = "article"
    cases["lines.jsonl#L6"] = "rejected:read:not_an_object"
    cases["lines.jsonl#L7"] = "article"
    # Special files.
    os.symlink("loop-a", folder / "loop-b")
    os.symlink("loop-b", folder / "loop-a")
    cases["loop-a"] = cases["loop-b"] = "rejected:read:broken_symlink"
    (folder / "dirloop").mkdir()
    os.symlink("..", folder / "dirloop" / "up")
    cases["dirloop/up"] = "rejected:read:symlink_directory_not_followed"
    outside = folder.parent / f"{folder.name}-outside.txt"
    outside.write_text(ENGLISH)
    os.symlink(outside, folder / "escape.txt")
    cases["escape.txt"] = "rejected:read:symlink_outside_root"
    os.mkfifo(folder / "fifo.txt")
    cases["fifo.txt"] = "rejected:read:not_a_regular_file"
    bad_name = os.path.join(os.fsencode(folder), b"bad-name-\xff.txt")
    with open(bad_name, "wb") as fh:
        fh.write(ENGLISH.encode())
    cases["bad-name-\ufffd.txt"] = "rejected:read:undecodable_file_name"
    return cases
