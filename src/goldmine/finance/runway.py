"""One runway analysis of a profile: projection + next-round model + Monte Carlo (issue #4).

:func:`analyze_runway` returns a :class:`RunwayReport`; its ``to_dict()`` is what
``goldmine runway --json`` prints (keys documented in docs/finance.md).  The use case of the
command and of the runway section of ``goldmine analyze`` is
:func:`goldmine.pipeline.runway.run_runway`, which calls this with the run's settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from goldmine.finance.assumptions import Assumptions
from goldmine.finance.config import FinanceConfig
from goldmine.finance.montecarlo import MonteCarloResult, simulate
from goldmine.finance.projection import CashProjection, project, resolve_drivers
from goldmine.finance.rounds import NextRound
from goldmine.growth import GrowthModel
from goldmine.jsonutil import to_jsonable
from goldmine.model import Startup
from goldmine.results import Result


@dataclass(frozen=True)
class RunwayReport(Result):
    startup: str | None
    currency: str
    projection: CashProjection
    next_round: NextRound | None
    monte_carlo: MonteCarloResult | None
    growth: GrowthModel | None = None

    def to_dict(self) -> dict[str, Any]:
        p, mc = self.projection, self.monte_carlo
        out: dict[str, Any] = to_jsonable({
            "startup": self.startup, "currency": self.currency, "as_of": p.as_of, "horizon_months": p.horizon_months,
            "cash": p.cash_now,
            "revenue_now": p.revenue_now, "net_burn_now": p.net_burn_now, "revenue_growth_now": p.revenue_growth_now,
            "runway_deterministic_months": p.runway_months, "cash_out_date": p.cash_out_date,
            "months_to_profitability": p.months_to_profitability, "default_alive": p.default_alive,
            "funding_need": p.funding_need, "funding_need_with_buffer": p.funding_need_with_buffer,
            "p_cash_out": mc.p_cash_out if mc else None,
            "p_cash_out_no_round": mc.p_cash_out_no_round if mc else None,
            "runway_months": mc.runway_months if mc else None,
            "standard_errors": {k: mc.standard_errors[k] for k in ("p_cash_out", "p_cash_out_no_round", "runway_months")}
            if mc else None,
            "growth": self.growth.to_dict() if self.growth else None,
            "next_round": self.next_round.to_dict() if self.next_round else None,
            "monte_carlo": mc.to_dict() if mc else None,
            "projection": p.to_dict(),
        })
        return out

    def summary(self, lang: str | None = None) -> str:
        parts = [self.projection.summary(lang)]
        if self.monte_carlo is not None:
            parts.append(self.monte_carlo.summary(lang))
        return "\n".join(parts)


def analyze_runway(profile: Startup, assumptions: Assumptions | None = None, *, n_paths: int = 100_000, seed: int | None = 0,
                   workers: int = 2, progress: Callable[[int], None] | None = None, config: FinanceConfig | None = None,
                   horizon: int | None = None) -> RunwayReport:
    """Deterministic projection and (when ``n_paths > 0``) the Monte Carlo of one profile.

    ``config``: the defaults (:class:`FinanceConfig`, default the shipped ``data/finance.yaml``);
    ``horizon``: the run's horizon when the assumptions state none (see :func:`resolve_drivers`).
    """
    drivers = resolve_drivers(profile, assumptions, config, horizon=horizon)
    proj = project(profile, drivers=drivers)
    mc = simulate(drivers, n_paths, seed, workers=workers, progress=progress, config=config) if n_paths > 0 else None
    return RunwayReport(profile.id, profile.currency, proj, drivers.next_round, mc, drivers.growth)
