"""One sector run: the AI market index (or a price series), news and typed sector figures -> a
:class:`SectorView` (issues #9, #12, #17).

"Bubble or gold mine?" is answered on explicit pillars, never on one unexplained word.  The pillars
follow the structure of Wang and Chen (2026, arXiv 2606.01575: fundamentals, exuberance tests,
SADF/GSADF, LPPL, sentiment and issuance, capex payback):

1. ``valuation`` — valuation and fundamentals: AI revenue multiples against public SaaS;
2. ``explosive`` — explosive-price tests: GSADF with PSY date-stamping (:mod:`goldmine.bubble`) on the
   goldmine AI market index (:mod:`goldmine.sector.index`, weekly; beside it the same test on a
   valuation-ratio series, NVIDIA's price over its 10-K revenue) or on a user's price series;
3. ``lppls`` — the log-periodic power-law singularity fit qualified by the filter of Sornette et al.
   (2015) (:mod:`goldmine.bubble.lppls`);
4. ``funding`` — funding heat: AI's share of all venture funding, from **one** source series
   (CB Insights; providers' definitions differ, so they are never mixed in a pillar);
5. ``sentiment`` — the news sentiment index (:mod:`goldmine.sentiment`);
6. ``capex`` — capital-expenditure payback: Sequoia's revenue-gap arithmetic (Cahn 2024).

Each pillar has a status (``warning``, ``neutral``, ``supportive`` or ``unavailable``), its finding
(a message key with parameters), its evidence (catalogue labels, values, unit codes, sources,
dates), the data vintage, caveats (message keys) and its **freshness**: the last date of its data,
its age on the run's as-of date (``as_of``, default the report date: ``GOLDMINE_REPORT_DATE`` or
today) and the limit of ``data/report_sector.yaml`` -> ``staleness``.  A pillar whose data are older
than its limit (``stale``), come from the demo's stand-in series or fictional headlines (``demo``) or
are absent (``missing``) counts as **without evidence** (status ``unavailable``; what its data would
read is kept in ``reading``), never as a warning or as support.  Nothing dated after ``as_of`` is
used.  The verdict counts the statuses with the thresholds of ``data/report_sector.yaml`` ->
``verdict``: ``bubble_risk`` (>= 3 warnings, at least one of them from market evidence: explosive
prices, LPPLS or sentiment — stretched fundamentals alone do not make a bubble), ``gold_mine`` (>= 3
supportive and <= 1 warning), ``mixed`` otherwise, ``insufficient`` when fewer than 3 pillars have
evidence.

Beside the pillars, the drivers of the boom (:mod:`goldmine.sector.drivers`: technology, capital,
policy, sentiment) and the strategy paragraph (:mod:`goldmine.sector.strategy`).

* :func:`run_sector` — the use case of ``goldmine sector`` (settings: :class:`SectorSettings`);
* :func:`load_sector_data` — the shipped sector figures, or a user's override file, validated once
  into :class:`SectorData`;
* :class:`SectorContext` — what a due-diligence report shows of the sector, built from a view
  (:meth:`SectorView.context`) or from a saved ``goldmine sector --json`` (:meth:`SectorContext.from_json`):
  the verdict only when it rests on real data of stated vintage (:attr:`SectorContext.shows_verdict`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from goldmine import __version__
from goldmine.config import ConfigModel, load_config
from goldmine.errors import GoldmineError
from goldmine.i18n.messages import Message, Money
from goldmine.pipeline.outcome import Outcome, run_section
from goldmine.pipeline.settings import LpplsSettings, SectorSettings

if TYPE_CHECKING:
    import pandas as pd

    from goldmine.bubble.analysis import BubbleReport
    from goldmine.pipeline.bubble import BubbleSection
    from goldmine.sector.config import DriversConfig, IndexConfig
    from goldmine.sector.drivers import Capital, Policy, Technology
    from goldmine.sector.index import AIIndex, Piece, Sample, ValuationRatio
    from goldmine.sector.strategy import Strategy
    from goldmine.sentiment.index import SentimentIndex

WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE = "warning", "neutral", "supportive", "unavailable"
STATUSES = (WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE)
VERDICTS = ("bubble_risk", "gold_mine", "mixed", "insufficient")
PILLARS = ("valuation", "explosive", "lppls", "funding", "sentiment", "capex")
MARKET_PILLARS = ("explosive", "lppls", "sentiment")  # evidence from prices and news, not typed figures
CURRENT, STALE, DEMO, MISSING = "current", "stale", "demo", "missing"
STATES = (CURRENT, STALE, DEMO, MISSING)


# ------------------------------------------------------------------------------- the sector figures
class Figure(ConfigModel):
    """One sourced figure or threshold of ``data/report_sector.yaml``: a finite number >= 0.  An
    override may give a bare number (``ai_revenue: 6e11``), read as ``{value: 6e11}``."""

    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str = ""
    source: str = ""
    date: str | int | dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, data: Any) -> Any:
        return {"value": data} if isinstance(data, int | float) and not isinstance(data, bool) else data


class SignedFigure(Figure):
    """A figure that may be negative (a z-score threshold, a growth rate)."""

    value: float = Field(allow_inf_nan=False)


class PositiveFigure(Figure):
    """A figure the pillar divides by: > 0."""

    value: float = Field(gt=0, allow_inf_nan=False)


class ValuationData(ConfigModel):
    ai_multiple: Figure
    llm_multiple: Figure
    baseline_multiple: PositiveFigure
    warn_ratio: Figure
    support_ratio: Figure


class FundingData(ConfigModel):
    """The funding pillar: one source series (CB Insights' AI share of global venture funding)."""

    ai_share_of_vc: Figure
    warn_share: Figure


class CapexData(ConfigModel):
    gpu_run_rate: Figure
    datacenter_factor: Figure
    margin_factor: Figure
    ai_revenue: PositiveFigure
    warn_gap: Figure
    support_gap: Figure


class SentimentData(ConfigModel):
    warn_z: SignedFigure
    support_z: SignedFigure


class LpplsData(ConfigModel):
    min_confidence: Figure
    horizon_days: Figure


class VerdictData(ConfigModel):
    min_pillars: Figure
    bubble_warnings: Figure
    goldmine_supports: Figure


class StalenessData(ConfigModel):
    """The age in days beyond which each pillar's data are stale on the run's as-of date."""

    valuation: PositiveFigure
    explosive: PositiveFigure
    lppls: PositiveFigure
    funding: PositiveFigure
    sentiment: PositiveFigure
    capex: PositiveFigure

    def days(self, pillar: str) -> int:
        return int(getattr(self, pillar).value)


class SectorData(ConfigModel):
    """The typed sector figures (``data/report_sector.yaml``), each with its source and date."""

    vintage: str
    valuation: ValuationData
    funding: FundingData
    capex: CapexData
    sentiment: SentimentData
    lppls: LpplsData
    verdict: VerdictData
    staleness: StalenessData


def load_sector_data(path: str | Path | Mapping[str, Any] | None = None) -> SectorData:
    """The shipped sector figures, deep-merged with a user's YAML/JSON file of the same keys (read
    once, validated: an unknown key, a typo or a zero divisor is an error naming its path)."""
    return load_config(SectorData, "report_sector.yaml", override=path)


# ------------------------------------------------------------------------------- the typed view
@dataclass(frozen=True)
class Evidence:
    """One number behind a pillar: ``label`` a catalogue key, the value, its ``unit`` code
    (``report.unit.<code>`` in the catalogue, also deciding how the value prints), source and date."""

    label: str
    value: Any
    unit: str = ""
    source: str | Message = ""
    date: str = ""

    def to_dict(self) -> dict[str, Any]:
        from goldmine.jsonutil import to_jsonable

        return {"label": self.label, "value": to_jsonable(self.value), "unit": self.unit,
                "source": to_jsonable(self.source), "date": self.date}


@dataclass(frozen=True)
class Freshness:
    """Whether a pillar's data speak for the as-of date: ``state`` (``current``, ``stale``, ``demo`` or
    ``missing``), the last date of its data (``end``), its age in days on ``as_of`` and the limit."""

    state: str
    as_of: str
    end: str = ""
    age_days: int | None = None
    max_age_days: int | None = None

    @property
    def current(self) -> bool:
        return self.state == CURRENT

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "as_of": self.as_of, "end": self.end or None, "age_days": self.age_days,
                "max_age_days": self.max_age_days}


