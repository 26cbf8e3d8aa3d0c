"""The one error hierarchy of goldmine (DESIGN.md §4, "Errors").

Every error a user can cause is a :class:`GoldmineError`.  Input errors carry the file, the
field path, what was expected and what was found, so the CLI can print one line such as::

    acme.yaml: market.market_share: expected a fraction between 0 and 1, found 35

and exit with code 2 without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class GoldmineError(Exception):
    """Base class of every error goldmine raises on purpose."""

    exit_code = 2

    def message(self, lang: str = "en") -> str:
        """The text shown to a user; subclasses translate it."""
        return str(self)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, what was expected, what was found.

    ``expected`` is a message-catalogue key (``expected.*``) or plain text; ``params`` fill it.
    """

    path: str
    expected: str
    found: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    has_found: bool = True
    raw_found: bool = False

    def render(self, lang: str = "en") -> str:
        from goldmine.i18n import has_key, t

        exp = t(self.expected, lang, **self.params) if has_key(self.expected) else self.expected
        text = f"{self.path}: {t('error.expected', lang)} {exp}" if self.path else f"{t('error.expected', lang)} {exp}"
        if self.has_found:
            text += f", {t('error.found', lang)} {self.found if self.raw_found else format_found(self.found, lang)}"
        return text


def format_found(value: Any, lang: str = "en") -> str:
    """Show a found value briefly: strings quoted, long values cut."""
    from goldmine.i18n import t

    if value is None:
        return t("found.nothing", lang)
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

    Holds the source (usually a file name) and one or more :class:`Problem`.
    """

    def __init__(self, source: str | None, problems: list[Problem]):
        self.source = source
        self.problems = list(problems)
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + p.render(lang) for p in self.problems)


class FileFormatError(InputError):
    """A file that cannot be read at all (missing, wrong format, not a mapping...)."""


class _Bilingual(GoldmineError):
    """An error given as its English and Chinese text."""

    def __init__(self, text: str, text_zh: str | None = None):
        self.text = text
        self.text_zh = text_zh or text
        super().__init__(text)

    def message(self, lang: str = "en") -> str:
        return self.text_zh if lang == "zh" else self.text


class StorageError(_Bilingual):
    """A database operation failed; nothing was written."""


class NotFoundError(StorageError):
    """A workspace, startup or run that does not exist."""


class AnalysisError(_Bilingual):
    """An analysis cannot run on the given input (too short a series, ...)."""
