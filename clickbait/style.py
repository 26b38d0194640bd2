"""Style features: how a teaser is written rather than what it is about.

Length, punctuation, address to the reader, hidden subjects, hyperbole, vague
authorities... measured with word lists merged over every language
(:mod:`clickbait.lexicons`), so the same features serve French, English and languages
the model never saw. Plain functions of normalised text (:func:`clickbait.text.normalize_text`),
with no scikit-learn: :class:`clickbait.features.StyleFeatures` wraps them for training.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from clickbait import lexicons

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


# Quoted speech: "« Vous devriez avoir honte »" addresses someone in the story, not the reader.
_QUOTED = re.compile(r'«[^»]*»|"[^"]*"|“[^”]*”')


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _count(key: str, text: str) -> int:
    return len(lexicons.pattern(key).findall(text))


def _hidden_subjects(lower: str) -> int:
    """Demonstrative determiners followed by a content word: "ce légume", "this trick"."""
    return len(_hidden_subject_phrases(lower))


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


def _hidden_subject_phrases(lower: str) -> list[str]:
    demonstratives = frozenset(lexicons.merged("demonstratives"))
    fillers = frozenset(lexicons.merged("demonstrative_fillers"))
    return [
        f"{word} {following}"
        for word, following in pairwise(_WORD.findall(lower))
        if word in demonstratives
        and following.split("'")[0] not in fillers
        and not following.isdigit()
    ]


def style_evidence(headline: str, snippet: str) -> dict[str, list[str]]:
    """The words behind each word-based style feature of one normalised teaser, for
    explanations: ``{"hidden_subject": ["ce légume"], "second_person_headline": [...]}``."""
    lower_h, lower_s = headline.lower(), snippet.lower()
    both = lower_h + " " + lower_s
    words = _WORD.findall(headline)
    capitalised = [w for w in words if w[:1].isupper()]
    lexicon_features = {
        "second_person_headline": ("second_person", _unquoted(lower_h)),
        "second_person_snippet": ("second_person", _unquoted(lower_s)),
        "hyperbole": ("hyperbole", both),
        "vague_authority": ("vague_authority", both),
        "curiosity_gap": ("curiosity", both),
        "sponsored_marker": ("sponsored", both),
        "time_anchor": ("time_anchors", both),
        "attribution": ("attribution", both),
    }
    evidence = {
        name: list(dict.fromkeys(lexicons.pattern(key).findall(text)))
        for name, (key, text) in lexicon_features.items()
    }
    evidence["hidden_subject"] = list(dict.fromkeys(_hidden_subject_phrases(lower_h)))
    evidence["figures_with_units"] = [f.strip() for f in _FIGURE.findall(both)]
    evidence["all_caps_words"] = [w for w in words if len(w) > 1 and w.isupper()]
    if len(capitalised) <= 0.6 * max(len(words), 1):
        evidence["inner_capitals"] = [w for w in words[1:] if w[:1].isupper() and not w.isupper()]
    return {name: found for name, found in evidence.items() if found}


def style_vector(headline: str, snippet: str) -> list[float]:
    """The style features of one normalised teaser, in the order of ``STYLE_FEATURES``."""
    lower_h = headline.lower()
    lower_s = snippet.lower()
    words = _WORD.findall(headline)
    n_words = len(words)
    words_h = {w.lower() for w in words}
    words_s = {w.lower() for w in _WORD.findall(snippet)}
    both = lower_h + " " + lower_s
    capitalised = [w for w in words if w[:1].isupper()]
    inner = [w for w in words[1:] if w[:1].isupper() and not w.isupper()]
    overlap = len(words_h & words_s) / len(words_h | words_s) if words_h and words_s else 0.0
    return [
        np.log1p(len(headline)),
        np.log1p(n_words),
        np.log1p(len(snippet)),
        float(not snippet),
        float(headline.count("?")),
        float(headline.count("!")),
        len(_PUNCT.findall(headline)) / max(len(headline), 1),
        float(len(_DIGIT.findall(headline)) > 0),
        float(bool(_LEADING_NUMBER.match(headline))),
        float(len(_FIGURE.findall(both))),
        float(bool(_YEAR.search(headline))),
        float(_count("second_person", _unquoted(lower_h))),
        float(_count("second_person", _unquoted(lower_s))),
        float(_hidden_subjects(lower_h)),
        float(_count("hyperbole", both)),
        float(_count("vague_authority", both)),
        float(_count("curiosity", both)),
        float(_count("sponsored", both)),
        float(_count("time_anchors", both)),
        float(_count("attribution", both)),
        float(bool(_TRUNCATED.search(snippet))),
        # Title Case is a house style (and the mark of one corpus's clickbait side), so
        # capitals inside the headline count as named actors only in sentence case.
        len(inner) / n_words if n_words and len(capitalised) <= 0.6 * n_words else 0.0,
        float(sum(1 for w in words if len(w) > 1 and w.isupper())),
        float('"' in headline),
        float(bool(_RUBRIC.match(headline))),
        overlap,
    ]


def style_matrix(headlines: Sequence[str], snippets: Sequence[str]) -> np.ndarray:
    """The style features of a batch of normalised teasers: one row per teaser, one
    column per entry of ``STYLE_FEATURES``."""
    return np.array(
        [style_vector(str(h), str(s)) for h, s in zip(headlines, snippets, strict=True)],
        dtype=np.float64,
    ).reshape(-1, len(STYLE_FEATURES))
