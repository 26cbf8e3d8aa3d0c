"""The investment-memo sections of the due-diligence report (issue #16).

Builders of the sections an investment committee reads before the analyses: the one-page summary
(:func:`summary`: verdict, thesis, proposed terms and expected returns, reasons, top three risks, top
three open questions, data vintage and stale inputs), company and team (:func:`company`), product and
moat (:func:`product`), traction and unit economics (:func:`traction`), competition
(:func:`competition`), financials (:func:`financials`), use of funds and milestones
(:func:`use_of_funds`), the financing history (:func:`rounds`), the open diligence questions
(:func:`questions`) and the data-vintage table of the appendix (:func:`vintage_table`).

Every builder reads the profile and the typed results of the run (:class:`~goldmine.pipeline.
due_diligence.DueDiligence`): the unit economics (:mod:`goldmine.metrics.unit_economics`), the
questions (:mod:`goldmine.pipeline.questions`) and the vintage (:mod:`goldmine.pipeline.vintage`).
A section without data says what is missing, naming the profile fields (:func:`missing`), instead of
disappearing.  Text comes from ``i18n/memo.yaml`` (and the existing report keys) in the reader's
language.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from goldmine.i18n import has_key, t
from goldmine.i18n.messages import list_separator
from goldmine.report import charts, fmt
from goldmine.report import sections as sec
from goldmine.report.document import Bullets, KeyValues, Para, Section, Table

if TYPE_CHECKING:
    from goldmine.metrics.unit_economics import Quantity
    from goldmine.model import Startup
    from goldmine.pipeline.due_diligence import DueDiligence
    from goldmine.pipeline.questions import Question

TOP = 3  # risks and questions in the summary


def sep(L: str) -> str:
    return list_separator(L)


def and_join(items: list[str], L: str) -> str:
    """``a, b and c`` in English, ``a、b、c`` in Chinese."""
    if L == "zh" or len(items) < 2:
        return sep(L).join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def spaced(text: str, L: str) -> str:
    """In Chinese text, a space before a word that starts with a Latin letter or digit (``处于 B 轮``)."""
    return " " + text if L == "zh" and text[:1].isascii() and text[:1].isalnum() else text


def missing(fields: Iterable[str], L: str, whole: bool = False) -> Para | None:
    """The statement of what a section lacks, naming the profile fields (``None`` when nothing is missing)."""
    names = list(dict.fromkeys(fields))
    if not names:
        return None
    key = "memo.missing_section" if whole else "memo.missing_fields"
    return Para(t(key, L, fields=sep(L).join(names)), "missing" if whole else "note")


def word(key: str, L: str, fallback: Any) -> str:
    return t(key, L) if has_key(key) else str(fallback).replace("_", " ")


def country(code: str, L: str) -> str:
    return word(f"memo.country.{code}", L, code)


def yes_no(v: bool | None, L: str) -> str:
    return "—" if v is None else t("report.yes" if v else "report.no", L)


def _amount(x: float | None, ctx: sec.Ctx) -> str:
    return ctx.money(x)


# ------------------------------------------------------------------------------------ summary
def summary(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    """The one-page summary: verdict, thesis, terms and returns, reasons, top risks, top questions, vintage."""
    from goldmine.pipeline.outcome import SKIPPED

    L = ctx.lang
    rec = dd.recommendation
    tone = "verdict_watch" if rec.verdict == "insufficient" else f"verdict_{rec.verdict}"
    s.add(Para(t("report.verdict_line", L, verdict=t(f"report.verdict.{rec.verdict}", L)), tone))
    s.add(Para(thesis(dd, ctx)))
    s.add(*terms(dd, ctx))
    s.add(Para(t("report.reasons_intro", L)))
    # a reason that rests on a fact already counted is shown, marked, and not counted again
    texts = [r.text(L) + ("" if r.counted else " " + t("report.reason.not_counted", L)) for r in rec.reasons]
    s.add(Bullets(texts, tones=[r.tone if r.counted else "neutral" for r in rec.reasons]))
    s.add(Para(t("memo.summary.top_risks", L)))
    s.add(top_risks(dd, ctx))
    s.add(Para(t("memo.summary.top_questions", L) if len(dd.questions) <= TOP
               else t("memo.summary.top_questions_of", L, n=len(dd.questions))))
    s.add(top_questions(dd.questions, L))
    s.add(*vintage_lines(dd, L))
    # a section that does not apply to this company (a deal without a proposed round) is not counted
    names = [n for n, o in dd.sections.items() if o.status != SKIPPED]
    have = [n for n in names if dd.sections[n].ok]
    lacking = [t(f"report.section.{n}", L) for n in names if not dd.sections[n].ok]
    coverage = t("report.coverage", L, n=len(have), total=len(names))
    if lacking:
        coverage += ("" if L == "zh" else " ") + t("report.coverage_missing", L, names=sep(L).join(lacking))
    s.add(Para(coverage, "note"))
    s.add(Para(t("report.disclaimer", L), "note"))


def thesis(dd: DueDiligence, ctx: sec.Ctx) -> str:
    """Two or three sentences from the evidence: what the company is, what it earns and how fast it
    grows, and what its edge rests on."""
    L, c, p = ctx.lang, dd.company, dd.profile
    what = {"name": c.name(L), "stage": spaced(t(f"stage.{c.stage}", L), L), "vertical": t(f"vertical.{c.vertical}", L),
            "model": t(f"business_model.{c.business_model}", L), "year": str(c.founded.year),
            "country": country(c.country, L), "team": str(c.team_size)}
    desc = c.description(L)
    parts = [t("memo.thesis.what", L, description=desc, **what) if desc else t("memo.thesis.what_plain", L, **what)]
    if (c.monthly_revenue or 0) > 0:
        g = dd.runway.value.growth if dd.runway.ok else None
        growth = sec.growth_text(g, L) if g is not None else "—"
        parts.append(t("memo.thesis.revenue", L, revenue=ctx.money(c.monthly_revenue),
                       run_rate=ctx.money(dd.unit_economics.run_rate.value), margin=fmt.pct(c.gross_margin), growth=growth))
    else:
        parts.append(t("memo.thesis.no_revenue", L))
    edge = edge_items(p, L)
    parts.append(t("memo.thesis.edge", L, items=("；" if L == "zh" else "; ").join(edge)) if edge else t("memo.thesis.no_edge", L))
    return ("" if L == "zh" else " ").join(parts)


def _exclusivity(excl: bool | None, L: str) -> str:
    return t("report.value." + ("exclusivity_unknown" if excl is None else "exclusive" if excl else "non_exclusive"), L)


def edge_items(p: Startup, L: str) -> list[str]:
    """The evidence of a moat: proprietary data, patents, accuracy, the founders' experience."""
    tech, items = p.technology, []
    data = tech.proprietary_data
    if data is not None and data.exists:
        excl = _exclusivity(data.exclusive, L)
        if data.records is not None:
            items.append(t("memo.thesis.data", L, records=f"{data.records:,}", exclusive=excl))
        else:
            items.append(t("memo.thesis.data_plain", L, exclusive=excl))
    if tech.patents:
        items.append(t("memo.thesis.patents", L, n=str(tech.patents)))
    if tech.accuracy is not None:
        items.append(t("memo.thesis.accuracy", L, accuracy=fmt.pct(tech.accuracy), recall=fmt.pct(tech.recall))
                     if tech.recall is not None else t("memo.thesis.accuracy_only", L, accuracy=fmt.pct(tech.accuracy)))
    years = [f"{f.years_experience:g}" for f in p.team.founders if f.years_experience is not None]
    if years:
        items.append(t("memo.thesis.founders", L, years=and_join(years, L)))
    return items


