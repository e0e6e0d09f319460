"""Pure MinHash helpers for dedup: shingling, signatures, LSH banding, estimated Jaccard.

No Beam here. Signatures are deterministic across processes and machines: shingles are hashed with
xxh3-64 (never Python's salted ``hash()``), and both backends take those 64-bit token hashes:

- ``rensa``: ``RMinHash.digest_matrix_from_flat_token_hashes`` (Rust), a whole batch per call;
- ``numpy``: universal hashing ``(a * h + b) mod p`` vectorised over a batch, the reference.

They give different signatures for the same text, so the backend (and rensa's algorithm version) is
part of the parameters recorded in a cross-run index. benchmarks/dedup.py measures both.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, NamedTuple, Sequence

import numpy as np
import xxhash

from transforms.textnorm import NO_SPACE_SCRIPTS, normalize_for_match, words

__all__ = [
    "MinHashParams",
    "backend_version",
    "band_keys",
    "estimated_jaccard",
    "first_shared_band",
    "fold_marks",
    "from_bytes",
    "optimal_bands",
    "shingle_hashes",
    "shingles",
    "sign_texts",
    "signature_of",
    "signatures",
    "to_bytes",
    "token_hashes",
]

BACKENDS = ("rensa", "numpy")
SHINGLE_MODES = ("auto", "word", "char")
# Scripts written without spaces between words, shingled by characters in "auto" mode: Thai, Lao,
# Tibetan, Myanmar, Khmer, kana, CJK ideographs (Korean Hangul is written with spaces: words).
_NO_SPACE = NO_SPACE_SCRIPTS
_LETTER = re.compile(r"[^\W\d_]")
_PRIME = np.uint64(4294967291)  # largest prime below 2**32: (a * h + b) stays below 2**64
_NUMPY_CHUNK = 1 << 21  # shingle rows x permutations handled at once (bounded memory)


class MinHashParams(NamedTuple):
    """Everything a signature depends on: equal params <=> comparable signatures."""

    num_perm: int
    bands: int
    rows: int
    shingle_size: int
    char_ngram_size: int
    shingle_mode: str
    seed: int
    backend: str
    backend_version: str
    fold_marks: bool = False  # shingles of ``fold_marks(text)``; an index without the key was built without

    def describe(self) -> dict:
        return dict(self._asdict())


# Combining Diacritical Marks (U+0300-U+036F): the accents of Latin, Greek and Cyrillic letters
# once decomposed (NFD). Other scripts' marks (Indic vowel signs, Hebrew points, Thai tones) are in
# their own blocks and stay; Arabic diacritics are already folded by normalize_for_match.
_ACCENT = re.compile("[\u0300-\u036f]")


def fold_marks(normalized: str) -> str:
    """``normalize_for_match`` output without the accents of Latin, Greek and Cyrillic letters
    ("příliš" -> "prilis", "ελληνικά" -> "ελληνικα", "й" -> "и"): a republished copy stripped of
    its diacritics (plain-ASCII feeds, old CMSs) shingles like the original. NFC again after."""
    if normalized.isascii():
        return normalized
    decomposed = unicodedata.normalize("NFD", normalized)
    if not _ACCENT.search(decomposed):
        return normalized
    return unicodedata.normalize("NFC", _ACCENT.sub("", decomposed))


def backend_version(backend: str) -> str:
    """The algorithm version of a backend, recorded with an index (signatures change with it)."""
    if backend == "rensa":
        import rensa

        return f"rensa-alg{rensa.RMinHash.ALGORITHM_VERSION}"
    return "numpy-universal-v1"


def _integrate(f, a: float, b: float, steps: int = 200) -> float:
    xs = np.linspace(a, b, steps + 1)
    ys = f(xs)
    return float(np.sum((ys[1:] + ys[:-1]) / 2.0) * (b - a) / steps)


def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm minimising the weighted false positive/negative areas.

    The collision probability of a pair of Jaccard s is 1 - (1 - s**rows)**bands; the false
    positive area is its integral below the threshold, the false negative area that of its
    complement above it (as in datasketch's ``_optimal_param``).
    """
    best, best_err = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        max_rows = num_perm // bands
        for rows in range(1, max_rows + 1):
            fp = _integrate(lambda s: 1 - (1 - s**rows) ** bands, 0.0, threshold)
            fn = _integrate(lambda s: (1 - s**rows) ** bands, threshold, 1.0)
            err = fp_weight * fp + fn_weight * fn
            if err < best_err - 1e-12:
                best, best_err = (bands, rows), err
    return best


