"""The shipped configuration of the sector analytics, as frozen models (every value with its source).

* :class:`IndexConfig` — ``data/ai_index.yaml``: how the goldmine AI market index is built (its
  components and segments, equal weights with quarterly rebalancing, weekly closes, the stitching
  rules, the shortest sample for the bubble tests, the shipped series) and the fundamentals of its
  valuation-ratio series (NVIDIA's revenue from its Form 10-K filings, each dated and sourced);
* :class:`DriversConfig` — ``data/drivers.yaml``: the drivers of the boom (technology, capital,
  policy, sentiment) — the dated, sourced policy events of China, the United States and the EU and
  the settings of the technology and capital evidence;
* :func:`index_config`, :func:`drivers_config` — the shipped files (read once), or an override file
  or mapping of the same shape merged in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from goldmine.config import ConfigModel, Sourced, load_config

SEGMENTS = ("chips", "hyperscalers", "etf")
JURISDICTIONS = ("CN", "US", "EU")
EVENT_KINDS = ("support", "regulation", "export_control", "deregulation")


class ComponentSpec(ConfigModel):
    """One member of the index universe: ticker, company or fund name, segment of the AI landscape."""

    ticker: str = Field(pattern=r"^[A-Z][A-Z0-9.]{0,9}$")
    name: str
    segment: Literal["chips", "hyperscalers", "etf"]


class StitchRules(ConfigModel):
    """How pieces of one ticker's history are joined (:func:`goldmine.sector.index.stitch_pieces`)."""

    min_overlap: Sourced[int]
    max_bridge_days: Sourced[int]
    split_ratios: Sourced[tuple[tuple[int, int], ...]]
    split_tolerance: Sourced[float]
    rebase_tolerance: Sourced[float]


class ShippedSeries(ConfigModel):
    """The price file shipped with goldmine (wide: a date column and one close column per ticker)."""

    file: str
    source: str
    licence: str
    date: str


class RevenueFigure(ConfigModel):
    """One fiscal year's revenue from a company's annual report."""

    fiscal_year_end: dt.date
    value: float = Field(gt=0, allow_inf_nan=False)
    unit: str = "usd"
    source: str


class Fundamentals(ConfigModel):
    """The valuation-ratio series: ``ticker``'s price over its latest reported annual revenue, the revenue
    counted from ``filing_lag_days`` after the fiscal year end (never earlier: no look-ahead)."""

    ticker: str
    filing_lag_days: Sourced[int]
    revenue: tuple[RevenueFigure, ...]


class IndexConfig(ConfigModel):
    """``data/ai_index.yaml``: the construction of the goldmine AI market index."""

    name: str
    base: Sourced[float]
    frequency: Sourced[str]
    weighting: Sourced[Literal["equal"]]
    rebalance: Sourced[Literal["quarterly"]]
    start: Sourced[dt.date]
    min_sample: Sourced[int]
    stitch: StitchRules
    components: tuple[ComponentSpec, ...]
    shipped: ShippedSeries
    fundamentals: Fundamentals

    def spec(self, ticker: str) -> ComponentSpec | None:
        return next((c for c in self.components if c.ticker == ticker), None)


class PolicyEvent(ConfigModel):
    """A dated policy event: ``id`` (its words are the catalogue key ``sector.event.<id>``), the date it
    took effect or was issued, the jurisdiction, its kind, the official document it comes from."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    date: dt.date
    jurisdiction: Literal["CN", "US", "EU"]
    kind: Literal["support", "regulation", "export_control", "deregulation"]
    source: str


class TechnologySettings(ConfigModel):
    since: Sourced[dt.date]
    countries: Sourced[tuple[str, ...]]
    years: Sourced[int]
    file: str
    source: str


class CapitalSettings(ConfigModel):
    entities: Sourced[tuple[str, ...]]
    file: str
    source: str


class DriversConfig(ConfigModel):
    """``data/drivers.yaml``: the drivers of the boom."""

    technology: TechnologySettings
    capital: CapitalSettings
    policy: tuple[PolicyEvent, ...]


def index_config(override: str | Path | Mapping[str, Any] | None = None) -> IndexConfig:
    """``data/ai_index.yaml`` (validated once), with ``override`` merged in when given."""
    return load_config(IndexConfig, "ai_index.yaml", override)


def drivers_config(override: str | Path | Mapping[str, Any] | None = None) -> DriversConfig:
    """``data/drivers.yaml`` (validated once), with ``override`` merged in when given."""
    return load_config(DriversConfig, "drivers.yaml", override)
