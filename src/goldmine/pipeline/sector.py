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
    """One number behind a pillar: a label (en, zh), the value, its unit (``unit`` in English, which
    also decides how the value prints; ``unit_zh`` for Chinese reports), source and date."""

    label_en: str
    label_zh: str
    value: Any
    unit: str = ""
    source: str = ""
    date: str = ""
    unit_zh: str = ""

    def unit_in(self, lang: str) -> str:
        return (self.unit_zh or self.unit) if lang == "zh" else self.unit


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
    money: tuple[str, ...] = ()  # params that are USD amounts, formatted per language ($600B; $6,000亿)

    def finding_in(self, lang: str) -> str:
        from goldmine.i18n import format_money, t

        p = {k: (format_money(float(v), "USD", lang) if k in self.money else v) for k, v in self.params.items()}
        return t(self.finding, lang, **p)

    def to_dict(self) -> dict[str, Any]:
        from goldmine.i18n import t

        return {"id": self.id, "status": self.status, "finding_key": self.finding, "params": self.params,
                "finding_en": self.finding_in("en"), "finding_zh": self.finding_in("zh"),
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
        check_sector_data(base, str(p))
    return base


# the figures the pillars compute with; "positive" ones are divided by (a zero would crash or mislead)
NUMERIC = {
    "valuation": ("ai_multiple", "llm_multiple", "baseline_multiple", "warn_ratio", "support_ratio"),
    "funding": ("ai_share_of_vc", "us_ai_private_investment", "china_ai_private_investment", "uk_ai_private_investment",
                "genai_growth", "warn_share"),
    "capex": ("gpu_run_rate", "datacenter_factor", "margin_factor", "ai_revenue", "warn_gap", "support_gap"),
    "sentiment": ("warn_z", "support_z"),
    "lppls": ("min_confidence", "horizon_days"),
    "verdict": ("min_pillars", "bubble_warnings", "goldmine_supports"),
}
POSITIVE = {"valuation.baseline_multiple", "capex.ai_revenue", "funding.us_ai_private_investment"}
SIGNED = {"sentiment.warn_z", "sentiment.support_z", "funding.genai_growth"}


def check_sector_data(d: dict[str, Any], source: str) -> None:
    """Every figure a pillar uses is a finite number (>= 0; > 0 where it divides): an override file
    with a typo or a zero gets a message naming the key, not a traceback or a silent infinity."""
    import math

    from goldmine.errors import InputError, Problem

    problems: list[Problem] = []
    for section, keys in NUMERIC.items():
        sec = d.get(section)
        if not isinstance(sec, dict):
            problems.append(Problem(section, "expected.mapping", sec))
            continue
        for k in keys:
            path = f"{section}.{k}"
            if k not in sec:
                problems.append(Problem(path, "expected.required", None, has_found=False))
                continue
            v = value(sec[k])
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                problems.append(Problem(path, "expected.finite", v))
            elif path in POSITIVE and v <= 0:
                problems.append(Problem(path, "expected.positive", v))
            elif path not in SIGNED and v < 0:
                problems.append(Problem(path, "expected.nonnegative", v))
    if problems:
        raise InputError(source, problems)


def _ev(entry: dict[str, Any]) -> Evidence:
    lab = entry.get("label") or {}
    return Evidence(lab.get("en", ""), lab.get("zh", lab.get("en", "")), value(entry), str(entry.get("unit", "")),
                    str(entry.get("source", "")), str(entry.get("date", "")), str(entry.get("unit_zh", "")))


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
                  {"required": float(required), "revenue": float(revenue), "gap": f"{gap:.1f}"},
                  tuple(_ev(e) for e in entries), _vintage(entries),
                  ("report.caveat.capex_estimates", "report.caveat.capex_lag"), money=("required", "revenue"))


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
          Evidence("95 % critical value", "95% 临界值", cv, "", cv_source(data), ""),
          Evidence("episodes dated (PSY rule)", "PSY 规则识别的泡沫期数", len(episodes), "count", "Phillips, Shi and Yu (2015)", "",
                   "个"))
    return Pillar("explosive", status, key, params, ev, vintage, caveats)


CV_SOURCES = {"table": "goldmine.bubble Monte Carlo table", "mc": "goldmine.bubble Monte Carlo",
              "mc-exuber": "goldmine.bubble Monte Carlo (exuber convention)", "wb": "wild bootstrap (Phillips and Shi 2020)"}


