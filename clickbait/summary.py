"""Per-page and per-domain summaries of scored teasers: how much of a page's or a
site's teaser space is filler, how much is sponsored, and its worst teasers.

A teaser's **domain** is the host its link points to. A relative link (``/sante/x``)
points to the page's own site, so it takes the host of the page's address (its
canonical link, ``og:url`` or ``<base href>``, see
:attr:`clickbait.records.Extraction.url`; for a page of a WARC file that gives none,
the record's URI); when there is no address either, as with text scrapes and most
tables, the domain is the source name (the file path, or ``-`` for standard input),
and its row says so with ``host`` false. Hosts are lowercased and lose a leading
``www.``, so ``www.example.com`` and ``example.com`` count as one domain.

:class:`SiteSummary` reads scored results in one pass and keeps, per page and per
domain, counts and the N highest-scoring teasers, never every teaser. Its rows are
plain dicts (no pandas needed); :func:`summarize` turns results into two pandas
DataFrames for notebooks.
"""

from __future__ import annotations

import csv
import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from clickbait.output import neutralise_row
from clickbait.terminal import text_table

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.records import ScoredTeaser
    from clickbait.scoring import SourceResult

# What is summed up for every page and every domain.
FIGURE_COLUMNS = [
    "teasers",
    "filler",
    "filler_share",
    "mean_score",
    "sponsored",
    "sponsored_share",
    "worst",
]
PAGE_COLUMNS = ["page", "url", "site", *FIGURE_COLUMNS]
DOMAIN_COLUMNS = ["domain", "host", "pages", *FIGURE_COLUMNS]
CSV_FIELDS = ["by", "page", "domain", "host", "site", "pages", *FIGURE_COLUMNS]

Rows = list[dict[str, Any]]


