"""What the ``clickbait`` commands share: their exit codes and the error that ends a
command with one, the options of several commands, loading the model, and the loop over
scored inputs that names each input that could not be read, shows progress, and ends
with a one-line summary.

Only click is imported here, so that ``clickbait --help`` answers at once.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from clickbait.model import TeaserModel
    from clickbait.scoring import SourceResult

EXIT_OK = 0
EXIT_SOME_INPUTS_FAILED = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
# 128 + the signal's number, as shells report a process stopped by Ctrl-C.
EXIT_INTERRUPTED = 128 + signal.SIGINT


def exit_codes_help(codes: dict[int, str]) -> str:
    """A command's epilog listing its exit codes, one per line, as click prints it."""
    lines = "".join(f"  {code}  {meaning}\n" for code, meaning in sorted(codes.items()))
    return f"\n\b\nExit codes:\n{lines}"


_USAGE = "bad usage (unknown option, missing argument, a threshold outside 0..1)"
_FAILED = "the model could not be loaded, or the command failed as a whole"
_INTERRUPTED = "interrupted (Ctrl-C); what was written before stays"

EXIT_CODES_HELP = exit_codes_help(
    {
        EXIT_OK: "every input was read and scored",
        EXIT_SOME_INPUTS_FAILED: "some inputs could not be read (listed on stderr); "
        "the others were scored",
        EXIT_USAGE: _USAGE,
        EXIT_MODEL: _FAILED,
        EXIT_INTERRUPTED: _INTERRUPTED,
    }
)
TRAIN_EXIT_CODES_HELP = exit_codes_help(
    {
        EXIT_OK: "the model and its card were written",
        EXIT_USAGE: _USAGE,
        EXIT_MODEL: "the config or its data cannot be used (said on stderr), "
        "or the command failed as a whole",
        EXIT_INTERRUPTED: "interrupted (Ctrl-C); the previous model is left in place",
    }
)


class Threshold(click.FloatRange):
    """A decision threshold: a number from 0 to 1. NaN, which compares false with
    everything and so passes a plain range check, is refused."""

    name = "threshold"

    def __init__(self) -> None:
        super().__init__(0, 1)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number from 0 to 1.", param, ctx)
        return number


# Options shared by the commands that load a model or read inputs: defined once.
THRESHOLD_OPTION = click.option(
    "--threshold",
    type=Threshold(),
    default=None,
    metavar="0..1",
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
    help="No progress bar and no per-input errors, only the summary line. The progress "
    "bar shows only when stderr is a terminal and the results go to a file or a pipe.",
)
RECORDS_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
    help="Output format on stdout. csv: a text cell that starts with = + - @ gets a "
    "leading ' so that spreadsheets do not run it as a formula. table: for people, as "
    "wide as the terminal ($COLUMNS), long values wrapped, never cut.",
)


def _silence_stderr() -> None:
    """Standard error is a closed pipe: send what would go there to the null device,
    so that the run goes on and ends with its own exit code."""
    devnull = open(os.devnull, "w")  # noqa: SIM115 - it lives as long as the process
    try:
        if sys.stderr.fileno() == 2:  # also what Python writes to at exit
            os.dup2(devnull.fileno(), 2)
    except (OSError, ValueError):
        pass  # not a file descriptor of its own (a test runner's capture)
    sys.stderr = devnull


SHOW_SKIPPED_OPTION = click.option(
    "--show-skipped",
    is_flag=True,
    help="Name on stderr each file of a folder that is not read, and why (hidden files, "
    "notes such as README.md, tables without a 'headline' column, named pipes).",
)


def note(message: str, file: IO[Any] | None = None) -> None:
    """One line on stderr (or ``file``), prefixed like every message of the command. A
    closed stderr (``2>&1 | head``) silences the messages, never the run."""
    try:
        click.echo(f"clickbait: {message}", file=file, err=file is None)
    except BrokenPipeError:
        if file is not None:
            raise
        _silence_stderr()


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


# Where the tally of the running command is kept, for the exit code of a run that ends
# early (a closed stdout, Ctrl-C).
TALLY_KEY = "clickbait.tally"


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


