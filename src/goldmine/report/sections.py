"""Section builders of the due-diligence report, one per analysis (issues #9, #12).

Each builder reads the attributes of its analysis's typed result (the object the analysis's own
command prints as ``--json``) and adds blocks to a :class:`~goldmine.report.document.Section`.
Numbers are printed with :mod:`goldmine.report.fmt`; text comes from the message catalogue in the
report's language.  A value the analysis could not compute prints as an em dash, never as a
made-up value.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine.i18n import has_key, t, unit_label
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Figure, KeyValues, Para, Section, Table

if TYPE_CHECKING:
    from goldmine.finance.runway import RunwayReport
    from goldmine.outcomes import OutcomeAssessment
    from goldmine.pipeline.due_diligence import CompanyFacts
    from goldmine.pipeline.financing import CapTableSection, WaterfallSection
    from goldmine.pipeline.market import MarketAnalysis
    from goldmine.risk.assess import RiskAssessment
    from goldmine.valuation import Valuation

DIMENSIONS = ("technical", "market", "capital", "legal", "social")


@dataclass
class Ctx:
    lang: str
    currency: str
    company: CompanyFacts
    figures: dict[str, Any] | None = None  # chart cache shared across languages

    def money(self, x: Any) -> str:
        return fmt.money(x, self.currency, self.lang)


def figure(ctx: Ctx, key: str, caption: str, draw: Callable[[], Any]) -> Figure:
    """A figure whose rendering is shared by the documents of one result when its chart labels
    are the same in their languages (see :func:`goldmine.report.charts.chart_lang`)."""
    if ctx.figures is None:
        return Figure(key=key, caption=caption, draw=draw)
    return Figure(key=key, caption=caption, draw=draw, cache=ctx.figures, cache_key=f"{key}:{charts.chart_lang(ctx.lang)}")


def tr(key: str, lang: str, fallback: Any) -> str:
    """``t(key)`` when the catalogue has it, else the fallback text (e.g. a name from an analysis)."""
    return t(key, lang) if has_key(key) else fmt.text(fallback)


def sources_of(result: Any) -> list[str]:
    """Sources a result cites: every ``source``/``sources`` attribute or key anywhere inside it, in order,
    de-duplicated (walks dataclasses, mappings and sequences; no JSON conversion)."""
    found: list[str] = []

    def add(v: Any) -> None:
        for s in ([v] if isinstance(v, str) else v if isinstance(v, list | tuple) else []):
            if isinstance(s, str) and s and s not in found:
                found.append(s)

    def walk(x: Any, depth: int = 0) -> None:
        if depth > 12:
            return
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            items: Iterable[tuple[str, Any]] = ((f.name, getattr(x, f.name)) for f in dataclasses.fields(x))
        elif isinstance(x, dict):
            items = ((str(k), v) for k, v in x.items())
        elif isinstance(x, list | tuple):
            for v in x:
                walk(v, depth + 1)
            return
        else:
            return
        for k, v in items:
            if k in ("source", "sources") and isinstance(v, str | list | tuple):
                add(v)
            else:
                walk(v, depth + 1)

    walk(result)
    return found


def _finite(x: Any) -> float | None:
    return None if x is None or not math.isfinite(float(x)) else float(x)


# ------------------------------------------------------------------------------------- risk (#3)
def risk(a: RiskAssessment, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    ov = a.overall
    s.add(KeyValues([
        (t("report.risk.overall", L), fmt.num(round(ov.score, 2))),
        (t("report.risk.rating", L), tr(f"risk.rating.{ov.rating}", L, ov.rating)),
        (t("report.risk.confidence", L), fmt.pct(round(ov.confidence, 4))),
    ]))
    names = [d for d in DIMENSIONS if d in a.dimensions]
    if names:
        scores = [round(float(a.dimensions[d].score), 2) for d in names]
        labels = [charts.label(f"report.dim.{d}", L) for d in names]
        s.add(figure(ctx, "risk-radar", t("report.risk.radar", L), lambda: charts.radar(labels, scores)))
        cells = {c.dimension: c for c in a.matrix.cells}
        rows = []
        for d in names:
            dd = a.dimensions[d]
            drivers = [tr(f"risk.ind.{n}", L, n) for n in dd.drivers]
            cell = cells.get(d)
            lxi = f"{cell.likelihood} × {cell.impact} = {cell.severity}" if cell else "—"
            rows.append([t(f"report.dim.{d}", L), fmt.num(round(dd.score, 2)), tr(f"risk.rating.{dd.rating}", L, dd.rating),
                         lxi, "; ".join(drivers) or "—"])
        s.add(Table([t("report.col.dimension", L), t("report.col.score", L), t("report.risk.rating", L), t("report.risk.matrix", L),
                     t("report.col.drivers", L)], rows, caption=t("report.risk.table", L), align=["l", "r", "l", "l", "l"]))
        ind_rows = []
        for d in names:
            for i in a.dimensions[d].indicators:
                ind_rows.append([t(f"report.dim.{d}", L), tr(f"risk.ind.{i.name}", L, i.name),
                                 indicator_value(i.value, L), unit_label(i.unit, L),
                                 fmt.num(None if i.score is None else round(i.score, 2)), i.explain(L)])
        if ind_rows:
            s.add(Table([t("report.col.dimension", L), t("report.col.indicator", L), t("report.col.value", L),
                         t("report.col.unit", L), t("report.col.score", L), t("report.col.explanation", L)], ind_rows,
                        caption=t("report.risk.indicators", L), align=["l", "l", "r", "l", "r", "l"]))
    if ov.missing:
        s.add(Para(t("report.risk.missing_inputs", L, fields=", ".join(map(str, ov.missing))), "note"))


def indicator_value(v: Any, L: str) -> str:
    """An indicator's value: numbers as numbers, categories (``fine_tuned_open``) as words in ``L``."""
    if isinstance(v, str):
        if "+" in v:  # a combination such as education+minors
            return ("、" if L == "zh" else " + ").join(indicator_value(part, L) for part in v.split("+"))
        for key in (f"report.value.{v}", f"vertical.{v}"):
            if has_key(key):
                return t(key, L)
        return v.replace("_", " ")
    if isinstance(v, float) and not math.isfinite(v):
        return "—"
    return fmt.text(v)


