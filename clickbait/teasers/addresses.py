"""Link addresses: targets, hosts and paths, listings, article and paid links; and the
address a page gives for itself."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from clickbait.teasers.markup import _text_content
from clickbait.teasers.vocabulary import (
    _ARTICLE_ADDRESS,
    _ASCII_FOLDER,
    _ASCII_LISTING,
    _HEAD_TAGS,
    _NON_ARTICLE_FOLDER,
    _NON_ARTICLE_LISTING,
    _PAID_LINK,
    _PAID_LINK_STEMS,
)
from clickbait.teasers.wording import _may_match

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lxml.etree import _Element as HtmlElement


def _is_listing(path: str) -> bool:
    """Whether a link path is a listing or one of its entries (:data:`_NON_ARTICLE_LISTING`).

    Such a match starts at one of the last two slashes, or at the start of a path with
    fewer: the search starts there (``^`` still matches only at the real start).
    """
    start = max(path.rfind("/", 0, max(path.rfind("/"), 0)), 0)
    if path.isascii():
        return _ASCII_LISTING.search(path.lower(), start) is not None
    return _NON_ARTICLE_LISTING.search(path, start) is not None


def _has_listing_folder(path: str) -> bool:
    """Whether a listing's name is a folder of a link path (:data:`_NON_ARTICLE_FOLDER`)."""
    if path.isascii():
        return _ASCII_FOLDER.search(path.lower()) is not None
    return _NON_ARTICLE_FOLDER.search(path) is not None


def _is_article_address(path: str) -> bool:
    return bool(_ARTICLE_ADDRESS.search(path))


@lru_cache(maxsize=8192)
def _target_of(href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    return href.split("#", 1)[0] or None


@lru_cache(maxsize=8192)
def _path_of(url: str) -> str:
    return _address_of(url)[1]


@lru_cache(maxsize=8192)
def _address_of(url: str) -> tuple[str, str]:
    """The host (lowercase, "" for a relative link) and path (no trailing slash) of a link."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "", url
    host = (parts.hostname or "") if parts.netloc else ""
    return host, parts.path.rstrip("/") or "/"


def _own_urls(root: HtmlElement) -> set[str]:
    """The page's own address (canonical link, og:url), as written and as a path."""
    urls = set()
    for element in root.iter("link", "meta"):
        rel = (element.get("rel") or "").lower()
        prop = (element.get("property") or element.get("name") or "").lower()
        value = element.get("href") if rel == "canonical" else None
        if prop in {"og:url", "twitter:url"}:
            value = element.get("content")
        if value and value.strip():
            urls.add(value.strip())
    paths = {_path_of(u) for u in urls} - {"/"}
    # A link to the same path on the same site is the page itself.
    return (
        urls
        | {p for p in paths}
        | {p + "/" for p in paths}
        | {f"{u.split('?', 1)[0].rstrip('/')}/" for u in urls}
    )


def _page_address(root: HtmlElement) -> str:
    """The absolute address a page gives for itself in its head: its canonical link,
    else its ``og:url``, else its ``<base href>``; ``""`` when it gives none."""
    found: dict[str, str] = {}
    for element in _head_elements(root):
        if element.tag == "link":
            if "canonical" not in (element.get("rel") or "").lower().split():
                continue
            key, value = "canonical", element.get("href")
        elif element.tag == "meta":
            if "og:url" not in (element.get("property"), element.get("name")):
                continue
            key, value = "og:url", element.get("content")
        else:
            key, value = "base", element.get("href")
        value = (value or "").strip()
        if key not in found and _is_absolute(value):
            found[key] = value
    return next((found[k] for k in ("canonical", "og:url", "base") if k in found), "")


def _head_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """The link, meta and base elements of a page's head, in page order.

    libxml2 ends the head at the first thing in it that belongs in a body (a hidden
    iframe, an image in ``<noscript>``, stray text) and opens the body there, so the
    rest of the head comes first in the body. Such a body has no attributes (those of
    the page's own ``<body>`` tag are dropped): in it, the head's elements still count
    until the page's content starts, at the first other element with text or a link.
    """
    for child in root:
        if child.tag == "head":
            yield from child.iter("link", "meta", "base")
        elif child.tag == "body":
            if child.attrib:
                return  # the page's own <body>: the head ended where it said
            for element in child:
                if element.tag in _HEAD_TAGS:
                    if element.tag in {"link", "meta", "base"}:
                        yield element
                elif _text_content(element).strip() or next(element.iter("a"), None) is not None:
                    return
            return


def _is_absolute(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).netloc)
    except ValueError:  # e.g. a malformed IPv6 literal
        return False


def _is_paid_link(href: str) -> bool:
    return _may_match(href, _PAID_LINK_STEMS) and _PAID_LINK.search(href) is not None
