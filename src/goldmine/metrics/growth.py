"""Compound growth: the one home of growth rates (goldmine convention: one home per quantity).

* :func:`cmgr` — compound growth per period between two levels: ``(last / first)^(1 / n) - 1``,
  computed in logs (capped) so extreme ratios cannot overflow;
* :func:`cagr` — compound annual growth over a span in years (the same rule, per year);
* :func:`annualise` — growth per year from growth ``k`` per month or per year, compounded
  discretely, ``(1 + k)^12 - 1``, or continuously, ``e^{12k} - 1`` (the seed article
  《AI大模型创业：泡沫还是金矿？》 (undated) §5.2 states the continuous ``D0 e^{kt}``, its code the discrete
  ``D0 (1 + k)^t``);
* :func:`revenue_growth` — the compound monthly growth of a monthly revenue history, from the first
  month with revenue above zero (a leading pre-revenue month is not growth from zero) to the
  latest month, which may be zero (-100 %), optionally over the last ``window`` months only;
  :attr:`GrowthEstimate.log_monthly` is the same growth as a monthly log rate, ``ln(1 + CMGR)``;
* :func:`log_growth_steps` — the monthly log growth of each step between consecutive months with
  revenue above zero, over the same window, with their standard deviation (the month-to-month
  volatility of growth) and the standard error of their mean.  Weighted by the months each step
  spans, their mean telescopes to ``ln(last / first) / months``: when the latest month has revenue,
  the log of the CMGR, so a runway projection, a valuation and a risk score built on one history
  agree on its growth (the growth itself is always :func:`revenue_growth`).

The compound monthly growth rate is the usual SaaS convention (e.g. a16z, "16 Startup Metrics",
2015: CMGR = (last / first)^(1 / months) - 1).  Treating log revenue as a random walk with
drift, the sample standard deviation of the log steps (ddof = 1) estimates its volatility and
``sd / sqrt(n)`` the standard error of its drift (the standard error of a sample mean).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

import numpy as np

from goldmine.errors import AnalysisError

LOG_CAP = 700.0  # exp(700) is about 1e304: the largest growth factor computed before it is capped


class MonthlyRevenue(Protocol):
    """What :func:`revenue_growth` reads of a history point (``goldmine.model.RevenuePoint``)."""

    @property
    def month(self) -> object: ...

    @property
    def revenue(self) -> float: ...


H = TypeVar("H", bound=MonthlyRevenue)


def _months_apart(a: object, b: object) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)  # type: ignore[attr-defined, no-any-return]


def _in_window(history: Sequence[H], window: int | None) -> list[H]:
    """The points within ``window`` months before the latest one (all of them when ``window`` is None)."""
    hist = list(history)
    if window is not None and hist:
        hist = [h for h in hist if _months_apart(h.month, hist[-1].month) <= window]
    return hist


def cmgr(first: float, last: float, periods: float) -> float:
    """Compound growth per period from ``first`` to ``last`` over ``periods`` periods.

    ``first`` must be > 0 and ``periods`` > 0; ``last`` = 0 gives -1 (-100 %).
    """
    if not first > 0 or not periods > 0 or last < 0:
        raise AnalysisError("metrics.error.growth_inputs", first=first, last=last, periods=periods)
    if last == 0:
        return -1.0
    rate = (math.log(last) - math.log(first)) / periods
    return math.expm1(min(rate, LOG_CAP))


def cagr(first: float, last: float, years: float) -> float:
    """Compound annual growth rate ``(last / first)^(1 / years) - 1`` (first, last > 0, years > 0)."""
    if not first > 0 or not last > 0 or not years > 0:
        raise AnalysisError("metrics.error.cagr_inputs", first=first, last=last, years=years)
    return cmgr(first, last, years)


def annualise(k: float, period: Literal["month", "year"] | str, compounding: Literal["discrete", "continuous"] | str) -> float:
    """Growth per year for growth ``k`` per ``period`` (``month`` or ``year``), compounded as stated."""
    from goldmine.metrics.seed import demand

    periods = 12.0 if period == "month" else 1.0
    return float(demand(1.0, k, periods, compounding)) - 1.0


def monthly_rate(k: float, period: Literal["month", "year"] | str, compounding: Literal["discrete", "continuous"] | str) -> float:
    """The growth per month equivalent to growth ``k`` per ``period`` (the inverse of :func:`annualise`):
    discretely ``(1 + k)^(1/12) - 1`` for a yearly rate, continuously ``k / 12``; a monthly rate as it is."""
    if period == "month":
        return float(k)
    return float(k) / 12 if compounding == "continuous" else float((1 + k) ** (1 / 12) - 1)


@dataclass(frozen=True)
class GrowthEstimate:
    """The compound growth of a revenue history: per month, per year, and what it was measured on."""

    monthly: float
    annual: float
    months: int          # months between the first counted month and the last
    points: int          # history points from the first counted month to the last
    first: float
    last: float

    @property
    def log_monthly(self) -> float:
        """The same growth as a monthly log rate, ``ln(1 + monthly)``; ``-inf`` when the last month is zero."""
        return math.log1p(self.monthly) if self.monthly > -1.0 else -math.inf

    def to_dict(self) -> dict[str, float | int]:
        return {"monthly": self.monthly, "annual": self.annual, "months": self.months, "points": self.points,
                "first": self.first, "last": self.last}


def revenue_growth(history: Sequence[MonthlyRevenue], window: int | None = None, min_points: int = 2) -> GrowthEstimate | None:
    """Compound growth of a monthly revenue history (see the module docstring).

    ``window``: only the last ``window`` months count (the latest point and the points within
    ``window`` months before it).  ``None`` when fewer than ``min_points`` points remain from the
    first month with revenue above zero, or when they span no time.
    """
    hist = _in_window(history, window)
    start = next((i for i, h in enumerate(hist) if h.revenue > 0), None)
    if start is None:
        return None
    counted = hist[start:]
    months = _months_apart(counted[0].month, counted[-1].month)
    if len(counted) < max(2, min_points) or months <= 0:
        return None
    first, last = float(counted[0].revenue), float(counted[-1].revenue)
    monthly = cmgr(first, last, months)
    # the annual rate from the log rate itself: log1p(monthly) fails when a tiny last month rounds it to -1
    annual = -1.0 if last == 0 else math.expm1(min(12.0 * (math.log(last) - math.log(first)) / months, LOG_CAP))
    return GrowthEstimate(monthly, annual, months, len(counted), first, last)


@dataclass(frozen=True)
class LogGrowthSteps:
    """Monthly log growth between consecutive months with revenue above zero (see the module docstring).

    Their mean is not offered here: the growth of a history is :func:`revenue_growth` (its
    ``log_monthly``), which the month-weighted mean of these steps equals.
    """

    rates: tuple[float, ...]     # ln(r1 / r0) / months, one per step
    months: tuple[int, ...]      # months each step spans (1 for consecutive months)

    @property
    def sd(self) -> float | None:
        """Sample standard deviation of the monthly log growth (ddof = 1); ``None`` with fewer than two steps."""
        return float(np.std(self.rates, ddof=1)) if len(self.rates) >= 2 else None

    @property
    def standard_error(self) -> float | None:
        """Standard error of the mean monthly log growth, ``sd / sqrt(steps)``."""
        sd = self.sd
        return None if sd is None else sd / math.sqrt(len(self.rates))


def log_growth_steps(history: Sequence[MonthlyRevenue], window: int | None = None) -> LogGrowthSteps:
    """The monthly log growth of each step between consecutive months with revenue above zero.

    ``window`` selects the points as :func:`revenue_growth` does (the last ``window`` months).
    Months without revenue are skipped: a step spans them (their log growth is undefined).
    """
    pts = [(h.month, float(h.revenue)) for h in _in_window(history, window) if h.revenue > 0]
    rates: list[float] = []
    months: list[int] = []
    for (m0, r0), (m1, r1) in zip(pts, pts[1:], strict=False):
        gap = _months_apart(m0, m1)
        if gap <= 0:   # a profile's months are strictly increasing (goldmine.model); a raw list may not be
            raise AnalysisError("metrics.error.growth_inputs", first=r0, last=r1, periods=gap)
        rates.append((math.log(r1) - math.log(r0)) / gap)   # not log(r1 / r0): the ratio of two tiny revenues can underflow to 0
        months.append(gap)
    return LogGrowthSteps(tuple(rates), tuple(months))


MIN_DEMAND_HISTORY = 6   # points of market.history needed to measure demand growth (goldmine.pipeline.settings MarketSettings.min_history)


class DatedValue(Protocol):
    """What :func:`demand_growth` reads of a ``market.history`` point (``goldmine.model.DemandPoint``)."""

    @property
    def date(self) -> object: ...

    @property
    def value(self) -> float: ...


def demand_growth(history: Sequence[DatedValue], growth_rate: float | None, growth_period: str,
                  min_history: int = MIN_DEMAND_HISTORY) -> tuple[float | None, Literal["history", "growth_rate"] | None]:
    """The demand growth a year of a profile's market, one home for every section (issue #13): the CAGR
    of ``market.history`` over its span (365.25-day years) when it has at least ``min_history`` points,
    else the stated ``growth_rate`` annualised (discretely: the seed's code, ``(1 + k)^12 - 1`` for a
    monthly rate), else ``None``.  Returns the rate and its source (``history`` or ``growth_rate``)."""
    pts = list(history)
    if len(pts) >= min_history:
        first, last = pts[0], pts[-1]
        days = (last.date - first.date).days  # type: ignore[operator]
        return cagr(float(first.value), float(last.value), days / 365.25), "history"
    if growth_rate is not None:
        return (annualise(growth_rate, "month", "discrete") if growth_period == "month" else float(growth_rate)), "growth_rate"
    return None, None
