"""WARC and WET files: one document per page record, skipping over damaged records."""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

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
from clickbait.pages.warcstreams import (
    CHUNK,
    HEADER_LIMIT,
    Bounded,
    Damaged,
    Member,
    Spool,
    TooLarge,
)

GZIP_MEMBER = b"\x1f\x8b\x08"
PLAIN_RECORD = b"WARC/1."
_BLANK = b" \t\r\n"


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
    offset where the record starts, and reading goes on from the next place a record
    starts (a gzip member or a ``WARC/`` line that reads as one): damage costs only
    the records it touches. A stream that cannot seek (a pipe) is kept in a temporary
    file as it is read, for the same reason. Needs the ``warc`` extra (warcio).
    """
    from clickbait.extras import require

    recordloader = require("warcio.recordloader", "warc", "reading WARC files")
    # warcio logs a few repairs (spaces in a URI) as warnings: they are not ours to print.
    logging.getLogger("warcio").addHandler(logging.NullHandler())
    loader = recordloader.ArcWarcRecordLoader(verify_http=False)
    if isinstance(warc, str | Path):
        name = source or str(warc)
        try:
            handle = open(warc, "rb")  # noqa: SIM115 - closed below, the generator owns it
        except OSError as error:
            yield PageError(name, error.strerror or str(error))
            return
        with handle:
            yield from _warc_documents(loader, handle, name, max_bytes)
    elif warc.seekable():
        yield from _warc_documents(loader, warc, source or "-", max_bytes)
    else:
        with Spool(warc) as spool:
            yield from _warc_documents(
                loader, io.BufferedReader(spool, CHUNK), source or "-", max_bytes
            )


def _warc_documents(
    loader: Any, handle: IO[bytes], name: str, max_bytes: int
) -> Iterator[Document | PageError]:
    position: int | None = handle.tell()
    if not _peek(handle):
        yield PageError(name, "empty input")
        return
    budget = 2 * max_bytes + HEADER_LIMIT  # inflated bytes one gzip member may take
    while position is not None:
        position = _skip_blank(handle, position)
        if position is None:
            return
        reader = _Reader(handle, position, budget)
        try:
            yield from _records(loader, reader, name, max_bytes)
            position = reader.end()
        except TooLarge:
            # Past its budget (a bomb, a huge non-page record): not inflated further.
            position = _next_record_start(handle, reader.where + 1)
        except Damaged as error:
            then = "skipped to the next readable record"
            yield PageError(name, f"record at byte {reader.where:,}: damaged, {then} ({error})")
            position = _next_record_start(handle, reader.resume)


class _Reader(Bounded):
    """The records from ``start`` on: one gzip member if one starts there, else
    uncompressed records to the end of the file. :attr:`where` is where the record
    being read starts (a gzip member's records all start at the member)."""

    def __init__(self, handle: IO[bytes], start: int, budget: int) -> None:
        handle.seek(start)
        gzipped = handle.read(len(GZIP_MEMBER)) == GZIP_MEMBER
        self.where = start
        self.last = start  # where the last record read starts
        self._handle = handle
        self._member = Member(handle, start, budget) if gzipped else None
        if self._member is None:
            handle.seek(start)
        super().__init__(io.BufferedReader(self._member, CHUNK) if self._member else handle)

    def mark(self) -> int:
        """Note that a record may start at the next line; its offset."""
        if self._member is None:
            self.where = self._handle.tell()
        return self.where

    @property
    def resume(self) -> int:
        """Where to look for the next record after damage. Garbage where a record should
        start may mean that the last record's length was wrong and it ran over the
        start of the next one: the search starts just after the last record's start."""
        return min(self.last, self.where) + 1

    def end(self) -> int | None:
        """Where to go on once the records are read: after the member, or nowhere."""
        return self._member.end if self._member is not None else None


def _skip_blank(handle: IO[bytes], position: int) -> int | None:
    """The offset of the first byte at or after ``position`` that is not blank, if any."""
    handle.seek(position)
    while chunk := handle.read(CHUNK):
        stripped = chunk.lstrip(_BLANK)
        if stripped:
            return position + len(chunk) - len(stripped)
        position += len(chunk)
    return None


def _records(
    loader: Any, stream: _Reader, name: str, max_bytes: int
) -> Iterator[Document | PageError]:
    """The page records of one gzip member, or of an uncompressed archive from a record
    on. Raises :class:`Damaged` where the bytes stop being records."""
    while True:
        stream.begin()
        position = stream.mark()
        line = stream.readline()
        while line and not line.strip():
            position = stream.mark()
            line = stream.readline()
        if not line:
            return
        if not line.startswith(b"WARC/"):
            raise Damaged("data that is not a readable record")
        stream.last = position
        try:
            record = loader.parse_record_stream(stream, line, known_format="warc")
        except Damaged:
            raise
        except Exception as error:  # warcio raises many types on damaged headers
            raise Damaged(_brief(error)) from None
        stream.begin()  # the payload's lines are not headers
        try:
            item = _record_item(record, name, position, max_bytes)
        except (Damaged, TooLarge):
            raise
        except Exception as error:  # a payload warcio cannot de-chunk, and the like
            raise Damaged(_brief(error)) from None
        if item is not None:
            yield item
        _drain(record)


def _brief(error: Exception) -> str:
    """An exception as one short printable line (warcio quotes the damaged bytes)."""
    text = " ".join(str(error).split())
    text = "".join(c if c.isprintable() and ord(c) < 0x2000 else "?" for c in text)
    return f"{type(error).__name__}: {text[:80]}" if text else type(error).__name__


def _next_record_start(handle: IO[bytes], position: int) -> int | None:
    """The offset of the next readable record at or after ``position``, if any: a gzip
    member or an uncompressed ``WARC/1.`` line that begins a record."""
    overlap = max(len(GZIP_MEMBER), len(PLAIN_RECORD)) - 1
    while True:
        handle.seek(position)
        chunk = handle.read(1 << 20)
        found = [i for i in (chunk.find(GZIP_MEMBER), chunk.find(PLAIN_RECORD)) if i != -1]
        if not found:
            if len(chunk) <= overlap:
                return None
            position += len(chunk) - overlap
            continue
        handle.seek(position + min(found))
        if looks_like_warc(handle.read(4096)):
            return position + min(found)
        position += min(found) + 1


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


def _record_item(
    record: ArcWarcRecord, name: str, position: int, max_bytes: int
) -> Document | PageError | None:
    """The document of a page record, an error, or ``None`` for a record that is not a
    page. A page is read to its end first, so that a truncated one raises
    :class:`Damaged` instead; an oversized one is not (its end may be a gzip bomb's)."""
    kind = _record_kind(record)
    if kind is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{name}@{position}"
    where = f"record at byte {position:,} of {name}"
    data = _payload(record, max_bytes)
    if len(data) > max_bytes:
        return PageError(uri, f"{where}: larger than {max_bytes:,} bytes (--max-bytes)")
    _drain(record)
    if not data.strip():
        return None
    try:
        data = _undo_encoding(record, data, max_bytes)
    except PageError as error:
        return PageError(uri, f"{where}: {error.reason}")
    if kind == "sniff":
        if _sniff_kind(data[:4096].decode("utf-8", errors="replace")) != "html":
            return None
        kind = "html"
    try:
        document = read_bytes(data, uri, "page.html" if kind == "html" else "page.txt", max_bytes)
    except PageError as error:
        return PageError(uri, f"{where}: {error.reason}")
    return replace(document, url=uri)


def _payload(record: ArcWarcRecord, max_bytes: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes of a record's payload, chunked transfer undone."""
    stream: Any = record.raw_stream
    headers = record.http_headers
    if headers is not None and (headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
        from warcio.bufferedreaders import ChunkedDataReader

        stream = ChunkedDataReader(stream)  # (no decoding: done below, with a limit)
    parts, size = [], 0
    while size <= max_bytes and (part := stream.read(min(CHUNK, max_bytes + 1 - size))):
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _drain(record: ArcWarcRecord) -> None:
    """Read a record to its end; one whose archive ends first is :class:`Damaged`."""
    raw = record.raw_stream
    while raw.read(CHUNK):
        pass
    # The reader counts down the declared length: bytes still owed mean the archive
    # (or its gzip member) ended inside this record.
    if getattr(raw, "limit", 0) > 0:
        raise Damaged("truncated record")


def _undo_encoding(record: ArcWarcRecord, data: bytes, max_bytes: int) -> bytes:
    """The payload with its HTTP Content-Encoding undone (gzip is undone by
    :func:`read_bytes`, within ``max_bytes``)."""
    headers = record.http_headers
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower() if headers else ""
    if encoding == "deflate":
        for wbits in (15, -15):  # zlib-wrapped as the standard says, or raw as servers send
            inflate = zlib.decompressobj(wbits=wbits)
            try:
                out = inflate.decompress(data, max_bytes + 1)
            except zlib.error:
                continue
            if len(out) > max_bytes or inflate.unconsumed_tail:
                raise PageError("", f"decompresses to more than {max_bytes:,} bytes (--max-bytes)")
            return out
        raise PageError("", "corrupt deflate data")
    if encoding == "br":
        try:
            import brotli
        except ImportError:
            raise PageError("", "brotli-compressed: needs the brotli package") from None
        try:
            out = brotli.Decompressor().process(data, output_buffer_limit=max_bytes + 1)
        except brotli.error:
            raise PageError("", "corrupt brotli data") from None
        if len(out) > max_bytes:
            raise PageError("", f"decompresses to more than {max_bytes:,} bytes (--max-bytes)")
        return out
    return data
