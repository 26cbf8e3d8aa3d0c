"""The sector dashboard, sector runs, the team page and API tokens in the browser pages (issue #18).

A real application on a real SQLite file (FastAPI's TestClient): a sector run through the API and
through the dashboard's form, its report in both languages, computed again by a new server from the
run's parameters (the same text); the stored price series a run read are pinned by version; the
team page adds a member, shows per-field errors and the audit log to members only; a token made on
the account page works once on the API and is refused after it is revoked.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from test_api import make_user  # noqa: E402
from test_web_pages import PASSWORD, csrf_of, sign_in  # noqa: E402

from goldmine.api import accounts, create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402
from goldmine.market.series_ops import SeriesMeta  # noqa: E402
from goldmine.store import Store  # noqa: E402
from goldmine.store.sector_inputs import stored_index_pieces  # noqa: E402

AS_OF = "2025-12-31"


def wait_job(client: TestClient, job_id: int, headers: dict[str, str] | None = None) -> dict:
    deadline = time.monotonic() + 300
    while True:
        job = client.get(f"/api/v1/jobs/{job_id}", headers=headers or {}).json()
        if job["status"] in ("done", "failed"):
            return dict(job)
        assert time.monotonic() < deadline, job
        time.sleep(0.3)


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'sector.db'}"


def owner(db: str, email: str = "ana@example.com", workspace: str = "research") -> tuple[int, int, dict[str, str]]:
    """A user owning a new workspace (tests/test_api.py's make_user, with the web pages' password) and
    the bearer headers of their token."""
    uid, ws, token = make_user(db, email, workspace, PASSWORD)
    return uid, ws, {"Authorization": f"Bearer {token}"}


def test_a_sector_run_through_the_api_is_stored_and_reported_in_both_languages(db):
    _, ws, headers = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        r = client.post(f"/api/v1/workspaces/{ws}/sector-runs", headers=headers, json={"seed": 7, "as_of": AS_OF})
        assert r.status_code == 202, r.text
        assert r.json()["startup_id"] is None and r.json()["kind"] == "sector"
        job = wait_job(client, r.json()["id"], headers)
        assert job["status"] == "done", job
        run = client.get(f"/api/v1/runs/{job['run_id']}", headers=headers).json()
        assert run["kind"] == "sector" and run["startup_version_id"] is None
        assert run["parameters"]["as_of"] == AS_OF and run["parameters"]["settings"]["seed"] == 7
        assert run["parameters"]["series"] == {}  # nothing stored in this workspace: the shipped prices only
        assert run["results"]["verdict"] in ("bubble_risk", "mixed", "gold_mine", "insufficient")
        assert len(run["results"]["pillars"]) == 6
        listed = client.get(f"/api/v1/workspaces/{ws}/sector-runs", headers=headers).json()
        assert listed["total"] == 1 and listed["items"][0]["id"] == run["id"]
        en = client.get(f"/api/v1/runs/{run['id']}/report?format=md&lang=en", headers=headers)
        zh = client.get(f"/api/v1/runs/{run['id']}/report?format=md&lang=zh", headers=headers)
        assert en.status_code == zh.status_code == 200
        assert 'filename="sector-run' in en.headers["content-disposition"]
        assert "Pillar" in en.text and "判断维度" in zh.text
        pdf = client.get(f"/api/v1/runs/{run['id']}/report?format=pdf&lang=zh", headers=headers)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # a new server keeps nothing in memory: the report is computed again from the run's parameters
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        again = client.get(f"/api/v1/runs/{run['id']}/report?format=md&lang=en", headers=headers)
        assert again.text == en.text


def _prices(start: str, n: int, scale: float) -> pd.DataFrame:
    index = pd.DatetimeIndex(pd.bdate_range(start, periods=n), name="date").as_unit("ns")
    close = [scale * (1 + 0.001 * i) for i in range(n)]
    return pd.DataFrame({"close": close}, index=index, dtype="float64")


def test_stored_prices_are_pinned_by_version(db):
    store = Store(db)
    store.upgrade()
    ws = store.ensure_workspace("research")
    meta = SeriesMeta(symbol="NVDA", kind="prices", format="csv", frequency="daily", source="test file",
                      licence="test", origin="tests", missing=0, flags=())
    other = SeriesMeta(symbol="ZZZZ", kind="prices", format="csv", frequency="daily", source="test file",
                       licence="test", origin="tests", missing=0, flags=())
    store.save_series(ws, "nvda", _prices("2024-01-01", 60, 100.0), meta)
    store.save_series(ws, "not-a-member", _prices("2024-01-01", 60, 10.0), other)
    pieces, used = stored_index_pieces(store, ws)
    assert used == {"nvda": 1} and [p.ticker for p in pieces] == ["NVDA"]  # members only
    store.save_series(ws, "nvda", _prices("2024-01-01", 80, 101.0), meta)
    assert stored_index_pieces(store, ws)[1] == {"nvda": 2}  # the latest by default
    pinned, again = stored_index_pieces(store, ws, {"nvda": 1})
    assert again == {"nvda": 1} and len(pinned[0].series) == 60  # the version a run read
    store.engine.dispose()


def test_the_dashboard_runs_the_sector_view_and_shows_its_pillars(db):
    _, ws, _ = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        csrf = sign_in(client, "ana@example.com")
        empty = client.get(f"/w/{ws}/sector")
        assert empty.status_code == 200 and 'id="sector-none"' in empty.text
        bad = client.post(f"/w/{ws}/sector/run", data={"csrf": csrf, "as_of": "31/12/2025"})
        assert bad.status_code == 422 and "31/12/2025" in bad.text and "YYYY-MM-DD" in bad.text
        started = client.post(f"/w/{ws}/sector/run", data={"csrf": csrf, "as_of": AS_OF, "seed": "3"}, follow_redirects=False)
        assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
        job_id = int(started.headers["location"].rsplit("/", 1)[1])
        page = client.get(f"/jobs/{job_id}")
        assert page.status_code == 200 and f"/w/{ws}/sector" in page.text
        job = wait_job(client, job_id)
        assert job["status"] == "done", job
        client.get("/lang/zh", follow_redirects=False)
        board = client.get(f"/w/{ws}/sector")
        assert board.status_code == 200
        assert board.text.count('data-pillar="') == 6
        assert "判断维度" in board.text and "基准日 2025-12-31" in board.text
        assert f'src="/runs/{job["run_id"]}/report.html?lang=zh"' in board.text
        report = client.get(f"/runs/{job['run_id']}")
        assert report.status_code == 200 and f"/w/{ws}/sector" in report.text
        frame = client.get(f"/runs/{job['run_id']}/report.html")
        assert frame.status_code == 200 and "sandbox" in frame.headers["content-security-policy"]
        assert "<script" not in frame.text.lower()


def test_the_team_page_adds_members_and_shows_the_audit_log_to_members(db):
    uid, ws, _ = owner(db)
    store = Store(db)
    accounts.create_user(store, "ben@example.com", PASSWORD)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        csrf = sign_in(client, "ana@example.com")
        unknown = client.post(f"/w/{ws}/members", data={"csrf": csrf, "email": "nobody@example.com", "role": "member"})
        assert unknown.status_code == 422 and 'data-path="email"' in unknown.text and "nobody@example.com" in unknown.text
        added = client.post(f"/w/{ws}/members", data={"csrf": csrf, "email": "ben@example.com", "role": "viewer"},
                            follow_redirects=False)
        assert added.status_code == 303
        page = client.get(f"/w/{ws}/team")
        assert "ben@example.com" in page.text and 'id="audit"' in page.text and "member.set" in page.text
        refused = client.post(f"/w/{ws}/members", data={"csrf": "wrong", "email": "ben@example.com", "role": "owner"})
        assert refused.status_code == 403
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        csrf = sign_in(client, "ben@example.com")
        page = client.get(f"/w/{ws}/team")
        assert page.status_code == 200 and "ana@example.com" in page.text
        assert 'id="audit"' not in page.text and 'id="member-form"' not in page.text  # a viewer: neither
        assert client.post(f"/w/{ws}/members", data={"csrf": csrf, "email": "ben@example.com", "role": "owner"}).status_code == 403
        assert client.post(f"/w/{ws}/sector/run", data={"csrf": csrf}).status_code == 403
    store.engine.dispose()


def test_a_token_made_on_the_account_page_works_until_revoked(db):
    owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        csrf = sign_in(client, "ana@example.com")
        missing = client.post("/account/tokens", data={"csrf": csrf, "name": "  "})
        assert missing.status_code == 422
        made = client.post("/account/tokens", data={"csrf": csrf, "name": "<b>nightly</b>"})
        assert made.status_code == 201
        assert "&lt;b&gt;nightly&lt;/b&gt;" in made.text  # a name stays text
        secret = made.text.split('id="token-secret">', 1)[1].split("<", 1)[0]
        assert secret and secret not in client.get("/account").text  # shown once
        bearer = {"Authorization": f"Bearer {secret}"}
        with TestClient(client.app) as script:
            assert script.get("/api/v1/me", headers=bearer).status_code == 200
        token_id = int(made.text.split('data-token="', 1)[1].split('"', 1)[0])
        revoked = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf": csrf}, follow_redirects=False)
        assert revoked.status_code == 303
        with TestClient(client.app) as script:
            assert script.get("/api/v1/me", headers=bearer).status_code == 401
        assert client.post("/account/tokens/999999/revoke", data={"csrf": csrf}).status_code == 404
        assert csrf_of(client.get("/account").text) == csrf
