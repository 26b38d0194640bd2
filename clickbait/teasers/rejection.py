"""Why a candidate link is not a teaser: each rule returns a reason, or ``None``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clickbait.teasers.addresses import (
    _address_of,
    _has_listing_folder,
    _is_article_address,
    _is_listing,
)
from clickbait.teasers.markup import _text_content
from clickbait.teasers.page import _MENU_AREA, _NEVER_AREA, _Item, _Page, _Place
from clickbait.teasers.vocabulary import (
    _BLOCK_TEXT_TAGS,
    _DOCUMENT_PATH,
    _HEADING_TAGS,
    _NON_ARTICLE_SEGMENT,
    _PLATFORM_HOST,
    _SERVICE_PATH,
    _SERVICE_PATH_STEMS,
    _SLUG_WORDS,
    _SNIPPET_CLASS,
    _STRONG_ARTICLE_PATH,
    _TITLE_CLASS,
    MAX_HEADLINE_CHARS,
    MENU_HEADLINE_WORDS,
    MIN_HEADLINE_WORDS,
    SHORT_HEADLINE_WORDS,
    SITE_PATTERN_SHARE,
)
from clickbait.teasers.wording import (
    _clean,
    _has_words,
    _is_call_to_action,
    _is_forum_post,
    _is_listing_ad,
    _is_sponsored_label,
    _may_match,
    is_widget_heading,
)

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement


def _without_off_pattern_links(items: list[_Item], own_urls: set[str]) -> list[_Item]:
    """Items without the links to the page's own site that lack its article address shape.

    When nearly all of a page's teaser links to its own site carry an article id or a
    page extension, its other links there lead to sections, topics or people.
    """
    hosts = {_address_of(u)[0].removeprefix("www.") for u in own_urls} - {""}
    local = [
        item
        for item in items
        if not item.place.in_vendor
        and not item.inline
        and (not item.place.host or item.place.host.removeprefix("www.") in hosts)
    ]
    shaped = sum(1 for item in local if item.place.strong_path)
    if len(local) < 5 or shaped < SITE_PATTERN_SHARE * len(local):
        return items
    off = {id(item) for item in local if not item.place.strong_path}
    return [item for item in items if id(item) not in off]


def _place_rejection(place: _Place) -> str | None:
    """Why a link is not a teaser whatever its headline, or ``None``."""
    if place.area == _NEVER_AREA and not (place.strong_path and _is_picture_card(place.card)):
        return "furniture"  # (a picture card of an article may sit in a comments box)
    path, in_vendor = place.path, place.in_vendor
    last = path.rsplit("/", 1)[-1] or path
    if _PLATFORM_HOST.search(place.host) or _DOCUMENT_PATH.search(last):
        return "platform or document"  # a social network, video, app or file
    if path == "/" and not in_vendor:
        return "home page"  # (a paid recommendation may lead to one)
    if not in_vendor and _NON_ARTICLE_SEGMENT.match(place.host.split(".", 1)[0]):
        return "service host"  # shop., abo., jobs., wetter. ...
    if (
        not in_vendor
        # (the last segment's match is one of the whole path's)
        and not (place.strong_path and _STRONG_ARTICLE_PATH.search(last))
        and (
            # a listing or one of its entries ("/emissions/<show>")
            _is_listing(path)
            # or a short name further down ("/dossier/40397/usa-2012")
            or (len(_SLUG_WORDS.split(last)) < 5 and _has_listing_folder(path))
        )
    ):
        return "not an article page"  # a topic, person, programme or shop page
    if not in_vendor and _may_match(path, _SERVICE_PATH_STEMS) and _SERVICE_PATH.search(path):
        return "service page"  # forum threads, newsletter sign-ups
    if place.area == _MENU_AREA and not in_vendor and not place.article_link:
        return "menu"
    return None


def _rejection(item: _Item, page: _Page) -> str | None:
    """Why a link that passed :func:`_place_rejection` is not a teaser, or ``None``."""
    words = item.headline.split()
    least = SHORT_HEADLINE_WORDS if item.short_title else MIN_HEADLINE_WORDS
    if len(words) < least or len(item.headline) > MAX_HEADLINE_CHARS:
        return "length"
    if is_widget_heading(item.headline) or _is_sponsored_label(item.headline):
        return "label"
    if not _has_words(words, least):
        return "few words"  # dates, prices, scores
    if _is_listing_ad(item.headline):
        return "listing"  # job and property ads
    if max(map(len, words)) > 30:
        return "code"  # tracking tokens and hashes, not words
    if _is_forum_post(item.headline):
        return "forum post"
    if _is_call_to_action(item.headline.lower()):
        return "call to action"
    place = item.place
    in_vendor, path, article_link = place.in_vendor, place.path, place.article_link
    if (
        place.area == _MENU_AREA
        and not in_vendor
        and not (
            _is_card(item.root)
            or (len(words) >= MENU_HEADLINE_WORDS and _is_article_address(path))
            or len(item.links) > 1  # a kicker link and a title link: a teaser's card
        )
    ):
        return "menu"  # (a menu link to a non-article page is left out by _place_rejection)
    if not article_link and path.count("/") <= 1 and len(words) < 5 and not in_vendor:
        return "section front"  # "/sport" named by a short phrase
    text_block = next(item.link.iterancestors(*_BLOCK_TEXT_TAGS), None)
    if text_block is not None:
        block_length, labelled = page.block_text(text_block)
        if block_length - len(_clean(_text_content(item.link))) > 40:
            # A link in the article's own paragraph: a teaser only after a label.
            if not labelled:
                return "article text"
            item.inline = True
    if _runs_on(item.link):
        return "article text"  # a link within a sentence ("<a>...</a> to have ...")
    return None


def _runs_on(link: HtmlElement) -> bool:
    """Whether a link in a paragraph or list item is part of a sentence: the text goes
    on in lowercase right after it, or the link itself opens in lowercase after text."""
    if next(link.iterancestors("p", "li"), None) is None:
        return False
    tail = (link.tail or "").lstrip()
    if tail and tail[0].islower():
        return True
    text = (link.text or "").lstrip()
    previous, parent = link.getprevious(), link.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    return bool(text) and text[0].islower() and bool((before or "").strip())


def _is_picture_card(root: HtmlElement) -> bool:
    """A card with both a picture and a title element."""
    return next(root.iter("img", "picture"), None) is not None and any(
        node.tag in _HEADING_TAGS or _TITLE_CLASS.in_classes(node)
        for node in root.iter("*")
        if node.tag != "a"
    )


def _is_card(root: HtmlElement) -> bool:
    """A card shows more than a link: an image, a heading or title element, or a summary."""
    for node in root.iter("*"):
        if node.tag in {"img", "picture", "figure"} or node.tag in _HEADING_TAGS:
            return True
        if node.tag != "a" and (_TITLE_CLASS.in_classes(node) or _SNIPPET_CLASS.in_classes(node)):
            return True
    return False
