"""Property tests of goldmine.financing (hypothesis): exact ownership, exact and monotone waterfalls.

Invariants (DESIGN.md §4, issue #5): ownership sums to exactly 1 after any plan; waterfall payouts
sum exactly to the exit value; a higher exit never pays any holder less.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldmine.financing import (
    CapTable,
    ConvertibleNote,
    Investment,
    PoolTopUp,
    PreferredTerms,
    PricedRound,
    Safe,
    SecurityClass,
    Settings,
    plan_rounds,
    waterfall,
)

D = dt.date(2020, 1, 1)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

terms_st = st.builds(
    lambda mult, part, cap: PreferredTerms(F(mult), part, F(cap) if part == "capped" else None),
    st.sampled_from([1, 1, 2]), st.sampled_from(["none", "none", "full", "capped"]), st.sampled_from([2, 3]))


@st.composite
def plans(draw):
    founders = draw(st.integers(1_000, 20_000_000))
    pool = draw(st.integers(0, 3_000_000))
    table = CapTable(classes=(SecurityClass("Common", "common"),)).issue("Founders", "Common", founders).with_pool(pool)
    events = []
    day = 0
    n_conv = draw(st.integers(0, 3))
    sold = F(0)
    converting = F(0)
    for i in range(n_conv):
        day += 10
        amount = F(draw(st.integers(10_000, 2_000_000)))
        converting += amount * F(11, 10)
        cap = draw(st.one_of(st.none(), st.integers(1_000_000, 50_000_000)))
        if cap is not None and sold + amount / cap >= F(9, 10):
            cap = None
        disc = F(draw(st.sampled_from([0, 10, 20, 25])), 100)
        if draw(st.booleans()):
            if cap is not None:
                sold += amount / cap
            events.append(Safe(f"S{i}", D + dt.timedelta(days=day), f"safe{i}", amount, F(cap) if cap else None, disc))
        else:
            events.append(ConvertibleNote(f"N{i}", D + dt.timedelta(days=day), f"note{i}", amount,
                                          F(draw(st.sampled_from([0, 5, 8])), 100), disc, F(cap) if cap else None))
    for r in range(draw(st.integers(1, 3))):
        day += 200
        pool_top = draw(st.one_of(st.none(), st.builds(lambda p: PoolTopUp(target_post=F(p, 100)), st.integers(5, 20))))
        money = F(draw(st.integers(100_000, 20_000_000)))
        # a feasible round: the pre-money exceeds the new money and four times what converts, so a
        # pool target of at most 20 % of the post-money leaves the existing holders a positive value
        pre = money * draw(st.integers(1, 20)) + 4 * converting
        events.append(PricedRound(f"R{r}", D + dt.timedelta(days=day), (Investment(f"inv{r}", money),),
                                  pre_money=pre, pool=pool_top, terms=draw(terms_st)))
        converting = F(0)
    method = draw(st.sampled_from(["percentage_ownership", "pre_money", "dollars_invested"]))
    seniority = draw(st.sampled_from(["stacked", "pari_passu"]))
    return table, events, Settings(method=method, seniority=seniority)


@FAST
@given(plans())
def test_ownership_sums_to_exactly_one(plan):
    table, events, s = plan
    result = plan_rounds(table, events, s)
    for step in result.steps:
        own = step.after.ownership()
        assert sum(own.values()) == 1
        assert all(v >= 0 for v in own.values())
        assert step.after.fully_diluted >= step.before.fully_diluted


@FAST
@given(plans(), st.integers(0, 500_000_000), st.integers(0, 500_000_000))
def test_waterfall_is_exact_and_monotone(plan, x1, x2):
    table, events, s = plan
    final = plan_rounds(table, events, s).final
    lo, hi = sorted((x1, x2))
    w_lo, w_hi = waterfall(final, lo), waterfall(final, hi)
    assert sum(w_lo.by_holder().values()) == lo
    assert sum(w_hi.by_holder().values()) == hi
    a, b = w_lo.by_holder(), w_hi.by_holder()
    for holder, paid in a.items():
        assert paid >= 0
        assert b[holder] >= paid, (holder, lo, hi, w_lo.decisions, w_hi.decisions)


@st.composite
def tables(draw):
    """Cap tables with several preferred series, options with strikes and SAFEs outstanding."""
    t = CapTable(classes=(SecurityClass("Common", "common"), SecurityClass("Options", "options")))
    t = t.issue("F", "Common", draw(st.integers(1, 10_000_000)))
    if draw(st.booleans()):
        t = t.issue("staff", "Options", draw(st.integers(1, 2_000_000)), F(draw(st.integers(0, 300)), 100))
    for i in range(draw(st.integers(0, 4))):
        name = f"P{i}"
        t = t.with_class(SecurityClass(name, "preferred", F(draw(st.integers(1, 500)), 100), draw(terms_st),
                                       draw(st.integers(0, 3))))
        t = t.issue(f"h{i}", name, draw(st.integers(1, 5_000_000)))
    if draw(st.booleans()):
        t = t.with_convertibles((Safe("S", D, "safe", F(draw(st.integers(1, 1_000_000))),
                                      F(draw(st.integers(2_000_000, 40_000_000))) if draw(st.booleans()) else None),))
    return t


@FAST
@given(tables(), st.integers(0, 200_000_000), st.integers(0, 200_000_000))
def test_waterfall_invariants_on_arbitrary_tables(t, x1, x2):
    lo, hi = sorted((x1, x2))
    w_lo, w_hi = waterfall(t, lo), waterfall(t, hi)
    assert sum(p.amount for p in w_lo.payouts) == lo
    assert sum(p.amount for p in w_hi.payouts) == hi
    for holder, paid in w_lo.by_holder().items():
        assert w_hi.by_holder()[holder] >= paid, (holder, lo, hi, w_lo.decisions, w_hi.decisions)


@st.composite
def rounds_with_convertibles(draw):
    E = draw(st.integers(1_000_000, 20_000_000))
    conv = []
    sold = F(0)
    for i in range(draw(st.integers(0, 4))):
        amount = F(draw(st.integers(10_000, 1_000_000)))
        cap = F(draw(st.integers(2_000_000, 40_000_000))) if draw(st.booleans()) else None
        post = draw(st.booleans())
        if cap is not None and post:
            if sold + amount / cap >= F(1, 2):
                cap = None
            else:
                sold += amount / cap
        disc = F(draw(st.sampled_from([0, 15, 20, 30])), 100)
        conv.append((Safe(f"s{i}", D, f"h{i}", amount, cap, disc, post_money=post), amount))
    money = F(draw(st.integers(100_000, 10_000_000)))
    pre = money * draw(st.integers(1, 10)) + 5 * sum((a for _, a in conv), F(0)) + 1_000_000
    pool = draw(st.one_of(st.none(), st.integers(5, 20)))
    return E, conv, money, pre, pool


@FAST
@given(rounds_with_convertibles(), st.sampled_from(["percentage_ownership", "pre_money", "dollars_invested"]))
def test_exact_solution_satisfies_each_convention(case, method):
    """The exact solution meets its convention's defining identity (Cooley) and Carta's conversion rule."""
    from goldmine.financing import solve_priced_round

    E, conv, M, V, pool = case
    ex = solve_priced_round(E, 0, M, pre_money=V, price=None, convertibles=conv,
                            pool_target=F(pool, 100) if pool else None, method=method)
    x = 1 / ex.price
    new = M * x
    S = sum(ex.conversion_shares, F(0))
    post = E + ex.pool_increase + S + new
    D = sum((a for _, a in conv), F(0))
    if method == "percentage_ownership":
        assert new / post == M / (V + M)
    elif method == "pre_money":
        assert ex.price == V / (E + ex.pool_increase)
    else:
        assert new / post == M / (V + D + M)
    if pool:
        assert ex.pool_increase == F(pool, 100) * post       # no pool before: target met exactly
    for (c, a), s in zip(conv, ex.conversion_shares, strict=True):
        by_discount = a / ((1 - c.discount) * ex.price)
        if c.cap is None:
            assert s == by_discount
        else:
            base = ex.capitalization if c.post_money else E + ex.pool_increase
            assert s == max(by_discount, a * base / c.cap)   # the lower of the two prices
