"""Revenue and free-cash-flow projection shared by the income, VC and First Chicago methods.

goldmine's assumptions (``data/valuation.yaml`` ``projection``), stated in docs/valuation.md:

* revenue starts at the run rate R0 = latest monthly revenue x 12;
* revenue then follows the one growth model of goldmine (:mod:`goldmine.growth`, issue #13), the
  one the runway uses: today's growth (the revenue history shrunk toward the prior of companies of
  its size; the prior alone for short histories), decaying by the growth endurance each year, never
  above the obtainable market (SOM); year t's revenue is the sum of the model's central months, its
  growth g_t the ratio of two years, floored at the terminal growth gT once the model's growth falls
  below it; ``growth0`` (First Chicago's upside) states today's growth instead;
* the operating margin moves linearly from today's (revenue - burn) / revenue to the target
  margin over ``margin_years``; positive operating profit is taxed at the country's rate;
* FCF_t = R_t x m_t x (1 - tax if positive).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine.growth import GrowthModel, growth_model
from goldmine.valuation._config import config
from goldmine.valuation.base import annual_revenue

if TYPE_CHECKING:
    from goldmine.model import Startup


@dataclass(frozen=True)
class Projection:
    revenue0: float
    growth0: float
    growth_basis: str
    margin0: float
    tax_rate: float
    years: list[int]
    growth: list[float]
    revenue: list[float]
    margin: list[float]
    fcf: list[float]

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def tax_rate(country: str) -> float:
    rates = config().income.tax_rate
    return float(rates.get(country, rates["default"]).value)


def initial_growth(startup: Startup) -> tuple[float, str]:
    """g0, today's annual growth of the growth model (clamped to [growth_floor, growth_cap]), and its
    basis (``growth_history``, ``growth_history_and_prior``, ``growth_prior``, ``growth_no_revenue``)."""
    p = config().projection
    model = growth_model(startup)
    return min(float(p.growth_cap), max(float(p.growth_floor), model.annual_now)), f"growth_{model.basis}"


def project(startup: Startup, *, growth0: float | None = None, years: int | None = None,
            terminal_growth: float | None = None) -> Projection | None:
    """The projection of a profile with revenue; ``None`` when it has none."""
    p = config().projection
    r0 = annual_revenue(startup)
    if r0 is None:
        return None
    n = int(years or p.years)
    g_t = float(p.terminal_growth if terminal_growth is None else terminal_growth)
    if growth0 is None:
        g0, basis = initial_growth(startup)
        model = growth_model(startup)
    else:
        g0, basis = float(growth0), "given"
        model = growth_model(startup, assumed_monthly=math.expm1(math.log1p(g0) / 12.0))
    years_rev = _annual_revenue_path(model, r0 / 12.0, n)
    monthly = r0 / 12.0
    m0 = max(-10.0, (monthly - startup.financials.monthly_burn) / monthly)
    m_target = float(p.target_operating_margin)
    m_years = float(p.margin_years)
    tax = tax_rate(startup.identity.country)
    rev, gs, ms, fcf = [], [], [], []
    r = r0
    for t in range(1, n + 1):
        g = max(g_t, years_rev[t - 1] / r - 1.0) if r > 0 else g_t
        r = r * (1 + g)
        m = m0 + (m_target - m0) * min(1.0, t / m_years)
        op = r * m
        rev.append(r)
        gs.append(g)
        ms.append(m)
        fcf.append(op * (1 - tax) if op > 0 else op)
    return Projection(revenue0=r0, growth0=g0, growth_basis=basis, margin0=m0, tax_rate=tax,
                      years=list(range(1, n + 1)), growth=gs, revenue=rev, margin=ms, fcf=fcf)


def _annual_revenue_path(model: GrowthModel, monthly0: float, years: int) -> list[float]:
    """Revenue of years 1..``years``: the sums of the growth model's central months (ceiling included)."""
    months = model.central_revenue(monthly0, 12 * years)
    return [float(months[12 * y:12 * (y + 1)].sum()) for y in range(years)]
