"""Load and validate startup profiles from YAML or JSON files (issue #2).

* :func:`read_mapping` — parse a ``.yaml``/``.yml``/``.json`` file into a dict, refusing
  duplicate keys (YAML silently keeps the last one; a profile must not).
* :func:`parse_profile` — validate a dict into a :class:`goldmine.model.Startup`.
* :func:`load_profile` — both.
* :func:`validation_problems` — pydantic errors as :class:`goldmine.errors.Problem` lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from goldmine.errors import FileFormatError, InputError, Problem
from goldmine.model import Startup

_TYPE_KEYS = {
    "float_parsing": "expected.number", "float_type": "expected.number",
    "int_parsing": "expected.integer", "int_type": "expected.integer", "int_from_float": "expected.integer",
    "bool_parsing": "expected.bool", "bool_type": "expected.bool",
    "string_type": "expected.text", "string_too_short": "expected.nonempty",
    "date_parsing": "expected.date", "date_type": "expected.date", "date_from_datetime_parsing": "expected.date",
    "date_from_datetime_inexact": "expected.date",
    "list_type": "expected.list", "model_type": "expected.mapping", "model_attributes_type": "expected.mapping",
    "dict_type": "expected.mapping", "missing": "expected.required",
}
_CUSTOM = {"amount", "finite", "nonnegative", "positive", "fraction", "rate", "margin", "currency", "country", "month"}
_BOUNDS = {"greater_than_equal": ("expected.ge", "ge"), "greater_than": ("expected.gt", "gt"),
           "less_than_equal": ("expected.le", "le"), "less_than": ("expected.lt", "lt")}


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def read_mapping(path: str | Path) -> dict[str, Any]:
    """The top-level mapping of a YAML or JSON file; :class:`FileFormatError` otherwise."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise FileFormatError(source, [Problem("", "expected.file_exists", "no such file" if not path.exists() else "a directory", raw_found=True)])
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise FileFormatError(source, [Problem("", "expected.file_format", suffix or "no extension")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(source, [Problem("", "expected.utf8", f"byte {exc.start}")]) from exc
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(source, [Problem(f"line {exc.lineno}", "expected.json", exc.msg, raw_found=True)]) from exc
    else:
        try:
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
        except _DuplicateKey as exc:
            raise FileFormatError(source, [Problem(f"line {exc.line}", "expected.unique_key", f"{exc.key!r} again", raw_found=True)]) from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else ""
            raise FileFormatError(source, [Problem(where, "expected.yaml", str(getattr(exc, "problem", exc)), raw_found=True)]) from exc
    if not isinstance(data, dict):
        raise FileFormatError(source, [Problem("", "expected.top_mapping", data)])
    return data


def parse_profile(data: dict[str, Any], source: str | None = None) -> Startup:
    """Validate a mapping into a :class:`Startup`; :class:`InputError` lists every problem."""
    try:
        return Startup.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, validation_problems(exc, Startup)) from None


def load_profile(path: str | Path) -> Startup:
    """Read and validate a profile file (YAML or JSON)."""
    return parse_profile(read_mapping(path), source=str(path))


def validation_problems(exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic errors into problems with field paths and catalogue keys."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        found = err.get("input")
        if kind == "consistency":
            path = _join(loc + tuple(str(ctx["field"]).split(".")))
            problems.append(Problem(path, ctx["expected"], ctx["found"], raw_found=True))
            continue
        path = _join(loc)
        if kind in _CUSTOM:
            problems.append(Problem(path, f"expected.{kind}", found, params={k: v for k, v in ctx.items()}))
        elif kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            fields = ", ".join(parent.model_fields) if parent else "?"
            problems.append(Problem(path, "expected.known_field", loc[-1], params={"fields": fields}))
        elif kind in ("enum", "literal_error"):
            problems.append(Problem(path, "expected.one_of", found, params={"choices": ctx.get("expected", "")}))
        elif kind in _BOUNDS:
            key, name = _BOUNDS[kind]
            problems.append(Problem(path, key, found, params={name: ctx.get(name)}))
        elif kind in ("too_short", "too_long", "string_too_long"):
            limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
            problems.append(Problem(path, f"expected.{'min' if kind == 'too_short' else 'max'}_items", found,
                                    params={"n": limit}))
        elif kind == "string_pattern_mismatch":
            problems.append(Problem(path, "expected.pattern", found, params={"pattern": ctx.get("pattern")}))
        elif kind == "missing":
            problems.append(Problem(path, "expected.required", None))
        elif kind in _TYPE_KEYS:
            problems.append(Problem(path, _TYPE_KEYS[kind], found))
        else:
            problems.append(Problem(path, err["msg"], found))
    return problems


def _join(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif str(part).startswith("[") or str(part).startswith("function-"):
            continue
        else:
            text += ("." if text else "") + str(part)
    return text


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class at a location, following fields, lists and optionals."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _unwrap(info.annotation, typing)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any, typing: Any) -> Any:
    for arg in (typing.get_args(annotation) or ()):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _unwrap(arg, typing)
        if inner is not None:
            return inner
    return annotation if isinstance(annotation, type) else None
