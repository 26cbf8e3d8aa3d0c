"""Shared fixtures: the examples, the shared evaluation data (skipped when absent), a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "goldmine" / "examples"
SHARED = Path(os.environ.get("GOLDMINE_SHARED", ROOT.parent / "shared"))

# CI (``HYPOTHESIS_PROFILE=ci``, set by .ci/run) draws the same examples on every run, so a red CI is
# reproducible and never a new random draw; a developer's ``make test`` draws fresh ones each time and
# keeps what fails in .hypothesis/ to replay.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test writes to the user's ~/.goldmine or database: each test gets its own GOLDMINE_HOME."""
    monkeypatch.setenv("GOLDMINE_HOME", str(tmp_path_factory.mktemp("goldmine-home")))
    monkeypatch.delenv("GOLDMINE_DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _strict_pipeline(monkeypatch):
    """The pipeline runs in strict mode in every test (goldmine.pipeline.outcome): a section whose
    package is missing raises instead of being reported as missing, and nothing but the project's
    own errors is ever turned into a "failed" section."""
    monkeypatch.setenv("GOLDMINE_STRICT", "1")


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; the test is skipped with a visible reason when it is absent."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"evaluation data not found at {data} (../shared is absent)")
    return data


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.exit_code, self.stdout, self.stderr = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(exit_code={self.exit_code}, stdout={self.stdout[-500:]!r}, stderr={self.stderr[-500:]!r})"


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``goldmine ARGS...`` in-process through :func:`goldmine.cli.main`; returns a CliResult."""
    from goldmine.cli import main

    monkeypatch.setenv("COLUMNS", "160")

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def dd_settings(paths: int = 1000, seed: int | None = None, models: tuple[str, ...] = ("exp",), holdout: int = 0):
    """Due-diligence settings for tests: the shipped defaults with fewer paths and models."""
    from goldmine.pipeline.settings import DueDiligenceSettings

    base = DueDiligenceSettings.default()
    return base.model_copy(update={"runway": base.runway.with_(paths=paths, seed=seed),
                                   "market": base.market.with_(models=models, holdout=holdout)})
