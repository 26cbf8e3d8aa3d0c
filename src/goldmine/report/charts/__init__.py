"""Charts of the reports, drawn with matplotlib (Agg) and embedded inline as PNG (a base64 data URI
in HTML, an image in PDF); :func:`to_svg` gives SVG on request.

Nothing is fetched: the image lives inside the file.  PNG and SVG carry no date or software stamp
(SVG text is converted to paths, ``svg.hashsalt`` fixed), so the same inputs give the same bytes.

Chart text uses the report's language when matplotlib has a font that covers Chinese (e.g. Noto
Sans CJK, WenQuanYi, SimHei); otherwise the labels are English and the report's caption, in the
report's language, says what the chart shows.  Every chart function takes plain lists and numbers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c7c5b"]
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")


def _mpl() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "path", "svg.hashsalt": "goldmine", "font.size": 9,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
        "grid.alpha": 0.3, "figure.dpi": 100,
    })
    return plt


CJK_FILE_HINTS = ("cjk", "wqy", "simhei", "msyh", "pingfang", "sourcehan", "uming", "ukai", "notosanssc", "notoserifsc")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font covering Chinese, or None.

    matplotlib's font list is a cache built once per installation; a CJK font installed after it
    (e.g. ``fonts-noto-cjk`` added to a machine that already had matplotlib) is missing from it, and
    the charts of Chinese reports would silently fall back to English.  So when the cached list
    has none, the system's font files whose names mark them as CJK are added for this process."""
    from matplotlib import font_manager

    fm = font_manager.fontManager
    names = {f.name for f in fm.ttflist}
    found = next((n for n in CJK_FAMILIES if n in names), None)
    if found:
        return found
    for path in sorted(font_manager.findSystemFonts()):
        base = path.rsplit("/", 1)[-1].lower().replace("-", "").replace("_", "")
        if any(h in base for h in CJK_FILE_HINTS):
            try:
                fm.addfont(path)
            except Exception:  # noqa: BLE001 - an unreadable font file is skipped, never fatal
                continue
    names = {f.name for f in fm.ttflist}
    return next((n for n in CJK_FAMILIES if n in names), None)


def chart_lang(lang: str) -> str:
    """The language chart labels can be drawn in: ``zh`` only when a CJK font exists."""
    return "zh" if lang == "zh" and cjk_font() else "en"


def label(key: str, lang: str, **params: Any) -> str:
    from goldmine.i18n import t

    return t(key, chart_lang(lang), **params)


def new(width: float = 7.0, height: float = 3.2, polar: bool = False) -> tuple[Figure, Any]:
    plt = _mpl()
    font = cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_subplot(111, projection="polar" if polar else None)
    return fig, ax


def to_svg(fig: Figure) -> str:
    plt = _mpl()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def to_png(fig: Figure, dpi: int = 100) -> bytes:
    """PNG bytes (RGB, white background, no timestamp) of a drawn figure; the figure is closed."""
    from PIL import Image

    plt = _mpl()
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white", metadata={"Software": None})
    finally:
        plt.close(fig)
    rgb = io.BytesIO()
    Image.open(io.BytesIO(buf.getvalue())).convert("RGB").save(rgb, format="PNG", optimize=False)
    return rgb.getvalue()


def money_axis(values: list[Any], currency: str, lang: str) -> tuple[float, str]:
    """Divisor and axis label for amounts, in the units the report's tables use: 万 / 亿 when the
    chart is drawn in Chinese (tables print ¥950万, so an axis in millions would not match), k / M
    otherwise."""
    nums = [abs(float(v)) for v in values if isinstance(v, int | float) and not isinstance(v, bool) and v == v]
    top = max(nums, default=0.0)
    if chart_lang(lang) == "zh":
        return (1e8, f"{currency}（亿）") if top >= 1e8 else (1e4, f"{currency}（万）") if top >= 1e4 else (1.0, currency)
    return (1e6, f"{currency} (M)") if top >= 1e6 else (1e3, f"{currency} (k)") if top >= 1e4 else (1.0, currency)


def thousands(ax: Any, values: list[Any]) -> None:
    """Large axis values with thousands separators (``300,000``, not ``300000``)."""
    nums = [abs(float(v)) for v in values if isinstance(v, int | float) and v == v]
    if nums and max(nums) >= 10_000:
        from matplotlib.ticker import StrMethodFormatter

        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


