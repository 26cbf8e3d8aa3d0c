"""Critical values and p-values for ADF, SADF, GSADF and the BSADF / forward-ADF sequences.

Implements three methods, each returning :class:`CriticalValues` (90, 95 and 99 %):

* :func:`monte_carlo` — simulation under PSY's null, a random walk with asymptotically negligible
  drift ``y_t = d T^-eta + y_{t-1} + e_t``, d = eta = 1, e ~ N(0, 1) (Phillips, Shi and Yu 2015,
  IER 56(4), eq. 7 and section 4; 2,000 replications there).  The BSADF critical value at r2 is the
  quantile of the simulated **BSADF(r2)** itself (PSY 2015, eq. 8), which is what date-stamping
  needs.  ``bsadf_rule="exuber"`` reproduces exuber's ``radf_mc_cv`` instead (quantiles of the
  running maximum of the forward ADF: a SADF critical value for a sample of length r2, about twice
  as large late in a long sample), for comparison only.
* :func:`wild_bootstrap` — Phillips and Shi (2020, Handbook of Statistics 42, "Real time
  monitoring of asset markets: bubbles and crises", section 4): fit the null
  ``dy_t = a + sum_j phi_j dy_{t-j} + e_t``; simulate ``dy*_t = sum_j phi_j dy*_{t-j} + w_t e_{s(t)}``
  with **one N(0,1) multiplier w_t per date** and residuals drawn with replacement (psymonitor 0.0.3
  draws a single multiplier for every date, ``matrix(rnorm(1), ...)``: a bug not copied here), no
  intercept, initial differences the observed ones.  The BSADF critical value is the quantile of the
  largest BSADF over the first ``control`` window ends (sample length Tb = window + control - 1),
  which controls the family-wise size over that span; SADF/GSADF/ADF values come from the same
  replications at full length.
* :func:`tabulated` — tables shipped in ``goldmine/data/bubble_cv/`` (lag 0, PSY's default window),
  made by ``benchmarks/bubble_make_tables.py`` with :func:`monte_carlo`; other sample sizes use the
  nearest table mapped by the fraction r2/T for the sequence and linear interpolation in log T for
  the scalars; beyond the largest table the scalars follow a least-squares line in log T over the
  tables with T >= 500 (an approximation, stated in ``notes``).

P-values: from simulated replications ``(1 + #{sim >= stat}) / (reps + 1)`` (Davison and Hinkley
1997, eq. 4.11); from tables, one minus the tabulated distribution function (0.1 % quantile grid),
clipped to [0.001, 0.999].
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
from numba import njit

from goldmine.bubble.adf import recursive_adf
from goldmine.bubble.sadf import check_window, minimum_window
from goldmine.errors import AnalysisError
from goldmine.results import Result

LEVELS = (90, 95, 99)
PROBS = np.array([0.90, 0.95, 0.99])
TABLE_DIR = ("data", "bubble_cv")


@dataclass(frozen=True)
class CriticalValues(Result):
    """Critical values at 90/95/99 %: scalars for ADF, SADF, GSADF; one row per date for BSADF and
    the forward ADF (``bsadf[j]``, ``forward[j]`` belong to observation ``window - 1 + j``)."""

    method: str
    T: int
    window: int
    lags: int
    reps: int
    seed: int | None
    adf: np.ndarray
    sadf: np.ndarray
    gsadf: np.ndarray
    bsadf: np.ndarray
    forward: np.ndarray
    samples: dict = field(default_factory=dict, repr=False)     # name -> sorted simulated values
    grid: dict = field(default_factory=dict, repr=False)        # name -> quantiles at GRID_PROBS (tables)
    notes: tuple = ()
    notes_zh: tuple = ()                                        # the same notes in Chinese

    def notes_in(self, lang: str | None = None) -> tuple:
        """The notes in ``lang`` ("zh" or else English)."""
        return self.notes_zh if lang == "zh" and len(self.notes_zh) == len(self.notes) else self.notes

    def level(self, name: str, pct: int = 95) -> float:
        return float(getattr(self, name)[LEVELS.index(pct)])

    def p_value(self, name: str, stat: float) -> float | None:
        """P-value of ``stat`` for "adf", "sadf" or "gsadf" (right tail)."""
        if not math.isfinite(stat):
            return None
        if name in self.samples:
            sims = self.samples[name]
            count = len(sims) - np.searchsorted(sims, stat, side="left")
            return float((1 + count) / (len(sims) + 1))
        if name in self.grid:
            q = np.asarray(self.grid[name])
            cdf = np.interp(stat, q, GRID_PROBS, left=0.0, right=1.0)
            return float(min(max(1.0 - cdf, 0.001), 0.999))
        return None

    def to_dict(self):
        return {"method": self.method, "T": self.T, "window": self.window, "lags": self.lags, "reps": self.reps,
                "seed": self.seed, "adf": self.adf, "sadf": self.sadf, "gsadf": self.gsadf, "notes": list(self.notes)}

    def summary(self, lang: str | None = None) -> str:
        return (f"{self.method}: SADF 95% {self.level('sadf'):.3f}, GSADF 95% {self.level('gsadf'):.3f} "
                f"(T={self.T}, window={self.window}, reps={self.reps})")


EXTRAPOLATE_FROM = 500     # tables used for the log-T line beyond the largest table
GRID_PROBS = np.round(np.arange(1, 1000) / 1000.0, 3)


def _quantiles(x: np.ndarray, axis: int = 0) -> np.ndarray:
    return np.quantile(x, PROBS, axis=axis)


# --------------------------------------------------------------------------- Monte Carlo
def _null_chunk(T: int, window: int, lags: int, ic: str | None, n: int, seedseq) -> tuple:
    """``n`` replications of PSY's null: returns adf, sadf, gsadf (n,), forward and bsadf (n, T-window+1)."""
    rng = np.random.default_rng(seedseq)
    nout = T - window + 1
    fw = np.empty((n, nout))
    bs = np.empty((n, nout))
    drift = 1.0 / T
    for r in range(n):
        y = np.cumsum(drift + rng.standard_normal(T))
        fw[r], bs[r] = recursive_adf(y, window, lags, ic)
    return fw, bs


