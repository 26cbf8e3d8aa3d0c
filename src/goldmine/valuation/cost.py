"""Cost method (成本法): what it took, or would take, to build the company.

The seed article: 《AI大模型创业：泡沫还是金矿？》 (undated) §6.3.

* Cumulative spend = monthly burn x months since founding x ramp (0.5: spend assumed to have
  grown linearly from zero to today's burn; goldmine assumption).
* Capitalised R&D = cumulative spend x capitalisable share: by burn category (staff 60 %,
  compute and data 100 %, sales and other 0 %; 60 % when the breakdown is missing).
* Book value (low) = cash + capitalised R&D x 50 % (half amortised; software lives of 3-5 years).
* Replacement value (high) = cash + capitalised R&D + the cost of hiring the team again
  (25 % of a year's staff cost).
* value = the mean of book and replacement value.

Amounts are in the profile's currency.  The method ignores what the company will earn: it is
the floor a buyer of the assets would think about, not a price for the business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from goldmine.valuation._config import config
from goldmine.valuation.base import MethodResult, age_years

if TYPE_CHECKING:
    from goldmine.model import Startup


def capitalisable_share(startup: Startup) -> float:
    """Share of monthly burn that builds lasting assets (model, data, software)."""
    cap = config().cost.capitalisable
    f = startup.financials
    if not f.burn_breakdown or f.monthly_burn <= 0:
        return float(cap["unknown"])
    known = sum(v * float(cap.get(k, cap["other"])) for k, v in f.burn_breakdown.items())
    rest = f.monthly_burn - sum(f.burn_breakdown.values())
    return float((known + rest * float(cap["other"])) / f.monthly_burn)


def cost(startup: Startup) -> MethodResult:
    cfg = config().cost
    f = startup.financials
    months = age_years(startup) * 12.0
    spend = f.monthly_burn * months * float(cfg.ramp.value)
    share = capitalisable_share(startup)
    capitalised = spend * share
    staff = f.burn_breakdown.get("staff", f.monthly_burn * float(cfg.capitalisable["unknown"]))
    hiring = 12.0 * staff * float(cfg.hiring_cost_share.value)
    book = f.cash + capitalised * float(cfg.book_fraction.value)
    replacement = f.cash + capitalised + hiring
    return MethodResult(
        name="cost", currency=startup.currency, value=(book + replacement) / 2, low=book, high=replacement,
        assumptions={"months_operating": months, "ramp": float(cfg.ramp.value), "cumulative_spend": spend,
                     "capitalisable_share": share, "book_fraction": float(cfg.book_fraction.value),
                     "hiring_cost_share": float(cfg.hiring_cost_share.value), "cash": f.cash},
        details={"capitalised_rd": capitalised, "hiring_cost": hiring, "book_value": book, "replacement_value": replacement},
    )
