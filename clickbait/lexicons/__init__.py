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
    """A regex that matches any entry of a merged list as whole words, on lowercased text.

    Where entries overlap, the longest one that ends on a word boundary wins.
    """
    return re.compile(rf"(?<![\w'-])(?:{trie_alternation(merged(key))})(?![\w-])")


def trie_alternation(words: tuple[str, ...]) -> str:
    """A regex matching any of ``words``, written as a trie of their characters.

    It matches what ``"|".join(words)`` matches with the words listed longest first
    (each position tries longer entries before shorter ones), but the regex engine
    tries one branch per distinct next character instead of every word in turn.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + render(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer words below this node are tried before the one ending here.
        return f"(?:{body})?" if "" in node else body

    return render(trie)
