"""The training config: which corpora and files train a model, how they are split and
weighted, the pipeline parameters, the threshold rule and the seed.

A config is a TOML file (``models/default/train.toml`` is the shipped one) read by
:meth:`TrainingConfig.from_file`. Reading is strict: an unknown key, or a value of the
wrong type or out of range, raises :class:`ValueError` naming the file, the key
(``corpora.team-fr.weight``) and what is allowed, so that a typo never trains another
model than the one asked for.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NoReturn

from clickbait.datasets import CORPORA
from clickbait.pipeline import CLASSIFIERS, PipelineParams

# Folds of the out-of-fold predictions on which thresholds are chosen and scores calibrated.
OUT_OF_FOLD_FOLDS = 3


@dataclass(frozen=True)
class CorpusUse:
    """How one corpus enters training: weight, which splits train, how much is held out."""

    name: str
    weight: float = 1.0
    train_splits: tuple[str, ...] = ("train",)
    eval_splits: tuple[str, ...] = ("test",)
    holdout: float | None = None
    max_rows: int | None = None


@dataclass(frozen=True)
class FileUse:
    """A labelled file of the user's (CSV/TSV or JSON Lines) that joins the training set."""

    path: Path
    lang: str
    weight: float = 1.0
    holdout: float = 0.2

    @property
    def name(self) -> str:
        return f"file:{self.path.name}"


@dataclass(frozen=True)
class ThresholdRule:
    """How the decision threshold is set.

    ``fixed``: ``value`` itself. ``max_f1``: the threshold with the best filler F1.
    ``min_precision``: the lowest threshold whose filler precision is at least ``value``
    in every language, that is the most filler found at that precision.
    ``max_news_flagged``: the lowest threshold at which at most a share ``value`` of the
    news rows of every language is called filler. All are chosen on out-of-fold
    predictions for the training rows (weighted as in training), or for the rows of
    ``corpora`` only when it names some.
    """

    goal: str = "fixed"
    value: float | None = 0.5
    corpora: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, value: object, source: str) -> ThresholdRule:
        """The rule of a config's ``threshold``; raises ``ValueError`` for anything else."""
        check = _Checker(source)
        if isinstance(value, dict):
            goals = ("filler_precision", "max_news_flagged")
            check.keys(value, "threshold", (*goals, "corpora"))
            named = [g for g in goals if g in value]
            if len(named) != 1:
                check.fail("threshold", f"needs exactly one of {', '.join(goals)}")
            goal = check.number(value, "threshold", named[0], None, _open_unit, UNIT)
            corpora = check.strings(value, "threshold", "corpora")
            unknown = [name for name in corpora if name not in CORPORA]
            if unknown:
                check.fail("threshold.corpora", f"unknown corpus (known: {_known()})", unknown[0])
            kind = "min_precision" if named[0] == "filler_precision" else "max_news_flagged"
            return cls(kind, goal, corpora)
        if value in ("auto", "max_f1"):
            return cls("max_f1", None)
        if not (_is_number(value) and _open_unit(value)):  # type: ignore[arg-type]
            check.fail(
                "threshold",
                f'must be {UNIT}, "auto" or "max_f1", or a table [threshold] with '
                f"filler_precision or max_news_flagged = {UNIT} (and optionally corpora)",
                value,
            )
        return cls("fixed", float(value))  # type: ignore[arg-type]

    def describe(self, folds: int) -> str:
        where = f"on {folds}-fold out-of-fold predictions"
        if self.corpora:
            where += f" of the training rows of {', '.join(self.corpora)}"
        if self.goal == "min_precision":
            return (
                f"lowest threshold with weighted filler precision >= {self.value} in every "
                f"language {where}"
            )
        if self.goal == "max_news_flagged":
            return (
                f"lowest threshold that calls at most {self.value:.0%} of the news of every "
                f"language filler {where}"
            )
        if self.goal == "max_f1":
            return f"maximum weighted filler F1 {where}"
        return "fixed in the config"


