"""Features of a teaser: text normalisation and language-light style features.

The TF-IDF part of the model lives in :func:`clickbait.model.build_pipeline`; this module
holds what scikit-learn does not: a normaliser that makes typography from different sites
look alike, and :class:`StyleFeatures`, which measures how a teaser is written rather
than what it is about, so that it carries over to languages the model never saw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from clickbait import lexicons

TEXT_COLUMNS = ("headline", "snippet")

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": None,
        "\u200b": None,
    }
)
_SPACES = re.compile(r"\s+")


def normalize_text(text: object) -> str:
    """Unicode NFKC, one kind of quote and dash, single spaces; ``None``/NaN become ``""``.

    NFKC also turns the ellipsis character into three dots, so every truncation mark
    looks the same to the features.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    value = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACES.sub(" ", value).strip()


class TeaserText(TransformerMixin, BaseEstimator):
    """Select the headline and snippet columns and normalise their text.

    Accepts a pandas DataFrame with ``headline`` and ``snippet`` columns (a missing
    snippet column is read as empty snippets) and returns a DataFrame with exactly
    those two columns, normalised by :func:`normalize_text`.
    """

    def fit(self, X: Any, y: Any = None) -> TeaserText:
        self.n_features_in_ = 2
        return self

    def transform(self, X: Any) -> Any:
        import pandas as pd

        if not isinstance(X, pd.DataFrame):
            raise TypeError("expected a pandas DataFrame with 'headline' and 'snippet' columns")
        if "headline" not in X.columns:
            raise ValueError("the teasers have no 'headline' column")
        snippets = X["snippet"] if "snippet" in X.columns else [""] * len(X)
        return pd.DataFrame(
            {
                "headline": [normalize_text(v) for v in X["headline"]],
                "snippet": [normalize_text(v) for v in snippets],
            },
            index=X.index,
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(TEXT_COLUMNS, dtype=object)


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


class StyleFeatures(TransformerMixin, BaseEstimator):
    """How a teaser is written: length, punctuation, address, hidden subject, hyperbole...

    Input: a DataFrame (or 2-column array) of normalised headline and snippet text, as
    :class:`TeaserText` returns it. Output: a dense float array with one column per entry
    of ``STYLE_FEATURES``. The word lists come from :mod:`clickbait.lexicons`, merged
    over all languages, so the same features serve French, English and beyond.
    """

    def fit(self, X: Any, y: Any = None) -> StyleFeatures:
        self.n_features_in_ = 2
        return self

    def transform(self, X: Any) -> np.ndarray:
        return np.array(
            [style_vector(str(h), str(s)) for h, s in _rows(X)], dtype=np.float64
        ).reshape(-1, len(STYLE_FEATURES))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(list(STYLE_FEATURES), dtype=object)


def style_frame(frame: Any) -> Any:
    """The style features of each row of a DataFrame with ``headline``/``snippet``, as a
    DataFrame with one column per entry of ``STYLE_FEATURES`` and the same index."""
    import pandas as pd

    text = TeaserText().fit_transform(frame)
    return pd.DataFrame(
        StyleFeatures().fit_transform(text), columns=list(STYLE_FEATURES), index=frame.index
    )


def _rows(X: Any) -> Iterable[Sequence[str]]:
    if hasattr(X, "columns"):
        return zip(X["headline"], X["snippet"], strict=True)
    return ((row[0], row[1]) for row in X)


class CompactTfidfVectorizer(TfidfVectorizer):
    """A :class:`~sklearn.feature_extraction.text.TfidfVectorizer` that saves small and fast.

    Its vocabulary is stored as one UTF-8 byte array plus term lengths instead of a
    dict of hundreds of thousands of strings, which the skops format would otherwise
    write entry by entry. ``stop_words_`` (terms cut by ``min_df``/``max_features``,
    kept by scikit-learn for introspection only) is not saved.
    """

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("stop_words_", None)
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            encoded = [term.encode("utf-8") for term in terms]
            state["vocabulary_bytes_"] = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
            state["vocabulary_lengths_"] = np.array([len(e) for e in encoded], dtype=np.int64)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        data = state.pop("vocabulary_bytes_", None)
        lengths = state.pop("vocabulary_lengths_", None)
        if data is not None and lengths is not None:
            blob = np.asarray(data, dtype=np.uint8).tobytes()
            ends = np.cumsum(np.asarray(lengths, dtype=np.int64)).tolist()
            starts = [0, *ends[:-1]]
            state["vocabulary_"] = {
                blob[a:b].decode("utf-8"): i
                for i, (a, b) in enumerate(zip(starts, ends, strict=True))
            }
        super().__setstate__(state)
