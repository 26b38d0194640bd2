"""Rendering of reports: PNG charts and self-contained HTML pages.

Two reports share one page style: the evaluation report of ``clickbait evaluate
--report`` (:func:`write_evaluation_report`, from the data of
:func:`clickbait.evaluate.evaluation_report`) and the site summary of ``clickbait
report --html`` (:func:`summary_html`, from :mod:`clickbait.summary`).

Pages are self-contained: styles inline, images embedded as ``data:`` URIs, no
scripts, fonts or links to fetch, so a page can be mailed or archived as one file.
Charts need matplotlib (the ``report`` extra); they are drawn with its object API on
the Agg canvas, which leaves pyplot's global state (and a notebook's backend) alone.
The site summary draws its bars in HTML and needs no extra.
"""

from __future__ import annotations

import base64
import io
import json
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

FILLER_COLOUR = "#c0392b"
NEWS_COLOUR = "#2e6da4"
INSTALL_HINT = "pip install 'clickbait[report]'"

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left;
         vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #777; } .note { color: #555; font-size: .9rem; }
.figures img { max-width: 100%; margin: .3rem .6rem .3rem 0; border: 1px solid #eee; }
.confusion td { text-align: right; min-width: 4rem; }
.bars td { border: none; padding: .12rem .5rem; }
.bar { width: 18rem; background: #eef2f6; height: .9rem; }
.bar span { display: block; height: 100%; background: #c0392b; }
nav ul { columns: 3; }
"""


class ReportError(RuntimeError):
    """A report cannot be drawn; the message says what to install or fix."""


def require_matplotlib() -> None:
    """Raise :class:`ReportError` with the install command when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    except ImportError:
        raise ReportError(
            f"the evaluation report draws its charts with matplotlib, which is not installed: "
            f"{INSTALL_HINT}"
        ) from None


# -- shared HTML ------------------------------------------------------------------------


def slug(text: str) -> str:
    """A file- and anchor-safe name: ``team-fr``, ``data-my-labels-csv``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "set"


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def fmt(value: Any, percent: bool = False) -> str:
    """A figure for a table: ``–`` for a missing or meaningless one."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if percent:
        return f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def html_table(
    header: list[str], rows: list[list[Any]], numeric: set[int] | None = None, cls: str = ""
) -> str:
    """An HTML table; cells are escaped, columns in ``numeric`` right-aligned."""
    numeric = numeric or set()

    def cell(tag: str, index: int, value: Any) -> str:
        attribute = ' class="num"' if index in numeric else ""
        return f"<{tag}{attribute}>{escape(str(value))}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    class_attribute = f' class="{cls}"' if cls else ""
    return f"<table{class_attribute}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_page(title: str, body: str) -> str:
    """A complete, self-contained HTML page."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _image(png: bytes, alt: str) -> str:
    return f'<img src="{data_uri(png)}" alt="{escape(alt)}">'


# -- charts -----------------------------------------------------------------------------


def _figure(width: float = 4.8, height: float = 3.6) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def precision_recall_chart(curves: dict[str, dict[str, Any]], points: dict[str, Any]) -> bytes:
    """Precision against recall for each named curve; ``points`` marks each set's
    (recall, precision) at the model's threshold."""
    figure = _figure()
    axes = figure.add_subplot()
    for name, curve in curves.items():
        (line,) = axes.plot(curve["recall"], curve["precision"], label=name, linewidth=1.5)
        point = points.get(name)
        if point is not None:
            axes.plot(*point, "o", color=line.get_color(), markersize=5)
    axes.set(xlabel="recall (filler caught)", ylabel="precision", xlim=(0, 1.01), ylim=(0, 1.02))
    axes.set_title("Precision-recall (dot: at the threshold)", fontsize=10)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="lower left")
    return _png(figure)


def calibration_chart(bins_by_name: dict[str, list[dict[str, Any]]]) -> bytes:
    """Reliability diagram: the share of filler among rows against their mean score,
    per score bin; the diagonal is perfect calibration."""
    figure = _figure()
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], linestyle="--", color="#999", linewidth=1, label="calibrated")
    for name, bins in bins_by_name.items():
        axes.plot(
            [b["mean_score"] for b in bins],
            [b["filler_rate"] for b in bins],
            marker="o",
            markersize=3,
            linewidth=1.3,
            label=name,
        )
    axes.set(xlabel="mean score in bin", ylabel="share of filler", xlim=(0, 1), ylim=(0, 1.02))
    axes.set_title("Calibration (reliability)", fontsize=10)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="upper left")
    return _png(figure)


