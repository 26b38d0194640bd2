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


SENAT = "Le Sénat adopte le budget de la Sécurité sociale"
BCE = "La BCE maintient ses taux directeurs pour la troisième fois"
SENAT_SNIPPET = "Les sénateurs ont voté le texte après trois jours de débats..."
BCE_SNIPPET = "Les marchés attendaient cette décision depuis des semaines..."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"Un article.\n\nArticles qui pourraient vous intéresser :\n{SENAT}\n\n{BCE}\n",
            [(SENAT, ""), (BCE, "")],
        ),
        (  # the first item's snippet on the line after its headline
            f"Articles qui pourraient vous intéresser :\n{SENAT}\n{SENAT_SNIPPET}\n\n"
            f"{BCE}\n\n{BCE_SNIPPET}\n",
            [(SENAT, SENAT_SNIPPET), (BCE, BCE_SNIPPET)],
        ),
        (
            f"Vous aimerez aussi\r\n{SENAT}\r\n\r\n{BCE}\r\n",
            [(SENAT, ""), (BCE, "")],
        ),
    ],
)
def test_text_scrape_heading_glued_to_its_first_item(
    text: str, expected: list[tuple[str, str]]
) -> None:
    extraction = extract_text(text)
    assert [(t.headline, t.snippet) for t in extraction.teasers] == expected
    assert [b.teasers for b in extraction.blocks] == [2]
    assert extraction.blocks[0].name in {
        "Articles qui pourraient vous intéresser",
        "Vous aimerez aussi",
    }


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
    ("html", "headlines"),
    [
        ("", []),
        ("<", []),
        ("<html>", []),
        ("\x00\x01", []),
        ("<a href=x>" * 3000, []),  # links nested 3,000 deep, none with text
        (_nested(200), ["Un titre assez long pour compter"]),  # deep (deeper: test_page_budget)
    ],
)
def test_hostile_html_gives_only_what_it_holds(html: str, headlines: list[str]) -> None:
    extraction = extract_html(html)
    assert [t.headline for t in extraction.teasers] == headlines
    assert [b.teasers for b in extraction.blocks] == ([1] if headlines else [])
    assert extraction.url == ""


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
@given(
    st.data(), st.sampled_from(["_SPONSOR_LABEL", "_PRESENTED_BY", "_PAID_LINK", "_SERVICE_PATH"])
)
def test_quick_stem_tests_never_hide_a_match(data: st.DataObject, name: str) -> None:
    import re

    from clickbait.teasers import vocabulary, wording

    pattern, stems = getattr(vocabulary, name), getattr(vocabulary, f"{name}_STEMS")
    pieces = [*re.findall(r"[^\W\d_]+", pattern.pattern), " ", "/", ".", "ı", "İ", "ſ", "K"]
    drawn = data.draw(st.lists(st.tuples(st.sampled_from(pieces), st.booleans()), max_size=8))
    text = "".join(piece.upper() if upper else piece for piece, upper in drawn)
    if pattern.search(text):
        assert wording._may_match(text, stems)


# A forum post's closing "von <name> um 12:22" and a job or property ad's "(m/w/d)" or
# "80 m²", written with and without the parts the patterns need.
_FORUM_ENDINGS = st.tuples(
    st.sampled_from(["Re: Heizung", "", "Thema"]),
    st.sampled_from([" von ", " By ", " de ", " par", " "]),
    st.sampled_from(["Nutzerin", "x", ""]),
    st.sampled_from([" um ", " AT ", " à ", " a las ", " "]),
    st.sampled_from(["12", "9", "١٢", "x"]),
    st.sampled_from([":", "h", ".", ""]),
    st.sampled_from(["22", "٣٤", "5", ""]),
    st.sampled_from(["", " ", "\n", "\xa0", ".", " x"]),
).map("".join)
_LISTING_ADS = st.tuples(
    st.sampled_from(["Koch", "Appartement 3 pièces", ""]),
    st.sampled_from([" (m/w/d)", " (H/F)", " (m/w", " 80 m²", " 80m²", " m²", " 80 m2", ""]),
    st.sampled_from(["", " in Berlin", "/Paris"]),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_FORUM_ENDINGS, _LISTING_ADS)
