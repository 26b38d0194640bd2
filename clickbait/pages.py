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
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DocumentKind = Literal["html", "text", "table"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
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
    if data[:2] == b"\x1f\x8b":
        data = _decompress(data, source, max_bytes)
    if not data.strip():
        raise PageError(source, "empty input")
    if _looks_binary(data):
        raise PageError(source, "binary data, not a page or a table of teasers")
    _, suffix = _strip_compression(name)
    if suffix in TABLE_SUFFIXES:
        kind: DocumentKind = "table"
    elif suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = _sniff_kind(data[:4096].decode("utf-8", errors="replace"))
    text, encoding = decode(data, html=kind == "html")
    if kind != "table":
        return Document(source, kind, text, encoding, url=page_url(text) if kind == "html" else "")
    try:
        rows, problems = _table_rows(text, suffix)
    except PageError as error:
        raise PageError(source, error.reason) from None
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
    text = text.lstrip("\ufeff")
    entries: list[TableEntry] = []
    if suffix in {".jsonl", ".ndjson", ".json"} or text.lstrip().startswith("{"):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                entries.append((number, None, f"not valid JSON ({error.msg})"))
                continue
            if not isinstance(record, dict):
                entries.append((number, None, "not a JSON object"))
                continue
            entries.append(
                (number, {k: "" if v is None else str(v) for k, v in record.items()}, "")
            )
        return None, entries
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if suffix == ".tsv" or first_line.count("\t") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = set(reader.fieldnames or ())
        for record in reader:
            if None in record:
                entries.append((reader.line_num, None, "more fields than the header"))
            else:
                entries.append((reader.line_num, {k: v or "" for k, v in record.items()}, ""))
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: {error}") from None
    return header, entries


def _table_rows(text: str, suffix: str) -> tuple[list[dict[str, str]], list[str]]:
    """Rows of a table of teasers; unreadable rows and rows without a headline are
    skipped and described."""
    try:
        header, entries = parse_table(text, suffix)
    except ValueError as error:
        raise PageError("table", f"not a valid CSV table ({error})") from None
    if header is not None and "headline" not in header:
        raise PageError("table", "no 'headline' column in the header")
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for number, record, problem in entries:
        if record is not None and not record.get("headline", "").strip():
            problem = "empty headline"
        if problem:
            problems.append(f"line {number}: {problem}")
        else:
            rows.append(record)
    return rows, problems


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file; ``"-"`` reads standard input. Raises :class:`PageError`."""
    import sys

    source = str(path)
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_bytes(data, "-", "", max_bytes)
    path = Path(path)
    try:
        if path.is_dir():
            raise PageError(source, "is a folder")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PageError:
        raise
    except FileNotFoundError:
        raise PageError(source, "no such file (or a broken link)") from None
    except PermissionError:
        raise PageError(source, "permission denied") from None
    except OSError as error:
        raise PageError(source, error.strerror or str(error)) from None
    try:
        return read_bytes(data, source, path.name, max_bytes)
    except PageError as error:
        raise PageError(source, error.reason) from None


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
