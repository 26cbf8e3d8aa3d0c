"""Open diligence questions: what an investor should ask next, from missing, weak or inconsistent
inputs (issue #16, point 2).

:func:`diligence_questions` is a pure function of the profile and the analyses of a due-diligence run;
each :class:`Question` is language-neutral (a message key ``memo.question.*`` with its parameters),
points at the profile field it is about and carries a severity (``high``, ``medium``, ``low``).  The
memo lists them all and its summary the first three; ``goldmine analyze --json`` carries them under
``questions``.  Thresholds are in ``data/memo.yaml`` (each with its source).

=========================  ==========================================================  ========
rule (key)                 fires when                                                  severity
=========================  ==========================================================  ========
``device_registration``    a medical company whose profile records no device           high
                           registration (NMPA, FDA SaMD, CE-MDR), or whose checklist
                           item for it is not met
``captable_mismatch``      the cap table's shares of a series differ from the          high
                           shares its rounds give (:func:`goldmine.financing.reconcile`)
``compute_above_price``    inference costs at least the price of a served unit         high
``vendor_concentration``   half the inference or more on third-party APIs with at      high (80 %+)
                           most one provider named                                     or medium
``ip_not_assigned``        founders' and staff IP not assigned (``ip_unknown``: not    high /
                           stated)                                                     medium
``short_growth``           revenue growth measured on fewer months than the growth    medium
                           model uses (data/growth.yaml ``min_months``)
``runway_on_growth``       a comfortable runway that rests on projected growth (the    medium
                           simple runway, cash over net burn, is short)
``stale_input``            an input older than its limit (:mod:`goldmine.pipeline.     medium
                           vintage`)
``no_as_of``, ``no_cap_table``, ``customer_concentration``, ``key_person``,            medium
``part_time_founder``, ``data_not_exclusive``, ``nrr_mismatch``, ``payback_long``,
``ltv_cac_low``, ``funds_mismatch``, ``milestone_after_cash``, ``compliance_gap``
``no_retention``, ``no_unit_economics``, ``no_competitors_named``, ``no_use_of_funds``,  low
``payback_mismatch``, ``compliance_unknown``
=========================  ==========================================================  ========
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldmine.config import ConfigModel, Sourced, load_config
from goldmine.i18n import has_key
from goldmine.i18n.messages import Message, Money, Term

if TYPE_CHECKING:
    from goldmine.metrics.unit_economics import UnitEconomicsReport
    from goldmine.model import Startup
    from goldmine.pipeline.financing import CapTableSection
    from goldmine.pipeline.recommend import Recommendation
    from goldmine.pipeline.vintage import Vintage
    from goldmine.risk.assess import RiskAssessment

SEVERITIES = ("high", "medium", "low")
#: Checklist items about medical-device registration (the risk engine's item ids contain one of these).
DEVICE_ITEM_HINTS = ("nmpa", "fda", "samd", "mdr", "device")
#: Checklist items a rule of its own already asks about.
OWN_RULES = ("ip_assignment",)
#: The profile field a checklist item is answered by (items not listed point at ``compliance``).
ITEM_FIELDS = {"cn_pipl": "compliance.privacy_regimes", "gdpr": "compliance.privacy_regimes", "ccpa": "compliance.privacy_regimes",
               "cn_genai": "compliance.algorithm_filing", "data_licences": "compliance.data_licence",
               "output_ownership": "compliance.output_ownership_terms", "eu_ai_act": "compliance.eu_ai_act_use_case",
               "ip_assignment": "compliance.ip_assigned"}


class QuestionThresholds(ConfigModel):
    vendor_share: Sourced[float]
    vendor_share_high: Sourced[float]
    customer_concentration: Sourced[float]
    key_person: Sourced[float]
    nrr_gap: Sourced[float]
    payback_gap: Sourced[float]
    funds_gap: Sourced[float]


class Benchmarks(ConfigModel):
    ltv_cac_min: Sourced[float]
    payback_max_months: Sourced[float]


class MemoConfig(ConfigModel):
    """``data/memo.yaml``: the thresholds of the questions and the unit-economics benchmarks."""

    questions: QuestionThresholds
    benchmarks: Benchmarks

    @classmethod
    def shipped(cls) -> MemoConfig:
        return load_config(cls, "memo.yaml")


@dataclass(frozen=True)
class Question:
    """One open question: a message (``key``, ``params``), the profile ``field`` it points at and its
    ``severity`` (high, medium, low)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    field: str = ""
    severity: str = "medium"

    @property
    def message(self) -> Message:
        return Message(self.key, self.params)

    def text(self, lang: str) -> str:
        return self.message.render(lang)

    def to_dict(self) -> dict[str, Any]:
        return {**self.message.to_dict(), "field": self.field, "severity": self.severity}