@dataclass(frozen=True)
class TrainingConfig:
    """A training config, checked; ``raw`` is the TOML as read, kept in the model card."""

    seed: int
    threshold: ThresholdRule
    params: PipelineParams
    corpora: tuple[CorpusUse, ...]
    evaluation: tuple[str, ...] = ()
    files: tuple[FileUse, ...] = ()
    # Fit a sigmoid on out-of-fold decision values so that scores are probabilities.
    calibrate: bool = False
    # The corpora whose out-of-fold rows the calibration is fitted on (all rows if empty).
    calibrate_on: tuple[str, ...] = ()
    # Corpora to leave out of training one at a time, to test the model on each.
    source_checks: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path) -> TrainingConfig:
        """Read a TOML config; the paths of its ``[[files]]`` are relative to its folder."""
        path = Path(path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ValueError(f"{path}: training config not found") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"{path}: training config cannot be read ({error})") from None
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path}: not valid TOML ({error})") from None
        return cls.from_dict(raw, source=str(path), base=path.parent)

    @classmethod
    def from_dict(
        cls, raw: dict[str, Any], source: str = "config", base: Path | None = None
    ) -> TrainingConfig:
        """A config from parsed TOML. Raises ``ValueError`` naming ``source``, the key and
        what it allows, at the first unknown key or bad value."""
        check = _Checker(source)
        check.keys(raw, "", TOP_LEVEL_KEYS)
        if "name" in raw:
            check.text(raw, "", "name")
        card = check.table(raw, "", "card")
        check.keys(card, "card", ("notes",))
        check.strings(card, "card", "notes")
        seed = check.whole(raw, "", "seed", 0, 0, 2**32 - 1)
        calibrate = raw.get("calibrate", False)
        if not isinstance(calibrate, bool):
            check.fail("calibrate", "must be true or false", calibrate)
        calibrate_on = check.strings(raw, "", "calibrate_on")
        if calibrate_on and not calibrate:
            check.fail("calibrate_on", "needs calibrate = true")
        corpora = check.table(raw, "", "corpora")
        uses = tuple(_corpus_use(check, name, options) for name, options in corpora.items())
        entries = raw.get("files", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            check.fail("files", "must be [[files]] entries (tables)", entries)
        files = tuple(_file_use(check, i, entry, base) for i, entry in enumerate(entries))
        if not uses and not files:
            raise ValueError(f"{source}: no [corpora.NAME] section and no [[files]] entry")
        trained = {use.name for use in uses}
        evaluation = check.corpus_list(raw, "evaluation")
        for name in evaluation:
            if name not in CORPORA:
                check.fail("evaluation.corpora", f"unknown corpus {name!r} (known: {_known()})")
            if name in trained:
                check.fail(
                    "evaluation.corpora",
                    f"{name!r} trains the model; list only corpora it never trains on",
                )
        for name in calibrate_on:
            if name not in trained:
                check.fail("calibrate_on", f"{name!r} is not one of the training corpora")
        source_checks = check.corpus_list(raw, "source_checks")
        for name in source_checks:
            if name not in trained:
                check.fail("source_checks.corpora", f"{name!r} is not one of the training corpora")
        return cls(
            seed=seed,
            threshold=ThresholdRule.from_config(raw.get("threshold", 0.5), source),
            params=_pipeline_params(check, check.table(raw, "", "model")),
            corpora=uses,
            evaluation=evaluation,
            files=files,
            calibrate=calibrate,
            calibrate_on=calibrate_on,
            source_checks=source_checks,
            raw=raw,
        )


TOP_LEVEL_KEYS = (
    "name",
    "seed",
    "calibrate",
    "calibrate_on",
    "threshold",
    "model",
    "corpora",
    "files",
    "evaluation",
    "source_checks",
    "card",
)
CORPUS_KEYS = ("weight", "train_splits", "eval_splits", "holdout", "max_rows")
FILE_KEYS = ("path", "lang", "weight", "holdout")
UNIT = "a number between 0 and 1"
HOLDOUT = "a number from 0 (train on every row) to below 1"
POSITIVE = "a number > 0"


def _is_number(value: object) -> bool:
    # TOML booleans are Python bools, and bool is an int: they are not numbers here.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _open_unit(value: float) -> bool:
    return 0 < value < 1


def _holdout(value: float) -> bool:
    return 0 <= value < 1


def _positive(value: float) -> bool:
    return value > 0


def _known() -> str:
    return ", ".join(CORPORA)


class _Checker:
    """Checks of one config's values; each failure is a ``ValueError`` with the config's
    name, the key in dotted form, what the key allows and the value found."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, allowed: str, *found: object) -> NoReturn:
        shown = f" (found {found[0]!r})" if found else ""
        raise ValueError(f"{self.source}: {key}: {allowed}{shown}")

    @staticmethod
    def _key(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def keys(self, table: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(self._key(where, key), f"unknown key; allowed: {', '.join(allowed)}")

    def table(self, raw: Mapping[str, Any], where: str, key: str) -> dict[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            self.fail(self._key(where, key), f"must be a table [{self._key(where, key)}]", value)
        return value

    def text(self, raw: Mapping[str, Any], where: str, key: str) -> str:
        value = raw.get(key)
        if not (isinstance(value, str) and value.strip()):
            self.fail(self._key(where, key), "must be a non-empty string", value)
        return value

    def strings(self, raw: Mapping[str, Any], where: str, key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(self._key(where, key), "must be a list of strings", value)
        return tuple(value)

    def whole(
        self,
        raw: Mapping[str, Any],
        where: str,
        key: str,
        default: int,
        low: int,
        high: int | None = None,
    ) -> int:
        value = raw.get(key, default)
        if not (_is_whole(value) and low <= value and (high is None or value <= high)):
            allowed = f">= {low}" if high is None else f"from {low} to {high}"
            self.fail(self._key(where, key), f"must be a whole number {allowed}", value)
        return value

    def number(
        self,
        raw: Mapping[str, Any],
        where: str,
        key: str,
        default: float | None,
        test: Callable[[float], bool],
        allowed: str,
    ) -> float:
        value = raw.get(key, default)
        if not (_is_number(value) and test(value)):
            self.fail(self._key(where, key), f"must be {allowed}", value)
        return float(value)

    def corpus_list(self, raw: Mapping[str, Any], section: str) -> tuple[str, ...]:
        table = self.table(raw, "", section)
        self.keys(table, section, ("corpora",))
        return self.strings(table, section, "corpora")


def _corpus_use(check: _Checker, name: str, options: object) -> CorpusUse:
    where = f"corpora.{name}"
    if name not in CORPORA:
        check.fail(where, f"unknown corpus (known: {_known()})")
    if not CORPORA[name].trainable:
        check.fail(where, f"corpus {name!r} may not train a model ({CORPORA[name].license})")
    if not isinstance(options, dict):
        check.fail(where, f"must be a table [{where}]", options)
    check.keys(options, where, CORPUS_KEYS)
    splits = {k: check.strings(options, where, k) for k in ("train_splits", "eval_splits")}
    return CorpusUse(
        name,
        check.number(options, where, "weight", 1.0, _positive, POSITIVE),
        **{k: v for k, v in splits.items() if k in options},
        holdout=check.number(options, where, "holdout", None, _holdout, HOLDOUT)
        if "holdout" in options
        else None,
        max_rows=check.whole(options, where, "max_rows", 1, 1) if "max_rows" in options else None,
    )


def _file_use(check: _Checker, index: int, entry: dict[str, Any], base: Path | None) -> FileUse:
    where = f"files[{index}]"
    check.keys(entry, where, FILE_KEYS)
    for key in ("path", "lang"):
        if key not in entry:
            check.fail(f"{where}.{key}", "missing: each [[files]] entry needs 'path' and 'lang'")
    path = Path(check.text(entry, where, "path"))
    return FileUse(
        path if path.is_absolute() or base is None else base / path,
        check.text(entry, where, "lang"),
        check.number(entry, where, "weight", 1.0, _positive, POSITIVE),
        check.number(entry, where, "holdout", 0.2, _holdout, HOLDOUT),
    )


def _ngrams(value: object) -> bool:
    # [low, high] with 1 <= low <= high <= MAX_NGRAM, or [] to leave the part out (TOML
    # has no null); the scorer refuses longer n-grams, so a model must not have them.
    from clickbait.linear import MAX_NGRAM

    return value == [] or (
        isinstance(value, list)
        and len(value) == 2
        and all(_is_whole(v) for v in value)
        and 1 <= value[0] <= value[1] <= MAX_NGRAM
    )


def _at_least_one(value: object) -> bool:
    return _is_whole(value) and value >= 1  # type: ignore[operator]


NGRAMS = "[low, high] with 1 <= low <= high <= 20, or [] for none"
WHOLE = "a whole number >= 1"
# What each [model] key accepts: a test of the TOML value, and the words for it.
MODEL_VALUES: dict[str, tuple[Callable[[object], bool], str]] = {
    "word_ngrams": (_ngrams, NGRAMS),
    "char_ngrams": (_ngrams, NGRAMS),
    "char_columns": (
        lambda v: isinstance(v, list) and all(c in ("headline", "snippet") for c in v),
        'a list of "headline" and "snippet", or [] for none',
    ),
    "style": (lambda v: isinstance(v, bool), "true or false"),
    "style_weight": (lambda v: _is_number(v) and v > 0, POSITIVE),  # type: ignore[operator]
    "min_df": (_at_least_one, WHOLE),
    "max_word_features": (_at_least_one, WHOLE),
    "max_char_features": (_at_least_one, WHOLE),
    "C": (lambda v: _is_number(v) and v > 0, POSITIVE),  # type: ignore[operator]
    "class_weight": (lambda v: v == "balanced", '"balanced", the only weighting a config sets'),
    "max_iter": (_at_least_one, WHOLE),
    "classifier": (lambda v: v in CLASSIFIERS, f"one of {', '.join(CLASSIFIERS)}"),
}


def _pipeline_params(check: _Checker, model: dict[str, Any]) -> PipelineParams:
    check.keys(model, "model", tuple(f.name for f in fields(PipelineParams)))
    for key, value in model.items():
        test, allowed = MODEL_VALUES[key]
        if not test(value):
            check.fail(f"model.{key}", f"must be {allowed}", value)
    params = PipelineParams.from_mapping(model)
    if params.classifier == "complement_nb" and params.style:
        check.fail(
            "model.style",
            'must be false with classifier = "complement_nb" '
            "(the standardised style features can be negative)",
        )
    if not (params.word_ngrams or (params.char_ngrams and params.char_columns) or params.style):
        check.fail("model", "leaves no features: keep word_ngrams, char_ngrams or style")
    return params
