"""The HTTP API (issue #18): accounts, limits, errors as problem+json, startups, jobs and reports.

A real application (:func:`goldmine.api.create_app`) on a real SQLite file, driven by FastAPI's
TestClient; the due-diligence job is compared with ``goldmine analyze --json`` for the same seed and
paths.  Isolation between workspaces: tests/test_api_isolation.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from goldmine.api import accounts, create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402
from goldmine.store import Store  # noqa: E402

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert(1)</script>"
HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy")


def make_user(url: str, email: str, workspace: str, password: str = PASSWORD) -> tuple[int, int, str]:
    """A user owning a new workspace, with an API token: (user id, workspace id, token)."""
    store = Store(url)
    store.upgrade()
    uid = accounts.create_user(store, email, password)
    ws = accounts.create_workspace(store, uid, workspace)
    _, token = accounts.create_token(store, uid, "test")
    store.engine.dispose()
    return uid, ws, token


@pytest.fixture
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'api.db'}"


@pytest.fixture
def env(db_url):
    """(client, workspace id, bearer headers) for alice@example.com, owner of workspace 'alpha'."""
    app = create_app(db_url, settings=ApiSettings(workers=1))
    _, ws, token = make_user(db_url, "alice@example.com", "alpha")
    with TestClient(app) as client:
        yield client, ws, {"Authorization": f"Bearer {token}"}


def upload(client, ws, headers, text: str, name: str = "p.yaml"):
    return client.post(f"/api/v1/workspaces/{ws}/startups", headers=headers, files={"file": (name, text.encode(), "application/yaml")})


def profile_text(examples_dir: Path, name: str | None = None, stem: str = "promptly") -> str:
    text = (examples_dir / f"{stem}.yaml").read_text(encoding="utf-8")
    if name is not None:
        text = text.replace("name: {en: Promptly, zh: 妙笔}", f"name: {{en: '{name}', zh: 妙笔}}")
    return text


def is_problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(body) and body["status"] == status
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


def login(client, email="alice@example.com", password=PASSWORD):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


# ---------------------------------------------------------------------- accounts
def test_login_sets_a_session_cookie_and_csrf_is_required(env):
    client, ws, _ = env
    r = login(client)
    assert r.status_code == 200, r.text
    cookie = r.headers.get_list("set-cookie")
    session = next(c for c in cookie if c.startswith("goldmine_session="))
    assert "HttpOnly" in session and "samesite=lax" in session.lower() and "Secure" not in session  # http here
    csrf = r.json()["csrf_token"]
    assert r.json()["user"]["workspaces"] == [{"id": ws, "name": "alpha", "role": "owner"}]
    assert client.get("/api/v1/me").json()["email"] == "alice@example.com"  # the cookie signs in
    refused = client.post("/api/v1/workspaces", json={"name": "beta"})
    assert is_problem(refused, 403)["detail"].count("X-CSRF-Token") == 1
    wrong = client.post("/api/v1/workspaces", json={"name": "beta"}, headers={"X-CSRF-Token": "x" * 43})
    is_problem(wrong, 403)
    ok = client.post("/api/v1/workspaces", json={"name": "beta"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201 and ok.json()["role"] == "owner"
    out = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    is_problem(client.get("/api/v1/me"), 401)


def test_cookies_are_secure_over_https(db_url):
    app = create_app(db_url)
    make_user(db_url, "alice@example.com", "alpha")
    with TestClient(app, base_url="https://testserver") as client:
        r = login(client)
        assert r.status_code == 200
        assert all("Secure" in c for c in r.headers.get_list("set-cookie"))


def test_tokens_are_hashed_at_rest_and_revocable(env, db_url):
    client, _, headers = env
    made = client.post("/api/v1/tokens", json={"name": "script"}, headers=headers)
    assert made.status_code == 201
    secret, token_id = made.json()["token"], made.json()["id"]
    mine = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=mine).status_code == 200
    store = Store(db_url)
    with store.engine.connect() as conn:
        stored = [row[0] for row in conn.exec_driver_sql("SELECT token_hash FROM api_token")]
        users = [row[0] for row in conn.exec_driver_sql("SELECT password_hash FROM app_user")]
    assert secret not in stored and accounts.secret_hash(secret) in stored
    assert users[0].startswith("$argon2id$") and PASSWORD not in users[0]
    listed = client.get("/api/v1/tokens", headers=headers).json()
    assert all("token" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=headers).status_code == 204
    is_problem(client.get("/api/v1/me", headers=mine), 401)
    is_problem(client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"}), 401)
    is_problem(client.get("/api/v1/me"), 401)


def test_failed_logins_are_rate_limited(env):
    client, _, _ = env
    for _ in range(5):
        is_problem(login(client, password="wrong password!"), 401)
    limited = login(client)  # even the right password, until the window has passed
    is_problem(limited, 429)
    assert int(limited.headers["retry-after"]) > 0
    assert login(client, email="nobody@example.com", password="wrong password!").status_code == 401  # another key


def test_the_sign_in_limit_holds_across_server_processes(db_url):
    """The failures are counted in the database: two applications on one database (as the processes
    of `goldmine serve --workers 2`) share the 5 failures, and the count stores no e-mail in clear."""
    from sqlalchemy import select

    from goldmine.store.tables import LoginFailureRecord

    make_user(db_url, "alice@example.com", "alpha")
    one, two = create_app(db_url, settings=ApiSettings(workers=1)), create_app(db_url, settings=ApiSettings(workers=1))
    with TestClient(one) as a, TestClient(two) as b:
        for client in (a, b, a, b, a):
            is_problem(login(client, password="wrong password!"), 401)
        is_problem(login(b), 429)  # the fifth failure was on the other process
        is_problem(login(a), 429)
    store = Store(db_url)
    with store.transaction(write=False) as s:
        keys = list(s.scalars(select(LoginFailureRecord.key_hash)))
    store.engine.dispose()
    assert len(keys) == 5 and all(len(k) == 64 and "alice" not in k for k in keys)


# ---------------------------------------------------------------------- limits, errors, headers
def test_request_body_limit(env):
    client, ws, headers = env
    big = b"a: " + b"x" * (2 * 1024 * 1024) + b"\n"
    r = client.post(f"/api/v1/workspaces/{ws}/startups", headers=headers, files={"file": ("big.yaml", big, "application/yaml")})
    is_problem(r, 413)
    r = client.post("/api/v1/workspaces", headers={**headers, "content-type": "application/json"}, content=b"{" + b" " * (3 * 1024 * 1024) + b"}")
    is_problem(r, 413)


def test_a_broken_profile_is_a_problem_with_field_paths(env, examples_dir):
    client, ws, headers = env
    text = profile_text(examples_dir).replace("currency: USD", "currency: DOLLARS")
    body = is_problem(upload(client, ws, headers, text, "broken.yaml"), 422)
    paths = [e["path"] for e in body["errors"]]
    assert "identity.currency" in paths, body
    err = body["errors"][paths.index("identity.currency")]
    assert err["found"] == "DOLLARS" and err["expected"] and "identity.currency" in err["message"]
    assert "broken.yaml" in body["detail"] and "/tmp" not in json.dumps(body)
    zh = upload(client, ws, {**headers, "Accept-Language": "zh-CN"}, text, "broken.yaml")
    assert is_problem(zh, 422)["title"] != body["title"]
    not_yaml = is_problem(upload(client, ws, headers, "a: [1,\n", "bad.yaml"), 422)
    assert not_yaml["errors"]
    is_problem(upload(client, ws, headers, "x", "profile.exe"), 422)
    bad_request = client.post("/api/v1/startups/1/runs", headers=headers, json={"paths": 5})
    assert [e["path"] for e in is_problem(bad_request, 422)["errors"]] == ["paths"]


def test_unexpected_errors_are_500_problems_without_internals(db_url, caplog):
    app = create_app(db_url)

    @app.get("/api/v1/boom")
    def boom() -> dict:
        raise RuntimeError("secret internals at /etc/goldmine")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/boom")
    body = is_problem(r, 500)
    assert "secret" not in r.text and "RuntimeError" not in r.text and body["errors"] == []
    assert r.headers["X-Frame-Options"] == "DENY"
    assert "secret internals" in caplog.text  # logged server-side


def test_security_headers_on_every_kind_of_answer(env):
    client, ws, headers = env
    answers = [client.get("/api/v1/health"), client.get(f"/api/v1/workspaces/{ws}/startups", headers=headers),
               client.get("/api/v1/me"), client.get("/api/v1/nowhere", headers=headers),
               client.get("/api/v1/workspaces/1/startups?limit=500", headers=headers)]
    assert [a.status_code for a in answers] == [200, 200, 401, 404, 422]
    for a in answers:
        assert all(h in a.headers for h in HEADERS), a.headers
        assert a.headers["X-Frame-Options"] == "DENY" and a.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src" not in a.headers["Content-Security-Policy"] and "default-src 'none'" in a.headers["Content-Security-Policy"]
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "goldmine API"
    assert client.get("/docs").status_code == 404  # no Swagger page from a CDN


# ---------------------------------------------------------------------- startups
def test_startups_versions_pagination_board_and_audit(env, examples_dir):
    client, ws, headers = env
    for stem in ("promptly", "lingxi-cx", "medicare-ai"):
        assert upload(client, ws, headers, profile_text(examples_dir, stem=stem), f"{stem}.yaml").status_code == 201
    page = client.get(f"/api/v1/workspaces/{ws}/startups?limit=2", headers=headers).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["limit"] == 2
    rest = client.get(f"/api/v1/workspaces/{ws}/startups?limit=2&offset=2", headers=headers).json()
    assert len(rest["items"]) == 1 and {i["slug"] for i in page["items"] + rest["items"]} == {"promptly", "lingxi-cx", "medicare-ai"}
    is_problem(client.get(f"/api/v1/workspaces/{ws}/startups?limit=101", headers=headers), 422)
    sid = next(i["id"] for i in page["items"] + rest["items"] if i["slug"] == "promptly")
    edited = profile_text(examples_dir).replace("zh: 妙笔}", "zh: 妙笔二}")
    again = upload(client, ws, headers, edited, "promptly.yaml").json()
    assert again["id"] == sid and again["version"] == 2 and again["profile"]["identity"]["name"]["zh"] == "妙笔二"
    assert [v["version"] for v in client.get(f"/api/v1/startups/{sid}/versions", headers=headers).json()] == [1, 2]
    assert again["deal_stage"] == "sourcing"
    moved = client.put(f"/api/v1/startups/{sid}/stage", json={"stage": "committee"}, headers=headers)
    assert moved.status_code == 200 and moved.json()["deal_stage"] == "committee"
    is_problem(client.put(f"/api/v1/startups/{sid}/stage", json={"stage": "maybe"}, headers=headers), 422)
    log = client.get(f"/api/v1/workspaces/{ws}/audit", headers=headers).json()
    actions = [e["action"] for e in log["items"]]
    assert actions[0] == "startup.stage" and actions.count("startup.save") == 4 and "workspace.create" in actions
    assert all(e["user_id"] for e in log["items"])


def test_a_script_in_a_name_is_data_never_markup(env, examples_dir):
    client, ws, headers = env
    made = upload(client, ws, headers, profile_text(examples_dir, SCRIPT), "x.yaml")
    assert made.status_code == 201 and made.headers["content-type"] == "application/json"
    assert made.json()["name"] == SCRIPT  # returned as data, as it was given
    for r in (client.get(f"/api/v1/startups/{made.json()['id']}", headers=headers),
              client.get(f"/api/v1/workspaces/{ws}/startups", headers=headers)):
        assert r.headers["content-type"] == "application/json" and SCRIPT in r.text
    r = client.get(f"/api/v1/{SCRIPT}", headers=headers)
    assert r.status_code == 404 and SCRIPT not in r.text and "text/html" not in r.headers["content-type"]


# ---------------------------------------------------------------------- runs
def wait_for(client, headers, job_id: int, seen: list) -> dict:
    for _ in range(1200):
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        seen.append((job["status"], job["progress"]))
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {seen[-3:]}")


def test_a_due_diligence_job_gives_the_numbers_of_analyze(env, db_url, examples_dir, tmp_path, cli, monkeypatch):
    """Queued → running (progress rising) → done; the stored run is `goldmine analyze --json` for the
    same seed and paths; its reports are goldmine.report's, the name escaped in HTML."""
    monkeypatch.setenv("GOLDMINE_REPORT_DATE", "2026-12-01")
    client, ws, headers = env
    text = profile_text(examples_dir, SCRIPT)
    sid = upload(client, ws, headers, text, "x.yaml").json()["id"]
    started = client.post(f"/api/v1/startups/{sid}/runs", json={"kind": "due_diligence", "paths": 500, "seed": 7}, headers=headers)
    assert started.status_code == 202 and started.json()["status"] == "queued" and started.json()["progress"] == 0
    seen: list = [("queued", 0.0)]
    job = wait_for(client, headers, started.json()["id"], seen)
    assert job["status"] == "done", job
    assert job["progress"] == 1.0 and job["run_id"]
    progress = [p for _, p in seen]
    assert progress == sorted(progress)
    run = client.get(f"/api/v1/runs/{job['run_id']}", headers=headers).json()

    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    out = cli("analyze", path, "--paths", 500, "--seed", 7, "--no-store", "--json", "--format", "md", "--langs", "en", "--out", tmp_path / "out")
    assert out.exit_code == 0, out
    expected = json.loads(out.stdout)
    expected.pop("files"), expected.pop("store")
    assert run["results"] == expected
    assert run["parameters"]["runway"]["paths"] == 500 and run["parameters"]["runway"]["seed"] == 7

    md = client.get(f"/api/v1/runs/{job['run_id']}/report?format=md&lang=en", headers=headers)
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text == (tmp_path / "out" / "promptly.en.md").read_text(encoding="utf-8")
    html = client.get(f"/api/v1/runs/{job['run_id']}/report?format=html&lang=en", headers=headers)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert SCRIPT not in html.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in html.text
    zh = client.get(f"/api/v1/runs/{job['run_id']}/report?format=md&lang=zh", headers=headers)
    assert zh.status_code == 200 and "妙笔" in zh.text
    assert "script-src" not in html.headers["Content-Security-Policy"]
    pdf = client.get(f"/api/v1/runs/{job['run_id']}/report?format=pdf&lang=en", headers=headers)
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    is_problem(client.get(f"/api/v1/runs/{job['run_id']}/report?format=docx", headers=headers), 422)

    # a new server (nothing kept in memory) computes the report again from the stored run: same text
    with TestClient(create_app(db_url)) as fresh:
        again = fresh.get(f"/api/v1/runs/{job['run_id']}/report?format=md&lang=en", headers=headers)
    assert again.text == md.text


