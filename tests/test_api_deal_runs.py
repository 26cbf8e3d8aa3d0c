"""Deal runs of the HTTP API and the "price a round" form (issue #18: "at what price and on what
terms" for a team): the profile's proposal with the fields a user changed, validated before anything
is queued, run as ``goldmine deal`` runs it, stored, and reported in both languages.

The numbers are those of :func:`goldmine.pipeline.deal.run_deal` for the same proposal, paths and
seed (the test computes them directly); a new server computes the report again from the stored run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from test_web_pages import sign_in  # noqa: E402
from test_web_sector_team import owner, wait_job  # noqa: E402

from goldmine.api import create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402
from goldmine.io import load_profile  # noqa: E402
from goldmine.pipeline.deal import merge_proposal, run_deal  # noqa: E402
from goldmine.pipeline.settings import DealSettings  # noqa: E402

MEDICARE = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples" / "medicare-ai.yaml"


def upload(client, ws, headers) -> int:
    r = client.post(f"/api/v1/workspaces/{ws}/startups", headers=headers,
                    files={"file": ("m.yaml", MEDICARE.read_bytes(), "application/yaml")})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_a_deal_run_on_changed_terms_gives_the_numbers_of_goldmine_deal(tmp_path):
    db = f"sqlite:///{tmp_path / 'deal.db'}"
    _, ws, headers = owner(db)
    terms = {"pre_money": "45M", "preference": {"multiple": 1.5}}
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        startup = upload(client, ws, headers)
        r = client.post(f"/api/v1/startups/{startup}/deal-runs", headers=headers,
                        json={"paths": 2000, "seed": 5, "proposal": terms})
        assert r.status_code == 202, r.text
        job = wait_job(client, r.json()["id"], headers)
        assert job["status"] == "done", job
        run = client.get(f"/api/v1/runs/{job['run_id']}", headers=headers).json()
        assert run["kind"] == "deal" and run["parameters"]["proposal"]["pre_money"] == 45_000_000
        assert run["parameters"]["proposal"]["preference"]["multiple"] == 1.5
        assert "post_money" not in run["parameters"]["proposal"] or run["parameters"]["proposal"]["post_money"] is None
        profile = load_profile(MEDICARE)
        direct = run_deal(profile, merge_proposal(profile.proposal, {"pre_money": "45M", "preference.multiple": 1.5}, {}),
                          DealSettings.default().with_(paths=2000, seed=5)).to_dict()
        assert run["results"]["returns"] == direct["returns"]  # the same numbers as goldmine deal
        assert run["results"]["entry"] == direct["entry"]
        listed = client.get(f"/api/v1/startups/{startup}/runs", headers=headers).json()
        assert [i["kind"] for i in listed["items"]] == ["deal"]
        en = client.get(f"/api/v1/runs/{run['id']}/report?format=md&lang=en", headers=headers)
        zh = client.get(f"/api/v1/runs/{run['id']}/report?format=md&lang=zh", headers=headers)
        assert en.status_code == zh.status_code == 200
        assert en.text.startswith("# Terms and returns: MediCare AI") and "¥45M" in en.text
        assert zh.text.startswith("# 投资条款与回报：智医未来") and "4,500 万元" in zh.text and "1.5 倍" in zh.text
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:  # nothing kept: computed again
        assert client.get(f"/api/v1/runs/{run['id']}/report?format=md&lang=en", headers=headers).text == en.text


def test_a_bad_term_is_refused_with_its_field_and_nothing_is_queued(tmp_path):
    db = f"sqlite:///{tmp_path / 'deal.db'}"
    _, ws, headers = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        startup = upload(client, ws, headers)
        r = client.post(f"/api/v1/startups/{startup}/deal-runs", headers=headers,
                        json={"proposal": {"pre_money": "-5M", "preference": {"type": "capped"}}})
        assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
        paths = {e["path"] for e in r.json()["errors"]}
        assert "proposal.pre_money" in paths, r.json()
        assert client.get(f"/api/v1/startups/{startup}/runs", headers=headers).json()["total"] == 0
        audit = client.get(f"/api/v1/workspaces/{ws}/audit", headers=headers).json()
        assert not [a for a in audit["items"] if a["action"] == "run.start"]


def test_the_price_form_shows_field_errors_then_runs_the_deal(tmp_path):
    db = f"sqlite:///{tmp_path / 'deal.db'}"
    _, ws, headers = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        startup = upload(client, ws, headers)
        csrf = sign_in(client, "ana@example.com")
        page = client.get(f"/s/{startup}")
        assert 'id="deal-form"' in page.text and 'name="pre_money" value="90000000"' in page.text  # the profile's terms
        bad = client.post(f"/s/{startup}/deal", data={"csrf": csrf, "new_money": "15M", "pre_money": "ninety",
                                                      "instrument": "priced", "multiple": "1", "type": "non_participating"})
        assert bad.status_code == 422 and 'data-path="proposal.pre_money"' in bad.text and "ninety" in bad.text
        ok = client.post(f"/s/{startup}/deal", data={"csrf": csrf, "new_money": "15M", "pre_money": "60M", "instrument": "priced",
                                                     "multiple": "1", "type": "non_participating", "pro_rata": "on"},
                         follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"].startswith("/jobs/")
        job_id = int(ok.headers["location"].rsplit("/", 1)[1])
        assert "Terms and returns" in client.get(f"/jobs/{job_id}").text
        job = wait_job(client, job_id)
        assert job["status"] == "done", job
        report = client.get(f"/runs/{job['run_id']}")
        assert report.status_code == 200 and "terms and returns report" in report.text
        frame = client.get(f"/runs/{job['run_id']}/report.html")
        assert frame.status_code == 200 and "¥60M" in frame.text
        assert 'data-kind="deal"' in client.get(f"/s/{startup}").text
