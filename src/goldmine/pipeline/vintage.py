"""The date of a report and the vintage of its inputs (issue #16, point 7).

A due-diligence report states the day it was generated and how old its inputs are: the date of the
financials (``financials.as_of``), the latest month of revenue, the latest demand observation, the
dates of the rounds and, when a sector view is attached, the dates of its figures.  An input older
than its limit (:class:`~goldmine.pipeline.settings.FreshnessSettings`, ``data/settings.yaml``
``freshness``: six months for the financials) is *stale*: the report warns and the diligence
questions ask for a newer figure.

The report's date is outside the inputs hash (it changes nothing that is computed, only the ages):
it is :func:`report_date` — the ``GOLDMINE_REPORT_DATE`` environment variable (``YYYY-MM-DD``) when
set, else today's date in UTC; :func:`~goldmine.pipeline.due_diligence.run_due_diligence` also takes
it as ``generated_on``.  Tests and reproducible builds pin it either way.

Ages are in months of 30.4375 days (365.25 / 12) from the end of the period a date names (a month
``2025-10`` ends on 2025-10-31, a year ``2025`` on 2025-12-31) to the report's date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from goldmine.results import Result

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.pipeline.sector import SectorContext
    from goldmine.pipeline.settings import FreshnessSettings

ENV = "GOLDMINE_REPORT_DATE"
DAYS_PER_MONTH = 365.25 / 12
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def report_date(today: dt.date | None = None) -> dt.date:
    """The date a report is generated on: ``today`` when given, else ``GOLDMINE_REPORT_DATE``
    (``YYYY-MM-DD``; an :class:`~goldmine.errors.InputError` when unreadable), else today in UTC."""
    if today is not None:
        return today
    text = os.environ.get(ENV)
    if text:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            from goldmine.errors import InputError, Problem

            raise InputError(None, [Problem(ENV, "expected.date", text)]) from None
    return dt.datetime.now(dt.UTC).date()


def period_end(text: str) -> dt.date | None:
    """The last day of the period ``text`` names (``2025``, ``2025-10`` or ``2025-10-24``); ``None``
    when it is not such a date."""
    m = _DATE.match(text.strip())
    if m is None:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            return dt.date(year, int(m.group(2)), int(m.group(3)))
        if m.group(2):
            month = int(m.group(2))
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 12, 31)
    except ValueError:
        return None


def months_between(earlier: dt.date, later: dt.date) -> float:
    return (later - earlier).days / DAYS_PER_MONTH


@dataclass(frozen=True)
class InputDate:
    """One dated input: what it is (``input``: financials, revenue, market, round, sector), the profile
    field it comes from, its date as written, its age in months at the report's date, its limit
    (``None``: not checked) and whether it is stale."""

    input: str
    field: str
    date: str
    age_months: float
    limit_months: float | None
    stale: bool

    def shown_age(self) -> tuple[str, str]:
        """The age and the limit as a reader sees them: whole months, unless rounding would make a
        stale input look within its limit (26.1 months against 26: ``26.1``, not ``26``)."""
        limit = float(self.limit_months or 0)
        digits = 1 if self.stale and round(self.age_months) <= limit else 0
        return f"{self.age_months:,.{digits}f}", f"{limit:,.0f}"

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "field": self.field, "date": self.date, "age_months": round(self.age_months, 1),
                "limit_months": self.limit_months, "stale": self.stale}


@dataclass(frozen=True)
class Vintage(Result):
    """The report's date and the dates of its inputs.

    ``to_dict()`` (docs/report.md): ``generated_on``, ``newest``, ``oldest`` (the newest and oldest input
    dates, as written), ``inputs[]`` (input, field, date, age_months, limit_months, stale) and ``stale``
    (the fields of the stale inputs).
    """

    generated_on: dt.date
    inputs: tuple[InputDate, ...]

    def _by_end(self) -> list[InputDate]:
        # by the end of the period each date names; of equal ends the most precise date last (2025-10 before 2025-10-31)
        return sorted(self.inputs, key=lambda i: (period_end(i.date) or dt.date.min, len(i.date), i.field))

    @property
    def newest(self) -> InputDate | None:
        ordered = self._by_end()
        return ordered[-1] if ordered else None

    @property
    def oldest(self) -> InputDate | None:
        ordered = self._by_end()
        return ordered[0] if ordered else None

    @property
    def stale(self) -> tuple[InputDate, ...]:
        return tuple(i for i in self.inputs if i.stale)

    def to_dict(self) -> dict[str, Any]:
        newest, oldest = self.newest, self.oldest
        return {"generated_on": self.generated_on.isoformat(), "newest": None if newest is None else newest.date,
                "oldest": None if oldest is None else oldest.date, "inputs": [i.to_dict() for i in self.inputs],
                "stale": [i.field for i in self.stale]}

    def summary(self, lang: str | None = None) -> str:
        newest, oldest = self.newest, self.oldest
        span = "—" if newest is None or oldest is None else f"{oldest.date} – {newest.date}"
        return f"{self.generated_on.isoformat()}: {span}; stale: {', '.join(i.field for i in self.stale) or '—'}"


def _entry(name: str, field: str, text: str, on: dt.date, limit: float | None) -> InputDate | None:
    end = period_end(text)
    if end is None:
        return None
    age = months_between(end, on)
    return InputDate(name, field, text, age, limit, limit is not None and age > limit)


def profile_dates(p: Startup, on: dt.date, limits: FreshnessSettings) -> list[InputDate]:
    """The dated inputs of a profile: financials, latest revenue month, latest demand observation, rounds
    (only the latest is checked against its limit)."""
    f = p.financials
    found = []
    if f.as_of is not None:
        found.append(_entry("financials", "financials.as_of", f.as_of.isoformat(), on, limits.financials_months))
    if f.revenue_history:
        i = len(f.revenue_history) - 1
        found.append(_entry("revenue", f"financials.revenue_history[{i}].month", f.revenue_history[i].month.strftime("%Y-%m"),
                            on, limits.revenue_months))
    if p.market.history:
        i = len(p.market.history) - 1
        found.append(_entry("market", f"market.history[{i}].date", p.market.history[i].date.strftime("%Y-%m"), on,
                            limits.market_months))
    last = len(p.rounds) - 1
    for i, r in enumerate(p.rounds):
        found.append(_entry("round", f"rounds[{i}].date", r.date.isoformat(), on, limits.round_months if i == last else None))
    return [x for x in found if x is not None]


def sector_dates(ctx: SectorContext, on: dt.date, limits: FreshnessSettings) -> list[InputDate]:
    """The newest figure of an attached sector view (checked against its limit) and its oldest one."""
    dated = sorted({(end, e.date) for p in ctx.pillars for e in p.evidence
                    if e.date and (end := period_end(str(e.date))) is not None})
    if not dated:
        return []
    out = [_entry("sector", "sector.newest", dated[-1][1], on, limits.sector_months)]
    if dated[0][1] != dated[-1][1]:
        out.append(_entry("sector", "sector.oldest", dated[0][1], on, None))
    return [x for x in out if x is not None]


def vintage(p: Startup, on: dt.date, limits: FreshnessSettings, sector: SectorContext | None = None) -> Vintage:
    """The report's date and the dates of its inputs, stale ones marked."""
    dates: Iterable[InputDate] = profile_dates(p, on, limits) + ([] if sector is None else sector_dates(sector, on, limits))
    return Vintage(on, tuple(dates))


__all__ = ["ENV", "InputDate", "Vintage", "months_between", "period_end", "report_date", "vintage"]
