"""What both reports' pages share: the style, tables, figures and the page itself.

Pages are self-contained: styles inline, images embedded as ``data:`` URIs, no
scripts, fonts or links to fetch, so a page can be mailed or archived as one file.
"""

from __future__ import annotations

import base64
import re
from html import escape
from typing import Any

FILLER_COLOUR = "#c0392b"
NEWS_COLOUR = "#2e6da4"

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left;
         vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #777; } .note { color: #555; font-size: .9rem; }
.figures img { max-width: 100%; margin: .3rem .6rem .3rem 0; border: 1px solid #eee;
               vertical-align: top; }
.confusion td { text-align: right; min-width: 4rem; }
.bars td { border: none; padding: .12rem .5rem; vertical-align: middle; }
.bars th { border: none; font-weight: normal; color: #555; font-size: .8rem; }
.bars .name { max-width: 26rem; overflow-wrap: anywhere; }
.bars .name small { display: block; color: #777; }
.bar { position: relative; width: 20rem; height: .95rem;
       background: repeating-linear-gradient(to right, #eef2f6 0, #eef2f6 calc(25% - 1px),
                   #c9d3dd calc(25% - 1px), #c9d3dd 25%); }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; }
.bar span.share { background: #eaa79f; } .bar span.low { background: #c0392b; }
.bar span.interval { top: 45%; bottom: auto; height: 2px; background: #333; }
.bars td.count { white-space: nowrap; }
.key span { display: inline-block; width: 1.4rem; height: .7rem; margin: 0 .3rem 0 .6rem; }
.axis { position: relative; width: 20rem; height: 1rem; font-size: .75rem; color: #555; }
.axis span { position: absolute; transform: translateX(-50%); }
.axis span:first-child { transform: none; } .axis span:last-child { transform: translateX(-100%); }
nav ul { columns: 3; }
"""


def slug(text: str) -> str:
    """A file- and anchor-safe name: ``team-fr``, ``data-my-labels-csv``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "set"


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def fmt(value: Any, percent: bool = False) -> str:
    """A figure for a table: ``–`` for a missing or meaningless one."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if percent:
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def html_table(
    header: list[str], rows: list[list[Any]], numeric: set[int] | None = None, cls: str = ""
) -> str:
    """An HTML table; cells are escaped, columns in ``numeric`` right-aligned."""
    numeric = numeric or set()

    def cell(tag: str, index: int, value: Any) -> str:
        attribute = ' class="num"' if index in numeric else ""
        return f"<{tag}{attribute}>{escape(str(value))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    class_attribute = f' class="{cls}"' if cls else ""
    return f"<table{class_attribute}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_page(title: str, body: str) -> str:
    """A complete, self-contained HTML page."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def image(png: bytes, alt: str) -> str:
    """An embedded PNG."""
    return f'<img src="{data_uri(png)}" alt="{escape(alt)}">'
