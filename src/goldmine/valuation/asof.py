"""As-of discipline of the valuation (issue #15): every input carries a date; nothing dated after the
valuation date is used; inputs older than a stated age are flagged.

The rules (``data/valuation.yaml`` ``as_of``, goldmine rules):

* the valuation date is ``financials.as_of`` (else the last revenue month, else the founding date,
  and the result says it was inferred: :func:`goldmine.valuation.base.as_of`);
* a date may be a day (``2025-08-25``), a month (``2024-04``), a quarter (``2026-Q2``), a half year
  (``2024-H1``) or a year (``2025``): :func:`period` gives the first and last day of that period;
* an input is **after** the valuation date when its period *starts* after it (a Q2 2026 multiple is
  after 2025-10-31 and is excluded); an input whose period contains the valuation date is used and
  flagged ``uncertain`` (a "2025" median may have been published after 31 October 2025);
* an input is **stale** when the valuation date is more than ``max_age_months`` (24) after its
  period's end; only market data (multiples, comparables, regional anchors, rates, exchange rates,
  the last round) age: methodology constants (Berkus's $500k, Equidam's weights) do not;
* an input without a date is used and flagged ``undated``.

:class:`AsOfCheck` collects one :class:`DatedInput` per input with its status (``used``,
``excluded``) and flags (``stale``, ``uncertain``, ``undated``); every reason is a message key
(``valuation.asof.*``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goldmine.results import Result

if TYPE_CHECKING:
    from goldmine.model import Startup

AFTER = "valuation.asof.after"
STALE = "valuation.asof.stale"
UNCERTAIN = "valuation.asof.uncertain"
UNDATED = "valuation.asof.undated"
INFERRED = "valuation.asof.inferred"

KINDS = ("market", "method", "prior", "profile")   # what ages: market and profile data


def period(value: Any) -> tuple[dt.date, dt.date] | None:
    """First and last day of a date given as a day, month, quarter, half year or year; ``None`` when
    it cannot be read (the input is then ``undated``)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date(), value.date()
    if isinstance(value, dt.date):
        return value, value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?|-?[Qq]([1-4])|-?[Hh]([12]))?", text)
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            d = dt.date(year, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            month = int(m.group(2))
            return dt.date(year, month, 1), _month_end(year, month)
        if m.group(4):
            q = int(m.group(4))
            return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        if m.group(5):
            h = int(m.group(5))
            return dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h)
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def months_between(earlier: dt.date, later: dt.date) -> float:
    """Whole and fractional months from ``earlier`` to ``later`` (30.44-day months)."""
    return (later - earlier).days / (365.25 / 12)


@dataclass(frozen=True)
class DatedInput:
    """One input of the valuation with its date and what the as-of rules made of it.

    ``name`` (an id: ``multiple:ai_ma_median``, ``anchor:CN:idea``, ``risk_free:CNY``, ``round:Series B``),
    ``kind`` (``market``, ``method``, ``prior``, ``profile``), ``date`` (as written), ``source``,
    ``used`` (False when excluded), ``reason`` (a message key when excluded), ``age_months`` (from the
    end of its period to the valuation date), ``flags`` (``stale``, ``uncertain``, ``undated``).
    """

    name: str
    kind: str
    date: str | None
    source: str | None
    used: bool
    reason: str | None = None
    age_months: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "date": self.date, "source": self.source, "used": self.used,
                "reason": self.reason, "age_months": None if self.age_months is None else round(self.age_months, 1),
                "flags": list(self.flags)}


def judge(name: str, kind: str, date: Any, source: str | None, valuation_date: dt.date,
          max_age_months: float) -> DatedInput:
    """The as-of verdict on one input (the rules of the module docstring)."""
    p = period(date)
    text = None if date is None else str(date)
    if p is None:
        return DatedInput(name, kind, text, source, True, None, None, ("undated",))
    start, end = p
    if start > valuation_date:
        return DatedInput(name, kind, text, source, False, AFTER, -months_between(valuation_date, start), ())
    age = max(0.0, months_between(end, valuation_date))
    flags: list[str] = []
    if end > valuation_date:
        flags.append("uncertain")
    if kind in ("market", "profile") and age > max_age_months:
        flags.append("stale")
    return DatedInput(name, kind, text, source, True, None, age, tuple(flags))


