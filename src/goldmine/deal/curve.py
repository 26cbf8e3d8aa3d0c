"""The exit waterfall as an exact piecewise-linear function of the exit value (issue #14).

For one capitalisation (a :class:`~goldmine.financing.CapTable`), what each class and holder receives
is piecewise linear in the exit value ``x``: :func:`payout_curve` computes its breakpoints once,
exactly (Fractions), so every simulated path is then evaluated by interpolation instead of solving
the waterfall again.  The curve is *the same function* as :func:`goldmine.financing.waterfall`
(property-tested at every breakpoint and at random exits: equal as Fractions, hence to the cent):

1. The participants and their terms are the waterfall's own (``goldmine.financing.waterfall``'s
   groups: debt, preferences by seniority, SAFEs' cash-out, the residual shared as converted with
   capped participation, options and warrants exercising with their strike).
2. For a fixed *decision profile* (which series convert, which SAFEs take their shares, which option
   groups exercise), every net payout ``f_p(x)`` is continuous and piecewise linear; its
   breakpoints are known in closed form: the debt paid off, each seniority level of preferences
   paid off, and each capped participant reaching its cap in the water-filling (sorted by
   room per share: ``R_i = sum of earlier caps + (room_i / shares_i) x free shares``).  Values there
   come from the waterfall's own distribution function, exactly.
3. A profile is *stable* at ``x`` when no decision maker gains strictly by switching
   (``f_p[k](x) >= f_{p with k switched}[k](x)`` for every maker ``k``).  Each difference is
   piecewise linear on the union of two profiles' breakpoints, so the set where it is negative is a
   finite union of intervals with exact rational ends; the stable set of ``p`` is the complement of
   their union.
4. The waterfall reports the stable profile with the fewest conversions (ties in a fixed order):
   walking the profiles in that order and giving each the part of ``[0, oo)`` still unassigned
   where it is stable partitions the exit values into intervals (and single points, at exact ties),
   each with one profile.  The curve's breakpoints are the ends of these pieces and the profile's own
   breakpoints inside them; a jump at a piece's end (possible where decisions switch) is kept as a
   point value with different one-sided limits.

Exact evaluation (:meth:`PayoutCurve.exact`) interpolates Fractions; the simulation evaluates
float64 arrays (:meth:`PayoutCurve.evaluator`), whose error is far below a cent for any amount the
profile accepts.  Up to eight decision makers (the waterfall's enumeration limit); beyond that
:class:`AnalysisError` ``deal.error.too_many_decisions``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from goldmine.errors import AnalysisError
from goldmine.financing.captable import CapTable

# The waterfall's own participants and distribution function: the curve is built from them so that it
# is the same function as goldmine.financing.waterfall (an interface of the financing engine,
# used only here; tests/test_deal_properties.py holds the two equal).
from goldmine.financing.waterfall import (
    ENUMERATE_UP_TO,
    WaterfallGroup,
    distribute,
    net_payouts,
    waterfall_groups,
)

Vec = tuple[Fraction, ...]
# A span of exit values: (lo, lo_closed, hi or None for +infinity, hi_closed)
Span = tuple[Fraction, bool, Fraction | None, bool]
ZERO = Fraction(0)


# =========================================================================== one decision profile
@dataclass(frozen=True)
class _ProfileFn:
    """Net payouts per group under one fixed decision profile: exact values at the breakpoints."""

    points: tuple[Fraction, ...]
    values: tuple[Vec, ...]
    tail: Vec                      # slope per group beyond the last point

    def at(self, x: Fraction) -> Vec:
        i = bisect.bisect_right(self.points, x) - 1
        if self.points[i] == x:
            return self.values[i]
        if i == len(self.points) - 1:
            d = x - self.points[i]
            return tuple(v + s * d for v, s in zip(self.values[i], self.tail, strict=True))
        x0, x1 = self.points[i], self.points[i + 1]
        w = (x - x0) / (x1 - x0)
        return tuple(a + (b - a) * w for a, b in zip(self.values[i], self.values[i + 1], strict=True))

    def scalar(self, x: Fraction, g: int) -> Fraction:
        i = bisect.bisect_right(self.points, x) - 1
        if self.points[i] == x:
            return self.values[i][g]
        if i == len(self.points) - 1:
            return self.values[i][g] + self.tail[g] * (x - self.points[i])
        x0, x1 = self.points[i], self.points[i + 1]
        a, b = self.values[i][g], self.values[i + 1][g]
        return a + (b - a) * (x - x0) / (x1 - x0)


def _structural_points(groups: Sequence[WaterfallGroup], converts: dict[str, bool]) -> list[Fraction]:
    """Exit values where the distribution under ``converts`` changes slope (see the module docstring)."""
    strike_in = sum((g.strike * g.shares for g in groups if g.kind in ("options", "warrants") and converts.get(g.key, True)),
                    ZERO)
    cum = sum((g.preference for g in groups if g.kind == "debt"), ZERO)
    marks = {cum}
    prefs = [g for g in groups if g.kind in ("preferred", "safe") and not converts.get(g.key, False)]
    for level in sorted({g.seniority for g in prefs}, reverse=True):
        cum += sum((g.preference for g in prefs if g.seniority == level), ZERO)
        marks.add(cum)
    shares = ZERO
    rooms: list[tuple[Fraction, Fraction, Fraction]] = []   # (room per share, room, shares) of capped participants
    for g in groups:
        if g.shares <= 0:
            continue
        if g.kind == "common" or (g.kind in ("options", "warrants") and converts.get(g.key, True)):
            shares += g.shares
        elif g.kind in ("preferred", "safe"):
            if converts.get(g.key, False) or g.participation == "full":
                shares += g.shares
            elif g.participation == "capped":
                shares += g.shares
                if g.cap_total is not None:
                    room = max(g.cap_total - g.preference, ZERO)
                    rooms.append((room / g.shares, room, g.shares))
    capped = ZERO
    for per_share, room, n in sorted(rooms):
        marks.add(cum + capped + per_share * shares)
        capped += room
        shares -= n
    return sorted({m - strike_in for m in marks if m - strike_in > 0} | {ZERO})


def _profile_fn(groups: Sequence[WaterfallGroup], converts: dict[str, bool]) -> _ProfileFn:
    points = _structural_points(groups, converts)

    def net_at(x: Fraction) -> Vec:
        gross, _ = distribute(list(groups), x, converts)
        net = net_payouts(list(groups), gross, converts)
        return tuple(net[g.key] for g in groups)

    values = [net_at(x) for x in points]
    beyond = net_at(points[-1] + 1)
    tail = tuple(b - a for a, b in zip(values[-1], beyond, strict=True))
    return _ProfileFn(tuple(points), tuple(values), tail)


# =========================================================================== sets of exit values
def _nonempty(s: Span) -> bool:
    lo, lc, hi, hc = s
    return hi is None or lo < hi or (lo == hi and lc and hc)


def _normalise(spans: list[Span]) -> list[Span]:
    """Disjoint, sorted spans (overlapping or touching spans merged)."""
    items = sorted((s for s in spans if _nonempty(s)), key=lambda s: (s[0], not s[1]))
    out: list[Span] = []
    for s in items:
        if out:
            lo, lc, hi, hc = out[-1]
            if hi is None or s[0] < hi or (s[0] == hi and (hc or s[1])):
                if hi is None or s[2] is None:
                    out[-1] = (lo, lc, None, False)
                elif s[2] > hi:
                    out[-1] = (lo, lc, s[2], s[3])
                elif s[2] == hi:
                    out[-1] = (lo, lc, hi, hc or s[3])
                continue
        out.append(s)
    return out


def _complement(spans: list[Span]) -> list[Span]:
    """``[0, oo)`` minus normalised ``spans``."""
    out: list[Span] = []
    start, closed = ZERO, True
    for lo, lc, hi, hc in spans:
        gap: Span = (start, closed, lo, not lc)
        if _nonempty(gap):
            out.append(gap)
        if hi is None:
            return out
        start, closed = hi, not hc
    out.append((start, closed, None, False))
    return out


def _intersect(a: list[Span], b: list[Span]) -> list[Span]:
    out: list[Span] = []
    for x in a:
        for y in b:
            if x[0] > y[0] or (x[0] == y[0] and not x[1]):
                lo, lc = x[0], x[1]
            else:
                lo, lc = y[0], y[1]
            if x[0] == y[0]:
                lc = x[1] and y[1]
            if x[2] is None:
                hi, hc = y[2], y[3]
            elif y[2] is None or x[2] < y[2]:
                hi, hc = x[2], x[3]
            elif x[2] > y[2]:
                hi, hc = y[2], y[3]
            else:
                hi, hc = x[2], x[3] and y[3]
            s: Span = (lo, lc, hi, hc)
            if _nonempty(s):
                out.append(s)
    return _normalise(out)


def _negative_set(f: _ProfileFn, g_: _ProfileFn, gi: int) -> list[Span]:
    """Where ``f[gi] - g_[gi] < 0`` (both continuous, piecewise linear): a union of spans, exact."""
    pts = sorted(set(f.points) | set(g_.points))
    h = [f.scalar(x, gi) - g_.scalar(x, gi) for x in pts]
    out: list[Span] = []
    for (u, hu), (v, hv) in zip(zip(pts, h, strict=True), zip(pts[1:], h[1:], strict=True), strict=False):
        if hu < 0 and hv < 0:
            out.append((u, True, v, True))
        elif hu < 0 <= hv:
            r = v if hv == 0 else u + (v - u) * hu / (hu - hv)
            out.append((u, True, r, False))
        elif hv < 0 <= hu:
            r = u if hu == 0 else u + (v - u) * hu / (hu - hv)
            out.append((r, False, v, True))
    last, hl = pts[-1], h[-1]
    slope = f.tail[gi] - g_.tail[gi]
    if hl < 0:
        out.append((last, True, None, False) if slope <= 0 else (last, True, last - hl / slope, False))
    elif slope < 0:
        out.append((last - hl / slope, False, None, False))
    return _normalise(out)


# =========================================================================== the curve
@dataclass(frozen=True)
class PayoutCurve:
    """Exact payouts per group (security class, option strike group, SAFE, debt) as a function of the
    exit value: breakpoints ``x``, the value at each (``value``), the one-sided limits (``left``,
    ``right``; equal to ``value`` where the curve is continuous) and the slope beyond the last
    breakpoint (``tail``).  ``groups`` names each component (the waterfall's ``by_security`` keys);
    ``holders`` gives each group's (holder, weight) split."""

    keys: tuple[str, ...]
    kinds: tuple[str, ...]
    holders: tuple[tuple[tuple[str, Fraction], ...], ...]
    x: tuple[Fraction, ...]
    value: tuple[Vec, ...]
    left: tuple[Vec, ...]
    right: tuple[Vec, ...]
    tail: Vec
    makers: int
    profiles: int

    # ------------------------------------------------------------------ exact
    def exact(self, exit_value: Fraction | int) -> dict[str, Fraction]:
        """Payout per group at ``exit_value`` (>= 0), exact."""
        x = Fraction(exit_value)
        if x < 0:
            raise AnalysisError("financing.error.exit_negative", found=float(x))
        return dict(zip(self.keys, self._vec(x), strict=True))

    def _vec(self, x: Fraction) -> Vec:
        i = bisect.bisect_right(self.x, x) - 1
        if self.x[i] == x:
            return self.value[i]
        if i == len(self.x) - 1:
            d = x - self.x[i]
            return tuple(r + s * d for r, s in zip(self.right[i], self.tail, strict=True))
        w = (x - self.x[i]) / (self.x[i + 1] - self.x[i])
        return tuple(r + (l_ - r) * w for r, l_ in zip(self.right[i], self.left[i + 1], strict=True))

    def by_holder(self, exit_value: Fraction | int) -> dict[str, Fraction]:
        """Payout per holder at ``exit_value``, exact (the waterfall's ``by_holder``)."""
        out: dict[str, Fraction] = {}
        for v, hs in zip(self._vec(Fraction(exit_value)), self.holders, strict=True):
            for h, w in hs:
                out[h] = out.get(h, ZERO) + v * w
        return out

    def weights(self, holder: str) -> Vec:
        """The share of each group that ``holder`` receives (0 where it holds none of it)."""
        return tuple(sum((w for h, w in hs if h == holder), ZERO) for hs in self.holders)

    def holder_at(self, holder: str, exit_value: Fraction | int) -> Fraction:
        return self.by_holder(exit_value).get(holder, ZERO)

    def holder_points(self, holder: str) -> tuple[tuple[Fraction, Fraction], ...]:
        """(breakpoint, payout at it) for one holder."""
        w = self.weights(holder)
        return tuple((x, sum((a * b for a, b in zip(v, w, strict=True)), ZERO)) for x, v in zip(self.x, self.value, strict=True))

    def inverse(self, holder: str, target: Fraction) -> Fraction | None:
        """The smallest exit value at which ``holder`` receives at least ``target`` (exact), ``None``
        when no exit pays that much.  A holder's payout never falls as the exit rises (property-tested),
        so this is the exit needed for a payout."""
        w = self.weights(holder)

        def dot(v: Vec) -> Fraction:
            return sum((a * b for a, b in zip(v, w, strict=True)), ZERO)

        if target <= 0:
            return ZERO
        for i, x in enumerate(self.x):
            if dot(self.value[i]) >= target:
                return x
            r = dot(self.right[i])
            if i == len(self.x) - 1:
                slope = dot(self.tail)
                return x + (target - r) / slope if slope > 0 else None
            nxt = dot(self.left[i + 1])
            if nxt >= target > r:
                return x + (self.x[i + 1] - x) * (target - r) / (nxt - r)
        return None

    # ------------------------------------------------------------------ float, for the simulation
    def evaluator(self, holder: str) -> CurveEvaluator:
        """A float64 evaluator of ``holder``'s payout for arrays of exit values."""
        w = self.weights(holder)

        def dot(v: Vec) -> float:
            return float(sum((a * b for a, b in zip(v, w, strict=True)), ZERO))

        return CurveEvaluator(np.array([float(x) for x in self.x]), np.array([dot(v) for v in self.value]),
                              np.array([dot(v) for v in self.left]), np.array([dot(v) for v in self.right]), dot(self.tail))


@dataclass(frozen=True)
class CurveEvaluator:
    """One holder's payout as float64 arrays: breakpoints, values, one-sided limits, tail slope."""

    x: np.ndarray
    value: np.ndarray
    left: np.ndarray
    right: np.ndarray
    tail: float

    def __call__(self, exits: np.ndarray) -> np.ndarray:
        e = np.asarray(exits, dtype="float64")
        i = np.searchsorted(self.x, e, side="right") - 1
        i = np.clip(i, 0, len(self.x) - 1)
        x0 = self.x[i]
        last = i == len(self.x) - 1
        j = np.minimum(i + 1, len(self.x) - 1)
        span = np.where(last, 1.0, self.x[j] - x0)
        inner = self.right[i] + (self.left[j] - self.right[i]) * (e - x0) / span
        out: np.ndarray = np.where(last, self.right[i] + self.tail * (e - x0), inner)
        return np.where(e == x0, self.value[i], out)


def payout_curve(table: CapTable, *, on: dt.date | None = None) -> PayoutCurve:
    """The exact piecewise-linear payout curve of ``table`` (module docstring); ``on`` dates the
    interest of notes still outstanding, as in :func:`goldmine.financing.waterfall`."""
    groups = waterfall_groups(table, on)
    makers = [i for i, g in enumerate(groups) if g.decides]
    if len(makers) > ENUMERATE_UP_TO:
        raise AnalysisError("deal.error.too_many_decisions", found=len(makers), limit=ENUMERATE_UP_TO)
    keys = [groups[i].key for i in makers]
    order = sorted(itertools.product((False, True), repeat=len(makers)), key=lambda p: (sum(p), p))
    fns: dict[tuple[bool, ...], _ProfileFn] = {p: _profile_fn(groups, dict(zip(keys, p, strict=True))) for p in order}
    free: list[Span] = [(ZERO, True, None, False)]
    pieces: list[tuple[Span, tuple[bool, ...]]] = []
    for p in order:
        unstable: list[Span] = []
        for k, gi in enumerate(makers):
            q = p[:k] + (not p[k],) + p[k + 1:]
            unstable += _negative_set(fns[p], fns[q], gi)
        take = _intersect(free, _complement(_normalise(unstable)))
        if take:
            pieces += [(s, p) for s in take]
            free = _intersect(free, _normalise(unstable))
        if not free:
            break
    if free:
        raise AnalysisError("financing.error.no_stable_decisions", exit=float(free[0][0]))
    return _assemble(groups, pieces, fns, len(makers), len(order))


def _assemble(groups: Sequence[WaterfallGroup], pieces: list[tuple[Span, tuple[bool, ...]]],
              fns: dict[tuple[bool, ...], _ProfileFn], makers: int, profiles: int) -> PayoutCurve:
    value: dict[Fraction, Vec] = {}
    left: dict[Fraction, Vec] = {}
    right: dict[Fraction, Vec] = {}
    tail: Vec | None = None
    for (lo, lc, hi, hc), p in sorted(pieces, key=lambda sp: (sp[0][0], not sp[0][1])):
        f = fns[p]
        if hi is not None and lo == hi:
            value[lo] = f.at(lo)
            continue
        if lc:
            value[lo] = f.at(lo)
        right[lo] = f.at(lo)
        for x in f.points:
            if x > lo and (hi is None or x < hi):
                value[x] = left[x] = right[x] = f.at(x)
        if hi is None:
            tail = f.tail
        else:
            left[hi] = f.at(hi)
            if hc:
                value[hi] = f.at(hi)
    assert tail is not None  # invariant: the pieces cover [0, oo), so one of them is unbounded
    xs = sorted(value)
    val = [value[x] for x in xs]
    lft = [left.get(x, value[x]) for x in xs]
    rgt = [right.get(x, value[x]) for x in xs]
    xs, val, lft, rgt = _simplify(xs, val, lft, rgt, tail)
    return PayoutCurve(tuple(g.key for g in groups), tuple(g.kind for g in groups),
                       tuple(g.holders for g in groups), tuple(xs), tuple(val), tuple(lft), tuple(rgt), tail,
                       makers, profiles)


def _simplify(xs: list[Fraction], val: list[Vec], lft: list[Vec], rgt: list[Vec], tail: Vec
              ) -> tuple[list[Fraction], list[Vec], list[Vec], list[Vec]]:
    """Drop breakpoints where the curve is continuous and has the same slope on both sides."""
    X, V, L, R = [xs[0]], [val[0]], [lft[0]], [rgt[0]]
    for i in range(1, len(xs)):
        if val[i] == lft[i] == rgt[i] and len(X) >= 1:
            before = _slope(X[-1], R[-1], xs[i], lft[i])
            after = tail if i == len(xs) - 1 else _slope(xs[i], rgt[i], xs[i + 1], lft[i + 1])
            if before == after:
                continue
        X.append(xs[i])
        V.append(val[i])
        L.append(lft[i])
        R.append(rgt[i])
    return X, V, L, R


def _slope(x0: Fraction, v0: Vec, x1: Fraction, v1: Vec) -> Vec:
    return tuple((b - a) / (x1 - x0) for a, b in zip(v0, v1, strict=True))
