"""Style features: how a teaser is written rather than what it is about.

Length, punctuation, address to the reader, hidden subjects, hyperbole, vague
authorities... measured with word lists merged over every language
(:mod:`clickbait.lexicons`), so the same features serve French, English and languages
the model never saw. Plain functions of normalised text (:func:`clickbait.text.normalize_text`),
with no scikit-learn: :class:`clickbait.features.StyleFeatures` wraps them for training.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import accumulate, pairwise
from typing import Any

import numpy as np

from clickbait import compiled, lexicons

# Every style feature, with the words an analyst reads in an explanation.
STYLE_FEATURES: dict[str, str] = {
    "headline_length": "headline length (log of characters)",
    "headline_words": "headline word count (log)",
    "snippet_length": "snippet length (log of characters)",
    "snippet_empty": "no snippet",
    "question_mark": "question mark in the headline",
    "exclamation_mark": "exclamation mark in the headline",
    "punctuation_share": "share of punctuation in the headline",
    "digits": "digits in the headline",
    "leading_number": "headline opens with a number (listicle)",
    "figures_with_units": "figures with units (%, €, $, million)",
    "year": "a year in the headline",
    "second_person_headline": "second-person address in the headline",
    "second_person_snippet": "second-person address in the snippet",
    "hidden_subject": 'hidden subject (demonstrative + noun: "ce légume", "this trick")',
    "hyperbole": "hyperbole",
    "vague_authority": 'vague authority ("un médecin", "experts")',
    "curiosity_gap": 'curiosity-gap phrase ("voici", "here\'s why")',
    "sponsored_marker": "sponsored or offer wording",
    "time_anchor": 'time anchor (weekday, month, "hier")',
    "attribution": 'attribution ("selon", "said")',
    "truncated_snippet": 'snippet cut with "..."',
    "inner_capitals": "capitalised words inside a sentence-case headline (named actors)",
    "all_caps_words": "words in ALL CAPS",
    "quotation": "quotation marks in the headline",
    "rubric_prefix": 'rubric prefix ("Santé : ")',
    "headline_snippet_overlap": "word overlap between headline and snippet",
}

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_DIGIT = re.compile(r"\d")
_LEADING_NUMBER = re.compile(r"^(?:(?:les|the|top|ces|these|voici)\s+)?\d+\b", re.IGNORECASE)
_FIGURE = re.compile(
    r"\d[\d\s.,]*\s?(?:%|€|\$|£|euros?|dollars?|millions?|milliards?|billions?|bn|m\b|k\b)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_PUNCT = re.compile(r"[^\w\s]")
_RUBRIC = re.compile(r"^[^\W\d_][\w'’ -]{1,30}\s?:\s")
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[\.\.\.\])\s*$")


# Features whose value 0 means "absent", and how an explanation says so.
ABSENT_FEATURES: dict[str, str] = {
    "question_mark": "no question mark in the headline",
    "exclamation_mark": "no exclamation mark in the headline",
    "digits": "no digits in the headline",
    "leading_number": "headline does not open with a number",
    "figures_with_units": "no figures with units",
    "year": "no year in the headline",
    "second_person_headline": "no second-person address in the headline",
    "second_person_snippet": "no second-person address in the snippet",
    "hidden_subject": "no hidden subject",
    "hyperbole": "no hyperbole",
    "vague_authority": "no vague authority",
    "curiosity_gap": "no curiosity-gap phrase",
    "sponsored_marker": "no sponsored or offer wording",
    "time_anchor": "no time anchor",
    "attribution": "no attribution",
    "truncated_snippet": "snippet not cut",
    "inner_capitals": "no capitalised names inside the headline",
    "all_caps_words": "no words in ALL CAPS",
    "quotation": "no quotation marks in the headline",
    "rubric_prefix": "no rubric prefix",
    "snippet_empty": "has a snippet",
}


# Quoted speech: "« Vous devriez avoir honte »" addresses someone in the story, not the
# reader. Quotes never span two texts of a batch (joined by newlines).
_QUOTED = re.compile(r'«[^»\n]*»|"[^"\n]*"|“[^”\n]*”')
# Word lists counted anywhere in the teaser, and the feature each one feeds.
_COUNTED_LEXICONS = {
    "hyperbole": "hyperbole",
    "vague_authority": "vague_authority",
    "curiosity": "curiosity_gap",
    "sponsored": "sponsored_marker",
    "time_anchors": "time_anchor",
    "attribution": "attribution",
}
_LEXICON_KEYS = ("second_person", *_COUNTED_LEXICONS)
_COLUMN = {name: k for k, name in enumerate(STYLE_FEATURES)}


@cache
def _lexicon_matcher() -> re.Pattern[str]:
    """One regex for every entry of the counted word lists (and second-person address):
    one scan of the text finds them all."""
    entries = {entry for key in _LEXICON_KEYS for entry in lexicons.merged(key)}
    alternation = lexicons.trie_alternation(tuple(sorted(entries, key=lambda w: (-len(w), w))))
    return re.compile(rf"(?<![\w'-])(?:{alternation})(?![\w-])")


@cache
def _entries_within(words: str) -> tuple[tuple[str, str], ...]:
    """(word list, entry) for each entry of each list found in a matched stretch of
    words: "you should never" is curiosity-gap wording and second-person address."""
    return tuple(
        (key, entry) for key in _LEXICON_KEYS for entry in lexicons.pattern(key).findall(words)
    )


@cache
def _demonstratives() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(lexicons.merged("demonstratives")), frozenset(
        lexicons.merged("demonstrative_fillers")
    )


def _lexicon_matches(
    lower_headlines: Sequence[str], lower_snippets: Sequence[str]
) -> Iterator[tuple[int, str, str]]:
    """(teaser, feature, matched words) for every word-list match of a batch of
    lowercased teasers; second-person address outside quoted speech only."""
    pattern = _lexicon_matcher()
    segments = [text for pair in zip(lower_headlines, lower_snippets, strict=True) for text in pair]
    joined = "\n".join(segments)
    starts = list(accumulate((len(t) + 1 for t in segments), initial=0))
    quotes = (
        [(m.start(), m.end()) for m in _QUOTED.finditer(joined)]
        if '"' in joined or "«" in joined or "“" in joined
        else []
    )
    quote_starts = [a for a, _ in quotes]
    for position, end in _entry_spans(pattern, joined):
        segment = bisect_right(starts, position) - 1
        for key, words in _entries_within(joined[position:end]):
            if key != "second_person":
                yield segment // 2, _COUNTED_LEXICONS[key], words
                continue
            quote = bisect_right(quote_starts, position) - 1
            if quote >= 0 and position < quotes[quote][1]:
                continue
            part = "second_person_snippet" if segment % 2 else "second_person_headline"
            yield segment // 2, part, words


def _entry_spans(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word-list match in ``text``: the compiled scan when there is
    one, else ``pattern``'s."""
    kernel = _style_kernel() if compiled.kernels is not None else None
    if kernel is None:
        return ((m.start(), m.end()) for m in pattern.finditer(text))
    spans = kernel.entry_spans(text)
    return zip(spans[::2], spans[1::2], strict=True)


