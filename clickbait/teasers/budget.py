"""The work one page may cost: a budget of elements, links and depth.

Extraction takes time linear in a page's elements and links, but a page of a million
links would still take minutes and gigabytes. A page beyond the budget is not
searched at all: :class:`PageTooComplex` says which limit it passed, and the caller
reports it (``clickbait score`` names it on stderr and exits with 1). The largest of
the saved real pages has about 6,000 elements, 800 links and 30 levels of nesting.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Elements (start tags) of a page: the parsed tree takes about 0.3 kB an element.
MAX_ELEMENTS = 200_000
# Links with a target: each costs up to about 60 µs of extraction.
MAX_LINKS = 20_000
# Nesting depth: libxml2's own limit with its huge-tree option. Deeper markup is cut
# off by the parser, so such a page is reported rather than read in part.
MAX_DEPTH = 2_048


class PageTooComplex(ValueError):
    """A page beyond the extraction budget (:data:`MAX_ELEMENTS`, :data:`MAX_LINKS`,
    :data:`MAX_DEPTH`); ``str(error)`` names the limit."""


def check_elements(data: bytes) -> None:
    """Refuse markup with more start tags than :data:`MAX_ELEMENTS`, before parsing it.

    Counts ``<`` not followed by ``/``: start tags, and a few comments and stray ``<``
    in scripts, so the count can only err upward. Short pages cannot hold that many.
    """
    if len(data) <= 2 * MAX_ELEMENTS:
        return
    tags = data.count(b"<") - data.count(b"</")
    if tags > MAX_ELEMENTS:
        raise PageTooComplex(
            f"too complex to search for teasers: about {tags:,} elements "
            f"(at most {MAX_ELEMENTS:,} per page)"
        )


def check_links(links: int) -> None:
    """Refuse a page with more links than :data:`MAX_LINKS`."""
    if links > MAX_LINKS:
        raise PageTooComplex(
            f"too complex to search for teasers: {links:,} links (at most {MAX_LINKS:,} per page)"
        )


def check_parse(error_log: Iterable[Any]) -> None:
    """Refuse a page the parser stopped reading at one of its limits (nesting depth)."""
    limit = next((e for e in error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    if limit is None:
        return
    if "depth" in limit.message:
        raise PageTooComplex(
            f"too complex to search for teasers: elements nested more than "
            f"{MAX_DEPTH:,} deep (the parser's limit)"
        )
    raise PageTooComplex(f"too complex to search for teasers: {limit.message.strip()}")
