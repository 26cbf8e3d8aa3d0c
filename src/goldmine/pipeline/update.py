"""The investor update: a KPI history -> trends, checks against plan, highlights and runway (seed 003 §6.2.1).

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
* ``variance[]`` — actual minus plan and actual / plan - 1 for the latest period; ``plan_history[]``
  the same for every month (the checks below rest on months, whatever ``--period``);
* ``cumulative[]`` — revenue and burn summed over the year to date (from January of the last month's
  year, or from the first month of that year with a plan), actual / plan - 1;
* ``streaks[]`` — the run of consecutive calendar months, ending at the last month, on one side of
  plan (above or below; a month on plan or without a plan ends it), and how many of all the months
  with a plan were on that side;
* ``trends[]`` — the ordinary least-squares slope of the monthly variance (per month) over the last
  ``trend_months`` calendar months (at least three months with a plan);
* ``net_burn`` = burn - revenue; ``runway_months`` = cash / net burn of the last month
  (:func:`goldmine.metrics.runway_months`), and ``runway_months_avg`` on the average net burn of the
  rows within the last ``window`` calendar months (None when the company is not burning);
  ``runway_previous`` the runway at the end of the previous period;
* ``alerts[]`` — each a language-neutral :class:`Alert` (check, tone, metric, the period it rests on,
  its number and a message with the figures): runway below ``recommendation.runway_short`` of
  ``data/report.yaml`` (12 months, Carta); the latest period more than ``variance_threshold`` off plan
  in **either** direction (an upside surprise is news too); the year to date more than
  ``cumulative_threshold`` off plan; ``streak_months`` months in a row on one side of plan; a
  worsening trend (the latest month on the wrong side of plan and the fitted variance moving further
  away by at least ``trend_change`` over the trend window).  Which side is wrong: below plan for
  revenue, users and cash, above plan for burn; headcount has none (its alerts are neutral);
* ``highlights[]``, ``lowlights[]``, ``asks[]`` — the KPI file's ``# highlight:``, ``# lowlight:`` and
  ``# ask:`` lines, and, derived from the numbers, the best and the worst variance of the latest period
  and the change of runway on the previous period (asks only from the file);
* ``diligence`` — the company's latest due-diligence run, looked up by the caller (the CLI reads the
  project database, :mod:`goldmine.store`) and passed in as a :class:`DiligenceLookup`: its verdict,
  risk rating and date, and the change of runway since its data.

:func:`investor_update` is the use case of ``goldmine update`` (settings: :class:`UpdateSettings`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n.messages import Message, Money, Term
from goldmine.metrics import cmgr as compound_growth
from goldmine.metrics import net_burn, runway_months
from goldmine.pipeline.settings import UpdateSettings, report_config, value

FLOWS = ("revenue", "burn")
STOCKS = ("cash", "headcount", "users")
METRICS = FLOWS + STOCKS
MONEY = ("revenue", "burn", "net_burn", "cash")
#: Which side of plan is good: +1 above (revenue, users, cash), -1 below (burn), 0 neither (headcount).
GOOD_SIDE = {"revenue": 1, "users": 1, "cash": 1, "burn": -1, "headcount": 0}
NOTE_KINDS = ("highlight", "lowlight", "ask")


@dataclass(frozen=True)
class KpiNote:
    """One line of the KPI file's header: a highlight, a lowlight or an ask, in one language or all."""

    kind: str                 # highlight | lowlight | ask
    text: str
    lang: str | None = None   # en | zh, None: every language


