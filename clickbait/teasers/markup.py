"""lxml helpers: parsing a page, walking tags, reading an element's text."""

from __future__ import annotations

from functools import cache, partial
from typing import TYPE_CHECKING, Any

from clickbait.teasers.budget import check_elements, check_parse
from clickbait.teasers.vocabulary import _HEADING_TAGS

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator

    from lxml.etree import _Element as HtmlElement


def _parse(html: str) -> HtmlElement | None:
    """The page's tree, or ``None`` for an empty one; raises
    :class:`~clickbait.teasers.budget.PageTooComplex` beyond the page budget."""
    from lxml import etree

    if not html or html.isspace():  # (html.strip() would copy the page)
        return None
    data = html.encode("utf-8", "surrogatepass")
    check_elements(data)
    parser = _parser()
    try:
        # Plain lxml elements: lxml.html's element classes are looked up in Python for
        # every node handed out, a fifth of the extraction time.
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    check_parse(parser.error_log)
    if root is None:
        return None
    etree.strip_elements(root, etree.Comment, with_tail=False)
    return root


@cache
def _parser() -> Any:
    from lxml import etree

    # (No table of ids: nothing here looks elements up by id.) The huge-tree option
    # raises libxml2's nesting limit from 256 to MAX_DEPTH; deeper pages are reported.
    return etree.HTMLParser(
        encoding="utf-8", remove_comments=True, huge_tree=True, collect_ids=False
    )


def _iter_tags(element: HtmlElement, tags: Collection[str]) -> Iterator[HtmlElement]:
    """``element.iter(*tags)``: the element and those under it with one of these tags, in
    page order; without setting up lxml's matcher of several tags (about 1 µs) for an
    element with no children."""
    if len(element) == 0:
        return iter((element,) if element.tag in tags else ())
    return element.iter(*tags)


def _headings(element: HtmlElement) -> Iterator[HtmlElement]:
    """The heading elements at or under ``element``, in page order."""
    return _iter_tags(element, _HEADING_TAGS)


def _text_content(element: HtmlElement) -> str:
    """All the text inside an element, as lxml.html's ``text_content()`` gives it."""
    if len(element) == 0:
        return element.text or ""
    return _text_serializer()(element)


@cache
def _text_serializer() -> Callable[[HtmlElement], str]:
    from lxml import etree

    # Serialising as text is faster than XPath's string() and gives the same text.
    return partial(etree.tostring, method="text", encoding=str, with_tail=False)


def _line(element: HtmlElement) -> int:
    return element.sourceline or 0
