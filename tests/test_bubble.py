"""Bubble tests (issue #7): statistics against independent oracles, critical values, dating, inputs."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.bubble import analyze, minimum_window, radf, window_from_exuber
from goldmine.bubble.adf import adf_window, recursive_adf
from goldmine.bubble.critical import (
    monte_carlo,
    null_fit,
    table_sizes,
    tabulated,
    wb_path,
    wild_bootstrap,
)
from goldmine.bubble.datestamp import min_duration, stamp
from goldmine.bubble.series import aggregate, prepare, ratio
from goldmine.errors import AnalysisError, InputError


def random_walk(T: int, seed: int) -> np.ndarray:
    return np.cumsum(np.random.default_rng(seed).standard_normal(T)) + 10.0


def explosive(T: int, seed: int, rho: float = 1.04, start: float = 0.4, stop: float = 0.7) -> np.ndarray:
    """PSY-style DGP: random walk with one explosive stretch, then collapse to a random walk."""
    rng = np.random.default_rng(seed)
    y = np.empty(T)
    y[0] = 1.0
    for t in range(1, T):
        r = rho if start * T <= t < stop * T else 1.0
        y[t] = r * y[t - 1] + rng.standard_normal() * 0.3
    return y


def brute(y: np.ndarray, w: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    T = len(y)
    fw = np.array([adf_window(y[:e + 1], k) for e in range(w - 1, T)])
    bs = np.array([max(adf_window(y[s:e + 1], k) for s in range(0, e - w + 2)) for e in range(w - 1, T)])
    return fw, bs


# ----------------------------------------------------------------------------- statistics
@pytest.mark.parametrize("k", [0, 1, 3])
@pytest.mark.parametrize("maker", [random_walk, explosive])
def test_recursion_equals_window_oracle_on_every_window(maker, k):
    """Every forward-ADF and BSADF value equals the max of single-window least squares."""
    y = maker(160, 3)
    w = 20 + k
    fw, bs = recursive_adf(y, w, k)
    fw0, bs0 = brute(y, w, k)
    np.testing.assert_allclose(fw, fw0, rtol=0, atol=1e-9)
    np.testing.assert_allclose(bs, bs0, rtol=0, atol=1e-9)


@pytest.mark.parametrize("k", [0, 2])
def test_window_oracle_equals_statsmodels_and_arch(k):
    """adf_window equals statsmodels adfuller(regression='c', autolag=None, maxlag=k) and arch ADF."""
    from statsmodels.tsa.stattools import adfuller

    arch_unitroot = pytest.importorskip("arch.unitroot")
    for maker, seed in ((random_walk, 1), (explosive, 2), (random_walk, 5)):
        y = maker(240, seed)
        for s, e in ((0, 60), (30, 200), (100, 240), (0, 240)):
            win = y[s:e]
            ours = adf_window(win, k)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sm = adfuller(win, maxlag=k, regression="c", autolag=None)[0]
            ar = arch_unitroot.ADF(win, lags=k, trend="c").stat
            assert ours == pytest.approx(sm, abs=1e-9)
            assert ours == pytest.approx(ar, abs=1e-9)


def test_recursion_matches_statsmodels_on_every_forward_window():
    from statsmodels.tsa.stattools import adfuller

    y = explosive(120, 9)
    fw, _ = recursive_adf(y, 25, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = [adfuller(y[:e + 1], maxlag=1, regression="c", autolag=None)[0] for e in range(24, 120)]
    np.testing.assert_allclose(fw, ref, atol=1e-9)


@pytest.mark.parametrize("ic", ["aic", "bic"])
def test_lag_selection_within_each_window(ic):
    """IC mode equals a brute-force fit of every lag 0..kmax on each window (psymonitor's rule)."""
    y = explosive(90, 4)
    w, kmax = 24, 3
    fw, bs = recursive_adf(y, w, kmax, ic)

    def chosen(win):
        best, tstat = np.inf, np.nan
        d = np.diff(win)
        for k in range(kmax + 1):
            n = len(d) - k
            X = np.column_stack([np.ones(n), win[k:-1]] + [d[k - i:len(d) - i] for i in range(1, k + 1)])
            beta, *_ = np.linalg.lstsq(X, d[k:], rcond=None)
            ssr = float(np.sum((d[k:] - X @ beta) ** 2))
            pen = 2.0 if ic == "aic" else math.log(n)
            crit = math.log(ssr / n) + (k + 2) * pen / n
            if crit < best:
                best, tstat = crit, adf_window(win, k)
        return tstat

    ref_f = [chosen(y[:e + 1]) for e in range(w - 1, len(y))]
    ref_b = [max(chosen(y[s:e + 1]) for s in range(0, e - w + 2)) for e in range(w - 1, len(y))]
    np.testing.assert_allclose(fw, ref_f, atol=1e-9)
    np.testing.assert_allclose(bs, ref_b, atol=1e-9)


def test_kernels_agree():
    """The vectorised kernels (lag 0, fixed lags) equal the general per-window Cholesky kernel."""
    from goldmine.bubble.adf import _sweep_fixed, _sweep_general, _sweep_lag0

    y = explosive(200, 11)
    for k, fast in ((0, _sweep_lag0(y, 30)), (2, _sweep_fixed(y, 30, 2)), (5, _sweep_fixed(y, 30, 5))):
        ref = _sweep_general(y, 30, k, 0)
        np.testing.assert_allclose(fast[0], ref[0], atol=1e-10)
        np.testing.assert_allclose(fast[1], ref[1], atol=1e-10)


def test_minimum_window_convention():
    """PSY (2015): r0 = 0.01 + 1.8/sqrt(T); T = 1,680 gives 90 observations (REFERENCES.md)."""
    assert minimum_window(1680) == 90
    assert minimum_window(100) == 19
    assert window_from_exuber(89) == 90
    assert window_from_exuber(40, lags=2) == 43
    r = radf(random_walk(300, 1))
    assert r.window == minimum_window(300)
    assert len(r.bsadf) == 300 - r.window + 1
    assert r.sadf == pytest.approx(np.max(r.forward))
    assert r.gsadf >= r.sadf - 1e-12   # BSADF includes the forward windows


@settings(max_examples=25, deadline=None)
@given(scale=st.floats(0.01, 1e4), shift=st.floats(-1e3, 1e3), seed=st.integers(0, 10_000))
def test_statistics_invariant_to_scale_and_shift(scale, shift, seed):
    """t-ratios with a constant do not depend on the units or level of the series."""
    y = random_walk(80, seed)
    a = radf(y, window=15)
    b = radf(scale * y + shift, window=15)
    assert b.gsadf == pytest.approx(a.gsadf, abs=1e-7)
    np.testing.assert_allclose(b.bsadf, a.bsadf, atol=1e-7)


def test_bad_windows_are_refused():
    with pytest.raises(AnalysisError):
        radf(random_walk(50, 1), window=60)
    with pytest.raises(AnalysisError):
        radf(random_walk(50, 1), window=5, lags=3)


# ----------------------------------------------------------------------------- dating
def test_episode_duration_counts_observations_in_the_episode():
    """Closed: start up to the first date back below (exclusive); ongoing: start to the last date inclusive
    (review: an ongoing episode was one observation short)."""
    from goldmine.bubble.datestamp import episodes

    stat = np.array([-1.0, 1, 1, 1, -1, -1, 1, 1])
    eps = episodes(list(range(8)), np.arange(8.0), stat, np.zeros(8), 0, 1)
    assert [(e.start, e.end, e.duration, e.ongoing) for e in eps] == [(1, 4, 3, False), (6, 7, 2, True)]


def test_prepare_refuses_holes_in_the_dates_but_not_weekends_or_holidays():
    monthly = _dated(np.exp(np.linspace(0, 1, 60)))
    with pytest.raises(InputError, match="no observation from"):
        prepare(monthly.drop(monthly.index[30]), False, 20)       # one missing month
    days = pd.bdate_range("2024-01-01", "2024-06-28")
    daily = pd.Series(np.linspace(1, 2, len(days)), index=days, name="p")
    prepare(daily.drop(days[(days >= "2024-02-09") & (days <= "2024-02-16")]), False, 20)  # Spring Festival closure
    with pytest.raises(InputError, match="no observation from"):
        prepare(daily.drop(days[(days >= "2024-03-01") & (days <= "2024-03-29")]), False, 20)
    weeks = pd.date_range("2023-06-02", "2024-12-27", freq="W-FRI")
    weekly = pd.Series(np.linspace(1, 2, len(weeks)), index=weeks, name="p")
    prepare(weekly.drop(pd.Timestamp("2024-02-16")), False, 20)    # Shanghai closed 2024-02-09 to 02-16
    with pytest.raises(InputError, match="no observation from"):
        prepare(weekly.drop(weeks[30:32]), False, 20)              # two missing weeks
    with pytest.raises(InputError, match="not increasing"):
        prepare(monthly.iloc[::-1], False, 20)
    prepare(pd.Series(np.linspace(1, 2, 30), name="p"), False, 20)  # no dates: nothing to check


def test_stamp_rule_minimum_duration_and_ongoing():
    """PSY 2015 eq. 9: the end is the first date back below, searched from start + L_min."""
    cv = np.zeros(20)
    stat = -np.ones(20)
    stat[3:5] = 1.0          # 2 above, falls back at 5, but L = 4 -> end searched from 7
    stat[12:] = 1.0          # ongoing at the end
    assert stamp(stat, cv, 4) == [(3, 7, False), (12, 19, True)]
    assert stamp(stat, cv, 1) == [(3, 5, False), (12, 19, True)]
    assert stamp(-stat * 0 - 1, cv, 1) == []
    assert min_duration(1680) == 7   # round(log 1680) = round(7.43)


# ----------------------------------------------------------------------------- critical values
def test_monte_carlo_reproducible_and_backend_independent():
    a = monte_carlo(80, reps=120, seed=7, backend="serial")
    b = monte_carlo(80, reps=120, seed=7, backend="processes:2")
    np.testing.assert_array_equal(a.bsadf, b.bsadf)
    np.testing.assert_array_equal(a.gsadf, b.gsadf)
    assert a.bsadf.shape == (80 - minimum_window(80) + 1, 3)
    assert np.all(np.diff(a.gsadf) > 0) and np.all(np.diff(a.bsadf, axis=1) >= 0)
    c = monte_carlo(80, reps=120, seed=8, backend="serial")
    assert not np.array_equal(a.gsadf, c.gsadf)


def test_psy_bsadf_rule_differs_from_exuber_rule():
    """exuber's BSADF cv is a running max of the forward ADF: larger late in the sample than PSY's."""
    psy = monte_carlo(300, reps=300, seed=3, bsadf_rule="psy", backend="serial")
    exu = monte_carlo(300, reps=300, seed=3, bsadf_rule="exuber", backend="serial")
    late = slice(-50, None)
    assert np.mean(exu.bsadf[late, 1]) > np.mean(psy.bsadf[late, 1]) + 0.3
    assert exu.bsadf[-1, 1] == pytest.approx(exu.sadf[1])   # running max at T is the SADF cv
    assert psy.bsadf[-1, 1] < psy.gsadf[1]


def test_p_values_monotone_and_bounded():
    cv = monte_carlo(60, reps=199, seed=1, backend="serial")
    ps = [cv.p_value("gsadf", x) for x in (-1.0, 0.5, 1.5, 2.5, 10.0)]
    assert all(0 < p <= 1 for p in ps)
    assert ps == sorted(ps, reverse=True)
    assert ps[-1] == pytest.approx(1 / 200)
    tab = tabulated(500)
    assert tab.p_value("gsadf", tab.level("gsadf", 95)) == pytest.approx(0.05, abs=0.003)
    assert tab.p_value("sadf", tab.level("sadf", 99)) == pytest.approx(0.01, abs=0.003)


def test_wild_bootstrap_draws_one_multiplier_per_date():
    """Phillips-Shi (2020): w_t per date.  psymonitor 0.0.3 reused a single draw for every date."""
    y = np.concatenate(([0.0], np.cumsum(np.ones(200))))
    phi, resid = null_fit(y + np.r_[0, np.random.default_rng(0).standard_normal(200) * 1e-9], 0)
    ys = wb_path(np.random.default_rng(1), y, phi, np.ones_like(resid))
    dys = np.diff(ys)
    assert np.std(dys) == pytest.approx(1.0, abs=0.15)      # N(0,1) multipliers, varying by date
    assert len(np.unique(np.round(np.abs(dys), 12))) > 150


def test_wild_bootstrap_familywise_line():
    y = explosive(120, 5)
    cv = wild_bootstrap(y, reps=60, seed=2, control=12, backend="serial")
    assert cv.method == "wb" and cv.reps == 60
    assert np.all(cv.bsadf == cv.bsadf[0])                   # one family-wise value per level
    again = wild_bootstrap(y, reps=60, seed=2, control=12, backend="serial")
    np.testing.assert_array_equal(cv.gsadf, again.gsadf)


def test_tables_shipped_and_interpolated():
    sizes = table_sizes()
    for T in (100, 200, 500, 1680):
        assert T in sizes
    exact = tabulated(500)
    assert exact.notes == () and exact.window == minimum_window(500)
    assert exact.bsadf.shape == (500 - minimum_window(500) + 1, 3)
    assert 2.0 < exact.level("gsadf") < 2.45 and 1.3 < exact.level("sadf") < 1.65
    mid = tabulated(700)
    assert [n.key for n in mid.notes] == ["bubble.note.no_table"] and dict(mid.notes[0].params) == {"T": 700, "near": 800}
    assert any("no table" in n for n in mid.notes_in("en"))
    lo, hi = tabulated(600).level("gsadf"), tabulated(800).level("gsadf")
    assert min(lo, hi) - 1e-9 <= mid.level("gsadf") <= max(lo, hi) + 1e-9
    assert mid.bsadf.shape == (700 - minimum_window(700) + 1, 3)
    with pytest.raises(AnalysisError):
        tabulated(500, window=60)


def test_table_close_to_exuber_published_values():
    """exuber's radf_crit (REFERENCES.md): GSADF 95 % 1.974 (n=100), SADF 95 % 1.295; exuber's window is one
    observation longer, tables here hold 5,000 replications, so the tolerance is loose (MC and window)."""
    assert tabulated(100).level("gsadf") == pytest.approx(1.974, abs=0.08)
    assert tabulated(100).level("sadf") == pytest.approx(1.295, abs=0.08)
    assert tabulated(200).level("gsadf") == pytest.approx(2.114, abs=0.08)


# ----------------------------------------------------------------------------- inputs
def _dated(values, start="2000-01-31", freq="ME", name="price"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq=freq), name=name)


