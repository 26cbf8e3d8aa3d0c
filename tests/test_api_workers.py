"""``goldmine serve --workers N`` (issue #18, "Load"): several server processes on one database.

The jobs a stopped server left unfinished are failed once, by ``serve`` before its workers start,
never by a worker (which would fail the job a sibling process is running); a real two-process server
answers reads, takes an upload and runs a due-diligence job to the end, its report readable from
whichever process answers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_api import make_user  # noqa: E402

from goldmine.api import create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402
from goldmine.store import Store  # noqa: E402
from goldmine.store.tables import JobRecord  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PROMPTLY = ROOT / "src" / "goldmine" / "examples" / "promptly.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stranded_job(url: str, migrate: bool = True) -> int:
    """A user, a startup and a job left ``running`` (as by a server that was killed): the job's id.
    ``migrate=False``: on the database's schema as it is (an older revision)."""
    from goldmine.api import accounts

    if migrate:
        uid, ws, _token = make_user(url, "ops@example.com", "ops")
    store = Store(url)
    if not migrate:
        uid = accounts.create_user(store, "ops@example.com", "correct horse battery")
        ws = accounts.create_workspace(store, uid, "ops")
    from goldmine.io import load_profile

    version = store.save_startup(ws, load_profile(PROMPTLY))
    now = dt.datetime.now(dt.UTC)

    def add(s):
        from sqlalchemy import select

        from goldmine.store.tables import StartupRecord

        startup_id = s.scalar(select(StartupRecord.id).where(StartupRecord.slug == version.slug))
        job = JobRecord(workspace_id=ws, startup_id=startup_id, user_id=uid, kind="due_diligence", status="running",
                        progress=0.5, parameters={}, created_at=now, updated_at=now)
        s.add(job)
        s.flush()
        return job.id

    job_id = store.write(add)
    store.engine.dispose()
    return int(job_id)


def _status(url: str, job_id: int) -> str:
    store = Store(url)
    with store.transaction(write=False) as s:
        found = s.get(JobRecord, job_id)
        assert found is not None
        status = found.status
    store.engine.dispose()
    return status


def test_a_worker_process_leaves_a_siblings_jobs_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    job = _stranded_job(url)
    create_app(url, settings=ApiSettings(workers=1), recover=False)
    assert _status(url, job) == "running"  # a worker of `serve --workers N` does not touch it
    create_app(url, settings=ApiSettings(workers=1))
    assert _status(url, job) == "failed"  # a single server recovers what a stopped one left


def _call(base: str, path: str, token: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers, method="POST" if data is not None else "GET")
    with urllib.request.urlopen(request, timeout=30) as r:
        body = r.read()
        return r.status, (json.loads(body) if r.headers.get_content_type().endswith("json") else {"text": body.decode()})


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "goldmine-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/yaml\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_serve_with_two_processes_recovers_once_and_runs_jobs(tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    stranded = _stranded_job(url)
    _uid, ws, token = make_user(url, "analyst@example.com", "desk")
    port = _free_port()
    env = {**os.environ, "GOLDMINE_HOME": str(tmp_path / "home")}
    env.pop("GOLDMINE_DATABASE_URL", None)
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "goldmine", "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--db", url, "--workers", "2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _call(base, "/api/v1/health", token)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        assert _status(url, stranded) == "failed"  # recovered by serve, before the workers
        status, created = _call(base, f"/api/v1/workspaces/{ws}/startups", token, *_multipart("p.yaml", PROMPTLY.read_bytes()))
        assert status == 201
        status, job = _call(base, f"/api/v1/startups/{created['id']}/runs", token, json.dumps({"paths": 200, "seed": 3}).encode(),
                            "application/json")
        assert status == 202
        deadline = time.monotonic() + 300
        while job["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, job
            time.sleep(0.5)
            job = _call(base, f"/api/v1/jobs/{job['id']}", token)[1]
        assert job["status"] == "done", job
        # many reads: both processes answer (connections are not kept alive), each the same report
        reports = {_call(base, f"/api/v1/runs/{job['run_id']}/report?format=md&lang=en", token)[1]["text"] for _ in range(12)}
        assert len(reports) == 1 and "promptly" in next(iter(reports)).lower()
        listed = _call(base, f"/api/v1/workspaces/{ws}/startups", token)[1]
        assert [item["id"] for item in listed["items"]] == [created["id"]]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text
    assert text.count("Application startup complete") == 2  # two worker processes


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_db(request, tmp_path):
    from test_store import empty_database

    yield from empty_database(request.param, tmp_path, "old.db", what="migration")


def test_migration_0004_keeps_the_jobs_and_allows_workspace_jobs(old_db):
    """A 0003 database with a startup's job upgrades to 0004: the job is kept, and a job without a
    startup (a sector run) can be stored; on SQLite and PostgreSQL."""
    from sqlalchemy import select

    old = Store(old_db)
    old.upgrade("0003")
    job = _stranded_job(old_db, migrate=False)
    assert old.current_revision() == "0003"
    old.engine.dispose()
    new = Store(old_db)
    new.upgrade()
    assert new.current_revision() >= "0004"
    now = dt.datetime.now(dt.UTC)

    def add(s):
        kept = s.get(JobRecord, job)
        assert kept is not None and kept.status == "running" and kept.startup_id is not None
        row = JobRecord(workspace_id=kept.workspace_id, startup_id=None, user_id=None, kind="sector", status="queued",
                        progress=0.0, parameters={"seed": 1}, created_at=now, updated_at=now)
        s.add(row)
        s.flush()
        return row.id

    sector_job = new.write(add)
    with new.transaction(write=False) as s:
        assert s.scalar(select(JobRecord.startup_id).where(JobRecord.id == sector_job)) is None
    new.engine.dispose()
