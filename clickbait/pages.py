"""Read bytes into documents: HTML pages, plain-text scrapes and tables of teasers.

A :class:`Document` is decoded text plus what kind of input it is. Reading is strict
about what it cannot handle (binary files, oversized inputs) and raises
:class:`PageError` with a reason a person can act on; it is lenient about what real
scrapes look like (gzip, missing or wrong charset declarations, byte-order marks).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

DocumentKind = Literal["html", "text", "table"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
# How much of a table is read to choose its encoding (as much as the encoding guess reads).
TABLE_HEAD_BYTES = 256 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
TEXT_SUFFIXES = {".txt", ".text"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}


class PageError(Exception):
    """An input that cannot be read as a page; ``str(error)`` says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """Decoded input. ``rows`` holds the teasers of a table; ``problems`` the rows skipped."""

    source: str
    kind: DocumentKind
    text: str = ""
    encoding: str = ""
    url: str = ""
    rows: tuple[dict[str, str], ...] = ()
    problems: tuple[str, ...] = field(default=())


def _strip_compression(name: str) -> tuple[str, str]:
    """(name without a .gz suffix, lowercased suffix of what is left)."""
    base = name[:-3] if name.lower().endswith(".gz") else name
    return base, Path(base).suffix.lower()


def _decompress(data: bytes, source: str, max_bytes: int) -> bytes:
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as error:
        raise PageError(source, f"corrupt gzip data ({error})") from None
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise PageError(source, f"decompresses to more than {max_bytes:,} bytes (--max-bytes)")
    if not decompressor.eof:
        raise PageError(source, "truncated or corrupt gzip data")
    return out


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """Decode page bytes as a browser would, but trust the bytes over a wrong label.

    Order: byte-order mark; valid UTF-8; the encoding declared in the page (HTML meta or
    XML declaration, with browsers' aliases such as ISO-8859-1 -> windows-1252); a
    statistical guess; windows-1252. Returns ``(text, encoding)``.
    """
    from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return data[len(bom) :].decode(bom_encoding, errors="replace"), bom_encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = html_body_declared_encoding(data) if html else None
    if declared:
        resolved = resolve_encoding(declared)
        if resolved and resolved not in {"utf-8", "utf8"}:
            try:
                return data.decode(resolved), resolved
            except (UnicodeDecodeError, LookupError):
                pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[: 256 * 1024]))
    encoding = matches[0].encoding if matches else "cp1252"
    # Short Western pages fit several single-byte code pages about equally well; the
    # web's own default, windows-1252, wins when it reads the bytes nearly as cleanly.
    for match in matches:
        if match.encoding in {"cp1252", "latin_1", "iso8859_15"} and (
            match.chaos <= matches[0].chaos + 0.1
        ):
            encoding = "cp1252"
            break
    encoding = codecs.lookup(encoding).name
    return data.decode(encoding, errors="replace"), encoding


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def _sniff_kind(text: str) -> DocumentKind:
    start = text.lstrip()[:2048].lower()
    if start.startswith("<") or "<html" in start or "<body" in start:
        return "html"
    if start.startswith("{"):
        return "table"
    first_line = start.split("\n", 1)[0]
    if "headline" in first_line and ("," in first_line or "\t" in first_line):
        return "table"
    return "text"


