"""Market method: comparables on EV / revenue (run-rate ARR), adjusted for margin, growth and liquidity.

* Shipped multiples (``data/multiples.yaml``, each dated and sourced): public SaaS about 7x
  forward revenue (Meritech via The Information, April 2024); 2025 AI fundraising medians
  25-30x (secondary: Aventis Advisors, Finro); AI M&A median 13.1x (Finro Q2 2026, secondary).
  Leaders' averages (83x, 47x) ship for reference, outside the default set.
* As-of discipline (issue #15, :mod:`goldmine.valuation.asof`): a multiple or comparable dated
  after the valuation date is left out (``details.excluded`` with the reason), e.g. the Q2 2026 M&A
  median for a company valued on 2025-10-31.
* Named comparables of the AI landscape (``goldmine.landscape.comparables``, passed as ``named``:
  anything with ``comparables[i].multiple``, ``.date``, ``.source``): when at least
  ``market.min_named`` (3) of them have a multiple known on the valuation date they replace the
  shipped sector multiples (rows with ``origin: landscape``; listed companies are public multiples),
  and the range is their adjusted 25th to 75th percentile; with fewer they join the sector set.
* User comparables: :class:`Comparable` with an EV and revenue (any currencies: both are
  converted to USD with the FX table before the ratio is taken) or a multiple.
* Adjustments (goldmine's, stated): gross margin, factor = gm / 80 % (SaaS margins 75-85 %
  against 40-60 % for AI inference: goldmine rule of thumb; a16z, Casado and Bornstein, "The New
  Business of AI", 2020, saw 60-80 %+ against 50-60 %), clamped to [0.5, 1.2]; growth, factor =
  (1 + g) / (1 + 100 %), clamped to [0.5, 1.5]; public multiples get Damodaran's illiquidity
  discount (a private company is not a listed one).
* Equity = ARR x multiple + cash.  value: median adjusted multiple; low and high: the smallest
  and largest adjusted low/high.

:func:`market_table` gives value over multiple x revenue (a :class:`MarketGrid`);
:func:`parse_comparables` validates a user's list of comparables (read from a file by the caller).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from goldmine.errors import AnalysisError, InputError, Problem
from goldmine.growth import growth_model
from goldmine.valuation._config import FxTable, config, default_fx, multiples
from goldmine.valuation.asof import AsOf, DatedInput
from goldmine.valuation.base import MethodResult, annual_revenue
from goldmine.valuation.income import illiquidity_discount

if TYPE_CHECKING:
    from goldmine.model import Startup


@dataclass(frozen=True)
class Comparable:
    """A comparable company or transaction: an EV and revenue (with currencies), or a multiple."""

    name: str
    ev: float | None = None
    revenue: float | None = None
    currency: str = "USD"
    revenue_currency: str | None = None
    multiple: float | None = None
    basis: str = "private_round"
    date: str | None = None
    source: str | None = None

    def ev_revenue(self, fx: FxTable) -> float:
        if self.multiple is not None:
            if not (math.isfinite(self.multiple) and self.multiple > 0):   # NaN would poison the median silently
                raise AnalysisError("valuation.error.comparable_multiple", name=self.name, found=self.multiple)
            return float(self.multiple)
        if self.ev is None or not self.revenue:
            raise AnalysisError("valuation.error.comparable_inputs", name=self.name)
        ev_usd = fx.convert(self.ev, self.currency, "USD")
        rev_usd = fx.convert(self.revenue, self.revenue_currency or self.currency, "USD")
        v = ev_usd / rev_usd
        if not (math.isfinite(v) and v > 0):
            raise AnalysisError("valuation.error.comparable_inputs", name=self.name)
        return v


def margin_factor(gross_margin: float | None) -> float:
    cfg = config().market
    if gross_margin is None:
        return 1.0
    lo, hi = cfg.margin_factor_clamp
    return min(hi, max(lo, gross_margin / float(cfg.reference_gross_margin.value)))


def growth_factor(growth: float | None) -> float:
    cfg = config().market
    if growth is None:
        return 1.0
    lo, hi = cfg.growth_factor_clamp
    return min(hi, max(lo, (1 + growth) / (1 + float(cfg.reference_growth.value))))


class NamedComparable(Protocol):
    """A named comparable of the AI landscape (``goldmine.landscape``): a company's EV/revenue multiple,
    the date it refers to and its source (and, where the landscape gives them, ``name_en``, ``listed``,
    ``available_on`` and ``source_text``)."""

    @property
    def multiple(self) -> float | None: ...

    @property
    def date(self) -> Any: ...

    @property
    def source(self) -> Any: ...


class ComparableSetLike(Protocol):
    """What the market method reads of ``goldmine.landscape.comparables(profile)``'s ``ComparableSet``."""

    @property
    def comparables(self) -> Sequence[NamedComparable]: ...


