"""Third-party corpora read in place from ``../shared/datasets``, each as the loader's
standard frame."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import tarfile
import zipfile
from pathlib import Path

import pandas as pd

from clickbait.datasets.paths import _frame, shared_path

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
