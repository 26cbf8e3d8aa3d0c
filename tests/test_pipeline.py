"""goldmine.pipeline (issues #9, #12): due-diligence run, recommendation rules, sector view, investor
update, store; sections hold typed results."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from goldmine.errors import AnalysisError, InputError
from goldmine.i18n.messages import Message
from goldmine.io import load_profile
from goldmine.io.kpis import load_kpis
from goldmine.pipeline import outcome as outcome_mod
from goldmine.pipeline.due_diligence import run_due_diligence
from goldmine.pipeline.outcome import Outcome
from goldmine.pipeline.recommend import INSUFFICIENT, INVEST, PASS, WATCH, recommend
from goldmine.pipeline.sector import (
    NEUTRAL,
    SUPPORTIVE,
    UNAVAILABLE,
    WARNING,
    Pillar,
    SectorContext,
    load_sector_data,
    run_sector,
    verdict_of,
)
from goldmine.pipeline.settings import DueDiligenceSettings, SectorSettings, UpdateSettings
from goldmine.pipeline.update import investor_update

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples"


def fast(seed: int = 3) -> DueDiligenceSettings:
    base = DueDiligenceSettings.default()
    return base.model_copy(update={"runway": base.runway.with_(paths=500, seed=seed),
                                   "market": base.market.with_(models=("exp",), holdout=0),
                                   "deal": base.deal.with_(paths=500, seed=seed)})


FAST = fast()


@pytest.fixture(scope="module")
def medicare():
    return load_profile(EXAMPLES / "medicare-ai.yaml")


@pytest.fixture(scope="module")
def dd(medicare):
    return run_due_diligence(medicare, FAST)


# ------------------------------------------------------------------------------- due diligence
def test_every_section_holds_its_typed_result(dd):
    """Each section carries the analysis's own result object (issue #12), not a dict."""
    from goldmine.finance.runway import RunwayReport
    from goldmine.outcomes import OutcomeAssessment
    from goldmine.pipeline.deal import DealReport
    from goldmine.pipeline.financing import CapTableSection, WaterfallSection
    from goldmine.pipeline.market import MarketAnalysis
    from goldmine.risk.assess import RiskAssessment
    from goldmine.valuation import Valuation

    assert list(dd.sections) == ["risk", "market", "runway", "captable", "waterfall", "valuation", "deal", "outcome",
                                 "sector"]
    types = {"risk": RiskAssessment, "market": MarketAnalysis, "runway": RunwayReport, "captable": CapTableSection,
             "waterfall": WaterfallSection, "valuation": Valuation, "deal": DealReport, "outcome": OutcomeAssessment}
    for name, cls in types.items():
        o = dd.sections[name]
        assert o.status == "ok", (name, o.message("en"))
        assert isinstance(o.value, cls), name


def test_sector_not_attached_is_said_not_faked(dd):
    s = dd.sections["sector"]
    assert s.status == "failed" and "goldmine sector" in s.message("en") and s.result is None
    assert "goldmine sector" in s.message("zh")


def test_to_dict_is_json_and_has_the_documented_keys(dd):
    d = json.loads(json.dumps(dd.to_dict()))
    assert set(d) == {"company", "recommendation", "sections", "peers", "unit_economics", "questions", "vintage", "settings",
                      "reproducibility"}
    assert set(d["vintage"]) == {"generated_on", "newest", "oldest", "inputs", "stale"}
    assert all(set(q) == {"key", "params", "field", "severity"} for q in d["questions"])
    assert set(d["reproducibility"]) == {"goldmine_version", "inputs_hash", "seed"}
    assert d["reproducibility"]["seed"] == 3 and len(d["reproducibility"]["inputs_hash"]) == 64
    assert d["recommendation"]["verdict"] in (INVEST, WATCH, PASS)
    for r in d["recommendation"]["reasons"]:
        assert r["key"].startswith("report.reason.") and r["tone"] in ("positive", "negative", "neutral")
        assert "en" not in r and "zh" not in r          # language-neutral: the text is rendered at the edge


def test_same_inputs_same_hash_and_numbers(medicare, dd):
    again = run_due_diligence(medicare, FAST)
    assert again.inputs_hash == dd.inputs_hash
    assert again.to_dict() == dd.to_dict()
    other = run_due_diligence(medicare, fast(seed=4))
    assert other.inputs_hash != dd.inputs_hash


