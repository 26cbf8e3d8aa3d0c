"""Finance analytics (issue #4): cash projection, runway, default alive / dead, funding need, Monte Carlo.

* :mod:`goldmine.finance.assumptions` — :class:`Assumptions` (hires, planned rounds, cost growth,
  uncertainty) with documented defaults in ``goldmine/data/finance.yaml``.
* :mod:`goldmine.finance.projection` — drivers from a profile, the deterministic monthly projection,
  runway, default alive / dead (Graham 2015), funding need.
* :mod:`goldmine.finance.rounds` — the next round: probability (Carta cohorts), timing (Carta,
  Crunchbase medians) and size (Carta step-ups).
* :mod:`goldmine.finance.montecarlo` — vectorised, seeded Monte Carlo: P(cash runs out before the
  next round), runway percentiles, fan chart.
* :mod:`goldmine.finance.seed` — the seed's R(t) = a t + b and piecewise cash flow.
* :mod:`goldmine.finance.runway` — :func:`analyze_runway`, all of the above in one result.
"""

from goldmine.finance.assumptions import Assumptions, Hire, PlannedRound, finance_defaults
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
from goldmine.finance.seed import funding_demand, piecewise_cash_flow

__all__ = [
    "Assumptions", "CashProjection", "Drivers", "Hire", "MonteCarloResult", "NextRound", "PlannedRound", "RunwayReport",
    "analyze_runway", "finance_defaults", "funding_demand", "next_round", "piecewise_cash_flow", "project", "resolve_drivers",
    "runway_from_cash", "simulate", "simulate_loop",
]
