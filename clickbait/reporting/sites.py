"""The site summary page of ``clickbait report --html``: bars of the share of filler per
domain and per page, from the rows of :mod:`clickbait.summary`. The bars are drawn in
HTML: no extra is needed.

A share of filler from a handful of teasers says little: 1 filler of 1 is "100%". Bars
are therefore ranked by the lower end of the share's 95% Wilson interval
(:func:`wilson_interval`), which is low for few teasers and close to the share for many,
and each bar shows its interval and its count.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from clickbait.reporting.page import html_page, html_table
from clickbait.summary import as_rows

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.summary import Rows

# The normal quantile of a two-sided 95% interval.
Z_95 = 1.959964
AXIS_TICKS = (0, 25, 50, 75, 100)


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``successes / n`` (95% by default);
    ``(0, 1)`` for ``n == 0``. Unlike the plain ``p ± z·se``, it stays within 0..1 and
    is wide for small ``n``: 1 of 1 gives (0.21, 1.0), 40 of 50 gives (0.67, 0.89)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _ranked(rows: Rows, key: str) -> list[tuple[dict[str, Any], tuple[float, float]]]:
    """Rows with their interval, by the interval's lower end, then share, then count."""
    with_interval = [(row, wilson_interval(row["filler"], row["teasers"])) for row in rows]
    return sorted(
        with_interval,
        key=lambda item: (
            -item[1][0] if item[0]["teasers"] else 1.0,
            -(item[0]["filler_share"] if item[0]["teasers"] else 0.0),
            -item[0]["teasers"],
            str(item[0][key]),
        ),
    )


def page_label(row: dict[str, Any]) -> tuple[str, str]:
    """(what a page is called, what is said under it): its address without the scheme
    (site and path) over its file, or, for a page that gives no address, its file name
    over the folder it is in."""
    source = str(row["page"])
    url = str(row.get("url") or "")
    if url:
        parts = urlsplit(url)
        host = row.get("site") or parts.hostname or ""
        return host + (parts.path if parts.path not in ("", "/") else ""), source
    folder, _, name = source.rpartition("/")
    return name or source, folder


def _axis() -> str:
    ticks = "".join(f'<span style="left:{t}%">{t}%</span>' for t in AXIS_TICKS)
    return f'<div class="axis">{ticks}</div>'


def _bars(rows: Rows, key: str, limit: int) -> str:
    """Horizontal bars of the share of filler with their 95% interval, ranked as the
    module docstring says, at most ``limit``, under a 0-100% axis."""
    lines = []
    for row, (low, high) in _ranked(rows, key)[:limit]:
        if key == "page":
            name, under = page_label(row)
        else:
            name, under = str(row[key]), f"on {row['pages']:,} page(s)"
        title = f' title="{escape(str(row[key]))}"'
        label = f'<td class="name"{title}>{escape(name)}<small>{escape(under)}</small></td>'
        if not row["teasers"]:
            bar, figure = "", "no teasers"
        else:
            share = row["filler_share"]
            bar = (
                f'<span class="share" style="width:{100 * share:.1f}%"></span>'
                f'<span class="low" style="width:{100 * low:.1f}%"></span>'
                f'<span class="interval" style="left:{100 * low:.1f}%;'
                f'width:{100 * (high - low):.1f}%"></span>'
            )
            figure = f"{row['filler']:,} of {row['teasers']:,} filler ({share:.0%})"
            if row["sponsored"]:
                figure += f"; {row['sponsored']:,} sponsored"
        lines.append(
            f'<tr>{label}<td><div class="bar">{bar}</div></td>'
            f'<td class="count">{escape(figure)}</td></tr>'
        )
    more = len(rows) - limit
    note = (
        f'<p class="note">{more:,} more not shown; the command\'s own output lists every {key}.</p>'
        if more > 0
        else ""
    )
    head = f"<thead><tr><th>{key}</th><th>{_axis()}</th><th>filler of teasers</th></tr></thead>"
    return f'<table class="bars">{head}<tbody>{"".join(lines)}</tbody></table>{note}'


def _worst_table(rows: Rows, key: str, limit: int) -> str:
    body = []
    for row in rows[:limit]:
        for item in row["worst"]:
            body.append(
                [
                    row[key],
                    f"{item['score']:.2f}",
                    item["label"],
                    item["headline"],
                    "yes" if item["sponsored"] else "",
                    item["url"],
                ]
            )
    if not body:
        return ""
    return html_table([key, "score", "label", "headline", "sponsored", "link"], body, {1})


RANKING_NOTE = (
    "Ranked by the lower end of the 95% Wilson interval of the share of filler, so that "
    "1 filler teaser of 1 (interval 21–100%) does not outrank 40 of 50 (67–89%). "
    '<span class="key"><span style="background:#c0392b"></span>filler share, at least '
    '(lower end of the interval)<span style="background:#eaa79f"></span>as measured</span>; '
    "the black line is the 95% interval."
)


def summary_html(
    pages: Rows | pd.DataFrame,
    domains: Rows | pd.DataFrame,
    by: str = "both",
    about: dict[str, Any] | None = None,
    limit: int = 100,
) -> str:
    """The site summary as one self-contained HTML page: bars of the share of filler
    per domain and per page, and the worst teasers of each domain (links are shown as
    text, never followed). Teasers whose domain is unknown (relative links on a page
    that gives no address) are not shown as domains; the page says how many there are."""
    about = about or {}
    pages, domains = as_rows(pages), as_rows(domains)
    hosts = [row for row in domains if row.get("host", True)]
    unplaced = [row for row in domains if not row.get("host", True)]
    teasers = sum(row["teasers"] for row in pages)
    filler = sum(row["filler"] for row in pages)
    parts = [
        "<h1>Teaser summary</h1>",
        f"<p>{len(pages):,} page(s), {teasers:,} teaser(s), {filler:,} scored filler"
        + (f" ({filler / teasers:.0%})" if teasers else "")
        + "."
        + (f" Model {escape(str(about['model']))}" if about.get("model") else "")
        + (f", threshold {about['threshold']}." if "threshold" in about else "")
        + "</p>",
        '<p class="note">A teaser counts toward the domain its link points to; relative '
        "links count toward the page's own site (its canonical or og:url address).</p>",
    ]
    if by in ("domain", "both"):
        parts += ["<h2>Share of filler per domain</h2>", f'<p class="note">{RANKING_NOTE}</p>']
        parts.append(_bars(hosts, "domain", limit) if hosts else "<p>No domain is known.</p>")
        if unplaced:
            count = sum(row["teasers"] for row in unplaced)
            parts.append(
                f'<p class="note">{count:,} teaser(s) on {len(unplaced):,} page(s) have no '
                "known domain (relative links on pages that give no address of their own): "
                "they are counted per page, not here.</p>"
            )
    if by in ("page", "both"):
        parts += ["<h2>Share of filler per page</h2>", f'<p class="note">{RANKING_NOTE}</p>']
        parts.append(_bars(pages, "page", limit))
    if by in ("domain", "both"):
        worst = _worst_table(hosts, "domain", limit)
        if worst:
            parts += ["<h2>Highest-scoring teasers per domain</h2>", worst]
    elif by == "page":
        worst = _worst_table(pages, "page", limit)
        if worst:
            parts += ["<h2>Highest-scoring teasers per page</h2>", worst]
    return html_page("Teaser summary", "\n".join(parts))
