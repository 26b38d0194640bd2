"""Where data lives: the project's ``data/`` folder and the shared folder of third-party
corpora, and the columns every corpus loader returns."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

COLUMNS = ["headline", "snippet", "label", "lang", "corpus", "category", "split"]


LABELS = ("news", "filler")


PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


DATA_DIR = PROJECT_ROOT / "data"


class SharedDataMissing(FileNotFoundError):
    """A third-party corpus is not where the project expects ../shared."""


def shared_dir() -> Path:
    """The folder of third-party material: ``$CLICKBAIT_SHARED``, else ``../shared``."""
    configured = os.environ.get("CLICKBAIT_SHARED")
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside the shared folder; raises :class:`SharedDataMissing` if absent."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        raise SharedDataMissing(
            f"{path} not found: third-party corpora are read from ../shared "
            "(or the folder named by $CLICKBAIT_SHARED)"
        )
    return path


def _frame(rows: list[dict[str, object]], **constants: object) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for key, value in constants.items():
        frame[key] = value
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[COLUMNS].fillna("")
    return frame.astype(str)
