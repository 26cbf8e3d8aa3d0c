"""goldmine.deal and ``goldmine deal`` (issue #14): the proposal, the pro-forma cap table, golden
waterfall cases through the payout curve, the simulation's invariants, returns, decision figures, the
command line and bad input (exit 2, the field path, nothing written)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction as F

import numpy as np
import pytest
import pyxirr
from conftest import EXAMPLES

from goldmine.deal import (
    DealConfig,
    analyze_deal,
    capitalisations,
    deal_terms,
    generic_seed,
    payout_curve,
    pro_forma,
)
from goldmine.deal.returns import irr_paths, pooled_irr
from goldmine.errors import AnalysisError, InputError
from goldmine.financing import CapTable, PreferredTerms, SecurityClass, waterfall
from goldmine.io import load_profile, parse_profile
from goldmine.model.proposal import Proposal
from goldmine.pipeline.deal import merge_proposal, run_deal
from goldmine.pipeline.settings import DealSettings

MEDICARE = str(EXAMPLES / "medicare-ai.yaml")
PROMPTLY = str(EXAMPLES / "promptly.yaml")
D0 = dt.date(2025, 1, 1)


def small() -> DealSettings:
    return DealSettings.default().with_(paths=2000)


def company(**extra) -> dict:
    """A minimal profile: 6,000,000 founder shares, no pool, one month of revenue."""
    data = {"identity": {"name": {"en": "Acme"}, "country": "US", "currency": "USD", "founded": "2022-01-01"},
            "stage": "seed", "vertical": "other", "business_model": "product", "team": {"size": 4},
            "financials": {"as_of": "2025-01-31", "cash": 1_000_000, "monthly_burn": 100_000,
                           "revenue_history": [{"month": "2025-01", "revenue": 50_000}]},
            "cap_table": {"holdings": [{"holder": "Founders", "share_class": "common", "shares": 6_000_000}]}}
    data.update(extra)
    return data


# =========================================================================== the proposal
def test_profile_proposal_section_is_read_and_validated():
    s = load_profile(MEDICARE)
    assert s.proposal is not None and s.proposal.new_money == 15_000_000 and s.proposal.pre == 90_000_000
    assert s.proposal.post == 110_000_000 and s.proposal.preference.type == "non_participating"
    assert load_profile(PROMPTLY).proposal.pro_rata is True


@pytest.mark.parametrize(("patch", "path", "expected"), [
    ({"new_money": 0}, "proposal.new_money", "expected.positive"),
    ({"new_money": -5}, "proposal.new_money", "expected.positive"),
    ({"pool_target": 1.0}, "proposal.pool_target", "expected.lt"),
    ({"pool_target": "120%"}, "proposal.pool_target", "expected.lt"),
    ({"preference": {"type": "semi"}}, "proposal.preference.type", "expected.one_of"),
    ({"preference": {"type": "capped"}}, "proposal.preference.cap", "deal.expected.cap_for_capped"),
    ({"fund_size": 1_000_000}, "proposal.fund_size", "deal.expected.fund_at_least_cheque"),
    ({"pre_money": None}, "proposal.pre_money", "deal.expected.valuation"),
    ({"post_money": 1}, "proposal.post_money", "deal.expected.post_is_pre_plus_round"),
    ({"instrument": "loan"}, "proposal.instrument", "expected.one_of"),
    ({"colour": "red"}, "proposal.colour", "expected.known_field"),
])
def test_bad_proposals_are_refused_with_the_field_path(patch, path, expected):
    p = {"new_money": 5_000_000, "pre_money": 20_000_000}
    p.update(patch)
    with pytest.raises(InputError) as e:
        parse_profile(company(proposal={k: v for k, v in p.items() if v is not None}), source="acme.yaml")
    assert (e.value.problems[0].path, e.value.problems[0].expected) == (path, expected)
    assert e.value.message("zh").startswith("acme.yaml：" + path)


def test_options_replace_the_profiles_fields_and_name_the_option_in_errors():
    base = load_profile(MEDICARE).proposal
    p = merge_proposal(base, {"pre_money": "120M", "preference.type": "participating"}, {"pre_money": "--pre"})
    assert p.pre == 120_000_000 and p.new_money == 15_000_000 and p.preference.type == "participating"
    p = merge_proposal(base, {"post_money": "150M"}, {"post_money": "--post"})
    assert p.pre_money is None and p.post == 150_000_000
    with pytest.raises(InputError) as e:
        merge_proposal(base, {"fund_size": "10M"}, {"fund_size": "--fund"})
    assert e.value.source is None and e.value.problems[0].path == "--fund"


# =========================================================================== pro-forma
def test_option_pool_shuffle_through_the_deal_engine():
    """Venture Hacks, "The Option Pool Shuffle" (2009): $2M on $8M pre-money, 6M founder shares, a pool of
    20 % of the post-money counted in the pre-money -> $1.00 a share, 10M shares after, 20 % for the investor."""
    s = parse_profile(company(proposal={"new_money": 2_000_000, "pre_money": 8_000_000, "pool_target": 0.2}))
    pf = pro_forma(s, deal_terms(s, s.proposal))
    assert pf.entry_price == 1 and pf.shares == 2_000_000
    assert pf.table.fully_diluted == 10_000_000 and pf.entry_ownership == F(1, 5)
    assert pf.step.pool_increase == 2_000_000 and pf.step.effective_pre_money == 6_000_000


def test_medicare_pro_forma_is_the_financing_engines_round():
    s = load_profile(MEDICARE)
    pf = pro_forma(s, deal_terms(s, s.proposal))
    t = pf.table
    assert pf.step.name == "Series C" and t.security("Series C Preferred").seniority == 4   # senior to A, B
    assert F(t.pool_unissued, t.fully_diluted) == pytest.approx(F(1, 10), abs=1e-7)
    assert pf.entry_ownership == F(pf.shares, t.fully_diluted)
    assert float(pf.entry_ownership) == pytest.approx(15 / 110, abs=1e-6)   # percentage-ownership method
    assert pf.entry_price == pf.step.price


def test_safe_and_note_entries():
    s = load_profile(PROMPTLY)
    safe = s.proposal.model_copy(update={"instrument": "safe", "pool_target": None, "pre_money": None,
                                         "post_money": 40_000_000, "round_size": None})
    pf = pro_forma(s, deal_terms(s, safe))
    assert pf.entry_ownership == F(4, 40) and pf.shares == 0 and pf.table.convertibles[-1].cap == 40_000_000
    caps = capitalisations(pf, pro_rata=False)
    assert caps[1].table.convertibles == ()        # the SAFE converts in the Series A
    assert caps[1].ownership < F(4, 40)            # diluted by the A's new money
    note = s.proposal.model_copy(update={"instrument": "note", "pool_target": None})
    t = deal_terms(s, note)
    assert t.interest_rate == F(6, 100) and t.discount == F(2, 10)
    assert [m.key for m in t.assumptions] == ["deal.assumption.note_discount", "deal.assumption.note_interest"]


def test_a_pre_money_below_the_money_converting_is_refused():
    data = company(rounds=[{"name": "Bridge", "date": "2024-06-01", "instrument": "safe_post", "amount": 3_000_000,
                            "valuation_cap": 12_000_000}],
                   proposal={"new_money": 1_000_000, "pre_money": 2_000_000})
    s = parse_profile(data, source="acme.yaml")
    with pytest.raises(InputError) as e:
        pro_forma(s, deal_terms(s, s.proposal), source="acme.yaml")
    assert e.value.problems[0].path == "proposal.pre_money"
    assert e.value.problems[0].expected == "deal.expected.pre_above_converted"
    with pytest.raises(InputError) as e:
        pro_forma(s, deal_terms(s, s.proposal), source="acme.yaml", paths={"pre_money": "--pre"})
    assert e.value.source is None and e.value.problems[0].path == "--pre"


# =========================================================================== golden waterfalls through the curve
def feld(participation: str) -> CapTable:
    t = CapTable(classes=(SecurityClass("Common", "common"),
                          SecurityClass("A", "preferred", F(50_000_000, 600), PreferredTerms(participation=participation), 1)))
    return t.issue("Founders", "Common", 400).issue("VC", "A", 600)


@pytest.mark.parametrize(("participation", "expected"), [("none", 60_000_000), ("full", 80_000_000)])
def test_feld_mendelson_through_the_curve(participation, expected):
    """Feld & Mendelson, *Venture Deals*: $50M for 60 %, exit at $100M -> $60M non-participating (it
    converts), $80M participating; the curve's breakpoint is where the series converts ($83.3M)."""
    curve = payout_curve(feld(participation))
    assert curve.holder_at("VC", 100_000_000) == expected
    assert curve.exact(100_000_000) == waterfall(feld(participation), 100_000_000).by_security()
    if participation == "none":
        assert F(250_000_000, 3) in curve.x                 # 50M / 60 %: preference = as-converted value
        assert curve.inverse("VC", F(50_000_000)) == 50_000_000


