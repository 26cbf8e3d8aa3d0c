"""docs/profile.md and docs/architecture.md exist and match the code (issue #2)."""

from __future__ import annotations

from pathlib import Path

from goldmine.model import Startup
from goldmine.model.docs import render

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_profile_doc_is_generated_from_the_model():
    assert (DOCS / "profile.md").read_text(encoding="utf-8") == render(), (
        "docs/profile.md is stale: run `python -m goldmine.model.docs > docs/profile.md`")


def test_every_field_has_a_description():
    def walk(model, prefix=""):
        for name, info in model.model_fields.items():
            assert info.description, f"{prefix}{name} has no description"
            ann = info.annotation
            import typing

            for arg in (typing.get_args(ann) or (ann,)):
                for inner in (typing.get_args(arg) or (arg,)):
                    if isinstance(inner, type) and hasattr(inner, "model_fields"):
                        walk(inner, f"{prefix}{name}.")

    walk(Startup)


def test_architecture_doc_names_every_package():
    import goldmine

    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    root = Path(goldmine.__file__).parent
    for pkg in sorted(p.name for p in root.iterdir() if (p / "__init__.py").exists()):
        if pkg in ("examples",):
            continue
        assert f"`goldmine.{pkg}`" in text or f"`{pkg}`" in text, f"docs/architecture.md does not mention goldmine.{pkg}"


def test_architecture_doc_lists_only_packages_that_exist():
    """The package table names what exists; planned parts live in their own section (issue #12)."""
    import re

    import goldmine

    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    table = text.split("## Packages", 1)[1].split("\n## ", 1)[0]
    root = Path(goldmine.__file__).parent
    named = set(re.findall(r"`goldmine\.(\w+)`", table))
    missing = sorted(n for n in named if not (root / n).exists() and not (root / f"{n}.py").exists())
    assert not missing, f"docs/architecture.md lists packages that do not exist: {missing}"
