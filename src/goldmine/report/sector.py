"""The sector report (bubble or gold mine?) and the sector-context section of due-diligence reports.

The verdict is printed with its pillar counts; each pillar shows its status, finding, evidence (value,
unit, source, date), data vintage and caveats.  Charts: the price series with the PSY-dated episodes
shaded, the BSADF sequence against its 95 % critical-value line, and the sentiment index.  Both read
the typed view (:class:`~goldmine.pipeline.sector.SectorView`) or its due-diligence context
(:class:`~goldmine.pipeline.sector.SectorContext`); every word comes from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.i18n.messages import Message
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.sector import Evidence, Pillar, SectorCharts, SectorContext, SectorView
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Document, Figure, KeyValues, Para, Section, Table

STATUS_TONE = {"warning": "negative", "supportive": "positive", "neutral": "neutral", "unavailable": "neutral"}
VERDICT_TONE = {"bubble_risk": "verdict_pass", "mixed": "verdict_watch", "gold_mine": "verdict_invest",
                "insufficient": "verdict_watch"}


def _dates(xs: tuple[str, ...] | list[str]) -> list[Any]:
    import pandas as pd

    return list(pd.to_datetime(list(xs)))


def evidence_value(e: Evidence, lang: str) -> str:
    """Amounts in USD as money, shares and growth rates as percentages, multiples (unit ``x...``)
    with one decimal, counts and days as whole numbers, statistics with three decimals."""
    v, unit = e.value, e.unit
    if isinstance(v, int | float) and not isinstance(v, bool):
        if unit.startswith("usd"):
            return fmt.money(v, "USD", lang)
        if unit.startswith(("share", "growth")):
            return fmt.pct(v)
        if unit.startswith("x"):
            return fmt.num(v, 1)
        if unit in ("count", "days", "documents") or isinstance(v, int):
            return fmt.num(v, 0)
        return fmt.num(v, 3)
    return fmt.text(v)


def evidence_unit(e: Evidence, lang: str) -> str:
    """The unit in the report's language (``report.unit.<code>``)."""
    key = f"report.unit.{e.unit}"
    return t(key, lang) if e.unit and has_key(key) else e.unit


def source_text(src: str | Message, lang: str) -> str:
    return src.render(lang) if isinstance(src, Message) else src


def verdict_para(verdict: str, counts: dict[str, int], lang: str) -> Para:
    return Para(t("report.sector.verdict_line", lang, verdict=t(f"report.sector.verdict.{verdict}", lang),
                  warning=counts["warning"], neutral=counts["neutral"], supportive=counts["supportive"],
                  unavailable=counts["unavailable"]), VERDICT_TONE[verdict])


def demo_note(demo: bool, lang: str) -> list[Para]:
    return [Para(t("report.sector.demo_note", lang), "missing")] if demo else []


def pillar_table(pillars: tuple[Pillar, ...], lang: str) -> Table:
    rows = [[t(f"report.pillar.{p.id}", lang), t(f"report.status.{p.status}", lang), p.finding.render(lang), p.vintage]
            for p in pillars]
    return Table([t("report.col.pillar", lang), t("report.col.status", lang), t("report.col.finding", lang),
                  t("report.col.vintage", lang)], rows, align=["l", "l", "l", "l"])


_CACHE: dict[str, Any] = {}  # rendered sector charts by inputs hash, key and chart language


def _fig(inputs_hash: str, key: str, caption: str, draw: Callable[[], Any], lang: str) -> Figure:
    """Sector charts appear in the sector report and in every due-diligence report: draw each once."""
    if len(_CACHE) > 64:
        _CACHE.clear()
    return Figure(key, caption, draw, cache=_CACHE, cache_key=f"{inputs_hash}:{key}:{charts.chart_lang(lang)}")


def charts_of(c: SectorCharts, series_name: str, inputs_hash: str, lang: str) -> list[Figure]:
    figs: list[Figure] = []
    if c.prices and c.bsadf:
        xs = _dates(c.price_dates)
        shade = list(zip(_dates([a for a, _ in c.episodes]), _dates([z for _, z in c.episodes]), strict=True)) if c.episodes else []
        name = series_name or "series"
        values = list(c.prices)
        figs.append(_fig(inputs_hash, "sector-series", t("report.sector.chart_series", lang, name=name),
                         lambda: charts.lines(xs, {name: values}, charts.label("report.chart.date", lang),
                                              charts.label("report.chart.level_log", lang), shade=shade, logy=True), lang))
        bx = _dates(c.bsadf_dates)
        lines = {"BSADF": list(c.bsadf), charts.label("report.chart.cv95", lang): list(c.bsadf_cv95)}
        figs.append(_fig(inputs_hash, "sector-bsadf", t("report.sector.chart_bsadf", lang),
                         lambda: charts.lines(bx, lines, charts.label("report.chart.date", lang), "BSADF", shade=shade), lang))
    if c.tone_dates:
        sx = _dates(c.tone_dates)
        zs = list(c.tone_z)
        figs.append(_fig(inputs_hash, "sector-sentiment", t("report.sector.chart_sentiment", lang),
                         lambda: charts.lines(sx, {charts.label("report.chart.tone_z", lang): zs},
                                              charts.label("report.chart.date", lang), "z", hline=0.0), lang))
    return figs