def test_bad_series_give_input_errors():
    with pytest.raises(InputError, match="at least"):
        analyze(_dated(np.arange(1.0, 11.0)))
    with pytest.raises(InputError, match="varies"):
        analyze(_dated(np.full(60, 3.0)))
    gappy = _dated(random_walk(60, 1))
    gappy.iloc[10] = np.nan
    with pytest.raises(InputError, match="gaps"):
        analyze(gappy)
    neg = _dated(random_walk(60, 1) - 20)
    with pytest.raises(InputError, match="positive"):
        analyze(neg, log=True)
    analyze(neg, log=False)   # levels may be negative


def test_ratio_and_aggregate():
    p = _dated([10.0, 12.0, 15.0], name="price")
    d = _dated([1.0, 2.0, 3.0], name="dividend")
    r = ratio(p, d)
    assert list(r) == [10.0, 6.0, 5.0] and r.name == "price/dividend"
    with pytest.raises(InputError):
        ratio(p, _dated([1.0, 0.0, 3.0], name="dividend"))
    daily = pd.Series(np.arange(1.0, 61.0), index=pd.bdate_range("2024-01-01", periods=60), name="x")
    m = aggregate(daily, "M")
    assert list(m.index.month) == [1, 2, 3] and m.iloc[0] == daily.loc["2024-01"].iloc[-1]
    w = aggregate(daily, "W")
    assert len(w) == 12 and (w.index.day_of_week == 4).all()
    with pytest.raises(InputError):
        aggregate(daily, "X")
    assert prepare(_dated(np.exp(np.arange(30.0)), name="p"), True, 20).iloc[3] == pytest.approx(3.0)


