"""The proposed round an investor considers (issue #14): the ``proposal`` section of a profile.

A :class:`Proposal` says *at what price and on what terms*: the investor's new money, the
round's pre- or post-money valuation (and its total size when others invest beside), the
instrument (a priced preferred round, a YC post-money SAFE or a convertible note), the option-pool
top-up the round asks for, the liquidation preference of the new series (multiple,
non-participating, participating or capped), pro-rata rights in later rounds and the investor's
fund size (for the fund-returner test).  The deal engine (:mod:`goldmine.deal`) turns it into the
pro-forma cap table and the distribution of the investor's returns.

Validation follows the profile's conventions: every bad value is reported with its field path
(``proposal.pool_target: expected a number < 1, found 1.2``), cross-field problems carry catalogue
keys (``deal.expected.*``).  What needs the rest of the profile (a pre-money below the money that
converts in the round) is checked by the deal engine, with the same path.

The model does not import :mod:`goldmine.model.startup` (which holds a ``proposal`` field), so the
two modules do not import each other.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from goldmine.model.limits import MAX_NAME_CHARS
from goldmine.model.types import Date, PositiveMoney


def _fraction_text(value: Any) -> Any:
    """``"10%"`` as 0.1 (a share written as a percentage); anything else unchanged for pydantic."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100.0
        except ValueError:
            raise PydanticCustomError("fraction", "expected a fraction", {}) from None
    return value


def _multiple_text(value: Any) -> Any:
    """``"1x"`` / ``"3X"`` as 1.0 / 3.0 (a multiple written with its sign); anything else unchanged."""
    if isinstance(value, str) and value.strip().lower().endswith("x"):
        try:
            return float(value.strip()[:-1])
        except ValueError:
            raise PydanticCustomError("finite", "expected a number", {}) from None
    return value


#: A share of the post-money fully diluted shares, at least 0 and below 1 (``0.1`` or ``"10%"``).
PoolShare = Annotated[float, BeforeValidator(_fraction_text), Field(ge=0, lt=1, allow_inf_nan=False)]
#: A share in [0, 1) (a conversion discount).
Discount = Annotated[float, BeforeValidator(_fraction_text), Field(ge=0, lt=1, allow_inf_nan=False)]
#: A multiple of the money invested (``1``, ``"1x"``), above 0 and at most 20.
Multiple = Annotated[float, BeforeValidator(_multiple_text), Field(gt=0, le=20, allow_inf_nan=False)]

PreferenceType = Literal["non_participating", "participating", "capped"]
InstrumentKind = Literal["priced", "safe", "note"]


def _field(description: str, *, example: Any = None, unit: str | None = None, default: Any = ..., **kw: Any) -> Any:
    extra: dict[str, Any] = {}
    if unit:
        extra["unit"] = unit
    if example is not None:
        extra["examples"] = [example]
    return Field(default, description=description, json_schema_extra=extra or None, **kw)


def _consistency(field: str, expected: str, found: str, **params: Any) -> PydanticCustomError:
    """A cross-field problem, in the profile's shape (:func:`goldmine.model.startup.consistency`)."""
    return PydanticCustomError("consistency", "expected {expected}, found {found}",
                               {"field": field, "expected": expected, "found": found, "params": params})


class _ProposalModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Preference(_ProposalModel):
    """The liquidation preference of the new series (NVCA model term sheet; Feld & Mendelson)."""

    multiple: Multiple = _field("Preference as a multiple of the money invested.", example=1, default=1.0)
    type: PreferenceType = _field(
        "non_participating (the larger of the preference and the as-converted share), participating "
        "(the preference, then a pro-rata share of the rest) or capped (participating up to cap times the money).",
        example="non_participating", default="non_participating")
    cap: Multiple | None = _field("Total cap of a capped participation, as a multiple of the money invested.",
                                  example=3, default=None)

    @model_validator(mode="after")
    def _cap_for_capped(self) -> Preference:
        if self.type == "capped" and self.cap is None:
            raise _consistency("cap", "deal.expected.cap_for_capped", "nothing")
        if self.type != "capped" and self.cap is not None:
            raise _consistency("cap", "deal.expected.cap_only_capped", f"{self.cap:g}", type=self.type)
        if self.cap is not None and self.cap <= self.multiple:
            raise _consistency("cap", "deal.expected.cap_above_multiple", f"{self.cap:g}", multiple=f"{self.multiple:g}")
        return self


