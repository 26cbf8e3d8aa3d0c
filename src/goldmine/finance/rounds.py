"""The next funding round: whether it comes, when, and how big (issue #4).

* Probability that a next round happens at all — the share of a cohort that graduates from the
  current round to the next (Carta, US companies founded in 2018: 56.4 % priced seed, 36.4 %
  Series A, 14.8 % Series B, 4.4 % Series C), taken conditionally:
  ``P(A | seed) = 0.364 / 0.564``, ``P(B | A) = 0.148 / 0.364``, ``P(C | B) = 0.044 / 0.148``.
  CB Insights' 2008-10 seed cohort (46 % raised a second round) is reported beside it as a
  cross-check.  Cohorts still being observed make these lower bounds.
* Time between rounds — lognormal around the published median (Carta Q4 2024: seed to A median
  774 days; Crunchbase 2024: A to B median 28 months), with dispersion ``gap_dispersion``
  (an assumption).  Time already elapsed since the last round is accounted for: the gap is drawn
  conditionally on exceeding it, and the probability that the round comes at all is updated by
  Bayes' rule, ``p' = p S(e) / (p S(e) + 1 - p)`` with ``S`` the lognormal survival function at
  the elapsed time ``e`` (a mixture "cure" model: Boag 1949; Farewell 1982, Biometrics 38).
* Size — the last round times the median step-up between the two rounds (Carta Q1 2024 median
  round sizes: seed $3.5M, A $9.3M, B $21M; only ratios are used, so the currency does not
  matter), lognormal with ``size_dispersion``; without a past round, or where no step-up is
  published, 18 months of gross burn (an assumption).

Where each number comes from is a :class:`~goldmine.i18n.messages.Message` (a key of
``i18n/finance.yaml`` with the figures and the data file's citation as parameters), rendered in the
reader's language only at the edge.  Defaults: :class:`goldmine.finance.config.FinanceConfig`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from goldmine.finance.assumptions import Assumptions
from goldmine.finance.config import FinanceConfig
from goldmine.i18n.messages import Message, Term
from goldmine.model import Startup
from goldmine.results import Result

DAYS_PER_MONTH = 365.25 / 12

# current stage -> (next round, graduation numerator, denominator, gap key, step-up from, step-up to)
_LADDER: dict[str, tuple[str, str, str | None, str, str | None, str | None]] = {
    "idea": ("seed", "seed", None, "seed_to_a", None, None),
    "pre_seed": ("seed", "seed", None, "seed_to_a", None, None),
    "seed": ("series_a", "series_a", "seed", "seed_to_a", "seed", "series_a"),
    "angel": ("series_a", "series_a", "seed", "seed_to_a", "seed", "series_a"),
    "series_a": ("series_b", "series_b", "series_a", "a_to_b", "series_a", "series_b"),
    "series_b": ("series_c", "series_c", "series_b", "a_to_b", None, None),
    "series_c_plus": ("later round", "series_c", "series_b", "a_to_b", None, None),
    "growth": ("later round", "series_c", "series_b", "a_to_b", None, None),
}


@dataclass(frozen=True)
class NextRound(Result):
    """The distribution of the next round, as used by the Monte Carlo."""

    next_stage: str
    probability: float              # that it ever happens, before conditioning on elapsed time
    probability_now: float          # after conditioning on the time already elapsed
    probability_source: Message
    cross_check: Message | None
    median_gap_months: float
    gap_source: Message
    elapsed_months: float
    median_amount: float
    amount_source: Message
    gap_dispersion: float
    size_dispersion: float

    def sample(self, rng: np.random.Generator, n: int, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        """Month (1..horizon, or horizon + 1 = none) and amount of the next round for ``n`` paths."""
        mu, s = math.log(self.median_gap_months), self.gap_dispersion
        happens = rng.random(n) < self.probability_now
        if s > 0:
            f_e = stats.norm.cdf((math.log(max(self.elapsed_months, 1e-9)) - mu) / s) if self.elapsed_months > 0 else 0.0
            u = f_e + rng.random(n) * (1.0 - f_e)
            gap = np.exp(mu + s * stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12)))
        else:
            gap = np.full(n, max(self.median_gap_months, self.elapsed_months))
        month = np.ceil(gap - self.elapsed_months)
        month = np.where(happens & (month <= horizon), np.maximum(month, 1.0), horizon + 1.0)
        size = self.median_amount * np.exp(self.size_dispersion * rng.standard_normal(n)) if self.size_dispersion > 0 \
            else np.full(n, self.median_amount)
        return month.astype(np.int32), size


def next_stage_label(stage: str, lang: str | None = None) -> str:
    """The next round's stage id (``series_b``, ``later round``) in words, in ``lang``."""
    from goldmine.i18n import has_key, t

    key = "finance.next_stage." + stage.replace(" ", "_")
    return t(key, lang) if has_key(key) else stage


