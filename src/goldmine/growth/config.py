"""``data/growth.yaml`` as a frozen, validated configuration (priors, persistence, measurement)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from goldmine.config import ConfigModel, Sourced, load_config

GROWTH_FILE = "growth.yaml"


class PriorAnchor(ConfigModel):
    """The annual growth of a typical company at one annual run rate: median and quartiles (fractions)."""

    arr_usd: float = Field(gt=0, allow_inf_nan=False)
    median: float = Field(gt=-1, allow_inf_nan=False)
    p25: float = Field(gt=-1, allow_inf_nan=False)
    p75: float = Field(gt=-1, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> PriorAnchor:
        if not self.p25 < self.median < self.p75:
            raise ValueError("expected p25 < median < p75")
        return self


class Priors(ConfigModel):
    source: str
    date: str | int | dt.date | None = None
    anchors: tuple[PriorAnchor, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _increasing(self) -> Priors:
        arr = [a.arr_usd for a in self.anchors]
        if arr != sorted(arr) or len(set(arr)) != len(arr):
            raise ValueError("expected anchors in increasing arr_usd")
        return self


class Persistence(ConfigModel):
    fast: Sourced[float]
    slow: Sourced[float]
    threshold: Sourced[float]

    @model_validator(mode="after")
    def _shares(self) -> Persistence:
        if not (0 < self.fast.value <= 1 and 0 < self.slow.value <= 1):
            raise ValueError("expected persistences between 0 and 1")
        return self


class Measurement(ConfigModel):
    window_months: Sourced[int]
    min_months: Sourced[int]
    full_months: Sourced[int]
    volatility_floor: Sourced[float]
    volatility_if_unknown: Sourced[float]
    prior_dominated_weight: Sourced[float]


class GrowthConfig(ConfigModel):
    priors: Priors
    persistence: Persistence
    measurement: Measurement

    @classmethod
    def shipped(cls) -> GrowthConfig:
        return load_config(cls, GROWTH_FILE)
