"""Tables of teasers (CSV, TSV, JSON Lines), read as a stream of rows, from a file or bytes."""

from __future__ import annotations

import codecs
import csv
import io
import zlib
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

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
from clickbait.pages.jsonrows import TEASER_COLUMNS, MissingColumn, TableEntry, json_entries
from clickbait.pages.lines import LineTooLong, TableLines

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
            encoding = decode(head)[1]
            errors = "clickbait.cp1252" if encoding == "utf-8" else "replace"
    # newline="" keeps line ends as they are, so that quoted newlines stay in CSV fields.
    return io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline=""), encoding


def _table_document(data: bytes, source: str, suffix: str, max_bytes: int) -> Document:
    """A table given as bytes, read by the same row reader as a table file."""
    entries, encoding = _stream_rows(io.BytesIO(data), source, suffix, max_bytes)
    rows: list[dict[str, str]] = []
    positions: list[int] = []
    problems: list[str] = []
    for position, (number, record, problem) in enumerate(entries):
        if record is None:
            problems.append(f"line {number}: {problem}")
        else:
            rows.append(record)
            positions.append(position)
    return Document(
        source,
        "table",
        "",
        encoding,
        rows=tuple(rows),
        problems=tuple(problems),
        positions=tuple(positions),
    )


def parse_table(text: str, suffix: str = "") -> tuple[set[str] | None, list[TableEntry]]:
    """Parse a CSV/TSV or JSON Lines table of teasers, keeping every row's line number.

    Returns ``(header, entries)``: the CSV header's columns (``None`` for JSON Lines)
    and one ``(line, record, problem)`` per non-blank row, where ``record`` is ``None``
    and ``problem`` says why when the row cannot be read. Values are strings.
    Raises :class:`ValueError` for a CSV table whose header cannot be read.
    """
    header, entries = iter_table(io.StringIO(text, newline=""), suffix)
    return header, list(entries)


def iter_table(
    lines: Iterable[str] | TableLines,
    suffix: str = "",
    columns: tuple[str, ...] | None = None,
    required: str | None = None,
) -> tuple[set[str] | None, Iterator[TableEntry]]:
    """:func:`parse_table` over lines as they come (keep their line ends), in constant memory.

    The header is read at once, the entries as they are asked for. A row that breaks
    (a malformed CSV row, a field over the csv module's limit, a line too long for
    :class:`~clickbait.pages.lines.TableLines`) is an entry with its problem, and
    reading goes on after it; ``line`` is where the row starts. With ``columns``, a
    record holds only those (JSON values of other keys are skipped unread). ``required``
    names a field the first row of JSON Lines must have (:class:`MissingColumn`).
    """
    if not isinstance(lines, TableLines):
        lines = TableLines(_as_text(lines), 1 << 62)
    leading: list[str] = []
    while True:
        try:
            line = next(lines)
        except StopIteration:
            break
        except LineTooLong as error:
            raise ValueError(f"line {error.number}: {error}") from None
        leading.append(line.lstrip("\ufeff") if not leading else line)
        if leading[-1].strip():
            break
    first_line = leading[-1] if leading else ""
    if suffix in JSON_SUFFIXES or first_line.lstrip().startswith("{"):
        numbered = chain(enumerate(leading, 1), _numbered_lines(lines))
        return None, json_entries(numbered, columns, required)
    delimiter = "\t" if suffix == ".tsv" or first_line.count("\t") > first_line.count(",") else ","
    offset = len(leading) - 1  # blank lines before the header
    reader = csv.reader(chain(leading[-1:], lines), delimiter=delimiter)
    try:
        names = next(reader, [])
    except csv.Error as error:
        raise ValueError(f"line {offset + reader.line_num}: {error}") from None
    except LineTooLong as error:
        raise ValueError(f"line {error.number}: the header is {error}") from None
    return set(names), _csv_entries(reader, names, lines, columns)


def _as_text(lines: Iterable[str]) -> TextIO:
    """Lines as a stream with ``readline``, for :class:`TableLines`."""
    if isinstance(lines, io.TextIOBase):
        return lines  # type: ignore[return-value]
    return _IterText(iter(lines))


class _IterText(io.TextIOBase):
    """Lines from an iterator, read by ``readline`` (whole lines: they are in memory)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return next(self._lines, "")


def _numbered_lines(lines: TableLines) -> Iterator[tuple[int, str | Exception]]:
    """(number, line) of each line; the error in place of a line too long."""
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except LineTooLong as error:
            yield error.number, error
            continue
        yield lines.number, line


def _csv_entries(
    reader: Any, names: list[str], lines: TableLines, columns: tuple[str, ...] | None
) -> Iterator[TableEntry]:
    keep = [(i, name) for i, name in enumerate(names) if columns is None or name in columns]
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, LineTooLong) as error:
            start = lines.row_start
            problem = _csv_problem(error)
            if not lines.skip_open_quote():
                problem += "; its quoted field runs to the end of the table"
            yield start, None, problem
            continue
        if not row:
            continue  # a blank line
        if len(row) > len(names):
            yield lines.row_start, None, "more fields than the header"
            continue
        record = {name: row[i] if i < len(row) else "" for i, name in keep}
        yield lines.row_start, record, ""


def _csv_problem(error: Exception) -> str:
    if isinstance(error, LineTooLong):
        return f"a line {error}"
    if "field limit" in str(error):
        return f"a field longer than {csv.field_size_limit():,} characters (the CSV limit)"
    return f"not valid CSV ({error})"


def _teaser_rows(lines: TableLines, suffix: str, source: str) -> Iterator[TableEntry]:
    """Entries of a table of teasers: a row without a headline is a problem too.

    Raises :class:`PageError` for a table that has no headline column (for JSON Lines:
    its first row has no ``headline``) or whose header cannot be read.
    """
    try:
        header, entries = iter_table(lines, suffix, TEASER_COLUMNS, "headline")
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
    except MissingColumn as error:
        raise PageError(source, str(error)) from None


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
        rows = _teaser_rows(TableLines(text, max_bytes), suffix, source)
    except (OSError, EOFError, zlib.error) as error:
        stream.close()
        raise PageError(source, _read_error(error)) from None
    except BaseException:
        stream.close()
        raise
    return _closing(rows, text, source), encoding


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
