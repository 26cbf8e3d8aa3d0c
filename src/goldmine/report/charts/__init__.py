"""Charts of the reports, drawn with matplotlib (Agg) and embedded inline as PNG (a base64 data URI
in HTML, an image in PDF); :func:`to_svg` gives SVG on request.

Nothing is fetched: the image lives inside the file.  PNG and SVG carry no date or software stamp
(SVG text is converted to paths, ``svg.hashsalt`` fixed), so the same inputs give the same bytes.

Chart text uses the report's language when matplotlib has a font that covers Chinese (e.g. Noto
Sans CJK, WenQuanYi, SimHei); otherwise the labels are English and the report's caption, in the
report's language, says what the chart shows.  Every chart function takes plain lists and numbers.

Print and chart quality (issue #16), applied to every chart by :func:`drawn` (which
:class:`goldmine.report.document.Figure` calls), whoever built it:

* :func:`finish` — a level (all values of the axis at or above zero: revenue, cash, demand) is drawn
  from zero; an interval band that would swamp its central line (reaching more than
  :data:`SWAMP` times the central line's span beyond it) is clipped at the plot's edge and a note in
  the chart says so; in a Chinese report every label, legend entry and category goes through the
  glossary (:func:`goldmine.i18n.localize_name`, :func:`goldmine.i18n.zh_text`): ``Series A``
  -> ``A 轮``, ``Employee options (granted)`` -> ``员工期权（已授予）``;
* :func:`holder_colours` — one colour per holder name, the same in every chart of every report
  (a stable hash of the name into :data:`HOLDER_PALETTE`; the option pool always grey);
* :func:`money_axis` — amounts in the units the tables use (``万元``, ``亿美元``; ``CNY (M)``), and an
  axis labelled with a bare currency code is scaled the same way (:func:`lines`);
* :func:`texts` — every text a reader sees in a drawn chart (title, axis labels, tick labels,
  legend, notes), for the tests.
"""

from __future__ import annotations

import contextvars
import io
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c7c5b"]
# Holders: distinct colours without grey, which is the option pool's (:func:`holder_colours`).
HOLDER_PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#2c7c5b", "#d4a017",
                  "#b05f9e", "#5a8fd6", "#8c564b", "#17becf"]
POOL_COLOUR = "#b3b3b3"
SWAMP = 2.0  # a band reaching beyond its central line by more than SWAMP x the line's span is clipped
_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("goldmine_chart_lang", default="en")
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
    """Divisor and axis label for amounts, in the units the report's tables use: ``万元`` / ``亿元``
    (``万美元``...) when the chart is drawn in Chinese (tables print ``950 万元``, so an axis in
    millions would not match), ``CNY (k)`` / ``CNY (M)`` otherwise."""
    from goldmine.i18n import money_unit_zh

    nums = [abs(float(v)) for v in values if isinstance(v, int | float) and not isinstance(v, bool) and v == v]
    top = max(nums, default=0.0)
    if chart_lang(lang) == "zh":
        scale = 1e8 if top >= 1e8 else 1e4 if top >= 1e4 else 1.0
        return scale, money_unit_zh(currency, scale)
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
    """Several lines over a shared x; an optional interval band, shaded spans (episodes), a level.
    A ``ylabel`` that is a bare currency code (``CNY``) is an amount: the values are scaled to the
    units of the tables (:func:`money_axis`) and the label says the unit."""
    from goldmine.i18n import CURRENCY_SYMBOLS

    if ylabel in CURRENCY_SYMBOLS:
        div, ylabel = money_axis([v for ys in series.values() for v in ys if v is not None], ylabel, _LANG.get())
        series = {k: [None if v is None else v / div for v in ys] for k, ys in series.items()}
        if band is not None:
            band = ([v / div for v in band[0]], [v / div for v in band[1]])
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
    colours = holder_colours(list(stacks))
    for name, vals in stacks.items():
        v = np.asarray(vals, dtype=float) * (100 if percent else 1)
        ax.bar(categories, v, bottom=bottom, color=colours[name], label=name, width=0.6)
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
    colours = holder_colours(list(groups))
    for i, (name, vals) in enumerate(groups.items()):
        ax.bar(x + (i - (k - 1) / 2) * width, vals, width, color=colours[name], label=name)
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
    if min([*lows, *([marker] if marker is not None else [])], default=0.0) >= 0:
        ax.set_xlim(left=0)  # a valuation is a level: its axis starts at zero
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


# ------------------------------------------------------------------- colours, finishing, texts
def _is_pool(name: str) -> bool:
    from goldmine.i18n import t

    low = name.lower()
    return "option pool" in low or "期权池" in name or name in (t("report.captable.pool", "en"), t("report.captable.pool", "zh"))


