"""The ``goldmine`` command line (Typer + Rich; issue #2, DESIGN.md §4 "CLI").

Commands live in the modules of this package; each module defines ``register(app)`` and an
``ORDER`` number and is discovered automatically, so a new analysis adds its own module without
touching this one.  A module may also define ``demo_step(ctx)``: ``goldmine demo`` runs those steps
in ``ORDER``.

:func:`main` is the entry point: it turns every :class:`goldmine.errors.GoldmineError` into a
one-line message (in the chosen language) and its exit code (2 for bad input); ``--debug`` prints the
traceback first but keeps the message and the exit code (docs/cli.md, "Exit codes").
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException

from goldmine import __version__
from goldmine.cli import common
from goldmine.errors import GoldmineError
from goldmine.i18n import label, set_lang, t


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goldmine {__version__}")
        raise typer.Exit()


def _root(
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the output: zh or en (default: from the locale, else en).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter(f"expected zh or en, found {lang!r}", param_hint="--lang")
    set_lang(lang)
    common.STATE.debug = debug


def command_modules() -> list[Any]:
    """The CLI modules of this package that define ``register``, in ``ORDER``."""
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "common":
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            mods.append(mod)
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def build_app(lang: str | None = None) -> typer.Typer:
    """A fresh Typer app with every command module registered; help texts in ``lang``
    (default: the current language)."""
    if lang in ("zh", "en"):
        set_lang(lang)
    new = typer.Typer(help=t("cli.help").replace("\\b", "\b"),  # click's no-rewrap marker
                      no_args_is_help=True, rich_markup_mode=None,
                      context_settings={"help_option_names": ["-h", "--help"]}, add_completion=False)
    new.callback()(_root)
    for mod in command_modules():
        mod.register(new)
    return new


def _lang_from_args(args: list[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` before the command, so help texts come in that language."""
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
        if not a.startswith("-"):
            break
    return None


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; exit 2 with a clear message on bad input."""
    args = sys.argv[1:] if argv is None else argv
    common.STATE.debug = "--debug" in args
    try:
        app = build_app(_lang_from_args(args))
        rv = app(args=args, prog_name="goldmine", standalone_mode=False)
    except GoldmineError as exc:
        if common.STATE.debug:
            traceback.print_exc(file=sys.stderr)
        common.err_console().print(f"[bold red]{label('error.prefix')}[/]{common.escape(exc.message(common.lang()))}")
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except TyperException as exc:
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            common.err_console().print(common.escape(exc.format_message()))
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)
