"""The ``clickbait`` command. It parses options and calls the library; heavy imports
(scikit-learn, pandas) happen inside the commands so that ``--help`` answers at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clickbait import __version__

EXIT_OK = 0
EXIT_SOME_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3

EXIT_CODES_HELP = """
\b
Exit codes:
  0  every input was read and scored
  1  some inputs could not be read (listed on stderr); the others were scored
  2  bad usage (unknown option, missing argument)
  3  the model could not be loaded, or the command failed as a whole
"""


def _error(message: str) -> None:
    click.echo(f"clickbait: {message}", err=True)


def _load(model_path: str | None, trust: bool):
    from clickbait.persist import ModelError, load_model

    try:
        return load_model(model_path, trust=trust)
    except ModelError as error:
        _error(f"cannot load the model: {error}")
        sys.exit(EXIT_MODEL)


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
            _error(f"internal error: {type(error).__name__}: {error}")
            sys.exit(EXIT_MODEL)


@click.group(
    cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(__version__, prog_name="clickbait")
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
    """


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, required=True, metavar="PATH... | -")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format on stdout.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Score at or above which a teaser is filler [default: the model's].",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(),
    default=None,
    help="A model folder (from 'clickbait train') or .skops file [default: shipped model].",
)
@click.option(
    "--trust",
    is_flag=True,
    help="Load a model with types outside the allow-list, or a pickle/joblib file. "
    "Loading such a file can run code: only for files you trust.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=50 * 1024 * 1024,
    show_default=True,
    help="Refuse inputs (or decompressed .gz inputs) larger than this.",
)
@click.option(
    "--explain",
    "explain",
    type=click.IntRange(0),
    default=0,
    metavar="N",
    help="Add each teaser's N most influential features, signed (+ pushes toward filler).",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar and no per-input errors, only the summary. The progress bar "
    "shows only when stderr is a terminal.",
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
) -> None:
    """Score the teasers of pages, folders or standard input.

    \b
    PATH may be:
      - an HTML page (.html, .htm, or sniffed), optionally gzipped (.gz);
      - a plain-text scrape (.txt): a heading such as "Articles qui pourraient
        vous intéresser", then headline, blank line, snippet ending in "...";
      - a table of teasers: CSV/TSV or JSON Lines with 'headline' and optional
        'snippet' and 'url' columns, scored one result per row, in order;
      - a folder, read recursively; '-' reads standard input.

    \b
    Each teaser gives one record on stdout with: source, index (0-based in its
    source), headline, snippet, url, block, sponsored, score (probability of
    filler) and label (filler or news). Errors go to stderr; the other inputs
    are still scored.
    """
    from tqdm import tqdm

    from clickbait.output import RecordWriter
    from clickbait.scoring import score_sources

    model = _load(model_path, trust)
    if threshold is not None:
        model.threshold = threshold
    writer = RecordWriter(sys.stdout, fmt)
    failed = read = teasers = 0
    # Progress goes to stderr, and only to a terminal: logs and pipes stay clean.
    progress = tqdm(
        score_sources(model, inputs, max_bytes=max_bytes, explain=explain),
        desc="scoring",
        unit=" inputs",
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        leave=False,
    )
    for result in progress:
        if result.error is not None:
            failed += 1
            if not quiet:
                _error(f"{result.source}: {result.error}")
            continue
        read += result.start == 0  # a large table comes in several results
        for problem in result.problems:
            if not quiet:
                _error(f"{result.source}: skipped {problem}")
        teasers += len(result.scored)
        writer.write_many(result.records())
    writer.close()
    if failed:
        _error(f"{failed} input(s) could not be read; {read} scored, {teasers} teaser(s)")
        sys.exit(EXIT_SOME_INPUTS_FAILED)


@main.command()
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
    pipeline parameters and the seed. The output folder gets model.skops,
    manifest.json (checksums, versions, threshold, metrics) and MODEL_CARD.md.
    Files are written atomically: an interrupted run leaves the old model intact.
    """
    from clickbait.card import render_markdown
    from clickbait.datasets import SharedDataMissing
    from clickbait.persist import atomic_write, default_model_dir, read_manifest, save_model
    from clickbait.training import TrainingConfig
    from clickbait.training import train as train_model

    config_file = Path(config_path) if config_path else default_model_dir() / "train.toml"
    target = Path(output_dir) if output_dir else config_file.parent
    try:
        config = TrainingConfig.from_file(config_file)
        model = train_model(config, progress=lambda m: click.echo(f"clickbait: {m}", err=True))
    except (ValueError, SharedDataMissing, FileNotFoundError) as error:
        _error(str(error))
        sys.exit(EXIT_MODEL)
    save_model(model, target)
    atomic_write(target / "MODEL_CARD.md", render_markdown(read_manifest(target)))
    click.echo(f"clickbait: model written to {target}", err=True)


@main.command()
@click.argument("labelled_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--model",
    "model_path",
    type=click.Path(),
    default=None,
    help="Model folder or .skops file [default: shipped model].",
)
@click.option("--trust", is_flag=True, help="See 'clickbait score --help'.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Decision threshold [default: the model's].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="Output format on stdout.",
)
def evaluate(
    labelled_file: str, model_path: str | None, trust: bool, threshold: float | None, fmt: str
) -> None:
    """Precision, recall, F1 and ROC-AUC of filler detection on a labelled file.

    LABELLED_FILE is CSV or JSON Lines with 'headline', 'label' (filler or news)
    and optional 'snippet' columns. With a 'lang' or 'corpus' column, metrics are
    also given per value.
    """
    import json

    from clickbait.datasets import load_labelled_file
    from clickbait.evaluate import evaluate_frame

    try:
        frame = load_labelled_file(labelled_file)
    except ValueError as error:
        _error(str(error))
        sys.exit(EXIT_MODEL)
    model = _load(model_path, trust)
    if threshold is not None:
        model.threshold = threshold
    by = next((c for c in ("corpus", "lang") if c in frame.columns), None)
    metrics = evaluate_frame(model, frame, by=by)
    if fmt == "json":
        click.echo(json.dumps(metrics, indent=2))
        return
    import pandas as pd

    table = pd.DataFrame(
        {
            k: {m: v[m] for m in ("n", "precision", "recall", "f1", "roc_auc")}
            for k, v in metrics.items()
        }
    ).T
    click.echo(table.to_string())
