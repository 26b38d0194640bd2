"""Labelled teaser corpora: the project's own data and third-party sets read from ../shared.

Every loader returns a pandas DataFrame with the columns of ``COLUMNS``:
``headline``, ``snippet``, ``label`` (``filler``/``news``), ``lang``, ``corpus``,
``category`` (kind of filler or news section, where known) and ``split`` (where the
corpus fixes one). Third-party files are read in place and never copied.

Licences decide use: :data:`CORPORA` records for each corpus whether it may train the
shipped model, or only evaluate it.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import re
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clickbait.pages import parse_table
from clickbait.persist import sha256_file

COLUMNS = ["headline", "snippet", "label", "lang", "corpus", "category", "split"]
LABELS = ("news", "filler")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


class SharedDataMissing(FileNotFoundError):
    """A third-party corpus is not where the project expects ../shared."""


def shared_dir() -> Path:
    """The folder of third-party material: ``$CLICKBAIT_SHARED``, else ``../shared``."""
    configured = os.environ.get("CLICKBAIT_SHARED")
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path inside the shared folder; raises :class:`SharedDataMissing` if absent."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        raise SharedDataMissing(
            f"{path} not found: third-party corpora are read from ../shared "
            "(or the folder named by $CLICKBAIT_SHARED)"
        )
    return path


def _frame(rows: list[dict[str, object]], **constants: object) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for key, value in constants.items():
        frame[key] = value
    for column in COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[COLUMNS].fillna("")
    return frame.astype(str)


# -- the project's own corpus -------------------------------------------------------


def team_corpus_path(lang: str) -> Path:
    """Path of the team-written teaser corpus for a language (``data/<lang>/teasers.tsv``)."""
    return DATA_DIR / lang / "teasers.tsv"


def load_team(lang: str) -> pd.DataFrame:
    """The team-written corpus of one language, with its fixed train/test split."""
    path = team_corpus_path(lang)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: the team corpus for {lang!r} is missing")
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    expected = {"id", "label", "category", "split", "headline", "snippet"}
    if set(frame.columns) != expected:
        raise ValueError(f"{path}: columns {sorted(frame.columns)}, expected {sorted(expected)}")
    return _frame(frame.drop(columns="id").to_dict("records"), lang=lang, corpus=f"team-{lang}")


# -- widget-style snippets ----------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def widget_snippet(
    text: str, key: str, truncated_share: float = 0.75, empty_share: float = 0.10
) -> str:
    """Cut a full standfirst the way recommendation widgets do.

    Widgets show the first hundred or so characters followed by "...", or a short first
    sentence, and some show no snippet at all. The choice and the cut are drawn from a
    generator seeded by ``key``, so the same row always gets the same snippet. The
    team-written snippets follow the same mix (about 75% cut, 15% one sentence, 10%
    empty), which keeps the snippet's shape from telling one source from another.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    rng = random.Random(key)
    draw = rng.random()
    if draw < empty_share:
        return ""
    if draw < empty_share + truncated_share:
        limit = rng.randint(70, 125)
        if len(text) <= limit:
            return text
        return text[:limit].rstrip(" ,;:") + "..."
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    return first if len(first) <= 160 else first[:120].rstrip(" ,;:") + "..."


# -- third-party corpora ------------------------------------------------------------


def load_stop_clickbait() -> pd.DataFrame:
    """Stop Clickbait (Chakraborty et al., 2016): English headlines, labelled by outlet."""
    rows = []
    for filename, label in (("clickbait_data.gz", "filler"), ("non_clickbait_data.gz", "news")):
        with gzip.open(
            shared_path("datasets", "stop-clickbait", filename), "rt", encoding="utf-8"
        ) as f:
            rows += [{"headline": line.strip(), "label": label} for line in f if line.strip()]
    return _frame(rows, lang="en", corpus="stop-clickbait")


ORANGESUM_BOILERPLATE = (": actualité automobile, infos, scoop",)


