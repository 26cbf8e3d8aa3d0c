"""Synthesis: stage weights, the weighted value and range, football-field data, sensitivity tables.

Weights by stage are inspired by Equidam's table (June 2018 parameter update: scorecard,
checklist, VC method, DCF with long-term growth, DCF with exit multiple) and split over our
methods as ``data/valuation.yaml`` ``stage_weights`` says: checklist -> Berkus and risk-factor
summation; VC method -> VC method (62.5 %) and First Chicago (37.5 %); DCF long-term growth ->
income; DCF exit multiple -> market (comparables); then the cost method takes a stage share
(8 % at idea down to 2 %) off the top.  Methods that do not apply get weight 0 and the others
are renormalised to sum to 1.  When the methods disagree by more than the reconciliation's factor,
:mod:`goldmine.valuation.reconcile` down-weights the outlying ones before the sum (documented rule).

value = sum(w_m x value_m); low = sum(w_m x low_m); high = sum(w_m x high_m).  With weights >= 0
summing to 1, the value always lies between the smallest and largest method values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from goldmine.errors import AnalysisError
from goldmine.results import Result
from goldmine.valuation._config import config, equidam_stage
from goldmine.valuation.base import METHODS, MethodResult


def stage_weights(stage: str) -> dict[str, float]:
    """Default weights of the eight methods for one of our stages (sum 1)."""
    cfg = config().stage_weights
    eq = equidam_stage(stage)
    row = cfg.equidam.get(eq, cfg.equidam["expansion"])
    cost_share = float(cfg.cost_share[eq])
    w = dict.fromkeys(METHODS, 0.0)
    for column, share in row.items():
        for method, part in cfg.split[column].items():
            w[method] += float(share) * float(part) * (1.0 - cost_share)
    w["cost"] += cost_share
    return w


def renormalise(weights: dict[str, float], applicable: set[str]) -> dict[str, float]:
    """Weights of inapplicable methods set to 0, the rest scaled to sum to 1."""
    total = sum(w for m, w in weights.items() if m in applicable)
    if total <= 0:
        raise AnalysisError("valuation.error.no_method")
    return {m: (w / total if m in applicable else 0.0) for m, w in weights.items()}


@dataclass(frozen=True)
class Synthesis(Result):
    """The weighted value and range; ``weights`` by method name (renormalised, sum 1: the stage weights
    after the reconciliation's down-weighting, :mod:`goldmine.valuation.reconcile`); ``stage_weights``
    the stage weights renormalised over the applicable methods, before it (empty when not recorded)."""

    value: float
    low: float
    high: float
    weights: dict[str, float] = field(default_factory=dict)
    stage_weights: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FootballBar:
    """One bar of the football-field chart: a method's (or the synthesis's) low, value, high and weight."""

    name: str
    low: float
    value: float
    high: float
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "low": self.low, "value": self.value, "high": self.high, "weight": self.weight}


def applicable_weights(methods: Sequence[MethodResult], weights: dict[str, float]) -> dict[str, float]:
    """``weights`` renormalised over the applicable methods (those with a value)."""
    by_name = {m.name: m for m in methods}
    applicable = {m.name for m in methods if m.applicable and m.value is not None}
    return renormalise({k: weights.get(k, 0.0) for k in by_name}, applicable)


def synthesize(methods: Sequence[MethodResult], weights: dict[str, float],
               stage_weights: dict[str, float] | None = None) -> Synthesis:
    """The weighted value and range of the applicable methods (weights renormalised)."""
    by_name = {m.name: m for m in methods}
    applicable = {m.name for m in methods if m.applicable and m.value is not None}
    w = renormalise({k: weights.get(k, 0.0) for k in by_name}, applicable)
    # summed in method order, not set order: a set's order changes with PYTHONHASHSEED, which made
    # the last bits of the synthesis differ from one run to the next
    order = [n for n in by_name if n in applicable]
    value = low = high = 0.0
    for n in order:
        m = by_name[n]
        v, lo, hi = _numbers(m)
        value += w[n] * v
        low += w[n] * lo
        high += w[n] * hi
    return Synthesis(value=value, low=min(low, value), high=max(high, value), weights=w,
                     stage_weights=dict(stage_weights) if stage_weights is not None else {})


def _numbers(m: MethodResult) -> tuple[float, float, float]:
    """Value, low and high of an applicable method (each falls back to the value when missing)."""
    if m.value is None:  # not reached for applicable methods: synthesize() keeps those with a value
        raise AnalysisError("valuation.error.no_value", method=m.name)
    return m.value, m.value if m.low is None else m.low, m.value if m.high is None else m.high


def football_field(methods: Sequence[MethodResult], synthesis: Synthesis) -> list[FootballBar]:
    """One bar per applicable method (low, value, high, weight) plus the synthesis bar, for a chart."""
    bars = []
    for m in methods:
        if m.applicable and m.value is not None:
            v, lo, hi = _numbers(m)
            bars.append(FootballBar(m.name, lo, v, hi, synthesis.weights.get(m.name, 0.0)))
    bars.append(FootballBar("synthesis", synthesis.low, synthesis.value, synthesis.high, 1.0))
    return bars
