"""Concurrent writers (issue #20): 8 processes adding and 8 analysing the same startup at once.

Every process must exit 0; the startup's versions must be 1..16 without gaps, one per distinct
profile; every analysis must be stored, linked to the version of the profile it analysed.  Run on
SQLite (WAL, busy timeout, ``BEGIN IMMEDIATE``) and on PostgreSQL (row lock on the startup, advisory
lock for migrations; skipped with a visible reason without ``GOLDMINE_TEST_POSTGRES_URL``).

Each process is a real ``python -m goldmine`` (separate interpreters, separate connections), started
together on a database that does not exist yet, so the migrations race too.  The analyses are small
(``--paths 100``, Markdown in one language), so the test takes about half a minute per database on
two cores.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from goldmine.io import load_profile
from goldmine.store import Store
from goldmine.store.db import profile_hash

N_ADD = 8
N_ANALYZE = 8
PG_URL = os.environ.get("GOLDMINE_TEST_POSTGRES_URL")
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "goldmine" / "examples" / "promptly.yaml"


def _profiles(folder: Path) -> tuple[list[Path], list[Path]]:
    """16 versions of one startup (same id, different cash), 8 to add and 8 to analyse."""
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    files = []
    for i in range(N_ADD + N_ANALYZE):
        data = copy.deepcopy(base)
        data["financials"]["cash"] = 3_000_000 + 1_000 * i
        f = folder / f"promptly-{i:02d}.yaml"
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        files.append(f)
    return files[:N_ADD], files[N_ADD:]


def _run_all(url: str, tmp_path: Path) -> None:
    adds, analyses = _profiles(tmp_path)
    env = {**os.environ, "GOLDMINE_HOME": str(tmp_path / "home"), "COLUMNS": "120", "GOLDMINE_STRICT": "1"}
    env.pop("GOLDMINE_DATABASE_URL", None)
    go = [sys.executable, "-m", "goldmine"]
    commands = [[*go, "startups", "add", str(f), "--db", url] for f in adds]
    commands += [[*go, "analyze", str(f), "--paths", "100", "--format", "md", "--langs", "en",
                  "--out", str(tmp_path / f"out-{i}"), "--db", url] for i, f in enumerate(analyses)]
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
             for c in commands]
    results = [(c, p, *p.communicate(timeout=600)) for c, p in zip(commands, procs, strict=True)]
    failed = [f"{' '.join(c[3:5])}: exit {p.returncode}\n{err[-2000:]}" for c, p, _out, err in results if p.returncode != 0]
    assert not failed, "\n\n".join(failed)
    for _c, _p, _out, err in results:
        assert "Traceback" not in err

    store = Store(url)
    ws = store.workspace_id("default")
    history = store.history(ws, "promptly")
    assert [v.version for v in history] == list(range(1, N_ADD + N_ANALYZE + 1))  # no gaps, no duplicates
    expected = {profile_hash(load_profile(f)) for f in adds + analyses}
    assert {v.content_hash for v in history} == expected
    runs = store.list_runs(ws, kind="due_diligence")
    assert len(runs) == N_ANALYZE  # every analysis stored
    by_id = {v.id: v.content_hash for v in history}
    assert {by_id[r.startup_version_id] for r in runs if r.startup_version_id is not None} == {
        profile_hash(load_profile(f)) for f in analyses}
    for i in range(N_ANALYZE):
        assert (tmp_path / f"out-{i}" / "promptly.en.md").is_file()
    store.engine.dispose()


def test_concurrent_adds_and_analyses_on_sqlite(tmp_path):
    _run_all(f"sqlite:///{tmp_path / 'shared.db'}", tmp_path)
    journal = Store(f"sqlite:///{tmp_path / 'shared.db'}")
    with journal.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    journal.engine.dispose()


@pytest.mark.postgres
def test_concurrent_adds_and_analyses_on_postgresql(tmp_path):
    if not PG_URL:
        pytest.skip("no PostgreSQL: set GOLDMINE_TEST_POSTGRES_URL (CI does) to run the PostgreSQL concurrency test")
    from test_store import pg_schema_url

    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = Store(PG_URL)
    with admin.engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        _run_all(pg_schema_url(PG_URL, schema), tmp_path)
    finally:
        with admin.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.engine.dispose()
