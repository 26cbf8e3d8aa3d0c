"""Income method: a discounted-cash-flow valuation for early-stage companies (issue #15), after
Equidam's DCF (support.equidam.com methodology pages) with three changes an early-stage company needs.

* **Cost of equity** k = risk-free rate of the profile's currency + beta x (mature-market equity
  risk premium + the country risk premium of the country of operations): Damodaran's January 2025
  update, ERP 4.33 % and China's CRP 0.94 % (Moody's A1; total ERP 5.27 %), so a Chinese company's
  k is 1.7 % + 1.25 x 5.27 % = 8.29 %.  No extra "startup premium": failure enters through survival.
* **Cash flows** from :mod:`goldmine.valuation.projection`: revenue from the one growth model, costs
  line by line (cost of revenue with revenue, sales with revenue, the rest with headcount), tax after
  losses carried forward: FCF_t = EBIT_t - tax_t.  No margin is assumed; it follows.
* **Survival** from the stage priors (:mod:`goldmine.valuation.survival`: Carta's graduation, CB
  Insights' and Carta's outcomes of stalled companies, the median time between rounds), the same the
  runway and the deal engine use, venture-capital-method style: PV = cash + sum_t S_t FCF_t / (1 + k)^t
  + S_N TV / (1 + k)^N.
* **Terminal value** both ways: perpetuity growth, TV = EBIT_N (1 + gT)(1 - tax) / (k - gT), only when
  the company earns an operating profit in year N (a loss-making steady state has no going-concern
  value: the variant is left out and ``details.variants_left_out`` says why); and exit multiple,
  TV = R_N x EV/revenue (public SaaS 7x, the first multiple of ``income.exit_multiple`` dated on or
  before the valuation date).
* Equity = PV less Damodaran's illiquidity discount for private firms (interpolated on log revenue
  between 34.2 % and 25.4 % for unprofitable firms, 26.3 % and 15.8 % for profitable ones, $5M to
  $1B).  value = the mean of the terminal-value variants; low and high = the smallest and largest
  variant at k + 2 and k - 2 points (``income.range_step``).
* **Never floored**: when the value is not positive (losses and failure outweigh the terminal value),
  the method is excluded with the reason ``valuation.reason.dcf_not_positive`` and the computed value
  in ``details.value_before_exclusion``; without any terminal variant, ``valuation.reason.dcf_no_terminal``.

:func:`dcf_table` gives the same value over k x gT (a :class:`DcfGrid`): its centre cell is the
headline value (same function, same inputs); rows whose every cell is too close to Gordon's
k - g blow-up are left out.  :func:`survival` and :func:`conditional_survival` keep Equidam's
published curve (76.1 %, 62.2 %, 52.6 % after years 1-3, 27.4 % at year 10) as a cross-check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine.errors import AnalysisError
from goldmine.valuation._config import FxTable, config, default_fx, multiples
from goldmine.valuation.base import MethodResult, interp
from goldmine.valuation.projection import Projection, project

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.valuation.asof import AsOf, DatedInput

PERPETUITY = "perpetuity_growth"
EXIT = "exit_multiple"


@dataclass(frozen=True)
class DcfGrid:
    """Equity value of the DCF (the method's value: mean of its terminal-value variants, after the
    illiquidity discount) over discount rate x terminal growth: ``values[i][j]`` at
    ``discount_rates[i]`` and ``terminal_growth[j]``; ``None`` where k - g is below
    ``income.min_spread``.  ``centre`` = (i, j) of the headline cell: its value is the method's value."""

    discount_rates: tuple[float, ...]
    terminal_growth: tuple[float, ...]
    values: tuple[tuple[float | None, ...], ...]
    centre: tuple[int, int] = (0, 0)

    @property
    def centre_value(self) -> float | None:
        i, j = self.centre
        return self.values[i][j]

    def to_dict(self) -> dict[str, Any]:
        return {"discount_rates": list(self.discount_rates), "terminal_growth": list(self.terminal_growth),
                "values": [list(row) for row in self.values], "centre": list(self.centre)}


