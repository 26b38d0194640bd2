"""The records that pass between the stages, the two labels, and which sign means filler.

A page becomes an :class:`Extraction` (its :class:`Teaser` list, its :class:`Block` list
and its own address); the model turns each teaser into a :class:`ScoredTeaser`. Every
score and weight in the project is signed the same way: positive pushes toward
:data:`FILLER` (:func:`filler_sign`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

FILLER, NEWS = "filler", "news"
LABELS = (NEWS, FILLER)


def filler_sign(classes: Sequence[object]) -> float:
    """+1 when a fitted binary classifier's positive class (``classes_[1]``) is filler,
    else -1: multiply its decision values or coefficients by this to make positive mean
    filler."""
    return 1.0 if list(classes)[1] == FILLER else -1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Teaser:
    """One teaser. ``position`` is its 0-based order on the page; ``block`` names its widget."""

    headline: str
    snippet: str = ""
    url: str = ""
    position: int = 0
    block: str = ""
    sponsored: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "snippet": self.snippet,
            "url": self.url,
            "position": self.position,
            "block": self.block,
            "sponsored": self.sponsored,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A teaser block found on a page: its name, how it was recognised, its teaser count."""

    name: str
    kind: str
    teasers: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a page holds: its teasers in page order, the blocks they came from, and
    ``url``, the absolute address the page gives for itself in its head (its canonical
    link, else its ``og:url``, else its ``<base href>``), ``""`` when it gives none."""

    teasers: list[Teaser]
    blocks: list[Block]
    url: str = ""


@dataclass(frozen=True, slots=True)
class Contribution:
    """One feature's signed push on a teaser's score: positive toward filler."""

    feature: str
    value: float

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "contribution": round(self.value, 4)}


@dataclass(frozen=True, slots=True)
class ScoredTeaser:
    """A teaser with its filler probability, label, and (on request) its explanation."""

    teaser: Teaser
    score: float
    label: str
    explanation: tuple[Contribution, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        record = {**self.teaser.to_dict(), "score": round(self.score, 6), "label": self.label}
        if self.explanation is not None:
            record["explanation"] = [c.to_dict() for c in self.explanation]
        return record
