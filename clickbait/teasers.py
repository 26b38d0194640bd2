"""Find the teasers in a document: recommendation widgets, related lists, text scrapes.

A :class:`Teaser` is a headline, an optional snippet and link, its position on the page
and the block it came from. :func:`extract` returns the teasers together with the
:class:`Block` list, so that a widget whose items are injected by JavaScript (an empty
container in the saved page) is reported as present with no teasers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass
from functools import cache, lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple

from clickbait import lexicons

if TYPE_CHECKING:
    from lxml.etree import _Element as HtmlElement

    from clickbait.pages import Document


@dataclass(frozen=True, slots=True)
class Teaser:
    """One teaser. ``position`` is its 0-based order on the page; ``block`` names its widget."""

    headline: str
    snippet: str = ""
    url: str = ""
    position: int = 0
    block: str = ""
    sponsored: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Block:
    """A teaser block found on a page: its name, how it was recognised, its teaser count."""

    name: str
    kind: str
    teasers: int


@dataclass(frozen=True, slots=True)
class Extraction:
    teasers: list[Teaser]
    blocks: list[Block]


def extract(document: Document) -> Extraction:
    """All teasers of a document, with the blocks they came from."""
    if document.kind == "table":
        teasers = [teaser_from_row(row, i) for i, row in enumerate(document.rows)]
        return Extraction(teasers, [Block("table", "table", len(teasers))])
    if document.kind == "html":
        return extract_html(document.text)
    return extract_text(document.text)


def teaser_from_row(row: dict[str, str], position: int) -> Teaser:
    """The teaser of one row of a table (``headline``, optional ``snippet``, ``url``,
    ``sponsored``), its text cleaned and repaired as a page's is."""
    return Teaser(
        headline=repair_text(_clean(row.get("headline", ""))),
        snippet=repair_text(_clean(row.get("snippet", ""))),
        url=(row.get("url") or "").strip(),
        position=position,
        block="table",
        sponsored=str(row.get("sponsored", "")).strip().lower() in {"1", "true", "yes"},
    )


def find_teasers(document: Document | str) -> list[Teaser]:
    """The teasers of a document, or of an HTML string, in page order."""
    if isinstance(document, str):
        return extract_html(document).teasers
    return extract(document).teasers


# -- shared helpers --------------------------------------------------------------------

_TRUNCATION = re.compile(r"(?:\.\.\.|…)\s*$")
_HEADING_TRIM = " \t\n:.»›>|-–—•*#"


def _clean(text: str) -> str:
    # str.split() and re's \s agree on what is white space; splitting is faster.
    return " ".join(text.split())


# UTF-8 read as windows-1252 or Latin-1 ("FranÃ§ais", "lâ€™Ã©tÃ©"): a lead byte's
# character followed by a continuation byte's.
_MOJIBAKE_HINT = re.compile(
    r"[\u00c2-\u00c5\u00e2]"
    r"[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a\u20ac\u2122]"
)


