"""``goldmine demo``: the main job on the bundled examples (issue #2; later issues add steps).

Steps come from the CLI modules: every module with a ``demo_step(ctx)`` function contributes one,
run in the modules' ``ORDER``.  This module's own step always runs first (validate every example,
store it in the database under ``--out``, print a summary table).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from goldmine.cli.common import console, escape, lang, out_dir, print_warnings
from goldmine.i18n import format_money, t

ORDER = 90


@dataclass
class DemoContext:
    """What demo steps share: the output folder, the loaded examples and what each step wrote."""

    out: Path
    profiles: dict[str, Any] = field(default_factory=dict)   # id -> Startup
    files: dict[str, Path] = field(default_factory=dict)     # id -> example file
    written: list[tuple[str, Path]] = field(default_factory=list)  # (description, path)
    seed: int = field(default_factory=lambda: _default_seed())

    def wrote(self, what: str, path: Path) -> None:
        self.written.append((what, path))

    def write_json(self, area: str, name: str, obj: Any, what: str) -> Path:
        """Write ``obj`` as UTF-8 JSON to ``out/area/name``, record it, return the path."""
        import json

        from goldmine.jsonutil import to_jsonable

        folder = self.out / area
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.wrote(what, path)
        return path


def _default_seed() -> int:
    from goldmine.pipeline.settings import RunwaySettings

    return RunwaySettings.default().seed


def example_files() -> list[Path]:
    """The bundled example profiles, sorted by name."""
    folder = resources.files("goldmine") / "examples"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml", ".json")))


def register(app: typer.Typer) -> None:
    app.command("demo", help=t("cli.demo.help"))(demo)


def demo(
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("goldmine-out"),
) -> None:
    """Run every analysis on the bundled examples and write the results under --out."""
    from goldmine.cli import command_modules

    started = time.perf_counter()
    ctx = DemoContext(out=out_dir(out))
    # this module's step (load, store, summarise the examples) runs first: the others read ctx.profiles
    steps = [demo_step] + [m.demo_step for m in command_modules() if hasattr(m, "demo_step") and m.__name__ != __name__]
    for step in steps:
        step(ctx)
    c = console()
    c.print()
    c.print(f"[bold]{t('cli.demo.done', lang(), seconds=f'{time.perf_counter() - started:.1f}')}[/]")
    for what, path in ctx.written:
        c.print(f"  {escape(what)}: {escape(str(path))}")


def demo_step(ctx: DemoContext) -> None:
    """Validate and store every example; print one summary table."""
    from rich.table import Table

    from goldmine.io import load_profile
    from goldmine.metrics import startup_runway
    from goldmine.pipeline.validate import plausibility_warnings
    from goldmine.store import Store

    L = lang()
    store = Store(f"sqlite:///{(ctx.out / 'goldmine.db').resolve()}")
    store.upgrade()
    ws = store.ensure_workspace("demo")
    table = Table(title=t("cli.demo.examples_title", L))
    for col in ("col.id", "col.name", "col.stage", "col.vertical", "col.model", "col.cash", "col.burn", "col.runway"):
        table.add_column(t(col, L), justify="right" if col in ("col.cash", "col.burn", "col.runway") else "left")
    for path in example_files():
        profile = load_profile(path)
        print_warnings(plausibility_warnings(profile), path.name)
        key = profile.id or path.stem
        ctx.profiles[key] = profile
        ctx.files[key] = path
        store.save_startup(ws, profile, note="demo")
        f = profile.financials
        months = startup_runway(profile)
        runway = f"{months:.1f}" if math.isfinite(months) else "∞"
        table.add_row(key, profile.display_name(L), t(f"stage.{profile.stage.value}", L),
                      t(f"vertical.{profile.vertical.value}", L), t(f"business_model.{profile.business_model.value}", L),
                      format_money(f.cash, profile.currency, L), format_money(f.monthly_burn, profile.currency, L), runway)
    console().print(table)
    ctx.wrote(t("cli.demo.database", L), ctx.out / "goldmine.db")
