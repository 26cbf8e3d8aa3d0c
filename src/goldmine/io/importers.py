"""Importers of market data files (issue #17): Yahoo, Stooq, FRED, Polygon/Massive flat files, generic CSV.

* :func:`read_series_file` — read a file of one of :data:`IMPORT_FORMATS` into a
  :class:`~goldmine.market.series_ops.MarketSeries` in goldmine's one schema (daily dates; ``open``,
  ``high``, ``low``, ``close``, ``adj_close``, ``volume`` as the file has them, or one ``value``).
* :func:`parse_series_text` — the same on text already in memory (``goldmine data update`` parses the
  responses of Stooq and FRED with it).

The formats, by their documented columns (header names are matched without regard to case):

* ``yahoo`` — Yahoo Finance's historical-data CSV: ``Date,Open,High,Low,Close,Adj Close,Volume``
  (``null`` for a day without data);
* ``stooq`` — Stooq's daily CSV (``https://stooq.com/q/d/l/?s=nvda.us&i=d``):
  ``Date,Open,High,Low,Close,Volume`` (``Volume`` absent for indices);
* ``fred`` — FRED's graph CSV (``https://fred.stlouisfed.org/graph/fredgraph.csv?id=SERIES``):
  ``DATE`` or ``observation_date``, then one column named after the series; ``.`` or an empty cell
  for a missing observation;
* ``polygon`` — Polygon.io / Massive day-aggregate flat files:
  ``ticker,volume,open,close,high,low,window_start,transactions`` (``window_start`` in nanoseconds
  since 1970 UTC, the trading day in New York), optionally with a ``date`` column; a file holding
  several tickers needs ``symbol`` to pick one;
* ``csv`` — a generic ``date,value`` table (the value column named ``value``, or the only other column).

Validation (every problem is an :class:`~goldmine.errors.InputError` naming the file, the row — the
line of the file, header = row 1 — and the field, e.g. ``prices.csv: row 17: close: expected a
positive price, found -3.2``; nothing is stored): dates that parse (``YYYY-MM-DD``, optionally with a
time, or ``YYYYMMDD``) and occur once, numbers that parse, positive prices, volumes not negative, the
format's columns, at least one observation.  Rows with no value at all are left out and counted
(``missing``); dates out of order are sorted and the series says so (``resorted``).  Bounded work:
at most 100 MB and 1,000,000 rows (:mod:`goldmine.model.limits`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from goldmine.errors import FileFormatError, InputError, Problem
from goldmine.market.series_ops import PRICE_FIELDS, PRICE_LEVELS, MarketSeries
from goldmine.model.limits import MAX_ROWS, MAX_TABLE_BYTES, SERIES_DATE_MAX, SERIES_DATE_MIN

__all__ = ["IMPORT_FORMATS", "parse_series_text", "read_series_file"]

IMPORT_FORMATS = ("yahoo", "stooq", "fred", "polygon", "csv")
MISSING = frozenset({"", ".", "null", "nan", "na", "n/a", "#n/a"})
MAX_PROBLEMS = 20
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[ T])")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ALIASES = {"adj close": "adj_close", "adj_close": "adj_close", "adjclose": "adj_close", "adjusted close": "adj_close",
            "observation_date": "date"}


@dataclass(frozen=True)
class _Layout:
    """The columns of a format: required and optional (canonical names), and what else may be there."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()


LAYOUTS = {
    "yahoo": _Layout(("date", "open", "high", "low", "close", "adj_close"), ("volume",), ("dividends", "stock splits")),
    "stooq": _Layout(("date", "open", "high", "low", "close"), ("volume",), ("openint",)),
    "polygon": _Layout(("ticker", "volume", "open", "close", "high", "low"), ("date", "window_start"),
                       ("transactions", "vwap", "otc")),
}
COLUMN_LISTS = {
    "yahoo": "Date,Open,High,Low,Close,Adj Close,Volume",
    "stooq": "Date,Open,High,Low,Close[,Volume]",
    "fred": "DATE (or observation_date),SERIES_ID",
    "polygon": "[date,]ticker,volume,open,close,high,low,window_start,transactions",
    "csv": "date,value",
}
KINDS = {"yahoo": "prices", "stooq": "prices", "polygon": "prices", "fred": "macro", "csv": "value"}


