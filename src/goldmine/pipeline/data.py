"""Use cases of ``goldmine data import|list|show|update`` (issue #17): market data series in the
project's database.

* :func:`import_series` — ``goldmine data import``: check a parsed series (its frequency, calendar
  gaps, split jumps: :func:`goldmine.market.series_ops.check_series_data`, thresholds from
  :class:`~goldmine.pipeline.settings.DataSettings`) and store it with its source, licence, origin and
  the findings as a new version (nothing when the content is already the latest version).
* :func:`plan_update` — what ``goldmine data update`` fetches: prices (Stooq), macro series (FRED),
  a news-tone series (GDELT), from the settings or ``--only``/``--symbols``/``--since``.
* :func:`update_series` — fetch every target with the function given (the HTTP client of
  :mod:`goldmine.io.fetch`), then store each series that arrived in its own transaction (all or
  nothing per series; the stored versions stay as they were when a series fails).  A host that
  cannot be reached stops the update before anything is written (``data.error.unreachable``, exit 3).
  With ``--since`` (and always for the news tone, whose API gives three months at a time) the fetched
  rows are spliced onto the stored latest version of the same provider
  (:func:`goldmine.market.series_ops.splice_frames`: stored prices rescaled by the overlap, the
  overlap and any gap reported).

Nothing here prints, reads a file or opens a connection: the store and the fetcher are passed in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from goldmine.errors import EnvironmentFailure, GoldmineError, InputError, NotFoundError, Problem
from goldmine.i18n import t
from goldmine.market.series_ops import (
    MarketSeries,
    SavedSeries,
    SeriesInfo,
    SeriesMeta,
    Stitched,
    check_series_data,
    splice_frames,
)
from goldmine.pipeline.settings import DataSettings
from goldmine.results import Result

ONLY = ("prices", "news", "macro")
PROVIDERS = {"prices": "stooq", "macro": "fred", "news": "gdelt"}


class SeriesStore(Protocol):
    """What the use cases need of a store (:class:`goldmine.store.Store` provides it)."""

    def ensure_workspace(self, name: str) -> int: ...

    def save_series(self, workspace_id: int, name: str, frame: pd.DataFrame, meta: SeriesMeta,
                    session: Any = None) -> SavedSeries: ...

    def load_series(self, workspace_id: int, name: str, version: int | None = None) -> tuple[pd.DataFrame, SeriesInfo]: ...


# ------------------------------------------------------------------------------------------ import
@dataclass(frozen=True)
class ImportResult(Result):
    """``goldmine data import``: the version now latest (``created`` false: the same content was
    already stored, nothing was written)."""

    workspace: str
    file: str
    created: bool
    series: SeriesInfo

    def summary(self, lang: str | None = None) -> str:
        s = self.series
        key = "data.import.stored" if self.created else "data.import.unchanged"
        return t(key, lang, name=s.name, version=s.version, rows=f"{s.rows:,}", first=s.first_date.isoformat(),
                 last=s.last_date.isoformat(), format=s.format)


def series_meta(series: MarketSeries, source: str, licence: str | None, settings: DataSettings,
                frame: pd.DataFrame | None = None) -> SeriesMeta:
    """The metadata of a series to store: its checks (on ``frame`` when given, e.g. spliced) with the
    thresholds of ``settings``."""
    checked = series if frame is None else MarketSeries(frame, series.format, series.kind, series.symbol, series.origin,
                                                       series.missing, series.resorted)
    frequency, flags = check_series_data(checked, max_missing_weekdays=settings.max_missing_weekdays,
                                         split_ratios=settings.split_ratios, split_tolerance=settings.split_tolerance,
                                         adjusted_steady=settings.adjusted_steady)
    return SeriesMeta(symbol=series.symbol, kind=series.kind, format=series.format, frequency=frequency, source=source,
                      licence=licence, origin=series.origin, missing=series.missing, flags=flags)


def default_name(series: MarketSeries, file_stem: str) -> str:
    """The stored name of an imported series without ``--name``: its symbol, else the file's stem
    with characters a name cannot hold replaced by ``-``."""
    if series.symbol:
        return series.symbol.upper() if series.kind == "prices" else series.symbol
    name = re.sub(r"[^A-Za-z0-9._^=:-]+", "-", file_stem).strip("-.") or "series"
    return name[:64]


def import_series(store: SeriesStore, workspace: str, series: MarketSeries, *, name: str, source: str,
                  licence: str | None, settings: DataSettings) -> ImportResult:
    """Check ``series`` and store it as ``name`` in ``workspace`` (a new version only if its content
    changed); one transaction."""
    meta = series_meta(series, source, licence, settings)
    ws = store.ensure_workspace(workspace)
    saved = store.save_series(ws, name, series.frame, meta)
    return ImportResult(workspace=workspace, file=series.origin, created=saved.created, series=saved.info)


# ------------------------------------------------------------------------------------------ update
@dataclass(frozen=True)
class UpdateTarget:
    """One series to fetch: ``provider`` (``stooq``, ``fred``, ``gdelt``), ``kind``, the stored
    ``name``, the ``symbol`` shown and the provider's own id ``remote`` (``nvda.us``, ``DGS10``, a
    GDELT query), and the first date asked for (``since``, ``None``: everything the provider has)."""

    provider: str
    kind: str
    name: str
    symbol: str
    remote: str
    since: dt.date | None = None

    @property
    def merge(self) -> bool:
        """Splice onto the stored series: a partial window (``--since``) or the news tone's rolling one."""
        return self.since is not None or self.kind == "news"


