"""Market sizing and the seed's market indicators (issue #4; seed 003 §5.2, seed 000 §1.2).

* :func:`top_down` — TAM from a published market size, SAM and SOM as shares of it.
* :func:`bottom_up` — TAM = all potential customers x annual revenue per customer; SAM = the
  reachable share; SOM = the share obtainable in a few years (the usual VC definition: e.g.
  Blank and Dorf, The Startup Owner's Manual, 2012, ch. 3).
* :func:`from_profile` — the TAM/SAM/SOM a profile states, with the implied shares.
* :func:`cagr` — compound annual growth rate ``(end / start)^(1 / years) - 1``.
* :func:`seed_demand` — the seed's ``D(t) = D0 e^{kt}`` (continuous) or ``D0 (1 + k)^t``
  (discrete, what the seed's code computes).
* :func:`competition_pressure` — the seed's ``P(t) = N(t) S(t) / D(t)``: competitors times the
  company's share per unit of demand (seed 003 §5.2).  It is an indicator, not a probability:
  it rises when rivals multiply or demand stalls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from goldmine.errors import AnalysisError
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
        raise AnalysisError(f"TAM must be >= 0, found {tam}", f"TAM 应不小于 0，实际为 {tam}")
    sam = tam * sam_share
    return MarketSize("top_down", tam, sam, sam * som_share, sam_share, som_share,
                      {"tam": tam, "sam_share": sam_share, "som_share": som_share})


def bottom_up(customers: float, annual_revenue_per_customer: float, reachable_share: float, obtainable_share: float) -> MarketSize:
    """TAM = customers x annual revenue per customer; SAM = TAM x reachable; SOM = SAM x obtainable."""
    _check_share("reachable_share", reachable_share)
    _check_share("obtainable_share", obtainable_share)
    if customers < 0 or annual_revenue_per_customer < 0:
        raise AnalysisError("customers and revenue per customer must be >= 0", "客户数与单客户收入应不小于 0")
    tam = customers * annual_revenue_per_customer
    sam = tam * reachable_share
    return MarketSize("bottom_up", tam, sam, sam * obtainable_share, reachable_share, obtainable_share,
                      {"customers": customers, "annual_revenue_per_customer": annual_revenue_per_customer,
                       "reachable_share": reachable_share, "obtainable_share": obtainable_share})


def from_profile(profile: Any) -> MarketSize:
    """The sizes a :class:`goldmine.model.Startup` states, with the shares they imply."""
    m = profile.market
    sam_share = m.sam / m.tam if m.sam is not None and m.tam else None
    som_share = m.som / m.sam if m.som is not None and m.sam else None
    return MarketSize("profile", m.tam, m.sam, m.som, sam_share, som_share, {})


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate ``(end / start)^(1 / years) - 1`` (start, end > 0, years > 0)."""
    if start <= 0 or end <= 0 or years <= 0:
        raise AnalysisError(f"CAGR needs start > 0, end > 0 and years > 0; found {start}, {end}, {years}",
                            f"复合年增长率要求起点、终点与年数均大于 0；实际为 {start}、{end}、{years}")
    return float((end / start) ** (1.0 / years) - 1.0)


def seed_demand(d0: float, k: float, t: np.ndarray | float, compounding: str = "continuous") -> np.ndarray:
    """The seed's market demand: ``D0 e^{kt}`` (continuous) or ``D0 (1 + k)^t`` (discrete)."""
    t = np.asarray(t, dtype="float64")
    if compounding == "continuous":
        return d0 * np.exp(k * t)
    if compounding == "discrete":
        return d0 * (1.0 + k) ** t
    raise AnalysisError(f"compounding must be continuous or discrete, found {compounding!r}",
                        f"复利方式应为 continuous 或 discrete，实际为 {compounding!r}")


def competition_pressure(competitors: np.ndarray | float, share: np.ndarray | float, demand: np.ndarray | float) -> np.ndarray:
    """The seed's ``P(t) = N(t) S(t) / D(t)`` (seed 003 §5.2); ``inf`` where demand is 0."""
    n = np.asarray(competitors, dtype="float64")
    s = np.asarray(share, dtype="float64")
    d = np.asarray(demand, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(d > 0, n * s / np.where(d > 0, d, 1.0), np.inf)


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


def pressure_path(profile: Any, horizon: int = 24, competitor_growth: float = 0.0, compounding: str = "discrete") -> PressurePath:
    """P(t) for a profile: D(t) from its D0 and k (per month), N(t) = N0 (1 + competitor_growth)^t, S fixed."""
    m = profile.market
    if m.initial_demand is None or m.growth_rate is None or m.competitors is None or m.market_share is None:
        raise AnalysisError("competition pressure needs market.initial_demand, growth_rate, competitors and market_share",
                            "竞争压力需要 market.initial_demand、growth_rate、competitors 与 market_share")
    k = m.growth_rate if m.growth_period == "month" else (1 + m.growth_rate) ** (1 / 12) - 1
    if compounding == "continuous":
        k = m.growth_rate / 12 if m.growth_period == "year" else m.growth_rate
    months = np.arange(horizon + 1)
    demand = seed_demand(m.initial_demand, k, months, compounding)
    comps = m.competitors * (1.0 + competitor_growth) ** months
    return PressurePath(months.tolist(), demand.tolist(), comps.tolist(), m.market_share,
                        competition_pressure(comps, m.market_share, demand).tolist(), compounding)


def _check_share(name: str, v: float) -> None:
    if not 0.0 <= v <= 1.0:
        raise AnalysisError(f"{name} must be between 0 and 1, found {v}", f"{name} 应在 0 与 1 之间，实际为 {v}")
