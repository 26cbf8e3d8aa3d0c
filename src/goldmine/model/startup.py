"""The validated profile of an AI startup: the one input every analysis reads (issue #2).

Sections follow goldmine's domain vocabulary and the seed article 《AI大模型创业：泡沫还是金矿？》 (undated):
identity, stage, vertical, business model, team,
technology (with the seed's accuracy, recall and update cycle T), market (TAM/SAM/SOM and the
seed's D0, k, N, S), financials (cash, burn, revenue, the seed's funding-demand a and b and the
piecewise cash-flow parameters t1, t2, C1), cap table and rounds, legal and compliance answers,
and social acceptance.

Units are explicit: every amount is in ``identity.currency``; flows say their period in the
field name (``monthly_burn``, ``revenue_history[].revenue`` per month) or in a ``*_period``
field; market sizes are per year.  Optional fields left out are *missing*, never zero: the risk
engine lowers its confidence and names them.

Every field has a description, a unit where it has one, and an example; ``docs/profile.md`` is
generated from them (``python -m goldmine.model.docs``) and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from goldmine.model.compliance import SENSITIVE_DATA_TYPES, Activity, DataType, MedicalDevice
from goldmine.model.enums import (
    BusinessModel,
    DataLicence,
    FilingStatus,
    FoundationModel,
    FounderBackground,
    Instrument,
    Level,
    ModelType,
    ShareClass,
    Stage,
    Vertical,
)
from goldmine.model.limits import (
    MAX_HEADCOUNT,
    MAX_LIST_ITEMS,
    MAX_MONTHS,
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    MAX_YEARS,
    bad_character,
)
from goldmine.model.proposal import Proposal
from goldmine.model.types import (
    Country,
    Currency,
    Date,
    Fraction01,
    Margin,
    Money,
    Month,
    NonNegFloat,
    NonNegInt,
    PositiveFloat,
    PositiveInt,
    PositiveMoney,
    Rate,
    SignedMoney,
)

SCHEMA_VERSION = 1


def fld(description: str, *, unit: str | None = None, example: Any = None, default: Any = ..., **kw: Any) -> Any:
    """A documented field: description, unit and example go into the JSON Schema and the docs."""
    extra: dict[str, Any] = {}
    if unit:
        extra["unit"] = unit
    if example is not None:
        extra["examples"] = [example]
    return Field(default, description=description, json_schema_extra=extra or None, **kw)


def consistency(field: str, expected: str, found: str, **params: Any) -> PydanticCustomError:
    """A cross-field problem; ``field`` is appended to the model's path in the message, ``expected``
    is a catalogue key (``expected.consistency.*``) filled with ``params``."""
    return PydanticCustomError("consistency", "expected {expected}, found {found}",
                               {"field": field, "expected": expected, "found": found, "params": params})


class _Model(BaseModel):
    """Frozen, unknown keys refused, and within the limits of :mod:`goldmine.model.limits`: every text at
    most 2,000 characters without control characters, every list at most 1,000 items."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, populate_by_name=True,
                              str_max_length=MAX_TEXT_CHARS)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        _check_storable(value)
        return value


def _check_storable(value: Any) -> None:
    """Texts a store keeps as given (no control characters, valid UTF-8) and lists of bounded length."""
    if isinstance(value, str):
        bad = bad_character(value)
        if bad is not None:
            raise PydanticCustomError("text_chars", "expected text without control characters", {"char": bad})
    elif isinstance(value, list | tuple):
        if len(value) > MAX_LIST_ITEMS:
            raise PydanticCustomError("too_many_items", "expected at most {n} items", {"n": MAX_LIST_ITEMS})
        for item in value:
            _check_storable(item)
    elif isinstance(value, dict):
        if len(value) > MAX_LIST_ITEMS:
            raise PydanticCustomError("too_many_items", "expected at most {n} items", {"n": MAX_LIST_ITEMS})
        for key in value:
            _check_storable(key)