@dataclass(frozen=True)
class KPIs:
    """A monthly KPI history: ``columns`` maps a metric (or ``plan_<metric>``) to one value per month;
    ``startup`` the id of the company's profile (``# startup:``), ``company_zh`` its Chinese name,
    ``notes`` the highlights, lowlights and asks of the header."""

    company: str
    currency: str
    months: tuple[str, ...]
    columns: Mapping[str, tuple[float | None, ...]]
    source: str = ""
    startup: str | None = None
    company_zh: str | None = None
    notes: tuple[KpiNote, ...] = ()


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
    """Actual against plan of one metric in one period: ``diff`` = actual - plan, ``pct`` = actual / plan - 1."""

    metric: str
    actual: float
    plan: float
    diff: float
    pct: float | None
    period: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "period": self.period, "actual": self.actual, "plan": self.plan,
                "diff": self.diff, "pct": self.pct}


@dataclass(frozen=True)
class Cumulative:
    """A flow summed over the months ``since`` .. ``until`` (``months`` of them with a plan) against plan."""

    metric: str
    since: str
    until: str
    months: int
    actual: float
    plan: float
    diff: float
    pct: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "since": self.since, "until": self.until, "months": self.months,
                "actual": self.actual, "plan": self.plan, "diff": self.diff, "pct": self.pct}


@dataclass(frozen=True)
class Streak:
    """``months`` consecutive calendar months ``since`` .. ``until`` (the last month) on one ``side`` of plan."""

    metric: str
    side: str        # above | below
    months: int
    since: str
    until: str
    latest_pct: float | None
    months_on_side: int = 0     # months on this side of plan in the whole history
    months_planned: int = 0     # months with a plan in the whole history

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "side": self.side, "months": self.months, "since": self.since,
                "until": self.until, "latest_pct": self.latest_pct, "months_on_side": self.months_on_side,
                "months_planned": self.months_planned}


@dataclass(frozen=True)
class Trend:
    """The least-squares slope of a metric's monthly variance (fraction of plan per month) over the
    ``months`` months with a plan from ``since`` to ``until``; ``first_pct`` and ``last_pct`` observed."""

    metric: str
    since: str
    until: str
    months: int
    slope: float
    first_pct: float
    last_pct: float

    @property
    def change(self) -> float:
        """The fitted change over the window: slope x the calendar months from ``since`` to ``until``."""
        return self.slope * (month_number(self.until) - month_number(self.since))

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "since": self.since, "until": self.until, "months": self.months,
                "slope": self.slope, "change": self.change, "first_pct": self.first_pct, "last_pct": self.last_pct}


@dataclass(frozen=True)
class Alert:
    """One check that fired: ``check`` (runway, plan, cumulative, streak, trend), ``tone`` (negative,
    positive, neutral), the ``metric`` and ``period`` it rests on (``since`` where it spans months),
    its number ``value`` (a fraction of plan, months, or a slope per month) and its ``message``."""

    check: str
    tone: str
    metric: str
    period: str
    since: str | None
    value: float
    message: Message

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "tone": self.tone, "metric": self.metric, "period": self.period,
                "since": self.since, "value": self.value, "message": self.message.to_dict()}


@dataclass(frozen=True)
class Item:
    """A highlight, lowlight or ask: from the KPI file (``text``, in ``lang`` or every language when
    ``None``) or derived from the numbers (``message``)."""

    source: str                      # file | derived
    text: str | None = None
    lang: str | None = None
    message: Message | None = None

    def shown_in(self, lang: str) -> bool:
        return self.lang is None or self.lang == lang

    def render(self, lang: str) -> str:
        if self.message is not None:
            return self.message.render(lang)
        return self.text or ""

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "lang": self.lang, "text": self.text,
                "message": None if self.message is None else self.message.to_dict()}


