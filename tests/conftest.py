"""Shared fixtures: a small fitted model for the session, and the ../shared skip rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from clickbait.datasets import load_team, shared_dir
from clickbait.model import TeaserModel
from clickbait.pipeline import PipelineParams, build_pipeline

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_REASON = (
    "needs the third-party corpora and pages in ../shared (or $CLICKBAIT_SHARED); "
    "they are not part of the repository"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if (shared_dir() / "datasets").is_dir():
        return
    skip = pytest.mark.skip(reason=SHARED_REASON)
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def small_model() -> TeaserModel:
    """A model fitted on the training part of the team corpora: seconds, not minutes."""
    import pandas as pd

    frame = pd.concat([load_team("fr"), load_team("en")], ignore_index=True)
    train = frame[frame["split"] == "train"]
    pipeline = build_pipeline(PipelineParams(char_ngrams=(2, 4), max_char_features=20_000))
    pipeline.fit(train[["headline", "snippet"]], train["label"])
    return TeaserModel(pipeline, 0.5, {"name": "test-model"})


@pytest.fixture(scope="session")
def small_model_dir(small_model: TeaserModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from clickbait.persist import save_model

    return save_model(small_model, tmp_path_factory.mktemp("model") / "small")
