"""The defaults and the financing-routes table of goldmine.financing, validated (``data/financing.yaml``).

* :class:`FinancingConfig` — the whole file as a frozen pydantic model: ``defaults`` (conversion
  method, rounding, seniority, note day count, the largest accepted amount, Carta's median
  dilution), each a :class:`~goldmine.config.Sourced` value with its source and date, and
  ``routes`` (one :class:`RouteRow` per financing route of the seed article
  《AI大模型创业：泡沫还是金矿？》 (undated) §6.1);
* :func:`financing_config` — the shipped file, read and validated once per process.

An override of the same shape is read with ``goldmine.config.load_config(FinancingConfig,
"financing.yaml", override=PATH)`` (by a caller outside the analytics packages); unknown keys are
refused with their path.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from goldmine.config import ConfigModel, Sourced, load_config
from goldmine.model.enums import Stage, Vertical

Level = Literal["none", "low", "medium", "high"]
RoundMode = Literal["down", "nearest", "up"]
Method = Literal["percentage_ownership", "pre_money", "dollars_invested"]
Seniority = Literal["stacked", "pari_passu"]


class RoundingDefault(ConfigModel):
    shares: RoundMode
    price_decimals: int | None = Field(ge=0, le=12)
    price_mode: RoundMode
    # exact solve unless a file says otherwise; "spreadsheet": goldmine.financing.rounds (issue #14)
    solve: Literal["exact", "spreadsheet"] = "exact"


class MedianDilution(ConfigModel):
    seed: float = Field(ge=0, le=1)
    series_a: float = Field(ge=0, le=1)


class Defaults(ConfigModel):
    conversion_method: Sourced[Method]
    rounding: Sourced[RoundingDefault]
    seniority: Sourced[Seniority]
    note_day_count: Sourced[int]
    max_amount: Sourced[int]
    median_dilution: Sourced[MedianDilution]


class RouteRow(ConfigModel):
    """One financing route: cost, dilution and control levels, speed, the stages it fits, its premises."""

    cost: Level
    dilution: Level
    control: Level
    speed_months: tuple[int | float, int | float]   # ints stay ints (JSON [1, 3], as the file says)
    good: tuple[Stage, ...] = ()
    possible: tuple[Stage, ...] = ()
    needs_revenue: bool = False
    needs_equity_round: bool = False
    consumer_verticals: tuple[Vertical, ...] = ()
    source: str = Field(min_length=1)
    date: dt.date | str | int


class FinancingConfig(ConfigModel):
    defaults: Defaults
    routes: dict[str, RouteRow]


def financing_config() -> FinancingConfig:
    """The shipped ``data/financing.yaml`` (validated once per process)."""
    return load_config(FinancingConfig, "financing.yaml")
