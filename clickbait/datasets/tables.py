"""Labelled files of the user's, samples, and tables of corpus counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clickbait.datasets.paths import LABELS, SharedDataMissing
from clickbait.datasets.registry import CORPORA
from clickbait.pages import parse_table


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
