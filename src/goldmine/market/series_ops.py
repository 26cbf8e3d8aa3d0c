"""Market data series (issue #17): the one schema of a stored series, its checks, and stitching.

Implements:

* **The schema** every importer and fetcher produces and :class:`goldmine.store.Store` keeps: a
  :class:`pandas.DataFrame` indexed by a :class:`~pandas.DatetimeIndex` named ``date`` (days, no time,
  increasing, unique) with float64 columns, either prices (:data:`PRICE_FIELDS`, those the source has:
  ``open``, ``high``, ``low``, ``close``, ``adj_close``, ``volume``) or one ``value`` (FRED, generic
  CSV, a news-tone series).  :class:`MarketSeries` is a parsed series with where it came from;
  :class:`SeriesMeta` what is stored beside its rows; :class:`SeriesInfo` a stored version (name,
  version, source, licence, vintage = ``saved_at`` and ``last_date``, content hash, checks).
* **Checks** that are reported, never silently fixed: :func:`infer_frequency` (from the median spacing
  of the dates), :func:`calendar_gaps` (for daily data, runs of missing weekdays longer than a normal
  market closure; for weekly to annual data, missing periods) and :func:`split_jumps` (a one-day close
  ratio near a split ratio such as 2:1 or 10:1 while the adjusted close is steady or absent: the close
  is not split-adjusted).  :func:`check_series_data` runs them into :class:`SeriesFlag` findings.
* :func:`frame_hash` — the SHA-256 of a series' content (columns, dates and values, little-endian
  float64 bytes), so the same content imported twice is recognised.
* :func:`stitch` — two series on different adjustment bases joined by **ratio splicing at the
  overlap** (the older part is rescaled by the median ratio newer/older over their common dates, the
  "ratio method" of linking series: IMF, *Quarterly National Accounts Manual*, 2017 edition, chapter 8,
  "chain-linking ... with overlap"); the overlap used, its dispersion, the junction and any gap are
  reported in :class:`Stitched`.  A gap is never filled: the stitched series simply has no rows there.
  :func:`rescale_prices` and :func:`splice_frames` do the same for whole price frames.

Pure: frames in, frames and frozen results out; nothing is read or written here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.i18n.messages import Message, Term
from goldmine.jsonutil import to_jsonable

PRICE_FIELDS = ("open", "high", "low", "close", "adj_close", "volume")
#: The price columns that must be positive (volume may be 0).
PRICE_LEVELS = ("open", "high", "low", "close", "adj_close")
VALUE_FIELDS = ("value",)
FIELDS = PRICE_FIELDS + VALUE_FIELDS
KINDS = ("prices", "macro", "news", "value")
FORMATS = ("yahoo", "stooq", "fred", "polygon", "csv", "gdelt")
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "annual", "irregular")

Kind = Literal["prices", "macro", "news", "value"]


# ---------------------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class SeriesFlag:
    """One finding of the checks, language-neutral: ``kind`` (``gap``, ``split_jump``, ``sorted``)
    and its parameters; the text is the catalogue key ``data.flag.<kind>``."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"data.flag.{self.kind}"

    def message(self) -> Message:
        """The finding as a message; words among its parameters (``unit``, ``adjusted``) become catalogue
        terms, so they read in the reader's language."""
        params = dict(self.params)
        for name in ("unit", "adjusted"):
            if isinstance(params.get(name), str):
                params[name] = Term(f"data.{name}.{params[name]}")
        return Message(self.key, params)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "params": to_jsonable(self.params)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeriesFlag:
        return cls(str(data["kind"]), dict(data.get("params") or {}))


@dataclass(frozen=True)
class Gap:
    """Missing observations between two dates: ``start`` and ``end`` are the first and last missing
    day (weekday, week, month...), ``periods`` how many, in ``unit``."""

    start: dt.date
    end: dt.date
    periods: int
    unit: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "periods": self.periods, "unit": self.unit}


@dataclass(frozen=True)
class SplitJump:
    """A one-day move of the close by a split ratio: ``ratio`` close/previous close, ``split`` the
    nearest split (``"10:1"``: ten new shares for one, the price divided by 10; ``"1:10"`` a reverse
    split), ``adjusted`` ``"steady"`` (the adjusted close did not jump) or ``"absent"``."""

    date: dt.date
    previous: dt.date
    ratio: float
    split: str
    adjusted: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "previous": self.previous.isoformat(), "ratio": self.ratio,
                "split": self.split, "adjusted": self.adjusted}


# ---------------------------------------------------------------------------------------- series
@dataclass(frozen=True)
class MarketSeries:
    """A series as read from a file or a response, before it is stored.

    ``frame`` follows the schema of the module docstring; ``missing`` counts the rows without an
    observation that were left out (FRED's ``.``, Yahoo's ``null``); ``resorted`` says the dates were
    not in order and were sorted; ``origin`` is the file as given or the URL fetched."""

    frame: pd.DataFrame
    format: str
    kind: str
    symbol: str | None
    origin: str
    missing: int = 0
    resorted: bool = False


