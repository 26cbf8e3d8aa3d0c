"""Revenue and free-cash-flow projection shared by the income, VC and First Chicago methods.

goldmine's assumptions (``data/valuation.yaml`` ``projection``), stated in docs/valuation.md:

* revenue starts at the run rate R0 = latest monthly revenue x 12;
* growth starts at the measured annualised growth of the revenue history g0
  (:func:`goldmine.metrics.revenue_growth` over at least ``min_history_months`` points from the
  first month with revenue; clamped to [growth_floor, growth_cap]; else the market's demand
  growth, else gT) and
  its excess over the terminal growth gT fades geometrically: g_t = gT + (g0 - gT) d^(t-1) with
  d = 0.6 (high growth fades fast); revenue never exceeds the SAM when one is given;
* the operating margin moves linearly from today's (revenue - burn) / revenue to the target
  margin over ``margin_years``; positive operating profit is taxed at the country's rate;
* FCF_t = R_t x m_t x (1 - tax if positive).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine.metrics import annualise, revenue_growth
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
    """g0 and where it came from: revenue history, else the market's demand growth, else terminal growth."""
    p = config().projection
    measured = revenue_growth(startup.financials.revenue_history, min_points=p.min_history_months)
    g = None if measured is None else measured.annual
    basis = "revenue_history"
    if g is None and startup.market.growth_rate is not None:
        k = startup.market.growth_rate
        # demand growth per month compounded over twelve months, as the seed's code does; per year as stated
        g = annualise(k, "month", "discrete") if startup.market.growth_period == "month" else float(k)
        basis = "market.growth_rate"
    if g is None:
        return float(p.terminal_growth), "terminal_growth"
    return min(float(p.growth_cap), max(float(p.growth_floor), g)), basis


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
    else:
        g0, basis = float(growth0), "given"
    monthly = r0 / 12.0
    m0 = max(-10.0, (monthly - startup.financials.monthly_burn) / monthly)
    m_target = float(p.target_operating_margin)
    m_years = float(p.margin_years)
    decay = float(p.growth_decay)
    tax = tax_rate(startup.identity.country)
    cap = startup.market.sam
    rev, gs, ms, fcf = [], [], [], []
    r = r0
    for t in range(1, n + 1):
        g = g_t + (g0 - g_t) * decay ** (t - 1)
        r = r * (1 + g)
        if cap is not None:
            r = min(r, cap)
        m = m0 + (m_target - m0) * min(1.0, t / m_years)
        op = r * m
        rev.append(r)
        gs.append(g)
        ms.append(m)
        fcf.append(op * (1 - tax) if op > 0 else op)
    return Projection(revenue0=r0, growth0=g0, growth_basis=basis, margin0=m0, tax_rate=tax,
                      years=list(range(1, n + 1)), growth=gs, revenue=rev, margin=ms, fcf=fcf)
