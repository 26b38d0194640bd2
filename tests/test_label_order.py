"""The order a labelling session asks in: nearest the threshold first, spread over sites."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clickbait.labelling import labelling_order, ordered_frame


def test_the_most_uncertain_teaser_of_every_site_comes_before_the_second_of_any() -> None:
    # Site A has the two most uncertain teasers, but B's only one comes before A's second.
    scores = [0.9, 0.52, 0.1, 0.3, 0.49]
    sites = ["A", "A", "A", "B", "A"]
    assert labelling_order(scores, sites, threshold=0.5) == [4, 3, 1, 0, 2]


def test_within_a_round_the_most_uncertain_come_first_and_ties_keep_page_order() -> None:
    scores = [0.1, 0.9, 0.6, 0.45]
    sites = ["A", "B", "C", "D"]
    assert labelling_order(scores, sites, threshold=0.5) == [3, 2, 0, 1]


def test_the_threshold_decides_what_is_uncertain() -> None:
    scores, sites = [0.2, 0.8], ["A", "A"]
    assert labelling_order(scores, sites, threshold=0.25) == [0, 1]
    assert labelling_order(scores, sites, threshold=0.75) == [1, 0]


def test_page_order_is_the_order_given() -> None:
    assert labelling_order([0.9, 0.5, 0.1], ["A", "B", "A"], 0.5, order="page") == [0, 1, 2]


@pytest.mark.parametrize(
    ("scores", "sites", "order", "message"),
    [([0.5], ["A"], "random", "order must be one of"), ([0.5, 0.1], ["A"], "page", "2 scores")],
)
def test_bad_arguments_are_refused(
    scores: list[float], sites: list[str], order: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        labelling_order(scores, sites, 0.5, order)


teasers = st.lists(st.tuples(st.floats(0, 1), st.sampled_from("ABCDE")), min_size=0, max_size=60)


@given(teasers, st.floats(0.05, 0.95))
def test_the_order_is_round_robin_over_sites_by_uncertainty(
    items: list[tuple[float, str]], threshold: float
) -> None:
    scores = [score for score, _ in items]
    sites = [site for _, site in items]
    order = labelling_order(scores, sites, threshold)
    assert sorted(order) == list(range(len(items)))
    seen: Counter[str] = Counter()
    ranks = []
    last_distance: dict[str, float] = {}
    for index in order:
        site, distance = sites[index], abs(scores[index] - threshold)
        # Each site's teasers come nearest the threshold first...
        assert distance >= last_distance.get(site, 0.0)
        last_distance[site] = distance
        ranks.append(seen[site])
        seen[site] += 1
    # ...and no site gives its (r+1)-th teaser before every site has given its r-th.
    assert ranks == sorted(ranks)


def test_a_frame_comes_in_labelling_order() -> None:
    frame = pd.DataFrame(
        {"headline": list("wxyz"), "score": [0.9, 0.5, 0.4, 0.1], "site": ["a", "a", "b", "b"]}
    )
    assert list(ordered_frame(frame, 0.5)["headline"]) == ["x", "y", "w", "z"]
    assert list(ordered_frame(frame, 0.5, order="page")["headline"]) == list("wxyz")
