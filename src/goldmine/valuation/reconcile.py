"""Reconciliation of the methods (issue #15): when they disagree, say which and why, down-weight by a
documented rule, and set the last round's price against the range.

The rules (``data/valuation.yaml`` ``reconciliation``, goldmine rules):

* **Disagreement**: the highest applicable method value is more than ``factor`` (3x) the lowest.
* **Centre**: the weighted median of the method values under the stage weights (a robust centre:
  one outlying method moves it less than it moves the weighted mean).
* **Down-weighting** (``rule: sqrt_factor_distance``), only when the methods disagree: a method whose
  value lies more than sqrt(factor) (1.73x) above or below the centre keeps its stage weight x
  sqrt(factor) / distance (3.5x away: half its weight); the weights are renormalised.  A method
  valued at 0 keeps no weight.
* **Why** each flagged method sits where it does, from its own assumptions: the DCF penalised by
  near-term losses and the chance of failure, the market method on round and forward multiples,
  the VC method's exit discounted at the required return, the anchored methods set by the region's
  average pre-money rather than the company's figures, the cost method counting what was spent.
* **Last round**: its post-money (:func:`goldmine.metrics.last_post_money`, rounds on or before the
  valuation date) above, within or below the synthesis range, with the gap as a multiple of the
  central value (``post / value``).

Everything is language-neutral: :class:`Reconciliation` holds message keys with parameters
(``messages``), and :meth:`Reconciliation.paragraph` renders them as one paragraph in English or
Chinese.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldmine.i18n.messages import Message, Money, Term
from goldmine.results import Result
from goldmine.valuation._config import config
from goldmine.valuation.base import MethodResult

if TYPE_CHECKING:
    from goldmine.model import Startup


@dataclass(frozen=True)
class MethodGap:
    """A method further than sqrt(factor) from the centre: its value, distance (a ratio >= 1),
    direction (``above``, ``below``), weights before and after, and why (a message)."""

    name: str
    value: float
    distance: float
    direction: str
    weight_before: float
    weight_after: float
    why: Message

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "distance": self.distance if math.isfinite(self.distance) else None,
                "direction": self.direction, "weight_before": self.weight_before, "weight_after": self.weight_after,
                "why": self.why.to_dict()}


@dataclass(frozen=True)
class LastRound:
    """The last priced round on or before the valuation date against the synthesis range."""

    name: str
    date: str
    post_money: float
    position: str          # above | within | below
    gap: float             # post-money / central value
    age_months: float
    stale: bool

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "date": self.date, "post_money": self.post_money, "position": self.position,
                "gap": self.gap, "age_months": round(self.age_months, 1), "stale": self.stale}


@dataclass(frozen=True)
class Reconciliation(Result):
    """How the methods were reconciled.

    ``factor`` (and its source), ``spread`` (highest / lowest applicable value; ``None`` with fewer
    than two positive values), ``disagree``, ``lowest``/``highest`` (method names), ``centre`` (the
    weighted median), ``methods`` (the flagged :class:`MethodGap` s), ``weights_before`` (stage
    weights, renormalised) and ``weights_after``, ``last_round`` (:class:`LastRound` or ``None``),
    ``messages`` (the paragraph, as language-neutral messages).
    """

    factor: float
    factor_source: str
    rule_source: str
    spread: float | None
    disagree: bool
    lowest: str | None
    highest: str | None
    centre: float | None
    methods: tuple[MethodGap, ...] = ()
    weights_before: dict[str, float] = field(default_factory=dict)
    weights_after: dict[str, float] = field(default_factory=dict)
    last_round: LastRound | None = None
    messages: tuple[Message, ...] = ()

    def paragraph(self, lang: str | None = None) -> str:
        """The reconciliation as one paragraph in ``lang`` (sentences joined by a space in English)."""
        from goldmine.i18n import get_lang

        L = lang or get_lang()
        sep = "" if L == "zh" else " "
        return sep.join(m.render(L) for m in self.messages)

    def summary(self, lang: str | None = None) -> str:
        return self.paragraph(lang)

    def to_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "factor_source": self.factor_source, "rule_source": self.rule_source,
                "spread": self.spread, "disagree": self.disagree, "lowest": self.lowest, "highest": self.highest,
                "centre": self.centre, "methods": [m.to_dict() for m in self.methods],
                "weights_before": dict(self.weights_before), "weights_after": dict(self.weights_after),
                "last_round": None if self.last_round is None else self.last_round.to_dict(),
                "messages": [m.to_dict() for m in self.messages]}


def weighted_median(values: Sequence[tuple[float, float]]) -> float | None:
    """The lower weighted median of ``(value, weight)`` pairs (weights > 0): the smallest value at
    which the cumulative weight reaches half the total."""
    pairs = sorted((v, w) for v, w in values if w > 0)
    total = sum(w for _, w in pairs)
    if total <= 0:
        return None
    acc = 0.0
    for v, w in pairs:
        acc += w
        if acc >= total / 2 - 1e-12:
            return v
    return pairs[-1][0]


def _method_term(name: str) -> Term:
    return Term(f"valuation.method.{name}")


def why(m: MethodResult, currency: str) -> Message:
    """Why a method sits where it does, from its own assumptions (a message)."""
    a, d = m.assumptions, m.details
    if m.name == "income":
        pv = d.get("pv_explicit")
        if d.get("loss_years") and pv is not None and pv < 0:
            return Message("valuation.why.income_losses", {"years": int(d["loss_years"]), "pv": Money(float(pv), currency),
                                                           "survival": float(d.get("survival_n", 1.0))})
        return Message("valuation.why.income", {"survival": float(d.get("survival_n", 1.0)), "k": float(a["cost_of_equity"])})
    if m.name == "market":
        rounds = [r["name"] for r in d.get("comparables", []) if r.get("basis") == "private_round"]
        key = "valuation.why.market_rounds" if rounds else "valuation.why.market"
        return Message(key, {"multiple": float(a["multiple"]), "arr": Money(float(a["arr"]), currency)})
    if m.name == "vc_method":
        return Message("valuation.why.vc_method", {"multiple": float(a["exit_multiple"]), "years": int(a["years"]),
                                                   "r": float(a["required_return"])})
    if m.name == "first_chicago":
        return Message("valuation.why.first_chicago")
    if m.name in ("scorecard", "risk_factor_summation"):
        region = str(a.get("base_region", "user"))
        return Message("valuation.why.anchored", {"base": Money(float(a["base_premoney"]), currency),
                                                  "region": Term(f"valuation.region.{region}")})
    if m.name == "berkus":
        return Message("valuation.why.berkus", {"max": Money(5 * float(a["element_max"]), currency)})
    return Message("valuation.why.cost")


def last_round(startup: Startup, valuation_date: dt.date, value: float, low: float, high: float,
               max_age_months: float) -> LastRound | None:
    """The last round on or before ``valuation_date`` that states a valuation, against the range."""
    from goldmine.metrics import last_post_money
    from goldmine.valuation.asof import months_between

    rounds = [r for r in startup.rounds if r.date <= valuation_date]
    post = last_post_money(startup.model_copy(update={"rounds": rounds}))
    if post is None or value <= 0:
        return None
    r = next(r for r in reversed(rounds) if r.post_money is not None or r.pre_money is not None)
    position = "above" if post > high else "below" if post < low else "within"
    age = months_between(r.date, valuation_date)
    return LastRound(r.name, r.date.isoformat(), float(post), position, float(post) / value, age, age > max_age_months)


def reconcile(methods: Sequence[MethodResult], weights: Mapping[str, float], currency: str) -> Reconciliation:
    """Disagreement, centre, flagged methods and the weights after the documented rule (the last
    round is added by :func:`with_last_round` once the synthesis is known)."""
    cfg = config().reconciliation
    factor = float(cfg.factor.value)
    used = [m for m in methods if m.applicable and m.value is not None and weights.get(m.name, 0.0) > 0]
    before = {k: float(v) for k, v in weights.items()}
    base = Reconciliation(factor, cfg.factor.source, cfg.rule.source, None, False, None, None, None,
                          weights_before=before, weights_after=dict(before))
    positive = [m for m in used if (m.value or 0.0) > 0]
    if len(positive) < 2:
        return base
    lo = min(positive, key=lambda m: float(m.value or 0.0))
    hi = max(positive, key=lambda m: float(m.value or 0.0))
    spread = float(hi.value or 0.0) / float(lo.value or 1.0)
    centre = weighted_median([(float(m.value or 0.0), weights[m.name]) for m in used])
    if centre is None or centre <= 0:
        return base
    disagree = spread > factor
    after = dict(before)
    gaps: list[MethodGap] = []
    limit = math.sqrt(factor)
    if disagree:
        for m in used:
            v = float(m.value or 0.0)
            distance = math.inf if v <= 0 else max(v / centre, centre / v)
            if distance <= limit:
                continue
            after[m.name] = before[m.name] * (0.0 if math.isinf(distance) else limit / distance)
            gaps.append(MethodGap(m.name, v, distance, "above" if v > centre else "below", before[m.name],
                                  after[m.name], why(m, currency)))
        total = sum(after.values())
        after = {k: w / total for k, w in after.items()}
        gaps = [MethodGap(g.name, g.value, g.distance, g.direction, g.weight_before, after[g.name], g.why) for g in gaps]
    messages: list[Message] = []
    if disagree:
        messages.append(Message("valuation.reconcile.disagree", {
            "highest": _method_term(hi.name), "high": Money(float(hi.value or 0.0), currency),
            "lowest": _method_term(lo.name), "low": Money(float(lo.value or 0.0), currency),
            "spread": spread, "factor": factor, "centre": Money(centre, currency)}))
        for g in sorted(gaps, key=lambda g: -g.distance):
            kept = 0.0 if not math.isfinite(g.distance) else limit / g.distance
            messages.append(Message(f"valuation.reconcile.method_{g.direction}", {
                "method": _method_term(g.name), "distance": g.distance if math.isfinite(g.distance) else 0.0,
                "why": g.why, "kept": kept, "before": g.weight_before, "after": g.weight_after}))
    else:
        messages.append(Message("valuation.reconcile.agree", {"spread": spread, "factor": factor}))
    return Reconciliation(factor, cfg.factor.source, cfg.rule.source, spread, disagree, lo.name, hi.name, centre,
                          tuple(gaps), before, after, None, tuple(messages))


def with_last_round(rec: Reconciliation, startup: Startup, valuation_date: dt.date, value: float, low: float,
                    high: float, currency: str, max_age_months: float) -> Reconciliation:
    """``rec`` with the last round set against the synthesis (and its sentence appended)."""
    lr = last_round(startup, valuation_date, value, low, high, max_age_months)
    messages = list(rec.messages)
    if lr is None:
        messages.append(Message("valuation.reconcile.no_round"))
    else:
        d = dt.date.fromisoformat(lr.date)
        messages.append(Message(f"valuation.reconcile.last_round_{lr.position}", {
            "round": lr.name, "date": Message("valuation.date", {"y": d.year, "m": d.month, "d": d.day}), "post": Money(lr.post_money, currency), "gap": lr.gap,
            "value": Money(value, currency), "low": Money(low, currency), "high": Money(high, currency)}))
        if lr.stale:
            messages.append(Message("valuation.reconcile.last_round_stale", {"months": round(lr.age_months)}))
    return Reconciliation(rec.factor, rec.factor_source, rec.rule_source, rec.spread, rec.disagree, rec.lowest,
                          rec.highest, rec.centre, rec.methods, rec.weights_before, rec.weights_after, lr,
                          tuple(messages))