def mitigations(a: RiskAssessment, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    if not a.mitigations:
        s.add(Para(t("report.mitigations.none", L)))
        return
    rows = []
    for m in a.mitigations:
        actions = m.actions(L)
        rows.append([tr(f"report.dim.{m.dimension}", L, m.dimension), m.title(L),
                     " ".join(f"({k}) {x}" for k, x in enumerate(actions, start=1)),
                     ", ".join(tr(f"risk.ind.{x}", L, x) for x in m.triggered_by), fmt.num(round(m.priority, 2), 0)])
    s.add(Table([t("report.col.dimension", L), t("report.col.strategy", L), t("report.col.actions", L), t("report.col.triggered_by", L),
                 t("report.col.priority", L)], rows, align=["l", "l", "l", "l", "r"]))


def compliance(a: RiskAssessment, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    if not a.compliance:
        s.add(Para(t("report.compliance.none", L)))
        return
    rows = []
    for c in a.compliance:
        applies = c.applies
        rows.append([c.title(L), t("report.yes", L) if applies else t("report.no", L) if applies is False else "—",
                     tr(f"risk.status.{c.status}", L, c.status), c.gap_text(L) or "—", c.action(L) or "—"])
    s.add(Table([t("report.col.item", L), t("report.col.applies", L), t("report.col.status", L), t("report.col.gap", L),
                 t("report.col.action", L)], rows, align=["l", "l", "l", "l", "l"]))


# --------------------------------------------------------------------------- market, runway (#4)
MODEL_ORDER = ("bass", "logistic", "exp")


def market(m: MarketAnalysis, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    size = m.size
    unit = m.demand_unit or ""
    cagr = fmt.pct(m.cagr) + (f" ({t('report.market.cagr_' + m.cagr_source, L)})" if m.cagr_source else "")
    s.add(KeyValues([("TAM", ctx.money(size.tam)), ("SAM", ctx.money(size.sam)), ("SOM", ctx.money(size.som)),
                     (t("report.market.sam_share", L), fmt.pct(size.sam_share)),
                     (t("report.market.som_share", L), fmt.pct(size.som_share)), (t("report.market.cagr", L), cagr)]))
    models = [n for n in MODEL_ORDER if n in m.fits]
    if not models or m.history is None:
        s.add(Para(t("report.market.no_history", L), "missing"))
        return
    model_names = [t(f"report.model.{n}", L) for n in models]
    s.add(Para(t("report.market.intro", L, unit=unit or "—", h=m.horizon, n=len(models),
                 models=("、" if L == "zh" else ", ").join(model_names))))
    ho = m.holdout
    best = ho.best if ho is not None else None
    shown = best if best in m.fits else models[0]
    fc = m.forecasts[shown]
    hx = list(m.history.index)
    fx = _dates(fc.dates)
    series = {charts.label("report.chart.history", L): [float(v) for v in m.history.to_numpy()]}
    lvl = fmt.pct(fc.level, 0)

    def draw() -> Any:
        fig = charts.lines(hx + fx, series, charts.label("report.chart.month", L), unit or charts.label("report.chart.demand", L))
        ax = fig.axes[0]
        for i, name in enumerate(models):
            ax.plot(fx, m.forecasts[name].central, color=charts.PALETTE[(i + 1) % len(charts.PALETTE)], linestyle="--",
                    linewidth=1.4, label=charts.label(f"report.model.{name}", L))
        ax.fill_between(fx, fc.lower, fc.upper, color=charts.PALETTE[0], alpha=0.15, linewidth=0,
                        label=charts.label("report.chart.interval_of", L, model=charts.label(f"report.model.{shown}", L), level=lvl))
        ax.legend(loc="best", fontsize=8)
        return fig

    caption = (t("report.market.chart", L, h=m.horizon, level=lvl) if best
               else t("report.market.chart_one", L, h=m.horizon, level=lvl, model=t(f"report.model.{shown}", L)))
    s.add(figure(ctx, "market-forecast", caption, draw))
    scores = {x.model: x for x in ho.scores} if ho is not None else {}
    rows = []
    for name in models:
        fit, f = m.fits[name], m.forecasts[name]
        score = scores.get(name)
        rows.append([t(f"report.model.{name}", L), ceiling_text(fit, L),
                     fmt.num(f.central[-1], 1), f"{fmt.num(f.lower[-1], 1)} – {fmt.num(f.upper[-1], 1)}",
                     fmt.num(fit.rmse, 3), fmt.num(score.rmse, 3) if score else "—", f"{fit.starts_agree}/{fit.starts}"])
    s.add(Table([t("report.col.model", L), t("report.market.col.ceiling", L), t("report.market.col.end", L, h=m.horizon),
                 t("report.market.col.interval", L, level=lvl), t("report.market.col.rmse_in", L), t("report.market.col.rmse_out", L),
                 t("report.market.col.starts", L)], rows, align=["l", "r", "r", "r", "r", "r", "r"]))
    if best and ho is not None:
        s.add(Para(t("report.market.best", L, model=t(f"report.model.{best}", L), n=len(ho.test_dates)), "note"))


UNIDENTIFIED_SE = 0.5   # a ceiling whose standard error exceeds half its value is not identified (shown as such)


def ceiling_text(fit: Any, L: str) -> str:
    """A fitted ceiling, or why none is shown: no ceiling in the model, or not identified by the data
    (the fit is flat in some direction, or the ceiling's standard error is over half of it)."""
    if fit.ceiling is None:
        return t("report.market.no_ceiling", L)
    se = _ceiling_se(fit)
    if not fit.identified or (se is not None and se > UNIDENTIFIED_SE * abs(fit.ceiling)):
        return t("report.market.not_identified", L, se="—" if se is None else fmt.num(se, 0))
    return fmt.num(fit.ceiling, 0) + ("" if se is None else f" ± {fmt.num(se, 0)}")


def _ceiling_se(fit: Any) -> float | None:
    for name in ("m", "K"):
        if name in fit.std_errors:
            v = fit.std_errors[name]
            return None if v is None else float(v)
    return None


def _dates(xs: Iterable[str]) -> list[Any]:
    import pandas as pd

    return list(pd.to_datetime(list(xs)))


def stage_label(stage: str | None, L: str) -> str:
    """A stage id of the finance engine (``series_c``) in the reader's language, never the raw id."""
    if not stage:
        return "—"
    for key in (f"finance.next_stage.{stage}", f"stage.{stage}"):
        if has_key(key):
            return t(key, L)
    return str(stage).replace("_", " ")


def _yes_no(value: bool | None, L: str) -> str:
    """yes / no, and an em dash when the engine could not decide (``None``), never a silent "no"."""
    return "—" if value is None else t("report.yes", L) if value else t("report.no", L)


def runway_months(value: float | None, horizon: int, L: str) -> str:
    """A runway percentile; ``None`` (or infinite) means the cash lasts beyond the horizon."""
    v = _finite(value)
    if v is None:
        return t("report.runway.beyond", L, h=horizon)
    return fmt.months(v)


def with_se(p: float | None, se: float | None, L: str) -> str:
    """A simulated probability with its Monte Carlo standard error in percentage points: ``21.7% ± 0.3``."""
    if p is None:
        return "—"
    return fmt.pct(p) if se is None else t("report.runway.with_se", L, value=fmt.pct(p), se=f"{se * 100:.1f}")


def growth_text(g: Any, L: str) -> str:
    """Today's revenue growth of the growth model and what it rests on (history, prior, assumption)."""
    return t(f"growth.basis.{g.basis}", L, growth=fmt.pct(g.annual_now),
             weight="—" if g.weight is None else fmt.pct(g.weight, 0))


def runway(r: RunwayReport, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    p, mc, nr = r.projection, r.monte_carlo, r.next_round
    h = p.horizon_months
    next_text = t("report.runway.next_round_text", L, stage=stage_label(nr.next_stage if nr else None, L),
                  p=fmt.pct(nr.probability if nr else None), gap=fmt.num(nr.median_gap_months if nr else None, 0),
                  amount=ctx.money(nr.median_amount if nr else None))
    se = mc.standard_errors if mc else {}
    alive_paths = None if mc is None else 1.0 - mc.p_cash_out_no_round
    alive = _yes_no(p.default_alive, L) + ("" if alive_paths is None else
                                           t("report.runway.alive_share", L, share=fmt.pct(alive_paths)))
    items = [(t("report.runway.p_cash_out", L), with_se(mc.p_cash_out if mc else None, se.get("p_cash_out"), L)),
             (t("report.runway.p_cash_out_no_round", L), with_se(mc.p_cash_out_no_round if mc else None,
                                                                se.get("p_cash_out_no_round"), L)),
             (t("report.runway.deterministic", L), runway_months(p.runway_months, h, L)),
             (t("report.runway.default_alive", L), alive),
             (t("report.runway.profitability", L), fmt.text(p.months_to_profitability)),
             (t("report.runway.funding_need", L), ctx.money(p.funding_need)),
             (t("report.runway.next_round", L), next_text)]
    if r.growth is not None:
        items.insert(2, (t("report.runway.growth", L), growth_text(r.growth, L)))
    s.add(KeyValues(items))
    if mc is not None and mc.revenue_ceiling is not None:
        s.add(Para(t("report.runway.ceiling", L, som=ctx.money(12 * mc.revenue_ceiling), top=ctx.money(mc.max_monthly_revenue)),
                   "note"))
    if mc is None:
        return
    rm = mc.runway_months
    if rm:
        rse = se.get("runway_months") or {}
        s.add(Table([t("report.col.percentile", L)] + [k.lstrip("p") for k in rm],
                    [[t("report.runway.months_row", L)] + [runway_months(v, h, L) for v in rm.values()],
                     [t("report.runway.se_row", L)] + [fmt.num(rse.get(k), 2) if v is not None else "—" for k, v in rm.items()]],
                    caption=t("report.runway.percentiles", L, n=f"{mc.n_paths:,}", seed=mc.seed)))
    fan = mc.fan
    if fan.get("month") and all(k in fan for k in ("p5", "p25", "p50", "p75", "p95")):
        months = fan["month"]
        div, ylabel = charts.money_axis(list(fan["p95"]) + list(fan["p5"]), ctx.currency, L)

        def sc(xs: list[float]) -> list[float]:
            return [x / div for x in xs]

        s.add(figure(ctx, "runway-fan", t("report.runway.fan", L, n=f"{mc.n_paths:,}"),
                     lambda: charts.fan(months, [(sc(fan["p5"]), sc(fan["p95"])), (sc(fan["p25"]), sc(fan["p75"]))], sc(fan["p50"]),
                                        charts.label("report.chart.months", L), ylabel,
                                        band_labels=[charts.label("report.chart.band", L, lo=5, hi=95),
                                                     charts.label("report.chart.band", L, lo=25, hi=75)],
                                        median_label=charts.label("report.chart.median", L))))


# ------------------------------------------------------------------------------ financing (#5)
POOL = "Unissued option pool"


def captable(c: CapTableSection, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    res = c.result
    method = res.settings.method
    rows = [[st.name, st.date.isoformat(), tr(f"report.instrument.{st.instrument}", L, st.instrument),
             ctx.money(st.money_raised), fmt.num(st.price, 4), ctx.money(st.pre_money), ctx.money(st.post_money),
             f"{st.pool_increase or 0:,}", fmt.pct(st.dilution, 2)] for st in res.steps]
    s.add(Table([t("report.col.round", L), t("report.col.date", L), t("report.col.instrument", L), t("report.col.amount", L),
                 t("report.col.price", L), t("report.col.pre", L), t("report.col.post", L), t("report.col.pool_increase", L),
                 t("report.col.dilution", L)], rows,
                caption=t("report.captable.rounds", L, method=tr(f"financing.method.{method}", L, method)),
                align=["l", "l", "l", "r", "r", "r", "r", "r", "r"]))
    path = res.ownership_path()
    labels = ["start"] + [st.name for st in res.steps]
    if path:
        names = {h: (t("report.captable.pool", L) if h == POOL else h) for h in path}
        shown = [t("report.captable.start", L) if x == "start" else str(x) for x in labels]
        s.add(Table([t("report.col.holder", L)] + shown,
                    [[names[h]] + [fmt.pct(float(v), 2) for v in vals] for h, vals in path.items()],
                    caption=t("report.captable.path", L)))
        chart_names = {h: (charts.label("report.captable.pool", L) if h == POOL else h) for h in path}
        stacks = {chart_names[h]: [float(v) for v in vals] for h, vals in path.items()}
        cats = [charts.label("report.captable.start", L) if x == "start" else str(x) for x in labels]
        s.add(figure(ctx, "captable-path", t("report.captable.chart", L),
                     lambda: charts.stacked(cats, stacks, charts.label("report.chart.ownership", L))))
    for note in c.notes:
        s.add(Para(note.render(L), "note"))
    rec = [r for r in c.reconciliation if r.difference]
    if rec:
        s.add(Para(t("report.captable.reconcile", L, items="; ".join(f"{r.series}: {r.difference:+,}" for r in rec)), "note"))


def waterfall(w: WaterfallSection, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    ws = w.waterfalls
    mult: list[float | None] = list(w.multiples) or [None] * len(ws)
    if not ws:
        s.add(Para(t("report.waterfall.none", L), "missing"))
        return
    paid = [{h: float(v) for h, v in x.by_holder().items()} for x in ws]
    exits = [float(x.exit_value) for x in ws]
    holders: list[str] = []
    for by in paid:
        holders += [h for h in by if h not in holders]
    head = [t("report.col.holder", L)] + [f"{ctx.money(e)} ({fmt.num(m, 1)}×)" if m is not None else ctx.money(e)
                                         for e, m in zip(exits, mult, strict=False)]
    rows = []
    for h in holders:
        row = [h]
        for e, by in zip(exits, paid, strict=True):
            v = by.get(h, 0.0)
            row.append(f"{ctx.money(v)} ({fmt.pct(v / e if e else None)})")
        rows.append(row)
    rows.append([t("report.col.total", L)] + [ctx.money(sum(by.values())) for by in paid])
    s.add(Table(head, rows, caption=t("report.waterfall.table", L, multiples=" / ".join(fmt.num(m, 1) for m in mult if m is not None))))
    cats = [f"{fmt.num(m, 1)}×" if m is not None else ctx.money(e) for e, m in zip(exits, mult, strict=False)]
    div, ylabel = charts.money_axis([v for by in paid for v in by.values()], ctx.currency, L)
    groups = {h: [by.get(h, 0.0) / div for by in paid] for h in holders}
    s.add(figure(ctx, "waterfall", t("report.waterfall.chart", L), lambda: charts.grouped(cats, groups, ylabel)))
    dec = []
    for e, x in zip(exits, ws, strict=True):
        d = ", ".join(f"{class_label(k, L)}: {tr('financing.decision.' + str(v), L, v)}" for k, v in x.decisions.items())
        dec.append(f"{ctx.money(e)}: {d}")
    s.add(Para(t("report.waterfall.decisions", L)))
    s.add(Bullets(dec))


def class_label(name: str, L: str) -> str:
    """The financing engine's generated share-class names (``Common``, ``Options``, ``Warrants``) in the
    reader's language; series named in the profile (``Series A Preferred``) stay as written."""
    key = f"report.class.{name}"
    return t(key, L) if has_key(key) else str(name)


# ------------------------------------------------------------------------------ valuation (#6)
def valuation(v: Valuation, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    rows = []
    skipped = []
    weights = v.synthesis.weights
    for m in v.methods:
        name = tr(f"valuation.method.{m.name}", L, m.name)
        w = weights.get(m.name, 0.0)
        if m.applicable:
            rows.append([name, ctx.money(m.value), ctx.money(m.low), ctx.money(m.high), fmt.pct(w)])
        else:
            # the weight column holds weights only; why a method does not apply is said below the table
            rows.append([name, t("report.valuation.not_applicable", L), "—", "—", fmt.pct(w or 0.0)])
            skipped.append((name, tr(str(m.reason), L, m.reason) if m.reason else ""))
    syn = v.synthesis
    rows.append([t("report.valuation.synthesis", L), ctx.money(syn.value), ctx.money(syn.low), ctx.money(syn.high), "100.0%"])
    s.add(Table([t("report.col.method", L), t("report.col.value", L), t("report.col.low", L), t("report.col.high", L),
                 t("report.col.weight", L)], rows, align=["l", "r", "r", "r", "r"]))
    if skipped:
        by_reason: dict[str, list[str]] = {}
        for name, reason in skipped:
            by_reason.setdefault(reason, []).append(name)
        sep, colon = ("、", "：") if L == "zh" else (", ", ": ")
        items = [sep.join(names) + (colon + reason if reason else "") for reason, names in by_reason.items()]
        s.add(Para(t("report.valuation.skipped", L, items=("；" if L == "zh" else "; ").join(items)), "note"))
    football_field(v, s, ctx)
    sensitivity(v, s, ctx)


def football_field(v: Valuation, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    ff = v.football_field
    post = ctx.company.last_post_money
    syn = v.synthesis
    if not ff:
        return
    names = [charts.label(f"valuation.method.{f.name}", L) if has_key(f"valuation.method.{f.name}") and charts.chart_lang(L) == L
             else str(f.name) for f in ff]
    div, xlabel = charts.money_axis([f.high for f in ff] + [post], ctx.currency, L)
    band = None if syn.low is None or syn.high is None else (syn.low / div, syn.high / div)
    s.add(figure(ctx, "football-field", t("report.valuation.football", L),
                 lambda: charts.football(names, [f.low / div for f in ff], [f.high / div for f in ff],
                                         [None if f.value is None else f.value / div for f in ff],
                                         xlabel, marker=None if post is None else post / div,
                                         marker_label=charts.label("report.chart.last_post", L), band=band)))


def sensitivity(v: Valuation, s: Section, ctx: Ctx) -> None:
    L = ctx.lang
    dcf = v.sensitivity.dcf
    if dcf is not None and dcf.values:
        s.add(Table([t("report.valuation.dr_tg", L)] + [fmt.pct(g) for g in dcf.terminal_growth],
                    [[fmt.pct(r)] + [ctx.money(x) for x in row] for r, row in zip(dcf.discount_rates, dcf.values, strict=False)],
                    caption=t("report.valuation.sens_dcf", L)))
        left_out = v.method("income").details.get("variants_left_out") or {}
        if "perpetuity_growth" in left_out:   # the columns then agree: say why terminal growth does not move the value
            s.add(Para(t("report.valuation.sens_dcf_exit_only", L, why=t(str(left_out["perpetuity_growth"]), L)), "note"))
    mk = v.sensitivity.market
    if mk is not None and mk.values:
        s.add(Table([t("report.valuation.mult_rev", L)] + [ctx.money(r) for r in mk.revenues],
                    [[f"{fmt.num(m, 1)}×"] + [ctx.money(x) for x in row] for m, row in zip(mk.multiples, mk.values, strict=False)],
                    caption=t("report.valuation.sens_market", L)))


def outcome(o: OutcomeAssessment, s: Section, ctx: Ctx) -> None:
    """The outcome model's probability (or why there is none), whether the verdict uses it, and its
    model card (data, population, out-of-sample AUC against the target, limitations)."""
    L = ctx.lang
    lines = o.summary(L).splitlines()
    s.add(Para(lines[0]))
    note = o.verdict_note.render(L)
    rest = [ln.removeprefix("- ") for ln in lines[1:] if ln.strip() != note]
    if rest:
        s.add(Bullets(rest))
    s.add(Para(note, "note"))
    card = o.card.summary(L).splitlines()
    s.add(Para(card[0]))
    s.add(Bullets([ln.removeprefix("- ") for ln in card[1:]]))


__all__ = ["Ctx", "Bullets", "figure", "outcome", "sources_of"]
