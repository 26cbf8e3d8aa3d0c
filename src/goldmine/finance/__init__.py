"""Finance analytics (issue #4): cash projection, runway, default alive / dead, funding need, Monte Carlo.

* :mod:`goldmine.finance.assumptions` — :class:`Assumptions` (hires, planned rounds, cost growth,
  uncertainty).
* :mod:`goldmine.finance.config` — :class:`FinanceConfig`, the documented defaults of
  ``goldmine/data/finance.yaml`` (each with its source and date), validated and frozen.
* :mod:`goldmine.finance.projection` — drivers from a profile, the deterministic monthly projection,
  runway, default alive / dead (Graham 2015), funding need.
* :mod:`goldmine.finance.rounds` — the next round: probability (Carta cohorts), timing (Carta,
  Crunchbase medians) and size (Carta step-ups).
* :mod:`goldmine.finance.montecarlo` — vectorised, seeded Monte Carlo: P(cash runs out before the
  next round), runway percentiles, fan chart.
* the seed's R(t) = a t + b and piecewise cash flow C(t) live in :mod:`goldmine.metrics.seed`
  (one home); the projection reports them beside its own numbers.
* :mod:`goldmine.finance.runway` — :func:`analyze_runway`, all of the above in one result.
"""

from goldmine.finance.assumptions import Assumptions, Hire, PlannedRound
from goldmine.finance.config import FINANCE_FILE, FinanceConfig
from goldmine.finance.montecarlo import MonteCarloResult, simulate, simulate_loop
from goldmine.finance.projection import (
    CashProjection,
    Drivers,
    project,
    resolve_drivers,
    runway_from_cash,
)
from goldmine.finance.rounds import NextRound, next_round
from goldmine.finance.runway import RunwayReport, analyze_runway

__all__ = [
    "FINANCE_FILE", "Assumptions", "CashProjection", "Drivers", "FinanceConfig", "Hire", "MonteCarloResult", "NextRound",
    "PlannedRound", "RunwayReport", "analyze_runway", "next_round", "project", "resolve_drivers", "runway_from_cash", "simulate",
    "simulate_loop",
]
