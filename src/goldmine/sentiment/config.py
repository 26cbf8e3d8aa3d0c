"""The defaults of the sentiment index and of training, from ``goldmine/data/sentiment.yaml``, as a
frozen model (each value with its source and date, :class:`goldmine.config.Sourced`).

* :class:`SentimentConfig` — ``index`` (half-life of the decaying average, z-score kind, the days an
  expanding z-score waits for) and ``train`` (cross-validation folds, seed);
* :func:`sentiment_config` — the shipped defaults (read and validated once), or an override file or
  mapping of the same shape merged into them; unknown keys are an
  :class:`~goldmine.errors.InputError` naming their path.

The lexicons and rule files (``sentiment_en_finance.yaml``, ``sentiment_zh_rules.yaml``, the word
lists) are read by the analyzers through :mod:`goldmine.datafiles`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from goldmine.config import ConfigModel, Sourced, load_config

CONFIG_FILE = "sentiment.yaml"


class IndexDefaults(ConfigModel):
    half_life_days: Sourced[float]
    zscore: Sourced[Literal["full", "expanding"]]
    min_periods: Sourced[int]


class TrainDefaults(ConfigModel):
    folds: Sourced[int]
    seed: Sourced[int]


class SentimentConfig(ConfigModel):
    """``goldmine/data/sentiment.yaml``."""

    index: IndexDefaults
    train: TrainDefaults


def sentiment_config(override: str | Path | Mapping[str, Any] | None = None) -> SentimentConfig:
    """The shipped defaults, with ``override`` (a YAML/JSON file or a mapping) merged in when given."""
    return load_config(SentimentConfig, CONFIG_FILE, override)
