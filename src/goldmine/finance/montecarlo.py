"""Monte Carlo of cash: P(cash runs out before the next round), runway percentiles, fan chart (issue #4).

Each path draws its own drivers once, then steps month by month (``t = 1..H``):

* growth: ``mu_i = mu + se z_i + ln(1 - c_i) - ln(1 - c̄)`` — today's growth ``mu`` of the growth
  model (:mod:`goldmine.growth`) with its uncertainty ``se`` (the posterior sd: wider for short
  histories), shifted by the path's churn ``c_i`` (Beta with mean ``c̄`` and sd ``churn_sd``) around
  its mean, since measured growth is already net of churn; the monthly log step
  ``mu_i f_t + sigma eps_{it}`` (``f_t`` the decay of growth, ``sigma`` the monthly volatility) is
  applied by the growth model, which damps it near the obtainable market and caps revenue at
  ``SOM / 12`` a month: no path's revenue exceeds the SOM (``max_monthly_revenue`` records the
  largest simulated month, ``revenue_ceiling`` the cap);
* margin: ``gm_i ~ N(gm, margin_sd)``, capped at 1, applied to revenue beyond today's (today's
  observed net burn is kept exactly): ``net_it = gm rev0 + gm_i (rev_it - rev0) - fixed_t``;
* next round: happens with the probability, month and size of :mod:`goldmine.finance.rounds`.

Outputs: ``runway_months`` percentiles (no new money beyond planned rounds; ``None`` = beyond the
horizon), ``p_cash_out`` = P(cash < 0 in a month before the next round arrives, within the
horizon), ``p_cash_out_no_round`` = P(cash < 0 within the horizon with no new round),
``p_cash_out_by_month`` (cumulative), the next round's month percentiles, and the fan chart:
percentiles of cash each month, next round included, over the first ``fan_paths`` paths.

Every simulated figure has its Monte Carlo standard error (``standard_errors``, same keys):
``sqrt(p (1 - p) / n)`` for a probability, and for a percentile ``q_p`` the asymptotic
``sqrt(p (1 - p) / n) / f(q_p)`` with the density estimated by the difference quotient of the
empirical quantiles at ``p +- h`` (h = 0.01; e.g. Sheather and Maritz 1983).  Antithetic pairs make
these conservative (they only lower the true variance).

Monthly shocks are antithetic (Hammersley and Morton 1956): within a chunk, path ``i + m/2``
gets ``-eps`` where path ``i`` gets ``eps``; estimates stay unbiased, their variance does not
grow, and half as many normal draws are needed (the draws are most of the run time).

Implementation: vectorised numpy over chunks of 65,536 paths (arrays stay in cache; 1,000,000 x
60 never materialises: 480 MB per float64 array); the monthly growth step is float32, cash
and revenue float64.  Each chunk has its
own generator spawned from one :class:`numpy.random.SeedSequence`, so results depend on the seed
only — not on the number of threads.  :func:`simulate_loop` is a plain per-path Python reference
implementation of the same model (for tests and the speed benchmark).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from goldmine.errors import AnalysisError
from goldmine.finance.config import FinanceConfig
from goldmine.finance.projection import Drivers
from goldmine.results import Result

CHUNK = 65_536
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
FAN_PERCENTILES = (5, 25, 50, 75, 95)


@dataclass(frozen=True)
class MonteCarloResult(Result):
    n_paths: int
    seed: int | None
    horizon_months: int
    p_cash_out: float
    p_cash_out_no_round: float
    p_round_within_horizon: float
    runway_months: dict[str, float | None]
    next_round_month: dict[str, float | None]
    p_cash_out_by_month: list[float]
    fan: dict[str, list[float]]
    fan_paths: int
    standard_errors: dict[str, Any]
    revenue_ceiling: float | None = None
    max_monthly_revenue: float | None = None

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        r = self.runway_months

        def fmt(v: float | None) -> str:
            return f"{v:.1f}" if v is not None else f">{self.horizon_months}"

        return "\n".join([
            t("finance.mc.heading", lang, n=f"{self.n_paths:,}", seed=self.seed),
            "  " + t("finance.mc.p_cash_out", lang, p=f"{self.p_cash_out:.1%}", p_no=f"{self.p_cash_out_no_round:.1%}"),
            "  " + t("finance.mc.runway", lang, p5=fmt(r["p5"]), p50=fmt(r["p50"]), p95=fmt(r["p95"])),
            "  " + t("finance.mc.round", lang, p=f"{self.p_round_within_horizon:.1%}", months=self.horizon_months),
        ])


@dataclass
class _Chunk:
    runway: np.ndarray        # float32, inf = beyond horizon
    out_month: np.ndarray     # int16, H + 1 = never
    round_month: np.ndarray   # int16, H + 1 = none
    fan_cash: np.ndarray | None
    max_revenue: float = 0.0  # the largest monthly revenue of any path in the chunk


def simulate(drivers: Drivers, n_paths: int = 100_000, seed: int | None = 0, *, workers: int = 2,
             fan_paths: int | None = None, progress: Callable[[int], None] | None = None,
             config: FinanceConfig | None = None) -> MonteCarloResult:
    """Run the Monte Carlo; reproducible for a given ``seed`` whatever ``workers`` is.

    ``fan_paths``: paths of the fan chart (default: the configuration's ``uncertainty.fan_paths``).
    """
    if n_paths < 1:
        raise AnalysisError("finance.error.paths", path="paths", n=n_paths)
    d = drivers
    H = d.horizon
    if fan_paths is None:
        fan_paths = (config or FinanceConfig.shipped()).uncertainty.fan_paths.value
    sizes = [min(CHUNK, n_paths - s) for s in range(0, n_paths, CHUNK)]
    seqs = np.random.SeedSequence(seed).spawn(len(sizes))
    fan_left = [max(0, min(m, fan_paths - i * CHUNK)) for i, m in enumerate(sizes)]
    consts = _constants(d)

    def run(i: int) -> _Chunk:
        out = _simulate_chunk(d, consts, sizes[i], np.random.default_rng(seqs[i]), fan_left[i])
        if progress is not None:
            progress(sizes[i])
        return out

    if workers > 1 and len(sizes) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            chunks = list(pool.map(run, range(len(sizes))))
    else:
        chunks = [run(i) for i in range(len(sizes))]
    runway = np.concatenate([c.runway for c in chunks])
    out_m = np.concatenate([c.out_month for c in chunks])
    round_m = np.concatenate([c.round_month for c in chunks])
    before = out_m < round_m            # ran out before the round (out_m <= H by construction)
    by_month = np.bincount(out_m[before], minlength=H + 2)[1:H + 1].cumsum() / n_paths
    fans = [c.fan_cash for c in chunks if c.fan_cash is not None and c.fan_cash.shape[1]]
    fan_cash = np.concatenate(fans, axis=1) if fans else np.zeros((H, 0))
    fan: dict[str, list[float]] = {"month": list(range(1, H + 1))}   # months stay ints in the JSON
    fan_se: dict[str, list[float]] = {}
    if fan_cash.shape[1]:
        q = np.percentile(fan_cash, FAN_PERCENTILES, axis=1)
        fan.update({f"p{p}": q[i].astype("float64").tolist() for i, p in enumerate(FAN_PERCENTILES)})
        fan_se = {f"p{p}": _quantile_se_rows(fan_cash, p).tolist() for p in FAN_PERCENTILES}
    has_round = round_m <= H
    p_out, p_no, p_round = float(before.mean()), float((out_m <= H).mean()), float(has_round.mean())
    rounds_at = round_m[has_round].astype("float64")
    ses = {"p_cash_out": _proportion_se(p_out, n_paths), "p_cash_out_no_round": _proportion_se(p_no, n_paths),
           "p_round_within_horizon": _proportion_se(p_round, n_paths),
           "runway_months": _percentile_ses(runway, H),
           "next_round_month": _percentile_ses(rounds_at, H) if has_round.any() else {f"p{p}": None for p in PERCENTILES},
           "p_cash_out_by_month": [_proportion_se(float(x), n_paths) for x in by_month],
           "fan": fan_se}
    return MonteCarloResult(
        n_paths=n_paths, seed=seed, horizon_months=H, p_cash_out=p_out, p_cash_out_no_round=p_no, p_round_within_horizon=p_round,
        runway_months=_percentiles(runway, H), next_round_month=_percentiles(rounds_at, H)
        if has_round.any() else {f"p{p}": None for p in PERCENTILES},
        p_cash_out_by_month=by_month.tolist(), fan=fan, fan_paths=int(fan_cash.shape[1]), standard_errors=ses,
        revenue_ceiling=d.growth.ceiling, max_monthly_revenue=max((c.max_revenue for c in chunks), default=0.0))


def _constants(d: Drivers) -> dict[str, Any]:
    return {"growth": d.growth_path.astype("float64"), "decay": d.decay_factors.astype("float64"), "fixed": d.fixed,
            "inflow": np.asarray(d.inflows)}


def _draw_path_params(d: Drivers, rng: np.random.Generator, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-path growth shift (log) and gross margin."""
    z = rng.standard_normal(m)
    shift = d.growth_uncertainty * z
    if d.churn_sd > 0 and d.churn_mean > 0:
        c = _beta(rng, d.churn_mean, d.churn_sd, m)
        shift += np.log1p(-c) - math.log1p(-d.churn_mean)
    gm = np.minimum(d.gross_margin + d.margin_sd * rng.standard_normal(m), 1.0) if d.margin_sd > 0 else np.full(m, d.gross_margin)
    return shift, gm


def _beta(rng: np.random.Generator, mean: float, sd: float, m: int) -> np.ndarray:
    """Beta draws with a given mean and sd (method of moments; sd capped to keep it valid)."""
    var = min(sd * sd, mean * (1 - mean) * 0.99)
    k = mean * (1 - mean) / var - 1
    return rng.beta(mean * k, (1 - mean) * k, m)


def _simulate_chunk(d: Drivers, c: dict[str, Any], m: int, rng: np.random.Generator, n_fan: int) -> _Chunk:
    """One chunk of paths.  Month loop over vectors; fixed costs and planned inflows (the same on
    every path) are kept out of the vectors: ``cash_t = x_t - thr_t`` with ``thr_t`` their running
    net total, so the test ``cash_t < 0`` is ``x_t < thr_t`` against a scalar."""
    H = d.horizon
    shift, gm = _draw_path_params(d, rng, m)
    if d.next_round is not None:
        round_month, round_size = d.next_round.sample(rng, m, H)
    else:
        round_month, round_size = np.full(m, H + 1, dtype=np.int32), np.zeros(m)
    has_rev = d.rev0 > 0
    thr = np.cumsum(c["fixed"] - c["inflow"])            # scalar per month
    rev = np.full(m, d.rev0)                             # monthly revenue, per path
    y = gm * d.rev0                                      # gross profit this month, per path
    k_path = (d.gross_margin - gm) * d.rev0              # keeps today's net burn exact on every path
    x = np.full(m, d.cash0)
    runway = np.full(m, np.inf, dtype=np.float32)
    out_month = np.full(m, H + 1, dtype=np.int16)
    alive = np.ones(m, dtype=bool)
    fan = np.empty((H, n_fan), dtype=np.float32) if n_fan else None
    shift32 = shift.astype(np.float32)
    growth32 = c["growth"].astype(np.float32)
    decay32 = c["decay"].astype(np.float32)
    step = np.empty(m, dtype=np.float32)
    half = (m + 1) // 2                                  # antithetic pairs: path i and i + half
    z = np.empty(half, dtype=np.float32)
    sigma = np.float32(d.growth_volatility)
    top = 0.0
    for t in range(1, H + 1):
        if has_rev:
            np.multiply(shift32, decay32[t - 1], out=step)   # a path's growth decays like the central one
            step += growth32[t - 1]
            if sigma > 0:
                rng.standard_normal(half, dtype=np.float32, out=z)
                z *= sigma
                step[:half] += z
                step[half:] -= z[: m - half]
            rev = d.growth.step(rev, step.astype(np.float64))
            top = max(top, float(rev.max()))
            y = gm * rev
            x += y
            x += k_path
        newly = x < thr[t - 1]
        newly &= alive
        if newly.any():
            idx = np.flatnonzero(newly)
            cash = x[idx] - thr[t - 1]
            before = thr[t - 2] if t > 1 else 0.0
            prev = (x[idx] - y[idx] - k_path[idx] if has_rev else x[idx]) - before
            runway[idx] = (t - 1) + np.where(prev > 0, prev / (prev - cash), 0.0)
            out_month[idx] = t
            alive[idx] = False
        if fan is not None:
            fan[t - 1] = x[:n_fan] - thr[t - 1] + np.where(round_month[:n_fan] <= t, round_size[:n_fan], 0.0)
    return _Chunk(runway, out_month, round_month.astype(np.int16), fan, top)


def _proportion_se(p: float, n: int) -> float:
    """Monte Carlo standard error of a simulated probability: ``sqrt(p (1 - p) / n)``."""
    return math.sqrt(max(p * (1.0 - p), 0.0) / n) if n > 0 else math.nan


SE_STEP = 1.0  # percentage points on each side of a percentile for the density's difference quotient


def _quantile_se(x: np.ndarray, p: float) -> float:
    """Standard error of the ``p``-th percentile of ``x``: ``sqrt(p (1 - p) / n)`` (in probability)
    over the density at it, estimated by ``(Q(p + h) - Q(p - h)) / 2h``."""
    n = x.size
    lo, hi = np.percentile(x, [max(p - SE_STEP, 0.0), min(p + SE_STEP, 100.0)])
    width = (min(p + SE_STEP, 100.0) - max(p - SE_STEP, 0.0)) / 100.0
    return float(math.sqrt(p / 100.0 * (1 - p / 100.0) / n) * (hi - lo) / width) if n > 1 else math.nan


def _quantile_se_rows(rows: np.ndarray, p: float) -> np.ndarray:
    """:func:`_quantile_se` for every row of ``rows`` (months x paths) at once."""
    n = rows.shape[1]
    lo_p, hi_p = max(p - SE_STEP, 0.0), min(p + SE_STEP, 100.0)
    lo, hi = np.percentile(rows, [lo_p, hi_p], axis=1)
    out: np.ndarray = np.sqrt(p / 100.0 * (1 - p / 100.0) / n) * (hi - lo) / ((hi_p - lo_p) / 100.0)
    return out.astype("float64")


def _percentile_ses(x: np.ndarray, horizon: int) -> dict[str, float | None]:
    """Standard errors of :func:`_percentiles` (``None`` where the percentile lies beyond the horizon)."""
    finite = np.where(np.isfinite(x), x, horizon + 1.0)
    if not finite.size:
        return {f"p{p}": None for p in PERCENTILES}
    q = np.percentile(finite, PERCENTILES, method="linear")
    return {f"p{p}": (_quantile_se(finite, p) if v <= horizon else None) for p, v in zip(PERCENTILES, q, strict=True)}


def _percentiles(x: np.ndarray, horizon: int) -> dict[str, float | None]:
    finite = np.where(np.isfinite(x), x, horizon + 1.0)
    q = np.percentile(finite, PERCENTILES, method="linear") if finite.size else [math.nan] * len(PERCENTILES)
    return {f"p{p}": (float(v) if v <= horizon else None) for p, v in zip(PERCENTILES, q, strict=True)}


# --------------------------------------------------------------------------- reference loop
def simulate_loop(drivers: Drivers, n_paths: int, seed: int | None = 0) -> dict[str, Any]:
    """The same model as :func:`simulate`, one path at a time in plain Python (``random`` module).

    Slow on purpose: it is the reference the vectorised version is checked and timed against.
    Returns ``runway`` (list, ``inf`` = beyond horizon), ``out_month`` and ``round_month`` (H + 1 = never).
    """
    d = drivers
    H = d.horizon
    rnd = random.Random(seed)
    growth = d.growth_path.tolist()
    decay = d.decay_factors.tolist()
    fixed = d.fixed.tolist()
    inflow = list(d.inflows)
    nr = d.next_round
    runways, outs, rounds = [], [], []
    for _ in range(n_paths):
        shift = d.growth_uncertainty * rnd.gauss(0.0, 1.0)
        if d.churn_sd > 0 and d.churn_mean > 0:
            var = min(d.churn_sd ** 2, d.churn_mean * (1 - d.churn_mean) * 0.99)
            k = d.churn_mean * (1 - d.churn_mean) / var - 1
            churn = rnd.betavariate(d.churn_mean * k, (1 - d.churn_mean) * k)
            shift += math.log1p(-churn) - math.log1p(-d.churn_mean)
        gm = min(d.gross_margin + d.margin_sd * rnd.gauss(0.0, 1.0), 1.0) if d.margin_sd > 0 else d.gross_margin
        round_month = H + 1
        if nr is not None and rnd.random() < nr.probability_now:
            mu, s = math.log(nr.median_gap_months), nr.gap_dispersion
            if s > 0:
                from statistics import NormalDist

                nd = NormalDist()
                f_e = nd.cdf((math.log(nr.elapsed_months) - mu) / s) if nr.elapsed_months > 0 else 0.0
                u = min(max(f_e + rnd.random() * (1 - f_e), 1e-12), 1 - 1e-12)
                gap = math.exp(mu + s * nd.inv_cdf(u))
            else:
                gap = max(nr.median_gap_months, nr.elapsed_months)
            mth = max(math.ceil(gap - nr.elapsed_months), 1)
            round_month = mth if mth <= H else H + 1
        rev, cash, runway, out = d.rev0, d.cash0, math.inf, H + 1
        k_path = (d.gross_margin - gm) * d.rev0
        for t in range(1, H + 1):
            prev = cash
            if d.rev0 > 0:
                log_step = shift * decay[t - 1] + growth[t - 1] + d.growth_volatility * rnd.gauss(0.0, 1.0)
                rev = float(d.growth.step(np.array([rev]), np.array([log_step]))[0])
                cash += gm * rev + k_path
            cash += inflow[t - 1] - fixed[t - 1]
            if cash < 0:
                runway = (t - 1) + (prev / (prev - cash) if prev > 0 else 0.0)
                out = t
                break
        runways.append(runway)
        outs.append(out)
        rounds.append(round_month)
    return {"runway": runways, "out_month": outs, "round_month": rounds}
