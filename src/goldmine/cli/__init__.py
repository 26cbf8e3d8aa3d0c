"""The ``goldmine`` command line (Typer + Rich; issue #2, DESIGN.md §4 "CLI").

Commands live in the modules of this package; each module defines ``register(app)`` and an
``ORDER`` number and is discovered automatically, so a new analysis adds its own module without
touching this one.  A module may also define ``demo_step(ctx)``: ``goldmine demo`` runs those steps
in ``ORDER``.

:func:`main` is the entry point: it turns every :class:`goldmine.errors.GoldmineError` into a
one-line message (in the chosen language) and exit code 2, without a traceback unless ``--debug``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Annotated

import typer
from typer.exceptions import TyperException

from goldmine import __version__
from goldmine.cli import common
from goldmine.errors import GoldmineError
from goldmine.i18n import set_lang, t

HELP = """goldmine — bubble or gold mine? Analytics for investing in AI and large-model startups.

Due diligence on one startup (validate a profile, then risk, runway, cap table, valuation,
report) and a monitor of the AI sector (bubble tests, sentiment).  Start with:

\b
  goldmine demo                      run everything on the bundled examples
  goldmine validate PROFILE.yaml     check a startup profile
  goldmine schema > profile.json     the JSON Schema of a profile

Every analysis command takes --json for machine-readable output; --lang zh|en picks the language
(default: your locale, else English). Amounts print in the profile's currency.
"""

app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]}, add_completion=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goldmine {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the output: zh or en (default: from the locale, else en).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter(f"expected zh or en, found {lang!r}", param_hint="--lang")
    set_lang(lang)
    common.STATE.debug = debug


def command_modules() -> list:
    """The CLI modules of this package that define ``register``, in ``ORDER``."""
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "common":
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            mods.append(mod)
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


for _mod in command_modules():
    _mod.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; exit 2 with a clear message on bad input."""
    args = sys.argv[1:] if argv is None else argv
    common.STATE.debug = "--debug" in args
    try:
        rv = app(args=args, prog_name="goldmine", standalone_mode=False)
    except GoldmineError as exc:
        if common.STATE.debug:
            raise
        common.err_console().print(f"[bold red]{t('error.prefix')}:[/] {common.escape(exc.message(common.lang()))}")
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
