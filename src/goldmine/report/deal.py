"""The "Terms and returns" of a proposed round as rows and lines, in one language (issue #14).

One home for what ``goldmine deal`` prints and what the due-diligence report's "Terms and returns"
section shows: the terms and the entry (:func:`term_rows`), the investor's returns with and without
pro-rata (:func:`return_rows`), the capitalisations a path can exit with (:func:`exit_rows`), the
sensitivity table (:func:`sensitivity_rows`), the buckets of the multiple (:func:`multiple_buckets`,
Correlation Ventures' categories) and the plausibility and decision lines (:func:`notes`).  Each
reads the attributes of :class:`~goldmine.deal.DealAnalysis`; the CLI lays them out as Rich tables,
:func:`section` as report blocks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from goldmine import __version__
from goldmine.i18n import format_money, format_pct, t
from goldmine.i18n.messages import list_separator

if TYPE_CHECKING:
    from goldmine.deal import DealAnalysis, Returns
    from goldmine.model import Startup
    from goldmine.pipeline.deal import DealReport
    from goldmine.report.document import Document, Section
    from goldmine.report.sections import Ctx

EXIT_COLUMNS = ("rounds", "share", "ownership", "ownership_pro_rata", "exit_1x", "exit_3x", "exit_10x", "fund_returner")
BUCKETS = ("below_1x", "1x_3x", "3x_10x", "10x_up")


def money_of(currency: str, lang: str) -> Callable[[Any], str]:
    def money(x: Any) -> str:
        if x is None or (isinstance(x, float) and not math.isfinite(x)):
            return "—"
        return format_money(float(x), currency, lang)
    return money


def with_se(value: float | None, se: float | None, spec: str = "{:.2f}") -> str:
    """``value ± se`` (a Monte Carlo standard error); an em dash for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = spec.format(value)
    return text if se is None or math.isnan(se) else f"{text} ± {spec.format(se)}"


def pct_se(value: float | None, se: float | None = None) -> str:
    if value is None or math.isnan(value):
        return "—"
    text = format_pct(value, 1)
    return text if se is None or math.isnan(se) else f"{text} ± {format_pct(se, 1)}"


def term_rows(a: DealAnalysis, L: str) -> list[tuple[str, str]]:
    """(label, value) of the proposed round's terms and the investor's entry."""
    money = money_of(a.currency, L)
    tm = a.terms
    pref = t(f"deal.preference.{tm.terms.participation}", L, multiple=f"{float(tm.terms.liquidation_multiple):g}",
             cap="" if tm.terms.participation_cap is None else f"{float(tm.terms.participation_cap):g}")
    rows = [
        ("deal.cli.round", t(f"deal.instrument.{tm.instrument}", L, round=t(f"deal.stage.{tm.stage}", L))),
        ("deal.cli.new_money", money(float(tm.new_money))),
        ("deal.cli.round_size", money(float(tm.round_size))),
        ("deal.cli.pre_money", money(float(tm.pre_money))),
        ("deal.cli.post_money", money(float(tm.post_money))),
        ("deal.cli.preference", pref),
        ("deal.cli.pro_rata", t("deal.cli.yes" if tm.pro_rata else "deal.cli.no", L)),
        ("deal.cli.entry_ownership", format_pct(a.entry_ownership, 2)),
        ("deal.cli.price", f"{a.entry_price:,.4f}"),
        ("deal.cli.pool_increase", f"{a.pro_forma.step.pool_increase:,}"),
        ("deal.cli.fully_diluted", f"{a.pro_forma.table.fully_diluted:,}"),
    ]
    return [(t(key, L), value) for key, value in rows]


