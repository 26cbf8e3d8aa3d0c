"""``goldmine data import|list|show`` and the series store (issue #17, points 2 and 3's storage).

* every importer (yahoo, stooq, fred, polygon, csv) on small synthetic files written here, good and bad
  (at least five kinds of bad file each: exit 2 with the row and field, nothing written);
* the checks: sorted dates, calendar gaps, split jumps (flagged, never fixed; a property test: ordinary
  moves are never flagged);
* versions: the same content again is a no-op, new content a new version; the store on SQLite and
  PostgreSQL (``GOLDMINE_TEST_POSTGRES_URL``), migration 0002 on an existing 0001 database;
* the real files of ``../shared/data/prices`` (skipped when absent), and stitching NVDA across the
  2024-09-25..2024-12-31 gap: the gap is reported, never filled.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.errors import AnalysisError, InputError, NotFoundError
from goldmine.io.importers import parse_series_text, read_series_file
from goldmine.market.series_ops import (
    SeriesMeta,
    calendar_gaps,
    check_series_data,
    frame_hash,
    infer_frequency,
    splice_frames,
    split_jumps,
    stitch,
)
from goldmine.pipeline.settings import DataSettings
from goldmine.store import Store

SETTINGS = DataSettings.default()

# --------------------------------------------------------------------------- synthetic files, one per format
YAHOO = """Date,Open,High,Low,Close,Adj Close,Volume
2024-06-03,113.62,115.00,112.00,114.99,114.97,438392000
2024-06-04,115.72,116.60,114.04,116.44,116.42,403324000
2024-06-05,118.37,122.45,117.47,122.44,122.42,528402000
2024-06-06,124.05,125.59,118.32,121.00,120.98,664696000
2024-06-07,119.77,121.69,118.02,120.89,120.87,412386000
"""
STOOQ = """Date,Open,High,Low,Close,Volume
2025-12-29,187.71,188.755,185.91,188.22,120006000
2025-12-30,188.24,188.99,186.93,187.54,97687274
2025-12-31,189.57,190.56,186.49,186.5,120100484
"""
FRED_OLD = """DATE,NASDAQCOM
2024-09-03,17136.30
2024-09-04,17084.30
2024-09-05,.
2024-09-06,16690.83
"""
FRED_NEW = """observation_date,DGS10
2025-12-24,4.13
2025-12-25,
2025-12-26,-0.5
"""
POLYGON = """\ufeffdate,ticker,volume,open,close,high,low,window_start,transactions
2025-01-02,NVDA,198247166,136.0,138.31,138.88,134.63,1735794000000000000,1567000
2025-01-03,NVDA,229322478,140.01,144.47,144.9,139.73,1735880400000000000,1745662
"""
POLYGON_FLAT = """ticker,volume,open,close,high,low,window_start,transactions
AMD,34256182,122.29,120.63,123.14,119.44,1735794000000000000,368989
NVDA,198247166,136.0,138.31,138.88,134.63,1735794000000000000,1567000
AMD,36785299,121.65,125.37,125.56,121.42,1735880400000000000,363394
NVDA,229322478,140.01,144.47,144.9,139.73,1735880400000000000,1745662
"""
CSV = """# AI-news tone, illustrative
date,value
2025-01-15,0.738
2025-01-16,1.2697
2025-01-17,-0.0068
"""
GDELT_CSV = """Date,Series,Value
2025-01-15,Average Tone,0.738
2025-01-16,Average Tone,1.2697
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- good files
def test_yahoo_file_is_normalised(tmp_path):
    s = read_series_file(write(tmp_path, "nvda.csv", YAHOO), "yahoo", symbol="NVDA")
    assert list(s.frame.columns) == ["open", "high", "low", "close", "adj_close", "volume"]
    assert s.frame.index.name == "date" and s.frame.index[0] == pd.Timestamp("2024-06-03")
    assert s.frame["close"].iloc[-1] == 120.89 and s.frame["volume"].dtype == np.float64
    assert (s.kind, s.format, s.symbol, s.missing, s.resorted) == ("prices", "yahoo", "NVDA", 0, False)


def test_stooq_file_without_adjusted_close(tmp_path):
    s = read_series_file(write(tmp_path, "nvda_us_d.csv", STOOQ), "stooq")
    assert list(s.frame.columns) == ["open", "high", "low", "close", "volume"] and len(s.frame) == 3
    assert s.symbol is None


