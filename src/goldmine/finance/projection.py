"""Monthly cash-flow projection, runway, default alive / dead and funding need (issue #4).

Month ``t = 1..H`` after ``as_of``.  With ``rev0`` the last month of revenue, ``burn0`` the gross
monthly spend (``financials.monthly_burn``, which includes the cost of serving revenue), ``gm``
the gross margin:

* revenue: the one growth model of goldmine (:mod:`goldmine.growth`): ``rev_t`` grows by the
  monthly log growth ``mu f_t`` — ``mu`` today's growth (the revenue history shrunk toward the
  prior of companies of its size; from the prior alone under six months of history), ``f_t`` the
  share left after the yearly decay (growth endurance 70 % above 100 % a year, 82 % below) — damped
  as revenue approaches the obtainable market and capped at ``SOM / 12`` a month;
* variable cost of revenue: ``(1 - gm) rev_t``;
* fixed costs: ``fixed_0 = burn0 - (1 - gm) rev0``, split over ``burn_breakdown`` categories in
  proportion, each growing at its assumed monthly rate, plus planned hires;
* net cash flow ``net_t = gm rev_t - fixed_t``; cash ``C_t = C_{t-1} + net_t + inflow_t``
  (planned rounds arrive at the start of their month).

So month 0 reproduces the profile: ``net_0 = rev0 - burn0``.

* runway: the first month ``t`` with ``C_t < 0``, interpolated linearly inside it:
  ``runway = (t - 1) + C_{t-1} / (C_{t-1} - C_t)``.  ``inf`` (JSON ``null``) when cash lasts
  beyond the horizon.  With flat burn and no revenue it is ``cash / burn``.
* default alive / dead (Paul Graham, "Default Alive or Default Dead?", October 2015; Trevor
  Blackwell's calculator): with the money it has now (no new rounds), does the company reach
  ``net_t >= 0`` before cash runs out?  ``None`` when neither happens within the horizon.
* funding need: ``max(0, -min_t C_t)`` over the horizon (what keeps cash above zero at its
  trough), and the same plus ``buffer_months`` of current net burn.  The seed's linear
  ``R(t) = a t + b`` and piecewise cash flow C(t) (right-closed intervals, C(12) = 58,000 in the
  seed's example: :mod:`goldmine.metrics.seed`) are reported beside it when the profile gives them.

Defaults come from :class:`goldmine.finance.config.FinanceConfig` (``data/finance.yaml``);
``assumptions_used`` records, for each value, where it came from (``from``: ``profile``,
``revenue_history``, ``revenue_history_capped`` with ``params``, ``no_revenue_history``,
``assumption``, ``settings`` or ``default``): ids, rendered in words only at the edge.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from goldmine.config import Sourced
from goldmine.errors import AnalysisError
from goldmine.finance.assumptions import Assumptions
from goldmine.finance.config import FinanceConfig
from goldmine.finance.rounds import NextRound, next_round
from goldmine.growth import GrowthConfig, GrowthModel, growth_model
from goldmine.metrics import cash_flow, funding_demand
from goldmine.model import Startup
from goldmine.results import Result


@dataclass(frozen=True)
class Drivers:
    """Everything the projection and the Monte Carlo need, resolved from profile + assumptions."""

    currency: str
    as_of: dt.date
    horizon: int
    cash0: float
    burn0: float
    rev0: float
    gross_margin: float
    growth: GrowthModel           # the one growth model: mu now, its decay, the market ceiling
    fixed_by_category: dict[str, list[float]]   # months 1..H
    hires: tuple[float, ...]      # added fixed cost per month, months 1..H
    inflows: tuple[float, ...]    # planned rounds per month, months 1..H
    growth_volatility: float
    growth_uncertainty: float
    churn_mean: float
    churn_sd: float
    margin_sd: float
    random_round: bool
    next_round: NextRound | None
    buffer_months: float
    used: dict[str, Any] = field(default_factory=dict)

    @property
    def fixed(self) -> np.ndarray:
        """Fixed costs per month 1..H, hires included."""
        total = np.zeros(self.horizon)
        for values in self.fixed_by_category.values():
            total += np.asarray(values)
        out: np.ndarray = total + np.asarray(self.hires)
        return out

    @property
    def mu(self) -> float:
        """Monthly log revenue growth now."""
        return self.growth.monthly_log

    @property
    def decay_factors(self) -> np.ndarray:
        """``f_t``, the share of today's growth left in months 1..H (:meth:`GrowthModel.decay_factors`)."""
        return self.growth.decay_factors(self.horizon)

    @property
    def growth_path(self) -> np.ndarray:
        """Central monthly log growth for months 1..H: ``mu f_t`` (before the market ceiling)."""
        return self.growth.growth_path(self.horizon)


