"""The use case of ``goldmine validate``: plausibility checks, values that are valid but deserve a
second look (issue #2).

Each check returns a :class:`Warning` with the field path and a message-catalogue key
(``warn.*``).  Thresholds are stated in the rule itself and are deliberately loose: a warning
asks the analyst to confirm a figure, it never rejects the profile.

Rules
-----
* runway below 3 months: ``cash / (monthly_burn - monthly revenue)``;
* a market share above 30 % with more than 10 competitors;
* SOM above 10 % of TAM for a company before Series A;
* accuracy or recall of exactly 1 (perfect models are a red flag, not a strength);
* compute cost per unit above the price per unit (negative unit margin);
* a gross margin below 0;
* a post-money valuation above 200 times annualised revenue at Series A or later
  (the 2025 aggregates of LLM-centric startups sit at 25-30x; REFERENCES.md "AI multiples").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goldmine.metrics import startup_runway
from goldmine.model.enums import Stage
from goldmine.model.startup import Startup


@dataclass(frozen=True)
class Warning:
    path: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        from goldmine.i18n import t

        return f"{self.path}: {t(self.key, lang, **self.params)}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "key": self.key, "params": dict(self.params)}


def plausibility_warnings(s: Startup) -> list[Warning]:
    """All plausibility warnings for a profile, in field order."""
    out: list[Warning] = []
    f = s.financials
    runway = startup_runway(s)
    if runway < 3:
        out.append(Warning("financials.monthly_burn", "warn.short_runway", {"months": round(runway, 1)}))
    m = s.market
    if m.market_share is not None and m.competitors is not None and m.market_share > 0.3 and m.competitors > 10:
        out.append(Warning("market.market_share", "warn.share_crowded",
                           {"share": round(m.market_share * 100), "n": m.competitors}))
    if m.som is not None and m.tam and s.stage.order < Stage.SERIES_A.order and m.som > 0.1 * m.tam:
        out.append(Warning("market.som", "warn.som_large", {"pct": round(100 * m.som / m.tam)}))
    tech = s.technology
    for name in ("accuracy", "recall"):
        if getattr(tech, name) == 1.0:
            out.append(Warning(f"technology.{name}", "warn.perfect_metric", {}))
    if tech.compute_cost_per_unit is not None and tech.price_per_unit and tech.compute_cost_per_unit > tech.price_per_unit:
        out.append(Warning("technology.compute_cost_per_unit", "warn.negative_unit_margin",
                           {"cost": tech.compute_cost_per_unit, "price": tech.price_per_unit}))
    if f.gross_margin is not None and f.gross_margin < 0:
        out.append(Warning("financials.gross_margin", "warn.negative_margin", {"pct": round(f.gross_margin * 100)}))
    if s.rounds and f.monthly_revenue and s.stage.order >= Stage.SERIES_A.order:
        post = s.rounds[-1].post_money
        if post and post > 200 * 12 * f.monthly_revenue:
            out.append(Warning(f"rounds[{len(s.rounds) - 1}].post_money", "warn.rich_multiple",
                               {"multiple": round(post / (12 * f.monthly_revenue))}))
    return out