class Proposal(_ProposalModel):
    """A proposed round: new money, price, instrument and terms (the ``proposal`` section of a profile)."""

    new_money: PositiveMoney = _field("The investor's cheque in this round.", unit="currency", example=20_000_000)
    round_size: PositiveMoney | None = _field(
        "Total new money of the round, the investor's and others' (default: the investor's cheque alone).",
        unit="currency", example=30_000_000, default=None)
    pre_money: PositiveMoney | None = _field(
        "Pre-money valuation of a priced round (a note's valuation cap).", unit="currency", example=100_000_000, default=None)
    post_money: PositiveMoney | None = _field(
        "Post-money valuation (a post-money SAFE's valuation cap); pre_money + round_size.", unit="currency",
        example=130_000_000, default=None)
    instrument: InstrumentKind = _field("priced (preferred shares), safe (YC post-money SAFE) or note (convertible note).",
                                        example="priced", default="priced")
    pool_target: PoolShare | None = _field(
        "Unissued option pool after the round, as a share of the post-money fully diluted shares, topped up in the "
        "pre-money (the option pool shuffle).", unit="fraction", example=0.1, default=None)
    preference: Preference = _field("Liquidation preference of the new series.", default_factory=Preference,
                                    example={"multiple": 1, "type": "non_participating"})
    pro_rata: bool = _field("The investor takes its pro-rata share of every later round.", example=True, default=False)
    fund_size: PositiveMoney | None = _field("The investor's fund size (for the fund-returner test).", unit="currency",
                                             example=500_000_000, default=None)
    discount: Discount | None = _field("Conversion discount of a SAFE or note (default: data/deal.yaml).",
                                       unit="fraction", example=0.2, default=None)
    interest_rate: float | None = _field("Simple annual interest of a note (default: data/deal.yaml).",
                                         unit="fraction per year", example=0.06, default=None, ge=0, le=1,
                                         allow_inf_nan=False)
    date: Date | None = _field("Closing date (default: financials.as_of, else the last round's date).",
                               example="2025-12-01", default=None)
    investor: str = _field("Name of the investor in the cap table.", example="Proposed investor",
                           default="Proposed investor", min_length=1, max_length=MAX_NAME_CHARS)

    @model_validator(mode="after")
    def _consistent(self) -> Proposal:
        if self.pre_money is None and self.post_money is None:
            raise _consistency("pre_money", "deal.expected.valuation", "nothing")
        size = self.size
        if size < self.new_money:
            raise _consistency("round_size", "deal.expected.round_covers_cheque", f"{size:,.0f}",
                               cheque=f"{self.new_money:,.0f}")
        if self.pre_money is not None and self.post_money is not None:
            if abs(self.pre_money + size - self.post_money) > 1e-6 * self.post_money + 0.5:
                raise _consistency("post_money", "deal.expected.post_is_pre_plus_round", f"{self.post_money:,.0f}",
                                   total=f"{self.pre_money + size:,.0f}")
        if self.post_money is not None and self.post_money <= size:
            raise _consistency("post_money", "deal.expected.post_above_round", f"{self.post_money:,.0f}",
                               round=f"{size:,.0f}")
        if self.fund_size is not None and self.fund_size < self.new_money:
            raise _consistency("fund_size", "deal.expected.fund_at_least_cheque", f"{self.fund_size:,.0f}",
                               cheque=f"{self.new_money:,.0f}")
        if self.instrument != "priced" and self.pool_target:
            raise _consistency("pool_target", "deal.expected.pool_priced_only", f"{self.pool_target:g}",
                               instrument=self.instrument)
        if self.instrument == "priced" and (self.discount is not None or self.interest_rate is not None):
            field = "discount" if self.discount is not None else "interest_rate"
            raise _consistency(field, "deal.expected.convertible_terms_only", str(getattr(self, field)))
        if self.instrument == "safe" and self.interest_rate is not None:
            raise _consistency("interest_rate", "deal.expected.interest_note_only", str(self.interest_rate))
        return self

    @property
    def size(self) -> float:
        """The round's total new money."""
        return self.round_size if self.round_size is not None else self.new_money

    @property
    def pre(self) -> float:
        """The pre-money valuation (from ``post_money`` when only that is given)."""
        return self.pre_money if self.pre_money is not None else float(self.post_money or 0.0) - self.size

    @property
    def post(self) -> float:
        return self.post_money if self.post_money is not None else self.pre + self.size

    def closing_date(self, fallback: dt.date) -> dt.date:
        return self.date or fallback
