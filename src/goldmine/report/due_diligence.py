"""The due-diligence report: a :class:`~goldmine.pipeline.DueDiligence` -> a :class:`Document`.

Sections (issue #9): executive summary with the recommendation and its reasons, company snapshot,
risk radar and drivers, mitigations, compliance checklist, market forecast, runway fan chart,
cap-table path and dilution, exit-waterfall scenarios, valuation football field and sensitivity,
terms and returns of the proposed round (issue #14), the outcome model with its card (issue #13),
sector context, an appendix of assumptions and sources, and a reproducibility footer.

Each analysis section reads the attributes of its analysis's typed result (formatted by
:mod:`goldmine.report.fmt`); an analysis missing from this version is said to be missing, one that
refused its input says why, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldmine.i18n import t
from goldmine.metrics import runway_months as simple_runway
from goldmine.pipeline.due_diligence import DueDiligence
from goldmine.pipeline.outcome import FAILED, MISSING, SKIPPED, Outcome
from goldmine.report import charts, fmt
from goldmine.report import deal as deal_section
from goldmine.report import sections as sec
from goldmine.report.document import Bullets, Document, KeyValues, Para, Section, Table

ORDER = ("summary", "snapshot", "risk", "mitigations", "compliance", "market", "runway", "captable",
         "waterfall", "valuation", "deal", "outcome", "sector", "appendix")


def absent(outcome: Outcome[Any], lang: str) -> Para | None:
    """The plain statement shown instead of a section's content, or None when the result is there."""
    if outcome.status == MISSING:
        return Para(t("report.missing", lang, module=outcome.module), "missing")
    if outcome.status == FAILED:
        return Para(t("report.failed", lang, module=outcome.module, error=outcome.reason(lang) or ""), "error")
    if outcome.status == SKIPPED:
        return Para(outcome.note.render(lang) if outcome.note is not None else t("report.status.skipped", lang), "note")
    return None


def _sector(ctx_: Any, s: Section, ctx: sec.Ctx) -> None:
    from goldmine.report.sector import context_blocks

    s.add(*context_blocks(ctx_, ctx.lang))


# report section -> (the run's outcome it shows, the builder)
BUILDERS: dict[str, tuple[str, Callable[[Any, Section, sec.Ctx], None]]] = {
    "risk": ("risk", sec.risk), "mitigations": ("risk", sec.mitigations), "compliance": ("risk", sec.compliance),
    "market": ("market", sec.market), "runway": ("runway", sec.runway), "captable": ("captable", sec.captable),
    "waterfall": ("waterfall", sec.waterfall), "valuation": ("valuation", sec.valuation),
    "deal": ("deal", deal_section.section), "outcome": ("outcome", sec.outcome), "sector": ("sector", _sector),
}


def build(dd: DueDiligence, lang: str, figures: dict[str, Any] | None = None) -> Document:
    """The report of ``dd`` in ``lang``; pass the same ``figures`` dict to the builds of several
    languages to draw each chart once."""
    ctx = sec.Ctx(lang=lang, currency=dd.company.currency, company=dd.company, figures=figures)
    c = dd.company
    subtitle = t("report.dd.subtitle", lang, stage=t(f"stage.{c.stage}", lang), vertical=t(f"vertical.{c.vertical}", lang),
                 as_of=c.as_of.isoformat() if c.as_of else "—")
    doc = Document(lang=lang, title=t("report.dd.title", lang, name=c.name(lang)), subtitle=subtitle, sections=[],
                   footer=footer(dd, lang))
    for sid in ORDER:
        s = Section(sid, t(f"report.section.{sid}", lang))
        if sid == "summary":
            summary(dd, s, ctx)
        elif sid == "snapshot":
            snapshot(dd, s, ctx)
        elif sid == "appendix":
            appendix(dd, s, ctx)
        else:
            source, builder = BUILDERS[sid]
            outcome = dd.sections[source]
            missing = absent(outcome, lang)
            if missing is not None:
                s.add(missing)
            else:
                builder(outcome.value, s, ctx)
        doc.sections.append(s)
    return doc


