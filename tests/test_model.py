from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clickbait.model import TeaserModel
from clickbait.pipeline import PipelineParams, build_pipeline
from clickbait.teasers import Teaser

FILLER_TEASER = Teaser(
    headline="Santé : ce signe sur vos mains qui doit vous alerter",
    snippet="Beaucoup de gens l'ignorent, pourtant les médecins sont formels : voici...",
)
NEWS_TEASER = Teaser(
    headline="Le Sénat adopte le budget de la Sécurité sociale par 205 voix contre 110",
    snippet=(
        "Le texte, voté mardi soir, prévoit un déficit de 16 milliards d'euros en 2025, selon..."
    ),
)


def test_small_model_separates_clear_cases(small_model: TeaserModel) -> None:
    filler, news = small_model.score_teasers([FILLER_TEASER, NEWS_TEASER])
    assert filler.label == "filler" and filler.score > 0.5
    assert news.label == "news" and news.score < 0.5


def test_score_frame_adds_columns_and_keeps_rows(small_model: TeaserModel) -> None:
    frame = pd.DataFrame({"headline": [FILLER_TEASER.headline, NEWS_TEASER.headline], "id": [7, 8]})
    scored = small_model.score_frame(frame)
    assert list(scored.columns) == ["headline", "id", "score", "label"]
    assert scored["id"].tolist() == [7, 8]
    assert scored["score"].between(0, 1).all()


def test_empty_inputs(small_model: TeaserModel) -> None:
    assert small_model.score_teasers([]) == []
    assert len(small_model.filler_probability(pd.DataFrame({"headline": [], "snippet": []}))) == 0


def test_stream_matches_batch(small_model: TeaserModel) -> None:
    teasers = [FILLER_TEASER, NEWS_TEASER] * 7
    streamed = list(small_model.score_stream(iter(teasers), batch_size=3))
    batch = small_model.score_teasers(teasers)
    assert [s.score for s in streamed] == pytest.approx([s.score for s in batch])


def test_threshold_decides_the_label(small_model: TeaserModel) -> None:
    model = TeaserModel(small_model.pipeline, threshold=0.0)
    assert model.score_teasers([NEWS_TEASER])[0].label == "filler"


@pytest.mark.parametrize(
    "params",
    [
        PipelineParams(char_ngrams=None),
        PipelineParams(word_ngrams=None),
        PipelineParams(word_ngrams=None, char_ngrams=None),
        PipelineParams(style=False),
    ],
)
def test_pipeline_variants_fit(params: PipelineParams) -> None:
    frame = pd.DataFrame(
        {
            "headline": [FILLER_TEASER.headline, NEWS_TEASER.headline] * 3,
            "snippet": [FILLER_TEASER.snippet, NEWS_TEASER.snippet] * 3,
        }
    )
    labels = ["filler", "news"] * 3
    pipeline = build_pipeline(params).fit(frame, labels)
    assert pipeline.predict(frame).tolist() == labels


def test_pipeline_needs_features() -> None:
    with pytest.raises(ValueError, match="at least one"):
        build_pipeline(PipelineParams(word_ngrams=None, char_ngrams=None, style=False))


def test_params_from_config_mapping() -> None:
    params = PipelineParams.from_mapping({"word_ngrams": [1, 3], "char_ngrams": [], "C": 2})
    assert params.word_ngrams == (1, 3) and params.char_ngrams is None and params.C == 2
    with pytest.raises(ValueError, match="unknown"):
        PipelineParams.from_mapping({"ngrams": [1, 2]})


@pytest.mark.parametrize(
    ("char_columns", "blocks"),
    [
        (
            ["headline", "snippet"],
            ["headline_words", "headline_chars", "snippet_words", "snippet_chars"],
        ),
        (["headline"], ["headline_words", "headline_chars", "snippet_words"]),
        ([], ["headline_words", "snippet_words"]),
    ],
)
def test_character_ngrams_of_chosen_columns(char_columns: list[str], blocks: list[str]) -> None:
    params = PipelineParams.from_mapping({"char_columns": char_columns, "style": False})
    features = build_pipeline(params).named_steps["features"]
    assert [name for name, _, _ in features.transformers] == blocks