@dataclass(frozen=True)
class DiligenceRun:
    """What an update carries over from a stored due-diligence run (``goldmine analyze``): its id,
    workspace and date (UTC, ``YYYY-MM-DD``), the profile's ``as_of``, the verdict, the risk score and
    rating, and the runway of its profile (cash / net burn, the update's own formula)."""

    run_id: int
    workspace: str
    date: str
    as_of: str | None
    verdict: str | None
    risk_score: float | None
    risk_rating: str | None
    runway_months: float | None

    @classmethod
    def from_results(cls, results: Mapping[str, Any], run_id: int, date: str, workspace: str) -> DiligenceRun:
        """From a stored run's results (``DueDiligence.to_dict()``); a field an older run lacks is None."""
        company = _mapping(results.get("company"))
        recommendation = _mapping(results.get("recommendation"))
        risk = _mapping(_mapping(_mapping(_mapping(results.get("sections")).get("risk")).get("data")).get("overall"))
        cash, burn, revenue = (_number(company.get(k)) for k in ("cash", "monthly_burn", "monthly_revenue"))
        runway = None if cash is None or burn is None else _finite(runway_months(cash, burn, revenue))
        return cls(run_id, workspace, date, _text(company.get("as_of")), _text(recommendation.get("verdict")),
                   _number(risk.get("score")), _text(risk.get("rating")), runway)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.run_id, "workspace": self.workspace, "date": self.date, "as_of": self.as_of,
                "verdict": self.verdict, "risk_score": self.risk_score, "risk_rating": self.risk_rating,
                "runway_months": self.runway_months}


@dataclass(frozen=True)
class DiligenceLookup:
    """What the caller found: the startup id it looked up (None: none known) and its latest run (None: none)."""

    startup: str | None
    run: DiligenceRun | None = None


@dataclass(frozen=True)
class Diligence:
    """The update's link to due diligence: ``status`` found, no_run (looked up, none stored),
    no_startup (no startup id to look up) or not_checked (an id, but nobody looked)."""

    status: str
    startup: str | None
    run: DiligenceRun | None = None
    runway_change_months: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "startup": self.startup, "run": None if self.run is None else self.run.to_dict(),
                "runway_change_months": self.runway_change_months}


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
    alerts: tuple[Alert, ...]
    window: int
    source: str = ""
    inputs_hash: str = ""
    missing_months: tuple[str, ...] = ()
    company_zh: str | None = None
    plan_metrics: tuple[str, ...] = ()
    plan_history: tuple[Variance, ...] = ()
    cumulative: tuple[Cumulative, ...] = ()
    streaks: tuple[Streak, ...] = ()
    trends: tuple[Trend, ...] = ()
    runway_previous: tuple[str, float] | None = None
    highlights: tuple[Item, ...] = ()
    lowlights: tuple[Item, ...] = ()
    asks: tuple[Item, ...] = ()
    diligence: Diligence = field(default_factory=lambda: Diligence("no_startup", None))
    thresholds: Mapping[str, float] = field(default_factory=dict)

    @property
    def latest(self) -> Period:
        return self.periods[-1]

    def name(self, lang: str) -> str:
        """The company's name in a language: the Chinese name (``# company.zh:``) in zh where given."""
        return self.company_zh if lang == "zh" and self.company_zh else self.company

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        prev = None if self.runway_previous is None else {"period": self.runway_previous[0], "months": self.runway_previous[1]}
        return dict(to_jsonable({
            "company": self.company, "company_zh": self.company_zh, "currency": self.currency, "period": self.period,
            "latest": self.latest.to_dict(), "periods": [p.to_dict() for p in self.periods], "changes": dict(self.changes),
            "cmgr": dict(self.cmgr), "variance": [v.to_dict() for v in self.variance],
            "plan_metrics": list(self.plan_metrics), "plan_history": [v.to_dict() for v in self.plan_history],
            "cumulative": [c.to_dict() for c in self.cumulative], "streaks": [s.to_dict() for s in self.streaks],
            "trends": [t.to_dict() for t in self.trends], "net_burn": self.net_burn,
            "runway_months": self.runway_months, "runway_months_avg": self.runway_months_avg, "runway_previous": prev,
            "alerts": [a.to_dict() for a in self.alerts], "thresholds": dict(self.thresholds),
            "highlights": [i.to_dict() for i in self.highlights], "lowlights": [i.to_dict() for i in self.lowlights],
            "asks": [i.to_dict() for i in self.asks], "diligence": self.diligence.to_dict(),
            "window": self.window, "source": self.source, "inputs_hash": self.inputs_hash,
            "missing_months": list(self.missing_months)}))

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        rw = "—" if self.runway_months is None else f"{self.runway_months:.1f}"
        return t("report.update.summary", L, company=self.name(L), period=self.latest.label, runway=rw)


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


