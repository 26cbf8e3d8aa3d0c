"""The investor update as a document: headline KPIs, alerts, highlights, lowlights and asks, the link
to due diligence, trends, the checks against plan, runway and charts (:mod:`goldmine.pipeline.update`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.i18n.messages import Message
from goldmine.pipeline.update import Diligence, InvestorUpdate, Item, Period, pct_text
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Document, Figure, KeyValues, Para, Section, Table

MONEY_METRICS = ("revenue", "burn", "net_burn", "cash")
PERIOD_PARAMS = ("period", "since", "until")


def build(u: InvestorUpdate, lang: str) -> Document:
    L = lang
    latest = u.latest
    doc = Document(lang=L, kind="update", title=t("report.update.title", L, company=u.name(L)),
                   subtitle=t(f"report.update.subtitle.{u.period}", L, period=period_label(latest, L)), sections=[],
                   footer=[(t("report.footer.version", L), _version()), (t("report.footer.inputs_hash", L), u.inputs_hash),
                           (t("report.footer.source", L), Path(u.source).name)])
    doc.sections += [headline(u, L), alerts_section(u, L),
                     items_section("highlights", u.highlights, L), items_section("lowlights", u.lowlights, L),
                     items_section("asks", u.asks, L), diligence_section(u, L), trends_section(u, L),
                     plan_section(u, L), method_section(u, L)]
    return doc


def show(u: InvestorUpdate, metric: str, v: Any, lang: str) -> str:
    return fmt.money(v, u.currency, lang) if metric in MONEY_METRICS else fmt.num(v, 0)


def headline(u: InvestorUpdate, L: str) -> Section:
    head = Section("headline", t("report.update.headline", L))
    head.add(Para(u.summary(L)))
    items = []
    for m in ("revenue", "burn", "net_burn", "cash", "headcount", "users"):
        v = u.latest.get(m)
        if v is not None:
            ch = u.changes.get(m)
            items.append((t(f"report.kpi.{m}", L), show(u, m, v, L) + ("" if ch is None else bracket(pct_text(ch), L))))
    items.append((t("report.update.runway", L), fmt.months(u.runway_months)))
    items.append((t("report.update.runway_avg", L, n=u.window), fmt.months(u.runway_months_avg)))
    head.add(KeyValues(items))
    if u.period == "quarter":
        head.add(Para(t("report.update.quarter_note", L), "note"))
    return head


def alerts_section(u: InvestorUpdate, L: str) -> Section:
    sec = Section("alerts", t("update.section.alerts", L))
    if u.alerts:
        sec.add(Bullets([message_text(a.message, L) for a in u.alerts], tones=[a.tone for a in u.alerts]))
    else:
        sec.add(Para(no_alerts_text(u, L), "note"))
    return sec


def no_alerts_text(u: InvestorUpdate, L: str) -> str:
    """The checks that passed, with their thresholds (without a plan, only the runway was checked)."""
    th = u.thresholds
    runway = f"{th.get('runway_months', 12):g}"
    if not u.plan_metrics:
        return t("update.no_alerts_no_plan", L, runway=runway)
    return t("update.no_alerts", L, runway=runway, variance=fmt.pct(th.get("variance"), 0),
             cumulative=fmt.pct(th.get("cumulative"), 0), k=f"{th.get('streak_months', 3):g}")


def items_in(items: tuple[Item, ...], lang: str) -> list[Item]:
    """The file's items in ``lang`` (and those in every language), else, when the file wrote them only
    in the other language, those (shown rather than hidden); then the derived items."""
    given = [i for i in items if i.source == "file"]
    mine = [i for i in given if i.shown_in(lang)] or given
    return mine + [i for i in items if i.source == "derived"]


def items_section(kind: str, items: tuple[Item, ...], L: str) -> Section:
    sec = Section(kind, t(f"update.section.{kind}", L))
    shown = items_in(items, L)
    if shown:
        tone = {"highlights": "positive", "lowlights": "negative"}.get(kind, "neutral")
        sec.add(Bullets([item_text(i, L) for i in shown], tones=[tone] * len(shown)))
    else:
        sec.add(Para(t(f"update.none.{kind}", L), "note"))
    return sec


def item_text(item: Item, L: str) -> str:
    return message_text(item.message, L) if item.message is not None else item.render(L)


def diligence_section(u: InvestorUpdate, L: str) -> Section:
    sec = Section("diligence", t("update.section.diligence", L))
    d = u.diligence
    if d.run is None:
        sec.add(Para(diligence_line(d, L), "missing" if d.status == "no_run" else "note"))
        return sec
    r = d.run
    sec.add(KeyValues([
        (t("update.diligence.verdict", L), verdict_text(r.verdict, L)),
        (t("update.diligence.risk", L), rating_text(r.risk_rating, r.risk_score, L)),
        (t("update.diligence.run", L), f"#{r.run_id}{'，' if L == 'zh' else ', '}{r.date}"),
        (t("update.diligence.as_of", L), r.as_of or "—"),
        (t("update.diligence.runway_then", L), fmt.months(r.runway_months)),
        (t("update.diligence.runway_now", L), fmt.months(u.runway_months)),
        (t("update.diligence.runway_change", L), "—" if d.runway_change_months is None else f"{d.runway_change_months:+.1f}"),
    ]))
    sec.add(Para(t("update.diligence.source", L, startup=d.startup or ""), "note"))
    return sec


def diligence_line(d: Diligence, L: str, runway_now: float | None = None) -> str:
    """The link to due diligence in one line (the CLI prints it; the report shows it without a run)."""
    if d.status == "no_startup":
        return t("update.diligence.no_startup", L)
    if d.status == "not_checked":
        return t("update.diligence.not_checked", L, startup=d.startup or "")
    if d.run is None:
        return t("update.diligence.none", L, startup=d.startup or "")
    r = d.run
    return t("update.diligence.line", L, date=r.date, run=r.run_id, verdict=verdict_text(r.verdict, L),
             rating=rating_text(r.risk_rating, r.risk_score, L), then=fmt.months(r.runway_months), now=fmt.months(runway_now))


def verdict_text(verdict: str | None, L: str) -> str:
    key = f"report.verdict.{verdict}"
    return t(key, L) if verdict and has_key(key) else (verdict or "—")


def rating_text(rating: str | None, score: float | None, L: str) -> str:
    key = f"risk.rating.{rating}"
    word = t(key, L) if rating and has_key(key) else (rating or "—")
    return word if score is None else word + bracket(fmt.num(score), L)


def bracket(text: str, L: str) -> str:
    """`` (text)`` in English, ``（text）`` in Chinese (full-width, GLOSSARY-zh.md)."""
    return f"（{text}）" if L == "zh" else f" ({text})"


def trends_section(u: InvestorUpdate, L: str) -> Section:
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
    div, unit = charts.money_axis(rev + burn, u.currency, L)
    cdiv, cunit = charts.money_axis(cash + plan_cash, u.currency, L)

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
                    [[period_label(p, L)] + [show(u, m, p.get(m), L) for m in cols] for p in periods],
                    caption=t("report.update.table", L)))
    return trend


def plan_section(u: InvestorUpdate, L: str) -> Section:
    var = Section("plan", t("report.update.variance", L))
    if not u.plan_metrics:
        var.add(Para(t("update.no_plan", L), "missing"))   # said once: the alerts section does not repeat it
        return var
    if u.variance:
        var.add(Table([t("report.col.metric", L), t("report.col.actual", L), t("report.col.plan", L), t("report.col.diff", L),
                       t("report.col.diff_pct", L)],
                      [[t(f"report.kpi.{v.metric}", L), show(u, v.metric, v.actual, L), show(u, v.metric, v.plan, L),
                        signed(show(u, v.metric, v.diff, L), v.diff), pct_text(v.pct)]
                       for v in u.variance]))
    if u.cumulative:
        var.add(Table([t("report.col.metric", L), t("update.col.months", L), t("update.col.n", L), t("report.col.actual", L),
                       t("report.col.plan", L), t("report.col.diff", L), t("report.col.diff_pct", L)],
                      [[t(f"report.kpi.{c.metric}", L), f"{c.since} – {c.until}", str(c.months), show(u, c.metric, c.actual, L),
                        show(u, c.metric, c.plan, L), signed(show(u, c.metric, c.diff, L), c.diff), pct_text(c.pct)]
                       for c in u.cumulative], caption=t("update.cumulative", L)))
    months = sorted({v.period for v in u.plan_history})
    by = {(v.period, v.metric): v.pct for v in u.plan_history}
    var.add(Table([t("report.col.period", L)] + [t(f"report.kpi.{m}", L) for m in u.plan_metrics],
                  [[m] + [pct_text(by.get((m, k))) for k in u.plan_metrics] for m in months],
                  caption=t("update.plan_history", L)))
    return var


def method_section(u: InvestorUpdate, L: str) -> Section:
    th = u.thresholds
    method = Section("method", t("report.update.method", L))
    method.add(Para(t("report.update.method_text", L), "note"))
    method.add(Para(t("update.method_checks", L, variance=fmt.pct(th.get("variance"), 0), cumulative=fmt.pct(th.get("cumulative"), 0),
                      k=f"{th.get('streak_months', 3):g}", n=f"{th.get('trend_months', 6):g}",
                      change=f"{th.get('trend_change', 0.02) * 100:g}", runway=f"{th.get('runway_months', 12):g}"), "note"))
    return method


def message_text(msg: Message, lang: str) -> str:
    """A message of the update in ``lang``, its months written as the language writes them."""
    params = {k: (period_text(v, lang) if k in PERIOD_PARAMS and isinstance(v, str) else v) for k, v in msg.params.items()}
    return Message(msg.key, params).render(lang)


def period_text(label: str, lang: str) -> str:
    """A month or quarter inside a sentence: ``2025-10`` in English, ``2025 年 10 月`` / ``2025 年第 4 季度`` in Chinese."""
    if lang != "zh" or len(label) < 7:
        return label
    if label[5] == "Q":
        return f"{label[:4]} 年第 {label[6:]} 季度"
    return f"{label[:4]} 年 {int(label[5:7])} 月"


def period_label(p: Period, lang: str) -> str:
    """A period; a quarter with fewer than three months says so (its flows are partial sums, so an
    unmarked "2025-Q4" beside full quarters would read as a collapse in revenue and burn)."""
    if p.months is not None and p.months < 3:
        return t("report.update.partial_quarter", lang, period=p.label, n=p.months)
    return p.label


def signed(text: str, x: Any) -> str:
    """A difference with its sign always shown (``+¥2万``, ``-¥1.5万``), like the percentage beside it."""
    return "+" + text if isinstance(x, int | float) and x > 0 else text


def _version() -> str:
    from goldmine import __version__

    return __version__
