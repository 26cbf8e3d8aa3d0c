"""``goldmine portfolio update``: portfolio monitoring (issue #19, point 3; docs/fund.md).

Reads every ``*.csv`` of a folder (:func:`goldmine.io.kpis.load_kpis`, in name order; a file that
cannot be read becomes a listed failure), looks up each company's latest due-diligence run as
``goldmine update`` does, calls :func:`goldmine.pipeline.portfolio.run_portfolio_update`, prints the
portfolio table, writes each company's update report (as ``goldmine update`` names it) and the
portfolio report, and records each update as a run (:func:`goldmine.pipeline.portfolio.store_update_run`)
unless ``--no-store``.  ``--json`` prints ``PortfolioUpdate.to_dict()`` with the stored run ids (no
report files).  Exit 2 when the folder is missing, holds no CSV, or no file could be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from goldmine.cli.common import console, emit_json, err_console, escape, lang, out_dir
from goldmine.errors import GoldmineError, InputError, Problem
from goldmine.i18n import t

ORDER = 82


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("portfolio.cli.help"), no_args_is_help=True)
    group.command("update", help=t("portfolio.cli.update.help"))(update)
    app.add_typer(group, name="portfolio")


def kpi_files(folder: Path) -> list[Path]:
    """The folder's ``*.csv`` files in name order; a missing folder or one without CSV is an input error."""
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        raise InputError(str(folder), [Problem("", "portfolio.expected.folder", str(folder))])
    return files


def load_all(files: list[Path]) -> tuple[list[Any], list[Any]]:
    """Every file read, or kept as a failure with its error."""
    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.portfolio import Failure

    histories, failures = [], []
    for f in files:
        try:
            histories.append(load_kpis(f))
        except GoldmineError as exc:
            failures.append(Failure(f.name, exc))
    return histories, failures


def update(
    kpis_dir: Annotated[Path, typer.Argument(help=t("portfolio.opt.kpis_dir"), show_default=False)],
    period: Annotated[str | None, typer.Option("--period", help=t("portfolio.opt.period"))] = None,
    store: Annotated[bool, typer.Option("--store/--no-store", help=t("portfolio.opt.store"))] = True,
    db: Annotated[str | None, typer.Option("--db", help=t("portfolio.opt.db"))] = None,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help=t("portfolio.opt.workspace"))] = "default",
    formats: Annotated[str, typer.Option("--format", help=t("portfolio.opt.format"))] = "html,md",
    out: Annotated[Path, typer.Option("--out", help=t("portfolio.opt.out"))] = Path("goldmine-out"),
    langs: Annotated[str | None, typer.Option("--langs", help=t("portfolio.opt.langs"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("portfolio.opt.json"))] = False,
) -> None:
    """Investor updates of every holding and the portfolio view (docs/fund.md)."""
    from goldmine.cli.report import (
        check_store_options,
        find_diligence_run,
        parse_list,
        report_langs,
        run_store,
    )
    from goldmine.pipeline.portfolio import run_portfolio_update, store_update_run
    from goldmine.pipeline.settings import UpdateSettings

    L = lang()
    fmts = parse_list(formats, ("html", "md", "pdf"), "--format")
    languages = report_langs(langs)
    if period is not None:
        period = parse_list(period, ("month", "quarter"), "--period")[0]
    settings = UpdateSettings.default().with_(period=period)
    check_store_options(db, workspace)  # options checked before the work
    histories, failures = load_all(kpi_files(kpis_dir))
    lookups = {k.source: find_diligence_run(db, workspace, k.startup) for k in histories}
    result = run_portfolio_update(histories, settings, failures, lookups)
    if not result.holdings:
        print_failures(result, L)
        raise GoldmineError("portfolio.error.none_ok", folder=str(kpis_dir), n=len(result.failures))
    runs: list[dict[str, Any]] | None = None
    if store:
        st = run_store(db, workspace)
        st.upgrade()
        runs = [{"id": h.id, "run_id": st.retrying(lambda u=h.update: store_update_run(st, workspace, u, settings))}
                for h in result.holdings]
    if as_json:
        emit_json({**result.to_dict(), "runs": runs})
        return
    files = write_reports(result, out, fmts, languages)
    print_portfolio(result, files, runs, L)


def write_reports(result: Any, out: Path, fmts: list[str], languages: list[str]) -> list[Path]:
    """Each company's update (``<file>.update.<lang>.<format>``, as ``goldmine update`` writes it) and
    the portfolio report (``portfolio.<lang>.<format>``): all rendered, then all written or none."""
    from goldmine.report import rendered, update_document, write_files
    from goldmine.report.portfolio import build

    folder = out_dir(out)
    items = []
    for lg in languages:
        for h in result.holdings:
            items += rendered(update_document(h.update, lg), folder / f"{Path(h.file).stem}.update.{lg}", fmts)
        items += rendered(build(result, lg), folder / f"portfolio.{lg}", fmts)
    return write_files(items)


def print_failures(result: Any, L: str) -> None:
    err = err_console()
    for f in result.failures:
        err.print(f"[yellow]{t('warn.prefix', L)}:[/] {escape(t('portfolio.failed', L, file=f.file, error=f.message(L)))}")


def print_portfolio(result: Any, files: list[Path], runs: list[dict[str, Any]] | None, L: str) -> None:
    from goldmine.report.portfolio import header, holding_cells, short_runway_text, totals_table

    c = console()
    table = Table(title=t("portfolio.table.title", L))
    for i, col in enumerate(header(result, L)):
        table.add_column(col, justify="left" if i in (0, 7) else "right")
    for h in result.holdings:
        table.add_row(*(escape(x) for x in holding_cells(h, L)))
    c.print(table)
    tt = totals_table(result, L)
    totals = Table(title=tt.caption)
    for col in tt.header:
        totals.add_column(col, justify="right")
    for row in tt.rows:
        totals.add_row(*(escape(x) for x in row))
    c.print(totals)
    c.print(escape(short_runway_text(result, L)))
    print_failures(result, L)
    if runs:
        c.print(escape(t("portfolio.stored", L, n=len(runs), first=runs[0]["run_id"], last=runs[-1]["run_id"])))
    for f in files:
        c.print(f"  {escape(t('portfolio.wrote', L))}: {escape(str(f))}")
    c.print(escape(result.summary(L)))
