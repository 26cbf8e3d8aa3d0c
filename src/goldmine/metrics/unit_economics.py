"""Unit economics and retention: the one home of the run rate, ACV, CAC, CAC payback, LTV and net
revenue retention (goldmine convention: one home per quantity).

Formulas and their sources:

* :func:`run_rate` — annual revenue run rate: 12 x the latest month's revenue;
* :func:`acv` — annual contract value per customer: the run rate over the paying customers;
* :func:`cac` — customer acquisition cost: sales and marketing spend per month over the customers
  won per month;
* :func:`cac_payback_months` — months of gross profit per customer that earn back its CAC:
  ``CAC / (ACV / 12 x gross margin)`` (David Skok, "SaaS Metrics 2.0 – A Guide to Measuring and
  Improving What Matters", For Entrepreneurs, 2013: "months to recover CAC"; his benchmark is under
  12 months);
* :func:`ltv` — customer lifetime value: ``ACV x gross margin / annual churn`` (Skok 2013: the
  average lifetime is one over the churn rate; his benchmark is LTV at least 3 x CAC);
* :func:`net_revenue_retention` — this year's recurring revenue of the customers of a year ago over
  their recurring revenue then, summed over the cohorts at least a year old (Dave Kellogg, "Churn is
  Dead, Long Live Net Dollar Retention", SaaStr Annual 2019 and Kellblog: a cohort measure, not an
  ARR-bridge shortcut);
* :func:`logo_churn` — the share of the customers of a year ago lost since, over the same cohorts.

:func:`unit_economics` reads a profile and gives every figure with its basis: ``stated`` (the
profile gives it), the formula it was derived by, or ``missing`` with the profile fields that would
give it.  A figure the company states and goldmine can also derive is kept twice (``nrr`` and
``nrr_cohorts``, ``payback_stated`` and ``payback_months``) so a reader sees whether they agree.
Pure: no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from goldmine.results import Result

if TYPE_CHECKING:
    from goldmine.model import Startup
    from goldmine.model.startup import Cohort

STATED, MISSING = "stated", "missing"
SOURCES = (
    "David Skok, \"SaaS Metrics 2.0 – A Guide to Measuring and Improving What Matters\", For Entrepreneurs (2013): "
    "LTV = ARPA x gross margin / churn, months to recover CAC = CAC / (MRR per customer x gross margin)",
    "Dave Kellogg, \"Churn is Dead, Long Live Net Dollar Retention\", SaaStr Annual (2019): net revenue retention "
    "of a cohort = its ARR now / its ARR a year ago",
)


def run_rate(monthly_revenue: float | None) -> float | None:
    """12 x the latest month's revenue (``None`` without revenue)."""
    return None if monthly_revenue is None else 12.0 * float(monthly_revenue)


def acv(annual_revenue: float | None, customers: int | None) -> float | None:
    """Annual revenue per paying customer (``None`` without customers)."""
    if annual_revenue is None or not customers:
        return None
    return float(annual_revenue) / customers


def cac(sales_spend_per_month: float | None, new_customers_per_month: float | None) -> float | None:
    """Sales and marketing spend per month over the customers won per month (``None`` when none are won)."""
    if sales_spend_per_month is None or not new_customers_per_month:
        return None
    return float(sales_spend_per_month) / float(new_customers_per_month)


def cac_payback_months(cac_value: float | None, acv_value: float | None, gross_margin: float | None) -> float | None:
    """``CAC / (ACV / 12 x gross margin)`` (Skok 2013); ``None`` when the monthly gross profit per
    customer is not positive (the CAC is never earned back)."""
    if cac_value is None or acv_value is None or gross_margin is None:
        return None
    monthly_profit = acv_value / 12.0 * gross_margin
    return None if monthly_profit <= 0 else float(cac_value) / monthly_profit


def ltv(acv_value: float | None, gross_margin: float | None, annual_churn: float | None) -> float | None:
    """``ACV x gross margin / annual churn`` (Skok 2013); ``None`` without churn (no bounded lifetime)."""
    if acv_value is None or gross_margin is None or not annual_churn:
        return None
    return float(acv_value) * gross_margin / annual_churn


