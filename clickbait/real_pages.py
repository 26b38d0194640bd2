"""How a model does on real teasers of sites it never trained on: the figures that decide.

The real page corpora (``real-teasers``, ``real2-teasers``) hold out whole sites: their
``test`` rows come from sites whose pages neither trained the model nor chose its rules.
:func:`real_page_figures` pools those rows and gives, per language, filler F1,
precision, recall, the share of real news called filler and ROC-AUC, each with a 95%
interval that resamples sites (:func:`clickbait.resampling.group_bootstrap`), the same
per kind of filler and news, and how calibrated the scores are there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clickbait.metrics import binary_metrics, filler_f1, news_flagged, reliability
from clickbait.resampling import group_bootstrap

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import TeaserModel

# The corpora of real pages, split by site.
REAL_PAGE_CORPORA = ("real-teasers", "real2-teasers")
# A kind of filler or news is reported once it has this many rows.
MIN_KIND_ROWS = 5


def _figures(frame: pd.DataFrame, threshold: float) -> dict[str, Any]:
    metrics = binary_metrics(frame["label"], frame["score"], threshold)
    flagged = news_flagged(frame["label"], frame["score"], threshold)
    result = {
        "n": metrics["n"],
        "n_filler": metrics["n_filler"],
        "sites": int(frame["site"].nunique()),
        "f1": metrics["f1"],
        "precision": metrics["precision"],
        "recall": metrics["recall"],
        "news_flagged": round(flagged, 4) if flagged is not None else None,
        "roc_auc": metrics["roc_auc"],
    }

    def f1_of(sample: pd.DataFrame) -> float | None:
        return filler_f1(sample["label"], sample["score"], threshold)

    def flagged_of(sample: pd.DataFrame) -> float | None:
        return news_flagged(sample["label"], sample["score"], threshold)

    for key, statistic in (("f1", f1_of), ("news_flagged", flagged_of)):
        interval = group_bootstrap(frame, statistic, group="site")
        result[f"{key}_interval"] = (
            [round(interval[0], 4), round(interval[1], 4)] if interval else None
        )
    return result


def real_page_rows(held_out: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    """The held-out rows of the real page corpora, pooled; ``None`` if there are none."""
    import pandas as pd

    frames = [held_out[name] for name in REAL_PAGE_CORPORA if name in held_out]
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else None


def real_page_figures(model: TeaserModel, held_out: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Figures on the held-out sites of the real page corpora: ``by_language`` (``fr``,
    ``en``, ``de``... and ``all``) and ``by_kind`` (per language, per kind with at least
    :data:`MIN_KIND_ROWS` rows). Empty when no real page corpus is held out."""
    frame = real_page_rows(held_out)
    if frame is None:
        return {}
    frame = frame.assign(score=model.filler_probability(frame))
    by_language = {
        str(lang): _figures(rows, model.threshold)
        for lang, rows in sorted(frame.groupby("lang"), key=lambda item: str(item[0]))
    }
    by_language["all"] = _figures(frame, model.threshold)
    by_kind: dict[str, dict[str, Any]] = {}
    for (lang, kind), rows in frame.groupby(["lang", "category"]):
        if len(rows) >= MIN_KIND_ROWS and kind:
            flagged = float((rows["score"] >= model.threshold).mean())
            by_kind.setdefault(str(lang), {})[str(kind)] = {
                "label": str(rows["label"].iloc[0]),
                "n": len(rows),
                "sites": int(rows["site"].nunique()),
                "called_filler": round(flagged, 4),
            }
    return {
        "sets": [name for name in REAL_PAGE_CORPORA if name in held_out],
        # Scores against the share of filler among the held-out real teasers (5 bins: the
        # set is small).
        "calibration": reliability(frame["label"] == "filler", frame["score"], bins=5),
        "about": "held-out sites of the real page corpora: no page of these sites trained "
        "the model or was looked at to choose it; intervals are 95% bootstrap intervals "
        "that resample sites",
        "by_language": by_language,
        "by_kind": by_kind,
    }
