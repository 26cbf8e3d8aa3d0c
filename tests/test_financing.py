"""goldmine.financing: golden cases from public sources, the planner and the waterfall (issue #5)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

import pytest

from goldmine.errors import InputError
from goldmine.financing import (
    CapTable,
    ConvertibleNote,
    Investment,
    OptionAward,
    OptionGrant,
    PoolTopUp,
    PreferredTerms,
    PricedRound,
    Rounding,
    Safe,
    SecurityClass,
    Settings,
    VentureDebt,
    parse_plan,
    plan_from_profile,
    plan_rounds,
    reconcile,
    run_plan,
    solve_priced_round,
    to_fraction,
    waterfall,
)
from goldmine.financing.numbers import EXACT, round_fraction

D0, D1 = dt.date(2020, 1, 1), dt.date(2021, 1, 1)


def founders(n: int, pool: int = 0, **options: int) -> CapTable:
    t = CapTable(classes=(SecurityClass("Common", "common"), SecurityClass("Options", "options")))
    t = t.issue("Founders", "Common", n)
    for holder, shares in options.items():
        t = t.issue(holder, "Options", shares)
    return t.with_pool(pool)


def priced(name: str, amount: int, *, pre: int | None = None, price: F | None = None, pool: PoolTopUp | None = None,
           date: dt.date = D1, terms: PreferredTerms | None = None, holder: str = "Investor") -> PricedRound:
    return PricedRound(name, date, (Investment(holder, F(amount)),), pre_money=None if pre is None else F(pre),
                       price=price, pool=pool, terms=terms or PreferredTerms())


# =========================================================================== golden cases
def yc_example():
    table = founders(9_250_000, pool=100_000, Outstanding=300_000, Promised=350_000)
    events = [Safe("Safe 1", D0, "Investor 1", F(200_000), cap=F(4_000_000)),
              Safe("Safe 2", D0, "Investor 2", F(800_000), cap=F(8_000_000)),
              priced("Series A", 5_000_000, pre=15_000_000, pool=PoolTopUp(increase=1_695_000))]
    return plan_rounds(table, events)


def test_yc_post_money_safe_appendix_ii_example_1():
    """YC Post-Money Safe User Guide, Appendix II, Example 1: 10,000,000 fully diluted before the
    SAFEs (founders 9,250,000; options 300,000 outstanding, 350,000 promised, 100,000 unissued);
    $200k at a $4M post-money cap and $800k at $8M give a company capitalization of 11,764,705 and
    588,235 and 1,176,470 SAFE shares; the Series A of $5M at $15M pre-money with a 1,695,000-share
    pool increase prices at $1.1144."""
    result = yc_example()
    assert result.steps[0].implied_ownership == F(5, 100)
    assert result.steps[1].implied_ownership == F(10, 100)
    a = result.steps[2]
    assert a.before.fully_diluted == 10_000_000
    shares = [c.shares for c in a.conversions]
    assert shares == [588_235, 1_176_470]
    assert 10_000_000 + sum(shares) == 11_764_705
    assert [c.price for c in a.conversions] == [F("0.34"), F("0.68")]
    assert all(c.basis == "cap" for c in a.conversions)
    assert a.price == F("1.1144")
    assert a.pool_increase == 1_695_000
    assert a.after.pool_unissued == 1_795_000
    assert a.issues[0].shares == 4_486_719          # $5M / $1.1144, rounded down
    assert a.after.fully_diluted == 11_764_705 + 1_695_000 + 4_486_719


def test_yc_capitalization_is_the_exact_fixed_point():
    """YC guide: company capitalization = 10,000,000 / (1 - 5 % - 10 %) before rounding (the circular
    definition solved exactly, not iterated)."""
    ex = solve_priced_round(10_000_000, 100_000, F(5_000_000), pre_money=F(15_000_000), price=None,
                            convertibles=[(Safe("a", D0, "a", F(200_000), cap=F(4_000_000)), F(200_000)),
                                          (Safe("b", D0, "b", F(800_000), cap=F(8_000_000)), F(800_000))],
                            pool_increase=1_695_000)
    assert ex.capitalization == F(10_000_000) / F(85, 100)
    assert ex.price == F(15_000_000) / (ex.capitalization + 1_695_000)
    assert Rounding().share_count(ex.capitalization) == 11_764_705


def test_venture_hacks_option_pool_shuffle():
    """Venture Hacks, "The Option Pool Shuffle" (2009): $2M on $8M pre-money, 6M founder shares, a
    pool of 20 % of the post-money counted in the pre-money -> price $1.00, 10M shares after,
    effective pre-money $6M."""
    r = plan_rounds(founders(6_000_000), [priced("A", 2_000_000, pre=8_000_000, pool=PoolTopUp(target_post=F(1, 5)))])
    s = r.steps[0]
    assert s.price == 1
    assert s.pool_increase == 2_000_000
    assert s.after.fully_diluted == 10_000_000
    assert s.effective_pre_money == 6_000_000
    assert s.post_money == 10_000_000
    assert s.after.ownership()["Investor"] == F(1, 5)


def test_cooley_convertible_note_discount_and_interest():
    """Cooley GO (convertible note example): a $100k note at 5 % simple interest and a 25 % discount;
    Series A at $1.00 a year later -> (100,000 + 5,000) / 0.75 = 140,000 shares."""
    note = ConvertibleNote("Note", dt.date(2023, 1, 1), "Noteholder", F(100_000), interest_rate=F(5, 100), discount=F(25, 100))
    r = plan_rounds(founders(5_000_000), [note, priced("A", 1_000_000, price=F(1), date=dt.date(2024, 1, 1))])
    conv = r.steps[1].conversions[0]
    assert conv.amount == 105_000
    assert conv.price == F(3, 4)
    assert conv.shares == 140_000
    assert conv.basis == "discount"


def test_feld_mendelson_participation():
    """Feld & Mendelson, *Venture Deals* (liquidation preference chapter): $50M invested for 60 %,
    exit at $100M -> $60M with non-participating preferred (it converts), $80M participating."""
    for participation, expected in (("none", 60_000_000), ("full", 80_000_000)):
        t = CapTable(classes=(SecurityClass("Common", "common"),
                              SecurityClass("A", "preferred", F(50_000_000, 600), PreferredTerms(participation=participation), 1)))
        t = t.issue("Founders", "Common", 400).issue("VC", "A", 600)
        w = waterfall(t, 100_000_000)
        assert w.by_holder()["VC"] == expected
        assert sum(w.by_holder().values()) == 100_000_000


def cooley_three(method: str):
    note = ConvertibleNote("Notes", D0, "Noteholders", F(1_000_000), discount=F(30, 100))
    s = Settings(method=method, rounding=EXACT)  # type: ignore[arg-type]
    return plan_rounds(CapTable(classes=(SecurityClass("Common", "common"),)).issue("Founders", "Common", 1_000_000),
                       [note, priced("A", 2_000_000, pre=8_000_000)], s).steps[1]


def test_cooley_three_conventions():
    """Cooley GO, "Calculating share price with outstanding convertible notes or Safes" (2021): $2M at
    $8M pre-money, 1,000,000 founder shares, notes converting at a 30 % discount ($1M -> 178,571
    shares at $5.60 under the pre-money method). Pre-money method: founders 70.00 %, notes 12.50 %,
    Series A 17.50 %; percentage-ownership method: Series A exactly 20 %, founders 65.71 %;
    dollars-invested method: Series A = $2M / ($8M + $1M + $2M)."""
    pre = cooley_three("pre_money")
    assert pre.price == 8
    assert pre.conversions[0].shares == 178_571 and pre.issues[0].shares == 250_000
    own = pre.after.ownership()
    assert round(float(own["Founders"]), 4) == 0.7 and round(float(own["Investor"]), 4) == 0.175
    pct = cooley_three("percentage_ownership")
    own = pct.after.ownership()
    assert round(float(own["Founders"]) * 100, 2) == 65.71
    assert abs(own["Investor"] - F(1, 5)) < F(1, 10**5)
    dol = cooley_three("dollars_invested")
    own = dol.after.ownership()
    assert abs(own["Investor"] - F(2, 11)) < F(1, 10**5)
    assert own["Founders"] < F(7, 10)  # the discount's extra shares fall on the existing holders


def test_conventions_agree_without_discount_except_percentage():
    """With no discount and no cap, pre-money and dollars-invested coincide (Cooley): the new investor
    is diluted by the converting dollars only."""
    def run(method):
        note = ConvertibleNote("N", D0, "N", F(1_000_000))
        s = Settings(method=method, rounding=EXACT)
        t = CapTable(classes=(SecurityClass("Common", "common"),)).issue("F", "Common", 1_000_000)
        return plan_rounds(t, [note, priced("A", 2_000_000, pre=8_000_000)], s).steps[1]
    assert run("pre_money").price == run("dollars_invested").price == 8


# =========================================================================== instruments
def test_pre_money_safe_cap_price_uses_pre_money_capitalization():
    """Carta: pre-money SAFE conversion price = cap / (outstanding + options + available + pool increase)."""
    safe = Safe("Pre", D0, "Angel", F(500_000), cap=F(5_000_000), post_money=False)
    r = plan_rounds(founders(10_000_000), [safe, priced("A", 3_000_000, pre=30_000_000)], Settings(rounding=EXACT))
    conv = r.steps[1].conversions[0]
    assert conv.price == F(5_000_000, 10_000_000)
    assert conv.shares == 1_000_000


def test_safe_discount_binds_when_the_round_is_below_the_cap():
    safe = Safe("S", D0, "Angel", F(1_000_000), cap=F(50_000_000), discount=F(20, 100))
    s = plan_rounds(founders(10_000_000), [safe, priced("A", 2_000_000, pre=10_000_000)]).steps[1]
    assert s.conversions[0].basis == "discount"
    assert s.conversions[0].price == Rounding().price(F(8, 10) * s.price)


def test_mfn_safe_adopts_a_later_better_cap():
    """YC MFN SAFE: the holder may adopt a later convertible's better terms, whole."""
    events = [Safe("MFN", D0, "Early", F(100_000), mfn=True), Safe("Capped", D0, "Later", F(100_000), cap=F(5_000_000))]
    r = plan_rounds(founders(10_000_000), events)
    mfn = next(c for c in r.final.convertibles if c.name == "MFN")
    assert mfn.cap == 5_000_000
    note = r.steps[1].notes[0]            # a language-neutral message, rendered at the edge
    assert note.key == "financing.note.mfn_adopts" and dict(note.params) == {"name": "MFN", "terms_of": "Capped"}
    assert "MFN" in note.render("en") and "最惠" in note.render("zh")