@dataclass(frozen=True)
class SeriesMeta:
    """What is stored with a series' rows: its symbol, kind, format, frequency, source text, licence
    text (if given), origin (file or URL), rows left out as missing, and the checks' findings."""

    symbol: str | None
    kind: str
    format: str
    frequency: str
    source: str
    licence: str | None = None
    origin: str | None = None
    missing: int = 0
    flags: tuple[SeriesFlag, ...] = ()


@dataclass(frozen=True)
class SeriesInfo:
    """One stored version of a series (:meth:`goldmine.store.Store.list_series`, ``load_series``).

    The *vintage* of a version is ``saved_at`` (when it was imported or fetched, UTC) with
    ``last_date`` (its last observation)."""

    name: str
    version: int
    symbol: str | None
    kind: str
    format: str
    frequency: str
    fields: tuple[str, ...]
    source: str
    licence: str | None
    origin: str | None
    content_hash: str
    first_date: dt.date
    last_date: dt.date
    rows: int
    missing: int
    flags: tuple[SeriesFlag, ...]
    saved_at: dt.datetime
    id: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "version": self.version, "symbol": self.symbol, "kind": self.kind,
            "format": self.format, "frequency": self.frequency, "fields": list(self.fields), "source": self.source,
            "licence": self.licence, "origin": self.origin, "content_hash": self.content_hash,
            "first_date": self.first_date.isoformat(), "last_date": self.last_date.isoformat(), "rows": self.rows,
            "missing": self.missing, "flags": [f.to_dict() for f in self.flags], "saved_at": to_jsonable(self.saved_at),
            "id": self.id,
        }


@dataclass(frozen=True)
class SavedSeries:
    """What :meth:`goldmine.store.Store.save_series` did: the version now latest, and whether it was
    created (``False``: the same content was already the latest version; nothing was written)."""

    info: SeriesInfo
    created: bool


# ---------------------------------------------------------------------------------------- checks
def infer_frequency(index: pd.DatetimeIndex) -> str:
    """``daily`` (median spacing up to 4 days: trading days or calendar days), ``weekly`` (5-10),
    ``monthly`` (25-35), ``quarterly`` (80-100), ``annual`` (350-380), else ``irregular``."""
    if len(index) < 2:
        return "irregular"
    days = index.values.astype("datetime64[D]").astype("int64")
    step = float(np.median(np.diff(days)))
    for name, low, high in (("daily", 0.5, 4), ("weekly", 5, 10), ("monthly", 25, 35), ("quarterly", 80, 100),
                            ("annual", 350, 380)):
        if low <= step <= high:
            return name
    return "irregular"


def _day(ts: Any) -> dt.date:
    return pd.Timestamp(ts).date()


def _months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def calendar_gaps(index: pd.DatetimeIndex, frequency: str, max_missing_weekdays: int) -> list[Gap]:
    """Gaps beyond the calendar's normal ones.

    Daily data: between two observations, the weekdays (Monday to Friday) with no observation; more
    than ``max_missing_weekdays`` of them in a row is a gap (weekends never count; a holiday or two
    stay under any sensible limit).  Weekly, monthly, quarterly and annual data: one missing period or
    more.  Irregular data has no calendar to miss."""
    if len(index) < 2:
        return []
    days = index.values.astype("datetime64[D]")
    gaps: list[Gap] = []
    if frequency == "daily":
        missing = np.busday_count(days[:-1] + 1, days[1:])
        for i in np.flatnonzero(missing > max_missing_weekdays):
            first = np.busday_offset(days[i] + 1, 0, roll="forward")
            last = np.busday_offset(days[i + 1] - 1, 0, roll="backward")
            gaps.append(Gap(_day(first), _day(last), int(missing[i]), "weekdays"))
        return gaps
    months_per = {"monthly": 1, "quarterly": 3, "annual": 12}
    for a, b in zip(index[:-1], index[1:], strict=True):
        if frequency == "weekly":
            n = round((b - a).days / 7) - 1
            if n >= 1:
                gaps.append(Gap(_day(a + pd.Timedelta(days=7)), _day(b - pd.Timedelta(days=7)), n, "weeks"))
        elif frequency in months_per:
            step = months_per[frequency]
            n = round(_months(a, b) / step) - 1
            if n >= 1:
                unit = {"monthly": "months", "quarterly": "quarters", "annual": "years"}[frequency]
                gaps.append(Gap(_day(a + pd.DateOffset(months=step)), _day(b - pd.DateOffset(months=step)), n, unit))
    return gaps


