"""The data of evaluation reports (metrics per set and group, curves, per-language pools,
transfer sets, the real-page figures) and the most confident mistakes with their
explanations. The metrics themselves are :mod:`clickbait.metrics`'; extraction against
the annotations is :mod:`clickbait.extraction_quality`'s.

Rendering reports (charts, HTML) is :mod:`clickbait.reporting`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from clickbait.metrics import binary_metrics, reliability
from clickbait.real_pages import REAL_PAGE_CORPORA, real_page_figures

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import TeaserModel
    from clickbait.records import Contribution


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
    ``real_pages`` gives the figures that decide, on the held-out sites of the real page
    corpora, per language with intervals that resample sites
    (:func:`clickbait.real_pages.real_page_figures`).
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
    real_frames: dict[str, pd.DataFrame] = {}
    for item in sets:
        frame = item.frame.reset_index(drop=True)
        if item.name in REAL_PAGE_CORPORA and "site" in frame.columns:
            real_frames[item.name] = frame
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
    report["real_pages"] = real_page_figures(model, real_frames) if real_frames else {}
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
