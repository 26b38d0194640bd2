"""A teaser's headline, kicker, snippet and sponsorship, read from its card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clickbait.teasers.addresses import _is_paid_link
from clickbait.teasers.markup import _headings, _iter_tags, _text_content
from clickbait.teasers.page import _Item, _Place
from clickbait.teasers.vocabulary import (
    _EMPHASIS_TAGS,
    _HEADING_TAGS,
    _INLINE_LABEL,
    _KICKER_TAGS,
    _LEADING_DATE,
    _META_CLASS,
    _META_TAGS,
    _PAID_ITEM,
    _PRESENTED_BY,
    _PRESENTED_BY_STEMS,
    _SNIPPET_CLASS,
    _SNIPPET_TAGS,
    _SOURCE_NAME,
    _SPONSOR_LABEL_STEMS,
    _TITLE_CLASS,
    KICKER_WORDS,
    MAX_HEADLINE_CHARS,
    MAX_SNIPPET_CHARS,
    MIN_HEADLINE_WORDS,
    PAID_ITEM_ATTRIBUTES,
    SHORT_HEADLINE_WORDS,
)
from clickbait.teasers.wording import _clean, _is_sponsored, _may_match, is_widget_heading

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement


def _item(
    link: HtmlElement, root: HtmlElement, url: str, links: list[HtmlElement], place: _Place
) -> _Item:
    title, short = _headline(root, links)
    headline = _INLINE_LABEL.sub("", title, count=1).lstrip(" :.–—-|»>")
    headline = _LEADING_DATE.sub("", headline)
    sponsor = _PRESENTED_BY.search(headline) if _may_match(headline, _PRESENTED_BY_STEMS) else None
    if sponsor and len(headline[: sponsor.start()].split()) >= MIN_HEADLINE_WORDS:
        headline = headline[: sponsor.start()].rstrip(" -–—|:")
    # Snippet and sponsorship are looked up only for the items kept (see _complete).
    return _Item(link, root, url, headline, "", bool(sponsor), False, links, place, short)


def _complete(item: _Item) -> _Item:
    item.snippet = _snippet(item.root, item.headline) or _summary_after_emphasis(
        item.links, item.headline
    )
    item.sponsored = item.sponsored or _item_is_sponsored(item.root, item.links)
    return item


def _headline(root: HtmlElement, links: list[HtmlElement]) -> tuple[str, bool]:
    """The title of a card: its heading, a title-classed element, or its link's text; and
    whether it is a two-word heading over a summary ("News quiz" + "How did ..."), which
    counts as a headline although it is short."""
    short = ""
    for element in _headings(root):
        if _META_CLASS.in_names(element):
            continue  # a kicker set as a heading
        text = _text_without_meta(element)
        words = len(text.split())
        if words >= MIN_HEADLINE_WORDS and not is_widget_heading(text):
            following = element.getnext()
            if following is not None and following.tag in _HEADING_TAGS:
                title = _text_without_meta(following)
                if len(title.split()) > words:
                    return title, False  # a kicker heading over the title heading
            return text, False
        if words == SHORT_HEADLINE_WORDS and not short and not is_widget_heading(text):
            short = text
    if short and _snippet(root, short):
        return short, True
    return _headline_text(root, links), False


def _headline_text(root: HtmlElement, links: list[HtmlElement]) -> str:
    for link in links:
        if _TITLE_CLASS.in_classes(link):
            text = _text_without_meta(link)
            if text:
                return text
    for element in root.iter("*"):  # (elements only)
        if (
            element.tag != "a"
            and _TITLE_CLASS.in_classes(element)
            and not _SNIPPET_CLASS.in_classes(element)
        ):
            text = _text_without_meta(element)
            if len(text.split()) >= MIN_HEADLINE_WORDS and len(text) <= MAX_HEADLINE_CHARS:
                return text
    texts = [_text_without_meta(a) for a in links if not _SNIPPET_CLASS.in_classes(a)]
    texts = [t for t in texts if t]
    if texts:
        # Summary links are left out above; of the rest (a kicker link, the title
        # link), the longest text, the later one on a tie.
        return max(reversed(texts), key=len)
    for link in links:
        for attribute in ("title", "aria-label"):
            text = _clean(link.get(attribute) or "")
            if len(text.split()) >= MIN_HEADLINE_WORDS:
                return text
    return ""


def _text_without_meta(element: HtmlElement) -> str:
    """Text of an element, leaving out kickers, labels, bylines and dates nested in it.

    A short leading element followed by more text ("<span>Kicker</span> Title") is a
    kicker in its own element, and is left out too.
    """
    if len(element) == 0:
        return _clean(element.text or "")  # plain text: nothing nested to leave out
    parts: list[str] = []
    _collect_text_without_meta(element, parts)
    text = _clean(" ".join(parts))
    source = _trailing_source(element)
    if source and text.endswith(source):
        text = text[: -len(source)].rstrip()
    label = _trailing_label(element)
    if label and text.endswith(label):
        rest = text[: -len(label)].rstrip(" :.–—-|")
        if len(rest.split()) >= MIN_HEADLINE_WORDS:
            text = rest
    emphasis = _leading_emphasis(element)
    if emphasis:
        return emphasis
    kicker = _leading_kicker(element)
    if kicker and text.startswith(kicker):
        rest = text[len(kicker) :].lstrip(" :.–—-|")
        if len(rest.split()) >= MIN_HEADLINE_WORDS:
            return rest
    return text


def _collect_text_without_meta(node: HtmlElement, parts: list[str]) -> None:
    # Depth first without recursion: markup may nest up to the parser's limit.
    if node.text:
        parts.append(node.text)
    children = [iter(node)]
    tails: list[str | None] = [None]
    while children:
        child = next(children[-1], None)
        if child is None:
            children.pop()
            tail = tails.pop()
            if tail:
                parts.append(tail)
        elif isinstance(child.tag, str) and not (
            child.tag in _META_TAGS or _META_CLASS.in_names(child)
        ):
            if child.text:
                parts.append(child.text)
            children.append(iter(child))
            tails.append(child.tail)
        elif child.tail:
            parts.append(child.tail)


def _trailing_source(element: HtmlElement) -> str:
    """The text of a last child element naming a web address, after the title's text."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or (children[-1].tail or "").strip():
        return ""
    text = _clean(_text_content(children[-1]))
    return text if _SOURCE_NAME.fullmatch(text) else ""


