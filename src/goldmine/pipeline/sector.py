"""One sector run: price series, news and typed sector figures -> a :class:`SectorView` (issue #9).

"Bubble or gold mine?" is answered on explicit pillars, never on one unexplained word.  The pillars
follow the structure of Wang and Chen (2026, arXiv 2606.01575: fundamentals, exuberance tests,
SADF/GSADF, LPPL, sentiment and issuance, capex payback):

1. ``valuation`` — valuation and fundamentals: AI revenue multiples against public SaaS;
2. ``explosive`` — explosive-price tests: GSADF with PSY date-stamping (:mod:`goldmine.bubble`);
3. ``lppls`` — the log-periodic power-law singularity fit (:mod:`goldmine.bubble`);
4. ``funding`` — funding heat and concentration (AI share of venture funding, country shares);
5. ``sentiment`` — the news sentiment index (:mod:`goldmine.sentiment`);
6. ``capex`` — capital-expenditure payback: Sequoia's revenue-gap arithmetic (Cahn 2024).

Each pillar has a status (``warning``, ``neutral``, ``supportive`` or ``unavailable``), its
evidence (numbers with their source), the data vintage and caveats.  The verdict counts the
statuses with the thresholds of ``data/report_sector.yaml`` -> ``verdict``:
``bubble_risk`` (>= 3 warnings, at least one of them from market evidence: explosive prices, LPPLS
or sentiment — stretched fundamentals alone do not make a bubble), ``gold_mine`` (>= 3 supportive
and <= 1 warning), ``mixed`` otherwise, ``insufficient`` when fewer than 3 pillars have evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goldmine import __version__
from goldmine.pipeline.outcome import Outcome, dig, run_section
from goldmine.pipeline.settings import SectorSettings, report_config, value
from goldmine.results import Result

WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE = "warning", "neutral", "supportive", "unavailable"
PILLARS = ("valuation", "explosive", "lppls", "funding", "sentiment", "capex")
MARKET_PILLARS = ("explosive", "lppls", "sentiment")  # evidence from prices and news, not typed figures


@dataclass(frozen=True)
class Evidence(Result):
    """One number behind a pillar: a label (en, zh), the value, its unit, source and date."""

    label_en: str
    label_zh: str
    value: Any
    unit: str = ""
    source: str = ""
    date: str = ""


@dataclass(frozen=True)
class Pillar(Result):
    """One pillar of the sector verdict; ``finding`` is a message key with ``params``."""

    id: str
    status: str
    finding: str
    params: dict[str, Any]
    evidence: tuple[Evidence, ...]
    vintage: str
    caveats: tuple[str, ...]  # message keys

    def to_dict(self) -> dict[str, Any]:
        from goldmine.i18n import t

        return {"id": self.id, "status": self.status, "finding_key": self.finding, "params": self.params,
                "finding_en": t(self.finding, "en", **self.params), "finding_zh": t(self.finding, "zh", **self.params),
                "evidence": [e.to_dict() for e in self.evidence], "vintage": self.vintage,
                "caveats": [{"key": c, "en": t(c, "en"), "zh": t(c, "zh")} for c in self.caveats]}


@dataclass(frozen=True)
class SectorView(Result):
    """The sector verdict and its pillars, plus the bubble-test and sentiment outputs they rest on.

    Keys of ``to_dict()``: ``verdict``, ``counts`` (warning, neutral, supportive, unavailable),
    ``pillars[]`` (id, status, finding_en/zh, evidence[], vintage, caveats[]), ``series``
    (name, source, start, end, n), ``analyses.bubble`` and ``analyses.sentiment`` (status, data of
    the underlying analysis, as its own ``--json`` prints it), ``parameters``, ``reproducibility``.
    """

    verdict: str
    pillars: tuple[Pillar, ...]
    analyses: dict[str, Outcome]
    series: dict[str, Any]
    parameters: dict[str, Any]
    inputs_hash: str
    seed: int
    goldmine_version: str = __version__
    chart_data: dict[str, Any] = field(default_factory=dict, repr=False)

    def counts(self) -> dict[str, int]:
        return {s: sum(p.status == s for p in self.pillars) for s in (WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE)}

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "counts": self.counts(), "pillars": [p.to_dict() for p in self.pillars],
                "series": self.series, "analyses": {k: v.to_dict() for k, v in self.analyses.items()},
                "parameters": self.parameters, "chart_data": self.chart_data,
                "reproducibility": {"goldmine_version": self.goldmine_version, "inputs_hash": self.inputs_hash, "seed": self.seed}}

    def summary(self, lang: str | None = None) -> str:
        from goldmine.i18n import get_lang, t

        L = lang or get_lang()
        lines = [t(f"report.sector.verdict.{self.verdict}", L)]
        lines += [f"  {t('report.pillar.' + p.id, L)}: {t('report.status.' + p.status, L)}" for p in self.pillars]
        return "\n".join(lines)


def sector_data(path: str | Path | None = None) -> dict[str, Any]:
    """The shipped sector figures (``data/report_sector.yaml``), updated by a user file's keys."""
    import copy

    import yaml

    base = copy.deepcopy(report_config("report_sector.yaml"))
    if path is not None:
        from goldmine.errors import InputError, Problem

        p = Path(path)
        try:
            user = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(str(p), [Problem("", "expected.yaml", str(exc))]) from exc
        if not isinstance(user, dict):
            raise InputError(str(p), [Problem("", "expected.mapping", type(user).__name__)])
        for section, entries in user.items():
            if isinstance(entries, dict) and isinstance(base.get(section), dict):
                base[section].update(entries)
            else:
                base[section] = entries
    return base