def test_unknown_character_ngram_column_is_refused() -> None:
    with pytest.raises(ValueError, match=r"char_columns.*title"):
        PipelineParams(char_columns=("headline", "title"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400), st.text(max_size=400))
def test_any_text_gets_a_score_between_0_and_1(
    small_model: TeaserModel, headline: str, snippet: str
) -> None:
    (scored,) = small_model.score_teasers([Teaser(headline=headline, snippet=snippet)])
    assert 0.0 <= scored.score <= 1.0


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.97, 1.0])
def test_a_score_equal_to_the_threshold_is_filler_and_just_below_is_news(
    small_model: TeaserModel, threshold: float
) -> None:
    model = small_model.with_threshold(threshold)
    assert model.label_of(threshold) == "filler"
    assert model.label_of(math.nextafter(threshold, -math.inf)) == "news"


@pytest.mark.parametrize("teaser", [FILLER_TEASER, NEWS_TEASER], ids=["filler", "news"])
def test_the_threshold_boundary_holds_for_scored_teasers(
    small_model: TeaserModel, teaser: Teaser
) -> None:
    (scored,) = small_model.score_teasers([teaser])
    at = small_model.with_threshold(scored.score)
    above = small_model.with_threshold(math.nextafter(scored.score, math.inf))
    assert at.score_teasers([teaser])[0].label == "filler"
    assert above.score_teasers([teaser])[0].label == "news"
    frame = pd.DataFrame({"headline": [teaser.headline], "snippet": [teaser.snippet]})
    assert at.score_frame(frame)["label"].tolist() == ["filler"]
    assert above.score_frame(frame)["label"].tolist() == ["news"]


def test_huge_teaser_is_scored(small_model: TeaserModel) -> None:
    (scored,) = small_model.score_teasers(
        [Teaser(headline="mot " * 200_000, snippet="x" * 1_000_000)]
    )
    assert 0.0 <= scored.score <= 1.0


def test_explanations_add_up_to_the_score(small_model: TeaserModel) -> None:
    frame = pd.DataFrame({"headline": [FILLER_TEASER.headline], "snippet": [FILLER_TEASER.snippet]})
    (everything,) = small_model.explain(frame, top=1_000_000)
    classifier = small_model.pipeline[-1]
    intercept = (
        -classifier.intercept_[0] if classifier.classes_[1] == "news" else classifier.intercept_[0]
    )
    score = small_model.filler_probability(frame)[0]
    assert sum(c.value for c in everything) + intercept == pytest.approx(
        math.log(score / (1 - score)), rel=1e-4
    )


def test_explanations_are_ordered_and_named(small_model: TeaserModel) -> None:
    (scored,) = small_model.score_teasers([FILLER_TEASER], explain=4)
    assert scored.explanation is not None and len(scored.explanation) == 4
    sizes = [abs(c.value) for c in scored.explanation]
    assert sizes == sorted(sizes, reverse=True)
    assert any(
        c.feature.startswith(("headline word", "snippet word", "second-person"))
        for c in small_model.score_teasers([FILLER_TEASER], explain=30)[0].explanation or ()
    )
    again = small_model.score_teasers([FILLER_TEASER], explain=4)[0].explanation
    assert again == scored.explanation
    assert "explanation" in scored.to_dict()
    assert "explanation" not in small_model.score_teasers([FILLER_TEASER])[0].to_dict()


def test_explanations_name_the_words_behind_style_features(small_model: TeaserModel) -> None:
    (scored,) = small_model.score_teasers([FILLER_TEASER], explain=1_000)
    features = [c.feature for c in scored.explanation or ()]
    assert 'hidden subject: "ce signe"' in features
    assert 'second-person address in the headline: "vos", "vous"' in features
    assert 'vague authority: "les médecins"' in features
    assert "headline does not open with a number" in features