def _trailing_label(element: HtmlElement) -> str:
    """The text of a one- or two-word element closing ``element`` after a title element."""
    node = element
    while True:
        children = [
            c
            for c in node
            if isinstance(c.tag, str) and c.tag not in _META_TAGS and _text_content(c).strip()
        ]
        if not children:
            return ""
        if (node.text or "").strip():
            # Title text then a label with its icon ("... <span><i class=icon/>Vidéo</span>").
            last = children[-1]
            if (last.tail or "").strip() or not any(c.get("class") for c in last.iterdescendants()):
                return ""
            text = _clean(_text_content(last))
            return text if 0 < len(text.split()) <= 2 else ""
        if len(children) == 1:
            node = children[0]
            continue
        last = children[-1]
        if (last.tail or "").strip() or last.tag not in _KICKER_TAGS:
            return ""
        text = _clean(_text_content(last))
        return text if 0 < len(text.split()) <= 2 else ""


def _leading_kicker(element: HtmlElement) -> str:
    """The text of a short inline element that opens ``element`` before its own text."""
    node = element
    while not (node.text or "").strip():
        children = [
            c
            for c in node
            if isinstance(c.tag, str) and c.tag not in _META_TAGS and not _META_CLASS.in_names(c)
        ]
        if not children:
            return ""
        first = children[0]
        if (first.tail or "").strip() or len(children) > 1:
            if first.tag not in _KICKER_TAGS:
                return ""
            following = first.getnext()
            if (first.tail or "").lstrip().startswith(":") or (
                following is not None and _clean(_text_content(following)) == ":"
            ):
                return ""  # "Lead-in: title" is one headline
            text = _clean(_text_content(first))
            return text if 0 < len(text.split()) <= KICKER_WORDS else ""
        node = first
    return ""


def _leading_emphasis(element: HtmlElement) -> str:
    """The text of a bold element that opens ``element`` and is followed by more text,
    when it is longer than a kicker: "<strong>Title</strong> Summary" (images and
    empty elements before it do not count)."""
    node = element
    while not (node.text or "").strip():
        children = [
            c
            for c in node
            if isinstance(c.tag, str)
            and c.tag not in _META_TAGS
            and not _META_CLASS.in_names(c)
            and _text_content(c).strip()
        ]
        if not children:
            return ""
        first = children[0]
        if first.tag in _EMPHASIS_TAGS:
            text = _clean(_text_content(first))
            followed = bool((first.tail or "").strip()) or len(children) > 1
            if followed and len(text.split()) > KICKER_WORDS and len(text) <= MAX_HEADLINE_CHARS:
                return text
            return ""
        if (first.tail or "").strip() or len(children) > 1:
            return ""
        node = first
    return ""


def _summary_after_emphasis(links: list[HtmlElement], headline: str) -> str:
    """The text that follows a link's bold headline in the link (see
    :func:`_leading_emphasis`), as the teaser's snippet."""
    for link in links:
        text = _clean(_text_content(link))
        if headline and text.startswith(headline) and _leading_emphasis(link) == headline:
            rest = text[len(headline) :].strip()
            if len(rest.split()) >= 2 and len(rest) <= MAX_SNIPPET_CHARS:
                return rest
    return ""


def _snippet(root: HtmlElement, headline: str) -> str:
    for element in _iter_tags(root, _SNIPPET_TAGS):
        if element.tag != "p" and not _SNIPPET_CLASS.in_classes(element):
            continue
        if next(_headings(element), None) is not None:
            continue
        text = _clean(_text_content(element))
        if (
            text
            and len(text) <= MAX_SNIPPET_CHARS
            and headline not in text
            and len(text.split()) >= 4
        ):
            return text
    return ""


def _item_is_sponsored(root: HtmlElement, links: list[HtmlElement]) -> bool:
    if any(_is_paid_link(a.get("href") or "") for a in links):
        return True
    node: HtmlElement | None = root
    for _ in range(3):  # the card, its list item and the item's wrapper
        if node is None:
            break
        if _PAID_ITEM.in_names(node) or any(
            (node.get(name) or "").lower() == "true" for name in PAID_ITEM_ATTRIBUTES
        ):
            return True
        node = node.getparent()
    text = _text_content(root)
    # (A quick test on the text as it is: cleaning changes only spaces, which no stem holds.)
    return _may_match(text, _SPONSOR_LABEL_STEMS) and _is_sponsored(_clean(text)[:400])
