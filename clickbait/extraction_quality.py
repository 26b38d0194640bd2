"""Teaser extraction measured against hand annotations of real pages
(``tests/annotations``): precision, recall and sponsored-flag agreement, per split."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any


def extraction_scores(
    annotations: Iterable[Mapping[str, Any]],
    extract_page: Callable[[str], Any],
) -> dict[str, Any]:
    """Teaser extraction against hand annotations, pooled over pages.

    Each annotation names a page and its widgets, each teaser by
    :func:`clickbait.teasers.headline_key` of its headline (see
    ``tests/annotations/README.md``); ``extract_page(page)`` returns the page's
    :class:`~clickbait.teasers.Extraction`. A teaser counts once per page. Returns, per
    split and overall, teaser precision and recall, the share of matched teasers whose
    sponsored flag agrees, and how many annotated widgets that JavaScript fills in were
    reported as blocks with no teasers.
    """
    from clickbait.teasers import headline_key

    totals: dict[str, dict[str, int]] = {}
    pages: list[dict[str, Any]] = []
    for annotation in annotations:
        extraction = extract_page(annotation["page"])
        expected = {
            teaser["key"]: bool(teaser.get("sponsored", False))
            for widget in annotation["widgets"]
            for teaser in widget["teasers"]
        }
        found: dict[str, bool] = {}
        for teaser in extraction.teasers:
            found.setdefault(headline_key(teaser.headline), teaser.sponsored)
        matched = expected.keys() & found.keys()
        empty_widgets = sum(1 for w in annotation["widgets"] if w["kind"] == "vendor-empty")
        empty_blocks = sum(1 for b in extraction.blocks if b.kind == "vendor" and b.teasers == 0)
        counts = {
            "pages": 1,
            "annotated": len(expected),
            "extracted": len(found),
            "matched": len(matched),
            "sponsored_agree": sum(1 for k in matched if expected[k] == found[k]),
            "sponsored_annotated": sum(1 for k in matched if expected[k]),
            "sponsored_found": sum(1 for k in matched if expected[k] and found[k]),
            "empty_widgets": empty_widgets,
            "empty_widgets_reported": min(empty_widgets, empty_blocks),
        }
        pages.append({"page": annotation["page"], "split": annotation.get("split", ""), **counts})
        for split in ("all", annotation.get("split") or "all"):
            total = totals.setdefault(split, dict.fromkeys(counts, 0))
            for key, value in counts.items():
                total[key] += value
    return {
        "splits": {
            split: {
                **total,
                "precision": round(total["matched"] / total["extracted"], 4)
                if total["extracted"]
                else None,
                "recall": round(total["matched"] / total["annotated"], 4)
                if total["annotated"]
                else None,
                "sponsored_agreement": round(total["sponsored_agree"] / total["matched"], 4)
                if total["matched"]
                else None,
                # Of matched teasers annotated as sponsored, the share flagged as such.
                "sponsored_recall": round(
                    total["sponsored_found"] / total["sponsored_annotated"], 4
                )
                if total["sponsored_annotated"]
                else None,
            }
            for split, total in totals.items()
        },
        "pages": pages,
    }
