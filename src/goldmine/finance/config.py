"""The defaults of goldmine.finance as a frozen, validated configuration (issue #12).

goldmine convention: configuration is read once, validated into frozen models.

``goldmine/data/finance.yaml`` holds every default of the cash projection, the Monte Carlo and the
next-round model, each with its source and date.  It is read once, through
:func:`goldmine.config.load_config`, into :class:`FinanceConfig` (frozen pydantic models; an
unknown key is refused with its path, so a typo in an override file is an error, never a default
silently kept).  The analyses take the configuration object (default: :meth:`FinanceConfig.shipped`);
a user's override file of the same shape is read by the caller (the CLI's ``--config``) with
``load_config(FinanceConfig, FINANCE_FILE, override=path)``.

* :class:`ProjectionDefaults` — horizon, gross margin, the funding buffer, cost growth (revenue growth
  is the one growth model's, :mod:`goldmine.growth`, ``data/growth.yaml``);
* :class:`UncertaintyDefaults` — the Monte Carlo's spreads and the fan chart's paths;
* :class:`RoundsData` — time between rounds (Carta, Crunchbase), cohort graduation (Carta, CB
  Insights), median round sizes (Carta) and the months of burn a round covers without a past round.
"""

from __future__ import annotations

import datetime as dt

from goldmine.config import ConfigModel, Sourced, load_config

FINANCE_FILE = "finance.yaml"


class ProjectionDefaults(ConfigModel):
    horizon_months: Sourced[int]
    gross_margin: Sourced[float]
    buffer_months: Sourced[float]
    cost_growth: Sourced[float]


class UncertaintyDefaults(ConfigModel):
    churn_mean: Sourced[float]
    churn_sd: Sourced[float]
    margin_sd: Sourced[float]
    gap_dispersion: Sourced[float]
    size_dispersion: Sourced[float]
    fan_paths: Sourced[int]


class MonthsBetween(ConfigModel):
    seed_to_a: Sourced[float]
    a_to_b: Sourced[float]


class Carta2018(ConfigModel):
    """Share of Carta's 2018 US founding cohort that raised each round."""

    source: str
    date: str | int | dt.date | None = None
    seed: float
    series_a: float
    series_b: float
    series_c: float


class CBInsights2008(ConfigModel):
    source: str
    date: str | int | dt.date | None = None
    second_round: float
    fourth_round: float


class Graduation(ConfigModel):
    carta_2018: Carta2018
    cbinsights_2008_2010: CBInsights2008


class MedianSizes(ConfigModel):
    """Median round sizes in US dollars; only their ratios (step-ups) are used."""

    source: str
    date: str | int | dt.date | None = None
    seed: float
    series_a: float
    series_b: float

    def of(self, stage: str) -> float:
        sizes = {"seed": self.seed, "series_a": self.series_a, "series_b": self.series_b}
        return sizes[stage]


class RoundsData(ConfigModel):
    months_between: MonthsBetween
    graduation: Graduation
    median_size_usd: MedianSizes
    months_of_burn_raised: Sourced[float]


class FinanceConfig(ConfigModel):
    """``goldmine/data/finance.yaml``: every default of goldmine.finance, with its source."""

    projection: ProjectionDefaults
    uncertainty: UncertaintyDefaults
    rounds: RoundsData

    @classmethod
    def shipped(cls) -> FinanceConfig:
        """The shipped defaults (read and validated once per process)."""
        return load_config(cls, FINANCE_FILE)
