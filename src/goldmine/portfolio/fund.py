"""Fund simulation (issue #19, point 2): a venture fund's gross and net returns, seeded and vectorised.

A simulated fund invests its commitments in ``n_deals`` initial positions, reserves a share of its
investable capital for follow-ons, pays a management fee and carried interest, and may recycle early
proceeds.  Each replication is one possible fund; all of them are simulated together month by month.

**Deals.**  A position's future is a draw (with replacement) from a pool of simulated futures of one
kind of deal (:class:`DealDraws`): its gross multiple on the initial cheque, the months to its exit and
the month its next round closes (0: never).  The pools come from the deal engine
(:func:`deal_draws` on :mod:`goldmine.deal`): the generic deal of a stage (stage priors, calibrated
on Correlation Ventures' distribution: ``docs/benchmarks/deal_calibration.md``) or a company of the
user's pipeline with its proposed round.  Draws are i.i.d.; the stage of each initial deal is fixed
by the stage mix (largest remainders), deal ``i`` enters at month ``floor(i * 12 I / n)`` (initial
deals spread evenly over the investment period of ``I`` years).

**Follow-ons** (reserves): a company that raises its next round within the fund's life asks for its
pro-rata cheque (the deal engine's: keeping the entry ownership in that round, Carta's dilution and
step-up), served in date order from the reserves (``reserves`` x investable capital) until they run
out.  A follow-on buys the next round's shares: its multiple is the position's multiple divided by the
step-up in share price (next round's pre-money / entry post-money).  This ignores the later series'
seniority, so it is exact when the exit clears every preference and conservative below.

**Recycling**: proceeds received during the investment period are retained, up to ``recycling`` x
fund size in all, and reinvested at the end of the investment period in one more position drawn from
the same pool (ILPA Principles 3.0, 2019, "recycling": reinvestment of proceeds, capped as a share of
commitments; it is not called from LPs).

**Fees** (the "2 and 20" definitions; Metrick and Yasuda, "The Economics of Private Equity Funds",
Review of Financial Studies 23(6), 2010, section 2): the annual management fee is ``fee`` x committed
capital in each year of the investment period, then ``fee`` x the invested cost of the positions not
yet exited ("net invested capital"), charged at the start of each year of the fund's life.  Investable
capital is what commitments leave after the largest fees that schedule can charge:
``size (1 - fee I) / (1 + fee (L - I))`` for a life of ``L`` years; fee budget left unspent is not called.

**Carried interest**: a European (whole-fund) waterfall, applied to each distribution in date order
(ILPA Principles 3.0, 2019, section on the "whole-of-fund" distribution waterfall; Metrick and Yasuda
2010): (1) LPs receive all capital contributed so far; (2) the preferred return (``hurdle`` a year,
compounded annually on contributed capital not yet returned and on unpaid preferred return: monthly
factor ``(1 + hurdle)^(1/12)``); (3) the GP's catch-up, 100 % to the GP until the GP holds ``carry`` of
the profits distributed; (4) the rest split ``carry`` to the GP and ``1 - carry`` to the LPs.  Without
a hurdle the GP receives ``carry`` of the profit beyond the capital returned.

**Measures** (ILPA Reporting Template, 2016, definitions; the same as :mod:`pyxirr.pe`): paid-in =
LP contributions (investments called plus fees); DPI = cumulative distributions to LPs / paid-in; TVPI
= (distributions + net asset value) / paid-in, the net asset value held at cost until the exit (no
marks are simulated), so DPI <= TVPI every year and they meet when every position has exited; gross
TVPI = gross proceeds of the positions / capital invested in them (recycled capital included); net IRR
= XIRR of the dated LP cash flows (:func:`pyxirr.xirr`, actual/365); the J-curve is the cumulative net
LP cash flow by year.  "Returning the fund": gross proceeds >= fund size.  Statistics carry Monte
Carlo standard errors (:func:`goldmine.deal.returns.distribution`).

Replications are simulated in chunks of :data:`CHUNK` funds, each with its own
:class:`numpy.random.SeedSequence` child (:func:`chunk_tasks`): the result depends on the seed and the
number of replications only, not on where the chunks run (goldmine.parallel backends).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyxirr

from goldmine.deal.analysis import book_deal, company_model, path_payouts
from goldmine.deal.config import DealConfig
from goldmine.deal.proforma import deal_terms
from goldmine.deal.returns import DAYS_PER_MONTH, Distribution, distribution
from goldmine.errors import AnalysisError
from goldmine.financing import Rounding
from goldmine.model import Startup
from goldmine.model.proposal import Proposal

CHUNK = 1_000
START = dt.date(2025, 1, 1)   # the first closing; dates only set the day counts of the IRR


@dataclass(frozen=True)
class DealDraws:
    """Simulated futures of one kind of deal, one entry per path (module docstring)."""

    name: str
    moic: np.ndarray          # gross multiple of the initial cheque
    exit_month: np.ndarray    # months from the cheque to the exit
    follow_month: np.ndarray  # months from the cheque to the next round (0: never raised)
    follow_ratio: float       # the pro-rata cheque in the next round / the initial cheque
    follow_step: float        # next round's share price / the entry price

    def __post_init__(self) -> None:
        if self.moic.size == 0:
            raise AnalysisError("fund.error.empty_draws", path="pipeline", name=self.name)


@dataclass(frozen=True)
class FundTerms:
    """The fund: amounts in the fund's currency, shares as fractions, periods in years."""

    size: float
    fee: float
    carry: float
    hurdle: float
    deals: int
    reserves: float
    recycling: float
    investment_years: int
    life_years: int
    cheque: float | None = None       # initial cheque per deal (None: initial capital / deals)

    @property
    def investable(self) -> float:
        """Commitments less the largest fees the schedule can charge (module docstring)."""
        inv, post = self.investment_years, self.life_years - self.investment_years
        return self.size * (1.0 - self.fee * inv) / (1.0 + self.fee * post)

    @property
    def initial_cheque(self) -> float:
        return self.cheque if self.cheque is not None else self.investable * (1.0 - self.reserves) / self.deals