ASSUMED = Message("finance.source.assumption")


def next_round(profile: Startup, assumptions: Assumptions, as_of: dt.date, gross_burn: float,
               config: FinanceConfig | None = None) -> NextRound:
    """The next-round distribution for a profile: stage ladder, configured defaults, assumptions."""
    cfg = config or FinanceConfig.shipped()
    data, unc = cfg.rounds, cfg.uncertainty
    stage = profile.stage.value
    nxt, num, den, gap_key, step_from, step_to = _LADDER[stage]
    grad = data.graduation.carta_2018
    rates = {"seed": grad.seed, "series_a": grad.series_a, "series_b": grad.series_b, "series_c": grad.series_c}
    if assumptions.p_next_round is not None:
        p, p_src = assumptions.p_next_round, ASSUMED
    elif den:
        p = rates[num] / rates[den]
        p_src = Message("finance.source.graduation_conditional", {"rate": rates[num], "base": rates[den], "source": grad.source})
    else:
        p = rates[num]
        p_src = Message("finance.source.graduation", {"rate": rates[num], "source": grad.source})
    cross = None
    if stage in ("seed", "angel", "pre_seed", "idea"):
        cbi = data.graduation.cbinsights_2008_2010
        cross = Message("finance.source.cbinsights_cross_check", {"share": cbi.second_round})
    gap_entry = data.months_between.seed_to_a if gap_key == "seed_to_a" else data.months_between.a_to_b
    if assumptions.months_between_rounds is not None:
        gap, gap_src = assumptions.months_between_rounds, ASSUMED
    else:
        gap, gap_src = float(gap_entry.value), Message("finance.source.data", {"source": gap_entry.source})
    last = profile.rounds[-1] if profile.rounds else None
    start = last.date if last else profile.identity.founded
    elapsed = max((as_of - start).days / DAYS_PER_MONTH, 0.0)
    sizes = data.median_size_usd
    if assumptions.next_round_amount is not None:
        amount, a_src = assumptions.next_round_amount, ASSUMED
    elif last is not None and step_from and step_to:
        ratio = sizes.of(step_to) / sizes.of(step_from)
        amount = last.amount * ratio
        a_src = Message("finance.source.step_up", {"ratio": ratio, "from_stage": Term(f"finance.next_stage.{step_from}"),
                                                   "to_stage": Term(f"finance.next_stage.{step_to}"), "source": sizes.source})
    else:
        months = data.months_of_burn_raised
        amount = gross_burn * months.value
        a_src = Message("finance.source.months_of_burn", {"months": months.value, "source": months.source})
    g_disp = assumptions.gap_dispersion if assumptions.gap_dispersion is not None else unc.gap_dispersion.value
    s_disp = assumptions.size_dispersion if assumptions.size_dispersion is not None else unc.size_dispersion.value
    p_now = p
    if g_disp > 0 and elapsed > 0:
        surv = float(stats.norm.sf((math.log(elapsed) - math.log(gap)) / g_disp))
        p_now = p * surv / (p * surv + 1.0 - p) if p < 1 else 1.0
    return NextRound(nxt, float(p), float(p_now), p_src, cross, float(gap), gap_src, float(elapsed), float(amount), a_src,
                     float(g_disp), float(s_disp))
