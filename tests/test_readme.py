"""The README's examples run as written, so the documentation cannot rot.

The ```python blocks of each section in RUNNABLE are put together, in order, into one
script, which runs as ``python script.py`` in an empty working folder, with
``$CLICKBAIT_MODEL`` pointing at the small test model (the examples load "the shipped
model"): a script, not code handed to ``exec``, so that an example that only works
inside another program (a Dask cluster without its ``__main__`` guard) fails here.
:func:`prepare` makes what a section takes as given, such as a folder of WARC files.

The outputs the README shows (a JSON record, a WARC error, a report table, the exit
codes) are compared with what the command prints.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import main

from .warcs import EXAMPLE_PAGE, crawl_records, warc_bytes

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
RUNNABLE = ("Python", "At scale", "Reports")


def sections() -> dict[str, str]:
    """Second-level section title -> its text."""
    parts = re.split(r"^## ", README.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    return {part.split("\n", 1)[0].strip(): part for part in parts}


def blocks(title: str, language: str) -> list[str]:
    return [code for lang, code in BLOCK.findall(sections()[title]) if lang == language]


def python_blocks() -> dict[str, list[str]]:
    """Section title -> its python code blocks, for every section that has some."""
    return {title: found for title in sections() if (found := blocks(title, "python"))}


def prepare(title: str, folder: Path) -> None:
    """What a section's examples take as given, such as a folder of WARC files."""
    if title in ("At scale", "Reports"):
        (folder / "crawl").mkdir()
        (folder / "crawl" / "a.warc.gz").write_bytes(warc_bytes(crawl_records()))
        (folder / "crawl" / "b.warc.gz").write_bytes(warc_bytes(crawl_records()[2:5]))


def test_the_documented_sections_have_examples() -> None:
    found = python_blocks()
    assert len(found["Python"]) >= 5
    assert any("to_parquet" in block for block in found["At scale"])
    assert set(RUNNABLE) <= set(found)


@pytest.mark.docs
@pytest.mark.parametrize("title", RUNNABLE)
def test_readme_examples_run_as_a_script(title: str, small_model_dir: Path, tmp_path: Path) -> None:
    prepare(title, tmp_path)
    script = tmp_path / "example.py"
    script.write_text("\n\n".join(python_blocks()[title]), encoding="utf-8")
    env = {**os.environ, "CLICKBAIT_MODEL": str(small_model_dir)}
    done = subprocess.run(
        [sys.executable, script.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout
    if title == "Python":
        assert "https://news.example/storm" in printed
        assert "{'filler':" in printed
    if title == "At scale":
        assert (tmp_path / "scores").is_dir()
        assert "not scored" not in printed
        assert re.search(r"^label\n(filler|news) +\d+$", printed, re.MULTILINE)
    if title == "Reports":
        assert "news.example" in printed and "rows x" in printed


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def numbers_open(line: str) -> str:
    """A pattern of a documented line with each of its numbers left open."""
    return r"[\d,.]+".join(re.escape(part) for part in re.split(r"\d[\d,.]*\d|\d", line))


@pytest.mark.docs
def test_the_json_record_is_the_one_the_shipped_model_prints(in_root: None) -> None:
    (shown,) = blocks("Command line", "json")
    expected = json.loads(shown)
    result = CliRunner().invoke(main, ["score", "data/examples/page-fr.html"])
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    actual = printed[expected["index"]]
    # Every field as printed; the score close to it, as a retrained model may move it.
    assert {k: v for k, v in actual.items() if k != "score"} == {
        k: v for k, v in expected.items() if k != "score"
    }, json.dumps(actual, ensure_ascii=False)
    assert abs(actual["score"] - expected["score"]) < 0.01, json.dumps(actual, ensure_ascii=False)


def test_the_documented_summary_line_is_the_one_printed(
    small_model_dir: Path, in_root: None
) -> None:
    shown = next(b for b in blocks("Command line", "text") if b.startswith("clickbait: "))
    pattern = numbers_open(shown.strip())
    result = CliRunner().invoke(
        main, ["score", "--model", str(small_model_dir), "data/examples/page-fr.html", "x.html"]
    )
    assert re.fullmatch(pattern, result.stderr.splitlines()[-1]), result.stderr


def test_the_documented_warc_error_is_the_one_printed(
    small_model_dir: Path, tmp_path: Path
) -> None:
    (shown,) = blocks("At scale", "text")
    data = warc_bytes(crawl_records())
    middle = len(data) // 2
    (tmp_path / "crawl.warc.gz").write_bytes(data[:middle] + b"\0" * 40 + data[middle + 40 :])
    result = CliRunner().invoke(
        main, ["score", "--model", str(small_model_dir), str(tmp_path / "crawl.warc.gz")]
    )
    assert result.exit_code == 1
    # The README's line with its folder, offset and reason left open.
    pattern = numbers_open(shown.strip()).replace(re.escape("(...)"), r"\(.+\)")
    pattern = pattern.replace("clickbait:\\ ", "clickbait:\\ .*", 1)
    assert any(re.fullmatch(pattern, line) for line in result.stderr.splitlines()), result.stderr


def test_the_documented_report_table_has_the_printed_columns_and_rows(in_root: None) -> None:
    shown = next(b for b in blocks("Reports", "text") if b.startswith("Domains"))
    command = ["report", str(EXAMPLE_PAGE.relative_to(ROOT)), "--by", "domain", "--format", "table"]
    result = CliRunner(env={"COLUMNS": "100"}).invoke(main, command)
    assert result.exit_code == 0, result.output

    def rows(text: str) -> list[tuple[str, str, str]]:
        """(domain, teasers, sponsored) of each row: what no model changes."""
        lines = text.strip().splitlines()[2:]
        return [
            (c[0], c[1], c[4]) for line in lines if not line.startswith(" ") for c in [line.split()]
        ]

    assert result.stdout.splitlines()[:2] == shown.splitlines()[:2]
    assert rows(result.stdout) == rows(shown)
    assert all(len(line) <= 100 for line in shown.splitlines())


def test_the_exit_codes_are_the_ones_the_help_gives() -> None:
    table = sections()["Command line"].split("Exit codes:", 1)[1]
    documented = [int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)]
    epilog = CliRunner().invoke(main, ["score", "--help"]).output.split("Exit codes:\n", 1)[1]
    helped = [int(line.split()[0]) for line in epilog.splitlines() if line.strip()]
    assert documented == helped


def test_quick_start_installs_without_extras_and_tests_with_them() -> None:
    score, test = blocks("Quick start", "bash")
    assert "pip install -e . &&" in score and "clickbait score" in score
    assert 'pip install -e ".[test]"' in test and "pytest" in test
