"""Tests of `goldmine value` and the valuation demo step."""

from __future__ import annotations

import json

from goldmine.cli.demo import DemoContext
from goldmine.io import load_profile


def test_value_json_keys(cli, examples_dir):
    r = cli("value", examples_dir / "promptly.yaml", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert d["currency"] == "USD"
    assert {"value", "low", "high"} == set(d["synthesis"])
    names = [m["name"] for m in d["methods"]]
    assert "scorecard" in names and "first_chicago" in names
    for m in d["methods"]:
        assert {"name", "value", "low", "high", "weight"} <= set(m)
    assert sum(m["weight"] for m in d["methods"]) == 1.0 or abs(sum(m["weight"] for m in d["methods"]) - 1) < 1e-9


def test_value_table_en_and_zh(cli, examples_dir):
    r = cli("value", examples_dir / "xuebao-tutor.yaml")
    assert r.exit_code == 0, r
    assert "Scorecard" in r.stdout and "Synthesis" in r.stdout and "not applicable" in r.stdout
    r = cli("--lang", "zh", "value", examples_dir / "xuebao-tutor.yaml")
    assert r.exit_code == 0, r
    assert "记分卡法" in r.stdout and "综合" in r.stdout and "不适用" in r.stdout


def test_value_base_option(cli, examples_dir):
    r = cli("value", examples_dir / "xuebao-tutor.yaml", "--json", "--base", "300万")
    d = json.loads(r.stdout)
    sc = next(m for m in d["methods"] if m["name"] == "scorecard")
    assert sc["assumptions"]["base_premoney"] == 3_000_000
    r = cli("value", examples_dir / "xuebao-tutor.yaml", "--base", "lots")
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_value_comparables_file(cli, examples_dir, tmp_path):
    f = tmp_path / "comps.yaml"
    f.write_text("comparables:\n  - {name: Peer, ev: 5.0e8, revenue: 1.0e7, currency: USD}\n", encoding="utf-8")
    r = cli("value", examples_dir / "promptly.yaml", "--json", "--comparables", f)
    assert r.exit_code == 0, r
    mk = next(m for m in json.loads(r.stdout)["methods"] if m["name"] == "market")
    assert any(c["name"] == "Peer" and c["value"] == 50.0 for c in mk["details"]["comparables"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("comparables:\n  - {ev: 1}\n", encoding="utf-8")
    r = cli("value", examples_dir / "promptly.yaml", "--comparables", bad)
    assert r.exit_code == 2 and "comparables[0]" in r.stderr


def test_value_bad_profile_exits_2(cli, tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text("identity: 3\n", encoding="utf-8")
    r = cli("value", f)
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_demo_step_writes_json(tmp_path, example_files, capsys):
    from goldmine.cli.valuation import demo_step

    ctx = DemoContext(out=tmp_path)
    for p in example_files:
        prof = load_profile(p)
        ctx.profiles[prof.id or p.stem] = prof
    demo_step(ctx)
    path = tmp_path / "valuation" / "valuations.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == set(ctx.profiles)
    assert ctx.written and ctx.written[-1][1] == path
    assert "promptly" in capsys.readouterr().out


def test_value_fx_option(cli, examples_dir, tmp_path):
    text = (examples_dir / "promptly.yaml").read_text(encoding="utf-8").replace("currency: USD", "currency: EUR")
    f = tmp_path / "eur.yaml"
    f.write_text(text, encoding="utf-8")
    r = cli("value", f)
    assert r.exit_code == 2 and "EUR" in r.stderr and "Traceback" not in r.stderr
    r = cli("value", f, "--json", "--fx", "EUR=0.5")
    assert r.exit_code == 0, r
    sc = next(m for m in json.loads(r.stdout)["methods"] if m["name"] == "scorecard")
    assert sc["assumptions"]["base_premoney"] == 8_000_000
    r = cli("value", f, "--fx", "EUR=abc")
    assert r.exit_code == 2


def test_demo_step_values_every_example(tmp_path, example_files):
    from goldmine.cli.valuation import demo_step
    from goldmine.io import load_profile

    ctx = DemoContext(out=tmp_path)
    ctx.profiles = {f.stem: load_profile(f) for f in example_files}
    demo_step(ctx)
    data = json.loads((tmp_path / "valuation" / "valuations.json").read_text(encoding="utf-8"))
    assert "promptly" in data and "xuebao-tutor" in data
