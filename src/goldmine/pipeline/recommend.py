"""The recommendation of a due-diligence run: invest, watch, pass or insufficient evidence, always with
its reasons (issues #9, #13).

Rules (thresholds in ``data/report.yaml`` -> ``recommendation``, each with its source):

* **One reason per fact.**  Each reason rests on named facts — ``risk`` (the risk engine's rating),
  ``cash`` (P(cash runs out before the next round), median runway), ``price`` (the last post-money
  against the valuation range), ``growth`` (today's revenue growth of the growth model against the
  quartiles of companies of its size; without revenue, the demand history's growth) and
  ``concentration`` (one model vendor, no data moat, a crowded market).  A comfortable runway that
  exists only because revenue is projected to grow (the simple runway, cash over net burn, is short)
  rests on ``cash`` and ``growth``: two positive reasons resting on one fact count once
  (``counted`` false on the second).
* **Every reason points at its number**: ``figure`` names the section, the field, the value and,
  for simulated figures, the Monte Carlo standard error; the text prints it with the rounding of
  the section it comes from.
* **Growth only counts on evidence**: a growth that comes from the prior (too short a history) is
  said to be so and carries no evidence.
* **Concentration blocks invest**: two of the three concentration indicators in the risk engine's
  "high" band (or one in its "critical" band) make a negative reason that forbids ``invest``.
* **Price against returns** (issue #14): with a proposed round (the deal section), returns that
  meet the target at the proposed price are a positive reason (fact ``terms``); returns below the
  target at the proposed price but reachable at a lower one forbid ``invest`` without counting
  against the company ("the company may be good but the price is too high"); returns that no
  price brings to the target are a negative reason that also forbids ``invest``.
* **The outcome model** enters only when it is usable for a verdict (its out-of-sample AUC meets the
  target of issue #13; today it does not, so it never does): its interval above the base rate is
  a positive reason, below it a negative one (fact ``outcome``).
* **Verdict**: ``pass`` when any reason is a blocker (critical risk rating; P(cash runs out before
  the next round) above the blocker threshold) or negatives outnumber counted positives by two;
  ``insufficient`` when fewer than ``min_evidence`` facts carry evidence (a blocker still passes);
  ``invest`` with at least ``min_positive`` counted positives, no negative and no concentration
  block; ``watch`` otherwise.

This is a screening rule of thumb for an investment committee, not advice; the reasons, not the
word, are the output.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from goldmine.i18n.messages import Message, Money, Term
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.settings import report_config, value

if TYPE_CHECKING:
    from goldmine.finance.runway import RunwayReport
    from goldmine.outcomes import OutcomeAssessment
    from goldmine.pipeline.deal import DealReport
    from goldmine.pipeline.market import MarketAnalysis
    from goldmine.risk.assess import RiskAssessment
    from goldmine.valuation import Valuation

INVEST, WATCH, PASS, INSUFFICIENT = "invest", "watch", "pass", "insufficient"
VERDICTS = (INVEST, WATCH, PASS, INSUFFICIENT)
# tone of the risk engine's rating (goldmine.risk: low / moderate / elevated / high / critical)
RATING_TONE = {"low": "positive", "moderate": "positive", "elevated": "neutral", "high": "negative", "critical": "blocker"}
CONCENTRATION = ("api_dependency", "proprietary_data", "competitor_count")
# the deal's verdict -> the reason's message (report.reason.*), parameters as the deal's own message
DEAL_REASONS = {"within_target": "deal_within", "above_target": "deal_above", "unreachable": "deal_unreachable"}


@dataclass(frozen=True)
class Figure:
    """The number a reason rests on: where it is shown (section, field), its value, its standard error."""

    section: str
    field: str
    value: float | None
    se: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "field": self.field, "value": self.value, "se": self.se}


@dataclass(frozen=True)
class Reason:
    """One reason: a message (``report.reason.*`` with its parameters), its tone, the section and facts it
    rests on, the figure it cites, and whether it counted (a second reason on a fact already counted does not)."""

    message: Message
    tone: str
    section: str
    facts: tuple[str, ...] = ()
    figure: Figure | None = None
    blocker: bool = False
    evidence: bool = True
    counted: bool = True
    blocks_invest: bool = False
    against_company: bool = True    # a negative reason that counts towards pass (the price alone does not)

    @property
    def key(self) -> str:
        return self.message.key

    def text(self, lang: str) -> str:
        return self.message.render(lang)

    def to_dict(self) -> dict[str, Any]:
        return {**self.message.to_dict(), "tone": self.tone, "section": self.section, "facts": list(self.facts),
                "figure": None if self.figure is None else self.figure.to_dict(), "blocker": self.blocker,
                "evidence": self.evidence, "counted": self.counted, "blocks_invest": self.blocks_invest}


@dataclass(frozen=True)
class Recommendation:
    verdict: str
    reasons: tuple[Reason, ...]
    evidence: int
    thresholds: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "evidence": self.evidence, "thresholds": dict(self.thresholds),
                "reasons": [r.to_dict() for r in self.reasons]}


def thresholds() -> dict[str, Any]:
    """The decision thresholds of ``data/report.yaml`` -> ``recommendation`` (each with its source there)."""
    return {k: value(v) for k, v in report_config()["recommendation"].items()}


def _pct(p: float | None) -> str:
    return "—" if p is None else f"{p * 100:.1f}%"


def _se(se: float | None) -> str:
    """A Monte Carlo standard error in percentage points, as the runway section prints it."""
    return "—" if se is None or not math.isfinite(se) else f"{se * 100:.1f}"


def runway_median(report: RunwayReport) -> tuple[float | None, bool]:
    """The median simulated runway and whether it lies beyond the simulation horizon (the Monte Carlo
    reports ``None`` then; the horizon is returned)."""
    mc = report.monte_carlo
    if mc is None:
        return None, False
    p50 = mc.runway_months.get("p50")
    if p50 is None:
        return float(mc.horizon_months), True
    return float(p50), False


def risk_reason(a: RiskAssessment, th: Mapping[str, Any]) -> Reason:
    # the score as the risk JSON and table carry it (two decimals), printed with one decimal like the table
    score, rating = round(float(a.overall.score), 2), str(a.overall.rating)
    p = {"score": f"{score:.1f}", "rating": Term(f"risk.rating.{rating}")}
    fig = Figure("risk", "overall.score", score)
    # the risk engine's own rating decides the tone; the score thresholds apply only without one
    tone = RATING_TONE.get(rating)
    if tone is None:
        tone = ("blocker" if score >= th["risk_blocker"] else "negative" if score >= th["risk_high"]
                else "positive" if score <= th["risk_low"] else "neutral")
    if tone == "blocker":
        return Reason(Message("report.reason.risk_critical", p), "negative", "risk", ("risk",), fig, blocker=True)
    key = {"negative": "risk_high", "neutral": "risk_mid", "positive": "risk_low"}[tone]
    return Reason(Message(f"report.reason.{key}", p), tone, "risk", ("risk",), fig)


def runway_reason(r: RunwayReport, th: Mapping[str, Any], simple_runway: float | None) -> Reason:
    mc = r.monte_carlo
    p_out = None if mc is None else float(mc.p_cash_out)
    se = None if mc is None else mc.standard_errors.get("p_cash_out")
    med, beyond = runway_median(r)
    shown = "—" if med is None else (f"> {med:.0f}" if beyond else f"{med:.1f}")
    # percentages with one decimal, as the runway section prints them (report.fmt.pct), with their standard error
    p = {"p": _pct(p_out), "se": _se(se), "months": shown}
    fig = Figure("runway", "monte_carlo.p_cash_out", p_out, se)
    if p_out is not None and p_out >= th["cash_out_blocker"]:
        return Reason(Message("report.reason.cash_out_blocker", p), "negative", "runway", ("cash",), fig, blocker=True)
    if med is not None and not beyond and med < th["runway_short"]:
        return Reason(Message("report.reason.runway_short", p), "negative", "runway", ("cash",), fig)
    if p_out is not None and p_out >= th["cash_out_high"]:
        # a long median runway with a high chance of running dry is not a "short runway": say which it is
        return Reason(Message("report.reason.cash_out_high", p), "negative", "runway", ("cash",), fig)
    if med is not None and med >= th["runway_long"] and (p_out is None or p_out < th["cash_out_low"]):
        if simple_runway is not None and simple_runway < th["runway_long"]:
            # comfortable only because revenue is projected to grow: the same fact as the growth reason
            return Reason(Message("report.reason.runway_long_on_growth", {**p, "simple": f"{simple_runway:.1f}"}), "positive",
                          "runway", ("cash", "growth"), fig)
        return Reason(Message("report.reason.runway_long", p), "positive", "runway", ("cash",), fig)
    return Reason(Message("report.reason.runway_mid", p), "neutral", "runway", ("cash",), fig)


def valuation_reason(v: Valuation, last_post_money: float | None, currency: str) -> Reason | None:
    syn = v.synthesis
    if syn.value is None:
        return None
    money = {"value": Money(syn.value, currency), "low": Money(syn.low, currency), "high": Money(syn.high, currency)}
    fig = Figure("valuation", "synthesis.value", syn.value)
    if not last_post_money:
        return Reason(Message("report.reason.no_price", money), "neutral", "valuation", ("price",), fig, evidence=False)
    p = {**money, "post": Money(last_post_money, currency)}
    if syn.high is not None and last_post_money > syn.high:
        return Reason(Message("report.reason.priced_above", p), "negative", "valuation", ("price",), fig)
    if syn.low is not None and last_post_money < syn.low:
        return Reason(Message("report.reason.priced_below", p), "positive", "valuation", ("price",), fig)
    return Reason(Message("report.reason.priced_within", p), "neutral", "valuation", ("price",), fig)


def growth_reason(r: RunwayReport | None, m: MarketAnalysis | None, th: Mapping[str, Any]) -> Reason | None:
    """Revenue growth against the quartiles of companies of its size; without revenue, demand growth."""
    g = None if r is None else r.growth
    if g is not None and g.basis == "prior":
        prior = g.prior
        median = _pct(None if prior is None else prior.median)
        return Reason(Message("report.reason.growth_from_prior", {"months": str(g.history_months), "median": median}),
                      "neutral", "runway", ("growth",), Figure("runway", "growth.annual_now", g.annual_now), evidence=False)
    if g is not None and g.basis in ("history", "history_and_prior") and g.prior is not None:
        from statistics import NormalDist

        z = NormalDist().inv_cdf(float(th["growth_top_quartile"]))
        hi = math.expm1(g.prior.log_mean + z * g.prior.log_sd)
        lo = math.expm1(g.prior.log_mean - z * g.prior.log_sd)
        p = {"growth": _pct(g.annual_now), "p25": _pct(lo), "p75": _pct(hi)}
        fig = Figure("runway", "growth.annual_now", g.annual_now)
        tone, key = ("positive", "growth_top") if g.annual_now > hi else ("negative", "growth_bottom") if g.annual_now < lo \
            else ("neutral", "growth_typical")
        return Reason(Message(f"report.reason.{key}", p), tone, "runway", ("growth",), fig)
    if m is not None and m.cagr is not None:
        p = {"cagr": _pct(m.cagr)}   # as the market section prints it
        fig = Figure("market", "cagr", m.cagr)
        if m.cagr > th["demand_growth_floor"]:
            return Reason(Message("report.reason.growth_strong", p), "positive", "market", ("growth",), fig)
        if m.cagr <= 0:
            return Reason(Message("report.reason.growth_negative", p), "negative", "market", ("growth",), fig)
        return Reason(Message("report.reason.growth_modest", p), "neutral", "market", ("growth",), fig)
    return None


def concentration_reason(a: RiskAssessment, th: Mapping[str, Any]) -> Reason | None:
    """One model vendor, no data moat, a crowded market: the risk engine's indicators in its high band."""
    flagged = []
    critical = False
    for name in CONCENTRATION:
        ind = next((i for i in a.indicators if i.name == name), None)
        if ind is None or ind.score is None or ind.score < th["concentration_high"]:
            continue
        flagged.append(Term(f"report.concentration.{name}"))
        critical = critical or ind.score >= th["concentration_critical"]
    if not flagged:
        return None
    blocks = critical or len(flagged) >= th["concentration_block"]
    key = "report.reason.concentration_block" if blocks else "report.reason.concentration"
    return Reason(Message(key, {"items": flagged, "n": str(len(flagged))}), "negative" if blocks else "neutral", "risk",
                  ("concentration",), Figure("risk", "dimensions.technical.indicators", float(len(flagged))),
                  blocks_invest=blocks)


