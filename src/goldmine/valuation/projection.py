"""Revenue and cost projection shared by the income, VC and First Chicago methods (issue #15: revenue
and costs projected separately, line by line, not a margin that drifts).

goldmine's rules (``data/valuation.yaml`` ``projection``), stated in docs/valuation.md:

* **Revenue** starts at the run rate R0 = latest monthly revenue x 12 and follows the one growth model
  of goldmine (:mod:`goldmine.growth`, issue #13), the one the runway uses: today's growth (the
  revenue history shrunk toward the prior of companies of its size), decaying by the growth
  endurance each year, never above the obtainable market (SOM); year t's revenue is the sum of the
  model's central months, its growth g_t the ratio of two years, floored at the terminal growth gT
  once the model's growth falls below it; ``growth0`` (First Chicago's upside) states today's growth.
* **Costs**, from today's gross burn (``financials.monthly_burn`` x 12) split by
  ``financials.burn_breakdown`` (the whole burn as one ``operating`` line when there is none):
  the cost of revenue, R_t x (1 - gross margin) (the profile's margin, else ``data/finance.yaml``'s
  default), is taken out of the compute line first (then out of the others in proportion) and grows
  with revenue; the lines of ``costs.with_revenue`` (sales) grow in proportion to revenue; every other
  line (staff, data, training compute, other) grows with headcount, and headcount with revenue at the
  elasticity ``costs.headcount_elasticity`` (0.75): line_t = line_0 x (R_t / R0)^0.75.
* **Operating profit** EBIT_t = R_t - costs_t; the margin EBIT_t / R_t is an output, never an input.
  Tax at the country's rate on profit after losses carried forward (``costs.tax_losses``);
  FCF_t = EBIT_t - tax_t (no capital expenditure or working capital: software companies, stated).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldmine.growth import GrowthModel, growth_model
from goldmine.valuation._config import config
from goldmine.valuation.base import annual_revenue

if TYPE_CHECKING:
    from goldmine.model import Startup

COST_OF_REVENUE = "cost_of_revenue"


@dataclass(frozen=True)
class Projection:
    """A projection of ``years`` (1..N): revenue, growth, cost lines, operating profit, tax and FCF.

    ``margin`` is EBIT / revenue each year (derived); ``margin0`` today's (revenue - burn) / revenue;
    ``costs`` maps each cost line to its yearly amounts (``cost_of_revenue`` first); ``lines0`` the
    lines of today's annual burn they start from, ``gross_margin`` and ``gross_margin_basis``
    (``profile`` or ``default``), ``headcount`` the implied team size each year.
    """

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
    ebit: list[float] = field(default_factory=list)
    tax: list[float] = field(default_factory=list)
    costs: dict[str, list[float]] = field(default_factory=dict)
    lines0: dict[str, float] = field(default_factory=dict)
    headcount: list[float] = field(default_factory=list)
    gross_margin: float = 0.0
    gross_margin_basis: str = "profile"

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @property
    def loss_years(self) -> int:
        """Years of the horizon with an operating loss."""
        return sum(1 for e in self.ebit if e < 0)


def tax_rate(country: str) -> float:
    rates = config().income.tax_rate
    return float(rates.get(country, rates["default"]).value)


def initial_growth(startup: Startup) -> tuple[float, str]:
    """g0, today's annual growth of the growth model (clamped to [growth_floor, growth_cap]), and its
    basis (``growth_history``, ``growth_history_and_prior``, ``growth_prior``, ``growth_no_revenue``)."""
    p = config().projection
    model = growth_model(startup)
    return min(float(p.growth_cap), max(float(p.growth_floor), model.annual_now)), f"growth_{model.basis}"


def gross_margin(startup: Startup) -> tuple[float, str]:
    """The profile's gross margin, else the finance engine's default (``data/finance.yaml``)."""
    gm = startup.financials.gross_margin
    if gm is not None:
        return float(gm), "profile"
    from goldmine.finance.config import FinanceConfig

    return float(FinanceConfig.shipped().projection.gross_margin.value), "default"


def cost_lines(startup: Startup, revenue0: float, gm: float) -> dict[str, float]:
    """Today's annual costs by line: the cost of revenue first, then the rest of the burn by line."""
    f = startup.financials
    total = 12.0 * f.monthly_burn
    lines = {k: 12.0 * v for k, v in f.burn_breakdown.items() if v > 0}
    rest = total - sum(lines.values())
    if not lines:
        lines = {"operating": total}
    elif rest > 1e-9 * max(total, 1.0):
        lines["unallocated"] = rest
    cor = min(total, max(0.0, revenue0 * (1.0 - gm)))
    take = min(cor, lines.get("compute", 0.0))
    if take > 0:
        lines["compute"] -= take
    left = cor - take
    others = sum(lines.values())
    if left > 0 and others > 0:
        share = min(1.0, left / others)
        lines = {k: v * (1.0 - share) for k, v in lines.items()}
    return {COST_OF_REVENUE: cor, **{k: v for k, v in lines.items() if v > 0}}


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
    gm, gm_basis = gross_margin(startup)
    lines0 = cost_lines(startup, r0, gm)
    c = p.costs
    elasticity = float(c.headcount_elasticity.value)
    with_revenue = set(c.with_revenue.value)
    carry = c.tax_losses.value == "carry_forward"
    tax = tax_rate(startup.identity.country)
    team0 = float(startup.team.size)
    rev, gs, ms, fcf, ebits, taxes, heads = [], [], [], [], [], [], []
    costs: dict[str, list[float]] = {k: [] for k in lines0}
    losses = 0.0
    r = r0
    for t in range(1, n + 1):
        g = max(g_t, years_rev[t - 1] / r - 1.0) if r > 0 else g_t
        r = r * (1 + g)
        log_ratio = math.log(r) - math.log(r0)          # in logs: a subnormal run rate must not overflow
        by_revenue = math.exp(min(log_ratio, 700.0))
        by_head = math.exp(min(elasticity * log_ratio, 700.0))
        total = 0.0
        for k, v0 in lines0.items():
            amount = r * (1.0 - gm) if k == COST_OF_REVENUE else v0 * (by_revenue if k in with_revenue else by_head)
            costs[k].append(amount)
            total += amount
        ebit = r - total
        taxable = ebit
        if carry:
            taxable = ebit - losses if ebit > 0 else 0.0
            losses = max(0.0, losses - ebit) if ebit > 0 else losses - ebit
        tx = tax * taxable if taxable > 0 else 0.0
        rev.append(r)
        gs.append(g)
        ms.append(max(-1e6, ebit / r))      # bounded: a subnormal revenue would give -inf
        ebits.append(ebit)
        taxes.append(tx)
        fcf.append(ebit - tx)
        heads.append(team0 * by_head)
    return Projection(revenue0=r0, growth0=g0, growth_basis=basis, margin0=m0, tax_rate=tax,
                      years=list(range(1, n + 1)), growth=gs, revenue=rev, margin=ms, fcf=fcf, ebit=ebits, tax=taxes,
                      costs=costs, lines0=lines0, headcount=heads, gross_margin=gm, gross_margin_basis=gm_basis)


def _annual_revenue_path(model: GrowthModel, monthly0: float, years: int) -> list[float]:
    """Revenue of years 1..``years``: the sums of the growth model's central months (ceiling included)."""
    months = model.central_revenue(monthly0, 12 * years)
    return [float(months[12 * y:12 * (y + 1)].sum()) for y in range(years)]
