"""Derived quantities, one home each (goldmine convention: one home per quantity).

Every section of goldmine that needs one of these quantities imports it from here, so a company
gets the same growth, burn and runway in its risk table, its runway section, its valuation and its
report:

* :mod:`goldmine.metrics.growth` — compound growth (CMGR, CAGR), annualisation, the revenue growth
  of a monthly history;
* :mod:`goldmine.metrics.cash` — net burn and the simple runway (cash over net burn);
* :mod:`goldmine.metrics.rounds` — the last post-money valuation and the money raised;
* :mod:`goldmine.metrics.seed` — the seed's formulas (the seed article 《AI大模型创业：泡沫还是金矿？》 (undated)
  ch.5): model performance, update speed, demand D(t), competition pressure P(t), funding demand
  R(t) and the piecewise cash flow C(t).
"""

from goldmine.metrics.cash import net_burn, runway_months, startup_runway
from goldmine.metrics.growth import (
    GrowthEstimate,
    LogGrowthSteps,
    annualise,
    cagr,
    cmgr,
    demand_growth,
    log_growth_steps,
    monthly_rate,
    revenue_growth,
)
from goldmine.metrics.rounds import last_post_money, total_raised
from goldmine.metrics.seed import (
    Compounding,
    cash_flow,
    cash_flow_phase,
    competition_pressure,
    demand,
    funding_demand,
    model_performance,
    update_speed,
)

__all__ = [
    "Compounding", "GrowthEstimate", "LogGrowthSteps", "annualise", "cagr", "cash_flow", "cash_flow_phase", "cmgr", "competition_pressure",
    "demand", "funding_demand", "model_performance", "net_burn", "revenue_growth", "runway_months", "startup_runway",
    "last_post_money", "demand_growth", "log_growth_steps", "monthly_rate", "total_raised", "update_speed",
]
