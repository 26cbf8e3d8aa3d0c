"""Growth models behind one interface: exponential, logistic and Bass diffusion (issue #4).

Every model has the lifelines-style shape ``model.fit(history) -> FittedGrowth``;
``fitted.forecast(horizon) -> Forecast`` (central path and a prediction interval) and
``fitted.summary()``.

Curves (``t`` in periods of the series, first observation at ``t = 1``; see
:mod:`goldmine.market.timeaxis`):

* exponential, the seed's market demand ``D(t) = D0 e^{kt}`` (the seed article
  《AI大模型创业：泡沫还是金矿？》 (undated) §5.2); the seed's code compounds discretely, ``D0 (1 + g)^t``: the same curve with ``g = e^k - 1``.  Both are reported
  (``compounding`` picks which one the summary leads with).  It has no ceiling.
* logistic (Verhulst 1838): ``L(t) = K / (1 + e^{-r (t - t0)})``; ceiling ``K``, fastest growth at t0.
* Bass diffusion (Bass 1969, Management Science 15(5)): cumulative adoption share
  ``F(s) = (1 - e^{-(p+q)s}) / (1 + (q/p) e^{-(p+q)s})``, ``s`` time since launch, market
  potential ``m``; adoption peaks at ``s* = ln(q/p) / (p + q)``.  Typical ``p ≈ 0.03``, ``q ≈ 0.38``
  per year (Sultan, Farley and Lehmann 1990, J. Marketing Research 27(1); starting values only).
  As ``p → 0`` it becomes the logistic.

Two kinds of series:

* ``kind="level"`` — the series is a stock (customers, installed base, cumulative adopters):
  ``y(t) = curve(t)``; Bass is ``m F(t - τ)`` with the launch time τ fitted (τ < first date).
* ``kind="flow"`` — the series is new adoption per period (sales, investment per year):
  ``y(t) = curve(t) - curve(t - 1)``; Bass then assumes the launch one period before the first
  observation (τ = 0, the usual Bass set-up), so ``y(t) = m (F(t) - F(t-1))``.

Fitting: nonlinear least squares with additive errors (``scipy.optimize.least_squares``, trust
region reflective, with bounds) on the series divided by its scale, from several deterministic
starting points; the best cost wins and the result says how many starts reached it
(``starts_agree``: final cost within 0.1 % of the best).  Where the data do not identify a
ceiling (still-exponential growth), starts drift along a flat valley and disagree: ``stable``
is then false, which is itself the finding.  Prediction intervals are either

* ``parametric``: delta method, ``Var ŷ = g' Σ g + s²`` with ``Σ = s² (J'J)^{-1}`` from the
  Jacobian at the optimum (columns scaled to unit norm before inverting) and ``s² = RSS / (n - k)``, Student-t quantiles with ``n - k`` degrees
  of freedom (Seber and Wild 1989, Nonlinear Regression, §5.3); or
* ``bootstrap``: residual bootstrap (Efron and Tibshirani 1993, ch. 9) — refit on ``ŷ + e*`` with
  residuals resampled (rescaled by ``sqrt(n / (n - k))``), add a resampled residual to each
  forecast, take percentiles.

Both are clipped at zero (demand cannot be negative).

Starting values of Bass's p and q and the defaults of the interval come from
:class:`goldmine.market.config.MarketConfig` (``data/market.yaml``).  Errors carry keys of
``i18n/market.yaml``; results hold numbers and ids only (``period`` is an id such as ``month``,
``quarter`` or ``3 months``, put in words by :func:`goldmine.market.timeaxis.period_label` at the edge).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats
from scipy.optimize import least_squares

from goldmine.errors import AnalysisError
from goldmine.jsonutil import to_jsonable
from goldmine.market.config import MarketConfig
from goldmine.market.timeaxis import TimeAxis, period_label
from goldmine.results import Result

KINDS = ("level", "flow")
INTERVALS = ("parametric", "bootstrap")
MODEL_NAMES = ("bass", "logistic", "exp", "exp-discrete")

# named parameters (original units), ceiling, peak time t (or None), extra figures
Described = tuple[dict[str, float], float | None, float | None, dict[str, float]]


# --------------------------------------------------------------------------- curves
def exponential_curve(t: np.ndarray, a: float, k: float) -> np.ndarray:
    """``a e^{k t}``, the exponent clipped for the fit (《AI大模型创业：泡沫还是金矿？》 §5.2, D(t) = D0 e^{kt}, D0 = a at t = 0).

    The seed's D(t) as a formula lives in :func:`goldmine.metrics.demand`; this is the curve the
    least-squares fit evaluates, clipped so that a trial parameter cannot overflow.
    """
    out: np.ndarray = a * np.exp(np.clip(k * t, -700, 700))
    return out


def logistic_curve(t: np.ndarray, K: float, r: float, t0: float) -> np.ndarray:
    """``K / (1 + e^{-r (t - t0)})`` (Verhulst 1838)."""
    out: np.ndarray = K / (1.0 + np.exp(np.clip(-r * (t - t0), -700, 700)))
    return out


def bass_cdf(s: np.ndarray, p: float, q: float) -> np.ndarray:
    """Bass (1969) cumulative adoption share ``F(s)``, ``s`` = time since launch; 0 before launch."""
    s = np.maximum(np.asarray(s, dtype="float64"), 0.0)
    e = np.exp(-(p + q) * s)
    out: np.ndarray = (1.0 - e) / (1.0 + (q / p) * e)
    return out


def bass_peak(p: float, q: float) -> float | None:
    """Time of peak adoption after launch, ``ln(q/p) / (p + q)`` (Bass 1969); ``None`` if q <= p."""
    return float(np.log(q / p) / (p + q)) if q > p > 0 else None


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Forecast(Result):
    """A central path and a prediction interval over the next ``horizon`` periods."""

    model: str
    kind: str
    dates: list[str]
    central: list[float]
    lower: list[float]
    upper: list[float]
    level: float
    interval_method: str
    period: str

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable({"model": self.model, "kind": self.kind, "period": self.period,
                                           "interval": {"method": self.interval_method, "level": self.level},
                                           "dates": self.dates, "central": self.central, "lower": self.lower, "upper": self.upper})
        return out

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = [t("market.forecast.heading", lang, model=t(f"market.model.{self.model}", lang), level=f"{self.level:.0%}",
                   method=t(f"market.interval.{self.interval_method}", lang))]
        for d, c, lo, hi in zip(self.dates, self.central, self.lower, self.upper, strict=True):
            lines.append(f"  {d}: {c:,.4g}  [{lo:,.4g}, {hi:,.4g}]")
        return "\n".join(lines)


@dataclass(frozen=True)
class FittedGrowth(Result):
    """A growth model fitted to a history; ``forecast(h)`` projects it ``h`` periods ahead."""

    model: str
    kind: str
    params: dict[str, float]
    std_errors: dict[str, float | None]
    ceiling: float | None
    peak_date: str | None
    n_obs: int
    rmse: float
    period: str
    interval_method: str
    level: float
    starts: int
    starts_agree: int
    extra: dict[str, float] = field(default_factory=dict)
    at_bounds: list[str] = field(default_factory=list)
    identified: bool = True
    # internals, left out of to_dict()
    _spec: GrowthModel | None = field(default=None, repr=False, compare=False)
    _theta: tuple[float, ...] = field(default=(), repr=False, compare=False)
    _axis: TimeAxis | None = field(default=None, repr=False, compare=False)
    _t: tuple[float, ...] = field(default=(), repr=False, compare=False)
    _y: tuple[float, ...] = field(default=(), repr=False, compare=False)
    _scale: float = field(default=1.0, repr=False, compare=False)
    _cov: tuple[tuple[float, ...], ...] | None = field(default=None, repr=False, compare=False)
    _sigma: float = field(default=0.0, repr=False, compare=False)

    @property
    def stable(self) -> bool:
        """More than half of the starting points reached the best fit."""
        return self.starts_agree * 2 > self.starts

    def to_dict(self) -> dict[str, Any]:
        public = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if not f.name.startswith("_")}
        public["stable"] = self.stable
        public["has_ceiling"] = self.ceiling is not None
        out: dict[str, Any] = to_jsonable(public)
        return out

    def _model(self) -> tuple[GrowthModel, TimeAxis]:
        """The model and time axis of the fit; a result rebuilt by hand (without them) cannot forecast."""
        if self._spec is None or self._axis is None:
            raise AnalysisError("market.error.not_fitted", model=self.model)
        return self._spec, self._axis

    def fitted_values(self) -> pd.Series:
        """In-sample fitted values on the dates of the history."""
        spec, axis = self._model()
        t = np.asarray(self._t)
        return pd.Series(self._scale * spec._predict(np.asarray(self._theta), t), index=axis.dates(t))

    def predict(self, t: np.ndarray) -> np.ndarray:
        """The fitted curve (central values) at times ``t`` in periods (history starts at 1)."""
        spec, _ = self._model()
        out: np.ndarray = self._scale * spec._predict(np.asarray(self._theta), np.asarray(t, dtype="float64"))
        return out

    def forecast(self, horizon: int, *, level: float | None = None, method: str | None = None,
                 n_boot: int | None = None, seed: int | np.random.Generator | None = None) -> Forecast:
        """Central path and prediction interval for the next ``horizon`` periods after the last observation."""
        spec, axis = self._model()
        if horizon < 1:
            raise AnalysisError("market.error.horizon", path="horizon", horizon=horizon)
        level = self.level if level is None else level
        method = self.interval_method if method is None else method
        if method not in INTERVALS:
            raise AnalysisError("market.error.interval", path="interval", found=method, expected=list(INTERVALS))
        t_hist = np.asarray(self._t)
        tf = t_hist[-1] + np.arange(1, horizon + 1, dtype="float64")
        theta = np.asarray(self._theta)
        central = spec._predict(theta, tf)
        if method == "parametric":
            lo, hi = self._parametric(spec, theta, tf, central, level)
        else:
            lo, hi = self._bootstrap(spec, theta, tf, level, n_boot or spec.n_boot, seed if seed is not None else spec.seed)
        s = self._scale
        return Forecast(self.model, self.kind, [d.strftime("%Y-%m-%d") for d in axis.dates(tf)],
                        (s * central).tolist(), (s * np.maximum(lo, 0.0)).tolist(), (s * np.maximum(hi, 0.0)).tolist(),
                        level, method, self.period)

    def _parametric(self, spec: GrowthModel, theta: np.ndarray, tf: np.ndarray, central: np.ndarray,
                    level: float) -> tuple[np.ndarray, np.ndarray]:
        if self._cov is None:
            raise AnalysisError("market.error.not_fitted", model=self.model)
        g = _jacobian(lambda th: spec._predict(th, tf), theta)
        cov = np.asarray(self._cov)
        var = np.einsum("ij,jk,ik->i", g, cov, g) + self._sigma ** 2
        dof = max(self.n_obs - len(theta), 1)
        z = stats.t.ppf(0.5 + level / 2, dof)
        half = z * np.sqrt(np.maximum(var, 0.0))
        return central - half, central + half

    def _bootstrap(self, spec: GrowthModel, theta: np.ndarray, tf: np.ndarray, level: float, n_boot: int,
                   seed: int | np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(seed)
        t = np.asarray(self._t)
        y = np.asarray(self._y)
        fit = spec._predict(theta, t)
        n, k = len(y), len(theta)
        resid = (y - fit) * np.sqrt(n / max(n - k, 1))
        resid = resid - resid.mean()
        lb, ub = spec._bounds(t, y)
        paths = np.empty((n_boot, len(tf)))
        for b in range(n_boot):
            y_star = fit + rng.choice(resid, size=n, replace=True)
            res = _solve(spec._residual_fn(t, y_star), theta, lb, ub, spec._residual_jac(t))
            paths[b] = spec._predict(res.x, tf) + rng.choice(resid, size=len(tf), replace=True)
        alpha = (1 - level) / 2
        return np.quantile(paths, alpha, axis=0), np.quantile(paths, 1 - alpha, axis=0)

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = [t("market.fit.heading", lang, model=t(f"market.model.{self.model}", lang), kind=t(f"market.kind.{self.kind}", lang),
                   n=self.n_obs, period=period_label(self.period, lang))]
        for name, value in self.params.items():
            se = self.std_errors.get(name)
            lines.append(f"  {name} = {value:,.6g}" + (f"  (± {se:,.3g})" if se is not None and np.isfinite(se) else ""))
        from goldmine.i18n import has_key

        for name, value in self.extra.items():
            label = t(f"market.extra.{name}", lang) if has_key(f"market.extra.{name}") else name
            lines.append(f"  {label} = {value:,.6g}")
        if self.ceiling is None:
            lines.append("  " + t("market.fit.no_ceiling", lang))
        else:
            lines.append("  " + t("market.fit.ceiling", lang, ceiling=f"{self.ceiling:,.4g}"))
        if self.peak_date:
            lines.append("  " + t("market.fit.peak", lang, date=self.peak_date))
        lines.append("  " + t("market.fit.quality", lang, rmse=f"{self.rmse:,.4g}", agree=self.starts_agree, starts=self.starts))
        if self.at_bounds:
            lines.append("  " + t("market.fit.at_bounds", lang, params=", ".join(self.at_bounds)))
        if not self.identified:
            lines.append("  " + t("market.fit.not_identified", lang))
        return "\n".join(lines)


# --------------------------------------------------------------------------- the models
class GrowthModel(ABC):
    """Shared fitting machinery; subclasses give the curve, bounds and starting points."""

    name: ClassVar[str]
    PARAMS: ClassVar[tuple[str, ...]]

    def __init__(self, kind: str = "level", *, interval: str = "parametric", level: float | None = None,
                 n_boot: int | None = None, seed: int | None = 0, starts: Sequence[Sequence[float]] | None = None,
                 config: MarketConfig | None = None):
        """``level`` and ``n_boot`` default to the configuration's (``fit.level``, ``fit.n_boot``: 0.9 and 200)."""
        cfg = config or MarketConfig.shipped()
        level = cfg.fit.level.value if level is None else level
        if kind not in KINDS:
            raise AnalysisError("market.error.kind", path="kind", found=kind, expected=list(KINDS))
        if interval not in INTERVALS:
            raise AnalysisError("market.error.interval", path="interval", found=interval, expected=list(INTERVALS))
        if not 0 < level < 1:
            raise AnalysisError("market.error.level", path="level", level=level)
        self.kind, self.interval, self.level, self.seed = kind, interval, level, seed
        self.n_boot = cfg.fit.n_boot.value if n_boot is None else n_boot
        self.config = cfg
        self.user_starts = [tuple(map(float, s)) for s in starts] if starts else None

    @property
    def param_names(self) -> tuple[str, ...]:
        """The fitted parameters (k of them: the fit needs at least k + 2 observations)."""
        return self.PARAMS

    # -- to implement
    @abstractmethod
    def _curve(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def _curve_jac(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Analytic derivatives of the curve, one column per parameter."""

    @abstractmethod
    def _bounds(self, t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...

    @abstractmethod
    def _starts(self, t: np.ndarray, y: np.ndarray, axis: TimeAxis) -> list[np.ndarray]: ...

    @abstractmethod
    def _describe(self, theta: np.ndarray, scale: float, axis: TimeAxis) -> Described:
        """Named parameters (original units), ceiling, peak time t (or None), extra figures."""

    # -- shared
    def _predict(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        if self.kind == "flow":
            out: np.ndarray = self._curve(theta, t) - self._curve(theta, t - 1.0)
            return out
        return self._curve(theta, t)

    def _predict_jac(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        if self.kind == "flow":
            out: np.ndarray = self._curve_jac(theta, t) - self._curve_jac(theta, t - 1.0)
            return out
        return self._curve_jac(theta, t)

    def _residual_fn(self, t: np.ndarray, y: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        return lambda th: self._predict(th, t) - y

    def _residual_jac(self, t: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        return lambda th: self._predict_jac(th, t)

    def _scale_of(self, y: np.ndarray) -> float:
        s = float(np.max(np.abs(y)))
        return s if s > 0 else 1.0

    def fit(self, history: pd.Series) -> FittedGrowth:
        """Fit by bounded nonlinear least squares from several starts; the best cost wins."""
        series = _as_series(history)
        n, k = len(series), len(self.param_names)
        if n < k + 2:
            raise AnalysisError("market.error.too_few_points", model=self.name, k=k, need=k + 2, n=n)
        if not (series.to_numpy() > 0).any():
            raise AnalysisError("market.error.no_positive_value")
        index = pd.DatetimeIndex(series.index)
        axis = TimeAxis.from_index(index)
        t = axis.t(index)
        scale = self._scale_of(series.to_numpy())
        y = series.to_numpy(dtype="float64") / scale
        lb, ub = self._bounds(t, y)
        starts = [np.asarray(s, dtype="float64") for s in self.user_starts] if self.user_starts else self._starts(t, y, axis)
        fits = [_solve(self._residual_fn(t, y), np.clip(s, lb + 1e-12 * (ub - lb), ub - 1e-12 * (ub - lb)), lb, ub, self._residual_jac(t))
                for s in starts]
        best = min(fits, key=lambda r: r.cost)
        agree = sum(1 for r in fits if r.cost <= best.cost * (1 + 1e-3) + 1e-12)
        theta = best.x
        rss = 2.0 * best.cost
        sigma2 = rss / max(n - k, 1)
        jac = np.asarray(best.jac)
        norms = np.linalg.norm(jac, axis=0)
        safe = np.where(norms > 0, norms, 1.0)
        scaled = jac / safe                      # column scaling keeps J'J invertible in float64
        cov = sigma2 * np.linalg.pinv(scaled.T @ scaled) / np.outer(safe, safe)
        sv = np.linalg.svd(scaled, compute_uv=False)
        identified = bool(norms.min() > 0 and sv[-1] > 1e-7 * sv[0])   # otherwise a flat valley: no reliable SEs
        params, ceiling, peak_t, extra = self._describe(theta, scale, axis)
        ses = self._std_errors(theta, cov, scale, axis)
        names = list(params)
        at_bounds = [names[i] for i in np.flatnonzero(best.active_mask) if i < len(names)]
        for name in at_bounds:     # a parameter pinned at its bound has no meaningful standard error
            ses[name] = None
        if not identified:
            ses = {name: None for name in ses}
        peak_date = axis.dates(np.array([round(peak_t)]))[0].strftime("%Y-%m-%d") if peak_t is not None and np.isfinite(peak_t) \
            and abs(peak_t) < 1e4 else None
        return FittedGrowth(
            model=self.name, kind=self.kind, params=params, std_errors=ses, ceiling=ceiling, peak_date=peak_date,
            n_obs=n, rmse=float(np.sqrt(rss / n)) * scale, period=axis.period, interval_method=self.interval, level=self.level,
            starts=len(fits), starts_agree=agree, extra=extra, at_bounds=at_bounds, identified=identified,
            _spec=self, _theta=tuple(theta.tolist()), _axis=axis, _t=tuple(t.tolist()), _y=tuple(y.tolist()), _scale=scale,
            _cov=tuple(map(tuple, cov.tolist())), _sigma=float(np.sqrt(sigma2)))

    def _std_errors(self, theta: np.ndarray, cov: np.ndarray, scale: float, axis: TimeAxis) -> dict[str, float | None]:
        """Standard errors of the named parameters by the delta method through ``_describe``."""
        def named(th: np.ndarray) -> np.ndarray:
            return np.array(list(self._describe(th, scale, axis)[0].values()), dtype="float64")

        g = _jacobian(named, theta)
        var = np.einsum("ij,jk,ik->i", g, cov, g)
        names = list(self._describe(theta, scale, axis)[0])
        return {nm: (float(np.sqrt(v)) if np.isfinite(v) and v >= 0 else None) for nm, v in zip(names, var, strict=True)}


class ExponentialGrowth(GrowthModel):
    """Exponential growth ``D(t) = D0 e^{kt}`` = ``D0 (1+g)^t`` (《AI大模型创业：泡沫还是金矿？》 §5.2); no ceiling."""

    name = "exp"
    PARAMS = ("a", "k")

    def __init__(self, kind: str = "level", *, compounding: str = "continuous", **kw: Any):
        if compounding not in ("continuous", "discrete"):
            raise AnalysisError("metrics.error.compounding", path="compounding", found=compounding)
        super().__init__(kind, **kw)
        self.compounding = compounding

    def _curve(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        return exponential_curve(t, theta[0], theta[1])

    def _curve_jac(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        e = np.exp(np.clip(theta[1] * t, -700, 700))
        return np.column_stack([e, theta[0] * t * e])

    def _bounds(self, t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.array([1e-12, -3.0]), np.array([1e6, 3.0])

    def _starts(self, t: np.ndarray, y: np.ndarray, axis: TimeAxis) -> list[np.ndarray]:
        pos = y > 0
        if pos.sum() >= 2:
            k, loga = np.polyfit(t[pos], np.log(y[pos]), 1)
        else:
            k, loga = 0.1, np.log(max(y.max(), 1e-6))
        a = float(np.exp(loga))
        if self.kind == "flow":  # y(t) = a e^{kt} (1 - e^{-k}): same shape, other level
            a = a / max(1 - np.exp(-k), 1e-3) if k > 0 else a
        return [np.array([a, k]), np.array([a * 0.5, k * 1.5 + 0.01]), np.array([a * 2, max(k * 0.5, 1e-3)])]

    def _describe(self, theta: np.ndarray, scale: float, axis: TimeAxis) -> Described:
        a, k = float(theta[0]), float(theta[1])
        if self.kind == "flow":  # report the flow at t = 0, a (1 - e^{-k})
            a = a * float(-np.expm1(-k))
        params = {"D0": a * scale, "k": k}
        extra = {"g_discrete": float(np.expm1(k)), "growth_per_year": float(np.expm1(k * axis.periods_per_year)),
                 "doubling_periods": float(np.log(2) / k) if k > 0 else float("inf")}
        if self.compounding == "discrete":
            params = {"D0": a * scale, "g": float(np.expm1(k))}
            extra = {"k_continuous": k, **{n: v for n, v in extra.items() if n != "g_discrete"}}
        return params, None, None, extra


class LogisticGrowth(GrowthModel):
    """Logistic growth ``K / (1 + e^{-r (t - t0)})`` (Verhulst 1838): ceiling K."""

    name = "logistic"
    PARAMS = ("K", "r", "t0")

    def _curve(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        return logistic_curve(t, *theta)

    def _curve_jac(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        K, r, t0 = theta
        e = np.exp(np.clip(-r * (t - t0), -700, 700))
        d = 1.0 / (1.0 + e)
        de = K * e * d * d                       # K e / (1 + e)^2
        return np.column_stack([d, de * (t - t0), -de * r])

    def _scale_of(self, y: np.ndarray) -> float:
        s = float(np.sum(np.abs(y)) if self.kind == "flow" else np.max(np.abs(y)))
        return s if s > 0 else 1.0

    def _bounds(self, t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        span = t[-1] - t[0] + 1
        return np.array([0.5, 1e-4, t[0] - 20 * span]), np.array([1e3, 5.0, t[-1] + 20 * span])

    def _starts(self, t: np.ndarray, y: np.ndarray, axis: TimeAxis) -> list[np.ndarray]:
        span = t[-1] - t[0] + 1
        pos = y > 0
        slope = np.polyfit(t[pos], np.log(y[pos]), 1)[0] if pos.sum() >= 2 else 0.3
        r0 = float(np.clip(slope if slope > 0 else 0.3, 1e-3, 4.0))
        out = []
        for K in (1.2, 3.0):
            for t0 in (t[-1], t[-1] + span / 2, t[0] + span / 2):
                out.append(np.array([K, r0, t0]))
        return out

    def _describe(self, theta: np.ndarray, scale: float, axis: TimeAxis) -> Described:
        K, r, t0 = map(float, theta)
        return {"K": K * scale, "r": r, "t0": t0}, K * scale, t0, {"r_per_year": r * axis.periods_per_year}


class BassDiffusion(GrowthModel):
    """Bass (1969) diffusion: market potential m, innovation p, imitation q (per period)."""

    name = "bass"

    def __init__(self, kind: str = "level", **kw: Any):
        super().__init__(kind, **kw)

    PARAMS = ("p", "q", "m", "tau")

    @property
    def param_names(self) -> tuple[str, ...]:  # the launch τ is fitted for stocks only
        return self.PARAMS if self.kind == "level" else self.PARAMS[:3]

    def _curve(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        p, q, m = theta[0], theta[1], theta[2]
        tau = theta[3] if len(theta) > 3 else 0.0
        out: np.ndarray = m * bass_cdf(t - tau, p, q)
        return out

    def _curve_jac(self, theta: np.ndarray, t: np.ndarray) -> np.ndarray:
        p, q, m = theta[0], theta[1], theta[2]
        tau = theta[3] if len(theta) > 3 else 0.0
        raw = t - tau
        s = np.maximum(raw, 0.0)
        E = np.exp(-(p + q) * s)
        a = q / p
        den = 1.0 + a * E
        F = (1.0 - E) / den
        dF_dE = -(1.0 + a) / den ** 2
        dF_da = -(1.0 - E) * E / den ** 2
        dF_dp = dF_dE * (-s * E) + dF_da * (-q / p ** 2)
        dF_dq = dF_dE * (-s * E) + dF_da * (1.0 / p)
        cols = [m * dF_dp, m * dF_dq, F]
        if len(theta) > 3:
            dF_ds = dF_dE * (-(p + q) * E)
            cols.append(np.where(raw > 0, -m * dF_ds, 0.0))
        return np.column_stack(cols)

    def _scale_of(self, y: np.ndarray) -> float:
        s = float(np.sum(np.abs(y)) if self.kind == "flow" else np.max(np.abs(y)))
        return s if s > 0 else 1.0

    def _bounds(self, t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lb, ub = [1e-6, 0.0, 0.5], [1.0, 5.0, 1e3]
        if self.kind == "level":
            span = t[-1] - t[0] + 1
            lb.append(t[0] - 30 * span)
            ub.append(t[0] - 1e-3)
        return np.array(lb), np.array(ub)

    def _starts(self, t: np.ndarray, y: np.ndarray, axis: TimeAxis) -> list[np.ndarray]:
        per = 1.0 / axis.periods_per_year   # Sultan, Farley and Lehmann (1990): p 0.03, q 0.38 per year
        bass = self.config.bass
        p0, q0 = bass.p.value * per, bass.q.value * per
        span = t[-1] - t[0] + 1
        pairs = ((p0, q0), (p0 / 3, q0 * 1.5), (p0 * 3, q0 / 2))
        if self.kind == "level":
            return [np.array([p, q, 2.0, tau]) for p, q in pairs for tau in (t[0] - 1, t[0] - span)]
        return [np.array([p, q, m]) for p, q in pairs for m in (1.5, 4.0)]

    def _describe(self, theta: np.ndarray, scale: float, axis: TimeAxis) -> Described:
        p, q, m = float(theta[0]), float(theta[1]), float(theta[2])
        tau = float(theta[3]) if len(theta) > 3 else 0.0
        params = {"p": p, "q": q, "m": m * scale}
        if self.kind == "level":
            params["tau"] = tau
        peak = bass_peak(p, q)
        ppy = axis.periods_per_year
        extra = {"p_per_year": p * ppy, "q_per_year": q * ppy}
        return params, m * scale, (tau + peak if peak is not None else None), extra


MODELS: dict[str, type[GrowthModel]] = {"exp": ExponentialGrowth, "logistic": LogisticGrowth, "bass": BassDiffusion}


def model_key(name: str) -> str:
    """The canonical name of a growth model (``bass``, ``logistic``, ``exp``, ``exp-discrete``), any
    case, ``_`` or ``-``, ``exponential`` for ``exp``; :class:`AnalysisError` for an unknown name."""
    key = name.strip().lower().replace("_", "-")
    key = {"exponential": "exp", "exponential-discrete": "exp-discrete"}.get(key, key)
    if key not in MODEL_NAMES:
        raise AnalysisError("market.error.unknown_model", path="model", found=name, expected=list(MODEL_NAMES))
    return key


def get_model(name: str, **kw: Any) -> GrowthModel:
    """A growth model by name: ``exp`` (or ``exp-discrete``), ``logistic``, ``bass`` (see :func:`model_key`)."""
    key = model_key(name)
    if key == "exp-discrete":
        return ExponentialGrowth(compounding="discrete", **kw)
    return MODELS[key](**kw)


# --------------------------------------------------------------------------- helpers
def _as_series(history: pd.Series | Sequence[float]) -> pd.Series:
    if isinstance(history, pd.Series) and isinstance(history.index, pd.DatetimeIndex):
        s = history.astype("float64")
    else:
        values = np.asarray(history, dtype="float64")
        s = pd.Series(values, index=pd.date_range("2000-01-01", periods=len(values), freq="MS"))
    if not np.isfinite(s.to_numpy()).all():
        raise AnalysisError("market.error.history_not_finite")
    if not s.index.is_monotonic_increasing or s.index.has_duplicates:
        raise AnalysisError("market.error.history_dates")
    return s


def _solve(fun: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, lb: np.ndarray, ub: np.ndarray,
           jac: Callable[[np.ndarray], np.ndarray] | str = "2-point") -> Any:
    """``scipy.optimize.least_squares`` (an ``OptimizeResult``: ``x``, ``cost``, ``jac``, ``active_mask``)."""
    x0 = np.clip(x0, lb, ub)
    return least_squares(fun, x0, jac=jac, bounds=(lb, ub), method="trf", x_scale="jac", max_nfev=120, xtol=1e-10, ftol=1e-10,
                         gtol=1e-10)


def _jacobian(f: Callable[[np.ndarray], np.ndarray], theta: np.ndarray) -> np.ndarray:
    """Central finite differences, one column per parameter."""
    theta = np.asarray(theta, dtype="float64")
    base = np.asarray(f(theta))
    cols = []
    for i in range(len(theta)):
        h = 1e-6 * max(abs(theta[i]), 1e-3)
        up, dn = theta.copy(), theta.copy()
        up[i] += h
        dn[i] -= h
        cols.append((np.asarray(f(up)) - np.asarray(f(dn))) / (2 * h))
    return np.column_stack(cols) if cols else np.zeros((base.size, 0))
