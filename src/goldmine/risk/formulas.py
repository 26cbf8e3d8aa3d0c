"""The seed's risk formulas, implemented faithfully (seed 003 ch.5 "数学模型和公式"; DESIGN.md §2).

* :func:`model_performance` — Accuracy x Recall (§5.1).
* :func:`update_speed` — 1 / T, releases per month for an update cycle of T months (§5.1).
* :func:`demand` — D(t) = D0 e^{kt} (the seed's formula, ``continuous``) or D0 (1 + k)^t (the
  seed's code and numeric example, ``discrete``) (§5.2).
* :func:`competition_pressure` — P(t) = N(t) S(t) / D(t) (§5.2).
* :func:`funding_demand` — R(t) = a t + b (§5.3).
* :func:`cash_flow` — the piecewise C(t) of §5.3: R(t) for t <= t1, R(t) - C1 for t1 < t <= t2,
  0 for t > t2.

The functions are plain arithmetic on numbers, so they also take :class:`fractions.Fraction` or
:class:`decimal.Decimal` and then compute exactly (except the continuous ``demand``, which needs
``exp``).  They do not score anything: :mod:`goldmine.risk.indicators` turns them into indicators.

**Which cash-flow definition gives 58,000.**  The seed's example (a = 5000, b = 1000, t1 = 6,
t2 = 12, C1 = 3000, evaluated at its ``time_interval = 12``) gives 58,000 only with intervals closed
on the right, as in the seed's formula (``t1 < t <= t2``) and code (``elif time <= t2``): t = 12
falls in the second phase, C(12) = R(12) - C1 = 61,000 - 3,000 = 58,000.  Half-open intervals
``t1 <= t < t2`` would put t = 12 in the third phase and give 0.  Note also that the seed's code
prints the update speed as "次/年" (per year), but 1/T with T in months is per *month*: 1/6 per
month, i.e. two updates a year.
"""

from __future__ import annotations

import math
from typing import Literal

Compounding = Literal["discrete", "continuous"]


def model_performance(accuracy, recall):
    """Accuracy x Recall, the seed's combined model performance (seed 003 §5.1).

    Seed example: 0.9 x 0.85 = 0.765.
    """
    return accuracy * recall


def update_speed(cycle_months):
    """1 / T: model releases per month for an update cycle of T months (seed 003 §5.1).

    Seed example: T = 6 months gives 1/6 per month.
    """
    if cycle_months <= 0:
        raise ValueError(f"the update cycle T must be > 0 months, found {cycle_months}")
    return 1 / cycle_months


def demand(d0: float, k: float, t: float, compounding: Compounding = "discrete") -> float:
    """D(t): demand after t periods of growth k (seed 003 §5.2).

    ``continuous``: D0 e^{kt}, the seed's formula; ``discrete``: D0 (1 + k)^t, the seed's code.
    Seed example: D0 = 1000, k = 0.1, t = 12 gives 3138.43 (discrete) and 3320.12 (continuous).
    """
    if compounding == "continuous":
        return d0 * math.exp(k * t)
    if compounding == "discrete":
        return d0 * (1 + k) ** t
    raise ValueError(f"compounding must be 'discrete' or 'continuous', found {compounding!r}")


def competition_pressure(competitors, market_share, demand_t):
    """P(t) = N(t) S(t) / D(t) (seed 003 §5.2).

    Seed example: 5 x 0.2 / 3138.43 = 3.186e-4.  The value depends on the unit of D (customers,
    calls, ...), so it is not comparable across companies; the engine reports it unscored.
    """
    if demand_t <= 0:
        raise ValueError(f"competition pressure needs a demand D(t) > 0, found {demand_t}")
    return competitors * market_share / demand_t


def funding_demand(t, a, b):
    """R(t) = a t + b, the seed's linear funding demand (seed 003 §5.3). R(6) = 5000 x 6 + 1000 = 31000."""
    return a * t + b


def cash_flow(t, a, b, t1, t2, c1):
    """The seed's piecewise cash flow C(t) (seed 003 §5.3), intervals closed on the right.

    C(t) = R(t) for t <= t1; R(t) - C1 for t1 < t <= t2; 0 for t > t2.
    Seed example: a = 5000, b = 1000, t1 = 6, t2 = 12, C1 = 3000 gives C(12) = 58000.
    """
    if t2 < t1:
        raise ValueError(f"t2 must be >= t1, found t1 = {t1}, t2 = {t2}")
    if t <= t1:
        return funding_demand(t, a, b)
    if t <= t2:
        return funding_demand(t, a, b) - c1
    return 0 * a


def annualised(k: float, period: str, compounding: Compounding = "discrete") -> float:
    """Growth per year for growth k per ``period`` (``month`` or ``year``), compounded as stated."""
    periods = 12.0 if period == "month" else 1.0
    return demand(1.0, k, periods, compounding) - 1.0