def deal_reason(d: DealReport) -> Reason | None:
    """The proposed round's returns against the target (the deal's own verdict and its message)."""
    a = d.analysis
    if a.verdict not in ("within_target", "above_target", "unreachable"):
        return None
    found = next((m for m in a.reasons if m.key == f"deal.reason.{a.verdict}"), None)
    if found is None:
        return None
    message = Message(f"report.reason.{DEAL_REASONS[a.verdict]}", found.params)
    me = a.max_entry
    fig = Figure("deal", "max_entry.at_proposal", None if me is None else me.at_proposal,
                 None if me is None else me.at_proposal_se)
    if a.verdict == "within_target":
        return Reason(message, "positive", "deal", ("terms",), fig)
    return Reason(message, "negative", "deal", ("terms",), fig, blocks_invest=True,
                  against_company=a.verdict == "unreachable")


def outcome_reason(o: OutcomeAssessment) -> Reason | None:
    """The outcome model's probability against its base rate, only when the model is usable for a verdict."""
    if not o.usable_for_verdict or o.status != "estimated" or o.probability is None or o.low is None or o.high is None:
        return None
    p = {"p": _pct(o.probability), "low": _pct(o.low), "high": _pct(o.high), "base": _pct(o.base_rate)}
    fig = Figure("outcome", "probability", o.probability)
    if o.low > o.base_rate:
        return Reason(Message("report.reason.outcome_above", p), "positive", "outcome", ("outcome",), fig)
    if o.high < o.base_rate:
        return Reason(Message("report.reason.outcome_below", p), "negative", "outcome", ("outcome",), fig)
    return Reason(Message("report.reason.outcome_base", p), "neutral", "outcome", ("outcome",), fig)


