"""Configuration: read once, validated into frozen pydantic models (goldmine convention: no magic
numbers in code, analytics do no file I/O).

Every default an analysis uses (weights, thresholds, priors, settings of the commands) lives in a
data file of the package (``goldmine/data/<area>.yaml``), each value with its source and date.  A
user may override any of them with a YAML or JSON file of the same shape.  This module is the one
way to do either:

* :class:`ConfigModel` — the base of every configuration model: frozen, unknown keys refused
  (``extra="forbid"``), so a typo in an override file is an error naming its path, never an
  override silently ignored;
* :class:`Sourced` — a value with its ``source``, ``date``, ``unit`` and ``note``, the shape of
  most entries of the data files;
* :func:`load_config` — the shipped file (cached), deep-merged with an override file or mapping,
  validated into the model; every problem is an :class:`~goldmine.errors.InputError` with the
  file and the field path;
* :func:`shipped` — the parsed content of a shipped data file (read once per process);
* :func:`read_mapping` (:mod:`goldmine.config.files`) — the one reader of a user's YAML/JSON file.

Analytics packages never read a file: they receive a configuration object, or take the shipped
default from :func:`load_config` without a path (tests/test_architecture.py checks it).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from goldmine.config.files import read_mapping
from goldmine.config.validation import validation_problems
from goldmine.errors import InputError

__all__ = ["ConfigModel", "Sourced", "deep_merge", "load_config", "read_mapping", "shipped", "validation_problems"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class ConfigModel(BaseModel):
    """Base of configuration models: frozen, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Sourced(ConfigModel, Generic[T]):
    """One configured value with where it comes from: ``{value, source, date, unit, note}``."""

    value: T
    source: str = ""
    date: str | int | dt.date | None = None
    unit: str | None = None
    note: str | None = None


@lru_cache(maxsize=64)
def _shipped(name: str) -> Any:
    from goldmine.datafiles import read_data_yaml

    return read_data_yaml(name)


def shipped(name: str) -> Any:
    """The parsed content of ``goldmine/data/<name>`` (a deep copy: callers may not change the cache)."""
    return copy.deepcopy(_shipped(name))


def deep_merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` merged into ``base`` key by key (mappings recursively; anything else replaced)."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(dict(out[key]), value)
        else:
            out[key] = value
    return out


def validate(model: type[M], data: Any, source: str | None) -> M:
    """``data`` validated into ``model``; :class:`InputError` with every problem's path otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, validation_problems(exc, model)) from None


def load_config(model: type[M], name: str | None, override: str | Path | Mapping[str, Any] | None = None,
                *, section: str | None = None) -> M:
    """The configuration ``model`` from the shipped ``goldmine/data/<name>`` (``section`` of it when
    given), deep-merged with ``override`` (a YAML/JSON file or a mapping of the same shape).

    Without an override the result is cached: the shipped defaults are read and validated once per
    process.  An override file is read once, here; unknown keys and bad values raise
    :class:`~goldmine.errors.InputError` naming the file and the field path.
    """
    if override is None:
        cached: M = _default(model, name, section)
        return cached
    base = _base(name, section)
    if isinstance(override, Mapping):
        source, user = None, dict(override)
    else:
        source, user = str(override), read_mapping(override)
    return validate(model, deep_merge(base, user), source)


def _base(name: str | None, section: str | None) -> dict[str, Any]:
    if name is None:
        return {}
    data = shipped(name)
    if section is not None:
        data = data[section]
    return dict(data)


@lru_cache(maxsize=64)
def _default(model: type[M], name: str | None, section: str | None) -> M:
    where = f"goldmine/data/{name}" + (f" ({section})" if section else "") if name else None
    return validate(model, _base(name, section), where)
