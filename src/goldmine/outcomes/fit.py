"""Fitting the outcome model: penalised logistic regression with out-of-fold Platt calibration.

* :func:`fit_logistic` — checks the features with the leakage guard
  (:func:`goldmine.outcomes.features.guard_features`), builds the design (numeric features clipped to
  their training range, optionally ``log1p``-transformed, standardised; categorical ones one-hot),
  fits an L2-penalised logistic regression (scikit-learn, ``lbfgs``; objective
  ``C * sum(log-loss) + ||w||^2 / 2``, intercept not penalised), takes the covariance of the
  coefficients as the inverse Hessian of that objective (Laplace approximation), and fits Platt's
  calibration (Platt 1999, with his smoothed targets ``(N+ + 1) / (N+ + 2)`` and ``1 / (N- + 2)``)
  on the *out-of-fold* linear scores of a stratified k-fold split, so the calibration never sees a
  score computed on its own training rows.  Returns a :class:`~goldmine.outcomes.model.LogisticScore`.

Deterministic: the folds come from ``seed``; the solvers are deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.outcomes.features import ALLOWED, guard_features
from goldmine.outcomes.model import (
    Calibration,
    CategoricalFeature,
    LogisticScore,
    NumericFeature,
    design_matrix,
)

__all__ = ["fit_logistic", "labels", "platt"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def labels(frame: pd.DataFrame, label: str) -> IntArray:
    """The 0/1 label column as integers; both classes must be present."""
    if label not in frame.columns:
        raise AnalysisError("outcomes.error.missing_feature", path=label, feature=label)
    y = frame[label].to_numpy()
    if pd.isna(y).any() or not set(np.unique(y)) <= {0, 1}:
        raise AnalysisError("outcomes.error.label", path=label, label=label)
    out = y.astype(np.int64)
    if out.min() == out.max():
        raise AnalysisError("outcomes.error.one_class", path=label, n=len(out))
    return out


def _feature_specs(frame: pd.DataFrame, features: Sequence[str], transforms: Mapping[str, str],
                   levels: Mapping[str, Sequence[str]]) -> list[NumericFeature | CategoricalFeature]:
    specs: list[NumericFeature | CategoricalFeature] = []
    for name in features:
        if name not in frame.columns:
            raise AnalysisError("outcomes.error.missing_feature", path=name, feature=name)
        if ALLOWED[name].kind == "numeric":
            x = frame[name].to_numpy(dtype=np.float64)
            if not np.all(np.isfinite(x)):
                raise AnalysisError("outcomes.error.missing_value", path=name, feature=name)
            transform = transforms.get(name, "identity")
            if transform not in ("identity", "log1p"):
                raise AnalysisError("outcomes.error.transform", path=name, feature=name, transform=transform)
            z = np.log1p(x) if transform == "log1p" else x
            scale = float(np.std(z))
            if not scale > 0:
                raise AnalysisError("outcomes.error.constant_feature", path=name, feature=name)
            specs.append(NumericFeature.model_validate(
                {"name": name, "transform": transform, "lower": float(x.min()), "upper": float(x.max()),
                 "center": float(np.mean(z)), "scale": scale}))
        else:
            values = frame[name]
            if values.isna().any():
                raise AnalysisError("outcomes.error.missing_value", path=name, feature=name)
            seen = {str(v) for v in values}
            known = tuple(sorted(set(levels.get(name, ())) | seen))
            if len(seen) < 2:
                raise AnalysisError("outcomes.error.constant_feature", path=name, feature=name)
            specs.append(CategoricalFeature(name=name, levels=known))
    return specs


def _fit_penalised(x: FloatArray, y: IntArray, c: float) -> tuple[float, FloatArray]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, solver="lbfgs", tol=1e-10, max_iter=10_000)
    model.fit(x, y)
    return float(model.intercept_[0]), np.asarray(model.coef_[0], dtype=np.float64)


def _covariance(x: FloatArray, intercept: float, weights: FloatArray, c: float) -> FloatArray:
    """Inverse Hessian of ``C * sum(log-loss) + ||w||^2 / 2`` on the likelihood scale:
    ``(Z' W Z + diag(0, 1/C, ..., 1/C))^-1`` with ``Z = [1, X]`` and ``W = p (1 - p)``."""
    z = np.hstack([np.ones((x.shape[0], 1)), x])
    p = 1.0 / (1.0 + np.exp(-(intercept + x @ weights)))
    hessian = (z * (p * (1.0 - p))[:, None]).T @ z
    hessian[1:, 1:] += np.eye(x.shape[1]) / c
    cov: FloatArray = np.asarray(np.linalg.inv(hessian), dtype=np.float64)
    return cov


def platt(scores: FloatArray, y: IntArray) -> Calibration:
    """Platt's two parameters ``(a, b)``: ``P(y=1 | s) = 1 / (1 + exp(-(a s + b)))``, maximum
    likelihood with Platt's smoothed targets (Platt 1999, §2.2)."""
    from scipy.optimize import minimize

    n_pos = int(y.sum())
    n_neg = int(len(y) - n_pos)
    target = np.where(y == 1, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))

    def loss(params: FloatArray) -> tuple[float, FloatArray]:
        a, b = params
        z = a * scores + b
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0.0, z) - target * z))
        resid = p - target
        return value, np.array([float(np.sum(resid * scores)), float(np.sum(resid))])

    prior = np.log((n_pos + 1.0) / (n_neg + 1.0))
    result = minimize(loss, x0=np.array([1.0, float(prior)]), jac=True, method="BFGS",
                      options={"gtol": 1e-10, "maxiter": 1000})
    a, b = (float(v) for v in result.x)
    if not (np.isfinite(a) and np.isfinite(b)):
        raise AnalysisError("outcomes.error.calibration", n=len(y))
    return Calibration(a=a, b=b)


