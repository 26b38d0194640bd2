"""Static word vectors: a table of words and the vector each has.

The model can average a teaser's word vectors into one more block of features
(:class:`clickbait.features.MeanWordVectors`). The table is data, stored as a NumPy
``.npz`` archive of plain arrays (loaded with ``allow_pickle=False``): the words as
UTF-8 bytes with their lengths, the row of the matrix each word takes (several words
may share one, as in spaCy's pruned tables), and the matrix.

:func:`read_vec` reads the word2vec/fastText text layout (a word, then its numbers, per
line), so any static table can be brought in; ``python -m clickbait.vectors`` converts
one (see ``data/vectors/README.md``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from clickbait.archives import layout_array, read_arrays, read_layout
from clickbait.compiled import DEFAULT_TOKEN_PATTERN
from clickbait.text import decode_vocabulary, encode_vocabulary

LAYOUT_VERSION = 1


class VectorFileError(ValueError):
    """A word-vector table that cannot be read."""


@dataclass
class WordVectors:
    """Words, the matrix row of each, and the matrix (float32, one row per vector)."""

    words: list[str]
    rows: np.ndarray
    matrix: np.ndarray
    source: str = ""
    _index: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.rows = np.asarray(self.rows, dtype=np.int64)
        self.matrix = np.asarray(self.matrix, dtype=np.float32)
        if self.matrix.ndim != 2 or len(self.rows) != len(self.words):
            raise VectorFileError("the table's words, rows and matrix do not fit together")
        if len(self.rows) and (self.rows.min() < 0 or self.rows.max() >= len(self.matrix)):
            raise VectorFileError("a word points past the end of the table's matrix")
        if not np.all(np.isfinite(self.matrix)):
            raise VectorFileError("the table holds numbers that are not finite")

    @property
    def dimensions(self) -> int:
        return int(self.matrix.shape[1])

    @property
    def index(self) -> dict[str, int]:
        """Each word's row of the matrix."""
        if self._index is None:
            self._index = dict(zip(self.words, self.rows.tolist(), strict=True))
        return self._index

    def word_vectors(self) -> np.ndarray:
        """One vector per word, in the order of :attr:`words`."""
        return self.matrix[self.rows]

    def save(self, path: str | Path) -> None:
        """Write the table as a compressed ``.npz`` of plain arrays (half precision)."""
        data, lengths = encode_vocabulary(self.words)
        layout = {"version": LAYOUT_VERSION, "source": self.source}
        np.savez_compressed(
            path,
            words=data,
            lengths=lengths,
            rows=self.rows.astype(np.int32),
            matrix=self.matrix.astype(np.float16),
            layout=layout_array(layout),
        )

    @classmethod
    def load(cls, path: str | Path) -> WordVectors:
        """Read a table written by :meth:`save`; raises :class:`VectorFileError`."""
        try:
            arrays = read_arrays(path)
        except ValueError as error:
            raise VectorFileError(f"{path} is not a readable word-vector table ({error})") from None
        try:
            layout = read_layout(arrays, LAYOUT_VERSION)
            words = decode_vocabulary(arrays["words"], arrays["lengths"])
            return cls(words, arrays["rows"], arrays["matrix"], str(layout.get("source", "")))
        except (KeyError, TypeError, ValueError, UnicodeDecodeError) as error:
            raise VectorFileError(f"{path} is damaged or incomplete ({error})") from None