@dataclass(frozen=True)
class Pillar:
    """One pillar of the sector verdict: status, finding (a :class:`Message`), evidence, vintage,
    caveats (message keys), what its data read before the freshness rule (``reading``) and its
    :class:`Freshness` (``None``: not assessed, as in a view saved before issue #17)."""

    id: str
    status: str
    finding: Message
    evidence: tuple[Evidence, ...]
    vintage: str
    caveats: tuple[str, ...]
    reading: str = ""
    freshness: Freshness | None = None

    @property
    def state(self) -> str:
        return self.freshness.state if self.freshness is not None else (MISSING if self.status == UNAVAILABLE else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "reading": self.reading or self.status, "finding": self.finding.to_dict(),
                "evidence": [e.to_dict() for e in self.evidence], "vintage": self.vintage, "caveats": list(self.caveats),
                "freshness": self.freshness.to_dict() if self.freshness is not None else None}


@dataclass(frozen=True)
class SeriesInfo:
    """The price series the market pillars were computed on."""

    name: str
    source: str
    start: str
    end: str
    n: int

    @property
    def vintage(self) -> str:
        return f"{self.start} – {self.end}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "start": self.start, "end": self.end, "n": self.n}


@dataclass(frozen=True)
class SectorCharts:
    """The numbers behind the sector charts: prices, dated episodes, the BSADF line, the tone index."""

    price_dates: tuple[str, ...] = ()
    prices: tuple[float, ...] = ()
    episodes: tuple[tuple[str, str], ...] = ()
    bsadf_dates: tuple[str, ...] = ()
    bsadf: tuple[float, ...] = ()
    bsadf_cv95: tuple[float, ...] = ()
    tone_dates: tuple[str, ...] = ()
    tone_z: tuple[float | None, ...] = ()


def counts_of(pillars: tuple[Pillar, ...]) -> dict[str, int]:
    return {s: sum(p.status == s for p in pillars) for s in STATUSES}


