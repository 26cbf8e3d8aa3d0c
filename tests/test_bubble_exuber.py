"""Equality with exuber's C++ core (PyPI ``pyexuber``, GPL: a test dependency only; skipped when absent).

Done-when of issue #7: BSADF, forward ADF (badf), ADF, SADF and GSADF equal pyexuber ``radf`` to 1e-8
on random walks and explosive series.  exuber's ``minw`` counts regression rows: window = minw + 1 + lag.
"""

from __future__ import annotations

import numpy as np
import pytest

from goldmine.bubble import radf, window_from_exuber

exuber = pytest.importorskip("exuber")


def _series(kind: str, T: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "walk":
        return np.cumsum(rng.standard_normal(T)) + 100.0
    # PSY (2015) eq. 11 with two bubbles: delta_T = 1 + T^-0.6 during 0.2T-0.4T and 0.6T-0.7T, collapse after
    rho = 1.0 + T ** -0.6 if kind == "explosive" else 1.03
    y = np.empty(T)
    y[0] = 100.0
    for t in range(1, T):
        r = rho if (0.2 * T <= t < 0.4 * T or 0.6 * T <= t < 0.7 * T) else 1.0
        y[t] = r * y[t - 1] + rng.standard_normal()
        if t in (int(0.4 * T), int(0.7 * T)):
            y[t] = 100.0 + rng.standard_normal()
    return y


@pytest.mark.parametrize("kind", ["walk", "explosive"])
@pytest.mark.parametrize("T,seed", [(100, 1), (400, 2), (1680, 3)])
def test_equals_pyexuber_lag0(kind, T, seed):
    y = _series(kind, T, seed)
    ex = exuber.radf(y, lag=0)
    ours = radf(y, window=window_from_exuber(ex.minw), lags=0)
    np.testing.assert_allclose(ours.bsadf, ex.bsadf[:, 0], rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.forward, ex.badf[:, 0], rtol=0, atol=1e-8)
    assert ours.adf == pytest.approx(float(ex.adf[0]), abs=1e-8)
    assert ours.sadf == pytest.approx(float(ex.sadf[0]), abs=1e-8)
    assert ours.gsadf == pytest.approx(float(ex.gsadf[0]), abs=1e-8)


def test_extreme_explosion_closer_to_exact_arithmetic_than_exuber():
    """With t-ratios in the thousands (3 % growth a step for 250 steps) 1e-8 is below double precision for
    exuber too; there the statistic here is at least as close to exact rational arithmetic as exuber's."""
    from fractions import Fraction as F

    y = _series("extreme", 1680, 3)
    ex = exuber.radf(y, lag=0)
    ours = radf(y, window=window_from_exuber(ex.minw))
    assert ours.forward.max() > 1000
    np.testing.assert_allclose(ours.forward, ex.badf[:, 0], rtol=1e-8)
    j = int(np.argmax(np.abs(ours.forward - ex.badf[:, 0])))
    win = [F(float(v)) for v in y[: ours.window + j]]
    x, d = win[:-1], [b - a for a, b in zip(win[:-1], win[1:], strict=True)]
    n = len(d)
    mx, md = sum(x) / n, sum(d) / n
    sxx = sum((a - mx) ** 2 for a in x)
    sxd = sum((a - mx) * (b - md) for a, b in zip(x, d, strict=True))
    sdd = sum((b - md) ** 2 for b in d)
    exact = float(sxd / sxx) / float((sdd - sxd * sxd / sxx) / (n - 2) / sxx) ** 0.5
    assert abs(ours.forward[j] - exact) <= abs(ex.badf[j, 0] - exact)


@pytest.mark.parametrize("lag", [1, 3])
def test_equals_pyexuber_with_lags(lag):
    y = _series("explosive", 300, 7)
    ex = exuber.radf(y, lag=lag)
    ours = radf(y, window=window_from_exuber(ex.minw, lag), lags=lag)
    np.testing.assert_allclose(ours.bsadf, ex.bsadf[:, 0], rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.forward, ex.badf[:, 0], rtol=0, atol=1e-8)


def test_wild_bootstrap_agrees_with_pyexuber_phillips_shi_variant():
    """Same bootstrap DGP as exuber's radf_wb_ps_cv (PS 2020: N(0,1) multiplier per date x resampled residual);
    different random streams, so agreement is within Monte Carlo error (1,000 replications each)."""
    from goldmine.bubble import wild_bootstrap

    y = np.cumsum(np.random.default_rng(3).standard_normal(150))
    mw = exuber.psy_minw(150)
    ex = exuber.radf_wb_ps_cv(y, minw=mw, nboot=1000, seed=1)
    ours = wild_bootstrap(y, window=window_from_exuber(mw), reps=1000, seed=1, backend="serial")
    assert ours.level("gsadf", 95) == pytest.approx(float(ex.gsadf_cv[0, 1]), abs=0.25)
    assert ours.level("sadf", 90) == pytest.approx(float(ex.sadf_cv[0, 0]), abs=0.2)
