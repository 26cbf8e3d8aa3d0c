"""The investor update: a KPI history -> trends, variance to plan and runway (seed 003 §6.2.1).

Seed 003 §6.2.1 asks for periodic reports to investors (定期报告: operating and financial
condition).  The input is a CSV with one row per month::

    month,revenue,burn,cash,headcount,users,plan_revenue,plan_burn
    2025-01,215000,640000,14200000,30,44,210000,650000

``month`` (YYYY-MM) and ``cash`` are required; ``revenue`` and ``burn`` (gross monthly spend) are
flows; ``cash``, ``headcount`` and ``users`` are stocks (end of month); any ``plan_<metric>``
column is the plan for that metric.  Optional header comments set the company and the currency::

    # company: MediCare AI
    # currency: CNY

Computed (the update's ``to_dict()`` keys):

* ``periods[]`` — by month, or by quarter with flows summed and stocks taken at quarter end;
* ``changes`` — change of each metric over the previous period, ``(now - before) / |before|`` (flows of quarters
  per month, so a quarter still in progress compares fairly; ``periods[].months`` says how many
  months a quarter holds);
* ``cmgr`` — compound monthly growth rate of revenue and users over the last ``window`` months:
  ``(x_t / x_{t-n})^(1/n) - 1`` (the usual SaaS convention);
* ``variance[]`` — actual minus plan and actual / plan - 1 for the latest period;
* ``net_burn`` = burn - revenue; ``runway_months`` = cash / net burn of the last month, and
  ``runway_months_avg`` on the average net burn of the last ``window`` months (None when the company
  is not burning);
* ``alerts[]`` — message keys: runway below 12 months, revenue below plan by more than 10 %,
  burn above plan by more than 10 %, cash below plan by more than 10 %.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goldmine.errors import InputError, Problem
from goldmine.results import Result

FLOWS = ("revenue", "burn")
STOCKS = ("cash", "headcount", "users")
METRICS = FLOWS + STOCKS
ALERT_RUNWAY = 12.0       # months; Carta's 12-18 months guidance (data/report.yaml: runway_short)
ALERT_VARIANCE = 0.10     # 10 % off plan


@dataclass(frozen=True)
class KPIs:
    company: str
    currency: str
    months: tuple[str, ...]
    columns: dict[str, tuple[float | None, ...]]
    source: str = ""


@dataclass(frozen=True)
class InvestorUpdate(Result):
    company: str
    currency: str
    period: str
    periods: tuple[dict[str, Any], ...]
    changes: dict[str, float | None]
    cmgr: dict[str, float | None]
    variance: tuple[dict[str, Any], ...]
    runway_months: float | None
    runway_months_avg: float | None
    net_burn: float | None
    alerts: tuple[str, ...]
    window: int
    source: str = ""
    inputs_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def latest(self) -> dict[str, Any]:
        return self.periods[-1]

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return to_jsonable({"company": self.company, "currency": self.currency, "period": self.period,
                            "latest": self.latest, "periods": list(self.periods), "changes": self.changes,
                            "cmgr": self.cmgr, "variance": list(self.variance), "net_burn": self.net_burn,
                            "runway_months": self.runway_months, "runway_months_avg": self.runway_months_avg,
                            "alerts": list(self.alerts), "window": self.window, "source": self.source,
                            "inputs_hash": self.inputs_hash})

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        rw = "—" if self.runway_months is None else f"{self.runway_months:.1f}"
        return t("report.update.summary", L, company=self.company, period=self.latest["period"], runway=rw)


def load_kpis(path: str | Path, company: str | None = None, currency: str | None = None) -> KPIs:
    """Read a KPI CSV (see the module docstring); errors name the file, the line and the column."""
    p = Path(path)
    src = str(p)
    if not p.is_file():
        raise InputError(src, [Problem("", "expected.file_exists", src)])
    meta: dict[str, str] = {}
    rows: list[list[str]] = []
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(src, [Problem("", "expected.utf8", str(exc))]) from exc
    lines = text.splitlines()
    body = []
    for ln in lines:
        if ln.lstrip().startswith("#"):
            key, _, val = ln.lstrip("# ").partition(":")
            if val:
                meta[key.strip().lower()] = val.strip()
        else:
            body.append(ln)
    rows = [r for r in csv.reader(body) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InputError(src, [Problem("", "a header and at least one month of KPIs", f"{max(len(rows) - 1, 0)} rows")])
    header = [h.strip().lower() for h in rows[0]]
    if "month" not in header:
        raise InputError(src, [Problem("header", "a column named month", ", ".join(header))])
    if "cash" not in header:
        raise InputError(src, [Problem("header", "a column named cash", ", ".join(header))])
    known = set(METRICS) | {f"plan_{m}" for m in METRICS} | {"month"}
    unknown = [h for h in header if h not in known]
    if unknown:
        raise InputError(src, [Problem(f"header.{unknown[0]}", "expected.one_of", unknown[0],
                                       params={"choices": ", ".join(sorted(known))})])
    months: list[str] = []
    cols: dict[str, list[float | None]] = {h: [] for h in header if h != "month"}
    import re

    for i, r in enumerate(rows[1:], start=2 + sum(1 for ln in lines if ln.lstrip().startswith("#"))):
        r = r + [""] * (len(header) - len(r))
        rec = dict(zip(header, r, strict=False))
        m = rec["month"].strip()
        if not re.fullmatch(r"\d{4}-\d{2}", m) or not 1 <= int(m[5:]) <= 12:
            raise InputError(src, [Problem(f"line {i}.month", "expected.month", m)])
        if months and m <= months[-1]:
            raise InputError(src, [Problem(f"line {i}.month", f"months in increasing order (after {months[-1]})", m)])
        months.append(m)
        for h in cols:
            raw = rec[h].strip().replace(",", "")
            if raw == "":
                cols[h].append(None)
                continue
            try:
                v = float(raw)
            except ValueError as exc:
                raise InputError(src, [Problem(f"line {i}.{h}", "expected.number", rec[h])]) from exc
            if not math.isfinite(v):  # "inf", "nan", 1e400: no runway or growth rate can rest on them
                raise InputError(src, [Problem(f"line {i}.{h}", "expected.finite", rec[h])])
            if v < 0:
                raise InputError(src, [Problem(f"line {i}.{h}", "expected.nonnegative", rec[h])])
            cols[h].append(v)
    if any(v is None for v in cols["cash"]):
        raise InputError(src, [Problem("cash", "a cash balance in every month", "a blank cell")])
    return KPIs(company or meta.get("company") or p.stem, (currency or meta.get("currency") or "USD").upper(),
                tuple(months), {k: tuple(v) for k, v in cols.items()}, src)


def _quarter(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"


def _aggregate(k: KPIs, period: str) -> list[dict[str, Any]]:
    rows = [{"period": m, **{c: k.columns[c][i] for c in k.columns}} for i, m in enumerate(k.months)]
    if period == "month":
        out = rows
    else:
        groups: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            groups.setdefault(_quarter(r["period"]), []).append(r)
        out = []
        for q, rs in groups.items():
            agg: dict[str, Any] = {"period": q, "months": len(rs)}
            for c in k.columns:
                base = c.removeprefix("plan_")
                vals = [r[c] for r in rs]
                if base in FLOWS:
                    agg[c] = None if any(v is None for v in vals) else sum(vals)
                else:
                    agg[c] = vals[-1]
            out.append(agg)
    for r in out:
        rev, burn = r.get("revenue"), r.get("burn")
        r["net_burn"] = None if burn is None else burn - (rev or 0)
    return out


def _growth(a: float | None, b: float | None) -> float | None:
    """Change from ``a`` to ``b`` relative to the size of ``a``: ``(b - a) / |a|`` (``b / a - 1`` for
    a > 0).  Net burn can be negative (a profitable month): from -10 to -20 is -100 %, not +100 %."""
    return None if a is None or b is None or a == 0 else (b - a) / abs(a)


def investor_update(k: KPIs, period: str = "month", window: int = 3) -> InvestorUpdate:
    """Trends, variance to plan and runway of a KPI history (formulas in the module docstring)."""
    from goldmine.errors import AnalysisError
    from goldmine.pipeline.hashing import canonical_hash

    if period not in ("month", "quarter"):
        raise AnalysisError(f"period must be month or quarter, found {period!r}", f"周期应为 month 或 quarter，实际为 {period!r}")
    periods = _aggregate(k, period)
    latest, prev = periods[-1], (periods[-2] if len(periods) > 1 else None)
    metrics = [m for m in METRICS if m in k.columns] + ["net_burn"]
    def per_month(r: dict[str, Any] | None, m: str) -> float | None:
        # flows of a (possibly partial) quarter are compared per month; stocks as they are
        if r is None or r.get(m) is None:
            return None
        return r[m] / r.get("months", 1) if m in FLOWS + ("net_burn",) else r[m]

    changes = {m: (_growth(per_month(prev, m), per_month(latest, m)) if prev else None) for m in metrics}
    cmgr: dict[str, float | None] = {}
    for m in ("revenue", "users"):
        col = k.columns.get(m)
        n = min(window, len(k.months) - 1)
        if col and n >= 1 and col[-1] is not None and col[-1 - n] and col[-1 - n] > 0:
            cmgr[m] = (col[-1] / col[-1 - n]) ** (1 / n) - 1
        else:
            cmgr[m] = None
    variance = []
    for m in METRICS:
        plan, actual = latest.get(f"plan_{m}"), latest.get(m)
        if plan is not None and actual is not None:
            variance.append({"metric": m, "actual": actual, "plan": plan, "diff": actual - plan,
                             "pct": None if plan == 0 else actual / plan - 1})
    burn, rev, cash = k.columns.get("burn"), k.columns.get("revenue"), k.columns["cash"]
    net_last = None
    if burn and burn[-1] is not None:
        net_last = burn[-1] - (rev[-1] if rev and rev[-1] is not None else 0)
    runway = cash[-1] / net_last if net_last and net_last > 0 else None
    runway_avg = None
    if burn:
        n = min(window, len(k.months))
        nets = [burn[-i] - ((rev[-i] or 0) if rev else 0) for i in range(1, n + 1) if burn[-i] is not None]
        avg = sum(nets) / len(nets) if nets else None
        runway_avg = cash[-1] / avg if avg and avg > 0 else None
    alerts = []
    if runway is not None and runway < ALERT_RUNWAY:
        alerts.append("report.update.alert.runway")
    for v in variance:
        if v["metric"] == "revenue" and v["pct"] is not None and v["pct"] < -ALERT_VARIANCE:
            alerts.append("report.update.alert.revenue_below_plan")
        if v["metric"] == "burn" and v["pct"] is not None and v["pct"] > ALERT_VARIANCE:
            alerts.append("report.update.alert.burn_above_plan")
        if v["metric"] == "cash" and v["pct"] is not None and v["pct"] < -ALERT_VARIANCE:
            alerts.append("report.update.alert.cash_below_plan")
    digest = canonical_hash({"months": k.months, "columns": k.columns, "period": period, "window": window})
    return InvestorUpdate(k.company, k.currency, period, tuple(periods), changes, cmgr, tuple(variance), runway,
                          runway_avg, net_last, tuple(alerts), window, k.source, digest)
