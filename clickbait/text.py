"""Teaser text as the model reads it: normalisation, and n-gram counting in NumPy.

Nothing here needs scikit-learn: the training side (:mod:`clickbait.features`) and the
scoring side (:mod:`clickbait.linear`) count n-grams with the same functions, and
scoring a page never imports scikit-learn.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, islice, repeat
from typing import Any

import numpy as np

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
# str.translate looks up every character; a regex finds the few that change much faster.
_TYPOGRAPHY = re.compile("[" + re.escape("".join(chr(c) for c in _QUOTES)) + "]")
_REPLACEMENTS = {chr(c): value or "" for c, value in _QUOTES.items()}
_SPACES = re.compile(r"\s+")


def _retyped(text: str) -> str:
    return _TYPOGRAPHY.sub(lambda match: _REPLACEMENTS[match.group()], text)


def normalize_text(text: object) -> str:
    """Unicode NFKC, one kind of quote and dash, single spaces; ``None``/NaN become ``""``.

    NFKC also turns the ellipsis character into three dots, so every truncation mark
    looks the same to the features.
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    value = _retyped(unicodedata.normalize("NFKC", str(text)))
    return _SPACES.sub(" ", value).strip()


def normalize_texts(texts: Sequence[object]) -> list[str]:
    """:func:`normalize_text` of each item, in one pass over the batch.

    The batch is normalised as one string with NUL separators, which NFKC, the quote
    table and the whitespace rule all leave alone; a text that holds NUL itself is
    normalised on its own.
    """
    plain = ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]
    if len(plain) < 2 or any("\0" in t for t in plain):
        return [normalize_text(t) for t in plain]
    joined = _retyped(unicodedata.normalize("NFKC", "\0".join(plain)))
    # str.split() and re's \s agree on what is white space, and splitting is faster.
    return [" ".join(part.split()) for part in joined.split("\0")]


# (row, column) pairs: one per n-gram of a document found in a vocabulary, repeats kept.
Pairs = tuple[np.ndarray, np.ndarray]


def word_ngram_pairs(
    documents: Sequence[str],
    vocabulary: dict[str, int],
    tokenize: Callable[[str], list[str]],
    ngram_range: tuple[int, int],
) -> Pairs:
    """Word n-grams of a batch (already preprocessed), looked up in C-level maps.

    The tokens of the whole batch are joined into n-grams at once; an n-gram counts only
    when its first and last tokens come from the same document.
    """
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
        within = document_of[:count] == document_of[n - 1 : n - 1 + count]
        hit = np.flatnonzero((found >= 0) & within)
        rows.append(document_of[hit])
        columns.append(found[hit])
    return _concatenated(rows, columns)


def char_wb_ngram_pairs(
    documents: Sequence[str],
    vocabulary: dict[str, int],
    ngram_range: tuple[int, int],
    word_cache: dict[str, tuple[int, ...]] | None = None,
) -> Pairs:
    """``char_wb`` n-grams of a few documents, looked up word by word.

    Each word is padded with a space on each side, as scikit-learn's ``char_wb`` does.
    A word's columns are kept in ``word_cache`` when one is given (words repeat from
    teaser to teaser); for batches of a thousand documents and more,
    :class:`CharNgramTables` is faster.
    """
    cache: dict[str, tuple[int, ...]] = {} if word_cache is None else word_cache
    rows: list[int] = []
    columns: list[int] = []
    for row, doc in enumerate(documents):
        for word in doc.split():
            found = cache.get(word)
            if found is None:
                found = cache[word] = _word_columns(word, vocabulary, ngram_range)
            columns.extend(found)
            rows.extend(repeat(row, len(found)))
    return np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64)


def _word_columns(
    word: str, vocabulary: dict[str, int], ngram_range: tuple[int, int]
) -> tuple[int, ...]:
    padded = f" {word} "
    size = len(padded)
    found = []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        # A word shorter than n gives itself once, as scikit-learn's char_wb does.
        grams = (padded,) if size < n else (padded[i : i + n] for i in range(size - n + 1))
        found.extend(column for gram in grams if (column := vocabulary.get(gram)) is not None)
        if size <= n:
            break
    return tuple(found)


# Building CharNgramTables takes about as long as counting a thousand documents one by
# one: smaller batches (a page, a Scrapy item) count without them.
CHAR_TABLES_FROM_BATCH = 1000


