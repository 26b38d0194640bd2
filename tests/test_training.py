"""Training options: threshold rules, calibration, source checks, reliability."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.evaluate import reliability
from clickbait.model import ScoreCalibration, TeaserModel
from clickbait.persist import MANIFEST_FILE, ModelError, load_model, save_model
from clickbait.teasers import Teaser
from clickbait.training import ThresholdRule, TrainingConfig, choose_threshold

BASE: dict[str, Any] = {"corpora": {"team-fr": {}}}


@pytest.mark.parametrize(
    ("value", "goal", "number"),
    [
        (0.4, "fixed", 0.4),
        ("auto", "max_f1", None),
        ("max_f1", "max_f1", None),
        ({"filler_precision": 0.95}, "min_precision", 0.95),
    ],
)
def test_threshold_rules_from_config(value: object, goal: str, number: float | None) -> None:
    config = TrainingConfig.from_dict({**BASE, "threshold": value})
    assert config.threshold == ThresholdRule(goal, number)


@pytest.mark.parametrize(
    "value", [0, 1, 1.5, "best", True, {"filler_precision": 1.2}, {"recall": 0.9}]
)
def test_bad_threshold_rules_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="threshold must be"):
        TrainingConfig.from_dict({**BASE, "threshold": value})


def test_source_checks_must_name_training_corpora() -> None:
    config = TrainingConfig.from_dict({**BASE, "source_checks": {"corpora": ["team-fr"]}})
    assert config.source_checks == ("team-fr",)
    with pytest.raises(ValueError, match="not one of the training corpora"):
        TrainingConfig.from_dict({**BASE, "source_checks": {"corpora": ["team-en"]}})


def test_calibrate_must_be_a_boolean() -> None:
    assert TrainingConfig.from_dict({**BASE, "calibrate": True}).calibrate
    with pytest.raises(ValueError, match="calibrate"):
        TrainingConfig.from_dict({**BASE, "calibrate": "yes"})


def synthetic_scores(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scores where French is harder than English: French filler and news overlap more."""
    rng = np.random.default_rng(seed)
    n = 2000
    languages = np.array(["fr", "en"] * (n // 2))
    is_filler = rng.random(n) < 0.5
    spread = np.where(languages == "fr", 1.0, 2.5)
    decisions = np.where(is_filler, 1.0, -1.0) * spread + rng.normal(0, 1, n)
    return 1 / (1 + np.exp(-decisions)), is_filler, np.ones(n), languages


def test_precision_goal_holds_in_every_language_at_the_lowest_such_threshold() -> None:
    scores, is_filler, weights, languages = synthetic_scores()
    rule = ThresholdRule("min_precision", 0.9)
    threshold, record = choose_threshold(rule, scores, is_filler, weights, languages)

    def precision(mask: np.ndarray, t: float) -> float:
        called = mask & (scores >= t)
        return float(is_filler[called].mean())

    for lang in ("fr", "en"):
        assert precision(languages == lang, threshold) >= 0.9
    # One step lower breaks the goal somewhere: the threshold is the lowest that holds.
    lower = round(threshold - 0.01, 2)
    assert min(precision(languages == lang, lower) for lang in ("fr", "en")) < 0.9
    assert record["out_of_fold_by_language"]["fr"]["precision"] >= 0.9
    assert "every language" in record["method"]


def test_max_f1_threshold_beats_its_neighbours() -> None:
    scores, is_filler, weights, languages = synthetic_scores(1)
    threshold, record = choose_threshold(
        ThresholdRule("max_f1", None), scores, is_filler, weights, languages
    )
    assert record["out_of_fold_at_threshold"]["f1"] >= record["out_of_fold_at_0.5"]["f1"]
    assert 0.02 <= threshold <= 0.98


def test_unreachable_precision_goal_is_a_clear_error() -> None:
    rng = np.random.default_rng(2)
    scores, is_filler = rng.random(500), rng.random(500) < 0.5
    with pytest.raises(ValueError, match=r"no threshold reaches filler precision 0\.99"):
        choose_threshold(
            ThresholdRule("min_precision", 0.99),
            scores,
            is_filler,
            np.ones(500),
            np.array(["fr"] * 500),
        )


def test_calibration_recovers_a_known_sigmoid() -> None:
    rng = np.random.default_rng(3)
    decisions = rng.normal(0, 2, 40_000)
    is_filler = rng.random(40_000) < 1 / (1 + np.exp(-(0.5 * decisions - 1.0)))
    calibration = ScoreCalibration.fit(decisions, is_filler)
    assert calibration.slope == pytest.approx(0.5, abs=0.05)
    assert calibration.intercept == pytest.approx(-1.0, abs=0.05)
    before = reliability(is_filler, 1 / (1 + np.exp(-decisions)))
    after = reliability(is_filler, calibration.apply(decisions))
    assert after["ece"] < 0.02 < before["ece"]


@pytest.mark.parametrize(
    "entry",
    [
        {"method": "isotonic", "slope": 1.0, "intercept": 0.0},
        {"method": "sigmoid", "slope": "1", "intercept": 0.0},
        {"method": "sigmoid", "slope": float("nan"), "intercept": 0.0},
        {"method": "sigmoid", "slope": 1.0},
    ],
)
def test_bad_calibration_entries_are_refused(entry: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ScoreCalibration.from_dict(entry)


def test_calibrated_model_round_trips(small_model: TeaserModel, tmp_path: Path) -> None:
    teasers = [
        Teaser(headline="Ce fruit abîme vos artères"),
        Teaser(headline="Le Sénat adopte le budget"),
    ]
    calibrated = TeaserModel(small_model.pipeline, 0.4, {}, ScoreCalibration(0.5, -0.2))
    folder = save_model(calibrated, tmp_path / "calibrated")
    loaded = load_model(folder)
    assert loaded.calibration == calibrated.calibration
    scores = [s.score for s in loaded.score_teasers(teasers)]
    frame = pd.DataFrame({"headline": [t.headline for t in teasers], "snippet": ["", ""]})
    expected = calibrated.calibration.apply(calibrated.decision_function(frame))
    assert scores == pytest.approx(list(expected))
    # Calibration is monotone: the order of scores is the uncalibrated model's.
    raw = [s.score for s in small_model.score_teasers(teasers)]
    assert np.argsort(scores).tolist() == np.argsort(raw).tolist()

    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    manifest["calibration"]["slope"] = "__import__('os')"
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="bad calibration"):
        load_model(folder)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.booleans()), min_size=1, max_size=200)
)
def test_reliability_is_bounded_and_counts_every_row(rows: list[tuple[float, bool]]) -> None:
    scores = [s for s, _ in rows]
    truth = [y for _, y in rows]
    result = reliability(truth, scores)
    assert 0 <= result["ece"] <= 1 and 0 <= result["brier"] <= 1
    assert sum(point["n"] for point in result["curve"]) == len(rows)
    assert all(0 <= point["filler_rate"] <= 1 for point in result["curve"])


@pytest.mark.parametrize(
    ("model", "calibration", "opening"),
    [
        ({}, None, "Logistic regression over TF-IDF (words and characters, headline and "),
        (
            {"classifier": "complement_nb", "style": False},
            None,
            "Complement naive Bayes over TF-IDF (words and characters, headline and snippet).",
        ),
        ({"word_ngrams": [], "char_ngrams": []}, {"slope": 1}, "Logistic regression over style"),
    ],
)
def test_model_card_says_what_the_model_is(
    model: dict[str, Any], calibration: dict[str, Any] | None, opening: str
) -> None:
    from clickbait.card import render_markdown

    manifest = {"card": {"config": {"model": model}}, "calibration": calibration}
    summary = render_markdown(manifest).splitlines()[2]
    assert summary.startswith(opening)
    assert summary.endswith(", calibrated." if calibration else "rather than news.")
