"""Named comparables by similarity (issue #15, point 2): which companies of the landscape resemble a
startup, and at what multiple of revenue they were valued, on the startup's valuation date.

:func:`comparables` scores every company that has a multiple known on the as-of date and returns the
``n`` most similar (pinned companies always, excluded ones never) as a :class:`ComparableSet`, with
the median and the 25th/75th percentiles of their multiples (numpy's linear interpolation).

**The multiple** of a company, using only figures available on the as-of date
(:meth:`Landscape.available_on`: the later of a figure's own date and its source's publication):

* listed (``multiple_kind = "ev_revenue"``): the latest market mark; its EV/revenue (trailing twelve
  months) where the source publishes one (``multiple_basis = "ev_revenue"``); else its enterprise
  value (``"ev"``) or, failing that, its market capitalisation (``"market_cap"``: a price-to-sales
  ratio, which ignores net cash and debt) over the latest annual revenue dated no later than the mark;
* private (``"post_money_run_rate"``): the latest post-money valuation (a round's, or one a prospectus
  reports) over the annual revenue or run-rate dated closest to it (``multiple_basis = "post_money"``).
  A post-money values the equity, an EV the business: close for companies with little debt.

Revenue and valuation must lie within ``max_gap_months`` of each other; amounts are converted to USD
with the FX table (:mod:`goldmine.metrics.fx`).  A multiple is **stale** when the older of its two
figures is older than ``stale_months`` (by kind) on the as-of date; stale comparables stay in the set,
flagged, with the reason.

**The similarity score** (weights and constants in ``data/landscape/settings.yaml``, each with its
source) is a weighted mean of five scores in [0, 1], over those that can be computed:

* segment — 1 for the same main segment, ``also_segment_score`` when the startup's segment is one of
  the company's other segments, else 0.  A startup's segment: ``foundation_models`` when its vertical
  is ``infrastructure`` and it trains its own model, ``infrastructure`` for other infrastructure
  vertical, else ``applications``;
* vertical — 1 when equal, else 0;
* country — 1 for the same country, ``region_score`` for the same region (``regions``), else 0;
* stage — 1 − |Δ| / 8 on the ladder idea, pre-seed, seed, angel, A, B, C+, growth, public (left out
  for a private company without a priced round);
* size — 1 − |log10(company revenue / startup run-rate)| / ``size_span_decades``, floored at 0; left
  out when the startup has no revenue (its run-rate: the latest month × 12).

similarity = Σ wᵢ·sᵢ / Σ wᵢ over the scores computed; ties are broken by the company id, so the result
does not depend on the order of the data files.  Each comparable carries the reasons it was chosen
(language-neutral :class:`~goldmine.i18n.messages.Message` s).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from goldmine.errors import InputError, Problem
from goldmine.i18n import format_money, t
from goldmine.i18n.messages import Message, Money, Term
from goldmine.landscape.data import Landscape, landscape_settings, shipped_landscape
from goldmine.landscape.query import STAGE_ORDER, source_dict, stage_as_of
from goldmine.landscape.schema import (
    Company,
    LandscapeSettings,
    MarketMark,
    Revenue,
    Round,
    Valuation,
    date_end,
)
from goldmine.metrics.fx import FxTable, default_fx
from goldmine.results import Result

if TYPE_CHECKING:
    from goldmine.model import Startup

__all__ = ["Comparable", "ComparableSet", "ProfilePosition", "comparables", "profile_segment", "company_multiple",
           "Multiple", "MAX_N"]

#: The most comparables one set may hold (a bound on user input, not a statistical choice).
MAX_N = 50


@dataclass(frozen=True)
class Multiple:
    """A company's multiple on an as-of date and the figures behind it."""

    value: float
    kind: str                      # "ev_revenue" | "post_money_run_rate"
    basis: str                     # "ev_revenue" | "ev" | "market_cap" | "post_money"
    date: str                      # the valuation's (or market mark's) own date
    source: str                    # its source id
    valuation: dict[str, Any]      # value, currency, basis, ev_revenue, date, available_on, approximate, source
    revenue: dict[str, Any] | None  # the latest annual revenue or run-rate used (None when none is known)
    revenue_usd: float | None      # for the size score
    oldest: dt.date                # the older of the two figures' own dates (staleness)
    available_on: dt.date          # the later of the figures' availability dates
    approximate: bool


