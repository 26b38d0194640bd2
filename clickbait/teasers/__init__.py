"""Find the teasers in a document: recommendation widgets, related lists, text scrapes.

A :class:`~clickbait.records.Teaser` is a headline, an optional snippet and link, its
position on the page and the block it came from. :func:`extract` returns the teasers
together with the :class:`~clickbait.records.Block` list, so that a widget whose items
are injected by JavaScript (an empty container in the saved page) is reported as present
with no teasers.

How the extractor is laid out, from the words it knows to the page it returns:

- :mod:`~clickbait.teasers.vocabulary`: patterns, tag sets, word lists and thresholds;
- :mod:`~clickbait.teasers.names`, :mod:`~clickbait.teasers.markup`,
  :mod:`~clickbait.teasers.wording`, :mod:`~clickbait.teasers.addresses`: tests on class
  names, elements, text and link addresses (and the address a page gives for itself);
- :mod:`~clickbait.teasers.page`: what is worked out once per page (cards, areas, widgets);
- :mod:`~clickbait.teasers.headline`: a card's headline, kicker, snippet and sponsorship;
- :mod:`~clickbait.teasers.rejection`: why a link is not a teaser;
- :mod:`~clickbait.teasers.blocks`: the block a teaser belongs to and its name;
- :mod:`~clickbait.teasers.html` and :mod:`~clickbait.teasers.scrape`: the two extractors;
- :mod:`~clickbait.teasers.budget`: the most a page may hold (elements, links, depth),
  beyond which it is reported as too complex (:class:`PageTooComplex`) instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clickbait.records import Block, Extraction, Teaser
from clickbait.teasers.budget import PageTooComplex
from clickbait.teasers.html import extract_html
from clickbait.teasers.scrape import extract_text
from clickbait.teasers.wording import _clean, headline_key, is_widget_heading, repair_text

if TYPE_CHECKING:
    from clickbait.pages import Document

__all__ = [
    "Block",
    "Extraction",
    "PageTooComplex",
    "Teaser",
    "extract",
    "extract_html",
    "extract_text",
    "find_teasers",
    "headline_key",
    "is_widget_heading",
    "repair_text",
    "teaser_from_row",
]


def extract(document: Document) -> Extraction:
    """All teasers of a document, with the blocks they came from and, for an HTML page,
    the address it gives for itself."""
    if document.kind == "table":
        positions = document.positions or range(len(document.rows))
        teasers = [teaser_from_row(row, i) for i, row in zip(positions, document.rows, strict=True)]
        return Extraction(teasers, [Block(name="table", kind="table", teasers=len(teasers))])
    if document.kind == "html":
        return extract_html(document.text)
    return extract_text(document.text)


def teaser_from_row(row: dict[str, str], position: int) -> Teaser:
    """The teaser of one row of a table (``headline``, optional ``snippet``, ``url``,
    ``sponsored``), its text cleaned and repaired as a page's is."""
    return Teaser(
        headline=repair_text(_clean(row.get("headline", ""))),
        snippet=repair_text(_clean(row.get("snippet", ""))),
        url=(row.get("url") or "").strip(),
        position=position,
        block="table",
        sponsored=str(row.get("sponsored", "")).strip().lower() in {"1", "true", "yes"},
    )


def find_teasers(document: Document | str) -> list[Teaser]:
    """The teasers of a document, or of an HTML string, in page order."""
    if isinstance(document, str):
        return extract_html(document).teasers
    return extract(document).teasers
