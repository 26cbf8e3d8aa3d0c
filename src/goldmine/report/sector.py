"""The sector report (bubble or gold mine?) and the sector-context section of due-diligence reports.

The verdict is printed with its pillar counts and the as-of date; each pillar shows its status,
finding, evidence (value, unit, source, date), data vintage, freshness (current, stale, demo or
missing, with the data's last date, age and limit) and caveats.  Then the AI market index (its
construction, members, joins, gaps, the sample the bubble tests use, the valuation-ratio series and
its revenue figures), the drivers of the boom (technology, capital, policy, sentiment: dated,
sourced evidence with the ids the strategy points at) and the strategy paragraph.  Charts: the
tested series with the PSY-dated episodes shaded, the BSADF sequence against its 95 % critical-value
line, and the sentiment index.  Both read the typed view (:class:`~goldmine.pipeline.sector.SectorView`)
or its due-diligence context (:class:`~goldmine.pipeline.sector.SectorContext`); every word comes
from the catalogue.

A due-diligence report carries the sector verdict only when it rests on real data of stated vintage
(:attr:`SectorContext.shows_verdict`); otherwise :func:`context_blocks` says why in one line and
shows no verdict banner (issue #17).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from goldmine.i18n import has_key, t
from goldmine.i18n.messages import Message, list_separator
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.sector import Evidence, Pillar, SectorCharts, SectorContext, SectorView
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Document, Figure, KeyValues, Para, Section, Table
from goldmine.sector.drivers import Capital, Technology, place_key

STATUS_TONE = {"warning": "negative", "supportive": "positive", "neutral": "neutral", "unavailable": "neutral"}
VERDICT_TONE = {"bubble_risk": "verdict_pass", "mixed": "verdict_watch", "gold_mine": "verdict_invest",
                "insufficient": "verdict_watch"}
SIDE_TITLE = {"favour": "sector.strategy.favour", "warn": "sector.strategy.warn", "note": "sector.strategy.note"}


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
        if unit == "months":
            return fmt.num(v, 1)
        return fmt.num(v, 3)
    return fmt.text(v)


def evidence_unit(e: Evidence, lang: str) -> str:
    """The unit in the report's language (``report.unit.<code>`` or ``sector.unit.<code>``)."""
    for key in (f"report.unit.{e.unit}", f"sector.unit.{e.unit}"):
        if e.unit and has_key(key):
            return t(key, lang)
    return e.unit


def source_text(src: str | Message, lang: str) -> str:
    return src.render(lang) if isinstance(src, Message) else src


def verdict_para(verdict: str, counts: dict[str, int], lang: str) -> Para:
    return Para(t("report.sector.verdict_line", lang, verdict=t(f"report.sector.verdict.{verdict}", lang),
                  warning=counts["warning"], neutral=counts["neutral"], supportive=counts["supportive"],
                  unavailable=counts["unavailable"]), VERDICT_TONE[verdict])


def demo_note(demo: bool, lang: str) -> list[Para]:
    return [Para(t("report.sector.demo_note", lang), "missing")] if demo else []


def freshness_text(p: Pillar, lang: str) -> str:
    """``current (12 days)``, ``stale: 340 days > 31``, ``demo inputs``, ``no data`` — or ``—`` when the
    view was saved before freshness was assessed."""
    f = p.freshness
    if f is None:
        return "—"
    if f.state in ("current", "stale"):
        return t(f"sector.freshness.{f.state}", lang, end=f.end, age=f.age_days, limit=f.max_age_days)
    return t(f"sector.freshness.{f.state}", lang)


