"""The scikit-learn side of the features: transformers for the training pipeline.

:func:`clickbait.pipeline.build_pipeline` assembles them. The work itself lives in modules
that scoring uses without scikit-learn: text normalisation and n-gram counting in
:mod:`clickbait.text`, style features in :mod:`clickbait.style`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from clickbait import text
from clickbait.style import STYLE_FEATURES, style_matrix
from clickbait.text import (
    CharNgramTables,
    decode_vocabulary,
    encode_vocabulary,
    normalize_texts,
    word_ngram_pairs,
)

TEXT_COLUMNS = ("headline", "snippet")


class TeaserText(TransformerMixin, BaseEstimator):
    """Select the headline and snippet columns and normalise their text.

    Accepts a pandas DataFrame with ``headline`` and ``snippet`` columns (a missing
    snippet column is read as empty snippets) and returns a DataFrame with exactly
    those two columns, normalised by :func:`clickbait.text.normalize_text`.
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
                "headline": normalize_texts(list(X["headline"])),
                "snippet": normalize_texts(list(snippets)),
            },
            index=X.index,
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(TEXT_COLUMNS, dtype=object)


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
        headlines, snippets = _columns(X)
        return style_matrix(headlines, snippets)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray(list(STYLE_FEATURES), dtype=object)


def style_frame(frame: Any) -> Any:
    """The style features of each row of a DataFrame with ``headline``/``snippet``, as a
    DataFrame with one column per entry of ``STYLE_FEATURES`` and the same index."""
    import pandas as pd

    normalised = TeaserText().fit_transform(frame)
    return pd.DataFrame(
        StyleFeatures().fit_transform(normalised), columns=list(STYLE_FEATURES), index=frame.index
    )


def _columns(X: Any) -> tuple[list[str], list[str]]:
    if hasattr(X, "columns"):
        return [str(v) for v in X["headline"]], [str(v) for v in X["snippet"]]
    rows: Iterable[Sequence[Any]] = X
    pairs = [(str(row[0]), str(row[1])) for row in rows]
    return [h for h, _ in pairs], [s for _, s in pairs]


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
            tables = self._char_tables(build=len(raw_documents) >= text.CHAR_TABLES_FROM_BATCH)
            if tables is None:
                return super().transform(raw_documents)
        preprocess = self.build_preprocessor()
        documents = [preprocess(self.decode(doc)) for doc in raw_documents]
        if tables is None:
            rows, columns = word_ngram_pairs(
                documents, self.vocabulary_, self.build_tokenizer(), self.ngram_range
            )
        else:
            rows, columns = tables.pairs_by_word(documents)
        shape = (len(documents), len(self.vocabulary_))
        return self._tfidf.transform(_count_matrix(rows, columns, shape, self.dtype), copy=False)

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

    def _char_tables(self, build: bool) -> CharNgramTables | None:
        """The lookup tables of this vocabulary, built on first need (``None`` when
        ``build`` is false and they are not built yet, or when they cannot be)."""
        cached = self.__dict__.get("_char_tables_cache")
        if cached is None or cached[0] is not self.vocabulary_:
            if not build:
                return None
            cached = (self.vocabulary_, CharNgramTables.build(self.vocabulary_, self.ngram_range))
            self.__dict__["_char_tables_cache"] = cached
        return cached[1]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_char_tables_cache", None)
        state.pop("stop_words_", None)
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            state["vocabulary_bytes_"], state["vocabulary_lengths_"] = encode_vocabulary(terms)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        data = state.pop("vocabulary_bytes_", None)
        lengths = state.pop("vocabulary_lengths_", None)
        if data is not None and lengths is not None:
            terms = decode_vocabulary(data, lengths)
            state["vocabulary_"] = {term: i for i, term in enumerate(terms)}
        super().__setstate__(state)


class MeanWordVectors(TransformerMixin, BaseEstimator):
    """The mean static word vector of each text column: meaning beyond the words seen in
    training.

    ``table`` is the path of a word-vector table (:class:`clickbait.vectors.WordVectors`,
    an ``.npz`` of plain arrays). Fitting reads it and keeps one copy for all columns, so
    that a fitted model needs no file beside it. Takes a DataFrame of text columns
    (normalised by :class:`TeaserText`) and gives each column's mean vectors side by
    side; words are lowercased and cut as the word n-grams cut them.
    """

    def __init__(self, table: str = "") -> None:
        self.table = table

    def fit(self, X: Any, y: Any = None) -> MeanWordVectors:
        from clickbait.vectors import WordVectors

        vectors = _read_table(str(self.table))
        self.columns_ = [str(c) for c in X.columns]
        self.vocabulary_bytes_, self.vocabulary_lengths_ = encode_vocabulary(vectors.words)
        self.word_rows_ = vectors.rows.astype(np.int32)
        # Half precision, as the table is stored: the model file stays small.
        self.vectors_ = vectors.matrix.astype(np.float16)
        self.__dict__["_vectors_cache"] = WordVectors(vectors.words, vectors.rows, self.vectors_)
        return self

    def transform(self, X: Any) -> np.ndarray:
        from clickbait.vectors import mean_vectors

        table = self.word_vectors()
        return np.hstack([mean_vectors([str(t) for t in X[c]], table) for c in self.columns_])

    def word_vectors(self) -> Any:
        """The fitted table, as a :class:`clickbait.vectors.WordVectors`."""
        from sklearn.utils.validation import check_is_fitted

        from clickbait.vectors import WordVectors

        check_is_fitted(self, "vectors_", msg="The word-vector block is not fitted")
        cached = self.__dict__.get("_vectors_cache")
        if cached is None:
            words = decode_vocabulary(self.vocabulary_bytes_, self.vocabulary_lengths_)
            cached = WordVectors(words, self.word_rows_, self.vectors_)
            self.__dict__["_vectors_cache"] = cached
        return cached

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "vectors_", msg="The word-vector block is not fitted")
        dimensions = range(self.vectors_.shape[1])
        return np.asarray([f"{c}_dim{i}" for c in self.columns_ for i in dimensions], dtype=object)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_vectors_cache", None)
        return state


@lru_cache(maxsize=4)
def _read_table(path: str) -> Any:
    # Cross-validation fits a clone per fold: the table is read once.
    from clickbait.vectors import WordVectors

    return WordVectors.load(path)


def _count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int], dtype: Any) -> Any:
    """A CSR matrix counting each (row, column) pair, indices sorted as scikit-learn's."""
    import scipy.sparse as sp

    matrix = sp.csr_matrix((np.ones(len(rows), dtype=dtype), (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix
