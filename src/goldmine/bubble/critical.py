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

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

from goldmine.bubble.adf import FloatArray, recursive_adf_many
from goldmine.bubble.sadf import check_window, minimum_window
from goldmine.datafiles import data_names, read_data_json
from goldmine.errors import AnalysisError
from goldmine.i18n.messages import Message
from goldmine.results import Result

LEVELS = (90, 95, 99)
PROBS = np.array([0.90, 0.95, 0.99])
TABLE_DIR = "bubble_cv"
BSADF_RULES = ("psy", "exuber", "familywise")
OnDone = Callable[[int], None]


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
    adf: FloatArray
    sadf: FloatArray
    gsadf: FloatArray
    bsadf: FloatArray
    forward: FloatArray
    samples: dict[str, FloatArray] = field(default_factory=dict, repr=False)  # name -> sorted simulated values
    grid: dict[str, FloatArray] = field(default_factory=dict, repr=False)     # name -> quantiles at GRID_PROBS (tables)
    notes: tuple[Message, ...] = ()                                            # message keys with parameters

    def notes_in(self, lang: str | None = None) -> tuple[str, ...]:
        """The notes rendered in ``lang`` (for people: the CLI, reports)."""
        from goldmine.i18n import get_lang

        return tuple(n.render(lang or get_lang()) for n in self.notes)

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

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        out: dict[str, Any] = to_jsonable({
            "method": self.method, "T": self.T, "window": self.window, "lags": self.lags, "reps": self.reps,
            "seed": self.seed, "adf": self.adf, "sadf": self.sadf, "gsadf": self.gsadf, "notes": list(self.notes)})
        return out

    def summary(self, lang: str | None = None) -> str:
        return (f"{self.method}: SADF 95% {self.level('sadf'):.3f}, GSADF 95% {self.level('gsadf'):.3f} "
                f"(T={self.T}, window={self.window}, reps={self.reps})")


EXTRAPOLATE_FROM = 500     # tables used for the log-T line beyond the largest table
GRID_PROBS = np.round(np.arange(1, 1000) / 1000.0, 3)


def _quantiles(x: FloatArray, axis: int = 0) -> FloatArray:
    out: FloatArray = np.quantile(x, PROBS, axis=axis)
    return out


# --------------------------------------------------------------------------- Monte Carlo
def _null_chunk(T: int, window: int, lags: int, ic: str | None, n: int,
                seedseq: np.random.SeedSequence) -> tuple[FloatArray, FloatArray]:
    """``n`` replications of PSY's null: the forward ADF and BSADF paths, each (n, T-window+1)."""
    rng = np.random.default_rng(seedseq)
    # the same draws, in the same order, as n successive rng.standard_normal(T) (PCG64 fills row by row)
    paths = np.cumsum(1.0 / T + rng.standard_normal((n, T)), axis=1)
    return recursive_adf_many(paths, window, lags, ic)


def _preload(lags: int, ic: str | None) -> None:
    """Load the compiled kernel in this process before the replications start, so that workers forked
    from it (local processes) inherit numba's initialised state instead of each paying it (~0.3 s CPU)."""
    T = 2 * lags + 8
    y = np.cumsum(np.sin(np.arange(T, dtype=np.float64)) + 0.1)     # any finite path
    recursive_adf_many(y[None, :], 2 * lags + 4, lags, ic)


def _work(reps: int, T: int, window: int, lags: int, ic: str | None) -> float:
    """Rough count of elementary operations, for the choice of backend (:func:`goldmine.parallel.get_backend`):
    the lag-0 prefix-sum kernel costs about a quarter of the co-moment recursions per window."""
    per_window = 1.25 if lags == 0 and ic in (None, "fixed") else 5.0 * (1 + lags) ** 2
    return reps * (T - window) ** 2 * per_window


def simulate_null(T: int, window: int | None = None, lags: int = 0, ic: str | None = None, reps: int = 2000,
                  seed: int | None = None, backend: Any = None, on_done: OnDone | None = None) -> tuple[FloatArray, FloatArray]:
    """Forward-ADF and BSADF paths of ``reps`` random walks with drift 1/T (PSY 2015 null)."""
    from goldmine.parallel import replicate

    w = minimum_window(T) if window is None else int(window)
    check_window(T, w, lags)
    _preload(lags, ic)
    parts = replicate(_null_chunk, reps, seed, (T, w, lags, ic), backend=backend, work=_work(reps, T, w, lags, ic),
                      on_done=on_done)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def from_paths(method: str, forward: FloatArray, bsadf: FloatArray, T: int, window: int, lags: int,
               seed: int | None, bsadf_rule: str = "psy", control: int | None = None,
               notes: tuple[Message, ...] = ()) -> CriticalValues:
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
        raise AnalysisError("bubble.error.unknown_bsadf_rule", path="bsadf_rule", rule=bsadf_rule,
                            choices=", ".join(BSADF_RULES))
    return CriticalValues(method=method, T=T, window=window, lags=lags, reps=forward.shape[0], seed=seed,
                          adf=_quantiles(adf), sadf=_quantiles(sadf), gsadf=_quantiles(gsadf), bsadf=bs_cv,
                          forward=_quantiles(forward, axis=0).T,
                          samples={"adf": np.sort(adf), "sadf": np.sort(sadf), "gsadf": np.sort(gsadf)}, notes=notes)