def caveat_bullets(pillars: tuple[Pillar, ...], lang: str) -> Bullets:
    sep = " " if lang == "en" else ""
    return Bullets([f"{t('report.pillar.' + p.id, lang)}: " + sep.join(t(c, lang) for c in p.caveats)
                    for p in pillars if p.caveats])


def context_blocks(c: SectorContext, lang: str) -> list[Any]:
    """The sector context inside a due-diligence report: verdict, pillar table, charts."""
    blocks: list[Any] = [verdict_para(c.verdict, c.counts(), lang), *demo_note(c.demo_inputs, lang), pillar_table(c.pillars, lang)]
    # the caveats travel with the verdict: an IC member reading only this section sees them too
    blocks.append(Para(t("report.sector.caveats", lang)))
    blocks.append(caveat_bullets(c.pillars, lang))
    blocks += charts_of(c.charts, c.series_name, c.inputs_hash, lang)
    blocks.append(Para(t("report.sector.see_full", lang), "note"))
    return blocks


def _outcome_note(o: Outcome[Any], module: str, lang: str) -> Para | None:
    if o.status == "missing":
        return Para(t("report.missing", lang, module=module), "missing")
    if o.status == "failed":
        return Para(t("report.failed", lang, module=module, error=o.reason(lang) or ""), "error")
    return None


def build(view: SectorView, lang: str) -> Document:
    L = lang
    doc = Document(lang=L, kind="sector", title=t("report.sector.title", L),
                   subtitle=t("report.sector.subtitle", L, vintage=view.data_vintage or "—"), sections=[],
                   footer=[(t("report.footer.version", L), view.goldmine_version),
                           (t("report.footer.inputs_hash", L), view.inputs_hash),
                           (t("report.footer.seed", L), str(view.seed))])
    s = Section("verdict", t("report.sector.verdict_title", L))
    s.add(verdict_para(view.verdict, view.counts(), L), *demo_note(view.demo_inputs, L), Para(t("report.sector.rule", L), "note"),
          pillar_table(view.pillars, L))
    doc.sections.append(s)
    for p in view.pillars:
        ps = Section(f"pillar-{p.id}", t(f"report.pillar.{p.id}", L))
        ps.add(Para(t("report.sector.status_line", L, status=t(f"report.status.{p.status}", L)),
                    "missing" if p.status == "unavailable" else "text"))
        ps.add(Para(p.finding.render(L)))
        if p.evidence:
            ps.add(Table([t("report.col.evidence", L), t("report.col.value", L), t("report.col.unit", L), t("report.col.source", L),
                          t("report.col.date", L)],
                         [[t(e.label, L), evidence_value(e, L), evidence_unit(e, L), source_text(e.source, L), e.date]
                          for e in p.evidence],
                         align=["l", "r", "l", "l", "l"]))
        ps.add(KeyValues([(t("report.col.vintage", L), p.vintage)]))
        ps.add(Para(t("report.sector.caveats", L)))
        ps.add(Bullets([t(c, L) for c in p.caveats]))
        doc.sections.append(ps)
    ch = Section("charts", t("report.sector.charts", L))
    for o, name in ((view.bubble, "goldmine.bubble"), (view.sentiment, "goldmine.sentiment")):
        note = _outcome_note(o, name, L)
        if note is not None:
            ch.add(note)
    ch.add(*charts_of(view.charts(), view.series.name if view.series else "", view.inputs_hash, L))
    if view.bubble.ok:
        rep = view.bubble.value.report
        ch.add(KeyValues([("ADF", fmt.num(rep.stats.adf, 3)), ("SADF", fmt.num(rep.stats.sadf, 3)),
                          ("GSADF", fmt.num(rep.stats.gsadf, 3)),
                          (t("report.sector.cv95_gsadf", L), fmt.num(rep.cv.level("gsadf", 95), 3))]))
        if rep.episodes:
            ch.add(Table([t("report.col.start", L), t("report.col.peak", L), t("report.col.end", L), t("report.col.duration", L)],
                         [[_iso(e.start), _iso(e.peak), _iso(e.end), str(e.duration)] for e in rep.episodes],
                         caption=t("report.sector.episodes", L), align=["l", "l", "l", "r"]))
    doc.sections.append(ch)
    src = Section("sources", t("report.sector.series_title", L))
    ser = view.series
    src.add(KeyValues([(t("report.sector.series_name", L), (ser.name if ser else "") or "—"),
                       (t("report.col.source", L), (ser.source if ser else "") or "—"),
                       (t("report.col.vintage", L), ser.vintage if ser else "—"),
                       (t("report.sector.observations", L), str(ser.n) if ser else "—")]))
    src.add(Para(t("report.sector.disclaimer", L), "note"))
    doc.sections.append(src)
    return doc


def _iso(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10] if text.endswith("T00:00:00") else text