@dataclass(frozen=True)
class FundModel:
    """The terms and the deal pools with the stage (pool index) of each initial deal."""

    terms: FundTerms
    pools: tuple[DealDraws, ...]
    slots: tuple[int, ...]            # pool index of each initial deal

    @property
    def months(self) -> int:
        """Months of cash flows: the last entry (the recycled position at the end of the investment
        period) plus the longest time to an exit, plus one."""
        longest = max(int(p.exit_month.max()) for p in self.pools)
        return 12 * self.terms.investment_years + max(longest, 12 * self.terms.life_years) + 1


def slots_of(mix: dict[str, float], names: tuple[str, ...], deals: int) -> tuple[int, ...]:
    """Pool index of each of ``deals`` initial deals: counts by largest remainders of ``mix`` x deals."""
    total = sum(mix.values())
    raw = [mix.get(n, 0.0) / total * deals for n in names]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(names)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[:deals - sum(counts)]:
        counts[i] += 1
    return tuple(i for i, c in enumerate(counts) for _ in range(c))


# ----------------------------------------------------------------------------- deal pools from the deal engine
def deal_draws(name: str, startup: Startup, proposal: Proposal, n_paths: int, seed: int | None,
               config: DealConfig | None = None) -> DealDraws:
    """The deal engine's futures of ``proposal`` into ``startup`` (:func:`goldmine.deal.analyze_deal`'s
    simulation and exact payout curves, without the investor's pro-rata): multiples, exit months, the
    month of the next round, and the engine's pro-rata cheque and price step-up in that round."""
    from goldmine.deal.simulate import simulate

    cfg = config or DealConfig.shipped()
    terms = deal_terms(startup, proposal, cfg)
    book = book_deal(startup, terms, cfg, Rounding(price_decimals=None), "percentage_ownership", source=None, paths=None)
    sim = simulate(company_model(startup, terms, cfg), n_paths, seed)
    cheque = float(terms.new_money)
    moic = path_payouts(sim, book.eval_) / cheque
    moic[np.abs(moic - 1.0) <= 1e-6] = 1.0
    follow = sim.round_months[:, 0].astype(np.int64) if sim.round_months.shape[1] else np.zeros(sim.n, dtype=np.int64)
    ratio = step = 1.0
    if len(book.caps_pr) > 1:
        cap = book.caps_pr[1]
        ratio = float(cap.pro_rata_amounts[0]) / cheque
        step = float(cap.post_money - cap.round_amounts[0]) / float(terms.post_money)
    return DealDraws(name, moic, sim.exit_month.astype(np.int64), follow, ratio, step)


