"""The investor update that alerts (issue #16, point 6): variances against plan in both directions, the
year to date, runs of misses and worsening trends; highlights, lowlights and asks; the link to the
due-diligence run.  Numbers by hand from the shipped KPI histories (src/goldmine/examples/kpis) and
crafted files."""

from __future__ import annotations

import json
import re

import pytest
from conftest import EXAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.errors import InputError
from goldmine.io.kpis import load_kpis
from goldmine.pipeline.settings import UpdateSettings
from goldmine.pipeline.update import DiligenceLookup, DiligenceRun, investor_update
from goldmine.report import render, update_document
from goldmine.report.update import message_text

KPIS = EXAMPLES / "kpis"
LANGS = ("en", "zh")


def update_of(path, **changes):
    return investor_update(load_kpis(path), UpdateSettings.default().with_(**changes) if changes else None)


def write(tmp_path, text, name="k.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def alerts(u, check=None, metric=None):
    return [a for a in u.alerts if (check is None or a.check == check) and (metric is None or a.metric == metric)]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ----------------------------------------------------------------------------- the shipped histories
@pytest.mark.parametrize("name, actual, plan, shown", [
    ("lingxi-cx", 1_750_000, 1_225_000, "+42.9%"),     # revenue 2025-10
    ("promptly", 72_000, 51_000, "+41.2%"),
])
def test_revenue_far_above_plan_is_an_upside_alert(name, actual, plan, shown):
    """Before issue #16: "No alerts: plan variances within 10 %" beside +42.9 % and +41.2 % (the check
    looked one way only)."""
    u = update_of(KPIS / f"{name}.csv")
    (a,) = alerts(u, "plan", "revenue")
    assert a.value == pytest.approx(actual / plan - 1) and a.period == "2025-10"
    assert a.tone == "positive" and a.message.key == "update.alert.plan"
    assert a.message.params["pct"] == shown
    assert "upside surprise" in message_text(a.message, "en") and shown in message_text(a.message, "en")
    assert "好于预期" in message_text(a.message, "zh") and "2025 年 10 月" in message_text(a.message, "zh")


def test_medicare_run_of_misses_and_worsening_trend():
    """MediCare: revenue on plan in January, 12 % short in February, 0.4 % over in March, then below
    plan every month from April to October (7 in a row; 8 of the 10 planned months), the shortfall
    widening from -2.0 % (May) to -4.7 % (October) — each month within 10 %, so no single-month alert."""
    u = update_of(KPIS / "medicare-ai.csv")
    assert not alerts(u, "plan", "revenue")                              # -4.7 % is within 10 %
    (s,) = alerts(u, "streak", "revenue")
    assert s.tone == "negative" and s.message.key == "update.alert.streak.below"
    assert (s.since, s.period, s.value) == ("2025-04", "2025-10", 7.0)
    assert s.message.params["on_side"] == 8 and s.message.params["planned"] == 10
    assert s.message.params["pct"] == f"{(305_000 / 320_000 - 1) * 100:+.1f}%" == "-4.7%"
    streak = next(x for x in u.streaks if x.metric == "revenue")
    assert (streak.side, streak.months, streak.months_on_side, streak.months_planned) == ("below", 7, 8, 10)
    (tr,) = alerts(u, "trend", "revenue")
    assert tr.tone == "negative" and (tr.since, tr.period) == ("2025-05", "2025-10")
    pcts = [a / p - 1 for a, p in [(251, 256), (262, 268), (270, 280), (281, 293), (296, 306), (305, 320)]]
    xs = range(6)
    mx, my = 2.5, sum(pcts) / 6
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, pcts, strict=True)) / sum((x - mx) ** 2 for x in xs)
    assert tr.value == pytest.approx(slope) and slope * 5 < -0.02
    assert "7" in message_text(s.message, "en") and "连续 7 个月低于计划" in message_text(s.message, "zh")
    # every alert is negative: no upside anywhere, and the burn overrun is flagged as well
    assert {a.tone for a in u.alerts} == {"negative"}
    assert alerts(u, "streak", "burn")[0].message.key == "update.alert.streak.above"