def monte_carlo(T: int, window: int | None = None, lags: int = 0, ic: str | None = None, reps: int = 2000,
                seed: int | None = None, bsadf_rule: str = "psy", backend: Any = None,
                on_done: OnDone | None = None) -> CriticalValues:
    """Monte Carlo critical values under PSY's null (see the module docstring)."""
    if bsadf_rule not in ("psy", "exuber"):
        raise AnalysisError("bubble.error.unknown_bsadf_rule", path="bsadf_rule", rule=bsadf_rule, choices="psy, exuber")
    w = minimum_window(T) if window is None else int(window)
    fw, bs = simulate_null(T, w, lags, ic, reps, seed, backend, on_done)
    method = "mc" if bsadf_rule == "psy" else "mc-exuber"
    notes = () if bsadf_rule == "psy" else (Message("bubble.note.exuber_rule"),)
    return from_paths(method, fw, bs, T, w, lags, seed, bsadf_rule, notes=notes)


# --------------------------------------------------------------------------- wild bootstrap
@njit(cache=True)
def _ar_path(phi: FloatArray, init: FloatArray, shocks: FloatArray) -> FloatArray:
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


def null_fit(y: FloatArray, lags: int) -> tuple[FloatArray, FloatArray]:
    """OLS of dy_t = a + sum_j phi_j dy_{t-j} + e_t; returns (phi, residuals)."""
    d = np.diff(np.asarray(y, dtype=float))
    k = int(lags)
    n = len(d) - k
    X = np.ones((n, k + 1))
    for j in range(1, k + 1):
        X[:, j] = d[k - j:len(d) - j]
    beta, *_ = np.linalg.lstsq(X, d[k:], rcond=None)
    resid: FloatArray = d[k:] - X @ beta
    phi: FloatArray = np.asarray(beta[1:], dtype=np.float64).copy()
    return phi, resid


def wb_path(rng: np.random.Generator, y: FloatArray, phi: FloatArray, resid: FloatArray) -> FloatArray:
    """One Phillips-Shi bootstrap series: ``y*_0 = y_0``; ``dy*_t = sum_j phi_j dy*_{t-j} + w_t e_{s(t)}``
    with ``w_t ~ N(0, 1)`` drawn for every date and ``s(t)`` uniform over the residuals."""
    T = y.shape[0]
    k = phi.shape[0]
    idx = rng.integers(0, resid.shape[0], size=T - 1)
    w = rng.standard_normal(T - 1)                      # one multiplier per date (PS 2020)
    dys: FloatArray = _ar_path(phi, np.diff(y)[:k].copy(), w * resid[idx])
    path: FloatArray = y[0] + np.concatenate(([0.0], np.cumsum(dys)))
    return path


def _wb_chunk(y: FloatArray, phi: FloatArray, resid: FloatArray, window: int, lags: int, ic: str | None, n: int,
              seedseq: np.random.SeedSequence) -> tuple[FloatArray, FloatArray]:
    rng = np.random.default_rng(seedseq)
    paths = np.stack([wb_path(rng, y, phi, resid) for _ in range(n)])
    return recursive_adf_many(paths, window, lags, ic)


def wild_bootstrap(y: npt.ArrayLike, window: int | None = None, lags: int = 0, ic: str | None = None, reps: int = 999,
                   seed: int | None = None, control: int | None = None, backend: Any = None,
                   on_done: OnDone | None = None) -> CriticalValues:
    """Phillips-Shi (2020) wild-bootstrap critical values for series ``y`` (see the module docstring).

    ``control`` is the number of window ends over which the family-wise size is controlled; default
    24 observations (two years of monthly data, psymonitor's example ``Tb = 12*2 + swindow0 - 1``),
    at most the number of BSADF values.
    """
    from goldmine.parallel import replicate

    arr = np.asarray(y, dtype=float)
    T = arr.shape[0]
    w = minimum_window(T) if window is None else int(window)
    check_window(T, w, lags)
    nout = T - w + 1
    if control is not None and int(control) < 1:
        raise AnalysisError("bubble.error.control", path="control", control=control)
    ctrl = min(24 if control is None else int(control), nout)
    phi, resid = null_fit(arr, lags)
    _preload(lags, ic)
    parts = replicate(_wb_chunk, reps, seed, (arr, phi, resid, w, lags, ic), backend=backend,
                      work=_work(reps, T, w, lags, ic), on_done=on_done)
    fw = np.concatenate([p[0] for p in parts])
    bs = np.concatenate([p[1] for p in parts])
    note = (Message("bubble.note.familywise", {"control": ctrl, "tb": w + ctrl - 1}),)
    return from_paths("wb", fw, bs, T, w, lags, seed, "familywise", control=ctrl, notes=note)


