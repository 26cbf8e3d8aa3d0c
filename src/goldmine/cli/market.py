"""``goldmine forecast``: fit a growth model to a dated series and forecast it (issue #4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from goldmine.cli.common import console, emit_json, err_console, escape, lang
from goldmine.datafiles import data_path
from goldmine.i18n import t

ORDER = 30
DEMO_SERIES = "market_demo_series.csv"


def register(app: typer.Typer) -> None:
    app.command("forecast", help=t("market.cli.forecast.help"))(forecast)


def forecast(
    series: Annotated[Path, typer.Argument(help="CSV or Excel file with a date column and a value column.", show_default=False)],
    model: Annotated[str, typer.Option("--model", "-m", help="bass, logistic, exp (continuous) or exp-discrete.")] = "bass",
    horizon: Annotated[int, typer.Option("--horizon", "-n", help="Periods to forecast (at most 1,000).", min=1, max=1000)] = 12,
    column: Annotated[str | None, typer.Option("--column", help="Value column (default: the only numeric one).")] = None,
    date_column: Annotated[str | None, typer.Option("--date-column", help="Date column (default: date/month/year, else the first).")] = None,
    kind: Annotated[str, typer.Option("--kind", help="level: a stock (customers); flow: new adoption per period (sales, investment).")] = "level",
    interval: Annotated[str, typer.Option("--interval", help="parametric (delta method) or bootstrap (residual).")] = "parametric",
    level: Annotated[float, typer.Option("--level", help="Coverage of the prediction interval.", min=0.5, max=0.999)] = 0.9,
    holdout: Annotated[int, typer.Option("--holdout", help="Also compare bass, logistic and exp on the last N points (0: skip).", min=0)] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Fit a growth model and forecast with a prediction interval; optionally compare models on a holdout."""
    from goldmine.io.series import load_series
    from goldmine.market import compare_holdout, get_model

    data = load_series(series, column=column, date_column=date_column, min_length=4)
    with err_console().status(t("market.cli.fitting", lang())) if interval == "bootstrap" else _null():
        fitted = get_model(model, kind=kind, interval=interval, level=level, seed=seed).fit(data)
        fc = fitted.forecast(horizon)
        comparison = compare_holdout(data, holdout, kind=kind, interval=interval, level=level, seed=seed) if holdout else None
    if as_json:
        emit_json({"series": str(series), "column": data.name, "n_obs": len(data), "fit": fitted.to_dict(), "forecast": fc.to_dict(),
                   "holdout": comparison.to_dict() if comparison else None})
        return
    _print(fitted, fc, comparison)


def _null():
    from contextlib import nullcontext

    return nullcontext()


def _print(fitted, fc, comparison) -> None:
    from rich.table import Table

    L = lang()
    c = console()
    c.print(escape(fitted.summary(L)))
    table = Table(title=t("market.cli.forecast_title", L, model=t(f"market.model.{fitted.model}", L), level=f"{fc.level:.0%}",
                          method=t(f"market.interval.{fc.interval_method}", L)))
    for col in ("market.cli.date", "market.cli.central", "market.cli.lower", "market.cli.upper"):
        table.add_column(t(col, L), justify="left" if col == "market.cli.date" else "right")
    for d, v, lo, hi in zip(fc.dates, fc.central, fc.lower, fc.upper, strict=True):
        table.add_row(d, f"{v:,.4g}", f"{lo:,.4g}", f"{hi:,.4g}")
    c.print(table)
    if comparison is not None:
        c.print(_holdout_table(comparison, L))


def _holdout_table(comparison, L: str):
    from rich.table import Table

    table = Table(title=t("market.cli.holdout_title", L, start=comparison.train_start, end=comparison.train_end))
    for col in ("market.cli.model", "market.cli.rmse", "market.cli.mape", "market.cli.last", "market.cli.actual", "market.cli.ceiling"):
        table.add_column(t(col, L), justify="left" if col == "market.cli.model" else "right")
    for s in comparison.scores:
        table.add_row(t(f"market.model.{s.model}", L), f"{s.rmse:,.4g}", f"{s.mape:.1%}" if s.mape is not None else "—",
                      f"{s.last_forecast:,.4g}", f"{s.last_actual:,.4g}",
                      f"{s.ceiling:,.4g}" if s.ceiling is not None else t("market.holdout.none", L))
    return table


def demo_series_path() -> Path:
    """The demo series shipped in the package (fictional: Lingxi CX's paying merchants)."""
    return Path(str(data_path(DEMO_SERIES)))


def demo_step(ctx) -> None:
    """Forecast the shipped demo series and every example's market.history; compare models on a holdout."""
    import pandas as pd
    from rich.table import Table

    from goldmine.errors import GoldmineError
    from goldmine.io.series import check_series, load_series
    from goldmine.market import compare_holdout, get_model

    L = lang()
    horizon, holdout = 12, 2
    demo = load_series(demo_series_path())
    series = {"demo-series": demo}
    for key, profile in ctx.profiles.items():
        hist = profile.market.history
        if len(hist) >= 6:
            s = pd.Series([h.value for h in hist], index=pd.DatetimeIndex([pd.Timestamp(h.date) for h in hist]), name="demand")
            if not (len(s) == len(demo) and (s.to_numpy() == demo.to_numpy()).all()):
                series[key] = check_series(s, source=key)
    comparison = compare_holdout(demo, holdout)
    table = Table(title=t("market.cli.demo_title", L, h=horizon))
    table.add_column(t("market.cli.example", L))
    for name in ("bass", "logistic", "exp"):
        table.add_column(t(f"market.model.{name}", L), justify="right")
    results: dict = {"holdout_demo_series": comparison.to_dict()}
    for key, s in series.items():
        try:
            fits = {name: get_model(name).fit(s) for name in ("bass", "logistic", "exp")}
        except GoldmineError as exc:
            console().print(f"[yellow]{escape(key)}: {escape(exc.message(L))}[/]")
            continue
        fcs = {name: f.forecast(horizon) for name, f in fits.items()}
        results[key] = {"fits": {n: f.to_dict() for n, f in fits.items()}, "forecasts": {n: fc.to_dict() for n, fc in fcs.items()}}
        table.add_row(key, *[f"{fcs[n].central[-1]:,.4g}" for n in ("bass", "logistic", "exp")])
    console().print(table)
    console().print(_holdout_table(comparison, L))
    ctx.write_json("market", "forecasts.json", results, t("market.cli.demo_written", L))
