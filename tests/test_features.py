from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait import lexicons
from clickbait.features import CompactTfidfVectorizer, StyleFeatures, TeaserText
from clickbait.style import STYLE_FEATURES, style_matrix, style_vector
from clickbait.text import CHAR_TABLES_FROM_BATCH, normalize_text, normalize_texts


def style(headline: str, snippet: str = "") -> dict[str, float]:
    return dict(
        zip(
            STYLE_FEATURES,
            style_vector(normalize_text(headline), normalize_text(snippet)),
            strict=True,
        )
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("l’Otan  «\u00a0cessez-le-feu\u00a0»", 'l\'Otan " cessez-le-feu "'),
        ("Il faut…", "Il faut..."),
        (None, ""),
        (float("nan"), ""),
        ("  a\n\tb  ", "a b"),
    ],
)
def test_normalize_text(raw: object, expected: str) -> None:
    assert normalize_text(raw) == expected


@settings(max_examples=200)
@given(st.text())
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=200)
@given(st.lists(st.one_of(st.text(), st.none(), st.just(float("nan")), st.integers())))
def test_normalizing_a_batch_is_normalizing_each_text(texts: list[object]) -> None:
    assert normalize_texts(texts) == [normalize_text(t) for t in texts]


@pytest.mark.parametrize(
    ("headline", "feature", "expected"),
    [
        ("Avez-vous tout ce qu'il faut pour réaliser ce gâteau ?", "second_person_headline", 1),
        ("What your doctor won't tell you", "second_person_headline", 2),
        ("Meta supprime un outil contre la désinformation", "second_person_headline", 0),
        ("Ce légume que personne ne mange protège le cœur", "hidden_subject", 1),
        ("This trick cuts your bill in half", "hidden_subject", 1),
        ("Ce que la BCE a décidé jeudi", "hidden_subject", 0),
        ("Cette semaine, la BCE relève ses taux", "hidden_subject", 0),
        ("Les 7 signes d'une carence en fer", "leading_number", 1),
        ("17 Photos That Will Make You Smile", "leading_number", 1),
        ("Le Sénat adopte la loi de finances", "leading_number", 0),
        ("Un résultat incroyable et bluffant", "hyperbole", 2),
        ("Le cerveau a besoin de viande, déclare un médecin de Harvard", "vague_authority", 2),
        ("Santé : qu'arrive-t-il à votre corps", "rubric_prefix", 1),
        ("Inflation : 2,3 % en mai selon l'Insee", "figures_with_units", 1),
        ("Vraiment ?!", "question_mark", 1),
        ("Vraiment ?!", "exclamation_mark", 1),
        # Quoted speech addresses someone in the story, not the reader.
        ("Mélenchon à Bayrou : « Vous devriez avoir honte »", "second_person_headline", 0),
        ('Le juge au prévenu : "vous mentez", puis lève la séance', "second_person_headline", 0),
        ("Five things that led to the crash", "hidden_subject", 0),
        # Overlapping word-list entries count in each list they belong to.
        ("Why you should never ignore itching on your legs", "second_person_headline", 2),
        ("Why you should never ignore itching on your legs", "curiosity_gap", 1),
    ],
)
def test_style_features(headline: str, feature: str, expected: float) -> None:
    assert style(headline)[feature] == expected


def test_snippet_features() -> None:
    values = style("Un titre", "Il faut qu'il passe au four pendant une heure, vo...")
    assert values["truncated_snippet"] == 1
    assert values["snippet_empty"] == 0
    assert style("Un titre")["snippet_empty"] == 1


def test_title_case_and_overlap() -> None:
    assert style("You Won't Believe What Happened Next")["inner_capitals"] == 0.0
    assert style("12 Healthy Snacks for Diabetics")["inner_capitals"] == 0.0  # numbers: uncased
    assert style("Meta supprime un outil à Lille")["inner_capitals"] == pytest.approx(1 / 6)
    assert style("Mattis à Paris", "Mattis arrive à Paris mardi")["headline_snippet_overlap"] > 0.5


