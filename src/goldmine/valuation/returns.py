"""Investment returns through pyxirr: IRR, XIRR, NPV, XNPV and MOIC.

pyxirr (Rust) is used rather than numpy-financial, whose released ``irr`` (1.0.0) is wrong on
known cash flows (GitHub numpy/numpy-financial issues #39 and #44) and which has no XIRR.

Conventions, stated because libraries differ:

* :func:`npv` discounts the *first* flow at t = 0 (numpy's convention, pyxirr's default
  ``start_from_zero=True``); Excel's NPV starts at t = 1 (pass ``first_at_zero=False``).
* :func:`xirr` / :func:`xnpv` use actual dates with the ACT/365F day count (pyxirr's default,
  Excel's XIRR).
* :func:`moic` = (distributions + residual value) / invested capital (``pyxirr.pe.moic``).

Every function raises :class:`goldmine.errors.AnalysisError` (a catalogue key,
``valuation.error.*``) when the flows have no solution (no sign change) instead of returning NaN
or ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyxirr
from pyxirr import pe

from goldmine.errors import AnalysisError


def _check_flows(flows: Sequence[float]) -> list[float]:
    values = [float(v) for v in flows]
    if len(values) < 2:
        raise AnalysisError("valuation.error.two_flows", n=len(values))
    if not (any(v < 0 for v in values) and any(v > 0 for v in values)):
        raise AnalysisError("valuation.error.sign_change")
    return values


def irr(flows: Sequence[float]) -> float:
    """Internal rate of return of periodic flows (first flow at t = 0), via ``pyxirr.irr``."""
    values = _check_flows(flows)
    rate = pyxirr.irr(values)
    if rate is None:
        raise AnalysisError("valuation.error.no_irr")
    return float(rate)


def npv(rate: float, flows: Sequence[float], first_at_zero: bool = True) -> float:
    """Net present value ``sum(flow_i / (1 + rate)^i)``, i from 0 (or from 1 with ``first_at_zero=False``)."""
    if rate <= -1:
        raise AnalysisError("valuation.error.discount_rate", found=rate)
    result = pyxirr.npv(rate, [float(v) for v in flows], start_from_zero=first_at_zero)
    if result is None:
        raise AnalysisError("valuation.error.no_npv")
    return float(result)


def xirr(dates: Sequence[dt.date], flows: Sequence[float]) -> float:
    """IRR of dated flows (ACT/365F), via ``pyxirr.xirr``."""
    if len(dates) != len(flows):
        raise AnalysisError("valuation.error.dates_flows", dates=len(dates), flows=len(flows))
    values = _check_flows(flows)
    rate = pyxirr.xirr(list(dates), values)
    if rate is None:
        raise AnalysisError("valuation.error.no_xirr")
    return float(rate)


def xnpv(rate: float, dates: Sequence[dt.date], flows: Sequence[float]) -> float:
    """Net present value of dated flows at an annual ``rate`` (ACT/365F), via ``pyxirr.xnpv``."""
    if len(dates) != len(flows):
        raise AnalysisError("valuation.error.dates_flows", dates=len(dates), flows=len(flows))
    result = pyxirr.xnpv(rate, list(dates), [float(v) for v in flows])
    if result is None:
        raise AnalysisError("valuation.error.no_npv")
    return float(result)


def moic(flows: Sequence[float], residual_value: float = 0.0) -> float:
    """Multiple on invested capital: (distributions + residual value) / invested, via ``pyxirr.pe.moic``.

    ``flows`` are signed: contributions negative, distributions positive (pyxirr's convention);
    ``residual_value`` is the unrealised value (NAV) still held.
    """
    values = [float(v) for v in flows]
    if not any(v < 0 for v in values):
        raise AnalysisError("valuation.error.moic_investment")
    return float(pe.moic(values, float(residual_value)))