def _runway_at(k: KPIs, i: int) -> float | None:
    """cash / net burn of row ``i`` (None without a burn, or when the company is not burning)."""
    burn, rev = k.columns.get("burn"), k.columns.get("revenue")
    spend = burn[i] if burn else None
    if spend is None:
        return None
    cash = k.columns["cash"][i] or 0.0
    return _finite(runway_months(cash, spend, rev[i] if rev else None))


def _runways(k: KPIs, window: int) -> tuple[float | None, float | None, float | None]:
    """Net burn of the last month, the runway on it, and the runway on the average of the last ``window``."""
    burn, rev, cash = k.columns.get("burn"), k.columns.get("revenue"), k.columns["cash"]
    if not burn:
        return None, None, None
    last_cash = cash[-1] or 0.0
    last_rev = rev[-1] if rev else None
    net_last = None if burn[-1] is None else net_burn(burn[-1], last_rev)
    runway = _runway_at(k, len(k.months) - 1)
    end = month_number(k.months[-1])
    n = sum(1 for m in k.months if end - month_number(m) < window)  # rows within the last `window` calendar months
    nets = [net_burn(b, rev[-i] if rev else None) for i in range(1, n + 1) if (b := burn[-i]) is not None]
    avg = sum(nets) / len(nets) if nets else None
    return net_last, runway, (None if avg is None else _finite(runway_months(last_cash, avg, 0.0)))


def _runway_previous(k: KPIs, periods: list[Period]) -> tuple[str, float] | None:
    """The runway at the last month of the previous period (month or quarter), with that month."""
    if len(periods) < 2:
        return None
    n_last = periods[-1].months or 1
    i = len(k.months) - 1 - n_last
    if i < 0:
        return None
    r = _runway_at(k, i)
    return None if r is None else (k.months[i], r)


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _mapping(x: Any) -> Mapping[str, Any]:
    return x if isinstance(x, Mapping) else {}


def _number(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) else None


def _text(x: Any) -> str | None:
    return x if isinstance(x, str) else None


# ----------------------------------------------------------------------------------- checks against plan
def plan_metrics(k: KPIs) -> tuple[str, ...]:
    """The metrics with both an actual and a ``plan_`` column, in :data:`METRICS` order."""
    return tuple(m for m in METRICS if m in k.columns and f"plan_{m}" in k.columns)


def variance_of(metric: str, actual: float, plan: float, period: str) -> Variance:
    return Variance(metric, actual, plan, actual - plan, None if plan == 0 else actual / plan - 1, period)


def monthly_variances(k: KPIs, metric: str) -> list[Variance]:
    """Actual against plan of ``metric`` in every month where both are given."""
    actual, plan = k.columns[metric], k.columns[f"plan_{metric}"]
    return [variance_of(metric, a, p, m) for m, a, p in zip(k.months, actual, plan, strict=True)
            if a is not None and p is not None]


def cumulative_of(k: KPIs, metric: str) -> Cumulative | None:
    """A flow over the year to date: the months of the last month's year with both actual and plan
    (so from January, or from the plan's first month that year); None with fewer than two such months."""
    year = k.months[-1][:4]
    rows = [v for v in monthly_variances(k, metric) if v.period[:4] == year]
    if len(rows) < 2:
        return None
    actual, plan = sum(v.actual for v in rows), sum(v.plan for v in rows)
    return Cumulative(metric, rows[0].period, rows[-1].period, len(rows), actual, plan, actual - plan,
                      None if plan == 0 else actual / plan - 1)


