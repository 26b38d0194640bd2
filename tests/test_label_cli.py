"""``clickbait label`` without a terminal: --batch, --merge, and what it refuses."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_MODEL, EXIT_OK, EXIT_SOME_INPUTS_FAILED, EXIT_USAGE, main
from clickbait.datasets import load_labelled_file
from clickbait.labelling.store import COLUMNS, LabelStore

from .conftest import FIXTURES

EXAMPLE_PAGE = FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"
TABLE = (
    "headline,snippet,url\n"
    "Les 7 signes qui montrent que votre chat vous aime,,https://table.example/chat\n"
    '"La BCE relève ses taux de 0,25 point jeudi",La décision était attendue.,'
    "https://table.example/bce\n"
)


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    """Three sites of pages (one page twice, under two names) and a table."""
    pages = tmp_path / "crawl"
    shutil.copytree(FIXTURES / "sites", pages)
    shutil.copy(pages / "site-a.html", pages / "site-a-again.html")
    (tmp_path / "table.csv").write_text(TABLE, encoding="utf-8")
    return [str(pages), str(EXAMPLE_PAGE), str(tmp_path / "table.csv")]


def label(model: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["label", "--model", str(model), *args])
    return result.exit_code, result.stdout, result.stderr


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def test_batch_writes_each_teaser_once_in_uncertainty_order_spread_over_sites(
    small_model_dir: Path, inputs: list[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "labels.tsv")
    code, stdout, _ = label(small_model_dir, *inputs, "--out", out, "--batch")
    assert code == EXIT_OK
    assert stdout.splitlines()[0].split("\t") == list(COLUMNS)
    rows = table(stdout)
    assert all(row["label"] == "" for row in rows)
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)) == 13  # the page read twice gives its teasers once
    sites = [row["site"] for row in rows]
    assert set(sites) == {
        "site-a.example",
        "site-b.example",
        "courrier-valmont.example",
        "table.example",
    }
    assert len(set(sites[:4])) == 4  # every site's most uncertain teaser first
    distance = [abs(float(row["score"]) - 0.5) for row in rows]
    assert distance[:4] == sorted(distance[:4])
    for site in set(sites):
        mine = [d for d, s in zip(distance, sites, strict=True) if s == site]
        assert mine == sorted(mine)
    _, in_page_order, _ = label(
        small_model_dir, *inputs, "--out", out, "--batch", "--order", "page"
    )
    page_rows = table(in_page_order)
    assert sorted(keys) == sorted(row["key"] for row in page_rows)
    assert keys != [row["key"] for row in page_rows]
    assert page_rows[0]["source"].endswith("site-a-again.html")  # folders are read sorted
    assert page_rows[-1]["headline"].startswith("La BCE")


def test_batch_leaves_out_what_is_labelled_and_stops_at_the_limit(
    small_model_dir: Path, inputs: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "labels.tsv"
    _, first, _ = label(small_model_dir, *inputs, "--out", str(out), "--batch")
    rows = table(first)
    store = LabelStore(out)
    store.open()
    store.add({**rows[0], "label": "news"})
    store.add({**rows[1], "label": "unsure"})
    code, again, stderr = label(small_model_dir, *inputs, "--out", str(out), "--batch")
    assert code == EXIT_OK
    left = [row["key"] for row in table(again)]
    assert sorted(left) == sorted(row["key"] for row in rows[2:])
    assert "13 distinct teaser(s) found, 2 already labelled" in stderr
    _, limited, _ = label(small_model_dir, *inputs, "--out", str(out), "--batch", "--limit", "3")
    assert [row["key"] for row in table(limited)] == left[:3]


def test_an_unreadable_input_is_named_and_the_others_are_offered(
    small_model_dir: Path, inputs: list[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01\x02" * 100)
    out = str(tmp_path / "labels.tsv")
    code, stdout, stderr = label(small_model_dir, str(broken), *inputs, "--out", out, "--batch")
    assert code == EXIT_SOME_INPUTS_FAILED
    assert "broken.html" in stderr
    assert len(table(stdout)) == 13


def test_a_filled_table_is_merged_into_the_file_of_labels(
    small_model_dir: Path, inputs: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "labels.tsv"
    _, stdout, _ = label(small_model_dir, *inputs, "--out", str(out), "--batch")
    rows = table(stdout)
    for row, value in zip(rows, ["filler", "News", "unsure", "not-teaser", ""], strict=False):
        row["label"] = value
    for row in rows[5:]:
        row["label"] = "filler" if float(row["score"]) >= 0.5 else "news"
    filled = tmp_path / "filled.tsv"
    with filled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    code, _, stderr = label(small_model_dir, "--merge", str(filled), "--out", str(out))
    assert code == EXIT_OK, stderr
    assert "12 label(s) added, 0 already labelled, 1 row(s) left to label" in stderr
    frame = load_labelled_file(out, require_both_classes=True)
    assert len(frame) == 10 and set(frame["label"]) == {"filler", "news"}
    left_out = load_left_out(out)
    assert [row["label"] for row in left_out] == ["unsure", "not-teaser"]
    code, again, stderr = label(small_model_dir, *inputs, "--out", str(out), "--batch")
    assert [row["key"] for row in table(again)] == [rows[4]["key"]]
    code, _, stderr = label(small_model_dir, "--merge", str(filled), "--out", str(out))
    assert "0 label(s) added, 12 already labelled" in stderr


def load_left_out(out: Path) -> list[dict[str, str]]:
    store = LabelStore(out)
    store.open()
    return [row for row in store.rows if row["label"] in {"unsure", "not-teaser"}]


def test_a_table_with_a_bad_label_adds_nothing(small_model_dir: Path, tmp_path: Path) -> None:
    filled = tmp_path / "filled.csv"
    filled.write_text("headline,label\nLe Sénat vote,news\nCe fruit,spam\n", encoding="utf-8")
    out = tmp_path / "labels.tsv"
    code, _, stderr = label(small_model_dir, "--merge", str(filled), "--out", str(out))
    assert code == EXIT_MODEL
    assert "filled.csv:3: label 'spam' is not one of" in stderr and "nothing was added" in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["PAGES", "--out", "OUT/labels.tsv"], "labelling needs a terminal; use --batch"),
        (["PAGES", "--out", "OUT/labels.txt", "--batch"], "must end in .tsv, .csv, .jsonl"),
        (["--out", "OUT/labels.tsv"], "give the pages to label"),
        (["PAGES", "--merge", "t.tsv", "--out", "OUT/labels.tsv"], "--merge takes no PATH"),
    ],
)
def test_bad_usage_is_said_in_one_line(
    small_model_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [a.replace("PAGES", str(FIXTURES / "sites")).replace("OUT", str(tmp_path)) for a in args]
    code, _, stderr = label(small_model_dir, *args)
    assert code == EXIT_USAGE
    assert message in stderr
    assert "Traceback" not in stderr


def test_a_file_of_labels_that_cannot_be_written_is_said_before_any_label(
    small_model_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    filled = tmp_path / "filled.csv"
    filled.write_text("headline,label\nLe Sénat vote le budget,news\n", encoding="utf-8")
    out = tmp_path / "taken" / "labels.tsv"
    code, _, stderr = label(small_model_dir, "--merge", str(filled), "--out", str(out))
    assert code == EXIT_MODEL
    assert stderr.startswith("clickbait: ") and "is not a folder" in stderr
    assert "Traceback" not in stderr
