"""Startup outcome model: a calibrated success probability, its backtest and its model card
(issue #13, point 5; docs/outcomes.md).

Like CB Insights' Mosaic score, the model turns what is known about a company into a probability of
success; unlike a score fitted on everything a database knows today, it uses only what an investor
could know at the decision (the company's first funding round), and says how well that predicts.

* :mod:`goldmine.outcomes.features` — the allow-list of pre-decision features, the refused
  post-outcome columns, and :func:`guard_features` (the leakage guard);
* :mod:`goldmine.outcomes.model` — :class:`LogisticScore` (penalised logistic regression with
  out-of-fold Platt calibration, as numbers) and :class:`OutcomeModelSpec` (the shipped model file
  with provenance and metrics), :func:`shipped_model`;
* :mod:`goldmine.outcomes.fit` — :func:`fit_logistic`;
* :mod:`goldmine.outcomes.evaluate` — ROC AUC with a bootstrap interval, Brier score, calibration
  table and line; stratified k-fold cross-validation, time split, external validation;
* :mod:`goldmine.outcomes.profile` — a goldmine profile mapped to the model's features, and the
  population check;
* :mod:`goldmine.outcomes.assessment` — :func:`assess` -> :class:`OutcomeAssessment` with its
  :class:`ModelCard`.

Pure: data frames and profiles in, frozen results out; no file is read here except the shipped
model, through :mod:`goldmine.config`.  The data-set readers are in :mod:`goldmine.io.startup_datasets`,
the use case in :mod:`goldmine.pipeline.outcomes`, the backtest in ``benchmarks/outcome_backtest.py``.
"""

from goldmine.outcomes.assessment import ModelCard, OutcomeAssessment, assess, model_card
from goldmine.outcomes.evaluate import (
    CalibrationBin,
    CalibrationTable,
    Evaluation,
    Scores,
    brier,
    calibration_table,
    cross_validate,
    external,
    roc_auc,
    time_split,
)
from goldmine.outcomes.features import ALLOWED, FORBIDDEN, guard_features
from goldmine.outcomes.fit import fit_logistic
from goldmine.outcomes.model import LogisticScore, OutcomeModelSpec, shipped_model
from goldmine.outcomes.profile import FeatureValue, ProfileFeatures, map_profile

__all__ = [
    "ALLOWED", "FORBIDDEN", "CalibrationBin", "CalibrationTable", "Evaluation", "FeatureValue", "LogisticScore",
    "ModelCard", "OutcomeAssessment", "OutcomeModelSpec", "ProfileFeatures", "Scores", "assess", "brier",
    "calibration_table", "cross_validate", "external", "fit_logistic", "guard_features", "map_profile",
    "model_card", "roc_auc", "shipped_model", "time_split",
]
