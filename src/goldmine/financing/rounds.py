"""The round planner: a sequence of financing events applied to a cap table, exactly.

Implements, with the formulas and their sources:

* **Priced round** (Carta calculator definitions, release notes 2023):
  price = pre-money / (current fully diluted + pool increase + converted shares);
  post-money = price x post-money fully diluted shares. The pool increase is counted in the
  pre-money, so it dilutes only existing holders: the *option pool shuffle* (Venture Hacks,
  "The Option Pool Shuffle", 2009): effective pre-money = pre-money - pool % x post-money.
  A target pool is Carta's: increase = target available % x post-money FD - available options.
* **Conversions** of SAFEs and notes in a priced round (Carta; YC Post-Money Safe User Guide):
  post-money SAFE price = min((1 - discount) x round price, cap / company capitalization), where
  the company capitalization counts issued shares, options (outstanding, promised, unissued pool)
  and all converting securities but *not* the pool increase of the round; pre-money SAFEs and
  notes: min((1 - discount) x price, cap / (FD before the round + pool increase)). Notes convert
  principal x (1 + rate x years), simple interest, actual/365 (Carta). Each SAFE or note converts
  into its own shadow series whose issue price (the base of its liquidation preference) is its
  conversion price ("Safe Preferred Stock", YC).
* **The three conventions** for pricing a round when instruments convert (Cooley, "Calculating
  share price with outstanding convertible notes or Safes", 2021), selectable by ``method``:

  - ``percentage_ownership`` (default; the YC and Carta definitions): price = V / (E + I + S);
    the new investors own exactly M / (V + M) before rounding; existing holders bear the
    conversions.
  - ``pre_money``: price = V / (E + I), conversions excluded; new investors and existing
    holders are both diluted by the conversions.
  - ``dollars_invested``: price = (V + D) / (E + I + S) with D the converting principal and
    interest: the new investors own M / (V + D + M); the discounts' extra shares are borne by the
    existing holders.

  (V pre-money, M new money, E fully diluted shares before the round, I pool increase, S shares
  issued on conversion.)

The definitions are circular (the conversion shares depend on the price, which depends on the
conversion shares). Once it is fixed which term binds for each convertible (cap or discount) and
whether a target pool needs an increase, they are *linear*; :func:`solve_priced_round` finds the
self-consistent regime by best-response iteration (each convertible switches to the term that gives
it more shares), falling back to enumerating every regime (up to 10 convertibles), and solves each
linear system exactly over the rationals. Only then are prices and share counts rounded
with the plan's :class:`~goldmine.financing.numbers.Rounding` (shares down, price to N decimals).

**Spreadsheet mode** (``Rounding(solve="spreadsheet")``, :func:`solve_spreadsheet_round`): the
fixed-point iteration of the public conversion spreadsheets and SAFE investors' solvers.  Each pass
prices the round from the previous pass's share counts, rounds that price *up* to
``price_decimals``, converts each SAFE or note at the lower of its cap and discount prices (rounded
with ``price_mode``) with every share count *floored*, and recomputes a target pool's increase
(floored); passes repeat until price, pool increase and conversion shares no longer change.  It
reproduces a counterparty's worksheet to the share; against the exact mode the round price can be
one price step higher (it is rounded up, not to nearest) and share counts a few shares lower (each
is floored inside the loop, not once at the end).  On the YC guide's Appendix II example both modes
give the SAFE shares 588,235 and 1,176,470; the Series A price is $1.1145 in spreadsheet mode and
$1.1144 in exact mode (its exact fixed point, 1.114437, rounded to nearest; the spreadsheet
prices 15,000,000 / 13,459,705 = 1.114439 from its floored share counts and rounds it up).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal

from goldmine.errors import AnalysisError, InputError, Problem
from goldmine.financing.captable import CapTable, SecurityClass
from goldmine.financing.instruments import (
    Convertible,
    ConvertibleNote,
    Crowdfunding,
    Event,
    Grant,
    OptionGrant,
    PoolIncrease,
    PreferredTerms,
    PricedRound,
    Safe,
    VentureDebt,
)
from goldmine.financing.linsolve import Singular, solve
from goldmine.financing.numbers import Rounding
from goldmine.i18n.messages import Message
from goldmine.results import Result

Method = Literal["percentage_ownership", "pre_money", "dollars_invested"]
METHODS: tuple[str, ...] = ("percentage_ownership", "pre_money", "dollars_invested")
DEFAULT_METHOD: Method = "percentage_ownership"
COMMON, OPTIONS, WARRANTS = "Common", "Options", "Warrants"
ENUMERATE_UP_TO = 10


@dataclass(frozen=True)
class Settings:
    """How a plan is computed: conversion convention, rounding, seniority of preferred series."""

    method: Method = DEFAULT_METHOD
    rounding: Rounding = field(default_factory=Rounding)
    seniority: Literal["stacked", "pari_passu"] = "stacked"

    def describe(self) -> dict[str, Any]:
        return {"method": self.method, "rounding": self.rounding.describe(), "seniority": self.seniority}


# =========================================================================== exact solution
@dataclass(frozen=True)
class ExactRound:
    """The exact (unrounded) solution of a priced round: price, pool increase, conversion shares."""

    price: Fraction
    pool_increase: Fraction
    conversion_shares: tuple[Fraction, ...]
    bases: tuple[str, ...]          # "cap" or "discount" for each convertible
    capitalization: Fraction        # YC company capitalization: E + all conversion shares
    regimes_tried: int


def solve_priced_round(fd_before: int, pool_available: int, money: Fraction, *,
                       pre_money: Fraction | None, price: Fraction | None,
                       convertibles: Sequence[tuple[Convertible, Fraction]],
                       pool_increase: int | None = None, pool_target: Fraction | None = None,
                       method: Method = DEFAULT_METHOD) -> ExactRound:
    """Solve the circular definitions of a priced round exactly (see the module docstring).

    ``convertibles``: (instrument, converting amount) pairs. Exactly one of ``pre_money`` and
    ``price`` is given. Raises :class:`AnalysisError` when neither is given or when no consistent
    solution exists.
    """
    if pre_money is None and price is None:
        raise AnalysisError("financing.error.no_valuation")
    E = Fraction(fd_before)
    k = len(convertibles)
    cap_choices = [("cap", "discount") if c.cap is not None else ("discount",) for c, _ in convertibles]
    pool_choices = (True, False) if pool_target is not None else (None,)

    def attempt(bases: tuple[str, ...], pool_on: bool | None) -> tuple[list[Fraction], bool, tuple[str, ...]]:
        n = 2 + k
        rows: list[list[Fraction]] = []
        rhs: list[Fraction] = []

        def row() -> list[Fraction]:
            return [Fraction(0)] * n
        # price equation (x = shares per unit of currency = 1 / price)
        r = row()
        if price is not None:
            r[0] = Fraction(1)
            rows.append(r)
            rhs.append(1 / price)
        elif pre_money is not None:
            converting = sum((a for _, a in convertibles), Fraction(0))
            v = pre_money + converting if method == "dollars_invested" else pre_money
            r[0] = v
            r[1] = Fraction(-1)
            if method != "pre_money":
                for j in range(k):
                    r[2 + j] = Fraction(-1)
            rows.append(r)
            rhs.append(E)
        # pool equation
        r = row()
        if pool_on:
            t = pool_target
            assert t is not None  # invariant: pool_on is True only among pool_choices when pool_target is given
            r[1] = 1 - t
            r[0] = -t * money
            for j in range(k):
                r[2 + j] = -t
            rows.append(r)
            rhs.append(t * E - pool_available)
        else:
            r[1] = Fraction(1)
            rows.append(r)
            rhs.append(Fraction(pool_increase or 0) if pool_on is None else Fraction(0))
        # conversions
        for j, ((c, a), basis) in enumerate(zip(convertibles, bases, strict=True)):
            r = row()
            r[2 + j] = Fraction(1)
            if basis == "cap":
                ratio = a / c.cap  # type: ignore[operator]
                if c.post_money and isinstance(c, Safe):
                    for i in range(k):
                        r[2 + i] -= ratio
                else:
                    r[1] = -ratio
                rhs.append(ratio * E)
            else:
                r[0] = -a / (1 - c.discount)
                rhs.append(Fraction(0))
            rows.append(r)
        try:
            sol = solve(rows, rhs)
        except Singular:
            return [], False, bases
        x, inc, shares = sol[0], sol[1], sol[2:]
        ok = x > 0 and inc >= 0 and all(s >= 0 for s in shares)
        if pool_target is not None and pool_on is False:
            ok = ok and pool_target * (E + inc + sum(shares) + money * x) - pool_available <= 0
        wanted = []
        for (c, a), basis in zip(convertibles, bases, strict=True):
            by_discount = a * x / (1 - c.discount)
            if c.cap is None:
                wanted.append("discount")
                continue
            base = E + sum(shares) if (c.post_money and isinstance(c, Safe)) else E + inc
            by_cap = a * base / c.cap
            wanted.append("cap" if by_cap >= by_discount else "discount")
            if basis == "cap" and by_cap < by_discount or basis == "discount" and by_discount < by_cap:
                ok = False
        return sol, ok, tuple(wanted)

    tried = 0
    for pool_on in pool_choices:
        # best-response iteration from "every cap binds": usually one to three exact solves
        bases = tuple(ch[0] for ch in cap_choices)
        seen: set[tuple[str, ...]] = set()
        while bases not in seen and len(seen) <= 2 * k + 2:
            seen.add(bases)
            tried += 1
            sol, ok, wanted = attempt(bases, pool_on)
            if ok:
                return _exact(sol, bases, E, k, tried)
            if not sol:
                break
            bases = wanted
        # otherwise enumerate every regime (up to ENUMERATE_UP_TO convertibles)
        if k <= ENUMERATE_UP_TO:
            for bases in itertools.product(*cap_choices):
                if bases in seen:
                    continue
                tried += 1
                sol, ok, _ = attempt(bases, pool_on)
                if ok:
                    return _exact(sol, bases, E, k, tried)
    raise AnalysisError("financing.error.unsolvable")


@dataclass(frozen=True)
class SpreadsheetRound:
    """The settled state of the spreadsheet iteration: rounded price, integer shares, conversion prices."""

    price: Fraction
    pool_increase: int
    conversion_shares: tuple[int, ...]
    conversion_prices: tuple[Fraction, ...]
    bases: tuple[str, ...]          # "cap", "discount" or "round_price" for each convertible
    passes: int


SPREADSHEET_MAX_PASSES = 200


def solve_spreadsheet_round(fd_before: int, pool_available: int, investments: Sequence[Fraction], *,
                            pre_money: Fraction | None, price: Fraction | None,
                            convertibles: Sequence[tuple[Convertible, Fraction]], rounding: Rounding,
                            pool_increase: int | None = None, pool_target: Fraction | None = None,
                            method: Method = DEFAULT_METHOD) -> SpreadsheetRound:
    """The spreadsheet iteration of a priced round (module docstring, "Spreadsheet mode").

    ``investments``: the new investors' amounts (their shares are floored one by one, as a worksheet
    does); ``convertibles``: (instrument, converting amount) pairs.  Pass 1 starts from no conversion
    shares and no pool increase (a fixed ``pool_increase`` is used from the start).  Raises
    :class:`AnalysisError` (``financing.error.spreadsheet_no_settle``) when the passes cycle instead
    of settling, and ``financing.error.unsolvable`` when a price is not positive.
    """
    if pre_money is None and price is None:
        raise AnalysisError("financing.error.no_valuation")
    E = fd_before
    converting = sum((a for _, a in convertibles), Fraction(0))
    fixed_pool = pool_increase or 0
    inc = fixed_pool
    shares = [0] * len(convertibles)
    seen: set[tuple[Fraction, int, tuple[int, ...]]] = set()
    state: tuple[Fraction, int, tuple[int, ...]] | None = None
    for n in range(1, SPREADSHEET_MAX_PASSES + 1):
        if price is not None:
            p = price
        else:
            assert pre_money is not None  # invariant: checked above (one of pre_money and price is given)
            denom = E + inc + (0 if method == "pre_money" else sum(shares))
            value = pre_money + converting if method == "dollars_invested" else pre_money
            if denom <= 0 or value <= 0:
                raise AnalysisError("financing.error.unsolvable")
            p = rounding.price_up(Fraction(value) / denom)
        new_shares, prices, bases = [], [], []
        for c, amount in convertibles:
            disc_price = rounding.price((1 - c.discount) * p) if c.discount else p
            conv, basis = disc_price, ("discount" if c.discount else "round_price")
            if c.cap is not None:
                base = E + sum(shares) if (isinstance(c, Safe) and c.post_money) else E + inc
                cap_price = rounding.price(c.cap / base) if base > 0 else disc_price
                if cap_price < disc_price or (cap_price == disc_price and not c.discount):
                    conv, basis = cap_price, "cap"
            if conv <= 0:
                raise AnalysisError("financing.error.unsolvable")
            new_shares.append(rounding.share_count(amount / conv))
            prices.append(conv)
            bases.append(basis)
        if pool_target is not None and pool_increase is None:
            new_money_shares = sum(rounding.share_count(m / p) for m in investments)
            need = (pool_target * (E + sum(new_shares) + new_money_shares) - pool_available) / (1 - pool_target)
            inc = max(0, rounding.share_count(need))
        new_state = (p, inc, tuple(new_shares))
        if new_state == state:
            return SpreadsheetRound(p, inc, tuple(new_shares), tuple(prices), tuple(bases), n)
        if new_state in seen:
            raise AnalysisError("financing.error.spreadsheet_no_settle", passes=n)
        seen.add(new_state)
        state = new_state
        shares = new_shares
    raise AnalysisError("financing.error.spreadsheet_no_settle", passes=SPREADSHEET_MAX_PASSES)


def _exact(sol: list[Fraction], bases: tuple[str, ...], E: Fraction, k: int, tried: int) -> ExactRound:
    shares = tuple(sol[2:])
    return ExactRound(price=1 / sol[0], pool_increase=sol[1], conversion_shares=shares, bases=bases,
                      capitalization=E + sum(shares, Fraction(0)), regimes_tried=tried)


# =========================================================================== step results
@dataclass(frozen=True)
class Conversion:
    name: str
    holder: str
    instrument: str
    amount: Fraction        # converting amount (principal + interest for notes)
    price: Fraction
    basis: str              # "cap", "discount" or "round_price"
    shares: int
    security: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "holder": self.holder, "instrument": self.instrument,
                "amount": float(self.amount), "price": float(self.price), "basis": self.basis,
                "shares": self.shares, "security": self.security}


@dataclass(frozen=True)
class Issue:
    holder: str
    security: str
    shares: int
    amount: Fraction
    price: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "security": self.security, "shares": self.shares,
                "amount": float(self.amount), "price": None if self.price is None else float(self.price)}


@dataclass(frozen=True)
class StepResult(Result):
    """One event of the plan: what it raised, at what price, who got what, and the table after."""

    index: int
    name: str
    date: dt.date
    instrument: str
    money_raised: Fraction
    before: CapTable
    after: CapTable
    price: Fraction | None = None
    pre_money: Fraction | None = None
    post_money: Fraction | None = None
    effective_pre_money: Fraction | None = None
    pool_increase: int = 0
    issues: tuple[Issue, ...] = ()
    conversions: tuple[Conversion, ...] = ()
    pro_rata: tuple[dict[str, Any], ...] = ()
    implied_ownership: Fraction | None = None
    cash_cost: Fraction = Fraction(0)
    interest_cost: Fraction = Fraction(0)
    notes: tuple[Message, ...] = ()   # language-neutral remarks (financing.note.*)
    exact_price: Fraction | None = None

    @property
    def dilution(self) -> Fraction:
        """Share of the post-event fully diluted shares that is new: 1 - FD before / FD after."""
        after = self.after.fully_diluted
        return 1 - Fraction(self.before.fully_diluted, after) if after else Fraction(0)

    def holder_dilution(self) -> dict[str, Fraction]:
        """Ownership before minus ownership after, per holder present before (exact)."""
        b, a = self.before.ownership(), self.after.ownership()
        return {h: b[h] - a.get(h, Fraction(0)) for h in b}

    def to_dict(self) -> dict[str, Any]:
        f = _f
        return {
            "index": self.index, "name": self.name, "date": self.date.isoformat(), "instrument": self.instrument,
            "money_raised": f(self.money_raised), "price": f(self.price),
            "price_exact": None if self.exact_price is None else str(self.exact_price),
            "pre_money": f(self.pre_money), "post_money": f(self.post_money),
            "effective_pre_money": f(self.effective_pre_money), "pool_increase": self.pool_increase,
            "implied_ownership": f(self.implied_ownership),
            "dilution": float(self.dilution), "cash_cost": f(self.cash_cost), "interest_cost": f(self.interest_cost),
            "issues": [i.to_dict() for i in self.issues], "conversions": [c.to_dict() for c in self.conversions],
            "pro_rata": [{k: (float(v) if isinstance(v, Fraction) else v) for k, v in p.items()} for p in self.pro_rata],
            "fully_diluted_before": self.before.fully_diluted, "fully_diluted_after": self.after.fully_diluted,
            "holder_dilution": {h: float(d) for h, d in self.holder_dilution().items()},
            "cap_table": self.after.to_dict(), "notes": [n.to_dict() for n in self.notes],
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_pct, t

        return t("financing.summary.step", lang, name=self.name, instrument=self.instrument,
                 money=f"{float(self.money_raised):,.0f}", dilution=format_pct(float(self.dilution), 2),
                 fd=f"{self.after.fully_diluted:,}")


def _f(x: Fraction | None) -> float | None:
    return None if x is None else float(x)


@dataclass(frozen=True)
class PlanResult(Result):
    """The ownership path of a plan: the starting table and one :class:`StepResult` per event."""

    company: str
    currency: str
    settings: Settings
    start: CapTable
    steps: tuple[StepResult, ...]

    @property
    def final(self) -> CapTable:
        return self.steps[-1].after if self.steps else self.start

    def ownership_path(self) -> dict[str, list[Fraction]]:
        """Ownership of each holder at the start and after each step (0 before a holder appears)."""
        tables = [self.start] + [s.after for s in self.steps]
        holders: list[str] = []
        for tb in tables:
            for h in tb.by_holder():
                if h not in holders:
                    holders.append(h)
        owns = [tb.ownership() for tb in tables]
        return {h: [o.get(h, Fraction(0)) for o in owns] for h in holders}

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company, "currency": self.currency, "settings": self.settings.describe(),
            "start": self.start.to_dict(), "steps": [s.to_dict() for s in self.steps],
            "final": self.final.to_dict(),
            "ownership_path": {"labels": ["start"] + [s.name for s in self.steps],
                               "holders": {h: [float(v) for v in vs] for h, vs in self.ownership_path().items()}},
            "total_raised": float(sum((s.money_raised for s in self.steps), Fraction(0))),
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import t

        lines = [t("financing.summary.plan", lang, company=self.company, steps=len(self.steps))]
        lines += [s.summary(lang) for s in self.steps]
        lines.append(self.final.summary(lang))
        return "\n".join(lines)


# =========================================================================== the planner
class _Planner:
    def __init__(self, settings: Settings, source: str | None):
        self.settings = settings
        self.source = source
        self.last_price: Fraction | None = None
        self.series_count = 0

    def fail(self, path: str, expected: str, found: Any, **params: Any) -> InputError:
        return InputError(self.source, [Problem(path, expected, found, params=params, has_found=found is not None)])

    # ---------------------------------------------------------------- priced rounds
    def priced(self, i: int, path: str, table: CapTable, r: PricedRound) -> StepResult:
        rd = self.settings.rounding
        if r.pre_money is None and r.price is None:
            raise self.fail(path, "financing.expected.valuation", None)
        convertibles = table.convertibles if r.share_class == "preferred" else ()
        pairs = [(c, c.converting_amount(r.date)) for c in convertibles]
        pool = r.pool or None
        try:
            ex = solve_priced_round(table.fully_diluted, table.pool_unissued, r.amount,
                                    pre_money=r.pre_money, price=r.price, convertibles=pairs,
                                    pool_increase=pool.increase if pool else None,
                                    pool_target=pool.target_post if pool else None,
                                    method=self.settings.method)
        except AnalysisError:
            raise self.fail(path, "financing.expected.solvable", None) from None
        sheet = None
        if rd.solve == "spreadsheet":
            try:
                sheet = solve_spreadsheet_round(table.fully_diluted, table.pool_unissued,
                                                [i.amount for i in r.investors], pre_money=r.pre_money,
                                                price=r.price, convertibles=pairs, rounding=rd,
                                                pool_increase=pool.increase if pool else None,
                                                pool_target=pool.target_post if pool else None,
                                                method=self.settings.method)
            except AnalysisError:
                raise self.fail(path, "financing.expected.solvable", None) from None
            price, inc = sheet.price, sheet.pool_increase
        else:
            price = r.price if r.price is not None else rd.price(ex.price)
            inc = pool.increase if (pool and pool.increase is not None) else rd.share_count(ex.pool_increase)
        E = table.fully_diluted
        self.series_count += 1
        seniority = self._seniority(r.terms)
        after = table.with_pool(table.pool_unissued + inc)
        series = r.series_name if r.share_class == "preferred" else COMMON
        if r.share_class == "preferred":
            after = after.with_class(SecurityClass(series, "preferred", price, r.terms, seniority))
        else:
            after = after.with_class(SecurityClass(COMMON, "common"))
        # conversions
        conversions: list[Conversion] = []
        cap_base_post = rd.share_count(ex.capitalization)
        for j, (c, amount) in enumerate(pairs):
            if sheet is not None:
                conv_price, basis, shares = sheet.conversion_prices[j], sheet.bases[j], sheet.conversion_shares[j]
            else:
                conv_price, basis = self._conversion_price(c, price, cap_base_post, E + inc)
                shares = rd.share_count(amount / conv_price)
            shadow = f"{series} ({c.name})"
            after = after.with_class(SecurityClass(shadow, "preferred", conv_price, r.terms, seniority))
            after = after.issue(c.holder, shadow, shares)
            conversions.append(Conversion(c.name, c.holder, c.instrument, amount, conv_price, basis, shares, shadow))
        notes = tuple(Message("financing.note.converted_after_maturity", {"name": c.name, "maturity": c.maturity})
                      for c, _ in pairs if isinstance(c, ConvertibleNote) and c.maturity and c.maturity < r.date)
        after = after.with_convertibles(tuple(c for c in table.convertibles if c not in convertibles))
        # new money
        issues = []
        for inv in r.investors:
            n = rd.share_count(inv.amount / price)
            after = after.issue(inv.holder, series, n)
            issues.append(Issue(inv.holder, series, n, inv.amount, price))
        new_shares = sum(x.shares for x in issues)
        pre_fd = after.fully_diluted - new_shares
        pro_rata = []
        for conv, (c, _) in zip(conversions, pairs, strict=True):
            if c.pro_rata and pre_fd:
                frac = Fraction(conv.shares, pre_fd)
                ent = rd.share_count(frac * new_shares)
                pro_rata.append({"holder": c.holder, "name": c.name, "fraction": frac,
                                 "shares": ent, "amount": ent * price})
        self.last_price = price
        return StepResult(
            index=i, name=r.name, date=r.date, instrument="equity" if r.kind == "equity" else r.kind,
            money_raised=r.amount, before=table, after=after, price=price,
            pre_money=r.pre_money if r.pre_money is not None else price * pre_fd,
            post_money=price * after.fully_diluted, effective_pre_money=price * E, pool_increase=inc,
            issues=tuple(issues), conversions=tuple(conversions), pro_rata=tuple(pro_rata),
            implied_ownership=Fraction(new_shares, after.fully_diluted) if after.fully_diluted else None,
            cash_cost=r.fees, notes=notes, exact_price=ex.price)

    def _conversion_price(self, c: Convertible, price: Fraction, cap_base_post: int, cap_base_pre: int) -> tuple[Fraction, str]:
        """The lower of a convertible's discount and cap prices (each rounded), with the term that binds."""
        rd = self.settings.rounding
        disc_price = rd.price((1 - c.discount) * price) if c.discount else price
        conv_price, basis = disc_price, ("discount" if c.discount else "round_price")
        if c.cap is not None:
            base = cap_base_post if (isinstance(c, Safe) and c.post_money) else cap_base_pre
            cap_price = rd.price(c.cap / base)
            if cap_price < disc_price or (cap_price == disc_price and not c.discount):
                conv_price, basis = cap_price, "cap"
        return conv_price, basis

    def _seniority(self, terms: PreferredTerms) -> int:
        if terms.seniority is not None:
            return terms.seniority
        return self.series_count if self.settings.seniority == "stacked" else 1

    # ---------------------------------------------------------------- convertibles
    def convertible(self, i: int, path: str, table: CapTable, c: Convertible) -> StepResult:
        if c.discount >= 1:
            raise self.fail(f"{path}.discount", "financing.expected.discount", float(c.discount))
        updated = []
        notes: list[Message] = []
        for old in table.convertibles:
            if old.mfn and _better(c, old):
                updated.append(replace(old, cap=c.cap, discount=c.discount))
                notes.append(Message("financing.note.mfn_adopts", {"name": old.name, "terms_of": c.name}))
            else:
                updated.append(old)
        conv = tuple(updated) + (c,)
        sold = sum((x.amount / x.cap for x in conv if isinstance(x, Safe) and x.post_money and x.cap), Fraction(0))
        if sold >= 1:
            raise self.fail(f"{path}.valuation_cap", "financing.expected.safes_below_100", f"{float(sold) * 100:.1f} %")
        after = table.with_convertibles(conv)
        implied = c.amount / c.cap if (isinstance(c, Safe) and c.post_money and c.cap) else None
        return StepResult(index=i, name=c.name, date=c.date, instrument=c.instrument, money_raised=c.amount,
                          before=table, after=after, implied_ownership=implied,
                          post_money=c.cap if (isinstance(c, Safe) and c.post_money) else None,
                          notes=tuple(notes))

    # ---------------------------------------------------------------- others
    def debt(self, i: int, path: str, table: CapTable, d: VentureDebt) -> StepResult:
        after = table.with_debts(table.debts + (d,))
        issues: tuple[Issue, ...] = ()
        if d.warrant_coverage:
            strike = d.warrant_price or self.last_price
            if strike is None:
                raise self.fail(f"{path}.warrant_price", "financing.expected.warrant_price", None)
            n = self.settings.rounding.share_count(d.warrant_coverage * d.amount / strike)
            after = after.with_class(SecurityClass(WARRANTS, "warrants")).issue(d.lender, WARRANTS, n, strike)
            issues = (Issue(d.lender, WARRANTS, n, Fraction(0), strike),)
        return StepResult(index=i, name=d.name, date=d.date, instrument="venture_debt", money_raised=d.amount,
                          before=table, after=after, issues=issues, interest_cost=d.interest_cost())

    def grant(self, i: int, path: str, table: CapTable, g: Grant) -> StepResult:
        return StepResult(index=i, name=g.name, date=g.date, instrument="grant", money_raised=g.amount,
                          before=table, after=table, cash_cost=g.fees)

    def crowd(self, i: int, path: str, table: CapTable, c: Crowdfunding) -> StepResult:
        cost = c.amount * (c.platform_fee + c.reward_cost)
        if c.mode == "reward":
            return StepResult(index=i, name=c.name, date=c.date, instrument="crowdfunding", money_raised=c.amount,
                              before=table, after=table, cash_cost=cost)
        if c.pre_money is None:
            raise self.fail(f"{path}.pre_money", "financing.expected.valuation", None)
        rd = self.settings.rounding
        price = rd.price(c.pre_money / table.fully_diluted)
        n = rd.share_count(c.amount / price)
        after = table.with_class(SecurityClass(COMMON, "common")).issue(c.holder, COMMON, n)
        return StepResult(index=i, name=c.name, date=c.date, instrument="crowdfunding", money_raised=c.amount,
                          before=table, after=after, price=price, pre_money=c.pre_money,
                          post_money=price * after.fully_diluted, effective_pre_money=price * table.fully_diluted,
                          issues=(Issue(c.holder, COMMON, n, c.amount, price),), cash_cost=cost,
                          implied_ownership=Fraction(n, after.fully_diluted))

    def options(self, i: int, path: str, table: CapTable, g: OptionGrant) -> StepResult:
        after = table.with_class(SecurityClass(OPTIONS, "options"))
        issues = []
        for j, award in enumerate(g.grants):
            if award.shares > after.pool_unissued:
                raise self.fail(f"{path}.grants[{j}].shares", "financing.expected.pool_room", award.shares,
                                available=f"{after.pool_unissued:,}")
            strike = award.strike if award.strike is not None else None
            after = after.with_pool(after.pool_unissued - award.shares).issue(award.holder, OPTIONS, award.shares, strike)
            issues.append(Issue(award.holder, OPTIONS, award.shares, Fraction(0), strike))
        return StepResult(index=i, name=g.name, date=g.date, instrument="option_grant", money_raised=Fraction(0),
                          before=table, after=after, issues=tuple(issues))

    def pool(self, i: int, path: str, table: CapTable, p: PoolIncrease) -> StepResult:
        return StepResult(index=i, name=p.name, date=p.date, instrument="pool_increase", money_raised=Fraction(0),
                          before=table, after=table.with_pool(table.pool_unissued + p.shares), pool_increase=p.shares)


