"""The limits of the HTTP API (:class:`ApiSettings`), chosen for one team's server.

* ``max_body_bytes`` — 2 MiB: a profile is a few kilobytes; goldmine refuses profile files over
  :data:`goldmine.model.limits.MAX_FILE_BYTES` anyway.
* ``login_failures`` in ``login_window_s`` — 5 failed sign-ins per e-mail and address in 15 minutes
  (counted in the database, the same for every server process),
  then ``429`` until the window has passed (OWASP Authentication Cheat Sheet, "Login Throttling").
* ``page_max`` — at most 100 items per page of a list.
* ``workers`` — analyses running at once (a thread pool in the server process); more wait queued.
* ``request_threads`` — requests served at once by worker threads (FastAPI runs the routes there):
  8, within the database connection pool (SQLAlchemy's 5 kept + 10 extra), so a request does not
  open and close a connection of its own or wait for one (anyio's default, 40, did both under 50
  concurrent clients: benchmarks/api_load.py).
* ``max_paths`` — the most Monte Carlo paths one API run may ask for.
* ``token_cache_s`` — 5 s: an API token checked once is believed for 5 seconds without asking the
  database again; revoking it through this server takes effect at once, through another server
  process within those seconds (0: ask the database on every request).
* ``secure_cookies`` — ``None``: Secure cookies when the request came over https.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class ApiSettings:
    max_body_bytes: int = 2 * 1024 * 1024
    login_failures: int = 5
    login_window_s: float = 15 * 60
    page_max: int = 100
    workers: int = 2
    request_threads: int = 8
    token_cache_s: float = 5.0
    max_paths: int = 100_000
    secure_cookies: bool | None = None
    report_cache: int = 16

    def with_(self, **changes: Any) -> ApiSettings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
