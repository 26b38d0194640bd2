"""In which order a labelling session asks for teasers.

**Uncertainty order** (the default) asks first for the teasers whose score is nearest
the model's threshold: those are the ones where a label changes the model most
(uncertainty sampling). It is spread over sites: each site's teasers are ranked by
their distance to the threshold, and the session takes the most uncertain teaser of
every site before the second of any, then the second of every site, and so on; within
such a round the most uncertain come first. So one large site, or one page of a site,
never takes the whole session.

**Page order** follows the inputs: pages in the order they were read, teasers in page
order.

:func:`labelling_order` works on plain scores and site names, so the same order can be
computed for any labelled set, to measure what labels taken in one order or the other
bring to a retrained model::

    first = ordered_frame(frame, threshold=model.threshold).head(200)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

UNCERTAINTY, PAGE = "uncertainty", "page"
ORDERS = (UNCERTAINTY, PAGE)


def labelling_order(
    scores: Sequence[float],
    sites: Sequence[str],
    threshold: float,
    order: str = UNCERTAINTY,
) -> list[int]:
    """The indices of ``scores`` in the order a session asks for them.

    ``scores`` are probabilities of filler, ``sites`` the site of each teaser (any
    hashable name: a host, a page), ``threshold`` the score from which a teaser is
    filler. ``order`` is ``"uncertainty"`` (round-robin over sites, nearest the
    threshold first; see the module docstring) or ``"page"`` (as given). Ties keep the
    given order, so the result is deterministic.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    if len(scores) != len(sites):
        raise ValueError(f"{len(scores)} scores but {len(sites)} sites")
    if order == PAGE:
        return list(range(len(scores)))
    distance = [abs(float(score) - threshold) for score in scores]
    by_site: dict[str, list[int]] = {}
    for index, site in enumerate(sites):
        by_site.setdefault(site, []).append(index)
    rank = [0] * len(scores)
    for members in by_site.values():
        members.sort(key=lambda i: (distance[i], i))
        for position, index in enumerate(members):
            rank[index] = position
    # Rank within its site first (the round), then uncertainty within the round.
    return sorted(range(len(scores)), key=lambda i: (rank[i], distance[i], i))


def ordered_frame(
    frame: pd.DataFrame,
    threshold: float,
    order: str = UNCERTAINTY,
    score: str = "score",
    site: str = "site",
) -> pd.DataFrame:
    """The rows of ``frame`` in labelling order (:func:`labelling_order` on its
    ``score`` and ``site`` columns): ``.head(n)`` is what a session of ``n`` labels
    would have asked for."""
    positions = labelling_order(
        frame[score].astype(float).tolist(), frame[site].astype(str).tolist(), threshold, order
    )
    return frame.iloc[positions]
