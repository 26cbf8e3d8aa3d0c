"""goldmine.pipeline (issue #9): due-diligence run, recommendation rules, sector view, investor update, store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goldmine.errors import InputError
from goldmine.io import load_profile
from goldmine.pipeline import (
    Outcome,
    SectorSettings,
    Settings,
    investor_update,
    load_kpis,
    run_due_diligence,
    run_sector,
)
from goldmine.pipeline import outcome as outcome_mod
from goldmine.pipeline.recommend import INVEST, PASS, WATCH, recommend
from goldmine.pipeline.sector import NEUTRAL, SUPPORTIVE, UNAVAILABLE, WARNING, Pillar, verdict_of

EXAMPLES = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples"
FAST = Settings(paths=500, seed=3, market_models=("exp",), holdout=0)


@pytest.fixture(scope="module")
def medicare():
    return load_profile(EXAMPLES / "medicare-ai.yaml")


@pytest.fixture(scope="module")
def dd(medicare):
    return run_due_diligence(medicare, FAST)


# ------------------------------------------------------------------------------- due diligence
def test_every_section_is_present_with_a_status(dd):
    assert set(dd.sections) == {"risk", "market", "runway", "captable", "waterfall", "valuation", "sector"}
    for name, o in dd.sections.items():
        assert o.status in ("ok", "missing", "failed"), name
        if o.status == "ok":
            assert isinstance(o.data, dict) and o.data
        if o.status == "failed":
            assert o.error_en and o.error_zh


def test_sector_not_attached_is_said_not_faked(dd):
    s = dd.sections["sector"]
    assert s.status == "failed" and "goldmine sector" in s.error_en and s.data is None


def test_to_dict_is_json_and_has_the_documented_keys(dd):
    d = json.loads(json.dumps(dd.to_dict()))
    assert set(d) == {"company", "recommendation", "sections", "settings", "reproducibility"}
    assert set(d["reproducibility"]) == {"goldmine_version", "inputs_hash", "seed"}
    assert d["reproducibility"]["seed"] == 3 and len(d["reproducibility"]["inputs_hash"]) == 64
    assert d["recommendation"]["verdict"] in (INVEST, WATCH, PASS)
    for r in d["recommendation"]["reasons"]:
        assert r["en"] and r["zh"] and r["tone"] in ("positive", "negative", "neutral")


def test_same_inputs_same_hash_and_numbers(medicare, dd):
    again = run_due_diligence(medicare, FAST)
    assert again.inputs_hash == dd.inputs_hash
    assert again.to_dict() == dd.to_dict()
    other = run_due_diligence(medicare, Settings(paths=500, seed=4, market_models=("exp",), holdout=0))
    assert other.inputs_hash != dd.inputs_hash


def test_missing_package_makes_the_section_missing(medicare, monkeypatch):
    real = outcome_mod.available
    monkeypatch.setattr(outcome_mod, "available", lambda m: False if m == "goldmine.valuation" else real(m))
    res = run_due_diligence(medicare, FAST)
    assert res.sections["valuation"].status == "missing"
    assert res.sections["valuation"].data is None
    assert all(r.section != "valuation" for r in res.recommendation.reasons)


def test_a_failing_analysis_is_reported_with_its_message():
    def boom():
        from goldmine.errors import AnalysisError

        raise AnalysisError("cannot value this", "无法估值")

    o = outcome_mod.run_section("valuation", "goldmine.pipeline", boom)
    assert o.status == "failed" and o.error("en") == "cannot value this" and o.error("zh") == "无法估值"


def test_language_dependent_outputs_are_kept_in_both_languages(dd):
    risk = dd.sections["risk"]
    if not risk.ok:
        pytest.skip("goldmine.risk is not available")
    assert risk.data_zh is not None
    assert risk.data["overall"] == risk.data_zh["overall"]


# ------------------------------------------------------------------------------- recommendation
def _ok(name: str, data: dict) -> Outcome:
    return Outcome(name, f"goldmine.{name}", "ok", data=data)


def test_critical_risk_blocks_the_deal():
    rec = recommend({"risk": _ok("risk", {"overall": {"score": 85, "rating": "critical"}}),
                     "runway": _ok("runway", {"p_cash_out": 0.01, "runway_months": {"p50": 40}})}, None, "USD")
    assert rec.verdict == PASS
    assert any(r.blocker and r.section == "risk" for r in rec.reasons)


def test_likely_cash_out_blocks_the_deal():
    rec = recommend({"risk": _ok("risk", {"overall": {"score": 20, "rating": "low"}}),
                     "runway": _ok("runway", {"p_cash_out": 0.9, "runway_months": {"p50": 5}})}, None, "USD")
    assert rec.verdict == PASS


def test_two_positives_and_no_negative_invest():
    rec = recommend({"risk": _ok("risk", {"overall": {"score": 20, "rating": "low"}}),
                     "runway": _ok("runway", {"p_cash_out": 0.05, "runway_months": {"p50": None}, "horizon_months": 60}),
                     "valuation": _ok("valuation", {"synthesis": {"value": 10e6, "low": 8e6, "high": 14e6}})}, 12e6, "USD")
    assert rec.verdict == INVEST
    texts = [r.text("en") for r in rec.reasons]
    assert any("> 60" in x for x in texts)          # median beyond the horizon is said, not invented
    assert any("$12M" in x and "$8M" in x for x in texts)
    assert any("$1,200万" in r.text("zh") for r in rec.reasons)   # zh amounts in 万


def test_priced_above_range_is_a_negative_reason():
    rec = recommend({"valuation": _ok("valuation", {"synthesis": {"value": 10e6, "low": 8e6, "high": 14e6}}),
                     "risk": _ok("risk", {"overall": {"score": 50, "rating": "elevated"}})}, 30e6, "USD")
    assert any(r.key == "report.reason.priced_above" and r.tone == "negative" for r in rec.reasons)
    assert rec.verdict == WATCH


def test_thin_evidence_means_watch():
    rec = recommend({"risk": _ok("risk", {"overall": {"score": 10, "rating": "low"}})}, None, "USD")
    assert rec.verdict == WATCH
    assert rec.reasons[-1].key == "report.reason.thin_evidence"


# ------------------------------------------------------------------------------- sector
def _pillar(pid: str, status: str) -> Pillar:
    return Pillar(pid, status, "report.pillar.unavailable", {"module": "m"}, (), "—", ())


IDS = ("valuation", "explosive", "lppls", "funding", "sentiment", "capex")


@pytest.mark.parametrize("statuses, verdict", [
    ([WARNING, WARNING, NEUTRAL, WARNING, SUPPORTIVE, NEUTRAL], "bubble_risk"),
    ([WARNING, NEUTRAL, NEUTRAL, WARNING, NEUTRAL, WARNING], "mixed"),        # typed fundamentals alone: no bubble call
    ([SUPPORTIVE, NEUTRAL, NEUTRAL, SUPPORTIVE, WARNING, SUPPORTIVE], "gold_mine"),
    ([SUPPORTIVE, WARNING, NEUTRAL, SUPPORTIVE, WARNING, SUPPORTIVE], "mixed"),
    ([WARNING, UNAVAILABLE, UNAVAILABLE, SUPPORTIVE, UNAVAILABLE, UNAVAILABLE], "insufficient"),
])
def test_sector_verdict_rule(statuses, verdict):
    from goldmine.pipeline.sector import sector_data

    assert verdict_of([_pillar(i, s) for i, s in zip(IDS, statuses, strict=True)], sector_data()) == verdict


def test_sector_without_series_or_news_still_stands_on_its_typed_pillars():
    view = run_sector(None, news=None, settings=SectorSettings())
    d = view.to_dict()
    ids = [p["id"] for p in d["pillars"]]
    assert ids == ["valuation", "explosive", "lppls", "funding", "sentiment", "capex"]
    by = {p["id"]: p for p in d["pillars"]}
    for pid in ("explosive", "lppls", "sentiment"):
        assert by[pid]["status"] == UNAVAILABLE and not by[pid]["evidence"]
    for pid in ("valuation", "funding", "capex"):
        p = by[pid]
        assert p["evidence"] and p["vintage"] != "—" and p["caveats"]
        assert all(e["source"] and e["date"] for e in p["evidence"])
        assert p["finding_en"] and p["finding_zh"]
    # Sequoia's arithmetic: 150B x 2 x 2 = 600B needed against 100B earned
    assert by["capex"]["params"]["required"] == 600e9 and by["capex"]["params"]["gap"] == "6.0"   # USD, formatted per language
    assert "$600B" in by["capex"]["finding_en"] and "$6,000亿" in by["capex"]["finding_zh"]
    assert d["verdict"] == "mixed"          # typed pillars only: no market evidence, so no bubble call


def test_sector_data_override(tmp_path):
    f = tmp_path / "sector.yaml"
    f.write_text("capex:\n  ai_revenue: {value: 600000000000, unit: USD per year, source: test, date: '2026'}\n", encoding="utf-8")
    view = run_sector(None, data_file=f)
    capex = next(p for p in view.pillars if p.id == "capex")
    assert capex.status == SUPPORTIVE and capex.params["gap"] == "1.0"


def test_sector_data_override_bad_file(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(InputError):
        run_sector(None, data_file=f)


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
    u = investor_update(load_kpis(f), "month", window=3)
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
    assert "report.update.alert.revenue_below_plan" in d["alerts"]     # 11 % below plan
    assert "report.update.alert.runway" not in d["alerts"]             # 17.8 months


def test_quarterly_update_sums_flows_and_keeps_stocks(tmp_path):
    f = tmp_path / "k.csv"
    f.write_text(KPI, encoding="utf-8")
    d = investor_update(load_kpis(f), "quarter").to_dict()
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
    from goldmine.pipeline import store_run
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
    r = cli("sector", "--prices", f, "--column", "Adj Close", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    by = {p["id"]: p for p in d["pillars"]}
    assert by["explosive"]["status"] in ("warning", "neutral") and by["explosive"]["evidence"]
    assert d["series"]["n"] > 200 and d["series"]["start"].startswith("2020-01")


# ------------------------------------------------------------------------------- review fixes
def test_high_cash_out_with_a_long_median_is_not_called_a_short_runway():
    """forge-vision: median runway 18.1 months (long by the thresholds) but P(cash out) = 42 %: the
    reason must name the probability, not say "runway is short" beside "18.1 months"."""
    rec = recommend({"risk": _ok("risk", {"overall": {"score": 30, "rating": "moderate"}}),
                     "runway": _ok("runway", {"p_cash_out": 0.424, "runway_months": {"p50": 18.1}})}, None, "USD")
    r = next(r for r in rec.reasons if r.section == "runway")
    assert r.key == "report.reason.cash_out_high" and r.tone == "negative"
    assert "short" not in r.text("en") and "偏短" not in r.text("zh")
    short = recommend({"runway": _ok("runway", {"p_cash_out": 0.424, "runway_months": {"p50": 9.0}})}, None, "USD")
    assert short.reasons[0].key == "report.reason.runway_short"


def test_reason_numbers_carry_the_rounding_of_the_report_tables():
    """The summary said 29/100, 27 % and 51 % where the tables said 28.8, 26.9 % and 51.4 %."""
    from goldmine.report import fmt

    rec = recommend({"risk": _ok("risk", {"overall": {"score": 28.84, "rating": "moderate"}}),
                     "runway": _ok("runway", {"p_cash_out": 0.269, "runway_months": {"p50": None}, "horizon_months": 60}),
                     "market": _ok("market", {"cagr": 0.5138})}, None, "CNY")
    texts = " ".join(r.text(lang) for r in rec.reasons for lang in ("en", "zh"))
    for shown in (fmt.num(28.84), fmt.pct(0.269), fmt.pct(0.5138)):
        assert shown in texts
    assert "29/100" not in texts and "27%" not in texts


def test_a_blocker_passes_even_on_thin_evidence():
    rec = recommend({"risk": _ok("risk", {"overall": {"score": 90, "rating": "critical"}})}, None, "USD")
    assert rec.verdict == PASS
    assert rec.reasons[-1].key == "report.reason.thin_evidence_blocker"


@pytest.mark.parametrize("text, path", [
    ("valuation:\n  baseline_multiple: 0\n", "valuation.baseline_multiple"),      # ZeroDivisionError before
    ("capex:\n  ai_revenue: abc\n", "capex.ai_revenue"),                          # TypeError before
    ("valuation: 3\n", "valuation"),
    ("funding:\n  warn_share: .nan\n", "funding.warn_share"),
])
def test_a_bad_sector_override_is_an_input_error(tmp_path, text, path):
    from goldmine.pipeline.sector import sector_data

    f = tmp_path / "data.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        sector_data(f)
    assert path in exc.value.message("en") and str(f) in exc.value.message("en")


def test_a_truncated_sector_json_is_an_input_error():
    from goldmine.pipeline.sector import check_view_json

    view = run_sector(settings=SectorSettings(lppls=False)).to_dict()
    assert check_view_json(json.loads(json.dumps(view)), "v.json")
    for broken, where in (({"pillars": 3}, "counts"), ({**view, "counts": {}}, "counts.warning"),
                          ({**view, "pillars": [{"id": "x"}]}, "pillars.0")):
        with pytest.raises(InputError) as exc:
            check_view_json(broken, "v.json")
        assert where in exc.value.message("en")


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
    assert u.latest["net_burn"] == -20000
    assert u.changes["net_burn"] == pytest.approx(-1.0)
    assert u.changes["revenue"] == pytest.approx(70000 / 60000 - 1)


def test_lppls_critical_time_in_the_past_is_not_a_negative_day_count():
    from goldmine.pipeline.sector import lppls_pillar, sector_data

    data = {"lppls": {"confidence": 0.8, "tc": "2000-03-01", "end": "2000-03-10", "tc_low": "2000-02-20",
                      "tc_high": "2000-03-20", "windows": 10}}
    p = lppls_pillar(Outcome("bubble", "goldmine.bubble", "ok", data=data), {"start": "1994-01-07", "end": "2000-03-10"},
                     sector_data())
    assert p.status == WARNING and p.finding == "report.pillar.lppls.passed"
    assert p.params["days"] == "9" and "-" not in p.to_dict()["finding_en"].split("before")[0][-6:]


def test_capex_finding_formats_amounts_per_language():
    """zh appended "0 亿美元" to whole billions: $62.5B printed as 620 亿美元 (and $0.4B as 00 亿美元)."""
    from goldmine.pipeline.sector import capex_pillar, sector_data

    d = sector_data()
    d["capex"]["ai_revenue"] = {**d["capex"]["ai_revenue"], "value": 62.5e9}
    p = capex_pillar(d).to_dict()
    assert "$62.5B" in p["finding_en"] and "$600B" in p["finding_en"]
    assert "$625亿" in p["finding_zh"] and "$6,000亿" in p["finding_zh"]
