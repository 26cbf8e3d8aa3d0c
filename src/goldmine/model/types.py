"""Validated scalar types of the startup profile: fractions, amounts, counts, months, codes.

Each type carries its own error text (a message-catalogue key under ``expected.*``) so a bad
value is reported as, e.g., ``market.market_share: expected a fraction between 0 and 1, found 35``.
Amounts accept plain numbers or strings with a scale suffix: ``"1.5M"``, ``"800k"``, ``"2B"``,
``"500万"``, ``"1.2亿"`` (万 = 10^4, 亿 = 10^8) and thousands separators (``"1,000,000"``).

Magnitudes are bounded to what the engines handle (:mod:`goldmine.model.limits`): amounts and other
numbers are at most 1e18 in absolute value, whole numbers at most 10^15, dates between 1900 and 2100.  An integer of absurd length is refused before it is turned into a float.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from goldmine.model.limits import (
    DATE_MAX,
    DATE_MIN,
    MAX_AMOUNT,
    MAX_AMOUNT_TEXT,
    MAX_COUNT,
    amount_in_range,
    date_in_range,
)

ISO_CURRENCIES = frozenset(
    "CNY USD EUR GBP JPY HKD SGD KRW INR CAD AUD CHF SEK ILS AED TWD BRL".split()
)

_SCALE = {"": 1.0, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "mm": 1e6, "b": 1e9, "B": 1e9,
          "bn": 1e9, "t": 1e12, "T": 1e12, "万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6}
_AMOUNT_RE = re.compile(r"^\s*(?P<sign>-)?\s*[¥$€£]?\s*(?P<num>(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?P<unit>[a-zA-Z]{0,2}|万|亿|千|百万)\s*(?:元|yuan|CNY|USD)?\s*$")


def _fail(kind: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, "expected " + kind, ctx)


def parse_amount(value: Any) -> float:
    """A number, or a string such as ``"1.5M"`` / ``"500万"``, as a float."""
    if isinstance(value, bool):
        raise _fail("amount")
    if isinstance(value, int) and abs(value) > MAX_AMOUNT:
        raise _fail("magnitude", high=MAX_AMOUNT_TEXT)  # before float(): 10**400 overflows
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = _AMOUNT_RE.match(value)
        if m and m.group("unit") in _SCALE:
            number = float(m.group("num").replace(",", "")) * _SCALE[m.group("unit")]
            return -number if m.group("sign") else number
    raise _fail("amount")


def _finite(v: float) -> float:
    if not math.isfinite(v):
        raise _fail("finite")
    return v


def _magnitude(v: float) -> float:
    """An absolute value of at most 1e18 (:mod:`goldmine.model.limits`): what the engines handle."""
    if not amount_in_range(v):
        raise _fail("magnitude", high=MAX_AMOUNT_TEXT)
    return v


def _date_range(v: dt.date) -> dt.date:
    if not date_in_range(v):
        raise _fail("date_range", low=DATE_MIN.isoformat(), high=DATE_MAX.isoformat())
    return v


def _nonneg(v: float) -> float:
    _finite(v)
    if v < 0:
        raise _fail("nonnegative")
    return v


def _positive(v: float) -> float:
    _finite(v)
    if v <= 0:
        raise _fail("positive")
    return v


def _fraction(v: float) -> float:
    if not (math.isfinite(v) and 0.0 <= v <= 1.0):
        raise _fail("fraction")
    return v


def _rate(v: float) -> float:
    if not (math.isfinite(v) and -1.0 < v <= 100.0):
        raise _fail("rate")
    return v


def _margin(v: float) -> float:
    if not (math.isfinite(v) and -10.0 <= v <= 1.0):
        raise _fail("margin")
    return v


def _currency(v: str) -> str:
    code = v.strip().upper()
    if code not in ISO_CURRENCIES:
        raise _fail("currency", known=", ".join(sorted(ISO_CURRENCIES)))
    return code


def _country(v: str) -> str:
    code = v.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise _fail("country")
    return code


def _month(v: Any) -> dt.date:
    """``2025-03``, ``2025-03-01`` or a date: the first day of that month."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v.replace(day=1)
    if isinstance(v, str):
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*", v)
        if m and 1 <= int(m.group(2)) <= 12:
            try:  # year 0000 or a day that month does not have
                dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
            except ValueError:
                raise _fail("month") from None
            return dt.date(int(m.group(1)), int(m.group(2)), 1)
    raise _fail("month")


def _schema(**extra: Any) -> Any:
    return Field(json_schema_extra=extra)


_AMOUNT_STR = {"type": "string", "pattern": _AMOUNT_RE.pattern}

#: A finite, non-negative amount of money in the profile's currency (at most 1e18).
Money = Annotated[float, BeforeValidator(parse_amount), AfterValidator(_nonneg), AfterValidator(_magnitude),
                  WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0, "maximum": MAX_AMOUNT}, _AMOUNT_STR]})]
#: A finite amount that may be negative (a net cash flow, an operating loss).
SignedMoney = Annotated[float, BeforeValidator(parse_amount), AfterValidator(_finite), AfterValidator(_magnitude),
                        WithJsonSchema({"anyOf": [{"type": "number", "minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT}, _AMOUNT_STR]})]
#: A strictly positive amount (a valuation, a price).
PositiveMoney = Annotated[float, BeforeValidator(parse_amount), AfterValidator(_positive), AfterValidator(_magnitude),
                          WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": 0, "maximum": MAX_AMOUNT}, _AMOUNT_STR]})]
#: A share, probability or ratio in [0, 1].
Fraction01 = Annotated[float, AfterValidator(_fraction), _schema(minimum=0, maximum=1)]
#: A growth or interest rate per period, above -100 % (and at most 10,000 %).
Rate = Annotated[float, AfterValidator(_rate), _schema(exclusiveMinimum=-1, maximum=100)]
#: A gross or operating margin: at most 1 (100 %), possibly negative (down to -1000 %).
Margin = Annotated[float, AfterValidator(_margin), _schema(minimum=-10, maximum=1)]
NonNegFloat = Annotated[float, AfterValidator(_nonneg), AfterValidator(_magnitude), _schema(minimum=0, maximum=MAX_AMOUNT)]
PositiveFloat = Annotated[float, AfterValidator(_positive), AfterValidator(_magnitude), _schema(exclusiveMinimum=0, maximum=MAX_AMOUNT)]
NonNegInt = Annotated[int, Field(ge=0, le=MAX_COUNT)]
PositiveInt = Annotated[int, Field(ge=1, le=MAX_COUNT)]
#: A calendar date between 1900-01-01 and 2100-12-31.
Date = Annotated[dt.date, AfterValidator(_date_range)]
Currency = Annotated[str, AfterValidator(_currency), _schema(pattern="^[A-Za-z]{3}$")]
Country = Annotated[str, AfterValidator(_country), _schema(pattern="^[A-Za-z]{2}$")]
Month = Annotated[dt.date, BeforeValidator(_month), AfterValidator(_date_range), WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{1,2}(-\d{1,2})?$", "description": "a month, YYYY-MM"})]
