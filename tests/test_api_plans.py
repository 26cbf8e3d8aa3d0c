"""Financing plans as a resource of the HTTP API and the pages (issue #18): a plan uploaded is
validated by the code of ``goldmine captable`` (errors per field), stored as versions (a changed
upload adds one, the same content does not), and its cap table and waterfall are those of
``goldmine captable --json`` and ``goldmine waterfall --json`` for the same file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from test_web_pages import sign_in  # noqa: E402
from test_web_sector_team import owner  # noqa: E402

from goldmine.api import create_app  # noqa: E402
from goldmine.api.settings import ApiSettings  # noqa: E402

PLAN = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples" / "plans" / "medicare-ai.plan.yaml"


def post_plan(client, ws, headers, data: bytes):
    return client.post(f"/api/v1/workspaces/{ws}/plans", headers=headers, files={"file": ("plan.yaml", data, "application/yaml")})


def test_a_plan_gives_the_cap_table_and_waterfall_of_the_commands(tmp_path, cli):
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    _, ws, headers = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        made = post_plan(client, ws, headers, PLAN.read_bytes())
        assert made.status_code == 201, made.text
        plan = made.json()
        assert (plan["slug"], plan["version"]) == ("medicare-ai", 1)
        assert post_plan(client, ws, headers, PLAN.read_bytes()).json()["id"] == plan["id"]  # same content: same version
        detail = client.get(f"/api/v1/plans/{plan['id']}", headers=headers).json()
        expected = json.loads(cli("captable", str(PLAN), "--json").stdout)
        assert detail["captable"] == expected
        waterfall = client.get(f"/api/v1/plans/{plan['id']}/waterfall", params=[("exit", "100M"), ("exit", "5亿")],
                               headers=headers).json()
        assert waterfall == json.loads(cli("waterfall", str(PLAN), "--exit", "100M", "--exit", "5亿", "--json").stdout)
        default = client.get(f"/api/v1/plans/{plan['id']}/waterfall", headers=headers).json()
        assert [w["exit_value"] for w in default["waterfalls"]] == [1e7, 3e7, 1e8, 3e8]  # the plan's exits
        changed = post_plan(client, ws, headers, PLAN.read_bytes().replace(b"pre_money: 40000000", b"pre_money: 60000000"))
        assert changed.status_code == 201 and changed.json()["version"] == 2
        listed = client.get(f"/api/v1/workspaces/{ws}/plans", headers=headers).json()
        assert listed["total"] == 1 and listed["items"][0]["version"] == 2


def test_a_bad_plan_or_exit_is_refused_with_its_field(tmp_path):
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    _, ws, headers = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        bad = post_plan(client, ws, headers, PLAN.read_bytes().replace(b"pre_money: 20000000", b"pre_money: -20"))
        assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "rounds[2].pre_money"
        assert client.get(f"/api/v1/workspaces/{ws}/plans", headers=headers).json()["total"] == 0  # nothing stored
        plan = post_plan(client, ws, headers, PLAN.read_bytes()).json()
        r = client.get(f"/api/v1/plans/{plan['id']}/waterfall", params={"exit": "20%"}, headers=headers)
        assert r.status_code == 422 and r.json()["errors"][0]["path"] == "exit[0]" and r.json()["errors"][0]["found"] == "20%"
        many = client.get(f"/api/v1/plans/{plan['id']}/waterfall", params=[("exit", "1M")] * 21, headers=headers)
        assert many.status_code == 422


def test_the_plan_pages_upload_show_and_compute_in_both_languages(tmp_path):
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    _, ws, _ = owner(db)
    with TestClient(create_app(db, settings=ApiSettings(workers=1))) as client:
        csrf = sign_in(client, "ana@example.com")
        assert 'id="plans-none"' in client.get(f"/w/{ws}/plans").text
        bad = client.post(f"/w/{ws}/plans", data={"csrf": csrf},
                          files={"file": ("p.yaml", PLAN.read_bytes().replace(b"pre_money: 20000000", b"pre_money: -20"))})
        assert bad.status_code == 422 and 'data-path="rounds[2].pre_money"' in bad.text
        made = client.post(f"/w/{ws}/plans", data={"csrf": csrf}, files={"file": ("p.yaml", PLAN.read_bytes())},
                           follow_redirects=False)
        assert made.status_code == 303
        page = client.get(made.headers["location"], params={"exits": "100M"})
        assert page.status_code == 200
        assert len(re.findall(r"<tr>", page.text.split('id="plan-rounds"')[1].split("</table>")[0])) == 5  # header + 4 events
        assert "29.63%" in page.text and "exit ¥100M" in page.text and "¥30.36M (30.36%)" in page.text
        client.get("/lang/zh")
        zh = client.get(made.headers["location"], params={"exits": "1亿"})
        assert "退出 1 亿元" in zh.text and "3,036 万元（30.36%）" in zh.text and "定价股权融资" in zh.text
        wrong = client.get(made.headers["location"], params={"exits": "abc"})
        assert wrong.status_code == 422 and 'data-path="exits[0]"' in wrong.text
        assert f"/w/{ws}/plans" in client.get(f"/w/{ws}").text
