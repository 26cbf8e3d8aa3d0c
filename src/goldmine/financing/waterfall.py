"""Exit waterfall: who gets what when the company is sold, exactly (payouts sum to the exit value).

Implements (NVCA model term sheet; Feld & Mendelson, *Venture Deals*, ch. 4; Carta's waterfall
definitions):

1. **Debt first**: venture debt principal and convertible notes still outstanding (principal plus
   simple interest to the exit date) are repaid before any equity, pro rata if short.
2. **Liquidation preferences** of preferred series that do not convert: multiple x issue price x
   shares, paid by seniority (higher first; ``stacked``) and pro rata within a seniority level
   (``pari_passu``). SAFEs still outstanding at the exit take the larger of their purchase amount
   (cash-out, on par with the most junior preferred, YC post-money SAFE §1(b)) and their
   as-converted shares at the cap. Simplification: the liquidity capitalization counts every issued
   share and every outstanding post-money SAFE, whatever they decide; YC §2 leaves out the SAFEs
   and preferred that take a cash-out or preference instead, which makes each SAFE's share count
   depend on the others' decisions (tried: some exits then have no stable decision profile at all).
   The approximation slightly favours a converting SAFE when another SAFE or series takes cash.
3. **The residual** goes pro rata (as-converted) to common, exercised options and warrants,
   converted preferred and participating preferred; capped participation stops at
   ``participation_cap`` x issue price per share in total and the excess is re-shared
   (exact water-filling).
4. **Decisions are solved jointly**: non-participating and capped-participating series choose
   between their preference and converting to common, option and warrant groups with a strike
   choose whether to exercise (paying the strike into the proceeds; their payout is net of the
   strike). A profile of decisions is *stable* when no decision maker is strictly better off
   switching given the others' choices. Up to 8 decision makers every profile is enumerated and
   the stable profile with the fewest conversions and exercises is reported (ties broken in a fixed
   order of the decision makers; ``stable_profiles`` counts the stable ones); beyond 8,
   best-response iteration from "nobody converts" (the largest gain switches first) until no one
   gains by switching. Property tests check that payouts never fall when the exit value rises.

Amounts are Fractions; every holder's payout is exact, so ``sum(payouts) == exit_value``.
The unissued option pool is cancelled at the exit and receives nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from goldmine.errors import AnalysisError
from goldmine.financing.captable import CapTable
from goldmine.financing.instruments import ConvertibleNote, Safe
from goldmine.financing.numbers import NotANumber, to_fraction
from goldmine.results import Result

ENUMERATE_UP_TO = 8


@dataclass(frozen=True)
class WaterfallGroup:
    """One participant of the waterfall: a security class (or option strike group, or SAFE)."""

    key: str
    kind: str                     # common, preferred, options, warrants, safe, debt
    holders: tuple[tuple[str, Fraction], ...]   # (holder, weight) for splitting the payout
    shares: Fraction              # as-converted shares
    preference: Fraction = Fraction(0)
    seniority: Fraction = Fraction(0)
    participation: str = "none"
    cap_total: Fraction | None = None
    strike: Fraction = Fraction(0)
    decides: bool = False


@dataclass(frozen=True)
class Payout:
    holder: str
    security: str
    amount: Fraction
    decision: str

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "security": self.security, "amount": float(self.amount), "decision": self.decision}


@dataclass(frozen=True)
class Waterfall(Result):
    """The distribution of one exit value."""

    exit_value: Fraction
    payouts: tuple[Payout, ...]
    decisions: dict[str, str]
    common_price: Fraction
    stable_profiles: int
    solver: str

    def by_holder(self) -> dict[str, Fraction]:
        out: dict[str, Fraction] = defaultdict(Fraction)
        for p in self.payouts:
            out[p.holder] += p.amount
        return dict(out)

    def by_security(self) -> dict[str, Fraction]:
        out: dict[str, Fraction] = defaultdict(Fraction)
        for p in self.payouts:
            out[p.security] += p.amount
        return dict(out)

    def to_dict(self) -> dict[str, Any]:
        return {"exit_value": float(self.exit_value),
                "payouts": [p.to_dict() for p in self.payouts],
                "by_holder": {h: float(v) for h, v in self.by_holder().items()},
                "by_security": {s: float(v) for s, v in self.by_security().items()},
                "decisions": dict(self.decisions), "common_price_per_share": float(self.common_price),
                "stable_profiles": self.stable_profiles, "solver": self.solver,
                "total_paid": float(sum((p.amount for p in self.payouts), Fraction(0)))}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = [t("financing.summary.exit", lang, exit=f"{float(self.exit_value):,.0f}")]
        for h, v in sorted(self.by_holder().items(), key=lambda kv: -kv[1]):
            lines.append(f"  {h}: {float(v):,.0f}")
        return "\n".join(lines)


# --------------------------------------------------------------------------- participants
def waterfall_groups(table: CapTable, on: dt.date | None) -> list[WaterfallGroup]:
    groups: list[WaterfallGroup] = []
    by_class: dict[tuple[str, Fraction | None], list[tuple[str, int]]] = defaultdict(list)
    for p in table.positions:
        by_class[(p.security, p.strike)].append((p.holder, p.shares))
    pref_levels = []
    for (name, strike), rows in by_class.items():
        cls = table.security(name)
        n = sum(s for _, s in rows)
        if n == 0:
            continue
        holders = tuple((h, Fraction(s, n)) for h, s in rows)
        if cls.kind == "preferred":
            t = cls.terms
            if t is None or cls.issue_price is None:
                raise AnalysisError("financing.error.preferred_terms", found=name)
            pref = t.liquidation_multiple * cls.issue_price * n
            cap = t.participation_cap * cls.issue_price * n if (t.participation == "capped" and t.participation_cap) else None
            groups.append(WaterfallGroup(name, "preferred", holders, Fraction(n), pref, Fraction(cls.seniority),
                                 t.participation, cap, decides=t.participation != "full"))
            pref_levels.append(Fraction(cls.seniority))
        elif cls.kind in ("options", "warrants"):
            k = strike or Fraction(0)
            key = name if strike is None else f"{name} @ {float(k):g}"
            groups.append(WaterfallGroup(key, cls.kind, holders, Fraction(n), strike=k, decides=k > 0))
        else:
            groups.append(WaterfallGroup(name, "common", holders, Fraction(n)))
    # SAFEs outstanding at the exit: cash-out or conversion at the cap (YC post-money SAFE §1(b))
    fd_exit = Fraction(sum(p.shares for p in table.positions))
    safes = [c for c in table.convertibles if isinstance(c, Safe)]
    ratio_post = sum((c.amount / c.cap for c in safes if c.post_money and c.cap), Fraction(0))
    if ratio_post >= 1:
        raise AnalysisError("financing.error.safes_sell_all", share=float(ratio_post))
    liquidity_cap = fd_exit / (1 - ratio_post)
    junior = min(pref_levels) if pref_levels else Fraction(0)
    for c in safes:
        if c.cap is None:
            shares = Fraction(0)
        elif c.post_money:
            shares = c.amount / c.cap * liquidity_cap
        else:
            shares = c.amount / c.cap * fd_exit
        groups.append(WaterfallGroup(f"{c.name} (SAFE)", "safe", ((c.holder, Fraction(1)),), shares, c.amount, junior,
                             "none", None, decides=shares > 0))
    for note in table.convertibles:
        if isinstance(note, ConvertibleNote):
            owed = note.converting_amount(on) if on else note.amount
            groups.append(WaterfallGroup(f"{note.name} (note)", "debt", ((note.holder, Fraction(1)),), Fraction(0), owed))
    for d in table.debts:
        groups.append(WaterfallGroup(f"{d.name} (debt)", "debt", ((d.lender, Fraction(1)),), Fraction(0), d.amount))
    return groups


def distribute(groups: list[WaterfallGroup], exit_value: Fraction, converts: dict[str, bool]) -> tuple[dict[str, Fraction], Fraction]:
    """Gross payouts per group for one decision profile, and the common price per share."""
    pay = {g.key: Fraction(0) for g in groups}
    remaining = exit_value + sum((g.strike * g.shares for g in groups if g.kind in ("options", "warrants") and converts.get(g.key, True)), Fraction(0))
    # 1. debt, pro rata
    debt = [g for g in groups if g.kind == "debt"]
    remaining = _pay_level(debt, remaining, pay)
    # 2. preferences by seniority
    holders_of_pref = [g for g in groups if g.kind in ("preferred", "safe") and not converts.get(g.key, False)]
    for level in sorted({g.seniority for g in holders_of_pref}, reverse=True):
        remaining = _pay_level([g for g in holders_of_pref if g.seniority == level], remaining, pay)
    # 3. residual, as converted, with capped participation
    part: list[tuple[WaterfallGroup, Fraction | None]] = []
    for g in groups:
        if g.kind == "common":
            part.append((g, None))
        elif g.kind in ("options", "warrants") and converts.get(g.key, True):
            part.append((g, None))
        elif g.kind in ("preferred", "safe"):
            if converts.get(g.key, False):
                part.append((g, None))
            elif g.participation == "full":
                part.append((g, None))
            elif g.participation == "capped":
                room = (g.cap_total - pay[g.key]) if g.cap_total is not None else None
                part.append((g, max(room, Fraction(0)) if room is not None else None))
    price = _water_fill(part, remaining, pay)
    return pay, price


def _pay_level(level: list[WaterfallGroup], remaining: Fraction, pay: dict[str, Fraction]) -> Fraction:
    total = sum((g.preference for g in level), Fraction(0))
    if total == 0:
        return remaining
    paid = min(remaining, total)
    for g in level:
        pay[g.key] += paid * g.preference / total
    return remaining - paid


def _water_fill(part: list[tuple[WaterfallGroup, Fraction | None]], amount: Fraction, pay: dict[str, Fraction]) -> Fraction:
    """Share ``amount`` pro rata to shares, no participant above its room; returns the price per share."""
    active = [(g, room) for g, room in part if g.shares > 0]
    capped: dict[str, Fraction] = {}
    while True:
        free = [(g, room) for g, room in active if g.key not in capped]
        shares = sum((g.shares for g, _ in free), Fraction(0))
        left = amount - sum(capped.values(), Fraction(0))
        if shares == 0:
            break
        price = left / shares
        over = [(g, room) for g, room in free if room is not None and price * g.shares > room]
        if not over:
            for g, _ in free:
                pay[g.key] += price * g.shares
            for k, v in capped.items():
                pay[k] += v
            return price
        for g, room in over:
            capped[g.key] = room
    # nobody left to take the residual (everything capped): the residual stays with the capped holders' caps
    for k, v in capped.items():
        pay[k] += v
    leftover = amount - sum(capped.values(), Fraction(0))
    if leftover > 0 and active:
        # all participants capped: the excess goes pro rata to all of them regardless of caps
        total = sum((g.shares for g, _ in active), Fraction(0))
        for g, _ in active:
            pay[g.key] += leftover * g.shares / total
    return Fraction(0)


def net_payouts(groups: list[WaterfallGroup], gross: dict[str, Fraction], converts: dict[str, bool]) -> dict[str, Fraction]:
    out = dict(gross)
    for g in groups:
        if g.kind in ("options", "warrants") and converts.get(g.key, True):
            out[g.key] = gross[g.key] - g.strike * g.shares
    return out


ExitValue = Fraction | Decimal | float | int | str


def waterfall(table: CapTable, exit_value: ExitValue, *, on: dt.date | None = None) -> Waterfall:
    """Distribute ``exit_value`` (an amount: a number, or text such as ``"100M"``) over ``table``
    (see the module docstring); exact."""
    try:
        x = to_fraction(exit_value)
    except NotANumber:
        raise AnalysisError("financing.error.exit_value", found=str(exit_value)) from None
    if x < 0:
        raise AnalysisError("financing.error.exit_negative", found=float(x))
    groups = waterfall_groups(table, on)
    makers = [g.key for g in groups if g.decides]

    cache: dict[tuple[bool, ...], tuple[dict[str, Fraction], Fraction]] = {}

    def evaluate(profile: dict[str, bool]) -> tuple[dict[str, Fraction], Fraction]:
        key = tuple(profile[k] for k in makers)
        if key not in cache:
            gross, price = distribute(groups, x, profile)
            cache[key] = (net_payouts(groups, gross, profile), price)
        return cache[key]

    def stable(profile: dict[str, bool], net: dict[str, Fraction]) -> bool:
        for k in makers:
            alt = dict(profile)
            alt[k] = not profile[k]
            if evaluate(alt)[0][k] > net[k]:
                return False
        return True

    chosen: dict[str, bool] | None = None
    count = 0
    if len(makers) <= ENUMERATE_UP_TO:
        solver = "enumeration"
        profiles = sorted(itertools.product((False, True), repeat=len(makers)), key=lambda p: (sum(p), p))
        for bits in profiles:
            prof = dict(zip(makers, bits, strict=True))
            net, _ = evaluate(prof)
            if stable(prof, net):
                count += 1
                if chosen is None:
                    chosen = prof
    else:
        solver = "iteration"
        prof = {k: False for k in makers}
        for _ in range(4 * len(makers) + 10):
            net, _ = evaluate(prof)
            gains = []
            for k in makers:
                alt = dict(prof)
                alt[k] = not prof[k]
                gain = evaluate(alt)[0][k] - net[k]
                if gain > 0:
                    gains.append((gain, k))
            if not gains:
                chosen, count = prof, 1
                break
            prof[max(gains)[1]] = not prof[max(gains)[1]]
    if chosen is None:
        raise AnalysisError("financing.error.no_stable_decisions", exit=float(x))
    net, price = evaluate(chosen)
    payouts = []
    decisions = {}
    for g in groups:
        if g.kind in ("preferred", "safe"):
            d = "convert" if chosen.get(g.key, False) else ("preference" if g.participation == "none" else "participate")
        elif g.kind in ("options", "warrants"):
            d = "exercise" if chosen.get(g.key, True) else "lapse"
        elif g.kind == "debt":
            d = "repay"
        else:
            d = "common"
        decisions[g.key] = d
        for holder, w in g.holders:
            payouts.append(Payout(holder, g.key, net[g.key] * w, d))
    return Waterfall(exit_value=x, payouts=tuple(payouts), decisions=decisions, common_price=price,
                     stable_profiles=count, solver=solver)


def waterfalls(table: CapTable, exits: Sequence[ExitValue], *, on: dt.date | None = None) -> list[Waterfall]:
    """The waterfall at several exit values (what users of cap-table tools ask for)."""
    return [waterfall(table, e, on=on) for e in exits]