def pillar_table(pillars: tuple[Pillar, ...], lang: str) -> Table:
    rows = [[t(f"report.pillar.{p.id}", lang), t(f"report.status.{p.status}", lang), p.finding.render(lang), p.vintage,
             freshness_text(p, lang)] for p in pillars]
    return Table([t("report.col.pillar", lang), t("report.col.status", lang), t("report.col.finding", lang),
                  t("report.col.vintage", lang), t("sector.col.freshness", lang)], rows, align=["l", "l", "l", "l", "l"])


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
    """The sector context inside a due-diligence report.

    Only when the view rests on real data of stated vintage (:attr:`SectorContext.shows_verdict`):
    the verdict, the vintage of its evidence and the as-of date, the pillar table with each pillar's
    freshness, the caveats and the charts.  Otherwise one line says why (demo inputs, data older than
    their limits, a view saved without vintages) and no verdict banner is shown (issue #17)."""
    if not c.shows_verdict:
        reason = c.hidden_reason()
        return [Para(reason.render(lang) if reason is not None else t("sector.context.no_vintage", lang), "note")]
    blocks: list[Any] = [verdict_para(c.verdict, c.counts(), lang),
                         Para(t("sector.context.vintage", lang, vintage=c.evidence_vintage, as_of=c.as_of or "—"), "note"),
                         pillar_table(c.pillars, lang)]
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
    if o.status == "skipped" and o.note is not None:
        return Para(o.note.render(lang), "note")
    return None


def refs_text(refs: Sequence[str], lang: str) -> str:
    """The figures a claim points at: driver evidence ids as they are (``T1``), pillars by name."""
    names = [t(f"report.pillar.{r}", lang) if has_key(f"report.pillar.{r}") else t(f"sector.ref.{r}", lang)
             if has_key(f"sector.ref.{r}") else r for r in refs]
    return t("sector.strategy.refs", lang, refs=list_separator(lang).join(names))


# ------------------------------------------------------------------------------------ sections
def _pillar_section(p: Pillar, L: str) -> Section:
    ps = Section(f"pillar-{p.id}", t(f"report.pillar.{p.id}", L))
    ps.add(Para(t("report.sector.status_line", L, status=t(f"report.status.{p.status}", L)),
                "missing" if p.status == "unavailable" else "text"))
    if p.reading and p.reading != p.status:
        ps.add(Para(t("sector.reading", L, status=t(f"report.status.{p.reading}", L)), "note"))
    ps.add(Para(p.finding.render(L)))
    if p.evidence:
        ps.add(Table([t("report.col.evidence", L), t("report.col.value", L), t("report.col.unit", L), t("report.col.source", L),
                      t("report.col.date", L)],
                     [[t(e.label, L), evidence_value(e, L), evidence_unit(e, L), source_text(e.source, L), e.date]
                      for e in p.evidence],
                     align=["l", "r", "l", "l", "l"]))
    ps.add(KeyValues([(t("report.col.vintage", L), p.vintage), (t("sector.col.freshness", L), freshness_text(p, L))]))
    ps.add(Para(t("report.sector.caveats", L)))
    ps.add(Bullets([t(c, L) for c in p.caveats]))
    return ps


