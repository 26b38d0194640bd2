"""What word-level meaning adds: averaged static word vectors as one more feature block.

Site-grouped 5-fold cross-validation on the real teasers of the development sites only
(the held-out sites are never used): each fold trains on every training row of the
shipped config except the real teasers of its fold's sites, and scores those. Every
fold fits the shipped pipeline's features, its word vectors left out, once; then the
same logistic regression (same C, same weights) on them alone and with the block beside
them, at a few scales. With several tables, each gives a block of its own.

The block is the mean of the vectors of a teaser's lowercased words (scikit-learn's
token pattern), for headline and snippet apart, as the model's word-vector block
computes it (:class:`clickbait.features.MeanWordVectors`). The table is a project table
(``.npz``, see ``data/vectors/README.md``) or a text file in the word2vec/fastText
``.vec`` layout, read as ``python -m clickbait.vectors`` reads it, so any static table
can be tried::

    python benchmarks/word_vectors.py data/vectors/fr-fasttext-100.npz   # about 10 minutes

Needs ../shared. Writes ``results/word_vectors.json``: ROC-AUC and F1 at 0.5 per
language for each variant, and a site-bootstrap interval on the French AUC difference.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from clickbait.compiled import DEFAULT_TOKEN_PATTERN
from clickbait.vectors import WordVectors, mean_vectors, read_vec

HERE = Path(__file__).resolve().parent
TOKEN = re.compile(DEFAULT_TOKEN_PATTERN)
REAL = ("real-teasers", "real2-teasers")


def read_table(path: Path) -> WordVectors:
    """A project table (``.npz``) or a ``.vec`` text file."""
    if path.suffix == ".npz":
        return WordVectors.load(path)
    with path.open(encoding="utf-8") as lines:
        return read_vec(lines, source=path.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "vectors",
        type=Path,
        nargs="+",
        help="word-vector tables (.npz) or .vec files: each gives a block of its own",
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--output", type=Path, default=HERE / "results" / "word_vectors.json")
    args = parser.parse_args()

    import pandas as pd
    import scipy.sparse as sp
    from sklearn.metrics import f1_score, roc_auc_score
    from sklearn.model_selection import GroupKFold

    from clickbait.experiments import load_splits, shipped_config
    from clickbait.pipeline import build_pipeline
    from clickbait.resampling import group_bootstrap
    from clickbait.training import language_balanced_weights

    config = shipped_config()
    # The shipped config's features but its word vectors: the tables given are the block.
    without_vectors = replace(config.params, word_vectors=None)
    splits = load_splits(config, progress=lambda m: print(m, file=sys.stderr))
    train = splits.train.reset_index(drop=True)
    texts = {c: train[c].fillna("").astype(str).tolist() for c in ("headline", "snippet")}
    tables = [read_table(path) for path in args.vectors]
    words = {w for c in texts.values() for t in c for w in TOKEN.findall(t.lower())}
    block = np.hstack(
        [mean_vectors(texts[c], table) for table in tables for c in ("headline", "snippet")]
    )
    real = np.flatnonzero(train["corpus"].isin(REAL).to_numpy())
    sites = train["site"].to_numpy()
    is_filler = (train["label"] == "filler").to_numpy().astype(int)
    scales = sorted(set(args.scales) | {1.0})  # x1 is the one the interval is drawn for
    variants = {"without word vectors": None, **{f"with vectors x{s:g}": s for s in scales}}
    scores = {name: np.full(len(train), np.nan) for name in variants}
    folds = GroupKFold(5).split(real, groups=sites[real])
    for fold, (_, held) in enumerate(folds):
        test = real[held]
        rest = np.setdiff1d(np.arange(len(train)), test)
        weights = language_balanced_weights(train.iloc[rest].reset_index(drop=True), splits.weights)
        started = time.perf_counter()
        pipeline = build_pipeline(without_vectors)
        features = pipeline[:-1].fit_transform(train.iloc[rest][["headline", "snippet"]])
        held_features = pipeline[:-1].transform(train.iloc[test][["headline", "snippet"]])
        for name, scale in variants.items():
            fit_on, score_on = features, held_features
            if scale is not None:
                fit_on = sp.hstack([features, sp.csr_matrix(block[rest] * scale)]).tocsr()
                score_on = sp.hstack([held_features, sp.csr_matrix(block[test] * scale)]).tocsr()
            classifier = pipeline[-1]
            classifier.fit(fit_on, is_filler[rest], sample_weight=weights)
            scores[name][test] = classifier.predict_proba(score_on)[:, 1]
        print(f"fold {fold}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results: dict[str, object] = {
        "vectors": [path.name for path in args.vectors],
        "words_with_a_vector": [len(words & set(table.index)) for table in tables],
        "words": len(words),
        "by_language": {},
    }
    langs = train["lang"].to_numpy()
    for lang in ("fr", "en", "de"):
        rows = real[langs[real] == lang]
        results["by_language"][lang] = {  # type: ignore[index]
            name: {
                "n": len(rows),
                "roc_auc": round(float(roc_auc_score(is_filler[rows], values[rows])), 4),
                "f1": round(float(f1_score(is_filler[rows], values[rows] >= 0.5)), 4),
            }
            for name, values in scores.items()
        }
    french = train.iloc[real[langs[real] == "fr"]].assign(
        base=scores["without word vectors"][real[langs[real] == "fr"]],
        vectors=scores["with vectors x1"][real[langs[real] == "fr"]],
    )

    def auc_difference(rows: pd.DataFrame) -> float | None:
        filler = rows["label"] == "filler"
        if filler.all() or not filler.any():
            return None
        return roc_auc_score(filler, rows["vectors"]) - roc_auc_score(filler, rows["base"])

    low, high = group_bootstrap(french, auc_difference, group="site")
    results["fr_auc_difference_x1"] = {"low": round(float(low), 4), "high": round(float(high), 4)}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for lang, figures in results["by_language"].items():  # type: ignore[union-attr]
        for name, f in figures.items():
            print(f"{lang} ({f['n']}) {name}: ROC-AUC {f['roc_auc']:.3f}, F1 {f['f1']:.3f}")
    print(f"fr ROC-AUC difference (x1), 95% over sites: [{low:+.3f}, {high:+.3f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
