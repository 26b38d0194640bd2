"""Write scored teasers as JSON Lines, CSV or a table for people, and evaluation
metrics as a table.

CSV cells are written for spreadsheets, which run a cell that starts with ``=``, ``+``,
``-`` or ``@`` as a formula: such a text cell gets a leading apostrophe
(:func:`neutralise_cell`), as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from clickbait.terminal import GAP, Column, render_row, terminal_width, text_table, wrap

FIELDS = ["source", "index", "headline", "snippet", "url", "block", "sponsored", "score", "label"]

_FIELDS = tuple(FIELDS)
# What json.dumps(ensure_ascii=False) writes for a string: the C encoder it uses.
_string = json.encoder.encode_basestring
_encode = json.JSONEncoder(ensure_ascii=False).encode

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """``value`` safe to open in a spreadsheet: a text cell that starts like a formula
    gets a leading ``'``, which spreadsheets take as "this is text" and do not show.
    Numbers, and ``-`` alone (the name of standard input), are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-":
        return "'" + value
    return value


def neutralise_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV row with every text cell passed through :func:`neutralise_cell`."""
    return {key: neutralise_cell(value) for key, value in row.items()}


class RecordWriter:
    """Streams records to a text stream as JSON Lines, CSV or a table for people
    (:class:`TeaserTable`, as wide as ``width``, default the terminal's)."""

    def __init__(self, stream: IO[str], fmt: str = "jsonl", width: int | None = None) -> None:
        if fmt not in {"jsonl", "csv", "table"}:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.format = fmt
        self.width = width
        self._csv: csv.DictWriter[str] | None = None
        self._table: TeaserTable | None = None

    def write_many(self, records: Iterable[dict[str, Any]]) -> None:
        if self.format == "jsonl":
            self.stream.write(jsonl(records))
            return
        for record in records:
            self.write(record)
        if self.format == "table":
            self.stream.flush()  # a person sees each page's rows as they come

    def write(self, record: dict[str, Any]) -> None:
        if self.format == "jsonl":
            self.stream.write(jsonl([record]))
        elif self.format == "csv":
            if self._csv is None:
                fields = FIELDS + (["explanation"] if "explanation" in record else [])
                self._csv = csv.DictWriter(self.stream, fieldnames=fields, extrasaction="ignore")
                self._csv.writeheader()
            if "explanation" in record:
                record = {**record, "explanation": compact_explanation(record["explanation"])}
            self._csv.writerow(neutralise_row(record))
        else:
            if self._table is None:
                self._table = TeaserTable(self.stream, self.width)
            self._table.write(record)

    def close(self) -> None:
        self.stream.flush()


def compact_explanation(items: list[dict[str, Any]], limit: int | None = None) -> str:
    """ "snippet word "sans" +0.63; no snippet -0.43" (positive pushes toward filler)."""
    return "; ".join(f"{c['feature']} {c['contribution']:+.2f}" for c in items[:limit])


class TeaserTable:
    """``clickbait score --format table``: one row per teaser, written as it comes.

    Columns are sized once from the width (they cannot wait for the widest cell of a
    stream): label, score, headline and block, text wrapped within its column. Each
    source gets a ``source:`` line of its own above its teasers, so that a long path or
    address is shown whole, once. An explanation (``--explain``) is stacked under its
    teaser, one feature per line with its signed contribution.
    """

    LABEL, SCORE = 6, 5

    def __init__(self, stream: IO[str], width: int | None = None) -> None:
        self.stream = stream
        self.width = terminal_width() if width is None else width
        indent = self.LABEL + self.SCORE + 2 * len(GAP)
        rest = self.width - indent - len(GAP)
        block = min(40, max(10, int(rest * 0.3)))
        self.indent = indent
        self.columns = [
            Column("label", self.LABEL),
            Column("score", self.SCORE, right=True),
            Column("headline", min(120, max(8, rest - block))),
            Column("block", block),
        ]
        self._source: str | None = None

    def _lines(self, lines: list[str]) -> None:
        self.stream.write("".join(line + "\n" for line in lines))

    def write(self, record: dict[str, Any]) -> None:
        lines: list[str] = []
        if self._source is None:
            lines += render_row(self.columns, [c.name for c in self.columns])
        source = str(record.get("source", ""))
        if source != self._source:
            if self._source is not None:
                lines.append("")
            lead = "source: "
            body = wrap(source, self.width - len(lead))
            lines += [lead + body[0], *(" " * len(lead) + rest for rest in body[1:])]
            self._source = source
        cells = [record["label"], f"{record['score']:.2f}", record["headline"], record.get("block")]
        lines += render_row(self.columns, [c or "" for c in cells])
        for item in record.get("explanation") or []:
            lines += self._reason(item["feature"], item["contribution"])
        self._lines(lines)

    def _reason(self, feature: str, contribution: float) -> list[str]:
        """One feature of an explanation, under the headline: ``+3.93  feature``."""
        value = f"{contribution:+.2f}".rjust(5)
        pad = " " * self.indent
        body = wrap(feature, max(8, self.width - self.indent - len(value) - len(GAP)))
        first = f"{pad}{value}{GAP}{body[0]}"
        return [first, *(f"{pad}{' ' * len(value)}{GAP}{line}" for line in body[1:])]


METRIC_COLUMNS = ["n", "n_filler", "precision", "recall", "f1", "roc_auc", "filler_share"]


def _metric(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_metrics(metrics: dict[str, Any], nested: bool, width: int | None = None) -> str:
    """Evaluation metrics as a table that fits ``width`` (default: the terminal's): one
    row per set (``nested``: per set and group, as "set / group"), then the columns of
    :data:`METRIC_COLUMNS`; ``–`` marks a figure the set cannot give."""
    rows = (
        {
            s if g == "all" else f"{s} / {g}": m
            for s, groups in metrics.items()
            for g, m in groups.items()
        }
        if nested
        else metrics
    )
    body = [[name, *(_metric(m.get(key)) for key in METRIC_COLUMNS)] for name, m in rows.items()]
    numeric = set(range(1, len(METRIC_COLUMNS) + 1))
    return text_table(["set" if nested else "group", *METRIC_COLUMNS], body, numeric, width)


def jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    """Records as JSON Lines (each line ending in a newline), as
    ``json.dumps(record, ensure_ascii=False)`` writes each one.

    A scored record of the usual keys (:data:`FIELDS`, str and int and float
    values) is written from a template, about five times faster than the encoder;
    anything else (an explanation, other keys or types) goes through the encoder.
    """
    lines = []
    for record in records:
        if tuple(record) == _FIELDS and _plain(record):
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
