"""The training config: which corpora and files train a model, how they are split and
weighted, the pipeline parameters, the threshold rule and the seed.

A config is a TOML file (``models/default/train.toml`` is the shipped one) read by
:meth:`TrainingConfig.from_file`. Reading is strict: an unknown key, or a value of the
wrong type or out of range, raises :class:`ValueError` naming the file, the key
(``corpora.team-fr.weight``) and what is allowed, so that a typo never trains another
model than the one asked for.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clickbait.config.checks import Checker, known_corpora
from clickbait.config.model import MODEL_VALUES, pipeline_params
from clickbait.config.sections import (
    CORPUS_KEYS,
    FILE_KEYS,
    CorpusUse,
    FileUse,
    ThresholdRule,
    corpus_use,
    file_use,
)
from clickbait.datasets import CORPORA
from clickbait.pipeline import PipelineParams

__all__ = [
    "CORPUS_KEYS",
    "FILE_KEYS",
    "MODEL_VALUES",
    "OUT_OF_FOLD_FOLDS",
    "TOP_LEVEL_KEYS",
    "CorpusUse",
    "FileUse",
    "ThresholdRule",
    "TrainingConfig",
]

# Folds of the out-of-fold predictions on which thresholds are chosen and scores calibrated.
OUT_OF_FOLD_FOLDS = 3


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
        check = Checker(source)
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
        uses = tuple(corpus_use(check, name, options) for name, options in corpora.items())
        entries = raw.get("files", [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            check.fail("files", "must be [[files]] entries (tables)", entries)
        files = tuple(file_use(check, i, entry, base) for i, entry in enumerate(entries))
        if not uses and not files:
            raise ValueError(f"{source}: no [corpora.NAME] section and no [[files]] entry")
        trained = {use.name for use in uses}
        evaluation = check.corpus_list(raw, "evaluation")
        for name in evaluation:
            if name not in CORPORA:
                check.fail(
                    "evaluation.corpora", f"unknown corpus {name!r} (known: {known_corpora()})"
                )
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
            params=pipeline_params(check, check.table(raw, "", "model"), base),
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
