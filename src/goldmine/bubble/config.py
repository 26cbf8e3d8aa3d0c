"""The defaults of the bubble tests, from ``goldmine/data/bubble.yaml``, as a frozen model.

* :class:`BubbleConfig` — lag order, dating level, minimum-duration factor, replications of the
  Monte Carlo and of the wild bootstrap, the wild bootstrap's control window, the shortest series,
  and :class:`LpplsConfig` (the published LPPLS filter of Sornette et al. 2015, the search box of the
  nonlinear parameters, the edge tolerance, the random starts and seeds, the critical-time band);
  each value with its source and date (:class:`goldmine.config.Sourced`);
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
    """Filter and search settings of the LPPLS fits (Sornette et al. 2015; Filimonov and Sornette 2013).

    The filter a fit must pass to be *qualified*: ``m_bounds`` (0.1 <= m <= 0.9), ``w_bounds``
    (6 <= omega <= 13), ``t2 < tc <= t2 + tc_horizon * (t2 - t1)``, ``min_oscillations`` (2.5) and
    ``min_damping`` (0.5).  The search box of the optimiser: tc in the same range as the filter,
    ``search_m`` and ``search_w`` (wider than the filter, so that the filter, not the box, decides);
    a fit within ``edge`` (a fraction of each search range, and at least one observation step for tc)
    of a bound of the box is an *edge fit* and never qualified.  ``starts`` random starts per seed,
    ``seeds`` independent seeds per window; the critical-time band holds, for every window and seed,
    the best fit and every start within ``band_ssr`` of its SSR, at the ``band_quantiles``."""

    m_bounds: Sourced[tuple[float, float]]
    w_bounds: Sourced[tuple[float, float]]
    tc_horizon: Sourced[float]
    min_oscillations: Sourced[float]
    min_damping: Sourced[float]
    search_m: Sourced[tuple[float, float]]
    search_w: Sourced[tuple[float, float]]
    edge: Sourced[float]
    starts: Sourced[int]
    seeds: Sourced[int]
    band_ssr: Sourced[float]
    band_quantiles: Sourced[tuple[float, float]]


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
