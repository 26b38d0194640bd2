"""Save and load models without turning a model file into code execution.

A saved model is a folder::

    model.skops      the fitted pipeline, in the skops format (no pickle)
    scorer.npz       the same model as arrays (clickbait.linear), read with NumPy's
                     allow_pickle=False: what scoring runs on
    manifest.json    sha256 of both files, versions, threshold, metrics (the model card)

Loading checks the manifest first: a file whose hash differs is refused. Scoring needs
only ``scorer.npz``, so neither scikit-learn nor the skops file is read until something
asks for the pipeline (training tools, experiments). Then a skops file saved under a
scikit-learn release this one cannot read is refused, and the file is loaded with an
explicit allow-list of types: scikit-learn's own, plus this package's feature
transformers. Anything else is refused unless the caller passes ``trust=True``.
Pickle and joblib files are refused outright unless ``trust=True``.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clickbait.model import ScoreCalibration, TeaserModel

MODEL_FILE = "model.skops"
SCORER_FILE = "scorer.npz"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1
# The project's own types, allowed in a skops file on top of what skops trusts itself.
PROJECT_TYPES = frozenset(
    {
        "clickbait.features.CompactTfidfVectorizer",
        "clickbait.features.StyleFeatures",
        "clickbait.features.TeaserText",
    }
)
# Plain scikit-learn, NumPy and SciPy building blocks that this pipeline uses.
LIBRARY_TYPES = frozenset(
    {
        "builtins.slice",
        "collections.OrderedDict",
        "numpy.dtype",
        "numpy.float32",
        "numpy.float64",
        "numpy.int64",
        "numpy.ndarray",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.compose._column_transformer.ColumnTransformer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.pipeline.Pipeline",
        "sklearn.preprocessing._data.StandardScaler",
        "sklearn.utils._bunch.Bunch",
    }
)
ALLOWED_TYPES = PROJECT_TYPES | LIBRARY_TYPES


class ModelError(Exception):
    """A model that cannot be loaded safely; the message says what to do."""


def default_model_dir() -> Path:
    """The shipped model: ``$CLICKBAIT_MODEL`` if set, else ``models/default``."""
    configured = os.environ.get("CLICKBAIT_MODEL")
    if configured:
        return Path(configured)
    from importlib import resources

    return Path(str(resources.files("clickbait.models").joinpath("default")))


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def versions() -> dict[str, str]:
    import sklearn

    from clickbait import __version__

    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "clickbait": __version__,
    }


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write a file through a temporary file and a rename, so no reader sees half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp creates 0600 files; give the result the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(model: TeaserModel, directory: str | Path) -> Path:
    """Save a model folder (``model.skops``, ``scorer.npz`` when the pipeline has an
    array form, and ``manifest.json``); returns the folder."""
    import io

    import skops.io as sio

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    blob = sio.dumps(model.pipeline, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    scorer_blob = None
    if model.scorer is not None:
        buffer = io.BytesIO()
        model.scorer.save(buffer)
        scorer_blob = buffer.getvalue()
    manifest = {
        "format": FORMAT_VERSION,
        "model_file": MODEL_FILE,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "scorer_file": SCORER_FILE if scorer_blob is not None else None,
        "scorer_sha256": hashlib.sha256(scorer_blob).hexdigest() if scorer_blob else None,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "versions": versions(),
        "threshold": model.threshold,
        "calibration": model.calibration.to_dict() if model.calibration else None,
        "card": model.card,
    }
    # The model files first, the manifest last: a folder with a manifest is complete.
    atomic_write(directory / MODEL_FILE, blob)
    if scorer_blob is not None:
        atomic_write(directory / SCORER_FILE, scorer_blob)
    else:
        (directory / SCORER_FILE).unlink(missing_ok=True)
    atomic_write(
        directory / MANIFEST_FILE, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )
    return directory


def read_manifest(directory: str | Path) -> dict[str, Any]:
    path = Path(directory) / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path} not found: not a clickbait model folder") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelError(
            f"{path} is not valid JSON ({error}); the model folder is damaged"
        ) from None


def _check_sklearn(saved: str) -> None:
    import sklearn

    installed = sklearn.__version__
    if saved.split(".")[:2] != installed.split(".")[:2]:
        raise ModelError(
            f"the model was saved with scikit-learn {saved}, but {installed} is installed; "
            f"install scikit-learn=={saved}, or retrain it with 'clickbait train'"
        )


def load_model(path: str | Path | None = None, trust: bool = False) -> TeaserModel:
    """Load a model folder (or a bare ``.skops`` file) safely.

    ``path`` defaults to the shipped model. Raises :class:`ModelError` with what to do
    when the model is missing, altered, from another scikit-learn, or holds types that
    are not allowed. ``trust=True`` skips the type allow-list and also loads pickle or
    joblib files: only for files from a source you trust, as loading them runs code.
    """
    path = Path(path) if path is not None else default_model_dir()
    if not path.exists():
        raise ModelError(f"{path} not found: give a model folder or file with --model")
    if path.is_dir():
        manifest = read_manifest(path)
        model_file = path / str(manifest.get("model_file", MODEL_FILE))
        _check_file(model_file, manifest.get("sha256"))
        saved_with = str(manifest.get("versions", {}).get("scikit-learn", "?"))
        calibration = None
        if manifest.get("calibration"):
            try:
                calibration = ScoreCalibration.from_dict(manifest["calibration"])
            except (ValueError, AttributeError) as error:
                raise ModelError(f"{path / MANIFEST_FILE}: bad calibration ({error})") from None

        pipeline_loader = _PipelineFile(model_file, saved_with, trust)
        threshold = float(manifest.get("threshold", 0.5))
        card = manifest.get("card", {})
        if manifest.get("scorer_file"):
            scorer_file = path / str(manifest["scorer_file"])
            _check_file(scorer_file, manifest.get("scorer_sha256"))
            return TeaserModel(
                None,
                threshold,
                card,
                calibration,
                scorer=_load_scorer(scorer_file),
                pipeline_loader=pipeline_loader,
            )
        return TeaserModel(pipeline_loader(), threshold, card, calibration)
    if path.suffix == ".skops":
        return TeaserModel(_load_pipeline(path, trust))
    if not trust:
        raise ModelError(
            f"{path} is not a skops model: pickle and joblib files can run code when loaded; "
            "convert it to a clickbait model folder, or pass --trust if you trust its source"
        )
    import joblib

    loaded = joblib.load(path)
    return loaded if isinstance(loaded, TeaserModel) else TeaserModel(loaded)


@dataclass(frozen=True)
class _PipelineFile:
    """Reads a model's pipeline on first need (a plain object, so a model pickles)."""

    path: Path
    saved_with: str  # the scikit-learn version in the manifest
    trust: bool

    def __call__(self) -> Any:
        _check_sklearn(self.saved_with)
        return _load_pipeline(self.path, self.trust)


