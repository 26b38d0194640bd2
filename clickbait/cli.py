"""The ``clickbait`` command. It parses options and calls the library; heavy imports
(scikit-learn, pandas) happen inside the commands so that ``--help`` answers at once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clickbait.runs import (
    EXIT_CODES_HELP,
    EXIT_MODEL,
    EXIT_OK,
    EXIT_SOME_INPUTS_FAILED,
    EXIT_USAGE,
    MAX_BYTES_OPTION,
    MODEL_OPTION,
    QUIET_OPTION,
    RECORDS_FORMAT_OPTION,
    THRESHOLD_OPTION,
    TRAIN_EXIT_CODES_HELP,
    TRUST_OPTION,
    CommandError,
    load,
    note,
    run_inputs,
)

if TYPE_CHECKING:
    from clickbait.scoring import SourceResult

__all__ = ["EXIT_MODEL", "EXIT_OK", "EXIT_SOME_INPUTS_FAILED", "EXIT_USAGE", "CommandError", "main"]


class _Main(click.Group):
    """Turns unexpected failures into one line on stderr and exit code 3, and a closed
    stdout (``clickbait score ... | head``) into a quiet exit."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except Exception as error:
            message = f"internal error: {type(error).__name__}: {error}"
            raise CommandError(message, EXIT_MODEL) from error