def test_missing_package_makes_the_section_missing(medicare, monkeypatch):
    monkeypatch.setenv("GOLDMINE_STRICT", "0")       # strict mode (the test default) refuses a missing package
    real = outcome_mod.available
    monkeypatch.setattr(outcome_mod, "available", lambda m: False if m == "goldmine.valuation" else real(m))
    res = run_due_diligence(medicare, FAST)
    assert res.sections["valuation"].status == "missing"
    assert res.sections["valuation"].result is None
    assert all(r.section != "valuation" for r in res.recommendation.reasons)


def test_strict_mode_refuses_a_missing_package(medicare, monkeypatch):
    real = outcome_mod.available
    monkeypatch.setattr(outcome_mod, "available", lambda m: False if m == "goldmine.valuation" else real(m))
    with pytest.raises(ModuleNotFoundError):
        run_due_diligence(medicare, FAST)


def test_a_refused_input_is_reported_with_its_message_in_both_languages():
    def boom():
        raise AnalysisError("report.sector.no_prices")

    o = outcome_mod.run_section("valuation", "goldmine.pipeline", boom)
    assert o.status == "failed" and o.message("en") == "no price series given (--prices)"
    assert o.message("zh") == "未提供价格序列（--prices）"
    assert o.to_dict()["error"] == {"type": "AnalysisError", "key": "report.sector.no_prices", "params": {}, "path": None}


def test_a_programming_error_is_never_a_failed_section():
    """Only the project's errors become a "failed" section: a bug propagates (issue #12)."""
    def bug():
        return {}["missing"]

    with pytest.raises(KeyError):
        outcome_mod.run_section("valuation", "goldmine.pipeline", bug)


def test_the_json_is_the_same_in_both_languages(dd):
    from goldmine.i18n import set_lang

    set_lang("zh")
    try:
        zh = json.dumps(dd.to_dict(), sort_keys=True)
    finally:
        set_lang(None)
    assert zh == json.dumps(dd.to_dict(), sort_keys=True)


# ------------------------------------------------------------------------------- recommendation
# The rules read a few attributes of each analysis's result; these stand-ins have exactly those.
def risk_of(score: float, rating: str, indicators: tuple = ()) -> Outcome:
    return Outcome.of("risk", "goldmine.risk", NS(overall=NS(score=score, rating=rating), indicators=indicators))


def runway_of(p: float, p50: float | None, horizon: int = 60, growth=None) -> Outcome:
    mc = NS(p_cash_out=p, runway_months={"p50": p50}, horizon_months=horizon, standard_errors={"p_cash_out": 0.003})
    return Outcome.of("runway", "goldmine.finance", NS(monte_carlo=mc, growth=growth))


def valuation_of(value: float, low: float, high: float) -> Outcome:
    return Outcome.of("valuation", "goldmine.valuation", NS(synthesis=NS(value=value, low=low, high=high)))


def market_of(cagr: float) -> Outcome:
    return Outcome.of("market", "goldmine.market", NS(cagr=cagr))


NONE = Outcome("none", "goldmine.none", "missing")


def rec_of(risk=NONE, runway=NONE, valuation=NONE, market=NONE, post=None, currency="USD", simple_runway=None):
    return recommend(risk, runway, valuation, market, post, currency, simple_runway=simple_runway)


def deal_of(verdict: str, at_proposal: float = 0.6) -> Outcome:
    """A deal result with the attributes the rule reads: its verdict, its message and the root find's figures."""
    params = {"metric": "mean gross multiple", "target": 3.0, "at_proposal": at_proposal, "pre_money": "$40M",
              "max_pre_money": "$20M"}
    analysis = NS(verdict=verdict, reasons=(Message(f"deal.reason.{verdict}", params),),
                  max_entry=NS(at_proposal=at_proposal, at_proposal_se=0.01))
    return Outcome.of("deal", "goldmine.deal", NS(analysis=analysis))


GOOD_COMPANY = {"risk": risk_of(20, "low"), "runway": runway_of(0.05, None)}


def test_a_good_company_at_a_price_that_meets_the_target_is_invest():
    rec = recommend(**GOOD_COMPANY, valuation=NONE, market=NONE, last_post_money=None, currency="USD",
                    deal=deal_of("within_target", 3.4))
    assert rec.verdict == INVEST
    r = next(r for r in rec.reasons if r.section == "deal")
    assert r.tone == "positive" and r.facts == ("terms",) and r.figure.value == 3.4 and r.figure.se == 0.01