@dataclass(frozen=True)
class SectorContext:
    """What a due-diligence report shows of the sector: verdict, pillars, whether the inputs were the
    demo's, the as-of date and the chart data; from a live view or a saved ``goldmine sector --json``.

    A company report shows the verdict only when :attr:`shows_verdict`: the view rests on no demo
    input, at least one pillar has current evidence of stated vintage (:attr:`evidence_vintage`) and
    there is a verdict; otherwise it says why in one line (:meth:`hidden_reason`)."""

    verdict: str
    pillars: tuple[Pillar, ...]
    demo_inputs: bool
    series_name: str
    inputs_hash: str
    charts: SectorCharts
    as_of: str = ""

    @property
    def is_demo(self) -> bool:
        return self.demo_inputs

    def counts(self) -> dict[str, int]:
        return counts_of(self.pillars)

    def current_pillars(self) -> tuple[Pillar, ...]:
        return tuple(p for p in self.pillars if p.freshness is not None and p.freshness.current)

    @property
    def evidence_vintage(self) -> str:
        """The span of the last dates of the pillars with current evidence (``""``: none)."""
        ends = sorted(p.freshness.end for p in self.current_pillars() if p.freshness is not None and p.freshness.end)
        if not ends:
            return ""
        return ends[0] if ends[0] == ends[-1] else f"{ends[0]} – {ends[-1]}"

    @property
    def shows_verdict(self) -> bool:
        return not self.demo_inputs and self.verdict != "insufficient" and bool(self.evidence_vintage)

    def hidden_reason(self) -> Message | None:
        """Why a company report shows no sector verdict (``None`` when it shows one)."""
        if self.shows_verdict:
            return None
        if self.demo_inputs:
            return Message("sector.context.demo")
        if not any(p.freshness is not None for p in self.pillars):
            return Message("sector.context.no_vintage")
        return Message("sector.context.stale", {"as_of": self.as_of or "—", "verdict": Message(f"report.sector.verdict.{self.verdict}")})

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "counts": self.counts(), "pillars": [p.to_dict() for p in self.pillars],
                "demo_inputs": self.demo_inputs, "series_name": self.series_name, "inputs_hash": self.inputs_hash,
                "as_of": self.as_of, "shows_verdict": self.shows_verdict, "evidence_vintage": self.evidence_vintage}

    @classmethod
    def from_json(cls, data: Any, source: str) -> SectorContext:
        """A saved ``goldmine sector --json`` document, validated (a hand-edited or truncated file is an
        :class:`~goldmine.errors.InputError` naming the key, never a traceback)."""
        from goldmine.config import validate
        from goldmine.errors import InputError, Problem

        try:
            doc = validate(SectorJson, data, source)
        except InputError as exc:  # say first what the file should be
            raise InputError(source, [Problem("", "report.expected.sector_json", None, has_found=False), *exc.problems[:9]]) from None
        pillars = tuple(Pillar(p.id, p.status, Message.from_dict(p.finding.model_dump()),
                               tuple(Evidence(e.label, e.value, e.unit, e.source if isinstance(e.source, str)
                                              else Message.from_dict(e.source.model_dump()), e.date) for e in p.evidence),
                               p.vintage, tuple(p.caveats), p.reading or p.status,
                               None if p.freshness is None else Freshness(p.freshness.state, p.freshness.as_of, p.freshness.end or "",
                                                                          p.freshness.age_days, p.freshness.max_age_days))
                        for p in doc.pillars)
        b, s = doc.analyses.bubble, doc.analyses.sentiment
        bubble_ok = b.status == "ok" and b.data is not None
        charts = SectorCharts(
            price_dates=tuple(doc.chart_data.prices.dates) if doc.chart_data.prices else (),
            prices=tuple(doc.chart_data.prices.values) if doc.chart_data.prices else (),
            episodes=tuple((e.start, e.end) for e in b.data.episodes) if bubble_ok and b.data else (),
            bsadf_dates=tuple(r.date for r in b.data.bsadf) if bubble_ok and b.data else (),
            bsadf=tuple(r.stat for r in b.data.bsadf) if bubble_ok and b.data else (),
            bsadf_cv95=tuple(r.cv95 for r in b.data.bsadf) if bubble_ok and b.data else (),
            tone_dates=tuple(r.date for r in s.data.combined) if s.status == "ok" and s.data else (),
            tone_z=tuple(r.index for r in s.data.combined) if s.status == "ok" and s.data else ())
        return cls(doc.verdict, pillars, doc.parameters.demo_inputs, doc.series.name if doc.series else "",
                   doc.reproducibility.inputs_hash, charts, doc.parameters.as_of or "")


@dataclass(frozen=True)
class Drivers:
    """The drivers of the boom beside the pillars: technology and capital (outcomes: their data may be
    absent), policy (the dated events up to the as-of date) and sentiment (the pillar of that name)."""

    technology: Outcome[Technology]
    capital: Outcome[Capital]
    policy: Policy

    def to_dict(self) -> dict[str, Any]:
        return {"technology": self.technology.to_dict(), "capital": self.capital.to_dict(), "policy": self.policy.to_dict(),
                "sentiment": {"pillar": "sentiment"}}


