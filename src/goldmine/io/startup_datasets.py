"""Readers of the two startup-outcome data sets used to train and evaluate the outcome model
(issue #13, point 5; ``../shared/data/startups/``; licences in each folder's SOURCE.md).

* :func:`read_startup_success` — Kaggle "Startup Success Prediction" (manishkc06; Crunchbase-derived;
  the cleaned copy ``startup_data.csv`` of github lenagroth891/Class-Datasets: 843 US startups
  founded 1984-2013, ``status`` acquired 555 / closed 288; CC0-1.0).  Returns the file's columns,
  ``success`` (1 acquired, 0 closed), with the 5 missing ``category_code`` set to the file's own
  catch-all ``other`` and the 4 missing ``state_code`` to ``Other``.
* :func:`read_yc_startups` — Y Combinator companies 2005-2014 (Alice Corona, github ali-ce/datasets,
  ``Y-Combinator/Startups.csv``: 688 companies, ``Satus`` [sic] Operating 523 / Dead 85 /
  Exited 80; CC BY-SA 4.0: for evaluation only, nothing derived from it is shipped).  Returns
  normalised columns (see the function).
* :func:`file_sha256` — the checksum recorded in the shipped model file.

Every problem is an :class:`~goldmine.errors.InputError` naming the file and the column.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from goldmine.errors import InputError, Problem

__all__ = ["KAGGLE_COLUMNS", "file_sha256", "kaggle_file", "read_startup_success", "read_yc_startups", "yc_file"]

KAGGLE_FILE = "startup_data.csv"
KAGGLE_COLUMNS = (
    "id", "name", "state_code", "latitude", "longitude", "year_founded", "age_first_funding_year",
    "age_last_funding_year", "relationships", "funding_rounds", "funding_total_usd", "milestones",
    "category_code", "has_VC", "has_angel", "has_roundA", "has_roundB", "has_roundC", "has_roundD",
    "avg_participants", "is_top500", "status",
)
_KAGGLE_NUMERIC = ("latitude", "longitude", "year_founded", "age_first_funding_year")
YC_FILE = "Startups.csv"
_YC_COLUMNS = {
    "Company": "company", "Satus": "status", "Year Founded": "year_founded", "Categories": "categories",
    "Founders": "founders", "Y Combinator Year": "yc_year", "Y Combinator Session": "yc_session",
    "Description": "description", "Headquarters (US State)": "hq_state", "Headquarters (Country)": "hq_country",
}


def _file(path: str | Path, name: str) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / name
    if not p.is_file():
        raise InputError(str(p), [Problem("", "expected.file_exists", "no such file", raw_found=True)])
    return p


def kaggle_file(path: str | Path) -> Path:
    """The Kaggle CSV: ``path`` itself or ``path/startup_data.csv``."""
    return _file(path, KAGGLE_FILE)


def yc_file(path: str | Path) -> Path:
    """The YC CSV: ``path`` itself, ``path/Startups.csv`` or ``path/Y-Combinator/Startups.csv``."""
    p = Path(path)
    if p.is_dir() and (p / "Y-Combinator").is_dir():
        p = p / "Y-Combinator"
    return _file(p, YC_FILE)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    p = Path(path)
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _read_csv(p: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(p, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(p), [Problem("", "expected.utf8", f"byte {exc.start}", raw_found=True)]) from exc
    except pd.errors.ParserError as exc:
        raise InputError(str(p), [Problem("", "outcomes.dataset.csv", str(exc), raw_found=True)]) from exc


def _require(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], source: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(source, [Problem("header", "outcomes.dataset.column", ", ".join(map(str, frame.columns)),
                                          params={"name": c}, raw_found=True) for c in missing])


def read_startup_success(path: str | Path) -> pd.DataFrame:
    """The Kaggle set (module docstring) with a ``success`` column (1 acquired, 0 closed)."""
    p = kaggle_file(path)
    src = str(p)
    frame = _read_csv(p)
    _require(frame, KAGGLE_COLUMNS, src)
    status = frame["status"].astype(str).str.strip().str.lower()
    bad = sorted(set(status) - {"acquired", "closed"})
    if bad:
        raise InputError(src, [Problem("status", "expected.one_of", bad[0], params={"choices": "acquired, closed"})])
    for column in _KAGGLE_NUMERIC:
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise InputError(src, [Problem(f"{column}[{row}]", "expected.number", frame[column].iloc[row])])
        frame[column] = values.astype(np.float64)
    out = frame.copy()
    out["status"] = status
    out["category_code"] = out["category_code"].fillna("other").astype(str)
    out["state_code"] = out["state_code"].fillna("Other").astype(str)
    out["success"] = (status == "acquired").astype(np.int64)
    return out


def read_yc_startups(path: str | Path) -> pd.DataFrame:
    """The YC companies with normalised columns: ``company``, ``status`` (operating / dead /
    exited), ``success`` (1.0 exited, 0.0 dead, NaN operating: the outcome is not known yet),
    ``yc_year`` (int), ``yc_session`` (winter / summer), ``year_founded`` (float, NaN when not
    recorded), ``categories`` (comma-separated, "" when not recorded), ``n_founders`` (NaN when the
    founders are not recorded), ``hq_state``, ``hq_country``, ``has_description``."""
    p = yc_file(path)
    src = str(p)
    frame = _read_csv(p)
    _require(frame, list(_YC_COLUMNS), src)
    out = frame[list(_YC_COLUMNS)].rename(columns=_YC_COLUMNS)
    status = out["status"].astype(str).str.strip().str.lower()
    bad = sorted(set(status) - {"operating", "dead", "exited"})
    if bad:
        raise InputError(src, [Problem("Satus", "expected.one_of", bad[0], params={"choices": "Operating, Dead, Exited"})])
    out["status"] = status
    out["success"] = status.map({"exited": 1.0, "dead": 0.0, "operating": np.nan}).astype(np.float64)
    years = pd.to_numeric(out["yc_year"], errors="coerce")
    if years.isna().any():
        row = int(np.flatnonzero(years.isna().to_numpy())[0])
        raise InputError(src, [Problem(f"Y Combinator Year[{row}]", "expected.integer", out["yc_year"].iloc[row])])
    out["yc_year"] = years.astype(np.int64)
    out["yc_session"] = out["yc_session"].astype(str).str.strip().str.lower()
    out["year_founded"] = pd.to_numeric(out["year_founded"], errors="coerce").astype(np.float64)
    out["categories"] = out["categories"].fillna("").astype(str)
    founders = out["founders"].fillna("").astype(str)
    counts = founders.map(lambda s: float(len([x for x in s.split(",") if x.strip()])))
    out["n_founders"] = counts.where(counts > 0, np.nan)
    out["has_description"] = out["description"].notna()
    return out.drop(columns=["founders", "description"])
