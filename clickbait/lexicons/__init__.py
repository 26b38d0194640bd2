"""Word lists for the style features and the widget headings, one JSON file per language.

The lists are data, not code: adding a language means adding a ``<lang>.json`` file
with the same keys. Features use the union of every language's list, so a teaser
needs no language detection to be featurised.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

LEXICON_KEYS = (
    "second_person",
    "demonstratives",
    "demonstrative_fillers",
    "hyperbole",
    "vague_authority",
    "curiosity",
    "sponsored",
    "time_anchors",
    "attribution",
    "widget_headings",
    "calls_to_action",
    "service_headings",
)


@cache
def languages() -> tuple[str, ...]:
    """Codes of the languages that ship a lexicon, sorted."""
    names = (p.name for p in resources.files(__name__).iterdir())
    return tuple(sorted(n.removesuffix(".json") for n in names if n.endswith(".json")))


@cache
def lexicon(language: str) -> dict[str, list[str]]:
    """The word lists of one language, keyed by the names in ``LEXICON_KEYS``."""
    text = resources.files(__name__).joinpath(f"{language}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    missing = [key for key in LEXICON_KEYS if key not in data]
    if missing:
        raise ValueError(f"lexicon {language!r} lacks {', '.join(missing)}")
    return {key: [str(w).lower() for w in data[key]] for key in LEXICON_KEYS}


@cache
def merged(key: str) -> tuple[str, ...]:
    """One list merged over all languages, longest entries first, without repeats."""
    words = {w for lang in languages() for w in lexicon(lang)[key]}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def pattern(key: str) -> re.Pattern[str]:
    """A regex that matches any entry of a merged list as whole words, on lowercased text."""
    alternatives = "|".join(re.escape(w) for w in merged(key))
    return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])")