def _better(new: Convertible, old: Convertible) -> bool:
    """Whether ``new`` has terms at least as good as ``old`` on cap and discount and better on one (MFN)."""
    cap_ok = new.cap is not None and (old.cap is None or new.cap <= old.cap) or new.cap is None and old.cap is None
    disc_ok = new.discount >= old.discount
    strictly = (new.cap is not None and (old.cap is None or new.cap < old.cap)) or new.discount > old.discount
    return cap_ok and disc_ok and strictly


def plan_rounds(start: CapTable, events: Sequence[Event], settings: Settings | None = None, *,
                company: str = "", currency: str = "", source: str | None = None,
                paths: Sequence[str] | None = None) -> PlanResult:
    """Apply ``events`` in order to ``start`` and return the ownership path.

    ``paths`` names each event's place in the input file (``rounds[2]``) for error messages;
    ``source`` is the file name. Inconsistent events raise :class:`InputError`.
    """
    settings = settings or Settings()
    p = _Planner(settings, source)
    paths = list(paths) if paths is not None else [f"rounds[{i}]" for i in range(len(events))]
    table = start
    steps = []
    if len(paths) != len(events):
        raise AnalysisError("financing.error.paths_length", events=len(events), paths=len(paths))
    for i, (ev, path) in enumerate(zip(events, paths, strict=True)):
        step = _apply(p, i, path, table, ev)
        steps.append(step)
        table = step.after
    return PlanResult(company=company, currency=currency, settings=settings, start=start, steps=tuple(steps))


def _apply(p: _Planner, i: int, path: str, table: CapTable, ev: Event) -> StepResult:
    """The planner's handler for the event's type."""
    if isinstance(ev, PricedRound):
        return p.priced(i, path, table, ev)
    if isinstance(ev, Safe | ConvertibleNote):
        return p.convertible(i, path, table, ev)
    if isinstance(ev, VentureDebt):
        return p.debt(i, path, table, ev)
    if isinstance(ev, Grant):
        return p.grant(i, path, table, ev)
    if isinstance(ev, Crowdfunding):
        return p.crowd(i, path, table, ev)
    if isinstance(ev, OptionGrant):
        return p.options(i, path, table, ev)
    if isinstance(ev, PoolIncrease):
        return p.pool(i, path, table, ev)
    raise AnalysisError("financing.error.unknown_event", path=path, found=type(ev).__name__)
