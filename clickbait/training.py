"""Train the model from a config kept in the repository, and write its model card.

A config (TOML) names the corpora, how each is split and weighted, the pipeline
parameters and the seed; see ``models/default/train.toml``. :func:`train` builds the
training set, fits :func:`clickbait.pipeline.build_pipeline`, evaluates every held-out
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
from clickbait.evaluate import EvaluationSet, binary_metrics, evaluate_frame, reliability
from clickbait.model import ScoreCalibration, TeaserModel
from clickbait.pipeline import PipelineParams, build_pipeline

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
class ThresholdRule:
    """How the decision threshold is set.

    ``fixed``: ``value`` itself. ``max_f1``: the threshold with the best filler F1.
    ``min_precision``: the lowest threshold whose filler precision is at least ``value``,
    that is the most filler found at that precision. Both are chosen on out-of-fold
    predictions for the training rows, weighted as in training.
    """

    goal: str = "fixed"
    value: float | None = 0.5

    @classmethod
    def from_config(cls, value: object, source: str) -> ThresholdRule:
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1:
            return cls("fixed", float(value))
        if value in ("auto", "max_f1"):
            return cls("max_f1", None)
        if isinstance(value, dict) and set(value) == {"filler_precision"}:
            goal = value["filler_precision"]
            if isinstance(goal, int | float) and 0 < goal < 1:
                return cls("min_precision", float(goal))
        raise ValueError(
            f'{source}: threshold must be a number between 0 and 1, "auto", '
            "or a table [threshold] with filler_precision = a number between 0 and 1"
        )

    def describe(self, folds: int) -> str:
        where = f"on {folds}-fold out-of-fold predictions"
        if self.goal == "min_precision":
            return (
                f"lowest threshold with weighted filler precision >= {self.value} in every "
                f"language {where}"
            )
        if self.goal == "max_f1":
            return f"maximum weighted filler F1 {where}"
        return "fixed in the config"


@dataclass(frozen=True)
class TrainingConfig:
    seed: int
    threshold: ThresholdRule
    params: PipelineParams
    corpora: tuple[CorpusUse, ...]
    evaluation: tuple[str, ...] = ()
    files: tuple[FileUse, ...] = ()
    # Fit a sigmoid on out-of-fold decision values so that scores are probabilities.
    calibrate: bool = False
    # Corpora to leave out of training one at a time, to test the model on each.
    source_checks: tuple[str, ...] = ()
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
        source_checks = tuple(raw.get("source_checks", {}).get("corpora", ()))
        trained = {u.name for u in uses}
        for name in source_checks:
            if name not in trained:
                raise ValueError(
                    f"{source}: source check {name!r} is not one of the training corpora"
                )
        calibrate = raw.get("calibrate", False)
        if not isinstance(calibrate, bool):
            raise ValueError(f"{source}: calibrate must be true or false")
        return cls(
            seed=int(raw.get("seed", 0)),
            threshold=ThresholdRule.from_config(raw.get("threshold", 0.5), source),
            params=PipelineParams.from_mapping(raw.get("model", {})),
            corpora=tuple(uses),
            evaluation=evaluation,
            files=tuple(files),
            calibrate=calibrate,
            source_checks=source_checks,
            raw=raw,
        )


OUT_OF_FOLD_FOLDS = 3


def out_of_fold_decisions(
    config: TrainingConfig, train_frame: pd.DataFrame, folds: int = OUT_OF_FOLD_FOLDS
) -> np.ndarray:
    """Decision values (positive toward filler) for every training row, each from a model
    fitted without that row's fold, with the training weights."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    weights = language_balanced_weights(train_frame, _corpus_weights(config))
    labels = train_frame["label"].to_numpy()
    decisions = cross_val_predict(
        build_pipeline(config.params),
        train_frame[["headline", "snippet"]],
        labels,
        cv=StratifiedKFold(folds, shuffle=True, random_state=config.seed),
        method="decision_function",
        params={"classifier__sample_weight": weights},
        n_jobs=min(folds, 2),
    )
    # Classes are sorted (filler, news): the decision value points toward news.
    return -decisions


