"""Forward simulation of the company from the proposed round to its exit: seeded, vectorised (issue #14).

Each path is one possible future of the company, month by month from the closing (``t = 0``) to the
exit or the horizon (``data/deal.yaml`` ``outcomes.horizon_months``, a fund's ten years):

* **Revenue** follows the one growth model of goldmine (:mod:`goldmine.growth`, the same as the
  runway's Monte Carlo): the monthly log step is ``mu f_t + s z f_t + sigma e_t`` (today's growth
  ``mu`` decaying with ``f_t``, the path's persistent shift ``s z`` with ``s`` the posterior sd of
  growth, the month's shock ``sigma e_t``), damped near and capped at the obtainable market
  (``SOM / 12`` a month): no path's revenue ever exceeds the SOM.
* **Rounds**: after a gap (lognormal around the published median, dispersion from
  ``data/finance.yaml``; Carta seed to A 774 days, Crunchbase A to B 28 months, later gaps 28
  months) the company either raises the next round of the ladder or stalls.  It raises with the
  published graduation rate (Carta 2018 cohort: A 36.4/56.4, B 14.8/36.4, C 4.4/14.8, D 1.1/4.4),
  and the better growers raise: the path raises when ``rho zp + sqrt(1 - rho^2) e`` exceeds the
  normal quantile that leaves exactly that rate, ``zp`` the path's standardised revenue performance
  so far (the growth shift and the shocks, each a standard normal, weighted by their share of the
  log-revenue variance), ``rho`` the selection strength (an assumption, ``data/deal.yaml``).
* **Exit**: a company that stalls is sold (CB Insights: 22 % of a seed cohort's companies exited
  by M&A or IPO) or shuts down (nothing for preferred holders).  After the last round of the ladder
  it exits after one more gap: an IPO if its annual revenue run rate reaches the IPO bar (Bessemer:
  $100M ARR), else a sale.  A company still private at the horizon is sold then.  Exit value =
  annual run rate (12 x the month's revenue) x an exit multiple drawn lognormal around its median:
  SaaS M&A 4.2x (Mergermarket via SaaSRise, quartiles 2.6x-6.9x), public SaaS 7x (Meritech).

Paths are simulated in chunks of 65,536 with their own generators spawned from one
:class:`numpy.random.SeedSequence`: the result depends on the seed only, not on the number of
threads.  Outputs per path: later rounds raised (which fixes the exit capitalisation), the months
they closed, the exit month, kind and value, the revenue run rate at the exit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import stats

from goldmine.errors import AnalysisError
from goldmine.growth import GrowthModel

CHUNK = 65_536
SHUTDOWN, ACQUISITION, IPO, HORIZON = 1, 2, 3, 4
KINDS = {SHUTDOWN: "shutdown", ACQUISITION: "acquisition", IPO: "ipo", HORIZON: "horizon_sale"}


@dataclass(frozen=True)
class Ladder:
    """The company's possible future: later rounds, their odds and timing, and how it exits."""

    stages: tuple[str, ...]            # later priced rounds, in order
    graduation: tuple[float, ...]      # P(raises stages[i] | raised the one before)
    gap_months: tuple[float, ...]      # median months to the next event from i later rounds (len stages + 1)
    gap_dispersion: float              # sd of the log gap
    selection: float                   # rho
    acquired_if_stalled: float
    lives_on_if_stalled: float         # share of stalled companies that carry on without new money
    ipo_min_arr: float                 # in the company's currency (annual revenue)
    acquisition_median: float
    acquisition_log_sd: float
    ipo_median: float
    ipo_log_sd: float
    horizon: int                       # months

    def __post_init__(self) -> None:
        # internal invariant: the engine builds ladders from validated configuration
        assert len(self.graduation) == len(self.stages) and len(self.gap_months) == len(self.stages) + 1


@dataclass(frozen=True)
class CompanyModel:
    """What the simulation needs of the company: its growth model and revenue now, and the ladder."""

    growth: GrowthModel
    revenue0: float          # monthly revenue now
    volatility: float        # sd of the monthly log-growth shock
    ladder: Ladder


