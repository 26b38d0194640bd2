"""Metrics of filler detection: precision, recall, F1, ROC-AUC and the false-alarm share
at a threshold, and the reliability (calibration) of scores."""

from __future__ import annotations

from typing import Any


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


def filler_f1(labels: Any, scores: Any, threshold: float) -> float | None:
    """Filler F1 at ``threshold``, as :func:`binary_metrics` gives it (rounded to 4
    places), counted directly: bootstraps call it a thousand times. ``None`` without
    filler rows."""
    import numpy as np

    filler = np.asarray(labels) == "filler"
    if not filler.any():
        return None
    called = np.asarray(scores, dtype=float) >= threshold
    true_positives = int((filler & called).sum())
    wrong = int((filler != called).sum())
    return round(2 * true_positives / (2 * true_positives + wrong), 4)


def news_flagged(labels: Any, scores: Any, threshold: float) -> float | None:
    """The share of news rows scored filler (``None`` without news rows)."""
    import numpy as np

    news = np.asarray(labels) == "news"
    if not news.any():
        return None
    return float((np.asarray(scores, dtype=float)[news] >= threshold).mean())


def reliability(
    is_filler: Any, scores: Any, bins: int = 10, sample_weight: Any = None
) -> dict[str, Any]:
    """How far scores are from observed frequencies: a reliability curve, the Brier
    score and the expected calibration error (bin-size-weighted mean gap).

    The curve has one entry per non-empty bin of ``bins`` equal score bins, as
    :func:`sklearn.calibration.calibration_curve` with ``strategy="uniform"`` makes
    them: its bounds, row count, mean score and (weighted) share of filler.
    """
    import numpy as np

    truth = np.asarray(is_filler, dtype=float)
    scores = np.asarray(scores, dtype=float)
    weights = np.ones_like(scores) if sample_weight is None else np.asarray(sample_weight, float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ids = np.searchsorted(edges[1:-1], scores, side="right")
    counts = np.bincount(ids, minlength=bins)
    weight = np.bincount(ids, weights=weights, minlength=bins)
    mean_score = np.bincount(ids, weights=weights * scores, minlength=bins)
    filler_rate = np.bincount(ids, weights=weights * truth, minlength=bins)
    filled = weight > 0
    mean_score[filled] /= weight[filled]
    filler_rate[filled] /= weight[filled]
    gap = float(np.sum(weight * np.abs(mean_score - filler_rate)))
    return {
        "brier": round(float(np.average((scores - truth) ** 2, weights=weights)), 4),
        "ece": round(gap / float(weights.sum()), 4),
        "curve": [
            {
                "lower": round(float(edges[b]), 4),
                "upper": round(float(edges[b + 1]), 4),
                "n": int(counts[b]),
                "mean_score": round(float(mean_score[b]), 4),
                "filler_rate": round(float(filler_rate[b]), 4),
            }
            for b in range(bins)
            if counts[b]
        ],
    }