def test_pro_rata_entitlement():
    events = [Safe("S", D0, "Angel", F(1_000_000), cap=F(10_000_000), pro_rata=True), priced("A", 5_000_000, pre=20_000_000)]
    s = plan_rounds(founders(9_000_000), events).steps[1]
    pr = s.pro_rata[0]
    assert pr["holder"] == "Angel"
    assert pr["fraction"] == F(s.conversions[0].shares, s.after.fully_diluted - s.issues[0].shares)


def test_venture_debt_warrants_at_last_price():
    events = [priced("A", 2_000_000, pre=8_000_000),
              VentureDebt("Loan", D1, "Bank", F(1_000_000), interest_rate=F(12, 100), term_months=36, warrant_coverage=F(1, 10))]
    r = plan_rounds(founders(8_000_000), events)
    step = r.steps[1]
    assert step.interest_cost == 360_000
    assert step.issues[0].shares == 100_000        # 10 % x $1M / $1.00
    w = waterfall(r.final, 1_500_000)
    assert w.by_holder()["Bank"] == 1_000_000       # debt first
    assert sum(w.by_holder().values()) == 1_500_000


def test_option_grant_beyond_pool_is_refused():
    with pytest.raises(InputError) as exc:
        plan_rounds(founders(1_000, pool=100), [OptionGrant("G", D0, (OptionAward("Ann", 101),))], source="x.yaml")
    msg = exc.value.message("en")
    assert "x.yaml" in msg and "rounds[0].grants[0].shares" in msg and "100" in msg