@dataclass(frozen=True)
class Paths:
    """Simulated futures, one entry per path."""

    rounds: np.ndarray            # int8: later rounds raised before the exit
    round_months: np.ndarray      # int16 (paths x stages): month each later round closed (0: not raised)
    exit_month: np.ndarray        # int16
    exit_kind: np.ndarray         # int8: SHUTDOWN, ACQUISITION, IPO, HORIZON
    exit_value: np.ndarray        # float64, the company's currency
    exit_arr: np.ndarray          # float64: annual revenue run rate at the exit
    max_monthly_revenue: float    # the largest monthly revenue of any path in any month
    revenue_ceiling: float | None  # the growth model's cap (SOM / 12), None without an SOM

    @property
    def n(self) -> int:
        return int(self.rounds.size)


def simulate(model: CompanyModel, n_paths: int, seed: int | None, *, workers: int = 2,
             progress: Callable[[int], None] | None = None) -> Paths:
    """Simulate ``n_paths`` futures (module docstring); reproducible for a given ``seed``."""
    if n_paths < 1:
        raise AnalysisError("deal.error.paths", path="paths", n=n_paths)
    sizes = [min(CHUNK, n_paths - s) for s in range(0, n_paths, CHUNK)]
    seqs = np.random.SeedSequence(seed).spawn(len(sizes))
    H = model.ladder.horizon
    consts = _Constants(model, H)

    def run(i: int) -> Paths:
        out = _chunk(model, consts, sizes[i], np.random.default_rng(seqs[i]))
        if progress is not None:
            progress(sizes[i])
        return out

    if workers > 1 and len(sizes) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            chunks = list(pool.map(run, range(len(sizes))))
    else:
        chunks = [run(i) for i in range(len(sizes))]
    return Paths(rounds=np.concatenate([c.rounds for c in chunks]),
                 round_months=np.concatenate([c.round_months for c in chunks]),
                 exit_month=np.concatenate([c.exit_month for c in chunks]),
                 exit_kind=np.concatenate([c.exit_kind for c in chunks]),
                 exit_value=np.concatenate([c.exit_value for c in chunks]),
                 exit_arr=np.concatenate([c.exit_arr for c in chunks]),
                 max_monthly_revenue=max(c.max_monthly_revenue for c in chunks),
                 revenue_ceiling=model.growth.ceiling)


class _Constants:
    def __init__(self, model: CompanyModel, H: int):
        g = model.growth
        self.has_revenue = model.revenue0 > 0 and math.isfinite(g.monthly_log)
        self.growth = g.growth_path(H) if self.has_revenue else np.zeros(H)
        self.decay = g.decay_factors(H)
        self.shift_sd = g.monthly_log_sd if self.has_revenue else 0.0
        self.sigma = model.volatility if self.has_revenue else 0.0
        cum = np.cumsum(self.decay) * self.shift_sd
        t = np.arange(1, H + 1, dtype="float64")
        shocks = self.sigma * np.sqrt(t)
        total = np.sqrt(cum * cum + shocks * shocks)
        # weights of the shift and of the standardised shocks in the standardised performance zp
        self.w_shift = np.where(total > 0, cum / np.where(total > 0, total, 1.0), 1.0)
        self.w_shock = np.where(total > 0, shocks / np.where(total > 0, total, 1.0), 0.0)
        L = model.ladder
        self.bar = np.array([stats.norm.ppf(1.0 - p) if 0 < p < 1 else (np.inf if p <= 0 else -np.inf)
                             for p in L.graduation] + [np.inf])
        self.log_gap = np.log(np.asarray(L.gap_months, dtype="float64"))


def _gap(rng: np.random.Generator, consts: _Constants, ladder: Ladder, state: np.ndarray) -> np.ndarray:
    """Months to the next event for paths in ``state`` (later rounds raised): lognormal, at least one."""
    draw = np.exp(consts.log_gap[state] + ladder.gap_dispersion * rng.standard_normal(state.size))
    out: np.ndarray = np.maximum(np.ceil(draw), 1.0).astype(np.int32)
    return out


def _multiples(rng: np.random.Generator, ladder: Ladder, ipo: np.ndarray) -> np.ndarray:
    z = rng.standard_normal(ipo.size)
    acq = ladder.acquisition_median * np.exp(ladder.acquisition_log_sd * z)
    pub = ladder.ipo_median * np.exp(ladder.ipo_log_sd * z)
    out: np.ndarray = np.where(ipo, pub, acq)
    return out


