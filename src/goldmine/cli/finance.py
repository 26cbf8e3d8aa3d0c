"""``goldmine runway``: cash projection, runway, default alive/dead and the Monte Carlo (issues #4, #12).

The command loads the profile (:func:`goldmine.io.load_profile`) and an optional override of
``data/finance.yaml``, builds :class:`~goldmine.pipeline.settings.RunwaySettings` from
``data/settings.yaml`` (20,000 paths, seed 20251126, 60 months) and the options given, calls
:func:`goldmine.pipeline.runway.run_runway` (the use case ``goldmine analyze`` calls too) and prints
its :class:`~goldmine.finance.RunwayReport`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goldmine.cli.common import console, emit_json, lang
from goldmine.i18n import format_money, t
from goldmine.pipeline.settings import defaults as settings_defaults

if TYPE_CHECKING:
    from rich.table import Table

    from goldmine.cli.demo import DemoContext
    from goldmine.finance import RunwayReport

ORDER = 31
PROGRESS_FROM = 200_000   # paths from which the table view shows a progress bar
RUNWAY = settings_defaults("runway")   # the defaults the help texts state (data/settings.yaml, runway)


def register(app: typer.Typer) -> None:
    app.command("runway", help=t("finance.cli.runway.help"))(runway)


def runway(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json).", show_default=False)],
    paths: Annotated[int | None, typer.Option("--paths", help=f"Monte Carlo paths, 0: deterministic projection only; at most 10,000,000 (default {RUNWAY['paths']:,}: data/settings.yaml runway.paths).", min=0, max=10_000_000, show_default=False)] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=f"Seed of the Monte Carlo: same seed, same result (default {RUNWAY['seed']}: data/settings.yaml runway.seed).", min=0, show_default=False)] = None,
    horizon: Annotated[int | None, typer.Option("--horizon", help=f"Months projected (default {RUNWAY['horizon']}: data/settings.yaml runway.horizon).", min=1, max=600, show_default=False)] = None,
    growth: Annotated[float | None, typer.Option("--growth", help="Monthly revenue growth now, e.g. 0.05 (default: from revenue_history).")] = None,
    gross_margin: Annotated[float | None, typer.Option("--gross-margin", help="Gross margin (default: the profile's, else 0.5).")] = None,
    cost_growth: Annotated[float | None, typer.Option("--cost-growth", help="Monthly growth of fixed costs (default 0).")] = None,
    hire: Annotated[list[str] | None, typer.Option("--hire", help="Planned hire MONTH:MONTHLY_COST, e.g. 3:40k (repeatable).")] = None,
    planned_round: Annotated[list[str] | None, typer.Option("--round", help="Money certain to arrive MONTH:AMOUNT, e.g. 6:2M (repeatable); turns off the random next round.")] = None,
    next_round_amount: Annotated[str | None, typer.Option("--next-round-amount", help="Median size of the next round (default: last round x median step-up).")] = None,
    p_next_round: Annotated[float | None, typer.Option("--p-next-round", help="Probability that a next round happens at all (default: Carta 2018 cohort).", min=0, max=1)] = None,
    months_between: Annotated[float | None, typer.Option("--months-between-rounds", help="Median months between rounds (default: Carta / Crunchbase).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="YAML or JSON file overriding data/finance.yaml (same shape: projection, uncertainty, rounds).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/finance.md).")] = False,
) -> None:
    """Project monthly cash, runway and funding need; simulate P(cash runs out before the next round)."""
    from goldmine.config import load_config
    from goldmine.finance import FINANCE_FILE, Assumptions, FinanceConfig, Hire, PlannedRound
    from goldmine.io import load_profile
    from goldmine.model.types import parse_amount
    from goldmine.pipeline.runway import run_runway
    from goldmine.pipeline.settings import RunwaySettings

    settings = RunwaySettings.default().with_(paths=paths, seed=seed, horizon=horizon)
    cfg = load_config(FinanceConfig, FINANCE_FILE, override=config) if config is not None else None
    startup = load_profile(profile)
    hires = tuple(Hire(m, a) for m, a in (_pair(h, "--hire", settings.horizon) for h in hire or []))
    rounds = tuple(PlannedRound(m, a) for m, a in (_pair(r, "--round", settings.horizon) for r in planned_round or []))
    amount = _amount(next_round_amount, "--next-round-amount", parse_amount) if next_round_amount else None
    assumptions = Assumptions(revenue_growth=growth, gross_margin=gross_margin, cost_growth=cost_growth, hires=hires,
                              planned_rounds=rounds, next_round_amount=amount, p_next_round=p_next_round,
                              months_between_rounds=months_between)
    if as_json or settings.paths < PROGRESS_FROM:
        report = run_runway(startup, settings, assumptions, config=cfg)
    else:
        from rich.progress import Progress

        with Progress(console=console(), transient=True) as progress:
            task = progress.add_task(t("finance.cli.simulating", lang()), total=settings.paths)
            report = run_runway(startup, settings, assumptions, lambda n: progress.advance(task, n), config=cfg)
    if as_json:
        emit_json(report.to_dict())
        return
    console().print(runway_table(report, startup.display_name(lang()), lang()))


def runway_table(report: RunwayReport, name: str, L: str) -> Table:
    from rich.table import Table

    from goldmine.finance.rounds import next_stage_label

    p, mc, nr, cur = report.projection, report.monte_carlo, report.next_round, report.currency
    table = Table(title=t("finance.cli.title", L, name=name))
    table.add_column(t("finance.cli.item", L))
    table.add_column(t("finance.cli.value", L), justify="right")
    table.add_row(t("finance.cli.cash", L), format_money(p.cash_now, cur, L))
    table.add_row(t("finance.cli.revenue_now", L), format_money(p.revenue_now, cur, L))
    table.add_row(t("finance.cli.net_burn", L), format_money(p.net_burn_now, cur, L))
    table.add_row(t("finance.cli.growth", L), f"{p.revenue_growth_now:.1%}")
    table.add_row(t("finance.cli.runway_det", L), _months(p.runway_months, p.horizon_months, L))
    table.add_row(t("finance.cli.cash_out_date", L), p.cash_out_date or "—")
    table.add_row(t("finance.cli.to_profit", L), "—" if p.months_to_profitability is None else str(p.months_to_profitability))
    status = {True: "finance.cli.alive", False: "finance.cli.dead", None: "finance.cli.undetermined"}[p.default_alive]
    table.add_row(t("finance.cli.default", L), t(status, L))
    table.add_row(t("finance.cli.need", L), format_money(p.funding_need, cur, L))
    buffer = p.assumptions_used.get("buffer_months", {}).get("value", 6)
    table.add_row(t("finance.cli.need_buffer", L, months=f"{buffer:g}"), format_money(p.funding_need_with_buffer, cur, L))
    if nr is not None:
        table.add_row(t("finance.cli.next_round", L, stage=next_stage_label(nr.next_stage, L)),
                      t("finance.cli.next_round_value", L, p=f"{nr.probability:.0%}", p_now=f"{nr.probability_now:.0%}",
                        gap=f"{nr.median_gap_months:.0f}", size=format_money(nr.median_amount, cur, L)))
    if mc is not None:
        table.add_row(t("finance.cli.p_cash_out", L), f"{mc.p_cash_out:.1%}")
        table.add_row(t("finance.cli.p_cash_out_no_round", L), f"{mc.p_cash_out_no_round:.1%}")
        r = mc.runway_months
        table.add_row(t("finance.cli.runway_pct", L),
                      " / ".join(f"{r[k]:.1f}" if r[k] is not None else f">{mc.horizon_months}" for k in ("p5", "p25", "p50", "p75", "p95")))
    return table


def _months(value: float, horizon: int, L: str) -> str:
    if not math.isfinite(value):
        return t("finance.beyond_horizon", L, months=horizon)
    return t("finance.months", L, months=f"{value:.1f}")


def _pair(text: str, option: str, horizon: int | None = None) -> tuple[int, float]:
    """``MONTH:AMOUNT`` of ``--hire``/``--round``; a month after the ``horizon`` would never happen in the
    projection, so it is refused rather than silently ignored."""
    from goldmine.errors import InputError, Problem
    from goldmine.model.types import parse_amount

    month, _, amount = text.partition(":")
    try:
        m = int(month)
        a = parse_amount(amount)
    except ValueError:   # int() and parse_amount (a pydantic error, a ValueError) refuse the text alike
        raise InputError(option, [Problem("", "finance.cli.bad_pair", text)]) from None
    if m < 1 or not 0 <= a < math.inf:
        raise InputError(option, [Problem("", "finance.cli.bad_pair", text)])
    if horizon is not None and m > horizon:
        raise InputError(option, [Problem("", "finance.cli.after_horizon", text, params={"horizon": horizon})])
    return m, a


def _amount(text: str, option: str, parse: Callable[[str], float]) -> float:
    from goldmine.errors import InputError, Problem

    try:
        value = float(parse(text))
    except ValueError:   # parse_amount raises a pydantic error (a ValueError) on any text it cannot read
        raise InputError(option, [Problem("", "expected.amount", text)]) from None
    if not 0 <= value < math.inf:
        raise InputError(option, [Problem("", "expected.nonnegative" if value < 0 else "expected.finite", text)])
    return value


def demo_step(ctx: DemoContext) -> None:
    """Runway and Monte Carlo for every example (:func:`run_runway` with the default settings and the
    demo's seed); one table, one JSON file."""
    from rich.table import Table

    from goldmine.pipeline.runway import run_runway
    from goldmine.pipeline.settings import RunwaySettings

    L = lang()
    settings = RunwaySettings.default().with_(seed=ctx.seed)
    table = Table(title=t("finance.cli.demo_title", L, n=f"{settings.paths:,}", seed=settings.seed))
    for col in ("finance.cli.example", "finance.cli.net_burn", "finance.cli.runway_det", "finance.cli.default",
                "finance.cli.p_cash_out", "finance.cli.need"):
        table.add_column(t(col, L), justify="left" if col == "finance.cli.example" else "right")
    results = {}
    for key, profile in ctx.profiles.items():
        report = run_runway(profile, settings)
        results[key] = report.to_dict()
        p, mc = report.projection, report.monte_carlo
        status = {True: "finance.cli.alive", False: "finance.cli.dead", None: "finance.cli.undetermined"}[p.default_alive]
        table.add_row(key, format_money(p.net_burn_now, report.currency, L), _months(p.runway_months, p.horizon_months, L),
                      t(status, L), f"{mc.p_cash_out:.1%}" if mc else "—", format_money(p.funding_need, report.currency, L))
    console().print(table)
    ctx.write_json("finance", "runway.json", results, t("finance.cli.demo_written", L))
