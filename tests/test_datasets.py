from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clickbait.datasets import (
    CORPORA,
    DATA_DIR,
    SharedDataMissing,
    corpus_table,
    load_corpora,
    text_lengths,
)
from clickbait.features import style_frame
from clickbait.style import STYLE_FEATURES


def test_load_corpora_names_what_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLICKBAIT_SHARED", str(tmp_path))
    frames, missing = load_corpora()
    assert set(frames) == {name for name, corpus in CORPORA.items() if corpus.bundled}
    assert set(missing) == set(CORPORA) - set(frames)
    assert all("not found" in reason for reason in missing.values())


def test_bundled_corpora_are_the_ones_read_from_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLICKBAIT_SHARED", str(tmp_path))
    assert {name for name, corpus in CORPORA.items() if corpus.bundled} == {"team-fr", "team-en"}
    for corpus in CORPORA.values():
        if corpus.bundled:
            assert all(path.is_relative_to(DATA_DIR) for path in corpus.paths())
            assert list(corpus.checksums()) == [f"{corpus.lang}/teasers.tsv"]
        else:
            with pytest.raises(SharedDataMissing, match=str(tmp_path)):
                corpus.paths()


def test_corpus_table_counts_and_uses() -> None:
    frames, _ = load_corpora(["team-en"])
    frame = frames["team-en"]
    (row,) = corpus_table(frames).to_dict("records")
    assert (row["rows"], row["filler"] + row["news"]) == (len(frame), len(frame))
    assert row["with snippet"] == (frame["snippet"] != "").sum()
    counts = frame["split"].value_counts()
    assert row["splits"] == f"train {counts['train']}, test {counts['test']}"
    assert row["use"] == "train + evaluate" and row["lang"] == "en"


def test_lengths_are_of_the_normalised_text() -> None:
    frame = pd.DataFrame({"headline": ["  Deux   mots…  ", ""], "snippet": ["a\u00adb", "x"]})
    lengths = text_lengths(frame)
    assert lengths["headline_chars"].tolist() == [12, 0]
    assert lengths["headline_words"].tolist() == [2, 0]
    assert lengths["snippet_chars"].tolist() == [2, 1]


def test_style_frame_names_every_feature_and_keeps_the_index() -> None:
    frame = pd.DataFrame(
        {"headline": ["Vous ne devinerez jamais ce légume", "Le Sénat vote le budget"]},
        index=[10, 20],
    )
    styles = style_frame(frame)
    assert list(styles.columns) == list(STYLE_FEATURES)
    assert list(styles.index) == [10, 20]
    assert styles.loc[10, "second_person_headline"] == 1
    assert styles.loc[20, "second_person_headline"] == 0
    assert styles["snippet_empty"].tolist() == [1, 1]


def test_widget_snippets_follow_the_team_corpus_mix() -> None:
    from clickbait.datasets import widget_snippet

    standfirst = (
        "Le conseil municipal a voté mardi soir un budget de 12 millions d'euros pour la "
        "rénovation des écoles. Les travaux commenceront en septembre."
    )
    snippets = [widget_snippet(standfirst, f"row-{k}") for k in range(3000)]
    empty = sum(s == "" for s in snippets) / len(snippets)
    cut = sum(s.endswith("...") for s in snippets) / len(snippets)
    assert 0.08 < empty < 0.12
    assert 0.72 < cut < 0.78
    assert snippets == [widget_snippet(standfirst, f"row-{k}") for k in range(3000)]
