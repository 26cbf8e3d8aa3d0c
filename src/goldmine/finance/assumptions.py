"""Explicit assumptions of the cash projection and Monte Carlo, with documented defaults (issue #4).

The profile says where the company is today (cash, burn by category, revenue history, gross
margin, stage, past rounds).  What it does not say — future hires, planned rounds, how costs grow,
how uncertain growth is — is an assumption, stated here rather than invented as profile fields.
Every ``None`` means "derive it from the profile, else take the default of the configuration"
(:class:`goldmine.finance.config.FinanceConfig`, shipped as ``goldmine/data/finance.yaml``, each
default with its source and date); the result of an analysis lists the values actually used
(``assumptions_used``).

* :class:`Hire` — a planned hire (or any new fixed cost) from a month on.
* :class:`PlannedRound` — money certain to arrive in a month (a signed term sheet, a grant).
* :class:`Assumptions` — everything else; all fields optional.

Out-of-range values raise :class:`~goldmine.errors.AnalysisError` with a key of
``i18n/finance.yaml`` and the field path (``assumptions.<name>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from goldmine.errors import AnalysisError


@dataclass(frozen=True)
class Hire:
    """A fixed monthly cost that starts in ``month`` (1 = the first projected month) and stays."""

    month: int
    monthly_cost: float
    label: str = "hire"

    def __post_init__(self) -> None:
        if self.month < 1 or self.monthly_cost < 0:
            raise AnalysisError("finance.error.hire", path="assumptions.hires", month=self.month, cost=self.monthly_cost)


@dataclass(frozen=True)
class PlannedRound:
    """Money certain to arrive at the start of ``month`` (1 = the first projected month)."""

    month: int
    amount: float
    label: str = "planned_round"   # an id (the JSON is the same in every language)

    def __post_init__(self) -> None:
        if self.month < 1 or self.amount < 0:
            raise AnalysisError("finance.error.planned_round", path="assumptions.planned_rounds", month=self.month, amount=self.amount)


@dataclass(frozen=True)
class Assumptions:
    """What the projection assumes beyond the profile.  ``None``: from the profile, else the data file.

    Deterministic projection:
      horizon_months — months projected (default 60).
      revenue_growth — monthly revenue growth now, taken as certain (default: the one growth model,
        :mod:`goldmine.growth`: the history shrunk toward the prior of companies of its size).
      growth_persistence — share of the growth rate kept each year, both regimes (default: the growth
        model's, 0.70 above 100 % a year, 0.82 below; data/growth.yaml).
      gross_margin — margin on revenue (default: the profile's, else 0.5).
      cost_growth — monthly growth of fixed costs, one rate for every category (default 0).
      category_growth — monthly growth by burn_breakdown category, overriding cost_growth.
      hires, planned_rounds — see :class:`Hire`, :class:`PlannedRound`.
      buffer_months — months of current net burn added to the funding need (default 6).
      as_of — the date of the cash balance (default: financials.as_of, else the last revenue month).

    Monte Carlo:
      growth_volatility, growth_uncertainty — sd of monthly log growth and of its mean.
      churn_mean, churn_sd — monthly revenue churn (its spread widens the growth spread).
      margin_sd — sd of the gross margin on new revenue.
      random_round — draw the next round's timing and size (default: yes when no planned round).
      p_next_round — probability that a next round happens at all (default: Carta 2018 cohort).
      months_between_rounds — median gap between rounds (default: Carta / Crunchbase by stage).
      next_round_amount — median size of the next round (default: last round x median step-up).
      gap_dispersion, size_dispersion — lognormal sd of the gap and of the size.
    """

    horizon_months: int | None = None
    revenue_growth: float | None = None
    growth_persistence: float | None = None
    gross_margin: float | None = None
    cost_growth: float | None = None
    category_growth: dict[str, float] = field(default_factory=dict)
    hires: tuple[Hire, ...] = ()
    planned_rounds: tuple[PlannedRound, ...] = ()
    buffer_months: float | None = None
    as_of: dt.date | None = None
    growth_volatility: float | None = None
    growth_uncertainty: float | None = None
    churn_mean: float | None = None
    churn_sd: float | None = None
    margin_sd: float | None = None
    random_round: bool | None = None
    p_next_round: float | None = None
    months_between_rounds: float | None = None
    next_round_amount: float | None = None
    gap_dispersion: float | None = None
    size_dispersion: float | None = None

    def __post_init__(self) -> None:
        checks = [
            ("horizon_months", self.horizon_months, 1, 600), ("growth_persistence", self.growth_persistence, 0.0, 1.0),
            ("gross_margin", self.gross_margin, -10.0, 1.0), ("revenue_growth", self.revenue_growth, -0.99, 10.0),
            ("cost_growth", self.cost_growth, -0.99, 10.0), ("buffer_months", self.buffer_months, 0.0, 120.0),
            ("growth_volatility", self.growth_volatility, 0.0, 5.0), ("growth_uncertainty", self.growth_uncertainty, 0.0, 5.0),
            ("churn_mean", self.churn_mean, 0.0, 0.99), ("churn_sd", self.churn_sd, 0.0, 0.5), ("margin_sd", self.margin_sd, 0.0, 5.0),
            ("p_next_round", self.p_next_round, 0.0, 1.0), ("months_between_rounds", self.months_between_rounds, 0.1, 600.0),
            ("next_round_amount", self.next_round_amount, 0.0, float("inf")), ("gap_dispersion", self.gap_dispersion, 0.0, 5.0),
            ("size_dispersion", self.size_dispersion, 0.0, 5.0),
        ]
        for name, value, lo, hi in checks:
            if value is not None and not (lo <= value <= hi):
                raise AnalysisError("finance.error.assumption_range", path=f"assumptions.{name}", name=name, lo=lo, hi=hi,
                                    value=value)
        for cat, g in self.category_growth.items():
            if not -0.99 <= g <= 10.0:
                raise AnalysisError("finance.error.category_growth", path=f"assumptions.category_growth.{cat}", category=cat,
                                    lo=-0.99, hi=10.0, value=g)
