"""The defaults of the bubble tests, from ``goldmine/data/bubble.yaml``, as a frozen model.

* :class:`BubbleConfig` — lag order, dating level, minimum-duration factor, replications of the
  Monte Carlo and of the wild bootstrap, the wild bootstrap's control window, the shortest series,
  and :class:`LpplsConfig` (the LPPLS filters, the critical-time horizon, the random starts); each
  value with its source and date (:class:`goldmine.config.Sourced`);
* :func:`bubble_config` — the shipped defaults (read and validated once), or an override file or
  mapping of the same shape deep-merged into them; unknown keys and bad values are an
  :class:`~goldmine.errors.InputError` naming their path.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from goldmine.config import ConfigModel, Sourced, load_config

CONFIG_FILE = "bubble.yaml"


class LpplsConfig(ConfigModel):
    """Filters and search settings of the LPPLS fits (Sornette et al. 2015)."""

    m_bounds: Sourced[tuple[float, float]]
    w_bounds: Sourced[tuple[float, float]]
    tc_horizon: Sourced[float]
    starts: Sourced[int]


class BubbleConfig(ConfigModel):
    """``goldmine/data/bubble.yaml``: the defaults of :func:`goldmine.bubble.analyze` and of LPPLS."""

    lags: Sourced[int]
    significance: Sourced[int]
    delta: Sourced[float]
    mc_reps: Sourced[int]
    wb_reps: Sourced[int]
    wb_control: Sourced[int]
    min_obs: Sourced[int]
    lppls: LpplsConfig


def bubble_config(override: str | Path | Mapping[str, Any] | None = None) -> BubbleConfig:
    """The shipped defaults, with ``override`` (a YAML/JSON file or a mapping) merged in when given."""
    return load_config(BubbleConfig, CONFIG_FILE, override)