def _no_space_share(text: str) -> float:
    sample = text[:4000]
    if not _NO_SPACE.search(sample):
        return 0.0
    letters = len(_LETTER.findall(sample))
    return len(_NO_SPACE.findall(sample)) / letters if letters else 0.0


def shingles(
    text: str, size: int = 5, *, mode: str = "auto", char_size: int = 4, normalized: str | None = None
) -> set[str]:
    """The shingle set of ``text``: word ``size``-grams, or character ``char_size``-grams.

    Matching-only normalisation (``normalize_for_match``) first, so orthographic variants give
    identical shingles. ``auto`` uses characters when at least 30% of the letters belong to scripts
    written without spaces (Chinese, Japanese, Thai...). A text shorter than one shingle gives a
    single shingle of what it has; an empty text gives the empty set.
    """
    norm = normalize_for_match(text) if normalized is None else normalized  # callers may pass it in
    tokens = words(norm)
    if not tokens:
        return set()
    if mode == "char" or (mode == "auto" and _no_space_share(norm) >= 0.3):
        joined = "".join(tokens)
        if len(joined) <= char_size:
            return {joined}
        return {joined[i : i + char_size] for i in range(len(joined) - char_size + 1)}
    if len(tokens) <= size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def token_hashes(shingle_set: Iterable[str]) -> np.ndarray:
    """xxh3-64 of each shingle (UTF-8), as a uint64 array: stable across processes."""
    h = xxhash.xxh3_64_intdigest
    return np.fromiter((h(s.encode("utf-8", "surrogatepass")) for s in shingle_set), dtype=np.uint64)


def _spaced_word_text(norm: str) -> bool:
    """True when ``words(norm)`` is ``norm.split(" ")``: words made of letters and digits only
    (no marks, punctuation or other spaces), one space between them, none at the ends. Then every
    word shingle is a substring of ``norm`` (checked in C: no per-word Python work)."""
    return (
        norm.replace(" ", "").isalnum()
        and "  " not in norm
        and not norm.startswith(" ")
        and not norm.endswith(" ")
    )


def shingle_hashes(
    text: str, size: int = 5, *, mode: str = "auto", char_size: int = 4, normalized: str | None = None
) -> np.ndarray:
    """``token_hashes(shingles(...))`` as a sorted array of distinct uint64: the same hashes.

    Fast path (word shingles of text whose words are letters and digits separated by single
    spaces, as ``normalize_for_match`` leaves most text): the text is encoded to UTF-8 once, word
    boundaries are found with numpy, and each shingle's bytes - ``" ".join`` of ``size`` words is
    the slice of the encoded text from the first word's start to the last word's end - are hashed
    in place with xxh3-64, with no shingle string built. Anything else (character shingles, marks,
    odd characters) takes the reference path ``shingles`` + ``token_hashes``.
    """
    norm = normalize_for_match(text) if normalized is None else normalized
    if mode == "char" or not norm or not _spaced_word_text(norm) or (mode == "auto" and _no_space_share(norm) >= 0.3):
        found = shingles(text, size, mode=mode, char_size=char_size, normalized=norm)
        return _distinct(token_hashes(found))
    data = norm.encode("utf-8", "surrogatepass")
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 32)
    if len(spaces) < size:  # at most `size` words: the whole text is the one shingle
        return np.array([xxhash.xxh3_64_intdigest(data)], dtype=np.uint64)
    starts = [0, *(spaces + 1).tolist()]
    ends = [*spaces.tolist(), len(data)]
    count = len(starts) - size + 1
    pieces = map(data.__getitem__, map(slice, starts[:count], ends[size - 1 :]))
    return _distinct(np.fromiter(map(xxhash.xxh3_64_intdigest, pieces), dtype=np.uint64, count=count))


