"""Financing instruments, as exact, frozen descriptions of one event each.

The financing routes they describe are those of the seed article 《AI大模型创业：泡沫还是金矿？》 (undated) §6.1.

* :class:`PricedRound` — a priced equity round: pre-money valuation or fixed price, new money
  from one or more investors, an optional option-pool top-up counted in the pre-money (the
  "option pool shuffle", Venture Hacks 2009), and the preferred terms of the new series.
* :class:`Safe` — the YC post-money SAFE (valuation cap, discount, MFN, pro-rata side letter;
  YC Post-Money Safe User Guide, 2018-2021) and the pre-money SAFE (``post_money=False``).
* :class:`ConvertibleNote` — a note with simple interest (Carta: principal x (1 + rate x years),
  actual/365 days), discount, cap and maturity.
* :class:`VentureDebt` — a loan with interest and warrant coverage (warrant shares = coverage x
  principal / exercise price).
* :class:`Grant` — a government grant or subsidy (《AI大模型创业：泡沫还是金矿？》 §6.1.3): money without
  shares.
* :class:`Crowdfunding` — reward crowdfunding (no shares; platform fee and reward cost) or equity
  crowdfunding (common shares sold at a pre-money valuation) (《AI大模型创业：泡沫还是金矿？》
  §6.1.5).
* :class:`OptionGrant`, :class:`PoolIncrease` — grants from and additions to the option pool.
* :class:`PreferredTerms` — liquidation multiple, participation (none, full or capped), seniority.

Amounts are :class:`fractions.Fraction` in the plan's currency; share counts are ints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

Participation = Literal["none", "full", "capped"]


@dataclass(frozen=True)
class PreferredTerms:
    """Liquidation terms of a preferred series (NVCA model term sheet; Feld & Mendelson, *Venture Deals*).

    ``liquidation_multiple`` x issue price per share is the preference. ``participation``:
    ``none`` (the holder takes the larger of its preference and its as-converted share),
    ``full`` (preference, then a pro-rata share of the rest) or ``capped`` (as full, but the total
    is capped at ``participation_cap`` x issue price per share). ``seniority``: higher is paid
    first; ``None`` lets the plan's ``seniority`` setting decide (stacked: later series senior;
    pari passu: all equal).
    """

    liquidation_multiple: Fraction = Fraction(1)
    participation: Participation = "none"
    participation_cap: Fraction | None = None
    seniority: int | None = None


@dataclass(frozen=True)
class Investment:
    holder: str
    amount: Fraction


@dataclass(frozen=True)
class PoolTopUp:
    """An option-pool increase made with a priced round and counted in its pre-money.

    Either a fixed number of new pool shares (``increase``, the YC guide's 1,695,000) or a target:
    the available pool as a fraction of post-money fully diluted shares (``target_post``; Carta:
    increase = target % x post-money FD - available options).
    """

    increase: int | None = None
    target_post: Fraction | None = None


@dataclass(frozen=True)
class PricedRound:
    name: str
    date: dt.date
    investors: tuple[Investment, ...]
    pre_money: Fraction | None = None
    price: Fraction | None = None
    pool: PoolTopUp | None = None
    series: str | None = None
    share_class: Literal["preferred", "common"] = "preferred"
    terms: PreferredTerms = field(default_factory=PreferredTerms)
    fees: Fraction = Fraction(0)
    kind: str = "equity"

    @property
    def amount(self) -> Fraction:
        return sum((i.amount for i in self.investors), Fraction(0))

    @property
    def series_name(self) -> str:
        return self.series or f"{self.name} {'Preferred' if self.share_class == 'preferred' else 'Common'}"


@dataclass(frozen=True)
class Safe:
    """A SAFE. ``post_money=True`` is YC's post-money SAFE (the default since 2018)."""

    name: str
    date: dt.date
    holder: str
    amount: Fraction
    cap: Fraction | None = None
    discount: Fraction = Fraction(0)
    post_money: bool = True
    mfn: bool = False
    pro_rata: bool = False
    kind: str = "safe"

    @property
    def instrument(self) -> str:
        return "safe_post" if self.post_money else "safe_pre"

    def converting_amount(self, on: dt.date) -> Fraction:
        return self.amount


@dataclass(frozen=True)
class ConvertibleNote:
    """A convertible note with simple interest: converts principal x (1 + rate x years) (Carta)."""

    name: str
    date: dt.date
    holder: str
    amount: Fraction
    interest_rate: Fraction = Fraction(0)
    discount: Fraction = Fraction(0)
    cap: Fraction | None = None
    maturity: dt.date | None = None
    day_count: int = 365
    kind: str = "convertible_note"
    mfn: bool = False
    pro_rata: bool = False
    post_money: bool = False

    @property
    def instrument(self) -> str:
        return "convertible_note"

    def accrued_interest(self, on: dt.date) -> Fraction:
        """Simple interest to ``on``: principal x rate x days / day_count (actual/365 by default)."""
        days = max(0, (on - self.date).days)
        return self.amount * self.interest_rate * Fraction(days, self.day_count)

    def converting_amount(self, on: dt.date) -> Fraction:
        return self.amount + self.accrued_interest(on)


Convertible = Safe | ConvertibleNote


@dataclass(frozen=True)
class VentureDebt:
    """A venture loan: interest-only at ``interest_rate`` a year for ``term_months``, with warrants.

    Warrant shares = ``warrant_coverage`` x principal / exercise price; the exercise price is
    ``warrant_price`` or, when absent, the price of the last priced round.
    """

    name: str
    date: dt.date
    lender: str
    amount: Fraction
    interest_rate: Fraction = Fraction(0)
    term_months: int = 36
    warrant_coverage: Fraction = Fraction(0)
    warrant_price: Fraction | None = None
    kind: str = "venture_debt"

    def interest_cost(self) -> Fraction:
        """Total simple interest over the term."""
        return self.amount * self.interest_rate * Fraction(self.term_months, 12)


@dataclass(frozen=True)
class Grant:
    """A government grant or subsidy: money in, no shares out (《AI大模型创业：泡沫还是金矿？》 §6.1.3)."""

    name: str
    date: dt.date
    grantor: str
    amount: Fraction
    fees: Fraction = Fraction(0)
    kind: str = "grant"


@dataclass(frozen=True)
class Crowdfunding:
    """Crowdfunding: ``reward`` (no shares) or ``equity`` (common at a pre-money) (《AI大模型创业：泡沫还是金矿？》 §6.1.5).

    ``platform_fee`` is a fraction of the amount raised; ``reward_cost`` (reward campaigns) is the
    cost of the promised rewards as a fraction of the amount.
    """

    name: str
    date: dt.date
    amount: Fraction
    mode: Literal["reward", "equity"] = "reward"
    pre_money: Fraction | None = None
    holder: str = "Crowd investors"
    platform_fee: Fraction = Fraction(0)
    reward_cost: Fraction = Fraction(0)
    kind: str = "crowdfunding"


@dataclass(frozen=True)
class OptionAward:
    holder: str
    shares: int
    strike: Fraction | None = None


@dataclass(frozen=True)
class OptionGrant:
    name: str
    date: dt.date
    grants: tuple[OptionAward, ...]
    kind: str = "option_grant"


@dataclass(frozen=True)
class PoolIncrease:
    name: str
    date: dt.date
    shares: int
    kind: str = "pool_increase"


Event = PricedRound | Safe | ConvertibleNote | VentureDebt | Grant | Crowdfunding | OptionGrant | PoolIncrease
