"""Ablations: variants of the pipeline fitted and measured on the same fixed splits.

:func:`load_splits` reads the training rows and held-out sets of a training config (the
shipped one by default), optionally capped per corpus for a quick run, and leaves out
corpora whose files are missing. :func:`ablation_variants` lists the standard
comparisons (features, n-grams, regularisation, classifier) around a base
:class:`~clickbait.pipeline.PipelineParams`; :func:`run_variants` fits each variant with
the training weights of :mod:`clickbait.training` and returns one tidy row per variant
and held-out set (or language). :func:`headline_figures` turns those rows into one
figure per set: F1 where both classes are present, recall where all rows are filler,
and the share scored filler (false alarms) where all are news.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from clickbait.config import TrainingConfig
from clickbait.datasets import CORPORA, SharedDataMissing, subsample
from clickbait.heldout import training_data
from clickbait.metrics import binary_metrics
from clickbait.model import TeaserModel
from clickbait.pipeline import PipelineParams, build_pipeline
from clickbait.training import language_balanced_weights

Progress = Callable[[str], None]

RESULT_COLUMNS = [
    "group",
    "variant",
    "fitted_as",
    "classifier",
    "C",
    "set",
    "kind",
    "lang",
    "trainable",
    "n",
    "n_filler",
    "precision",
    "recall",
    "f1",
    "roc_auc",
    "filler_share",
    "fit_seconds",
]


@dataclass(frozen=True)
class Splits:
    """Training rows, held-out sets by name, corpus weights, and what could not be read."""

    train: pd.DataFrame
    held_out: dict[str, pd.DataFrame]
    weights: dict[str, float]
    missing: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Variant:
    """One pipeline to measure: the comparison it belongs to, a short name, its params."""

    group: str
    name: str
    params: PipelineParams


def shipped_config() -> TrainingConfig:
    """The training config of the shipped model (``models/default/train.toml``)."""
    from clickbait.persist import default_model_dir

    return TrainingConfig.from_file(default_model_dir() / "train.toml")


def _available(name: str) -> str | None:
    """``None`` if the corpus can be read, else why not."""
    try:
        CORPORA[name].paths()
    except SharedDataMissing as error:
        return str(error)
    return None


def load_splits(
    config: TrainingConfig | None = None,
    sample: int | None = None,
    progress: Progress = lambda _: None,
) -> Splits:
    """The training rows and held-out sets of ``config``, exactly as training splits them.

    Corpora whose files are missing (no ``../shared``) are left out and named in
    ``missing``. With ``sample``, each corpus keeps at most that many training rows and
    that many held-out rows (the split itself is made first, so held-out rows never
    move into training).
    """
    config = config or shipped_config()
    missing = {
        name: reason
        for name in [u.name for u in config.corpora] + list(config.evaluation)
        if (reason := _available(name)) is not None
    }
    usable = replace(
        config,
        corpora=tuple(u for u in config.corpora if u.name not in missing),
        evaluation=tuple(n for n in config.evaluation if n not in missing),
    )
    if not usable.corpora and not usable.files:
        raise SharedDataMissing("none of the training corpora of the config can be read")
    train, held_out, _ = training_data(usable, progress)
    if sample is not None:
        train = pd.concat(
            [subsample(rows, sample, config.seed) for _, rows in train.groupby("corpus")],
            ignore_index=True,
        )
        held_out = {k: subsample(v, sample, config.seed) for k, v in held_out.items()}
    weights = {u.name: u.weight for u in (*usable.corpora, *usable.files)}
    return Splits(train, held_out, weights, missing)


def ablation_variants(
    base: PipelineParams, Cs: Sequence[float] = (0.25, 1, 4, 16, 64)
) -> list[Variant]:
    """The standard comparisons around ``base`` (the shipped params), one change at a time.

    - ``features``: every block of ``base``; without its word vectors (when it has
      them); TF-IDF alone; style alone;
    - ``n-grams``: word and character n-grams together, words only, characters only
      (style kept in all three);
    - ``C``: the logistic regression's regularisation strength;
    - ``classifier``: the logistic regression against SGD with the modified Huber loss
      on the same features, and complement naive Bayes on TF-IDF alone.

    ``base`` appears in every group; :func:`run_variants` fits it only once.
    """
    tfidf_only = replace(base, style=False, word_vectors=None)
    # Alone, the style block needs no down-weighting next to the TF-IDF blocks.
    style_only = replace(
        base, word_ngrams=None, char_ngrams=None, word_vectors=None, style_weight=1.0
    )
    with_vectors = (
        [Variant("features", "without word vectors", replace(base, word_vectors=None))]
        if base.word_vectors
        else []
    )
    return [
        Variant(
            "features", "TF-IDF + vectors + style" if base.word_vectors else "TF-IDF + style", base
        ),
        *with_vectors,
        Variant("features", "TF-IDF only", tfidf_only),
        Variant("features", "style only", style_only),
        Variant("n-grams", "words + chars", base),
        Variant("n-grams", "words only", replace(base, char_ngrams=None)),
        Variant("n-grams", "chars only", replace(base, word_ngrams=None)),
        *(Variant("C", f"C={c:g}", replace(base, C=float(c))) for c in Cs),
        Variant("classifier", "logistic regression", base),
        Variant("classifier", "SGD modified Huber", replace(base, classifier="sgd_modified_huber")),
        Variant(
            "classifier",
            "complement NB (TF-IDF only)",
            replace(tfidf_only, classifier="complement_nb"),
        ),
    ]


def run_variants(
    variants: Iterable[Variant],
    splits: Splits,
    threshold: float = 0.5,
    progress: Progress = lambda _: None,
) -> pd.DataFrame:
    """Fit each variant on ``splits.train`` and measure it on every held-out set.

    Rows are weighted as in training (:func:`~clickbait.training.language_balanced_weights`).
    Returns a tidy DataFrame with the columns of :data:`RESULT_COLUMNS`: one row per
    variant and held-out set (``kind="corpus"``), and per variant and language over the
    held-out rows of trainable corpora (``kind="language"``). ``threshold`` is the same
    for every variant (0.5: the decision rule of each classifier's own probabilities),
    so that F1 compares models, not thresholds; ROC-AUC needs no threshold at all.
    Variants with identical params are fitted once (``fitted_as`` names the first of
    them), and variants sharing their feature params share the fitted features (a
    joblib cache that lives for this call), so ``fit_seconds`` of such a variant counts
    only its classifier.
    """
    from joblib import Memory

    weights = language_balanced_weights(splits.train, splits.weights)
    X, y = splits.train[["headline", "snippet"]], splits.train["label"]
    measured: dict[PipelineParams, tuple[str, list[dict[str, Any]], float]] = {}
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="clickbait-ablation-") as cache:
        memory = Memory(cache, verbose=0)
        for variant in variants:
            if variant.params not in measured:
                progress(f"fitting {variant.group}: {variant.name}")
                started = time.perf_counter()
                pipeline = build_pipeline(variant.params).set_params(memory=memory)
                pipeline.fit(X, y, classifier__sample_weight=weights)
                seconds = time.perf_counter() - started
                pipeline.set_params(memory=None)
                model = TeaserModel(pipeline, threshold)
                measured[variant.params] = (variant.name, _measure(model, splits.held_out), seconds)
            fitted_as, metrics, seconds = measured[variant.params]
            for row in metrics:
                rows.append(
                    {
                        "group": variant.group,
                        "variant": variant.name,
                        "fitted_as": fitted_as,
                        "classifier": variant.params.classifier,
                        "C": variant.params.C,
                        **row,
                        "fit_seconds": round(seconds, 1),
                    }
                )
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _measure(model: TeaserModel, held_out: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    rows = []
    by_lang: dict[str, list[tuple[pd.Series, np.ndarray]]] = {}
    for name, frame in held_out.items():
        scores = model.filler_probability(frame)
        trainable = CORPORA[name].trainable if name in CORPORA else True
        langs = frame["lang"].unique()
        rows.append(_row(model, name, "corpus", "/".join(langs), trainable, frame["label"], scores))
        if trainable:
            for lang in langs:
                mask = (frame["lang"] == lang).to_numpy()
                by_lang.setdefault(lang, []).append((frame["label"][mask], scores[mask]))
    for lang, parts in sorted(by_lang.items()):
        labels = pd.concat([labels for labels, _ in parts], ignore_index=True)
        scores = np.concatenate([scores for _, scores in parts])
        rows.append(_row(model, lang, "language", lang, True, labels, scores))
    return rows


def _row(
    model: TeaserModel,
    name: str,
    kind: str,
    lang: str,
    trainable: bool,
    labels: pd.Series,
    scores: np.ndarray,
) -> dict[str, Any]:
    metrics = binary_metrics(labels, scores, model.threshold)
    if metrics["n_filler"] == 0:  # news only: precision, recall and F1 mean nothing
        metrics.update(precision=np.nan, recall=np.nan, f1=np.nan)
    return {
        "set": name,
        "kind": kind,
        "lang": lang,
        "trainable": trainable,
        **{k: metrics[k] for k in RESULT_COLUMNS if k in metrics and k != "roc_auc"},
        "roc_auc": np.nan if metrics["roc_auc"] is None else metrics["roc_auc"],
    }


def headline_figures(
    results: pd.DataFrame, kind: str = "corpus", distinct: bool = False
) -> pd.DataFrame:
    """One figure per variant (rows) and set (columns), the one that matters for the set.

    F1 where the set holds both classes, recall where it holds only filler, and the
    share scored filler (false alarms, lower is better) where it holds only news.
    Column names say which: ``team-fr F1``, ``native-ads-en recall``,
    ``orangesum-fr false alarms``. With ``distinct``, each fitted model appears once,
    under its first name, indexed by variant alone.
    """
    chosen = results[results["kind"] == kind].copy()
    if distinct:
        chosen = chosen[chosen["variant"] == chosen["fitted_as"]]
    only_news = chosen["n_filler"] == 0
    only_filler = chosen["n_filler"] == chosen["n"]
    chosen["figure"] = np.where(
        only_news, chosen["filler_share"], np.where(only_filler, chosen["recall"], chosen["f1"])
    )
    chosen["column"] = chosen["set"] + np.where(
        only_news, " false alarms", np.where(only_filler, " recall", " F1")
    )
    table = chosen.pivot_table(
        index=["group", "variant"], columns="column", values="figure", sort=False
    )
    table.columns.name = None
    return table.droplevel("group") if distinct else table
