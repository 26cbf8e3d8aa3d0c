"""Errors of the HTTP API as ``application/problem+json`` (RFC 9457): ``type``, ``title``, ``status``,
``detail`` and, for bad input, ``errors[]`` with the field path, the expectation (a catalogue key and
its text) and the value found, as the command line's :class:`~goldmine.errors.InputError` gives them.

No response carries a traceback, an SQL statement or a server path: an unexpected exception is
logged server-side with its traceback and answered with a plain ``500`` problem.
"""

from __future__ import annotations

import logging
from typing import Any

from goldmine.errors import (
    EnvironmentFailure,
    GoldmineError,
    InputError,
    NotFoundError,
    Problem,
)
from goldmine.i18n import t
from goldmine.jsonutil import to_jsonable

LOG = logging.getLogger("goldmine.api")
PROBLEM_JSON = "application/problem+json"
#: HTTP status -> the problem's name (its ``type`` is ``urn:goldmine:problem:<name>``).
NAMES = {400: "bad-request", 401: "unauthenticated", 403: "forbidden", 404: "not-found", 409: "conflict",
         413: "too-large", 422: "invalid", 429: "rate-limited", 500: "internal", 503: "unavailable"}


class ApiError(GoldmineError):
    """An error answered with ``status``: a catalogue key and its parameters, like every goldmine error."""

    def __init__(self, status: int, key: str, /, *, headers: dict[str, str] | None = None, **params: Any):
        super().__init__(key, **params)
        self.status = status
        self.headers = headers or {}


def language(accept: str | None) -> str:
    """``zh`` when the client prefers Chinese (``Accept-Language: zh...``), else ``en``."""
    return "zh" if accept and accept.strip().lower().startswith("zh") else "en"


def status_of(exc: GoldmineError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, EnvironmentFailure):
        return 503
    return 422


def field_errors(problems: list[Problem], lang: str) -> list[dict[str, Any]]:
    from goldmine.i18n.messages import render

    return [{"path": p.path, "expected": p.expected, "message": p.render(lang),
             "expectation": render(p.expected, lang, p.params),
             "found": to_jsonable(p.found) if p.has_found else None} for p in problems]


def problem_body(status: int, detail: str, lang: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    name = NAMES.get(status, "bad-request")
    return {"type": f"urn:goldmine:problem:{name}", "title": t(f"api.problem.{name}", lang), "status": status,
            "detail": detail, "errors": errors or []}


def from_error(exc: GoldmineError, lang: str) -> tuple[int, dict[str, Any]]:
    status = status_of(exc)
    if isinstance(exc, InputError):
        detail = t("api.error.invalid", lang, source=exc.source or "request")
        return status, problem_body(status, detail, lang, field_errors(exc.problems, lang))
    return status, problem_body(status, exc.message(lang), lang)


def from_validation(errors: list[Any], lang: str) -> dict[str, Any]:
    """FastAPI's request validation errors as problems: the field path (``body.paths``), what was
    expected (the validator's message) and what was found."""
    problems = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body",)] or ["request"]
        found = e.get("input")
        problems.append(Problem(".".join(loc), "api.expected.request", found if _small(found) else None,
                                params={"msg": str(e.get("msg", ""))}))
    return problem_body(422, t("api.error.invalid", lang, source="request"), lang, field_errors(problems, lang))


def _small(value: Any) -> bool:
    return isinstance(value, int | float | bool | type(None)) or (isinstance(value, str) and len(value) <= 200)