def read_series_file(path: str | Path, fmt: str, *, symbol: str | None = None) -> MarketSeries:
    """Read and validate one market data file of format ``fmt`` (module docstring)."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise FileFormatError(source, [Problem("", "expected.file_exists", "no such file" if not path.exists() else "a directory",
                                               raw_found=True)])
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            raise FileFormatError(source, [Problem("", "expected.file_size", size, params={"limit": f"{MAX_TABLE_BYTES:,}"})])
        data = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(source, [Problem("", "expected.file_exists", exc.strerror or type(exc).__name__, raw_found=True)]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(source, [Problem("", "expected.utf8", f"byte {exc.start}", raw_found=True)]) from exc
    return parse_series_text(text, fmt, source, symbol=symbol)


def parse_series_text(text: str, fmt: str, source: str, *, symbol: str | None = None,
                      origin: str | None = None) -> MarketSeries:
    """Validate and normalise CSV text of format ``fmt``; ``source`` names it in errors, ``origin``
    (default ``source``) is recorded with the series."""
    if fmt not in IMPORT_FORMATS:
        raise InputError(None, [Problem("--format", "expected.one_of", fmt, params={"choices": ", ".join(IMPORT_FORMATS)})])
    header, rows = _table(text.removeprefix("\ufeff"), source)
    names = [_canonical(h) for h in header]
    if fmt in LAYOUTS:
        cols, found_symbol = _price_columns(names, header, fmt, source)
    else:
        cols, found_symbol = _value_columns(names, header, fmt, source)
    if fmt == "polygon":
        rows, found_symbol = _one_ticker(rows, names.index("ticker"), symbol, source)
    parsed = _parse_rows(rows, cols, source)
    frame, resorted = _frame(parsed.dates, parsed.values, _fields(cols))
    sym = found_symbol if fmt == "polygon" or symbol is None else symbol  # Polygon: the ticker as the file spells it
    return MarketSeries(frame=frame, format=fmt, kind=KINDS[fmt], symbol=sym, origin=origin or source,
                        missing=parsed.missing, resorted=resorted)


# ------------------------------------------------------------------------------------- the table
def _table(text: str, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows with their line numbers (comment lines before the header skipped)."""
    lines = text.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and (not lines[skip].strip() or lines[skip].lstrip().startswith("#")):
        skip += 1
    if skip == len(lines):
        raise FileFormatError(source, [Problem("", "data.expected.header", "an empty file", raw_found=True)])
    try:
        reader = csv.reader(io.StringIO("".join(lines[skip:])))
        header = [h.strip() for h in next(reader)]
        rows: list[tuple[int, list[str]]] = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((skip + reader.line_num, [c.strip() for c in cells]))
            if len(rows) > MAX_ROWS:
                raise InputError(source, [Problem("", "expected.max_rows", len(rows), params={"n": f"{MAX_ROWS:,}"})])
    except csv.Error as exc:
        raise FileFormatError(source, [Problem("", "series.expected.table", str(exc), raw_found=True)]) from exc
    if len(header) < 2:
        raise FileFormatError(source, [Problem("columns", "data.expected.header", ",".join(header), raw_found=True)])
    return header, rows


def _canonical(name: str) -> str:
    key = re.sub(r"\s+", " ", name.strip().lower())
    return _ALIASES.get(key, key)


def _columns_problem(fmt: str, header: list[str], source: str) -> InputError:
    return InputError(source, [Problem("columns", "data.expected.columns", ",".join(header),
                                       params={"format": fmt, "columns": COLUMN_LISTS[fmt]}, raw_found=True)])


