"""Fit the cleaner's learned second opinion on notices (transforms/notice_model.py) OFFLINE.

    .venv/bin/python benchmarks/train_notice_model.py [--bits 18] [--c 4] [--write]

Needs scikit-learn (the ``test`` extra). Data, development material only (never a holdout half):
- furniture (label 1): the notices (not bylines/credits: the metadata stage's) of the first set's
  dev split, notices-2, notices-3 and the dev halves of notices-4..8;
- body (label 0): the body lines of the same sets (traps: weighted ``--trap-weight``), one half
  (by a hash of the text) of the extraction sets' reference-body sentences (the other half is
  only measured: an honest false-positive figure), and the lingua test sentences of 14 languages
  (lines after the third: the first three are the notice benchmark's article context).
Prints out-of-fold (5 folds) figures: for each threshold, the furniture lines the RULES KEEP that
the model would remove, and the body lines it would remove (traps, prose, multilingual). With
``--write``, fits on everything and writes ``transforms/notice_model.npz`` (int8 weights + scale).
The threshold the cleaner uses is ``limits.learned_notice`` in configs/boilerplate.yaml.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import notices as bench  # noqa: E402
from transforms.notice_model import MODEL_PATH, line_features  # noqa: E402

CACHE = pathlib.Path("/tmp/notice_model_rules.json")


def _half(text: str) -> str:
    return "train" if hashlib.sha256(text.encode("utf-8")).digest()[5] % 2 == 0 else "measure"


def dev_rows() -> list:
    """(set name, row) for every development row (never a holdout)."""
    read = bench._read_jsonl
    out = [("notices-1", r) for r in read(bench.DATA / "notices.jsonl") if bench.split_of(r["text"]) == "dev"]
    out += [("near", r) for r in read(bench.DATA / "near_misses.jsonl")]
    out += [("notices-2", r) for r in read(bench.SECOND / "notices.jsonl")]
    out += [("notices-3", r) for r in read(bench.THIRD / "notices.jsonl")]
    out += [("notices-4", r) for r in read(bench.FOURTH / "notices.jsonl") if bench.fourth_half(r["text"]) == "dev"]
    for name, folder in (("notices-5", bench.FIFTH), ("notices-6", bench.SIXTH), ("notices-7", bench.SEVENTH),
                         ("notices-8", bench.ROOT / "benchmarks" / "data" / "notices-8")):
        out += [(name, r) for r in read(folder / "dev.jsonl")]
    return [(name, r) for name, r in out if r["kind"] not in bench.METADATA_KINDS]


def rule_verdicts(rows) -> list:
    """Whether the cleaner's rules (model off) remove each row, as notices.py places it."""
    key = hashlib.sha256(json.dumps([r["text"] for _, r in rows]).encode()).hexdigest()
    if CACHE.exists():
        cached = json.loads(CACHE.read_text())
        if cached.get("key") == key:
            return cached["removed"]
    from pipelines.config import load_config
    from transforms.clean import Lexicon
    from transforms.language import LanguageDetector, parse_settings
    config = load_config(None)
    data = dict(config["clean"]["lexicon_data"])
    data["limits"] = {**data["limits"], "learned_notice": 1.0}  # rules only
    lexicon = Lexicon(data)
    detector = LanguageDetector(parse_settings(config["language"]))
    contexts: dict = {}
    removed = []
    for _, row in rows:
        tally, _, _ = bench.score_rows([row], lexicon, detector, contexts)
        if row["kind"] == "body":
            removed.append(tally[("body", "all", "all")][0] > 0)
        else:
            removed.append(tally[("notices", "all", "all")][0] > 0)
    CACHE.write_text(json.dumps({"key": key, "removed": removed}))
    return removed


def body_lines() -> list:
    """(source, text, half) of the reference-body sentences and the lingua sentences."""
    furniture = {(r["source"], r["text"]) for r in bench._read_jsonl(bench.FURNITURE)}
    out = [(src, s, _half(s)) for src, s in bench.body_sentences() if (src, s) not in furniture]
    folder = bench.SHARED / "bench-data" / "langid" / "sentences"
    for path in sorted(folder.glob("*.txt")):
        lines = [x.strip() for x in path.read_text("utf-8").splitlines() if len(x.strip()) >= 20]
        out += [(f"lingua:{path.stem}", x, "train") for x in lines[3:]]
    return out


_LEXICON = []


def lexicon():
    if not _LEXICON:
        from pipelines.config import load_config
        from transforms.clean import Lexicon
        _LEXICON.append(Lexicon(load_config(None)["clean"]["lexicon_data"]))
    return _LEXICON[0]


def matrix(texts, bits):
    """The n-gram regression's inputs: hashed slots, L2-normalised (as NoticeModel reads them)."""
    from scipy.sparse import csr_matrix
    indptr, indices = [0], []
    for text in texts:
        slots = line_features(text, bits)
        indices.append(slots)
        indptr.append(indptr[-1] + len(slots))
    idx = np.concatenate(indices)
    data = np.concatenate([np.full(len(s), 1 / np.sqrt(max(len(s), 1)), dtype=np.float32) for s in indices])
    return csr_matrix((data, idx, np.array(indptr)), shape=(len(texts), 2 ** bits))