def generic_deal(stage: str, *, pre_money: float, round_size: float, arr: float, config: DealConfig | None = None,
                 founders_shares: int = 9_000_000, pool_share: float = 0.10) -> tuple[Startup, Proposal]:
    """A generic company raising its ``stage`` round (``seed`` or ``series_a``) at a market price, as
    :func:`goldmine.deal.generic_seed` builds the seed one: founders' common shares, an unissued pool,
    one month of revenue at ``arr / 12``, no market ceiling."""
    before = {"seed": "pre_seed", "series_a": "seed"}.get(stage)
    if before is None:
        raise AnalysisError("fund.error.stage", path="stage_mix", stage=stage, known="seed, series_a")
    as_of = "2025-01-31"
    pool = round(founders_shares * pool_share / (1.0 - pool_share))
    startup = Startup.model_validate({
        "id": f"generic-{stage.replace('_', '-')}",
        "identity": {"name": {"en": f"Generic {stage} company", "zh": "通用公司"}, "country": "US", "currency": "USD",
                     "founded": "2022-01-01"},
        "stage": before, "vertical": "other", "business_model": "product", "team": {"size": 10},
        "financials": {"as_of": as_of, "cash": 0, "monthly_burn": 0,
                       "revenue_history": [{"month": as_of[:7], "revenue": arr / 12.0}]},
        "cap_table": {"holdings": [{"holder": "Founders", "share_class": "common", "shares": founders_shares}],
                      "option_pool_unissued": pool},
    })
    return startup, Proposal(new_money=round_size, pre_money=pre_money, investor="Fund")


# ----------------------------------------------------------------------------- the simulation
def chunk_tasks(model: FundModel, replications: int, seed: int | None, chunk: int = CHUNK) -> list[tuple[Any, ...]]:
    """Tasks ``(model, n, seed_sequence)`` for :func:`simulate_chunk`: fixed chunks, each with its own
    child of ``SeedSequence(seed)``, so any backend gives the same funds."""
    if replications < 1:
        raise AnalysisError("fund.error.paths", path="paths", n=replications)
    sizes = [min(chunk, replications - s) for s in range(0, replications, chunk)]
    children = np.random.SeedSequence(seed).spawn(len(sizes))
    return [(model, n, child) for n, child in zip(sizes, children, strict=True)]


@dataclass(frozen=True)
class FundPaths:
    """Per simulated fund (rows) the quantities the report summarises."""

    gross_tvpi: np.ndarray
    net_tvpi: np.ndarray
    net_irr: np.ndarray
    dpi_by_year: np.ndarray       # (funds, years)
    tvpi_by_year: np.ndarray      # (funds, years)
    net_cash_by_year: np.ndarray  # (funds, years): cumulative net LP cash flow / size
    gross_proceeds: np.ndarray
    paid_in: np.ndarray
    fees: np.ndarray
    carry: np.ndarray
    top_share: np.ndarray         # the largest position's share of gross proceeds
    tenx_share: np.ndarray        # share of gross proceeds from positions at 10x or more
    tenx_deals: np.ndarray        # share of positions at 10x or more

    @staticmethod
    def concat(parts: list[FundPaths]) -> FundPaths:
        return FundPaths(**{k: np.concatenate([getattr(p, k) for p in parts]) for k in FundPaths.__dataclass_fields__})