@dataclass(frozen=True)
class SectorView:
    """The sector verdict and its pillars, plus the typed bubble-test and sentiment outcomes they rest on,
    the AI market index, the drivers of the boom and the strategy paragraph.

    Keys of ``to_dict()`` (docs/sector.md): ``verdict``, ``counts``, ``pillars[]`` (id, status, reading,
    finding{key, params}, evidence[]{label, value, unit, source, date}, vintage, caveats[], freshness),
    ``series`` (name, source, start, end, n), ``index`` (the AI index: construction, components, gaps,
    stretches, sample, valuation ratio; ``null`` when a price series was given instead),
    ``analyses.bubble``, ``analyses.sentiment`` and ``analyses.ratio`` (status, module, parameters, data
    as the analysis's own ``--json`` prints it, error), ``drivers``, ``strategy``, ``parameters``
    (settings, data_vintage, demo_inputs, demo_series, demo_news, as_of, staleness), ``chart_data``
    (prices), ``reproducibility``.
    """

    verdict: str
    pillars: tuple[Pillar, ...]
    bubble: Outcome[BubbleSection]
    sentiment: Outcome[SentimentIndex]
    series: SeriesInfo | None
    settings: SectorSettings
    data_vintage: str
    demo_inputs: bool
    inputs_hash: str
    prices: pd.Series | None = field(default=None, repr=False)
    goldmine_version: str = __version__
    as_of: str = ""
    demo_series: bool = False
    demo_news: bool = False
    index: AIIndex | None = None
    sample: Sample | None = None
    ratio_series: ValuationRatio | None = None
    ratio: Outcome[BubbleReport] | None = None
    drivers: Drivers | None = None
    strategy: Strategy | None = None
    staleness: tuple[tuple[str, int], ...] = ()

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def analyses(self) -> dict[str, Outcome[Any]]:
        ratio = self.ratio if self.ratio is not None else \
            Outcome.skipped("ratio", "goldmine.bubble", Message("sector.ratio.not_index"))
        return {"bubble": self.bubble, "sentiment": self.sentiment, "ratio": ratio}

    def counts(self) -> dict[str, int]:
        return counts_of(self.pillars)

    def pillar(self, pid: str) -> Pillar:
        return next(p for p in self.pillars if p.id == pid)

    def charts(self) -> SectorCharts:
        price_dates = tuple(str(x.date()) for x in self.prices.index) if self.prices is not None else ()
        prices = tuple(float(x) for x in self.prices.to_numpy()) if self.prices is not None else ()
        episodes: tuple[tuple[str, str], ...] = ()
        bsadf_dates: tuple[str, ...] = ()
        bsadf: tuple[float, ...] = ()
        cv95: tuple[float, ...] = ()
        if self.bubble.ok:
            rep = self.bubble.value.report
            episodes = tuple((_iso(e.start), _iso(e.end)) for e in rep.episodes)
            bsadf_dates = tuple(_iso(d) for d in rep.dates)
            bsadf = tuple(float(x) for x in rep.stats.bsadf)
            cv95 = tuple(float(x) for x in rep.cv.bsadf[:, _col95()])
        tone_dates: tuple[str, ...] = ()
        tone: tuple[float | None, ...] = ()
        if self.sentiment.ok:
            frame = self.sentiment.value.combined
            tone_dates = tuple(str(d.date()) for d in frame.index)
            tone = tuple(_finite(x) for x in frame["index"].to_numpy())
        return SectorCharts(price_dates, prices, episodes, bsadf_dates, bsadf, cv95, tone_dates, tone)

    def context(self) -> SectorContext:
        return SectorContext(self.verdict, self.pillars, self.demo_inputs, self.series.name if self.series else "",
                             self.inputs_hash, self.charts(), self.as_of)

    def index_dict(self) -> dict[str, Any] | None:
        if self.index is None:
            return None
        return {**self.index.to_dict(), "sample": self.sample.to_dict() if self.sample else None,
                "valuation_ratio": self.ratio_series.to_dict() if self.ratio_series else None}

    def to_dict(self) -> dict[str, Any]:
        chart = {"prices": {"dates": list(self.charts().price_dates), "values": list(self.charts().prices)}} \
            if self.prices is not None else {}
        return {"verdict": self.verdict, "counts": self.counts(), "pillars": [p.to_dict() for p in self.pillars],
                "series": self.series.to_dict() if self.series else {},
                "index": self.index_dict(),
                "analyses": {k: v.to_dict() for k, v in self.analyses.items()},
                "drivers": self.drivers.to_dict() if self.drivers else None,
                "strategy": self.strategy.to_dict() if self.strategy else None,
                "parameters": {"settings": self.settings.to_dict(), "data_vintage": self.data_vintage,
                               "demo_inputs": self.demo_inputs, "demo_series": self.demo_series, "demo_news": self.demo_news,
                               "as_of": self.as_of, "staleness": dict(self.staleness)},
                "chart_data": chart,
                "reproducibility": {"goldmine_version": self.goldmine_version, "inputs_hash": self.inputs_hash,
                                    "seed": self.seed}}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        lines = [t(f"report.sector.verdict.{self.verdict}", L)]
        lines += [f"  {t('report.pillar.' + p.id, L)}: {t('report.status.' + p.status, L)}" for p in self.pillars]
        return "\n".join(lines)


def _iso(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10] if text.endswith("T00:00:00") else text


def _finite(x: Any) -> float | None:
    v = float(x)
    return v if math.isfinite(v) else None


def _col95() -> int:
    from goldmine.bubble.critical import LEVELS

    return LEVELS.index(95)


# ------------------------------------------------------------------------------- the pillars
def _ev(section: str, name: str, f: Figure) -> Evidence:
    return Evidence(f"report.evidence.{section}.{name}", f.value, f.unit, f.source, "" if f.date is None else str(f.date))


def _vintage(figures: list[Figure]) -> str:
    dates = sorted({str(f.date) for f in figures if f.date is not None})
    return dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}" if dates else "—"


def valuation_pillar(d: SectorData) -> Pillar:
    v = d.valuation
    ratio = v.ai_multiple.value / v.baseline_multiple.value
    status = WARNING if ratio >= v.warn_ratio.value else SUPPORTIVE if ratio <= v.support_ratio.value else NEUTRAL
    names = ("ai_multiple", "llm_multiple", "baseline_multiple")
    figures = [getattr(v, n) for n in names]
    params = {"ratio": f"{ratio:.1f}", "ai": f"{v.ai_multiple.value:g}", "base": f"{v.baseline_multiple.value:g}",
              "llm": f"{v.llm_multiple.value:g}"}
    return Pillar("valuation", status, Message(f"report.pillar.valuation.{status}", params),
                  tuple(_ev("valuation", n, f) for n, f in zip(names, figures, strict=True)), _vintage(figures),
                  ("report.caveat.multiples_disagree", "report.caveat.private_marks"))


def funding_pillar(d: SectorData) -> Pillar:
    """AI's share of all venture funding, from one source series (CB Insights): providers define AI
    investment differently, so their figures are never set side by side in one pillar."""
    f = d.funding
    share = f.ai_share_of_vc.value
    status = WARNING if share >= f.warn_share.value else NEUTRAL
    params = {"share": f"{share * 100:.0f}%", "source": f.ai_share_of_vc.source, "date": str(f.ai_share_of_vc.date or "—")}
    return Pillar("funding", status, Message(f"report.pillar.funding.{status}", params),
                  (_ev("funding", "ai_share_of_vc", f.ai_share_of_vc),), _vintage([f.ai_share_of_vc]),
                  ("report.caveat.funding_definitions", "report.caveat.mega_rounds"))


def capex_pillar(d: SectorData) -> Pillar:
    c = d.capex
    required = c.gpu_run_rate.value * c.datacenter_factor.value * c.margin_factor.value
    gap = required / c.ai_revenue.value
    status = WARNING if gap >= c.warn_gap.value else SUPPORTIVE if gap <= c.support_gap.value else NEUTRAL
    names = ("gpu_run_rate", "datacenter_factor", "margin_factor", "ai_revenue")
    figures = [getattr(c, n) for n in names]
    params = {"required": Money(float(required), "USD"), "revenue": Money(float(c.ai_revenue.value), "USD"), "gap": f"{gap:.1f}"}
    return Pillar("capex", status, Message(f"report.pillar.capex.{status}", params),
                  tuple(_ev("capex", n, x) for n, x in zip(names, figures, strict=True)), _vintage(figures),
                  ("report.caveat.capex_estimates", "report.caveat.capex_lag"))


