"""Tables of teasers (CSV, TSV, JSON Lines), read as a stream of rows, from a file or bytes."""

from __future__ import annotations

import codecs
import csv
import io
import json
import zlib
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

from clickbait.pages.decode import _check_content, decode
from clickbait.pages.document import (
    DEFAULT_MAX_BYTES,
    GZIP_MAGIC,
    JSON_SUFFIXES,
    Document,
    PageError,
    _open,
)

# How much of a table is read to choose its encoding (as much as the encoding guess reads).
TABLE_HEAD_BYTES = 256 * 1024


def _table_text(stream: BinaryIO, head: bytes) -> tuple[TextIO, str]:
    """A table's bytes as a text stream of lines, and the encoding chosen from its head.

    A table is read line by line, so its encoding is chosen from its first bytes: a
    byte-order mark, else UTF-8 if they are UTF-8 (later bytes that are not are read as
    windows-1252, as scrapes mix both), else a statistical guess.
    """
    from w3lib.encoding import read_bom

    bom_encoding, _ = read_bom(head)
    if bom_encoding:
        encoding, errors = codecs.lookup(bom_encoding).name, "replace"
    else:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            encoding, errors = "utf-8", "clickbait.cp1252"
        except UnicodeDecodeError:
            encoding, errors = decode(head)[1], "replace"
    # newline="" keeps line ends as they are, so that quoted newlines stay in CSV fields.
    return io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline=""), encoding


TableEntry = tuple[int, dict[str, str] | None, str]


def _table_document(data: bytes, source: str, suffix: str, max_bytes: int) -> Document:
    """A table given as bytes, read by the same row reader as a table file."""
    entries, encoding = _stream_rows(io.BytesIO(data), source, suffix, max_bytes)
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for number, record, problem in entries:
        if record is None:
            problems.append(f"line {number}: {problem}")
        else:
            rows.append(record)
    return Document(source, "table", "", encoding, rows=tuple(rows), problems=tuple(problems))


def parse_table(text: str, suffix: str = "") -> tuple[set[str] | None, list[TableEntry]]:
    """Parse a CSV/TSV or JSON Lines table of teasers, keeping every row's line number.

    Returns ``(header, entries)``: the CSV header's columns (``None`` for JSON Lines)
    and one ``(line, record, problem)`` per non-blank row, where ``record`` is ``None``
    and ``problem`` says why when the row cannot be read. Values are strings.
    Raises :class:`ValueError` for a CSV table that cannot be parsed at all.
    """
    header, entries = iter_table(io.StringIO(text, newline=""), suffix)
    return header, list(entries)


def iter_table(
    lines: Iterable[str], suffix: str = ""
) -> tuple[set[str] | None, Iterator[TableEntry]]:
    """:func:`parse_table` over lines as they come (keep their line ends), in constant memory.

    The header is read at once; the entries are read as they are asked for, and a CSV
    error raises :class:`ValueError` when its line is reached.
    """
    lines = iter(lines)
    leading: list[str] = []
    for line in lines:
        leading.append(line.lstrip("\ufeff") if not leading else line)
        if leading[-1].strip():
            break
    rest = chain(leading, lines)
    if suffix in JSON_SUFFIXES or (leading and leading[-1].lstrip().startswith("{")):
        return None, _json_entries(rest)
    first_line = leading[0] if leading else ""
    delimiter = "\t" if suffix == ".tsv" or first_line.count("\t") > first_line.count(",") else ","
    reader = csv.DictReader(rest, delimiter=delimiter)
    try:
        header = set(reader.fieldnames or ())
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: {error}") from None
    return header, _csv_entries(reader)


def _json_entries(lines: Iterable[str]) -> Iterator[TableEntry]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, None, f"not valid JSON ({error.msg})"
            continue
        except (ValueError, RecursionError) as error:  # huge integers, deep nesting
            yield number, None, f"not valid JSON ({type(error).__name__})"
            continue
        if not isinstance(record, dict):
            yield number, None, "not a JSON object"
            continue
        yield number, {k: "" if v is None else str(v) for k, v in record.items()}, ""


