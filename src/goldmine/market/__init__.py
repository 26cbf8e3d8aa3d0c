"""Market analytics (issue #4): growth models, holdout comparison, market sizing, seed indicators.

* :mod:`goldmine.market.models` — exponential (continuous and discrete, the seed's D(t)), logistic
  and Bass diffusion behind one interface: ``fit(history) -> FittedGrowth``,
  ``forecast(horizon) -> Forecast`` (central path + parametric or bootstrap interval), ``summary()``.
* :mod:`goldmine.market.compare` — out-of-sample comparison on a holdout.
* :mod:`goldmine.market.sizing` — TAM/SAM/SOM top-down and bottom-up, the seed's competition
  pressure path P(t) = N S / D of a profile (the formulas D(t), P(t) and the CAGR live in
  :mod:`goldmine.metrics`).
* :mod:`goldmine.market.analysis` — the typed results of ``goldmine forecast``
  (:class:`SeriesForecast`) and of the market section of ``goldmine analyze`` (:class:`MarketAnalysis`).
* :mod:`goldmine.market.config` — :class:`MarketConfig`, the defaults of ``data/market.yaml``.

Pure: series and profiles in, frozen results out; no file is read here.  Sources are cited in each module.
"""

from goldmine.market.analysis import (
    MarketAnalysis,
    SeriesForecast,
    analyze_market,
    forecast_series,
    history_series,
)
from goldmine.market.compare import HoldoutComparison, ModelScore, compare_holdout
from goldmine.market.config import MARKET_FILE, MarketConfig
from goldmine.market.models import (
    MODEL_NAMES,
    MODELS,
    BassDiffusion,
    ExponentialGrowth,
    FittedGrowth,
    Forecast,
    GrowthModel,
    LogisticGrowth,
    bass_cdf,
    bass_peak,
    get_model,
    model_key,
)
from goldmine.market.sizing import (
    MarketSize,
    PressurePath,
    bottom_up,
    from_profile,
    pressure_path,
    top_down,
)

__all__ = [
    "MARKET_FILE", "MODELS", "MODEL_NAMES", "BassDiffusion", "ExponentialGrowth", "FittedGrowth", "Forecast", "GrowthModel",
    "HoldoutComparison", "LogisticGrowth", "MarketAnalysis", "MarketConfig", "MarketSize", "ModelScore", "PressurePath",
    "SeriesForecast", "analyze_market", "bass_cdf", "bass_peak", "bottom_up", "compare_holdout", "forecast_series",
    "from_profile", "get_model", "history_series", "model_key", "pressure_path", "top_down",
]
