"""Use case of ``goldmine fund`` (issue #19, point 2): simulate a venture fund's returns.

:func:`run_fund` builds the deal pools from the deal engine (the generic seed deal of
``data/deal.yaml`` and the generic Series A deal of ``data/settings.yaml`` ``fund``, or the companies
of the user's pipeline with their proposed rounds), checks the fund's terms, simulates the funds in
chunks (:func:`goldmine.portfolio.fund.chunk_tasks`) on the backend it is given (anything with
``map(fn, tasks)``: :mod:`goldmine.parallel`'s serial, process or Dask backends; in this process
without one) and summarises them in a :class:`FundReport`.  Identical results on every backend for a
seed: the chunks and their seeds depend only on the seed and the number of funds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from goldmine.deal.config import DealConfig
from goldmine.deal.returns import Distribution, proportion
from goldmine.errors import InputError, Problem
from goldmine.i18n import t
from goldmine.model import Startup
from goldmine.model.proposal import Proposal
from goldmine.pipeline.settings import FundSettings
from goldmine.portfolio.fund import (
    DealDraws,
    FundModel,
    FundPaths,
    FundTerms,
    chunk_tasks,
    deal_draws,
    generic_deal,
    quantiles,
    simulate_chunk,
    slots_of,
    summarise,
)

SENSITIVITY_DEALS = (10, 25, 50, 100)
SENSITIVITY_PATHS = 2_000


class Mapper(Protocol):
    """What :func:`run_fund` needs of a backend (:class:`goldmine.parallel.Backend` provides it)."""

    def map(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]],
            on_done: Callable[[int], None] | None = None) -> list[Any]: ...


@dataclass(frozen=True)
class FundReport:
    """The simulated fund: terms, distributions of the multiples and IRR, the J-curve, the odds."""

    settings: FundSettings
    investable: float
    initial_cheque: float
    pools: tuple[dict[str, Any], ...]
    gross_tvpi: Distribution
    net_tvpi: Distribution
    net_irr: Distribution
    years: tuple[int, ...]
    dpi_by_year: dict[str, tuple[float, ...]]
    tvpi_by_year: dict[str, tuple[float, ...]]
    j_curve: dict[str, tuple[float, ...]]
    p_net_tvpi_at_least_1: dict[str, float]
    p_return_fund: dict[str, float]
    top_deal_share_median: float
    tenx_share_of_proceeds: float
    tenx_share_of_deals: float
    paid_in_mean: float
    fees_mean: float
    carry_mean: float
    sensitivity: tuple[dict[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings.to_dict(), "investable": self.investable, "initial_cheque": self.initial_cheque,
            "pools": [dict(p) for p in self.pools], "gross_tvpi": self.gross_tvpi.to_dict(),
            "net_tvpi": self.net_tvpi.to_dict(), "net_irr": self.net_irr.to_dict(), "years": list(self.years),
            "dpi_by_year": {k: list(v) for k, v in self.dpi_by_year.items()},
            "tvpi_by_year": {k: list(v) for k, v in self.tvpi_by_year.items()},
            "j_curve": {k: list(v) for k, v in self.j_curve.items()},
            "p_net_tvpi_at_least_1": dict(self.p_net_tvpi_at_least_1), "p_return_fund": dict(self.p_return_fund),
            "top_deal_share_median": self.top_deal_share_median, "tenx_share_of_proceeds": self.tenx_share_of_proceeds,
            "tenx_share_of_deals": self.tenx_share_of_deals, "paid_in_mean": self.paid_in_mean,
            "fees_mean": self.fees_mean, "carry_mean": self.carry_mean,
            "sensitivity": [dict(s) for s in self.sensitivity],
        }

    def summary(self, lang: str | None = None) -> str:
        return t("fund.summary", lang, size=f"{self.settings.size / 1e6:,.0f}", deals=self.settings.deals,
                 net=f"{self.net_tvpi.median:.2f}", gross=f"{self.gross_tvpi.median:.2f}",
                 p1=f"{self.p_net_tvpi_at_least_1['value']:.0%}", pf=f"{self.p_return_fund['value']:.0%}")


def fund_terms(s: FundSettings, deals: int | None = None) -> FundTerms:
    return FundTerms(size=s.size, fee=s.fee, carry=s.carry, hurdle=s.hurdle, deals=deals or s.deals, reserves=s.reserves,
                     recycling=s.recycling, investment_years=s.investment_years, life_years=s.life_years, cheque=s.cheque)


def check_terms(s: FundSettings) -> None:
    """Terms that cannot make a fund: an :class:`InputError` naming the setting (CLI exit 2)."""
    problems = []
    T = fund_terms(s)
    if s.life_years < s.investment_years:
        problems.append(Problem("life_years", "fund.expected.life", s.life_years, params={"years": s.investment_years}))
    if T.investable <= 0:
        problems.append(Problem("fee", "fund.expected.fee_budget", s.fee, params={"years": s.investment_years}))
    if s.cheque is not None and s.cheque > s.size:
        problems.append(Problem("cheque", "fund.expected.cheque_size", s.cheque, params={"size": s.size}))
    elif s.cheque is not None and T.investable > 0 and s.cheque * s.deals > T.investable * (1.0 - s.reserves) * (1 + 1e-12):
        problems.append(Problem("cheque", "fund.expected.cheques_capital", s.cheque,
                                params={"deals": s.deals, "capital": f"{T.investable * (1.0 - s.reserves):,.0f}"}))
    if sum(share for _, share in s.stage_mix) <= 0:
        problems.append(Problem("stage_mix", "fund.expected.mix", [list(m) for m in s.stage_mix]))
    if len({stage for stage, _ in s.stage_mix}) != len(s.stage_mix):
        problems.append(Problem("stage_mix", "fund.expected.mix_unique", [list(m) for m in s.stage_mix]))
    if problems:
        raise InputError(None, problems)


def stage_pools(s: FundSettings, config: DealConfig | None = None) -> tuple[tuple[DealDraws, ...], tuple[int, ...]]:
    """Pools of the generic deals of the stage mix and the pool of each initial deal."""
    cfg = config or DealConfig.shipped()
    g = cfg.generic_seed
    terms = {"seed": (g.pre_money_usd, g.round_usd, g.arr_usd),
             "series_a": (s.series_a_pre_money, s.series_a_round, s.series_a_arr)}
    names = tuple(stage for stage, share in s.stage_mix if share > 0)
    pools = []
    for i, name in enumerate(names):
        pre, money, arr = terms[name]
        startup, proposal = generic_deal(name, pre_money=pre, round_size=money, arr=arr, config=cfg)
        pools.append(deal_draws(name, startup, proposal, s.pool_paths, _child(s.seed, i), cfg))
    return tuple(pools), slots_of(dict(s.stage_mix), names, s.deals)


def pipeline_pools(s: FundSettings, pipeline: Sequence[tuple[str, Startup, Proposal | None]],
                   config: DealConfig | None = None) -> tuple[tuple[DealDraws, ...], tuple[int, ...]]:
    """Pools of the user's companies (each with its proposed round); initial deals spread over them in turn."""
    if not pipeline:
        raise InputError(None, [Problem("pipeline", "fund.expected.pipeline", 0)])
    missing = [Problem(f"pipeline[{i}].proposal", "fund.expected.proposal", name)
               for i, (name, _, p) in enumerate(pipeline) if p is None]
    if missing:
        raise InputError(None, missing)
    pools = tuple(deal_draws(name, st, p, s.pool_paths, _child(s.seed, i), config)
                  for i, (name, st, p) in enumerate(pipeline) if p is not None)
    return pools, tuple(i % len(pools) for i in range(s.deals))


