"""The evaluation report of ``clickbait evaluate --report``: charts, one HTML page and
``metrics.json``, from the data of :func:`clickbait.evaluate.evaluation_report`.

Sets appear in the order the report data gives them; nothing here reorders them.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from clickbait.reporting.charts import (
    calibration_chart,
    precision_recall_chart,
    require_matplotlib,
    score_histogram_chart,
)
from clickbait.reporting.page import fmt, html_page, html_table, image, slug

# A group (outlet, kind of filler...) with fewer rows than this gives figures that say
# nothing: its row is left out of the group table, and the table says how many were.
MIN_GROUP_ROWS = 5
# The names of the charts a report writes: a new report into an old report's folder
# removes the old charts of these names that it did not write again.
CHART_SUFFIXES = ("-precision-recall.png", "-calibration.png", "-scores.png")


def _operating_point(metrics: dict[str, Any]) -> tuple[float, float] | None:
    if metrics.get("recall") is None or metrics.get("precision") is None:
        return None
    return metrics["recall"], metrics["precision"]


def _entries(report: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(anchor/file slug, title, entry) for every set and every language."""
    taken: set[str] = set()
    result = []
    for prefix, section in (("", "sets"), ("lang-", "languages")):
        for name, entry in report[section].items():
            base = prefix + slug(name)
            key, n = base, 2
            while key in taken:
                key, n = f"{base}-{n}", n + 1
            taken.add(key)
            title = name if section == "sets" else f"language: {name}"
            result.append((key, title, entry))
    return result


def evaluation_charts(report: dict[str, Any]) -> dict[str, bytes]:
    """Every chart of an evaluation report, by file name, drawn in matplotlib's default
    style whatever style the calling program (a notebook) has set."""
    require_matplotlib()
    from matplotlib import style

    with style.context("default"):
        return _charts(report)


def _charts(report: dict[str, Any]) -> dict[str, bytes]:
    threshold = report["model"]["threshold"]
    charts: dict[str, bytes] = {}
    both = {
        name: entry
        for name, entry in report["sets"].items()
        if entry["curves"]["precision_recall"] is not None
    }
    for prefix, transfer in (("overview", False), ("overview-transfer", True)):
        group = {n: e for n, e in both.items() if (e["kind"] == "transfer") == transfer}
        if not group:
            continue
        charts[f"{prefix}-precision-recall.png"] = precision_recall_chart(
            {n: e["curves"]["precision_recall"] for n, e in group.items()},
            {n: _operating_point(e["metrics"]) for n, e in group.items()},
            logit=not transfer,
            large=len(group) > 2,
        )
        charts[f"{prefix}-calibration.png"] = calibration_chart(
            {n: e["curves"]["calibration"] for n, e in group.items()}
        )
    for key, title, entry in _entries(report):
        curves = entry["curves"]
        if curves["precision_recall"] is not None:
            charts[f"{key}-precision-recall.png"] = precision_recall_chart(
                {title: curves["precision_recall"]},
                {title: _operating_point(entry["metrics"])},
                logit=entry.get("kind") != "transfer",
            )
            charts[f"{key}-calibration.png"] = calibration_chart({title: curves["calibration"]})
        charts[f"{key}-scores.png"] = score_histogram_chart(
            curves["histogram"], threshold, f"Scores: {title}"
        )
    return charts


SUMMARY_HEADER = [
    "set",
    "kind",
    "languages",
    "rows",
    "filler",
    "precision",
    "recall",
    "F1",
    "ROC-AUC",
    "avg precision",
    "scored filler",
    "Brier",
]


# The figures of a set's summary row and of a group's row, in table order.
SUMMARY_FIGURES = (
    "n",
    "n_filler",
    "precision",
    "recall",
    "f1",
    "roc_auc",
    "average_precision",
    "filler_share",
    "brier",
)
GROUP_HEADER = [
    "group",
    "classes",
    "rows",
    "filler",
    "precision",
    "recall",
    "F1",
    "ROC-AUC",
    "scored filler",
]
GROUP_FIGURES = ("n", "n_filler", "precision", "recall", "f1", "roc_auc", "filler_share")