def test_stacked_seniority_pays_the_later_series_first():
    events = [priced("Seed", 1_000_000, pre=4_000_000, holder="Seed fund"), priced("A", 4_000_000, pre=16_000_000, holder="A fund")]
    r = plan_rounds(founders(4_000_000), events, Settings(rounding=EXACT))
    w = waterfall(r.final, 4_500_000)
    assert w.by_holder()["A fund"] == 4_000_000 and w.by_holder()["Seed fund"] == 500_000
    rp = plan_rounds(founders(4_000_000), events, Settings(rounding=EXACT, seniority="pari_passu"))
    w = waterfall(rp.final, 4_500_000)
    assert w.by_holder()["A fund"] == 3_600_000 and w.by_holder()["Seed fund"] == 900_000


def test_capped_participation_converts_above_the_cap():
    """1x participating capped at 3x: below the cap it takes preference + share; far above it converts."""
    t = CapTable(classes=(SecurityClass("Common", "common"),
                          SecurityClass("A", "preferred", F(1), PreferredTerms(participation="capped", participation_cap=F(3)), 1)))
    t = t.issue("F", "Common", 5_000_000).issue("VC", "A", 5_000_000)   # $5M invested at $1
    low = waterfall(t, 10_000_000)
    assert low.by_holder()["VC"] == 5_000_000 + 2_500_000
    mid = waterfall(t, 25_000_000)
    assert mid.by_holder()["VC"] == 15_000_000      # capped at 3x
    high = waterfall(t, 100_000_000)
    assert high.decisions["A"] == "convert" and high.by_holder()["VC"] == 50_000_000


