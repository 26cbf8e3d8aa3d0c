"""Settings of every command's use case, with their defaults in ``data/settings.yaml`` (issue #12).

Each use case (one function per command in :mod:`goldmine.pipeline`) takes one frozen settings
object.  Its defaults come from one section of ``goldmine/data/settings.yaml`` (each value with
its source); the CLI options, ``goldmine analyze``, ``goldmine sector``, the demo and the web API
start from the same object and change only what the user asked for (:meth:`SettingsModel.with_`),
so the same inputs give the same numbers everywhere.

* :class:`RunwaySettings` — ``goldmine runway`` and the runway section of ``goldmine analyze``;
* :class:`ForecastSettings` — ``goldmine forecast``; :class:`MarketSettings` — the market section;
* :class:`WaterfallSettings` — the exit scenarios of the waterfall section;
* :class:`ValuationSettings` — extra exchange rates of ``goldmine value`` and the valuation section;
* :class:`BubbleSettings`, :class:`LpplsSettings` — ``goldmine bubble`` and the bubble pillars;
* :class:`SectorSettings` — ``goldmine sector``; :class:`UpdateSettings` — ``goldmine update``;
* :class:`FundSettings` — ``goldmine fund``;
* :class:`FreshnessSettings` — the ages beyond which an input of ``goldmine analyze`` is stale;
* :class:`DueDiligenceSettings` — ``goldmine analyze``: the sections' settings together;
  :meth:`DueDiligenceSettings.demo` the lighter run of ``goldmine demo``;
* :class:`ScreenSettings` — ``goldmine screen`` (:func:`goldmine.pipeline.screen.run_screen`).

The recommendation's thresholds are configuration with sources too (``data/report.yaml``,
:func:`report_config`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from goldmine.config import ConfigModel, shipped, validate
from goldmine.model.limits import MAX_PATHS, MAX_REPS, MAX_SEED
from goldmine.model.types import ISO_CURRENCIES

SETTINGS_FILE = "settings.yaml"


def value(entry: Any) -> Any:
    """A configuration entry is either a bare value or ``{value, source, date, ...}``."""
    return entry["value"] if isinstance(entry, dict) and "value" in entry else entry


@lru_cache(maxsize=4)
def report_config(name: str = "report.yaml") -> dict[str, Any]:
    """The shipped configuration file ``goldmine/data/<name>`` (values with source and date)."""
    data: dict[str, Any] = shipped(name)
    return data


def defaults(section: str) -> dict[str, Any]:
    """The plain values of one section of ``data/settings.yaml`` (sources stripped)."""
    return {k: value(v) for k, v in shipped(SETTINGS_FILE)[section].items()}


def sources(section: str) -> dict[str, str]:
    """The source of each default of one section (shown in ``--help`` and the docs)."""
    return {k: str(v.get("source", "")) if isinstance(v, dict) else "" for k, v in shipped(SETTINGS_FILE)[section].items()}


class SettingsModel(ConfigModel):
    """Frozen settings; :meth:`default` from ``data/settings.yaml``, :meth:`with_` to change fields."""

    SECTION: ClassVar[str] = ""

    @classmethod
    def default(cls) -> Self:
        settings: Self = _default_of(cls)
        return settings

    def with_(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied (``None`` values are ignored: "not given on the command line"),
        validated like the defaults: a bad value is an :class:`~goldmine.errors.InputError` naming it."""
        given = {k: v for k, v in changes.items() if v is not None}
        if not given:
            return self
        return validate(type(self), {**self.model_dump(), **given}, None)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


@lru_cache(maxsize=32)
def _default_of(cls: type[SettingsModel]) -> Any:
    section = cls.SECTION
    return validate(cls, defaults(section), f"goldmine/data/{SETTINGS_FILE} ({section})")


Seed = Field(ge=0, le=MAX_SEED)


class RunwaySettings(SettingsModel):
    SECTION: ClassVar[str] = "runway"
    paths: int = Field(ge=0, le=MAX_PATHS)
    seed: int = Seed
    horizon: int = Field(ge=1, le=600)


class ForecastSettings(SettingsModel):
    SECTION: ClassVar[str] = "forecast"
    model: Literal["bass", "logistic", "exp", "exp-discrete"]
    horizon: int = Field(ge=1, le=1000)
    holdout: int = Field(ge=0)
    interval: Literal["parametric", "bootstrap"]
    level: float = Field(ge=0.5, le=0.999)
    kind: Literal["level", "flow"]
    seed: int = Seed