def _distinct(hashes: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique's result; sorting in place is faster on small arrays)."""
    hashes.sort()
    if len(hashes) < 2:
        return hashes
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


def _numpy_coefficients(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(1, int(_PRIME), size=num_perm, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME), size=num_perm, dtype=np.uint64)
    return a, b


def _numpy_signatures(hash_rows: Sequence[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    a, b = _numpy_coefficients(num_perm, seed)
    out = np.full((len(hash_rows), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    for i, hashes in enumerate(hash_rows):
        if not len(hashes):
            continue
        h = (hashes ^ (hashes >> np.uint64(32))) % _PRIME  # fold 64 -> 32 bits, then into the field
        step = max(1, _NUMPY_CHUNK // num_perm)
        for start in range(0, len(h), step):
            part = h[start : start + step, None]
            values = ((part * a[None, :] + b[None, :]) % _PRIME).astype(np.uint32)
            np.minimum(out[i], values.min(axis=0), out=out[i])
    return out


def _rensa_signatures(hash_rows: Sequence[np.ndarray], num_perm: int, seed: int) -> np.ndarray:
    import rensa

    out = np.full((len(hash_rows), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = [i for i, row in enumerate(hash_rows) if len(row)]
    if not filled:
        return out
    lengths = np.array([len(hash_rows[i]) for i in filled], dtype=np.uint64)
    offsets = np.zeros(len(filled) + 1, dtype=np.uint64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.concatenate([hash_rows[i] for i in filled]).astype(np.uint64, copy=False)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, num_perm, seed)
    out[filled] = np.asarray(matrix.to_rows(), dtype=np.uint32)
    return out


def signatures(hash_rows: Sequence[np.ndarray], num_perm: int, seed: int, backend: str = "rensa") -> np.ndarray:
    """A (len(hash_rows), num_perm) uint32 matrix of MinHash signatures, one row per token-hash array.

    An empty row gives an all-0xFFFFFFFF signature (callers skip empty documents).
    """
    if backend == "rensa":
        return _rensa_signatures(hash_rows, num_perm, seed)
    if backend == "numpy":
        return _numpy_signatures(hash_rows, num_perm, seed)
    raise ValueError(f"unknown MinHash backend {backend!r}")


def signature_of(text: str, params: MinHashParams) -> np.ndarray:
    """One text's signature (uint32[num_perm]) under ``params``: the unbatched convenience form."""
    norm = normalize_for_match(text)
    found = shingle_hashes(text, params.shingle_size, mode=params.shingle_mode, char_size=params.char_ngram_size,
                           normalized=fold_marks(norm) if params.fold_marks else norm)
    return signatures([found], params.num_perm, params.seed, params.backend)[0]


def sign_texts(texts: Sequence[str], params: MinHashParams, normalized: Sequence[str] | None = None) -> list[bytes]:
    """The dedup signer (batch and stream): texts -> signatures as bytes (``to_bytes``), one call
    to the backend per batch; b"" for a text without shingles (it matches no other text).
    ``normalized``: ``normalize_for_match`` of each text when the caller has it already."""
    return [sig for sig, _size in sign_and_count(texts, params, normalized)]


def sign_and_count(
    texts: Sequence[str], params: MinHashParams, normalized: Sequence[str] | None = None
) -> list[tuple[bytes, int]]:
    """``sign_texts`` with each text's shingle count (the set size that containment needs)."""
    norms = normalized if normalized is not None else [normalize_for_match(t) for t in texts]
    if params.fold_marks:
        norms = [fold_marks(n) for n in norms]
    hash_rows = [
        shingle_hashes(t, params.shingle_size, mode=params.shingle_mode, char_size=params.char_ngram_size, normalized=n)
        for t, n in zip(texts, norms)
    ]
    if not hash_rows:
        return []
    sigs = signatures(hash_rows, params.num_perm, params.seed, params.backend)
    return [(to_bytes(sig) if len(hashes) else b"", len(hashes)) for hashes, sig in zip(hash_rows, sigs)]


def to_bytes(signature: np.ndarray) -> bytes:
    """A signature as little-endian uint32 bytes (the form stored and shuffled)."""
    return np.asarray(signature, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4")


def estimated_jaccard(sig_a: bytes, sig_b: bytes) -> float:
    """Share of equal MinHash slots: an unbiased estimate of the Jaccard similarity."""
    a, b = from_bytes(sig_a), from_bytes(sig_b)
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: bytes, bands: int, rows: int) -> list[bytes]:
    """One LSH bucket key per band: the band number followed by that band's slot bytes."""
    width = rows * 4
    return [band.to_bytes(2, "big") + sig[band * width : (band + 1) * width] for band in range(bands)]


def first_shared_band(sig_a: bytes, sig_b: bytes, bands: int, rows: int) -> int:
    """The lowest band in which two signatures agree on every row, or -1."""
    width = rows * 4
    for band in range(bands):
        if sig_a[band * width : (band + 1) * width] == sig_b[band * width : (band + 1) * width]:
            return band
    return -1
