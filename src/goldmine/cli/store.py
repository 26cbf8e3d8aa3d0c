"""``goldmine db init|upgrade`` and ``goldmine startups add|list|show|history`` (issue #2).

The database is ``GOLDMINE_DATABASE_URL`` or ``$GOLDMINE_HOME/goldmine.db`` (default
``~/.goldmine``); ``--db URL`` overrides both (SQLite with a file, or PostgreSQL; an in-memory
database is refused: it would keep nothing).  ``--workspace`` picks the workspace (default
``default``, 1 to 100 characters): each workspace sees only its own startups and runs.

Many processes may add and analyse at once (issue #20): the schema is migrated by one of them, version
numbers are allocated under a lock, and a write that meets a peer's lock is retried
(:mod:`goldmine.store.db`).  An unreachable, read-only or busy database exits with code 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from goldmine.cli.common import console, emit_json, escape, lang, print_warnings
from goldmine.i18n import t

ORDER = 15

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db).")]
WsOpt = Annotated[str, typer.Option("--workspace", "-w", help="Workspace name.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer) -> None:
    db = typer.Typer(help=t("cli.db.help"), no_args_is_help=True)
    db.command("init", help=t("cli.db.init.help"))(init)
    db.command("upgrade", help=t("cli.db.upgrade.help"))(upgrade)
    app.add_typer(db, name="db")
    st = typer.Typer(help=t("cli.startups.help"), no_args_is_help=True)
    st.command("add", help=t("cli.startups.add.help"))(add)
    st.command("list", help=t("cli.startups.list.help"))(list_)
    st.command("show", help=t("cli.startups.show.help"))(show)
    st.command("history", help=t("cli.startups.history.help"))(history)
    app.add_typer(st, name="startups")


def open_store(db: str | None) -> Any:
    """The store of ``--db`` (checked: a file or server, a supported dialect) or the default database."""
    from goldmine.store import Store
    from goldmine.store.db import check_url

    return Store(check_url(db) if db is not None else None)


def _workspace(name: str) -> str:
    from goldmine.store.db import check_workspace

    return check_workspace(name)


def init(db: DbOpt = None) -> None:
    """Create the database schema (same as upgrade on an empty database)."""
    store = open_store(db)
    store.upgrade()
    console().print(t("cli.db.ready", lang(), url=escape(store._safe_url()), rev=store.current_revision()))


def upgrade(db: DbOpt = None) -> None:
    """Migrate the database schema to the latest revision."""
    init(db)


def add(
    files: Annotated[list[Path], typer.Argument(help="Profile files to store.", show_default=False)],
    note: Annotated[str | None, typer.Option("--note", help="A note stored with the new versions.")] = None,
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """Store profiles; an edited profile becomes a new version. All files or none are stored."""
    from goldmine.io import load_profile
    from goldmine.pipeline.validate import plausibility_warnings
    from goldmine.store.db import check_note

    check_note(note)
    _workspace(workspace)
    profiles = [(f, load_profile(f)) for f in files]  # validate everything before writing anything
    store = open_store(db)
    store.upgrade()
    ws = store.ensure_workspace(workspace)
    # one transaction for all files (all or none), retried when a peer holds a lock; rows are locked in
    # slug order, so two commands adding the same startups in another order cannot deadlock
    order = sorted(range(len(profiles)), key=lambda i: profiles[i][1].id or "")

    def save_all(session: Any) -> list[Any]:
        out: list[Any] = [None] * len(profiles)
        for i in order:
            out[i] = store.save_startup(ws, profiles[i][1], note=note, session=session)
        return out

    saved = store.write(save_all)
    if as_json:
        emit_json({"workspace": workspace, "saved": [v.to_dict() for v in saved]})
        return
    for (f, p), v in zip(profiles, saved, strict=True):
        print_warnings(plausibility_warnings(p), str(f))
        console().print(t("cli.startups.saved", lang(), slug=v.slug, version=v.version))


def list_(db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False) -> None:
    """List the startups of a workspace (latest version of each)."""
    from rich.table import Table

    store = open_store(db)
    store.upgrade()
    rows = store.list_startups(store.ensure_workspace(_workspace(workspace)))
    if as_json:
        emit_json({"workspace": workspace, "startups": [v.to_dict() for v in rows]})
        return
    table = Table(title=t("cli.startups.list.title", lang(), workspace=workspace))
    for key in ("col.id", "col.name", "col.stage", "col.version", "col.saved"):
        table.add_column(t(key, lang()))
    for v in rows:
        table.add_row(v.slug, v.name, t(f"stage.{v.stage}", lang()), str(v.version), v.created_at.strftime("%Y-%m-%d %H:%M"))
    console().print(table)


def show(
    slug: Annotated[str, typer.Argument(help="Startup id (slug).")],
    version: Annotated[int | None, typer.Option("--version", help="Version number (default: latest).")] = None,
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """Show a stored profile (latest version unless --version)."""
    import yaml

    store = open_store(db)
    store.upgrade()
    profile = store.get_startup(store.workspace_id(_workspace(workspace)), slug, version)
    data = profile.model_dump(mode="json", exclude_none=True)
    if as_json:
        emit_json(data)
    else:
        typer.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)


def history(
    slug: Annotated[str, typer.Argument(help="Startup id (slug).")],
    db: DbOpt = None, workspace: WsOpt = "default", as_json: JsonOpt = False,
) -> None:
    """List every stored version of a startup, oldest first."""
    from rich.table import Table

    store = open_store(db)
    store.upgrade()
    rows = store.history(store.workspace_id(_workspace(workspace)), slug)
    if as_json:
        emit_json({"workspace": workspace, "slug": slug, "versions": [v.to_dict() for v in rows]})
        return
    table = Table(title=t("cli.startups.history.title", lang(), slug=slug))
    for key in ("col.version", "col.saved", "col.stage", "col.hash", "col.note"):
        table.add_column(t(key, lang()))
    for v in rows:
        table.add_row(str(v.version), v.created_at.strftime("%Y-%m-%d %H:%M:%S"), t(f"stage.{v.stage}", lang()),
                      v.content_hash[:12], v.note or "")
    console().print(table)
