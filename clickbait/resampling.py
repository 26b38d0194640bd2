"""Confidence intervals that resample pages or sites, not rows.

Teasers of one page (or one site) share a widget, a style and often a topic: they are
not independent draws, and an interval that resamples rows is too narrow. The bootstrap
here draws whole groups with replacement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

BOOTSTRAP_ROUNDS = 1000


def group_bootstrap(
    frame: pd.DataFrame,
    statistic: Callable[[pd.DataFrame], float | None],
    group: str = "site",
    rounds: int = BOOTSTRAP_ROUNDS,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float] | None:
    """The ``level`` percentile interval of ``statistic`` over bootstrap samples that
    draw whole ``group`` values (sites, pages) with replacement.

    Samples where the statistic is undefined (``None`` or NaN: no filler drawn, say) are
    left out; ``None`` when fewer than two groups, or no sample, allow an interval.
    """
    import numpy as np

    groups = frame.groupby(group, sort=True).indices
    if len(groups) < 2:
        return None
    rng = np.random.default_rng(seed)
    members = list(groups.values())
    values = []
    for _ in range(rounds):
        drawn = rng.integers(0, len(members), len(members))
        rows = np.concatenate([members[i] for i in drawn])
        value = statistic(frame.iloc[rows])
        if value is not None and not np.isnan(value):
            values.append(value)
    if not values:
        return None
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)
