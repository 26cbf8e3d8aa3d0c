"""The goldmine AI market index: real price series of the companies that carry the AI boom, joined,
weighted and dated (issue #17).

Construction (``data/ai_index.yaml``, :class:`~goldmine.sector.config.IndexConfig`; docs/sector.md):

1. **Pieces** — each ticker's history may come in several files on different adjustment bases (a
   Yahoo "Adj Close" adjusted for the splits known when it was saved, a Polygon close as traded).
   Inside an unadjusted piece a one-day close ratio within ``split_tolerance`` of a split ratio is a
   split: the prices before it are divided by the ratio (:func:`adjust_splits`, using
   :func:`goldmine.market.series_ops.split_jumps`), and the split is reported.
2. **Stitching** (:func:`stitch_pieces`) — pieces sorted by first date; a piece that overlaps the
   chain joins it by ratio splicing at the overlap (an overlap shorter than ``min_overlap`` trading
   days is reported as short;
   :func:`goldmine.market.series_ops.stitch`: the older part rescaled by the median ratio over the
   common days, the newest basis kept; IMF, *Quarterly National Accounts Manual*, 2017, ch. 8); a
   piece inside the chain's dates adds nothing (reported as ``contained``); a piece after a gap of at
   most ``max_bridge_days`` joins on the same basis unless the jump across looks like a split
   (``bridge``); a jump within ``rebase_tolerance`` of a split of 2:1 or more is a change of basis
   between the files: the older part is rescaled by that split and joined (``rebase``, the factor
   reported; NVDA's Yahoo files of 2008-2019 and 2020-2024); a longer gap or another split-like jump
   (within ``split_tolerance`` of a split ratio, or nearer to one on the log scale than to 1) starts a
   new run of the member (``break``).  Gaps are reported, never filled.
3. **Weekly closes** — the last close of each week (Monday to Friday), dated by its trading day.
4. **Weights** (:func:`build_index`) — equal weights, reset at the first week of each calendar
   quarter and whenever a member enters or leaves (S&P 500 Equal Weight Index methodology: quarterly
   rebalancing), drifting with prices in between; the index return from one week to the next is the
   weighted return of the members priced in both weeks within one run, and the level starts at
   ``base``.  A step across a hole in the dates (no member priced in between) is reported as an
   index gap; a step no member spans is a break (levels on either side are not comparable).
5. **Sample** (:func:`sample`) — the bubble tests need equally spaced observations: the index is cut
   at its gaps (a step above 1.5 times the median step and above 15 days, the rule of
   :func:`goldmine.bubble.series.prepare`) and at its breaks (a step no member spans: its return is
   unknown, and carrying the level flat across it would fill it), and the tests use the latest
   stretch if it holds at least ``min_sample`` weeks, else the longest.
6. **Valuation ratio** (:func:`valuation_ratio`) — a price-only series cannot separate a bubble from
   fast-growing fundamentals (Phillips, Shi and Yu 2015 test the price-dividend ratio): the ratio of a
   member's weekly price to its latest annual revenue reported on Form 10-K, counted from
   ``filing_lag_days`` after the fiscal year end, indexed to 100 at its first week (proportional to
   the price-to-sales ratio up to the number of shares).

Pure: series in, frozen results out; the files are read by :mod:`goldmine.io.demo_data`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.results import Result
from goldmine.sector.config import IndexConfig, RevenueFigure

METHODS = ("first", "overlap", "contained", "bridge", "rebase", "break")


# ------------------------------------------------------------------------------------------ pieces
@dataclass(frozen=True)
class Piece:
    """Part of one ticker's price history: ``series`` (daily or weekly closes > 0 with a DatetimeIndex),
    where it comes from (``source``: a file, the shipped data or a stored series) and whether its
    prices are as traded (``adjusted=False``: splits are looked for and adjusted)."""

    ticker: str
    series: pd.Series = field(repr=False)
    source: str
    adjusted: bool = True


@dataclass(frozen=True)
class Split:
    """A split found in an unadjusted piece: the first day at the new price, the one-day close ratio,
    the nearest split (``"10:1"``) and the piece."""

    ticker: str
    date: str
    ratio: float
    split: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, "date": self.date, "ratio": self.ratio, "split": self.split, "source": self.source}


@dataclass(frozen=True)
class Join:
    """How one piece entered its ticker's history: ``method`` (``first``, ``overlap``, ``contained``,
    ``bridge`` or ``break``), the common days and the factor applied to the older part (``overlap``),
    its dispersion (largest relative deviation of the daily ratios from the factor), the gap in
    calendar days and the price ratio across it (``bridge``/``break``)."""

    ticker: str
    source: str
    start: str
    end: str
    n: int
    method: str
    overlap: int = 0
    factor: float = 1.0
    dispersion: float | None = None
    gap_days: int = 0
    jump: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, "source": self.source, "start": self.start, "end": self.end, "n": self.n,
                "method": self.method, "overlap": self.overlap, "factor": self.factor, "dispersion": self.dispersion,
                "gap_days": self.gap_days, "jump": self.jump}


@dataclass(frozen=True)
class Component:
    """One member's history after stitching: ``runs`` (each on one basis, without a break inside), the
    joins and splits that made it, its segment and name."""

    ticker: str
    name: str
    segment: str
    runs: tuple[pd.Series, ...] = field(repr=False)
    joins: tuple[Join, ...]
    splits: tuple[Split, ...]

    @property
    def start(self) -> str:
        return _day(self.runs[0].index[0])

    def short_overlaps(self, min_overlap: int) -> tuple[Join, ...]:
        return tuple(j for j in self.joins if j.method == "overlap" and j.overlap < min_overlap)

    @property
    def end(self) -> str:
        return _day(self.runs[-1].index[-1])

    def series(self) -> pd.Series:
        """All runs end to end (levels across a break are not comparable: use :attr:`runs` to chain)."""
        joined: pd.Series = pd.concat(self.runs)
        return joined

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, "name": self.name, "segment": self.segment, "start": self.start, "end": self.end,
                "observations": int(sum(len(r) for r in self.runs)), "runs": len(self.runs),
                "pieces": [j.to_dict() for j in self.joins], "splits": [s.to_dict() for s in self.splits]}


def _day(ts: Any) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def _clean(series: pd.Series, ticker: str) -> pd.Series:
    if not isinstance(series.index, pd.DatetimeIndex):
        raise AnalysisError("sector.error.index_dates", ticker=ticker)
    values = pd.to_numeric(series, errors="coerce").astype("float64")
    s = values[np.isfinite(values.to_numpy()) & (values.to_numpy() > 0)].sort_index()
    s = s[~s.index.duplicated(keep="last")]
    if s.empty:
        raise AnalysisError("sector.error.index_empty", ticker=ticker)
    s.name = ticker
    return s


def adjust_splits(piece: Piece, config: IndexConfig) -> tuple[pd.Series, tuple[Split, ...]]:
    """The piece's closes with the splits inside it adjusted (only for unadjusted pieces), and the splits."""
    from goldmine.market.series_ops import split_jumps

    s = _clean(piece.series, piece.ticker)
    if piece.adjusted or len(s) < 2:
        return s, ()
    rules = config.stitch
    jumps = split_jumps(pd.DataFrame({"close": s}), [(int(a), int(b)) for a, b in rules.split_ratios.value],
                        float(rules.split_tolerance.value), 0.0)
    out = s.copy()
    found = []
    for j in jumps:
        at = pd.Timestamp(j.date)
        new, old = (int(x) for x in j.split.split(":"))
        out[out.index < at] = out[out.index < at] * (old / new)   # a 10:1 split divides the earlier prices by 10
        found.append(Split(piece.ticker, j.date.isoformat(), j.ratio, j.split, piece.source))
    return out, tuple(found)