@dataclass(frozen=True)
class ProfilePosition(Result):
    """Where the startup sits, as the similarity score sees it."""

    id: str | None
    name_en: str | None
    name_zh: str | None
    segment: str
    vertical: str
    country: str
    stage: str
    currency: str
    run_rate: float | None
    run_rate_usd: float | None


@dataclass(frozen=True)
class Comparable(Result):
    """One named comparable: who, its multiple with date and source, how similar and why chosen."""

    id: str
    name_en: str
    name_zh: str | None
    country: str
    segment: str
    vertical: str
    stage: str | None
    listed: bool
    multiple: float | None
    multiple_kind: str | None
    multiple_basis: str | None
    date: str | None
    available_on: dt.date | None
    source: dict[str, Any] | None
    valuation: dict[str, Any] | None
    revenue: dict[str, Any] | None
    similarity: float
    components: dict[str, float | None]
    pinned: bool
    stale: bool
    age_months: float | None
    approximate: bool
    reasons: tuple[Message, ...]

    def name(self, lang: str) -> str:
        return (self.name_zh or self.name_en) if lang == "zh" else self.name_en

    @property
    def source_text(self) -> str:
        """The multiple's source in one line: publisher, title, publication date."""
        if not self.source:
            return ""
        return f"{self.source['publisher']}, {self.source['title']} ({self.source['published']})"


@dataclass(frozen=True)
class ComparableSet(Result):
    """``goldmine comps``: the named comparables of a startup on ``as_of`` and their multiples' median
    and 25th/75th percentiles (``low_multiple``/``high_multiple``; ``None`` without multiples)."""

    profile: ProfilePosition
    as_of: dt.date
    comparables: tuple[Comparable, ...]
    median_multiple: float | None
    low_multiple: float | None
    high_multiple: float | None
    candidates: int
    n: int
    pinned: tuple[str, ...]
    excluded: tuple[str, ...]
    notes: tuple[Message, ...]
    method: dict[str, Any] = field(default_factory=dict)

    @property
    def multiples(self) -> tuple[float, ...]:
        return tuple(c.multiple for c in self.comparables if c.multiple is not None)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return dict(to_jsonable({
            "as_of": self.as_of, "profile": self.profile.to_dict(),
            "comparables": [c.to_dict() for c in self.comparables],
            "median_multiple": self.median_multiple, "low_multiple": self.low_multiple,
            "high_multiple": self.high_multiple, "count": len(self.multiples), "candidates": self.candidates,
            "n": self.n, "pinned": list(self.pinned), "excluded": list(self.excluded),
            "notes": [m.to_dict() for m in self.notes], "method": self.method,
        }))

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang

        L = lang or get_lang()
        name = (self.profile.name_zh or self.profile.name_en) if L == "zh" else (self.profile.name_en or self.profile.name_zh)
        lines = [t("landscape.comps.head", L, name=name or "—", n=len(self.comparables), as_of=self.as_of.isoformat(),
                   candidates=self.candidates)]
        for c in self.comparables:
            lines.append(t("landscape.comps.line", L, name=c.name(L), country=c.country,
                           multiple=_fmt_multiple(c.multiple), kind=t(f"landscape.kind.{c.multiple_kind or 'none'}", L),
                           date=c.date or "—", similarity=c.similarity,
                           flags=(" " + t("landscape.comps.stale_flag", L)) if c.stale else ""))
        if self.median_multiple is not None:
            lines.append(t("landscape.comps.range", L, median=_fmt_multiple(self.median_multiple),
                           low=_fmt_multiple(self.low_multiple), high=_fmt_multiple(self.high_multiple),
                           count=len(self.multiples)))
        else:
            lines.append(t("landscape.comps.no_range", L))
        lines += [m.render(L) for m in self.notes]
        return "\n".join(lines)


