"""goldmine.valuation — what an AI startup is worth, by every method investors use (issue #6).

Methods (one module each; every function takes the profile plus explicit assumptions and
returns a :class:`MethodResult` with a value, a low-high range and the assumptions used, or
says it does not apply):

* :mod:`.cost` — cost method (《AI大模型创业：泡沫还是金矿？》 (undated) §6.3): book and replacement
  value.
* :mod:`.market` — comparables on EV/revenue with dated, sourced AI multiples (``data/multiples.yaml``).
* :mod:`.income` — DCF with survival rates, CAPM cost of equity, two terminal values (Equidam).
* :mod:`.vc_method` — exit value / (1 + required ROI)^years with Equidam's required ROIs by stage.
* :mod:`.scorecard` — Payne's scorecard (weights 30/25/15/10/10/5/5).
* :mod:`.berkus` — Berkus: five elements up to $500k each, pre-revenue only.
* :mod:`.rfs` — risk-factor summation: 12 risks at $250k a point, fed by :mod:`goldmine.risk`.
* :mod:`.first_chicago` — probability-weighted scenarios.
* :mod:`.synthesis` — stage weights after Equidam, weighted value and range, football field.
* :mod:`.returns` — IRR, XIRR, NPV, XNPV, MOIC through pyxirr.

:func:`value` runs them all on a profile and returns a :class:`Valuation`.
Amounts are in the profile's currency; USD anchors and comparables are converted with the FX
table shipped in ``data/multiples.yaml`` (date and source per rate).  Configuration is read through
:mod:`goldmine.valuation._config` (frozen models); the package reads no file itself.  It imports
:mod:`goldmine.risk` (the risk engine feeds the risk-factor summation): the one analytics package
it depends on, a documented exception (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from goldmine.results import Result
from goldmine.valuation._config import FxTable, default_fx
from goldmine.valuation.base import METHODS, MethodResult
from goldmine.valuation.berkus import berkus
from goldmine.valuation.cost import cost
from goldmine.valuation.first_chicago import first_chicago, first_chicago_for, first_chicago_value
from goldmine.valuation.income import DcfGrid, dcf_table, income
from goldmine.valuation.market import (
    Comparable,
    MarketGrid,
    market,
    market_table,
    parse_comparables,
)
from goldmine.valuation.projection import project
from goldmine.valuation.rfs import rfs_value, risk_factor_summation, scores_from_assessment
from goldmine.valuation.scorecard import scorecard, scorecard_value
from goldmine.valuation.synthesis import (
    FootballBar,
    Synthesis,
    football_field,
    stage_weights,
    synthesize,
)
from goldmine.valuation.vc_method import (
    required_return,
    stage_required_return,
    vc_method,
    vc_post_money,
)

if TYPE_CHECKING:
    from goldmine.model import Startup

__all__ = [
    "METHODS", "Comparable", "DcfGrid", "FootballBar", "FxTable", "MarketGrid", "MethodResult", "Sensitivity",
    "Synthesis", "Valuation", "berkus", "cost", "default_fx", "first_chicago", "first_chicago_value", "income",
    "market", "parse_comparables", "project", "required_return", "rfs_value", "risk_factor_summation", "scorecard",
    "scorecard_value", "scores_from_assessment", "stage_required_return", "stage_weights", "value", "vc_method",
    "vc_post_money",
]


@dataclass(frozen=True)
class Sensitivity:
    """The sensitivity grids: ``dcf`` (discount rate x terminal growth) and ``market`` (multiple x
    revenue); each ``None`` when its method does not apply (no revenue)."""

    dcf: DcfGrid | None
    market: MarketGrid | None

    def to_dict(self) -> dict[str, Any]:
        return {"dcf": None if self.dcf is None else self.dcf.to_dict(),
                "market": None if self.market is None else self.market.to_dict()}


@dataclass(frozen=True)
class Valuation(Result):
    """Every method's answer, the stage-weighted synthesis, football-field bars and sensitivity tables.

    Attributes a report reads: ``methods`` (each :class:`MethodResult` with ``name``, ``value``, ``low``,
    ``high``, ``weight``, ``applicable``, ``reason``), ``synthesis`` (``value``, ``low``, ``high``,
    ``weights``), ``football_field`` (:class:`FootballBar`), ``sensitivity`` (:class:`Sensitivity`:
    ``dcf``, ``market`` grids).  ``to_dict()`` keys (docs/valuation.md): ``id``, ``name``, ``currency``,
    ``stage``, ``methods[]`` (name, value, low, high, weight, applicable, reason, assumptions, details),
    ``synthesis`` (value, low, high), ``football_field[]``, ``sensitivity`` (dcf, market),
    ``risk_source``, ``fx``.
    """

    id: str | None
    name: str
    currency: str
    stage: str
    methods: tuple[MethodResult, ...]
    synthesis: Synthesis
    football_field: tuple[FootballBar, ...]
    sensitivity: Sensitivity
    risk_source: str
    fx: FxTable = field(default_factory=default_fx)
    name_zh: str | None = None   # the profile's Chinese name, for summary("zh")

    def method(self, name: str) -> MethodResult:
        """The result of method ``name`` (one of :data:`METHODS`)."""
        for m in self.methods:
            if m.name == name:
                return m
        from goldmine.errors import AnalysisError

        raise AnalysisError("valuation.error.unknown_method", found=name, known=", ".join(METHODS))

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        methods = []
        for m in self.methods:
            d = m.to_dict()
            methods.append({"name": m.name, "value": d["value"], "low": d["low"], "high": d["high"],
                            "weight": m.weight, "applicable": m.applicable,
                            "reason": m.reason, "assumptions": d["assumptions"], "details": d["details"]})
        out: dict[str, Any] = to_jsonable({
            "id": self.id, "name": self.name, "currency": self.currency, "stage": self.stage,
            "methods": methods,
            "synthesis": {"value": self.synthesis.value, "low": self.synthesis.low, "high": self.synthesis.high},
            "football_field": [b.to_dict() for b in self.football_field], "sensitivity": self.sensitivity.to_dict(),
            "risk_source": self.risk_source, "fx": self.fx.to_dict(),
        })
        return out

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_money, get_lang, t

        name = self.name_zh if (lang or get_lang()) == "zh" and self.name_zh else self.name
        lines = [t("valuation.summary.title", lang, name=name)]
        for m in self.methods:
            w = self.synthesis.weights.get(m.name, 0.0)
            lines.append(f"  {m.summary(lang)}" + (f"  [{w:.0%}]" if m.applicable else ""))
        s = self.synthesis
        lines.append(t("valuation.summary.synthesis", lang, value=format_money(s.value, self.currency, lang),
                       low=format_money(s.low, self.currency, lang), high=format_money(s.high, self.currency, lang)))
        return "\n".join(lines)


def _assessment(startup: Startup) -> tuple[Any, str]:
    """The risk engine's assessment, or ``(None, "unavailable")`` when goldmine.risk is not installed."""
    try:
        from goldmine.risk import assess
    except ImportError:
        return None, "unavailable"
    return assess(startup), "risk_engine"


