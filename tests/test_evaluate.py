from __future__ import annotations

import pandas as pd
import pytest

from clickbait.datasets import load_team
from clickbait.evaluate import error_shares, worst_errors
from clickbait.model import TeaserModel


@pytest.fixture(scope="module")
def held_out() -> pd.DataFrame:
    frame = pd.concat([load_team("fr"), load_team("en")], ignore_index=True)
    return frame[frame["split"] == "test"].reset_index(drop=True)


def at(model: TeaserModel, threshold: float) -> TeaserModel:
    return TeaserModel(model.pipeline, threshold)


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.9, 1.01])
def test_worst_errors_are_mistakes_most_confident_first(
    small_model: TeaserModel, held_out: pd.DataFrame, threshold: float
) -> None:
    model = at(small_model, threshold)
    errors = worst_errors(model, held_out, n=5, explain=3)
    assert list(errors.columns[:5]) == ["error", "score", "label", "headline", "snippet"]
    assert {"category", "corpus", "explanation", "top_reason"} <= set(errors.columns)
    positives = errors[errors["error"] == "false positive"]
    negatives = errors[errors["error"] == "false negative"]
    assert len(positives) <= 5 and len(negatives) <= 5
    assert (positives["label"] == "news").all() and (positives["score"] >= threshold).all()
    assert (negatives["label"] == "filler").all() and (negatives["score"] < threshold).all()
    assert positives["score"].is_monotonic_decreasing
    assert negatives["score"].is_monotonic_increasing
    # The most confident: no mistake left out is beyond the ones picked.
    scores = model.predict_proba(held_out)
    is_news = (held_out["label"] == "news").to_numpy()
    if len(positives):
        assert (scores[is_news] > positives["score"].min()).sum() < len(positives)
    if len(negatives):
        assert (scores[~is_news] < negatives["score"].max()).sum() < len(negatives)
    everything = model.explain(errors, top=1_000_000)
    for (_, row), contributions in zip(errors.iterrows(), everything, strict=True):
        assert row["explanation"].count(";") == 2
        # The top reason is the strongest push toward the wrong label.
        sign = 1 if row["error"] == "false positive" else -1
        pushes = {c.feature.split(" = ")[0]: sign * c.value for c in contributions}
        assert row["top_reason"] in pushes and " = " not in row["top_reason"]
        assert pushes[row["top_reason"]] == max(pushes.values()) > 0


def test_every_news_row_is_a_false_positive_at_threshold_zero(
    small_model: TeaserModel, held_out: pd.DataFrame
) -> None:
    errors = worst_errors(at(small_model, 0.0), held_out, n=10_000, explain=1)
    assert set(errors["error"]) == {"false positive"}
    assert len(errors) == (held_out["label"] == "news").sum()


def test_no_mistakes_gives_an_empty_table_with_the_columns(small_model: TeaserModel) -> None:
    frame = pd.DataFrame(
        {
            "headline": [
                "Le Sénat adopte le budget de la Sécurité sociale par 205 voix contre 110"
            ],
            "snippet": [""],
            "label": ["news"],
        }
    )
    errors = worst_errors(at(small_model, 1.01), frame)
    assert errors.empty
    assert {"error", "score", "explanation", "top_reason"} <= set(errors.columns)


def test_error_shares_count_every_row_once(
    small_model: TeaserModel, held_out: pd.DataFrame
) -> None:
    shares = error_shares(small_model, held_out, by="category")
    assert shares["n"].sum() == len(held_out)
    assert len(shares) == held_out["category"].nunique()  # each category has one class
    assert (shares["error_share"] == shares["errors"] / shares["n"]).all()
    assert shares["error_share"].is_monotonic_decreasing
    everything_filler = error_shares(at(small_model, 0.0), held_out, by="lang")
    wrong = everything_filler.set_index(["lang", "label"])["error_share"]
    assert wrong[("fr", "news")] == 1.0 and wrong[("fr", "filler")] == 0.0
