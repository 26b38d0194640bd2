"""The page model: what is worked out once per page (links, cards, areas, vendor widgets)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from clickbait.teasers.addresses import _address_of, _target_of
from clickbait.teasers.blocks import _heading_name
from clickbait.teasers.budget import check_links
from clickbait.teasers.markup import _text_content
from clickbait.teasers.names import _attrs, _without_modifiers
from clickbait.teasers.vocabulary import (
    _ANY_VENDOR,
    _ARTICLE_PATH,
    _HEADING_TAGS,
    _INLINE_LABEL,
    _MENU,
    _MENU_TAGS,
    _NEVER,
    _NEVER_TAGS,
    _STRONG_ARTICLE_PATH,
    _VENDOR_HINT,
    MIN_HEADLINE_WORDS,
)
from clickbait.teasers.wording import _clean

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement


@dataclass
class _Item:
    link: HtmlElement
    root: HtmlElement
    url: str
    headline: str
    snippet: str
    sponsored: bool
    inline: bool
    links: list[HtmlElement]
    place: _Place
    short_title: bool = False


class _Place(NamedTuple):  # (a tuple: built for every candidate link, three times faster)
    """Where a link sits and where it points: what its headline cannot change."""

    area: int  # 0, _MENU_AREA or _NEVER_AREA
    card: HtmlElement
    host: str
    in_vendor: bool
    path: str
    article_link: bool
    strong_path: bool  # an id, a page extension or a dated folder: _STRONG_ARTICLE_PATH


def _own_title(root: HtmlElement) -> str:
    for element in root.iter("meta"):
        if (element.get("property") or "").lower() == "og:title":
            return _clean(element.get("content") or "")
    return ""


def _strong_targets(
    urls: dict[HtmlElement, str],
) -> tuple[dict[HtmlElement, set[str]], list[HtmlElement]]:
    """For each element, the distinct targets (up to two) of substantial links inside it:
    links with a headline-length text or title, an image, or laid over a card. And the
    links among those elements, in page order: the substantial ones and any link around
    one.

    An item's card is the largest ancestor of its link that holds no other such target.
    Each link walks up until an ancestor already holds two targets.
    """
    targets: dict[HtmlElement, set[str]] = {}
    links: list[HtmlElement] = []
    for link, url in urls.items():
        if not (
            len(_text_content(link).split()) >= MIN_HEADLINE_WORDS
            or len((link.get("title") or "").split()) >= MIN_HEADLINE_WORDS
            or (len(link) > 0 and next(link.iter("img"), None) is not None)
            or _is_overlay(link)
        ):
            continue
        node: HtmlElement | None = link
        reached: list[HtmlElement] = []  # links newly reached, from the inside out
        while node is not None:
            entry = targets.get(node)
            if entry is None:
                targets[node] = {url}
                if node.tag == "a":
                    reached.append(node)
            elif url in entry or len(entry) >= 2:
                break
            else:
                entry.add(url)
            node = node.getparent()
        # A link around this one is reached first here, and comes first on the page.
        links.extend(reversed(reached))
    return targets, links


def _is_overlay(link: HtmlElement) -> bool:
    """An empty link laid over a card whose heading it does not wrap."""
    if len(link) or (link.text or "").strip():
        return False
    parent = link.getparent()
    return parent is not None and next(parent.iter(*_HEADING_TAGS), None) is not None


def _card(
    link: HtmlElement, url: str, strong: dict[HtmlElement, set[str]], urls: dict[HtmlElement, str]
) -> tuple[HtmlElement, list[HtmlElement]]:
    """The card of a link (its largest ancestor with no other substantial target), and the
    card's links to the same target."""
    root = link
    while True:
        parent = root.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        entry = strong.get(parent)
        if entry is not None and (len(entry) > 1 or url not in entry):
            break  # another target (an entry is never empty)
        root = parent
    return root, [a for a in root.iter("a") if urls.get(a) == url]


_MENU_AREA, _NEVER_AREA = 1, 2