def read_vec(lines: Iterable[str], dimensions: int | None = None, source: str = "") -> WordVectors:
    """A table from the word2vec/fastText text layout.

    Only words the model can meet are kept: lowercase tokens of scikit-learn's default
    token pattern (:data:`clickbait.compiled.DEFAULT_TOKEN_PATTERN`), as the word
    n-grams cut them, first occurrence winning. Identical vectors share one row. The
    vectors are scaled so that their mean length is 1, the length of a unit TF-IDF row
    beside them, and with ``dimensions`` they are projected on that many principal
    components (fitted on the distinct vectors).
    """
    token = re.compile(DEFAULT_TOKEN_PATTERN)
    words: list[str] = []
    vectors: list[np.ndarray] = []
    seen: set[str] = set()
    width = None
    for number, line in enumerate(lines, start=1):
        parts = line.rstrip("\n").rstrip(" ").split(" ")
        if number == 1 and len(parts) == 2 and all(p.isdigit() for p in parts):
            continue  # the word2vec header: count and dimension
        word = parts[0]
        if word in seen or word != word.lower() or not token.fullmatch(word):
            continue
        try:
            with np.errstate(over="ignore"):
                vector = np.asarray(parts[1:], dtype=np.float32)
        except ValueError:
            raise VectorFileError(f"line {number}: not a word followed by numbers") from None
        if not np.all(np.isfinite(vector)):
            raise VectorFileError(f"line {number}: a number that is not finite (or too large)")
        if width is None:
            width = len(vector)
        if len(vector) != width or not width:
            raise VectorFileError(f"line {number}: {len(vector)} numbers, expected {width}")
        seen.add(word)
        words.append(word)
        vectors.append(vector)
    if not words:
        raise VectorFileError("no word vector found")
    matrix, rows = np.unique(np.vstack(vectors), axis=0, return_inverse=True)
    mean_length = float(np.linalg.norm(matrix[rows].astype(np.float64), axis=1).mean())
    if not mean_length > 0:
        raise VectorFileError("every vector is zero")
    matrix = matrix / mean_length
    if dimensions is not None and dimensions < matrix.shape[1]:
        from sklearn.decomposition import PCA

        matrix = PCA(dimensions, random_state=0).fit_transform(matrix)
    return WordVectors(words, rows.reshape(-1), matrix, source)


def mean_vectors(texts: Sequence[str], table: WordVectors) -> np.ndarray:
    """Each text's mean word vector (zeros for a text with no word in the table).

    Texts are lowercased and cut as the word n-grams cut them; words are counted with
    repeats, as many times as they occur.
    """
    import scipy.sparse as sp

    from clickbait.text import word_ngram_pairs

    tokenize = re.compile(DEFAULT_TOKEN_PATTERN).findall
    texts_of, rows = word_ngram_pairs([t.lower() for t in texts], table.index, tokenize, (1, 1))
    counts = sp.csr_matrix(
        (np.ones(len(rows)), (texts_of, rows)), shape=(len(texts), len(table.matrix))
    )
    totals = np.asarray(counts.sum(axis=1)).ravel()
    means = counts.multiply(1.0 / np.maximum(totals, 1.0)[:, None]).tocsr()
    return np.asarray(means @ table.matrix, dtype=np.float32)


def main(argv: Sequence[str] | None = None) -> int:
    """Convert a ``.vec`` text table into the project's ``.npz`` form."""
    parser = argparse.ArgumentParser(
        prog="python -m clickbait.vectors",
        description="Convert a word2vec/fastText .vec text file into a word-vector table.",
    )
    parser.add_argument(
        "vec", type=Path, help="the .vec text file: a word, then its numbers, per line"
    )
    parser.add_argument("output", type=Path, help="the .npz table to write")
    parser.add_argument("--dimensions", type=int, help="keep this many principal components")
    parser.add_argument("--source", default="", help="where the vectors come from, for the record")
    args = parser.parse_args(argv)
    try:
        with args.vec.open(encoding="utf-8") as lines:
            table = read_vec(lines, args.dimensions, args.source or args.vec.name)
    except (OSError, UnicodeDecodeError, VectorFileError) as error:
        print(f"error: {args.vec}: {error}", file=sys.stderr)
        return 1
    table.save(args.output)
    print(
        f"{args.output}: {len(table.words):,} words, {len(table.matrix):,} vectors of "
        f"{table.dimensions} dimensions",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
