"""The compiled path: C kernels for TF-IDF scoring and the style measures.

``clickbait._speedups`` is built from ``clickbait/_speedups.c`` by ``pip install`` when
a C compiler is there (``setup.py``). It computes, row by row and with no sort over the
batch, what the NumPy reference path computes: a TF-IDF block's unit-norm vector times
the classifier's weights (:meth:`clickbait.linear.TfidfPart.decisions`) and the
per-teaser style measures (:func:`clickbait.style.style_matrix`). The tests hold the two
paths together to 1e-9 on random text and on the shipped model.

Without the extension, or with ``CLICKBAIT_NO_COMPILED=1`` in the environment, every
score comes from the NumPy path.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any

# Set to anything but "" or "0" to score with the NumPy reference path only.
DISABLE_VARIABLE = "CLICKBAIT_NO_COMPILED"
# The only token pattern the word kernel tokenises itself: scikit-learn's default, which
# the pipeline builder keeps. A block with another pattern takes the NumPy path.
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
# The sources' version (csrc/module.c, VERSION): what this module calls them with.
KERNELS_VERSION = 2


def _load() -> ModuleType | None:
    if os.environ.get(DISABLE_VARIABLE, "") not in ("", "0"):
        return None
    try:
        from clickbait import _speedups
    except ImportError:
        return None
    # A build of older sources (an in-place build left behind) takes the NumPy path.
    if getattr(_speedups, "VERSION", 0) != KERNELS_VERSION:
        return None
    return _speedups


# The extension module, or None: the NumPy path.
kernels: ModuleType | None = _load()


def available() -> bool:
    """Whether scoring runs on the compiled kernels."""
    return kernels is not None


def tfidf_kernel(
    terms: list[str],
    idf: Any,
    weights: Any,
    analyzer: str,
    ngram_range: tuple[int, int],
    sublinear_tf: bool,
    token_pattern: str,
    norm: str = "l2",
) -> Any | None:
    """A compiled TF-IDF (``norm = "l2"``) or word-mean (``"mean"``) block, or ``None``
    when there is no extension or the block's settings are not the kernel's (another
    token pattern, another analyzer)."""
    if kernels is None or analyzer not in ("word", "char_wb") or norm not in ("l2", "mean"):
        return None
    if analyzer == "word" and token_pattern != DEFAULT_TOKEN_PATTERN:
        return None
    return kernels.TfidfKernel(
        terms,
        idf,
        weights,
        analyzer,
        ngram_range[0],
        ngram_range[1],
        sublinear_tf,
        mean=norm == "mean",
    )


def style_kernel(demonstratives: list[str], fillers: list[str], entries: list[str]) -> Any | None:
    """The compiled style measures and word-list scan with these word lists (``entries``:
    those counted anywhere in a teaser), or ``None`` without the extension."""
    if kernels is None:
        return None
    # Each entry cut wherever the matcher's look-ahead (?![\w-]) could hold after it: a
    # text that is none of these at such a place starts no entry, and the scan stops.
    prefixes = {
        entry[:cut]
        for entry in entries
        for cut in range(1, len(entry) + 1)
        if cut == len(entry) or not (entry[cut].isalnum() or entry[cut] in "_-")
    }
    return kernels.StyleKernel(demonstratives, fillers, entries, sorted(prefixes))