def _price_columns(names: list[str], header: list[str], fmt: str, source: str) -> tuple[list[str], str | None]:
    """Canonical column name per position (``""`` for an ignored column) of a price format."""
    layout = LAYOUTS[fmt]
    known = set(layout.required) | set(layout.optional) | set(layout.ignored)
    if (any(r not in names for r in layout.required) or any(n not in known for n in names)
            or len(set(names)) != len(names)):
        raise _columns_problem(fmt, header, source)
    if fmt == "polygon" and "date" not in names and "window_start" not in names:
        raise _columns_problem(fmt, header, source)
    cols = [n if n in PRICE_FIELDS or n in ("date", "window_start") else "" for n in names]
    if fmt == "polygon" and "date" in names:
        cols = ["" if n == "window_start" else n for n in cols]
    return cols, None


def _value_columns(names: list[str], header: list[str], fmt: str, source: str) -> tuple[list[str], str | None]:
    """Column roles (``date``, ``value`` or ignored) of FRED and generic CSV files, and the series id
    FRED puts in its header."""
    if fmt == "fred":
        if len(names) != 2 or names[0] != "date":
            raise _columns_problem(fmt, header, source)
        return ["date", "value"], header[1]
    dates = [i for i, n in enumerate(names) if n == "date"]
    d = dates[0] if dates else 0
    values = [i for i, n in enumerate(names) if n == "value" and i != d]
    if len(values) == 1:
        v = values[0]
    elif not values and len(names) == 2:
        v = 1 - d
    else:
        raise _columns_problem(fmt, header, source)
    return ["date" if i == d else "value" if i == v else "" for i in range(len(names))], None


def _one_ticker(rows: list[tuple[int, list[str]]], col: int, symbol: str | None,
                source: str) -> tuple[list[tuple[int, list[str]]], str | None]:
    """The rows of one ticker: the only one in the file, or ``symbol``."""
    tickers = sorted({cells[col] for _, cells in rows if col < len(cells)})
    if symbol is not None:
        chosen = next((t for t in tickers if t.upper() == symbol.upper()), None)
    else:
        chosen = tickers[0] if len(tickers) == 1 else None
    if chosen is None:
        shown = ", ".join(tickers[:10]) + (", ..." if len(tickers) > 10 else "") if tickers else "none"
        raise InputError(source, [Problem("ticker", "data.expected.one_ticker", shown, raw_found=True,
                                          params={"symbol": symbol or "—"})])
    return [(line, cells) for line, cells in rows if col < len(cells) and cells[col] == chosen], chosen


# ------------------------------------------------------------------------------------- the rows
@dataclass
class _Parsed:
    dates: list[dt.date]
    values: list[list[float]]
    missing: int


def _fields(cols: list[str]) -> list[str]:
    return [c for c in cols if c not in ("", "date", "window_start")]


def _parse_rows(rows: list[tuple[int, list[str]]], cols: list[str], source: str) -> _Parsed:
    fields = _fields(cols)
    date_at = cols.index("date") if "date" in cols else None
    ns_at = cols.index("window_start") if date_at is None else None
    width = len(cols)
    out = _Parsed([], [], 0)
    seen: dict[dt.date, int] = {}
    problems: list[Problem] = []
    for line, cells in rows:
        if len(problems) >= MAX_PROBLEMS:
            break
        if len(cells) != width:
            problems.append(Problem(f"row {line}", "data.expected.cells", len(cells), params={"n": width}))
            continue
        day = _row_date(cells, date_at, ns_at, line, problems)
        values = _row_values(cells, cols, fields, line, problems)
        if day is None or values is None:
            continue
        if all(np.isnan(v) for v in values):
            out.missing += 1
            continue
        if day in seen:
            problems.append(Problem(f"row {line}: date", "data.expected.unique_date", day.isoformat(),
                                    params={"row": seen[day]}, raw_found=True))
            continue
        seen[day] = line
        out.dates.append(day)
        out.values.append(values)
    if problems:
        raise InputError(source, problems[:MAX_PROBLEMS])
    if not out.dates:
        raise InputError(source, [Problem("", "data.expected.rows", len(rows), params={"missing": out.missing})])
    return out