@pytest.mark.parametrize("text, symbol, values, missing", [
    (FRED_OLD, "NASDAQCOM", [17136.30, 17084.30, 16690.83], 1),   # DATE header, "." for a holiday
    (FRED_NEW, "DGS10", [4.13, -0.5], 1),                         # observation_date, empty cell, negatives allowed
])
def test_fred_file_both_headers(tmp_path, text, symbol, values, missing):
    s = read_series_file(write(tmp_path, "fred.csv", text), "fred")
    assert s.symbol == symbol and s.kind == "macro" and list(s.frame.columns) == ["value"]
    assert s.frame["value"].tolist() == values and s.missing == missing


def test_polygon_file_with_date_column_and_bom(tmp_path):
    s = read_series_file(write(tmp_path, "2025_NVDA.csv", POLYGON), "polygon")
    assert s.symbol == "NVDA" and list(s.frame.columns) == ["open", "high", "low", "close", "volume"]
    assert s.frame.loc["2025-01-03", "close"] == 144.47


def test_polygon_flat_file_dates_from_window_start_in_new_york(tmp_path):
    """Massive's flat files have no date column: window_start (ns, UTC) is the New York trading day."""
    s = read_series_file(write(tmp_path, "2025-01.csv", POLYGON_FLAT), "polygon", symbol="amd")
    assert s.symbol == "AMD" and s.frame.index.tolist() == [pd.Timestamp("2025-01-02"), pd.Timestamp("2025-01-03")]
    assert s.frame["close"].tolist() == [120.63, 125.37]


@pytest.mark.parametrize("text, values", [(CSV, [0.738, 1.2697, -0.0068]), (GDELT_CSV, [0.738, 1.2697])])
def test_generic_csv(tmp_path, text, values):
    s = read_series_file(write(tmp_path, "tone.csv", text), "csv")
    assert s.kind == "value" and s.frame["value"].tolist() == values


def test_unsorted_dates_are_sorted_and_said(tmp_path):
    lines = YAHOO.splitlines()
    text = "\n".join([lines[0], *reversed(lines[1:])]) + "\n"
    s = read_series_file(write(tmp_path, "rev.csv", text), "yahoo")
    assert s.resorted and s.frame.index.is_monotonic_increasing
    _, flags = check(s)
    assert [f.kind for f in flags] == ["sorted"]


def test_yahoo_null_rows_are_missing_not_errors(tmp_path):
    text = YAHOO + "2024-06-10,null,null,null,null,null,null\n"
    s = read_series_file(write(tmp_path, "null.csv", text), "yahoo")
    assert len(s.frame) == 5 and s.missing == 1


