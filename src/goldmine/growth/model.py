"""The growth model: growth now (history shrunk toward a prior), its decay, the market ceiling.

See the package docstring for the model and its sources.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from goldmine.errors import AnalysisError
from goldmine.growth.config import GrowthConfig, PriorAnchor
from goldmine.metrics.growth import LOG_CAP, log_growth_steps, revenue_growth

if TYPE_CHECKING:
    from goldmine.metrics.fx import FxTable
    from goldmine.model import Startup

Z75 = 0.6744897501960817   # the standard normal's 75th percentile: IQR = 2 x Z75 x sd
BASES = ("history", "history_and_prior", "prior", "assumption", "no_revenue")


@dataclass(frozen=True)
class GrowthPrior:
    """The growth of a typical company at an annual run rate, as annual log growth: mean and sd."""

    arr_usd: float | None          # None: the run rate could not be put in US dollars (lowest anchor used)
    log_mean: float
    log_sd: float
    source: str

    @property
    def median(self) -> float:
        """Median annual growth (a fraction: 1.0 = +100 % a year)."""
        return math.expm1(self.log_mean)

    def to_dict(self) -> dict[str, Any]:
        return {"arr_usd": self.arr_usd, "median": self.median, "log_mean": self.log_mean, "log_sd": self.log_sd,
                "source": self.source}


def _anchor_log(a: PriorAnchor) -> tuple[float, float]:
    mean = math.log1p(a.median)
    sd = (math.log1p(a.p75) - math.log1p(a.p25)) / (2 * Z75)
    return mean, sd


def prior_for(arr_usd: float | None, config: GrowthConfig | None = None) -> GrowthPrior:
    """The prior of a company with annual run rate ``arr_usd`` (interpolated in log ARR between the
    anchors of ``data/growth.yaml``, flat beyond the ends; the lowest anchor when ``None``)."""
    cfg = config or GrowthConfig.shipped()
    anchors = cfg.priors.anchors
    points = [(math.log(a.arr_usd), *_anchor_log(a)) for a in anchors]
    if arr_usd is None or arr_usd <= 0 or len(points) == 1:
        x = points[0][0] if arr_usd is None or arr_usd <= 0 else math.log(arr_usd)
    else:
        x = math.log(arr_usd)
    xs = [p[0] for p in points]
    mean = float(np.interp(x, xs, [p[1] for p in points]))
    sd = float(np.interp(x, xs, [p[2] for p in points]))
    return GrowthPrior(arr_usd, mean, sd, cfg.priors.source)


@dataclass(frozen=True)
class GrowthModel:
    """One company's growth: now (monthly log), its uncertainty, its decay and its ceiling.

    ``monthly_log`` is the central monthly log growth now and ``monthly_log_sd`` the uncertainty of
    it (posterior sd); ``volatility`` the month-to-month sd of log growth measured on the history
    (``None`` when fewer than three months); ``weight`` the share of the history in the estimate;
    ``ceiling`` the monthly revenue the obtainable market allows (``SOM / 12``).
    """

    basis: str
    monthly_log: float
    monthly_log_sd: float
    volatility: float | None
    measured_monthly_log: float | None
    measured_se: float | None
    history_months: int
    prior: GrowthPrior | None
    weight: float | None
    prior_dominated: bool
    persistence_fast: float
    persistence_slow: float
    threshold: float
    ceiling: float | None

    @property
    def annual_now(self) -> float:
        """Growth a year at today's rate (before decay): ``exp(12 mu) - 1``."""
        return math.expm1(min(12.0 * self.monthly_log, 700.0))

    @property
    def monthly_now(self) -> float:
        return math.expm1(self.monthly_log)

    def decay_factors(self, horizon: int) -> np.ndarray:
        """``f_t`` for months ``t = 1..horizon``: the share of today's growth rate left in month ``t``
        (``f_1 = 1``); the persistence is the fast one while the annual rate of the central path is
        above the threshold, the slow one below it."""
        f = np.empty(horizon)
        level = 1.0
        fast = self.persistence_fast ** (1.0 / 12.0)
        slow = self.persistence_slow ** (1.0 / 12.0)
        for t in range(horizon):
            f[t] = level
            annual = math.expm1(min(12.0 * self.monthly_log * level, 700.0))
            level *= fast if annual > self.threshold else slow
        return f

    def growth_path(self, horizon: int) -> np.ndarray:
        """Central monthly log growth for months 1..horizon: ``mu f_t`` (before the ceiling)."""
        out: np.ndarray = self.monthly_log * self.decay_factors(horizon)
        return out

    def step(self, revenue: np.ndarray, log_step: np.ndarray) -> np.ndarray:
        """Revenue one month later: positive log steps damped by ``1 - R / K`` and revenue capped at
        ``K`` (the ceiling); without a ceiling simply ``R exp(step)``.  Works on arrays of paths."""
        if self.ceiling is None:
            return _grown(revenue, log_step)
        room = np.clip(1.0 - revenue / self.ceiling, 0.0, 1.0)
        damped = np.where(log_step > 0, log_step * room, log_step)
        capped: np.ndarray = np.minimum(_grown(revenue, damped), self.ceiling)
        return capped

    def central_revenue(self, revenue0: float, horizon: int) -> np.ndarray:
        """The central monthly revenue path for months 1..horizon (no shocks)."""
        out = np.empty(horizon)
        r = np.array([revenue0], dtype="float64")
        for t, g in enumerate(self.growth_path(horizon)):
            r = self.step(r, np.array([g]))
            out[t] = r[0]
        return out

    def annual_growth(self, revenue0: float, years: int) -> list[float]:
        """Annual growth of the central revenue path, year by year (revenue of year y over year y - 1)."""
        if revenue0 <= 0:
            return [0.0] * years
        monthly = self.central_revenue(revenue0, 12 * years)
        totals = [revenue0 * 12.0] + [float(monthly[12 * y:12 * (y + 1)].sum()) for y in range(years)]
        return [totals[y + 1] / totals[y] - 1.0 for y in range(years)]

    def to_dict(self) -> dict[str, Any]:
        return {"basis": self.basis, "monthly_now": self.monthly_now, "annual_now": self.annual_now,
                "monthly_log": self.monthly_log, "monthly_log_sd": self.monthly_log_sd, "volatility": self.volatility,
                "measured_monthly_log": self.measured_monthly_log, "measured_se": self.measured_se,
                "history_months": self.history_months, "prior": self.prior.to_dict() if self.prior else None,
                "weight": self.weight, "prior_dominated": self.prior_dominated,
                "persistence": {"fast": self.persistence_fast, "slow": self.persistence_slow, "threshold": self.threshold},
                "ceiling_monthly_revenue": self.ceiling}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        return t(f"growth.basis.{self.basis}", lang, growth=f"{self.annual_now:.1%}",
                 weight="—" if self.weight is None else f"{self.weight:.0%}")


