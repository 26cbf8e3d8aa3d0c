"""The outcome model as data: a calibrated logistic score and its model file (issue #13, point 5).

* :class:`LogisticScore` — the fitted model: features (numeric ones clipped to the training range,
  transformed and standardised; categorical ones one-hot), the penalised logistic-regression
  coefficients, their approximate covariance (the inverse Hessian of the penalised log-likelihood,
  a Laplace approximation) and the Platt calibration fitted out of fold (Platt 1999, "Probabilistic
  outputs for support vector machines"): ``p = 1 / (1 + exp(-(a * eta + b)))`` where ``eta`` is the
  linear score.  :meth:`LogisticScore.predict` and :meth:`LogisticScore.interval` use numpy only.
* :class:`OutcomeModelSpec` — the shipped file ``goldmine/data/outcomes_model.yaml``: the model, the
  data it was trained on (source, licence, checksum), its population, the measured metrics, the
  mapping from a goldmine profile, and the limitations (catalogue keys).  Validation runs the
  leakage guard (:func:`goldmine.outcomes.features.guard_features`): a model file that uses a
  post-outcome column is refused when it is loaded.
* :func:`shipped_model` — the shipped file, read once through :func:`goldmine.config.load_config`.

The file is written by ``benchmarks/outcome_backtest.py --write-model`` from the CC0 Kaggle set;
nothing derived from the CC BY-SA Y Combinator set is shipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import Field, model_validator

from goldmine.config import ConfigModel, Sourced, load_config
from goldmine.errors import AnalysisError
from goldmine.outcomes.features import ALLOWED, FORBIDDEN, guard_features

__all__ = ["MODEL_FILE", "CategoricalFeature", "LogisticScore", "NumericFeature", "OutcomeModelSpec", "design_matrix",
           "shipped_model"]

MODEL_FILE = "outcomes_model.yaml"

FloatArray = npt.NDArray[np.float64]
Columns = Mapping[str, Sequence[Any]] | Mapping[str, Any] | pd.DataFrame


class NumericFeature(ConfigModel):
    """A numeric feature: clipped to ``[lower, upper]`` (the training range), transformed, standardised."""

    name: str
    kind: Literal["numeric"] = "numeric"
    transform: Literal["identity", "log1p"] = "identity"
    lower: float
    upper: float
    center: float
    scale: Annotated[float, Field(gt=0)]

    def terms(self) -> tuple[str, ...]:
        return (self.name,)


class CategoricalFeature(ConfigModel):
    """A categorical feature: one indicator per level (no reference level; the L2 penalty identifies them)."""

    name: str
    kind: Literal["categorical"] = "categorical"
    levels: Annotated[tuple[str, ...], Field(min_length=2)]

    def terms(self) -> tuple[str, ...]:
        return tuple(f"{self.name}={level}" for level in self.levels)


Feature = Annotated[NumericFeature | CategoricalFeature, Field(discriminator="kind")]


class Calibration(ConfigModel):
    """Platt scaling of the linear score, fitted on out-of-fold scores."""

    method: Literal["platt"] = "platt"
    a: float
    b: float


def _transform(x: FloatArray, transform: str) -> FloatArray:
    return np.log1p(x) if transform == "log1p" else x


def _sigmoid(z: FloatArray) -> FloatArray:
    out: FloatArray = 1.0 / (1.0 + np.exp(-z))
    return out


def design_matrix(features: Sequence[NumericFeature | CategoricalFeature], columns: Columns) -> FloatArray:
    """The design matrix (rows x terms, no intercept column) of ``columns`` (a mapping or a DataFrame
    holding every feature).  A missing value or an unknown level is an
    :class:`~goldmine.errors.AnalysisError`."""
    blocks: list[FloatArray] = []
    for f in features:
        if f.name not in columns:
            raise AnalysisError("outcomes.error.missing_feature", path=f.name, feature=f.name)
        raw = columns[f.name]
        if isinstance(f, NumericFeature):
            x = np.asarray(raw, dtype=np.float64)
            if not np.all(np.isfinite(x)):
                raise AnalysisError("outcomes.error.missing_value", path=f.name, feature=f.name)
            z = (_transform(np.clip(x, f.lower, f.upper), f.transform) - f.center) / f.scale
            blocks.append(z.reshape(-1, 1))
        else:
            values = [str(v) for v in raw]
            unknown = sorted(set(values) - set(f.levels))
            if unknown:
                raise AnalysisError("outcomes.error.unknown_level", path=f.name, feature=f.name,
                                    level=unknown[0], levels=list(f.levels))
            index = {level: i for i, level in enumerate(f.levels)}
            onehot = np.zeros((len(values), len(f.levels)), dtype=np.float64)
            onehot[np.arange(len(values)), [index[v] for v in values]] = 1.0
            blocks.append(onehot)
    return np.hstack(blocks)


class LogisticScore(ConfigModel):
    """A penalised logistic regression with Platt calibration, as plain numbers (see the module docstring)."""

    features: tuple[Feature, ...]
    terms: tuple[str, ...]
    intercept: float
    weights: tuple[float, ...]
    covariance: tuple[tuple[float, ...], ...]
    penalty_c: Annotated[float, Field(gt=0)]
    calibration: Calibration
    n: Annotated[int, Field(gt=0)]
    positives: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _consistent(self) -> LogisticScore:
        guard_features(f.name for f in self.features)
        for f in self.features:
            if ALLOWED[f.name].kind != f.kind:
                raise AnalysisError("outcomes.error.feature_kind", path="features", feature=f.name,
                                    kind=f.kind, expected=ALLOWED[f.name].kind)
        expected = tuple(term for f in self.features for term in f.terms())
        k = len(expected)
        if self.terms != expected or len(self.weights) != k:
            raise AnalysisError("outcomes.error.model_shape", path="terms", terms=len(self.terms),
                                weights=len(self.weights), expected=k)
        if len(self.covariance) != k + 1 or any(len(row) != k + 1 for row in self.covariance):
            raise AnalysisError("outcomes.error.model_shape", path="covariance", terms=len(self.covariance),
                                weights=len(self.weights), expected=k + 1)
        if self.positives > self.n:
            raise AnalysisError("outcomes.error.positives", path="positives", positives=self.positives, n=self.n)
        return self

    # ------------------------------------------------------------------ design and prediction
    @property
    def feature_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.features)

    @property
    def base_rate(self) -> float:
        """Share of successes in the training set."""
        return self.positives / self.n

    def design(self, columns: Columns) -> FloatArray:
        """The design matrix of ``columns`` (:func:`design_matrix`)."""
        return design_matrix(self.features, columns)

    def linear_score(self, design: FloatArray) -> FloatArray:
        """``eta = intercept + X w`` (the uncalibrated log-odds)."""
        out: FloatArray = self.intercept + design @ np.asarray(self.weights, dtype=np.float64)
        return out

    def calibrate(self, eta: FloatArray) -> FloatArray:
        """Platt's map from the linear score to a calibrated probability."""
        return _sigmoid(self.calibration.a * eta + self.calibration.b)

    def predict(self, columns: Columns) -> FloatArray:
        """Calibrated success probabilities of the rows of ``columns``."""
        return self.calibrate(self.linear_score(self.design(columns)))

    def interval(self, columns: Columns, level: float = 0.90) -> tuple[FloatArray, FloatArray]:
        """A ``level`` interval of each calibrated probability from the coefficients' covariance
        (delta method on the linear score, mapped through the calibration; the uncertainty of the
        two calibration parameters is not included)."""
        from scipy.stats import norm

        if not 0.0 < level < 1.0:
            raise AnalysisError("outcomes.error.level", path="level", level=level)
        x = self.design(columns)
        z_rows = np.hstack([np.ones((x.shape[0], 1)), x])
        cov = np.asarray(self.covariance, dtype=np.float64)
        se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", z_rows, cov, z_rows), 0.0))
        eta = self.linear_score(x)
        z = float(norm.ppf(0.5 + level / 2.0))
        a_side, b_side = self.calibrate(eta - z * se), self.calibrate(eta + z * se)
        return np.minimum(a_side, b_side), np.maximum(a_side, b_side)


