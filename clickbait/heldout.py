"""The rows a training config holds out, and how a model is measured on them.

:func:`training_data` and :func:`held_out_data` split every corpus and file of a config
as it says (:func:`split_corpus`): the same split gives the training rows and the
held-out ones. :func:`evaluation_sets` turns the held-out rows into the sets that
``clickbait evaluate`` reports on, for the config a model was trained from
(:func:`model_config`); :func:`evaluate_held_out`, :func:`evaluate_languages` and
:func:`seed_page_check` give the figures of the model card. Nothing here fits a model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from clickbait.config import CorpusUse, FileUse, TrainingConfig
from clickbait.datasets import CORPORA, SharedDataMissing, load_labelled_file, shared_dir
from clickbait.evaluate import EvaluationSet, evaluate_frame
from clickbait.metrics import binary_metrics
from clickbait.persist import sha256_file
from clickbait.real_pages import REAL_PAGE_CORPORA

if TYPE_CHECKING:
    from clickbait.model import TeaserModel

Progress = Callable[[str], None]


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


def file_sites(frame: pd.DataFrame) -> pd.Series:
    """The site of each row of a user's labelled file: its ``site`` column (as
    ``clickbait label`` writes it), else the host of its ``url``, else ``""``."""
    from clickbait.summary import host_of

    sites = pd.Series("", index=frame.index, dtype=object)
    if "url" in frame.columns:
        sites = frame["url"].fillna("").astype(str).map(host_of)
    if "site" in frame.columns:
        named = frame["site"].fillna("").astype(str).str.strip()
        sites = named.where(named != "", sites)
    return sites


def split_file(
    frame: pd.DataFrame, use: FileUse, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """(training rows, held-out rows, how they were split) of a user's labelled file.

    Teasers of one site share a widget and a style, so a share of rows held out at random
    flatters the model. When the rows name two sites or more (``site`` column, or the
    host of ``url``), whole sites are held out, drawn in an order shuffled by ``seed``
    until they hold ``use.holdout`` of the rows; the training rows keep at least one site
    and both classes. Otherwise (one site, or none named) a stratified share of rows is
    held out, and the record says so.
    """
    import numpy as np

    sites = frame["site"] if "site" in frame.columns else pd.Series("", index=frame.index)
    named = sorted({s for s in sites if s})
    record: dict[str, Any] = {"rows": len(frame), "sites": len(named), "holdout": use.holdout}
    if use.holdout and len(named) >= 2 and (sites != "").all():
        order = np.random.default_rng(seed).permutation(len(named))
        wanted, held, held_rows = use.holdout * len(frame), [], 0
        for index in order[:-1]:  # the training rows keep at least one site
            if held_rows >= wanted:
                break
            site = named[index]
            rest = frame[~sites.isin([*held, site])]
            if rest["label"].nunique() < 2:
                continue
            held.append(site)
            held_rows += int((sites == site).sum())
        mask = sites.isin(held).to_numpy()
        record.update(split="by site", held_out_sites=sorted(held))
        train, held_out = frame[~mask], frame[mask]
    else:
        train, held_out = split_corpus(frame, CorpusUse(use.name, holdout=use.holdout), seed)
        record["split"] = "by row (stratified)" if use.holdout else "none"
        if use.holdout:
            record["why"] = (
                "the rows name one site" if len(named) == 1 else "not every row names its site"
            )
    record.update(train_rows=len(train), held_out_rows=len(held_out))
    return train, held_out, record


@dataclass
class ConfigData:
    """The rows of a config: training frames, held-out frames by corpus or file,
    checksums of the files read, and why any corpus or file was skipped."""

    train: list[pd.DataFrame] = field(default_factory=list)
    held_out: dict[str, pd.DataFrame] = field(default_factory=dict)
    checksums: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    # Training rows left out because their headline is held out elsewhere, by corpus.
    overlap: dict[str, int] = field(default_factory=dict)
    # How each file of the user's own labels was split (:func:`split_file`), by name.
    own_labels: dict[str, dict[str, Any]] = field(default_factory=dict)


def _without_held_out_headlines(loaded: ConfigData) -> None:
    """Leave out of training every row whose headline is held out by any corpus or file.

    Corpora share text: Stop Clickbait's outlet labels and the team's reading of 3,000 of
    the same headlines, OrangeSum by source and by reading, one syndicated headline on
    two sites. A held-out row must never train under another corpus's name.
    """
    from clickbait.teasers import headline_key

    held = {headline_key(h) for frame in loaded.held_out.values() for h in frame["headline"]}
    for index, frame in enumerate(loaded.train):
        keep = ~frame["headline"].map(headline_key).isin(held)
        dropped = int((~keep).sum())
        if dropped:
            name = str(frame["corpus"].iloc[0])
            loaded.overlap[name] = loaded.overlap.get(name, 0) + dropped
            loaded.train[index] = frame[keep.to_numpy()]


def load_config_data(config: TrainingConfig, progress: Progress, missing_ok: bool) -> ConfigData:
    """Every corpus and file of a config, split as it says. Evaluation-only corpora
    whose files are absent are always skipped; with ``missing_ok``, so is any other
    corpus or file that cannot be read (``skipped`` says why)."""
    loaded = ConfigData()

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
    for file in config.files:
        progress(f"loading {file.path}")
        try:
            frame = load_labelled_file(file.path, require_both_classes=True)
        except ValueError as error:
            if not missing_ok:
                raise
            skip(file.name, error)
            continue
        frame = frame.assign(
            lang=file.lang, corpus=file.name, category="", split="", site=file_sites(frame)
        )
        train, test, loaded.own_labels[file.name] = split_file(frame, file, config.seed)
        loaded.train.append(train)
        loaded.held_out[file.name] = test
        loaded.checksums[file.name] = {file.path.name: sha256_file(file.path)}
    for name in config.evaluation:
        progress(f"loading {name} (evaluation only)")
        try:
            loaded.held_out[name] = CORPORA[name].load()
            loaded.checksums[name] = CORPORA[name].checksums()
        except SharedDataMissing as error:
            skip(name, error)
    _without_held_out_headlines(loaded)
    return loaded


def training_data(
    config: TrainingConfig, progress: Progress = lambda _: None
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    """(training frame, held-out frames by corpus, checksums by corpus)."""
    loaded = load_config_data(config, progress, missing_ok=False)
    return pd.concat(loaded.train, ignore_index=True), loaded.held_out, loaded.checksums


def held_out_data(
    config: TrainingConfig, progress: Progress = lambda _: None
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """(held-out frames by corpus or file, reasons by name for those skipped).

    The same rows as :func:`training_data` holds out, but a corpus absent from
    ../shared, or a file that cannot be read, is skipped instead of stopping the run.
    """
    loaded = load_config_data(config, progress, missing_ok=True)
    return loaded.held_out, loaded.skipped


def _bundled(name: str) -> bool:
    return name in CORPORA and CORPORA[name].bundled


def evaluate_held_out(model: TeaserModel, held_out: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """Metrics per held-out corpus; the project's own corpora also per category (kind
    of filler or news section)."""
    return {
        name: evaluate_frame(model, frame, by="category" if _bundled(name) else None)
        for name, frame in held_out.items()
    }


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
    why = "the model's card names no training config of its own"
    if isinstance(raw, dict) and raw:
        try:
            return TrainingConfig.from_dict(raw, source="the model card"), (
                "the held-out splits of the model's own training config (from its card)"
            )
        except ValueError as error:
            why = f"the training config in the model's card cannot be used ({error})"
    path = default_model_dir() / "train.toml"
    return TrainingConfig.from_file(path), (
        f"the held-out splits of {path}: {why}, so some of these rows may have trained it"
    )


def _describe(name: str, config: TrainingConfig) -> str:
    uses = {u.name: u for u in (*config.corpora, *config.files)}
    use = uses.get(name)
    note = CORPORA[name].note if name in CORPORA else ""
    if isinstance(use, FileUse):
        how = (
            f"{use.path}: {use.holdout:.0%} held out, whole sites where its rows name two or "
            f"more, else a stratified share of rows (seed {config.seed})"
        )
    elif use is not None and use.holdout:
        how = f"a stratified {use.holdout:.0%} held out (seed {config.seed})"
    elif use is not None:
        how = f"held-out split: {', '.join(use.eval_splits)}"
    else:
        how = f"every row, never trained on ({CORPORA[name].license})"
    return f"{note}; {how}" if note else how


def report_groups(name: str, frame: pd.DataFrame) -> dict[str, Any]:
    """Row groups of a corpus for per-group figures: OBSINFOX titles by the labels a
    majority of its annotators gave (groups overlap); the project's own corpora by
    ``category`` (kind of filler or news section), other corpora too when it has 2 to
    40 values."""
    from clickbait.datasets import OBSINFOX_LABELS

    if all(label in frame.columns for label in OBSINFOX_LABELS):
        return {
            f"{label} (annotator majority)": (frame[label].astype(float) >= 0.5).to_numpy()
            for label in OBSINFOX_LABELS
        }
    if "category" not in frame.columns:
        return {}
    values = sorted(v for v in frame["category"].unique() if v)
    # The project's own corpora are always broken down, as in the model card.
    if not (_bundled(name) or 2 <= len(values) <= 40):
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
    # Real teasers first: they decide; team-written and outlet-labelled sets follow.
    sets.sort(key=lambda s: _report_rank(s.name))
    return sets, skipped


def _report_rank(name: str) -> int:
    if name in REAL_PAGE_CORPORA:
        return 0
    if name.endswith("-read"):
        return 1
    return 3 if _bundled(name) else 2


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
