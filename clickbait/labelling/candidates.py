"""The teasers a labelling session can ask for, gathered from scored inputs.

A teaser is named by :func:`teaser_key`, a hash of its headline and snippet: the same
teaser shown on many pages (widgets repeat) is asked for once, and a teaser already in
the file of labels is not asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from clickbait.scoring import SourceResult


def clean(text: str) -> str:
    """``text`` on one line, runs of whitespace made one space: as the file stores it."""
    return " ".join(str(text).split())


def teaser_key(headline: str, snippet: str = "") -> str:
    """The name of a teaser in the file of labels: 16 hex digits of the SHA-256 of its
    headline and snippet (whitespace runs made one space, so a re-read page with other
    line breaks gives the same key)."""
    import hashlib  # here: the command's module imports this one, and --help must be quick

    text = f"{clean(headline)}\n{clean(snippet)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Candidate:
    """A teaser to label, with what the labeller is shown: where it was found (``source``,
    the page's own address ``page_url``, its ``site``), the model's ``score``, and on
    how many pages it was found (``pages``)."""

    key: str
    headline: str
    snippet: str
    url: str
    block: str
    sponsored: bool
    source: str
    page_url: str
    site: str
    score: float
    pages: int = 1

    @property
    def link(self) -> str:
        """The teaser's link made absolute against its page's address when it can be."""
        from urllib.parse import urljoin

        if not self.page_url or not self.url:
            return self.url
        try:
            return urljoin(self.page_url, self.url)
        except ValueError:
            return self.url

    @property
    def host(self) -> str:
        """The host the teaser's link points to (its page's site for a relative link)."""
        from clickbait.summary import teaser_domain

        return teaser_domain(self.url, self.page_url, "")

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> Candidate:
        """The candidate a row of the file of labels was given for (to take a label back)."""
        try:
            score = float(row.get("score") or "nan")
        except ValueError:
            score = float("nan")
        headline, snippet = clean(row.get("headline", "")), clean(row.get("snippet", ""))
        return cls(
            key=teaser_key(headline, snippet),
            headline=headline,
            snippet=snippet,
            url=row.get("url", ""),
            block=row.get("block", ""),
            sponsored=str(row.get("sponsored", "")).lower() in {"1", "true", "yes"},
            source=row.get("source", ""),
            page_url="",
            site=row.get("site", ""),
            score=score,
        )


def site_of(page_url: str, source: str, teaser_url: str = "", table: bool = False) -> str:
    """The site a teaser was found on: the host of its page's address; for a row of a
    table (which has no page), the host of its own link; else the input's name."""
    from clickbait.summary import host_of

    return host_of(page_url) or (host_of(teaser_url) if table else "") or source


class CandidateSet:
    """The distinct teasers of scored inputs, in page order, each once (:meth:`add` one
    :class:`~clickbait.scoring.SourceResult` after another)."""

    def __init__(self) -> None:
        self._by_key: dict[str, Candidate] = {}

    def add(self, result: SourceResult) -> None:
        """Every teaser of one result; one already seen counts one more page."""
        table = any(block.kind == "table" for block in result.blocks)
        for item in result.scored:
            teaser = item.teaser
            key = teaser_key(teaser.headline, teaser.snippet)
            known = self._by_key.get(key)
            if known is not None:
                known.pages += 1
                continue
            self._by_key[key] = Candidate(
                key=key,
                headline=clean(teaser.headline),
                snippet=clean(teaser.snippet),
                url=clean(teaser.url),
                block=clean(teaser.block),
                sponsored=teaser.sponsored,
                source=clean(result.source),
                page_url=result.url,
                site=site_of(result.url, clean(result.source), teaser.url, table),
                score=item.score,
            )

    def __len__(self) -> int:
        return len(self._by_key)

    def remaining(self, done: Iterable[str]) -> list[Candidate]:
        """The candidates whose key is not in ``done``, in page order."""
        skip = set(done)
        return [c for key, c in self._by_key.items() if key not in skip]