def resolve_drivers(profile: Startup, assumptions: Assumptions | None = None, config: FinanceConfig | None = None, *,
                    horizon: int | None = None, growth_config: GrowthConfig | None = None) -> Drivers:
    """Combine a :class:`goldmine.model.Startup` with explicit assumptions and the configuration's defaults.

    ``horizon``: the run's horizon (:class:`goldmine.pipeline.settings.RunwaySettings`), used when the
    assumptions state none (recorded as ``from: settings``); without either, the configuration's.
    """
    a = assumptions or Assumptions()
    cfg = config or FinanceConfig.shipped()
    gcfg = growth_config or GrowthConfig.shipped()
    proj, unc = cfg.projection, cfg.uncertainty
    f = profile.financials
    used: dict[str, Any] = {}

    def pick(name: str, value: Any, default: Sourced[Any]) -> Any:
        if value is not None:
            used[name] = {"value": value, "from": "assumption"}
            return value
        used[name] = {"value": default.value, "from": "default"}
        return default.value

    if a.horizon_months is None and horizon is not None:
        n_months = int(horizon)
        used["horizon_months"] = {"value": n_months, "from": "settings"}
    else:
        n_months = int(pick("horizon_months", a.horizon_months, proj.horizon_months))
    as_of = a.as_of or f.as_of or (_month_end(f.revenue_history[-1].month) if f.revenue_history else None)
    if as_of is None:
        raise AnalysisError("finance.error.no_as_of", path="financials.as_of")
    used["as_of"] = {"value": as_of.isoformat(), "from": "assumption" if a.as_of else "profile"}
    if a.gross_margin is not None:
        gm = a.gross_margin
        used["gross_margin"] = {"value": gm, "from": "assumption"}
    elif f.gross_margin is not None:
        gm = f.gross_margin
        used["gross_margin"] = {"value": gm, "from": "profile"}
    else:
        gm = pick("gross_margin", None, proj.gross_margin)
    rev0 = f.monthly_revenue or 0.0
    burn0 = f.monthly_burn
    gm_model = growth_model(profile, growth_config, assumed_monthly=a.revenue_growth, persistence=a.growth_persistence)
    used["revenue_growth"] = {"value": gm_model.monthly_now, "from": f"growth_{gm_model.basis}",
                              "params": {"weight": gm_model.weight, "months": gm_model.history_months}}
    if a.growth_persistence is not None:
        used["growth_persistence"] = {"value": a.growth_persistence, "from": "assumption"}
    if a.growth_volatility is not None:
        vol = a.growth_volatility
        used["growth_volatility"] = {"value": vol, "from": "assumption"}
    elif gm_model.volatility is not None:
        vol = gm_model.volatility
        used["growth_volatility"] = {"value": vol, "from": "revenue_history"}
    else:
        vol = gcfg.measurement.volatility_if_unknown.value
        used["growth_volatility"] = {"value": vol, "from": "default"}
    if a.growth_uncertainty is not None:
        se = a.growth_uncertainty
        used["growth_uncertainty"] = {"value": se, "from": "assumption"}
    else:
        se = gm_model.monthly_log_sd
        used["growth_uncertainty"] = {"value": se, "from": f"growth_{gm_model.basis}"}
    cost_growth = pick("cost_growth", a.cost_growth, proj.cost_growth)
    fixed0 = max(burn0 - (1.0 - gm) * rev0, 0.0)
    months = np.arange(1, n_months + 1)
    categories = dict(f.burn_breakdown)
    rest = burn0 - sum(categories.values())
    if rest > 1e-9 * max(burn0, 1.0) or not categories:
        categories["unallocated"] = max(rest, 0.0) if categories else burn0
    share = fixed0 / burn0 if burn0 > 0 else 0.0
    unknown = set(a.category_growth) - set(categories)
    if unknown:
        raise AnalysisError("finance.error.unknown_categories", path="assumptions.category_growth", unknown=sorted(unknown),
                            known=sorted(categories))
    fixed_by_category = {c: (amount * share * (1.0 + a.category_growth.get(c, cost_growth)) ** months).tolist()
                         for c, amount in categories.items()}
    if a.category_growth:
        used["category_growth"] = {"value": dict(a.category_growth), "from": "assumption"}
    hires = np.zeros(n_months)
    for h in a.hires:
        if h.month <= n_months:
            hires[h.month - 1:] += h.monthly_cost
    inflows = np.zeros(n_months)
    for r in a.planned_rounds:
        if r.month <= n_months:
            inflows[r.month - 1] += r.amount
    if a.hires:
        used["hires"] = {"value": [vars(h) for h in a.hires], "from": "assumption"}
    if a.planned_rounds:
        used["planned_rounds"] = {"value": [vars(r) for r in a.planned_rounds], "from": "assumption"}
    random_round = a.random_round if a.random_round is not None else not a.planned_rounds
    nr = next_round(profile, a, as_of, burn0, cfg) if random_round else None
    return Drivers(
        currency=profile.currency, as_of=as_of, horizon=n_months, cash0=f.cash, burn0=burn0, rev0=rev0, gross_margin=gm,
        growth=gm_model, fixed_by_category=fixed_by_category, hires=tuple(hires.tolist()), inflows=tuple(inflows.tolist()),
        growth_volatility=float(vol), growth_uncertainty=float(se),
        churn_mean=float(pick("churn_mean", a.churn_mean, unc.churn_mean)), churn_sd=float(pick("churn_sd", a.churn_sd, unc.churn_sd)),
        margin_sd=float(pick("margin_sd", a.margin_sd, unc.margin_sd)), random_round=bool(random_round), next_round=nr,
        buffer_months=float(pick("buffer_months", a.buffer_months, proj.buffer_months)), used=used)


