"""The time axis of a dated series: its period (month, quarter, year, day...) and t = 1, 2, ...

Growth models work on a numeric time ``t`` counted in periods of the series, with the first
observation at ``t = 1`` so that ``t = 0`` is one period before it (the "launch" of a Bass
diffusion fitted to per-period flows, Bass 1969).  The period is detected from the dates, in this
order (issue #13: financial data are usually dated at period ends):

* **month-aligned** dates — all on the same day of the month (1 January for years, the 15th...),
  or all on the last day of their month (2010-12-31, 2011-12-31; quarter ends 03-31, 06-30...):
  measured in whole months, so calendar months of different lengths do not distort ``t``; the
  step is the greatest common divisor of the month gaps (1 month, 3 a quarter, 12 a year) and
  forecast dates keep the anchor (month ends stay month ends);
* **business days** — weekdays only, with weekend gaps: measured in business days
  (:func:`numpy.busday_count`), forecast on business days;
* otherwise **days**, with the greatest common divisor of the day gaps as the step (7: weeks).

Gaps are allowed: a missing month simply leaves its ``t`` out, and an irregular series gets the
step its dates share (``N months`` or ``N days``), which the result states.

``period`` is an id (``month``, ``quarter``, ``half-year``, ``year``, ``day``, ``week``, or ``N months``
/ ``N days``); :func:`period_label` puts it in words in the reader's language, at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd

import numpy as np
import pandas as pd

from goldmine.errors import AnalysisError

PERIOD_NAMES = {1: "month", 3: "quarter", 6: "half-year", 12: "year"}
BUSINESS_DAYS_PER_YEAR = 252.0   # the usual trading-year convention (e.g. Hull, Options, Futures and Other Derivatives)


@dataclass(frozen=True)
class TimeAxis:
    """Maps dates to ``t`` (periods since one period before the first date) and back."""

    origin: pd.Timestamp        # the first observation, t = 1
    unit: str                   # "months", "bdays" or "days"
    step: int                   # months or days per period
    period: str                 # month, quarter, year, business_day, day, week, or "N months"/"N days"
    anchor: str = "day"         # months: "day" (same day of month as the origin) or "end" (month ends)

    @classmethod
    def from_index(cls, index: pd.DatetimeIndex) -> TimeAxis:
        idx = pd.DatetimeIndex(index)
        if len(idx) < 2:
            raise AnalysisError("market.error.axis_too_short", n=len(idx))
        midnight = bool((idx.hour == 0).all() and (idx.minute == 0).all() and (idx.second == 0).all())
        month_end = midnight and bool(idx.is_month_end.all())
        same_day = midnight and bool((idx.day == idx[0].day).all()) and idx[0].day <= 28
        if month_end or same_day:
            months = (idx.year - idx[0].year) * 12 + (idx.month - idx[0].month)
            step = _gcd_all(np.diff(np.asarray(months)))
            return cls(idx[0], "months", step, PERIOD_NAMES.get(step, f"{step} months"), "end" if month_end else "day")
        days = np.asarray((idx - idx[0]).days)
        if midnight and _business_days(idx, days):
            return cls(idx[0], "bdays", 1, "business_day")
        step = _gcd_all(np.diff(days))
        name = {1: "day", 7: "week"}.get(step, f"{step} days")
        return cls(idx[0], "days", step, name)

    def t(self, index: pd.DatetimeIndex) -> np.ndarray:
        idx = pd.DatetimeIndex(index)
        if self.unit == "months":
            offset = np.asarray((idx.year - self.origin.year) * 12 + (idx.month - self.origin.month))
        elif self.unit == "bdays":
            offset = np.busday_count(np.datetime64(self.origin.date()), idx.values.astype("datetime64[D]"))
        else:
            offset = np.asarray((idx - self.origin).days)
        return np.asarray(offset, dtype="float64") / self.step + 1.0

    def dates(self, t: np.ndarray) -> pd.DatetimeIndex:
        """Dates of (whole-period) times ``t``: month ends stay month ends, business days skip weekends."""
        out = []
        for ti in np.asarray(t, dtype="float64"):
            k = int(round((ti - 1.0) * self.step))
            if self.unit == "months":
                d = self.origin + pd.DateOffset(months=k)
                out.append(d + pd.offsets.MonthEnd(0) if self.anchor == "end" else d)
            elif self.unit == "bdays":
                out.append(self.origin + pd.offsets.BDay(k))
            else:
                out.append(self.origin + pd.Timedelta(days=k))
        return pd.DatetimeIndex(out)

    @property
    def periods_per_year(self) -> float:
        if self.unit == "months":
            return 12.0 / self.step
        if self.unit == "bdays":
            return BUSINESS_DAYS_PER_YEAR
        return 365.25 / self.step


def _business_days(idx: pd.DatetimeIndex, days: np.ndarray) -> bool:
    """Weekdays only, most gaps one day and at least one weekend skipped (a daily market series)."""
    if len(idx) < 3 or bool((idx.day_of_week >= 5).any()):
        return False
    gaps = np.diff(days)
    return bool((gaps == 1).mean() >= 0.5 and (gaps >= 3).any())


def _gcd_all(diffs: np.ndarray) -> int:
    g = 0
    for d in diffs.tolist():
        g = gcd(g, int(d))
    return max(g, 1)


def period_label(period: str, lang: str | None = None) -> str:
    """A period name (``month``, ``quarter``, ``3 days``...) in words, in ``lang``."""
    from goldmine.i18n import has_key, t

    if has_key(f"market.period.{period}"):
        return t(f"market.period.{period}", lang)
    n, _, unit = period.partition(" ")
    if n.isdigit() and unit in ("months", "days"):
        return t(f"market.period.n_{unit}", lang, n=n)
    return period