def _splits(ratios: Sequence[tuple[int, int]]) -> list[tuple[float, str]]:
    """(price ratio after/before, label) of each split and reverse split: a 10:1 split divides the price by 10."""
    out: list[tuple[float, str]] = []
    for new, old in ratios:
        out.append((old / new, f"{new}:{old}"))
        out.append((new / old, f"{old}:{new}"))
    return out


def split_jumps(frame: pd.DataFrame, ratios: Sequence[tuple[int, int]], tolerance: float,
                adjusted_steady: float) -> list[SplitJump]:
    """One-day close ratios within ``tolerance`` (relative) of a split ratio (``ratios`` as (new
    shares, old shares) pairs, each also as a reverse split), where the adjusted close moved by less
    than ``adjusted_steady`` (relative) that day, or there is no adjusted close: the close was not
    adjusted for a split.  Flags only: nothing is changed."""
    if "close" not in frame.columns or len(frame) < 2:
        return []
    close = frame["close"].to_numpy(dtype="float64")
    ratio = close[1:] / close[:-1]
    adj = frame["adj_close"].to_numpy(dtype="float64") if "adj_close" in frame.columns else None
    adj_ratio = adj[1:] / adj[:-1] if adj is not None else None
    candidates = _splits(ratios)
    found: list[SplitJump] = []
    for i in np.flatnonzero(np.isfinite(ratio) & (ratio > 0)):
        r = float(ratio[i])
        near = next((label for value, label in candidates if abs(r / value - 1) <= tolerance), None)
        if near is None:
            continue
        if adj_ratio is not None and math.isfinite(adj_ratio[i]):
            if abs(adj_ratio[i] - 1) >= adjusted_steady:
                continue  # the adjusted close jumped as well: a real move, not a missing adjustment
            state = "steady"
        else:
            state = "absent"
        found.append(SplitJump(_day(frame.index[int(i) + 1]), _day(frame.index[int(i)]), round(r, 6), near, state))
    return found


def check_series_data(series: MarketSeries, *, max_missing_weekdays: int, split_ratios: Sequence[tuple[int, int]],
                      split_tolerance: float, adjusted_steady: float) -> tuple[str, tuple[SeriesFlag, ...]]:
    """The frequency of a parsed series and its findings: dates sorted on reading, calendar gaps and
    split jumps (:func:`calendar_gaps`, :func:`split_jumps`), in that order."""
    index = pd.DatetimeIndex(series.frame.index)
    frequency = infer_frequency(index)
    flags: list[SeriesFlag] = []
    if series.resorted:
        flags.append(SeriesFlag("sorted", {}))
    flags += [SeriesFlag("gap", g.to_dict()) for g in calendar_gaps(index, frequency, max_missing_weekdays)]
    flags += [SeriesFlag("split_jump", j.to_dict())
              for j in split_jumps(series.frame, split_ratios, split_tolerance, adjusted_steady)]
    return frequency, tuple(flags)


