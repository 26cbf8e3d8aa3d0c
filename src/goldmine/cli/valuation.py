"""``goldmine value PROFILE``: every valuation method and the stage-weighted synthesis (issue #6).

Human output: one Rich table (method, value, low, high, weight, key assumption) and the
synthesis; ``--json`` prints :meth:`goldmine.valuation.Valuation.to_dict` (keys documented in
docs/valuation.md).  Both come from :func:`goldmine.pipeline.valuation.run_valuation`, the use case
``goldmine analyze`` calls too; :func:`parse_fx` reads ``--fx`` options for both commands.  The demo
step values every bundled example.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, escape, lang
from goldmine.i18n import format_money, format_pct, t

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.valuation import Comparable, FxTable, MethodResult, Valuation

ORDER = 50


def register(app: typer.Typer) -> None:
    app.command("value", help=t("valuation.cli.help"))(value_cmd)


def _load_comparables(path: Path, fx: FxTable) -> list[Comparable]:
    """The ``comparables:`` list of a YAML/JSON file, validated (errors name the file and the entry)."""
    from goldmine.config import read_mapping
    from goldmine.valuation import parse_comparables

    return parse_comparables(read_mapping(path).get("comparables"), fx, source=str(path))


def parse_fx(pairs: list[str]) -> dict[str, float]:
    """``CCY=RATE`` options (units of CCY per USD) as a mapping; InputError on a bad pair."""
    from goldmine.errors import InputError, Problem

    rates: dict[str, float] = {}
    for pair in pairs:
        ccy, _, rate = pair.partition("=")
        try:
            r = float(rate)
        except ValueError:
            r = -1.0
        code = ccy.strip()
        if not (len(code) == 3 and code.isalpha()) or not math.isfinite(r) or r <= 0:  # nan/inf: silent NaN values
            raise InputError("--fx", [Problem("", "valuation.error.fx", pair)])
        rates[code.upper()] = r
    return rates


def value_cmd(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/valuation.md).")] = False,
    comparables: Annotated[Path | None, typer.Option("--comparables", help="YAML/JSON file with `comparables:` (name, ev, revenue, currency | multiple), added to the shipped multiples (data/multiples.yaml).")] = None,
    base: Annotated[str | None, typer.Option("--base", help="Regional average pre-money for scorecard and risk-factor summation, in the profile's currency (e.g. 2.7M, 3000万); default: the anchors of the profile's country (China: the published Chinese range; others: Carta's US medians; data/valuation.yaml anchors).")] = None,
    fx: Annotated[list[str] | None, typer.Option("--fx", help="Exchange rate as CCY=UNITS_PER_USD (e.g. EUR=0.92); repeatable; adds to or replaces the shipped table (default: data/settings.yaml valuation.fx, none).")] = None,
) -> None:
    """Value a startup by eight methods and combine them with stage weights."""
    from goldmine.io import load_profile
    from goldmine.pipeline.settings import ValuationSettings
    from goldmine.pipeline.valuation import check_currency, fx_table, run_valuation

    startup = load_profile(profile)
    settings = ValuationSettings.default().with_(fx=tuple(parse_fx(fx or []).items()) or None)
    table = fx_table(settings)
    check_currency(startup, table, source=str(profile))
    comps = _load_comparables(comparables, table) if comparables else []
    result = run_valuation(startup, settings, comparables=comps, base=_base_value(base))
    if as_json:
        emit_json(result.to_dict())
        return
    print_valuation(result, startup)


def _base_value(base: str | None) -> float | None:
    """``--base`` as a finite amount > 0 (``None`` when not given)."""
    from goldmine.errors import InputError, Problem
    from goldmine.model.types import parse_amount

    if base is None:
        return None
    try:
        value = parse_amount(base)
    except ValueError:
        raise InputError("--base", [Problem("", "expected.amount", base)]) from None
    if not math.isfinite(value) or value <= 0:
        raise InputError("--base", [Problem("", "expected.positive", base)])
    return value


def _note(m: MethodResult, ccy: str, L: str) -> str:
    a = m.assumptions
    if m.name == "income" and "value_before_exclusion" in m.details:
        d = m.details
        return t(str(m.reason), L) + "; " + t("valuation.note.income_excluded", L,
                                              value=format_money(d["value_before_exclusion"], ccy, L),
                                              years=d["loss_years"], s=d["survival_n"])
    if not m.applicable:
        return t(str(m.reason), L)
    if m.name == "cost":
        return t("valuation.note.cost", L, months=a["months_operating"], share=a["capitalisable_share"])
    if m.name == "market":
        return t("valuation.note.market", L, arr=format_money(a["arr"], ccy, L), multiple=a["multiple"])
    if m.name == "income":
        return t("valuation.note.income", L, k=a["cost_of_equity"], crp=a["country_risk_premium"], g=a["growth0"],
                 s=m.details["survival_n"], d=a["illiquidity_discount"])
    if m.name == "vc_method":
        return t("valuation.note.vc_method", L, multiple=a["exit_multiple"], years=a["years"], r=a["required_return"])
    if m.name == "scorecard":
        return t("valuation.note.scorecard", L, base=format_money(a["base_premoney"], ccy, L), score=m.details["weighted_score"])
    if m.name == "berkus":
        return t("valuation.note.berkus", L, max=format_money(a["element_max"], ccy, L))
    if m.name == "risk_factor_summation":
        return t("valuation.note.risk_factor_summation", L, base=format_money(a["base_premoney"], ccy, L),
                 points=m.details["points"], per=format_money(a["per_point"], ccy, L))
    if m.name == "first_chicago":
        p = a["probabilities"]
        return t("valuation.note.first_chicago", L, p=f"{p['upside']:.0%}/{p['base']:.0%}/{p['downside']:.0%}")
    return ""


def print_valuation(result: Valuation, startup: Startup) -> None:
    from rich.table import Table

    L = lang()
    ccy = result.currency
    table = Table(title=t("valuation.table.title", L, name=startup.display_name(L), currency=ccy,
                          stage=t(f"stage.{result.stage}", L)))
    table.add_column(t("valuation.col.method", L))
    for key in ("valuation.col.value", "valuation.col.low", "valuation.col.high", "valuation.col.weight"):
        table.add_column(t(key, L), justify="right")
    table.add_column(t("valuation.col.note", L))
    for m in result.methods:
        w = m.weight
        table.add_row(t(f"valuation.method.{m.name}", L), format_money(m.value, ccy, L), format_money(m.low, ccy, L),
                      format_money(m.high, ccy, L), format_pct(w, 0) if m.applicable else "—", escape(_note(m, ccy, L)))
    s = result.synthesis
    table.add_section()
    table.add_row(f"[bold]{t('valuation.method.synthesis', L)}[/]", f"[bold]{format_money(s.value, ccy, L)}[/]",
                  format_money(s.low, ccy, L), format_money(s.high, ccy, L), "100%", "")
    c = console()
    c.print(table)
    c.print(escape(t("valuation.risk_source", L, source=t(f"valuation.risk_source.{result.risk_source}", L))))
    _anchor_note(result, startup, L)
    if result.reconciliation is not None and result.reconciliation.messages:
        c.print(f"[bold]{escape(t('valuation.reconcile.title', L))}[/]")
        c.print(escape(result.reconciliation.paragraph(L)))
    if result.as_of is not None:
        from goldmine.i18n.messages import Message

        d = result.as_of.date
        day = Message("valuation.date", {"y": d.year, "m": d.month, "d": d.day}).render(L)
        c.print(escape(t("valuation.asof.title", L, date=day)))
        if result.as_of.inferred:
            c.print(escape(t("valuation.asof.inferred", L, date=day)))
        extra = result.as_of.summary(L)
        if extra:
            c.print(escape(extra))


def _anchor_note(result: Valuation, startup: Startup, L: str) -> None:
    """Which anchors the scorecard, Berkus and risk-factor summation used (region, source, rate)."""
    ccy = result.currency
    anchored = [m for m in result.methods if m.applicable and m.name in ("scorecard", "berkus", "risk_factor_summation")]
    if not anchored:
        return
    c = console()
    if result.region != "US":
        base = next((m.assumptions for m in anchored if "base_region" in m.assumptions), None)
        ratio = next((m.assumptions.get("ratio_to_us") for m in anchored if "ratio_to_us" in m.assumptions), None)
        if base is not None and ratio is not None:
            c.print(escape(t("valuation.anchor_note_region", L, base=format_money(base["base_premoney"], ccy, L),
                             region=t(f"valuation.region.{result.region}", L), date=base.get("base_date", "—"),
                             source=base.get("base_source", "—"), ratio=ratio)))
        return
    if ccy == "USD" and startup.identity.country.upper() == "US":
        return
    user = result.fx.is_user_rate(ccy)   # not the shipped table's date
    date = "--fx" if user else result.fx.date
    key = "valuation.anchor_note_fallback" if startup.identity.country.upper() != "US" else "valuation.anchor_note"
    if ccy == "USD":
        key = "valuation.anchor_note_fallback"
    c.print(escape(t(key, L, rate=f"{result.fx.rate(ccy):g}", currency=ccy, date=date, country=startup.identity.country)))



def demo_step(ctx: Any) -> None:
    """Value every example; print one compact table; write ``valuation/valuations.json``."""

    from rich.table import Table

    from goldmine.pipeline.valuation import run_valuation

    L = lang()
    table = Table(title=t("valuation.demo.title", L))
    table.add_column(t("valuation.col.id", L))
    for key in ("valuation.col.value", "valuation.col.low", "valuation.col.high"):
        table.add_column(t(key, L), justify="right")
    table.add_column(t("valuation.col.methods", L), justify="right")
    out = {}
    for key, startup in ctx.profiles.items():
        r = run_valuation(startup)
        out[key] = r.to_dict()
        s = r.synthesis
        used = sum(1 for m in r.methods if m.applicable)
        table.add_row(key, format_money(s.value, r.currency, L), format_money(s.low, r.currency, L),
                      format_money(s.high, r.currency, L), f"{used}/{len(r.methods)}")
    console().print(table)
    ctx.write_json("valuation", "valuations.json", out, t("valuation.demo.wrote", L))
