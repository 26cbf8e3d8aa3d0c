"""The result of one valuation method, and the profile facts several methods share.

* :class:`MethodResult` — value, low-high range, the assumptions used, or the reason the method
  does not apply (then ``value`` is ``None``: no number is invented).
* :func:`annual_revenue` — the run rate: latest monthly revenue x 12.
* :func:`annual_growth` — compound growth of the revenue history, annualised.
* :func:`age_years` — years from founding to the profile's ``as_of`` date.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from goldmine.results import Result

METHODS = ("cost", "market", "income", "vc_method", "scorecard", "berkus", "risk_factor_summation", "first_chicago")


@dataclass(frozen=True)
class MethodResult(Result):
    """One method's answer, in ``currency``.

    ``applicable`` is False when the method does not fit the company (Berkus after first revenue,
    DCF without revenue...); ``reason`` is then a message key (``valuation.reason.*``) and the
    value, low and high are ``None``.
    """

    name: str
    currency: str
    value: float | None
    low: float | None
    high: float | None
    applicable: bool = True
    reason: str | None = None
    assumptions: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def not_applicable(cls, name: str, currency: str, reason: str, **assumptions: Any) -> MethodResult:
        return cls(name=name, currency=currency, value=None, low=None, high=None, applicable=False,
                   reason=reason, assumptions=assumptions)

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_money, t

        label = t(f"valuation.method.{self.name}", lang)
        if not self.applicable:
            return f"{label}: {t(str(self.reason), lang)}"
        return (f"{label}: {format_money(self.value, self.currency, lang)} "
                f"({format_money(self.low, self.currency, lang)} - {format_money(self.high, self.currency, lang)})")


def annual_revenue(startup: Any) -> float | None:
    """Annual run rate = latest monthly revenue x 12; ``None`` without revenue history or at zero."""
    monthly = startup.financials.monthly_revenue
    if monthly is None or monthly <= 0:
        return None
    return 12.0 * monthly


def annual_growth(startup: Any, min_months: int = 3) -> float | None:
    """Compound monthly growth over the revenue history, annualised: ``(last/first)^(12/(n-1)) - 1``.

    ``None`` with fewer than ``min_months`` points or a zero first month.
    """
    hist = startup.financials.revenue_history
    if len(hist) < min_months or hist[0].revenue <= 0 or hist[-1].revenue <= 0:
        return None
    months = _months_between(hist[0].month, hist[-1].month)
    if months <= 0:
        return None
    log_growth = (math.log(hist[-1].revenue) - math.log(hist[0].revenue)) * 12.0 / months
    return math.exp(min(50.0, log_growth)) - 1.0  # capped in log space: no overflow on absurd histories


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def as_of(startup: Any) -> dt.date:
    """The profile's reference date: ``financials.as_of``, else the last revenue month, else founding."""
    f = startup.financials
    if f.as_of is not None:
        return f.as_of
    if f.revenue_history:
        return f.revenue_history[-1].month
    return startup.identity.founded


def age_years(startup: Any) -> float:
    """Years from ``identity.founded`` to :func:`as_of` (at least 0)."""
    return max(0.0, (as_of(startup) - startup.identity.founded).days / 365.25)


def runway_months(startup: Any) -> float:
    """Cash over net monthly burn (burn minus latest revenue); infinite when not burning."""
    f = startup.financials
    net = f.monthly_burn - (f.monthly_revenue or 0.0)
    return math.inf if net <= 0 else f.cash / net


def interp(x: float, xs: list[float], ys: list[float]) -> float:
    """Piecewise-linear interpolation, flat outside ``[xs[0], xs[-1]]``."""
    if x <= xs[0]:
        return ys[0]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True), strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return ys[-1]
