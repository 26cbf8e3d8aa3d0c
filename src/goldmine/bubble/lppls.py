"""LPPLS (log-periodic power law singularity) fits as a second opinion on a bubble, qualified as published.

Implements

* the model of Johansen, Ledoit and Sornette (2000) in the linearised form of Filimonov and Sornette
  (2013, "A stable and robust calibration scheme of the log-periodic power law model", Physica A
  392(17)): ``ln p(t) = A + B f + C1 g + C2 h`` with ``f = (tc - t)^m``, ``g = f cos(w ln(tc - t))``,
  ``h = f sin(w ln(tc - t))``; A, B, C1, C2 by least squares for each nonlinear (tc, m, w), which are
  found by Nelder-Mead from **many random starts, keeping the best fit** (the ``lppls`` package
  returns the first start that converges, so its tc and m jump between runs);
* :func:`failed_filters` — the filter of Sornette, Demos, Zhang, Cauwels, Filimonov and Zhang (2015),
  "Real-time prediction and post-mortem analysis of the Shanghai 2015 stock market bubble and crash"
  (Journal of Investment Strategies 4(4)): 0.1 <= m <= 0.9, 6 <= omega <= 13,
  t2 < tc <= t2 + 0.2 (t2 - t1), number of oscillations ``(omega / 2 pi) ln((tc - t1) / (tc - t2))``
  >= 2.5 and damping ``m |B| / (omega |C|)`` >= 0.5 with ``C = sqrt(C1^2 + C2^2)``; and one rule of
  goldmine's: a fit on the edge of the search box (tc at the last date or at the horizon, m or omega
  at a bound of their box) sits on the box, not at a minimum, and is **never qualified**;
* :func:`fit` — one window; :class:`LPPLSFit` holds the parameters, the oscillations, the damping and
  the filters it failed (``qualified`` when none);
* :func:`confidence` — the nested-window confidence indicator (Sornette et al. 2015; Demos and
  Sornette 2017): windows ending at the same date with different starts, each fitted from ``starts``
  random starts under each of ``seeds`` independent seeds; the indicator is **the share of all
  windows** whose best fit is qualified with B < 0 (a positive, accelerating bubble); the critical
  time is the median tc of those fits, and its band the 10-90 % range of the tc of every qualified
  positive-bubble fit among the best fit of each window and seed and the starts within ``band_ssr``
  of its SSR: the spread across windows, starts and seeds.

Time runs in years since the first observation when the index holds dates, else in observations.
The filter, the search box, the edge tolerance, the starts and seeds live in ``goldmine/data/bubble.yaml``
(:class:`goldmine.bubble.config.LpplsConfig`: the tc range there is the one searched here); which
windows to fit is the caller's choice (:func:`goldmine.pipeline.bubble.lppls_confidence` takes them
from ``data/settings.yaml``).
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
FILTERS = ("fit", "m", "omega", "tc", "oscillations", "damping", "edge")   # the names failed_filters() returns
YEAR = pd.Timedelta(days=365.25)


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
class SearchBox:
    """Where the optimiser looks for (tc, m, omega) on the window ``t1..t2`` (``step``: the median time
    between observations): tc in ``(t2, tc_high]``, m in ``m``, omega in ``w``."""

    t1: float
    t2: float
    step: float
    tc_high: float
    m: tuple[float, float]
    w: tuple[float, float]

    @classmethod
    def of(cls, t: FloatArray, config: LpplsConfig) -> SearchBox:
        t1, t2 = float(t[0]), float(t[-1])
        step = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
        return cls(t1, t2, step, t2 + float(config.tc_horizon.value) * (t2 - t1),
                   tuple(config.search_m.value), tuple(config.search_w.value))  # type: ignore[arg-type]

    def inside(self, tc: float, m: float, w: float) -> bool:
        return self.t2 < tc <= self.tc_high + 1e-12 and self.m[0] <= m <= self.m[1] and self.w[0] <= w <= self.w[1]

    def on_edge(self, tc: float, m: float, w: float, tolerance: float) -> bool:
        """tc within ``tolerance`` of its range (and at least one observation step) of the last date or of the
        horizon; m or omega within ``tolerance`` of their ranges of a bound of the box."""
        tc_tol = max(tolerance * (self.tc_high - self.t2), self.step)
        if tc - self.t2 <= tc_tol or self.tc_high - tc <= tolerance * (self.tc_high - self.t2):
            return True
        for x, (lo, hi) in ((m, self.m), (w, self.w)):
            if x - lo <= tolerance * (hi - lo) or hi - x <= tolerance * (hi - lo):
                return True
        return False


def oscillations(w: float, tc: float, t1: float, t2: float) -> float:
    """Number of log-periodic oscillations between t1 and t2: ``(w / 2 pi) ln((tc - t1) / (tc - t2))``
    (Sornette et al. 2015); infinite when tc is at t2."""
    if tc <= t2:
        return math.inf
    return w / (2 * math.pi) * math.log((tc - t1) / (tc - t2))


def damping(m: float, w: float, B: float, C1: float, C2: float) -> float:
    """``m |B| / (w |C|)``, ``|C| = sqrt(C1^2 + C2^2)`` (Sornette et al. 2015): the crash hazard stays
    positive when the oscillation is damped enough; infinite without an oscillation (C = 0)."""
    c = math.hypot(C1, C2)
    return math.inf if c == 0 or w == 0 else m * abs(B) / (w * c)


def failed_filters(tc: float, m: float, w: float, B: float, C1: float, C2: float, ssr: float, box: SearchBox,
                   config: LpplsConfig) -> tuple[str, ...]:
    """The filters (names of :data:`FILTERS`) a fit with these parameters fails; empty = qualified."""
    failed: list[str] = []
    if not (math.isfinite(ssr) and all(math.isfinite(x) for x in (tc, m, w, B, C1, C2))):
        return ("fit",)
    mlo, mhi = config.m_bounds.value
    wlo, whi = config.w_bounds.value
    if not mlo <= m <= mhi:
        failed.append("m")
    if not wlo <= w <= whi:
        failed.append("omega")
    if not box.t2 < tc <= box.tc_high:
        failed.append("tc")
    if oscillations(w, tc, box.t1, box.t2) < config.min_oscillations.value:
        failed.append("oscillations")
    if damping(m, w, B, C1, C2) < config.min_damping.value:
        failed.append("damping")
    if box.on_edge(tc, m, w, float(config.edge.value)):
        failed.append("edge")
    return tuple(failed)


@dataclass(frozen=True)
class LPPLSFit(Result):
    """One LPPLS fit on the window ``t1..t2`` (times in the fit's units): the parameters, the number of
    oscillations and the damping, and the filters it failed (``qualified`` when none)."""

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
    failed: tuple[str, ...]
    oscillations: float
    damping: float
    tc_label: Any = None

    @property
    def qualified(self) -> bool:
        return not self.failed

    @property
    def edge(self) -> bool:
        return "edge" in self.failed

    @property
    def positive_bubble(self) -> bool:
        return self.B < 0

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        out: dict[str, Any] = to_jsonable({"t1": self.t1, "t2": self.t2, "tc": self.tc, "tc_date": self.tc_label, "m": self.m,
                                           "w": self.w, "A": self.A, "B": self.B, "C1": self.C1, "C2": self.C2,
                                           "rmse": math.sqrt(self.ssr / self.n) if math.isfinite(self.ssr) else None,
                                           "oscillations": _finite(self.oscillations), "damping": _finite(self.damping),
                                           "failed": list(self.failed), "qualified": self.qualified,
                                           "positive_bubble": self.positive_bubble})
        return out

    def summary(self, lang: str | None = None) -> str:
        tc = self.tc_label if self.tc_label is not None and not isinstance(self.tc_label, float) else f"{self.tc:.3f}"
        return f"tc={tc} m={self.m:.3f} w={self.w:.2f} B={self.B:.4f} qualified={self.qualified}"


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _times(series: pd.Series) -> tuple[FloatArray, Any]:
    idx = series.index
    if isinstance(idx, pd.DatetimeIndex):
        origin = idx[0]
        years = (idx - origin) / YEAR
        return np.asarray(years, dtype=float), origin
    return np.arange(len(series), dtype=float), None


def _label(tc: float, origin: Any) -> Any:
    """A critical time as a date when the series holds dates (else the number itself)."""
    if origin is None or not math.isfinite(tc):
        return tc
    return (origin + pd.Timedelta(days=tc * 365.25)).date()


def _checked(series: pd.Series, starts: int | None, config: LpplsConfig) -> tuple[FloatArray, FloatArray, Any, int]:
    if len(series) < MIN_OBS:
        raise AnalysisError("bubble.error.lppls_short", n=len(series), need=MIN_OBS)
    values = np.asarray(series.to_numpy(), dtype=float)
    if np.any(~np.isfinite(values)) or np.any(values <= 0):
        raise AnalysisError("bubble.error.lppls_positive")
    n_starts = int(starts or config.starts.value)
    if n_starts < 1:
        raise AnalysisError("bubble.error.lppls_starts", path="starts", starts=n_starts)
    t, origin = _times(series)
    return t, np.log(values), origin, n_starts


def _search(t: FloatArray, lp: FloatArray, box: SearchBox, n_starts: int, rng: np.random.Generator) -> list[tuple[FloatArray, float]]:
    """(tc, m, w) and SSR from each of ``n_starts`` random starts inside ``box`` (Nelder-Mead; outside the
    box the objective is 1e100)."""
    from scipy.optimize import minimize

    def objective(p: FloatArray) -> float:
        tc, m, w = p
        if not box.inside(tc, m, w):
            return 1e100
        return float(_linear(t, lp, tc, m, w)[1])

    out = []
    span = box.tc_high - box.t2
    for _ in range(n_starts):
        x0 = np.array([rng.uniform(box.t2 + 1e-6 * span, box.tc_high), rng.uniform(*box.m), rng.uniform(*box.w)])
        res = minimize(objective, x0, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-10, "maxiter": 800, "adaptive": True})
        out.append((np.asarray(res.x, dtype=float), float(res.fun)))
    return out


def _make_fit(t: FloatArray, lp: FloatArray, x: FloatArray, box: SearchBox, origin: Any, config: LpplsConfig) -> LPPLSFit:
    tc, m, w = (float(v) for v in x)
    beta, ssr = _linear(t, lp, tc, m, w)
    A, B, C1, C2 = (float(b) for b in beta)
    failed = failed_filters(tc, m, w, B, C1, C2, float(ssr), box, config)
    return LPPLSFit(t1=box.t1, t2=box.t2, tc=tc, m=m, w=w, A=A, B=B, C1=C1, C2=C2, ssr=float(ssr), n=len(t), failed=failed,
                    oscillations=oscillations(w, tc, box.t1, box.t2), damping=damping(m, w, B, C1, C2),
                    tc_label=_label(tc, origin))


def fit(series: pd.Series, starts: int | None = None, seed: int | None = None, rng: np.random.Generator | None = None,
        config: LpplsConfig | None = None) -> LPPLSFit:
    """Fit LPPLS to ``series`` (prices, > 0; logged inside) from many starts; keep the lowest SSR.

    ``config`` (default: ``data/bubble.yaml``'s ``lppls``) gives the filter, the search box and the starts."""
    cfg = config or bubble_config().lppls
    t, lp, origin, n_starts = _checked(series, starts, cfg)
    box = SearchBox.of(t, cfg)
    results = _search(t, lp, box, n_starts, rng or np.random.default_rng(seed))
    best = min(results, key=lambda r: r[1])
    return _make_fit(t, lp, best[0], box, origin, cfg)


@dataclass(frozen=True)
class LPPLSConfidence(Result):
    """Nested-window LPPLS: the confidence indicator and the critical time with its band.

    ``end`` is the last date (or position) of the series; ``fits`` the best fit of each window (over
    its starts and seeds); ``confidence`` the share of all windows whose best fit is qualified with B < 0;
    ``tc`` the median critical time of those fits; ``tc_low``, ``tc_high`` the band (10-90 % of the tc of
    every qualified positive-bubble fit among the best fit of each window and seed and the starts within
    ``band_ssr`` of its SSR), dates when the series holds dates, ``None`` without a qualified fit;
    ``seeds`` the seeds per window; ``band_fits`` the fits in the band.
    """

    end: Any
    fits: tuple[LPPLSFit, ...]
    confidence: float
    tc: Any
    tc_low: Any
    tc_high: Any
    seeds: int = 1
    band_fits: int = 0

    @property
    def windows(self) -> int:
        return len(self.fits)

    @property
    def qualified(self) -> int:
        """The windows whose best fit is qualified with B < 0."""
        return sum(f.qualified and f.positive_bubble for f in self.fits)

    @property
    def edge_fits(self) -> int:
        return sum(f.edge for f in self.fits)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        out: dict[str, Any] = to_jsonable({"end": self.end, "windows": len(self.fits), "qualified": self.qualified,
                                           "edge_fits": self.edge_fits, "confidence": self.confidence,
                                           "tc": self.tc, "tc_low": self.tc_low, "tc_high": self.tc_high,
                                           "seeds": self.seeds, "band_fits": self.band_fits,
                                           "fits": [f.to_dict() for f in self.fits]})
        return out

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t as tr

        return tr("bubble.lppls.summary", lang, conf=f"{self.confidence:.0%}", tc=self.tc, low=self.tc_low, high=self.tc_high,
                  n=len(self.fits))


def confidence(series: pd.Series, min_window: int = 60, max_window: int | None = None, windows: int = 12,
               starts: int | None = None, seed: int | None = None, config: LpplsConfig | None = None,
               seeds: int | None = None) -> LPPLSConfidence:
    """Nested windows ending at the last observation, starts spread between ``max_window`` and
    ``min_window`` observations back (Sornette et al. 2015); each window fitted under ``seeds``
    independent seeds spawned from ``seed`` (default: the config's)."""
    cfg = config or bubble_config().lppls
    n = len(series)
    max_window = min(n, max_window or n)
    if min_window < MIN_OBS or min_window > max_window:
        raise AnalysisError("bubble.error.lppls_windows", path="min_window", min_window=min_window,
                            max_window=max_window, need=MIN_OBS)
    if windows < 1:
        raise AnalysisError("bubble.error.lppls_count", path="windows", windows=windows)
    n_seeds = int(seeds or cfg.seeds.value)
    if n_seeds < 1:
        raise AnalysisError("bubble.error.lppls_starts", path="seeds", starts=n_seeds)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(n_seeds)]
    lengths = np.unique(np.linspace(min_window, max_window, windows).astype(int))
    fits: list[LPPLSFit] = []
    band: list[float] = []
    for L in lengths:
        window = series.iloc[n - L:]
        t, lp, origin, n_starts = _checked(window, starts, cfg)
        box = SearchBox.of(t, cfg)
        offset = _offset(series, int(L))
        best: LPPLSFit | None = None
        for rng in streams:
            results = _search(t, lp, box, n_starts, rng)
            least = min(r[1] for r in results)
            near = [_make_fit(t, lp, x, box, origin, cfg) for x, ssr in results if ssr <= least * (1 + float(cfg.band_ssr.value))]
            band += [f.tc + offset for f in near if f.qualified and f.positive_bubble]
            top = min(near, key=lambda f: f.ssr)
            if best is None or top.ssr < best.ssr:
                best = top
        assert best is not None   # an invariant: n_seeds >= 1 was checked above
        fits.append(best)
    good = [f for f in fits if f.qualified and f.positive_bubble]
    _, origin = _times(series)
    tc: Any
    low: Any
    high: Any
    if good:
        tcs = np.array([f.tc + _offset(series, f.n) for f in good])
        mid = float(np.median(tcs))
        qlo, qhi = cfg.band_quantiles.value
        lo, hi = (float(v) for v in np.quantile(np.array(band), [qlo, qhi]))
        tc, low, high = _label(mid, origin), _label(min(lo, mid), origin), _label(max(hi, mid), origin)
    else:
        tc = low = high = None
    end = series.index[-1]
    end = end.date() if hasattr(end, "date") else end
    return LPPLSConfidence(end=end, fits=tuple(fits), confidence=len(good) / len(fits), tc=tc, tc_low=low, tc_high=high,
                           seeds=n_seeds, band_fits=len(band))


def _offset(series: pd.Series, window: int) -> float:
    """Where a window of the last ``window`` observations starts, in the time units of the whole series."""
    start = len(series) - window
    if not isinstance(series.index, pd.DatetimeIndex):
        return float(start)
    return float((series.index[start] - series.index[0]) / YEAR)
