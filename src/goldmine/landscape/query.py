"""Questions asked of the landscape: which companies, how much money, at what stage (issue #15, point 2).

* :class:`LandscapeFilter` — segment, country, vertical, listed or private, as of a date;
* :func:`select` — the companies that pass a filter (a company matches a segment if it is its main
  segment or one of its ``also`` segments);
* :func:`stage_as_of` — a company's stage on a date: ``public`` once listed, else the stage of its
  latest priced round known by then (strategic investments and IPO proceeds set no stage);
* :func:`funding_totals` — money raised by segment (main segment only, so nothing counts twice) or by
  country, in USD with the dated FX table of :mod:`goldmine.metrics.fx` (each amount converted at the
  table's rate, not the rate of its own date: a comparison of sizes, not a cash-flow record);
* :func:`landscape_view` — the :class:`LandscapeView` result of ``goldmine landscape``.

Only figures known on the as-of date count (:meth:`Landscape.available_on`): the listing of 2024
shows what was known in 2024.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from goldmine.i18n import format_money, t
from goldmine.i18n.messages import Term
from goldmine.landscape.data import Landscape
from goldmine.landscape.schema import SEGMENTS, Company, Revenue, Round, Valuation, date_end
from goldmine.metrics.fx import FxTable, default_fx
from goldmine.results import Result

__all__ = ["LandscapeFilter", "select", "stage_as_of", "funding_totals", "landscape_view", "LandscapeView",
           "CompanyRow", "FundingTotal", "STAGE_ORDER", "source_dict"]

#: Stages from the earliest to a listed company (the profile's ladder, then ``public``).
STAGE_ORDER = {"idea": 0, "pre_seed": 1, "seed": 2, "angel": 3, "series_a": 4, "series_b": 5,
               "series_c_plus": 6, "growth": 7, "public": 8}


@dataclass(frozen=True)
class LandscapeFilter:
    """Which companies to show; ``None`` means any.  ``listed=True`` listed only, ``False`` private only."""

    segment: str | None = None
    country: str | None = None
    vertical: str | None = None
    listed: bool | None = None
    as_of: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"segment": self.segment, "country": self.country, "vertical": self.vertical, "listed": self.listed}


def is_listed(company: Company, as_of: dt.date | None) -> bool:
    if company.listed is None:
        return False
    return as_of is None or company.listed.since is None or date_end(company.listed.since) <= as_of


def select(landscape: Landscape, flt: LandscapeFilter) -> tuple[Company, ...]:
    """The companies passing ``flt``, in dataset order."""
    out = []
    for c in landscape.companies:
        if flt.segment is not None and flt.segment != c.segment and flt.segment not in c.also:
            continue
        if flt.country is not None and flt.country != c.country:
            continue
        if flt.vertical is not None and flt.vertical != c.vertical.value:
            continue
        if flt.listed is not None and flt.listed != is_listed(c, flt.as_of):
            continue
        out.append(c)
    return tuple(out)


def _known(landscape: Landscape, items: Iterable[Any], as_of: dt.date | None) -> list[Any]:
    return [f for f in items if as_of is None or landscape.available_on(f) <= as_of]


def stage_as_of(landscape: Landscape, company: Company, as_of: dt.date | None) -> str | None:
    """``public`` when listed by ``as_of``; else the stage of the latest priced round then known."""
    if is_listed(company, as_of):
        return "public"
    priced = [r for r in _known(landscape, company.rounds, as_of) if r.stage in STAGE_ORDER]
    if not priced:
        return None
    latest: Round = max(priced, key=lambda r: (date_end(r.date), STAGE_ORDER[r.stage]))
    return latest.stage


def source_dict(landscape: Landscape, source_id: str) -> dict[str, Any]:
    """A source as JSON: its id, publisher, title, URL and publication date."""
    s = landscape.sources[source_id]
    return {"id": source_id, "publisher": s.publisher, "title": s.title, "url": s.url, "published": s.published}


@dataclass(frozen=True)
class FundingTotal(Result):
    """Money raised by the companies of one group (a segment or a country), in USD: the rounds with a
    published amount, and the number of companies in the group (with or without such rounds)."""

    key: str
    funding_usd: float
    rounds: int
    companies: int


def funding_totals(landscape: Landscape, companies: Iterable[Company], by: str, fx: FxTable,
                   as_of: dt.date | None = None) -> tuple[FundingTotal, ...]:
    """Money raised (every round with a published amount, IPO proceeds and strategic investments
    included) grouped ``by`` ``"segment"`` (main segment) or ``"country"``, largest first."""
    sums: dict[str, list[float]] = {}
    members: dict[str, set[str]] = {}
    for c in companies:
        key = c.segment if by == "segment" else c.country
        acc = sums.setdefault(key, [0.0, 0.0])
        members.setdefault(key, set()).add(c.id)
        for r in _known(landscape, c.rounds, as_of):
            if r.amount is None:
                continue
            acc[0] += fx.convert(r.amount, r.currency, "USD")
            acc[1] += 1
    rows = [FundingTotal(key=k, funding_usd=v[0], rounds=int(v[1]), companies=len(members[k])) for k, v in sums.items()]
    return tuple(sorted(rows, key=lambda r: (-r.funding_usd, r.key)))


@dataclass(frozen=True)
class CompanyRow(Result):
    """One company of the listing, with what was known on the as-of date."""

    id: str
    name_en: str
    name_zh: str | None
    country: str
    segment: str
    also: tuple[str, ...]
    vertical: str
    business_model: str
    founded: int | None
    listed: dict[str, Any] | None
    stage: str | None
    funding_usd: float
    rounds: int
    last_valuation: dict[str, Any] | None
    revenue: dict[str, Any] | None

    def name(self, lang: str) -> str:
        return (self.name_zh or self.name_en) if lang == "zh" else self.name_en


def _row(landscape: Landscape, c: Company, fx: FxTable, as_of: dt.date | None) -> CompanyRow:
    rounds = _known(landscape, c.rounds, as_of)
    money = [r for r in rounds if r.amount is not None]
    marks: list[tuple[dt.date, Round | Valuation]] = [(date_end(r.date), r) for r in rounds if r.post_money is not None]
    marks += [(date_end(v.date), v) for v in _known(landscape, c.valuations, as_of)]
    last_valuation = None
    if marks:
        _, m = max(marks, key=lambda x: x[0])
        value = m.post_money if isinstance(m, Round) else m.value
        basis = "post_money" if isinstance(m, Round) else m.basis
        last_valuation = {"value": value, "currency": m.currency, "basis": basis, "date": m.date,
                          "approximate": m.approximate, "source": source_dict(landscape, m.source)}
    revenue = None
    known_revenue: list[Revenue] = [r for r in _known(landscape, c.revenue, as_of) if r.kind != "period"]
    if known_revenue:
        r = max(known_revenue, key=lambda x: date_end(x.date))
        revenue = {"value": r.value, "currency": r.currency, "kind": r.kind, "period": r.period, "date": r.date,
                   "approximate": r.approximate, "source": source_dict(landscape, r.source)}
    listed = None
    if c.listed is not None and is_listed(c, as_of):
        listed = {"exchange": c.listed.exchange, "ticker": c.listed.ticker, "since": c.listed.since}
    return CompanyRow(
        id=c.id, name_en=c.name.en, name_zh=c.name.zh, country=c.country, segment=c.segment, also=c.also,
        vertical=c.vertical.value, business_model=c.business_model.value, founded=c.founded, listed=listed,
        stage=stage_as_of(landscape, c, as_of),
        funding_usd=sum((fx.convert(r.amount, r.currency, "USD") for r in money if r.amount is not None), 0.0),
        rounds=len(money), last_valuation=last_valuation, revenue=revenue)


@dataclass(frozen=True)
class LandscapeView(Result):
    """``goldmine landscape``: the companies passing the filters, with funding totals by segment and
    by country (USD), the dataset's counts and the FX table used."""

    filters: LandscapeFilter
    as_of: dt.date | None
    companies: tuple[CompanyRow, ...]
    by_segment: tuple[FundingTotal, ...]
    by_country: tuple[FundingTotal, ...]
    funding_usd: float
    dataset: dict[str, Any]
    fx: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable({
            "as_of": self.as_of, "filters": self.filters.to_dict(), "dataset": self.dataset, "fx": self.fx,
            "companies": [c.to_dict() for c in self.companies],
            "totals": {"funding_usd": self.funding_usd, "by_segment": [r.to_dict() for r in self.by_segment],
                       "by_country": [r.to_dict() for r in self.by_country]},
        }))

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang

        L = lang or get_lang()
        lines = [t("landscape.summary.head", L, n=len(self.companies), total=self.dataset["companies"],
                   money=format_money(self.funding_usd, "USD", L))]
        for row in self.by_segment:
            lines.append(t("landscape.summary.segment", L, segment=t(f"landscape.segment.{row.key}", L),
                           money=format_money(row.funding_usd, "USD", L), rounds=row.rounds))
        return "\n".join(lines)


def segment_term(segment: str) -> Term:
    return Term(f"landscape.segment.{segment}")


def landscape_view(landscape: Landscape, flt: LandscapeFilter | None = None, fx: FxTable | None = None) -> LandscapeView:
    """The companies passing ``flt`` with their funding totals by segment and country (USD)."""
    flt = flt or LandscapeFilter()
    fx = fx or default_fx()
    order = {s: i for i, s in enumerate(SEGMENTS)}
    chosen = select(landscape, flt)
    rows = tuple(sorted((_row(landscape, c, fx, flt.as_of) for c in chosen), key=lambda r: order[r.segment]))
    by_segment = funding_totals(landscape, chosen, "segment", fx, flt.as_of)
    by_segment = tuple(sorted(by_segment, key=lambda r: (-r.funding_usd, order.get(r.key, 99))))
    return LandscapeView(
        filters=flt, as_of=flt.as_of, companies=rows, by_segment=by_segment,
        by_country=funding_totals(landscape, chosen, "country", fx, flt.as_of),
        funding_usd=sum(r.funding_usd for r in by_segment),
        dataset={**landscape.counts(), "cutoff": landscape.cutoff.isoformat()},
        fx={"base": fx.base, "date": fx.date})