# --------------------------------------------------------------------------- identity
class LocalName(_Model):
    en: str | None = fld("Name in English.", example="Acme Health AI", default=None, min_length=1)
    zh: str | None = fld("Name in Chinese.", example="阿克米医疗智能", default=None, min_length=1)

    @model_validator(mode="after")
    def _one_name(self) -> LocalName:
        if not (self.en or self.zh):
            raise consistency("en", "expected.consistency.name", "neither")
        return self


class Identity(_Model):
    name: LocalName = fld("Company name, in English and/or Chinese.", example={"en": "Acme Health AI", "zh": "阿克米医疗智能"})
    country: Country = fld("Country of incorporation or main operations, ISO 3166-1 alpha-2.", example="CN")
    currency: Currency = fld("ISO 4217 code of every amount in this profile.", example="CNY")
    founded: Date = fld("Founding date (ISO 8601).", example="2023-05-01")
    website: str | None = fld("Web site.", example="https://example.com", default=None)
    description: LocalName | None = fld("One-sentence description, en and/or zh.", default=None,
                                       example={"en": "AI triage for rural clinics"})

    @model_validator(mode="after")
    def _name_fits(self) -> Identity:
        """The company name is one line of at most 200 characters (the stores' name column)."""
        for lang in ("en", "zh"):
            text = getattr(self.name, lang)
            if text is None:
                continue
            if len(text) > MAX_NAME_CHARS:
                raise consistency(f"name.{lang}", "expected.max_chars", str(len(text)), n=MAX_NAME_CHARS)
            bad = bad_character(text, line_breaks=False)
            if bad is not None:
                raise consistency(f"name.{lang}", "expected.one_line", bad)
        return self


# --------------------------------------------------------------------------- team
class Founder(_Model):
    name: str = fld("Founder's name.", example="Li Wei")
    role: str | None = fld("Role.", example="CEO", default=None)
    background: list[FounderBackground] = fld(
        "Backgrounds: ai_research, engineering, industry (domain), business, serial_founder, academia.",
        example=["ai_research", "academia"], default_factory=list)
    years_experience: NonNegFloat | None = fld("Years of relevant experience.", unit="years", example=12, default=None, le=MAX_YEARS)
    full_time: bool = fld("Works full time on the company.", example=True, default=True)


class TeamMember(_Model):
    """A key person beyond the founders: an executive, a lead researcher, a regulatory or sales head."""

    name: str = fld("Name.", example="Wang Fang")
    role: str | None = fld("Role.", example="Head of clinical affairs", default=None)
    background: list[FounderBackground] = fld(
        "Backgrounds: ai_research, engineering, industry (domain), business, serial_founder, academia.",
        example=["industry"], default_factory=list)
    years_experience: NonNegFloat | None = fld("Years of relevant experience.", unit="years", example=9, default=None, le=MAX_YEARS)
    full_time: bool = fld("Works full time on the company (counted in team.size).", example=True, default=True)
    joined: Month | None = fld("Month the person joined (YYYY-MM).", example="2023-06", default=None)


class Team(_Model):
    size: PositiveInt = fld("Full-time headcount.", unit="people", example=18, le=MAX_HEADCOUNT)
    founders: list[Founder] = fld("Founders.", default_factory=list, example=[{"name": "Li Wei", "role": "CEO"}])
    members: list[TeamMember] = fld("Key people beyond the founders (executives, lead researchers); the full-time "
                                    "ones are counted in size.", default_factory=list,
                                    example=[{"name": "Wang Fang", "role": "Head of clinical affairs"}])
    ai_researchers: NonNegInt | None = fld("Headcount doing model research or ML engineering.", unit="people", example=6, default=None, le=MAX_HEADCOUNT)
    key_person_concentration: Fraction01 | None = fld(
        "Share of critical know-how and relationships held by the single most important person "
        "(0 = fully spread, 1 = everything depends on one person).", unit="fraction", example=0.5, default=None)

    @model_validator(mode="after")
    def _founders_fit(self) -> Team:
        if len(self.founders) > self.size:
            raise consistency("founders", "expected.consistency.founders", f"{len(self.founders)}", size=self.size)
        full_time = len(self.founders) + sum(m.full_time for m in self.members)
        if full_time > self.size:
            raise consistency("members", "memo.expected.team_members", str(full_time), size=self.size)
        if self.ai_researchers is not None and self.ai_researchers > self.size:
            raise consistency("ai_researchers", "expected.consistency.at_most_team", str(self.ai_researchers), size=self.size)
        return self


