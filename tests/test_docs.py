"""The documentation matches the code (issues #2, #21).

This module holds the Markdown helpers the other docs tests import (fenced blocks, generated
regions) and the checks that need no command run: docs/profile.md is generated from the model,
docs/architecture.md names exactly the packages that exist, the README's install instructions and
extras match pyproject.toml, and no page points at files a user of the repository cannot open.

Generated regions (``<!-- begin generated: NAME -->`` ... ``<!-- end generated: NAME -->``) are
compared with what their generator produces now; ``GOLDMINE_UPDATE_DOCS=1 .venv/bin/python -m
pytest tests/test_docs*.py`` rewrites them instead (review the diff, as with the report snapshots).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from goldmine.model import Startup
from goldmine.model.docs import render

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PACKAGE = ROOT / "src" / "goldmine"
UPDATE = os.environ.get("GOLDMINE_UPDATE_DOCS") == "1"


def pages() -> list[Path]:
    """README.md and every page of docs/ (docs/profile.md is generated from the model)."""
    return [README, *sorted(DOCS.glob("*.md"))]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# ---------------------------------------------------------------- Markdown helpers

@dataclass
class Block:
    """A fenced code block: its page, the line of its first content line (1-based), info string, lines."""

    page: Path
    line: int
    info: str
    lines: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"


def fenced_blocks(page: Path) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for no, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("```"):
            if current is None:
                current = Block(page, no + 1, line.strip()[3:].strip())
            else:
                blocks.append(current)
                current = None
        elif current is not None:
            current.lines.append(line)
    assert current is None, f"{rel(page)}: a fenced block is not closed"
    return blocks


def _region_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(<!-- begin generated[^>]*?: " + re.escape(name) + r" -->\n)(.*?)(<!-- end generated: "
                      + re.escape(name) + r" -->)", re.S)


def regions(text: str) -> dict[str, tuple[str, str]]:
    """Generated regions of a page: name -> (the begin marker's text, the content)."""
    found = {}
    for m in re.finditer(r"<!-- begin generated([^>]*?): ([\w.-]+) -->\n(.*?)<!-- end generated: ([\w.-]+) -->", text, re.S):
        assert m.group(2) == m.group(4), f"region {m.group(2)} ends as {m.group(4)}"
        assert m.group(2) not in found, f"region {m.group(2)} appears twice"
        found[m.group(2)] = (m.group(1).strip(), m.group(3))
    return found


def check_region(page: Path, name: str, make: Callable[[], str]) -> None:
    """The region ``name`` of ``page`` holds what ``make()`` produces (rewritten with GOLDMINE_UPDATE_DOCS=1)."""
    text = page.read_text(encoding="utf-8")
    m = _region_pattern(name).search(text)
    assert m, f"{rel(page)} has no generated region {name!r}"
    want = make().rstrip("\n") + "\n"
    if UPDATE:
        page.write_text(text[:m.start(2)] + want + text[m.end(2):], encoding="utf-8")
        return
    assert m.group(2) == want, (
        f"{rel(page)}: region {name!r} is stale; run GOLDMINE_UPDATE_DOCS=1 .venv/bin/python -m pytest "
        f"tests/test_docs*.py and review the diff.\n--- documented\n{m.group(2)}--- now\n{want}")


def table_rows(lines: list[str]) -> list[list[str]]:
    """Cells of a Markdown table (header and separator left out); ``\\|`` inside a cell is a pipe."""
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        rows.append(cells)
    assert len(rows) >= 2 and set("".join(rows[1])) <= set("-: "), f"not a table: {lines[:2]}"
    return rows[2:]


# ---------------------------------------------------------------- docs/profile.md

def test_profile_doc_is_generated_from_the_model():
    assert (DOCS / "profile.md").read_text(encoding="utf-8") == render(), (
        "docs/profile.md is stale: run `python -m goldmine.model.docs > docs/profile.md`")


def test_every_field_has_a_description():
    import typing

    def walk(model, prefix=""):
        for name, info in model.model_fields.items():
            assert info.description, f"{prefix}{name} has no description"
            for arg in (typing.get_args(info.annotation) or (info.annotation,)):
                for inner in (typing.get_args(arg) or (arg,)):
                    if isinstance(inner, type) and hasattr(inner, "model_fields"):
                        walk(inner, f"{prefix}{name}.")

    walk(Startup)


# ---------------------------------------------------------------- docs/architecture.md

def _architecture_table() -> str:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    return text.split("## Packages", 1)[1].split("\n## ", 1)[0]


def package_parts() -> set[str]:
    """The subpackages (folders with ``__init__.py``) and top-level modules of ``goldmine``."""
    parts = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    parts |= {p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    return parts


def test_architecture_table_names_exactly_the_packages_that_exist():
    """Every package and top-level module is in the table, and the table names nothing else:
    planned parts belong in the "Planned" section (issue #21)."""
    named = set(re.findall(r"`goldmine\.(\w+)`", _architecture_table()))
    parts = package_parts()
    assert not named - parts, f"docs/architecture.md lists packages that do not exist: {sorted(named - parts)}"
    assert not parts - named, f"docs/architecture.md does not list: {sorted(parts - named)}"


def _first_table(section: str) -> list[list[str]]:
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    return table_rows(lines[start:])


def test_architecture_layers_match_the_import_contract():
    """The layer column of the table is the layer tests/test_architecture.py enforces."""
    from test_architecture import LAYERS

    for row in _first_table(_architecture_table()):
        for name in re.findall(r"`goldmine\.(\w+)`", row[1]):
            if name not in LAYERS:          # a new package: tests/test_architecture.py fails on it itself
                continue
            assert LAYERS[name] == int(row[0]), (
                f"docs/architecture.md puts goldmine.{name} on layer {row[0]}; tests/test_architecture.py: {LAYERS.get(name)}")


def test_planned_parts_are_described_as_plans():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    planned = text.split("## Planned", 1)[1].split("\n## ", 1)[0]
    for name in re.findall(r"`(\w+)`", planned):
        assert name not in package_parts(), (
            f"docs/architecture.md calls {name} planned, but goldmine.{name} exists: move it to the table")


# ---------------------------------------------------------------- README: install, extras

def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_readme_extras_table_matches_pyproject():
    extras = set(_pyproject()["project"]["optional-dependencies"])
    text = README.read_text(encoding="utf-8")
    section = text.split("## Optional extras", 1)[1].split("\n## ", 1)[0]
    rows = _first_table(section)
    documented = {re.sub(r"`", "", r[0]) for r in rows}
    assert documented == extras, f"README extras {sorted(documented)} != pyproject {sorted(extras)}"


def test_no_page_installs_goldmine_by_name_from_an_index():
    """goldmine is not on PyPI: extras are installed from a clone (`pip install '.[postgres]'`) or a
    wheel (`pip install 'dist/goldmine-....whl[postgres]'`), never as `goldmine[postgres]` (issue #21)."""
    for page in pages():
        for no, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            assert not re.search(r"pip install\s+['\"]?goldmine\b", line), f"{rel(page)}:{no}: {line.strip()}"


def test_no_message_installs_goldmine_by_name_from_an_index():
    """The messages users see give the same advice as the README (issue #21)."""
    bad = [f"{rel(path)}:{no}" for path in sorted(PACKAGE.rglob("*.yaml"))
           for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
           if re.search(r"pip install\s+['\"]?goldmine\b", line)]
    assert not bad, f"messages that tell users to pip install goldmine by name: {bad}"


def test_readme_says_what_is_published_and_how_to_install():
    text = README.read_text(encoding="utf-8")
    assert "not published on PyPI" in text
    for needed in ("pip install .", "pip install '.[postgres]'", "python -m build", ".whl", "make demo", "make test"):
        assert needed in text, f"README.md does not show {needed!r}"


def test_the_web_api_is_documented_with_its_limits():
    """The `web` extra installs the HTTP API and its pages (goldmine.api, issue #18); docs/api.md
    documents every route of the application and lists what it does not do; no page calls the
    pages or the web API something still to come."""
    pytest.importorskip("fastapi")
    from fastapi.routing import APIRoute

    from goldmine.api import create_app

    assert "web" in _pyproject()["project"]["optional-dependencies"]
    assert "goldmine[web]" in " ".join(_pyproject()["project"]["optional-dependencies"]["dev"])
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    assert "## Known limits" in api and "## Pages" in api
    app = create_app("sqlite://")
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path.startswith("/api/v1/") and not route.path.endswith("openapi.json"):
            shown = route.path.removeprefix("/api/v1")
            assert f" {shown}`" in api or f" {shown}?" in api or f" {shown}," in api, f"docs/api.md: {route.path} is not documented"
    for page in (README, DOCS / "architecture.md"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\(later\) the web API|web (UI|pages) (is|are) planned", text), f"{rel(page)} calls the web API to come"


# ---------------------------------------------------------------- links a user can follow

def test_docs_point_only_at_files_a_user_can_open():
    """DESIGN.md and REFERENCES.md live outside the repository: pages cite the sources themselves."""
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for name in ("DESIGN.md", "REFERENCES.md", "GLOSSARY-zh.md", "shared/seeds"):
            assert name not in text, f"{rel(page)} points at {name}, which a user of the repository cannot open"
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (page.parent / target).exists(), f"{rel(page)} links to {target}, which does not exist"


# ---------------------------------------------------------------- generated regions of the area pages

def risk_examples_table() -> str:
    """docs/risk.md, "The examples": every example ranked by its overall risk score."""
    from goldmine.io import load_profile
    from goldmine.pipeline.risk import run_risk

    rows = []
    for path in sorted(PACKAGE.joinpath("examples").glob("*.yaml")):
        r = run_risk(load_profile(path))
        runway = r.indicator("runway_months").value
        rows.append((-r.overall.score, path.stem, r.overall.score, r.overall.rating, r.overall.confidence,
                     "∞" if runway is None or runway == float("inf") else f"{runway:.1f}"))
    lines = ["| rank | example | overall | rating | confidence | runway (months) |", "|---|---|---:|---|---:|---:|"]
    for rank, (_, name, score, rating, conf, runway) in enumerate(sorted(rows), start=1):
        lines.append(f"| {rank} | {name} | {score:.1f} | {rating} | {conf:.2f} | {runway} |")
    return "\n".join(lines)


def test_risk_examples_table_is_current():
    check_region(DOCS / "risk.md", "risk-examples", risk_examples_table)


def test_quoted_data_counts_match_the_shipped_files():
    """Counts of shipped data quoted in the pages are the files' counts (issue #21: numbers quoted
    in docs are generated or checked)."""
    import yaml

    data = PACKAGE / "data"

    def words(name: str) -> int:
        lines = (data / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        return sum(1 for line in lines if line.strip() and not line.startswith("#"))

    def rows(name: str) -> int:
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        return sum(1 for line in lines if line.strip() and not line.startswith("#")) - 1

    lex = yaml.safe_load((data / "sentiment_en_finance.yaml").read_text(encoding="utf-8"))
    yao = [words(f"sentiment_zh_yao2021_{k}") for k in ("formal_positive", "formal_negative", "informal_positive",
                                                        "informal_negative")]
    jiang = [words(f"sentiment_zh_jiang2021_{k}") for k in ("positive", "negative")]
    quoted = {
        "sentiment.md": [
            f"{len(lex['terms'])} terms and phrases, {len(lex['overrides'])} overrides, "
            f"{len(lex['directions']['up']) + len(lex['directions']['down'])} movement words and "
            f"{len(lex['targets']['desirable']) + len(lex['targets']['undesirable'])} financial quantities",
            f"{yao[0]:,} / {yao[1]:,} formal and {yao[2]:,} / {yao[3]:,} informal words",
            f"{jiang[0]:,} / {jiang[1]:,} words",
            f"{rows('sentiment_demo_news.csv')} demo news items",
        ],
        "report.md": [f"{rows('report_demo_news.csv')} fictional headlines"],
    }
    for page, phrases in quoted.items():
        text = " ".join((DOCS / page).read_text(encoding="utf-8").split())
        for phrase in phrases:
            assert phrase in text, f"docs/{page} should say {phrase!r} (the shipped files' counts)"
