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
from goldmine.i18n import label, t
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


def report_langs(text: str | None) -> list[str]:
    return [lang()] if not text else parse_list(text, ("zh", "en"), "--langs")


def progress_bar(transient: bool = True) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console(), transient=transient)


def warn_failed(outcomes: dict[str, Any], L: str, who: str = "") -> None:
    err = err_console()
    for name, o in outcomes.items():
        if o.status == "failed" and name != "sector":  # an unattached sector view is said in the report
            err.print(f"[yellow]{label('warn.prefix', L)}[/]{escape(who)}{escape(t('report.failed', L, module=o.module, error=o.message(L) or ''))}")


def demo_sector_view(settings: Any) -> Any:
    """The demo's sector view: the AI index on the shipped 2025 series (real data, judged on the report
    date), the drivers, and the demo's fictional headlines (their pillar counts as without evidence)."""
    from goldmine.io.demo_data import ai_index_pieces, demo_news
    from goldmine.pipeline.sector import run_sector

    models, investment = sector_drivers_data()
    return run_sector(None, news=demo_news(), settings=settings, demo_news=True, pieces=ai_index_pieces(), models=models,
                      investment=investment)


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
    languages = report_langs(langs)
    st = run_store(db, workspace) if store else None  # options checked before the work
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
        ids = store_run(st, workspace, p, dd)
    files = write_files([(folder / name, content) for name, content in rendered])
    if as_json:
        emit_json({**dd.to_dict(), "files": [str(f) for f in files], "store": ids})
        return
    warn_failed(dd.sections, L, f"{profile.name}: ")
    print_dd(dd, files, ids, L)