# --------------------------------------------------------------------------- technology
class ProprietaryData(_Model):
    exists: bool = fld("The company holds data competitors cannot easily get.", example=True)
    exclusive: bool | None = fld("Held under exclusive rights.", example=True, default=None)
    records: NonNegInt | None = fld("Size of the data set.", unit="records", example=2_000_000, default=None)
    description: str | None = fld("What the data is.", example="1.2M de-identified radiology reports from 40 hospitals", default=None)


class Technology(_Model):
    model_types: list[ModelType] = fld("Model families used: nlp, cv, speech, multimodal.", example=["nlp", "cv"], default_factory=list)
    foundation_model: FoundationModel | None = fld(
        "own (trains its own foundation model), fine_tuned_open (hosts fine-tuned open weights) or "
        "third_party_api (calls another company's model API).", example="fine_tuned_open", default=None)
    providers: list[str] = fld("Third-party model providers relied on.", example=["OpenAI", "DeepSeek"], default_factory=list)
    api_dependency_share: Fraction01 | None = fld(
        "Share of inference served by third-party model APIs.", unit="fraction", example=0.3, default=None)
    accuracy: Fraction01 | None = fld("Model accuracy on the company's main task (seed 003 §5.1).", unit="fraction", example=0.9, default=None)
    recall: Fraction01 | None = fld("Model recall on the main task (seed 003 §5.1).", unit="fraction", example=0.85, default=None)
    update_cycle_months: PositiveFloat | None = fld("Months between model releases, T in the seed's update speed 1/T.", unit="months", example=6, default=None, le=MAX_MONTHS)
    unit_of_service: str | None = fld("What one served unit is.", example="1,000 API calls", default=None)
    compute_cost_per_unit: Money | None = fld("Inference compute cost per served unit.", unit="currency per unit", example=0.8, default=None)
    price_per_unit: Money | None = fld("Price charged per served unit.", unit="currency per unit", example=2.5, default=None)
    proprietary_data: ProprietaryData | None = fld("Proprietary data.", default=None, example={"exists": True, "exclusive": False})
    patents: NonNegInt | None = fld("Granted or filed patents.", unit="count", example=3, default=None)


# --------------------------------------------------------------------------- market
class Observation(_Model):
    date: Month = fld("Month of the observation (YYYY-MM).", example="2025-01")
    value: NonNegFloat = fld("Observed value.", example=1200)


class Market(_Model):
    tam: Money | None = fld("Total addressable market per year.", unit="currency per year", example=5e9, default=None)
    sam: Money | None = fld("Serviceable addressable market per year.", unit="currency per year", example=8e8, default=None)
    som: Money | None = fld("Serviceable obtainable market per year.", unit="currency per year", example=6e7, default=None)
    demand_unit: str | None = fld("Unit of demand D (customers, users, API calls...).", example="paying clinics", default=None)
    initial_demand: NonNegFloat | None = fld("D0: demand at t = 0 (seed 003 §5.2).", unit="demand units", example=1000, default=None)
    growth_rate: Rate | None = fld("k: demand growth per period (seed 003 §5.2).", unit="fraction per growth_period", example=0.1, default=None)
    growth_period: Literal["month", "year"] = fld("Period of growth_rate.", example="month", default="month")
    competitors: NonNegInt | None = fld("N: number of direct competitors.", unit="count", example=5, default=None)
    market_share: Fraction01 | None = fld("S: the company's share of its market.", unit="fraction", example=0.2, default=None)
    history: list[Observation] = fld("Demand history, monthly (optional).", default_factory=list,
                                     example=[{"date": "2025-01", "value": 800}])

    @model_validator(mode="after")
    def _sizes(self) -> Market:
        sizes = [(n, getattr(self, n)) for n in ("som", "sam", "tam") if getattr(self, n) is not None]
        for (small, a), (big, b) in zip(sizes, sizes[1:], strict=False):
            if a > b:
                raise consistency(small, "expected.consistency.at_most", f"{a:,.0f}", small=small, big=big, limit=f"{b:,.0f}")
        _increasing(self.history, "history", "date")
        return self