def _q(rule: str, fld: str, severity: str, **params: Any) -> Question:
    return Question(f"memo.question.{rule}", params, fld, severity)


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _num(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


# ------------------------------------------------------------------------------------ the rules
def device_questions(p: Startup, risk: RiskAssessment | None) -> list[Question]:
    """A medical AI company without a recorded device registration (or with its checklist item open)."""
    if p.vertical.value != "medical":
        return []
    items = [c for c in (risk.compliance if risk is not None else ()) if any(h in c.id.lower() for h in DEVICE_ITEM_HINTS)]
    if not items:
        code = p.identity.country
        return [_q("device_registration", "compliance", "high",
                   country=Term(f"memo.country.{code}") if has_key(f"memo.country.{code}") else code)]
    out = []
    for c in items:
        if c.applies is False or c.status in ("met", "not_applicable"):
            continue
        out.append(_q("device_item", c.missing[0] if c.missing else ITEM_FIELDS.get(c.id, "compliance"), "high",
                      item=c.title_message,
                      status=Term(f"risk.status.{c.status}")))
    return out


def captable_questions(p: Startup, c: CapTableSection | None) -> list[Question]:
    """The cap table's shares of a series against the shares its rounds give."""
    if c is None or p.cap_table is None:
        return []
    out = []
    for r in c.reconciliation:
        if not r.difference:
            continue
        i = next((k for k, h in enumerate(p.cap_table.holdings) if h.series == r.series), None)
        where = "cap_table.holdings" if i is None else f"cap_table.holdings[{i}].shares"
        out.append(_q("captable_mismatch", where, "high", series=r.series, profile=f"{r.profile_shares:,}",
                      plan=f"{r.plan_shares:,}", difference=f"{abs(r.difference):,}"))
    return out


def technology_questions(p: Startup, th: QuestionThresholds) -> list[Question]:
    t = p.technology
    out = []
    if t.compute_cost_per_unit is not None and t.price_per_unit is not None and t.compute_cost_per_unit >= t.price_per_unit:
        out.append(_q("compute_above_price", "technology.price_per_unit", "high",
                      cost=Money(t.compute_cost_per_unit, p.currency), price=Money(t.price_per_unit, p.currency)))
    share = t.api_dependency_share
    if share is None and t.foundation_model is not None and t.foundation_model.value == "third_party_api":
        share = 1.0
    if share is not None and share >= th.vendor_share.value and len(t.providers) <= 1:
        out.append(_q("vendor_concentration", "technology.api_dependency_share",
                      "high" if share >= th.vendor_share_high.value else "medium", share=_pct(share),
                      provider=t.providers[0] if t.providers else Term("memo.unnamed")))
    data = t.proprietary_data
    if data is not None and data.exists and data.exclusive is False:
        out.append(_q("data_not_exclusive", "technology.proprietary_data.exclusive", "medium",
                      records="—" if data.records is None else f"{data.records:,}"))
    return out


def team_questions(p: Startup, th: QuestionThresholds) -> list[Question]:
    out = []
    k = p.team.key_person_concentration
    if k is not None and k >= th.key_person.value:
        out.append(_q("key_person", "team.key_person_concentration", "medium", share=_pct(k)))
    for i, f in enumerate(p.team.founders):
        if not f.full_time:
            out.append(_q("part_time_founder", f"team.founders[{i}].full_time", "medium", name=f.name))
    return out


def ip_questions(p: Startup) -> list[Question]:
    ip = p.compliance.ip_assigned
    if ip is False:
        return [_q("ip_not_assigned", "compliance.ip_assigned", "high")]
    if ip is None:
        return [_q("ip_unknown", "compliance.ip_assigned", "medium")]
    return []


def growth_questions(p: Startup, rec: Recommendation | None) -> list[Question]:
    """Growth measured on too few months; a runway that rests on projected growth."""
    from goldmine.growth.config import GrowthConfig

    out = []
    hist = p.financials.revenue_history
    least = int(GrowthConfig.shipped().measurement.min_months.value)
    if len(hist) >= 2:
        months = (hist[-1].month.year - hist[0].month.year) * 12 + hist[-1].month.month - hist[0].month.month
        if months < least:
            out.append(_q("short_growth", "financials.revenue_history", "medium", months=str(months), min=str(least)))
    for r in (rec.reasons if rec is not None else ()):
        if r.key == "report.reason.runway_long_on_growth":
            out.append(_q("runway_on_growth", "financials.monthly_burn", "medium", months=r.message.params.get("months", "—"),
                          simple=r.message.params.get("simple", "—")))
    return out


def financial_questions(p: Startup, th: QuestionThresholds) -> list[Question]:
    f = p.financials
    out = []
    if f.as_of is None:
        out.append(_q("no_as_of", "financials.as_of", "medium"))
    if p.cap_table is None and p.rounds:
        out.append(_q("no_cap_table", "cap_table", "medium", n=str(len(p.rounds))))
    c = f.customer_concentration
    if c is not None and c >= th.customer_concentration.value:
        out.append(_q("customer_concentration", "financials.customer_concentration", "medium", share=_pct(c)))
    return out


def traction_questions(p: Startup, ue: UnitEconomicsReport, th: QuestionThresholds, bm: Benchmarks) -> list[Question]:
    out = []
    revenue = (p.financials.monthly_revenue or 0.0) > 0
    nrr, nrr_c = ue.nrr, ue.nrr_cohorts
    if nrr.known and nrr_c.known and abs(float(nrr.value or 0) - float(nrr_c.value or 0)) > th.nrr_gap.value:
        out.append(_q("nrr_mismatch", "traction.net_revenue_retention", "medium", stated=_pct(float(nrr.value or 0)),
                      cohorts=_pct(float(nrr_c.value or 0))))
    pay, pay_s = ue.payback_months, ue.payback_stated
    if pay.known and pay_s.known and pay_s.value and abs(float(pay.value or 0) / pay_s.value - 1.0) > th.payback_gap.value:
        out.append(_q("payback_mismatch", "unit_economics.cac_payback_months", "low", stated=_num(pay_s.value),
                      derived=_num(float(pay.value or 0))))
    if pay.known and float(pay.value or 0) > bm.payback_max_months.value:
        out.append(_q("payback_long", "unit_economics.cac", "medium", months=_num(float(pay.value or 0)),
                      max=_num(bm.payback_max_months.value, 0)))
    if ue.ltv_cac.known and float(ue.ltv_cac.value or 0) < bm.ltv_cac_min.value:
        out.append(_q("ltv_cac_low", "unit_economics.cac", "medium", ratio=_num(float(ue.ltv_cac.value or 0)),
                      min=_num(bm.ltv_cac_min.value, 0)))
    if revenue and not (nrr.known or nrr_c.known or ue.logo_churn.known):
        out.append(_q("no_retention", "traction.cohorts", "low"))
    if revenue and not ue.cac.known:
        out.append(_q("no_unit_economics", "unit_economics.cac", "low"))
    return out


def competition_questions(p: Startup) -> list[Question]:
    n = p.market.competitors
    named = p.competition.competitors if p.competition is not None else []
    if n and not named:
        return [_q("no_competitors_named", "competition.competitors", "low", n=str(n))]
    return []


def _add_months(d: dt.date, months: float) -> dt.date:
    whole = int(math.floor(months))
    y, m = divmod(d.month - 1 + whole, 12)
    return dt.date(d.year + y, m + 1, 1)


def funds_questions(p: Startup, th: QuestionThresholds) -> list[Question]:
    """A use of funds that does not add up to the round; milestones due after the money runs out."""
    from goldmine.metrics import runway_months

    u, prop, f = p.use_of_funds, p.proposal, p.financials
    out = []
    if prop is not None and (u is None or not u.allocations):
        out.append(_q("no_use_of_funds", "use_of_funds.allocations", "low", amount=Money(prop.size, p.currency)))
    if u is None:
        return out
    if prop is not None and u.allocations and abs(u.total - prop.size) > th.funds_gap.value * prop.size:
        out.append(_q("funds_mismatch", "use_of_funds.allocations", "medium", total=Money(u.total, p.currency),
                      round=Money(prop.size, p.currency)))
    start = f.as_of or (f.revenue_history[-1].month if f.revenue_history else None)
    if start is None:
        return out
    raised = prop.size if prop is not None else 0.0
    months = runway_months(f.cash + raised, f.monthly_burn, f.monthly_revenue)
    if not math.isfinite(months):
        return out
    end = _add_months(start, months)
    for i, m in enumerate(u.milestones):
        if not m.achieved and m.date > end:
            out.append(_q("milestone_after_cash", f"use_of_funds.milestones[{i}].date", "medium", name=m.name,
                          date=m.date.strftime("%Y-%m"), end=end.strftime("%Y-%m")))
    return out


def stale_questions(v: Vintage | None) -> list[Question]:
    """One question per stale input; the latest revenue month is not asked about again when it is the
    month of stale financials (the same management accounts)."""
    if v is None:
        return []
    accounts = {i.date[:7] for i in v.stale if i.input == "financials"}
    return [_q("stale_input", i.field, "medium", input=Term(f"memo.input.{i.input}"), date=i.date,
               age=i.shown_age()[0], limit=i.shown_age()[1])
            for i in v.stale if not (i.input == "revenue" and i.date[:7] in accounts)]


def compliance_questions(risk: RiskAssessment | None) -> list[Question]:
    """Open checklist items (not those a rule above asks about)."""
    out = []
    for c in (risk.compliance if risk is not None else ()):
        if c.id in OWN_RULES or any(h in c.id.lower() for h in DEVICE_ITEM_HINTS) or c.applies is False:
            continue
        where = c.missing[0] if c.missing else ITEM_FIELDS.get(c.id, "compliance")
        if c.status in ("gap", "partial"):
            out.append(_q("compliance_gap", where, "medium", item=c.title_message, status=Term(f"risk.status.{c.status}")))
        elif c.status == "unknown":
            out.append(_q("compliance_unknown", where, "low", item=c.title_message))
    return out


def diligence_questions(p: Startup, *, risk: RiskAssessment | None = None, captable: CapTableSection | None = None,
                        recommendation: Recommendation | None = None,
                        economics: UnitEconomicsReport | None = None, vintage: Vintage | None = None,
                        config: MemoConfig | None = None) -> tuple[Question, ...]:
    """Every open question on ``p``, most severe first (within a severity, in the order of the rules)."""
    from goldmine.metrics.unit_economics import unit_economics

    cfg = config or MemoConfig.shipped()
    th, bm = cfg.questions, cfg.benchmarks
    ue = economics or unit_economics(p)
    found = [*device_questions(p, risk), *captable_questions(p, captable), *technology_questions(p, th), *ip_questions(p),
             *growth_questions(p, recommendation), *stale_questions(vintage), *financial_questions(p, th),
             *team_questions(p, th), *traction_questions(p, ue, th, bm), *funds_questions(p, th),
             *compliance_questions(risk), *competition_questions(p)]
    return tuple(sorted(found, key=lambda q: SEVERITIES.index(q.severity)))


__all__ = ["SEVERITIES", "MemoConfig", "Question", "diligence_questions"]
