"""``goldmine risk PROFILE``: the risk assessment of one startup (issue #3; docs/risk.md).

Loads the profile (:func:`goldmine.io.load_profile`) and the configuration
(:func:`goldmine.pipeline.risk.load_risk_config`, ``--config``), calls the use case
:func:`goldmine.pipeline.risk.run_risk` and prints a table (dimension, score, rating, likelihood x
impact, top drivers, actions), the compliance checklist and the missing inputs; ``--json`` prints
``RiskAssessment.to_dict()`` (language-neutral; keys documented in docs/risk.md).  Also contributes
the risk step of ``goldmine demo``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, escape, lang, print_warnings
from goldmine.i18n import t

if TYPE_CHECKING:
    from goldmine.risk import RiskAssessment

ORDER = 20

_COLOURS = {"low": "green", "moderate": "cyan", "elevated": "yellow", "high": "red", "critical": "bold red"}


def register(app: typer.Typer) -> None:
    app.command("risk", help=t("risk.cli.help"))(risk)


def risk(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the assessment as JSON (keys in docs/risk.md).")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="YAML file overriding data/risk.yaml (weights, scales, thresholds).")] = None,
) -> None:
    """Assess the risk of a startup: five dimensions, mitigations, compliance checklist."""
    from goldmine.io import load_profile
    from goldmine.pipeline.risk import load_risk_config, run_risk
    from goldmine.pipeline.validate import plausibility_warnings

    startup = load_profile(profile)
    cfg = load_risk_config(config)
    result = run_risk(startup, cfg)
    if as_json:
        emit_json(result.to_dict())
        return
    print_warnings(plausibility_warnings(startup), str(profile))
    show(result, lang(), cfg.score_if_missing)


def _rating(rating: str, L: str) -> str:
    return f"[{_COLOURS[rating]}]{escape(t(f'risk.rating.{rating}', L))}[/]"


def show(result: RiskAssessment, L: str, missing_score: float) -> None:
    """Print one assessment as Rich tables."""
    from rich.table import Table

    from goldmine.risk import DIMENSIONS

    c = console()
    o = result.overall
    name = result.name_zh if L == "zh" else result.name
    c.print(f"[bold]{escape(t('risk.cli.title', L, name=name, score=f'{o.score:.0f}', rating=t(f'risk.rating.{o.rating}', L), confidence=f'{o.confidence:.2f}'))}[/]")
    table = Table(show_lines=True)
    for key in ("dimension", "score", "rating", "matrix", "drivers", "actions"):
        table.add_column(t(f"risk.cli.col.{key}", L), justify="right" if key == "score" else "left",
                         overflow="fold", max_width=None if key not in ("drivers", "actions") else 60)
    for d in DIMENSIONS:
        dim = result.dimensions[d]
        cell = result.matrix.cell(d)
        drivers = "\n".join(f"{t(f'risk.ind.{n}', L)}: {dim.indicator(n).explain(L)}" for n in dim.drivers) or "—"
        mits = [m for m in result.mitigations if m.dimension == d][:3]
        actions = "\n".join(f"• {m.title(L)}: {m.actions(L)[0]}" for m in mits) or "—"
        table.add_row(t(f"risk.dim.{d}", L), f"{dim.score:.0f}", _rating(dim.rating, L),
                      f"{cell.likelihood} x {cell.impact} = {cell.severity}", escape(drivers), escape(actions))
    c.print(table)
    comp = Table(title=t("risk.cli.compliance_title", L), show_lines=False)
    for key in ("item", "status", "action"):
        comp.add_column(t(f"risk.cli.col.{key}", L), overflow="fold")
    for item in result.compliance:
        if item.status == "not_applicable":
            continue
        text = "" if item.status == "met" else f"{item.gap_text(L)}\n→ {item.action(L)}"
        comp.add_row(escape(item.title(L)), t(f"risk.status.{item.status}", L), escape(text))
    c.print(comp)
    if o.missing:
        c.print(escape(t("risk.cli.missing", L, score=f"{missing_score:g}", fields=", ".join(o.missing))))


def demo_step(ctx: Any) -> None:
    """Assess every example; print one compact table; write ``risk/risk.json``."""

    from rich.table import Table

    from goldmine.pipeline.risk import run_risk
    from goldmine.risk import DIMENSIONS

    L = lang()
    table = Table(title=t("risk.cli.demo_title", L))
    table.add_column(t("col.id", L))
    table.add_column(t("risk.cli.col.overall", L), justify="right")
    table.add_column(t("risk.cli.col.rating", L))
    table.add_column(t("risk.cli.col.confidence", L), justify="right")
    for d in DIMENSIONS:
        table.add_column(t(f"risk.dim.{d}", L), justify="right")
    out: dict[str, Any] = {}
    results = {key: run_risk(p) for key, p in ctx.profiles.items()}
    for key, r in sorted(results.items(), key=lambda kv: -kv[1].overall.score):
        out[key] = r.to_dict()
        table.add_row(key, f"{r.overall.score:.0f}", _rating(r.overall.rating, L), f"{r.overall.confidence:.2f}",
                      *(f"{r.dimensions[d].score:.0f}" for d in DIMENSIONS))
    console().print(table)
    ctx.write_json("risk", "risk.json", out, t("risk.cli.demo_written", L))