# --------------------------------------------------------------------------- bad files: exit 2, row and field, nothing written
BAD = [
    # (format, file content, the one-line message after "error: FILE: ")
    ("yahoo", YAHOO.replace("120.89,120.87", "-3.2,120.87"), "row 6: close: expected a positive price, found -3.2"),
    ("yahoo", YAHOO.replace("2024-06-05", "2024-06-04"), "row 4: date: expected each date once (already on row 3), found 2024-06-04"),
    ("yahoo", YAHOO.replace("2024-06-06", "2024-02-30"), "row 5: date: expected a date written YYYY-MM-DD, found '2024-02-30'"),
    ("yahoo", YAHOO.replace("116.60", "abc"), "row 3: high: expected a number, found 'abc'"),
    ("yahoo", STOOQ, "columns: expected the columns of a yahoo file: Date,Open,High,Low,Close,Adj Close,Volume, "
                     "found Date,Open,High,Low,Close,Volume"),
    ("yahoo", YAHOO.replace(",412386000", ""), "row 6: expected 7 cells, one per column, found 6"),
    ("yahoo", YAHOO.replace("528402000", "-5"), "row 4: volume: expected a volume >= 0, found -5"),
    ("yahoo", "Date,Open,High,Low,Close,Adj Close,Volume\n", "expected at least one observation (0 rows without a value), found 0"),
    ("stooq", STOOQ.replace("188.24", "0"), "row 3: open: expected a positive price, found 0"),
    ("stooq", STOOQ.replace("2025-12-31", "31/12/2025"), "row 4: date: expected a date written YYYY-MM-DD, found '31/12/2025'"),
    ("stooq", STOOQ.replace("187.54", ""), "row 3: close: expected a number, found empty"),
    ("stooq", STOOQ.replace("2025-12-31", "2025-12-30"), "row 4: date: expected each date once (already on row 3), found 2025-12-30"),
    ("stooq", YAHOO.replace("Volume", "Vol"), "columns: expected the columns of a stooq file: Date,Open,High,Low,Close[,Volume], "
                                              "found Date,Open,High,Low,Close,Adj Close,Vol"),
    ("stooq", "", "expected a header row naming at least two columns, found an empty file"),
    ("fred", FRED_OLD.replace("17084.30", "n.a."), "row 3: value: expected a number, found 'n.a.'"),
    ("fred", FRED_OLD.replace("2024-09-06", "2024-09-04"), "row 5: date: expected each date once (already on row 3), found 2024-09-04"),
    ("fred", "DATE,A,B\n2024-01-01,1,2\n", "columns: expected the columns of a fred file: DATE (or observation_date),SERIES_ID, found DATE,A,B"),
    ("fred", "DATE,X\n2024-01-01,.\n2024-01-02,.\n", "expected at least one observation (2 rows without a value), found 2"),
    ("fred", FRED_OLD.replace("2024-09-03", "1700-01-01"), "row 2: date: expected a date between 1800-01-01 and 2200-12-31, found '1700-01-01'"),
    ("fred", "VALUE,DATE\n1,2024-01-01\n", "columns: expected the columns of a fred file: DATE (or observation_date),SERIES_ID, found VALUE,DATE"),
    ("polygon", POLYGON_FLAT, "ticker: expected one ticker, or --symbol naming one in the file (--symbol —), found AMD, NVDA"),
    ("polygon", POLYGON.replace("136.0,", "-1,"), "row 2: open: expected a positive price, found -1"),
    ("polygon", "\n".join(x for x in POLYGON_FLAT.splitlines() if "NVDA" not in x).replace("1735880400000000000", "soon"),
     "row 3: window_start: expected nanoseconds since 1970-01-01 UTC (a Polygon window_start), found 'soon'"),
    ("polygon", POLYGON.replace("ticker,", "symbol,"), "columns: expected the columns of a polygon file: "
     "[date,]ticker,volume,open,close,high,low,window_start,transactions, found date,symbol,volume,open,close,high,low,window_start,transactions"),
    ("polygon", POLYGON.replace("2025-01-03", "2025-01-02"), "row 3: date: expected each date once (already on row 2), found 2025-01-02"),
    ("csv", "date,a,b\n2024-01-01,1,2\n", "columns: expected the columns of a csv file: date,value, found date,a,b"),
    ("csv", CSV.replace("1.2697", "1,2697"), "row 4: expected 2 cells, one per column, found 3"),
    ("csv", CSV.replace("-0.0068", "inf"), "row 5: value: expected a number, found 'inf'"),
    ("csv", CSV.replace("-0.0068", "1e999"), "row 5: value: expected a finite number, found '1e999'"),
    ("csv", CSV.replace("2025-01-16", "tomorrow"), "row 4: date: expected a date written YYYY-MM-DD, found 'tomorrow'"),
    ("csv", CSV.replace("2025-01-17", "2025-01-15"), "row 5: date: expected each date once (already on row 3), found 2025-01-15"),
]


