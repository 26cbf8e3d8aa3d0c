"""The valuation defaults (``goldmine/data/valuation.yaml``, ``multiples.yaml``) as frozen models, and the FX table.

Values live in the data files with their source and date (goldmine convention: no magic numbers in
code); this module declares their shape and reads them through
:func:`goldmine.config.load_config` (validated once per process; an unknown or misspelt key is refused with its path):

* :class:`ValuationConfig` (:func:`config`) — stage mapping, Equidam's required returns and stage
  weights, the US anchors and the regional ones (China), scorecard, First Chicago, projection (with
  the cost lines of the DCF), income (DCF, country risk premiums), market, VC-method, cost,
  risk-factor-summation, reconciliation and as-of settings;
* :class:`MultiplesConfig` (:func:`multiples_config`, :func:`multiples`) — the dated, sourced
  revenue multiples and the FX table;
* :class:`FxTable` (:func:`default_fx`) — converts amounts between currencies.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from goldmine.config import ConfigModel, Sourced, load_config
from goldmine.errors import AnalysisError

EquidamStage = Literal["idea", "development", "startup", "expansion", "growth"]
Method = Literal["cost", "market", "income", "vc_method", "scorecard", "berkus", "risk_factor_summation", "first_chicago"]
Column = Literal["scorecard", "checklist", "vc_method", "dcf_growth", "dcf_exit"]
Factor = Literal["team", "opportunity", "product", "competition", "marketing", "funding_need", "other"]
DateLike = dt.date | str | int


# --------------------------------------------------------------------------- valuation.yaml
class RequiredReturnRow(ConfigModel):
    fund_multiple: float = Field(gt=0)
    target_multiple: float = Field(gt=0)
    multiple_over_retention: float = Field(gt=0)
    published_success_rate: float
    published_retention: float
    published_roi: float


class RequiredReturns(ConfigModel):
    source: str
    date: DateLike
    years: int = Field(gt=0)
    stages: dict[EquidamStage, RequiredReturnRow]


class StageWeights(ConfigModel):
    source: str
    date: DateLike
    equidam: dict[EquidamStage, dict[Column, float]]
    split: dict[Column, dict[Method, float]]
    cost_share: dict[EquidamStage, float]


class RegionalBase(ConfigModel):
    """A published regional average pre-money (central value and the published range), in the region's currency."""

    value: float = Field(gt=0)
    low: float = Field(gt=0)
    high: float = Field(gt=0)
    source: str
    date: DateLike
    secondary: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> RegionalBase:
        if not self.low <= self.value <= self.high:
            raise ValueError("expected low <= value <= high")
        return self


class Region(ConfigModel):
    """Anchors of one region: the published pre-money of its early stages (others derived by ``derive``)."""

    currency: str
    countries: tuple[str, ...] = Field(min_length=1)
    base_premoney: dict[EquidamStage, RegionalBase] = Field(min_length=1)
    derive: Sourced[str]


class Anchors(ConfigModel):
    base_premoney_usd: dict[EquidamStage, Sourced[float]]
    berkus_element_max_usd: Sourced[float]
    rfs_per_point_usd: Sourced[float]
    early_stage_only: tuple[str, ...]
    regions: dict[str, Region] = Field(default_factory=dict)


class ScorecardConfig(ConfigModel):
    source: str
    weights: dict[Factor, float]
    clamp: tuple[float, float]


class Probabilities(ConfigModel):
    upside: float = Field(ge=0, le=1)
    base: float = Field(ge=0, le=1)
    downside: float = Field(ge=0, le=1)


class FirstChicagoConfig(ConfigModel):
    source: str
    probabilities: Probabilities


class CostsConfig(ConfigModel):
    """How the DCF's cost lines grow (goldmine rules, each sourced in ``data/valuation.yaml``)."""

    headcount_elasticity: Sourced[float]
    with_revenue: Sourced[tuple[str, ...]]
    tax_losses: Sourced[str]


class ProjectionConfig(ConfigModel):
    years: int = Field(ge=1)
    growth_cap: float
    growth_floor: float
    terminal_growth: float
    costs: CostsConfig


class Survival(ConfigModel):
    source: str
    points: dict[int, float]


