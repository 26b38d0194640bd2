"""Teasers of plain-text scrapes: headline and snippet paragraphs under a heading."""

from __future__ import annotations

import re

from clickbait.records import Block, Extraction, Teaser
from clickbait.teasers.vocabulary import _HEADING_TRIM, _TRUNCATION, MAX_HEADLINE_CHARS
from clickbait.teasers.wording import _clean, _is_sponsored, is_widget_heading, repair_text


def extract_text(text: str) -> Extraction:
    """Teasers of a plain-text scrape: headline and snippet paragraphs under a heading.

    A block starts at a widget heading line ("Articles qui pourraient vous intéresser:")
    and runs while paragraphs read as headline (+ snippet ending in "..."). Without a
    heading, two or more consecutive headline + truncated-snippet pairs make a block.
    """
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        if not paragraph.strip():
            continue
        # A heading glued to its first item on the next line still counts: the lines
        # under it are read one by one (a headline, then its snippet).
        head, _, rest = paragraph.strip().partition("\n")
        if rest.strip() and is_widget_heading(_clean(head)):
            lines.append(_clean(head))
            lines.extend(_clean(line) for line in rest.split("\n") if line.strip())
        else:
            lines.append(_clean(paragraph))
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
            Teaser(
                headline=repair_text(h),
                snippet=repair_text(s),
                position=len(teasers) + k,
                block=name,
                sponsored=_is_sponsored(h + " " + s),
            )
            for k, (h, s) in enumerate(found)
        ]
        blocks.append(Block(name=name, kind="text", teasers=len(found)))
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
