"""The extractor's vocabulary: patterns, tag sets, word lists and thresholds.

Every rule of the extractor reads its words from here (as trafilatura keeps its XPaths in
one module); the rules themselves live in :mod:`~clickbait.teasers.rejection`,
:mod:`~clickbait.teasers.headline` and :mod:`~clickbait.teasers.blocks`. Site names never
appear here: patterns go by markup, address shape and wording.
"""

from __future__ import annotations

import re

from clickbait.teasers.names import _NameTest

_TRUNCATION = re.compile(r"(?:\.\.\.|…)\s*$")


_HEADING_TRIM = " \t\n:.»›>|-–—•*#"


# UTF-8 read as windows-1252 or Latin-1 ("FranÃ§ais", "lâ€™Ã©tÃ©"): a lead byte's
# character followed by a continuation byte's.
_MOJIBAKE_HINT = re.compile(
    r"[\u00c2-\u00c5\u00e2]"
    r"[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a\u20ac\u2122]"
)


_KEY_WORDS = re.compile(r"\w+")


# Non-ASCII letters that re.IGNORECASE matches to ASCII ones and str.lower() does not.
_ODD_FOLDS = ("ı", "İ", "ſ")


# Only explicit labels mark a teaser as sponsored; offer wording alone does not.
_SPONSOR_LABEL = re.compile(
    r"\b(?:sponsoris[ée]e?s?|sponsored|contenu(?:s)? partenaires?|partner content|nos partenaires|"
    r"publicit[ée]|anzeige|advertorial|paid (?:content|post)|promoted|"
    r"ad(?:vertisement)? feature)\b",
    re.IGNORECASE,
)


_SPONSOR_LABEL_STEMS = (
    "sponsor", "contenu", "partner", "partenaire", "publicit", "anzeige", "advertorial", "paid",
    "promoted", "feature",
)  # fmt: skip


# The vendor's paid-item attributes (``<li data-is-sponsored="true">``).
PAID_ITEM_ATTRIBUTES = ("data-is-sponsored", "data-sponsored")


MAX_HEADLINE_CHARS = 250
# A longer text is an article's body, not a teaser's summary (the real pages' longest: 516).
MAX_SNIPPET_CHARS = 2_000


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
    r"[a-z0-9](?:Title|Headline|Heading)|(?:^|[\s_-])(?:title|headline)[A-Z]|"
    # styled as a heading level: "h2", "su-h2", "h2-like"
    r"(?:^|[\s_-])[hH][1-6](?:[-_](?i:like|style|size))?(?:$|\s)"
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
    r"screen-reader|a11y|versteckt|"
    # A topic line over the title ("o-teaser__topic"; German "Dachzeile", "Spitzmarke"),
    # but not a container named after it ("topic-teaser").
    r"topic\b(?!-)|dachzeile|spitzmarke",
    re.I,
)


_META_TAGS = {"time", "figcaption", "img", "picture", "button", "small"}


_KICKER_TAGS = {"span", "strong", "b", "em", "i", "small", "div", "p"}
# A bold element that opens a link and is followed by more text is its headline
# ("<strong>Title</strong> Summary"), when it is longer than a kicker.
_EMPHASIS_TAGS = frozenset({"strong", "b"})


_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")


_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


# Elements that belong in a page's head (where it states its own address).
_HEAD_TAGS = {"meta", "link", "base", "title", "script", "style", "noscript", "template"}


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


_SLUG_WORDS = re.compile(r"[-_]+")


_STRONG_ARTICLE_PATH = re.compile(
    r"\d{5,}|\.(?:s?html?|php|ece|cms|aspx?)$|(?:^|/)(?:19|20)\d\d/[01]?\d/", re.I
)


# An article's address: an id or a page extension, or a folder of articles on the way.
_ARTICLE_ADDRESS = re.compile(
    r"\d{5,}|\.(?:s?html?|php|ece|cms|aspx?)$|/(?:articles?|artikel|story|stories)/|"
    r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:$|[/?#])",  # a UUID
    re.I,
)


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
# Under a sponsored heading that also names a service ("Nos partenaires"), a link reads
# as a paid headline from this many words; shorter ones are partners' names.
PARTNER_HEADLINE_WORDS = 5


SITE_PATTERN_SHARE = 0.6


# "Nypost.com" closing a headline: the source's address, in its own element.
_SOURCE_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.I)


_WORD = re.compile(r"[^\W\d_]{2,}")


# "... von Nutzerin um 12:22": a forum thread with its last poster. (Every match ends in a
# digit, before any space: looked for first.)
_FORUM_POST = re.compile(
    r"\b(?:von|by|par|de)\s+\S+\s+(?:um|at|à|a las)\s+\d{1,2}[:.h]\d{2}\s*$", re.I
)


# "(m/w/d)", "(h/f)" of job ads; "80 m²" of property ads. (Every match holds "/" or "²":
# looked for first.)
_LISTING = re.compile(r"\((?:[mwfdh]/){1,2}[mwfdh]\)|\d\s?m²", re.I)
