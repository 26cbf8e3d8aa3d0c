"""Market analytics (issue #4): growth models, holdout comparison, market sizing, seed indicators.

* :mod:`goldmine.market.models` — exponential (continuous and discrete, the seed's D(t)), logistic
  and Bass diffusion behind one interface: ``fit(history) -> FittedGrowth``,
  ``forecast(horizon) -> Forecast`` (central path + parametric or bootstrap interval), ``summary()``.
* :mod:`goldmine.market.compare` — out-of-sample comparison on a holdout.
* :mod:`goldmine.market.sizing` — TAM/SAM/SOM top-down and bottom-up, CAGR, the seed's demand
  D(t) and competition pressure P(t) = N S / D.

Pure: series in, frozen results out.  Sources are cited in each module.
"""

from goldmine.market.compare import HoldoutComparison, ModelScore, compare_holdout
from goldmine.market.models import (
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
)
from goldmine.market.sizing import (
    MarketSize,
    PressurePath,
    bottom_up,
    cagr,
    competition_pressure,
    from_profile,
    pressure_path,
    seed_demand,
    top_down,
)

__all__ = [
    "MODELS", "BassDiffusion", "ExponentialGrowth", "FittedGrowth", "Forecast", "GrowthModel", "HoldoutComparison",
    "LogisticGrowth", "MarketSize", "ModelScore", "PressurePath", "bass_cdf", "bass_peak", "bottom_up", "cagr",
    "compare_holdout", "competition_pressure", "from_profile", "get_model", "pressure_path", "seed_demand", "top_down",
]
