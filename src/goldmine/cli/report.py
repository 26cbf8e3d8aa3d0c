"""``goldmine analyze``, ``goldmine sector`` and ``goldmine update``: reports (issue #9).

* ``analyze PROFILE`` — the due-diligence run (every analysis this version has) stored as an
  analysis run, and its report in HTML, Markdown and/or PDF, in one or both languages;
* ``sector`` — the sector view (bubble or gold mine?) on explicit pillars, from a price series, a
  news corpus and the shipped (or your) sector figures;
* ``update KPIS.csv`` — the monthly or quarterly investor update.

The demo step writes all three for every bundled example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, err_console, escape, lang, out_dir
from goldmine.i18n import t
from goldmine.model.limits import MAX_PATHS, MAX_REPS, MAX_SEED

ORDER = 80
LANGS_HELP = "Report languages, comma-separated: zh, en (default: the --lang of the run)."


def register(app: typer.Typer) -> None:
    app.command("analyze", help=t("report.cli.analyze_help"))(analyze)
    app.command("sector", help=t("report.cli.sector_help"))(sector)
    app.command("update", help=t("report.cli.update_help"))(update)


# ----------------------------------------------------------------------------------- helpers
def parse_list(text: str, allowed: tuple[str, ...], option: str) -> list[str]:
    from goldmine.errors import InputError, Problem

    items = [x.strip().lower() for x in text.split(",") if x.strip()]
    bad = [x for x in items if x not in allowed]
    if bad or not items:
        raise InputError(None, [Problem(option, "expected.one_of", bad[0] if bad else text,
                                        params={"choices": ", ".join(allowed)})])
    return list(dict.fromkeys(items))


def _langs(text: str | None) -> list[str]:
    return [lang()] if not text else parse_list(text, ("zh", "en"), "--langs")


def progress_bar(transient: bool = True) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console(), transient=transient)


def warn_failed(outcomes: dict[str, Any], L: str, who: str = "") -> None:
    err = err_console()
    for name, o in outcomes.items():
        if o.status == "failed" and name != "sector":  # an unattached sector view is said in the report
            err.print(f"[yellow]{t('warn.prefix', L)}:[/] {escape(who)}{escape(t('report.failed', L, module=o.module, error=o.message(L) or ''))}")


def demo_sector_inputs() -> tuple[Any, str, str, Any]:
    """The demo's price series and news corpus (see ``docs/report.md``)."""
    from goldmine.io.demo_data import demo_news, demo_prices

    prices, name, source = demo_prices()
    return prices, name, source, demo_news()


def load_news(path: Path) -> Any:
    """A news corpus CSV (date, text; optional source and language) within the limits of
    :mod:`goldmine.io.texts`, its dates checked here (readable, 1800-2200, at most 20 years apart), so a
    bad corpus is an input error (exit 2) rather than a sector pillar dropped."""
    from goldmine.io.texts import read_text_csv
    from goldmine.sentiment.index import parse_dates

    frame = read_text_csv(path, ["date", "text"])
    parse_dates(frame["date"], str(path))
    rest = {c: str(c).lower().strip() for c in frame.columns if c not in ("date", "text")}
    return frame.rename(columns=rest)


def load_sector_json(path: Path) -> Any:
    """A sector view saved by ``goldmine sector --json``, as the context a due-diligence report shows."""
    from goldmine.config import read_mapping
    from goldmine.model.limits import MAX_TABLE_BYTES
    from goldmine.pipeline.outcome import Outcome
    from goldmine.pipeline.sector import SectorContext

    # the one reader of user JSON: duplicate keys, deep nesting and huge integers refused; a saved view
    # holds series, so it may be as large as a data table (100 MB)
    data = read_mapping(path, max_bytes=MAX_TABLE_BYTES)
    return Outcome.of("sector", "goldmine.pipeline.sector", SectorContext.from_json(data, str(path)))


