"""One bubble-test run on one series: statistics, critical values, p-values, episodes, verdict.

Implements :func:`analyze`, which composes :func:`goldmine.bubble.sadf.radf`, a critical-value
method of :mod:`goldmine.bubble.critical` (``"table"``, ``"mc"``, ``"mc-exuber"`` or ``"wb"``) and
PSY date-stamping (:mod:`goldmine.bubble.datestamp`), and :class:`BubbleReport`, whose ``to_dict()``
has exactly the keys documented in ``docs/bubble.md``: ``adf``, ``sadf``, ``gsadf``,
``critical_values`` (per statistic: "90", "95", "99"), ``p_values``, ``bsadf`` (date, stat, cv95),
``episodes`` (start, end, peak, duration, peak_stat, ongoing, direction) and ``parameters``.

Verdict (PSY 2015, section 3): GSADF above its critical value rejects the unit root in favour of
explosive behaviour somewhere in the sample; an episode still open at the last date means the
series is explosive now.

Defaults (lag order, dating level, minimum duration, replications) come from
``goldmine/data/bubble.yaml`` through :class:`goldmine.bubble.config.BubbleConfig`.  Results hold
numbers, dates and message keys only; :meth:`BubbleReport.summary` renders text in a language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from goldmine.bubble.adf import FloatArray
from goldmine.bubble.config import BubbleConfig, bubble_config
from goldmine.bubble.critical import (
    LEVELS,
    CriticalValues,
    OnDone,
    monte_carlo,
    tabulated,
    wild_bootstrap,
)
from goldmine.bubble.datestamp import Episode, episodes, min_duration
from goldmine.bubble.sadf import RecursiveADF, check_window, minimum_window, radf
from goldmine.bubble.series import prepare
from goldmine.errors import AnalysisError
from goldmine.i18n import get_lang, t
from goldmine.results import Result

CV_METHODS = ("table", "mc", "mc-exuber", "wb")


@dataclass(frozen=True)
class BubbleReport(Result):
    """Statistics, critical values, p-values and episodes of one series.

    Read by reports: ``stats`` (:class:`~goldmine.bubble.sadf.RecursiveADF`: ``adf``, ``sadf``, ``gsadf``,
    ``bsadf``, ``forward``, ``T``, ``window``, ``lags``, ``ic``), ``cv`` (:class:`CriticalValues`:
    ``level(name, pct)``, ``bsadf[:, LEVELS.index(pct)]``, ``method``, ``reps``, ``seed``, ``notes``),
    ``episodes`` (:class:`~goldmine.bubble.datestamp.Episode`: ``start``, ``peak``, ``end``, ``duration``,
    ``peak_stat``, ``ongoing``, ``direction``), ``dates`` (one per BSADF value), ``cv_line`` (the dating
    level's BSADF critical values), ``bsadf_cv95``, :meth:`p_values`, ``explosive``, ``ongoing``.
    """

    series: pd.Series          # the tested series (after log, if any)
    stats: RecursiveADF
    cv: CriticalValues
    episodes: tuple[Episode, ...]
    pwy_episodes: tuple[Episode, ...]
    log: bool
    significance: int
    delta: float
    min_duration: int

    @property
    def dates(self) -> pd.Index:
        return self.series.index[self.stats.first:]

    @property
    def cv_line(self) -> FloatArray:
        """The BSADF critical values at the dating level (``significance``), one per date of :attr:`dates`."""
        return self.cv.bsadf[:, LEVELS.index(self.significance)]

    @property
    def bsadf_cv95(self) -> FloatArray:
        """The 95 % BSADF critical values, one per date of :attr:`dates` (the ``cv95`` of the JSON)."""
        return self.cv.bsadf[:, LEVELS.index(95)]

    def p_values(self) -> dict[str, float | None]:
        return {name: self.cv.p_value(name, getattr(self.stats, name)) for name in ("adf", "sadf", "gsadf")}

    @property
    def explosive(self) -> bool:
        return self.stats.gsadf > self.cv.level("gsadf", self.significance)

    @property
    def ongoing(self) -> bool:
        return any(e.ongoing for e in self.episodes)

    def main_episode(self) -> Episode | None:
        """The episode with the largest BSADF."""
        return max(self.episodes, key=lambda e: e.peak_stat) if self.episodes else None

    def verdict_key(self) -> str:
        if not self.explosive:
            return "bubble.verdict.none"
        return "bubble.verdict.ongoing" if self.ongoing else "bubble.verdict.past"

    def to_dict(self) -> dict[str, Any]:
        """The keys of docs/bubble.md; language-neutral (notes are ``{key, params}``)."""
        from goldmine.jsonutil import to_jsonable

        crit = {name: {str(lv): float(getattr(self.cv, name)[i]) for i, lv in enumerate(LEVELS)} for name in ("adf", "sadf", "gsadf")}
        col = LEVELS.index(95)
        bsadf = [{"date": _iso(d), "stat": float(s), "cv95": float(c)}
                 for d, s, c in zip(self.dates, self.stats.bsadf, self.cv.bsadf[:, col], strict=True)]
        out: dict[str, Any] = to_jsonable({
            "adf": self.stats.adf, "sadf": self.stats.sadf, "gsadf": self.stats.gsadf,
            "critical_values": crit, "p_values": self.p_values(), "bsadf": bsadf,
            "episodes": [{"start": _iso(e.start), "end": _iso(e.end), "peak": _iso(e.peak), "duration": e.duration,
                          "peak_stat": e.peak_stat, "ongoing": e.ongoing, "direction": e.direction} for e in self.episodes],
            "parameters": {"T": self.stats.T, "window": self.stats.window, "lags": self.stats.lags, "ic": self.stats.ic,
                           "cv_method": self.cv.method, "reps": self.cv.reps, "seed": self.cv.seed, "log": self.log,
                           "significance": self.significance, "delta": self.delta, "min_duration": self.min_duration,
                           "start": _iso(self.series.index[0]), "end": _iso(self.series.index[-1]),
                           "notes": list(self.cv.notes)},
        })
        return out

    def summary(self, lang: str | None = None) -> str:
        L = lang or get_lang()
        p = self.p_values()
        lines = [t("bubble.summary.stats", L, adf=f"{self.stats.adf:.3f}", sadf=f"{self.stats.sadf:.3f}",
                   gsadf=f"{self.stats.gsadf:.3f}", cv=f"{self.cv.level('gsadf', self.significance):.3f}",
                   level=self.significance,
                   p="—" if p["gsadf"] is None else f"{p['gsadf']:.3f}"),
                 t(self.verdict_key(), L)]
        if self.episodes and not self.explosive:
            lines.append(t("bubble.summary.weak_episodes", L))
        for e in self.episodes:
            lines.append(t("bubble.summary.episode", L, start=_iso(e.start), end=_iso(e.end), peak=_iso(e.peak),
                           n=e.duration))
        return "\n".join(lines)


def _iso(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return value


def critical_values(method: str, y: FloatArray, T: int, window: int, lags: int, ic: str | None, reps: int | None,
                    seed: int | None, backend: Any = None, on_done: OnDone | None = None, control: int | None = None,
                    config: BubbleConfig | None = None) -> CriticalValues:
    """Dispatch to a critical-value method (``CV_METHODS``); replications default to ``config``'s."""
    d = config or bubble_config()
    if method == "table":
        return tabulated(T, window if window != minimum_window(T) else None, lags)
    if method in ("mc", "mc-exuber"):
        return monte_carlo(T, window, lags, ic, d.mc_reps.value if reps is None else reps, seed,
                           bsadf_rule="psy" if method == "mc" else "exuber", backend=backend, on_done=on_done)
    if method == "wb":
        return wild_bootstrap(y, window, lags, ic, d.wb_reps.value if reps is None else reps, seed,
                              d.wb_control.value if control is None else control,
                              backend=backend, on_done=on_done)
    raise AnalysisError("bubble.error.unknown_cv", path="cv", method=method, choices=", ".join(CV_METHODS))


MAX_DELTA = 100.0   # the CLI's cap (goldmine.pipeline.settings BubbleSettings.delta)


def _check_options(delta: float, reps: int | None, control: int | None) -> None:
    """Refuse absurd options before any work (an explicit 0 is an error, not "use the default")."""
    if not (0 <= delta <= MAX_DELTA):   # also refuses NaN; beyond 100 x log T no episode can last (and exp overflows)
        raise AnalysisError("bubble.error.delta", path="delta", delta=delta, max=MAX_DELTA)
    if reps is not None and int(reps) < 1:
        raise AnalysisError("bubble.error.reps", path="reps", reps=reps)
    if control is not None and int(control) < 1:
        raise AnalysisError("bubble.error.control", path="control", control=control)


def analyze(series: pd.Series | npt.ArrayLike, *, log: bool = False, lags: int | None = None, ic: str | None = None,
            window: int | None = None, cv: str = "table", reps: int | None = None, seed: int | None = None,
            significance: int | None = None, delta: float | None = None, control: int | None = None,
            backend: Any = None, on_done: OnDone | None = None, source: str | None = None,
            config: BubbleConfig | None = None) -> BubbleReport:
    """Run the PSY bubble test on ``series`` (pandas Series with dates, or an array).

    ``log`` takes natural logs first; ``window`` is in observations (default PSY's minimum window);
    ``cv`` is one of ``"table"`` (shipped tables), ``"mc"`` (PSY Monte Carlo), ``"mc-exuber"``
    (exuber-compatible BSADF line) or ``"wb"`` (Phillips-Shi wild bootstrap).  Options left ``None``
    take ``config``'s values (default: the shipped ``data/bubble.yaml``).
    """
    d = config or bubble_config()
    if not isinstance(series, pd.Series):
        series = pd.Series(np.asarray(series, dtype=float), name="series")
    lags = d.lags.value if lags is None else int(lags)
    significance = d.significance.value if significance is None else int(significance)
    if significance not in LEVELS:
        raise AnalysisError("bubble.error.significance", path="significance", significance=significance,
                            choices=", ".join(map(str, LEVELS)))
    delta = d.delta.value if delta is None else float(delta)
    _check_options(delta, reps, control)
    need = max(d.min_obs.value, (window or 0) + 1)
    y = prepare(series, log, need, source)
    T = len(y)
    w = minimum_window(T) if window is None else int(window)
    check_window(T, w, lags)
    stats = radf(y.to_numpy(), w, lags, ic)
    cvs = critical_values(cv, y.to_numpy(), T, w, lags, ic, reps, seed, backend, on_done, control, d)
    L = min_duration(T, delta)
    col = LEVELS.index(significance)
    values = np.asarray(series.to_numpy(), dtype=float)
    eps = episodes(y.index, values, stats.bsadf, cvs.bsadf[:, col], stats.first, L)
    pwy = episodes(y.index, values, stats.forward, cvs.forward[:, col], stats.first, L)
    return BubbleReport(series=y, stats=stats, cv=cvs, episodes=tuple(eps), pwy_episodes=tuple(pwy), log=log,
                        significance=significance, delta=delta, min_duration=L)