class MarketSettings(SettingsModel):
    SECTION: ClassVar[str] = "market"
    models: tuple[Literal["bass", "logistic", "exp"], ...]
    horizon: int = Field(ge=1, le=1000)
    holdout: int = Field(ge=0)
    min_history: int = Field(ge=3)


class WaterfallSettings(SettingsModel):
    """The waterfall section: exits at these multiples of the last post-money valuation."""

    SECTION: ClassVar[str] = "waterfall"
    exit_multiples: tuple[Annotated[float, Field(gt=0, allow_inf_nan=False)], ...] = Field(min_length=1)


class ValuationSettings(SettingsModel):
    """``goldmine value`` and the valuation section: extra exchange rates, (CCY, units per USD) pairs,
    as ``goldmine value --fx CCY=RATE`` gives them, added to the shipped FX table."""

    SECTION: ClassVar[str] = "valuation"
    fx: tuple[tuple[Annotated[str, Field(pattern=r"^[A-Z]{3}$")], Annotated[float, Field(gt=0, allow_inf_nan=False)]], ...]

    @field_validator("fx")
    @classmethod
    def _known_currencies(cls, fx: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float], ...]:
        """ISO 4217 codes the profiles accept, and no rate for USD (the unit of every rate: 1 by definition)."""
        for code, _rate in fx:
            if code == "USD":
                raise PydanticCustomError("fx_usd", "no rate for USD")
            if code not in ISO_CURRENCIES:
                raise PydanticCustomError("currency", "expected a currency", {"known": ", ".join(sorted(ISO_CURRENCIES))})
        return fx


class BubbleSettings(SettingsModel):
    """``goldmine bubble`` (:func:`goldmine.pipeline.bubble.run_bubble`).  ``lags``, ``window``, ``reps``,
    ``delta`` and ``control`` left ``None`` take the analysis's defaults (``data/bubble.yaml``; PSY's
    minimum window); they are checked by the analysis, which names the option at fault."""

    SECTION: ClassVar[str] = "bubble"
    log: bool
    cv: Literal["table", "mc", "mc-exuber", "wb"]
    seed: int = Seed
    significance: Literal[90, 95, 99]
    ic: Literal["fixed", "aic", "bic"]
    backend: str
    lags: int | None = None
    window: int | None = None
    reps: int | None = Field(default=None, le=MAX_REPS)
    delta: float | None = Field(default=None, le=100, allow_inf_nan=False)
    control: int | None = None

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, spec: str) -> str:
        """auto, serial, processes[:N], dask or dask://host:port, checked when the options are read,
        before any work (nothing is started or contacted here)."""
        import re

        m = re.fullmatch(r"auto|serial|processes(:[1-9][0-9]{0,3})?|dask|(?:dask|tcp)://[^\s/:]+:([0-9]{1,5})", spec)
        if m and (m.group(2) is None or 0 < int(m.group(2)) < 65536):
            return spec
        raise PydanticCustomError("backend", "expected a backend")