def _name(c: Any) -> str:
    """A named comparable's English name (``name_en``, else ``name`` when it is text, else its ``id``)."""
    for attr in ("name_en", "name", "id"):
        v = getattr(c, attr, None)
        if isinstance(v, str) and v:
            return v
    return "comparable"


def _named_row(c: Any) -> dict[str, Any] | None:
    """A landscape comparable as a row of the comparable set (``None`` without a usable multiple).

    Its date for the as-of rule is the day the figures became known (``available_on``, else ``date``);
    a listed company's multiple is a public one (``basis: public``: Damodaran's illiquidity discount
    applies), a private company's a round's (``private_round``)."""
    mult = c.multiple
    if mult is None or not (math.isfinite(float(mult)) and float(mult) > 0):
        return None
    v = float(mult)
    known = getattr(c, "available_on", None) or c.date
    source = getattr(c, "source_text", None) or (None if c.source is None else str(c.source))
    listed = getattr(c, "listed", None)
    return {"name": _name(c), "value": v, "low": v, "high": v,
            "basis": "public" if listed else str(getattr(c, "basis", None) or "private_round"),
            "date": None if known is None else str(known), "multiple_date": None if c.date is None else str(c.date),
            "source": source, "secondary": False, "origin": "landscape", "id": getattr(c, "id", None),
            "stale": bool(getattr(c, "stale", False))}


def _dated_rows(comparables: Sequence[Comparable], fx: FxTable, include_default: bool, asof: AsOf | None,
                named: ComparableSetLike | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[DatedInput]]:
    """(used rows, excluded rows, dated inputs): the shipped default multiples, the landscape's named
    comparables and the user's, each judged against the valuation date when ``asof`` is given."""
    candidates: list[tuple[str, dict[str, Any]]] = []
    sector: list[tuple[str, dict[str, Any]]] = []
    if include_default:
        for key, m in multiples().items():
            if m.default:
                v = float(m.value)
                sector.append((f"multiple:{key}", {
                    "name": key, "value": v, "low": float(v if m.low is None else m.low),
                    "high": float(v if m.high is None else m.high), "basis": m.basis, "date": str(m.date),
                    "source": m.source, "secondary": m.secondary, "origin": "sector"}))
    landscape: list[tuple[str, dict[str, Any]]] = []
    if named is not None:
        for c in named.comparables:
            row = _named_row(c)
            if row is not None:
                landscape.append((f"comparable:{row['name']}", row))
    kept = [(n, r) for n, r in landscape if asof is None or asof.judge(n, "market", r["date"], r["source"]).used]
    enough = len(kept) >= int(config().market.min_named.value)
    candidates += landscape if enough else sector + landscape     # named comparables replace the sector multiples
    for c in comparables:
        v = c.ev_revenue(fx)
        candidates.append((f"comparable:{c.name}", {
            "name": c.name, "value": v, "low": v, "high": v, "basis": c.basis, "date": c.date,
            "source": c.source or "user", "secondary": False, "origin": "user"}))
    used, excluded, inputs = [], [], []
    for input_name, row in candidates:
        if asof is None:
            used.append(row)
            continue
        verdict = asof.judge(input_name, "market", row["date"], row["source"])
        inputs.append(verdict)
        if verdict.used:
            used.append({**row, "flags": list(verdict.flags)})
        else:
            excluded.append({**row, "reason": verdict.reason})
    return used, excluded, inputs


