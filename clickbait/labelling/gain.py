"""What labels of a new site bring to a retrained model, by the order they were asked in.

A labelling session (``clickbait label``) asks first for the teasers the model is least
sure of (:data:`~clickbait.labelling.order.UNCERTAINTY`), or follows the pages
(:data:`~clickbait.labelling.order.PAGE`). :func:`labelling_gain` replays such sessions
on a site whose teasers are already labelled, as an analyst would meet it:

1. a *base* model is fitted without any of the site's rows (the training rows of the
   shipped config, less the corpora that hold the site);
2. the base model scores the site's *pool* (the rows an analyst could label), and each
   order picks ``budget`` of them: the uncertainty order once, the page order from
   several starting points spread over the pool (where an analyst starts is arbitrary);
3. each pick joins the base training rows as the analyst's own file (weight 1, as a
   ``[[files]]`` entry has), the pipeline is fitted again, and it is measured on the
   site's *held-out* rows, which no order can pick.

Every model is judged at the same threshold (0.5 on the classifier's own probability,
as :mod:`clickbait.experiments` does), so F1 compares labels, not thresholds; average
precision needs no threshold. The difference between the orders comes with a paired
bootstrap interval over the held-out rows' pages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from clickbait.labelling.order import PAGE, UNCERTAINTY, labelling_order
from clickbait.metrics import binary_metrics, filler_f1, news_flagged
from clickbait.model import pipeline_outputs
from clickbait.pipeline import PipelineParams, build_pipeline
from clickbait.resampling import group_bootstrap
from clickbait.training import language_balanced_weights

Progress = Callable[[str], None]

# The corpus name the picked rows train under: an analyst's own labels file.
OWN_LABELS = "own-labels"
THRESHOLD = 0.5


@dataclass(frozen=True)
class NewSite:
    """A labelled site replayed as new: its name, the rows an analyst could label
    (``pool``, in page order), the rows it is measured on (``held_out``), and the
    training corpora that hold it (left out of the base model)."""

    name: str
    pool: pd.DataFrame
    held_out: pd.DataFrame
    corpora: tuple[str, ...]


def _fit(
    params: PipelineParams, frame: pd.DataFrame, weights: dict[str, float]
) -> tuple[Any, float]:
    started = time.perf_counter()
    pipeline = build_pipeline(params)
    pipeline.fit(
        frame[["headline", "snippet"]],
        frame["label"],
        classifier__sample_weight=language_balanced_weights(frame, weights),
    )
    return pipeline, time.perf_counter() - started


def _scores(pipeline: Any, frame: pd.DataFrame) -> np.ndarray:
    _, probabilities = pipeline_outputs(pipeline, frame[["headline", "snippet"]], decision=False)
    assert probabilities is not None
    return probabilities


def _average_precision(labels: pd.Series, scores: np.ndarray) -> float | None:
    from sklearn.metrics import average_precision_score

    y = (labels.to_numpy() == "filler").astype(int)
    if not 0 < y.sum() < len(y):
        return None
    return round(float(average_precision_score(y, scores)), 4)


def _figures(labels: pd.Series, scores: np.ndarray) -> dict[str, Any]:
    metrics = binary_metrics(labels, scores, THRESHOLD)
    flagged = news_flagged(labels, scores, THRESHOLD)
    return {
        **{k: metrics[k] for k in ("n", "n_filler", "precision", "recall", "f1", "roc_auc")},
        "average_precision": _average_precision(labels, scores),
        "news_flagged": None if flagged is None else round(flagged, 4),
    }


def page_order_starts(pool_size: int, budget: int, starts: int) -> list[int]:
    """``starts`` first positions of a run of ``budget`` rows, spread evenly over a pool
    of ``pool_size`` rows (one start if the pool holds no more than ``budget``)."""
    if pool_size <= budget:
        return [0]
    return sorted({int(s) for s in np.linspace(0, pool_size - budget, starts)})


def paired_f1_difference(
    held_out: pd.DataFrame,
    first: np.ndarray,
    second: np.ndarray,
    group: str = "page",
    seed: int = 0,
) -> dict[str, float | None]:
    """F1 of scores ``first`` minus F1 of scores ``second`` on the same held-out rows,
    with a 95% interval from a paired bootstrap that draws whole ``group`` values
    (:func:`clickbait.resampling.group_bootstrap`)."""
    frame = held_out.assign(first=first, second=second)

    def difference(rows: pd.DataFrame) -> float | None:
        a = filler_f1(rows["label"], rows["first"], THRESHOLD)
        b = filler_f1(rows["label"], rows["second"], THRESHOLD)
        return None if a is None or b is None else a - b

    whole = difference(frame)
    interval = group_bootstrap(frame, difference, group=group, seed=seed)
    return {
        "difference": None if whole is None else round(whole, 4),
        "low": None if interval is None else round(interval[0], 4),
        "high": None if interval is None else round(interval[1], 4),
    }


def labelling_gain(
    site: NewSite,
    train: pd.DataFrame,
    weights: dict[str, float],
    params: PipelineParams,
    budget: int = 200,
    page_starts: int = 5,
    progress: Progress = lambda _: None,
) -> dict[str, Any]:
    """Replay ``budget`` labels of ``site`` taken in uncertainty order and in page order
    (from ``page_starts`` starting points), each retrained on ``train`` without the
    site's corpora; see the module docstring. ``weights`` are the config's corpus
    weights. Returns the figures of the base model and of every retrained one on the
    site's held-out rows, what each pick held, and the paired F1 differences."""
    base_rows = train[~train["corpus"].isin(site.corpora)]
    weights = {**weights, OWN_LABELS: 1.0}
    progress(f"{site.name}: fitting the base model on {len(base_rows):,} rows")
    base, seconds = _fit(params, base_rows, weights)
    pool = site.pool.reset_index(drop=True)
    pool_scores = _scores(base, pool)
    held_out_scores = {"base": _scores(base, site.held_out)}
    result: dict[str, Any] = {
        "site": site.name,
        "pool": {"n": len(pool), "n_filler": int((pool["label"] == "filler").sum())},
        "budget": budget,
        "base_rows": len(base_rows),
        "fit_seconds": round(seconds, 1),
        "base": _figures(site.held_out["label"], held_out_scores["base"]),
        "orders": {},
    }
    uncertain = labelling_order(pool_scores, [site.name] * len(pool), THRESHOLD, UNCERTAINTY)
    picks = {UNCERTAINTY: uncertain[:budget]}
    page = labelling_order(pool_scores, [site.name] * len(pool), THRESHOLD, PAGE)
    for start in page_order_starts(len(pool), budget, page_starts):
        picks[f"{PAGE} order from row {start}"] = page[start : start + budget]
    for name, positions in picks.items():
        chosen = pool.iloc[positions].assign(corpus=OWN_LABELS)
        progress(f"{site.name}: retraining with {len(chosen)} labels in {name} order")
        pipeline, _ = _fit(params, pd.concat([base_rows, chosen], ignore_index=True), weights)
        held_out_scores[name] = _scores(pipeline, site.held_out)
        result["orders"][name] = {
            "labels_filler": int((chosen["label"] == "filler").sum()),
            **_figures(site.held_out["label"], held_out_scores[name]),
        }
    group = "page" if site.held_out["page"].nunique() > 1 else "row"
    held_out = site.held_out.assign(row=np.arange(len(site.held_out)))
    result["uncertainty_minus_page"] = {
        name: paired_f1_difference(
            held_out, held_out_scores[UNCERTAINTY], held_out_scores[name], group
        )
        for name in picks
        if name != UNCERTAINTY
    }
    result["bootstrap_group"] = group
    return result


def summary_rows(results: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per site and order (base model first): filler among the labels taken, and
    F1, precision, recall, average precision and news flagged on the held-out rows."""
    rows = []
    for result in results:
        rows.append({"site": result["site"], "order": "none (base model)", **result["base"]})
        for name, figures in result["orders"].items():
            rows.append({"site": result["site"], "order": name, **figures})
    return pd.DataFrame(rows)