class LpplsSettings(SettingsModel):
    """The nested LPPLS windows of ``goldmine bubble --lppls``, the bubble demo and the sector view:
    ``windows`` windows ending at the last date, from :meth:`window_range`."""

    SECTION: ClassVar[str] = "lppls"
    windows: int = Field(ge=2, le=200)
    min_window_divisor: int = Field(ge=1)
    max_window_divisor: int = Field(ge=1)
    min_window: int = Field(ge=20)
    max_window: int = Field(ge=20)

    def window_range(self, n: int) -> tuple[int, int]:
        """(shortest, longest) window for a series of ``n`` observations: ``max(min_window, n //
        min_window_divisor)`` and ``max(max_window, n // max_window_divisor)``."""
        return max(self.min_window, n // self.min_window_divisor), max(self.max_window, n // self.max_window_divisor)


class SectorSettings(SettingsModel):
    SECTION: ClassVar[str] = "sector"
    seed: int = Seed
    cv: Literal["table", "mc", "wb"]
    reps: int = Field(ge=19, le=100_000)
    lags: int = Field(ge=0, le=24)
    lppls: bool
    weekly: bool


class UpdateSettings(SettingsModel):
    """``goldmine update`` (:func:`goldmine.pipeline.update.investor_update`): the period and growth
    window, and the checks against plan: a period more than ``variance_threshold`` off plan either way,
    the year to date more than ``cumulative_threshold`` off plan, ``streak_months`` months in a row on
    one side of plan, and a worsening trend (the least-squares slope of the variance over the last
    ``trend_months`` months moving away from plan by at least ``trend_change`` over those months)."""

    SECTION: ClassVar[str] = "update"
    period: Literal["month", "quarter"]
    window: int = Field(ge=1, le=24)
    variance_threshold: float = Field(gt=0, le=10, allow_inf_nan=False)
    cumulative_threshold: float = Field(gt=0, le=10, allow_inf_nan=False)
    streak_months: int = Field(ge=2, le=24)
    trend_months: int = Field(ge=3, le=24)
    trend_change: float = Field(ge=0, le=10, allow_inf_nan=False)


class DealSettings(SettingsModel):
    """``goldmine deal`` (:func:`goldmine.pipeline.deal.run_deal`): Monte Carlo paths and seed, the
    rounding of the pro-forma round (``exact`` or ``spreadsheet``), the conversion convention, and the
    target of the highest-entry-price root find (``target_metric`` of ``mean_moic``, ``median_moic``,
    ``median_irr`` or ``pooled_irr`` at least ``target_value``); ``decision`` turns the root find and
    the sensitivity table on."""

    SECTION: ClassVar[str] = "deal"
    paths: int = Field(ge=1, le=MAX_PATHS)
    seed: int = Seed
    rounding: Literal["exact", "spreadsheet"]
    method: Literal["percentage_ownership", "pre_money", "dollars_invested"]
    target_metric: Literal["mean_moic", "median_moic", "median_irr", "pooled_irr"]
    target_value: float = Field(gt=-1, le=1000, allow_inf_nan=False)
    decision: bool


class FundSettings(SettingsModel):
    """``goldmine fund`` (:func:`goldmine.pipeline.fund.run_fund`, issue #19): the fund's size (USD), fee,
    carry and hurdle, initial deals and stage mix ((stage, share) pairs), reserves (share of investable
    capital), recycling (share of commitments), investment period and life in years, the initial cheque
    (``None``: initial capital / deals), simulated funds ``paths``, ``seed``, futures per deal pool
    ``pool_paths`` and the generic Series A deal's terms."""

    SECTION: ClassVar[str] = "fund"
    size: float = Field(gt=0, le=1e12, allow_inf_nan=False)
    fee: float = Field(ge=0, le=0.2, allow_inf_nan=False)
    carry: float = Field(ge=0, le=1, allow_inf_nan=False)
    hurdle: float = Field(ge=0, le=1, allow_inf_nan=False)
    deals: int = Field(ge=1, le=1000)
    stage_mix: tuple[tuple[Literal["seed", "series_a"], Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]], ...] = Field(min_length=1)
    reserves: float = Field(ge=0, le=1, allow_inf_nan=False)
    recycling: float = Field(ge=0, le=1, allow_inf_nan=False)
    investment_years: int = Field(ge=1, le=20)
    life_years: int = Field(ge=1, le=30)
    paths: int = Field(ge=1, le=1_000_000)
    seed: int = Seed
    pool_paths: int = Field(ge=100, le=MAX_PATHS)
    series_a_pre_money: float = Field(gt=0, allow_inf_nan=False)
    series_a_round: float = Field(gt=0, allow_inf_nan=False)
    series_a_arr: float = Field(gt=0, allow_inf_nan=False)
    cheque: float | None = Field(default=None, gt=0, allow_inf_nan=False)


class FreshnessSettings(SettingsModel):
    """The age, in months before the report's date, beyond which an input of ``goldmine analyze`` is
    stale (:mod:`goldmine.pipeline.vintage`): the financials, the latest revenue month, the latest
    demand observation, the latest round and the sector data."""

    SECTION: ClassVar[str] = "freshness"
    financials_months: float = Field(gt=0, le=1200, allow_inf_nan=False)
    revenue_months: float = Field(gt=0, le=1200, allow_inf_nan=False)
    market_months: float = Field(gt=0, le=1200, allow_inf_nan=False)
    round_months: float = Field(gt=0, le=1200, allow_inf_nan=False)
    sector_months: float = Field(gt=0, le=1200, allow_inf_nan=False)


