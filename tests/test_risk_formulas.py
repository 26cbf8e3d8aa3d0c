"""The seed's risk formulas reproduce the seed's own numeric examples (seed 003 ch.5 "数学模型和公式"
and "代码实际案例"; DESIGN.md §2).  Public source: seed 003 (../shared/seeds/003_*.txt), chapter 5.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from goldmine.risk import formulas as f


def test_model_performance_seed_example():
    """Seed 003 §5.1 code: accuracy 0.9, recall 0.85 -> 0.765 (exact with Fraction and Decimal)."""
    assert f.model_performance(Fraction("0.9"), Fraction("0.85")) == Fraction("0.765")
    assert f.model_performance(Decimal("0.9"), Decimal("0.85")) == Decimal("0.765")
    assert f.model_performance(0.9, 0.85) == pytest.approx(0.765, abs=1e-15)
    assert round(f.model_performance(0.9, 0.85), 3) == 0.765


def test_update_speed_seed_example():
    """Seed 003 §5.1 code: update cycle 6 months -> 1/6 per month (the seed's print says 次/年; it is per month)."""
    assert f.update_speed(Fraction(6)) == Fraction(1, 6)
    assert f.update_speed(6) == pytest.approx(1 / 6, rel=1e-15)
    with pytest.raises(ValueError):
        f.update_speed(0)


def test_demand_discrete_and_continuous_seed_example():
    """Seed 003 §5.2: D0 = 1000, k = 0.1, t = 12: (1.1)^12 -> 3138.43 (the code), e^1.2 -> 3320.12 (the formula)."""
    assert round(f.demand(1000, 0.1, 12, "discrete"), 2) == 3138.43
    assert round(f.demand(1000, 0.1, 12, "continuous"), 2) == 3320.12
    assert f.demand(Fraction(1000), Fraction(1, 10), 12, "discrete") == Fraction(1000) * Fraction(11, 10) ** 12
    assert f.demand(1000, 0.1, 12, "continuous") == pytest.approx(1000 * math.exp(1.2), rel=1e-15)
    with pytest.raises(ValueError):
        f.demand(1000, 0.1, 12, "weekly")  # type: ignore[arg-type]


def test_competition_pressure_seed_example():
    """Seed 003 §5.2 code: 5 competitors x 0.2 share / D(12) = 5 x 0.2 / 3138.43 (discrete demand)."""
    d = f.demand(1000, 0.1, 12, "discrete")
    p = f.competition_pressure(5, 0.2, d)
    assert p == pytest.approx(5 * 0.2 / 3138.428376721, rel=1e-12)
    assert round(p, 8) == round(1 / 3138.43, 8)
    with pytest.raises(ValueError):
        f.competition_pressure(5, 0.2, 0)


def test_funding_demand_seed_example():
    """Seed 003 §5.3: R(t) = a t + b with a = 5000, b = 1000: R(6) = 31000."""
    assert f.funding_demand(6, 5000, 1000) == 31000
    assert f.funding_demand(12, 5000, 1000) == 61000


def test_cash_flow_seed_example_is_58000_with_right_closed_intervals():
    """Seed 003 §5.3: C(12) with t1 = 6, t2 = 12, C1 = 3000 is R(12) - C1 = 58000.

    The seed's formula (t1 < t <= t2) and code (``elif time <= t2``) close the intervals on the
    right, so t = 12 is in the second phase; half-open intervals would give 0.
    """
    args = dict(a=5000, b=1000, t1=6, t2=12, c1=3000)
    assert f.cash_flow(12, **args) == 58000
    assert f.cash_flow(6, **args) == 31000          # t = t1: first phase, R(6)
    assert f.cash_flow(7, **args) == 36000 - 3000   # second phase
    assert f.cash_flow(12.5, **args) == 0           # after t2
    with pytest.raises(ValueError):
        f.cash_flow(3, 5000, 1000, 12, 6, 3000)


def test_annualised_growth():
    assert f.annualised(0.1, "month", "discrete") == pytest.approx(1.1 ** 12 - 1)
    assert f.annualised(0.1, "month", "continuous") == pytest.approx(math.exp(1.2) - 1)
    assert f.annualised(0.3, "year", "discrete") == pytest.approx(0.3)


def test_seed_example_profile_gives_the_seed_numbers(examples_dir):
    """MediCare AI carries the seed's a = 5000, b = 1000, t1 = 6, t2 = 12, C1 = 3000: C(12) = 58000 in the assessment."""
    from goldmine.io import load_profile
    from goldmine.risk import assess

    r = assess(load_profile(examples_dir / "medicare-ai.yaml"))
    assert r.indicator("cash_flow").value == 58000
    assert r.indicator("funding_demand").value == 61000
    assert r.indicator("cash_flow").detail["phase"] == 2