def _split_like(ratio: float, config: IndexConfig) -> bool:
    """Whether the price ratio across a gap between two pieces looks like a split (a change of basis)
    rather than a move: within ``split_tolerance`` of a split ratio, or nearer to one on the log scale
    than to no change at all.  Across a gap the price also moves, so the one-day tolerance alone
    missed NVDA's 2019-12-30 -> 2020-01-02 junction of two Yahoo files, 0.103 (a tenfold basis change
    and a +3 % move), and bridged it as a -90 % return (issue #17)."""
    tol = float(config.stitch.split_tolerance.value)
    if not (math.isfinite(ratio) and ratio > 0):
        return False
    for new, old in config.stitch.split_ratios.value:
        for value in (old / new, new / old):
            if abs(ratio / value - 1) <= tol or abs(math.log(ratio / value)) < abs(math.log(ratio)):
                return True
    return False


def _basis_change(ratio: float, config: IndexConfig) -> float | None:
    """The split factor a jump across a short gap stands for, when it is unmistakable: within
    ``rebase_tolerance`` of a split of at least 2:1 (or its reverse), where no ordinary move of a
    large company's share comes near (NVDA's 2019-12-30 -> 2020-01-02 junction of two Yahoo files,
    0.1032: the 2024 10:1 split and a +3.2 % move).  A 3:2 split is too close to a real move to be
    told apart across a gap: such a jump stays a ``break``.  None when there is no such split."""
    tol = float(config.stitch.rebase_tolerance.value)
    if not (math.isfinite(ratio) and ratio > 0):
        return None
    for new, old in config.stitch.split_ratios.value:
        if new / old < 2:
            continue
        for value in (old / new, new / old):
            if abs(math.log(ratio / value)) <= math.log1p(tol):
                return value
    return None


