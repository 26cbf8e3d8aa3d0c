"""The time axis of a dated series: its period (month, quarter, year, day...) and t = 1, 2, ...

Growth models work on a numeric time ``t`` counted in periods of the series, with the first
observation at ``t = 1`` so that ``t = 0`` is one period before it (the "launch" of a Bass
diffusion fitted to per-period flows, Bass 1969).  Month-aligned series (first day of a month,
or years written as 1 January) are measured in whole months, so calendar months of different
lengths do not distort ``t``; other series are measured in days.  Gaps are allowed: a missing
month simply leaves its ``t`` out.

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


@dataclass(frozen=True)
class TimeAxis:
    """Maps dates to ``t`` (periods since one period before the first date) and back."""

    origin: pd.Timestamp        # the first observation, t = 1
    unit: str                   # "months" or "days"
    step: int                   # months or days per period
    period: str                 # month, quarter, year, day, week, or "N months"/"N days"

    @classmethod
    def from_index(cls, index: pd.DatetimeIndex) -> TimeAxis:
        idx = pd.DatetimeIndex(index)
        if len(idx) < 2:
            raise AnalysisError("market.error.axis_too_short", n=len(idx))
        if bool((idx.day == 1).all()) and bool((idx.hour == 0).all()):
            months = (idx.year - idx[0].year) * 12 + (idx.month - idx[0].month)
            step = _gcd_all(np.diff(np.asarray(months)))
            return cls(idx[0], "months", step, PERIOD_NAMES.get(step, f"{step} months"))
        days = np.asarray((idx - idx[0]).days)
        step = _gcd_all(np.diff(days))
        name = {1: "day", 7: "week"}.get(step, f"{step} days")
        return cls(idx[0], "days", step, name)

    def t(self, index: pd.DatetimeIndex) -> np.ndarray:
        idx = pd.DatetimeIndex(index)
        if self.unit == "months":
            offset = (idx.year - self.origin.year) * 12 + (idx.month - self.origin.month)
        else:
            offset = (idx - self.origin).days
        return np.asarray(offset, dtype="float64") / self.step + 1.0

    def dates(self, t: np.ndarray) -> pd.DatetimeIndex:
        """Dates of (whole-period) times ``t``."""
        out = []
        for ti in np.asarray(t, dtype="float64"):
            k = int(round((ti - 1.0) * self.step))
            out.append(self.origin + (pd.DateOffset(months=k) if self.unit == "months" else pd.Timedelta(days=k)))
        return pd.DatetimeIndex(out)

    @property
    def periods_per_year(self) -> float:
        return 12.0 / self.step if self.unit == "months" else 365.25 / self.step


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