def streak_of(k: KPIs, metric: str) -> Streak | None:
    """The run of consecutive calendar months ending at the last month on one side of plan (None when
    the last month is on plan or has no plan)."""
    vs = monthly_variances(k, metric)
    if not vs or vs[-1].period != k.months[-1] or vs[-1].diff == 0:
        return None
    side = 1 if vs[-1].diff > 0 else -1
    run = [vs[-1]]
    for v in reversed(vs[:-1]):
        if month_number(run[-1].period) - month_number(v.period) != 1 or v.diff * side <= 0:
            break
        run.append(v)
    on_side = sum(1 for v in vs if v.diff * side > 0)
    return Streak(metric, "above" if side > 0 else "below", len(run), run[-1].period, run[0].period, vs[-1].pct,
                  on_side, len(vs))


def trend_of(k: KPIs, metric: str, months: int) -> Trend | None:
    """Ordinary least squares of the monthly variance on the month number over the last ``months``
    calendar months (slope = sum((x - mean x)(y - mean y)) / sum((x - mean x)^2)); None with fewer than
    three months with a plan there or when the last month has none."""
    end = month_number(k.months[-1])
    vs = [v for v in monthly_variances(k, metric) if v.pct is not None and end - month_number(v.period) < months]
    if len(vs) < 3 or vs[-1].period != k.months[-1]:
        return None
    xs = [float(month_number(v.period)) for v in vs]
    ys = [float(v.pct) for v in vs if v.pct is not None]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return Trend(metric, vs[0].period, vs[-1].period, len(vs), slope, ys[0], ys[-1])


# ----------------------------------------------------------------------------------- alerts
def pct_text(x: float | None) -> str:
    """A variance as the report prints it: ``+42.9%`` (sign always shown)."""
    return "—" if x is None else f"{x * 100:+.1f}%"


def _amount(metric: str, x: float, currency: str) -> Any:
    return Money(x, currency) if metric in MONEY else f"{x:,.0f}"


def _tone(metric: str, side: float) -> str:
    good = GOOD_SIDE[metric] * side
    return "positive" if good > 0 else "negative" if good < 0 else "neutral"


def _reading(metric: str, side: float) -> Term:
    """How a variance reads: an upside surprise or a shortfall; for burn, spending ahead of or below plan."""
    if GOOD_SIDE[metric] == 0:
        return Term("update.reading.off_plan")
    if metric == "burn":
        return Term("update.reading.overspend" if side > 0 else "update.reading.underspend")
    return Term("update.reading.upside" if side > 0 else "update.reading.shortfall")


def _variance_params(v: Variance, currency: str) -> dict[str, Any]:
    return {"metric": Term(f"report.kpi.{v.metric}"), "pct": pct_text(v.pct), "period": v.period,
            "actual": _amount(v.metric, v.actual, currency), "plan": _amount(v.metric, v.plan, currency)}


def plan_alerts(variance: list[Variance], currency: str, threshold: float) -> list[Alert]:
    """The latest period more than ``threshold`` above or below plan, for every metric with a plan."""
    out = []
    for v in variance:
        if v.pct is None or abs(v.pct) <= threshold:
            continue
        params = {**_variance_params(v, currency), "reading": _reading(v.metric, v.pct)}
        out.append(Alert("plan", _tone(v.metric, v.pct), v.metric, v.period, None, v.pct,
                         Message("update.alert.plan", params)))
    return out


def cumulative_alerts(cumulative: list[Cumulative], currency: str, threshold: float) -> list[Alert]:
    out = []
    for c in cumulative:
        if c.pct is None or abs(c.pct) <= threshold:
            continue
        params = {"metric": Term(f"report.kpi.{c.metric}"), "pct": pct_text(c.pct), "since": c.since, "until": c.until,
                  "n": c.months, "actual": _amount(c.metric, c.actual, currency), "plan": _amount(c.metric, c.plan, currency),
                  "reading": _reading(c.metric, c.pct)}
        out.append(Alert("cumulative", _tone(c.metric, c.pct), c.metric, c.until, c.since, c.pct,
                         Message("update.alert.cumulative", params)))
    return out