@pytest.mark.parametrize("fmt, text, message", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_file_exits_2_naming_row_and_field_and_writes_nothing(cli, tmp_path, fmt, text, message):
    path = write(tmp_path, "bad.csv", text)
    db = f"sqlite:///{tmp_path / 'bad.db'}"
    result = cli("data", "import", str(path), "--format", fmt, "--db", db)
    assert result.exit_code == 2, result
    assert result.stderr.strip().splitlines()[0] == f"error: {path}: {message}"
    assert not (tmp_path / "bad.db").exists()  # validated before the database is opened


def test_every_format_has_five_kinds_of_bad_file():
    for fmt in ("yahoo", "stooq", "fred", "polygon", "csv"):
        assert sum(b[0] == fmt for b in BAD) >= 5, fmt


def test_bad_file_changes_nothing_in_an_existing_database(cli, tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert cli("data", "import", str(write(tmp_path, "nvda.csv", YAHOO)), "--format", "yahoo", "--symbol", "NVDA", "--db", db).exit_code == 0
    before = cli("data", "list", "--db", db, "--json").stdout
    bad = write(tmp_path, "nvda2.csv", YAHOO.replace("120.89", "-3.2"))
    assert cli("data", "import", str(bad), "--format", "yahoo", "--symbol", "NVDA", "--db", db).exit_code == 2
    assert cli("data", "list", "--db", db, "--json").stdout == before


def test_bad_options_exit_2(cli, tmp_path):
    path = write(tmp_path, "nvda.csv", YAHOO)
    for args, where in [(("--format", "excel"), "--format: expected one of yahoo, stooq, fred, polygon, csv, found 'excel'"),
                        (("--format", "yahoo", "--name", "a b"), "--name: expected a series name"),
                        (("--format", "yahoo", "--source", "x\x00y"), "--source: expected text without control characters"),
                        (("--format", "yahoo", "--workspace", ""), "--workspace: expected")]:
        r = cli("data", "import", str(path), *args)
        assert r.exit_code == 2 and where in r.stderr, (args, r)
    missing = cli("data", "import", str(tmp_path / "none.csv"), "--format", "csv")
    assert missing.exit_code == 2 and "expected an existing file" in missing.stderr


# --------------------------------------------------------------------------- checks
def check(series):
    return check_series_data(series, max_missing_weekdays=SETTINGS.max_missing_weekdays, split_ratios=SETTINGS.split_ratios,
                             split_tolerance=SETTINGS.split_tolerance, adjusted_steady=SETTINGS.adjusted_steady)


def prices(closes, start="2024-01-01", adj=None, dates=None):
    index = pd.DatetimeIndex(dates if dates is not None else pd.bdate_range(start, periods=len(closes)), name="date")
    frame = pd.DataFrame({"close": np.asarray(closes, dtype="float64")}, index=index)
    if adj is not None:
        frame["adj_close"] = np.asarray(adj, dtype="float64")
    return frame


def test_frequency_is_inferred():
    assert infer_frequency(pd.bdate_range("2024-01-01", periods=30)) == "daily"
    assert infer_frequency(pd.date_range("2024-01-05", periods=30, freq="W-FRI")) == "weekly"
    assert infer_frequency(pd.date_range("2024-01-01", periods=30, freq="MS")) == "monthly"
    assert infer_frequency(pd.date_range("2024-01-01", periods=8, freq="QS")) == "quarterly"
    assert infer_frequency(pd.date_range("2000-01-01", periods=8, freq="YS")) == "annual"
    assert infer_frequency(pd.DatetimeIndex(["2024-01-01"])) == "irregular"


def test_daily_gaps_beyond_weekends_and_holidays_are_reported():
    days = pd.bdate_range("2024-03-01", "2024-04-30")
    holiday = days[days != pd.Timestamp("2024-03-29")]          # Good Friday + the weekend: normal
    assert calendar_gaps(holiday, "daily", 4) == []
    september_2001 = days[(days < "2024-04-08") | (days > "2024-04-11")]   # 4 weekdays: the longest closure
    assert calendar_gaps(september_2001, "daily", 4) == []
    hole = days[(days < "2024-04-08") | (days > "2024-04-19")]  # two weeks missing
    (gap,) = calendar_gaps(hole, "daily", 4)
    assert (gap.start, gap.end, gap.periods, gap.unit) == (dt.date(2024, 4, 8), dt.date(2024, 4, 19), 10, "weekdays")


def test_monthly_gap_is_reported():
    months = pd.date_range("2024-01-01", periods=12, freq="MS").delete([4, 5])
    (gap,) = calendar_gaps(months, "monthly", 4)
    assert (gap.start, gap.end, gap.periods, gap.unit) == (dt.date(2024, 5, 1), dt.date(2024, 6, 1), 2, "months")


def test_split_jump_flagged_when_the_adjusted_close_does_not_jump():
    """NVDA's 10:1 split of 2024-06-10 in a file whose close is raw but whose adjusted close is not."""
    frame = prices([1200.0, 1210.0, 121.8, 120.9], adj=[120.0, 121.0, 121.8, 120.9],
                   dates=["2024-06-06", "2024-06-07", "2024-06-10", "2024-06-11"])
    (jump,) = split_jumps(frame, SETTINGS.split_ratios, SETTINGS.split_tolerance, SETTINGS.adjusted_steady)
    assert (jump.date, jump.previous, jump.split, jump.adjusted) == (dt.date(2024, 6, 10), dt.date(2024, 6, 7), "10:1", "steady")
    assert frame["close"].iloc[0] == 1200.0  # flagged, never fixed


@pytest.mark.parametrize("closes, split", [([100, 50.2, 51], "2:1"), ([10, 30.1, 30], "1:3"), ([90, 60.5, 61], "3:2"),
                                           ([400, 100.4, 99], "4:1"), ([2000, 100.9, 101], "20:1")])
def test_split_jump_flagged_without_an_adjusted_column(closes, split):
    (jump,) = split_jumps(prices(closes), SETTINGS.split_ratios, SETTINGS.split_tolerance, SETTINGS.adjusted_steady)
    assert jump.split == split and jump.adjusted == "absent"


def test_no_flag_when_the_adjusted_close_jumps_too_or_the_move_is_ordinary():
    both = prices([100, 50, 51], adj=[100, 50, 51])
    assert split_jumps(both, SETTINGS.split_ratios, SETTINGS.split_tolerance, SETTINGS.adjusted_steady) == []
    crash = prices([100, 62, 60])  # -38 %: far from 3:2 (-33 %) and 2:1
    assert split_jumps(crash, SETTINGS.split_ratios, SETTINGS.split_tolerance, SETTINGS.adjusted_steady) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-0.2, max_value=0.2, allow_nan=False), min_size=2, max_size=200))
