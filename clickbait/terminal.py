"""Text tables for people: columns that fit the terminal's width, text left-aligned and
wrapped, never cut.

Only the standard library is used, so a table costs no import: a cell's width on screen
is counted with :mod:`unicodedata` (wide East Asian characters take two columns,
combining marks none), and control characters are shown as spaces so that a headline
can never move the cursor or recolour the terminal.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Narrower than this, a table of five columns cannot be read however it is wrapped.
MIN_WIDTH = 40
GAP = "  "
_SPACE = re.compile(r"\s+")


def terminal_width(default: int = 80) -> int:
    """The width of the terminal the output goes to: ``$COLUMNS`` when set, else the
    terminal's own, else ``default`` (output into a pipe or a file)."""
    return max(MIN_WIDTH, shutil.get_terminal_size((default, 24)).columns)


def clean(value: object) -> str:
    """A cell's text on one line: runs of whitespace (newlines, tabs) become one space
    and other control characters a space, so that nothing but the text reaches the
    terminal."""
    text = _SPACE.sub(" ", str(value)).strip()
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _pieces(word: str, width: int) -> list[str]:
    """A word wider than ``width`` in pieces that fit: split after each ``/`` first
    (paths, addresses), then wherever the width runs out."""
    pieces: list[str] = []
    for part in re.split(r"(?<=/)(?=.)", word):
        while display_width(part) > width:
            taken, used = 0, 0
            while taken < len(part) and used + _char_width(part[taken]) <= width:
                used += _char_width(part[taken])
                taken += 1
            taken = max(taken, 1)
            pieces.append(part[:taken])
            part = part[taken:]
        if pieces and display_width(pieces[-1] + part) <= width:
            pieces[-1] += part
        elif part:
            pieces.append(part)
    return pieces


def wrap(value: object, width: int) -> list[str]:
    """``value`` as lines of at most ``width`` columns, broken between words; a word
    too wide for a line is broken after a ``/``, else anywhere. Always one line or more."""
    text = clean(value)
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if display_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _pieces(word, width)
        lines.extend(pieces[:-1])
        line = pieces[-1] if pieces else ""
    if line or not lines:
        lines.append(line)
    return lines


def _pad(text: str, width: int, right: bool) -> str:
    room = " " * max(0, width - display_width(text))
    return room + text if right else text + room


@dataclass(frozen=True)
class Column:
    """A column of a text table: its name, its width in columns, and whether its
    cells are numbers (right-aligned)."""

    name: str
    width: int
    right: bool = False


def render_row(columns: Sequence[Column], cells: Sequence[object]) -> list[str]:
    """One row as lines: every cell wrapped to its column, the cells side by side,
    no trailing spaces."""
    wrapped = [wrap(cell, column.width) for column, cell in zip(columns, cells, strict=True)]
    height = max(len(lines) for lines in wrapped)
    return [
        GAP.join(
            _pad(lines[i] if i < len(lines) else "", column.width, column.right)
            for column, lines in zip(columns, wrapped, strict=True)
        ).rstrip()
        for i in range(height)
    ]


def longest_word(text: str) -> int:
    """The widest piece :func:`wrap` keeps whole when it can: a word, or the part of a
    path between two ``/``."""
    pieces = re.split(r"\s+|(?<=/)", clean(text))
    return max((display_width(piece) for piece in pieces), default=0)


def fit_widths(
    natural: Sequence[int],
    fixed: Sequence[bool],
    width: int,
    minimum: Sequence[int] | None = None,
) -> list[int]:
    """Column widths that fit ``width`` with :data:`GAP` between columns. Columns marked
    ``fixed`` (numbers) keep their natural width. The others first get their
    ``minimum`` (their longest word, so that no word is broken when there is room),
    then share what is left, each up to its natural width, the narrowest served first."""
    minimum = minimum or [1] * len(natural)
    room = width - len(GAP) * (len(natural) - 1)
    room -= sum(n for n, f in zip(natural, fixed, strict=True) if f)
    flexible = [i for i, f in enumerate(fixed) if not f]
    widths = list(natural)
    floor = {i: max(1, min(natural[i], minimum[i])) for i in flexible}
    if sum(floor.values()) > room:  # not even the words fit: share the room evenly
        floor = dict.fromkeys(flexible, 1)
    for i in flexible:
        widths[i] = floor[i]
    room -= sum(floor.values())
    wanting = sorted(flexible, key=lambda i: natural[i] - floor[i])
    for position, i in enumerate(wanting):
        share = max(0, room // (len(wanting) - position))
        extra = min(natural[i] - floor[i], share)
        widths[i] += extra
        room -= extra
    return widths


def text_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: set[int] | frozenset[int] = frozenset(),
    width: int | None = None,
) -> str:
    """An aligned table that fits ``width`` (default: :func:`terminal_width`): text
    left-aligned and wrapped, the columns in ``numeric`` right-aligned and never
    wrapped."""
    width = terminal_width() if width is None else width
    natural = [
        max(display_width(clean(v)) for v in [name, *(row[i] for row in rows)])
        for i, name in enumerate(header)
    ]
    fixed = [i in numeric for i in range(len(header))]
    minimum = [
        max(longest_word(v) for v in [name, *(row[i] for row in rows)])
        for i, name in enumerate(header)
    ]
    widths = fit_widths(natural, fixed, width, minimum)
    columns = [
        Column(name, w, i in numeric)
        for i, (name, w) in enumerate(zip(header, widths, strict=True))
    ]
    lines = render_row(columns, header)
    for row in rows:
        lines += render_row(columns, row)
    return "\n".join(lines)