def repair_text(text: str) -> str:
    """Undo mojibake in a teaser's text (ftfy), leaving sound text untouched."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_text(text, unescape_html=False, normalization="NFC")


@cache
def _service_headings() -> frozenset[str]:
    return frozenset(_heading_key(h) for h in lexicons.merged("service_headings"))


@cache
def _widget_headings() -> frozenset[str]:
    return frozenset(_heading_key(h) for h in lexicons.merged("widget_headings"))


def _heading_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").lower()
    return _clean(text).strip(_HEADING_TRIM)


_KEY_WORDS = re.compile(r"\w+")


def headline_key(headline: str) -> str:
    """A short stable hash of a headline, blind to case, punctuation, quotes and spacing.

    Annotations of third-party pages name teasers by this key instead of their text.
    """
    return hashlib.sha256(_key_words(headline).encode("utf-8")).hexdigest()[:16]


def _key_words(headline: str) -> str:
    """The words :func:`headline_key` hashes: two headlines are the same teaser when
    these are equal."""
    return " ".join(_KEY_WORDS.findall(unicodedata.normalize("NFKC", headline).casefold()))


@lru_cache(maxsize=8192)  # pages repeat their short texts ("Partager", "Lire la suite")
def is_widget_heading(text: str) -> bool:
    """True for block headings such as "Vous aimerez aussi" or "More stories"."""
    return len(text) <= 80 and not text.isspace() and _heading_key(text) in _widget_headings()


def _is_sponsored(text: str) -> bool:
    return (
        _may_match(text, _SPONSOR_LABEL_STEMS)
        and bool(lexicons.pattern("sponsored").search(text.lower()))
        and bool(_SPONSOR_LABEL.search(text))
    )


# Non-ASCII letters that re.IGNORECASE matches to ASCII ones and str.lower() does not.
_ODD_FOLDS = ("ı", "İ", "ſ")


def _may_match(text: str, stems: tuple[str, ...]) -> bool:
    """A quick test before a case-insensitive pattern each of whose matches holds one of
    ``stems`` (lowercase ASCII): False only when none of them occurs in ``text``."""
    if not text.isascii():
        for letter in _ODD_FOLDS:
            if letter in text:
                return True
    lowered = text.lower()
    for stem in stems:  # noqa: SIM110 (a loop is twice as fast as any() here)
        if stem in lowered:
            return True
    return False


# Only explicit labels mark a teaser as sponsored; offer wording alone does not.
_SPONSOR_LABEL = re.compile(
    r"\b(?:sponsoris[ée]e?s?|sponsored|contenu(?:s)? partenaires?|partner content|nos partenaires|"
    r"publicit[ée]|anzeige|advertorial|paid (?:content|post)|promoted)\b",
    re.IGNORECASE,
)
_SPONSOR_LABEL_STEMS = (
    "sponsor", "contenu", "partner", "partenaire", "publicit", "anzeige", "advertorial", "paid",
    "promoted",
)  # fmt: skip


# -- plain-text scrapes ------------------------------------------------------------------

MAX_HEADLINE_CHARS = 250


def extract_text(text: str) -> Extraction:
    """Teasers of a plain-text scrape: headline and snippet paragraphs under a heading.

    A block starts at a widget heading line ("Articles qui pourraient vous intéresser:")
    and runs while paragraphs read as headline (+ snippet ending in "..."). Without a
    heading, two or more consecutive headline + truncated-snippet pairs make a block.
    """
    paragraphs = [_clean(p) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text) if p.strip()]
    lines: list[str] = []
    for paragraph in paragraphs:
        # A heading glued to its first item on the next line still counts.
        head, _, rest = paragraph.partition("\n")
        lines.extend([head, rest] if rest and is_widget_heading(head) else [paragraph])
    teasers: list[Teaser] = []
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if is_widget_heading(lines[i]):
            name = lines[i].strip(_HEADING_TRIM)
            found, i = _text_items(lines, i + 1, require_snippets=False)
        else:
            found, end = _text_items(lines, i, require_snippets=True)
            if len(found) < 2:
                i += 1
                continue
            name, i = "text-list", end
        teasers += [
            Teaser(
                repair_text(h),
                repair_text(s),
                "",
                len(teasers) + k,
                name,
                _is_sponsored(h + " " + s),
            )
            for k, (h, s) in enumerate(found)
        ]
        blocks.append(Block(name, "text", len(found)))
    return Extraction(teasers, blocks)


def _text_items(
    lines: list[str], start: int, require_snippets: bool
) -> tuple[list[tuple[str, str]], int]:
    items: list[tuple[str, str]] = []
    i = start
    while i < len(lines):
        headline = lines[i]
        if (
            len(headline) > MAX_HEADLINE_CHARS
            or _TRUNCATION.search(headline)
            or is_widget_heading(headline)
        ):
            break
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following and _TRUNCATION.search(following) and not is_widget_heading(following):
            items.append((headline, following))
            i += 2
        elif require_snippets:
            break
        elif len(headline.split()) >= 3 and not headline.endswith((".", ":")):
            items.append((headline, ""))
            i += 1
        else:
            break
    return items, i


# -- HTML ----------------------------------------------------------------------------------

# Modifier names ("card--no-date", "has-title", "is-sponsored-hidden") describe what an
# element lacks or may show, not what it is.
_MODIFIER = re.compile(r"(?:--|\b)(?:no|not|has|with|without|is|hide|hidden)-[\w-]*")


def _classes(element: HtmlElement) -> str:
    return _without_modifiers(element.get("class") or "")


@lru_cache(maxsize=8192)
def _without_modifiers(classes: str) -> str:
    # Class strings repeat a lot within and across pages.
    return _MODIFIER.sub(" ", classes) if "-" in classes else classes


class _NameTest:
    """A pattern tested on an element's class names (modifiers left out), or on its class
    names and id.

    Answers are remembered per distinct attribute value: pages repeat their class names,
    and a pattern costs 2–25 µs a test, against a dictionary look-up.
    """

    __slots__ = ("_answers", "pattern")
    _LIMIT = 65536  # answers remembered per pattern, across pages

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        # Keyed by the class attribute alone, or by (class, id).
        self._answers: dict[str | tuple[str | None, str], bool] = {}

    def in_classes(self, element: HtmlElement) -> bool:
        """Whether the pattern occurs in the element's classes (modifiers left out)."""
        classes = element.get("class")
        if not classes:
            return False
        answer = self._answers.get(classes)
        if answer is None:
            answer = self._remember(classes, classes, None)
        return answer

    def in_names(self, element: HtmlElement) -> bool:
        """Whether the pattern occurs in the element's classes (modifiers left out) or id."""
        classes, id_ = element.get("class"), element.get("id")
        key: str | tuple[str | None, str]
        if id_ is not None:
            if not (classes or id_):
                return False
            key = (classes, id_)
        elif classes:
            key = classes  # as in_classes
        else:
            return False
        answer = self._answers.get(key)
        if answer is None:
            answer = self._remember(key, classes, id_)
        return answer

    def _remember(
        self, key: str | tuple[str | None, str], classes: str | None, id_: str | None
    ) -> bool:
        if len(self._answers) >= self._LIMIT:
            self._answers.clear()
        names = _without_modifiers(classes or "")
        if id_ is not None:
            names = f"{names} {id_}"
        answer = self._answers[key] = self.pattern.search(names) is not None
        return answer


