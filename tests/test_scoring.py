from __future__ import annotations

import json
from pathlib import Path

import pytest

from clickbait.model import TeaserModel
from clickbait.scoring import score_sources

from .conftest import FIXTURES


def _jsonl(path: Path, headlines: list[str]) -> Path:
    path.write_text("".join(json.dumps({"headline": h}) + "\n" for h in headlines))
    return path


@pytest.mark.parametrize("batch_size", [1, 3, 7, 100])
def test_a_table_comes_in_batches_with_continuous_indexes(
    small_model: TeaserModel, tmp_path: Path, batch_size: int
) -> None:
    headlines = [f"Titre numéro {i} du jour" for i in range(7)]
    table = _jsonl(tmp_path / "t.jsonl", headlines)
    results = list(score_sources(small_model, [str(table)], batch_size=batch_size))
    assert len(results) == -(-7 // batch_size)
    assert [r.start for r in results] == list(range(0, 7, batch_size))
    records = [record for result in results for record in result.records()]
    assert [r["index"] for r in records] == list(range(7))
    assert [r["headline"] for r in records] == headlines


def test_a_table_batch_matches_scoring_the_whole_table(
    small_model: TeaserModel, tmp_path: Path
) -> None:
    headlines = [f"Vous ne devinerez jamais ce que fait le numéro {i}" for i in range(5)]
    table = _jsonl(tmp_path / "t.jsonl", headlines)
    one = [r["score"] for x in score_sources(small_model, [str(table)]) for r in x.records()]
    many = [
        r["score"]
        for x in score_sources(small_model, [str(table)], batch_size=2)
        for r in x.records()
    ]
    assert one == pytest.approx(many)


def test_a_broken_row_of_a_table_costs_only_that_row(
    small_model: TeaserModel, tmp_path: Path
) -> None:
    table = tmp_path / "t.csv"
    rows = b"Un titre assez long\n" * 5
    table.write_bytes(b"headline\n" + rows + b'"' + b"x" * 200_000 + b'"\n' + rows)
    page = FIXTURES / "scrape.txt"
    results = list(score_sources(small_model, [str(table), str(page)], batch_size=2))
    table_results = [r for r in results if r.source == str(table)]
    assert all(r.error is None for r in table_results)
    assert sum(len(r.scored) for r in table_results) == 10
    problems = [p for r in table_results for p in r.problems]
    assert problems == ["line 7: a field longer than 131,072 characters (the CSV limit)"]
    # Each teaser's index is its row: row 5 (line 7) was skipped.
    indexes = [rec["index"] for r in table_results for rec in r.records()]
    assert indexes == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10]
    assert len(results[-1].scored) == 3  # the next input is still scored


def test_problems_of_a_table_are_reported_with_their_lines(
    small_model: TeaserModel, tmp_path: Path
) -> None:
    table = tmp_path / "t.jsonl"
    table.write_text('{"headline": "Un titre assez long"}\n{broken\n{"headline": ""}\n')
    (result,) = score_sources(small_model, [str(table)])
    assert len(result.scored) == 1
    assert result.problems == (
        "line 2: not valid JSON (object keys must be strings (byte 1))",
        "line 3: empty headline",
    )


def test_tables_stream_between_warc_records_and_pages_in_input_order(
    small_model: TeaserModel, tmp_path: Path
) -> None:
    from .warcs import EXAMPLE_PAGE, crawl_records, warc_bytes

    (tmp_path / "a.warc.gz").write_bytes(warc_bytes(crawl_records()))
    table = _jsonl(tmp_path / "b.jsonl", [f"Titre numéro {i} du jour" for i in range(5)])
    (tmp_path / "c.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    results = list(score_sources(small_model, [str(tmp_path)], batch_size=2))
    warc_uris = ["https://news.example/fr/page", "https://news.example/en/storm"]
    assert [r.source for r in results] == [
        *warc_uris,
        "https://news.example/saved",
        str(table),
        str(table),
        str(table),
        str(tmp_path / "c.html"),
    ]
    assert all(r.error is None for r in results)
    assert [r.start for r in results] == [0, 0, 0, 0, 2, 4, 0]
    assert all(r.url for r in results[:3]) and not any(r.url for r in results[3:6])
    table_records = [rec for r in results if r.source == str(table) for rec in r.records()]
    assert [rec["index"] for rec in table_records] == list(range(5))
    assert [len(r.scored) for r in results[-1:]] == [len(results[0].scored)]


@pytest.mark.parametrize("batch_size", [1, 4, 2048])
def test_unreadable_inputs_keep_their_place_among_scored_pages(
    small_model: TeaserModel, tmp_path: Path, batch_size: int
) -> None:
    from .warcs import EXAMPLE_PAGE

    page = tmp_path / "a.html"
    page.write_bytes(EXAMPLE_PAGE.read_bytes())
    binary = tmp_path / "b.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    scrape = FIXTURES / "scrape.txt"
    inputs = [str(page), str(tmp_path / "missing.html"), str(binary), str(scrape), str(page)]
    results = list(score_sources(small_model, inputs, batch_size=batch_size))
    assert [r.source for r in results] == inputs
    assert [r.error is not None for r in results] == [False, True, True, False, False]
    assert [len(r.scored) for r in results] == [5, 0, 0, 3, 5]
    assert [s.score for s in results[0].scored] == [s.score for s in results[4].scored]
    # A page's url is the address it gives for itself; a text scrape gives none.
    canonical = "https://courrier-valmont.example/valmont/budget-2026"
    assert [r.url for r in results] == [canonical, "", "", "", canonical]


@pytest.mark.parametrize("batch_size", [1, 4, 100])
def test_rows_straight_to_records_match_the_teaser_path(
    small_model: TeaserModel, tmp_path: Path, batch_size: int
) -> None:
    lines = [
        json.dumps({"headline": "  Le Sénat   adopte le budget ", "snippet": "Un vote serré"}),
        "{broken",
        json.dumps({"headline": "Ce légume que vous jetez", "url": "/x", "sponsored": "yes"}),
        json.dumps({"title": "no headline"}),
        json.dumps({"headline": "CafÃ© : la recette", "snippet": None}),
    ]
    table = tmp_path / "t.jsonl"
    table.write_text("\n".join(lines) + "\n")

    def run(records_only: bool) -> list:
        return list(
            score_sources(
                small_model, [str(table)], batch_size=batch_size, records_only=records_only
            )
        )

    teasers, rows = run(False), run(True)
    assert [r.problems for r in rows] == [r.problems for r in teasers]
    assert [r.start for r in rows] == [r.start for r in teasers]
    assert [list(r.records()) for r in rows] == [list(r.records()) for r in teasers]
    assert all(r.scored == [] and r.rows is not None for r in rows)
    assert sum(r.teaser_count for r in rows) == sum(r.teaser_count for r in teasers) == 3
    assert sum(r.filler_count for r in rows) == sum(r.filler_count for r in teasers)
