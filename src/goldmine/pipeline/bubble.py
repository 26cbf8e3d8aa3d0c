"""Use cases of the bubble tests: ``goldmine bubble``, its LPPLS second opinion and the bubble section of
``goldmine sector`` (issue #12).

The CLI, the demo and the sector view call these functions, so the same series and settings give the
same numbers everywhere.  They take a loaded series (never a path) and a settings object
(:mod:`goldmine.pipeline.settings`, defaults in ``data/settings.yaml``), print nothing and read no file.

* :func:`run_bubble` — ADF/SADF/GSADF with critical values, p-values and PSY date-stamping
  (:func:`goldmine.bubble.analyze`) with :class:`BubbleSettings`;
* :func:`lppls_confidence` — the nested-window LPPLS confidence indicator (Sornette et al. 2015) over
  the windows of :class:`LpplsSettings` (:meth:`LpplsSettings.window_range`);
* :func:`bubble_section` — both on log prices as the sector view runs them: :class:`BubbleSection`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from goldmine.bubble.analysis import BubbleReport, analyze
from goldmine.bubble.critical import OnDone
from goldmine.bubble.lppls import LPPLSConfidence, confidence
from goldmine.pipeline.settings import BubbleSettings, LpplsSettings, SectorSettings
from goldmine.results import Result


def run_bubble(series: pd.Series, settings: BubbleSettings | None = None, *, on_done: OnDone | None = None,
               source: str | None = None, **options: Any) -> BubbleReport:
    """``goldmine bubble``: the PSY tests on ``series`` with ``settings`` (default: ``data/settings.yaml``).

    ``options`` are the command's options (``log``, ``lags``, ``ic``, ``window``, ``cv``, ``reps``, ``seed``,
    ``significance``, ``delta``, ``control``, ``backend``); ``None`` means "not given" and keeps the
    setting.  ``on_done`` is told the number of replications finished (a progress bar); ``source`` names
    the input in error messages.
    """
    s = (settings or BubbleSettings.default()).with_(**options)
    return analyze(series, log=s.log, lags=s.lags, ic=None if s.ic == "fixed" else s.ic, window=s.window, cv=s.cv,
                   reps=s.reps, seed=s.seed, significance=s.significance, delta=s.delta, control=s.control,
                   backend=s.backend, on_done=on_done, source=source)


def lppls_confidence(series: pd.Series, settings: LpplsSettings | None = None, *, seed: int) -> LPPLSConfidence:
    """The nested-window LPPLS confidence of ``series`` (prices > 0) over ``settings.windows`` windows between
    ``settings.window_range(len(series))`` observations, all ending at the last date."""
    s = settings or LpplsSettings.default()
    shortest, longest = s.window_range(len(series))
    return confidence(series, min_window=shortest, max_window=longest, windows=s.windows, seed=seed)


@dataclass(frozen=True)
class BubbleSection(Result):
    """The bubble section of the sector view: the PSY tests on log prices (``report``) and, when the
    settings ask for it, the LPPLS confidence on the prices (``lppls``, else ``None``).

    ``to_dict()`` is ``report.to_dict()`` plus ``lppls`` (the LPPLS result's ``to_dict()``) when it ran.
    """

    report: BubbleReport
    lppls: LPPLSConfidence | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.report.to_dict()
        if self.lppls is not None:
            data["lppls"] = self.lppls.to_dict()
        return data

    def summary(self, lang: str | None = None) -> str:
        text = self.report.summary(lang)
        return text if self.lppls is None else text + "\n" + self.lppls.summary(lang)


def sector_bubble_settings(settings: SectorSettings) -> BubbleSettings:
    """The bubble settings the sector view runs with: log prices, its lags, critical values and seed
    (its replications only for simulated critical values)."""
    return BubbleSettings.default().with_(log=True, lags=settings.lags, cv=settings.cv, seed=settings.seed,
                                          reps=None if settings.cv == "table" else settings.reps)


def bubble_section(prices: pd.Series, settings: SectorSettings, lppls: LpplsSettings | None = None) -> BubbleSection:
    """PSY tests on log ``prices`` with the sector settings; LPPLS (``lppls``, default ``data/settings.yaml``)
    as a second opinion when ``settings.lppls``.  The numbers equal ``goldmine bubble --log`` (and
    ``--lppls``) on the same series with the same lags, critical values and seed."""
    report = run_bubble(prices, sector_bubble_settings(settings))
    conf = lppls_confidence(prices, lppls, seed=settings.seed) if settings.lppls else None
    return BubbleSection(report=report, lppls=conf)
