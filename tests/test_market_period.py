"""Period detection of dated series (issue #13): year-end, quarter-end, mid-month and business-day
dates are read as years, quarters, months and business days, never as a daily series, and forecasts
keep the series' period and anchor."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from goldmine.market import get_model
from goldmine.market.timeaxis import TimeAxis


@pytest.mark.parametrize("index, period, next_dates", [
    (pd.date_range("2010-12-31", periods=8, freq="YE"), "year", ["2018-12-31", "2019-12-31"]),
    (pd.date_range("2010-03-31", periods=8, freq="QE"), "quarter", ["2012-03-31", "2012-06-30"]),
    (pd.date_range("2020-01-31", periods=8, freq="ME"), "month", ["2020-09-30", "2020-10-31"]),
    (pd.date_range("2020-01-01", periods=8, freq="MS"), "month", ["2020-09-01", "2020-10-01"]),
    (pd.date_range("2020-01-01", periods=8, freq="MS") + pd.Timedelta(days=14), "month", ["2020-09-15", "2020-10-15"]),
    (pd.bdate_range("2024-01-01", periods=20), "business_day", ["2024-01-29", "2024-01-30"]),
    (pd.date_range("2024-01-01", periods=8, freq="D"), "day", ["2024-01-09", "2024-01-10"]),
    (pd.date_range("2024-01-05", periods=8, freq="W-FRI"), "week", ["2024-03-01", "2024-03-08"]),
])
def test_the_period_of_the_dates_is_found_and_kept(index, period, next_dates):
    ax = TimeAxis.from_index(index)
    assert ax.period == period
    assert list(ax.t(index)) == [float(i) for i in range(1, len(index) + 1)]
    after = ax.dates(np.array([len(index) + 1.0, len(index) + 2.0]))
    assert [d.date().isoformat() for d in after] == next_dates


def test_an_irregular_series_says_which_step_its_dates_share():
    idx = pd.DatetimeIndex(["2020-01-01", "2020-03-01", "2020-07-01", "2020-09-01"])
    assert TimeAxis.from_index(idx).period == "2 months"
    days = pd.DatetimeIndex(["2020-01-01", "2020-01-04", "2020-01-10", "2020-01-13"])
    assert TimeAxis.from_index(days).period == "3 days"


def _bass_flows(p: float, q: float, m: float, n: int) -> np.ndarray:
    t = np.arange(0, n + 1, dtype=float)
    cum = m * (1 - np.exp(-(p + q) * t)) / (1 + (q / p) * np.exp(-(p + q) * t))
    return np.diff(cum)


def test_bass_parameters_are_recovered_from_a_yearly_flow_series_dated_at_year_ends():
    """Known parameters (Sultan, Farley and Lehmann 1990 means: p = 0.03, q = 0.38), m = 1,000, 15
    years dated 12-31: the fit recovers them and forecasts in years."""
    s = pd.Series(_bass_flows(0.03, 0.38, 1000.0, 15), index=pd.date_range("2005-12-31", periods=15, freq="YE"))
    fit = get_model("bass", kind="flow").fit(s)
    assert fit.period == "year"
    assert fit.params["p"] == pytest.approx(0.03, rel=1e-6)
    assert fit.params["q"] == pytest.approx(0.38, rel=1e-6)
    assert fit.params["m"] == pytest.approx(1000.0, rel=1e-6)
    assert fit.forecast(2).dates == ["2020-12-31", "2021-12-31"]


def test_forecast_cli_on_a_quarterly_series_forecasts_quarters(cli, tmp_path):
    s = pd.Series(_bass_flows(0.02, 0.5, 5000.0, 24), index=pd.date_range("2015-03-31", periods=24, freq="QE"))
    f = tmp_path / "q.csv"
    f.write_text("date,adopters\n" + "".join(f"{d.date()},{v:.6f}\n" for d, v in s.items()), encoding="utf-8")
    r = cli("forecast", f, "--model", "bass", "--kind", "flow", "--horizon", "4", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert d["fit"]["period"] == "quarter" and d["forecast"]["period"] == "quarter"
    assert d["forecast"]["dates"] == ["2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31"]
