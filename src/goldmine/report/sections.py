"""Section builders of the due-diligence report, one per analysis.

Each builder reads the analysis's ``to_dict()`` through the keys its docs define (``docs/<area>.md``)
and adds blocks to a :class:`~goldmine.report.document.Section`.  Numbers are printed with
:mod:`goldmine.report.fmt`.  A key the analysis does not provide prints as an em dash, never as a
made-up value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n import has_key, t, unit_label
from goldmine.pipeline.outcome import dig
from goldmine.report import charts, fmt
from goldmine.report.document import Bullets, Figure, KeyValues, Para, Section, Table

DIMENSIONS = ("technical", "market", "capital", "legal", "social")


@dataclass
class Ctx:
    lang: str
    currency: str
    company: dict[str, Any] = field(default_factory=dict)
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


def local(item: dict[str, Any], key: str, lang: str) -> str | None:
    """A bilingual field of an analysis's output: ``key_zh``/``key_en``, ``{key: {en, zh}}`` or ``key``."""
    v = item.get(f"{key}_{lang}")
    if v is None:
        v = item.get(key)
    if isinstance(v, dict):
        v = v.get(lang) or v.get("en")
    return None if v is None else str(v)


def sources_of(name: str, data: dict[str, Any]) -> list[str]:
    """Sources an analysis cites in its output (``source`` fields anywhere, de-duplicated)."""
    found: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("source", "sources") and isinstance(v, str) and v and v not in found:
                    found.append(v)
                elif k == "sources" and isinstance(v, list):
                    for s in v:
                        if isinstance(s, str) and s not in found:
                            found.append(s)
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    return found


