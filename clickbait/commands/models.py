"""``clickbait train`` and ``clickbait evaluate``: a model from a training config, and
its figures on labelled files or held-out corpora. Both need the ``train`` extra."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clickbait.runs import (
    EXIT_CODES_HELP,
    EXIT_MODEL,
    EXIT_SOME_INPUTS_FAILED,
    MODEL_OPTION,
    THRESHOLD_OPTION,
    TRAIN_EXIT_CODES_HELP,
    TRUST_OPTION,
    CommandError,
    load,
    note,
)


def _require_train_extra(purpose: str) -> None:
    """Exit with code 3 and the pip command when scikit-learn or pandas is missing: the
    scoring install leaves them out."""
    from clickbait.extras import MissingExtra, require

    try:
        require("sklearn", "train", purpose)
        require("pandas", "train", purpose)
    except MissingExtra as error:
        raise CommandError(str(error), EXIT_MODEL) from error


@click.command(epilog=TRAIN_EXIT_CODES_HELP)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Training config (TOML) [default: models/default/train.toml].",
)
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to write the model to [default: the config's folder].",
)
def train(config_path: str | None, output_dir: str | None) -> None:
    """Train a model from a training config and write it with its model card.

    \b
    The config names the corpora (team-written data in data/, third-party corpora
    read from ../shared/datasets, never copied), their splits and weights, the
    pipeline parameters and the seed. The output folder gets model.skops (the
    pipeline), scorer.npz (the same model as arrays: what scoring reads),
    manifest.json (checksums, versions, threshold, metrics) and MODEL_CARD.md.
    Files are written atomically: an interrupted run leaves the old model intact.
    """
    _require_train_extra("clickbait train")
    from clickbait.card import render_markdown
    from clickbait.config import TrainingConfig
    from clickbait.datasets import SharedDataMissing
    from clickbait.persist import atomic_write, default_model_dir, read_manifest, save_model
    from clickbait.training import train as train_model

    config_file = Path(config_path) if config_path else default_model_dir() / "train.toml"
    target = Path(output_dir) if output_dir else config_file.parent
    try:
        config = TrainingConfig.from_file(config_file)
        model = train_model(config, progress=note)
    except (ValueError, SharedDataMissing, FileNotFoundError) as error:
        raise CommandError(str(error), EXIT_MODEL) from error
    save_model(model, target)
    atomic_write(target / "MODEL_CARD.md", render_markdown(read_manifest(target)))
    note(f"model written to {target}")


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("labelled_files", nargs=-1, type=click.Path(dir_okay=False), metavar="[FILE]...")
@MODEL_OPTION
@TRUST_OPTION
@THRESHOLD_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="Output format on stdout.",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False),
    default=None,
    metavar="DIR",
    help="Also write an HTML report (index.html, charts embedded), metrics.json and the "
    "charts as PNG into DIR. Needs the 'report' extra (matplotlib).",
)
def evaluate(
    labelled_files: tuple[str, ...],
    model_path: str | None,
    trust: bool,
    threshold: float | None,
    fmt: str,
    report_dir: str | None,
) -> None:
    """Precision, recall, F1 and ROC-AUC of filler detection.

    \b
    With FILEs: on each labelled file, CSV or JSON Lines with 'headline', 'label'
    (filler or news) and optional 'snippet' columns; with a 'corpus' or 'lang'
    column, metrics are also given per value. A file that cannot be read is
    named on stderr and the others are still evaluated.

    \b
    Without FILE: on the held-out rows of every corpus the model's training config
    names (the shipped config if its card has none), and on the transfer corpora
    it never trains on. Corpora absent from ../shared are skipped, with a note.

    \b
    stdout gets {set: {"all": metrics, group: metrics}} (for one FILE, just its
    {"all": ..., group: ...}). Sets with one class give no precision or F1 (and
    news-only sets no recall): their figure is 'filler_share', the share scored
    filler. --report DIR adds precision-recall, calibration and score charts,
    confusion matrices and per-language figures, in one self-contained page.
    """
    import json

    _require_train_extra("clickbait evaluate")
    from clickbait.evaluate import evaluation_report, file_evaluation_set, metrics_table
    from clickbait.heldout import evaluation_sets, model_config
    from clickbait.output import format_metrics
    from clickbait.persist import default_model_dir
    from clickbait.reporting import ReportError, require_matplotlib, write_evaluation_report

    if report_dir is not None:
        try:
            require_matplotlib()
        except ReportError as error:
            raise CommandError(str(error), EXIT_MODEL) from error
    model = load(model_path, trust, threshold)
    about = {"path": str(model_path or default_model_dir())}
    unreadable = 0
    if labelled_files:
        sets, skipped = [], {}
        for path in labelled_files:
            try:
                sets.append(file_evaluation_set(path))
            except ValueError as error:
                note(str(error))
                skipped[path] = str(error)
                unreadable += 1
        if not sets:  # each file was named on stderr
            sys.exit(EXIT_MODEL)
    else:
        config, splits = model_config(model)
        about["splits"] = splits
        sets, skipped = evaluation_sets(config, progress=note)
    report = evaluation_report(model, sets, skipped, about)
    metrics = metrics_table(report)
    if len(labelled_files) == 1:
        metrics = metrics[sets[0].name]
    if fmt == "json":
        click.echo(json.dumps(metrics, indent=2, ensure_ascii=False))
    else:
        click.echo(format_metrics(metrics, nested=len(labelled_files) != 1))
    if report_dir is not None:
        try:
            index = write_evaluation_report(report, report_dir)
        except (ReportError, OSError) as error:
            raise CommandError(f"cannot write the report: {error}", EXIT_MODEL) from error
        note(f"report written to {index}")
    if unreadable:
        sys.exit(EXIT_SOME_INPUTS_FAILED)