@click.group(
    cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(package_name="clickbait", prog_name="clickbait")
def main() -> None:
    """Find the teasers in scraped pages and score each one as news or filler.

    \b
    Filler is clickbait and content-farm bait (the cake recipe, the "symptom on your
    leg", the miracle food); news reports a checkable event. Scores are the
    probability of filler, from 0 to 1.

    \b
    Examples:
      clickbait score page.html                 # teasers of one page, as JSON Lines
      clickbait score crawl/ --format table     # every file under a folder, as a table
      curl -s URL | clickbait score -           # a page from standard input
      clickbait train                           # rebuild models/default from its config
      clickbait evaluate labelled.csv           # precision, recall, F1, ROC-AUC
      clickbait evaluate --report eval/         # held-out corpora, as an HTML report
      clickbait report crawl/ --format table    # filler share per page and per domain
    """


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH... | -")
@RECORDS_FORMAT_OPTION
@THRESHOLD_OPTION
@MODEL_OPTION
@TRUST_OPTION
@MAX_BYTES_OPTION
@click.option(
    "--explain",
    "explain",
    type=click.IntRange(0),
    default=0,
    metavar="N",
    help="Add each teaser's N most influential features, signed (+ pushes toward filler).",
)
@QUIET_OPTION
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Score in this process, or on a Dask cluster (needs the 'dask' extra; the "
    "workers must see the files and --model under the same paths). Output is the same.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 "
    "[default: a local cluster, one worker per core].",
)
def score(
    inputs: tuple[str, ...],
    fmt: str,
    threshold: float | None,
    model_path: str | None,
    trust: bool,
    max_bytes: int,
    explain: int,
    quiet: bool,
    engine: str,
    scheduler: str | None,
) -> None:
    """Score the teasers of pages, folders or standard input.

    \b
    PATH may be:
      - an HTML page (.html, .htm, or sniffed), optionally gzipped (.gz);
      - a plain-text scrape (.txt): a heading such as "Articles qui pourraient
        vous intéresser", then headline, blank line, snippet ending in "...";
      - a table of teasers: CSV/TSV or JSON Lines with 'headline' and optional
        'snippet' and 'url' columns, scored one result per row, in order;
      - a WARC or WET file (.warc, .warc.gz, .wet.gz, or sniffed; needs the
        'warc' extra): every HTML response and WET text record is scored, with
        its WARC-Target-URI as source; a damaged record is reported, the rest
        of the file is still read;
      - a folder, read recursively; '-' reads standard input (a page or a WARC).

    \b
    Each teaser gives one record on stdout with: source, index (0-based in its
    source), headline, snippet, url, block, sponsored, score (probability of
    filler) and label (filler or news). Errors go to stderr; the other inputs
    are still scored.
    """
    from clickbait.output import RecordWriter
    from clickbait.scoring import score_sources

    if engine == "local" and scheduler is not None:
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask" and "-" in inputs:
        raise click.UsageError("--engine dask reads files, not standard input")
    model = load(model_path, trust, threshold)
    if engine == "dask":
        options = {"trust": trust, "threshold": threshold, "explain": explain}
        results = _on_dask(inputs, scheduler, model=model_path, max_bytes=max_bytes, **options)
    else:
        results = score_sources(model, inputs, max_bytes=max_bytes, explain=explain)
    writer = RecordWriter(sys.stdout, fmt)
    tally = run_inputs(
        results,
        lambda r: writer.write_many(r.records()),
        quiet=quiet,
        desc="scoring",
        unit=" pages",  # a WARC file counts each of its pages
    )
    writer.close()
    tally.raise_if_failed("scored")


def _on_dask(
    inputs: tuple[str, ...], scheduler: str | None, **options: object
) -> Iterator[SourceResult]:
    """Results of ``score_sources`` computed on a Dask cluster, in the same order."""
    from clickbait.extras import MissingExtra

    try:
        from clickbait.contrib.dask import score_on_cluster
    except MissingExtra as error:
        raise CommandError(str(error), EXIT_MODEL) from error
    return score_on_cluster(inputs, scheduler, **options)


@main.command(epilog=TRAIN_EXIT_CODES_HELP)
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


@main.command(epilog=EXIT_CODES_HELP)
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


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH... | -")
@click.option(
    "--by",
    type=click.Choice(["page", "domain", "both"]),
    default="both",
    show_default=True,
    help="Summarise per page (input), per domain, or both.",
)
@RECORDS_FORMAT_OPTION
@click.option(
    "--worst",
    type=click.IntRange(0),
    default=3,
    show_default=True,
    metavar="N",
    help="Keep the N highest-scoring teasers of each page and domain.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Also write a self-contained HTML page with bars of the share of filler.",
)
@THRESHOLD_OPTION
@MODEL_OPTION
@TRUST_OPTION
@MAX_BYTES_OPTION
@QUIET_OPTION
def report(
    inputs: tuple[str, ...],
    by: str,
    fmt: str,
    worst: int,
    html_file: str | None,
    threshold: float | None,
    model_path: str | None,
    trust: bool,
    max_bytes: int,
    quiet: bool,
) -> None:
    """Summarise the teasers of pages per page and per domain.

    \b
    Reads the same inputs as 'clickbait score' (pages, folders, '-', tables) and
    gives, for each page and each domain: the number of teasers, the share
    scored filler, the mean score, the share of sponsored teasers and the N
    highest-scoring teasers.

    \b
    A teaser counts toward the domain its link points to (www. dropped). A
    relative link counts toward the page's own site, from its canonical link,
    og:url or <base href>; with neither, toward the input's name.

    \b
    Examples:
      clickbait report crawl/ --format table          # pages, then domains
      clickbait report crawl/ --by domain --html sites.html
      clickbait report crawl/ --format csv > summary.csv

    \b
    JSON Lines records carry "by": "page" or "domain"; CSV has one header for
    both, with the worst teasers in one cell ("0.99 headline | ...").
    """
    from clickbait.persist import atomic_write
    from clickbait.reporting import summary_html
    from clickbait.scoring import score_sources
    from clickbait.summary import SiteSummary, write_summary

    model = load(model_path, trust, threshold)
    summary = SiteSummary(worst)
    results = score_sources(model, inputs, max_bytes=max_bytes)
    tally = run_inputs(results, summary.add, quiet=quiet, desc="reading", unit=" inputs")
    pages, domains = summary.pages(), summary.domains()
    write_summary(sys.stdout, pages, domains, by, fmt)
    if html_file is not None:
        about = {"model": model.card.get("name") or model_path or "", "threshold": model.threshold}
        try:
            atomic_write(Path(html_file), summary_html(pages, domains, by, about))
        except OSError as error:
            raise CommandError(f"cannot write {html_file}: {error}", EXIT_MODEL) from error
    tally.raise_if_failed("summarised")


if __name__ == "__main__":
    main()