# ---------------------------------------------------------------------------- the model file
class DatasetInfo(ConfigModel):
    """Where the training data comes from."""

    name: str
    citation: str
    url: str
    licence: str
    file: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    rows: int
    positives: int
    period: tuple[int, int]
    columns: tuple[str, ...]


class Population(ConfigModel):
    """Whom the model describes: a profile outside it gets no probability."""

    country: str
    founded_from: int
    founded_to: int
    label: str
    decision_point: str


class ScoreRecord(ConfigModel):
    """Out-of-sample scores of one evaluation scheme (see :class:`goldmine.outcomes.evaluate.Scores`)."""

    n: int
    positives: int
    auc: float
    auc_low: float
    auc_high: float
    brier: float
    base_brier: float
    calibration_intercept: float | None = None
    calibration_slope: float | None = None


class CrossValidationRecord(ConfigModel):
    folds: int
    seed: int
    scores: ScoreRecord


class TimeSplitRecord(ConfigModel):
    train_to: int
    test_from: int
    n_train: int
    scores: ScoreRecord


class ModelMetrics(ConfigModel):
    cross_validation: CrossValidationRecord
    time_split: TimeSplitRecord


class CategoryChoice(ConfigModel):
    """The Crunchbase categories a goldmine vertical may correspond to, and why."""

    candidates: Annotated[tuple[str, ...], Field(min_length=1)]
    note: str = ""


