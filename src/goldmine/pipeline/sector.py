"""One sector run: price series, news and typed sector figures -> a :class:`SectorView` (issue #9, #12).

"Bubble or gold mine?" is answered on explicit pillars, never on one unexplained word.  The pillars
follow the structure of Wang and Chen (2026, arXiv 2606.01575: fundamentals, exuberance tests,
SADF/GSADF, LPPL, sentiment and issuance, capex payback):

1. ``valuation`` — valuation and fundamentals: AI revenue multiples against public SaaS;
2. ``explosive`` — explosive-price tests: GSADF with PSY date-stamping (:mod:`goldmine.bubble`);
3. ``lppls`` — the log-periodic power-law singularity fit (:mod:`goldmine.bubble`);
4. ``funding`` — funding heat and concentration (AI share of venture funding, country shares);
5. ``sentiment`` — the news sentiment index (:mod:`goldmine.sentiment`);
6. ``capex`` — capital-expenditure payback: Sequoia's revenue-gap arithmetic (Cahn 2024).

Each pillar has a status (``warning``, ``neutral``, ``supportive`` or ``unavailable``), its finding
(a message key with parameters), its evidence (catalogue labels, values, unit codes, sources,
dates), the data vintage and caveats (message keys): nothing in the view is text in one language.
The verdict counts the statuses with the thresholds of ``data/report_sector.yaml`` -> ``verdict``:
``bubble_risk`` (>= 3 warnings, at least one of them from market evidence: explosive prices, LPPLS
or sentiment — stretched fundamentals alone do not make a bubble), ``gold_mine`` (>= 3 supportive
and <= 1 warning), ``mixed`` otherwise, ``insufficient`` when fewer than 3 pillars have evidence.

* :func:`run_sector` — the use case of ``goldmine sector`` (settings: :class:`SectorSettings`);
* :func:`load_sector_data` — the shipped sector figures, or a user's override file, validated once
  into :class:`SectorData`;
* :class:`SectorContext` — what a due-diligence report shows of the sector, built from a view
  (:meth:`SectorView.context`) or from a saved ``goldmine sector --json`` (:meth:`SectorContext.from_json`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
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

    from goldmine.pipeline.bubble import BubbleSection
    from goldmine.sentiment.index import SentimentIndex

WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE = "warning", "neutral", "supportive", "unavailable"
STATUSES = (WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE)
VERDICTS = ("bubble_risk", "gold_mine", "mixed", "insufficient")
PILLARS = ("valuation", "explosive", "lppls", "funding", "sentiment", "capex")
MARKET_PILLARS = ("explosive", "lppls", "sentiment")  # evidence from prices and news, not typed figures


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
    ai_share_of_vc: Figure
    us_ai_private_investment: PositiveFigure
    china_ai_private_investment: Figure
    uk_ai_private_investment: Figure
    genai_growth: SignedFigure
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


class SectorData(ConfigModel):
    """The typed sector figures (``data/report_sector.yaml``), each with its source and date."""

    vintage: str
    valuation: ValuationData
    funding: FundingData
    capex: CapexData
    sentiment: SentimentData
    lppls: LpplsData
    verdict: VerdictData


def load_sector_data(path: str | Path | None = None) -> SectorData:
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
class Pillar:
    """One pillar of the sector verdict: status, finding (a :class:`Message`), evidence, vintage and
    caveats (message keys)."""

    id: str
    status: str
    finding: Message
    evidence: tuple[Evidence, ...]
    vintage: str
    caveats: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "finding": self.finding.to_dict(),
                "evidence": [e.to_dict() for e in self.evidence], "vintage": self.vintage, "caveats": list(self.caveats)}


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
    demo's, and the chart data; from a live view or a saved ``goldmine sector --json``."""

    verdict: str
    pillars: tuple[Pillar, ...]
    demo_inputs: bool
    series_name: str
    inputs_hash: str
    charts: SectorCharts

    def counts(self) -> dict[str, int]:
        return counts_of(self.pillars)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "counts": self.counts(), "pillars": [p.to_dict() for p in self.pillars],
                "demo_inputs": self.demo_inputs, "series_name": self.series_name, "inputs_hash": self.inputs_hash}

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
                               p.vintage, tuple(p.caveats)) for p in doc.pillars)
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
                   doc.reproducibility.inputs_hash, charts)


