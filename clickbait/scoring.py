"""Score pages and files: read, find teasers, score them in batches, keep going on errors.

:func:`score_sources` is what the CLI runs over many inputs: each input yields one
:class:`SourceResult`, with its scored teasers or the reason it could not be read, so
one corrupt page never costs the others their results.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clickbait.pages import (
    DEFAULT_MAX_BYTES,
    Document,
    PageError,
    expand_inputs,
    read_bytes,
    read_path,
)
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


_Read = tuple[str, list, list[Block], tuple[str, ...], str]


def _read(source: str, max_bytes: int) -> SourceResult | _Read:
    try:
        document = read_path(source, max_bytes)
        extraction = extract(document)
    except PageError as error:
        return SourceResult(source, error=error.reason)
    except RecursionError:
        return SourceResult(source, error="markup nested too deeply to parse")
    except MemoryError:
        return SourceResult(source, error="too large to process in memory")
    except Exception as error:  # a defect must not cost the other inputs their results
        return SourceResult(source, error=f"internal error ({type(error).__name__}: {error})")
    return source, extraction.teasers, extraction.blocks, document.problems, document.url


def score_sources(
    model: TeaserModel,
    inputs: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 4096,
    explain: int = 0,
) -> Iterator[SourceResult]:
    """Score every file, folder (recursively) or ``-`` (stdin) in ``inputs``, in order.

    Teasers of several small pages are scored together in batches of about
    ``batch_size``; results still come out one input at a time, in input order.
    ``explain=N`` adds each teaser's top N contributing features.
    """
    pending: list[SourceResult | _Read] = []
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

    for source in expand_inputs(inputs):
        item = _read(source, max_bytes)
        pending.append(item)
        if isinstance(item, tuple):
            pending_teasers += len(item[1])
        if pending_teasers >= batch_size:
            yield from flush()
            pending_teasers = 0
    yield from flush()
