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

from clickbait.manifest import (
    FORMAT_VERSION,
    MODEL_FILE,
    ModelError,
    check_scorer,
    checked_manifest,
)
from clickbait.model import TeaserModel

SCORER_FILE = "scorer.npz"
MANIFEST_FILE = "manifest.json"
# The project's own types, allowed in a skops file on top of what skops trusts itself.
PROJECT_TYPES = frozenset(
    {
        "clickbait.features.CompactTfidfVectorizer",
        "clickbait.features.MeanWordVectors",
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
    _commit(directory, manifest, blob, scorer_blob)
    return directory


def _staged_name(name: str, digest: str) -> str:
    """``model.skops`` -> ``model.<sha>.skops``: where a new file waits for its manifest."""
    stem, dot, suffix = name.partition(".")
    return f"{stem}.{digest[:16]}{dot}{suffix}"


def _commit(
    directory: Path, manifest: dict[str, Any], blob: bytes, scorer_blob: bytes | None
) -> None:
    """Replace a model folder's files so that a kill at any moment leaves a model that
    loads, the old one or the new one.

    The new files are written under names of their own (:func:`_staged_name`), then a
    manifest naming them replaces the old manifest: that rename is the switch. The
    files then take their usual names and the manifest is written again with them; a
    manifest whose file is missing is read from the usual name, whose checksum must
    match (:func:`_model_path`). Files left by an interrupted save are removed.
    """
    staged = {MODEL_FILE: (blob, str(manifest["sha256"]))}
    if scorer_blob is not None:
        staged[SCORER_FILE] = (scorer_blob, str(manifest["scorer_sha256"]))
    names = {final: _staged_name(final, digest) for final, (_, digest) in staged.items()}
    for final, (data, _) in staged.items():
        atomic_write(directory / names[final], data)
    switched = {
        **manifest,
        "model_file": names[MODEL_FILE],
        "scorer_file": names.get(SCORER_FILE),
    }
    _write_manifest(directory, switched)  # the new model is in place from here on
    for final, name in names.items():
        os.replace(directory / name, directory / final)
    if scorer_blob is None:
        (directory / SCORER_FILE).unlink(missing_ok=True)
    _write_manifest(directory, manifest)
    _remove_leftovers(directory)


def _write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    atomic_write(directory / MANIFEST_FILE, text)


def _remove_leftovers(directory: Path) -> None:
    """Staged and temporary files of saves that were interrupted."""
    for path in directory.iterdir():
        name = path.name
        staged = any(
            name.startswith(f"{stem}.") and name.endswith(f".{suffix}") and name != final
            for final in (MODEL_FILE, SCORER_FILE)
            for stem, _, suffix in [final.partition(".")]
        )
        temporary = any(
            name.startswith(f".{final}.") for final in (MODEL_FILE, SCORER_FILE, MANIFEST_FILE)
        )
        if (staged or temporary) and path.is_file():
            path.unlink(missing_ok=True)


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
        checked = checked_manifest(manifest, path / MANIFEST_FILE)
        model_file = _model_path(path, checked.model_file, MODEL_FILE, checked.sha256)
        _check_file(model_file, checked.sha256)
        pipeline_loader = _PipelineFile(model_file, checked.saved_with, trust)
        if checked.scorer_file:
            scorer_file = _model_path(path, checked.scorer_file, SCORER_FILE, checked.scorer_sha256)
            _check_file(scorer_file, checked.scorer_sha256)
            return TeaserModel(
                None,
                checked.threshold,
                checked.card,
                checked.calibration,
                scorer=_load_scorer(scorer_file),
                pipeline_loader=pipeline_loader,
            )
        return TeaserModel(pipeline_loader(), checked.threshold, checked.card, checked.calibration)
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


def _model_path(directory: Path, name: str, usual: str, digest: str | None) -> Path:
    """The file a manifest names; the file under its usual name when the manifest names
    one that a save in progress was renaming (its checksum is checked all the same)."""
    path = directory / name
    if not path.exists() and name != usual and name == _staged_name(usual, str(digest)):
        return directory / usual
    return path


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
        scorer = LinearScorer.load(scorer_file)
    except ScorerFileError as error:
        raise ModelError(str(error)) from None
    check_scorer(scorer, scorer_file)
    return scorer


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