def test_options_under_water_lapse():
    t = founders(900_000).issue("Staff", "Options", 100_000, F(2))
    w = waterfall(t, 1_000_000)           # $1.00 a share < $2 strike
    assert w.by_holder()["Staff"] == 0 and w.by_holder()["Founders"] == 1_000_000
    w = waterfall(t, 5_000_000)           # exercise: (5M + 200k) / 1M = $5.20 a share, net $3.20
    assert w.by_holder()["Staff"] == 320_000 and sum(w.by_holder().values()) == 5_000_000


def test_safe_outstanding_at_exit_takes_the_better_of_cash_out_and_conversion():
    t = founders(9_000_000)
    r = plan_rounds(t, [Safe("S", D0, "Angel", F(1_000_000), cap=F(10_000_000))])
    assert waterfall(r.final, 5_000_000).by_holder()["Angel"] == 1_000_000     # cash-out
    assert waterfall(r.final, 50_000_000).by_holder()["Angel"] == 5_000_000    # 10 % as converted


def test_joint_conversion_decisions_are_stable():
    """No holder is better off switching, given the others' decisions (the stable profile)."""
    t = CapTable(classes=(SecurityClass("Common", "common"),
                          SecurityClass("A", "preferred", F(1), PreferredTerms(), 1),
                          SecurityClass("B", "preferred", F(3), PreferredTerms(liquidation_multiple=F(2)), 2)))
    t = t.issue("F", "Common", 6_000_000).issue("a", "A", 2_000_000).issue("b", "B", 2_000_000)
    for x in (5_000_000, 14_000_000, 20_000_000, 60_000_000, 200_000_000):
        w = waterfall(t, x)
        assert w.stable_profiles >= 1 and sum(w.by_holder().values()) == x
    assert waterfall(t, 200_000_000).decisions == {"Common": "common", "A": "convert", "B": "convert"}
    assert waterfall(t, 14_000_000).decisions["B"] == "preference"


# =========================================================================== numbers and plans
def test_amounts_and_rounding_are_exact():
    assert to_fraction("1.5M") == 1_500_000 and to_fraction("500万") == 5_000_000 and to_fraction("1.2亿") == 120_000_000
    assert to_fraction(0.1) == F(1, 10) and to_fraction("20%") == F(1, 5)
    assert round_fraction(F("1.11445"), 4, "nearest") == F("1.1145")
    assert round_fraction(F("1.11445"), 4, "down") == F("1.1144")
    assert Rounding(shares="nearest").share_count(F(5, 2)) == 3 and Rounding().share_count(F(5, 2)) == 2


def test_rounding_setting_changes_shares():
    base = {"company": {"name": "X", "founded": "2020-01-01"}, "holders": [{"holder": "F", "shares": 9_000_000}],
            "rounds": [{"name": "A", "date": "2021-01-01", "instrument": "equity", "pre_money": 4_000_000,
                        "amount": 1_000_000, "investor": "VC"}]}
    exact = run_plan(parse_plan(dict(base, settings={"rounding": {"price_decimals": None}})))
    four = run_plan(parse_plan(base))
    assert exact.final.by_holder()["VC"] == 2_250_000
    assert four.final.by_holder()["VC"] == 2_250_225    # $1M / $0.4444
    assert four.steps[0].price == F("0.4444") and four.steps[0].exact_price == F(4, 9)


