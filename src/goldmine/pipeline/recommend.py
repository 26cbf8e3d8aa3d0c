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

from dataclasses import dataclass, field
from typing import Any

from goldmine.pipeline.outcome import Outcome, dig
from goldmine.pipeline.settings import report_config, value
from goldmine.results import Result

INVEST, WATCH, PASS = "invest", "watch", "pass"
# tone of the risk engine's rating (goldmine.risk: low / moderate / elevated / high / critical)
RATING_TONE = {"low": "positive", "moderate": "positive", "elevated": "neutral", "high": "negative", "critical": "blocker"}


@dataclass(frozen=True)
class Reason(Result):
    """One reason: the message key (``report.reason.*``), its parameters, tone and section."""

    key: str
    tone: str
    section: str
    params: dict[str, Any] = field(default_factory=dict)
    blocker: bool = False
    currency: str | None = None

    MONEY = ("value", "low", "high", "post")

    def text(self, lang: str) -> str:
        """The reason in ``lang``; amounts (value, low, high, post) formatted in the company's currency."""
        from goldmine.i18n import format_money, has_key, t

        p = {k: (format_money(v, self.currency or "USD", lang) if k in self.MONEY else v) for k, v in self.params.items()}
        if "rating" in p and has_key(f"risk.rating.{p['rating']}"):
            p["rating"] = t(f"risk.rating.{p['rating']}", lang)
        return t(self.key, lang, **p)


@dataclass(frozen=True)
class Recommendation(Result):
    verdict: str
    reasons: tuple[Reason, ...]
    evidence: int
    thresholds: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "evidence": self.evidence, "thresholds": self.thresholds,
                "reasons": [{"key": r.key, "tone": r.tone, "section": r.section, "blocker": r.blocker,
                             "params": r.params, "currency": r.currency, "en": r.text("en"), "zh": r.text("zh")} for r in self.reasons]}


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def runway_median(data: dict[str, Any]) -> tuple[float | None, bool]:
    """The median simulated runway from ``runway_months.p50`` and whether it lies beyond the
    simulation horizon (``goldmine runway`` reports ``null`` then; the horizon is returned)."""
    rm = data.get("runway_months")
    if isinstance(rm, dict) and "p50" in rm:
        if rm["p50"] is None:
            return _num(data.get("horizon_months")), True
        return _num(rm["p50"]), False
    return None, False


def recommend(sections: dict[str, Outcome], last_post_money: float | None, currency: str) -> Recommendation:
    """Combine the available sections into a verdict with reasons (see the module docstring)."""
    cfg = report_config()["recommendation"]
    th = {k: value(v) for k, v in cfg.items()}
    reasons: list[Reason] = []

    risk = sections.get("risk")
    if risk is not None and risk.ok:
        score = _num(dig(risk.data, "overall.score"))
        rating = dig(risk.data, "overall.rating")
        if score is not None:
            p = {"score": f"{score:.1f}", "rating": str(rating)}  # one decimal, as the risk section prints it
            # the risk engine's own rating decides the tone; the score thresholds apply only without one
            tone = RATING_TONE.get(str(rating))
            if tone is None:
                tone = ("blocker" if score >= th["risk_blocker"] else "negative" if score >= th["risk_high"]
                        else "positive" if score <= th["risk_low"] else "neutral")
            if tone == "blocker":
                reasons.append(Reason("report.reason.risk_critical", "negative", "risk", p, blocker=True))
            else:
                key = {"negative": "risk_high", "neutral": "risk_mid", "positive": "risk_low"}[tone]
                reasons.append(Reason(f"report.reason.{key}", tone, "risk", p))

    runway = sections.get("runway")
    if runway is not None and runway.ok:
        p_out = _num(runway.data.get("p_cash_out"))
        med, beyond = runway_median(runway.data)
        shown = "—" if med is None else (f"> {med:.0f}" if beyond else f"{med:.1f}")
        # percentages with one decimal, as the runway section prints them (report.fmt.pct)
        p = {"p": "—" if p_out is None else f"{p_out * 100:.1f}%", "months": shown}
        if p_out is not None and p_out >= th["cash_out_blocker"]:
            reasons.append(Reason("report.reason.cash_out_blocker", "negative", "runway", p, blocker=True))
        elif med is not None and not beyond and med < th["runway_short"]:
            reasons.append(Reason("report.reason.runway_short", "negative", "runway", p))
        elif p_out is not None and p_out >= th["cash_out_high"]:
            # a long median runway with a high chance of running dry is not a "short runway": say which it is
            reasons.append(Reason("report.reason.cash_out_high", "negative", "runway", p))
        elif med is not None and med >= th["runway_long"] and (p_out is None or p_out < th["cash_out_low"]):
            reasons.append(Reason("report.reason.runway_long", "positive", "runway", p))
        else:
            reasons.append(Reason("report.reason.runway_mid", "neutral", "runway", p))

    val = sections.get("valuation")
    if val is not None and val.ok:
        low, mid, high = (_num(dig(val.data, f"synthesis.{k}")) for k in ("low", "value", "high"))
        if mid is not None and last_post_money:
            p = {"value": mid, "low": low, "high": high, "post": last_post_money}
            if high is not None and last_post_money > high:
                reasons.append(Reason("report.reason.priced_above", "negative", "valuation", p))
            elif low is not None and last_post_money < low:
                reasons.append(Reason("report.reason.priced_below", "positive", "valuation", p))
            else:
                reasons.append(Reason("report.reason.priced_within", "neutral", "valuation", p))
        elif mid is not None:
            p = {"value": mid, "low": low, "high": high}
            reasons.append(Reason("report.reason.no_price", "neutral", "valuation", p))

    market = sections.get("market")
    if market is not None and market.ok:
        cagr = _num(dig(market.data, "cagr"))
        if cagr is not None:
            p = {"cagr": f"{cagr * 100:.1f}%"}  # as the market section prints it
            if cagr >= th["growth_strong"]:
                reasons.append(Reason("report.reason.growth_strong", "positive", "market", p))
            elif cagr <= 0:
                reasons.append(Reason("report.reason.growth_negative", "negative", "market", p))
            else:
                reasons.append(Reason("report.reason.growth_modest", "neutral", "market", p))

    evidence = sum(1 for name in ("risk", "runway", "valuation", "market") if sections.get(name) is not None and sections[name].ok)
    pos = sum(r.tone == "positive" for r in reasons)
    neg = sum(r.tone == "negative" for r in reasons)
    blocked = any(r.blocker for r in reasons)
    if evidence < th["min_evidence"]:
        # a blocker stops the deal even on thin evidence: "watch" beside "a blocker" would contradict itself
        verdict = PASS if blocked else WATCH
        reasons.append(Reason("report.reason.thin_evidence_blocker" if blocked else "report.reason.thin_evidence",
                              "neutral", "summary", {"n": str(evidence), "min": str(th["min_evidence"])}))
    elif blocked or neg - pos >= 2:
        verdict = PASS
    elif pos >= th["min_positive"] and neg == 0:
        verdict = INVEST
    else:
        verdict = WATCH
    reasons = [Reason(r.key, r.tone, r.section, r.params, r.blocker, currency) for r in reasons]
    return Recommendation(verdict, tuple(reasons), evidence, th)
