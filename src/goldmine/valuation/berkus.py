"""Berkus method (Dave Berkus, berkonomics.com): pre-revenue valuation from five elements.

Each element is worth up to $500k (so at most $2.5M in all; scaled to the region of a non-US company
by :mod:`goldmine.valuation.anchors`): sound idea (basic value, product
risk), prototype (technology risk), quality management team (execution risk), strategic
relationships (market risk), product rollout or sales (production risk).  Berkus designed it for
companies *before* revenue: once a company has revenue the method does not apply and says so.

* :func:`berkus_value` — sum of element fractions (0..1) x the element maximum.
* :func:`profile_elements` — fractions derived from a profile (rules in the function's docstring).
* :func:`berkus` — the method on a profile, as a :class:`MethodResult`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from goldmine.errors import AnalysisError
from goldmine.valuation._config import FxTable, config, default_fx
from goldmine.valuation.base import MethodResult

if TYPE_CHECKING:
    from goldmine.model import Startup

ELEMENTS = ("sound_idea", "prototype", "quality_team", "strategic_relationships", "product_rollout")


def berkus_value(fractions: Mapping[str, float], element_max: float) -> float:
    """``sum(fraction_e x element_max)`` over the five elements; each fraction must lie in [0, 1]."""
    unknown = set(fractions) - set(ELEMENTS)
    if unknown:
        raise AnalysisError("valuation.error.berkus_elements", found=", ".join(sorted(unknown)), known=", ".join(ELEMENTS))
    for k, v in fractions.items():
        if not 0.0 <= v <= 1.0:
            raise AnalysisError("valuation.error.berkus_fraction", path=k, found=v)
    return float(element_max) * sum(float(fractions.get(e, 0.0)) for e in ELEMENTS)


def profile_elements(startup: Startup, fx: FxTable | None = None) -> dict[str, float]:
    """Element fractions from a profile (goldmine's rules).

    sound idea: SAM >= $1B 1.0, >= $100M 0.6, smaller 0.3, unknown 0; prototype: a measured
    accuracy and recall 0.6, proprietary data +0.2, own or fine-tuned model +0.2; quality team:
    two or more founders 0.4, AI-research or industry background +0.3, serial founder +0.3;
    strategic relationships: an outside round 0.5, early demand (initial_demand > 0) 0.5;
    product rollout: early demand 0.5 (revenue would make the method inapplicable).
    """
    fx = fx or default_fx()
    sam = startup.market.sam
    sam_usd = None if sam is None else fx.convert(sam, startup.currency, "USD")
    idea = 0.0 if sam_usd is None else 1.0 if sam_usd >= 1e9 else 0.6 if sam_usd >= 1e8 else 0.3
    tech = startup.technology
    proto = 0.6 if (tech.accuracy is not None and tech.recall is not None) else 0.0
    if tech.proprietary_data is not None and tech.proprietary_data.exists:
        proto += 0.2
    if tech.foundation_model is not None and tech.foundation_model.value in ("own", "fine_tuned_open"):
        proto += 0.2
    founders = startup.team.founders
    bg = {b.value for f in founders for b in f.background}
    team = (0.4 if len(founders) >= 2 else 0.0) + (0.3 if bg & {"ai_research", "industry"} else 0.0) \
        + (0.3 if "serial_founder" in bg else 0.0)
    demand = (startup.market.initial_demand or 0) > 0
    rel = (0.5 if startup.rounds else 0.0) + (0.5 if demand else 0.0)
    rollout = 0.5 if demand else 0.0
    return {"sound_idea": min(1.0, idea), "prototype": min(1.0, proto), "quality_team": min(1.0, team),
            "strategic_relationships": min(1.0, rel), "product_rollout": min(1.0, rollout)}


def berkus(startup: Startup, *, fractions: Mapping[str, float] | None = None, fx: FxTable | None = None,
           region: str | None = None) -> MethodResult:
    """Berkus on a profile: not applicable once the company has revenue or from Series A on.

    The element maximum is Berkus's $500k scaled to the profile's region
    (:func:`goldmine.valuation.anchors.berkus_element_max`).  The range moves every element 0.2 down
    and up (clamped to 0..1).
    """
    from goldmine.valuation.anchors import berkus_element_max, region_for

    ccy = startup.currency
    if startup.stage.value not in config().anchors.early_stage_only:
        return MethodResult.not_applicable("berkus", ccy, "valuation.reason.early_stage_only", stage=startup.stage.value)
    if startup.financials.monthly_revenue:
        return MethodResult.not_applicable("berkus", ccy, "valuation.reason.post_revenue",
                                           monthly_revenue=startup.financials.monthly_revenue)
    fx = fx or default_fx()
    element_max, info = berkus_element_max(ccy, fx, region_for(startup, region))
    f = dict(fractions) if fractions is not None else profile_elements(startup, fx)
    value = berkus_value(f, element_max)
    low = berkus_value({k: max(0.0, v - 0.2) for k, v in f.items()}, element_max)
    high = berkus_value({k: min(1.0, v + 0.2) for k, v in f.items()}, element_max)
    return MethodResult(name="berkus", currency=ccy, value=value, low=low, high=high,
                        assumptions={**info, "fractions": f})