# ----------------------------------------------------------------------------------- analyze
def analyze(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json).", show_default=False)],
    formats: Annotated[str, typer.Option("--format", help="Report formats, comma-separated: html, md, pdf.")] = "html,md,pdf",
    out: Annotated[Path, typer.Option("--out", help="Output folder of the reports.")] = Path("goldmine-out"),
    langs: Annotated[str | None, typer.Option("--langs", help=LANGS_HELP)] = None,
    paths: Annotated[int | None, typer.Option("--paths", min=100, max=MAX_PATHS, help="Monte Carlo paths of the runway simulation and of the deal's returns, 100 to 10,000,000 (default: data/settings.yaml runway.paths and deal.paths, as goldmine runway and goldmine deal).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SEED, help="Random seed of the runway and deal simulations, 0 to 2^63-1 (default: data/settings.yaml runway.seed and deal.seed, as goldmine runway and goldmine deal; recorded in the report footer).")] = None,
    fx: Annotated[list[str] | None, typer.Option("--fx", help="Exchange rate for the valuation as CCY=UNITS_PER_USD (e.g. EUR=0.92); repeatable, as in goldmine value.")] = None,
    horizon: Annotated[int | None, typer.Option("--horizon", min=6, max=600, help="Months of the runway projection and Monte Carlo (default 60, as goldmine runway).")] = None,
    sector_json: Annotated[Path | None, typer.Option("--sector-json", help="Attach a sector view saved by `goldmine sector --json`.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL for the run (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db, as for goldmine startups).")] = None,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace the run is stored in.")] = "default",
    store: Annotated[bool, typer.Option("--store/--no-store", help="Record the run in the database.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the due-diligence result as JSON.")] = False,
) -> None:
    """Due diligence on one startup: every analysis, a recommendation with reasons, and reports."""
    from goldmine.cli.valuation import parse_fx
    from goldmine.io import load_profile
    from goldmine.pipeline.due_diligence import SECTION_NAMES, run_due_diligence
    from goldmine.pipeline.settings import DueDiligenceSettings
    from goldmine.pipeline.store import store_run
    from goldmine.report import due_diligence_document, render, write_files

    L = lang()
    fmts = parse_list(formats, ("html", "md", "pdf"), "--format")
    languages = _langs(langs)
    st = _run_store(db, workspace) if store else None  # options checked before the work
    p = load_profile(profile)
    if st is not None:
        st.upgrade()  # an unreachable database fails now (exit 3), not after the analysis
    base = DueDiligenceSettings.default()
    settings = base.model_copy(update={"runway": base.runway.with_(paths=paths, seed=seed, horizon=horizon),
                                       "valuation": base.valuation.with_(fx=tuple(parse_fx(fx or []).items()) or None),
                                       "deal": base.deal.with_(paths=paths, seed=seed)})
    sector = load_sector_json(sector_json) if sector_json is not None else None
    with progress_bar() as bar:
        task = bar.add_task(t("report.cli.analyzing", L, name=p.display_name(L)), total=len(SECTION_NAMES) + len(languages) * len(fmts))
        dd = run_due_diligence(p, settings, sector=sector, progress=lambda _n: bar.advance(task))
        stem = p.id or profile.stem
        rendered: list[tuple[Path, Any]] = []
        figures: dict[str, Any] = {}
        for lg in languages:
            doc = due_diligence_document(dd, lg, figures)
            for f in fmts:
                rendered.append((Path(f"{stem}.{lg}.{f}"), render(doc, f)))
                bar.advance(task)
    # everything is rendered before anything is written or stored: a failure leaves no partial output
    folder = out_dir(out)
    ids = None
    if st is not None:
        # the run is stored in one transaction, run again if a peer's lock or conflict rolled it back:
        # finished work is not thrown away because another process was writing (goldmine.store.db)
        ids = st.retrying(lambda: store_run(st, workspace, p, dd))
    files = write_files([(folder / name, content) for name, content in rendered])
    if as_json:
        emit_json({**dd.to_dict(), "files": [str(f) for f in files], "store": ids})
        return
    warn_failed(dd.sections, L, f"{profile.name}: ")
    print_dd(dd, files, ids, L)


def _run_store(db: str | None, workspace: str) -> Any:
    """The store an analysis run goes to: ``--db`` (checked) or the user's database, where `goldmine
    startups list` finds it; the workspace name checked."""
    from goldmine.store import Store
    from goldmine.store.db import check_url, check_workspace

    check_workspace(workspace)
    return Store(check_url(db) if db is not None else None)


def print_dd(dd: Any, files: list[Path], ids: dict[str, int] | None, L: str) -> None:
    c = console()
    c.print(f"[bold]{escape(dd.company.name(L))}[/]: [bold]{escape(t('report.verdict.' + dd.recommendation.verdict, L))}[/]")
    for r in dd.recommendation.reasons:
        mark = {"positive": "[green]+[/]", "negative": "[red]−[/]"}.get(r.tone, "•")
        c.print(f"  {mark} {escape(r.text(L))}")
    for f in files:
        c.print(f"  {escape(t('report.cli.wrote', L))}: {escape(str(f))}")
    if ids:
        c.print(f"  {escape(t('report.cli.stored', L, run=ids['run_id'], version=ids['startup_version_id']))}")


# ----------------------------------------------------------------------------------- sector
def sector(
    prices: Annotated[Path | None, typer.Option("--prices", help="Price or valuation series (CSV or Excel: date and value columns).")] = None,
    column: Annotated[str | None, typer.Option("--column", help="Value column of --prices (default: the only numeric one).")] = None,
    news: Annotated[Path | None, typer.Option("--news", help="News corpus CSV (date, text, optional source and language).")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="YAML overriding the shipped sector figures (data/report_sector.yaml).")] = None,
    demo_inputs: Annotated[bool, typer.Option("--demo-inputs", help="Use the demo series and corpus shipped with goldmine.")] = False,
    weekly: Annotated[bool | None, typer.Option("--weekly/--no-weekly", help="Aggregate daily prices to weekly closes first (default: yes, data/settings.yaml sector.weekly).")] = None,
    cv: Annotated[str | None, typer.Option("--cv", help="Bubble critical values: table, mc or wb (default: table).")] = None,
    reps: Annotated[int | None, typer.Option("--reps", min=19, max=MAX_REPS, help="Replications for --cv mc or wb, 19 to 100,000 (default: 199).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SEED, help="Random seed, 0 to 2^63-1 (default: data/settings.yaml sector.seed).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Report formats, comma-separated: html, md, pdf.")] = "html,md,pdf",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("goldmine-out"),
    langs: Annotated[str | None, typer.Option("--langs", help=LANGS_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sector view as JSON (no report files).")] = False,
) -> None:
    """Bubble or gold mine? The AI-sector verdict on explicit pillars, with evidence and caveats."""
    from goldmine.pipeline.sector import load_sector_data, run_sector
    from goldmine.pipeline.settings import SectorSettings
    from goldmine.report import rendered, sector_document, write_files

    L = lang()
    fmts = parse_list(formats, ("html", "md", "pdf"), "--format")
    if cv is not None:
        cv = parse_list(cv, ("table", "mc", "wb"), "--cv")[0]
    settings = SectorSettings.default().with_(seed=seed, cv=cv, reps=reps, weekly=weekly)
    figures = load_sector_data(data)
    series = name = source = None
    corpus = None
    if demo_inputs:
        series, name, source, corpus = demo_sector_inputs()
    if prices is not None:
        from goldmine.io.series import load_series

        series = load_series(prices, column=column, min_length=20)
        name, source = (f"{prices.stem} ({column})" if column else prices.stem), str(prices)
        if settings.weekly:
            series = weekly_closes(series)
    if news is not None:
        corpus = load_news(news)
    with progress_bar() as bar:
        task = bar.add_task(t("report.cli.sector_running", L), total=2)
        view = run_sector(series, str(name or ""), str(source or ""), corpus, figures, settings,
                          progress=lambda _n: bar.advance(task), demo=demo_inputs and prices is None and news is None)
    if as_json:
        emit_json(view.to_dict())
        return
    warn_failed(view.analyses, L)
    folder = out_dir(out)
    files = write_files([item for lg in _langs(langs) for item in rendered(sector_document(view, lg), folder / f"sector.{lg}", fmts)])
    print_sector(view, files, L)


def weekly_closes(series: Any) -> Any:
    """Daily data to weekly closes (Friday), as the demo and ``goldmine bubble --weekly`` do."""
    import pandas as pd

    if len(series) > 2 and (series.index[1:] - series.index[:-1]).median() <= pd.Timedelta(days=3):
        return series.resample("W-FRI").last().dropna()
    return series


def print_sector(view: Any, files: list[Path], L: str) -> None:
    from rich.table import Table

    c = console()
    c.print(f"[bold]{escape(t('report.sector.verdict.' + view.verdict, L))}[/]")
    if view.demo_inputs:
        c.print(f"[yellow]{escape(t('report.sector.demo_note', L))}[/]")
    table = Table()
    for col in ("report.col.pillar", "report.col.status", "report.col.finding"):
        table.add_column(t(col, L))
    for p in view.pillars:
        table.add_row(t(f"report.pillar.{p.id}", L), t(f"report.status.{p.status}", L), escape(p.finding.render(L)))
    c.print(table)
    for f in files:
        c.print(f"  {escape(t('report.cli.wrote', L))}: {escape(str(f))}")


# ----------------------------------------------------------------------------------- update
def update(
    kpis: Annotated[Path, typer.Argument(help="KPI history CSV: month, revenue, burn, cash, headcount, users, plan_* columns.", show_default=False)],
    period: Annotated[str | None, typer.Option("--period", help="month or quarter (default: month).")] = None,
    company: Annotated[str | None, typer.Option("--company", help="Company name (default: the CSV's '# company:' line or the file name).")] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="Currency code (default: the CSV's '# currency:' line, else USD).")] = None,
    window: Annotated[int | None, typer.Option("--window", min=1, max=24, help="Months for growth rates and average burn (default: 3).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Report formats, comma-separated: html, md, pdf.")] = "html,md,pdf",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("goldmine-out"),
    langs: Annotated[str | None, typer.Option("--langs", help=LANGS_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the update as JSON (no report files).")] = False,
) -> None:
    """Investor update from a KPI history: trends, variance to plan and runway (seed 003 §6.2.1)."""
    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.settings import UpdateSettings
    from goldmine.pipeline.update import investor_update
    from goldmine.report import rendered, update_document, write_files

    L = lang()
    fmts = parse_list(formats, ("html", "md", "pdf"), "--format")
    if period is not None:
        period = parse_list(period, ("month", "quarter"), "--period")[0]
    u = investor_update(load_kpis(kpis, company, currency), UpdateSettings.default().with_(period=period, window=window))
    if as_json:
        emit_json(u.to_dict())
        return
    folder = out_dir(out)
    files = write_files([item for lg in _langs(langs) for item in rendered(update_document(u, lg), folder / f"{kpis.stem}.update.{lg}", fmts)])
    c = console()
    c.print(escape(u.summary(L)))
    for a in u.alerts:
        c.print(f"  [red]![/] {escape(t(a, L))}")
    for f in files:
        c.print(f"  {escape(t('report.cli.wrote', L))}: {escape(str(f))}")


# ----------------------------------------------------------------------------------- demo
def demo_step(ctx: Any) -> None:
    """Reports for every example (HTML, Markdown, PDF; zh and en), the sector report, investor updates."""
    from functools import partial

    from rich.table import Table

    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.due_diligence import SECTION_NAMES, run_due_diligence
    from goldmine.pipeline.outcome import Outcome
    from goldmine.pipeline.sector import run_sector
    from goldmine.pipeline.settings import DueDiligenceSettings, SectorSettings
    from goldmine.pipeline.store import store_run
    from goldmine.pipeline.update import investor_update
    from goldmine.report import (
        FORMATS,
        due_diligence_document,
        sector_document,
        update_document,
        write,
    )
    from goldmine.store import Store

    L = lang()
    profiles = ctx.profiles  # loaded by the first demo step (cli/demo.py)
    folder = out_dir(ctx.out / "reports")
    languages = ("en", "zh")
    kpi_files = sorted(kpi_dir().glob("*.csv"))
    st = Store(f"sqlite:///{(ctx.out / 'goldmine.db').resolve()}")
    st.upgrade()
    steps = 1 + len(profiles) * (len(SECTION_NAMES) + len(languages)) + len(languages) + len(kpi_files)
    rows = []
    with progress_bar(transient=False) as bar:
        task = bar.add_task(t("report.cli.demo_progress", L), total=steps)
        prices, name, source, corpus = demo_sector_inputs()
        view = run_sector(prices, name, source, corpus, None, SectorSettings.default().with_(seed=ctx.seed), demo=True)
        bar.advance(task)
        for lg in languages:
            write(sector_document(view, lg), folder / f"sector.{lg}", FORMATS)
            bar.advance(task)
        sector = Outcome.of("sector", "goldmine.pipeline.sector", view.context())
        for key, profile in profiles.items():
            bar.update(task, description=t("report.cli.analyzing", L, name=profile.display_name(L)))
            dd = run_due_diligence(profile, DueDiligenceSettings.demo(ctx.seed), sector=sector, progress=lambda _n: bar.advance(task))
            st.retrying(partial(store_run, st, "demo", profile, dd, note="demo"))
            figures: dict[str, Any] = {}
            for lg in languages:
                write(due_diligence_document(dd, lg, figures), folder / f"{key}.{lg}", FORMATS)
                bar.advance(task)
            warn_failed(dd.sections, L, f"{key}: ")
            rows.append((key, dd))
        for f in kpi_files:
            u = investor_update(load_kpis(f, *kpi_identity(f.stem, profiles)))
            for lg in languages:
                write(update_document(u, lg), folder / f"{f.stem}.update.{lg}", FORMATS)
            bar.advance(task)
    table = Table(title=t("report.cli.demo_title", L))
    for col in ("col.id", "report.col.verdict", "report.col.reasons", "report.col.coverage", "report.col.files"):
        table.add_column(t(col, L))
    for key, dd in rows:
        have = sum(o.ok for o in dd.sections.values())
        table.add_row(key, t(f"report.verdict.{dd.recommendation.verdict}", L),
                      escape(" ".join(r.text(L) for r in dd.recommendation.reasons[:2])), f"{have}/{len(dd.sections)}",
                      escape(f"reports/{key}.{{en,zh}}.{{html,md,pdf}}"))
    c = console()
    c.print(table)
    c.print(escape(t(f"report.sector.verdict.{view.verdict}", L)) + " — " + escape(t("report.sector.demo_note", L)))
    ctx.wrote(t("report.cli.demo_reports", L, n=len(rows)), folder)
    ctx.wrote(t("report.cli.demo_sector", L), folder / f"sector.{L}.html")
    ctx.wrote(t("report.cli.demo_updates", L, n=len(kpi_files)), folder)
    ctx.wrote(t("report.cli.demo_runs", L), ctx.out / "goldmine.db")


def kpi_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("goldmine") / "examples" / "kpis"))


def kpi_identity(stem: str, profiles: dict[str, Any]) -> tuple[str | None, str | None]:
    p = profiles.get(stem)
    return (p.display_name("en"), p.currency) if p is not None else (None, None)
