"""The lines of a table, each read in bounded memory, with what CSV needs to skip a bad row.

A line longer than the limit is read to its end in pieces and dropped: the reader
raises :class:`LineTooLong` in its place, and the next line is read as usual. For CSV,
the reader also knows where the row being read started and whether it is inside a
quoted field, so that a row that breaks (a field over the csv module's limit, a line
too long) can be skipped to its real end: a quoted field may span lines.
"""

from __future__ import annotations

from typing import TextIO

_LINE_ENDS = ("\n", "\r")


class LineTooLong(Exception):
    """A line longer than the limit; it was read to its end and dropped."""

    def __init__(self, number: int, limit: int) -> None:
        super().__init__(f"longer than {limit:,} characters (--max-bytes)")
        self.number = number


class TableLines:
    """The lines of a text stream, as an iterator (what :mod:`csv` reads), counting them.

    ``limit`` caps a line, its line end included. :meth:`start_row` marks where a row
    begins: :attr:`row_start` is then the number of the first line read after it, and
    :attr:`quotes` counts the ``"`` read since, so that :meth:`skip_open_quote` can
    finish a quoted field that a broken row left open.
    """

    def __init__(self, text: TextIO, limit: int) -> None:
        self.text = text
        self.limit = limit
        self.number = 0  # lines read
        self.row_start = 0
        self.quotes = 0
        self._row_started = False

    def __iter__(self) -> TableLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if not self._row_started:
            self._row_started = True
            self.row_start = self.number
        self.quotes += line.count('"')
        if len(line) > self.limit:
            self._drop_rest(line)
            raise LineTooLong(self.number, self.limit)
        return line

    def _drop_rest(self, line: str) -> None:
        """Read the rest of an overlong line in pieces of at most ``limit`` characters."""
        while not line.endswith(_LINE_ENDS):
            line = self.text.readline(self.limit + 1)
            if not line:
                return
            self.quotes += line.count('"')

    def start_row(self) -> None:
        """The next line read begins a row."""
        self._row_started = False
        self.quotes = 0

    def skip_open_quote(self) -> bool:
        """After a broken CSV row: if it left a quoted field open (an odd number of
        quotes), skip lines until the field closes. ``False`` when the input ends first."""
        while self.quotes % 2:
            try:
                next(self)
            except LineTooLong:
                continue
            except StopIteration:
                return False
        return True
