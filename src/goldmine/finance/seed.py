"""The seed's funding and cash-flow formulas, implemented faithfully as indicators (seed 003 §5.3).

* :func:`funding_demand` — the linear funding demand ``R(t) = a t + b``.
* :func:`piecewise_cash_flow` — the seed's cash flow: ``R(t)`` for ``t < t1``, ``R(t) - C1`` for
  ``t1 <= t < t2``, then ``0``.

They are deliberately simple (DESIGN.md §2): the projection in :mod:`goldmine.finance.projection`
is the driver-based counterpart, and both are reported side by side.
"""

from __future__ import annotations

import numpy as np


def funding_demand(t: np.ndarray | float, a: float, b: float) -> np.ndarray:
    """``R(t) = a t + b`` (seed 003 §5.3), ``t`` in months."""
    return a * np.asarray(t, dtype="float64") + b


def piecewise_cash_flow(t: np.ndarray | float, a: float, b: float, t1: float, t2: float, c1: float) -> np.ndarray:
    """``R(t)`` until ``t1``, ``R(t) - C1`` until ``t2``, then 0 (seed 003 §5.3)."""
    t = np.asarray(t, dtype="float64")
    r = funding_demand(t, a, b)
    return np.where(t < t1, r, np.where(t < t2, r - c1, 0.0))