class Competitor(_Model):
    """A named competitor and how the company stands against it."""

    name: str = fld("Competitor's name.", example="Shukun Technology", min_length=1, max_length=MAX_NAME_CHARS)
    kind: Literal["startup", "incumbent", "big_tech", "open_source", "in_house"] | None = fld(
        "startup, incumbent (an established vendor), big_tech, open_source (a free model or tool) or in_house "
        "(customers building their own).", example="startup", default=None)
    country: Country | None = fld("Country of its main operations, ISO 3166-1 alpha-2.", example="CN", default=None)
    funding: Money | None = fld("Money it has raised as far as known, in identity.currency.", unit="currency",
                                example=1_500_000_000, default=None)
    positioning: str | None = fld("How the company differs from it (price, accuracy, data, channel, focus).",
                                  example="Tertiary hospitals, full-body suite; we sell to county hospitals at a third of the price",
                                  default=None)
    source: str | None = fld("Where the figures about it come from.", example="Company filings, 2025", default=None)


class Competition(_Model):
    """Named competitors and the company's positioning (the count N stays in market.competitors)."""

    competitors: list[Competitor] = fld("Named competitors, the closest first.", default_factory=list,
                                        example=[{"name": "Shukun Technology", "kind": "startup", "country": "CN"}])
    positioning: str | None = fld("The company's positioning against the field, in one or two sentences.",
                                  example="The only chest-CT reader priced for county hospitals", default=None)


# --------------------------------------------------------------------------- financials
class RevenuePoint(_Model):
    month: Month = fld("Month (YYYY-MM).", example="2025-06")
    revenue: Money = fld("Revenue recognised in that month.", unit="currency per month", example=120000)


class FundingDemand(_Model):
    """The seed's linear funding demand R(t) = a t + b (seed 003 §5.3)."""

    a: SignedMoney = fld("a: growth of funding demand per month.", unit="currency per month", example=5000)
    b: SignedMoney = fld("b: funding demand at t = 0.", unit="currency", example=1000)


class CashFlowPlan(_Model):
    """The seed's piecewise cash flow: R(t) until t1, R(t) - C1 until t2, then 0 (seed 003 §5.3)."""

    t1_months: NonNegFloat = fld("t1: end of the first phase.", unit="months", example=6, le=MAX_MONTHS)
    t2_months: NonNegFloat = fld("t2: end of the second phase.", unit="months", example=12, le=MAX_MONTHS)
    c1: SignedMoney = fld("C1: cost deducted in the second phase.", unit="currency", example=3000)

    @model_validator(mode="after")
    def _order(self) -> CashFlowPlan:
        if self.t2_months < self.t1_months:
            raise consistency("t2_months", "expected.consistency.t2", f"{self.t2_months:g}", t1=f"{self.t1_months:g}")
        return self


