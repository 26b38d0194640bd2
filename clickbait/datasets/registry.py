"""The corpora the project knows, with their licences and what each may be used for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from clickbait.datasets.paths import DATA_DIR, shared_dir, shared_path
from clickbait.datasets.real import (
    load_read_orangesum,
    load_read_outbrain,
    load_read_stop_clickbait,
    load_real2_teasers,
    load_real_teasers,
    real2_pages,
)
from clickbait.datasets.team import load_team, team_corpus_path
from clickbait.datasets.third_party import (
    load_native_ads,
    load_obsinfox,
    load_orangesum,
    load_roclico,
    load_stop_clickbait,
    load_ta1c,
)
from clickbait.persist import sha256_file

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pandas as pd


@dataclass(frozen=True)
class Corpus:
    """A corpus the project knows: how to load it, its licence, and what it may be used for.

    ``bundled`` corpora are the project's own, kept in ``data/``; the others are
    third-party files read from ../shared.
    """

    name: str
    lang: str
    loader: Callable[[], pd.DataFrame]
    license: str
    trainable: bool
    files: tuple[str, ...]
    note: str
    bundled: bool = False
    # Where in ../shared the files are (default: datasets/<name>).
    shared_folder: str = ""
    # The team's labels for this corpus, in data/labels.
    label_files: tuple[str, ...] = ()
    # Real page corpora: the pages they read, listed when asked (for the checksums).
    page_lister: Callable[[], tuple[str, ...]] | None = None

    def load(self) -> pd.DataFrame:
        return self.loader()

    def paths(self) -> list[Path]:
        """The files it is read from: bundled corpora from ``data/``; others from
        ../shared, with the team's labels from ``data/labels``."""
        if self.bundled:
            return [team_corpus_path(self.lang)]
        folder = (self.shared_folder or f"datasets/{self.name}").split("/")
        files = self.files + (self.page_lister() if self.page_lister else ())
        return [shared_path(*folder, f) for f in files] + [
            DATA_DIR / "labels" / f for f in self.label_files
        ]

    def checksums(self) -> dict[str, str]:
        """SHA-256 of every file, keyed by a path relative to its data folder
        (``data/``, ``../shared/datasets`` or ``../shared``)."""
        roots = [DATA_DIR, shared_dir() / "datasets", shared_dir()]
        return {_relative(p, roots): sha256_file(p) for p in self.paths()}


def _relative(path: Path, roots: list[Path]) -> str:
    for root in roots:
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return path.as_posix()


CORPORA: dict[str, Corpus] = {
    c.name: c
    for c in (
        Corpus(
            "team-fr",
            "fr",
            lambda: load_team("fr"),
            "CC BY 4.0 (this project)",
            True,
            ("teasers.tsv",),
            "French teasers written by the team, both classes",
            bundled=True,
        ),
        Corpus(
            "team-en",
            "en",
            lambda: load_team("en"),
            "CC BY 4.0 (this project)",
            True,
            ("teasers.tsv",),
            "English teasers written by the team, both classes",
            bundled=True,
        ),
        Corpus(
            "stop-clickbait",
            "en",
            load_stop_clickbait,
            "MIT",
            True,
            ("clickbait_data.gz", "non_clickbait_data.gz"),
            "English headlines, labelled by outlet",
        ),
        Corpus(
            "orangesum-fr",
            "fr",
            load_orangesum,
            "CC BY-SA 4.0",
            True,
            ("orangesum_title_heading.jsonl.gz",),
            "French news titles and standfirsts",
        ),
        Corpus(
            "native-ads-en",
            "en",
            load_native_ads,
            "GPL-3.0 / none: evaluation only",
            False,
            ("otherothercontent_contentResults-full.csv.gz", "othercontent_results.csv.gz"),
            "native-ad teasers, all filler",
        ),
        Corpus(
            "ta1c-es",
            "es",
            load_ta1c,
            "MIT: kept for transfer evaluation",
            False,
            ("TA1C_dataset_minimal.tar.gz",),
            "Spanish teasers, annotated",
        ),
        Corpus(
            "roclico-ro",
            "ro",
            load_roclico,
            "CC BY-NC-SA 4.0: evaluation only",
            False,
            ("Test.zip",),
            "Romanian titles and bodies, annotated",
        ),
        Corpus(
            "obsinfox-fr",
            "fr",
            load_obsinfox,
            "CC BY-NC 4.0: evaluation only",
            False,
            ("obsinfox.csv.gz",),
            "French titles from unreliable sources, no filler label",
        ),
        Corpus(
            "real-teasers",
            "fr,en,de",
            load_real_teasers,
            "publishers' text; labels by the team",
            True,
            ("datasets/real-teasers/teasers.tsv", "pages/real/index.tsv"),
            "teasers of 68 real pages, labelled by hand; split by site",
            shared_folder=".",
            label_files=("site-splits.tsv",),
        ),
        Corpus(
            "real2-teasers",
            "fr,en,de",
            load_real2_teasers,
            "publishers' text; labels by the team",
            True,
            ("pages/real2/index.tsv",),
            "teasers of 44 more real pages, labelled by hand; split by site",
            shared_folder=".",
            label_files=("real2-teasers.tsv", "site-splits.tsv"),
            page_lister=real2_pages,
        ),
        Corpus(
            "stop-clickbait-read",
            "en",
            load_read_stop_clickbait,
            "MIT; labels by the team",
            True,
            (
                "datasets/stop-clickbait/clickbait_data.gz",
                "datasets/stop-clickbait/non_clickbait_data.gz",
            ),
            "3,000 Stop Clickbait headlines labelled by reading; a third held out by hash",
            shared_folder=".",
            label_files=("stop-clickbait.tsv",),
        ),
        Corpus(
            "orangesum-read",
            "fr",
            load_read_orangesum,
            "CC BY-SA 4.0; labels by the team",
            True,
            ("datasets/orangesum-fr/orangesum_title_heading.jsonl.gz",),
            "3,000 OrangeSum items labelled by reading; a third held out by hash",
            shared_folder=".",
            label_files=("orangesum-fr.tsv",),
        ),
        Corpus(
            "outbrain-read",
            "en",
            load_read_outbrain,
            "origin undocumented: evaluation only; labels by the team",
            False,
            ("datasets/outbrain-chum-en/chum.csv.gz",),
            "800 Outbrain widget titles (2021) labelled by reading",
            shared_folder=".",
            label_files=("outbrain-chum-en.tsv",),
        ),
    )
}
