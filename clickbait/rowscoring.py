"""Table rows straight to output: scored records with no ``Teaser`` objects on the way.

A streamed table (CSV/TSV, JSON Lines) gives plain dict rows. :func:`score_rows` cleans
their text as :func:`clickbait.teasers.teaser_from_row` does, scores the batch at once
and gives the records that :meth:`clickbait.scoring.SourceResult.records` gives for the
same rows (same keys in the same order, same values), without a ``Teaser``, a
``ScoredTeaser`` or a copy of either into a dict per row. :func:`jsonl` writes records
as JSON Lines, byte for byte what ``json.dumps(record, ensure_ascii=False)`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from clickbait.records import FILLER, NEWS
from clickbait.teasers.wording import repair_text

if TYPE_CHECKING:
    from clickbait.model import TeaserModel

_TRUE = frozenset({"1", "true", "yes"})
# The keys of a scored record, in their order (SourceResult.records).
RECORD_KEYS = (
    "source",
    "index",
    "headline",
    "snippet",
    "url",
    "block",
    "sponsored",
    "score",
    "label",
)
# What json.dumps(ensure_ascii=False) writes for a string: the C encoder it uses.
_string = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False).encode


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


def jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    """Records as JSON Lines (each line ending in a newline), as
    ``json.dumps(record, ensure_ascii=False)`` writes each one.

    A scored record of the usual keys (:data:`RECORD_KEYS`, str and int and float
    values) is written from a template, about five times faster than the encoder;
    anything else (an explanation, other keys or types) goes through the encoder.
    """
    lines = []
    for record in records:
        if tuple(record) == RECORD_KEYS and _plain(record):
            lines.append(
                f'{{"source": {_string(record["source"])}, "index": {record["index"]!r}, '
                f'"headline": {_string(record["headline"])}, '
                f'"snippet": {_string(record["snippet"])}, "url": {_string(record["url"])}, '
                f'"block": {_string(record["block"])}, '
                f'"sponsored": {"true" if record["sponsored"] else "false"}, '
                f'"score": {float.__repr__(record["score"])}, '
                f'"label": {_string(record["label"])}}}\n'
            )
        else:
            lines.append(_encode(record) + "\n")
    return "".join(lines)


def _plain(record: Mapping[str, Any]) -> bool:
    score = record["score"]
    return (
        type(record["source"]) is str
        and type(record["index"]) is int
        and type(record["headline"]) is str
        and type(record["snippet"]) is str
        and type(record["url"]) is str
        and type(record["block"]) is str
        and type(record["sponsored"]) is bool
        and type(score) is float
        and score - score == 0.0  # finite: json writes NaN and Infinity its own way
        and type(record["label"]) is str
    )
