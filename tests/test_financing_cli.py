"""CLI of goldmine.financing: captable, waterfall, routes, OCF, errors (exit code 2), i18n, demo step."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

PLAN = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples" / "plans" / "medicare-ai.plan.yaml"
PROMPTLY = PLAN.with_name("promptly.plan.yaml")


def write_plan(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_captable_prints_a_table_per_round(cli):
    r = cli("--lang", "en", "captable", PLAN)
    assert r.exit_code == 0, r
    for name in ("Angel", "Series A", "Series B", "2,812,500", "16,875,000", "Unissued option pool"):
        assert name in r.stdout


def test_captable_json_keys(cli):
    r = cli("captable", PLAN, "--json")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert {"company", "currency", "settings", "start", "steps", "final", "ownership_path", "total_raised"} <= set(data)
    assert data["total_raised"] == 14_000_000
    assert data["final"]["fully_diluted"] == 16_875_000
    step = data["steps"][1]
    for key in ("name", "date", "instrument", "money_raised", "price", "price_exact", "pre_money", "post_money",
                "effective_pre_money", "pool_increase", "dilution", "issues", "conversions", "cap_table", "holder_dilution"):
        assert key in step
    assert step["price_exact"] == "4/9"
    assert abs(sum(h["ownership"] for h in data["final"]["holders"]) - 1) < 1e-12


def test_captable_method_override_and_promptly_safe(cli):
    r = cli("captable", PROMPTLY, "--json", "--method", "pre_money")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert data["settings"]["method"] == "pre_money"
    assert data["steps"][1]["conversions"][0]["basis"] == "cap"
    assert cli("captable", PROMPTLY, "--method", "magic").exit_code == 2


def test_waterfall_several_exits_sum_exactly(cli):
    r = cli("waterfall", PLAN, "--exit", "10M", "--exit", "1亿", "--json")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert [w["exit_value"] for w in data["waterfalls"]] == [10_000_000, 100_000_000]
    for w in data["waterfalls"]:
        assert w["total_paid"] == w["exit_value"]
        assert {"payouts", "by_holder", "by_security", "decisions", "common_price_per_share", "stable_profiles", "solver"} <= set(w)
    human = cli("--lang", "zh", "waterfall", PLAN)
    assert human.exit_code == 0 and "退出" in human.stdout and "合计" in human.stdout


@pytest.mark.parametrize("rounds, field", [
    ([{"name": "S", "date": "2022-01-01", "instrument": "safe_post", "holder": "A", "amount": 100000, "valuation_cap": -4000000}],
     "rounds[0].valuation_cap"),
    ([{"name": "Angel", "date": "2020-01-01", "instrument": "equity", "pre_money": 4000000, "amount": 1000000}], "rounds[0].date"),
    ([{"name": "G", "date": "2022-01-01", "instrument": "option_grant", "grants": [{"holder": "Ann", "shares": 1000001}]}],
     "rounds[0].grants[0].shares"),
])
def test_inconsistent_plans_exit_2_naming_file_and_field(cli, tmp_path, rounds, field):
    path = write_plan(tmp_path, rounds=rounds)
    for cmd in (("captable", path), ("waterfall", path, "--exit", "1M")):
        r = cli(*cmd)
        assert r.exit_code == 2, r
        assert str(path) in r.stderr and field in r.stderr
        assert "Traceback" not in r.stderr


def test_bad_exit_value_exits_2(cli):
    r = cli("waterfall", PLAN, "--exit", "lots")
    assert r.exit_code == 2 and "--exit" in r.stderr


def test_ocf_export_import_round_trip(cli, tmp_path):
    out = tmp_path / "ocf"
    r = cli("captable", PLAN, "--ocf-out", out)
    assert r.exit_code == 0, r
    assert (out / "Manifest.ocf.json").is_file()
    back = cli("captable", out / "Manifest.ocf.json", "--json")
    assert back.exit_code == 0, back
    data = json.loads(back.stdout)
    original = json.loads(cli("captable", PLAN, "--json").stdout)["final"]
    assert {h["holder"]: h["shares"] for h in data["cap_table"]["holders"]} == \
        {h["holder"]: h["shares"] for h in original["holders"]}
    assert cli("captable", out).exit_code == 0   # the folder works too


def test_ocf_files_validate_against_pyocf():
    """The exported objects parse with pyocf's models of the OCF 1.2.0 schemas."""
    pyocf = pytest.importorskip("pyocf.api")
    from goldmine.financing import run_plan
    from goldmine.financing.ocf import from_ocf, to_ocf
    from goldmine.io.plans import load_plan

    result = run_plan(load_plan(PLAN))
    files = to_ocf(result.final, issuer="MediCare AI", currency="CNY", as_of="2025-02-18")
    pyocf.OCFManifestFile.model_validate(files["Manifest.ocf.json"])
    pyocf.StakeholdersFile.model_validate(files["Stakeholders.ocf.json"])
    pyocf.StockClassesFile.model_validate(files["StockClasses.ocf.json"])
    pyocf.StockPlansFile.model_validate(files["StockPlans.ocf.json"])
    for tx in files["Transactions.ocf.json"]["items"]:
        cls = pyocf.StockIssuance if tx["object_type"] == "TX_STOCK_ISSUANCE" else pyocf.EquityCompensationIssuance
        cls.model_validate(tx)
    pyocf.TransactionsFile.model_validate(files["Transactions.ocf.json"])
    snap = from_ocf(files)
    assert snap.table.by_holder() == result.final.by_holder()
    assert snap.currency == "CNY"
    b = snap.table.security("Series B Preferred")
    assert b.terms is not None and b.terms.participation == "none" and b.seniority == 3
    assert abs(b.issue_price - Fraction(128, 45)) < Fraction(1, 10**9)


