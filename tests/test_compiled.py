"""The compiled kernels (clickbait._speedups) give the NumPy reference path's numbers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import cycle, islice
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait import compiled, lexicons
from clickbait import style as style_module
from clickbait.datasets import load_team
from clickbait.linear import LinearScorer, TfidfPart
from clickbait.model import TeaserModel
from clickbait.pipeline import scorer_from_pipeline
from clickbait.style import style_matrix
from clickbait.text import normalize_texts

pytestmark = pytest.mark.skipif(
    not compiled.available(), reason="the compiled kernels are not built in this install"
)

# Characters where the reference code and a careless kernel part ways: case folding
# with more than one code point or by context (İ, Σ), re.IGNORECASE's extra matches
# (ı, ſ, K), digits that are not decimals (², ٣ is one), white space beyond " ".
NASTY = "aeioustlhvcpénàçÉÈİıſΣσςKK²٣٤0123456789 \t\n\u00a0\u2009'’-_.,:;?!«»\"…[]%€$🙂"
ENTRIES = sorted(
    {e for key in ("second_person", "hyperbole", "curiosity") for e in lexicons.merged(key)}
)
PIECES = [
    *ENTRIES[:: max(len(ENTRIES) // 60, 1)],
    *lexicons.merged("demonstratives"),
    *lexicons.merged("demonstrative_fillers")[:10],
    "Les 10",
    "These 5",
    "VOICI 3",
    "Santé :",
    "1987",
    "2049",
    "Le Monde",
    "ÉTÉ",
    "...",
    "[...]",
    "« vous »",
    '"you"',
]
TEXT = st.lists(
    st.one_of(st.text(alphabet=NASTY, max_size=12), st.sampled_from(PIECES)), max_size=12
).map(lambda parts: " ".join(parts))


@contextmanager
def numpy_path() -> Iterator[None]:
    """Score with the NumPy reference path, as an install without the extension does."""
    kernels = compiled.kernels
    compiled.kernels = None
    try:
        yield
    finally:
        compiled.kernels = kernels


def both_paths(work):  # type: ignore[no-untyped-def]
    with numpy_path():
        reference = work()
    return work(), reference


@pytest.fixture(scope="module")
def scorer(small_model: TeaserModel) -> LinearScorer:
    return scorer_from_pipeline(small_model.pipeline)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8), st.booleans())
def test_style_features_match_the_reference_for_any_text(
    teasers: list[tuple[str, str]], normalise: bool
) -> None:
    headlines, snippets = [h for h, _ in teasers], [s for _, s in teasers]
    if normalise:
        headlines, snippets = normalize_texts(headlines), normalize_texts(snippets)
    fast, reference = both_paths(lambda: style_matrix(headlines, snippets))
    assert np.array_equal(fast, reference)  # the same operations: bit for bit


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_word_list_scan_matches_the_regex(text: str) -> None:
    lowered = text.lower()
    pattern = style_module._lexicon_matcher()
    expected = [(m.start(), m.end()) for m in pattern.finditer(lowered)]
    assert list(style_module._entry_spans(pattern, lowered)) == expected


def test_simple_lowercase_is_strs_but_for_the_characters_the_kernel_hands_back() -> None:
    # The style kernel lowercases headline words one code point at a time; it hands
    # back to the reference code any headline holding İ or Σ, whose str.lower() differs.
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    lowered = compiled.kernels.simple_lower("".join(characters))
    differ = {c for c, low in zip(characters, lowered, strict=True) if c.lower() != low}
    assert differ == {"\u0130"}
    assert "Σ".lower() == "σ" and "ΑΣ".lower() == "ας"  # Σ: by context


@pytest.mark.parametrize(
    ("headline", "snippet"),
    [
        ("İstanbul : ce signe sur vos mains", "İ"),
        ("ΟΔΟΣ ΣΑΣ: ce légume", "Σ"),
        ("Les 10 aliments", "..."),
    ],
)
def test_headlines_handed_back_are_measured_by_the_reference(headline: str, snippet: str) -> None:
    fast, reference = both_paths(lambda: style_matrix([headline] * 3, [snippet] * 3))
    assert np.array_equal(fast, reference)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8))
def test_decisions_match_the_numpy_path_for_any_text(
    scorer: LinearScorer, teasers: list[tuple[str, str]]
) -> None:
    headlines, snippets = [h for h, _ in teasers], [s for _, s in teasers]
    fast, reference = both_paths(lambda: scorer.decision_function(headlines, snippets))
    assert fast == pytest.approx(reference, abs=1e-9, rel=0)


def test_shipped_model_matches_the_numpy_path() -> None:
    from clickbait.persist import load_model

    model = load_model()
    team = pd.concat([load_team("fr"), load_team("en")], ignore_index=True)
    headlines, snippets = team["headline"].tolist(), team["snippet"].tolist()
    fast, reference = both_paths(lambda: model.scores(headlines, snippets))
    assert fast == pytest.approx(reference, abs=1e-9, rel=0)
    fast, reference = both_paths(lambda: model.decisions(headlines, snippets))
    assert fast == pytest.approx(reference, abs=1e-9, rel=0)


def random_part(
    analyzer: str, ngram_range: tuple[int, int], texts: list[str], token_pattern: str
) -> tuple[TfidfPart, object, np.ndarray]:
    """A TF-IDF block fitted by scikit-learn on ``texts``, with random weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer=analyzer, ngram_range=ngram_range, sublinear_tf=True, token_pattern=token_pattern
    ).fit(texts)
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    weights = np.random.default_rng(0).normal(size=len(terms))
    part = TfidfPart(
        name="x",
        column="headline",
        analyzer=analyzer,
        ngram_range=ngram_range,
        lowercase=True,
        token_pattern=token_pattern,
        sublinear_tf=True,
        terms=terms,
        idf=vectorizer.idf_.astype(np.float64),
        weights=weights,
    )
    return part, vectorizer, weights


