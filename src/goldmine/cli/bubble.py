"""``goldmine bubble``: PSY bubble tests on a series file, with episodes and a chart (issue #7).

    goldmine bubble SERIES.csv [--column NAME] [--ratio price/dividend] [--log] [--lags K]
                    [--cv table|mc|mc-exuber|wb] [--reps N] [--seed S] [--json] [--out DIR]

The command loads the series (:func:`goldmine.io.series.load_series`), builds the settings from
``data/settings.yaml`` (``bubble``, ``lppls``) with the options given, and calls the use cases of
:mod:`goldmine.pipeline.bubble`; charts come from :mod:`goldmine.report.charts.series`.

JSON keys (docs/bubble.md): adf, sadf, gsadf, critical_values, p_values, bsadf[], episodes[],
parameters, and ``lppls`` with ``--lppls``.  ``--out`` writes ``bubble_<name>.json`` and the chart ``bubble_<name>.png`` (series with
shaded episodes; BSADF against its critical-value line).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import (
    console,
    emit_json,
    escape,
    lang,
    out_dir,
    png_bytes,
    write_json_bytes,
)
from goldmine.i18n import t
from goldmine.model.limits import MAX_REPS, MAX_SEED

if TYPE_CHECKING:
    import pandas as pd

    from goldmine.bubble.analysis import BubbleReport
    from goldmine.cli.demo import DemoContext
    from goldmine.pipeline.settings import BubbleSettings

ORDER = 60


def register(app: typer.Typer) -> None:
    app.command("bubble", help=t("bubble.cli.help"))(bubble)


def bubble(
    series: Annotated[Path, typer.Argument(help="CSV or Excel file with a date column and one or more value columns.", show_default=False)],
    column: Annotated[str | None, typer.Option("--column", help="Value column (default: the only numeric column).")] = None,
    date_column: Annotated[str | None, typer.Option("--date-column", help="Date column (default: a column named date/month/..., else the first).")] = None,
    ratio: Annotated[str | None, typer.Option("--ratio", help="Test the ratio of two columns, e.g. price/dividend or 'Real Price/Real Dividend'.")] = None,
    log: Annotated[bool | None, typer.Option("--log/--no-log", help="Take natural logs first (values must be > 0). Default: no (data/settings.yaml bubble.log).", show_default=False)] = None,
    lags: Annotated[int | None, typer.Option("--lags", help="ADF lags (fixed; with --ic, the largest searched). Default 0 (data/bubble.yaml lags).")] = None,
    ic: Annotated[str | None, typer.Option("--ic", help="Lag choice in each window: fixed, aic or bic. Default fixed (data/settings.yaml bubble.ic).")] = None,
    window: Annotated[int | None, typer.Option("--window", help="Minimum window in observations (default floor(T(0.01+1.8/sqrt T))).")] = None,
    cv: Annotated[str | None, typer.Option("--cv", help="Critical values: table (shipped, the default), mc (PSY Monte Carlo), mc-exuber (exuber's SADF-type BSADF line), wb (Phillips-Shi wild bootstrap).")] = None,
    reps: Annotated[int | None, typer.Option("--reps", max=MAX_REPS, help="Replications for mc/wb, at most 100,000 (default 2000 / 999, data/bubble.yaml).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SEED, help="Random seed for mc/wb and --lppls, 0 to 2^63-1 (default 20251126, data/settings.yaml bubble.seed).")] = None,
    aggregate: Annotated[str | None, typer.Option("--aggregate", help="Aggregate daily data first: W (weekly) or M (monthly), last value.")] = None,
    significance: Annotated[int | None, typer.Option("--significance", help="Level of the dating critical value: 90, 95 or 99 (default 95).")] = None,
    delta: Annotated[float | None, typer.Option("--delta", help="Minimum episode duration delta*log(T) (default 1, data/bubble.yaml).")] = None,
    control: Annotated[int | None, typer.Option("--control", help="wb only: window ends over which the family-wise size is controlled (default 24).")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="Where replications run: auto (default), serial, processes[:N], dask://host:port.")] = None,
    lppls: Annotated[bool, typer.Option("--lppls", help="Add the LPPLS second opinion: nested-window confidence under the published filter of Sornette et al. (2015), in the table and in --json (slower).")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the JSON result and the chart PNG.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Run ADF/SADF/GSADF with critical values, p-values and PSY date-stamping on one series."""
    from goldmine.pipeline.settings import BubbleSettings

    settings = BubbleSettings.default().with_(log=log, lags=lags, ic=ic, window=window, cv=cv, reps=reps, seed=seed,
                                              significance=significance, delta=delta, control=control,
                                              backend=backend)
    data = load(series, column, date_column, ratio, aggregate)
    name = str(data.name)
    report = _run(data, settings, source=str(series), quiet=as_json)
    conf = None
    if lppls:
        from goldmine.pipeline.bubble import lppls_confidence

        conf = lppls_confidence(data, seed=settings.seed)
    payload = report.to_dict() if conf is None else {**report.to_dict(), "lppls": conf.to_dict()}
    if out is not None:
        from goldmine.io.files import write_all
        from goldmine.report.charts.series import bubble_chart

        folder = out_dir(out)
        stem = "bubble_" + _slug(name)
        # both files rendered first, then written all or none (a failure leaves no partial output)
        write_all([(folder / f"{stem}.json", write_json_bytes(payload)),
                   (folder / f"{stem}.png", png_bytes(bubble_chart(report, lang(), title=name)))])
    if as_json:
        emit_json(payload)
        return
    show(report, name)
    if conf is not None:
        console().print(escape(conf.summary(lang())))
    if out is not None:
        console().print(t("bubble.cli.chart_written", lang(), path=str(folder / f"{stem}.png")))