def terms(dd: DueDiligence, ctx: sec.Ctx) -> list[Any]:
    """The proposed round's terms and expected returns, or why there are none."""
    from goldmine.report import deal as deal_rows
    from goldmine.report.due_diligence import absent

    L = ctx.lang
    head = Para(t("memo.summary.terms", L))
    if dd.deal.status == "skipped" and dd.profile.proposal is None:
        return [head, Para(t("memo.summary.no_proposal", L), "missing")]
    gone = absent(dd.deal, L)
    if gone is not None:
        return [head, gone]
    a = dd.deal.value.analysis
    tm, r = a.terms, a.returns
    rows = [
        (t("deal.cli.round", L), t(f"deal.instrument.{tm.instrument}", L, round=t(f"deal.stage.{tm.stage}", L))),
        (t("deal.cli.new_money", L), ctx.money(float(tm.new_money))),
        (t("deal.cli.pre_money", L), ctx.money(float(tm.pre_money))),
        (t("deal.cli.post_money", L), ctx.money(float(tm.post_money))),
        (t("deal.cli.entry_ownership", L), fmt.pct(a.entry_ownership, 2)),
        (t("deal.cli.mean_moic", L), deal_rows.with_se(r.moic.mean, r.moic.mean_se)),
        (t("deal.cli.p_loss", L), deal_rows.pct_se(r.moic.p_below["1"]["value"], r.moic.p_below["1"]["se"])),
        (t("deal.cli.p_3x", L), deal_rows.pct_se(r.moic.p_at_least["3"]["value"], r.moic.p_at_least["3"]["se"])),
        (t("deal.cli.median_irr", L), deal_rows.pct_se(r.irr.median, r.irr.median_se)),
    ]
    me = a.max_entry
    if me is not None and me.status == "found":
        rows.append((t("memo.summary.max_entry", L), ctx.money(me.pre_money)))
    return [head, KeyValues(rows)]