def score_histogram_chart(histogram: dict[str, Any], threshold: float, title: str) -> bytes:
    """Counts of filler and news rows per score bin, with the threshold marked."""
    figure = _figure()
    axes = figure.add_subplot()
    edges = histogram["edges"]
    width = edges[1] - edges[0]
    left = edges[:-1]
    for key, colour in (("news", NEWS_COLOUR), ("filler", FILLER_COLOUR)):
        if any(histogram[key]):
            axes.bar(
                left, histogram[key], width=width, align="edge", alpha=0.6, color=colour, label=key
            )
    axes.axvline(threshold, color="#333", linestyle=":", linewidth=1.2, label="threshold")
    counts = [c for key in ("news", "filler") for c in histogram[key] if c]
    # A few rows far from the bulk would not show on a linear scale.
    log = bool(counts) and max(counts) > 20 * min(counts)
    if log:
        axes.set_yscale("log")
    axes.set(
        xlabel="score (probability of filler)",
        ylabel="rows (log scale)" if log else "rows",
        xlim=(0, 1),
    )
    axes.set_title(title, fontsize=10)
    axes.legend(fontsize=7)
    return _png(figure)


# -- evaluation report ------------------------------------------------------------------


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
    """Every chart of an evaluation report, by file name."""
    require_matplotlib()
    threshold = report["model"]["threshold"]
    charts: dict[str, bytes] = {}
    both = {
        name: entry
        for name, entry in report["sets"].items()
        if entry["curves"]["precision_recall"] is not None
    }
    if both:
        charts["overview-precision-recall.png"] = precision_recall_chart(
            {n: e["curves"]["precision_recall"] for n, e in both.items()},
            {n: _operating_point(e["metrics"]) for n, e in both.items()},
        )
        charts["overview-calibration.png"] = calibration_chart(
            {n: e["curves"]["calibration"] for n, e in both.items()}
        )
    for key, title, entry in _entries(report):
        curves = entry["curves"]
        if curves["precision_recall"] is not None:
            charts[f"{key}-precision-recall.png"] = precision_recall_chart(
                {title: curves["precision_recall"]}, {title: _operating_point(entry["metrics"])}
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
GROUP_FIGURES = ("n", "n_filler", "precision", "recall", "f1", "roc_auc", "filler_share")


def _figures(m: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [fmt(m[key], percent=key == "filler_share") for key in keys]


def _metric_row(name: str, kind: str, languages: str, m: dict[str, Any]) -> list[Any]:
    return [name, kind, languages, *_figures(m, SUMMARY_FIGURES)]


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
            _metric_row(lang, "pooled", ", ".join(e["sets"]), e["metrics"])
            for lang, e in report["languages"].items()
        ]
        parts.append(html_table(["language", "", "sets", *SUMMARY_HEADER[3:]], rows, numeric))
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
    overview = [
        _image(charts[name], name)
        for name in ("overview-precision-recall.png", "overview-calibration.png")
        if name in charts
    ]
    if overview:
        parts.append('<h2>All sets with both classes</h2><div class="figures">')
        parts += overview
        parts.append("</div>")

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
        groups = entry.get("groups") or {}
        if groups:
            rows = [[g, gm["classes"], *_figures(gm, GROUP_FIGURES)] for g, gm in groups.items()]
            parts.append(
                html_table(
                    [
                        "group",
                        "classes",
                        "rows",
                        "filler",
                        "precision",
                        "recall",
                        "F1",
                        "ROC-AUC",
                        "scored filler",
                    ],
                    rows,
                    set(range(2, 9)),
                )
            )
        images = [
            _image(charts[f"{key}-{kind}.png"], f"{title}: {kind}")
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
    for name, png in charts.items():
        atomic_write(directory / name, png)
    atomic_write(
        directory / "metrics.json",
        json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
    )
    index = directory / "index.html"
    atomic_write(index, evaluation_html(report, charts))
    return index


# -- site summary -----------------------------------------------------------------------


def _bars(frame: pd.DataFrame, key: str, limit: int) -> str:
    """Horizontal bars of the share of filler, most filler first, at most ``limit``."""
    ordered = frame.assign(_share=frame["filler_share"].fillna(-1.0)).sort_values(
        ["_share", "teasers", key], ascending=[False, False, True], kind="stable"
    )
    rows = []
    for row in ordered.head(limit).itertuples(index=False):
        share = row.filler_share
        if share != share:  # a page without teasers
            bar, figure = "", "no teasers"
        else:
            bar = f'<span style="width:{100 * share:.1f}%"></span>'
            figure = f"{row.filler:,} of {row.teasers:,} filler ({share:.0%})"
            if row.sponsored:
                figure += f", {row.sponsored_share:.0%} sponsored"
        rows.append(
            f"<tr><td>{escape(str(getattr(row, key)))}</td>"
            f'<td><div class="bar">{bar}</div></td><td class="num">{escape(figure)}</td></tr>'
        )
    more = len(frame) - limit
    note = (
        f'<p class="note">{more:,} more not shown; the command\'s own output lists every {key}.</p>'
        if more > 0
        else ""
    )
    return f'<table class="bars"><tbody>{"".join(rows)}</tbody></table>{note}'


def _worst_table(frame: pd.DataFrame, key: str, limit: int) -> str:
    rows = []
    for row in frame.head(limit).itertuples(index=False):
        for item in row.worst:
            rows.append(
                [
                    getattr(row, key),
                    f"{item['score']:.2f}",
                    item["label"],
                    item["headline"],
                    "yes" if item["sponsored"] else "",
                    item["url"],
                ]
            )
    if not rows:
        return ""
    return html_table([key, "score", "label", "headline", "sponsored", "link"], rows, {1})


def summary_html(
    pages: pd.DataFrame,
    domains: pd.DataFrame,
    by: str = "both",
    about: dict[str, Any] | None = None,
    limit: int = 100,
) -> str:
    """The site summary as one self-contained HTML page: bars of the share of filler
    per domain and per page, and the worst teasers of each domain (links are shown as
    text, never followed)."""
    about = about or {}
    teasers = int(pages["teasers"].sum()) if len(pages) else 0
    filler = int(pages["filler"].sum()) if len(pages) else 0
    parts = [
        "<h1>Teaser summary</h1>",
        f"<p>{len(pages):,} page(s), {teasers:,} teaser(s), {filler:,} scored filler"
        + (f" ({filler / teasers:.0%})" if teasers else "")
        + "."
        + (f" Model {escape(str(about['model']))}" if about.get("model") else "")
        + (f", threshold {about['threshold']}." if "threshold" in about else "")
        + "</p>",
        '<p class="note">A teaser counts toward the domain its link points to; relative '
        "links count toward the page's own site (its canonical or og:url address), and "
        "teasers without either toward the file they came from.</p>",
    ]
    if by in ("domain", "both"):
        parts += ["<h2>Share of filler per domain</h2>", _bars(domains, "domain", limit)]
    if by in ("page", "both"):
        parts += ["<h2>Share of filler per page</h2>", _bars(pages, "page", limit)]
    if by in ("domain", "both"):
        worst = _worst_table(domains, "domain", limit)
        if worst:
            parts += ["<h2>Highest-scoring teasers per domain</h2>", worst]
    elif by == "page":
        worst = _worst_table(pages, "page", limit)
        if worst:
            parts += ["<h2>Highest-scoring teasers per page</h2>", worst]
    return html_page("Teaser summary", "\n".join(parts))
