"""Tests of `goldmine value` and the valuation demo step."""

from __future__ import annotations

import json

import pytest

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


def _eur_profile(examples_dir, tmp_path):
    text = (examples_dir / "promptly.yaml").read_text(encoding="utf-8").replace("currency: USD", "currency: EUR")
    f = tmp_path / "eur-startup.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def test_missing_fx_rate_names_the_profile_and_the_fix(cli, examples_dir, tmp_path):
    """Review of issue #6: the error named neither the file nor the field, and said only "--fx"."""
    f = _eur_profile(examples_dir, tmp_path)
    for lang in ("en", "zh"):
        r = cli("--lang", lang, "value", f)
        assert r.exit_code == 2 and "Traceback" not in r.stderr
        assert "eur-startup.yaml" in r.stderr and "identity.currency" in r.stderr and "--fx EUR=" in r.stderr


@pytest.mark.parametrize("rate", ["EUR=nan", "EUR=inf", "EUR=-inf", "EUR=1e400", "=0.9", "EURO=0.9"])
def test_fx_option_refuses_non_finite_rates(cli, examples_dir, tmp_path, rate):
    """Review of issue #6: --fx EUR=nan was accepted and every anchored method printed €nan."""
    r = cli("value", _eur_profile(examples_dir, tmp_path), "--fx", rate)
    assert r.exit_code == 2 and "Traceback" not in r.stderr and "--fx" in r.stderr


def test_fx_note_does_not_date_a_user_rate(cli, examples_dir, tmp_path):
    r = cli("value", _eur_profile(examples_dir, tmp_path), "--fx", "EUR=0.92")
    assert r.exit_code == 0, r
    assert "0.92 EUR/USD" in r.stdout and "2025-08-25" not in r.stdout


@pytest.mark.parametrize("base", ["1e400", "inf"])
def test_base_option_refuses_infinite(cli, examples_dir, base):
    r = cli("value", examples_dir / "promptly.yaml", "--base", base)
    assert r.exit_code == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("entry, path", [
    ("{name: X, multiple: .nan}", "comparables[0].multiple"),      # silently moved the median before
    ("{name: X, multiple: abc}", "comparables[0].multiple"),       # was a traceback
    ("{name: X, multiple: -3}", "comparables[0].multiple"),
    ("{name: X, ev: 1.0e9, revenue: 0}", "comparables[0].revenue"),
    ("{name: X, ev: 1.0e9, revenue: 1.0e7, currency: EUR}", "comparables[0].currency"),
])
def test_bad_comparables_are_refused_with_file_and_field(cli, examples_dir, tmp_path, entry, path):
    f = tmp_path / "comps.yaml"
    f.write_text(f"comparables:\n  - {entry}\n", encoding="utf-8")
    r = cli("value", examples_dir / "promptly.yaml", "--comparables", f)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert "comps.yaml" in r.stderr and path in r.stderr


def test_comparables_accept_yaml11_exponents_and_lowercase_currency(cli, examples_dir, tmp_path):
    f = tmp_path / "comps.yaml"
    f.write_text("comparables:\n  - {name: Peer, ev: 5e8, revenue: 1e7, currency: usd}\n", encoding="utf-8")
    r = cli("value", examples_dir / "promptly.yaml", "--json", "--comparables", f)
    assert r.exit_code == 0, r
    mk = next(m for m in json.loads(r.stdout)["methods"] if m["name"] == "market")
    assert any(c["name"] == "Peer" and c["value"] == 50.0 for c in mk["details"]["comparables"])


def test_synthesis_is_identical_across_processes(examples_dir):
    """Review of issue #6: the synthesis was summed in set order, so its last bits changed with
    PYTHONHASHSEED (two runs of `goldmine value --json` differed)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from goldmine.io import load_profile; from goldmine.valuation import value; "
            "print(repr(value(load_profile(sys.argv[1]), rfs_scores=dict.fromkeys(__import__('goldmine.valuation.rfs', "
            "fromlist=['RISKS']).RISKS, 0)).synthesis.value))")
    outs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code, str(examples_dir / "promptly.yaml")], env=env,
                                capture_output=True, text=True, check=True).stdout)
    assert len(outs) == 1, outs


def test_excluded_dcf_says_so_in_the_table(cli, examples_dir):
    """Review of issue #6: forge-vision's DCF printed $0 with no hint that it was floored.  Issue #15:
    it is no longer floored but excluded, and the table says why and what it would have been."""
    r = cli("value", examples_dir / "forge-vision.yaml")
    assert r.exit_code == 0, r
    text = " ".join(r.stdout.split())
    assert "excluded" in text and "before exclusion" in text and "floored" not in text
    r = cli("--lang", "zh", "value", examples_dir / "forge-vision.yaml")
    assert "已剔除" in "".join(r.stdout.split())


def test_table_prints_the_reconciliation_and_the_valuation_date(cli, examples_dir):
    for lang, title, date in (("en", "Reconciliation", "Valuation date 2025-10-31"), ("zh", "估值方法差异的调和", "估值基准日 2025 年 10 月 31 日")):
        r = cli("--lang", lang, "value", examples_dir / "xuebao-tutor.yaml")
        assert r.exit_code == 0, r
        out = "".join(r.stdout.split())
        assert "".join(title.split()) in out and "".join(date.split()) in out
