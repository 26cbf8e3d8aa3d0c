"""``data/deal.yaml`` as a frozen, validated configuration (issue #14; DESIGN.md §3.1).

Every prior of the deal engine with its source and date: the ladder of future rounds, the graduation
to Series D and the strength of selection on growth, the time between later rounds, the dilution and
step-up of future rounds (Carta), what happens to a company that stalls (CB Insights), the IPO bar
(Bessemer), the exit multiples (Mergermarket via SaaSRise; Meritech), the default terms of SAFEs
and notes, the generic seed deal of the calibration, and the sensitivity grid.  Priors that
:mod:`goldmine.finance` already holds (graduation seed to C, months from seed to A and A to B, the
dispersion of the gaps) are read from ``data/finance.yaml`` through
:class:`goldmine.finance.config.FinanceConfig`, so the runway and the deal use the same numbers.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from goldmine.config import ConfigModel, Sourced, load_config

DEAL_FILE = "deal.yaml"
STAGES = ("seed", "series_a", "series_b", "series_c", "series_d")


class Ladder(ConfigModel):
    stages: tuple[str, ...] = Field(min_length=2)
    source: str
    date: str | int | dt.date | None = None

    @model_validator(mode="after")
    def _known(self) -> Ladder:
        if self.stages != STAGES:
            raise ValueError(f"expected the stages {', '.join(STAGES)}")
        return self


class Graduation(ConfigModel):
    series_d: Sourced[float]
    selection: Sourced[float]

    @model_validator(mode="after")
    def _ranges(self) -> Graduation:
        if not 0 < self.series_d.value < 1:
            raise ValueError("expected series_d between 0 and 1")
        if not 0 <= self.selection.value < 1:
            raise ValueError("expected a selection correlation in [0, 1)")
        return self


class MonthsBetween(ConfigModel):
    later: Sourced[float]


class ByStage(ConfigModel):
    seed: float = Field(gt=0, lt=1)
    series_a: float = Field(gt=0, lt=1)
    series_b: float = Field(gt=0, lt=1)
    series_c: float = Field(gt=0, lt=1)
    series_d: float = Field(gt=0, lt=1)

    def of(self, stage: str) -> float:
        value: float = getattr(self, stage)
        return value


class StepUps(ConfigModel):
    series_a: float = Field(gt=0)
    series_b: float = Field(gt=0)
    series_c: float = Field(gt=0)
    series_d: float = Field(gt=0)

    def of(self, stage: str) -> float:
        value: float = getattr(self, stage)
        return value


class Rounds(ConfigModel):
    source: str
    date: str | int | dt.date | None = None
    dilution: ByStage
    step_up: StepUps
    terms: Sourced[str]


class Outcomes(ConfigModel):
    acquired_if_stalled: Sourced[float]
    lives_on_if_stalled: Sourced[float]
    ipo_min_arr_usd: Sourced[float]
    horizon_months: Sourced[int]


class Multiple(ConfigModel):
    median: Sourced[float]
    log_sd: Sourced[float]


class Multiples(ConfigModel):
    acquisition: Multiple
    ipo: Multiple


class Terms(ConfigModel):
    safe_discount: Sourced[float]
    note_discount: Sourced[float]
    note_interest: Sourced[float]
    note_months: Sourced[int]


class GenericSeed(ConfigModel):
    source: str
    date: str | int | dt.date | None = None
    pre_money_usd: float = Field(gt=0)
    round_usd: float = Field(gt=0)
    arr_usd: float = Field(gt=0)
    founders_shares: int = Field(gt=0)
    pool_share: float = Field(ge=0, lt=1)


class Sensitivity(ConfigModel):
    pre_money: Sourced[tuple[float, ...]]
    exit_multiple: Sourced[tuple[float, ...]]


class DealConfig(ConfigModel):
    ladder: Ladder
    graduation: Graduation
    months_between: MonthsBetween
    rounds: Rounds
    outcomes: Outcomes
    multiples: Multiples
    terms: Terms
    generic_seed: GenericSeed
    sensitivity: Sensitivity

    @classmethod
    def shipped(cls) -> DealConfig:
        return load_config(cls, DEAL_FILE)
