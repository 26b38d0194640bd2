"""The classifier: one scikit-learn Pipeline from teaser text to a filler probability.

:func:`build_pipeline` is the only place the pipeline is assembled. :class:`TeaserModel`
wraps a fitted pipeline with its decision threshold and model card, and scores
DataFrames, teasers, and streams of teasers in constant memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from clickbait.teasers import Teaser

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from sklearn.pipeline import Pipeline

FILLER, NEWS = "filler", "news"


@dataclass(frozen=True)
class PipelineParams:
    """What the pipeline is made of; the training config fills it in.

    ``word_ngrams``/``char_ngrams`` are n-gram ranges for the word and character TF-IDF
    of headline and snippet; a range of ``None`` leaves that part out.
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
    """The whole model: text normalisation, TF-IDF and style features, logistic regression."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import StandardScaler

    from clickbait.features import CompactTfidfVectorizer, StyleFeatures, TeaserText

    np = __import__("numpy")
    params = params or PipelineParams()
    parts: list[tuple[str, Any, Any]] = []
    for column in ("headline", "snippet"):
        if params.word_ngrams:
            parts.append(
                (
                    f"{column}_words",
                    CompactTfidfVectorizer(
                        ngram_range=params.word_ngrams,
                        min_df=params.min_df,
                        sublinear_tf=True,
                        max_features=params.max_word_features,
                        dtype=np.float32,
                    ),
                    column,
                )
            )
        if params.char_ngrams:
            parts.append(
                (
                    f"{column}_chars",
                    CompactTfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=params.char_ngrams,
                        min_df=params.min_df,
                        sublinear_tf=True,
                        max_features=params.max_char_features,
                        dtype=np.float32,
                    ),
                    column,
                )
            )
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
            (
                "classifier",
                LogisticRegression(
                    C=params.C,
                    class_weight=params.class_weight,
                    max_iter=params.max_iter,
                    solver="liblinear",
                ),
            ),
        ]
    )


@dataclass(frozen=True)
class ScoredTeaser:
    """A teaser with its filler probability and label."""

    teaser: Teaser
    score: float
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.teaser.to_dict(), "score": round(self.score, 6), "label": self.label}


@dataclass
class TeaserModel:
    """A fitted pipeline, the threshold above which a teaser is filler, and its card."""

    pipeline: Pipeline
    threshold: float = 0.5
    card: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of filler for each row of a DataFrame with ``headline``/``snippet``."""
        import numpy as np

        if len(frame) == 0:
            return np.zeros(0)
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

    def score_teasers(self, teasers: Iterable[Teaser]) -> list[ScoredTeaser]:
        """Score teasers in one batch, in order."""
        import pandas as pd

        items = list(teasers)
        frame = pd.DataFrame(
            {"headline": [t.headline for t in items], "snippet": [t.snippet for t in items]}
        )
        scores = self.predict_proba(frame)
        return [
            ScoredTeaser(t, float(s), self.label_of(float(s)))
            for t, s in zip(items, scores, strict=True)
        ]

    def score_stream(
        self, teasers: Iterable[Teaser], batch_size: int = 10_000
    ) -> Iterator[ScoredTeaser]:
        """Score an iterable of any length in batches, holding one batch at a time."""
        iterator = iter(teasers)
        while batch := list(islice(iterator, batch_size)):
            yield from self.score_teasers(batch)
