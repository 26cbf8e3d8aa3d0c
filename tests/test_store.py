"""Foundation (issue #2): storage on SQLite and on a real PostgreSQL.

PostgreSQL tests use ``GOLDMINE_TEST_POSTGRES_URL`` (CI starts a server from Debian's packages
and sets it); without it they are skipped with a visible reason, never passed silently.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text

from goldmine.errors import NotFoundError, StorageError
from goldmine.io import load_profile
from goldmine.store import Store

PG_URL = os.environ.get("GOLDMINE_TEST_POSTGRES_URL")


def pg_schema_url(url: str, schema: str) -> str:
    """``url`` whose connections work in ``schema`` (libpq's ``options=-csearch_path=...``: set when the
    session starts, so no pool reset or rollback undoes it)."""
    from sqlalchemy.engine import make_url

    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def empty_database(backend: str, tmp_path, name: str, what: str = "storage"):
    """Yield the URL of an empty database on ``backend`` (``sqlite``: a file in ``tmp_path``;
    ``postgresql``: a fresh schema of GOLDMINE_TEST_POSTGRES_URL, dropped afterwards); the one home of
    the two-backend fixtures of the storage, data, robustness and API tests."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / name}"
        return
    if not PG_URL:
        pytest.skip(f"no PostgreSQL: set GOLDMINE_TEST_POSTGRES_URL (CI does) to run the PostgreSQL {what} tests")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = Store(PG_URL)
    with admin.engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield pg_schema_url(PG_URL, schema)
    with admin.engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.engine.dispose()


def migrated_store(backend: str, tmp_path, name: str):
    """Yield a :class:`Store` at the head revision on an :func:`empty_database`, disposed afterwards."""
    for url in empty_database(backend, tmp_path, name):
        s = Store(url)
        s.upgrade()
        yield s
        s.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    yield from migrated_store(request.param, tmp_path, "test.db")


@pytest.fixture(scope="module")
def profiles(example_files):
    return {f.stem: load_profile(f) for f in example_files}