def test_routes_command(cli, examples_dir):
    r = cli("routes", examples_dir / "medicare-ai.yaml", "--json")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert data["stage"] == "series_b"
    keys = {x["route"] for x in data["routes"]}
    assert {"angel_equity", "venture_capital", "bank_debt", "government_grant", "reward_crowdfunding"} <= keys
    assert all(x["source"] for x in data["routes"])
    # language-neutral: what the cost consists of and why a fit was lowered are message keys with parameters
    crowd = next(x for x in data["routes"] if x["route"] == "reward_crowdfunding")
    assert crowd["cost_basis"] == {"key": "financing.cost_basis.reward_crowdfunding", "params": {}}
    assert crowd["reasons"] == [{"key": "financing.reason.not_consumer", "params": {"vertical": {"term": "vertical.medical"}}}]
    promptly = json.loads(cli("routes", examples_dir / "promptly.yaml", "--json").stdout)
    fit = {x["route"]: x["fit"] for x in promptly["routes"]}
    assert fit["safe"] == "good" and fit["venture_debt"] == "poor"
    zh = cli("--lang", "zh", "routes", examples_dir / "medicare-ai.yaml")
    assert zh.exit_code == 0 and "医疗" in zh.stdout and "vertical.medical" not in zh.stdout


def test_every_financing_message_has_both_languages():
    from goldmine.i18n import catalogue

    keys = [k for k in catalogue() if k.startswith("financing.")]
    assert len(keys) > 50
    for k in keys:
        texts = catalogue()[k]
        assert texts.get("en") and texts.get("zh"), k


def test_demo_step_writes_the_medicare_path(tmp_path, capsys):
    from goldmine.cli.demo import DemoContext
    from goldmine.cli.financing import demo_step

    ctx = DemoContext(out=tmp_path)
    demo_step(ctx)
    (what, path), = ctx.written
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [s["money_raised"] for s in data["plan"]["steps"] if s["instrument"] == "equity"] == [1e6, 5e6, 8e6]
    assert all(w["total_paid"] == w["exit_value"] for w in data["waterfalls"])
    assert "Series B" in capsys.readouterr().out


def test_waterfall_without_exit_values_exits_2(cli, tmp_path):
    path = write_plan(tmp_path, exits=[])
    r = cli("--lang", "zh", "waterfall", path)
    assert r.exit_code == 2 and "exits" in r.stderr and "退出金额" in r.stderr