def test_medicare_plan_follows_the_seed_case(examples_dir):
    """Seed 003 §6.4: angel ¥1M, Series A ¥5M, Series B ¥8M; the plan reproduces the example profile."""
    from goldmine.io import load_profile
    from goldmine.io.plans import load_plan

    plan = load_plan(examples_dir / "plans" / "medicare-ai.plan.yaml")
    result = run_plan(plan)
    raised = [s.money_raised for s in result.steps if s.instrument == "equity"]
    assert raised == [1_000_000, 5_000_000, 8_000_000]
    profile = load_profile(examples_dir / "medicare-ai.yaml")
    assert all(r.difference == 0 for r in reconcile(result, profile))
    derived, notes = plan_from_profile(profile)
    assert notes == ()
    assert run_plan(derived).final.by_class() == {k: v for k, v in result.final.by_class().items()}


def test_promptly_safe_plan_runs(examples_dir):
    from goldmine.io.plans import load_plan

    result = run_plan(load_plan(examples_dir / "plans" / "promptly.plan.yaml"))
    seed = next(s for s in result.steps if s.instrument == "equity")
    assert seed.conversions and seed.conversions[0].basis == "cap"
    assert sum(result.final.ownership().values()) == 1


@pytest.mark.parametrize("patch, path", [
    ({"rounds": [{"name": "S", "date": "2021-01-01", "instrument": "safe_post", "holder": "A", "amount": 100, "valuation_cap": -4_000_000}]},
     "rounds[0].valuation_cap"),
    ({"rounds": [{"name": "A", "date": "2019-01-01", "instrument": "equity", "pre_money": 1000, "amount": 10}]}, "rounds[0].date"),
    ({"rounds": [{"name": "A", "date": "2021-01-01", "instrument": "equity", "amount": 10}]}, "rounds[0].pre_money"),
    ({"rounds": [{"name": "A", "date": "2021-01-01", "instrument": "equity", "pre_money": 100, "amount": 10, "bogus": 1}]}, "rounds[0].bogus"),
    ({"holders": [{"holder": "F", "shares": 1.5}]}, "holders[0].shares"),
    ({"holders": []}, "holders"),                                  # a plan with 0 shares
    ({"holders": [{"holder": "F", "shares": 0}]}, "holders"),
    ({"rounds": [{"name": "G", "date": "2021-01-01", "instrument": "option_grant", "grants": []}]}, "rounds[0].grants"),
    ({"exits": ["1e19"]}, "exits[0]"),
])
def test_inconsistent_plans_are_refused_with_the_field(patch, path):
    data = {"company": {"name": "X", "founded": "2020-01-01"}, "holders": [{"holder": "F", "shares": 1000}]}
    data.update(patch)
    with pytest.raises(InputError) as exc:
        parse_plan(data, source="plan.yaml")
    assert any(p.path == path for p in exc.value.problems), exc.value.message()
    assert exc.value.message().startswith("plan.yaml: ")
    # reviewer fix: no raw pydantic or English text inside the Chinese message
    zh = exc.value.message("zh")
    assert "should" not in zh and "expected" not in zh and "List" not in zh, zh


def test_data_file_defaults_have_sources_and_match_the_code():
    from goldmine.financing import DEFAULT_METHOD, financing_config
    from goldmine.i18n import has_key

    cfg = financing_config()
    for name in type(cfg.defaults).model_fields:
        item = getattr(cfg.defaults, name)
        assert item.source and item.date, name
    for key, row in cfg.routes.items():
        assert row.source and row.date, key
        assert row.cost in ("none", "low", "medium", "high") and len(row.speed_months) == 2
        assert has_key(f"financing.route.{key}") and has_key(f"financing.cost_basis.{key}"), key
    assert cfg.defaults.conversion_method.value == DEFAULT_METHOD
    assert Rounding().describe() == cfg.defaults.rounding.value.model_dump()
    assert Settings().seniority == cfg.defaults.seniority.value