def run_store(db: str | None, workspace: str) -> Any:
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
    prices: Annotated[Path | None, typer.Option("--prices", help="Price or valuation series (CSV or Excel: date and value columns), tested instead of the AI index.")] = None,
    column: Annotated[str | None, typer.Option("--column", help="Value column of --prices (default: the only numeric one).")] = None,
    component: Annotated[list[str] | None, typer.Option("--component", help="A price file of one member of the AI index, TICKER=FILE (repeatable; several files of one ticker are stitched at their overlap; the Adj Close column when there is one, else close). The index also holds the shipped 2025 series and the stored price series.")] = None,
    news: Annotated[Path | None, typer.Option("--news", help="News corpus CSV (date, text, optional source and language).")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="YAML overriding the shipped sector figures (data/report_sector.yaml).")] = None,
    demo_inputs: Annotated[bool, typer.Option("--demo-inputs", help="Use the demo series (NASDAQ 1994-2000) and fictional corpus shipped with goldmine; their pillars count as without evidence.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date of the view, YYYY-MM-DD: nothing dated later is used and a pillar is stale past its limit before it (default: GOLDMINE_REPORT_DATE, else today).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database of the stored price series (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db, read only when it exists).")] = None,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace of the stored price series.")] = "default",
    weekly: Annotated[bool | None, typer.Option("--weekly/--no-weekly", help="Aggregate daily --prices to weekly closes first (default: yes, data/settings.yaml sector.weekly; the AI index is always weekly).")] = None,
    cv: Annotated[str | None, typer.Option("--cv", help="Bubble critical values: table, mc or wb (default: table).")] = None,
    reps: Annotated[int | None, typer.Option("--reps", min=19, max=MAX_REPS, help="Replications for --cv mc or wb, 19 to 100,000 (default: 199).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SEED, help="Random seed, 0 to 2^63-1 (default: data/settings.yaml sector.seed).")] = None,
    formats: Annotated[str, typer.Option("--format", help="Report formats, comma-separated: html, md, pdf.")] = "html,md,pdf",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("goldmine-out"),
    langs: Annotated[str | None, typer.Option("--langs", help=LANGS_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sector view as JSON (no report files).")] = False,
) -> None:
    """Bubble or gold mine? The AI-sector verdict on explicit pillars, on the AI market index, with the drivers of the boom."""
    from goldmine.pipeline.sector import load_sector_data, run_sector
    from goldmine.pipeline.settings import SectorSettings
    from goldmine.report import rendered, sector_document, write_files

    L = lang()
    fmts = parse_list(formats, ("html", "md", "pdf"), "--format")
    if cv is not None:
        cv = parse_list(cv, ("table", "mc", "wb"), "--cv")[0]
    settings = SectorSettings.default().with_(seed=seed, cv=cv, reps=reps, weekly=weekly)
    on = parse_as_of(as_of)
    figures = load_sector_data(data)
    series = name = source = None
    corpus = None
    demo_series = demo_news = demo_inputs
    if demo_inputs and not component:
        series, name, source, corpus = demo_sector_inputs()
    elif demo_inputs:
        corpus = demo_sector_inputs()[3]
    if prices is not None:
        from goldmine.io.series import load_series

        series = load_series(prices, column=column, min_length=20)
        name, source = (f"{prices.stem} ({column})" if column else prices.stem), str(prices)
        demo_series = False
        if settings.weekly:
            series = weekly_closes(series)
    pieces = None
    if series is None:
        demo_series = False
        pieces = sector_pieces(component or [], db, workspace)
    if news is not None:
        corpus = load_news(news)
        demo_news = False
    models, investment = sector_drivers_data()
    with progress_bar() as bar:
        task = bar.add_task(t("report.cli.sector_running", L), total=2)
        view = run_sector(series, str(name or ""), str(source or ""), corpus, figures, settings,
                          progress=lambda _n: bar.advance(task), demo=demo_series, demo_news=demo_news, pieces=pieces,
                          models=models, investment=investment, as_of=on)
    if as_json:
        emit_json(view.to_dict())
        return
    warn_failed(view.analyses, L)
    folder = out_dir(out)
    files = write_files([item for lg in report_langs(langs) for item in rendered(sector_document(view, lg), folder / f"sector.{lg}", fmts)])
    print_sector(view, files, L)


def parse_as_of(text: str | None) -> Any:
    """``--as-of YYYY-MM-DD`` as a date (``None``: the report date, decided by the use case)."""
    import datetime as dt

    from goldmine.errors import InputError, Problem

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(None, [Problem("--as-of", "expected.date", text)]) from None


def sector_drivers_data() -> tuple[Any, Any]:
    """The shipped data of the technology and capital drivers (Epoch AI's notable models; CSET's AI
    investment via Our World in Data)."""
    from goldmine.io.demo_data import cset_investment, epoch_models

    return epoch_models(), cset_investment()


def sector_pieces(components: list[str], db: str | None, workspace: str) -> list[Any]:
    """The price histories the AI index is built from: the shipped 2025 series, the stored price series
    of the index's members (``goldmine data import``/``update``) and the ``--component`` files."""
    from goldmine.io.demo_data import ai_index_pieces, load_component

    return [*ai_index_pieces(), *stored_pieces(db, workspace), *(load_component(c) for c in components)]


def stored_pieces(db: str | None, workspace: str) -> list[Any]:
    """The latest stored version of each price series whose symbol is a member of the AI index, from the
    given database, or the user's when it exists (a missing default database holds nothing: it is not
    created by reading)."""
    from goldmine.store import Store
    from goldmine.store.db import check_url, check_workspace, default_url
    from goldmine.store.sector_inputs import stored_index_pieces

    check_workspace(workspace)
    if not hasattr(Store, "list_series"):
        return []
    url = check_url(db) if db is not None else default_url()
    if db is None and url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return []
    st = Store(url)
    st.upgrade()
    return stored_index_pieces(st, st.ensure_workspace(workspace))[0]


def weekly_closes(series: Any) -> Any:
    """Daily data to weekly closes (Friday), as the demo and ``goldmine bubble --weekly`` do."""
    import pandas as pd

    if len(series) > 2 and (series.index[1:] - series.index[:-1]).median() <= pd.Timedelta(days=3):
        return series.resample("W-FRI").last().dropna()
    return series


def print_sector(view: Any, files: list[Path], L: str) -> None:
    from rich.table import Table

    from goldmine.report.sector import freshness_text

    c = console()
    c.print(f"[bold]{escape(t('report.sector.verdict.' + view.verdict, L))}[/]")
    c.print(escape(t("sector.as_of", L, as_of=view.as_of or "—")))
    if view.demo_inputs:
        c.print(f"[yellow]{escape(t('report.sector.demo_note', L))}[/]")
    table = Table()
    for col in ("report.col.pillar", "report.col.status", "report.col.finding", "sector.col.freshness"):
        table.add_column(t(col, L))
    for p in view.pillars:
        table.add_row(t(f"report.pillar.{p.id}", L), t(f"report.status.{p.status}", L), escape(p.finding.render(L)),
                      escape(freshness_text(p, L)))
    c.print(table)
    for f in files:
        c.print(f"  {escape(t('report.cli.wrote', L))}: {escape(str(f))}")


# ----------------------------------------------------------------------------------- update
def update(
    kpis: Annotated[Path, typer.Argument(help="KPI history CSV: month, revenue, burn, cash, headcount, users, plan_* columns; '# highlight:', '# lowlight:', '# ask:' and '# startup:' header lines.", show_default=False)],
    period: Annotated[str | None, typer.Option("--period", help="month or quarter (default: month).")] = None,
    company: Annotated[str | None, typer.Option("--company", help="Company name (default: the CSV's '# company:' line or the file name).")] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="Currency code (default: the CSV's '# currency:' line, else USD).")] = None,
    window: Annotated[int | None, typer.Option("--window", min=1, max=24, help="Months for growth rates and average burn (default: 3).")] = None,
    startup: Annotated[str | None, typer.Option("--startup", help="Startup id whose latest due-diligence run the update shows (default: the CSV's '# startup:' line; none: not linked).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database holding the due-diligence runs (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db, as goldmine analyze).")] = None,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace of the due-diligence runs.")] = "default",
    formats: Annotated[str, typer.Option("--format", help="Report formats, comma-separated: html, md, pdf.")] = "html,md,pdf",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("goldmine-out"),
    langs: Annotated[str | None, typer.Option("--langs", help=LANGS_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the update as JSON (no report files).")] = False,
) -> None:
    """Investor update from a KPI history: alerts against plan both ways, highlights, lowlights and asks, runway and due diligence."""
    from goldmine.io.kpis import check_startup_id, load_kpis
    from goldmine.pipeline.settings import UpdateSettings
    from goldmine.pipeline.update import investor_update
    from goldmine.report import rendered, update_document, write_files

    L = lang()
    fmts = parse_list(formats, ("html", "md", "pdf"), "--format")
    if period is not None:
        period = parse_list(period, ("month", "quarter"), "--period")[0]
    if startup is not None:
        check_startup_id(startup, "--startup", None)
    settings = UpdateSettings.default().with_(period=period, window=window)
    check_store_options(db, workspace)  # options checked before the work
    k = load_kpis(kpis, company, currency)
    u = investor_update(k, settings, find_diligence_run(db, workspace, startup or k.startup))
    if as_json:
        emit_json(u.to_dict())
        return
    folder = out_dir(out)
    files = write_files([item for lg in report_langs(langs) for item in rendered(update_document(u, lg), folder / f"{kpis.stem}.update.{lg}", fmts)])
    print_update(u, files, L)


def check_store_options(db: str | None, workspace: str) -> None:
    """``--db`` (a file or server of a supported dialect) and ``--workspace`` checked, nothing opened."""
    from goldmine.store.db import check_url, check_workspace

    check_workspace(workspace)
    if db is not None:
        check_url(db)


def find_diligence_run(db: str | None, workspace: str, startup: str | None) -> Any:
    """The latest due-diligence run of ``startup`` in ``workspace`` of the database (``--db``, else the
    user's, where ``goldmine analyze`` stores its runs), as the update's
    :class:`~goldmine.pipeline.update.DiligenceLookup`: the use case stays pure, the look-up is here.
    Without a startup id nothing is opened; a database file that does not exist holds no run and is
    not created for a look-up."""
    from goldmine.errors import NotFoundError
    from goldmine.pipeline.update import DiligenceLookup, DiligenceRun

    if startup is None:
        return DiligenceLookup(None)
    st = run_store(db, workspace)
    if st.engine.dialect.name == "sqlite" and not Path(st.engine.url.database or "").is_file():
        return DiligenceLookup(startup)
    st.upgrade()
    try:
        ws = st.workspace_id(workspace)
        versions = {v.id for v in st.history(ws, startup)}
    except NotFoundError:  # no such workspace or startup: no run to show, said in the update
        return DiligenceLookup(startup)
    runs = [r for r in st.list_runs(ws, kind="due_diligence") if r.startup_version_id in versions]
    if not runs:
        return DiligenceLookup(startup)
    run = max(runs, key=lambda r: r.id)
    return DiligenceLookup(startup, DiligenceRun.from_results(run.results, run.id, run.created_at.date().isoformat(), workspace))


def print_update(u: Any, files: list[Path], L: str) -> None:
    """The update on the terminal: summary, alerts (! against, + for), the checks that passed or the
    missing plan (once), the link to due diligence in one line, the files written."""
    from goldmine.report.update import diligence_line, message_text, no_alerts_text

    c = console()
    c.print(escape(u.summary(L)))
    for a in u.alerts:
        mark = {"negative": "[red]![/]", "positive": "[green]+[/]"}.get(a.tone, "•")
        c.print(f"  {mark} {escape(message_text(a.message, L))}")
    if not u.alerts:
        c.print(f"  {escape(no_alerts_text(u, L))}")
    if not u.plan_metrics:
        c.print(f"  {escape(t('update.no_plan', L))}")
    c.print(f"  {escape(diligence_line(u.diligence, L, u.runway_months))}")
    for f in files:
        c.print(f"  {escape(t('report.cli.wrote', L))}: {escape(str(f))}")


# ----------------------------------------------------------------------------------- demo
def demo_step(ctx: Any) -> None:
    """Reports for every example (HTML, Markdown, PDF; zh and en), the sector report, investor updates."""
    from rich.table import Table

    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.due_diligence import SECTION_NAMES, run_due_diligence
    from goldmine.pipeline.outcome import Outcome
    from goldmine.pipeline.portfolio import run_portfolio_update
    from goldmine.pipeline.settings import DueDiligenceSettings, SectorSettings
    from goldmine.pipeline.store import store_run
    from goldmine.report import (
        FORMATS,
        due_diligence_document,
        sector_document,
        update_document,
        write,
    )
    from goldmine.report.portfolio import build as portfolio_document
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
        view = demo_sector_view(SectorSettings.default().with_(seed=ctx.seed))
        bar.advance(task)
        for lg in languages:
            write(sector_document(view, lg), folder / f"sector.{lg}", FORMATS)
            bar.advance(task)
        sector = Outcome.of("sector", "goldmine.pipeline.sector", view.context())
        for key, profile in profiles.items():
            bar.update(task, description=t("report.cli.analyzing", L, name=profile.display_name(L)))
            dd = run_due_diligence(profile, DueDiligenceSettings.demo(ctx.seed), sector=sector, progress=lambda _n: bar.advance(task))
            store_run(st, "demo", profile, dd, note="demo")
            figures: dict[str, Any] = {}
            for lg in languages:
                write(due_diligence_document(dd, lg, figures), folder / f"{key}.{lg}", FORMATS)
                bar.advance(task)
            warn_failed(dd.sections, L, f"{key}: ")
            rows.append((key, dd))
        histories = [load_kpis(f, *kpi_identity(f.stem, profiles)) for f in kpi_files]
        portfolio = run_portfolio_update(histories, diligence={
            k.source: find_diligence_run(st.url, "demo", k.startup) for k in histories})
        for h in portfolio.holdings:
            for lg in languages:
                write(update_document(h.update, lg), folder / f"{Path(h.file).stem}.update.{lg}", FORMATS)
            bar.advance(task)
        for lg in languages:
            write(portfolio_document(portfolio, lg), folder / f"portfolio.{lg}", ("html", "md"))
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
    ctx.wrote(t("report.cli.demo_portfolio", L), folder / f"portfolio.{L}.html")
    ctx.wrote(t("report.cli.demo_runs", L), ctx.out / "goldmine.db")


def kpi_dir() -> Path:
    from importlib import resources

    return Path(str(resources.files("goldmine") / "examples" / "kpis"))


def kpi_identity(stem: str, profiles: dict[str, Any]) -> tuple[str | None, str | None]:
    p = profiles.get(stem)
    return (p.display_name("en"), p.currency) if p is not None else (None, None)
