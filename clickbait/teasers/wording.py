"""Tests on text: cleaning, headline keys, widget headings, sponsor labels, calls to action."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache

from clickbait import lexicons
from clickbait.teasers.vocabulary import (
    _FORUM_POST,
    _HEADING_TRIM,
    _KEY_WORDS,
    _LISTING,
    _MOJIBAKE_HINT,
    _ODD_FOLDS,
    _SPONSOR_LABEL,
    _SPONSOR_LABEL_STEMS,
    _WORD,
)


def _clean(text: str) -> str:
    # str.split() and re's \s agree on what is white space; splitting is faster.
    return " ".join(text.split())


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


def _has_words(tokens: list[str], count: int) -> bool:
    """Whether ``count`` of the tokens hold a word of two letters or more."""
    for token in tokens:
        if _WORD.search(token):
            count -= 1
            if count == 0:
                return True
    return False


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


def _is_sponsored_label(text: str) -> bool:
    return len(text) <= 40 and bool(_SPONSOR_LABEL.fullmatch(_heading_key(text)))