def top_risks(dd: DueDiligence, ctx: sec.Ctx) -> Any:
    """The three riskiest dimensions with their drivers and the first mitigation of each."""
    from goldmine.report.due_diligence import absent

    L = ctx.lang
    gone = absent(dd.risk, L)
    if gone is not None:
        return gone
    a = dd.risk.value
    dims = sorted(a.dimensions.items(), key=lambda kv: (-float(kv[1].score), kv[0]))[:TOP]
    items = []
    for name, d in dims:
        drivers = sep(L).join(sec.tr(f"risk.ind.{n}", L, n) for n in d.drivers) or t("memo.summary.no_drivers", L)
        text = t("memo.summary.risk_item", L, dimension=t(f"report.dim.{name}", L), score=fmt.num(round(d.score, 2)),
                 rating=sec.tr(f"risk.rating.{d.rating}", L, d.rating), drivers=drivers)
        first = next((m for m in a.mitigations if m.dimension == name), None)
        if first is not None:
            text += t("memo.summary.risk_action", L, action=first.title(L))
        items.append(text)
    return Bullets(items)


def question_text(q: Question, L: str) -> str:
    return t("memo.summary.question_item", L, text=q.text(L), field=q.field)


def top_questions(qs: tuple[Question, ...], L: str) -> Any:
    if not qs:
        return Para(t("memo.summary.no_questions", L), "note")
    return Bullets([question_text(q, L) for q in qs[:TOP]])


def vintage_lines(dd: DueDiligence, L: str) -> list[Para]:
    """The report's date, the span of its input dates and a warning naming the stale inputs."""
    v = dd.vintage
    newest, oldest = v.newest, v.oldest
    date = v.generated_on.isoformat()
    out = [Para(t("memo.vintage.line", L, date=date, oldest=oldest.date, newest=newest.date) if newest and oldest
                else t("memo.vintage.no_dates", L, date=date), "note")]
    if v.stale:
        items = [t("memo.vintage.stale_item", L, input=t(f"memo.input.{i.input}", L), date=i.date, age=i.shown_age()[0],
                   limit=i.shown_age()[1]) for i in v.stale]
        out.append(Para(t("memo.vintage.stale", L, items=("；" if L == "zh" else "; ").join(items)), "missing"))
    return out