def test_headline_quick_tests_never_hide_a_match(forum: str, listing: str) -> None:
    from clickbait.teasers import vocabulary, wording

    assert wording._is_forum_post(forum) == bool(vocabulary._FORUM_POST.search(forum))
    assert wording._is_listing_ad(listing) == bool(vocabulary._LISTING.search(listing))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["tags", "TAGS", "Themen", "ſhop", "forum", "2024", "a-b-c", "", "x", "\n", "é"]
        ),
        max_size=5,
    ),
    st.booleans(),
)
def test_listing_paths_found_as_by_a_full_search(segments: list[str], rooted: bool) -> None:
    from clickbait.teasers import addresses, vocabulary

    path = ("/" if rooted else "") + "/".join(segments)
    listing = vocabulary._NON_ARTICLE_LISTING.search(path) is not None
    folder = vocabulary._NON_ARTICLE_FOLDER.search(path) is not None
    assert addresses._is_listing(path) == listing
    assert addresses._has_listing_folder(path) == folder


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_closing_call_to_action_found_as_by_a_full_search(data: st.DataObject) -> None:
    import re

    from clickbait import lexicons
    from clickbait.teasers import wording

    phrases = lexicons.merged("calls_to_action")
    phrase = data.draw(st.sampled_from(phrases))
    before = data.draw(st.text(alphabet="ab -'é_", max_size=30))
    after = data.draw(st.text(alphabet=" .:»!?-_'a", max_size=5))
    text = (before + phrase + after).lower()
    # The phrases as a plain alternation, searched over the whole text.
    plain = "|".join(re.escape(w) for w in phrases)
    expected = bool(
        re.search(rf"^\W*(?:{plain})(?![\w-])", text)
        or re.search(rf"(?<![\w'-])(?:{plain})\W*$", text)
    )
    assert wording._is_call_to_action(text) == expected


# -- links that are not teasers, and what a teaser's headline leaves out ------------------

_REFERENCE = (
    "<li><a href='/monde/le-senat-adopte-le-budget-123456.html'>"
    "Le Sénat adopte le budget de la Sécurité sociale</a></li>"
)


def _headlines_beside_reference(item: str) -> list[str]:
    """Headlines of a "Les plus lus" list holding a plain teaser and ``item``."""
    html = f"<html><body><h2>Les plus lus</h2><ul>{_REFERENCE}<li>{item}</li></ul></body></html>"
    return [t.headline for t in extract_html(html).teasers]


@pytest.mark.parametrize(
    ("href", "text"),
    [
        # social networks, video platforms, app stores
        ("https://www.facebook.com/pages/journal", "Le journal sur Facebook chaque jour"),
        ("https://www.youtube.com/watch?v=fxPTrWvKEpc", "Grève : quel coût pour les grévistes"),
        ("https://apps.apple.com/fr/app/journal/id555667", "Notre application pour iPhone et iPad"),
        # documents
        ("/uploads/2019/rapport-annuel-de-la-fondation.pdf", "Le rapport annuel de la fondation"),
        # service hosts, a site's home page, API endpoints
        ("https://boutique.journal.example/collections/unes", "Les unes du journal en tirage"),
        (
            "https://stellenmarkt.zeitung.example/job/123456.html",
            "Leiter Vertrieb bei einer Agentur",
        ),
        ("https://bestreviews.example/", "Top picks to make everyone happy this year"),
        (
            "https://shop.example/common/modules/api/cmodul?p=kWz8",
            "Landwirtschafts-Simulator 19 Xbox",
        ),
        # forum threads, newsletter sign-ups, embedded players
        (
            "https://bfriends.example/foren/showthread.php?t=53",
            "Erfahrung mit privater Vermittlung?",
        ),
        ("/abo-service/newsletter/der-neue-kultur-newsletter", "Was ist los in der Kultur-Szene?"),
        ("//launch.player.example/embed.html?video=31", "Trump signs order withdrawing from TPP"),
        # listings and their direct entries, whatever their slug; comparison portals
        ("/emissions/la-grande-table-2eme-partie", "La Grande table idées du jour"),
        ("/dossier/40397/usa-2012-les-debats", "Obama contre Romney, les débats"),
        (
            "https://cards.example/vergleich/kreditkarte/gold",
            "Gold Card mit Reiseversicherungspaket",
        ),
        ("mot/la-republique-en-marche", "La République en marche aujourd'hui"),
        # first-person calls to action, a widget heading as link text
        ("/agir-avec-nous/faire-un-don", "Je fais un don de 10 €"),
        ("https://www.journal.example/le_12_clics/les-plus-commentes", "Les plus commentés"),
    ],
)
def test_links_that_are_not_teasers(href: str, text: str) -> None:
    assert _headlines_beside_reference(f"<a href='{href}'>{text}</a>") == [
        "Le Sénat adopte le budget de la Sécurité sociale"
    ]