def _child(seed: int, i: int) -> int:
    return int(np.random.SeedSequence([seed, 7919, i]).generate_state(1, dtype=np.uint64)[0] >> 1)


def simulate_funds(model: FundModel, paths: int, seed: int, backend: Mapper | None = None) -> FundPaths:
    tasks = chunk_tasks(model, paths, seed)
    parts = backend.map(simulate_chunk, tasks) if backend is not None else [simulate_chunk(*task) for task in tasks]
    return FundPaths.concat(parts)


def run_fund(settings: FundSettings | None = None, *, pipeline: Sequence[tuple[str, Startup, Proposal | None]] | None = None,
             backend: Mapper | None = None, config: DealConfig | None = None) -> FundReport:
    """The fund simulation (module docstring); ``pipeline`` (name, profile, proposal) replaces the stage
    priors by the user's companies."""
    s = settings or FundSettings.default()
    check_terms(s)
    pools, slots = pipeline_pools(s, pipeline, config) if pipeline is not None else stage_pools(s, config)
    T = fund_terms(s)
    fp = simulate_funds(FundModel(T, pools, slots), s.paths, s.seed, backend)
    sens = tuple(_spread(s, pools, k, pipeline is not None) for k in SENSITIVITY_DEALS)
    n = fp.gross_tvpi.size
    years = tuple(range(1, fp.dpi_by_year.shape[1] + 1))
    gross_total = float(fp.gross_proceeds.sum())
    return FundReport(
        settings=s, investable=T.investable, initial_cheque=T.initial_cheque,
        pools=tuple(_pool(p) for p in pools),
        gross_tvpi=summarise(fp.gross_tvpi, below=(1.0,), at_least=(3.0,)),
        net_tvpi=summarise(fp.net_tvpi, below=(1.0,), at_least=(2.0, 3.0)),
        net_irr=summarise(fp.net_irr, below=(0.0,), at_least=(0.15, 0.25)),
        years=years, dpi_by_year=_bands(fp.dpi_by_year), tvpi_by_year=_bands(fp.tvpi_by_year),
        j_curve=_bands(fp.net_cash_by_year),
        p_net_tvpi_at_least_1=proportion(float((fp.net_tvpi >= 1.0).mean()), n),
        p_return_fund=proportion(float((fp.gross_proceeds >= s.size).mean()), n),
        top_deal_share_median=float(np.median(fp.top_share)),
        tenx_share_of_proceeds=float((fp.tenx_share * fp.gross_proceeds).sum() / gross_total) if gross_total > 0 else math.nan,
        tenx_share_of_deals=float(fp.tenx_deals.mean()),
        paid_in_mean=float(fp.paid_in.mean()), fees_mean=float(fp.fees.mean()), carry_mean=float(fp.carry.mean()),
        sensitivity=sens)