# --------------------------------------------------------------------------- tables
@cache
def table_sizes() -> tuple[int, ...]:
    """Sample sizes with a shipped table (``goldmine/data/bubble_cv/lag0_T<T>.json``)."""
    sizes = [int(name[len("lag0_T"):-len(".json")]) for name in data_names(TABLE_DIR)
             if name.startswith("lag0_T") and name.endswith(".json")]
    return tuple(sorted(sizes))


@cache
def load_table(T: int) -> dict[str, Any]:
    """The shipped table for sample size ``T`` (see :func:`table_payload` for its keys)."""
    table: dict[str, Any] = read_data_json(f"{TABLE_DIR}/lag0_T{T}.json")
    return table


def tabulated(T: int, window: int | None = None, lags: int = 0) -> CriticalValues:
    """Critical values from the shipped tables (lag 0, PSY's default window)."""
    sizes = table_sizes()
    if not sizes:
        raise AnalysisError("bubble.error.no_tables")
    w = minimum_window(T)
    if window is not None and int(window) != w:
        raise AnalysisError("bubble.error.table_window", path="window", default=w, T=T, window=window)
    check_window(T, w, lags)
    notes: list[Message] = []
    if lags:
        notes.append(Message("bubble.note.lag0_tables", {"lags": lags}))
    logs = np.log(np.array(sizes, dtype=float))
    near = sizes[int(np.argmin(np.abs(logs - math.log(T))))]
    tab = load_table(near)
    if near != T and sizes[0] < T < sizes[-1]:
        notes.append(Message("bubble.note.no_table", {"T": T, "near": near}))
    elif T < sizes[0]:
        notes.append(Message("bubble.note.below_smallest", {"T": T, "smallest": sizes[0]}))

    x = math.log(T)
    beyond = x > logs[-1]
    if beyond:
        notes.append(Message("bubble.note.beyond_largest", {"T": T, "largest": sizes[-1], "base": EXTRAPOLATE_FROM}))

    def across(vals: FloatArray) -> FloatArray:
        """Columns of ``vals`` (one row per table size) at T: interpolated in log T inside the tables,
        clamped below the smallest, extrapolated linearly in log T above the largest (GSADF's 95 % value
        rises about 0.08 per doubling of T: clamping would make long daily samples reject too often)."""
        if not beyond:
            xc = max(x, logs[0])
            return np.array([np.interp(xc, logs, vals[:, i]) for i in range(vals.shape[1])])
        sel = np.array(sizes) >= EXTRAPOLATE_FROM
        A = np.column_stack([np.ones(sel.sum()), logs[sel]])
        coef, *_ = np.linalg.lstsq(A, vals[sel], rcond=None)
        line: FloatArray = coef[0] + coef[1] * x
        return line

    def scalar(name: str) -> FloatArray:
        if T in sizes:
            return np.array(load_table(T)[name], dtype=float)
        return across(np.array([load_table(s)[name] for s in sizes], dtype=float))

    def seq(name: str) -> FloatArray:
        values = np.array(tab[name], dtype=float)
        if near == T:
            return values
        tw = int(tab["window"])
        tab_frac = (np.arange(tw - 1, near) + 1) / near
        frac = (np.arange(w - 1, T) + 1) / T
        return np.column_stack([np.interp(frac, tab_frac, values[:, i]) for i in range(3)])

    grid: dict[str, FloatArray] = {}
    for name in ("adf", "sadf", "gsadf"):
        if T in sizes:
            grid[name] = np.array(load_table(T)["grid"][name], dtype=float)
        else:
            grid[name] = np.maximum.accumulate(across(np.array([load_table(s)["grid"][name] for s in sizes],
                                                               dtype=float)))
    return CriticalValues(method="table", T=T, window=w, lags=lags, reps=int(tab["reps"]), seed=tab.get("seed"),
                          adf=scalar("adf"), sadf=scalar("sadf"), gsadf=scalar("gsadf"), bsadf=seq("bsadf"),
                          forward=seq("forward"), grid=grid, notes=tuple(notes))


def _round4(a: npt.ArrayLike) -> Any:
    return np.round(np.asarray(a, dtype=float), 4).tolist()


def table_payload(cv: CriticalValues, generated: str) -> dict[str, Any]:
    """The JSON stored for one table (used by ``benchmarks/bubble_make_tables.py``)."""
    r4 = _round4
    return {"T": cv.T, "window": cv.window, "lags": cv.lags, "reps": cv.reps, "seed": cv.seed,
            "method": "Monte Carlo under PSY's null (random walk with drift 1/T, N(0,1) errors); BSADF cv = quantile of BSADF(r2)",
            "source": "Phillips, Shi and Yu (2015), IER 56(4); goldmine.bubble.critical.monte_carlo",
            "script": "benchmarks/bubble_make_tables.py", "generated": generated, "levels": list(LEVELS),
            "adf": r4(cv.adf), "sadf": r4(cv.sadf), "gsadf": r4(cv.gsadf),
            "grid": {name: r4(np.quantile(cv.samples[name], GRID_PROBS)) for name in ("adf", "sadf", "gsadf")},
            "bsadf": r4(cv.bsadf), "forward": r4(cv.forward)}