def summary(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L = ctx.lang
    rec = dd.recommendation
    tone = "verdict_watch" if rec.verdict == "insufficient" else f"verdict_{rec.verdict}"
    s.add(Para(t("report.verdict_line", L, verdict=t(f"report.verdict.{rec.verdict}", L)), tone))
    s.add(Para(t("report.reasons_intro", L)))
    # a reason that rests on a fact already counted is shown, marked, and not counted again
    texts = [r.text(L) + ("" if r.counted else " " + t("report.reason.not_counted", L)) for r in rec.reasons]
    s.add(Bullets(texts, tones=[r.tone if r.counted else "neutral" for r in rec.reasons]))
    # a section that does not apply to this company (a deal without a proposed round) is not counted
    names = [n for n, o in dd.sections.items() if o.status != SKIPPED]
    have = [n for n in names if dd.sections[n].ok]
    lacking = [t(f"report.section.{n}", L) for n in names if not dd.sections[n].ok]
    s.add(Para(t("report.coverage", L, n=len(have), total=len(names)), "note"))
    if lacking:
        s.add(Para(t("report.coverage_missing", L, names="、".join(lacking) if L == "zh" else ", ".join(lacking)), "note"))
    s.add(Para(t("report.disclaimer", L), "note"))


def snapshot(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L, cur, c = ctx.lang, ctx.currency, dd.company
    p = dd.profile
    desc = c.description(L)
    if desc:
        s.add(Para(desc))
    rw = simple_runway(c.cash, c.monthly_burn, c.monthly_revenue)
    items = [
        (t("report.snap.stage", L), t(f"stage.{c.stage}", L)),
        (t("report.snap.vertical", L), t(f"vertical.{c.vertical}", L)),
        (t("report.snap.business_model", L), t(f"business_model.{c.business_model}", L)),
        (t("report.snap.country", L), c.country),
        (t("report.snap.founded", L), c.founded.isoformat()),
        (t("report.snap.team", L), str(c.team_size)),
        (t("report.snap.cash", L), fmt.money(c.cash, cur, L)),
        (t("report.snap.burn", L), fmt.money(c.monthly_burn, cur, L)),
        (t("report.snap.revenue", L), fmt.money(c.monthly_revenue, cur, L)),
        (t("report.snap.margin", L), fmt.pct(c.gross_margin)),
        (t("report.snap.simple_runway", L), fmt.months(rw) if rw != float("inf") else t("report.snap.not_burning", L)),
        (t("report.snap.raised", L), fmt.money(c.total_raised, cur, L)),
        (t("report.snap.last_post", L), fmt.money(c.last_post_money, cur, L)),
    ]
    s.add(KeyValues(items))
    if p.rounds:
        rows = [[r.name, r.date.isoformat(), sec.tr(f"report.instrument.{r.instrument.value}", L, r.instrument.value),
                 fmt.money(r.amount, cur, L), fmt.money(r.pre_money, cur, L), fmt.money(r.post_money, cur, L)]
                for r in p.rounds]
        s.add(Table([t("report.col.round", L), t("report.col.date", L), t("report.col.instrument", L),
                     t("report.col.amount", L), t("report.col.pre", L), t("report.col.post", L)], rows,
                    caption=t("report.snap.rounds", L), align=["l", "l", "l", "r", "r", "r"]))
    hist = p.financials.revenue_history
    if len(hist) >= 2:
        xs = [h.month.isoformat() for h in hist]
        ys = [h.revenue for h in hist]
        s.add(sec.figure(ctx, "revenue", t("report.snap.revenue_chart", L),
                         lambda: charts.lines(xs, {charts.label("report.chart.revenue", L): ys},
                                              charts.label("report.chart.month", L), cur)))


def appendix(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    L = ctx.lang
    rows = []
    for name, o in dd.sections.items():
        params = ", ".join(f"{k}={fmt.param(v)}" for k, v in (o.parameters or {}).items()) or "—"
        rows.append([t(f"report.section.{name}", L), o.module, t(f"report.status.{o.status}", L), params])
    s.add(Table([t("report.col.analysis", L), t("report.col.module", L), t("report.col.status", L),
                 t("report.col.parameters", L)], rows, caption=t("report.appendix.analyses", L), align=["l", "l", "l", "l"]))
    th = dd.recommendation.thresholds
    s.add(Table([t("report.col.threshold", L), t("report.col.value", L)],
                [[t(f"report.threshold.{k}", L), threshold_value(k, v)] for k, v in th.items()],
                caption=t("report.appendix.thresholds", L), align=["l", "r"]))
    sources = [str(x) for x in dd.profile.sources]
    s.add(Para(t("report.appendix.sources", L)))
    s.add(Bullets(sources or [t("report.appendix.no_sources", L)]))
    extra: list[str] = []
    for o in dd.sections.values():
        if o.ok:
            for src in sec.sources_of(o.value):
                if src not in extra:
                    extra.append(src)
    if extra:
        s.add(Para(t("report.appendix.method_sources", L)))
        s.add(Bullets(extra[:40]))
    s.add(Para(t("report.appendix.config", L), "note"))


PERCENT_THRESHOLDS = ("cash_out_blocker", "cash_out_high", "cash_out_low", "growth_top_quartile", "demand_growth_floor")


def threshold_value(key: str, v: Any) -> str:
    """A decision threshold as the reasons print it: probabilities and growth as percentages, scores,
    months and counts without spurious decimals (``2``, not ``2.00``)."""
    if key in PERCENT_THRESHOLDS:
        return fmt.pct(v)
    if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer():
        return str(int(v))
    return fmt.param(v)


def footer(dd: DueDiligence, lang: str) -> list[tuple[str, str]]:
    return [(t("report.footer.version", lang), dd.goldmine_version),
            (t("report.footer.inputs_hash", lang), dd.inputs_hash),
            (t("report.footer.seed", lang), str(dd.seed))]


__all__ = ["absent", "build"]
