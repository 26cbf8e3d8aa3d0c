"""API fuzzing of the HTTP API (issue #18) with schemathesis against its OpenAPI document.

Every operation of ``/api/v1/openapi.json`` is called in-process through the ASGI application
(``schemathesis.openapi.from_asgi``), signed in with a real API token of a user who owns a workspace
with one uploaded example profile and one finished due-diligence run.  Each operation gets cases that
match the schema (positive) and cases that break it (negative), with the generated path ids and with
the ids of the real workspace, startup, job and run.  Checks: no 5xx (``not_a_server_error``), every
status code documented, the content type documented and every body conforming to its schema.

Bounded and deterministic: ``derandomize=True`` and :data:`EXAMPLES` cases per operation and mode
(``GOLDMINE_FUZZ_EXAMPLES`` raises it for a deeper run by hand), about 30 s here.  The regression
tests below pin what the fuzzer found: ids beyond 64 bits answered 500 (SQLite's INTEGER overflow),
and a body that is not JSON answered an undocumented 400.
"""

from __future__ import annotations

import os
import time

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from goldmine.api import accounts, create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402
from goldmine.store import Store  # noqa: E402

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("GOLDMINE_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PASSWORD = "correct horse battery"


@pytest.fixture
def fuzz_env(tmp_path, examples_dir):
    """(application, bearer headers, the real ids) with a workspace, a profile and a finished run.
    Runs are held to 300 paths (more answers 422), so fuzzed runs stay short."""
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    app = create_app(url, settings=ApiSettings(workers=1, max_paths=300))
    store = Store(url)
    uid = accounts.create_user(store, "fuzz@example.com", PASSWORD)
    ws = accounts.create_workspace(store, uid, "fuzz")
    _, token = accounts.create_token(store, uid, "fuzz")
    store.engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    client = TestClient(app)  # no lifespan: the job pool must outlive this client
    data = (examples_dir / "promptly.yaml").read_bytes()
    made = client.post(f"/api/v1/workspaces/{ws}/startups", headers=headers,
                       files={"file": ("promptly.yaml", data, "application/yaml")})
    assert made.status_code == 201, made.text
    startup_id = made.json()["id"]
    job = client.post(f"/api/v1/startups/{startup_id}/runs", headers=headers, json={"paths": 200, "seed": 1}).json()
    deadline = time.monotonic() + 120
    while job["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/v1/jobs/{job['id']}", headers=headers).json()
    assert job["status"] == "done", job
    ids = {"workspace_id": ws, "startup_id": startup_id, "job_id": job["id"], "run_id": job["run_id"], "token_id": 1}
    yield app, headers, ids
    app.state.goldmine.runner.shutdown()


def fuzz(operation, mode: GenerationMode, path_ids: dict[str, int] | None, headers: dict[str, str]) -> str | None:
    """The failures schemathesis finds in one operation and mode, as text (``None`` when none)."""
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_ids))
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        check()
    except Unsatisfiable:
        return None  # negative mode on an operation with nothing to break (no parameters, no body)
    except (Exception, BaseExceptionGroup) as exc:  # noqa: B036 - schemathesis raises a FailureGroup
        return f"{operation.method.upper()} {operation.path} ({mode.value}, ids {path_ids}):\n{exc}"
    return None


def test_every_operation_conforms_to_the_openapi_document(fuzz_env):
    app, headers, ids = fuzz_env
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        real = {k: v for k, v in ids.items() if f"{{{k}}}" in operation.path} or None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for path_ids in ((None, real) if real else (None,)):
                found = fuzz(operation, mode, path_ids, headers)
                if found:
                    failures.append(found)
    assert operations >= 20
    assert not failures, "\n\n".join(failures)


# ---------------------------------------------------------------------- what the fuzzer found
@pytest.fixture
def client(tmp_path):
    url = f"sqlite:///{tmp_path / 'api.db'}"
    app = create_app(url, settings=ApiSettings(workers=1))
    store = Store(url)
    uid = accounts.create_user(store, "alice@example.com", PASSWORD)
    accounts.create_workspace(store, uid, "alpha")
    _, token = accounts.create_token(store, uid, "test")
    store.engine.dispose()
    with TestClient(app, raise_server_exceptions=False) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        yield c


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/startups/99999999999999999999999"),
    ("GET", "/api/v1/workspaces/99999999999999999999/members"),
    ("GET", "/api/v1/startups/99999999999999999999999/runs"),
    ("GET", "/api/v1/runs/9223372036854775808/report"),
    ("GET", "/api/v1/jobs/-99999999999999999999999"),
    ("DELETE", "/api/v1/tokens/99999999999999999999999"),
    ("PUT", "/api/v1/startups/99999999999999999999999/stage"),
])
def test_ids_beyond_64_bits_are_invalid_input_not_a_server_error(client, method, path):
    body = {"stage": "passed"} if method == "PUT" else None
    r = client.request(method, path, json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["path"].endswith("_id")


def test_the_largest_id_is_simply_not_found(client):
    r = client.get(f"/api/v1/startups/{2**63 - 1}")
    assert r.status_code == 404, r.text


def test_a_body_that_is_not_json_is_a_documented_400_problem(client):
    r = client.post("/api/v1/workspaces", content=b"\xff\xfe{", headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    documented = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/workspaces"]["post"]["responses"]
    assert "400" in documented
    assert documented["400"]["content"]["application/problem+json"]["schema"]["$ref"].endswith("/ProblemOut")
