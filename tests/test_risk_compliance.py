"""Company-specific risk and compliance (issue #16): rules keyed on country, vertical, data type and
business activity, each citing its legal source; mitigations that fit the stage and never contradict
the checklist; indicators that concern the company; the seed's textbook formulas as unscored methods.

Sources of the rules are the laws themselves, cited in ``data/risk_compliance.yaml`` (PIPL 2021;
Interim Measures for Generative AI Services 2023; NMPA Guiding Principles for the Registration
Review of AI Medical Devices, 2022-03-07; FD&C Act §510(k) / §513(f)(2); HIPAA 45 CFR 160/164;
COPPA 16 CFR 312; GDPR; EU AI Act 2024/1689; EU MDR 2017/745; US EAR advanced-computing rules).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from goldmine.errors import InputError
from goldmine.i18n import t
from goldmine.io import load_profile, parse_profile
from goldmine.risk import METHOD_NAMES, SCORED_NAMES, RiskConfig, assess, checklist, depends_on_llms
from goldmine.risk.config import STAGES

DATA = Path(__file__).resolve().parents[1] / "src" / "goldmine" / "data"


@pytest.fixture(scope="module")
def examples(examples_dir: Path) -> dict:
    return {p.stem: load_profile(p) for p in sorted(examples_dir.glob("*.yaml"))}


@pytest.fixture(scope="module")
def results(examples) -> dict:
    return {k: assess(p) for k, p in examples.items()}


def profile(**over):
    """A small, complete-enough profile; ``over`` replaces top-level sections (compliance merged)."""
    data = {
        "identity": {"name": {"en": "Probe"}, "country": "CN", "currency": "CNY", "founded": "2024-01-01"},
        "stage": "seed", "vertical": "other", "business_model": "product",
        "team": {"size": 4}, "financials": {"cash": 1_000_000, "monthly_burn": 100_000},
        "technology": {"model_types": ["nlp"]},
    }
    comp = over.pop("compliance", {})
    data.update(over)
    data["compliance"] = comp
    return parse_profile(data)


def ids(p) -> dict[str, str]:
    return {c.id: c.status for c in checklist(p)}


# --------------------------------------------------------------------------- the cases
def test_medicare_gets_nmpa_and_neither_genai_filing_nor_eu_ai_act(results):
    r = results["medicare-ai"]
    items = {c.id: c for c in r.compliance}
    assert "cn_nmpa" in items and items["cn_nmpa"].status == "partial"     # Class III submitted, not granted
    assert items["cn_nmpa"].params["device_class"].key == "risk.term.device_class.III"
    assert "第三类" in items["cn_nmpa"].gap_text("zh") and "Class III" in items["cn_nmpa"].gap_text("en")
    assert "cn_genai" not in items and "eu_ai_act" not in items
    assert {"cn_genai", "eu_ai_act", "us_fda", "eu_mdr", "us_hipaa"} <= set(r.not_applicable)
    actions = [a for m in r.mitigations for a in m.action_ids]
    assert "nmpa_registration" in actions
    assert "genai_filing" not in actions and "eu_ai_act_plan" not in actions
    text = " ".join(" ".join(m.actions("en")) for m in r.mitigations)
    assert "algorithm filing" not in text and "EU AI Act" not in text and "NMPA" in text


def test_promptly_gets_no_pipl_and_no_device_item(results):
    r = results["promptly"]
    found = {c.id for c in r.compliance}
    assert not found & {"cn_pipl", "cn_pipl_pia", "cn_genai", "cn_minors", "cn_nmpa", "us_fda", "eu_mdr"}
    text = " ".join(" ".join(m.actions("en")) for m in r.mitigations)
    for word in ("PIPL", "NMPA", "medical-device", "medical device", "FDA", "algorithm filing"):
        assert word not in text, word
    # its own checklist says the IP is assigned: no "sign IP assignment now"
    assert next(c for c in r.compliance if c.id == "ip_assignment").status == "met"
    assert "assignment_agreements" not in {a for m in r.mitigations for a in m.action_ids}
    assert "IP assignment agreement" not in text


def test_no_customer_discovery_advice_past_seed(examples):
    """Stage-keyed mitigations: 20-30 customer interviews before Series A (at seed at the latest)."""
    cfg = RiskConfig.default()
    spec = next(m for m in cfg.mitigation.mitigations if m.id == "market_research")
    discovery = {a.id for a in spec.actions if "interview" in t(f"risk.mitigation.market_research.{a.id}", "en")}
    assert discovery == {"customer_interviews"}
    for stage in STAGES:
        p = examples["northstar-studio"].model_copy(update={"stage": examples["northstar-studio"].stage.__class__(stage)})
        actions = {a for m in assess(p).mitigations for a in m.action_ids}
        assert "market_research" in {m.id for m in assess(p).mitigations}
        early = stage in ("idea", "pre_seed", "seed")
        assert ("customer_interviews" in actions) == early, stage
        assert ("win_loss" in actions) == (not early), stage
    med = {a for m in assess(examples["medicare-ai"]).mitigations for a in m.action_ids}
    assert "customer_interviews" not in med and "bridge_safe" not in med


def test_every_catalogue_action_text_in_english_matches_its_conditions():
    """An action that names a law or a filing is tied to the checklist items of that law."""
    cfg = RiskConfig.default()
    law_words = re.compile(r"PIPL|GDPR|HIPAA|COPPA|NMPA|FDA|MDR|AI Act|algorithm filing|IP assignment|minors|export",
                           re.I)
    for m in cfg.mitigation.mitigations:
        for a in m.actions:
            text = t(f"risk.mitigation.{m.id}.{a.id}", "en")
            if law_words.search(text):
                assert a.items, (m.id, a.id, text)
            if re.search(r"interview|paid pilot", text, re.I):
                assert a.stages and all(s in ("idea", "pre_seed", "seed") for s in a.stages), (m.id, a.id)


VARIANTS = [
    {},
    {"compliance": {"jurisdictions": ["US", "EU"], "processes_personal_data": True, "data_types": ["health"],
                    "activities": ["medical_diagnosis"], "privacy_regimes": ["HIPAA", "GDPR"], "ip_assigned": True,
                    "medical_device": {"fda": {"status": "cleared", "device_class": "II", "pathway": "510k"},
                                       "ce_mdr": {"status": "planned", "device_class": "IIa"}}},
     "vertical": "medical", "stage": "series_b"},
    {"compliance": {"jurisdictions": ["CN"], "processes_personal_data": True, "minors_users": True, "min_user_age": 8,
                    "minors_protection": True, "privacy_regimes": ["PIPL"], "impact_assessment": True,
                    "generative_ai_public_cn": True, "algorithm_filing": "filed", "data_licence": "owned",
                    "output_ownership_terms": True, "ip_assigned": True}, "vertical": "education"},
    {"compliance": {"jurisdictions": ["US"], "activities": ["ai_chips"], "export_control_review": False,
                    "processes_personal_data": False, "ip_assigned": False}, "vertical": "infrastructure"},
]


@pytest.mark.parametrize("variant", range(len(VARIANTS)))
def test_no_mitigation_contradicts_the_checklist(results, variant):
    """Every action tied to checklist items is proposed only while one of them applies and is open;
    no action asks for what the profile shows done (an ethics board, IP assigned)."""
    cfg = RiskConfig.default()
    specs = {(m.id, a.id): a for m in cfg.mitigation.mitigations for a in m.actions}
    rs = [*results.values(), assess(profile(**dict(VARIANTS[variant])))]
    for r in rs:
        items = {c.id: c for c in r.compliance}
        for m in r.mitigations:
            assert m.action_ids, m.id
            for a in m.action_ids:
                spec = specs[(m.id, a)]
                if spec.items:
                    assert any(i in items and items[i].is_open for i in spec.items), (r.startup_id, m.id, a)
    board = [r for r in rs if r.startup_id == "medicare-ai"][0]
    assert "ethics_officer" not in {a for m in board.mitigations for a in m.action_ids}   # it has a board


# --------------------------------------------------------------------------- rules keyed on country, data, activity
def test_every_rule_cites_its_source_and_date():
    """Over the shipped data file itself: law, articles, source and an ISO date for every rule."""
    raw = yaml.safe_load((DATA / "risk_compliance.yaml").read_text(encoding="utf-8"))
    assert len(raw["rules"]) >= 16
    for rule_id, rule in raw["rules"].items():
        for key in ("law", "articles", "source", "date"):
            assert str(rule.get(key, "")).strip(), (rule_id, key)
        assert dt.date.fromisoformat(str(rule["date"])) <= dt.date(2026, 12, 31), rule_id
        assert re.search(r"\d{4}", rule["source"]), (rule_id, "the source names a year")
    nmpa = raw["rules"]["cn_nmpa"]
    assert "人工智能医疗器械注册审查指导原则" in nmpa["law"] + nmpa["source"] and str(nmpa["date"]).startswith("2022")
    assert "生成式人工智能服务管理暂行办法" in raw["rules"]["cn_genai"]["law"]


def test_pipl_only_where_chinese_personal_information_is_processed():
    assert "cn_pipl" in ids(profile(compliance={"processes_personal_data": True}))
    assert "cn_pipl" not in ids(profile(compliance={"processes_personal_data": False}))
    assert "cn_pipl" not in ids(profile(compliance={"jurisdictions": ["US"], "processes_personal_data": True}))
    assert "cn_pipl" in ids(profile(compliance={"jurisdictions": ["US", "CN"], "processes_personal_data": True}))
    unknown = next(c for c in checklist(profile()) if c.id == "cn_pipl")
    assert unknown.applies is None and unknown.status == "unknown"
    assert "compliance.processes_personal_data" in unknown.missing and "may apply" in unknown.gap_text("en")


def test_pipl_impact_assessment_only_for_sensitive_data():
    assert "cn_pipl_pia" not in ids(profile(compliance={"processes_personal_data": True, "sensitive_personal_data": False}))
    st = ids(profile(compliance={"processes_personal_data": True, "data_types": ["biometric"]}))
    assert st["cn_pipl_pia"] == "unknown"
    assert ids(profile(compliance={"processes_personal_data": True, "sensitive_personal_data": True,
                                   "impact_assessment": True}))["cn_pipl_pia"] == "met"
    assert "cn_pipl_pia" not in ids(profile(compliance={"jurisdictions": ["EU"], "sensitive_personal_data": True,
                                                        "processes_personal_data": True}))


def test_genai_filing_only_for_public_generative_services_in_china():
    assert ids(profile(compliance={"generative_ai_public_cn": True, "algorithm_filing": "not_filed"}))["cn_genai"] == "gap"
    assert "cn_genai" not in ids(profile(compliance={"generative_ai_public_cn": False}))
    assert "cn_genai" not in ids(profile(compliance={"activities": ["medical_diagnosis"]}))   # said what it does
    assert "cn_genai" not in ids(profile(compliance={"jurisdictions": ["US"], "generative_ai_public_cn": True}))
    assert ids(profile())["cn_genai"] == "unknown"                                        # question open


def test_device_rules_by_market():
    med = {"activities": ["medical_diagnosis"]}
    assert set(ids(profile(compliance=med))) >= {"cn_nmpa"}
    assert not {"us_fda", "eu_mdr"} & set(ids(profile(compliance=med)))
    us = ids(profile(compliance={**med, "jurisdictions": ["US", "DE"]}))
    assert us["us_fda"] == "unknown" and us["eu_mdr"] == "unknown" and "cn_nmpa" not in us
    cleared = {**med, "medical_device": {"nmpa": {"status": "cleared", "device_class": "III"}}}
    assert ids(profile(compliance=cleared))["cn_nmpa"] == "met"
    planned = {**med, "medical_device": {"nmpa": {"status": "planned"}}}
    assert ids(profile(compliance=planned))["cn_nmpa"] == "gap"
    # a medical company that does not list its activities is asked; a finance company is not
    ask = next(c for c in checklist(profile(vertical="medical")) if c.id == "cn_nmpa")
    assert ask.applies is None and "compliance.activities" in ask.missing
    assert "cn_nmpa" not in ids(profile(vertical="finance"))
    assert "cn_nmpa" not in ids(profile(vertical="medical", compliance={"activities": ["generative_content"]}))


def test_hipaa_only_for_us_health_data_and_gdpr_only_for_eu_personal_data():
    assert "us_hipaa" in ids(profile(compliance={"jurisdictions": ["US"], "data_types": ["health"]}))
    assert "us_hipaa" not in ids(profile(compliance={"jurisdictions": ["CN"], "data_types": ["health"]}))
    assert "us_hipaa" not in ids(profile(compliance={"jurisdictions": ["US"], "data_types": ["financial"]}))
    assert "us_hipaa" not in ids(profile(compliance={"jurisdictions": ["US"], "processes_personal_data": True}))
    assert "gdpr" in ids(profile(compliance={"jurisdictions": ["FR"], "processes_personal_data": True}))
    assert "gdpr" not in ids(profile(compliance={"jurisdictions": ["US"], "processes_personal_data": True}))


def test_eu_ai_act_only_when_serving_the_eu():
    assert "eu_ai_act" not in ids(profile(compliance={"eu_ai_act_use_case": "medical device"}))
    item = next(c for c in checklist(profile(compliance={"jurisdictions": ["EU"], "eu_ai_act_use_case": "chatbot"}))
                if c.id == "eu_ai_act")
    assert item.tier == "limited" and "Art. 50" in item.action("en") and "High-risk" not in item.action("en")


def test_minors_rules_only_with_minors():
    assert not {"cn_minors", "us_coppa"} & set(ids(profile(compliance={"minors_users": False})))
    cn = ids(profile(compliance={"minors_users": True, "min_user_age": 10}))
    assert cn["cn_minors"] == "unknown"
    us = {"jurisdictions": ["US"], "minors_users": True, "processes_personal_data": True}
    assert ids(profile(compliance={**us, "min_user_age": 10}))["us_coppa"] == "gap"
    assert "us_coppa" not in ids(profile(compliance={**us, "min_user_age": 15}))
    assert ids(profile(compliance={**us, "min_user_age": 10, "privacy_regimes": ["COPPA"]}))["us_coppa"] == "met"
    maybe = next(c for c in checklist(profile(compliance=us)) if c.id == "us_coppa")
    assert maybe.applies is None and "compliance.min_user_age" in maybe.missing


def test_export_controls_only_for_chips_and_compute():
    assert ids(profile(compliance={"activities": ["ai_chips"], "export_control_review": False}))["export_controls"] == "gap"
    assert ids(profile(compliance={"activities": ["compute_services"]}))["export_controls"] == "unknown"
    assert "export_controls" not in ids(profile(vertical="infrastructure"))


@pytest.mark.parametrize("comp, path, key", [
    ({"processes_personal_data": False, "data_types": ["health"]}, "compliance.processes_personal_data",
     "risk.expected.personal_with_data_types"),
    ({"sensitive_personal_data": False, "data_types": ["biometric"]}, "compliance.sensitive_personal_data",
     "risk.expected.sensitive_with_data_types"),
    ({"minors_users": False, "min_user_age": 9}, "compliance.min_user_age", "risk.expected.min_user_age"),
    ({"medical_device": {"nmpa": {"status": "cleared", "device_class": "IIa"}}},
     "compliance.medical_device.nmpa.device_class", "risk.expected.device_class"),
    ({"medical_device": {"ce_mdr": {"status": "planned", "pathway": "510k"}}},
     "compliance.medical_device.ce_mdr.pathway", "risk.expected.fda_pathway_only"),
    ({"medical_device": {"fda": {"status": "approved-ish"}}}, "compliance.medical_device.fda.status", "expected.one_of"),
    ({"data_types": ["horoscope"]}, "compliance.data_types[0]", "expected.one_of"),
])
def test_new_profile_fields_are_validated(comp, path, key):
    with pytest.raises(InputError) as exc:
        profile(compliance=comp)
    problems = {p.path: p.expected for p in exc.value.problems}
    assert problems.get(path) == key, problems


def test_device_answers_accept_the_usual_spellings():
    p = profile(compliance={"medical_device": {"fda": {"status": "registered", "device_class": "2", "pathway": "510(k)"},
                                               "nmpa": {"status": "submitted", "device_class": "三类"}}})
    md = p.compliance.medical_device
    assert md.fda.status.value == "cleared" and md.fda.device_class.value == "II" and md.fda.pathway.value == "510k"
    assert md.nmpa.device_class.value == "III"


# --------------------------------------------------------------------------- indicators that concern the company
def test_frontier_releases_are_no_risk_for_a_computer_vision_company(results, examples):
    assert not depends_on_llms(examples["forge-vision"], RiskConfig.default())
    assert "frontier_gap" not in {i.name for i in results["forge-vision"].indicators}
    # MediCare's CT reader: nlp on its own reports, no model provider, activities stated without generation
    assert "frontier_gap" not in {i.name for i in results["medicare-ai"].indicators}
    for key in ("lingxi-cx", "promptly", "northstar-studio", "xuebao-tutor"):
        assert "frontier_gap" in {i.name for i in results[key].indicators}, key
    cv = profile(technology={"model_types": ["cv"], "update_cycle_months": 6})
    assert "frontier_gap" not in {i.name for i in assess(cv).indicators}
    nlp = profile(technology={"model_types": ["nlp"], "update_cycle_months": 6})
    assert assess(nlp).indicator("frontier_gap").value == pytest.approx(12)
    provider = profile(vertical="infrastructure", technology={"model_types": ["cv"]})
    assert "frontier_gap" in {i.name for i in assess(provider).indicators}
    # the technical weights of the others are scaled to sum to 1
    tech = results["forge-vision"].dimensions["technical"]
    assert sum(i.weight for i in tech.indicators) == pytest.approx(1.0)
    assert tech.indicator("api_dependency").weight == pytest.approx(0.2 / 0.9)


def test_textbook_formulas_are_methods_not_scored_indicators(results):
    for key, r in results.items():
        names = {i.name for i in r.indicators}
        assert not names & set(METHOD_NAMES), key
        assert names <= set(SCORED_NAMES)
        assert tuple(m.name for m in r.methods) == METHOD_NAMES
        for m in r.methods:
            assert not m.scored and m.score is None and m.weight == 0, (key, m.name)
        assert "financials.funding_demand" not in r.overall.missing
        assert not any(m.triggered_by and set(m.triggered_by) & set(METHOD_NAMES) for m in r.mitigations)
    med = results["medicare-ai"]
    assert med.method("funding_demand").value == pytest.approx(5000 * 12 + 1000)     # R(12) = 61,000
    assert med.method("cash_flow").value == pytest.approx(58000)
    d = med.to_dict()
    assert [m["name"] for m in d["methods"]] == list(METHOD_NAMES)
    assert all(i["name"] not in METHOD_NAMES for dim in d["dimensions"].values() for i in dim["indicators"])


def test_compliance_gaps_are_counted_in_items_not_in_halves(results):
    """Issue #16: "3.5 open compliance items" — the value stays weighted, the text counts items."""
    ind = results["promptly"].indicator("compliance_gaps")
    assert ind.value == 3.5
    for lang in ("en", "zh"):
        assert "3.5" not in ind.explain(lang)
    assert "3 with a gap" in ind.explain("en") and "3 项存在缺口" in ind.explain("zh")
    forge = results["forge-vision"].indicator("compliance_gaps")
    assert forge.value == 0 and forge.explain("en") == "all 3 applicable compliance items are met"
