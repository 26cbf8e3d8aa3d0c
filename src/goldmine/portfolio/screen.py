"""The screening rule: rank screened companies and filter them (issue #19, point 1).

A screened company is a :class:`ScreenRow`: the headline facts of its profile and the figures of its
due-diligence run (:func:`goldmine.pipeline.screen.run_screen` builds the rows).

**Ranking** (:func:`rank`), best first, each key breaking the ties of the one before:

1. the verdict of the recommendation (:mod:`goldmine.pipeline.recommend`), in the order
   invest > watch > insufficient > pass (:data:`VERDICT_ORDER`): an "insufficient evidence" company
   may still be worth a meeting, a "pass" is not;
2. the risk engine's overall score, ascending (lower risk first; a company without one last);
3. the expected (mean) gross MOIC of the proposed round, descending, when the profile proposes one
   (companies without a proposal after those with one);
4. the outcome model's probability of success, descending, when it gives one;
5. the id, then the position in the input: a stable, total order.

A venture fund's first screen looks at the company before the price (verdict and risk), then at the
returns of the terms on the table, the power law of venture returns making the mean multiple, not the
median, the quantity a fund's returns depend on (Correlation Ventures' outcome buckets: a few outliers
return the fund).  The outcome probability comes last: goldmine's outcome model is not yet usable for
a verdict (docs/outcomes.md), so it only breaks ties.

**Filters** (:class:`ScreenFilter`): verdicts, a maximum risk score, a minimum mean MOIC (a company
without a proposal has none and is left out), stages, verticals and countries; every filter left
``None`` keeps everything.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

VERDICT_ORDER = {"invest": 0, "watch": 1, "insufficient": 2, "pass": 3}


@dataclass(frozen=True)
class ScreenRow:
    """One screened company: its facts and the figures of its due-diligence run.

    ``reasons`` is the number of reasons of the recommendation; ``risk_score`` the risk engine's overall
    score (0-100, higher is riskier); ``p_cash_out`` the runway Monte Carlo's P(cash runs out before
    the next round); ``valuation`` the central value of the valuation synthesis (in ``currency``);
    ``mean_moic`` and ``p_loss`` the proposed round's mean gross multiple and P(multiple < 1) (``None``
    without a proposal); ``outcome_probability`` the outcome model's probability of success (``None``
    when it gives none); ``seed`` the seed of the company's simulations; ``position`` its place in the
    input (0-based).
    """

    position: int
    id: str
    name_en: str
    name_zh: str
    stage: str
    vertical: str
    country: str
    currency: str
    verdict: str
    reasons: int
    risk_score: float | None
    p_cash_out: float | None
    valuation: float | None
    mean_moic: float | None
    p_loss: float | None
    outcome_probability: float | None
    seed: int

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _desc(x: float | None) -> float:
    """Descending order, missing last."""
    return math.inf if x is None or not math.isfinite(x) else -x


def _asc(x: float | None) -> float:
    return math.inf if x is None or not math.isfinite(x) else x


def rank_key(row: ScreenRow) -> tuple[Any, ...]:
    """The ranking rule of the module docstring as a sort key (smaller is better)."""
    return (VERDICT_ORDER.get(row.verdict, len(VERDICT_ORDER)), _asc(row.risk_score), _desc(row.mean_moic),
            _desc(row.outcome_probability), row.id, row.position)


def rank(rows: Iterable[ScreenRow]) -> tuple[ScreenRow, ...]:
    """``rows`` best first (module docstring)."""
    return tuple(sorted(rows, key=rank_key))


@dataclass(frozen=True)
class ScreenFilter:
    """Which rows to keep; ``None`` keeps everything.  Values are the profile's codes (``series_a``,
    ``medical``, ``CN``); countries are compared in upper case."""

    verdicts: tuple[str, ...] | None = None
    max_risk: float | None = None
    min_moic: float | None = None
    stages: tuple[str, ...] | None = None
    verticals: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None

    def keeps(self, row: ScreenRow) -> bool:
        if self.verdicts is not None and row.verdict not in self.verdicts:
            return False
        if self.max_risk is not None and (row.risk_score is None or row.risk_score > self.max_risk):
            return False
        if self.min_moic is not None and (row.mean_moic is None or row.mean_moic < self.min_moic):
            return False
        if self.stages is not None and row.stage not in self.stages:
            return False
        if self.verticals is not None and row.vertical not in self.verticals:
            return False
        return self.countries is None or row.country.upper() in {c.upper() for c in self.countries}

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


def select(rows: Sequence[ScreenRow], where: ScreenFilter | None = None, top: int | None = None) -> tuple[ScreenRow, ...]:
    """The rows ``where`` keeps, ranked, at most ``top`` of them."""
    kept = rank(r for r in rows if where is None or where.keeps(r))
    return kept if top is None else kept[:top]
