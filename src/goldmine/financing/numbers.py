"""Exact numbers for cap tables: parsing amounts to :class:`fractions.Fraction`, and rounding rules.

* :func:`to_fraction` — an int, a decimal string, an amount with a scale suffix (``"1.5M"``,
  ``"500万"``, ``"1.2亿"``) or a float (read through its shortest decimal ``repr``) as an exact Fraction.
* :class:`Rounding` — the explicit rounding rule of a cap table: shares round down (or to nearest /
  up), prices round to ``price_decimals`` decimals (or stay exact), as in Carta's and YC's
  worksheets (YC Post-Money Safe User Guide, Appendix II: "Safe Price $0.3400", Series A price
  "$1.1144", share counts truncated).
  ``solve="spreadsheet"`` selects the spreadsheet iteration (shares floored inside each pass, the
  price rounded up after each pass until the totals settle) instead of the exact solve.

Everything in :mod:`goldmine.financing` is exact: amounts, prices and ownerships are Fractions and
share counts are ints; floats appear only in ``to_dict()`` output and on screen.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal

from goldmine.errors import AnalysisError

_SCALE = {"": 1, "k": 10**3, "K": 10**3, "m": 10**6, "M": 10**6, "mm": 10**6, "b": 10**9, "B": 10**9,
          "bn": 10**9, "万": 10**4, "亿": 10**8, "千": 10**3, "百万": 10**6}
_AMOUNT_RE = re.compile(r"^\s*(?P<sign>-)?\s*[¥$€£]?\s*(?P<num>(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)"
                        r"\s*(?P<unit>[a-zA-Z]{0,2}|万|亿|千|百万)\s*(?:元|yuan|CNY|USD|%)?\s*$")
_PCT_RE = re.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)\s*%\s*$")


class NotANumber(AnalysisError):
    """Raised by :func:`to_fraction` for a value that is not an amount (key ``financing.error.not_a_number``)."""

    def __init__(self, value: Any):
        super().__init__("financing.error.not_a_number", found=str(value))
        self.value = value


def to_fraction(value: Any) -> Fraction:
    """An exact Fraction from an int, Fraction, Decimal, float, or text (``"1.5M"``, ``"500万"``, ``"20%"``).

    Floats are read through ``repr`` (``0.1`` becomes 1/10, not the binary neighbour), which is
    what a person who typed the number meant.
    """
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotANumber(value)
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotANumber(value)
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        pct = _PCT_RE.match(value)
        if pct:
            return Fraction(Decimal(pct.group("num"))) / 100
        m = _AMOUNT_RE.match(value)
        if m and m.group("unit") in _SCALE:
            try:
                number = Fraction(Decimal(m.group("num").replace(",", ""))) * _SCALE[m.group("unit")]
            except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
                raise NotANumber(value) from exc
            return -number if m.group("sign") else number
    raise NotANumber(value)


RoundMode = Literal["down", "nearest", "up"]
SolveMode = Literal["exact", "spreadsheet"]
SPREADSHEET_DECIMALS = 4   # the price decimals of the spreadsheet mode when a plan keeps prices exact


def round_fraction(x: Fraction, decimals: int, mode: RoundMode) -> Fraction:
    """``x`` rounded to ``decimals`` places: down (toward zero), nearest (half up) or up."""
    scale = 10**decimals
    scaled = x * scale
    if mode == "down":
        n = math.floor(scaled) if scaled >= 0 else -math.floor(-scaled)
    elif mode == "up":
        n = math.ceil(scaled) if scaled >= 0 else -math.ceil(-scaled)
    else:
        n = math.floor(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return Fraction(n, scale)


@dataclass(frozen=True)
class Rounding:
    """How share counts and prices are rounded (stated in every result).

    ``shares``: ``down`` (the default, what Carta and the YC worksheets do), ``nearest`` or ``up``.
    ``price_decimals``: prices per share are rounded to this many decimals (default 4, as in the
    YC guide's "$1.1144"); ``None`` keeps prices exact. ``price_mode``: ``nearest`` (half up,
    default), ``down`` or ``up``.

    ``solve``: how a priced round with conversions is solved.  ``exact`` (default): the circular
    definitions are solved exactly over the rationals and rounded once at the end.  ``spreadsheet``:
    the iteration of the public conversion spreadsheets and of SAFE investors' solvers — every share
    count floored inside each pass and the round price rounded *up* to ``price_decimals`` (4 when
    ``None``) after each pass, repeated until the totals settle
    (:func:`goldmine.financing.rounds.solve_spreadsheet_round`), so a counterparty's numbers can be
    reproduced to the share.
    """

    shares: RoundMode = "down"
    price_decimals: int | None = 4
    price_mode: RoundMode = "nearest"
    solve: SolveMode = "exact"

    def share_count(self, x: Fraction) -> int:
        """Round a number of shares to an int."""
        if self.shares == "down":
            return math.floor(x)
        if self.shares == "up":
            return math.ceil(x)
        return math.floor(x + Fraction(1, 2))

    def price(self, x: Fraction) -> Fraction:
        """Round a price per share (never to zero: a positive price keeps its last significant step)."""
        if self.price_decimals is None:
            return x
        p = round_fraction(x, self.price_decimals, self.price_mode)
        if p <= 0 < x:
            p = Fraction(1, 10**self.price_decimals)
        return p

    def price_up(self, x: Fraction) -> Fraction:
        """A round price rounded *up* to ``price_decimals`` (4 when ``None``): the spreadsheet mode's rule."""
        decimals = self.price_decimals if self.price_decimals is not None else SPREADSHEET_DECIMALS
        p = round_fraction(x, decimals, "up")
        return p if p > 0 or x <= 0 else Fraction(1, 10**decimals)

    def describe(self) -> dict[str, Any]:
        return {"shares": self.shares, "price_decimals": self.price_decimals, "price_mode": self.price_mode,
                "solve": self.solve}


EXACT = Rounding(shares="down", price_decimals=None)
