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


# Runs the CLI in a fresh interpreter, then prints which heavy libraries it imported.
_HEAVY_IMPORTS_PROGRAM = (
    "import sys\n"
    "from clickbait.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as end:\n"
    "    assert not end.code, end.code\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'sklearn'}))\n"
)


def run_cli_listing_heavy_imports(args: list[str]) -> list[str]:
    """stdout lines of ``clickbait ARGS`` run in a fresh interpreter (a failing command
    fails the call); the last line lists pandas and scikit-learn if the run imported them."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _HEAVY_IMPORTS_PROGRAM, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()
