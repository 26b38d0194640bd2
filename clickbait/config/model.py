"""The ``[model]`` section of a training config: the pipeline's parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from clickbait.config.checks import POSITIVE, WHOLE, Checker, is_number, is_whole
from clickbait.pipeline import CLASSIFIERS, PipelineParams


def _ngrams(value: object) -> bool:
    # [low, high] with 1 <= low <= high <= MAX_NGRAM, or [] to leave the part out (TOML
    # has no null); the scorer refuses longer n-grams, so a model must not have them.
    from clickbait.linear import MAX_NGRAM

    return value == [] or (
        isinstance(value, list)
        and len(value) == 2
        and all(is_whole(v) for v in value)
        and 1 <= value[0] <= value[1] <= MAX_NGRAM
    )


def _at_least_one(value: object) -> bool:
    return is_whole(value) and value >= 1  # type: ignore[operator]


NGRAMS = "[low, high] with 1 <= low <= high <= 20, or [] for none"
# What each [model] key accepts: a test of the TOML value, and the words for it.
MODEL_VALUES: dict[str, tuple[Callable[[object], bool], str]] = {
    "word_ngrams": (_ngrams, NGRAMS),
    "char_ngrams": (_ngrams, NGRAMS),
    "char_columns": (
        lambda v: isinstance(v, list) and all(c in ("headline", "snippet") for c in v),
        'a list of "headline" and "snippet", or [] for none',
    ),
    "style": (lambda v: isinstance(v, bool), "true or false"),
    "style_weight": (lambda v: is_number(v) and v > 0, POSITIVE),  # type: ignore[operator]
    "min_df": (_at_least_one, WHOLE),
    "max_word_features": (_at_least_one, WHOLE),
    "max_char_features": (_at_least_one, WHOLE),
    "C": (lambda v: is_number(v) and v > 0, POSITIVE),  # type: ignore[operator]
    "class_weight": (lambda v: v == "balanced", '"balanced", the only weighting a config sets'),
    "max_iter": (_at_least_one, WHOLE),
    "classifier": (lambda v: v in CLASSIFIERS, f"one of {', '.join(CLASSIFIERS)}"),
    "word_vectors": (
        lambda v: isinstance(v, str) and v != "",
        "the path of a word-vector table (.npz), relative to the config's folder",
    ),
    "word_vectors_weight": (lambda v: is_number(v) and v > 0, POSITIVE),  # type: ignore[operator]
}


def pipeline_params(
    check: Checker, model: dict[str, Any], base: Path | None = None
) -> PipelineParams:
    check.keys(model, "model", tuple(f.name for f in fields(PipelineParams)))
    for key, value in model.items():
        test, allowed = MODEL_VALUES[key]
        if not test(value):
            check.fail(f"model.{key}", f"must be {allowed}", value)
    if "word_vectors" in model:
        table = Path(model["word_vectors"])
        table = table if table.is_absolute() or base is None else base / table
        if not table.is_file():
            check.fail("model.word_vectors", "names no file", str(table))
        model = {**model, "word_vectors": str(table.resolve())}
    params = PipelineParams.from_mapping(model)
    if params.classifier == "complement_nb" and params.word_vectors:
        check.fail(
            "model.word_vectors",
            'must be left out with classifier = "complement_nb" (word vectors can be negative)',
        )
    if params.classifier == "complement_nb" and params.style:
        check.fail(
            "model.style",
            'must be false with classifier = "complement_nb" '
            "(the standardised style features can be negative)",
        )
    if not (params.word_ngrams or (params.char_ngrams and params.char_columns) or params.style):
        check.fail("model", "leaves no features: keep word_ngrams, char_ngrams or style")
    return params
