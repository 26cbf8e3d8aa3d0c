"""Property tests of goldmine.deal (hypothesis; issue #14 "Done when").

* **Exactness**: the breakpoint-interpolated payout equals the exact waterfall
  (:func:`goldmine.financing.waterfall`) as Fractions — hence to the cent — at every breakpoint and at
  random exits, on random cap tables (preferred series with every kind of preference and seniority,
  options with strikes, outstanding SAFEs and notes, venture debt) and on the plans of the financing
  property tests; the payouts sum to the exit value; the float evaluator used by the simulation agrees
  to the cent.
* **Monotonicity**: a higher exit never lowers any holder's payout; a higher entry price never raises
  the investor's multiple (at any exit, with any number of later rounds, on the same simulated
  paths); pro-rata never lowers the investor's ownership.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

import numpy as np
import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_financing_properties import plans

from goldmine.deal import capitalisations, deal_terms, payout_curve, pro_forma
from goldmine.deal.analysis import book_deal, company_model, path_payouts
from goldmine.deal.proforma import conversion_date
from goldmine.deal.simulate import simulate
from goldmine.errors import AnalysisError
from goldmine.financing import (
    CapTable,
    ConvertibleNote,
    PreferredTerms,
    Rounding,
    Safe,
    SecurityClass,
    VentureDebt,
    plan_rounds,
    waterfall,
)
from goldmine.io import load_profile

D = dt.date(2020, 1, 1)
ON = dt.date(2022, 1, 1)
CASES = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
FEW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
CENT = 0.005


@st.composite
def tables(draw):
    """A capitalisation of every kind the waterfall knows (at most 8 decision makers)."""
    t = CapTable(classes=(SecurityClass("Common", "common"), SecurityClass("Options", "options"),
                          SecurityClass("Warrants", "warrants")))
    t = t.issue("Founders", "Common", draw(st.integers(1, 10_000_000)))
    for i in range(draw(st.integers(0, 2))):
        strike = F(draw(st.integers(0, 300)), 100)
        t = t.issue(f"opt{i}", "Options", draw(st.integers(1, 2_000_000)), strike or None)
    if draw(st.booleans()):
        t = t.issue("lender", "Warrants", draw(st.integers(1, 500_000)), F(draw(st.integers(1, 200)), 100))
    for i in range(draw(st.integers(0, 5))):
        part = draw(st.sampled_from(["none", "none", "full", "capped"]))
        terms = PreferredTerms(F(draw(st.sampled_from([1, 1, 1, 2, 3]))), part,
                               F(draw(st.sampled_from([2, 3, 5]))) if part == "capped" else None,
                               draw(st.one_of(st.none(), st.integers(0, 3))))
        t = t.with_class(SecurityClass(f"S{i}", "preferred", F(draw(st.integers(1, 500)), 100), terms, draw(st.integers(1, 4))))
        t = t.issue(f"inv{i}", f"S{i}", draw(st.integers(1, 5_000_000)))
    conv = []
    for i in range(draw(st.integers(0, 2))):
        amount = F(draw(st.integers(10_000, 3_000_000)))
        if draw(st.booleans()):
            conv.append(Safe(f"safe{i}", D, f"sh{i}", amount, F(draw(st.integers(5_000_000, 80_000_000))),
                             post_money=draw(st.booleans())))
        else:
            conv.append(ConvertibleNote(f"note{i}", D, f"nh{i}", amount, F(5, 100)))
    t = t.with_convertibles(tuple(conv))
    if draw(st.booleans()):
        t = t.with_debts((VentureDebt("debt", D, "lender", F(draw(st.integers(10_000, 5_000_000)))),))
    return t


def _curve_or_skip(table):
    try:
        return payout_curve(table, on=ON)
    except AnalysisError as e:   # more than 8 decision makers: the waterfall iterates, the curve refuses
        assert e.key == "deal.error.too_many_decisions"
        return None


def _check_exact(table, curve, exits):
    points = list(curve.x) + [F(e) for e in exits] + [curve.x[-1] * 2 + 7, curve.x[-1] + F(1, 3)]
    for x in points:
        w = waterfall(table, x, on=ON)
        got = curve.exact(x)
        assert got == w.by_security(), x                      # equal as Fractions: exact
        assert sum(got.values()) == x                          # the payouts sum to the exit value
        assert curve.by_holder(x) == w.by_holder()


@CASES
@given(tables(), st.lists(st.integers(0, 2 * 10**8), min_size=6, max_size=6))
def test_curve_equals_the_exact_waterfall_at_breakpoints_and_random_exits(table, exits):
    curve = _curve_or_skip(table)
    if curve is not None:
        _check_exact(table, curve, exits)


@FEW
@given(plans(), st.lists(st.integers(0, 10**9), min_size=4, max_size=4))
def test_curve_equals_the_waterfall_on_planned_rounds(plan, exits):
    """The plans of the financing property tests (SAFEs, notes, pools, three conventions), through the planner."""
    table, events, s = plan
    final = plan_rounds(table, events, s).final
    curve = _curve_or_skip(final)
    if curve is not None:
        _check_exact(final, curve, exits)


@CASES
@given(tables(), st.lists(st.floats(0, 3e8, allow_nan=False), min_size=20, max_size=20))
def test_float_evaluator_is_exact_to_the_cent(table, exits):
    curve = _curve_or_skip(table)
    if curve is None:
        return
    holders = sorted({h for hs in curve.holders for h, _ in hs})
    xs = np.array(exits + [float(x) for x in curve.x])
    for h in holders:
        got = curve.evaluator(h)(xs)
        want = [float(curve.holder_at(h, F(x))) for x in xs]
        assert np.max(np.abs(got - np.array(want))) < CENT


@CASES
@given(tables(), st.lists(st.integers(0, 3 * 10**8), min_size=8, max_size=8, unique=True))
def test_a_higher_exit_never_lowers_any_holders_payout(table, exits):
    curve = _curve_or_skip(table)
    if curve is None:
        return
    xs = sorted([F(e) for e in exits] + list(curve.x))
    rows = [curve.by_holder(x) for x in xs]
    for a, b in zip(rows, rows[1:], strict=False):
        for h in a:
            assert b[h] >= a[h], h


# --------------------------------------------------------------------------- deal level
def _profile(name: str):
    return load_profile(EXAMPLES / f"{name}.yaml")


@pytest.fixture(scope="module")
def paths_medicare():
    s = _profile("medicare-ai")
    terms = deal_terms(s, s.proposal)
    return s, simulate(company_model(s, terms, _cfg()), 3000, 7)


def _cfg():
    from goldmine.deal import DealConfig

    return DealConfig.shipped()


@FEW
@given(name=st.sampled_from(["medicare-ai", "promptly"]), low=st.floats(0.3, 3.0), factor=st.floats(1.01, 3.0),
       exits=st.lists(st.floats(0, 5e8), min_size=6, max_size=6), pro_rata=st.booleans())
def test_a_higher_entry_price_never_raises_the_multiple(name, low, factor, exits, pro_rata):
    """Same company, same exits, same later rounds: the investor's payout per money invested at the
    higher price is never above the one at the lower price, at every capitalisation, up to the rounding
    of share counts (a class's payout is split between its holders by whole shares: a relative 1e-5)."""
    s = _profile(name)
    base = s.proposal.model_copy(update={"pro_rata": pro_rata})
    books = []
    for mult in (low, low * factor):
        p = base.model_copy(update={"pre_money": round(base.pre_money * mult)})
        t = deal_terms(s, p)
        caps = capitalisations(pro_forma(s, t), pro_rata=pro_rata)
        books.append((t, caps, [payout_curve(c.table, on=conversion_date(t)) for c in caps]))
    (t1, caps1, cur1), (t2, caps2, cur2) = books
    for c1, c2, k1, k2 in zip(caps1, caps2, cur1, cur2, strict=True):
        inv1 = t1.new_money + sum(c1.pro_rata_amounts, F(0))
        inv2 = t2.new_money + sum(c2.pro_rata_amounts, F(0))
        for x in exits:
            m1 = k1.holder_at(t1.investor, F(x)) / inv1
            m2 = k2.holder_at(t2.investor, F(x)) / inv2
            assert m2 <= m1 * (1 + F(1, 10**5)), (name, c1.rounds, x)


@FEW
@given(name=st.sampled_from(["medicare-ai", "promptly"]), mult=st.floats(0.3, 3.0),
       instrument=st.sampled_from(["priced", "safe", "note"]))
def test_pro_rata_never_lowers_the_investors_ownership(name, mult, instrument):
    s = _profile(name)
    update: dict = {"pre_money": round(s.proposal.pre_money * mult), "instrument": instrument}
    if instrument != "priced":
        update["pool_target"] = None
    p = s.proposal.model_copy(update=update)
    t = deal_terms(s, p)
    pf = pro_forma(s, t)
    without = capitalisations(pf, pro_rata=False)
    with_ = capitalisations(pf, pro_rata=True)
    for a, b in zip(without, with_, strict=True):
        assert b.ownership >= a.ownership
    assert without[-1].ownership <= without[0].ownership   # later rounds dilute without pro-rata


def test_simulated_payouts_fall_with_the_entry_price_path_by_path(paths_medicare):
    """On the same simulated paths (common random numbers), every path's multiple at a higher price is
    at most the one at the lower price."""
    s, sim = paths_medicare
    cfg = _cfg()
    moics = []
    for pre in (60_000_000, 90_000_000, 150_000_000):
        t = deal_terms(s, s.proposal.model_copy(update={"pre_money": pre}))
        book = book_deal(s, t, cfg, Rounding(price_decimals=None), "percentage_ownership", source=None, paths=None)
        moics.append(path_payouts(sim, book.eval_) / float(t.new_money))
    assert np.all(moics[1] <= moics[0] * (1 + 1e-5) + 1e-12) and np.all(moics[2] <= moics[1] * (1 + 1e-5) + 1e-12)
    assert moics[0].mean() > moics[2].mean()
