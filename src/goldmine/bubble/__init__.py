"""Bubble tests: right-tailed recursive unit-root tests with date-stamping, and LPPLS (issue #7).

* :mod:`~goldmine.bubble.adf` — ADF on one window; forward ADF and BSADF for every window in O(T^2)
  (numba: compensated prefix sums at lag 0 with a per-window error bound, Welford running moments
  otherwise and as the fallback);
* :mod:`~goldmine.bubble.sadf` — :func:`radf`: ADF, SADF (Phillips, Wu and Yu 2011), BSADF and GSADF
  (Phillips, Shi and Yu 2015), PSY's minimum window;
* :mod:`~goldmine.bubble.critical` — Monte Carlo under PSY's null, Phillips-Shi (2020) wild
  bootstrap, shipped tables; p-values;
* :mod:`~goldmine.bubble.datestamp` — PSY / PWY episode dating with minimum duration delta log T;
* :mod:`~goldmine.bubble.series` — price/fundamental ratios, aggregation, log and input checks;
* :mod:`~goldmine.bubble.analysis` — :func:`analyze`: one run, :class:`BubbleReport`;
* :mod:`~goldmine.bubble.lppls` — LPPLS fits from many starts and the nested-window confidence
  indicator (Sornette et al.);
* :mod:`~goldmine.bubble.config` — the defaults of ``goldmine/data/bubble.yaml`` as a frozen model.

Pure: series in, frozen results out (numbers, dates and message keys); shipped tables are read
through :mod:`goldmine.datafiles`.  The use cases (``goldmine bubble``, the bubble section of
``goldmine sector``) are :mod:`goldmine.pipeline.bubble`; demo series are :mod:`goldmine.io.demo_data`.
"""

from goldmine.bubble.analysis import BubbleReport, analyze
from goldmine.bubble.config import BubbleConfig, LpplsConfig, bubble_config
from goldmine.bubble.critical import CriticalValues, monte_carlo, tabulated, wild_bootstrap
from goldmine.bubble.datestamp import Episode, min_duration, stamp
from goldmine.bubble.sadf import RecursiveADF, minimum_window, radf, window_from_exuber
from goldmine.bubble.series import aggregate, prepare, ratio

__all__ = [
    "analyze", "BubbleReport", "radf", "RecursiveADF", "minimum_window", "window_from_exuber",
    "monte_carlo", "wild_bootstrap", "tabulated", "CriticalValues", "stamp", "min_duration", "Episode",
    "ratio", "aggregate", "prepare", "BubbleConfig", "LpplsConfig", "bubble_config",
]