def simulate_null(T: int, window: int | None = None, lags: int = 0, ic: str | None = None, reps: int = 2000,
                  seed: int | None = None, backend=None, on_done=None) -> tuple[np.ndarray, np.ndarray]:
    """Forward-ADF and BSADF paths of ``reps`` random walks with drift 1/T (PSY 2015 null)."""
    from goldmine.parallel import replicate

    w = minimum_window(T) if window is None else int(window)
    check_window(T, w, lags)
    work = reps * (T - w) ** 2 * (1 + lags) ** 2 * 5.0
    parts = replicate(_null_chunk, reps, seed, (T, w, lags, ic), backend=backend, work=work, on_done=on_done)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def from_paths(method: str, forward: np.ndarray, bsadf: np.ndarray, T: int, window: int, lags: int,
               seed: int | None, bsadf_rule: str = "psy", control: int | None = None, notes: tuple = (),
               notes_zh: tuple = ()) -> CriticalValues:
    """Critical values from simulated forward-ADF and BSADF paths (rows = replications)."""
    adf = forward[:, -1]
    sadf = np.nanmax(forward, axis=1)
    gsadf = np.nanmax(bsadf, axis=1)
    if bsadf_rule == "psy":
        bs_cv = _quantiles(bsadf, axis=0).T
    elif bsadf_rule == "exuber":
        bs_cv = _quantiles(np.fmax.accumulate(forward, axis=1), axis=0).T
    elif bsadf_rule == "familywise":
        top = np.nanmax(bsadf[:, :control], axis=1)
        bs_cv = np.tile(_quantiles(top), (bsadf.shape[1], 1))
    else:
        raise ValueError(f"unknown bsadf_rule {bsadf_rule!r}")
    return CriticalValues(method=method, T=T, window=window, lags=lags, reps=forward.shape[0], seed=seed,
                          adf=_quantiles(adf), sadf=_quantiles(sadf), gsadf=_quantiles(gsadf), bsadf=bs_cv,
                          forward=_quantiles(forward, axis=0).T,
                          samples={"adf": np.sort(adf), "sadf": np.sort(sadf), "gsadf": np.sort(gsadf)}, notes=notes,
                          notes_zh=notes_zh)