def host_of(url: str) -> str:
    """The host of an absolute (or protocol-relative) address, lowercased, without a
    leading ``www.``; ``""`` for a relative address or one that cannot be parsed."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # e.g. a malformed IPv6 literal
        return ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def teaser_host(url: str, page_url: str = "") -> str:
    """The host a teaser's link points to, its page's host for a relative link, or
    ``""`` when neither says."""
    try:
        absolute = urljoin(page_url, url) if page_url and url else url
    except ValueError:  # a malformed link counts as relative
        absolute = ""
    return host_of(absolute) or host_of(page_url)


def teaser_domain(url: str, page_url: str = "", source: str = "") -> str:
    """The domain a teaser counts toward: its link's host, else the page's host, else
    the source name (see the module docstring)."""
    return teaser_host(url, page_url) or source


@dataclass
class _Tally:
    """Counts for one page or one domain, with its ``keep`` highest-scoring teasers."""

    keep: int
    teasers: int = 0
    filler: int = 0
    sponsored: int = 0
    score_sum: float = 0.0
    pages: set[int] = field(default_factory=set)
    # A min-heap of (score, -arrival, teaser record): the lowest score leaves first, and
    # of equal scores the latest arrival, so the earliest-seen teaser wins a tie.
    worst: list[tuple[float, int, dict[str, Any]]] = field(default_factory=list)

    def add(self, item: ScoredTeaser, arrival: int, page: int, extra: dict[str, Any]) -> None:
        self.teasers += 1
        self.filler += item.label == "filler"
        self.sponsored += bool(item.teaser.sponsored)
        self.score_sum += item.score
        self.pages.add(page)
        if self.keep <= 0:
            return
        entry = (item.score, -arrival)
        if len(self.worst) >= self.keep and entry <= self.worst[0][:2]:
            return
        record = {
            "headline": item.teaser.headline,
            "score": round(item.score, 4),
            "label": item.label,
            "url": item.teaser.url,
            "sponsored": bool(item.teaser.sponsored),
            **extra,
        }
        heapq.heappush(self.worst, (*entry, record))
        if len(self.worst) > self.keep:
            heapq.heappop(self.worst)

    def figures(self) -> dict[str, Any]:
        n = self.teasers
        return {
            "teasers": n,
            "filler": self.filler,
            "filler_share": self.filler / n if n else float("nan"),
            "mean_score": self.score_sum / n if n else float("nan"),
            "sponsored": self.sponsored,
            "sponsored_share": self.sponsored / n if n else float("nan"),
            "worst": [
                record for *_, record in sorted(self.worst, key=lambda e: e[:2], reverse=True)
            ],
        }


class SiteSummary:
    """Accumulates scored pages into per-page and per-domain figures.

    >>> summary = SiteSummary(worst=3)
    >>> for result in score_sources(model, ["crawl/"]):  # doctest: +SKIP
    ...     summary.add(result)
    >>> summary.pages(), summary.domains()  # doctest: +SKIP

    Results with an error (unreadable inputs) are not pages and are left out; a page
    read without teasers is kept, with zero teasers and no shares.
    """

    def __init__(self, worst: int = 3) -> None:
        if worst < 0:
            raise ValueError("worst must be 0 or more")
        self.worst = worst
        self._pages: list[tuple[str, str, _Tally]] = []
        self._domains: dict[str, _Tally] = {}
        self._not_hosts: set[str] = set()  # domains that are source names
        self._arrivals = 0

    def add(self, result: SourceResult) -> None:
        """Count one scored input; a later batch of a streamed table (``start`` above 0)
        adds to its table's figures."""
        if result.error is not None:
            return
        if result.start and self._pages and self._pages[-1][0] == result.source:
            page_index = len(self._pages) - 1
            page = self._pages[-1][2]
        else:
            page_index = len(self._pages)
            page = _Tally(self.worst)
            self._pages.append((result.source, result.url, page))
        for item in result.scored:
            self._arrivals += 1
            domain = teaser_host(item.teaser.url, result.url)
            if not domain:
                domain = result.source
                self._not_hosts.add(domain)
            page.add(item, self._arrivals, page_index, {})
            tally = self._domains.get(domain)
            if tally is None:
                tally = self._domains[domain] = _Tally(self.worst)
            tally.add(item, self._arrivals, page_index, {"page": result.source})

    def page_rows(self) -> Rows:
        """One row per page, in input order: ``page`` (the source), ``url`` (the page's
        own address), ``site`` (its host), then the figures of :data:`FIGURE_COLUMNS`.
        Shares are NaN for a page without teasers."""
        return [
            {"page": source, "url": url, "site": host_of(url), **tally.figures()}
            for source, url, tally in self._pages
        ]

    def domain_rows(self) -> Rows:
        """One row per domain, most teasers first: ``domain``, ``host`` (false when the
        domain is an input's name: teasers of a page that gives no address), ``pages``
        (how many pages show its teasers), then the figures of :data:`FIGURE_COLUMNS`."""
        rows = [
            {
                "domain": domain,
                "host": domain not in self._not_hosts,
                "pages": len(tally.pages),
                **tally.figures(),
            }
            for domain, tally in self._domains.items()
        ]
        return sorted(rows, key=lambda row: (-row["teasers"], row["domain"]))

    def pages(self) -> pd.DataFrame:
        """:meth:`page_rows` as a DataFrame, columns :data:`PAGE_COLUMNS`."""
        import pandas as pd

        return pd.DataFrame(self.page_rows(), columns=PAGE_COLUMNS)

    def domains(self) -> pd.DataFrame:
        """:meth:`domain_rows` as a DataFrame, columns :data:`DOMAIN_COLUMNS`."""
        import pandas as pd

        return pd.DataFrame(self.domain_rows(), columns=DOMAIN_COLUMNS)


def summarize(results: Iterable[SourceResult], worst: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-page, per-domain) DataFrames of scored results, e.g. from
    :func:`clickbait.scoring.score_sources`; see :class:`SiteSummary`."""
    summary = SiteSummary(worst)
    for result in results:
        summary.add(result)
    return summary.pages(), summary.domains()


# -- output -----------------------------------------------------------------------------


def as_rows(table: Rows | pd.DataFrame) -> Rows:
    """Rows of a summary level, from :meth:`SiteSummary.page_rows` (or
    :meth:`~SiteSummary.domain_rows`) or from the DataFrames of :func:`summarize`."""
    return table.to_dict("records") if hasattr(table, "to_dict") else list(table)


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN becomes None, floats are rounded, numpy scalars unwrapped."""
    if isinstance(value, list):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return None if value != value else round(value, 4)
    return value