class Financials(_Model):
    as_of: Date | None = fld("Date the cash balance refers to.", example="2025-10-31", default=None)
    cash: Money = fld("Cash in the bank.", unit="currency", example=4_500_000)
    monthly_burn: Money = fld("Gross operating spend per month (before revenue).", unit="currency per month", example=380000)
    burn_breakdown: dict[str, Money] = fld("Monthly spend by category (staff, compute, data, sales, other).",
                                           unit="currency per month", default_factory=dict,
                                           example={"staff": 250000, "compute": 90000, "other": 40000})
    revenue_history: list[RevenuePoint] = fld("Monthly revenue, oldest first.", default_factory=list,
                                              example=[{"month": "2025-09", "revenue": 110000}])
    gross_margin: Margin | None = fld("Gross margin (revenue minus cost of serving, over revenue).", unit="fraction", example=0.55, default=None)
    customer_concentration: Fraction01 | None = fld("Share of revenue from the largest customer.", unit="fraction", example=0.35, default=None)
    funding_demand: FundingDemand | None = fld("The seed's R(t) = a t + b.", default=None, example={"a": 5000, "b": 1000})
    cash_flow_plan: CashFlowPlan | None = fld("The seed's piecewise cash flow parameters.", default=None,
                                             example={"t1_months": 6, "t2_months": 12, "c1": 3000})

    @model_validator(mode="after")
    def _ordered(self) -> Financials:
        _increasing(self.revenue_history, "revenue_history", "month")
        if self.burn_breakdown and sum(self.burn_breakdown.values()) > self.monthly_burn * 1.0001:
            raise consistency("burn_breakdown", "expected.consistency.burn_breakdown",
                              f"{sum(self.burn_breakdown.values()):,.0f}", burn=f"{self.monthly_burn:,.0f}")
        return self

    @property
    def monthly_revenue(self) -> float | None:
        """Revenue of the latest month in the history, or ``None`` when there is none."""
        return self.revenue_history[-1].revenue if self.revenue_history else None


class Cohort(_Model):
    """Customers won in one period, followed at each 12-month mark (Kellogg's cohort definition of net
    revenue retention: this year's recurring revenue of last year's customers over their revenue then)."""

    acquired: Month = fld("First month of the 12 months in which the cohort's customers were won (YYYY-MM).",
                          example="2023-11")
    customers: list[NonNegInt] = fld(
        "Paying customers of the cohort at yearly marks, oldest first: the last at financials.as_of, the one before "
        "a year earlier, and so on; the first closes the 12 months in which the cohort was won.", unit="customers",
        example=[14, 13, 13], min_length=1)
    arr: list[Money] = fld("Annual recurring revenue of the cohort at the same marks.", unit="currency per year",
                           example=[700_000, 800_000, 880_000], min_length=1)

    @model_validator(mode="after")
    def _aligned(self) -> Cohort:
        if len(self.arr) != len(self.customers):
            raise consistency("arr", "memo.expected.cohort_lengths", str(len(self.arr)), n=len(self.customers))
        for i, c in enumerate(self.customers):
            if c > self.customers[0]:
                raise consistency(f"customers[{i}]", "memo.expected.cohort_customers", str(c), first=self.customers[0])
        return self


class Traction(_Model):
    """Customers and retention: the company's own figures and its cohorts."""

    customers: NonNegInt | None = fld("Paying customers at financials.as_of.", unit="customers", example=60, default=None)
    customer_unit: str | None = fld("What one customer is.", example="hospital", default=None)
    net_revenue_retention: NonNegFloat | None = fld(
        "Net revenue retention over the last 12 months as the company reports it: recurring revenue now of the "
        "customers of a year ago over their recurring revenue then (1.15 = 115 %).", unit="fraction", example=1.15,
        default=None, le=10)
    gross_revenue_retention: Fraction01 | None = fld(
        "Gross revenue retention over the last 12 months (without expansion; at most 1).", unit="fraction",
        example=0.93, default=None)
    logo_churn: Fraction01 | None = fld("Share of the customers of a year ago lost since.", unit="fraction per year",
                                        example=0.05, default=None)
    cohorts: list[Cohort] = fld("Customer cohorts, oldest first.", default_factory=list,
                                example=[{"acquired": "2023-01", "customers": [14, 13], "arr": [1200000, 1450000]}])

    @model_validator(mode="after")
    def _ordered(self) -> Traction:
        _increasing(self.cohorts, "cohorts", "acquired")
        return self


