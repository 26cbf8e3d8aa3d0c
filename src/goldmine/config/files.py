"""The one reader of a user's YAML or JSON file (profiles, plans, configuration overrides).

* :func:`read_mapping` — parse a ``.yaml``/``.yml``/``.json`` file into a dict, refusing duplicate
  keys (YAML silently keeps the last one; JSON keeps the last one too) and anything but a mapping
  at the top; every failure is a :class:`~goldmine.errors.FileFormatError` naming the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from goldmine.errors import FileFormatError, Problem


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
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        except _DuplicateKey as exc:
            raise FileFormatError(source, [Problem("", "expected.unique_key", f"{exc.key!r} again", raw_found=True)]) from exc
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