VENDORS = {
    "outbrain": re.compile(r"outbrain|\bob-widget|\bob_", re.I),
    "taboola": re.compile(r"taboola|\btrc_", re.I),
    "revcontent": re.compile(r"revcontent|\brc-widget", re.I),
    "mgid": re.compile(r"\bmgid|mgbox|mgline", re.I),
    "zergnet": re.compile(r"zergnet", re.I),
    "plista": re.compile(r"plista", re.I),
    "ligatus": re.compile(r"ligatus", re.I),
    "nativendo": re.compile(r"nativendo", re.I),
}
_ANY_VENDOR = re.compile(
    "|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in VENDORS.items()), re.I
)
# Literal fragments of every vendor pattern: a quick test before the full one.
_VENDOR_HINT = _NameTest(
    r"outbrain|ob[-_]|taboola|trc_|revcontent|rc-widget|mg(?:id|box|line)|zergnet|plista|"
    r"ligatus|nativendo",
    re.I,
)
# Link hosts and item classes of paid recommendations.
_PAID_LINK = re.compile(
    r"paid\.outbrain\.com|\bzergnet\.com|doubleclick\.net|googleadservices|adclick|"
    r"\bclickserve|/aclk\?|revcontent\.com|mgid\.com|\bad\.doubleclick|taboola\.com/.*syndicat|"
    r"feednetwork\.com|nativendo|plista\.com|ligatus\.com",
    re.I,
)
# Literal fragments of every paid-link pattern, for lowercased ASCII links: a quick test
# before the full one.
_PAID_LINK_STEMS = (
    "outbrain", "zergnet", "doubleclick", "googleadservices", "adclick", "clickserve", "/aclk?",
    "revcontent", "mgid", "taboola", "feednetwork", "nativendo", "plista", "ligatus",
)  # fmt: skip
_PAID_ITEM = _NameTest(r"\bob-p\b|syndicated|\bsponsored\b|\bpaid\b|advertorial|partenaire", re.I)
# Page areas that never hold teasers.
_NEVER_TAGS = {"form", "button", "select", "label"}
# Class or id names are matched at the start of a name ("comments", "share-bar"), as a
# word inside a longer name ("most_popular_social") says little.
_NEVER = re.compile(
    r"(?:^|\s)(?:breadcrumbs?|cookies?|consent|gdpr|cmp|comments?|"
    r"share|sharing|social|pagination|pager|tags|tag-?cloud|tag-?list|keywords?|skip-?link|"
    r"byline)(?:$|[\s_-])|community|forum",  # readers' posts, wherever in a name
    re.I,
)
# Menus: only clear article teasers count there (a headline and an article link).
_MENU_TAGS = {"nav", "header", "footer"}
_MENU = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|mega-?menu|header|masthead|flyout|dropdown|"
    r"footer)"
    r"(?:$|[\s_-])",
    re.I,
)
_TITLE_CLASS = _NameTest(
    r"(?:^|[\s_-])(?i:title|headline|heading|titre|hed|rec-text|item-label)(?i:s)?(?:$|[\s_-])|"
    r"[a-z0-9](?:Title|Headline|Heading)|(?:^|[\s_-])(?:title|headline)[A-Z]"
)
_SNIPPET_CLASS = _NameTest(
    r"desc|summary|excerpt|chapo|chapeau|standfirst|teaser-?text|intro|lead|abstract|\bdek\b|"
    r"resume|description|subtitle|sous-titre",
    re.I,
)
# Kickers, labels, bylines and dates inside an item: not part of its headline.
_META_CLASS = _NameTest(
    r"source|branding|brand|byline|author|timestamp|\bdate\b|\btime\b|sponsor|rec-src|"
    r"kicker|surtitle|sur-titre|overline|eyebrow|rubri|category|categorie|flag|badge|"
    r"\blabel\b|premium|abonn|reading-time|duration|comment|count|sr-only|visually-hidden|"
    r"screen-reader|a11y",
    re.I,
)
_META_TAGS = {"time", "figcaption", "img", "picture", "button", "small"}
_KICKER_TAGS = {"span", "strong", "b", "em", "i", "small", "div", "p"}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SNIPPET_TAGS = ("p", "div", "span", "a")
_BLOCK_TEXT_TAGS = {"p", "blockquote", "dd"}
# "À lire aussi :" before an inline link in the article text makes it a teaser.
_INLINE_LABEL = re.compile(
    r"^\W*(?:[àa] lire aussi|lire aussi|[àa] lire|voir aussi|[àa] voir aussi|lire la suite|"
    r"read more|read also|see also|related|more on this|lesen sie auch|lesen sie mehr|"
    r"mehr zum thema|auch interessant|das k[öo]nnte sie auch interessieren|tamb[ié]n te puede)\b",
    re.I,
)
_ARTICLE_PATH = re.compile(
    r"\d{5,}|[\w%]+(?:[-_][\w%]+){2,}|\.(?:s?html?|php|ece|cms|aspx?)$", re.I
)
# Link paths of pages that are not articles: topics, people, forums, shops, accounts.
_NON_ARTICLE_SEGMENT = re.compile(
    r"^(?:tags?|topics?|thema|themen|themes?|sujets?|schlagworte?|stichworte?|personnalites?|"
    r"people|person|personen|auteurs?|authors?|autor(?:en)?|journalistes?|profil|profiles?|"
    r"users?|membres?|forums?|foren|community|communaute|emissions?|sendungen|programmes?|"
    r"conferences?|"
    r"podcasts?|dossiers?|series|taxonomy|mots?|shop|store|kiosque|kiosk|vergleich|comparatifs?|"
    r"boutique|abo|abonnement|subscribe|newsletters?|login|account|compte|moncompte|secure|"
    r"apps?|rss|api|search|recherche|"
    r"suche|jobs?|emploi|stellenmarkt|immobilier|immobilien|annonces|kleinanzeigen|"
    r"gutscheine|codes?-promo|coupons?|deals|horoscope|horoskop|meteo|wetter|weather|spiele|"
    r"jeux|games)$",
    re.I,
)
# Hosts whose pages are posts, profiles, videos or apps, never another article's page:
# social networks, video platforms, app stores.
_PLATFORM_HOST = re.compile(
    r"(?:^|\.)(?:facebook\.com|twitter\.com|x\.com|instagram\.com|linkedin\.com|"
    r"pinterest\.[a-z.]+|tiktok\.com|snapchat\.com|whatsapp\.com|t\.me|youtube\.com|"
    r"youtu\.be|vimeo\.com|dailymotion\.com|apps\.apple\.com|itunes\.apple\.com|"
    r"play\.google\.com)$"
)
# Documents and media files are not pages to read.
_DOCUMENT_PATH = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|odt|zip|mp3)$", re.I)
# Forum threads (forum software's own pages), newsletter sign-ups and embedded players.
_SERVICE_PATH = re.compile(
    r"/(?:showthread|viewtopic|viewthread)\.php$|newsletter|(?:^|/)embed(?:\.html?)?$", re.I
)
_SERVICE_PATH_STEMS = ("newsletter", "embed", ".php")  # every match holds one (see _may_match)
# The same names as path segments: a listing or one of its entries (the last two
# segments), or a listing anywhere on the way.
_NON_ARTICLE_LISTING = re.compile(rf"(?:^|/){_NON_ARTICLE_SEGMENT.pattern[1:-1]}(?:/[^/]*)?$", re.I)
_NON_ARTICLE_FOLDER = re.compile(rf"(?:^|/){_NON_ARTICLE_SEGMENT.pattern[1:-1]}(?:/|$)", re.I)
# The same two, for ASCII paths once lowercased (for ASCII text, lowercasing is exactly
# what re.IGNORECASE folds): two to three times faster on these long alternations.
_ASCII_LISTING = re.compile(_NON_ARTICLE_LISTING.pattern)
_ASCII_FOLDER = re.compile(_NON_ARTICLE_FOLDER.pattern)


def _is_listing(path: str) -> bool:
    """Whether a link path is a listing or one of its entries (:data:`_NON_ARTICLE_LISTING`).

    Such a match starts at one of the last two slashes, or at the start of a path with
    fewer: the search starts there (``^`` still matches only at the real start).
    """
    start = max(path.rfind("/", 0, max(path.rfind("/"), 0)), 0)
    if path.isascii():
        return _ASCII_LISTING.search(path.lower(), start) is not None
    return _NON_ARTICLE_LISTING.search(path, start) is not None


def _has_listing_folder(path: str) -> bool:
    """Whether a listing's name is a folder of a link path (:data:`_NON_ARTICLE_FOLDER`)."""
    if path.isascii():
        return _ASCII_FOLDER.search(path.lower()) is not None
    return _NON_ARTICLE_FOLDER.search(path) is not None