def test_a_good_company_at_too_high_a_price_is_watch_and_says_so():
    """Issue #14: a company can be good and the price wrong; the verdict says so and stops at watch."""
    rec = recommend(**GOOD_COMPANY, valuation=NONE, market=NONE, last_post_money=None, currency="USD",
                    deal=deal_of("above_target"))
    assert rec.verdict == WATCH
    r = next(r for r in rec.reasons if r.section == "deal")
    assert r.key == "report.reason.deal_above" and r.blocks_invest and not r.against_company
    assert "price is too high" in r.text("en") and "$20M" in r.text("en") and "价格过高" in r.text("zh")


def test_returns_no_price_can_reach_count_against_the_company():
    bad = {"risk": risk_of(65, "high"), "runway": runway_of(0.2, 15)}    # one negative, one neutral
    without = recommend(**bad, valuation=NONE, market=NONE, last_post_money=None, currency="USD")
    with_deal = recommend(**bad, valuation=NONE, market=NONE, last_post_money=None, currency="USD",
                          deal=deal_of("unreachable"))
    assert without.verdict == WATCH and with_deal.verdict == PASS
    above = recommend(**bad, valuation=NONE, market=NONE, last_post_money=None, currency="USD", deal=deal_of("above_target"))
    assert above.verdict == WATCH      # the price alone does not turn a watch into a pass


def test_the_outcome_model_enters_the_verdict_only_when_usable():
    from dataclasses import replace

    from goldmine.pipeline.outcomes import assess_outcome

    p = load_profile(EXAMPLES / "medicare-ai.yaml")
    shipped = assess_outcome(p)
    assert shipped.usable_for_verdict is False     # the AUC target of issue #13 is not met
    kw = dict(**GOOD_COMPANY, valuation=NONE, market=NONE, last_post_money=None, currency="USD")
    assert not any(r.section == "outcome" for r in recommend(**kw, outcome=Outcome.of("outcome", "m", shipped)).reasons)
    usable = replace(shipped, usable_for_verdict=True, status="estimated", probability=0.9, low=0.85, high=0.95)
    r = next(r for r in recommend(**kw, outcome=Outcome.of("outcome", "m", usable)).reasons if r.section == "outcome")
    assert r.tone == "positive" and "90.0%" in r.text("en")
    low = replace(usable, probability=0.3, low=0.2, high=0.4)
    r = next(r for r in recommend(**kw, outcome=Outcome.of("outcome", "m", low)).reasons if r.section == "outcome")
    assert r.tone == "negative"


def test_the_deal_section_is_the_deal_command(medicare, dd):
    """The due-diligence deal section gives exactly `goldmine deal --json` with the same settings."""
    from goldmine.pipeline.deal import run_deal

    assert dd.deal.ok
    assert dd.deal.to_dict()["data"] == json.loads(json.dumps(run_deal(medicare, settings=FAST.deal).to_dict()))
    assert any(r.section == "deal" for r in dd.recommendation.reasons)


def test_without_a_proposal_the_deal_is_skipped_and_said_so():
    from goldmine.report import due_diligence_document

    p = load_profile(EXAMPLES / "xuebao-tutor.yaml")
    assert p.proposal is None
    dd = run_due_diligence(p, FAST)
    assert dd.deal.status == "skipped" and dd.deal.note.key == "report.deal.no_proposal"
    assert dd.to_dict()["sections"]["deal"]["note"]["key"] == "report.deal.no_proposal"
    assert not any(r.section == "deal" for r in dd.recommendation.reasons)
    for lang, needle in (("en", "proposes no round"), ("zh", "未提出拟议融资轮")):
        doc = due_diligence_document(dd, lang)
        section = next(s for s in doc.sections if s.id == "deal")
        assert any(needle in getattr(b, "text", "") for b in section.blocks)
        coverage = next(s for s in doc.sections if s.id == "summary")
        assert not any("goldmine.deal" in getattr(b, "text", "") for b in coverage.blocks)


def test_critical_risk_blocks_the_deal():
    rec = rec_of(risk_of(85, "critical"), runway_of(0.01, 40))
    assert rec.verdict == PASS
    assert any(r.blocker and r.section == "risk" for r in rec.reasons)


