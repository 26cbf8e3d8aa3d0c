"""The deal analysis: a proposed round -> pro-forma cap table -> simulated paths -> exact waterfall ->
MOIC and IRR -> decision figures (issue #14).

:func:`analyze_deal` joins the parts (each module cites its sources):

1. :mod:`goldmine.deal.proforma` — the proposal on the company's cap table, exactly; the tables after
   each number of later rounds, with and without the investor's pro-rata;
2. :mod:`goldmine.deal.curve` — each table's exact payout curve, computed once;
3. :mod:`goldmine.deal.simulate` — the company's futures (the one growth model, the ladder of rounds,
   the exit);
4. :mod:`goldmine.deal.returns` — the investor's cash flows on each path, MOIC and IRR distributions
   with Monte Carlo standard errors;
5. decision figures: the payout-versus-exit curve and its breakpoints by class; the exit value for
   1x, 3x and 10x; the exit that returns the whole fund at the simulated exit ownership; the highest
   entry pre-money that still meets a target (a bracketed root find on the price, Brent's method,
   on the same simulated paths); a sensitivity table of entry pre-money x exit multiple.

The result (:class:`DealAnalysis`) is language-neutral: numbers, ids and message keys.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from scipy import optimize

from goldmine.deal.config import STAGES, DealConfig
from goldmine.deal.curve import CurveEvaluator, PayoutCurve, payout_curve
from goldmine.deal.proforma import (
    SERIES_LABEL,
    Capitalisation,
    DealTerms,
    ProForma,
    capitalisations,
    conversion_date,
    deal_terms,
    pro_forma,
)
from goldmine.deal.returns import (
    Distribution,
    batch_se,
    distribution,
    irr_paths,
    pooled_irr,
    proportion,
)
from goldmine.deal.simulate import KINDS, CompanyModel, Ladder, Paths, simulate
from goldmine.errors import AnalysisError
from goldmine.finance.config import FinanceConfig
from goldmine.financing import DEFAULT_METHOD, Rounding
from goldmine.growth import GrowthConfig, growth_model
from goldmine.i18n.messages import Message, Money, Term
from goldmine.metrics.fx import FxTable, default_fx
from goldmine.model import Startup
from goldmine.model.proposal import Proposal
from goldmine.results import Result

TargetMetric = Literal["mean_moic", "median_moic", "median_irr", "pooled_irr"]
MULTIPLES = (1.0, 3.0, 10.0)
ROOT_XTOL = 1e-4          # relative tolerance of the price root find
ROOT_BRACKET = (0.02, 50.0)  # the bracket, as multiples of the proposal's pre-money
ONE_X_TOLERANCE = 1e-6       # relative: a multiple this close to 1 is the money back (whole-share rounding)


# =========================================================================== results
@dataclass(frozen=True)
class Returns(Result):
    """The investor's returns under one pro-rata policy: MOIC and IRR distributions with standard errors."""

    pro_rata: bool
    invested_mean: float
    moic: Distribution
    irr: Distribution
    pooled_irr: float | None
    pooled_irr_se: float | None

    @property
    def p_loss(self) -> float:
        return self.moic.p_below["1"]["value"]

    @property
    def p_3x(self) -> float:
        return self.moic.p_at_least["3"]["value"]

    @property
    def p_10x(self) -> float:
        return self.moic.p_at_least["10"]["value"]

    def to_dict(self) -> dict[str, Any]:
        return {"pro_rata": self.pro_rata, "invested_mean": self.invested_mean, "moic": self.moic.to_dict(),
                "irr": self.irr.to_dict(), "pooled_irr": self.pooled_irr, "pooled_irr_se": self.pooled_irr_se}


@dataclass(frozen=True)
class ExitCapitalisation(Result):
    """One capitalisation a path can exit with: ``rounds`` later rounds raised."""

    rounds: int
    stages: tuple[str, ...]
    share_of_paths: float
    ownership: float                 # without pro-rata
    ownership_pro_rata: float        # with pro-rata
    pro_rata_invested: float         # the investor's pro-rata cheques in these rounds
    post_money: float                # post-money of the last priced round
    exit_for_multiple: dict[str, float | None]           # "1", "3", "10" -> exit value (the proposal's policy)
    fund_returner: float | None                          # exit value returning the fund (the proposal's policy)
    investor_curve: tuple[tuple[float, float], ...]      # (breakpoint, investor payout) (the proposal's policy)

    def to_dict(self) -> dict[str, Any]:
        return {"rounds": self.rounds, "stages": list(self.stages), "share_of_paths": self.share_of_paths,
                "ownership": self.ownership, "ownership_pro_rata": self.ownership_pro_rata,
                "pro_rata_invested": self.pro_rata_invested, "post_money": self.post_money,
                "exit_for_multiple": dict(self.exit_for_multiple), "fund_returner": self.fund_returner,
                "investor_curve": [{"exit_value": x, "payout": y} for x, y in self.investor_curve]}