def _count_once(reasons: list[Reason]) -> list[Reason]:
    """A positive reason whose facts were all counted already by an earlier positive one does not count again."""
    seen: set[str] = set()
    out = []
    for r in reasons:
        if r.tone == "positive" and r.evidence:
            if set(r.facts) <= seen:
                out.append(replace(r, counted=False))
                continue
            seen |= set(r.facts)
        out.append(r)
    return out


def recommend(risk: Outcome[RiskAssessment], runway: Outcome[RunwayReport], valuation: Outcome[Valuation],
              market: Outcome[MarketAnalysis], last_post_money: float | None, currency: str,
              simple_runway: float | None = None, deal: Outcome[DealReport] | None = None,
              outcome: Outcome[OutcomeAssessment] | None = None) -> Recommendation:
    """Combine the available sections into a verdict with reasons (see the module docstring).

    ``simple_runway``: cash over net burn in months (:func:`goldmine.metrics.runway_months`), used to
    tell a runway that is comfortable by itself from one that rests on projected growth.
    """
    th = thresholds()
    found: list[Reason | None] = []
    if risk.ok:
        found.append(risk_reason(risk.value, th))
    if runway.ok:
        found.append(runway_reason(runway.value, th, simple_runway))
    if valuation.ok:
        found.append(valuation_reason(valuation.value, last_post_money, currency))
    found.append(growth_reason(runway.value if runway.ok else None, market.value if market.ok else None, th))
    if risk.ok:
        found.append(concentration_reason(risk.value, th))
    if deal is not None and deal.ok:
        found.append(deal_reason(deal.value))
    if outcome is not None and outcome.ok:
        found.append(outcome_reason(outcome.value))
    reasons = _count_once([r for r in found if r is not None])
    facts_with_evidence = {f for r in reasons if r.evidence for f in r.facts if f != "concentration"}
    evidence = len(facts_with_evidence)
    pos = sum(r.tone == "positive" and r.counted and r.evidence for r in reasons)
    neg = sum(r.tone == "negative" and r.against_company for r in reasons)
    blocked = any(r.blocker for r in reasons)
    no_invest = any(r.blocks_invest for r in reasons)
    if blocked:
        verdict = PASS
        if evidence < th["min_evidence"]:
            reasons.append(Reason(Message("report.reason.thin_evidence_blocker", {"n": str(evidence), "min": str(th["min_evidence"])}),
                                  "neutral", "summary", evidence=False))
    elif evidence < th["min_evidence"]:
        verdict = INSUFFICIENT
        reasons.append(Reason(Message("report.reason.thin_evidence", {"n": str(evidence), "min": str(th["min_evidence"])}),
                              "neutral", "summary", evidence=False))
    elif neg - pos >= 2:
        verdict = PASS
    elif pos >= th["min_positive"] and neg == 0 and not no_invest:
        verdict = INVEST
    else:
        verdict = WATCH
    return Recommendation(verdict, tuple(reasons), evidence, th)