@dataclass
class Tally:
    """What came of a run over inputs: inputs that failed, inputs read, teasers scored
    and how many of them filler, and when the run started."""

    failed: int = 0
    read: int = 0
    teasers: int = 0
    filler: int = 0
    started: float = field(default_factory=time.monotonic)

    def summary(self, done: str = "read") -> str:
        """One line: ``12 inputs: 10 read, 2 failed; 340 teasers, 120 filler (35%); 4.2 s``;
        ``done`` says what became of the inputs read ("scored")."""
        inputs = self.read + self.failed
        share = f" ({self.filler / self.teasers:.0%})" if self.teasers else ""
        return (
            f"{_count(inputs, 'input')}: {self.read:,} {done}, {self.failed:,} failed; "
            f"{_count(self.teasers, 'teaser')}, {self.filler:,} filler{share}; "
            f"{time.monotonic() - self.started:.1f} s"
        )

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_INPUTS_FAILED if self.failed else EXIT_OK

    def raise_if_failed(self, done: str) -> None:
        """Exit with :data:`EXIT_SOME_INPUTS_FAILED` and the summary line when some input
        failed; ``done`` says what became of the others ("scored")."""
        if self.failed:
            raise CommandError(self.summary(done), EXIT_SOME_INPUTS_FAILED)

    def finish(self, done: str) -> None:
        """End the run: the summary line on stderr, and exit 1 when some input failed."""
        self.raise_if_failed(done)
        note(self.summary(done))


def list_inputs(inputs: tuple[str, ...], show_skipped: bool = False) -> list[str]:
    """The files of ``inputs``, folders listed (so that progress has a total); with
    ``show_skipped``, each file of a folder that is not read is named on stderr."""
    from clickbait.pages import expand_inputs

    def skipped(path: str, why: str) -> None:
        note(f"{path}: skipped ({why})")

    return list(expand_inputs(inputs, skipped if show_skipped else None))


def current_tally() -> Tally | None:
    """The tally of the command running now, if it has reached its inputs."""
    ctx = click.get_current_context(silent=True)
    return None if ctx is None else ctx.meta.get(TALLY_KEY)


def count_pages(files: list[str]) -> int | None:
    """How many results listed ``files`` will give, for a progress bar's total: one
    per file, or ``None`` (no total) when standard input or a WARC file is among them,
    whose number of pages is only known once read."""
    from clickbait.pages import WARC_SUFFIXES

    if any(f == "-" or f.lower().endswith(WARC_SUFFIXES) for f in files):
        return None
    return len(files)


_BAR = (
    "{desc} {n_fmt}/{total_fmt} pages |{bar}| {percentage:3.0f}%, "
    "{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}"
)
_COUNTER = "{desc} {n_fmt} pages, {elapsed}, {rate_noinv_fmt}{postfix}"


def _progress_wanted() -> bool:
    """A progress bar helps when stderr is a terminal and the results go elsewhere (a
    file, a pipe); results shown on the terminal itself are their own progress, and a
    bar would be drawn across them."""
    try:
        return sys.stderr.isatty() and not sys.stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class _NoBar:
    """What :func:`run_inputs` asks of a progress bar, when none is shown."""

    def __init__(self, total: int | None) -> None:
        self.n, self.total = 0, total

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        self.n += n

    def clear(self) -> None:
        return None

    def set_postfix_str(self, _text: str, refresh: bool = True) -> None:
        return None


def run_inputs(
    results: Iterable[SourceResult],
    use: Callable[[SourceResult], None],
    *,
    quiet: bool,
    desc: str = "reading",
    unit: str = " pages",
    total: int | None = None,
) -> Tally:
    """Give each result that was read to ``use``, in order, and count them all.

    An input that could not be read, and each row skipped in one that could, is named on
    stderr unless ``quiet``. A progress bar goes to stderr, only to a terminal and
    only when the results do not (:func:`_progress_wanted`), so that logs, pipes and
    the results themselves stay clean: it counts pages (a table counts once, each page of
    a WARC file once) against ``total`` (see :func:`count_pages`) with the time left,
    and the teasers so far. ``unit`` is kept for callers that name it; the bar says
    "pages".
    """
    tally = Tally()
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[TALLY_KEY] = tally
    progress: Any
    if quiet or not _progress_wanted():
        progress = _NoBar(total)  # tqdm's import alone is a tenth of a cold start
    else:
        from tqdm import tqdm

        progress = tqdm(
            total=total,
            desc=desc,
            unit=" pages",
            file=sys.stderr,
            leave=False,
            bar_format=_COUNTER if total is None else _BAR,
            dynamic_ncols=True,
        )

    def say(message: str) -> None:
        progress.clear()  # a message on a line of its own, the bar drawn again below
        note(message)

    with progress:
        for result in results:
            if result.start == 0:
                if total is not None and progress.n >= (progress.total or 0):
                    progress.total = progress.n + 1  # a WARC file known by its content
                progress.update()
            if result.error is not None:
                tally.failed += 1
                if result.start:  # a table broken midway: it was counted read
                    tally.read -= 1
                if not quiet:
                    say(f"{result.source}: {result.error}")
                continue
            tally.read += result.start == 0  # a large table comes in several results
            if not quiet:
                for problem in result.problems:
                    say(f"{result.source}: skipped {problem}")
            tally.teasers += result.teaser_count
            tally.filler += result.filler_count
            progress.set_postfix_str(_count(tally.teasers, "teaser"), refresh=False)
            use(result)
    return tally
