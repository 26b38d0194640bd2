"""The corpus written by the team (``data/<lang>/teasers.tsv``)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pandas as pd

from clickbait.datasets.paths import DATA_DIR, _frame

if TYPE_CHECKING:
    from pathlib import Path


def team_corpus_path(lang: str) -> Path:
    """Path of the team-written teaser corpus for a language (``data/<lang>/teasers.tsv``)."""
    return DATA_DIR / lang / "teasers.tsv"


def load_team(lang: str) -> pd.DataFrame:
    """The team-written corpus of one language, with its fixed train/test split."""
    path = team_corpus_path(lang)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: the team corpus for {lang!r} is missing")
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    expected = {"id", "label", "category", "split", "headline", "snippet"}
    if set(frame.columns) != expected:
        raise ValueError(f"{path}: columns {sorted(frame.columns)}, expected {sorted(expected)}")
    return _frame(frame.drop(columns="id").to_dict("records"), lang=lang, corpus=f"team-{lang}")
