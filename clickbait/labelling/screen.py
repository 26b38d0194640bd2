"""The terminal side of a labelling session: one teaser a screen, one key a label.

The terminal is put in cbreak mode for the whole session (keys come one by one, are not
echoed, and none typed ahead is dropped; Ctrl-C still interrupts) and the session draws
on the alternate screen, so that what was on the terminal before, such as the names of
inputs that could not be read, is there again when it ends. Both are undone however
the session ends, but for SIGKILL.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import shutil
import textwrap
from collections.abc import Iterator
from typing import TextIO

import click

from clickbait.labelling.guide import ACTION_KEYS, GUIDE, KEY_HINTS, LABEL_KEYS, OTHER_KEYS
from clickbait.labelling.session import Session

_ESCAPE = re.compile(r"\x1b(?:\[[0-9;?]*[A-Za-z~]|O[A-Za-z])?")
_LABEL_NAMES = {"not-teaser": "not a teaser"}


def split_keys(text: str) -> list[str]:
    """The keys in what one read of the terminal gave: each character, but an escape
    sequence (an arrow key) as one key."""
    keys, position = [], 0
    while position < len(text):
        match = _ESCAPE.match(text, position)
        end = match.end() if match else position + 1
        keys.append(text[position:end])
        position = end
    return keys


def action_of(key: str) -> str | None:
    """What a key does: a label (``filler``...), ``back``, ``skip``, ``quit``, ``guide``;
    ``None`` for a key that does nothing."""
    if key == "\x04":  # Ctrl-D
        return "quit"
    if key in OTHER_KEYS:
        return OTHER_KEYS[key]
    lowered = key.lower()
    return LABEL_KEYS.get(lowered) or ACTION_KEYS.get(lowered)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def _fit(text: str, width: int) -> str:
    """One line of at most ``width`` characters: cut, with an ellipsis, if longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _key_lines(width: int) -> list[str]:
    """The keys, as many to a line as fit, none cut in two."""
    lines = [""]
    for hint in KEY_HINTS:
        joined = f"{lines[-1]}   {hint}" if lines[-1] else hint
        if len(joined) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(hint)
    return lines


def render(session: Session, threshold: float, message: str = "", width: int = 100) -> str:
    """The screen of the session's current teaser (or of its end), as text: no line
    wider than ``width`` (at least 40); long text is wrapped, long addresses cut."""
    width = max(40, width)
    store = session.store
    counts = store.counts()
    left_out = counts["unsure"] + counts["not-teaser"]
    rule = "─" * width
    title = "clickbait label"
    header = _fit(
        f"{title}  ·  {len(session.ahead)} to go  ·  {store.path.name}: {counts['filler']} "
        f"filler, {counts['news']} news, {left_out} left out",
        width,
    )
    lines = [click.style(title, bold=True) + header[len(title) :], rule]
    candidate = session.current
    if candidate is None:
        lines += [
            "",
            click.style("Nothing left to label.", bold=True),
            *_wrap(
                f"{session.given} label(s) given and {session.skipped} skipped in this session.",
                width,
            ),
            "",
            "b back   q quit",
        ]
    else:
        where = candidate.source
        if candidate.page_url and candidate.page_url != candidate.source:
            where += f"  ({candidate.page_url})"
        fields = [
            ("block", (candidate.block or "-") + ("  · sponsored" if candidate.sponsored else "")),
            ("link", candidate.link or "-"),
            ("host", candidate.host or "-"),
            ("page", where),
        ]
        if candidate.pages > 1:
            fields += [("", f"and {candidate.pages - 1} other page(s)")]
        if candidate.score == candidate.score:  # not NaN
            verdict = "filler" if candidate.score >= threshold else "news"
            fields += [("model", f"{candidate.score:.2f} {verdict}  (threshold {threshold:.2f})")]
        position = session.total - len(session.ahead) + 1
        lines += [f"teaser {position} of {session.total}", ""]
        lines += [click.style(line, bold=True) for line in _wrap(candidate.headline, width, "  ")]
        if candidate.snippet:
            lines += ["", *_wrap(candidate.snippet, width, "  ")]
        lines += [""]
        for name, value in fields:
            line = _fit(f"{name:<8}{value}", width)
            if name == "block" and candidate.sponsored and line.endswith("sponsored"):
                line = line[: -len("sponsored")] + click.style("sponsored", fg="yellow")
            lines.append(line)
        lines += ["", rule, *_key_lines(width)]
    if message:
        lines += [click.style(_fit(message, width), fg="cyan")]
    return "\n".join(lines)


@contextlib.contextmanager
def _cbreak(fd: int) -> Iterator[None]:
    """Keys one by one, not echoed, none typed ahead dropped; the old mode comes back."""
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def _alternate_screen(stream: TextIO) -> Iterator[None]:
    stream.write("\x1b[?1049h\x1b[?25l")
    stream.flush()
    try:
        yield
    finally:
        stream.write("\x1b[?25h\x1b[?1049l")
        stream.flush()


def _keys(fd: int) -> Iterator[str]:
    """Keys as they are typed, until the terminal closes."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    while chunk := os.read(fd, 64):
        yield from split_keys(decoder.decode(chunk))


def _show(stream: TextIO, screen: str) -> None:
    stream.write("\x1b[H\x1b[2J" + screen)
    stream.flush()


def guide_pages(height: int) -> list[str]:
    """The guide in screens of ``height`` lines, each ending with what a key does."""
    lines = GUIDE.splitlines()
    room = max(5, height - 2)
    pages = [lines[start : start + room] for start in range(0, len(lines), room)]
    ends = ["any key: more of the guide"] * (len(pages) - 1) + ["any key: back to the teaser"]
    return [
        "\n".join([*page, "", click.style(end, fg="cyan")])
        for page, end in zip(pages, ends, strict=True)
    ]


def _size(stream: TextIO) -> os.terminal_size:
    """The terminal's size now (it may have been resized), read from the terminal itself:
    COLUMNS and LINES in the environment can be stale."""
    try:
        return os.get_terminal_size(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return shutil.get_terminal_size((100, 30))


def _guide(stream: TextIO, keys: Iterator[str]) -> None:
    for page in guide_pages(_size(stream).lines):
        _show(stream, page)
        next(keys, "")


def run(session: Session, threshold: float, fd: int, stream: TextIO) -> None:
    """Ask for the teasers of ``session`` on the terminal (keys read from ``fd``, screens
    written to ``stream``) until the labeller quits or the terminal closes."""
    with _cbreak(fd), _alternate_screen(stream):
        keys = _keys(fd)
        message = ""
        while True:
            width = _size(stream).columns - 1
            _show(stream, render(session, threshold, message, width))
            key = next(keys, "\x04")
            action = action_of(key)
            message = ""
            if action == "quit":
                return
            if action == "guide":
                _guide(stream, keys)
            elif action == "back":
                message = session.back()
            elif session.current is None:
                message = "nothing left to label: b goes back, q quits"
            elif action == "skip":
                session.skip()
            elif action is not None:
                headline = session.current.headline
                session.give(action)
                short = headline if len(headline) <= 60 else headline[:59] + "…"
                message = f"saved {_LABEL_NAMES.get(action, action)}: {short}"
            else:
                message = f"{key!r} does nothing; the keys are listed above, ? shows the guide"
