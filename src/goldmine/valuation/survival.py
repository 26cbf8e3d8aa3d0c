"""Survival of a company's cash flows from the stage priors (issue #15, venture-capital-method style).

The DCF weights the cash flow of year t by the chance the company still operates then.  The chance
comes from the same stage priors the runway (:mod:`goldmine.finance`) and the deal engine
(:mod:`goldmine.deal`) use, read from their configurations so all three agree:

* the ladder of rounds seed, Series A, B, C, D and Carta's 2018-cohort graduation: 56.4 % raised a
  priced seed, 36.4 % a Series A, 14.8 % a B, 4.4 % a C (``data/finance.yaml``), 1.1 % a D
  (``data/deal.yaml``); the chance of raising the next round is the ratio of two rungs (seed to A:
  36.4 / 56.4 = 64.5 %), the first rung itself for a company before its seed;
* the median time between rounds: seed to A 774 days (Carta Q4 2024), A to B 28 months (Crunchbase
  2024), later gaps 28 months (``data/deal.yaml``); the first gap counts from the last round (or the
  founding) to the valuation date;
* a company that does not raise its next round stalls; of the stalled ones 22 % are sold (CB Insights,
  The Venture Capital Funnel, 2016) and 26.7 % carry on (Carta 2018 cohort, 32.2 % live as of
  2025-01-01): the remaining 51.3 % shut down.

So the survival through round i is ``s_i = 1 - (1 - g_i) x 51.3 %``; S(t) falls log-linearly from
1 today through the product of the ``s_i`` at each round's median date, and stays flat after Series
D (the ladder's end, where the deal engine exits).  A sale is not a failure here: the buyer pays for
the business the cash flows describe.

* :func:`ladder` — the rounds ahead of a stage: (round, chance of raising it, months until it);
* :func:`stage_survival` — S(t) at the given years.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from goldmine.valuation.base import interp

DAYS_PER_MONTH = 365.25 / 12
LADDER = ("seed", "series_a", "series_b", "series_c", "series_d")
# our stage -> index in LADDER of the next round it raises
NEXT_ROUND = {"idea": 0, "pre_seed": 0, "seed": 1, "angel": 1, "series_a": 2, "series_b": 3, "series_c_plus": 4,
              "growth": 4}


@dataclass(frozen=True)
class Rung:
    """A round ahead: its name, the chance of raising it given the round before, the chance of
    surviving through it, and the months from the valuation date to its median date."""

    round: str
    graduation: float
    survival: float
    months: float

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "graduation": self.graduation, "survival": self.survival, "months": self.months}


def _priors() -> tuple[dict[str, float], dict[str, float], float, dict[str, str]]:
    """Graduation rungs, gaps (months before each round), shut-down share of stalls, sources."""
    from goldmine.deal.config import DealConfig
    from goldmine.finance.config import FinanceConfig

    fin = FinanceConfig.shipped().rounds
    deal = DealConfig.shipped()
    grad = fin.graduation.carta_2018
    rungs = {"seed": grad.seed, "series_a": grad.series_a, "series_b": grad.series_b, "series_c": grad.series_c,
             "series_d": float(deal.graduation.series_d.value)}
    later = float(deal.months_between.later.value)
    gaps = {"seed": float(fin.months_between.seed_to_a.value), "series_a": float(fin.months_between.seed_to_a.value),
            "series_b": float(fin.months_between.a_to_b.value), "series_c": later, "series_d": later}
    out = deal.outcomes
    shut = 1.0 - float(out.acquired_if_stalled.value) - float(out.lives_on_if_stalled.value)
    sources = {"graduation": grad.source, "series_d": deal.graduation.series_d.source,
               "acquired_if_stalled": out.acquired_if_stalled.source, "lives_on_if_stalled": out.lives_on_if_stalled.source,
               "months_between": fin.months_between.seed_to_a.source}
    return rungs, gaps, shut, sources


def shut_down_share() -> float:
    """Share of stalled companies that shut down (1 - sold - carrying on)."""
    return _priors()[2]


def ladder(stage: str, elapsed_months: float) -> list[Rung]:
    """The rounds ahead of ``stage``, ``elapsed_months`` after the last round (or the founding)."""
    rungs, gaps, shut, _ = _priors()
    first = NEXT_ROUND.get(stage, len(LADDER) - 1)
    out: list[Rung] = []
    t = 0.0
    for i in range(first, len(LADDER)):
        name = LADDER[i]
        g = rungs[name] if i == 0 else rungs[name] / rungs[LADDER[i - 1]]
        gap = gaps[name]
        t += max(0.0, gap - elapsed_months) if i == first else gap
        out.append(Rung(name, g, 1.0 - (1.0 - g) * shut, t))
    return out


def elapsed_months(last_event: dt.date, valuation_date: dt.date) -> float:
    return max(0.0, (valuation_date - last_event).days / DAYS_PER_MONTH)


def stage_survival(stage: str, elapsed: float, years: Sequence[float]) -> list[float]:
    """S(t) for each t in ``years`` (years from the valuation date): log-linear between the rounds'
    median dates, flat after the last round; a round already due (elapsed past its median gap) takes
    its toll at once."""
    rungs = ladder(stage, elapsed)
    xs = [0.0]
    logs = [0.0]
    log_s = 0.0
    for r in rungs:
        log_s += math.log(r.survival)
        x = r.months / 12.0
        if x <= xs[-1]:      # due now: the toll is taken at t = 0
            logs[-1] = log_s
            continue
        xs.append(x)
        logs.append(log_s)
    if len(xs) == 1:
        return [math.exp(logs[0]) for _ in years]
    return [math.exp(interp(float(t), xs, logs)) for t in years]


def sources() -> dict[str, str]:
    """Where the priors come from (for the method's assumptions)."""
    return _priors()[3]
