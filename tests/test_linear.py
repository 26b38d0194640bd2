"""The model as arrays (clickbait.linear) gives the scikit-learn pipeline's numbers."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.datasets import load_team
from clickbait.linear import MAX_NGRAM, LinearScorer, ScorerFileError, TfidfPart
from clickbait.model import TeaserModel
from clickbait.pipeline import scorer_from_pipeline

TEXTS = [
    ("Ce légume que vous mangez tous les jours abîme vos artères", "Les médecins alertent..."),
    ("L'Assemblée adopte la réforme de l'assurance chômage", "Le texte a été voté mardi."),
    ("", ""),
    ("İstanbul ✓ ÉTÉ straße  «\u00a0cessez-le-feu\u00a0»", "a b c d e"),
    ("10 Things You Didn't Know About Cats!!!", ""),
    ("x" * 500, "y " * 300),
]
TEXT = st.text(alphabet="abcdeéèàçÉİßxyz ✓\t\n\u00a0'-.?!«»0123456789🙂vousthe", max_size=80)


def pipeline_decisions(model: TeaserModel, headlines: list[str], snippets: list[str]) -> np.ndarray:
    frame = pd.DataFrame({"headline": headlines, "snippet": snippets})
    sign = 1.0 if list(model.pipeline.classes_)[1] == "filler" else -1.0
    return sign * model.pipeline.decision_function(frame)


@pytest.fixture(scope="module")
def scorer(small_model: TeaserModel) -> LinearScorer:
    return scorer_from_pipeline(small_model.pipeline)


def test_decisions_match_the_pipeline(small_model: TeaserModel, scorer: LinearScorer) -> None:
    headlines, snippets = [h for h, _ in TEXTS], [s for _, s in TEXTS]
    expected = pipeline_decisions(small_model, headlines, snippets)
    assert scorer.decision_function(headlines, snippets) == pytest.approx(expected, abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=6))
def test_decisions_match_the_pipeline_for_any_text(
    small_model: TeaserModel, scorer: LinearScorer, teasers: list[tuple[str, str]]
) -> None:
    headlines, snippets = [h for h, _ in teasers], [s for _, s in teasers]
    expected = pipeline_decisions(small_model, headlines, snippets)
    assert scorer.decision_function(headlines, snippets) == pytest.approx(expected, abs=1e-5)


def test_large_batches_count_like_small_ones(
    scorer: LinearScorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = load_team("fr").head(300)
    headlines, snippets = team["headline"].tolist(), team["snippet"].tolist()
    one_by_one = scorer.decision_function(headlines, snippets)
    monkeypatch.setattr("clickbait.text.CHAR_TABLES_FROM_BATCH", 0)  # the NumPy tables at any size
    assert scorer.decision_function(headlines, snippets) == pytest.approx(one_by_one, abs=1e-9)


def test_explanations_match_the_pipeline(small_model: TeaserModel) -> None:
    headlines, snippets = [h for h, _ in TEXTS], [s for _, s in TEXTS]
    with_scorer = small_model.explain_texts(headlines, snippets, top=8)
    with_pipeline = TeaserModel(small_model.pipeline)
    with_pipeline._scorer_checked = True  # no scorer: the scikit-learn path
    reference = with_pipeline.explain_texts(headlines, snippets, top=8)
    for got, expected in zip(with_scorer, reference, strict=True):
        assert [c.feature for c in got] == [c.feature for c in expected]
        assert [c.value for c in got] == pytest.approx([c.value for c in expected], abs=1e-5)


def test_archive_round_trip(scorer: LinearScorer) -> None:
    buffer = io.BytesIO()
    scorer.save(buffer)
    buffer.seek(0)
    loaded = LinearScorer.load(buffer)
    headlines, snippets = [h for h, _ in TEXTS], [s for _, s in TEXTS]
    assert loaded.decision_function(headlines, snippets) == pytest.approx(
        scorer.decision_function(headlines, snippets), abs=1e-12
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda arrays: arrays.pop("part0_idf"),
        lambda arrays: arrays.update(part0_idf=arrays["part0_idf"][:-1]),
        lambda arrays: arrays.update(layout=np.frombuffer(b"{not json", dtype=np.uint8)),
        lambda arrays: arrays.update(
            layout=np.frombuffer(b'{"version": 99, "parts": []}', dtype=np.uint8)
        ),
        lambda arrays: arrays.pop("part0_joined"),
        lambda arrays: arrays.update(part0_joined=_one_separator_less(arrays["part0_joined"])),
        lambda arrays: arrays.update(layout=_layout_with(arrays, terms_of=0)),
        lambda arrays: arrays.update(layout=_layout_with(arrays, norm="max")),
    ],
    ids=[
        "missing array",
        "short array",
        "bad layout",
        "future version",
        "missing terms",
        "a term fewer",
        "terms of itself",
        "unknown norm",
    ],
)
def test_damaged_archives_are_refused(scorer: LinearScorer, tmp_path: Path, damage) -> None:
    buffer = io.BytesIO()
    scorer.save(buffer)
    buffer.seek(0)
    with np.load(buffer) as archive:
        arrays = {key: archive[key] for key in archive.files}
    damage(arrays)
    path = tmp_path / "scorer.npz"
    np.savez(path, **arrays)
    with pytest.raises(ScorerFileError):
        LinearScorer.load(path)


def _one_separator_less(joined: np.ndarray) -> np.ndarray:
    return np.delete(joined, int(np.flatnonzero(joined == 0)[0]))


def _layout_with(arrays: dict[str, np.ndarray], **first_part: object) -> np.ndarray:
    import json

    layout = json.loads(arrays["layout"].tobytes())
    layout["parts"][0].update(first_part)
    return np.frombuffer(json.dumps(layout).encode(), dtype=np.uint8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=20))
def test_joined_terms_read_back_or_fall_back_to_lengths(terms: list[str]) -> None:
    from clickbait.text import TERM_SEPARATOR, join_terms, split_terms

    joined = join_terms(terms)
    if any(TERM_SEPARATOR in term for term in terms):
        assert joined is None
    else:
        assert joined is not None and split_terms(joined, len(terms)) == terms


def test_an_archive_of_terms_that_cannot_be_joined_round_trips(scorer: LinearScorer) -> None:
    part = scorer.parts[0]
    odd = TfidfPart(**{**part.__dict__, "terms": ["a\x00b", *part.terms[1:]]})
    buffer = io.BytesIO()
    LinearScorer([odd], None, 0.0).save(buffer)
    buffer.seek(0)
    assert LinearScorer.load(buffer).parts[0].terms == odd.terms


def test_archive_of_other_style_features_is_refused(scorer: LinearScorer, tmp_path: Path) -> None:
    import json

    path = tmp_path / "scorer.npz"
    scorer.save(path)
    with np.load(path) as archive:
        arrays = {key: archive[key] for key in archive.files}
    layout = json.loads(arrays["layout"].tobytes())
    layout["style"]["features"] = ["headline_length"]
    arrays["layout"] = np.frombuffer(json.dumps(layout).encode(), dtype=np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(ScorerFileError, match=r"other style features.*retrain"):
        LinearScorer.load(path)


def test_shipped_model_scorer_matches_its_pipeline() -> None:
    from clickbait.persist import load_model

    model = load_model()
    team = pd.concat([load_team("fr"), load_team("en")]).sample(1500, random_state=0)
    headlines, snippets = team["headline"].tolist(), team["snippet"].tolist()
    expected = pipeline_decisions(model, headlines, snippets)
    assert model.scorer is not None
    assert model.decisions(headlines, snippets) == pytest.approx(expected, abs=1e-5)


def test_a_teasers_score_does_not_depend_on_its_batch(scorer: LinearScorer) -> None:
    team = load_team("fr").head(1200)
    headlines, snippets = team["headline"].tolist(), team["snippet"].tolist()
    whole = scorer.decision_function(headlines, snippets)
    parts = np.concatenate(
        [
            scorer.decision_function(headlines[start : start + 7], snippets[start : start + 7])
            for start in range(0, len(headlines), 7)
        ]
    )
    assert np.array_equal(whole, parts)  # exactly: Dask partitions must give the same scores


def test_pip_install_built_the_compiled_kernels_where_there_is_a_compiler() -> None:
    # Without them scoring falls back to NumPy with the same scores, only slower: this
    # fails the install that lost them on a machine where the README says pip builds them.
    import shutil
    import sysconfig

    from clickbait import compiled

    if os.environ.get(compiled.DISABLE_VARIABLE, "") not in ("", "0"):
        pytest.skip(f"{compiled.DISABLE_VARIABLE} is set")
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}) on this machine")
    assert compiled.kernels is not None and compiled.kernels.__name__ == "clickbait._speedups"


@pytest.mark.parametrize("ngram_range", [[1, 10**12], [0, 2], [3, 2], [1, MAX_NGRAM + 1]])
def test_an_archive_with_an_absurd_ngram_range_is_refused(
    scorer: LinearScorer, tmp_path: Path, ngram_range: list[int]
) -> None:
    import json

    path = tmp_path / "scorer.npz"
    scorer.save(path)
    with np.load(path) as archive:
        arrays = {key: archive[key] for key in archive.files}
    layout = json.loads(arrays["layout"].tobytes())
    layout["parts"][0]["ngram_range"] = ngram_range
    arrays["layout"] = np.frombuffer(json.dumps(layout).encode(), dtype=np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(ScorerFileError, match="n-gram range"):
        LinearScorer.load(path)


def test_the_largest_ngram_range_allowed_still_scores(scorer: LinearScorer) -> None:
    part = scorer.parts[0]
    wide = TfidfPart(**{**part.__dict__, "ngram_range": (1, MAX_NGRAM)})
    assert wide.decisions(["un deux trois " * 50]).shape == (1,)