class StageSurvival(ConfigModel):
    """Survival of the DCF's cash flows from the stage priors of ``data/finance.yaml`` and ``data/deal.yaml``."""

    source: str
    date: DateLike


class Illiquidity(ConfigModel):
    source: str
    revenue_usd: tuple[float, float]
    profitable: tuple[float, float]
    unprofitable: tuple[float, float]


class IncomeConfig(ConfigModel):
    source: str
    beta: Sourced[float]
    min_spread: Sourced[float]
    equity_risk_premium: Sourced[float]
    risk_free: dict[str, Sourced[float]]
    country_risk_premium: dict[str, Sourced[float]]
    currency_country: dict[str, str]
    tax_rate: dict[str, Sourced[float]]
    survival: Survival
    stage_survival: StageSurvival
    illiquidity: Illiquidity
    exit_multiple: tuple[str, ...] = Field(min_length=1)
    range_step: Sourced[float]


class MarketConfig(ConfigModel):
    reference_gross_margin: Sourced[float]
    margin_factor_clamp: tuple[float, float]
    reference_growth: Sourced[float]
    growth_factor_clamp: tuple[float, float]
    min_named: Sourced[int]


class VcMethodConfig(ConfigModel):
    years: int = Field(ge=1)
    exit_multiple: tuple[str, ...] = Field(min_length=1)
    low_multiple: str
    high_multiple: str


class CostConfig(ConfigModel):
    ramp: Sourced[float]
    capitalisable: dict[str, float]
    book_fraction: Sourced[float]
    hiring_cost_share: Sourced[float]


class RfsRule(ConfigModel):
    dimension: str | None = None
    indicators: tuple[str, ...] = ()
    profile: str | None = None


class RfsConfig(ConfigModel):
    source: str
    neutral_score: float
    points_per_25: float
    missing_score: Sourced[float]
    stage_points: dict[str, int]
    mapping: dict[str, RfsRule]


class ReconciliationConfig(ConfigModel):
    factor: Sourced[float]
    rule: Sourced[str]


class AsOfConfig(ConfigModel):
    max_age_months: Sourced[int]
    period_rule: Sourced[str]


class ValuationConfig(ConfigModel):
    """``data/valuation.yaml`` (every value with its source; see the file's comments)."""

    equidam_stage: dict[str, EquidamStage]
    required_returns: RequiredReturns
    stage_weights: StageWeights
    anchors: Anchors
    scorecard: ScorecardConfig
    first_chicago: FirstChicagoConfig
    projection: ProjectionConfig
    income: IncomeConfig
    market: MarketConfig
    vc_method: VcMethodConfig
    cost: CostConfig
    rfs: RfsConfig
    reconciliation: ReconciliationConfig
    as_of: AsOfConfig


# --------------------------------------------------------------------------- multiples.yaml
class Label(ConfigModel):
    en: str
    zh: str


class Multiple(ConfigModel):
    label: Label
    value: float = Field(gt=0)
    low: float | None = None
    high: float | None = None
    basis: Literal["public", "private_round", "transaction"]
    date: DateLike
    source: str
    secondary: bool = False
    default: bool = False


class MultiplesConfig(ConfigModel):
    """``data/multiples.yaml``: revenue multiples (dated, sourced)."""

    multiples: dict[str, Multiple]


def config() -> ValuationConfig:
    """The shipped ``data/valuation.yaml`` (validated once per process)."""
    return load_config(ValuationConfig, "valuation.yaml")


def multiples_config() -> MultiplesConfig:
    """The shipped ``data/multiples.yaml`` (validated once per process)."""
    return load_config(MultiplesConfig, "multiples.yaml")


def multiples() -> dict[str, Multiple]:
    """The shipped revenue multiples, by key (``data/multiples.yaml``)."""
    return multiples_config().multiples


def equidam_stage(stage: str) -> EquidamStage:
    """Our stage (``seed``...) as one of Equidam's (``development``...)."""
    try:
        return config().equidam_stage[stage]
    except KeyError:
        raise AnalysisError("valuation.error.unknown_stage", found=stage) from None


# FX lives in goldmine.metrics.fx (one home for currency conversion); re-exported for valuation's modules.
from goldmine.metrics.fx import FxTable, default_fx  # noqa: E402

__all__ = ["FxTable", "default_fx"]
