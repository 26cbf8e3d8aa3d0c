"""Risk engine (issue #3, #12): configuration, indicators, missing inputs, the examples' ranking,
mitigations, compliance checklist, language-neutral JSON and texts in both languages."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import yaml

from goldmine import metrics
from goldmine.config import load_config
from goldmine.errors import AnalysisError, InputError
from goldmine.i18n import has_key
from goldmine.i18n.messages import Money, Term
from goldmine.io import load_profile, parse_profile
from goldmine.pipeline.risk import load_risk_config, run_risk
from goldmine.risk import (
    DIMENSIONS,
    INDICATOR_NAMES,
    METHOD_NAMES,
    RATINGS,
    SCORED_NAMES,
    RiskConfig,
    assess,
)
from goldmine.risk.compliance import eu_ai_act_tier
from goldmine.risk.config import STAGES


@pytest.fixture(scope="module")
def examples(examples_dir: Path) -> dict:
    return {p.stem: load_profile(p) for p in sorted(examples_dir.glob("*.yaml"))}


@pytest.fixture(scope="module")
def results(examples) -> dict:
    return {k: assess(p) for k, p in examples.items()}


def minimal_profile(**over):
    data = {
        "identity": {"name": {"en": "Bare"}, "country": "CN", "currency": "CNY", "founded": "2024-01-01"},
        "stage": "seed", "vertical": "other", "business_model": "product",
        "team": {"size": 4}, "financials": {"cash": 1_000_000, "monthly_burn": 100_000},
    }
    data.update(over)
    return parse_profile(data)


# --------------------------------------------------------------------------- configuration
def test_weights_sum_to_one_for_every_stage_and_dimension():
    cfg = RiskConfig.default()
    for stage in STAGES:
        w = cfg.stage_weights(stage)
        assert set(w) == set(DIMENSIONS)
        assert math.isclose(sum(w.values()), 1.0, abs_tol=1e-9), stage
    for dim in DIMENSIONS:
        assert math.isclose(sum(cfg.weights_of(dim).values()), 1.0, abs_tol=1e-9), dim


def test_the_configuration_is_frozen_and_read_once():
    cfg = RiskConfig.default()
    assert cfg is RiskConfig.default() is load_risk_config(None)
    with pytest.raises(ValueError):   # pydantic's frozen-instance error
        cfg.max_blend = cfg.max_blend   # type: ignore[misc]


def test_every_weighted_indicator_exists_and_every_scored_indicator_has_a_weight(results):
    """Every configured weight belongs to an indicator some example has; within a dimension the
    weights of the indicators present sum to 1 (frontier_gap is left out for a computer-vision company)."""
    cfg = RiskConfig.default()
    for dim in DIMENSIONS:
        names = {i.name for r in results.values() for i in r.dimensions[dim].indicators if i.scored}
        assert set(cfg.weights_of(dim)) == names, dim
        for key, r in results.items():
            present = [i for i in r.dimensions[dim].indicators if i.scored]
            assert {i.name for i in present} <= set(cfg.weights_of(dim)), (key, dim)
            assert math.isclose(sum(i.weight for i in present), 1.0, abs_tol=1e-9), (key, dim)


def test_scales_are_monotone_and_bounded():
    cfg = RiskConfig.default()
    for name, spec in cfg.scales.items():
        ys = [p[1] for p in spec.points]
        assert all(0 <= y <= 100 for y in ys), name
        assert ys == sorted(ys) or ys == sorted(ys, reverse=True), name
        assert spec.rationale, name


def test_user_config_overrides_and_is_checked(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({"missing_score": {"value": 80}, "mitigation": {"threshold": 50}}))
    cfg = load_risk_config(good)
    assert cfg.score_if_missing == 80 and cfg.threshold == 50
    assert cfg.max_blend == RiskConfig.default().max_blend          # the rest is the shipped configuration
    assert cfg.compliance == RiskConfig.default().compliance
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"dimension_weights": {"stages": {"seed": {
        "technical": 0.5, "market": 0.5, "capital": 0.5, "legal": 0.1, "social": 0.1}}}}))
    with pytest.raises(InputError) as exc:
        load_risk_config(bad)
    assert "dimension_weights.stages.seed" in exc.value.message()
    assert "summing to 1" in exc.value.message() and "权重之和为 1" in exc.value.message("zh")
    assert exc.value.problems[0].expected == "risk.expected.weights_sum"
    bad.write_text(yaml.safe_dump({"scales": {"runway_months": {"points": [[0, 100], [6, 20], [12, 60]]}}}))
    with pytest.raises(InputError) as exc:
        load_risk_config(bad)
    assert exc.value.problems[0].path == "scales.runway_months.points"


@pytest.mark.parametrize("override, path, key", [
    ({"scales": {"runway_month": {"points": [[0, 1], [1, 0]]}}, "dimension_weights": {"stage": {}}},
     "dimension_weights.stage", "expected.known_field"),
    ({"frontier": {"releases_per_month": 0}}, "frontier.releases_per_month", "expected.gt"),
    ({"ratings": [{"rating": "low", "below": 50}]}, "ratings", "risk.expected.ratings"),
    ({"matrix": {"likelihood_steps": [20, 40, 30, 80]}}, "matrix.likelihood_steps", "risk.expected.likelihood_steps"),
    ({"stage_success": {"stage_to_equidam": {"seed": "dev"}}}, "stage_success.stage_to_equidam.seed",
     "risk.expected.equidam_stage"),
    ({"categories": {"foundation_model": {"scores": {"own": 120}}}}, "categories.foundation_model.scores.own", "expected.le"),
    ({"mitigation": {"mitigations": [{"id": "x", "dimension": "moral", "source": "s", "triggers": ["api_dependency"]}]}},
     "mitigation.mitigations[0].dimension", "expected.one_of"),
])
def test_bad_overrides_are_refused_with_their_path_and_a_catalogue_key(override, path, key):
    """Every semantic check is a validator: the problem names the field path and a catalogue key."""
    with pytest.raises(InputError) as exc:
        load_config(RiskConfig, "risk.yaml", override=override)
    problems = {p.path: p.expected for p in exc.value.problems}
    assert problems.get(path) == key, problems
    for p in exc.value.problems:
        assert has_key(p.expected), p     # no plain-English problem texts


def test_data_files_name_sources():
    cfg = RiskConfig.default()
    seed_to_a = cfg.round_medians.seed_to_a
    assert seed_to_a.days == 774 and "Carta" in seed_to_a.source
    assert cfg.round_medians.a_to_b.months == 28
    assert "Crunchbase" in cfg.round_medians.a_to_b.source
    assert "epoch.ai" in cfg.frontier.source
    for entry in cfg.mitigation.mitigations:
        assert entry.source
    for rule in cfg.compliance.rules.values():
        assert rule.law and rule.articles and rule.source and rule.date
    assert "CPPA" in cfg.compliance.ccpa_revenue_threshold_usd.source or cfg.compliance.ccpa_revenue_threshold_usd.source


# --------------------------------------------------------------------------- indicators
def test_indicator_names_are_stable():
    """The valuation module maps these names into the 12 risk-factor-summation risks."""
    assert INDICATOR_NAMES == (
        "model_performance", "update_speed", "frontier_gap", "api_dependency", "foundation_model",
        "proprietary_data", "key_person_concentration", "ai_talent_share",
        "demand_forecast", "demand_growth", "revenue_growth", "competition_pressure", "competitor_count",
        "market_share", "customer_concentration",
        "runway_months", "next_round_timing", "stage_maturity", "gross_margin", "inference_margin",
        "funding_demand", "funding_coverage", "cash_flow",
        "vertical_regulation", "eu_ai_act_tier", "data_sensitivity", "compliance_gaps", "data_licence",
        "ip_assignment",
        "public_acceptance", "ethics_governance", "societal_sensitivity", "controversies",
    )


def test_indicators_compute_documented_values(results, examples):
    lingxi = results["lingxi-cx"]
    assert lingxi.indicator("model_performance").value == pytest.approx(0.88 * 0.84)
    assert lingxi.indicator("update_speed").value == pytest.approx(1 / 3)
    assert lingxi.indicator("frontier_gap").value == pytest.approx(3 * 2.0)
    assert lingxi.indicator("inference_margin").value == pytest.approx((2.0 - 0.9) / 2.0)
    f = examples["lingxi-cx"].financials
    assert lingxi.indicator("runway_months").value == pytest.approx(f.cash / (f.monthly_burn - f.monthly_revenue))
    demand = lingxi.method("demand_forecast")
    assert demand.value == pytest.approx(1800 * 1.06 ** 12)
    assert demand.detail["continuous"] == pytest.approx(1800 * math.exp(0.06 * 12))
    assert demand.score is None and not demand.scored and demand.weight == 0
    # time to next round: Series A (2025-04-28) to as_of 2025-10-31 plus runway, over 28 months (Crunchbase A->B)
    nrt = lingxi.indicator("next_round_timing")
    assert nrt.detail["median_months"] == 28
    assert nrt.value == pytest.approx((nrt.detail["months_since_last_round"] + lingxi.indicator("runway_months").value) / 28)
    # idea stage without rounds: measured from founding, against Carta's seed->A 774 days
    xb = results["xuebao-tutor"].indicator("next_round_timing")
    assert xb.detail["median"] == "seed_to_a" and xb.detail["median_months"] == pytest.approx(774 / 30.4375, abs=0.01)


def test_runway_of_a_cash_flow_positive_company_is_infinite_and_safe():
    p = minimal_profile(financials={"cash": 10, "monthly_burn": 100, "revenue_history": [{"month": "2025-01", "revenue": 200}],
                                    "as_of": "2025-06-30"})
    r = assess(p)
    assert math.isinf(r.indicator("runway_months").value)
    assert r.indicator("runway_months").score == 0
    assert r.indicator("next_round_timing").score == 0
    assert json.dumps(r.to_dict())  # inf becomes null in JSON


def test_idea_with_no_demand_scores_maximal_demand_risk(results):
    ind = results["xuebao-tutor"].indicator("demand_growth")
    assert ind.value == 0 and ind.score == 100 and not ind.missing


def test_eu_ai_act_tiers_by_use_case():
    cfg = RiskConfig.default()
    assert eu_ai_act_tier("medical device", cfg) == "high"
    assert eu_ai_act_tier("credit scoring", cfg) == "high"
    assert eu_ai_act_tier("Social scoring of citizens", cfg) == "prohibited"
    assert eu_ai_act_tier("customer service chatbot", cfg) == "limited"
    assert eu_ai_act_tier("content generation", cfg) == "limited"
    assert eu_ai_act_tier("industrial quality control", cfg) == "minimal"
    assert eu_ai_act_tier("example widget", cfg) == "unclassified"   # 'exam' must not match 'example'
    assert eu_ai_act_tier(None, cfg) is None


# --------------------------------------------------------------------------- missing inputs
def test_missing_inputs_are_named_lower_confidence_and_never_count_as_zero(results):
    bare = assess(minimal_profile())
    cfg = RiskConfig.default()
    assert bare.overall.confidence < min(r.overall.confidence for r in results.values())
    assert bare.overall.confidence < 0.6
    for path in ("technology.accuracy", "technology.recall", "market.competitors", "financials.gross_margin",
                 "team.key_person_concentration", "social.public_acceptance", "financials.as_of"):
        assert path in bare.overall.missing, path
    tech = bare.dimensions["technical"]
    assert all(i.missing and i.score is None for i in tech.indicators)
    assert tech.score == pytest.approx(cfg.score_if_missing)   # counted at the missing score, not 0
    assert tech.confidence == 0
    acc = bare.indicator("model_performance")
    assert acc.missing_inputs == ("technology.accuracy", "technology.recall")
    assert "technology.accuracy" in acc.explain("en") and "technology.accuracy" in acc.explain("zh")


def test_filling_a_missing_field_raises_confidence():
    bare = assess(minimal_profile())
    filled = assess(minimal_profile(technology={"accuracy": 0.9, "recall": 0.85}))
    assert filled.overall.confidence > bare.overall.confidence
    assert "technology.accuracy" not in filled.overall.missing
    assert filled.indicator("model_performance").value == pytest.approx(0.765)


def test_partly_known_inputs_lower_coverage(results):
    ind = results["lingxi-cx"].indicator("ethics_governance")   # ethics_board not stated
    assert ind.coverage < 1 and "social.ethics_board" in ind.missing_inputs
    assert "social.ethics_board" in results["lingxi-cx"].overall.missing


# --------------------------------------------------------------------------- the examples
EXPECTED_RANKING = ["xuebao-tutor", "northstar-studio", "promptly", "forge-vision", "medicare-ai", "lingxi-cx"]


def test_examples_ranking_riskiest_first(results):
    """The six examples, riskiest first, and why:

    1. xuebao-tutor — idea stage (Equidam success rate 5.9 %), no demand yet, 6.7 months of runway
       against a 25-month seed->A median, a 100 % third-party-API product without data, serving
       primary-school children with sensitive data, no PIPL programme, generative AI offered to the
       public in China without algorithm filing, IP not assigned, low public acceptance.
    2. northstar-studio — angel stage in finance: credit scoring is high-risk under the EU AI Act and
       it serves the EU; 60 % of inference on OpenAI/Mistral APIs and no proprietary data; the
       largest client is 40 % of revenue; unit economics not given (price and compute cost missing).
    3. promptly — the archetypal "wrapper": 100 % third-party API, no data moat, 40 competitors,
       unknown data provenance, no terms on output ownership, EU users without a GDPR programme;
       ranked below northstar because its capital and market are healthier (19 months of runway,
       revenue growing about 5 % a month, no customer above 3 %).
    4. forge-vision — pre-seed with one pilot customer at 60 % of revenue and a tiny market share,
       14 months of runway; but strong, fast-updated own models on exclusive data and almost no
       legal exposure (manufacturing, no personal data).
    5. medicare-ai — Series B, 27 months of runway, 72 % margin, ethics review and board, PIPL and
       its impact assessment done; its main risk is the regulation of medical AI: the Class III
       NMPA registration is submitted, not yet granted (issue #16: before, the checklist had no
       NMPA item and medicare-ai ranked last).
    6. lingxi-cx — Series A in a price war (25 competitors, 55 % gross margin, non-exclusive data,
       mixed data licences, no ethics review); 24 months of runway and algorithm filing done.
    """
    ranking = sorted(results, key=lambda k: -results[k].overall.score)
    assert ranking == EXPECTED_RANKING
    assert results["xuebao-tutor"].overall.rating in ("high", "critical")
    assert {results[k].overall.rating for k in ("northstar-studio", "promptly")} == {"elevated"}
    assert {results[k].overall.rating for k in ("forge-vision", "lingxi-cx", "medicare-ai")} <= {"low", "moderate"}
    # xuebao is also the least certain: an idea-stage company leaves most questions open
    assert min(results, key=lambda k: results[k].overall.confidence) == "xuebao-tutor"


def test_examples_get_distinct_explainable_assessments(results):
    scores = sorted(r.overall.score for r in results.values())
    assert all(b - a > 0.1 for a, b in zip(scores, scores[1:], strict=False))
    profiles = {tuple(round(r.dimensions[d].score) for d in DIMENSIONS) for r in results.values()}
    assert len(profiles) == len(results)
    # each example's distinctive risk shows up among its drivers or mitigations
    assert "api_dependency" in results["promptly"].dimensions["technical"].drivers
    assert "customer_concentration" in results["forge-vision"].dimensions["market"].drivers
    assert "vertical_regulation" in results["medicare-ai"].dimensions["legal"].drivers
    assert "eu_ai_act_tier" in results["northstar-studio"].dimensions["legal"].drivers
    assert results["medicare-ai"].overall.worst_dimension != "capital"
    assert "compliance_gaps" in results["xuebao-tutor"].dimensions["legal"].drivers
    assert results["xuebao-tutor"].dimensions["capital"].drivers[0] == "runway_months"
    assert results["lingxi-cx"].indicator("gross_margin").score == pytest.approx(40)


def test_matrix_places_each_dimension(results):
    r = results["xuebao-tutor"]
    cells = {c.dimension: c for c in r.matrix.cells}
    assert set(cells) == set(DIMENSIONS)
    assert cells["capital"].impact == 5
    assert cells["legal"].impact == 4      # education + minors raise legal impact
    assert cells["social"].impact == 3     # minors raise social impact
    for c in cells.values():
        assert 1 <= c.likelihood <= 5 and c.severity == c.likelihood * c.impact
    assert results["forge-vision"].matrix.cell("legal").likelihood == 1
    grid = r.matrix.grid
    assert sum(len(cell) for row in grid for cell in row) == 5


# --------------------------------------------------------------------------- mitigations
def test_mitigations_are_triggered_by_their_indicators(results):
    xb = {m.id: m for m in results["xuebao-tutor"].mitigations}
    assert "model_independence" in xb and "api_dependency" in xb["model_independence"].triggered_by
    assert "regulatory_readiness" in xb and "compliance_gaps" in xb["regulatory_readiness"].triggered_by
    assert "multi_channel_financing" in xb and "cash_flow_management" in xb
    assert "ip_protection" in xb
    med = {m.id for m in results["medicare-ai"].mitigations}
    assert "model_independence" not in med and "multi_channel_financing" not in med
    forge = {m.id for m in results["forge-vision"].mitigations}
    assert "customer_diversification" in forge and "privacy_protection" not in forge
    prios = [m.priority for m in results["xuebao-tutor"].mitigations]
    assert prios == sorted(prios, reverse=True)


def test_seed_strategies_are_all_in_the_catalogue():
    """Seed 003 §5.1-5.6: the 13 strategies each have a catalogue entry with concrete actions in both languages."""
    cfg = RiskConfig.default()
    ids = {m.id for m in cfg.mitigation.mitigations}
    seed = {"tech_updates", "team_building", "outsourcing", "market_research", "differentiation", "fast_iteration",
            "multi_channel_financing", "funds_management", "cash_flow_management", "privacy_protection",
            "ip_protection", "public_communication", "ethics_review"}
    assert seed <= ids
    for m in cfg.mitigation.mitigations:
        assert has_key(f"risk.mitigation.{m.id}.title"), m.id
        assert len(m.actions) >= 3 and len({a.id for a in m.actions}) == len(m.actions), m.id
        for a in m.actions:
            assert has_key(f"risk.mitigation.{m.id}.{a.id}"), (m.id, a.id)
        for trig in m.triggers:
            assert trig in SCORED_NAMES, trig


# --------------------------------------------------------------------------- compliance
def test_compliance_checklist_statuses(results):
    """The checklist holds the rules that apply (or may); the others are listed as not applicable."""
    def status(key):
        return {c.id: c.status for c in results[key].compliance}

    xb = status("xuebao-tutor")
    assert xb["cn_pipl"] == "gap" and xb["cn_genai"] == "gap" and xb["ip_assignment"] == "gap"
    assert xb["cn_minors"] == "gap" and xb["cn_pipl_pia"] == "unknown"
    assert xb["data_licences"] == "gap" and "eu_ai_act" not in xb and "gdpr" not in xb
    assert {"eu_ai_act", "gdpr", "us_coppa"} <= set(results["xuebao-tutor"].not_applicable)
    assert xb["output_ownership"] == "unknown"
    pipl = next(c for c in results["xuebao-tutor"].compliance if c.id == "cn_pipl")
    assert "guardian" in pipl.action("en") and "监护人" in pipl.action("zh")
    assert status("lingxi-cx")["cn_genai"] == "met"
    assert status("lingxi-cx")["data_licences"] == "partial"
    assert "cn_genai" in results["medicare-ai"].not_applicable
    med = status("medicare-ai")
    assert med["cn_nmpa"] == "partial" and all(s == "met" for k, s in med.items() if k != "cn_nmpa")
    pr = status("promptly")
    assert pr["gdpr"] == "gap" and pr["ccpa"] == "met" and pr["output_ownership"] == "gap"
    assert pr["eu_ai_act"] == "unknown"
    ns = {c.id: c for c in results["northstar-studio"].compliance}
    assert ns["eu_ai_act"].tier == "high" and ns["eu_ai_act"].params["tier"] == Term("risk.term.tier.high")
    assert ns["gdpr"].status == "met"
    assert ns["ccpa"].status == "unknown"     # US users, Californians not named: thresholds unknown
    assert "cn_pipl" not in status("forge-vision") and "cn_pipl" in results["forge-vision"].not_applicable
    for r in results.values():
        assert not {c.id for c in r.compliance} & set(r.not_applicable)
        assert len(r.compliance) + len(r.not_applicable) == len(RiskConfig.default().compliance.rules)


def test_compliance_unknown_answers_are_not_compliant():
    bare = assess(minimal_profile())
    st = {c.id: c for c in bare.compliance}
    assert st["cn_pipl"].status == "unknown" and "compliance.processes_personal_data" in st["cn_pipl"].missing
    assert st["data_licences"].status == "unknown"
    gaps = bare.indicator("compliance_gaps")
    assert gaps.value > 0 and gaps.coverage < 1


# --------------------------------------------------------------------------- output
def test_to_dict_has_the_documented_keys(results):
    d = json.loads(json.dumps(results["promptly"].to_dict()))
    assert {"score", "rating", "confidence", "missing"} <= set(d["overall"])
    assert d["overall"]["rating"] in RATINGS and 0 <= d["overall"]["score"] <= 100 and 0 <= d["overall"]["confidence"] <= 1
    assert set(d["dimensions"]) == set(DIMENSIONS)
    for dim in d["dimensions"].values():
        assert 0 <= dim["score"] <= 100
        for ind in dim["indicators"]:
            assert {"name", "value", "unit", "score", "source"} <= set(ind)
        assert set(ind["explanation"]) == {"key", "params"}
    assert isinstance(d["mitigations"], list) and d["mitigations"]
    assert {"id", "title", "actions", "triggered_by"} <= set(d["mitigations"][0])
    first = d["mitigations"][0]
    assert first["title"] == {"key": f"risk.mitigation.{first['id']}.title", "params": {}}
    assert [a["key"] for a in first["actions"]] == [f"risk.mitigation.{first['id']}.{a}" for a in first["action_ids"]]
    assert 1 <= len(first["actions"]) <= RiskConfig.default().mitigation.max_actions
    assert isinstance(d["compliance"], list)
    assert {"id", "applies", "status", "gap", "action"} <= set(d["compliance"][0])
    assert len(d["matrix"]["cells"]) == 5
    assert d["startup"] == {"id": "promptly", "name": "Promptly", "name_zh": results["promptly"].name_zh, "stage": "seed"}
    assert [m["name"] for m in d["methods"]] == list(METHOD_NAMES)
    assert all(c["date"] and c["articles"] for c in d["compliance"])


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _without(doc, keys):
    if isinstance(doc, dict):
        return {k: _without(v, keys) for k, v in doc.items() if k not in keys}
    if isinstance(doc, list):
        return [_without(v, keys) for v in doc]
    return doc


def test_to_dict_is_language_neutral(results):
    """Issue #12: no rendered text in the result; keys and parameters, the same whatever the language."""
    from goldmine.i18n import set_lang

    for r in results.values():
        docs = []
        for lang in ("en", "zh"):
            set_lang(lang)
            docs.append(json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True))
        set_lang(None)
        assert docs[0] == docs[1]
        # no text in any language: only citations (source, law) and the Chinese name carry Chinese
        assert not _CJK.search(json.dumps(_without(json.loads(docs[0]), {"source", "law", "articles", "name_zh"}),
                                          ensure_ascii=False)), r.startup_id
    xb = results["xuebao-tutor"].to_dict()
    runway = next(i for i in xb["dimensions"]["capital"]["indicators"] if i["name"] == "runway_months")
    assert runway["explanation"]["key"] == "risk.explain.runway_months"
    assert runway["explanation"]["params"]["net"] == {"amount": 60000.0, "currency": "CNY"}
    gaps = next(i for i in xb["dimensions"]["legal"]["indicators"] if i["name"] == "compliance_gaps")
    assert {"term": "risk.term.item.cn_pipl"} in gaps["explanation"]["params"]["items"]
    pipl = next(c for c in xb["compliance"] if c["id"] == "cn_pipl")
    assert [a["key"] for a in pipl["action"]] == ["risk.compliance.cn_pipl.action", "risk.compliance.cn_pipl.action_sensitive",
                                                 "risk.compliance.cn_pipl.action_minors"]
    assert pipl["gap"] == {"key": "risk.compliance.cn_pipl.gap", "params": {}}