def _bands(x: np.ndarray) -> dict[str, tuple[float, ...]]:
    qs = {"p10": 10, "p25": 25, "p50": 50, "p75": 75, "p90": 90}
    return {k: tuple(float(v) for v in np.percentile(x, q, axis=0)) for k, q in qs.items()}


def _pool(p: DealDraws) -> dict[str, Any]:
    return {"name": p.name, "paths": int(p.moic.size), "mean_moic": float(p.moic.mean()),
            "p_below_1": float((p.moic < 1.0).mean()), "p_at_least_10": float((p.moic >= 10.0).mean()),
            "p_next_round": float((p.follow_month > 0).mean()), "follow_ratio": p.follow_ratio, "follow_step": p.follow_step}


def _spread(s: FundSettings, pools: tuple[DealDraws, ...], deals: int, from_pipeline: bool) -> dict[str, float]:
    """Spread of gross and net TVPI for ``deals`` initial deals, the rest of the fund unchanged (in this process)."""
    T = fund_terms(s, deals)
    if s.cheque is not None:
        T = FundTerms(**{**T.__dict__, "cheque": None})
    names = tuple(p.name for p in pools)
    slots = tuple(i % len(pools) for i in range(deals)) if from_pipeline else slots_of(dict(s.stage_mix), names, deals)
    fp = simulate_funds(FundModel(T, pools, slots), min(s.paths, SENSITIVITY_PATHS), s.seed)
    g = fp.gross_tvpi
    q = quantiles(g, (25, 75))
    return {"deals": deals, "gross_tvpi_sd": float(g.std(ddof=1)) if g.size > 1 else math.nan,
            "gross_tvpi_iqr": q["p75"] - q["p25"], "gross_tvpi_median": float(np.median(g)),
            "net_tvpi_median": float(np.median(fp.net_tvpi)), "p_net_below_1": float((fp.net_tvpi < 1.0).mean())}
