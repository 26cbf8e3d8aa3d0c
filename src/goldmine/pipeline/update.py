"""The investor update: a KPI history -> trends, variance to plan and runway (seed 003 §6.2.1).

Seed 003 §6.2.1 asks for periodic reports to investors (定期报告: operating and financial
condition).  The KPI history is read by :func:`goldmine.io.kpis.load_kpis` (format there); this
module computes (the update's ``to_dict()`` keys):

* ``periods[]`` — by month, or by quarter with flows summed and stocks taken at quarter end;
* ``changes`` — change of each metric over the previous period, ``(now - before) / |before|`` (flows of
  quarters per month, so a quarter still in progress compares fairly; ``periods[].months`` says how
  many months a quarter holds); ``None`` when the previous row is not the previous calendar month
  (or quarter): a change over a gap is not a month-on-month change;
* ``cmgr`` — compound monthly growth rate of revenue and users over the last ``window`` months,
  :func:`goldmine.metrics.cmgr` (the usual SaaS convention, a16z 2015), counted in calendar months:
  from the latest row at least ``window`` months before the last one (or the first row), over the
  months that really passed, so missing months are not treated as consecutive (issue #20);
* ``missing_months`` — the calendar months between the first and the last row that have no row;
* ``variance[]`` — actual minus plan and actual / plan - 1 for the latest period;
* ``net_burn`` = burn - revenue; ``runway_months`` = cash / net burn of the last month
  (:func:`goldmine.metrics.runway_months`), and ``runway_months_avg`` on the average net burn of the
  rows within the last ``window`` calendar months (None when the company is not burning);
* ``alerts[]`` — message keys: runway below 12 months, revenue below plan by more than 10 %,
  burn above plan by more than 10 %, cash below plan by more than 10 %.

:func:`investor_update` is the use case of ``goldmine update`` (settings: :class:`UpdateSettings`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from goldmine.metrics import cmgr as compound_growth
from goldmine.metrics import net_burn, runway_months
from goldmine.pipeline.settings import UpdateSettings

FLOWS = ("revenue", "burn")
STOCKS = ("cash", "headcount", "users")
METRICS = FLOWS + STOCKS
ALERT_RUNWAY = 12.0       # months; Carta's 12-18 months guidance (data/report.yaml: runway_short)
ALERT_VARIANCE = 0.10     # 10 % off plan


@dataclass(frozen=True)
class KPIs:
    """A monthly KPI history: ``columns`` maps a metric (or ``plan_<metric>``) to one value per month."""

    company: str
    currency: str
    months: tuple[str, ...]
    columns: Mapping[str, tuple[float | None, ...]]
    source: str = ""


@dataclass(frozen=True)
class Period:
    """One month or quarter: ``values`` of every column (flows summed over a quarter, stocks at its end)."""

    label: str
    values: Mapping[str, float | None]
    net_burn: float | None
    months: int | None = None     # months in a quarter (None for a month)

    def get(self, metric: str) -> float | None:
        """One metric's value (``net_burn`` included); None when the column is absent or blank."""
        return self.net_burn if metric == "net_burn" else self.values.get(metric)

    def per_month(self, metric: str) -> float | None:
        """Flows of a (possibly partial) quarter per month, so periods compare fairly; stocks as they are."""
        v = self.get(metric)
        if v is None:
            return None
        return v / (self.months or 1) if metric in (*FLOWS, "net_burn") else v

    def to_dict(self) -> dict[str, Any]:
        head: dict[str, Any] = {"period": self.label}
        if self.months is not None:
            head["months"] = self.months
        return {**head, **self.values, "net_burn": self.net_burn}


@dataclass(frozen=True)
class Variance:
    metric: str
    actual: float
    plan: float
    diff: float
    pct: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "actual": self.actual, "plan": self.plan, "diff": self.diff, "pct": self.pct}


@dataclass(frozen=True)
class InvestorUpdate:
    company: str
    currency: str
    period: str
    periods: tuple[Period, ...]
    changes: Mapping[str, float | None]
    cmgr: Mapping[str, float | None]
    variance: tuple[Variance, ...]
    runway_months: float | None
    runway_months_avg: float | None
    net_burn: float | None
    alerts: tuple[str, ...]
    window: int
    source: str = ""
    inputs_hash: str = ""
    missing_months: tuple[str, ...] = ()

    @property
    def latest(self) -> Period:
        return self.periods[-1]

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable({
            "company": self.company, "currency": self.currency, "period": self.period,
            "latest": self.latest.to_dict(), "periods": [p.to_dict() for p in self.periods], "changes": dict(self.changes),
            "cmgr": dict(self.cmgr), "variance": [v.to_dict() for v in self.variance], "net_burn": self.net_burn,
            "runway_months": self.runway_months, "runway_months_avg": self.runway_months_avg,
            "alerts": list(self.alerts), "window": self.window, "source": self.source, "inputs_hash": self.inputs_hash,
            "missing_months": list(self.missing_months)}))

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        rw = "—" if self.runway_months is None else f"{self.runway_months:.1f}"
        return t("report.update.summary", L, company=self.company, period=self.latest.label, runway=rw)


