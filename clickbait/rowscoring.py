"""Table rows straight to output: scored records with no ``Teaser`` objects on the way.

A streamed table (CSV/TSV, JSON Lines) gives plain dict rows. :func:`score_rows` cleans
their text as :func:`clickbait.teasers.teaser_from_row` does, scores the batch at once
and gives the records that :meth:`clickbait.scoring.SourceResult.records` gives for the
same rows (same keys in the same order, same values), without a ``Teaser``, a
``ScoredTeaser`` or a copy of either into a dict per row; :func:`clickbait.output.jsonl`
writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from clickbait.records import FILLER, NEWS
from clickbait.teasers.wording import repair_text

if TYPE_CHECKING:
    from clickbait.model import TeaserModel

_TRUE = frozenset({"1", "true", "yes"})


def _text(value: object) -> str:
    # As teaser_from_row: white space collapsed (str.split() is re's \s), mojibake repaired.
    return repair_text(" ".join(str(value).split())) if value else ""


def score_rows(
    model: TeaserModel,
    source: str,
    rows: Sequence[Mapping[str, Any]],
    indices: Sequence[int],
    explain: int = 0,
) -> list[dict[str, Any]]:
    """The output record of each table row (``headline``, optional ``snippet``, ``url``,
    ``sponsored``), scored in one batch; ``indices`` are the rows' ``index`` values
    (their rows in the table). ``explain=N`` adds each one's top N features."""
    if len(rows) != len(indices):
        raise ValueError(f"{len(rows)} rows but {len(indices)} indices")
    headlines = [_text(row.get("headline", "")) for row in rows]
    snippets = [_text(row.get("snippet", "")) for row in rows]
    scores = model.scores(headlines, snippets).tolist() if rows else []
    threshold = model.threshold
    records = [
        {
            "source": source,
            "index": index,
            "headline": headline,
            "snippet": snippet,
            "url": (row.get("url") or "").strip(),
            "block": "table",
            "sponsored": str(row.get("sponsored", "")).strip().lower() in _TRUE,
            "score": round(score, 6),
            "label": FILLER if score >= threshold else NEWS,
        }
        for row, index, headline, snippet, score in zip(
            rows, indices, headlines, snippets, scores, strict=True
        )
    ]
    if explain:
        reasons = model.explain_texts(headlines, snippets, explain)
        for record, reason in zip(records, reasons, strict=True):
            record["explanation"] = [c.to_dict() for c in reason]
    return records
