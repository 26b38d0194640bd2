"""What a person reads in a terminal: tables that fit its width with every value whole,
and a progress bar with a total, its time left and a summary line at the end."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.cli import main
from clickbait.output import TeaserTable
from clickbait.terminal import clean, display_width, text_table, wrap

from .conftest import FIXTURES

EXAMPLE_PAGE = FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"
CLICKBAIT = Path(sys.executable).parent / "clickbait"
WIDTHS = (80, 200)
# A source as long as those of a real crawl, and a block name longer than its column.
DEEP = ("../" * 2) + "shared/pages/real/fundus/LeFigaro_2024_11_22_une_page_au_nom_long.html"
LONG_BLOCK = "Articles qui pourraient vous intéresser également sur ce site"


def words(text: str) -> list[str]:
    return clean(text).split()


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        st.characters(blacklist_categories=("Cs",)) | st.sampled_from(" /-"), max_size=120
    ),
    width=st.integers(1, 60),
)
def test_wrapped_lines_fit_and_lose_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert lines
    # A character wider than the line itself (a wide one on a line of 1) takes it alone.
    assert all(display_width(line) <= width or len(line) == 1 for line in lines)
    assert "".join(lines).replace(" ", "") == clean(text).replace(" ", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Titre\x1b[2J effacé\tet\nsuite", "Titre [2J effacé et suite"),
        ("  deux   espaces  ", "deux espaces"),
        ("ligne\u2028séparée", "ligne séparée"),
    ],
)
def test_cells_cannot_move_the_cursor(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_wide_characters_count_twice() -> None:
    assert display_width("東京の天気") == 10
    assert display_width("e\u0301te\u0301") == 3  # combining accents take no column
    assert all(display_width(line) <= 6 for line in wrap("東京の天気 予報", 6))


def record(headline: str, source: str, block: str, reasons: int = 0) -> dict:
    explanation = [
        {
            "feature": f'second-person address in the headline: "vous", "vos" n°{i}',
            "contribution": 1.5 - i,
        }
        for i in range(reasons)
    ]
    return {
        "source": source,
        "label": "filler",
        "score": 0.9876,
        "headline": headline,
        "block": block,
        **({"explanation": explanation} if reasons else {}),
    }


def teaser_rows(text: str) -> list[dict]:
    """The rows of a ``score --format table`` as a person reads them: each teaser's
    label, score, headline and block put together from its lines, the reasons stacked
    under it (without their values), and the source it is under."""
    header, *lines = text.splitlines()
    start = {name: header.index(name) for name in ("label", "score", "headline", "block")}
    rows: list[dict] = []
    source, last = "", ""
    for line in lines:
        if line.startswith("source: "):
            source, last = line[len("source: ") :], "source"
        elif not line.strip():
            continue
        elif last == "source" and line.startswith(" "):
            source += line.strip()  # a long source goes on, indented
        elif re.match(rf" {{{start['headline']}}}[ +-]\d+\.\d\d  ", line):
            rows[-1]["why"].append(" ".join(line.split()[1:]))
            last = "why"
        elif last == "why" and line.startswith(" "):
            rows[-1]["why"][-1] += " " + line.strip()  # a long reason goes on under itself
        else:
            if not line.startswith(" "):
                rows.append(
                    {
                        "label": line[: start["score"]].strip(),
                        "score": line[start["score"] : start["headline"]].strip(),
                        "headline": "",
                        "block": "",
                        "source": source,
                        "why": [],
                    }
                )
            last = "row"
            row = rows[-1]
            row["headline"] += " " + line[start["headline"] : start["block"]].strip()
            row["block"] += " " + line[start["block"] :].strip()
    return rows


@pytest.mark.parametrize("width", WIDTHS)
def test_teaser_table_fits_and_shows_every_value_whole(width: int) -> None:
    import io

    stream = io.StringIO()
    table = TeaserTable(stream, width)
    records = [
        record(
            "Santé : ce signe sur vos mains qui doit vous alerter, selon les médecins",
            DEEP,
            LONG_BLOCK,
            3,
        ),
        record("Storm Ivar closes three North Sea ports", DEEP, "outbrain", 3),
        record("Un titre", "https://news.example/" + "a" * 150, "", 1),
    ]
    for item in records:
        table.write(item)
    text = stream.getvalue()
    assert all(display_width(line) <= width for line in text.splitlines())
    rows = teaser_rows(text)
    assert len(rows) == len(records)
    for row, item in zip(rows, records, strict=True):
        assert row["label"] == "filler" and row["score"] == "0.99"
        assert words(row["headline"]) == words(item["headline"])
        assert "".join(words(row["block"])) == "".join(words(item["block"]))
        assert row["source"].replace(" ", "") == item["source"]
        expected = [c["feature"] for c in item.get("explanation", [])]
        assert [r.split() for r in row["why"]] == [e.split() for e in expected]


@pytest.mark.parametrize("width", WIDTHS)
def test_score_table_at_the_terminals_width(
    width: int, small_model_dir: Path, tmp_path: Path
) -> None:
    deep = tmp_path / "shared" / "pages" / "real" / "fundus" / "LeFigaro_2024_11_22.html"
    deep.parent.mkdir(parents=True)
    deep.write_bytes(EXAMPLE_PAGE.read_bytes())
    runner = CliRunner(env={"COLUMNS": str(width)})
    args = ["score", "--model", str(small_model_dir), str(EXAMPLE_PAGE), str(deep)]
    shown = runner.invoke(main, [*args, "--format", "table", "--explain", "3"])
    assert shown.exit_code == 0, shown.output
    assert all(display_width(line) <= width for line in shown.stdout.splitlines())
    expected = [json.loads(line) for line in runner.invoke(main, args).stdout.splitlines()]
    rows = teaser_rows(shown.stdout)
    assert len(rows) == len(expected) == 10
    for row, item in zip(rows, expected, strict=True):
        assert row["source"] == item["source"]
        assert words(row["headline"]) == words(item["headline"])
        assert words(row["block"]) == words(item["block"])
        assert row["score"] == f"{item['score']:.2f}" and row["label"] == item["label"]
        assert len(row["why"]) == 3


def test_a_narrow_terminal_wraps_headlines_a_wide_one_does_not(small_model_dir: Path) -> None:
    def lines(width: int) -> int:
        runner = CliRunner(env={"COLUMNS": str(width)})
        args = ["score", "--model", str(small_model_dir), str(EXAMPLE_PAGE), "--format", "table"]
        return len(runner.invoke(main, args).stdout.splitlines())

    assert lines(200) == 1 + 1 + 5  # header, source, one line per teaser
    assert lines(80) > lines(200)


@pytest.mark.parametrize("width", WIDTHS)
def test_report_and_evaluate_tables_fit(width: int, small_model_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": str(width)})
    done = runner.invoke(
        main, ["report", "--model", str(small_model_dir), str(EXAMPLE_PAGE), "--format", "table"]
    )
    assert done.exit_code == 0, done.output
    assert all(display_width(line) <= width for line in done.stdout.splitlines())
    assert set(words("Santé : ce signe sur vos mains qui doit vous alerter")) <= set(
        done.stdout.split()
    )
    labelled = tmp_path / "a-labelled-file-with-a-long-name-in-a-folder.csv"
    labelled.write_text(
        "headline,label,lang\nCe fruit que vous mangez chaque matin,filler,fr\n"
        "Le Sénat adopte le budget mardi,news,fr\n"
    )
    done = runner.invoke(
        main, ["evaluate", "--model", str(small_model_dir), str(labelled), "--format", "table"]
    )
    assert done.exit_code == 0, done.output
    assert all(display_width(line) <= width for line in done.stdout.splitlines())


def test_a_plain_table_keeps_numbers_whole() -> None:
    table = text_table(["name", "n"], [["a " * 40, "12,345"]], numeric={1}, width=40)
    assert all(len(line) <= 40 for line in table.splitlines())
    assert table.splitlines()[1].endswith("12,345")


# -- a real terminal ------------------------------------------------------------------


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("width", WIDTHS)
def test_in_a_real_terminal_nothing_wraps(width: int, small_model_dir: Path) -> None:
    session = f"clickbait-table-{width}-{time.monotonic_ns()}"
    command = (
        f"{CLICKBAIT} score --model {small_model_dir} {EXAMPLE_PAGE} --format table "
        "--explain 3; echo END-OF-RUN; sleep 30"
    )
    tmux("new-session", "-d", "-s", session, "-x", str(width), "-y", "120", command)
    try:
        deadline = time.monotonic() + 30
        while "END-OF-RUN" not in (screen := tmux("capture-pane", "-p", "-t", session)):
            assert time.monotonic() < deadline, screen
            time.sleep(0.2)
        joined = tmux("capture-pane", "-p", "-J", "-t", session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    # A line the terminal had to wrap shows as two screen rows, joined again by -J.
    assert screen.rstrip().splitlines() == joined.rstrip().splitlines()
    assert screen.splitlines()[0].split() == ["label", "score", "headline", "block"]
    assert "Santé : ce signe sur vos mains" in " ".join(screen.split())


def test_progress_has_a_total_and_the_run_a_summary(small_model_dir: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    folder = tmp_path / "crawl"
    folder.mkdir()
    for n in range(12):
        (folder / f"page-{n:02}.html").write_bytes(EXAMPLE_PAGE.read_bytes())
    (folder / "broken.html").write_bytes(b"\x00\x01" * 100)
    out = tmp_path / "out.jsonl"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f"{CLICKBAIT} score --model {small_model_dir} {folder} > {out}"],
        encoding="utf-8",
        dimensions=(24, 120),
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before
    assert child.exitstatus == 1
    assert "/13 pages" in shown  # the folder was listed: a total
    assert re.search(r"<[0-9?]", shown)  # and the time left
    assert "pages/s" in shown and "s/ pages" not in shown
    summary = shown.strip().splitlines()[-1]
    assert re.fullmatch(
        r"clickbait: 13 inputs: 12 scored, 1 failed; 60 teasers, \d+ filler \(\d+%\); [\d.]+ s",
        summary.strip(),
    ), summary
    assert len(out.read_text().splitlines()) == 60
