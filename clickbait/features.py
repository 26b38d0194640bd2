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
from dataclasses import dataclass
from itertools import chain, islice, pairwise, repeat
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


# Building the character n-gram tables takes about as long as counting a thousand
# documents one by one: smaller batches (a single page) do not build them.
CHAR_TABLES_FROM_BATCH = 1000


class CompactTfidfVectorizer(TfidfVectorizer):
    """A :class:`~sklearn.feature_extraction.text.TfidfVectorizer` that saves small and
    transforms fast.

    Its vocabulary is stored as one UTF-8 byte array plus term lengths instead of a
    dict of hundreds of thousands of strings, which the skops format would otherwise
    write entry by entry. ``stop_words_`` (terms cut by ``min_df``/``max_features``,
    kept by scikit-learn for introspection only) is not saved.

    :meth:`transform` counts the n-grams of a whole batch at once with NumPy instead of
    one document and one n-gram at a time in Python, and gives the same matrix as
    scikit-learn's; settings it does not cover (stop words, binary counts, ``char``
    analyzers...) take scikit-learn's path.
    """

    def transform(self, raw_documents: Any) -> Any:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        if isinstance(raw_documents, str) or not self._batch_countable():
            return super().transform(raw_documents)
        raw_documents = list(raw_documents)
        tables = None
        if self.analyzer == "char_wb":
            tables = self._char_tables(build=len(raw_documents) >= CHAR_TABLES_FROM_BATCH)
            if tables is None:
                return super().transform(raw_documents)
        preprocess = self.build_preprocessor()
        documents = [preprocess(self.decode(doc)) for doc in raw_documents]
        if tables is None:
            counts = _word_counts(
                documents, self.vocabulary_, self.build_tokenizer(), self.ngram_range, self.dtype
            )
        else:
            counts = tables.counts(documents, len(self.vocabulary_), self.dtype)
        return self._tfidf.transform(counts, copy=False)

    def _batch_countable(self) -> bool:
        return (
            self.input == "content"
            and not self.binary
            and self.stop_words is None
            # char_wb gives a word shorter than min_n - 2 characters whole; not covered.
            and (
                self.analyzer == "word" or (self.analyzer == "char_wb" and self.ngram_range[0] <= 3)
            )
        )

    def _char_tables(self, build: bool) -> _CharNgramTables | None:
        """The lookup tables of this vocabulary, built on first need (``None`` when
        ``build`` is false and they are not built yet, or when they cannot be)."""
        cached = self.__dict__.get("_char_tables_cache")
        if cached is None or cached[0] is not self.vocabulary_:
            if not build:
                return None
            cached = (self.vocabulary_, _CharNgramTables.build(self.vocabulary_, self.ngram_range))
            self.__dict__["_char_tables_cache"] = cached
        return cached[1]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_char_tables_cache", None)
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


def _count_matrix(
    rows: list[np.ndarray], columns: list[np.ndarray], shape: tuple[int, int], dtype: Any
) -> Any:
    """A CSR matrix counting each (row, column) pair, indices sorted as scikit-learn's."""
    import scipy.sparse as sp

    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    column = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
    matrix = sp.csr_matrix((np.ones(len(row), dtype=dtype), (row, column)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def _word_counts(
    documents: list[str],
    vocabulary: dict[str, int],
    tokenize: Any,
    ngram_range: tuple[int, int],
    dtype: Any,
) -> Any:
    """Word n-gram counts of a batch: n-grams are joined and looked up in C-level maps."""
    tokens = [tokenize(doc) for doc in documents]
    flat = list(chain.from_iterable(tokens))
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    document_of = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
    rows, columns = [], []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        count = max(len(flat) - n + 1, 0)
        # zip stops at the shortest slice: the n-grams that fit in the flat token list.
        shifted = (islice(flat, k, None) for k in range(n))
        grams = flat if n == 1 else map(" ".join, zip(*shifted, strict=False))
        found = np.fromiter(map(vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=count)
        # An n-gram counts only when its first and last tokens are in the same document.
        within = document_of[:count] == document_of[n - 1 : n - 1 + count]
        hit = np.flatnonzero((found >= 0) & within)
        rows.append(document_of[hit])
        columns.append(found[hit])
    return _count_matrix(rows, columns, (len(documents), len(vocabulary)), dtype)


@dataclass(frozen=True)
class _CharNgramTables:
    """The ``char_wb`` vocabulary as integer keys, to count a batch's n-grams in NumPy.

    Each character of the vocabulary gets a code from 1 to ``len(alphabet)`` (0 for any
    other character), and an n-gram the integer whose base-``base`` digits are its
    codes: equal keys mean equal n-grams. A batch is written as one string of words
    padded with a space on each side (" w1  w2 "), as ``char_wb`` pads them; a window
    that spans two words (or two documents) holds two spaces in a row, which no term
    does, so the windows that match a key are exactly the n-grams ``char_wb`` counts.
    """

    alphabet: np.ndarray  # code points, sorted
    base: int
    by_length: dict[int, tuple[Any, np.ndarray]]  # n -> (pandas Index of keys, columns)

    @classmethod
    def build(
        cls, vocabulary: dict[str, int], ngram_range: tuple[int, int]
    ) -> _CharNgramTables | None:
        import pandas as pd

        alphabet = np.array(sorted({ord(c) for term in vocabulary for c in term}), dtype=np.uint32)
        base = len(alphabet) + 1
        if base ** ngram_range[1] >= 2**63:  # keys would overflow: too many characters
            return None
        by_length = {}
        for n in range(ngram_range[0], ngram_range[1] + 1):
            terms = [term for term in vocabulary if len(term) == n]
            if not terms:
                continue
            codes = _code_points("".join(terms)).reshape(len(terms), n)
            digits = np.searchsorted(alphabet, codes).astype(np.int64) + 1
            keys = np.zeros(len(terms), dtype=np.int64)
            for k in range(n):
                keys = keys * base + digits[:, k]
            columns = np.fromiter(map(vocabulary.__getitem__, terms), np.int64, len(terms))
            by_length[n] = (pd.Index(keys), columns)
        return cls(alphabet, base, by_length)

    def counts(self, documents: list[str], n_features: int, dtype: Any) -> Any:
        padded = [
            " " + "  ".join(words) + " " if (words := doc.split()) else "" for doc in documents
        ]
        lengths = np.fromiter(map(len, padded), np.int64, len(padded))
        document_of = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)
        codes = _code_points("".join(padded))
        where = np.searchsorted(self.alphabet, codes)
        known = self.alphabet[np.minimum(where, len(self.alphabet) - 1)] == codes
        digits = np.where(known, where + 1, 0).astype(np.int64)
        rows, columns = [], []
        keys = digits
        for n in range(1, max(self.by_length, default=0) + 1):
            if n > 1:
                keys = keys[:-1] * self.base + digits[n - 1 :]
            if n not in self.by_length:
                continue
            index, term_columns = self.by_length[n]
            found = index.get_indexer(keys)
            hit = np.flatnonzero(found >= 0)
            rows.append(document_of[hit])
            columns.append(term_columns[found[hit]])
        return _count_matrix(rows, columns, (len(documents), n_features), dtype)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
