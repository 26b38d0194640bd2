"""Metrics for a scored set of teasers: precision, recall, F1, ROC-AUC, confusion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import TeaserModel


def binary_metrics(labels: list[str] | Any, scores: Any, threshold: float) -> dict[str, Any]:
    """Metrics of filler detection; ROC-AUC is ``None`` when only one class is present.

    ``filler_share`` is the share of rows scored filler, the figure that matters on a
    set with no filler at all (real news).
    """
    import numpy as np
    from sklearn.metrics import (
        confusion_matrix,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    y_true = (np.asarray(labels) == "filler").astype(int)
    scores = np.asarray(scores, dtype=float)
    y_pred = (scores >= threshold).astype(int)
    both_classes = 0 < y_true.sum() < len(y_true)
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return {
        "n": len(y_true),
        "n_filler": int(y_true.sum()),
        "precision": round(float(precision_score(y_true, y_pred, zero_division=0)), 4),
        "recall": round(float(recall_score(y_true, y_pred, zero_division=0)), 4),
        "f1": round(float(f1_score(y_true, y_pred, zero_division=0)), 4),
        "roc_auc": round(float(roc_auc_score(y_true, scores)), 4) if both_classes else None,
        "accuracy": round(float((y_true == y_pred).mean()), 4) if len(y_true) else None,
        "filler_share": round(float(y_pred.mean()), 4) if len(y_true) else None,
        "confusion": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
    }


def evaluate_frame(
    model: TeaserModel, frame: pd.DataFrame, by: str | None = None
) -> dict[str, Any]:
    """Metrics of ``model`` on a labelled frame, overall and per value of column ``by``."""
    scores = model.predict_proba(frame)
    result: dict[str, Any] = {"all": binary_metrics(frame["label"], scores, model.threshold)}
    if by and by in frame.columns:
        for value in sorted(frame[by].unique()):
            mask = (frame[by] == value).to_numpy()
            result[str(value)] = binary_metrics(frame["label"][mask], scores[mask], model.threshold)
    return result


def reliability(
    is_filler: Any, scores: Any, bins: int = 10, sample_weight: Any = None
) -> dict[str, Any]:
    """How far scores are from observed frequencies: a reliability curve in equal-width
    bins (mean score against the weighted share of filler), the Brier score and the
    expected calibration error (bin-size-weighted mean gap)."""
    import numpy as np

    truth = np.asarray(is_filler, dtype=float)
    scores = np.asarray(scores, dtype=float)
    weights = np.ones_like(scores) if sample_weight is None else np.asarray(sample_weight, float)
    index = np.minimum((scores * bins).astype(int), bins - 1)
    curve, gap = [], 0.0
    for b in range(bins):
        mask = index == b
        if not mask.any():
            continue
        w = weights[mask]
        mean_score = float(np.average(scores[mask], weights=w))
        observed = float(np.average(truth[mask], weights=w))
        gap += w.sum() * abs(mean_score - observed)
        curve.append(
            {
                "bin": b,
                "n": int(mask.sum()),
                "score": round(mean_score, 4),
                "observed": round(observed, 4),
            }
        )
    return {
        "brier": round(float(np.average((scores - truth) ** 2, weights=weights)), 4),
        "ece": round(float(gap / weights.sum()), 4),
        "curve": curve,
    }
