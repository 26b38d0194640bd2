"""Read bytes into documents: HTML pages, plain-text scrapes, tables of teasers, WARC files.

A :class:`Document` is decoded text plus what kind of input it is. Reading is strict
about what it cannot handle (binary files, oversized inputs) and raises
:class:`PageError` with a reason a person can act on; it is lenient about what real
scrapes look like (gzip, missing or wrong charset declarations, byte-order marks).

A WARC (or WET) file holds many pages: :func:`read_warc` yields one document per page
record, and :func:`read_inputs` turns a list of paths, folders and WARC files alike
into one stream of documents.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, BinaryIO, Literal, TextIO

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

DocumentKind = Literal["html", "text", "table"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
# How much of a table is read to choose its encoding (as much as the encoding guess reads).
TABLE_HEAD_BYTES = 256 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
TEXT_SUFFIXES = {".txt", ".text"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
HTML_TYPES = {"text/html", "application/xhtml+xml"}


class PageError(Exception):
    """An input that cannot be read as a page; ``str(error)`` says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """Decoded input. ``rows`` holds the teasers of a table; ``problems`` the rows skipped;
    ``url`` is the page's own address where the page states it (:func:`page_url`)."""

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
    if data.startswith(b"WARC/"):
        raise PageError(source, "a WARC archive of many pages: read it with read_warc")
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
    return Document(source, kind, text, encoding, url=page_url(text) if kind == "html" else "")


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


