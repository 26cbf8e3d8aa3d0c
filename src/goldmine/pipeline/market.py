"""The use cases of ``goldmine forecast`` and of the market section of ``goldmine analyze`` (issue #12).

* :func:`run_forecast` — one growth model fitted to a dated series and its forecast (and the
  holdout comparison when asked): :class:`~goldmine.market.SeriesForecast`, what ``goldmine
  forecast --json`` prints (with the file name added by the CLI);
* :func:`market_section` — the market of a profile: :class:`~goldmine.market.MarketAnalysis`
  (sizes, CAGR, every model of :class:`MarketSettings` fitted to ``market.history``, their
  forecasts and holdout comparison).

Settings come from ``data/settings.yaml`` (``forecast``, ``market``).  Neither function prints or
reads a file: the caller loads the series or the profile.
"""

from __future__ import annotations

import pandas as pd

from goldmine.market import (
    MarketAnalysis,
    MarketConfig,
    SeriesForecast,
    analyze_market,
    forecast_series,
)
from goldmine.model import Startup
from goldmine.model.series import check_series
from goldmine.pipeline.settings import ForecastSettings, MarketSettings

__all__ = ["MIN_FORECAST_POINTS", "MarketAnalysis", "SeriesForecast", "market_section", "run_forecast"]

MIN_FORECAST_POINTS = 4   # the fewest points of a series `goldmine forecast` accepts (the exponential needs k + 2 = 4)


def run_forecast(series: pd.Series, settings: ForecastSettings | None = None, *,
                 config: MarketConfig | None = None) -> SeriesForecast:
    """Fit ``settings.model`` to ``series`` (checked: dated, increasing, finite, non-negative, at least
    four points), forecast ``settings.horizon`` periods; compare the models on the last
    ``settings.holdout`` points when > 0.  The seed is used by the bootstrap only."""
    s = settings or ForecastSettings.default()
    checked = check_series(series, min_length=MIN_FORECAST_POINTS)
    return forecast_series(checked, s.model, s.horizon, holdout=s.holdout, kind=s.kind, interval=s.interval, level=s.level,
                           seed=s.seed, config=config)


def market_section(profile: Startup, settings: MarketSettings | None = None, *,
                   config: MarketConfig | None = None) -> MarketAnalysis:
    """The market of ``profile`` with the models, horizon, holdout and minimum history of ``settings``."""
    s = settings or MarketSettings.default()
    return analyze_market(profile, s.models, s.horizon, holdout=s.holdout, min_history=s.min_history, config=config)
