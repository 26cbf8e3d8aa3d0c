"""The one growth model (issue #13): priors for short histories, decay with scale, the obtainable
market as a ceiling, used by the runway projection and its Monte Carlo."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.finance import Assumptions, resolve_drivers, simulate
from goldmine.growth import GrowthModel, prior_for
from goldmine.io import load_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples"
Z75 = 0.6744897501960817


def test_the_prior_interpolates_the_published_anchors_in_log_arr():
    """data/growth.yaml: 100 % a year at $1M ARR (60-165 %), 35 % at $50M (20-55 %): Bessemer's
    'Scaling to $100 Million' lower quartile, KBCM survey medians."""
    small, large = prior_for(1e6), prior_for(5e7)
    assert small.median == pytest.approx(1.0) and large.median == pytest.approx(0.35)
    assert small.log_sd == pytest.approx((math.log(2.65) - math.log(1.6)) / (2 * Z75))
    mid = prior_for(math.sqrt(1e6 * 5e7))       # halfway in log ARR: halfway in log growth
    assert mid.log_mean == pytest.approx((math.log(2.0) + math.log(1.35)) / 2)
    assert prior_for(1e3).median == pytest.approx(1.0) and prior_for(1e10).median == pytest.approx(0.35)   # flat outside


def _model(monthly_log: float, ceiling: float | None = None) -> GrowthModel:
    return GrowthModel("assumption", monthly_log, 0.0, None, None, None, 12, None, None, False, 0.70, 0.82, 1.0, ceiling)


def test_growth_decays_fast_above_100_percent_and_slowly_below():
    """Growth endurance 70 % a year above 100 % growth (Bessemer), 82 % below (the Mendoza line)."""
    g = _model(math.log(3.0) / 12)          # +200 % a year
    f = g.decay_factors(36)
    assert f[0] == 1.0
    assert f[12] == pytest.approx(0.70)      # a year later: 70 % of the log growth left (still above 100 %: 0.7 ln 3 = ln 2.16)
    # the annual rate falls to 100 % once 0.7^(k/12) ln 3 <= ln 2, after k = 16 months; then 82 % a year
    assert f[16] == pytest.approx(0.70 ** (16 / 12)) and f[15] == pytest.approx(0.70 ** (15 / 12))
    assert f[24] == pytest.approx(0.70 ** (16 / 12) * 0.82 ** (8 / 12), rel=1e-12)
    slow = _model(math.log(1.5) / 12)        # +50 % a year: the slow persistence from the start
    assert slow.decay_factors(13)[12] == pytest.approx(0.82)


@settings(max_examples=60, deadline=None)
@given(r0=st.floats(1.0, 1e7), ceiling=st.floats(1.0, 1e8), steps=st.lists(st.floats(-0.5, 2.0), min_size=1, max_size=60))
def test_revenue_never_exceeds_the_ceiling(r0, ceiling, steps):
    g = _model(0.05, ceiling)
    r = np.array([min(r0, ceiling)])
    for s in steps:
        r = g.step(r, np.array([s]))
        assert r[0] <= ceiling * (1 + 1e-12)


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_no_simulated_revenue_path_exceeds_the_obtainable_market(name):
    """Issue #13: for every example, no simulated month of revenue exceeds SOM / 12."""
    prof = load_profile(EXAMPLES / f"{name}.yaml")
    mc = simulate(resolve_drivers(prof), 5000, seed=7)
    assert mc.revenue_ceiling == pytest.approx(prof.market.som / 12)
    assert mc.max_monthly_revenue <= mc.revenue_ceiling * (1 + 1e-9)


def _bound(d) -> float:
    """Cash at the horizon if every month earned the whole obtainable market at a 100 % margin (the most
    revenue, margin and the ceiling can produce), with no new round."""
    k = d.growth.ceiling
    return d.cash0 + d.horizon * max(k, d.rev0) - float(np.sum(d.fixed)) + float(np.sum(d.inflows))


def test_promptly_median_cash_is_bounded_by_what_its_market_can_produce():
    """Issue #13: promptly (SOM $30M a year) once held a median of ~$45M after five years on six months
    of 240 % growth extrapolated; now its median cash at month 60 stays below what its revenue (capped at
    the SOM), margin and decaying growth can produce."""
    prof = load_profile(EXAMPLES / "promptly.yaml")
    d = resolve_drivers(prof, Assumptions(random_round=False))
    mc = simulate(d, 20_000, seed=20251126)
    assert mc.fan["p50"][-1] <= _bound(d)
    central = d.cash0 + float(np.sum(d.gross_margin * d.growth.central_revenue(d.rev0, d.horizon) - d.fixed))
    assert mc.fan["p50"][-1] <= central + 4 * mc.standard_errors["fan"]["p50"][-1] + abs(central) * 0.25


@settings(max_examples=25, deadline=None)
@given(cash=st.floats(1e5, 1e8), burn=st.floats(1e4, 1e6), rev=st.floats(1e3, 1e6), growth=st.floats(0.0, 0.5),
       som_years=st.floats(0.5, 50.0))
def test_median_cash_never_exceeds_the_market_bound(cash, burn, rev, growth, som_years):
    """Property: with no new round, the median simulated cash at the horizon never exceeds the cash the
    obtainable market could produce (every month at SOM / 12, 100 % margin)."""
    import datetime as dt

    from goldmine.io import parse_profile

    data = {"id": "p", "identity": {"name": {"en": "P"}, "country": "US", "currency": "USD", "founded": "2020-01-01"}, "stage": "seed",
            "vertical": "other", "business_model": "product", "team": {"size": 5},
            "market": {"som": rev * 12 * som_years},
            "financials": {"cash": cash, "monthly_burn": burn, "as_of": "2025-10-31",
                           "revenue_history": [{"month": f"2025-{m:02d}", "revenue": rev * (1 + growth) ** (m - 10)}
                                               for m in range(3, 11)]}}
    prof = parse_profile(data)
    assert prof.financials.as_of == dt.date(2025, 10, 31)
    d = resolve_drivers(prof, Assumptions(random_round=False))
    mc = simulate(d, 2000, seed=1)
    assert mc.max_monthly_revenue <= d.growth.ceiling * (1 + 1e-9)
    assert mc.fan["p50"][-1] <= _bound(d) + 1e-6 * abs(_bound(d))


def test_an_absurd_history_gives_finite_revenue_on_every_path(tmp_path):
    """Found by the fuzz test (issue #20): revenue 1e-300 in the history made the growth overflow, the
    projection 0 x inf = NaN and the deal's root find crash; revenue now grows in logs, capped."""
    import yaml

    from goldmine.pipeline.deal import run_deal
    from goldmine.pipeline.settings import DealSettings

    data = yaml.safe_load((EXAMPLES / "medicare-ai.yaml").read_text(encoding="utf-8"))
    data["financials"]["revenue_history"][3]["revenue"] = 1e-300
    f = tmp_path / "p.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = run_deal(load_profile(f), settings=DealSettings.default().with_(paths=200, seed=0))
    assert np.isfinite(report.analysis.returns.moic.mean)
