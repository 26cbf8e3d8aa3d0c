"""The HTTP API of goldmine (issue #18; layer 4, an adapter beside the command line).

FastAPI with the OpenAPI document as the contract (``/api/v1/openapi.json``); ``goldmine serve`` runs
it with uvicorn.  It calls the same use cases as the command line (``run_due_diligence``,
``store_run``, ``goldmine.report``), so the same inputs give the same numbers as ``--json``.

* :func:`create_app` — the application on a database URL, with :class:`ApiSettings` (limits).
* :func:`worker_app` — the application of one worker process of ``goldmine serve --workers N``.
* :mod:`goldmine.api.accounts` — users (argon2 password hashes), roles, API tokens and sessions
  (SHA-256 hashes of their secrets), the audit log.
* :mod:`goldmine.api.jobs` — background due-diligence runs on a thread pool, with progress.
* :mod:`goldmine.api.problems` — errors as ``application/problem+json`` with field paths.

FastAPI, uvicorn, argon2-cffi and python-multipart come with the ``web`` extra
(``pip install 'goldmine[web]'``); nothing else in goldmine imports this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from goldmine.api.settings import ApiSettings

__all__ = ["WORKER_DATABASE", "create_app", "worker_app"]

#: The environment variable through which ``goldmine serve --workers N`` tells its worker processes
#: the database URL (uvicorn starts each worker from an import string, without arguments).
WORKER_DATABASE = "GOLDMINE_SERVE_DATABASE_URL"


def create_app(database_url: str | None = None, *, settings: ApiSettings | None = None, recover: bool = True) -> FastAPI:
    """:func:`goldmine.api.app.create_app` (FastAPI is imported only when an application is made)."""
    from goldmine.api.app import create_app as make

    return make(database_url, settings=settings, recover=recover)


def worker_app() -> FastAPI:
    """The application of one of several server processes (uvicorn's ``factory``): the database of
    :data:`WORKER_DATABASE`, already migrated and recovered by ``goldmine serve`` before the workers
    started, so no worker fails the jobs a sibling is running."""
    import os

    return create_app(os.environ.get(WORKER_DATABASE) or None, recover=False)
