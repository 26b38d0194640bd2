"""Real teasers labelled by hand: teasers of saved pages, and readings of third-party corpora.

Real text stays in ../shared; the labels the team wrote for it live in ``data/labels``,
keyed by the corpus's own id, by a hash of the text, or by page and headline key (see
the data card, ``data/README.md``). Each loader returns the columns of
:data:`clickbait.datasets.COLUMNS` plus ``page`` and ``site``, with news and filler rows
only: ``unsure`` and ``not-teaser`` rows are left out.

Teasers of one page, or of one site, are not independent: every row names its ``site``,
and the ``split`` of a page corpus is its site's (``data/labels/site-splits.tsv``: ``train``
for development sites, ``test`` for sites never used to choose rules or models). The
readings of Stop Clickbait and OrangeSum are split by a hash of their id, a third in
``test``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json

import pandas as pd

from clickbait.datasets.paths import COLUMNS, DATA_DIR, LABELS, shared_path

LABELS_DIR = DATA_DIR / "labels"
EXTRA_COLUMNS = ["page", "site"]
# Which split a development or test site's rows take.
SITE_SPLIT_NAMES = {"dev": "train", "test": "test"}


def text_id(text: str) -> str:
    """The id of a headline in ``data/labels``: 16 hex digits of the SHA-256 of the
    stripped UTF-8 text."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def hash_split(key: str, test_share: float = 1 / 3) -> str:
    """``test`` for a fixed share of keys (by the SHA-1 of the key), else ``train``."""
    draw = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0x1_0000_0000
    return "test" if draw < test_share else "train"


def _labels(name: str) -> pd.DataFrame:
    return pd.read_csv(
        LABELS_DIR / name, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE
    )


def site_splits() -> dict[str, str]:
    """Each annotated site (no ``www.``) and its split: ``dev`` or ``test``."""
    frame = _labels("site-splits.tsv")
    return dict(zip(frame["site"], frame["split"], strict=True))


def page_index(folder: str) -> dict[str, tuple[str, str]]:
    """Each page of ``../shared/pages/<folder>`` with its site (no ``www.``) and language,
    from the folder's ``index.tsv``."""
    with open(shared_path("pages", folder, "index.tsv"), encoding="utf-8", newline="") as f:
        return {
            row["file"]: (row["site"].lower().removeprefix("www."), row["lang"])
            for row in csv.DictReader(f, delimiter="\t")
        }


def page_sites(folder: str) -> dict[str, str]:
    """Each page of ``../shared/pages/<folder>`` and its site."""
    return {page: site for page, (site, _) in page_index(folder).items()}


def _finish(frame: pd.DataFrame, corpus: str) -> pd.DataFrame:
    frame = frame[frame["label"].isin(LABELS)].copy()
    frame["corpus"] = corpus
    for column in COLUMNS + EXTRA_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[COLUMNS + EXTRA_COLUMNS].fillna("").astype(str).reset_index(drop=True)


def _with_site_split(frame: pd.DataFrame, sites: dict[str, str]) -> pd.DataFrame:
    splits = site_splits()
    frame["site"] = frame["page"].map(sites)
    unknown = sorted(set(frame.loc[~frame["site"].isin(splits), "site"]))
    if unknown:
        raise ValueError(f"sites with no split in data/labels/site-splits.tsv: {unknown}")
    frame["split"] = frame["site"].map(splits).map(SITE_SPLIT_NAMES)
    return frame


def load_real_teasers() -> pd.DataFrame:
    """``../shared/datasets/real-teasers``: every teaser of the 68 pages of
    ``pages/real``, labelled by hand (French, English, German)."""
    path = shared_path("datasets", "real-teasers", "teasers.tsv")
    frame = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)
    frame = _with_site_split(frame.rename(columns={"kind": "category"}), page_sites("real"))
    return _finish(frame, "real-teasers")