def country_risk_premium(country: str | None, currency: str) -> tuple[float, dict[str, Any]]:
    """Damodaran's CRP of the country of operations (else of the currency's country; 0 when neither
    is listed, and the assumptions say so)."""
    inc = config().income
    table = inc.country_risk_premium
    code = (country or "").upper()
    basis = "country"
    if code not in table:
        code, basis = inc.currency_country.get(currency, ""), "currency"
    entry = table.get(code)
    if entry is None:
        return 0.0, {"country_risk_premium": 0.0, "crp_country": country, "crp_basis": "not_listed"}
    return float(entry.value), {"country_risk_premium": float(entry.value), "crp_country": code, "crp_basis": basis,
                                "crp_source": entry.source, "crp_date": str(entry.date)}


def cost_of_equity(currency: str, country: str | None = None) -> tuple[float, dict[str, Any]]:
    """``rf + beta x (ERP + CRP)`` for ``currency`` (USD rate when the currency has none) and the
    country of operations, with sources."""
    inc = config().income
    rf_table = inc.risk_free
    rf_entry = rf_table.get(currency, rf_table["USD"])
    rf, beta, erp = float(rf_entry.value), float(inc.beta.value), float(inc.equity_risk_premium.value)
    crp, crp_info = country_risk_premium(country, currency)
    k = rf + beta * (erp + crp)
    return k, {"risk_free": rf, "risk_free_source": rf_entry.source, "risk_free_date": str(rf_entry.date),
               "beta": beta, "equity_risk_premium": erp, "erp_source": inc.equity_risk_premium.source,
               **crp_info, "cost_of_equity": k}


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
    """Chance a firm aged ``age`` is still alive ``t`` years on: S(age + t) / S(age) (Equidam's curve)."""
    return survival(age + t) / survival(age)


def illiquidity_discount(revenue_usd: float, profitable: bool) -> float:
    """Damodaran's private-firm illiquidity discount, interpolated on log revenue (flat outside)."""
    ill = config().income.illiquidity
    lo, hi = (float(v) for v in ill.revenue_usd)
    row = ill.profitable if profitable else ill.unprofitable
    x = math.log(max(revenue_usd, 1.0))
    return interp(x, [math.log(lo), math.log(hi)], [float(row[0]), float(row[1])])


def dcf_value(proj: Projection, k: float, g_terminal: float, *, survival_weights: list[float], cash: float,
              exit_multiple: float | None = None) -> dict[str, float]:
    """Enterprise parts and equity values of a projection (before the illiquidity discount).

    ``equity_growth`` (perpetuity growth) only when year N earns an operating profit; ``equity_exit``
    only with an exit multiple.
    """
    if k <= g_terminal:
        raise AnalysisError("valuation.error.k_below_growth", k=k, g=g_terminal)
    n = len(proj.years)
    s = survival_weights
    pv = sum(s[i] * proj.fcf[i] / (1 + k) ** proj.years[i] for i in range(n))
    disc_n = s[-1] / (1 + k) ** proj.years[-1]
    out = {"pv_explicit": pv, "survival_n": s[-1], "discount_n": disc_n}
    ebit_next = proj.ebit[-1] * (1 + g_terminal)
    if ebit_next > 0:
        tv_growth = ebit_next * (1 - proj.tax_rate) / (k - g_terminal)
        out.update(tv_growth=tv_growth, pv_tv_growth=disc_n * tv_growth, equity_growth=pv + disc_n * tv_growth + cash)
    if exit_multiple is not None:
        tv_exit = proj.revenue[-1] * exit_multiple
        out.update(tv_exit=tv_exit, pv_tv_exit=disc_n * tv_exit, equity_exit=pv + disc_n * tv_exit + cash)
    return out


