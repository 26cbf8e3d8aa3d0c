"""``goldmine bubble``: PSY bubble tests on a series file, with episodes and a chart (issue #7).

    goldmine bubble SERIES.csv [--column NAME] [--ratio price/dividend] [--log] [--lags K]
                    [--cv table|mc|mc-exuber|wb] [--reps N] [--seed S] [--json] [--out DIR]

JSON keys (docs/bubble.md): adf, sadf, gsadf, critical_values, p_values, bsadf[], episodes[],
parameters.  ``--out`` writes ``bubble_<name>.json`` and the chart ``bubble_<name>.png`` (series with
shaded episodes; BSADF against its critical-value line).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from goldmine.cli.common import console, emit_json, escape, lang, out_dir
from goldmine.i18n import t

ORDER = 60


def register(app: typer.Typer) -> None:
    app.command("bubble", help=t("bubble.cli.help"))(bubble)


def bubble(
    series: Annotated[Path, typer.Argument(help="CSV or Excel file with a date column and one or more value columns.", show_default=False)],
    column: Annotated[str | None, typer.Option("--column", help="Value column (default: the only numeric column).")] = None,
    date_column: Annotated[str | None, typer.Option("--date-column", help="Date column (default: a column named date/month/..., else the first).")] = None,
    ratio: Annotated[str | None, typer.Option("--ratio", help="Test the ratio of two columns, e.g. price/dividend or 'Real Price/Real Dividend'.")] = None,
    log: Annotated[bool, typer.Option("--log", help="Take natural logs first (values must be > 0).")] = False,
    lags: Annotated[int | None, typer.Option("--lags", help="ADF lags (fixed; with --ic, the largest searched). Default 0.")] = None,
    ic: Annotated[str, typer.Option("--ic", help="Lag choice in each window: fixed, aic or bic.")] = "fixed",
    window: Annotated[int | None, typer.Option("--window", help="Minimum window in observations (default floor(T(0.01+1.8/sqrt T))).")] = None,
    cv: Annotated[str, typer.Option("--cv", help="Critical values: table (shipped), mc (PSY Monte Carlo), mc-exuber (exuber's SADF-type BSADF line), wb (Phillips-Shi wild bootstrap).")] = "table",
    reps: Annotated[int | None, typer.Option("--reps", help="Replications for mc/wb (default 2000 / 999).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed for mc/wb.")] = None,
    aggregate: Annotated[str | None, typer.Option("--aggregate", help="Aggregate daily data first: W (weekly) or M (monthly), last value.")] = None,
    significance: Annotated[int, typer.Option("--significance", help="Level of the dating critical value: 90, 95 or 99.")] = 95,
    delta: Annotated[float | None, typer.Option("--delta", help="Minimum episode duration delta*log(T) (default 1).")] = None,
    control: Annotated[int | None, typer.Option("--control", help="wb only: window ends over which the family-wise size is controlled (default 24).")] = None,
    backend: Annotated[str, typer.Option("--backend", help="Where replications run: auto, serial, processes[:N], dask://host:port.")] = "auto",
    lppls: Annotated[bool, typer.Option("--lppls", help="Add the LPPLS second opinion (nested-window confidence; slower).")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the JSON result and the chart PNG.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Run ADF/SADF/GSADF with critical values, p-values and PSY date-stamping on one series."""
    from goldmine.bubble.analysis import CV_METHODS
    from goldmine.errors import InputError, Problem

    if cv not in CV_METHODS:
        raise InputError("--cv", [Problem("", "bubble.expected.cv", cv)])
    if ic not in ("fixed", "aic", "bic"):
        raise InputError("--ic", [Problem("", "expected.one_of", ic, params={"choices": "fixed, aic, bic"})])
    data = load(series, column, date_column, ratio, aggregate)
    name = str(data.name)
    report = _run(data, log=log, lags=lags, ic=None if ic == "fixed" else ic, window=window, cv=cv, reps=reps, seed=seed,
                  significance=significance, delta=delta, control=control, backend=backend, source=str(series),
                  quiet=as_json)
    conf = None
    if lppls:
        conf = _lppls(data, seed)
    payload = report.to_dict()
    if out is not None:
        folder = out_dir(out)
        stem = "bubble_" + _slug(name)
        import json

        from goldmine.jsonutil import to_jsonable

        extra = dict(payload)
        if conf is not None:
            extra = {**payload, "lppls": conf.to_dict()}
        (folder / f"{stem}.json").write_text(json.dumps(to_jsonable(extra), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        chart(report, folder / f"{stem}.png", title=name)
    if as_json:
        emit_json(payload)
        return
    show(report, name)
    if conf is not None:
        console().print(escape(conf.summary(lang())))
    if out is not None:
        console().print(t("bubble.cli.chart_written", lang(), path=str(folder / f"{stem}.png")))


def load(path: Path, column: str | None, date_column: str | None, ratio: str | None, aggregate: str | None):
    """Read the series (or the ratio of two columns) and aggregate it when asked."""
    from goldmine.bubble.series import aggregate as agg
    from goldmine.bubble.series import ratio as make_ratio
    from goldmine.errors import InputError, Problem
    from goldmine.io.series import load_series

    if ratio is not None:
        parts = [p.strip() for p in ratio.split("/")]
        if len(parts) != 2 or not all(parts):
            raise InputError("--ratio", [Problem("", "bubble.expected.ratio", ratio)])
        num = load_series(path, column=parts[0], date_column=date_column, allow_negative=True)
        den = load_series(path, column=parts[1], date_column=date_column, allow_negative=True)
        data = make_ratio(num, den, name=f"{parts[0]}/{parts[1]}")
    else:
        data = load_series(path, column=column, date_column=date_column, allow_negative=True)
    if aggregate is not None:
        data = agg(data, aggregate.upper())
    return data


def _run(data, quiet: bool, **kwargs):
    from goldmine.bubble import analyze

    if kwargs["cv"] not in ("mc", "mc-exuber", "wb") or quiet:
        return analyze(data, **kwargs)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from goldmine.bubble.analysis import defaults

    total = kwargs["reps"] or defaults()["wb_reps" if kwargs["cv"] == "wb" else "mc_reps"]
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), console=console(), transient=True) as bar:
        task = bar.add_task(t("bubble.cli.progress", lang()), total=total)
        return analyze(data, on_done=lambda n: bar.advance(task, n), **kwargs)