def test_ordinary_moves_are_never_flagged_as_splits(moves):
    """Daily moves within ±20 % never come near a split ratio (the nearest, 3:2, is -33 %)."""
    closes = 100 * np.exp(np.cumsum([0.0, *np.log1p(moves)]))
    assert split_jumps(prices(closes), SETTINGS.split_ratios, SETTINGS.split_tolerance, SETTINGS.adjusted_steady) == []


def test_flags_travel_with_the_import(cli, tmp_path):
    text = "Date,Open,High,Low,Close,Volume\n2024-06-06,1200,1210,1190,1200,1\n2024-06-07,1200,1215,1195,1210,1\n" \
           "2024-06-10,121,122,120,121.8,10\n2024-06-28,120,121,119,120.5,10\n"
    path = write(tmp_path, "raw.csv", text)
    r = cli("data", "import", str(path), "--format", "stooq", "--symbol", "NVDA", "--json")
    assert r.exit_code == 0, r
    flags = json.loads(r.stdout)["series"]["flags"]
    assert [f["kind"] for f in flags] == ["gap", "split_jump"]
    assert flags[0]["params"] == {"start": "2024-06-11", "end": "2024-06-27", "periods": 13, "unit": "weekdays"}
    assert flags[1]["params"]["split"] == "10:1" and flags[1]["params"]["adjusted"] == "absent"
    text_run = cli("--lang", "zh", "data", "import", str(path), "--format", "stooq", "--symbol", "NVDA", "--name", "NVDA2")
    assert "缺口：2024-06-11 至 2024-06-27 共 13 个工作日没有观测值" in text_run.stderr
    assert "可能存在未复权的拆股" in text_run.stderr and "缺失" in text_run.stderr


# --------------------------------------------------------------------------- stitching (synthetic)
def test_stitch_rescales_the_older_series_by_the_overlap():
    old = pd.Series([10.0, 20.0, 40.0, 42.0], index=pd.bdate_range("2024-01-01", periods=4))
    new = pd.Series([4.0, 4.2, 4.4], index=pd.bdate_range("2024-01-03", periods=3))
    s = stitch(old, new)
    assert s.factor == pytest.approx(0.1) and s.basis == "overlap" and s.overlap_rows == 2
    assert s.series.tolist() == pytest.approx([1.0, 2.0, 4.0, 4.2, 4.4]) and s.gap is None
    with pytest.raises(AnalysisError) as err:
        stitch(old, new, min_overlap=3)
    assert err.value.key == "data.error.no_overlap"


def test_splice_frames_rescales_stored_prices_and_volume():
    stored = prices([100.0, 102.0, 104.0], start="2024-01-01")
    stored["volume"] = [10.0, 10.0, 10.0]
    fetched = prices([52.0, 53.0], start="2024-01-03")
    fetched["volume"] = [20.0, 20.0]
    joined, info = splice_frames(stored, fetched, prices=True)
    assert info is not None and info.factor == pytest.approx(0.5)
    assert joined["close"].tolist() == pytest.approx([50.0, 51.0, 52.0, 53.0])
    assert joined["volume"].tolist() == pytest.approx([20.0, 20.0, 20.0, 20.0])


def test_frame_hash_depends_on_content_only():
    a = prices([1.0, 2.0, float("nan")])
    b = prices([1.0, 2.0, float("nan")])
    assert frame_hash(a) == frame_hash(b)
    assert frame_hash(a) != frame_hash(prices([1.0, 2.0, 3.0]))
    assert frame_hash(a) != frame_hash(prices([1.0, 2.0, float("nan")], start="2024-01-02"))


