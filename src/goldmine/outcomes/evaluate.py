"""Out-of-sample evaluation of the outcome model: ROC AUC, Brier score, calibration (issue #13, point 5).

* :func:`roc_auc` — the area under the ROC curve as the Mann-Whitney probability that a random
  success scores above a random failure, ties counting one half (Hanley & McNeil 1982, Radiology
  143:29-36); :func:`auc_interval` — a stratified percentile-bootstrap interval of it;
* :func:`brier` — mean squared error of the probabilities (Brier 1950); the *base* Brier score is
  that of always predicting the training base rate, so ``1 - brier / base_brier`` is the skill;
* :func:`calibration_table` — predicted against observed success rate per bin (deciles of the
  prediction by default, or fixed-width bins), each observed rate with its Wilson score interval
  (Wilson 1927; Newcombe 1998, Stat. Med. 17:857-872); :func:`calibration_line` — the intercept and
  slope of the logistic recalibration of the outcome on the predicted log-odds (Cox 1958; ideal 0
  and 1; a slope below 1 means predictions too extreme);
* :func:`cross_validate` — stratified k-fold: each fold's probabilities come from a model
  (:func:`goldmine.outcomes.fit.fit_logistic`, its own out-of-fold calibration inside) fitted
  without that fold;
* :func:`time_split` — fit on companies up to a founding year, test on the later ones;
* :func:`external` — a fitted model applied to another data set.

Each returns an :class:`Evaluation` (frozen; ``to_dict()``, ``summary(lang)``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.i18n import get_lang, t
from goldmine.outcomes.fit import fit_logistic, labels
from goldmine.outcomes.model import LogisticScore
from goldmine.results import Result

__all__ = ["CalibrationBin", "CalibrationTable", "Evaluation", "Scores", "auc_interval", "brier",
           "calibration_line", "calibration_table", "cross_validate", "external", "roc_auc", "score",
           "time_split", "wilson"]

FloatArray = npt.NDArray[np.float64]
Scheme = Literal["cross_validation", "time_split", "external"]


def _arrays(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike,
            probabilities: bool = True) -> tuple[FloatArray, FloatArray]:
    ya = np.asarray(y, dtype=np.float64)
    pa = np.asarray(p, dtype=np.float64)
    if ya.shape != pa.shape or ya.ndim != 1 or len(ya) == 0:
        raise AnalysisError("outcomes.error.lengths", n=int(ya.size), m=int(pa.size))
    if not np.all((ya == 0) | (ya == 1)):
        raise AnalysisError("outcomes.error.label", label="y")
    if not np.all(np.isfinite(pa)) or (probabilities and (pa.min() < 0 or pa.max() > 1)):
        raise AnalysisError("outcomes.error.probabilities")
    return ya, pa


def roc_auc(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike) -> float:
    """P(score of a random success > score of a random failure), ties counting 1/2; ``p`` may be any
    finite scores (only their order matters)."""
    from scipy.stats import rankdata

    ya, pa = _arrays(y, p, probabilities=False)
    n_pos = int(ya.sum())
    n_neg = len(ya) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise AnalysisError("outcomes.error.one_class", n=len(ya))
    ranks = rankdata(pa)
    return float((ranks[ya == 1].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def auc_interval(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike, *, level: float = 0.95,
                 reps: int = 2000, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of :func:`roc_auc`, resampling successes and failures
    separately (so every replicate has both classes)."""
    ya, pa = _arrays(y, p, probabilities=False)
    pos, neg = pa[ya == 1], pa[ya == 0]
    if len(pos) == 0 or len(neg) == 0:
        raise AnalysisError("outcomes.error.one_class", n=len(ya))
    rng = np.random.default_rng(seed)
    values = np.empty(reps, dtype=np.float64)
    ones, zeros = np.ones(len(pos)), np.zeros(len(neg))
    yy = np.concatenate([ones, zeros])
    for r in range(reps):
        sample = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        values[r] = roc_auc(yy, sample)
    tail = (1.0 - level) / 2.0
    return float(np.quantile(values, tail)), float(np.quantile(values, 1.0 - tail))


def brier(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike) -> float:
    """Mean of ``(p - y)^2`` (Brier 1950)."""
    ya, pa = _arrays(y, p)
    return float(np.mean((pa - ya) ** 2))


def wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``k / n`` (Newcombe 1998, method 3)."""
    from scipy.stats import norm

    if n <= 0 or not 0 <= k <= n:
        raise AnalysisError("outcomes.error.lengths", n=n, m=k)
    z = float(norm.ppf(0.5 + level / 2.0))
    phat = k / n
    denom = 1.0 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def calibration_line(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike) -> tuple[float, float] | None:
    """``(intercept, slope)`` of the logistic regression of ``y`` on ``logit(p)``; ``None`` when the
    fit does not exist (one class, or all predictions equal)."""
    from scipy.optimize import minimize

    ya, pa = _arrays(y, p)
    if ya.min() == ya.max():
        return None
    clipped = np.clip(pa, 1e-6, 1 - 1e-6)
    s = np.log(clipped / (1 - clipped))
    if np.ptp(s) == 0:
        return None

    def loss(params: FloatArray) -> tuple[float, FloatArray]:
        a, b = params
        z = a + b * s
        q = 1.0 / (1.0 + np.exp(-z))
        resid = q - ya
        return float(np.sum(np.logaddexp(0.0, z) - ya * z)), np.array([float(resid.sum()), float(np.sum(resid * s))])

    res = minimize(loss, x0=np.array([0.0, 1.0]), jac=True, method="BFGS", options={"gtol": 1e-9, "maxiter": 1000})
    a, b = (float(v) for v in res.x)
    return (a, b) if np.isfinite(a) and np.isfinite(b) and abs(b) < 1e3 else None


@dataclass(frozen=True)
class CalibrationBin(Result):
    """One bin: predictions in ``[lower, upper]``, their mean, and the observed success rate."""

    lower: float
    upper: float
    n: int
    mean_predicted: float
    observed: float
    observed_low: float
    observed_high: float


@dataclass(frozen=True)
class CalibrationTable(Result):
    """Predicted against observed success rate per bin (``quantile``: deciles; ``fixed``: equal widths)."""

    strategy: Literal["quantile", "fixed"]
    bins: tuple[CalibrationBin, ...]

    @property
    def ece(self) -> float:
        """Expected calibration error: the n-weighted mean of |mean predicted - observed|."""
        n = sum(b.n for b in self.bins)
        return sum(b.n * abs(b.mean_predicted - b.observed) for b in self.bins) / n

    def to_dict(self) -> dict[str, Any]:
        return {"strategy": self.strategy, "ece": self.ece, "bins": [b.to_dict() for b in self.bins]}

    def summary(self, lang: str | None = None) -> str:
        L = lang or get_lang()
        lines = [t("outcomes.calibration.header", L)]
        for b in self.bins:
            lines.append(t("outcomes.calibration.row", L, lower=f"{b.lower:.2f}", upper=f"{b.upper:.2f}", n=b.n,
                           predicted=f"{b.mean_predicted:.2f}", observed=f"{b.observed:.2f}",
                           low=f"{b.observed_low:.2f}", high=f"{b.observed_high:.2f}"))
        return "\n".join(lines)


def calibration_table(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike, *, bins: int = 10,
                      strategy: Literal["quantile", "fixed"] = "quantile") -> CalibrationTable:
    """The calibration table of ``p`` against ``y`` (empty bins left out)."""
    ya, pa = _arrays(y, p)
    if bins < 1:
        raise AnalysisError("outcomes.error.bins", bins=bins)
    if strategy == "quantile":
        order = np.argsort(pa, kind="stable")
        groups = [g for g in np.array_split(order, min(bins, len(pa))) if len(g)]
    else:
        edges = np.linspace(0.0, 1.0, bins + 1)
        which = np.clip(np.searchsorted(edges, pa, side="right") - 1, 0, bins - 1)
        groups = [np.flatnonzero(which == i) for i in range(bins)]
        groups = [g for g in groups if len(g)]
    out = []
    for g in groups:
        k, n = int(ya[g].sum()), len(g)
        low, high = wilson(k, n)
        out.append(CalibrationBin(lower=float(pa[g].min()), upper=float(pa[g].max()), n=n,
                                  mean_predicted=float(pa[g].mean()), observed=k / n,
                                  observed_low=low, observed_high=high))
    return CalibrationTable(strategy=strategy, bins=tuple(out))


@dataclass(frozen=True)
class Scores(Result):
    """Out-of-sample scores: AUC with its bootstrap interval, Brier score against the base-rate
    Brier score, and the calibration line."""

    n: int
    positives: int
    auc: float
    auc_low: float
    auc_high: float
    brier: float
    base_brier: float
    calibration_intercept: float | None
    calibration_slope: float | None

    @property
    def brier_skill(self) -> float:
        """``1 - brier / base_brier``: the share of the base-rate Brier score the model removes."""
        return 1.0 - self.brier / self.base_brier if self.base_brier > 0 else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "brier_skill": self.brier_skill}

    def summary(self, lang: str | None = None) -> str:
        L = lang or get_lang()
        return t("outcomes.eval.scores", L, n=self.n, auc=f"{self.auc:.3f}", low=f"{self.auc_low:.3f}",
                 high=f"{self.auc_high:.3f}", brier=f"{self.brier:.3f}", base=f"{self.base_brier:.3f}")


def score(y: Sequence[int] | npt.ArrayLike, p: Sequence[float] | npt.ArrayLike, *, base_rate: float | None = None,
          seed: int = 0, reps: int = 2000) -> Scores:
    """:class:`Scores` of ``p`` against ``y``; ``base_rate`` (default: the mean of ``y``) is the
    constant forecast the Brier score is compared with."""
    ya, pa = _arrays(y, p)
    rate = float(ya.mean()) if base_rate is None else base_rate
    low, high = auc_interval(ya, pa, seed=seed, reps=reps)
    line = calibration_line(ya, pa)
    return Scores(n=len(ya), positives=int(ya.sum()), auc=roc_auc(ya, pa), auc_low=low, auc_high=high,
                  brier=brier(ya, pa), base_brier=float(np.mean((rate - ya) ** 2)),
                  calibration_intercept=None if line is None else line[0],
                  calibration_slope=None if line is None else line[1])


@dataclass(frozen=True)
class Evaluation(Result):
    """One out-of-sample evaluation: the scheme and its parameters, the scores, the calibration table."""

    scheme: Scheme
    params: Mapping[str, Any]
    n_train: int | None
    scores: Scores
    calibration: CalibrationTable

    def summary(self, lang: str | None = None) -> str:
        L = lang or get_lang()
        head = t(f"outcomes.eval.{self.scheme}", L, **{k: v for k, v in self.params.items()})
        return "\n".join([head, self.scores.summary(L), self.calibration.summary(L)])


Strategy = Literal["quantile", "fixed"]


def taxonomy(frame: pd.DataFrame, features: Sequence[str]) -> dict[str, list[str]]:
    """The levels of each categorical feature over the whole frame: the taxonomy is known before any
    outcome, so a training fold may know a level it has no rows of."""
    from goldmine.outcomes.features import ALLOWED

    return {f: sorted({str(v) for v in frame[f].dropna()}) for f in features
            if f in ALLOWED and ALLOWED[f].kind == "categorical" and f in frame.columns}


def _evaluation(scheme: Scheme, params: Mapping[str, Any], n_train: int | None, y: FloatArray, p: FloatArray,
                base_rate: float, seed: int, bins: int, strategy: Strategy) -> Evaluation:
    return Evaluation(scheme=scheme, params=dict(params), n_train=n_train,
                      scores=score(y, p, base_rate=base_rate, seed=seed),
                      calibration=calibration_table(y, p, bins=bins, strategy=strategy))


def cross_validate(frame: pd.DataFrame, label: str, features: Sequence[str], *,
                   transforms: Mapping[str, str] | None = None, c: float = 1.0, folds: int = 5,
                   seed: int = 0, bins: int = 10, strategy: Strategy = "quantile") -> Evaluation:
    """Stratified ``folds``-fold cross-validation of :func:`~goldmine.outcomes.fit.fit_logistic`:
    every probability comes from a model (calibration included) fitted without its row."""
    from sklearn.model_selection import StratifiedKFold

    y = labels(frame, label)
    p = np.empty(len(y), dtype=np.float64)
    levels = taxonomy(frame, features)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(y)), y):
        model = fit_logistic(frame.iloc[train], label, features, transforms=transforms, levels=levels, c=c,
                             folds=folds, seed=seed)
        p[test] = model.predict(frame.iloc[test])
    return _evaluation("cross_validation", {"folds": folds, "seed": seed}, None, y.astype(np.float64), p,
                       float(y.mean()), seed, bins, strategy)


def time_split(frame: pd.DataFrame, label: str, features: Sequence[str], *, by: str, train_to: int,
               transforms: Mapping[str, str] | None = None, c: float = 1.0, folds: int = 5, seed: int = 0,
               bins: int = 10, strategy: Strategy = "quantile") -> Evaluation:
    """Fit on the rows with ``frame[by] <= train_to`` (older companies), test on the later ones;
    the base-rate Brier score uses the training rows' success rate (what was known then)."""
    if by not in frame.columns:
        raise AnalysisError("outcomes.error.missing_feature", path=by, feature=by)
    when = frame[by].to_numpy(dtype=np.float64)
    train, test = frame[when <= train_to], frame[when > train_to]
    if len(train) == 0 or len(test) == 0:
        raise AnalysisError("outcomes.error.split", by=by, year=train_to)
    model = fit_logistic(train, label, features, transforms=transforms, levels=taxonomy(frame, features), c=c,
                         folds=folds, seed=seed)
    y = labels(test, label).astype(np.float64)
    p = model.predict(test)
    return _evaluation("time_split", {"by": by, "train_to": train_to, "test_from": int(np.min(when[when > train_to]))},
                       len(train), y, p, model.base_rate, seed, bins, strategy)


def external(model: LogisticScore, frame: pd.DataFrame, label: str, *, name: str, seed: int = 0,
             bins: int = 10, strategy: Strategy = "quantile") -> Evaluation:
    """``model`` applied unchanged to another data set ``name`` (its base-rate Brier score uses the
    model's training base rate: what the model would have predicted knowing nothing)."""
    y = labels(frame, label).astype(np.float64)
    p = model.predict(frame)
    return _evaluation("external", {"dataset": name}, None, y, p, model.base_rate, seed, bins, strategy)