def test_codes_in_explanations_are_terms_rendered_at_the_edge(results):
    """The parameter-family translation happens when the indicator is built: codes become Terms."""
    med = results["medicare-ai"].indicator("stage_maturity")
    assert med.params["stage"] == Term("stage.series_b") and med.params["equidam"] == Term("risk.term.equidam.expansion")
    assert isinstance(results["xuebao-tutor"].indicator("runway_months").params["net"], Money)
    nrt = results["forge-vision"].indicator("next_round_timing")
    assert nrt.params["since"] == Term("risk.term.since.last_round")
    assert "上一轮融资" in nrt.explain("zh") and "last round" in nrt.explain("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_renders_in_both_languages(results, lang):
    bare = assess(minimal_profile())
    for r in [*results.values(), bare]:
        text = r.summary(lang)
        assert text
        json.dumps(r.to_dict(), ensure_ascii=False)
        for ind in r.indicators:
            assert has_key(f"risk.ind.{ind.name}")
            assert ind.explain(lang)
        for c in r.compliance:
            c.title(lang), c.gap_text(lang), c.action(lang)
    assert "风险" in results["xuebao-tutor"].summary("zh")


def test_revenue_growth_survives_extreme_ratios(examples_dir):
    """Found by fuzzing (valuation helper): a tiny first month overflowed the compound growth."""
    p = load_profile(examples_dir / "promptly.yaml")
    hist = list(p.financials.revenue_history)
    hist[0] = hist[0].model_copy(update={"revenue": 1e-300})
    q = p.model_copy(update={"financials": p.financials.model_copy(update={"revenue_history": hist})})
    ind = next(i for d in assess(q).dimensions.values() for i in d.indicators if i.name == "revenue_growth")
    assert ind.value is not None and ind.value > 1e6 and 0 <= ind.score <= 100


_RAW_CODES = re.compile(
    r"\b(?:idea|pre_seed|seed|angel|series_[abc]|series_c_plus|growth|development|startup|expansion|"
    r"last round|last_round|founding|owned|licensed|mixed|scraped|unknown|filed|pending|not_filed|not_required|"
    r"prohibited|high|limited|minimal|unclassified|not_applicable|cn_pipl|cn_genai|eu_ai_act|gdpr|ccpa|"
    r"data_licences|output_ownership|ip_assignment|content|medical|finance|education|retail|manufacturing)\b")


def _zh_texts(r) -> list[str]:
    texts = [i.explain("zh") for i in (*r.indicators, *r.methods)]
    for c in r.compliance:
        texts += [c.title("zh"), c.gap_text("zh") or "", c.action("zh") or ""]
    # field paths (financials.funding_demand) are identifiers, not prose: drop them before checking
    # and quoted profile answers (the EU AI Act use case, “content generation”) are the user's own words
    return [re.sub(r"“[^”]*”|[A-Za-z_]+(?:\.[A-Za-z_]+)+", "", x) for x in texts]


@pytest.mark.parametrize("variant", [
    {}, {"compliance": {"data_licence": "mixed", "jurisdictions": ["CN", "EU"], "eu_ai_act_use_case": "chatbot",
                        "generative_ai_public_cn": True, "algorithm_filing": "pending"}},
    {"stage": "series_b", "vertical": "medical", "compliance": {"data_licence": "scraped", "jurisdictions": ["DE"],
                                                                "eu_ai_act_use_case": "credit scoring"}},
    {"stage": "pre_seed", "vertical": "education",
     "financials": {"cash": 1_000_000, "monthly_burn": 100_000, "as_of": "2025-06-30"},
     "rounds": [{"date": "2024-06-01", "name": "pre-seed",
                                                               "instrument": "safe", "amount": 500000}]},
])
def test_chinese_texts_carry_no_raw_english_codes(results, variant):
    """Review of issue #3: zh explanations showed "series_b 阶段（对应 Equidam 表中的 expansion）",
    "距上次（last round）", "训练数据：mixed", "等级：high", "未完成：cn_pipl, cn_genai"."""
    found = {}
    rs = [*results.values()]
    try:
        rs.append(assess(minimal_profile(**variant)))
    except Exception as exc:   # a variant the model refuses is a bug in this test, not a pass
        raise AssertionError(f"variant not accepted: {exc}") from exc
    for r in rs:
        for text in _zh_texts(r):
            hit = _RAW_CODES.search(text)
            if hit:
                found[hit.group(0)] = text
    assert not found, found
    assert "距上一轮融资" in assess(minimal_profile(**variant)).indicator("next_round_timing").explain("zh") \
        or not variant.get("rounds")


def test_english_texts_use_words_not_codes(results):
    text = results["medicare-ai"].indicator("stage_maturity").explain("en")
    assert "Series B stage" in text and "series_b" not in text
    assert "since the last round" in results["forge-vision"].indicator("next_round_timing").explain("en")


def test_runway_amount_uses_the_locale_money_format(results):
    """Review of issue #3: the zh text printed "CNY 60,000" instead of ¥6万."""
    from goldmine.i18n import format_money

    ind = results["xuebao-tutor"].indicator("runway_months")
    assert format_money(60000, "CNY", "zh") in ind.explain("zh") and "¥60k" in ind.explain("en")
    assert "CNY" not in ind.explain("zh") and "万" in ind.explain("zh")
    json.dumps(results["xuebao-tutor"].to_dict(), ensure_ascii=False)


# --------------------------------------------------------------------------- one home per quantity
def test_indicators_quote_goldmine_metrics(results, examples):
    """Runway and revenue growth are goldmine.metrics' numbers, not a second implementation."""
    for key, r in results.items():
        p = examples[key]
        assert r.indicator("runway_months").value == metrics.startup_runway(p)
        est = metrics.revenue_growth(p.financials.revenue_history)
        ind = r.indicator("revenue_growth")
        assert (ind.value, ind.missing) == ((None, True) if est is None else (est.annual, False)), key


def test_revenue_growth_skips_a_leading_zero_month():
    """A pre-revenue first month is not growth from zero (unchanged by the move to goldmine.metrics)."""
    hist = [{"month": "2025-01", "revenue": 0}, {"month": "2025-02", "revenue": 100},
            {"month": "2025-03", "revenue": 110}, {"month": "2025-04", "revenue": 121}]
    r = assess(minimal_profile(financials={"cash": 1_000_000, "monthly_burn": 100_000, "revenue_history": hist}))
    ind = r.indicator("revenue_growth")
    assert ind.value == pytest.approx(1.1 ** 12 - 1) and ind.params["months"] == 2 and ind.params["cmgr"] == "10.0"
    hist[-1]["revenue"] = 0
    r = assess(minimal_profile(financials={"cash": 1_000_000, "monthly_burn": 100_000, "revenue_history": hist}))
    assert r.indicator("revenue_growth").value == -1.0 and r.indicator("revenue_growth").score == 100


def test_run_risk_is_assess_with_the_shipped_configuration(examples, results):
    r = run_risk(examples["promptly"])
    assert r.to_dict() == results["promptly"].to_dict()
    strict = load_config(RiskConfig, "risk.yaml", override={"max_blend": {"value": 0.0}})
    assert run_risk(examples["promptly"], strict).overall.score == pytest.approx(r.overall.weighted_mean)


def test_unknown_names_are_project_errors(results):
    r = results["promptly"]
    with pytest.raises(AnalysisError) as exc:
        r.indicator("runway")
    assert exc.value.key == "risk.error.unknown_indicator" and "runway" in exc.value.message("zh")
    with pytest.raises(AnalysisError):
        r.matrix.cell("moral")
    with pytest.raises(AnalysisError) as exc:
        RiskConfig.default().scale("runway_months")(math.nan)
    assert exc.value.key == "risk.error.nan_value"