@dataclass(frozen=True)
class _Dcf:
    """What the DCF of one profile holds fixed across discount rates and terminal growths."""

    startup: Startup
    survival_weights: list[float]
    exit_multiple: float | None
    discount: float
    cash: float

    def variants(self, proj: Projection, k: float, g: float) -> tuple[dict[str, float], dict[str, float]]:
        """Equity by terminal-value variant after the illiquidity discount, and the raw parts."""
        raw = dcf_value(proj, k, g, survival_weights=self.survival_weights, cash=self.cash,
                        exit_multiple=self.exit_multiple)
        out = {}
        if "equity_growth" in raw:
            out[PERPETUITY] = raw["equity_growth"] * (1 - self.discount)
        if "equity_exit" in raw:
            out[EXIT] = raw["equity_exit"] * (1 - self.discount)
        return out, raw

    def value(self, proj: Projection, k: float, g: float) -> float | None:
        """The method's value at (k, g): the mean of the variants (``None`` without any)."""
        v, _ = self.variants(proj, k, g)
        return sum(v.values()) / len(v) if v else None


def _context(startup: Startup, proj: Projection, fx: FxTable, asof: AsOf) -> tuple[_Dcf, dict[str, Any], list[DatedInput]]:
    from goldmine.valuation.asof import first_dated
    from goldmine.valuation.survival import elapsed_months, ladder, sources, stage_survival

    key, seen = first_dated(config().income.exit_multiple, asof)
    exit_mult = None if key is None else float(multiples()[key].value)
    last = startup.rounds[-1].date if startup.rounds else startup.identity.founded
    elapsed = elapsed_months(last, asof.date)
    weights = stage_survival(startup.stage.value, elapsed, proj.years)
    rev_usd = fx.convert(proj.revenue0, startup.currency, "USD")
    disc = illiquidity_discount(rev_usd, proj.margin0 > 0)
    ctx = _Dcf(startup, weights, exit_mult, disc, startup.financials.cash)
    info = {"exit_multiple": exit_mult, "exit_multiple_key": key, "illiquidity_discount": disc,
            "survival_basis": "stage_priors", "survival_source": config().income.stage_survival.source,
            "survival_priors": sources(), "months_since_last_round": elapsed,
            "ladder": [r.to_dict() for r in ladder(startup.stage.value, elapsed)], "survival": weights}
    return ctx, info, seen


def rate_inputs(startup: Startup, asof: AsOf) -> list[DatedInput]:
    """The risk-free rate, ERP and CRP of a profile as dated inputs."""
    inc = config().income
    rf = inc.risk_free.get(startup.currency, inc.risk_free["USD"])
    out = [asof.judge(f"risk_free:{startup.currency if startup.currency in inc.risk_free else 'USD'}", "market",
                      rf.date, rf.source),
           asof.judge("equity_risk_premium", "market", inc.equity_risk_premium.date, inc.equity_risk_premium.source)]
    _, crp = country_risk_premium(startup.identity.country, startup.currency)
    if "crp_source" in crp:
        out.append(asof.judge(f"country_risk_premium:{crp['crp_country']}", "market", crp["crp_date"], crp["crp_source"]))
    return out