def _month_end(month: dt.date) -> dt.date:
    nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


# --------------------------------------------------------------------------- deterministic projection
def runway_from_cash(cash: np.ndarray, start: float) -> float:
    """First month with negative cash, interpolated inside it; ``inf`` if none (see module doc)."""
    prev = start
    for t, c in enumerate(np.asarray(cash, dtype="float64"), start=1):
        if c < 0:
            return (t - 1) + (prev / (prev - c) if prev > 0 else 0.0)
        prev = c
    return math.inf


@dataclass(frozen=True)
class CashProjection(Result):
    """The deterministic monthly projection and what follows from it."""

    currency: str
    as_of: dt.date
    horizon_months: int
    months: list[str]
    revenue: list[float]
    variable_costs: list[float]
    fixed_costs: list[float]
    fixed_costs_by_category: dict[str, list[float]]
    hires: list[float]
    inflows: list[float]
    net_cash_flow: list[float]
    cash: list[float]
    cash_now: float
    revenue_now: float
    net_burn_now: float
    revenue_growth_now: float
    runway_months: float
    cash_out_date: str | None
    months_to_profitability: int | None
    default_alive: bool | None
    funding_need: float
    funding_need_with_buffer: float
    seed_formulas: dict[str, Any]
    assumptions_used: dict[str, Any]

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_money, t

        cur = self.currency
        lines = [t("finance.projection.heading", lang, months=self.horizon_months, as_of=self.as_of.isoformat())]
        lines.append("  " + t("finance.projection.now", lang, revenue=format_money(self.revenue_now, cur, lang),
                              burn=format_money(self.net_burn_now, cur, lang), growth=f"{self.revenue_growth_now:.1%}"))
        lines.append("  " + t("finance.projection.runway", lang, runway=_fmt_months(self.runway_months, self.horizon_months, lang)))
        status = {True: "finance.default.alive", False: "finance.default.dead", None: "finance.default.undetermined"}[self.default_alive]
        lines.append("  " + t(status, lang, months=self.months_to_profitability if self.months_to_profitability is not None else "—"))
        lines.append("  " + t("finance.projection.need", lang, need=format_money(self.funding_need, cur, lang),
                              buffered=format_money(self.funding_need_with_buffer, cur, lang)))
        return "\n".join(lines)


