"""One optional section of a run: what an analysis returned, or why it is absent.

Every analysis a report uses is optional (issue #9): when its package is not installed in this
version the section says so plainly ("not available in this version"); when the analysis ran but
refused the input (an :class:`~goldmine.errors.AnalysisError` or
:class:`~goldmine.errors.InputError`) the section shows that message; when the analysis itself
failed unexpectedly the section records the error type and text so nothing is faked.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from goldmine.errors import GoldmineError
from goldmine.results import Result

OK = "ok"
MISSING = "missing"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome(Result):
    """The result of one section.

    ``status`` is ``ok`` (``data`` holds the analysis's ``to_dict()``), ``missing`` (its package is
    not in this version) or ``failed`` (``error_en`` / ``error_zh`` say why).  ``module`` names the
    package, ``parameters`` the settings the analysis ran with.
    """

    name: str
    module: str
    status: str
    data: dict[str, Any] | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    error_en: str | None = None
    error_zh: str | None = None
    data_zh: dict[str, Any] | None = None  # when the analysis's to_dict(lang) depends on the language

    def data_for(self, lang: str) -> dict[str, Any] | None:
        """The analysis's output in ``lang`` (its ``to_dict(lang)`` when it takes a language)."""
        return self.data_zh if lang == "zh" and self.data_zh is not None else self.data

    @property
    def ok(self) -> bool:
        return self.status == OK

    def error(self, lang: str) -> str | None:
        return self.error_zh if lang == "zh" else self.error_en

    def summary(self, lang: str | None = None) -> str:
        return f"{self.name}: {self.status}"


def available(module: str) -> bool:
    """True when ``module`` (a dotted name) can be imported from this installation."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ModuleNotFoundError, ValueError):
        return False


def run_section(name: str, module: str, fn: Callable[[], Any], parameters: dict[str, Any] | None = None) -> Outcome:
    """Run ``fn`` (which imports ``module`` and returns a result with ``to_dict()`` or a dict).

    Missing package -> ``missing``; a goldmine error -> ``failed`` with its bilingual message;
    any other exception -> ``failed`` naming the exception (the report shows it; nothing is hidden).
    """
    params = dict(parameters or {})
    if not available(module):
        return Outcome(name, module, MISSING, parameters=params)
    try:
        result = fn()
    except GoldmineError as exc:
        return Outcome(name, module, FAILED, parameters=params, error_en=exc.message("en"), error_zh=exc.message("zh"))
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(module):
            return Outcome(name, module, MISSING, parameters=params)
        text = f"{type(exc).__name__}: {exc}"
        return Outcome(name, module, FAILED, parameters=params, error_en=text, error_zh=text)
    except Exception as exc:  # noqa: BLE001 - recorded in the report and printed by the CLI
        text = f"{type(exc).__name__}: {exc}"
        return Outcome(name, module, FAILED, parameters=params, error_en=text, error_zh=text)
    from goldmine.jsonutil import to_jsonable

    if not hasattr(result, "to_dict"):
        return Outcome(name, module, OK, data=to_jsonable(result), parameters=params)
    if takes_lang(result.to_dict):
        return Outcome(name, module, OK, data=to_jsonable(result.to_dict("en")), parameters=params,
                       data_zh=to_jsonable(result.to_dict("zh")))
    return Outcome(name, module, OK, data=to_jsonable(result.to_dict()), parameters=params)


def takes_lang(fn: Callable[..., Any]) -> bool:
    """True when ``fn`` (a ``to_dict``) has a ``lang`` parameter."""
    import inspect

    try:
        return "lang" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def dig(data: Any, path: str, default: Any = None) -> Any:
    """``dig(d, "overall.score")`` or ``dig(d, "methods.0.value")``; ``default`` when absent."""
    cur = data
    for part in path.split("."):
        if isinstance(cur, dict):
            if part not in cur:
                return default
            cur = cur[part]
        elif isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return default
        else:
            return default
    return cur
