"""Demo data: series shipped by PyPI packages and the demo inputs shipped with goldmine (offline;
nothing is downloaded at run time: goldmine convention).

From other packages, read from their installed folders (found with :func:`importlib.util.find_spec`)
without importing them (importing ``arch`` takes seconds):

* :func:`nasdaq_dotcom` — NASDAQ Composite daily closes 1994-01-03..2000-03-10, the CSV the ``lppls``
  package ships (MIT; Boulder Investment Technologies);
* :func:`sp500` — S&P 500 daily adjusted closes 1999-2018 from ``arch.data.sp500`` (arch, NCSA
  licence; Kevin Sheppard), ``arch/data/sp500/sp500.csv.gz``.

Shipped with goldmine (``goldmine/data/``):

* :func:`demo_prices` — ``report_demo_nasdaq_weekly.csv``, NASDAQ Composite weekly closes 1994-01 to
  2000-03, derived from the ``lppls`` file above: the sector demo's stand-in for an AI-sector price
  series (the report names it as such);
* :func:`demo_news` — ``report_demo_news.csv``, 88 fictional headlines in English and Chinese,
  2024-01 to 2025-10, written for the sector demo;
* :func:`sentiment_demo_news` — ``sentiment_demo_news.csv``, the fictional bilingual corpus of
  ``goldmine demo``'s sentiment step (text columns kept as text).

A package that is not installed is an :class:`~goldmine.errors.AnalysisError` naming it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pandas as pd

from goldmine.datafiles import data_path
from goldmine.errors import AnalysisError

PRICES = "report_demo_nasdaq_weekly.csv"
NEWS = "report_demo_news.csv"
SENTIMENT_NEWS = "sentiment_demo_news.csv"


def _read(package: str, *parts: str, **kwargs: Any) -> pd.DataFrame:
    """Read a CSV file inside an installed package, located with ``find_spec`` so the package itself
    is not imported."""
    try:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError(package)
        path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
        with path.open("rb") as fh:
            frame: pd.DataFrame = pd.read_csv(fh, **kwargs)
        return frame
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise AnalysisError("bubble.error.demo_data", package=package, detail=str(exc)) from exc


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


def demo_prices() -> tuple[pd.Series, str, str]:
    """(weekly closes as a pandas Series with a DatetimeIndex, its name, its source)."""
    with data_path(PRICES).open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, comment="#", parse_dates=["date"])
    series = frame.set_index("date")["close"].astype("float64")
    series.name = "NASDAQ Composite (weekly, 1994-2000)"
    return series, str(series.name), "lppls 0.6 (MIT), data/report_demo_nasdaq_weekly.csv"


def demo_news() -> pd.DataFrame:
    """The fictional demo corpus of the sector view: a DataFrame with date, text, source, language."""
    with data_path(NEWS).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)


def sentiment_demo_news() -> pd.DataFrame:
    """The fictional bilingual corpus of the sentiment demo, every column as text (as `goldmine sentiment
    index` reads a CSV)."""
    with data_path(SENTIMENT_NEWS).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)
