"""Scorecard method (Bill Payne, "Scorecard Valuation Methodology", 2011).

pre-money = average pre-money of comparable pre-revenue companies in the region
            x sum(weight_i x score_i),
with Payne's weights: team 30 %, size of the opportunity 25 %, product/technology 15 %,
competitive environment 10 %, marketing/sales channels/partnerships 10 %, need for additional
investment 5 %, other 5 %.  A score of 100 % means "as good as the average comparable".

* :func:`scorecard_value` — the formula itself (golden case in the tests: Payne's example).
* :func:`average_premoney` — average of comparable pre-money values, converted to one currency.
* :func:`profile_scores` — scores derived from a profile (goldmine's documented rules, below).
* :func:`scorecard` — the method on a profile, as a :class:`MethodResult`.

The regional average defaults to the anchor of the profile's region (:mod:`goldmine.valuation.anchors`:
Carta's US medians by stage, or the published Chinese figure for a Chinese company), converted with
the FX table; pass ``base`` for your own regional average.
The drivers behind each score are messages (``valuation.driver.*`` with their parameters), so a
report can say in its reader's language why a factor scored as it did.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goldmine.errors import AnalysisError
from goldmine.growth import growth_model
from goldmine.i18n.messages import Message, Money
from goldmine.metrics import startup_runway
from goldmine.valuation._config import FxTable, config, default_fx
from goldmine.valuation.base import MethodResult

if TYPE_CHECKING:
    from goldmine.model import Startup

FACTORS = ("team", "opportunity", "product", "competition", "marketing", "funding_need", "other")


def scorecard_value(average_premoney: float, scores: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """Payne's scorecard: ``average_premoney x sum(weights[f] x scores[f])`` (scores as fractions, 1.25 = 125 %)."""
    w = {str(f): float(x) for f, x in (weights or config().scorecard.weights).items()}
    if abs(sum(w.values()) - 1.0) > 1e-9:
        raise AnalysisError("valuation.error.scorecard_weights", found=round(sum(w.values()), 4))
    missing = [f for f in w if f not in scores]
    if missing:
        raise AnalysisError("valuation.error.scorecard_scores", missing=", ".join(missing))
    return float(average_premoney) * float(sum(w[f] * float(scores[f]) for f in w))


def average_premoney(values: Sequence[tuple[float, str]], currency: str, fx: FxTable | None = None) -> float:
    """Mean of comparable pre-money values given as ``(amount, currency)``, in ``currency``."""
    if not values:
        raise AnalysisError("valuation.error.no_premoney_values")
    fx = fx or default_fx()
    return float(sum(fx.convert(v, c, currency) for v, c in values)) / len(values)


def base_premoney(stage: str, currency: str, fx: FxTable | None = None, region: str = "US") -> tuple[float, dict[str, Any]]:
    """The default regional average pre-money for ``stage`` in ``currency``, with its source
    (:func:`goldmine.valuation.anchors.base_premoney`: Carta's US medians, or the region's figure)."""
    from goldmine.valuation.anchors import base_premoney as regional

    return regional(stage, currency, fx, region)


def _clamp(x: float) -> float:
    lo, hi = config().scorecard.clamp
    return min(hi, max(lo, x))


def _driver(name: str, **params: Any) -> Message:
    return Message(f"valuation.driver.{name}", params)