def head_revision() -> str:
    """The newest migration (0002 since issue #17 added the series tables)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from goldmine.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def test_schema_is_migrated(store):
    assert store.current_revision() == head_revision() >= "0002"
    assert {"workspace", "startup", "startup_version", "analysis_run", "series", "series_version", "series_point"} <= set(store.tables())
    store.upgrade()  # idempotent
    assert store.current_revision() == head_revision()


def test_create_list_and_show(store, profiles):
    ws = store.ensure_workspace("team-a")
    for p in profiles.values():
        v = store.save_startup(ws, p)
        assert v.version == 1
    listed = store.list_startups(ws)
    assert [v.slug for v in listed] == sorted(p.id for p in profiles.values())
    again = store.get_startup(ws, "promptly")
    assert again == profiles["promptly"]


def test_an_edit_makes_a_new_version_and_keeps_history(store, profiles):
    ws = store.ensure_workspace("team-a")
    p = profiles["promptly"]
    store.save_startup(ws, p, note="first")
    same = store.save_startup(ws, p, note="unchanged")
    assert same.version == 1  # no change, no new version
    edited = p.model_copy(update={"financials": p.financials.model_copy(update={"cash": 2_000_000.0})})
    v2 = store.save_startup(ws, edited, note="cash update")
    assert v2.version == 2
    history = store.history(ws, "promptly")
    assert [(v.version, v.note) for v in history] == [(1, "first"), (2, "cash update")]
    assert store.get_startup(ws, "promptly", version=1).financials.cash == p.financials.cash
    assert store.get_startup(ws, "promptly").financials.cash == 2_000_000.0
    assert [v.version for v in store.list_startups(ws)] == [2]


def test_stored_times_read_back_in_utc(store, profiles):
    """SQLite keeps no time zone: what is read back is the UTC moment that was written, with its offset,
    as PostgreSQL gives it (add, list, history and runs agree)."""
    import datetime as dt

    ws = store.ensure_workspace("team-tz")
    saved = store.save_startup(ws, profiles["promptly"])
    listed = store.list_startups(ws)[0]
    history = store.history(ws, "promptly")[0]
    rid = store.record_run(ws, "risk", {"p": 1}, {}, {}, startup_version_id=saved.id)
    for moment in (saved.created_at, listed.created_at, history.created_at, store.get_run(ws, rid).created_at):
        assert moment.utcoffset() == dt.timedelta(0)
    assert listed.created_at == history.created_at


def test_workspaces_are_isolated(store, profiles):
    a = store.ensure_workspace("a")
    b = store.ensure_workspace("b")
    store.save_startup(a, profiles["promptly"])
    assert store.list_startups(b) == []
    with pytest.raises(NotFoundError):
        store.get_startup(b, "promptly")
    run = store.record_run(a, "risk", {"x": 1}, {}, {"score": 1})
    with pytest.raises(NotFoundError):
        store.get_run(b, run)


def test_rollback_on_failure_leaves_nothing(store, profiles):
    ws = store.ensure_workspace("team-a")
    with pytest.raises(RuntimeError):
        with store.transaction() as s:
            store.save_startup(ws, profiles["promptly"], session=s)
            store.save_startup(ws, profiles["lingxi-cx"], session=s)
            raise RuntimeError("boom halfway")
    assert store.list_startups(ws) == []


def test_database_error_rolls_back_and_is_a_storage_error(store, profiles):
    ws = store.ensure_workspace("team-a")
    with pytest.raises(StorageError):
        with store.transaction() as s:
            store.save_startup(ws, profiles["promptly"], session=s)
            s.execute(text("INSERT INTO workspace (id, name, created_at) VALUES (:id, 'x', CURRENT_TIMESTAMP)"), {"id": ws})
    assert store.list_startups(ws) == []


def test_runs_are_recorded_and_immutable(store, profiles):
    ws = store.ensure_workspace("team-a")
    v = store.save_startup(ws, profiles["medicare-ai"])
    rid = store.record_run(ws, "risk", {"profile": v.content_hash}, {"seed": 1}, {"overall": {"score": 42.0, "nan": float("nan")}},
                           startup_version_id=v.id)
    run = store.get_run(ws, rid)
    assert run.results == {"overall": {"score": 42.0, "nan": None}}
    assert run.parameters == {"seed": 1} and len(run.inputs_hash) == 64 and run.goldmine_version
    assert [r.id for r in store.list_runs(ws, kind="risk")] == [rid]
    from goldmine.store import AnalysisRun

    with pytest.raises(StorageError):
        with store.transaction() as s:
            obj = s.get(AnalysisRun, rid)
            obj.kind = "changed"
    assert store.get_run(ws, rid).kind == "risk"


def test_cli_add_is_all_or_nothing(cli, tmp_path, example_files):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text("stage: seed\n", encoding="utf-8")
    result = cli("startups", "add", "--db", db, example_files[0], bad)
    assert result.exit_code == 2
    listed = cli("startups", "list", "--db", db, "--json")
    assert listed.exit_code == 0 and '"startups": []' in listed.stdout
    ok = cli("startups", "add", "--db", db, *example_files)
    assert ok.exit_code == 0
    hist = cli("startups", "history", "--db", db, "promptly", "--json")
    assert '"version": 1' in hist.stdout
    missing = cli("startups", "show", "--db", db, "nope")
    assert missing.exit_code == 2 and "no startup 'nope'" in missing.stderr


def test_default_url_follows_environment(monkeypatch, tmp_path):
    from goldmine.store import default_url

    monkeypatch.delenv("GOLDMINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("GOLDMINE_HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / 'goldmine.db'}"
    monkeypatch.setenv("GOLDMINE_DATABASE_URL", "postgresql+psycopg://u:p@localhost/db")
    assert default_url().startswith("postgresql")


def test_unreachable_database_is_a_clear_error(cli):
    """An environment failure (issue #20): exit code 3, one line with the cause, no password."""
    result = cli("db", "init", "--db", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert result.exit_code == 3
    assert "secret" not in result.stderr and "not available" in result.stderr and "refused" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
