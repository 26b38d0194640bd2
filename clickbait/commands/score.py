"""``clickbait score``: the teasers of pages, folders, WARC files and tables, scored,
here or on a Dask cluster."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from clickbait.runs import (
    EXIT_CODES_HELP,
    EXIT_MODEL,
    MAX_BYTES_OPTION,
    MODEL_OPTION,
    QUIET_OPTION,
    RECORDS_FORMAT_OPTION,
    SHOW_SKIPPED_OPTION,
    THRESHOLD_OPTION,
    TRUST_OPTION,
    CommandError,
    count_pages,
    list_inputs,
    load,
    run_inputs,
)

if TYPE_CHECKING:
    from clickbait.scoring import SourceResult


@click.command(epilog=EXIT_CODES_HELP)
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
@SHOW_SKIPPED_OPTION
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
    show_skipped: bool,
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
    are still scored. The run ends with one line on stderr: inputs scored and
    failed, teasers, filler, time.
    """
    from clickbait.output import RecordWriter
    from clickbait.scoring import score_sources

    if engine == "local" and scheduler is not None:
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask" and "-" in inputs:
        raise click.UsageError("--engine dask reads files, not standard input")
    model = load(model_path, trust, threshold)
    files = list_inputs(inputs, show_skipped)
    if engine == "dask":
        options = {"trust": trust, "threshold": threshold, "explain": explain}
        results = _on_dask(files, scheduler, model=model_path, max_bytes=max_bytes, **options)
    else:
        results = score_sources(
            model, files, max_bytes=max_bytes, explain=explain, records_only=True
        )
    writer = RecordWriter(sys.stdout, fmt)
    tally = run_inputs(
        results,
        lambda r: writer.write_many(r.records()),
        quiet=quiet,
        desc="scoring",
        total=count_pages(files),
    )
    writer.close()
    tally.finish("scored")


def _on_dask(inputs: list[str], scheduler: str | None, **options: object) -> Iterator[SourceResult]:
    """Results of ``score_sources`` computed on a Dask cluster, in the same order; a
    missing extra or an unreachable scheduler ends the command with exit code 3."""
    from clickbait.extras import MissingExtra

    try:
        from clickbait.contrib.dask import SchedulerError, score_on_cluster
    except MissingExtra as error:
        raise CommandError(str(error), EXIT_MODEL) from error
    try:
        yield from score_on_cluster(inputs, scheduler, **options)
    except SchedulerError as error:
        raise CommandError(str(error), EXIT_MODEL) from None