def stitch_pieces(ticker: str, pieces: Sequence[Piece], config: IndexConfig) -> Component:
    """One member's history from its pieces (module docstring, step 2)."""
    from goldmine.market.series_ops import stitch

    if not pieces:
        raise AnalysisError("sector.error.index_empty", ticker=ticker)
    spec = config.spec(ticker)
    prepared = sorted(((adjust_splits(p, config), p) for p in pieces),
                      key=lambda x: (x[0][0].index[0], x[0][0].index[-1]))
    rules = config.stitch
    runs: list[pd.Series] = []
    joins: list[Join] = []
    splits: list[Split] = []
    chain: pd.Series | None = None
    for (s, found), p in prepared:
        splits += found
        base = Join(ticker, p.source, _day(s.index[0]), _day(s.index[-1]), len(s), "first")
        if chain is None:
            chain = s
            joins.append(base)
            continue
        common = chain.index.intersection(s.index)
        if s.index[-1] <= chain.index[-1]:
            ratio = s.loc[common] / chain.loc[common] if len(common) else None
            joins.append(replace(base, method="contained", overlap=len(common),
                                 factor=float(np.median(ratio)) if ratio is not None and len(ratio) else 1.0))
            continue
        if len(common):
            st = stitch(chain, s, min_overlap=1)
            chain = st.series.rename(ticker)
            joins.append(replace(base, method="overlap", overlap=st.overlap_rows, factor=st.factor, dispersion=st.dispersion))
            continue
        later = s[s.index > chain.index[-1]]
        gap = int((later.index[0] - chain.index[-1]).days)
        jump = float(later.iloc[0] / chain.iloc[-1])
        basis = _basis_change(jump, config) if gap <= int(rules.max_bridge_days.value) else None
        if gap <= int(rules.max_bridge_days.value) and not _split_like(jump, config):
            chain = pd.concat([chain, later]).rename(ticker)
            joins.append(replace(base, method="bridge", gap_days=gap, jump=jump))
        elif basis is not None:
            # a change of basis by a split of 2:1 or more: the older part is put on the newer basis
            # (the newest basis is kept, as in an overlap join) and the move across is kept
            chain = pd.concat([chain * basis, later]).rename(ticker)
            joins.append(replace(base, method="rebase", gap_days=gap, jump=jump, factor=basis))
        else:
            runs.append(chain)
            chain = later.rename(ticker)
            joins.append(replace(base, method="break", gap_days=gap, jump=jump))
    assert chain is not None   # an invariant: pieces is not empty
    runs.append(chain)
    return Component(ticker, spec.name if spec else ticker, spec.segment if spec else "other", tuple(runs), tuple(joins),
                     tuple(splits))


