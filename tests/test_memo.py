"""The investment memo of `goldmine analyze` (issue #16): memo sections for every example in both
languages and formats, sections without data naming the missing profile fields, the open diligence
questions (each rule fires on a crafted profile and not on a clean one), unit economics with their
published formulas, and the report's date, data vintage and staleness warning.

The report's date is pinned (``run_due_diligence(..., generated_on=...)`` or ``GOLDMINE_REPORT_DATE``)
so the tests do not depend on the day they run.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, dd_settings

from goldmine.i18n import t
from goldmine.io import load_profile
from goldmine.io.profiles import parse_profile
from goldmine.pipeline.due_diligence import run_due_diligence
from goldmine.report import due_diligence_document, render
from goldmine.report.due_diligence import ORDER, section_title

DAY = dt.date(2026, 1, 15)          # the pinned report date: MediCare's financials (2025-10-31) are 2.5 months old
LATE = dt.date(2026, 12, 6)         # 13 months after 2025-10-31: stale
FAST = dd_settings(paths=300, seed=7)
MEMO_SECTIONS = ("company", "product", "traction", "competition", "financials", "use_of_funds", "questions")
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def runs():
    return {n: run_due_diligence(load_profile(EXAMPLES / f"{n}.yaml"), FAST, generated_on=DAY) for n in NAMES}


def _raw(name: str) -> dict:
    from goldmine.io import read_mapping

    return dict(read_mapping(EXAMPLES / f"{name}.yaml"))


def _profile(name: str = "medicare-ai", **changes):
    """An example with top-level sections replaced (``None`` removes one)."""
    data = _raw(name)
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return parse_profile(data, source=f"{name} (edited)")


def _section(md: str, title: str) -> str:
    head = f"## {title}"
    assert head in md, head
    return md.split(head, 1)[1].split("\n## ", 1)[0]


# ------------------------------------------------------------------------------- sections
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_memo_section_appears_for_every_example_in_md_and_html(runs, lang):
    for name, dd in runs.items():
        doc = due_diligence_document(dd, lang)
        assert [s.id for s in doc.sections] == list(ORDER), name
        md = render(doc, "md").replace("\\", "")
        html = render(doc, "html")
        for sid in ORDER:
            title = section_title(sid, lang)
            assert f"## {title}" in md, (name, lang, sid)
            assert f'<section id="{sid}">' in html and title in html, (name, lang, sid)
        for sid in MEMO_SECTIONS:
            assert next(s for s in doc.sections if s.id == sid).blocks, (name, sid)


@pytest.mark.parametrize(("name", "lang"), [("medicare-ai", "en"), ("promptly", "zh")])
def test_memo_sections_appear_in_the_pdf(runs, name, lang, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(due_diligence_document(runs[name], lang), "pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120,
                          text=True).stdout
    flat = re.sub(r"\s+", "", text)
    if lang == "zh" and re.sub(r"\s+", "", t("report.dd.title", "zh", name="")) not in flat:
        pytest.skip("the PDF's Chinese font gives no extractable text here (ReportLab's CID font without a font file)")
    for sid in ORDER:
        assert re.sub(r"\s+", "", section_title(sid, lang)) in flat, (name, lang, sid)
    assert DAY.isoformat() in text or "2026 年 1 月 15 日" in text


def test_summary_has_verdict_thesis_terms_top_risks_and_top_questions(runs):
    dd = runs["medicare-ai"]
    md = render(due_diligence_document(dd, "en"), "md").replace("\\", "")
    summary = _section(md, section_title("summary", "en"))
    assert "Recommendation:" in summary
    assert "420,000 records of proprietary data" in summary and "6 patents" in summary      # the thesis's evidence
    assert "Proposed terms and expected returns" in summary and "¥90M" in summary and "mean multiple" in summary
    assert summary.count("\n- ") >= len(dd.recommendation.reasons) + 3 + 3
    assert "Top risks" in summary and "Top open questions" in summary
    assert dd.questions[0].text("en") in summary and f"[{dd.questions[0].field}]" in summary


def test_summary_without_a_proposal_says_so(runs):
    md = render(due_diligence_document(runs["lingxi-cx"], "en"), "md").replace("\\", "")
    assert "proposes no round (its proposal section)" in _section(md, section_title("summary", "en"))


def test_team_and_product_facts_the_profile_holds_are_shown(runs):
    md = render(due_diligence_document(runs["medicare-ai"], "en"), "md").replace("\\", "")
    team = _section(md, section_title("company", "en"))
    for text in ("Zhang Min", "CEO", "AI research, academia", "| 14 |", "Li Na", "Head of regulatory and clinical affairs",
                 "11 (32.4% of the team)", "2 / 2"):
        assert text in team, text
    product = _section(md, section_title("product", "en"))
    for text in ("420,000 records", "37 partner hospitals", "| 6 |", "93.0% / 89.0%", "86.7%"):
        assert text in product, text
    comp = _section(md, section_title("competition", "en"))
    assert "Tianmu Medical AI" in comp and "county hospitals" in comp


def test_a_section_without_data_names_the_missing_fields():
    """Without team members, traction, unit economics, competitors and use of funds, each section says
    what is missing by field path, in both languages, instead of disappearing."""
    data = _raw("medicare-ai")
    data["team"] = {k: v for k, v in data["team"].items() if k != "members"}
    data["market"] = {k: v for k, v in data["market"].items() if k not in ("competitors", "market_share")}
    data["financials"] = {**data["financials"], "revenue_history": []}
    for k in ("traction", "unit_economics", "competition", "use_of_funds", "proposal"):
        data.pop(k, None)
    p = parse_profile(data, source="bare")
    dd = run_due_diligence(p, FAST, generated_on=DAY)
    expected = {"company": ["team.members"],
                "traction": ["financials.revenue_history", "traction.customers", "traction.cohorts", "unit_economics.cac"],
                "competition": ["competition.competitors", "market.competitors"],
                "use_of_funds": ["use_of_funds.allocations", "use_of_funds.milestones"]}
    for lang in ("en", "zh"):
        doc = due_diligence_document(dd, lang)
        md = render(doc, "md").replace("\\", "")
        for sid, fields in expected.items():
            text = _section(md, section_title(sid, lang))
            for f in fields:
                assert f in text, (lang, sid, f)
            lead = t("memo.missing_section", lang, fields="X").split("X")[0]
            if sid != "company":
                assert lead in text, (lang, sid)     # the whole section is missing: said so
        assert t("memo.summary.no_proposal", lang) in _section(md, section_title("summary", lang))


# ------------------------------------------------------------------------------- unit economics
def test_unit_economics_follow_the_published_formulas(runs):
    """Skok (SaaS Metrics 2.0, 2013): payback = CAC / (ACV / 12 x gross margin), LTV = ACV x margin / churn;
    Kellogg (SaaStr 2019): NRR = this year's ARR of last year's cohorts / their ARR a year ago."""
    ue = runs["medicare-ai"].unit_economics
    assert ue.run_rate.value == pytest.approx(12 * 305_000)
    assert ue.payback_months.value == pytest.approx(90_000 / (61_000 / 12 * 0.72))
    assert ue.payback_months.basis == "skok_payback" and ue.payback_stated.value == 18
    assert ue.nrr_cohorts.value == pytest.approx((880_000 + 1_710_000) / (800_000 + 1_550_000))
    assert ue.logo_churn.value == pytest.approx(1 - (13 + 25) / (13 + 26)) and ue.logo_churn.basis == "cohorts"
    assert ue.ltv.value == pytest.approx(61_000 * 0.72 / ue.logo_churn.value)
    assert ue.ltv_cac.value == pytest.approx(ue.ltv.value / 90_000)
    lingxi = runs["lingxi-cx"].unit_economics                 # CAC and ACV derived
    assert lingxi.cac.basis == "sales_over_new_customers" and lingxi.cac.value == pytest.approx(350_000 / 120)
    assert lingxi.acv.basis == "run_rate_over_customers" and lingxi.acv.value == pytest.approx(12 * 1_750_000 / 1800)


def test_example_cohorts_add_up_to_the_run_rate_and_customers(runs):
    for name, dd in runs.items():
        p = dd.profile
        if p.traction is None or not p.traction.cohorts:
            continue
        assert sum(c.arr[-1] for c in p.traction.cohorts) == pytest.approx(12 * p.financials.monthly_revenue), name
        assert sum(c.customers[-1] for c in p.traction.cohorts) == p.traction.customers, name


def test_bad_cohorts_and_team_members_are_input_errors():
    from goldmine.errors import InputError

    with pytest.raises(InputError) as info:
        _profile(traction={"cohorts": [{"acquired": "2024-11", "customers": [10, 9], "arr": [1000]}]})
    assert "traction.cohorts[0].arr" in str(info.value)
    with pytest.raises(InputError) as info:
        _profile(traction={"cohorts": [{"acquired": "2024-11", "customers": [10, 12], "arr": [1000, 1200]}]})
    assert "traction.cohorts[0].customers[1]" in str(info.value)
    team = {**_raw("xuebao-tutor")["team"], "members": [{"name": "A"}, {"name": "B"}]}
    with pytest.raises(InputError) as info:
        parse_profile({**_raw("xuebao-tutor"), "team": team}, source="x")
    assert "team.members" in str(info.value)


# ------------------------------------------------------------------------------- questions
def _questions(p, **kw):
    from goldmine.pipeline.questions import diligence_questions

    return {q.key.removeprefix("memo.question."): q for q in diligence_questions(p, **kw)}


def _clean():
    """A consistent profile: no rule below fires on it."""
    data = _raw("lingxi-cx")
    return parse_profile(data, source="clean")


def test_cap_table_mismatch_fires_on_909090_shares_and_not_on_a_reconciled_table():
    from goldmine.pipeline.financing import captable_section

    promptly = load_profile(EXAMPLES / "promptly.yaml")
    q = _questions(promptly, captable=captable_section(promptly))["captable_mismatch"]
    assert q.field == "cap_table.holdings[4].shares" and q.severity == "high"
    assert q.params["difference"] == "909,090" and "909,090" in q.text("en") and "909,090" in q.text("zh")
    clean = _clean()
    assert "captable_mismatch" not in _questions(clean, captable=captable_section(clean))


def test_growth_on_two_months_fires_and_seven_months_do_not():
    forge = load_profile(EXAMPLES / "forge-vision.yaml")      # three months of revenue: growth over two
    q = _questions(forge)["short_growth"]
    assert q.params["months"] == "2" and q.field == "financials.revenue_history"
    assert "short_growth" not in _questions(_clean())


def test_unregistered_medical_device_fires_for_medical_imaging_only():
    from goldmine.pipeline.risk import run_risk

    medicare = load_profile(EXAMPLES / "medicare-ai.yaml")
    found = _questions(medicare, risk=run_risk(medicare))
    device = [q for k, q in found.items() if k in ("device_registration", "device_item")]
    assert device and device[0].severity == "high" and device[0].field.startswith("compliance")
    clean = _clean()
    assert not {"device_registration", "device_item"} & set(_questions(clean, risk=run_risk(clean)))


def test_one_model_vendor_fires_and_two_vendors_or_own_models_do_not():
    xuebao = load_profile(EXAMPLES / "xuebao-tutor.yaml")
    q = _questions(xuebao)["vendor_concentration"]
    assert q.field == "technology.api_dependency_share" and q.params["provider"] == "DeepSeek"
    assert "vendor_concentration" not in _questions(_clean())
    assert "vendor_concentration" not in _questions(load_profile(EXAMPLES / "promptly.yaml"))   # two providers named


def test_ip_not_assigned_fires_and_assigned_ip_does_not():
    xuebao = load_profile(EXAMPLES / "xuebao-tutor.yaml")
    assert _questions(xuebao)["ip_not_assigned"].field == "compliance.ip_assigned"
    assert not {"ip_not_assigned", "ip_unknown"} & set(_questions(_clean()))


def test_runway_resting_on_projected_growth_fires_only_with_that_reason():
    from goldmine.i18n.messages import Message
    from goldmine.pipeline.recommend import Reason, Recommendation

    on_growth = Recommendation("watch", (Reason(Message("report.reason.runway_long_on_growth", {"months": "> 60", "simple": "9.5"}),
                                                "positive", "runway", ("cash", "growth")),), 2)
    plain = Recommendation("watch", (Reason(Message("report.reason.runway_long", {"months": "> 60"}), "positive", "runway",
                                            ("cash",)),), 2)
    q = _questions(_clean(), recommendation=on_growth)["runway_on_growth"]
    assert q.params["simple"] == "9.5" and "9.5" in q.text("en")
    assert "runway_on_growth" not in _questions(_clean(), recommendation=plain)


def test_stated_nrr_against_the_cohorts_and_long_payback():
    promptly = load_profile(EXAMPLES / "promptly.yaml")       # states 95 %, its cohorts give 87.9 %
    found = _questions(promptly)
    assert found["nrr_mismatch"].params == {"stated": "95.0%", "cohorts": "87.9%"}
    assert found["payback_long"].field == "unit_economics.cac" and "ltv_cac_low" in found
    clean = _questions(_clean())
    assert not {"nrr_mismatch", "payback_long", "ltv_cac_low"} & set(clean)


def test_milestone_due_after_the_cash_runs_out():
    northstar = load_profile(EXAMPLES / "northstar-studio.yaml")
    q = _questions(northstar)["milestone_after_cash"]
    assert q.field == "use_of_funds.milestones[2].date" and q.params["date"] == "2027-06"
    assert "milestone_after_cash" not in _questions(_clean())


def test_questions_are_in_the_json_language_neutral_and_sorted(runs):
    import json

    from goldmine.pipeline.questions import SEVERITIES

    for dd in runs.values():
        d = json.loads(json.dumps(dd.to_dict(), default=str))
        assert [set(q) for q in d["questions"]] == [{"key", "params", "field", "severity"}] * len(d["questions"])
        ranks = [SEVERITIES.index(q["severity"]) for q in d["questions"]]
        assert ranks == sorted(ranks)
        for q in dd.questions:
            assert q.text("en") != q.text("zh")


# ------------------------------------------------------------------------------- date and vintage
def test_generation_date_and_vintage_on_every_report(runs):
    for name, dd in runs.items():
        assert dd.generated_on == DAY
        for lang in ("en", "zh"):
            doc = due_diligence_document(dd, lang)
            assert DAY.isoformat() in doc.subtitle, (name, lang)                  # the header
            footer = dict(doc.footer)
            assert footer[t("memo.footer.generated", lang)] == DAY.isoformat()
            oldest, newest = dd.vintage.oldest, dd.vintage.newest
            assert oldest is not None and newest is not None
            assert footer[t("memo.footer.vintage", lang)] == f"{oldest.date} – {newest.date}"
            for fmt in ("md", "html"):
                text = render(doc, fmt)
                # header and footer (running Chinese text writes the date as 2026 年 1 月 15 日)
                assert text.count(DAY.isoformat()) + text.count("2026 年 1 月 15 日") >= 2, (name, lang, fmt)


def test_vintage_lists_the_input_dates(runs):
    v = runs["medicare-ai"].vintage
    fields = {i.field: i for i in v.inputs}
    assert fields["financials.as_of"].date == "2025-10-31"
    assert fields["financials.revenue_history[9].month"].date == "2025-10"
    assert {"rounds[0].date", "rounds[1].date", "rounds[2].date"} <= set(fields)
    assert v.oldest.date == "2021-09-01" and v.newest.date == "2025-10-31"
    assert fields["rounds[0].date"].limit_months is None and fields["rounds[2].date"].limit_months == 26
    assert v.to_dict()["generated_on"] == DAY.isoformat()


def test_stale_financials_are_warned_about_and_fresh_ones_are_not():
    medicare = load_profile(EXAMPLES / "medicare-ai.yaml")
    fresh = run_due_diligence(medicare, FAST, generated_on=DAY)
    late = run_due_diligence(medicare, FAST, generated_on=LATE)
    assert "financials.as_of" not in fresh.vintage.to_dict()["stale"]
    assert not any(q.key == "memo.question.stale_input" and q.field == "financials.as_of" for q in fresh.questions)
    assert "financials.as_of" in late.vintage.to_dict()["stale"]
    q = next(q for q in late.questions if q.key == "memo.question.stale_input" and q.field == "financials.as_of")
    assert q.params["age"] == "13" and q.params["limit"] == "6"
    for lang in ("en", "zh"):
        warn = t("memo.vintage.stale", lang, items="X").split("X")[0]
        assert warn not in render(due_diligence_document(fresh, lang), "md").replace("\\", "")
        summary = _section(render(due_diligence_document(late, lang), "md").replace("\\", ""), section_title("summary", lang))
        assert warn in summary
    # the limit is a setting: a looser one makes the same financials fresh
    loose = FAST.model_copy(update={"freshness": FAST.freshness.with_(financials_months=24, revenue_months=24)})
    assert "financials.as_of" not in run_due_diligence(medicare, loose, generated_on=LATE).vintage.to_dict()["stale"]


def test_the_report_date_is_outside_the_inputs_hash_and_pinned_by_the_environment(monkeypatch):
    from goldmine.errors import InputError
    from goldmine.pipeline.vintage import ENV, report_date

    medicare = load_profile(EXAMPLES / "medicare-ai.yaml")
    a = run_due_diligence(medicare, FAST, generated_on=DAY)
    b = run_due_diligence(medicare, FAST, generated_on=LATE)
    assert a.inputs_hash == b.inputs_hash
    assert a.to_dict()["reproducibility"] == b.to_dict()["reproducibility"]
    monkeypatch.setenv(ENV, "2026-02-01")
    assert report_date() == dt.date(2026, 2, 1)
    assert run_due_diligence(medicare, FAST).generated_on == dt.date(2026, 2, 1)
    monkeypatch.setenv(ENV, "yesterday")
    with pytest.raises(InputError) as info:
        report_date()
    assert ENV in str(info.value)
    monkeypatch.delenv(ENV)
    assert report_date() == dt.datetime.now(dt.UTC).date()


def test_the_catalogue_has_every_memo_key_in_both_languages():
    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "src" / "goldmine" / "i18n" / "memo.yaml").read_text(encoding="utf-8"))
    for key, texts in data.items():
        assert key.startswith("memo."), key
        assert set(texts) == {"en", "zh"} and texts["en"].strip() and texts["zh"].strip(), key
        assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["zh"])), key
    src = Path(__file__).resolve().parents[1] / "src" / "goldmine"
    used = set()
    for f in [src / "report" / "memo.py", src / "pipeline" / "questions.py", src / "pipeline" / "vintage.py"]:
        used |= set(re.findall(r"[\"'](memo\.[a-z_.]+[a-z_])[\"']", f.read_text(encoding="utf-8")))
    assert not sorted(k for k in used if k not in data and not k.endswith((".", ".yaml")))


def test_a_stale_age_is_never_rounded_down_to_its_limit():
    """26.1 months against a limit of 26 reads "26.1", not "26 months old, limit 26"; whole months
    otherwise."""
    from goldmine.pipeline.vintage import InputDate

    assert InputDate("market", "market.as_of", "2024-10", 26.1, 26, True).shown_age() == ("26.1", "26")
    assert InputDate("market", "market.as_of", "2024-10", 25.4, 25, True).shown_age() == ("25.4", "25")
    assert InputDate("market", "market.as_of", "2024-10", 25.6, 25, True).shown_age() == ("26", "25")  # visibly over
    assert InputDate("market", "market.as_of", "2023-10", 38.4, 26, True).shown_age() == ("38", "26")
    assert InputDate("revenue", "revenue_history", "2025-09", 2.2, 6, False).shown_age() == ("2", "6")