def comparable_set(comparables: Sequence[Comparable] = (), fx: FxTable | None = None,
                   include_default: bool = True, *, asof: AsOf | None = None,
                   named: ComparableSetLike | None = None) -> list[dict[str, Any]]:
    """The multiples used, as dicts: the shipped default set, the landscape's named comparables and the
    user's comparables (``origin``: ``sector``, ``landscape``, ``user``); with ``asof``, those dated
    after the valuation date are left out."""
    rows, _, _ = _dated_rows(comparables, fx or default_fx(), include_default, asof, named)
    if not rows:
        raise AnalysisError("valuation.error.no_comparables")
    return rows


def market(startup: Startup, *, comparables: Sequence[Comparable] = (), fx: FxTable | None = None,
           include_default: bool = True, asof: AsOf | None = None,
           named: ComparableSetLike | None = None) -> MethodResult:
    """The comparables method on a profile; not applicable without revenue.

    ``named`` is the landscape's :class:`ComparableSetLike` (``goldmine.landscape.comparables``): its
    named comparables join the shipped sector multiples and the user's.  Nothing dated after the
    valuation date (``asof``, the profile's by default) is used: it is listed in
    ``details.excluded`` with its reason.
    """
    ccy = startup.currency
    arr = annual_revenue(startup)
    if arr is None:
        return MethodResult.not_applicable("market", ccy, "valuation.reason.no_revenue")
    fx = fx or default_fx()
    asof = asof or AsOf.of(startup)
    rows, excluded, inputs = _dated_rows(comparables, fx, include_default, asof, named)
    if not rows:
        return MethodResult(name="market", currency=ccy, value=None, low=None, high=None, applicable=False,
                            reason="valuation.reason.no_dated_comparables", details={"excluded": excluded},
                            inputs=tuple(inputs))
    model = growth_model(startup)      # today's growth of the one growth model (issue #13), as the runway's
    g = None if model.basis == "no_revenue" else model.annual_now
    mf, gf = margin_factor(startup.financials.gross_margin), growth_factor(g)
    profitable = startup.financials.monthly_burn <= (startup.financials.monthly_revenue or 0)
    liq = illiquidity_discount(fx.convert(arr, ccy, "USD"), profitable)
    for r in rows:
        f = mf * gf * ((1 - liq) if r["basis"] == "public" else 1.0)
        r.update(factor=f, adjusted=r["value"] * f, adjusted_low=r["low"] * f, adjusted_high=r["high"] * f)
    central = statistics.median(r["adjusted"] for r in rows)
    if sum(1 for r in rows if r["origin"] == "landscape") >= int(config().market.min_named.value):
        # named comparables: their quartiles (numpy's linear interpolation), not the extremes of a long tail
        lo, hi = (float(x) for x in np.percentile([r["adjusted"] for r in rows], [25, 75]))
    else:
        lo = min(r["adjusted_low"] for r in rows)
        hi = max(r["adjusted_high"] for r in rows)
    cash = startup.financials.cash
    return MethodResult(
        name="market", currency=ccy, value=arr * central + cash, low=arr * lo + cash, high=arr * hi + cash,
        assumptions={"arr": arr, "gross_margin": startup.financials.gross_margin, "growth": g,
                     "margin_factor": mf, "growth_factor": gf, "illiquidity_discount_public": liq,
                     "multiple": central, "multiple_low": lo, "multiple_high": hi, "cash": cash,
                     "named_comparables": sum(1 for r in rows if r["origin"] == "landscape")},
        details={"comparables": rows, "excluded": excluded}, inputs=tuple(inputs),
    )