def holder_colours(names: Sequence[str]) -> dict[str, str]:
    """One colour per holder, the same in every chart: each name's preferred colour is a stable hash
    (CRC-32) of the name into :data:`HOLDER_PALETTE`; when two names of one chart want the same
    colour, the one with the smaller hash keeps it and the other takes the next free colour.  The
    option pool is always :data:`POOL_COLOUR`, so a chart without it colours the others alike."""
    out: dict[str, str] = {n: POOL_COLOUR for n in names if _is_pool(n)}
    taken: set[int] = set()
    k = len(HOLDER_PALETTE)
    for name in sorted((n for n in names if n not in out), key=lambda n: (zlib.crc32(n.strip().lower().encode()), n)):
        slot = zlib.crc32(name.strip().lower().encode()) % k
        for step in range(k):
            if (slot + step) % k not in taken or len(taken) >= k:
                slot = (slot + step) % k
                break
        taken.add(slot)
        out[name] = HOLDER_PALETTE[slot]
    return out


@contextmanager
def drawing(lang: str) -> Iterator[None]:
    """Chart functions called inside draw for a report in ``lang`` (money axes in its units)."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def drawn(draw: Callable[[], Figure], lang: str) -> Figure:
    """``draw()`` for a report in ``lang``, then :func:`finish`: what every report chart goes through."""
    with drawing(lang):
        fig = draw()
        finish(fig, lang)
    return fig


def _finite(values: Any) -> list[float]:
    import numpy as np

    try:
        arr = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        return []
    return [float(v) for v in arr[np.isfinite(arr)]]


def _extents(ax: Any) -> tuple[list[float], list[float], list[float]]:
    """(central lines' y values, reference levels' y values, interval bands' y values) of ``ax``."""
    from matplotlib.collections import PolyCollection

    central: list[float] = []
    levels: list[float] = []
    for line in ax.get_lines():
        ys = _finite(line.get_ydata())
        if len(ys) >= 2 and max(ys) > min(ys):
            central += ys
        else:
            levels += ys
    bands: list[float] = []
    for coll in ax.collections:
        if isinstance(coll, PolyCollection):
            for path in coll.get_paths():
                verts: Any = path.vertices
                bands += _finite(verts[:, 1])
    return central, levels, bands


def _fmt_level(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def finish(fig: Figure, lang: str) -> None:
    """Print quality of a drawn chart (module docstring): levels from zero, swamping bands clipped
    with a note, and in Chinese every text through the glossary."""
    for ax in fig.axes:
        if ax.name != "rectilinear" or ax.get_yscale() != "linear":
            continue
        central, levels, bands = _extents(ax)
        data = central + levels + bands
        if not central or not data:
            continue
        if min(data) >= 0:
            ax.set_ylim(bottom=0)  # a level (revenue, cash, demand) is drawn from zero
        _clip_bands(ax, central, levels, bands, lang)
    if lang == "zh" and chart_lang("zh") == "zh":
        localize_figure(fig)


def _clip_bands(ax: Any, central: list[float], levels: list[float], bands: list[float], lang: str) -> None:
    """Clip an interval band that reaches beyond its central line (and the chart's reference levels,
    zero for a level) by more than :data:`SWAMP` times their span, and say so in the chart."""
    if not bands:
        return
    ref = central + levels + ([0.0] if min(central + levels + bands) >= 0 else [])
    lo, hi = min(ref), max(ref)
    span = hi - lo
    if span <= 0:
        return
    top, bottom = hi + SWAMP * span, lo - SWAMP * span
    clipped = []
    if max(bands) > top:
        ax.set_ylim(top=top + 0.02 * span)
        clipped.append(label("report.chart.clipped_top", lang, value=_fmt_level(top)))
    if min(bands) < bottom:
        ax.set_ylim(bottom=bottom - 0.02 * span)
        clipped.append(label("report.chart.clipped_bottom", lang, value=_fmt_level(bottom)))
    if clipped:
        ax.text(0.99, 0.98, "; ".join(clipped) if chart_lang(lang) != "zh" else "；".join(clipped),
                transform=ax.transAxes, ha="right", va="top", fontsize=7, color="#5b6875")


def _zh(text: str) -> str:
    from goldmine.i18n import localize_name, localize_phrases, zh_text

    if not text or text.startswith("$"):
        return text
    return zh_text(localize_phrases(localize_name(text, "zh"), "zh"))


def localize_figure(fig: Figure) -> None:
    """Every text of a drawn chart through the glossary in Chinese: titles, axis labels, legend
    entries, category tick labels (fixed or categorical formatters) and free texts."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter

    fig.canvas.draw()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, FixedFormatter) or type(fmt).__name__ == "StrCategoryFormatter":
                ticks = list(axis.get_majorticklocs())
                names = [t.get_text() for t in axis.get_majorticklabels()]
                axis.set_ticks(ticks)
                axis.set_ticklabels([_zh(n) for n in names])
        legend = ax.get_legend()
        if legend is not None:
            for t in legend.get_texts():
                t.set_text(_zh(t.get_text()))
    for t in fig.findobj(Text):
        s = t.get_text()
        if s and not s.startswith("$"):
            t.set_text(_zh(s))


def texts(fig: Figure) -> list[str]:
    """Every visible text of a drawn chart (title, axis labels, tick labels, legend, notes)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
