"""``goldmine outcome PROFILE``: the outcome model's success probability for one startup, with its
model card (issue #13, point 5; docs/outcomes.md).

Loads the profile (:func:`goldmine.io.load_profile`), calls the use case
:func:`goldmine.pipeline.outcomes.assess_outcome` and prints the probability (or why there is none),
how each feature was filled from the profile, and the model card; ``--json`` prints
``OutcomeAssessment.to_dict()`` (language-neutral; keys in docs/outcomes.md).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from goldmine.cli.common import console, emit_json, escape, lang, parse_date
from goldmine.i18n import t
from goldmine.i18n.messages import list_separator

if TYPE_CHECKING:
    from goldmine.outcomes import OutcomeAssessment

ORDER = 25


def register(app: typer.Typer) -> None:
    app.command("outcome", help=t("outcomes.cli.help"))(outcome)


def _as_of(value: str | None) -> dt.date | None:
    return parse_date(value, "--as-of")


def outcome(
    profile: Annotated[Path, typer.Argument(help="Startup profile (.yaml, .yml or .json).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the assessment as JSON (keys in docs/outcomes.md).")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Decision date YYYY-MM-DD: rounds after it are ignored (default: every recorded round).")] = None,
    level: Annotated[float | None, typer.Option("--level", help="Level of the probability's interval (default 0.90).")] = None,
) -> None:
    """Success probability from the outcome model, or the reason there is none, with the model card."""
    from goldmine.io import load_profile
    from goldmine.pipeline.outcomes import DEFAULT_LEVEL, assess_outcome

    startup = load_profile(profile)
    result = assess_outcome(startup, as_of=_as_of(as_of), level=DEFAULT_LEVEL if level is None else level)
    if as_json:
        emit_json(result.to_dict())
        return
    show(result, lang())


def show(result: OutcomeAssessment, L: str) -> None:
    """Print one assessment: the headline, the features and the model card."""
    from rich.table import Table

    c = console()
    c.print(f"[bold]{escape(result.summary(L).splitlines()[0])}[/]")
    for line in result.summary(L).splitlines()[1:]:
        c.print(escape(line))
    table = Table(title=t("outcomes.cli.features_title", L))
    for key in ("feature", "status", "value", "source"):
        table.add_column(t(f"outcomes.cli.col.{key}", L), overflow="fold")
    for f in result.features:
        if f.value is None:
            value = list_separator(L).join(f.candidates) if f.candidates else "—"
        elif isinstance(f.value, float):
            value = f"{f.value:.2f}"
        else:
            value = str(f.value)
        table.add_row(t(f"outcomes.feature.{f.name}", L), t(f"outcomes.cli.status.{f.status}", L), escape(value),
                      escape(f.source or "—"))
    c.print(table)
    if result.by_category:
        c.print(escape(t("outcomes.cli.by_category", L, values=list_separator(L).join(
            f"{k} {100 * v:.0f}%" for k, v in sorted(result.by_category.items())))))
    c.print("")
    c.print(escape(result.card.summary(L)))