class UnitEconomics(_Model):
    """What one customer costs and brings; goldmine derives what is left out where it can (docs/report.md)."""

    cac: Money | None = fld("Customer acquisition cost: sales and marketing spend per new customer, fully loaded.",
                            unit="currency per customer", example=90_000, default=None)
    acv: Money | None = fld("Annual contract value: recurring revenue per customer per year.",
                            unit="currency per customer per year", example=60_000, default=None)
    new_customers_per_month: NonNegFloat | None = fld(
        "Customers won per month over the last quarter (CAC is derived from financials.burn_breakdown.sales "
        "over it when cac is left out).", unit="customers per month", example=1.5, default=None)
    cac_payback_months: NonNegFloat | None = fld(
        "CAC payback as the company reports it: months of gross profit per customer to earn back its CAC.",
        unit="months", example=18, default=None, le=MAX_MONTHS)


# --------------------------------------------------------------------------- cap table and rounds
class Holding(_Model):
    holder: str = fld("Holder (person, fund or pool).", example="Li Wei")
    share_class: ShareClass = fld("common, preferred or options.", example="common")
    series: str | None = fld("Series of preferred stock.", example="Series A Preferred", default=None)
    shares: NonNegInt = fld("Number of shares (or options).", unit="shares", example=6_000_000)


class CapTable(_Model):
    holdings: list[Holding] = fld("Current holdings, fully diluted.", example=[{"holder": "Li Wei", "share_class": "common", "shares": 6000000}])
    option_pool_unissued: NonNegInt = fld("Options reserved but not yet granted.", unit="shares", example=800_000, default=0)

    @model_validator(mode="after")
    def _unique(self) -> CapTable:
        """A holder listed twice with the same class and series would be merged silently downstream."""
        seen: set[tuple[str, str, str | None]] = set()
        for i, h in enumerate(self.holdings):
            key = (h.holder.strip().casefold(), h.share_class.value, h.series)
            if key in seen:
                raise consistency(f"holdings[{i}].holder", "expected.unique_holding", h.holder)
            seen.add(key)
        return self

    @property
    def fully_diluted(self) -> int:
        return sum(h.shares for h in self.holdings) + self.option_pool_unissued


class Round(_Model):
    name: str = fld("Round name.", example="Angel")
    date: Date = fld("Closing date.", example="2024-03-15")
    instrument: Instrument = fld("equity, safe_post, safe_pre, convertible_note, venture_debt, grant, crowdfunding.", example="equity")
    amount: Money = fld("Money raised.", unit="currency", example=1_000_000)
    pre_money: PositiveMoney | None = fld("Pre-money valuation (priced rounds).", unit="currency", example=9_000_000, default=None)
    post_money: PositiveMoney | None = fld("Post-money valuation.", unit="currency", example=10_000_000, default=None)
    valuation_cap: PositiveMoney | None = fld("Valuation cap (SAFE or note).", unit="currency", example=8_000_000, default=None)
    discount: Fraction01 | None = fld("Conversion discount (SAFE or note).", unit="fraction", example=0.2, default=None)
    interest_rate: Rate | None = fld("Annual simple interest (note or debt).", unit="fraction per year", example=0.05, default=None)
    investors: list[str] = fld("Investors.", default_factory=list, example=["Individual angels"])

    @model_validator(mode="after")
    def _valuations(self) -> Round:
        if self.pre_money is not None and self.post_money is not None:
            if abs(self.pre_money + self.amount - self.post_money) > 1e-6 * self.post_money + 0.5:
                raise consistency("post_money", "expected.consistency.post_money", f"{self.post_money:,.0f}",
                                  total=f"{self.pre_money + self.amount:,.0f}")
        return self


class FundUse(_Model):
    """One use of the money being raised."""

    category: str = fld("What the money is for (hiring, compute, sales, regulatory, working capital...).", example="R&D hiring")
    amount: Money = fld("Amount planned.", unit="currency", example=6_000_000)
    description: str | None = fld("Detail.", example="12 engineers and 4 clinical specialists", default=None)


class Milestone(_Model):
    """What the money should achieve, by when."""

    name: str = fld("The milestone.", example="NMPA Class III certificate")
    date: Month = fld("Target month (YYYY-MM).", example="2026-09")
    metric: str | None = fld("What measures it.", example="hospitals under contract", default=None)
    target: NonNegFloat | None = fld("Target value of the metric.", example=120, default=None)
    achieved: bool = fld("Already reached.", example=False, default=False)