def test_plan_from_profile_needs_a_cap_table(examples_dir):
    from goldmine.errors import InputError
    from goldmine.financing import plan_from_profile
    from goldmine.io import load_profile

    profile = load_profile(examples_dir / "medicare-ai.yaml").model_copy(update={"cap_table": None})
    with pytest.raises(InputError) as exc:
        plan_from_profile(profile)
    assert "cap_table" in exc.value.message()


def test_captable_and_waterfall_accept_a_profile(cli, examples_dir):
    """A startup profile is turned into a plan from its cap_table and rounds (plan_from_profile)."""
    r = cli("captable", examples_dir / "medicare-ai.yaml", "--json")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert data["final"]["fully_diluted"] == 16_875_000
    w = cli("waterfall", examples_dir / "promptly.yaml", "--exit", "20M", "--json")
    assert w.exit_code == 0, w
    assert json.loads(w.stdout)["waterfalls"][0]["total_paid"] == 20_000_000


def test_absurd_amounts_are_refused_not_a_traceback(cli, tmp_path):
    """Reviewer fix: --exit 1e400 or a cap of 1e400 crashed with OverflowError (float of a huge
    Fraction); 1e30 printed a total of $1,000,000,000,000,000,019,884,624,838,656. Amounts above
    defaults.max_amount (1e18, data/financing.yaml) are refused with exit code 2."""
    r = cli("waterfall", PROMPTLY, "--exit", "50%")     # was: an exit of $0.50
    assert r.exit_code == 2 and "--exit" in r.stderr, r
    for value in ("1e400", "1e30"):
        r = cli("waterfall", PROMPTLY, "--exit", value)
        assert r.exit_code == 2 and "--exit" in r.stderr and "Traceback" not in r.stderr, r
    data = yaml.safe_load(PROMPTLY.read_text(encoding="utf-8"))
    data["rounds"][0]["valuation_cap"] = "1e400"
    path = tmp_path / "huge.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = cli("captable", path)
    assert r.exit_code == 2 and "rounds[0].valuation_cap" in r.stderr and "Traceback" not in r.stderr, r
    r = cli("waterfall", PROMPTLY, "--exit", "1e18")
    assert r.exit_code == 0, r


def test_plan_consistency_errors_are_translated(cli, tmp_path):
    """Reviewer fix: cross-field plan errors were English inside zh output ("应为 a date on or after ...")."""
    data = yaml.safe_load(PROMPTLY.read_text(encoding="utf-8"))
    data["rounds"][0]["date"] = "2020-11-15"
    path = tmp_path / "early.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = cli("--lang", "zh", "captable", path)
    assert r.exit_code == 2 and "rounds[0].date" in r.stderr and "公司须先成立" in r.stderr
    assert "the company must exist" not in r.stderr and "2023-09-01" in r.stderr and "2020-11-15" in r.stderr
    r = cli("--lang", "en", "captable", path)
    assert "expected a date on or after company.founded (2023-09-01): the company must exist first, found 2020-11-15" in r.stderr


@pytest.mark.parametrize(("change", "needle"), [
    ({"quantity": "abc"}, "decimal string"),          # was: decimal.InvalidOperation traceback
    ({"stock_class_id": "nope"}, "'nope'"),           # was: KeyError traceback
    ({"quantity": "-5"}, "transactions[tx-1].quantity"),   # was: accepted, a holder with -5 shares
])
def test_malformed_ocf_packages_exit_2(cli, tmp_path, change, needle):
    out = tmp_path / "ocf"
    assert cli("captable", PLAN, "--ocf-out", out).exit_code == 0
    tx = out / "Transactions.ocf.json"
    data = json.loads(tx.read_text(encoding="utf-8"))
    first = next(i for i in data["items"] if i["object_type"] == "TX_STOCK_ISSUANCE")
    first.update(change)
    if first["id"] != "tx-1" and "quantity" in change and change["quantity"] == "-5":
        needle = f"transactions[{first['id']}].quantity"
    tx.write_text(json.dumps(data), encoding="utf-8")
    r = cli("captable", out)
    assert r.exit_code == 2 and needle in r.stderr and "Traceback" not in r.stderr, r


