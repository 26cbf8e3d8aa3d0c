"""The investor update as a document: headline KPIs, trends, variance to plan, runway, charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from goldmine.i18n import t
from goldmine.pipeline.update import InvestorUpdate, Period
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Document, Figure, KeyValues, Para, Section, Table


def build(u: InvestorUpdate, lang: str) -> Document:
    L, cur = lang, u.currency
    latest = u.latest
    doc = Document(lang=L, kind="update", title=t("report.update.title", L, company=u.company),
                   subtitle=t(f"report.update.subtitle.{u.period}", L, period=period_label(latest, L)), sections=[],
                   footer=[(t("report.footer.version", L), _version()), (t("report.footer.inputs_hash", L), u.inputs_hash),
                           (t("report.footer.source", L), Path(u.source).name)])
    money_metrics = ("revenue", "burn", "net_burn", "cash")

    def show(m: str, v: Any) -> str:
        return fmt.money(v, cur, L) if m in money_metrics else fmt.num(v, 0)

    head = Section("headline", t("report.update.headline", L))
    head.add(Para(u.summary(L)))
    items = []
    for m in ("revenue", "burn", "net_burn", "cash", "headcount", "users"):
        v = latest.get(m)
        if v is not None:
            ch = u.changes.get(m)
            items.append((t(f"report.kpi.{m}", L), show(m, v) + ("" if ch is None else f" ({_signed_pct(ch)})")))
    items.append((t("report.update.runway", L), fmt.months(u.runway_months)))
    items.append((t("report.update.runway_avg", L, n=u.window), fmt.months(u.runway_months_avg)))
    head.add(KeyValues(items))
    if u.period == "quarter":
        head.add(Para(t("report.update.quarter_note", L), "note"))
    if u.alerts:
        head.add(Bullets([t(a, L) for a in u.alerts], tones=["negative"] * len(u.alerts)))
    else:
        head.add(Para(t("report.update.no_alerts", L), "note"))

    trend = Section("trends", t("report.update.trends", L))
    cm = [(t(f"report.kpi.{m}", L), fmt.pct(v)) for m, v in u.cmgr.items()]
    trend.add(KeyValues([(t("report.update.cmgr", L, metric=a, n=u.window), b) for a, b in cm]))
    periods = u.periods
    xs = [period_label(p, L) for p in periods]
    rev = [p.get("revenue") for p in periods]
    burn = [p.get("burn") for p in periods]
    cash = [p.get("cash") for p in periods]
    plan_cash = [p.get("plan_cash") for p in periods]
    # each chart on its own scale, in the units of the tables (万 / 亿 in Chinese charts)
    div, unit = charts.money_axis(rev + burn, cur, L)
    cdiv, cunit = charts.money_axis(cash + plan_cash, cur, L)

    def sc(xs_: list[Any], d: float) -> list[Any]:
        return [None if v is None else v / d for v in xs_]

    if all(v is not None for v in rev + burn):
        trend.add(Figure("update-flows", t("report.update.chart_flows", L),
                         lambda: charts.lines(xs, {charts.label("report.kpi.revenue", L): sc(rev, div),
                                                   charts.label("report.kpi.burn", L): sc(burn, div)},
                                              charts.label("report.chart.period", L), unit)))
    series = {charts.label("report.kpi.cash", L): sc(cash, cdiv)}
    if all(v is not None for v in plan_cash):
        series[charts.label("report.update.plan", L)] = sc(plan_cash, cdiv)
    trend.add(Figure("update-cash", t("report.update.chart_cash", L),
                     lambda: charts.lines(xs, series, charts.label("report.chart.period", L), cunit)))
    cols = [m for m in ("revenue", "burn", "net_burn", "cash", "headcount", "users") if any(p.get(m) is not None for p in periods)]
    trend.add(Table([t("report.col.period", L)] + [t(f"report.kpi.{m}", L) for m in cols],
                    [[period_label(p, L)] + [show(m, p.get(m)) for m in cols] for p in periods],
                    caption=t("report.update.table", L)))

    var = Section("plan", t("report.update.variance", L))
    if u.variance:
        var.add(Table([t("report.col.metric", L), t("report.col.actual", L), t("report.col.plan", L), t("report.col.diff", L),
                       t("report.col.diff_pct", L)],
                      [[t(f"report.kpi.{v.metric}", L), show(v.metric, v.actual), show(v.metric, v.plan),
                        signed(show(v.metric, v.diff), v.diff), _signed_pct(v.pct)]
                       for v in u.variance]))
    else:
        var.add(Para(t("report.update.no_plan", L), "missing"))
    method = Section("method", t("report.update.method", L))
    method.add(Para(t("report.update.method_text", L), "note"))
    doc.sections += [head, trend, var, method]
    return doc


def period_label(p: Period, lang: str) -> str:
    """A period; a quarter with fewer than three months says so (its flows are partial sums, so an
    unmarked "2025-Q4" beside full quarters would read as a collapse in revenue and burn)."""
    if p.months is not None and p.months < 3:
        return t("report.update.partial_quarter", lang, period=p.label, n=p.months)
    return p.label


def signed(text: str, x: Any) -> str:
    """A difference with its sign always shown (``+¥2万``, ``-¥1.5万``), like the percentage beside it."""
    return "+" + text if isinstance(x, int | float) and x > 0 else text


def _signed_pct(x: Any) -> str:
    return "—" if x is None else f"{x * 100:+.1f}%"


def _version() -> str:
    from goldmine import __version__

    return __version__