STYLE_TEXT = st.text(alphabet="abcé ÉXY0123456789%€.?!:'\"«»-vousthe", max_size=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(STYLE_TEXT, STYLE_TEXT), min_size=1, max_size=6))
def test_a_teasers_style_does_not_depend_on_its_batch(teasers: list[tuple[str, str]]) -> None:
    headlines = [normalize_text(h) for h, _ in teasers]
    snippets = [normalize_text(s) for _, s in teasers]
    batch = style_matrix(headlines, snippets)
    alone = np.array([style_vector(h, s) for h, s in zip(headlines, snippets, strict=True)])
    assert np.array_equal(batch, alone)


def test_figures_never_span_two_teasers() -> None:
    values = style_matrix(["Le bilan : 12", "% des votants"], ["", ""])
    assert values[:, list(STYLE_FEATURES).index("figures_with_units")].tolist() == [0.0, 0.0]


def test_style_transformer_shape_and_names() -> None:
    frame = TeaserText().fit_transform(
        pd.DataFrame({"headline": ["Un", "Deux"], "snippet": ["", None]})
    )
    transformer = StyleFeatures().fit(frame)
    values = transformer.transform(frame)
    assert values.shape == (2, len(STYLE_FEATURES))
    assert list(transformer.get_feature_names_out()) == list(STYLE_FEATURES)


def test_teaser_text_without_snippet_column() -> None:
    out = TeaserText().fit_transform(pd.DataFrame({"headline": ["Titre"]}))
    assert list(out.columns) == ["headline", "snippet"]
    assert out["snippet"].tolist() == [""]


def test_teaser_text_rejects_missing_headline() -> None:
    with pytest.raises(ValueError, match="headline"):
        TeaserText().fit_transform(pd.DataFrame({"title": ["x"]}))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_style_vector_is_finite_for_any_text(headline: str, snippet: str) -> None:
    values = style_vector(normalize_text(headline), normalize_text(snippet))
    assert len(values) == len(STYLE_FEATURES)
    assert all(math.isfinite(v) for v in values)


def test_compact_vectorizer_state_round_trip() -> None:
    texts = ["le chat mange", "le chien dort", "un été à Noël ✓"]
    vectorizer = CompactTfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).fit(texts)
    state = vectorizer.__getstate__()
    assert "vocabulary_" not in state and "stop_words_" not in state
    restored = CompactTfidfVectorizer.__new__(CompactTfidfVectorizer)
    restored.__setstate__(state)
    assert restored.vocabulary_ == vectorizer.vocabulary_
    assert np.allclose(restored.transform(texts).toarray(), vectorizer.transform(texts).toarray())


CORPUS = [
    "Santé : ce signe sur vos mains qui doit vous alerter",
    "Le conseil municipal de Lyon vote un budget de 12 millions d'euros",
    "This simple trick   will change\tyour morning forever!",
    "Grève à la SNCF : le trafic perturbé jusqu'à dimanche…",
    "İstanbul ✓ ÉTÉ straße",
    "",
]
TEXT = st.text(alphabet="abcdeéèàçÉİßxyz ✓\t\n\u00a0\u2028'-.?!0123456789🙂", max_size=60)


def identical(fast, reference) -> bool:
    return (
        type(fast) is type(reference)
        and fast.dtype == reference.dtype
        and fast.shape == reference.shape
        and np.array_equal(fast.indptr, reference.indptr)
        and np.array_equal(fast.indices, reference.indices)
        and np.array_equal(fast.data, reference.data)
    )


@pytest.mark.parametrize(
    ("analyzer", "ngram_range"),
    [
        ("char_wb", (2, 5)),
        ("char_wb", (1, 3)),
        ("char_wb", (3, 4)),
        ("char_wb", (4, 6)),  # words shorter than n-2: scikit-learn's own path
        ("char", (2, 4)),
        ("word", (1, 2)),
        ("word", (2, 3)),
        ("word", (1, 1)),
    ],
)
@settings(max_examples=40, deadline=None)
@given(fitted_on=st.lists(TEXT, max_size=8), documents=st.lists(TEXT, max_size=12))
def test_batch_counting_gives_scikit_learns_matrix(
    analyzer: str, ngram_range: tuple[int, int], fitted_on: list[str], documents: list[str]
) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = CompactTfidfVectorizer(
        analyzer=analyzer, ngram_range=ngram_range, sublinear_tf=True, dtype=np.float32
    ).fit(CORPUS + fitted_on)
    batch = documents + CORPUS + fitted_on
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("clickbait.text.CHAR_TABLES_FROM_BATCH", 0)  # counted in batch at any size
        fast = vectorizer.transform(batch)
    assert identical(fast, TfidfVectorizer.transform(vectorizer, batch))


