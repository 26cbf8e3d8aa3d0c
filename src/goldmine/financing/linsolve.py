"""Exact solution of small linear systems over the rationals (Gauss-Jordan elimination on Fractions).

Used to solve the circular definitions of a priced round with converting SAFEs and notes
(Carta's cap-table calculator definitions, Carta release notes) exactly instead of by
floating-point fixed-point iteration: once the binding term of each converting security (cap or
discount) is fixed, the definitions are linear in the unknowns.
"""

from __future__ import annotations

from fractions import Fraction

from goldmine.errors import AnalysisError


class Singular(AnalysisError):
    """The system has no unique solution (key ``financing.error.singular``)."""

    def __init__(self, column: int):
        super().__init__("financing.error.singular", column=column)


def solve(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """Solve ``a @ x = b`` exactly; raise :class:`Singular` when ``a`` is singular."""
    n = len(a)
    m = [list(map(Fraction, row)) + [Fraction(rhs)] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            raise Singular(col)
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        m[col] = [v / p for v in m[col]]
        for r in range(n):
            if r != col and m[r][col] != 0:
                f = m[r][col]
                m[r] = [v - f * w for v, w in zip(m[r], m[col], strict=True)]
    return [m[r][n] for r in range(n)]