def load_real2_teasers() -> pd.DataFrame:
    """The teasers of the 44 pages of ``../shared/pages/real2``, labelled by the team
    (``data/labels/real2-teasers.tsv``, keyed by page and headline key).

    The text is read from the pages: each labelled key is matched to a teaser the
    extractor finds there, so a teaser the extractor misses is left out.
    """
    from clickbait.pages import read_path
    from clickbait.teasers import extract, headline_key

    labels = _labels("real2-teasers.tsv")
    index = page_index("real2")
    rows = []
    for page, keys in labels.groupby("page", sort=True):
        document = read_path(shared_path("pages", "real2", page))
        found: dict[str, tuple[str, str]] = {}
        for teaser in extract(document).teasers:
            found.setdefault(headline_key(teaser.headline), (teaser.headline, teaser.snippet))
        lang = index[page][1]
        for key, label, kind in zip(keys["key"], keys["label"], keys["kind"], strict=True):
            if key in found:
                headline, snippet = found[key]
                rows.append(
                    {
                        "headline": headline,
                        "snippet": snippet,
                        "label": label,
                        "category": kind,
                        "lang": lang,
                        "page": page,
                    }
                )
    frame = _with_site_split(pd.DataFrame(rows), page_sites("real2"))
    return _finish(frame, "real2-teasers")


def load_read_stop_clickbait() -> pd.DataFrame:
    """3,000 Stop Clickbait headlines read and labelled by the team (their outlet-based
    label unseen), keyed by :func:`text_id`."""
    labels = _labels("stop-clickbait.tsv")
    texts: dict[str, str] = {}
    for filename in ("clickbait_data.gz", "non_clickbait_data.gz"):
        with gzip.open(
            shared_path("datasets", "stop-clickbait", filename), "rt", encoding="utf-8"
        ) as f:
            for line in f:
                if line.strip():
                    texts.setdefault(text_id(line), line.strip())
    frame = labels.rename(columns={"kind": "category"})
    frame["headline"] = frame["id"].map(texts)
    frame = _require_texts(frame, "stop-clickbait")
    frame["lang"], frame["site"] = "en", "stop-clickbait"
    frame["split"] = frame["id"].map(hash_split)
    return _finish(frame, "stop-clickbait-read")


def load_read_orangesum() -> pd.DataFrame:
    """3,000 OrangeSum items (title and standfirst) read and labelled by the team; all are
    news by source, and 7% read as filler. Keyed by the corpus's ``file`` field."""
    labels = _labels("orangesum-fr.tsv")
    items: dict[str, tuple[str, str]] = {}
    path = shared_path("datasets", "orangesum-fr", "orangesum_title_heading.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            items[record["file"]] = (record["title"], record.get("heading") or "")
    frame = labels.rename(columns={"kind": "category"})
    frame["headline"] = frame["id"].map(lambda key: items.get(key, (None, ""))[0])
    frame["snippet"] = frame["id"].map(lambda key: items.get(key, ("", ""))[1])
    frame = _require_texts(frame, "orangesum-fr")
    frame["lang"], frame["site"] = "fr", "orangesum"
    frame["split"] = frame["id"].map(hash_split)
    return _finish(frame, "orangesum-read")


def load_read_outbrain() -> pd.DataFrame:
    """800 Outbrain widget titles (2021) read and labelled by the team; evaluation only
    (the data's origin is undocumented)."""
    labels = _labels("outbrain-chum-en.tsv")
    texts: dict[str, str] = {}
    with gzip.open(
        shared_path("datasets", "outbrain-chum-en", "chum.csv.gz"), "rt", encoding="utf-8"
    ) as f:
        for row in csv.DictReader(f):
            if row["title"].strip():
                texts.setdefault(text_id(row["title"]), row["title"].strip())
    frame = labels.rename(columns={"kind": "category"})
    frame["headline"] = frame["id"].map(texts)
    frame = _require_texts(frame, "outbrain-chum-en")
    frame["lang"], frame["site"], frame["split"] = "en", "outbrain", "test"
    return _finish(frame, "outbrain-read")


def _require_texts(frame: pd.DataFrame, corpus: str) -> pd.DataFrame:
    missing = int(frame["headline"].isna().sum())
    if missing:
        raise ValueError(
            f"{missing} labelled row(s) of data/labels name no text of ../shared/datasets/"
            f"{corpus}: the corpus is not the version the labels were written for"
        )
    return frame


def real2_pages() -> tuple[str, ...]:
    """The pages that ``data/labels/real2-teasers.tsv`` labels, as paths under ../shared."""
    return tuple(
        f"pages/real2/{page}" for page in sorted(set(_labels("real2-teasers.tsv")["page"]))
    )
