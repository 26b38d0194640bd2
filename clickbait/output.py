"""Write scored teasers as JSON Lines, CSV or a table for people, and evaluation
metrics as a table."""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Iterable
from typing import IO, Any

FIELDS = ["source", "index", "headline", "snippet", "url", "block", "sponsored", "score", "label"]


class RecordWriter:
    """Streams records to a text stream; ``table`` collects them and prints at close."""

    def __init__(self, stream: IO[str], fmt: str = "jsonl") -> None:
        if fmt not in {"jsonl", "csv", "table"}:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.format = fmt
        self._rows: list[dict[str, Any]] = []
        self._csv: csv.DictWriter[str] | None = None

    def write_many(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.write(record)

    def write(self, record: dict[str, Any]) -> None:
        if self.format == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.format == "csv":
            if self._csv is None:
                fields = FIELDS + (["explanation"] if "explanation" in record else [])
                self._csv = csv.DictWriter(self.stream, fieldnames=fields, extrasaction="ignore")
                self._csv.writeheader()
            if "explanation" in record:
                record = {**record, "explanation": compact_explanation(record["explanation"])}
            self._csv.writerow(record)
        else:
            self._rows.append(record)

    def close(self) -> None:
        if self.format == "table" and self._rows:
            self.stream.write(format_table(self._rows) + "\n")
        self.stream.flush()


def compact_explanation(items: list[dict[str, Any]], limit: int | None = None) -> str:
    """ "snippet word "sans" +0.63; no snippet -0.43" (positive pushes toward filler)."""
    return "; ".join(f"{c['feature']} {c['contribution']:+.2f}" for c in items[:limit])


def _shorten(text: object, width: int) -> str:
    value = str(text)
    return value if len(value) <= width else value[: width - 1] + "…"


def format_table(rows: list[dict[str, Any]], width: int = 60) -> str:
    """An aligned text table: label, score, headline, block and source of each teaser,
    and ``why`` (its three strongest features) when the records carry an explanation.
    Text is left-aligned, scores right-aligned; long cells are cut with "…"."""
    columns = {
        "label": [str(r["label"]) for r in rows],
        "score": [f"{r['score']:.2f}" for r in rows],
        "headline": [_shorten(r["headline"], width) for r in rows],
        "block": [_shorten(r.get("block", ""), 24) for r in rows],
        "source": [_shorten(r["source"], 40) for r in rows],
    }
    if any("explanation" in r for r in rows):
        columns["why"] = [
            _shorten(compact_explanation(r.get("explanation", []), 3), 90) for r in rows
        ]
    return _aligned(columns, right={"score"})


def _aligned(columns: dict[str, list[str]], right: Collection[str] = ()) -> str:
    """Columns of text side by side under their names, one space apart: left-aligned,
    or right-aligned for the names in ``right``; no trailing spaces."""
    widths = {name: max(map(len, [name, *cells])) for name, cells in columns.items()}

    def line(cells: dict[str, str]) -> str:
        padded = (
            value.rjust(widths[name]) if name in right else value.ljust(widths[name])
            for name, value in cells.items()
        )
        return " ".join(padded).rstrip()

    lines = [line({name: name for name in columns})]
    for values in zip(*columns.values(), strict=True):
        lines.append(line(dict(zip(columns, values, strict=True))))
    return "\n".join(lines)


def format_metrics(metrics: dict[str, Any], nested: bool) -> str:
    """Evaluation metrics as a table: one row per set (``nested``: per set and group,
    as "set / group"), columns n, n_filler, precision, recall, f1, roc_auc, filler_share."""
    import pandas as pd

    columns = ["n", "n_filler", "precision", "recall", "f1", "roc_auc", "filler_share"]
    rows = (
        {
            s if g == "all" else f"{s} / {g}": m
            for s, groups in metrics.items()
            for g, m in groups.items()
        }
        if nested
        else metrics
    )
    frame = pd.DataFrame.from_dict(rows, orient="index")[columns]
    return frame.to_string(na_rep="–")
