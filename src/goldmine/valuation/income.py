"""Income method: a discounted-cash-flow valuation in Equidam's style (Equidam
methodology pages, support.equidam.com).

* Cost of equity k = risk-free rate (of the profile's currency) + beta x equity risk premium
  (CAPM, no extra "startup premium": Equidam puts the risk of failure into survival rates).
* Survival: the chance a young firm is alive t years on, S(age + t) / S(age), from Equidam's
  published curve (76.1 %, 62.2 %, 52.6 % after years 1-3, 27.4 % at year 10), interpolated
  log-linearly and extended with the last segment's slope.
* PV = sum_t S_t FCF_t / (1 + k)^t over the projection (:mod:`goldmine.valuation.projection`).
* Terminal value at year N, both ways: perpetuity growth FCF_{N+1} / (k - gT) with the target
  margin (Gordon), and exit multiple R_N x EV/revenue (public SaaS by default); both discounted
  and weighted by S_N.
* Equity = EV + cash, less Damodaran's illiquidity discount for private firms (interpolated on
  log revenue between 34.2 % and 25.4 % for unprofitable firms, 26.3 % and 15.8 % for
  profitable ones, $5M to $1B revenue).  A negative result is floored at 0 (limited liability)
  and flagged.
* value = mean of the two terminal-value variants; low and high = the smaller and larger.

:func:`dcf_table` gives the sensitivity of the perpetuity-growth value to k and gT (a :class:`DcfGrid`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine.errors import AnalysisError
from goldmine.valuation._config import FxTable, config, default_fx, multiples
from goldmine.valuation.base import MethodResult, age_years, interp
from goldmine.valuation.projection import Projection, project

if TYPE_CHECKING:
    from goldmine.model import Startup


@dataclass(frozen=True)
class DcfGrid:
    """Equity value (perpetuity-growth DCF, after the illiquidity discount) over discount rate x terminal
    growth: ``values[i][j]`` at ``discount_rates[i]`` and ``terminal_growth[j]``; ``None`` where k - g is
    below ``income.min_spread``."""

    discount_rates: tuple[float, ...]
    terminal_growth: tuple[float, ...]
    values: tuple[tuple[float | None, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"discount_rates": list(self.discount_rates), "terminal_growth": list(self.terminal_growth),
                "values": [list(row) for row in self.values]}


def cost_of_equity(currency: str) -> tuple[float, dict[str, Any]]:
    """``rf + beta x ERP`` for ``currency`` (USD rate when the currency has none), with sources."""
    inc = config().income
    rf_table = inc.risk_free
    rf_entry = rf_table.get(currency, rf_table["USD"])
    rf, beta, erp = float(rf_entry.value), float(inc.beta.value), float(inc.equity_risk_premium.value)
    return rf + beta * erp, {"risk_free": rf, "risk_free_source": rf_entry.source, "beta": beta,
                             "equity_risk_premium": erp, "cost_of_equity": rf + beta * erp}


def survival(years: float) -> float:
    """Unconditional survival after ``years`` from founding (Equidam's curve, log-linear)."""
    pts = config().income.survival.points
    xs = [float(k) for k in sorted(pts)]
    logs = [math.log(float(pts[k])) for k in sorted(pts)]
    if years <= xs[-1]:
        return math.exp(interp(years, xs, logs))
    slope = (logs[-1] - logs[-2]) / (xs[-1] - xs[-2])
    return math.exp(logs[-1] + slope * (years - xs[-1]))


def conditional_survival(age: float, t: float) -> float:
    """Chance a firm aged ``age`` is still alive ``t`` years on: S(age + t) / S(age)."""
    return survival(age + t) / survival(age)


def illiquidity_discount(revenue_usd: float, profitable: bool) -> float:
    """Damodaran's private-firm illiquidity discount, interpolated on log revenue (flat outside)."""
    ill = config().income.illiquidity
    lo, hi = (float(v) for v in ill.revenue_usd)
    row = ill.profitable if profitable else ill.unprofitable
    x = math.log(max(revenue_usd, 1.0))
    return interp(x, [math.log(lo), math.log(hi)], [float(row[0]), float(row[1])])


def dcf_value(proj: Projection, k: float, g_terminal: float, *, age: float, cash: float,
              exit_multiple: float | None = None, target_margin: float | None = None) -> dict[str, float]:
    """Enterprise and equity values of a projection (before the illiquidity discount)."""
    if k <= g_terminal:
        raise AnalysisError("valuation.error.k_below_growth", k=k, g=g_terminal)
    m_t = float(config().projection.target_operating_margin if target_margin is None else target_margin)
    n = len(proj.years)
    s = [conditional_survival(age, t) for t in proj.years]
    pv = sum(s[i] * proj.fcf[i] / (1 + k) ** proj.years[i] for i in range(n))
    disc_n = s[-1] / (1 + k) ** proj.years[-1]
    fcf_next = proj.revenue[-1] * (1 + g_terminal) * m_t * (1 - proj.tax_rate)
    tv_growth = fcf_next / (k - g_terminal)
    out = {"pv_explicit": pv, "tv_growth": tv_growth, "pv_tv_growth": disc_n * tv_growth,
           "equity_growth": pv + disc_n * tv_growth + cash, "survival_n": s[-1]}
    if exit_multiple is not None:
        tv_exit = proj.revenue[-1] * exit_multiple
        out.update(tv_exit=tv_exit, pv_tv_exit=disc_n * tv_exit, equity_exit=pv + disc_n * tv_exit + cash)
    return out


def income(startup: Startup, *, fx: FxTable | None = None, projection: Projection | None = None) -> MethodResult:
    """The DCF method on a profile; not applicable without revenue (no cash flows to discount)."""
    ccy = startup.currency
    proj = projection or project(startup)
    if proj is None:
        return MethodResult.not_applicable("income", ccy, "valuation.reason.no_revenue")
    fx = fx or default_fx()
    k, k_info = cost_of_equity(ccy)
    g_t = float(config().projection.terminal_growth)
    exit_key = config().income.exit_multiple
    exit_mult = float(multiples()[exit_key].value)
    age = age_years(startup)
    raw = dcf_value(proj, k, g_t, age=age, cash=startup.financials.cash, exit_multiple=exit_mult)
    rev_usd = fx.convert(proj.revenue0, ccy, "USD")
    disc = illiquidity_discount(rev_usd, proj.margin0 > 0)
    v_growth = raw["equity_growth"] * (1 - disc)
    v_exit = raw["equity_exit"] * (1 - disc)
    floored = v_growth < 0 or v_exit < 0
    v_growth, v_exit = max(0.0, v_growth), max(0.0, v_exit)
    return MethodResult(
        name="income", currency=ccy, value=(v_growth + v_exit) / 2, low=min(v_growth, v_exit), high=max(v_growth, v_exit),
        assumptions={**k_info, "terminal_growth": g_t, "exit_multiple": exit_mult, "exit_multiple_key": exit_key,
                     "age_years": age, "illiquidity_discount": disc, "growth0": proj.growth0,
                     "growth_basis": proj.growth_basis, "tax_rate": proj.tax_rate,
                     "target_operating_margin": float(config().projection.target_operating_margin),
                     "source": config().income.source},
        details={"value_perpetuity_growth": v_growth, "value_exit_multiple": v_exit, "floored_at_zero": floored,
                 **{k2: v for k2, v in raw.items()}, "projection": proj.to_dict()},
    )


def dcf_table(startup: Startup, *, fx: FxTable | None = None, rate_steps: tuple[float, ...] = (-0.04, -0.02, 0.0, 0.02, 0.04),
              growths: tuple[float, ...] = (0.015, 0.02, 0.025, 0.03, 0.035)) -> DcfGrid | None:
    """Equity value (perpetuity growth, after the illiquidity discount) over discount rate x terminal growth.

    Cells with k - g below ``income.min_spread`` (data/valuation.yaml) are ``None``: the Gordon value
    explodes as k approaches g.  ``None`` without revenue.
    """
    proj = project(startup)
    if proj is None:
        return None
    fx = fx or default_fx()
    k0, _ = cost_of_equity(startup.currency)
    disc = illiquidity_discount(fx.convert(proj.revenue0, startup.currency, "USD"), proj.margin0 > 0)
    age = age_years(startup)
    rates = [round(k0 + d, 6) for d in rate_steps]
    spread = float(config().income.min_spread.value)
    rows: list[tuple[float | None, ...]] = []
    for k in rates:
        row: list[float | None] = []
        for g in growths:
            if k - g < spread:  # Gordon's k - g in the denominator: too close says nothing
                row.append(None)
                continue
            p = project(startup, terminal_growth=g)
            assert p is not None  # invariant: the same profile projected above, only the terminal growth differs
            row.append(max(0.0, dcf_value(p, k, g, age=age, cash=startup.financials.cash)["equity_growth"] * (1 - disc)))
        rows.append(tuple(row))
    return DcfGrid(tuple(rates), tuple(growths), tuple(rows))
