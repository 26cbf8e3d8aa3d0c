"""goldmine.valuation — what an AI startup is worth, by every method investors use (issue #6).

Methods (one module each; every function takes the profile plus explicit assumptions and
returns a :class:`MethodResult` with a value, a low-high range and the assumptions used, or
says it does not apply):

* :mod:`.cost` — cost method (《AI大模型创业：泡沫还是金矿？》 (undated) §6.3): book and replacement
  value.
* :mod:`.market` — comparables on EV/revenue with dated, sourced AI multiples (``data/multiples.yaml``)
  and the landscape's named comparables.
* :mod:`.income` — DCF for early stages (issue #15): revenue from the growth model and costs line by
  line (:mod:`.projection`), survival from the stage priors (:mod:`.survival`), CAPM cost of equity
  with Damodaran's country risk premium, two terminal values; excluded with a reason, never floored.
* :mod:`.vc_method` — exit value / (1 + required ROI)^years with Equidam's required ROIs by stage.
* :mod:`.scorecard` — Payne's scorecard (weights 30/25/15/10/10/5/5).
* :mod:`.berkus` — Berkus: five elements up to $500k each, pre-revenue only.
* :mod:`.rfs` — risk-factor summation: 12 risks at $250k a point, fed by :mod:`goldmine.risk`.
* :mod:`.first_chicago` — probability-weighted scenarios.
* :mod:`.synthesis` — stage weights after Equidam, weighted value and range, football field.
* :mod:`.anchors` — country calibration of the anchored methods (US: Carta; China: the published
  Chinese early-stage range).
* :mod:`.reconcile` — when methods disagree by more than a stated factor: which, why, a documented
  down-weighting, and the last round against the range.
* :mod:`.asof` — as-of discipline: nothing dated after the valuation date is used; stale inputs flagged.
* :mod:`.returns` — IRR, XIRR, NPV, XNPV, MOIC through pyxirr.

:func:`value` runs them all on a profile and returns a :class:`Valuation`.
Amounts are in the profile's currency; USD anchors and comparables are converted with the FX
table of :mod:`goldmine.metrics.fx` (``data/fx.yaml``, date and source per rate).  Configuration is read through
:mod:`goldmine.valuation._config` (frozen models); the package reads no file itself.  It imports
:mod:`goldmine.risk` (the risk engine feeds the risk-factor summation, a documented exception,
docs/architecture.md) and the configurations of :mod:`goldmine.finance` and :mod:`goldmine.deal`
(the stage priors the DCF's survival shares with the runway and the deal engine).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from goldmine.results import Result
from goldmine.valuation._config import FxTable, default_fx
from goldmine.valuation.anchors import region_for
from goldmine.valuation.asof import AsOf, AsOfCheck, DatedInput
from goldmine.valuation.base import METHODS, MethodResult
from goldmine.valuation.berkus import berkus
from goldmine.valuation.cost import cost
from goldmine.valuation.first_chicago import first_chicago, first_chicago_for, first_chicago_value
from goldmine.valuation.income import DcfGrid, dcf_table, income
from goldmine.valuation.market import (
    Comparable,
    ComparableSetLike,
    MarketGrid,
    market,
    market_table,
    parse_comparables,
)
from goldmine.valuation.projection import project
from goldmine.valuation.reconcile import Reconciliation, reconcile, with_last_round
from goldmine.valuation.rfs import rfs_value, risk_factor_summation, scores_from_assessment
from goldmine.valuation.scorecard import scorecard, scorecard_value
from goldmine.valuation.synthesis import (
    FootballBar,
    Synthesis,
    applicable_weights,
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
    "METHODS", "AsOf", "AsOfCheck", "Comparable", "ComparableSetLike", "DatedInput", "DcfGrid", "FootballBar", "FxTable",
    "MarketGrid", "MethodResult", "Reconciliation", "Sensitivity", "Synthesis", "Valuation", "berkus", "cost",
    "default_fx", "first_chicago", "first_chicago_value", "income", "market", "parse_comparables", "project",
    "region_for", "required_return", "rfs_value", "risk_factor_summation", "scorecard", "scorecard_value",
    "scores_from_assessment", "stage_required_return", "stage_weights", "value", "vc_method", "vc_post_money",
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
    """Every method's answer, the reconciled synthesis, football-field bars, sensitivity tables, the
    reconciliation and the as-of check.

    Attributes a report reads: ``methods`` (each :class:`MethodResult` with ``name``, ``value``, ``low``,
    ``high``, ``weight``, ``applicable``, ``reason``), ``synthesis`` (``value``, ``low``, ``high``,
    ``weights``, ``stage_weights``), ``football_field`` (:class:`FootballBar`), ``sensitivity``
    (:class:`Sensitivity`: ``dcf``, ``market`` grids), ``reconciliation`` (:class:`Reconciliation`:
    ``paragraph(lang)``, ``disagree``, ``methods``, ``last_round``), ``as_of`` (:class:`AsOfCheck`:
    ``date``, ``excluded``, ``stale``), ``region`` (the anchors' region), :attr:`comparables` (the
    market method's rows).  ``to_dict()`` keys (docs/valuation.md): ``id``, ``name``, ``currency``,
    ``stage``, ``valuation_date``, ``region``, ``methods[]`` (name, value, low, high, weight,
    applicable, reason, assumptions, details), ``synthesis`` (value, low, high), ``football_field[]``,
    ``sensitivity`` (dcf, market), ``reconciliation``, ``as_of``, ``risk_source``, ``fx``.
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
    reconciliation: Reconciliation | None = None
    as_of: AsOfCheck | None = None
    region: str = "US"
    region_basis: str = "country"

    def method(self, name: str) -> MethodResult:
        """The result of method ``name`` (one of :data:`METHODS`)."""
        for m in self.methods:
            if m.name == name:
                return m
        from goldmine.errors import AnalysisError

        raise AnalysisError("valuation.error.unknown_method", found=name, known=", ".join(METHODS))

    @property
    def comparables(self) -> list[dict[str, Any]]:
        """The market method's comparables (name, multiple ``value``, ``date``, ``source``, ``origin``)."""
        return list(self.method("market").details.get("comparables", []))

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
            "valuation_date": None if self.as_of is None else self.as_of.date.isoformat(),
            "region": {"code": self.region, "basis": self.region_basis},
            "methods": methods,
            "synthesis": {"value": self.synthesis.value, "low": self.synthesis.low, "high": self.synthesis.high},
            "football_field": [b.to_dict() for b in self.football_field], "sensitivity": self.sensitivity.to_dict(),
            "reconciliation": None if self.reconciliation is None else self.reconciliation.to_dict(),
            "as_of": None if self.as_of is None else self.as_of.to_dict(),
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
        if self.reconciliation is not None and self.reconciliation.messages:
            lines.append(self.reconciliation.paragraph(lang))
        if self.as_of is not None:
            extra = self.as_of.summary(lang)
            if extra:
                lines.append(extra)
        return "\n".join(lines)


def _assessment(startup: Startup) -> tuple[Any, str]:
    """The risk engine's assessment, or ``(None, "unavailable")`` when goldmine.risk is not installed."""
    try:
        from goldmine.risk import assess
    except ImportError:
        return None, "unavailable"
    return assess(startup), "risk_engine"


def as_of_view(startup: Startup, asof: AsOf) -> tuple[Startup, list[DatedInput]]:
    """The profile as known on the valuation date: revenue months and rounds dated after it are left
    out (each listed as an excluded input); the rounds kept are judged for age."""
    f = startup.financials
    inputs: list[DatedInput] = []
    keep_rev = []
    for p in f.revenue_history:
        if p.month > asof.date:
            inputs.append(asof.judge(f"revenue:{p.month:%Y-%m}", "profile", f"{p.month:%Y-%m}", "profile"))
        else:
            keep_rev.append(p)
    keep_rounds = []
    for r in startup.rounds:
        verdict = asof.judge(f"round:{r.name}", "profile", r.date, "profile")
        if r.date > asof.date:
            inputs.append(verdict)
        else:
            keep_rounds.append(r)
    priced = [r for r in keep_rounds if r.post_money is not None or r.pre_money is not None]
    if priced:
        inputs.append(asof.judge(f"round:{priced[-1].name}", "profile", priced[-1].date, "profile"))
    if len(keep_rev) == len(f.revenue_history) and len(keep_rounds) == len(startup.rounds):
        return startup, inputs
    view = startup.model_copy(update={"financials": f.model_copy(update={"revenue_history": keep_rev}),
                                      "rounds": keep_rounds})
    return view, inputs


def fx_inputs(fx: FxTable, currencies: Sequence[str], asof: AsOf) -> list[DatedInput]:
    """The exchange rates used, as dated inputs: a shipped rate dated after the valuation date is used
    for want of an earlier one (the table holds one rate a currency) and flagged ``after``."""
    from goldmine.config import load_config
    from goldmine.metrics.fx import FxConfig

    shipped = load_config(FxConfig, "fx.yaml").rates
    out = []
    for ccy in dict.fromkeys(c for c in currencies if c != fx.base):
        if fx.is_user_rate(ccy) or ccy not in shipped:
            out.append(asof.judge(f"fx:{ccy}", "market", None, (fx.sources or {}).get(ccy)))
            continue
        entry = shipped[ccy]
        verdict = asof.judge(f"fx:{ccy}", "market", entry.date, entry.source)
        if not verdict.used:
            verdict = replace(verdict, used=True, reason=None, flags=(*verdict.flags, "after"))
        out.append(verdict)
    return out


def survival_inputs(asof: AsOf) -> list[DatedInput]:
    """The stage priors of the DCF's survival, as dated inputs (kind ``prior``)."""
    from goldmine.deal.config import DealConfig
    from goldmine.finance.config import FinanceConfig

    fin = FinanceConfig.shipped().rounds
    deal = DealConfig.shipped()
    return [asof.judge("prior:graduation", "prior", fin.graduation.carta_2018.date, fin.graduation.carta_2018.source),
            asof.judge("prior:graduation_series_d", "prior", deal.graduation.series_d.date, deal.graduation.series_d.source),
            asof.judge("prior:acquired_if_stalled", "prior", deal.outcomes.acquired_if_stalled.date,
                       deal.outcomes.acquired_if_stalled.source),
            asof.judge("prior:lives_on_if_stalled", "prior", deal.outcomes.lives_on_if_stalled.date,
                       deal.outcomes.lives_on_if_stalled.source),
            asof.judge("prior:months_seed_to_a", "prior", fin.months_between.seed_to_a.date, fin.months_between.seed_to_a.source),
            asof.judge("prior:months_a_to_b", "prior", fin.months_between.a_to_b.date, fin.months_between.a_to_b.source),
            asof.judge("prior:months_later", "prior", deal.months_between.later.date, deal.months_between.later.source)]


def enforce(m: MethodResult, required: Sequence[DatedInput]) -> MethodResult:
    """``m`` excluded (``valuation.reason.inputs_after_valuation_date``) when an input it cannot do
    without is dated after the valuation date; else ``m`` with those inputs recorded."""
    after = [i for i in required if not i.used]
    if not m.applicable and (not after or m.reason in ("valuation.reason.no_revenue", "valuation.reason.early_stage_only",
                                                         "valuation.reason.post_revenue")):
        return m        # a method that does not apply anyway needs none of them
    if after:
        return MethodResult(name=m.name, currency=m.currency, value=None, low=None, high=None, applicable=False,
                            reason="valuation.reason.inputs_after_valuation_date",
                            assumptions={"after": [i.name for i in after]}, inputs=m.inputs + tuple(required))
    return replace(m, inputs=m.inputs + tuple(required))


def value(startup: Startup, *, assessment: Any = None, rfs_scores: Mapping[str, float] | None = None,
          comparables: Sequence[Comparable] = (), fx: FxTable | None = None, base_premoney: float | None = None,
          weights: Mapping[str, float] | None = None, region: str | None = None,
          named: ComparableSetLike | None = None, valuation_date: dt.date | None = None) -> Valuation:
    """Value ``startup`` by every method, reconcile them and combine them with the (reconciled) stage weights.

    ``assessment`` (a ``goldmine.risk`` result) feeds the risk-factor summation; when omitted it
    is computed with ``goldmine.risk.assess``.  ``rfs_scores`` (12 risks, -2..+2) override it.
    ``region`` (``US``, ``CN``) overrides the anchors' region taken from ``identity.country``;
    ``named`` is the landscape's comparable set (``goldmine.landscape.comparables``) for the market
    method; ``valuation_date`` overrides ``financials.as_of``.  Nothing dated after the valuation date
    is used (:mod:`goldmine.valuation.asof`).
    """
    fx = fx or default_fx()
    asof = AsOf.of(startup)
    if valuation_date is not None:
        asof = AsOf(valuation_date, asof.max_age_months, False)
    full = startup
    startup, profile_inputs = as_of_view(startup, asof)
    ccy = startup.currency
    reg = region_for(startup, region)
    region_basis = "given" if region is not None else ("country" if reg != "US" or startup.identity.country.upper() == "US"
                                                       else "fallback")
    from goldmine.valuation.anchors import dated_inputs as anchor_inputs
    from goldmine.valuation.income import rate_inputs

    anchors = anchor_inputs(startup.stage.value, reg, asof)
    base_anchor = [i for i in anchors if i.kind == "market"] if base_premoney is None else []
    proj = project(startup)
    c = cost(startup)
    mk = market(startup, comparables=comparables, fx=fx, asof=asof, named=named)
    inc = enforce(income(startup, fx=fx, projection=proj, asof=asof), rate_inputs(startup, asof) + survival_inputs(asof))
    vc = vc_method(startup, projection=proj, asof=asof)
    sc = enforce(scorecard(startup, base=base_premoney, fx=fx, region=reg), base_anchor)
    bk = enforce(berkus(startup, fx=fx, region=reg), [i for i in anchors if i.kind != "market"])
    if rfs_scores is not None:
        risk_source = "given"
        rf = risk_factor_summation(startup, scores=rfs_scores, base=base_premoney, fx=fx, region=reg)
    else:
        if assessment is None:
            assessment, risk_source = _assessment(startup)
        else:
            risk_source = "risk_engine"
        if assessment is None:
            rf = MethodResult.not_applicable("risk_factor_summation", ccy, "valuation.reason.no_risk_engine")
        else:
            rf = risk_factor_summation(startup, assessment=assessment, base=base_premoney, fx=fx, region=reg)
    rf = enforce(rf, base_anchor)
    fc = first_chicago_for(startup, vc, c, asof)
    computed = (c, mk, inc, vc, sc, bk, rf, fc)
    w0 = applicable_weights(computed, dict(weights) if weights is not None else stage_weights(startup.stage.value))
    rec = reconcile(computed, w0, ccy)
    syn = synthesize(computed, rec.weights_after, stage_weights=w0)
    rec = with_last_round(rec, startup, asof.date, syn.value, syn.low, syn.high, ccy, asof.max_age_months)
    methods = tuple(replace(m, weight=syn.weights.get(m.name, 0.0)) for m in computed)
    sens = Sensitivity(dcf=dcf_table(startup, fx=fx, asof=asof) if inc.applicable else None,
                       market=market_table(startup, mk))
    used_ccys = [ccy, *(x.currency for x in comparables), *(x.revenue_currency or x.currency for x in comparables)]
    if reg != "US" and any(m.applicable for m in (sc, bk, rf)):
        from goldmine.valuation._config import config

        used_ccys.append(config().anchors.regions[reg].currency)
    check = asof.check([*profile_inputs, *fx_inputs(fx, used_ccys, asof), *(i for m in methods for i in m.inputs)])
    return Valuation(id=full.id, name=full.display_name("en"), currency=ccy, stage=startup.stage.value,
                     methods=methods, synthesis=syn, football_field=tuple(football_field(methods, syn)),
                     sensitivity=sens, risk_source=risk_source, fx=fx, name_zh=full.display_name("zh"),
                     reconciliation=rec, as_of=check, region=reg, region_basis=region_basis)
