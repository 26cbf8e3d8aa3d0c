"""Portfolio monitoring: the investor update of every holding and a portfolio view (issue #19, point 3).

:func:`run_portfolio_update` is the use case of ``goldmine portfolio update``.  It takes KPI histories
already read (:func:`goldmine.io.kpis.load_kpis`, one per company) and the
:class:`~goldmine.pipeline.settings.UpdateSettings`, runs the investor update
(:func:`goldmine.pipeline.update.investor_update`, whose module docstring gives every formula) on each,
and builds the portfolio view (the result's ``to_dict()`` keys):

* ``holdings[]`` — per company: its name, id (the ``# startup:`` id, else the file's stem), currency,
  last period, cash at its end, the net burn and runway of the last month and the runway on the
  average net burn of the last ``window`` months (:func:`goldmine.metrics.runway_months`, as the
  update computes them), revenue against plan in the last period (actual / plan - 1), the number of
  alerts by tone and the worst alert (the first negative one in the update's order: runway, plan,
  cumulative, streak, trend);
* ``totals[]`` — per currency (amounts in different currencies are not added): the number of
  companies, their cash and their monthly net burn (sum of the last month's net burn);
* ``short_runway[]`` — the ids of the companies whose runway is under the update's runway threshold
  (``recommendation.runway_short`` of ``data/report.yaml``: 12 months, Carta);
* ``failures[]`` — the files that could not be read or updated, each with its error (key, parameters
  or problems), kept apart so one broken file does not stop the portfolio.

:func:`store_update_run` records one update as an immutable analysis run (kind ``investor_update``).
The use case prints nothing and reads no file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goldmine.errors import GoldmineError
from goldmine.pipeline.settings import UpdateSettings
from goldmine.pipeline.store import RunStore
from goldmine.pipeline.update import Alert, DiligenceLookup, InvestorUpdate, KPIs, investor_update
from goldmine.results import Result

RUN_KIND = "investor_update"
TONES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Holding:
    """One company of the portfolio: the figures of its update that the portfolio view shows."""

    id: str
    file: str
    company: str
    company_zh: str | None
    currency: str
    period: str
    last_month: str
    cash: float | None
    net_burn: float | None
    runway_months: float | None
    runway_months_avg: float | None
    revenue_vs_plan: float | None
    alerts: Mapping[str, int]
    worst_alert: Alert | None
    update: InvestorUpdate = field(repr=False)

    def name(self, lang: str) -> str:
        return self.company_zh if lang == "zh" and self.company_zh else self.company

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "company": self.company, "company_zh": self.company_zh,
                "currency": self.currency, "period": self.period, "last_month": self.last_month, "cash": self.cash,
                "net_burn": self.net_burn, "runway_months": self.runway_months, "runway_months_avg": self.runway_months_avg,
                "revenue_vs_plan": self.revenue_vs_plan, "alerts": dict(self.alerts),
                "worst_alert": None if self.worst_alert is None else self.worst_alert.to_dict()}


@dataclass(frozen=True)
class CurrencyTotal:
    """The holdings reporting in one currency: how many, their cash and their monthly net burn."""

    currency: str
    companies: int
    cash: float
    net_burn: float

    def to_dict(self) -> dict[str, Any]:
        return {"currency": self.currency, "companies": self.companies, "cash": self.cash, "net_burn": self.net_burn}


@dataclass(frozen=True)
class Failure:
    """A file that could not be read or updated, and why (the error, language-neutral)."""

    file: str
    error: GoldmineError

    def message(self, lang: str) -> str:
        return self.error.message(lang)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "error": self.error.to_dict()}


@dataclass(frozen=True)
class PortfolioUpdate(Result):
    holdings: tuple[Holding, ...]
    totals: tuple[CurrencyTotal, ...]
    short_runway: tuple[str, ...]
    failures: tuple[Failure, ...]
    runway_limit: float
    period: str

    @property
    def updates(self) -> tuple[InvestorUpdate, ...]:
        return tuple(h.update for h in self.holdings)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable({
            "period": self.period, "runway_limit": self.runway_limit,
            "holdings": [h.to_dict() for h in self.holdings], "totals": [c.to_dict() for c in self.totals],
            "short_runway": list(self.short_runway), "failures": [f.to_dict() for f in self.failures]}))

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        alerts = sum(h.alerts.get("negative", 0) for h in self.holdings)
        return t("portfolio.summary", L, n=len(self.holdings), alerts=alerts, short=len(self.short_runway),
                 limit=f"{self.runway_limit:g}", failed=len(self.failures))


def holding_of(k: KPIs, u: InvestorUpdate) -> Holding:
    """The portfolio row of one update."""
    counts = {tone: sum(1 for a in u.alerts if a.tone == tone) for tone in TONES}
    worst = next((a for a in u.alerts if a.tone == "negative"), None)
    revenue = next((v.pct for v in u.variance if v.metric == "revenue"), None)
    return Holding(k.startup or Path(k.source).stem or k.company, Path(k.source).name, u.company, u.company_zh, u.currency,
                   u.latest.label, k.months[-1], k.columns["cash"][-1], u.net_burn, u.runway_months, u.runway_months_avg,
                   revenue, counts, worst, u)


def totals_of(holdings: Sequence[Holding]) -> tuple[CurrencyTotal, ...]:
    """Cash and monthly net burn summed per currency (in the order currencies first appear)."""
    out: dict[str, CurrencyTotal] = {}
    for h in holdings:
        c = out.get(h.currency, CurrencyTotal(h.currency, 0, 0.0, 0.0))
        out[h.currency] = CurrencyTotal(h.currency, c.companies + 1, c.cash + (h.cash or 0.0), c.net_burn + (h.net_burn or 0.0))
    return tuple(out.values())


def run_portfolio_update(histories: Sequence[KPIs], settings: UpdateSettings | None = None,
                         failures: Sequence[Failure] = (),
                         diligence: Mapping[str, DiligenceLookup] | None = None) -> PortfolioUpdate:
    """The use case of ``goldmine portfolio update`` (module docstring): the investor update of each
    history, and the portfolio view.  ``failures`` are the files the caller could not read; an update
    that fails with a goldmine error becomes one more.  ``diligence`` maps a history's ``source`` to the
    caller's look-up of its due-diligence run (as ``goldmine update`` passes it)."""
    s = settings or UpdateSettings.default()
    holdings: list[Holding] = []
    failed = list(failures)
    for k in histories:
        try:
            u = investor_update(k, s, (diligence or {}).get(k.source))
        except GoldmineError as exc:
            failed.append(Failure(Path(k.source).name, exc))
            continue
        holdings.append(holding_of(k, u))
    limit = holdings[0].update.thresholds["runway_months"] if holdings else _runway_limit()
    short = tuple(h.id for h in holdings if h.runway_months is not None and h.runway_months < limit)
    return PortfolioUpdate(tuple(holdings), totals_of(holdings), short, tuple(failed), float(limit), s.period)


def _runway_limit() -> float:
    from goldmine.pipeline.settings import report_config, value

    return float(value(report_config()["recommendation"]["runway_short"]))


def store_update_run(store: RunStore, workspace: str, u: InvestorUpdate, settings: UpdateSettings) -> int:
    """Record one investor update as an immutable analysis run (kind ``investor_update``): inputs the
    update's source and input hash (the KPI data, period, window and thresholds), parameters the
    settings, results ``u.to_dict()``; returns the run's id."""
    ws = store.ensure_workspace(workspace)
    inputs = {"source": Path(u.source).name, "inputs_hash": u.inputs_hash, "settings": settings.to_dict()}
    return store.record_run(ws, RUN_KIND, inputs, settings.to_dict(), u.to_dict())