# --------------------------------------------------------------------------- versions through the CLI
def test_reimport_is_a_no_op_and_new_content_a_new_version(cli, tmp_path):
    path = write(tmp_path, "nvda.csv", YAHOO)
    first = json.loads(cli("data", "import", str(path), "--format", "yahoo", "--symbol", "nvda", "--json").stdout)
    assert first["created"] is True and first["series"]["name"] == "NVDA" and first["series"]["version"] == 1
    again = cli("data", "import", str(path), "--format", "yahoo", "--symbol", "nvda")
    assert again.exit_code == 0 and again.stdout.startswith("= unchanged: NVDA version 1 already holds this content")
    write(tmp_path, "nvda.csv", YAHOO + "2024-06-10,120.37,123.10,117.01,121.79,121.77,314162700\n")
    second = json.loads(cli("data", "import", str(path), "--format", "yahoo", "--symbol", "NVDA", "--json").stdout)
    assert second["created"] is True and second["series"]["version"] == 2 and second["series"]["rows"] == 6
    shown = json.loads(cli("data", "show", "NVDA", "--version", "1", "--json").stdout)
    assert shown["series"]["rows"] == 5 and [v["version"] for v in shown["versions"]] == [1, 2]
    assert shown["last"][-1] == {"date": "2024-06-07", "open": 119.77, "high": 121.69, "low": 118.02, "close": 120.89,
                                 "adj_close": 120.87, "volume": 412386000.0}
    listed = json.loads(cli("data", "list", "--json").stdout)
    assert [(s["name"], s["version"]) for s in listed["series"]] == [("NVDA", 2)]


def test_source_licence_and_vintage_are_stored(cli, tmp_path):
    path = write(tmp_path, "tone.csv", CSV)
    r = cli("data", "import", str(path), "--format", "csv", "--source", "GDELT GKG, AI news", "--licence", "CC BY 4.0", "--json")
    info = json.loads(r.stdout)["series"]
    assert info["name"] == "tone" and info["source"] == "GDELT GKG, AI news" and info["licence"] == "CC BY 4.0"
    assert info["last_date"] == "2025-01-17" and dt.datetime.fromisoformat(info["saved_at"]).tzinfo is not None
    default = json.loads(cli("data", "import", str(write(tmp_path, "fred.csv", FRED_OLD)), "--format", "fred", "--json").stdout)
    assert default["series"]["name"] == "NASDAQCOM" and default["series"]["source"] == "FRED (Federal Reserve Bank of St. Louis) graph CSV: fred.csv"
    assert default["series"]["missing"] == 1


def test_list_by_kind_show_text_and_unknown_names(cli, tmp_path):
    cli("data", "import", str(write(tmp_path, "nvda.csv", YAHOO)), "--format", "yahoo", "--symbol", "NVDA")
    cli("data", "import", str(write(tmp_path, "fred.csv", FRED_OLD)), "--format", "fred")
    macro = json.loads(cli("data", "list", "--kind", "macro", "--json").stdout)
    assert [s["name"] for s in macro["series"]] == ["NASDAQCOM"]
    text = cli("--lang", "zh", "data", "show", "NVDA")
    assert text.exit_code == 0 and "序列 NVDA，第 1 版" in text.stdout and "最近 5 个观测值" in text.stdout
    missing = cli("data", "show", "AMD")
    assert missing.exit_code == 2 and "no series named 'AMD' in this workspace" in missing.stderr
    assert cli("data", "list", "--kind", "bonds").exit_code == 2


# --------------------------------------------------------------------------- the store, on both backends
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    from test_store import migrated_store

    yield from migrated_store(request.param, tmp_path, "series.db")


def meta(**changes):
    base = {"symbol": "NVDA", "kind": "prices", "format": "yahoo", "frequency": "daily", "source": "test"}
    return SeriesMeta(**{**base, **changes})


def test_store_round_trip_versions_and_isolation(store, tmp_path):
    frame = read_series_file(write(tmp_path, "nvda.csv", YAHOO), "yahoo").frame
    frame.iloc[1, 5] = np.nan  # a missing volume travels as NaN
    ws = store.ensure_workspace("team")
    saved = store.save_series(ws, "NVDA", frame, meta())
    assert saved.created and saved.info.version == 1 and saved.info.rows == 5
    assert (saved.info.first_date, saved.info.last_date) == (dt.date(2024, 6, 3), dt.date(2024, 6, 7))
    assert not store.save_series(ws, "NVDA", frame.copy(), meta(source="another text")).created
    loaded, info = store.load_series(ws, "NVDA")
    pd.testing.assert_frame_equal(loaded, frame, check_freq=False)
    assert info == saved.info and info.saved_at.utcoffset() == dt.timedelta(0)
    v2 = store.save_series(ws, "NVDA", frame.iloc[:3], meta())
    assert v2.created and v2.info.version == 2
    assert [v.version for v in store.series_history(ws, "NVDA")] == [1, 2]
    assert len(store.load_series(ws, "NVDA", version=1)[0]) == 5 and len(store.load_series(ws, "NVDA")[0]) == 3
    other = store.ensure_workspace("other")
    assert store.list_series(other) == []
    with pytest.raises(NotFoundError):
        store.load_series(other, "NVDA")
    with pytest.raises(NotFoundError):
        store.series_info(ws, "NVDA", version=9)