_SLUG_WORDS = re.compile(r"[-_]+")
_STRONG_ARTICLE_PATH = re.compile(
    r"\d{5,}|\.(?:s?html?|php|ece|cms|aspx?)$|(?:^|/)(?:19|20)\d\d/[01]?\d/", re.I
)
# An article's address: an id or a page extension, or a folder of articles on the way.
_ARTICLE_ADDRESS = re.compile(
    r"\d{5,}|\.(?:s?html?|php|ece|cms|aspx?)$|/(?:articles?|artikel|story|stories)/", re.I
)


def _is_article_address(path: str) -> bool:
    return bool(_ARTICLE_ADDRESS.search(path))


# "... präsentiert von Marke": a partner's name after the headline marks it as paid.
_PRESENTED_BY = re.compile(
    r"\b(?:pr[äa]sentiert von|presented by|sponsored by|powered by|in partnership with|"
    r"en partenariat avec|pr[ée]sent[ée] par|in zusammenarbeit mit)\b",
    re.I,
)
_PRESENTED_BY_STEMS = (
    "sentiert von", "presented by", "sponsored by", "powered by", "in partnership with",
    "en partenariat avec", " par", "in zusammenarbeit mit",
)  # fmt: skip
_LEADING_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s+")
MIN_HEADLINE_WORDS = 3
# A kicker in its own element before the title is this short at most.
KICKER_WORDS = 6
# A card's heading of two words counts when a summary follows it.
SHORT_HEADLINE_WORDS = 2
# In menus and footers, a plain text link counts only when it reads as a full headline
# (chosen on the development pages: 5, 6, 7 words or never, by F1).
MENU_HEADLINE_WORDS = 7


def _attrs(element: HtmlElement) -> str:
    return f"{_classes(element)} {element.get('id') or ''}"


