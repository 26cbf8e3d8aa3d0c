"""Net burn and the simple runway: the one home of both (goldmine convention: one home per
quantity).

* :func:`net_burn` — gross monthly burn minus monthly revenue (negative: the company makes money);
* :func:`runway_months` — cash / net burn, in months; infinite when the company is not burning
  cash (the usual definition, e.g. Carta's and Y Combinator's "default alive" arithmetic: cash
  divided by the monthly net burn);
* :func:`startup_runway` — the same for a profile: ``financials.cash`` over ``monthly_burn`` minus
  the latest monthly revenue.

The projected runway of :mod:`goldmine.finance` (growth, hires, planned rounds, Monte Carlo) is a
different quantity and says so; this one is the snapshot every section quotes beside it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goldmine.model import Startup


def net_burn(monthly_burn: float, monthly_revenue: float | None) -> float:
    """``monthly_burn - monthly_revenue`` (a missing revenue counts as 0)."""
    return float(monthly_burn) - float(monthly_revenue or 0.0)


def runway_months(cash: float, monthly_burn: float, monthly_revenue: float | None) -> float:
    """``cash / net_burn`` in months; ``math.inf`` when the net burn is zero or negative."""
    net = net_burn(monthly_burn, monthly_revenue)
    return math.inf if net <= 0 else float(cash) / net


def startup_runway(startup: Startup) -> float:
    """:func:`runway_months` of a profile (``financials.cash``, ``monthly_burn``, latest revenue)."""
    f = startup.financials
    return runway_months(f.cash, f.monthly_burn, f.monthly_revenue)