def _unavailable(pid: str, module: str, vintage: str, caveats: tuple[str, ...]) -> Pillar:
    return Pillar(pid, UNAVAILABLE, Message("report.pillar.unavailable", {"module": module}), (), vintage, caveats)


def cv_source(method: str, reps: int | None) -> Message:
    """Where a critical value comes from, in words (never the bare option value ``table``)."""
    base = Message(f"report.cv_source.{method}")
    return Message("report.cv_source.reps", {"method": base, "reps": f"{reps:,}"}) if reps else base


def _explosive(rep: BubbleReport) -> tuple[float, float, bool]:
    g = float(rep.stats.gsadf)
    cv = float(rep.cv.level("gsadf", 95))
    return g, cv, math.isfinite(g) and math.isfinite(cv) and g > cv


def ratio_message(ratio: Outcome[BubbleReport] | None, name: str) -> Message | None:
    """The sentence on the valuation-ratio series beside the price test (``None`` when it was not run)."""
    if ratio is None or not ratio.ok:
        return None
    g, cv, explosive = _explosive(ratio.value)
    return Message("sector.ratio.explosive" if explosive else "sector.ratio.calm",
                   {"name": name, "gsadf": f"{g:.3f}", "cv": f"{cv:.3f}", "n": str(len(ratio.value.episodes))})


def explosive_pillar(bubble: Outcome[BubbleSection], series: SeriesInfo | None,
                     ratio: Outcome[BubbleReport] | None = None, ratio_name: str = "") -> Pillar:
    """PSY on the log price series (the AI index or the user's series); the valuation-ratio series'
    GSADF, when tested, is evidence beside it and part of the finding (a price-only series cannot
    separate a bubble from growing fundamentals)."""
    vintage = series.vintage if series else "—"
    caveats = ("report.caveat.sample_start", "report.caveat.price_only")
    if not bubble.ok:
        return _unavailable("explosive", bubble.module, vintage, caveats)
    rep = bubble.value.report
    g, cv, _ = _explosive(rep)
    episodes = rep.episodes
    last_stat, last_cv = float(rep.stats.bsadf[-1]), float(rep.cv.bsadf[-1, _col95()])
    ongoing = math.isfinite(last_stat) and math.isfinite(last_cv) and last_stat > last_cv
    if not (math.isfinite(g) and math.isfinite(cv)):
        status, key = NEUTRAL, "report.pillar.explosive.incomplete"
    elif g > cv:
        status, key = WARNING, "report.pillar.explosive.warning_ongoing" if ongoing else "report.pillar.explosive.warning"
    else:
        status, key = NEUTRAL, "report.pillar.explosive.neutral"
    last = episodes[-1] if episodes else None
    params: dict[str, Any] = {"gsadf": f"{g:.3f}", "cv": f"{cv:.3f}", "n": str(len(episodes)),
                              "start": _iso(last.start) if last else "—", "end": _iso(last.end) if last else "—",
                              "series": series.name if series else ""}
    psy = "Phillips, Shi and Yu (2015)"
    ev = [Evidence("report.evidence.gsadf", g, "", psy, series.end if series else ""),
          Evidence("report.evidence.gsadf_cv95", cv, "", cv_source(rep.cv.method, rep.cv.reps), ""),
          Evidence("report.evidence.episodes", len(episodes), "count", psy, "")]
    said = ratio_message(ratio, ratio_name)
    if said is not None and ratio is not None and key != "report.pillar.explosive.incomplete":
        rg, rcv, _ = _explosive(ratio.value)
        ev += [Evidence("sector.evidence.ratio_gsadf", rg, "", psy, _iso(ratio.value.series.index[-1])),
               Evidence("sector.evidence.ratio_cv95", rcv, "", cv_source(ratio.value.cv.method, ratio.value.cv.reps), "")]
        key = key.replace("report.pillar.", "sector.pillar.")
        params["ratio"] = said
    return Pillar("explosive", status, Message(key, params), tuple(ev), vintage, caveats)


def lppls_pillar(bubble: Outcome[BubbleSection], series: SeriesInfo | None, d: SectorData) -> Pillar:
    """Nested-window LPPLS (Sornette et al. 2015): the share of all windows whose best fit passes the
    published filter with B < 0 (edge fits never pass), and the median critical time with its band."""
    vintage = series.vintage if series else "—"
    caveats = ("report.caveat.lppls_unstable", "report.caveat.sample_start")
    if not bubble.ok:
        return _unavailable("lppls", bubble.module, vintage, caveats)
    conf = bubble.value.lppls
    if conf is None:
        return Pillar("lppls", UNAVAILABLE, Message("report.pillar.lppls.not_run"), (), vintage, caveats)
    c, tc, end = conf.confidence, conf.tc, conf.end
    days = None
    if tc is not None and end is not None:
        import pandas as pd

        days = float((pd.Timestamp(tc) - pd.Timestamp(end)).days)
    if c is None or tc is None or c < d.lppls.min_confidence.value:
        status, key = NEUTRAL, "report.pillar.lppls.no_signal"
    elif days is not None and days < 0:
        # a qualified fit whose critical time has already passed: the regime is at or past its end
        status, key = WARNING, "report.pillar.lppls.passed"
    elif days is not None and days <= d.lppls.horizon_days.value:
        status, key = WARNING, "report.pillar.lppls.warning"
    else:
        status, key = NEUTRAL, "report.pillar.lppls.far"
    qualified = getattr(conf, "qualified", None)
    params = {"tc": str(tc or "—"), "low": str(conf.tc_low or "—"), "high": str(conf.tc_high or "—"),
              "days": "—" if days is None else f"{abs(days):.0f}", "conf": "—" if c is None else f"{c * 100:.0f}%",
              "windows": str(conf.windows), "qualified": "—" if qualified is None else str(qualified),
              "edge": str(getattr(conf, "edge_fits", "—")), "seeds": str(getattr(conf, "seeds", "—"))}
    src = "Sornette, Demos, Zhang, Cauwels, Filimonov and Zhang (2015)"
    ev = (Evidence("report.evidence.lppls_confidence", c, "share_of_windows", src, str(end or "")),
          Evidence("sector.evidence.lppls_qualified", qualified if qualified is not None else "—", "count", src, ""),
          Evidence("report.evidence.lppls_tc", tc, "", "Filimonov and Sornette (2013)", ""),
          Evidence("report.evidence.lppls_tc_range", f"{conf.tc_low} – {conf.tc_high}", "", "", ""))
    return Pillar("lppls", status, Message(key, params), ev, vintage, caveats)


