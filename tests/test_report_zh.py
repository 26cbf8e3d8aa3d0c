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
    from goldmine.io.demo_data import demo_news, demo_prices

    prices, name, source = demo_prices()
    return run_sector(prices, name, source, demo_news(), settings=SectorSettings.default().with_(lppls=False), demo=True)


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
    steps, path = _tables(_section(doc, "captable"))[:2]
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
    decisions = [ln for ln in md.splitlines() if ln.startswith("- ¥")]
    assert decisions and all("Common:" not in ln and "Options:" not in ln for ln in decisions)


def test_appendix_thresholds_print_as_the_reasons_do(medicare):
    doc = due_diligence_document(medicare, "en")
    th = dict((r[0], r[1]) for r in _tables(_section(doc, "appendix"))[1].rows)
    values = set(th.values())
    assert {"60.0%", "30.0%", "15.0%", "75.0%", "20.0%", "2", "80", "12", "18"} <= values, th
    assert "0.60" not in values and "2.00" not in values


def test_summary_reasons_show_the_numbers_of_the_sections(medicare):
    """The executive summary cites the figures exactly as the sections print them."""
    from goldmine.report import fmt

    md = render(due_diligence_document(medicare, "en"), "md").replace("\\", "")
    summary = md.split("## Company snapshot")[0]
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
    assert charts.money_axis([9_500_000, 650_000], "CNY", "zh") == (1e4, "CNY（万）")
    assert charts.money_axis([480_000_000], "CNY", "zh") == (1e8, "CNY（亿）")
    assert charts.money_axis([9_500_000], "CNY", "en") == (1e6, "CNY (M)")
    assert charts.money_axis([650_000, None], "USD", "en") == (1e3, "USD (k)")
    assert charts.money_axis([900], "USD", "en") == (1.0, "USD")
