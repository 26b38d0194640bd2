"""Files and folders: one file's bytes to a :class:`~clickbait.pages.document.Document`,
and the files a folder holds."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

from clickbait.pages.decode import _check_content, _decompress, decode
from clickbait.pages.document import (
    DEFAULT_MAX_BYTES,
    GZIP_MAGIC,
    HTML_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    Document,
    DocumentKind,
    PageError,
    _open,
    _sniff_kind,
    _strip_compression,
)
from clickbait.pages.tables import _table_document


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