@dataclass(frozen=True)
class Fetched:
    """A fetched series with the source and licence text to store beside it."""

    series: MarketSeries
    source: str
    licence: str | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "query"


def plan_update(settings: DataSettings, only: str | None = None, symbols: tuple[str, ...] | None = None,
                since: dt.date | None = None) -> list[UpdateTarget]:
    """The targets of ``goldmine data update``: every kind (or ``only``), each kind's symbols from the
    settings, or ``symbols`` for the kind named by ``only``."""
    if only is not None and only not in ONLY:
        raise InputError(None, [Problem("--only", "expected.one_of", only, params={"choices": ", ".join(ONLY)})])
    if symbols and only is None:
        raise InputError(None, [Problem("--symbols", "data.expected.only_with_symbols", ", ".join(symbols), raw_found=True)])
    targets: list[UpdateTarget] = []
    for kind in ("prices", "macro", "news") if only is None else (only,):
        targets += _targets(kind, settings, symbols or None, since)
    return targets


def _targets(kind: str, settings: DataSettings, symbols: tuple[str, ...] | None, since: dt.date | None) -> list[UpdateTarget]:
    if kind == "prices":
        out = []
        for raw in symbols or settings.price_symbols:
            _check_symbol(raw, r"^[A-Za-z0-9^][A-Za-z0-9.^=_-]{0,31}$")
            remote = raw.lower() if "." in raw or raw.startswith("^") else f"{raw.lower()}{settings.stooq_suffix}"
            name = raw.split(".")[0].upper() if "." in raw and not raw.startswith("^") else raw.upper()
            out.append(UpdateTarget("stooq", kind, name, name, remote, since))
        return out
    if kind == "macro":
        for raw in symbols or ():
            _check_symbol(raw, r"^[A-Za-z0-9_]{1,32}$")
        return [UpdateTarget("fred", kind, s.upper(), s.upper(), s.upper(), since) for s in symbols or settings.macro_series]
    if symbols:
        for q in symbols:
            if not q.strip() or len(q) > 500:
                raise InputError(None, [Problem("--symbols", "data.expected.query", q)])
        return [UpdateTarget("gdelt", kind, f"gdelt-tone-{_slug(q)}", q, q, since) for q in symbols]
    return [UpdateTarget("gdelt", kind, settings.news_name, settings.news_query, settings.news_query, since)]


def _check_symbol(symbol: str, pattern: str) -> None:
    if not re.match(pattern, symbol):
        raise InputError(None, [Problem("--symbols", "data.expected.symbol", symbol)])


