"""The generic seed deal of the calibration (issue #14, "Done when"): stage priors only, no company data.

:func:`generic_seed` builds a seed-stage company and a seed round at the market price from
``data/deal.yaml`` ``generic_seed`` (Carta's Q4 2024 medians: $16M pre-money, $3.7M raised; a
$0.5M revenue run rate derived from Series A benchmarks): founders' common shares and a 10 %
unissued pool, one month of revenue (so growth comes from the prior of a company of that size,
:mod:`goldmine.growth`), no obtainable-market ceiling, no cap table history.  The investor takes
the whole round, 1x non-participating, without pro-rata: its gross multiple is the deal's.
``benchmarks/deal_calibration.py`` compares the simulated multiples with Correlation Ventures'
published distribution (US financings 2004-2013: 65 % below 1x, 4 % at 10x or more).
"""

from __future__ import annotations

from goldmine.deal.config import DealConfig
from goldmine.model import Startup
from goldmine.model.proposal import Proposal

AS_OF = "2025-01-31"


def generic_seed(config: DealConfig | None = None) -> tuple[Startup, Proposal]:
    """A generic seed-stage company and its seed round at the market price (module docstring)."""
    g = (config or DealConfig.shipped()).generic_seed
    pool = round(g.founders_shares * g.pool_share / (1.0 - g.pool_share))
    startup = Startup.model_validate({
        "id": "generic-seed",
        "identity": {"name": {"en": "Generic seed company", "zh": "通用种子轮公司"}, "country": "US", "currency": "USD",
                     "founded": "2023-01-01"},
        "stage": "pre_seed", "vertical": "other", "business_model": "product",
        "team": {"size": 5},
        "financials": {"as_of": AS_OF, "cash": 0, "monthly_burn": 0,
                       "revenue_history": [{"month": AS_OF[:7], "revenue": g.arr_usd / 12.0}]},
        "cap_table": {"holdings": [{"holder": "Founders", "share_class": "common", "shares": g.founders_shares}],
                      "option_pool_unissued": pool},
    })
    proposal = Proposal(new_money=g.round_usd, pre_money=g.pre_money_usd, investor="Seed investor")
    return startup, proposal