def test_viewers_read_but_cannot_start_runs(env, db_url, examples_dir):
    client, ws, headers = env
    sid = upload(client, ws, headers, profile_text(examples_dir), "p.yaml").json()["id"]
    store = Store(db_url)
    vid = accounts.create_user(store, "vera@example.com", PASSWORD)
    accounts.add_member(store, 1, ws, "vera@example.com", "viewer")
    _, token = accounts.create_token(store, vid, "t")
    viewer = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/startups/{sid}", headers=viewer).status_code == 200
    body = is_problem(client.post(f"/api/v1/startups/{sid}/runs", json={"paths": 500}, headers=viewer), 403)
    assert "viewer" in body["detail"]
    assert client.get(f"/api/v1/startups/{sid}/runs", headers=headers).json()["total"] == 0


# ---------------------------------------------------------------------- command line
def test_users_create_prints_a_working_token(cli, db_url, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    r = cli("users", "create", "Boss@Example.com", "--workspace", "team", "--password-stdin", "--db", db_url)
    assert r.exit_code == 0, r
    token = r.stdout.strip().splitlines()[-1]
    with TestClient(create_app(db_url)) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["email"] == "boss@example.com" and me["workspaces"][0]["name"] == "team"
        assert login(client, "boss@example.com").status_code == 200
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    bad = cli("users", "create", "x@example.com", "--password-stdin", "--db", db_url)
    assert bad.exit_code == 2 and "--password-stdin" in bad.stderr
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    taken = cli("users", "create", "boss@example.com", "--password-stdin", "--db", db_url)
    assert taken.exit_code == 2 and "email" in taken.stderr


def test_the_core_works_without_the_web_extra():
    """FastAPI, uvicorn and argon2 are imported only by goldmine.api and inside `goldmine serve`."""
    code = ("import sys\nfor m in ('fastapi', 'uvicorn', 'argon2', 'starlette', 'python_multipart'): sys.modules[m] = None\n"
            "from goldmine.cli import main\nimport goldmine.store, goldmine.pipeline.due_diligence\n"
            "try:\n    main(['serve'])\nexcept SystemExit as e:\n    print('exit', e.code)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "exit 3" in r.stdout, r.stderr
    assert "[web]" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------------- caches (benchmarks/api_load.py)
def test_a_token_revoked_by_another_process_is_refused_once_its_cache_entry_expires(db_url):
    """API tokens are believed for ``token_cache_s`` (one database lookup less per request); one revoked
    through this server is refused at once (test_tokens_are_hashed_at_rest_and_revocable)."""
    app = create_app(db_url, settings=ApiSettings(workers=1, token_cache_s=0.2))
    _, _, token = make_user(db_url, "alice@example.com", "alpha")
    mine = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        assert client.get("/api/v1/me", headers=mine).status_code == 200
        store = Store(db_url)
        with store.engine.begin() as conn:  # another server process revokes it
            conn.exec_driver_sql("UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP")
        store.engine.dispose()
        time.sleep(0.3)
        is_problem(client.get("/api/v1/me", headers=mine), 401)
    uncached = create_app(db_url, settings=ApiSettings(workers=1, token_cache_s=0))
    with TestClient(uncached) as client:
        is_problem(client.get("/api/v1/me", headers=mine), 401)