def profile_scores(startup: Startup, fx: FxTable | None = None) -> tuple[dict[str, float], dict[str, list[Message]]]:
    """Scorecard scores (1.0 = average) from a profile, with the drivers behind each (messages).

    Rules (goldmine's, documented in docs/valuation.md), each step +-0.05 to 0.3 from 1.0, clamped:
    team: serial founder +0.15, AI research or academia +0.15, mean experience >= 10 years +0.1,
    a single founder -0.1, key-person concentration >= 0.7 -0.15; opportunity: SAM (USD) >= 1B
    +0.3, >= 300M +0.15, < 50M -0.2; product: own model +0.2, fine-tuned open model +0.1,
    third-party API -0.1, proprietary data +0.15 (+0.1 exclusive), patents +0.05, accuracy x
    recall >= 0.75 +0.05; competition: <= 5 competitors 1.25, <= 15 1.0, <= 40 0.85, more 0.7;
    marketing: revenue +0.15, growth >= 100 %/year +0.15 (today's growth of the growth model,
    :mod:`goldmine.growth`), largest customer > 40 % -0.1; funding need: runway
    (:func:`goldmine.metrics.startup_runway`) >= 18 months 1.2, >= 12 1.0, >= 6 0.85, else 0.7;
    other: IP not assigned -0.15, scraped or unknown data licence -0.1, any public controversy -0.1.
    """
    fx = fx or default_fx()
    ccy = startup.currency
    team, tech, fin, comp = startup.team, startup.technology, startup.financials, startup.compliance
    backgrounds = {b.value for f in team.founders for b in f.background}
    years = [f.years_experience for f in team.founders if f.years_experience is not None]
    sam = startup.market.sam
    sam_usd = None if sam is None else fx.convert(sam, ccy, "USD")
    fm = tech.foundation_model.value if tech.foundation_model is not None else None
    data = tech.proprietary_data
    model = growth_model(startup)      # today's growth of the one growth model (issue #13)
    growth = None if model.basis == "no_revenue" else model.annual_now
    licence = comp.data_licence.value if comp.data_licence is not None else None
    rules: dict[str, list[tuple[bool, float, Message]]] = {
        "team": [
            ("serial_founder" in backgrounds, 0.15, _driver("serial_founder")),
            (bool(backgrounds & {"ai_research", "academia"}), 0.15, _driver("ai_research")),
            (bool(years) and sum(years) / len(years) >= 10, 0.1, _driver("experience", years=10)),
            (len(team.founders) == 1, -0.1, _driver("single_founder")),
            (team.key_person_concentration is not None and team.key_person_concentration >= 0.7, -0.15,
             _driver("key_person", share=0.7)),
        ],
        "opportunity": [
            (sam_usd is None, 0.0, _driver("sam_missing")),
            (sam_usd is not None and sam_usd >= 1e9, 0.3, _driver("sam_at_least", usd=Money(1e9, "USD"))),
            (sam_usd is not None and 3e8 <= sam_usd < 1e9, 0.15, _driver("sam_at_least", usd=Money(3e8, "USD"))),
            (sam_usd is not None and sam_usd < 5e7, -0.2, _driver("sam_below", usd=Money(5e7, "USD"))),
        ],
        "product": [
            (fm == "own", 0.2, _driver("own_model")),
            (fm == "fine_tuned_open", 0.1, _driver("fine_tuned_open")),
            (fm == "third_party_api", -0.1, _driver("third_party_api")),
            (data is not None and data.exists, 0.15, _driver("proprietary_data")),
            (data is not None and data.exists and bool(data.exclusive), 0.1, _driver("exclusive_data")),
            (bool(tech.patents), 0.05, _driver("patents")),
            (tech.accuracy is not None and tech.recall is not None and tech.accuracy * tech.recall >= 0.75, 0.05,
             _driver("accuracy_recall", at_least=0.75)),
        ],
        "marketing": [
            (bool(fin.monthly_revenue), 0.15, _driver("revenue")),
            (growth is not None and growth >= 1.0, 0.15, _driver("growth", at_least=1.0)),
            (fin.customer_concentration is not None and fin.customer_concentration > 0.4, -0.1,
             _driver("customer_concentration", above=0.4)),
        ],
        "other": [
            (comp.ip_assigned is False, -0.15, _driver("ip_not_assigned")),
            (licence in ("scraped", "unknown"), -0.1, _driver(f"data_licence_{licence}")),
            (bool(startup.social.controversies), -0.1, _driver("controversies")),
        ],
    }
    scores: dict[str, float] = {}
    why: dict[str, list[Message]] = {f: [] for f in FACTORS}
    for factor, items in rules.items():
        hits = [(delta, label) for cond, delta, label in items if cond]
        scores[factor] = _clamp(1.0 + sum(d for d, _ in hits))
        why[factor] = [label for _, label in hits]

    n = startup.market.competitors
    if n is None:
        scores["competition"], why["competition"] = 1.0, [_driver("competitors_missing")]
    else:
        scores["competition"] = 1.25 if n <= 5 else 1.0 if n <= 15 else 0.85 if n <= 40 else 0.7
        why["competition"] = [_driver("competitors", n=n)]
    r = startup_runway(startup)
    scores["funding_need"] = 1.2 if r >= 18 else 1.0 if r >= 12 else 0.85 if r >= 6 else 0.7
    why["funding_need"] = [_driver("runway_unlimited") if math.isinf(r) else _driver("runway", months=round(r, 1))]
    scores = {f: scores[f] for f in FACTORS}
    return scores, why


def scorecard(startup: Startup, *, base: float | None = None, scores: Mapping[str, float] | None = None,
              fx: FxTable | None = None, region: str | None = None) -> MethodResult:
    """The scorecard method on a profile; not applicable from Series A on (an early-stage method).

    The base is ``base`` when given, else the anchor of the profile's region
    (:func:`goldmine.valuation.anchors.region_for`; ``region`` overrides it).  The range moves every
    score 25 points down and up (the resolution of the scoring).
    """
    from goldmine.valuation.anchors import region_for

    ccy = startup.currency
    if startup.stage.value not in config().anchors.early_stage_only:
        return MethodResult.not_applicable("scorecard", ccy, "valuation.reason.early_stage_only", stage=startup.stage.value)
    fx = fx or default_fx()
    if base is None:
        base, info = base_premoney(startup.stage.value, ccy, fx, region_for(startup, region))
    else:
        info = {"base_premoney": float(base), "base_source": "user"}
    drivers: dict[str, list[Message]] = {}
    if scores is None:
        scores, drivers = profile_scores(startup, fx)
    weights = {str(f): float(x) for f, x in config().scorecard.weights.items()}
    value = scorecard_value(base, scores, weights)
    total = value / base
    return MethodResult(
        name="scorecard", currency=ccy, value=value, low=base * max(0.0, total - 0.25), high=base * (total + 0.25),
        assumptions={**info, "weights": dict(weights), "scores": dict(scores),
                     "source": config().scorecard.source},
        details={"drivers": drivers, "weighted_score": total},
    )
