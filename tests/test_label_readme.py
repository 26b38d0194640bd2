"""The README's "Label your own sites" holds: its commands parse, its keys are the
session's, and its worked example goes from labels to a retrained, scored, evaluated model."""

from __future__ import annotations

import csv
import io
import math
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import main
from clickbait.labelling.guide import ACTION_KEYS, LABEL_KEYS
from clickbait.labelling.store import COLUMNS

from .conftest import FIXTURES

README = FIXTURES.parent.parent / "README.md"
INPUTS = [str(FIXTURES / "sites"), str(FIXTURES.parent.parent / "data" / "examples")]


def section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Label your own sites\n", 1)[1].split("\n## ", 1)[0]


def commands(name: str) -> list[list[str]]:
    """The ``clickbait NAME`` command lines of the section's bash blocks, as arguments."""
    blocks = re.findall(r"^```bash\n(.*?)^```", section(), re.MULTILINE | re.DOTALL)
    lines = [line for block in blocks for line in block.splitlines()]
    return [
        shlex.split(line.split(" #", 1)[0].split(" > ", 1)[0])[1:]
        for line in lines
        if line.startswith(f"clickbait {name} ")
    ]


def test_the_documented_label_commands_parse() -> None:
    found = commands("label")
    assert len(found) >= 4
    for args in found:
        main.commands["label"].make_context("label", args[1:])


def test_the_documented_keys_are_the_sessions() -> None:
    table = dict(re.findall(r"^\| `(.)` \| ([^|]+)\|", section(), re.MULTILINE))
    assert set(table) == set(LABEL_KEYS) | set(ACTION_KEYS)
    for key, label in LABEL_KEYS.items():
        assert table[key].startswith({"not-teaser": "not a teaser"}.get(label, label))
    for key, action in ACTION_KEYS.items():
        assert table[key].startswith(action if action != "guide" else "the labelling guide")


def test_the_documented_columns_are_the_files() -> None:
    listed = section().split("**The files.**", 1)[1].split("`unsure`", 1)[0]
    names = re.findall(r"`(\w+)`", listed)
    assert names[names.index("headline") :] == list(COLUMNS)


@pytest.mark.slow
def test_the_worked_example_retrains_scores_and_evaluates(
    small_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    # The labels a session would give, through the batch table (both classes, and one
    # unsure label that must not reach training).
    model = ["--model", str(small_model_dir)]
    rows = list(
        csv.DictReader(
            io.StringIO(run("label", *model, *INPUTS, "--out", "labels.tsv", "--batch")),
            delimiter="\t",
        )
    )
    for row in rows:
        row["label"] = "filler" if float(row["score"]) >= 0.5 else "news"
    rows[0]["label"] = "unsure"
    with open("to-label.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    run("label", "--merge", "to-label.tsv", "--out", "labels.tsv")

    config = re.search(r"<<'EOF'\n(.*?)\nEOF\n", section(), re.DOTALL)
    assert config is not None
    Path("my-sites.toml").write_text(config.group(1), encoding="utf-8")
    Path("crawl").mkdir()
    (Path("crawl") / "page.html").write_bytes((FIXTURES / "sites" / "site-a.html").read_bytes())
    run(*commands("train")[0])
    assert "Santé : ce signe sur vos mains" in run(*commands("score")[0])
    assert "file:labels.tsv" in run(*commands("evaluate")[0])
    card = Path("my-model/MODEL_CARD.md").read_text(encoding="utf-8")
    trained = re.search(r"^\| file:labels\.tsv \| (\d+) \| (\d+) \|", card, re.MULTILINE)
    assert trained is not None
    labelled = len(rows) - 1  # the unsure one stays out
    # Fewer when a held-out headline has a twin (same headline, another snippet).
    assert 0 < int(trained.group(1)) + int(trained.group(2)) <= labelled - math.ceil(0.2 * labelled)
