"""The classifier: one scikit-learn Pipeline from teaser text to a filler probability.

:func:`build_pipeline` is the only place the pipeline is assembled. :class:`TeaserModel`
wraps a fitted pipeline with its decision threshold and model card, and scores
DataFrames, teasers, and streams of teasers in constant memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from clickbait.teasers import Teaser

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from sklearn.pipeline import Pipeline

FILLER, NEWS = "filler", "news"
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
    of headline and snippet; a range of ``None`` leaves that part out. ``classifier`` is
    one of :data:`CLASSIFIERS`; ``C`` applies to the logistic regression only, and
    complement naive Bayes takes no ``class_weight``.
    """

    word_ngrams: tuple[int, int] | None = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
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

    def __post_init__(self) -> None:
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

    from clickbait.features import CompactTfidfVectorizer, StyleFeatures, TeaserText

    np = __import__("numpy")
    params = params or PipelineParams()
    classifier = _classifier(params)
    parts: list[tuple[str, Any, Any]] = []
    kinds = (
        ("words", "word", params.word_ngrams, params.max_word_features),
        ("chars", "char_wb", params.char_ngrams, params.max_char_features),
    )
    for column in ("headline", "snippet"):
        for suffix, analyzer, ngrams, max_features in kinds:
            if not ngrams:
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
    if params.style:
        parts.append(
            ("style", make_pipeline(StyleFeatures(), StandardScaler()), ["headline", "snippet"])
        )
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
                    transformer_weights={"style": params.style_weight} if params.style else None,
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
        sign = 1.0 if classes[1] == FILLER else -1.0
        return sign * classifier.coef_[0]
    log_prob = classifier.feature_log_prob_
    return log_prob[classes.index(FILLER)] - log_prob[classes.index(NEWS)]


@dataclass(frozen=True)
class Contribution:
    """One feature's signed push on a teaser's score: positive toward filler."""

    feature: str
    value: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "contribution": round(self.value, 4)}


