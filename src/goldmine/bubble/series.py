"""Preparing a series for bubble tests: valuation ratios, aggregation, logs, checks.

Implements

* :func:`ratio` — price / fundamental (price-dividend, price-earnings), aligned on dates; the
  fundamental-adjusted series PSY (2015) test (real price over real dividend).
* :func:`aggregate` — daily data to weekly (``"W"``, week ending Friday) or monthly (``"M"``)
  observations, last value of each period by default (end-of-period prices, as in PSY's monthly
  data) or the period mean.
* :func:`prepare` — optional natural log, then the checks every test needs: finite values, no
  gaps (missing values, or missing dates: a hole in the dates of a regular series), not constant, positive when logged, at least the minimum window
  and at most :data:`~goldmine.model.limits.MAX_BUBBLE_OBSERVATIONS` (20,000) observations: the
  recursive tests fit a regression on every pair of start and end dates, so their work grows with the
  square of the length (215,000 daily rows would take hours); a longer series is refused with that
  reason and the remedy (aggregate daily data to weeks or months), before any work.
  Problems raise :class:`goldmine.errors.InputError` naming the series and the position or date, with
  a message key of ``i18n/bubble.yaml`` and its parameters (dates, counts: nothing in words).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from goldmine.errors import InputError, Problem
from goldmine.model.limits import MAX_BUBBLE_OBSERVATIONS

FREQS = {"W": "W-FRI", "M": "ME", "Q": "QE"}


def ratio(price: pd.Series, fundamental: pd.Series, name: str | None = None) -> pd.Series:
    """``price / fundamental`` on the common dates (e.g. price/dividend); zero fundamentals refused."""
    p, f = price.align(fundamental, join="inner")
    bad = f.index[(f <= 0) | f.isna()]
    if len(bad):
        raise InputError(str(fundamental.name or "fundamental"),
                         [Problem(str(_fmt(bad[0])), "bubble.expected.positive_fundamental", f.loc[bad[0]], raw_found=True)])
    out = p / f
    out.name = name or f"{price.name}/{fundamental.name}"
    return out


def aggregate(series: pd.Series, freq: str, how: str = "last") -> pd.Series:
    """Daily to weekly ("W") or monthly ("M") or quarterly ("Q"): last value (default) or mean per period."""
    if freq not in FREQS:
        raise InputError(str(series.name), [Problem("freq", "bubble.expected.freq", freq)])
    if not isinstance(series.index, pd.DatetimeIndex):
        raise InputError(str(series.name), [Problem("index", "bubble.expected.dates", type(series.index).__name__, raw_found=True)])
    grouped = series.resample(FREQS[freq])
    out = grouped.last() if how == "last" else grouped.mean()
    return out.dropna()


def prepare(series: pd.Series, log: bool, min_length: int, source: str | None = None) -> pd.Series:
    """Check (and log) a series: see the module docstring.  Returns a float64 series."""
    name = str(series.name) if series.name is not None else "series"
    src = source or name
    if len(series) > MAX_BUBBLE_OBSERVATIONS:
        raise InputError(src, [Problem(name, "expected.bubble_observations", len(series),
                                       params={"n": f"{MAX_BUBBLE_OBSERVATIONS:,}"})])
    values = pd.to_numeric(series, errors="coerce").astype("float64")
    missing = np.flatnonzero(~np.isfinite(values.to_numpy()))
    if len(missing):
        at = ", ".join(_fmt(series.index[i]) for i in missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise InputError(src, [Problem(name, "bubble.expected.no_gaps", None, params={"n": len(missing), "at": at},
                                       has_found=False)])
    gap = _date_gap(series.index)
    if gap is not None:
        key, params = gap
        raise InputError(src, [Problem(name, key, None, params=params, has_found=False)])
    if log:
        nonpos = np.flatnonzero(values.to_numpy() <= 0)
        if len(nonpos):
            i = nonpos[0]
            raise InputError(src, [Problem(f"{name}, {_fmt(series.index[i])}", "bubble.expected.positive_for_log",
                                           values.iloc[i], raw_found=True)])
        values = pd.Series(np.log(values.to_numpy()), index=values.index, name=values.name)
    if len(values) < min_length:
        raise InputError(src, [Problem(name, "bubble.expected.min_length", len(values), params={"n": min_length},
                                       raw_found=True)])
    if float(values.max() - values.min()) <= 1e-12 * max(1.0, float(values.abs().max())):
        raise InputError(src, [Problem(name, "bubble.expected.not_constant", None,
                                       params={"value": f"{values.iloc[0]:g}"}, has_found=False)])
    return values


def _date_gap(index: pd.Index) -> tuple[str, dict[str, Any]] | None:
    """The first hole in a dated series as a message key and its parameters, or ``None``.

    The tests treat observations as equally spaced, so a stretch of missing dates would silently
    join two distant periods.  The spacing is the median step; a hole is a step above 1.5 times it
    (one missing month or quarter) and above 15 days, so that market holidays pass: the Spring
    Festival and National Day closures last up to about 10 days and can empty one whole week of a
    weekly series.
    """
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 3:
        return None
    days = np.asarray((index[1:] - index[:-1]) / pd.Timedelta(days=1), dtype=float)
    if np.any(days <= 0):
        i = int(np.flatnonzero(days <= 0)[0])
        return "bubble.expected.increasing_dates", {"first": _fmt(index[i]), "second": _fmt(index[i + 1])}
    step = float(np.median(days))
    limit = max(1.5 * step, 15.0)
    holes = np.flatnonzero(days > limit)
    if not len(holes):
        return None
    i = int(holes[0])
    params: dict[str, Any] = {"start": _fmt(index[i]), "end": _fmt(index[i + 1]), "days": f"{days[i]:.0f}",
                              "step": f"{step:.0f}"}
    if len(holes) > 1:
        return "bubble.expected.regular_dates_more", {**params, "more": len(holes) - 1}
    return "bubble.expected.regular_dates", params


def _fmt(label: Any) -> str:
    if isinstance(label, pd.Timestamp):
        return label.strftime("%Y-%m-%d")
    return str(label)
