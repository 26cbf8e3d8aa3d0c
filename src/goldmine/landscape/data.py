"""The landscape dataset as one validated object, and its validator (issue #15, point 1).

* :class:`Landscape` — the companies and the source registry, with look-ups
  (:meth:`Landscape.company`, :meth:`Landscape.source_of`, :meth:`Landscape.available_on`) and the
  dataset's counts (:meth:`Landscape.counts`: companies, figures, sources);
* :func:`build_landscape` — validate a source registry and company files (parsed mappings, keyed by
  the file name they came from) into a :class:`Landscape`; every problem is an
  :class:`~goldmine.errors.InputError` naming the file and the field path: an unknown key, a bad
  date or amount (schema), a figure whose source is not in the registry, a currency the FX table
  (``goldmine.metrics.fx``, ``data/fx.yaml``) does not know, a figure dated after the dataset's
  cut-off, a company id used twice;
* :func:`shipped_landscape` — the dataset shipped in ``goldmine/data/landscape/`` (read once per
  process through :func:`goldmine.config.shipped`, validated here);
* :func:`landscape_settings` — ``landscape/settings.yaml`` through :func:`goldmine.config.load_config`.

Pure: no file is opened here; the shipped files are read through :mod:`goldmine.config` and
:mod:`goldmine.datafiles`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from goldmine.config import load_config, shipped, validate
from goldmine.errors import InputError, Problem
from goldmine.landscape.schema import (
    CompaniesFile,
    Company,
    LandscapeSettings,
    MarketMark,
    Revenue,
    Round,
    Source,
    SourcesFile,
    Valuation,
    date_end,
)
from goldmine.metrics.fx import FxTable, default_fx

__all__ = ["Landscape", "build_landscape", "shipped_landscape", "landscape_settings", "FOLDER",
           "SOURCES_FILE", "SETTINGS_FILE", "company_file_names"]

FOLDER = "landscape"
SOURCES_FILE = "sources.yaml"
SETTINGS_FILE = "settings.yaml"
COMPANY_PREFIX = "companies_"

Figure = Round | Valuation | Revenue | MarketMark


@dataclass(frozen=True)
class Landscape:
    """The validated dataset: companies (in file order) and the source registry."""

    companies: tuple[Company, ...]
    sources: Mapping[str, Source]
    cutoff: dt.date

    def company(self, company_id: str) -> Company:
        for c in self.companies:
            if c.id == company_id:
                return c
        raise KeyError(company_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.companies)

    def source_of(self, figure: Figure) -> Source:
        return self.sources[figure.source]

    def available_on(self, figure: Figure) -> dt.date:
        """The first day the figure could be known: the later of its own date (a month or a year read
        as its last day) and its source's publication date."""
        return max(date_end(figure.date), date_end(self.sources[figure.source].published))

    def counts(self) -> dict[str, int]:
        """Companies, figures (rounds, valuations, revenue figures, market marks) and sources used."""
        used = {f.source for _, _, f in iter_figures(self.companies)}
        used |= {c.listed.source for c in self.companies if c.listed and c.listed.source}
        return {"companies": len(self.companies), "figures": sum(1 for _ in iter_figures(self.companies)),
                "sources": len(used)}


def iter_figures(companies: tuple[Company, ...]) -> Iterator[tuple[int, str, Figure]]:
    """``(company index, field path below the company, figure)`` for every figure."""
    for i, c in enumerate(companies):
        for name in ("rounds", "valuations", "revenue", "market"):
            for j, figure in enumerate(getattr(c, name)):
                yield i, f"{name}[{j}]", figure


def build_landscape(sources: Mapping[str, Any], files: Mapping[str, Mapping[str, Any]], *,
                    settings: LandscapeSettings | None = None, fx: FxTable | None = None,
                    sources_name: str = SOURCES_FILE) -> Landscape:
    """Validate the source registry ``sources`` and the company files ``files`` (file name -> parsed
    content) into a :class:`Landscape`; :class:`InputError` naming the file and the path otherwise."""
    settings = settings or landscape_settings()
    fx = fx or default_fx()
    registry = validate(SourcesFile, dict(sources), sources_name).sources
    cutoff = settings.cutoff.value
    companies: list[Company] = []
    where: list[tuple[str, int]] = []
    for name, data in files.items():
        parsed = validate(CompaniesFile, dict(data), name)
        for k, company in enumerate(parsed.companies):
            companies.append(company)
            where.append((name, k))
    problems: dict[str, list[Problem]] = {}
    seen: dict[str, str] = {}
    for (name, k), company in zip(where, companies, strict=True):
        at = f"companies[{k}]"
        if company.id in seen:
            problems.setdefault(name, []).append(
                Problem(f"{at}.id", "landscape.expected.unique_id", company.id, params={"file": seen[company.id]}))
        seen.setdefault(company.id, name)
        if company.listed and company.listed.source and company.listed.source not in registry:
            problems.setdefault(name, []).append(
                Problem(f"{at}.listed.source", "landscape.expected.known_source", company.listed.source,
                        params={"file": sources_name}))
        if company.listed and company.listed.since and date_end(company.listed.since) > cutoff:
            problems.setdefault(name, []).append(
                Problem(f"{at}.listed.since", "landscape.expected.before_cutoff", company.listed.since,
                        params={"cutoff": cutoff.isoformat()}))
    for index, path, figure in iter_figures(tuple(companies)):
        name, k = where[index]
        at = f"companies[{k}].{path}"
        if figure.source not in registry:
            problems.setdefault(name, []).append(
                Problem(f"{at}.source", "landscape.expected.known_source", figure.source, params={"file": sources_name}))
        if figure.currency not in fx.rates:
            problems.setdefault(name, []).append(
                Problem(f"{at}.currency", "landscape.expected.known_currency", figure.currency,
                        params={"known": ", ".join(sorted(fx.rates))}))
        if date_end(figure.date) > cutoff:
            problems.setdefault(name, []).append(
                Problem(f"{at}.date", "landscape.expected.before_cutoff", figure.date, params={"cutoff": cutoff.isoformat()}))
    for sid, src in registry.items():
        if date_end(src.published) > cutoff:
            problems.setdefault(sources_name, []).append(
                Problem(f"sources.{sid}.published", "landscape.expected.before_cutoff", src.published,
                        params={"cutoff": cutoff.isoformat()}))
    if problems:
        name = next(iter(problems))
        raise InputError(name, problems[name])
    return Landscape(companies=tuple(companies), sources=dict(registry), cutoff=cutoff)


def company_file_names() -> tuple[str, ...]:
    """The shipped company files, ``landscape/companies_*.yaml``, sorted."""
    from goldmine.datafiles import data_names

    return tuple(n for n in data_names(FOLDER) if n.startswith(COMPANY_PREFIX) and n.endswith(".yaml"))


def landscape_settings() -> LandscapeSettings:
    """The shipped comparables settings (``data/landscape/settings.yaml``), each value with its source."""
    return load_config(LandscapeSettings, f"{FOLDER}/{SETTINGS_FILE}")


@lru_cache(maxsize=1)
def shipped_landscape() -> Landscape:
    """The dataset shipped in ``goldmine/data/landscape/`` (validated once per process)."""
    sources = shipped(f"{FOLDER}/{SOURCES_FILE}")
    files = {f"goldmine/data/{FOLDER}/{n}": shipped(f"{FOLDER}/{n}") for n in company_file_names()}
    return build_landscape(sources, files, sources_name=f"goldmine/data/{FOLDER}/{SOURCES_FILE}")
