"""The byte streams a WARC file is read through: one gzip member at a time, lines and
headers in bounded memory, and standard input made seekable.

warcio parses each record's headers; these streams decide how much it may read. A
gzip member is inflated here, not by warcio, so that damage to it is an exception with
the member's offset (warcio prints zlib's message on stderr and stops at the member),
and inflating stops at a budget, so that a gzip bomb inside an archive costs seconds,
not hours.
"""

from __future__ import annotations

import io
import tempfile
import zlib
from typing import IO

CHUNK = 1 << 16
# The most a record's header block (WARC and HTTP headers) may hold.
HEADER_LIMIT = 1 << 20


class Damaged(Exception):
    """Bytes that cannot be read as a record; ``str(error)`` says why."""


class TooLarge(Exception):
    """A gzip member that inflates to more than its budget."""


class Member(io.RawIOBase):
    """The inflated bytes of the gzip member starting at ``start`` of ``handle``.

    Raises :class:`Damaged` for corrupt or truncated data, and :class:`TooLarge` past
    ``budget`` inflated bytes. Once read to its end, :attr:`end` is the offset of the
    byte after the member.
    """

    def __init__(self, handle: IO[bytes], start: int, budget: int) -> None:
        super().__init__()
        handle.seek(start)
        self._handle = handle
        self._start = start
        self._budget = budget
        self._inflate = zlib.decompressobj(wbits=31)
        self._fed = 0  # compressed bytes read from the handle
        self._left = b""  # compressed bytes read but not yet inflated
        self.inflated = 0
        self.end: int | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while True:
            if self.end is not None:
                return 0
            if not self._left:
                self._left = self._handle.read(CHUNK)
                self._fed += len(self._left)
                if not self._left:
                    raise Damaged("the archive ends inside a gzip member")
            try:
                out = self._inflate.decompress(self._left, len(buffer))
            except zlib.error as error:
                raise Damaged(f"corrupt gzip data ({error})") from None
            self._left = self._inflate.unconsumed_tail
            if self._inflate.eof:
                self.end = self._start + self._fed - len(self._inflate.unused_data)
            if out:
                self.inflated += len(out)
                if self.inflated > self._budget:
                    raise TooLarge(f"inflates to more than {self._budget:,} bytes")
                buffer[: len(out)] = out
                return len(out)


class Bounded:
    """A buffered stream whose lines are cut at :data:`HEADER_LIMIT`, and whose header
    lines (read since :meth:`begin`) may not add up to more than that either."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._header_bytes = 0

    def begin(self) -> None:
        self._header_bytes = 0

    def readline(self, size: int | None = -1) -> bytes:
        limit = HEADER_LIMIT if size is None or size < 0 else min(size, HEADER_LIMIT)
        line = self._stream.readline(limit)
        self._header_bytes += len(line)
        if self._header_bytes > HEADER_LIMIT:
            raise Damaged(f"headers longer than {HEADER_LIMIT:,} bytes")
        return line

    def read(self, size: int | None = -1) -> bytes:
        return self._stream.read(CHUNK if size is None or size < 0 else size)


class Spool(io.RawIOBase):
    """A stream that can only be read forward, made seekable: what has been read is
    kept in a temporary file (on disk past a few megabytes)."""

    def __init__(self, source: IO[bytes]) -> None:
        super().__init__()
        self._source = source
        self._copy = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - closed with the spool
        self._size = 0
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self._position >= self._size:
            data = self._source.read(len(buffer))
            if not data:
                return 0
            self._copy.seek(self._size)
            self._copy.write(data)
            self._size += len(data)
        self._copy.seek(self._position)
        count = self._copy.readinto(buffer[: self._size - self._position])
        self._position += count
        return count

    def close(self) -> None:
        self._copy.close()
        super().close()
