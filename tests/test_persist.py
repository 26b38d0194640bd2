from __future__ import annotations

import contextlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from clickbait.model import TeaserModel
from clickbait.persist import (
    MANIFEST_FILE,
    MODEL_FILE,
    SCORER_FILE,
    ModelError,
    default_model_dir,
    load_model,
    save_model,
)
from clickbait.teasers import Teaser

TEASERS = [
    Teaser(headline="Ce fruit que vous mangez chaque matin abîme vos artères"),
    Teaser(headline="L'Assemblée adopte la réforme de l'assurance chômage"),
]


def copy_of(model_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(model_dir, target)
    return target


def test_round_trip_gives_the_same_scores(small_model: TeaserModel, small_model_dir: Path) -> None:
    loaded = load_model(small_model_dir)
    assert [s.score for s in loaded.score_teasers(TEASERS)] == pytest.approx(
        [s.score for s in small_model.score_teasers(TEASERS)]
    )
    assert loaded.threshold == small_model.threshold
    assert loaded.card["name"] == "test-model"


def test_manifest_records_hash_and_versions(small_model_dir: Path) -> None:
    manifest = json.loads((small_model_dir / MANIFEST_FILE).read_text())
    assert len(manifest["sha256"]) == 64
    assert set(manifest["versions"]) == {"python", "scikit-learn", "clickbait"}


@pytest.mark.parametrize("file", [MODEL_FILE, SCORER_FILE])
def test_tampered_model_is_refused(small_model_dir: Path, tmp_path: Path, file: str) -> None:
    folder = copy_of(small_model_dir, tmp_path)
    with open(folder / file, "ab") as handle:
        handle.write(b"\x00")
    with pytest.raises(ModelError, match="altered"):
        load_model(folder)


def test_other_sklearn_version_scores_but_its_pipeline_is_refused(
    small_model_dir: Path, tmp_path: Path
) -> None:
    folder = copy_of(small_model_dir, tmp_path)
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    manifest["versions"]["scikit-learn"] = "0.24.2"
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    model = load_model(folder)
    assert len(model.score_teasers(TEASERS)) == 2  # the scorer is arrays: any release reads it
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2.*retrain"):
        model.pipeline  # noqa: B018


def test_scorer_archive_with_a_pickle_inside_does_not_execute(
    small_model_dir: Path, tmp_path: Path
) -> None:
    import hashlib

    import numpy as np

    folder = copy_of(small_model_dir, tmp_path)
    marker = tmp_path / "pwned"
    with open(folder / SCORER_FILE, "wb") as handle:
        np.savez(handle, layout=np.array([_Payload(marker)], dtype=object))
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    manifest["scorer_sha256"] = hashlib.sha256((folder / SCORER_FILE).read_bytes()).hexdigest()
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="not a readable scorer archive"):
        load_model(folder)
    assert not marker.exists()


def test_scoring_a_loaded_model_imports_neither_sklearn_nor_pandas(small_model_dir: Path) -> None:
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from clickbait import Teaser, load_model\n"
        f"model = load_model({str(small_model_dir)!r})\n"
        "[scored] = model.score_teasers([Teaser(headline='Ce fruit que vous mangez')], explain=3)\n"
        "assert scored.explanation\n"
        "print(sorted(m for m in ('sklearn', 'pandas', 'scipy', 'skops') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_missing_and_broken_folders(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a clickbait model folder"):
        load_model(tmp_path / "empty")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(ModelError, match="damaged"):
        load_model(tmp_path / "bad")


