"""Date-stamping of explosive episodes (PSY 2015 for BSADF, PWY 2011 for the forward ADF).

Implements

* :func:`min_duration` — ``round(delta * log(T))`` observations; default delta = 1 (PSY 2015,
  IER 56(4), section 3.2 and eq. 9: "a minimum duration of delta log(T)"; exuber's ``psy_ds`` uses
  the same rounding and default).
* :func:`stamp` — the rule of PSY 2015 eq. 9 (and PWY 2011 eq. 8 for the forward ADF):
  an episode starts at the first date r_e where the statistic exceeds its critical value, and ends
  at the first date on or after r_e + L_min where it falls back below (``end`` is that date, the
  first one back below); without such a date the episode is ongoing and ends at the last date.  The
  next episode is searched from the day after the end.
* :class:`Episode` — start, peak (date of the series maximum within the episode), end, duration
  (observations in the episode: from start up to the first date back below, or to the last date
  inclusive when it is ongoing), the peak statistic (largest BSADF in the episode), whether it
  is still ongoing, and its direction: "up" when the series rose from the start to the peak, "down" when
  the maximum is at the start (a collapse: right-tailed tests also fire on accelerating falls, which is
  why exuber reports a positive/negative signal too).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.results import Result


def min_duration(T: int, delta: float | None = None) -> int:
    """Minimum episode length ``round(delta * log(T))`` in observations (PSY 2015); ``delta`` defaults to
    ``data/bubble.yaml``'s (1)."""
    if delta is None:
        from goldmine.bubble.config import bubble_config

        delta = bubble_config().delta.value
    if not (delta >= 0 and math.isfinite(delta)):
        raise AnalysisError("bubble.error.delta", path="delta", delta=delta)
    return int(round(delta * math.log(T)))


def stamp(stat: npt.ArrayLike, cv: npt.ArrayLike, min_len: int) -> list[tuple[int, int, bool]]:
    """Episodes as ``(start, end, ongoing)`` positions in ``stat`` (see the module docstring)."""
    above = np.asarray(stat, dtype=float) > np.asarray(cv, dtype=float)            # NaN compares False
    n = len(above)
    out: list[tuple[int, int, bool]] = []
    i = 0
    while i < n:
        if not above[i]:
            i += 1
            continue
        start = i
        j = start + max(min_len, 1)
        while j < n and above[j]:
            j += 1
        if j >= n:
            out.append((start, n - 1, True))
            break
        out.append((start, j, False))
        i = j + 1
    return out


@dataclass(frozen=True)
class Episode(Result):
    """One date-stamped episode: ``start``, ``peak``, ``end`` are labels of the series' index (dates when
    it holds dates, else positions); ``direction`` is ``"up"`` or ``"down"`` (see the module docstring)."""

    start: Any
    peak: Any
    end: Any
    duration: int
    peak_stat: float
    ongoing: bool
    direction: str = "up"


Labels = Sequence[Any] | pd.Index


def episodes(labels: Labels, series: npt.NDArray[np.float64], stat: npt.NDArray[np.float64],
             cv: npt.NDArray[np.float64], first: int, min_len: int) -> list[Episode]:
    """Episodes with labels: ``stat[j]``/``cv[j]`` belong to observation ``first + j`` of ``series``."""
    out = []
    for s, e, ongoing in stamp(stat, cv, min_len):
        a, b = first + s, first + e
        seg = series[a:b + 1]
        peak = a + int(np.argmax(seg))
        out.append(Episode(start=_label(labels, a), peak=_label(labels, peak), end=_label(labels, b),
                           duration=int(b - a + 1 if ongoing else b - a), peak_stat=float(np.nanmax(stat[s:e + 1])), ongoing=bool(ongoing),
                           direction="up" if peak > a else "down"))
    return out


def _label(labels: Labels, i: int) -> Any:
    value = labels[i]
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
    if hasattr(value, "item"):
        return value.item()
    return value
