"""The shape every analysis result follows (goldmine convention: analytics return
frozen results with ``to_dict()`` and ``summary()``; arch's and lifelines' style).

Results are frozen dataclasses.  Each has ``to_dict()`` (JSON-safe, stable keys, documented in
``docs/<module>.md``) and ``summary(lang=None)`` (a few lines of plain text for people).
:class:`Result` provides a default ``to_dict`` built from the dataclass fields.
"""

from __future__ import annotations

import dataclasses
from typing import Any


class Result:
    """Mixin for frozen dataclass results: ``to_dict()`` and ``summary()``."""

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable({f.name: getattr(self, f.name) for f in dataclasses.fields(self)}))  # type: ignore[arg-type]

    def summary(self, lang: str | None = None) -> str:  # pragma: no cover - overridden
        return repr(self)

    def __str__(self) -> str:
        return self.summary()