@dataclass(frozen=True)
class MarketGrid:
    """Equity value over EV/revenue multiple x revenue: ``values[i][j]`` = ``revenues[j]`` x ``multiples[i]`` + cash."""

    multiples: tuple[float, ...]
    revenues: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"multiples": list(self.multiples), "revenues": list(self.revenues), "values": [list(r) for r in self.values]}


def market_table(startup: Startup, result: MethodResult,
                 revenue_factors: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5)) -> MarketGrid | None:
    """Equity value over EV/revenue multiple x revenue (ARR scaled by ``revenue_factors``): the method's
    low, central and high multiples and the shipped sector multiples it used; ``None`` when the market
    method does not apply."""
    if not result.applicable:
        return None
    a = result.assumptions
    used = [float(r["value"]) for r in result.details.get("comparables", []) if r.get("origin") == "sector"]
    mults = sorted({round(a["multiple_low"], 2), round(a["multiple"], 2), round(a["multiple_high"], 2),
                    *(round(v, 2) for v in used)})
    revenues = [a["arr"] * f for f in revenue_factors]
    values = tuple(tuple(rev * m + a["cash"] for rev in revenues) for m in mults)
    return MarketGrid(tuple(mults), tuple(revenues), values)


COMPARABLE_FIELDS = frozenset(f.name for f in fields(Comparable))


def parse_comparables(items: Any, fx: FxTable, source: str | None = None) -> list[Comparable]:
    """A user's list of comparables (the ``comparables:`` list of a file) as :class:`Comparable` objects.

    Each entry needs a ``name`` and either ``multiple`` or ``ev`` and ``revenue``: finite numbers > 0
    (text such as ``"5e8"``, ``"5亿"`` or ``"120M"`` is read as an amount); ``currency`` and
    ``revenue_currency`` must be in ``fx``.  Any problem is an :class:`InputError` naming ``source`` and
    the entry (``comparables[0].multiple``).
    """
    from goldmine.model.types import parse_amount

    if not isinstance(items, list):
        raise InputError(source, [Problem("comparables", "valuation.error.comparables", items)])
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "name" not in item or set(item) - COMPARABLE_FIELDS:
            raise InputError(source, [Problem(f"comparables[{i}]", "valuation.error.comparables", item)])
        entry = dict(item)
        for key in ("ev", "revenue", "multiple"):  # a NaN, text or negative number must not reach the median
            v = entry.get(key)
            if v is None:
                continue
            try:
                x = float(parse_amount(v))   # numbers, "1e9" (YAML 1.1 reads it as text), "5亿", "120M"
            except (TypeError, ValueError, ArithmeticError):
                x = math.nan
            if not (math.isfinite(x) and x > 0):
                raise InputError(source, [Problem(f"comparables[{i}].{key}", "expected.positive", v)])
            entry[key] = x
        for key in ("currency", "revenue_currency"):
            v = entry.get(key)
            if v is None:
                continue
            if not (isinstance(v, str) and v.strip().upper() in fx.rates):
                raise InputError(source, [Problem(f"comparables[{i}].{key}", "valuation.error.fx_missing", v,
                                                  params={"ccy": v, "known": ", ".join(sorted(fx.rates))})])
            entry[key] = v.strip().upper()
        out.append(Comparable(name=str(entry["name"]), ev=entry.get("ev"), revenue=entry.get("revenue"),
                              currency=entry.get("currency") or "USD", revenue_currency=entry.get("revenue_currency"),
                              multiple=entry.get("multiple"), basis=str(entry.get("basis") or "private_round"),
                              date=_text(entry.get("date")), source=_text(entry.get("source"))))
    return out


def _text(v: Any) -> str | None:
    """An optional label of a comparable (a date or a source) as text."""
    return None if v is None else str(v)