def test_store_lists_latest_by_kind(store):
    ws = store.ensure_workspace("team")
    value = pd.DataFrame({"value": [1.0, 2.0]}, index=pd.DatetimeIndex(["2024-01-01", "2024-02-01"], name="date"))
    store.save_series(ws, "CPI", value, meta(symbol="CPI", kind="macro", format="fred", frequency="monthly"))
    store.save_series(ws, "NVDA", prices([1.0, 2.0]), meta())
    assert [s.name for s in store.list_series(ws)] == ["CPI", "NVDA"]
    assert [s.name for s in store.list_series(ws, kind="macro")] == ["CPI"]


def test_store_refuses_a_bad_name_and_writes_nothing(store):
    ws = store.ensure_workspace("team")
    with pytest.raises(InputError):
        store.save_series(ws, "bad name", prices([1.0]), meta())
    assert store.list_series(ws) == []


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db(request, tmp_path):
    """The URL of an empty database on each backend (PostgreSQL: a fresh schema, dropped afterwards)."""
    from test_store import empty_database

    yield from empty_database(request.param, tmp_path, "old.db")


def test_migration_0002_upgrades_an_existing_0001_database(empty_db, tmp_path, cli, example_files):
    from goldmine.io import load_profile

    old = Store(empty_db)
    old.upgrade("0001")
    assert old.current_revision() == "0001" and "series" not in old.tables()
    ws = old.ensure_workspace("default")
    old.save_startup(ws, load_profile(example_files[0]))
    old.engine.dispose()
    from test_store import head_revision

    r = cli("db", "upgrade", "--db", empty_db)
    head = head_revision()                           # 0002 adds the series tables; later migrations follow it
    assert head >= "0002"
    assert r.exit_code == 0 and head in r.stdout
    new = Store(empty_db)
    assert new.current_revision() == head and {"series", "series_version", "series_point"} <= set(new.tables())
    assert [v.version for v in new.list_startups(ws)] == [1]  # the old data is kept
    new.engine.dispose()
    assert cli("data", "import", str(write(tmp_path, "nvda.csv", YAHOO)), "--format", "yahoo", "--db", empty_db).exit_code == 0
    assert cli("db", "upgrade", "--db", empty_db).exit_code == 0  # at head: nothing to do


# --------------------------------------------------------------------------- the real files of ../shared

REAL = [
    ("prices/yahoo_to_2020/NVDA.csv", "yahoo", 5510, "1999-01-22", "2020-12-11"),
    ("prices/ai_stocks_recent/NVDA_2020_2024_yahoo.csv", "yahoo", 1190, "2020-01-02", "2024-09-24"),
    ("prices/ai_stocks_recent/NVDA_2008_2019_yahoo.csv", "yahoo", 3020, "2008-01-02", "2019-12-30"),
    ("prices/ai_stocks_recent/2025_NVDA.csv", "polygon", 250, "2025-01-02", "2025-12-31"),
    ("prices/ai_stocks_recent/2025_SOXX.csv", "polygon", 250, "2025-01-02", "2025-12-31"),
    ("prices/nasdaq_fred/NASDAQCOM_daily.csv", "fred", 13516, "1971-02-05", "2024-09-10"),
    ("prices/nasdaq_fred/CWUR0000SA0_cpi_monthly.csv", "fred", 1340, "1913-01-01", "2024-08-01"),
    ("prices/ai_stocks_recent/2025_gdelt_gkg_tone_timeline.csv", "csv", 60, "2025-01-15", "2025-03-15"),
]


@pytest.mark.shared_data
@pytest.mark.parametrize("rel, fmt, rows, first, last", REAL, ids=[r[0].rsplit("/", 1)[1] for r in REAL])
def test_real_files_import_cleanly(shared_data, rel, fmt, rows, first, last):
    s = read_series_file(shared_data / rel, fmt)
    assert len(s.frame) == rows and s.frame.index[0] == pd.Timestamp(first) and s.frame.index[-1] == pd.Timestamp(last)
    frequency, flags = check(s)
    assert frequency in ("daily", "monthly") and [f for f in flags if f.kind == "split_jump"] == []


