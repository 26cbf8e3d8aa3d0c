"""The one reader of a user's YAML or JSON file (profiles, plans, configuration overrides).

* :func:`read_mapping` — parse a ``.yaml``/``.yml``/``.json`` file into a dict, refusing duplicate
  keys (YAML silently keeps the last one; JSON keeps the last one too) and anything but a mapping
  at the top; every failure is a :class:`~goldmine.errors.FileFormatError` naming the file and line.

Hostile files are refused before they cost anything (:mod:`goldmine.model.limits`): a file over
1 MiB, nesting deeper than 32 levels (a thousand nested brackets), an integer of more than 30 digits
(Python refuses to read one of 4,300 and a float cannot hold one of 400), ``!!python`` tags (the safe
loader) and alias bombs (the safe loader's aliases share one object; the depth and size limits bound
what they can build).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from goldmine.errors import FileFormatError, Problem
from goldmine.model.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_INT_DIGITS


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook: a key written twice in one object is refused, as in YAML."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key, 0)
        out[key] = value
    return out


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def read_mapping(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """The top-level mapping of a YAML or JSON file of at most ``max_bytes``; :class:`FileFormatError` otherwise."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise FileFormatError(source, [Problem("", "expected.file_exists", "no such file" if not path.exists() else "a directory", raw_found=True)])
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise FileFormatError(source, [Problem("", "expected.file_format", suffix or "no extension")])
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileFormatError(source, [Problem("", "expected.file_size", size, params={"limit": f"{max_bytes:,}"})])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(source, [Problem("", "expected.utf8", f"byte {exc.start}")]) from exc
    except OSError as exc:  # unreadable (permissions) or vanished since the check above
        raise FileFormatError(source, [Problem("", "expected.file_exists", exc.strerror or type(exc).__name__, raw_found=True)]) from exc
    data = _parse_json(text, source) if suffix == ".json" else _parse_yaml(text, source)
    if not isinstance(data, dict):
        raise FileFormatError(source, [Problem("", "expected.top_mapping", data)])
    _check_shape(data, source)
    return data


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as exc:
        raise FileFormatError(source, [Problem("", "expected.unique_key", f"{exc.key!r} again", raw_found=True)]) from exc
    except json.JSONDecodeError as exc:
        raise FileFormatError(source, [Problem(f"line {exc.lineno}", "expected.json", exc.msg, raw_found=True)]) from exc
    except RecursionError:
        raise FileFormatError(source, [Problem("", "expected.nesting", None, params={"n": MAX_DEPTH}, has_found=False)]) from None
    except ValueError as exc:  # an integer of more than 4,300 digits (sys.get_int_max_str_digits)
        raise FileFormatError(source, [Problem("", "expected.int_digits", None, params={"n": MAX_INT_DIGITS},
                                               has_found=False)]) from exc


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise FileFormatError(source, [Problem(f"line {exc.line}", "expected.unique_key", f"{exc.key!r} again", raw_found=True)]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise FileFormatError(source, [Problem(where, "expected.yaml", str(getattr(exc, "problem", exc)), raw_found=True)]) from exc
    except RecursionError:
        raise FileFormatError(source, [Problem("", "expected.nesting", None, params={"n": MAX_DEPTH}, has_found=False)]) from None
    except ValueError as exc:  # an integer of more than 4,300 digits, a date such as 2025-02-30
        if "digits" in str(exc):
            raise FileFormatError(source, [Problem("", "expected.int_digits", None, params={"n": MAX_INT_DIGITS},
                                                   has_found=False)]) from exc
        raise FileFormatError(source, [Problem("", "expected.yaml", str(exc).splitlines()[0][:120], raw_found=True)]) from exc


def _check_shape(data: Any, source: str) -> None:
    """Nesting at most MAX_DEPTH levels and integers of at most MAX_INT_DIGITS digits (iteratively: a
    deep document must not exhaust the stack here either)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    limit = 10**MAX_INT_DIGITS
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FileFormatError(source, [Problem(where, "expected.nesting", None, params={"n": MAX_DEPTH}, has_found=False)])
        if isinstance(node, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k), depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(node))
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) >= limit:
            raise FileFormatError(source, [Problem(where, "expected.int_digits", node, params={"n": MAX_INT_DIGITS})])