class UseOfFunds(_Model):
    """How the money being raised is to be spent and the milestones it should reach before the next round."""

    allocations: list[FundUse] = fld("Planned uses, largest first.", default_factory=list,
                                     example=[{"category": "R&D hiring", "amount": 6000000}])
    months: PositiveFloat | None = fld("Months the money is planned to last.", unit="months", example=24, default=None,
                                       le=MAX_MONTHS)
    milestones: list[Milestone] = fld("Milestones, earliest first.", default_factory=list,
                                      example=[{"name": "120 hospitals under contract", "date": "2026-12"}])

    @model_validator(mode="after")
    def _ordered(self) -> UseOfFunds:
        _increasing(self.milestones, "milestones", "date", strict=False)
        return self

    @property
    def total(self) -> float:
        return sum(a.amount for a in self.allocations)


# --------------------------------------------------------------------------- compliance and social
class Compliance(_Model):
    jurisdictions: list[str] = fld("Where it serves users: ISO country codes, EU, or US-CA style regions.", example=["CN"], default_factory=list)
    processes_personal_data: bool | None = fld("Processes personal information.", example=True, default=None)
    sensitive_personal_data: bool | None = fld("Processes sensitive data (health, finance, biometrics, minors).", example=True, default=None)
    minors_users: bool | None = fld("Serves users under 18.", example=False, default=None)
    privacy_regimes: list[str] = fld("Privacy laws the company has a compliance programme for (PIPL, GDPR, CCPA).", example=["PIPL"], default_factory=list)
    data_licence: DataLicence | None = fld("How training data was obtained: owned, licensed, open, mixed, scraped, unknown.", example="licensed", default=None)
    ip_assigned: bool | None = fld("Founders' and staff IP assigned to the company.", example=True, default=None)
    output_ownership_terms: bool | None = fld("Terms of service settle who owns model outputs.", example=True, default=None)
    generative_ai_public_cn: bool | None = fld("Offers generative AI to the public in China (Interim Measures 2023).", example=True, default=None)
    algorithm_filing: FilingStatus | None = fld("Algorithm filing with the CAC: filed, pending, not_filed, not_required.", example="filed", default=None)
    eu_ai_act_use_case: str | None = fld("Main use case as named in the EU AI Act (e.g. medical device, credit scoring, chatbot).", example="medical device", default=None)
    data_types: list[DataType] = fld(
        "Kinds of personal data processed: health, genetic, biometric, financial, location (sensitive under PIPL Art. 28; "
        "health, genetic and biometric data are special categories under GDPR Art. 9).", example=["health"], default_factory=list)
    activities: list[Activity] = fld(
        "Business activities a law names: medical_diagnosis (software for diagnosis or treatment, a medical device), "
        "generative_content, ai_chips, compute_services (export controls).", example=["medical_diagnosis"], default_factory=list)
    medical_device: MedicalDevice | None = fld("Medical-device registration per market (nmpa, fda, ce_mdr).", default=None,
                                             example={"nmpa": {"status": "cleared", "device_class": "III"}})
    impact_assessment: bool | None = fld(
        "A documented impact assessment of the processing of sensitive personal data exists (PIPL Art. 55 PIA, GDPR Art. 35 DPIA).",
        example=True, default=None)
    min_user_age: NonNegInt | None = fld("Age of the youngest users served (COPPA: under 13; PIPL Art. 31: under 14).",
                                         unit="years", example=6, default=None, le=120)
    minors_protection: bool | None = fld(
        "A minors' protection programme is in place (age checks, guardian consent, content and time limits).",
        example=True, default=None)
    export_control_review: bool | None = fld(
        "Products classified under export-control rules and customers screened (chips and compute).", example=True, default=None)

    @model_validator(mode="after")
    def _consistent_data_answers(self) -> Compliance:
        """Data types mean personal data, a sensitive type means sensitive data, an age under 18 means minors."""
        types = ", ".join(d.value for d in self.data_types)
        if self.data_types and self.processes_personal_data is False:
            raise consistency("processes_personal_data", "risk.expected.personal_with_data_types", "false", types=types)
        if self.sensitive_personal_data is False and any(d in SENSITIVE_DATA_TYPES for d in self.data_types):
            raise consistency("sensitive_personal_data", "risk.expected.sensitive_with_data_types", "false", types=types)
        age = self.min_user_age
        if age is not None and self.minors_users is not None and (age < 18) != self.minors_users:
            raise consistency("min_user_age", "risk.expected.min_user_age", str(age),
                              minors=str(self.minors_users).lower())
        return self


