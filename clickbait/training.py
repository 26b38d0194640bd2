"""Train the model from a config kept in the repository, and write its model card.

A config (TOML) names the corpora, how each is split and weighted, the pipeline
parameters and the seed; see ``models/default/train.toml``. :func:`train` builds the
training set, fits :func:`clickbait.model.build_pipeline`, evaluates every held-out
set and returns a :class:`~clickbait.model.TeaserModel` whose card records the config,
data checksums, counts, versions and metrics.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clickbait.datasets import (
    CORPORA,
    SharedDataMissing,
    load_labelled_file,
    sha256_file,
    shared_dir,
)
from clickbait.evaluate import EvaluationSet, binary_metrics, evaluate_frame
from clickbait.model import PipelineParams, TeaserModel, build_pipeline

Progress = Callable[[str], None]


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
class TrainingConfig:
    seed: int
    # A number, or None to choose it on out-of-fold predictions ("auto" in TOML).
    threshold: float | None
    params: PipelineParams
    corpora: tuple[CorpusUse, ...]
    evaluation: tuple[str, ...] = ()
    files: tuple[FileUse, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path) -> TrainingConfig:
        path = Path(path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ValueError(f"{path}: training config not found") from None
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{path}: not valid TOML ({error})") from None
        return cls.from_dict(raw, source=str(path), base=path.parent)

    @classmethod
    def from_dict(
        cls, raw: dict[str, Any], source: str = "config", base: Path | None = None
    ) -> TrainingConfig:
        files = []
        for entry in raw.get("files", []):
            if "path" not in entry or "lang" not in entry:
                raise ValueError(f"{source}: each [[files]] entry needs 'path' and 'lang'")
            path = Path(entry["path"])
            path = path if path.is_absolute() or base is None else base / path
            files.append(
                FileUse(
                    path,
                    str(entry["lang"]),
                    float(entry.get("weight", 1.0)),
                    float(entry.get("holdout", 0.2)),
                )
            )
        uses = []
        for name, options in raw.get("corpora", {}).items():
            if name not in CORPORA:
                raise ValueError(f"{source}: unknown corpus {name!r} (known: {', '.join(CORPORA)})")
            if not CORPORA[name].trainable:
                raise ValueError(
                    f"{source}: corpus {name!r} may not train a model ({CORPORA[name].license})"
                )
            options = dict(options)
            for key in ("train_splits", "eval_splits"):
                if key in options:
                    options[key] = tuple(options[key])
            uses.append(CorpusUse(name=name, **options))
        if not uses and not files:
            raise ValueError(f"{source}: no [corpora.NAME] section and no [[files]] entry")
        evaluation = tuple(raw.get("evaluation", {}).get("corpora", ()))
        for name in evaluation:
            if name not in CORPORA:
                raise ValueError(f"{source}: unknown evaluation corpus {name!r}")
        return cls(
            seed=int(raw.get("seed", 0)),
            threshold=_threshold(raw.get("threshold", 0.5), source),
            params=PipelineParams.from_mapping(raw.get("model", {})),
            corpora=tuple(uses),
            evaluation=evaluation,
            files=tuple(files),
            raw=raw,
        )


def _threshold(value: object, source: str) -> float | None:
    if value == "auto":
        return None
    if isinstance(value, int | float) and 0 < value < 1:
        return float(value)
    raise ValueError(f'{source}: threshold must be a number between 0 and 1, or "auto"')


def choose_threshold(
    config: TrainingConfig, train_frame: pd.DataFrame, folds: int = 3
) -> tuple[float, dict[str, Any]]:
    """The threshold that maximises filler F1 on out-of-fold predictions for all training
    rows, weighted as in training (both classes of each language count alike).

    Returns the threshold and a record of how it was chosen, for the model card.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    weights = language_balanced_weights(train_frame, _corpus_weights(config))
    labels = train_frame["label"].to_numpy()
    proba = cross_val_predict(
        build_pipeline(config.params),
        train_frame[["headline", "snippet"]],
        labels,
        cv=StratifiedKFold(folds, shuffle=True, random_state=config.seed),
        method="predict_proba",
        params={"classifier__sample_weight": weights},
        n_jobs=min(folds, 2),
    )
    filler = proba[:, 0]  # classes are sorted: filler, news
    truth = labels == "filler"
    candidates = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = [f1_score(truth, filler >= t, sample_weight=weights) for t in candidates]
    best = int(np.argmax(scores))
    return float(candidates[best]), {
        "method": f"maximum weighted filler F1 on {folds}-fold out-of-fold predictions",
        "f1_at_threshold": round(float(scores[best]), 4),
        "f1_at_0.5": round(float(scores[int(np.where(candidates == 0.5)[0][0])]), 4),
    }