def _index_section(view: SectorView, L: str) -> Section | None:
    idx = view.index
    if idx is None:
        return None
    s = Section("index", t("sector.index.title", L))
    s.add(Para(t("sector.index.construction", L, base=fmt.num(idx.base, 0), rebalances=idx.rebalances,
                 start=idx.start, end=idx.end, n=len(idx.level))))
    s.add(Table([t("sector.col.ticker", L), t("sector.col.name", L), t("sector.col.segment", L), t("report.col.start", L),
                 t("report.col.end", L), t("sector.col.runs", L), t("sector.col.splits", L)],
                [[c.ticker, c.name, t(f"sector.segment.{c.segment}", L), c.start, c.end, str(len(c.runs)), str(len(c.splits))]
                 for c in idx.components], caption=t("sector.index.members", L), align=["l", "l", "l", "l", "l", "r", "r"]))
    joins = [j for c in idx.components for j in c.joins]
    s.add(Table([t("sector.col.ticker", L), t("report.col.source", L), t("report.col.start", L), t("report.col.end", L),
                 t("sector.col.method", L), t("sector.col.overlap", L), t("sector.col.factor", L), t("sector.col.gap_days", L)],
                [[j.ticker, j.source, j.start, j.end, t(f"sector.join.{j.method}", L), str(j.overlap),
                  fmt.num(j.factor, 4), str(j.gap_days) if j.gap_days else "—"] for j in joins],
                caption=t("sector.index.joins", L), align=["l", "l", "l", "l", "l", "r", "r", "r"]))
    splits = [sp for c in idx.components for sp in c.splits]
    if splits:
        s.add(Table([t("sector.col.ticker", L), t("report.col.date", L), t("sector.col.split", L), t("report.col.source", L)],
                    [[sp.ticker, sp.date, sp.split, sp.source] for sp in splits], caption=t("sector.index.splits", L)))
    if idx.gaps:
        s.add(Table([t("report.col.start", L), t("report.col.end", L), t("sector.col.gap_days", L), t("sector.col.members", L),
                     t("sector.col.return", L)],
                    [[g.start, g.end, str(g.days), ", ".join(g.members) or "—", "—" if g.ret is None else fmt.pct(g.ret)]
                     for g in idx.gaps], caption=t("sector.index.gaps", L), align=["l", "l", "r", "l", "r"]))
    smp = view.sample
    if smp is not None:
        left = list_separator(L).join(f"{x.start} – {x.end} ({x.n})" for x in smp.left_out) or "—"
        s.add(Para(t(f"sector.index.sample_{smp.rule}", L, start=smp.start, end=smp.end, n=smp.n, left=left), "note"))
    s.add(*_ratio_blocks(view, L))
    return s


def _ratio_blocks(view: SectorView, L: str) -> list[Any]:
    r = view.ratio_series
    out: list[Any] = []
    if view.ratio is not None:
        note = _outcome_note(view.ratio, "goldmine.bubble", L)
        if note is not None:
            out.append(note)
    if r is None:
        return out
    out.append(Para(t("sector.index.ratio", L, ticker=r.ticker, lag=r.lag_days, start=str(r.series.index[0].date()),
                      end=str(r.series.index[-1].date()), n=len(r.series))))
    out.append(Table([t("sector.col.fiscal_year_end", L), t("sector.col.available", L), t("sector.col.revenue", L),
                      t("report.col.source", L)],
                     [[x.fiscal_year_end, x.available, fmt.money(x.value, "USD", L), x.source] for x in r.revenue],
                     caption=t("sector.index.revenue", L, ticker=r.ticker), align=["l", "l", "r", "l"]))
    if view.ratio is not None and view.ratio.ok:
        rep = view.ratio.value
        out.append(KeyValues([("GSADF", fmt.num(rep.stats.gsadf, 3)), (t("report.sector.cv95_gsadf", L), fmt.num(rep.cv.level("gsadf", 95), 3)),
                              (t("report.sector.episodes", L), "; ".join(f"{_iso(e.start)} – {_iso(e.end)}" for e in rep.episodes) or "—")]))
    return out


