"""Quality gate: the pipeline's extraction + cleaning on the three bench sets, against bare
trafilatura computed in the same run (benchmarks/extraction.py ``evaluate``, every page of each set).

F1 is the mean of per-page token F1 (the AEB's evaluate.py scoring); "gain" is that F1 minus bare
trafilatura's (`trafilatura.extract(raw_bytes, include_comments=False, include_tables=False)`).
Floors sit a little under the figures measured when they were set (README "Extraction quality"),
so a change that loses quality on any set fails here. Raising a floor is a one-line change below.
Runs every page of the three sets (511) in two processes: about 50 s of CPU time.
"""

from __future__ import annotations

import pytest

from benchmarks.extraction import SETS, evaluate, set_summary
from pipelines.config import load_config
from tests.conftest import BENCH, require_shared
from transforms.clean import Lexicon

# set: (F1 floor, floor of the gain over bare).  Measured 2026-11-29 (benchmarks/extraction.py):
#   extraction-aeb 0.9707 / +0.0154, extraction-daniel 0.8673 / +0.0389, extraction-fundus80 0.9493 / +0.0105
FLOORS = {
    "extraction-aeb": (0.968, 0.013),
    "extraction-daniel": (0.864, 0.035),
    "extraction-fundus80": (0.946, 0.008),
}
MAX_WORSE_SHARE = 0.02  # pages worse than bare by more than 0.05 F1 (issue 14)

pytestmark = pytest.mark.quality


@pytest.fixture(scope="module")
def summaries() -> dict:
    config = load_config(None)
    lexicon = Lexicon(config["clean"]["lexicon_data"])
    out = {}
    for name in SETS:
        results, _ = evaluate(str(require_shared(BENCH / name)), config, lexicon, jobs=2)
        out[name] = set_summary(results)
    return out


@pytest.mark.parametrize("name", SETS)
def test_extraction_quality_holds_its_floor(summaries, name):
    s = summaries[name]
    f1_floor, gain_floor = FLOORS[name]
    measured = f"F1 {s['pipeline']['F1']:.4f} (bare {s['bare']['F1']:.4f}, gain {s['gain']:+.4f}), {s['worse']} pages worse"
    assert s["pipeline"]["F1"] >= f1_floor, measured
    assert s["gain"] >= gain_floor, measured
    assert s["worse_share"] <= MAX_WORSE_SHARE, measured