def test_year_to_date_of_the_shipped_histories():
    u = update_of(KPIS / "lingxi-cx.csv")
    rev = next(c for c in u.cumulative if c.metric == "revenue")
    actual = 900 + 1010 + 1120 + 1230 + 1350 + 1480 + 1600 + 1750
    plan = 900 + 940 + 983 + 1027 + 1073 + 1122 + 1172 + 1225
    assert (rev.since, rev.until, rev.months) == ("2025-03", "2025-10", 8)
    assert rev.pct == pytest.approx(actual / plan - 1)                    # +23.7 %
    (a,) = alerts(u, "cumulative", "revenue")
    assert a.tone == "positive" and a.value == pytest.approx(actual / plan - 1)
    m = update_of(KPIS / "medicare-ai.csv")
    assert next(c for c in m.cumulative if c.metric == "revenue").pct == pytest.approx(2_558 / 2_643 - 1)  # -3.2 %: within 5 %
    assert not alerts(m, "cumulative")


@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_history_alerts(lang):
    for f in sorted(KPIS.glob("*.csv")):
        u = update_of(f)
        assert u.alerts, f.name
        md = render(update_document(u, lang), "md")
        for a in u.alerts:
            assert squash(message_text(a.message, lang)) in squash(md.replace("\\", ""))


# ----------------------------------------------------------------------------- crafted files
HEAD = "# company: Testco\n# currency: USD\nmonth,revenue,burn,cash,plan_revenue,plan_burn\n"