# ----------------------------------------------------------------------------- analysis
def test_analyze_dates_an_explosive_episode():
    y = explosive(400, 21, rho=1.03, start=0.5, stop=0.65)
    s = _dated(np.exp(y / 10), name="index")
    rep = analyze(s, log=True, cv="table")
    assert rep.explosive
    d = rep.to_dict()
    assert list(d) == ["adf", "sadf", "gsadf", "critical_values", "p_values", "bsadf", "episodes", "parameters"]
    assert set(d["critical_values"]["gsadf"]) == {"90", "95", "99"}
    assert len(d["bsadf"]) == 400 - minimum_window(400) + 1
    assert set(d["bsadf"][0]) == {"date", "stat", "cv95"}
    starts = [pd.Timestamp(e["start"]) for e in d["episodes"]]
    bubble_start = s.index[200]
    assert any(abs((st_ - bubble_start).days) < 31 * 25 for st_ in starts)
    assert d["parameters"]["window"] == minimum_window(400) and d["parameters"]["cv_method"] == "table"
    assert "GSADF" in rep.summary("en") and "GSADF" in rep.summary("zh")


def test_analyze_random_walk_is_usually_quiet():
    rejections = sum(analyze(_dated(random_walk(200, s)), cv="table").explosive for s in range(40))
    assert rejections <= 8     # nominal 5 %: binomial(40, 0.05) exceeds 8 with probability < 0.1 %


