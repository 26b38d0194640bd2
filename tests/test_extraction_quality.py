"""Teaser extraction on real pages against the hand annotations in tests/annotations.

Two annotated sets: ``real`` (the 68 pages of ../shared/pages/real) and ``real2`` (the 44
of ../shared/pages/real2). Each page is ``dev`` (rules may be written against it) or
``test`` (never looked at for that), and every page of one site has the same split in
both sets. The pages stay in ../shared; the annotations name each teaser by a hash of
its headline. Floors and the annotation checksums are pinned in evaluation_gate.json:
re-pin on purpose, with the new figures in benchmarks/README.md.
"""

from __future__ import annotations

import csv
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from clickbait.datasets import shared_dir
from clickbait.extraction_quality import extraction_scores
from clickbait.pages import read_path
from clickbait.records import Extraction
from clickbait.teasers import extract

ANNOTATIONS = Path(__file__).parent / "annotations"
SETS = {"real": "real_pages", "real2": "real2_pages"}
GATE = json.loads((Path(__file__).parent / "evaluation_gate.json").read_text(encoding="utf-8"))
pytestmark = pytest.mark.shared


def annotation_files(name: str) -> list[Path]:
    return sorted((ANNOTATIONS / SETS[name]).glob("*.json"))


def annotations(name: str) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in annotation_files(name)]


def annotations_sha256(name: str) -> str:
    digest = hashlib.sha256()
    for path in annotation_files(name):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def site_of(name: str) -> dict[str, str]:
    """Each page's site (``index.tsv`` of the page folder), without ``www.``."""
    with open(shared_dir() / "pages" / name / "index.tsv", encoding="utf-8", newline="") as f:
        return {
            row["file"]: row["site"].lower().removeprefix("www.")
            for row in csv.DictReader(f, delimiter="\t")
        }


@cache
def scores(name: str) -> dict[str, Any]:
    def extract_page(page: str) -> Extraction:
        return extract(read_path(shared_dir() / "pages" / name / page))

    return extraction_scores(annotations(name), extract_page)


@pytest.mark.parametrize("name", SETS)
def test_annotations_are_the_pinned_ones(name: str) -> None:
    assert annotations_sha256(name) == GATE["extraction"][name]["annotations_sha256"], (
        f"tests/annotations/{SETS[name]} changed: re-measure and re-pin deliberately"
    )


@pytest.mark.parametrize("name", SETS)
def test_annotations_are_well_formed(name: str) -> None:
    pages = annotations(name)
    assert len(pages) >= 40
    kinds = {"related", "most-read", "inline", "grid", "vendor", "vendor-empty"}
    for page in pages:
        assert (shared_dir() / "pages" / name / page["page"]).is_file(), page["page"]
        assert page["split"] in {"dev", "test"}
        keys = [t["key"] for widget in page["widgets"] for t in widget["teasers"]]
        assert len(keys) == len(set(keys)), f"{page['page']}: a teaser listed twice"
        for widget in page["widgets"]:
            assert widget["kind"] in kinds
            assert widget["count"] == len(widget["teasers"])
            assert all(len(t["key"]) == 16 for t in widget["teasers"])


def test_each_site_is_all_dev_or_all_test() -> None:
    splits: dict[str, set[str]] = {}
    for name in SETS:
        sites = site_of(name)
        for page in annotations(name):
            splits.setdefault(sites[page["page"]], set()).add(page["split"])
    mixed = sorted(site for site, found in splits.items() if len(found) > 1)
    assert not mixed, f"sites with pages in both dev and test: {mixed}"


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("split", ["dev", "test", "all"])
def test_extraction_meets_the_floors(name: str, split: str) -> None:
    measured = scores(name)["splits"][split]
    floors = GATE["extraction"][name]["floors"][split]
    failures = [
        f"{key} {measured[key]} < {floor}"
        for key, floor in floors.items()
        if measured[key] is None or measured[key] < floor
    ]
    assert not failures, failures


@pytest.mark.parametrize("name", SETS)
def test_widgets_filled_by_javascript_are_reported(name: str) -> None:
    measured = scores(name)["splits"]["all"]
    least = GATE["extraction"][name]["min_empty_widgets_reported"]
    assert measured["empty_widgets_reported"] >= least
