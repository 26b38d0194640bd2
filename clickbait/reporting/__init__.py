"""Rendering of reports: PNG charts and self-contained HTML pages.

Two reports share one page style (:mod:`clickbait.reporting.page`): the evaluation
report of ``clickbait evaluate --report`` (:func:`write_evaluation_report`, in
:mod:`clickbait.reporting.evaluation`, charts in :mod:`clickbait.reporting.charts`) and
the site summary of ``clickbait report --html`` (:func:`summary_html`, in
:mod:`clickbait.reporting.sites`).

Pages are self-contained: styles inline, images embedded as ``data:`` URIs, no
scripts, fonts or links to fetch, so a page can be mailed or archived as one file.
Charts need matplotlib (the ``report`` extra); the site summary draws its bars in HTML
and needs no extra.
"""

from __future__ import annotations

from clickbait.reporting.charts import (
    INSTALL_HINT,
    ReportError,
    calibration_chart,
    precision_recall_chart,
    require_matplotlib,
    score_histogram_chart,
)
from clickbait.reporting.evaluation import (
    evaluation_charts,
    evaluation_html,
    write_evaluation_report,
)
from clickbait.reporting.page import data_uri, fmt, html_page, html_table, slug
from clickbait.reporting.sites import summary_html, wilson_interval

__all__ = [
    "INSTALL_HINT",
    "ReportError",
    "calibration_chart",
    "data_uri",
    "evaluation_charts",
    "evaluation_html",
    "fmt",
    "html_page",
    "html_table",
    "precision_recall_chart",
    "require_matplotlib",
    "score_histogram_chart",
    "slug",
    "summary_html",
    "wilson_interval",
    "write_evaluation_report",
]
