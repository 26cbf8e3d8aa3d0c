"""The lag-0 prefix-sum kernel of the BSADF/GSADF sweep (issue #19).

Equal to the previous kernel (Welford's centred recursion, kept as ``_sweep_lag0``) and to exact rational
arithmetic; its per-window error bound sends ill-conditioned series back to the previous kernel; the Monte
Carlo and wild-bootstrap replications, now computed many paths per compiled call, are unchanged.  (exuber's
golden numbers: ``tests/test_bubble_exuber.py``; the brute-force window oracle: ``tests/test_bubble.py``.)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from goldmine.bubble import minimum_window, radf
from goldmine.bubble.adf import (
    _sweep_general,
    _sweep_lag0,
    _sweep_lag0_fast,
    _sweep_prefix,
    _tables,
    recursive_adf,
    recursive_adf_many,
)
from goldmine.bubble.critical import _null_chunk, _wb_chunk, null_fit, wb_path


def prefix_accepted(y: np.ndarray, window: int) -> bool:
    """Whether the prefix-sum kernel accepts every window of ``y`` (else the previous kernel runs)."""
    rows = len(y) - 1
    nout = len(y) - window + 1
    rinv, dof = _tables(rows)
    return bool(_sweep_prefix(np.ascontiguousarray(y, dtype=float), window, np.empty((5, rows + 1)), np.empty(nout),
                              rinv, dof, np.empty(nout), np.empty(nout)))


def exact_t(win: np.ndarray) -> float:
    """Lag-0 ADF t-ratio of one window in exact rational arithmetic (one final rounding and square root)."""
    v = [Fraction(float(a)) for a in win]
    x, d = v[:-1], [b - a for a, b in zip(v[:-1], v[1:], strict=True)]
    n = len(d)
    mx, md = sum(x) / n, sum(d) / n
    sxx = sum((a - mx) ** 2 for a in x)
    sxd = sum((a - mx) * (b - md) for a, b in zip(x, d, strict=True))
    sdd = sum((b - md) ** 2 for b in d)
    return float(sxd / sxx) / float((sdd - sxd * sxd / sxx) / (n - 2) / sxx) ** 0.5


def exact_sequences(y: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    T = len(y)
    forward = np.array([exact_t(y[:e + 1]) for e in range(window - 1, T)])
    bsadf = np.array([max(exact_t(y[s:e + 1]) for s in range(0, e - window + 2)) for e in range(window - 1, T)])
    return forward, bsadf


def null_paths(T: int, n: int, seed: int) -> np.ndarray:
    return np.cumsum(1.0 / T + np.random.default_rng(seed).standard_normal((n, T)), axis=1)


def bubble(T: int, seed: int, rho: float, level: float = 100.0, collapse: bool = True) -> np.ndarray:
    """PSY (2015) eq. 11 style: explosive during 0.2T-0.4T and 0.6T-0.7T, collapsing after each."""
    rng = np.random.default_rng(seed)
    y = np.empty(T)
    y[0] = level
    for t in range(1, T):
        r = rho if (0.2 * T <= t < 0.4 * T or 0.6 * T <= t < 0.7 * T) else 1.0
        y[t] = r * y[t - 1] + rng.standard_normal()
        if collapse and t in (int(0.4 * T), int(0.7 * T)):
            y[t] = level + rng.standard_normal()
    return y


# ----------------------------------------------------------------------------- equality
@pytest.mark.parametrize("T,seed", [(40, 1), (300, 2), (1000, 3)])
def test_prefix_kernel_equals_previous_kernel_on_null_paths(T, seed):
    """PSY's null (the Monte Carlo's paths): the prefix kernel accepts every path and equals Welford's recursion."""
    for window in (minimum_window(T), T // 3):
        for y in null_paths(T, 12 if T < 1000 else 4, seed):
            assert prefix_accepted(y, window)
            fw0, bs0 = _sweep_lag0(y, window)
            fw1, bs1 = _sweep_lag0_fast(y, window)
            np.testing.assert_allclose(fw1, fw0, rtol=0, atol=1e-10)
            np.testing.assert_allclose(bs1, bs0, rtol=0, atol=1e-10)


@pytest.mark.parametrize("kind", ["walk", "level", "mild bubble", "wide range"])
def test_prefix_kernel_equals_exact_arithmetic(kind):
    """Every forward-ADF and BSADF value equals exact rational arithmetic to 1e-11 where the kernel accepts
    the series, including a series at 10,000 with moves of 0.01 (the previous kernel is off by ~1e-10 there)."""
    rng = np.random.default_rng(7)
    T, window = 48, 12
    if kind == "walk":
        y = np.cumsum(rng.standard_normal(T))
    elif kind == "level":
        y = 1e4 + 0.01 * np.cumsum(rng.standard_normal(T))
    elif kind == "mild bubble":
        y = bubble(T, 3, 1.02, level=1.0, collapse=False)
    else:
        y = np.cumsum(rng.standard_normal(T)) * np.geomspace(1e-3, 1e3, T)
    assert prefix_accepted(y, window)
    forward, bsadf = exact_sequences(y, window)
    fw, bs = _sweep_lag0_fast(y, window)
    np.testing.assert_allclose(fw, forward, rtol=0, atol=1e-11)
    np.testing.assert_allclose(bs, bsadf, rtol=0, atol=1e-11)


@pytest.mark.parametrize("kind", ["bubble", "extreme", "level shift"])
def test_ill_conditioned_series_go_to_the_previous_kernel(kind):
    """Explosive stretches (t-ratios in the hundreds) and level shifts exceed the error bound: the previous
    kernel then computes the series, bit for bit."""
    T = 400
    if kind == "bubble":
        y = bubble(T, 2, 1.0 + T ** -0.6)
    elif kind == "extreme":
        y = bubble(T, 3, 1.03)
    else:
        y = np.cumsum(np.random.default_rng(4).standard_normal(T)) + np.where(np.arange(T) > T // 2, 1e4, 0.0)
    window = minimum_window(T)
    assert not prefix_accepted(y, window)
    fw0, bs0 = _sweep_lag0(y, window)
    fw1, bs1 = _sweep_lag0_fast(y, window)
    np.testing.assert_array_equal(fw1, fw0)
    np.testing.assert_array_equal(bs1, bs0)


def test_flat_stretch_gives_nan_windows_not_an_error():
    """Windows without variation (a flat stretch, e.g. a price carried over holidays) have no t-ratio: NaN,
    left out of the sup, as the general kernel has it (the lag-0 and fixed-lag kernels raised
    ZeroDivisionError before)."""
    y = np.r_[np.ones(30), 1.0 + np.cumsum(np.random.default_rng(0).standard_normal(70))]
    ref_fw, ref_bs = _sweep_general(y, 20, 0, 0)
    fw, bs = recursive_adf(y, 20)
    np.testing.assert_array_equal(np.isnan(bs), np.isnan(ref_bs))
    np.testing.assert_array_equal(np.isnan(fw), np.isnan(ref_fw))
    np.testing.assert_allclose(bs[~np.isnan(bs)], ref_bs[~np.isnan(ref_bs)], rtol=0, atol=1e-9)
    assert np.isnan(bs[0]) and not np.isnan(bs[-1])
    for lags in (0, 1):
        r = radf(y, window=20 + lags, lags=lags)
        assert np.isfinite(r.gsadf) and np.isfinite(r.sadf) and np.isfinite(r.adf)


@pytest.mark.parametrize("lags,ic", [(0, None), (1, None), (2, "aic")])
def test_many_paths_equal_one_path_at_a_time(lags, ic):
    paths = np.vstack([null_paths(90, 5, 1), bubble(90, 2, 1.05)[None, :]])   # one path falls back
    fw, bs = recursive_adf_many(paths, 20, lags, ic)
    for r, y in enumerate(paths):
        f1, b1 = recursive_adf(y, 20, lags, ic)
        np.testing.assert_array_equal(fw[r], f1)
        np.testing.assert_array_equal(bs[r], b1)


# ----------------------------------------------------------------------------- replications
def test_monte_carlo_replications_unchanged():
    """A chunk of the Monte Carlo equals the previous loop (one rng.standard_normal(T) per replication, the
    previous kernel) to 1e-10: same draws, same statistics."""
    T, n = 200, 37
    window = minimum_window(T)
    seed = np.random.SeedSequence(11)
    fw, bs = _null_chunk(T, window, 0, None, n, seed)
    rng = np.random.default_rng(seed)
    for r in range(n):
        f0, b0 = _sweep_lag0(np.cumsum(1.0 / T + rng.standard_normal(T)), window)
        np.testing.assert_allclose(fw[r], f0, rtol=0, atol=1e-10)
        np.testing.assert_allclose(bs[r], b0, rtol=0, atol=1e-10)


@pytest.mark.parametrize("lags", [0, 1])
def test_wild_bootstrap_replications_unchanged(lags):
    """A chunk of the wild bootstrap equals the previous loop (one path, one sweep at a time) to 1e-10."""
    y = np.cumsum(np.random.default_rng(5).standard_normal(150))
    window = minimum_window(150) + lags
    phi, resid = null_fit(y, lags)
    seed = np.random.SeedSequence(3)
    fw, bs = _wb_chunk(y, phi, resid, window, lags, None, 25, seed)
    rng = np.random.default_rng(seed)
    for r in range(25):
        path = wb_path(rng, y, phi, resid)
        f0, b0 = _sweep_lag0(path, window) if lags == 0 else _sweep_general(path, window, lags, 0)
        np.testing.assert_allclose(fw[r], f0, rtol=0, atol=1e-10)
        np.testing.assert_allclose(bs[r], b0, rtol=0, atol=1e-10)