def _fmt_multiple(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.1f}×" if x < 100 else f"{x:,.0f}×"


# ----------------------------------------------------------------------------------- the profile
def profile_segment(profile: Startup) -> str:
    """The startup's segment of the stack (module docstring)."""
    if profile.vertical.value == "infrastructure":
        own = profile.technology.foundation_model is not None and profile.technology.foundation_model.value == "own"
        return "foundation_models" if own else "infrastructure"
    return "applications"


def _position(profile: Startup, fx: FxTable) -> ProfilePosition:
    monthly = profile.financials.monthly_revenue
    run_rate = 12.0 * float(monthly) if monthly else None   # the latest month x 12, as run-rates are stated
    run_rate_usd = fx.convert(run_rate, profile.currency, "USD") if run_rate else None
    return ProfilePosition(
        id=profile.id, name_en=profile.identity.name.en, name_zh=profile.identity.name.zh,
        segment=profile_segment(profile), vertical=profile.vertical.value, country=profile.identity.country,
        stage=profile.stage.value, currency=profile.currency, run_rate=run_rate, run_rate_usd=run_rate_usd)


# ----------------------------------------------------------------------------------- multiples
def _months(a: dt.date, b: dt.date) -> float:
    """|a - b| in months of 365.25/12 days."""
    return abs((a - b).days) / (365.25 / 12)


def _figure_dict(landscape: Landscape, f: Round | Valuation | Revenue | MarketMark, **extra: Any) -> dict[str, Any]:
    return {**extra, "date": f.date, "available_on": landscape.available_on(f), "approximate": f.approximate,
            "source": source_dict(landscape, f.source)}


def _revenue_dict(landscape: Landscape, r: Revenue) -> dict[str, Any]:
    return _figure_dict(landscape, r, value=r.value, currency=r.currency, kind=r.kind, period=r.period)


def _private_multiple(landscape: Landscape, c: Company, as_of: dt.date, gap: float, fx: FxTable) -> Multiple | None:
    marks: list[Round | Valuation] = [r for r in c.rounds if r.post_money is not None]
    marks += [v for v in c.valuations if v.basis == "post_money"]
    marks = [m for m in marks if landscape.available_on(m) <= as_of]
    revenues = [r for r in c.revenue if r.kind != "period" and landscape.available_on(r) <= as_of]
    if not marks or not revenues:
        return None
    mark = max(marks, key=lambda m: (date_end(m.date), m.source))
    when = date_end(mark.date)
    rev = min(revenues, key=lambda r: (_months(date_end(r.date), when), -date_end(r.date).toordinal()))
    if _months(date_end(rev.date), when) > gap:
        return None
    value = mark.post_money if isinstance(mark, Round) else mark.value
    assert value is not None
    value_usd = fx.convert(value, mark.currency, "USD")
    rev_usd = fx.convert(rev.value, rev.currency, "USD")
    return Multiple(
        value=value_usd / rev_usd, kind="post_money_run_rate", basis="post_money", date=mark.date, source=mark.source,
        valuation=_figure_dict(landscape, mark, value=value, currency=mark.currency, basis="post_money", ev_revenue=None),
        revenue=_revenue_dict(landscape, rev), revenue_usd=rev_usd,
        oldest=min(when, date_end(rev.date)),
        available_on=max(landscape.available_on(mark), landscape.available_on(rev)),
        approximate=mark.approximate or rev.approximate)


