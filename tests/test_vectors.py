"""Word-vector tables (clickbait.vectors) and the block that averages them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait import compiled
from clickbait.datasets import load_team
from clickbait.linear import LinearScorer
from clickbait.model import TeaserModel
from clickbait.persist import load_model, save_model
from clickbait.pipeline import PipelineParams, build_pipeline, scorer_from_pipeline
from clickbait.vectors import VectorFileError, WordVectors, main, mean_vectors, read_vec

VEC = """\
5 3
chat 1 0 0
chien 0 2 0
Paris 0 0 3
minou 1 0 0
chat 9 9 9
été 0 0 1
"""


def test_a_vec_file_keeps_the_lowercase_words_and_shares_identical_rows() -> None:
    table = read_vec(io.StringIO(VEC))
    assert table.words == ["chat", "chien", "minou", "été"]  # "Paris": never met lowercased
    assert table.rows[0] == table.rows[2]  # chat and minou: one vector
    assert len(table.matrix) == 3
    lengths = np.linalg.norm(table.word_vectors(), axis=1)
    assert lengths.mean() == pytest.approx(1.0)  # scaled beside a unit TF-IDF row
    assert lengths[1] / lengths[0] == pytest.approx(2.0)  # the scale is one for all


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("chat 1 0\nchien 1\n", "expected 2"),
        ("chat 1 x\n", "not a word followed"),
        ("chat 1 nan\n", "not finite"),
        ("chat 1e39 0\n", "too large"),
        ("chat 0 0\n", "every vector is zero"),
        ("", "no word"),
    ],
)
def test_a_bad_vec_file_is_refused_with_its_line(text: str, problem: str) -> None:
    with pytest.raises(VectorFileError, match=problem):
        read_vec(io.StringIO(text))


LINE = st.lists(
    st.one_of(
        st.text(alphabet="abcéß_XY9 .-e\t", max_size=8),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    ),
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=8))
def test_any_text_reads_as_a_table_or_is_refused_clearly(lines: list[str]) -> None:
    try:
        table = read_vec(lines)
    except VectorFileError:
        return
    assert len(table.words) == len(set(table.words)) == len(table.rows)
    assert all(w == w.lower() for w in table.words)
    assert np.all(np.isfinite(table.matrix))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_as_a_table_or_are_refused_clearly(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("bytes") / "t.npz"
    path.write_bytes(b"PK\x03\x04" + data)
    with pytest.raises(VectorFileError):
        WordVectors.load(path)


def test_principal_components_shrink_the_table() -> None:
    rng = np.random.default_rng(0)
    lines = [f"w{i:03d} " + " ".join(map(str, rng.normal(size=6))) for i in range(50)]
    assert read_vec(lines, dimensions=2).dimensions == 2


def test_a_table_round_trips_and_a_damaged_one_is_refused(tmp_path: Path) -> None:
    table = read_vec(io.StringIO(VEC), source="test")
    table.save(tmp_path / "t.npz")
    back = WordVectors.load(tmp_path / "t.npz")
    assert back.words == table.words and back.source == "test"
    assert np.allclose(back.word_vectors(), table.word_vectors(), atol=1e-3)  # half precision
    (tmp_path / "bad.npz").write_bytes(b"PK\x03\x04 not a table")
    with pytest.raises(VectorFileError, match="not a readable"):
        WordVectors.load(tmp_path / "bad.npz")


def test_the_conversion_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "v.vec").write_text(VEC, encoding="utf-8")
    assert main([str(tmp_path / "v.vec"), str(tmp_path / "v.npz")]) == 0
    assert "4 words, 3 vectors of 3 dimensions" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.vec"), str(tmp_path / "x.npz")]) == 1
    assert "error:" in capsys.readouterr().err


WORDS = ["chat", "chien", "minou", "été"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*WORDS, "inconnu", "x", "ÉTÉ", "!"]), max_size=8)))
def test_the_mean_is_over_the_words_found_with_repeats(texts: list[list[str]]) -> None:
    table = read_vec(io.StringIO(VEC))
    joined = [" ".join(words) for words in texts]
    means = mean_vectors(joined, table)
    for words, mean in zip(texts, means, strict=True):
        found = [w.lower() for w in words if w.lower() in table.index]
        expected = (
            np.mean([table.matrix[table.index[w]] for w in found], axis=0)
            if found
            else np.zeros(table.dimensions)
        )
        assert mean == pytest.approx(expected, abs=1e-6)


# -- the block in the model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def vectors_model(tmp_path_factory: pytest.TempPathFactory) -> TeaserModel:
    """A small model with a word-vector block of random vectors for the team's words."""
    team = pd.concat([load_team("fr"), load_team("en")], ignore_index=True)
    words = sorted({w for t in team["headline"].str.lower() for w in re.findall(r"\w\w+", t)})
    rng = np.random.default_rng(0)
    lines = [w + " " + " ".join(f"{x:.4f}" for x in rng.normal(size=8)) for w in words[::2]]
    path = tmp_path_factory.mktemp("vectors") / "table.npz"
    read_vec(lines).save(path)
    params = PipelineParams(
        char_ngrams=(2, 4), max_char_features=20_000, word_vectors=str(path), word_vectors_weight=2
    )
    train = team[team["split"] == "train"]
    pipeline = build_pipeline(params).fit(train[["headline", "snippet"]], train["label"])
    return TeaserModel(pipeline, 0.5, {"name": "vectors-test"})


