"""Metrics for a scored set of teasers (precision, recall, F1, ROC-AUC, confusion) and its
mistakes: the most confident errors with their explanations, and error shares per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import Contribution, TeaserModel


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


def _filler_scores(model: TeaserModel, frame: pd.DataFrame) -> Any:
    import numpy as np

    return np.asarray(model.predict_proba(frame), dtype=float)


def worst_errors(
    model: TeaserModel, frame: pd.DataFrame, n: int = 10, explain: int = 5
) -> pd.DataFrame:
    """The ``n`` most confident mistakes of each kind on a labelled frame, explained.

    False positives are news rows scored filler, highest score first; false negatives
    are filler rows scored news, lowest score first. The result keeps the frame's
    columns and adds ``error``, ``score``, ``explanation`` (the ``explain`` features
    that moved the score most either way, with signed contributions: positive pushes
    toward filler) and ``top_reason``: the feature that pushed hardest toward the wrong
    label (toward filler for a false positive, toward news for a false negative),
    without its value.
    """
    import pandas as pd

    scores = _filler_scores(model, frame)
    scored = frame.assign(score=scores)
    flagged = scores >= model.threshold
    false_positives = scored[(frame["label"] == "news").to_numpy() & flagged]
    false_negatives = scored[(frame["label"] == "filler").to_numpy() & ~flagged]
    picked = pd.concat(
        [
            false_positives.nlargest(n, "score").assign(error="false positive"),
            false_negatives.nsmallest(n, "score").assign(error="false negative"),
        ]
    )
    # Every contribution, to find the strongest push toward the wrong label.
    everything = model.explain(picked, top=1_000_000)
    picked["explanation"] = [
        "; ".join(f"{c.feature} {c.value:+.2f}" for c in r[:explain]) for r in everything
    ]
    picked["top_reason"] = [
        _strongest_push(r, 1.0 if error == "false positive" else -1.0)
        for r, error in zip(everything, picked["error"], strict=True)
    ]
    first = ["error", "score", "label", "headline", "snippet"]
    return picked[first + [c for c in picked.columns if c not in first]].reset_index(drop=True)


def _strongest_push(contributions: tuple[Contribution, ...], sign: float) -> str:
    """The feature that pushed hardest toward filler (``sign=1``) or news (``-1``), or ""."""
    pushes = [c for c in contributions if sign * c.value > 0]
    if not pushes:
        return ""
    return max(pushes, key=lambda c: sign * c.value).feature.split(" = ")[0]


def error_shares(model: TeaserModel, frame: pd.DataFrame, by: str = "category") -> pd.DataFrame:
    """Per value of column ``by`` and true label: rows, mistakes, share wrong, mean score.

    With ``by="category"`` on the team corpus this is the error rate of each kind of
    filler (filler missed) and each news section (news flagged as filler). Sorted by
    share wrong, worst first.
    """
    scores = _filler_scores(model, frame)
    wrong = (scores >= model.threshold) != (frame["label"] == "filler").to_numpy()
    table = (
        frame.assign(score=scores, wrong=wrong)
        .groupby([by, "label"], sort=True)
        .agg(n=("wrong", "size"), errors=("wrong", "sum"), mean_score=("score", "mean"))
        .reset_index()
    )
    table["error_share"] = table["errors"] / table["n"]
    return table.sort_values(["error_share", "n"], ascending=[False, False], kind="stable")[
        [by, "label", "n", "errors", "error_share", "mean_score"]
    ].reset_index(drop=True)
