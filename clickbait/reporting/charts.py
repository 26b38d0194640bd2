"""The evaluation report's charts, as PNG bytes.

They need matplotlib (the ``report`` extra) and are drawn with its object API on the
Agg canvas, which leaves pyplot's global state (and a notebook's backend) alone.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from clickbait.reporting.page import FILLER_COLOUR, NEWS_COLOUR

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INSTALL_HINT = "pip install 'clickbait[report]'"

# The log-odds axes of the precision-recall overview: from 1 in 2 to 999 in 1,000.
LOGIT_LOW, LOGIT_HIGH = 0.5, 0.999


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


LOGIT_TICKS = (0.01, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)


def _logit_low(points: dict[str, Any]) -> float:
    """The lower end of the log-odds axes: 0.5, or lower when a set's operating point
    is below it, so that every dot is on the chart."""
    values = [v for point in points.values() if point is not None for v in point if v > 0]
    return max(0.01, min([LOGIT_LOW, *(v * 0.8 for v in values)]))


def _inside(curve: dict[str, Any], low: float) -> bool:
    """Whether any point of a curve is within the log-odds chart."""
    return any(
        low <= r <= LOGIT_HIGH and low <= p <= LOGIT_HIGH
        for r, p in zip(curve["recall"], curve["precision"], strict=True)
    )


def precision_recall_chart(
    curves: dict[str, dict[str, Any]],
    points: dict[str, Any],
    logit: bool = False,
    large: bool = False,
) -> bytes:
    """Precision against recall for each named curve; ``points`` marks each set's
    (recall, precision) at the model's threshold.

    ``logit`` draws both axes on a log-odds scale up to 0.999 (from 0.5, or lower to
    show every dot), which spreads out the top-right corner where good models' curves
    all bunch up: 0.9, 0.99 and 0.999 are as far apart as 0.5 and 0.9. A curve
    leaves the chart where it goes past an edge (a precision of exactly 1 is above
    0.999); it is never drawn along it, and one wholly beyond says so in the legend.
    Dots beyond an edge are drawn on it. ``large`` makes room for many curves.
    """
    figure = _figure(6.4, 4.8) if large else _figure(4.8, 4.6)
    axes = figure.add_subplot()
    low = _logit_low(points) if logit else 0.0
    for name, curve in curves.items():
        label = name
        if logit and not _inside(curve, low):
            label += " (beyond 0.999 throughout)"
        (line,) = axes.plot(curve["recall"], curve["precision"], label=label, linewidth=1.5)
        point = points.get(name)
        if point is not None:
            if logit:  # a dot at exactly 1 is drawn on the edge, to be seen
                point = [min(max(v, low), LOGIT_HIGH) for v in point]
            axes.plot(*point, "o", color=line.get_color(), markersize=5, clip_on=False)
    if logit:
        ticks = [t for t in LOGIT_TICKS if t >= low]
        for axis, setter in ((axes.xaxis, axes.set_xscale), (axes.yaxis, axes.set_yscale)):
            setter("logit", nonpositive="clip")
            axis.set_ticks(ticks, [f"{t:g}" for t in ticks])
            axis.set_ticks([], minor=True)
        axes.set(xlim=(low, LOGIT_HIGH), ylim=(low, LOGIT_HIGH))
        title = "Precision-recall, log-odds axes (dot: at the threshold)"
    else:
        axes.set(xlim=(0, 1.01), ylim=(0, 1.02))
        title = "Precision-recall (dot: at the threshold)"
    axes.set(xlabel="recall (filler caught)", ylabel="precision")
    axes.set_title(title, fontsize=10)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="lower left")
    return _png(figure)


def _colours() -> Iterator[str]:
    """matplotlib's colour cycle, the one ``plot`` uses, without end."""
    from itertools import cycle

    from matplotlib import rcParams

    return cycle(rcParams["axes.prop_cycle"].by_key()["color"])


def _runs(bins: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Runs of adjacent bins: a line is never drawn across an empty bin."""
    run: list[dict[str, Any]] = []
    for entry in bins:
        if run and abs(entry["lower"] - run[-1]["upper"]) > 1e-9:
            yield run
            run = []
        run.append(entry)
    if run:
        yield run


def _reliability(axes: Axes, name: str, bins: list[dict[str, Any]], colour: str) -> None:
    for number, run in enumerate(_runs(bins)):
        axes.plot(
            [b["mean_score"] for b in run],
            [b["filler_rate"] for b in run],
            marker="o",
            markersize=3.5,
            linewidth=1.3,
            color=colour,
            label=name if number == 0 else None,
        )


def calibration_chart(bins_by_name: dict[str, list[dict[str, Any]]]) -> bytes:
    """Reliability diagram: the share of filler among rows against their mean score,
    per score bin (lines are broken where a bin is empty); the diagonal is perfect
    calibration. Below it, the rows in each bin, on a log scale: a point standing for
    a handful of rows says little."""
    figure = _figure(4.8, 4.6)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    top.plot([0, 1], [0, 1], linestyle="--", color="#999", linewidth=1, label="calibrated")
    single = len(bins_by_name) == 1
    for (name, bins), colour in zip(bins_by_name.items(), _colours(), strict=False):
        _reliability(top, name, bins, colour)
        if not bins:
            continue
        if single:
            lefts = [b["lower"] for b in bins]
            counts = [b["n"] for b in bins]
            width = bins[0]["upper"] - bins[0]["lower"]
            bars = bottom.bar(lefts, counts, width=width * 0.9, align="edge", color=colour)
            bottom.bar_label(bars, labels=[f"{n:,}" for n in counts], fontsize=6, padding=1)
        else:
            for run in _runs(bins):
                centres = [(b["lower"] + b["upper"]) / 2 for b in run]
                counts = [b["n"] for b in run]
                bottom.plot(centres, counts, "o-", markersize=2.5, linewidth=0.8, color=colour)
    top.set(ylabel="share of filler", xlim=(0, 1), ylim=(0, 1.02))
    top.set_title("Calibration (reliability)", fontsize=10)
    top.grid(alpha=0.3)
    top.legend(fontsize=7, loc="upper left")
    bottom.set_yscale("log")
    bottom.set(xlabel="score bin (mean score of its rows above)", ylabel="rows")
    bottom.margins(y=0.35)
    bottom.grid(alpha=0.3)
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