def load_orangesum(snippets: str = "widget") -> pd.DataFrame:
    """OrangeSum titles and standfirsts: French real news, no filler.

    Rows whose title carries the auto section's boilerplate suffix are left out, and so
    is every flagged duplicate but the first of its group. ``split`` is the authors'
    title-task split (``train``/``valid``/``test``, empty when unassigned). With
    ``snippets="widget"`` each standfirst is cut as a widget would show it
    (:func:`widget_snippet`); ``"full"`` keeps it whole.
    """
    rows = []
    seen_groups: set[int] = set()
    path = shared_path("datasets", "orangesum-fr", "orangesum_title_heading.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            title = record["title"] or ""
            if not title.strip() or title.endswith(ORANGESUM_BOILERPLATE):
                continue
            group = record.get("duplicate_group")
            if group is not None:
                if group in seen_groups:
                    continue
                seen_groups.add(group)
            heading = record.get("heading") or ""
            snippet = widget_snippet(heading, record["file"]) if snippets == "widget" else heading
            rows.append(
                {
                    "headline": title,
                    "snippet": snippet,
                    "category": record.get("cat") or "",
                    "split": record.get("split_title_task") or "",
                }
            )
    return _frame(rows, label="news", lang="fr", corpus="orangesum-fr")


def load_native_ads() -> pd.DataFrame:
    """Native-ad teasers from Taboola, Revcontent and Outbrain widgets (English, all filler)."""
    folder = shared_path("datasets", "native-ads-en")
    headlines: dict[str, str] = {}
    with gzip.open(
        folder / "otherothercontent_contentResults-full.csv.gz", "rt", encoding="utf-8"
    ) as f:
        for row in csv.DictReader(f):
            headlines.setdefault(row["headline"].strip().lower(), row["headline"].strip())
    with gzip.open(folder / "othercontent_results.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.reader(f, skipinitialspace=True):
            if row and row[0] != "title" and row[0].strip():
                headlines.setdefault(row[0].strip().lower(), row[0].strip())
    rows = [{"headline": h} for h in headlines.values() if h]
    return _frame(rows, label="filler", lang="en", corpus="native-ads-en", split="test")


def load_ta1c() -> pd.DataFrame:
    """TA1C: Spanish tweet teasers, majority of three annotators."""
    rows = []
    path = shared_path("datasets", "ta1c-es", "TA1C_dataset_minimal.tar.gz")
    with tarfile.open(path, "r:gz") as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if not member.name.endswith(".csv"):
                continue
            split = member.name.rsplit("_", 2)[-2].replace("validation", "valid")
            handle = archive.extractfile(member)
            assert handle is not None
            reader = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
            for row in reader:
                rows.append(
                    {
                        "headline": row["Teaser Text"],
                        "label": "filler" if row["Tag Value"] == "Clickbait" else "news",
                        "category": row["Media Name"],
                        "split": split,
                    }
                )
    return _frame(rows, lang="es", corpus="ta1c-es")


def load_roclico() -> pd.DataFrame:
    """RoCliCo test split: Romanian titles with the first sentence of the body as snippet."""
    rows = []
    with zipfile.ZipFile(shared_path("datasets", "roclico-ro", "Test.zip")) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".json"):
                continue
            site = Path(name).stem
            for item in json.loads(archive.read(name).decode("utf-8")):
                rows.append(
                    {
                        "headline": item["title"],
                        "snippet": widget_snippet(item.get("content") or "", item["title"]),
                        "label": "filler" if item["category"] == "clickbait" else "news",
                        "category": site,
                    }
                )
    return _frame(rows, lang="ro", corpus="roclico-ro", split="test")


OBSINFOX_LABELS = ("Fake News", "Insinuation", "Exaggeration", "Offbeat Title", "Subjective")


def load_obsinfox() -> pd.DataFrame:
    """OBSINFOX: 100 French titles from unreliable sources, with annotator vote shares.

    It has no filler label. ``label`` is ``news`` for every row, as the titles report
    (true or false) events; the vote shares for ``OBSINFOX_LABELS`` are kept as extra
    columns for stress reports.
    """
    path = shared_path("datasets", "obsinfox-fr", "obsinfox.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        raw = pd.read_csv(f, dtype=str, keep_default_na=False)
    votes = raw.groupby("Title")[list(OBSINFOX_LABELS)].agg(lambda c: c.astype(int).mean())
    frame = _frame(
        [{"headline": title} for title in votes.index],
        label="news",
        lang="fr",
        corpus="obsinfox-fr",
        split="test",
    )
    for column in OBSINFOX_LABELS:
        frame[column] = votes[column].to_numpy()
    return frame


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

    def load(self) -> pd.DataFrame:
        return self.loader()

    def paths(self) -> list[Path]:
        """The files it is read from (bundled corpora from ``data/``, others from ../shared)."""
        if self.bundled:
            return [team_corpus_path(self.lang)]
        return [shared_path("datasets", self.name, f) for f in self.files]

    def checksums(self) -> dict[str, str]:
        """SHA-256 of every file, keyed by a path relative to its data folder."""
        root = DATA_DIR if self.bundled else shared_dir() / "datasets"
        return {p.relative_to(root).as_posix(): sha256_file(p) for p in self.paths()}


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
    )
}


