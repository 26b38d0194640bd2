"""The team-written corpus itself: schema, labels, balance, duplicates, split hygiene."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter

import pandas as pd
import pytest

from clickbait.datasets import load_team, team_corpus_path

MINIMUM_ROWS = {"fr": 2000, "en": 600}
# Words too common to say two headlines are alike.
FUNCTION_WORDS = set(
    [
        "les",
        "des",
        "une",
        "que",
        "qui",
        "pour",
        "dans",
        "sur",
        "par",
        "avec",
        "est",
        "sont",
        "pas",
        "plus",
        "son",
        "ses",
        "leur",
        "leurs",
        "aux",
        "ces",
        "cette",
        "cet",
        "ce",
        "qu",
        "il",
        "ils",
        "elle",
        "elles",
        "vous",
        "nous",
        "votre",
        "vos",
        "notre",
        "nos",
        "mais",
        "comme",
        "tout",
        "tous",
        "toute",
        "toutes",
        "être",
        "avoir",
        "fait",
        "faire",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "are",
        "was",
        "were",
        "from",
        "your",
        "you",
        "have",
        "has",
        "what",
        "will",
        "can",
        "its",
        "their",
        "our",
        "about",
        "into",
        "after",
        "how",
        "why",
        "when",
        "who",
        "new",
        "more",
        "all",
        "not",
        "but",
        "out",
        "his",
        "her",
        "they",
        "them",
        "these",
        "those",
        "than",
        "then",
        "just",
        "over",
    ]
)


def content_words(headline: str) -> frozenset[str]:
    text = unicodedata.normalize("NFKC", headline).lower().replace("’", "'")
    return frozenset(w for w in re.findall(r"[^\W_]{3,}", text) if w not in FUNCTION_WORDS)


def near_duplicate_pairs(headlines: list[str]) -> list[tuple[str, str, float]]:
    """Pairs whose shared content words exceed half of the shorter headline's."""
    words = [content_words(h) for h in headlines]
    index: dict[str, list[int]] = {}
    for i, ws in enumerate(words):
        for w in ws:
            index.setdefault(w, []).append(i)
    pairs = []
    for i, ws in enumerate(words):
        candidates = Counter(j for w in ws for j in index[w] if j > i)
        for j, shared in candidates.items():
            ratio = shared / min(len(ws), len(words[j]))
            if ratio > 0.5:
                pairs.append((headlines[i], headlines[j], ratio))
    return pairs


@pytest.fixture(scope="module", params=["fr", "en"])
def corpus(request: pytest.FixtureRequest) -> tuple[str, pd.DataFrame]:
    return request.param, load_team(request.param)


def test_schema_and_labels(corpus: tuple[str, pd.DataFrame]) -> None:
    lang, frame = corpus
    raw = pd.read_csv(
        team_corpus_path(lang), sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE
    )
    assert list(raw.columns) == ["id", "label", "category", "split", "headline", "snippet"]
    assert raw["id"].is_unique
    assert set(raw["label"]) == {"filler", "news"}
    assert set(raw["split"]) == {"train", "test"}
    assert (raw["headline"].str.strip() != "").all()
    assert not raw["headline"].str.contains("\t").any()
    assert raw["category"].str.fullmatch(r"[a-z][a-z-]*").all()
    assert len(frame) >= MINIMUM_ROWS[lang]


def test_balance_and_diversity(corpus: tuple[str, pd.DataFrame]) -> None:
    lang, frame = corpus
    share = (frame["label"] == "filler").mean()
    assert 0.45 <= share <= 0.55
    kinds = frame.groupby("label")["category"].nunique()
    minimum = 20 if lang == "fr" else 9
    assert kinds["filler"] >= minimum and kinds["news"] >= minimum


def test_categories_belong_to_one_class(corpus: tuple[str, pd.DataFrame]) -> None:
    _, frame = corpus
    assert (frame.groupby("category")["label"].nunique() == 1).all()


def test_no_exact_or_near_duplicates(corpus: tuple[str, pd.DataFrame]) -> None:
    _, frame = corpus
    lowered = frame["headline"].str.lower().str.strip()
    assert lowered.is_unique
    assert near_duplicate_pairs(frame["headline"].tolist()) == []


def test_train_and_test_do_not_overlap(corpus: tuple[str, pd.DataFrame]) -> None:
    _, frame = corpus
    train = frame[frame["split"] == "train"]
    test = frame[frame["split"] == "test"]
    assert not set(train["headline"].str.lower()) & set(test["headline"].str.lower())
    assert not (set(train["snippet"]) - {""}) & (set(test["snippet"]) - {""})
    # Every category is represented in the held-out part, at about a fifth.
    shares = test.groupby("category").size() / frame.groupby("category").size()
    assert shares.between(0.15, 0.25).all()


def test_both_classes_share_one_widget_style(corpus: tuple[str, pd.DataFrame]) -> None:
    """Truncation, empty snippets and rubric prefixes must not give the label away."""
    _, frame = corpus
    truncated = frame["snippet"].str.contains(r"(?:\.\.\.|…)$")
    empty = frame["snippet"] == ""
    rubric = frame["headline"].str.match(r"^[^:]{2,30} ?: ")
    for feature in (truncated, empty, rubric):
        by_label = feature.groupby(frame["label"]).mean()
        assert abs(by_label["filler"] - by_label["news"]) < 0.1


def test_near_duplicate_detector_flags_rewrites() -> None:
    pairs = near_duplicate_pairs(
        [
            "Retraités : mauvaise nouvelle à partir du 1er juin",
            "Retraités : une mauvaise nouvelle arrive à partir de juin",
            "Le Sénat adopte le budget",
        ]
    )
    assert len(pairs) == 1
    assert pairs[0][0].startswith("Retraités") and pairs[0][1].startswith("Retraités")
