"""Labelled teaser corpora: the project's own data and third-party sets read from ../shared.

Every loader returns a pandas DataFrame with the columns of ``COLUMNS``:
``headline``, ``snippet``, ``label`` (``filler``/``news``), ``lang``, ``corpus``,
``category`` (kind of filler or news section, where known) and ``split`` (where the
corpus fixes one); the real corpora add ``page`` and ``site``. Third-party files are read
in place and never copied.

Licences decide use: :data:`CORPORA` records for each corpus whether it may train the
shipped model, or only evaluate it.

- :mod:`~clickbait.datasets.paths`: where data lives, and the loaders' columns;
- :mod:`~clickbait.datasets.team`: the team-written corpus;
- :mod:`~clickbait.datasets.third_party`: corpora read from ../shared/datasets;
- :mod:`~clickbait.datasets.real`: real teasers labelled by hand, and the team's
  readings of third-party corpora (labels in ``data/labels``);
- :mod:`~clickbait.datasets.registry`: :data:`CORPORA`;
- :mod:`~clickbait.datasets.tables`: a user's labelled files, samples, count tables.
"""

from __future__ import annotations

from clickbait.datasets.paths import (
    COLUMNS,
    DATA_DIR,
    LABELS,
    PROJECT_ROOT,
    SharedDataMissing,
    shared_dir,
    shared_path,
)
from clickbait.datasets.registry import CORPORA, Corpus
from clickbait.datasets.tables import (
    corpus_table,
    load_corpora,
    load_labelled_file,
    subsample,
    text_lengths,
)
from clickbait.datasets.team import load_team, team_corpus_path
from clickbait.datasets.third_party import (
    OBSINFOX_LABELS,
    load_native_ads,
    load_obsinfox,
    load_orangesum,
    load_roclico,
    load_stop_clickbait,
    load_ta1c,
    widget_snippet,
)

__all__ = [
    "COLUMNS",
    "CORPORA",
    "DATA_DIR",
    "LABELS",
    "OBSINFOX_LABELS",
    "PROJECT_ROOT",
    "Corpus",
    "SharedDataMissing",
    "corpus_table",
    "load_corpora",
    "load_labelled_file",
    "load_native_ads",
    "load_obsinfox",
    "load_orangesum",
    "load_roclico",
    "load_stop_clickbait",
    "load_ta1c",
    "load_team",
    "shared_dir",
    "shared_path",
    "subsample",
    "team_corpus_path",
    "text_lengths",
    "widget_snippet",
]
