"""The ``clickbait label`` command. Only click is imported here, so that
``clickbait --help`` answers at once; the session's modules load when it runs."""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING

import click

from clickbait.runs import (
    EXIT_MODEL,
    EXIT_OK,
    EXIT_SOME_INPUTS_FAILED,
    EXIT_USAGE,
    MAX_BYTES_OPTION,
    MODEL_OPTION,
    QUIET_OPTION,
    THRESHOLD_OPTION,
    TRUST_OPTION,
    CommandError,
    exit_codes_help,
    load,
    note,
    run_inputs,
)

if TYPE_CHECKING:
    from clickbait.labelling.candidates import Candidate
    from clickbait.labelling.store import LabelStore
    from clickbait.model import TeaserModel
    from clickbait.runs import Tally

# 128 + the signal's number, as shells report a process stopped by a signal.
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_HANGUP = 129  # 128 + SIGHUP (not defined on every platform)

LABEL_EXIT_CODES_HELP = exit_codes_help(
    {
        EXIT_OK: "the session ended (q, or nothing left to label), or the table was written",
        EXIT_SOME_INPUTS_FAILED: "some inputs could not be read (listed on stderr); "
        "the teasers of the others were offered",
        EXIT_USAGE: "bad usage (no terminal without --batch, a file name that is not "
        ".tsv, .csv or .jsonl)",
        EXIT_MODEL: "the model could not be loaded, or the file of labels or the table "
        "cannot be used (said on stderr)",
        EXIT_INTERRUPTED: "stopped by Ctrl-C: every label given is kept",
        EXIT_HANGUP: "the terminal closed (SIGHUP): every label given is kept",
        EXIT_TERMINATED: "stopped by SIGTERM (kill): every label given is kept",
    }
)