@dataclass(frozen=True)
class ScoredTeaser:
    """A teaser with its filler probability, label, and (on request) its explanation."""

    teaser: Teaser
    score: float
    label: str
    explanation: tuple[Contribution, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        record = {**self.teaser.to_dict(), "score": round(self.score, 6), "label": self.label}
        if self.explanation is not None:
            record["explanation"] = [c.to_dict() for c in self.explanation]
        return record


_PART_NAMES = {
    "headline_words": "headline word",
    "headline_chars": "headline letters",
    "snippet_words": "snippet word",
    "snippet_chars": "snippet letters",
}


def describe_feature(
    name: str, raw_value: float | None = None, evidence: Sequence[str] = ()
) -> str:
    """A pipeline feature name ("headline_words__vous", "style__hidden_subject") in words.

    Style features name the words behind them when given (``hidden subject: "ce
    légume"``), say "no ..." when absent, and quote their value otherwise.
    """
    from clickbait.features import ABSENT_FEATURES, STYLE_FEATURES

    part, _, term = name.partition("__")
    if part != "style":
        return f'{_PART_NAMES.get(part, part)} "{term}"'
    described = STYLE_FEATURES.get(term, term)
    if raw_value is None:
        return described
    short = re.sub(r"\s*\(.*\)$", "", described)
    if evidence:
        return f"{short}: " + ", ".join(f'"{e}"' for e in evidence[:3])
    if term in ABSENT_FEATURES and raw_value == 0:
        return ABSENT_FEATURES[term]
    return f"{described} = {raw_value:.3g}"


@dataclass(frozen=True)
class ScoreCalibration:
    """Platt scaling of the classifier's decision value ``d`` (positive toward filler):
    probability of filler = 1 / (1 + exp(-(slope * d + intercept))).

    Two numbers, fitted on out-of-fold decision values, so that they are kept in the
    model's manifest as data. The map is monotone: rankings and explanations do not change.
    """

    slope: float
    intercept: float

    @classmethod
    def fit(
        cls, decisions: np.ndarray, is_filler: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> ScoreCalibration:
        from sklearn.linear_model import LogisticRegression

        regression = LogisticRegression(C=1e6, max_iter=1000)
        regression.fit(decisions.reshape(-1, 1), is_filler, sample_weight=sample_weight)
        return cls(float(regression.coef_[0, 0]), float(regression.intercept_[0]))

    def apply(self, decisions: np.ndarray) -> np.ndarray:
        import numpy as np

        return 1.0 / (1.0 + np.exp(-(self.slope * decisions + self.intercept)))

    def to_dict(self) -> dict[str, Any]:
        return {"method": "sigmoid", "slope": self.slope, "intercept": self.intercept}

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> ScoreCalibration:
        """Read the manifest entry; raises ``ValueError`` unless it holds two finite numbers."""
        import math

        if values.get("method") != "sigmoid":
            raise ValueError(f"unknown calibration method {values.get('method')!r}")
        numbers = (values.get("slope"), values.get("intercept"))
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in numbers):
            raise ValueError("calibration slope and intercept must be finite numbers")
        return cls(float(numbers[0]), float(numbers[1]))  # type: ignore[arg-type]


@dataclass
class TeaserModel:
    """A fitted pipeline, the threshold above which a teaser is filler, and its card.

    With a ``calibration``, scores are calibrated probabilities of filler; without one
    they are the logistic regression's own.
    """

    pipeline: Pipeline
    threshold: float = 0.5
    card: dict[str, Any] = field(default_factory=dict)
    calibration: ScoreCalibration | None = None

    def decision_function(self, frame: pd.DataFrame) -> np.ndarray:
        """The classifier's decision value for each row, positive toward filler."""
        import numpy as np

        if len(frame) == 0:
            return np.zeros(0)
        sign = 1.0 if list(self.pipeline.classes_)[1] == FILLER else -1.0
        return sign * self.pipeline.decision_function(frame)

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of filler for each row of a DataFrame with ``headline``/``snippet``."""
        import numpy as np

        if len(frame) == 0:
            return np.zeros(0)
        if self.calibration is not None:
            return self.calibration.apply(self.decision_function(frame))
        classes = list(self.pipeline.classes_)
        return self.pipeline.predict_proba(frame)[:, classes.index(FILLER)]

    def label_of(self, score: float) -> str:
        return FILLER if score >= self.threshold else NEWS

    def score_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``frame`` with ``score`` (filler probability) and ``label`` columns."""
        scores = self.predict_proba(frame)
        result = frame.copy()
        result["score"] = scores
        result["label"] = [self.label_of(s) for s in scores]
        return result

    def score_teasers(self, teasers: Iterable[Teaser], explain: int = 0) -> list[ScoredTeaser]:
        """Score teasers in one batch, in order; ``explain=N`` adds the top N reasons."""
        import pandas as pd

        items = list(teasers)
        frame = pd.DataFrame(
            {"headline": [t.headline for t in items], "snippet": [t.snippet for t in items]}
        )
        scores = self.predict_proba(frame)
        reasons = self.explain(frame, explain) if explain else [None] * len(items)
        return [
            ScoredTeaser(t, float(s), self.label_of(float(s)), r)
            for t, s, r in zip(items, scores, reasons, strict=True)
        ]

    def explain(self, frame: pd.DataFrame, top: int = 5) -> list[tuple[Contribution, ...]]:
        """The ``top`` features that moved each row's score most, largest first.

        A contribution is the feature's value times its weight in the classifier
        (:func:`filler_weights`), signed so that positive pushes toward filler. Ties are
        broken by feature name, so the order is stable.
        """
        import numpy as np

        if len(frame) == 0:
            return []
        steps = self.pipeline.named_steps
        text = steps["text"].transform(frame)
        matrix = steps["features"].transform(text).tocsr()
        weights = filler_weights(steps["classifier"])
        names = self.pipeline[:-1].get_feature_names_out()
        # Explanations quote style features unscaled ("= 2"), as the transformer gives them,
        # and the words behind them.
        from clickbait.features import style_evidence

        evidence = [
            {f"style__{k}": v for k, v in style_evidence(str(h), str(s)).items()}
            for h, s in zip(text["headline"], text["snippet"], strict=True)
        ]
        style = steps["features"].named_transformers_.get("style")
        raw_style = (
            [
                dict(
                    zip([f"style__{n}" for n in style[0].get_feature_names_out()], row, strict=True)
                )
                for row in style[0].transform(text)
            ]
            if style is not None
            else [{}] * len(text)
        )
        result = []
        for row in range(matrix.shape[0]):
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            columns = matrix.indices[start:end]
            values = matrix.data[start:end] * weights[columns]
            order = sorted(range(len(columns)), key=lambda k: (-abs(values[k]), names[columns[k]]))
            result.append(
                tuple(
                    Contribution(
                        describe_feature(
                            str(names[columns[k]]),
                            raw_style[row].get(str(names[columns[k]])),
                            evidence[row].get(str(names[columns[k]]), ()),
                        ),
                        float(values[k]),
                    )
                    for k in order[:top]
                    if not np.isclose(values[k], 0.0)
                )
            )
        return result

    def score_stream(
        self, teasers: Iterable[Teaser], batch_size: int = 10_000, explain: int = 0
    ) -> Iterator[ScoredTeaser]:
        """Score an iterable of any length in batches, holding one batch at a time."""
        iterator = iter(teasers)
        while batch := list(islice(iterator, batch_size)):
            yield from self.score_teasers(batch, explain)
