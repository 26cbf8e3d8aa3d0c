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

Real data shipped with goldmine for the sector view (issue #17; licences in ``data/NOTICE-sector.md``):

* :func:`ai_index_pieces` — ``ai_index_2025.csv``, daily closes of NVDA, AMD, ASML, ARM and SOXX in
  2025 (MIT), the shipped part of the goldmine AI index, one :class:`~goldmine.sector.index.Piece` per
  ticker (prices as traded: the index looks for splits);
* :func:`epoch_models` — ``ai_epoch_notable_models.csv``, Epoch AI's notable models since 2010 (CC BY 4.0);
* :func:`cset_investment` — ``ai_private_investment_cset.csv``, private investment in AI by country
  and year, CSET via Our World in Data (CC BY 4.0);
* :func:`load_component` — a user's price file for one member of the index (``TICKER=FILE``): the
  ``Adj Close``/``adj_close`` column when there is one (split-adjusted), else ``close``/``Close``
  (as traded), read by :func:`goldmine.io.series.load_series` (comment lines, dates, values checked).

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


AI_INDEX = "ai_index_2025.csv"
EPOCH = "ai_epoch_notable_models.csv"
CSET = "ai_private_investment_cset.csv"


def _shipped_csv(name: str, **kwargs: Any) -> pd.DataFrame:
    with data_path(name).open("r", encoding="utf-8") as fh:
        frame: pd.DataFrame = pd.read_csv(fh, comment="#", **kwargs)
    return frame


def ai_index_pieces() -> list[Any]:
    """The shipped 2025 closes, one piece per ticker (source: the file and its origin)."""
    from goldmine.sector.config import index_config
    from goldmine.sector.index import Piece

    cfg = index_config()
    frame = _shipped_csv(cfg.shipped.file, parse_dates=["date"]).set_index("date")
    source = f"data/{cfg.shipped.file} ({cfg.shipped.licence.split(',')[0]})"
    return [Piece(str(t), frame[t].astype("float64").dropna(), source, adjusted=False) for t in frame.columns]


def epoch_models() -> pd.DataFrame:
    """Epoch AI's notable models since 2010 (model, organization, country, date, training_compute_flop,
    training_cost_2023_usd, frontier)."""
    return _shipped_csv(EPOCH)


def cset_investment() -> pd.DataFrame:
    """Private investment in AI by entity and year (entity, code, year, investment_usd_2021)."""
    return _shipped_csv(CSET)


ADJUSTED = ("Adj Close", "adj_close", "Adj_Close", "adjclose")
AS_TRADED = ("close", "Close", "CLOSE")


def load_component(spec: str) -> Any:
    """``TICKER=FILE``: one piece of an index member's price history from a CSV or Excel file.  The
    ticker must be one of ``data/ai_index.yaml``'s members; the column is the adjusted close when the
    file has one, else the close (then splits inside the file are found and adjusted by the index)."""
    from goldmine.errors import InputError, Problem
    from goldmine.io.series import load_series
    from goldmine.sector.config import index_config
    from goldmine.sector.index import Piece

    ticker, sep, file = spec.partition("=")
    ticker = ticker.strip().upper()
    members = [c.ticker for c in index_config().components]
    if not sep or not file.strip() or ticker not in members:
        raise InputError("--component", [Problem("", "sector.expected.component", spec,
                                                 params={"members": ", ".join(members)})])
    path = Path(file.strip())
    columns = _header(path)
    adjusted = next((c for c in ADJUSTED if c in columns), None)
    column = adjusted or next((c for c in AS_TRADED if c in columns), None)
    series = load_series(path, column=column, min_length=20)
    return Piece(ticker, series, path.name, adjusted=adjusted is not None)


def _header(path: Path) -> list[str]:
    """The column names of a CSV file (after leading ``#`` lines); ``[]`` for other files (the loader
    then picks the only numeric column or says which to choose)."""
    if path.suffix.lower() not in (".csv", ".tsv", ".txt") or not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            if line.strip() and not line.lstrip().startswith("#"):
                sep = "\t" if path.suffix.lower() == ".tsv" else ","
                return [c.strip().strip('"') for c in line.rstrip("\n").split(sep)]
    return []