def _lppls(data, seed):
    from goldmine.bubble import lppls as lp

    values = data
    n = len(values)
    return lp.confidence(values, min_window=max(20, n // 6), max_window=max(40, n // 2), windows=10, seed=seed)


def _fmt_p(p: float | None) -> str:
    if p is None:
        return "—"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower() or "series"


def show(report, name: str) -> None:
    """Rich tables: statistics with critical values and p-values, the verdict, the episodes."""
    from rich.table import Table

    L = lang()
    c = console()
    s = report.stats
    table = Table(title=t("bubble.cli.stats_title", L, name=name, T=s.T, window=s.window, lags=s.lags, method=report.cv.method))
    for key in ("bubble.col.test", "bubble.col.stat", "bubble.col.cv90", "bubble.col.cv95", "bubble.col.cv99", "bubble.col.p"):
        table.add_column(t(key, L), justify="left" if key == "bubble.col.test" else "right")
    p = report.p_values()
    for label, key in (("ADF", "adf"), ("SADF", "sadf"), ("GSADF", "gsadf")):
        crit = getattr(report.cv, key)
        stat = getattr(s, key)
        mark = "[bold red]" if stat > crit[1] else ""
        table.add_row(label, f"{mark}{stat:.3f}", f"{crit[0]:.3f}", f"{crit[1]:.3f}", f"{crit[2]:.3f}",
                      _fmt_p(p[key]))
    c.print(table)
    c.print(f"[bold]{escape(t(report.verdict_key(), L))}[/]")
    for note in report.cv.notes_in(L):
        c.print(f"[dim]{t('bubble.cli.notes', L)}: {escape(note)}[/]")
    if not report.episodes:
        c.print(t("bubble.cli.no_episodes", L))
        return
    if not report.explosive:
        c.print(escape(t("bubble.summary.weak_episodes", L)))
    ep = Table(title=t("bubble.cli.episodes_title", L, L=report.min_duration))
    for key in ("bubble.col.start", "bubble.col.peak", "bubble.col.end", "bubble.col.duration", "bubble.col.peak_stat",
                "bubble.col.direction"):
        ep.add_column(t(key, L), justify="right" if key in ("bubble.col.duration", "bubble.col.peak_stat") else "left")
    for e in report.episodes:
        end = f"{e.end} ({t('bubble.ongoing', L)})" if e.ongoing else str(e.end)
        ep.add_row(str(e.start), str(e.peak), end, str(e.duration), f"{e.peak_stat:.3f}", t(f"bubble.direction.{e.direction}", L))
    c.print(ep)


def chart(report, path: Path, title: str = "") -> Path:
    """Two panels: the series with shaded episodes; BSADF against its critical-value line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    L = lang()
    font = _cjk_font() if L == "zh" else None
    if L == "zh" and font is None:
        L = "en"            # no CJK font installed: English labels rather than empty boxes
    if font is not None:
        matplotlib.rcParams["font.sans-serif"] = [font, *matplotlib.rcParams["font.sans-serif"]]
    series = report.series
    x = series.index
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    ax1.plot(x, series.to_numpy(), color="#1f4e79", lw=1.2)
    ax1.set_title(title)
    ax1.set_ylabel("log" if report.log else "")
    for e in report.episodes:
        ax1.axvspan(_x(x, e.start), _x(x, e.end), color="#e8a33d", alpha=0.35, lw=0)
        ax2.axvspan(_x(x, e.start), _x(x, e.end), color="#e8a33d", alpha=0.35, lw=0)
    ax1.legend([t("bubble.chart.series", L)], loc="upper left", frameon=False)
    d = report.dates
    ax2.plot(d, report.stats.bsadf, color="#1f4e79", lw=1.0, label=t("bubble.chart.bsadf", L))
    ax2.plot(d, report.cv_line, color="#c0392b", lw=1.0, ls="--", label=t("bubble.chart.cv", L, level=report.significance))
    ax2.axhline(0, color="grey", lw=0.5)
    ax2.legend(loc="upper left", frameon=False)
    ax2.set_ylim(bottom=min(-2.0, float(np.nanmin(report.stats.bsadf)) - 0.2))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")


def _cjk_font() -> str | None:
    """The first installed font that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in CJK_FONTS if n in names), None)


