"""Chinese reports read as Chinese, and the numbers of one report agree with each other (review of issue #9).

Raw ids of the engines (``series_c``, ``percentage_ownership``, ``fine_tuned_open``, ``table``) and
English units used to leak into ``--lang zh`` reports; the executive summary rounded differently
from the tables it cites; the sector evidence printed counts as ``13.0`` and ``7.000``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import dd_settings

from goldmine.io import load_profile
from goldmine.pipeline.due_diligence import run_due_diligence
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.sector import run_sector
from goldmine.pipeline.settings import SectorSettings, UpdateSettings
from goldmine.report import due_diligence_document, render, sector_document
from goldmine.report.document import KeyValues, Table

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples"
FAST = dd_settings(paths=300, seed=5)


@pytest.fixture(scope="module")
def view():
    """The demo's price series and corpus taken as real inputs of a view as of 2025-11-15 (issue #17: a view
    on demo inputs shows no verdict in company reports; this one shows it, its price pillars stale)."""
    import datetime as dt

    from goldmine.io.demo_data import demo_news, demo_prices
    from goldmine.pipeline.sector import load_sector_data

    prices, name, source = demo_prices()
    dated = {"date": "2025-10"}   # the typed figures re-dated so that they are current on the as-of date
    data = load_sector_data({"valuation": {k: dated for k in ("ai_multiple", "llm_multiple", "baseline_multiple")},
                             "funding": {"ai_share_of_vc": dated},
                             "capex": {k: dated for k in ("gpu_run_rate", "datacenter_factor", "margin_factor", "ai_revenue")}})
    return run_sector(prices, name, source, demo_news(), data=data, settings=SectorSettings.default().with_(lppls=False),
                      as_of=dt.date(2025, 11, 15))


@pytest.fixture(scope="module")
def medicare(view):
    sector = Outcome.of("sector", "goldmine.pipeline.sector", view.context())
    return run_due_diligence(load_profile(EXAMPLES / "medicare-ai.yaml"), FAST, sector=sector)


def _section(doc, sid):
    return next(s for s in doc.sections if s.id == sid)


def _tables(section):
    return [b for b in section.blocks if isinstance(b, Table)]


def test_runway_next_round_names_the_stage_in_chinese(medicare):
    doc = due_diligence_document(medicare, "zh")
    kv = next(b for b in _section(doc, "runway").blocks if isinstance(b, KeyValues))
    row = dict(kv.items)["下一轮融资（假设）"]
    assert "_" not in row and row.startswith("C 轮"), row


def test_captable_says_method_and_start_in_chinese(medicare):
    doc = due_diligence_document(medicare, "zh")
    steps, path = _tables(_section(doc, "captable"))[1:3]    # after the financing history (the memo's rounds table)
    assert "percentage_ownership" not in steps.caption and "持股比例法" in steps.caption
    assert path.header[1] == "初始"


def test_risk_indicator_categories_are_words_not_ids(medicare):
    for lang in ("zh", "en"):
        doc = due_diligence_document(medicare, lang)
        ind = _tables(_section(doc, "risk"))[-1]
        values = [row[2] for row in ind.rows]
        assert not [v for v in values if "_" in v], values
    doc = due_diligence_document(medicare, "zh")
    assert "微调开源模型" in [row[2] for row in _tables(_section(doc, "risk"))[-1].rows]


def test_waterfall_share_classes_of_the_engine_are_translated(medicare):
    md = render(due_diligence_document(medicare, "zh"), "md")
    decisions = [ln for ln in md.splitlines() if ln.startswith("- ") and "万元：" in ln]
    assert decisions and all("Common" not in ln and "Options" not in ln and "Preferred" not in ln for ln in decisions)


def test_appendix_thresholds_print_as_the_reasons_do(medicare):
    doc = due_diligence_document(medicare, "en")
    th = dict((r[0], r[1]) for r in _tables(_section(doc, "appendix"))[1].rows)
    values = set(th.values())
    assert {"60.0%", "30.0%", "15.0%", "75.0%", "20.0%", "2", "80", "12", "18"} <= values, th
    assert "0.60" not in values and "2.00" not in values


def test_summary_reasons_show_the_numbers_of_the_sections(medicare):
    """The executive summary cites the figures exactly as the sections print them."""
    from goldmine.report import fmt
    from goldmine.report.due_diligence import section_title

    md = render(due_diligence_document(medicare, "en"), "md").replace("\\", "")
    summary = md.split(f"## {section_title('company', 'en')}")[0]
    risk = round(medicare.risk.value.overall.score, 2)
    p = medicare.runway.value.monte_carlo.p_cash_out
    assert f"({fmt.num(risk)}/100)" in summary and fmt.num(risk) in md.split("## Risk")[1]
    assert fmt.pct(p) in summary


def test_sector_evidence_units_are_chinese_and_counts_whole(view):
    doc = sector_document(view, "zh")
    rows = [r for s in doc.sections if s.id.startswith("pillar-") for t in _tables(s) for r in t.rows]
    assert rows
    units = [r[2] for r in rows]
    assert not [u for u in units if re.search(r"[A-Za-z]", u)], units
    sources = [r[3] for r in rows]
    assert "table" not in sources
    counts = {r[0]: r[1] for r in rows}
    assert counts["PSY 规则识别的泡沫期数"].isdigit() and counts["评分文档数"].isdigit() and counts["半衰期"].isdigit()
    assert counts["上市 SaaS 公司前瞻收入倍数"] == "7.0"


def test_sector_context_in_a_due_diligence_report_carries_the_caveats(medicare, view):
    md = render(due_diligence_document(medicare, "zh"), "md")
    section = md.split("## 行业背景")[1].split("\n## ")[0]
    from goldmine.i18n import t

    for p in view.pillars:
        for c in p.caveats:
            assert t(c, "zh") in section


def test_cjk_font_is_found_even_when_matplotlib_cache_predates_it(monkeypatch):
    """matplotlib's font list is cached once; a CJK font installed later was missed and the charts of
    zh reports fell back to English although the machine had Noto Sans CJK."""
    from matplotlib import font_manager

    from goldmine.report import charts

    files = [f for f in font_manager.findSystemFonts() if any(h in Path(f).name.lower().replace("-", "")
                                                             for h in charts.CJK_FILE_HINTS)]
    if not files:
        pytest.skip("no CJK font file on this machine")
    fm = font_manager.fontManager
    stale = [f for f in fm.ttflist if f.name not in charts.CJK_FAMILIES]
    monkeypatch.setattr(fm, "ttflist", stale)
    charts.cjk_font.cache_clear()
    try:
        assert charts.cjk_font() in charts.CJK_FAMILIES
    finally:
        charts.cjk_font.cache_clear()


def test_a_partial_quarter_is_marked_in_the_update():
    """medicare-ai's KPIs end in October: 2025-Q4 holds one month, and its summed revenue beside full
    quarters read as a collapse; the period now says it is partial, in both languages."""
    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.update import investor_update
    from goldmine.report import update_document

    u = investor_update(load_kpis(EXAMPLES / "kpis" / "medicare-ai.csv"), UpdateSettings.default().with_(period="quarter"))
    assert u.latest.months == 1
    zh = render(update_document(u, "zh"), "md")
    en = render(update_document(u, "en"), "md")
    assert "| 2025-Q4（仅 1 个月） |" in zh and "| 2025-Q3 |" in zh
    assert "| 2025-Q4 (1 mo., partial) |" in en
    monthly = render(update_document(investor_update(load_kpis(EXAMPLES / "kpis" / "medicare-ai.csv")), "en"), "md")
    assert "partial" not in monthly


def test_indicator_value_words():
    from goldmine.report.sections import indicator_value

    assert indicator_value("education+minors", "zh") == "教育、未成年人"
    assert indicator_value("not_applicable", "zh") == "不适用"
    assert indicator_value("fine_tuned_open", "en") == "fine-tuned open weights"
    assert indicator_value(0.5, "en") == "0.50"


def test_valuation_weight_column_holds_weights_only(medicare):
    """The reason a method does not apply used to sit in the weight column."""
    for lang in ("zh", "en"):
        doc = due_diligence_document(medicare, lang)
        table = _tables(_section(doc, "valuation"))[0]
        assert all(re.fullmatch(r"\d+\.\d%", row[-1]) for row in table.rows), [row[-1] for row in table.rows]


def test_money_axis_uses_the_units_of_the_tables(monkeypatch):
    from goldmine.report import charts

    monkeypatch.setattr(charts, "chart_lang", lambda lang: lang)
    assert charts.money_axis([9_500_000, 650_000], "CNY", "zh") == (1e4, "万元")
    assert charts.money_axis([480_000_000], "CNY", "zh") == (1e8, "亿元")
    assert charts.money_axis([16_000_000], "USD", "zh") == (1e4, "万美元")
    assert charts.money_axis([9_500_000], "CNY", "en") == (1e6, "CNY (M)")
    assert charts.money_axis([650_000, None], "USD", "en") == (1e3, "USD (k)")
    assert charts.money_axis([900], "USD", "en") == (1.0, "USD")



# ------------------------------------------------------------------------------------------------
# Native Chinese (issue #16, point 4): every string a Chinese reader sees is Chinese, charts included.
# A zh report may hold ASCII words only from the allowlist below: abbreviations a Chinese investment
# memo writes in Latin letters (with their Chinese gloss where the report introduces them), names of
# products, companies, publishers, data sets and models, ISO codes, units and formula letters; code
# (file names, field paths, settings, commands) and the reference lists (sources) are not read as text.
# A profile's own free text that exists only in English (a person's name, a competitor's description)
# is the user's words and is exempt verbatim; a name the glossary translates never is.

ALLOWED_WORDS = frozenset("""
    AI API APIs SaaS SAFE TAM SAM SOM CAGR AUC IRR MOIC RMSE DCF EV KPI KPIs ARR NRR GRR CAC LTV ACV
    LLM NLP CV CT GPU ML MLOps PE VC IP CEO CTO COO CFO UTC ISO DPIA SaMD
    GDPR CCPA CPRA PIPL NMPA FDA CE MDR EU US CN SG HK UK CNY USD EUR GBP JPY HKD SGD
    LPPLS GSADF BSADF SADF ADF PSY Bass Berkus Brier Platt L2 Q1 Q2 Q3 Q4 H1 H2 SHA-256 CC0 v1 D0
    Default Alive vesting goldmine
    Crunchbase Kaggle Startup Success Prediction manishkc06 Carta YC Equidam PitchBook CB Insights Index
    Cahn Correlation Ventures Skok SaaStr Kellogg Metrics Bessemer KBCM Epoch OpenAI Anthropic Mistral
    DeepSeek Qwen Llama Meta Google NASDAQ Nasdaq PACS Tempus CC0-1 CC BY MIT CSET Epoch
    NVDA AMD ASML ARM SOXX
