"""Use cases of ``goldmine sentiment score|train|eval|index`` and of the sentiment section of
``goldmine sector`` (issue #12).

They take loaded inputs (texts, labels, a news frame, a trained model: never a path), print nothing
and read no file; the CLI reads the CSV files and reads and writes model files
(:mod:`goldmine.io.sentiment_models`).  Defaults come from ``data/sentiment.yaml``
(:class:`~goldmine.sentiment.config.SentimentConfig`).

* :func:`resolve_analyzer` — an analyzer object, or a shipped one by name (``auto``, ``en``, ``zh``);
* :func:`score_texts` — :class:`~goldmine.sentiment.base.Scores` of a list of texts;
* :func:`train_model` — the stratified cross-validation (unless ``folds`` is 0) and the model fitted on
  all rows: :class:`Training`;
* :func:`evaluate_model` — held-out :class:`~goldmine.sentiment.train.Evaluation` of an analyzer;
* :func:`run_index` — the news sentiment index (:class:`~goldmine.sentiment.index.SentimentIndex`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from goldmine.results import Result
from goldmine.sentiment.auto import get_analyzer
from goldmine.sentiment.base import Analyzer, Progress, Scores, Texts
from goldmine.sentiment.config import sentiment_config
from goldmine.sentiment.index import IndexConfig, SentimentIndex, sentiment_index
from goldmine.sentiment.train import (
    Evaluation,
    TrainConfig,
    TrainedModel,
    cross_validate,
    evaluate,
    fit,
)

AnalyzerSpec = str | Analyzer


def resolve_analyzer(analyzer: AnalyzerSpec = "auto") -> Analyzer:
    """An analyzer object (a loaded :class:`~goldmine.sentiment.train.TrainedModel`...) as it is, or a
    shipped analyzer by name (``auto``, ``en``, ``zh``; :class:`~goldmine.errors.InputError` otherwise)."""
    return analyzer if isinstance(analyzer, Analyzer) else get_analyzer(analyzer)


def score_texts(texts: Texts, analyzer: AnalyzerSpec = "auto", progress: Progress | None = None) -> Scores:
    """``goldmine sentiment score``: a label, a tone in [-1, 1] and a language for each text."""
    return resolve_analyzer(analyzer).score(texts, progress=progress)


@dataclass(frozen=True)
class Training(Result):
    """``goldmine sentiment train``: the model fitted on every row and its cross-validated evaluation
    (``None`` when ``folds`` is 0)."""

    model: TrainedModel
    evaluation: Evaluation | None
    folds: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        return {"labels": list(self.model.labels), "n_train": self.model.metadata["n_train"],
                "config": self.model.config.to_dict(),
                "evaluation": None if self.evaluation is None else self.evaluation.to_dict()}


def train_model(texts: Sequence[str], labels: Sequence[str], *, features: str = "tfidf", folds: int | None = None,
                seed: int | None = None, metadata: dict[str, Any] | None = None,
                progress: Progress | None = None, source: str = "labelled data", column: str = "label") -> Training:
    """Cross-validate the classifier (``folds`` folds, default ``data/sentiment.yaml``; 0 skips it), then
    fit it on all the labelled texts.  ``seed`` (default ``data/sentiment.yaml``) shuffles the folds and
    seeds the classifier; ``metadata`` is stored with the model (its name, the training file...);
    ``source`` and ``column`` (the file and its label column) name where a bad label was found."""
    defaults = sentiment_config().train
    k = defaults.folds.value if folds is None else int(folds)
    s = defaults.seed.value if seed is None else int(seed)
    config = TrainConfig(features=features)
    evaluation = cross_validate(texts, labels, config, folds=k, seed=s, progress=progress, source=source,
                                column=column) if k else None
    model = fit(texts, labels, config, seed=s, metadata=metadata, source=source, column=column)
    return Training(model=model, evaluation=evaluation, folds=k, seed=s)


def evaluate_model(texts: Sequence[str], labels: Sequence[str], analyzer: AnalyzerSpec = "auto", *,
                   source: str = "labelled data", column: str = "label") -> Evaluation:
    """``goldmine sentiment eval``: accuracy, macro-F1 and the confusion matrix of ``analyzer`` on labelled
    texts (``source`` and ``column`` name where a bad label was found)."""
    return evaluate(resolve_analyzer(analyzer), texts, labels, source=source, column=column)


def run_index(news: pd.DataFrame, analyzer: AnalyzerSpec = "auto", half_life: float | None = None,
              zscore: str | None = None, *, progress: Progress | None = None, source: str = "news") -> SentimentIndex:
    """``goldmine sentiment index``: score the news (unless the frame has ``label`` and ``score``) and build
    the index; ``half_life`` (days) and ``zscore`` (``full``/``expanding``) default to ``data/sentiment.yaml``.
    The sector view calls it with the defaults.  ``source`` names the input in error messages."""
    config = IndexConfig(half_life_days=half_life, zscore=zscore)
    return sentiment_index(news, resolve_analyzer(analyzer), config, progress=progress, source=source)
