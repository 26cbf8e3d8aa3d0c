"""The limits of the HTTP API (:class:`ApiSettings`), chosen for one team's server.

* ``max_body_bytes`` — 2 MiB: a profile is a few kilobytes; goldmine refuses profile files over
  :data:`goldmine.model.limits.MAX_FILE_BYTES` anyway.
* ``login_failures`` in ``login_window_s`` — 5 failed sign-ins per e-mail and address in 15 minutes,
  then ``429`` until the window has passed (OWASP Authentication Cheat Sheet, "Login Throttling").
* ``page_max`` — at most 100 items per page of a list.
* ``workers`` — analyses running at once (a thread pool in the server process); more wait queued.
* ``max_paths`` — the most Monte Carlo paths one API run may ask for.
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
    max_paths: int = 100_000
    secure_cookies: bool | None = None
    report_cache: int = 16

    def with_(self, **changes: Any) -> ApiSettings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