def _row_date(cells: list[str], date_at: int | None, ns_at: int | None, line: int,
              problems: list[Problem]) -> dt.date | None:
    if date_at is not None:
        raw = cells[date_at]
        day = parse_day(raw)
        field_name = "date"
    else:
        assert ns_at is not None  # invariant: a polygon layout has date or window_start (_price_columns)
        raw = cells[ns_at]
        day = _ns_day(raw)
        field_name = "window_start"
    if day is None:
        key = "expected.date" if date_at is not None else "data.expected.window_start"
        problems.append(Problem(f"row {line}: {field_name}", key, raw or "empty", raw_found=not raw))
        return None
    if not SERIES_DATE_MIN <= day <= SERIES_DATE_MAX:
        problems.append(Problem(f"row {line}: {field_name}", "expected.date_range", raw,
                                params={"low": SERIES_DATE_MIN.isoformat(), "high": SERIES_DATE_MAX.isoformat()}))
        return None
    return day


def parse_day(raw: str) -> dt.date | None:
    """``YYYY-MM-DD`` (or with ``/``; a time after it is ignored: the trading day is the date written)
    or ``YYYYMMDD``; ``None`` when it is not a date."""
    m = _ISO_DATE.match(raw) or _COMPACT_DATE.match(raw)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _ns_day(raw: str) -> dt.date | None:
    """A Polygon ``window_start`` (nanoseconds since 1970, UTC) as its trading day in New York."""
    if not raw.isdigit() or len(raw) > 20:
        return None
    try:
        return pd.Timestamp(int(raw), unit="ns", tz="UTC").tz_convert("America/New_York").date()
    except (ValueError, OverflowError):
        return None


def _row_values(cells: list[str], cols: list[str], fields: list[str], line: int,
                problems: list[Problem]) -> list[float] | None:
    """The row's values in ``fields`` order (NaN for a missing cell); ``None`` after a problem."""
    raw = {c: cells[i] for i, c in enumerate(cols) if c in fields}
    if all(raw[f].lower() in MISSING for f in fields):
        return [float("nan")] * len(fields)
    out: list[float] = []
    ok = True
    for f in fields:
        text = raw[f]
        where = f"row {line}: {f}"
        if text.lower() in MISSING:
            if f in ("close", "value"):
                problems.append(Problem(where, "expected.number", "empty" if not text else text, raw_found=True))
                ok = False
            out.append(float("nan"))
            continue
        if not _NUMBER.match(text):
            problems.append(Problem(where, "expected.number", text))
            ok = False
            continue
        value = float(text)
        if not np.isfinite(value):
            problems.append(Problem(where, "expected.finite", text))
            ok = False
        elif f in PRICE_LEVELS and value <= 0:
            problems.append(Problem(where, "data.expected.positive_price", _shown(value), raw_found=True))
            ok = False
        elif f == "volume" and value < 0:
            problems.append(Problem(where, "data.expected.volume", _shown(value), raw_found=True))
            ok = False
        out.append(value)
    return out if ok else None


def _shown(value: float) -> str:
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def _frame(dates: list[dt.date], values: list[list[float]], fields: list[str]) -> tuple[pd.DataFrame, bool]:
    index = pd.DatetimeIndex(pd.to_datetime(dates), name="date").as_unit("ns")
    frame = pd.DataFrame(np.asarray(values, dtype="float64").reshape(len(dates), len(fields)), index=index, columns=fields)
    order = [f for f in (*PRICE_FIELDS, "value") if f in frame.columns]
    frame = frame[order]
    resorted = not index.is_monotonic_increasing
    if resorted:
        frame = frame.sort_index(kind="stable")
    return frame, resorted
