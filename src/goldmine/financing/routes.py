"""The seed's comparison of financing routes (seed 003 §6.1), made specific to one startup.

Routes: angel equity, SAFE, venture capital by stage, bank debt, venture debt, government grant,
reward and equity crowdfunding. Each has a cost of capital (level and what it consists of), the
dilution, the loss of control, the speed (months to money) and its fit for the profile's stage,
from ``goldmine/data/financing.yaml`` (every row with its source and date). The fit is the
stage fit of the table, lowered with a stated reason when the profile contradicts a route's
premise: debt needs revenue (seed 003 §6.1.2: "stable cash flow and repayment capacity"),
venture debt follows a priced round, crowdfunding suits consumer-facing products (§6.1.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from goldmine.datafiles import read_data_text
from goldmine.results import Result

LEVELS = ("none", "low", "medium", "high")


@lru_cache(maxsize=4)
def load_routes(path: str | None = None) -> dict[str, Any]:
    """The defaults and routes table (the packaged file, or ``path`` with the same shape)."""
    text = Path(path).read_text(encoding="utf-8") if path else read_data_text("financing.yaml")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Route:
    key: str
    cost: str
    cost_basis: str
    dilution: str
    control: str
    speed_months: tuple[float, float]
    fit: str                      # good, possible, poor
    reasons: tuple[tuple[str, dict[str, Any]], ...]
    source: str

    def cost_text(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        return t(f"financing.level.{self.cost}", lang)

    def to_dict(self) -> dict[str, Any]:
        return {"route": self.key, "cost": self.cost, "cost_basis": self.cost_basis, "dilution": self.dilution,
                "control": self.control, "speed_months": list(self.speed_months), "fit": self.fit,
                "reasons": [k for k, _ in self.reasons], "source": self.source}


@dataclass(frozen=True)
class RouteComparison(Result):
    startup: str | None
    stage: str
    routes: tuple[Route, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"startup": self.startup, "stage": self.stage, "routes": [r.to_dict() for r in self.routes]}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        good = [t(f"financing.route.{r.key}", lang) for r in self.routes if r.fit == "good"]
        return t("financing.summary.routes", lang, stage=self.stage, routes=", ".join(good) or "—")


def compare_routes(startup: Any, table: dict[str, Any] | None = None) -> RouteComparison:
    """Rank the financing routes for ``startup`` (a :class:`goldmine.model.Startup`): good fits first."""
    data = table or load_routes()
    stage = startup.stage.value
    revenue = startup.financials.monthly_revenue or 0
    priced = any(r.instrument.value == "equity" for r in startup.rounds)
    out = []
    for key, row in data["routes"].items():
        fit = "good" if stage in row.get("good", []) else "possible" if stage in row.get("possible", []) else "poor"
        reasons: list[tuple[str, dict[str, Any]]] = []
        if row.get("needs_revenue") and revenue <= 0:
            fit = "poor"
            reasons.append(("financing.reason.no_revenue", {}))
        if row.get("needs_equity_round") and not priced:
            fit = _lower(fit)
            reasons.append(("financing.reason.no_priced_round", {}))
        verticals = row.get("consumer_verticals")
        if verticals and startup.vertical.value not in verticals:
            fit = _lower(fit)
            reasons.append(("financing.reason.not_consumer", {"vertical": startup.vertical.value}))
        lo, hi = row["speed_months"]
        out.append(Route(key, row["cost"], row["cost_basis"], row["dilution"], row["control"], (lo, hi), fit,
                         tuple(reasons), row["source"]))
    order = {"good": 0, "possible": 1, "poor": 2}
    out.sort(key=lambda r: (order[r.fit], LEVELS.index(r.cost), LEVELS.index(r.dilution)))
    return RouteComparison(startup.id, stage, tuple(out))


def _lower(fit: str) -> str:
    return {"good": "possible", "possible": "poor"}.get(fit, "poor")
