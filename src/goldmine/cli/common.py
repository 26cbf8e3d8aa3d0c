"""Shared helpers of the CLI: consoles, language, JSON output, warnings, output folders and files.

Files are written through :func:`goldmine.io.files.write_all` (all or none, temporary names renamed
into place, the umask's permissions); charts are rendered to bytes first (:func:`png_bytes`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape as _escape

from goldmine.i18n import get_lang, label
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
        err.print(f"[yellow]{label('warn.prefix')}[/]{escape(prefix + w.render(lang()))}")


def out_dir(path: str | Path) -> Path:
    """The output folder, created if needed; one that cannot be made or written is an environment
    failure (exit code 3) naming it and the cause."""
    from goldmine.io.files import output_folder

    return output_folder(path)


def png_bytes(fig: Any, dpi: int = 110) -> bytes:
    """A matplotlib figure as PNG bytes (closed afterwards), so charts are written with the other files
    of a command, all or none (:func:`goldmine.io.files.write_all`)."""
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return buf.getvalue()


def write_json_bytes(obj: Any) -> bytes:
    """The JSON a command writes to a file: UTF-8, Chinese unescaped, indented, a final newline."""
    return (json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def parse_date(value: str | None, option: str) -> dt.date | None:
    """``YYYY-MM-DD`` of a command-line option as a date (None stays None); anything else is an
    input error naming the option and the value (exit 2)."""
    from goldmine.errors import InputError, Problem

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(None, [Problem(option, "expected.date", value)]) from exc