def monte_carlo(T: int, window: int | None = None, lags: int = 0, ic: str | None = None, reps: int = 2000,
                seed: int | None = None, bsadf_rule: str = "psy", backend=None, on_done=None) -> CriticalValues:
    """Monte Carlo critical values under PSY's null (see the module docstring)."""
    w = minimum_window(T) if window is None else int(window)
    fw, bs = simulate_null(T, w, lags, ic, reps, seed, backend, on_done)
    method = "mc" if bsadf_rule == "psy" else "mc-exuber"
    notes = () if bsadf_rule == "psy" else ("BSADF critical values follow exuber (running max of the forward ADF, a SADF "
                                             "critical value); they date fewer episodes than PSY's rule",)
    notes_zh = () if bsadf_rule == "psy" else ("BSADF 临界值按 exuber 的做法（前向 ADF 的累计最大值，实为 SADF 临界值）；"
                                                "比 PSY 的规则定位的泡沫期更少",)
    return from_paths(method, fw, bs, T, w, lags, seed, bsadf_rule, notes=notes, notes_zh=notes_zh)


# --------------------------------------------------------------------------- wild bootstrap
@njit(cache=True)
def _ar_path(phi, init, shocks):
    """dy*_t = sum_j phi_j dy*_{t-j} + shock_t with the first len(phi) values fixed to ``init``."""
    k = phi.shape[0]
    n = shocks.shape[0]
    out = np.empty(n)
    for t in range(n):
        if t < k:
            out[t] = init[t]
            continue
        v = shocks[t]
        for j in range(k):
            v += phi[j] * out[t - 1 - j]
        out[t] = v
    return out


def null_fit(y: np.ndarray, lags: int) -> tuple[np.ndarray, np.ndarray]:
    """OLS of dy_t = a + sum_j phi_j dy_{t-j} + e_t; returns (phi, residuals)."""
    d = np.diff(np.asarray(y, dtype=float))
    k = int(lags)
    n = len(d) - k
    X = np.ones((n, k + 1))
    for j in range(1, k + 1):
        X[:, j] = d[k - j:len(d) - j]
    beta, *_ = np.linalg.lstsq(X, d[k:], rcond=None)
    return beta[1:].copy(), d[k:] - X @ beta


def wb_path(rng: np.random.Generator, y: np.ndarray, phi: np.ndarray, resid: np.ndarray) -> np.ndarray:
    """One Phillips-Shi bootstrap series: ``y*_0 = y_0``; ``dy*_t = sum_j phi_j dy*_{t-j} + w_t e_{s(t)}``
    with ``w_t ~ N(0, 1)`` drawn for every date and ``s(t)`` uniform over the residuals."""
    T = y.shape[0]
    k = phi.shape[0]
    idx = rng.integers(0, resid.shape[0], size=T - 1)
    w = rng.standard_normal(T - 1)                      # one multiplier per date (PS 2020)
    dys = _ar_path(phi, np.diff(y)[:k].copy(), w * resid[idx])
    return y[0] + np.concatenate(([0.0], np.cumsum(dys)))


def _wb_chunk(y: np.ndarray, phi: np.ndarray, resid: np.ndarray, window: int, lags: int, ic, n: int, seedseq) -> tuple:
    rng = np.random.default_rng(seedseq)
    nout = y.shape[0] - window + 1
    fw = np.empty((n, nout))
    bs = np.empty((n, nout))
    for r in range(n):
        fw[r], bs[r] = recursive_adf(wb_path(rng, y, phi, resid), window, lags, ic)
    return fw, bs