def fmt3(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def sentiment_pillar(sent: Outcome[SentimentIndex], d: SectorData) -> Pillar:
    caveats = ("report.caveat.sentiment_corpus", "report.caveat.lexicon")
    if not sent.ok:
        return _unavailable("sentiment", sent.module, "—", caveats)
    idx = sent.value
    frame = idx.combined
    last_date = str(frame.index[-1].date()) if len(frame) else ""
    z = _finite(frame["index"].iloc[-1]) if len(frame) else None
    att = _finite(frame["attention_z"].iloc[-1]) if len(frame) else None
    vintage = f"{frame.index.min().date()} – {frame.index.max().date()}" if len(frame) else "—"
    if z is None:
        status, key = NEUTRAL, "report.pillar.sentiment.incomplete"
    elif z >= d.sentiment.warn_z.value:
        status, key = WARNING, "report.pillar.sentiment.warning"
    elif z <= d.sentiment.support_z.value:
        status, key = SUPPORTIVE, "report.pillar.sentiment.supportive"
    else:
        status, key = NEUTRAL, "report.pillar.sentiment.neutral"
    src = "goldmine.sentiment index"
    ev = (Evidence("report.evidence.tone_z", z, "", src, last_date),
          Evidence("report.evidence.attention_z", att, "", src, last_date),
          Evidence("report.evidence.documents", idx.n_documents, "documents", "", ""),
          Evidence("report.evidence.half_life", idx.half_life_days, "days", "", ""))
    return Pillar("sentiment", status, Message(key, {"z": fmt3(z), "att": fmt3(att)}), ev, vintage, caveats)


# ------------------------------------------------------------------------------- freshness
def typed_end(p: Pillar, as_of: dt.date | None = None) -> str:
    """The last day of the oldest dated evidence of a pillar of typed figures (the finding compares
    them, so it is as old as the oldest); ``""`` when none is dated, or when a figure's period starts
    after ``as_of`` (it was not known on that date)."""
    from goldmine.pipeline.vintage import period_end

    dates = [str(ev.date) for ev in p.evidence if ev.date]
    if as_of is not None and any((start := period_start(d)) is not None and start > as_of for d in dates):
        return ""
    ends = [e for e in (period_end(d) for d in dates) if e is not None]
    return min(ends).isoformat() if ends else ""


def period_start(text: str) -> dt.date | None:
    """The first day of the period ``text`` names (``2025`` -> 2025-01-01, ``2025-10`` -> 2025-10-01)."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def assess(p: Pillar, end: str, as_of: dt.date, max_days: int, demo: bool = False) -> Pillar:
    """``p`` with its freshness: ``demo`` inputs, no evidence (``missing``), data ending more than
    ``max_days`` before ``as_of`` (``stale``) or ``current``; any but ``current`` makes the status
    ``unavailable`` (without evidence) and keeps what the data read in ``reading``.  A period that
    has not ended on ``as_of`` (a year in progress) has age 0."""
    from dataclasses import replace

    reading = p.status
    if p.status == UNAVAILABLE or not end:
        state, age = MISSING, None
    else:
        age = max(0, (as_of - dt.date.fromisoformat(end)).days)
        state = DEMO if demo else STALE if age > max_days else CURRENT
    fresh = Freshness(state, as_of.isoformat(), end, age, max_days)
    return replace(p, status=p.status if state == CURRENT else UNAVAILABLE, reading=reading, freshness=fresh)


def verdict_of(pillars: list[Pillar] | tuple[Pillar, ...], d: SectorData) -> str:
    v = d.verdict
    have = [p for p in pillars if p.status != UNAVAILABLE]
    warn = sum(p.status == WARNING for p in have)
    sup = sum(p.status == SUPPORTIVE for p in have)
    if len(have) < v.min_pillars.value:
        return "insufficient"
    market_warn = any(p.status == WARNING and p.id in MARKET_PILLARS for p in have)
    if warn >= v.bubble_warnings.value and market_warn:
        return "bubble_risk"
    if sup >= v.goldmine_supports.value and warn <= 1:
        return "gold_mine"
    return "mixed"


# ---------------------------------------------------------------------------------- the run
@dataclass(frozen=True)
class _Market:
    """The market inputs as tested: the series, where it comes from, the index and the ratio test."""

    prices: pd.Series | None = None
    name: str = ""
    source: str = ""
    label: Any = None
    index: AIIndex | None = None
    sample: Sample | None = None
    ratio_series: ValuationRatio | None = None
    ratio: Outcome[BubbleReport] | None = None
    error: GoldmineError | None = None


def _cut(series: pd.Series | None, on: dt.date) -> pd.Series | None:
    import pandas as pd

    if series is None:
        return None
    kept = series[series.index <= pd.Timestamp(on)]
    return kept if len(kept) else None


def _index_market(pieces: Sequence[Piece], settings: SectorSettings, cfg: IndexConfig, on: dt.date) -> _Market:
    """The AI index from ``pieces``, the sample its bubble tests use and the valuation-ratio test."""
    from goldmine.i18n.messages import Term
    from goldmine.pipeline.bubble import run_bubble, sector_bubble_settings
    from goldmine.sector.index import ai_index, sample, valuation_ratio, weekly_closes

    built = run_section("index", "goldmine.sector", lambda: ai_index(pieces, cfg, on))
    if not built.ok:
        return _Market(error=built.error if isinstance(built.error, GoldmineError) else _missing_input("report.sector.no_prices"))
    index = built.value
    tested, smp = sample(index.level, int(cfg.min_sample.value), [g.end for g in index.gaps if g.is_break])
    source = f"data/ai_index.yaml: {', '.join(c.ticker for c in index.components)}"
    market = _Market(tested, index.name, source, Term("sector.index.name"), index, smp)
    f = cfg.fundamentals
    member = index.component(f.ticker)
    if member is None:
        return _Market(**{**market.__dict__, "ratio": Outcome.skipped("ratio", "goldmine.bubble", Message("sector.ratio.no_member",
                                                                                                          {"ticker": f.ticker}))})
    prices = weekly_closes(member.runs[-1])
    prices = prices[(prices.index >= tested.index[0]) & (prices.index <= tested.index[-1])]
    ratio_series = valuation_ratio(prices, f.revenue, int(f.filing_lag_days.value), f.ticker) if len(prices) else None
    if ratio_series is None or len(ratio_series.series) < 20:
        ratio: Outcome[BubbleReport] = Outcome.skipped("ratio", "goldmine.bubble", Message("sector.ratio.too_short",
                                                                                            {"ticker": f.ticker}))
    else:
        series = ratio_series.series
        params = {"log": True, "lags": settings.lags, "cv": settings.cv, "seed": settings.seed, "ticker": f.ticker}
        ratio = run_section("ratio", "goldmine.bubble", lambda: run_bubble(series, sector_bubble_settings(settings)), params)
    return _Market(**{**market.__dict__, "ratio_series": ratio_series, "ratio": ratio})


def _news_until(news: pd.DataFrame | None, on: dt.date) -> pd.DataFrame | None:
    """The news dated up to ``on`` (rows whose date does not parse are kept: the index reports them)."""
    import warnings

    import pandas as pd

    if news is None or "date" not in news.columns:
        return news
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dates = pd.to_datetime(news["date"], errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
    keep = dates.isna() | (dates < pd.Timestamp(on) + pd.Timedelta(days=1))
    kept = news[keep.to_numpy()]
    return kept if len(kept) else None


def _drivers(models: pd.DataFrame | None, investment: pd.DataFrame | None, cfg: DriversConfig, on: dt.date) -> Drivers:
    from goldmine.errors import AnalysisError
    from goldmine.sector.drivers import capital, policy, technology

    tech: Outcome[Technology] = run_section("technology", "goldmine.sector", lambda: technology(models, cfg.technology, on)) \
        if models is not None else Outcome.failed("technology", "goldmine.sector", AnalysisError("sector.error.no_models"))
    cap: Outcome[Capital] = run_section("capital", "goldmine.sector", lambda: capital(investment, cfg.capital, on)) \
        if investment is not None else Outcome.failed("capital", "goldmine.sector", AnalysisError("sector.error.no_capital"))
    return Drivers(tech, cap, policy(cfg.policy, on))


def _strategy(pillars: tuple[Pillar, ...], drivers: Drivers, ratio: Outcome[BubbleReport] | None) -> Strategy:
    from goldmine.sector.strategy import PillarFact, strategy

    facts = [PillarFact(p.id, p.status, p.state or MISSING, dict(p.finding.params), p.freshness.end if p.freshness else "")
             for p in pillars]
    ex = next(p for p in pillars if p.id == "explosive")
    ratio_explosive = _explosive(ratio.value)[2] if ratio is not None and ratio.ok and ex.state == CURRENT else None
    return strategy(drivers.technology.result if drivers.technology.ok else None,
                    drivers.capital.result if drivers.capital.ok else None, drivers.policy, facts, ratio_explosive)


def run_sector(prices: pd.Series | None = None, series_name: str = "", series_source: str = "",
               news: pd.DataFrame | None = None, data: SectorData | None = None, settings: SectorSettings | None = None,
               lppls: LpplsSettings | None = None, progress: Callable[[str], None] | None = None,
               demo: bool = False, *, pieces: Sequence[Piece] | None = None, models: pd.DataFrame | None = None,
               investment: pd.DataFrame | None = None, as_of: dt.date | None = None, demo_news: bool | None = None,
               index_settings: IndexConfig | None = None, drivers_settings: DriversConfig | None = None) -> SectorView:
    """The use case of ``goldmine sector``.

    ``prices``: a dated series (or None); without it, ``pieces`` (price histories of the index's
    members: the shipped series, stored series, the user's files) build the AI market index, which the
    bubble tests run on.  ``news``: a frame with date and text columns (or None); ``data``: the sector
    figures (default: shipped); ``models`` and ``investment``: Epoch AI's notable models and CSET's
    private investment (the technology and capital drivers); ``as_of``: the date the view is for
    (default: :func:`goldmine.pipeline.vintage.report_date`) — nothing dated after it is used and the
    pillars' freshness is judged on it.  ``demo``: ``prices`` and ``news`` are the shipped demo series
    and corpus (``demo_news`` overrides for the corpus alone): their pillars count as without evidence.
    """
    from goldmine.pipeline.bubble import bubble_section
    from goldmine.pipeline.hashing import canonical_hash
    from goldmine.pipeline.sentiment import run_index
    from goldmine.pipeline.vintage import report_date
    from goldmine.sector.config import drivers_config, index_config

    settings = settings or SectorSettings.default()
    d = data or load_sector_data()
    on = report_date(as_of)
    demo_series = demo and (prices is not None or not pieces)
    demo_n = demo if demo_news is None else demo_news
    if prices is None and pieces:
        market = _index_market(pieces, settings, index_settings or index_config(), on)
    else:
        cut = _cut(prices, on)
        market = _Market(cut, series_name, series_source,
                         ratio=Outcome.skipped("ratio", "goldmine.bubble", Message("sector.ratio.not_index")))
    tested = market.prices
    series: SeriesInfo | None = None
    bubble: Outcome[BubbleSection]
    if tested is not None:
        series = SeriesInfo(market.name, market.source, str(tested.index[0].date()), str(tested.index[-1].date()), int(len(tested)))
        params = {"log": True, "lags": settings.lags, "cv": settings.cv, "reps": settings.reps, "seed": settings.seed,
                  "lppls": settings.lppls}
        bubble = run_section("bubble", "goldmine.bubble", lambda: bubble_section(tested, settings, lppls), params)
    else:
        bubble = Outcome.failed("bubble", "goldmine.bubble", market.error or _missing_input("report.sector.no_prices"))
    if progress is not None:
        progress("bubble")
    sent: Outcome[SentimentIndex]
    corpus = _news_until(news, on)
    if corpus is not None:
        sent = run_section("sentiment", "goldmine.sentiment", lambda: run_index(corpus), {})
    else:
        sent = Outcome.failed("sentiment", "goldmine.sentiment", _missing_input("report.sector.no_news"))
    if progress is not None:
        progress("sentiment")
    explosive = explosive_pillar(bubble, series, market.ratio, market.ratio_series.ticker if market.ratio_series else "")
    if market.label is not None and explosive.finding.params.get("series") is not None:
        from dataclasses import replace

        explosive = replace(explosive, finding=Message(explosive.finding.key, {**explosive.finding.params, "series": market.label}))
    raw = (valuation_pillar(d), explosive, lppls_pillar(bubble, series, d), funding_pillar(d), sentiment_pillar(sent, d),
           capex_pillar(d))
    market_end = series.end if series is not None and bubble.ok else ""
    tone_end = str(sent.value.combined.index.max().date()) if sent.ok and len(sent.value.combined) else ""
    ends = {"explosive": market_end, "lppls": market_end, "sentiment": tone_end}
    demos = {"explosive": demo_series, "lppls": demo_series, "sentiment": demo_n}
    pillars = tuple(assess(p, ends.get(p.id, typed_end(p, on)), on, d.staleness.days(p.id), demos.get(p.id, False)) for p in raw)
    drivers = _drivers(models, investment, drivers_settings or drivers_config(), on)
    plan = _strategy(pillars, drivers, market.ratio)
    hashed = {"series": None if tested is None else {"dates": [str(x.date()) for x in tested.index],
                                                     "values": [float(x) for x in tested.to_numpy()]},
              "ratio": None if market.ratio_series is None else [float(x) for x in market.ratio_series.series.to_numpy()],
              "news": None if corpus is None else corpus.astype(str).to_dict("list"),
              "data": d.model_dump(mode="json"), "settings": settings.to_dict(), "as_of": on.isoformat(),
              "demo": [demo_series, demo_n], "index": market.index.to_dict() if market.index else None,
              "drivers": drivers.to_dict()}
    return SectorView(verdict=verdict_of(pillars, d), pillars=pillars, bubble=bubble, sentiment=sent, series=series,
                      settings=settings, data_vintage=d.vintage, demo_inputs=demo_series or demo_n,
                      inputs_hash=canonical_hash(hashed), prices=tested, as_of=on.isoformat(), demo_series=demo_series,
                      demo_news=demo_n, index=market.index, sample=market.sample, ratio_series=market.ratio_series,
                      ratio=market.ratio, drivers=drivers, strategy=plan,
                      staleness=tuple((pid, d.staleness.days(pid)) for pid in PILLARS))


def _missing_input(key: str) -> GoldmineError:
    from goldmine.errors import AnalysisError

    return AnalysisError(key)


# ------------------------------------------------------------------------- a saved view (JSON)
class _MessageJson(ConfigModel):
    key: str
    params: Mapping[str, Any] = Field(default_factory=dict)


class _EvidenceJson(ConfigModel):
    label: str
    value: Any = None
    unit: str = ""
    source: str | _MessageJson = ""
    date: str = ""


class _FreshnessJson(ConfigModel):
    state: Literal["current", "stale", "demo", "missing"]
    as_of: str
    end: str | None = None
    age_days: int | None = None
    max_age_days: int | None = None


class _PillarJson(ConfigModel):
    id: Literal["valuation", "explosive", "lppls", "funding", "sentiment", "capex"]
    status: Literal["warning", "neutral", "supportive", "unavailable"]
    reading: Literal["warning", "neutral", "supportive", "unavailable"] | None = None
    finding: _MessageJson
    evidence: list[_EvidenceJson]
    vintage: str
    caveats: list[str]
    freshness: _FreshnessJson | None = None


class _Loose(ConfigModel):
    """Parts of the saved view that are read only in part: other keys are allowed."""

    model_config = ConfigModel.model_config | {"extra": "ignore"}


class _PricesJson(_Loose):
    dates: list[str]
    values: list[float]


class _ChartJson(_Loose):
    prices: _PricesJson | None = None


class _EpisodeJson(_Loose):
    start: str
    end: str


class _BsadfJson(_Loose):
    date: str
    stat: float
    cv95: float


class _BubbleDataJson(_Loose):
    episodes: list[_EpisodeJson] = Field(default_factory=list)
    bsadf: list[_BsadfJson] = Field(default_factory=list)


class _ToneJson(_Loose):
    date: str
    index: float | None = None


class _SentimentDataJson(_Loose):
    combined: list[_ToneJson] = Field(default_factory=list)


class _BubbleOutcomeJson(_Loose):
    status: str
    data: _BubbleDataJson | None = None


class _SentimentOutcomeJson(_Loose):
    status: str
    data: _SentimentDataJson | None = None


class _AnalysesJson(_Loose):
    bubble: _BubbleOutcomeJson
    sentiment: _SentimentOutcomeJson


class _ParametersJson(_Loose):
    demo_inputs: bool = False
    as_of: str | None = None


class _SeriesJson(_Loose):
    name: str = ""


class _ReproJson(_Loose):
    inputs_hash: str


class SectorJson(_Loose):
    """The keys of ``goldmine sector --json`` a due-diligence report reads (docs/report.md)."""

    verdict: Literal["bubble_risk", "gold_mine", "mixed", "insufficient"]
    pillars: list[_PillarJson]
    series: _SeriesJson | None = None
    analyses: _AnalysesJson
    parameters: _ParametersJson
    chart_data: _ChartJson = Field(default_factory=_ChartJson)
    reproducibility: _ReproJson