def _ev(entry: dict[str, Any]) -> Evidence:
    lab = entry.get("label") or {}
    return Evidence(lab.get("en", ""), lab.get("zh", lab.get("en", "")), value(entry), str(entry.get("unit", "")),
                    str(entry.get("source", "")), str(entry.get("date", "")))


def _vintage(entries: list[dict[str, Any]]) -> str:
    dates = sorted({str(e.get("date")) for e in entries if e.get("date")})
    return dates[0] if len(dates) == 1 else f"{dates[0]} – {dates[-1]}" if dates else "—"


# ------------------------------------------------------------------------------- the pillars
def valuation_pillar(d: dict[str, Any]) -> Pillar:
    v = d["valuation"]
    ai, llm, base = value(v["ai_multiple"]), value(v["llm_multiple"]), value(v["baseline_multiple"])
    ratio = ai / base
    status = WARNING if ratio >= value(v["warn_ratio"]) else SUPPORTIVE if ratio <= value(v["support_ratio"]) else NEUTRAL
    entries = [v["ai_multiple"], v["llm_multiple"], v["baseline_multiple"]]
    return Pillar("valuation", status, f"report.pillar.valuation.{status}",
                  {"ratio": f"{ratio:.1f}", "ai": f"{ai:g}", "base": f"{base:g}", "llm": f"{llm:g}"},
                  tuple(_ev(e) for e in entries), _vintage(entries),
                  ("report.caveat.multiples_disagree", "report.caveat.private_marks"))


def funding_pillar(d: dict[str, Any]) -> Pillar:
    f = d["funding"]
    share = value(f["ai_share_of_vc"])
    us, cn, uk = (value(f[k]) for k in ("us_ai_private_investment", "china_ai_private_investment", "uk_ai_private_investment"))
    us_share = us / (us + cn + uk)
    status = WARNING if share >= value(f["warn_share"]) else NEUTRAL
    entries = [f[k] for k in ("ai_share_of_vc", "us_ai_private_investment", "china_ai_private_investment",
                              "uk_ai_private_investment", "genai_growth")]
    return Pillar("funding", status, f"report.pillar.funding.{status}",
                  {"share": f"{share * 100:.0f}%", "us_share": f"{us_share * 100:.0f}%", "growth": f"{value(f['genai_growth']) * 100:.1f}%"},
                  tuple(_ev(e) for e in entries), _vintage(entries),
                  ("report.caveat.funding_definitions", "report.caveat.mega_rounds"))


def capex_pillar(d: dict[str, Any]) -> Pillar:
    c = d["capex"]
    required = value(c["gpu_run_rate"]) * value(c["datacenter_factor"]) * value(c["margin_factor"])
    revenue = value(c["ai_revenue"])
    gap = required / revenue
    status = WARNING if gap >= value(c["warn_gap"]) else SUPPORTIVE if gap <= value(c["support_gap"]) else NEUTRAL
    entries = [c[k] for k in ("gpu_run_rate", "datacenter_factor", "margin_factor", "ai_revenue")]
    return Pillar("capex", status, f"report.pillar.capex.{status}",
                  {"required": f"{required / 1e9:.0f}", "revenue": f"{revenue / 1e9:.0f}", "gap": f"{gap:.1f}"},
                  tuple(_ev(e) for e in entries), _vintage(entries),
                  ("report.caveat.capex_estimates", "report.caveat.capex_lag"))


def _series_vintage(series: dict[str, Any]) -> str:
    return f"{series['start']} – {series['end']}" if series.get("start") else "—"


