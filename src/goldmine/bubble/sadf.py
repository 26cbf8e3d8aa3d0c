"""SADF (PWY 2011), BSADF and GSADF (PSY 2015) on a series, with the window convention stated.

Implements

* :func:`minimum_window` — PSY's rule r0 = 0.01 + 1.8 / sqrt(T) (Phillips, Shi and Yu 2015,
  IER 56(4), p. 1054), a window of ``floor(T * r0)`` **observations** (T = 1,680 gives 90).  A window
  of w observations holds w - 1 - k regression rows at lag k; exuber's ``minw`` counts rows, so
  exuber ``minw = m`` is ``window = m + 1 + k`` here (:func:`window_from_exuber`).
* :func:`radf` — ADF (full sample), the forward ADF sequence and SADF (Phillips, Wu and Yu 2011,
  IER 52(1), eq. 3), the BSADF sequence and GSADF (PSY 2015, eqs. 5-6), in one O(T^2) sweep
  (:mod:`goldmine.bubble.adf`).  Lag 0 is the default, as in exuber; PSY recommend a small fixed lag
  (PSY 2015 p. 1058, quoted by exuber's maintainer in exuber issue #13).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from goldmine.bubble.adf import FloatArray, check_ic, recursive_adf
from goldmine.errors import AnalysisError
from goldmine.results import Result


def minimum_window(T: int) -> int:
    """PSY's minimum window in observations: ``floor(T * (0.01 + 1.8 / sqrt(T)))``."""
    return int(math.floor(T * (0.01 + 1.8 / math.sqrt(T))))


def window_from_exuber(minw: int, lags: int = 0) -> int:
    """exuber's ``minw`` (regression rows) as a window in observations here."""
    return int(minw) + 1 + int(lags)


def check_window(T: int, window: int, lags: int) -> None:
    """Raise :class:`AnalysisError` when the window cannot hold a regression with ``lags`` lags."""
    need = 2 * lags + 4   # rows = window - 1 - k must exceed the k + 2 parameters by at least one
    if window < need:
        raise AnalysisError("bubble.error.window_too_short", path="window", window=window, lags=lags, need=need)
    if T < window:
        raise AnalysisError("bubble.error.shorter_than_window", T=T, window=window)


@dataclass(frozen=True)
class RecursiveADF(Result):
    """Statistics of the recursive right-tailed ADF family on one series.

    ``forward[j]`` and ``bsadf[j]`` belong to observation ``window - 1 + j`` (0-based).
    """

    adf: float
    sadf: float
    gsadf: float
    forward: FloatArray
    bsadf: FloatArray
    window: int
    lags: int
    ic: str | None
    T: int

    @property
    def first(self) -> int:
        """Position of the first observation that has a forward ADF / BSADF value."""
        return self.window - 1

    def summary(self, lang: str | None = None) -> str:
        return f"ADF {self.adf:.3f}  SADF {self.sadf:.3f}  GSADF {self.gsadf:.3f}  (T={self.T}, window={self.window}, lags={self.lags})"


def radf(y: ArrayLike, window: int | None = None, lags: int = 0, ic: str | None = None) -> RecursiveADF:
    """Recursive ADF statistics of ``y`` (array-like of floats, already logged or not as wanted).

    ``window`` is in observations (default :func:`minimum_window`); ``lags`` is the fixed lag, or
    the largest lag searched when ``ic`` is "aic" or "bic".
    """
    y = np.asarray(y, dtype=np.float64).ravel()
    T = y.shape[0]
    check_ic(ic)
    if lags < 0:
        raise AnalysisError("bubble.error.negative_lags", path="lags", lags=lags)
    w = minimum_window(T) if window is None else int(window)
    check_window(T, w, lags)
    if not np.all(np.isfinite(y)):
        raise AnalysisError("bubble.error.not_finite")
    forward, bsadf = recursive_adf(y, w, lags, ic)
    return RecursiveADF(adf=float(forward[-1]), sadf=float(np.nanmax(forward)), gsadf=float(np.nanmax(bsadf)),
                        forward=forward, bsadf=bsadf, window=w, lags=int(lags), ic=None if ic == "fixed" else ic, T=T)
