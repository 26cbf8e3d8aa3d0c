"""The schema of the AI landscape dataset (``goldmine/data/landscape/``; issue #15, point 1).

The dataset is goldmine's own compilation of published facts about AI companies, each figure with
its source and date (licence and method: ``goldmine/data/NOTICE-landscape.md``):

* ``sources.yaml`` — the registry of sources: ``{id: {publisher, title, url, published}}``; a filing,
  a company announcement or a news report, with the date it was published;
* ``companies_<group>.yaml`` — ``companies: [...]``, one :class:`Company` each: identity (id, names
  en/zh, ISO country, listing or private, segment, vertical, business model, founding year) and its
  figures: funding :class:`Round` s, published :class:`Valuation` marks, :class:`Revenue` figures
  (annual, run-rate or a period) and :class:`MarketMark` s of listed companies (market
  capitalisation, enterprise value, EV/revenue as published);
* ``settings.yaml`` — the comparables settings (:class:`LandscapeSettings`), each with source and date.

Every figure names a source id and a date.  A date may be a day (``2025-09-02``), a month
(``2025-09``) or a year (``2025``) when the source gives no more; goldmine reads a month or a year
as its *last* day (:func:`date_end`), so a figure is never used before it could have been known.  A
figure is available on the later of its own date and its source's publication date
(:meth:`Landscape.available_on`).

All models are frozen and refuse unknown keys with their path (:class:`goldmine.config.ConfigModel`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from goldmine.config import ConfigModel, Sourced
from goldmine.model.enums import BusinessModel, Vertical
from goldmine.model.types import Country, Currency

__all__ = [
    "SEGMENTS", "ROUND_STAGES", "VALUATION_BASES", "REVENUE_KINDS", "DateSpec", "date_end",
    "Names", "Listing", "Source", "Round", "Valuation", "Revenue", "MarketMark", "Company",
    "CompaniesFile", "SourcesFile", "LandscapeSettings", "Segment", "RoundStage",
]

#: Segments of the AI stack, bottom to top.
SEGMENTS = ("chips", "cloud", "foundation_models", "infrastructure", "applications")
Segment = Literal["chips", "cloud", "foundation_models", "infrastructure", "applications"]

#: Stages of a funding event: the profile's stages, plus strategic investments, IPOs and secondaries.
ROUND_STAGES = ("seed", "angel", "series_a", "series_b", "series_c_plus", "growth", "strategic", "ipo")
RoundStage = Literal["seed", "angel", "series_a", "series_b", "series_c_plus", "growth", "strategic", "ipo"]

#: What a published valuation is: a primary round's post-money, a secondary sale's price, a merger's.
VALUATION_BASES = ("post_money", "secondary", "merger")
REVENUE_KINDS = ("annual", "run_rate", "period")

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_spec(value: Any) -> str:
    """A day, a month or a year as ISO text (``2025-09-02``, ``2025-09``, ``2025``)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        m = _DATE_RE.match(value.strip())
        if m:
            year, month, day = int(m.group(1)), m.group(2), m.group(3)
            try:
                if day is not None:
                    return dt.date(year, int(month or 1), int(day)).isoformat()
                if month is not None:
                    dt.date(year, int(month), 1)
                    return f"{year:04d}-{int(month):02d}"
                dt.date(year, 1, 1)
                return f"{year:04d}"
            except ValueError:
                pass
    raise PydanticCustomError("date_parsing", "expected a date (YYYY-MM-DD, YYYY-MM or YYYY)")


#: A date with the precision its source gives: a day, a month or a year.
DateSpec = Annotated[str, BeforeValidator(_date_spec)]


def date_end(spec: str) -> dt.date:
    """The last day a :data:`DateSpec` covers: ``2025`` -> 2025-12-31, ``2025-09`` -> 2025-09-30."""
    parts = [int(p) for p in spec.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


PositiveAmount = Annotated[float, Field(gt=0, le=1e16, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1, max_length=400)]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,80}$")]


class Names(ConfigModel):
    """A company's name in English and, where one exists, in Chinese."""

    en: Text
    zh: Text | None = None


