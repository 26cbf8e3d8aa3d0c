"""Out-of-sample comparison of growth models on a holdout (issue #4).

:func:`compare_holdout` fits every model on all but the last ``holdout`` observations, forecasts
those, and scores each model by

* RMSE = sqrt(mean((ŷ - y)²)), and
* MAPE = mean(|ŷ - y| / |y|) (Hyndman and Koehler 2006, Int. J. Forecasting 22(4); undefined
  where y = 0, which is then left out),
* the error of the last held-out point, and whether it fell inside the prediction interval.

The ranking is by RMSE.  A model without a ceiling (the exponential) keeps compounding; the
comparison shows how far that goes once growth slows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.jsonutil import to_jsonable
from goldmine.market.config import MarketConfig
from goldmine.results import Result


@dataclass(frozen=True)
class ModelScore(Result):
    model: str
    rmse: float
    mape: float | None
    last_forecast: float
    last_actual: float
    last_error_pct: float | None
    last_inside_interval: bool
    ceiling: float | None
    forecast: list[float]
    lower: list[float]
    upper: list[float]
    params: dict[str, float]
    stable: bool


@dataclass(frozen=True)
class HoldoutComparison(Result):
    """Scores of each model on the held-out tail of a series, best (lowest RMSE) first."""

    kind: str
    train_start: str
    train_end: str
    test_dates: list[str]
    actual: list[float]
    scores: list[ModelScore]
    interval_method: str
    level: float

    @property
    def best(self) -> str:
        return self.scores[0].model

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable({"kind": self.kind, "train_start": self.train_start, "train_end": self.train_end,
                                           "test_dates": self.test_dates, "actual": self.actual, "best": self.best,
                                           "interval": {"method": self.interval_method, "level": self.level},
                                           "scores": [s.to_dict() for s in self.scores]})
        return out

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = [t("market.holdout.heading", lang, start=self.train_start, end=self.train_end, n=len(self.test_dates))]
        for s in self.scores:
            ceiling = f"{s.ceiling:,.4g}" if s.ceiling is not None else t("market.holdout.none", lang)
            mape = f"{s.mape:.1%}" if s.mape is not None else "—"
            lines.append("  " + t("market.holdout.row", lang, model=t(f"market.model.{s.model}", lang), rmse=f"{s.rmse:,.4g}",
                                  mape=mape, last=f"{s.last_forecast:,.4g}", actual=f"{s.last_actual:,.4g}", ceiling=ceiling))
        if any(s.ceiling is None for s in self.scores):
            lines.append("  " + t("market.holdout.exp_note", lang))
        return "\n".join(lines)


def compare_holdout(series: pd.Series, holdout: int, models: Sequence[str] = ("bass", "logistic", "exp"), *,
                    kind: str = "level", interval: str = "parametric", level: float | None = None, seed: int | None = 0,
                    config: MarketConfig | None = None) -> HoldoutComparison:
    """Fit each model on ``series[:-holdout]``, forecast the last ``holdout`` points, score them.

    ``level`` defaults to the configuration's ``fit.level`` (0.9).
    """
    from goldmine.market.models import get_model

    cfg = config or MarketConfig.shipped()
    level = cfg.fit.level.value if level is None else level
    # every model needs (parameters + 2) points to fit: say so here, not as "the bass model ... found 3"
    # when the user asked for another model and a long holdout
    need = max(len(get_model(name, kind=kind, config=cfg).param_names) + 2 for name in models)
    if holdout < 1 or len(series) - holdout < need:
        raise AnalysisError("market.error.holdout_too_short", path="holdout", need=need, models=list(models), holdout=holdout,
                            n=len(series))
    train, test = series.iloc[:-holdout], series.iloc[-holdout:]
    actual = test.to_numpy(dtype="float64")
    scores = []
    for name in models:
        fitted = get_model(name, kind=kind, interval=interval, level=level, seed=seed, config=cfg).fit(train)
        fc = fitted.forecast(holdout)
        pred = np.asarray(fc.central)
        err = pred - actual
        nz = actual != 0
        mape = float(np.mean(np.abs(err[nz]) / np.abs(actual[nz]))) if nz.any() else None
        last_err = float(err[-1] / actual[-1]) if actual[-1] != 0 else None
        scores.append(ModelScore(
            model=fitted.model, rmse=float(np.sqrt(np.mean(err ** 2))), mape=mape, last_forecast=float(pred[-1]),
            last_actual=float(actual[-1]), last_error_pct=last_err,
            last_inside_interval=bool(fc.lower[-1] <= actual[-1] <= fc.upper[-1]), ceiling=fitted.ceiling,
            forecast=pred.tolist(), lower=list(fc.lower), upper=list(fc.upper), params=fitted.params, stable=fitted.stable))
    scores.sort(key=lambda s: s.rmse)
    fmt = "%Y-%m-%d"
    train_dates, test_dates = pd.DatetimeIndex(train.index), pd.DatetimeIndex(test.index)
    return HoldoutComparison(kind, train_dates[0].strftime(fmt), train_dates[-1].strftime(fmt),
                             [d.strftime(fmt) for d in test_dates], actual.tolist(), scores, interval, level)