def split_corpus(
    frame: pd.DataFrame, use: CorpusUse, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(training rows, held-out rows) of one corpus, as the config says."""
    if use.holdout == 0:
        train, held_out = frame, frame.iloc[:0]
    elif use.holdout is not None:
        from sklearn.model_selection import train_test_split

        try:
            train, held_out = train_test_split(
                frame, test_size=use.holdout, random_state=seed, stratify=frame["label"]
            )
        except ValueError:
            raise ValueError(
                f"{use.name}: too few rows of each class to hold out {use.holdout:.0%} "
                "(set holdout = 0 to train on every row)"
            ) from None
    else:
        train = frame[frame["split"].isin(use.train_splits)]
        held_out = frame[frame["split"].isin(use.eval_splits)]
    if use.max_rows is not None and len(train) > use.max_rows:
        train = train.sample(n=use.max_rows, random_state=seed)
    return train, held_out


def _corpus_weights(config: TrainingConfig) -> dict[str, float]:
    return {u.name: u.weight for u in (*config.corpora, *config.files)}


def language_balanced_weights(frame: pd.DataFrame, corpus_weight: dict[str, float]) -> np.ndarray:
    """Sample weights: each corpus scaled by its weight, then both classes of a language
    given equal total weight, so that no language's news side outweighs its filler side."""
    weights = frame["corpus"].map(corpus_weight).to_numpy(dtype=float)
    result = weights.copy()
    for _, index in frame.groupby("lang").groups.items():
        rows = frame.index.get_indexer(index)
        total = weights[rows].sum()
        for label in ("filler", "news"):
            mask = rows[(frame["label"].to_numpy()[rows] == label)]
            if len(mask):
                result[mask] = weights[mask] * (total / 2) / weights[mask].sum()
    return result * (len(result) / result.sum())


@dataclass
class _Loaded:
    train: list[pd.DataFrame] = field(default_factory=list)
    held_out: dict[str, pd.DataFrame] = field(default_factory=dict)
    checksums: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def _load(config: TrainingConfig, progress: Progress, missing_ok: bool) -> _Loaded:
    """Every corpus and file of a config, split as it says. Evaluation-only corpora
    whose files are absent are always skipped; with ``missing_ok``, so is any other
    corpus or file that cannot be read (``skipped`` says why)."""
    loaded = _Loaded()

    def skip(name: str, error: Exception) -> None:
        progress(f"skipped {name}: {error}")
        loaded.skipped[name] = str(error)

    for use in config.corpora:
        progress(f"loading {use.name}")
        corpus = CORPORA[use.name]
        try:
            frame = corpus.load()
            loaded.checksums[use.name] = corpus.checksums()
        except SharedDataMissing as error:
            if not missing_ok:
                raise
            skip(use.name, error)
            continue
        train, test = split_corpus(frame, use, config.seed)
        loaded.train.append(train)
        if len(test):
            loaded.held_out[use.name] = test
    for use in config.files:
        progress(f"loading {use.path}")
        try:
            frame = load_labelled_file(use.path, require_both_classes=True)
        except ValueError as error:
            if not missing_ok:
                raise
            skip(use.name, error)
            continue
        frame = frame.assign(lang=use.lang, corpus=use.name, category="", split="")
        train, test = split_corpus(frame, CorpusUse(use.name, holdout=use.holdout), config.seed)
        loaded.train.append(train)
        loaded.held_out[use.name] = test
        loaded.checksums[use.name] = {use.path.name: sha256_file(use.path)}
    for name in config.evaluation:
        progress(f"loading {name} (evaluation only)")
        try:
            loaded.held_out[name] = CORPORA[name].load()
            loaded.checksums[name] = CORPORA[name].checksums()
        except SharedDataMissing as error:
            skip(name, error)
    return loaded


def training_data(
    config: TrainingConfig, progress: Progress = lambda _: None
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    """(training frame, held-out frames by corpus, checksums by corpus)."""
    loaded = _load(config, progress, missing_ok=False)
    return pd.concat(loaded.train, ignore_index=True), loaded.held_out, loaded.checksums


def held_out_data(
    config: TrainingConfig, progress: Progress = lambda _: None
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """(held-out frames by corpus or file, reasons by name for those skipped).

    The same rows as :func:`training_data` holds out, but a corpus absent from
    ../shared, or a file that cannot be read, is skipped instead of stopping the run.
    """
    loaded = _load(config, progress, missing_ok=True)
    return loaded.held_out, loaded.skipped


def fit(
    config: TrainingConfig, train_frame: pd.DataFrame, progress: Progress = lambda _: None
) -> TeaserModel:
    """Fit the pipeline on a training frame with language-balanced weights.

    With ``threshold = "auto"`` the threshold is chosen first, on out-of-fold
    predictions (:func:`choose_threshold`); ``model.card["threshold_choice"]`` says how.
    """
    threshold_choice: dict[str, Any] = {"method": "fixed in the config"}
    threshold = config.threshold
    if threshold is None:
        progress("choosing the threshold on out-of-fold predictions")
        threshold, threshold_choice = choose_threshold(config, train_frame)
    progress(f"fitting on {len(train_frame):,} teasers")
    pipeline = build_pipeline(config.params)
    weights = language_balanced_weights(train_frame, _corpus_weights(config))
    pipeline.fit(
        train_frame[["headline", "snippet"]],
        train_frame["label"],
        classifier__sample_weight=weights,
    )
    return TeaserModel(pipeline, threshold, {"threshold_choice": threshold_choice})


def evaluate_held_out(model: TeaserModel, held_out: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Metrics per held-out corpus; team corpora also per category (kind or section)."""
    metrics: dict[str, Any] = {}
    for name, frame in held_out.items():
        by = "category" if name.startswith("team-") else None
        metrics[name] = evaluate_frame(model, frame, by=by)
    return metrics


def evaluate_languages(
    model: TeaserModel, held_out: dict[str, pd.DataFrame], trainable_only: bool = True
) -> dict[str, Any]:
    """Metrics per language over the held-out rows of every corpus in that language
    (by default only corpora that may train a model, so figures compare like with like)."""
    frames = [
        frame[["headline", "snippet", "label", "lang"]]
        for name, frame in held_out.items()
        if not trainable_only or name not in CORPORA or CORPORA[name].trainable
    ]
    if not frames:
        return {}
    combined = pd.concat(frames, ignore_index=True)
    return {k: v for k, v in evaluate_frame(model, combined, by="lang").items() if k != "all"}


def model_config(model: TeaserModel) -> tuple[TrainingConfig, str]:
    """The config a model was trained from, as its card records it, else the shipped
    model's config; with a sentence saying which, for reports."""
    from clickbait.persist import default_model_dir

    raw = model.card.get("config")
    if isinstance(raw, dict) and raw:
        try:
            return TrainingConfig.from_dict(raw, source="the model card"), (
                "the held-out splits of the model's own training config (from its card)"
            )
        except ValueError:
            pass
    path = default_model_dir() / "train.toml"
    return TrainingConfig.from_file(path), (
        f"the held-out splits of {path}: the model's card names no training config of its "
        "own, so some of these rows may have trained it"
    )


def _describe(name: str, config: TrainingConfig) -> str:
    uses = {u.name: u for u in (*config.corpora, *config.files)}
    use = uses.get(name)
    note = CORPORA[name].note if name in CORPORA else ""
    if isinstance(use, FileUse):
        how = f"{use.path}: a stratified {use.holdout:.0%} held out (seed {config.seed})"
    elif use is not None and use.holdout:
        how = f"a stratified {use.holdout:.0%} held out (seed {config.seed})"
    elif use is not None:
        how = f"held-out split: {', '.join(use.eval_splits)}"
    else:
        how = f"every row, never trained on ({CORPORA[name].license})"
    return f"{note}; {how}" if note else how


def report_groups(name: str, frame: pd.DataFrame) -> dict[str, Any]:
    """Row groups of a corpus for per-group figures: OBSINFOX titles by the labels a
    majority of its annotators gave (groups overlap); team corpora by ``category``
    (kind of filler or news section), other corpora too when it has 2 to 40 values."""
    from clickbait.datasets import OBSINFOX_LABELS

    if all(label in frame.columns for label in OBSINFOX_LABELS):
        return {
            f"{label} (annotator majority)": (frame[label].astype(float) >= 0.5).to_numpy()
            for label in OBSINFOX_LABELS
        }
    if "category" not in frame.columns:
        return {}
    values = sorted(v for v in frame["category"].unique() if v)
    # The team corpora are always broken down, as in the model card.
    if not (name.startswith("team-") or 2 <= len(values) <= 40):
        return {}
    return {value: (frame["category"] == value).to_numpy() for value in values}


def evaluation_sets(
    config: TrainingConfig, progress: Progress = lambda _: None
) -> tuple[list[EvaluationSet], dict[str, str]]:
    """The held-out rows of every corpus and file of a config, as evaluation sets
    (``transfer`` for the config's evaluation-only corpora), and those skipped."""
    held_out, skipped = held_out_data(config, progress)
    sets = [
        EvaluationSet(
            name,
            frame,
            "transfer" if name in config.evaluation else "held-out",
            _describe(name, config),
            report_groups(name, frame),
        )
        for name, frame in held_out.items()
    ]
    return sets, skipped


def read_seed_labels(path: Path) -> pd.DataFrame:
    """The seed page's labels (``label``, ``headline``); quotes in headlines are literal."""
    import csv

    return pd.read_csv(path, sep="\t", dtype=str, quoting=csv.QUOTE_NONE, keep_default_na=False)


def seed_page_check(model: TeaserModel) -> dict[str, Any] | None:
    """How many teasers of the seed page are found, in order, and labelled as in labels.tsv."""
    from clickbait.pages import read_path
    from clickbait.scoring import score_document

    folder = shared_dir() / "seed"
    labels_file = folder / "labels.tsv"
    pages = sorted(p for p in folder.glob("*.txt")) if folder.exists() else []
    if not labels_file.exists() or not pages:
        return None
    expected = read_seed_labels(labels_file)
    scored = score_document(model, read_path(pages[0]))
    found = [s.teaser.headline for s in scored]
    correct = sum(
        1
        for s, (_, row) in zip(scored, expected.iterrows(), strict=False)
        if s.teaser.headline == row["headline"] and s.label == row["label"]
    )
    return {
        "page": pages[0].name,
        "expected": len(expected),
        "found": len(found),
        "in_order": found == list(expected["headline"]),
        "correct": correct,
        "metrics": binary_metrics(
            list(expected["label"]), [s.score for s in scored][: len(expected)], model.threshold
        )
        if len(scored) >= len(expected)
        else None,
    }


def train(config: TrainingConfig, progress: Progress = lambda _: None) -> TeaserModel:
    """Train, evaluate and describe a model, as the config says."""
    started = time.perf_counter()
    train_frame, held_out, checksums = training_data(config, progress)
    model = fit(config, train_frame, progress)
    fit_seconds = time.perf_counter() - started
    progress("evaluating held-out sets")
    counts = train_frame.groupby(["corpus", "label"]).size().unstack(fill_value=0).to_dict("index")
    model.card = {
        "name": config.raw.get("name", "clickbait"),
        "config": config.raw,
        "training_rows": {k: {lab: int(n) for lab, n in v.items()} for k, v in counts.items()},
        "held_out_rows": {k: len(v) for k, v in held_out.items()},
        "data_sha256": checksums,
        "threshold": model.threshold,
        "threshold_choice": model.card["threshold_choice"],
        "train_seconds": round(fit_seconds, 1),
        "metrics": evaluate_held_out(model, held_out),
        "metrics_by_language": evaluate_languages(model, held_out),
        "seed_page": seed_page_check(model),
        "notes": list(config.raw.get("card", {}).get("notes", [])),
    }
    return model