def load_labelled_file(path: str | Path, require_both_classes: bool = False) -> pd.DataFrame:
    """A user's labelled CSV/TSV or JSON Lines file (``headline``, ``label``, ``snippet``).

    Raises :class:`ValueError` naming the file, and the line where there is one, of the
    first problem: unreadable file, missing column, broken JSON, unknown label, empty
    headline, no rows, or (with ``require_both_classes``) a single class.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    try:
        header, entries = parse_table(text, path.suffix)
    except ValueError as error:
        raise ValueError(f"{path}: not valid CSV ({error})") from None
    records = []
    for number, record, problem in entries:
        if record is None:
            raise ValueError(f"{path}:{number}: {problem}")
        records.append((number, record))
    columns = header if header is not None else set().union(*(r for _, r in records))
    missing = [c for c in ("headline", "label") if c not in columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = []
    for number, record in records:
        label = str(record.get("label") or "").strip()
        headline = str(record.get("headline") or "").strip()
        if not headline and not label:
            raise ValueError(f"{path}:{number}: empty row")
        if label not in LABELS:
            raise ValueError(f"{path}:{number}: label {label!r} is not 'filler' or 'news'")
        if not headline:
            raise ValueError(f"{path}:{number}: empty headline")
        rows.append({**record, "headline": headline, "label": label})
    if not rows:
        raise ValueError(f"{path}: no labelled rows")
    frame = pd.DataFrame(rows)
    if "snippet" not in frame.columns:
        frame["snippet"] = ""
    classes = set(frame["label"])
    if require_both_classes and len(classes) < 2:
        raise ValueError(
            f"{path}: every row is {classes.pop()!r}; training needs both filler and news"
        )
    return frame


# -- overview -------------------------------------------------------------------------


def subsample(frame: pd.DataFrame, n: int | None, seed: int = 0) -> pd.DataFrame:
    """At most ``n`` rows, drawn in proportion to each label so both classes stay."""
    if n is None or len(frame) <= n:
        return frame
    share = n / len(frame)
    parts = [
        rows.sample(n=max(1, round(len(rows) * share)), random_state=seed)
        for _, rows in frame.groupby("label", sort=True)
    ]
    return pd.concat(parts).sort_index()


def load_corpora(
    names: list[str] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Every corpus of :data:`CORPORA` (or those named) that can be read, by name, and
    for each that cannot (``../shared`` absent), why not."""
    loaded, missing = {}, {}
    for name in names or list(CORPORA):
        try:
            loaded[name] = CORPORA[name].load()
        except SharedDataMissing as error:
            missing[name] = str(error)
    return loaded, missing


def corpus_table(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per corpus: language, rows, filler, news, splits, licence, use, note."""
    rows = []
    for name, frame in frames.items():
        corpus = CORPORA[name]
        splits = frame["split"].replace("", "(none)").value_counts()
        rows.append(
            {
                "corpus": name,
                "lang": corpus.lang,
                "rows": len(frame),
                "filler": int((frame["label"] == "filler").sum()),
                "news": int((frame["label"] == "news").sum()),
                "with snippet": int((frame["snippet"] != "").sum()),
                "splits": ", ".join(f"{k} {v}" for k, v in splits.items()),
                "licence": corpus.license,
                "use": "train + evaluate" if corpus.trainable else "evaluate only",
                "note": corpus.note,
            }
        )
    return pd.DataFrame(rows)


def text_lengths(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``headline_chars``, ``headline_words`` and ``snippet_chars`` added
    (of the text as the model sees it, after :func:`~clickbait.text.normalize_text`)."""
    from clickbait.text import normalize_text

    headlines = frame["headline"].map(normalize_text)
    return frame.assign(
        headline_chars=headlines.str.len(),
        headline_words=headlines.str.split().str.len(),
        snippet_chars=frame["snippet"].map(normalize_text).str.len(),
    )
