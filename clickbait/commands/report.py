"""``clickbait report``: the share of filler per page and per domain, as records,
tables or a self-contained HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

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


@click.command(epilog=EXIT_CODES_HELP)
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
@SHOW_SKIPPED_OPTION
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
    show_skipped: bool,
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
    files = list_inputs(inputs, show_skipped)
    results = score_sources(model, files, max_bytes=max_bytes)
    tally = run_inputs(results, summary.add, quiet=quiet, desc="reading", total=count_pages(files))
    pages, domains = summary.page_rows(), summary.domain_rows()
    write_summary(sys.stdout, pages, domains, by, fmt)
    if html_file is not None:
        about = {"model": model.card.get("name") or model_path or "", "threshold": model.threshold}
        try:
            atomic_write(Path(html_file), summary_html(pages, domains, by, about))
        except OSError as error:
            raise CommandError(f"cannot write {html_file}: {error}", EXIT_MODEL) from error
    tally.finish("summarised")