def test_capped_participation_and_stacked_seniority_through_the_curve():
    """The financing golden cases' structures: a capped participating series converts above its cap; the
    later series is paid first when stacked."""
    t = CapTable(classes=(SecurityClass("Common", "common"),
                          SecurityClass("A", "preferred", F(1), PreferredTerms(participation="capped", participation_cap=F(3)), 1),
                          SecurityClass("B", "preferred", F(2), PreferredTerms(), 2)))
    t = t.issue("F", "Common", 1_000_000).issue("a", "A", 1_000_000).issue("b", "B", 1_000_000)
    curve = payout_curve(t)
    for x in [F(0), F(1_500_000), F(2_000_000), F(2_500_000), F(4_000_000), F(9_000_000), F(12_000_000), *curve.x]:
        assert curve.exact(x) == waterfall(t, x).by_security()
    assert curve.holder_at("b", 1_500_000) == 1_500_000 and curve.holder_at("a", 1_500_000) == 0


# =========================================================================== returns
def test_irr_closed_form_is_pyxirrs_xirr():
    payout = np.array([0.0, 150.0, 400.0, 80.0])
    months = np.array([30, 40, 60, 100])
    got = irr_paths(D0, 100.0, payout, months)
    assert got[0] == -1.0
    for i in range(1, 4):
        days = round(months[i] * 365.2425 / 12)
        want = pyxirr.xirr([D0, D0 + dt.timedelta(days=days)], [-100.0, payout[i]])
        assert got[i] == pytest.approx(want, rel=1e-9)


