"""The drivers of the AI investment boom, as dated evidence with its source (issue #17).

The seed article on the large-model investment boom (§1.1, "大模型行业的投资热潮成因") names the
causes: technology progress and demand, policy support, investor behaviour and market sentiment.
Each becomes evidence with a date and a source, shown beside the sector pillars:

* :func:`technology` — from Epoch AI's "Notable AI Models" (CC BY 4.0): the **doubling time of
  training compute** (least-squares slope of log2 FLOP on the publication date of every notable model
  with a compute estimate since ``since``; Sevilla et al. 2022, "Compute Trends Across Three Eras of
  Machine Learning", report about 6 months for the deep-learning era), the **costliest training run**
  (Epoch's cost estimate in 2023 US$) and the costliest of each year, and **notable models by country
  and year** (a model by organisations of several countries counts once for each);
* :func:`capital` — private investment in AI by year (CSET's estimates via Our World in Data, constant
  2021 US$; one source for every series), with its peak and the latest year;
* :func:`policy` — the dated policy events of China, the United States and the EU
  (``data/drivers.yaml``), those up to the as-of date;
* sentiment is the sector view's news-tone pillar (:mod:`goldmine.pipeline.sector`).

Every evidence row has an ``id`` (``T1``, ``C1``, ``P1``...) that the strategy paragraph
(:mod:`goldmine.sector.strategy`) points at.  Pure: frames in, frozen results out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from goldmine.errors import AnalysisError
from goldmine.i18n.messages import Term
from goldmine.results import Result
from goldmine.sector.config import CapitalSettings, PolicyEvent, TechnologySettings

YEAR_DAYS = 365.25
#: Catalogue codes of the places in the data (``sector.country.<code>``, ``sector.entity.<code>``).
PLACES = {"United States of America": "us", "United States": "us", "China": "cn", "World": "world",
          "United Kingdom of Great Britain and Northern Ireland": "uk", "United Kingdom": "uk"}


def place_key(name: str) -> str:
    """The catalogue code of a country or entity name of Epoch's or OWID's data (``other`` if unknown)."""
    return PLACES.get(name, "other")


@dataclass(frozen=True)
class DriverEvidence:
    """One dated, sourced number behind a driver: ``id`` (what the strategy points at), ``label`` (a
    catalogue key), ``value``, ``unit`` (``report.unit.<code>`` or a ``sector.unit.<code>``), ``params``
    (filled into the label), ``source`` and ``date``."""

    id: str
    label: str
    value: Any
    unit: str
    source: str
    date: str
    params: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return {"id": self.id, "label": self.label, "params": to_jsonable(dict(self.params)), "value": to_jsonable(self.value),
                "unit": self.unit, "source": self.source, "date": self.date}


# ------------------------------------------------------------------------------------------ technology
@dataclass(frozen=True)
class Technology(Result):
    """Technology progress from Epoch AI's notable models.

    ``doubling_months`` (and ``models``: how many models with a compute estimate it rests on, from
    ``since`` to ``until``), ``frontier`` (the costliest training run: model, organisation, date, cost
    in 2023 US$), ``costliest`` (year, cost, model) per year, ``by_country`` (year, counts per country
    in ``countries`` and ``other``), ``vintage`` (the last publication date in the data)."""

    doubling_months: float
    models: int
    since: str
    until: str
    frontier: tuple[str, str, str, float] | None
    costliest: tuple[tuple[int, float, str], ...]
    countries: tuple[str, ...]
    by_country: tuple[tuple[int, tuple[int, ...], int], ...]
    vintage: str
    source: str

    def evidence(self) -> tuple[DriverEvidence, ...]:
        out = [DriverEvidence("T1", "sector.evidence.compute_doubling", self.doubling_months, "months", self.source,
                        f"{self.since} – {self.until}", (("n", self.models),))]
        if self.frontier is not None:
            model, org, date, cost = self.frontier
            out.append(DriverEvidence("T2", "sector.evidence.frontier_cost", cost, "usd_2023", self.source, date,
                                (("model", model), ("org", org))))
        if self.by_country:
            year, counts, other = self.by_country[-1]
            for i, (country, n) in enumerate(zip(self.countries, counts, strict=True)):
                out.append(DriverEvidence(f"T{3 + i}", "sector.evidence.models_by_country", n, "count", self.source, str(year),
                                          (("country", Term(f"sector.country.{place_key(country)}")), ("year", year))))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {"doubling_months": self.doubling_months, "models": self.models, "since": self.since, "until": self.until,
                "frontier": None if self.frontier is None else
                {"model": self.frontier[0], "organization": self.frontier[1], "date": self.frontier[2], "cost": self.frontier[3]},
                "costliest": [{"year": y, "cost": c, "model": m} for y, c, m in self.costliest],
                "by_country": [{"year": y, "counts": dict(zip(self.countries, n, strict=True)), "other": o}
                               for y, n, o in self.by_country],
                "vintage": self.vintage, "source": self.source, "evidence": [e.to_dict() for e in self.evidence()]}

    def summary(self, lang: str | None = None) -> str:
        return f"compute doubling {self.doubling_months:.1f} months ({self.models} models)"


def doubling_months(dates: pd.Series, flop: pd.Series) -> float:
    """Months for training compute to double: 12 / slope of log2(FLOP) on years (least squares)."""
    years = (pd.to_datetime(dates) - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=YEAR_DAYS)
    slope = float(np.polyfit(np.asarray(years, dtype=float), np.log2(np.asarray(flop, dtype=float)), 1)[0])
    if not math.isfinite(slope) or slope <= 0:
        raise AnalysisError("sector.error.no_trend")
    return 12.0 / slope


def _countries(cell: Any) -> set[str]:
    return {c.strip() for c in str(cell).split(",") if c.strip()} if isinstance(cell, str) else set()


def technology(models: pd.DataFrame, settings: TechnologySettings, as_of: dt.date | None = None) -> Technology:
    """``models``: Epoch's notable models with ``model``, ``organization``, ``country``, ``date``,
    ``training_compute_flop``, ``training_cost_2023_usd`` (columns of ``data/ai_epoch_notable_models.csv``)."""
    frame = models.copy()
    frame["date"] = pd.to_datetime(frame["date"])
    since = pd.Timestamp(settings.since.value)
    frame = frame[frame["date"] >= since]
    if as_of is not None:
        frame = frame[frame["date"] <= pd.Timestamp(as_of)]
    flop = pd.to_numeric(frame["training_compute_flop"], errors="coerce")
    have = frame[(flop > 0).fillna(False)]
    if len(have) < 10:
        raise AnalysisError("sector.error.no_trend")
    months = doubling_months(have["date"], pd.to_numeric(have["training_compute_flop"]))
    cost = pd.to_numeric(frame["training_cost_2023_usd"], errors="coerce")
    costed = frame.assign(cost=cost)[cost > 0]
    frontier = None
    costliest: list[tuple[int, float, str]] = []
    if len(costed):
        top = costed.iloc[int(np.argmax(costed["cost"].to_numpy()))]
        frontier = (str(top["model"]), str(top["organization"]), top["date"].strftime("%Y-%m-%d"), float(top["cost"]))
        for year, group in costed.groupby(costed["date"].dt.year):
            row = group.iloc[int(np.argmax(group["cost"].to_numpy()))]
            costliest.append((int(year), float(row["cost"]), str(row["model"])))
    countries = tuple(settings.countries.value)
    last_full = int(frame["date"].max().year) - 1 if len(frame) else since.year
    years = range(last_full - int(settings.years.value) + 1, last_full + 1)
    by_country = []
    for year in years:
        rows = frame[frame["date"].dt.year == year]
        sets = [_countries(c) for c in rows["country"]]
        counts = tuple(sum(country in s for s in sets) for country in countries)
        other = sum(bool(s - set(countries)) for s in sets)
        by_country.append((year, counts, other))
    return Technology(months, len(have), have["date"].min().strftime("%Y-%m-%d"), have["date"].max().strftime("%Y-%m-%d"),
                      frontier, tuple(costliest), countries, tuple(by_country), frame["date"].max().strftime("%Y-%m-%d"),
                      settings.source)


# ------------------------------------------------------------------------------------------ capital
@dataclass(frozen=True)
class Capital(Result):
    """Private investment in AI by year (CSET via OWID, constant 2021 US$): for each entity its series,
    its peak (year, value) and its latest year (year, value)."""

    entities: tuple[str, ...]
    series: tuple[tuple[tuple[int, float], ...], ...]
    source: str

    def peak(self, entity: str) -> tuple[int, float]:
        s = self.series[self.entities.index(entity)]
        return max(s, key=lambda x: x[1])

    def latest(self, entity: str) -> tuple[int, float]:
        return self.series[self.entities.index(entity)][-1]

    @property
    def vintage(self) -> str:
        return str(max(s[-1][0] for s in self.series if s))

    def evidence(self) -> tuple[DriverEvidence, ...]:
        out = []
        for i, entity in enumerate(self.entities):
            if not self.series[i]:
                continue
            (py, pv), (ly, lv) = self.peak(entity), self.latest(entity)
            place = Term(f"sector.entity.{place_key(entity)}")
            out.append(DriverEvidence(f"C{2 * i + 1}", "sector.evidence.investment_latest", lv, "usd_2021", self.source, str(ly),
                                      (("entity", place), ("year", ly))))
            out.append(DriverEvidence(f"C{2 * i + 2}", "sector.evidence.investment_peak", pv, "usd_2021", self.source, str(py),
                                      (("entity", place), ("year", py), ("change", f"{(lv / pv - 1) * 100:+.0f}%"))))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "vintage": self.vintage,
                "series": [{"entity": e, "values": [{"year": y, "value": v} for y, v in s]}
                           for e, s in zip(self.entities, self.series, strict=True)],
                "evidence": [e.to_dict() for e in self.evidence()]}

    def summary(self, lang: str | None = None) -> str:
        return f"AI private investment ({self.source})"


def capital(investment: pd.DataFrame, settings: CapitalSettings, as_of: dt.date | None = None) -> Capital:
    """``investment``: rows of entity, year, investment_usd_2021 (``data/ai_private_investment_cset.csv``);
    a year counts once it has ended before ``as_of``."""
    entities = tuple(settings.entities.value)
    series = []
    for entity in entities:
        rows = investment[investment["entity"] == entity].sort_values("year")
        if as_of is not None:
            rows = rows[rows["year"].astype(int) < as_of.year]
        series.append(tuple((int(y), float(v)) for y, v in zip(rows["year"], rows["investment_usd_2021"], strict=True)))
    if not any(series):
        raise AnalysisError("sector.error.no_capital")
    return Capital(entities, tuple(series), settings.source)


# ------------------------------------------------------------------------------------------ policy
@dataclass(frozen=True)
class Policy(Result):
    """The policy events up to the as-of date, oldest first (``events``), each with its evidence id."""

    events: tuple[PolicyEvent, ...]

    def evidence(self) -> tuple[DriverEvidence, ...]:
        return tuple(DriverEvidence(f"P{i + 1}", f"sector.event.{e.id}", e.jurisdiction, "jurisdiction", e.source, e.date.isoformat(),
                              (("kind", e.kind),))
                     for i, e in enumerate(self.events))

    def ref(self, event_id: str) -> str | None:
        return next((f"P{i + 1}" for i, e in enumerate(self.events) if e.id == event_id), None)

    def latest(self, jurisdiction: str, kinds: Sequence[str]) -> PolicyEvent | None:
        found = [e for e in self.events if e.jurisdiction == jurisdiction and e.kind in kinds]
        return found[-1] if found else None

    @property
    def vintage(self) -> str:
        return self.events[-1].date.isoformat() if self.events else "—"

    def to_dict(self) -> dict[str, Any]:
        return {"events": [{"id": ev.id, "ref": f"P{i + 1}", "date": ev.date.isoformat(), "jurisdiction": ev.jurisdiction,
                            "kind": ev.kind, "label": f"sector.event.{ev.id}", "source": ev.source}
                           for i, ev in enumerate(self.events)]}

    def summary(self, lang: str | None = None) -> str:
        return f"{len(self.events)} policy events"


def policy(events: Sequence[PolicyEvent], as_of: dt.date | None = None) -> Policy:
    kept = sorted((e for e in events if as_of is None or e.date <= as_of), key=lambda e: (e.date, e.id))
    return Policy(tuple(kept))
