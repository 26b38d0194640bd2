"""Training: threshold choice on the scores a model serves, calibration, reliability."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.config import OUT_OF_FOLD_FOLDS, ThresholdRule, TrainingConfig
from clickbait.heldout import training_data
from clickbait.metrics import reliability
from clickbait.model import ScoreCalibration, TeaserModel
from clickbait.persist import MANIFEST_FILE, ModelError, load_model, save_model
from clickbait.pipeline import build_pipeline
from clickbait.teasers import Teaser
from clickbait.training import choose_threshold, language_balanced_weights, out_of_fold


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


def test_news_ceiling_holds_in_every_language_at_the_lowest_such_threshold() -> None:
    scores, is_filler, weights, languages = synthetic_scores(3)
    rule = ThresholdRule("max_news_flagged", 0.03)
    threshold, record = choose_threshold(rule, scores, is_filler, weights, languages)

    def news_flagged(lang: str, t: float) -> float:
        news = (languages == lang) & ~is_filler
        return float((scores[news] >= t).mean())

    assert max(news_flagged(lang, threshold) for lang in ("fr", "en")) <= 0.03
    lower = round(threshold - 0.01, 2)
    assert max(news_flagged(lang, lower) for lang in ("fr", "en")) > 0.03
    # French overlaps more: it is the language that sets the threshold.
    assert news_flagged("fr", lower) > 0.03
    assert record["out_of_fold_by_language"]["fr"]["news_flagged"] <= 0.03


def test_threshold_goal_counts_only_the_named_corpora() -> None:
    scores, is_filler, weights, languages = synthetic_scores(4)
    # Languages alternate row by row; corpora alternate by pairs, so each holds both.
    corpora = np.where(np.arange(len(scores)) // 2 % 2 == 0, "real-teasers", "team-fr")
    # The team rows are made easy: all their news scores 0. Only real rows then decide.
    scores = np.where((corpora == "team-fr") & ~is_filler, 0.0, scores)
    everything = ThresholdRule("max_news_flagged", 0.05)
    real_only = ThresholdRule("max_news_flagged", 0.05, ("real-teasers",))
    low, _ = choose_threshold(everything, scores, is_filler, weights, languages, corpora)
    high, record = choose_threshold(real_only, scores, is_filler, weights, languages, corpora)
    assert high > low
    assert "real-teasers" in record["method"]
    with pytest.raises(ValueError, match="pass each row's corpus"):
        choose_threshold(real_only, scores, is_filler, weights, languages)


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
    expected = calibrated.calibration.apply(calibrated.filler_decision(frame))
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
        (
            {"word_vectors": "/data/vectors/fr.npz"},
            None,
            "Logistic regression over TF-IDF (words and characters, headline and snippet), "
            "mean word vectors of headline and snippet (fr.npz) and style features.",
        ),
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


def small_config(classifier: str, calibrate: bool) -> TrainingConfig:
    model = {"char_ngrams": [], "classifier": classifier, "style": classifier != "complement_nb"}
    return TrainingConfig.from_dict(
        {
            "seed": 5,
            "threshold": "max_f1",
            "calibrate": calibrate,
            "model": model,
            "corpora": {"team-en": {}},
        }
    )


def served_out_of_fold(config: TrainingConfig, frame: pd.DataFrame) -> tuple[Any, Any]:
    """(decision values, scores) that a TeaserModel fitted without each row's fold
    serves for that row: the out-of-fold predictions computed the long way."""
    from sklearn.model_selection import StratifiedKFold

    weights = language_balanced_weights(frame, {u.name: u.weight for u in config.corpora})
    decisions, scores = np.empty(len(frame)), np.empty(len(frame))
    folds = StratifiedKFold(OUT_OF_FOLD_FOLDS, shuffle=True, random_state=config.seed)
    for train, test in folds.split(frame, frame["label"]):
        rows = frame.iloc[train]
        pipeline = build_pipeline(config.params).fit(
            rows[["headline", "snippet"]], rows["label"], classifier__sample_weight=weights[train]
        )
        model = TeaserModel(pipeline)
        decisions[test] = model.filler_decision(frame.iloc[test])
        scores[test] = model.filler_probability(frame.iloc[test])
    return decisions, scores


@pytest.fixture(scope="module")
def team_en_rows() -> pd.DataFrame:
    frame, _, _ = training_data(small_config("logistic", False))
    return frame


@pytest.mark.parametrize("calibrate", [False, True], ids=["uncalibrated", "calibrated"])
@pytest.mark.parametrize("classifier", ["logistic", "sgd_modified_huber", "complement_nb"])
def test_threshold_is_chosen_on_the_scores_the_model_serves(
    team_en_rows: pd.DataFrame, monkeypatch: pytest.MonkeyPatch, classifier: str, calibrate: bool
) -> None:
    import clickbait.training

    config = small_config(classifier, calibrate)
    chosen_on: list[np.ndarray] = []

    def spy(rule: ThresholdRule, scores: np.ndarray, *rest: Any) -> Any:
        chosen_on.append(scores)
        return choose_threshold(rule, scores, *rest)

    monkeypatch.setattr(clickbait.training, "choose_threshold", spy)
    model = clickbait.training.fit(config, team_en_rows)
    decisions, scores = served_out_of_fold(config, team_en_rows)
    if calibrate:
        assert model.calibration is not None
        scores = model.calibration.apply(decisions)
    # The scale matters, not the float rounding of the array scorer (about 1e-7).
    assert chosen_on[0] == pytest.approx(scores, abs=1e-6)


def test_out_of_fold_predictions_come_from_every_fold(team_en_rows: pd.DataFrame) -> None:
    config = small_config("sgd_modified_huber", False)
    predicted = out_of_fold(config, team_en_rows)
    decisions, scores = served_out_of_fold(config, team_en_rows)
    assert predicted.decisions == pytest.approx(decisions, abs=1e-6)
    assert predicted.scores == pytest.approx(scores, abs=1e-6)
    assert set(predicted.folds) == set(range(OUT_OF_FOLD_FOLDS))
    # Modified Huber's own probability saturates at 0 and 1 where a sigmoid never does.
    assert ((predicted.scores == 0) | (predicted.scores == 1)).any()


def test_calibration_is_fitted_on_the_named_corpora_only(team_en_rows: pd.DataFrame) -> None:
    import clickbait.training

    # Two corpora of the same rows; the second's labels are flipped, so a sigmoid fitted
    # on it alone turns the other way: its slope is negative.
    flipped = team_en_rows.assign(
        corpus="team-fr", label=team_en_rows["label"].map({"filler": "news", "news": "filler"})
    )
    frame = pd.concat([team_en_rows, flipped], ignore_index=True)
    raw = {
        "seed": 5,
        "calibrate": True,
        "model": {"char_ngrams": []},
        "corpora": {"team-en": {}, "team-fr": {}},
    }
    on_all = clickbait.training.fit(TrainingConfig.from_dict(raw), frame)
    on_team_en = clickbait.training.fit(
        TrainingConfig.from_dict({**raw, "calibrate_on": ["team-en"]}), frame
    )
    assert on_team_en.calibration is not None and on_all.calibration is not None
    assert on_team_en.calibration != on_all.calibration
    assert "team-en" in on_team_en.card["calibration"]["fitted_on"]
    rows = sum(b["n"] for b in on_team_en.card["calibration"]["out_of_fold_after"]["curve"])
    assert rows == len(team_en_rows)
