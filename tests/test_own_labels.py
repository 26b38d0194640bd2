"""A user's own labelled files: held out by site, described in the model card, and
what labels taken in one order or another bring (clickbait.labelling.gain)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clickbait.card import render_markdown
from clickbait.config import FileUse
from clickbait.heldout import file_sites, split_file
from clickbait.labelling.gain import NewSite, labelling_gain, page_order_starts
from clickbait.pipeline import PipelineParams


def labelled(sites: list[str], per_site: int = 6) -> pd.DataFrame:
    rows = []
    for site in sites:
        for i in range(per_site):
            label = "filler" if i % 2 else "news"
            rows.append({"headline": f"{site} titre {i}", "label": label, "site": site})
    return pd.DataFrame(rows).assign(snippet="")


def test_sites_come_from_the_site_column_then_the_link_host() -> None:
    frame = pd.DataFrame(
        {
            "headline": ["a", "b", "c"],
            "site": ["lemonde.fr", "", None],
            "url": ["https://x.example/1", "https://www.y.example/2", "/relative"],
        }
    )
    assert file_sites(frame).tolist() == ["lemonde.fr", "y.example", ""]


@pytest.mark.parametrize("sites", [5, 8, 12])
def test_whole_sites_are_held_out_never_split(sites: int) -> None:
    frame = labelled([f"site{i}.example" for i in range(sites)])
    train, held_out, record = split_file(frame, FileUse(path=Path("x.tsv"), lang="fr"), seed=3)
    assert record["split"] == "by site"
    assert set(train["site"]).isdisjoint(held_out["site"])
    assert set(held_out["site"]) == set(record["held_out_sites"])
    assert len(train) + len(held_out) == len(frame)
    assert len(held_out) >= 0.2 * len(frame)
    assert train["label"].nunique() == 2


def test_one_site_falls_back_to_a_stratified_row_split_and_says_why() -> None:
    frame = labelled(["only.example"], per_site=20)
    _train, held_out, record = split_file(frame, FileUse(path=Path("x.tsv"), lang="fr"), seed=3)
    assert record["split"] == "by row (stratified)"
    assert record["why"] == "the rows name one site"
    assert len(held_out) == 4 and set(held_out["label"]) == {"filler", "news"}


def test_holdout_zero_trains_on_every_row() -> None:
    frame = labelled(["a.example", "b.example"])
    train, held_out, record = split_file(
        frame, FileUse(path=Path("x.tsv"), lang="fr", holdout=0.0), seed=3
    )
    assert len(train) == len(frame) and held_out.empty and record["split"] == "none"


def test_the_card_has_a_section_on_the_users_own_labels() -> None:
    card = {
        "own_labels": {
            "file:labels.tsv": {
                "rows": 120,
                "sites": 6,
                "split": "by site",
                "held_out_sites": ["a.example", "b.example"],
                "trained": {"filler": 40, "news": 50},
                "held_out": {"filler": 12, "news": 18},
                "metrics": {
                    "n_filler": 12,
                    "f1": 0.8,
                    "precision": 0.9,
                    "recall": 0.72,
                    "confusion": {"fp": 1, "tn": 17, "fn": 3, "tp": 9},
                },
                "f1_interval": [0.61, 0.93],
                "news_flagged": 1 / 18,
            }
        }
    }
    text = render_markdown({"card": card})
    assert "## Your own labels" in text
    row = next(line for line in text.splitlines() if line.startswith("| file:labels.tsv"))
    assert row.endswith("| 0.900 | 0.720 | 0.056 |")  # precision, recall, news called filler
    assert (
        "| file:labels.tsv | 40 / 50 | 12 / 18 | by site (2 of 6 sites) | 0.800 [0.610, 0.930]"
        in (text)
    )


def test_page_order_starts_spread_over_the_pool() -> None:
    assert page_order_starts(1000, 200, 5) == [0, 200, 400, 600, 800]
    assert page_order_starts(150, 200, 5) == [0]


def test_labelling_gain_replays_both_orders_without_the_sites_corpora() -> None:
    words = ["vous", "incroyable", "secret", "astuce", "ministre", "vote", "budget", "loi"]
    rows = []
    for i in range(240):
        filler = i % 4 == 0
        word = words[i % 4] if filler else words[4 + i % 4]
        rows.append({"headline": f"{word} numéro {i}", "label": "filler" if filler else "news"})
    frame = pd.DataFrame(rows).assign(
        snippet="Un texte court", lang="fr", page=[f"p{i // 10}" for i in range(240)]
    )
    train = frame.iloc[:120].assign(corpus="base")
    site = NewSite(
        "new.example",
        pool=frame.iloc[120:200].assign(corpus="site"),
        held_out=frame.iloc[200:].assign(corpus="site"),
        corpora=("site",),
    )
    train = pd.concat([train, site.pool], ignore_index=True)  # the site's own corpus trains too
    params = PipelineParams(word_ngrams=(1, 1), char_ngrams=None, style=False, min_df=1)
    result = labelling_gain(
        site, train, {"base": 1.0, "site": 1.0}, params, budget=20, page_starts=3
    )
    assert result["base_rows"] == 120  # the site's corpus never trains the base model
    assert list(result["orders"]) == [
        "uncertainty",
        "page order from row 0",
        "page order from row 30",
        "page order from row 60",
    ]
    assert all(o["n"] == 40 for o in result["orders"].values())
    assert set(result["uncertainty_minus_page"]) == set(result["orders"]) - {"uncertainty"}
    assert result["bootstrap_group"] == "page"