# ----------------------------------------------------------------------------- shared data
@pytest.mark.shared_data
def test_psy_sp500_price_dividend(shared_data):
    """PSY (2015, IER 56(4), section 6): S&P 500 real P/D 1871-2010, T = 1,680, window 90 (r0 = 0.0539), GSADF
    4.21 (lag 0 here, as exuber); the 1990s episode (dot-com) and the 1929 episode are dated."""
    from goldmine.io.series import load_series

    s = load_series(shared_data / "bubble" / "rtadfr_snp_pd_index_1871_2010.csv")
    rep = analyze(s, cv="table")
    assert rep.stats.T == 1680 and rep.stats.window == 90
    assert rep.stats.gsadf == pytest.approx(4.21, abs=0.01)
    spans = [(pd.Timestamp(e.start), pd.Timestamp(e.end)) for e in rep.episodes]
    assert any(a <= pd.Timestamp("1999-01-01") <= b for a, b in spans)
    assert any(a <= pd.Timestamp("1929-01-01") <= b for a, b in spans)


# ----------------------------------------------------------------------------- messages
def test_every_bubble_message_has_both_languages():
    from goldmine.i18n import catalogue

    keys = [k for k in catalogue() if k.startswith("bubble.")]
    assert len(keys) > 30
    for k in keys:
        assert catalogue()[k].get("en") and catalogue()[k].get("zh"), k


