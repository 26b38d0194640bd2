"""Train the model from a config kept in the repository, and write its model card.

A config (TOML, :mod:`clickbait.config`) names the corpora, how each is split and
weighted, the pipeline parameters and the seed; see ``models/default/train.toml``.
:func:`train` builds the training set (:func:`clickbait.heldout.training_data`), fits
:func:`clickbait.pipeline.build_pipeline`, evaluates every held-out set and returns a
:class:`~clickbait.model.TeaserModel` whose card records the config, data checksums,
counts, versions and metrics.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from clickbait.config import OUT_OF_FOLD_FOLDS, ThresholdRule, TrainingConfig
from clickbait.heldout import (
    Progress,
    evaluate_held_out,
    evaluate_languages,
    load_config_data,
    seed_page_check,
)
from clickbait.metrics import binary_metrics, filler_f1, news_flagged, reliability
from clickbait.model import ScoreCalibration, TeaserModel, pipeline_outputs
from clickbait.pipeline import PipelineParams, build_pipeline
from clickbait.real_pages import real_page_figures


@dataclass(frozen=True)
class OutOfFold:
    """Out-of-fold predictions for every training row, each from a model fitted without
    that row's fold, with the training weights.

    ``scores`` are what a :class:`~clickbait.model.TeaserModel` of that fold's pipeline
    serves without calibration (the classifier's own probability of filler);
    ``decisions`` are its decision values toward filler, on which a calibration is
    fitted and applied. ``folds`` holds each row's fold.
    """

    decisions: np.ndarray
    scores: np.ndarray
    folds: np.ndarray


def _fit_fold(
    params: PipelineParams,
    texts: pd.DataFrame,
    labels: np.ndarray,
    weights: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    pipeline = build_pipeline(params)
    pipeline.fit(texts.iloc[train], labels[train], classifier__sample_weight=weights[train])
    decisions, scores = pipeline_outputs(pipeline, texts.iloc[test])
    return decisions, scores  # type: ignore[return-value]


def out_of_fold(
    config: TrainingConfig, train_frame: pd.DataFrame, folds: int = OUT_OF_FOLD_FOLDS
) -> OutOfFold:
    """:class:`OutOfFold` predictions for the rows of ``train_frame``: stratified folds
    shuffled with the config's seed, fitted in parallel on up to two cores."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.utils.parallel import Parallel, delayed

    weights = language_balanced_weights(train_frame, _corpus_weights(config))
    labels = train_frame["label"].to_numpy()
    texts = train_frame[["headline", "snippet"]]
    splits = list(
        StratifiedKFold(folds, shuffle=True, random_state=config.seed).split(texts, labels)
    )
    fitted = Parallel(n_jobs=min(folds, 2))(
        delayed(_fit_fold)(config.params, texts, labels, weights, train, test)
        for train, test in splits
    )
    result = OutOfFold(np.empty(len(texts)), np.empty(len(texts)), np.empty(len(texts), int))
    for fold, ((_, test), (decisions, scores)) in enumerate(zip(splits, fitted, strict=True)):
        result.decisions[test] = decisions
        result.scores[test] = scores
        result.folds[test] = fold
    return result


def choose_threshold(
    rule: ThresholdRule,
    scores: np.ndarray,
    is_filler: np.ndarray,
    weights: np.ndarray,
    languages: np.ndarray,
    corpora: np.ndarray | None = None,
) -> tuple[float, dict[str, Any]]:
    """The threshold the rule asks for, on out-of-fold scores; and a record for the card.

    Only the rows of ``rule.corpora`` count when it names some (``corpora`` gives each
    row's corpus). A precision goal, or a ceiling on the share of news called filler,
    must hold in every language (precision weighted as in training, so both classes of
    a language weigh alike; the news share unweighted); F1 is maximised over all rows.
    Raises ``ValueError`` when no threshold reaches the goal.
    """
    from sklearn.metrics import precision_recall_fscore_support

    if rule.corpora:
        if corpora is None:
            raise ValueError("the threshold rule names corpora: pass each row's corpus")
        chosen = np.isin(corpora, rule.corpora)
        if not chosen.any():
            raise ValueError(f"no training rows of {', '.join(rule.corpora)} to set the threshold")
        scores, is_filler = scores[chosen], is_filler[chosen]
        weights, languages = weights[chosen], languages[chosen]
    candidates = np.round(np.arange(0.02, 0.981, 0.01), 2)

    def table(mask: np.ndarray) -> np.ndarray:
        # (precision, recall, F1, share of news called filler) for each candidate.
        news = mask & ~is_filler
        rows = []
        for t in candidates:
            called = scores >= t
            prf = precision_recall_fscore_support(
                is_filler[mask],
                called[mask],
                average="binary",
                sample_weight=weights[mask],
                zero_division=0,
            )[:3]
            rows.append((*prf, float(called[news].mean()) if news.any() else 0.0))
        return np.array(rows)

    overall = table(np.ones(len(scores), dtype=bool))
    per_language = {str(lang): table(languages == lang) for lang in np.unique(languages)}
    if rule.goal == "min_precision":
        worst = np.min([t[:, 0] for t in per_language.values()], axis=0)
        meeting = np.flatnonzero(worst >= rule.value)
        if not len(meeting):
            raise ValueError(
                f"no threshold reaches filler precision {rule.value} in every language on "
                f"out-of-fold predictions (best {worst.max():.3f}); lower the goal"
            )
        best = int(meeting[0])
    elif rule.goal == "max_news_flagged":
        worst = np.max([t[:, 3] for t in per_language.values()], axis=0)
        meeting = np.flatnonzero(worst <= rule.value)
        if not len(meeting):
            raise ValueError(
                f"no threshold calls at most {rule.value:.0%} of the news of every language "
                f"filler on out-of-fold predictions (best {worst.min():.1%}); raise the ceiling"
            )
        best = int(meeting[0])
    else:
        best = int(np.argmax(overall[:, 2]))
    at_half = int(np.flatnonzero(candidates == 0.5)[0])

    def row(values: np.ndarray) -> dict[str, float]:
        names = ("precision", "recall", "f1", "news_flagged")
        return {k: round(float(v), 4) for k, v in zip(names, values, strict=True)}

    return float(candidates[best]), {
        "method": rule.describe(OUT_OF_FOLD_FOLDS),
        "out_of_fold_at_threshold": row(overall[best]),
        "out_of_fold_at_0.5": row(overall[at_half]),
        "out_of_fold_by_language": {lang: row(t[best]) for lang, t in per_language.items()},
    }


def _corpus_weights(config: TrainingConfig) -> dict[str, float]:
    return {u.name: u.weight for u in (*config.corpora, *config.files)}


def language_balanced_weights(frame: pd.DataFrame, corpus_weight: dict[str, float]) -> np.ndarray:
    """Sample weights: each corpus scaled by its weight, then both classes of a language
    given equal total weight, so that no language's news side outweighs its filler side."""
    weights = frame["corpus"].map(corpus_weight).to_numpy(dtype=float)
    result = weights.copy()
    for _, index in frame.groupby("lang").groups.items():
        rows = frame.index.get_indexer(index)
        total = weights[rows].sum()
        for label in ("filler", "news"):
            mask = rows[(frame["label"].to_numpy()[rows] == label)]
            if len(mask):
                result[mask] = weights[mask] * (total / 2) / weights[mask].sum()
    return result * (len(result) / result.sum())


def fit(
    config: TrainingConfig, train_frame: pd.DataFrame, progress: Progress = lambda _: None
) -> TeaserModel:
    """Fit the pipeline on a training frame with language-balanced weights.

    When the threshold is chosen or the scores calibrated, out-of-fold predictions for
    the training rows come first (:func:`out_of_fold`): the calibration is fitted on
    their decision values, and the threshold chosen on the scores the model will serve.
    ``model.card`` records the threshold choice and the reliability of out-of-fold
    scores before and after calibration.
    """
    weights = language_balanced_weights(train_frame, _corpus_weights(config))
    is_filler = (train_frame["label"] == "filler").to_numpy()
    card: dict[str, Any] = {"threshold_choice": {"method": "fixed in the config"}}
    threshold = config.threshold.value
    calibration = None
    if config.threshold.goal != "fixed" or config.calibrate:
        progress("out-of-fold predictions for the threshold and calibration")
        predicted = out_of_fold(config, train_frame)
        # The threshold is chosen on the scores the model serves: the classifier's own
        # probabilities, or the calibrated ones.
        scores = predicted.scores
        if config.calibrate:
            # Fitted on the rows of calibrate_on only (the real teasers, say), so that
            # scores mean what they say where it matters.
            on = (
                train_frame["corpus"].isin(config.calibrate_on).to_numpy()
                if config.calibrate_on
                else np.ones(len(train_frame), dtype=bool)
            )
            calibration = ScoreCalibration.fit(predicted.decisions[on], is_filler[on], weights[on])
            calibrated = calibration.apply(predicted.decisions)
            rows = f" of {', '.join(config.calibrate_on)}" if config.calibrate_on else ""
            card["calibration"] = {
                **calibration.to_dict(),
                "fitted_on": f"{OUT_OF_FOLD_FOLDS}-fold out-of-fold decision values of the "
                f"training rows{rows}, weighted as in training",
                "out_of_fold_before": reliability(
                    is_filler[on], scores[on], sample_weight=weights[on]
                ),
                "out_of_fold_after": reliability(
                    is_filler[on], calibrated[on], sample_weight=weights[on]
                ),
            }
            scores = calibrated
        if config.threshold.goal != "fixed":
            threshold, card["threshold_choice"] = choose_threshold(
                config.threshold,
                scores,
                is_filler,
                weights,
                train_frame["lang"].to_numpy(),
                train_frame["corpus"].to_numpy(),
            )
    progress(f"fitting on {len(train_frame):,} teasers")
    pipeline = build_pipeline(config.params)
    pipeline.fit(
        train_frame[["headline", "snippet"]],
        train_frame["label"],
        classifier__sample_weight=weights,
    )
    model = TeaserModel(pipeline, float(threshold), card, calibration)
    _check_scorer(model, train_frame)
    return model


# Largest difference allowed between the array scorer's decision values and the
# pipeline's (float32 TF-IDF in the pipeline, float64 in the scorer: about 1e-7).
SCORER_TOLERANCE = 1e-4


def _check_scorer(model: TeaserModel, frame: pd.DataFrame, rows: int = 2000) -> None:
    """Refuse a model whose array scorer disagrees with its pipeline on training rows."""
    if model.scorer is None:
        return
    sample = frame.sample(min(rows, len(frame)), random_state=0)
    headlines, snippets = sample["headline"].tolist(), sample["snippet"].tolist()
    sign = 1.0 if list(model.pipeline.classes_)[1] == "filler" else -1.0
    expected = sign * model.pipeline.decision_function(sample[["headline", "snippet"]])
    gap = float(np.max(np.abs(model.scorer.decision_function(headlines, snippets) - expected)))
    if gap > SCORER_TOLERANCE:
        raise RuntimeError(
            f"the array scorer differs from the pipeline by {gap:.2g} on training rows "
            f"(allowed: {SCORER_TOLERANCE:g}); the model was not saved"
        )


def source_checks(
    config: TrainingConfig,
    train_frame: pd.DataFrame,
    held_out: dict[str, pd.DataFrame],
    threshold: float,
    progress: Progress = lambda _: None,
) -> dict[str, Any]:
    """Leave each corpus of ``config.source_checks`` out of training in turn, and test on
    its held-out rows: what the model knows of that corpus without having seen its source.

    The threshold is the full model's; no calibration, so the figures isolate the data.
    The models are fitted two at a time, on up to two cores.
    """
    from sklearn.utils.parallel import Parallel, delayed

    names = [name for name in config.source_checks if name in held_out]
    if names:
        progress(f"source checks: training without {', '.join(names)}, two at a time")
    pipelines = Parallel(n_jobs=min(len(names), 2) or 1)(
        delayed(_fit_without)(config, train_frame, name) for name in names
    )
    results: dict[str, Any] = {}
    for name, pipeline in zip(names, pipelines, strict=True):
        rest = train_frame[train_frame["corpus"] != name]
        without = TeaserModel(pipeline, threshold)
        real = real_page_figures(without, held_out)
        results[name] = {
            "trained_on": sorted(rest["corpus"].unique()),
            "metrics": binary_metrics(
                held_out[name]["label"], without.filler_probability(held_out[name]), threshold
            ),
            "real_pages": real.get("by_language", {}),
        }
    return results


def _fit_without(config: TrainingConfig, train_frame: pd.DataFrame, name: str) -> Any:
    rest = train_frame[train_frame["corpus"] != name]
    pipeline = build_pipeline(config.params)
    return pipeline.fit(
        rest[["headline", "snippet"]],
        rest["label"],
        classifier__sample_weight=language_balanced_weights(rest, _corpus_weights(config)),
    )


def own_label_figures(
    model: TeaserModel,
    splits: dict[str, dict[str, Any]],
    train_frame: pd.DataFrame,
    held_out: dict[str, pd.DataFrame],
) -> dict[str, dict[str, Any]]:
    """For each file of the user's own labels: how it was split (by site where it can
    be), its labels by class in training and held out, and the model's figures on the
    held-out part, with a 95% interval on F1 that resamples its sites."""
    from clickbait.resampling import group_bootstrap

    figures = {}
    for name, split in splits.items():
        trained = train_frame[train_frame["corpus"] == name]["label"].value_counts()
        frame = held_out.get(name, train_frame.iloc[:0])
        entry: dict[str, Any] = {
            **split,
            "trained": {label: int(trained.get(label, 0)) for label in ("filler", "news")},
            "held_out": {
                label: int((frame["label"] == label).sum()) for label in ("filler", "news")
            },
        }
        if len(frame):
            scores = model.filler_probability(frame)
            entry["metrics"] = binary_metrics(frame["label"], scores, model.threshold)
            entry["news_flagged"] = news_flagged(frame["label"], scores, model.threshold)
            entry["f1_interval"] = group_bootstrap(
                frame.assign(score=scores),
                lambda rows: filler_f1(rows["label"], rows["score"], model.threshold),
                group="site",
            )
        figures[name] = entry
    return figures


def train(config: TrainingConfig, progress: Progress = lambda _: None) -> TeaserModel:
    """Train, evaluate and describe a model, as the config says."""
    started = time.perf_counter()
    loaded = load_config_data(config, progress, missing_ok=False)
    train_frame = pd.concat(loaded.train, ignore_index=True)
    held_out, checksums = loaded.held_out, loaded.checksums
    model = fit(config, train_frame, progress)
    fit_seconds = time.perf_counter() - started
    progress("evaluating held-out sets")
    counts = train_frame.groupby(["corpus", "label"]).size().unstack(fill_value=0).to_dict("index")
    model.card = {
        "name": config.raw.get("name", "clickbait"),
        "config": config.raw,
        "training_rows": {k: {lab: int(n) for lab, n in v.items()} for k, v in counts.items()},
        "held_out_rows": {k: len(v) for k, v in held_out.items()},
        "held_out_overlap": loaded.overlap,
        "data_sha256": checksums,
        "threshold": model.threshold,
        "threshold_choice": model.card["threshold_choice"],
        "calibration": model.card.get("calibration"),
        "train_seconds": round(fit_seconds, 1),
        "real_pages": real_page_figures(model, held_out),
        "metrics": evaluate_held_out(model, held_out),
        "metrics_by_language": evaluate_languages(model, held_out),
        "seed_page": seed_page_check(model),
        "own_labels": own_label_figures(model, loaded.own_labels, train_frame, held_out),
        "source_checks": source_checks(config, train_frame, held_out, model.threshold, progress),
        "notes": list(config.raw.get("card", {}).get("notes", [])),
    }
    return model