@pytest.mark.parametrize(
    ("analyzer", "ngram_range"),
    [
        ("word", (1, 1)),
        ("word", (1, 3)),
        ("word", (2, 4)),
        ("char_wb", (1, 3)),
        ("char_wb", (4, 7)),
    ],
)
def test_any_block_of_the_design_scores_as_scikit_learn_does(
    analyzer: str, ngram_range: tuple[int, int]
) -> None:
    team = load_team("fr")
    texts = normalize_texts(team["headline"].tolist()[:400])
    part, vectorizer, weights = random_part(analyzer, ngram_range, texts, r"(?u)\b\w\w+\b")
    probe = [*texts[:200], "", "a", "İstanbul ✓ ÉTÉ", "x" * 30, "deux  mots\tici"]
    expected = vectorizer.transform(probe) @ weights
    assert part._compiled() is not None
    fast, reference = both_paths(lambda: part.decisions(probe))
    assert fast == pytest.approx(expected, abs=1e-9, rel=0)
    assert reference == pytest.approx(expected, abs=1e-9, rel=0)


def test_a_block_with_another_token_pattern_takes_the_numpy_path() -> None:
    texts = normalize_texts(load_team("en")["headline"].tolist()[:200])
    part, vectorizer, weights = random_part("word", (1, 2), texts, r"(?u)\b\w+\b")
    assert part._compiled() is None
    assert part.decisions(texts) == pytest.approx(
        vectorizer.transform(texts) @ weights, abs=1e-9, rel=0
    )


def test_scores_do_not_depend_on_the_batch_and_stay_flat_with_its_size(
    scorer: LinearScorer,
) -> None:
    team = load_team("fr")
    rows = list(islice(cycle(zip(team["headline"], team["snippet"], strict=True)), 30_000))
    headlines, snippets = [h for h, _ in rows], [s for _, s in rows]
    whole = scorer.decision_function(headlines, snippets)
    first = scorer.decision_function(headlines[:50], snippets[:50])
    assert np.array_equal(whole[:50], first)  # the word cache of a batch changes nothing
    assert np.array_equal(whole[: len(team)], whole[len(team) : 2 * len(team)])


def test_kernels_score_from_several_threads_at_once(scorer: LinearScorer) -> None:
    team = load_team("en")
    headlines, snippets = team["headline"].tolist(), team["snippet"].tolist()
    expected = scorer.decision_function(headlines, snippets)
    found: list[np.ndarray] = []

    def work() -> None:
        for _ in range(3):
            found.append(scorer.decision_function(headlines, snippets))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 9 and all(np.array_equal(f, expected) for f in found)


def test_without_the_kernels_the_command_gives_the_same_output(tmp_path: Path) -> None:
    table = tmp_path / "teasers.jsonl"
    team = load_team("fr").head(300)
    team[["headline", "snippet"]].to_json(table, orient="records", lines=True, force_ascii=False)
    script = Path(sys.executable).parent / "clickbait"

    def run(no_compiled: str) -> str:
        environment = {**os.environ, "CLICKBAIT_NO_COMPILED": no_compiled}
        return subprocess.run(
            [str(script), "score", str(table)],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        ).stdout

    probe = "from clickbait import compiled; print(compiled.available())"
    off = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "CLICKBAIT_NO_COMPILED": "1"},
    )
    assert off.stdout.strip() == "False"
    assert run("1") == run("")