def load(path: Path, column: str | None, date_column: str | None, ratio: str | None, aggregate: str | None) -> pd.Series:
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


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    from goldmine.io.files import write_atomic

    write_atomic(path, write_json_bytes(payload))


def _run(data: pd.Series, settings: BubbleSettings, source: str, quiet: bool) -> BubbleReport:
    """The use case, with a progress bar while critical values are simulated (not with --json)."""
    from goldmine.pipeline.bubble import run_bubble

    if settings.cv not in ("mc", "mc-exuber", "wb") or quiet:
        return run_bubble(data, settings, source=source)
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from goldmine.bubble.config import bubble_config

    config = bubble_config()
    total = settings.reps or (config.wb_reps if settings.cv == "wb" else config.mc_reps).value
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), console=console(), transient=True) as bar:
        task = bar.add_task(t("bubble.cli.progress", lang()), total=total)
        return run_bubble(data, settings, source=source, on_done=lambda n: bar.advance(task, n))


def _fmt_p(p: float | None) -> str:
    if p is None:
        return "—"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower() or "series"


def show(report: BubbleReport, name: str) -> None:
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


def demo_step(ctx: DemoContext) -> None:
    """NASDAQ 1994-2000 (weekly, from the lppls package) and S&P 500 1999-2018 (monthly, arch): PSY with
    tabulated critical values (``goldmine bubble --log``); the LPPLS confidence on the NASDAQ with the
    windows of ``data/settings.yaml`` (``lppls``); JSON and a chart under ``ctx.out/bubble``."""
    from rich.table import Table

    from goldmine.bubble.series import aggregate
    from goldmine.io.demo_data import nasdaq_dotcom, sp500
    from goldmine.io.files import write_atomic
    from goldmine.pipeline.bubble import lppls_confidence, run_bubble
    from goldmine.report.charts.series import bubble_chart

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
        rep = run_bubble(data, log=True, cv="table", seed=ctx.seed)
        entry = rep.to_dict()
        lp_text = "—"
        if key.startswith("nasdaq"):
            conf = lppls_confidence(data, seed=ctx.seed)
            entry = {**entry, "lppls": conf.to_dict()}
            lp_text = f"{conf.confidence:.0%} tc {conf.tc}" if conf.tc is not None else f"{conf.confidence:.0%}"
            write_atomic(folder / f"{key}.png", png_bytes(bubble_chart(rep, L, title=label)))
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
    _write_json(path, results)
    ctx.wrote(t("bubble.demo.results", L), path)
