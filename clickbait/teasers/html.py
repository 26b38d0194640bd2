"""Teasers of an HTML page: every link presented as another article's headline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clickbait.records import Block, Extraction, Teaser
from clickbait.teasers.addresses import _own_urls, _page_address
from clickbait.teasers.blocks import _block_of
from clickbait.teasers.headline import _complete, _item
from clickbait.teasers.markup import _line, _parse
from clickbait.teasers.page import _card, _Item, _own_title, _Page, _place
from clickbait.teasers.rejection import _place_rejection, _rejection, _without_off_pattern_links
from clickbait.teasers.vocabulary import _DROP_TAGS, PARTNER_HEADLINE_WORDS
from clickbait.teasers.wording import (
    _heading_key,
    _is_sponsored,
    _is_sponsored_label,
    _key_words,
    _service_headings,
    repair_text,
)

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement


def extract_html(html: str) -> Extraction:
    """Teasers of an HTML page: every link presented as another article's headline.

    A teaser is a link to another page whose text (or its card's title) reads as a
    headline, outside page furniture (footers, breadcrumbs, tags, comments, sharing)
    and outside the article's own paragraphs, except links introduced by a label such
    as "À lire aussi". In menus only clear article teasers count. Teasers are grouped
    into blocks named by their vendor widget or the heading above them; vendor
    containers with no items (filled by JavaScript in a browser) are reported as
    blocks with no teasers. The extraction's ``url`` is the address the page gives
    for itself.
    """
    root = _parse(html)
    if root is None:
        return Extraction([], [])
    from lxml import etree

    address = _page_address(root)
    own_urls = _own_urls(root)
    own_title = _own_title(root)
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    page = _Page(root)
    strong = page.strong

    items: list[_Item] = []
    seen_headlines: set[str] = set()
    covered: set[HtmlElement] = set()
    # (Links with too little text, and no image or title, are not a teaser's link.)
    for link in page.strong_links:
        if link in covered:
            continue
        if link.get("aria-hidden") == "true":
            continue  # an overlay or duplicate of a link shown elsewhere in the card
        url = page.urls.get(link)
        if url is None or url in own_urls:
            continue
        root, links = _card(link, url, strong, page.urls)
        covered.update(links)
        place = _place(page, link, root, url)
        if _place_rejection(place):
            continue  # decided before the headline is worked out
        item = _item(link, root, url, links, place)
        if item.headline == own_title or _rejection(item, page):
            continue
        key = _key_words(item.headline)
        if key in seen_headlines:
            continue
        seen_headlines.add(key)
        items.append(item)

    items = _without_off_pattern_links(items, own_urls)
    named = [(item, *_block_of(page, item)) for item in items]
    # Blocks of services and listings (promo codes, jobs, weather) hold no teasers; a
    # block named as sponsored holds sponsored teasers. (Once per name: items share them.)
    service: set[str] = set()
    sponsored: set[str] = set()
    partners: set[str] = set()  # both: "Nos partenaires" over partners' names or headlines
    for name in {name for _, name, _, _ in named}:
        is_service = _heading_key(name) in _service_headings()
        if _is_sponsored(name) or _is_sponsored_label(name):
            sponsored.add(name)
            if is_service:
                partners.add(name)
        elif is_service:
            service.add(name)
    named = [
        entry
        for entry in named
        if entry[1] not in service
        and (entry[1] not in partners or len(entry[0].headline.split()) >= PARTNER_HEADLINE_WORDS)
    ]
    for item, _, _, _ in named:
        _complete(item)  # snippet and sponsorship: looked up only for the items kept
    teasers = [
        Teaser(
            headline=repair_text(item.headline),
            snippet=repair_text(item.snippet),
            url=item.url,
            position=position,
            block=name,
            sponsored=item.sponsored or name in sponsored,
        )
        for position, (item, name, _, _) in enumerate(named)
    ]
    blocks: dict[tuple[str, int], list[Any]] = {}
    for _, name, kind, anchor in named:
        entry = blocks.setdefault((name, id(anchor)), [_line(anchor), name, kind, 0])
        entry[3] += 1
    anchors = {id(anchor) for _, _, _, anchor in named}
    for container, vendor in page.vendors:
        empty = not any(id(node) in anchors for node in container.iter())
        if empty and (vendor, id(container)) not in blocks:
            blocks[(vendor, id(container))] = [_line(container), vendor, "vendor", 0]
    ordered = sorted(blocks.values(), key=lambda entry: entry[0])
    return Extraction(
        teasers,
        [Block(name=name, kind=kind, teasers=count) for _, name, kind, count in ordered],
        address,
    )