def quarter_of(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"


def month_number(month: str) -> int:
    """``YYYY-MM`` as a count of months (consecutive months differ by 1)."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def period_number(label: str) -> int:
    """A month (``YYYY-MM``) or quarter (``YYYY-Qn``) label as a count of periods of its kind."""
    if "-Q" in label:
        return int(label[:4]) * 4 + int(label[-1]) - 1
    return month_number(label)


def missing_months(months: tuple[str, ...]) -> tuple[str, ...]:
    """The calendar months between consecutive rows that have no row of their own."""
    out = []
    for a, b in zip(months, months[1:], strict=False):
        for n in range(month_number(a) + 1, month_number(b)):
            out.append(f"{n // 12:04d}-{n % 12 + 1:02d}")
    return tuple(out)


def _net(values: Mapping[str, float | None]) -> float | None:
    burn, rev = values.get("burn"), values.get("revenue")
    return None if burn is None else burn - (rev or 0)


def aggregate(k: KPIs, period: str) -> list[Period]:
    """Months as they are, or quarters: flows summed (None when a month is blank), stocks at quarter end."""
    rows = [{c: k.columns[c][i] for c in k.columns} for i in range(len(k.months))]
    if period == "month":
        return [Period(m, r, _net(r)) for m, r in zip(k.months, rows, strict=True)]
    groups: dict[str, list[dict[str, float | None]]] = {}
    for m, r in zip(k.months, rows, strict=True):
        groups.setdefault(quarter_of(m), []).append(r)
    out = []
    for q, rs in groups.items():
        agg: dict[str, float | None] = {}
        for c in k.columns:
            vals = [r[c] for r in rs]
            if c.removeprefix("plan_") in FLOWS:
                agg[c] = None if any(v is None for v in vals) else sum(v for v in vals if v is not None)
            else:
                agg[c] = vals[-1]
        out.append(Period(q, agg, _net(agg), months=len(rs)))
    return out


def change(a: float | None, b: float | None) -> float | None:
    """Change from ``a`` to ``b`` relative to the size of ``a``: ``(b - a) / |a|`` (``b / a - 1`` for
    a > 0).  Net burn can be negative (a profitable month): from -10 to -20 is -100 %, not +100 %."""
    return None if a is None or b is None or a == 0 else (b - a) / abs(a)


def _cmgr(col: tuple[float | None, ...] | None, months: tuple[str, ...], window: int) -> float | None:
    """Compound monthly growth from the latest row at least ``window`` calendar months before the last row
    (else the first row) to the last row, over the months that passed between them."""
    if not col or len(col) < 2:
        return None
    end = month_number(months[-1])
    before = [i for i in range(len(col) - 1) if end - month_number(months[i]) >= window]
    i = before[-1] if before else 0
    n = end - month_number(months[i])
    first, last = col[i], col[-1]
    if n < 1 or first is None or last is None or not first > 0:
        return None
    return compound_growth(first, last, n)


def _runways(k: KPIs, window: int) -> tuple[float | None, float | None, float | None]:
    """Net burn of the last month, the runway on it, and the runway on the average of the last ``window``."""
    burn, rev, cash = k.columns.get("burn"), k.columns.get("revenue"), k.columns["cash"]
    if not burn:
        return None, None, None
    last_cash = cash[-1] or 0.0
    last_rev = rev[-1] if rev else None
    net_last = None if burn[-1] is None else net_burn(burn[-1], last_rev)
    runway = None if burn[-1] is None else _finite(runway_months(last_cash, burn[-1], last_rev))
    end = month_number(k.months[-1])
    n = sum(1 for m in k.months if end - month_number(m) < window)  # rows within the last `window` calendar months
    nets = [net_burn(b, rev[-i] if rev else None) for i in range(1, n + 1) if (b := burn[-i]) is not None]
    avg = sum(nets) / len(nets) if nets else None
    return net_last, runway, (None if avg is None else _finite(runway_months(last_cash, avg, 0.0)))


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _alerts(runway: float | None, variance: list[Variance]) -> list[str]:
    alerts = []
    if runway is not None and runway < ALERT_RUNWAY:
        alerts.append("report.update.alert.runway")
    for v in variance:
        if v.pct is None:
            continue
        if v.metric == "revenue" and v.pct < -ALERT_VARIANCE:
            alerts.append("report.update.alert.revenue_below_plan")
        if v.metric == "burn" and v.pct > ALERT_VARIANCE:
            alerts.append("report.update.alert.burn_above_plan")
        if v.metric == "cash" and v.pct < -ALERT_VARIANCE:
            alerts.append("report.update.alert.cash_below_plan")
    return alerts


def investor_update(k: KPIs, settings: UpdateSettings | None = None) -> InvestorUpdate:
    """The use case of ``goldmine update``: trends, variance to plan and runway (module docstring)."""
    from goldmine.pipeline.hashing import canonical_hash

    s = settings or UpdateSettings.default()
    periods = aggregate(k, s.period)
    latest, prev = periods[-1], (periods[-2] if len(periods) > 1 else None)
    if prev is not None and period_number(latest.label) - period_number(prev.label) != 1:
        prev = None  # a change across missing months is not a change over one period
    metrics = [m for m in METRICS if m in k.columns] + ["net_burn"]
    changes = {m: (change(prev.per_month(m), latest.per_month(m)) if prev else None) for m in metrics}
    cmgr = {m: _cmgr(k.columns.get(m), k.months, s.window) for m in ("revenue", "users")}
    variance = []
    for m in METRICS:
        plan, actual = latest.get(f"plan_{m}"), latest.get(m)
        if plan is not None and actual is not None:
            variance.append(Variance(m, actual, plan, actual - plan, None if plan == 0 else actual / plan - 1))
    net_last, runway, runway_avg = _runways(k, s.window)
    digest = canonical_hash({"months": k.months, "columns": dict(k.columns), "period": s.period, "window": s.window})
    return InvestorUpdate(k.company, k.currency, s.period, tuple(periods), changes, cmgr, tuple(variance), runway,
                          runway_avg, net_last, tuple(_alerts(runway, variance)), s.window, k.source, digest,
                          missing_months(k.months))
