"""Pydantic validation errors as :class:`~goldmine.errors.Problem` lists (field path, catalogue key,
found value): the one translation used by profiles, plans and configuration files."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from goldmine.errors import Problem

_TYPE_KEYS = {
    "float_parsing": "expected.number", "float_type": "expected.number",
    "int_parsing": "expected.integer", "int_type": "expected.integer", "int_from_float": "expected.integer",
    "bool_parsing": "expected.bool", "bool_type": "expected.bool",
    "string_type": "expected.text", "string_too_short": "expected.nonempty",
    "date_parsing": "expected.date", "date_type": "expected.date", "date_from_datetime_parsing": "expected.date",
    "date_from_datetime_inexact": "expected.date",
    "list_type": "expected.list", "model_type": "expected.mapping", "model_attributes_type": "expected.mapping",
    "dict_type": "expected.mapping", "missing": "expected.required", "finite_number": "expected.finite",
    "float_from_string": "expected.number",
}
_CUSTOM = {"amount", "finite", "nonnegative", "positive", "fraction", "rate", "margin", "currency", "country", "month",
           "magnitude", "date_range", "text_chars", "too_many_items", "backend", "fx_usd"}
_BOUNDS = {"greater_than_equal": ("expected.ge", "ge"), "greater_than": ("expected.gt", "gt"),
           "less_than_equal": ("expected.le", "le"), "less_than": ("expected.lt", "lt")}


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
            problems.append(Problem(path, ctx["expected"], ctx["found"], params=ctx.get("params") or {}, raw_found=True))
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
        elif kind == "string_too_long":
            # a too-long text is shown by its length, not quoted (it may be megabytes)
            problems.append(Problem(path, "expected.max_chars", len(found) if isinstance(found, str) else found,
                                    params={"n": ctx.get("max_length")}))
        elif kind in ("too_short", "too_long"):
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
            problems.append(Problem(path, "expected.valid", found, params={"detail": err["msg"]}))
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