def streak_alerts(streaks: list[Streak], k_months: int) -> list[Alert]:
    """``k_months`` or more months in a row on one side of plan: a run of misses or of beats."""
    out = []
    for s in streaks:
        if s.months < k_months or GOOD_SIDE[s.metric] == 0:
            continue
        side = 1 if s.side == "above" else -1
        params = {"metric": Term(f"report.kpi.{s.metric}"), "n": s.months, "since": s.since, "until": s.until,
                  "pct": pct_text(s.latest_pct), "on_side": s.months_on_side, "planned": s.months_planned}
        out.append(Alert("streak", _tone(s.metric, side), s.metric, s.until, s.since, float(s.months),
                         Message(f"update.alert.streak.{s.side}", params)))
    return out


def trend_alerts(trends: list[Trend], min_change: float) -> list[Alert]:
    """A worsening trend: the last month on the wrong side of plan, and the fitted variance moving
    further that way by at least ``min_change`` over the window."""
    out = []
    for tr in trends:
        good = GOOD_SIDE[tr.metric]
        if good == 0 or good * tr.last_pct >= 0 or good * tr.slope >= 0 or abs(tr.change) < min_change:
            continue
        side = "below" if good > 0 else "above"
        params = {"metric": Term(f"report.kpi.{tr.metric}"), "first": pct_text(tr.first_pct), "since": tr.since,
                  "last": pct_text(tr.last_pct), "until": tr.until, "n": tr.months, "slope": f"{tr.slope * 100:+.1f}"}
        out.append(Alert("trend", "negative", tr.metric, tr.until, tr.since, tr.slope,
                         Message(f"update.alert.trend.{side}", params)))
    return out


def runway_alerts(runway: float | None, period: str, limit: float) -> list[Alert]:
    if runway is None or runway >= limit:
        return []
    params = {"months": f"{runway:.1f}", "period": period, "limit": f"{limit:g}"}
    return [Alert("runway", "negative", "runway_months", period, None, runway, Message("update.alert.runway", params))]


TONE_ORDER = {"negative": 0, "neutral": 1, "positive": 2}


# ----------------------------------------------------------------------------------- highlights
def derived_items(variance: list[Variance], currency: str, runway: float | None,
                  previous: tuple[str, float] | None) -> tuple[list[Item], list[Item]]:
    """Highlights and lowlights from the numbers: the best and the worst variance of the latest period
    (on the good and on the wrong side of plan), and the change of runway on the previous period."""
    sided = [(GOOD_SIDE[v.metric] * v.pct, v) for v in variance if v.pct is not None and GOOD_SIDE[v.metric] != 0]
    highs: list[Item] = []
    lows: list[Item] = []
    best = max(sided, key=lambda sv: sv[0], default=None)
    worst = min(sided, key=lambda sv: sv[0], default=None)
    if best is not None and best[0] > 0:
        highs.append(Item("derived", message=Message("update.derived.best", _variance_params(best[1], currency))))
    if worst is not None and worst[0] < 0:
        lows.append(Item("derived", message=Message("update.derived.worst", _variance_params(worst[1], currency))))
    if runway is not None and previous is not None and round(runway, 1) != round(previous[1], 1):
        params = {"now": f"{runway:.1f}", "before": f"{previous[1]:.1f}", "since": previous[0]}
        up = runway > previous[1]
        (highs if up else lows).append(Item("derived", message=Message(f"update.derived.runway_{'up' if up else 'down'}", params)))
    return highs, lows


def file_items(k: KPIs, kind: str) -> list[Item]:
    return [Item("file", text=n.text, lang=n.lang) for n in k.notes if n.kind == kind]


