"""``goldmine data import|list|show|update`` (issue #17): market data series in the project's database.

* ``import FILE --format yahoo|stooq|fred|polygon|csv`` reads and validates a file
  (:func:`goldmine.io.importers.read_series_file`: a bad file exits 2 naming the row and field, and
  nothing is written), then :func:`goldmine.pipeline.data.import_series` checks it (gaps, split jumps:
  warnings on stderr) and stores it as a new version; the same content again changes nothing.
* ``list`` and ``show NAME`` print the stored series with their vintage and source.
* ``update`` fetches fresh public series on request only (:mod:`goldmine.io.fetch`; prices from
  Stooq, macro series from FRED, the news tone from GDELT) and stores each one that arrived;
  exit 3 when the network or a server failed (nothing is written when a host cannot be reached),
  2 when a provider does not know a symbol.  ``--replay DIR`` answers from recorded responses.

The database is chosen as for ``goldmine startups`` (``--db``, ``GOLDMINE_DATABASE_URL``,
``$GOLDMINE_HOME/goldmine.db``); ``--workspace`` (default ``default``) keeps series apart.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from goldmine.cli.common import (
    console,
    emit_json,
    err_console,
    escape,
    lang,
    parse_date,
    print_warnings,
)
from goldmine.i18n import label, t

if TYPE_CHECKING:
    from goldmine.market.series_ops import SeriesInfo
    from goldmine.pipeline.data import UpdateResult

ORDER = 16

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db).")]
WsOpt = Annotated[str, typer.Option("--workspace", "-w", help="Workspace name.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON (keys in docs/data.md).")]
DEFAULT_SOURCES = {
    "yahoo": "Yahoo Finance historical prices CSV",
    "stooq": "Stooq daily prices CSV",
    "fred": "FRED (Federal Reserve Bank of St. Louis) graph CSV",
    "polygon": "Polygon.io / Massive day-aggregates flat file",
    "csv": "CSV file (date,value)",
}


def register(app: typer.Typer) -> None:
    data = typer.Typer(help=t("data.cli.help"), no_args_is_help=True)
    data.command("import", help=t("data.cli.import"))(import_)
    data.command("list", help=t("data.cli.list"))(list_)
    data.command("show", help=t("data.cli.show"))(show)
    data.command("update", help=t("data.cli.update"))(update)
    app.add_typer(data, name="data")


def _store(db: str | None) -> Any:
    from goldmine.cli.store import open_store

    store = open_store(db)
    store.upgrade()
    return store


def _workspace(name: str) -> str:
    from goldmine.store.db import check_workspace

    return check_workspace(name)


def _settings() -> Any:
    from goldmine.pipeline.settings import DataSettings

    return DataSettings.default()


# ------------------------------------------------------------------------------------------ import
def import_(
    file: Annotated[Path, typer.Argument(help="The file to import.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="yahoo, stooq, fred, polygon or csv (the file's columns: docs/data.md).",
                                     show_default=False)],
    symbol: Annotated[str | None, typer.Option("--symbol", help="The symbol (default: the file's ticker or FRED id, else none); "
                                               "picks one ticker of a Polygon file.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="The stored name (default: the symbol, else the file name).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the data comes from (default: the format's provider and the file name).")] = None,
    licence: Annotated[str | None, typer.Option("--licence", help="The data's licence or terms (default: none recorded).")] = None,
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """Validate a market data file and store it as a series (a new version when its content changed)."""
    from goldmine.io.importers import read_series_file
    from goldmine.pipeline.data import default_name, import_series
    from goldmine.store.db import check_note, check_series_name

    _workspace(workspace)
    check_note(source, "--source")
    check_note(licence, "--licence")
    if name is not None:
        check_series_name(name)
    if symbol is not None:
        check_series_name(symbol, "--symbol")
    series = read_series_file(file, fmt, symbol=symbol)  # validate everything before opening the database
    stored_name = name or default_name(series, file.stem)
    check_series_name(stored_name)
    text = source or f"{DEFAULT_SOURCES.get(fmt, fmt)}: {file.name}"
    result = import_series(_store(db), workspace, series, name=stored_name, source=text, licence=licence,
                           settings=_settings())
    if as_json:
        emit_json(result.to_dict())
        return
    print_warnings([f.message() for f in result.series.flags], str(file))
    console().print(("✓ " if result.created else "= ") + escape(result.summary(lang())))


# ------------------------------------------------------------------------------------------ list, show
def list_(
    kind: Annotated[str | None, typer.Option("--kind", help="Only series of this kind: prices, macro, news or value (default: all).")] = None,
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """List the stored series (latest version of each) with their vintage and source."""
    from rich.table import Table

    from goldmine.errors import InputError, Problem
    from goldmine.market.series_ops import KINDS

    if kind is not None and kind not in KINDS:
        raise InputError(None, [Problem("--kind", "expected.one_of", kind, params={"choices": ", ".join(KINDS)})])
    store = _store(db)
    rows = store.list_series(store.ensure_workspace(_workspace(workspace)), kind)
    if as_json:
        emit_json({"workspace": workspace, "series": [r.to_dict() for r in rows]})
        return
    L = lang()
    table = Table(title=t("data.list.title", L, workspace=escape(workspace), n=len(rows)))
    for key in ("data.col.name", "data.col.version", "data.col.kind", "data.col.first", "data.col.last", "data.col.rows",
                "data.col.saved", "data.col.source"):
        table.add_column(t(key, L))
    for r in rows:
        table.add_row(escape(r.name), str(r.version), t(f"data.kind.{r.kind}", L), r.first_date.isoformat(),
                      r.last_date.isoformat(), f"{r.rows:,}", r.saved_at.strftime("%Y-%m-%d %H:%M"), escape(_cut(r.source, 60)))
    console().print(table)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def show(
    name: Annotated[str, typer.Argument(help="The series' stored name.", show_default=False)],
    version: Annotated[int | None, typer.Option("--version", help="Version number (default: latest).")] = None,
    rows: Annotated[int | None, typer.Option("--rows", help="How many of the last observations to show (default 5).")] = None,
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """Show a stored series: source, licence, vintage, checks, versions and its last observations."""
    from goldmine.errors import InputError, Problem

    if rows is not None and not 0 <= rows <= 1000:
        raise InputError(None, [Problem("--rows", "expected.valid", rows, params={"detail": "0 to 1,000"})])
    store = _store(db)
    ws = store.workspace_id(_workspace(workspace))
    frame, info = store.load_series(ws, name, version)
    history = store.series_history(ws, name)
    tail = frame.tail(5 if rows is None else rows)
    last = [{"date": d.date().isoformat(), **{c: _value(v) for c, v in zip(tail.columns, vals, strict=True)}}
            for d, vals in zip(tail.index, tail.to_numpy().tolist(), strict=True)]
    if as_json:
        emit_json({"workspace": workspace, "series": info.to_dict(), "versions": [v.to_dict() for v in history], "last": last})
        return
    _show_text(info, history, last)


def _cell(field: str, v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.0f}" if field == "volume" else f"{v:,.6g}"
    return str(v)


def _value(v: float) -> float | None:
    return None if v != v else v


def _show_text(info: SeriesInfo, history: list[SeriesInfo], last: list[dict[str, Any]]) -> None:
    from rich.table import Table

    L = lang()
    out = console()
    table = Table(title=t("data.show.title", L, name=escape(info.name), version=info.version), show_header=False)
    table.add_column()
    table.add_column()
    rows = [("data.col.symbol", info.symbol or "—"), ("data.col.kind", t(f"data.kind.{info.kind}", L)),
            ("data.col.format", info.format), ("data.col.frequency", t(f"data.frequency.{info.frequency}", L)),
            ("data.col.fields", ", ".join(info.fields)), ("data.col.first", info.first_date.isoformat()),
            ("data.col.last", info.last_date.isoformat()), ("data.col.rows", f"{info.rows:,}"),
            ("data.col.missing", str(info.missing)), ("data.col.saved", info.saved_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
            ("data.col.source", info.source), ("data.col.licence", info.licence or "—"), ("data.col.origin", info.origin or "—"),
            ("data.col.hash", info.content_hash[:16])]
    for key, value in rows:
        table.add_row(t(key, L), escape(str(value)))
    out.print(table)
    for flag in info.flags:
        out.print(f"[yellow]{t('warn.prefix', L)}:[/] {escape(flag.message().render(L))}")
    out.print(t("data.show.versions", L, versions=", ".join(f"{v.version} ({v.saved_at:%Y-%m-%d}, {v.rows:,})" for v in history)))
    if last:
        data = Table(title=t("data.show.last", L, n=len(last)))
        for col in last[0]:
            data.add_column(col)
        for row in last:
            data.add_row(*(_cell(k, v) for k, v in row.items()))
        out.print(data)


# ------------------------------------------------------------------------------------------ update
def _since(value: str | None) -> dt.date | None:
    from goldmine.errors import InputError, Problem

    day = parse_date(value, "--since")
    if day is None:
        return None
    if not dt.date(1900, 1, 1) <= day <= dt.date.today():
        raise InputError(None, [Problem("--since", "expected.date_range", value,
                                        params={"low": "1900-01-01", "high": dt.date.today().isoformat()})])
    return day


def _symbols(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    out = tuple(s.strip() for v in values for s in v.split(",") if s.strip())
    return out or None


def update(
    only: Annotated[str | None, typer.Option("--only", help="Fetch only prices, news or macro (default: all three).")] = None,
    symbols: Annotated[list[str] | None, typer.Option("--symbols", help="With --only: the symbols, FRED ids or GDELT queries "
                                                      "to fetch, comma-separated or repeated (default: data/settings.yaml).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Fetch from this date (YYYY-MM-DD) and splice onto the stored "
                                              "series (default: the whole history).")] = None,
    replay: Annotated[Path | None, typer.Option("--replay", help="Answer from recorded responses in this folder instead of "
                                                "the network (default: the network).")] = None,
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """Fetch fresh public series (Stooq prices, FRED macro series, GDELT news tone) and store them; needs the network."""
    from goldmine.errors import InputError, Problem
    from goldmine.io.fetch import client_for, fetch_series
    from goldmine.pipeline.data import plan_update, update_series

    settings = _settings()
    _workspace(workspace)
    targets = plan_update(settings, only, _symbols(symbols), _since(since))
    if replay is not None and not replay.is_dir():
        raise InputError(None, [Problem("--replay", "data.expected.folder", str(replay), raw_found=True)])
    store = _store(db)
    with client_for(settings, replay) as client:
        result = update_series(store, workspace, targets, lambda target: fetch_series(client, target, settings), settings)
    if as_json:
        emit_json(result.to_dict())
    else:
        _update_text(result)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _update_text(result: UpdateResult) -> None:
    from rich.table import Table

    L = lang()
    table = Table(title=t("data.update.title", L, workspace=escape(result.workspace)))
    for key in ("data.col.name", "data.col.provider", "data.col.status", "data.col.version", "data.col.rows", "data.col.last"):
        table.add_column(t(key, L))
    err = err_console()
    for o in result.outcomes:
        s = o.series
        table.add_row(escape(o.target.name), o.target.provider, t(f"data.status.{o.status}", L), str(s.version) if s else "—",
                      f"{s.rows:,}" if s else "—", s.last_date.isoformat() if s else "—")
        if o.error is not None:
            err.print(f"[bold red]{label('error.prefix', L)}[/]{escape(o.target.name)}: {escape(o.error.message(L))}")
        if o.stitch is not None and o.stitch.gap is not None:
            g = o.stitch.gap
            err.print(f"[yellow]{t('warn.prefix', L)}:[/] {escape(o.target.name)}: "
                      + escape(t("data.update.gap", L, start=g.start.isoformat(), end=g.end.isoformat(), n=g.periods)))
        if s is not None:
            print_warnings([f.message() for f in s.flags], o.target.name)
    console().print(table)
    console().print(escape(result.summary(L)))