# ------------------------------------------------------------------------------------------ weekly
def weekly_closes(series: pd.Series) -> pd.Series:
    """The last close of each week (Monday to Friday), dated by its own trading day (never a future
    Friday); a series already weekly or sparser comes back as it is."""
    if len(series) < 3:
        return series
    step = float(np.median(np.diff(series.index.values).astype("timedelta64[D]").astype(float)))
    if step > 3:
        return series
    week = pd.DatetimeIndex(series.index).to_period("W-FRI")
    kept: pd.Series = series[~week.duplicated(keep="last")]
    return kept


def _week_key(index: pd.DatetimeIndex) -> pd.PeriodIndex:
    return index.to_period("W-FRI")


# ------------------------------------------------------------------------------------------ index
@dataclass(frozen=True)
class IndexGap:
    """A step of the index across a hole in the dates (``members``: the tickers priced on both sides,
    whose return spans it; ``ret`` the index return across it), or a break (``members`` empty: no
    member spans it, the levels on either side are not comparable)."""

    start: str
    end: str
    days: int
    members: tuple[str, ...]
    ret: float | None

    @property
    def is_break(self) -> bool:
        return not self.members

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "days": self.days, "members": list(self.members),
                "return": self.ret, "break": self.is_break}


@dataclass(frozen=True)
class Stretch:
    """Consecutive index weeks without a gap: first and last date, observations."""

    start: str
    end: str
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "n": self.n}


@dataclass(frozen=True)
class AIIndex(Result):
    """The goldmine AI market index.

    ``level`` (weekly, dated by trading day), ``members`` (how many members carried each week's
    return), ``components`` (:class:`Component`), ``gaps`` (:class:`IndexGap`), ``stretches`` (the
    stretches without a gap), ``rebalances`` (how many times the weights were reset), and the
    construction (``name``, ``base``, ``weighting``, ``rebalance``, ``frequency``).
    """

    name: str
    level: pd.Series = field(repr=False)
    members: pd.Series = field(repr=False)
    components: tuple[Component, ...]
    gaps: tuple[IndexGap, ...]
    stretches: tuple[Stretch, ...]
    rebalances: int
    base: float
    weighting: str
    rebalance: str
    frequency: str

    @property
    def start(self) -> str:
        return _day(self.level.index[0])

    @property
    def end(self) -> str:
        return _day(self.level.index[-1])

    def component(self, ticker: str) -> Component | None:
        return next((c for c in self.components if c.ticker == ticker), None)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "start": self.start, "end": self.end, "observations": int(len(self.level)),
                "construction": {"base": self.base, "weighting": self.weighting, "rebalance": self.rebalance,
                                 "frequency": self.frequency, "rebalances": self.rebalances},
                "components": [c.to_dict() for c in self.components],
                "gaps": [g.to_dict() for g in self.gaps], "stretches": [s.to_dict() for s in self.stretches]}

    def summary(self, lang: str | None = None) -> str:
        return f"{self.name}: {self.start} – {self.end}, {len(self.level)} weeks, {len(self.components)} members"


