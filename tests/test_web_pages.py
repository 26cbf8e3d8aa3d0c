"""The browser pages of ``goldmine serve`` without a browser (issue #18): the first-user sign-up rule,
CSRF on every form, escaping, isolation between workspaces, the security headers of pages and of the
embedded report, and the pages kept out of the OpenAPI document.  The whole flow in a real browser is
tests/test_web_e2e.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from goldmine.api import create_app  # noqa: E402
from goldmine.api.accounts import create_user, create_workspace  # noqa: E402
from goldmine.store import Store  # noqa: E402

PROFILE = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples" / "medicare-ai.yaml"
PASSWORD = "a long enough password"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the form"
    return found.group(1)


def sign_in(client: TestClient, email: str) -> str:
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"csrf": token, "email": email, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/workspaces"
    return csrf_of(client.get("/workspaces").text)


@pytest.fixture
def app(tmp_path):
    return create_app(f"sqlite:///{tmp_path / 'pages.db'}")


def test_first_user_signs_up_then_sign_up_is_closed(app):
    with TestClient(app) as client:
        assert client.get("/", follow_redirects=False).headers["location"] == "/signup"
        form = client.get("/signup")
        assert form.status_code == 200 and "first user" in form.text
        refused = client.post("/signup", data={"csrf": "forged", "email": "a@example.com", "password": PASSWORD})
        assert refused.status_code == 403                         # no form cookie: not from this site
        short = client.post("/signup", data={"csrf": csrf_of(form.text), "email": "a@example.com", "password": "short"})
        assert short.status_code == 422 and 'data-path="password"' in short.text
        made = client.post("/signup", data={"csrf": csrf_of(form.text), "email": "a@example.com", "password": PASSWORD},
                           follow_redirects=False)
        assert made.status_code == 303 and "goldmine_session" in made.headers.get("set-cookie", "")
    with TestClient(app) as other:
        closed = other.get("/signup")
        assert closed.status_code == 403 and 'id="signup-closed"' in closed.text
        assert other.get("/", follow_redirects=False).headers["location"] == "/login"
        assert other.get("/workspaces", follow_redirects=False).headers["location"] == "/login"


def test_forms_need_the_session_csrf_token_and_names_stay_text(app, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'pages.db'}")
    user = create_user(store, "a@example.com", PASSWORD)
    ws = create_workspace(store, user, "alpha")
    evil = PROFILE.read_text(encoding="utf-8").replace("id: medicare-ai", "id: evil", 1).replace(
        "name: {en: MediCare AI, zh: 智医未来}", 'name: {en: "<script>alert(1)</script>", zh: "<b>x</b>"}', 1)
    with TestClient(app) as client:
        csrf = sign_in(client, "a@example.com")
        files = {"file": ("evil.yaml", evil.encode())}
        assert client.post(f"/w/{ws}/upload", data={"csrf": "x" * 43}, files=files).status_code == 403
        r = client.post(f"/w/{ws}/upload", data={"csrf": csrf}, files=files, follow_redirects=False)
        assert r.status_code == 303
        for path in (f"/w/{ws}", r.headers["location"]):
            page = client.get(path)
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert(1)" not in page.text
            assert "'unsafe-inline'" not in page.headers["content-security-policy"]
            assert page.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
        client.cookies.set("goldmine_lang", "zh")
        board = client.get(f"/w/{ws}").text
        assert "&lt;b&gt;x&lt;/b&gt;" in board and "<b>x</b>" not in board and "项目看板" in board
        assert client.post("/workspaces", data={"csrf": "", "name": "beta"}).status_code == 403
        assert client.post("/logout", data={"csrf": "nope"}).status_code == 403


def test_another_workspace_is_not_found(app, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'pages.db'}")
    a, b = create_user(store, "a@example.com", PASSWORD), create_user(store, "b@example.com", PASSWORD)
    ws_a, ws_b = create_workspace(store, a, "alpha"), create_workspace(store, b, "beta")
    with TestClient(app) as client:
        csrf = sign_in(client, "a@example.com")
        r = client.post(f"/w/{ws_a}/upload", data={"csrf": csrf}, files={"file": ("m.yaml", PROFILE.read_bytes())},
                        follow_redirects=False)
        startup = r.headers["location"].rsplit("/", 1)[1]
    with TestClient(app) as client:
        csrf = sign_in(client, "b@example.com")
        for path in (f"/w/{ws_a}", f"/w/{ws_a}/upload", f"/s/{startup}", "/jobs/1", "/runs/1", "/runs/1/report.html"):
            r = client.get(path)
            assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), path
        for path, data in ((f"/s/{startup}/stage", {"stage": "passed"}), (f"/s/{startup}/run", {"paths": "200"})):
            assert client.post(path, data={"csrf": csrf, **data}).status_code == 404, path
        assert client.get(f"/w/{ws_b}").status_code == 200


def test_pages_are_not_in_the_openapi_document_and_redirects_stay_here(app):
    with TestClient(app) as client:
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        assert all(p.startswith("/api/v1/") for p in paths)
        for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            r = client.get("/lang/zh", params={"next": target}, follow_redirects=False)
            assert r.headers["location"] == "/", target
        r = client.get("/lang/zh", params={"next": "/workspaces"}, follow_redirects=False)
        assert r.headers["location"] == "/workspaces" and "goldmine_lang=zh" in r.headers["set-cookie"]
        assert client.get("/static/goldmine.js").status_code == 200


def test_every_text_of_the_templates_is_in_the_catalogue():
    from goldmine.i18n import catalogue

    folder = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "api" / "templates"
    used = {key for page in folder.glob("*.html") for key in re.findall(r"_\('([\w.]+)'\s*[,)]", page.read_text(encoding="utf-8"))}
    assert len(used) > 40
    assert not sorted(used - set(catalogue())), "template texts missing from i18n/web.yaml"
    for stage in ("sourcing", "diligence", "committee", "invested", "passed"):   # 'web.deal.' ~ stage
        assert f"web.deal.{stage}" in catalogue()
    for status in ("queued", "running", "done", "failed"):                      # 'web.job.' ~ status
        assert f"web.job.{status}" in catalogue()


def test_ids_beyond_64_bits_are_not_a_server_error(app):
    """The fuzzer found SQLite's OverflowError (a 500) on API ids above 2^63 - 1; the pages take the
    same bounded id type, so a signed-in reader gets an error page, never a 500."""
    with TestClient(app) as client:
        form = client.get("/signup")
        client.post("/signup", data={"csrf": csrf_of(form.text), "email": "a@example.com", "password": PASSWORD})
        huge = "99999999999999999999999"
        for path in (f"/w/{huge}", f"/w/{huge}/upload", f"/s/{huge}", f"/jobs/{huge}", f"/runs/{huge}",
                     f"/runs/{huge}/report.html"):
            r = client.get(path, follow_redirects=False)
            assert r.status_code in (400, 404, 422) and "Traceback" not in r.text, (path, r.status_code)
