"""Right-tailed ADF regressions: one window, and every window of a sample in O(T^2).

Implements

* :func:`adf_window` — the ADF t-ratio on one window (plain numpy least squares), the oracle
  the recursion is tested against (together with statsmodels ``adfuller`` and ``arch``'s ``ADF``);
* :func:`recursive_adf` — the forward ADF sequence (PWY 2011, windows starting at the first
  observation), the backward sup ADF sequence BSADF (PSY 2015) and the full-sample ADF, from one
  sweep over all windows of at least ``window`` observations.

The regression on a window of observations y_s..y_e (Phillips, Wu and Yu 2011, eq. 1; Phillips, Shi
and Yu 2015, eq. 3)::

    dy_t = a + b y_{t-1} + sum_{i=1..k} c_i dy_{t-i} + e_t,    t = s+1+k .. e

so a window of ``w`` observations holds ``w - 1 - k`` regression rows (exuber's ``minw`` counts
rows: exuber ``minw = m`` at lag k is ``window = m + 1 + k`` here).  The statistic is the t-ratio of
``b`` with the usual OLS standard error (residual variance over ``rows - (k + 2)``).

Speed: for a fixed window end the states of every window start are updated with the new row by
Welford's centred co-moment recursion (Welford 1962; Chan, Golub and LeVeque 1983), so each window
costs O(1) at lag 0 (O(k^3) with lags) and the whole sweep O(T^2), without the cancellation that
differences of prefix sums suffer on explosive series; the inner loops over window starts are
independent, stored start-contiguous and compiled with numba (``_sweep_lag0``, ``_sweep_fixed``;
``_sweep_general`` handles lag selection).  Lag selection by AIC/BIC within each window follows PSY's
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
        forward, bsadf = _sweep_lag0(arr, int(window))
    elif code == 0:
        forward, bsadf = _sweep_fixed(arr, int(window), int(lags))
    else:
        forward, bsadf = _sweep_general(arr, int(window), int(lags), code)
    return forward, bsadf


_FAST = {"reassoc", "contract", "arcp", "nsz"}   # no nnan/ninf: degenerate windows give NaN, ignored


# The kernels below are compiled by numba (the annotations are for the reader and mypy; numba infers
# the types from the arguments).
@njit(cache=True, fastmath=_FAST)
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


@njit(cache=True, fastmath=_FAST)
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
