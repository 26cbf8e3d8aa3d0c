"""``goldmine validate`` and ``goldmine schema``: check profiles, export the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from goldmine.cli.common import console, emit_json, escape, lang, print_warnings
from goldmine.i18n import t

ORDER = 10


def register(app: typer.Typer) -> None:
    app.command("validate", help=t("cli.validate.help"))(validate)
    app.command("schema", help=t("cli.schema.help"))(schema)


def validate(
    files: Annotated[list[Path], typer.Argument(help="Profile files (.yaml, .yml or .json).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Validate startup profiles; exit 2 on the first invalid one, print warnings for implausible values."""
    from goldmine.io import load_profile
    from goldmine.pipeline.validate import plausibility_warnings

    results = []
    for f in files:
        profile = load_profile(f)
        warnings = plausibility_warnings(profile)
        results.append({"file": str(f), "valid": True, "id": profile.id, "name_en": profile.display_name("en"),
                        "name_zh": profile.display_name("zh"), "warnings": [w.to_dict() for w in warnings]})
        if not as_json:
            print_warnings(warnings, str(f))
            console().print(f"[green]✓[/] {escape(str(f))}: {escape(t('cli.validate.ok', lang(), name=profile.display_name(lang())))}")
    if as_json:
        emit_json({"files": results})


def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write the schema to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a startup profile."""
    from goldmine.model.schema import profile_schema

    text = json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        from goldmine.io.files import write_atomic

        write_atomic(out, text)
        console().print(t("cli.schema.written", lang(), path=escape(str(out))))