class _Page:
    """What is worked out once per page, or once per element and remembered.

    lxml elements hash by identity, and lxml hands out a new proxy object for a node
    once the old one is freed: the maps here are keyed by elements they keep alive.
    """

    def __init__(self, root: HtmlElement) -> None:
        # The target of every link that has one, in page order.
        self.urls = {
            link: url
            for link in root.iter("a")
            if (url := _target_of(link.get("href") or "")) is not None
        }
        check_links(len(self.urls))
        self.strong, self.strong_links = _strong_targets(self.urls)
        self.vendors = _vendor_containers(root)
        self.vendor_of = {
            node: (container, name) for container, name in self.vendors for node in container.iter()
        }
        self._areas: dict[HtmlElement, int] = {}
        self._heading_names: dict[HtmlElement, str] = {}
        self._names_before: dict[HtmlElement, str] = {}
        self._block_texts: dict[HtmlElement, tuple[int, bool]] = {}

    def area(self, element: HtmlElement) -> int:
        """Whether an element lies in a menu or footer, or in furniture that holds no
        teasers. An element inherits its parent's area; furniture wins. Worked out for
        the ancestors of candidate links only."""
        pending = []
        node: HtmlElement | None = element
        area = 0
        while node is not None:
            known = self._areas.get(node)
            if known is not None:
                area = known
                break
            pending.append(node)
            node = node.getparent()
        for node in reversed(pending):
            if area != _NEVER_AREA:
                own = _own_area(node)
                if own > area:
                    area = own
            self._areas[node] = area
        return area

    def heading_name(self, element: HtmlElement) -> str:
        """:func:`_heading_name`, remembered: the items of a list share their siblings."""
        name = self._heading_names.get(element)
        if name is None:
            name = self._heading_names[element] = _heading_name(element)
        return name

    def name_before(self, node: HtmlElement) -> str:
        """The heading name of the nearest earlier sibling of ``node`` that has one,
        skipping the items of its list (elements holding a substantial link), or ``""``.

        Remembered for every sibling passed on the way, so that the items of one list
        cost one walk over it in all, not one each (which made long lists quadratic).
        """
        pending = []
        current = node
        while True:
            known = self._names_before.get(current)
            if known is not None:
                name = known
                break
            pending.append(current)
            previous = current.getprevious()
            if previous is None:
                name = ""
                break
            if isinstance(previous.tag, str) and previous not in self.strong:
                name = self.heading_name(previous)
                if name:
                    break
            current = previous
        for element in pending:
            self._names_before[element] = name
        return name

    def block_text(self, element: HtmlElement) -> tuple[int, bool]:
        """The length of a text block's clean text, and whether it holds an inline
        teaser label ("À lire aussi"): remembered, as every link of a long paragraph
        asks for the same block."""
        known = self._block_texts.get(element)
        if known is None:
            text = _clean(_text_content(element))
            known = self._block_texts[element] = (len(text), _INLINE_LABEL.search(text) is not None)
        return known


def _own_area(element: HtmlElement) -> int:
    role, classes, id_ = element.get("role"), element.get("class"), element.get("id")
    if role is None and classes is None and id_ is None:
        return _TAG_AREAS.get(element.tag, 0)  # most elements: no look-up of four values
    return _area_of(element.tag, role, classes, id_)


@lru_cache(maxsize=16384)  # elements of a page share tags, roles and classes
def _area_of(tag: str, role: str | None, classes: str | None, id_: str | None) -> int:
    attributes = f"{_without_modifiers(classes or '')} {id_ or ''}" if classes or id_ else ""
    if tag in _NEVER_TAGS or role == "contentinfo" or _NEVER.search(attributes):
        return _NEVER_AREA
    if tag in _MENU_TAGS or role == "navigation" or _MENU.search(attributes):
        return _MENU_AREA
    return 0


# The area of an element by its tag alone, when it has no role, class or id.
_TAG_AREAS = {tag: _area_of(tag, None, None, None) for tag in _NEVER_TAGS | _MENU_TAGS}


def _place(page: _Page, link: HtmlElement, root: HtmlElement, url: str) -> _Place:
    host, path = _address_of(url)
    last = path.rsplit("/", 1)[-1] or path
    strong_path = _STRONG_ARTICLE_PATH.search(path) is not None
    return _Place(
        card=root,
        host=host,
        area=page.area(link),  # (its card's area or more: the card holds the link)
        in_vendor=root in page.vendor_of,
        path=path,
        article_link=strong_path or _ARTICLE_PATH.search(last) is not None,
        strong_path=strong_path,
    )


def _vendor_containers(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The outermost container of each vendor widget, with the vendor's name."""
    result: list[tuple[HtmlElement, str]] = []
    taken: set[int] = set()
    for element in root.iter("div", "section", "aside", "ul", "article"):
        if not _VENDOR_HINT.in_names(element):
            continue
        match = _ANY_VENDOR.search(_attrs(element))
        if match is None:
            continue
        if not any(id(node) in taken for node in element.iterancestors()):
            result.append((element, str(match.lastgroup)))
            taken.add(id(element))
    return result