@pytest.mark.parametrize(
    ("item", "headline"),
    [
        # a byline or rubric in <small> inside the link
        (
            "<a href='/article/abandon-du-projet-dans-le-gard'>Abandon du projet dans le Gard"
            " <small>(Attac France, Communiqués)</small></a>",
            "Abandon du projet dans le Gard",
        ),
        # a kicker heading over a longer title heading
        (
            "<a href='/aktien/zalando-rekordhoch_id_11965012.html'><h3>Kurs steigt massiv</h3>"
            "<h4>Krisengewinner Zalando: Ausblick katapultiert Aktie auf Rekordhoch</h4></a>",
            "Krisengewinner Zalando: Ausblick katapultiert Aktie auf Rekordhoch",
        ),
        # the source's address closing the headline
        (
            "<a href='http://www.zergnet.com/i/1423529/40875/0/0/0'>Major Break in the D.B. Cooper"
            " Mystery<span class='zergdestW'>Nypost.com</span></a>",
            "Major Break in the D.B. Cooper Mystery",
        ),
        # a label with its icon closing the link's text
        (
            "<a href='/pixels/video/2015/05/05/la-loi-expliquee_4627580.html'>La loi sur le"
            " renseignement expliquée <span class='type'><span class='ico'></span>Vidéo</span></a>",
            "La loi sur le renseignement expliquée",
        ),
        # a kicker of up to six words in its own element
        (
            "<a href='/auto/alfa-romeo-mini-lifting_id_11966397.html'><p>"
            "<span>Alfa Romeo Giulia und Stelvio QV</span> Mini-Lifting für Maximusse</p></a>",
            "Mini-Lifting für Maximusse",
        ),
        # a two-word heading over a summary
        (
            "<a href='/news/magazine-33629011'><img src='s.jpg' alt=''><h3>News quiz</h3>"
            "<p>How did a surfer fend off a shark attack?</p></a>",
            "News quiz",
        ),
    ],
)
def test_what_a_headline_leaves_out(item: str, headline: str) -> None:
    assert _headlines_beside_reference(item)[1:] == [headline]


def test_a_link_around_a_substantial_link_comes_first() -> None:
    # The outer link has no text or image of its own: it is looked at only because the
    # link inside it is substantial (by its title), and keeps its place on the page.
    html = (
        "<html><body><h2>Vous aimerez aussi</h2><ul><li>"
        "<a href='/monde/climat-123456.html' aria-label='La grande enquête sur le climat'>"
        "<span><a href='/sport/match-234567.html' title='Le match de la saison ce soir'></a>"
        "</span></a></li>"
        "<li><a href='/ville/piscine-345678.html'>La piscine Jean-Bouin rouvre le 2 mars</a></li>"
        "</ul></body></html>"
    )
    assert [t.url for t in extract_html(html).teasers] == [
        "/monde/climat-123456.html",
        "/sport/match-234567.html",
        "/ville/piscine-345678.html",
    ]


def test_overlay_links_count_once_and_empty_overlays_carry_their_card() -> None:
    html = (
        "<html><body><h2>Top Stories</h2>"
        "<div class='item'><a href='/news/world-33657483'><h3>WWE terminates Hulk Hogan's"
        " contract</h3></a><a href='/news/world-33657483' aria-hidden='true'>Full article WWE"
        " terminates Hulk Hogan's contract</a><a href='/news/us'>US &amp; Canada</a></div>"
        "<div class='asset'><a class='mainStory' href='/news/does-the-mac-still-matter/'></a>"
        "<div class='content'><h3>Does the Mac still matter?</h3></div></div>"
        "</body></html>"
    )
    assert [t.headline for t in extract_html(html).teasers] == [
        "WWE terminates Hulk Hogan's contract",
        "Does the Mac still matter?",
    ]


@pytest.mark.parametrize(
    ("href", "found"),
    [
        ("/nos-idees/agir-pour-la-justice-sociale-et-ecologique/", False),  # a section
        ("/monde/2012/10/agir-pour-la-justice-sociale.html", True),
        ("/agenda/article/agir-pour-la-justice-sociale", True),
    ],
)
def test_menu_text_links_need_an_article_address(href: str, found: bool) -> None:
    html = (
        "<html><body><nav><ul>"
        f"<li><a href='{href}'>Agir pour la justice sociale et écologique partout</a></li>"
        "</ul></nav></body></html>"
    )
    assert bool(extract_html(html).teasers) is found