""".split())
# titles of publications and data sets cited inside a sentence
ALLOWED_PHRASES = ("State of Venture", "Startup Success Prediction", "SaaS Metrics", "Notable AI Models",
                   "Our World in Data")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")
CODE = re.compile(r"`[^`]*`|\$[^$]*\$|［[\w.\[\]]+］|\S*[_=/\\\[\]]\S*|\S+\.(?:yaml|yml|csv|json|md|html|pdf|py)\b"
                  r"|--[\w-]+|\b[a-z]\w*(?:\.\w+)+\b|#\d+|(?<![A-Za-z0-9])[A-Z]\d{1,3}(?![A-Za-z0-9])")  # last: reference numbers P1, T1


def english_words(text: str, exempt: tuple[str, ...] = ()) -> list[str]:
    """The ASCII words of ``text`` a reader would read as English (not allowlisted, not code)."""
    if f"field:{text.strip()}" in exempt:       # a cell naming a profile field is code
        return []
    for phrase in (*exempt, *ALLOWED_PHRASES):
        text = text.replace(phrase, " ")
    text = CODE.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED_WORDS and len(w) > 1]


def _plain_strings(node, out, keys):
    """A profile's free text written in one language only (a mapping {en, zh} is translated), and
    its field names (``［compliance］``, a field column: code)."""
    if isinstance(node, dict):
        if set(node) <= {"en", "zh"} and node:
            return
        keys.update(str(k) for k in node)
        for v in node.values():
            _plain_strings(v, out, keys)
    elif isinstance(node, list):
        for v in node:
            _plain_strings(v, out, keys)
    elif isinstance(node, str) and (" " in node or any(c.isupper() for c in node)):
        out.append(node)


def _glossary_name(s: str) -> bool:
    """A whole name the glossary translates (a round, class, holder, unit): never exempt."""
    from goldmine.i18n import NAMES_ZH, localize_name

    return s.strip().lower() in NAMES_ZH or (localize_name(s, "zh") != s and not re.search(r"[(（]", s) and ", " not in s)


def profile_exemptions(path: Path) -> tuple[str, ...]:
    """The profile's one-language free text (as written and as the Chinese report prints it), its id
    and field names, longest first; never a name the glossary translates."""
    import yaml

    from goldmine.report.document import zh_cell, zh_sentence

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[str] = [str(raw.get("id") or path.stem)]
    keys: set[str] = set()
    _plain_strings(raw, out, keys)
    keep = {v for s in out if not _glossary_name(s) for v in (s, zh_cell(s), zh_sentence(s))}
    return tuple(sorted(keep, key=len, reverse=True)) + tuple(f"field:{k}" for k in sorted(keys))


def reader_texts(doc):
    """(where, text) of everything a reader of ``doc`` sees, as the renderers show it (localised),
    charts included (title, axis labels, tick labels, legend, notes of the drawn figure); reference
    lists and source columns left out."""
    import matplotlib.pyplot as plt

    from goldmine.i18n import t
    from goldmine.report import charts
    from goldmine.report.document import (
        SOURCE_COLUMNS,
        SOURCE_INTROS,
        Bullets,
        Figure,
        Para,
        localize,
    )

    intros = {t(k, doc.lang) for k in SOURCE_INTROS}
    source_cols = {t(k, doc.lang) for k in SOURCE_COLUMNS}
    doc = localize(doc)
    yield "title", doc.title
    yield "subtitle", doc.subtitle
    for s in doc.sections:
        yield s.id, s.title
        prev = None
        for b in s.blocks:
            if isinstance(b, Para):
                yield s.id, b.text
            elif isinstance(b, Bullets):
                if not (b.kind == "sources" or (isinstance(prev, Para) and prev.text in intros)):
                    yield from ((s.id, x) for x in b.items)
            elif isinstance(b, KeyValues):
                for k, v in b.items:
                    yield s.id, k
                    if k not in source_cols:
                        yield s.id, str(v)
            elif isinstance(b, Table):
                skip = {j for j, h in enumerate(b.header) if h in source_cols}
                yield from ((s.id, str(h)) for h in [b.caption or "", *b.header])
                yield from ((s.id, str(c)) for r in b.rows for j, c in enumerate(r) if j not in skip)
            elif isinstance(b, Figure):
                yield s.id, b.caption
                fig = b.figure()
                try:
                    yield from ((f"{s.id}: chart {b.key}", x) for x in charts.texts(fig))
                finally:
                    plt.close(fig)
            prev = b
    yield from (("footer", k) for k, _ in doc.footer)


def _zh_documents():
    """Every Chinese report of the project: the six examples' due-diligence reports (with the sector
    context), the sector report and the investor updates (monthly and quarterly)."""
    from goldmine.io.demo_data import demo_news, demo_prices
    from goldmine.io.kpis import load_kpis
    from goldmine.pipeline.update import investor_update
    from goldmine.report import update_document

    prices, name, source = demo_prices()
    view = run_sector(prices, name, source, demo_news(), settings=SectorSettings.default().with_(lppls=False), demo=True)
    docs = [("sector", (), sector_document(view, "zh"))]
    sector = Outcome.of("sector", "goldmine.pipeline.sector", view.context())
    for path in sorted(EXAMPLES.glob("*.yaml")):
        dd = run_due_diligence(load_profile(path), dd_settings(paths=200, seed=3), sector=sector)
        docs.append((path.stem, profile_exemptions(path), due_diligence_document(dd, "zh")))
    for kpi in sorted((EXAMPLES / "kpis").glob("*.csv")):
        path = EXAMPLES / f"{kpi.stem}.yaml"
        profile = load_profile(path)
        k = load_kpis(kpi, profile.display_name("zh"), profile.currency)   # the report's language's name
        for period in ("month", "quarter"):
            u = investor_update(k, UpdateSettings.default().with_(period=period))
            docs.append((f"{kpi.stem} update ({period})", profile_exemptions(path), update_document(u, "zh")))
    return docs


@pytest.fixture(scope="module")
def zh_documents():
    from goldmine.report import charts

    if charts.chart_lang("zh") != "zh":
        pytest.skip("no CJK font on this machine: charts of Chinese reports are drawn in English")
    return _zh_documents()


def test_every_zh_report_reads_as_chinese_charts_included(zh_documents):
    """No ASCII word outside the allowlist in any Chinese report, its charts' texts included."""
    found: dict[str, list[str]] = {}
    charts_seen = 0
    for name, exempt, doc in zh_documents:
        for where, text in reader_texts(doc):
            charts_seen += ": chart " in where
            words = english_words(text, exempt)
            if words:
                found.setdefault(f"{name} / {where}", []).append(f"{words} in {text[:90]!r}")
    assert charts_seen > 100, charts_seen
    assert not found, "\n".join(f"{k}: {v[:3]}" for k, v in list(found.items())[:40])


