"""Metrics for a scored set of teasers: precision, recall, F1, ROC-AUC, confusion."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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


def extraction_scores(
    annotations: Iterable[Mapping[str, Any]],
    extract_page: Callable[[str], Any],
) -> dict[str, Any]:
    """Teaser extraction against hand annotations, pooled over pages.

    Each annotation names a page and its widgets, each teaser by
    :func:`clickbait.teasers.headline_key` of its headline (see
    ``tests/annotations/README.md``); ``extract_page(page)`` returns the page's
    :class:`~clickbait.teasers.Extraction`. A teaser counts once per page. Returns, per
    split and overall, teaser precision and recall, the share of matched teasers whose
    sponsored flag agrees, and how many annotated widgets that JavaScript fills in were
    reported as blocks with no teasers.
    """
    from clickbait.teasers import headline_key

    totals: dict[str, dict[str, int]] = {}
    pages: list[dict[str, Any]] = []
    for annotation in annotations:
        extraction = extract_page(annotation["page"])
        expected = {
            teaser["key"]: bool(teaser.get("sponsored", False))
            for widget in annotation["widgets"]
            for teaser in widget["teasers"]
        }
        found: dict[str, bool] = {}
        for teaser in extraction.teasers:
            found.setdefault(headline_key(teaser.headline), teaser.sponsored)
        matched = expected.keys() & found.keys()
        empty_widgets = sum(1 for w in annotation["widgets"] if w["kind"] == "vendor-empty")
        empty_blocks = sum(1 for b in extraction.blocks if b.kind == "vendor" and b.teasers == 0)
        counts = {
            "pages": 1,
            "annotated": len(expected),
            "extracted": len(found),
            "matched": len(matched),
            "sponsored_agree": sum(1 for k in matched if expected[k] == found[k]),
            "empty_widgets": empty_widgets,
            "empty_widgets_reported": min(empty_widgets, empty_blocks),
        }
        pages.append({"page": annotation["page"], "split": annotation.get("split", ""), **counts})
        for split in ("all", annotation.get("split") or "all"):
            total = totals.setdefault(split, dict.fromkeys(counts, 0))
            for key, value in counts.items():
                total[key] += value
    return {
        "splits": {
            split: {
                **total,
                "precision": round(total["matched"] / total["extracted"], 4)
                if total["extracted"]
                else None,
                "recall": round(total["matched"] / total["annotated"], 4)
                if total["annotated"]
                else None,
                "sponsored_agreement": round(total["sponsored_agree"] / total["matched"], 4)
                if total["matched"]
                else None,
            }
            for split, total in totals.items()
        },
        "pages": pages,
    }