def summary_records(
    pages: Rows | pd.DataFrame, domains: Rows | pd.DataFrame, by: str = "both"
) -> Iterator[dict[str, Any]]:
    """JSON-ready records: pages first, then domains, each with ``by`` naming its level;
    ``by`` is ``page``, ``domain`` or ``both``."""
    if by in ("page", "both"):
        for row in as_rows(pages):
            yield {"by": "page", **{k: _plain(v) for k, v in row.items()}}
    if by in ("domain", "both"):
        for row in as_rows(domains):
            yield {"by": "domain", **{k: _plain(v) for k, v in row.items()}}


def compact_worst(items: list[dict[str, Any]], limit: int | None = None) -> str:
    """ "0.99 Headline | 0.97 Other headline": the worst teasers on one line."""
    return " | ".join(f"{item['score']:.2f} {item['headline']}" for item in items[:limit])


def _percent(value: Any) -> str:
    return "–" if value is None or value != value else f"{value:.0%}"


def format_summary_table(
    table: Rows | pd.DataFrame, key: str, width: int | None = None, worst: int = 1
) -> str:
    """An aligned text table of one level (``key`` is ``page`` or ``domain``) that fits
    ``width`` (default: the terminal's), nothing cut: long paths and headlines wrap in
    their column. A domain that is an input's name (its page gave no address) is marked
    ``(no address)``."""
    rows = as_rows(table)
    if not rows:
        return f"(no {key}s)"
    header = [key, "teasers", "filler", "mean", "sponsored", "worst"]
    body = [
        [
            row[key] if row.get("host", True) else f"{row[key]} (no address)",
            f"{row['teasers']:,}",
            _percent(row["filler_share"]),
            "–" if row["mean_score"] != row["mean_score"] else f"{row['mean_score']:.2f}",
            _percent(row["sponsored_share"]),
            compact_worst(row["worst"], worst),
        ]
        for row in rows
    ]
    return text_table(header, body, numeric={1, 2, 3, 4}, width=width)


def _relative_pages(rows: Rows) -> tuple[Rows, str]:
    """Page rows named relative to the folder that holds them all, and that folder
    (``""`` when they share none, or are not all files: ``-``, WARC record addresses)."""
    import os

    names = [str(row["page"]) for row in rows]
    if len(names) < 2 or any(n == "-" or "://" in n for n in names):
        return rows, ""
    try:
        folder = os.path.commonpath(names)
    except ValueError:  # absolute and relative paths mixed
        return rows, ""
    if not folder or folder in names:
        return rows, ""
    cut = len(folder.rstrip("/")) + 1
    return [{**row, "page": str(row["page"])[cut:]} for row in rows], folder.rstrip("/") + "/"


def write_summary(
    stream: IO[str],
    pages: Rows | pd.DataFrame,
    domains: Rows | pd.DataFrame,
    by: str = "both",
    fmt: str = "jsonl",
) -> None:
    """Write the summaries as JSON Lines (one record per page or domain), CSV (one
    header for both levels, ``worst`` compacted to one cell, cells that a spreadsheet
    would run as formulas neutralised) or text tables."""
    if fmt == "jsonl":
        for record in summary_records(pages, domains, by):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for record in summary_records(pages, domains, by):
            writer.writerow(neutralise_row({**record, "worst": compact_worst(record["worst"])}))
    elif fmt == "table":
        parts = []
        if by in ("page", "both"):
            rows, folder = _relative_pages(as_rows(pages))
            title = f"Pages in {folder}" if folder else "Pages"
            parts.append(f"{title}\n" + format_summary_table(rows, "page"))
        if by in ("domain", "both"):
            parts.append("Domains\n" + format_summary_table(domains, "domain"))
        stream.write("\n\n".join(parts) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    stream.flush()