def _hidden_subject_phrases(lower_words: Sequence[str]) -> list[str]:
    """Demonstrative determiners followed by a content word: "ce légume", "this trick"."""
    demonstratives, fillers = _demonstratives()
    return [
        f"{word} {following}"
        for word, following in pairwise(lower_words)
        if word in demonstratives
        and following.split("'")[0] not in fillers
        and not following.isdigit()
    ]


def style_evidence(headline: str, snippet: str) -> dict[str, list[str]]:
    """The words behind each word-based style feature of one normalised teaser, for
    explanations: ``{"hidden_subject": ["ce légume"], "second_person_headline": [...]}``."""
    lower_h, lower_s = headline.lower(), snippet.lower()
    words = _WORD.findall(headline)
    evidence: dict[str, list[str]] = {}
    for _, feature, found in _lexicon_matches([lower_h], [lower_s]):
        evidence.setdefault(feature, [])
        if found not in evidence[feature]:
            evidence[feature].append(found)
    evidence["hidden_subject"] = list(
        dict.fromkeys(_hidden_subject_phrases([w.lower() for w in words]))
    )
    evidence["figures_with_units"] = [f.strip() for f in _FIGURE.findall(f"{lower_h} {lower_s}")]
    evidence["all_caps_words"] = [w for w in words if len(w) > 1 and w.isupper()]
    if _sentence_case(words):
        evidence["inner_capitals"] = [w for w in words[1:] if w[:1].isupper() and not w.isupper()]
    return {name: found for name, found in evidence.items() if found}


def style_vector(headline: str, snippet: str) -> list[float]:
    """The style features of one normalised teaser, in the order of ``STYLE_FEATURES``."""
    return style_matrix([headline], [snippet])[0].tolist()


def style_matrix(headlines: Sequence[str], snippets: Sequence[str]) -> np.ndarray:
    """The style features of a batch of normalised teasers: one row per teaser, one
    column per entry of ``STYLE_FEATURES``.

    Word lists and figures are found in one scan of the whole batch; the rest is
    measured teaser by teaser.
    """
    headlines = [str(h) for h in headlines]
    snippets = [str(s) for s in snippets]
    if len(headlines) != len(snippets):
        raise ValueError(f"{len(headlines)} headlines but {len(snippets)} snippets")
    lower_h = [h.lower() for h in headlines]
    lower_s = [s.lower() for s in snippets]
    values = np.zeros((len(headlines), len(STYLE_FEATURES)), dtype=np.float64)
    for row, feature, _ in _lexicon_matches(lower_h, lower_s):
        values[row, _COLUMN[feature]] += 1.0
    values[:, _COLUMN["figures_with_units"]] = _counts_per_teaser(_FIGURE, lower_h, lower_s)
    if headlines:
        values[:, _MEASURED] = _measured(headlines, snippets, lower_h, lower_s)
    return values


