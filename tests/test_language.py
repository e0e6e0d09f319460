import random

import pytest

from tests.conftest import BENCH, require_shared
from transforms.language import _backend, detect_language, sample_text


def test_detects_major_languages():
    assert detect_language("وقال الرئيس إن الحكومة ستعلن عن خطة جديدة لدعم الاقتصاد الوطني خلال الأسابيع المقبلة").language == "ar"
    assert detect_language("The government will announce a new plan to support the economy in the coming weeks").language == "en"
    assert detect_language("Le gouvernement annoncera un nouveau plan pour soutenir l'économie dans les semaines à venir").language == "fr"


def test_undetermined_when_nothing_to_detect():
    assert detect_language("").language == "und"
    assert detect_language("12345 67890 !!! 2021-07-27").language == "und"
    assert detect_language("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀").language == "und"


def test_detection_is_deterministic():
    text = "Ceci est un texte court mais assez long pour être détecté correctement par le modèle"
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_sample_is_bounded_and_spread():
    text = " ".join(f"w{i}" for i in range(5000))
    sample = sample_text(text, 400)
    assert len(sample) <= 420
    assert "w0" in sample.split() and any(int(w[1:]) > 4000 for w in sample.split())


def test_rust_backend_matches_langdetect_on_multilingual_corpus():
    """langdetect_rs is adopted only if it gives the same answers as langdetect."""
    pytest.importorskip("langdetect_rs", reason="langdetect-rs not installed: plain langdetect is used")
    folder = require_shared(BENCH / "langid" / "sentences")
    rng = random.Random(7)
    python, rust = _backend("python"), _backend("rust")
    checked = 0
    for path in sorted(folder.glob("*.txt")):
        lines = [l.strip() for l in path.read_text("utf-8").splitlines() if l.strip()]
        for line in rng.sample(lines, 12):
            a = detect_language(line, backend=python)
            b = detect_language(line, backend=rust)
            assert a.language == b.language, (path.name, line)
            assert abs(a.score - b.score) < 1e-3, (path.name, line, a, b)
            checked += 1
    assert checked >= 12 * 14
