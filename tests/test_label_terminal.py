"""``clickbait label`` in a real pseudo-terminal: keys in, labels on disk, whatever the
way the session ends (q, Ctrl-C, SIGTERM, SIGKILL), and a resumed session goes on."""

from __future__ import annotations

import csv
import io
import signal
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import main
from clickbait.datasets import load_labelled_file
from clickbait.labelling.store import LabelStore

from .conftest import FIXTURES

pexpect = pytest.importorskip("pexpect")

CLICKBAIT = Path(sys.executable).with_name("clickbait")
INPUTS = [str(FIXTURES / "sites"), str(FIXTURES.parent.parent / "data" / "examples")]
TOTAL = 11  # distinct teasers of INPUTS
LEAVE_SCREEN = "\x1b[?1049l"  # the session gives the terminal back as it was


def batch_order(model: Path, out: Path) -> list[dict[str, str]]:
    """The teasers a session on ``out`` asks for, in order, as --batch gives them."""
    result = CliRunner().invoke(
        main, ["label", "--model", str(model), *INPUTS, "--out", str(out), "--batch", "-q"]
    )
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))


def spawn(model: Path, out: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        str(CLICKBAIT),
        ["label", "--model", str(model), *INPUTS, "--out", str(out)],
        dimensions=(50, 250),
        encoding="utf-8",
        timeout=30,
    )
    child.expect_exact("teaser 1 of ")
    return child


def press(child: pexpect.spawn, keys: str, then: str) -> None:
    child.send(keys)
    child.expect_exact(then)


def given(out: Path) -> list[tuple[str, str]]:
    store = LabelStore(out)
    store.open()
    return [(row["headline"], row["label"]) for row in store.rows]


def ended(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.before


def test_each_label_given_is_in_the_files_after_q(small_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels.tsv"
    order = batch_order(small_model_dir, out)
    child = spawn(small_model_dir, out)
    child.expect_exact(order[0]["headline"])
    press(child, "f", f"teaser 2 of {TOTAL}")
    press(child, "n", f"teaser 3 of {TOTAL}")
    press(child, "u", f"teaser 4 of {TOTAL}")
    press(child, "t", f"teaser 5 of {TOTAL}")
    child.send("q")
    tail = ended(child)
    assert child.exitstatus == 0
    assert LEAVE_SCREEN in tail and "4 label(s) given, 0 skipped" in tail
    headlines = [row["headline"] for row in order]
    assert given(out) == [
        (headlines[0], "filler"),
        (headlines[1], "news"),
        (headlines[2], "unsure"),
        (headlines[3], "not-teaser"),
    ]
    assert list(load_labelled_file(out)["headline"]) == headlines[:2]


def test_ctrl_c_keeps_every_label(small_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels.tsv"
    headlines = [row["headline"] for row in batch_order(small_model_dir, out)]
    child = spawn(small_model_dir, out)
    press(child, "f", f"teaser 2 of {TOTAL}")
    press(child, "n", f"teaser 3 of {TOTAL}")
    child.sendintr()
    tail = ended(child)
    assert child.exitstatus == 130
    assert LEAVE_SCREEN in tail and "interrupted; 2 label(s) in" in tail
    assert given(out) == [(headlines[0], "filler"), (headlines[1], "news")]


def test_sigterm_keeps_every_label(small_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "labels.tsv"
    headlines = [row["headline"] for row in batch_order(small_model_dir, out)]
    child = spawn(small_model_dir, out)
    press(child, "n", f"teaser 2 of {TOTAL}")
    child.kill(signal.SIGTERM)
    tail = ended(child)
    assert child.exitstatus == 143
    assert LEAVE_SCREEN in tail and "stopped (SIGTERM)" in tail
    assert given(out) == [(headlines[0], "news")]


def test_a_killed_session_keeps_its_labels_and_resumes_where_it_stopped(
    small_model_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "labels.tsv"
    headlines = [row["headline"] for row in batch_order(small_model_dir, out)]
    child = spawn(small_model_dir, out)
    press(child, "f", f"teaser 2 of {TOTAL}")
    press(child, "n", f"teaser 3 of {TOTAL}")
    child.kill(signal.SIGKILL)
    ended(child)
    assert child.signalstatus == signal.SIGKILL
    first = [(headlines[0], "filler"), (headlines[1], "news")]
    assert given(out) == first

    rest = [row["headline"] for row in batch_order(small_model_dir, out)]
    assert len(rest) == TOTAL - 2 and not set(rest) & set(headlines[:2])
    child = spawn(small_model_dir, out)
    child.expect_exact(rest[0])
    for number in range(2, len(rest) + 1):
        press(child, "n", f"teaser {number} of {len(rest)}")
    press(child, "n", "Nothing left to label.")
    child.send("q")
    ended(child)
    assert child.exitstatus == 0
    assert given(out) == first + [(headline, "news") for headline in rest]


def test_back_takes_a_label_back_and_skip_leaves_a_teaser_for_later(
    small_model_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "labels.tsv"
    headlines = [row["headline"] for row in batch_order(small_model_dir, out)]
    child = spawn(small_model_dir, out)
    press(child, "f", f"teaser 2 of {TOTAL}")
    press(child, "b", "label taken back (was filler)")
    press(child, "n", f"teaser 2 of {TOTAL}")
    press(child, "s", f"teaser 3 of {TOTAL}")
    press(child, "?", "Labelling guide")
    press(child, " ", f"teaser 3 of {TOTAL}")
    press(child, "z", "does nothing")
    child.send("q")
    ended(child)
    assert given(out) == [(headlines[0], "news")]
    assert headlines[1] in [row["headline"] for row in batch_order(small_model_dir, out)]