def cv_source(data: dict[str, Any]) -> str:
    """Where the critical value comes from, in words (never the bare option value ``table``)."""
    method = str(dig(data, "parameters.cv_method") or dig(data, "parameters.cv") or "")
    reps = dig(data, "parameters.reps")
    text = CV_SOURCES.get(method, method)
    if text and isinstance(reps, int) and not isinstance(reps, bool):
        text += f", {reps:,} replications"
    return text


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
    elif days is not None and days < 0:
        # a qualified fit whose critical time has already passed: the regime is at or past its end
        status, key = WARNING, "report.pillar.lppls.passed"
    elif days is not None and days <= value(cfg["horizon_days"]):
        status, key = WARNING, "report.pillar.lppls.warning"
    else:
        status, key = NEUTRAL, "report.pillar.lppls.far"
    params = {"tc": str(tc or "—"), "low": str(conf.get("tc_low") or "—"), "high": str(conf.get("tc_high") or "—"),
              "days": "—" if days is None else f"{abs(days):.0f}", "conf": "—" if c is None else f"{c * 100:.0f}%",
              "windows": str(conf.get("windows", "—"))}
    ev = (Evidence("LPPLS confidence (share of qualified windows)", "LPPLS 置信度（合格窗口占比）", c, "share of windows",
                   "Sornette et al. (2015)", str(end or ""), "窗口占比"),
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
          Evidence("documents scored", "评分文档数", sent.data.get("n_documents"), "count", "", "", "篇"),
          Evidence("half-life", "半衰期", (sent.data.get("config") or {}).get("half_life_days"), "days", "", "", "天"))
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


VIEW_KEYS = {"verdict": str, "counts": dict, "pillars": list, "series": dict, "analyses": dict, "parameters": dict,
             "reproducibility": dict}
PILLAR_KEYS = {"id": str, "status": str, "finding_en": str, "finding_zh": str, "evidence": list, "vintage": str, "caveats": list}


def check_view_json(data: Any, source: str) -> dict[str, Any]:
    """A saved ``goldmine sector --json`` document, checked before a report uses it (``analyze
    --sector-json``): a hand-edited or truncated file gets a message naming the key, not a traceback."""
    from goldmine.errors import InputError, Problem

    if not isinstance(data, dict):
        raise InputError(source, [Problem("", "the JSON of `goldmine sector --json`", type(data).__name__)])
    problems = [Problem(k, f"a {typ.__name__} (the JSON of `goldmine sector --json`)", data.get(k), has_found=k in data)
                for k, typ in VIEW_KEYS.items() if not isinstance(data.get(k), typ)]
    if not problems:
        if data["verdict"] not in ("bubble_risk", "gold_mine", "mixed", "insufficient"):
            problems.append(Problem("verdict", "expected.one_of", data["verdict"],
                                    params={"choices": "bubble_risk, gold_mine, mixed, insufficient"}))
        for s in (WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE):
            if not isinstance(data["counts"].get(s), int):
                problems.append(Problem(f"counts.{s}", "expected.integer", data["counts"].get(s), has_found=s in data["counts"]))
        for i, p in enumerate(data["pillars"]):
            if not isinstance(p, dict):
                problems.append(Problem(f"pillars.{i}", "expected.mapping", p))
                continue
            problems += [Problem(f"pillars.{i}.{k}", f"a {typ.__name__}", p.get(k), has_found=k in p)
                         for k, typ in PILLAR_KEYS.items() if not isinstance(p.get(k), typ)]
            for j, c in enumerate(p.get("caveats") or []):
                if not (isinstance(c, dict) and isinstance(c.get("en"), str) and isinstance(c.get("zh"), str)):
                    problems.append(Problem(f"pillars.{i}.caveats.{j}", "a mapping with en and zh texts", c))
            for j, e in enumerate(p.get("evidence") or []):
                if not (isinstance(e, dict) and all(k in e for k in ("label_en", "label_zh", "value", "unit", "source", "date"))):
                    problems.append(Problem(f"pillars.{i}.evidence.{j}",
                                            "a mapping with label_en, label_zh, value, unit, source and date", e))
            if isinstance(p.get("id"), str) and p["id"] not in PILLARS:
                problems.append(Problem(f"pillars.{i}.id", "expected.one_of", p["id"], params={"choices": ", ".join(PILLARS)}))
            if isinstance(p.get("status"), str) and p["status"] not in (WARNING, NEUTRAL, SUPPORTIVE, UNAVAILABLE):
                problems.append(Problem(f"pillars.{i}.status", "expected.one_of", p["status"],
                                        params={"choices": "warning, neutral, supportive, unavailable"}))
    if problems:
        raise InputError(source, problems[:10])
    return data