def wild_bootstrap(y, window: int | None = None, lags: int = 0, ic: str | None = None, reps: int = 999,
                   seed: int | None = None, control: int | None = None, backend=None, on_done=None) -> CriticalValues:
    """Phillips-Shi (2020) wild-bootstrap critical values for series ``y`` (see the module docstring).

    ``control`` is the number of window ends over which the family-wise size is controlled; default
    24 observations (two years of monthly data, psymonitor's example ``Tb = 12*2 + swindow0 - 1``),
    at most the number of BSADF values.
    """
    from goldmine.parallel import replicate

    y = np.asarray(y, dtype=float)
    T = y.shape[0]
    w = minimum_window(T) if window is None else int(window)
    check_window(T, w, lags)
    nout = T - w + 1
    ctrl = min(24 if control is None else int(control), nout)
    if ctrl < 1:
        raise AnalysisError("the control window must hold at least one observation", "控制窗口至少需要一个观测值")
    phi, resid = null_fit(y, lags)
    work = reps * (T - w) ** 2 * (1 + lags) ** 2 * 5.0
    parts = replicate(_wb_chunk, reps, seed, (y, phi, resid, w, lags, ic), backend=backend, work=work, on_done=on_done)
    fw = np.concatenate([p[0] for p in parts])
    bs = np.concatenate([p[1] for p in parts])
    note = (f"BSADF critical value controls the family-wise size over {ctrl} window ends (Tb = {w + ctrl - 1})",)
    note_zh = (f"BSADF 临界值控制 {ctrl} 个窗口终点上的族系错误率（Tb = {w + ctrl - 1}）",)
    return from_paths("wb", fw, bs, T, w, lags, seed, "familywise", control=ctrl, notes=note, notes_zh=note_zh)


# --------------------------------------------------------------------------- tables
def _table_dir():
    return resources.files("goldmine").joinpath(*TABLE_DIR)


@cache
def table_sizes() -> tuple[int, ...]:
    """Sample sizes with a shipped table."""
    folder = _table_dir()
    sizes = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith("lag0_T") and name.endswith(".json"):
            sizes.append(int(name[len("lag0_T"):-len(".json")]))
    return tuple(sorted(sizes))


@cache
def load_table(T: int) -> dict:
    text = (_table_dir() / f"lag0_T{T}.json").read_text(encoding="utf-8")
    return json.loads(text)


