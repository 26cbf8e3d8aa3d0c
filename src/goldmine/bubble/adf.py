"""Right-tailed ADF regressions: one window, and every window of a sample in O(T^2).

Implements

* :func:`adf_window` — the ADF t-ratio on one window (plain numpy least squares), the oracle
  the recursion is tested against (together with statsmodels ``adfuller`` and ``arch``'s ``ADF``);
* :func:`recursive_adf` — the forward ADF sequence (PWY 2011, windows starting at the first
  observation), the backward sup ADF sequence BSADF (PSY 2015) and the full-sample ADF, from one
  sweep over all windows of at least ``window`` observations;
* :func:`recursive_adf_many` — the same for many series (the Monte Carlo and bootstrap replications),
  at lag 0 in one compiled call.

The regression on a window of observations y_s..y_e (Phillips, Wu and Yu 2011, eq. 1; Phillips, Shi
and Yu 2015, eq. 3)::

    dy_t = a + b y_{t-1} + sum_{i=1..k} c_i dy_{t-i} + e_t,    t = s+1+k .. e

so a window of ``w`` observations holds ``w - 1 - k`` regression rows (exuber's ``minw`` counts
rows: exuber ``minw = m`` at lag k is ``window = m + 1 + k`` here).  The statistic is the t-ratio of
``b`` with the usual OLS standard error (residual variance over ``rows - (k + 2)``).

Speed, lag 0 (:func:`_sweep_lag0_fast`, issue #19): every sum of the regression on window rows
i..e-1 (n, sum x, sum d, sum x^2, sum x d, sum d^2 with x = y_{t-1}, d = dy_t) is a difference of
prefix sums, so a window costs O(1) after O(T) work and the sweep is O(T^2) plain arithmetic.  The
window starts run outer; the windows of one start are one contiguous loop over ends that numba/LLVM
compile to SIMD (no square root, no reduction: each end keeps the largest ``t |t|``; the square root
is taken once per end).  Numerical care: the prefix sums restart every ``PREFIX_BLOCK`` starts,
centred on the local means of the data, and are accumulated with compensation (TwoSum), so the sums
of a window carry about one rounding of the local, not the whole-sample, magnitudes P.  Every window
also bounds the error of its t-ratio to first order: with cxx, cdd, cxd the centred moments,
den = cxx cdd - cxd^2 and g = P_xx cdd + P_dd cxx (P = the prefix sums at both ends of the window),
|dt| <= c eps (g / den) (sqrt(dof)/2 + |t|) -- rounding relative to the centred moments, amplified by
1/(1 - r^2) = 1 + t^2/dof in the residual sum of squares.  Where any bound exceeds ``PREFIX_TOL`` =
1e-10 (large t-ratios in explosive stretches, level shifts, flat stretches) the series is computed
again by Welford's sweep below.  On PSY's null the two agree to ~2e-14, and the accepted windows are
within 1e-11 of exact rational arithmetic, also where Welford's sweep is not (a series at 1e4 moving
by 0.01: 2e-10) (``tests/test_bubble_kernel.py``).  The bound's constant c = ``_BOUND_SAFETY`` = 4
is about 7 times the largest ratio of actual error (against long-double arithmetic) to the bound
without it, measured over every window of random walks, explosive series, level shifts, heavy tails
and flat stretches at T = 200 and 500.  About 4x the speed of Welford's sweep per replication at
T = 1,000 (``benchmarks/bubble_speed.py``).

Reference sweep, lag 0 (:func:`_sweep_lag0`), and lags: for a fixed window end the states of every
window start are updated with the new row by Welford's centred co-moment recursion (Welford 1962;
Chan, Golub and LeVeque 1983), so each window costs O(1) at lag 0 (O(k^3) with lags) and the whole
sweep O(T^2), without the cancellation that differences of prefix sums suffer on explosive series;
the inner loops over window starts are independent, stored start-contiguous and compiled with numba
(``_sweep_lag0``, ``_sweep_fixed``; ``_sweep_general`` handles lag selection).  Degenerate windows
(a flat stretch: no variation in y_{t-1} or no residual) give NaN and are left out of the sup.  Lag
selection by AIC/BIC within each window follows PSY's
MATLAB code and psymonitor's ``ADF_IC``: each lag k in 0..kmax is fitted on its own rows and the
criterion is ``log(SSR/n) + p * penalty / n`` with p = k + 2 (AIC penalty 2, BIC ``log n``).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from numba import njit

from goldmine.errors import AnalysisError

FloatArray = npt.NDArray[np.float64]
IC_CODES: dict[str | None, int] = {None: 0, "fixed": 0, "aic": 1, "bic": 2}


def check_ic(ic: str | None) -> int:
    """The kernel code of a lag criterion (``None``/"fixed", "aic", "bic"); :class:`AnalysisError` otherwise."""
    if ic not in IC_CODES:
        raise AnalysisError("bubble.error.unknown_ic", path="ic", ic=ic)
    return IC_CODES[ic]


def adf_window(y: npt.ArrayLike, lags: int = 0) -> float:
    """ADF t-ratio of ``b`` on one window (constant, ``lags`` lagged differences).

    Plain least squares (``numpy.linalg.lstsq``); the independent single-window oracle.  Source:
    Dickey and Fuller (1979), Said and Dickey (1984); regression as in PSY (2015) eq. 3.
    """
    y = np.asarray(y, dtype=float)
    d = np.diff(y)
    k = int(lags)
    n = len(d) - k
    if k < 0:
        raise AnalysisError("bubble.error.negative_lags", path="lags", lags=k)
    if n < k + 3:
        raise AnalysisError("bubble.error.window_too_short", path="window", window=len(y), lags=k, need=2 * k + 4)
    X = np.empty((n, k + 2))
    X[:, 0] = 1.0
    X[:, 1] = y[k:-1]
    for i in range(1, k + 1):
        X[:, 1 + i] = d[k - i:len(d) - i]
    dep = d[k:]
    beta, *_ = np.linalg.lstsq(X, dep, rcond=None)
    resid = dep - X @ beta
    s2 = resid @ resid / (n - (k + 2))
    cov = s2 * np.linalg.inv(X.T @ X)
    return float(beta[1] / math.sqrt(cov[1, 1]))


def recursive_adf(y: npt.ArrayLike, window: int, lags: int = 0, ic: str | None = None) -> tuple[FloatArray, FloatArray]:
    """Forward ADF and BSADF sequences for window ends ``window-1 .. T-1`` (0-based).

    Returns ``(forward, bsadf)``, each of length ``T - window + 1``: ``forward[j]`` is the ADF on
    observations ``0 .. window-1+j`` (PWY 2011), ``bsadf[j]`` the sup of the ADF over windows that
    end at observation ``window-1+j`` and hold at least ``window`` observations (PSY 2015, eq. 5).
    ``forward[-1]`` is the full-sample ADF, ``max(forward)`` SADF, ``max(bsadf)`` GSADF.
    ``ic`` ``None``/"fixed" uses ``lags`` lags in every window; "aic"/"bic" pick 0..``lags`` in each.
    """
    arr = np.ascontiguousarray(y, dtype=np.float64)
    code = check_ic(ic)
    if code == 0 and lags == 0:
        forward, bsadf = _sweep_lag0_fast(arr, int(window))
    elif code == 0:
        forward, bsadf = _sweep_fixed(arr, int(window), int(lags))
    else:
        forward, bsadf = _sweep_general(arr, int(window), int(lags), code)
    return forward, bsadf


def recursive_adf_many(paths: npt.ArrayLike, window: int, lags: int = 0,
                       ic: str | None = None) -> tuple[FloatArray, FloatArray]:
    """:func:`recursive_adf` of every row of ``paths`` (replications x T): ``(forward, bsadf)``, each
    replications x ``T - window + 1``; at lag 0 in one compiled call (no per-path Python overhead)."""
    arr = np.ascontiguousarray(np.atleast_2d(paths), dtype=np.float64)
    code = check_ic(ic)
    if code == 0 and lags == 0:
        forward, bsadf = _many_lag0(arr, int(window))
        return forward, bsadf
    nout = arr.shape[1] - int(window) + 1
    forward = np.empty((arr.shape[0], nout))
    bsadf = np.empty((arr.shape[0], nout))
    for r in range(arr.shape[0]):
        forward[r], bsadf[r] = recursive_adf(arr[r], window, lags, ic)
    return forward, bsadf


_FAST = {"reassoc", "contract", "arcp", "nsz"}   # no nnan/ninf: degenerate windows give NaN, ignored
PREFIX_BLOCK = 64        # window starts per restart of the prefix sums (their local centring)
PREFIX_TOL = 1e-10       # largest first-order error bound of a t-ratio accepted from prefix sums
_EPS = 2.0 ** -52
_BOUND_SAFETY = 4.0      # the bound's constant c: ~7x the largest error/bound ratio measured (module docstring)


# The kernels below are compiled by numba (the annotations are for the reader and mypy; numba infers
# the types from the arguments).  ``error_model="numpy"``: a division by zero gives inf/NaN (a degenerate
# window, left out of the sup) instead of raising, and lets the loops vectorise.
@njit(cache=True, error_model="numpy")
def _two_sum(a: float, b: float) -> tuple[float, float]:
    """``a + b`` rounded and its rounding error (Knuth's TwoSum; compiled without fastmath)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


@njit(cache=True, error_model="numpy")
def _prefix_from(y: FloatArray, start: int, m: int, P: FloatArray) -> None:
    """Prefix sums of x, d, x^2, x d, d^2 over rows ``start ..`` (row j: x = y_j, d = y_{j+1} - y_j),
    x and d centred on their means over rows ``start .. start+m-1``; ``P[:, k]`` holds the sums over
    rows ``start .. start+k-1``, accumulated with compensation (each carries one final rounding)."""
    rows = y.shape[0] - 1
    cx = 0.0
    for j in range(start, start + m):
        cx += y[j]
    cx /= m
    cd = (y[start + m] - y[start]) / m
    s0 = s1 = s2 = s3 = s4 = 0.0
    e0 = e1 = e2 = e3 = e4 = 0.0
    for a in range(5):
        P[a, 0] = 0.0
    for j in range(start, rows):
        x = y[j] - cx
        d = (y[j + 1] - y[j]) - cd
        k = j - start + 1
        s0, r = _two_sum(s0, x)
        e0 += r
        P[0, k] = s0 + e0
        s1, r = _two_sum(s1, d)
        e1 += r
        P[1, k] = s1 + e1
        s2, r = _two_sum(s2, x * x)
        e2 += r
        P[2, k] = s2 + e2
        s3, r = _two_sum(s3, x * d)
        e3 += r
        P[3, k] = s3 + e3
        s4, r = _two_sum(s4, d * d)
        e4 += r
        P[4, k] = s4 + e4


@njit(cache=True, fastmath=_FAST, error_model="numpy")
def _windows_lag0(px: FloatArray, pd: FloatArray, pxx: FloatArray, pxd: FloatArray, pdd: FloatArray,
                  rinv: FloatArray, dof: FloatArray, q: FloatArray, bx: float, bd: float, bxx: float, bxd: float,
                  bdd: float, c4: float, lim: float) -> None:
    """The windows of one start, one per end: ``q[k] = max(q[k], t|t|)`` for the window of ``k + m`` rows.

    The arrays are sliced by the caller so that every index is ``k`` (numba then proves the accesses
    contiguous and LLVM vectorises the loop).  ``b*`` are the prefix sums at the start.  With
    g = (P_xx(end) + P_xx(start)) cdd + (P_dd(end) + P_dd(start)) cxx (the magnitudes the sums were
    rounded at, weighted as in den = cxx cdd - cxd^2 = cxx SSR), the first-order error of t is at most
    c eps g / den (sqrt(dof)/2 + |t|); squared, with (a + b)^2 <= 2 (a^2 + b^2) and dof <= rows, the
    window is accepted when ``g^2 (rows/4 + |t|^2) < lim den |den|`` (den <= 0 fails too) and marks its
    end with +inf otherwise.
    """
    for k in range(q.shape[0]):
        inv = rinv[k]
        sx = px[k] - bx
        sd = pd[k] - bd
        cxx = (pxx[k] - bxx) - sx * sx * inv
        cxd = (pxd[k] - bxd) - sx * sd * inv
        cdd = (pdd[k] - bdd) - sd * sd * inv
        den = cdd * cxx - cxd * cxd
        v = cxd * abs(cxd) * dof[k] / den
        g = (pxx[k] + bxx) * cdd + (pdd[k] + bdd) * cxx
        v = v if g * g * (c4 + abs(v)) < lim * den * abs(den) else np.inf
        b = q[k]
        q[k] = v if v > b else b


@njit(cache=True, error_model="numpy")
def _sweep_prefix(y: FloatArray, window: int, P: FloatArray, q: FloatArray, rinv: FloatArray,
                  dof: FloatArray, forward: FloatArray, bsadf: FloatArray) -> bool:
    """Lag-0 forward ADF and BSADF from prefix sums into ``forward``/``bsadf``; False when a window's error
    bound exceeded ``PREFIX_TOL`` (the caller then uses :func:`_sweep_lag0`).  ``P`` (5 x T), ``q``,
    ``rinv``, ``dof`` are work arrays; ``rinv[c] = 1/c`` and ``dof[c] = c - 2`` for c rows."""
    rows = y.shape[0] - 1
    m = window - 1                      # minimum rows
    nout = rows - m + 1
    c4 = 0.25 * rows
    lim = 0.5 * (PREFIX_TOL / (_EPS * _BOUND_SAFETY)) ** 2
    ok = True
    for o in range(nout):
        q[o] = -np.inf
    for b0 in range(0, nout, PREFIX_BLOCK):
        _prefix_from(y, b0, m, P)
        px = P[0]
        pd = P[1]
        pxx = P[2]
        pxd = P[3]
        pdd = P[4]
        if b0 == 0:                     # the forward windows: rows 0 .. e-1
            for o in range(nout):
                e = o + m
                sx = px[e]
                sd = pd[e]
                cxx = pxx[e] - sx * sx * rinv[e]
                cxd = pxd[e] - sx * sd * rinv[e]
                cdd = pdd[e] - sd * sd * rinv[e]
                den = cdd * cxx - cxd * cxd
                v = cxd * abs(cxd) * dof[e] / den
                g = pxx[e] * cdd + pdd[e] * cxx
                if not g * g * (c4 + abs(v)) < lim * den * abs(den):
                    ok = False
                forward[o] = cxd * math.sqrt(dof[e] / den)
        for i in range(b0, min(b0 + PREFIX_BLOCK, nout)):
            li = i - b0
            s = li + m
            _windows_lag0(px[s:], pd[s:], pxx[s:], pxd[s:], pdd[s:], rinv[m:], dof[m:], q[i:nout],
                          px[li], pd[li], pxx[li], pxd[li], pdd[li], c4, lim)
    for o in range(nout):
        b = q[o]
        if b == np.inf:
            ok = False
        bsadf[o] = math.copysign(math.sqrt(abs(b)), b) if b > -np.inf else np.nan
    return ok


@njit(cache=True, error_model="numpy")
def _tables(rows: int) -> tuple[FloatArray, FloatArray]:
    """``rinv[c] = 1/c`` and ``dof[c] = c - 2`` for c = 0..rows regression rows (``rinv[0] = 0``)."""
    rinv = np.empty(rows + 1)
    dof = np.empty(rows + 1)
    rinv[0] = 0.0
    dof[0] = -2.0
    for c in range(1, rows + 1):
        rinv[c] = 1.0 / c
        dof[c] = c - 2.0
    return rinv, dof


@njit(cache=True, error_model="numpy")
def _sweep_lag0_fast(y: FloatArray, window: int) -> tuple[FloatArray, FloatArray]:
    """Lag-0 sweep from prefix sums, or by :func:`_sweep_lag0` where the error bound is not met."""
    rows = y.shape[0] - 1
    nout = rows - window + 2
    rinv, dof = _tables(rows)
    forward = np.empty(nout)
    bsadf = np.empty(nout)
    if _sweep_prefix(y, window, np.empty((5, rows + 1)), np.empty(nout), rinv, dof, forward, bsadf):
        return forward, bsadf
    return _sweep_lag0(y, window)


@njit(cache=True, error_model="numpy")
def _many_lag0(paths: FloatArray, window: int) -> tuple[FloatArray, FloatArray]:
    """:func:`_sweep_lag0_fast` of every row of ``paths``, sharing the work arrays."""
    n = paths.shape[0]
    rows = paths.shape[1] - 1
    nout = rows - window + 2
    rinv, dof = _tables(rows)
    P = np.empty((5, rows + 1))
    q = np.empty(nout)
    forward = np.empty((n, nout))
    bsadf = np.empty((n, nout))
    for r in range(n):
        y = paths[r]
        if not _sweep_prefix(y, window, P, q, rinv, dof, forward[r], bsadf[r]):
            forward[r], bsadf[r] = _sweep_lag0(y, window)
    return forward, bsadf


@njit(cache=True, fastmath=_FAST, error_model="numpy")
def _sweep_lag0(y: FloatArray, window: int) -> tuple[FloatArray, FloatArray]:
    """Lag-0 sweep: centred running moments of (y_{t-1}, dy_t) for every window start.

    Row j holds x = y_j, d = y_{j+1} - y_j.  At row j the window starting at row i has
    c = j - i + 1 rows; ``rinv``/``dof`` are stored reversed so that 1/c and c - 2 are contiguous
    in i and the inner loops vectorise.  t = cxd * sqrt((c - 2) / (cdd cxx - cxd^2)), which is
    b / se(b) with b = cxd / cxx and SSR = cdd - cxd^2 / cxx.
    """
    T = y.shape[0]
    rows = T - 1
    m = window - 1                      # minimum rows
    nout = rows - m + 1
    forward = np.empty(nout)
    bsadf = np.empty(nout)
    N = rows + 1
    rinv = np.empty(N + 1)
    dof = np.empty(N + 1)
    for u in range(N + 1):
        c = N - u
        rinv[u] = 1.0 / c if c > 0 else 0.0
        dof[u] = c - 2.0
    mx = np.zeros(rows)
    md = np.zeros(rows)
    cxx = np.zeros(rows)
    cxd = np.zeros(rows)
    cdd = np.zeros(rows)
    for j in range(rows):
        xj = y[j]
        dj = y[j + 1] - y[j]
        off = N - j - 1                 # window from row i: c = j - i + 1, index off + i
        for i in range(j + 1):
            inv = rinv[off + i]
            dx = xj - mx[i]
            dd = dj - md[i]
            mxi = mx[i] + dx * inv
            mdi = md[i] + dd * inv
            mx[i] = mxi
            md[i] = mdi
            ex = xj - mxi
            ed = dj - mdi
            cxx[i] += dx * ex
            cxd[i] += dx * ed
            cdd[i] += dd * ed
        if j >= m - 1:
            last = j - m + 1            # starts whose windows hold >= m rows
            best = -np.inf
            for i in range(last + 1):
                sxd = cxd[i]
                tt = sxd * math.sqrt(dof[off + i] / (cdd[i] * cxx[i] - sxd * sxd))
                if tt > best:
                    best = tt
            sxd = cxd[0]
            forward[last] = sxd * math.sqrt(dof[off] / (cdd[0] * cxx[0] - sxd * sxd))
            bsadf[last] = best if best > -np.inf else np.nan
    return forward, bsadf


@njit(cache=True, fastmath=_FAST, error_model="numpy")
def _sweep_fixed(y: FloatArray, window: int, k: int) -> tuple[FloatArray, FloatArray]:
    """Fixed-lag sweep (k >= 1), batched over window starts.

    Variables per row: 0 = dy_t, 1..k = dy_{t-1}..dy_{t-k}, k+1 = y_{t-1}; centred co-moments per
    window start are stored variable-major (``com[a, b, s]``) so every update and the Cholesky
    factorisation of the regressor block run as vector loops over starts s.  With the target regressor
    ordered last and ``L zz = X'dy`` (centred), ``t = zz_last / sqrt(SSR / dof)`` and
    ``SSR = dy'dy - ||zz||^2`` — no back-substitution needed.
    """
    T = y.shape[0]
    q = k + 2
    p = q - 1
    d = np.zeros(T)
    for t in range(1, T):
        d[t] = y[t] - y[t - 1]
    mean = np.zeros((q, T))
    com = np.zeros((q, q, T))
    dz = np.empty((q, T))
    L = np.empty((p, p, T))
    zz = np.empty((p, T))
    ssr = np.empty(T)
    z = np.empty(q)
    N = T + 1
    rinv = np.empty(N + 1)
    for u in range(N + 1):
        c = N - u
        rinv[u] = 1.0 / c if c > 0 else 0.0
    nout = T - window + 1
    forward = np.empty(nout)
    bsadf = np.empty(nout)
    for e in range(1 + k, T):
        # variables: 0 = dy_t, 1..k = dy_{t-1..t-k}, k+1 = y_{t-1} (the target regressor, last)
        z[0] = d[e]
        for i in range(1, k + 1):
            z[i] = d[e - i]
        z[k + 1] = y[e - 1]
        ns = e - k                      # states s = 0 .. e-k-1 receive row e; rows c = e - k - s
        off = N - (e - k)               # 1/c = rinv[off + s]
        for a in range(q):
            za = z[a]
            for s in range(ns):
                v = za - mean[a, s]
                dz[a, s] = v
                mean[a, s] += v * rinv[off + s]
        for a in range(q):
            for b in range(a, q):
                zb = z[b]
                for s in range(ns):
                    com[a, b, s] += dz[a, s] * (zb - mean[b, s])
        if e < window - 1:
            continue
        S = e - window + 2              # windows s = 0 .. e-window+1
        # batched Cholesky of A = com[1:, 1:] and forward solve L zz = com[0, 1:]
        for a in range(p):
            for s in range(S):
                ssr[s] = com[1 + a, 1 + a, s]
            for c in range(a):
                for s in range(S):
                    ssr[s] -= L[a, c, s] * L[a, c, s]
            for s in range(S):
                L[a, a, s] = math.sqrt(ssr[s])
            for b in range(a + 1, p):
                for s in range(S):
                    ssr[s] = com[1 + a, 1 + b, s]
                for c in range(a):
                    for s in range(S):
                        ssr[s] -= L[b, c, s] * L[a, c, s]
                for s in range(S):
                    L[b, a, s] = ssr[s] / L[a, a, s]
            for s in range(S):
                ssr[s] = com[0, 1 + a, s]
            for c in range(a):
                for s in range(S):
                    ssr[s] -= L[a, c, s] * zz[c, s]
            for s in range(S):
                zz[a, s] = ssr[s] / L[a, a, s]
        best = -np.inf
        for s in range(S):
            r = com[0, 0, s]
            for a in range(p):
                r -= zz[a, s] * zz[a, s]
            dof = (e - k - s) - (k + 2)
            tt = zz[p - 1, s] * math.sqrt(dof / r)
            if s == 0:
                forward[e - window + 1] = tt
            if tt > best:
                best = tt
        bsadf[e - window + 1] = best if best > -np.inf else np.nan
    return forward, bsadf


@njit(cache=True)
def _tstat_sub(C: FloatArray, q: int, ntot: int) -> tuple[float, float]:
    """OLS t-ratio of the first regressor and SSR from a centred co-moment matrix.

    ``C`` is (q x q) over (dep, x, dy_{t-1}, ..., dy_{t-k}); regressors are columns 1..q-1 plus
    a constant (handled by centring).  Solves by Cholesky.  Returns (t, ssr).
    """
    p = q - 1
    A = np.empty((p, p))
    r = np.empty(p)
    for a in range(p):
        r[a] = C[0, a + 1]
        for b in range(p):
            A[a, b] = C[a + 1, b + 1]
    # Cholesky A = L L'
    L = np.zeros((p, p))
    for a in range(p):
        s = A[a, a]
        for c in range(a):
            s -= L[a, c] * L[a, c]
        if s <= 0.0:
            return np.nan, np.nan
        L[a, a] = math.sqrt(s)
        for b in range(a + 1, p):
            s2 = A[b, a]
            for c in range(a):
                s2 -= L[b, c] * L[a, c]
            L[b, a] = s2 / L[a, a]
    # beta = A^{-1} r
    z = np.empty(p)
    for a in range(p):
        s = r[a]
        for c in range(a):
            s -= L[a, c] * z[c]
        z[a] = s / L[a, a]
    beta = np.empty(p)
    for a in range(p - 1, -1, -1):
        s = z[a]
        for c in range(a + 1, p):
            s -= L[c, a] * beta[c]
        beta[a] = s / L[a, a]
    ssr = C[0, 0]
    for a in range(p):
        ssr -= beta[a] * r[a]
    # (A^{-1})[0, 0] = || L^{-1} e_0 ||^2
    v = np.empty(p)
    v0 = 0.0
    for a in range(p):
        s = 1.0 if a == 0 else 0.0
        for c in range(a):
            s -= L[a, c] * v[c]
        v[a] = s / L[a, a]
        v0 += v[a] * v[a]
    dof = ntot - (p + 1)
    if dof <= 0 or ssr <= 0.0:
        return np.nan, ssr
    return beta[0] / math.sqrt(ssr / dof * v0), ssr


@njit(cache=True)
def _sweep_general(y: FloatArray, window: int, kmax: int, ic: int) -> tuple[FloatArray, FloatArray]:
    """Sweep with lags: fixed ``kmax`` lags (ic=0) or lag chosen by AIC (1) / BIC (2) per window.

    Window ends ``e`` (observations) run outer; for each lag k a centred co-moment state per window
    start ``s`` collects the rows t = s+1+k .. e.
    """
    T = y.shape[0]
    d = np.empty(T)
    d[0] = np.nan
    for t in range(1, T):
        d[t] = y[t] - y[t - 1]
    kmin = kmax if ic == 0 else 0
    nk = kmax - kmin + 1
    qmax = kmax + 2
    cnt = np.zeros((nk, T))
    mean = np.zeros((nk, T, qmax))
    com = np.zeros((nk, T, qmax, qmax))
    z = np.empty(qmax)
    dz = np.empty(qmax)
    Cw = np.empty((qmax, qmax))
    nout = T - window + 1
    forward = np.empty(nout)
    bsadf = np.empty(nout)
    for e in range(1, T):
        for kk in range(nk):
            k = kmin + kk
            q = k + 2
            if e < 1 + k:
                continue
            z[0] = d[e]
            z[1] = y[e - 1]
            for i in range(1, k + 1):
                z[1 + i] = d[e - i]
            for s in range(0, e - k):       # row t=e belongs to windows starting at s <= e-1-k
                c = cnt[kk, s] + 1.0
                cnt[kk, s] = c
                inv = 1.0 / c
                for a in range(q):
                    dz[a] = z[a] - mean[kk, s, a]
                    mean[kk, s, a] += dz[a] * inv
                for a in range(q):
                    za = z[a] - mean[kk, s, a]
                    for b in range(a, q):
                        com[kk, s, a, b] += dz[b] * za
        if e < window - 1:
            continue
        best = -np.inf
        for s in range(0, e - window + 2):
            n_obs = e - s + 1
            tbest = np.nan
            icbest = np.inf
            for kk in range(nk):
                k = kmin + kk
                q = k + 2
                nrow = n_obs - 1 - k
                if nrow < q + 1:
                    continue
                for a in range(q):
                    for b in range(a, q):
                        Cw[a, b] = com[kk, s, a, b]
                        Cw[b, a] = com[kk, s, a, b]
                tk, ssr = _tstat_sub(Cw[:q, :q].copy(), q, nrow)
                if ic == 0:
                    tbest = tk
                    break
                if not (ssr > 0.0):
                    continue
                pen = 2.0 if ic == 1 else math.log(nrow)
                crit = math.log(ssr / nrow) + (k + 2) * pen / nrow
                if crit < icbest:
                    icbest = crit
                    tbest = tk
            if s == 0:
                forward[e - window + 1] = tbest
            if tbest > best:
                best = tbest
        bsadf[e - window + 1] = best if best > -np.inf else np.nan
    return forward, bsadf
