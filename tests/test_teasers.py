from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clickbait.pages import read_bytes, read_path
from clickbait.teasers import extract, extract_html, extract_text, find_teasers, is_widget_heading

from .conftest import FIXTURES


def test_text_scrape_under_a_heading() -> None:
    extraction = extract(read_path(FIXTURES / "scrape.txt"))
    headlines = [t.headline for t in extraction.teasers]
    assert headlines == [
        "Grève à la RATP : le trafic sera très perturbé mardi sur les lignes 4 et 13",
        "Ce fruit que vous mangez chaque matin serait mauvais pour vos artères",
        "Tennis : Caroline Garcia qualifiée pour les quarts à Doha",
    ]
    assert [t.position for t in extraction.teasers] == [0, 1, 2]
    assert extraction.teasers[2].snippet.endswith("mercr…")
    assert {t.block for t in extraction.teasers} == {"Vous aimerez aussi"}
    assert [b.teasers for b in extraction.blocks] == [3]


def test_text_scrape_without_heading_needs_two_pairs() -> None:
    text = "Titre un de la liste\n\nTexte coupé...\n\nTitre deux de la liste\n\nAutre texte…\n"
    assert len(extract_text(text).teasers) == 2
    single = "Titre un de la liste\n\nTexte coupé...\n\nUn long paragraphe d'article qui finit."
    assert extract_text(single).teasers == []


def test_article_text_alone_has_no_teasers() -> None:
    text = "Un titre d'article\n\nPremier paragraphe de l'article.\n\nDeuxième paragraphe."
    assert extract_text(text).teasers == []


@pytest.mark.parametrize(
    "heading",
    [
        "Articles qui pourraient vous intéresser:",
        "VOUS AIMEREZ AUSSI",
        "À lire aussi »",
        "More stories",
        "You may like",
        "Das könnte Sie auch interessieren",
        "Les plus lus",
    ],
)
def test_widget_headings(heading: str) -> None:
    assert is_widget_heading(heading)


@pytest.mark.parametrize("text", ["Le ministre Jim Mattis à Paris", "Share This !", "Politique"])
def test_not_widget_headings(text: str) -> None:
    assert not is_widget_heading(text)


def test_html_widgets_found_and_furniture_ignored() -> None:
    extraction = extract(read_path(FIXTURES / "widgets.html"))
    by_headline = {t.headline: t for t in extraction.teasers}
    assert list(by_headline) == [
        "Seniors Are Ditching Hearing Aids For This Tiny Device",
        "Doctors Stunned: This Sign On Your Legs Reveals Your Heart Health",
        "Ferry operator cancels 40 crossings as storm moves east",
        "Oil output from two platforms suspended, Equinor says",
    ]
    hearing = by_headline["Seniors Are Ditching Hearing Aids For This Tiny Device"]
    assert hearing.block == "taboola"
    assert hearing.sponsored
    assert hearing.url == "https://ads.example/hearing"
    assert not by_headline[
        "Doctors Stunned: This Sign On Your Legs Reveals Your Heart Health"
    ].sponsored
    ferry = by_headline["Ferry operator cancels 40 crossings as storm moves east"]
    assert ferry.block == "More stories"
    assert ferry.snippet.startswith("Stena Line said")
    assert by_headline["Oil output from two platforms suspended, Equinor says"].snippet == ""


def test_empty_vendor_container_is_a_block_without_teasers() -> None:
    blocks = extract(read_path(FIXTURES / "widgets.html")).blocks
    assert [(b.name, b.teasers) for b in blocks if b.kind == "vendor"] == [
        ("taboola", 2),
        ("outbrain", 0),
    ]


def test_example_page_ships_with_five_teasers() -> None:
    teasers = find_teasers(read_path(FIXTURES.parent.parent / "data" / "examples" / "page-fr.html"))
    assert len(teasers) == 5
    assert teasers[0].headline.startswith("Valmont : la piscine")
    assert [t.sponsored for t in teasers] == [False, False, False, False, True]


def test_cards_with_title_and_summary() -> None:
    cards = "".join(
        f'<li><a href="/a{i}"><h3>Titre numéro {i} de la liste</h3></a>'
        f"<p>Résumé de l'article {i}, coupé...</p></li>"
        for i in range(4)
    )
    teasers = extract_html(f"<html><body><ul>{cards}</ul></body></html>").teasers
    assert [t.url for t in teasers] == ["/a0", "/a1", "/a2", "/a3"]
    assert {t.block for t in teasers} == {"links"}
    assert teasers[0].snippet == "Résumé de l'article 0, coupé..."


def test_menu_of_short_links_is_not_cards() -> None:
    menu = "".join(f'<li><a href="/r{i}">Rubrique {i}</a></li>' for i in range(8))
    assert extract_html(f"<html><body><ul>{menu}</ul></body></html>").teasers == []


def test_html_string_entry_point() -> None:
    html = (
        '<h2>À lire aussi</h2><ul><li><a href="/x">'
        "Le Sénat adopte le budget de la Sécurité sociale</a></li></ul>"
    )
    assert [t.headline for t in find_teasers(html)] == [
        "Le Sénat adopte le budget de la Sécurité sociale"
    ]


