"""Which block a teaser belongs to, and the block's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clickbait.teasers.markup import _headings, _text_content
from clickbait.teasers.names import _attrs
from clickbait.teasers.vocabulary import _HEADING_TAGS, _HEADING_TRIM, _TITLE_CLASS
from clickbait.teasers.wording import _clean, is_widget_heading

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement

    from clickbait.teasers.page import _Item, _Page


def _block_of(page: _Page, item: _Item) -> tuple[str, str, HtmlElement]:
    """(name, kind, anchor element) of the block an item belongs to.

    The name is the vendor, else the nearest heading above the item within a few levels,
    else the list's class or id.
    """
    if item.inline:
        return "inline", "inline", item.root
    container, vendor = page.vendor_of.get(item.root, (None, None))
    node = item.root
    for _ in range(6):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        name = page.name_before(node)
        if name:
            return name, "vendor" if vendor else "heading", parent
        node = parent
    if vendor and container is not None:
        return vendor, "vendor", container
    container = item.root.getparent()
    while (
        container is not None
        and container.tag in {"li", "ul", "ol"}
        and not _attrs(container).strip()
    ):
        container = container.getparent()
    if container is None or container.tag in {"body", "html"}:
        return "links", "list", container if container is not None else item.root
    label = _clean(_attrs(container)).split(" ")[0] or "links"
    return label[:60], "list", container


def _heading_name(element: HtmlElement) -> str:
    candidates = [element] if element.tag in _HEADING_TAGS else []
    first = next(_headings(element), None)
    if first is not None:
        candidates.append(first)
    for candidate in candidates:
        if candidate.find(".//a[@href]") is not None and not is_widget_heading(
            _text_content(candidate)
        ):
            continue
        text = _clean(_text_content(candidate)).strip(_HEADING_TRIM)
        if 0 < len(text) <= 80:
            return text
    if _TITLE_CLASS.in_names(element) and element.find(".//a[@href]") is None:
        text = _clean(_text_content(element)).strip(_HEADING_TRIM)
        if 0 < len(text) <= 80:
            return text
    return ""
