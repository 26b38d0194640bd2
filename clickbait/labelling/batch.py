"""Labelling without a terminal: the teasers to label as a table to fill in, and the
filled table added to the file of labels.

The table has the columns of the file of labels (:data:`~clickbait.labelling.store.COLUMNS`)
with ``label`` empty, in the order a session would ask. Filled in (``filler``,
``news``, ``unsure`` or ``not-teaser``; rows left empty stay to label), it is added with
``clickbait label --merge TABLE --out labels.tsv``: labels for training to the file of
labels, the others to its left-out file, teasers already labelled left as they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from clickbait.labelling.candidates import Candidate, clean, teaser_key
from clickbait.labelling.session import now, uninterrupted
from clickbait.labelling.store import (
    ALL_LABELS,
    COLUMNS,
    LabelFileError,
    LabelStore,
    format_line,
    header_line,
    row_of,
)


def write_table(candidates: Iterable[Candidate], stream: TextIO) -> int:
    """Write the teasers to label as a TSV table with an empty ``label`` column;
    returns how many rows were written."""
    stream.write(header_line(".tsv"))
    written = 0
    for candidate in candidates:
        stream.write(format_line(row_of(candidate, "", "", None), ".tsv"))
        written += 1
    stream.flush()
    return written


@dataclass
class Merged:
    """What came of adding a filled table: rows added, rows left empty, rows whose
    teaser was already labelled."""

    added: int = 0
    empty: int = 0
    known: int = 0


def _sponsored(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes"}


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def merge_table(store: LabelStore, path: str | Path) -> Merged:
    """Add the filled rows of a table (CSV/TSV or JSON Lines) to ``store``.

    Every row is checked before any is added: a label that is not one of
    :data:`~clickbait.labelling.store.ALL_LABELS` raises :class:`LabelFileError` with
    the table's name and line, and nothing is added.
    """
    from clickbait.pages import parse_table

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        header, entries = parse_table(text, path.suffix.lower())
    except FileNotFoundError:
        raise LabelFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LabelFileError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    except ValueError as error:
        raise LabelFileError(f"{path}: not a valid table ({error})") from None
    if header is not None and not {"headline", "label"} <= header:
        raise LabelFileError(f"{path}: needs 'headline' and 'label' columns")
    merged, rows = Merged(), []
    for number, record, problem in entries:
        if record is None:
            raise LabelFileError(f"{path}:{number}: {problem}")
        label = clean(record.get("label", "")).lower()
        if not label:
            merged.empty += 1
            continue
        if label not in ALL_LABELS:
            raise LabelFileError(
                f"{path}:{number}: label {label!r} is not one of {', '.join(ALL_LABELS)}"
            )
        if not clean(record.get("headline", "")):
            raise LabelFileError(f"{path}:{number}: empty headline")
        rows.append({**record, "label": label})
    for record in rows:
        key = teaser_key(record["headline"], record.get("snippet", ""))
        if key in store.keys:
            merged.known += 1
            continue
        row = {column: record.get(column, "") for column in COLUMNS}
        row.update(
            key=key,
            sponsored=_sponsored(row["sponsored"]),
            score=_number(row["score"]),
            seconds=_number(row["seconds"]),
            labelled_at=row["labelled_at"] or now(),
        )
        with uninterrupted():
            store.add(row)
        merged.added += 1
    return merged