@dataclass(frozen=True)
class PayoutByClass(Result):
    """The entry capitalisation's payout-versus-exit curve: breakpoints and each class's payout there."""

    breakpoints: tuple[float, ...]
    by_class: dict[str, tuple[float, ...]]
    investor: tuple[float, ...]
    slope_after: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"breakpoints": list(self.breakpoints), "by_class": {k: list(v) for k, v in self.by_class.items()},
                "investor": list(self.investor), "slope_after": dict(self.slope_after)}


@dataclass(frozen=True)
class MaxEntry(Result):
    """The highest entry pre-money that still meets the target (a root find on the price)."""

    metric: str
    target: float
    status: str                      # found, unreachable (not even at the bracket's low end), above_bracket
    pre_money: float | None
    achieved: float | None           # the metric at the root
    achieved_se: float | None
    bracket: tuple[float, float]
    method: str
    iterations: int
    xtol: float
    at_proposal: float               # the metric at the proposed price
    at_proposal_se: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "target": self.target, "status": self.status, "pre_money": self.pre_money,
                "achieved": self.achieved, "achieved_se": self.achieved_se, "bracket": list(self.bracket),
                "method": self.method, "iterations": self.iterations, "xtol": self.xtol,
                "at_proposal": self.at_proposal, "at_proposal_se": self.at_proposal_se}