def test_irr_with_follow_on_cheques_uses_pyxirr():
    follow = np.array([[20.0, 0.0]])
    fm = np.array([[12, 0]])
    got = irr_paths(D0, 100.0, np.array([300.0]), np.array([48]), follow, fm)
    d12, d48 = round(12 * 365.2425 / 12), round(48 * 365.2425 / 12)
    want = pyxirr.xirr([D0, D0 + dt.timedelta(days=d12), D0 + dt.timedelta(days=d48)], [-100.0, -20.0, 300.0])
    assert got[0] == pytest.approx(want, rel=1e-9)
    assert pooled_irr(D0, 100.0, np.array([0.0]), np.array([10])) is None


# =========================================================================== the analysis
@pytest.fixture(scope="module")
def medicare():
    return run_deal(load_profile(MEDICARE), settings=small())


def test_medicare_deal_invariants(medicare):
    a = medicare.analysis
    r = a.returns
    assert r.pro_rata is True and a.returns_with_pro_rata is r
    assert 0 <= r.p_10x <= r.p_3x <= 1 - r.p_loss + 1e-12
    assert r.moic.n == 2000 and r.moic.mean_se > 0
    assert sum(v["value"] for v in a.simulated.outcomes.values()) == pytest.approx(1.0)
    assert a.simulated.ceiling_holds and a.simulated.max_exit_arr <= a.simulated.revenue_ceiling_annual + 1e-6
    # later rounds dilute; pro-rata keeps the ownership
    caps = a.capitalisations
    assert caps[-1].ownership < caps[0].ownership <= caps[-1].ownership_pro_rata + 1e-6   # whole shares
    for c in caps:
        x1, x3, x10 = (c.exit_for_multiple[k] for k in ("1", "3", "10"))
        assert x1 is not None and x3 is not None and x10 is not None and x1 < x3 < x10
    assert a.payout_curve.breakpoints[0] == 0 and a.verdict in ("within_target", "above_target", "unreachable")
    assert a.max_entry is not None and a.max_entry.method == "brentq"
    assert [m.key for m in a.reasons][0] == "deal.reason.returns"


def test_same_seed_same_result_and_json_is_language_neutral(medicare):
    again = run_deal(load_profile(MEDICARE), settings=small())
    assert json.dumps(again.to_dict(), sort_keys=True, default=str) == json.dumps(medicare.to_dict(), sort_keys=True, default=str)