def _listed_multiple(landscape: Landscape, c: Company, as_of: dt.date, gap: float, fx: FxTable) -> Multiple | None:
    marks = [m for m in c.market if landscape.available_on(m) <= as_of]
    if not marks:
        return None
    mark = max(marks, key=lambda m: (date_end(m.date), m.source))
    when = date_end(mark.date)
    annual = [r for r in c.revenue if r.kind == "annual" and landscape.available_on(r) <= as_of
              and date_end(r.date) <= when and _months(date_end(r.date), when) <= gap]
    rev = max(annual, key=lambda r: date_end(r.date)) if annual else None
    numerator, basis = (mark.ev, "ev") if mark.ev is not None else (mark.market_cap, "market_cap")
    revenue = _revenue_dict(landscape, rev) if rev is not None else None
    if mark.ev_revenue is not None:
        value, basis_used = float(mark.ev_revenue), "ev_revenue"
        if rev is not None:
            rev_usd: float | None = fx.convert(rev.value, rev.currency, "USD")
        elif numerator is not None:
            rev_usd = fx.convert(numerator, mark.currency, "USD") / value
        else:
            rev_usd = None
        dated: list[Any] = [mark]             # the published ratio carries its own (trailing) revenue
    else:
        if rev is None or numerator is None:
            return None
        rev_usd = fx.convert(rev.value, rev.currency, "USD")
        value, basis_used = fx.convert(numerator, mark.currency, "USD") / rev_usd, basis
        dated = [mark, rev]
    shown: list[Any] = [mark] + ([rev] if rev is not None else [])
    return Multiple(
        value=value, kind="ev_revenue", basis=basis_used, date=mark.date, source=mark.source,
        valuation=_figure_dict(landscape, mark, value=numerator, currency=mark.currency,
                               basis="ev" if mark.ev is not None else "market_cap" if mark.market_cap is not None else None,
                               ev_revenue=mark.ev_revenue),
        revenue=revenue, revenue_usd=rev_usd,
        oldest=min(date_end(f.date) for f in dated),
        available_on=max(landscape.available_on(f) for f in shown),
        approximate=any(f.approximate for f in dated))


def company_multiple(landscape: Landscape, company: Company, as_of: dt.date, settings: LandscapeSettings | None = None,
                     fx: FxTable | None = None) -> Multiple | None:
    """The company's multiple on ``as_of`` from figures then available, or ``None`` (module docstring)."""
    settings = settings or landscape_settings()
    fx = fx or default_fx()
    gap = float(settings.max_gap_months.value)
    if company.listed is not None and company.market:
        listed = _listed_multiple(landscape, company, as_of, gap, fx)
        if listed is not None:
            return listed
    return _private_multiple(landscape, company, as_of, gap, fx)


# ----------------------------------------------------------------------------------- similarity
def _scores(profile: ProfilePosition, company: Company, stage: str | None, revenue_usd: float | None,
            settings: LandscapeSettings) -> dict[str, float | None]:
    regions = settings.regions.value
    if company.segment == profile.segment:
        seg = 1.0
    elif profile.segment in company.also:
        seg = float(settings.also_segment_score.value)
    else:
        seg = 0.0
    if company.country == profile.country:
        country = 1.0
    elif regions.get(company.country) is not None and regions.get(company.country) == regions.get(profile.country):
        country = float(settings.region_score.value)
    else:
        country = 0.0
    stage_score = None if stage is None else 1.0 - abs(STAGE_ORDER[stage] - STAGE_ORDER[profile.stage]) / 8.0
    size = None
    if revenue_usd and profile.run_rate_usd:
        span = float(settings.size_span_decades.value)
        size = max(0.0, 1.0 - abs(math.log10(revenue_usd / profile.run_rate_usd)) / span)
    return {"segment": seg, "vertical": 1.0 if company.vertical.value == profile.vertical else 0.0,
            "country": country, "stage": stage_score, "size": size}


def similarity(scores: dict[str, float | None], settings: LandscapeSettings) -> float:
    """Σ wᵢ·sᵢ / Σ wᵢ over the scores that are not ``None`` (0 when none is)."""
    num = den = 0.0
    for key, s in scores.items():
        if s is None:
            continue
        w = float(settings.weights[key].value)  # type: ignore[index]
        num += w * s
        den += w
    return num / den if den > 0 else 0.0