@dataclass(frozen=True)
class SectorView:
    """The sector verdict and its pillars, plus the typed bubble-test and sentiment outcomes they rest on.

    Keys of ``to_dict()`` (docs/report.md): ``verdict``, ``counts``, ``pillars[]`` (id, status,
    finding{key, params}, evidence[]{label, value, unit, source, date}, vintage, caveats[]),
    ``series`` (name, source, start, end, n), ``analyses.bubble`` and ``analyses.sentiment``
    (status, module, parameters, data as the analysis's own ``--json`` prints it, error),
    ``parameters`` (settings, data_vintage, demo_inputs), ``chart_data`` (prices), ``reproducibility``.
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

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def analyses(self) -> dict[str, Outcome[Any]]:
        return {"bubble": self.bubble, "sentiment": self.sentiment}

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
                             self.inputs_hash, self.charts())

    def to_dict(self) -> dict[str, Any]:
        chart = {"prices": {"dates": list(self.charts().price_dates), "values": list(self.charts().prices)}} \
            if self.prices is not None else {}
        return {"verdict": self.verdict, "counts": self.counts(), "pillars": [p.to_dict() for p in self.pillars],
                "series": self.series.to_dict() if self.series else {},
                "analyses": {k: v.to_dict() for k, v in self.analyses.items()},
                "parameters": {"settings": self.settings.to_dict(), "data_vintage": self.data_vintage,
                               "demo_inputs": self.demo_inputs},
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
    f = d.funding
    share = f.ai_share_of_vc.value
    us, cn, uk = f.us_ai_private_investment.value, f.china_ai_private_investment.value, f.uk_ai_private_investment.value
    us_share = us / (us + cn + uk)
    status = WARNING if share >= f.warn_share.value else NEUTRAL
    names = ("ai_share_of_vc", "us_ai_private_investment", "china_ai_private_investment", "uk_ai_private_investment",
             "genai_growth")
    figures = [getattr(f, n) for n in names]
    params = {"share": f"{share * 100:.0f}%", "us_share": f"{us_share * 100:.0f}%", "growth": f"{f.genai_growth.value * 100:.1f}%"}
    return Pillar("funding", status, Message(f"report.pillar.funding.{status}", params),
                  tuple(_ev("funding", n, x) for n, x in zip(names, figures, strict=True)), _vintage(figures),
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


def explosive_pillar(bubble: Outcome[BubbleSection], series: SeriesInfo | None) -> Pillar:
    vintage = series.vintage if series else "—"
    caveats = ("report.caveat.sample_start", "report.caveat.price_only")
    if not bubble.ok:
        return _unavailable("explosive", bubble.module, vintage, caveats)
    rep = bubble.value.report
    g = float(rep.stats.gsadf)
    cv = float(rep.cv.level("gsadf", 95))
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
    params = {"gsadf": f"{g:.3f}", "cv": f"{cv:.3f}", "n": str(len(episodes)),
              "start": _iso(last.start) if last else "—", "end": _iso(last.end) if last else "—",
              "series": series.name if series else ""}
    psy = "Phillips, Shi and Yu (2015)"
    ev = (Evidence("report.evidence.gsadf", g, "", psy, series.end if series else ""),
          Evidence("report.evidence.gsadf_cv95", cv, "", cv_source(rep.cv.method, rep.cv.reps), ""),
          Evidence("report.evidence.episodes", len(episodes), "count", psy, ""))
    return Pillar("explosive", status, Message(key, params), ev, vintage, caveats)


def lppls_pillar(bubble: Outcome[BubbleSection], series: SeriesInfo | None, d: SectorData) -> Pillar:
    """Nested-window LPPLS (Sornette et al. 2015): the share of windows with a qualified
    positive-bubble fit (the confidence indicator) and the median critical time."""
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
    params = {"tc": str(tc or "—"), "low": str(conf.tc_low or "—"), "high": str(conf.tc_high or "—"),
              "days": "—" if days is None else f"{abs(days):.0f}", "conf": "—" if c is None else f"{c * 100:.0f}%",
              "windows": str(conf.windows)}
    ev = (Evidence("report.evidence.lppls_confidence", c, "share_of_windows", "Sornette et al. (2015)", str(end or "")),
          Evidence("report.evidence.lppls_tc", tc, "", "Sornette LPPLS", ""),
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
def run_sector(prices: pd.Series | None = None, series_name: str = "", series_source: str = "",
               news: pd.DataFrame | None = None, data: SectorData | None = None, settings: SectorSettings | None = None,
               lppls: LpplsSettings | None = None, progress: Callable[[str], None] | None = None,
               demo: bool = False) -> SectorView:
    """The use case of ``goldmine sector``.  ``prices``: a dated series (or None); ``news``: a frame
    with date and text columns (or None); ``data``: the sector figures (default: shipped);
    ``demo``: the inputs are the shipped demo series and corpus (the report then says the verdict
    illustrates the method and is no view on today's sector)."""
    from goldmine.pipeline.bubble import bubble_section
    from goldmine.pipeline.hashing import canonical_hash
    from goldmine.pipeline.sentiment import run_index

    settings = settings or SectorSettings.default()
    d = data or load_sector_data()
    series: SeriesInfo | None = None
    bubble: Outcome[BubbleSection]
    if prices is not None:
        series = SeriesInfo(series_name, series_source, str(prices.index[0].date()), str(prices.index[-1].date()), int(len(prices)))
        params = {"log": True, "lags": settings.lags, "cv": settings.cv, "reps": settings.reps, "seed": settings.seed,
                  "lppls": settings.lppls}
        bubble = run_section("bubble", "goldmine.bubble", lambda: bubble_section(prices, settings, lppls), params)
    else:
        bubble = Outcome.failed("bubble", "goldmine.bubble", _missing_input("report.sector.no_prices"))
    if progress is not None:
        progress("bubble")
    sent: Outcome[SentimentIndex]
    if news is not None:
        sent = run_section("sentiment", "goldmine.sentiment", lambda: run_index(news), {})
    else:
        sent = Outcome.failed("sentiment", "goldmine.sentiment", _missing_input("report.sector.no_news"))
    if progress is not None:
        progress("sentiment")
    pillars = (valuation_pillar(d), explosive_pillar(bubble, series), lppls_pillar(bubble, series, d),
               funding_pillar(d), sentiment_pillar(sent, d), capex_pillar(d))
    hashed = {"series": None if prices is None else {"dates": [str(x.date()) for x in prices.index],
                                                     "values": [float(x) for x in prices.to_numpy()]},
              "news": None if news is None else news.astype(str).to_dict("list"),
              "data": d.model_dump(mode="json"), "settings": settings.to_dict()}
    return SectorView(verdict=verdict_of(pillars, d), pillars=pillars, bubble=bubble, sentiment=sent, series=series,
                      settings=settings, data_vintage=d.vintage, demo_inputs=demo, inputs_hash=canonical_hash(hashed),
                      prices=prices)


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


class _PillarJson(ConfigModel):
    id: Literal["valuation", "explosive", "lppls", "funding", "sentiment", "capex"]
    status: Literal["warning", "neutral", "supportive", "unavailable"]
    finding: _MessageJson
    evidence: list[_EvidenceJson]
    vintage: str
    caveats: list[str]


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
