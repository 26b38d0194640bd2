"""What ``clickbait score`` reads: files, folders, WARC files and standard input as one
stream of documents."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

from clickbait.pages.document import DEFAULT_MAX_BYTES, Document, PageError
from clickbait.pages.files import expand_inputs, read_path
from clickbait.pages.warc import _peek, is_warc, looks_like_warc, read_warc


def read_inputs(
    inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | PageError]:
    """Every document of ``inputs``, in order, and a :class:`PageError` for each failure.

    Files give one document each, folders are walked (:func:`expand_inputs`), and a WARC
    or WET file (by name, or by its first bytes; on standard input too) gives one
    document per page record (:func:`read_warc`). Errors are yielded, not raised, so
    one unreadable input never stops the others.
    """
    from clickbait.extras import MissingExtra

    for path in expand_inputs(inputs):
        warc = sys.stdin.buffer if path == "-" else path
        if looks_like_warc(_peek(sys.stdin.buffer)) if path == "-" else is_warc(path):
            try:
                yield from read_warc(warc, max_bytes, source=path)
            except MissingExtra as error:
                yield PageError(path, str(error))
            continue
        try:
            item: Document | PageError = read_path(path, max_bytes)
        except PageError as error:
            item = error
        except MemoryError:
            item = PageError(path, "too large to process in memory")
        except Exception as error:  # a defect must not cost the other inputs their results
            item = PageError(path, f"internal error ({type(error).__name__}: {error})")
        yield item
