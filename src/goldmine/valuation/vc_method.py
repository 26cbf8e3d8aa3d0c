"""Venture-capital method: post-money = exit value / (1 + required return)^years.

Required returns by stage follow Equidam's table ("Required ROIs of the VC method",
support.equidam.com): the fund multiple investors need, divided by the success rate (only
successes pay) and by the retention (the share left after later rounds' dilution), annualised
over 8 years:

    required ROI = (fund_multiple / success_rate / retention) ** (1 / 8) - 1

which gives idea 94.08 %, development 76.32 %, startup 56.77 %, expansion 48.93 %, growth 34.89 %.

The exit value is the projected revenue in ``vc_method.years`` (5) times an exit multiple (the
AI M&A median 13.1x of Q2 2026, or public SaaS 7x for a valuation date before it: the first of
``vc_method.exit_multiple`` not dated after the valuation date; range public SaaS 7x to 2025 AI
round medians).  Without revenue the SOM
(the profile's own obtainable revenue per year) stands in for the exit-year revenue, and the
assumptions say so; without either the method does not apply.  No new money is assumed, so the
value is both pre- and post-money.

* :func:`required_return`, :func:`stage_required_return` — the returns.
* :func:`vc_post_money` — the formula.
* :func:`vc_method` — the method on a profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from goldmine.errors import AnalysisError
from goldmine.valuation._config import EquidamStage, config, equidam_stage, multiples
from goldmine.valuation.base import MethodResult
from goldmine.valuation.projection import Projection, project

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.valuation.asof import AsOf


def required_return(fund_multiple: float, success_rate: float, retention: float, years: float = 8) -> float:
    """Equidam's required ROI: ``(fund_multiple / success_rate / retention) ** (1 / years) - 1``."""
    if not (0 < success_rate <= 1 and 0 < retention <= 1 and fund_multiple > 0 and years > 0):
        raise AnalysisError("valuation.error.required_return", fund_multiple=fund_multiple, success_rate=success_rate,
                            retention=retention, years=years)
    return float((fund_multiple / success_rate / retention) ** (1.0 / years) - 1.0)


def stage_inputs(equidam: EquidamStage) -> dict[str, float]:
    """Fund multiple, success rate and retention of an Equidam stage, at the precision the
    published intermediate columns imply (see ``data/valuation.yaml``)."""
    row = config().required_returns.stages[equidam]
    fm = float(row.fund_multiple)
    success = fm / float(row.target_multiple)
    retention = float(row.target_multiple) / float(row.multiple_over_retention)
    return {"fund_multiple": fm, "success_rate": success, "retention": retention}


def stage_required_return(stage: str) -> float:
    """Required ROI for one of our stages (``seed``...) or Equidam's (``development``...)."""
    table = config().required_returns
    eq = next((s for s in table.stages if s == stage), None) or equidam_stage(stage)
    return required_return(**stage_inputs(eq), years=float(table.years))


def vc_post_money(exit_value: float, required: float, years: float) -> float:
    """``exit_value / (1 + required) ** years``."""
    return float(exit_value) / float((1.0 + required) ** years)


def exit_revenue(startup: Startup, proj: Projection | None, years: int) -> tuple[float | None, str]:
    """Revenue in the exit year: projected, else the SOM, else ``None``."""
    if proj is not None:
        return proj.revenue[min(years, len(proj.revenue)) - 1], "projection"
    if startup.market.som:
        return float(startup.market.som), "som"
    return None, "none"


def vc_method(startup: Startup, *, projection: Projection | None = None, exit_multiple: float | None = None,
              asof: AsOf | None = None) -> MethodResult:
    """The VC method on a profile (range: public SaaS to AI-round multiples).

    The central exit multiple is the first of ``vc_method.exit_multiple`` not dated after the valuation
    date (the AI M&A median of Q2 2026 cannot price a company on 2025-10-31: public SaaS then); the low
    and high multiples are left out the same way when dated after it.
    """
    from goldmine.valuation.asof import AsOf, first_dated

    ccy = startup.currency
    cfg = config().vc_method
    years = int(cfg.years)
    asof = asof or AsOf.of(startup)
    proj = projection if projection is not None else project(startup)
    rev, basis = exit_revenue(startup, proj, years)
    if rev is None:
        return MethodResult.not_applicable("vc_method", ccy, "valuation.reason.no_exit_revenue")
    m = multiples()
    key, seen = first_dated(cfg.exit_multiple, asof)
    if exit_multiple is None and key is None:
        return MethodResult(name="vc_method", currency=ccy, value=None, low=None, high=None, applicable=False,
                            reason="valuation.reason.no_dated_multiple", inputs=tuple(seen))
    central = float(exit_multiple if exit_multiple is not None else m[str(key)].value)
    bounds = [asof.judge(f"multiple:{k}", "market", m[k].date, m[k].source) for k in (cfg.low_multiple, cfg.high_multiple)]
    low_m = float(m[cfg.low_multiple].value) if bounds[0].used else central
    high_m = float(m[cfg.high_multiple].value) if bounds[1].used else central
    r = stage_required_return(startup.stage.value)

    def v(mult: float) -> float:
        return vc_post_money(rev * mult, r, years)

    return MethodResult(
        name="vc_method", currency=ccy, value=v(central), low=v(min(low_m, central)), high=v(max(high_m, central)),
        assumptions={"required_return": r, "equidam_stage": equidam_stage(startup.stage.value), "years": years,
                     "exit_revenue": rev, "exit_revenue_basis": basis, "exit_multiple": central,
                     "exit_multiple_key": key if exit_multiple is None else "given",
                     "low_multiple": low_m, "high_multiple": high_m,
                     "source": config().required_returns.source},
        details={"exit_value": rev * central}, inputs=tuple(seen) + tuple(bounds),
    )
