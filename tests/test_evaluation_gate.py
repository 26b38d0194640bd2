"""Evaluation gate: the shipped model, and a model retrained from its config, must meet
the pinned floors on held-out data whose checksums are pinned too.

A change of data fails here loudly (re-pin on purpose, with the new figures in the
model card); so does a model that falls below a floor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clickbait.config import TrainingConfig
from clickbait.heldout import evaluate_held_out, seed_page_check, training_data
from clickbait.metrics import reliability
from clickbait.model import TeaserModel
from clickbait.persist import default_model_dir, load_model, read_manifest
from clickbait.real_pages import real_page_figures
from clickbait.training import fit

GATE = json.loads((Path(__file__).parent / "evaluation_gate.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def config() -> TrainingConfig:
    return TrainingConfig.from_file(default_model_dir() / "train.toml")


@pytest.fixture(scope="module")
def data(config: TrainingConfig) -> tuple[Any, dict[str, Any], dict[str, dict[str, str]]]:
    return training_data(config)


def below_floors(name: str, measured: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Each figure below its floor, or above its ceiling (a ``max_`` key)."""
    failures = []
    for key, floor in floors.items():
        if key.startswith("max_"):
            value = measured[key.removeprefix("max_")]
            if value > floor:
                failures.append(f"{name} {key[4:]} {value} > {floor}")
        elif measured[key] < floor:
            failures.append(f"{name} {key} {measured[key]} < {floor}")
    return failures


def check_floors(model: TeaserModel, held_out: dict[str, Any]) -> list[str]:
    metrics = evaluate_held_out(model, {name: held_out[name] for name in GATE["floors"]})
    return [
        failure
        for name, floors in GATE["floors"].items()
        for failure in below_floors(name, metrics[name]["all"], floors)
    ]


def check_real_page_floors(model: TeaserModel, held_out: dict[str, Any]) -> list[str]:
    """Floors per language on the held-out sites of the real page corpora."""
    figures = real_page_figures(model, held_out)["by_language"]
    return [
        failure
        for lang, floors in GATE["real_pages"]["floors"].items()
        for failure in below_floors(f"real pages {lang}", figures[lang], floors)
    ]


def test_held_out_data_is_the_pinned_data(data: tuple[Any, Any, dict[str, dict[str, str]]]) -> None:
    _, _, checksums = data
    changed = {
        f"{corpus}/{name}"
        for corpus, files in GATE["data_sha256"].items()
        for name, digest in files.items()
        if checksums.get(corpus, {}).get(name) != digest
    }
    assert not changed, f"evaluation data changed, re-pin deliberately: {sorted(changed)}"


def test_shipped_model_meets_the_floors(data: tuple[Any, dict[str, Any], Any]) -> None:
    _, held_out, _ = data
    assert check_floors(load_model(), held_out) == []


def test_shipped_model_meets_the_real_page_floors(data: tuple[Any, dict[str, Any], Any]) -> None:
    _, held_out, _ = data
    assert check_real_page_floors(load_model(), held_out) == []


def test_model_card_real_page_figures_match_a_fresh_evaluation(
    data: tuple[Any, dict[str, Any], Any],
) -> None:
    _, held_out, _ = data
    card = read_manifest(default_model_dir())["card"]["real_pages"]["by_language"]
    fresh = real_page_figures(load_model(), held_out)["by_language"]
    for lang in GATE["real_pages"]["floors"]:
        for key in ("n", "f1", "news_flagged", "f1_interval"):
            assert fresh[lang][key] == card[lang][key], (lang, key)


def test_model_card_matches_a_fresh_evaluation(data: tuple[Any, dict[str, Any], Any]) -> None:
    _, held_out, _ = data
    card = read_manifest(default_model_dir())["card"]
    fresh = evaluate_held_out(load_model(), held_out)
    for name in GATE["floors"]:
        assert fresh[name]["all"]["f1"] == card["metrics"][name]["all"]["f1"]
        assert fresh[name]["all"]["filler_share"] == card["metrics"][name]["all"]["filler_share"]


def test_shipped_model_scores_are_calibrated(data: tuple[Any, dict[str, Any], Any]) -> None:
    import pandas as pd

    _, held_out, _ = data
    pinned = GATE["calibration"]
    frame = pd.concat([held_out[name] for name in pinned["sets"]], ignore_index=True)
    measured = reliability(frame["label"] == "filler", load_model().filler_probability(frame))
    assert measured["ece"] <= pinned["max_ece"], measured


def test_seed_page_with_the_shipped_model() -> None:
    check = seed_page_check(load_model())
    assert check is not None
    assert check["found"] == check["expected"] == 12 and check["in_order"]
    assert check["correct"] >= GATE["seed_page_correct"]


@pytest.mark.slow
def test_retrained_model_meets_the_floors(
    config: TrainingConfig, data: tuple[Any, dict[str, Any], Any]
) -> None:
    train_frame, held_out, _ = data
    retrained = fit(config, train_frame)
    assert check_floors(retrained, held_out) == []
    assert check_real_page_floors(retrained, held_out) == []
