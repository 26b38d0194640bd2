"""A model folder's manifest and scorer, checked before anything is read from them.

A manifest is data from outside: every field that loading uses is checked (format,
file names, checksums, threshold, calibration), so that a damaged or altered one is
refused with what is wrong, never read as a path outside the folder or turned into
scores that are not probabilities. The scorer's arrays are checked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clickbait.model import ScoreCalibration

FORMAT_VERSION = 1
MODEL_FILE = "model.skops"


class ModelError(Exception):
    """A model that cannot be loaded safely; the message says what to do."""


@dataclass(frozen=True)
class Manifest:
    """The fields of a manifest, checked."""

    model_file: str
    sha256: str
    scorer_file: str | None
    scorer_sha256: str | None
    saved_with: str
    threshold: float
    calibration: ScoreCalibration | None
    card: dict[str, Any]


def checked_manifest(manifest: object, where: Path) -> Manifest:
    """Every field of a manifest that loading uses, or a :class:`ModelError` naming it."""

    def bad(field: str, problem: str) -> ModelError:
        return ModelError(f"{where}: {field} {problem}; the model folder is damaged or altered")

    if not isinstance(manifest, dict):
        raise bad("the manifest", "is not a JSON object")
    version = manifest.get("format")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ModelError(
            f"{where}: model folder format {version!r}; this clickbait reads format "
            f"{FORMAT_VERSION}: use the clickbait release that wrote it, or retrain it"
        )
    model_file = _file_name(manifest.get("model_file", MODEL_FILE), "model_file", bad)
    scorer_file = manifest.get("scorer_file")
    if scorer_file is not None:
        scorer_file = _file_name(scorer_file, "scorer_file", bad)
    sha256 = _digest(manifest.get("sha256"), "sha256", bad)
    scorer_sha256 = (
        _digest(manifest.get("scorer_sha256"), "scorer_sha256", bad) if scorer_file else None
    )
    threshold = manifest.get("threshold", 0.5)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0.0 <= threshold <= 1.0  # (NaN fails this too)
    ):
        raise bad("threshold", f"is {threshold!r}, not a number from 0 to 1")
    calibration = None
    if manifest.get("calibration"):
        try:
            calibration = ScoreCalibration.from_dict(manifest["calibration"])
        except (ValueError, AttributeError, TypeError) as error:
            raise ModelError(f"{where}: bad calibration ({error})") from None
        if not calibration.slope > 0:
            raise bad(
                "calibration",
                f"slope is {calibration.slope!r}: a slope of 0 or less turns the scores around",
            )
    versions = manifest.get("versions", {})
    card = manifest.get("card", {})
    if not isinstance(versions, dict):
        raise bad("versions", "is not a JSON object")
    if not isinstance(card, dict):
        raise bad("card", "is not a JSON object")
    return Manifest(
        model_file,
        sha256,
        scorer_file,
        scorer_sha256,
        str(versions.get("scikit-learn", "?")),
        float(threshold),
        calibration,
        card,
    )


def _file_name(value: object, field: str, bad: Any) -> str:
    """A file of the model folder: a plain name, never a path that leads elsewhere."""
    if (
        not isinstance(value, str)
        or not value
        or value in {".", ".."}
        or "/" in value
        or "\\" in value
        or "\x00" in value
        or Path(value).is_absolute()
    ):
        raise bad(field, f"is {value!r}, not the name of a file in the model folder")
    return value


def _digest(value: object, field: str, bad: Any) -> str:
    if (
        not isinstance(value, str)
        or len(value) != 64
        or not all(c in "0123456789abcdef" for c in value)
    ):
        raise bad(field, f"is {value!r}, not a sha256 checksum")
    return value


def check_scorer(scorer: Any, scorer_file: Path) -> None:
    """Refuse a scorer whose numbers would hang scoring or give scores that are not
    numbers: an n-gram range beyond what a model counts (each order of n costs a pass
    over every batch), NaN or infinite weights."""
    import numpy as np

    from clickbait.linear import MAX_NGRAM

    for part in scorer.parts:
        low, high = part.ngram_range
        if not 1 <= low <= high <= MAX_NGRAM:
            raise ModelError(
                f"{scorer_file}: part {part.name!r} counts n-grams of {low} to {high}; a model "
                f"counts from 1 to at most {MAX_NGRAM}: the file is damaged or altered"
            )
    arrays = [("intercept", np.array([scorer.intercept]))]
    for part in scorer.parts:
        arrays += [(f"{part.name} idf", part.idf), (f"{part.name} weights", part.weights)]
    if scorer.style is not None:
        style = scorer.style
        arrays += [("style mean", style.mean), ("style scale", style.scale)]
        arrays += [("style weights", style.weights)]
    for name, values in arrays:
        if not np.all(np.isfinite(values)):
            raise ModelError(
                f"{scorer_file}: its {name} hold NaN or infinite numbers, which would give "
                "scores that are not numbers: the file is damaged or altered"
            )
    if scorer.style is not None and not np.all(scorer.style.scale != 0):
        raise ModelError(f"{scorer_file}: a style scale of 0: the file is damaged or altered")
