"""The defaults of goldmine.market as a frozen, validated configuration (issue #12).

goldmine convention: configuration is read once, validated into frozen models.

``goldmine/data/market.yaml`` (each value with its source and date) is read once, through
:func:`goldmine.config.load_config`, into :class:`MarketConfig`; an unknown key is refused with its
path.  The growth models take the configuration object (default: :meth:`MarketConfig.shipped`); a
user's override file of the same shape is read by the caller (the CLI's ``--config``) with
``load_config(MarketConfig, MARKET_FILE, override=path)``.

* :class:`BassStarts` — Bass p and q per year, the fit's starting values (Sultan, Farley and
  Lehmann 1990, J. Marketing Research 27(1): mean p = 0.03, q = 0.38), never imposed on the fit;
* :class:`FitDefaults` — the prediction interval's level and the bootstrap's replications;
* :class:`ReferenceHoldout` — the published holdout comparison ``benchmarks/market_holdout.py``
  re-runs (AI private investment, CSET via Our World in Data).
"""

from __future__ import annotations

import datetime as dt

from goldmine.config import ConfigModel, Sourced, load_config

MARKET_FILE = "market.yaml"


class BassStarts(ConfigModel):
    p: Sourced[float]
    q: Sourced[float]


class FitDefaults(ConfigModel):
    level: Sourced[float]
    n_boot: Sourced[int]


class ReferenceHoldout(ConfigModel):
    series: str
    fit_years: tuple[int, int]
    predicted_2023_usd_bn: dict[str, float]
    actual_2023_usd_bn: float
    source: str
    date: str | int | dt.date | None = None


class MarketConfig(ConfigModel):
    """``goldmine/data/market.yaml``: the defaults of goldmine.market, with their sources."""

    bass: BassStarts
    fit: FitDefaults
    reference_holdout: ReferenceHoldout

    @classmethod
    def shipped(cls) -> MarketConfig:
        """The shipped defaults (read and validated once per process)."""
        return load_config(cls, MARKET_FILE)