# ------------------------------------------------------------------------------------ company and team
def company(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L, c, team = ctx.lang, dd.company, dd.profile.team
    desc = c.description(L)
    if desc:
        s.add(Para(desc))
    ai = "—" if team.ai_researchers is None else t("memo.company.ai_share_value", L, n=team.ai_researchers,
                                                   share=fmt.pct(team.ai_researchers / team.size))
    founders_ft = sum(f.full_time for f in team.founders)
    items = [
        (t("report.snap.stage", L), t(f"stage.{c.stage}", L)),
        (t("report.snap.vertical", L), t(f"vertical.{c.vertical}", L)),
        (t("report.snap.business_model", L), t(f"business_model.{c.business_model}", L)),
        (t("report.snap.country", L), country(c.country, L)),
        (t("report.snap.founded", L), c.founded.isoformat()),
        (t("report.snap.team", L), str(c.team_size)),
        (t("memo.company.ai_share", L), ai),
        (t("memo.company.key_person", L), fmt.pct(team.key_person_concentration)),
        (t("memo.company.full_time_founders", L), f"{founders_ft} / {len(team.founders)}" if team.founders else "—"),
    ]
    if dd.profile.identity.website:
        items.append((t("memo.company.website", L), dd.profile.identity.website))
    s.add(KeyValues(items))
    rows = [[f.name, f.role or t("memo.company.founder", L), backgrounds(f.background, L), fmt.num(f.years_experience, 0),
             yes_no(f.full_time, L), "—"] for f in team.founders]
    rows += [[m.name, m.role or "—", backgrounds(m.background, L), fmt.num(m.years_experience, 0), yes_no(m.full_time, L),
              m.joined.strftime("%Y-%m") if m.joined else "—"] for m in team.members]
    if rows:
        s.add(Table([t("memo.col.name", L), t("memo.col.role", L), t("memo.col.background", L), t("memo.col.years", L),
                     t("memo.col.full_time", L), t("memo.col.joined", L)], rows, caption=t("memo.company.people", L),
                    align=["l", "l", "l", "r", "l", "l"]))
    lacking = [n for n, v in (("team.founders", team.founders), ("team.members", team.members),
                              ("team.ai_researchers", team.ai_researchers),
                              ("team.key_person_concentration", team.key_person_concentration)) if v in (None, [])]
    s.add(missing(lacking, L, whole=not rows))


def backgrounds(bg: Iterable[Any], L: str) -> str:
    return sep(L).join(word(f"memo.background.{b.value}", L, b.value) for b in bg) or "—"


# ------------------------------------------------------------------------------------ product and moat
def product(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L, p = ctx.lang, dd.profile
    tech = p.technology
    data = tech.proprietary_data
    if data is not None and data.exists:
        data_text = t("memo.product.data_value", L, records="—" if data.records is None else f"{data.records:,}",
                      description=data.description or "—", exclusive=_exclusivity(data.exclusive, L))
    else:
        data_text = t("memo.product.no_data", L)
    unit_margin = None
    if tech.price_per_unit and tech.compute_cost_per_unit is not None:
        unit_margin = 1.0 - tech.compute_cost_per_unit / tech.price_per_unit
    licence = p.compliance.data_licence
    items = [
        (t("memo.product.model_types", L), sep(L).join(word(f"memo.model_type.{m.value}", L, m.value) for m in tech.model_types) or "—"),
        (t("memo.product.foundation_model", L),
         "—" if tech.foundation_model is None else sec.indicator_value(tech.foundation_model.value, L)),
        (t("memo.product.providers", L), sep(L).join(tech.providers) or t("memo.none", L)),
        (t("memo.product.api_share", L), fmt.pct(tech.api_dependency_share)),
        (t("memo.product.accuracy", L), f"{fmt.pct(tech.accuracy)} / {fmt.pct(tech.recall)}"),
        (t("memo.product.update_cycle", L), "—" if tech.update_cycle_months is None
         else t("memo.product.month_one" if tech.update_cycle_months == 1 else "memo.product.months", L,
                n=f"{tech.update_cycle_months:g}")),
        (t("memo.product.unit", L), tech.unit_of_service or "—"),
        (t("memo.product.unit_price", L), f"{ctx.money(tech.price_per_unit)} / {ctx.money(tech.compute_cost_per_unit)}"),
        (t("memo.product.unit_margin", L), fmt.pct(unit_margin)),
        (t("memo.product.data", L), data_text),
        (t("memo.product.patents", L), "—" if tech.patents is None else f"{tech.patents:,}"),
        (t("memo.product.data_licence", L), "—" if licence is None else sec.indicator_value(licence.value, L)),
    ]
    s.add(KeyValues(items))
    fields = {"technology.model_types": tech.model_types, "technology.foundation_model": tech.foundation_model,
              "technology.accuracy": tech.accuracy, "technology.recall": tech.recall,
              "technology.proprietary_data": data, "technology.patents": tech.patents,
              "technology.update_cycle_months": tech.update_cycle_months, "technology.price_per_unit": tech.price_per_unit,
              "technology.compute_cost_per_unit": tech.compute_cost_per_unit}
    lacking = [n for n, v in fields.items() if v in (None, [])]
    s.add(missing(lacking, L, whole=len(lacking) == len(fields)))


# ------------------------------------------------------------------------------------ traction
def traction(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    """Revenue history, growth, customers and retention, cohorts and unit economics, with their bases."""
    L, p, ue = ctx.lang, dd.profile, dd.unit_economics
    hist = p.financials.revenue_history
    if len(hist) >= 2:
        xs = [h.month.isoformat() for h in hist]
        ys = [h.revenue for h in hist]
        s.add(sec.figure(ctx, "revenue", t("report.snap.revenue_chart", L),
                         lambda: charts.lines(xs, {charts.label("report.chart.revenue", L): ys},
                                              charts.label("report.chart.month", L), ctx.currency)))
    g = dd.runway.value.growth if dd.runway.ok else None
    rows = [
        (t("memo.traction.revenue_now", L), ctx.money(p.financials.monthly_revenue)),
        (t("memo.traction.run_rate", L), ctx.money(ue.run_rate.value)),
        (t("memo.traction.growth", L), "—" if g is None else sec.growth_text(g, L)),
        (t("report.snap.margin", L), fmt.pct(p.financials.gross_margin)),
        (t("memo.traction.customers", L), quantity_text(ue.customers, L, "count", ctx,
                                                        unit=p.traction.customer_unit if p.traction else None)),
        (t("memo.traction.nrr", L), quantity_text(ue.nrr, L, "pct", ctx)),
        (t("memo.traction.nrr_cohorts", L), quantity_text(ue.nrr_cohorts, L, "pct", ctx)),
        (t("memo.traction.grr", L), quantity_text(ue.grr, L, "pct", ctx)),
        (t("memo.traction.logo_churn", L), quantity_text(ue.logo_churn, L, "pct", ctx, basis=True)),
    ]
    s.add(KeyValues(rows))
    if ue.cohorts:
        s.add(Table([t("memo.col.cohort", L), t("memo.col.marks", L), t("memo.col.customers", L), t("memo.col.logo_retention", L),
                     t("memo.col.arr", L), t("memo.col.net_retention", L), t("memo.col.last_year", L)],
                    [[c.acquired, str(c.marks - 1), f"{c.customers_first:,} → {c.customers_last:,}", fmt.pct(c.logo_retention),
                      f"{ctx.money(c.arr_first)} → {ctx.money(c.arr_last)}", fmt.pct(c.net_retention), fmt.pct(c.last_year_nrr)]
                     for c in ue.cohorts],
                    caption=t("memo.traction.cohorts", L), align=["l", "r", "r", "r", "r", "r", "r"]))
    s.add(economics_table(dd, ctx))
    s.add(Para(t("memo.traction.formulas", L), "note"))
    needs = [n for q in ue.figures().values() if not q.known for n in q.needs]
    if not hist:
        needs.insert(0, "financials.revenue_history")
    s.add(missing(needs, L, whole=not hist and ue.empty))


def quantity_text(q: Quantity, L: str, kind: str, ctx: sec.Ctx, unit: str | None = None, basis: bool = False) -> str:
    """A figure as the memo prints it (money, percentage, months, ratio or count), with its basis when
    derived; an em dash when missing."""
    if not q.known:
        return t("memo.basis.no_churn", L) if q.basis == "no_churn" else "—"
    v = float(q.value or 0.0)
    text = {"money": ctx.money(v), "pct": fmt.pct(v), "months": fmt.num(v), "ratio": fmt.num(v),
            "count": f"{v:,.0f}"}[kind]
    if unit:
        text += f" ({unit})" if L != "zh" else f"（{unit}）"
    if basis and q.basis != "stated":
        text += f" ({basis_text(q, L)})" if L != "zh" else f"（{basis_text(q, L)}）"
    return text


def basis_text(q: Quantity, L: str) -> str:
    if q.basis == "missing":
        return t("memo.basis.missing", L, fields=sep(L).join(q.needs) or "—")
    return word(f"memo.basis.{q.basis}", L, q.basis)


def economics_table(dd: DueDiligence, ctx: sec.Ctx) -> Table:
    from goldmine.pipeline.questions import MemoConfig

    L, ue = ctx.lang, dd.unit_economics
    bm = MemoConfig.shipped().benchmarks
    payback_bm = t("memo.ue.benchmark_payback", L, n=fmt.num(bm.payback_max_months.value, 0))
    rows = [("cac", "money", ""), ("acv", "money", ""), ("payback_months", "months", payback_bm),
            ("payback_stated", "months", payback_bm), ("ltv", "money", ""),
            ("ltv_cac", "ratio", t("memo.ue.benchmark_ltv_cac", L, n=fmt.num(bm.ltv_cac_min.value, 0)))]
    body = []
    for name, kind, bench in rows:
        q = getattr(ue, name)
        body.append([t(f"memo.ue.{name}", L), quantity_text(q, L, kind, ctx), basis_text(q, L), bench or "—"])
    return Table([t("memo.col.figure", L), t("report.col.value", L), t("memo.col.basis", L), t("memo.col.benchmark", L)], body,
                 caption=t("memo.traction.economics", L), align=["l", "r", "l", "l"])


# ------------------------------------------------------------------------------------ competition
def competition(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L, p = ctx.lang, dd.profile
    comp = p.competition
    if comp is not None and comp.positioning:
        s.add(Para(t("memo.competition.positioning", L, text=comp.positioning)))
    s.add(KeyValues([(t("memo.competition.count", L), "—" if p.market.competitors is None else f"{p.market.competitors:,}"),
                     (t("memo.competition.share", L), fmt.pct(p.market.market_share))]))
    named = comp.competitors if comp is not None else []
    if named:
        s.add(Table([t("memo.col.company", L), t("memo.col.kind", L), t("memo.col.country", L), t("memo.col.funding", L),
                     t("memo.col.positioning", L), t("report.col.source", L)],
                    [[c.name, "—" if c.kind is None else t(f"memo.kind.{c.kind}", L), "—" if c.country is None else country(c.country, L),
                      ctx.money(c.funding), c.positioning or "—", c.source or "—"] for c in named],
                    caption=t("memo.competition.table", L), align=["l", "l", "l", "r", "l", "l"]))
    landscape_blocks(dd, s, ctx)
    lacking = [n for n, v in (("competition.competitors", named), ("competition.positioning", comp.positioning if comp else None),
                              ("market.competitors", p.market.competitors), ("market.market_share", p.market.market_share))
               if v in (None, [])]
    s.add(missing(lacking, L, whole=not named and p.market.competitors is None))


#: the reasons of :func:`goldmine.landscape.comparables` that say why a company is close (not its multiple)
CLOSENESS = ("segment", "also_segment", "vertical", "country", "region", "stage", "size")


def stage_word(stage: str | None, L: str) -> str:
    if stage is None:
        return "—"
    for key in (f"landscape.stage.{stage}", f"stage.{stage}"):
        if has_key(key):
            return t(key, L)
    return stage.replace("_", " ")


def landscape_blocks(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    """The closest companies of the AI landscape data in the company's vertical
    (:func:`goldmine.landscape.comparables`, issue #15): who they are and why they are close; nothing
    when the landscape section is absent or holds no company of the vertical."""
    if not dd.peers.ok:
        return
    L, cs = ctx.lang, dd.peers.value
    same = [c for c in cs.comparables if c.vertical == dd.company.vertical]
    rows = [[c.name(L), country(c.country, L), word(f"landscape.segment.{c.segment}", L, c.segment), stage_word(c.stage, L),
             fmt.num(c.similarity, 2), ("；" if L == "zh" else "; ").join(m.render(L) for m in c.reasons
                                                                        if m.key.rsplit(".", 1)[-1] in CLOSENESS) or "—"]
            for c in same]
    if rows:
        s.add(Table([t("memo.col.company", L), t("memo.col.country", L), t("memo.col.segment", L), t("report.snap.stage", L),
                     t("memo.col.similarity", L), t("memo.col.why", L)], rows,
                    caption=t("memo.competition.landscape", L, as_of=cs.as_of.isoformat()),
                    align=["l", "l", "l", "l", "r", "l"]))


# ------------------------------------------------------------------------------------ financials
def financials(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    from goldmine.metrics import net_burn
    from goldmine.metrics import runway_months as simple_runway

    L, c, f = ctx.lang, dd.company, dd.profile.financials
    rw = simple_runway(c.cash, c.monthly_burn, c.monthly_revenue)
    items = [
        (t("memo.fin.as_of", L), c.as_of.isoformat() if c.as_of else "—"),
        (t("report.snap.cash", L), ctx.money(c.cash)),
        (t("report.snap.burn", L), ctx.money(c.monthly_burn)),
        (t("report.snap.revenue", L), ctx.money(c.monthly_revenue)),
        (t("memo.fin.net_burn", L), ctx.money(net_burn(c.monthly_burn, c.monthly_revenue))),
        (t("report.snap.margin", L), fmt.pct(c.gross_margin)),
        (t("report.snap.simple_runway", L), fmt.months(rw) if math.isfinite(rw) else t("report.snap.not_burning", L)),
        (t("memo.fin.customer_concentration", L), fmt.pct(f.customer_concentration)),
        (t("report.snap.raised", L), ctx.money(c.total_raised)),
        (t("report.snap.last_post", L), ctx.money(c.last_post_money)),
    ]
    s.add(KeyValues(items))
    if f.burn_breakdown:
        rows = [[word(f"memo.spend.{k}", L, k), ctx.money(v), fmt.pct(v / f.monthly_burn if f.monthly_burn else None)]
                for k, v in f.burn_breakdown.items()]
        s.add(Table([t("memo.col.category", L), t("memo.col.monthly", L), t("memo.col.share", L)], rows,
                    caption=t("memo.fin.breakdown", L), align=["l", "r", "r"]))
    lacking = [n for n, v in (("financials.as_of", f.as_of), ("financials.gross_margin", f.gross_margin),
                              ("financials.burn_breakdown", f.burn_breakdown),
                              ("financials.customer_concentration", f.customer_concentration)) if v in (None, {})]
    s.add(missing(lacking, L))


def rounds(dd: DueDiligence, ctx: sec.Ctx) -> Table | None:
    """The financing history (rounds of the profile), shown at the head of the cap-table section."""
    L, p = ctx.lang, dd.profile
    if not p.rounds:
        return None
    rows = [[r.name, r.date.isoformat(), sec.tr(f"report.instrument.{r.instrument.value}", L, r.instrument.value),
             ctx.money(r.amount), ctx.money(r.pre_money), ctx.money(r.post_money)] for r in p.rounds]
    return Table([t("report.col.round", L), t("report.col.date", L), t("report.col.instrument", L), t("report.col.amount", L),
                  t("report.col.pre", L), t("report.col.post", L)], rows, caption=t("report.snap.rounds", L),
                 align=["l", "l", "l", "r", "r", "r"])


# ------------------------------------------------------------------------------------ use of funds
def use_of_funds(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L, p = ctx.lang, dd.profile
    u, prop = p.use_of_funds, p.proposal
    allocations = u.allocations if u is not None else []
    milestones = u.milestones if u is not None else []
    if allocations:
        total = sum(a.amount for a in allocations)
        rows = [[a.category, ctx.money(a.amount), fmt.pct(a.amount / total if total else None), a.description or "—"]
                for a in allocations]
        rows.append([t("report.col.total", L), ctx.money(total), fmt.pct(1.0 if total else None), ""])
        s.add(Table([t("memo.col.category", L), t("report.col.amount", L), t("memo.col.share", L), t("memo.col.description", L)],
                    rows, caption=t("memo.funds.table", L), align=["l", "r", "r", "l"]))
        s.add(Para(t("memo.funds.total", L, total=ctx.money(total), round=ctx.money(prop.size)) if prop is not None
                   else t("memo.funds.total_only", L, total=ctx.money(total)), "note"))
    if u is not None and u.months is not None:
        s.add(Para(t("memo.funds.months", L, n=f"{u.months:g}")))
    if milestones:
        s.add(Table([t("memo.col.month", L), t("memo.col.milestone", L), t("memo.col.target", L),
                     t("memo.col.status", L)],
                    [[m.date.strftime("%Y-%m"), m.name, milestone_target(m, L),
                      t("memo.status.achieved" if m.achieved else "memo.status.planned", L)] for m in milestones],
                    caption=t("memo.funds.milestones", L), align=["l", "l", "l", "l"]))
    lacking = [n for n, v in (("use_of_funds.allocations", allocations), ("use_of_funds.milestones", milestones)) if not v]
    s.add(missing(lacking, L, whole=not allocations and not milestones))


def milestone_target(m: Any, L: str) -> str:
    if m.target is None:
        return m.metric or "—"
    value = f"{m.target:,.0f}" if float(m.target).is_integer() else f"{m.target:,.2f}"
    return f"{value} {m.metric}" if m.metric else value


# ------------------------------------------------------------------------------------ questions
def questions(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L = ctx.lang
    if not dd.questions:
        s.add(Para(t("memo.summary.no_questions", L)))
        return
    s.add(Para(t("memo.questions.intro", L), "note"))
    s.add(Table(["#", t("memo.col.severity", L), t("memo.col.question", L), t("memo.col.field", L)],
                [[str(i), t(f"memo.severity.{q.severity}", L), q.text(L), q.field] for i, q in enumerate(dd.questions, start=1)],
                align=["r", "l", "l", "l"]))


# ------------------------------------------------------------------------------------ appendix
def vintage_table(dd: DueDiligence, ctx: sec.Ctx) -> Table | None:
    L, v = ctx.lang, dd.vintage
    if not v.inputs:
        return None
    rows = [[t(f"memo.input.{i.input}", L), i.field, i.date, fmt.num(i.age_months, 1),
             "—" if i.limit_months is None else fmt.num(i.limit_months, 0), yes_no(i.stale, L) if i.limit_months is not None else "—"]
            for i in v.inputs]
    return Table([t("memo.col.input", L), t("memo.col.field", L), t("report.col.date", L), t("memo.col.age", L),
                  t("memo.col.limit", L), t("memo.col.stale", L)], rows, caption=t("memo.vintage.table", L),
                 align=["l", "l", "l", "r", "r", "l"])


__all__ = ["company", "competition", "edge_items", "financials", "missing", "product", "questions", "rounds", "summary",
           "thesis", "traction", "use_of_funds", "vintage_table"]
