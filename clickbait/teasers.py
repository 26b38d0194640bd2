"""Find the teasers in a document: recommendation widgets, related lists, text scrapes.

A :class:`Teaser` is a headline, an optional snippet and link, its position on the page
and the block it came from. :func:`extract` returns the teasers together with the
:class:`Block` list, so that a widget whose items are injected by JavaScript (an empty
container in the saved page) is reported as present with no teasers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from clickbait import lexicons

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from clickbait.pages import Document


@dataclass(frozen=True, slots=True)
class Teaser:
    """One teaser. ``position`` is its 0-based order on the page; ``block`` names its widget."""

    headline: str
    snippet: str = ""
    url: str = ""
    position: int = 0
    block: str = ""
    sponsored: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Block:
    """A teaser block found on a page: its name, how it was recognised, its teaser count."""

    name: str
    kind: str
    teasers: int


@dataclass(frozen=True, slots=True)
class Extraction:
    teasers: list[Teaser]
    blocks: list[Block]


def extract(document: Document) -> Extraction:
    """All teasers of a document, with the blocks they came from."""
    if document.kind == "table":
        teasers = [teaser_from_row(row, i) for i, row in enumerate(document.rows)]
        return Extraction(teasers, [Block("table", "table", len(teasers))])
    if document.kind == "html":
        return extract_html(document.text)
    return extract_text(document.text)


def teaser_from_row(row: dict[str, str], position: int) -> Teaser:
    """The teaser of one row of a table (``headline``, optional ``snippet``, ``url``,
    ``sponsored``)."""
    return Teaser(
        headline=_clean(row.get("headline", "")),
        snippet=_clean(row.get("snippet", "")),
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


# -- shared helpers --------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_TRUNCATION = re.compile(r"(?:\.\.\.|…)\s*$")
_HEADING_TRIM = " \t\n:.»›>|-–—•*#"


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@cache
def _widget_headings() -> frozenset[str]:
    return frozenset(_heading_key(h) for h in lexicons.merged("widget_headings"))


def _heading_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return _clean(text).strip(_HEADING_TRIM)


_KEY_WORDS = re.compile(r"\w+")


def headline_key(headline: str) -> str:
    """A short stable hash of a headline, blind to case, punctuation, quotes and spacing.

    Annotations of third-party pages name teasers by this key instead of their text.
    """
    text = unicodedata.normalize("NFKC", headline).casefold()
    words = " ".join(_KEY_WORDS.findall(text))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=8192)  # pages repeat their short texts ("Partager", "Lire la suite")
def is_widget_heading(text: str) -> bool:
    """True for block headings such as "Vous aimerez aussi" or "More stories"."""
    return len(text) <= 80 and not text.isspace() and _heading_key(text) in _widget_headings()


def _is_sponsored(text: str) -> bool:
    return bool(lexicons.pattern("sponsored").search(text.lower())) and bool(
        _SPONSOR_LABEL.search(text)
    )


# Only explicit labels mark a teaser as sponsored; offer wording alone does not.
_SPONSOR_LABEL = re.compile(
    r"\b(?:sponsoris[ée]e?s?|sponsored|contenu(?:s)? partenaires?|partner content|"
    r"publicit[ée]|anzeige|advertorial|paid (?:content|post)|promoted)\b",
    re.IGNORECASE,
)


# -- plain-text scrapes ------------------------------------------------------------------

MAX_HEADLINE_CHARS = 250


def extract_text(text: str) -> Extraction:
    """Teasers of a plain-text scrape: headline and snippet paragraphs under a heading.

    A block starts at a widget heading line ("Articles qui pourraient vous intéresser:")
    and runs while paragraphs read as headline (+ snippet ending in "..."). Without a
    heading, two or more consecutive headline + truncated-snippet pairs make a block.
    """
    paragraphs = [_clean(p) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()]
    lines: list[str] = []
    for paragraph in paragraphs:
        # A heading glued to its first item on the next line still counts.
        head, _, rest = paragraph.partition("\n")
        lines.extend([head, rest] if rest and is_widget_heading(head) else [paragraph])
    teasers: list[Teaser] = []
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if is_widget_heading(lines[i]):
            name = lines[i].strip(_HEADING_TRIM)
            found, i = _text_items(lines, i + 1, require_snippets=False)
        else:
            found, end = _text_items(lines, i, require_snippets=True)
            if len(found) < 2:
                i += 1
                continue
            name, i = "text-list", end
        teasers += [
            Teaser(h, s, "", len(teasers) + k, name, _is_sponsored(h + " " + s))
            for k, (h, s) in enumerate(found)
        ]
        blocks.append(Block(name, "text", len(found)))
    return Extraction(teasers, blocks)


def _text_items(
    lines: list[str], start: int, require_snippets: bool
) -> tuple[list[tuple[str, str]], int]:
    items: list[tuple[str, str]] = []
    i = start
    while i < len(lines):
        headline = lines[i]
        if (
            len(headline) > MAX_HEADLINE_CHARS
            or _TRUNCATION.search(headline)
            or is_widget_heading(headline)
        ):
            break
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following and _TRUNCATION.search(following) and not is_widget_heading(following):
            items.append((headline, following))
            i += 2
        elif require_snippets:
            break
        elif len(headline.split()) >= 3 and not headline.endswith((".", ":")):
            items.append((headline, ""))
            i += 1
        else:
            break
    return items, i


# -- HTML ----------------------------------------------------------------------------------

VENDORS = {
    "outbrain": re.compile(r"outbrain|\bob-widget|\bob_", re.I),
    "taboola": re.compile(r"taboola|\btrc_", re.I),
    "revcontent": re.compile(r"revcontent|\brc-widget", re.I),
    "mgid": re.compile(r"\bmgid|mgbox|mgline", re.I),
    "zergnet": re.compile(r"zergnet", re.I),
    "plista": re.compile(r"plista", re.I),
    "ligatus": re.compile(r"ligatus", re.I),
    "nativendo": re.compile(r"nativendo", re.I),
}
# One pass that tells whether any vendor pattern can match, before trying each.
_ANY_VENDOR = re.compile("|".join(f"(?:{p.pattern})" for p in VENDORS.values()), re.I)
# Page furniture that never holds teasers.
_FURNITURE_TAGS = {"nav", "footer", "form", "button", "select", "label"}
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|cookies?|consent|gdpr|cmp|"
    r"footer|comments?|disqus|share|sharing|social|newsletter|pagination|pager|tags?|"
    r"tag-?cloud|skip-?link)(?:$|[\s_-])",
    re.I,
)
_TITLE_CLASS = re.compile(r"title|headline|heading|titre|\bhed\b|rec-text|item-label", re.I)
_SNIPPET_CLASS = re.compile(
    r"desc|summary|excerpt|chapo|chapeau|standfirst|teaser-?text|intro|lead|abstract|\bdek\b|"
    r"resume|description|subtitle",
    re.I,
)
# Source lines, bylines and dates inside an item: not part of its headline.
_META_CLASS = re.compile(
    r"source|branding|brand|byline|author|timestamp|\bdate\b|\btime\b|sponsor|rec-src", re.I
)
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HEADING_LIKE = _HEADING_TAGS | {"p", "div", "span", "strong", "b", "header", "legend", "dt", "li"}


def _attrs(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_furniture(element: HtmlElement, stop: HtmlElement | None = None) -> bool:
    """Whether an ancestor of ``element`` (below ``stop``, if given) is page furniture."""
    for node in element.iterancestors():
        if node is stop:
            return False
        if node.tag in _FURNITURE_TAGS or node.get("role") in {"navigation", "contentinfo"}:
            return True
        if _FURNITURE.search(_attrs(node)):
            return True
    return False


def _parse(html: str) -> HtmlElement | None:
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return None
    try:
        root = lxml_html.document_fromstring(
            html.encode("utf-8", "surrogatepass"), parser=_parser()
        )
    except (etree.ParserError, ValueError):
        return None
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, with_tail=False)
    return root


@cache
def _parser() -> Any:
    from lxml import html as lxml_html

    return lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=False)


def extract_html(html: str) -> Extraction:
    """Teasers of an HTML page, from vendor widgets, headed blocks and summary cards."""
    root = _parse(html)
    if root is None:
        return Extraction([], [])
    # lxml hands out a new proxy object for a node once the old one is freed; holding
    # every proxy for the whole extraction keeps id() stable for the sets below.
    elements = list(root.iter())
    order = {id(el): n for n, el in enumerate(elements)}
    claimed: set[int] = set()
    found: list[tuple[int, str, str, dict[str, Any]]] = []  # (doc order, block, kind, item)
    blocks: list[tuple[int, Block]] = []

    def take(container: HtmlElement, name: str, kind: str, after: HtmlElement | None) -> int:
        items = [item for item in _items(container, after) if id(item["link"]) not in claimed]
        for item in items:
            claimed.add(id(item["link"]))
            found.append((order.get(id(item["link"]), 0), name, kind, item))
        return len(items)

    for container, vendor in _vendor_containers(root):
        count = take(container, vendor, "vendor", None)
        blocks.append((order[id(container)], Block(vendor, "vendor", count)))
    for heading, container in _headed_blocks(root):
        name = _clean(heading.text_content()).strip(_HEADING_TRIM)
        count = take(container, name, "heading", heading)
        if count:
            blocks.append((order[id(heading)], Block(name, "heading", count)))
    for container in _card_lists(root):
        count = take(container, "cards", "cards", None)
        if count:
            blocks.append((order[id(container)], Block("cards", "cards", count)))

    found.sort(key=lambda entry: entry[0])
    teasers = [
        Teaser(
            headline=item["headline"],
            snippet=item["snippet"],
            url=item["url"],
            position=position,
            block=name,
            sponsored=item["sponsored"],
        )
        for position, (_, name, _, item) in enumerate(found)
    ]
    return Extraction(teasers, [block for _, block in sorted(blocks, key=lambda b: b[0])])


def _vendor_containers(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    result: list[tuple[HtmlElement, str]] = []
    taken: set[int] = set()
    for element in root.iter("div", "section", "aside", "ul", "article"):
        attributes = _attrs(element)
        if not _ANY_VENDOR.search(attributes):
            continue
        for vendor, pattern in VENDORS.items():
            if pattern.search(attributes):
                # Keep the outermost container of each widget.
                if not any(id(node) in taken for node in element.iterancestors()):
                    result.append((element, vendor))
                    taken.add(id(element))
                break
    return result


def _headed_blocks(root: HtmlElement) -> list[tuple[HtmlElement, HtmlElement]]:
    blocks = []
    for element in root.iter(*_HEADING_LIKE):
        text = element.text_content()
        if len(text) > 80 or not is_widget_heading(text):
            continue
        if element.tag not in _HEADING_TAGS and element.find(".//a") is not None:
            continue
        if _is_furniture(element):
            continue
        container = element.getparent()
        for _ in range(4):
            if container is None:
                break
            if _items(container, element):
                blocks.append((element, container))
                break
            container = container.getparent()
    return blocks


def _card_lists(root: HtmlElement) -> list[HtmlElement]:
    """Lists of three or more cards that each have a title and a summary."""
    lists = []
    for element in root.iter("ul", "ol", "div", "section"):
        children = [c for c in element if isinstance(c.tag, str)]
        if len(children) < 3:
            continue
        needed = max(3, 0.6 * len(children))
        # Children that cannot be cards rule the list out before any is looked into.
        allowed_misses = len(children) - needed
        if sum(c.tag not in _CARD_TAGS for c in children) > allowed_misses:
            continue
        misses = 0
        for child in children:
            if not _is_card(child):
                misses += 1
                if misses > allowed_misses:
                    break
        else:
            if not _is_furniture(element):
                lists.append(element)
    return lists


_CARD_TAGS = {"li", "article", "div"}


def _is_card(element: HtmlElement) -> bool:
    if element.tag not in _CARD_TAGS:
        return False
    links, targets = [], set()
    for link in element.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        targets.add(href)
        if len(targets) > 2:  # a card links to one story (and maybe its section)
            return False
        links.append(link)
    if not links:
        return False
    title = _title_text(element, links)
    return bool(title) and bool(_snippet_text(element, title))


def _items(container: HtmlElement, after: HtmlElement | None) -> list[dict[str, Any]]:
    """Link items in a container, one per distinct target, after the heading if given."""
    following: set[int] | None = None
    if after is not None:
        following = {id(e) for e in after.itersiblings()} | {
            id(d) for s in after.itersiblings() for d in s.iterdescendants()
        }
        if after.getparent() is not container:
            # The heading sits deeper: items follow its branch within the container.
            branch = after
            while branch.getparent() is not None and branch.getparent() is not container:
                branch = branch.getparent()
            following = {id(d) for s in branch.itersiblings() for d in s.iter()}
    groups: dict[str, list[HtmlElement]] = {}
    for link in container.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if following is not None and id(link) not in following:
            continue
        groups.setdefault(href, []).append(link)
    items = []
    for href, links in groups.items():
        root = _item_root(links[0], container, len(groups))
        headline = _title_text(root, links)
        if not headline or len(headline.split()) < 3 or len(headline) > MAX_HEADLINE_CHARS:
            continue
        if _is_furniture(links[0], stop=container):
            continue
        snippet = _snippet_text(root, headline)
        items.append(
            {
                "link": links[0],
                "url": href,
                "headline": headline,
                "snippet": snippet,
                "sponsored": _is_sponsored(_clean(root.text_content())[:400]),
            }
        )
    return items


def _item_root(link: HtmlElement, container: HtmlElement, n_targets: int) -> HtmlElement:
    """The largest ancestor of a link, below the container, that holds no other target."""
    if n_targets == 1:
        return link
    node = link
    while True:
        parent = node.getparent()
        if parent is None or parent is container:
            return node
        hrefs = {a.get("href") for a in parent.iter("a") if a.get("href")}
        if len(hrefs) > 1:
            return node
        node = parent


def _title_text(root: HtmlElement, links: Iterable[HtmlElement]) -> str:
    for element in root.iter(*_HEADING_TAGS):
        text = _clean(element.text_content())
        if text:
            return text
    for element in root.iter():
        if isinstance(element.tag, str) and _TITLE_CLASS.search(element.get("class", "")):
            text = _clean(element.text_content())
            if text and len(text) <= MAX_HEADLINE_CHARS:
                return text
    texts = [_text_without_meta(a) for a in links]
    texts = [t for t in texts if t]
    if not texts:
        return _clean(next(iter(links)).get("title", ""))
    return max(texts, key=len)


def _text_without_meta(element: HtmlElement) -> str:
    """Text of an element, leaving out source lines, bylines and dates nested in it."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not _META_CLASS.search(child.get("class", "")):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return _clean(" ".join(parts))


def _snippet_text(root: HtmlElement, headline: str) -> str:
    candidates = []
    for element in root.iter("p", "div", "span"):
        if element.tag != "p" and not _SNIPPET_CLASS.search(element.get("class", "")):
            continue
        if element.find(".//h1") is not None or element.find(".//h2") is not None:
            continue
        text = _clean(element.text_content())
        if text and text != headline and headline not in text and len(text.split()) >= 4:
            candidates.append(text)
    return candidates[0] if candidates else ""
