"""Print the kanji only Japanese writes (``transforms.language.JAPANESE_ONLY_KANJI``), computed from
maintained sources, never by hand:

* OpenCC's ``JPVariants.txt`` (traditional character -> Japanese shinjitai form) and its
  ``STCharacters.txt`` / ``TSCharacters.txt`` (simplified <-> traditional Chinese): the shinjitai forms
  that are neither a traditional nor a simplified Chinese form (総, 駅, 図, 広...);
* wordfreq's "small" lists: of those, the characters whose frequency mass in Japanese (the summed
  frequency of the words holding them) is more than 100 times their mass in Chinese (予 or 欠 are
  Chinese characters too; 疏 and 醋 are not Japanese shinjitai in use).

    PYTHONPATH=. .venv/bin/python benchmarks/japanese_only_kanji.py DIR

DIR: the ``opencc/dictionary`` folder of the opencc-python-reimplemented 0.1.7 wheel (OpenCC's
dictionaries, Apache-2.0): ``pip download --no-deps opencc-python-reimplemented==0.1.7`` and unzip it.
Used at development time only; the pipeline ships the printed constant.
"""
from __future__ import annotations

import argparse
import collections
import pathlib

RATIO = 100.0


def _table(path: pathlib.Path) -> dict:
    table = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            key, values = line.split("\t")
            table[key] = values.split()
    return table


def _mass(frequencies: dict) -> collections.Counter:
    mass = collections.Counter()
    for word, frequency in frequencies.items():
        for ch in set(word):
            mass[ch] += frequency
    return mass


def japanese_only(folder: pathlib.Path) -> str:
    import wordfreq

    st, ts, jp = (_table(folder / name) for name in ("STCharacters.txt", "TSCharacters.txt", "JPVariants.txt"))
    traditional = set(ts) | {c for v in st.values() for c in v}
    simplified = set(st) | {c for v in ts.values() for c in v}
    candidates = {c for v in jp.values() for c in v} - traditional - simplified - set(jp)
    zh, ja = _mass(wordfreq.get_frequency_dict("zh", "small")), _mass(wordfreq.get_frequency_dict("ja", "small"))
    return "".join(sorted(c for c in candidates if ja[c] > 0 and zh[c] * RATIO < ja[c]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=pathlib.Path, help="the opencc/dictionary folder of the opencc-python-reimplemented 0.1.7 wheel")
    print(japanese_only(parser.parse_args().dir))