# ------------------------------------------------------------------------------------- risk (#3)
def risk(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys (docs/risk.md): overall.{score, rating, confidence, missing}, dimensions.<d>.{score, rating,
    drivers, indicators[]{name, value, unit, score, source, explanation}}, matrix.cells[]."""
    L = ctx.lang
    ov = data.get("overall") or {}
    rating = ov.get("rating")
    s.add(KeyValues([
        (t("report.risk.overall", L), fmt.num(ov.get("score"))),
        (t("report.risk.rating", L), tr(f"risk.rating.{rating}", L, rating)),
        (t("report.risk.confidence", L), fmt.pct(ov.get("confidence"))),
    ]))
    dims = data.get("dimensions") or {}
    names = [d for d in DIMENSIONS if d in dims]
    if names:
        scores = [float(dig(dims, f"{d}.score") or 0) for d in names]
        labels = [charts.label(f"report.dim.{d}", L) for d in names]
        s.add(figure(ctx, "risk-radar", t("report.risk.radar", L), lambda: charts.radar(labels, scores)))
        cells = {c["dimension"]: c for c in dig(data, "matrix.cells") or []}
        rows = []
        for d in names:
            dd = dims[d]
            drivers = [tr(f"risk.ind.{n}", L, n) for n in dd.get("drivers") or []]
            cell = cells.get(d)
            lxi = f"{cell['likelihood']} × {cell['impact']} = {cell['severity']}" if cell else "—"
            rows.append([t(f"report.dim.{d}", L), fmt.num(dd.get("score")), tr(f"risk.rating.{dd.get('rating')}", L, dd.get("rating")),
                         lxi, "; ".join(drivers) or "—"])
        s.add(Table([t("report.col.dimension", L), t("report.col.score", L), t("report.risk.rating", L), t("report.risk.matrix", L),
                     t("report.col.drivers", L)], rows, caption=t("report.risk.table", L), align=["l", "r", "l", "l", "l"]))
        ind_rows = []
        for d in names:
            for i in dims[d].get("indicators") or []:
                ind_rows.append([t(f"report.dim.{d}", L), tr(f"risk.ind.{i.get('name')}", L, i.get("name")),
                                 indicator_value(i.get("value"), L), unit_label(i.get("unit"), L), fmt.num(i.get("score")),
                                 str(i.get("explanation") or "")])
        if ind_rows:
            s.add(Table([t("report.col.dimension", L), t("report.col.indicator", L), t("report.col.value", L),
                         t("report.col.unit", L), t("report.col.score", L), t("report.col.explanation", L)], ind_rows,
                        caption=t("report.risk.indicators", L), align=["l", "l", "r", "l", "r", "l"]))
    missing = ov.get("missing") or []
    if missing:
        s.add(Para(t("report.risk.missing_inputs", L, fields=", ".join(map(str, missing))), "note"))


def indicator_value(v: Any, L: str) -> str:
    """An indicator's value: numbers as numbers, categories (``fine_tuned_open``) as words in ``L``."""
    if isinstance(v, str):
        if "+" in v:  # a combination such as education+minors
            return ("、" if L == "zh" else " + ").join(indicator_value(part, L) for part in v.split("+"))
        for key in (f"report.value.{v}", f"vertical.{v}"):
            if has_key(key):
                return t(key, L)
        return v.replace("_", " ")
    return fmt.text(v)


def mitigations(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys: mitigations[]{id, dimension, title, actions[], triggered_by[], priority, source}."""
    L = ctx.lang
    items = data.get("mitigations") or []
    if not items:
        s.add(Para(t("report.mitigations.none", L)))
        return
    rows = []
    for m in items:
        actions = m.get("actions") or []
        dim = m.get("dimension")
        rows.append([tr(f"report.dim.{dim}", L, dim), str(m.get("title") or m.get("id")),
                     " ".join(f"({k}) {a}" for k, a in enumerate(actions, start=1)) if isinstance(actions, list) else str(actions),
                     ", ".join(tr(f"risk.ind.{x}", L, x) for x in m.get("triggered_by") or []), fmt.num(m.get("priority"), 0)])
    s.add(Table([t("report.col.dimension", L), t("report.col.strategy", L), t("report.col.actions", L), t("report.col.triggered_by", L),
                 t("report.col.priority", L)], rows, align=["l", "l", "l", "l", "r"]))


def compliance(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys: compliance[]{id, title, applies, status, gap, action, law, source, missing[]}."""
    L = ctx.lang
    items = data.get("compliance") or []
    if not items:
        s.add(Para(t("report.compliance.none", L)))
        return
    rows = []
    for c in items:
        applies = c.get("applies")
        rows.append([str(c.get("title") or c.get("id")), t("report.yes", L) if applies else t("report.no", L) if applies is False else "—",
                     tr(f"risk.status.{c.get('status')}", L, c.get("status")), str(c.get("gap") or "—"), str(c.get("action") or "—")])
    s.add(Table([t("report.col.item", L), t("report.col.applies", L), t("report.col.status", L), t("report.col.gap", L),
                 t("report.col.action", L)], rows, align=["l", "l", "l", "l", "l"]))


# --------------------------------------------------------------------------- market, runway (#4)
MODEL_ORDER = ("bass", "logistic", "exp")


def market(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys: size{tam, sam, som, sam_share, som_share}, history{dates, values}, models.<m>.{fit, forecast},
    holdout{best, scores[]}, cagr, cagr_source, horizon, demand_unit."""
    L = ctx.lang
    size = data.get("size") or {}
    unit = data.get("demand_unit") or ""
    items = [("TAM", ctx.money(size.get("tam"))), ("SAM", ctx.money(size.get("sam"))), ("SOM", ctx.money(size.get("som"))),
             (t("report.market.sam_share", L), fmt.pct(size.get("sam_share"))), (t("report.market.som_share", L), fmt.pct(size.get("som_share"))),
             (t("report.market.cagr", L), fmt.pct(data.get("cagr")) + (f" ({t('report.market.cagr_' + data['cagr_source'], L)})" if data.get("cagr_source") else ""))]
    s.add(KeyValues(items))
    models = data.get("models") or {}
    hist = data.get("history")
    if not models or not hist:
        s.add(Para(t("report.market.no_history", L), "missing"))
        return
    s.add(Para(t("report.market.intro", L, unit=unit or "—", h=data.get("horizon"))))
    ho = data.get("holdout")
    best = ho.get("best") if ho else None
    shown = best if best in models else next(iter(models))
    fc = models[shown]["forecast"]
    hx = _dates(hist["dates"])
    fx = _dates(fc["dates"])
    series = {charts.label("report.chart.history", L): hist["values"]}
    lvl = fmt.pct((fc.get("interval") or {}).get("level"), 0)

    def draw() -> Any:
        fig = charts.lines(hx + fx, series, charts.label("report.chart.month", L), unit or charts.label("report.chart.demand", L))
        ax = fig.axes[0]
        for i, name in enumerate(m for m in MODEL_ORDER if m in models):
            f = models[name]["forecast"]
            ax.plot(fx, f["central"], color=charts.PALETTE[(i + 1) % len(charts.PALETTE)], linestyle="--", linewidth=1.4,
                    label=charts.label(f"report.model.{name}", L))
        ax.fill_between(fx, fc["lower"], fc["upper"], color=charts.PALETTE[0], alpha=0.15, linewidth=0,
                        label=charts.label("report.chart.interval_of", L, model=charts.label(f"report.model.{shown}", L), level=lvl))
        ax.legend(loc="best", fontsize=8)
        return fig

    caption = (t("report.market.chart", L, h=data.get("horizon"), level=lvl) if best
               else t("report.market.chart_one", L, h=data.get("horizon"), level=lvl, model=t(f"report.model.{shown}", L)))
    s.add(figure(ctx, "market-forecast", caption, draw))
    rows = []
    for name in (m for m in MODEL_ORDER if m in models):
        fit, f = models[name]["fit"], models[name]["forecast"]
        score = next((x for x in (ho or {}).get("scores", []) if x.get("model") == name), {})
        rows.append([t(f"report.model.{name}", L), fmt.num(fit.get("ceiling"), 0) if fit.get("has_ceiling") else t("report.market.no_ceiling", L),
                     fmt.num(f["central"][-1], 1), f"{fmt.num(f['lower'][-1], 1)} – {fmt.num(f['upper'][-1], 1)}",
                     fmt.num(fit.get("rmse"), 3), fmt.num(score.get("rmse"), 3) if score else "—",
                     f"{fit.get('starts_agree')}/{fit.get('starts')}"])
    s.add(Table([t("report.col.model", L), t("report.market.col.ceiling", L), t("report.market.col.end", L, h=data.get("horizon")),
                 t("report.market.col.interval", L, level=lvl), t("report.market.col.rmse_in", L), t("report.market.col.rmse_out", L),
                 t("report.market.col.starts", L)], rows, align=["l", "r", "r", "r", "r", "r", "r"]))
    if best:
        s.add(Para(t("report.market.best", L, model=t(f"report.model.{best}", L), n=len(ho.get("test_dates") or [])), "note"))


def _dates(xs: list[str]) -> list[Any]:
    import pandas as pd

    return list(pd.to_datetime(xs))


def stage_label(stage: Any, L: str) -> str:
    """A stage id of the finance engine (``series_c``) in the reader's language, never the raw id."""
    if not stage:
        return "—"
    for key in (f"finance.next_stage.{stage}", f"stage.{stage}"):
        if has_key(key):
            return t(key, L)
    return str(stage).replace("_", " ")


def _yes_no(value: Any, L: str) -> str:
    """yes / no, and an em dash when the engine could not decide (``None``), never a silent "no"."""
    return "—" if value is None else t("report.yes", L) if value else t("report.no", L)


def runway_months(value: Any, horizon: Any, L: str) -> str:
    """A runway percentile; ``None`` means the cash lasts beyond the horizon."""
    if value is None:
        return t("report.runway.beyond", L, h=horizon)
    return fmt.months(value)


def runway(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys (docs/finance.md): p_cash_out, p_cash_out_no_round, runway_months.p5..p95, runway_deterministic_months,
    months_to_profitability, default_alive, funding_need, next_round{...}, monte_carlo{n_paths, seed, fan{month, p5..p95}}."""
    L = ctx.lang
    h = data.get("horizon_months")
    mc = data.get("monte_carlo") or {}
    nr = data.get("next_round") or {}
    items = [(t("report.runway.p_cash_out", L), fmt.pct(data.get("p_cash_out"))),
             (t("report.runway.p_cash_out_no_round", L), fmt.pct(data.get("p_cash_out_no_round"))),
             (t("report.runway.deterministic", L), runway_months(data.get("runway_deterministic_months"), h, L)),
             (t("report.runway.default_alive", L), _yes_no(data.get("default_alive"), L)),
             (t("report.runway.profitability", L), fmt.text(data.get("months_to_profitability"))),
             (t("report.runway.funding_need", L), ctx.money(data.get("funding_need"))),
             (t("report.runway.next_round", L), t("report.runway.next_round_text", L, stage=stage_label(nr.get("next_stage"), L),
                                                  p=fmt.pct(nr.get("probability")), gap=fmt.num(nr.get("median_gap_months"), 0),
                                                  amount=ctx.money(nr.get("median_amount"))))]
    s.add(KeyValues(items))
    rm = data.get("runway_months") or {}
    if rm:
        s.add(Table([t("report.col.percentile", L)] + [k.lstrip("p") for k in rm],
                    [[t("report.runway.months_row", L)] + [runway_months(v, h, L) for v in rm.values()]],
                    caption=t("report.runway.percentiles", L, n=f"{mc.get('n_paths', 0):,}", seed=mc.get("seed"))))
    fan = mc.get("fan") or {}
    if fan.get("month") and all(k in fan for k in ("p5", "p25", "p50", "p75", "p95")):
        months = fan["month"]
        div, ylabel = charts.money_axis(fan["p95"] + fan["p5"], ctx.currency, L)
        sc = lambda xs: [x / div for x in xs]  # noqa: E731
        s.add(figure(ctx, "runway-fan", t("report.runway.fan", L, n=f"{mc.get('n_paths', 0):,}"),
                     lambda: charts.fan(months, [(sc(fan["p5"]), sc(fan["p95"])), (sc(fan["p25"]), sc(fan["p75"]))], sc(fan["p50"]),
                                        charts.label("report.chart.months", L), ylabel,
                                        band_labels=[charts.label("report.chart.band", L, lo=5, hi=95), charts.label("report.chart.band", L, lo=25, hi=75)],
                                        median_label=charts.label("report.chart.median", L))))


# ------------------------------------------------------------------------------ financing (#5)
def captable(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys (docs/financing.md): steps[]{name, date, instrument, money_raised, price, pre_money, post_money,
    pool_increase, dilution}, ownership_path{labels, holders{holder: [fraction per step]}}, total_raised."""
    L = ctx.lang
    steps = data.get("steps") or []
    rows = [[str(st.get("name")), str(st.get("date")), tr(f"report.instrument.{st.get('instrument')}", L, st.get("instrument")),
             ctx.money(st.get("money_raised")), fmt.num(st.get("price"), 4), ctx.money(st.get("pre_money")), ctx.money(st.get("post_money")),
             f"{st.get('pool_increase') or 0:,}", fmt.pct(st.get("dilution"), 2)] for st in steps]
    s.add(Table([t("report.col.round", L), t("report.col.date", L), t("report.col.instrument", L), t("report.col.amount", L),
                 t("report.col.price", L), t("report.col.pre", L), t("report.col.post", L), t("report.col.pool_increase", L),
                 t("report.col.dilution", L)], rows, caption=t("report.captable.rounds", L, method=tr(f"financing.method.{dig(data, 'settings.method')}", L,
                                                                 dig(data, "settings.method"))),
                align=["l", "l", "l", "r", "r", "r", "r", "r", "r"]))
    path = data.get("ownership_path") or {}
    labels, holders = path.get("labels") or [], path.get("holders") or {}
    if labels and holders:
        pool = "Unissued option pool"
        names = {h: (t("report.captable.pool", L) if h == pool else h) for h in holders}
        labels = [t("report.captable.start", L) if x == "start" else str(x) for x in labels]
        s.add(Table([t("report.col.holder", L)] + labels,
                    [[names[h]] + [fmt.pct(v, 2) for v in vals] for h, vals in holders.items()],
                    caption=t("report.captable.path", L)))
        chart_names = {h: (charts.label("report.captable.pool", L) if h == pool else h) for h in holders}
        s.add(figure(ctx, "captable-path", t("report.captable.chart", L),
                     lambda: charts.stacked([charts.label("report.captable.start", L) if x == "start" else str(x) for x in path["labels"]],
                                            {chart_names[h]: v for h, v in holders.items()},
                                            charts.label("report.chart.ownership", L))))
    for note in data.get("assumptions") or []:
        s.add(Para(str(note), "note"))
    rec = [r for r in data.get("reconciliation") or [] if r.get("difference")]
    if rec:
        s.add(Para(t("report.captable.reconcile", L, items="; ".join(f"{r['series']}: {r['difference']:+,}" for r in rec)), "note"))


def waterfall(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys: multiples[], waterfalls[]{exit_value, by_holder{holder: amount}, decisions{class: decision}}."""
    L = ctx.lang
    ws = data.get("waterfalls") or []
    mult = data.get("multiples") or [None] * len(ws)
    if not ws:
        s.add(Para(t("report.waterfall.none", L), "missing"))
        return
    holders: list[str] = []
    for w in ws:
        for h in w.get("by_holder") or {}:
            if h not in holders:
                holders.append(h)
    head = [t("report.col.holder", L)] + [f"{ctx.money(w['exit_value'])} ({fmt.num(m, 1)}×)" if m is not None else ctx.money(w["exit_value"])
                                         for w, m in zip(ws, mult, strict=False)]
    rows = []
    for h in holders:
        row = [h]
        for w in ws:
            v = (w.get("by_holder") or {}).get(h, 0.0)
            share = v / w["exit_value"] if w.get("exit_value") else None
            row.append(f"{ctx.money(v)} ({fmt.pct(share)})")
        rows.append(row)
    rows.append([t("report.col.total", L)] + [ctx.money(sum((w.get("by_holder") or {}).values())) for w in ws])
    s.add(Table(head, rows, caption=t("report.waterfall.table", L, multiples=" / ".join(fmt.num(m, 1) for m in mult if m is not None))))
    cats = [f"{fmt.num(m, 1)}×" if m is not None else ctx.money(w["exit_value"]) for w, m in zip(ws, mult, strict=False)]
    div, ylabel = charts.money_axis([v for w in ws for v in (w.get("by_holder") or {}).values()], ctx.currency, L)
    groups = {h: [((w.get("by_holder") or {}).get(h, 0.0)) / div for w in ws] for h in holders}
    s.add(figure(ctx, "waterfall", t("report.waterfall.chart", L),
                 lambda: charts.grouped(cats, groups, ylabel)))
    dec = []
    for w in ws:
        d = ", ".join(f"{class_label(k, L)}: {tr('financing.decision.' + str(v), L, v)}" for k, v in (w.get("decisions") or {}).items())
        dec.append(f"{ctx.money(w['exit_value'])}: {d}")
    s.add(Para(t("report.waterfall.decisions", L)))
    s.add(Bullets(dec))


def class_label(name: str, L: str) -> str:
    """The financing engine's generated share-class names (``Common``, ``Options``, ``Warrants``) in the
    reader's language; series named in the profile (``Series A Preferred``) stay as written."""
    key = f"report.class.{name}"
    return t(key, L) if has_key(key) else str(name)


# ------------------------------------------------------------------------------ valuation (#6)
def valuation(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    """Keys (docs/valuation.md): methods[]{name, value, low, high, weight, applicable, reason}, synthesis{value, low,
    high}, football_field[], sensitivity{dcf{discount_rates, terminal_growth, values}, market{multiples, revenues, values}}."""
    L = ctx.lang
    methods = data.get("methods") or []
    rows = []
    skipped = []
    for m in methods:
        name = tr(f"valuation.method.{m.get('name')}", L, m.get("name"))
        if m.get("applicable", True):
            rows.append([name, ctx.money(m.get("value")), ctx.money(m.get("low")), ctx.money(m.get("high")), fmt.pct(m.get("weight"))])
        else:
            # the weight column holds weights only; why a method does not apply is said below the table
            reason = m.get("reason")
            rows.append([name, t("report.valuation.not_applicable", L), "—", "—", fmt.pct(m.get("weight") or 0.0)])
            skipped.append((name, tr(str(reason), L, reason) if reason else ""))
    syn = data.get("synthesis") or {}
    rows.append([t("report.valuation.synthesis", L), ctx.money(syn.get("value")), ctx.money(syn.get("low")), ctx.money(syn.get("high")), "100.0%"])
    s.add(Table([t("report.col.method", L), t("report.col.value", L), t("report.col.low", L), t("report.col.high", L), t("report.col.weight", L)],
                rows, align=["l", "r", "r", "r", "r"]))
    if skipped:
        by_reason: dict[str, list[str]] = {}
        for name, reason in skipped:
            by_reason.setdefault(reason, []).append(name)
        sep, colon = ("、", "：") if L == "zh" else (", ", ": ")
        items = [sep.join(names) + (colon + reason if reason else "") for reason, names in by_reason.items()]
        s.add(Para(t("report.valuation.skipped", L, items=("；" if L == "zh" else "; ").join(items)), "note"))
    ff = data.get("football_field") or []
    post = ctx.company.get("last_post_money")
    if ff:
        names = [charts.label(f"valuation.method.{f['name']}", L) if has_key(f"valuation.method.{f['name']}") and charts.chart_lang(L) == L
                 else str(f["name"]) for f in ff]
        div, xlabel = charts.money_axis([f.get("high") for f in ff] + [post], ctx.currency, L)
        s.add(figure(ctx, "football-field", t("report.valuation.football", L),
                     lambda: charts.football(names, [f["low"] / div for f in ff], [f["high"] / div for f in ff],
                                             [None if f.get("value") is None else f["value"] / div for f in ff],
                                             xlabel, marker=None if post is None else post / div,
                                             marker_label=charts.label("report.chart.last_post", L),
                                             band=None if syn.get("low") is None else (syn["low"] / div, syn["high"] / div))))
    sens = data.get("sensitivity") or {}
    dcf = sens.get("dcf") or {}
    if dcf.get("values"):
        s.add(Table([t("report.valuation.dr_tg", L)] + [fmt.pct(g) for g in dcf["terminal_growth"]],
                    [[fmt.pct(r)] + [ctx.money(v) for v in row] for r, row in zip(dcf["discount_rates"], dcf["values"], strict=False)],
                    caption=t("report.valuation.sens_dcf", L)))
    mk = sens.get("market") or {}
    if mk.get("values"):
        s.add(Table([t("report.valuation.mult_rev", L)] + [ctx.money(r) for r in mk["revenues"]],
                    [[f"{fmt.num(m, 1)}×"] + [ctx.money(v) for v in row] for m, row in zip(mk["multiples"], mk["values"], strict=False)],
                    caption=t("report.valuation.sens_market", L)))


def sector(data: dict[str, Any], s: Section, ctx: Ctx) -> None:
    from goldmine.report.sector import context_blocks

    s.add(*context_blocks(data, ctx.lang))


__all__ = ["Ctx", "Bullets", "figure", "sources_of"]