def team_test_rows(count: int) -> tuple[list[str], list[str]]:
    team = pd.concat([load_team("fr"), load_team("en")], ignore_index=True)
    rows = team[team["split"] == "test"].head(count)
    return rows["headline"].tolist(), rows["snippet"].tolist()


def test_the_scorer_gives_the_pipelines_decisions_on_both_paths(
    vectors_model: TeaserModel,
) -> None:
    headlines, snippets = team_test_rows(300)
    frame = pd.DataFrame({"headline": headlines, "snippet": snippets})
    sign = 1.0 if list(vectors_model.pipeline.classes_)[1] == "filler" else -1.0
    expected = sign * vectors_model.pipeline.decision_function(frame)
    scorer = scorer_from_pipeline(vectors_model.pipeline)
    assert any(part.norm == "mean" for part in scorer.parts)
    assert scorer.decision_function(headlines, snippets) == pytest.approx(expected, abs=1e-5)
    kernels, compiled.kernels = compiled.kernels, None
    try:
        numpy_scorer = scorer_from_pipeline(vectors_model.pipeline)
        got = numpy_scorer.decision_function(headlines, snippets)
    finally:
        compiled.kernels = kernels
    assert got == pytest.approx(expected, abs=1e-5)


def test_a_words_meaning_is_explained_and_the_pushes_add_up(vectors_model: TeaserModel) -> None:
    headlines, snippets = team_test_rows(20)
    scorer = scorer_from_pipeline(vectors_model.pipeline)
    decisions = scorer.decision_function(headlines, snippets)
    for row, pushes in enumerate(scorer.contributions(headlines, snippets)):
        assert scorer.intercept + sum(p for _, p, _ in pushes) == pytest.approx(decisions[row])
    features = [
        c.feature for found in vectors_model.explain_texts(headlines, snippets, 50) for c in found
    ]
    assert any(f.startswith("headline word's meaning \"") for f in features)


def test_a_saved_model_with_vectors_loads_as_data_and_scores_the_same(
    vectors_model: TeaserModel, tmp_path: Path
) -> None:
    headlines, snippets = team_test_rows(50)
    folder = save_model(vectors_model, tmp_path / "model")
    loaded = load_model(folder)  # no --trust: every type in the file is allowed
    assert loaded.decisions(headlines, snippets) == pytest.approx(
        vectors_model.decisions(headlines, snippets), abs=1e-9
    )
    assert LinearScorer.load(folder / "scorer.npz").parts[-1].norm == "mean"
