"""Derived quantities, one home each (goldmine.metrics; issue #12).

* The seed's formulas reproduce the seed's own numeric examples (seed 003 ch.5 "数学模型和公式" and
  "代码实际案例"; DESIGN.md §2).  Public source: seed 003 (../shared/seeds/003_*.txt), chapter 5.
  The seed example C(12) = 58,000 decides the interval convention of C(t) (right-closed).
* Compound growth follows the SaaS convention (a16z, "16 Startup Metrics", 2015:
  CMGR = (last month / first month)^(1 / months) - 1), checked on examples worked by hand.
* Net burn and the simple runway (cash / net burn; infinite when not burning), and the facts of a
  financing history (last post-money, money raised).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldmine import metrics as m
from goldmine.errors import AnalysisError
from goldmine.io import load_profile, parse_profile
from goldmine.model import RevenuePoint


def history(*revenues: float, start: str = "2025-01") -> list[RevenuePoint]:
    """Consecutive monthly revenue points from ``start``."""
    year, month = map(int, start.split("-"))
    out = []
    for k, r in enumerate(revenues):
        y, mo = divmod(month - 1 + k, 12)
        out.append(RevenuePoint(month=dt.date(year + y, mo + 1, 1), revenue=r))
    return out


def profile(**over):
    data = {
        "identity": {"name": {"en": "Bare"}, "country": "CN", "currency": "CNY", "founded": "2023-01-01"},
        "stage": "seed", "vertical": "other", "business_model": "product",
        "team": {"size": 4}, "financials": {"cash": 1_200_000, "monthly_burn": 150_000},
    }
    data.update(over)
    return parse_profile(data)


# --------------------------------------------------------------------------- the seed's formulas
def test_model_performance_seed_example():
    """Seed 003 §5.1 code: accuracy 0.9, recall 0.85 -> 0.765 (exact with Fraction and Decimal)."""
    assert m.model_performance(Fraction("0.9"), Fraction("0.85")) == Fraction("0.765")
    assert m.model_performance(Decimal("0.9"), Decimal("0.85")) == Decimal("0.765")
    assert m.model_performance(0.9, 0.85) == pytest.approx(0.765, abs=1e-15)
    assert round(m.model_performance(0.9, 0.85), 3) == 0.765


def test_update_speed_seed_example():
    """Seed 003 §5.1 code: update cycle 6 months -> 1/6 per month (the seed's print says 次/年; it is per month)."""
    assert m.update_speed(Fraction(6)) == Fraction(1, 6)
    assert m.update_speed(6) == pytest.approx(1 / 6, rel=1e-15)
    for bad in (0, -3, math.nan):
        with pytest.raises(AnalysisError) as exc:
            m.update_speed(bad)
        assert exc.value.key == "metrics.error.update_cycle"


def test_demand_discrete_and_continuous_seed_example():
    """Seed 003 §5.2: D0 = 1000, k = 0.1, t = 12: (1.1)^12 -> 3138.43 (the code), e^1.2 -> 3320.12 (the formula)."""
    assert round(m.demand(1000, 0.1, 12, "discrete"), 2) == 3138.43
    assert round(m.demand(1000, 0.1, 12, "continuous"), 2) == 3320.12
    assert m.demand(Fraction(1000), Fraction(1, 10), 12, "discrete") == Fraction(1000) * Fraction(11, 10) ** 12
    assert m.demand(1000, 0.1, 12, "continuous") == pytest.approx(1000 * math.exp(1.2), rel=1e-15)
    months = np.arange(13.0)
    assert np.allclose(m.demand(1000, 0.1, months, "discrete"), 1000 * 1.1 ** months)
    assert np.allclose(m.demand(1000, 0.1, months, "continuous"), 1000 * np.exp(0.1 * months))
    with pytest.raises(AnalysisError) as exc:
        m.demand(1000, 0.1, 12, "weekly")
    assert exc.value.key == "metrics.error.compounding"


def test_competition_pressure_seed_example():
    """Seed 003 §5.2 code: 5 competitors x 0.2 share / D(12) = 5 x 0.2 / 3138.43 (discrete demand)."""
    d = m.demand(1000, 0.1, 12, "discrete")
    p = m.competition_pressure(5, 0.2, d)
    assert p == pytest.approx(5 * 0.2 / 3138.428376721, rel=1e-12)
    assert round(p, 8) == round(1 / 3138.43, 8)
    with pytest.raises(AnalysisError) as exc:
        m.competition_pressure(5, 0.2, 0)
    assert exc.value.key == "metrics.error.no_demand"
    # in arrays, a month without demand has an unbounded pressure instead of an error
    arr = m.competition_pressure(5, 0.2, np.array([0.0, 1000.0]))
    assert math.isinf(arr[0]) and arr[1] == pytest.approx(0.001)


def test_funding_demand_seed_example():
    """Seed 003 §5.3: R(t) = a t + b with a = 5000, b = 1000: R(6) = 31000."""
    assert m.funding_demand(6, 5000, 1000) == 31000
    assert m.funding_demand(12, 5000, 1000) == 61000


def test_cash_flow_seed_example_is_58000_with_right_closed_intervals():
    """Seed 003 §5.3: C(12) with t1 = 6, t2 = 12, C1 = 3000 is R(12) - C1 = 58000.

    The seed's formula (t1 < t <= t2) and code (``elif time <= t2``) close the intervals on the
    right, so t = 12 is in the second phase; half-open intervals would give 0.
    """
    args = dict(a=5000, b=1000, t1=6, t2=12, c1=3000)
    assert m.cash_flow(12, **args) == 58000
    assert m.cash_flow(6, **args) == 31000          # t = t1: first phase, R(6)
    assert m.cash_flow(7, **args) == 36000 - 3000   # second phase
    assert m.cash_flow(12.5, **args) == 0           # after t2
    assert [m.cash_flow_phase(t, 6, 12) for t in (0, 6, 7, 12, 13)] == [1, 1, 2, 2, 3]
    assert m.cash_flow(Fraction(12), **args) == Fraction(58000)
    assert list(m.cash_flow(np.array([6.0, 12.0, 13.0]), **args)) == [31000, 58000, 0]
    with pytest.raises(AnalysisError) as exc:
        m.cash_flow(3, 5000, 1000, 12, 6, 3000)
    assert exc.value.key == "metrics.error.cash_flow_phases"


def test_annualised_growth():
    assert m.annualise(0.1, "month", "discrete") == pytest.approx(1.1 ** 12 - 1)
    assert m.annualise(0.1, "month", "continuous") == pytest.approx(math.exp(1.2) - 1)
    assert m.annualise(0.3, "year", "discrete") == pytest.approx(0.3)
    assert m.annualise(0.3, "year", "continuous") == pytest.approx(math.exp(0.3) - 1)


def test_seed_example_profile_gives_the_seed_numbers(examples_dir):
    """MediCare AI carries the seed's a = 5000, b = 1000, t1 = 6, t2 = 12, C1 = 3000: C(12) = 58000 in the assessment."""
    from goldmine.pipeline.risk import run_risk

    r = run_risk(load_profile(examples_dir / "medicare-ai.yaml"))
    assert r.method("cash_flow").value == 58000          # the textbook formulas: shown, not scored
    assert r.method("funding_demand").value == 61000
    assert r.method("cash_flow").detail["phase"] == 2


# --------------------------------------------------------------------------- growth
def test_cmgr_worked_example():
    """a16z's CMGR by hand: 10,000 to 17,715.61 over 6 months is 1.1^6, i.e. 10 % a month."""
    assert m.cmgr(10_000, 17_715.61, 6) == pytest.approx(0.10, rel=1e-9)
    assert m.cmgr(100, 100, 5) == 0
    assert m.cmgr(100, 0, 3) == -1.0
    assert m.cagr(100, 200, 5) == pytest.approx(2 ** 0.2 - 1)   # doubling in five years: 14.87 % a year
    assert m.cagr(100, 200, 5) == pytest.approx(0.148698355, abs=1e-9)
    for first, last, n in ((0, 10, 3), (10, -1, 3), (10, 20, 0)):
        with pytest.raises(AnalysisError) as exc:
            m.cmgr(first, last, n)
        assert exc.value.key == "metrics.error.growth_inputs"
    with pytest.raises(AnalysisError) as exc:
        m.cagr(100, 0, 5)
    assert exc.value.key == "metrics.error.cagr_inputs"


def test_cmgr_survives_extreme_ratios():
    """Found by fuzzing: a tiny first month overflowed the compound growth before it was computed in logs."""
    g = m.cmgr(1e-300, 1e6, 1)
    assert math.isfinite(g) and g > 1e300


def test_revenue_growth_of_a_history_by_hand():
    """Seven months growing 10 % a month: CMGR 10 % over 6 months, 1.1^12 - 1 = 213.8 % a year."""
    est = m.revenue_growth(history(*(10_000 * 1.1 ** k for k in range(7))))
    assert est is not None
    assert est.monthly == pytest.approx(0.10)
    assert est.annual == pytest.approx(1.1 ** 12 - 1)
    assert (est.months, est.points) == (6, 7)
    assert (est.first, est.last) == (pytest.approx(10_000), pytest.approx(17_715.61))
    assert est.to_dict()["months"] == 6


def test_revenue_growth_skips_a_leading_zero_revenue_month():
    """A pre-revenue month is not growth from zero: counting starts at the first month with revenue."""
    est = m.revenue_growth(history(0, 0, 100, 110, 121))
    assert est is not None
    assert est.monthly == pytest.approx(0.10) and est.months == 2 and est.points == 3 and est.first == 100


def test_revenue_growth_last_month_zero_is_minus_100_percent():
    est = m.revenue_growth(history(100, 50, 0))
    assert est is not None and est.monthly == -1.0 and est.annual == -1.0


def test_revenue_growth_needs_two_months_with_revenue():
    assert m.revenue_growth([]) is None
    assert m.revenue_growth(history(0, 0, 0)) is None
    assert m.revenue_growth(history(0, 100)) is None
    assert m.revenue_growth(history(100, 121), min_points=3) is None


def test_revenue_growth_window_counts_the_latest_months_only():
    """window=2: the latest month and those within two months before it."""
    est = m.revenue_growth(history(1, 1000, 100, 110, 121), window=2)
    assert est is not None and est.months == 2 and est.monthly == pytest.approx(0.10)


# last is 0 or a normal float: a subnormal such as 5e-324 has one significant bit, so scaling it is not exact
@given(first=st.floats(1e-3, 1e9), last=st.one_of(st.just(0.0), st.floats(1e-300, 1e9)), periods=st.integers(1, 120),
       scale=st.floats(1e-3, 1e6))
def test_cmgr_is_invariant_to_scaling_both_levels(first, last, periods, scale):
    """Growth is a ratio: the same company in yuan or in thousands of dollars grows at the same rate."""
    assert m.cmgr(first * scale, last * scale, periods) == pytest.approx(m.cmgr(first, last, periods), rel=1e-9, abs=1e-12)


def test_revenue_growth_of_a_collapse_to_almost_nothing():
    """Found by hypothesis: 1.0 then 2.5e-209 is a fall of almost 100 % (annual -100 %), not a crash."""
    est = m.revenue_growth(history(1.0, 2.487163597043121e-209))
    assert est is not None and est.monthly == pytest.approx(-1.0) and est.annual == pytest.approx(-1.0)


# revenues 0 or between 1e-6 and 1e8: ratios down to 1e-14 (the collapse above is tested on its own)
REVENUE = st.one_of(st.just(0.0), st.floats(1e-6, 1e8))


@given(revenues=st.lists(REVENUE, min_size=2, max_size=24), scale=st.floats(1e-2, 1e4))
def test_revenue_growth_is_invariant_to_scaling_the_history(revenues, scale):
    a = m.revenue_growth(history(*revenues))
    b = m.revenue_growth(history(*(r * scale for r in revenues)))
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert b.monthly == pytest.approx(a.monthly, rel=1e-9, abs=1e-12)
        assert b.annual == pytest.approx(a.annual, rel=1e-9, abs=1e-12)
        assert (a.months, a.points) == (b.months, b.points)


# --------------------------------------------------------------------------- burn and runway
def test_net_burn_and_runway_by_hand():
    assert m.net_burn(150_000, 50_000) == 100_000
    assert m.net_burn(150_000, None) == 150_000
    assert m.runway_months(1_200_000, 150_000, 50_000) == 12
    assert m.runway_months(1_200_000, 150_000, None) == 8
    assert m.runway_months(0, 150_000, 0) == 0


def test_runway_of_a_profile(examples_dir):
    p = profile()
    assert m.startup_runway(p) == 8
    lingxi = load_profile(examples_dir / "lingxi-cx.yaml")
    f = lingxi.financials
    assert m.startup_runway(lingxi) == pytest.approx(f.cash / (f.monthly_burn - f.monthly_revenue))


@given(cash=st.floats(0, 1e12), burn=st.floats(0, 1e9), extra=st.floats(0, 1e9))
def test_runway_is_infinite_when_not_burning(cash, burn, extra):
    """Revenue at or above the gross burn: no cash runs out at the current rate."""
    assert math.isinf(m.runway_months(cash, burn, burn + extra))


@given(cash=st.floats(0, 1e12), burn=st.floats(1, 1e9), revenue=st.floats(0, 1e9), scale=st.floats(1e-3, 1e3))
def test_runway_is_a_number_of_months_whatever_the_currency_unit(cash, burn, revenue, scale):
    a = m.runway_months(cash, burn, revenue)
    b = m.runway_months(cash * scale, burn * scale, revenue * scale)
    assert (math.isinf(a) and math.isinf(b)) or b == pytest.approx(a, rel=1e-9, abs=1e-9)


# --------------------------------------------------------------------------- rounds
ROUNDS = [
    {"name": "angel", "date": "2023-06-01", "instrument": "equity", "amount": 1_000_000, "pre_money": 4_000_000},
    {"name": "A", "date": "2024-06-01", "instrument": "equity", "amount": 5_000_000, "post_money": 25_000_000},
    {"name": "bridge", "date": "2025-01-01", "instrument": "safe_post", "amount": 500_000, "valuation_cap": 40_000_000},
]


def test_last_post_money_is_the_latest_priced_round():
    """post = pre + new money (every term sheet); a SAFE states no valuation and is skipped."""
    assert m.last_post_money(profile(rounds=ROUNDS)) == 25_000_000
    assert m.last_post_money(profile(rounds=ROUNDS[:1])) == 5_000_000
    assert m.last_post_money(profile(rounds=ROUNDS[2:])) is None
    assert m.last_post_money(profile()) is None


def test_total_raised_sums_every_round():
    assert m.total_raised(profile(rounds=ROUNDS)) == 6_500_000
    assert m.total_raised(profile()) == 0