def rows(revenue, plan, start=(2025, 1), burn=1000, plan_burn=1000, cash=50_000):
    y, m = start
    out = []
    for r, p in zip(revenue, plan, strict=True):
        out.append(f"{y}-{m:02d},{r},{burn},{cash},{p},{plan_burn}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return "\n".join(out) + "\n"


def test_cumulative_alert_without_any_monthly_alert(tmp_path):
    """Each month 6 % short: no month beyond 10 %, but the year to date 6 % short (> 5 %); the year to
    date starts in January (the months of 2024 are left out)."""
    f = write(tmp_path, HEAD + rows([94, 94, 94, 94, 94], [100] * 5, start=(2024, 11)))
    u = investor_update(load_kpis(f))
    assert not alerts(u, "plan")
    c = next(c for c in u.cumulative if c.metric == "revenue")
    assert (c.since, c.until, c.months, c.actual, c.plan) == ("2025-01", "2025-03", 3, 282, 300)
    (a,) = alerts(u, "cumulative", "revenue")
    assert a.tone == "negative" and a.value == pytest.approx(-0.06) and a.since == "2025-01"
    assert "a shortfall" in message_text(a.message, "en")


def test_cumulative_needs_two_months_of_the_year(tmp_path):
    f = write(tmp_path, HEAD + rows([50, 50, 50], [100] * 3, start=(2024, 11)))   # only 2025-01 this year
    assert not investor_update(load_kpis(f)).cumulative


@pytest.mark.parametrize("revenue, k, expected", [
    ([100, 100, 99, 99], 3, None),           # two misses: no run of three
    ([100, 99, 99, 99], 3, 3),
    ([99, 99, 99, 99], 3, 4),
    ([99, 99, 99, 99], 5, None),             # k a setting
    ([99, 99, 99, 100], 3, None),            # on plan in the last month: no run
])
def test_streak_of_k_months(tmp_path, revenue, k, expected):
    f = write(tmp_path, HEAD + rows(revenue, [100] * len(revenue)))
    u = investor_update(load_kpis(f), UpdateSettings.default().with_(streak_months=k))
    found = alerts(u, "streak", "revenue")
    assert (found[0].value if found else None) == expected


def test_a_missing_month_breaks_the_run(tmp_path):
    text = HEAD + "2025-01,90,1000,50000,100,1000\n2025-02,90,1000,50000,100,1000\n2025-04,90,1000,50000,100,1000\n"
    u = investor_update(load_kpis(write(tmp_path, text)))
    s = next(s for s in u.streaks if s.metric == "revenue")
    assert (s.months, s.since, s.months_on_side) == (1, "2025-04", 3)


def test_worsening_trend_before_a_run_of_misses(tmp_path):
    """+8 %, +5 %, +2 %, -1 %: only the last month is short (no run yet), but the trend falls 3 points
    a month: a worsening-trend alert with the slope; the reverse path (improving) gives none."""
    f = write(tmp_path, HEAD + rows([108, 105, 102, 99], [100] * 4))
    u = investor_update(load_kpis(f))
    (a,) = alerts(u, "trend", "revenue")
    assert a.value == pytest.approx(-0.03) and (a.since, a.period) == ("2025-01", "2025-04")
    assert a.message.params["slope"] == "-3.0" and a.message.key == "update.alert.trend.below"
    assert not alerts(u, "streak")
    better = investor_update(load_kpis(write(tmp_path, HEAD + rows([92, 95, 98, 99], [100] * 4), "b.csv")))
    assert not alerts(better, "trend")
    assert alerts(better, "streak", "revenue")[0].value == 4                # still a run of misses


def test_a_small_drift_is_no_trend(tmp_path):
    """-0.1 % to -0.4 %: the fitted change over the window (0.3 points) is under trend_change (2 points)."""
    f = write(tmp_path, HEAD + rows([99.9, 99.8, 99.7, 99.6], [100] * 4))
    u = investor_update(load_kpis(f))
    assert not alerts(u, "trend")
    assert alerts(investor_update(load_kpis(f), UpdateSettings.default().with_(trend_change=0.001)), "trend")


@pytest.mark.parametrize("burn, tone, reading", [
    (1150, "negative", "update.reading.overspend"),
    (850, "positive", "update.reading.underspend"),
])
def test_burn_reads_the_other_way(tmp_path, burn, tone, reading):
    f = write(tmp_path, HEAD + rows([100, 100], [100, 100], burn=burn))
    (a,) = alerts(investor_update(load_kpis(f)), "plan", "burn")
    assert a.tone == tone and a.message.params["reading"].key == reading


def test_headcount_off_plan_is_neutral(tmp_path):
    text = "month,cash,headcount,plan_headcount\n2025-01,100,10,10\n2025-02,100,13,10\n2025-03,100,14,10\n2025-04,100,15,10\n"
    u = investor_update(load_kpis(write(tmp_path, text)))
    assert [(a.check, a.tone) for a in u.alerts] == [("plan", "neutral")]   # no run or trend for headcount


def test_quarterly_alert_rests_on_the_quarter(tmp_path):
    f = write(tmp_path, HEAD + rows([150, 150, 150, 150], [100] * 4))
    u = investor_update(load_kpis(f), UpdateSettings.default().with_(period="quarter"))
    (a,) = alerts(u, "plan", "revenue")
    assert a.period == "2025-Q2" and a.value == pytest.approx(0.5)
    assert "2025 年第 2 季度" in message_text(a.message, "zh")


NO_PLAN = "# company: Noplan\nmonth,revenue,burn,cash\n2025-01,100,1000,50000\n2025-02,110,1000,49110\n2025-03,121,1000,48231\n"


def test_no_plan_columns_no_plan_alerts_said_once(tmp_path, cli):
    f = write(tmp_path, NO_PLAN)
    u = investor_update(load_kpis(f))
    assert u.plan_metrics == () and not u.alerts and not u.variance and not u.streaks and not u.trends
    from goldmine.i18n import t

    for lang in LANGS:
        md = render(update_document(u, lang), "md").replace("\\", "")
        assert md.count(t("update.no_plan", lang)) == 1
        assert t("update.no_alerts_no_plan", lang, runway="12") in md
        assert t("update.no_alerts", lang, runway="12", variance="10%", cumulative="5%", k="3") not in md
    r = cli("--lang", "en", "update", f, "--out", tmp_path / "o", "--format", "md")
    assert r.exit_code == 0, r
    assert squash(r.stdout).count("no plan_* columns") == 1


# ----------------------------------------------------------------------------- highlights, lowlights, asks
NOTES = """# company: Notesco
# company.zh: 笔记科技
# startup: notesco
# highlight: Won the Acme contract
# highlight.zh: 签下重要客户
# lowlight.en: Lost a senior engineer
# lowlight.zh: 一名资深工程师离职
# asks: Introductions to retail banks
month,revenue,burn,cash,plan_revenue
2025-01,100,1000,50000,100
2025-02,130,1000,49130,100
"""


def test_notes_are_read_with_their_language(tmp_path):
    k = load_kpis(write(tmp_path, NOTES))
    assert k.startup == "notesco" and k.company_zh == "笔记科技"
    assert [(n.kind, n.lang, n.text) for n in k.notes] == [
        ("highlight", None, "Won the Acme contract"), ("highlight", "zh", "签下重要客户"),
        ("lowlight", "en", "Lost a senior engineer"), ("lowlight", "zh", "一名资深工程师离职"),
        ("ask", None, "Introductions to retail banks")]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_highlights_lowlights_and_asks_rendered_in_both_languages(tmp_path, fmt):
    u = investor_update(load_kpis(write(tmp_path, NOTES)))
    assert [i.source for i in u.asks] == ["file"]                          # asks only from the file
    assert [i.source for i in u.highlights] == ["file", "file", "derived", "derived"]  # best variance, runway up
    assert any(i.source == "derived" and i.message.key == "update.derived.runway_up" for i in u.highlights)
    en, zh = (render(update_document(u, lang), fmt) for lang in LANGS)
    for text in ("Highlights", "Lowlights", "Asks", "Won the Acme contract", "Lost a senior engineer",
                 "Introductions to retail banks", "Strongest against plan", "+30.0%"):
        assert text in en, text
    for text in ("亮点", "不足", "需要投资人支持的事项", "签下重要客户", "一名资深工程师离职", "Won the Acme contract",
                 "Introductions to retail banks", "相对计划表现最好", "+30.0%", "笔记科技"):
        assert text in zh, text
    assert "一名资深工程师离职" not in en and "Lost a senior engineer" not in zh


def test_derived_lowlights_and_empty_sections(tmp_path):
    f = write(tmp_path, HEAD + rows([100, 80], [100, 100], burn=1000, cash=50_000))
    u = investor_update(load_kpis(f))
    assert [i.message.key for i in u.lowlights] == ["update.derived.worst", "update.derived.runway_down"]
    assert not u.highlights and not u.asks
    for lang in LANGS:
        from goldmine.i18n import t

        md = render(update_document(u, lang), "md")
        assert t("update.none.highlights", lang) in md and t("update.none.asks", lang) in md


def test_runway_change_on_the_previous_month(tmp_path):
    text = "month,revenue,burn,cash\n2025-01,0,1000,30000\n2025-02,0,1000,24000\n"   # 30 -> 24 months
    u = investor_update(load_kpis(write(tmp_path, text)))
    assert u.runway_previous == ("2025-01", 30.0)
    (low,) = u.lowlights
    assert low.message.key == "update.derived.runway_down"
    assert low.message.params == {"now": "24.0", "before": "30.0", "since": "2025-01"}


@pytest.mark.parametrize("line, fragment", [
    ("# highlight.fr: bonjour", "line 1.highlight.fr"),
    ("# ask: " + "x" * 2001, "line 1.ask"),
    ("# lowlight: a\x07b", "line 1.lowlight"),
    ("# startup: Not An Id", "# startup"),
])
def test_bad_header_lines(tmp_path, line, fragment):
    f = write(tmp_path, line + "\nmonth,cash\n2025-01,5\n")
    with pytest.raises(InputError) as exc:
        load_kpis(f)
    assert fragment in exc.value.message("en") and str(f) in exc.value.message("en")


def test_plain_comments_stay_comments(tmp_path):
    k = load_kpis(write(tmp_path, "# Fictional: a note with a colon\n# just a comment\nmonth,cash\n2025-01,5\n"))
    assert k.notes == () and k.startup is None


# ----------------------------------------------------------------------------- due diligence
RESULTS = {"company": {"id": "medicare-ai", "as_of": "2025-09-30", "cash": 9_845_000.0, "monthly_burn": 646_000.0,
                       "monthly_revenue": 296_000.0},
           "recommendation": {"verdict": "watch"},
           "sections": {"risk": {"status": "ok", "data": {"overall": {"score": 28.74, "rating": "moderate"}}}}}


def test_the_use_case_carries_a_run_it_is_given():
    run = DiligenceRun.from_results(RESULTS, 7, "2025-11-02", "default")
    assert run.runway_months == pytest.approx(9_845_000 / 350_000)
    u = investor_update(load_kpis(KPIS / "medicare-ai.csv"), diligence=DiligenceLookup("medicare-ai", run))
    d = u.to_dict()["diligence"]
    assert d["status"] == "found" and d["run"]["verdict"] == "watch" and d["run"]["risk_rating"] == "moderate"
    assert d["runway_change_months"] == pytest.approx(9_500_000 / 345_000 - 9_845_000 / 350_000)   # 27.5 - 28.1
    for lang in LANGS:
        md = render(update_document(u, lang), "md")
        assert "2025-11-02" in md and "2025-09-30" in md and "-0.6" in md
    from goldmine.i18n import t

    assert t("report.verdict.watch", "zh") in render(update_document(u, "zh"), "md")


def test_an_older_run_without_fields_is_read_with_nones():
    run = DiligenceRun.from_results({"recommendation": {"verdict": 3}}, 1, "2025-01-01", "w")
    assert (run.verdict, run.risk_rating, run.risk_score, run.runway_months, run.as_of) == (None, None, None, None, None)


@pytest.mark.parametrize("lookup, status", [
    (None, "not_checked"),                        # the file names a startup, nobody looked it up
    (DiligenceLookup(None), "no_startup"),
    (DiligenceLookup("medicare-ai"), "no_run"),
])
def test_diligence_status_without_a_run(lookup, status):
    u = investor_update(load_kpis(KPIS / "medicare-ai.csv"), diligence=lookup)
    assert u.diligence.status == status and u.diligence.run is None


def store_run_of(tmp_path, startup_file, results, workspace="default"):
    from goldmine.io import load_profile
    from goldmine.store import Store

    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.upgrade()
    ws = store.ensure_workspace(workspace)
    version = store.save_startup(ws, load_profile(startup_file))
    return store, store.record_run(ws, "due_diligence", {"x": 1}, {}, results, startup_version_id=version.id)


def test_cli_finds_the_latest_run_of_the_startup(tmp_path, cli):
    store, first = store_run_of(tmp_path, EXAMPLES / "medicare-ai.yaml", RESULTS)
    later = {**RESULTS, "recommendation": {"verdict": "pass"}}
    ws = store.workspace_id("default")
    version = store.history(ws, "medicare-ai")[-1].id
    second = store.record_run(ws, "due_diligence", {"x": 2}, {}, later, startup_version_id=version)
    db = f"sqlite:///{tmp_path / 'g.db'}"
    outs = {}
    for lang in LANGS:
        r = cli("--lang", lang, "update", KPIS / "medicare-ai.csv", "--db", db, "--json")
        assert r.exit_code == 0, r
        outs[lang] = r.stdout
    assert outs["en"] == outs["zh"]                                         # language-neutral JSON
    d = json.loads(outs["en"])["diligence"]
    assert d["status"] == "found" and d["run"]["id"] == second != first and d["run"]["verdict"] == "pass"
    r = cli("--lang", "en", "update", KPIS / "medicare-ai.csv", "--db", db, "--out", tmp_path / "o", "--format", "md")
    assert r.exit_code == 0, r
    assert "Due diligence of" in r.stdout and f"(run {second})" in r.stdout and "28.1 → 27.5" in squash(r.stdout)
    # another workspace, or another startup: no run, said in one line
    r = cli("--lang", "en", "update", KPIS / "medicare-ai.csv", "--db", db, "-w", "other", "--json")
    assert json.loads(r.stdout)["diligence"]["status"] == "no_run"
    r = cli("--lang", "en", "update", KPIS / "lingxi-cx.csv", "--db", db, "--out", tmp_path / "o", "--format", "md")
    lines = [ln for ln in r.stdout.splitlines() if "due-diligence run" in ln]
    assert len(lines) == 1 and "No due-diligence run of lingxi-cx" in lines[0]


def test_cli_startup_option_and_no_database_created(tmp_path, cli, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("GOLDMINE_HOME", str(home))
    r = cli("update", write(tmp_path, NO_PLAN), "--startup", "medicare-ai", "--json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["diligence"] == {"status": "no_run", "startup": "medicare-ai", "run": None,
                                                 "runway_change_months": None}
    assert not (home / "goldmine.db").exists()                              # a look-up creates no database
    r = cli("update", write(tmp_path, NO_PLAN), "--json")
    assert json.loads(r.stdout)["diligence"]["status"] == "no_startup"
    r = cli("update", write(tmp_path, NO_PLAN), "--startup", "Bad Id")
    assert r.exit_code == 2 and "--startup" in r.stderr


def test_json_is_identical_in_both_languages_with_notes(tmp_path, cli):
    f = write(tmp_path, NOTES)
    en = cli("--lang", "en", "update", f, "--json")
    zh = cli("--lang", "zh", "update", f, "--json")
    assert en.exit_code == 0 and en.stdout == zh.stdout
    d = json.loads(en.stdout)
    assert [a["check"] for a in d["alerts"]] == ["plan", "cumulative"]       # +30 % in February, +15 % together
    assert d["alerts"][0]["message"]["params"]["metric"] == {"term": "report.kpi.revenue"}


def test_thresholds_are_settings_with_sources():
    from goldmine.config import shipped

    section = shipped("settings.yaml")["update"]
    for name in ("variance_threshold", "cumulative_threshold", "streak_months", "trend_months", "trend_change"):
        assert section[name]["source"] and section[name]["date"], name
    s = UpdateSettings.default()
    assert (s.variance_threshold, s.cumulative_threshold, s.streak_months, s.trend_months, s.trend_change) == (0.1, 0.05, 3, 6, 0.02)
    u = update_of(KPIS / "medicare-ai.csv", streak_months=8)
    assert not alerts(u, "streak", "revenue")                             # 7 in a row < 8
    with pytest.raises(InputError):
        UpdateSettings.default().with_(streak_months=1)


# ----------------------------------------------------------------------------- invariants
def kpis_of(revenue, plan):
    from goldmine.pipeline.update import KPIs

    months = tuple(f"2025-{i + 1:02d}" for i in range(len(revenue)))
    n = len(revenue)
    return KPIs("P", "USD", months, {"revenue": tuple(revenue), "burn": (1e6,) * n, "cash": (1e7,) * n,
                                     "plan_revenue": tuple(plan)})


pairs = st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(pairs)
def test_checks_look_both_ways(data):
    """A plan alert exactly when the latest month is more than 10 % off plan, whichever way; its tone
    follows the side; the run of months is the trailing months on the last month's side; mirrored
    around the plan, a shortfall becomes an upside surprise of the same size."""
    revenue, plan = [float(a) for a, _ in data], [float(p) for _, p in data]
    u = investor_update(kpis_of(revenue, plan))
    pct = revenue[-1] / plan[-1] - 1
    found = alerts(u, "plan", "revenue")
    assert bool(found) == (abs(pct) > 0.10)
    if found:
        assert found[0].value == pytest.approx(pct) and found[0].tone == ("positive" if pct > 0 else "negative")
    side = [(a > p) - (a < p) for a, p in zip(revenue, plan, strict=True)]
    trailing = 0
    for s_ in reversed(side):
        if s_ == 0 or s_ != side[-1]:
            break
        trailing += 1
    streak = next((s_ for s_ in u.streaks if s_.metric == "revenue"), None)
    assert (streak.months if streak else 0) == trailing
    mirror = [2 * p - a for a, p in zip(revenue, plan, strict=True)]
    if found and min(mirror) >= 0:                  # KPI files hold no negative revenue
        flipped = alerts(investor_update(kpis_of(mirror, plan)), "plan", "revenue")
        assert flipped and flipped[0].value == pytest.approx(-pct) and flipped[0].tone != found[0].tone
    json.dumps(u.to_dict())
