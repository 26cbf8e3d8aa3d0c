"""The package a user installs (issue #21).

``python -m build`` makes an sdist and, from it, a wheel (what pip and CI install).  The wheel holds
every file of ``src/goldmine`` — the examples, data files, message catalogues, report templates,
database migrations and ``py.typed`` — and nothing else; the sdist holds the sources, tests and
docs.  The wheel, unpacked outside the source tree, runs commands that need its package data.
CI (``.ci/run``) goes further: it installs the wheel with its dependencies into a fresh virtual
environment and runs ``goldmine demo`` there.

Skipped with the reason when ``build`` (the dev extra) is missing or the isolated build cannot
install its backend (no package index).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "goldmine"

pytest.importorskip("build", reason="`build` is not installed: it comes with the dev extra (pip install -e '.[dev]')")

pytestmark = pytest.mark.slow


def _build(out: Path, *flags: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "build", *flags, "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        if "Could not find a version" in log or "No matching distribution" in log or "Failed to establish" in log:
            pytest.skip(f"the isolated build could not install hatchling (no package index?): {log[-300:]}")
        raise AssertionError(f"python -m build {' '.join(flags)} failed:\n{log[-3000:]}")


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """``python -m build``: the sdist, then the wheel built from the sdist."""
    out = tmp_path_factory.mktemp("dist")
    _build(out)
    return out


def _wheel(folder: Path) -> Path:
    (wheel,) = folder.glob("goldmine-*-py3-none-any.whl")
    return wheel


def source_files() -> set[str]:
    """Every file of the package in the tree, as the wheel names it (caches left out)."""
    return {f"goldmine/{p.relative_to(SRC).as_posix()}" for p in SRC.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_build_makes_a_wheel_and_an_sdist(dist):
    assert len(list(dist.glob("goldmine-*.tar.gz"))) == 1
    assert _wheel(dist).name.startswith("goldmine-")


def test_wheel_holds_the_package_and_its_data(dist):
    names = set(zipfile.ZipFile(_wheel(dist)).namelist())
    package = {n for n in names if n.startswith("goldmine/")}
    missing = sorted(source_files() - package)
    assert not missing, f"files of src/goldmine missing from the wheel: {missing}"
    assert not package - source_files(), f"files in the wheel that are not in src/goldmine: {sorted(package - source_files())}"
    for needed in ("goldmine/py.typed", "goldmine/examples/medicare-ai.yaml", "goldmine/examples/kpis/medicare-ai.csv",
                   "goldmine/examples/plans/medicare-ai.plan.yaml", "goldmine/data/settings.yaml",
                   "goldmine/data/bubble_cv/lag0_T1680.json", "goldmine/i18n/core.yaml",
                   "goldmine/report/templates/report.html.j2", "goldmine/store/migrations/env.py",
                   "goldmine/store/migrations/script.py.mako"):
        assert needed in names, f"{needed} is not in the wheel"
    assert any(n.startswith("goldmine/store/migrations/versions/") for n in names)


def test_wheel_metadata(dist):
    with zipfile.ZipFile(_wheel(dist)) as z:
        info = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = z.read(info).decode()
        entry = z.read(info.replace("METADATA", "entry_points.txt")).decode()
    extras = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"])
    assert {line.split(": ", 1)[1] for line in meta.splitlines() if line.startswith("Provides-Extra: ")} == extras
    assert "web" in extras  # the HTTP API (issue #18)
    assert "goldmine = goldmine.cli:main" in entry


def test_sdist_holds_sources_tests_and_docs(dist):
    (sdist,) = dist.glob("goldmine-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in ("pyproject.toml", "README.md", "Makefile", ".ci/run", "docs/cli.md", "tests/test_docs.py",
                   "src/goldmine/examples/medicare-ai.yaml", "src/goldmine/py.typed"):
        assert needed in names, f"{needed} is not in the sdist"


def test_wheel_from_the_tree_equals_wheel_from_the_sdist(dist, tmp_path):
    """`pip install .` builds the wheel from the tree, CI from the sdist: the same files either way
    (a top-level `examples` link once made the sdist, and so its wheel, lose the examples)."""
    _build(tmp_path, "--wheel")
    a = set(zipfile.ZipFile(_wheel(dist)).namelist())
    b = set(zipfile.ZipFile(_wheel(tmp_path)).namelist())
    assert a == b, f"only from the sdist: {sorted(a - b)[:10]}; only from the tree: {sorted(b - a)[:10]}"


def test_unpacked_wheel_runs_outside_the_source_tree(dist, tmp_path):
    """The wheel's own files serve the commands that read package data: examples, settings, critical
    values, lexicons, migrations and report templates."""
    site = tmp_path / "site"
    zipfile.ZipFile(_wheel(dist)).extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), GOLDMINE_HOME=str(tmp_path / "home"), COLUMNS="120")
    env.pop("GOLDMINE_DATABASE_URL", None)
    examples = site / "goldmine" / "examples"

    def run(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "goldmine", *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"goldmine {' '.join(args)}: {proc.stdout[-1000:]}{proc.stderr[-2000:]}"
        return proc.stdout

    where = subprocess.run([sys.executable, "-c", "import goldmine; print(goldmine.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(site), f"imported {where}, not the unpacked wheel"
    run("validate", str(examples / "medicare-ai.yaml"))
    run("db", "upgrade")
    run("startups", "add", str(examples / "promptly.yaml"))
    run("risk", str(examples / "xuebao-tutor.yaml"), "--json")
    run("sentiment", "score", "Revenue rose sharply", "利润大幅下降")
    run("bubble", str(site / "goldmine" / "data" / "report_demo_nasdaq_weekly.csv"), "--log", "--json")
    run("update", str(examples / "kpis" / "medicare-ai.csv"), "--format", "md", "--out", "updates")
    assert list((work / "updates").glob("*.md"))