def test_chart_texts_are_chinese_for_names_and_money(zh_documents):
    """The glossary reaches the charts: round and holder names, money axes in 万元, no currency code."""
    from goldmine.report import charts

    doc = next(d for n, _, d in zh_documents if n == "medicare-ai")
    texts = {x for where, x in reader_texts(doc) if ": chart " in where}
    assert {"天使轮", "A 轮", "B 轮", "员工期权（已授予）", "期权池（未授予）"} <= texts, texts
    assert "万元" in texts and not {x for x in texts if "CNY" in x}
    assert charts.chart_lang("zh") == "zh"


def test_money_in_chinese_has_the_currency_word_after_the_number():
    from goldmine.i18n import format_money

    assert format_money(16_000_000, "USD", "zh") == "1,600 万美元"
    assert format_money(6e11, "USD", "zh") == "6,000 亿美元"
    assert format_money(48_000_000, "CNY", "zh") == "4,800 万元"
    assert format_money(144_000_000, "CNY", "zh") == "1.44 亿元"
    assert format_money(500, "CNY", "zh") == "500 元"
    assert format_money(-15_000, "EUR", "zh") == "-1.5 万欧元"
    assert format_money(9_500_000, "CNY", "zh", compact=False) == "9,500,000 元"
    assert format_money(16_000_000, "USD", "en") == "$16M"


