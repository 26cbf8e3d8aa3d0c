"""Shared helpers of the CLI: consoles, language, JSON output, warnings, output folders."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape as _escape

from goldmine.i18n import get_lang, t
from goldmine.jsonutil import to_jsonable


@dataclass
class _State:
    debug: bool = False


STATE = _State()


def console() -> Console:
    """A Rich console on the current stdout (created per call so tests can capture it)."""
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "120"))
    return Console(file=sys.stdout, highlight=False, soft_wrap=False, width=width)


def err_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def lang() -> str:
    return get_lang()


def escape(text: str) -> str:
    return _escape(text)


def emit_json(obj: Any) -> None:
    """Print one JSON document to stdout (UTF-8, Chinese unescaped, stable key order)."""
    sys.stdout.write(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n")


def print_warnings(warnings: list[Any], source: str | None = None) -> None:
    if not warnings:
        return
    err = err_console()
    for w in warnings:
        prefix = f"{source}: " if source else ""
        err.print(f"[yellow]{t('warn.prefix')}:[/] {escape(prefix + w.render(lang()))}")


def out_dir(path: str | Path) -> Path:
    """The output folder, created if needed; a folder that cannot be made is a clear input error."""
    from goldmine.errors import InputError, Problem

    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(p), [Problem("--out", "expected.writable_folder", exc.strerror or str(exc), raw_found=True)]) from exc
    return p
