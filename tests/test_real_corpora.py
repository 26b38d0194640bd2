"""The real corpora: hand labels in data/labels joined to text that stays in ../shared."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from clickbait.datasets import CORPORA, DATA_DIR, SharedDataMissing
from clickbait.datasets.real import hash_split, site_splits, text_id

LABELS_DIR = DATA_DIR / "labels"
REAL = ["real-teasers", "real2-teasers", "stop-clickbait-read", "orangesum-read", "outbrain-read"]
KINDS = {
    "filler": {
        "curiosity-gap", "reader-address", "lifestyle", "health-scare", "recipe", "quiz",
        "celebrity", "listicle", "sponsored-ad", "other",
    },
    "news": {"hard", "soft-concrete", "sport", "explainer", "opinion", "service"},
}  # fmt: skip


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("path", sorted(LABELS_DIR.rglob("*.tsv")), ids=lambda p: p.name)
def test_label_files_hold_labels_and_keys_only(path: Path) -> None:
    rows = _read(path)
    assert rows, path
    columns = set(rows[0])
    # Third-party text stays in ../shared: no text column, and no long cell.
    assert not columns & {"headline", "snippet", "title", "text"}
    assert max(len(value) for row in rows for value in row.values()) < 200
    if "label" in columns:
        for row in rows:
            assert row["label"] in {"news", "filler", "unsure"}, row
            allowed = KINDS.get(row["label"], {""})
            assert row["kind"] in allowed, row


def test_text_ids_and_hash_splits_are_stable() -> None:
    assert text_id("  Hello world \n") == text_id("Hello world")
    assert text_id("Hello world") != text_id("hello world")
    shares = pd.Series([hash_split(f"item-{i}") for i in range(3000)]).value_counts(normalize=True)
    assert 0.30 < shares["test"] < 0.37


def test_site_splits_name_each_site_once() -> None:
    rows = _read(LABELS_DIR / "site-splits.tsv")
    assert len({r["site"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert not any(r["site"].startswith("www.") for r in rows)


@pytest.mark.shared
@pytest.mark.parametrize("name", REAL)
def test_real_corpora_load_news_and_filler_with_their_site(name: str) -> None:
    try:
        frame = CORPORA[name].load()
    except SharedDataMissing as missing:
        pytest.skip(str(missing))
    assert set(frame["label"]) == {"news", "filler"}
    assert (frame["headline"].str.strip() != "").all()
    assert (frame["site"] != "").all()
    assert set(frame["split"]) <= {"train", "test"}
    assert frame["split"].eq("test").any()


@pytest.mark.shared
@pytest.mark.parametrize("name", ["real-teasers", "real2-teasers"])
def test_page_corpora_keep_each_site_on_one_side(name: str) -> None:
    try:
        frame = CORPORA[name].load()
    except SharedDataMissing as missing:
        pytest.skip(str(missing))
    splits = site_splits()
    sides = frame.groupby("site")["split"].nunique()
    assert (sides == 1).all()
    expected = frame["site"].map(splits).map({"dev": "train", "test": "test"})
    assert (frame["split"] == expected).all()


@pytest.mark.shared
def test_readings_cover_every_labelled_row() -> None:
    try:
        read = CORPORA["stop-clickbait-read"].load()
    except SharedDataMissing as missing:
        pytest.skip(str(missing))
    labelled = [r for r in _read(LABELS_DIR / "stop-clickbait.tsv") if r["label"] != "unsure"]
    assert len(read) == len(labelled)
