"""Per-page and per-domain summaries of scored teasers: how much of a page's or a
site's teaser space is filler, how much is sponsored, and its worst teasers.

A teaser's **domain** is the host its link points to. A relative link (``/sante/x``)
points to the page's own site, so it takes the host of the page's address (its
canonical link, ``og:url`` or ``<base href>``, see
:attr:`clickbait.records.Extraction.url`; for a page of a WARC file that gives none,
the record's URI); when there is no address either, as with text scrapes and most
tables, the domain is the source name (the file path, or ``-`` for standard input).
Hosts are lowercased and lose a leading ``www.``, so ``www.example.com`` and
``example.com`` count as one domain.

:class:`SiteSummary` reads scored results in one pass and keeps, per page and per
domain, counts and the N highest-scoring teasers, never every teaser; :func:`summarize`
turns results into two pandas DataFrames for notebooks.
"""

from __future__ import annotations

import csv
import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

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
DOMAIN_COLUMNS = ["domain", "pages", *FIGURE_COLUMNS]
CSV_FIELDS = ["by", "page", "domain", "site", "pages", *FIGURE_COLUMNS]


def host_of(url: str) -> str:
    """The host of an absolute (or protocol-relative) address, lowercased, without a
    leading ``www.``; ``""`` for a relative address or one that cannot be parsed."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # e.g. a malformed IPv6 literal
        return ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def teaser_domain(url: str, page_url: str = "", source: str = "") -> str:
    """The domain a teaser counts toward: its link's host, else the page's host, else
    the source name (see the module docstring)."""
    try:
        absolute = urljoin(page_url, url) if page_url and url else url
    except ValueError:  # a malformed link counts as relative
        absolute = ""
    return host_of(absolute) or host_of(page_url) or source


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
            domain = teaser_domain(item.teaser.url, result.url, result.source)
            page.add(item, self._arrivals, page_index, {})
            tally = self._domains.get(domain)
            if tally is None:
                tally = self._domains[domain] = _Tally(self.worst)
            tally.add(item, self._arrivals, page_index, {"page": result.source})

    def pages(self) -> pd.DataFrame:
        """One row per page, in input order: ``page`` (the source), ``url`` (the page's
        own address), ``site`` (its host), then the figures of :data:`PAGE_COLUMNS`.
        Shares are NaN for a page without teasers."""
        import pandas as pd

        rows = [
            {"page": source, "url": url, "site": host_of(url), **tally.figures()}
            for source, url, tally in self._pages
        ]
        return pd.DataFrame(rows, columns=PAGE_COLUMNS)

    def domains(self) -> pd.DataFrame:
        """One row per domain, most teasers first: ``domain``, ``pages`` (how many pages
        show its teasers), then the figures of :data:`DOMAIN_COLUMNS`."""
        import pandas as pd

        rows = [
            {"domain": domain, "pages": len(tally.pages), **tally.figures()}
            for domain, tally in self._domains.items()
        ]
        frame = pd.DataFrame(rows, columns=DOMAIN_COLUMNS)
        return frame.sort_values(
            ["teasers", "domain"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)


def summarize(results: Iterable[SourceResult], worst: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-page, per-domain) DataFrames of scored results, e.g. from
    :func:`clickbait.scoring.score_sources`; see :class:`SiteSummary`."""
    summary = SiteSummary(worst)
    for result in results:
        summary.add(result)
    return summary.pages(), summary.domains()


# -- output -----------------------------------------------------------------------------


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
    pages: pd.DataFrame, domains: pd.DataFrame, by: str = "both"
) -> Iterator[dict[str, Any]]:
    """JSON-ready records: pages first, then domains, each with ``by`` naming its level;
    ``by`` is ``page``, ``domain`` or ``both``."""
    if by in ("page", "both"):
        for row in pages.to_dict("records"):
            yield {"by": "page", **{k: _plain(v) for k, v in row.items()}}
    if by in ("domain", "both"):
        for row in domains.to_dict("records"):
            yield {"by": "domain", **{k: _plain(v) for k, v in row.items()}}


def compact_worst(items: list[dict[str, Any]], limit: int | None = None) -> str:
    """ "0.99 Headline | 0.97 Other headline": the worst teasers on one line."""
    return " | ".join(f"{item['score']:.2f} {item['headline']}" for item in items[:limit])


def _shorten(text: str, width: int, keep_end: bool = False) -> str:
    if len(text) <= width:
        return text
    return "…" + text[1 - width :] if keep_end else text[: width - 1] + "…"


def _percent(value: Any) -> str:
    return "–" if value is None or value != value else f"{value:.0%}"


def format_summary_table(frame: pd.DataFrame, key: str, width: int = 50) -> str:
    """An aligned text table of one level (``key`` is ``page`` or ``domain``); long page
    paths keep their end, where the file name is."""
    if frame.empty:
        return f"(no {key}s)"
    columns = {
        key: [_shorten(str(v), 40, keep_end=True) for v in frame[key]],
        "teasers": [str(v) for v in frame["teasers"]],
        "filler": [_percent(v) for v in frame["filler_share"]],
        "mean": ["–" if v != v else f"{v:.2f}" for v in frame["mean_score"]],
        "sponsored": [_percent(v) for v in frame["sponsored_share"]],
        "worst": [_shorten(compact_worst(w, 1), width) for w in frame["worst"]],
    }
    right = {"teasers", "filler", "mean", "sponsored"}
    widths = {name: max(len(name), *(len(v) for v in values)) for name, values in columns.items()}

    def line(cells: dict[str, str]) -> str:
        return "  ".join(
            cells[n].rjust(widths[n]) if n in right else cells[n].ljust(widths[n]) for n in columns
        ).rstrip()

    rows = [line({n: n for n in columns})]
    rows += [line({n: columns[n][i] for n in columns}) for i in range(len(frame))]
    return "\n".join(rows)


def write_summary(
    stream: IO[str],
    pages: pd.DataFrame,
    domains: pd.DataFrame,
    by: str = "both",
    fmt: str = "jsonl",
) -> None:
    """Write the summaries as JSON Lines (one record per page or domain), CSV (one
    header for both levels, ``worst`` compacted to one cell) or text tables."""
    if fmt == "jsonl":
        for record in summary_records(pages, domains, by):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for record in summary_records(pages, domains, by):
            writer.writerow({**record, "worst": compact_worst(record["worst"])})
    elif fmt == "table":
        parts = []
        if by in ("page", "both"):
            parts.append("Pages\n" + format_summary_table(pages, "page"))
        if by in ("domain", "both"):
            parts.append("Domains\n" + format_summary_table(domains, "domain"))
        stream.write("\n\n".join(parts) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    stream.flush()