def _mature(cohorts: Sequence[Cohort]) -> list[Cohort]:
    """Cohorts followed for at least one 12-month mark after their first."""
    return [c for c in cohorts if len(c.arr) >= 2]


def net_revenue_retention(cohorts: Sequence[Cohort]) -> float | None:
    """``sum(ARR now) / sum(ARR a year ago)`` over the cohorts at least a year old (Kellogg 2019)."""
    old = _mature(cohorts)
    before = sum(c.arr[-2] for c in old)
    return None if not old or before <= 0 else sum(c.arr[-1] for c in old) / before


def logo_churn(cohorts: Sequence[Cohort]) -> float | None:
    """``1 - sum(customers now) / sum(customers a year ago)`` over the same cohorts."""
    old = _mature(cohorts)
    before = sum(c.customers[-2] for c in old)
    return None if not old or before <= 0 else 1.0 - sum(c.customers[-1] for c in old) / before


@dataclass(frozen=True)
class Quantity:
    """One figure: its value, its ``basis`` (``stated``, the formula it was derived by, or ``missing``)
    and, when missing, the profile fields that would give it (``needs``)."""

    value: float | None
    basis: str
    needs: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None and math.isfinite(self.value)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "basis": self.basis, "needs": list(self.needs)}


def _missing(*needs: str) -> Quantity:
    return Quantity(None, MISSING, tuple(needs))


@dataclass(frozen=True)
class CohortRow:
    """One cohort: first and latest customers and ARR, logo retention and net retention since its
    first mark, and over its last year (``None`` for a cohort not yet a year old)."""

    acquired: str
    marks: int
    customers_first: int
    customers_last: int
    arr_first: float
    arr_last: float
    logo_retention: float | None
    net_retention: float | None
    last_year_nrr: float | None


def cohort_rows(cohorts: Sequence[Cohort]) -> tuple[CohortRow, ...]:
    rows = []
    for c in cohorts:
        last_year = c.arr[-1] / c.arr[-2] if len(c.arr) >= 2 and c.arr[-2] > 0 else None
        rows.append(CohortRow(c.acquired.strftime("%Y-%m"), len(c.arr), c.customers[0], c.customers[-1], c.arr[0], c.arr[-1],
                              c.customers[-1] / c.customers[0] if c.customers[0] else None,
                              c.arr[-1] / c.arr[0] if c.arr[0] > 0 else None, last_year))
    return tuple(rows)


@dataclass(frozen=True)
class UnitEconomicsReport(Result):
    """Every unit-economics and retention figure of a profile with its basis.

    ``to_dict()`` (docs/report.md): ``figures.<name>`` for ``run_rate``, ``customers``, ``acv``, ``cac``,
    ``gross_margin``, ``payback_months``, ``payback_stated``, ``logo_churn``, ``ltv``, ``ltv_cac``, ``nrr``,
    ``nrr_cohorts``, ``grr`` (each ``{value, basis, needs}``), ``cohorts[]`` (:class:`CohortRow`) and
    ``sources``.
    """

    run_rate: Quantity
    customers: Quantity
    acv: Quantity
    cac: Quantity
    gross_margin: Quantity
    payback_months: Quantity
    payback_stated: Quantity
    logo_churn: Quantity
    ltv: Quantity
    ltv_cac: Quantity
    nrr: Quantity
    nrr_cohorts: Quantity
    grr: Quantity
    cohorts: tuple[CohortRow, ...]
    sources: tuple[str, ...] = SOURCES

    FIGURES: ClassVar[tuple[str, ...]] = ("run_rate", "customers", "acv", "cac", "gross_margin", "payback_months", "payback_stated", "logo_churn",
               "ltv", "ltv_cac", "nrr", "nrr_cohorts", "grr")

    def figures(self) -> dict[str, Quantity]:
        return {name: getattr(self, name) for name in self.FIGURES}

    @property
    def empty(self) -> bool:
        """No figure beyond the run rate and the margin (which every profile with revenue has)."""
        return not any(q.known for n, q in self.figures().items() if n not in ("run_rate", "gross_margin"))

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"figures": {n: q.to_dict() for n, q in self.figures().items()},
                "cohorts": [asdict(r) for r in self.cohorts], "sources": list(self.sources)}

    def summary(self, lang: str | None = None) -> str:
        return ", ".join(f"{n}={q.value:.4g}" for n, q in self.figures().items() if q.known) or "—"


