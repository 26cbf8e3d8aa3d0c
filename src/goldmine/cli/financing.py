"""``goldmine captable``, ``goldmine waterfall`` and ``goldmine routes`` (issue #5).

* ``goldmine captable PLAN.yaml [--json] [--ocf-out DIR]`` — the cap table after each event of a
  financing plan (one table per round); also reads an OCF package (its manifest JSON) and writes
  one with ``--ocf-out``.
* ``goldmine waterfall PLAN.yaml --exit AMOUNT [--exit AMOUNT ...] [--json]`` — who gets what at
  one or several exit values (default: the plan's ``exits``).
* ``goldmine routes PROFILE.yaml [--json]`` — the seed's financing routes compared for the
  profile's stage (seed 003 §6.1).

Plan format and JSON keys: docs/financing.md.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, escape, lang
from goldmine.i18n import format_money, format_pct, label, t

if TYPE_CHECKING:
    from goldmine.financing import CapTable, Plan, PlanResult

ORDER = 40


def register(app: typer.Typer) -> None:
    app.command("captable", help=t("financing.cli.captable.help"))(captable)
    app.command("waterfall", help=t("financing.cli.waterfall.help"))(waterfall)
    app.command("routes", help=t("financing.cli.routes.help"))(routes)


# --------------------------------------------------------------------------- helpers
def _load_plan(path: Path) -> Plan:
    """A plan file, or a startup profile turned into a plan; the assumptions made are printed as warnings."""
    from goldmine.cli.common import err_console
    from goldmine.io.plans import load_plan_or_profile

    plan, notes = load_plan_or_profile(path)
    L = lang()
    for note in notes:
        err_console().print(f"[yellow]{label('warn.prefix', L)}[/]{escape(str(path))}: {escape(note.render(L))}")
    return plan


def _money(x: Any, currency: str, L: str, compact: bool = False) -> str:
    return "—" if x is None else format_money(float(x), currency, L, compact=compact)


def _price(x: Any, currency: str) -> str:
    from goldmine.i18n import CURRENCY_SYMBOLS

    if x is None:
        return "—"
    return f"{CURRENCY_SYMBOLS.get(currency, currency + ' ')}{float(x):,.4f}"


def _table_of(table: CapTable, title: str, currency: str, L: str, before: CapTable | None = None) -> Any:
    from rich.table import Table

    from goldmine.financing.captable import POOL

    tb = Table(title=title, title_justify="left")
    for key, right in (("holder", False), ("shares", True), ("ownership", True), ("change", True)):
        tb.add_column(t(f"financing.col.{key}", L), justify="right" if right else "left")
    own_before = before.ownership() if before is not None else {}
    own = table.ownership()
    for holder, shares in table.by_holder().items():
        label = t("financing.pool", L) if holder == POOL else holder
        change = ""
        if before is not None:
            d = float(own[holder] - own_before.get(holder, 0))
            change = f"{d * 100:+.2f} pp" if d else "0"
        tb.add_row(escape(label), f"{shares:,}", format_pct(float(own[holder]), 2), change)
    tb.add_row(f"[bold]{t('financing.col.total', L)}[/]", f"[bold]{table.fully_diluted:,}[/]", "100.00%", "")
    return tb


# --------------------------------------------------------------------------- captable
def captable(
    plan: Annotated[Path, typer.Argument(help="Financing plan (PLAN.yaml; format in docs/financing.md), a startup profile (its cap_table and rounds), or an OCF manifest (.json) / folder.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/financing.md).")] = False,
    ocf_out: Annotated[Path | None, typer.Option("--ocf-out", help="Also write the final cap table as an Open Cap Table Format package into this folder.")] = None,
    method: Annotated[str | None, typer.Option("--method", help="Override the plan's conversion convention: percentage_ownership, pre_money or dollars_invested (default: the plan's settings.method, else data/financing.yaml defaults.conversion_method).")] = None,
) -> None:
    """Show the cap table after each round of a financing plan (exact; rounding as the plan says)."""
    from goldmine.financing import ocf
    from goldmine.io.plans import is_ocf, load_ocf, write_ocf
    from goldmine.pipeline.financing import exit_date, run_captable

    L = lang()
    if is_ocf(plan):
        snapshot = load_ocf(plan)
        if ocf_out is not None:
            write_ocf(ocf.to_ocf(snapshot.table, issuer=snapshot.issuer, currency=snapshot.currency, as_of=snapshot.as_of), ocf_out)
        if as_json:
            emit_json(snapshot.to_dict())
            return
        console().print(_table_of(snapshot.table, t("financing.ocf_title", L, issuer=snapshot.issuer), snapshot.currency, L))
        return
    p = _load_plan(plan)
    result = run_captable(p, method, source=str(plan))
    if ocf_out is not None:
        write_ocf(ocf.to_ocf(result.final, issuer=p.company.name, currency=result.currency, as_of=exit_date(p)), ocf_out)
    if as_json:
        emit_json(result.to_dict())
        return
    _print_plan(result, L)
    if ocf_out is not None:
        console().print(t("financing.ocf_written", L, path=str(ocf_out)))


def _print_plan(result: PlanResult, L: str) -> None:
    c = console()
    cur = result.currency
    rd = result.settings.rounding
    shares_mode = t("financing.round_mode." + rd.shares, L)
    rounding = (t("financing.rounding_exact", L, shares=shares_mode) if rd.price_decimals is None
                else t("financing.rounding_note", L, decimals=rd.price_decimals, shares=shares_mode))
    c.print(f"[bold]{escape(result.company)}[/] — {t('financing.method.' + result.settings.method, L)}; {rounding}")
    c.print(_table_of(result.start, t("financing.start_title", L), cur, L))
    for s in result.steps:
        bits = [t(f"financing.instrument.{s.instrument}", L)]
        if s.money_raised:
            bits.append(f"{t('financing.col.raised', L)} {_money(s.money_raised, cur, L)}")
        if s.price is not None:
            bits.append(f"{t('financing.col.price', L)} {_price(s.price, cur)}")
        if s.pre_money is not None and s.instrument in ("equity", "crowdfunding"):
            bits.append(f"{t('financing.col.pre_money', L)} {_money(s.pre_money, cur, L)}")
        if s.post_money is not None:
            bits.append(f"{t('financing.col.post_money', L)} {_money(s.post_money, cur, L)}")
        if s.pool_increase:
            bits.append(f"{t('financing.col.pool_increase', L)} {s.pool_increase:,}")
        if s.implied_ownership is not None:
            bits.append(f"{t('financing.col.new_ownership', L)} {format_pct(float(s.implied_ownership), 2)}")
        if s.after.fully_diluted != s.before.fully_diluted:
            bits.append(f"{t('financing.col.dilution', L)} {format_pct(float(s.dilution), 2)}")
        if s.interest_cost:
            bits.append(f"{t('financing.col.interest', L)} {_money(s.interest_cost, cur, L)}")
        if s.cash_cost:
            bits.append(f"{t('financing.col.cash_cost', L)} {_money(s.cash_cost, cur, L)}")
        title = f"{s.index + 1}. {s.name} ({s.date.isoformat()})"
        c.print()
        c.print(f"[bold]{escape(title)}[/]: " + escape("; ".join(bits)))
        for conv in s.conversions:
            c.print("  " + escape(t("financing.conversion_line", L, name=conv.name, shares=f"{conv.shares:,}",
                                    price=_price(conv.price, cur), basis=t(f"financing.basis.{conv.basis}", L))))
        for pr in s.pro_rata:
            c.print("  " + escape(t("financing.pro_rata_line", L, holder=pr["holder"], shares=f"{pr['shares']:,}",
                                    amount=_money(pr["amount"], cur, L))))
        for note in s.notes:
            c.print(f"  [yellow]{escape(note.render(L))}[/]")
        if s.after.fully_diluted != s.before.fully_diluted or s.after.positions != s.before.positions:
            c.print(_table_of(s.after, "", cur, L, before=s.before))
        elif s.after.convertibles:
            c.print("  " + escape(t("financing.convertibles_outstanding", L, n=len(s.after.convertibles))))


# --------------------------------------------------------------------------- waterfall
def _exit_value(raw: str) -> Fraction:
    """An ``--exit`` option as an exact amount (:func:`goldmine.pipeline.financing.parse_exit`)."""
    from goldmine.pipeline.financing import parse_exit

    return parse_exit(raw)


def waterfall(
    plan: Annotated[Path, typer.Argument(help="Financing plan (PLAN.yaml) or a startup profile (its cap_table and rounds).", show_default=False)],
    exit_values: Annotated[list[str] | None, typer.Option("--exit", help="Exit value (e.g. 100M, 5亿, 250000000); repeat for several (default: the plan's exits).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/financing.md).")] = False,
) -> None:
    """Who gets what at an exit: preferences, participation, conversions solved jointly; exact."""
    from rich.table import Table

    from goldmine.pipeline.financing import run_waterfall

    L = lang()
    p = _load_plan(plan)
    res = run_waterfall(p, [_exit_value(raw) for raw in exit_values or []], source=str(plan))
    if as_json:
        emit_json(res.to_dict())
        return
    ws = res.waterfalls
    cur = res.currency
    tb = Table(title=t("financing.waterfall_title", L, company=res.company), title_justify="left")
    tb.add_column(t("financing.col.holder", L))
    for w in ws:
        tb.add_column(t("financing.col.exit_at", L, exit=_money(w.exit_value, cur, L, compact=True)), justify="right")
    holders: list[str] = []
    for w in ws:
        for h in w.by_holder():
            if h not in holders:
                holders.append(h)
    for h in holders:
        row = [escape(h)]
        for w in ws:
            v = w.by_holder().get(h, 0)
            row.append(f"{_money(v, cur, L)} ({format_pct(float(v / w.exit_value) if w.exit_value else 0, 1)})")
        tb.add_row(*row)
    tb.add_row(f"[bold]{t('financing.col.total', L)}[/]", *[f"[bold]{_money(sum(w.by_holder().values()), cur, L)}[/]" for w in ws])
    c = console()
    c.print(tb)
    for w in ws:
        colon, sep = ("：", "，") if L == "zh" else (": ", ", ")
        dec = sep.join(f"{k}{colon}{t('financing.decision.' + v, L)}" for k, v in w.decisions.items() if v not in ("common",))
        c.print(escape(f"{_money(w.exit_value, cur, L, compact=True)} — {dec}"))


# --------------------------------------------------------------------------- routes
def routes(
    profile: Annotated[Path, typer.Argument(help="Startup profile (YAML or JSON).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/financing.md).")] = False,
) -> None:
    """Compare the seed's financing routes (equity, debt, grants, VC, crowdfunding) for the profile's stage."""
    from rich.table import Table

    from goldmine.io import load_profile
    from goldmine.pipeline.financing import run_routes

    L = lang()
    s = load_profile(profile)
    cmp = run_routes(s)
    if as_json:
        emit_json(cmp.to_dict())
        return
    tb = Table(title=t("financing.routes_title", L, name=s.display_name(L), stage=t(f"stage.{s.stage.value}", L)), title_justify="left")
    for key in ("route", "cost", "dilution", "control", "speed", "fit"):
        tb.add_column(t(f"financing.col.{key}", L))
    for r in cmp.routes:
        tb.add_row(t(f"financing.route.{r.key}", L), escape(r.cost_text(L)), t(f"financing.level.{r.dilution}", L),
                   t(f"financing.level.{r.control}", L), t("financing.months", L, lo=r.speed_months[0], hi=r.speed_months[1]),
                   t(f"financing.fit.{r.fit}", L))
    console().print(tb)
    for r in cmp.routes:
        if r.reasons:
            colon, sep = ("：", "；") if L == "zh" else (": ", "; ")
            console().print(escape(t(f"financing.route.{r.key}", L) + colon + sep.join(m.render(L) for m in r.reasons)))


# --------------------------------------------------------------------------- demo
def demo_step(ctx: Any) -> None:
    """The cap-table path of the medicare-ai example (seed 003 §6.4: angel ¥1M, A ¥5M, B ¥8M)."""
    from importlib import resources

    from rich.table import Table

    from goldmine.financing.captable import POOL
    from goldmine.io.plans import load_plan
    from goldmine.pipeline.financing import run_captable, run_waterfall

    L = lang()
    path = Path(str(resources.files("goldmine") / "examples" / "plans" / "medicare-ai.plan.yaml"))
    p = load_plan(path)
    result = run_captable(p, source=path.name)
    cur = result.currency
    tb = Table(title=t("financing.demo_title", L, company=p.company.name), title_justify="left")
    tb.add_column(t("financing.col.holder", L))
    # columns: the table just before the first financing event, then after each financing event
    money_steps = [i for i, s in enumerate(result.steps) if s.money_raised]
    first = money_steps[0] if money_steps else len(result.steps)
    keep = [first] + [i + 1 for i in money_steps]
    for lab in [t("financing.start", L)] + [result.steps[i].name for i in money_steps]:
        tb.add_column(escape(lab), justify="right")
    for holder, path_ in result.ownership_path().items():
        label = t("financing.pool", L) if holder == POOL else holder
        tb.add_row(escape(label), *[format_pct(float(path_[i]), 1) for i in keep])
    tb.add_row(t("financing.col.post_money", L), "—", *[_money(result.steps[i].post_money, cur, L, compact=True) for i in money_steps])
    console().print(tb)
    ws = run_waterfall(p, [], source=path.name)
    ctx.write_json("financing", "medicare-ai-captable.json",
                   {"plan": result.to_dict(), "waterfalls": [w.to_dict() for w in ws.waterfalls]}, t("financing.demo_wrote", L))
