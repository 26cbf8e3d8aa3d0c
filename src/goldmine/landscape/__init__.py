"""The AI landscape: a dated, sourced dataset of AI companies and named comparables (issue #15).

* :mod:`goldmine.landscape.schema` — the dataset's schema (companies, rounds, valuations, revenue,
  market marks, the source registry, the comparables settings);
* :mod:`goldmine.landscape.data` — :class:`Landscape`, its validator :func:`build_landscape` and the
  shipped dataset :func:`shipped_landscape` (``goldmine/data/landscape/``, a compilation of published
  facts with citations, licence in ``goldmine/data/NOTICE-landscape.md``);
* :mod:`goldmine.landscape.query` — filters, stages, funding totals by segment and country in USD
  (:func:`landscape_view` -> :class:`LandscapeView`);
* :mod:`goldmine.landscape.comparables` — :func:`comparables`: named comparables by a documented
  similarity score over segment, vertical, country, stage and size, each with its multiple, the
  multiple's date and source, staleness and the reasons it was chosen (:class:`ComparableSet`).

Pure (layer 2): no file I/O, no printing; the shipped data are read through :mod:`goldmine.config`.
"""

from goldmine.landscape.comparables import (
    Comparable,
    ComparableSet,
    Multiple,
    ProfilePosition,
    company_multiple,
    comparables,
    profile_segment,
)
from goldmine.landscape.data import (
    Landscape,
    build_landscape,
    landscape_settings,
    shipped_landscape,
)
from goldmine.landscape.query import (
    CompanyRow,
    FundingTotal,
    LandscapeFilter,
    LandscapeView,
    funding_totals,
    landscape_view,
    select,
    stage_as_of,
)
from goldmine.landscape.schema import SEGMENTS, Company, LandscapeSettings, date_end

__all__ = [
    "Comparable", "ComparableSet", "Multiple", "ProfilePosition", "company_multiple", "comparables",
    "profile_segment", "Landscape", "build_landscape", "landscape_settings", "shipped_landscape", "CompanyRow",
    "FundingTotal", "LandscapeFilter", "LandscapeView", "funding_totals", "landscape_view", "select",
    "stage_as_of", "SEGMENTS", "Company", "LandscapeSettings", "date_end",
]
