"""The proposed round on the company's cap table, exactly, and the capitalisations it can exit with.

* :func:`deal_terms` — a :class:`~goldmine.model.proposal.Proposal` as exact terms (Fractions; the
  defaults of ``data/deal.yaml`` for a SAFE's discount and a note's interest, discount and term),
  with the round it is: the stage after the profile's (a Series B company's proposal is its
  Series C; a SAFE or note bridges to that round).
* :func:`pro_forma` — the profile's cap table (:func:`goldmine.financing.plan_from_profile`) with the
  proposed round applied by the financing engine (:func:`goldmine.financing.plan_rounds`): the
  investor's entry ownership and price per share.  A priced round is solved with the conversion
  convention and rounding asked for (exact, or the spreadsheet iteration); a post-money SAFE's
  ownership is its amount over the post-money cap (YC), a note's its amount over the cap plus the
  round (before interest).
* :func:`capitalisations` — the cap tables after 0, 1, ... of the later rounds of the ladder, each
  priced at the median step-up over the previous post-money and selling the median equity of its
  stage (Carta; ``data/deal.yaml`` ``rounds``), standard 1x non-participating preferred, later
  series senior; with pro-rata the investor buys its fully diluted share of each (YC pro-rata side
  letter), keeping its ownership.  The round terms are medians, so the number of rounds raised
  fixes the capitalisation: a simulated path exits with one of these tables, and each table's payout
  curve is computed once (:mod:`goldmine.deal.curve`).

Bad input is an :class:`~goldmine.errors.InputError` naming the proposal's field
(``proposal.pre_money``, or the command-line option that set it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from goldmine.deal.config import STAGES, DealConfig
from goldmine.errors import InputError, Problem
from goldmine.financing import (
    DEFAULT_METHOD,
    CapTable,
    ConvertibleNote,
    Investment,
    PlanResult,
    PoolTopUp,
    PreferredTerms,
    PricedRound,
    Rounding,
    Safe,
    Settings,
    StepResult,
    plan_from_profile,
    plan_rounds,
    run_plan,
    to_fraction,
)
from goldmine.i18n.messages import Message
from goldmine.model import Startup
from goldmine.model.proposal import Proposal

Instrument = Literal["priced", "safe", "note"]
DAYS_PER_MONTH = Fraction(146097, 4800)          # 365.2425 / 12: the Gregorian month

# the round a company at this stage raises next (the proposal's round)
NEXT_ROUND: dict[str, str] = {"idea": "seed", "pre_seed": "seed", "seed": "series_a", "angel": "series_a",
                              "series_a": "series_b", "series_b": "series_c", "series_c_plus": "series_d",
                              "growth": "series_d"}
SERIES_LABEL: dict[str, str] = {"seed": "Seed", "series_a": "Series A", "series_b": "Series B", "series_c": "Series C",
                                "series_d": "Series D"}


@dataclass(frozen=True)
class DealTerms:
    """A proposal as exact terms, with the round it is and the defaults that filled it."""

    instrument: Instrument
    new_money: Fraction
    round_size: Fraction
    pre_money: Fraction
    post_money: Fraction
    pool_target: Fraction | None
    terms: PreferredTerms
    pro_rata: bool
    fund_size: Fraction | None
    discount: Fraction
    interest_rate: Fraction
    note_months: int
    date: dt.date
    investor: str
    stage: str                      # the round the proposal is (seed ... series_d)
    assumptions: tuple[Message, ...]

    @property
    def round_name(self) -> str:
        return SERIES_LABEL[self.stage] if self.instrument == "priced" else f"Proposed {self.instrument.upper()}"

    @property
    def first_future(self) -> int:
        """Index in the ladder of the first later priced round (a SAFE or note converts in the proposal's stage)."""
        i = STAGES.index(self.stage)
        return i + 1 if self.instrument == "priced" else i

    @property
    def future_stages(self) -> tuple[str, ...]:
        return STAGES[self.first_future:]


def _frac(x: float) -> Fraction:
    return to_fraction(x)


def deal_date(startup: Startup, proposal: Proposal) -> dt.date:
    """The closing date: the proposal's, else ``financials.as_of``, else the last round's, else founding."""
    if proposal.date is not None:
        return proposal.date
    if startup.financials.as_of is not None:
        return startup.financials.as_of
    if startup.rounds:
        return startup.rounds[-1].date
    return startup.identity.founded


def deal_terms(startup: Startup, proposal: Proposal, config: DealConfig | None = None) -> DealTerms:
    """Exact terms of ``proposal`` for ``startup`` (see the module docstring)."""
    cfg = config or DealConfig.shipped()
    pref = proposal.preference
    participation = {"non_participating": "none", "participating": "full", "capped": "capped"}[pref.type]
    terms = PreferredTerms(_frac(pref.multiple), participation,  # type: ignore[arg-type]
                           _frac(pref.cap) if pref.cap is not None else None)
    notes: list[Message] = []
    t = cfg.terms
    if proposal.instrument == "safe" and proposal.discount is None:
        discount = _frac(t.safe_discount.value)
        notes.append(Message("deal.assumption.safe_discount", {"discount": t.safe_discount.value}))
    elif proposal.instrument == "note" and proposal.discount is None:
        discount = _frac(t.note_discount.value)
        notes.append(Message("deal.assumption.note_discount", {"discount": t.note_discount.value}))
    else:
        discount = _frac(proposal.discount or 0.0)
    interest = Fraction(0)
    if proposal.instrument == "note":
        if proposal.interest_rate is None:
            notes.append(Message("deal.assumption.note_interest", {"rate": t.note_interest.value,
                                                                  "months": t.note_months.value}))
        interest = _frac(proposal.interest_rate if proposal.interest_rate is not None else t.note_interest.value)
    size = _frac(proposal.size)
    pre = _frac(proposal.pre_money) if proposal.pre_money is not None else _frac(proposal.post_money or 0) - size
    post = _frac(proposal.post_money) if proposal.post_money is not None else pre + size
    return DealTerms(instrument=proposal.instrument, new_money=_frac(proposal.new_money), round_size=size, pre_money=pre,
                     post_money=post, pool_target=_frac(proposal.pool_target) if proposal.pool_target else None,
                     terms=terms, pro_rata=proposal.pro_rata,
                     fund_size=_frac(proposal.fund_size) if proposal.fund_size is not None else None,
                     discount=discount, interest_rate=interest, note_months=t.note_months.value,
                     date=deal_date(startup, proposal), investor=proposal.investor,
                     stage=NEXT_ROUND[startup.stage.value], assumptions=tuple(notes))


# =========================================================================== the pro-forma table
@dataclass(frozen=True)
class ProForma:
    """The cap table before and after the proposed round, and what the investor gets."""

    terms: DealTerms
    before: CapTable
    step: StepResult
    plan: PlanResult
    entry_ownership: Fraction       # fully diluted (as converted at the cap for a SAFE or note)
    entry_price: Fraction           # price per share (the cap's conversion price for a SAFE or note)
    shares: int                     # shares issued to the investor (0 for a SAFE or note: it converts later)
    converting: Fraction            # SAFEs and notes of the profile converting in this round (principal + interest)
    notes: tuple[Message, ...]      # assumptions of plan_from_profile (financing.note.*)

    @property
    def table(self) -> CapTable:
        return self.step.after


def _where(field: str, paths: Mapping[str, str] | None, source: str | None) -> tuple[str | None, str]:
    """(source, path) of a proposal field: a command-line option (no source) or ``proposal.<field>``."""
    if paths and field in paths:
        return None, paths[field]
    return source, f"proposal.{field}"


def pro_forma(startup: Startup, terms: DealTerms, *, rounding: Rounding | None = None, method: str = DEFAULT_METHOD,
              source: str | None = None, paths: Mapping[str, str] | None = None) -> ProForma:
    """The proposed round applied to the profile's cap table (module docstring).

    ``paths`` maps a proposal field (``pre_money``, ``post_money``, ``pool_target``) to the name
    reported in an error (a command-line option); by default ``proposal.<field>``.
    """
    plan, notes = plan_from_profile(startup)
    base = run_plan(plan, source=source)
    start = base.final
    converting = sum((c.converting_amount(terms.date) for c in start.convertibles), Fraction(0))
    if terms.instrument == "priced" and terms.pre_money <= converting:
        field = "post_money" if paths and "post_money" in paths and "pre_money" not in paths else "pre_money"
        src, where = _where(field, paths, source)
        raise InputError(src, [Problem(where, "deal.expected.pre_above_converted", float(terms.pre_money),
                                       params={"converted": f"{float(converting):,.0f}"})])
    rd = rounding or Rounding(price_decimals=None)
    settings = Settings(method=method, rounding=rd)  # type: ignore[arg-type]
    event = _event(terms, _senior(start))
    try:
        result = plan_rounds(start, [event], settings, company=plan.company.name, currency=plan.company.currency.upper(),
                             source=source, paths=["proposal"])
    except InputError as exc:
        given = [f for f in ("pre_money", "post_money", "pool_target") if paths and f in paths]
        field = given[0] if given else ("pool_target" if terms.pool_target else
                                        ("post_money" if terms.instrument == "safe" else "pre_money"))
        src, where = _where(field, paths, source)
        raise InputError(src, [Problem(where, p.expected, p.found, params=p.params, has_found=p.has_found)
                               for p in exc.problems]) from None
    step = result.steps[0]
    if terms.instrument == "priced":
        shares = sum(i.shares for i in step.issues if i.holder == terms.investor)
        own = Fraction(shares, step.after.fully_diluted)
        price = step.price or Fraction(0)
    elif terms.instrument == "safe":
        shares = 0
        own = terms.new_money / terms.post_money
        sold = sum((c.amount / c.cap for c in step.after.convertibles if isinstance(c, Safe) and c.post_money and c.cap),
                   Fraction(0))
        price = terms.post_money * (1 - sold) / start.fully_diluted
    else:
        shares = 0
        own = terms.new_money / (terms.pre_money + terms.round_size)
        price = terms.pre_money / start.fully_diluted
    return ProForma(terms=terms, before=start, step=step, plan=result, entry_ownership=own, entry_price=price,
                    shares=shares, converting=converting, notes=notes)


def _senior(table: CapTable) -> int:
    """The seniority of a new series on ``table``: above every existing one (stacked, the financing
    engine's default: each later series senior)."""
    return max((c.seniority for c in table.classes if c.kind == "preferred"), default=0) + 1


def _event(terms: DealTerms, seniority: int) -> PricedRound | Safe | ConvertibleNote:
    others = terms.round_size - terms.new_money
    if terms.instrument == "priced":
        investors = [Investment(terms.investor, terms.new_money)]
        if others > 0:
            investors.append(Investment(f"{terms.round_name} co-investors", others))
        pool = PoolTopUp(target_post=terms.pool_target) if terms.pool_target else None
        return PricedRound(terms.round_name, terms.date, tuple(investors), pre_money=terms.pre_money, pool=pool,
                           series=f"{terms.round_name} Preferred", terms=dataclasses.replace(terms.terms, seniority=seniority))
    if terms.instrument == "safe":
        return Safe(terms.round_name, terms.date, terms.investor, terms.new_money, cap=terms.post_money,
                    discount=terms.discount, post_money=True, pro_rata=terms.pro_rata)
    maturity = terms.date + dt.timedelta(days=round(terms.note_months * DAYS_PER_MONTH))
    return ConvertibleNote(terms.round_name, terms.date, terms.investor, terms.new_money, terms.interest_rate,
                           terms.discount, cap=terms.pre_money, maturity=maturity, pro_rata=terms.pro_rata)


# =========================================================================== later rounds
@dataclass(frozen=True)
class Capitalisation:
    """The cap table after ``rounds`` later rounds, with the investor's pro-rata cheques in them."""

    rounds: int
    stages: tuple[str, ...]
    table: CapTable
    ownership: Fraction                      # the investor's fully diluted ownership (as converted)
    pro_rata_amounts: tuple[Fraction, ...]   # the investor's cheque in each later round (0 without pro-rata)
    post_money: Fraction                     # post-money of the last priced round
    round_amounts: tuple[Fraction, ...]      # total new money of each later round


def conversion_date(terms: DealTerms) -> dt.date:
    """The date later rounds and exits are taken at for interest: a note's maturity (``data/deal.yaml``
    ``terms.note_months``), so a capitalisation does not depend on a path's dates."""
    return terms.date + dt.timedelta(days=round(terms.note_months * DAYS_PER_MONTH))


def investor_ownership(table: CapTable, investor: str) -> Fraction:
    """Fully diluted ownership of ``investor``; a post-money SAFE outstanding counts as amount / cap
    of the table's shares after conversion (YC), a note at its cap."""
    fd = table.fully_diluted
    held = Fraction(table.by_holder().get(investor, 0))
    sold = sum((c.amount / c.cap for c in table.convertibles if isinstance(c, Safe) and c.post_money and c.cap), Fraction(0))
    out = held / fd if fd else Fraction(0)
    for c in table.convertibles:
        if c.holder != investor or c.cap is None:
            continue
        if isinstance(c, Safe) and c.post_money:
            out = held / fd * (1 - sold) + c.amount / c.cap if fd else c.amount / c.cap
        else:
            out += c.amount / (c.cap + c.amount)
    return out


def capitalisations(pf: ProForma, config: DealConfig | None = None, *, pro_rata: bool,
                    method: str = DEFAULT_METHOD) -> tuple[Capitalisation, ...]:
    """The cap tables after each number of later rounds (module docstring); exact."""
    cfg = config or DealConfig.shipped()
    terms = pf.terms
    on = conversion_date(terms)
    table = pf.table
    post = terms.post_money
    settings = Settings(method=method, rounding=Rounding(price_decimals=None))  # type: ignore[arg-type]
    out = [Capitalisation(0, (), table, pf.entry_ownership, (), post, ())]
    amounts: list[Fraction] = []
    totals: list[Fraction] = []
    for k, stage in enumerate(terms.future_stages):
        pre = post * _frac(cfg.rounds.step_up.of(stage)) if stage != "seed" else post
        d = _frac(cfg.rounds.dilution.of(stage))
        money = pre * d / (1 - d)
        label = SERIES_LABEL[stage]
        own = investor_ownership(table, terms.investor) if pro_rata else Fraction(0)
        mine = money * own
        investors = [Investment(f"{label} investors", money - mine)]
        if mine > 0:
            investors.append(Investment(terms.investor, mine))
        event = PricedRound(label, on + dt.timedelta(days=k + 1), tuple(investors), pre_money=pre,
                            series=f"{label} Preferred", terms=PreferredTerms(seniority=_senior(table)))
        table = plan_rounds(table, [event], settings, paths=[f"future[{k}]"]).final
        post = pre + money
        amounts.append(mine)
        totals.append(money)
        out.append(Capitalisation(k + 1, terms.future_stages[:k + 1], table, investor_ownership(table, terms.investor),
                                  tuple(amounts), post, tuple(totals)))
    return tuple(out)
