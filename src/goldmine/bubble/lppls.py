"""LPPLS (log-periodic power law singularity) fits as a second opinion on a bubble.

Implements

* the model of Johansen, Ledoit and Sornette (2000) in the linearised form of Filimonov and Sornette
  (2013, Physica A 392): ``ln p(t) = A + B f + C1 g + C2 h`` with ``f = (tc - t)^m``,
  ``g = f cos(w ln(tc - t))``, ``h = f sin(w ln(tc - t))``; A, B, C1, C2 by least squares for each
  nonlinear (tc, m, w), which are found by Nelder-Mead from **many random starts, keeping the best
  fit** (the ``lppls`` package returns the first start that converges, so its tc and m jump
  between runs);
* :func:`fit` — one window; :class:`LPPLSFit` says whether it passes the usual filters
  (m in [0, 1], w in [2, 15]: Sornette et al. 2015, "Real-time prediction and post-mortem analysis
  of the Shanghai 2015 stock market bubble and crash", and tc within the search horizon);
* :func:`confidence` — the nested-window confidence indicator (Sornette et al. 2015; Demos and
  Sornette 2017): windows ending at the same date with different starts; the indicator is the share
  of windows whose fit is qualified with B < 0 (a positive, accelerating bubble); the critical time
  is the median tc of the qualified fits with their 10-90 % range as its interval.

Time runs in years since the first observation when the index holds dates, else in observations.
Defaults (filters, horizon, starts) live in ``goldmine/data/bubble.yaml``
(:class:`goldmine.bubble.config.LpplsConfig`); which windows to fit is the caller's choice
(:func:`goldmine.pipeline.bubble.lppls_confidence` takes them from ``data/settings.yaml``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from numba import njit

from goldmine.bubble.config import LpplsConfig, bubble_config
from goldmine.errors import AnalysisError
from goldmine.results import Result

FloatArray = npt.NDArray[np.float64]
MIN_OBS = 20        # the fewest observations one LPPLS fit accepts (seven parameters, room for the oscillation)


@njit(cache=True)
def _linear(t: FloatArray, lp: FloatArray, tc: float, m: float, w: float) -> tuple[npt.NDArray[np.floating[Any]], float]:
    """Least-squares A, B, C1, C2 and SSR for fixed (tc, m, w); NaN SSR when tc <= t."""
    n = t.shape[0]
    X = np.empty((n, 4))
    for i in range(n):
        dt = tc - t[i]
        if dt <= 0.0:
            return np.full(4, np.nan), np.inf
        f = dt ** m
        lw = w * math.log(dt)
        X[i, 0] = 1.0
        X[i, 1] = f
        X[i, 2] = f * math.cos(lw)
        X[i, 3] = f * math.sin(lw)
    XtX = X.T @ X
    Xty = X.T @ lp
    try:
        beta = np.linalg.solve(XtX, Xty)
    except Exception:  # noqa: BLE001 - singular design in numba
        return np.full(4, np.nan), np.inf
    r = lp - X @ beta
    return beta, float(r @ r)


@dataclass(frozen=True)
class LPPLSFit(Result):
    """One LPPLS fit on the window ``t1..t2`` (times in the fit's units)."""

    t1: float
    t2: float
    tc: float
    m: float
    w: float
    A: float
    B: float
    C1: float
    C2: float
    ssr: float
    n: int
    qualified: bool
    tc_label: Any = None

    @property
    def positive_bubble(self) -> bool:
        return self.B < 0

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        out: dict[str, Any] = to_jsonable({"t1": self.t1, "t2": self.t2, "tc": self.tc, "tc_date": self.tc_label, "m": self.m, "w": self.w,
                            "A": self.A, "B": self.B, "C1": self.C1, "C2": self.C2, "rmse": math.sqrt(self.ssr / self.n),
                            "qualified": self.qualified, "positive_bubble": self.positive_bubble})
        return out

    def summary(self, lang: str | None = None) -> str:
        tc = self.tc_label if self.tc_label is not None and not isinstance(self.tc_label, float) else f"{self.tc:.3f}"
        return f"tc={tc} m={self.m:.3f} w={self.w:.2f} B={self.B:.4f} qualified={self.qualified}"


def _times(series: pd.Series) -> tuple[FloatArray, Any]:
    idx = series.index
    if isinstance(idx, pd.DatetimeIndex):
        origin = idx[0]
        years = (idx - origin) / pd.Timedelta(days=365.25)
        return np.asarray(years, dtype=float), origin
    return np.arange(len(series), dtype=float), None


def _label(tc: float, origin: Any) -> Any:
    """A critical time as a date when the series holds dates (else the number itself)."""
    if origin is None or not math.isfinite(tc):
        return tc
    return (origin + pd.Timedelta(days=tc * 365.25)).date()


def fit(series: pd.Series, starts: int | None = None, seed: int | None = None, rng: np.random.Generator | None = None,
        config: LpplsConfig | None = None) -> LPPLSFit:
    """Fit LPPLS to ``series`` (prices, > 0; logged inside) from many starts; keep the lowest SSR.

    ``config`` (default: ``data/bubble.yaml``'s ``lppls``) gives the filters, the horizon and the starts."""
    from scipy.optimize import minimize

    s = config or bubble_config().lppls
    if len(series) < MIN_OBS:
        raise AnalysisError("bubble.error.lppls_short", n=len(series), need=MIN_OBS)
    values = np.asarray(series.to_numpy(), dtype=float)
    if np.any(~np.isfinite(values)) or np.any(values <= 0):
        raise AnalysisError("bubble.error.lppls_positive")
    t_all, origin = _times(series)
    t = t_all
    lp = np.log(values)
    t1, t2 = float(t[0]), float(t[-1])
    span = t2 - t1
    horizon = float(s.tc_horizon.value) * span
    lo_tc, hi_tc = t2 - 0.05 * span, t2 + horizon
    rng = rng or np.random.default_rng(seed)
    n_starts = int(starts or s.starts.value)
    if n_starts < 1:
        raise AnalysisError("bubble.error.lppls_starts", path="starts", starts=n_starts)

    def objective(p: FloatArray) -> float:
        tc, m, w = p
        if not (lo_tc < tc <= hi_tc + 1e-12) or not (0.001 <= m <= 2.0) or not (1.0 <= w <= 50.0) or tc <= t2:
            return 1e100
        return float(_linear(t, lp, tc, m, w)[1])

    best_x: FloatArray | None = None
    best_fun = math.inf
    for _ in range(n_starts):
        x0 = np.array([rng.uniform(t2 + 1e-6 * span, hi_tc), rng.uniform(0.1, 0.9), rng.uniform(3.0, 14.0)])
        res = minimize(objective, x0, method="Nelder-Mead",
                       options={"xatol": 1e-6, "fatol": 1e-10, "maxiter": 800, "adaptive": True})
        if best_x is None or res.fun < best_fun:
            best_x, best_fun = np.asarray(res.x, dtype=float), float(res.fun)
    # an invariant, not validation: n_starts >= 1 was checked above, so the loop ran and set best_x
    assert best_x is not None
    tc, m, w = (float(v) for v in best_x)
    beta, ssr = _linear(t, lp, tc, m, w)
    mlo, mhi = s.m_bounds.value
    wlo, whi = s.w_bounds.value
    ok = bool(math.isfinite(ssr) and mlo <= m <= mhi and wlo <= w <= whi and t2 < tc <= hi_tc)
    return LPPLSFit(t1=t1, t2=t2, tc=tc, m=m, w=w, A=float(beta[0]), B=float(beta[1]), C1=float(beta[2]), C2=float(beta[3]),
                    ssr=float(ssr), n=len(t), qualified=ok, tc_label=_label(tc, origin))


@dataclass(frozen=True)
class LPPLSConfidence(Result):
    """Nested-window LPPLS: the confidence indicator and the critical time with an interval.

    ``end`` is the last date (or position) of the series; ``confidence`` the share of windows with a
    qualified positive-bubble fit; ``tc``, ``tc_low``, ``tc_high`` the median critical time and its
    10-90 % range over those fits (dates when the series holds dates; ``None`` without such a fit);
    ``windows`` the number of windows fitted; ``fits`` one :class:`LPPLSFit` per window.
    """

    end: Any
    fits: tuple[LPPLSFit, ...]
    confidence: float
    tc: Any
    tc_low: Any
    tc_high: Any

    @property
    def windows(self) -> int:
        return len(self.fits)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        out: dict[str, Any] = to_jsonable({"end": self.end, "windows": len(self.fits), "confidence": self.confidence,
                            "tc": self.tc, "tc_low": self.tc_low, "tc_high": self.tc_high,
                            "fits": [f.to_dict() for f in self.fits]})
        return out

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t as tr

        return tr("bubble.lppls.summary", lang, conf=f"{self.confidence:.0%}", tc=self.tc, low=self.tc_low, high=self.tc_high,
                  n=len(self.fits))


def confidence(series: pd.Series, min_window: int = 60, max_window: int | None = None, windows: int = 12,
               starts: int | None = None, seed: int | None = None, config: LpplsConfig | None = None) -> LPPLSConfidence:
    """Nested windows ending at the last observation, starts spread between ``max_window`` and
    ``min_window`` observations back (Sornette et al. 2015)."""
    n = len(series)
    max_window = min(n, max_window or n)
    if min_window < MIN_OBS or min_window > max_window:
        raise AnalysisError("bubble.error.lppls_windows", path="min_window", min_window=min_window,
                            max_window=max_window, need=MIN_OBS)
    if windows < 1:
        raise AnalysisError("bubble.error.lppls_count", path="windows", windows=windows)
    rng = np.random.default_rng(seed)
    lengths = np.unique(np.linspace(min_window, max_window, windows).astype(int))
    fits = tuple(fit(series.iloc[n - L:], starts=starts, rng=rng, config=config) for L in lengths)
    good = [f for f in fits if f.qualified and f.positive_bubble]
    conf = len(good) / len(fits)
    _, origin = _times(series)
    if good:
        # tc is measured from each window's own first date: map back through labels
        tcs = np.array([_abs_years(series, f) for f in good])
        q = np.quantile(tcs, [0.1, 0.5, 0.9])
        tc, low, high = (_label(v, origin) for v in (q[1], q[0], q[2]))
    else:
        tc = low = high = None
    end = series.index[-1]
    end = end.date() if hasattr(end, "date") else end
    return LPPLSConfidence(end=end, fits=fits, confidence=conf, tc=tc, tc_low=low, tc_high=high)


def _abs_years(series: pd.Series, f: LPPLSFit) -> float:
    """tc of a window fit in the time units of the whole series."""
    if not isinstance(series.index, pd.DatetimeIndex):
        return f.tc + (len(series) - f.n)
    first = series.index[0]
    start = series.index[len(series) - f.n]
    return f.tc + (start - first) / pd.Timedelta(days=365.25)