def _check_file(file: Path, expected_sha256: object) -> None:
    if not file.is_file():
        raise ModelError(f"{file} not found: the model folder is incomplete")
    if sha256_file(file) != expected_sha256:
        raise ModelError(
            f"{file} does not match the sha256 in its manifest: the file was altered "
            "or damaged; do not use it, retrain with 'clickbait train' or restore the original"
        )


def _load_scorer(scorer_file: Path) -> Any:
    from clickbait.linear import LinearScorer, ScorerFileError

    try:
        return LinearScorer.load(scorer_file)
    except ScorerFileError as error:
        raise ModelError(str(error)) from None


def _load_pipeline(model_file: Path, trust: bool) -> Any:
    import skops.io as sio

    try:
        found = set(sio.get_untrusted_types(file=model_file))
    except Exception as error:  # skops raises several types on corrupt archives
        raise ModelError(f"{model_file} is not a readable skops file ({error})") from None
    refused = sorted(found - ALLOWED_TYPES)
    if refused and not trust:
        raise ModelError(
            f"{model_file} holds types that are not allowed: {', '.join(refused)}; "
            "pass --trust only if you trust where the file comes from"
        )
    try:
        return sio.load(model_file, trusted=sorted(found))
    except Exception as error:
        raise ModelError(f"{model_file} could not be loaded ({error})") from None