def _drivers_section(view: SectorView, L: str) -> Section | None:
    d = view.drivers
    if d is None:
        return None
    s = Section("drivers", t("sector.drivers.title", L))
    s.add(Para(t("sector.drivers.intro", L)))
    head = [t("sector.col.ref", L), t("report.col.evidence", L), t("report.col.value", L), t("report.col.unit", L),
            t("report.col.date", L), t("report.col.source", L)]
    for name, outcome in (("technology", d.technology), ("capital", d.capital)):
        s.add(Para(t(f"sector.drivers.{name}", L)))
        note = _outcome_note(outcome, "goldmine.sector", L)
        if note is not None:
            s.add(note)
            continue
        rows = [[e.id, Message(e.label, dict(e.params)).render(L),
                 evidence_value(Evidence(e.label, e.value, e.unit), L), evidence_unit(Evidence(e.label, e.value, e.unit), L),
                 e.date, e.source] for e in outcome.value.evidence()]
        s.add(Table(head, rows, align=["l", "l", "r", "l", "l", "l"]))
        if name == "technology":
            s.add(_by_country(d.technology.value, L))
        else:
            s.add(_investment(d.capital.value, L))
    s.add(Para(t("sector.drivers.policy", L)))
    s.add(Table([t("sector.col.ref", L), t("report.col.date", L), t("sector.col.jurisdiction", L), t("sector.col.kind", L),
                 t("sector.col.event", L), t("report.col.source", L)],
                [[e.id, e.date, t(f"sector.jurisdiction.{e.value}", L), t(f"sector.kind.{dict(e.params)['kind']}", L),
                  t(e.label, L), e.source] for e in d.policy.evidence()], align=["l", "l", "l", "l", "l", "l"]))
    sent = view.pillar("sentiment")
    s.add(Para(t("sector.drivers.sentiment", L, status=t(f"report.status.{sent.status}", L), freshness=freshness_text(sent, L),
                 finding=sent.finding.render(L))))
    return s


def _by_country(tech: Technology, L: str) -> Table:
    return Table([t("sector.col.year", L), *(t(f"sector.country.{place_key(c)}", L) for c in tech.countries),
                  t("sector.country.other", L)],
                 [[str(y), *(str(n) for n in counts), str(other)] for y, counts, other in tech.by_country],
                 caption=t("sector.drivers.by_country", L), align=["l"] + ["r"] * (len(tech.countries) + 1))


def _investment(cap: Capital, L: str) -> Table:
    years = sorted({y for series in cap.series for y, _ in series})
    cols = [dict(series) for series in cap.series]
    return Table([t("sector.col.year", L), *(t(f"sector.entity.{place_key(e)}", L) for e in cap.entities)],
                 [[str(y), *(fmt.money(c[y], "USD", L) if y in c else "—" for c in cols)] for y in years],
                 caption=t("sector.drivers.investment", L), align=["l"] + ["r"] * len(cap.entities))


def _strategy_section(view: SectorView, L: str) -> Section | None:
    plan = view.strategy
    if plan is None:
        return None
    s = Section("strategy", t("sector.strategy.title", L))
    s.add(Para(t("sector.strategy.intro", L), "note"))
    sep = " " if L == "en" else ""
    for side in ("favour", "warn", "note"):
        claims = plan.side(side)
        if claims:
            s.add(Para(t(SIDE_TITLE[side], L) + sep + sep.join(f"{c.message.render(L)}{refs_text(c.refs, L)}" for c in claims)))
    return s


def build(view: SectorView, lang: str) -> Document:
    L = lang
    doc = Document(lang=L, kind="sector", title=t("report.sector.title", L),
                   subtitle=t("report.sector.subtitle", L, vintage=view.data_vintage or "—"), sections=[],
                   footer=[(t("report.footer.version", L), view.goldmine_version),
                           (t("report.footer.inputs_hash", L), view.inputs_hash),
                           (t("report.footer.seed", L), str(view.seed))])
    s = Section("verdict", t("report.sector.verdict_title", L))
    s.add(verdict_para(view.verdict, view.counts(), L), *demo_note(view.demo_inputs, L),
          Para(t("sector.as_of", L, as_of=view.as_of or "—"), "note"), Para(t("report.sector.rule", L), "note"),
          pillar_table(view.pillars, L))
    doc.sections.append(s)
    for extra in (_strategy_section(view, L), _drivers_section(view, L)):
        if extra is not None:
            doc.sections.append(extra)
    for p in view.pillars:
        doc.sections.append(_pillar_section(p, L))
    index = _index_section(view, L)
    if index is not None:
        doc.sections.append(index)
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
    src.add(Para(t("sector.attribution", L), "note"))
    src.add(Para(t("report.sector.disclaimer", L), "note"))
    doc.sections.append(src)
    return doc


def _iso(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10] if text.endswith("T00:00:00") else text
