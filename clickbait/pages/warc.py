"""WARC and WET files: one document per page record, skipping over damaged records."""

from __future__ import annotations

import zlib
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import ModuleType

    from warcio.recordloader import ArcWarcRecord

from clickbait.pages.document import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    HTML_TYPES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    WARC_SUFFIXES,
    Document,
    PageError,
    _sniff_kind,
    _strip_compression,
)
from clickbait.pages.files import read_bytes


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
    ``conversion`` records plain-text ones; each document's ``source`` and ``url``
    are the record's ``WARC-Target-URI``. Other records (requests, metadata, images,
    scripts, revisits, empty bodies) are skipped. ``max_bytes`` caps each record's
    payload, after any HTTP content encoding is undone.

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
    return replace(document, url=uri)