@dataclass(frozen=True)
class CharNgramTables:
    """A ``char_wb`` vocabulary as integer keys, to count a batch's n-grams in NumPy.

    Each character of the vocabulary gets a code from 1 to ``len(alphabet)`` (0 for any
    other character), and an n-gram the integer whose base-``base`` digits are its
    codes: equal keys mean equal n-grams. A batch is written as one string of words
    padded with a space on each side (" w1  w2 "), as ``char_wb`` pads them; a window
    that spans two words (or two documents) holds two spaces in a row, which no term
    does, so the windows that match a key are exactly the n-grams ``char_wb`` counts
    (for ranges starting at 3 or below: shorter words are not padded windows).
    """

    alphabet: np.ndarray  # code points, sorted
    base: int
    by_length: dict[int, tuple[Any, np.ndarray]]  # n -> (pandas Index of keys, columns)

    @classmethod
    def build(
        cls, vocabulary: dict[str, int], ngram_range: tuple[int, int]
    ) -> CharNgramTables | None:
        """The tables of ``vocabulary``, or ``None`` when its keys would not fit in 64 bits."""
        import pandas as pd

        alphabet = np.array(sorted({ord(c) for term in vocabulary for c in term}), dtype=np.uint32)
        base = len(alphabet) + 1
        if base ** ngram_range[1] >= 2**63:
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

    def pairs_by_word(self, documents: Sequence[str]) -> Pairs:
        """:meth:`pairs`, with each distinct word of the batch looked up once.

        ``char_wb`` n-grams never cross a word, so a document's n-grams are those of its
        words: the distinct words are counted as one-word documents, and each document
        then takes the columns of its words. Words repeat (a batch of teasers holds about
        one distinct word in four), so this looks up a fraction of the windows.
        """
        words = [doc.split() for doc in documents]
        per_document = np.fromiter(map(len, words), np.int64, len(words))
        index: dict[str, int] = {}
        word_ids = np.fromiter(
            (index.setdefault(word, len(index)) for word in chain.from_iterable(words)),
            np.int64,
            int(per_document.sum()),
        )
        word_rows, word_columns = self.pairs(list(index))
        # The columns of each distinct word, contiguous: word k holds
        # sorted_columns[starts[k] : starts[k] + sizes[k]].
        order = np.argsort(word_rows, kind="stable")
        sorted_columns = word_columns[order]
        sizes = np.bincount(word_rows, minlength=len(index))
        starts = np.cumsum(sizes) - sizes
        # Every occurrence of a word takes all of its columns.
        taken = sizes[word_ids]
        first = np.repeat(starts[word_ids], taken)
        within = np.arange(int(taken.sum())) - np.repeat(np.cumsum(taken) - taken, taken)
        document_of_word = np.repeat(np.arange(len(words), dtype=np.int64), per_document)
        return np.repeat(document_of_word, taken), sorted_columns[first + within]

    def pairs(self, documents: Sequence[str]) -> Pairs:
        """The (row, column) pairs of the batch's n-grams found in the vocabulary."""
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
        return _concatenated(rows, columns)


def decode_vocabulary(data: np.ndarray, lengths: np.ndarray) -> list[str]:
    """Terms stored as one UTF-8 byte array plus each term's length in bytes."""
    blob = np.asarray(data, dtype=np.uint8).tobytes()
    ends = np.cumsum(np.asarray(lengths, dtype=np.int64)).tolist()
    starts = [0, *ends[:-1]]
    return [blob[a:b].decode("utf-8") for a, b in zip(starts, ends, strict=True)]


def encode_vocabulary(terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`decode_vocabulary`."""
    encoded = [term.encode("utf-8") for term in terms]
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
    return data, np.array([len(e) for e in encoded], dtype=np.int64)


# Joins the terms of a scorer archive: no n-gram of normalised text holds it.
TERM_SEPARATOR = "\x00"


def join_terms(terms: Sequence[str]) -> np.ndarray | None:
    """The terms as one UTF-8 byte array, separated by :data:`TERM_SEPARATOR`, which
    :func:`split_terms` reads back several times faster than :func:`decode_vocabulary`
    reads its layout; ``None`` when a term holds the separator."""
    if any(TERM_SEPARATOR in term for term in terms):
        return None
    joined = TERM_SEPARATOR.join(terms).encode("utf-8")
    return np.frombuffer(joined, dtype=np.uint8).copy()


def split_terms(data: np.ndarray, count: int) -> list[str]:
    """The inverse of :func:`join_terms`, for ``count`` terms."""
    if count == 0:
        return []
    terms = np.asarray(data, dtype=np.uint8).tobytes().decode("utf-8").split(TERM_SEPARATOR)
    if len(terms) != count:
        raise ValueError(f"{len(terms)} terms where {count} were expected")
    return terms


def _concatenated(rows: list[np.ndarray], columns: list[np.ndarray]) -> Pairs:
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(columns)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
