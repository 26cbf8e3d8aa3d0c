"""``goldmine deal``: at what price and on what terms (issue #14).

``goldmine deal PROFILE [--invest 5M --pre 40M | --post ...] [--instrument priced|safe|note]
[--pool 10%] [--pref 1x] [--participating] [--cap 3x] [--pro-rata] [--fund 100M] [--paths N]
[--seed S] [--json]`` — the proposed round (the profile's ``proposal`` section, options replacing
its fields) on the company's cap table, the distribution of the investor's multiple and IRR, and
the decision figures.  The command loads the profile, builds
:class:`~goldmine.pipeline.settings.DealSettings` from ``data/settings.yaml`` (``deal``) and the
options given, calls :func:`goldmine.pipeline.deal.run_deal` and prints.  Bad input exits with code
2 and one line naming the field or option; nothing is written.  JSON keys: docs/deal.md.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, escape, lang
from goldmine.i18n import t
from goldmine.pipeline.settings import defaults as settings_defaults

if TYPE_CHECKING:
    from goldmine.pipeline.deal import DealReport

ORDER = 42
PROGRESS_FROM = 200_000
DEAL = settings_defaults("deal")
OPTIONS = {"new_money": "--invest", "round_size": "--round-size", "pre_money": "--pre", "post_money": "--post",
           "instrument": "--instrument", "pool_target": "--pool", "preference.multiple": "--pref",
           "preference.type": "--participating", "preference.cap": "--cap", "pro_rata": "--pro-rata",
           "fund_size": "--fund", "discount": "--discount", "interest_rate": "--interest"}


def register(app: typer.Typer) -> None:
    app.command("deal", help=t("deal.cli.help"))(deal)


def deal(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json); its `proposal` section is the default proposal.", show_default=False)],
    invest: Annotated[str | None, typer.Option("--invest", help="The investor's cheque (new money), e.g. 5M or 3000万.", show_default=False)] = None,
    round_size: Annotated[str | None, typer.Option("--round-size", help="Total new money of the round (default: the cheque alone).", show_default=False)] = None,
    pre: Annotated[str | None, typer.Option("--pre", help="Pre-money valuation (a note's valuation cap).", show_default=False)] = None,
    post: Annotated[str | None, typer.Option("--post", help="Post-money valuation (a post-money SAFE's cap).", show_default=False)] = None,
    instrument: Annotated[str | None, typer.Option("--instrument", help="priced (preferred shares), safe (post-money SAFE) or note (default: priced).", show_default=False)] = None,
    pool: Annotated[str | None, typer.Option("--pool", help="Unissued option pool after the round, share of post-money fully diluted, e.g. 10%.", show_default=False)] = None,
    pref: Annotated[str | None, typer.Option("--pref", help="Liquidation preference multiple, e.g. 1x (default 1x).", show_default=False)] = None,
    participating: Annotated[bool | None, typer.Option("--participating/--non-participating", help="Participating preference (default: non-participating); with --cap, capped.", show_default=False)] = None,
    cap: Annotated[str | None, typer.Option("--cap", help="Cap of a participating preference, total multiple of the money, e.g. 3x.", show_default=False)] = None,
    pro_rata: Annotated[bool | None, typer.Option("--pro-rata/--no-pro-rata", help="The investor takes its pro-rata share of every later round (default: no).", show_default=False)] = None,
    fund: Annotated[str | None, typer.Option("--fund", help="The investor's fund size (the fund-returner test).", show_default=False)] = None,
    discount: Annotated[str | None, typer.Option("--discount", help="SAFE or note discount, e.g. 20% (default: data/deal.yaml terms).", show_default=False)] = None,
    interest: Annotated[str | None, typer.Option("--interest", help="Note interest a year, e.g. 6% (default: data/deal.yaml terms).", show_default=False)] = None,
    paths: Annotated[int | None, typer.Option("--paths", help=f"Monte Carlo paths, at most 10,000,000 (default {DEAL['paths']:,}: data/settings.yaml deal.paths).", min=1, max=10_000_000, show_default=False)] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=f"Seed of the simulation: same seed, same result (default {DEAL['seed']}: data/settings.yaml deal.seed).", min=0, show_default=False)] = None,
    rounding: Annotated[str | None, typer.Option("--rounding", help=f"exact, or spreadsheet: shares floored inside the iteration, price rounded up each pass (default {DEAL['rounding']}).", show_default=False)] = None,
    target_metric: Annotated[str | None, typer.Option("--target-metric", help=f"Target of the highest entry price: mean_moic, median_moic, median_irr or pooled_irr (default {DEAL['target_metric']}).", show_default=False)] = None,
    target: Annotated[str | None, typer.Option("--target", help=f"Value the target metric must reach, e.g. 3 (a multiple) or 25% (an IRR) (default {DEAL['target_value']:g}).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/deal.md).")] = False,
) -> None:
    """The proposed round's pro-forma cap table and the investor's returns: P(loss), P(>= 3x), P(>= 10x), IRR, decision figures."""
    from goldmine.io import load_profile
    from goldmine.pipeline.deal import merge_proposal, run_deal
    from goldmine.pipeline.settings import DealSettings

    settings = DealSettings.default().with_(paths=paths, seed=seed, rounding=rounding, target_metric=target_metric,
                                             target_value=_number(target, "--target"))
    startup = load_profile(profile)
    ptype: str | None = None
    if cap is not None:
        ptype = "capped"
    elif participating is not None:
        ptype = "participating" if participating else "non_participating"
    given: dict[str, Any] = {"new_money": invest, "round_size": round_size, "pre_money": pre, "post_money": post,
                             "instrument": instrument, "pool_target": pool, "preference.multiple": pref,
                             "preference.type": ptype, "preference.cap": cap, "pro_rata": pro_rata, "fund_size": fund,
                             "discount": discount, "interest_rate": _number(interest, "--interest")}
    used = {k: OPTIONS[k] for k, v in given.items() if v is not None}
    proposal = merge_proposal(startup.proposal, given, used, source=str(profile)) if used else startup.proposal
    field_paths = {k.split(".")[-1] if k.startswith("preference.") else k: v for k, v in used.items()}
    if as_json or settings.paths < PROGRESS_FROM:
        report = run_deal(startup, proposal, settings, source=str(profile), paths=field_paths)
    else:
        from rich.progress import Progress

        with Progress(console=console(), transient=True) as progress:
            task = progress.add_task(t("deal.cli.simulating", lang()), total=settings.paths)
            report = run_deal(startup, proposal, settings, source=str(profile), paths=field_paths,
                              progress=lambda n: progress.advance(task, n))
    if as_json:
        emit_json(report.to_dict())
        return
    print_report(report, startup.display_name(lang()), lang())


def _number(text: str | None, option: str) -> float | None:
    """An option's number: ``3``, ``0.25`` or ``25%``; ``None`` when not given."""
    from goldmine.errors import InputError, Problem

    if text is None:
        return None
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100.0 if raw.endswith("%") else float(raw.rstrip("xX"))
    except ValueError:
        raise InputError(None, [Problem(option, "expected.number", text)]) from None
    if not math.isfinite(value):
        raise InputError(None, [Problem(option, "expected.finite", text)])
    return value


