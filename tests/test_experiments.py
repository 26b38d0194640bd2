from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clickbait.config import TrainingConfig
from clickbait.datasets import CORPORA, SharedDataMissing, load_team, subsample
from clickbait.experiments import (
    RESULT_COLUMNS,
    Splits,
    Variant,
    ablation_variants,
    headline_figures,
    load_splits,
    run_variants,
    shipped_config,
)
from clickbait.pipeline import PipelineParams

SMALL = PipelineParams(char_ngrams=(2, 4), max_char_features=5_000, C=4.0)


@pytest.fixture
def no_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shared folder with no corpora in it."""
    monkeypatch.setenv("CLICKBAIT_SHARED", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def team_splits() -> Splits:
    config = TrainingConfig.from_dict({"corpora": {"team-fr": {}, "team-en": {"weight": 2.0}}})
    return load_splits(config, sample=80)


@given(
    n_filler=st.integers(0, 60),
    n_news=st.integers(0, 60),
    n=st.one_of(st.none(), st.integers(1, 130)),
)
def test_subsample_caps_rows_and_keeps_both_classes(
    n_filler: int, n_news: int, n: int | None
) -> None:
    frame = pd.DataFrame({"label": ["filler"] * n_filler + ["news"] * n_news})
    sampled = subsample(frame, n, seed=3)
    if n is None or len(frame) <= n:
        assert sampled.equals(frame)
        return
    # Rounding per class can add at most one row per class.
    assert len(sampled) <= n + 2
    assert set(sampled["label"]) == set(frame["label"])
    assert sampled.index.is_unique and sampled.index.isin(frame.index).all()
    assert sampled.equals(subsample(frame, n, seed=3))


def test_splits_are_capped_per_corpus_and_keep_held_out_rows_apart(team_splits: Splits) -> None:
    train = team_splits.train
    assert set(train["corpus"]) == {"team-fr", "team-en"}
    assert (train.groupby("corpus").size() <= 81).all()
    assert set(train["split"]) == {"train"}
    for name, held_out in team_splits.held_out.items():
        assert len(held_out) <= 81 and set(held_out["split"]) == {"test"}
        assert set(held_out["label"]) == {"filler", "news"}
        assert not set(held_out["headline"]) & set(train[train["corpus"] == name]["headline"])
    assert team_splits.weights == {"team-fr": 1.0, "team-en": 2.0}
    assert team_splits.missing == {}


def test_splits_without_shared_keep_the_team_corpora(no_shared: Path) -> None:
    splits = load_splits(shipped_config(), sample=30)
    config = shipped_config()
    expected_missing = {u.name for u in config.corpora if not CORPORA[u.name].bundled}
    assert set(splits.missing) == expected_missing | set(config.evaluation)
    assert all(str(no_shared) in reason for reason in splits.missing.values())
    assert set(splits.train["corpus"]) == {"team-fr", "team-en"}
    assert set(splits.held_out) == {"team-fr", "team-en"}


def test_splits_need_one_readable_training_corpus(no_shared: Path) -> None:
    config = TrainingConfig.from_dict({"corpora": {"stop-clickbait": {"holdout": 0.2}}})
    with pytest.raises(SharedDataMissing, match="none of the training corpora"):
        load_splits(config)


def test_each_variant_changes_one_thing_and_base_is_in_every_group() -> None:
    base = shipped_config().params
    variants = ablation_variants(base, Cs=(1, 4))
    groups = {v.group for v in variants}
    assert groups == {"features", "n-grams", "C", "classifier"}
    for group in groups:
        assert base in [v.params for v in variants if v.group == group]
    names = [f.name for f in fields(PipelineParams)]
    changed = {
        v.name: {n for n in names if getattr(v.params, n) != getattr(base, n)} for v in variants
    }
    assert changed == {
        "TF-IDF + vectors + style": set(),
        "without word vectors": {"word_vectors"},
        "TF-IDF only": {"style", "word_vectors"},
        "style only": {"word_ngrams", "char_ngrams", "word_vectors", "style_weight"},
        "words + chars": set(),
        "words only": {"char_ngrams"},
        "chars only": {"word_ngrams"},
        "C=1": {"C"},
        "C=4": set(),
        "logistic regression": set(),
        "SGD modified Huber": {"classifier"},
        "complement NB (TF-IDF only)": {"style", "word_vectors", "classifier"},
    }
    assert [v.params.C for v in variants if v.group == "C"] == [1.0, 4.0]


def test_run_variants_gives_tidy_rows_and_fits_duplicates_once(team_splits: Splits) -> None:
    variants = [
        Variant("a", "base", SMALL),
        Variant("a", "no style", replace(SMALL, style=False)),
        Variant("b", "base again", SMALL),
        Variant("b", "naive Bayes", replace(SMALL, style=False, classifier="complement_nb")),
    ]
    logged: list[str] = []
    results = run_variants(variants, team_splits, progress=logged.append)
    assert list(results.columns) == RESULT_COLUMNS
    assert len(logged) == 3  # "base again" is not fitted a second time
    # Per variant: two corpora and two languages.
    assert results.groupby("variant").size().to_dict() == {
        "base": 4,
        "base again": 4,
        "naive Bayes": 4,
        "no style": 4,
    }
    again = results[results["variant"] == "base again"]
    assert set(again["fitted_as"]) == {"base"}
    first = results[results["variant"] == "base"]
    assert again["f1"].tolist() == first["f1"].tolist()
    corpora = results[results["kind"] == "corpus"]
    assert set(corpora["set"]) == {"team-fr", "team-en"}
    assert corpora["f1"].between(0.5, 1).all() and corpora["roc_auc"].between(0.5, 1).all()
    languages = results[results["kind"] == "language"]
    assert set(languages["set"]) == {"fr", "en"}
    # Each language holds exactly its corpus here, so the figures agree.
    fr = results[(results["variant"] == "base") & results["set"].isin(["fr", "team-fr"])]
    assert fr["f1"].nunique() == 1


def test_news_only_and_filler_only_sets_get_their_own_figure(team_splits: Splits) -> None:
    held = team_splits.held_out["team-fr"]
    splits = replace(
        team_splits,
        held_out={
            "team-fr": held,
            "orangesum-fr": held[held["label"] == "news"].assign(corpus="orangesum-fr"),
            "native-ads-en": held[held["label"] == "filler"].assign(corpus="native-ads-en"),
        },
    )
    results = run_variants([Variant("g", "v", SMALL)], splits)
    news_only = results[results["set"] == "orangesum-fr"].iloc[0]
    assert np.isnan(news_only["f1"]) and np.isnan(news_only["roc_auc"])
    # Evaluation-only corpora never count toward a language's figures.
    assert not results[results["set"] == "native-ads-en"]["trainable"].iloc[0]
    assert "en" not in set(results[results["kind"] == "language"]["set"])
    figures = headline_figures(results)
    assert list(figures.columns) == [
        "team-fr F1",
        "orangesum-fr false alarms",
        "native-ads-en recall",
    ]
    row = figures.loc[("g", "v")]
    assert row["orangesum-fr false alarms"] == news_only["filler_share"]


def test_headline_figures_distinct_lists_each_model_once(team_splits: Splits) -> None:
    variants = [Variant("a", "base", SMALL), Variant("b", "same", SMALL)]
    results = run_variants(variants, team_splits)
    assert list(headline_figures(results).index) == [("a", "base"), ("b", "same")]
    distinct = headline_figures(results, kind="language", distinct=True)
    assert list(distinct.index) == ["base"]
    assert list(distinct.columns) == ["en F1", "fr F1"]


def test_team_only_shipped_splits_match_the_corpus_split() -> None:
    splits = load_splits(
        TrainingConfig.from_dict({"corpora": {"team-en": {}}}), progress=lambda _: None
    )
    team = load_team("en")
    assert len(splits.train) == (team["split"] == "train").sum()
    assert len(splits.held_out["team-en"]) == (team["split"] == "test").sum()
