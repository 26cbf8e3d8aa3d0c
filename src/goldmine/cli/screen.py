"""``goldmine screen``: due diligence on many profiles, ranked and filtered (issue #19; docs/portfolio.md).

Profiles come from files (one that cannot be read is a per-profile failure, listed after the table),
from the database (``--from-db``, the latest version of every startup of a workspace) and/or are
generated from them (``--generate N --seed S``: :func:`goldmine.portfolio.generate.generate`).  The
use case is :func:`goldmine.pipeline.screen.run_screen`; the per-profile work runs on a backend of
:mod:`goldmine.parallel` (``--backend serial|process|dask``, ``--scheduler tcp://host:8786`` for a Dask
cluster).  Outputs: a Rich table in the chosen language, ``--json``, ``--out FILE.csv|.json|.html``.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, err_console, escape, lang, write_json_bytes
from goldmine.i18n import t
from goldmine.model.limits import MAX_PATHS, MAX_SEED

ORDER = 85
BACKENDS = ("auto", "serial", "process", "dask")
VERDICTS = ("invest", "watch", "insufficient", "pass")
COLUMNS = ("rank", "name", "stage", "vertical", "country", "verdict", "reasons", "risk", "cash_out", "valuation",
           "moic", "p_loss", "outcome")


def register(app: typer.Typer) -> None:
    app.command("screen", help=t("screen.cli.help"))(screen)


def screen(
    profiles: Annotated[list[Path] | None, typer.Argument(help="Startup profiles (.yaml, .yml or .json); or --from-db.", show_default=False)] = None,
    from_db: Annotated[bool, typer.Option("--from-db", help="Screen the latest version of every startup stored in the workspace.")] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database URL for --from-db (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db).")] = None,
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace of --from-db.")] = "default",
    generate: Annotated[int | None, typer.Option("--generate", min=1, max=100_000, help="Screen N generated variations of the profiles instead of the profiles themselves, 1 to 100,000.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, max=MAX_SEED, help="Seed of the generator and of the batch (each company's seed derives from it), 0 to 2^63-1 (default: data/settings.yaml screen.seed).")] = None,
    paths: Annotated[int | None, typer.Option("--paths", min=100, max=MAX_PATHS, help="Monte Carlo paths of each company's runway and deal simulations (default: data/settings.yaml screen.paths, the due-diligence defaults).")] = None,
    verdict: Annotated[str | None, typer.Option("--verdict", help="Keep these verdicts, comma-separated: invest, watch, insufficient, pass (default: all).")] = None,
    max_risk: Annotated[float | None, typer.Option("--max-risk", min=0, max=100, help="Keep companies with a risk score of at most X, 0 to 100 (default: all).")] = None,
    min_moic: Annotated[float | None, typer.Option("--min-moic", min=0, max=1000, help="Keep companies whose proposed round has a mean MOIC of at least X (companies without a proposal are left out; default: all).")] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="Keep these stages, comma-separated (idea, pre_seed, seed, angel, series_a, series_b, series_c_plus, growth; default: all).")] = None,
    vertical: Annotated[str | None, typer.Option("--vertical", help="Keep these verticals, comma-separated (default: all).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Keep these countries, ISO 3166-1 alpha-2 codes, comma-separated (default: all).")] = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Show the N best-ranked companies (default: all).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Also write the ranking to FILE.csv, FILE.json or FILE.html.")] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="Where the profiles run: auto, serial, process or dask (default: data/settings.yaml screen.backend, auto: serial below 8 profiles, else local processes).")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Address of a Dask scheduler, tcp://host:8786 (implies --backend dask; default: a local cluster).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=1024, help="Local worker processes (process, or dask without --scheduler; default: the usable cores).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the ranking as JSON (no progress bar).")] = False,
) -> None:
    """Screen many startups: due diligence on each, ranked, filtered."""
    from goldmine.pipeline.screen import run_screen
    from goldmine.pipeline.settings import ScreenSettings
    from goldmine.portfolio.screen import ScreenFilter

    L = lang()
    _check_sources(profiles, from_db)
    where = ScreenFilter(verdicts=_choices(verdict, VERDICTS, "--verdict"), max_risk=max_risk, min_moic=min_moic,
                         stages=_choices(stage, _enum("Stage"), "--stage"),
                         verticals=_choices(vertical, _enum("Vertical"), "--vertical"), countries=_countries(country))
    if backend is not None:
        backend = _choices(backend, BACKENDS, "--backend")[0]  # type: ignore[index]
    if scheduler is not None:
        _check_scheduler(scheduler)
        backend = "dask"
    if out is not None and out.suffix.lower() not in (".csv", ".json", ".html"):
        from goldmine.errors import InputError, Problem

        raise InputError(None, [Problem("--out", "screen.error.out", str(out))])
    settings = ScreenSettings.default().with_(seed=seed, paths=paths, backend=backend)
    items, sources = _load(profiles, from_db, db, workspace)
    if generate is not None:
        items, sources = _generated(items, generate, settings.seed)
    runner = _backend(settings, len(items), scheduler, workers)
    try:
        if as_json:
            result = run_screen(items, settings, backend=runner, where=where, top=top, sources=sources)
        else:
            with _progress() as bar:
                task = bar.add_task(t("screen.cli.progress", L), total=_count(items))
                result = run_screen(items, settings, backend=runner, where=where, top=top, sources=sources,
                                    progress=lambda d, _n: bar.update(task, completed=d))
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()
    files = _write(out, result, L) if out is not None else []
    if as_json:
        emit_json(result.to_dict())
        return
    print_screen(result, L)
    for f in files:
        console().print(f"{escape(t('screen.wrote', L))}: {escape(str(f))}")


# ----------------------------------------------------------------------------------- options
def _problem(option: str, expected: str, found: Any, **params: Any) -> Exception:
    from goldmine.errors import InputError, Problem

    return InputError(None, [Problem(option, expected, found, params=params)])


def _check_sources(profiles: list[Path] | None, from_db: bool) -> None:
    if profiles and from_db:
        raise _problem("--from-db", "screen.error.source", "PROFILES + --from-db")
    if not profiles and not from_db:
        raise _problem("PROFILES", "screen.error.no_source", None)


def _enum(name: str) -> tuple[str, ...]:
    from goldmine.model import enums

    return tuple(m.value for m in getattr(enums, name))


def _choices(text: str | None, allowed: tuple[str, ...], option: str) -> tuple[str, ...] | None:
    from goldmine.cli.report import parse_list

    return None if text is None else tuple(parse_list(text, allowed, option))


def _countries(text: str | None) -> tuple[str, ...] | None:
    import re

    if text is None:
        return None
    items = [c.strip().upper() for c in text.split(",") if c.strip()]
    bad = [c for c in items if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad or not items:
        raise _problem("--country", "expected.one_of", bad[0] if bad else text, choices="ISO 3166-1 alpha-2 (CN, US, ...)")
    return tuple(dict.fromkeys(items))


def _check_scheduler(address: str) -> None:
    from goldmine.parallel.backends import check_spec

    if not address.startswith("tcp://"):
        raise _problem("--scheduler", "expected.one_of", address, choices="tcp://host:port")
    try:
        check_spec(address)
    except ValueError:
        raise _problem("--scheduler", "expected.one_of", address, choices="tcp://host:port") from None


# ----------------------------------------------------------------------------------- inputs
def _load(profiles: list[Path] | None, from_db: bool, db: str | None, workspace: str) -> tuple[list[Any], list[str]]:
    """The profiles, each a :class:`Startup` or, when its file cannot be read, a :class:`ScreenFailure`."""
    from goldmine.errors import InputError
    from goldmine.io import load_profile
    from goldmine.pipeline.screen import ScreenFailure

    if from_db:
        return _from_db(db, workspace)
    items: list[Any] = []
    sources = [str(p) for p in profiles or []]
    for i, path in enumerate(profiles or []):
        try:
            items.append(load_profile(path))
        except InputError as exc:  # a file error is this profile's failure; the batch goes on
            items.append(ScreenFailure.of(i, None, str(path), exc))
    return items, sources


def _from_db(db: str | None, workspace: str) -> tuple[list[Any], list[str]]:
    from goldmine.errors import InputError, Problem
    from goldmine.store import Store
    from goldmine.store.db import check_url, check_workspace

    check_workspace(workspace)
    st = Store(check_url(db) if db is not None else None)
    st.upgrade()
    ws = st.ensure_workspace(workspace)
    rows = st.list_startups(ws)
    if not rows:
        raise InputError(None, [Problem("--workspace", "screen.error.empty_db", workspace, params={"workspace": workspace})])
    return [st.get_startup(ws, v.slug) for v in rows], [f"db:{workspace}/{v.slug}" for v in rows]


def _generated(items: list[Any], n: int, seed: int) -> tuple[list[Any], list[str]]:
    """``n`` variations of the readable profiles (the unreadable ones stay reported as failures)."""
    from goldmine.model import Startup
    from goldmine.pipeline.screen import ScreenFailure
    from goldmine.portfolio.generate import generate

    bases = [p for p in items if isinstance(p, Startup)]
    failed = [p for p in items if isinstance(p, ScreenFailure)]
    made = list(generate(bases, n, seed)) if bases else []
    return [*failed, *made], [f.source for f in failed] + [p.id or "" for p in made]


def _backend(settings: Any, n: int, scheduler: str | None, workers: int | None) -> Any:
    """A :mod:`goldmine.parallel` backend for the settings' choice (``auto``: serial below
    ``process_from`` profiles, else local processes)."""
    from goldmine.parallel import DaskBackend, ProcessBackend, SerialBackend

    choice = settings.backend
    if choice == "auto":
        choice = "serial" if n < settings.process_from else "process"
    if choice == "serial":
        return SerialBackend()
    if choice == "process":
        return ProcessBackend(workers)
    if scheduler is not None:
        return DaskBackend(scheduler)
    if workers is None:
        return DaskBackend()
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)  # type: ignore[no-untyped-call]
    return _OwnedDask(DaskBackend(Client(cluster)), cluster)  # type: ignore[no-untyped-call]


class _OwnedDask:
    """A Dask backend on a local cluster started here: both closed after the run."""

    name = "dask"

    def __init__(self, backend: Any, cluster: Any):
        self.backend, self.cluster = backend, cluster

    def map(self, fn: Any, tasks: Any, on_done: Any = None) -> list[Any]:
        return list(self.backend.map(fn, tasks, on_done))

    def close(self) -> None:
        self.backend.client.close()
        self.cluster.close()


def _progress() -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TimeRemainingColumn(), console=err_console(), transient=True)


# ----------------------------------------------------------------------------------- outputs
def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _num(x: float | None, fmt: str) -> str:
    return "—" if x is None else format(x, fmt)


def cells(rank: int, r: Any, L: str) -> list[str]:
    """One row of the table as text in ``L`` (the terminal and HTML tables)."""
    from goldmine.i18n import format_money

    return [str(rank), r.name(L), t(f"stage.{r.stage}", L), t(f"vertical.{r.vertical}", L), r.country, t(f"report.verdict.{r.verdict}", L),
            str(r.reasons), _num(r.risk_score, ".1f"), _pct(r.p_cash_out),
            "—" if r.valuation is None else format_money(r.valuation, r.currency, L), _num(r.mean_moic, ".2f"),
            _pct(r.p_loss), _pct(r.outcome_probability)]


def print_screen(result: Any, L: str) -> None:
    from rich.table import Table

    c = console()
    table = Table(title=t("screen.title", L, kept=result.kept, screened=result.screened, total=result.total))
    for col in COLUMNS:   # a narrow terminal wraps a cell, never cuts a company's name to "灵犀智…"
        table.add_column(t(f"screen.col.{col}", L), overflow="fold", min_width=6 if col == "name" else None)
    for i, r in enumerate(result.rows, 1):
        table.add_row(*(escape(x) for x in cells(i, r, L)))
    if result.rows:
        c.print(table)
    else:
        c.print(escape(t("screen.title", L, kept=result.kept, screened=result.screened, total=result.total)))
        c.print(escape(t("screen.none", L)))
    if result.failures:
        c.print(escape(t("screen.failures", L, n=len(result.failures))))
        for f in result.failures:
            c.print(f"  [red]✗[/] {escape(f.source)}: {escape(f.text(L))}")


def to_csv(result: Any) -> str:
    """The rows as CSV (language-neutral: the codes and numbers of the JSON rows, ranked)."""
    buf = io.StringIO()
    fields = ["rank", *result.rows[0].to_dict()] if result.rows else ["rank"]
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for i, r in enumerate(result.rows, 1):
        w.writerow({"rank": i, **{k: ("" if v is None else v) for k, v in r.to_dict().items()}})
    return buf.getvalue()


def to_html(result: Any, L: str) -> str:
    """A self-contained HTML page of the ranking (no script, no external resource); every text escaped."""
    e = html.escape
    head = "".join(f"<th>{e(t(f'screen.col.{c}', L))}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in cells(i, r, L)) + "</tr>\n" for i, r in enumerate(result.rows, 1))
    fails = "".join(f"<li>{e(f.source)}: {e(f.text(L))}</li>" for f in result.failures)
    title = t("screen.title", L, kept=result.kept, screened=result.screened, total=result.total)
    return (f'<!DOCTYPE html>\n<html lang="{e(L)}"><head><meta charset="utf-8"><title>{e(t("screen.html.title", L))}</title>'
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#f3f3f3}</style></head>\n"
            f"<body><h1>{e(title)}</h1>\n<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"
            + (f"<p>{e(t('screen.failures', L, n=len(result.failures)))}</p><ul>{fails}</ul>\n" if fails else "")
            + "</body></html>\n")


def _write(out: Path, result: Any, L: str) -> list[Path]:
    from goldmine.io.files import write_all

    suffix = out.suffix.lower()
    content: str | bytes = (to_csv(result) if suffix == ".csv" else write_json_bytes(result.to_dict()) if suffix == ".json"
                            else to_html(result, L))
    return write_all([(out, content)])


def _count(items: list[Any]) -> int:
    from goldmine.model import Startup

    return sum(isinstance(i, Startup) for i in items)