def explosive_pillar(bubble: Outcome, series: dict[str, Any]) -> Pillar:
    vintage = _series_vintage(series)
    caveats = ("report.caveat.sample_start", "report.caveat.price_only")
    if not bubble.ok:
        return Pillar("explosive", UNAVAILABLE, "report.pillar.unavailable", {"module": bubble.module}, (), vintage, caveats)
    data = bubble.data
    g = dig(data, "gsadf")
    cv = dig(data, "critical_values.gsadf.95")
    if cv is None:
        cv = dig(data, "critical_values.gsadf.0.95")
    episodes = data.get("episodes") or []
    bs = data.get("bsadf") or []
    ongoing = bool(bs) and bs[-1].get("cv95") is not None and bs[-1].get("stat") is not None and bs[-1]["stat"] > bs[-1]["cv95"]
    if g is None or cv is None:
        status, key = NEUTRAL, "report.pillar.explosive.incomplete"
    elif g > cv:
        status, key = WARNING, "report.pillar.explosive.warning_ongoing" if ongoing else "report.pillar.explosive.warning"
    else:
        status, key = NEUTRAL, "report.pillar.explosive.neutral"
    last = episodes[-1] if episodes else {}
    params = {"gsadf": "—" if g is None else f"{g:.3f}", "cv": "—" if cv is None else f"{cv:.3f}", "n": str(len(episodes)),
              "start": str(last.get("start", "—")), "end": str(last.get("end", "—")), "series": series.get("name", "")}
    ev = (Evidence("GSADF statistic", "GSADF 统计量", g, "", "Phillips, Shi and Yu (2015)", series.get("end", "")),
          Evidence("95 % critical value", "95% 临界值", cv, "", str(dig(data, "parameters.cv") or dig(data, "parameters.cv_method") or ""), ""),
          Evidence("episodes dated (PSY rule)", "PSY 规则识别的泡沫期数", len(episodes), "", "Phillips, Shi and Yu (2015)", ""))
    return Pillar("explosive", status, key, params, ev, vintage, caveats)


def lppls_pillar(bubble: Outcome, series: dict[str, Any], d: dict[str, Any]) -> Pillar:
    """Nested-window LPPLS (Sornette et al. 2015): the share of windows with a qualified
    positive-bubble fit (the confidence indicator) and the median critical time."""
    vintage = _series_vintage(series)
    caveats = ("report.caveat.lppls_unstable", "report.caveat.sample_start")
    if not bubble.ok:
        return Pillar("lppls", UNAVAILABLE, "report.pillar.unavailable", {"module": bubble.module}, (), vintage, caveats)
    conf = bubble.data.get("lppls")
    if not isinstance(conf, dict):
        return Pillar("lppls", UNAVAILABLE, "report.pillar.lppls.not_run", {}, (), vintage, caveats)
    c = conf.get("confidence")
    tc, end = conf.get("tc"), conf.get("end")
    days = None
    if tc and end:
        import pandas as pd

        days = float((pd.Timestamp(tc) - pd.Timestamp(end)).days)
    cfg = d["lppls"]
    if c is None or tc is None or c < value(cfg["min_confidence"]):
        status, key = NEUTRAL, "report.pillar.lppls.no_signal"
    elif days is not None and days <= value(cfg["horizon_days"]):
        status, key = WARNING, "report.pillar.lppls.warning"
    else:
        status, key = NEUTRAL, "report.pillar.lppls.far"
    params = {"tc": str(tc or "—"), "low": str(conf.get("tc_low") or "—"), "high": str(conf.get("tc_high") or "—"),
              "days": "—" if days is None else f"{days:.0f}", "conf": "—" if c is None else f"{c * 100:.0f}%",
              "windows": str(conf.get("windows", "—"))}
    ev = (Evidence("LPPLS confidence (share of qualified windows)", "LPPLS 置信度（合格窗口占比）", c, "", "Sornette et al. (2015)", str(end or "")),
          Evidence("critical time tc (median)", "临界时间 tc（中位数）", tc, "", "Sornette LPPLS", ""),
          Evidence("tc interval (10th-90th percentile)", "tc 区间（第 10-90 百分位）", f"{conf.get('tc_low')} – {conf.get('tc_high')}", "", "", ""))
    return Pillar("lppls", status, key, params, ev, vintage, caveats)


def fmt3(x: Any) -> str:
    return f"{x:.3f}" if isinstance(x, int | float) and not isinstance(x, bool) else "—"