def _stated(value: float | int | None, *needs: str) -> Quantity:
    return Quantity(float(value), STATED) if value is not None else _missing(*needs)


def unit_economics(p: Startup) -> UnitEconomicsReport:
    """The unit economics of a profile: stated figures where given, derived ones where the inputs allow."""
    f, tr, ue = p.financials, p.traction, p.unit_economics
    cohorts = tr.cohorts if tr is not None else []
    rr = run_rate(f.monthly_revenue)
    run = Quantity(rr, "latest_month_x12") if rr is not None else _missing("financials.revenue_history")
    customers = _stated(tr.customers if tr else None, "traction.customers")
    gm = _stated(f.gross_margin, "financials.gross_margin")
    acv_q = _stated(ue.acv if ue else None)
    if not acv_q.known:
        v = acv(rr, tr.customers if tr else None)
        acv_q = Quantity(v, "run_rate_over_customers") if v is not None else \
            _missing("unit_economics.acv", "traction.customers")
    cac_q = _stated(ue.cac if ue else None)
    if not cac_q.known:
        v = cac(f.burn_breakdown.get("sales"), ue.new_customers_per_month if ue else None)
        cac_q = Quantity(v, "sales_over_new_customers") if v is not None else \
            _missing("unit_economics.cac", "unit_economics.new_customers_per_month")
    payback = cac_payback_months(cac_q.value, acv_q.value, f.gross_margin)
    payback_q = Quantity(payback, "skok_payback") if payback is not None else \
        _missing(*(n for q, n in ((cac_q, "unit_economics.cac"), (acv_q, "unit_economics.acv"), (gm, "financials.gross_margin"))
                   if not q.known))
    churn_q = _stated(tr.logo_churn if tr else None)
    if not churn_q.known:
        v = logo_churn(cohorts)
        churn_q = Quantity(v, "cohorts") if v is not None else _missing("traction.logo_churn", "traction.cohorts")
    life = ltv(acv_q.value, f.gross_margin, churn_q.value)
    if life is not None:
        ltv_q = Quantity(life, "skok_ltv")
    elif churn_q.known and acv_q.known and gm.known:
        ltv_q = Quantity(None, "no_churn")          # churn of zero: no bounded lifetime
    else:
        ltv_q = _missing(*(n for q, n in ((acv_q, "unit_economics.acv"), (gm, "financials.gross_margin"),
                                          (churn_q, "traction.logo_churn")) if not q.known))
    ratio = ltv_q.value / cac_q.value if ltv_q.value is not None and cac_q.value else None
    ltv_cac = Quantity(ratio, "ltv_over_cac") if ratio is not None else _missing(*(ltv_q.needs + cac_q.needs))
    nrr_c = net_revenue_retention(cohorts)
    return UnitEconomicsReport(
        run_rate=run, customers=customers, acv=acv_q, cac=cac_q, gross_margin=gm, payback_months=payback_q,
        payback_stated=_stated(ue.cac_payback_months if ue else None, "unit_economics.cac_payback_months"),
        logo_churn=churn_q, ltv=ltv_q, ltv_cac=ltv_cac,
        nrr=_stated(tr.net_revenue_retention if tr else None, "traction.net_revenue_retention"),
        nrr_cohorts=Quantity(nrr_c, "cohorts") if nrr_c is not None else _missing("traction.cohorts"),
        grr=_stated(tr.gross_revenue_retention if tr else None, "traction.gross_revenue_retention"),
        cohorts=cohort_rows(cohorts))


__all__ = ["SOURCES", "CohortRow", "Quantity", "UnitEconomicsReport", "acv", "cac", "cac_payback_months", "cohort_rows",
           "logo_churn", "ltv", "net_revenue_retention", "run_rate", "unit_economics"]
