"""First Chicago method: the probability-weighted value of upside, base and downside scenarios.

value = sum(p_s x V_s), with sum(p_s) = 1 (First Chicago Corporation's venture arm; Scherlis and
Sahlman, 1987).  Each scenario is valued by another method: here the upside and base by the VC
method (high and central exit multiple, faster growth in the upside) and the downside by the
book value of the cost method (the company winds down).

* :func:`first_chicago_value` — the formula (golden case: 20 % x $10M + 60 % x $5M + 20 % x $1M = $5.2M).
* :func:`first_chicago` — the method from three scenario values.
* :func:`first_chicago_for` — the scenarios of a profile from its VC-method and cost results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from goldmine.errors import AnalysisError
from goldmine.i18n.messages import Message
from goldmine.valuation._config import config
from goldmine.valuation.base import MethodResult
from goldmine.valuation.projection import initial_growth, project
from goldmine.valuation.vc_method import vc_method

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.valuation.asof import AsOf

BASIS = Message("valuation.first_chicago.basis")   # how the three scenarios of a profile are valued


def first_chicago_value(scenarios: Mapping[str, tuple[float, float]]) -> float:
    """``sum(p x value)`` over ``{name: (probability, value)}``; probabilities must sum to 1."""
    total = sum(p for p, _ in scenarios.values())
    if abs(total - 1.0) > 1e-9 or any(p < 0 for p, _ in scenarios.values()):
        raise AnalysisError("valuation.error.probabilities", found=round(total, 4))
    return float(sum(p * v for p, v in scenarios.values()))


def first_chicago(currency: str, upside: float | None, base: float | None, downside: float | None,
                  probabilities: Mapping[str, float] | None = None, basis: Message | None = None) -> MethodResult:
    """The method from scenario values already computed (``None`` for a scenario means not applicable);
    ``basis`` says how the scenarios were valued (a message)."""
    if upside is None or base is None or downside is None:
        return MethodResult.not_applicable("first_chicago", currency, "valuation.reason.no_exit_revenue")
    probs = dict(probabilities or config().first_chicago.probabilities.model_dump())
    scen = {"upside": (probs["upside"], upside), "base": (probs["base"], base), "downside": (probs["downside"], downside)}
    value = first_chicago_value(scen)
    return MethodResult(name="first_chicago", currency=currency, value=value,
                        low=min(upside, base, downside), high=max(upside, base, downside),
                        assumptions={"probabilities": probs, "basis": basis, "source": config().first_chicago.source},
                        details={"scenarios": {k: v for k, (_, v) in scen.items()}})


def first_chicago_for(startup: Startup, vc: MethodResult, cost_result: MethodResult,
                      asof: AsOf | None = None) -> MethodResult:
    """Upside: VC method at the high multiple on 1.5x the initial growth (capped); base: the VC
    method; downside: the book value of the cost method (never above the base)."""
    if not vc.applicable or vc.value is None or cost_result.low is None:
        return first_chicago(startup.currency, None, None, None)
    high = float(vc.assumptions["high_multiple"])
    if vc.assumptions.get("exit_revenue_basis") == "projection":
        g, _ = initial_growth(startup)
        cap = float(config().projection.growth_cap)
        up = vc_method(startup, projection=project(startup, growth0=min(cap, 1.5 * g)), exit_multiple=high, asof=asof)
    else:
        up = vc_method(startup, exit_multiple=high, asof=asof)
    return first_chicago(startup.currency, upside=max(float(up.value or 0.0), vc.value), base=vc.value,
                         downside=min(cost_result.low, vc.value),
                         basis=BASIS)
