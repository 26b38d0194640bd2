"""The pipeline: how it is built, what it is made of, and its array form.

:func:`build_pipeline` is the only place the scikit-learn pipeline is assembled, from the
:class:`PipelineParams` that the training config fills in. :func:`scorer_from_pipeline`
turns a fitted one into the NumPy-only :class:`~clickbait.linear.LinearScorer` that
scoring uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from clickbait.linear import LinearScorer, StylePart, TfidfPart
from clickbait.records import FILLER, NEWS, filler_sign

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


class UnsupportedPipeline(ValueError):
    """The pipeline holds a step that :class:`LinearScorer` cannot express."""


# The linear classifiers build_pipeline can end with; all give probabilities and
# per-feature weights, so scores and explanations work the same with each.
CLASSIFIERS = {
    "logistic": "logistic regression (liblinear)",
    "sgd_modified_huber": "linear SVM-like margin: SGD with the modified Huber loss",
    "complement_nb": "complement naive Bayes (TF-IDF only: needs style = false)",
}


@dataclass(frozen=True)
class PipelineParams:
    """What the pipeline is made of; the training config fills it in.

    ``word_ngrams``/``char_ngrams`` are n-gram ranges for the word and character TF-IDF
    of headline and snippet; a range of ``None`` leaves that part out, and character
    n-grams are taken of the ``char_columns`` only. ``classifier`` is
    one of :data:`CLASSIFIERS`; ``C`` applies to the logistic regression only, and
    complement naive Bayes takes no ``class_weight``. ``word_vectors`` is the path of
    a word-vector table (:mod:`clickbait.vectors`): with one, the mean word vector of
    headline and of snippet are one more block ("meaning"), scaled by
    ``word_vectors_weight``.
    """

    word_ngrams: tuple[int, int] | None = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    # The text columns that get character n-grams (word n-grams cover both).
    char_columns: tuple[str, ...] | None = ("headline", "snippet")
    style: bool = True
    # Scale of the standardised style block next to the unit-norm TF-IDF blocks.
    style_weight: float = 1.0
    min_df: int = 2
    max_word_features: int = 100_000
    max_char_features: int = 150_000
    C: float = 4.0
    class_weight: str | None = "balanced"
    max_iter: int = 2000
    classifier: str = "logistic"
    word_vectors: str | None = None
    # Scale of the mean word vectors (mean length about 1, as a unit TF-IDF row).
    word_vectors_weight: float = 1.0

    def __post_init__(self) -> None:
        unknown_columns = set(self.char_columns or ()) - {"headline", "snippet"}
        if unknown_columns:
            raise ValueError(
                f"char_columns: unknown column(s) {', '.join(sorted(unknown_columns))}"
            )
        if self.classifier not in CLASSIFIERS:
            raise ValueError(
                f"unknown classifier {self.classifier!r} (known: {', '.join(CLASSIFIERS)})"
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> PipelineParams:
        known = set(cls.__dataclass_fields__)
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown model parameter(s): {', '.join(sorted(unknown))}")
        # TOML has no null: an empty list switches an n-gram part off.
        converted = {
            k: ((tuple(v) or None) if isinstance(v, list) else v) for k, v in values.items()
        }
        return cls(**converted)


def build_pipeline(params: PipelineParams | None = None) -> Pipeline:
    """The whole model: text normalisation, TF-IDF and style features, and a linear
    classifier (the logistic regression unless ``params.classifier`` says otherwise)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import StandardScaler

    from clickbait.features import (
        CompactTfidfVectorizer,
        MeanWordVectors,
        StyleFeatures,
        TeaserText,
    )

    params = params or PipelineParams()
    classifier = _classifier(params)
    parts: list[tuple[str, Any, Any]] = []
    kinds = (
        ("words", "word", params.word_ngrams, params.max_word_features),
        ("chars", "char_wb", params.char_ngrams, params.max_char_features),
    )
    for column in ("headline", "snippet"):
        for suffix, analyzer, ngrams, max_features in kinds:
            if not ngrams or (analyzer == "char_wb" and column not in (params.char_columns or ())):
                continue
            vectorizer = CompactTfidfVectorizer(
                analyzer=analyzer,
                ngram_range=ngrams,
                min_df=params.min_df,
                sublinear_tf=True,
                max_features=max_features,
                dtype=np.float32,
            )
            parts.append((f"{column}_{suffix}", vectorizer, column))
    block_weights: dict[str, float] = {}
    if params.word_vectors:
        parts.append(("meaning", MeanWordVectors(params.word_vectors), ["headline", "snippet"]))
        block_weights["meaning"] = params.word_vectors_weight
    if params.style:
        parts.append(
            ("style", make_pipeline(StyleFeatures(), StandardScaler()), ["headline", "snippet"])
        )
        block_weights["style"] = params.style_weight
    if not parts:
        raise ValueError("the pipeline needs at least one kind of feature")
    return Pipeline(
        [
            ("text", TeaserText()),
            (
                "features",
                ColumnTransformer(
                    parts,
                    sparse_threshold=1.0,
                    transformer_weights=block_weights or None,
                ),
            ),
            ("classifier", classifier),
        ]
    )


def _classifier(params: PipelineParams) -> Any:
    if params.classifier == "logistic":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(
            C=params.C,
            class_weight=params.class_weight,
            max_iter=params.max_iter,
            solver="liblinear",
        )
    if params.classifier == "sgd_modified_huber":
        from sklearn.linear_model import SGDClassifier

        # alpha = 1 / (C * rows): 1e-5 is about C = 3 on the shipped training set.
        return SGDClassifier(
            loss="modified_huber",
            alpha=1e-5,
            class_weight=params.class_weight,
            max_iter=params.max_iter,
            tol=1e-4,
            random_state=0,
        )
    if params.classifier == "complement_nb":
        from sklearn.naive_bayes import ComplementNB

        if params.style:
            raise ValueError(
                "complement_nb needs non-negative features: set style = false "
                "(the standardised style features can be negative)"
            )
        return ComplementNB(alpha=0.1)
    raise AssertionError(params.classifier)  # PipelineParams checks the name


