"""Market sizing and the seed's market indicators (issue #4).

Seed articles: 《AI大模型创业：泡沫还是金矿？》 (undated) §5.2; AI天才研究院 & 禅与计算机程序设计艺术,
untitled article on the large-model investment boom (大模型行业的投资热潮, undated) §1.2.

* :func:`top_down` — TAM from a published market size, SAM and SOM as shares of it.
* :func:`bottom_up` — TAM = all potential customers x annual revenue per customer; SAM = the
  reachable share; SOM = the share obtainable in a few years (the usual VC definition: e.g.
  Blank and Dorf, The Startup Owner's Manual, 2012, ch. 3).
* :func:`from_profile` — the TAM/SAM/SOM a profile states, with the implied shares.
* :func:`pressure_path` — the seed's competition pressure ``P(t) = N(t) S(t) / D(t)`` over the
  months ahead for a profile: competitors times the company's share per unit of demand
  (《AI大模型创业：泡沫还是金矿？》 §5.2).  It is an indicator, not a probability: it rises when rivals multiply or demand stalls.

The formulas themselves have one home, :mod:`goldmine.metrics`: the CAGR
(:func:`goldmine.metrics.cagr`), the seed's demand ``D(t)`` (:func:`goldmine.metrics.demand`, the
caller states the compounding) and ``P(t)`` (:func:`goldmine.metrics.competition_pressure`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from goldmine.errors import AnalysisError
from goldmine.metrics import competition_pressure, demand, monthly_rate
from goldmine.model import Startup
from goldmine.results import Result


@dataclass(frozen=True)
class MarketSize(Result):
    """TAM, SAM and SOM per year, the method used and the shares SAM/TAM and SOM/SAM."""

    method: str          # top_down, bottom_up or profile
    tam: float | None
    sam: float | None
    som: float | None
    sam_share: float | None
    som_share: float | None
    inputs: dict[str, Any]

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        method = t(f"market.sizing.{self.method}", lang)
        parts = [f"{n.upper()} {v:,.4g}" for n, v in (("tam", self.tam), ("sam", self.sam), ("som", self.som)) if v is not None]
        return t("market.sizing.heading", lang, method=method) + ": " + ", ".join(parts)


def top_down(tam: float, sam_share: float, som_share: float) -> MarketSize:
    """SAM = TAM x sam_share; SOM = SAM x som_share."""
    _check_share("sam_share", sam_share)
    _check_share("som_share", som_share)
    if tam < 0:
        raise AnalysisError("market.error.negative_tam", path="tam", tam=tam)
    sam = tam * sam_share
    return MarketSize("top_down", tam, sam, sam * som_share, sam_share, som_share,
                      {"tam": tam, "sam_share": sam_share, "som_share": som_share})


def bottom_up(customers: float, annual_revenue_per_customer: float, reachable_share: float, obtainable_share: float) -> MarketSize:
    """TAM = customers x annual revenue per customer; SAM = TAM x reachable; SOM = SAM x obtainable."""
    _check_share("reachable_share", reachable_share)
    _check_share("obtainable_share", obtainable_share)
    if customers < 0 or annual_revenue_per_customer < 0:
        raise AnalysisError("market.error.negative_customers", customers=customers, revenue=annual_revenue_per_customer)
    tam = customers * annual_revenue_per_customer
    sam = tam * reachable_share
    return MarketSize("bottom_up", tam, sam, sam * obtainable_share, reachable_share, obtainable_share,
                      {"customers": customers, "annual_revenue_per_customer": annual_revenue_per_customer,
                       "reachable_share": reachable_share, "obtainable_share": obtainable_share})


def from_profile(profile: Startup) -> MarketSize:
    """The sizes a :class:`goldmine.model.Startup` states, with the shares they imply."""
    m = profile.market
    sam_share = m.sam / m.tam if m.sam is not None and m.tam else None
    som_share = m.som / m.sam if m.som is not None and m.sam else None
    return MarketSize("profile", m.tam, m.sam, m.som, sam_share, som_share, {})


@dataclass(frozen=True)
class PressurePath(Result):
    """The seed's competition pressure over months 0..horizon, with its inputs."""

    months: list[int]
    demand: list[float]
    competitors: list[float]
    share: float
    pressure: list[float]
    compounding: str

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        first, last = self.pressure[0], self.pressure[-1]
        return t("market.pressure.heading", lang) + f": {first:.4g} → {last:.4g} ({self.months[-1]})"


def pressure_path(profile: Startup, horizon: int = 24, competitor_growth: float = 0.0,
                  compounding: Literal["discrete", "continuous"] = "discrete") -> PressurePath:
    """P(t) for a profile: D(t) from its D0 and k (per month), N(t) = N0 (1 + competitor_growth)^t, S fixed.

    ``compounding`` of D(t): ``discrete`` (the seed's code and numeric example, the default here as in
    the risk engine) or ``continuous`` (the seed's formula).
    """
    m = profile.market
    if m.initial_demand is None or m.growth_rate is None or m.competitors is None or m.market_share is None:
        missing = [f"market.{name}" for name, v in (("initial_demand", m.initial_demand), ("growth_rate", m.growth_rate),
                                                   ("competitors", m.competitors), ("market_share", m.market_share)) if v is None]
        raise AnalysisError("market.error.pressure_inputs", path=missing[0], missing=missing)
    k = monthly_rate(m.growth_rate, m.growth_period, compounding)
    months = np.arange(horizon + 1)
    d = demand(m.initial_demand, k, months, compounding)
    comps = m.competitors * (1.0 + competitor_growth) ** months
    return PressurePath(months.tolist(), d.tolist(), comps.tolist(), m.market_share,
                        competition_pressure(comps, m.market_share, d).tolist(), compounding)


def _check_share(name: str, v: float) -> None:
    if not 0.0 <= v <= 1.0:
        raise AnalysisError("market.error.share", path=name, value=v)
