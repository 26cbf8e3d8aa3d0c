"""The due-diligence report as an investment memo: a :class:`~goldmine.pipeline.DueDiligence` -> a
:class:`Document` (issues #9, #16).

Sections in memo order (:data:`ORDER`): the one-page summary (verdict, thesis, proposed terms and
expected returns, reasons, top risks, top open questions, data vintage), company and team, product and
moat, market forecast and sector context, traction and unit economics, competition, financials,
runway (Monte Carlo fan chart), use of funds and milestones, cap-table path (with the financing
history), exit waterfalls, terms and returns of the proposed round (issue #14), valuation football
field and sensitivity, the outcome model with its card (issue #13), risk radar and drivers,
mitigations, compliance checklist, open diligence questions, and an appendix of methods, sources,
data vintage and reproducibility.  The header and the footer carry the report's date
(:mod:`goldmine.pipeline.vintage`), the footer the goldmine version, inputs hash and seed.  The memo's
own sections are built by :mod:`goldmine.report.memo`.

Each analysis section reads the attributes of its analysis's typed result (formatted by
:mod:`goldmine.report.fmt`); an analysis missing from this version is said to be missing, one that
refused its input says why, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.pipeline.due_diligence import DueDiligence
from goldmine.pipeline.outcome import FAILED, MISSING, SKIPPED, Outcome
from goldmine.report import deal as deal_section
from goldmine.report import fmt, memo
from goldmine.report import sections as sec
from goldmine.report.document import Bullets, Document, Para, Section, Table

ORDER = ("summary", "company", "product", "market", "sector", "traction", "competition", "financials", "runway",
         "use_of_funds", "captable", "waterfall", "deal", "valuation", "outcome", "risk", "mitigations", "compliance",
         "questions", "appendix")


def section_title(sid: str, lang: str) -> str:
    """The title of a report section: the memo's (``memo.section.*``) or the analysis's (``report.section.*``)."""
    key = f"memo.section.{sid}"
    return t(key if has_key(key) else f"report.section.{sid}", lang)


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


#: the memo's own sections (goldmine.report.memo): built from the whole run, never absent
MEMO_BUILDERS: dict[str, Callable[[DueDiligence, Section, sec.Ctx], None]] = {
    "summary": memo.summary, "company": memo.company, "product": memo.product, "traction": memo.traction,
    "competition": memo.competition, "financials": memo.financials, "use_of_funds": memo.use_of_funds,
    "questions": memo.questions,
}


def build(dd: DueDiligence, lang: str, figures: dict[str, Any] | None = None) -> Document:
    """The report of ``dd`` in ``lang``; pass the same ``figures`` dict to the builds of several
    languages to draw each chart once."""
    ctx = sec.Ctx(lang=lang, currency=dd.company.currency, company=dd.company, figures=figures)
    c = dd.company
    subtitle = t("report.dd.subtitle", lang, stage=t(f"stage.{c.stage}", lang), vertical=t(f"vertical.{c.vertical}", lang),
                 as_of=c.as_of.isoformat() if c.as_of else "—")
    subtitle += " · " + t("memo.generated", lang, date=dd.generated_on.isoformat())
    doc = Document(lang=lang, title=t("report.dd.title", lang, name=c.name(lang)), subtitle=subtitle, sections=[],
                   footer=footer(dd, lang))
    for sid in ORDER:
        s = Section(sid, section_title(sid, lang))
        if sid in MEMO_BUILDERS:
            MEMO_BUILDERS[sid](dd, s, ctx)
        elif sid == "appendix":
            appendix(dd, s, ctx)
        else:
            if sid == "captable":
                s.add(memo.rounds(dd, ctx))
            source, builder = BUILDERS[sid]
            outcome = dd.sections[source]
            missing = absent(outcome, lang)
            if missing is not None:
                s.add(missing)
            else:
                builder(outcome.value, s, ctx)
        doc.sections.append(s)
    return doc


def appendix(dd: DueDiligence, s: Section, ctx: sec.Ctx) -> None:
    """Methods (the analyses and their settings, the decision thresholds), sources, the data vintage
    and the reproducibility record."""
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
    for src in dd.unit_economics.sources:
        if src not in extra:
            extra.append(src)
    if extra:
        s.add(Para(t("report.appendix.method_sources", L)))
        s.add(Bullets(extra[:40]))
    s.add(memo.vintage_table(dd, ctx))
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
    """goldmine version, inputs hash, seed, the report's date and the span of the input dates."""
    v = dd.vintage
    span = "—" if v.oldest is None or v.newest is None else f"{v.oldest.date} – {v.newest.date}"
    return [(t("report.footer.version", lang), dd.goldmine_version),
            (t("report.footer.inputs_hash", lang), dd.inputs_hash),
            (t("report.footer.seed", lang), str(dd.seed)),
            (t("memo.footer.generated", lang), dd.generated_on.isoformat()),
            (t("memo.footer.vintage", lang), span)]


__all__ = ["ORDER", "absent", "build", "section_title"]