class Social(_Model):
    public_acceptance: Level | None = fld("Public acceptance of the product: low, medium, high.", example="medium", default=None)
    ethics_review: bool | None = fld("An ethics review of the product has been done.", example=True, default=None)
    ethics_board: bool | None = fld("A standing ethics board or officer exists.", example=False, default=None)
    controversies: list[str] = fld("Public controversies, if any.", default_factory=list, example=[])


# --------------------------------------------------------------------------- the profile
class Startup(_Model):
    """A validated, immutable AI-startup profile."""

    schema_version: Literal[1] = fld("Profile schema version.", example=1, default=SCHEMA_VERSION)
    id: str | None = fld("Short identifier (letters, digits, -).", example="acme-health", default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    identity: Identity = fld("Who the company is.")
    stage: Stage = fld("Financing stage: idea, pre_seed, seed, angel, series_a, series_b, series_c_plus, growth.", example="seed")
    vertical: Vertical = fld("Vertical: content, medical, finance, retail, education, manufacturing, customer_service, infrastructure, other.", example="medical")
    business_model: BusinessModel = fld("api_service, product or incubation (seed 002 §2).", example="product")
    team: Team = fld("Team.")
    technology: Technology = fld("Technology.", default_factory=Technology)
    market: Market = fld("Market.", default_factory=Market)
    competition: Competition | None = fld("Named competitors and positioning.", default=None)
    financials: Financials = fld("Financials; amounts in identity.currency.")
    traction: Traction | None = fld("Customers, retention and cohorts.", default=None)
    unit_economics: UnitEconomics | None = fld("CAC, annual contract value and payback.", default=None)
    cap_table: CapTable | None = fld("Current cap table.", default=None)
    rounds: list[Round] = fld("Past rounds, oldest first.", default_factory=list)
    proposal: Proposal | None = fld("A proposed round to evaluate with `goldmine deal` (docs/deal.md).", default=None)
    use_of_funds: UseOfFunds | None = fld("Use of the money being raised and the milestones it should reach.", default=None)
    compliance: Compliance = fld("Legal and compliance answers.", default_factory=Compliance)
    social: Social = fld("Social acceptance and ethics.", default_factory=Social)
    sources: list[str] = fld("What the figures are based on.", default_factory=list, example=["Management accounts, Oct 2025"])

    @model_validator(mode="after")
    def _timeline(self) -> Startup:
        founded = self.identity.founded
        if founded > dt.date.today():
            raise consistency("identity.founded", "expected.consistency.not_future", str(founded), today=str(dt.date.today()))
        for i, r in enumerate(self.rounds):
            if r.date < founded:
                raise consistency(f"rounds[{i}].date", "expected.consistency.after_founded", str(r.date), founded=str(founded))
        _increasing(self.rounds, "rounds", "date", strict=False)
        return self

    @property
    def currency(self) -> str:
        return self.identity.currency

    def display_name(self, lang: str = "en") -> str:
        n = self.identity.name
        return (n.zh or n.en) if lang == "zh" else (n.en or n.zh)  # type: ignore[return-value]


def _increasing(items: list[Any], name: str, attr: str, strict: bool = True) -> None:
    for i in range(1, len(items)):
        a, b = getattr(items[i - 1], attr), getattr(items[i], attr)
        if b < a or (strict and b == a):
            key = "expected.consistency.increasing" if strict else "expected.consistency.non_decreasing"
            raise consistency(f"{name}[{i}].{attr}", key, str(b), after=str(a))