def test_kicker_and_title_links_in_a_menu_with_an_id_in_the_path() -> None:
    html = (
        "<html><body><div id='sub_menu_2'><p><a href='/story/63669/g20-esprit'>égoïsme</a> | "
        "<a href='/story/63669/g20-esprit'>Esprit du G20, es-tu là?</a></p></div></body></html>"
    )
    assert [t.headline for t in extract_html(html).teasers] == ["Esprit du G20, es-tu là?"]


def test_site_links_without_the_site_article_address_are_sections() -> None:
    articles = "".join(
        f"<li><a href='/pixels/article/2015/05/0{i}/titre-numero-{i}_462{i}580_44.html'>"
        f"Le titre numéro {i} de la liste du jour</a></li>"
        for i in range(5)
    )
    topics = "<li><a href='/gouvernance-du-net/'>Gouvernance du Net et libertés</a></li>"
    html = f"<html><body><h2>Sur le même sujet</h2><ul>{articles}{topics}</ul></body></html>"
    headlines = [t.headline for t in extract_html(html).teasers]
    assert len(headlines) == 5
    assert "Gouvernance du Net et libertés" not in headlines


def test_readers_community_and_comments_boxes() -> None:
    html = (
        "<html><body>"
        "<div class='o-wissenscommunity'><ul><li><a href='/noch-fragen/frage-3000129334.html'>"
        "Wie hilft die Pendlerpauschale dem Klimaschutz?</a></li></ul></div>"
        "<div class='comments'><p><a href='/2022/08/01/a-reader-link/'>A link a reader left"
        " in the comments</a></p>"
        "<div class='content-item'><a href='/2022/08/05/actress-burned-in-crash/'>"
        "<img src='p.jpg' alt=''></a><div class='title'><a href='/2022/08/05/actress-burned-in"
        "-crash/'>Actress severely burned in fiery car crash</a></div></div></div>"
        "</body></html>"
    )
    assert [t.headline for t in extract_html(html).teasers] == [
        "Actress severely burned in fiery car crash"
    ]


@pytest.mark.parametrize(
    "item",
    [
        "<a href='/news/uk-politics-33647154'>The UK must stay in the EU</a> to have influence",
        "corruption <a href='/news/world-33646563'>and human rights violations in Kenya</a>",
    ],
)
def test_links_inside_a_sentence_of_a_list_item_are_article_text(item: str) -> None:
    html = f"<html><body><div class='story-body'><ul><li>{item}</li></ul></div></body></html>"
    assert extract_html(html).teasers == []


def _widget(cards: str, heading: str = "À lire aussi") -> str:
    article = "<article><p>Texte.</p></article>"
    return f"<html><body>{article}<h2>{heading}</h2><ul>{cards}</ul></body></html>"


def test_a_bold_title_that_opens_a_link_is_its_headline_and_the_rest_its_snippet() -> None:
    cards = "".join(
        f"<li><a href='/news/article-92262{i}/story-{i}.html'><img src='/i{i}.jpg'>"
        f"<span class='puff'><strong>Le ministre annonce le budget numéro {i} pour l'an prochain"
        f"</strong> Un vote est prévu mardi au Sénat</span></a></li>"
        for i in range(3)
    )
    teasers = extract_html(_widget(cards)).teasers
    assert [t.headline for t in teasers] == [
        f"Le ministre annonce le budget numéro {i} pour l'an prochain" for i in range(3)
    ]
    assert {t.snippet for t in teasers} == {"Un vote est prévu mardi au Sénat"}


@pytest.mark.parametrize(
    ("bold", "headline"),
    [
        # a short bold lead-in is a kicker, not the headline
        ("Exclusif", "Le ministre annonce le budget pour l'an prochain"),
        # bold that is the whole link text: the headline as it is
        (None, "Le ministre annonce le budget pour l'an prochain"),
    ],
)
def test_short_bold_lead_ins_stay_kickers(bold: str | None, headline: str) -> None:
    def text(i: int) -> str:
        return (
            f"<strong>{bold}</strong> {headline} {i}"
            if bold
            else f"<strong>{headline} {i}</strong>"
        )

    cards = "".join(
        f"<li><a href='/news/article-1234{i}.html'>{text(i)}</a></li>" for i in range(3)
    )
    found = [t.headline for t in extract_html(_widget(cards)).teasers]
    assert found == [f"{headline} {i}" for i in range(3)]


