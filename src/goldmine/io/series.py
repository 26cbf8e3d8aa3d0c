"""Load a dated series (demand, investment, prices...) from CSV or Excel with clear errors (issue #4).

* :func:`load_series` — read a ``.csv``/``.tsv``/``.txt`` or ``.xlsx``/``.xls`` file into a
  :class:`pandas.Series` of float64 with a :class:`pandas.DatetimeIndex`, checked for the usual
  mistakes: a missing column, unparseable dates or values, duplicate or decreasing dates, negative
  values (unless allowed) and too few points.
* :func:`check_series` — the same checks on a series already in memory.

Every problem is a :class:`goldmine.errors.InputError` naming the file, the column and the row (the
line of the file, header = line 1), what was expected and what was found (goldmine convention for
bad input).
The loader is generic: it knows nothing about growth models, so other modules (bubble tests,
sector monitor) can reuse it.

Dates may be ISO dates (``2025-03-01``), months (``2025-03``), or years (``2014``: 1 January); a date
with a time-zone offset (``2024-02-01T10:00:00+08:00``) is converted to UTC, row by row, so offsets may
differ.  Bounded work (issue #20, :mod:`goldmine.model.limits`): a file of at most 100 MB and 1,000,000
rows, dates between 1800-01-01 and 2200-12-31 (a date centuries away is an error naming its line).
The date column is ``date_column`` when given, else the first column named date, month, year,
period, time, day or quarter (any case), else the first column.  The value column is ``column``
when given, else the only other column, else the only mostly numeric one.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from goldmine.errors import FileFormatError, InputError, Problem
from goldmine.model.limits import MAX_ROWS, MAX_TABLE_BYTES, SERIES_DATE_MAX, SERIES_DATE_MIN
from goldmine.model.series import check_series

__all__ = ["check_series", "load_series"]

DATE_NAMES = ("date", "month", "year", "period", "time", "day", "quarter", "日期", "月份", "年份")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_YEAR_RE = re.compile(r"^\s*(\d{4})(?:\.0)?\s*$")
_MONTH_RE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})\s*$")


def load_series(path: str | Path, column: str | None = None, date_column: str | None = None, *,
                min_length: int = 3, allow_negative: bool = False, sheet: str | int | None = None) -> pd.Series:
    """Read one dated numeric column of a CSV or Excel file as a float64 series.

    Raises :class:`InputError` (file, column/row, expected, found) on a missing file or column,
    unreadable dates or numbers, duplicate or non-increasing dates, negative values when
    ``allow_negative`` is false, or fewer than ``min_length`` points.
    """
    path = Path(path)
    frame, comments = _read_frame(path, sheet)
    source = str(path)
    if frame.shape[1] < 2:
        raise InputError(source, [Problem("columns", "series.expected.two_columns", ", ".join(map(str, frame.columns)) or "none",
                                          raw_found=True)])
    if len(frame) > MAX_ROWS:
        raise InputError(source, [Problem("", "expected.max_rows", len(frame), params={"n": f"{MAX_ROWS:,}"})])
    dcol = _date_column(frame, date_column, source)
    vcol = _value_column(frame, column, dcol, source)
    dates = _parse_dates(frame[dcol], source, dcol, 2 + comments)
    values = _parse_values(frame[vcol], source, vcol, 2 + comments)
    series = pd.Series(values.to_numpy(dtype="float64"), index=pd.DatetimeIndex(dates, name=str(dcol)), name=str(vcol))
    return check_series(series, source=source, min_length=min_length, allow_negative=allow_negative, first_line=2 + comments)


# --------------------------------------------------------------------------- helpers
def _leading_comments(path: Path) -> int:
    """Lines starting with ``#`` before the header (a note on the data's source, as in the demo files)."""
    n = 0
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            if not line.lstrip().startswith("#"):
                break
            n += 1
    return n


def _read_frame(path: Path, sheet: str | int | None) -> tuple[pd.DataFrame, int]:
    """The table and the number of leading comment lines skipped (so rows keep their file line numbers)."""
    source = str(path)
    if not path.is_file():
        raise FileFormatError(source, [Problem("", "expected.file_exists", "no such file" if not path.exists() else "a directory",
                                               raw_found=True)])
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise FileFormatError(source, [Problem("", "expected.file_size", size, params={"limit": f"{MAX_TABLE_BYTES:,}"})])
    try:
        if suffix in TEXT_SUFFIXES:
            sep = "\t" if suffix == ".tsv" else None
            skip = _leading_comments(path)
            return pd.read_csv(path, sep=sep, engine="python", dtype=str, skipinitialspace=True, encoding="utf-8-sig",
                               skiprows=skip), skip
        if suffix in EXCEL_SUFFIXES:
            return pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object), 0
    except UnicodeDecodeError as exc:
        raise FileFormatError(source, [Problem("", "expected.utf8", f"byte {exc.start}", raw_found=True)]) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError, OSError) as exc:
        # csv.Error: the python engine's delimiter sniffer gives up on an empty or one-cell file
        raise FileFormatError(source, [Problem("", "series.expected.table", str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                                               raw_found=True)]) from exc
    raise FileFormatError(source, [Problem("", "series.expected.series_format", suffix or "no extension", raw_found=True)])