@pytest.mark.slow
@pytest.mark.parametrize("n,sadf95,gsadf95", [(100, 1.295, 1.974), (200, 1.388, 2.114)])
def test_monte_carlo_agrees_with_exuber_radf_crit(n, sadf95, gsadf95):
    """exuber's shipped radf_crit (2,000 reps, seed 123, lag 0; REFERENCES.md): 95 % SADF and GSADF.  Same
    window (exuber minw + 1 observations), 2,000 replications; agreement within 3 x sqrt(2) x MC se."""
    from goldmine.bubble.sadf import minimum_window as mw

    cv = monte_carlo(n, window=mw(n) + 1, reps=2000, seed=123)
    rng = np.random.default_rng(0)
    for name, ref in (("sadf", sadf95), ("gsadf", gsadf95)):
        sims = cv.samples[name]
        se = np.std([np.quantile(rng.choice(sims, len(sims)), 0.95) for _ in range(200)])
        assert abs(cv.level(name) - ref) < 3 * math.sqrt(2) * se, (name, cv.level(name), ref, se)


def test_analyze_with_lags_ic_and_explicit_window():
    s = _dated(np.exp(explosive(150, 8) / 20), name="p")
    rep = analyze(s, log=True, lags=2, cv="table")
    assert rep.stats.lags == 2 and any("lag 0" in n for n in rep.cv.notes_in("en"))
    assert rep.to_dict()["parameters"]["notes"][0] == {"key": "bubble.note.lag0_tables", "params": {"lags": 2}}
    rep_ic = analyze(s, log=True, lags=3, ic="bic", cv="mc", reps=40, seed=1, backend="serial")
    assert rep_ic.to_dict()["parameters"]["ic"] == "bic"
    with pytest.raises(AnalysisError):
        analyze(s, window=40, cv="table")               # tables hold PSY's default window only
    custom = analyze(s, window=40, cv="mc", reps=40, seed=1, backend="serial")
    assert custom.stats.window == 40 and custom.cv.window == 40
    with pytest.raises(AnalysisError):
        analyze(s, window=7, lags=2)                    # 2k + 4 = 8 observations needed