def dense(texts, vocab: list, lr_scores) -> np.ndarray:
    """The tree model's inputs: one column per mark of ``vocab``, words, characters, n-gram score."""
    from transforms.clean import _match_norm
    from transforms.notice_model import dense_features
    index = {name: i for i, name in enumerate(vocab)}
    return np.stack([dense_features(text, lexicon().marks(_match_norm(text)), index, score)
                     for text, score in zip(texts, lr_scores)])


def main(argv=None) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from transforms.clean import _match_norm
    from transforms.notice_model import shape_marks

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bits", type=int, default=18)
    parser.add_argument("--c", type=float, default=4.0)
    parser.add_argument("--trap-weight", type=float, default=3.0)
    parser.add_argument("--leave-out", default="", help="a development set name (e.g. notices-8) left out of "
                        "training and scored: how the model does on a writer it has not seen")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)

    rows = dev_rows()
    rules = rule_verdicts(rows)
    texts, labels, weights, kept_by_rules = [], [], [], []
    left_out = []
    for (name, row), gone in zip(rows, rules):
        is_notice = row["kind"] != "body"
        if name == args.leave_out:
            left_out.append((row["text"].strip(), is_notice, not gone))
            continue
        texts.append(row["text"].strip())
        labels.append(int(is_notice))
        weights.append(1.0 if is_notice else args.trap_weight)
        kept_by_rules.append(not gone)
    measured = []
    for source, text, half in body_lines():
        if half == "train":
            texts.append(text)
            labels.append(0)
            weights.append(1.0)
            kept_by_rules.append(True)
        else:
            measured.append(text)
    y, w = np.array(labels), np.array(weights)
    X = matrix(texts, args.bits)
    print(f"{X.shape[0]} lines ({y.sum()} furniture), {len(measured)} prose sentences kept apart", flush=True)
    oof = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=7).split(X, y):
        model = LogisticRegression(C=args.c, max_iter=2000, solver="liblinear")
        model.fit(X[train], y[train], sample_weight=w[train])
        oof[test] = model.predict_proba(X[test])[:, 1]
    linear = LogisticRegression(C=args.c, max_iter=2000, solver="liblinear").fit(X, y, sample_weight=w)
    vocab = sorted({m for text in texts for m in lexicon().marks(_match_norm(text))} | {m for text in texts for m in shape_marks(text)})
    trees = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, max_leaf_nodes=31, max_depth=6, random_state=0)
    trees.fit(dense(texts, vocab, oof), y, sample_weight=w)
    print(f"trees: {trees.n_iter_}, vocab {len(vocab)}")

    def probability(lines):
        scores = linear.predict_proba(matrix(lines, args.bits))[:, 1]
        return trees.predict_proba(dense(lines, vocab, scores))[:, 1]

    apart = probability(measured)
    gated = np.array([any(m[:2] in ("a:", "q:", "p:") for m in lexicon().marks(_match_norm(x))) for x in measured])
    for t in (0.8, 0.9, 0.95, 0.97, 0.98, 0.99):
        print(f"t={t}: prose kept apart removed {(apart >= t).sum()}/{len(apart)}, with a kind mark {((apart >= t) & gated).sum()}")
    for p, x, g in sorted(zip(apart, measured, gated), reverse=True)[:10]:
        print(f"  {p:.3f} {'K' if g else '-'} {x[:100]}")
    if left_out:
        ps = probability([x for x, _, _ in left_out])
        misses = sum(1 for _, n, k in left_out if n and k)
        for t in (0.8, 0.9, 0.95, 0.97, 0.98, 0.99):
            gained = sum(1 for (_, n, k), p in zip(left_out, ps) if n and k and p >= t)
            alone = sum(1 for (_, n, k), p in zip(left_out, ps) if n and p >= t)
            traps = sum(1 for (_, n, k), p in zip(left_out, ps) if not n and k and p >= t)
            print(f"{args.leave_out} left out, t={t}: rule misses removed {gained}/{misses}; model alone "
                  f"{alone}/{sum(n for _, n, _ in left_out)}; traps the rules keep removed {traps}")
    if args.write:
        coef = linear.coef_[0].astype(np.float32)
        scale = float(np.abs(coef).max() / 127.0)
        nodes = [predictor.nodes for (predictor,) in trees._predictors]
        size = max(len(n) for n in nodes)
        def stacked(field, dtype, fill=0):
            out = np.full((len(nodes), size), fill, dtype=dtype)
            for i, n in enumerate(nodes):
                out[i, :len(n)] = n[field]
            return out
        np.savez_compressed(
            MODEL_PATH, weights=np.round(coef / scale).astype(np.int8), scale=np.float32(scale),
            bias=np.float32(linear.intercept_[0]), bits=np.int32(args.bits), vocab=np.array("\n".join(vocab)),
            feature=stacked("feature_idx", np.int16), threshold=stacked("num_threshold", np.float32),
            left=stacked("left", np.int16), right=stacked("right", np.int16), leaf=stacked("is_leaf", np.bool_, True),
            value=stacked("value", np.float32), baseline=np.float32(trees._baseline_prediction.ravel()[0]),
            depth=np.int32(max(int(n["depth"].max()) for n in nodes)))
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size} bytes)")
        from transforms.notice_model import NoticeModel
        check = NoticeModel.load(MODEL_PATH)
        mine = np.array([check.score(x, lexicon().marks(_match_norm(x))) for x in measured[:300]])
        print("exported model vs scikit-learn, max |difference| on 300 lines:", float(np.abs(mine - apart[:300]).max()))


if __name__ == "__main__":
    main()
