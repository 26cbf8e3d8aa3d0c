"""Each figure shown in two places is the same figure (issue #13): every reason of the executive summary
cites a number, and that number appears, with the same rounding, in the section it comes from — for every
example, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldmine.i18n import t
from goldmine.io import load_profile
from goldmine.pipeline.due_diligence import run_due_diligence
from goldmine.pipeline.settings import DueDiligenceSettings
from goldmine.report import due_diligence_document, fmt, render

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
SECTION_OF = {"risk": "risk", "runway": "runway", "valuation": "valuation", "market": "market"}


@pytest.fixture(scope="module")
def runs():
    settings = DueDiligenceSettings.demo()
    return {name: run_due_diligence(load_profile(EXAMPLES / f"{name}.yaml"), settings) for name in NAMES}


def shown(field: str, value: float, currency: str, lang: str) -> str:
    """How the report prints a figure: percentages with one decimal, scores with one, amounts compact."""
    if field in ("monte_carlo.p_cash_out", "growth.annual_now", "cagr"):
        return fmt.pct(value)
    if field == "synthesis.value":
        return fmt.money(value, currency, lang)
    return fmt.num(value)


def section_text(md: str, sid: str, lang: str) -> str:
    title = f"## {t(f'report.section.{sid}', lang)}"
    assert title in md, title
    return md.split(title, 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", NAMES)
def test_every_cited_figure_is_the_figure_of_its_section(runs, name, lang):
    dd = runs[name]
    md = render(due_diligence_document(dd, lang), "md").replace("\\", "")
    summary = section_text(md, "summary", lang)
    checked = 0
    for r in dd.recommendation.reasons:
        f = r.figure
        if f is None or f.value is None or f.section not in SECTION_OF or f.field.startswith("dimensions."):
            continue
        text = shown(f.field, f.value, dd.company.currency, lang)
        assert text in r.text(lang), (r.key, text)
        assert text in summary, (r.key, text)
        assert text in section_text(md, SECTION_OF[f.section], lang), (name, lang, r.key, f.field, text)
        checked += 1
    assert checked >= 2, [r.key for r in dd.recommendation.reasons]


@pytest.mark.parametrize("name", NAMES)
def test_demand_growth_is_one_figure_in_the_risk_table_and_the_market_section(runs, name):
    """promptly's demand growth read 240 %/yr in the summary and 152 %/yr in the risk table: both now take
    goldmine.metrics.demand_growth (the market history's CAGR, else the stated k)."""
    dd = runs[name]
    if not (dd.risk.ok and dd.market.ok) or dd.market.value.cagr is None:
        pytest.skip("no demand growth")
    ind = dd.risk.value.indicator("demand_growth")
    if ind.missing or dd.profile.market.initial_demand == 0:
        pytest.skip("no demand to grow")
    assert ind.value == pytest.approx(dd.market.value.cagr, rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_the_runway_section_and_the_runway_command_agree(runs, name):
    """The same growth, probability and standard error in the runway section and in `goldmine runway`."""
    from goldmine.pipeline.runway import run_runway

    dd = runs[name]
    alone = run_runway(dd.profile, dd.settings.runway)
    assert alone.monte_carlo.p_cash_out == dd.runway.value.monte_carlo.p_cash_out
    assert alone.monte_carlo.standard_errors == dd.runway.value.monte_carlo.standard_errors
    assert alone.growth == dd.runway.value.growth
