"""The model: a fitted pipeline, its threshold and calibration, and how it scores.

:class:`TeaserModel` wraps a fitted pipeline (:func:`clickbait.pipeline.build_pipeline`)
or its array form (:class:`~clickbait.linear.LinearScorer`) with its decision threshold,
score calibration and model card, and scores DataFrames, teasers, and streams of teasers
in constant memory.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from clickbait.records import FILLER, NEWS, Contribution, ScoredTeaser, Teaser, filler_sign

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from sklearn.pipeline import Pipeline

    from clickbait.linear import LinearScorer

_PART_NAMES = {
    "headline_words": "headline word",
    "headline_chars": "headline letters",
    "snippet_words": "snippet word",
    "snippet_chars": "snippet letters",
    # A word-vector block: what the word means, as its vector weighs with the model's.
    "headline_meaning": "headline word's meaning",
    "snippet_meaning": "snippet word's meaning",
}


def describe_feature(
    name: str, raw_value: float | None = None, evidence: Sequence[str] = ()
) -> str:
    """A pipeline feature name ("headline_words__vous", "style__hidden_subject") in words.

    Style features name the words behind them when given (``hidden subject: "ce
    légume"``), say "no ..." when absent, and quote their value otherwise.
    """
    from clickbait.style import ABSENT_FEATURES, STYLE_FEATURES

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


class TeaserModel:
    """A fitted model, the threshold above which a teaser is filler, and its card.

    With a ``calibration``, scores are calibrated probabilities of filler; without one
    they are the classifier's own. Scores are computed by the model's
    :class:`~clickbait.linear.LinearScorer` (NumPy only) when the pipeline has one, and
    by the scikit-learn ``pipeline`` otherwise. A model loaded from disk reads its
    pipeline only when something asks for it (``model.pipeline``), through
    ``pipeline_loader``.
    """

    def __init__(
        self,
        pipeline: Pipeline | None = None,
        threshold: float = 0.5,
        card: dict[str, Any] | None = None,
        calibration: ScoreCalibration | None = None,
        *,
        scorer: LinearScorer | None = None,
        pipeline_loader: Callable[[], Pipeline] | None = None,
    ) -> None:
        if pipeline is None and scorer is None and pipeline_loader is None:
            raise ValueError("a TeaserModel needs a pipeline, a scorer or a pipeline loader")
        self.threshold = threshold
        self.card: dict[str, Any] = card if card is not None else {}
        self.calibration = calibration
        self._pipeline = pipeline
        self._pipeline_loader = pipeline_loader
        self._scorer = scorer
        self._scorer_checked = scorer is not None

    @property
    def pipeline(self) -> Pipeline:
        """The fitted scikit-learn pipeline (read from disk on first use)."""
        if self._pipeline is None:
            if self._pipeline_loader is None:
                raise AttributeError("this model was built from a scorer alone: it has no pipeline")
            self._pipeline = self._pipeline_loader()
        return self._pipeline

    @property
    def scorer(self) -> LinearScorer | None:
        """The pipeline as arrays, or ``None`` when the pipeline has no array form."""
        if not self._scorer_checked:
            from clickbait.pipeline import UnsupportedPipeline, scorer_from_pipeline

            try:
                self._scorer = scorer_from_pipeline(self.pipeline)
            except UnsupportedPipeline:
                self._scorer = None
            self._scorer_checked = True
        return self._scorer

    def with_threshold(self, threshold: float) -> TeaserModel:
        """The same model with another decision threshold."""
        twin = copy.copy(self)
        twin.threshold = threshold
        return twin

    def filler_decision(self, frame: pd.DataFrame) -> np.ndarray:
        """The classifier's decision value for each row of a DataFrame with
        ``headline``/``snippet``, positive toward filler: one value per row (1-D)."""
        return self.decisions(*_frame_texts(frame))

    def decisions(self, headlines: Sequence[object], snippets: Sequence[object]) -> np.ndarray:
        """The classifier's decision value for each teaser, positive toward filler."""
        import numpy as np

        if len(headlines) == 0:
            return np.zeros(0)
        if self.scorer is not None:
            return self.scorer.decision_function(headlines, snippets)
        return pipeline_outputs(self.pipeline, _frame(headlines, snippets), probability=False)[0]

    def filler_probability(self, frame: pd.DataFrame) -> np.ndarray:
        """The score of each row of a DataFrame with ``headline``/``snippet``: the
        probability of filler, one value per row (1-D)."""
        return self.scores(*_frame_texts(frame))

    def scores(self, headlines: Sequence[object], snippets: Sequence[object]) -> np.ndarray:
        """Probability of filler for each teaser, given as parallel sequences of text."""
        import numpy as np

        if len(headlines) == 0:
            return np.zeros(0)
        if self.calibration is not None:
            return self.calibration.apply(self.decisions(headlines, snippets))
        if self.scorer is not None:
            # The logistic regression's own probability: the sigmoid of its decision value.
            return 1.0 / (1.0 + np.exp(-self.decisions(headlines, snippets)))
        return pipeline_outputs(self.pipeline, _frame(headlines, snippets), decision=False)[1]

    def label_of(self, score: float) -> str:
        """``filler`` for a score at or above the threshold, else ``news``."""
        return FILLER if score >= self.threshold else NEWS

    def score_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``frame`` with ``score`` (filler probability) and ``label`` columns."""
        scores = self.filler_probability(frame)
        result = frame.copy()
        result["score"] = scores
        result["label"] = [self.label_of(s) for s in scores]
        return result

    def score_teasers(self, teasers: Iterable[Teaser], explain: int = 0) -> list[ScoredTeaser]:
        """Score teasers in one batch, in order; ``explain=N`` adds the top N reasons."""
        items = list(teasers)
        headlines = [t.headline for t in items]
        snippets = [t.snippet for t in items]
        scores = self.scores(headlines, snippets).tolist()
        reasons = (
            self.explain_texts(headlines, snippets, explain) if explain else [None] * len(items)
        )
        return [
            ScoredTeaser(t, s, self.label_of(s), r)
            for t, s, r in zip(items, scores, reasons, strict=True)
        ]

    def explain(self, frame: pd.DataFrame, top: int = 5) -> list[tuple[Contribution, ...]]:
        """The ``top`` features that moved each row's score most, largest first.

        A contribution is the feature's value times its weight in the classifier
        (:func:`~clickbait.pipeline.filler_weights`), signed so that positive pushes
        toward filler. Ties are broken by feature name, so the order is stable.
        """
        return self.explain_texts(*_frame_texts(frame), top=top)

    def explain_texts(
        self, headlines: Sequence[object], snippets: Sequence[object], top: int = 5
    ) -> list[tuple[Contribution, ...]]:
        """:meth:`explain` for teasers given as parallel sequences of text."""
        from clickbait.style import style_evidence
        from clickbait.text import normalize_texts

        if len(headlines) == 0:
            return []
        found = (
            self.scorer.contributions(headlines, snippets)
            if self.scorer is not None
            else self._pipeline_contributions(_frame(headlines, snippets))
        )
        # Explanations quote style features unscaled ("= 2"), and the words behind them.
        evidence = [
            {f"style__{k}": v for k, v in style_evidence(h, s).items()}
            for h, s in zip(normalize_texts(headlines), normalize_texts(snippets), strict=True)
        ]
        result = []
        for row, pushes in enumerate(found):
            kept = [p for p in pushes if not math.isclose(p[1], 0.0, abs_tol=1e-8)]
            kept.sort(key=lambda p: (-abs(p[1]), p[0]))
            result.append(
                tuple(
                    Contribution(
                        describe_feature(name, raw, evidence[row].get(name, ())), float(push)
                    )
                    for name, push, raw in kept[:top]
                )
            )
        return result

    def _pipeline_contributions(
        self, frame: pd.DataFrame
    ) -> list[list[tuple[str, float, float | None]]]:
        """Contributions from the scikit-learn pipeline, for pipelines with no scorer."""
        from clickbait.pipeline import filler_weights
        from clickbait.style import STYLE_FEATURES

        steps = self.pipeline.named_steps
        text = steps["text"].transform(frame)
        matrix = steps["features"].transform(text).tocsr()
        weights = filler_weights(steps["classifier"])
        names = [str(n) for n in self.pipeline[:-1].get_feature_names_out()]
        style = steps["features"].named_transformers_.get("style")
        raw_style = style[0].transform(text) if style is not None else None
        first_style = f"style__{next(iter(STYLE_FEATURES))}"
        style_start = names.index(first_style) if style is not None else len(names)
        found = []
        for row in range(matrix.shape[0]):
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            columns = matrix.indices[start:end]
            values = matrix.data[start:end] * weights[columns]
            found.append(
                [
                    (
                        names[column],
                        float(value),
                        float(raw_style[row, column - style_start])
                        if raw_style is not None and column >= style_start
                        else None,
                    )
                    for column, value in zip(columns.tolist(), values.tolist(), strict=True)
                ]
            )
        return found

    def score_stream(
        self, teasers: Iterable[Teaser], batch_size: int = 10_000, explain: int = 0
    ) -> Iterator[ScoredTeaser]:
        """Score an iterable of any length in batches, holding one batch at a time."""
        iterator = iter(teasers)
        while batch := list(islice(iterator, batch_size)):
            yield from self.score_teasers(batch, explain)


def pipeline_outputs(
    pipeline: Pipeline, frame: pd.DataFrame, decision: bool = True, probability: bool = True
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(decision values toward filler, uncalibrated probabilities of filler) of a fitted
    pipeline for the rows of ``frame``, from one pass of its features; either is
    ``None`` when not asked for. These are what a :class:`TeaserModel` without an array
    scorer serves. A classifier with no decision function (naive Bayes) gives the
    log-odds of filler as its decision value.
    """
    features = pipeline[:-1].transform(frame)
    classifier = pipeline[-1]
    classes = list(classifier.classes_)
    decisions = probabilities = None
    if decision and hasattr(classifier, "decision_function"):
        decisions = filler_sign(classes) * classifier.decision_function(features)
    elif decision:
        joint = classifier.predict_joint_log_proba(features)
        decisions = joint[:, classes.index(FILLER)] - joint[:, classes.index(NEWS)]
    if probability:
        probabilities = classifier.predict_proba(features)[:, classes.index(FILLER)]
    return decisions, probabilities


def _frame_texts(frame: pd.DataFrame) -> tuple[list[object], list[object]]:
    """Headlines and snippets of a DataFrame (no ``snippet`` column: empty snippets)."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError("expected a pandas DataFrame with 'headline' and 'snippet' columns")
    if "headline" not in frame.columns:
        raise ValueError("the teasers have no 'headline' column")
    headlines = frame["headline"].tolist()
    snippets = frame["snippet"].tolist() if "snippet" in frame.columns else [""] * len(frame)
    return headlines, snippets


def _frame(headlines: Sequence[object], snippets: Sequence[object]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"headline": list(headlines), "snippet": list(snippets)})