def test_likely_cash_out_blocks_the_deal():
    rec = rec_of(risk_of(20, "low"), runway_of(0.9, 5))
    assert rec.verdict == PASS


def test_two_positives_and_no_negative_invest():
    rec = rec_of(risk_of(20, "low"), runway_of(0.05, None), valuation_of(10e6, 8e6, 14e6), post=12e6)
    assert rec.verdict == INVEST
    texts = [r.text("en") for r in rec.reasons]
    assert any("> 60" in x for x in texts)          # median beyond the horizon is said, not invented
    assert any("$12M" in x and "$8M" in x for x in texts)
    assert any("1,200 万美元" in r.text("zh") for r in rec.reasons)   # zh amounts in 万, currency word after


def test_priced_above_range_is_a_negative_reason():
    rec = rec_of(risk_of(50, "elevated"), valuation=valuation_of(10e6, 8e6, 14e6), post=30e6)
    assert any(r.key == "report.reason.priced_above" and r.tone == "negative" for r in rec.reasons)
    assert rec.verdict == WATCH


def test_thin_evidence_means_insufficient_evidence():
    rec = rec_of(risk_of(10, "low"))
    assert rec.verdict == INSUFFICIENT
    assert rec.reasons[-1].key == "report.reason.thin_evidence"


# ------------------------------------------------------------------------------- sector
def _pillar(pid: str, status: str) -> Pillar:
    return Pillar(pid, status, Message("report.pillar.unavailable", {"module": "m"}), (), "—", ())


IDS = ("valuation", "explosive", "lppls", "funding", "sentiment", "capex")


@pytest.mark.parametrize("statuses, verdict", [
    ([WARNING, WARNING, NEUTRAL, WARNING, SUPPORTIVE, NEUTRAL], "bubble_risk"),
    ([WARNING, NEUTRAL, NEUTRAL, WARNING, NEUTRAL, WARNING], "mixed"),        # typed fundamentals alone: no bubble call
    ([SUPPORTIVE, NEUTRAL, NEUTRAL, SUPPORTIVE, WARNING, SUPPORTIVE], "gold_mine"),
    ([SUPPORTIVE, WARNING, NEUTRAL, SUPPORTIVE, WARNING, SUPPORTIVE], "mixed"),
    ([WARNING, UNAVAILABLE, UNAVAILABLE, SUPPORTIVE, UNAVAILABLE, UNAVAILABLE], "insufficient"),
])
def test_sector_verdict_rule(statuses, verdict):
    assert verdict_of([_pillar(i, s) for i, s in zip(IDS, statuses, strict=True)], load_sector_data()) == verdict


def test_sector_without_series_or_news_still_stands_on_its_typed_pillars():
    import datetime as dt

    # as of 2024-08-01 the typed figures of 2024-04 and 2024-06 are current; the CB Insights share of 2025-09
    # was not yet published (issue #17: nothing dated after the as-of date is used)
    view = run_sector(None, news=None, settings=SectorSettings.default(), as_of=dt.date(2024, 8, 1),
                      data=load_sector_data({"valuation": {"ai_multiple": {"date": "2024-04"}}}))
    d = view.to_dict()
    ids = [p["id"] for p in d["pillars"]]
    assert ids == ["valuation", "explosive", "lppls", "funding", "sentiment", "capex"]
    by = {p["id"]: p for p in d["pillars"]}
    for pid in ("explosive", "lppls", "sentiment"):
        assert by[pid]["status"] == UNAVAILABLE and not by[pid]["evidence"]
    assert by["funding"]["status"] == UNAVAILABLE and by["funding"]["freshness"]["state"] == "missing"
    for pid in ("valuation", "funding", "capex"):
        p = by[pid]
        assert p["evidence"] and p["vintage"] != "—" and p["caveats"]
        assert all(e["source"] and e["date"] for e in p["evidence"])
        assert p["finding"]["key"].startswith("report.pillar.")
    # Sequoia's arithmetic: 150B x 2 x 2 = 600B needed against 100B earned
    params = by["capex"]["finding"]["params"]
    assert params["required"] == {"amount": 600e9, "currency": "USD"} and params["gap"] == "6.0"   # formatted per language
    capex = view.pillar("capex").finding
    assert "$600B" in capex.render("en") and "6,000 亿美元收入" in capex.render("zh")
    assert by["valuation"]["status"] == WARNING and by["capex"]["status"] == WARNING
    assert d["verdict"] == "insufficient"   # two pillars with evidence: too thin for a verdict