def read_bytes(
    data: bytes, source: str = "-", name: str = "", max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Turn raw bytes into a :class:`Document`.

    ``name`` (a file name) helps choose the kind: ``.html``, ``.txt``, ``.csv``,
    ``.jsonl`` and the same with ``.gz``; otherwise the content decides.
    """
    if len(data) > max_bytes:
        raise PageError(source, f"larger than {max_bytes:,} bytes (--max-bytes)")
    if data[:2] == GZIP_MAGIC:
        data = _decompress(data, source, max_bytes)
    _check_content(data, source)
    _, suffix = _strip_compression(name)
    if suffix in TABLE_SUFFIXES:
        kind: DocumentKind = "table"
    elif suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = _sniff_kind(data[:4096].decode("utf-8", errors="replace"))
    if kind == "table":
        return _table_document(data, source, suffix)
    text, encoding = decode(data, html=kind == "html")
    return Document(source, kind, text, encoding)


def _check_content(head: bytes, source: str) -> None:
    if not head.strip():
        raise PageError(source, "empty input")
    if _looks_binary(head):
        raise PageError(source, "binary data, not a page or a table of teasers")


def _utf8_with_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 are read as windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("clickbait.cp1252", _utf8_with_cp1252)


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


def _table_document(data: bytes, source: str, suffix: str) -> Document:
    text, encoding = _table_text(io.BytesIO(data), data[:TABLE_HEAD_BYTES])
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for number, record, problem in _teaser_rows(text, suffix, source):
        if record is None:
            problems.append(f"line {number}: {problem}")
        else:
            rows.append(record)
    return Document(source, "table", "", encoding, rows=tuple(rows), problems=tuple(problems))


TableEntry = tuple[int, dict[str, str] | None, str]


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


JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}


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


def _open(path: Path, source: str) -> BinaryIO:
    try:
        if path.is_dir():
            raise PageError(source, "is a folder")
        return open(path, "rb")
    except PageError:
        raise
    except FileNotFoundError:
        raise PageError(source, "no such file (or a broken link)") from None
    except PermissionError:
        raise PageError(source, "permission denied") from None
    except OSError as error:
        raise PageError(source, error.strerror or str(error)) from None


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file; ``"-"`` reads standard input. Raises :class:`PageError`."""
    import sys

    source = str(path)
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_bytes(data, "-", "", max_bytes)
    path = Path(path)
    try:
        with _open(path, source) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise PageError(source, error.strerror or str(error)) from None
    try:
        return read_bytes(data, source, path.name, max_bytes)
    except PageError as error:
        raise PageError(source, error.reason) from None


def is_table_file(source: str) -> bool:
    """Whether a path names a table of teasers that :func:`read_table` can stream."""
    return source != "-" and Path(source).suffix.lower() in TABLE_SUFFIXES


def read_table(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[TableEntry]:
    """The rows of a CSV/TSV or JSON Lines file of teasers, read as they are asked for.

    Yields ``(line, record, problem)`` as :func:`parse_table` does, with rows that have
    no headline as problems; memory does not grow with the file. A file that cannot be
    read as a table raises :class:`PageError` here; one that breaks further down (a
    malformed CSV line) raises it when that line is reached.
    """
    source = str(path)
    path = Path(path)
    handle = _open(path, source)
    try:
        if os.fstat(handle.fileno()).st_size > max_bytes:
            raise PageError(source, f"larger than {max_bytes:,} bytes (--max-bytes)")
        head = handle.read(TABLE_HEAD_BYTES)
        stream: BinaryIO = handle
        if head[:2] == GZIP_MAGIC:  # gzipped despite its name: read it whole, within the limit
            data = _decompress(head + handle.read(max_bytes + 1), source, max_bytes)
            handle.close()
            stream, head = io.BytesIO(data), data[:TABLE_HEAD_BYTES]
        else:
            handle.seek(0)
        _check_content(head, source)
        text, _ = _table_text(stream, head)
        rows = _teaser_rows(text, path.suffix.lower(), source)
    except OSError as error:
        handle.close()
        raise PageError(source, error.strerror or str(error)) from None
    except BaseException:
        handle.close()
        raise
    return _closing(rows, text, source)


def _closing(rows: Iterator[TableEntry], text: TextIO, source: str) -> Iterator[TableEntry]:
    with text:
        try:
            yield from rows
        except OSError as error:
            raise PageError(source, error.strerror or str(error)) from None


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files as given, folders walked recursively in sorted order (hidden entries skipped)."""
    for item in inputs:
        if item != "-" and os.path.isdir(item):
            for root, dirs, files in os.walk(item):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield item