# ---------------------------------------------------------------------------------------- content
def frame_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of a series' content: the column names, the dates (days since 1970) and the values as
    little-endian float64 (NaN and -0.0 in one canonical form), so equal content gives equal hashes."""
    h = hashlib.sha256()
    h.update(",".join(map(str, frame.columns)).encode("utf-8") + b"\n")
    days = pd.DatetimeIndex(frame.index).values.astype("datetime64[D]").astype("<i8")
    h.update(days.tobytes())
    values = frame.to_numpy(dtype="float64", na_value=np.nan) + 0.0  # -0.0 -> 0.0
    values = np.where(np.isnan(values), np.nan, values).astype("<f8")
    h.update(np.ascontiguousarray(values).tobytes())
    return h.hexdigest()


# ---------------------------------------------------------------------------------------- stitching
@dataclass(frozen=True)
class Stitched:
    """Two series joined (:func:`stitch`): ``series`` the result; ``factor`` the rescaling of the
    older part; ``basis`` ``"overlap"`` (the median ratio over ``overlap_rows`` common dates from
    ``overlap_start`` to ``overlap_end``, whose largest relative deviation is ``dispersion``) or
    ``"assumed"`` (no common date: the caller said both share a basis, factor 1); ``junction`` the
    last older and first newer dates joined; ``junction_ratio`` the newer series' first value over the
    rescaled older value before it; ``gap`` the weekdays without an observation between them, if any
    (never filled)."""

    series: pd.Series
    factor: float
    basis: str
    overlap_rows: int
    overlap_start: dt.date | None
    overlap_end: dt.date | None
    dispersion: float | None
    junction: tuple[dt.date, dt.date] | None
    junction_ratio: float | None
    gap: Gap | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor, "basis": self.basis, "overlap_rows": self.overlap_rows,
            "overlap_start": self.overlap_start.isoformat() if self.overlap_start else None,
            "overlap_end": self.overlap_end.isoformat() if self.overlap_end else None,
            "dispersion": self.dispersion,
            "junction": [d.isoformat() for d in self.junction] if self.junction else None,
            "junction_ratio": self.junction_ratio,
            "gap": self.gap.to_dict() if self.gap else None,
        }


def _clean(series: pd.Series, which: str) -> pd.Series:
    if not isinstance(series.index, pd.DatetimeIndex):
        raise AnalysisError("data.error.stitch_index", which=which)
    values = series.to_numpy(dtype="float64")
    s: pd.Series = series[np.isfinite(values) & (values > 0)].astype("float64").sort_index()
    if s.empty:
        raise AnalysisError("data.error.stitch_empty", which=which)
    return s


def stitch(older: pd.Series, newer: pd.Series, *, min_overlap: int = 1,
           no_overlap: Literal["refuse", "same_basis"] = "refuse", max_missing_weekdays: int = 0) -> Stitched:
    """Join ``older`` and ``newer`` (price levels on possibly different adjustment bases) into one
    series on ``newer``'s basis.

    With at least ``min_overlap`` common dates, the older values are multiplied by the median of
    newer/older over them (ratio splicing; module docstring) and used up to the day before ``newer``
    starts; from then on ``newer`` is used as it is.  Without enough common dates the basis cannot be
    measured: ``no_overlap="refuse"`` raises :class:`~goldmine.errors.AnalysisError`
    (``data.error.no_overlap``); ``"same_basis"`` joins them with factor 1 (the caller knows no split
    or dividend adjustment separates them) and says so (``basis="assumed"``).  Weekdays with no
    observation between the two parts, more than ``max_missing_weekdays`` of them (default 0: every
    one, holidays included, since no exchange calendar is assumed), are reported as ``gap`` and left
    empty."""
    old, new = _clean(older, "older"), _clean(newer, "newer")
    common = old.index.intersection(new.index)
    if len(common) >= max(min_overlap, 1):
        ratios = new.loc[common].to_numpy() / old.loc[common].to_numpy()
        factor = float(np.median(ratios))
        dispersion = float(np.max(np.abs(ratios / factor - 1)))
        basis, start, end = "overlap", _day(common[0]), _day(common[-1])
    elif no_overlap == "same_basis":
        factor, dispersion, basis, start, end = 1.0, None, "assumed", None, None
    else:
        raise AnalysisError("data.error.no_overlap", older_end=_day(old.index[-1]).isoformat(),
                            newer_start=_day(new.index[0]).isoformat(), rows=len(common), min=max(min_overlap, 1))
    head = old[old.index < new.index[0]] * factor
    joined = pd.concat([head, new])
    joined.name = new.name
    junction = junction_ratio = gap = None
    if not head.empty:
        last, first = head.index[-1], new.index[0]
        junction = (_day(last), _day(first))
        junction_ratio = float(new.iloc[0] / head.iloc[-1])
        gaps = calendar_gaps(pd.DatetimeIndex([last, first]), "daily", max_missing_weekdays)
        gap = gaps[0] if gaps else None
    return Stitched(joined, factor, basis, len(common), start, end, dispersion, junction, junction_ratio, gap)


def rescale_prices(frame: pd.DataFrame, factor: float) -> pd.DataFrame:
    """A price frame on another basis: price levels times ``factor``, volume divided by it (a 2:1 split
    halves prices and doubles the shares traded)."""
    out = frame.copy()
    for col in out.columns:
        if col in PRICE_LEVELS:
            out[col] = out[col] * factor
        elif col == "volume":
            out[col] = out[col] / factor
    return out


def splice_frames(stored: pd.DataFrame, fetched: pd.DataFrame, *, prices: bool, min_overlap: int = 1,
                  max_missing_weekdays: int = 0) -> tuple[pd.DataFrame, Stitched | None]:
    """``stored`` rows before ``fetched`` starts, then ``fetched``.  For prices the stored rows are
    first rescaled to the fetched basis (:func:`stitch` on the close, factor 1 assumed without a common
    date); for values (macro, news) the fetched values simply replace the stored ones from their first
    date (revisions win).  Both frames must have the same columns."""
    if stored.empty:
        return fetched, None
    info = None
    if prices and "close" in stored.columns and "close" in fetched.columns:
        info = stitch(stored["close"], fetched["close"], min_overlap=min_overlap, no_overlap="same_basis",
                      max_missing_weekdays=max_missing_weekdays)
        stored = rescale_prices(stored, info.factor) if info.factor != 1.0 else stored
    head = stored[stored.index < fetched.index[0]]
    joined = pd.concat([head, fetched])
    joined.index.name = "date"
    return joined, info
