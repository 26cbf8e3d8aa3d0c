"""The seed's comparison of financing routes, made specific to one startup.

The seed article: 《AI大模型创业：泡沫还是金矿？》 (undated) §6.1.

Routes: angel equity, SAFE, venture capital by stage, bank debt, venture debt, government grant,
reward and equity crowdfunding. Each has a cost of capital (level and what it consists of), the
dilution, the loss of control, the speed (months to money) and its fit for the profile's stage,
from ``goldmine/data/financing.yaml`` (every row with its source and date;
:class:`~goldmine.financing.config.FinancingConfig`). The fit is the stage fit of the table,
lowered with a stated reason when the profile contradicts a route's premise: debt needs revenue
(《AI大模型创业：泡沫还是金矿？》 §6.1.2: "stable cash flow and repayment capacity"), venture debt
follows a priced round, crowdfunding suits consumer-facing products (§6.1.5).

Results are language-neutral: what a route's cost consists of and why its fit was lowered are
:class:`~goldmine.i18n.messages.Message` objects (``financing.cost_basis.*``,
``financing.reason.*``), rendered at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from goldmine.financing.config import FinancingConfig, Level, financing_config
from goldmine.i18n.messages import Message, Term
from goldmine.results import Result

if TYPE_CHECKING:
    from goldmine.model import Startup

LEVELS: tuple[Level, ...] = ("none", "low", "medium", "high")
Fit = Literal["good", "possible", "poor"]


@dataclass(frozen=True)
class Route:
    key: str
    cost: Level
    cost_basis: Message
    dilution: Level
    control: Level
    speed_months: tuple[int | float, int | float]
    fit: Fit
    reasons: tuple[Message, ...]
    source: str

    def cost_text(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        return t(f"financing.level.{self.cost}", lang)

    def to_dict(self) -> dict[str, Any]:
        return {"route": self.key, "cost": self.cost, "cost_basis": self.cost_basis.to_dict(), "dilution": self.dilution,
                "control": self.control, "speed_months": list(self.speed_months), "fit": self.fit,
                "reasons": [r.to_dict() for r in self.reasons], "source": self.source}


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


def compare_routes(startup: Startup, config: FinancingConfig | None = None) -> RouteComparison:
    """Rank the financing routes for ``startup``: good fits first (``config``: the routes table,
    default the shipped ``data/financing.yaml``)."""
    cfg = config or financing_config()
    stage = startup.stage
    revenue = startup.financials.monthly_revenue or 0
    priced = any(r.instrument.value == "equity" for r in startup.rounds)
    out = []
    for key, row in cfg.routes.items():
        fit: Fit = "good" if stage in row.good else "possible" if stage in row.possible else "poor"
        reasons: list[Message] = []
        if row.needs_revenue and revenue <= 0:
            fit = "poor"
            reasons.append(Message("financing.reason.no_revenue"))
        if row.needs_equity_round and not priced:
            fit = _lower(fit)
            reasons.append(Message("financing.reason.no_priced_round"))
        if row.consumer_verticals and startup.vertical not in row.consumer_verticals:
            fit = _lower(fit)
            reasons.append(Message("financing.reason.not_consumer", {"vertical": Term(f"vertical.{startup.vertical.value}")}))
        out.append(Route(key, row.cost, Message(f"financing.cost_basis.{key}"), row.dilution, row.control,
                         row.speed_months, fit, tuple(reasons), row.source))
    order = {"good": 0, "possible": 1, "poor": 2}
    out.sort(key=lambda r: (order[r.fit], LEVELS.index(r.cost), LEVELS.index(r.dilution)))
    return RouteComparison(startup.id, stage.value, tuple(out))


def _lower(fit: Fit) -> Fit:
    return "possible" if fit == "good" else "poor"