def project(profile: Startup, assumptions: Assumptions | None = None, drivers: Drivers | None = None, *,
            config: FinanceConfig | None = None) -> CashProjection:
    """The deterministic projection of a profile (see the module docstring for the formulas)."""
    d = drivers or resolve_drivers(profile, assumptions, config)
    cash, rev, net = _path(d, d.inflows)
    runway = runway_from_cash(cash, d.cash0)
    cash_no_rounds, _, net_nr = _path(d, (0.0,) * d.horizon)
    runway_nr = runway_from_cash(cash_no_rounds, d.cash0)
    net_now = d.rev0 - d.burn0
    if net_now >= 0:
        to_profit: int | None = 0
    else:
        hits = np.flatnonzero(net_nr >= 0)
        to_profit = int(hits[0]) + 1 if hits.size else None
    if to_profit is not None and (to_profit == 0 or to_profit <= runway_nr):
        alive: bool | None = True
    elif math.isfinite(runway_nr):
        alive = False
    else:
        alive = None
    trough = float(min(np.min(cash), d.cash0))
    need = max(0.0, -trough)
    months = [_add_months(d.as_of, k).strftime("%Y-%m") for k in range(1, d.horizon + 1)]
    out_date = None
    if math.isfinite(runway):   # runway 0 (no cash left today): the money ran out in the as_of month itself
        out_date = months[math.ceil(runway) - 1] if math.ceil(runway) >= 1 else d.as_of.strftime("%Y-%m")
    fixed = d.fixed
    return CashProjection(
        currency=d.currency, as_of=d.as_of, horizon_months=d.horizon, months=months, revenue=rev.tolist(),
        variable_costs=((1.0 - d.gross_margin) * rev).tolist(), fixed_costs=fixed.tolist(),
        fixed_costs_by_category={c: list(v) for c, v in d.fixed_by_category.items()}, hires=list(d.hires), inflows=list(d.inflows),
        net_cash_flow=net.tolist(), cash=cash.tolist(), cash_now=d.cash0, revenue_now=d.rev0, net_burn_now=-net_now,
        revenue_growth_now=math.expm1(d.mu), runway_months=runway, cash_out_date=out_date, months_to_profitability=to_profit,
        default_alive=alive, funding_need=need, funding_need_with_buffer=need + d.buffer_months * max(-net_now, 0.0),
        seed_formulas=_seed_formulas(profile, d.horizon), assumptions_used=d.used)


def _path(d: Drivers, inflows: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # the central path of the growth model (decay, market ceiling); no revenue now, none later
    rev = d.growth.central_revenue(d.rev0, d.horizon) if d.rev0 > 0 else np.zeros(d.horizon)
    net = d.gross_margin * rev - d.fixed
    cash = d.cash0 + np.cumsum(net + np.asarray(inflows))
    return cash, rev, net


def _seed_formulas(profile: Startup, horizon: int) -> dict[str, Any]:
    """The seed's R(t) = a t + b and piecewise C(t) (《AI大模型创业：泡沫还是金矿？》 (undated) §5.3; :mod:`goldmine.metrics.seed`), months 0..H."""
    f = profile.financials
    out: dict[str, Any] = {}
    months = np.arange(0, horizon + 1, dtype="float64")
    if f.funding_demand is not None:
        a, b = f.funding_demand.a, f.funding_demand.b
        r = funding_demand(months, a, b)
        out["funding_demand"] = {"a": a, "b": b, "R_12": float(r[min(12, horizon)]), "R_24": float(r[min(24, horizon)]),
                                 "R_horizon": float(r[-1])}
        if f.cash_flow_plan is not None:
            p = f.cash_flow_plan
            out["cash_flow_plan"] = {"t1_months": p.t1_months, "t2_months": p.t2_months, "c1": p.c1,
                                     "cash_flow": cash_flow(months, a, b, p.t1_months, p.t2_months, p.c1).tolist()}
    return out


def _add_months(d: dt.date, k: int) -> dt.date:
    y, m = divmod(d.month - 1 + k, 12)
    return dt.date(d.year + y, m + 1, 1)


def _fmt_months(value: float | None, horizon: int, lang: str | None) -> str:
    from goldmine.i18n import t

    if value is None or not math.isfinite(value):
        return t("finance.beyond_horizon", lang, months=horizon)
    return t("finance.months", lang, months=f"{value:.1f}")