def build_index(components: Sequence[Component], config: IndexConfig) -> AIIndex:
    """The equal-weighted, quarterly rebalanced, chain-linked weekly index (module docstring, steps 3-4)."""
    if not components:
        raise AnalysisError("sector.error.index_none")
    # per member: week -> (close, run number); per week: the latest trading day of any member
    table: dict[str, dict[pd.Period, tuple[float, int]]] = {}
    days: dict[pd.Period, pd.Timestamp] = {}
    for c in components:
        rows: dict[pd.Period, tuple[float, int]] = {}
        for r, run in enumerate(c.runs):
            weekly = weekly_closes(run)
            for week, day, value in zip(_week_key(pd.DatetimeIndex(weekly.index)), weekly.index, weekly.to_numpy(), strict=True):
                rows[week] = (float(value), r)
                days[week] = max(days.get(week, day), day)
        table[c.ticker] = rows
    weeks = sorted(days)
    base = float(config.base.value)
    levels = [base]
    carried = [sum(weeks[0] in rows for rows in table.values())]
    weights = _equal([t for t, rows in table.items() if weeks[0] in rows])
    gaps: list[IndexGap] = []
    rebalances = 1
    step = float(np.median(np.diff([days[w].value for w in weeks]))) / 86_400e9 if len(weeks) > 1 else 7.0
    limit = max(1.5 * step, 15.0)
    for prev, week in zip(weeks, weeks[1:], strict=False):
        pairs = [t for t, rows in table.items() if prev in rows and week in rows and rows[prev][1] == rows[week][1]]
        returns = {t: table[t][week][0] / table[t][prev][0] - 1 for t in pairs}
        w = {t: weights.get(t, 0.0) for t in pairs}
        total = sum(w.values())
        if total <= 0 and pairs:          # members that entered last week have no weight yet: equal among them
            w, total = {t: 1.0 for t in pairs}, float(len(pairs))
        ret = sum(w[t] * returns[t] for t in pairs) / total if pairs else None
        levels.append(levels[-1] * (1 + ret) if ret is not None else levels[-1])
        carried.append(len(pairs))
        days_apart = int((days[week] - days[prev]).days)
        if ret is None or days_apart > limit:
            gaps.append(IndexGap(_day(days[prev]), _day(days[week]), days_apart, tuple(sorted(pairs)), ret))
        drifted = {t: w[t] * (1 + returns[t]) for t in pairs}
        present = sorted(t for t, rows in table.items() if week in rows)
        if week.qyear * 4 + week.quarter != prev.qyear * 4 + prev.quarter or set(present) != set(drifted):
            weights = _equal(present)
            rebalances += 1
        else:
            norm = sum(drifted.values())
            weights = {t: v / norm for t, v in drifted.items()}
    index = pd.DatetimeIndex([days[w] for w in weeks], name="date")
    level = pd.Series(levels, index=index, name=config.name)
    members = pd.Series(carried, index=index, name="members")
    cuts = tuple(g.end for g in gaps if g.is_break)
    return AIIndex(config.name, level, members, tuple(components), tuple(gaps), tuple(stretches(level, cuts)), rebalances, base,
                   str(config.weighting.value), str(config.rebalance.value), str(config.frequency.value))


def _equal(tickers: Sequence[str]) -> dict[str, float]:
    return {t: 1.0 / len(tickers) for t in tickers} if tickers else {}


# ------------------------------------------------------------------------------------------ sample
def stretches(series: pd.Series, breaks: Sequence[str] = ()) -> list[Stretch]:
    """The stretches of a dated series between its holes: steps above 1.5 times the median step and
    above 15 days (the rule of :func:`goldmine.bubble.series.prepare`, which refuses such holes), and
    the steps into the dates ``breaks`` (:attr:`IndexGap.is_break`: no return is known across them)."""
    idx = pd.DatetimeIndex(series.index)
    if len(idx) < 3:
        return [Stretch(_day(idx[0]), _day(idx[-1]), len(idx))] if len(idx) else []
    days = np.asarray((idx[1:] - idx[:-1]) / pd.Timedelta(days=1), dtype=float)
    limit = max(1.5 * float(np.median(days)), 15.0)
    at = {pd.Timestamp(b) for b in breaks}
    holes = {int(i) + 1 for i in np.flatnonzero(days > limit)} | {i for i in range(1, len(idx)) if idx[i] in at}
    cuts = [0, *sorted(holes), len(idx)]
    return [Stretch(_day(idx[a]), _day(idx[b - 1]), b - a) for a, b in zip(cuts, cuts[1:], strict=False)]


@dataclass(frozen=True)
class Sample:
    """The observations the bubble tests use: first and last date, how many, why (``rule``: ``latest``
    or ``longest``), and the stretches left out."""

    start: str
    end: str
    n: int
    rule: str
    left_out: tuple[Stretch, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "n": self.n, "rule": self.rule,
                "left_out": [s.to_dict() for s in self.left_out]}