def _parse(html: str) -> HtmlElement | None:
    from lxml import etree

    if not html or html.isspace():  # (html.strip() would copy the page)
        return None
    try:
        # Plain lxml elements: lxml.html's element classes are looked up in Python for
        # every node handed out, a fifth of the extraction time.
        root = etree.fromstring(html.encode("utf-8", "surrogatepass"), parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    etree.strip_elements(root, etree.Comment, with_tail=False)
    return root


@cache
def _parser() -> Any:
    from lxml import etree

    # (No table of ids: nothing here looks elements up by id.)
    return etree.HTMLParser(
        encoding="utf-8", remove_comments=True, huge_tree=False, collect_ids=False
    )


def _iter_tags(element: HtmlElement, tags: Collection[str]) -> Iterator[HtmlElement]:
    """``element.iter(*tags)``: the element and those under it with one of these tags, in
    page order; without setting up lxml's matcher of several tags (about 1 µs) for an
    element with no children."""
    if len(element) == 0:
        return iter((element,) if element.tag in tags else ())
    return element.iter(*tags)


def _headings(element: HtmlElement) -> Iterator[HtmlElement]:
    """The heading elements at or under ``element``, in page order."""
    return _iter_tags(element, _HEADING_TAGS)


def _text_content(element: HtmlElement) -> str:
    """All the text inside an element, as lxml.html's ``text_content()`` gives it."""
    if len(element) == 0:
        return element.text or ""
    return _text_serializer()(element)


@cache
def _text_serializer() -> Callable[[HtmlElement], str]:
    from lxml import etree

    # Serialising as text is faster than XPath's string() and gives the same text.
    return partial(etree.tostring, method="text", encoding=str, with_tail=False)


@dataclass
class _Item:
    link: HtmlElement
    root: HtmlElement
    url: str
    headline: str
    snippet: str
    sponsored: bool
    inline: bool
    links: list[HtmlElement]
    place: _Place
    short_title: bool = False


class _Place(NamedTuple):  # (a tuple: built for every candidate link, three times faster)
    """Where a link sits and where it points: what its headline cannot change."""

    area: int  # 0, _MENU_AREA or _NEVER_AREA
    card: HtmlElement
    host: str
    in_vendor: bool
    path: str
    article_link: bool
    strong_path: bool  # an id, a page extension or a dated folder: _STRONG_ARTICLE_PATH


def extract_html(html: str) -> Extraction:
    """Teasers of an HTML page: every link presented as another article's headline.

    A teaser is a link to another page whose text (or its card's title) reads as a
    headline, outside page furniture (footers, breadcrumbs, tags, comments, sharing)
    and outside the article's own paragraphs, except links introduced by a label such
    as "À lire aussi". In menus only clear article teasers count. Teasers are grouped
    into blocks named by their vendor widget or the heading above them; vendor
    containers with no items (filled by JavaScript in a browser) are reported as
    blocks with no teasers.
    """
    root = _parse(html)
    if root is None:
        return Extraction([], [])
    from lxml import etree

    own_urls = _own_urls(root)
    own_title = _own_title(root)
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    page = _Page(root)
    strong = page.strong

    items: list[_Item] = []
    seen_headlines: set[str] = set()
    covered: set[HtmlElement] = set()
    # (Links with too little text, and no image or title, are not a teaser's link.)
    for link in page.strong_links:
        if link in covered:
            continue
        if link.get("aria-hidden") == "true":
            continue  # an overlay or duplicate of a link shown elsewhere in the card
        url = page.urls.get(link)
        if url is None or url in own_urls:
            continue
        root, links = _card(link, url, strong, page.urls)
        covered.update(links)
        place = _place(page, link, root, url)
        if _place_rejection(place):
            continue  # decided before the headline is worked out
        item = _item(link, root, url, links, place)
        if item.headline == own_title or _rejection(item):
            continue
        key = _key_words(item.headline)
        if key in seen_headlines:
            continue
        seen_headlines.add(key)
        items.append(item)

    items = _without_off_pattern_links(items, own_urls)
    named = [(item, *_block_of(page, item)) for item in items]
    # Blocks of services and listings (promo codes, jobs, weather) hold no teasers; a
    # block named as sponsored holds sponsored teasers. (Once per name: items share them.)
    service: set[str] = set()
    sponsored: set[str] = set()
    for name in {name for _, name, _, _ in named}:
        if _heading_key(name) in _service_headings():
            service.add(name)
        if _is_sponsored(name):
            sponsored.add(name)
    named = [entry for entry in named if entry[1] not in service]
    for item, _, _, _ in named:
        _complete(item)  # snippet and sponsorship: looked up only for the items kept
    teasers = [
        Teaser(
            headline=repair_text(item.headline),
            snippet=repair_text(item.snippet),
            url=item.url,
            position=position,
            block=name,
            sponsored=item.sponsored or name in sponsored,
        )
        for position, (item, name, _, _) in enumerate(named)
    ]
    blocks: dict[tuple[str, int], list[Any]] = {}
    for _, name, kind, anchor in named:
        entry = blocks.setdefault((name, id(anchor)), [_line(anchor), name, kind, 0])
        entry[3] += 1
    anchors = {id(anchor) for _, _, _, anchor in named}
    for container, vendor in page.vendors:
        empty = not any(id(node) in anchors for node in container.iter())
        if empty and (vendor, id(container)) not in blocks:
            blocks[(vendor, id(container))] = [_line(container), vendor, "vendor", 0]
    ordered = sorted(blocks.values(), key=lambda entry: entry[0])
    return Extraction(teasers, [Block(name, kind, count) for _, name, kind, count in ordered])


def _line(element: HtmlElement) -> int:
    return element.sourceline or 0


@lru_cache(maxsize=8192)
def _target_of(href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    return href.split("#", 1)[0] or None


@lru_cache(maxsize=8192)
def _path_of(url: str) -> str:
    return _address_of(url)[1]


@lru_cache(maxsize=8192)
def _address_of(url: str) -> tuple[str, str]:
    """The host (lowercase, "" for a relative link) and path (no trailing slash) of a link."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "", url
    host = (parts.hostname or "") if parts.netloc else ""
    return host, parts.path.rstrip("/") or "/"


def _own_urls(root: HtmlElement) -> set[str]:
    """The page's own address (canonical link, og:url), as written and as a path."""
    urls = set()
    for element in root.iter("link", "meta"):
        rel = (element.get("rel") or "").lower()
        prop = (element.get("property") or element.get("name") or "").lower()
        value = element.get("href") if rel == "canonical" else None
        if prop in {"og:url", "twitter:url"}:
            value = element.get("content")
        if value and value.strip():
            urls.add(value.strip())
    paths = {_path_of(u) for u in urls} - {"/"}
    # A link to the same path on the same site is the page itself.
    return (
        urls
        | {p for p in paths}
        | {p + "/" for p in paths}
        | {f"{u.split('?', 1)[0].rstrip('/')}/" for u in urls}
    )


SITE_PATTERN_SHARE = 0.6


def _without_off_pattern_links(items: list[_Item], own_urls: set[str]) -> list[_Item]:
    """Items without the links to the page's own site that lack its article address shape.

    When nearly all of a page's teaser links to its own site carry an article id or a
    page extension, its other links there lead to sections, topics or people.
    """
    hosts = {_address_of(u)[0].removeprefix("www.") for u in own_urls} - {""}
    local = [
        item
        for item in items
        if not item.place.in_vendor
        and not item.inline
        and (not item.place.host or item.place.host.removeprefix("www.") in hosts)
    ]
    shaped = sum(1 for item in local if item.place.strong_path)
    if len(local) < 5 or shaped < SITE_PATTERN_SHARE * len(local):
        return items
    off = {id(item) for item in local if not item.place.strong_path}
    return [item for item in items if id(item) not in off]


def _own_title(root: HtmlElement) -> str:
    for element in root.iter("meta"):
        if (element.get("property") or "").lower() == "og:title":
            return _clean(element.get("content") or "")
    return ""


def _strong_targets(
    urls: dict[HtmlElement, str],
) -> tuple[dict[HtmlElement, set[str]], list[HtmlElement]]:
    """For each element, the distinct targets (up to two) of substantial links inside it:
    links with a headline-length text or title, an image, or laid over a card. And the
    links among those elements, in page order: the substantial ones and any link around
    one.

    An item's card is the largest ancestor of its link that holds no other such target.
    Each link walks up until an ancestor already holds two targets.
    """
    targets: dict[HtmlElement, set[str]] = {}
    links: list[HtmlElement] = []
    for link, url in urls.items():
        if not (
            len(_text_content(link).split()) >= MIN_HEADLINE_WORDS
            or len((link.get("title") or "").split()) >= MIN_HEADLINE_WORDS
            or (len(link) > 0 and next(link.iter("img"), None) is not None)
            or _is_overlay(link)
        ):
            continue
        node: HtmlElement | None = link
        reached: list[HtmlElement] = []  # links newly reached, from the inside out
        while node is not None:
            entry = targets.get(node)
            if entry is None:
                targets[node] = {url}
                if node.tag == "a":
                    reached.append(node)
            elif url in entry or len(entry) >= 2:
                break
            else:
                entry.add(url)
            node = node.getparent()
        # A link around this one is reached first here, and comes first on the page.
        links.extend(reversed(reached))
    return targets, links


def _is_overlay(link: HtmlElement) -> bool:
    """An empty link laid over a card whose heading it does not wrap."""
    if len(link) or (link.text or "").strip():
        return False
    parent = link.getparent()
    return parent is not None and next(parent.iter(*_HEADING_TAGS), None) is not None


def _card(
    link: HtmlElement, url: str, strong: dict[HtmlElement, set[str]], urls: dict[HtmlElement, str]
) -> tuple[HtmlElement, list[HtmlElement]]:
    """The card of a link (its largest ancestor with no other substantial target), and the
    card's links to the same target."""
    root = link
    while True:
        parent = root.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        entry = strong.get(parent)
        if entry is not None and (len(entry) > 1 or url not in entry):
            break  # another target (an entry is never empty)
        root = parent
    return root, [a for a in root.iter("a") if urls.get(a) == url]


def _item(
    link: HtmlElement, root: HtmlElement, url: str, links: list[HtmlElement], place: _Place
) -> _Item:
    title, short = _headline(root, links)
    headline = _INLINE_LABEL.sub("", title, count=1).lstrip(" :.–—-|»>")
    headline = _LEADING_DATE.sub("", headline)
    sponsor = _PRESENTED_BY.search(headline) if _may_match(headline, _PRESENTED_BY_STEMS) else None
    if sponsor and len(headline[: sponsor.start()].split()) >= MIN_HEADLINE_WORDS:
        headline = headline[: sponsor.start()].rstrip(" -–—|:")
    # Snippet and sponsorship are looked up only for the items kept (see _complete).
    return _Item(link, root, url, headline, "", bool(sponsor), False, links, place, short)


def _complete(item: _Item) -> _Item:
    item.snippet = _snippet(item.root, item.headline)
    item.sponsored = item.sponsored or _item_is_sponsored(item.root, item.links)
    return item


def _headline(root: HtmlElement, links: list[HtmlElement]) -> tuple[str, bool]:
    """The title of a card: its heading, a title-classed element, or its link's text; and
    whether it is a two-word heading over a summary ("News quiz" + "How did ..."), which
    counts as a headline although it is short."""
    short = ""
    for element in _headings(root):
        if _META_CLASS.in_names(element):
            continue  # a kicker set as a heading
        text = _text_without_meta(element)
        words = len(text.split())
        if words >= MIN_HEADLINE_WORDS and not is_widget_heading(text):
            following = element.getnext()
            if following is not None and following.tag in _HEADING_TAGS:
                title = _text_without_meta(following)
                if len(title.split()) > words:
                    return title, False  # a kicker heading over the title heading
            return text, False
        if words == SHORT_HEADLINE_WORDS and not short and not is_widget_heading(text):
            short = text
    if short and _snippet(root, short):
        return short, True
    return _headline_text(root, links), False


def _headline_text(root: HtmlElement, links: list[HtmlElement]) -> str:
    for link in links:
        if _TITLE_CLASS.in_classes(link):
            text = _text_without_meta(link)
            if text:
                return text
    for element in root.iter("*"):  # (elements only)
        if (
            element.tag != "a"
            and _TITLE_CLASS.in_classes(element)
            and not _SNIPPET_CLASS.in_classes(element)
        ):
            text = _text_without_meta(element)
            if len(text.split()) >= MIN_HEADLINE_WORDS and len(text) <= MAX_HEADLINE_CHARS:
                return text
    texts = [_text_without_meta(a) for a in links if not _SNIPPET_CLASS.in_classes(a)]
    texts = [t for t in texts if t]
    if texts:
        # Summary links are left out above; of the rest (a kicker link, the title
        # link), the longest text, the later one on a tie.
        return max(reversed(texts), key=len)
    for link in links:
        for attribute in ("title", "aria-label"):
            text = _clean(link.get(attribute) or "")
            if len(text.split()) >= MIN_HEADLINE_WORDS:
                return text
    return ""


def _text_without_meta(element: HtmlElement) -> str:
    """Text of an element, leaving out kickers, labels, bylines and dates nested in it.

    A short leading element followed by more text ("<span>Kicker</span> Title") is a
    kicker in its own element, and is left out too.
    """
    if len(element) == 0:
        return _clean(element.text or "")  # plain text: nothing nested to leave out
    parts: list[str] = []
    _collect_text_without_meta(element, parts)
    text = _clean(" ".join(parts))
    source = _trailing_source(element)
    if source and text.endswith(source):
        text = text[: -len(source)].rstrip()
    label = _trailing_label(element)
    if label and text.endswith(label):
        rest = text[: -len(label)].rstrip(" :.–—-|")
        if len(rest.split()) >= MIN_HEADLINE_WORDS:
            text = rest
    kicker = _leading_kicker(element)
    if kicker and text.startswith(kicker):
        rest = text[len(kicker) :].lstrip(" :.–—-|")
        if len(rest.split()) >= MIN_HEADLINE_WORDS:
            return rest
    return text


def _collect_text_without_meta(node: HtmlElement, parts: list[str]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and not (
            child.tag in _META_TAGS or _META_CLASS.in_names(child)
        ):
            _collect_text_without_meta(child, parts)
        if child.tail:
            parts.append(child.tail)


# "Nypost.com" closing a headline: the source's address, in its own element.
_SOURCE_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.I)


def _trailing_source(element: HtmlElement) -> str:
    """The text of a last child element naming a web address, after the title's text."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or (children[-1].tail or "").strip():
        return ""
    text = _clean(_text_content(children[-1]))
    return text if _SOURCE_NAME.fullmatch(text) else ""


def _trailing_label(element: HtmlElement) -> str:
    """The text of a one- or two-word element closing ``element`` after a title element."""
    node = element
    while True:
        children = [
            c
            for c in node
            if isinstance(c.tag, str) and c.tag not in _META_TAGS and _text_content(c).strip()
        ]
        if not children:
            return ""
        if (node.text or "").strip():
            # Title text then a label with its icon ("... <span><i class=icon/>Vidéo</span>").
            last = children[-1]
            if (last.tail or "").strip() or not any(c.get("class") for c in last.iterdescendants()):
                return ""
            text = _clean(_text_content(last))
            return text if 0 < len(text.split()) <= 2 else ""
        if len(children) == 1:
            node = children[0]
            continue
        last = children[-1]
        if (last.tail or "").strip() or last.tag not in _KICKER_TAGS:
            return ""
        text = _clean(_text_content(last))
        return text if 0 < len(text.split()) <= 2 else ""


def _leading_kicker(element: HtmlElement) -> str:
    """The text of a short inline element that opens ``element`` before its own text."""
    node = element
    while not (node.text or "").strip():
        children = [c for c in node if isinstance(c.tag, str) and c.tag not in _META_TAGS]
        if not children:
            return ""
        first = children[0]
        if (first.tail or "").strip() or len(children) > 1:
            if first.tag not in _KICKER_TAGS:
                return ""
            following = first.getnext()
            if (first.tail or "").lstrip().startswith(":") or (
                following is not None and _clean(_text_content(following)) == ":"
            ):
                return ""  # "Lead-in: title" is one headline
            text = _clean(_text_content(first))
            return text if 0 < len(text.split()) <= KICKER_WORDS else ""
        node = first
    return ""


def _snippet(root: HtmlElement, headline: str) -> str:
    for element in _iter_tags(root, _SNIPPET_TAGS):
        if element.tag != "p" and not _SNIPPET_CLASS.in_classes(element):
            continue
        if next(_headings(element), None) is not None:
            continue
        text = _clean(_text_content(element))
        if text and headline not in text and len(text.split()) >= 4:
            return text
    return ""


def _item_is_sponsored(root: HtmlElement, links: list[HtmlElement]) -> bool:
    if any(_is_paid_link(a.get("href") or "") for a in links):
        return True
    node: HtmlElement | None = root
    for _ in range(3):  # the card, its list item and the item's wrapper
        if node is None:
            break
        if _PAID_ITEM.in_names(node):
            return True
        node = node.getparent()
    text = _text_content(root)
    # (A quick test on the text as it is: cleaning changes only spaces, which no stem holds.)
    return _may_match(text, _SPONSOR_LABEL_STEMS) and _is_sponsored(_clean(text)[:400])


_MENU_AREA, _NEVER_AREA = 1, 2


class _Page:
    """What is worked out once per page, or once per element and remembered.

    lxml elements hash by identity, and lxml hands out a new proxy object for a node
    once the old one is freed: the maps here are keyed by elements they keep alive.
    """

    def __init__(self, root: HtmlElement) -> None:
        # The target of every link that has one, in page order.
        self.urls = {
            link: url
            for link in root.iter("a")
            if (url := _target_of(link.get("href") or "")) is not None
        }
        self.strong, self.strong_links = _strong_targets(self.urls)
        self.vendors = _vendor_containers(root)
        self.vendor_of = {
            node: (container, name) for container, name in self.vendors for node in container.iter()
        }
        self._areas: dict[HtmlElement, int] = {}
        self._heading_names: dict[HtmlElement, str] = {}

    def area(self, element: HtmlElement) -> int:
        """Whether an element lies in a menu or footer, or in furniture that holds no
        teasers. An element inherits its parent's area; furniture wins. Worked out for
        the ancestors of candidate links only."""
        pending = []
        node: HtmlElement | None = element
        area = 0
        while node is not None:
            known = self._areas.get(node)
            if known is not None:
                area = known
                break
            pending.append(node)
            node = node.getparent()
        for node in reversed(pending):
            if area != _NEVER_AREA:
                own = _own_area(node)
                if own > area:
                    area = own
            self._areas[node] = area
        return area

    def heading_name(self, element: HtmlElement) -> str:
        """:func:`_heading_name`, remembered: the items of a list share their siblings."""
        name = self._heading_names.get(element)
        if name is None:
            name = self._heading_names[element] = _heading_name(element)
        return name


def _own_area(element: HtmlElement) -> int:
    role, classes, id_ = element.get("role"), element.get("class"), element.get("id")
    if role is None and classes is None and id_ is None:
        return _TAG_AREAS.get(element.tag, 0)  # most elements: no look-up of four values
    return _area_of(element.tag, role, classes, id_)


@lru_cache(maxsize=16384)  # elements of a page share tags, roles and classes
def _area_of(tag: str, role: str | None, classes: str | None, id_: str | None) -> int:
    attributes = f"{_without_modifiers(classes or '')} {id_ or ''}" if classes or id_ else ""
    if tag in _NEVER_TAGS or role == "contentinfo" or _NEVER.search(attributes):
        return _NEVER_AREA
    if tag in _MENU_TAGS or role == "navigation" or _MENU.search(attributes):
        return _MENU_AREA
    return 0


# The area of an element by its tag alone, when it has no role, class or id.
_TAG_AREAS = {tag: _area_of(tag, None, None, None) for tag in _NEVER_TAGS | _MENU_TAGS}


def _place(page: _Page, link: HtmlElement, root: HtmlElement, url: str) -> _Place:
    host, path = _address_of(url)
    last = path.rsplit("/", 1)[-1] or path
    strong_path = _STRONG_ARTICLE_PATH.search(path) is not None
    return _Place(
        card=root,
        host=host,
        area=page.area(link),  # (its card's area or more: the card holds the link)
        in_vendor=root in page.vendor_of,
        path=path,
        article_link=strong_path or _ARTICLE_PATH.search(last) is not None,
        strong_path=strong_path,
    )


def _place_rejection(place: _Place) -> str | None:
    """Why a link is not a teaser whatever its headline, or ``None``."""
    if place.area == _NEVER_AREA and not (place.strong_path and _is_picture_card(place.card)):
        return "furniture"  # (a picture card of an article may sit in a comments box)
    path, in_vendor = place.path, place.in_vendor
    last = path.rsplit("/", 1)[-1] or path
    if _PLATFORM_HOST.search(place.host) or _DOCUMENT_PATH.search(last):
        return "platform or document"  # a social network, video, app or file
    if path == "/" and not in_vendor:
        return "home page"  # (a paid recommendation may lead to one)
    if not in_vendor and _NON_ARTICLE_SEGMENT.match(place.host.split(".", 1)[0]):
        return "service host"  # shop., abo., jobs., wetter. ...
    if (
        not in_vendor
        # (the last segment's match is one of the whole path's)
        and not (place.strong_path and _STRONG_ARTICLE_PATH.search(last))
        and (
            # a listing or one of its entries ("/emissions/<show>")
            _is_listing(path)
            # or a short name further down ("/dossier/40397/usa-2012")
            or (len(_SLUG_WORDS.split(last)) < 5 and _has_listing_folder(path))
        )
    ):
        return "not an article page"  # a topic, person, programme or shop page
    if not in_vendor and _may_match(path, _SERVICE_PATH_STEMS) and _SERVICE_PATH.search(path):
        return "service page"  # forum threads, newsletter sign-ups
    if place.area == _MENU_AREA and not in_vendor and not place.article_link:
        return "menu"
    return None


def _rejection(item: _Item) -> str | None:
    """Why a link that passed :func:`_place_rejection` is not a teaser, or ``None``."""
    words = item.headline.split()
    least = SHORT_HEADLINE_WORDS if item.short_title else MIN_HEADLINE_WORDS
    if len(words) < least or len(item.headline) > MAX_HEADLINE_CHARS:
        return "length"
    if is_widget_heading(item.headline) or _is_sponsored_label(item.headline):
        return "label"
    if not _has_words(words, least):
        return "few words"  # dates, prices, scores
    if _is_listing_ad(item.headline):
        return "listing"  # job and property ads
    if max(map(len, words)) > 30:
        return "code"  # tracking tokens and hashes, not words
    if _is_forum_post(item.headline):
        return "forum post"
    if _is_call_to_action(item.headline.lower()):
        return "call to action"
    place = item.place
    in_vendor, path, article_link = place.in_vendor, place.path, place.article_link
    if (
        place.area == _MENU_AREA
        and not in_vendor
        and not (
            _is_card(item.root)
            or (len(words) >= MENU_HEADLINE_WORDS and _is_article_address(path))
            or len(item.links) > 1  # a kicker link and a title link: a teaser's card
        )
    ):
        return "menu"  # (a menu link to a non-article page is left out by _place_rejection)
    if not article_link and path.count("/") <= 1 and len(words) < 5 and not in_vendor:
        return "section front"  # "/sport" named by a short phrase
    text_block = next(item.link.iterancestors(*_BLOCK_TEXT_TAGS), None)
    if text_block is not None:
        block_text = _clean(_text_content(text_block))
        if len(block_text) - len(_clean(_text_content(item.link))) > 40:
            # A link in the article's own paragraph: a teaser only after a label.
            if not _INLINE_LABEL.search(block_text):
                return "article text"
            item.inline = True
    if _runs_on(item.link):
        return "article text"  # a link within a sentence ("<a>...</a> to have ...")
    return None


def _runs_on(link: HtmlElement) -> bool:
    """Whether a link in a paragraph or list item is part of a sentence: the text goes
    on in lowercase right after it, or the link itself opens in lowercase after text."""
    if next(link.iterancestors("p", "li"), None) is None:
        return False
    tail = (link.tail or "").lstrip()
    if tail and tail[0].islower():
        return True
    text = (link.text or "").lstrip()
    previous, parent = link.getprevious(), link.getparent()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    return bool(text) and text[0].islower() and bool((before or "").strip())


_WORD = re.compile(r"[^\W\d_]{2,}")


def _has_words(tokens: list[str], count: int) -> bool:
    """Whether ``count`` of the tokens hold a word of two letters or more."""
    for token in tokens:
        if _WORD.search(token):
            count -= 1
            if count == 0:
                return True
    return False


# "... von Nutzerin um 12:22": a forum thread with its last poster. (Every match ends in a
# digit, before any space: looked for first.)
_FORUM_POST = re.compile(
    r"\b(?:von|by|par|de)\s+\S+\s+(?:um|at|à|a las)\s+\d{1,2}[:.h]\d{2}\s*$", re.I
)
# "(m/w/d)", "(h/f)" of job ads; "80 m²" of property ads. (Every match holds "/" or "²":
# looked for first.)
_LISTING = re.compile(r"\((?:[mwfdh]/){1,2}[mwfdh]\)|\d\s?m²", re.I)


def _is_forum_post(text: str) -> bool:
    return text.rstrip()[-1:].isdecimal() and _FORUM_POST.search(text) is not None


def _is_listing_ad(text: str) -> bool:
    return ("/" in text or "²" in text) and _LISTING.search(text) is not None


@cache
def _calls_to_action() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """Patterns of link texts that ask the reader to act (share, subscribe, see all):
    one for such a phrase at the start, one for it at the end; and the longest phrase."""
    phrases = lexicons.merged("calls_to_action")
    # As a trie: the engine follows one branch per next letter instead of trying every
    # phrase in turn (140 of them), at each place the search starts.
    alternatives = lexicons.trie_alternation(phrases)
    return (
        re.compile(rf"^\W*(?:{alternatives})(?![\w-])"),
        re.compile(rf"(?<![\w'-])(?:{alternatives})\W*$"),
        max(map(len, phrases)),
    )


def _is_call_to_action(lowered: str) -> bool:
    """Whether a lowercased link text opens or ends with a call to action."""
    starts, ends, longest = _calls_to_action()
    if starts.search(lowered):
        return True
    # A phrase at the end starts at most `longest` characters before the text's closing
    # non-word characters: the search starts there (its look-behind still sees before).
    end = len(lowered)
    while end and not (lowered[end - 1].isalnum() or lowered[end - 1] == "_"):
        end -= 1
    return ends.search(lowered, max(0, end - longest)) is not None


def _is_picture_card(root: HtmlElement) -> bool:
    """A card with both a picture and a title element."""
    return next(root.iter("img", "picture"), None) is not None and any(
        node.tag in _HEADING_TAGS or _TITLE_CLASS.in_classes(node)
        for node in root.iter("*")
        if node.tag != "a"
    )


def _is_card(root: HtmlElement) -> bool:
    """A card shows more than a link: an image, a heading or title element, or a summary."""
    for node in root.iter("*"):
        if node.tag in {"img", "picture", "figure"} or node.tag in _HEADING_TAGS:
            return True
        if node.tag != "a" and (_TITLE_CLASS.in_classes(node) or _SNIPPET_CLASS.in_classes(node)):
            return True
    return False


def _is_sponsored_label(text: str) -> bool:
    return len(text) <= 40 and bool(_SPONSOR_LABEL.fullmatch(_heading_key(text)))


def _is_paid_link(href: str) -> bool:
    return _may_match(href, _PAID_LINK_STEMS) and _PAID_LINK.search(href) is not None


def _vendor_containers(root: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The outermost container of each vendor widget, with the vendor's name."""
    result: list[tuple[HtmlElement, str]] = []
    taken: set[int] = set()
    for element in root.iter("div", "section", "aside", "ul", "article"):
        if not _VENDOR_HINT.in_names(element):
            continue
        match = _ANY_VENDOR.search(_attrs(element))
        if match is None:
            continue
        if not any(id(node) in taken for node in element.iterancestors()):
            result.append((element, str(match.lastgroup)))
            taken.add(id(element))
    return result


def _block_of(page: _Page, item: _Item) -> tuple[str, str, HtmlElement]:
    """(name, kind, anchor element) of the block an item belongs to.

    The name is the vendor, else the nearest heading above the item within a few levels,
    else the list's class or id.
    """
    if item.inline:
        return "inline", "inline", item.root
    container, vendor = page.vendor_of.get(item.root, (None, None))
    node = item.root
    for _ in range(6):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str) or sibling in page.strong:
                continue  # an earlier item of the same list, not its heading
            name = page.heading_name(sibling)
            if name:
                return name, "vendor" if vendor else "heading", parent
        node = parent
    if vendor and container is not None:
        return vendor, "vendor", container
    container = item.root.getparent()
    while (
        container is not None
        and container.tag in {"li", "ul", "ol"}
        and not _attrs(container).strip()
    ):
        container = container.getparent()
    if container is None or container.tag in {"body", "html"}:
        return "links", "list", container if container is not None else item.root
    label = _clean(_attrs(container)).split(" ")[0] or "links"
    return label[:60], "list", container


def _heading_name(element: HtmlElement) -> str:
    candidates = [element] if element.tag in _HEADING_TAGS else []
    first = next(_headings(element), None)
    if first is not None:
        candidates.append(first)
    for candidate in candidates:
        if candidate.find(".//a[@href]") is not None and not is_widget_heading(
            _text_content(candidate)
        ):
            continue
        text = _clean(_text_content(candidate)).strip(_HEADING_TRIM)
        if 0 < len(text) <= 80:
            return text
    if _TITLE_CLASS.in_names(element) and element.find(".//a[@href]") is None:
        text = _clean(_text_content(element)).strip(_HEADING_TRIM)
        if 0 < len(text) <= 80:
            return text
    return ""