def income(startup: Startup, *, fx: FxTable | None = None, projection: Projection | None = None,
           asof: AsOf | None = None) -> MethodResult:
    """The DCF method on a profile; not applicable without revenue (no cash flows to discount), nor
    when its value is not positive (excluded with the reason, never floored)."""
    from goldmine.valuation.asof import AsOf

    ccy = startup.currency
    proj = projection or project(startup)
    if proj is None:
        return MethodResult.not_applicable("income", ccy, "valuation.reason.no_revenue")
    fx = fx or default_fx()
    asof = asof or AsOf.of(startup)
    k, k_info = cost_of_equity(ccy, startup.identity.country)
    g_t = float(config().projection.terminal_growth)
    ctx, info, seen = _context(startup, proj, fx, asof)
    inputs = tuple(seen) + tuple(rate_inputs(startup, asof))
    variants, raw = ctx.variants(proj, k, g_t)
    step = float(config().income.range_step.value)
    assumptions = {**k_info, "terminal_growth": g_t, **{k2: v for k2, v in info.items() if k2 not in ("survival", "ladder")},
                   "growth0": proj.growth0, "growth_basis": proj.growth_basis, "tax_rate": proj.tax_rate,
                   "gross_margin": proj.gross_margin, "gross_margin_basis": proj.gross_margin_basis,
                   "headcount_elasticity": float(config().projection.costs.headcount_elasticity.value),
                   "range_step": step, "source": config().income.source}
    left_out = {} if PERPETUITY in variants else {PERPETUITY: "valuation.dcf.loss_at_horizon"}
    if EXIT not in variants:
        left_out[EXIT] = "valuation.dcf.no_exit_multiple"
    details = {"variants": variants, "variants_left_out": left_out, "loss_years": proj.loss_years,
               "survival": info["survival"], "ladder": info["ladder"],
               **{k2: v for k2, v in raw.items()}, "projection": proj.to_dict()}
    if not variants:
        return MethodResult(name="income", currency=ccy, value=None, low=None, high=None, applicable=False,
                            reason="valuation.reason.dcf_no_terminal", assumptions=assumptions, details=details,
                            inputs=inputs)
    value = sum(variants.values()) / len(variants)
    if value <= 0:
        return MethodResult(name="income", currency=ccy, value=None, low=None, high=None, applicable=False,
                            reason="valuation.reason.dcf_not_positive", assumptions=assumptions,
                            details={**details, "value_before_exclusion": value}, inputs=inputs)
    lo_v, _ = ctx.variants(proj, k + step, g_t)
    hi_v, _ = ctx.variants(proj, k - step, g_t) if k - step > g_t else (variants, raw)
    low = min([value, *lo_v.values()])
    high = max([value, *hi_v.values()])
    return MethodResult(name="income", currency=ccy, value=value, low=low, high=high, assumptions=assumptions,
                        details={**details, "value_perpetuity_growth": variants.get(PERPETUITY),
                                 "value_exit_multiple": variants.get(EXIT)}, inputs=inputs)


def dcf_table(startup: Startup, *, fx: FxTable | None = None, asof: AsOf | None = None,
              rate_steps: tuple[float, ...] = (-0.04, -0.02, 0.0, 0.02, 0.04),
              growths: tuple[float, ...] = (0.015, 0.02, 0.025, 0.03, 0.035)) -> DcfGrid | None:
    """The DCF's value over discount rate x terminal growth (the method's own value at each cell).

    Cells with k - g below ``income.min_spread`` (data/valuation.yaml) are ``None``: the Gordon value
    explodes as k approaches g; a row with no cell left is dropped.  The centre cell (k of the
    profile, gT of the configuration) is computed exactly as the headline.  ``None`` without revenue
    or when the method is excluded (no headline to centre on).
    """
    from goldmine.valuation.asof import AsOf

    proj = project(startup)
    if proj is None:
        return None
    fx = fx or default_fx()
    asof = asof or AsOf.of(startup)
    k0, _ = cost_of_equity(startup.currency, startup.identity.country)
    g0 = float(config().projection.terminal_growth)
    ctx, _, _ = _context(startup, proj, fx, asof)
    centre = ctx.value(proj, k0, g0)
    spread = float(config().income.min_spread.value)
    if centre is None or centre <= 0 or k0 - g0 < spread:
        return None
    gs = sorted(set(growths) | {g0})
    projections = {g: (proj if g == g0 else project(startup, terminal_growth=g)) for g in gs}
    rates: list[float] = []
    rows: list[tuple[float | None, ...]] = []
    for d in sorted(set(rate_steps) | {0.0}):
        k = k0 if d == 0 else round(k0 + d, 6)
        row: list[float | None] = []
        for g in gs:
            p = projections[g]
            if k - g < spread or p is None:  # Gordon's k - g in the denominator: too close says nothing
                row.append(None)
                continue
            row.append(ctx.value(p, k, g))
        if any(v is not None for v in row):
            rates.append(k)
            rows.append(tuple(row))
    return DcfGrid(tuple(rates), tuple(gs), tuple(rows), (rates.index(k0), gs.index(g0)))
