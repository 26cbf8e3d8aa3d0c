"""A forecast of one series, and the market analysis of a profile, as typed results (issues #4, #12).

* :func:`forecast_series` -> :class:`SeriesForecast` — one growth model fitted to a dated series,
  its forecast with a prediction interval and, optionally, the holdout comparison of the models
  (what ``goldmine forecast`` prints; its use case is :func:`goldmine.pipeline.market.run_forecast`);
* :func:`analyze_market` -> :class:`MarketAnalysis` — a profile's market: the stated sizes
  (TAM/SAM/SOM), the CAGR of its demand history (else of its stated growth rate), every growth
  model fitted to ``market.history`` with its forecast, and their holdout comparison (the market
  section of ``goldmine analyze``; its use case is :func:`goldmine.pipeline.market.market_section`);
* :func:`history_series` — ``market.history`` of a profile as a dated series, checked like a file.

The CAGR is :func:`goldmine.metrics.cagr` over the history's span in years (365.25 days); a stated
``growth_rate`` per month is annualised with discrete compounding, ``(1 + k)^12 - 1``
(:func:`goldmine.metrics.annualise`), as before.  Results hold numbers and ids only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from goldmine.jsonutil import to_jsonable
from goldmine.market.compare import HoldoutComparison, compare_holdout
from goldmine.market.config import MarketConfig
from goldmine.market.models import FittedGrowth, Forecast, get_model
from goldmine.market.sizing import MarketSize, from_profile
from goldmine.metrics import demand_growth
from goldmine.model import Startup
from goldmine.model.series import check_series
from goldmine.results import Result

CagrSource = Literal["history", "growth_rate"]


@dataclass(frozen=True)
class SeriesForecast(Result):
    """One model fitted to a series, its forecast and (optionally) the holdout comparison of the models."""

    column: str | None
    n_obs: int
    fit: FittedGrowth
    forecast: Forecast
    holdout: HoldoutComparison | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable({"column": self.column, "n_obs": self.n_obs, "fit": self.fit.to_dict(),
                                           "forecast": self.forecast.to_dict(),
                                           "holdout": self.holdout.to_dict() if self.holdout else None})
        return out

    def summary(self, lang: str | None = None) -> str:
        parts = [self.fit.summary(lang), self.forecast.summary(lang)]
        if self.holdout is not None:
            parts.append(self.holdout.summary(lang))
        return "\n".join(parts)


def forecast_series(series: pd.Series, model: str, horizon: int, *, holdout: int = 0, kind: str = "level",
                    interval: str = "parametric", level: float | None = None, seed: int | None = 0,
                    config: MarketConfig | None = None) -> SeriesForecast:
    """Fit ``model`` to ``series``, forecast ``horizon`` periods; with ``holdout`` > 0 also compare
    bass, logistic and exp on the last ``holdout`` points (:func:`compare_holdout`)."""
    fitted = get_model(model, kind=kind, interval=interval, level=level, seed=seed, config=config).fit(series)
    fc = fitted.forecast(horizon)
    comparison = compare_holdout(series, holdout, kind=kind, interval=interval, level=level, seed=seed, config=config) \
        if holdout else None
    return SeriesForecast(None if series.name is None else str(series.name), len(series), fitted, fc, comparison)


@dataclass(frozen=True)
class MarketAnalysis(Result):
    """A profile's market: sizes, CAGR, growth models fitted to its demand history and their forecasts.

    ``history`` is the dated demand series (``None`` when the profile has fewer than ``min_history``
    points: then ``fits`` and ``forecasts`` are empty and ``holdout`` is ``None``); ``cagr_source``
    says whether the CAGR comes from the history or from the stated ``growth_rate``.
    """

    demand_unit: str | None
    size: MarketSize
    history: pd.Series | None = field(compare=False)
    cagr: float | None
    cagr_source: CagrSource | None
    horizon: int
    fits: dict[str, FittedGrowth]
    forecasts: dict[str, Forecast]
    holdout: HoldoutComparison | None

    def to_dict(self) -> dict[str, Any]:
        """The keys of the market section of ``goldmine analyze --json`` (docs/market.md)."""
        h = self.history
        history = None if h is None else {"dates": [d.date().isoformat() for d in pd.DatetimeIndex(h.index)],
                                          "values": [float(v) for v in h.to_numpy()]}
        out: dict[str, Any] = to_jsonable({
            "demand_unit": self.demand_unit, "size": self.size.to_dict(),
            "models": {n: {"fit": f.to_dict(), "forecast": self.forecasts[n].to_dict()} for n, f in self.fits.items()},
            "holdout": self.holdout.to_dict() if self.holdout else None, "history": history, "cagr": self.cagr,
            "cagr_source": self.cagr_source, "horizon": self.horizon})
        return out

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = [self.size.summary(lang)]
        if self.cagr is not None and self.history is not None:
            h = pd.DatetimeIndex(self.history.index)
            years = (h[-1] - h[0]).days / 365.25
            lines.append(t("market.cagr", lang, cagr=f"{self.cagr:.1%}", years=f"{years:.1f}"))
        for name, fc in self.forecasts.items():
            lines.append(f"{t(f'market.model.{name}', lang)}: {fc.central[-1]:,.4g} ({fc.dates[-1]})")
        if self.holdout is not None:
            lines.append(self.holdout.summary(lang))
        return "\n".join(lines)


def history_series(profile: Startup) -> pd.Series:
    """The profile's ``market.history`` as a dated series, checked (what ``goldmine forecast`` reads from a file)."""
    h = profile.market.history
    s = pd.Series([x.value for x in h], index=pd.DatetimeIndex([pd.Timestamp(x.date) for x in h]), name="demand")
    return check_series(s, source=f"{profile.id}: market.history")


def analyze_market(profile: Startup, models: Sequence[str], horizon: int, *, holdout: int, min_history: int,
                   config: MarketConfig | None = None) -> MarketAnalysis:
    """The market of a profile (see the module docstring).

    With at least ``min_history`` points of ``market.history``: each of ``models`` fitted and
    forecast ``horizon`` periods, and, when ``holdout`` > 0 leaves ``min_history`` points to fit, the
    holdout comparison of ``models``.
    """
    m = profile.market
    size = from_profile(profile)
    fits: dict[str, FittedGrowth] = {}
    forecasts: dict[str, Forecast] = {}
    comparison: HoldoutComparison | None = None
    series: pd.Series | None = None
    rate: float | None = None
    source: CagrSource | None = None
    rate, source = demand_growth(m.history, m.growth_rate, m.growth_period, min_history)   # the one home (metrics)
    if len(m.history) >= min_history:
        series = history_series(profile)
        for name in models:
            fitted = get_model(name, config=config).fit(series)
            fits[name], forecasts[name] = fitted, fitted.forecast(horizon)
        if holdout and len(series) - holdout >= min_history:
            comparison = compare_holdout(series, holdout, tuple(models), config=config)
    return MarketAnalysis(m.demand_unit, size, series, rate, source, horizon, fits, forecasts, comparison)