def _reasons(profile: ProfilePosition, c: Company, stage: str | None, scores: dict[str, float | None],
             multiple: Multiple | None, pinned: bool, stale: bool, age: float | None, limit: int | None,
             settings: LandscapeSettings) -> tuple[Message, ...]:
    out: list[Message] = []
    if pinned:
        out.append(Message("landscape.reason.pinned"))
    if scores["segment"] == 1.0:
        out.append(Message("landscape.reason.segment", {"segment": Term(f"landscape.segment.{c.segment}")}))
    elif scores["segment"]:
        out.append(Message("landscape.reason.also_segment", {"segment": Term(f"landscape.segment.{profile.segment}")}))
    if scores["vertical"] == 1.0:
        out.append(Message("landscape.reason.vertical", {"vertical": Term(f"vertical.{c.vertical.value}")}))
    if scores["country"] == 1.0:
        out.append(Message("landscape.reason.country", {"country": c.country}))
    elif scores["country"]:
        out.append(Message("landscape.reason.region", {"country": c.country}))
    if stage is not None:
        out.append(Message("landscape.reason.stage", {"stage": _stage_term(stage), "profile": _stage_term(profile.stage)}))
    if scores["size"] is not None and multiple is not None and multiple.revenue_usd and profile.run_rate_usd:
        out.append(Message("landscape.reason.size", {"ratio": multiple.revenue_usd / profile.run_rate_usd,
                                                     "revenue": Money(multiple.revenue_usd, "USD")}))
    if multiple is None:
        out.append(Message("landscape.reason.no_multiple"))
    else:
        out.append(Message(f"landscape.reason.basis.{multiple.basis}", {"date": multiple.date}))
        if multiple.approximate:
            out.append(Message("landscape.reason.approximate"))
    if stale and age is not None:
        out.append(Message("landscape.reason.stale", {"months": round(age, 1), "limit": limit}))
    return tuple(out)


def _stage_term(stage: str) -> Term:
    return Term("landscape.stage.public" if stage == "public" else f"stage.{stage}")


# ----------------------------------------------------------------------------------- selection
def _check_ids(landscape: Landscape, pin: Sequence[str], exclude: Sequence[str], n: int) -> None:
    import difflib

    problems = []
    known = landscape.ids
    for option, ids in (("pin", pin), ("exclude", exclude)):
        for cid in ids:
            if cid not in known:
                close = difflib.get_close_matches(cid, known, n=3) or ["—"]
                problems.append(Problem(option, "landscape.expected.company_id", cid,
                                        params={"close": ", ".join(close)}))
    for cid in pin:
        if cid in exclude:
            problems.append(Problem("exclude", "landscape.expected.not_pinned", cid))
    if n < 1:
        problems.append(Problem("n", "expected.ge", n, params={"ge": 1}))
    elif n > MAX_N:
        problems.append(Problem("n", "expected.le", n, params={"le": MAX_N}))
    if problems:
        raise InputError(None, problems)


def _quantile(values: Sequence[float], q: float) -> float | None:
    return float(np.quantile(np.asarray(values, dtype=np.float64), q)) if values else None