def test_ocf_input_mode_json_shape(cli, tmp_path):
    """The OCF input mode of `captable --json` prints an OcfSnapshot: source, issuer, currency, as_of, cap_table
    (documented in docs/financing.md)."""
    out = tmp_path / "ocf"
    assert cli("captable", PLAN, "--ocf-out", out).exit_code == 0
    docs = {lang: json.loads(cli("--lang", lang, "captable", out, "--json").stdout) for lang in ("en", "zh")}
    assert docs["en"] == docs["zh"]
    d = docs["en"]
    assert set(d) == {"source", "issuer", "currency", "as_of", "cap_table"} and d["source"] == "ocf"
    assert d["currency"] == "CNY" and d["cap_table"]["fully_diluted"] == 16_875_000


def test_profile_as_plan_prints_its_assumptions_in_the_language(cli, examples_dir, tmp_path):
    """Issue #12: the assumptions of plan_from_profile were English in Chinese output."""
    text = (examples_dir / "medicare-ai.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["rounds"].append({"name": "Campaign", "date": "2025-06-01", "instrument": "crowdfunding", "amount": 100000})
    path = tmp_path / "crowd.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    zh = cli("--lang", "zh", "captable", path)
    assert zh.exit_code == 0, zh
    assert "奖励众筹" in zh.stderr and "taken as reward" not in zh.stderr
    en = cli("--lang", "en", "captable", path)
    assert "crowdfunding taken as reward crowdfunding" in en.stderr


def test_use_cases_give_the_cli_json(examples_dir):
    """The CLI prints what the use cases return (goldmine analyze calls the same functions)."""
    from goldmine.io import load_profile
    from goldmine.io.plans import load_plan
    from goldmine.pipeline.financing import (
        CapTableSection,
        WaterfallSection,
        captable_section,
        run_captable,
        run_waterfall,
        waterfall_section,
    )

    plan = load_plan(PLAN)
    assert run_captable(plan).to_dict()["total_raised"] == 14_000_000
    assert run_captable(plan, "pre_money").settings.method == "pre_money"
    from goldmine.errors import InputError

    with pytest.raises(InputError):
        run_captable(plan, "magic")
    ws = run_waterfall(plan, [Fraction(50_000_000)])
    assert ws.waterfalls[0].exit_value == 50_000_000 and set(ws.to_dict()) == {"company", "currency", "waterfalls"}
    assert len(run_waterfall(plan, []).waterfalls) == len(plan.exits)

    profile = load_profile(examples_dir / "medicare-ai.yaml")
    section = captable_section(profile)
    assert isinstance(section, CapTableSection)
    assert section.notes == () and all(r.difference == 0 for r in section.reconciliation)
    d = section.to_dict()
    assert {"company", "currency", "settings", "start", "steps", "final", "ownership_path", "total_raised",
            "assumptions", "reconciliation"} == set(d)
    assert d["reconciliation"][0].keys() == {"series", "profile_shares", "plan_shares", "difference"}
    wf = waterfall_section(profile)
    assert isinstance(wf, WaterfallSection)
    assert set(wf.to_dict()) == {"company", "currency", "multiples", "waterfalls"}
    post = 48_000_000   # medicare-ai: Series B ¥8M at ¥40M pre-money
    assert [float(w.exit_value) for w in wf.waterfalls] == [post * m for m in wf.multiples]
    assert all(sum(w.by_holder().values()) == w.exit_value for w in wf.waterfalls)


def test_waterfall_section_needs_a_priced_round(examples_dir):
    from goldmine.errors import AnalysisError
    from goldmine.io import load_profile
    from goldmine.pipeline.financing import waterfall_section

    profile = load_profile(examples_dir / "medicare-ai.yaml")
    unpriced = profile.model_copy(update={"rounds": [r.model_copy(update={"pre_money": None, "post_money": None})
                                                      for r in profile.rounds]})
    with pytest.raises(AnalysisError) as exc:
        waterfall_section(unpriced)
    assert exc.value.key == "financing.error.no_priced_round"
    assert "投后估值" in exc.value.message("zh")