def test_glossary_names_and_punctuation():
    from goldmine.i18n import localize_name, localize_phrases, zh_text

    assert localize_name("Series A Preferred", "zh") == "A 轮优先股"
    assert localize_name("Angel", "zh") == "天使轮"
    assert localize_name("Seed Preferred (Pre-seed SAFE)", "zh") == "种子轮优先股（种子前轮 SAFE）"
    assert localize_name("A venture capital firm, Industry experts", "zh") == "一家风险投资机构、行业专家"
    assert localize_name("Zhang Min", "zh") == "Zhang Min" and localize_name("Series A", "en") == "Series A"
    assert localize_phrases("Angel Preferred: 转换为普通股", "zh") == "天使轮优先股: 转换为普通股"
    assert localize_phrases("Seed 003 case", "zh") == "Seed 003 case"      # a single word only as a whole name
    assert zh_text("专有数据; 市场份额") == "专有数据；市场份额"
    assert zh_text("51.4% (根据需求历史)") == "51.4%（根据需求历史）"
    assert zh_text("(1) 完成访谈。 (2) 测量需求") == "（1）完成访谈。（2）测量需求"
    assert zh_text("现金对 R(t) 的覆盖：1,600 万元") == "现金对 R(t) 的覆盖：1,600 万元"
    assert zh_text("按每月净消耗 34.5 万元 计算") == "按每月净消耗 34.5 万元计算"


