"""Facts of a profile's financing history, one home each.

* :func:`last_post_money` — the post-money valuation of the latest priced round: its stated
  post-money, else its pre-money plus the amount raised (post = pre + new money, the definition of
  every term sheet); ``None`` when no round states a valuation.
* :func:`total_raised` — the sum of every round's amount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goldmine.model import Startup


def last_post_money(startup: Startup) -> float | None:
    for r in reversed(startup.rounds):
        if r.post_money is not None:
            return float(r.post_money)
        if r.pre_money is not None:
            return float(r.pre_money + r.amount)
    return None


def total_raised(startup: Startup) -> float:
    return float(sum(r.amount for r in startup.rounds))
