"""The PLAN.yaml format: a company's starting cap table and its financing events, validated.

A plan mapping (read from a file by :func:`goldmine.io.plans.load_plan`) is validated with pydantic by
:func:`parse_plan` and turned into exact instruments (:mod:`goldmine.financing.instruments`) and a
starting :class:`~goldmine.financing.captable.CapTable`; :func:`run_plan` computes the ownership path.
Every problem is reported as ``FILE: field.path: expected ..., found ...`` (an
:class:`~goldmine.errors.InputError`; the CLI exits 2). The format is documented in
``docs/financing.md``; :func:`plan_from_profile` derives a plan from a startup profile's
``cap_table`` and ``rounds`` where they say enough, with the assumptions it made as
language-neutral :class:`~goldmine.i18n.messages.Message` objects, and :func:`reconcile` compares
the computed preferred series with the profile's.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from goldmine.config import validation_problems
from goldmine.errors import InputError, Problem
from goldmine.financing import instruments as ins
from goldmine.financing.captable import CapTable, SecurityClass
from goldmine.financing.config import financing_config
from goldmine.financing.numbers import NotANumber, Rounding, to_fraction
from goldmine.financing.rounds import COMMON, OPTIONS, WARRANTS, PlanResult, Settings, plan_rounds
from goldmine.i18n.messages import Message

if TYPE_CHECKING:
    from goldmine.model import Startup

PLAN_VERSION: Literal[1] = 1


# --------------------------------------------------------------------------- exact scalar types
def max_amount() -> Fraction:
    """The largest amount a plan or an exit may hold (``defaults.max_amount`` in data/financing.yaml)."""
    return Fraction(financing_config().defaults.max_amount.value)


def _number(v: Any) -> Fraction:
    try:
        x = to_fraction(v)
    except NotANumber:
        raise PydanticCustomError("amount", "expected an amount", {}) from None
    if abs(x) > max_amount():
        raise PydanticCustomError("less_than_equal", "expected a number <= {le}", {"le": f"{float(max_amount()):g}"})
    return x


def _positive(v: Any) -> Fraction:
    x = _number(v)
    if x <= 0:
        raise PydanticCustomError("positive", "expected a number > 0", {})
    return x


def _nonneg(v: Any) -> Fraction:
    x = _number(v)
    if x < 0:
        raise PydanticCustomError("nonnegative", "expected a number >= 0", {})
    return x


def _fraction01(v: Any) -> Fraction:
    try:
        x = to_fraction(v)
    except NotANumber:
        raise PydanticCustomError("fraction", "expected a fraction", {}) from None
    if not 0 <= x <= 1:
        raise PydanticCustomError("fraction", "expected a fraction", {})
    return x


def _shares(v: Any) -> int:
    x = _nonneg(v)
    if x.denominator != 1:
        raise PydanticCustomError("int_from_float", "expected a whole number", {})
    return int(x)


Amount = Annotated[Fraction, BeforeValidator(_nonneg)]
PositiveAmount = Annotated[Fraction, BeforeValidator(_positive)]
Fraction01 = Annotated[Fraction, BeforeValidator(_fraction01)]
Shares = Annotated[int, BeforeValidator(_shares)]


def _consistency(field: str, key: str, found: Any = None, **params: Any) -> PydanticCustomError:
    """A cross-field problem: ``key`` is a ``financing.plan.*`` message (both languages), ``params``
    fill it; ``found`` ``None`` reads "nothing". :func:`parse_plan` unpacks it into a Problem."""
    packed = json.dumps({"found": found, "params": params}, ensure_ascii=False, default=str)
    return PydanticCustomError("consistency", "expected {expected}, found {found}",
                               {"field": field, "expected": key, "found": packed})


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


# --------------------------------------------------------------------------- sections
class Company(_M):
    name: str = Field(min_length=1)
    currency: str = Field("USD", pattern=r"^[A-Za-z]{3}$")
    founded: dt.date


# defaults from goldmine/data/financing.yaml (each with its source and date)
class RoundingSpec(_M):
    shares: Literal["down", "nearest", "up"] = Field(default_factory=lambda: financing_config().defaults.rounding.value.shares)
    price_decimals: int | None = Field(default_factory=lambda: financing_config().defaults.rounding.value.price_decimals,
                                       ge=0, le=12)
    price_mode: Literal["down", "nearest", "up"] = Field(
        default_factory=lambda: financing_config().defaults.rounding.value.price_mode)
    # the exact solve unless the plan asks for the spreadsheet iteration (goldmine.financing.rounds)
    solve: Literal["exact", "spreadsheet"] = Field(default_factory=lambda: financing_config().defaults.rounding.value.solve)


class SettingsSpec(_M):
    method: Literal["percentage_ownership", "pre_money", "dollars_invested"] = Field(
        default_factory=lambda: financing_config().defaults.conversion_method.value)
    seniority: Literal["stacked", "pari_passu"] = Field(default_factory=lambda: financing_config().defaults.seniority.value)
    rounding: RoundingSpec = Field(default_factory=RoundingSpec)


class Holding(_M):
    holder: str = Field(min_length=1)
    shares: Shares
    # "class" is the word people use; pydantic needs another attribute name
    security: Literal["common", "options", "warrants"] = Field("common", alias="class")
    strike: Amount | None = None


class Terms(_M):
    liquidation_multiple: Amount = Fraction(1)
    participation: Literal["none", "full", "capped"] = "none"
    participation_cap: PositiveAmount | None = None
    seniority: int | None = None

    @model_validator(mode="after")
    def _cap(self) -> Terms:
        if self.participation == "capped":
            if self.participation_cap is None:
                raise _consistency("participation_cap", "financing.plan.cap_required")
            if self.participation_cap < self.liquidation_multiple:
                raise _consistency("participation_cap", "financing.plan.cap_ge_multiple", f"{float(self.participation_cap):g}",
                                   multiple=f"{float(self.liquidation_multiple):g}")
        return self


class InvestorSpec(_M):
    holder: str = Field(min_length=1)
    amount: PositiveAmount


class PoolSpec(_M):
    increase: Shares | None = None
    target_post: Fraction01 | None = None

    @model_validator(mode="after")
    def _one(self) -> PoolSpec:
        if (self.increase is None) == (self.target_post is None):
            raise _consistency("increase", "financing.plan.pool_one_of", "increase, target_post" if self.increase is not None else None)
        if self.target_post is not None and self.target_post >= 1:
            raise _consistency("target_post", "financing.plan.below_one", f"{float(self.target_post):g}")
        return self


class _Event(_M):
    name: str = Field(min_length=1)
    date: dt.date


class EquitySpec(_Event):
    instrument: Literal["equity"]
    pre_money: PositiveAmount | None = None
    post_money: PositiveAmount | None = None
    price: PositiveAmount | None = None
    amount: PositiveAmount | None = None
    investor: str | None = None
    investors: list[InvestorSpec] = []
    pool: PoolSpec | None = None
    series: str | None = None
    share_class: Literal["preferred", "common"] = "preferred"
    terms: Terms = Terms()
    fees: Amount = Fraction(0)

    @model_validator(mode="after")
    def _shape(self) -> EquitySpec:
        if self.investors and (self.amount is not None or self.investor is not None):
            if self.amount is not None and self.amount != sum(i.amount for i in self.investors):
                raise _consistency("amount", "financing.plan.amount_sum", f"{float(self.amount):,.0f}",
                                   total=f"{float(sum(i.amount for i in self.investors)):,.0f}")
        elif not self.investors and self.amount is None:
            raise _consistency("amount", "financing.plan.money_raised")
        given = [k for k in ("pre_money", "post_money", "price") if getattr(self, k) is not None]
        if not given:
            raise _consistency("pre_money", "financing.expected.valuation")
        if "price" in given and len(given) > 1:
            raise _consistency("price", "financing.plan.price_or_valuation", ", ".join(given))
        if self.pre_money is not None and self.post_money is not None and self.pre_money + self.money != self.post_money:
            raise _consistency("post_money", "financing.plan.post_equals", f"{float(self.post_money):,.0f}",
                               total=f"{float(self.pre_money + self.money):,.0f}")
        if self.post_money is not None and self.pre_money is None and self.post_money <= self.money:
            raise _consistency("post_money", "financing.plan.post_above_amount", f"{float(self.post_money):,.0f}",
                               amount=f"{float(self.money):,.0f}")
        return self

    @property
    def money(self) -> Fraction:
        return sum((i.amount for i in self.investors), Fraction(0)) if self.investors else (self.amount or Fraction(0))


class SafeSpec(_Event):
    instrument: Literal["safe_post", "safe_pre"]
    holder: str = Field(min_length=1)
    amount: PositiveAmount
    valuation_cap: PositiveAmount | None = None
    discount: Fraction01 = Fraction(0)
    mfn: bool = False
    pro_rata: bool = False

    @model_validator(mode="after")
    def _disc(self) -> SafeSpec:
        if self.discount >= 1:
            raise _consistency("discount", "financing.expected.discount", f"{float(self.discount):g}")
        return self


class NoteSpec(_Event):
    instrument: Literal["convertible_note"]
    holder: str = Field(min_length=1)
    amount: PositiveAmount
    interest_rate: Amount = Fraction(0)
    discount: Fraction01 = Fraction(0)
    valuation_cap: PositiveAmount | None = None
    maturity: dt.date | None = None

    @model_validator(mode="after")
    def _disc(self) -> NoteSpec:
        if self.discount >= 1:
            raise _consistency("discount", "financing.expected.discount", f"{float(self.discount):g}")
        if self.maturity is not None and self.maturity <= self.date:
            raise _consistency("maturity", "financing.plan.maturity", str(self.maturity), date=str(self.date))
        return self


class DebtSpec(_Event):
    instrument: Literal["venture_debt"]
    lender: str = Field(min_length=1)
    amount: PositiveAmount
    interest_rate: Amount = Fraction(0)
    term_months: int = Field(36, ge=1)
    warrant_coverage: Fraction01 = Fraction(0)
    warrant_price: PositiveAmount | None = None


class GrantSpec(_Event):
    instrument: Literal["grant"]
    grantor: str = "Government"
    amount: PositiveAmount
    fees: Amount = Fraction(0)


class CrowdSpec(_Event):
    instrument: Literal["crowdfunding"]
    mode: Literal["reward", "equity"] = "reward"
    amount: PositiveAmount
    pre_money: PositiveAmount | None = None
    holder: str = "Crowd investors"
    platform_fee: Fraction01 = Fraction(0)
    reward_cost: Fraction01 = Fraction(0)

    @model_validator(mode="after")
    def _pre(self) -> CrowdSpec:
        if self.mode == "equity" and self.pre_money is None:
            raise _consistency("pre_money", "financing.plan.crowd_pre_money")
        return self


class AwardSpec(_M):
    holder: str = Field(min_length=1)
    shares: Shares
    strike: Amount | None = None


class OptionGrantSpec(_Event):
    instrument: Literal["option_grant"]
    grants: list[AwardSpec] = []

    @model_validator(mode="after")
    def _some(self) -> OptionGrantSpec:
        if not self.grants:
            raise _consistency("grants", "financing.plan.some_grant", None)
        return self


class PoolIncreaseSpec(_Event):
    instrument: Literal["pool_increase"]
    shares: Shares


EventSpec = Annotated[EquitySpec | SafeSpec | NoteSpec | DebtSpec | GrantSpec | CrowdSpec | OptionGrantSpec | PoolIncreaseSpec,
                      Field(discriminator="instrument")]
INSTRUMENTS = ("equity", "safe_post", "safe_pre", "convertible_note", "venture_debt", "grant", "crowdfunding",
               "option_grant", "pool_increase")


class Plan(_M):
    """A financing plan (PLAN.yaml). See docs/financing.md for every field."""

    plan_version: Literal[1] = PLAN_VERSION
    company: Company
    settings: SettingsSpec = Field(default_factory=SettingsSpec)
    holders: list[Holding] = []          # empty is refused by _timeline ("at least one share")
    option_pool: Shares = 0
    rounds: list[EventSpec] = []
    exits: list[Amount] = []

    @model_validator(mode="after")
    def _timeline(self) -> Plan:
        founded = self.company.founded
        for i, r in enumerate(self.rounds):
            if r.date < founded:
                raise _consistency(f"rounds[{i}].date", "financing.plan.after_founded", str(r.date), founded=str(founded))
            if i and r.date < self.rounds[i - 1].date:
                raise _consistency(f"rounds[{i}].date", "financing.plan.in_order", str(r.date), prev=str(self.rounds[i - 1].date))
        if sum(h.shares for h in self.holders) + self.option_pool == 0:
            raise _consistency("holders", "financing.plan.one_share", "0")
        return self


# --------------------------------------------------------------------------- reading
def _tidy_path(path: str) -> str:
    """Drop pydantic's discriminator tag from paths: ``rounds[2].safe_post.amount`` -> ``rounds[2].amount``."""
    tags = "|".join(INSTRUMENTS)
    return re.sub(rf"(rounds\[\d+\])\.(?:{tags})(?=\.|$)", r"\1", path)


