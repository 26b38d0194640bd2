"""What reading produces: a :class:`Document` (decoded text and its kind), or a
:class:`PageError` with a reason a person can act on; and the file names of each kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

DocumentKind = Literal["html", "text", "table"]


DEFAULT_MAX_BYTES = 50 * 1024 * 1024


GZIP_MAGIC = b"\x1f\x8b"


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
    """Decoded input. ``rows`` holds the teasers of a table, ``positions`` the place of
    each among the table's rows (0 for the first row after the header, skipped rows
    counted); ``problems`` the rows skipped. ``url`` is the address the page was
    fetched from where it is known (a WARC record's target URI); the address a page
    gives for itself is its extraction's."""

    source: str
    kind: DocumentKind
    text: str = ""
    encoding: str = ""
    url: str = ""
    rows: tuple[dict[str, str], ...] = ()
    problems: tuple[str, ...] = field(default=())
    positions: tuple[int, ...] = ()


def _strip_compression(name: str) -> tuple[str, str]:
    """(name without a .gz suffix, lowercased suffix of what is left)."""
    base = name[:-3] if name.lower().endswith(".gz") else name
    return base, Path(base).suffix.lower()


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


JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}


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
