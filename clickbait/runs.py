"""What the ``clickbait`` commands share: their exit codes and the error that ends a
command with one, the options of several commands, loading the model, and the loop over
scored inputs that names each input that could not be read and counts the others.

Only click is imported here, so that ``clickbait --help`` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from clickbait.model import TeaserModel
    from clickbait.scoring import SourceResult

EXIT_OK = 0
EXIT_SOME_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3


def exit_codes_help(codes: dict[int, str]) -> str:
    """A command's epilog listing its exit codes, one per line, as click prints it."""
    lines = "".join(f"  {code}  {meaning}\n" for code, meaning in sorted(codes.items()))
    return f"\n\b\nExit codes:\n{lines}"


_USAGE = "bad usage (unknown option, missing argument)"
_FAILED = "the model could not be loaded, or the command failed as a whole"

EXIT_CODES_HELP = exit_codes_help(
    {
        EXIT_OK: "every input was read and scored",
        EXIT_SOME_INPUTS_FAILED: "some inputs could not be read (listed on stderr); "
        "the others were scored",
        EXIT_USAGE: _USAGE,
        EXIT_MODEL: _FAILED,
    }
)
TRAIN_EXIT_CODES_HELP = exit_codes_help(
    {
        EXIT_OK: "the model and its card were written",
        EXIT_USAGE: _USAGE,
        EXIT_MODEL: "the config or its data cannot be used (said on stderr), "
        "or the command failed as a whole",
    }
)


# Options shared by the commands that load a model or read inputs: defined once.
THRESHOLD_OPTION = click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Score at or above which a teaser is filler [default: the model's].",
)
MODEL_OPTION = click.option(
    "--model",
    "model_path",
    type=click.Path(),
    default=None,
    help="A model folder (from 'clickbait train') or .skops file [default: shipped model].",
)
TRUST_OPTION = click.option(
    "--trust",
    is_flag=True,
    help="Load a model with types outside the allow-list, or a pickle/joblib file. "
    "Loading such a file can run code: only for files you trust.",
)
MAX_BYTES_OPTION = click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=50 * 1024 * 1024,
    show_default=True,
    help="Refuse pages (also after gzip decompression) and WARC records larger than "
    "this; tables are streamed, and this caps each of their lines.",
)
QUIET_OPTION = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress bar and no per-input errors, only the summary. The progress bar "
    "shows only when stderr is a terminal.",
)
RECORDS_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format on stdout.",
)


def note(message: str, file: IO[Any] | None = None) -> None:
    """One line on stderr (or ``file``), prefixed like every message of the command."""
    click.echo(f"clickbait: {message}", file=file, err=file is None)


class CommandError(click.ClickException):
    """Ends a command: ``clickbait: <message>`` on stderr, then exit with ``exit_code``."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        note(self.format_message(), file)


def load(model_path: str | None, trust: bool, threshold: float | None = None) -> TeaserModel:
    """The model at ``model_path`` (the shipped one for ``None``), with ``threshold`` as
    its decision threshold when given; one that cannot be loaded exits with
    :data:`EXIT_MODEL`."""
    from clickbait.persist import ModelError, load_model

    try:
        model = load_model(model_path, trust=trust)
    except ModelError as error:
        raise CommandError(f"cannot load the model: {error}", EXIT_MODEL) from error
    return model if threshold is None else model.with_threshold(threshold)


@dataclass
class Tally:
    """What came of a run over inputs: inputs that failed, inputs read, teasers scored."""

    failed: int = 0
    read: int = 0
    teasers: int = 0

    def raise_if_failed(self, done: str) -> None:
        """Exit with :data:`EXIT_SOME_INPUTS_FAILED` and a summary line when some input
        failed; ``done`` says what became of the others ("scored")."""
        if self.failed:
            raise CommandError(
                f"{self.failed} input(s) could not be read; {self.read} {done}, "
                f"{self.teasers} teaser(s)",
                EXIT_SOME_INPUTS_FAILED,
            )


def run_inputs(
    results: Iterable[SourceResult],
    use: Callable[[SourceResult], None],
    *,
    quiet: bool,
    desc: str,
    unit: str,
) -> Tally:
    """Give each result that was read to ``use``, in order, and count them all.

    An input that could not be read, and each row skipped in one that could, is named on
    stderr unless ``quiet``. A progress bar (``desc``, counting ``unit``) goes to stderr,
    and only to a terminal: logs and pipes stay clean.
    """
    from tqdm import tqdm

    tally = Tally()
    progress = tqdm(
        results,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        leave=False,
    )
    for result in progress:
        if result.error is not None:
            tally.failed += 1
            if not quiet:
                note(f"{result.source}: {result.error}")
            continue
        tally.read += result.start == 0  # a large table comes in several results
        if not quiet:
            for problem in result.problems:
                note(f"{result.source}: skipped {problem}")
        tally.teasers += len(result.scored)
        use(result)
    return tally