class ProfileMapping(ConfigModel):
    """How a goldmine profile fills the model's features (docs/outcomes.md, "Profile mapping")."""

    category_code: dict[str, CategoryChoice]


class OutcomeModelSpec(ConfigModel):
    """The shipped outcome model with its provenance, metrics and model card (module docstring)."""

    name: str
    version: int
    trained: str
    software: dict[str, str]
    seed: int
    dataset: DatasetInfo
    population: Population
    model: LogisticScore
    excluded: tuple[str, ...]
    metrics: ModelMetrics
    target_auc: Sourced[float]
    profile_mapping: ProfileMapping
    limitations: tuple[str, ...]

    @model_validator(mode="after")
    def _mapping_and_exclusions(self) -> OutcomeModelSpec:
        levels: dict[str, tuple[str, ...]] = {f.name: f.levels for f in self.model.features
                                              if isinstance(f, CategoricalFeature)}
        if "category_code" in levels:
            for vertical, choice in self.profile_mapping.category_code.items():
                bad = sorted(set(choice.candidates) - set(levels["category_code"]))
                if bad:
                    raise AnalysisError("outcomes.error.unknown_level", path=f"profile_mapping.category_code.{vertical}",
                                        feature="category_code", level=bad[0], levels=list(levels["category_code"]))
        for name in self.excluded:
            if name not in FORBIDDEN:
                raise AnalysisError("outcomes.error.not_refused", path="excluded", feature=name)
        return self

    @property
    def meets_target(self) -> bool:
        """Both out-of-sample AUCs (cross-validation and the time split) reach the target."""
        m = self.metrics
        return min(m.cross_validation.scores.auc, m.time_split.scores.auc) >= self.target_auc.value

    def in_period(self, year: int) -> bool:
        return self.population.founded_from <= year <= self.population.founded_to


def shipped_model() -> OutcomeModelSpec:
    """The shipped model (``goldmine/data/outcomes_model.yaml``), validated once per process."""
    return load_config(OutcomeModelSpec, MODEL_FILE)