@dataclass(frozen=True)
class UpdateOutcome:
    """One target of an update: ``status`` ``created`` (a new version), ``unchanged`` (the same content
    was already stored) or ``failed`` (``error``: key, parameters; the stored versions are untouched);
    ``stitch`` how fetched prices were spliced onto the stored ones (``None`` without splicing)."""

    target: UpdateTarget
    status: str
    series: SeriesInfo | None = None
    stitch: Stitched | None = None
    error: GoldmineError | None = None

    @property
    def exit_code(self) -> int:
        return 0 if self.error is None else self.error.exit_code

    def to_dict(self) -> dict[str, Any]:
        t_ = self.target
        return {
            "name": t_.name, "provider": t_.provider, "kind": t_.kind, "symbol": t_.symbol, "remote": t_.remote,
            "status": self.status, "series": self.series.to_dict() if self.series else None,
            "stitch": self.stitch.to_dict() if self.stitch else None,
            "error": _error_dict(self.error) if self.error else None,
        }


def _error_dict(error: GoldmineError) -> dict[str, Any]:
    d = error.to_dict()
    return {"type": d["type"], "key": d["key"], "params": d.get("params", {}), "problems": d.get("problems"),
            "exit_code": error.exit_code}


@dataclass(frozen=True)
class UpdateResult(Result):
    """``goldmine data update``: one outcome per target, in the order fetched; ``exit_code`` 0 when
    none failed, else the largest of the failures' (3 for the network or a server, 2 for a symbol
    the provider does not know)."""

    workspace: str
    since: dt.date | None
    outcomes: tuple[UpdateOutcome, ...] = field(default_factory=tuple)

    @property
    def counts(self) -> dict[str, int]:
        out = {"created": 0, "unchanged": 0, "failed": 0}
        for o in self.outcomes:
            out[o.status] += 1
        return out

    @property
    def exit_code(self) -> int:
        return max((o.exit_code for o in self.outcomes), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"workspace": self.workspace, "since": self.since.isoformat() if self.since else None,
                "counts": self.counts, "series": [o.to_dict() for o in self.outcomes], "exit_code": self.exit_code}

    def summary(self, lang: str | None = None) -> str:
        c = self.counts
        return t("data.update.summary", lang, created=c["created"], unchanged=c["unchanged"], failed=c["failed"])


def update_series(store: SeriesStore, workspace: str, targets: list[UpdateTarget],
                  fetch: Callable[[UpdateTarget], Fetched], settings: DataSettings) -> UpdateResult:
    """Fetch every target, then store what arrived (module docstring)."""
    fetched: list[tuple[UpdateTarget, Fetched | GoldmineError]] = []
    for target in targets:
        try:
            fetched.append((target, fetch(target)))
        except EnvironmentFailure as exc:
            if exc.key == "data.error.unreachable":
                raise  # offline: stop before anything is written
            fetched.append((target, exc))
        except GoldmineError as exc:
            fetched.append((target, exc))
    ws = store.ensure_workspace(workspace)
    outcomes = []
    for target, got in fetched:
        if isinstance(got, GoldmineError):
            outcomes.append(UpdateOutcome(target, "failed", error=got))
        else:
            outcomes.append(_store_one(store, ws, target, got, settings))
    since = targets[0].since if targets else None
    return UpdateResult(workspace=workspace, since=since, outcomes=tuple(outcomes))


def _store_one(store: SeriesStore, ws: int, target: UpdateTarget, got: Fetched, settings: DataSettings) -> UpdateOutcome:
    frame, stitched = got.series.frame, None
    if target.merge:
        try:
            stored, info = store.load_series(ws, target.name)
        except NotFoundError:
            stored, info = None, None
        if stored is not None and info is not None:
            if info.format != got.series.format or list(info.fields) != list(frame.columns):
                error = InputError(None, [Problem(target.name, "data.expected.same_provider", info.format,
                                                  params={"provider": got.series.format}, raw_found=True)])
                return UpdateOutcome(target, "failed", error=error)
            frame, stitched = splice_frames(stored, frame, prices=target.kind == "prices", min_overlap=settings.min_overlap,
                                            max_missing_weekdays=settings.max_missing_weekdays)
    meta = series_meta(got.series, got.source, got.licence, settings, frame=frame)
    saved = store.save_series(ws, target.name, frame, meta)
    return UpdateOutcome(target, "created" if saved.created else "unchanged", series=saved.info, stitch=stitched)
