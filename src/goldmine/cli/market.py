"""``goldmine forecast``: fit a growth model to a dated series and forecast it (issues #4, #12).

The command loads the series (:func:`goldmine.io.series.load_series`) and an optional override of
``data/market.yaml``, builds :class:`~goldmine.pipeline.settings.ForecastSettings` from
``data/settings.yaml`` and the options given, calls :func:`goldmine.pipeline.market.run_forecast`
and prints its result (a table, or ``--json``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, err_console, escape, lang
from goldmine.datafiles import data_path
from goldmine.i18n import t
from goldmine.pipeline.settings import defaults as settings_defaults

if TYPE_CHECKING:
    from rich.table import Table

    from goldmine.cli.demo import DemoContext
    from goldmine.market import Forecast, HoldoutComparison, SeriesForecast

ORDER = 30
DEMO_SERIES = "market_demo_series.csv"
FORECAST = settings_defaults("forecast")   # the defaults the help texts state (data/settings.yaml, forecast)


def register(app: typer.Typer) -> None:
    app.command("forecast", help=t("market.cli.forecast.help"))(forecast)


def forecast(
    series: Annotated[Path, typer.Argument(help="CSV or Excel file with a date column and a value column.", show_default=False)],
    model: Annotated[str | None, typer.Option("--model", "-m", help=f"bass, logistic, exp (continuous) or exp-discrete (default {FORECAST['model']}: data/settings.yaml forecast.model).", show_default=False)] = None,
    horizon: Annotated[int | None, typer.Option("--horizon", "-n", help=f"Periods to forecast, at most 1,000 (default {FORECAST['horizon']}: data/settings.yaml forecast.horizon).", min=1, max=1000, show_default=False)] = None,
    column: Annotated[str | None, typer.Option("--column", help="Value column (default: the only numeric one).")] = None,
    date_column: Annotated[str | None, typer.Option("--date-column", help="Date column (default: date/month/year, else the first).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help=f"level: a stock (customers); flow: new adoption per period (sales, investment) (default {FORECAST['kind']}).", show_default=False)] = None,
    interval: Annotated[str | None, typer.Option("--interval", help=f"parametric (delta method) or bootstrap (residual) (default {FORECAST['interval']}).", show_default=False)] = None,
    level: Annotated[float | None, typer.Option("--level", help=f"Coverage of the prediction interval (default {FORECAST['level']}: data/settings.yaml forecast.level).", min=0.5, max=0.999, show_default=False)] = None,
    holdout: Annotated[int | None, typer.Option("--holdout", help=f"Also compare bass, logistic and exp on the last N points, 0: skip (default {FORECAST['holdout']}).", min=0, show_default=False)] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=f"Seed of the bootstrap (default {FORECAST['seed']}: data/settings.yaml forecast.seed).", min=0, show_default=False)] = None,
    config: Annotated[Path | None, typer.Option("--config", help="YAML or JSON file overriding data/market.yaml (Bass starting values, interval defaults).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/market.md).")] = False,
) -> None:
    """Fit a growth model and forecast with a prediction interval; optionally compare models on a holdout."""
    from goldmine.config import load_config
    from goldmine.io.series import load_series
    from goldmine.market import MARKET_FILE, MarketConfig, model_key
    from goldmine.pipeline.market import MIN_FORECAST_POINTS, run_forecast
    from goldmine.pipeline.settings import ForecastSettings

    settings = ForecastSettings.default().with_(model=model_key(model) if model is not None else None, horizon=horizon,
                                                kind=kind, interval=interval, level=level, holdout=holdout, seed=seed)
    cfg = load_config(MarketConfig, MARKET_FILE, override=config) if config is not None else None
    data = load_series(series, column=column, date_column=date_column, min_length=MIN_FORECAST_POINTS)
    status: AbstractContextManager[Any] = (err_console().status(t("market.cli.fitting", lang())) if settings.interval == "bootstrap"
                                           else nullcontext())
    with status:
        result = run_forecast(data, settings, config=cfg)
    if as_json:
        emit_json({"series": str(series), **result.to_dict()})
        return
    _print(result)


def _print(result: SeriesForecast) -> None:
    L = lang()
    c = console()
    c.print(escape(result.fit.summary(L)))
    c.print(_forecast_table(result.forecast, L))
    if result.holdout is not None:
        c.print(_holdout_table(result.holdout, L))


def _forecast_table(fc: Forecast, L: str) -> Table:
    from rich.table import Table

    table = Table(title=t("market.cli.forecast_title", L, model=t(f"market.model.{fc.model}", L), level=f"{fc.level:.0%}",
                          method=t(f"market.interval.{fc.interval_method}", L)))
    for col in ("market.cli.date", "market.cli.central", "market.cli.lower", "market.cli.upper"):
        table.add_column(t(col, L), justify="left" if col == "market.cli.date" else "right")
    for d, v, lo, hi in zip(fc.dates, fc.central, fc.lower, fc.upper, strict=True):
        table.add_row(d, f"{v:,.4g}", f"{lo:,.4g}", f"{hi:,.4g}")
    return table


def _holdout_table(comparison: HoldoutComparison, L: str) -> Table:
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


def demo_step(ctx: DemoContext) -> None:
    """Forecast the shipped demo series and every example's market.history; compare models on a holdout.

    Models, horizon, holdout and the minimum history are those of the market section
    (:class:`~goldmine.pipeline.settings.MarketSettings`, ``data/settings.yaml``).
    """
    import pandas as pd
    from rich.table import Table

    from goldmine.errors import GoldmineError
    from goldmine.io.series import load_series
    from goldmine.market import compare_holdout, get_model, history_series
    from goldmine.pipeline.settings import MarketSettings

    L = lang()
    s = MarketSettings.default()
    models = s.models
    demo = load_series(demo_series_path())
    series: dict[str, pd.Series] = {"demo-series": demo}
    for key, profile in ctx.profiles.items():
        if len(profile.market.history) >= s.min_history:
            h = history_series(profile)
            if not (len(h) == len(demo) and (h.to_numpy() == demo.to_numpy()).all()):
                series[key] = h
    comparison = compare_holdout(demo, s.holdout, models) if s.holdout else None
    table = Table(title=t("market.cli.demo_title", L, h=s.horizon))
    table.add_column(t("market.cli.example", L))
    for name in models:
        table.add_column(t(f"market.model.{name}", L), justify="right")
    results: dict[str, Any] = {"holdout_demo_series": comparison.to_dict() if comparison else None}
    for key, data in series.items():
        try:
            fits = {name: get_model(name).fit(data) for name in models}
        except GoldmineError as exc:
            console().print(f"[yellow]{escape(key)}: {escape(exc.message(L))}[/]")
            continue
        fcs = {name: f.forecast(s.horizon) for name, f in fits.items()}
        results[key] = {"fits": {n: f.to_dict() for n, f in fits.items()}, "forecasts": {n: fc.to_dict() for n, fc in fcs.items()}}
        table.add_row(key, *[f"{fcs[n].central[-1]:,.4g}" for n in models])
    console().print(table)
    if comparison is not None:
        console().print(_holdout_table(comparison, L))
    ctx.write_json("market", "forecasts.json", results, t("market.cli.demo_written", L))
