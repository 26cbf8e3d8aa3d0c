"""``goldmine risk``: table, JSON, languages, config override, absurd values refused (exit 2), demo step."""

from __future__ import annotations

import json

import pytest
import yaml


def test_risk_table(cli, examples_dir):
    r = cli("--lang", "en", "risk", examples_dir / "xuebao-tutor.yaml")
    assert r.exit_code == 0, r
    for word in ("technical", "market", "capital", "legal", "social", "Compliance checklist", "Missing inputs"):
        assert word in r.stdout
    assert "Risk of Xuebao Tutor" in r.stdout and "(high)" in r.stdout
    assert "runway" in r.stdout and "guardian consent" in r.stdout


def test_risk_table_in_chinese(cli, examples_dir):
    r = cli("--lang", "zh", "risk", examples_dir / "medicare-ai.yaml")
    assert r.exit_code == 0, r
    assert "智医未来 的风险" in r.stdout and "维度" in r.stdout and "合规清单" in r.stdout


def test_risk_json_keys(cli, examples_dir):
    r = cli("--lang", "en", "risk", examples_dir / "promptly.yaml", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert {"score", "rating", "confidence"} <= set(d["overall"])
    assert set(d["dimensions"]) == {"technical", "market", "capital", "legal", "social"}
    for dim in d["dimensions"].values():
        assert "score" in dim
        assert all({"name", "value", "unit", "score", "source"} <= set(i) for i in dim["indicators"])
    assert d["mitigations"] and d["compliance"]
    zh = json.loads(cli("--lang", "zh", "risk", examples_dir / "promptly.yaml", "--json").stdout)
    assert zh == d                                            # language-neutral (issue #12)
    assert d["mitigations"][0]["title"]["key"].startswith("risk.mitigation.")


def test_risk_config_override(cli, examples_dir, tmp_path):
    cfg = tmp_path / "risk.yaml"
    cfg.write_text(yaml.safe_dump({"max_blend": {"value": 0.0}}))
    base = json.loads(cli("risk", examples_dir / "promptly.yaml", "--json").stdout)
    mean = json.loads(cli("risk", examples_dir / "promptly.yaml", "--json", "--config", cfg).stdout)
    assert mean["overall"]["score"] == pytest.approx(base["overall"]["weighted_mean"], abs=0.01)
    cfg.write_text(yaml.safe_dump({"indicator_weights": {"dimensions": {"social": {"public_acceptance": 2.0}}}}))
    r = cli("risk", examples_dir / "promptly.yaml", "--config", cfg)
    assert r.exit_code == 2 and "indicator_weights.dimensions.social" in r.stderr and "Traceback" not in r.stderr


ABSURD = [
    ("financials.monthly_burn", -5000, "financials.monthly_burn", "a number >= 0"),
    ("market.market_share", 1.5, "market.market_share", "a fraction between 0 and 1"),
    ("technology.accuracy", 1.7, "technology.accuracy", "a fraction between 0 and 1"),
]


@pytest.mark.parametrize(("path", "value", "where", "expected"), ABSURD, ids=[a[0] for a in ABSURD])
def test_absurd_values_are_refused_with_exit_2(cli, examples_dir, tmp_path, path, value, where, expected):
    data = yaml.safe_load((examples_dir / "lingxi-cx.yaml").read_text(encoding="utf-8"))
    node = data
    *parents, leaf = path.split(".")
    for k in parents:
        node = node[k]
    node[leaf] = value
    bad = tmp_path / "absurd.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = cli("--lang", "en", "risk", bad)
    assert r.exit_code == 2, r
    assert f"{bad}: {where}: expected {expected}, found {value}" in " ".join(r.stderr.split())
    assert "Traceback" not in r.stderr and r.stdout == ""
    zh = cli("--lang", "zh", "risk", bad, "--json")
    assert zh.exit_code == 2 and "应为" in zh.stderr and zh.stdout == ""


def test_missing_file_exits_2(cli, tmp_path):
    r = cli("risk", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_demo_step_writes_every_example(tmp_path, examples_dir, capsys):
    from goldmine.cli.demo import DemoContext
    from goldmine.cli.risk import demo_step
    from goldmine.io import load_profile

    ctx = DemoContext(out=tmp_path)
    ctx.profiles = {p.stem: load_profile(p) for p in sorted(examples_dir.glob("*.yaml"))}
    demo_step(ctx)
    path = tmp_path / "risk" / "risk.json"
    assert ctx.written and ctx.written[-1][1] == path
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == set(ctx.profiles)
    out = capsys.readouterr().out
    assert all(k in out for k in ctx.profiles)


@pytest.mark.parametrize("text, where", [
    ("weights: 3\n", "weights"),                                   # a typo was silently ignored
    ("missing_score: 50\n", "missing_score"),                      # traceback: 'int' object has no attribute 'get'
    ("horizon_months: -5\n", "horizon_months"),                    # traceback at scoring time
    ("horizon_months: {value: -5}\n", "horizon_months.value"),
    ("missing_score: {value: .nan}\n", "missing_score.value"),
    ("ratings: [{rating: low, below: 50}]\n", "ratings"),
    ("matrix: {likelihood_steps: [80, 20]}\n", "matrix.likelihood_steps"),
    ("matrix: {impact: {technical: 9}}\n", "matrix.impact.technical"),
    ("matrix: {likelihood_steps: [80, 20, 30, 40]}\n", "matrix.likelihood_steps"),
    ("mitigation: {threshold: 150}\n", "mitigation.threshold"),
])
def test_bad_config_files_exit_2_with_the_key(cli, examples_dir, tmp_path, text, where):
    """Review of issue #3: several malformed --config files crashed with a traceback or were ignored."""
    cfg = tmp_path / "my-risk.yaml"
    cfg.write_text(text, encoding="utf-8")
    r = cli("risk", examples_dir / "promptly.yaml", "--config", cfg)
    assert r.exit_code == 2, r
    assert "Traceback" not in r.stderr and f"my-risk.yaml: {where}:" in r.stderr
