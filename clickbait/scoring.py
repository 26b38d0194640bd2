"""Score pages and files: read, find teasers, score them in batches, keep going on errors.

:func:`score_sources` is what the CLI runs over many inputs: each document (a page, a
table, a record of a WARC file) yields a :class:`SourceResult`, with its scored teasers
or the reason it could not be read, so one corrupt page never costs the others their
results. Table files (CSV/TSV, JSON Lines) are streamed: they yield one result per
batch of rows, in constant memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from clickbait.pages import (
    DEFAULT_MAX_BYTES,
    Document,
    PageError,
    expand_inputs,
    is_table_file,
    read_bytes,
    read_inputs,
    read_table,
)
from clickbait.records import FILLER, Block, Teaser
from clickbait.teasers import PageTooComplex, extract, teaser_from_row

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import TeaserModel
    from clickbait.records import ScoredTeaser


# Teasers scored at once: 2,048 keeps the CLI's peak memory under 300 MB, and larger
# batches are barely faster.
BATCH_SIZE = 2048
# Characters of headline and snippet scored at once at most: a batch of long rows is cut
# short, so that memory stays bounded (2,048 typical teasers hold about 370,000).
BATCH_CHARS = 2_000_000


@dataclass
class SourceResult:
    """What came of one input, or of one batch of a table: scored teasers, blocks found,
    or an error. ``url`` is the page's address: the one it gives for itself
    (:attr:`clickbait.records.Extraction.url`), else the one it was fetched from (a WARC
    record's URI), else ``""``; ``start`` is the row of a table where the batch starts
    (above 0 for the second and later batches of a streamed table)."""

    source: str
    scored: list[ScoredTeaser] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    error: str | None = None
    problems: tuple[str, ...] = ()
    url: str = ""
    start: int = 0
    # The output records of a table batch scored straight from its rows
    # (``score_sources(..., records_only=True)``); ``scored`` is then empty.
    rows: list[dict[str, Any]] | None = None

    @property
    def teaser_count(self) -> int:
        """How many teasers were scored."""
        return len(self.rows) if self.rows is not None else len(self.scored)

    @property
    def filler_count(self) -> int:
        """How many of them are labelled filler."""
        if self.rows is not None:
            return sum(row["label"] == FILLER for row in self.rows)
        return sum(item.label == FILLER for item in self.scored)

    def records(self) -> Iterator[dict[str, Any]]:
        """One output record per teaser: source, index (its position within its input:
        for a table, its row, skipped rows counted), teaser fields, score, label."""
        if self.rows is not None:
            yield from self.rows
            return
        for item in self.scored:
            record = item.to_dict()
            index = record.pop("position", 0)
            yield {"source": self.source, "index": index, **record}


def score_document(model: TeaserModel, document: Document) -> list[ScoredTeaser]:
    """Find and score the teasers of a document."""
    return model.score_teasers(extract(document).teasers)


def score_page(model: TeaserModel, page: str | bytes, source: str = "-") -> list[ScoredTeaser]:
    """Score the teasers of one page given as an HTML string or raw bytes (any encoding)."""
    data = page.encode("utf-8") if isinstance(page, str) else page
    return score_document(model, read_bytes(data, source, "page.html"))


def score_frame(model: TeaserModel, frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a DataFrame (``headline``, optional ``snippet``) with ``score`` and ``label``."""
    return model.score_frame(frame)


def _reading_error(error: Exception) -> str:
    if isinstance(error, PageError):
        return error.reason
    if isinstance(error, PageTooComplex):
        return str(error)
    if isinstance(error, RecursionError):
        return "markup nested too deeply to parse"
    if isinstance(error, MemoryError):
        return "too large to process in memory"
    return f"internal error ({type(error).__name__}: {error})"


@dataclass(slots=True)
class _Pending:
    """A document read and its teasers found, waiting for its batch to be scored: its
    result, complete but for the scores, and the teasers to score into it (none for an
    input that could not be read)."""

    result: SourceResult
    teasers: list[Teaser]


def _extract(item: Document | PageError) -> _Pending:
    if isinstance(item, PageError):
        return _Pending(SourceResult(item.source, error=item.reason), [])
    try:
        extraction = extract(item)
    except Exception as error:  # a defect must not cost the other inputs their results
        return _Pending(SourceResult(item.source, error=_reading_error(error)), [])
    result = SourceResult(
        item.source,
        blocks=extraction.blocks,
        problems=item.problems,
        url=extraction.url or item.url,
    )
    return _Pending(result, extraction.teasers)


def _score_table(
    model: TeaserModel,
    source: str,
    max_bytes: int,
    batch_size: int,
    explain: int,
    records_only: bool = False,
) -> Iterator[SourceResult]:
    """A table file read and scored batch by batch: one result per batch, in order.

    A teaser's position is its row in the table (skipped rows counted), so that output
    joins back to the input; a batch is also cut when its text grows long
    (:data:`BATCH_CHARS`), so that memory stays bounded with long rows. With
    ``records_only``, rows go straight to output records (:mod:`clickbait.rowscoring`)
    and no ``Teaser`` is made.
    """
    from clickbait.rowscoring import score_rows

    start = 0  # the row where the batch starts
    row = 0  # rows read
    chars = 0
    teasers: list[Teaser] = []
    records: list[dict[str, Any]] = []
    indices: list[int] = []
    problems: list[str] = []

    def batch() -> SourceResult:
        nonlocal start, chars
        if records_only:
            rows = score_rows(model, source, records, indices, explain)
            blocks = [Block(name="table", kind="table", teasers=len(rows))]
            result = SourceResult(
                source, [], blocks, problems=tuple(problems), start=start, rows=rows
            )
        else:
            scored = model.score_teasers(teasers, explain) if teasers else []
            blocks = [Block(name="table", kind="table", teasers=len(scored))]
            result = SourceResult(source, scored, blocks, problems=tuple(problems), start=start)
        start, chars = row, 0
        teasers.clear()
        records.clear()
        indices.clear()
        problems.clear()
        return result

    try:
        rows = read_table(source, max_bytes)
        entry = next(rows, None)
    except Exception as error:
        yield SourceResult(source, error=_reading_error(error))
        return
    while entry is not None:
        number, record, problem = entry
        if record is None:
            problems.append(f"line {number}: {problem}")
        elif records_only:
            records.append(record)
            indices.append(row)
            chars += len(record.get("headline") or "") + len(record.get("snippet") or "")
        else:
            teaser = teaser_from_row(record, row)
            teasers.append(teaser)
            chars += len(teaser.headline) + len(teaser.snippet)
        row += 1
        if len(teasers) + len(records) + len(problems) >= batch_size or chars >= BATCH_CHARS:
            yield batch()
        try:
            entry = next(rows, None)
        except Exception as error:  # an unreadable file further down: keep what came before
            if teasers or records or problems:
                yield batch()
            reason = _reading_error(error)
            if row:
                reason += f" (the {row:,} row(s) before it were read)"
            yield SourceResult(source, error=reason, start=start)
            return
    if teasers or records or problems or not row:
        yield batch()


def score_sources(
    model: TeaserModel,
    inputs: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = BATCH_SIZE,
    explain: int = 0,
    records_only: bool = False,
) -> Iterator[SourceResult]:
    """Score every file, folder (recursively), WARC file or ``-`` (stdin) in ``inputs``.

    Each document gives one :class:`SourceResult`, in input order: a page gives one, a
    WARC file one per page record (its source is the record's WARC-Target-URI).
    Teasers of several documents are scored together in batches of about
    ``batch_size`` (:data:`BATCH_SIZE`), so memory stays bounded however many inputs
    there are. A table
    file (``.csv``, ``.tsv``, ``.jsonl``...) is streamed and comes out as several
    consecutive results, one per batch of rows; ``start`` gives each one's first index.
    ``explain=N`` adds each teaser's top N contributing features. With
    ``records_only``, a table's rows go straight to output records: its results hold
    them in ``rows`` (and :meth:`SourceResult.records` gives them), with ``scored``
    empty. That is the light path of ``clickbait score``; pages are scored as ever.
    """
    pending: list[_Pending] = []
    pending_teasers = 0

    def flush() -> Iterator[SourceResult]:
        scored = model.score_stream(
            [t for item in pending for t in item.teasers], batch_size, explain
        )
        for item in pending:
            item.result.scored = [next(scored) for _ in item.teasers]
            yield item.result
        pending.clear()

    for source in expand_inputs(inputs):
        if is_table_file(source):
            yield from flush()
            pending_teasers = 0
            yield from _score_table(model, source, max_bytes, batch_size, explain, records_only)
            continue
        for document in read_inputs([source], max_bytes):
            item = _extract(document)
            pending.append(item)
            pending_teasers += len(item.teasers)
            if pending_teasers >= batch_size or len(pending) >= batch_size:
                yield from flush()
                pending_teasers = 0
    yield from flush()