def choose_threshold(
    rule: ThresholdRule,
    scores: np.ndarray,
    is_filler: np.ndarray,
    weights: np.ndarray,
    languages: np.ndarray,
) -> tuple[float, dict[str, Any]]:
    """The threshold the rule asks for, on out-of-fold scores; and a record for the card.

    A precision goal must hold in every language (weighted as in training, so both classes
    of a language weigh alike); F1 is maximised over all rows. Raises ``ValueError`` when
    no threshold reaches a precision goal.
    """
    from sklearn.metrics import precision_recall_fscore_support

    candidates = np.round(np.arange(0.02, 0.981, 0.01), 2)

    def table(mask: np.ndarray) -> np.ndarray:
        # (precision, recall, F1) for each candidate threshold, on the rows of mask.
        return np.array(
            [
                precision_recall_fscore_support(
                    is_filler[mask],
                    scores[mask] >= t,
                    average="binary",
                    sample_weight=weights[mask],
                    zero_division=0,
                )[:3]
                for t in candidates
            ]
        )

    overall = table(np.ones(len(scores), dtype=bool))
    per_language = {str(lang): table(languages == lang) for lang in np.unique(languages)}
    if rule.goal == "min_precision":
        worst = np.min([t[:, 0] for t in per_language.values()], axis=0)
        meeting = np.flatnonzero(worst >= rule.value)
        if not len(meeting):
            raise ValueError(
                f"no threshold reaches filler precision {rule.value} in every language on "
                f"out-of-fold predictions (best {worst.max():.3f}); lower the goal"
            )
        best = int(meeting[0])
    else:
        best = int(np.argmax(overall[:, 2]))
    at_half = int(np.flatnonzero(candidates == 0.5)[0])

    def row(values: np.ndarray) -> dict[str, float]:
        return {
            k: round(float(v), 4)
            for k, v in zip(("precision", "recall", "f1"), values, strict=True)
        }

    return float(candidates[best]), {
        "method": rule.describe(OUT_OF_FOLD_FOLDS),
        "out_of_fold_at_threshold": row(overall[best]),
        "out_of_fold_at_0.5": row(overall[at_half]),
        "out_of_fold_by_language": {lang: row(t[best]) for lang, t in per_language.items()},
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

    When the threshold is chosen or the scores calibrated, out-of-fold decision values
    for the training rows come first; ``model.card`` records the threshold choice and the
    reliability of out-of-fold scores before and after calibration.
    """
    weights = language_balanced_weights(train_frame, _corpus_weights(config))
    is_filler = (train_frame["label"] == "filler").to_numpy()
    card: dict[str, Any] = {"threshold_choice": {"method": "fixed in the config"}}
    threshold = config.threshold.value
    calibration = None
    if config.threshold.goal != "fixed" or config.calibrate:
        progress("out-of-fold predictions for the threshold and calibration")
        decisions = out_of_fold_decisions(config, train_frame)
        # A binary logistic regression's own probability is the sigmoid of its decision.
        scores = 1.0 / (1.0 + np.exp(-decisions))
        if config.calibrate:
            calibration = ScoreCalibration.fit(decisions, is_filler, weights)
            calibrated = calibration.apply(decisions)
            card["calibration"] = {
                **calibration.to_dict(),
                "fitted_on": f"{OUT_OF_FOLD_FOLDS}-fold out-of-fold decision values, "
                "weighted as in training",
                "out_of_fold_before": reliability(is_filler, scores, sample_weight=weights),
                "out_of_fold_after": reliability(is_filler, calibrated, sample_weight=weights),
            }
            scores = calibrated
        if config.threshold.goal != "fixed":
            threshold, card["threshold_choice"] = choose_threshold(
                config.threshold, scores, is_filler, weights, train_frame["lang"].to_numpy()
            )
    progress(f"fitting on {len(train_frame):,} teasers")
    pipeline = build_pipeline(config.params)
    pipeline.fit(
        train_frame[["headline", "snippet"]],
        train_frame["label"],
        classifier__sample_weight=weights,
    )
    model = TeaserModel(pipeline, float(threshold), card, calibration)
    _check_scorer(model, train_frame)
    return model


# Largest difference allowed between the array scorer's decision values and the
# pipeline's (float32 TF-IDF in the pipeline, float64 in the scorer: about 1e-7).
SCORER_TOLERANCE = 1e-4


def _check_scorer(model: TeaserModel, frame: pd.DataFrame, rows: int = 2000) -> None:
    """Refuse a model whose array scorer disagrees with its pipeline on training rows."""
    if model.scorer is None:
        return
    sample = frame.sample(min(rows, len(frame)), random_state=0)
    headlines, snippets = sample["headline"].tolist(), sample["snippet"].tolist()
    sign = 1.0 if list(model.pipeline.classes_)[1] == "filler" else -1.0
    expected = sign * model.pipeline.decision_function(sample[["headline", "snippet"]])
    gap = float(np.max(np.abs(model.scorer.decision_function(headlines, snippets) - expected)))
    if gap > SCORER_TOLERANCE:
        raise RuntimeError(
            f"the array scorer differs from the pipeline by {gap:.2g} on training rows "
            f"(allowed: {SCORER_TOLERANCE:g}); the model was not saved"
        )


def source_checks(
    config: TrainingConfig,
    train_frame: pd.DataFrame,
    held_out: dict[str, pd.DataFrame],
    threshold: float,
    progress: Progress = lambda _: None,
) -> dict[str, Any]:
    """Leave each corpus of ``config.source_checks`` out of training in turn, and test on
    its held-out rows: what the model knows of that corpus without having seen its source.

    The threshold is the full model's; no calibration, so the figures isolate the data.
    """
    results: dict[str, Any] = {}
    for name in config.source_checks:
        if name not in held_out:
            continue
        progress(f"source check: training without {name}")
        rest = train_frame[train_frame["corpus"] != name]
        pipeline = build_pipeline(config.params)
        pipeline.fit(
            rest[["headline", "snippet"]],
            rest["label"],
            classifier__sample_weight=language_balanced_weights(rest, _corpus_weights(config)),
        )
        without = TeaserModel(pipeline, threshold)
        results[name] = {
            "trained_on": sorted(rest["corpus"].unique()),
            "metrics": binary_metrics(
                held_out[name]["label"], without.predict_proba(held_out[name]), threshold
            ),
        }
    return results


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
        "calibration": model.card.get("calibration"),
        "train_seconds": round(fit_seconds, 1),
        "metrics": evaluate_held_out(model, held_out),
        "metrics_by_language": evaluate_languages(model, held_out),
        "seed_page": seed_page_check(model),
        "source_checks": source_checks(config, train_frame, held_out, model.threshold, progress),
        "notes": list(config.raw.get("card", {}).get("notes", [])),
    }
    return model
