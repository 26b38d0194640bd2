"""The ``[corpora.NAME]``, ``[[files]]`` and ``threshold`` sections of a training config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clickbait.config.checks import (
    HOLDOUT,
    POSITIVE,
    UNIT,
    Checker,
    holdout_share,
    is_number,
    known_corpora,
    open_unit,
    positive,
)
from clickbait.datasets import CORPORA

CORPUS_KEYS = ("weight", "train_splits", "eval_splits", "holdout", "max_rows")
FILE_KEYS = ("path", "lang", "weight", "holdout")


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
        check = Checker(source)
        if isinstance(value, dict):
            goals = ("filler_precision", "max_news_flagged")
            check.keys(value, "threshold", (*goals, "corpora"))
            named = [g for g in goals if g in value]
            if len(named) != 1:
                check.fail("threshold", f"needs exactly one of {', '.join(goals)}")
            goal = check.number(value, "threshold", named[0], None, open_unit, UNIT)
            corpora = check.strings(value, "threshold", "corpora")
            unknown = [name for name in corpora if name not in CORPORA]
            if unknown:
                check.fail(
                    "threshold.corpora", f"unknown corpus (known: {known_corpora()})", unknown[0]
                )
            kind = "min_precision" if named[0] == "filler_precision" else "max_news_flagged"
            return cls(kind, goal, corpora)
        if value in ("auto", "max_f1"):
            return cls("max_f1", None)
        if not (is_number(value) and open_unit(value)):  # type: ignore[arg-type]
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


def corpus_use(check: Checker, name: str, options: object) -> CorpusUse:
    where = f"corpora.{name}"
    if name not in CORPORA:
        check.fail(where, f"unknown corpus (known: {known_corpora()})")
    if not CORPORA[name].trainable:
        check.fail(where, f"corpus {name!r} may not train a model ({CORPORA[name].license})")
    if not isinstance(options, dict):
        check.fail(where, f"must be a table [{where}]", options)
    check.keys(options, where, CORPUS_KEYS)
    splits = {k: check.strings(options, where, k) for k in ("train_splits", "eval_splits")}
    return CorpusUse(
        name,
        check.number(options, where, "weight", 1.0, positive, POSITIVE),
        **{k: v for k, v in splits.items() if k in options},
        holdout=check.number(options, where, "holdout", None, holdout_share, HOLDOUT)
        if "holdout" in options
        else None,
        max_rows=check.whole(options, where, "max_rows", 1, 1) if "max_rows" in options else None,
    )


def file_use(check: Checker, index: int, entry: dict[str, Any], base: Path | None) -> FileUse:
    where = f"files[{index}]"
    check.keys(entry, where, FILE_KEYS)
    for key in ("path", "lang"):
        if key not in entry:
            check.fail(f"{where}.{key}", "missing: each [[files]] entry needs 'path' and 'lang'")
    path = Path(check.text(entry, where, "path"))
    return FileUse(
        path if path.is_absolute() or base is None else base / path,
        check.text(entry, where, "lang"),
        check.number(entry, where, "weight", 1.0, positive, POSITIVE),
        check.number(entry, where, "holdout", 0.2, holdout_share, HOLDOUT),
    )