# ---------------------------------------------------------------------------------------- charts
def radar(names: list[str], scores: list[float], title: str = "") -> Figure:
    """Risk radar: one axis per dimension, 0-100 (higher is riskier)."""
    import numpy as np

    fig, ax = new(4.6, 4.0, polar=True)
    n = len(names)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False).tolist()
    vals = list(scores) + [scores[0]]
    ang = angles + [angles[0]]
    ax.plot(ang, vals, color=PALETTE[1], linewidth=2)
    ax.fill(ang, vals, color=PALETTE[1], alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels(names)
    ax.set_ylim(0, 100)
    ax.set_yticks([20, 40, 60, 80])
    if title:
        ax.set_title(title)
    return fig


def fan(months: list[float], bands: list[tuple[list[float], list[float]]], median: list[float],
        xlabel: str, ylabel: str, zero_line: bool = True, band_labels: list[str] | None = None, median_label: str = "") -> Figure:
    """A fan chart: nested percentile bands (outermost first) around a median path."""
    fig, ax = new()
    alphas = [0.15, 0.3, 0.45]
    for i, (lo, hi) in enumerate(bands):
        ax.fill_between(months, lo, hi, color=PALETTE[0], alpha=alphas[i % 3], linewidth=0,
                        label=band_labels[i] if band_labels else None)
    ax.plot(months, median, color=PALETTE[0], linewidth=2, label=median_label or None)
    if zero_line:
        ax.axhline(0, color=PALETTE[1], linewidth=1, linestyle="--")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if band_labels or median_label:
        ax.legend(loc="best", fontsize=8)
    return fig


def lines(x: list[Any], series: Mapping[str, Sequence[float | None]], xlabel: str, ylabel: str,
          band: tuple[list[float], list[float]] | None = None, band_label: str | None = None,
          shade: list[tuple[Any, Any]] | None = None, hline: float | None = None, logy: bool = False) -> Figure:
    """Several lines over a shared x; an optional interval band, shaded spans (episodes), a level."""
    fig, ax = new()
    for i, (name, ys) in enumerate(series.items()):
        ax.plot(x[: len(ys)], ys, color=PALETTE[i % len(PALETTE)], linewidth=1.6, label=name)
    if band is not None:
        ax.fill_between(x[: len(band[0])], band[0], band[1], color=PALETTE[0], alpha=0.2, linewidth=0, label=band_label)
    for a, b in shade or []:
        ax.axvspan(a, b, color=PALETTE[1], alpha=0.18, linewidth=0)
    if hline is not None:
        ax.axhline(hline, color="#555555", linewidth=0.8)
    if logy:
        ax.set_yscale("log")
    else:
        thousands(ax, [v for ys in series.values() for v in ys])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate() if x and not isinstance(x[0], int | float) else None
    return fig


def stacked(categories: list[str], stacks: dict[str, list[float]], ylabel: str, percent: bool = True) -> Figure:
    """Stacked bars (ownership path by round): one bar per category, one colour per holder."""
    import numpy as np

    fig, ax = new()
    bottom = np.zeros(len(categories))
    for i, (name, vals) in enumerate(stacks.items()):
        v = np.asarray(vals, dtype=float) * (100 if percent else 1)
        ax.bar(categories, v, bottom=bottom, color=PALETTE[i % len(PALETTE)], label=name, width=0.6)
        bottom += v
    ax.set_ylabel(ylabel)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    ax.grid(axis="x", visible=False)
    return fig


def grouped(categories: list[str], groups: dict[str, list[float]], ylabel: str) -> Figure:
    """Grouped bars (exit waterfalls: payout per holder class at each exit value)."""
    import numpy as np

    fig, ax = new()
    k = max(len(groups), 1)
    width = 0.8 / k
    x = np.arange(len(categories))
    for i, (name, vals) in enumerate(groups.items()):
        ax.bar(x + (i - (k - 1) / 2) * width, vals, width, color=PALETTE[i % len(PALETTE)], label=name)
    ax.set_xticks(x)
    ax.set_xticklabels(categories)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", fontsize=8)
    ax.grid(axis="x", visible=False)
    return fig


def football(names: list[str], lows: list[float], highs: list[float], points: list[float | None],
             xlabel: str, marker: float | None = None, marker_label: str | None = None,
             band: tuple[float, float] | None = None) -> Figure:
    """A valuation football field: one horizontal range per method, its point value, an optional
    vertical line (last post-money) and a shaded synthesis range."""
    fig, ax = new(7.0, 0.45 * len(names) + 1.2)
    y = list(range(len(names)))
    if band is not None:
        ax.axvspan(band[0], band[1], color=PALETTE[2], alpha=0.2, linewidth=0)
    for i, (lo, hi) in enumerate(zip(lows, highs, strict=True)):
        ax.barh(i, hi - lo, left=lo, color=PALETTE[0], alpha=0.75, height=0.5)
        if points[i] is not None:
            ax.plot([points[i]], [i], marker="|", color="black", markersize=14)
    if marker is not None:
        ax.axvline(marker, color=PALETTE[1], linestyle="--", linewidth=1.2, label=marker_label)
        if marker_label:
            ax.legend(loc="best", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    return fig


def bars(names: list[str], values: list[float], ylabel: str, colors: list[str] | None = None, hline: float | None = None) -> Figure:
    fig, ax = new()
    ax.bar(names, values, color=colors or PALETTE[0], width=0.6)
    if hline is not None:
        ax.axhline(hline, color="#555555", linewidth=0.8)
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    return fig