class DueDiligenceSettings(SettingsModel):
    """``goldmine analyze``: each section runs with the settings its own command uses; ``freshness``
    states when an input is stale."""

    SECTION: ClassVar[str] = ""
    runway: RunwaySettings
    market: MarketSettings
    waterfall: WaterfallSettings
    valuation: ValuationSettings
    deal: DealSettings
    freshness: FreshnessSettings

    @classmethod
    def default(cls) -> Self:
        return cls(runway=RunwaySettings.default(), market=MarketSettings.default(),
                   waterfall=WaterfallSettings.default(), valuation=ValuationSettings.default(),
                   deal=DealSettings.default(), freshness=FreshnessSettings.default())

    @classmethod
    def demo(cls, seed: int | None = None) -> Self:
        """Lighter settings for ``goldmine demo`` (``data/settings.yaml`` -> ``demo``)."""
        d = defaults("demo")
        base = cls.default()
        return base.model_copy(update={
            "runway": base.runway.with_(paths=d["paths"], seed=seed),
            "market": base.market.with_(models=tuple(d["market_models"]), holdout=d["holdout"]),
            "deal": base.deal.with_(paths=d["paths"], seed=seed),
        })

    @property
    def seed(self) -> int:
        """The run's seed (the runway Monte Carlo's: the one random analysis of a due-diligence run)."""
        return self.runway.seed


class ScreenSettings(SettingsModel):
    """``goldmine screen`` (:func:`goldmine.pipeline.screen.run_screen`): Monte Carlo ``paths`` of each
    company's runway and deal simulations (the due-diligence defaults), the batch ``seed`` each
    company's seed is derived from, the ``backend`` (auto, serial, process or dask) and, for ``auto``,
    the number of profiles from which local processes are used (``process_from``)."""

    SECTION: ClassVar[str] = "screen"
    paths: int = Field(ge=100, le=MAX_PATHS)
    seed: int = Seed
    backend: Literal["auto", "serial", "process", "dask"]
    process_from: int = Field(ge=1, le=1_000_000)


class DataSettings(SettingsModel):
    """``goldmine data import|update`` (:mod:`goldmine.pipeline.data`, issue #17): what ``data update``
    fetches by default (``price_symbols`` from Stooq with ``stooq_suffix``, ``macro_series`` from FRED,
    the GDELT tone of ``news_query`` stored as ``news_name`` over ``news_timespan``), how it talks to
    the servers (timeouts, ``retries`` with back-off from ``backoff_s`` doubling to ``max_backoff_s``, a
    429's ``Retry-After`` honoured up to ``max_retry_after_s``, at least ``<provider>_interval_s``
    between two requests to one provider), and the checks of an imported series (gaps of more than
    ``max_missing_weekdays`` weekdays, one-day ratios within ``split_tolerance`` of a split in
    ``split_ratios`` while the adjusted close moves less than ``adjusted_steady``; ``min_overlap``
    common dates to rescale stored prices onto fetched ones)."""

    SECTION: ClassVar[str] = "data"
    price_symbols: tuple[Annotated[str, Field(pattern=r"^[A-Za-z0-9^][A-Za-z0-9.^=_-]{0,31}$")], ...] = Field(min_length=1)
    macro_series: tuple[Annotated[str, Field(pattern=r"^[A-Za-z0-9_]{1,32}$")], ...] = Field(min_length=1)
    news_query: str = Field(min_length=1, max_length=500)
    news_name: str = Field(pattern=r"^[A-Za-z0-9^][A-Za-z0-9._^=:-]{0,63}$")
    news_timespan: str = Field(pattern=r"^[1-9][0-9]{0,2}(min|h|hours|d|days|w|weeks|m|months)$")
    stooq_suffix: str = Field(pattern=r"^(\.[a-z]{2})?$")
    timeout_s: float = Field(gt=0, le=600, allow_inf_nan=False)
    connect_timeout_s: float = Field(gt=0, le=600, allow_inf_nan=False)
    retries: int = Field(ge=0, le=10)
    backoff_s: float = Field(ge=0, le=600, allow_inf_nan=False)
    max_backoff_s: float = Field(ge=0, le=3600, allow_inf_nan=False)
    max_retry_after_s: float = Field(ge=0, le=3600, allow_inf_nan=False)
    stooq_interval_s: float = Field(ge=0, le=600, allow_inf_nan=False)
    fred_interval_s: float = Field(ge=0, le=600, allow_inf_nan=False)
    gdelt_interval_s: float = Field(ge=0, le=600, allow_inf_nan=False)
    max_missing_weekdays: int = Field(ge=0, le=366)
    split_ratios: tuple[tuple[Annotated[int, Field(ge=1, le=1000)], Annotated[int, Field(ge=1, le=1000)]], ...]
    split_tolerance: float = Field(gt=0, lt=0.2, allow_inf_nan=False)
    adjusted_steady: float = Field(gt=0, lt=1, allow_inf_nan=False)
    min_overlap: int = Field(ge=1, le=10_000)