class _Payload:
    """Pickling this object makes unpickling call ``Path.touch`` on a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_malicious_pickle_does_not_execute(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    evil = tmp_path / "model.pkl"
    evil.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError, match="--trust"):
        load_model(evil)
    assert not marker.exists()


def test_skops_file_with_foreign_types_is_refused(tmp_path: Path) -> None:
    import skops.io as sio
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    pipeline = Pipeline(
        [
            ("f", FunctionTransformer(func=shutil.rmtree)),
            ("c", RandomForestClassifier(n_estimators=1)),
        ]
    )
    path = tmp_path / "foreign.skops"
    sio.dump(pipeline, path)
    with pytest.raises(ModelError, match=r"not allowed.*shutil\.rmtree"):
        load_model(path)


def test_shipped_model_loads_and_matches_its_manifest() -> None:
    model = load_model()
    assert default_model_dir().joinpath(MODEL_FILE).is_file()
    assert 0 < model.threshold < 1
    scored = model.score_teasers(TEASERS)
    assert [s.label for s in scored] == ["filler", "news"]


def test_save_is_atomic_and_overwrites(small_model: TeaserModel, tmp_path: Path) -> None:
    folder = save_model(small_model, tmp_path / "m")
    save_model(small_model, folder)
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST_FILE, MODEL_FILE, SCORER_FILE]


def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clickbait import persist

    target = tmp_path / "out.json"
    target.write_text("old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(persist.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        persist.atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_loaded_model_pickles_for_worker_processes(small_model_dir: Path) -> None:
    model = load_model(small_model_dir)
    copy = pickle.loads(pickle.dumps(model))
    assert [s.score for s in copy.score_teasers(TEASERS)] == [
        s.score for s in model.score_teasers(TEASERS)
    ]
    assert copy.pipeline.classes_.tolist() == ["filler", "news"]


def test_every_file_of_the_shipped_model_is_packaged() -> None:
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["clickbait.models.default"]
    for file in (root / "models" / "default").iterdir():
        assert any(fnmatch.fnmatch(file.name, p) for p in patterns), f"{file.name} not packaged"


def test_the_version_comes_from_the_package_metadata_when_asked() -> None:
    import subprocess
    import sys
    from importlib.metadata import version

    from clickbait.persist import versions

    assert versions()["clickbait"] == version("clickbait")
    program = (
        "import sys\n"
        "import clickbait\n"
        "print('importlib.metadata' in sys.modules)\n"
        "print(clickbait.__version__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", version("clickbait")]


def test_the_version_of_a_package_that_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    import clickbait

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert clickbait._installed_version() == "0+unknown"


def test_file_checksums_are_sha256_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    from clickbait.persist import sha256_file

    data = bytes(range(256)) * 5000  # more than one read buffer
    (tmp_path / "blob").write_bytes(data)
    assert sha256_file(tmp_path / "blob") == hashlib.sha256(data).hexdigest()
    (tmp_path / "empty").write_bytes(b"")
    assert sha256_file(tmp_path / "empty") == hashlib.sha256(b"").hexdigest()


class _Killed(BaseException):
    """Stands for the process being killed in the middle of a save."""


def _folder_with(small_model: TeaserModel, tmp_path: Path) -> tuple[Path, TeaserModel]:
    folder = save_model(small_model, tmp_path / "m")
    newer = TeaserModel(small_model.pipeline, 0.25, {"name": "newer"})
    return folder, newer


@pytest.fixture(scope="module")
def pipeline_blob(small_model: TeaserModel) -> bytes:
    import zipfile

    import skops.io as sio

    return sio.dumps(small_model.pipeline, compression=zipfile.ZIP_DEFLATED, compresslevel=6)


@pytest.mark.parametrize("survived", [0, 1, 2, 3, 4, 5, 6])
def test_a_save_killed_at_any_rename_leaves_a_model_that_loads(
    small_model: TeaserModel,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    survived: int,
    pipeline_blob: bytes,
) -> None:
    # Killed between the renames, a save left a new model.skops under the old manifest.
    import skops.io as sio

    from clickbait import persist

    monkeypatch.setattr(sio, "dumps", lambda *args, **kwargs: pipeline_blob)  # (seconds each)
    folder, newer = _folder_with(small_model, tmp_path)
    real_replace = persist.os.replace
    done = 0

    def replace_then_die(source: object, target: object) -> None:
        nonlocal done
        if done == survived:
            raise _Killed
        done += 1
        real_replace(source, target)

    monkeypatch.setattr(persist.os, "replace", replace_then_die)
    with contextlib.suppress(_Killed):
        save_model(newer, folder)
    monkeypatch.setattr(persist.os, "replace", real_replace)
    loaded = load_model(folder)
    assert (loaded.threshold, loaded.card["name"]) in {(0.5, "test-model"), (0.25, "newer")}
    assert len(loaded.score_teasers(TEASERS)) == 2
    save_model(newer, folder)  # the next save clears what the killed one left
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST_FILE, MODEL_FILE, SCORER_FILE]
    assert load_model(folder).card["name"] == "newer"


def _edited(small_model_dir: Path, tmp_path: Path, **fields: object) -> Path:
    folder = copy_of(small_model_dir, tmp_path)
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(manifest.get(key), dict):
            manifest[key] = {**manifest[key], **value}
        else:
            manifest[key] = value
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    return folder


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"threshold": 5}, "threshold is 5, not a number from 0 to 1"),
        ({"threshold": "abc"}, "threshold is 'abc', not a number from 0 to 1"),
        ({"threshold": float("nan")}, "threshold is nan, not a number from 0 to 1"),
        ({"threshold": True}, "threshold is True"),
        ({"format": 99}, "format 99; this clickbait reads format 1"),
        ({"format": None}, "format None"),
        ({"scorer_file": "../../../../etc/passwd"}, "not the name of a file in the model folder"),
        ({"model_file": "/etc/passwd"}, "not the name of a file in the model folder"),
        ({"sha256": "0" * 10}, "not a sha256 checksum"),
        ({"card": ["not", "a", "card"]}, "card is not a JSON object"),
        (
            {"calibration": {"method": "sigmoid", "slope": -1.5, "intercept": 0.1}},
            "turns the scores around",
        ),
        ({"calibration": {"method": "sigmoid", "slope": "x", "intercept": 0.1}}, "bad calibration"),
    ],
)
def test_a_manifest_with_a_bad_field_is_refused(
    small_model_dir: Path, tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    folder = _edited(small_model_dir, tmp_path, **fields)
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_model(folder)


def _rewritten_scorer(small_model_dir: Path, tmp_path: Path, change: object) -> Path:
    import hashlib

    from clickbait.linear import LinearScorer

    folder = copy_of(small_model_dir, tmp_path)
    scorer = LinearScorer.load(folder / SCORER_FILE)
    change(scorer)  # type: ignore[operator]
    scorer.save(folder / SCORER_FILE)
    digest = hashlib.sha256((folder / SCORER_FILE).read_bytes()).hexdigest()
    return _edited(folder, tmp_path / "edited", scorer_sha256=digest)


def test_a_scorer_with_nan_weights_is_refused(small_model_dir: Path, tmp_path: Path) -> None:
    # NaN weights gave "score": NaN, which is not JSON.
    def poison(scorer: object) -> None:
        scorer.parts[0].weights[3] = float("nan")  # type: ignore[attr-defined]

    folder = _rewritten_scorer(small_model_dir, tmp_path, poison)
    with pytest.raises(ModelError, match="NaN or infinite"):
        load_model(folder)


def test_a_scorer_with_a_huge_ngram_range_is_refused(small_model_dir: Path, tmp_path: Path) -> None:
    # Consistent with its checksum, it made scoring count n-grams up to 10**9: a hang.
    def widen(scorer: object) -> None:
        scorer.parts[0].ngram_range = (1, 10**9)  # type: ignore[attr-defined]

    folder = _rewritten_scorer(small_model_dir, tmp_path, widen)
    with pytest.raises(ModelError, match=r"n-gram.*1.*1000000000"):
        load_model(folder)
