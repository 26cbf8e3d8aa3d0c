"""The portfolio view as a document (:mod:`goldmine.pipeline.portfolio`): one row per holding (cash, net
burn, runway, revenue against plan, alerts, the worst alert), totals per currency, the companies short
of runway, the alerts against each company and the files that failed.  The terminal table of
``goldmine portfolio update`` uses the same cells (:func:`holding_cells`)."""

from __future__ import annotations

from goldmine.i18n import t
from goldmine.pipeline.portfolio import Holding, PortfolioUpdate
from goldmine.pipeline.update import Alert, pct_text
from goldmine.report import fmt
from goldmine.report.document import Bullets, Document, Para, Section, Table
from goldmine.report.update import message_text, period_text

COLUMNS = ("company", "period", "cash", "net_burn", "runway", "revenue_vs_plan", "alerts", "worst")


def header(p: PortfolioUpdate, L: str) -> list[str]:
    window = p.holdings[0].update.window if p.holdings else 3
    return [t(f"portfolio.col.{c}", L, n=window) if c == "runway" else t(f"portfolio.col.{c}", L) for c in COLUMNS]


def worst_text(a: Alert | None, L: str) -> str:
    """The worst alert in a few words (the full sentence is in the company's update)."""
    if a is None:
        return "—"
    metric = t(f"report.kpi.{a.metric}", L) if a.metric != "runway_months" else ""
    key = a.message.key.removeprefix("update.alert.")
    return t(f"portfolio.worst.{key}", L, metric=metric, pct=pct_text(a.value), n=f"{a.value:.0f}", months=f"{a.value:.1f}")


def holding_cells(h: Holding, L: str) -> list[str]:
    a = h.alerts
    return [h.name(L), period_text(h.period, L), fmt.money(h.cash, h.currency, L), fmt.money(h.net_burn, h.currency, L),
            f"{fmt.months(h.runway_months)} / {fmt.months(h.runway_months_avg)}", pct_text(h.revenue_vs_plan),
            f"{a.get('negative', 0)} / {a.get('neutral', 0)} / {a.get('positive', 0)}", worst_text(h.worst_alert, L)]


def totals_table(p: PortfolioUpdate, L: str) -> Table:
    return Table([t("portfolio.col.currency", L), t("portfolio.col.companies", L), t("portfolio.col.cash", L),
                  t("portfolio.col.net_burn", L)],
                 [[c.currency, str(c.companies), fmt.money(c.cash, c.currency, L), fmt.money(c.net_burn, c.currency, L)]
                  for c in p.totals], caption=t("portfolio.table.totals", L))


def short_runway_text(p: PortfolioUpdate, L: str) -> str:
    limit = f"{p.runway_limit:g}"
    if not p.short_runway:
        return t("portfolio.no_short_runway", L, limit=limit)
    names = {h.id: h.name(L) for h in p.holdings}
    sep = "、" if L == "zh" else ", "
    return t("portfolio.short_runway", L, limit=limit, names=sep.join(names[i] for i in p.short_runway))


def build(p: PortfolioUpdate, lang: str) -> Document:
    L = lang
    last = max((h.period for h in p.holdings), default="—")
    doc = Document(lang=L, kind="portfolio", title=t("portfolio.report.title", L),
                   subtitle=t("portfolio.report.subtitle", L, n=len(p.holdings), period=period_text(last, L)), sections=[],
                   footer=[(t("report.footer.version", L), _version())])
    holdings = Section("holdings", t("portfolio.report.holdings", L))
    holdings.add(Para(p.summary(L)))
    holdings.add(Table(header(p, L), [holding_cells(h, L) for h in p.holdings], align=["l"] + ["r"] * 6 + ["l"]))
    holdings.add(totals_table(p, L))
    holdings.add(Para(short_runway_text(p, L), "note"))
    doc.sections.append(holdings)
    alerts = Section("alerts", t("portfolio.report.alerts", L))
    for h in p.holdings:
        against = [a for a in h.update.alerts if a.tone == "negative"]
        if against:
            alerts.add(Para(h.name(L)), Bullets([message_text(a.message, L) for a in against], tones=["negative"] * len(against)))
    if not alerts.blocks:
        alerts.add(Para("—", "note"))
    doc.sections.append(alerts)
    if p.failures:
        doc.sections.append(Section("failures", t("portfolio.report.failures", L)).add(
            Bullets([t("portfolio.failed", L, file=f.file, error=f.message(L)) for f in p.failures], kind="negative")))
    window = p.holdings[0].update.window if p.holdings else 3
    doc.sections.append(Section("method", t("portfolio.report.method", L)).add(Para(t("portfolio.report.method_text", L, n=window), "note")))
    return doc


def _version() -> str:
    from goldmine import __version__

    return __version__