def test_batch_counting_of_the_shipped_model_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from clickbait.persist import load_model

    steps = load_model().pipeline.named_steps["features"]
    documents = [normalize_text(text) for text in CORPUS] * 200  # enough to build the tables
    vectorizers = [t for _, t, _ in steps.transformers_ if isinstance(t, TfidfVectorizer)]
    assert len(vectorizers) == 4
    for vectorizer in vectorizers:
        reference = TfidfVectorizer.transform(vectorizer, documents)
        assert reference.nnz > 0
        assert identical(vectorizer.transform(documents), reference)


def test_batch_counting_tables_are_built_for_large_batches_and_never_saved() -> None:
    vectorizer = CompactTfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit(CORPUS)
    vectorizer.transform(CORPUS)
    assert "_char_tables_cache" not in vectorizer.__dict__  # a small batch: not worth it
    vectorizer.transform(CORPUS * CHAR_TABLES_FROM_BATCH)
    assert "_char_tables_cache" in vectorizer.__dict__
    assert not any("cache" in key for key in vectorizer.__getstate__())
    refitted = vectorizer.fit(["autre chose"])
    assert refitted.transform(["autre chose"] * 2000).nnz > 0


@pytest.mark.parametrize(("analyzer", "ngram_range"), [("word", (1, 3)), ("char_wb", (2, 5))])
def test_batch_counting_never_joins_neighbouring_documents(
    analyzer: str, ngram_range: tuple[int, int]
) -> None:
    vectorizer = CompactTfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range)
    vectorizer.fit(["alpha beta gamma", "ab", "b a"])
    batch = ["x alpha", "beta gamma", "a", "b", ""]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("clickbait.text.CHAR_TABLES_FROM_BATCH", 0)
        counts = vectorizer.transform(batch)
        expected = [vectorizer.transform([document]) for document in batch]
    assert [row.indices.tolist() for row in counts] == [m.indices.tolist() for m in expected]


LEXICON_KEYS = ["second_person", "curiosity", "hyperbole", "demonstrative_fillers", "sponsored"]
NOISE = [" ", "'", "-", ", ", "s", "x", "é", " next", "'ll", "-end", " why"]


@settings(max_examples=200, deadline=None)
@given(data=st.data(), key=st.sampled_from(LEXICON_KEYS))
def test_lexicon_trie_matches_the_plain_alternation(data: st.DataObject, key: str) -> None:
    import re

    words = st.sampled_from(lexicons.merged(key))
    text = "".join(data.draw(st.lists(st.one_of(words, st.sampled_from(NOISE)), max_size=12)))
    plain = "|".join(re.escape(w) for w in lexicons.merged(key))  # longest first
    expected = re.findall(rf"(?<![\w'-])(?:{plain})(?![\w-])", text)
    assert lexicons.pattern(key).findall(text) == expected


def test_lexicon_pattern_prefers_the_longest_entry() -> None:
    assert lexicons.pattern("curiosity").findall("what happened next") == ["what happened next"]
    assert lexicons.pattern("second_person").findall("you'll see") == ["you'll"]


# Features whose evidence is a list of the words behind them.
WORD_FEATURES = [
    "second_person_headline",
    "second_person_snippet",
    "hidden_subject",
    "hyperbole",
    "vague_authority",
    "curiosity_gap",
    "sponsored_marker",
    "time_anchor",
    "attribution",
    "figures_with_units",
    "all_caps_words",
    "inner_capitals",
]


def test_evidence_is_there_exactly_when_its_feature_is() -> None:
    from clickbait.datasets import load_team
    from clickbait.style import style_evidence

    team = pd.concat([load_team("fr"), load_team("en")]).sample(600, random_state=1)
    headlines = [normalize_text(t) for t in team["headline"]]
    snippets = [normalize_text(t) for t in team["snippet"]]
    values = style_matrix(headlines, snippets)
    columns = [list(STYLE_FEATURES).index(name) for name in WORD_FEATURES]
    for row, (headline, snippet) in enumerate(zip(headlines, snippets, strict=True)):
        evidence = style_evidence(headline, snippet)
        for name, column in zip(WORD_FEATURES, columns, strict=True):
            assert (name in evidence) == (values[row, column] > 0), (name, headline, snippet)