def _measured(
    headlines: list[str], snippets: list[str], lower_h: list[str], lower_s: list[str]
) -> np.ndarray:
    """The :data:`_MEASURED` columns of a batch: by the compiled kernel when there is one
    (it hands back the rows it leaves to :func:`_measures`), else teaser by teaser."""
    kernel = _style_kernel() if compiled.kernels is not None else None
    if kernel is None:
        rows = [
            _measures(*texts) for texts in zip(headlines, snippets, lower_h, lower_s, strict=True)
        ]
        return np.array(rows, dtype=np.float64)
    measured = np.empty((len(headlines), len(_MEASURED)), dtype=np.float64)
    for row in kernel.measures(headlines, snippets, lower_s, measured):
        measured[row] = _measures(headlines[row], snippets[row], lower_h[row], lower_s[row])
    return measured


@cache
def _style_kernel() -> Any:
    demonstratives, fillers = _demonstratives()
    entries = sorted({entry for key in _LEXICON_KEYS for entry in lexicons.merged(key)})
    return compiled.style_kernel(sorted(demonstratives), sorted(fillers), entries)


# The features _measures computes, teaser by teaser, in its order.
_MEASURED = [
    _COLUMN[name]
    for name in (
        "headline_length",
        "headline_words",
        "snippet_length",
        "snippet_empty",
        "question_mark",
        "exclamation_mark",
        "punctuation_share",
        "digits",
        "leading_number",
        "year",
        "hidden_subject",
        "truncated_snippet",
        "inner_capitals",
        "all_caps_words",
        "quotation",
        "rubric_prefix",
        "headline_snippet_overlap",
    )
]


def _measures(headline: str, snippet: str, lower_h: str, lower_s: str) -> tuple[float, ...]:
    words = _WORD.findall(headline)
    n_words = len(words)
    lower_words = [w.lower() for w in words]
    words_h = set(lower_words)
    words_s = set(_WORD.findall(lower_s))
    inner = sum(1 for w in words[1:] if w[:1].isupper() and not w.isupper())
    overlap = len(words_h & words_s) / len(words_h | words_s) if words_h and words_s else 0.0
    return (
        math.log1p(len(headline)),
        math.log1p(n_words),
        math.log1p(len(snippet)),
        float(not snippet),
        float(headline.count("?")),
        float(headline.count("!")),
        len(_PUNCT.findall(headline)) / max(len(headline), 1),
        float(_DIGIT.search(headline) is not None),
        float(_LEADING_NUMBER.match(headline) is not None),
        float(_YEAR.search(headline) is not None),
        float(len(_hidden_subject_phrases(lower_words))),
        float(_TRUNCATED.search(snippet) is not None),
        inner / n_words if n_words and _sentence_case(words) else 0.0,
        float(sum(1 for w in words if len(w) > 1 and w.isupper())),
        float('"' in headline),
        float(_RUBRIC.match(headline) is not None),
        overlap,
    )


def _sentence_case(words: Sequence[str]) -> bool:
    """Whether a headline is in sentence case rather than Title Case: at most 60% of its
    words that start with a letter are capitalised ("12 Healthy Snacks for Diabetics"
    is Title Case: numbers do not count).

    Title Case is a house style (and the mark of one corpus's clickbait side), so
    capitals inside a headline count as named actors only in sentence case.
    """
    lettered = [w for w in words if w[:1].isalpha()]
    return sum(1 for w in lettered if w[:1].isupper()) <= 0.6 * len(lettered)


def _counts_per_teaser(
    pattern: re.Pattern[str], lower_h: Sequence[str], lower_s: Sequence[str]
) -> np.ndarray:
    """How many times ``pattern`` matches in each teaser (headline, a space, snippet),
    in one scan of the batch. Teasers are joined by NUL, which no pattern here matches,
    so that no match spans two teasers."""
    texts = [f"{h} {s}" for h, s in zip(lower_h, lower_s, strict=True)]
    starts = np.fromiter(accumulate((len(t) + 1 for t in texts), initial=0), np.int64)
    positions = np.fromiter((m.start() for m in pattern.finditer("\0".join(texts))), np.int64)
    teaser = np.searchsorted(starts, positions, side="right") - 1
    return np.bincount(teaser, minlength=len(texts)).astype(np.float64)
