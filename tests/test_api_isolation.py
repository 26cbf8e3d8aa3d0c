"""Isolation between workspaces in the HTTP API (issue #18), on SQLite and on PostgreSQL.

Two users own two workspaces; a third is a viewer in the first.  Every route of the application
(enumerated from ``app.routes``, so a new endpoint cannot be forgotten) is called with the other
workspace's ids and each user's token: every one answers 404 or 403 and leaks nothing of the other
workspace; a viewer reads but cannot write.  PostgreSQL runs when ``GOLDMINE_TEST_POSTGRES_URL`` is
set (CI sets it), as in tests/test_store.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

pytest.importorskip("fastapi")
from fastapi.routing import APIRoute  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from goldmine.api import accounts, create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402
from goldmine.store import Store  # noqa: E402
from goldmine.store.tables import JobRecord  # noqa: E402

PASSWORD = "correct horse battery"
#: Routes that take no id of a workspace's resource: what they show is the caller's own.
PERSONAL = {("GET", "/api/v1/health"), ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/logout"),
            ("GET", "/api/v1/me"), ("GET", "/api/v1/tokens"), ("POST", "/api/v1/tokens"),
            ("GET", "/api/v1/workspaces"), ("POST", "/api/v1/workspaces"), ("GET", "/api/v1/openapi.json")}
#: A valid body for each route that takes one, so the answer is about access, not about the body.
BODIES = {
    ("POST", "/api/v1/workspaces/{workspace_id}/members"): {"json": {"email": "bob@example.com", "role": "viewer"}},
    ("PUT", "/api/v1/startups/{startup_id}/stage"): {"json": {"stage": "passed"}},
    ("POST", "/api/v1/startups/{startup_id}/runs"): {"json": {"kind": "due_diligence", "paths": 500, "seed": 1}},
    ("POST", "/api/v1/workspaces/{workspace_id}/startups"): {"files": {"file": ("p.yaml", b"", "application/yaml")}},
    ("POST", "/api/v1/workspaces/{workspace_id}/sector-runs"): {"json": {"seed": 1, "as_of": "2025-12-31"}},
    ("POST", "/api/v1/workspaces/{workspace_id}/plans"): {"files": {"file": ("p.yaml", b"", "application/yaml")}},
    ("POST", "/api/v1/startups/{startup_id}/deal-runs"): {"json": {"paths": 500, "seed": 1, "proposal": {"pre_money": "20M"}}},
}




@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    from test_store import empty_database

    yield from empty_database(request.param, tmp_path, "iso.db", what="isolation")


@dataclass
class Tenant:
    """One user's workspace and what is in it; ``secrets`` must never appear in another's answers."""

    email: str
    token: str
    ids: dict[str, int] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def profile(examples_dir, marker: str) -> bytes:
    body = (examples_dir / "promptly.yaml").read_text(encoding="utf-8")
    return body.replace("name: {en: Promptly, zh: 妙笔}", f"name: {{en: {marker}, zh: 妙笔}}").encode()


def tenant(client, store: Store, examples_dir, email: str, workspace: str) -> Tenant:
    uid = accounts.create_user(store, email, PASSWORD)
    ws = accounts.create_workspace(store, uid, workspace)
    token_id, token = accounts.create_token(store, uid, f"token-{workspace}")
    marker = f"Secret{workspace.capitalize()}Corp"
    t = Tenant(email, token)
    made = client.post(f"/api/v1/workspaces/{ws}/startups", headers=t.headers,
                       files={"file": ("p.yaml", profile(examples_dir, marker), "application/yaml")})
    assert made.status_code == 201, made.text
    startup = made.json()
    plan_text = (examples_dir / "plans" / "medicare-ai.plan.yaml").read_text(encoding="utf-8")
    plan_text = plan_text.replace("company: {name: MediCare AI", f"company: {{name: {marker}Plan")
    plan = client.post(f"/api/v1/workspaces/{ws}/plans", headers=t.headers,
                       files={"file": ("plan.yaml", plan_text.encode(), "application/yaml")})
    assert plan.status_code == 201, plan.text
    run_id = store.record_run(ws, "due_diligence", {"x": workspace}, {}, {"secret": f"results-of-{workspace}"},
                              startup_version_id=None)

    def add_job(s) -> int:
        job = JobRecord(workspace_id=ws, startup_id=startup["id"], user_id=uid, kind="due_diligence", status="done",
                        progress=1.0, parameters={}, run_id=run_id, created_at=accounts.now(), updated_at=accounts.now())
        s.add(job)
        s.flush()
        return job.id

    t.ids = {"workspace_id": ws, "startup_id": startup["id"], "run_id": run_id, "job_id": store.write(add_job),
             "token_id": token_id, "user_id": uid, "plan_id": plan.json()["id"]}
    t.secrets = [marker, workspace, email, f"results-of-{workspace}", token, startup["content_hash"]]
    return t


@pytest.fixture
def world(db_url, examples_dir):
    app = create_app(db_url, settings=ApiSettings(workers=1))
    store = Store(db_url)
    with TestClient(app) as client:
        a = tenant(client, store, examples_dir, "alice@example.com", "alpha")
        b = tenant(client, store, examples_dir, "bob@example.com", "bravo")
        vid = accounts.create_user(store, "vera@example.com", PASSWORD)
        accounts.add_member(store, a.ids["user_id"], a.ids["workspace_id"], "vera@example.com", "viewer")
        viewer = Tenant("vera@example.com", accounts.create_token(store, vid, "t")[1], ids={"user_id": vid})
        yield app, client, a, b, viewer
    store.engine.dispose()


def routes(app) -> list[tuple[str, str]]:
    found = []
    for r in app.routes:
        if isinstance(r, APIRoute) and r.path.startswith("/api/v1"):
            found += [(m, r.path) for m in sorted(r.methods)]
    return found


def call(client, method: str, path: str, ids: dict[str, int], headers: dict[str, str]):
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    return client.request(method, url, headers=headers, **BODIES.get((method, path), {}))


def test_every_route_is_known(world):
    app = world[0]
    for method, path in routes(app):
        params = re.findall(r"\{(\w+)\}", path)
        assert params or (method, path) in PERSONAL, f"{method} {path}: add it to PERSONAL or give it an id"
        assert not (method in ("POST", "PUT", "PATCH") and params and (method, path) not in BODIES), f"{method} {path}: add a body to BODIES"


def test_no_route_reaches_another_workspace(world):
    app, client, a, b, _ = world
    checked = 0
    for caller, other in ((a, b), (b, a)):
        for method, path in routes(app):
            if "{" not in path:
                continue
            r = call(client, method, path, other.ids, caller.headers)
            assert r.status_code in (403, 404), f"{caller.email} {method} {path}: {r.status_code} {r.text[:200]}"
            assert r.headers["content-type"].startswith("application/problem+json")
            leaked = [s for s in other.secrets if s in r.text]
            assert not leaked, f"{method} {path} leaked {leaked}"
            checked += 1
    assert checked >= 2 * 14
    # the other's resources are untouched: stage, members, tokens
    assert client.get(f"/api/v1/startups/{a.ids['startup_id']}", headers=a.headers).json()["deal_stage"] == "sourcing"
    members = client.get(f"/api/v1/workspaces/{a.ids['workspace_id']}/members", headers=a.headers).json()
    assert {m["email"] for m in members} == {"alice@example.com", "vera@example.com"}
    assert client.get("/api/v1/me", headers=a.headers).status_code == 200  # bob's DELETE did not revoke alice's token


def test_routes_without_ids_show_only_the_callers_own(world):
    app, client, a, b, _ = world
    for caller, other in ((a, b), (b, a)):
        for method, path in sorted(PERSONAL):
            if method != "GET" or path.endswith("openapi.json"):
                continue
            r = client.get(path, headers=caller.headers)
            assert r.status_code == 200, path
            leaked = [s for s in other.secrets if s in r.text]
            assert not leaked, f"GET {path} leaked {leaked}"


def test_ids_of_another_workspace_look_like_ids_that_do_not_exist(world):
    app, client, a, b, _ = world
    for method, path in routes(app):
        if "{" not in path:
            continue
        theirs = call(client, method, path, b.ids, a.headers)
        nothing = call(client, method, path, {k: 10**6 + v for k, v in b.ids.items()}, a.headers)
        assert theirs.status_code == nothing.status_code == 404, f"{method} {path}"


def test_a_viewer_reads_but_cannot_write(world):
    app, client, a, _, viewer = world
    for method, path in routes(app):
        if "{" not in path or path.startswith("/api/v1/tokens"):
            continue
        r = call(client, method, path, a.ids, viewer.headers)
        if path.endswith("/report"):  # the fixture's run is a bare record without a report: visible, not rendered
            assert r.status_code == 404 and r.json()["detail"].startswith(f"run {a.ids['run_id']} (due_diligence) has no report")
        elif method == "GET":
            assert r.status_code in (200, 403), f"GET {path}: {r.status_code}"  # the audit log is for members
        else:
            assert r.status_code == 403, f"{method} {path}: {r.status_code} {r.text[:200]}"
    assert client.get(f"/api/v1/startups/{a.ids['startup_id']}", headers=viewer.headers).status_code == 200
    assert client.get(f"/api/v1/startups/{a.ids['startup_id']}", headers=a.headers).json()["deal_stage"] == "sourcing"
