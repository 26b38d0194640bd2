"""What the labelling screen shows and how keys are read."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from clickbait.labelling.guide import GUIDE, KEY_LINE
from clickbait.labelling.screen import action_of, guide_pages, render, split_keys
from clickbait.labelling.session import Session
from clickbait.labelling.store import LabelStore

from .test_label_store import candidate

TEASER = candidate(
    "Santé : ce signe sur vos mains qui doit vous alerter",
    "Beaucoup de gens l'ignorent, pourtant les médecins sont formels...",
    score=0.62,
    url="/sante/mains",
    sponsored=True,
    pages=3,
)


def screen(tmp_path: Path, *items: object, message: str = "", width: int = 120) -> str:
    store = LabelStore(tmp_path / "labels.tsv")
    store.open()
    return click.unstyle(render(Session(list(items), store), 0.5, message, width))


def test_the_screen_shows_what_a_labeller_needs_to_decide(tmp_path: Path) -> None:
    text = screen(tmp_path, TEASER, message="saved news: Le Sénat")
    for shown in [
        TEASER.headline,
        TEASER.snippet,
        "block   Vous aimerez aussi  · sponsored",
        "link    https://www.site.example/sante/mains",
        "host    site.example",
        "page    crawl/a.html  (https://www.site.example/page)",
        "and 2 other page(s)",
        "model   0.62 filler  (threshold 0.50)",
        KEY_LINE,
        "saved news: Le Sénat",
        "teaser 1 of 1",
    ]:
        assert shown in text


def test_a_narrow_terminal_wraps_the_text(tmp_path: Path) -> None:
    text = screen(tmp_path, TEASER, width=40)
    assert TEASER.headline not in text
    assert all(len(line) <= 40 for line in text.splitlines())
    assert "f filler" in text and "? guide" in text


def test_the_end_of_the_session_says_so(tmp_path: Path) -> None:
    assert "Nothing left to label." in screen(tmp_path)


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("f", ["f"]),
        ("fnq", ["f", "n", "q"]),  # typed ahead: every key counts
        ("\x1b[Df", ["\x1b[D", "f"]),  # the left arrow is one key
        ("é\x1b", ["é", "\x1b"]),
    ],
)
def test_keys_typed_together_are_each_read(typed: str, keys: list[str]) -> None:
    assert split_keys(typed) == keys


@pytest.mark.parametrize(
    ("key", "action"),
    [
        ("f", "filler"),
        ("N", "news"),
        ("u", "unsure"),
        ("t", "not-teaser"),
        ("b", "back"),
        ("\x1b[D", "back"),
        ("\x7f", "back"),
        ("s", "skip"),
        ("q", "quit"),
        ("\x04", "quit"),
        ("?", "guide"),
        ("x", None),
        ("\x1b[A", None),
    ],
)
def test_what_each_key_does(key: str, action: str | None) -> None:
    assert action_of(key) == action


@pytest.mark.parametrize("height", [12, 24, 60])
def test_the_guide_fits_the_terminal_and_is_shown_whole(height: int) -> None:
    pages = [click.unstyle(page) for page in guide_pages(height)]
    assert all(len(page.splitlines()) <= height for page in pages)
    assert "\n".join(page.rsplit("\n\n", 1)[0] for page in pages) == GUIDE
    assert pages[-1].endswith("any key: back to the teaser")
