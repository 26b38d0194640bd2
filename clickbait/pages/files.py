"""Files and folders: one file's bytes to a :class:`~clickbait.pages.document.Document`,
and the files a folder holds."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

from clickbait.pages.decode import _check_content, _decompress, decode, text_head
from clickbait.pages.document import (
    DEFAULT_MAX_BYTES,
    GZIP_MAGIC,
    HTML_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    WARC_SUFFIXES,
    Document,
    DocumentKind,
    PageError,
    _open,
    _sniff_kind,
    _strip_compression,
)
from clickbait.pages.tables import _table_document, read_table


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
        head, bom_encoding = text_head(data[:4096])
        kind = _sniff_kind(head.decode(bom_encoding or "utf-8", errors="replace"))
    if kind == "table":
        return _table_document(data, source, suffix, max_bytes)
    text, encoding = decode(data, html=kind == "html")
    return Document(source, kind, text, encoding)


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


# What a folder is read for: files named as pages, scrapes, tables or WARC files
# (gzipped or not), and files with no suffix at all, whose content decides.
FOLDER_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | TABLE_SUFFIXES | {".warc", ".wet", ""}

Skipped = Callable[[str, str], None]


def expand_inputs(inputs: Iterable[str], skipped: Skipped | None = None) -> Iterator[str]:
    """Files as given, folders walked recursively in sorted order.

    A file given by name is always read (a named pipe too: ``<(zcat x.html.gz)``). In a
    folder, only what can be an input is: regular files named as pages, scrapes,
    tables or WARC files (gzipped or not) or with no suffix at all, and tables that
    have a ``headline`` column. Hidden entries, other files (``README.md``, images),
    named pipes and devices, tables of something else (``index.tsv``) and links back
    to a folder already walked are skipped; ``skipped(path, why)`` is told of each.
    Linked folders are followed.
    """
    for item in inputs:
        if item != "-" and os.path.isdir(item):
            yield from _walk(item, skipped or _ignore, {os.path.realpath(item)})
        else:
            yield item


def _ignore(path: str, why: str) -> None:
    pass


def _walk(folder: str, skipped: Skipped, seen: set[str]) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        skipped(folder, f"cannot be listed ({error.strerror or error})")
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        if entry.name.startswith("."):
            skipped(path, "hidden")
            continue
        try:
            is_folder = entry.is_dir()  # (links followed)
        except OSError:
            is_folder = False
        if is_folder:
            real = os.path.realpath(path)
            if real in seen:
                skipped(path, "a link to a folder already read")
                continue
            yield from _walk(path, skipped, seen | {real})
            continue
        why = _not_an_input(path)
        if why:
            skipped(path, why)
        else:
            yield path


def _not_an_input(path: str) -> str:
    """Why a file in a folder is not read, or ``""``."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return ""  # a broken link: read_path names it
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
        )
        return f"not a regular file ({kind})"
    name = os.path.basename(path).lower()
    _, suffix = _strip_compression(name)
    if not name.endswith(WARC_SUFFIXES) and suffix not in FOLDER_SUFFIXES:
        return "not a page, table or WARC file by its name"
    if suffix in TABLE_SUFFIXES and not _has_headlines(path):
        return "a table without a 'headline' column"
    return ""


def _has_headlines(path: str) -> bool:
    """Whether a table's header (or first JSON row) has a headline; an unreadable table
    counts as one, so that reading it says what is wrong."""
    try:
        rows = read_table(path)
        try:
            next(rows, None)
        finally:
            rows.close()  # type: ignore[attr-defined]
    except PageError as error:
        return "'headline'" not in error.reason
    return True
