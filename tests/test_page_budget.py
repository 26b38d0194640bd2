"""Hostile pages: work bounded per page, deep markup read or reported, never hung on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clickbait.cli import EXIT_SOME_INPUTS_FAILED, main
from clickbait.teasers import PageTooComplex, extract_html
from clickbait.teasers.budget import MAX_DEPTH, MAX_ELEMENTS, MAX_LINKS

SECTION = (
    "<section><h2>Vous aimerez aussi</h2>"
    "<div class='card'><a href='/sante/1-mains.html'><h3>Ce signe sur vos mains qui doit "
    "vous alerter</h3></a><p>Beaucoup de gens l'ignorent, pourtant il est important.</p></div>"
    "<div class='card'><a href='/ville/2-piscine.html'><h3>La piscine Jean-Bouin rouvre le "
    "2 mars</h3></a><p>La mairie a confirmé la date jeudi en conseil municipal.</p></div>"
    "</section>"
)


def nested(depth: int, inner: str = SECTION) -> str:
    return f"<html><body>{'<div>' * depth}{inner}{'</div>' * depth}<p>Fin</p></body></html>"


def links(count: int) -> str:
    items = "".join(
        f"<a href='/a/{i}-titre.html'>Un titre assez long numéro {i}</a>" for i in range(count)
    )
    return f"<html><body><div>{items}</div></body></html>"


@pytest.mark.parametrize("depth", [0, 254, 255, 300, 1_000, MAX_DEPTH - 20])
def test_teasers_under_deep_markup_are_found(depth: int) -> None:
    found = extract_html(nested(depth))
    assert [t.block for t in found.teasers] == ["Vous aimerez aussi"] * 2


@pytest.mark.parametrize("depth", [MAX_DEPTH, 5_000, 100_000])
def test_markup_deeper_than_the_parser_reads_is_too_complex(depth: int) -> None:
    with pytest.raises(PageTooComplex, match=f"nested more than {MAX_DEPTH:,} deep"):
        extract_html(nested(depth))


def test_a_headline_nested_to_the_limit_is_read_without_recursion() -> None:
    spans = MAX_DEPTH - 20
    headline = f"{'<span>' * spans}Un titre assez long pour compter{'</span>' * spans}"
    card = f"<div class='card'><a href='/a/1-x.html'>{headline}</a></div>"
    [teaser] = extract_html(f"<html><body>{card}</body></html>").teasers
    assert teaser.headline == "Un titre assez long pour compter"


def test_a_page_over_the_link_budget_is_too_complex() -> None:
    assert len(extract_html(links(1_000)).teasers) == 1_000
    with pytest.raises(PageTooComplex, match=f"{MAX_LINKS + 1:,} links"):
        extract_html(links(MAX_LINKS + 1))


def test_a_page_over_the_element_budget_is_refused_before_it_is_parsed() -> None:
    html = "<html><body><div>" + "<span>mot</span>" * (MAX_ELEMENTS + 1) + "</div></body></html>"
    with pytest.raises(PageTooComplex, match="elements"):
        extract_html(html)
    # Closing tags do not count: a page just under the budget is read.
    under = "<html><body><div>" + "<span>mot</span>" * (MAX_ELEMENTS - 10) + "</div></body></html>"
    assert extract_html(under).teasers == []


def test_a_long_paragraph_of_links_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each link of a paragraph read the paragraph's whole text: quadratic in its links.
    from lxml import etree

    from clickbait.teasers.markup import _text_serializer

    serialised: list[str] = []
    original = etree.tostring

    def counting(element: etree._Element, **options: object) -> object:
        serialised.append(element.tag)
        return original(element, **options)

    monkeypatch.setattr(etree, "tostring", counting)
    _text_serializer.cache_clear()
    paragraph = "".join(
        f"<span><a href='/a/{i}-t.html'>Un titre assez long numéro {i}</a> du texte</span>"
        for i in range(300)
    )
    try:
        extract_html(f"<html><body><p>{paragraph}</p></body></html>")
    finally:
        _text_serializer.cache_clear()
    # Once for the page's own address, once for the paragraph's links (300 before).
    assert serialised.count("p") <= 2


def test_a_snippet_longer_than_a_summary_is_left_out() -> None:
    body = "mot " * 100_000
    html = (
        "<html><body><div class='card'><a href='/a/1-x.html'><h3>Un titre assez long pour "
        f"compter</h3></a><p>{body}</p></div></body></html>"
    )
    [teaser] = extract_html(html).teasers
    assert teaser.snippet == ""


def test_the_cli_names_a_page_too_complex_and_scores_the_rest(
    small_model_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-deep.html").write_text(nested(MAX_DEPTH + 10))
    (tmp_path / "b-links.html").write_text(links(MAX_LINKS + 5))
    (tmp_path / "c-fine.html").write_text(nested(300))
    result = CliRunner().invoke(main, ["score", "--model", str(small_model_dir), str(tmp_path)])
    assert result.exit_code == EXIT_SOME_INPUTS_FAILED
    assert f"clickbait: {tmp_path / 'a-deep.html'}: too complex" in result.stderr
    assert f"clickbait: {tmp_path / 'b-links.html'}: too complex" in result.stderr
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["source"] for r in records} == {str(tmp_path / "c-fine.html")}
    assert len(records) == 2
