"""``goldmine landscape`` and ``goldmine comps PROFILE``: the AI landscape dataset and named
comparables (issue #15, points 1 and 2; docs/valuation.md, "Landscape and comparables").

``landscape`` lists and filters the companies of the shipped dataset (segment, country, vertical,
listed or private, as known on a date) with funding totals by segment and by country in USD;
``comps`` picks the companies most similar to a profile, each with its multiple, the multiple's date
and source, and the reasons it was chosen.  Both call the use cases of
:mod:`goldmine.pipeline.landscape`; ``--json`` prints ``LandscapeView.to_dict()`` /
``ComparableSet.to_dict()`` (language-neutral).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, escape, lang, parse_date
from goldmine.i18n import format_money, t

if TYPE_CHECKING:
    from goldmine.landscape import ComparableSet, LandscapeView

ORDER = 36


def register(app: typer.Typer) -> None:
    app.command("landscape", help=t("landscape.cli.help"))(landscape)
    app.command("comps", help=t("landscape.cli.comps_help"))(comps)


def _as_of(value: str | None) -> dt.date | None:
    return parse_date(value, "--as-of")


def _filters(segment: str | None, country: str | None, vertical: str | None, listed: bool | None,
             as_of: dt.date | None) -> Any:
    import re

    from goldmine.errors import InputError, Problem
    from goldmine.landscape import SEGMENTS, LandscapeFilter
    from goldmine.model.enums import Vertical

    problems = []
    if segment is not None and segment not in SEGMENTS:
        problems.append(Problem("--segment", "landscape.expected.segment", segment, params={"choices": ", ".join(SEGMENTS)}))
    if country is not None:
        country = country.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            problems.append(Problem("--country", "landscape.expected.country", country))
    if vertical is not None:
        try:
            vertical = Vertical(vertical).value
        except ValueError:
            problems.append(Problem("--vertical", "expected.one_of", vertical,
                                    params={"choices": ", ".join(v.value for v in Vertical)}))
    if problems:
        raise InputError(None, problems)
    return LandscapeFilter(segment=segment, country=country, vertical=vertical, listed=listed, as_of=as_of)


def landscape(
    segment: Annotated[str | None, typer.Option("--segment", help="Only this segment: chips, cloud, foundation_models, infrastructure, applications (default: all).", show_default=False)] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only this country, ISO code such as CN or US (default: all).", show_default=False)] = None,
    vertical: Annotated[str | None, typer.Option("--vertical", help="Only this vertical: medical, education, customer_service, content, finance, manufacturing, retail, infrastructure, other (default: all).", show_default=False)] = None,
    listed: Annotated[bool | None, typer.Option("--listed/--private", help="Only listed, or only private, companies (default: both).", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Show what was known on this date, YYYY-MM-DD (default: everything in the dataset).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the view as JSON (keys in docs/valuation.md).")] = False,
) -> None:
    """The AI landscape: companies, funding, revenue and valuations with sources; totals by segment and country."""
    from goldmine.pipeline.landscape import run_landscape

    view = run_landscape(_filters(segment, country, vertical, listed, _as_of(as_of)))
    if as_json:
        emit_json(view.to_dict())
        return
    show_landscape(view, lang())


def comps(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json).", show_default=False)],
    pin: Annotated[list[str] | None, typer.Option("--pin", help="Always include this company id (repeatable; ids from `goldmine landscape --json`).", show_default=False)] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Never include this company id (repeatable).", show_default=False)] = None,
    n: Annotated[int | None, typer.Option("--n", help="How many comparables, 1 to 50 (default 8; pinned ones count).", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Valuation date YYYY-MM-DD: nothing published later is used (default: the profile's financials.as_of).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparables as JSON (keys in docs/valuation.md).")] = False,
) -> None:
    """Named comparables by similarity, each with its multiple, its date, its source and why it was chosen."""
    from goldmine.io import load_profile
    from goldmine.pipeline.landscape import run_comps

    startup = load_profile(profile)
    result = run_comps(startup, as_of=_as_of(as_of), pin=pin or (), exclude=exclude or (), n=n)
    if as_json:
        emit_json(result.to_dict())
        return
    show_comps(result, lang())


# ----------------------------------------------------------------------------------- printing
def _stage(stage: str | None, L: str) -> str:
    if stage is None:
        return "—"
    return t("landscape.stage.public" if stage == "public" else f"stage.{stage}", L)


def _valuation(v: dict[str, Any] | None, L: str) -> str:
    if not v:
        return "—"
    return f"{'~' if v['approximate'] else ''}{format_money(v['value'], v['currency'], L)} ({v['date']})"


def _revenue(r: dict[str, Any] | None, L: str) -> str:
    if not r:
        return "—"
    return f"{'~' if r['approximate'] else ''}{format_money(r['value'], r['currency'], L)} ({r['period']})"


def show_landscape(view: LandscapeView, L: str) -> None:
    from rich.table import Table

    c = console()
    when = t("landscape.cli.as_of", L, date=view.as_of.isoformat()) if view.as_of else ""
    if not view.companies:
        c.print(escape(t("landscape.cli.none", L)))
        return
    table = Table(title=t("landscape.cli.title", L, n=len(view.companies), as_of=when))
    for key in ("company", "country", "segment", "vertical", "stage", "raised", "valuation", "revenue"):
        table.add_column(t(f"landscape.cli.col.{key}", L), overflow="fold")
    for row in view.companies:
        table.add_row(escape(row.name(L)), row.country, t(f"landscape.segment.{row.segment}", L),
                      t(f"vertical.{row.vertical}", L), _stage(row.stage, L),
                      format_money(row.funding_usd, "USD", L) if row.rounds else "—",
                      escape(_valuation(row.last_valuation, L)), escape(_revenue(row.revenue, L)))
    c.print(table)
    for title_key, rows, label in (("landscape.cli.by_segment", view.by_segment, "segment"),
                                   ("landscape.cli.by_country", view.by_country, "country")):
        totals = Table(title=t(title_key, L, date=view.fx.get("date", "")))
        for key in ("group", "raised", "rounds", "companies"):
            totals.add_column(t(f"landscape.cli.col.{key}", L))
        for r in rows:
            name = t(f"landscape.segment.{r.key}", L) if label == "segment" else r.key
            totals.add_row(name, format_money(r.funding_usd, "USD", L), str(r.rounds), str(r.companies))
        c.print(totals)
    c.print(escape(t("landscape.cli.dataset", L, **view.dataset)))


def show_comps(result: ComparableSet, L: str) -> None:
    from rich.table import Table

    from goldmine.landscape.comparables import reasons_text

    c = console()
    p = result.profile
    name = (p.name_zh or p.name_en) if L == "zh" else (p.name_en or p.name_zh)
    table = Table(title=t("landscape.cli.comps_title", L, name=name or "—", as_of=result.as_of.isoformat()))
    for key in ("company", "country", "multiple", "kind", "date", "similarity", "why", "source"):
        table.add_column(t(f"landscape.cli.col.{key}", L), overflow="fold")
    for comp in result.comparables:
        multiple = "—" if comp.multiple is None else (f"{comp.multiple:,.1f}×" if comp.multiple < 100 else f"{comp.multiple:,.0f}×")
        source = "—" if not comp.source else f"{comp.source['publisher']} ({comp.source['published']})"
        date = (comp.date or "—") + (" " + t("landscape.comps.stale_flag", L) if comp.stale else "")
        table.add_row(escape(comp.name(L)), comp.country, multiple,
                      t(f"landscape.kind.{comp.multiple_kind or 'none'}", L), escape(date), f"{comp.similarity:.2f}",
                      escape(reasons_text(comp, L)), escape(source))
    c.print(table)
    for line in result.summary(L).splitlines()[len(result.comparables) + 1:]:
        c.print(escape(line))