def test_the_highest_entry_price_meets_the_target_and_a_higher_one_does_not():
    s = load_profile(PROMPTLY)
    settings = DealSettings.default().with_(paths=2000, target_metric="mean_moic", target_value=0.5)
    a = run_deal(s, settings=settings).analysis
    me = a.max_entry
    assert me is not None and me.status == "found" and me.achieved >= 0.5
    above = s.proposal.model_copy(update={"pre_money": me.pre_money * 1.05})
    b = analyze_deal(s, above, n_paths=2000, seed=settings.seed, decision=False)
    assert b.returns.moic.mean < 0.5


def test_generic_seed_deal_runs_on_stage_priors():
    s, p = generic_seed(DealConfig.shipped())
    a = analyze_deal(s, p, n_paths=3000, seed=3, decision=False)
    assert a.simulated.growth["basis"] == "prior"
    assert a.simulated.revenue_ceiling_annual is None
    assert 0.4 < a.returns.p_loss < 0.9 and a.returns.p_10x < 0.15


def test_no_revenue_is_an_error_with_its_path():
    s = load_profile(EXAMPLES / "xuebao-tutor.yaml")
    with pytest.raises(AnalysisError) as e:
        analyze_deal(s, Proposal(new_money=1_000_000, pre_money=5_000_000), n_paths=100, seed=1)
    assert e.value.key == "deal.error.no_revenue" and e.value.path == "financials.revenue_history"


# =========================================================================== the command line
def test_cli_table_and_json(cli):
    r = cli("deal", MEDICARE, "--paths", "1000")
    assert r.exit_code == 0, r
    assert "Series C" in r.stdout and "P(multiple ≥ 10x)" in r.stdout
    r = cli("--lang", "zh", "deal", PROMPTLY, "--paths", "1000", "--pre", "30M", "--no-pro-rata")
    assert r.exit_code == 0, r
    assert "投前估值" in r.stdout and "亏损概率" in r.stdout
    r = cli("deal", PROMPTLY, "--paths", "1000", "--rounding", "spreadsheet", "--json")
    doc = json.loads(r.stdout)
    assert doc["entry"]["rounding"]["solve"] == "spreadsheet" and doc["settings"]["paths"] == 1000


def test_cli_json_is_the_same_in_both_languages(cli):
    docs = [json.loads(cli("--lang", lang, "deal", MEDICARE, "--paths", "500", "--json").stdout) for lang in ("en", "zh")]
    assert docs[0] == docs[1]


@pytest.mark.parametrize(("args", "where"), [
    (["--invest", "0"], "--invest: expected a number > 0"),
    (["--invest", "-5M"], "--invest: expected a number > 0"),
    (["--pool", "100%"], "--pool: expected a number < 1"),
    (["--fund", "1M"], "--fund: expected a fund at least as large as the cheque"),
    (["--instrument", "loan"], "--instrument: expected one of"),
    (["--pre", "10k"], "--pre: expected a round that can be priced"),
])
def test_bad_options_exit_2_with_the_option_and_write_nothing(cli, tmp_path, monkeypatch, args, where):
    monkeypatch.chdir(tmp_path)
    r = cli("deal", MEDICARE, "--paths", "200", *args)
    assert r.exit_code == 2, r
    assert where in r.stderr and r.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_bad_profile_sections_exit_2_with_the_field_path(cli, tmp_path):
    import yaml

    data = company(rounds=[{"name": "Bridge", "date": "2024-06-01", "instrument": "safe_post", "amount": 3_000_000,
                            "valuation_cap": 12_000_000}],
                   proposal={"new_money": 1_000_000, "pre_money": 2_000_000})
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    r = cli("deal", str(path), "--paths", "200")
    assert r.exit_code == 2 and "proposal.pre_money: expected a pre-money valuation above the money that converts" in r.stderr
    r = cli("deal", str(path), "--paths", "200", "--pre", "2.5M")
    assert r.exit_code == 2 and "--pre: expected a pre-money valuation above" in r.stderr
    data["proposal"] = {"new_money": 1_000_000, "pre_money": 20_000_000, "preference": {"type": "senior"}}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    r = cli("deal", str(path))
    assert r.exit_code == 2 and "proposal.preference.type: expected one of" in r.stderr
    data.pop("proposal")
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    r = cli("deal", str(path))
    assert r.exit_code == 2 and "proposal: expected a proposed round" in r.stderr
