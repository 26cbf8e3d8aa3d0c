"""The result of one valuation method, and the profile facts several methods share.

* :class:`MethodResult` — value, low-high range, the assumptions used, or the reason the method
  does not apply (then ``value`` is ``None``: no number is invented).
* :func:`annual_revenue` — the run rate: latest monthly revenue x 12.
* :func:`as_of`, :func:`age_years` — the profile's reference date and its age in years.

Revenue growth and the simple runway are not computed here: the methods use their one home,
:func:`goldmine.metrics.revenue_growth` (from the first month with revenue above zero to the
latest month) and :func:`goldmine.metrics.startup_runway` (cash over net burn).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldmine.results import Result

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.valuation.asof import DatedInput

METHODS = ("cost", "market", "income", "vc_method", "scorecard", "berkus", "risk_factor_summation", "first_chicago")


@dataclass(frozen=True)
class MethodResult(Result):
    """One method's answer, in ``currency``.

    ``applicable`` is False when the method does not fit the company (Berkus after first revenue,
    DCF without revenue...); ``reason`` is then a message key (``valuation.reason.*``) and the
    value, low and high are ``None``.  ``weight`` is the method's weight in the synthesis, set by
    :func:`goldmine.valuation.value` (0 for a method computed on its own).  ``assumptions`` and
    ``details`` hold numbers, ids, sources and message objects (never translated text); ``inputs``
    the dated inputs the method looked at (:class:`goldmine.valuation.asof.DatedInput`), gathered
    into the valuation's ``as_of`` check.
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
    weight: float = 0.0
    inputs: tuple[DatedInput, ...] = ()

    @classmethod
    def not_applicable(cls, name: str, currency: str, reason: str, **assumptions: Any) -> MethodResult:
        return cls(name=name, currency=currency, value=None, low=None, high=None, applicable=False,
                   reason=reason, assumptions=assumptions)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable({"name": self.name, "currency": self.currency, "value": self.value, "low": self.low,
                                 "high": self.high, "applicable": self.applicable, "reason": self.reason,
                                 "assumptions": self.assumptions, "details": self.details, "weight": self.weight}))

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_money, t

        label = t(f"valuation.method.{self.name}", lang)
        if not self.applicable:
            return f"{label}: {t(str(self.reason), lang)}"
        return (f"{label}: {format_money(self.value, self.currency, lang)} "
                f"({format_money(self.low, self.currency, lang)} - {format_money(self.high, self.currency, lang)})")


def annual_revenue(startup: Startup) -> float | None:
    """Annual run rate = latest monthly revenue x 12; ``None`` without revenue history or at zero."""
    monthly = startup.financials.monthly_revenue
    if monthly is None or monthly <= 0:
        return None
    return 12.0 * monthly


def as_of(startup: Startup) -> dt.date:
    """The profile's reference date: ``financials.as_of``, else the last revenue month, else founding."""
    f = startup.financials
    if f.as_of is not None:
        return f.as_of
    if f.revenue_history:
        return f.revenue_history[-1].month
    return startup.identity.founded


def age_years(startup: Startup) -> float:
    """Years from ``identity.founded`` to :func:`as_of` (at least 0)."""
    return max(0.0, (as_of(startup) - startup.identity.founded).days / 365.25)


def interp(x: float, xs: list[float], ys: list[float]) -> float:
    """Piecewise-linear interpolation, flat outside ``[xs[0], xs[-1]]``."""
    if x <= xs[0]:
        return ys[0]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys, strict=True), zip(xs[1:], ys[1:], strict=True), strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return ys[-1]