@pytest.mark.shared_data
def test_real_nasdaq_daily_has_its_holidays_as_missing_rows(shared_data):
    s = read_series_file(shared_data / "prices/nasdaq_fred/NASDAQCOM_daily.csv", "fred")
    assert s.missing == 467 and s.frame.loc["2000-03-10", "value"] == 5048.62


@pytest.mark.shared_data
def test_stitching_nvda_across_the_2024_gap_reports_it_and_fills_nothing(shared_data):
    """Yahoo to 2020 (adjusted before the 2021 and 2024 splits) -> Yahoo 2020-2024 (adjusted to the
    2024 10:1 split) by their 240 common days; then Polygon 2025 (raw, no split since 2024-06), which
    shares no date with it: the stitch is refused unless the basis is declared the same, and the
    gap 2024-09-25..2024-12-31 is reported, with no row in it."""
    p = shared_data / "prices"
    old = read_series_file(p / "yahoo_to_2020/NVDA.csv", "yahoo").frame["adj_close"]
    mid = read_series_file(p / "ai_stocks_recent/NVDA_2020_2024_yahoo.csv", "yahoo").frame["adj_close"]
    new = read_series_file(p / "ai_stocks_recent/2025_NVDA.csv", "polygon").frame["close"]
    first = stitch(old, mid)
    assert first.basis == "overlap" and first.overlap_rows == 240
    assert (first.overlap_start, first.overlap_end) == (dt.date(2020, 1, 2), dt.date(2020, 12, 11))
    assert first.factor == pytest.approx(1 / 40, rel=0.01)  # the 4:1 (2021) and 10:1 (2024) splits
    assert first.dispersion is not None and first.dispersion < 1e-3
    with pytest.raises(AnalysisError) as refused:
        stitch(first.series, new)
    assert refused.value.params["older_end"] == "2024-09-24" and refused.value.params["newer_start"] == "2025-01-02"
    joined = stitch(first.series, new, no_overlap="same_basis", max_missing_weekdays=SETTINGS.max_missing_weekdays)
    assert joined.basis == "assumed" and joined.factor == 1.0
    assert joined.junction == (dt.date(2024, 9, 24), dt.date(2025, 1, 2))
    gap = joined.gap
    assert gap is not None and gap.start == dt.date(2024, 9, 25) and gap.end in (dt.date(2024, 12, 31), dt.date(2025, 1, 1))
    assert gap.periods == 71 and gap.unit == "weekdays"
    inside = joined.series[(joined.series.index > "2024-09-24") & (joined.series.index < "2025-01-02")]
    assert inside.empty  # never interpolated
    assert len(joined.series) == 5510 - 240 + 1190 + 250
    assert joined.series.loc["2025-12-31"] == 186.5 and joined.series.loc["2024-09-24"] == pytest.approx(120.87)


@pytest.mark.shared_data
def test_adjacent_files_on_different_bases_show_a_split_like_junction(shared_data):
    """NVDA 2008-2019 is adjusted for the 2021 split only, 2020-2024 for the 2024 split as well: joined
    as if on one basis, the junction shows a one-day ratio near 1:10 (and the missing 2019-12-31)."""
    p = shared_data / "prices/ai_stocks_recent"
    a = read_series_file(p / "NVDA_2008_2019_yahoo.csv", "yahoo").frame["close"]
    b = read_series_file(p / "NVDA_2020_2024_yahoo.csv", "yahoo").frame["close"]
    joined = stitch(a, b, no_overlap="same_basis")
    assert joined.junction == (dt.date(2019, 12, 30), dt.date(2020, 1, 2))
    assert joined.junction_ratio == pytest.approx(0.103, abs=0.001)  # 5.998 / 58.08: a tenfold basis change, not a move
    assert joined.gap is not None and joined.gap.start == dt.date(2019, 12, 31) and joined.gap.periods == 2


@pytest.mark.shared_data
def test_real_file_import_through_the_cli_then_list(cli, shared_data):
    path = shared_data / "prices/ai_stocks_recent/2025_SOXX.csv"
    r = cli("data", "import", str(path), "--format", "polygon", "--licence", "MIT (github yanyzhang/nvda-signal-dashboard)", "--json")
    assert r.exit_code == 0, r
    info = json.loads(r.stdout)["series"]
    assert info["name"] == "SOXX" and info["rows"] == 250 and info["flags"] == []


def test_parse_text_refuses_an_unknown_format():
    with pytest.raises(InputError):
        parse_series_text(CSV, "excel", "x.csv")
