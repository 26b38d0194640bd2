from __future__ import annotations

import pandas as pd
import pytest

from clickbait.resampling import group_bootstrap


def _share(frame: pd.DataFrame) -> float:
    return float(frame["filler"].mean())


def test_identical_groups_give_a_point_interval() -> None:
    frame = pd.DataFrame({"site": ["a", "a", "b", "b"], "filler": [1, 0, 1, 0]})
    assert group_bootstrap(frame, _share, rounds=50) == pytest.approx((0.5, 0.5))


def test_groups_not_rows_are_resampled() -> None:
    # One site all filler, one all news: resampling rows of 200 would give a narrow
    # interval around 0.5; resampling the two sites gives 0 and 1 as well.
    frame = pd.DataFrame({"site": ["a"] * 100 + ["b"] * 100, "filler": [1] * 100 + [0] * 100})
    low, high = group_bootstrap(frame, _share, rounds=200)
    assert low == 0.0
    assert high == 1.0


def test_one_group_gives_no_interval() -> None:
    frame = pd.DataFrame({"site": ["a"] * 5, "filler": [1, 0, 1, 0, 1]})
    assert group_bootstrap(frame, _share) is None


def test_undefined_samples_are_left_out() -> None:
    frame = pd.DataFrame({"site": ["a", "b", "c"], "filler": [1, 0, 0]})

    def share_or_none(sample: pd.DataFrame) -> float | None:
        return None if sample["filler"].sum() == 0 else _share(sample)

    low, high = group_bootstrap(frame, share_or_none, rounds=200)
    assert 0 < low <= high <= 1


def test_the_same_seed_gives_the_same_interval() -> None:
    frame = pd.DataFrame({"site": list("abcdefgh"), "filler": [1, 0, 1, 1, 0, 0, 1, 0]})
    assert group_bootstrap(frame, _share, seed=3) == group_bootstrap(frame, _share, seed=3)