def _csv_entries(reader: csv.DictReader[str]) -> Iterator[TableEntry]:
    try:
        for record in reader:
            if None in record:
                yield reader.line_num, None, "more fields than the header"
            else:
                yield reader.line_num, {k: v or "" for k, v in record.items()}, ""
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: {error}") from None


def _teaser_rows(lines: Iterable[str], suffix: str, source: str) -> Iterator[TableEntry]:
    """Entries of a table of teasers: a row without a headline is a problem too.

    Raises :class:`PageError` for a table that has no headline column or cannot be
    parsed, at once or when the broken line is reached.
    """
    try:
        header, entries = iter_table(lines, suffix)
    except ValueError as error:
        raise PageError(source, f"not a valid CSV table ({error})") from None
    if header is not None and "headline" not in header:
        raise PageError(source, "no 'headline' column in the header")
    return _checked_rows(entries, source)


def _checked_rows(entries: Iterator[TableEntry], source: str) -> Iterator[TableEntry]:
    try:
        for number, record, problem in entries:
            if record is not None and not record.get("headline", "").strip():
                yield number, None, "empty headline"
            else:
                yield number, record, problem
    except ValueError as error:
        raise PageError(source, f"not a valid CSV table ({error})") from None


def read_table(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[TableEntry]:
    """The rows of a CSV/TSV or JSON Lines file of teasers (gzipped or not), read as they
    are asked for.

    Yields ``(line, record, problem)`` as :func:`parse_table` does, with rows that have
    no headline as problems; memory does not grow with the file, so the file's size is
    not limited: ``max_bytes`` caps each line instead. A file that cannot be read as a
    table raises :class:`PageError` here; one that breaks further down (a malformed CSV
    line, a line longer than ``max_bytes``, a truncated gzip stream) raises it when that
    line is reached, after the rows before it.
    """
    source = str(path)
    path = Path(path)
    handle: BinaryIO = _open(path, source)
    try:
        gzipped = handle.read(2) == GZIP_MAGIC
        handle.seek(0)
        if gzipped:  # whatever its name: streamed as well
            import gzip

            handle.close()
            handle = gzip.open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115 - the rows own it
    except OSError as error:
        handle.close()
        raise PageError(source, _read_error(error)) from None
    except BaseException:
        handle.close()
        raise
    return _stream_rows(handle, source, path.suffix.lower(), max_bytes)[0]


def _stream_rows(
    stream: BinaryIO, source: str, suffix: str, max_bytes: int
) -> tuple[Iterator[TableEntry], str]:
    """The rows of a table read from a binary stream, as they are asked for, and the
    encoding chosen for it: the one row reader of tables, whether a file or bytes.

    The rows own the stream and close it once read. Raises :class:`PageError` at once
    for a table that cannot be read; later for a line that breaks (as :func:`read_table`).
    """
    try:
        head = stream.read(TABLE_HEAD_BYTES)
        stream.seek(0)
        _check_content(head, source)
        text, encoding = _table_text(stream, head)
        lines = _bounded_lines(text, max_bytes, source)
        rows = _teaser_rows(lines, suffix, source)
    except (OSError, EOFError, zlib.error) as error:
        stream.close()
        raise PageError(source, _read_error(error)) from None
    except BaseException:
        stream.close()
        raise
    return _closing(rows, text, source), encoding


def _bounded_lines(text: TextIO, limit: int, source: str) -> Iterator[str]:
    """The lines of ``text``; one longer than ``limit`` characters is a :class:`PageError`
    (without reading it into memory whole)."""
    number = 0
    while line := text.readline(limit + 1):
        number += 1
        if len(line) > limit:
            raise PageError(
                source, f"line {number:,} is longer than {limit:,} characters (--max-bytes)"
            )
        yield line


def _read_error(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"could not be read ({error or type(error).__name__})"


def _closing(rows: Iterator[TableEntry], text: TextIO, source: str) -> Iterator[TableEntry]:
    with text:
        try:
            yield from rows
        except (OSError, EOFError, zlib.error) as error:
            raise PageError(source, _read_error(error)) from None
