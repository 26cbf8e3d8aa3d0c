"""Use cases of the AI landscape (issue #15, points 1 and 2): ``goldmine landscape`` and ``goldmine comps``.

* :func:`run_landscape` — the companies of the shipped landscape (or a given one) passing a
  :class:`~goldmine.landscape.LandscapeFilter`, with funding totals by segment and country in USD
  (:class:`~goldmine.landscape.LandscapeView`);
* :func:`run_comps` — the named comparables of a loaded :class:`~goldmine.model.Startup`
  (:class:`~goldmine.landscape.ComparableSet`), as of the profile's ``financials.as_of`` unless an
  ``as_of`` is given.  The market method of the valuation reads this result.

Neither function prints or reads a file of its own; the CLI, the reports and the web API call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from goldmine.landscape import (
    ComparableSet,
    Landscape,
    LandscapeFilter,
    LandscapeView,
    comparables,
    landscape_view,
    shipped_landscape,
)
from goldmine.model import Startup

__all__ = ["run_landscape", "run_comps"]


def run_landscape(filters: LandscapeFilter | None = None, landscape: Landscape | None = None) -> LandscapeView:
    """The landscape's companies passing ``filters`` (default: all), with funding totals (USD)."""
    return landscape_view(landscape or shipped_landscape(), filters or LandscapeFilter())


def run_comps(profile: Startup, *, as_of: dt.date | None = None, pin: Sequence[str] = (), exclude: Sequence[str] = (),
              n: int | None = None, landscape: Landscape | None = None) -> ComparableSet:
    """The ``n`` (default 8, ``data/landscape/settings.yaml``) comparables most similar to ``profile``
    on ``as_of``, pinned companies always included, excluded ones never."""
    return comparables(profile, landscape, as_of=as_of, pin=pin, exclude=exclude, n=n)