def _nested(depth: int) -> str:
    return "<div>" * depth + "<a href='/x'>Un titre assez long pour compter</a>" + "</div>" * depth


@pytest.mark.parametrize(
    "html", ["", "<", "<html>", "\x00\x01", _nested(5000), "<a href=x>" * 3000]
)
def test_hostile_html_does_not_crash(html: str) -> None:
    extraction = extract_html(html)
    assert isinstance(extraction.teasers, list)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "/",
                "a",
                "h2",
                "li",
                "=",
                '"',
                " ",
                "Titre",
                "xyzÀé",
                "\n",
                "<a href='/u'>",
                "</a>",
                "<h2>Les plus lus</h2>",
                "<li>",
                "</li>",
                "<p>",
                "...",
                "<div class='outbrain'>",
                "un titre de quatre mots",
                "</div>",
            ]
        ),
        max_size=120,
    )
)
def test_extract_html_never_raises(pieces: list[str]) -> None:
    for teaser in extract_html("".join(pieces)).teasers:
        assert teaser.headline.strip()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_extract_text_never_raises(text: str) -> None:
    for teaser in extract_text(text).teasers:
        assert teaser.headline.strip()


def test_table_document_rows_become_teasers() -> None:
    document = read_bytes(
        b"headline,snippet,url,sponsored\nA headline here,s,/u,true\n", "t.csv", "t.csv"
    )
    teaser = extract(document).teasers[0]
    assert (teaser.headline, teaser.snippet, teaser.url, teaser.sponsored) == (
        "A headline here",
        "s",
        "/u",
        True,
    )


def test_menu_inside_a_widget_is_not_a_teaser() -> None:
    html = (
        "<section><h2>Les plus lus</h2>"
        "<nav><a href='/rubriques'>Toutes les rubriques du journal ici</a></nav>"
        "<ul><li><a href='/a'>Le Sénat adopte le budget de la Sécurité sociale</a></li>"
        "<li><a href='/b'>La BCE maintient ses taux directeurs pour la troisième fois</a></li>"
        "</ul></section>"
    )
    assert [t.url for t in extract_html(html).teasers] == ["/a", "/b"]


WORDS = [
    "été",
    "gâteau",
    "Noël",
    "déjà",
    "à",
    "où",
    "ça",
    "œuf",
    "façon",
    "très",
    "Müller",
    "zurück",
    "Straße",
    "schön",
    "España",
    "niño",
    "año",
    "L’État",
    "«",
    "»",
    "—",
    "2024",
    "la",
    "réforme",
    "des",
    "retraites",
    "Größe",
    "Ärger",
    "über",
]


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        ("Ce gÃ¢teau sans cuisson fait fureur", "Ce gâteau sans cuisson fait fureur"),
        ("Zott ruft Sahnejoghurt zurÃ¼ck", "Zott ruft Sahnejoghurt zurück"),
        ("Ã€ lire aussi : la rÃ©forme", "À lire aussi : la réforme"),
    ],
)
def test_mojibake_in_teaser_text_is_repaired(garbled: str, repaired: str) -> None:
    html = f"<h2>Les plus lus</h2><ul><li><a href='/a-b-c'>{garbled}</a></li></ul>"
    assert [t.headline for t in extract_html(html).teasers] == [repaired]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_repair_undoes_utf8_read_as_windows_1252(words: list[str]) -> None:
    from clickbait.teasers import repair_text

    text = " ".join(words)
    assert repair_text(text) == text  # sound text is left alone
    garbled = text.encode("utf-8").decode("cp1252", errors="replace")
    if "\ufffd" not in garbled:
        assert repair_text(garbled).replace("’", "'") == text.replace("’", "'")


# The extractor tests literal stems before some slow case-insensitive patterns, and
# starts the search for a closing call to action near the end: neither may change a
# result. Texts are built from the patterns' own words, in any case, with the letters
# that re.IGNORECASE matches to ASCII letters from outside ASCII.
@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(["_SPONSOR_LABEL", "_PRESENTED_BY", "_PAID_LINK"]))
def test_quick_stem_tests_never_hide_a_match(data: st.DataObject, name: str) -> None:
    import re

    from clickbait import teasers

    pattern, stems = getattr(teasers, name), getattr(teasers, f"{name}_STEMS")
    pieces = [*re.findall(r"[^\W\d_]+", pattern.pattern), " ", "/", ".", "ı", "İ", "ſ", "K"]
    drawn = data.draw(st.lists(st.tuples(st.sampled_from(pieces), st.booleans()), max_size=8))
    text = "".join(piece.upper() if upper else piece for piece, upper in drawn)
    if pattern.search(text):
        assert teasers._may_match(text, stems)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_closing_call_to_action_found_as_by_a_full_search(data: st.DataObject) -> None:
    from clickbait import lexicons, teasers

    starts, ends, _ = teasers._calls_to_action()
    phrase = data.draw(st.sampled_from(lexicons.merged("calls_to_action")))
    before = data.draw(st.text(alphabet="ab -'é_", max_size=30))
    after = data.draw(st.text(alphabet=" .:»!?-_'a", max_size=5))
    text = (before + phrase + after).lower()
    expected = bool(starts.search(text) or ends.search(text))
    assert teasers._is_call_to_action(text) == expected
