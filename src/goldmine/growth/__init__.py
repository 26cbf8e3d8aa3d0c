"""The one growth model of goldmine (issue #13; goldmine convention: one home per quantity).

Every section that projects a company's revenue — the runway projection and its Monte Carlo, the
valuation's revenue projection, the deal engine — asks this model, so a company grows the same way
everywhere.  The model (:class:`GrowthModel`, built by :func:`growth_model`):

* **Growth now**: the monthly log growth measured on the revenue history (at most the last 12 months,
  :func:`goldmine.metrics.revenue_growth`) with its standard error (the spread of the monthly steps,
  :func:`goldmine.metrics.growth.log_growth_steps`), combined with a prior for a company of the
  same annual run rate (ARR) by precision weighting (the normal-normal posterior:
  ``mu = w m + (1 - w) mu_prior``, ``w = tau^2 / (tau^2 + se^2)``).  A long, steady history keeps
  its measured growth; two or three months of pilot revenue shrink toward the prior and carry its
  wider uncertainty instead of being extrapolated.  The prior (``data/growth.yaml``) is the growth of
  a typical venture-backed software company at that ARR (Bessemer Venture Partners, KBCM surveys).
* **Decay**: the growth rate keeps a share ``p`` of itself each year ("growth endurance"): ``p = 0.70``
  while growth is above 100 % a year (Bessemer, Benchmarkit), ``p = 0.82`` below it (the Mendoza line,
  O'Driscoll, stated for 20-100 %).  :meth:`GrowthModel.decay_factors` gives ``f_t``, the share of
  today's growth left in month ``t``; a path's monthly log growth is ``(mu + shift) f_t``.
* **Ceiling**: monthly revenue never exceeds the obtainable market, ``K = SOM / 12`` (the profile's
  ``market.som``, an annual revenue); growth is damped as revenue approaches it, logistic style
  (``log step x (1 - R / K)`` for positive steps), and revenue is capped at ``K``
  (:meth:`GrowthModel.step`).  Without an SOM there is no ceiling, and the model says so.

The model is a plain, typed result: ``to_dict()`` gives its basis (``history``,
``history_and_prior``, ``prior``, ``assumption``, ``no_revenue``), the measured and prior figures,
the weight of the history, the persistence and the ceiling.
"""

from goldmine.growth.config import GrowthConfig
from goldmine.growth.model import GrowthModel, GrowthPrior, growth_model, prior_for

__all__ = ["GrowthConfig", "GrowthModel", "GrowthPrior", "growth_model", "prior_for"]