def test_sector_data_override(tmp_path):
    f = tmp_path / "sector.yaml"
    f.write_text("capex:\n  ai_revenue: {value: 600000000000, unit: usd_per_year, source: test, date: '2026'}\n", encoding="utf-8")
    view = run_sector(None, data=load_sector_data(f))
    capex = view.pillar("capex")
    assert capex.reading == SUPPORTIVE and capex.finding.params["gap"] == "1.0"


def test_sector_data_override_bad_file(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_sector_data(f)


def test_sector_data_override_refuses_unknown_keys(tmp_path):
    """One config loader (issue #12): a typo is an error naming its path, not an override silently ignored."""
    f = tmp_path / "typo.yaml"
    f.write_text("capex:\n  ai_revenu: {value: 1}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_sector_data(f)
    assert "capex.ai_revenu" in exc.value.message("en")


# ------------------------------------------------------------------------------- investor update
KPI = """# company: Testco
# currency: USD
month,revenue,burn,cash,headcount,users,plan_revenue,plan_burn
2025-01,100,1000,20000,5,10,100,1000
2025-02,110,1000,19110,5,11,110,1000
2025-03,121,1100,18131,6,12,140,1000
2025-04,133.1,1100,17164.1,6,14,150,1000
"""


def test_investor_update_by_hand(tmp_path):
    f = tmp_path / "k.csv"
    f.write_text(KPI, encoding="utf-8")
    u = investor_update(load_kpis(f), UpdateSettings.default().with_(period="month", window=3))
    d = u.to_dict()
    assert d["company"] == "Testco" and d["currency"] == "USD"
    assert d["net_burn"] == pytest.approx(1100 - 133.1)
    assert d["runway_months"] == pytest.approx(17164.1 / (1100 - 133.1))
    avg = ((1100 - 133.1) + (1100 - 121) + (1000 - 110)) / 3
    assert d["runway_months_avg"] == pytest.approx(17164.1 / avg)
    assert d["cmgr"]["revenue"] == pytest.approx(0.1)                 # 100 -> 133.1 in 3 months
    assert d["changes"]["revenue"] == pytest.approx(0.1)
    var = {v["metric"]: v for v in d["variance"]}
    assert var["revenue"]["pct"] == pytest.approx(133.1 / 150 - 1)
    assert var["burn"]["pct"] == pytest.approx(0.1)
    alerts = {(a["check"], a["metric"]): a for a in d["alerts"]}
    assert alerts["plan", "revenue"]["tone"] == "negative"              # 11 % below plan
    assert alerts["plan", "revenue"]["value"] == pytest.approx(133.1 / 150 - 1)
    assert ("runway", "runway_months") not in alerts                    # 17.8 months


def test_quarterly_update_sums_flows_and_keeps_stocks(tmp_path):
    f = tmp_path / "k.csv"
    f.write_text(KPI, encoding="utf-8")
    d = investor_update(load_kpis(f), UpdateSettings.default().with_(period="quarter")).to_dict()
    q1, q2 = d["periods"]
    assert q1["period"] == "2025-Q1" and q1["months"] == 3 and q1["revenue"] == pytest.approx(331)
    assert q1["cash"] == 18131 and q2["period"] == "2025-Q2" and q2["months"] == 1
    assert d["changes"]["revenue"] == pytest.approx(133.1 / (331 / 3) - 1)   # per month, partial quarter


@pytest.mark.parametrize("text, fragment", [
    ("month,revenue\n2025-01,5\n", "cash"),
    ("month,cash\n2025-13,5\n", "line 2.month"),
    ("month,cash\n2025-02,5\n2025-01,4\n", "increasing"),
    ("month,cash\n2025-01,-5\n", "line 2.cash"),
    ("month,cash,mood\n2025-01,5,1\n", "mood"),
    ("month,cash\n2025-01,abc\n", "line 2.cash"),
])
def test_bad_kpi_files(tmp_path, text, fragment):
    f = tmp_path / "k.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_kpis(f)
    assert fragment in exc.value.message("en")


def test_shipped_kpi_histories_load():
    files = sorted((EXAMPLES / "kpis").glob("*.csv"))
    assert len(files) >= 3
    for f in files:
        u = investor_update(load_kpis(f))
        assert u.periods and u.runway_months is not None


# ------------------------------------------------------------------------------- store
def test_run_is_stored_with_its_profile_version(tmp_path, medicare, dd):
    from goldmine.pipeline.store import store_run
    from goldmine.store import Store

    st = Store(f"sqlite:///{tmp_path / 'g.db'}")
    st.upgrade()
    ids = store_run(st, "ws", medicare, dd)
    runs = st.list_runs(ids["workspace_id"], kind="due_diligence")
    assert len(runs) == 1
    run = runs[0]
    assert run.startup_version_id == ids["startup_version_id"]
    assert run.inputs_hash == dd.inputs_hash                  # the footer's hash is the stored one
    assert run.results["recommendation"]["verdict"] == dd.recommendation.verdict


@pytest.mark.shared_data
def test_sector_on_a_real_ai_equity_series(shared_data, cli, tmp_path):
    """NVIDIA daily adjusted closes 2020-2024 (Yahoo, ../shared/data/prices): the sector view runs on a
    real AI series (weekly closes) and its explosive-price pillar has evidence."""
    import json

    f = shared_data / "prices" / "ai_stocks_recent" / "NVDA_2020_2024_yahoo.csv"
    if not f.is_file():
        pytest.skip(f"{f} not found")
    r = cli("sector", "--prices", f, "--column", "Adj Close", "--as-of", "2024-10-01", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    by = {p["id"]: p for p in d["pillars"]}
    assert by["explosive"]["status"] in ("warning", "neutral") and by["explosive"]["evidence"]
    assert by["explosive"]["freshness"]["state"] == "current"
    assert d["series"]["n"] > 200 and d["series"]["start"].startswith("2020-01")


# ------------------------------------------------------------------------------- review fixes
def test_high_cash_out_with_a_long_median_is_not_called_a_short_runway():
    """forge-vision: median runway 18.1 months (long by the thresholds) but P(cash out) = 42 %: the
    reason must name the probability, not say "runway is short" beside "18.1 months"."""
    rec = rec_of(risk_of(30, "moderate"), runway_of(0.424, 18.1))
    r = next(r for r in rec.reasons if r.section == "runway")
    assert r.key == "report.reason.cash_out_high" and r.tone == "negative"
    assert "short" not in r.text("en") and "偏短" not in r.text("zh")
    short = rec_of(runway=runway_of(0.424, 9.0))
    assert short.reasons[0].key == "report.reason.runway_short"


def test_reason_numbers_carry_the_rounding_of_the_report_tables():
    """The summary said 29/100, 27 % and 51 % where the tables said 28.8, 26.9 % and 51.4 %."""
    from goldmine.report import fmt

    rec = rec_of(risk_of(28.84, "moderate"), runway_of(0.269, None), market=market_of(0.5138), currency="CNY")
    texts = " ".join(r.text(lang) for r in rec.reasons for lang in ("en", "zh"))
    for shown in (fmt.num(28.84), fmt.pct(0.269), fmt.pct(0.5138)):
        assert shown in texts
    assert "29/100" not in texts and "27%" not in texts


def test_a_blocker_passes_even_on_thin_evidence():
    rec = rec_of(risk_of(90, "critical"))
    assert rec.verdict == PASS
    assert rec.reasons[-1].key == "report.reason.thin_evidence_blocker"


@pytest.mark.parametrize("text, path", [
    ("valuation:\n  baseline_multiple: 0\n", "valuation.baseline_multiple"),      # ZeroDivisionError before
    ("capex:\n  ai_revenue: abc\n", "capex.ai_revenue"),                          # TypeError before
    ("valuation: 3\n", "valuation"),
    ("funding:\n  warn_share: .nan\n", "funding.warn_share"),
])
def test_a_bad_sector_override_is_an_input_error(tmp_path, text, path):
    f = tmp_path / "data.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_sector_data(f)
    assert path in exc.value.message("en") and str(f) in exc.value.message("en")


def test_a_saved_sector_view_round_trips_and_a_truncated_one_is_an_input_error():
    view = run_sector(settings=SectorSettings.default().with_(lppls=False))
    ctx = SectorContext.from_json(json.loads(json.dumps(view.to_dict())), "v.json")
    assert ctx.verdict == view.verdict and ctx.pillars == view.pillars
    d = view.to_dict()
    for broken, where in (({"pillars": 3}, "verdict"), ({**d, "verdict": "boom"}, "verdict"),
                          ({**d, "pillars": [{"id": "x"}]}, "pillars[0].id")):
        with pytest.raises(InputError) as exc:
            SectorContext.from_json(broken, "v.json")
        assert where in exc.value.message("en") and "v.json" in exc.value.message("en")


@pytest.mark.parametrize("cell", ["inf", "nan", "1e400"])
def test_kpis_refuse_non_finite_values(tmp_path, cell):
    f = tmp_path / "k.csv"
    f.write_text(f"month,cash,burn\n2025-01,100,10\n2025-02,100,{cell}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_kpis(f)
    assert "line 3.burn" in exc.value.message("en")


def test_change_of_a_negative_net_burn_keeps_its_sign(tmp_path):
    """Net burn -10k -> -20k (more profitable) is a fall of 100 %, not a rise: b / a - 1 said +100 %."""
    f = tmp_path / "k.csv"
    f.write_text("month,cash,revenue,burn\n2025-01,500000,60000,50000\n2025-02,520000,70000,50000\n", encoding="utf-8")
    u = investor_update(load_kpis(f))
    assert u.latest.net_burn == -20000
    assert u.changes["net_burn"] == pytest.approx(-1.0)
    assert u.changes["revenue"] == pytest.approx(70000 / 60000 - 1)


def test_lppls_critical_time_in_the_past_is_not_a_negative_day_count():
    from goldmine.pipeline.sector import SeriesInfo, lppls_pillar

    conf = NS(confidence=0.8, tc="2000-03-01", end="2000-03-10", tc_low="2000-02-20", tc_high="2000-03-20", windows=10)
    bubble = Outcome.of("bubble", "goldmine.bubble", NS(lppls=conf))
    p = lppls_pillar(bubble, SeriesInfo("NASDAQ", "", "1994-01-07", "2000-03-10", 325), load_sector_data())
    assert p.status == WARNING and p.finding.key == "report.pillar.lppls.passed"
    assert p.finding.params["days"] == "9" and "-" not in p.finding.render("en").split("before")[0][-6:]


def test_capex_finding_formats_amounts_per_language():
    """zh appended "0 亿美元" to whole billions: $62.5B printed as 620 亿美元 (and $0.4B as 00 亿美元)."""
    from goldmine.pipeline.sector import capex_pillar

    d = load_sector_data({"capex": {"ai_revenue": {"value": 62.5e9}}})
    f = capex_pillar(d).finding
    assert "$62.5B" in f.render("en") and "$600B" in f.render("en")
    assert "625 亿美元" in f.render("zh") and "6,000 亿美元" in f.render("zh")


# ------------------------------------------------------------------------------- one use case per command
@pytest.mark.parametrize("args", [[], ["--paths", "2000", "--seed", "7"]], ids=["defaults", "given"])
def test_runway_json_equals_the_runway_section_of_analyze(cli, tmp_path, args):
    """Issue #12: `goldmine runway` and `goldmine analyze` call the same use case with the same settings
    (data/settings.yaml), so the same profile gives the same probability, with or without options."""
    profile = EXAMPLES / "medicare-ai.yaml"
    r = cli("runway", profile, *args, "--json")
    assert r.exit_code == 0, r
    alone = json.loads(r.stdout)
    a = cli("analyze", profile, *args, "--json", "--no-store", "--format", "md", "--out", tmp_path)
    assert a.exit_code == 0, a
    section = json.loads(a.stdout)["sections"]["runway"]["data"]
    assert section["p_cash_out"] == alone["p_cash_out"]
    assert section == alone


def test_one_settings_file_holds_every_default():
    """The run parameters of every command live in data/settings.yaml, each with its source."""
    from goldmine.config import shipped

    data = shipped("settings.yaml")
    for section, entries in data.items():
        for name, entry in entries.items():
            assert isinstance(entry, dict) and entry.get("source"), f"{section}.{name} has no source"
    from goldmine.pipeline import settings as s

    for cls in (s.RunwaySettings, s.ForecastSettings, s.MarketSettings, s.WaterfallSettings, s.BubbleSettings,
                s.LpplsSettings, s.SectorSettings, s.UpdateSettings, s.ValuationSettings):
        assert cls.default() == cls.default()       # validated once, from the file
    with pytest.raises(InputError):
        s.RunwaySettings.default().with_(seed=-1)   # a bad option is refused at once, naming the field


# ------------------------------------------------------------------------------- verdict (issue #13)
def _growth(annual: float, basis: str = "history", months: int = 12):
    import math

    from goldmine.growth import prior_for

    return NS(basis=basis, annual_now=annual, prior=prior_for(1e6), history_months=months, monthly_log=math.log1p(annual) / 12)


def test_a_runway_comfortable_only_through_growth_and_the_growth_count_once():
    """promptly's two "for" reasons were one assumption counted twice: its extrapolated growth made the
    runway comfortable.  A runway comfortable only as revenue grows (cash over net burn is short) rests
    on the growth fact; with a top-quartile growth reason beside it, the two count once."""
    growth = _growth(2.5)                          # above the 75th percentile at $1M ARR (165 %)
    rec = rec_of(risk_of(50, "elevated"), runway_of(0.02, None, growth=growth), simple_runway=9.0)
    by = {r.key: r for r in rec.reasons}
    runway = by["report.reason.runway_long_on_growth"]
    top = by["report.reason.growth_top"]
    assert set(runway.facts) == {"cash", "growth"} and runway.counted and runway.tone == "positive"
    assert top.tone == "positive" and not top.counted           # the same fact: not counted again
    assert rec.verdict == WATCH                                  # one counted positive, not two: no invest
    alone = rec_of(risk_of(50, "elevated"), runway_of(0.02, None, growth=growth), simple_runway=40.0)
    assert alone.verdict == INVEST                               # a runway long by itself is its own fact


def test_growth_from_the_prior_is_no_evidence():
    rec = rec_of(risk_of(20, "low"), runway_of(0.05, None, growth=_growth(1.0, "prior", months=3)), simple_runway=40.0)
    g = next(r for r in rec.reasons if r.key == "report.reason.growth_from_prior")
    assert not g.evidence and g.tone == "neutral"
    assert rec.evidence == 2                                     # risk and cash; growth carries none


def test_insufficient_evidence_when_the_inputs_cannot_carry_a_verdict():
    rec = rec_of(risk_of(20, "low"), runway=NONE, valuation=NONE,
                 market=Outcome.of("market", "goldmine.market", NS(cagr=None)))
    assert rec.verdict == INSUFFICIENT and rec.evidence == 1


def test_concentration_risks_block_invest():
    """promptly: 100 % on two model vendors, no data moat, 40 competitors: with two positives and no other
    negative it would have been 'invest'; the concentration risks block it (issue #13)."""
    inds = (NS(name="api_dependency", score=90.0), NS(name="proprietary_data", score=80.0),
            NS(name="competitor_count", score=77.0))
    rec = rec_of(risk_of(20, "low", inds), runway_of(0.05, None), valuation_of(10e6, 8e6, 14e6), post=7e6, simple_runway=40.0)
    block = next(r for r in rec.reasons if r.key == "report.reason.concentration_block")
    assert block.blocks_invest and block.tone == "negative"
    assert rec.verdict == WATCH
    one = (NS(name="competitor_count", score=65.0),)           # one concentration risk, not critical: noted, no block
    rec1 = rec_of(risk_of(20, "low", one), runway_of(0.05, None), valuation_of(10e6, 8e6, 14e6), post=7e6, simple_runway=40.0)
    assert rec1.verdict == INVEST and any(r.key == "report.reason.concentration" for r in rec1.reasons)
    assert "crowded market" in next(r for r in rec1.reasons if r.key == "report.reason.concentration").text("en")


def test_every_reason_points_at_its_number():
    rec = rec_of(risk_of(28.84, "moderate"), runway_of(0.269, None), market=market_of(0.5138), currency="CNY")
    for r in rec.reasons:
        if r.section != "summary":
            assert r.figure is not None and r.figure.section in ("risk", "runway", "valuation", "market"), r.key
    runway = next(r for r in rec.reasons if r.section == "runway")
    assert runway.figure.field == "monte_carlo.p_cash_out" and runway.figure.se == 0.003
    assert "± 0.3 points" in runway.text("en")
