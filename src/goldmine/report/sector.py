"""The sector report (bubble or gold mine?) and the sector-context section of due-diligence reports.

The verdict is printed with its pillar counts; each pillar shows its status, finding, evidence (value,
unit, source, date), data vintage and caveats.  Charts: the price series with the PSY-dated episodes
shaded, the BSADF sequence against its 95 % critical-value line, and the sentiment index.
"""

from __future__ import annotations

from typing import Any

from goldmine.i18n import t
from goldmine.pipeline.sector import index_rows
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Document, Figure, KeyValues, Para, Section, Table

STATUS_TONE = {"warning": "negative", "supportive": "positive", "neutral": "neutral", "unavailable": "neutral"}


def _dates(xs: list[str]) -> list[Any]:
    import pandas as pd

    return list(pd.to_datetime(xs))


def evidence_value(e: dict[str, Any], lang: str) -> str:
    """Amounts in USD as money, shares and growth rates as percentages, multiples (unit ``x...``)
    with one decimal, counts and days as whole numbers, statistics with three decimals."""
    v, unit = e.get("value"), str(e.get("unit") or "")
    if isinstance(v, int | float) and not isinstance(v, bool):
        if unit.startswith("USD"):
            return fmt.money(v, "USD", lang)
        if unit.startswith(("share", "growth")):
            return fmt.pct(v)
        if unit.startswith("x"):
            return fmt.num(v, 1)
        if unit in ("count", "days") or isinstance(v, int):
            return fmt.num(v, 0)
        return fmt.num(v, 3)
    return fmt.text(v)


def evidence_unit(e: dict[str, Any], lang: str) -> str:
    """The unit in the report's language (``unit_zh`` in Chinese reports, else ``unit``)."""
    return str((e.get("unit_zh") if lang == "zh" else None) or e.get("unit") or "")


def verdict_para(data: dict[str, Any], lang: str) -> Para:
    c = data["counts"]
    tone = {"bubble_risk": "verdict_pass", "mixed": "verdict_watch", "gold_mine": "verdict_invest", "insufficient": "verdict_watch"}
    return Para(t("report.sector.verdict_line", lang, verdict=t(f"report.sector.verdict.{data['verdict']}", lang),
                  warning=c["warning"], neutral=c["neutral"], supportive=c["supportive"], unavailable=c["unavailable"]),
                tone[data["verdict"]])


def demo_note(data: dict[str, Any], lang: str) -> list[Para]:
    return [Para(t("report.sector.demo_note", lang), "missing")] if (data.get("parameters") or {}).get("demo_inputs") else []


def pillar_table(data: dict[str, Any], lang: str) -> Table:
    rows = [[t(f"report.pillar.{p['id']}", lang), t(f"report.status.{p['status']}", lang), p[f"finding_{lang}"], p["vintage"]]
            for p in data["pillars"]]
    return Table([t("report.col.pillar", lang), t("report.col.status", lang), t("report.col.finding", lang),
                  t("report.col.vintage", lang)], rows, align=["l", "l", "l", "l"])


_CACHE: dict[str, Any] = {}  # rendered sector charts by inputs hash, key and chart language


def _fig(data: dict[str, Any], key: str, caption: str, draw: Any, lang: str) -> Figure:
    """Sector charts appear in the sector report and in every due-diligence report: draw each once."""
    if len(_CACHE) > 64:
        _CACHE.clear()
    h = (data.get("reproducibility") or {}).get("inputs_hash", "")
    return Figure(key, caption, draw, cache=_CACHE, cache_key=f"{h}:{key}:{charts.chart_lang(lang)}")


def charts_of(data: dict[str, Any], lang: str) -> list[Figure]:
    figs: list[Figure] = []
    bub = data["analyses"].get("bubble") or {}
    prices = (data.get("chart_data") or {}).get("prices")
    if bub.get("status") == "ok" and prices:
        b = bub["data"]
        xs = _dates(prices["dates"])
        shade = [(e["start"], e["end"]) for e in b.get("episodes") or []]
        shade = [(a, z) for a, z in zip(_dates([s for s, _ in shade]), _dates([e for _, e in shade]), strict=True)] if shade else []
        name = data["series"].get("name") or "series"
        figs.append(_fig(data, "sector-series", t("report.sector.chart_series", lang, name=name),
                         lambda: charts.lines(xs, {name: prices["values"]}, charts.label("report.chart.date", lang),
                                              charts.label("report.chart.level_log", lang), shade=shade, logy=True), lang))
        bs = b.get("bsadf") or []
        if bs:
            bx = _dates([r["date"] for r in bs])
            figs.append(_fig(data, "sector-bsadf", t("report.sector.chart_bsadf", lang),
                             lambda: charts.lines(bx, {"BSADF": [r["stat"] for r in bs],
                                                       charts.label("report.chart.cv95", lang): [r["cv95"] for r in bs]},
                                                  charts.label("report.chart.date", lang), "BSADF", shade=shade), lang))
    sen = data["analyses"].get("sentiment") or {}
    if sen.get("status") == "ok":
        rows = index_rows(sen["data"])
        zkey = "index"
        if rows and zkey in rows[0]:
            sx = _dates([r["date"] for r in rows])
            zs = [r.get(zkey) for r in rows]
            figs.append(_fig(data, "sector-sentiment", t("report.sector.chart_sentiment", lang),
                             lambda: charts.lines(sx, {charts.label("report.chart.tone_z", lang): zs},
                                                  charts.label("report.chart.date", lang), "z", hline=0.0), lang))
    return figs