def test_tables_beyond_the_largest_size_are_extrapolated_not_clamped():
    """Review: T above 2,000 (ten years of daily data) used the T = 2,000 scalars unchanged, too small a GSADF
    critical value (it rises about 0.08 per doubling of T), so long samples rejected too often."""
    big, top = tabulated(5000), tabulated(max(table_sizes()))
    assert big.level("gsadf") > top.level("gsadf") + 0.05 and big.level("sadf") > top.level("sadf") + 0.03
    assert tabulated(2500).level("gsadf") < big.level("gsadf")
    assert any("beyond the largest table" in n for n in big.notes_in("en")) and len(big.notes_in("zh")) == len(big.notes)
    assert "超出最大的临界值表" in big.notes_in("zh")[0]
    assert big.p_value("gsadf", big.level("gsadf", 95)) == pytest.approx(0.05, abs=0.003)
    assert any("below the smallest table" in n for n in tabulated(60).notes_in("en"))


def test_summary_names_the_level_used_and_flags_weak_episodes():
    """Review: the summary always said "95 % critical value" while showing the --significance level's value;
    episodes dated while GSADF is not significant were listed without a word of caution."""
    s = _dated(np.exp(random_walk(120, 1) / 20))
    rep = analyze(s, significance=99)
    assert "99 % critical value" in rep.summary("en") and "99% 临界值" in rep.summary("zh")
    weak = next(r for r in (analyze(_dated(np.exp(random_walk(120, k) / 20)), significance=90) for k in range(40))
                if r.episodes and not r.explosive)
    assert "weak evidence" in weak.summary("en") and "弱证据" in weak.summary("zh")
