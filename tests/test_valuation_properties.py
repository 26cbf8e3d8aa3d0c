"""Property tests of goldmine.valuation (hypothesis): invariants that must hold for any input."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.io import load_profile
from goldmine.valuation import risk_factor_summation
from goldmine.valuation.base import MethodResult
from goldmine.valuation.rfs import RISKS, points_from_risk_score, rfs_value
from goldmine.valuation.synthesis import synthesize

DIMS = ("technical", "market", "capital", "legal", "social")
INDICATORS = {
    "technical": ["model_performance", "update_speed", "key_person_concentration", "api_dependency"],
    "market": ["revenue_growth", "competition_pressure", "demand_forecast", "market_share"],
    "capital": ["runway_months", "gross_margin", "inference_margin"],
    "legal": ["vertical_regulation", "data_licence", "eu_ai_act_tier"],
    "social": ["public_acceptance", "controversies"],
}
score = st.floats(min_value=0, max_value=100, allow_nan=False)


@pytest.fixture(scope="module")
def seed_profile(examples_dir):
    return load_profile(examples_dir / "promptly.yaml")


def _assessment(dim_scores, ind_scores):
    dims = {}
    for d in DIMS:
        inds = [SimpleNamespace(name=n, score=ind_scores[d][i], missing=ind_scores[d][i] is None, value=None, unit="", source="")
                for i, n in enumerate(INDICATORS[d])]
        dims[d] = SimpleNamespace(score=dim_scores[d], indicators=inds)
    return SimpleNamespace(dimensions=dims)


assessments = st.fixed_dictionaries({
    "dims": st.fixed_dictionaries({d: score for d in DIMS}),
    "inds": st.fixed_dictionaries({d: st.lists(st.one_of(st.none(), score), min_size=len(INDICATORS[d]),
                                                max_size=len(INDICATORS[d])) for d in DIMS}),
})


@given(a=score, b=score)
def test_points_never_increase_with_risk(a, b):
    lo, hi = sorted((a, b))
    assert points_from_risk_score(hi) <= points_from_risk_score(lo)
    assert -2 <= points_from_risk_score(a) <= 2


@settings(max_examples=60, deadline=None)
@given(data=assessments, which=st.sampled_from(DIMS), bump=st.floats(min_value=0, max_value=100), idx=st.integers(0, 3),
       on_indicator=st.booleans())
def test_worse_risk_never_raises_rfs(seed_profile, data, which, bump, idx, on_indicator):
    """A worse (higher) risk score, on a dimension or on one indicator, never raises the RFS value or its range."""
    before = _assessment(data["dims"], data["inds"])
    dims2 = dict(data["dims"])
    inds2 = {d: list(v) for d, v in data["inds"].items()}
    if on_indicator:
        i = idx % len(INDICATORS[which])
        if inds2[which][i] is not None:
            inds2[which][i] = min(100.0, inds2[which][i] + bump)
    else:
        dims2[which] = min(100.0, dims2[which] + bump)
    after = _assessment(dims2, inds2)
    v0 = risk_factor_summation(seed_profile, assessment=before)
    v1 = risk_factor_summation(seed_profile, assessment=after)
    assert v1.value <= v0.value + 1e-6
    assert v1.low <= v0.low + 1e-6 and v1.high <= v0.high + 1e-6


@given(st.fixed_dictionaries({r: st.integers(-2, 2) for r in RISKS}), st.sampled_from(RISKS))
def test_rfs_monotone_in_each_score(scores, risk):
    worse = dict(scores)
    worse[risk] = max(-2, worse[risk] - 1)
    assert rfs_value(1e6, worse, 250_000) <= rfs_value(1e6, scores, 250_000)


method_values = st.lists(
    st.tuples(st.floats(min_value=0, max_value=1e10, allow_nan=False), st.floats(min_value=0, max_value=1e9),
              st.floats(min_value=0, max_value=1e9), st.floats(min_value=0, max_value=1), st.booleans()),
    min_size=1, max_size=8)


@given(method_values)
def test_synthesis_between_smallest_and_largest_method(rows):
    methods, weights = [], {}
    for i, (v, dl, dh, w, applicable) in enumerate(rows):
        name = f"m{i}"
        methods.append(MethodResult(name, "USD", v, max(0.0, v - dl), v + dh) if applicable
                       else MethodResult.not_applicable(name, "USD", "valuation.reason.no_revenue"))
        weights[name] = w
    used = [m for m in methods if m.applicable and weights[m.name] > 0]
    if not used:
        return
    s = synthesize(methods, weights)
    vals = [m.value for m in used]
    assert min(vals) * (1 - 1e-9) - 1e-6 <= s.value <= max(vals) * (1 + 1e-9) + 1e-6
    assert s.low <= s.value <= s.high
    assert sum(s.weights.values()) == pytest.approx(1.0)
    assert all(s.weights[m.name] == 0.0 for m in methods if not m.applicable)


STAGES = ["idea", "pre_seed", "seed", "angel", "series_a", "series_b", "series_c_plus", "growth"]


@settings(max_examples=40, deadline=None)
@given(stage=st.sampled_from(STAGES), currency=st.sampled_from(["USD", "CNY"]),
       revenues=st.lists(st.one_of(st.floats(min_value=0, max_value=5e6), st.sampled_from([1e-300, 5e-324])),
                         min_size=0, max_size=12),
       burn=st.floats(min_value=0, max_value=5e6), cash=st.floats(min_value=0, max_value=1e8),
       sam=st.one_of(st.none(), st.floats(min_value=1e5, max_value=1e10)))
def test_value_runs_and_synthesis_in_range_for_any_profile(examples_dir, stage, currency, revenues, burn, cash, sam):
    """Any valid profile gets finite method values, a synthesis inside the methods' range, weights summing to 1."""
    from goldmine.io import parse_profile, read_mapping
    from goldmine.valuation import value

    data = read_mapping(examples_dir / "promptly.yaml")
    data["stage"] = stage
    data["identity"]["currency"] = currency
    data["financials"].update(cash=cash, monthly_burn=burn, burn_breakdown={},
                              revenue_history=[{"month": f"2025-{i + 1:02d}", "revenue": r} for i, r in enumerate(revenues)])
    data["market"]["sam"] = sam
    data["market"]["som"] = None if sam is None else min(float(data["market"]["som"]), sam)
    data["market"]["tam"] = None if sam is None else max(float(data["market"]["tam"]), sam)
    data["rounds"] = []
    v = value(parse_profile(data), rfs_scores=dict.fromkeys(RISKS, 0))  # the risk engine is tested elsewhere
    used = [m for m in v.methods if m.applicable]
    assert used
    vals = [m.value for m in used]
    assert all(m.low <= m.value <= m.high for m in used)
    assert min(vals) * (1 - 1e-9) - 1e-6 <= v.synthesis.value <= max(vals) * (1 + 1e-9) + 1e-6
    assert sum(v.synthesis.weights.values()) == pytest.approx(1.0)
