"""One optional section of a run: the analysis's typed result, or why it is absent (issue #12).

A section of a due-diligence or sector run is an :class:`Outcome` holding the analysis's own
result object (``Outcome[RunwayReport]``, ``Outcome[Assessment]``...): the recommendation, the
sector verdict and the report read its attributes, and ``to_dict()`` runs once, at the JSON or
storage boundary.  A section is:

* ``ok`` — :attr:`Outcome.result` holds the result;
* ``missing`` — the analysis's package is not part of this installation (a planned or optional
  package); in strict mode (:func:`strict`, set by the test suite) this is an error instead;
* ``failed`` — the analysis refused its input with a :class:`~goldmine.errors.GoldmineError`
  (a key, parameters and a field path: the report renders it in the reader's language);
* ``skipped`` — the analysis does not apply to this input (a deal analysis without a proposed
  round): :attr:`Outcome.note` says why, as a message.

Nothing else is caught: a programming error propagates (the CLI reports it as an internal error),
so a bug can never pass as a "failed" line in a report.
"""

from __future__ import annotations

import contextvars
import importlib.util
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from goldmine.errors import GoldmineError
from goldmine.i18n.messages import Message

T = TypeVar("T")

OK = "ok"
MISSING = "missing"
FAILED = "failed"
SKIPPED = "skipped"

_strict: contextvars.ContextVar[bool | None] = contextvars.ContextVar("goldmine_strict", default=None)


def is_strict() -> bool:
    """Strict mode: a missing section package raises instead of marking the section ``missing``.

    On with ``GOLDMINE_STRICT=1`` (the test suite sets it) or inside :func:`strict`.
    """
    flag = _strict.get()
    return flag if flag is not None else os.environ.get("GOLDMINE_STRICT") == "1"


@contextmanager
def strict(on: bool = True) -> Iterator[None]:
    token = _strict.set(on)
    try:
        yield
    finally:
        _strict.reset(token)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """The result of one section: ``status`` ok / missing / failed, the typed ``result`` when ok, the
    ``error`` when failed, the package (``module``) and the ``parameters`` the analysis ran with."""

    name: str
    module: str
    status: str
    result: T | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    error: GoldmineError | None = None
    note: Message | None = None

    @property
    def ok(self) -> bool:
        return self.status == OK and self.result is not None

    @property
    def value(self) -> T:
        """The result; :class:`LookupError` when the section is not ``ok`` (check :attr:`ok` first)."""
        if self.result is None:
            raise LookupError(f"section {self.name} is {self.status}, it has no result")
        return self.result

    def message(self, lang: str) -> str | None:
        """Why the section failed, in ``lang`` (with the field path at fault, for the command line)."""
        return None if self.error is None else self.error.message(lang)

    def reason(self, lang: str) -> str | None:
        """Why the section failed, in ``lang``, as a sentence for a report (no field path)."""
        return None if self.error is None else self.error.text(lang)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return {"status": self.status, "module": self.module, "parameters": to_jsonable(dict(self.parameters)),
                "data": to_jsonable(self.result) if self.ok else None,
                "error": self.error.to_dict() if self.error is not None else None,
                "note": None if self.note is None else self.note.to_dict()}

    def summary(self, lang: str | None = None) -> str:
        return f"{self.name}: {self.status}"

    @classmethod
    def failed(cls, name: str, module: str, error: GoldmineError, parameters: Mapping[str, Any] | None = None) -> Outcome[T]:
        return cls(name, module, FAILED, parameters=dict(parameters or {}), error=error)

    @classmethod
    def skipped(cls, name: str, module: str, note: Message) -> Outcome[T]:
        """A section that does not apply to this input, with the reason (``note``)."""
        return cls(name, module, SKIPPED, note=note)

    @classmethod
    def of(cls, name: str, module: str, result: T, parameters: Mapping[str, Any] | None = None) -> Outcome[T]:
        return cls(name, module, OK, result=result, parameters=dict(parameters or {}))


def available(module: str) -> bool:
    """True when ``module`` (a dotted name) can be imported from this installation."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ModuleNotFoundError, ValueError):
        return False


def run_section(name: str, module: str, fn: Callable[[], T], parameters: Mapping[str, Any] | None = None) -> Outcome[T]:
    """Run ``fn`` (which imports ``module`` and returns the analysis's result) as one section.

    A missing package gives ``missing`` (an error in strict mode); a :class:`GoldmineError` gives
    ``failed`` with the error; any other exception propagates.
    """
    params = dict(parameters or {})
    if not available(module):
        if is_strict():
            raise ModuleNotFoundError(f"section {name} needs {module}, which this installation lacks (strict mode)")
        return Outcome(name, module, MISSING, parameters=params)
    try:
        result = fn()
    except GoldmineError as exc:
        return Outcome.failed(name, module, exc, params)
    return Outcome.of(name, module, result, params)
