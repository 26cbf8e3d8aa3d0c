"""The one error hierarchy of goldmine.

goldmine conventions: bad input is reported with the file, the field path, what was expected and
what was found; errors, like results, are language-neutral (a key and parameters, rendered in the
reader's language at the edge).

Every error a user can cause is a :class:`GoldmineError`.  An error carries a message *key* of the
catalogue (``goldmine/i18n/*.yaml``), its parameters and, where one exists, the field path of the
input at fault; the text is rendered in the reader's language only when it is shown
(:meth:`GoldmineError.message`).  Input errors carry the file and one :class:`Problem` per fault,
so the CLI can print one line such as::

    acme.yaml: market.market_share: expected a fraction between 0 and 1, found 35

and exit with code 2 without a traceback.

* :class:`InputError` (:class:`FileFormatError`) — a file, an option or an object that does not
  satisfy its schema;
* :class:`AnalysisError` — an analysis cannot run on an input that is valid in itself (too short
  a series, a plan whose rounds cannot be priced);
* :class:`StorageError` (:class:`NotFoundError`) — a database operation failed; nothing was written;
* :class:`EnvironmentFailure` — the machine, not the input: an unreachable, busy or read-only database
  (:class:`StorageUnavailable`), a folder that cannot be created or written, ``GOLDMINE_HOME``
  pointing at a file, a compute cluster that does not answer.  Its message names the cause in one
  line, never an SQL statement or the input's content.

Exit codes of the command line (``GoldmineError.exit_code``; issue #20):

* ``0`` — done;
* ``1`` — an unexpected error (a bug: please report it with the command; ``--debug`` shows the traceback);
* ``2`` — bad input (a file, an option, an analysis that cannot run on valid input), one line per problem;
* ``3`` — an environment failure (:class:`EnvironmentFailure`): retrying later or fixing the machine
  (database server, permissions, disk) helps, changing the input does not;
* ``130`` — interrupted (Ctrl-C); nothing half-written is left behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class GoldmineError(Exception):
    """Base class of every error goldmine raises on purpose: a message key, parameters, a field path.

    ``GoldmineError("valuation.error.no_revenue", path="financials.revenue_history", months=2)``
    renders ``t("valuation.error.no_revenue", lang, months=2)`` prefixed with the path.
    """

    exit_code = 2

    def __init__(self, key: str, /, *, path: str | None = None, **params: Any):
        self.key = key
        self.path = path
        self.params: dict[str, Any] = dict(params)
        super().__init__(key)

    def text(self, lang: str = "en") -> str:
        """The message without the field path."""
        from goldmine.i18n.messages import render

        return render(self.key, lang, self.params)

    def message(self, lang: str = "en") -> str:
        """The text shown to a user in ``lang``: ``path: text``."""
        text = self.text(lang)
        return f"{self.path}: {text}" if self.path else text

    def to_dict(self) -> dict[str, Any]:
        """Language-neutral: the error's type, key, parameters and path (JSON of failed sections)."""
        from goldmine.jsonutil import to_jsonable

        return {"type": type(self).__name__, "key": self.key, "params": to_jsonable(self.params), "path": self.path}

    def __str__(self) -> str:
        return self.message("en")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, what was expected (a catalogue key), what was found.

    ``expected`` is a message-catalogue key (``expected.*`` or an area's own key); ``params`` fill it.
    """

    path: str
    expected: str
    found: Any = None
    params: Mapping[str, Any] = field(default_factory=dict)
    has_found: bool = True
    raw_found: bool = False

    def render(self, lang: str = "en") -> str:
        from goldmine.i18n import t, zh_text
        from goldmine.i18n.messages import render

        exp = render(self.expected, lang, self.params)
        text = f"{self.path}: {t('error.expected', lang)} {exp}" if self.path else f"{t('error.expected', lang)} {exp}"
        if self.has_found:
            found = self.found if self.raw_found else format_found(self.found, lang)
            if self.raw_found and isinstance(found, str) and found in RAW_FOUND_KEYS:
                found = t(RAW_FOUND_KEYS[found], lang)
            text += f", {t('error.found', lang)} {found}"
        return zh_text(text) if lang == "zh" else text  # 应为不小于 0 的数，实际为 '-5M'

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return {"path": self.path, "expected": self.expected, "params": to_jsonable(dict(self.params)),
                "found": to_jsonable(self.found) if self.has_found else None}


#: Words a check writes as the value found (``raw_found``), in the catalogue for the other language.
RAW_FOUND_KEYS = {"no such file": "found.no_such_file", "a directory": "found.a_directory"}


def format_found(value: Any, lang: str = "en") -> str:
    """Show a found value briefly: strings quoted, long values cut."""
    from goldmine.i18n import t

    if value is None:
        return t("found.nothing", lang)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return t("found.digits", lang, n=len(str(abs(value))) if value.bit_length() < 14_000 else f"> {value.bit_length() * 3 // 10}")
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, dict):
        text = t("found.mapping", lang, keys=", ".join(map(str, list(value)[:6])))
    elif isinstance(value, list):
        text = t("found.list", lang, n=len(value))
    else:
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class InputError(GoldmineError):
    """Bad input: a file or object that does not satisfy its schema.

    Holds the source (usually a file name, or ``None`` for command-line options) and one or more
    :class:`Problem`.
    """

    def __init__(self, source: str | None, problems: list[Problem]):
        self.source = source
        self.problems = list(problems)
        super().__init__("error.input", path=problems[0].path if problems else None)

    def message(self, lang: str = "en") -> str:
        prefix = (f"{self.source}：" if lang == "zh" else f"{self.source}: ") if self.source else ""
        return "\n".join(prefix + p.render(lang) for p in self.problems)

    def text(self, lang: str = "en") -> str:
        return self.message(lang)

    def to_dict(self) -> dict[str, Any]:
        return {"type": type(self).__name__, "key": self.key, "source": self.source,
                "problems": [p.to_dict() for p in self.problems], "path": self.path}


class FileFormatError(InputError):
    """A file that cannot be read at all (missing, wrong format, not a mapping...)."""


class AnalysisError(GoldmineError):
    """An analysis cannot run on the given input (too short a series, ...)."""


class StorageError(GoldmineError):
    """A database operation failed; nothing was written."""


class NotFoundError(StorageError):
    """A workspace, startup or run that does not exist."""


class EnvironmentFailure(GoldmineError):
    """The environment failed, not the input (exit code 3): a database that cannot be reached or written,
    a folder that cannot be created or written, a cluster that does not answer.  The message gives the
    cause in one line."""

    exit_code = 3


class StorageUnavailable(EnvironmentFailure, StorageError):
    """The database cannot be reached, opened or written (unreachable server, timeout, read-only file,
    locked or busy beyond the retries); nothing was written."""


class StorageBusy(StorageUnavailable):
    """A transaction met a lock, a deadlock, a serialisation failure or a peer's conflicting write and
    was rolled back: running it again is safe (:meth:`goldmine.store.Store.retrying` does)."""