def _x(index, label):
    import pandas as pd

    return pd.Timestamp(label) if not isinstance(label, int | float) else index[int(label)]


def demo_step(ctx) -> None:
    """NASDAQ 1994-2000 (weekly, from the lppls package) and S&P 500 1999-2018 (monthly, arch): PSY with
    tabulated critical values; LPPLS confidence on the NASDAQ; JSON and a chart under ``ctx.out/bubble``."""
    import json

    from rich.table import Table

    from goldmine.bubble import analyze, lppls
    from goldmine.bubble.demo_data import nasdaq_dotcom, sp500
    from goldmine.bubble.series import aggregate
    from goldmine.jsonutil import to_jsonable

    L = lang()
    folder = out_dir(ctx.out / "bubble")
    runs = {
        "nasdaq_1994_2000_weekly": (t("bubble.demo.nasdaq", L), aggregate(nasdaq_dotcom(), "W")),
        "sp500_1999_2018_monthly": (t("bubble.demo.sp500", L), aggregate(sp500(), "M")),
    }
    table = Table(title=t("bubble.demo.title", L))
    for key in ("bubble.col.series", "GSADF", "bubble.col.cv95", "bubble.col.p", "bubble.col.episodes", "bubble.col.lppls"):
        table.add_column(t(key, L) if key.startswith("bubble.") else key, justify="left" if key == "bubble.col.series" else "right")
    results = {}
    for key, (label, data) in runs.items():
        rep = analyze(data, log=True, cv="table")
        entry = rep.to_dict()
        lp_text = "—"
        if key.startswith("nasdaq"):
            conf = lppls.confidence(data.iloc[-150:], min_window=60, max_window=150, windows=5, starts=5, seed=ctx.seed)
            entry = {**entry, "lppls": conf.to_dict()}
            lp_text = f"{conf.confidence:.0%} tc {conf.tc}" if conf.tc is not None else f"{conf.confidence:.0%}"
            chart(rep, folder / f"{key}.png", title=label)
            ctx.wrote(t("bubble.demo.chart", L), folder / f"{key}.png")
        results[key] = entry
        last = rep.episodes[-1] if rep.episodes else None
        eps = "—" if last is None else t("bubble.demo.last_episode", L, n=len(rep.episodes), start=last.start, end=last.end,
                                          direction=t(f"bubble.direction.{last.direction}", L)
                                          + (", " + t("bubble.ongoing", L) if last.ongoing else ""))
        table.add_row(label, f"{rep.stats.gsadf:.2f}", f"{rep.cv.level('gsadf'):.2f}",
                      _fmt_p(rep.p_values()["gsadf"]), eps, lp_text)
    console().print(table)
    path = folder / "bubble_demo.json"
    path.write_text(json.dumps(to_jsonable(results), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    ctx.wrote(t("bubble.demo.results", L), path)