@pytest.mark.parametrize("topic_class", ["o-teaser__topic", "dachzeile", "spitzmarke"])
def test_a_topic_line_inside_the_title_heading_is_left_out(topic_class: str) -> None:
    cards = "".join(
        f"<li><h4><span class='{topic_class}'>Bundeshaushalt</span>"
        f"<a href='/politik/article24326{i}/Milliarde.html'>Um vier Uhr früh wurde nochmal eine "
        f"Milliarde locker gemacht {i}</a></h4></li>"
        for i in range(3)
    )
    found = [t.headline for t in extract_html(_widget(cards, "Mehr zum Thema")).teasers]
    assert found == [
        f"Um vier Uhr früh wurde nochmal eine Milliarde locker gemacht {i}" for i in range(3)
    ]


def test_a_container_named_after_topics_keeps_its_text() -> None:
    cards = "".join(
        f"<li class='topic-teaser'><a href='/politik/article24326{i}/x.html'>"
        f"Um vier Uhr früh wurde nochmal eine Milliarde locker gemacht {i}</a></li>"
        for i in range(3)
    )
    assert len(extract_html(_widget(cards, "Mehr zum Thema")).teasers) == 3


def test_most_read_articles_in_a_mega_menu_are_teasers_and_its_section_links_are_not() -> None:
    uuid = "f8558dbf-7d30-421b-922a-1cf682e6b3{:02d}"
    articles = "".join(
        f"<li><a class='o-header__mega-link' href='/content/{uuid.format(i)}'>"
        f"Shell makes record profits as war shakes markets {i}</a></li>"
        for i in range(4)
    )
    sections = "".join(
        f"<li><a class='o-header__mega-link' href='/world/{name}'>{name.title()} news</a></li>"
        for name in ("europe", "americas", "asia")
    )
    html = (
        "<html><body><header><div class='o-header__mega'>"
        f"<div>Sections</div><ul>{sections}</ul><div>Most Read</div><ul>{articles}</ul>"
        "</div></header><article><p>Texte.</p></article></body></html>"
    )
    found = [t.headline for t in extract_html(html).teasers]
    assert found == [f"Shell makes record profits as war shakes markets {i}" for i in range(4)]


def test_a_title_styled_as_a_heading_level_leaves_out_the_card_details() -> None:
    cards = "".join(
        f"<li><a href='/blog/recette-madeleines-{i}/'><span class='cat'>Goûters</span>"
        f"<div class='texte'><strong class='h2-like'>Recette madeleines au citron {i}</strong>"
        "<div class='infos'><span>27 min</span> <span>15 madeleines</span></div></div></a></li>"
        for i in range(3)
    )
    found = [t.headline for t in extract_html(_widget(cards, "Vous aimerez aussi")).teasers]
    assert found == [f"Recette madeleines au citron {i}" for i in range(3)]


@pytest.mark.parametrize(
    ("card_attribute", "label"),
    [
        (" data-is-sponsored='true'", ""),  # the vendor's paid-item markup
        ("", " <span class='sponsored'>Ad Feature</span>"),  # a label in the card
        ("", ""),
    ],
)
def test_paid_items_are_flagged_by_their_markup_or_label(card_attribute: str, label: str) -> None:
    cards = "".join(
        f"<li{card_attribute if i == 1 else ''}><a href='/femail/article-91644{i}/x.html'>"
        f"<strong>How the gastric band in a glass helps slimmers number {i}</strong>"
        f"{label if i == 1 else ''}</a></li>"
        for i in range(3)
    )
    teasers = extract_html(_widget(cards, "Don't miss")).teasers
    assert [t.sponsored for t in teasers] == [False, bool(card_attribute or label), False]


def test_a_heading_styled_by_class_names_its_block_and_a_partner_label_flags_it() -> None:
    cards = "".join(
        f"<article><a href='https://partner.example/mercato-un-joueur-rejoint-{i}/'>"
        f"<span class='su-title'>Mercato : un international rejoint le club numéro {i}</span>"
        "</a></article>"
        for i in range(3)
    )
    logo = "<article><a href='https://fondation.example/'>Fondation Florence Gould</a></article>"
    html = (
        "<html><body><article><p>Texte.</p></article><section>"
        f"<span class='su-h2'>Nos partenaires</span><div>{cards}{logo}</div>"
        "</section></body></html>"
    )
    teasers = extract_html(html).teasers
    assert [t.block for t in teasers] == ["Nos partenaires"] * 3  # partners' names left out
    assert all(t.sponsored for t in teasers)
