"""The recommendation of a due-diligence run: invest, watch or pass, always with its reasons.

Rules (thresholds in ``data/report.yaml`` -> ``recommendation``, each with its rationale):

* every available analysis contributes at most one *reason* with a tone: ``positive``,
  ``neutral`` or ``negative``; a reason names the number it rests on; the risk reason takes its
  tone from the risk engine's rating (low and moderate for, elevated neutral, high against,
  critical a blocker), and from the score thresholds only when there is no rating;
* ``pass`` when any reason is a *blocker* (critical risk rating; P(cash runs out before the next
  round) above the blocker threshold) or negatives outnumber positives by two or more;
* ``invest`` when there are at least ``min_positive`` positives and no negative;
* ``watch`` otherwise, and when fewer than ``min_evidence`` analyses are available (the report then
  says the evidence is too thin to decide) unless a blocker is among them: a blocker always passes.

Numbers in the reasons carry the rounding of the report's tables (score and percentages with one
decimal), so the summary and the section it cites show the same figure.

This is a screening rule of thumb for an investment committee, not advice; the reasons, not the
word, are the output.  The thresholds follow common venture practice cited in the data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldmine.i18n.messages import Message, Money, Term
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.settings import report_config, value

if TYPE_CHECKING:
    from goldmine.finance.runway import RunwayReport
    from goldmine.pipeline.market import MarketAnalysis
    from goldmine.risk.assess import RiskAssessment
    from goldmine.valuation import Valuation

INVEST, WATCH, PASS = "invest", "watch", "pass"
# tone of the risk engine's rating (goldmine.risk: low / moderate / elevated / high / critical)
RATING_TONE = {"low": "positive", "moderate": "positive", "elevated": "neutral", "high": "negative", "critical": "blocker"}


@dataclass(frozen=True)
class Reason:
    """One reason: a message (``report.reason.*`` with its parameters), its tone and the section it rests on."""

    message: Message
    tone: str
    section: str
    blocker: bool = False

    @property
    def key(self) -> str:
        return self.message.key

    def text(self, lang: str) -> str:
        return self.message.render(lang)

    def to_dict(self) -> dict[str, Any]:
        return {**self.message.to_dict(), "tone": self.tone, "section": self.section, "blocker": self.blocker}


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
    # the risk engine's own rating decides the tone; the score thresholds apply only without one
    tone = RATING_TONE.get(rating)
    if tone is None:
        tone = ("blocker" if score >= th["risk_blocker"] else "negative" if score >= th["risk_high"]
                else "positive" if score <= th["risk_low"] else "neutral")
    if tone == "blocker":
        return Reason(Message("report.reason.risk_critical", p), "negative", "risk", blocker=True)
    key = {"negative": "risk_high", "neutral": "risk_mid", "positive": "risk_low"}[tone]
    return Reason(Message(f"report.reason.{key}", p), tone, "risk")


def runway_reason(r: RunwayReport, th: Mapping[str, Any]) -> Reason:
    mc = r.monte_carlo
    p_out = None if mc is None else float(mc.p_cash_out)
    med, beyond = runway_median(r)
    shown = "—" if med is None else (f"> {med:.0f}" if beyond else f"{med:.1f}")
    # percentages with one decimal, as the runway section prints them (report.fmt.pct)
    p = {"p": "—" if p_out is None else f"{p_out * 100:.1f}%", "months": shown}
    if p_out is not None and p_out >= th["cash_out_blocker"]:
        return Reason(Message("report.reason.cash_out_blocker", p), "negative", "runway", blocker=True)
    if med is not None and not beyond and med < th["runway_short"]:
        return Reason(Message("report.reason.runway_short", p), "negative", "runway")
    if p_out is not None and p_out >= th["cash_out_high"]:
        # a long median runway with a high chance of running dry is not a "short runway": say which it is
        return Reason(Message("report.reason.cash_out_high", p), "negative", "runway")
    if med is not None and med >= th["runway_long"] and (p_out is None or p_out < th["cash_out_low"]):
        return Reason(Message("report.reason.runway_long", p), "positive", "runway")
    return Reason(Message("report.reason.runway_mid", p), "neutral", "runway")


def valuation_reason(v: Valuation, last_post_money: float | None, currency: str) -> Reason | None:
    syn = v.synthesis
    if syn.value is None:
        return None
    money = {"value": Money(syn.value, currency), "low": Money(syn.low, currency), "high": Money(syn.high, currency)}
    if not last_post_money:
        return Reason(Message("report.reason.no_price", money), "neutral", "valuation")
    p = {**money, "post": Money(last_post_money, currency)}
    if syn.high is not None and last_post_money > syn.high:
        return Reason(Message("report.reason.priced_above", p), "negative", "valuation")
    if syn.low is not None and last_post_money < syn.low:
        return Reason(Message("report.reason.priced_below", p), "positive", "valuation")
    return Reason(Message("report.reason.priced_within", p), "neutral", "valuation")


def market_reason(m: MarketAnalysis, th: Mapping[str, Any]) -> Reason | None:
    if m.cagr is None:
        return None
    p = {"cagr": f"{m.cagr * 100:.1f}%"}  # as the market section prints it
    if m.cagr >= th["growth_strong"]:
        return Reason(Message("report.reason.growth_strong", p), "positive", "market")
    if m.cagr <= 0:
        return Reason(Message("report.reason.growth_negative", p), "negative", "market")
    return Reason(Message("report.reason.growth_modest", p), "neutral", "market")


def recommend(risk: Outcome[RiskAssessment], runway: Outcome[RunwayReport], valuation: Outcome[Valuation],
              market: Outcome[MarketAnalysis], last_post_money: float | None, currency: str) -> Recommendation:
    """Combine the available sections into a verdict with reasons (see the module docstring)."""
    th = thresholds()
    found: list[Reason | None] = []
    if risk.ok:
        found.append(risk_reason(risk.value, th))
    if runway.ok:
        found.append(runway_reason(runway.value, th))
    if valuation.ok:
        found.append(valuation_reason(valuation.value, last_post_money, currency))
    if market.ok:
        found.append(market_reason(market.value, th))
    reasons = [r for r in found if r is not None]
    evidence = sum(o.ok for o in (risk, runway, valuation, market))
    pos = sum(r.tone == "positive" for r in reasons)
    neg = sum(r.tone == "negative" for r in reasons)
    blocked = any(r.blocker for r in reasons)
    if evidence < th["min_evidence"]:
        # a blocker stops the deal even on thin evidence: "watch" beside "a blocker" would contradict itself
        verdict = PASS if blocked else WATCH
        key = "report.reason.thin_evidence_blocker" if blocked else "report.reason.thin_evidence"
        reasons.append(Reason(Message(key, {"n": str(evidence), "min": str(th["min_evidence"])}), "neutral", "summary"))
    elif blocked or neg - pos >= 2:
        verdict = PASS
    elif pos >= th["min_positive"] and neg == 0:
        verdict = INVEST
    else:
        verdict = WATCH
    return Recommendation(verdict, tuple(reasons), evidence, th)