@dataclass(frozen=True)
class AsOf:
    """The valuation date and the staleness limit, as the methods apply them (:meth:`judge`)."""

    date: dt.date
    max_age_months: float
    inferred: bool = False

    @classmethod
    def of(cls, startup: Startup) -> AsOf:
        """The valuation date of a profile (``financials.as_of``, else inferred) and the shipped age limit."""
        from goldmine.valuation._config import config
        from goldmine.valuation.base import as_of

        return cls(as_of(startup), float(config().as_of.max_age_months.value), startup.financials.as_of is None)

    def judge(self, name: str, kind: str, date: Any, source: str | None) -> DatedInput:
        return judge(name, kind, date, source, self.date, self.max_age_months)

    def check(self, inputs: Iterable[DatedInput] = ()) -> AsOfCheck:
        return merge(AsOfCheck(self.date, self.inferred, self.max_age_months), inputs)


@dataclass(frozen=True)
class AsOfCheck(Result):
    """The valuation date and the verdict on every dated input.

    ``date`` (the valuation date), ``inferred`` (True when ``financials.as_of`` was missing),
    ``max_age_months``, ``inputs`` (every :class:`DatedInput`); :attr:`excluded`, :attr:`stale`,
    :attr:`uncertain` and :attr:`undated` select from them.
    """

    date: dt.date
    inferred: bool
    max_age_months: float
    inputs: tuple[DatedInput, ...] = field(default_factory=tuple)

    @property
    def excluded(self) -> tuple[DatedInput, ...]:
        return tuple(i for i in self.inputs if not i.used)

    def flagged(self, flag: str) -> tuple[DatedInput, ...]:
        return tuple(i for i in self.inputs if i.used and flag in i.flags)

    @property
    def stale(self) -> tuple[DatedInput, ...]:
        return self.flagged("stale")

    @property
    def uncertain(self) -> tuple[DatedInput, ...]:
        return self.flagged("uncertain")

    @property
    def undated(self) -> tuple[DatedInput, ...]:
        return self.flagged("undated")

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "inferred": self.inferred, "max_age_months": self.max_age_months,
                "inputs": [i.to_dict() for i in self.inputs],
                "excluded": [i.name for i in self.excluded], "stale": [i.name for i in self.stale]}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = []
        for i in self.excluded:
            lines.append(t(AFTER, lang, name=i.name, date=i.date or "—", as_of=self.date.isoformat()))
        for i in self.stale:
            lines.append(t(STALE, lang, name=i.name, date=i.date or "—", months=round(i.age_months or 0.0),
                           max=int(self.max_age_months)))
        return "\n".join(lines)


def merge(check: AsOfCheck, items: Iterable[DatedInput]) -> AsOfCheck:
    """``check`` with ``items`` appended (an input already listed under the same name is kept once)."""
    seen = {i.name for i in check.inputs}
    new: list[DatedInput] = []
    for i in items:
        if i.name not in seen:
            seen.add(i.name)
            new.append(i)
    return AsOfCheck(check.date, check.inferred, check.max_age_months, check.inputs + tuple(new))


def first_dated(keys: Iterable[str], asof: AsOf) -> tuple[str | None, list[DatedInput]]:
    """The first of the shipped multiples ``keys`` (``data/multiples.yaml``) not dated after the
    valuation date, and the verdicts on those looked at (an excluded one is listed with its reason)."""
    from goldmine.valuation._config import multiples

    table = multiples()
    seen: list[DatedInput] = []
    for key in keys:
        m = table[key]
        verdict = asof.judge(f"multiple:{key}", "market", m.date, m.source)
        seen.append(verdict)
        if verdict.used:
            return key, seen
    return None, seen
