"""The investor's cash flows on each simulated path, and their distributions (issue #14).

* **Cash flows**: the cheque at the closing, the pro-rata cheques in later rounds (when the investor
  takes them), and the payout at the exit from the exact payout curve of the path's exit
  capitalisation (:mod:`goldmine.deal.curve`).
* **MOIC** (gross multiple of money invested) = payout / everything invested.  **IRR** = the annual
  rate that sets the dated cash flows' net present value to zero, actual/365 (XIRR, the definition
  of :func:`pyxirr.xirr`): computed by pyxirr for paths with more than two cash flows, in closed
  form ``(payout / cheque)^(365 / days) - 1`` for two (the same number; a test holds them equal);
  -100 % for a total loss.  The **pooled IRR** is the IRR of all paths' cash flows summed by date:
  what a fund holding many such deals earns.
* **Statistics** with their Monte Carlo standard errors: a probability ``p`` has
  ``sqrt(p (1 - p) / n)``; a mean ``sd / sqrt(n)``; a percentile ``q_p`` the asymptotic
  ``sqrt(p (1 - p) / n) / f(q_p)`` with the density from the difference quotient of the empirical
  quantiles at ``p +- 1`` percentage point (0 where the percentile sits on an atom, e.g. the paths
  that lose everything); the pooled IRR's by batch means (20 batches).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyxirr

from goldmine.results import Result

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
DAYS_PER_MONTH = 365.2425 / 12.0
BATCHES = 20


def months_to_days(months: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.rint(np.asarray(months, dtype="float64") * DAYS_PER_MONTH).astype(np.int64)
    return out


def irr_paths(start: dt.date, cheque: float, payout: np.ndarray, exit_month: np.ndarray,
              follow_on: np.ndarray | None = None, follow_months: np.ndarray | None = None) -> np.ndarray:
    """IRR of each path: ``-cheque`` at ``start``, ``-follow_on[i, k]`` at ``follow_months[i, k]``
    (0 amounts ignored), ``payout[i]`` at ``exit_month[i]``; -1 for a total loss (module docstring)."""
    n = payout.size
    irr = np.full(n, -1.0)
    days = np.maximum(months_to_days(exit_month), 1)
    extra = (follow_on > 0).any(axis=1) if follow_on is not None and follow_on.size else np.zeros(n, dtype=bool)
    simple = (payout > 0) & ~extra
    irr[simple] = np.power(payout[simple] / cheque, 365.0 / days[simple]) - 1.0
    multi = np.flatnonzero((payout > 0) & extra)
    if multi.size and follow_on is not None and follow_months is not None:
        fdays = months_to_days(follow_months)
        for i in multi:
            dates = [start] + [start + dt.timedelta(days=int(d)) for d, a in zip(fdays[i], follow_on[i], strict=True) if a > 0]
            amounts = [-cheque] + [-float(a) for a in follow_on[i] if a > 0]
            dates.append(start + dt.timedelta(days=int(days[i])))
            amounts.append(float(payout[i]))
            r = pyxirr.xirr(dates, amounts)
            irr[i] = -1.0 if r is None else float(r)
    return irr


def pooled_irr(start: dt.date, cheque: float, payout: np.ndarray, exit_month: np.ndarray,
               follow_on: np.ndarray | None = None, follow_months: np.ndarray | None = None) -> float | None:
    """IRR of the paths' cash flows summed by day (``None`` when it does not exist: no payout at all)."""
    flows: dict[int, float] = {0: -cheque * payout.size}
    days = np.maximum(months_to_days(exit_month), 1)
    for d, v in zip(*_sum_by(days, payout), strict=True):
        flows[int(d)] = flows.get(int(d), 0.0) + float(v)
    if follow_on is not None and follow_months is not None and follow_on.size:
        fdays = months_to_days(follow_months)
        mask = follow_on > 0
        for d, v in zip(*_sum_by(fdays[mask], follow_on[mask]), strict=True):
            flows[int(d)] = flows.get(int(d), 0.0) - float(v)
    if not any(v > 0 for v in flows.values()):
        return None
    keys = sorted(flows)
    try:
        r = pyxirr.xirr([start + dt.timedelta(days=k) for k in keys], [flows[k] for k in keys])
    except pyxirr.InvalidPaymentsError:
        return None
    return None if r is None or not math.isfinite(r) else float(r)


def _sum_by(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, inv = np.unique(keys, return_inverse=True)
    return uniq, np.bincount(inv, weights=values, minlength=uniq.size)


# --------------------------------------------------------------------------- statistics with standard errors
def proportion(p: float, n: int) -> dict[str, float]:
    return {"value": p, "se": math.sqrt(max(p * (1.0 - p), 0.0) / n) if n else math.nan}


def percentile_se(x: np.ndarray, p: float, h: float = 1.0) -> float:
    """Standard error of the ``p``-th percentile (module docstring)."""
    n = x.size
    lo, hi = max(p - h, 0.0), min(p + h, 100.0)
    dq = float(np.percentile(x, hi) - np.percentile(x, lo))
    if dq <= 0 or n == 0:
        return 0.0
    density = (hi - lo) / 100.0 / dq
    return math.sqrt(p / 100.0 * (1.0 - p / 100.0) / n) / density


@dataclass(frozen=True)
class Distribution(Result):
    """Summary of a simulated quantity: mean, median and percentiles, each with its standard error,
    and probabilities of thresholds (``p_below`` / ``p_at_least``: threshold -> value and se)."""

    n: int
    mean: float
    mean_se: float
    percentiles: dict[str, float]
    percentile_se: dict[str, float]
    p_below: dict[str, dict[str, float]]
    p_at_least: dict[str, dict[str, float]]

    @property
    def median(self) -> float:
        return self.percentiles["p50"]

    @property
    def median_se(self) -> float:
        return self.percentile_se["p50"]

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "mean": self.mean, "mean_se": self.mean_se, "median": self.median,
                "median_se": self.median_se, "percentiles": dict(self.percentiles),
                "percentile_se": dict(self.percentile_se), "p_below": {k: dict(v) for k, v in self.p_below.items()},
                "p_at_least": {k: dict(v) for k, v in self.p_at_least.items()}}


def distribution(x: np.ndarray, *, below: tuple[float, ...] = (), at_least: tuple[float, ...] = ()) -> Distribution:
    n = int(x.size)
    if n == 0:
        nan = {f"p{p}": math.nan for p in PERCENTILES}
        return Distribution(0, math.nan, math.nan, nan, dict(nan), {_label(t): {"value": math.nan, "se": math.nan} for t in below},
                            {_label(t): {"value": math.nan, "se": math.nan} for t in at_least})
    q = np.percentile(x, PERCENTILES) if n else np.full(len(PERCENTILES), math.nan)
    return Distribution(
        n=n, mean=float(x.mean()) if n else math.nan,
        mean_se=float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan,
        percentiles={f"p{p}": float(v) for p, v in zip(PERCENTILES, q, strict=True)},
        percentile_se={f"p{p}": percentile_se(x, p) for p in PERCENTILES},
        p_below={_label(t): proportion(float((x < t).mean()), n) for t in below},
        p_at_least={_label(t): proportion(float((x >= t).mean()), n) for t in at_least})


def _label(t: float) -> str:
    return f"{t:g}"


def batch_se(values: list[float | None]) -> float | None:
    """Standard error of a statistic from its value on independent batches (batch means)."""
    vs = [v for v in values if v is not None and math.isfinite(v)]
    if len(vs) < 2:
        return None
    return float(np.std(vs, ddof=1) / math.sqrt(len(vs)))
