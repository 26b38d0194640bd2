"""Table rows scored straight to records give what the Teaser path gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.model import TeaserModel
from clickbait.output import jsonl
from clickbait.rowscoring import score_rows
from clickbait.scoring import SourceResult
from clickbait.teasers import teaser_from_row

ROWS = [
    {"headline": "Ce légume que vous mangez abîme vos artères", "snippet": "Les médecins..."},
    {"headline": "  Le Sénat   adopte\tle budget ", "snippet": "", "url": " /a/1 "},
    {"headline": "CafÃ© : ce que vous ignorez", "snippet": "Ã§a alors", "sponsored": "Yes"},
    {"headline": "Grève à la RATP", "sponsored": "0", "url": ""},
    {"headline": "", "snippet": "sans titre"},
    {"headline": "Storm Ivar closes three ports", "snippet": "x", "sponsored": " TRUE "},
]


def teaser_path(model: TeaserModel, rows: list[dict[str, str]], explain: int = 0) -> list[dict]:
    teasers = [teaser_from_row(row, index) for index, row in enumerate(rows)]
    result = SourceResult("table.csv", model.score_teasers(teasers, explain))
    return list(result.records())


@pytest.mark.parametrize("explain", [0, 3])
def test_records_are_the_teaser_paths(small_model: TeaserModel, explain: int) -> None:
    expected = teaser_path(small_model, ROWS, explain)
    found = score_rows(small_model, "table.csv", ROWS, range(len(ROWS)), explain)
    assert found == expected
    assert [list(r) for r in found] == [list(r) for r in expected]  # keys in order too
    assert jsonl(found) == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected)


def test_no_rows_no_records(small_model: TeaserModel) -> None:
    assert score_rows(small_model, "t.csv", [], []) == []
    with pytest.raises(ValueError, match="indices"):
        score_rows(small_model, "t.csv", ROWS, [0])


RECORD = st.fixed_dictionaries(
    {
        "source": st.text(),
        "index": st.integers(min_value=0, max_value=10**12),
        "headline": st.text(),
        "snippet": st.text(),
        "url": st.text(),
        "block": st.text(),
        "sponsored": st.booleans(),
        "score": st.one_of(st.floats(), st.floats(0, 1).map(lambda x: round(x, 6))),
        "label": st.sampled_from(["filler", "news"]),
    }
)


@settings(max_examples=300)
@given(st.lists(st.one_of(RECORD, st.dictionaries(st.text(max_size=3), st.integers()))))
def test_json_lines_are_jsons_for_any_record(records: list[dict]) -> None:
    assert jsonl(records) == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