def _return_getters(money: Callable[[Any], str]) -> list[tuple[str, Callable[[Returns], str]]]:
    return [
        ("deal.cli.p_loss", lambda x: pct_se(x.moic.p_below["1"]["value"], x.moic.p_below["1"]["se"])),
        ("deal.cli.p_3x", lambda x: pct_se(x.moic.p_at_least["3"]["value"], x.moic.p_at_least["3"]["se"])),
        ("deal.cli.p_10x", lambda x: pct_se(x.moic.p_at_least["10"]["value"], x.moic.p_at_least["10"]["se"])),
        ("deal.cli.median_moic", lambda x: with_se(x.moic.median, x.moic.median_se)),
        ("deal.cli.mean_moic", lambda x: with_se(x.moic.mean, x.moic.mean_se)),
        ("deal.cli.moic_p90", lambda x: with_se(x.moic.percentiles["p90"], x.moic.percentile_se["p90"])),
        ("deal.cli.median_irr", lambda x: pct_se(x.irr.median, x.irr.median_se)),
        ("deal.cli.pooled_irr", lambda x: pct_se(x.pooled_irr, x.pooled_irr_se)),
        ("deal.cli.invested", lambda x: money(x.invested_mean)),
    ]


def return_rows(a: DealAnalysis, L: str) -> list[list[str]]:
    """[label, without pro-rata, with pro-rata] for each figure of the investor's returns."""
    getters = _return_getters(money_of(a.currency, L))
    return [[t(key, L), get(a.returns_without_pro_rata), get(a.returns_with_pro_rata)] for key, get in getters]


def exit_rows(a: DealAnalysis, L: str) -> list[list[str]]:
    """One row per capitalisation a path can exit with (columns :data:`EXIT_COLUMNS`)."""
    money = money_of(a.currency, L)
    rows = []
    for e in a.capitalisations:
        label = " → ".join(t(f"deal.stage.{s}", L) for s in e.stages) or t("deal.cli.no_later_round", L)
        rows.append([label, format_pct(e.share_of_paths, 1), format_pct(e.ownership, 2), format_pct(e.ownership_pro_rata, 2),
                     money(e.exit_for_multiple["1"]), money(e.exit_for_multiple["3"]), money(e.exit_for_multiple["10"]),
                     money(e.fund_returner)])
    return rows


def sensitivity_rows(a: DealAnalysis, L: str) -> tuple[list[str], list[list[str]]] | None:
    """Header and rows of mean multiple (P(>= 3x)) by entry pre-money and exit-multiple scale."""
    s = a.sensitivity
    if s is None:
        return None
    money = money_of(a.currency, L)
    header = [t("deal.col.pre_money", L)] + [t("deal.col.multiple_scale", L, scale=f"{m:g}") for m in s.exit_multiple_scale]
    cell = "{v:.2f} 倍（{p}）" if L == "zh" else "{v:.2f}x ({p})"
    rows = [[money(pre)] + [cell.format(v=v, p=format_pct(p, 0)) if not math.isnan(v) else "—" for v, p in zip(row, p3, strict=True)]
            for pre, row, p3 in zip(s.pre_money, s.mean_moic, s.p_3x, strict=True)]
    return header, rows


def multiple_buckets(r: Returns) -> dict[str, float]:
    """Shares of paths by gross multiple: below 1x, 1-3x, 3-10x, 10x and more (Correlation Ventures'
    categories of US venture financings, REFERENCES.md)."""
    below1 = r.moic.p_below["1"]["value"]
    at3 = r.moic.p_at_least["3"]["value"]
    at10 = r.moic.p_at_least["10"]["value"]
    return {"below_1x": below1, "1x_3x": max(0.0, 1.0 - below1 - at3), "3x_10x": max(0.0, at3 - at10), "10x_up": at10}


def notes(a: DealAnalysis, L: str) -> list[str]:
    """Simulated outcomes, the revenue ceiling check, the fund-returner test and the highest entry price."""
    money = money_of(a.currency, L)
    sim = a.simulated
    outcomes = list_separator(L).join(f"{t('deal.outcome.' + k, L)} {format_pct(v['value'], 1)}" for k, v in sim.outcomes.items())
    lines = [t("deal.cli.outcomes", L, outcomes=outcomes)]
    if sim.revenue_ceiling_annual is not None:
        lines.append(t("deal.cli.ceiling_holds" if sim.ceiling_holds else "deal.cli.ceiling_broken", L,
                       som=money(sim.revenue_ceiling_annual), arr=money(sim.max_exit_arr)))
    else:
        lines.append(t("deal.cli.no_ceiling", L, arr=money(sim.max_exit_arr)))
    fr = a.fund_returner
    if fr.get("fund_size") is not None:
        lines.append(t("deal.cli.fund", L, fund=money(fr["fund_size"]), exit=money(fr["median_exit_value"]),
                       p=pct_se(fr["p_fund_returned"], fr["p_fund_returned_se"])))
    if a.max_entry is not None:
        me = a.max_entry
        lines.append(t(f"deal.cli.max_entry.{me.status}", L, metric=t(f"deal.metric.{me.metric}", L), target=f"{me.target:g}",
                       pre=money(me.pre_money), iterations=me.iterations, low=money(me.bracket[0]), high=money(me.bracket[1])))
    return lines


