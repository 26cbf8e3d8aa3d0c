"""``goldmine serve`` and ``goldmine users create`` (issue #18): the HTTP API and its first account.

``serve`` runs :func:`goldmine.api.create_app` with uvicorn on ``--host``/``--port`` (default
``127.0.0.1:8000``, this machine only) over the database of the other commands
(``GOLDMINE_DATABASE_URL`` or ``$GOLDMINE_HOME/goldmine.db``; ``--db`` overrides).  ``users create``
adds a user as owner of a workspace (created when absent) and prints an API token once.  Both need
the ``web`` extra; FastAPI, uvicorn and argon2 are imported inside the commands only.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from goldmine.cli.common import console, escape, lang
from goldmine.i18n import t

ORDER = 95

DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default: GOLDMINE_DATABASE_URL or $GOLDMINE_HOME/goldmine.db).")]


def register(app: typer.Typer) -> None:
    app.command("serve", help=t("api.cli.serve.help"))(serve)
    users = typer.Typer(help=t("api.cli.users.help"), no_args_is_help=True)
    users.command("create", help=t("api.cli.users.create.help"))(create)
    app.add_typer(users, name="users")


def _web() -> None:
    """The web extra is installed, else an environment failure naming it (exit 3)."""
    from goldmine.errors import EnvironmentFailure

    try:
        import argon2  # noqa: F401
        import fastapi  # noqa: F401
        import python_multipart  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise EnvironmentFailure("api.cli.no_web") from exc


def _url(db: str | None) -> str:
    from goldmine.store.db import check_url, default_url

    return check_url(db) if db is not None else default_url()


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default: 127.0.0.1, this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on (default: 8000).")] = 8000,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Server processes (default: 1); more serve more readers at once, each with its own analysis threads.")] = 1,
) -> None:
    """Start the HTTP API."""
    _web()
    import os

    import uvicorn

    from goldmine.api import WORKER_DATABASE, create_app
    from goldmine.api.jobs import fail_interrupted
    from goldmine.store import Store

    url = _url(db)
    if workers == 1:
        app = create_app(url)
        console().print(escape(t("api.cli.serve.listening", lang(), host=host, port=port, url=Store(url)._safe_url())))
        uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
        return
    store = Store(url)  # migrate and recover once, before the workers start (goldmine.api.worker_app)
    store.upgrade()
    fail_interrupted(store)
    store.engine.dispose()
    os.environ[WORKER_DATABASE] = url
    console().print(escape(t("api.cli.serve.listening_workers", lang(), host=host, port=port, url=store._safe_url(),
                             workers=workers)))
    uvicorn.run("goldmine.api:worker_app", factory=True, workers=workers, host=host, port=port, log_level="info",
                proxy_headers=False)


def create(
    email: Annotated[str, typer.Argument(help="The user's e-mail address.", show_default=False)],
    workspace: Annotated[str, typer.Option("--workspace", "-w", help="Workspace the user owns, created when absent (default: default).")] = "default",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input instead of asking.")] = False,
    db: DbOpt = None,
) -> None:
    """Create a user, owner of a workspace; prints an API token once."""
    _web()
    from sqlalchemy import select

    from goldmine.api import accounts
    from goldmine.errors import InputError, Problem
    from goldmine.store import Store
    from goldmine.store.db import check_workspace
    from goldmine.store.tables import Workspace

    email = accounts.check_email(email, "EMAIL")
    check_workspace(workspace)
    if password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise InputError(None, [Problem("--password-stdin", "api.expected.password_stdin", None)])
    else:
        password = typer.prompt(t("api.cli.users.password", lang()), hide_input=True, confirmation_prompt=True)
    accounts.check_password(password, "--password-stdin" if password_stdin else "password")
    store = Store(_url(db))
    store.upgrade()
    user_id = accounts.create_user(store, email, password)
    with store.transaction(write=False) as s:
        existing = s.scalar(select(Workspace.id).where(Workspace.name == workspace))
    if existing is None:
        accounts.create_workspace(store, user_id, workspace)
    else:
        accounts.add_member(store, user_id, existing, email, "owner")
    _, token = accounts.create_token(store, user_id, "goldmine users create")
    console().print(escape(t("api.cli.users.created", lang(), email=email, workspace=workspace)))
    console().print(escape(t("api.cli.users.token", lang())))
    typer.echo(token)