def tabulated(T: int, window: int | None = None, lags: int = 0) -> CriticalValues:
    """Critical values from the shipped tables (lag 0, PSY's default window)."""
    sizes = table_sizes()
    if not sizes:
        raise AnalysisError("no critical-value tables are installed", "未安装临界值表")
    w = minimum_window(T)
    if window is not None and int(window) != w:
        raise AnalysisError(f"tabulated critical values assume PSY's default window ({w} observations for T={T}); "
                            f"use --cv mc for window {window}",
                            f"临界值表假定 PSY 默认窗口（T={T} 时为 {w} 个观测值）；窗口 {window} 请用 --cv mc")
    check_window(T, w, lags)
    notes = []
    notes_zh = []
    if lags:
        notes.append(f"tables are simulated at lag 0 and used for lag {lags}: the limit distributions do not depend on "
                     "the lag order (PSY 2015, section 3)")
        notes_zh.append(f"临界值表按 0 阶滞后模拟，用于 {lags} 阶滞后：极限分布与滞后阶数无关（PSY 2015 第 3 节）")
    logs = np.log(np.array(sizes, dtype=float))
    near = sizes[int(np.argmin(np.abs(logs - math.log(T))))]
    tab = load_table(near)
    if near != T and sizes[0] < T < sizes[-1]:
        notes.append(f"no table for T={T}: BSADF/forward values from T={near} by the fraction r2/T, scalars interpolated "
                     "in log T")
        notes_zh.append(f"没有 T={T} 的临界值表：BSADF/前向序列取自 T={near} 的表（按 r2/T 比例对应），"
                        "标量在 log T 上插值")
    elif T < sizes[0]:
        notes.append(f"T={T} is below the smallest table (T={sizes[0]}): its values are used, mapped by the fraction "
                     "r2/T (a little conservative); use --cv mc for exact values")
        notes_zh.append(f"T={T} 小于最小的临界值表（T={sizes[0]}）：沿用其数值（按 r2/T 比例对应，略偏保守）；"
                        "精确值请用 --cv mc")

    x = math.log(T)
    beyond = x > logs[-1]
    if beyond:
        notes.append(f"T={T} is beyond the largest table (T={sizes[-1]}): ADF/SADF/GSADF values extrapolated by a "
                     f"straight line in log T fitted to the tables with T >= {EXTRAPOLATE_FROM}; BSADF values from "
                     f"T={sizes[-1]} (slightly small); use --cv mc for exact values")
        notes_zh.append(f"T={T} 超出最大的临界值表（T={sizes[-1]}）：ADF/SADF/GSADF 按 log T 的直线外推（拟合 "
                        f"T >= {EXTRAPOLATE_FROM} 的表）；BSADF 取自 T={sizes[-1]}（略偏小）；精确值请用 --cv mc")

    def across(vals: np.ndarray) -> np.ndarray:
        """Columns of ``vals`` (one row per table size) at T: interpolated in log T inside the tables,
        clamped below the smallest, extrapolated linearly in log T above the largest (GSADF's 95 % value
        rises about 0.08 per doubling of T: clamping would make long daily samples reject too often)."""
        if not beyond:
            xc = max(x, logs[0])
            return np.array([np.interp(xc, logs, vals[:, i]) for i in range(vals.shape[1])])
        sel = np.array(sizes) >= EXTRAPOLATE_FROM
        A = np.column_stack([np.ones(sel.sum()), logs[sel]])
        coef, *_ = np.linalg.lstsq(A, vals[sel], rcond=None)
        return coef[0] + coef[1] * x

    def scalar(name: str) -> np.ndarray:
        if T in sizes:
            return np.array(load_table(T)[name], dtype=float)
        return across(np.array([load_table(s)[name] for s in sizes], dtype=float))

    def seq(name: str) -> np.ndarray:
        values = np.array(tab[name], dtype=float)
        if near == T:
            return values
        tw = int(tab["window"])
        tab_frac = (np.arange(tw - 1, near) + 1) / near
        frac = (np.arange(w - 1, T) + 1) / T
        return np.column_stack([np.interp(frac, tab_frac, values[:, i]) for i in range(3)])

    grid = {}
    for name in ("adf", "sadf", "gsadf"):
        if T in sizes:
            grid[name] = np.array(load_table(T)["grid"][name], dtype=float)
        else:
            grid[name] = np.maximum.accumulate(across(np.array([load_table(s)["grid"][name] for s in sizes],
                                                               dtype=float)))
    return CriticalValues(method="table", T=T, window=w, lags=lags, reps=int(tab["reps"]), seed=tab.get("seed"),
                          adf=scalar("adf"), sadf=scalar("sadf"), gsadf=scalar("gsadf"), bsadf=seq("bsadf"),
                          forward=seq("forward"), grid=grid, notes=tuple(notes),
                          notes_zh=tuple(notes_zh))


def table_payload(cv: CriticalValues, generated: str) -> dict:
    """The JSON stored for one table (used by ``benchmarks/bubble_make_tables.py``)."""
    r4 = lambda a: np.round(np.asarray(a, dtype=float), 4).tolist()  # noqa: E731
    return {"T": cv.T, "window": cv.window, "lags": cv.lags, "reps": cv.reps, "seed": cv.seed,
            "method": "Monte Carlo under PSY's null (random walk with drift 1/T, N(0,1) errors); BSADF cv = quantile of BSADF(r2)",
            "source": "Phillips, Shi and Yu (2015), IER 56(4); goldmine.bubble.critical.monte_carlo",
            "script": "benchmarks/bubble_make_tables.py", "generated": generated, "levels": list(LEVELS),
            "adf": r4(cv.adf), "sadf": r4(cv.sadf), "gsadf": r4(cv.gsadf),
            "grid": {name: r4(np.quantile(cv.samples[name], GRID_PROBS)) for name in ("adf", "sadf", "gsadf")},
            "bsadf": r4(cv.bsadf), "forward": r4(cv.forward)}
