"""Metrics for scored sets of teasers: precision, recall, F1, ROC-AUC, confusion,
reliability; the data of evaluation reports (curves, per-language pools, transfer sets);
the most confident mistakes with their explanations; and teaser extraction scores.

Rendering reports (charts, HTML) is :mod:`clickbait.reporting`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import TeaserModel
    from clickbait.records import Contribution


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
    scores = model.filler_probability(frame)
    result: dict[str, Any] = {"all": binary_metrics(frame["label"], scores, model.threshold)}
    if by and by in frame.columns:
        for value in sorted(frame[by].unique()):
            mask = (frame[by] == value).to_numpy()
            result[str(value)] = binary_metrics(frame["label"][mask], scores[mask], model.threshold)
    return result


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
            "sponsored_annotated": sum(1 for k in matched if expected[k]),
            "sponsored_found": sum(1 for k in matched if expected[k] and found[k]),
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
                # Of matched teasers annotated as sponsored, the share flagged as such.
                "sponsored_recall": round(
                    total["sponsored_found"] / total["sponsored_annotated"], 4
                )
                if total["sponsored_annotated"]
                else None,
            }
            for split, total in totals.items()
        },
        "pages": pages,
    }


# -- evaluation reports ------------------------------------------------------------------

SetKind = Literal["held-out", "transfer", "file"]
REPORT_FORMAT = 1


@dataclass(frozen=True)
class EvaluationSet:
    """Labelled rows to evaluate on, and what they are.

    ``kind`` is ``held-out`` (rows held out of a corpus or file the model trains on),
    ``transfer`` (a corpus never trained on: other sources, other languages) or ``file``
    (a labelled file given by the user). ``groups`` maps a group name to a boolean mask
    over ``frame`` for per-group figures; groups may overlap.
    """

    name: str
    frame: pd.DataFrame
    kind: SetKind
    source: str = ""
    groups: dict[str, Any] = field(default_factory=dict)


def classes_of(labels: Any) -> str:
    """``both``, ``filler`` (filler only), ``news`` (news only) or ``none`` (no rows)."""
    import numpy as np

    values = set(np.asarray(labels).tolist())
    if not values:
        return "none"
    return "both" if len(values) > 1 else str(values.pop())


def report_metrics(labels: Any, scores: Any, threshold: float) -> dict[str, Any]:
    """:func:`binary_metrics` for a report, with ``classes`` (:func:`classes_of`),
    ``average_precision`` and the ``brier`` score, and ``None`` wherever a one-class set
    would give a meaningless 0 or 1: on a filler-only set, precision and F1 (``recall``
    is the filler recall, equal to ``filler_share``); on a news-only set, precision,
    recall and F1 (``filler_share`` is the share of news wrongly scored filler).
    ROC-AUC and average precision need both classes.
    """
    import numpy as np
    from sklearn.metrics import average_precision_score, brier_score_loss

    metrics = binary_metrics(labels, scores, threshold)
    y_true = (np.asarray(labels) == "filler").astype(int)
    scores = np.asarray(scores, dtype=float)
    classes = classes_of(labels)
    metrics["classes"] = classes
    metrics["average_precision"] = (
        round(float(average_precision_score(y_true, scores)), 4) if classes == "both" else None
    )
    metrics["brier"] = (
        round(float(brier_score_loss(y_true, scores, labels=[0, 1])), 4) if len(y_true) else None
    )
    if classes == "filler":
        metrics.update(precision=None, f1=None)
    elif classes == "news":
        metrics.update(precision=None, recall=None, f1=None)
    return metrics


def headline_figure(metrics: dict[str, Any]) -> dict[str, Any]:
    """The one figure that sums a set up, by its classes: ROC-AUC with both classes,
    filler recall on filler only, the share scored filler on news only."""
    name, key = {
        "both": ("ROC-AUC", "roc_auc"),
        "filler": ("filler recall", "recall"),
        "news": ("share scored filler", "filler_share"),
    }.get(metrics["classes"], ("rows", "n"))
    return {"name": name, "key": key, "value": metrics[key]}


def report_curves(
    labels: Any, scores: Any, bins: int = 10, histogram_bins: int = 20, max_points: int = 200
) -> dict[str, Any]:
    """The data behind a report's charts, small enough for JSON.

    ``precision_recall``: at most ``max_points`` points of sklearn's precision-recall
    curve, evenly taken along it (``None`` without both classes). ``calibration``: one
    entry per non-empty bin of ``bins`` equal score bins, as
    :func:`sklearn.calibration.calibration_curve` with ``strategy="uniform"`` makes them,
    with the bin's row count. ``histogram``: counts of filler and news rows in
    ``histogram_bins`` equal score bins.
    """
    import numpy as np
    from sklearn.metrics import precision_recall_curve

    y_true = (np.asarray(labels) == "filler").astype(int)
    scores = np.asarray(scores, dtype=float)
    pr = None
    if classes_of(labels) == "both":
        precision, recall, _ = precision_recall_curve(y_true, scores)
        keep = np.unique(np.linspace(0, len(precision) - 1, min(max_points, len(precision))))
        keep = keep.round().astype(int)
        pr = {
            "precision": [round(float(v), 4) for v in precision[keep]],
            "recall": [round(float(v), 4) for v in recall[keep]],
        }
    calibration = reliability(y_true, scores, bins)["curve"]
    hist_edges = np.linspace(0.0, 1.0, histogram_bins + 1)
    return {
        "precision_recall": pr,
        "calibration": calibration,
        "histogram": {
            "edges": [round(float(e), 4) for e in hist_edges],
            "filler": np.histogram(scores[y_true == 1], hist_edges)[0].tolist(),
            "news": np.histogram(scores[y_true == 0], hist_edges)[0].tolist(),
        },
    }


def _entry(labels: Any, scores: Any, threshold: float) -> dict[str, Any]:
    return {
        "metrics": report_metrics(labels, scores, threshold),
        "curves": report_curves(labels, scores),
    }


def evaluation_report(
    model: TeaserModel,
    sets: Iterable[EvaluationSet],
    skipped: Mapping[str, str] | None = None,
    about: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything an evaluation report shows, as JSON-ready data (``metrics.json``).

    Each set is scored once. ``sets`` maps a set's name to its kind, source, languages,
    metrics (:func:`report_metrics`), curves (:func:`report_curves`), per-group metrics
    and, for ``transfer`` sets, its headline figure (:func:`headline_figure`).
    ``languages`` pools the rows of the held-out and file sets by their ``lang``
    column, so that each language is measured on like-for-like data; transfer sets
    stay apart, in ``transfer``. ``skipped`` names sets that could not be read.
    """
    import numpy as np
    import pandas as pd

    threshold = model.threshold
    report: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "model": {"name": model.card.get("name", ""), "threshold": threshold, **(about or {})},
        "sets": {},
        "languages": {},
        "transfer": [],
        "skipped": dict(skipped or {}),
    }
    pooled: dict[str, list[tuple[str, pd.Series, np.ndarray]]] = {}
    for item in sets:
        frame = item.frame.reset_index(drop=True)
        scores = model.filler_probability(frame)
        labels = frame["label"]
        langs = sorted(frame["lang"].unique().tolist()) if "lang" in frame.columns else []
        entry: dict[str, Any] = {
            "kind": item.kind,
            "source": item.source,
            "languages": langs,
            **_entry(labels, scores, threshold),
            "groups": {},
        }
        for name, mask in item.groups.items():
            mask = np.asarray(mask, dtype=bool)
            if mask.any():
                entry["groups"][str(name)] = report_metrics(labels[mask], scores[mask], threshold)
        if item.kind == "transfer":
            entry["headline"] = headline_figure(entry["metrics"])
            report["transfer"].append(item.name)
        else:
            for lang in langs:
                mask = (frame["lang"] == lang).to_numpy()
                pooled.setdefault(lang, []).append((item.name, labels[mask], scores[mask]))
        report["sets"][item.name] = entry
    for lang in sorted(pooled):
        parts = pooled[lang]
        labels = pd.concat([p[1] for p in parts], ignore_index=True)
        scores = np.concatenate([p[2] for p in parts])
        report["languages"][lang] = {
            "sets": [p[0] for p in parts],
            **_entry(labels, scores, threshold),
        }
    return report


def metrics_table(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{set: {"all": metrics, group: metrics, ...}}``: a report's figures without its
    curves, the shape :func:`evaluate_frame` gives for one frame."""
    return {
        name: {"all": entry["metrics"], **entry["groups"]} for name, entry in report["sets"].items()
    }


def file_evaluation_set(path: str | Path) -> EvaluationSet:
    """A labelled file (see :func:`clickbait.datasets.load_labelled_file`) as an
    evaluation set, grouped by its ``corpus`` column, else its ``lang`` column.
    Raises :class:`ValueError` naming the file, and the line, of its first problem."""
    from clickbait.datasets import load_labelled_file

    frame = load_labelled_file(path)
    by = next((c for c in ("corpus", "lang") if c in frame.columns), None)
    groups = {str(v): (frame[by] == v).to_numpy() for v in sorted(frame[by].unique())} if by else {}
    return EvaluationSet(str(path), frame, "file", f"labelled file {path}", groups)


def _filler_scores(model: TeaserModel, frame: pd.DataFrame) -> Any:
    import numpy as np

    return np.asarray(model.filler_probability(frame), dtype=float)


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