def filler_weights(classifier: Any) -> np.ndarray:
    """Each feature's weight toward filler in a fitted classifier of :data:`CLASSIFIERS`.

    For the linear models it is the coefficient; for complement naive Bayes, whose score
    is a dot product with ``feature_log_prob_`` per class, the filler row minus the
    news row. Either way a row's score toward filler is its features times these weights.
    """
    classes = list(classifier.classes_)
    if hasattr(classifier, "coef_"):
        return filler_sign(classes) * classifier.coef_[0]
    log_prob = classifier.feature_log_prob_
    return log_prob[classes.index(FILLER)] - log_prob[classes.index(NEWS)]


def scorer_from_pipeline(pipeline: Any) -> LinearScorer:
    """The array form of a fitted :func:`build_pipeline` pipeline (a :class:`LinearScorer`).

    Raises :class:`UnsupportedPipeline` when a step has no array form here.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from clickbait.features import MeanWordVectors, StyleFeatures, TeaserText

    steps = dict(pipeline.steps)
    if list(steps) != ["text", "features", "classifier"] or not isinstance(
        steps["text"], TeaserText
    ):
        raise UnsupportedPipeline("not a pipeline built by clickbait.pipeline.build_pipeline")
    classifier = steps["classifier"]
    if type(classifier) is not LogisticRegression:
        raise UnsupportedPipeline(f"{type(classifier).__name__} is not a logistic regression")
    features = steps["features"]
    weights = filler_weights(classifier)
    sign = filler_sign(classifier.classes_)
    blocks = features.transformer_weights or {}
    parts: list[TfidfPart] = []
    style = None
    offset = 0
    for name, transformer, columns in features.transformers_:
        if transformer == "drop" or name == "remainder":
            continue
        width = len(transformer.get_feature_names_out())
        block_weights = weights[offset : offset + width] * blocks.get(name, 1.0)
        offset += width
        if name == "style":
            scaler = transformer[-1]
            if not (
                isinstance(transformer[0], StyleFeatures)
                and isinstance(scaler, StandardScaler)
                and len(transformer.steps) == 2
            ):
                raise UnsupportedPipeline("the style block is not StyleFeatures + StandardScaler")
            mean = scaler.mean_ if scaler.with_mean else np.zeros(width)
            scale = scaler.scale_ if scaler.with_std else np.ones(width)
            style = StylePart(np.asarray(mean, float), np.asarray(scale, float), block_weights)
            continue
        if isinstance(transformer, MeanWordVectors):
            parts += _word_mean_parts(transformer, block_weights)
            continue
        parts.append(_tfidf_part(name, transformer, columns, block_weights))
    if offset != len(weights):
        raise UnsupportedPipeline("the feature blocks do not add up to the classifier's width")
    return LinearScorer(parts, style, float(sign * classifier.intercept_[0]))


def _word_mean_parts(block: Any, weights: np.ndarray) -> list[TfidfPart]:
    """A word-vector block as one number per word and column: the word's vector times
    the column's weights (the mean of the vectors times the weights is the mean of those
    numbers). Parts are named ``<column>_meaning``."""
    from clickbait.compiled import DEFAULT_TOKEN_PATTERN

    table = block.word_vectors()
    width = table.dimensions
    if len(weights) != width * len(block.columns_):
        raise UnsupportedPipeline("the word-vector block's width is not its columns' vectors")
    words = list(table.words)
    return [
        TfidfPart(
            name=f"{column}_meaning",
            column=column,
            analyzer="word",
            ngram_range=(1, 1),
            lowercase=True,
            token_pattern=DEFAULT_TOKEN_PATTERN,
            sublinear_tf=False,
            terms=words,
            idf=np.ones(len(words)),
            # Each distinct vector times the weights, then each word takes its vector's.
            weights=(
                table.matrix.astype(np.float64)
                @ np.asarray(weights[k * width : (k + 1) * width], dtype=np.float64)
            )[table.rows],
            norm="mean",
        )
        for k, column in enumerate(block.columns_)
    ]


def _tfidf_part(name: str, vectorizer: Any, column: Any, weights: np.ndarray) -> TfidfPart:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not isinstance(vectorizer, TfidfVectorizer) or not isinstance(column, str):
        raise UnsupportedPipeline(f"block {name!r} is not a TF-IDF vectorizer of one column")
    plain = (
        vectorizer.input == "content"
        and vectorizer.preprocessor is None
        and vectorizer.tokenizer is None
        and vectorizer.strip_accents is None
        and vectorizer.stop_words is None
        and not vectorizer.binary
        and vectorizer.use_idf
        and vectorizer.norm == "l2"
        and (
            vectorizer.analyzer == "word"
            or (vectorizer.analyzer == "char_wb" and vectorizer.ngram_range[0] <= 3)
        )
    )
    if not plain:
        raise UnsupportedPipeline(f"block {name!r} uses TF-IDF settings the scorer does not cover")
    vocabulary = vectorizer.vocabulary_
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    return TfidfPart(
        name=name,
        column=column,
        analyzer=vectorizer.analyzer,
        ngram_range=tuple(vectorizer.ngram_range),
        lowercase=bool(vectorizer.lowercase),
        token_pattern=vectorizer.token_pattern,
        sublinear_tf=bool(vectorizer.sublinear_tf),
        terms=terms,
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        weights=np.asarray(weights, dtype=np.float64),
    )