class _Stopped(Exception):
    """A kill signal (SIGTERM, SIGHUP) arrived: end the session cleanly."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


@click.command(epilog=LABEL_EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, metavar="PATH... | -")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    required=True,
    metavar="FILE",
    help="The file of labels (.tsv, .csv or .jsonl): created, or resumed if it exists. "
    "unsure and not-teaser labels go beside it, to FILE's name with .left-out added.",
)
@click.option(
    "--order",
    type=click.Choice(["uncertainty", "page"]),
    default="uncertainty",
    show_default=True,
    help="uncertainty: scores nearest the threshold first, taken from each site in "
    "turn; page: the inputs' order.",
)
@click.option(
    "--batch",
    is_flag=True,
    help="No terminal: write the teasers to label, in the same order, to stdout as a TSV "
    "table with an empty 'label' column to fill in (then --merge it).",
)
@click.option(
    "--merge",
    "merge_table",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="TABLE",
    help="Add a filled-in --batch table to --out (rows left empty stay to label); takes no PATH.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    metavar="N",
    help="Ask for at most N teasers (with --batch: write at most N rows).",
)
@THRESHOLD_OPTION
@MODEL_OPTION
@TRUST_OPTION
@MAX_BYTES_OPTION
@QUIET_OPTION
def label(
    inputs: tuple[str, ...],
    out: str,
    order: str,
    batch: bool,
    merge_table: str | None,
    limit: int | None,
    threshold: float | None,
    model_path: str | None,
    trust: bool,
    max_bytes: int,
    quiet: bool,
) -> None:
    """Label your own teasers by hand, to retrain the model.

    \b
    Reads what 'clickbait score' reads (pages, folders, WARC files, tables, '-')
    and shows one teaser at a time: headline, snippet, block, sponsored flag,
    link and host, page, and the model's score. Keys:
      f filler   n news   u unsure   t not a teaser
      b back (takes the last label back)   s skip   q quit   ? the guide

    \b
    Each label is appended to FILE the moment it is given: q, Ctrl-C, a kill or
    a crash keep every label. Run it again with the same --out to go on: a
    teaser already labelled (same headline and snippet) is not asked again, and
    one shown on many pages is asked once. FILE has the columns headline,
    snippet, label (filler or news), url, block, sponsored, source, site,
    score, labelled_at, seconds, key: give it as a [[files]] entry of a
    training config. unsure and not-teaser labels, left out of training, go to
    FILE's name with .left-out added (labels.left-out.tsv).

    \b
    Examples:
      clickbait label crawl/ --out labels.tsv
      clickbait label crawl/ --out labels.tsv --batch --limit 200 > to-label.tsv
      clickbait label --merge to-label.tsv --out labels.tsv
    """
    from clickbait.labelling.store import LabelFileError, LabelStore

    try:
        store = LabelStore(out)
    except LabelFileError as error:
        raise click.UsageError(str(error)) from None
    if merge_table is not None:
        if inputs or batch:
            raise click.UsageError("--merge takes no PATH and no --batch")
        _merge(store, merge_table)
        return
    if not inputs:
        raise click.UsageError("give the pages to label (PATH...), or --merge TABLE")
    if not batch and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise click.UsageError(
            "labelling needs a terminal; use --batch to write the teasers to label as a table"
        )
    if "-" in inputs and not batch:
        raise click.UsageError("standard input is the terminal's: read '-' with --batch")
    model = load(model_path, trust, threshold)
    _open(store)
    if not (batch or quiet):  # no progress bar when stdout is the terminal: say what is on
        note("reading and scoring the inputs...")
    try:
        queue, tally = _queue(model, store, inputs, order, limit, max_bytes, quiet)
    except KeyboardInterrupt:  # while reading the inputs: no label was asked for yet
        note("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    if batch:
        from clickbait.labelling.batch import write_table

        written = write_table(queue, sys.stdout)
        note(f"{written} teaser(s) to label written; fill in 'label' and --merge the table")
    elif not queue:
        note(f"nothing left to label: {store.summary()}")
    else:
        _interactive(queue, store, model.threshold)
    tally.raise_if_failed("read")


def _open(store: LabelStore) -> None:
    from clickbait.labelling.store import LabelFileError

    try:
        repairs = store.open()
        store.check_writable()
    except LabelFileError as error:
        raise CommandError(str(error), EXIT_MODEL) from None
    for repair in repairs:
        note(repair)


def _merge(store: LabelStore, table: str) -> None:
    from clickbait.labelling.batch import merge_table
    from clickbait.labelling.store import LabelFileError

    _open(store)
    try:
        merged = merge_table(store, table)
    except LabelFileError as error:
        raise CommandError(f"{error}; nothing was added", EXIT_MODEL) from None
    except OSError as error:
        message = f"cannot write the labels ({error}); {store.summary()}"
        raise CommandError(message, EXIT_MODEL) from error
    except KeyboardInterrupt:
        note(f"interrupted; {store.summary()}")
        sys.exit(EXIT_INTERRUPTED)
    note(
        f"{merged.added} label(s) added, {merged.known} already labelled, "
        f"{merged.empty} row(s) left to label; {store.summary()}"
    )


def _queue(
    model: TeaserModel,
    store: LabelStore,
    inputs: tuple[str, ...],
    order: str,
    limit: int | None,
    max_bytes: int,
    quiet: bool,
) -> tuple[list[Candidate], Tally]:
    """The teasers to ask for, in order, and the tally of inputs read."""
    from clickbait.labelling.candidates import CandidateSet
    from clickbait.labelling.order import labelling_order
    from clickbait.scoring import score_sources

    found = CandidateSet()
    results = score_sources(model, inputs, max_bytes=max_bytes)
    tally = run_inputs(results, found.add, quiet=quiet, desc="reading", unit=" pages")
    remaining = found.remaining(store.keys)
    if not quiet:
        done = len(found) - len(remaining)
        note(f"{len(found)} distinct teaser(s) found, {done} already labelled")
    indices = labelling_order(
        [c.score for c in remaining], [c.site for c in remaining], model.threshold, order
    )
    queue: list[Candidate] = [remaining[i] for i in indices[:limit]]
    return queue, tally


def _interactive(queue: list[Candidate], store: LabelStore, threshold: float) -> None:
    from clickbait.labelling.screen import run
    from clickbait.labelling.session import Session

    session = Session(queue, store)
    handlers = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signum = getattr(signal, name)
            handlers[signum] = signal.signal(signum, _raise_stopped)
    try:
        run(session, threshold, sys.stdin.fileno(), sys.stdout)
    except KeyboardInterrupt:
        note(f"interrupted; {store.summary()}")
        sys.exit(EXIT_INTERRUPTED)
    except _Stopped as stop:
        note(f"stopped ({signal.Signals(stop.signum).name}); {store.summary()}")
        sys.exit(128 + stop.signum)
    except OSError as error:  # a full disk, a file made read-only meanwhile
        message = f"cannot write the labels ({error}); {store.summary()}"
        raise CommandError(message, EXIT_MODEL) from error
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    given = f"{session.given} label(s) given, {session.skipped} skipped"
    note(f"{given}; {store.summary()}")
