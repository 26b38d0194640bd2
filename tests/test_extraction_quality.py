"""Teaser extraction on real pages against the hand annotations in tests/annotations.

The pages stay in ../shared/pages/real; the annotations name each teaser by a hash of
its headline. Floors and the annotation checksum are pinned in evaluation_gate.json:
re-pin on purpose, with the new figures in benchmarks/README.md.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from clickbait.datasets import shared_dir
from clickbait.evaluate import extraction_scores
from clickbait.pages import read_path
from clickbait.teasers import Extraction, extract

ANNOTATIONS = Path(__file__).parent / "annotations" / "real_pages"
GATE = json.loads((Path(__file__).parent / "evaluation_gate.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.shared


def annotations() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ANNOTATIONS.glob("*.json"))]


def annotations_sha256() -> str:
    digest = hashlib.sha256()
    for path in sorted(ANNOTATIONS.glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def extract_page(page: str) -> Extraction:
    return extract(read_path(shared_dir() / "pages" / "real" / page))


@cache
def scores() -> dict[str, Any]:
    return extraction_scores(annotations(), extract_page)


def test_annotations_are_the_pinned_ones() -> None:
    assert annotations_sha256() == GATE["extraction"]["annotations_sha256"], (
        "tests/annotations changed: re-measure and re-pin deliberately"
    )


def test_annotations_are_well_formed() -> None:
    pages = annotations()
    assert len(pages) >= 40
    kinds = {"related", "most-read", "inline", "grid", "vendor", "vendor-empty"}
    for page in pages:
        assert (shared_dir() / "pages" / "real" / page["page"]).is_file(), page["page"]
        assert page["split"] in {"dev", "test"}
        for widget in page["widgets"]:
            assert widget["kind"] in kinds
            assert widget["count"] == len(widget["teasers"])
            assert all(len(t["key"]) == 16 for t in widget["teasers"])


@pytest.mark.parametrize("split", ["dev", "test", "all"])
def test_extraction_meets_the_floors(split: str) -> None:
    measured = scores()["splits"][split]
    floors = GATE["extraction"]["floors"][split]
    failures = [
        f"{key} {measured[key]} < {floor}"
        for key, floor in floors.items()
        if measured[key] is None or measured[key] < floor
    ]
    assert not failures, failures


def test_widgets_filled_by_javascript_are_reported() -> None:
    measured = scores()["splits"]["all"]
    assert measured["empty_widgets_reported"] >= GATE["extraction"]["min_empty_widgets_reported"]