def simulate_chunk(model: FundModel, n: int, seed: np.random.SeedSequence | int | None) -> FundPaths:
    """``n`` funds (module docstring); pure and deterministic for a seed."""
    rng = np.random.default_rng(seed)
    T, M = model.terms, model.months
    k = len(model.slots)
    inv_m, life_m = 12 * T.investment_years, 12 * T.life_years
    entry = np.array([i * inv_m // k for i in range(k)], dtype=np.int64)
    slots = np.asarray(model.slots)
    moic = np.zeros((n, k))
    exit_m = np.zeros((n, k), dtype=np.int64)
    fol_m = np.zeros((n, k), dtype=np.int64)
    ratio = np.zeros(k)
    step = np.ones(k)
    for j, pool in enumerate(model.pools):
        cols = np.flatnonzero(slots == j)
        if cols.size == 0:
            continue
        idx = rng.integers(0, pool.moic.size, size=(n, cols.size))
        moic[:, cols] = pool.moic[idx]
        exit_m[:, cols] = pool.exit_month[idx]
        fol_m[:, cols] = pool.follow_month[idx]
        ratio[cols], step[cols] = pool.follow_ratio, pool.follow_step
    cheque = T.initial_cheque
    exit_at = entry[None, :] + exit_m
    # follow-ons: pro-rata demands of the graduates, served in date order from the reserves
    fol_at = entry[None, :] + fol_m
    wants = (fol_m > 0) & (fol_at < exit_at) & (fol_at < life_m)
    demand = np.where(wants, cheque * ratio[None, :], 0.0)
    order = np.argsort(np.where(wants, fol_at, M + 1), axis=1, kind="stable")
    d_sorted = np.take_along_axis(demand, order, axis=1)
    before = np.cumsum(d_sorted, axis=1) - d_sorted
    reserve = T.investable - cheque * k if T.cheque is None else T.investable * T.reserves
    alloc_sorted = np.clip(max(reserve, 0.0) - before, 0.0, d_sorted)
    follow = np.zeros_like(demand)
    np.put_along_axis(follow, order, alloc_sorted, axis=1)
    proceeds = cheque * moic + follow * moic / step[None, :]
    rows = np.arange(n)[:, None]
    gross = _by_month(rows, exit_at, proceeds, n, M)
    invest = _by_month(rows, np.broadcast_to(entry, (n, k)), np.full((n, k), cheque), n, M)
    invest += _by_month(rows, fol_at, follow, n, M)
    cost_out = _by_month(rows, exit_at, cheque + follow, n, M)
    # recycling: early proceeds retained up to the cap, reinvested in one more position
    cap = T.recycling * T.size
    kept_cum = np.minimum(np.cumsum(gross[:, :inv_m], axis=1), cap)
    kept = np.diff(kept_cum, axis=1, prepend=0.0)
    recycled = kept_cum[:, -1] if inv_m else np.zeros(n)
    pool_of = rng.integers(0, len(model.pools), size=n) if len(model.pools) > 1 else np.zeros(n, dtype=np.int64)
    r_moic, r_exit = np.zeros(n), np.zeros(n, dtype=np.int64)
    for j, pool in enumerate(model.pools):
        who = np.flatnonzero(pool_of == j)
        pick = rng.integers(0, pool.moic.size, size=who.size)
        r_moic[who], r_exit[who] = pool.moic[pick], pool.exit_month[pick]
    r_at = np.minimum(inv_m + r_exit, M - 1)
    has_r = recycled > 0
    gross[np.flatnonzero(has_r), r_at[has_r]] += recycled[has_r] * r_moic[has_r]
    invested_cost = _cumulative(invest) - _cumulative(cost_out)
    if inv_m < M:
        invested_cost[has_r, inv_m:] += recycled[has_r, None]
        ends = r_at[has_r]
        for i, e in zip(np.flatnonzero(has_r), ends, strict=True):
            invested_cost[i, e:] -= recycled[i]
    fees = np.zeros((n, M))
    for y in range(T.life_years):
        m = 12 * y
        fees[:, m] = T.fee * (T.size if y < T.investment_years else np.maximum(invested_cost[:, m - 1] if m else 0.0, 0.0))
    contrib = invest + fees
    to_lps = gross.copy()
    to_lps[:, :inv_m] -= kept
    lp, gp = waterfall(contrib, to_lps, T.carry, T.hurdle)
    pos_value = np.concatenate([proceeds, (recycled * r_moic)[:, None]], axis=1)
    pos_cost = np.concatenate([cheque + follow, recycled[:, None]], axis=1)
    return _measures(T, gross, contrib, fees, lp, gp, invested_cost, pos_value, pos_cost)


def _by_month(rows: np.ndarray, months: np.ndarray, amounts: np.ndarray, n: int, M: int) -> np.ndarray:
    flat = (rows * M + np.minimum(months, M - 1)).ravel()
    out: np.ndarray = np.bincount(flat, weights=np.asarray(amounts, dtype="float64").ravel(), minlength=n * M).reshape(n, M)
    return out


def _cumulative(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.cumsum(x, axis=1)
    return out


def waterfall(contrib: np.ndarray, dist: np.ndarray, carry: float, hurdle: float) -> tuple[np.ndarray, np.ndarray]:
    """European whole-fund waterfall month by month (module docstring): LP and GP shares of ``dist``.

    ``contrib`` and ``dist`` are (funds, months) cash amounts; returns (to LPs, carried interest).
    """
    n, M = dist.shape
    lp = np.zeros((n, M))
    gp = np.zeros((n, M))
    capital = np.zeros(n)         # contributed, not yet returned
    pref = np.zeros(n)            # preferred return accrued, not yet paid
    lp_profit = np.zeros(n)       # distributed to LPs beyond their capital
    gp_paid = np.zeros(n)
    growth = (1.0 + hurdle) ** (1.0 / 12.0) - 1.0
    share = carry / (1.0 - carry) if carry < 1 else math.inf
    for t in range(M):
        if hurdle > 0:
            pref += (capital + pref) * growth
        capital += contrib[:, t]
        d = dist[:, t].copy()
        back = np.minimum(d, capital)
        capital -= back
        d -= back
        paid = np.minimum(d, pref) if hurdle > 0 else np.zeros(n)
        pref -= paid
        d -= paid
        lp_profit += paid
        catch = np.minimum(d, np.maximum(share * lp_profit - gp_paid, 0.0)) if carry > 0 and hurdle > 0 else np.zeros(n)
        d -= catch
        split_gp = carry * d
        gp_paid += catch + split_gp
        lp_profit += d - split_gp
        lp[:, t] = back + paid + d - split_gp
        gp[:, t] = catch + split_gp
    return lp, gp


def _measures(T: FundTerms, gross: np.ndarray, contrib: np.ndarray, fees: np.ndarray, lp: np.ndarray, gp: np.ndarray,
              cost: np.ndarray, pos_value: np.ndarray, pos_cost: np.ndarray) -> FundPaths:
    n, M = gross.shape
    years = -(-M // 12)
    ends = np.minimum(np.arange(1, years + 1) * 12, M) - 1
    paid_cum = _cumulative(contrib)[:, ends]
    lp_cum = _cumulative(lp)[:, ends]
    nav = np.maximum(cost[:, ends], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dpi = np.where(paid_cum > 0, lp_cum / paid_cum, 0.0)
        tvpi_y = np.where(paid_cum > 0, (lp_cum + nav) / paid_cum, 0.0)
    paid = contrib.sum(axis=1)
    total_gross = gross.sum(axis=1)
    safe = np.where(total_gross > 0, total_gross, 1.0)
    top = np.where(total_gross > 0, pos_value.max(axis=1) / safe, 0.0)
    held = pos_cost > 0
    tenx = held & (pos_value >= 10.0 * pos_cost)
    invested = pos_cost.sum(axis=1)
    return FundPaths(
        gross_tvpi=total_gross / invested, net_tvpi=lp.sum(axis=1) / paid, net_irr=_irrs(lp - contrib),
        dpi_by_year=dpi, tvpi_by_year=tvpi_y, net_cash_by_year=_cumulative(lp - contrib)[:, ends] / T.size,
        gross_proceeds=total_gross, paid_in=paid, fees=fees.sum(axis=1), carry=gp.sum(axis=1), top_share=top,
        tenx_share=np.where(tenx, pos_value, 0.0).sum(axis=1) / safe,
        tenx_deals=tenx.sum(axis=1) / np.maximum(held.sum(axis=1), 1))


def _irrs(flows: np.ndarray) -> np.ndarray:
    """XIRR of each fund's monthly net LP cash flows (pyxirr; -1 for a total loss, NaN where none exists)."""
    n, M = flows.shape
    dates = [START + dt.timedelta(days=round(m * DAYS_PER_MONTH)) for m in range(M)]
    out = np.full(n, math.nan)
    for i in range(n):
        row = flows[i]
        if not (row > 0).any():
            out[i] = -1.0
            continue
        try:
            r = pyxirr.xirr(dates, row.tolist())
        except pyxirr.InvalidPaymentsError:
            continue
        if r is not None and math.isfinite(r):
            out[i] = float(r)
    return out


# ----------------------------------------------------------------------------- summaries
def quantiles(x: np.ndarray, qs: tuple[float, ...] = (10, 25, 50, 75, 90)) -> dict[str, float]:
    v = x[np.isfinite(x)]
    return {f"p{q:g}": float(np.percentile(v, q)) if v.size else math.nan for q in qs}


def summarise(x: np.ndarray, below: tuple[float, ...] = (), at_least: tuple[float, ...] = ()) -> Distribution:
    return distribution(x[np.isfinite(x)], below=below, at_least=at_least)