def _out_of_fold_scores(x: FloatArray, y: IntArray, c: float, folds: int, seed: int) -> FloatArray:
    from sklearn.model_selection import StratifiedKFold

    scores = np.empty(len(y), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(x, y):
        b, w = _fit_penalised(x[train], y[train], c)
        scores[test] = b + x[test] @ w
    return scores


def fit_logistic(frame: pd.DataFrame, label: str, features: Sequence[str], *,
                 transforms: Mapping[str, str] | None = None, levels: Mapping[str, Sequence[str]] | None = None,
                 c: float = 1.0, folds: int = 5, seed: int = 0) -> LogisticScore:
    """Fit the calibrated logistic score on ``frame`` (module docstring).

    ``features`` pass the leakage guard first; ``transforms`` maps a numeric feature to
    ``"log1p"`` or ``"identity"`` (the default); ``levels`` adds known levels of a categorical
    feature that ``frame`` may lack (the taxonomy, known in advance: a level without training rows
    gets a zero coefficient from the penalty); ``c`` is scikit-learn's inverse penalty on the
    standardised design; ``folds`` and ``seed`` define the out-of-fold split of the calibration.
    """
    names = guard_features(features)
    if not names:
        raise AnalysisError("outcomes.error.no_features", path="features")
    y = labels(frame, label)
    if folds < 2 or min(int(y.sum()), int(len(y) - y.sum())) < folds:
        raise AnalysisError("outcomes.error.folds", path="folds", folds=folds, n=len(y))
    specs = _feature_specs(frame, names, transforms or {}, levels or {})
    x = design_matrix(specs, frame)
    intercept, weights = _fit_penalised(x, y, c)
    cov = _covariance(x, intercept, weights, c)
    calibration = platt(_out_of_fold_scores(x, y, c, folds, seed), y)
    terms = tuple(term for f in specs for term in f.terms())
    payload: dict[str, Any] = {
        "features": specs, "terms": terms, "intercept": intercept,
        "weights": tuple(float(w) for w in weights),
        "covariance": tuple(tuple(float(v) for v in row) for row in cov),
        "penalty_c": c, "calibration": calibration, "n": len(y), "positives": int(y.sum()),
    }
    return LogisticScore.model_validate(payload)