# Tags are bounded in length so that unclosed ones cannot make the scan quadratic.
_HEAD_TAG = re.compile(r"<(link|meta|base)\b([^<>]{0,4000})>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\b", re.IGNORECASE)
# A name starts a token (the look-behind keeps long runs of name characters linear).
_ATTRIBUTE = re.compile(r"""(?<![^\s/"'])([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def page_url(html: str) -> str:
    """The address a page gives for itself: ``<link rel="canonical">``, else
    ``<meta property="og:url">``, else ``<base href>``; only absolute addresses count.
    Returns ``""`` when the page states none."""
    from html import unescape
    from urllib.parse import urlsplit

    head_end = _HEAD_END.search(html)
    found: dict[str, str] = {}
    for match in _HEAD_TAG.finditer(html, 0, head_end.start() if head_end else len(html)):
        attributes = {
            m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "").strip()
            for m in _ATTRIBUTE.finditer(match.group(2))
        }
        tag = match.group(1).lower()
        if tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            key, value = "canonical", attributes.get("href", "")
        elif tag == "meta" and "og:url" in (attributes.get("property"), attributes.get("name")):
            key, value = "og:url", attributes.get("content", "")
        elif tag == "base":
            key, value = "base", attributes.get("href", "")
        else:
            continue
        if key not in found and urlsplit(value).netloc:
            found[key] = value
    return next((found[k] for k in ("canonical", "og:url", "base") if k in found), "")


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
        head = handle.read(TABLE_HEAD_BYTES)
        handle.seek(0)
        if head[:2] == GZIP_MAGIC:  # gzipped, whatever its name: streamed as well
            import gzip

            handle.close()
            handle = gzip.open(path, "rb")  # type: ignore[assignment]  # noqa: SIM115 - the rows own it
            head = handle.read(TABLE_HEAD_BYTES)
            handle.seek(0)
        _check_content(head, source)
        text, _ = _table_text(handle, head)
        lines = _bounded_lines(text, max_bytes, source)
        rows = _teaser_rows(lines, path.suffix.lower(), source)
    except (OSError, EOFError, zlib.error) as error:
        handle.close()
        raise PageError(source, _read_error(error)) from None
    except BaseException:
        handle.close()
        raise
    return _closing(rows, text, source)


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


def read_inputs(
    inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | PageError]:
    """Every document of ``inputs``, in order, and a :class:`PageError` for each failure.

    Files give one document each, folders are walked (:func:`expand_inputs`), and a WARC
    or WET file (by name, or by its first bytes; on standard input too) gives one
    document per page record (:func:`read_warc`). Errors are yielded, not raised, so
    one unreadable input never stops the others.
    """
    from clickbait.extras import MissingExtra

    for path in expand_inputs(inputs):
        warc = sys.stdin.buffer if path == "-" else path
        if looks_like_warc(_peek(sys.stdin.buffer)) if path == "-" else is_warc(path):
            try:
                yield from read_warc(warc, max_bytes, source=path)
            except MissingExtra as error:
                yield PageError(path, str(error))
            continue
        try:
            item: Document | PageError = read_path(path, max_bytes)
        except PageError as error:
            item = error
        except MemoryError:
            item = PageError(path, "too large to process in memory")
        except Exception as error:  # a defect must not cost the other inputs their results
            item = PageError(path, f"internal error ({type(error).__name__}: {error})")
        yield item


# -- WARC and WET files ----------------------------------------------------------------


def looks_like_warc(head: bytes) -> bool:
    """Whether bytes (the start of a file, gzipped or not) begin a WARC record."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def is_warc(path: str | Path) -> bool:
    """A WARC or WET file: by its name, or by its first bytes when the name says nothing."""
    name = str(path).lower()
    if name.endswith(WARC_SUFFIXES):
        return True
    _, suffix = _strip_compression(name)
    if suffix in HTML_SUFFIXES | TEXT_SUFFIXES | TABLE_SUFFIXES:
        return False
    try:
        with open(path, "rb") as handle:
            return looks_like_warc(handle.read(512))
    except OSError:
        return False  # read_path reports it


def _peek(stream: IO[bytes], size: int = 512) -> bytes:
    if hasattr(stream, "peek"):
        return stream.peek(size)[:size]
    if stream.seekable():
        start = stream.tell()
        head = stream.read(size)
        stream.seek(start)
        return head
    return b""


def read_warc(
    warc: str | Path | IO[bytes], max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None
) -> Iterator[Document | PageError]:
    """One :class:`Document` per page record of a WARC or WET file (gzipped or not).

    HTML ``response`` and ``resource`` records become HTML documents, WET
    ``conversion`` records plain-text ones; each document's ``source`` is the record's
    ``WARC-Target-URI``, and so is its ``url`` unless the page states its own
    address. Other records (requests, metadata, images, scripts, revisits, empty
    bodies) are skipped. ``max_bytes`` caps each record's payload, after any HTTP
    content encoding is undone.

    A record that cannot be read (corrupt gzip data, a truncated record, an oversized
    or binary payload) is yielded as a :class:`PageError` naming the file and the byte
    offset where the record starts, and reading goes on with the next record: in a
    damaged file, from the next place a record starts (gzip member or ``WARC/``
    line). Needs the ``warc`` extra (warcio).
    """
    from clickbait.extras import require

    archive = require("warcio.archiveiterator", "warc", "reading WARC files")
    if isinstance(warc, str | Path):
        name = source or str(warc)
        try:
            handle = open(warc, "rb")  # noqa: SIM115 - closed below, the generator owns it
        except OSError as error:
            yield PageError(name, error.strerror or str(error))
            return
        with handle:
            yield from _warc_documents(archive, handle, name, max_bytes)
    else:
        yield from _warc_documents(archive, warc, source or "-", max_bytes)


def _warc_documents(
    archive: ModuleType, handle: IO[bytes], name: str, max_bytes: int
) -> Iterator[Document | PageError]:
    seekable = handle.seekable()
    start = handle.tell() if seekable else 0
    head = _peek(handle)
    if not head:
        yield PageError(name, "empty input")
        return
    gzipped = head[:2] == b"\x1f\x8b"
    while True:
        if seekable:
            handle.seek(start)
        records = archive.ArchiveIterator(handle)
        position = start  # where the record being read starts
        try:
            for record in records:
                item = _record_document(record, name, position, max_bytes)
                # Reads to the record's end, so a damaged tail is caught here.
                position = records.get_record_offset() + records.get_record_length()
                if item is not None:
                    yield item
        except Exception as error:  # warcio and zlib raise many types on damaged data
            problem = _brief(error)
        else:
            # warcio stops quietly at a gzip member it cannot inflate: bytes left after
            # the last record read mean such damage.
            if not seekable or _only_blank_after(handle, position):
                return
            problem = "data that is not a readable record"
        then = "skipped to the next readable record" if seekable else "the rest was not read"
        yield PageError(name, f"record at byte {position:,}: damaged, {then} ({problem})")
        if not seekable:
            return
        resume = _next_record_start(handle, position + 1, gzipped)
        if resume is None:
            return
        start = resume


def _brief(error: Exception) -> str:
    """An exception as one short printable line (warcio quotes the damaged bytes)."""
    text = " ".join(str(error).split())
    text = "".join(c if c.isprintable() and ord(c) < 0x2000 else "?" for c in text)
    return f"{type(error).__name__}: {text[:80]}" if text else type(error).__name__


def _only_blank_after(handle: IO[bytes], position: int) -> bool:
    handle.seek(position)
    while chunk := handle.read(1 << 16):
        if chunk.strip():
            return False
    return True


def _next_record_start(handle: IO[bytes], position: int, gzipped: bool) -> int | None:
    """The offset of the next readable record at or after ``position``, if any."""
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    while True:
        handle.seek(position)
        chunk = handle.read(1 << 20)
        found = chunk.find(marker)
        if found == -1:
            if len(chunk) < len(marker):
                return None
            position += len(chunk) - len(marker) + 1
            continue
        handle.seek(position + found)
        if looks_like_warc(handle.read(512)):
            return position + found
        position += found + 1


def _record_kind(record: ArcWarcRecord) -> str | None:
    """ "html", "text", "sniff" (no declared type) or None for records that are not pages."""
    if record.rec_type == "conversion":
        mime = (record.content_type or "text/plain").split(";")[0].strip().lower()
        return "text" if mime == "text/plain" else None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        declared = record.http_headers.get_header("Content-Type") or record.rec_headers.get_header(
            "WARC-Identified-Payload-Type"
        )
    elif record.rec_type == "resource":
        declared = record.content_type
    else:
        return None
    mime = (declared or "").split(";")[0].strip().lower()
    if not mime:
        return "sniff"
    return "html" if mime in HTML_TYPES else None


def _record_document(
    record: ArcWarcRecord, name: str, position: int, max_bytes: int
) -> Document | PageError | None:
    kind = _record_kind(record)
    if kind is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{name}@{position}"
    where = f"record at byte {position:,} of {name}"
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return PageError(uri, f"{where}: larger than {max_bytes:,} bytes (--max-bytes)")
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    # warcio's reader counts down the declared length: bytes still owed mean the
    # archive ended (or its gzip member broke off) inside this record.
    if getattr(raw, "limit", 0) > 0:
        return PageError(uri, f"{where}: truncated record")
    if not data.strip():
        return None
    if kind == "sniff":
        if _sniff_kind(data[:4096].decode("utf-8", errors="replace")) != "html":
            return None
        kind = "html"
    try:
        document = read_bytes(data, uri, "page.html" if kind == "html" else "page.txt", max_bytes)
    except PageError as error:
        return PageError(uri, f"{where}: {error.reason}")
    return replace(document, url=document.url or uri)
