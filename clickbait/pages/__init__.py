"""Read bytes into documents: HTML pages, plain-text scrapes, tables of teasers, WARC files.

A :class:`Document` is decoded text plus what kind of input it is. Reading is strict
about what it cannot handle (binary files, oversized inputs) and raises
:class:`PageError` with a reason a person can act on; it is lenient about what real
scrapes look like (gzip, missing or wrong charset declarations, byte-order marks).

A WARC (or WET) file holds many pages: :func:`read_warc` yields one document per page
record, and :func:`read_inputs` turns a list of paths, folders and WARC files alike
into one stream of documents.

- :mod:`~clickbait.pages.document`: the :class:`Document` and :class:`PageError` records;
- :mod:`~clickbait.pages.decode`: gzip and charsets;
- :mod:`~clickbait.pages.tables`: CSV, TSV and JSON Lines tables of teasers;
- :mod:`~clickbait.pages.files`: one file, and the files of a folder;
- :mod:`~clickbait.pages.warc`: WARC and WET archives;
- :mod:`~clickbait.pages.inputs`: everything ``clickbait score`` reads, as one stream.
"""

from __future__ import annotations

from clickbait.pages.decode import decode
from clickbait.pages.document import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    WARC_SUFFIXES,
    Document,
    DocumentKind,
    PageError,
)
from clickbait.pages.files import expand_inputs, is_table_file, read_bytes, read_path
from clickbait.pages.inputs import read_inputs
from clickbait.pages.tables import TableEntry, iter_table, parse_table, read_table
from clickbait.pages.warc import is_warc, looks_like_warc, read_warc

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML_SUFFIXES",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "WARC_SUFFIXES",
    "Document",
    "DocumentKind",
    "PageError",
    "TableEntry",
    "decode",
    "expand_inputs",
    "is_table_file",
    "is_warc",
    "iter_table",
    "looks_like_warc",
    "parse_table",
    "read_bytes",
    "read_inputs",
    "read_path",
    "read_table",
    "read_warc",
]