def _arr_usd(profile: Startup, fx: FxTable | None) -> float | None:
    from goldmine.metrics.fx import default_fx

    monthly = profile.financials.monthly_revenue or 0.0
    table = fx or default_fx()
    try:
        return table.convert(12.0 * monthly, profile.currency, "USD")
    except AnalysisError:
        return None   # no rate for this currency: the prior of the smallest companies, said so (arr_usd None)


def growth_model(profile: Startup, config: GrowthConfig | None = None, *, fx: FxTable | None = None,
                 assumed_monthly: float | None = None, persistence: float | None = None) -> GrowthModel:
    """The growth model of a profile (see the package docstring).

    ``assumed_monthly``: a monthly growth the user states (``goldmine runway --growth``), taken as
    certain (basis ``assumption``); ``persistence``: a user's annual persistence, used for both
    regimes.
    """
    cfg = config or GrowthConfig.shipped()
    pers = cfg.persistence
    fast = persistence if persistence is not None else pers.fast.value
    slow = persistence if persistence is not None else pers.slow.value
    som = profile.market.som
    ceiling = None if som is None or som <= 0 else float(som) / 12.0
    common: dict[str, Any] = {"persistence_fast": float(fast), "persistence_slow": float(slow), "threshold": float(pers.threshold.value),
              "ceiling": ceiling}
    hist = profile.financials.revenue_history
    window = cfg.measurement.window_months.value
    months = sum(1 for h in hist if h.revenue > 0)
    if assumed_monthly is not None:
        return GrowthModel("assumption", math.log1p(assumed_monthly), 0.0, None, None, None, months, None, None, False, **common)
    if not (profile.financials.monthly_revenue or 0.0) > 0:
        # no revenue now: nothing grows; a history whose last month is zero says revenue stopped (-100 %)
        stopped = bool(hist) and months > 0 and hist[-1].revenue <= 0
        return GrowthModel("no_revenue", -math.inf if stopped else 0.0, 0.0, None, None, None, months, None, None, False,
                           **common)
    prior = prior_for(_arr_usd(profile, fx), cfg)
    tau = prior.log_sd / 12.0
    prior_mu = prior.log_mean / 12.0
    ms = cfg.measurement
    measured = revenue_growth(hist, window=window)
    steps = log_growth_steps(hist, window=window)
    if measured is None or measured.last <= 0 or months < ms.min_months.value:
        # too short a history (or a last month at zero): the prior, with its spread; the steps' spread is kept
        return GrowthModel("prior", prior_mu, tau, steps.sd, None if measured is None or measured.last <= 0 else
                           (math.log(measured.last) - math.log(measured.first)) / measured.months, None, months, prior, 0.0, True,
                           **common)
    m = (math.log(measured.last) - math.log(measured.first)) / measured.months
    vol = steps.sd
    spread = vol if vol is not None else ms.volatility_if_unknown.value
    if months < ms.full_months.value:
        spread = max(spread, ms.volatility_floor.value)
    se = spread / math.sqrt(max(len(steps.rates), 1))
    w = tau * tau / (tau * tau + se * se) if se > 0 else 1.0
    mu = w * m + (1.0 - w) * prior_mu
    sd = math.sqrt(1.0 / (1.0 / (tau * tau) + 1.0 / (se * se))) if se > 0 else 0.0
    dominated = w < cfg.measurement.prior_dominated_weight.value
    basis = "history" if w >= 0.95 else "history_and_prior"
    return GrowthModel(basis, mu, sd, vol, m, se, months, prior, w, dominated, **common)


def _grown(revenue: np.ndarray, log_step: np.ndarray) -> np.ndarray:
    """``revenue x exp(log_step)`` computed in logs and capped at ``exp(LOG_CAP)`` (about 1e304), so an
    absurd history (a revenue of 1e-300 before a normal one) gives a huge but finite revenue, never
    ``inf`` or ``0 x inf = NaN``; zero revenue stays zero."""
    r = np.asarray(revenue, dtype="float64")
    with np.errstate(divide="ignore"):
        logs = np.log(np.where(r > 0, r, 1.0)) + log_step
    out: np.ndarray = np.where(r > 0, np.exp(np.minimum(logs, LOG_CAP)), 0.0)
    return out