def test_financing_config_refuses_unknown_keys_with_their_path():
    """Issue #12: the routes table is a frozen model; a misspelt key in an override is an error naming it."""
    from goldmine.config import load_config
    from goldmine.financing import FinancingConfig, compare_routes

    with pytest.raises(InputError) as exc:
        load_config(FinancingConfig, "financing.yaml", override={"routes": {"safe": {"speed_month": [1, 2]}}})
    assert any(p.path == "routes.safe.speed_month" for p in exc.value.problems)
    with pytest.raises(InputError) as exc:
        load_config(FinancingConfig, "financing.yaml", override={"routes": {"safe": {"cost": "cheap"}}})
    assert any(p.path == "routes.safe.cost" for p in exc.value.problems)
    # an override object (not a path) is what compare_routes takes
    faster = load_config(FinancingConfig, "financing.yaml", override={"routes": {"safe": {"speed_months": [0.1, 0.2]}}})
    from conftest import EXAMPLES

    from goldmine.io import load_profile

    cmp = compare_routes(load_profile(EXAMPLES / "promptly.yaml"), faster)
    assert next(r for r in cmp.routes if r.key == "safe").speed_months == (0.1, 0.2)


def test_plan_from_profile_notes_are_messages(examples_dir):
    """Issue #12: the assumptions of plan_from_profile were English sentences copied into Chinese reports."""
    import yaml

    from goldmine.i18n.messages import Message
    from goldmine.io import parse_profile

    data = yaml.safe_load((examples_dir / "promptly.yaml").read_text(encoding="utf-8"))
    for r in data["rounds"]:
        if r["instrument"] == "equity":
            r.pop("pre_money", None)
            r.pop("post_money", None)
    data["rounds"].append({"name": "Campaign", "date": data["rounds"][-1]["date"], "instrument": "crowdfunding",
                           "amount": 50_000})
    _, notes = plan_from_profile(parse_profile(data))
    assert [n.key for n in notes].count("financing.note.skipped_no_valuation") >= 1
    assert all(isinstance(n, Message) for n in notes)
    keys = [n.key for n in notes]
    assert "financing.note.crowdfunding_as_reward" in keys
    assert all(n.to_dict()["params"]["round"] for n in notes)
    assert "众筹" in notes[-1].render("zh") and "crowdfunding" in notes[-1].render("en")


def test_keyed_errors_for_bad_api_input():
    """Issue #12: errors carry a catalogue key, no inline English/Chinese pair, no bare ValueError/KeyError."""
    from goldmine.errors import AnalysisError

    t = founders(1_000)
    with pytest.raises(AnalysisError) as exc:
        waterfall(t, -1)
    assert exc.value.key == "financing.error.exit_negative"
    with pytest.raises(AnalysisError) as exc:
        waterfall(t, "lots")
    assert exc.value.key == "financing.error.exit_value"
    with pytest.raises(AnalysisError) as exc:
        t.security("Series Z")
    assert exc.value.key == "financing.error.unknown_class" and "Series Z" in exc.value.message("zh")
    with pytest.raises(AnalysisError) as exc:
        solve_priced_round(1_000, 0, F(1), pre_money=None, price=None, convertibles=[])
    assert exc.value.key == "financing.error.no_valuation"
    bad = CapTable(classes=(SecurityClass("Common", "common"), SecurityClass("A", "preferred"))).issue("F", "Common", 1).issue("V", "A", 1)
    with pytest.raises(AnalysisError) as exc:
        waterfall(bad, 10)
    assert exc.value.key == "financing.error.preferred_terms"


def test_cooley_three_conventions_prices():
    """Cooley GO (as above): the same $2M at $8M pre-money with $1M of notes at a 30 % discount prices at
    $8.00 (pre-money method); $10M - $1M/0.7 - $2M over 1,000,000 shares = $46/7 = $6.5714
    (percentage-ownership: the Series A gets exactly 20 % of a $10M post-money) and $11M - $1M/0.7 -
    $2M = $53/7 = $7.5714 (dollars-invested: post-money $11M, the Series A gets 2/11). The ownership
    checks above cannot tell a wrong price from a right one."""
    assert cooley_three("pre_money").price == 8
    assert cooley_three("percentage_ownership").price == F(46, 7)
    assert cooley_three("dollars_invested").price == F(53, 7)
    dol = cooley_three("dollars_invested").after.ownership()
    assert abs(dol["Investor"] - F(2, 11)) < F(1, 10**5) and round(float(dol["Founders"]) * 100, 2) == 68.83