def value(startup: Startup, *, assessment: Any = None, rfs_scores: Mapping[str, float] | None = None,
          comparables: Sequence[Comparable] = (), fx: FxTable | None = None, base_premoney: float | None = None,
          weights: Mapping[str, float] | None = None) -> Valuation:
    """Value ``startup`` by every method and combine them with the stage weights.

    ``assessment`` (a ``goldmine.risk`` result) feeds the risk-factor summation; when omitted it
    is computed with ``goldmine.risk.assess``.  ``rfs_scores`` (12 risks, -2..+2) override it.
    """
    fx = fx or default_fx()
    ccy = startup.currency
    proj = project(startup)
    c = cost(startup)
    mk = market(startup, comparables=comparables, fx=fx)
    inc = income(startup, fx=fx, projection=proj)
    vc = vc_method(startup, projection=proj)
    sc = scorecard(startup, base=base_premoney, fx=fx)
    bk = berkus(startup, fx=fx)
    if rfs_scores is not None:
        risk_source = "given"
        rf = risk_factor_summation(startup, scores=rfs_scores, base=base_premoney, fx=fx)
    else:
        if assessment is None:
            assessment, risk_source = _assessment(startup)
        else:
            risk_source = "risk_engine"
        if assessment is None:
            rf = MethodResult.not_applicable("risk_factor_summation", ccy, "valuation.reason.no_risk_engine")
        else:
            rf = risk_factor_summation(startup, assessment=assessment, base=base_premoney, fx=fx)
    fc = first_chicago_for(startup, vc, c)
    computed = (c, mk, inc, vc, sc, bk, rf, fc)
    syn = synthesize(computed, dict(weights) if weights is not None else stage_weights(startup.stage.value))
    methods = tuple(replace(m, weight=syn.weights.get(m.name, 0.0)) for m in computed)
    sens = Sensitivity(dcf=dcf_table(startup, fx=fx), market=market_table(startup, mk))
    return Valuation(id=startup.id, name=startup.display_name("en"), currency=ccy, stage=startup.stage.value,
                     methods=methods, synthesis=syn, football_field=tuple(football_field(methods, syn)),
                     sensitivity=sens, risk_source=risk_source, fx=fx, name_zh=startup.display_name("zh"))