# --------------------------------------------------------------------------- printing
def print_report(report: DealReport, name: str, L: str) -> None:
    """The rows of :mod:`goldmine.report.deal` (shared with the report's "Terms and returns") as Rich tables."""
    from rich.table import Table

    from goldmine.report import deal as rows

    a = report.analysis
    c = console()
    tb = Table(title=t("deal.cli.title", L, name=name), title_justify="left")
    tb.add_column(t("deal.cli.item", L))
    tb.add_column(t("deal.cli.value", L), justify="right")
    for label, value in rows.term_rows(a, L):
        tb.add_row(escape(label), escape(value))
    c.print(tb)

    rt = Table(title=t("deal.cli.returns_title", L, n=f"{a.simulated.paths:,}", seed=a.simulated.seed), title_justify="left")
    rt.add_column(t("deal.cli.item", L))
    rt.add_column(t("deal.cli.without_pro_rata", L), justify="right")
    rt.add_column(t("deal.cli.with_pro_rata", L), justify="right")
    for row in rows.return_rows(a, L):
        rt.add_row(*map(escape, row))
    c.print(rt)

    ct = Table(title=t("deal.cli.exits_title", L), title_justify="left")
    for key in rows.EXIT_COLUMNS:
        ct.add_column(t(f"deal.col.{key}", L), justify="left" if key == "rounds" else "right")
    for row in rows.exit_rows(a, L):
        ct.add_row(*map(escape, row))
    c.print(ct)

    money = rows.money_of(a.currency, L)
    curve = a.payout_curve
    bt = Table(title=t("deal.cli.breakpoints_title", L), title_justify="left")
    bt.add_column(t("deal.col.exit_value", L), justify="right")
    for k in curve.by_class:
        bt.add_column(escape(k), justify="right")
    for i, x in enumerate(curve.breakpoints[:15]):
        bt.add_row(money(x), *[money(v[i]) for v in curve.by_class.values()])
    c.print(bt)

    sens = rows.sensitivity_rows(a, L)
    if sens is not None:
        header, body = sens
        st = Table(title=t("deal.cli.sensitivity_title", L), title_justify="left")
        for h in header:
            st.add_column(escape(h), justify="right")
        for row in body:
            st.add_row(*map(escape, row))
        c.print(st)

    for line in rows.notes(a, L):
        c.print(escape(line))
    for reason in a.reasons:
        c.print(escape(reason.render(L)))
    for note in a.assumptions:
        c.print(f"[dim]{escape(note.render(L))}[/]")