def context_blocks(data: dict[str, Any], lang: str) -> list[Any]:
    """The sector context inside a due-diligence report: verdict, pillar table, charts."""
    blocks: list[Any] = [verdict_para(data, lang), *demo_note(data, lang), pillar_table(data, lang)]
    # the caveats travel with the verdict: an IC member reading only this section sees them too
    blocks.append(Para(t("report.sector.caveats", lang)))
    blocks.append(Bullets([f"{t('report.pillar.' + p['id'], lang)}: " + (" " if lang == "en" else "").join(c[lang] for c in p["caveats"])
                           for p in data["pillars"] if p.get("caveats")]))
    blocks += charts_of(data, lang)
    blocks.append(Para(t("report.sector.see_full", lang), "note"))
    return blocks


def build(view: Any, lang: str) -> Document:
    L = lang
    data = view.to_dict() if hasattr(view, "to_dict") else view
    doc = Document(lang=L, kind="sector", title=t("report.sector.title", L),
                   subtitle=t("report.sector.subtitle", L, vintage=data["parameters"].get("data_vintage") or "—"),
                   sections=[], footer=[(t("report.footer.version", L), data["reproducibility"]["goldmine_version"]),
                                        (t("report.footer.inputs_hash", L), data["reproducibility"]["inputs_hash"]),
                                        (t("report.footer.seed", L), str(data["reproducibility"]["seed"]))])
    s = Section("verdict", t("report.sector.verdict_title", L))
    s.add(verdict_para(data, L), *demo_note(data, L), Para(t("report.sector.rule", L), "note"), pillar_table(data, L))
    doc.sections.append(s)
    for p in data["pillars"]:
        ps = Section(f"pillar-{p['id']}", t(f"report.pillar.{p['id']}", L))
        ps.add(Para(t("report.sector.status_line", L, status=t(f"report.status.{p['status']}", L)),
                    "missing" if p["status"] == "unavailable" else "text"))
        ps.add(Para(p[f"finding_{L}"]))
        if p["evidence"]:
            ps.add(Table([t("report.col.evidence", L), t("report.col.value", L), t("report.col.unit", L), t("report.col.source", L),
                          t("report.col.date", L)],
                         [[e[f"label_{L}"] or e["label_en"], evidence_value(e, L), evidence_unit(e, L), e["source"], e["date"]]
                          for e in p["evidence"]],
                         align=["l", "r", "l", "l", "l"]))
        ps.add(KeyValues([(t("report.col.vintage", L), p["vintage"])]))
        ps.add(Para(t("report.sector.caveats", L)))
        ps.add(Bullets([c[L] for c in p["caveats"]]))
        doc.sections.append(ps)
    ch = Section("charts", t("report.sector.charts", L))
    figs = charts_of(data, L)
    for key, name in (("bubble", "goldmine.bubble"), ("sentiment", "goldmine.sentiment")):
        o = data["analyses"].get(key) or {}
        if o.get("status") == "missing":
            ch.add(Para(t("report.missing", L, module=name), "missing"))
        elif o.get("status") == "failed":
            ch.add(Para(t("report.failed", L, module=name, error=o.get(f"error_{L}") or ""), "error"))
    ch.add(*figs)
    if data["analyses"].get("bubble", {}).get("status") == "ok":
        b = data["analyses"]["bubble"]["data"]
        ch.add(KeyValues([("ADF", fmt.num(b.get("adf"), 3)), ("SADF", fmt.num(b.get("sadf"), 3)), ("GSADF", fmt.num(b.get("gsadf"), 3)),
                          (t("report.sector.cv95_gsadf", L), fmt.num((b.get("critical_values") or {}).get("gsadf", {}).get("95"), 3))]))
        eps = b.get("episodes") or []
        if eps:
            ch.add(Table([t("report.col.start", L), t("report.col.peak", L), t("report.col.end", L), t("report.col.duration", L)],
                         [[str(e["start"]), str(e["peak"]), str(e["end"]), str(e["duration"])] for e in eps],
                         caption=t("report.sector.episodes", L), align=["l", "l", "l", "r"]))
    doc.sections.append(ch)
    src = Section("sources", t("report.sector.series_title", L))
    ser = data.get("series") or {}
    src.add(KeyValues([(t("report.sector.series_name", L), ser.get("name") or "—"), (t("report.col.source", L), ser.get("source") or "—"),
                       (t("report.col.vintage", L), f"{ser['start']} – {ser['end']}" if ser.get("start") else "—"),
                       (t("report.sector.observations", L), str(ser.get("n", "—")))]))
    src.add(Para(t("report.sector.disclaimer", L), "note"))
    doc.sections.append(src)
    return doc
