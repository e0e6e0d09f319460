"""A learned second opinion on page notices: a linear model over hashed character n-grams.

Pure layer only (no Beam): ``line_features`` (one line of text -> the indices of its hashed
features) and ``NoticeModel`` (the committed weights, ``score``). The cleaner (transforms/clean.py)
asks it about lines its rules keep as body; the weights are fitted OFFLINE by
``benchmarks/train_notice_model.py`` (scikit-learn logistic regression on the development halves
of the notice sets and body sentences) and committed as ``transforms/notice_model.npz``: nothing is
downloaded or fitted at run time.

Features (script-neutral, morphology-tolerant): character 2- to 5-grams of the case-folded line
(digits -> 0, URLs/e-mail/handles -> one mark each, spaces padded so word starts and ends count),
hashed into ``2**bits`` slots by a fixed multiplicative hash of the code points (same numbers on
every machine and Python; no ``hash()``), plus a few shape marks (length in words, the line's
last character, a link, an e-mail address, a handle, a price, a pictograph, quotation marks,
separators). Each present feature counts once; the vector is L2-normalised.
"""

from __future__ import annotations

import functools
import pathlib
import re
import unicodedata

import numpy as np

__all__ = ["NoticeModel", "dense_features", "line_features", "shape_marks", "MODEL_PATH", "NGRAM_SIZES"]

MODEL_PATH = pathlib.Path(__file__).with_name("notice_model.npz")
NGRAM_SIZES = (2, 3, 4, 5)
_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of code * golden ratio
_PRIME = np.uint64(1_000_003)

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE = re.compile(r"(?<![\w.])[@#][\w.]{2,}")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_PRICE = re.compile(r"[$€£¥₹₺₽₩₪]\s?\d|\d\s?(?:[$€£¥₹₺₽₩₪]|eur|usd|zł|kč|lei|kr|ft|tl)\b", re.IGNORECASE)
_PICTO = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")
_QUOTE = re.compile("[\"“”„«»「」『』‘’‹›]")
_SEPARATORS = re.compile(r"[|·•►▶→»›/]")
_WORD_BUCKETS = (1, 2, 3, 5, 8, 12, 20, 30, 45)


def shape_marks(text: str) -> list:
    """The line's shape marks: ``w<N>`` (words, bucketed), ``e<C>`` (last character), ``url``, ``mail``..."""
    n_words = len(text.split())
    bucket = next((b for b in _WORD_BUCKETS if n_words <= b), 99)
    last = text.rstrip()[-1:] if text.strip() else ""
    end = last if last in ".!?:…)\"»”" else ("x" if last.isalnum() else "o")
    marks = [f"w{bucket}", f"e{end}"]
    for name, rx in (("url", _URL), ("mail", _EMAIL), ("handle", _HANDLE), ("price", _PRICE), ("picto", _PICTO),
                     ("quote", _QUOTE), ("digit", _DIGIT)):
        if rx.search(text):
            marks.append(name)
    if len(_SEPARATORS.findall(text)) >= 2:
        marks.append("seps")
    if text.count(". ") + text.count("? ") + text.count("! ") >= 1:
        marks.append("sentences")
    return marks


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _EMAIL.sub(" \x02 ", text)
    text = _URL.sub(" \x03 ", text)
    text = _HANDLE.sub(" \x04 ", text)
    text = _DIGIT.sub("0", text)
    return " " + _SPACE.sub(" ", text).strip() + " "


def _hashed(codes: np.ndarray, size: int, shift: np.uint64) -> np.ndarray:
    """Slots of the ``size``-grams of ``codes`` (uint64 code points)."""
    m = len(codes) - size + 1
    if m <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.full(m, np.uint64(size), dtype=np.uint64)
    for k in range(size):
        h = h * _PRIME + codes[k:k + m]
    return (h * _MULT) >> shift


def line_features(text: str, bits: int, shapes=None) -> np.ndarray:
    """Line of text -> sorted unique feature slots (int64, each in ``[0, 2**bits)``); ``shapes``:
    its ``shape_marks`` when already known."""
    norm = _normalized(text)
    shift = np.uint64(64 - bits)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts = [_hashed(codes, size, shift) for size in NGRAM_SIZES]
    parts.append(np.array([_mark_slot(mark, bits) for mark in (shapes if shapes is not None else shape_marks(text))],
                          dtype=np.uint64))
    return np.unique(np.concatenate(parts)).astype(np.int64)