def _figures(m: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [fmt(m[key], percent=key == "filler_share") for key in keys]


def _metric_row(name: str, kind: str, languages: str, m: dict[str, Any]) -> list[Any]:
    return [name, kind, languages, *_figures(m, SUMMARY_FIGURES)]


OVERVIEWS = (
    (
        "overview",
        "Held-out and labelled sets with both classes",
        "The precision-recall chart has log-odds axes up to 0.999, so that curves close "
        "to the top-right corner can be told apart; a curve leaves the chart where it "
        "goes past an edge (each set's own chart below shows it whole).",
    ),
    ("overview-transfer", "Transfer sets with both classes", ""),
)


def _overview(charts: dict[str, bytes]) -> list[str]:
    """The overview charts, held-out sets apart from transfer sets."""
    parts = []
    for prefix, title, note in OVERVIEWS:
        names = [f"{prefix}-{kind}.png" for kind in ("precision-recall", "calibration")]
        images = [image(charts[n], n) for n in names if n in charts]
        if not images:
            continue
        parts.append(f"<h2>{escape(title)}</h2>")
        parts.append(
            f'<p class="note">{escape(note)} Under the calibration curves, the rows in '
            "each score bin.</p>"
        )
        parts.append('<div class="figures">' + "".join(images) + "</div>")
    return parts


def _group_table(groups: dict[str, dict[str, Any]]) -> list[str]:
    """The per-group table (outlet, kind of filler...), without the groups of fewer
    than :data:`MIN_GROUP_ROWS` rows, and a note saying how many were left out."""
    kept = {g: m for g, m in groups.items() if m["n"] >= MIN_GROUP_ROWS}
    parts = []
    if kept:
        rows = [[g, gm["classes"], *_figures(gm, GROUP_FIGURES)] for g, gm in kept.items()]
        parts.append(html_table(GROUP_HEADER, rows, set(range(2, 9))))
    if len(kept) < len(groups):
        left_out = len(groups) - len(kept)
        parts.append(
            f'<p class="note">{left_out:,} group(s) of fewer than {MIN_GROUP_ROWS} rows not '
            "shown (metrics.json has them).</p>"
        )
    return parts


def _confusion(m: dict[str, Any]) -> str:
    c = m["confusion"]
    return (
        '<table class="confusion"><thead><tr><th></th><th>scored news</th>'
        "<th>scored filler</th></tr></thead><tbody>"
        f"<tr><th>news</th><td>{c['tn']:,}</td><td>{c['fp']:,}</td></tr>"
        f"<tr><th>filler</th><td>{c['fn']:,}</td><td>{c['tp']:,}</td></tr></tbody></table>"
    )


CLASSES_NOTE = {
    "filler": "Filler only: recall is the share of filler caught; precision and F1 do not apply.",
    "news": "News only: the figure that matters is the share of news wrongly scored filler; "
    "precision, recall and F1 do not apply.",
    "both": "",
}


def evaluation_html(report: dict[str, Any], charts: dict[str, bytes]) -> str:
    """The evaluation report as one self-contained HTML page."""
    model = report["model"]
    numeric = set(range(3, 12))
    parts = [
        "<h1>Evaluation report</h1>",
        f"<p>Model <strong>{escape(str(model.get('name') or '(unnamed)'))}</strong>"
        f"{' from ' + escape(str(model['path'])) if model.get('path') else ''}; "
        f"threshold {model['threshold']}; created {escape(report['created'])}.</p>",
    ]
    if model.get("splits"):
        parts.append(f'<p class="note">Rows: {escape(str(model["splits"]))}.</p>')
    parts.append(
        '<p class="note">Scores are the probability of filler; a teaser at or above the '
        "threshold is labelled filler. – marks a figure a set cannot give: ROC-AUC and "
        "average precision need both classes; precision and F1 need filler rows.</p>"
    )
    entries = _entries(report)
    parts.append(
        "<nav><ul>"
        + "".join(f'<li><a href="#{key}">{escape(title)}</a></li>' for key, title, _ in entries)
        + "</ul></nav>"
    )

    in_domain = [(n, e) for n, e in report["sets"].items() if e["kind"] != "transfer"]
    if in_domain:
        parts.append("<h2>Held-out and labelled sets</h2>")
        rows = [
            _metric_row(n, e["kind"], ", ".join(e["languages"]), e["metrics"]) for n, e in in_domain
        ]
        parts.append(html_table(SUMMARY_HEADER, rows, numeric))
    if report["languages"]:
        parts.append("<h2>Per language</h2>")
        parts.append(
            '<p class="note">Rows of the sets above pooled by language (transfer sets apart).</p>'
        )
        rows = [
            [lang, ", ".join(e["sets"]), *_figures(e["metrics"], SUMMARY_FIGURES)]
            for lang, e in report["languages"].items()
        ]
        parts.append(html_table(["language", "sets", *SUMMARY_HEADER[3:]], rows, set(range(2, 11))))
    if report["transfer"]:
        parts.append("<h2>Transfer sets</h2>")
        parts.append(
            '<p class="note">Corpora the model never trains on: other sources, other '
            "languages, sets with one class. Each is summed up by the figure it can give.</p>"
        )
        rows = []
        for name in report["transfer"]:
            entry = report["sets"][name]
            m, headline = entry["metrics"], entry["headline"]
            value = fmt(headline["value"], percent=headline["key"] in {"recall", "filler_share"})
            rows.append(
                [
                    name,
                    ", ".join(entry["languages"]),
                    fmt(m["n"]),
                    m["classes"],
                    headline["name"],
                    value,
                    fmt(m["filler_share"], percent=True),
                ]
            )
        parts.append(
            html_table(
                ["set", "language", "rows", "classes", "figure", "value", "scored filler"],
                rows,
                {2, 5, 6},
            )
        )
    if report["skipped"]:
        parts.append("<h2>Skipped</h2><ul>")
        parts += [
            f"<li><strong>{escape(n)}</strong>: {escape(r)}</li>"
            for n, r in report["skipped"].items()
        ]
        parts.append("</ul>")
    parts += _overview(charts)

    parts.append("<h2>Details</h2>")
    for key, title, entry in entries:
        m = entry["metrics"]
        parts.append(f'<h3 id="{key}">{escape(title)}</h3>')
        source = entry.get("source") or (
            "pooled from " + ", ".join(entry["sets"]) if "sets" in entry else ""
        )
        if source:
            parts.append(f'<p class="note">{escape(source)}</p>')
        if CLASSES_NOTE.get(m["classes"]):
            parts.append(f'<p class="note">{escape(CLASSES_NOTE[m["classes"]])}</p>')
        parts.append(html_table(SUMMARY_HEADER[3:], [_figures(m, SUMMARY_FIGURES)], set(range(9))))
        parts.append(_confusion(m))
        parts += _group_table(entry.get("groups") or {})
        images = [
            image(charts[f"{key}-{kind}.png"], f"{title}: {kind}")
            for kind in ("precision-recall", "calibration", "scores")
            if f"{key}-{kind}.png" in charts
        ]
        parts.append('<div class="figures">' + "".join(images) + "</div>")
    return html_page("Evaluation report", "\n".join(parts))


def write_evaluation_report(report: dict[str, Any], directory: str | Path) -> Path:
    """Write ``metrics.json``, every chart as PNG and ``index.html`` (the charts
    embedded) into ``directory``; returns the HTML file. Each file is written atomically.
    Raises :class:`ReportError` when matplotlib is missing."""
    from clickbait.persist import atomic_write

    directory = Path(directory)
    charts = evaluation_charts(report)
    stale = _old_charts(directory) - set(charts)
    for name, png in charts.items():
        atomic_write(directory / name, png)
    atomic_write(
        directory / "metrics.json",
        json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
    )
    index = directory / "index.html"
    atomic_write(index, evaluation_html(report, charts))
    for name in sorted(stale):
        (directory / name).unlink(missing_ok=True)
    return index


def _old_charts(directory: Path) -> set[str]:
    """The charts of an earlier report in ``directory``: PNG files named as a report
    names its charts, in a folder that holds a report's ``metrics.json``."""
    try:
        previous = json.loads((directory / "metrics.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(previous, dict) or not {"format", "sets"} <= set(previous):
        return set()
    return {
        path.name
        for path in directory.glob("*.png")
        if path.is_file() and path.name.endswith(CHART_SUFFIXES)
    }
