"""Charts of the series commands (``goldmine bubble --out``, ``goldmine sentiment index --out``, their demo
steps): two-panel matplotlib figures written as PNG files.

* :func:`bubble_chart` — top, the tested series with the date-stamped episodes shaded; bottom, the
  BSADF sequence against its critical-value line at the dating level (PSY 2015);
* :func:`sentiment_index_chart` — top, the combined zh/en index and each language's tone z-score;
  bottom, documents per day and the smoothed attention;
* :func:`save_png` — write a figure to a file and close it.

Labels come from the message catalogue in the reader's language when matplotlib has a CJK font
(:func:`goldmine.report.charts.cjk_font`, the one CJK font finder), else in English.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from goldmine.report.charts import chart_lang, cjk_font, label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from goldmine.bubble.analysis import BubbleReport
    from goldmine.sentiment.index import SentimentIndex

EPISODE_COLOUR = "#e8a33d"
LINE_COLOUR = "#1f4e79"
CV_COLOUR = "#c0392b"


def _pyplot(lang: str) -> Any:
    """pyplot on the Agg backend, with the CJK font first when the labels are Chinese."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    font = cjk_font() if chart_lang(lang) == "zh" else None
    if font is not None:
        plt.rcParams["font.sans-serif"] = [font, *[f for f in plt.rcParams["font.sans-serif"] if f != font]]
    return plt


def _x(index: pd.Index, value: Any) -> Any:
    """An episode's start or end on the chart's x axis (a date, or a position of the index)."""
    return pd.Timestamp(value) if not isinstance(value, int | float) else index[int(value)]


def bubble_chart(report: BubbleReport, lang: str, title: str = "") -> Figure:
    """Two panels: the series with shaded episodes; BSADF against its critical-value line."""
    plt = _pyplot(lang)
    series = report.series
    x = series.index
    fig: Figure
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    ax1.plot(x, series.to_numpy(), color=LINE_COLOUR, lw=1.2)
    ax1.set_title(title)
    ax1.set_ylabel("log" if report.log else "")
    for e in report.episodes:
        ax1.axvspan(_x(x, e.start), _x(x, e.end), color=EPISODE_COLOUR, alpha=0.35, lw=0)
        ax2.axvspan(_x(x, e.start), _x(x, e.end), color=EPISODE_COLOUR, alpha=0.35, lw=0)
    ax1.legend([label("bubble.chart.series", lang)], loc="upper left", frameon=False)
    ax2.plot(report.dates, report.stats.bsadf, color=LINE_COLOUR, lw=1.0, label=label("bubble.chart.bsadf", lang))
    ax2.plot(report.dates, report.cv_line, color=CV_COLOUR, lw=1.0, ls="--",
             label=label("bubble.chart.cv", lang, level=report.significance))
    ax2.axhline(0, color="grey", lw=0.5)
    ax2.legend(loc="upper left", frameon=False)
    ax2.set_ylim(bottom=min(-2.0, float(np.nanmin(report.stats.bsadf)) - 0.2))
    fig.tight_layout()
    return fig


def sentiment_index_chart(result: SentimentIndex, lang: str) -> Figure:
    """Two panels: the combined index and each language's tone z; documents per day and attention."""
    plt = _pyplot(lang)
    fig: Figure
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True, height_ratios=[2, 1])
    comb = result.combined
    ax1.axhline(0, color="0.6", lw=0.8)
    for lg in result.languages:
        col = f"tone_z_{lg}"
        if col in comb:
            ax1.plot(comb.index, comb[col], lw=1.0, alpha=0.7, label=label("sentiment.chart.lang", lang, language=lg))
    ax1.plot(comb.index, comb["index"], lw=2.2, color="black", label=label("sentiment.chart.index", lang))
    ax1.legend(loc="best", fontsize=8)
    ax1.set_title(label("sentiment.chart.title", lang, half_life=f"{result.half_life_days:g}"))
    ax2.bar(comb.index, comb["n_docs"], color="0.75", label=label("sentiment.chart.attention", lang))
    ax2.plot(comb.index, comb["attention"], color="tab:red", lw=1.5, label=label("sentiment.chart.attention_smoothed", lang))
    ax2.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def save_png(fig: Figure, path: Path, dpi: int = 110) -> Path:
    """Write ``fig`` to ``path`` as PNG and close it."""
    import matplotlib.pyplot as plt

    try:
        fig.savefig(path, dpi=dpi)
    finally:
        plt.close(fig)
    return path
