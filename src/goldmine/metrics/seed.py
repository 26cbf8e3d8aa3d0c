"""The seed's formulas, implemented faithfully, one home each.

The seed article: 《AI大模型创业：泡沫还是金矿？》 (undated), ch.5 "数学模型和公式".  goldmine convention: the
article's formulas are implemented as it states them, as indicators; where its code differs from its
formula (discrete against continuous compounding) both are supported and the caller says which.

* :func:`model_performance` — Accuracy x Recall (§5.1);
* :func:`update_speed` — 1 / T, releases per month for an update cycle of T months (§5.1);
* :func:`demand` — D(t) = D0 e^{kt} (the seed's formula, ``continuous``) or D0 (1 + k)^t (the
  seed's code and numeric example, ``discrete``); the caller always says which (§5.2);
* :func:`competition_pressure` — P(t) = N(t) S(t) / D(t) (§5.2);
* :func:`funding_demand` — R(t) = a t + b (§5.3);
* :func:`cash_flow` — the piecewise C(t) of §5.3: R(t) for t <= t1, R(t) - C1 for t1 < t <= t2,
  0 for t > t2 (:func:`cash_flow_phase` says which phase t is in).

Scalars are computed with plain arithmetic, so :class:`fractions.Fraction` and
:class:`decimal.Decimal` inputs give exact results (except the continuous ``demand``, which needs
``exp``); numpy arrays are accepted wherever the formula is elementwise.

**Which cash-flow definition gives 58,000.**  The seed's example (a = 5000, b = 1000, t1 = 6,
t2 = 12, C1 = 3000, evaluated at its ``time_interval = 12``) gives 58,000 only with intervals closed
on the right, as in the seed's formula (``t1 < t <= t2``) and code (``elif time <= t2``): t = 12
falls in the second phase, C(12) = R(12) - C1 = 61,000 - 3,000 = 58,000.  Half-open intervals
``t1 <= t < t2`` would put t = 12 in the third phase and give 0; goldmine uses the seed's.  Note
also that the seed's code prints the update speed as "次/年" (per year), but 1/T with T in months
is per *month*: 1/6 per month, i.e. two updates a year.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from goldmine.errors import AnalysisError

Compounding = Literal["discrete", "continuous"]


def model_performance(accuracy: Any, recall: Any) -> Any:
    """Accuracy x Recall, the seed's combined model performance (§5.1).

    Seed example: 0.9 x 0.85 = 0.765.
    """
    return accuracy * recall


def update_speed(cycle_months: Any) -> Any:
    """1 / T: model releases per month for an update cycle of T months (§5.1).

    Seed example: T = 6 months gives 1/6 per month.
    """
    if not cycle_months > 0:
        raise AnalysisError("metrics.error.update_cycle", cycle=cycle_months)
    return 1 / cycle_months


def demand(d0: Any, k: Any, t: Any, compounding: Compounding | str) -> Any:
    """D(t): demand after t periods of growth k (《AI大模型创业：泡沫还是金矿？》 §5.2).

    ``continuous``: D0 e^{kt}, the seed's formula; ``discrete``: D0 (1 + k)^t, the seed's code.
    Seed example: D0 = 1000, k = 0.1, t = 12 gives 3138.43 (discrete) and 3320.12 (continuous).
    """
    if compounding == "continuous":
        x = k * t
        return d0 * (np.exp(x) if isinstance(x, np.ndarray) else math.exp(x))
    if compounding == "discrete":
        return d0 * (1 + k) ** t
    raise AnalysisError("metrics.error.compounding", found=compounding)


def competition_pressure(competitors: Any, market_share: Any, demand_t: Any) -> Any:
    """P(t) = N(t) S(t) / D(t) (《AI大模型创业：泡沫还是金矿？》 §5.2).

    Seed example: 5 x 0.2 / 3138.43 = 3.186e-4.  The value depends on the unit of D (customers,
    calls, ...), so it is not comparable across companies.  A scalar demand of 0 or less is an
    error; in arrays such months give ``inf`` (no demand: the pressure is unbounded).
    """
    if isinstance(demand_t, np.ndarray):
        n = np.asarray(competitors, dtype="float64")
        s = np.asarray(market_share, dtype="float64")
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(demand_t > 0, n * s / np.where(demand_t > 0, demand_t, 1.0), np.inf)
    if not demand_t > 0:
        raise AnalysisError("metrics.error.no_demand", demand=demand_t)
    return competitors * market_share / demand_t


def funding_demand(t: Any, a: Any, b: Any) -> Any:
    """R(t) = a t + b, the seed's linear funding demand (《AI大模型创业：泡沫还是金矿？》 §5.3). R(6) = 5000 x 6 + 1000 = 31000."""
    return a * t + b


def cash_flow_phase(t: Any, t1: Any, t2: Any) -> int:
    """The phase of the seed's C(t) that month ``t`` falls in: 1 (t <= t1), 2 (t1 < t <= t2), 3 (t > t2)."""
    if t2 < t1:
        raise AnalysisError("metrics.error.cash_flow_phases", t1=t1, t2=t2)
    return 1 if t <= t1 else 2 if t <= t2 else 3


def cash_flow(t: Any, a: Any, b: Any, t1: Any, t2: Any, c1: Any) -> Any:
    """The seed's piecewise cash flow C(t) (§5.3), intervals closed on the right.

    C(t) = R(t) for t <= t1; R(t) - C1 for t1 < t <= t2; 0 for t > t2.
    Seed example: a = 5000, b = 1000, t1 = 6, t2 = 12, C1 = 3000 gives C(12) = 58000.
    An array of months gives the array of C(t), each element by the same rule.
    """
    if isinstance(t, np.ndarray):
        return np.array([cash_flow(x, a, b, t1, t2, c1) for x in t.tolist()], dtype="float64")
    phase = cash_flow_phase(t, t1, t2)
    r = funding_demand(t, a, b)
    return r if phase == 1 else r - c1 if phase == 2 else 0 * r