def comparables(profile: Startup, landscape: Landscape | None = None, *, as_of: dt.date | None = None,
                pin: Sequence[str] = (), exclude: Sequence[str] = (), n: int | None = None,
                settings: LandscapeSettings | None = None, fx: FxTable | None = None) -> ComparableSet:
    """The ``n`` companies of ``landscape`` (default: the shipped one) most similar to ``profile`` that
    have a multiple on ``as_of`` (default: the profile's ``financials.as_of``, else the dataset's
    cut-off), plus every pinned company, never an excluded one (module docstring for the rule).

    Nothing dated, or published, after ``as_of`` is used.  Unknown ids in ``pin``/``exclude``, an id in
    both, or ``n`` outside 1..50 raise :class:`~goldmine.errors.InputError`.
    """
    landscape = landscape or shipped_landscape()
    settings = settings or landscape_settings()
    fx = fx or default_fx()
    n = int(settings.n.value) if n is None else n
    pin = tuple(dict.fromkeys(pin))
    exclude = tuple(dict.fromkeys(exclude))
    _check_ids(landscape, pin, exclude, n)
    as_of = as_of or profile.financials.as_of or landscape.cutoff
    position = _position(profile, fx)
    rows: list[Comparable] = []
    candidates = 0
    for c in landscape.companies:
        if c.id in exclude:
            continue
        multiple = company_multiple(landscape, c, as_of, settings, fx)
        pinned = c.id in pin
        if multiple is None and not pinned:
            continue
        candidates += multiple is not None
        rows.append(_comparable(landscape, c, position, multiple, pinned, as_of, settings))
    rows.sort(key=lambda r: (-r.similarity, r.id))
    chosen = [r for r in rows if r.pinned]
    chosen += [r for r in rows if not r.pinned][: max(0, n - len(chosen))]
    chosen.sort(key=lambda r: (-r.similarity, r.id))
    values = [r.multiple for r in chosen if r.multiple is not None]
    notes = []
    if position.run_rate_usd is None:
        notes.append(Message("landscape.note.no_revenue"))
    if not values:
        notes.append(Message("landscape.note.no_multiples", {"as_of": as_of.isoformat()}))
    if any(r.stale for r in chosen):
        notes.append(Message("landscape.note.stale", {"count": sum(r.stale for r in chosen)}))
    q_low, q_high = float(settings.quantiles["low"].value), float(settings.quantiles["high"].value)
    return ComparableSet(
        profile=position, as_of=as_of, comparables=tuple(chosen),
        median_multiple=_quantile(values, 0.5), low_multiple=_quantile(values, q_low),
        high_multiple=_quantile(values, q_high), candidates=candidates, n=n, pinned=pin, excluded=exclude,
        notes=tuple(notes), method=_method(settings, landscape))


def _comparable(landscape: Landscape, c: Company, position: ProfilePosition, multiple: Multiple | None, pinned: bool,
                as_of: dt.date, settings: LandscapeSettings) -> Comparable:
    stage = stage_as_of(landscape, c, as_of)
    scores = _scores(position, c, stage, multiple.revenue_usd if multiple else None, settings)
    age = limit = None
    stale = False
    if multiple is not None:
        limit = int(settings.stale_months[multiple.kind].value)  # type: ignore[index]
        age = max(0.0, (as_of - multiple.oldest).days / (365.25 / 12))
        stale = age > limit
    return Comparable(
        id=c.id, name_en=c.name.en, name_zh=c.name.zh, country=c.country, segment=c.segment,
        vertical=c.vertical.value, stage=stage, listed=stage == "public",
        multiple=multiple.value if multiple else None, multiple_kind=multiple.kind if multiple else None,
        multiple_basis=multiple.basis if multiple else None, date=multiple.date if multiple else None,
        available_on=multiple.available_on if multiple else None,
        source=source_dict(landscape, multiple.source) if multiple else None,
        valuation=multiple.valuation if multiple else None, revenue=multiple.revenue if multiple else None,
        similarity=similarity(scores, settings), components=scores, pinned=pinned, stale=stale,
        age_months=None if age is None else round(age, 2), approximate=bool(multiple and multiple.approximate),
        reasons=_reasons(position, c, stage, scores, multiple, pinned, stale, age, limit, settings))


def _method(settings: LandscapeSettings, landscape: Landscape) -> dict[str, Any]:
    return {
        "weights": {k: float(v.value) for k, v in settings.weights.items()},
        "also_segment_score": float(settings.also_segment_score.value),
        "region_score": float(settings.region_score.value),
        "size_span_decades": float(settings.size_span_decades.value),
        "stale_months": {k: int(v.value) for k, v in settings.stale_months.items()},
        "max_gap_months": int(settings.max_gap_months.value),
        "quantiles": {k: float(v.value) for k, v in settings.quantiles.items()},
        "cutoff": landscape.cutoff.isoformat(),
    }


def reasons_text(c: Comparable, lang: str) -> str:
    """A comparable's reasons in ``lang``, one clause each (``; `` in English, ``；`` in Chinese)."""
    return ("；" if lang == "zh" else "; ").join(m.render(lang) for m in c.reasons)


def money_text(value: float | None, currency: str, lang: str) -> str:
    return format_money(value, currency, lang)
