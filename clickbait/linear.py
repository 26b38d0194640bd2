"""The fitted model as plain arrays: scoring without scikit-learn.

A trained pipeline (:func:`clickbait.pipeline.build_pipeline`) is a linear function of its
features: for each TF-IDF part, the dot product of the row's unit-norm TF-IDF vector
with the classifier's weights; for a word-vector part, the mean over the text's words of
each word's vector times the weights, which is the mean of one number per word; for the
style part, the standardised features times theirs; plus an intercept.
:class:`LinearScorer` holds exactly those numbers (terms, IDF, weights, the style
scaler) and computes the same decision values with NumPy, from
the same counting functions the training side uses (:mod:`clickbait.text`,
:mod:`clickbait.style`), or with the compiled kernels of :mod:`clickbait.compiled`
when they are built, which give the same numbers row by row.

It is what scoring runs on: loading it reads a NumPy ``.npz`` archive with
``allow_pickle=False``, so a model file is data and never code, and scoring a page
imports neither scikit-learn nor pandas. Pipelines it cannot express (another
classifier than the logistic regression, another TF-IDF setting) keep scoring through
scikit-learn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from clickbait import compiled, text
from clickbait.archives import layout_array, read_arrays, read_layout
from clickbait.style import STYLE_FEATURES, style_matrix
from clickbait.text import (
    CharNgramTables,
    Pairs,
    char_wb_ngram_pairs,
    decode_vocabulary,
    encode_vocabulary,
    join_terms,
    normalize_texts,
    split_terms,
    word_ngram_pairs,
)

LAYOUT_VERSION = 1
# Words whose character n-gram columns are remembered between small batches (a page,
# a Scrapy item): about 40 MB at most.
WORD_CACHE_SIZE = 200_000
# The longest n-gram a scorer counts. Counting loops over every n of a block's range, so
# an archive with a range beyond any the pipeline builds is refused rather than run.
MAX_NGRAM = 20
NORMS = ("l2", "mean")


class ScorerFileError(ValueError):
    """A scorer archive that is damaged or does not fit this version of the package."""


@dataclass
class TfidfPart:
    """One bag-of-terms block of the model: which text it reads, how, and its weights.

    With ``norm = "l2"`` a text's value for a term is its unit-norm TF-IDF weight; with
    ``norm = "mean"`` it is the term's share of the text's terms found (a word-vector
    block, whose ``weights`` are each word's vector times the classifier's weights, and
    ``idf`` ones).
    """

    name: str  # "headline_words": the pipeline's name for the block
    column: str  # "headline" or "snippet"
    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    lowercase: bool
    token_pattern: str
    sublinear_tf: bool
    terms: list[str]
    idf: np.ndarray
    weights: np.ndarray  # toward filler, times the block's transformer weight
    norm: str = "l2"  # "l2" (TF-IDF) or "mean" (word vectors)
    _vocabulary: dict[str, int] | None = field(default=None, repr=False)
    _tables: CharNgramTables | None = field(default=None, repr=False)
    _word_cache: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _kernel: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        low, high = self.ngram_range
        if not 1 <= low <= high <= MAX_NGRAM:
            raise ValueError(
                f"part {self.name}: n-gram range {self.ngram_range} is not within 1 to {MAX_NGRAM}"
            )
        if self.norm not in NORMS:
            raise ValueError(f"part {self.name}: unknown norm {self.norm!r}")

    def __getstate__(self) -> dict[str, Any]:
        # Lookup tables, kernels and caches are rebuilt on first use: pickles stay small.
        return {
            **self.__dict__,
            "_vocabulary": None,
            "_tables": None,
            "_word_cache": {},
            "_kernel": None,
        }

    @property
    def vocabulary(self) -> dict[str, int]:
        if self._vocabulary is None:
            self._vocabulary = {term: i for i, term in enumerate(self.terms)}
        return self._vocabulary

    def documents(self, texts: Sequence[str]) -> list[str]:
        """``texts`` as the block's analyzer reads them (lowercased or not)."""
        return [t.lower() for t in texts] if self.lowercase else list(texts)

    def decisions(self, texts: Sequence[str], documents: list[str] | None = None) -> np.ndarray:
        """Each text's share of the decision value: its unit-norm TF-IDF vector times the
        block's weights. ``documents`` are the texts preprocessed, when already at hand.

        Computed by the compiled kernel when there is one (row by row, no sort of the
        batch), else from :meth:`values` with NumPy; the two agree to about 1e-15.
        """
        kernel = self._compiled()
        if kernel is not None:
            out = np.empty(len(texts))
            kernel.decisions(self.documents(texts) if documents is None else documents, out)
            return out
        rows, columns, values = self.values(texts)
        return np.bincount(rows, values * self.weights[columns], minlength=len(texts))

    def _compiled(self) -> Any:
        if compiled.kernels is None:
            return None
        if self._kernel is None:
            self._kernel = compiled.tfidf_kernel(
                self.terms,
                self.idf,
                self.weights,
                self.analyzer,
                self.ngram_range,
                self.sublinear_tf,
                self.token_pattern,
                self.norm,
            )
            if self._kernel is None:
                self._kernel = False  # settings the kernel does not cover: NumPy path
        return self._kernel or None

    def pairs(self, texts: Sequence[str]) -> Pairs:
        """(row, column) of each n-gram of ``texts`` in the vocabulary, repeats kept."""
        documents = self.documents(texts)
        if self.analyzer == "word":
            tokenize = re.compile(self.token_pattern).findall
            return word_ngram_pairs(documents, self.vocabulary, tokenize, self.ngram_range)
        if len(documents) >= text.CHAR_TABLES_FROM_BATCH:
            if self._tables is None:
                self._tables = CharNgramTables.build(self.vocabulary, self.ngram_range)
            if self._tables is not None:
                return self._tables.pairs_by_word(documents)
        if len(self._word_cache) > WORD_CACHE_SIZE:
            self._word_cache.clear()
        return char_wb_ngram_pairs(documents, self.vocabulary, self.ngram_range, self._word_cache)

    def values(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The block's matrix of ``texts`` as (row, column, value) triples: each distinct
        term of a row once, its value ``tf * idf`` over the row's L2 norm, or with
        ``norm = "mean"`` its count over the row's count of terms found."""
        rows, columns = self.pairs(texts)
        width = len(self.terms)
        keys = rows * width + columns
        if len(texts) * width < 2**32:
            keys = keys.astype(np.uint32)  # sorts about twice as fast as 64-bit keys
        keys, counts = np.unique(keys, return_counts=True)
        rows, columns = (keys // width).astype(np.int64), (keys % width).astype(np.int64)
        if self.norm == "mean":
            totals = np.bincount(rows, counts, minlength=len(texts))
            return rows, columns, counts / totals[rows]
        tf = 1.0 + np.log(counts) if self.sublinear_tf else counts.astype(np.float64)
        values = tf * self.idf[columns]
        norms = np.sqrt(np.bincount(rows, values * values, minlength=len(texts)))
        return rows, columns, values / norms[rows]


@dataclass
class StylePart:
    """The standardised style block: ``(x - mean) / scale`` times ``weights``."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # toward filler, times the block's transformer weight
    name: str = "style"


@dataclass
class LinearScorer:
    """Decision values of a trained model from its arrays (see the module's doc).

    ``decision_function`` takes headlines and snippets (raw text: it normalises them
    as the pipeline does) and returns, for each teaser, the classifier's decision value,
    positive toward filler.
    """

    parts: list[TfidfPart]
    style: StylePart | None
    intercept: float

    def decision_function(
        self, headlines: Sequence[object], snippets: Sequence[object]
    ) -> np.ndarray:
        texts = self._texts(headlines, snippets)
        decisions = np.full(len(texts["headline"]), self.intercept)
        # The word and character blocks of a column read the same lowercased text.
        documents: dict[tuple[str, bool], list[str]] = {}
        for part in self.parts:
            key = (part.column, part.lowercase)
            if key not in documents:
                documents[key] = part.documents(texts[part.column])
            decisions += part.decisions(texts[part.column], documents[key])
        if self.style is not None:
            scaled = (self.raw_style(texts) - self.style.mean) / self.style.scale
            # Row by row, so that a teaser's score does not depend on its batch (a matrix
            # product may sum in another order for another number of rows).
            decisions += (scaled * self.style.weights).sum(axis=1)
        return decisions

    def contributions(
        self, headlines: Sequence[object], snippets: Sequence[object]
    ) -> list[list[tuple[str, float, float | None]]]:
        """Each teaser's non-zero feature contributions toward filler, as
        (feature name, contribution, raw style value or ``None``), in feature order."""
        texts = self._texts(headlines, snippets)
        found: list[list[tuple[str, float, float | None]]] = [[] for _ in texts["headline"]]
        for part in self.parts:
            rows, columns, values = part.values(texts[part.column])
            pushes = values * part.weights[columns]
            for row, column, push in zip(
                rows.tolist(), columns.tolist(), pushes.tolist(), strict=True
            ):
                found[row].append((f"{part.name}__{part.terms[column]}", push, None))
        if self.style is not None:
            raw = self.raw_style(texts)
            pushes = (raw - self.style.mean) / self.style.scale * self.style.weights
            for row in range(len(found)):
                for k, feature in enumerate(STYLE_FEATURES):
                    found[row].append(
                        (f"style__{feature}", float(pushes[row, k]), float(raw[row, k]))
                    )
        return found

    @staticmethod
    def raw_style(texts: dict[str, list[str]]) -> np.ndarray:
        return style_matrix(texts["headline"], texts["snippet"])

    @staticmethod
    def _texts(headlines: Sequence[object], snippets: Sequence[object]) -> dict[str, list[str]]:
        if len(headlines) != len(snippets):
            raise ValueError(f"{len(headlines)} headlines but {len(snippets)} snippets")
        return {"headline": normalize_texts(headlines), "snippet": normalize_texts(snippets)}

    # -- from a pipeline, to and from a file ---------------------------------------------

    def save(self, file: str | Path | BinaryIO) -> None:
        """Write the scorer as a compressed ``.npz`` archive of plain arrays (no
        object arrays, so it loads with ``allow_pickle=False``)."""
        arrays: dict[str, np.ndarray] = {}
        layout: dict[str, Any] = {"version": LAYOUT_VERSION, "parts": [], "style": None}
        for i, part in enumerate(self.parts):
            # The two word-vector parts hold the same words: stored once.
            same = next((j for j in range(i) if self.parts[j].terms == part.terms), None)
            joined = join_terms(part.terms) if same is None else None
            if joined is not None:
                arrays[f"part{i}_joined"] = joined
            elif same is None:
                arrays[f"part{i}_terms"], arrays[f"part{i}_lengths"] = encode_vocabulary(part.terms)
            arrays[f"part{i}_idf"] = np.asarray(part.idf, dtype=np.float64)
            arrays[f"part{i}_weights"] = np.asarray(part.weights, dtype=np.float64)
            layout["parts"].append(
                {
                    "name": part.name,
                    "column": part.column,
                    "analyzer": part.analyzer,
                    "ngram_range": list(part.ngram_range),
                    "lowercase": part.lowercase,
                    "token_pattern": part.token_pattern,
                    "sublinear_tf": part.sublinear_tf,
                    "norm": part.norm,
                    "terms_of": same,
                }
            )
        if self.style is not None:
            arrays["style_mean"] = self.style.mean
            arrays["style_scale"] = self.style.scale
            arrays["style_weights"] = self.style.weights
            layout["style"] = {"features": list(STYLE_FEATURES)}
        arrays["intercept"] = np.array([self.intercept])
        arrays["layout"] = layout_array(layout)
        np.savez_compressed(file, **arrays)

    @classmethod
    def load(cls, path: str | Path) -> LinearScorer:
        """Read a scorer archive; raises :class:`ScorerFileError` when it is damaged or
        was written for other style features."""
        try:
            arrays = read_arrays(path)
        except ValueError as error:
            raise ScorerFileError(f"{path} is not a readable scorer archive ({error})") from None
        try:
            return cls._from_arrays(arrays)
        except (KeyError, TypeError, ValueError, UnicodeDecodeError) as error:
            raise ScorerFileError(f"{path} is damaged or incomplete ({error})") from None

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray]) -> LinearScorer:
        layout = read_layout(arrays, LAYOUT_VERSION)
        parts: list[TfidfPart] = []
        for i, spec in enumerate(layout["parts"]):
            same = spec.get("terms_of")
            if same is not None:
                if not isinstance(same, int) or not 0 <= same < i:
                    raise ValueError(
                        f"part {spec['name']}: terms_of {same!r} names no earlier part"
                    )
                terms = parts[same].terms
            elif f"part{i}_joined" in arrays:
                terms = split_terms(arrays[f"part{i}_joined"], len(arrays[f"part{i}_weights"]))
            else:
                terms = decode_vocabulary(arrays[f"part{i}_terms"], arrays[f"part{i}_lengths"])
            idf, weights = arrays[f"part{i}_idf"], arrays[f"part{i}_weights"]
            if not len(terms) == len(idf) == len(weights):
                raise ValueError(f"part {spec['name']}: terms, idf and weights differ in length")
            if spec["analyzer"] not in ("word", "char_wb") or spec["column"] not in (
                "headline",
                "snippet",
            ):
                raise ValueError(f"part {spec['name']}: unknown analyzer or column")
            parts.append(
                TfidfPart(
                    name=str(spec["name"]),
                    column=spec["column"],
                    analyzer=spec["analyzer"],
                    ngram_range=(int(spec["ngram_range"][0]), int(spec["ngram_range"][1])),
                    lowercase=bool(spec["lowercase"]),
                    token_pattern=str(spec["token_pattern"]),
                    sublinear_tf=bool(spec["sublinear_tf"]),
                    terms=terms,
                    idf=np.asarray(idf, dtype=np.float64),
                    weights=np.asarray(weights, dtype=np.float64),
                    norm=str(spec.get("norm", "l2")),  # archives before word vectors
                )
            )
        style = None
        if layout.get("style") is not None:
            if layout["style"]["features"] != list(STYLE_FEATURES):
                raise ValueError(
                    "it was trained with other style features than this version computes; "
                    "retrain it with 'clickbait train'"
                )
            style = StylePart(arrays["style_mean"], arrays["style_scale"], arrays["style_weights"])
        return cls(parts, style, float(arrays["intercept"][0]))
