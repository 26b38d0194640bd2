from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from clickbait.config import TrainingConfig
from clickbait.datasets import load_team
from clickbait.evaluate import error_shares, worst_errors
from clickbait.heldout import evaluate_held_out, model_config, report_groups
from clickbait.model import TeaserModel
from clickbait.persist import default_model_dir


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
    scores = model.filler_probability(held_out)
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


def test_evaluate_does_not_import_training(tmp_path: Path) -> None:
    """``clickbait evaluate`` reads held-out sets without the fitting code."""
    program = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from clickbait.cli import main\n"
        "result = CliRunner().invoke(main, ['evaluate', '--format', 'table'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in sys.modules if m.startswith('clickbait.')))\n"
    )
    env = {**os.environ, "CLICKBAIT_SHARED": str(tmp_path)}
    env.pop("CLICKBAIT_MODEL", None)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert "'clickbait.heldout'" in done.stdout
    assert "'clickbait.training'" not in done.stdout


def with_card(model: TeaserModel, card: dict[str, Any]) -> TeaserModel:
    twin = model.with_threshold(model.threshold)
    twin.card = card
    return twin


@pytest.mark.parametrize(
    ("card", "seed", "says"),
    [
        ({"config": {"seed": 3, "corpora": {"team-en": {}}}}, 3, "model's own training config"),
        ({}, None, "the model's card names no training config of its own"),
        (
            {"config": {"corpora": {"team-en": {"wieght": 2}}}},
            None,
            "cannot be used (the model card: corpora.team-en.wieght: unknown key",
        ),
    ],
)
def test_model_config_is_the_card_s_or_says_why_not(
    small_model: TeaserModel, card: dict[str, Any], seed: int | None, says: str
) -> None:
    config, splits = model_config(with_card(small_model, card))
    shipped = TrainingConfig.from_file(default_model_dir() / "train.toml")
    assert config.seed == (shipped.seed if seed is None else seed)
    assert says in splits


def test_bundled_corpora_are_broken_down_by_category(
    small_model: TeaserModel, held_out: pd.DataFrame
) -> None:
    team_en = held_out[held_out["corpus"] == "team-en"]
    metrics = evaluate_held_out(small_model, {"team-en": team_en, "mine": team_en})
    assert set(metrics["team-en"]) == {"all", *team_en["category"].unique()}
    assert set(metrics["mine"]) == {"all"}
    # In reports too; other sets only when they have between 2 and 40 categories.
    assert set(report_groups("team-en", team_en.assign(category="one"))) == {"one"}
    assert report_groups("mine", team_en.assign(category="one")) == {}
