"""Property tests of the risk engine (hypothesis): a strictly better input never raises any score;
every score stays in [0, 100]; confidence stays in [0, 1]; scales are monotone."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldmine.io import parse_profile, read_mapping
from goldmine.risk import DIMENSIONS, RiskConfig, assess

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples").glob("*.yaml"))
RAW = {p.stem: read_mapping(p) for p in EXAMPLES}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _set(data: dict, path: str, value) -> dict:
    out = copy.deepcopy(data)
    node = out
    keys = path.split(".")
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
    if path == "financials.monthly_burn":
        out["financials"].pop("burn_breakdown", None)   # the breakdown must not exceed the burn
    if path == "team.ai_researchers":
        out["team"]["size"] = max(out["team"]["size"], value, 1)
    if path == "compliance.minors_users":
        out["compliance"].pop("min_user_age", None)        # the age must agree with the answer
    if path in ("compliance.processes_personal_data", "compliance.sensitive_personal_data") and value is False:
        out["compliance"].pop("data_types", None)          # data types imply personal, sensitive data
    return out


def _scores(data: dict) -> list[float]:
    r = assess(parse_profile(data))
    return [r.overall.score] + [r.dimensions[d].score for d in DIMENSIONS]


def _assert_not_worse(better: dict, worse: dict) -> None:
    b, w = _scores(better), _scores(worse)
    for i, (x, y) in enumerate(zip(b, w, strict=True)):
        assert x <= y + 1e-9, (i, x, y)


fraction = st.floats(0, 1, allow_nan=False)

# field, strategy of values, True when a higher value is better
NUMERIC = [
    ("technology.accuracy", fraction, True),
    ("technology.recall", fraction, True),
    ("technology.update_cycle_months", st.floats(0.1, 60), False),
    ("technology.api_dependency_share", fraction, False),
    ("technology.compute_cost_per_unit", st.floats(0, 1000), False),
    ("technology.price_per_unit", st.floats(0, 1000), True),
    ("team.key_person_concentration", fraction, False),
    ("team.ai_researchers", st.integers(0, 60), True),
    ("market.growth_rate", st.floats(-0.9, 5), True),
    ("market.competitors", st.integers(0, 500), False),
    ("market.market_share", fraction, True),
    ("financials.cash", st.floats(0, 1e9), True),
    ("financials.monthly_burn", st.floats(0, 1e8), False),
    ("financials.gross_margin", st.floats(-10, 1), True),
    ("financials.customer_concentration", fraction, False),
]


@pytest.mark.parametrize(("path", "values", "higher_better"), NUMERIC, ids=[n[0] for n in NUMERIC])
@SETTINGS
@given(data=st.data())
def test_a_better_numeric_input_never_raises_a_score(path, values, higher_better, data):
    example = data.draw(st.sampled_from(sorted(RAW)))
    a, b = sorted([data.draw(values), data.draw(values)])
    good, bad = (b, a) if higher_better else (a, b)
    _assert_not_worse(_set(RAW[example], path, good), _set(RAW[example], path, bad))


@SETTINGS
@given(data=st.data())
def test_more_recent_revenue_never_raises_a_score(data):
    """Raising the latest month's revenue lengthens runway and raises revenue growth."""
    example = data.draw(st.sampled_from([k for k, v in RAW.items() if v["financials"].get("revenue_history")]))
    hist = RAW[example]["financials"]["revenue_history"]
    low = data.draw(st.floats(0, 1e7))
    high = low + data.draw(st.floats(0, 1e7))
    def with_last(x):
        h = copy.deepcopy(hist)
        h[-1]["revenue"] = x
        return _set(RAW[example], "financials.revenue_history", h)
    _assert_not_worse(with_last(high), with_last(low))


# categorical answers, best first
ORDERED = [
    ("compliance.data_licence", ["owned", "licensed", "open", "mixed", "unknown", "scraped"]),
    ("social.public_acceptance", ["high", "medium", "low"]),
    ("compliance.algorithm_filing", ["filed", "pending", "not_filed"]),
    ("compliance.ip_assigned", [True, False]),
    ("compliance.output_ownership_terms", [True, False]),
    ("social.ethics_review", [True, False]),
    ("social.ethics_board", [True, False]),
    ("compliance.minors_users", [False, True]),
    ("compliance.processes_personal_data", [False, True]),
    ("compliance.sensitive_personal_data", [False, True]),
    ("technology.foundation_model", ["fine_tuned_open", "own", "third_party_api"]),
    ("compliance.impact_assessment", [True, False]),
    ("compliance.minors_protection", [True, False]),
    ("compliance.export_control_review", [True, False]),
    ("compliance.medical_device.nmpa.status", ["cleared", "submitted", "planned"]),
]


@pytest.mark.parametrize(("path", "order"), ORDERED, ids=[o[0] for o in ORDERED])
@SETTINGS
@given(data=st.data())
def test_a_better_answer_never_raises_a_score(path, order, data):
    example = data.draw(st.sampled_from(sorted(RAW)))
    i = data.draw(st.integers(0, len(order) - 1))
    j = data.draw(st.integers(i, len(order) - 1))
    _assert_not_worse(_set(RAW[example], path, order[i]), _set(RAW[example], path, order[j]))


@SETTINGS
@given(data=st.data())
def test_fewer_controversies_never_raise_a_score(data):
    example = data.draw(st.sampled_from(sorted(RAW)))
    n = data.draw(st.integers(0, 8))
    m = data.draw(st.integers(n, 10))
    _assert_not_worse(_set(RAW[example], "social.controversies", [f"c{k}" for k in range(n)]),
                      _set(RAW[example], "social.controversies", [f"c{k}" for k in range(m)]))


@SETTINGS
@given(data=st.data())
def test_scores_stay_in_range_for_random_profiles(data):
    example = data.draw(st.sampled_from(sorted(RAW)))
    d = RAW[example]
    for path, values, _ in NUMERIC:
        if data.draw(st.booleans()):
            d = _set(d, path, data.draw(values))
    r = assess(parse_profile(d))
    assert 0 <= r.overall.score <= 100 and 0 <= r.overall.confidence <= 1
    for dim in r.dimensions.values():
        assert 0 <= dim.score <= 100 and 0 <= dim.confidence <= 1 + 1e-12
        for ind in dim.indicators:
            assert ind.score is None or 0 <= ind.score <= 100
    assert r.overall.rating == RiskConfig.default().rating(r.overall.score)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(-1e6, 1e6), y=st.floats(-1e6, 1e6))
def test_every_scale_is_monotone(x, y):
    cfg = RiskConfig.default()
    lo, hi = min(x, y), max(x, y)
    for name in cfg.scales:
        s = cfg.scale(name)
        a, b = s(lo), s(hi)
        assert 0 <= a <= 100 and 0 <= b <= 100
        assert (b <= a + 1e-9) if s.higher_is_better else (b >= a - 1e-9), name
