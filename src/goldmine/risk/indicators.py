"""Risk indicators: documented functions of the startup profile, each with a 0-100 risk score.

Each indicator reads named profile fields, computes a value with a stated unit, and maps it to
a risk score through the scale or category table of ``data/risk.yaml`` (0 = no risk, 100 =
maximal).  Indicator names are stable: the valuation module maps them into the 12 risks of the
risk-factor-summation method, and ``docs/risk.md`` lists them.

Seed indicators (the seed article 《AI大模型创业：泡沫还是金矿？》 (undated) ch.5; the formulas are
:mod:`goldmine.metrics.seed`, their one home): ``model_performance`` (Accuracy x Recall),
``update_speed`` (1/T), ``demand_growth`` (annualised k).

The seed's textbook formulas are **methods**, not indicators (issue #16): ``demand_forecast``
(D(t)), ``competition_pressure`` (N S / D), ``funding_demand`` (R(t)), ``funding_coverage``
(cash / R(t)) and ``cash_flow`` (piecewise C(t)) depend on the profile's units or on R(t)'s
illustrative parameters, so :func:`methods` computes them for the report's appendix, unscored and
outside the dimensions; their scale-free companions are scored.

Beyond the seed, what investors in AI companies check: ``api_dependency`` and
``foundation_model`` ("wrapper" risk), ``proprietary_data``, ``frontier_gap`` (update cadence
against frontier releases, Epoch AI; only for a company that depends on large language models,
:func:`depends_on_llms`), ``key_person_concentration``, ``ai_talent_share``,
``revenue_growth``, ``competitor_count``, ``market_share``, ``customer_concentration``,
``runway_months``, ``next_round_timing`` (against Carta / Crunchbase medians),
``stage_maturity`` (Equidam's success rate of the stage), ``gross_margin``,
``inference_margin`` (compute cost against price), ``vertical_regulation``, ``eu_ai_act_tier``,
``data_sensitivity``, ``compliance_gaps``, ``data_licence``, ``ip_assignment``,
``public_acceptance``, ``ethics_governance``, ``societal_sensitivity``, ``controversies``.

Growth, burn and runway come from :mod:`goldmine.metrics` too (``revenue_growth``,
``startup_runway``, ``net_burn``, ``annualise``), so the risk table quotes the numbers the runway,
valuation and report sections quote.

Missing inputs give ``missing=True``, ``score=None`` and the field paths in ``missing_inputs``:
the aggregate counts them at the configured ``missing_score`` and lowers its confidence.

Explanations are language-neutral: a message key (``risk.explain.*``) and parameters (numbers
formatted the same in every language, codes as :class:`~goldmine.i18n.messages.Term`, amounts as
:class:`~goldmine.i18n.messages.Money`); :meth:`Indicator.explain` renders them for people.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from goldmine import metrics
from goldmine.i18n.messages import Message, Money, Term
from goldmine.model import Startup
from goldmine.results import Result
from goldmine.risk.compliance import ComplianceItem, eu_ai_act_tier, sensitive, serves, term
from goldmine.risk.config import RiskConfig

_SEED = "《AI大模型创业：泡沫还是金矿？》(undated) ch.5"
_DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Indicator(Result):
    """One risk indicator.

    ``value`` is in ``unit`` (a category name for categorical indicators); ``score`` is the 0-100
    risk score, ``None`` when the indicator is missing or informational (``scored`` false: a seed
    quantity whose magnitude depends on the profile's units).  ``coverage`` is the share of its
    inputs that were known (1 complete, 0 missing); ``explanation`` is a message key
    (``risk.explain.*``) filled with ``params`` (:attr:`message`; :meth:`explain` renders it).
    """

    name: str
    dimension: str
    value: float | str | None
    unit: str
    score: float | None
    source: str
    inputs: tuple[str, ...]
    missing: bool = False
    missing_inputs: tuple[str, ...] = ()
    coverage: float = 1.0
    weight: float = 0.0
    scored: bool = True
    explanation: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> Message:
        """The explanation as a language-neutral message (missing inputs: ``risk.explain.missing``)."""
        if self.missing:
            key = "risk.explain.missing" if self.scored else "risk.explain.not_computed"
            return Message(key, {"fields": self.missing_inputs})
        return Message(self.explanation, self.params)

    def explain(self, lang: str = "en") -> str:
        """The explanation in ``lang`` ("month", "series_b", "mixed"... as words of the language)."""
        return self.message.render(lang) if self.missing or self.explanation else ""

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        result: dict[str, Any] = to_jsonable({
            "name": self.name, "value": self.value, "unit": self.unit, "score": _round(self.score),
            "source": self.source, "missing": self.missing, "missing_inputs": list(self.missing_inputs),
            "coverage": self.coverage, "weight": self.weight, "scored": self.scored,
            "inputs": list(self.inputs), "explanation": self.message.to_dict(), "detail": self.detail,
        })
        return result

    def summary(self, lang: str | None = None) -> str:
        score = "—" if self.score is None else f"{self.score:.0f}"
        return f"{self.name} = {_fmt(self.value)} {self.unit} (risk {score}): {self.explain(lang or 'en')}"


def _round(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(float(x), digits)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "∞" if math.isinf(v) else f"{v:.4g}"
    return "—" if v is None else str(v)


# --------------------------------------------------------------------------- helpers
class _Ctx:
    """What the indicator builders share: the profile, the configuration, the checklist."""

    def __init__(self, s: Startup, cfg: RiskConfig, checklist: tuple[ComplianceItem, ...]):
        self.s, self.cfg, self.checklist = s, cfg, checklist

    def make(self, name: str, dimension: str, value: Any, unit: str, score: float | None, source: str,
             inputs: tuple[str, ...], explanation: str = "", params: Mapping[str, Any] | None = None,
             detail: dict[str, Any] | None = None, scored: bool = True, coverage: float = 1.0,
             missing_inputs: tuple[str, ...] = ()) -> Indicator:
        if score is not None:
            score = min(100.0, max(0.0, float(score)))
        return Indicator(name, dimension, value, unit, score, source, inputs, False, missing_inputs, coverage,
                         self.cfg.weight(dimension, name) if scored else 0.0, scored,
                         explanation or f"risk.explain.{name}", params or {}, detail or {})

    def missing(self, name: str, dimension: str, unit: str, source: str, inputs: tuple[str, ...],
                missing_inputs: tuple[str, ...], scored: bool = True) -> Indicator:
        return Indicator(name, dimension, None, unit, None, source, inputs, True, missing_inputs, 0.0,
                         self.cfg.weight(dimension, name) if scored else 0.0, scored,
                         "risk.explain.missing" if scored else "risk.explain.not_computed", {"fields": missing_inputs})


def _absent(paths: dict[str, Any]) -> tuple[str, ...]:
    return tuple(p for p, v in paths.items() if v is None)


# --------------------------------------------------------------------------- technical
def model_performance(c: _Ctx) -> Indicator:
    """Accuracy x Recall scored on ``scales.model_performance`` (《AI大模型创业：泡沫还是金矿？》 §5.1)."""
    tech = c.s.technology
    ins = {"technology.accuracy": tech.accuracy, "technology.recall": tech.recall}
    src = f"{_SEED} §5.1 (Accuracy x Recall)"
    if _absent(ins):
        return c.missing("model_performance", "technical", "fraction", src, tuple(ins), _absent(ins))
    v = float(metrics.model_performance(tech.accuracy, tech.recall))
    return c.make("model_performance", "technical", v, "fraction", c.cfg.score("model_performance", v), src, tuple(ins),
                  params={"accuracy": f"{tech.accuracy:.2f}", "recall": f"{tech.recall:.2f}", "value": f"{v:.3f}"})


def update_speed(c: _Ctx) -> Indicator:
    """1 / T releases per month scored on ``scales.update_speed`` (《AI大模型创业：泡沫还是金矿？》 §5.1)."""
    T = c.s.technology.update_cycle_months
    src = f"{_SEED} §5.1 (update speed 1/T)"
    if T is None:
        return c.missing("update_speed", "technical", "per month", src, ("technology.update_cycle_months",),
                         ("technology.update_cycle_months",))
    v = float(metrics.update_speed(T))
    return c.make("update_speed", "technical", v, "per month", c.cfg.score("update_speed", v), src,
                  ("technology.update_cycle_months",), params={"months": f"{T:g}", "per_year": f"{12 * v:.1f}"})


def depends_on_llms(s: Startup, cfg: RiskConfig) -> bool:
    """Whether frontier language-model releases concern ``s`` (``frontier.applies_to`` in risk.yaml).

    A model provider (vertical ``infrastructure``), a company that generates content for its users
    (activity ``generative_content``), or one with nlp or multimodal models that names a model
    provider or does not list its activities; a profile that states no model type is kept (the
    question is open).  A computer-vision company is not.
    """
    scope = cfg.frontier.applies_to
    tech = s.technology
    if s.vertical in scope.verticals or any(a in scope.activities for a in s.compliance.activities):
        return True
    if not tech.model_types:
        return True
    language = any(m in scope.model_types for m in tech.model_types)
    return language and (bool(tech.providers) or not s.compliance.activities)


def frontier_gap(c: _Ctx) -> Indicator | None:
    """T x frontier releases per month: frontier models released between two own updates (Epoch AI).

    ``None`` (left out, its dimension's weights rescaled) for a company that does not depend on
    large language models (:func:`depends_on_llms`)."""
    if not depends_on_llms(c.s, c.cfg):
        return None
    T = c.s.technology.update_cycle_months
    per_month = c.cfg.frontier.releases_per_month
    src = f"Epoch AI 2025: about {per_month:g} frontier-scale (>1e25 FLOP) models a month in 2024"
    if T is None:
        return c.missing("frontier_gap", "technical", "releases", src, ("technology.update_cycle_months",),
                         ("technology.update_cycle_months",))
    v = T * per_month
    return c.make("frontier_gap", "technical", v, "releases", c.cfg.score("frontier_gap", v), src,
                  ("technology.update_cycle_months",), params={"months": f"{T:g}", "releases": f"{v:.0f}"})


def api_dependency(c: _Ctx) -> Indicator:
    """Share of inference served by third-party model APIs ("wrapper" risk)."""
    share = c.s.technology.api_dependency_share
    src = "goldmine: third-party model API dependence (wrapper risk)"
    if share is None:
        return c.missing("api_dependency", "technical", "fraction", src, ("technology.api_dependency_share",),
                         ("technology.api_dependency_share",))
    providers = tuple(c.s.technology.providers)
    return c.make("api_dependency", "technical", share, "fraction", c.cfg.score("api_dependency", share), src,
                  ("technology.api_dependency_share", "technology.providers"),
                  params={"pct": f"{share * 100:.0f}", "providers": providers})


def foundation_model(c: _Ctx) -> Indicator:
    """Where the core model comes from: own, fine-tuned open weights, or a third-party API."""
    fm = c.s.technology.foundation_model
    src = "goldmine: foundation-model control"
    if fm is None:
        return c.missing("foundation_model", "technical", "category", src, ("technology.foundation_model",),
                         ("technology.foundation_model",))
    return c.make("foundation_model", "technical", fm.value, "category", c.cfg.category("foundation_model", fm.value),
                  src, ("technology.foundation_model",), explanation=f"risk.explain.foundation_model.{fm.value}")


def proprietary_data(c: _Ctx) -> Indicator:
    """Proprietary, ideally exclusive, data (the AI moat)."""
    pd = c.s.technology.proprietary_data
    src = "goldmine: proprietary data as moat"
    path = "technology.proprietary_data"
    if pd is None:
        return c.missing("proprietary_data", "technical", "category", src, (path,), (path,))
    miss: tuple[str, ...] = ()
    if not pd.exists:
        key, cov = "none", 1.0
    elif pd.exclusive is None:
        key, cov, miss = "exclusivity_unknown", 0.5, (f"{path}.exclusive",)
    else:
        key, cov = ("exclusive" if pd.exclusive else "non_exclusive"), 1.0
    return c.make("proprietary_data", "technical", key, "category", c.cfg.category("proprietary_data", key), src,
                  (path,), explanation=f"risk.explain.proprietary_data.{key}", coverage=cov, missing_inputs=miss,
                  detail={"records": pd.records} if pd.records is not None else {})


def key_person_concentration(c: _Ctx) -> Indicator:
    """Share of critical know-how held by the most important person (《AI大模型创业：泡沫还是金矿？》 §5.1 team building)."""
    v = c.s.team.key_person_concentration
    src = f"{_SEED} §5.1 (team building); goldmine"
    if v is None:
        return c.missing("key_person_concentration", "technical", "fraction", src, ("team.key_person_concentration",),
                         ("team.key_person_concentration",))
    return c.make("key_person_concentration", "technical", v, "fraction", c.cfg.score("key_person_concentration", v), src,
                  ("team.key_person_concentration",), params={"pct": f"{v * 100:.0f}"})


def ai_talent_share(c: _Ctx) -> Indicator:
    """AI researchers / headcount (《AI大模型创业：泡沫还是金矿？》 §5.1.3: technical complexity needs the team)."""
    team = c.s.team
    src = f"{_SEED} §5.1.3 (technical complexity)"
    if team.ai_researchers is None:
        return c.missing("ai_talent_share", "technical", "fraction", src, ("team.ai_researchers", "team.size"),
                         ("team.ai_researchers",))
    v = team.ai_researchers / team.size
    return c.make("ai_talent_share", "technical", v, "fraction", c.cfg.score("ai_talent_share", v), src,
                  ("team.ai_researchers", "team.size"), params={"n": team.ai_researchers, "size": team.size})


# --------------------------------------------------------------------------- market
def _demand_periods(c: _Ctx) -> float:
    return c.cfg.horizon if c.s.market.growth_period == "month" else c.cfg.horizon / 12.0


def demand_forecast(c: _Ctx) -> Indicator:
    """D(horizon), both compoundings; informational (its unit is the profile's demand unit)."""
    m = c.s.market
    src = f"{_SEED} §5.2 (D(t) = D0 e^(kt); code: D0 (1+k)^t)"
    ins = {"market.initial_demand": m.initial_demand, "market.growth_rate": m.growth_rate}
    if _absent(ins):
        return c.missing("demand_forecast", "market", m.demand_unit or "demand units", src, tuple(ins),
                         _absent(ins), scored=False)
    t = _demand_periods(c)
    disc = float(metrics.demand(m.initial_demand, m.growth_rate, t, "discrete"))
    cont = float(metrics.demand(m.initial_demand, m.growth_rate, t, "continuous"))
    v = disc if c.cfg.compounding == "discrete" else cont
    return c.make("demand_forecast", "market", v, m.demand_unit or "demand units", None, src, tuple(ins), scored=False,
                  params={"months": f"{c.cfg.horizon:g}", "value": f"{v:,.2f}",
                          "compounding": Term(f"term.{c.cfg.compounding}")},
                  detail={"discrete": disc, "continuous": cont, "compounding": c.cfg.compounding, "t": t,
                          "period": m.growth_period})


def demand_growth(c: _Ctx) -> Indicator:
    """Demand growth a year, the one figure every section quotes (:func:`goldmine.metrics.demand_growth`,
    issue #13): the CAGR of ``market.history`` when it has enough points, else the annualised k of the
    seed's D(t); no demand yet (D0 = 0) is the maximal score (《AI大模型创业：泡沫还是金矿？》
    §5.2)."""
    m = c.s.market
    src = f"{_SEED} §5.2 (growth rate k of D(t))"
    ins = ("market.initial_demand", "market.growth_rate", "market.growth_period")
    rate, basis = metrics.demand_growth(m.history, m.growth_rate, m.growth_period)
    if basis == "history" and rate is not None:
        hins = ("market.history",)
        return c.make("demand_growth", "market", rate, "fraction per year", c.cfg.score("demand_growth", rate),
                      "goldmine: CAGR of market.history", hins, explanation="risk.explain.demand_growth.history",
                      params={"pct": f"{rate * 100:.0f}", "n": len(m.history)})
    if m.initial_demand == 0:
        return c.make("demand_growth", "market", 0.0, "fraction per year", 100.0, src, ins,
                      explanation="risk.explain.demand_growth.none")
    k = m.growth_rate
    if k is None or m.initial_demand is None:
        missing = _absent({"market.growth_rate": k, "market.initial_demand": m.initial_demand})
        return c.missing("demand_growth", "market", "fraction per year", src, ins, missing)
    g = metrics.annualise(k, m.growth_period, c.cfg.compounding)
    return c.make("demand_growth", "market", g, "fraction per year", c.cfg.score("demand_growth", g), src, ins,
                  params={"k": f"{k * 100:g}", "period": term("term", m.growth_period),
                          "pct": f"{g * 100:.0f}"})


def revenue_growth(c: _Ctx) -> Indicator:
    """Compound monthly growth of revenue_history, annualised (:func:`goldmine.metrics.revenue_growth`).

    From the first month with revenue above 0 to the latest month (which may be 0: -100 %).
    Missing with fewer than two such months.
    """
    src = "goldmine: compound growth of financials.revenue_history"
    path = ("financials.revenue_history",)
    growth = metrics.revenue_growth(c.s.financials.revenue_history)
    if growth is None:
        return c.missing("revenue_growth", "market", "fraction per year", src, path, path)
    g = growth.annual
    return c.make("revenue_growth", "market", g, "fraction per year", c.cfg.score("revenue_growth", g), src, path,
                  params={"cmgr": f"{growth.monthly * 100:.1f}", "pct": f"{g * 100:.0f}", "months": growth.months})


def competition_pressure(c: _Ctx) -> Indicator:
    """P = N S / D(horizon) (《AI大模型创业：泡沫还是金矿？》 §5.2); informational: its scale depends on the demand unit."""
    m = c.s.market
    src = f"{_SEED} §5.2 (P(t) = N(t) S(t) / D(t))"
    ins = {"market.competitors": m.competitors, "market.market_share": m.market_share,
           "market.initial_demand": m.initial_demand, "market.growth_rate": m.growth_rate}
    missing = _absent(ins)
    if missing:
        return c.missing("competition_pressure", "market", "per demand unit", src, tuple(ins), missing, scored=False)
    d = float(metrics.demand(m.initial_demand, m.growth_rate, _demand_periods(c), c.cfg.compounding))
    if d <= 0:
        return c.make("competition_pressure", "market", None, "per demand unit", None, src, tuple(ins), scored=False,
                      explanation="risk.explain.competition_pressure.no_demand")
    v = float(metrics.competition_pressure(m.competitors, m.market_share, d))
    return c.make("competition_pressure", "market", v, "per demand unit", None, src, tuple(ins), scored=False,
                  params={"n": m.competitors, "share": f"{m.market_share:g}", "demand": f"{d:,.2f}", "value": f"{v:.4g}"})


def competitor_count(c: _Ctx) -> Indicator:
    """N, direct competitors (《AI大模型创业：泡沫还是金矿？》 §5.2.2)."""
    n = c.s.market.competitors
    src = f"{_SEED} §5.2.2 (N competitors)"
    if n is None:
        return c.missing("competitor_count", "market", "count", src, ("market.competitors",), ("market.competitors",))
    return c.make("competitor_count", "market", n, "count", c.cfg.score("competitor_count", n), src,
                  ("market.competitors",), params={"n": n})


def market_share(c: _Ctx) -> Indicator:
    """S, the company's market share (《AI大模型创业：泡沫还是金矿？》 §5.2.2)."""
    s = c.s.market.market_share
    src = f"{_SEED} §5.2.2 (S market share)"
    if s is None:
        return c.missing("market_share", "market", "fraction", src, ("market.market_share",), ("market.market_share",))
    return c.make("market_share", "market", s, "fraction", c.cfg.score("market_share", s), src,
                  ("market.market_share",), params={"pct": f"{s * 100:.2g}"})


def customer_concentration(c: _Ctx) -> Indicator:
    """Largest customer's share of revenue."""
    v = c.s.financials.customer_concentration
    src = "goldmine: customer concentration"
    if v is None:
        return c.missing("customer_concentration", "market", "fraction", src, ("financials.customer_concentration",),
                         ("financials.customer_concentration",))
    return c.make("customer_concentration", "market", v, "fraction", c.cfg.score("customer_concentration", v), src,
                  ("financials.customer_concentration",), params={"pct": f"{v * 100:.0f}"})


# --------------------------------------------------------------------------- capital
def runway_months(c: _Ctx) -> Indicator:
    """Months of cash at the current net burn (:func:`goldmine.metrics.startup_runway`; ``goldmine.finance``
    projects the full runway)."""
    f = c.s.financials
    r = metrics.startup_runway(c.s)
    ins = ("financials.cash", "financials.monthly_burn", "financials.revenue_history")
    src = "goldmine: cash / (monthly_burn - latest monthly revenue)"
    if math.isinf(r):
        return c.make("runway_months", "capital", r, "months", 0.0, src, ins, explanation="risk.explain.runway_months.positive")
    return c.make("runway_months", "capital", r, "months", c.cfg.score("runway_months", r), src, ins,
                  params={"months": f"{r:.1f}", "net": Money(metrics.net_burn(f.monthly_burn, f.monthly_revenue), c.s.currency)})


def months_since_last_round(s: Startup) -> float | None:
    """Months from the last round (or the founding date when there is none) to financials.as_of."""
    if s.financials.as_of is None:
        return None
    start: dt.date = s.rounds[-1].date if s.rounds else s.identity.founded
    return max(0.0, (s.financials.as_of - start).days / _DAYS_PER_MONTH)


def next_round_timing(c: _Ctx) -> Indicator:
    """(months since last round + runway) / market median months between rounds (Carta, Crunchbase)."""
    s = c.s
    key, median = c.cfg.round_medians.median(s.stage.value)
    src = median.source
    ins = ("financials.as_of", "rounds", "identity.founded", "financials.cash", "financials.monthly_burn")
    elapsed = months_since_last_round(s)
    if elapsed is None:
        return c.missing("next_round_timing", "capital", "ratio", src, ins, ("financials.as_of",))
    r = metrics.startup_runway(s)
    M = float(median.months)
    if math.isinf(r):
        return c.make("next_round_timing", "capital", math.inf, "ratio", 0.0, src, ins,
                      explanation="risk.explain.runway_months.positive")
    v = (elapsed + r) / M
    return c.make("next_round_timing", "capital", v, "ratio", c.cfg.score("next_round_timing", v), src, ins,
                  params={"elapsed": f"{elapsed:.1f}", "runway": f"{r:.1f}", "median": f"{M:.1f}",
                          "since": term("risk.term.since", "last_round" if s.rounds else "founding")},
                  detail={"months_since_last_round": elapsed, "median_months": M, "median": key})


def stage_maturity(c: _Ctx) -> Indicator:
    """Equidam's success rate of the startup's stage (idea 5.94 % ... growth 32.62 %)."""
    table = c.cfg.stage_success
    stage = c.s.stage.value
    eq = table.equidam(stage)
    rate = float(table.rates[eq])
    return c.make("stage_maturity", "capital", rate, "fraction", c.cfg.score("stage_maturity", rate), table.source,
                  ("stage",), params={"stage": term("stage", stage), "equidam": term("risk.term.equidam", eq),
                                      "pct": f"{rate * 100:.2f}"})


def gross_margin(c: _Ctx) -> Indicator:
    """Gross margin (AI inference 40-60 % vs SaaS 75-85 %, goldmine's rule of thumb; a16z, 2020)."""
    g = c.s.financials.gross_margin
    src = ("goldmine rule of thumb: AI inference gross margins 40-60 % vs SaaS 75-85 % (a16z, Casado and "
           "Bornstein, The New Business of AI, 2020, saw 50-60 % vs 60-80 %+)")
    if g is None:
        return c.missing("gross_margin", "capital", "fraction", src, ("financials.gross_margin",), ("financials.gross_margin",))
    return c.make("gross_margin", "capital", g, "fraction", c.cfg.score("gross_margin", g), src,
                  ("financials.gross_margin",), params={"pct": f"{g * 100:.0f}"})


def inference_margin(c: _Ctx) -> Indicator:
    """(price_per_unit - compute_cost_per_unit) / price_per_unit: unit margin after inference compute."""
    tech = c.s.technology
    ins = {"technology.compute_cost_per_unit": tech.compute_cost_per_unit, "technology.price_per_unit": tech.price_per_unit}
    src = "goldmine: inference cost per unit against price"
    price, cost = tech.price_per_unit, tech.compute_cost_per_unit
    if price is None or cost is None:
        return c.missing("inference_margin", "capital", "fraction", src, tuple(ins), _absent(ins))
    v = (price - cost) / price if price > 0 else -math.inf
    score = c.cfg.score("inference_margin", max(v, -1e9))
    return c.make("inference_margin", "capital", v, "fraction", score, src, tuple(ins),
                  params={"cost": f"{cost:g}", "price": f"{price:g}", "pct": f"{v * 100:.0f}" if math.isfinite(v) else "-∞"})


def funding_demand(c: _Ctx) -> Indicator:
    """R(horizon) = a t + b (《AI大模型创业：泡沫还是金矿？》 §5.3); informational, in the profile's currency."""
    fd = c.s.financials.funding_demand
    src = f"{_SEED} §5.3 (R(t) = a t + b)"
    if fd is None:
        return c.missing("funding_demand", "capital", c.s.currency, src, ("financials.funding_demand",),
                         ("financials.funding_demand",), scored=False)
    v = float(metrics.funding_demand(c.cfg.horizon, fd.a, fd.b))
    return c.make("funding_demand", "capital", v, c.s.currency, None, src, ("financials.funding_demand",), scored=False,
                  params={"months": f"{c.cfg.horizon:g}", "a": f"{fd.a:,.0f}", "b": f"{fd.b:,.0f}", "value": f"{v:,.0f}"})


def funding_coverage(c: _Ctx) -> Indicator:
    """cash / R(horizon): how many times the cash covers the seed's funding demand (《AI大模型创业：泡沫还是金矿？》 §5.3);
    a method, unscored: R(t) = a t + b is the seed's illustration, not the company's need (runway_months is scored)."""
    fd = c.s.financials.funding_demand
    src = f"{_SEED} §5.3 (cash against R(t))"
    ins = ("financials.cash", "financials.funding_demand")
    if fd is None:
        return c.missing("funding_coverage", "capital", "x", src, ins, ("financials.funding_demand",), scored=False)
    r = float(metrics.funding_demand(c.cfg.horizon, fd.a, fd.b))
    if r <= 0:
        return c.make("funding_coverage", "capital", math.inf, "x", None, src, ins, scored=False,
                      explanation="risk.explain.funding_coverage.none_needed")
    v = c.s.financials.cash / r
    return c.make("funding_coverage", "capital", v, "x", None, src, ins, scored=False,
                  params={"value": f"{v:.2f}", "months": f"{c.cfg.horizon:g}"})


def cash_flow(c: _Ctx) -> Indicator:
    """The seed's piecewise C(horizon) (《AI大模型创业：泡沫还是金矿？》 §5.3, intervals closed on the right); informational."""
    f = c.s.financials
    src = f"{_SEED} §5.3 (piecewise C(t))"
    ins = ("financials.funding_demand", "financials.cash_flow_plan")
    p, fd, t = f.cash_flow_plan, f.funding_demand, c.cfg.horizon
    if p is None or fd is None:
        missing = _absent(dict(zip(ins, (fd, p), strict=True)))
        return c.missing("cash_flow", "capital", c.s.currency, src, ins, missing, scored=False)
    v = float(metrics.cash_flow(t, fd.a, fd.b, p.t1_months, p.t2_months, p.c1))
    phase = metrics.cash_flow_phase(t, p.t1_months, p.t2_months)
    return c.make("cash_flow", "capital", v, c.s.currency, None, src, ins, scored=False,
                  params={"months": f"{t:g}", "value": f"{v:,.0f}", "phase": phase},
                  detail={"t1": p.t1_months, "t2": p.t2_months, "c1": p.c1, "phase": phase})


# --------------------------------------------------------------------------- legal
def vertical_regulation(c: _Ctx) -> Indicator:
    """Regulatory exposure of the vertical (data/risk.yaml ``vertical_regulation``)."""
    v = c.s.vertical.value
    table = c.cfg.vertical_regulation
    return c.make("vertical_regulation", "legal", v, "category", float(table.scores[v]), table.source,
                  ("vertical",), explanation=f"risk.explain.vertical_regulation.{v}")


def eu_ai_act(c: _Ctx) -> Indicator:
    """EU AI Act tier of the use case (Regulation (EU) 2024/1689); 0 without EU users."""
    src = "Regulation (EU) 2024/1689 (AI Act): Art. 5, Art. 6 + Annex III, Art. 50"
    ins = ("compliance.jurisdictions", "compliance.eu_ai_act_use_case")
    if not serves(c.s, "EU"):
        return c.make("eu_ai_act_tier", "legal", "not_applicable", "tier", c.cfg.category("eu_ai_act_tier", "not_applicable"),
                      src, ins, explanation="risk.explain.eu_ai_act_tier.not_applicable")
    use = c.s.compliance.eu_ai_act_use_case
    tier = eu_ai_act_tier(use, c.cfg)
    if tier is None or tier == "unclassified":
        return c.missing("eu_ai_act_tier", "legal", "tier", src, ins, ("compliance.eu_ai_act_use_case",))
    return c.make("eu_ai_act_tier", "legal", tier, "tier", c.cfg.category("eu_ai_act_tier", tier), src, ins,
                  explanation=f"risk.explain.eu_ai_act_tier.{tier}", params={"use": use})


def data_sensitivity(c: _Ctx) -> Indicator:
    """Personal, sensitive or minors' data processed (PIPL Art. 28-31; GDPR Art. 9)."""
    comp = c.s.compliance
    src = "PIPL (2021) Art. 28-31; GDPR Art. 9"
    ins = ("compliance.processes_personal_data", "compliance.sensitive_personal_data", "compliance.minors_users",
           "compliance.data_types")
    unknown: tuple[str, ...] = ()
    if comp.minors_users:
        key = "minors"
    elif sensitive(c.s).value:
        key = "sensitive"
    elif comp.processes_personal_data is None:
        return c.missing("data_sensitivity", "legal", "category", src, ins, ("compliance.processes_personal_data",))
    elif not comp.processes_personal_data:
        key = "no_personal_data"
    else:
        # personal data: an unanswered sensitivity question is assumed "sensitive" (the riskier
        # answer) and named; an unanswered minors question is named without being assumed
        key = "sensitive" if comp.sensitive_personal_data is None else "personal"
        unknown = tuple(p for p, v in ((ins[1], comp.sensitive_personal_data), (ins[2], comp.minors_users)) if v is None)
    cov = 1.0 - len(unknown) / 3
    return c.make("data_sensitivity", "legal", key, "category", c.cfg.category("data_sensitivity", key), src, ins,
                  explanation=f"risk.explain.data_sensitivity.{key}", coverage=cov, missing_inputs=unknown)


def compliance_gaps(c: _Ctx) -> Indicator:
    """Open items of the compliance checklist, weighted: gap 1, partial 0.5, unknown 0.5.

    The value is the weighted count (3.5 for three gaps and one unknown); the explanation counts the
    items by status, never "3.5 items"."""
    applicable = [i for i in c.checklist if i.applies is not False]
    gaps = sum(i.open_weight for i in applicable)
    known = [i for i in applicable if i.status != "unknown"]
    cov = len(known) / len(applicable) if applicable else 1.0
    open_ids = [i.id for i in applicable if i.open_weight > 0]
    missing = tuple(dict.fromkeys(m for i in applicable for m in i.missing))
    counts = {st: sum(1 for i in applicable if i.status == st) for st in ("gap", "partial", "unknown")}
    src = "goldmine compliance checklist (data/risk_compliance.yaml)"
    score = c.cfg.score("compliance_gaps", gaps)
    detail = {"open": open_ids, **counts, "applicable": len(applicable)}
    if not open_ids:
        return c.make("compliance_gaps", "legal", gaps, "weighted open items", score, src, ("compliance",),
                      explanation="risk.explain.compliance_gaps.none", params={"total": len(applicable)},
                      coverage=cov, missing_inputs=missing, detail=detail)
    return c.make("compliance_gaps", "legal", gaps, "weighted open items", score, src, ("compliance",),
                  params={"gaps": counts["gap"], "half": counts["partial"] + counts["unknown"], "total": len(applicable),
                          "items": tuple(term("risk.term.item", i) for i in open_ids)},
                  coverage=cov, missing_inputs=missing, detail=detail)


def data_licence(c: _Ctx) -> Indicator:
    """How the training data was obtained (owned ... scraped)."""
    lic = c.s.compliance.data_licence
    src = "Interim Measures 2023 Art. 7; EU AI Act Art. 53(1)(c)"
    if lic is None:
        return c.missing("data_licence", "legal", "category", src, ("compliance.data_licence",), ("compliance.data_licence",))
    return c.make("data_licence", "legal", lic.value, "category", c.cfg.category("data_licence", lic.value), src,
                  ("compliance.data_licence",), explanation=f"risk.explain.data_licence.{lic.value}")


def ip_assignment(c: _Ctx) -> Indicator:
    """Founders' and staff IP assigned to the company (《AI大模型创业：泡沫还是金矿？》 §5.4.2)."""
    v = c.s.compliance.ip_assigned
    src = f"{_SEED} §5.4.2 (IP protection)"
    if v is None:
        return c.missing("ip_assignment", "legal", "category", src, ("compliance.ip_assigned",), ("compliance.ip_assigned",))
    key = "assigned" if v else "not_assigned"
    return c.make("ip_assignment", "legal", key, "category", c.cfg.category("ip_assignment", key), src,
                  ("compliance.ip_assigned",), explanation=f"risk.explain.ip_assignment.{key}")


# --------------------------------------------------------------------------- social
def public_acceptance(c: _Ctx) -> Indicator:
    """Public acceptance of the product (《AI大模型创业：泡沫还是金矿？》 §5.5.1)."""
    v = c.s.social.public_acceptance
    src = f"{_SEED} §5.5.1 (public acceptance)"
    if v is None:
        return c.missing("public_acceptance", "social", "level", src, ("social.public_acceptance",), ("social.public_acceptance",))
    return c.make("public_acceptance", "social", v.value, "level", c.cfg.category("public_acceptance", v.value), src,
                  ("social.public_acceptance",), explanation=f"risk.explain.public_acceptance.{v.value}")


def ethics_governance(c: _Ctx) -> Indicator:
    """Ethics review done and a standing ethics board or officer (《AI大模型创业：泡沫还是金矿？》 §5.5.2)."""
    so = c.s.social
    src = f"{_SEED} §5.5.2 (ethics review)"
    ins = ("social.ethics_review", "social.ethics_board")
    if so.ethics_review is None:
        return c.missing("ethics_governance", "social", "category", src, ins, ("social.ethics_review",))
    board = bool(so.ethics_board)   # not stated: no board assumed (the riskier answer), and named
    key = {(True, True): "review_and_board", (True, False): "review", (False, True): "board", (False, False): "none"}[(so.ethics_review, board)]
    miss = ("social.ethics_board",) if so.ethics_board is None else ()
    return c.make("ethics_governance", "social", key, "category", c.cfg.category("ethics_governance", key), src, ins,
                  explanation=f"risk.explain.ethics_governance.{key}", coverage=0.75 if miss else 1.0, missing_inputs=miss)


def societal_sensitivity(c: _Ctx) -> Indicator:
    """How much the product's decisions affect people, by vertical; minors raise it (《AI大模型创业：泡沫还是金矿？》 §5.5.2)."""
    table = c.cfg.societal_sensitivity
    v = c.s.vertical.value
    score = float(table.scores[v])
    minors = c.s.compliance.minors_users
    if minors:
        score = max(score, float(table.minors))
    miss = ("compliance.minors_users",) if minors is None else ()
    return c.make("societal_sensitivity", "social", v + ("+minors" if minors else ""), "category", score, table.source,
                  ("vertical", "compliance.minors_users"), explanation="risk.explain.societal_sensitivity" + (".minors" if minors else ""),
                  params={"vertical": term("vertical", v)}, coverage=0.75 if miss else 1.0, missing_inputs=miss)


def controversies(c: _Ctx) -> Indicator:
    """Number of public controversies (《AI大模型创业：泡沫还是金矿？》 §5.5)."""
    n = len(c.s.social.controversies)
    return c.make("controversies", "social", n, "count", c.cfg.score("controversies", n), f"{_SEED} §5.5",
                  ("social.controversies",), params={"n": n})


Builder = Callable[[_Ctx], Indicator | None]

#: Every scored indicator in report order: (name, dimension, builder); a builder returns ``None`` for an
#: indicator that does not concern the company (frontier_gap of a computer-vision company).
BUILDERS: tuple[tuple[str, str, Builder], ...] = (
    ("model_performance", "technical", model_performance),
    ("update_speed", "technical", update_speed),
    ("frontier_gap", "technical", frontier_gap),
    ("api_dependency", "technical", api_dependency),
    ("foundation_model", "technical", foundation_model),
    ("proprietary_data", "technical", proprietary_data),
    ("key_person_concentration", "technical", key_person_concentration),
    ("ai_talent_share", "technical", ai_talent_share),
    ("demand_growth", "market", demand_growth),
    ("revenue_growth", "market", revenue_growth),
    ("competitor_count", "market", competitor_count),
    ("market_share", "market", market_share),
    ("customer_concentration", "market", customer_concentration),
    ("runway_months", "capital", runway_months),
    ("next_round_timing", "capital", next_round_timing),
    ("stage_maturity", "capital", stage_maturity),
    ("gross_margin", "capital", gross_margin),
    ("inference_margin", "capital", inference_margin),
    ("vertical_regulation", "legal", vertical_regulation),
    ("eu_ai_act_tier", "legal", eu_ai_act),
    ("data_sensitivity", "legal", data_sensitivity),
    ("compliance_gaps", "legal", compliance_gaps),
    ("data_licence", "legal", data_licence),
    ("ip_assignment", "legal", ip_assignment),
    ("public_acceptance", "social", public_acceptance),
    ("ethics_governance", "social", ethics_governance),
    ("societal_sensitivity", "social", societal_sensitivity),
    ("controversies", "social", controversies),
)

#: The seed's textbook formulas, informational (the report's methods appendix): (name, dimension, builder).
METHOD_BUILDERS: tuple[tuple[str, str, Callable[[_Ctx], Indicator]], ...] = (
    ("demand_forecast", "market", demand_forecast),
    ("competition_pressure", "market", competition_pressure),
    ("funding_demand", "capital", funding_demand),
    ("funding_coverage", "capital", funding_coverage),
    ("cash_flow", "capital", cash_flow),
)

SCORED_NAMES = tuple(name for name, _, _ in BUILDERS)
METHOD_NAMES = tuple(name for name, _, _ in METHOD_BUILDERS)
_ORDER = ("model_performance", "update_speed", "frontier_gap", "api_dependency", "foundation_model",
          "proprietary_data", "key_person_concentration", "ai_talent_share", "demand_forecast", "demand_growth",
          "revenue_growth", "competition_pressure", "competitor_count", "market_share", "customer_concentration",
          "runway_months", "next_round_timing", "stage_maturity", "gross_margin", "inference_margin", "funding_demand",
          "funding_coverage", "cash_flow")
#: Every name, indicators and methods, in the order the valuation module and docs/risk.md have always listed them.
INDICATOR_NAMES = tuple(dict.fromkeys((*_ORDER, *SCORED_NAMES, *METHOD_NAMES)))


def compute(s: Startup, cfg: RiskConfig, checklist: tuple[ComplianceItem, ...]) -> tuple[Indicator, ...]:
    """The scored indicators of ``s`` that concern it, in :data:`BUILDERS` order."""
    ctx = _Ctx(s, cfg, checklist)
    return tuple(ind for _, _, build in BUILDERS if (ind := build(ctx)) is not None)


def methods(s: Startup, cfg: RiskConfig) -> tuple[Indicator, ...]:
    """The seed's textbook formulas evaluated on ``s`` (:data:`METHOD_BUILDERS`): informational, unscored,
    weight 0, outside the dimensions."""
    ctx = _Ctx(s, cfg, ())
    return tuple(build(ctx) for _, _, build in METHOD_BUILDERS)