def _chunk(model: CompanyModel, c: _Constants, m: int, rng: np.random.Generator) -> Paths:
    """One chunk: revenue month by month (the growth model), then the rounds stage by stage.

    The gaps are drawn first, so the month a path would face each round (if it keeps raising) is
    known before the revenue loop, which records revenue and the performance score at those months.
    Then, stage by stage, the paths that face a round are ranked by their score and exactly the
    published share of them (the conditional graduation rate) raises; the rest stall.
    """
    L = model.ladder
    K, H = len(L.stages), L.horizon
    z = rng.standard_normal(m)
    shift = c.shift_sd * z
    gaps = np.stack([_gap(rng, c, L, np.full(m, s, dtype=np.int8)) for s in range(K + 1)])   # (K + 1, m)
    when = np.cumsum(gaps, axis=0)                                 # month each event would come
    rev_at = np.zeros((K + 1, m))
    perf_at = np.zeros((K + 1, m))
    rev = np.full(m, float(model.revenue0))
    shocks = np.zeros(m)
    top = float(rev.max()) if m else 0.0
    for t in range(1, H + 1):
        if c.has_revenue:
            eps = rng.standard_normal(m)
            step = c.growth[t - 1] + shift * c.decay[t - 1] + c.sigma * eps
            rev = model.growth.step(rev, step)
            shocks += eps
            top = max(top, float(rev.max()))
        for s in range(K + 1):
            hit = np.flatnonzero(when[s] == t)
            if hit.size:
                rev_at[s, hit] = rev[hit]
                perf_at[s, hit] = c.w_shift[t - 1] * z[hit] + c.w_shock[t - 1] * shocks[hit] / math.sqrt(t)
    state = np.zeros(m, dtype=np.int8)
    alive = np.ones(m, dtype=bool)
    exit_month = np.zeros(m, dtype=np.int16)
    exit_kind = np.zeros(m, dtype=np.int8)
    exit_value = np.zeros(m)
    exit_arr = np.zeros(m)
    round_months = np.zeros((m, K), dtype=np.int16)
    rho = L.selection
    noise = math.sqrt(max(1.0 - rho * rho, 0.0))

    def sell(idx: np.ndarray, month: np.ndarray, arr: np.ndarray, ipo_allowed: bool, kind_else: int) -> None:
        ipo = (arr >= L.ipo_min_arr) & ipo_allowed
        exit_value[idx] = arr * _multiples(rng, L, ipo)
        exit_arr[idx] = arr
        exit_kind[idx] = np.where(ipo, IPO, kind_else)
        exit_month[idx] = month
        alive[idx] = False

    for s in range(K + 1):
        facing = np.flatnonzero(alive & (when[s] <= H))
        if facing.size == 0:
            break
        month = when[s, facing]
        arr = 12.0 * rev_at[s, facing]
        if s == K:                      # after the last round of the ladder: the exit
            sell(facing, month, arr, True, ACQUISITION)
            break
        score = rho * perf_at[s, facing] + noise * rng.standard_normal(facing.size)
        n_up = int(round(L.graduation[s] * facing.size))
        order = np.argsort(-score, kind="stable")
        up = np.zeros(facing.size, dtype=bool)
        up[order[:n_up]] = True
        raised = facing[up]
        round_months[raised, s] = month[up]
        state[raised] = s + 1
        stalled = ~up
        u = rng.random(facing.size)
        sold = stalled & (u < L.acquired_if_stalled)
        carry_on = stalled & ~sold & (u < L.acquired_if_stalled + L.lives_on_if_stalled)
        if sold.any():
            sell(facing[sold], month[sold], arr[sold], False, ACQUISITION)
        if carry_on.any():                    # no new money: revenue stays at its level, sold at the horizon
            kept = facing[carry_on]
            sell(kept, np.full(kept.size, H), arr[carry_on], False, HORIZON)
        shut = stalled & ~sold & ~carry_on
        dead = facing[shut]
        exit_kind[dead] = SHUTDOWN
        exit_month[dead] = month[shut]
        alive[dead] = False
    rest = np.flatnonzero(alive)
    if rest.size:
        sell(rest, np.full(rest.size, H), 12.0 * rev[rest], True, HORIZON)
    return Paths(rounds=state, round_months=round_months, exit_month=exit_month, exit_kind=exit_kind,
                 exit_value=exit_value, exit_arr=exit_arr, max_monthly_revenue=top, revenue_ceiling=model.growth.ceiling)
