"""Issue #15, points 3-6: country calibration, the early-stage DCF, reconciliation and as-of discipline."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import pytest

from goldmine.i18n import has_key, t
from goldmine.io import load_profile, parse_profile, read_mapping
from goldmine.valuation import value
from goldmine.valuation._config import config, multiples
from goldmine.valuation.asof import AsOf, judge, period
from goldmine.valuation.income import cost_of_equity, income
from goldmine.valuation.market import market
from goldmine.valuation.reconcile import weighted_median
from goldmine.valuation.survival import ladder, shut_down_share, stage_survival

AS_OF = dt.date(2025, 10, 31)


@pytest.fixture(scope="module")
def profiles(example_files):
    return {p.stem: load_profile(p) for p in example_files}


@pytest.fixture(scope="module")
def valuations(profiles):
    return {k: value(p) for k, p in profiles.items()}


def _data(examples_dir, name):
    return read_mapping(examples_dir / f"{name}.yaml")


# --------------------------------------------------------------------------- 3. country calibration
def test_china_anchor_is_published_and_dated():
    cn = config().anchors.regions["CN"]
    idea = cn.base_premoney["idea"]
    assert cn.currency == "CNY" and "CN" in cn.countries
    assert (idea.low, idea.value, idea.high) == (3_000_000, 4_500_000, 6_000_000)
    assert idea.source and idea.date and "2024" in idea.source
    assert idea.secondary and idea.note      # said plainly: an unattributed summary, the best-cited figure found


def test_xuebao_lies_within_the_published_china_pre_seed_range(valuations):
    """Done when: xuebao-tutor (idea stage, CNY) is valued inside the published Chinese range cited in
    data/valuation.yaml (¥3M to ¥6M for AI projects' first round, 2024 H1), not at a US SAFE cap."""
    v = valuations["xuebao-tutor"]
    idea = config().anchors.regions["CN"].base_premoney["idea"]
    assert v.region == "CN"
    assert idea.low <= v.synthesis.value <= idea.high, v.synthesis.value
    sc = v.method("scorecard")
    assert sc.assumptions["base_region"] == "CN" and sc.assumptions["base_source"] == idea.source
    assert sc.assumptions["base_low"] == idea.low and sc.assumptions["base_high"] == idea.high


def _in_usd(examples_dir, name, rate, country="US"):
    data = _data(examples_dir, name)
    data["identity"]["currency"] = "USD"
    data["identity"]["country"] = country
    f = data["financials"]
    for key in ("cash", "monthly_burn"):
        f[key] = float(f[key]) / rate
    f["burn_breakdown"] = {k: float(v) / rate for k, v in f.get("burn_breakdown", {}).items()}
    for key in ("tam", "sam", "som"):
        if data["market"].get(key) is not None:
            data["market"][key] = float(data["market"][key]) / rate
    return parse_profile(data)


def test_xuebao_in_usd_with_us_anchors_keeps_its_us_result(examples_dir, profiles):
    """Done when: the same profile in USD with country US takes the US anchors and gives the US result:
    every method equals the yuan profile valued with US anchors, converted (calibration follows the
    country, never the currency)."""
    from goldmine.risk import assess

    rate = 7.1161
    cny = profiles["xuebao-tutor"]
    usd = _in_usd(examples_dir, "xuebao-tutor", rate)
    a = assess(cny)
    us, ref = value(usd, assessment=a), value(cny, assessment=a, region="US")
    assert us.region == "US" and us.region_basis == "country"
    assert us.method("scorecard").assumptions["base_premoney"] == pytest.approx(10_000_000)
    for m in us.methods:
        r = ref.method(m.name)
        assert m.applicable == r.applicable, m.name
        if m.applicable:
            assert m.value == pytest.approx(r.value / rate, rel=1e-9), m.name
    assert us.synthesis.value == pytest.approx(ref.synthesis.value / rate, rel=1e-9)
    # and the China calibration changes the yuan profile's price
    assert value(cny, assessment=a).synthesis.value < ref.synthesis.value / 3


def test_us_profiles_keep_the_us_anchors(valuations):
    """A USD/US profile keeps Carta's medians, Berkus's $500k and Payne's $250k exactly."""
    forge, promptly = valuations["forge-vision"], valuations["promptly"]
    assert forge.region == promptly.region == "US"
    assert forge.method("scorecard").assumptions["base_premoney"] == 10_000_000
    assert promptly.method("scorecard").assumptions["base_premoney"] == 16_000_000
    assert promptly.method("risk_factor_summation").assumptions["per_point"] == 250_000
    assert "ratio_to_us" not in promptly.method("risk_factor_summation").assumptions


def test_unlisted_country_falls_back_to_us_anchors_and_says_so(valuations):
    v = valuations["northstar-studio"]      # Singapore, no regional anchors shipped
    assert v.region == "US" and v.region_basis == "fallback"


def test_cny_cost_of_equity_includes_damodarans_china_crp(valuations):
    """Done when: the CNY cost of equity includes the country risk premium, Damodaran's January 2025
    figure for China (Moody's A1): 0.94 %, total ERP 5.27 % = 4.33 % + 0.94 %."""
    k, info = cost_of_equity("CNY", "CN")
    assert info["country_risk_premium"] == 0.0094
    assert "Damodaran" in info["crp_source"] and "January 2025" in info["crp_source"] and "0.94 %" in info["crp_source"]
    assert info["equity_risk_premium"] + info["country_risk_premium"] == pytest.approx(0.0527)
    assert k == pytest.approx(0.017 + 1.25 * (0.0433 + 0.0094))
    k_us, us = cost_of_equity("USD", "US")
    assert us["country_risk_premium"] == 0.0 and k_us == pytest.approx(0.0458 + 1.25 * 0.0433)
    m = valuations["medicare-ai"].method("income")
    assert m.applicable and m.assumptions["country_risk_premium"] == 0.0094
    assert m.assumptions["cost_of_equity"] == pytest.approx(k)


# --------------------------------------------------------------------------- 4. the early-stage DCF
def test_survival_comes_from_the_stage_priors():
    """Carta's graduation (seed -> A 36.4 / 56.4) and the stalled companies' outcomes (1 - 22 % sold -
    26.7 % carrying on = 51.3 % shut down): the chance of living through the next round."""
    assert shut_down_share() == pytest.approx(1 - 0.22 - 0.267)
    first = ladder("seed", 0.0)[0]
    assert first.round == "series_a" and first.graduation == pytest.approx(0.364 / 0.564)
    assert first.survival == pytest.approx(1 - (1 - 0.364 / 0.564) * 0.513)
    assert first.months == pytest.approx(774 / (365.25 / 12), rel=1e-3)
    s = stage_survival("seed", 0.0, [0, 1, 2, 5, 10, 20])
    assert s[0] == 1.0 and all(a >= b for a, b in zip(s, s[1:], strict=False))
    assert s[-1] == pytest.approx(s[-2])     # flat after Series D
    assert ladder("idea", 0.0)[0].graduation == pytest.approx(0.564)


def test_costs_are_projected_line_by_line(profiles):
    m = income(profiles["medicare-ai"])
    proj = m.details["projection"]
    lines0 = proj["lines0"]
    gm = proj["gross_margin"]
    assert set(lines0) >= {"cost_of_revenue", "staff", "sales"} and gm == 0.72
    assert sum(lines0.values()) == pytest.approx(12 * profiles["medicare-ai"].financials.monthly_burn)
    r0, e = proj["revenue0"], config().projection.costs.headcount_elasticity.value
    for t_, r in enumerate(proj["revenue"]):
        assert proj["costs"]["cost_of_revenue"][t_] == pytest.approx(r * (1 - gm))
        assert proj["costs"]["sales"][t_] == pytest.approx(lines0["sales"] * r / r0)
        assert proj["costs"]["staff"][t_] == pytest.approx(lines0["staff"] * (r / r0) ** e)
        total = sum(proj["costs"][k][t_] for k in proj["costs"])
        assert proj["ebit"][t_] == pytest.approx(r - total)
        assert proj["margin"][t_] == pytest.approx(proj["ebit"][t_] / r)   # an output, not an input


@pytest.mark.parametrize("name", ["forge-vision", "promptly"])
def test_dcf_never_floors_at_zero(valuations, name):
    """Done when: forge-vision's and promptly's DCF give a positive survival-weighted value or are
    excluded with a reason (a catalogue key), the computed value kept in the details."""
    m = valuations[name].method("income")
    if m.applicable:
        assert m.value > 0 and m.low > 0
    else:
        assert m.value is None and m.weight == 0.0
        assert m.reason in ("valuation.reason.dcf_not_positive", "valuation.reason.dcf_no_terminal") and has_key(m.reason)
        if m.reason == "valuation.reason.dcf_not_positive":
            assert m.details["value_before_exclusion"] <= 0
        assert valuations[name].synthesis.weights["income"] == 0.0
    assert "floored_at_zero" not in m.details


def test_dcf_grid_centre_is_the_headline(valuations):
    """Done when: the sensitivity grid's centre equals the headline DCF value, and no row is all empty."""
    checked = 0
    for key, v in valuations.items():
        m, grid = v.method("income"), v.sensitivity.dcf
        if not m.applicable:
            assert grid is None, key
            continue
        assert grid is not None
        i, j = grid.centre
        assert grid.discount_rates[i] == m.assumptions["cost_of_equity"]
        assert grid.terminal_growth[j] == m.assumptions["terminal_growth"]
        assert grid.centre_value == m.value, key
        assert all(any(x is not None for x in row) for row in grid.values), key
        checked += 1
    assert checked >= 1


def test_loss_at_the_horizon_leaves_out_the_perpetuity(valuations):
    m = valuations["medicare-ai"].method("income")
    if m.details["projection"]["ebit"][-1] <= 0:
        assert m.details["variants_left_out"]["perpetuity_growth"] == "valuation.dcf.loss_at_horizon"
        assert set(m.details["variants"]) == {"exit_multiple"}
    assert m.low <= m.value <= m.high


# --------------------------------------------------------------------------- 5. reconciliation
def test_weighted_median():
    assert weighted_median([(1.0, 0.2), (5.0, 0.5), (9.0, 0.3)]) == 5.0
    assert weighted_median([(1.0, 0.6), (5.0, 0.4)]) == 1.0
    assert weighted_median([]) is None


def test_disagreeing_methods_get_a_reconciliation_paragraph_in_both_languages(valuations):
    """Done when: a profile whose methods disagree by more than the factor gets a paragraph naming
    them, in English and Chinese."""
    v = valuations["xuebao-tutor"]
    rec = v.reconciliation
    factor = config().reconciliation.factor.value
    assert rec.disagree and rec.spread > factor and rec.factor == factor
    for lang in ("en", "zh"):
        text = rec.paragraph(lang)
        for name in (rec.highest, rec.lowest, *(g.name for g in rec.methods)):
            assert t(f"valuation.method.{name}", lang) in text, (lang, name)
    assert "times" in rec.paragraph("en") and "倍" in rec.paragraph("zh")
    assert all(has_key(m.key) for m in rec.messages)


def test_down_weighting_follows_the_documented_rule(valuations):
    for v in valuations.values():
        rec = v.reconciliation
        if not rec.disagree:
            assert rec.weights_after == pytest.approx(rec.weights_before)
            continue
        limit = math.sqrt(rec.factor)
        raw = dict(rec.weights_before)
        for g in rec.methods:
            assert g.distance > limit
            raw[g.name] = rec.weights_before[g.name] * limit / g.distance
        total = sum(raw.values())
        assert rec.weights_after == pytest.approx({k: w / total for k, w in raw.items()})
        assert v.synthesis.weights == pytest.approx(rec.weights_after)


def test_methods_that_agree_keep_their_stage_weights(profiles):
    v = value(profiles["promptly"], weights={"scorecard": 0.5, "risk_factor_summation": 0.5})
    rec = v.reconciliation
    assert not rec.disagree and rec.weights_after == rec.weights_before
    assert rec.messages[0].key == "valuation.reconcile.agree"


def test_last_round_is_set_against_the_range(valuations, profiles):
    v = valuations["medicare-ai"]
    lr = v.reconciliation.last_round
    s = v.synthesis
    assert lr is not None and lr.name == "Series B" and lr.post_money == 48_000_000
    assert lr.gap == pytest.approx(48_000_000 / s.value)
    expected = "above" if lr.post_money > s.high else "below" if lr.post_money < s.low else "within"
    assert lr.position == expected
    assert v.reconciliation.messages[-1].key == f"valuation.reconcile.last_round_{expected}"
    assert valuations["xuebao-tutor"].reconciliation.last_round is None


def test_reconciliation_json_is_language_neutral(valuations):
    import json

    d = valuations["medicare-ai"].to_dict()["reconciliation"]
    json.dumps(d)
    assert {"factor", "spread", "disagree", "methods", "weights_before", "weights_after", "last_round", "messages"} <= set(d)
    assert all(set(m) == {"key", "params"} for m in d["messages"])


# --------------------------------------------------------------------------- 6. as-of discipline
def test_periods():
    assert period("2026-Q2") == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert period("2024-04") == (dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert period(2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period("2024-H1") == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert period(dt.date(2025, 8, 25)) == (dt.date(2025, 8, 25),) * 2
    assert period("soon") is None and period(None) is None


def test_a_multiple_dated_after_the_valuation_date_is_excluded_with_a_reason(valuations, profiles):
    """Done when: the Q2 2026 AI M&A median is not used for a company valued on 2025-10-31."""
    assert str(multiples()["ai_ma_median"].date) == "2026-Q2"
    v = valuations["medicare-ai"]
    assert v.as_of.date == AS_OF
    (verdict,) = [i for i in v.as_of.inputs if i.name == "multiple:ai_ma_median"]
    assert not verdict.used and verdict.reason == "valuation.asof.after" and has_key(verdict.reason)
    assert "multiple:ai_ma_median" in v.as_of.to_dict()["excluded"]
    mk = v.method("market")
    assert all(r["name"] != "ai_ma_median" for r in mk.details["comparables"])
    assert any(r["name"] == "ai_ma_median" and r["reason"] == "valuation.asof.after" for r in mk.details["excluded"])
    assert v.method("vc_method").assumptions["exit_multiple_key"] == "public_saas"
    later = value(profiles["medicare-ai"], valuation_date=dt.date(2026, 12, 1))
    assert later.method("vc_method").assumptions["exit_multiple_key"] == "ai_ma_median"


def test_revenue_and_rounds_after_the_valuation_date_are_left_out(profiles):
    p = profiles["promptly"]
    early = p.model_copy(update={"financials": p.financials.model_copy(update={"as_of": dt.date(2024, 6, 30)})})
    v = value(early)
    names = {i.name for i in v.as_of.excluded}
    assert {"round:Seed"} <= names and any(n.startswith("revenue:2025") for n in names)
    assert v.reconciliation.last_round is None or v.reconciliation.last_round.name != "Seed"


def test_an_input_the_dcf_needs_dated_after_the_valuation_date_excludes_it(profiles):
    v = value(profiles["medicare-ai"], valuation_date=dt.date(2025, 1, 31))
    m = v.method("income")
    assert not m.applicable and m.reason == "valuation.reason.inputs_after_valuation_date"
    assert "prior:graduation_series_d" in m.assumptions["after"]


def test_stale_inputs_are_flagged(valuations):
    """Carta's Q2 2023 SAFE cap is 28 months old on 2025-10-31, beyond the 24-month limit."""
    v = valuations["forge-vision"]
    stale = {i.name: i for i in v.as_of.stale}
    assert "anchor:US:idea" in stale and stale["anchor:US:idea"].age_months > config().as_of.max_age_months.value
    assert "anchor:US:idea" in v.as_of.to_dict()["stale"]
    assert judge("x", "method", "2011", "Payne", AS_OF, 24).flags == ()    # methodology does not age


def test_period_containing_the_date_is_used_and_flagged(valuations):
    v = valuations["promptly"]
    (verdict,) = [i for i in v.as_of.inputs if i.name == "multiple:ai_fundraising_2025"]
    assert verdict.used and "uncertain" in verdict.flags


def test_named_comparables_replace_the_sector_multiples_and_respect_the_date(profiles):
    """The landscape's named comparables (goldmine.landscape.comparables) feed the market method; one
    known only after the valuation date is left out."""
    comps = SimpleNamespace(comparables=(
        SimpleNamespace(name_en="Alpha", multiple=6.0, date="2025-06-30", available_on=dt.date(2025, 7, 2),
                        source="Alpha annual report", listed=True, id="alpha"),
        SimpleNamespace(name_en="Beta", multiple=12.0, date="2025-03-31", available_on=None, source="Beta round",
                        listed=False, id="beta"),
        SimpleNamespace(name_en="Gamma", multiple=9.0, date="2025-09-30", available_on=None, source="Gamma",
                        listed=False, id="gamma"),
        SimpleNamespace(name_en="Late", multiple=40.0, date="2026-01-15", available_on=None, source="later news",
                        listed=False, id="late"),
    ))
    p = profiles["medicare-ai"]
    m = market(p, named=comps, asof=AsOf.of(p))
    rows = m.details["comparables"]
    assert [r["name"] for r in rows] == ["Alpha", "Beta", "Gamma"]
    assert all(r["origin"] == "landscape" and r["date"] for r in rows)
    assert rows[0]["basis"] == "public" and rows[1]["basis"] == "private_round"
    assert [r["name"] for r in m.details["excluded"]] == ["Late"]
    assert m.assumptions["named_comparables"] == 3
    few = market(p, named=SimpleNamespace(comparables=comps.comparables[:1]), asof=AsOf.of(p))
    assert {r["origin"] for r in few.details["comparables"]} == {"sector", "landscape"}


def test_every_new_reason_is_in_the_catalogue():
    for key in ("valuation.reason.dcf_not_positive", "valuation.reason.dcf_no_terminal", "valuation.reason.rfs_negative",
                "valuation.reason.no_dated_comparables", "valuation.reason.no_dated_multiple",
                "valuation.reason.inputs_after_valuation_date", "valuation.asof.after", "valuation.asof.stale",
                "valuation.dcf.loss_at_horizon", "valuation.dcf.no_exit_multiple"):
        assert has_key(key) and t(key, "en") and t(key, "zh"), key