@functools.lru_cache(maxsize=1024)
def _mark_slot(mark: str, bits: int) -> int:
    """The slot of a shape mark (hashed like an n-gram of its characters, after a control character)."""
    codes = np.frombuffer(("\x01" + mark).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return int(_hashed(codes, len(codes), np.uint64(64 - bits))[0])


def dense_features(text: str, marks, index: dict, linear_score: float, shapes=None) -> np.ndarray:
    """The tree model's inputs (float32): 1.0 for each of ``marks`` (the lexicon's, ``Lexicon.marks``)
    and ``shape_marks`` found in ``index`` (name -> column), then words, characters, and the
    n-gram model's probability."""
    x = np.zeros(len(index) + 3, dtype=np.float32)
    for mark in (*marks, *(shapes if shapes is not None else shape_marks(text))):
        column = index.get(mark)
        if column is not None:
            x[column] = 1.0
    x[-3] = len(text.split())
    x[-2] = len(text)
    x[-1] = linear_score
    return x


class NoticeModel:
    """The fitted model: ``score(text, marks)`` -> probability (0..1) that the line is page furniture.

    Two stages, both fitted by benchmarks/train_notice_model.py: a logistic regression over the
    hashed n-grams (``line_features``), then gradient-boosted trees over the lexicon's marks, the
    line's shape and that regression's probability (``dense_features``). Loaded from ``MODEL_PATH``
    (numpy ``.npz``: int8 ``weights`` + ``scale``, ``bias``, ``bits``; ``vocab``; the trees as node
    arrays ``feature``/``threshold``/``left``/``right``/``leaf``/``value`` + ``baseline``).
    ``NoticeModel.default()`` is loaded once per process. Raises OSError when the file is missing.
    """

    def __init__(self, data):
        self.weights = data["weights"].astype(np.float32) * float(data["scale"])
        self.bias = float(data["bias"])
        self.bits = int(data["bits"])
        vocab = str(data["vocab"]).split("\n")
        self.index = {name: i for i, name in enumerate(vocab)}
        # the trees flattened into one node array: a node's children as indices into it
        n_trees, size = data["feature"].shape
        offset = (np.arange(n_trees, dtype=np.int64) * size)[:, None]
        self.feature = data["feature"].astype(np.int64).ravel()
        self.threshold = data["threshold"].astype(np.float32).ravel()
        leaf = data["leaf"].astype(bool)
        own = np.broadcast_to(np.arange(size, dtype=np.int64), (n_trees, size)) + offset
        # a leaf points to itself, so walking on from it stays there
        left = np.where(leaf, own, data["left"].astype(np.int64) + offset).ravel()
        right = np.where(leaf, own, data["right"].astype(np.int64) + offset).ravel()
        self.children = np.stack([left, right], axis=1).ravel()  # node n: 2n left, 2n + 1 right
        self.value = data["value"].astype(np.float64).ravel()
        self.roots = offset.ravel()
        self.depth = int(data["depth"])
        self.baseline = float(data["baseline"])

    @classmethod
    def load(cls, path: pathlib.Path = MODEL_PATH) -> "NoticeModel":
        with np.load(path) as data:
            return cls({key: data[key] for key in data.files})

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "NoticeModel":
        return cls.load(MODEL_PATH)

    def linear_score(self, text: str, shapes=None) -> float:
        """The n-gram regression's probability."""
        slots = line_features(text, self.bits, shapes)
        margin = float(self.weights[slots].sum() / np.sqrt(len(slots))) + self.bias if len(slots) else self.bias
        return float(1.0 / (1.0 + np.exp(-margin)))

    def score(self, text: str, marks=()) -> float:
        """Probability that ``text`` (one line) is furniture; ``marks``: ``Lexicon.marks`` of it."""
        shapes = shape_marks(text)
        x = dense_features(text, marks, self.index, self.linear_score(text, shapes), shapes)
        node = self.roots
        for _ in range(self.depth):  # every tree one level down at a time; leaves stay put
            node = self.children[2 * node + (x[self.feature[node]] > self.threshold[node])]
        raw = self.baseline + float(self.value[node].sum())
        return float(1.0 / (1.0 + np.exp(-raw)))
