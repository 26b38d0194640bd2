"""The file of labels: each label on disk when given, a training file, taken back cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clickbait.config import TrainingConfig
from clickbait.datasets import load_labelled_file
from clickbait.heldout import training_data
from clickbait.labelling.candidates import Candidate, clean, teaser_key
from clickbait.labelling.session import Session
from clickbait.labelling.store import (
    COLUMNS,
    LabelFileError,
    LabelStore,
    format_line,
    header_line,
    row_of,
)


def candidate(headline: str, snippet: str = "", score: float = 0.5, **fields: object) -> Candidate:
    values: dict = {
        "url": "/a",
        "block": "Vous aimerez aussi",
        "sponsored": False,
        "source": "crawl/a.html",
        "page_url": "https://www.site.example/page",
        "site": "site.example",
    }
    values.update(fields)
    return Candidate(
        key=teaser_key(headline, snippet),
        headline=clean(headline),
        snippet=clean(snippet),
        score=score,
        **values,
    )


NEWS = candidate("Le Sénat adopte le budget mardi", "Le texte a été voté par 190 voix.")
FILLER = candidate("Ce légume que vous jetez est le meilleur pour votre foie", score=0.91)
UNSURE = candidate("Penser la ville de demain", score=0.47)
NOT_TEASER = candidate("Sponsored Links by", score=0.6)


def label(store: LabelStore, item: Candidate, value: str) -> None:
    at = f"2025-01-01T10:00:{len(store.rows):02d}.000Z"
    store.add(row_of(item, value, at, 1.5))


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".jsonl"])
def test_the_file_of_labels_is_a_training_file_whatever_else_was_labelled(
    tmp_path: Path, suffix: str
) -> None:
    store = LabelStore(tmp_path / f"labels{suffix}")
    store.open()
    for item, value in [(NEWS, "news"), (UNSURE, "unsure"), (FILLER, "filler")]:
        label(store, item, value)
    label(store, NOT_TEASER, "not-teaser")
    frame = load_labelled_file(store.path, require_both_classes=True)
    assert list(frame["label"]) == ["news", "filler"]
    assert list(frame["headline"]) == [NEWS.headline, FILLER.headline]
    assert set(COLUMNS) <= set(frame.columns)
    assert frame.iloc[0]["url"] == "https://www.site.example/a"  # made absolute
    left_out = store.left_out
    assert left_out.name == f"labels.left-out{suffix}"
    config = TrainingConfig.from_dict(
        {"files": [{"path": store.path.name, "lang": "fr", "holdout": 0}]}, base=tmp_path
    )
    train, _, _ = training_data(config)
    assert sorted(train["label"]) == ["filler", "news"]


def test_each_label_is_on_disk_when_it_is_given(tmp_path: Path) -> None:
    store = LabelStore(tmp_path / "labels.tsv")
    store.open()
    label(store, NEWS, "news")
    assert store.path.read_text(encoding="utf-8").count("\n") == 2  # header and the row
    label(store, UNSURE, "unsure")
    assert store.left_out.read_text(encoding="utf-8").count("\n") == 2
    label(store, FILLER, "filler")
    again = LabelStore(store.path)
    again.open()
    assert again.keys == {NEWS.key, UNSURE.key, FILLER.key}
    assert [row["label"] for row in again.rows] == ["news", "unsure", "filler"]


def test_a_label_taken_back_leaves_the_others(tmp_path: Path) -> None:
    store = LabelStore(tmp_path / "labels.tsv")
    store.open()
    for item, value in [(NEWS, "news"), (FILLER, "filler"), (UNSURE, "unsure")]:
        label(store, item, value)
    assert store.withdraw(FILLER.key)["label"] == "filler"
    assert store.withdraw(FILLER.key) is None
    again = LabelStore(store.path)
    again.open()
    assert again.keys == {NEWS.key, UNSURE.key}
    assert list(load_labelled_file(store.path)["headline"]) == [NEWS.headline]


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".jsonl"])
@pytest.mark.parametrize("cut", [25, -20, -2])
def test_a_last_line_cut_short_is_dropped_with_a_note(
    tmp_path: Path, suffix: str, cut: int
) -> None:
    path = tmp_path / f"labels{suffix}"
    store = LabelStore(path)
    store.open()
    label(store, NEWS, "news")
    with path.open("a", encoding="utf-8") as handle:  # a write cut short by a power loss
        handle.write(format_line(row_of(FILLER, "filler", "t", None), suffix)[:cut])
    again = LabelStore(path)
    notes = again.open()
    assert len(notes) == 1 and "cut short" in notes[0]
    assert again.keys == {NEWS.key}
    label(again, FILLER, "filler")
    assert list(load_labelled_file(path)["label"]) == ["news", "filler"]


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl"])
def test_a_whole_last_row_without_its_line_end_is_kept(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"labels{suffix}"
    store = LabelStore(path)
    store.open()
    label(store, NEWS, "news")
    label(store, FILLER, "filler")
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # saved by hand
    again = LabelStore(path)
    assert again.open() == []
    assert again.keys == {NEWS.key, FILLER.key}
    label(again, UNSURE, "unsure")
    label(again, NOT_TEASER, "news")
    assert list(load_labelled_file(path)["label"]) == ["news", "filler", "news"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("labels.txt", None, "must end in .tsv, .csv, .jsonl"),
        ("labels.tsv", "headline\tlabel\nA\tnews\textra\n", "labels.tsv:2: more fields"),
        ("labels.jsonl", '{"headline": "A", "label": "news"}\n{broken\n', "labels.jsonl:2"),
    ],
)
def test_a_file_that_is_not_a_file_of_labels_is_named(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    with pytest.raises(LabelFileError, match=message):
        if content is not None:
            path.write_text(content, encoding="utf-8")
        LabelStore(path).open()


text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=text.filter(lambda t: clean(t)), snippet=text, block=text)
@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".jsonl"])
def test_any_text_comes_back_as_written(
    tmp_path: Path, suffix: str, headline: str, snippet: str, block: str
) -> None:
    path = tmp_path / f"round{suffix}"
    path.unlink(missing_ok=True)
    item = candidate(headline, snippet, block=block, sponsored=True)
    path.write_text(
        header_line(suffix) + format_line(row_of(item, "news", "t", 0.25), suffix),
        encoding="utf-8",
    )
    store = LabelStore(path)
    store.open()
    assert store.keys == {item.key}
    row = load_labelled_file(path).iloc[0]
    assert (row["headline"], row["snippet"]) == (clean(headline), clean(snippet))
    assert row["block"] == clean(block)
    assert row["sponsored"] in {"true", "True"}


def test_a_jsonl_file_keeps_types(tmp_path: Path) -> None:
    store = LabelStore(tmp_path / "labels.jsonl")
    store.open()
    label(store, FILLER, "filler")
    record = json.loads(store.path.read_text(encoding="utf-8"))
    assert record["sponsored"] is False and record["score"] == 0.91 and record["seconds"] == 1.5


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_session_labels_skips_and_goes_back(tmp_path: Path) -> None:
    store = LabelStore(tmp_path / "labels.tsv")
    store.open()
    clock = Clock()
    session = Session([NEWS, FILLER, UNSURE], store, clock)
    clock.now = 4.0
    session.give("news")
    session.skip()
    assert session.current == UNSURE
    assert "skipped" in session.back()
    assert session.current == FILLER
    session.give("filler")
    assert "was filler" in session.back()
    session.give("not-teaser")
    assert session.current == UNSURE
    rows = LabelStore(store.path)
    rows.open()
    assert [(r["headline"], r["label"]) for r in rows.rows] == [
        (NEWS.headline, "news"),
        (FILLER.headline, "not-teaser"),
    ]
    assert rows.rows[0]["seconds"] == "4.0"


def test_back_reaches_the_labels_of_an_earlier_session(tmp_path: Path) -> None:
    store = LabelStore(tmp_path / "labels.tsv")
    store.open()
    Session([NEWS, FILLER], store).give("news")
    later = LabelStore(store.path)
    later.open()
    session = Session([FILLER], later)
    assert "earlier session" in session.back()
    assert session.current is not None and session.current.key == NEWS.key
    assert later.keys == set()
    assert session.back() == "nothing to go back to"
    session.give("filler")  # the label given again replaces the one taken back
    assert list(load_labelled_file(store.path)["label"]) == ["filler"]