@pytest.mark.parametrize(
    ("name", "value", "evidence", "expected"),
    [
        ("style__hidden_subject", 1.0, ["ce légume"], 'hidden subject: "ce légume"'),
        ("style__hidden_subject", 0.0, [], "no hidden subject"),
        ("style__snippet_empty", 0.0, [], "has a snippet"),
        ("style__headline_words", 2.2, [], "headline word count (log) = 2.2"),
        ("headline_words__vous", None, [], 'headline word "vous"'),
        ("snippet_chars__ ce ", None, [], 'snippet letters " ce "'),
    ],
)
def test_feature_descriptions(
    name: str, value: float | None, evidence: list[str], expected: str
) -> None:
    from clickbait.model import describe_feature

    assert describe_feature(name, value, evidence) == expected


def test_default_params_build_the_logistic_regression() -> None:
    classifier = build_pipeline(PipelineParams())[-1]
    assert type(classifier).__name__ == "LogisticRegression"
    assert (classifier.C, classifier.solver, classifier.class_weight) == (
        4.0,
        "liblinear",
        "balanced",
    )


def test_unknown_classifier_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown classifier 'svm'.*logistic"):
        PipelineParams.from_mapping({"classifier": "svm"})


def test_naive_bayes_refuses_the_style_block() -> None:
    with pytest.raises(ValueError, match="style = false"):
        build_pipeline(PipelineParams(classifier="complement_nb"))


@pytest.fixture(scope="module")
def team_train() -> pd.DataFrame:
    from clickbait.datasets import load_team

    frame = load_team("en")
    return frame[frame["split"] == "train"]


@pytest.mark.parametrize(
    "params",
    [
        PipelineParams(char_ngrams=(2, 4), classifier="sgd_modified_huber"),
        PipelineParams(char_ngrams=(2, 4), style=False, classifier="complement_nb"),
    ],
    ids=lambda p: p.classifier,
)
def test_other_classifiers_score_explain_and_round_trip(
    params: PipelineParams, team_train: pd.DataFrame, tmp_path: Path
) -> None:
    from clickbait.persist import load_model, save_model
    from clickbait.pipeline import filler_weights

    pipeline = build_pipeline(params).fit(
        team_train[["headline", "snippet"]],
        team_train["label"],
        classifier__sample_weight=[1.0] * len(team_train),
    )
    model = TeaserModel(pipeline)
    assert model.scorer is None  # no array form: scores come from scikit-learn
    frame = pd.DataFrame({"headline": [FILLER_TEASER.headline], "snippet": [FILLER_TEASER.snippet]})
    (everything,) = model.explain(frame, top=1_000_000)
    toward_filler = sum(c.value for c in everything)
    classifier = pipeline[-1]
    if params.classifier == "complement_nb":
        # Two classes: the log-odds of filler are exactly the summed contributions.
        score = model.filler_probability(frame)[0]
        assert toward_filler == pytest.approx(math.log(score / (1 - score)), rel=1e-4)
        # With no decision function of its own, its decision value is those log-odds.
        assert model.filler_decision(frame)[0] == pytest.approx(toward_filler, rel=1e-6)
    else:
        decision = pipeline.decision_function(frame)[0]  # positive means classes_[1], news
        assert toward_filler - classifier.intercept_[0] == pytest.approx(-decision, rel=1e-4)
        assert model.filler_decision(frame)[0] == -decision
    assert len(filler_weights(classifier)) == len(pipeline[:-1].get_feature_names_out())
    filler, news = model.score_teasers([FILLER_TEASER, NEWS_TEASER])
    assert filler.score > news.score
    folder = save_model(model, tmp_path / "model")
    assert not (folder / "scorer.npz").exists()
    loaded = load_model(folder)
    assert loaded.filler_probability(frame)[0] == pytest.approx(model.filler_probability(frame)[0])
