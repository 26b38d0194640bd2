"""Score pages and files: read, find teasers, score them in batches, keep going on errors.

:func:`score_sources` is what the CLI runs over many inputs: each document (a page, a
table, a record of a WARC file) yields one :class:`SourceResult`, with its scored
teasers or the reason it could not be read, so one corrupt page never costs the others
their results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clickbait.pages import DEFAULT_MAX_BYTES, Document, PageError, read_bytes, read_inputs
from clickbait.teasers import Block, extract

if TYPE_CHECKING:
    import pandas as pd

    from clickbait.model import ScoredTeaser, TeaserModel


@dataclass
class SourceResult:
    """What came of one input: scored teasers, blocks found, or an error. ``url`` is
    the address the page gives for itself, if any (:func:`clickbait.pages.page_url`)."""

    source: str
    scored: list[ScoredTeaser] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    error: str | None = None
    problems: tuple[str, ...] = ()
    url: str = ""

    def records(self) -> Iterator[dict[str, object]]:
        """One output record per teaser: source, index, teaser fields, score, label."""
        for index, item in enumerate(self.scored):
            record = item.to_dict()
            record.pop("position", None)
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


Extracted = tuple[str, list, list[Block], tuple[str, ...], str]


def _extract(item: Document | PageError) -> SourceResult | Extracted:
    if isinstance(item, PageError):
        return SourceResult(item.source, error=item.reason)
    try:
        extraction = extract(item)
    except RecursionError:
        return SourceResult(item.source, error="markup nested too deeply to parse")
    except MemoryError:
        return SourceResult(item.source, error="too large to process in memory")
    except Exception as error:  # a defect must not cost the other inputs their results
        return SourceResult(item.source, error=f"internal error ({type(error).__name__}: {error})")
    return item.source, extraction.teasers, extraction.blocks, item.problems, item.url


def score_sources(
    model: TeaserModel,
    inputs: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 4096,
    explain: int = 0,
) -> Iterator[SourceResult]:
    """Score every file, folder (recursively), WARC file or ``-`` (stdin) in ``inputs``.

    Each document gives one :class:`SourceResult`, in input order: a page or table
    file gives one, a WARC file one per page record (its source is the record's
    WARC-Target-URI). Teasers of several documents are scored together in batches of
    about ``batch_size``, so memory stays bounded however many inputs there are.
    ``explain=N`` adds each teaser's top N contributing features.
    """
    pending: list[SourceResult | Extracted] = []
    pending_teasers = 0

    def flush() -> Iterator[SourceResult]:
        teasers = [t for item in pending if isinstance(item, tuple) for t in item[1]]
        scored = iter(model.score_teasers(teasers, explain)) if teasers else iter(())
        for item in pending:
            if isinstance(item, SourceResult):
                yield item
            else:
                source, found, blocks, problems, url = item
                scored_here = [next(scored) for _ in found]
                yield SourceResult(source, scored_here, blocks, None, problems, url)
        pending.clear()

    for document in read_inputs(inputs, max_bytes):
        item = _extract(document)
        pending.append(item)
        if isinstance(item, tuple):
            pending_teasers += len(item[1])
        if pending_teasers >= batch_size or len(pending) >= batch_size:
            yield from flush()
            pending_teasers = 0
    yield from flush()