@dataclass(frozen=True)
class Sensitivity(Result):
    """Entry pre-money (rows) x exit-multiple scale (columns): mean MOIC, median MOIC and P(MOIC >= 3)."""

    pre_money: tuple[float, ...]
    exit_multiple_scale: tuple[float, ...]
    mean_moic: tuple[tuple[float, ...], ...]
    median_moic: tuple[tuple[float, ...], ...]
    p_3x: tuple[tuple[float, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"pre_money": list(self.pre_money), "exit_multiple_scale": list(self.exit_multiple_scale),
                "mean_moic": [list(r) for r in self.mean_moic], "median_moic": [list(r) for r in self.median_moic],
                "p_3x": [list(r) for r in self.p_3x]}


@dataclass(frozen=True)
class Simulated(Result):
    """What the simulated company did: outcomes, rounds, exits, and the plausibility checks."""

    paths: int
    seed: int | None
    horizon_months: int
    outcomes: dict[str, dict[str, float]]          # shutdown, acquisition, ipo, horizon_sale -> value, se
    rounds_raised: dict[str, dict[str, float]]     # "0", "1", ... -> value, se
    exit_month: Distribution
    exit_value: Distribution                       # over paths that are not shut down
    growth: dict[str, Any]                         # the growth model (goldmine.growth)
    revenue_ceiling_annual: float | None           # SOM
    max_exit_arr: float
    ceiling_holds: bool
    max_exit_value: float
    exit_value_p99: float

    def to_dict(self) -> dict[str, Any]:
        return {"paths": self.paths, "seed": self.seed, "horizon_months": self.horizon_months,
                "outcomes": {k: dict(v) for k, v in self.outcomes.items()},
                "rounds_raised": {k: dict(v) for k, v in self.rounds_raised.items()},
                "exit_month": self.exit_month.to_dict(), "exit_value": self.exit_value.to_dict(),
                "growth": dict(self.growth), "plausibility": {
                    "revenue_ceiling_annual": self.revenue_ceiling_annual, "max_exit_arr": self.max_exit_arr,
                    "ceiling_holds": self.ceiling_holds, "max_exit_value": self.max_exit_value,
                    "exit_value_p99": self.exit_value_p99}}


@dataclass(frozen=True)
class DealAnalysis(Result):
    """Everything ``goldmine deal`` reports (docs/deal.md lists the JSON keys)."""

    company: str
    currency: str
    terms: DealTerms
    pro_forma: ProForma
    rounding: Rounding
    simulated: Simulated
    returns: Returns                  # under the proposal's pro-rata policy
    returns_without_pro_rata: Returns
    returns_with_pro_rata: Returns
    capitalisations: tuple[ExitCapitalisation, ...]
    payout_curve: PayoutByClass
    fund_returner: dict[str, Any]
    max_entry: MaxEntry | None
    sensitivity: Sensitivity | None
    verdict: str                      # within_target, above_target, unreachable, not_assessed
    reasons: tuple[Message, ...]
    assumptions: tuple[Message, ...]
    priors: dict[str, Any]

    @property
    def entry_ownership(self) -> float:
        return float(self.pro_forma.entry_ownership)

    @property
    def entry_price(self) -> float:
        return float(self.pro_forma.entry_price)

    def to_dict(self) -> dict[str, Any]:
        t = self.terms
        step = self.pro_forma.step
        return {
            "company": self.company, "currency": self.currency, "date": t.date.isoformat(),
            "proposal": {"instrument": t.instrument, "round": t.stage, "round_name": t.round_name,
                         "new_money": float(t.new_money), "round_size": float(t.round_size),
                         "pre_money": float(t.pre_money), "post_money": float(t.post_money),
                         "pool_target": None if t.pool_target is None else float(t.pool_target),
                         "preference": {"multiple": float(t.terms.liquidation_multiple), "participation": t.terms.participation,
                                        "cap": None if t.terms.participation_cap is None else float(t.terms.participation_cap)},
                         "pro_rata": t.pro_rata, "fund_size": None if t.fund_size is None else float(t.fund_size),
                         "discount": float(t.discount), "interest_rate": float(t.interest_rate), "investor": t.investor},
            "entry": {"ownership": self.entry_ownership, "ownership_exact": str(self.pro_forma.entry_ownership),
                      "price_per_share": self.entry_price, "price_exact": str(self.pro_forma.entry_price),
                      "shares": self.pro_forma.shares, "converting": float(self.pro_forma.converting),
                      "rounding": self.rounding.describe(), "pro_forma": step.to_dict()},
            "simulation": self.simulated.to_dict(),
            "returns": self.returns.to_dict(),
            "pro_rata": {"without": self.returns_without_pro_rata.to_dict(), "with": self.returns_with_pro_rata.to_dict()},
            "capitalisations": [c.to_dict() for c in self.capitalisations],
            "payout_curve": self.payout_curve.to_dict(),
            "fund_returner": dict(self.fund_returner),
            "max_entry": None if self.max_entry is None else self.max_entry.to_dict(),
            "sensitivity": None if self.sensitivity is None else self.sensitivity.to_dict(),
            "verdict": self.verdict, "reasons": [m.to_dict() for m in self.reasons],
            "assumptions": [m.to_dict() for m in self.assumptions], "priors": self.priors,
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_pct, t

        r = self.returns
        lines = [t("deal.summary.entry", lang, ownership=format_pct(self.entry_ownership, 2), price=f"{self.entry_price:,.4f}"),
                 t("deal.summary.returns", lang, p_loss=format_pct(r.p_loss, 1), p3=format_pct(r.p_3x, 1),
                   p10=format_pct(r.p_10x, 1), median=f"{r.moic.median:.2f}", mean=f"{r.moic.mean:.2f}")]
        lines += [m.render(lang or "en") for m in self.reasons]
        return "\n".join(lines)


# =========================================================================== building blocks
@dataclass(frozen=True)
class DealBook:
    """The curves of one entry price: capitalisations and payout evaluators for both pro-rata policies."""

    pf: ProForma
    caps: tuple[Capitalisation, ...]
    caps_pr: tuple[Capitalisation, ...]
    curves: tuple[PayoutCurve, ...]
    curves_pr: tuple[PayoutCurve, ...]
    eval_: tuple[CurveEvaluator, ...]
    eval_pr: tuple[CurveEvaluator, ...]


def book_deal(startup: Startup, terms: DealTerms, cfg: DealConfig, rounding: Rounding, method: str, *,
          source: str | None, paths: Mapping[str, str] | None, both: bool = True, pro_rata: bool = False) -> DealBook:
    pf = pro_forma(startup, terms, rounding=rounding, method=method, source=source, paths=paths)
    on = conversion_date(terms)
    caps = capitalisations(pf, cfg, pro_rata=False, method=method) if both or not pro_rata else ()
    caps_pr = capitalisations(pf, cfg, pro_rata=True, method=method) if both or pro_rata else ()
    curves = tuple(payout_curve(c.table, on=on) for c in caps)
    curves_pr = tuple(payout_curve(c.table, on=on) for c in caps_pr)
    return DealBook(pf, caps, caps_pr, curves, curves_pr, tuple(c.evaluator(terms.investor) for c in curves),
                 tuple(c.evaluator(terms.investor) for c in curves_pr))


def path_payouts(paths: Paths, evaluators: tuple[CurveEvaluator, ...], scale: float = 1.0) -> np.ndarray:
    out = np.zeros(paths.n)
    values = paths.exit_value * scale
    for n, ev in enumerate(evaluators):
        mask = paths.rounds == n
        if mask.any():
            out[mask] = ev(values[mask])
    return np.maximum(out, 0.0)


def _invested(paths: Paths, terms: DealTerms, caps: tuple[Capitalisation, ...], pro_rata: bool) -> tuple[np.ndarray, np.ndarray]:
    """Total invested per path and the pro-rata cheques (paths x later rounds)."""
    K = paths.round_months.shape[1]
    follow = np.zeros((paths.n, K))
    if pro_rata and K:
        amounts = np.array([float(a) for a in caps[-1].pro_rata_amounts] + [0.0] * (K - len(caps[-1].pro_rata_amounts)))
        raised = paths.round_months > 0
        follow = raised * amounts[None, :]
    return float(terms.new_money) + follow.sum(axis=1), follow


def _returns(paths: Paths, terms: DealTerms, book: DealBook, pro_rata: bool, scale: float = 1.0, *, irr: bool = True) -> tuple[Returns, np.ndarray]:
    evaluators = book.eval_pr if pro_rata else book.eval_
    caps = book.caps_pr if pro_rata else book.caps
    payout = path_payouts(paths, evaluators, scale)
    invested, follow = _invested(paths, terms, caps, pro_rata)
    moic = payout / invested
    # a preference paid back falls short of the cheque by the rounding of the share count (issue price x
    # whole shares): within ONE_X_TOLERANCE of 1 it is the money back, not a loss
    moic[np.abs(moic - 1.0) <= ONE_X_TOLERANCE] = 1.0
    cheque = float(terms.new_money)
    if irr:
        irrs = irr_paths(terms.date, cheque, payout, paths.exit_month, follow, paths.round_months)
        pooled = pooled_irr(terms.date, cheque, payout, paths.exit_month, follow, paths.round_months)
        batches = np.array_split(np.arange(paths.n), min(20, max(paths.n // 50, 1)))
        pooled_se = batch_se([pooled_irr(terms.date, cheque, payout[b], paths.exit_month[b], follow[b], paths.round_months[b])
                              for b in batches]) if len(batches) > 1 else None
    else:
        irrs = np.full(paths.n, math.nan)
        pooled, pooled_se = None, None
    ret = Returns(pro_rata=pro_rata, invested_mean=float(invested.mean()),
                  moic=distribution(moic, below=(1.0,), at_least=MULTIPLES),
                  irr=distribution(irrs, below=(0.0,), at_least=(0.25,)) if irr else distribution(np.zeros(0)),
                  pooled_irr=pooled, pooled_irr_se=pooled_se)
    return ret, moic


def company_model(startup: Startup, terms: DealTerms, cfg: DealConfig, *, finance: FinanceConfig | None = None,
                  growth: GrowthConfig | None = None, fx: FxTable | None = None) -> CompanyModel:
    """The simulation's view of the company: the one growth model and the ladder of later rounds."""
    fcfg = finance or FinanceConfig.shipped()
    gcfg = growth or GrowthConfig.shipped()
    rev0 = startup.financials.monthly_revenue or 0.0
    if not rev0 > 0:
        raise AnalysisError("deal.error.no_revenue", path="financials.revenue_history")
    gm = growth_model(startup, gcfg, fx=fx)
    vol = gm.volatility if gm.volatility is not None else gcfg.measurement.volatility_if_unknown.value
    grad = fcfg.rounds.graduation.carta_2018
    share = {"seed": grad.seed, "series_a": grad.series_a, "series_b": grad.series_b, "series_c": grad.series_c,
             "series_d": cfg.graduation.series_d.value}
    stages = terms.future_stages
    rates = []
    for s in stages:
        i = STAGES.index(s)
        rates.append(share[s] / share[STAGES[i - 1]] if i > 0 else share[s])
    mb = fcfg.rounds.months_between
    gap = {"seed": mb.seed_to_a.value, "series_a": mb.seed_to_a.value, "series_b": mb.a_to_b.value,
           "series_c": cfg.months_between.later.value, "series_d": cfg.months_between.later.value}
    gaps = [gap[s] for s in stages] + [cfg.months_between.later.value]
    table = fx or default_fx()
    try:
        ipo_bar = table.convert(cfg.outcomes.ipo_min_arr_usd.value, "USD", startup.currency)
    except AnalysisError:
        raise AnalysisError("deal.error.fx", path="identity.currency", currency=startup.currency) from None
    m = cfg.multiples
    ladder = Ladder(stages=stages, graduation=tuple(rates), gap_months=tuple(gaps),
                    gap_dispersion=fcfg.uncertainty.gap_dispersion.value, selection=cfg.graduation.selection.value,
                    acquired_if_stalled=cfg.outcomes.acquired_if_stalled.value,
                    lives_on_if_stalled=cfg.outcomes.lives_on_if_stalled.value, ipo_min_arr=ipo_bar,
                    acquisition_median=m.acquisition.median.value, acquisition_log_sd=m.acquisition.log_sd.value,
                    ipo_median=m.ipo.median.value, ipo_log_sd=m.ipo.log_sd.value,
                    horizon=cfg.outcomes.horizon_months.value)
    return CompanyModel(growth=gm, revenue0=rev0, volatility=float(vol), ladder=ladder)


# =========================================================================== the analysis
def analyze_deal(startup: Startup, proposal: Proposal, *, n_paths: int, seed: int | None, rounding: Rounding | None = None,
                 method: str = DEFAULT_METHOD, target_metric: TargetMetric = "mean_moic", target_value: float = 3.0,
                 decision: bool = True, config: DealConfig | None = None, finance: FinanceConfig | None = None,
                 growth: GrowthConfig | None = None, fx: FxTable | None = None, source: str | None = None,
                 paths: Mapping[str, str] | None = None, workers: int = 2,
                 progress: Callable[[int], None] | None = None, sensitivity: bool = True) -> DealAnalysis:
    """The whole deal analysis (module docstring).  ``decision=False`` skips the root find and the
    sensitivity table (the speed benchmark's core); ``sensitivity=False`` skips only the table (the
    verdict does not read it: ``goldmine screen``); ``paths`` names proposal fields for errors."""
    cfg = config or DealConfig.shipped()
    rd = rounding or Rounding(price_decimals=None)
    terms = deal_terms(startup, proposal, cfg)
    book = book_deal(startup, terms, cfg, rd, method, source=source, paths=paths)
    model = company_model(startup, terms, cfg, finance=finance, growth=growth, fx=fx)
    sim = simulate(model, n_paths, seed, workers=workers, progress=progress)
    ret0, _ = _returns(sim, terms, book, pro_rata=False)
    ret1, _ = _returns(sim, terms, book, pro_rata=True)
    chosen = ret1 if terms.pro_rata else ret0
    exits = _exit_capitalisations(sim, terms, book)
    curve = _by_class(book.curves[0], terms.investor)
    fund = _fund_returner(sim, terms, book)
    max_entry = sens = None
    if decision:
        max_entry = _max_entry(startup, terms, cfg, rd, method, sim, target_metric, target_value, chosen, source, paths)
        sens = _sensitivity(startup, terms, cfg, rd, method, sim, book, source, paths) if sensitivity else None
    verdict, reasons = _verdict(terms, chosen, max_entry, startup.currency)
    return DealAnalysis(
        company=startup.display_name("en"), currency=startup.currency, terms=terms, pro_forma=book.pf, rounding=rd,
        simulated=_simulated(sim, model, n_paths, seed), returns=chosen, returns_without_pro_rata=ret0,
        returns_with_pro_rata=ret1, capitalisations=exits, payout_curve=curve, fund_returner=fund, max_entry=max_entry,
        sensitivity=sens, verdict=verdict, reasons=reasons, assumptions=terms.assumptions + book.pf.notes,
        priors=_priors(cfg, model, finance or FinanceConfig.shipped()))


def _simulated(sim: Paths, model: CompanyModel, n: int, seed: int | None) -> Simulated:
    outcomes = {name: proportion(float((sim.exit_kind == k).mean()), n) for k, name in KINDS.items()}
    K = len(model.ladder.stages)
    rounds = {str(k): proportion(float((sim.rounds == k).mean()), n) for k in range(K + 1)}
    alive = sim.exit_kind != 1
    values = sim.exit_value[alive] if alive.any() else np.zeros(1)
    ceiling = model.growth.ceiling
    holds = ceiling is None or sim.max_monthly_revenue <= ceiling * (1 + 1e-12)
    return Simulated(paths=n, seed=seed, horizon_months=model.ladder.horizon, outcomes=outcomes, rounds_raised=rounds,
                     exit_month=distribution(sim.exit_month.astype("float64")), exit_value=distribution(values),
                     growth=model.growth.to_dict(), revenue_ceiling_annual=None if ceiling is None else 12.0 * ceiling,
                     max_exit_arr=float(sim.exit_arr.max()) if n else 0.0, ceiling_holds=bool(holds),
                     max_exit_value=float(values.max()), exit_value_p99=float(np.percentile(values, 99)))


def _exit_capitalisations(sim: Paths, terms: DealTerms, book: DealBook) -> tuple[ExitCapitalisation, ...]:
    out = []
    policy_caps, policy_curves = (book.caps_pr, book.curves_pr) if terms.pro_rata else (book.caps, book.curves)
    for c0, c1, cv in zip(book.caps, book.caps_pr, policy_curves, strict=True):
        cap = policy_caps[c0.rounds]
        invested = terms.new_money + sum(cap.pro_rata_amounts, Fraction(0))
        exits: dict[str, float | None] = {}
        for m in MULTIPLES:
            x = cv.inverse(terms.investor, invested * Fraction(str(m)))
            exits[f"{m:g}"] = None if x is None else float(x)
        fund = cv.inverse(terms.investor, terms.fund_size) if terms.fund_size is not None else None
        pts = tuple((float(x), float(y)) for x, y in cv.holder_points(terms.investor))
        out.append(ExitCapitalisation(rounds=c0.rounds, stages=c0.stages, share_of_paths=float((sim.rounds == c0.rounds).mean()),
                                      ownership=float(c0.ownership), ownership_pro_rata=float(c1.ownership),
                                      pro_rata_invested=float(sum(c1.pro_rata_amounts, Fraction(0))),
                                      post_money=float(c0.post_money), exit_for_multiple=exits,
                                      fund_returner=None if fund is None else float(fund), investor_curve=pts))
    return tuple(out)


def _by_class(curve: PayoutCurve, investor: str) -> PayoutByClass:
    by_class = {k: tuple(float(v[i]) for v in curve.value) for i, k in enumerate(curve.keys)}
    inv = tuple(float(y) for _, y in curve.holder_points(investor))
    return PayoutByClass(breakpoints=tuple(float(x) for x in curve.x), by_class=by_class, investor=inv,
                         slope_after={k: float(s) for k, s in zip(curve.keys, curve.tail, strict=True)})


def _fund_returner(sim: Paths, terms: DealTerms, book: DealBook) -> dict[str, Any]:
    """The exit value at which the investor's payout equals its fund, at each path's exit capitalisation."""
    if terms.fund_size is None:
        return {"fund_size": None, "median_exit_value": None, "p_fund_returned": None, "p_fund_returned_se": None}
    curves = book.curves_pr if terms.pro_rata else book.curves
    needed = [c.inverse(terms.investor, terms.fund_size) for c in curves]
    per_path = np.array([math.inf if x is None else float(x) for x in needed])[sim.rounds]
    exiting = sim.exit_kind != 1
    evaluators = book.eval_pr if terms.pro_rata else book.eval_
    returned = path_payouts(sim, evaluators) >= float(terms.fund_size)
    med = float(np.median(per_path[exiting])) if exiting.any() else math.inf
    p = proportion(float(returned.mean()), sim.n)
    return {"fund_size": float(terms.fund_size), "median_exit_value": None if not math.isfinite(med) else med,
            "p_fund_returned": p["value"], "p_fund_returned_se": p["se"]}


def _metric(paths: Paths, terms: DealTerms, book: DealBook, metric: TargetMetric, scale: float = 1.0) -> tuple[float, float | None]:
    irr = metric in ("median_irr", "pooled_irr")
    ret, _ = _returns(paths, terms, book, terms.pro_rata, scale, irr=irr)
    if metric == "mean_moic":
        return ret.moic.mean, ret.moic.mean_se
    if metric == "median_moic":
        return ret.moic.median, ret.moic.median_se
    if metric == "median_irr":
        return ret.irr.median, ret.irr.median_se
    return (ret.pooled_irr if ret.pooled_irr is not None else -1.0), ret.pooled_irr_se


def _repriced(terms: DealTerms, pre: float) -> DealTerms:
    p = Fraction(pre).limit_denominator(10**6) if not float(pre).is_integer() else Fraction(int(pre))
    return dataclasses.replace(terms, pre_money=p, post_money=p + terms.round_size)


def _max_entry(startup: Startup, terms: DealTerms, cfg: DealConfig, rd: Rounding, method: str, sim: Paths,
               metric: TargetMetric, target: float, chosen: Returns, source: str | None,
               paths: Mapping[str, str] | None) -> MaxEntry:
    """Brent's method on ``metric(pre) - target`` over the bracket (the same simulated paths at every
    price: common random numbers, so the metric is a deterministic, non-increasing function of the price)."""
    base = float(terms.pre_money)
    lo = max(base * ROOT_BRACKET[0], _lowest_price(startup, terms, rd, method, source, paths))
    hi = max(base * ROOT_BRACKET[1], lo * 2.0)
    calls = 0

    def g(pre: float) -> float:
        nonlocal calls
        calls += 1
        t = _repriced(terms, pre)
        book = book_deal(startup, t, cfg, rd, method, source=source, paths=paths, both=False, pro_rata=t.pro_rata)
        return _metric(sim, t, book, metric)[0] - target

    at_prop = _metric(sim, terms, book_deal(startup, terms, cfg, rd, method, source=source, paths=paths, both=False,
                                         pro_rata=terms.pro_rata), metric)
    g_lo, g_hi = g(lo), g(hi)

    def result(status: str, pre: float | None, achieved: float | None, se: float | None) -> MaxEntry:
        return MaxEntry(metric=metric, target=target, status=status, pre_money=pre, achieved=achieved, achieved_se=se,
                        bracket=(lo, hi), method="brentq", iterations=calls, xtol=ROOT_XTOL, at_proposal=at_prop[0],
                        at_proposal_se=at_prop[1])

    if g_lo < 0:
        return result("unreachable", None, None, None)
    if g_hi >= 0:
        return result("above_bracket", hi, g_hi + target, None)
    root = optimize.brentq(g, lo, hi, xtol=ROOT_XTOL * base, rtol=1e-10, maxiter=100)
    # Brent returns a point within xtol of the crossing: step down to the side that meets the target
    pre = float(root)
    if g(pre) < 0:
        pre = max(lo, pre - ROOT_XTOL * base)
    t = _repriced(terms, pre)
    value, se = _metric(sim, t, book_deal(startup, t, cfg, rd, method, source=source, paths=paths, both=False,
                                      pro_rata=t.pro_rata), metric)
    return result("found", pre, value, se)


def _lowest_price(startup: Startup, terms: DealTerms, rd: Rounding, method: str, source: str | None,
                  paths: Mapping[str, str] | None) -> float:
    """The lowest pre-money the round can be priced at, with a 10 % margin: above the converting money and,
    with a pool target t, above (t x round + converting) / (1 - t) (the existing holders keep a positive value)."""
    converting = float(pro_forma(startup, terms, rounding=rd, method=method, source=source, paths=paths).converting) \
        if terms.instrument == "priced" else 0.0
    t = float(terms.pool_target or 0)
    floor = (t * float(terms.round_size) + converting) / (1.0 - t)
    return max(1.1 * floor, 0.05 * float(terms.round_size), 1.0)


def _sensitivity(startup: Startup, terms: DealTerms, cfg: DealConfig, rd: Rounding, method: str, sim: Paths,
                 book: DealBook, source: str | None, paths: Mapping[str, str] | None) -> Sensitivity:
    pres = tuple(float(terms.pre_money) * f for f in cfg.sensitivity.pre_money.value)
    scales = tuple(cfg.sensitivity.exit_multiple.value)
    floor = _lowest_price(startup, terms, rd, method, source, paths)
    mean, median, p3 = [], [], []
    for f, pre in zip(cfg.sensitivity.pre_money.value, pres, strict=True):
        if pre <= floor:
            mean.append(tuple(math.nan for _ in scales))
            median.append(tuple(math.nan for _ in scales))
            p3.append(tuple(math.nan for _ in scales))
            continue
        t = terms if f == 1.0 else _repriced(terms, pre)
        b = book if f == 1.0 else book_deal(startup, t, cfg, rd, method, source=source, paths=paths, both=False,
                                        pro_rata=t.pro_rata)
        row = [_returns(sim, t, b, t.pro_rata, s, irr=False)[0] for s in scales]
        mean.append(tuple(r.moic.mean for r in row))
        median.append(tuple(r.moic.median for r in row))
        p3.append(tuple(r.p_3x for r in row))
    return Sensitivity(pre_money=pres, exit_multiple_scale=scales, mean_moic=tuple(mean), median_moic=tuple(median),
                       p_3x=tuple(p3))


def _verdict(terms: DealTerms, r: Returns, max_entry: MaxEntry | None, currency: str) -> tuple[str, tuple[Message, ...]]:
    """Whether the price meets the target: a company can be good and the price wrong (issue #14)."""
    reasons = [Message("deal.reason.returns", {"p_loss": r.p_loss, "p_3x": r.p_3x, "p_10x": r.p_10x,
                                               "median": r.moic.median, "mean": r.moic.mean, "mean_se": r.moic.mean_se})]
    if max_entry is None:
        return "not_assessed", tuple(reasons)
    params: dict[str, Any] = {"metric": Term(f"deal.metric.{max_entry.metric}"), "target": max_entry.target,
                              "at_proposal": max_entry.at_proposal, "pre_money": Money(float(terms.pre_money), currency)}
    if max_entry.status == "unreachable":
        reasons.append(Message("deal.reason.unreachable", params))
        return "unreachable", tuple(reasons)
    assert max_entry.pre_money is not None  # invariant: found and above_bracket carry a price
    params["max_pre_money"] = Money(max_entry.pre_money, currency)
    if float(terms.pre_money) <= max_entry.pre_money:
        reasons.append(Message("deal.reason.within_target", params))
        return "within_target", tuple(reasons)
    reasons.append(Message("deal.reason.above_target", params))
    return "above_target", tuple(reasons)


def _priors(cfg: DealConfig, model: CompanyModel, fcfg: FinanceConfig) -> dict[str, Any]:
    """The priors the run used, each with its source (language-neutral: numbers and citations)."""
    L = model.ladder
    grad = fcfg.rounds.graduation.carta_2018
    return {
        "later_rounds": [{"stage": s, "label": SERIES_LABEL[s], "graduation": g, "median_gap_months": m,
                          "dilution": cfg.rounds.dilution.of(s), "step_up": cfg.rounds.step_up.of(s) if s != "seed" else None}
                         for s, g, m in zip(L.stages, L.graduation, L.gap_months, strict=False)],
        "exit_gap_months": L.gap_months[-1],
        "graduation_source": grad.source, "series_d_source": cfg.graduation.series_d.source,
        "gap_sources": [fcfg.rounds.months_between.seed_to_a.source, fcfg.rounds.months_between.a_to_b.source,
                        cfg.months_between.later.source],
        "gap_dispersion": {"value": L.gap_dispersion, "source": fcfg.uncertainty.gap_dispersion.source},
        "rounds_source": cfg.rounds.source,
        "selection": {"value": L.selection, "source": cfg.graduation.selection.source},
        "acquired_if_stalled": {"value": L.acquired_if_stalled, "source": cfg.outcomes.acquired_if_stalled.source},
        "lives_on_if_stalled": {"value": L.lives_on_if_stalled, "source": cfg.outcomes.lives_on_if_stalled.source},
        "ipo_min_arr": {"value": L.ipo_min_arr, "usd": cfg.outcomes.ipo_min_arr_usd.value,
                        "source": cfg.outcomes.ipo_min_arr_usd.source},
        "acquisition_multiple": {"median": L.acquisition_median, "log_sd": L.acquisition_log_sd,
                                 "source": cfg.multiples.acquisition.median.source},
        "ipo_multiple": {"median": L.ipo_median, "log_sd": L.ipo_log_sd, "source": cfg.multiples.ipo.median.source},
        "horizon_months": {"value": L.horizon, "source": cfg.outcomes.horizon_months.source},
    }