def diligence_of(k: KPIs, lookup: DiligenceLookup | None, runway: float | None) -> Diligence:
    """The link to due diligence: what the caller found (or that nobody looked), with the runway change."""
    if lookup is None:
        return Diligence("not_checked" if k.startup else "no_startup", k.startup)
    if lookup.startup is None:
        return Diligence("no_startup", None)
    if lookup.run is None:
        return Diligence("no_run", lookup.startup)
    then = lookup.run.runway_months
    delta = None if runway is None or then is None else runway - then
    return Diligence("found", lookup.startup, lookup.run, delta)


# ----------------------------------------------------------------------------------- the use case
def investor_update(k: KPIs, settings: UpdateSettings | None = None, diligence: DiligenceLookup | None = None) -> InvestorUpdate:
    """The use case of ``goldmine update``: trends, checks against plan, highlights and runway (module
    docstring).  ``diligence`` is the caller's look-up of the company's latest due-diligence run."""
    from goldmine.pipeline.hashing import canonical_hash

    s = settings or UpdateSettings.default()
    periods = aggregate(k, s.period)
    latest, prev = periods[-1], (periods[-2] if len(periods) > 1 else None)
    if prev is not None and period_number(latest.label) - period_number(prev.label) != 1:
        prev = None  # a change across missing months is not a change over one period
    metrics = [m for m in METRICS if m in k.columns] + ["net_burn"]
    changes = {m: (change(prev.per_month(m), latest.per_month(m)) if prev else None) for m in metrics}
    cmgr = {m: _cmgr(k.columns.get(m), k.months, s.window) for m in ("revenue", "users")}
    planned = plan_metrics(k)
    variance = []
    for m in planned:
        plan, actual = latest.get(f"plan_{m}"), latest.get(m)
        if plan is not None and actual is not None:
            variance.append(variance_of(m, actual, plan, latest.label))
    history = sorted((v for m in planned for v in monthly_variances(k, m)), key=lambda v: (v.period, METRICS.index(v.metric)))
    cumulative = [c for m in planned if m in FLOWS and (c := cumulative_of(k, m)) is not None]
    streaks = [st for m in planned if (st := streak_of(k, m)) is not None]
    trends = [tr for m in planned if (tr := trend_of(k, m, s.trend_months)) is not None]
    net_last, runway, runway_avg = _runways(k, s.window)
    runway_limit = float(value(report_config()["recommendation"]["runway_short"]))
    alerts = (runway_alerts(runway, k.months[-1], runway_limit) + plan_alerts(variance, k.currency, s.variance_threshold)
              + cumulative_alerts(cumulative, k.currency, s.cumulative_threshold) + streak_alerts(streaks, s.streak_months)
              + trend_alerts(trends, s.trend_change))
    alerts.sort(key=lambda a: TONE_ORDER[a.tone])  # stable: within a tone, runway, plan, cumulative, streak, trend
    previous = _runway_previous(k, periods)
    highs, lows = derived_items(variance, k.currency, runway, previous)
    thresholds = {"runway_months": runway_limit, "variance": s.variance_threshold, "cumulative": s.cumulative_threshold,
                  "streak_months": s.streak_months, "trend_months": s.trend_months, "trend_change": s.trend_change}
    digest = canonical_hash({"months": k.months, "columns": dict(k.columns), "period": s.period, "window": s.window,
                             "thresholds": thresholds, "notes": [(n.kind, n.lang, n.text) for n in k.notes]})
    return InvestorUpdate(
        k.company, k.currency, s.period, tuple(periods), changes, cmgr, tuple(variance), runway, runway_avg, net_last,
        tuple(alerts), s.window, k.source, digest, missing_months(k.months), company_zh=k.company_zh,
        plan_metrics=planned, plan_history=tuple(history), cumulative=tuple(cumulative), streaks=tuple(streaks),
        trends=tuple(trends), runway_previous=previous,
        highlights=tuple(file_items(k, "highlight") + highs), lowlights=tuple(file_items(k, "lowlight") + lows),
        asks=tuple(file_items(k, "ask")), diligence=diligence_of(k, diligence, runway), thresholds=thresholds)