def sample(series: pd.Series, min_obs: int, breaks: Sequence[str] = ()) -> tuple[pd.Series, Sample]:
    """The latest stretch without a hole or a break (``breaks``: the dates that start one) if it holds
    at least ``min_obs`` observations, else the longest."""
    parts = stretches(series, breaks)
    if not parts:
        raise AnalysisError("sector.error.index_none")
    latest = parts[-1]
    chosen, rule = (latest, "latest") if latest.n >= min_obs else (max(parts, key=lambda s: (s.n, s.end)), "longest")
    cut = series.loc[pd.Timestamp(chosen.start):pd.Timestamp(chosen.end)]
    return cut, Sample(chosen.start, chosen.end, chosen.n, rule, tuple(s for s in parts if s != chosen))


# ------------------------------------------------------------------------------------------ valuation
@dataclass(frozen=True)
class RevenueUsed:
    """A revenue figure the ratio used, with the first day it counts from."""

    fiscal_year_end: str
    available: str
    value: float
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"fiscal_year_end": self.fiscal_year_end, "available": self.available, "value": self.value,
                "source": self.source}


@dataclass(frozen=True)
class ValuationRatio(Result):
    """Price over the latest reported annual revenue of ``ticker``, weekly, indexed to 100 at its first
    week (``series``), and the revenue figures used."""

    ticker: str
    series: pd.Series = field(repr=False)
    revenue: tuple[RevenueUsed, ...]
    lag_days: int

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, "start": _day(self.series.index[0]), "end": _day(self.series.index[-1]),
                "observations": int(len(self.series)), "filing_lag_days": self.lag_days,
                "revenue": [r.to_dict() for r in self.revenue]}

    def summary(self, lang: str | None = None) -> str:
        return f"{self.ticker} price/revenue: {len(self.series)} weeks"


def valuation_ratio(prices: pd.Series, revenue: Sequence[RevenueFigure], lag_days: int, ticker: str) -> ValuationRatio | None:
    """Weekly ``prices`` over the latest annual revenue available on each date (fiscal year end +
    ``lag_days``), indexed to 100 at the first date with a revenue; ``None`` when no date has one."""
    figures = sorted(revenue, key=lambda r: r.fiscal_year_end)
    available = [(pd.Timestamp(r.fiscal_year_end + dt.timedelta(days=lag_days)), r) for r in figures]
    values = []
    used: dict[dt.date, RevenueUsed] = {}
    for day, price in zip(pd.DatetimeIndex(prices.index), prices.to_numpy(), strict=True):
        known = [r for at, r in available if at <= day]
        if not known:
            values.append(math.nan)
            continue
        r = known[-1]
        used.setdefault(r.fiscal_year_end, RevenueUsed(r.fiscal_year_end.isoformat(),
                                                        (r.fiscal_year_end + dt.timedelta(days=lag_days)).isoformat(),
                                                        r.value, r.source))
        values.append(float(price) / r.value)
    ratio = pd.Series(values, index=prices.index).dropna()
    if ratio.empty:
        return None
    ratio = 100.0 * ratio / float(ratio.iloc[0])
    ratio.name = f"{ticker} price / revenue"
    return ValuationRatio(ticker, ratio, tuple(used[k] for k in sorted(used)), lag_days)


def pieces_by_ticker(pieces: Sequence[Piece]) -> Mapping[str, list[Piece]]:
    out: dict[str, list[Piece]] = {}
    for p in pieces:
        out.setdefault(p.ticker, []).append(p)
    return out


def ai_index(pieces: Sequence[Piece], config: IndexConfig, as_of: dt.date | None = None) -> AIIndex:
    """Stitch every ticker's pieces (only tickers of the configured universe, prices from the configured
    ``start`` up to ``as_of``) and build the index."""
    universe = [c.ticker for c in config.components]
    first = pd.Timestamp(config.start.value)
    cut = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.max
    kept = [Piece(p.ticker, p.series[(p.series.index >= first) & (p.series.index <= cut)], p.source, p.adjusted)
            for p in pieces if p.ticker in universe]
    kept = [p for p in kept if len(p.series)]
    by = pieces_by_ticker(kept)
    comps = [stitch_pieces(t, by[t], config) for t in universe if t in by]
    return build_index(comps, config)