def _named_column(frame: pd.DataFrame, name: str, source: str) -> str:
    """The column called ``name`` (given by the user); InputError listing the columns otherwise."""
    cols = [str(c) for c in frame.columns]
    if name not in cols:
        raise InputError(source, [Problem(f"column {name!r}", "series.expected.column", ", ".join(cols) or "none",
                                          params={"columns": ", ".join(cols)}, raw_found=True)])
    return frame.columns[cols.index(name)]


def _date_column(frame: pd.DataFrame, date_column: str | None, source: str) -> str:
    if date_column is not None:
        return _named_column(frame, date_column, source)
    cols = [str(c) for c in frame.columns]
    for i, c in enumerate(cols):
        if c.strip().lower() in DATE_NAMES:
            return frame.columns[i]
    return frame.columns[0]


def _value_column(frame: pd.DataFrame, column: str | None, dcol: str, source: str) -> str:
    if column is not None:
        return _named_column(frame, column, source)
    cols = [str(c) for c in frame.columns]
    others = [c for c in frame.columns if c != dcol]
    if len(others) == 1:
        return others[0]
    numeric = [c for c in others if _mostly_numeric(frame[c])]
    if len(numeric) != 1:
        found = ", ".join(map(str, numeric)) if numeric else "no numeric column"
        raise InputError(source, [Problem("column", "series.expected.one_numeric", found,
                                          params={"columns": ", ".join(cols)}, raw_found=True)])
    return numeric[0]


def _mostly_numeric(col: pd.Series) -> bool:
    parsed = pd.to_numeric(col.astype(str).str.replace(",", "", regex=False), errors="coerce")
    return bool(len(col)) and parsed.notna().mean() >= 0.8


_LOW, _HIGH = pd.Timestamp(SERIES_DATE_MIN), pd.Timestamp(SERIES_DATE_MAX) + pd.Timedelta(days=1)


def _parse_dates(col: pd.Series, source: str, name: str, first: int = 2) -> list[pd.Timestamp]:
    out: list[pd.Timestamp] = []
    problems = []
    for i, raw in enumerate(col.tolist()):
        ts = _one_date(raw)
        if ts is None:
            problems.append(Problem(f"{name}, line {i + first}", "series.expected.date", "empty" if _blank(raw) else repr(str(raw)),
                                    raw_found=True))
        elif not _LOW <= ts < _HIGH:
            problems.append(Problem(f"{name}, line {i + first}", "expected.date_range", repr(str(raw)),
                                    params={"low": SERIES_DATE_MIN.isoformat(), "high": SERIES_DATE_MAX.isoformat()}, raw_found=True))
        else:
            out.append(ts)
    if problems:
        raise InputError(source, problems[:20])
    return out


def _one_date(raw: object) -> pd.Timestamp | None:
    """One cell as a naive timestamp (an offset converted to UTC), ``None`` when it is not a date."""
    ts = _read_date(raw)
    if ts is None or pd.isna(ts):
        return None
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def _read_date(raw: object) -> pd.Timestamp | None:
    if _blank(raw):
        return None
    if isinstance(raw, pd.Timestamp):
        return raw
    if hasattr(raw, "year") and hasattr(raw, "month"):
        try:
            return pd.Timestamp(raw)  # type: ignore[arg-type]
        except (ValueError, TypeError, OverflowError):  # a date pandas cannot hold (before 1677, after 2262)
            return None
    text = str(raw).strip()
    try:  # a year or month pandas cannot hold (before 1677, after 2262) is not a date here
        m = _YEAR_RE.match(text)
        if m:
            return pd.Timestamp(int(m.group(1)), 1, 1)
        m = _MONTH_RE.match(text)
        if m and 1 <= int(m.group(2)) <= 12:
            return pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
        ts = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    return None if pd.isna(ts) else ts


def _parse_values(col: pd.Series, source: str, name: str, first: int = 2) -> pd.Series:
    problems = []
    values = []
    for i, raw in enumerate(col.tolist()):
        if _blank(raw):
            problems.append(Problem(f"{name}, line {i + first}", "expected.number", "empty", raw_found=True))
            continue
        try:
            values.append(float(str(raw).replace(",", "").strip()))
        except ValueError:
            problems.append(Problem(f"{name}, line {i + first}", "expected.number", repr(str(raw)), raw_found=True))
    if problems:
        raise InputError(source, problems[:20])
    return pd.Series(values, dtype="float64")


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, float) and raw != raw) or (isinstance(raw, str) and not raw.strip())


def _fmt(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d")
