"""Checks of a dated series already in memory (demand, investment, prices): the one place they live.

* :func:`check_series` — increasing unique dates, finite (non-negative) values, enough points;
  every problem is an :class:`~goldmine.errors.InputError` naming the source, the column and the
  row, with a message key of ``i18n/series.yaml``.

:mod:`goldmine.io.series` reads files into series and calls this; the use cases call it on series
built from a profile (``market.history``).
"""

from __future__ import annotations

import pandas as pd

from goldmine.errors import InputError, Problem


def check_series(series: pd.Series, source: str | None = None, *, min_length: int = 3, allow_negative: bool = False,
                 first_line: int | None = None) -> pd.Series:
    """Check a dated series: increasing unique dates, finite (non-negative) values, enough points.

    ``first_line`` is the file line of the first element (rows are then named ``line N``);
    without it rows are named by position (``row N``, from 0).
    """
    col = str(series.name) if series.name is not None else "value"

    def where(i: int) -> str:
        return f"{col}, line {first_line + i}" if first_line is not None else f"{col}, row {i}"

    if not isinstance(series.index, pd.DatetimeIndex):
        raise InputError(source, [Problem(col, "series.expected.datetime_index", type(series.index).__name__, raw_found=True)])
    problems: list[Problem] = []
    idx = series.index
    for i in range(1, len(idx)):
        if idx[i] == idx[i - 1]:
            problems.append(Problem(where(i), "series.expected.unique_dates", _fmt(idx[i]), params={"prev": _fmt(idx[i - 1])},
                                    raw_found=True))
        elif idx[i] < idx[i - 1]:
            problems.append(Problem(where(i), "series.expected.increasing_dates", _fmt(idx[i]), params={"prev": _fmt(idx[i - 1])},
                                    raw_found=True))
    values = series.to_numpy(dtype="float64")
    for i, v in enumerate(values):
        if not pd.notna(v) or v in (float("inf"), float("-inf")):
            problems.append(Problem(where(i), "expected.finite", "empty" if pd.isna(v) else v, raw_found=True))
        elif v < 0 and not allow_negative:
            problems.append(Problem(where(i), "series.expected.nonnegative_value", v))
    if problems:
        raise InputError(source, problems[:20])
    if len(series) < min_length:
        raise InputError(source, [Problem(col, "series.expected.min_length", f"{len(series)} point(s)", params={"n": min_length},
                                          raw_found=True)])
    return series.astype("float64")


def _fmt(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d")