def sentiment_pillar(sent: Outcome, d: dict[str, Any]) -> Pillar:
    caveats = ("report.caveat.sentiment_corpus", "report.caveat.lexicon")
    if not sent.ok:
        return Pillar("sentiment", UNAVAILABLE, "report.pillar.unavailable", {"module": sent.module}, (), "—", caveats)
    z = latest_z(sent.data)
    vintage = f"{sent.data.get('start', '—')} – {sent.data.get('end', '—')}"
    s = d["sentiment"]
    if z is None:
        status, key = NEUTRAL, "report.pillar.sentiment.incomplete"
    elif z >= value(s["warn_z"]):
        status, key = WARNING, "report.pillar.sentiment.warning"
    elif z <= value(s["support_z"]):
        status, key = SUPPORTIVE, "report.pillar.sentiment.supportive"
    else:
        status, key = NEUTRAL, "report.pillar.sentiment.neutral"
    latest = sent.data.get("latest") or {}
    ev = (Evidence("latest combined tone index (z-score)", "最新综合情绪指数（z 分数）", z, "", "goldmine.sentiment index", str(latest.get("date", ""))),
          Evidence("attention (z-score)", "关注度（z 分数）", latest.get("attention_z"), "", "goldmine.sentiment index", str(latest.get("date", ""))),
          Evidence("documents scored", "评分文档数", sent.data.get("n_documents"), "", "", ""),
          Evidence("half-life (days)", "半衰期（天）", (sent.data.get("config") or {}).get("half_life_days"), "", "", ""))
    return Pillar("sentiment", status, key, {"z": fmt3(z), "att": fmt3(latest.get("attention_z"))}, ev, vintage, caveats)


def index_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the combined sentiment index (``combined``: date, index, attention, ...)."""
    rows = data.get("combined")
    return rows if isinstance(rows, list) else []


def latest_z(data: dict[str, Any]) -> float | None:
    v = (data.get("latest") or {}).get("index")
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def verdict_of(pillars: list[Pillar], d: dict[str, Any]) -> str:
    v = d["verdict"]
    have = [p for p in pillars if p.status != UNAVAILABLE]
    warn = sum(p.status == WARNING for p in have)
    sup = sum(p.status == SUPPORTIVE for p in have)
    if len(have) < value(v["min_pillars"]):
        return "insufficient"
    market_warn = any(p.status == WARNING and p.id in MARKET_PILLARS for p in have)
    if warn >= value(v["bubble_warnings"]) and market_warn:
        return "bubble_risk"
    if sup >= value(v["goldmine_supports"]) and warn <= 1:
        return "gold_mine"
    return "mixed"


# ---------------------------------------------------------------------------------- the run
def run_sector(prices: Any = None, series_name: str = "", series_source: str = "", news: Any = None,
               data_file: str | Path | None = None, settings: SectorSettings | None = None,
               progress: Any = None, demo: bool = False) -> SectorView:
    """Build the sector view.  ``prices``: a dated :class:`pandas.Series` (or None); ``news``: a
    DataFrame with date and text columns (or None); ``data_file``: a YAML overriding the shipped
    sector figures; ``demo``: the inputs are the shipped demo series and corpus (the report then says
    the verdict illustrates the method and is no view on today's sector)."""
    from goldmine.pipeline import sector_adapters as sa
    from goldmine.pipeline.hashing import canonical_hash

    settings = settings or SectorSettings()
    d = sector_data(data_file)
    series: dict[str, Any] = {}
    chart: dict[str, Any] = {}
    if prices is not None:
        series = {"name": series_name, "source": series_source, "start": str(prices.index[0].date()),
                  "end": str(prices.index[-1].date()), "n": int(len(prices))}
        bubble = run_section("bubble", "goldmine.bubble", lambda: sa.bubble(prices, settings), sa.bubble_parameters(settings))
        chart["prices"] = {"dates": [str(x.date()) for x in prices.index], "values": [float(x) for x in prices.to_numpy()]}
    else:
        bubble = Outcome("bubble", "goldmine.bubble", "failed", error_en="no price series given (--prices)",
                         error_zh="未提供价格序列（--prices）")
    if progress is not None:
        progress("bubble")
    if news is not None:
        sent = run_section("sentiment", "goldmine.sentiment", lambda: sa.sentiment(news, settings), sa.sentiment_parameters(settings))
    else:
        sent = Outcome("sentiment", "goldmine.sentiment", "failed", error_en="no news corpus given (--news)",
                       error_zh="未提供新闻语料（--news）")
    if progress is not None:
        progress("sentiment")
    pillars = [valuation_pillar(d), explosive_pillar(bubble, series), lppls_pillar(bubble, series, d),
               funding_pillar(d), sentiment_pillar(sent, d), capex_pillar(d)]
    hashed = {"series": chart.get("prices"), "news": None if news is None else news.astype(str).to_dict("list"),
              "data": d, "settings": settings.to_dict()}
    return SectorView(verdict=verdict_of(pillars, d), pillars=tuple(pillars), analyses={"bubble": bubble, "sentiment": sent},
                      series=series, parameters={"settings": settings.to_dict(), "data_vintage": d.get("vintage"),
                                                 "demo_inputs": demo},
                      inputs_hash=canonical_hash(hashed), seed=settings.seed, chart_data=chart)