def test_glossary_terms_in_the_catalogue():
    """The phrasings GLOSSARY-zh.md lists as translations are gone from the report catalogue."""
    from goldmine.i18n import catalogue

    avoid = ("现金跑道", "简单跑道", "默认存活", "距盈利月数", "中心预测", "留出期 RMSE", "一致的初值数", "支柱",
             "数据时间", "宽松估计", "当前呈爆炸性", "合格的正泡沫", "市息率", "投后 SAFE", "投前 SAFE", "股权兑现",
             "投资者报告", "本报告使用了", "请看理由", "种子文档", "离散 复利", "高出", "（种子 {seed}）", "随机种子")
    bad = {k: v["zh"] for k, v in catalogue().items() if k.startswith(("report.", "col.", "warn.")) and
           any(a in v.get("zh", "") for a in avoid)}
    assert not bad, bad


def test_dates_in_chinese_sentences():
    from goldmine.report.document import zh_dates, zh_sentence

    assert zh_dates("数据截至 2025-10-31") == "数据截至 2025 年 10 月 31 日"
    assert zh_dates("2024-01 至 2025-10") == "2024 年 1 月 至 2025 年 10 月"
    assert zh_dates("1994-2000 年") == "1994-2000 年"
    assert zh_sentence("请运行 `goldmine sector --json` (见 2025-10)") == "请运行 `goldmine sector --json`（见 2025 年 10 月）"