class Listing(ConfigModel):
    """Where a listed company trades: exchange, ticker, first day of trading and, optionally, the
    source of the listing date."""

    exchange: Text
    ticker: Text
    since: DateSpec | None = None
    source: SourceId | None = None


class Source(ConfigModel):
    """A filing, company announcement, report or data page: who published what, where and when."""

    publisher: Text
    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=400)] | None = None
    published: DateSpec


class _Figure(ConfigModel):
    """Common fields of every figure: its date, source, and whether the source says "about"."""

    date: DateSpec
    source: SourceId
    approximate: bool = False
    note: Annotated[str, Field(max_length=600)] | None = None


class Round(_Figure):
    """A funding event: the money raised and, where published, the post-money valuation."""

    name: Text
    stage: RoundStage
    currency: Currency
    amount: PositiveAmount | None = None
    post_money: PositiveAmount | None = None
    lead: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _has_a_figure(self) -> Round:
        if self.amount is None and self.post_money is None:
            raise PydanticCustomError("consistency", "expected an amount or a post-money valuation",
                                      {"field": "amount", "expected": "landscape.expected.round_figure",
                                       "found": "neither"})
        return self


class Valuation(_Figure):
    """A published valuation not tied to a listed round: the post-money of an undisclosed round (as a
    prospectus reports it), a secondary sale or a merger."""

    value: PositiveAmount
    currency: Currency
    basis: Literal["post_money", "secondary", "merger"]


class Revenue(_Figure):
    """Revenue as published: a fiscal year (``annual``), an annualised run-rate (``run_rate``: ARR or
    a month times twelve, as the company states it) or a shorter ``period`` (not annualised by goldmine)."""

    value: PositiveAmount
    currency: Currency
    kind: Literal["annual", "run_rate", "period"]
    period: Text


class MarketMark(_Figure):
    """A listed company's market value on a date: market capitalisation, enterprise value and
    EV/revenue (trailing twelve months) as the source publishes them; at least one of the three."""

    currency: Currency
    market_cap: PositiveAmount | None = None
    ev: PositiveAmount | None = None
    ev_revenue: Annotated[float, Field(gt=0, le=10_000, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _has_a_figure(self) -> MarketMark:
        if self.market_cap is None and self.ev is None and self.ev_revenue is None:
            raise PydanticCustomError("consistency", "expected market_cap, ev or ev_revenue",
                                      {"field": "market_cap", "expected": "landscape.expected.market_figure",
                                       "found": "none"})
        return self


class Company(ConfigModel):
    """One company of the landscape: identity and its sourced, dated figures."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
    name: Names
    country: Country
    listed: Listing | None = None
    segment: Segment
    also: tuple[Segment, ...] = ()
    vertical: Vertical
    business_model: BusinessModel
    founded: Annotated[int, Field(ge=1850, le=2025)] | None = None
    description: Names | None = None
    rounds: tuple[Round, ...] = ()
    valuations: tuple[Valuation, ...] = ()
    revenue: tuple[Revenue, ...] = ()
    market: tuple[MarketMark, ...] = ()


class CompaniesFile(ConfigModel):
    """One ``companies_<group>.yaml`` file."""

    companies: tuple[Company, ...] = Field(min_length=1)


class SourcesFile(ConfigModel):
    """``sources.yaml``: the source registry."""

    sources: dict[SourceId, Source] = Field(min_length=1)


class LandscapeSettings(ConfigModel):
    """``landscape/settings.yaml``: the dataset's cut-off and the comparables rule, each with its source."""

    cutoff: Sourced[dt.date]
    weights: dict[Literal["segment", "vertical", "country", "stage", "size"], Sourced[float]]
    also_segment_score: Sourced[float]
    region_score: Sourced[float]
    regions: Sourced[dict[str, str]]
    size_span_decades: Sourced[float]
    stale_months: dict[Literal["ev_revenue", "post_money_run_rate"], Sourced[int]]
    max_gap_months: Sourced[int]
    quantiles: dict[Literal["low", "high"], Sourced[float]]
    n: Sourced[int]