def section(d: DealReport, s: Section, ctx: Ctx) -> None:
    """The report's "Terms and returns": terms and entry, returns, the multiple's buckets as a chart,
    exits, sensitivity, the decision lines and the assumptions."""
    from goldmine.i18n.messages import Message
    from goldmine.pipeline.recommend import DEAL_REASONS
    from goldmine.report import charts
    from goldmine.report.document import Bullets, KeyValues, Para, Table
    from goldmine.report.sections import figure

    a = d.analysis
    L = ctx.lang
    for m in a.reasons:
        if m.key == f"deal.reason.{a.verdict}" and a.verdict in DEAL_REASONS:
            tone = {"within_target": "invest", "above_target": "watch"}.get(a.verdict, "pass")
            s.add(Para(Message(f"report.reason.{DEAL_REASONS[a.verdict]}", m.params).render(L), f"verdict_{tone}"))
    s.add(KeyValues(term_rows(a, L)))
    s.add(Table([t("deal.cli.item", L), t("deal.cli.without_pro_rata", L), t("deal.cli.with_pro_rata", L)], return_rows(a, L),
                caption=t("deal.cli.returns_title", L, n=f"{a.simulated.paths:,}", seed=a.simulated.seed), align=["l", "r", "r"]))
    shares = multiple_buckets(a.returns)
    names = [charts.label(f"deal.bucket.{b}", L) for b in BUCKETS]
    s.add(figure(ctx, "deal-multiples", t("report.deal.buckets", L),
                 lambda: charts.bars(names, [100.0 * shares[b] for b in BUCKETS], charts.label("report.deal.share_axis", L))))
    s.add(Table([t(f"deal.col.{c}", L) for c in EXIT_COLUMNS], exit_rows(a, L), caption=t("deal.cli.exits_title", L),
                align=["l"] + ["r"] * (len(EXIT_COLUMNS) - 1)))
    sens = sensitivity_rows(a, L)
    if sens is not None:
        header, rows = sens
        s.add(Table(header, rows, caption=t("deal.cli.sensitivity_title", L), align=["r"] * len(header)))
    s.add(Bullets(notes(a, L)))
    if a.assumptions:
        s.add(Para(" ".join(m.render(L) for m in a.assumptions), "note"))


def build(d: DealReport, profile: Startup, lang: str, inputs_hash: str = "") -> Document:
    """A report of its own for one deal analysis (a deal run of the HTTP API): the company, the
    proposal's terms and entry, returns, exits, sensitivity and the decision lines (:func:`section`)."""
    from goldmine.pipeline.due_diligence import CompanyFacts
    from goldmine.report.document import Document, Section
    from goldmine.report.sections import Ctx

    company = CompanyFacts.of(profile)
    a = d.analysis
    ctx = Ctx(lang=lang, currency=company.currency, company=company)
    subtitle = t("report.deal_doc.subtitle", lang, stage=t(f"stage.{company.stage}", lang), date=a.terms.date.isoformat())
    s = Section("deal", t("report.section.deal", lang))
    section(d, s, ctx)
    footer = [(t("report.footer.version", lang), __version__), (t("report.footer.seed", lang), str(d.settings.seed)),
              (t("report.footer.paths", lang), f"{d.settings.paths:,}")]
    if inputs_hash:
        footer.insert(1, (t("report.footer.inputs_hash", lang), inputs_hash))
    return Document(lang=lang, title=t("report.deal_doc.title", lang, name=company.name(lang)), subtitle=subtitle,
                    sections=[s], footer=footer, kind="deal")


__all__ = ["build", "exit_rows", "multiple_buckets", "notes", "return_rows", "section", "sensitivity_rows", "term_rows"]