def _unpack(p: Problem) -> Problem:
    """Turn a :func:`_consistency` problem (key, packed found and params) back into a translatable Problem."""
    if not (p.expected.startswith("financing.") and isinstance(p.found, str) and p.found.startswith("{")):
        return p
    try:
        packed = json.loads(p.found)
    except json.JSONDecodeError:
        return p
    found = packed.get("found")
    return Problem(p.path, p.expected, found, params=packed.get("params") or {}, raw_found=found is not None)


def parse_plan(data: Mapping[str, Any], source: str | None = None) -> Plan:
    """Validate a mapping into a :class:`Plan`; :class:`InputError` lists every problem with its path."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        problems = [_unpack(Problem(_tidy_path(p.path), p.expected, p.found, params=p.params, has_found=p.has_found,
                                    raw_found=p.raw_found)) for p in validation_problems(exc, Plan)]
        raise InputError(source, problems) from None


# --------------------------------------------------------------------------- to the engine
def settings_of(plan: Plan) -> Settings:
    r = plan.settings.rounding
    return Settings(method=plan.settings.method, seniority=plan.settings.seniority,
                    rounding=Rounding(shares=r.shares, price_decimals=r.price_decimals, price_mode=r.price_mode,
                                       solve=r.solve))


def start_table(plan: Plan) -> CapTable:
    table = CapTable(classes=(SecurityClass(COMMON, "common"),))
    names = {"common": COMMON, "options": OPTIONS, "warrants": WARRANTS}
    for h in plan.holders:
        if h.security != "common":
            table = table.with_class(SecurityClass(names[h.security], h.security))
        table = table.issue(h.holder, names[h.security], h.shares, h.strike if h.security != "common" else None)
    return table.with_pool(plan.option_pool)


def events_of(plan: Plan) -> list[ins.Event]:
    out: list[ins.Event] = []
    for r in plan.rounds:
        if isinstance(r, EquitySpec):
            investors = tuple(ins.Investment(i.holder, i.amount) for i in r.investors) or (
                ins.Investment(r.investor or f"{r.name} investors", r.money),)
            pre = r.pre_money if r.pre_money is not None else (r.post_money - r.money if r.post_money is not None else None)
            pool = ins.PoolTopUp(r.pool.increase, r.pool.target_post) if r.pool else None
            t = r.terms
            out.append(ins.PricedRound(r.name, r.date, investors, pre_money=pre, price=r.price, pool=pool, series=r.series,
                                       share_class=r.share_class, fees=r.fees,
                                       terms=ins.PreferredTerms(t.liquidation_multiple, t.participation, t.participation_cap, t.seniority)))
        elif isinstance(r, SafeSpec):
            out.append(ins.Safe(r.name, r.date, r.holder, r.amount, r.valuation_cap, r.discount,
                                post_money=r.instrument == "safe_post", mfn=r.mfn, pro_rata=r.pro_rata))
        elif isinstance(r, NoteSpec):
            out.append(ins.ConvertibleNote(r.name, r.date, r.holder, r.amount, r.interest_rate, r.discount,
                                           r.valuation_cap, r.maturity))
        elif isinstance(r, DebtSpec):
            out.append(ins.VentureDebt(r.name, r.date, r.lender, r.amount, r.interest_rate, r.term_months,
                                       r.warrant_coverage, r.warrant_price))
        elif isinstance(r, GrantSpec):
            out.append(ins.Grant(r.name, r.date, r.grantor, r.amount, r.fees))
        elif isinstance(r, CrowdSpec):
            out.append(ins.Crowdfunding(r.name, r.date, r.amount, r.mode, r.pre_money, r.holder, r.platform_fee, r.reward_cost))
        elif isinstance(r, OptionGrantSpec):
            out.append(ins.OptionGrant(r.name, r.date, tuple(ins.OptionAward(a.holder, a.shares, a.strike) for a in r.grants)))
        else:
            out.append(ins.PoolIncrease(r.name, r.date, r.shares))
    return out


def run_plan(plan: Plan, source: str | None = None) -> PlanResult:
    """The ownership path of a validated plan (round by round, exact)."""
    return plan_rounds(start_table(plan), events_of(plan), settings_of(plan), company=plan.company.name,
                       currency=plan.company.currency.upper(), source=source,
                       paths=[f"rounds[{i}]" for i in range(len(plan.rounds))])


# --------------------------------------------------------------------------- from a profile
def plan_from_profile(startup: Startup, rounding: Mapping[str, Any] | None = None) -> tuple[Plan, tuple[Message, ...]]:
    """Derive a plan from a :class:`goldmine.model.Startup`'s ``cap_table`` and ``rounds``.

    The starting table is the profile's common and option holdings plus the unissued pool (the
    preferred holdings are what the rounds produce). Equity rounds need a pre- or post-money
    valuation; SAFEs, notes, venture debt, grants and crowdfunding (as reward crowdfunding) are
    carried over. Prices are exact unless ``rounding`` (the plan's ``settings.rounding`` mapping)
    says otherwise, since a profile states valuations, not rounded prices. Returns the plan and
    the assumptions made (rounds skipped and why), as messages: ``financing.note.skipped_no_valuation``
    and ``financing.note.crowdfunding_as_reward``, each with the round's name.
    """
    notes: list[Message] = []
    ct = startup.cap_table
    if ct is None:
        raise InputError(startup.id, [Problem("cap_table", "financing.expected.cap_table", None)])
    holders = []
    for h in ct.holdings:
        kind = h.share_class.value
        if kind == "preferred":
            continue
        holders.append({"holder": h.holder, "shares": h.shares, "class": kind})
    rounds: list[dict[str, Any]] = []
    for r in startup.rounds:
        base = {"name": r.name, "date": r.date}
        investor = ", ".join(r.investors) if r.investors else f"{r.name} investors"
        inst = r.instrument.value
        if inst == "equity":
            if r.pre_money is None and r.post_money is None:
                notes.append(Message("financing.note.skipped_no_valuation", {"round": r.name}))
                continue
            spec = dict(base, instrument="equity", amount=r.amount, investor=investor, series=f"{r.name} Preferred")
            spec["pre_money" if r.pre_money is not None else "post_money"] = r.pre_money if r.pre_money is not None else r.post_money
            rounds.append(spec)
        elif inst in ("safe_post", "safe_pre"):
            rounds.append(dict(base, instrument=inst, holder=investor, amount=r.amount, valuation_cap=r.valuation_cap,
                               discount=r.discount or 0))
        elif inst == "convertible_note":
            rounds.append(dict(base, instrument=inst, holder=investor, amount=r.amount, valuation_cap=r.valuation_cap,
                               discount=r.discount or 0, interest_rate=r.interest_rate or 0))
        elif inst == "venture_debt":
            rounds.append(dict(base, instrument=inst, lender=investor, amount=r.amount, interest_rate=r.interest_rate or 0))
        elif inst == "grant":
            rounds.append(dict(base, instrument=inst, grantor=investor, amount=r.amount))
        else:
            rounds.append(dict(base, instrument="crowdfunding", mode="reward", amount=r.amount))
            notes.append(Message("financing.note.crowdfunding_as_reward", {"round": r.name}))
    data = {"company": {"name": startup.display_name("en"), "currency": startup.currency, "founded": startup.identity.founded},
            "holders": holders, "option_pool": ct.option_pool_unissued, "rounds": rounds,
            "settings": {"rounding": dict(rounding) if rounding else {"shares": "down", "price_decimals": None}}}
    return parse_plan(data, source=startup.id), tuple(notes)


@dataclass(frozen=True)
class Reconciliation:
    """One preferred series of a profile's cap table against the shares the plan computed for it."""

    series: str
    profile_shares: int
    plan_shares: int

    @property
    def difference(self) -> int:
        """Computed minus stated shares (0: the plan reproduces the profile)."""
        return self.plan_shares - self.profile_shares

    def to_dict(self) -> dict[str, Any]:
        return {"series": self.series, "profile_shares": self.profile_shares, "plan_shares": self.plan_shares,
                "difference": self.difference}


def reconcile(result: PlanResult, startup: Startup) -> tuple[Reconciliation, ...]:
    """Compare a computed final table with a profile's preferred holdings, series by series."""
    computed = result.final.by_class()
    out = []
    for h in startup.cap_table.holdings if startup.cap_table else []:
        if h.share_class.value != "preferred":
            continue
        series = h.series or h.holder
        got = sum(v for k, v in computed.items() if k == series or k.startswith(series + " ("))
        out.append(Reconciliation(series, h.shares, got))
    return tuple(out)
