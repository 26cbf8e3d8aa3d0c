"""The cap table: who holds what, fully diluted, by holder and by class (exact).

A :class:`CapTable` is an immutable snapshot: security classes (common, preferred series with
their liquidation terms, options, warrants), positions (holder, class, shares, strike), the
unissued option pool, the SAFEs and notes not yet converted and the venture debt outstanding.
Fully diluted shares = issued shares + outstanding options and warrants + unissued pool (the
"company capitalization" of the YC Post-Money Safe User Guide before conversions). Ownership
fractions are exact, so they sum to exactly 1.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal

from goldmine.errors import AnalysisError
from goldmine.financing.instruments import Convertible, PreferredTerms, VentureDebt
from goldmine.results import Result

ClassKind = Literal["common", "preferred", "options", "warrants"]
POOL = "Unissued option pool"


@dataclass(frozen=True)
class SecurityClass:
    """A class of securities. ``issue_price`` is the original issue price (preferred) used for the
    liquidation preference; ``seniority``: higher is paid first."""

    name: str
    kind: ClassKind
    issue_price: Fraction | None = None
    terms: PreferredTerms | None = None
    seniority: int = 0

    def to_dict(self) -> dict[str, Any]:
        t = self.terms
        return {"name": self.name, "kind": self.kind,
                "issue_price": None if self.issue_price is None else float(self.issue_price),
                "liquidation_multiple": float(t.liquidation_multiple) if t else None,
                "participation": t.participation if t else None,
                "participation_cap": float(t.participation_cap) if t and t.participation_cap is not None else None,
                "seniority": self.seniority}


@dataclass(frozen=True)
class Position:
    holder: str
    security: str
    shares: int
    strike: Fraction | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "security": self.security, "shares": self.shares,
                "strike": None if self.strike is None else float(self.strike)}


@dataclass(frozen=True)
class CapTable(Result):
    classes: tuple[SecurityClass, ...] = ()
    positions: tuple[Position, ...] = ()
    pool_unissued: int = 0
    convertibles: tuple[Convertible, ...] = ()
    debts: tuple[VentureDebt, ...] = ()
    _index: dict[str, SecurityClass] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {c.name: c for c in self.classes})

    # ------------------------------------------------------------------ queries
    def security(self, name: str) -> SecurityClass:
        """The class named ``name``; :class:`AnalysisError` when the table has no such class."""
        try:
            return self._index[name]
        except KeyError:
            raise AnalysisError("financing.error.unknown_class", found=name, known=", ".join(self._index)) from None

    @property
    def fully_diluted(self) -> int:
        """Issued shares + outstanding options and warrants + unissued pool."""
        return sum(p.shares for p in self.positions) + self.pool_unissued

    @property
    def issued(self) -> int:
        return sum(p.shares for p in self.positions if self.security(p.security).kind in ("common", "preferred"))

    @property
    def options_outstanding(self) -> int:
        return sum(p.shares for p in self.positions if self.security(p.security).kind == "options")

    def by_holder(self) -> dict[str, int]:
        """Fully diluted shares per holder; the unissued pool is the holder ``POOL``."""
        out: dict[str, int] = defaultdict(int)
        for p in self.positions:
            out[p.holder] += p.shares
        if self.pool_unissued:
            out[POOL] += self.pool_unissued
        return dict(out)

    def by_class(self) -> dict[str, int]:
        out: dict[str, int] = {c.name: 0 for c in self.classes}
        for p in self.positions:
            out[p.security] = out.get(p.security, 0) + p.shares
        if self.pool_unissued:
            out[POOL] = self.pool_unissued
        return {k: v for k, v in out.items() if v}

    def ownership(self) -> dict[str, Fraction]:
        """Fully diluted ownership per holder, exact; sums to exactly 1 (empty table: empty dict)."""
        fd = self.fully_diluted
        return {h: Fraction(s, fd) for h, s in self.by_holder().items()} if fd else {}

    def class_ownership(self) -> dict[str, Fraction]:
        fd = self.fully_diluted
        return {c: Fraction(s, fd) for c, s in self.by_class().items()} if fd else {}

    # ------------------------------------------------------------------ changes (new tables)
    def with_class(self, cls: SecurityClass) -> CapTable:
        if cls.name in self._index:
            return self
        return replace(self, classes=self.classes + (cls,))

    def issue(self, holder: str, security: str, shares: int, strike: Fraction | None = None) -> CapTable:
        """Add shares to a holder's position in a class (merged with an equal position)."""
        if shares == 0:
            return self
        positions = list(self.positions)
        for i, p in enumerate(positions):
            if p.holder == holder and p.security == security and p.strike == strike:
                positions[i] = replace(p, shares=p.shares + shares)
                break
        else:
            positions.append(Position(holder, security, shares, strike))
        return replace(self, positions=tuple(positions))

    def with_pool(self, unissued: int) -> CapTable:
        return replace(self, pool_unissued=unissued)

    def with_convertibles(self, convertibles: tuple[Convertible, ...]) -> CapTable:
        return replace(self, convertibles=convertibles)

    def with_debts(self, debts: tuple[VentureDebt, ...]) -> CapTable:
        return replace(self, debts=debts)

    # ------------------------------------------------------------------ output
    def to_dict(self) -> dict[str, Any]:
        fd = self.fully_diluted
        holders = self.by_holder()
        own = self.ownership()
        return {
            "fully_diluted": fd,
            "issued": self.issued,
            "options_outstanding": self.options_outstanding,
            "pool_unissued": self.pool_unissued,
            "holders": [{"holder": h, "shares": s, "ownership": float(own[h])} for h, s in holders.items()],
            "classes": [dict(c.to_dict(), shares=self.by_class().get(c.name, 0)) for c in self.classes],
            "positions": [p.to_dict() for p in self.positions],
            "convertibles_outstanding": [
                {"name": c.name, "holder": c.holder, "instrument": c.instrument, "amount": float(c.amount),
                 "cap": None if c.cap is None else float(c.cap), "discount": float(c.discount)}
                for c in self.convertibles],
            "debt_outstanding": [{"name": d.name, "lender": d.lender, "amount": float(d.amount),
                                  "interest_rate": float(d.interest_rate)} for d in self.debts],
        }

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import format_pct, t

        lines = [t("financing.summary.fully_diluted", lang, shares=f"{self.fully_diluted:,}")]
        for h, f in sorted(self.ownership().items(), key=lambda kv: -kv[1]):
            lines.append(f"  {h}: {format_pct(float(f), 2)}")
        return "\n".join(lines)
