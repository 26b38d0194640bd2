"""The file of labels: every label is on disk the moment it is given.

``--out labels.tsv`` holds the ``filler`` and ``news`` labels, one row per line, with
the columns of :data:`COLUMNS`; it is a labelled file as training reads it (a
``[[files]]`` entry of a training config, or ``clickbait evaluate labels.tsv``). The
``unsure`` and ``not-teaser`` labels, which must stay out of training, go to a file
beside it with the same columns, ``labels.left-out.tsv`` (:func:`left_out_path`), so
that a resumed session skips those teasers too.

Each label is one line appended with a single ``write`` on a file opened for appending,
then ``fsync``: quitting, Ctrl-C, a kill or a crash keeps every label given. A file is
created, and a label taken back, by writing a temporary file and renaming it, so no
reader ever sees half a file. A last line left incomplete by a power cut is dropped,
with a note, when the file is opened again. CSV (``.csv``), TSV (``.tsv``) and JSON
Lines (``.jsonl``) are written, by the name's suffix.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from clickbait.labelling.candidates import Candidate, clean, teaser_key

TRAINING_LABELS = ("filler", "news")
LEFT_OUT_LABELS = ("unsure", "not-teaser")
ALL_LABELS = (*TRAINING_LABELS, *LEFT_OUT_LABELS)
COLUMNS = (
    "headline",
    "snippet",
    "label",
    "url",
    "block",
    "sponsored",
    "source",
    "site",
    "score",
    "labelled_at",
    "seconds",
    "key",
)
SUFFIXES = (".tsv", ".csv", ".jsonl")


class LabelFileError(ValueError):
    """A file of labels that cannot be used (its name, its content): said in one line."""


def left_out_path(path: Path) -> Path:
    """Where the ``unsure`` and ``not-teaser`` labels of ``path`` go:
    ``labels.tsv`` -> ``labels.left-out.tsv``."""
    return path.with_name(f"{path.stem}.left-out{path.suffix}")


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LabelFileError(f"{path}: the file of labels must end in {', '.join(SUFFIXES)}")
    return suffix


def row_of(candidate: Candidate, label: str, labelled_at: str, seconds: float | None) -> dict:
    """The row of the file of labels for ``label`` given to ``candidate``."""
    return {
        "headline": candidate.headline,
        "snippet": candidate.snippet,
        "label": label,
        "url": candidate.link,
        "block": candidate.block,
        "sponsored": candidate.sponsored,
        "source": candidate.source,
        "site": candidate.site,
        "score": None if candidate.score != candidate.score else round(candidate.score, 4),
        "labelled_at": labelled_at,
        "seconds": None if seconds is None else round(seconds, 1),
        "key": candidate.key,
    }


def format_line(row: Mapping[str, Any], suffix: str) -> str:
    """One row as one line of a ``suffix`` file (ending in a newline)."""
    if suffix == ".jsonl":
        record = {column: _value(row.get(column)) for column in COLUMNS}
        return json.dumps(record, ensure_ascii=False) + "\n"
    return _delimited([_cell(row.get(column)) for column in COLUMNS], suffix)


def header_line(suffix: str) -> str:
    """The header of a ``suffix`` file: the column names (none for JSON Lines)."""
    return "" if suffix == ".jsonl" else _delimited(list(COLUMNS), suffix)


def _value(value: object) -> object:
    return clean(value) if isinstance(value, str) else value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean(str(value))


def _delimited(cells: list[str], suffix: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t" if suffix == ".tsv" else ",", lineterminator="\n").writerow(
        cells
    )
    return buffer.getvalue()


def _append(path: Path, line: str, header: str) -> None:
    """Append one line to ``path`` in one write, on disk before returning; a new file
    is created whole (header and line) under its name by a rename."""
    from clickbait.persist import atomic_write

    data = line.encode("utf-8")
    if not path.exists() or path.stat().st_size == 0:
        atomic_write(path, header.encode("utf-8") + data)
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _whole_row(header: str, line: str, suffix: str) -> bool:
    """Whether ``line`` is a whole row: it reads as one, and its ``key``, when it has
    one, is its headline's and snippet's (a cut line loses its last columns)."""
    from clickbait.pages import parse_table

    try:
        _, entries = parse_table(header + line + "\n", suffix)
    except ValueError:
        return False
    if len(entries) != 1 or entries[0][1] is None:
        return False
    record = entries[0][1]
    return "key" not in record or record["key"] == _key(record)


def _repair(path: Path, suffix: str) -> str | None:
    """Drop a last line cut short (a write cut by a power loss), and say so; a whole last
    row without its line end (a file saved by hand) only gets its line end back."""
    from clickbait.persist import atomic_write

    data = path.read_bytes()
    if not data or data.endswith(b"\n"):
        return None
    cut = data.rfind(b"\n") + 1
    text = data.decode("utf-8", "replace")
    lines = text.splitlines(keepends=True)
    header = "" if suffix == ".jsonl" or len(lines) < 2 else lines[0]
    if cut == 0 or _whole_row(header, lines[-1], suffix):
        atomic_write(path, data + b"\n")
        return None
    atomic_write(path, data[:cut])
    return f"{path}: its last line was cut short (an interrupted write) and was dropped"


def _read_rows(path: Path) -> list[dict[str, str]]:
    from clickbait.pages import parse_table

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LabelFileError(f"{path}: cannot be read ({error})") from None
    try:
        _, entries = parse_table(text, path.suffix.lower())
    except ValueError as error:
        raise LabelFileError(f"{path}: not a file of labels ({error})") from None
    rows = []
    for number, record, problem in entries:
        if record is None or not clean(record.get("headline", "")):
            raise LabelFileError(f"{path}:{number}: {problem or 'empty headline'}")
        rows.append(record)
    return rows


def _key(row: Mapping[str, str]) -> str:
    return teaser_key(row.get("headline", ""), row.get("snippet", ""))


class LabelStore:
    """The labels of one ``--out`` file and its left-out file: read at :meth:`open`,
    then each label appended as it is given, and taken back on request."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.suffix = _check_suffix(self.path)
        self.left_out = left_out_path(self.path)
        # Every label, oldest first, with the file that holds it.
        self._entries: list[tuple[Path, dict[str, str]]] = []
        self.keys: set[str] = set()

    @property
    def rows(self) -> list[dict[str, str]]:
        """Every label given, oldest first, as the files hold it (values are text)."""
        return [row for _, row in self._entries]

    def open(self) -> list[str]:
        """Read the labels already given; returns notes on what had to be repaired.
        Raises :class:`LabelFileError` for a file that is not a file of labels."""
        notes = []
        entries = []
        for path in (self.path, self.left_out):
            if path.is_dir():
                raise LabelFileError(f"{path}: is a folder")
            if not path.exists():
                continue
            note = _repair(path, self.suffix)
            if note:
                notes.append(note)
            entries += [(path, row) for row in _read_rows(path)]
        # Both files in the order the labels were given (ISO times sort as text).
        entries.sort(key=lambda entry: entry[1].get("labelled_at", ""))
        self._entries = entries
        self.keys = {_key(row) for _, row in entries}
        return notes

    def check_writable(self) -> None:
        """Raise :class:`LabelFileError` when a label could not be written (before any
        is asked for)."""
        for path in (self.path, self.left_out):
            folder = path.parent.resolve()
            while not folder.exists():  # created with the first label
                folder = folder.parent
            if not folder.is_dir():
                raise LabelFileError(f"{path}: {folder} is not a folder")
            target = path if path.exists() else folder
            if not os.access(target, os.W_OK):
                raise LabelFileError(f"{target}: cannot be written")

    def file_for(self, label: str) -> Path:
        """The file that holds ``label``."""
        if label not in ALL_LABELS:
            raise ValueError(f"unknown label {label!r}")
        return self.path if label in TRAINING_LABELS else self.left_out

    def add(self, row: Mapping[str, Any]) -> None:
        """Append one label (a row of :data:`COLUMNS`) to its file, on disk at return."""
        path = self.file_for(row["label"])
        _append(path, format_line(row, self.suffix), header_line(self.suffix))
        stored = {column: _cell(row.get(column)) for column in COLUMNS}
        self._entries.append((path, stored))
        self.keys.add(_key(stored))

    def withdraw(self, key: str) -> dict[str, str] | None:
        """Take back the last label given to ``key``: its file is rewritten without that
        line. Returns its row, or ``None`` when ``key`` has no label."""
        from clickbait.persist import atomic_write

        for position in range(len(self._entries) - 1, -1, -1):
            if _key(self._entries[position][1]) == key:
                break
        else:
            return None
        path, row = self._entries.pop(position)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = 0 if self.suffix == ".jsonl" else 1
        for number in range(len(lines) - 1, header - 1, -1):
            if self._line_key(lines[number], lines[0] if header else "") == key:
                del lines[number]
                break
        atomic_write(path, "".join(lines))
        self.keys = {_key(r) for _, r in self._entries}
        return row

    def _line_key(self, line: str, header: str) -> str | None:
        from clickbait.pages import parse_table

        try:
            _, entries = parse_table(header + line, self.suffix)
        except ValueError:
            return None
        records = [record for _, record, _ in entries if record is not None]
        return _key(records[0]) if len(records) == 1 else None

    def last(self) -> dict[str, str] | None:
        """The label given last, if any."""
        return self._entries[-1][1] if self._entries else None

    def counts(self) -> Counter[str]:
        """How many of each label the files hold."""
        return Counter(row.get("label", "") for _, row in self._entries)

    def summary(self) -> str:
        """Where the labels are, in one line."""
        counts = self.counts()
        kept = sum(counts[label] for label in TRAINING_LABELS)
        left = sum(counts[label] for label in LEFT_OUT_LABELS)
        text = f"{kept} label(s) in {self.path} ({counts['filler']} filler, {counts['news']} news)"
        if left:
            text += (
                f", {left} in {self.left_out} ({counts['unsure']} unsure, "
                f"{counts['not-teaser']} not a teaser)"
            )
        return text
