"""Portfolio monitoring (issue #19, point 3): ``goldmine portfolio update KPIS_DIR`` runs the investor
update of every holding and shows the portfolio view.  The figures are those ``goldmine update`` gives
for each file alone (src/goldmine/examples/kpis: Lingxi CX +42.9 % and Promptly +41.2 % revenue
against plan in 2025-10, MediCare AI's revenue below plan seven months running)."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EXAMPLES

from goldmine.io.kpis import load_kpis
from goldmine.pipeline.portfolio import Failure, run_portfolio_update
from goldmine.pipeline.settings import UpdateSettings
from goldmine.report import render
from goldmine.report.portfolio import build

KPIS = EXAMPLES / "kpis"
FILES = sorted(KPIS.glob("*.csv"))
BROKEN = "month,revenue,burn,cash\n2025-01,100,200,not-a-number\n2025-02,100,200,1000\n"


def run_cli(cli, *args):
    r = cli(*args)
    return r, (json.loads(r.stdout) if "--json" in args and r.exit_code == 0 else None)


@pytest.fixture
def portfolio():
    return run_portfolio_update([load_kpis(f) for f in FILES], UpdateSettings.default())


def test_use_case_holds_every_company_with_the_numbers_of_its_update(portfolio):
    from goldmine.pipeline.update import investor_update

    assert [h.id for h in portfolio.holdings] == ["lingxi-cx", "medicare-ai", "promptly"]
    for f, h in zip(FILES, portfolio.holdings, strict=True):
        alone = investor_update(load_kpis(f))
        assert h.runway_months == alone.runway_months and h.runway_months_avg == alone.runway_months_avg
        assert h.net_burn == alone.net_burn and h.cash == alone.latest.get("cash")
        assert h.revenue_vs_plan == next(v.pct for v in alone.variance if v.metric == "revenue")
        assert sum(h.alerts.values()) == len(alone.alerts)
    by_id = {h.id: h for h in portfolio.holdings}
    assert by_id["lingxi-cx"].revenue_vs_plan == pytest.approx(3.0 / 7.0)       # +42.9 %
    assert by_id["promptly"].revenue_vs_plan == pytest.approx(7.0 / 17.0)       # +41.2 %
    worst = by_id["medicare-ai"].worst_alert
    assert worst is not None and worst.message.key == "update.alert.streak.below" and worst.metric == "revenue"
    assert worst.value == 7.0


def test_totals_per_currency_and_short_runway(portfolio):
    totals = {c.currency: c for c in portfolio.totals}
    assert set(totals) == {"CNY", "USD"} and totals["CNY"].companies == 2
    assert totals["CNY"].cash == pytest.approx(52_000_000 + 9_500_000)
    assert totals["CNY"].net_burn == pytest.approx(2_150_000 + 345_000)
    assert totals["USD"].cash == pytest.approx(2_600_000)
    assert portfolio.short_runway == () and portfolio.runway_limit == 12.0


def test_short_runway_is_listed(tmp_path):
    f = tmp_path / "tight.csv"
    f.write_text("# startup: tight\nmonth,revenue,burn,cash\n2025-01,10,110,1000\n2025-02,10,110,900\n", encoding="utf-8")
    p = run_portfolio_update([load_kpis(f)])
    assert p.short_runway == ("tight",) and p.holdings[0].runway_months == pytest.approx(9.0)
    assert p.holdings[0].worst_alert is not None and p.holdings[0].worst_alert.check == "runway"


def test_to_dict_is_language_neutral_and_summary_bilingual(portfolio):
    d = portfolio.to_dict()
    assert set(d) == {"period", "runway_limit", "holdings", "totals", "short_runway", "failures"}
    assert json.dumps(d, ensure_ascii=False) == json.dumps(portfolio.to_dict(), ensure_ascii=False)
    assert "在投企业 3 家" in portfolio.summary("zh") and "3 companies" in portfolio.summary("en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_portfolio_report_renders(portfolio, lang):
    doc = build(portfolio, lang)
    md = render(doc, "md")
    assert "+42.9%" in md and "+41.2%" in md
    assert ("收入连续 7 个月低于计划" if lang == "zh" else "Revenue below plan 7 months running") in md
    assert "<html" in render(doc, "html")


def test_cli_table_matches_update_alone(cli, tmp_path):
    r = cli("--lang", "en", "portfolio", "update", str(KPIS), "--no-store", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r
    for token in ("+42.9%", "+41.2%", "Lingxi CX", "MediCare AI", "Promptly"):
        assert token in r.stdout, token
    assert "Revenue below plan 7 months running" in (tmp_path / "out" / "portfolio.en.md").read_text(encoding="utf-8")
    _, p = run_cli(cli, "portfolio", "update", str(KPIS), "--no-store", "--json")
    for f in FILES:
        d = json.loads(cli("update", str(f), "--json").stdout)
        assert (tmp_path / "out" / f"{f.stem}.update.en.md").is_file()
        h = next(x for x in p["holdings"] if x["file"] == f.name)
        assert h["runway_months"] == d["runway_months"] and h["cash"] == d["latest"]["cash"]
        assert h["revenue_vs_plan"] == next(v["pct"] for v in d["variance"] if v["metric"] == "revenue")
        assert sum(h["alerts"].values()) == len(d["alerts"])
    assert (tmp_path / "out" / "portfolio.en.html").is_file() and (tmp_path / "out" / "portfolio.en.md").is_file()


def test_cli_zh_table(cli, tmp_path):
    r = cli("--lang", "zh", "portfolio", "update", str(KPIS), "--no-store", "--out", str(tmp_path), "--format", "md")
    assert r.exit_code == 0, r
    assert "投资组合" in r.stdout and "智医未来" in r.stdout and "+42.9%" in r.stdout


def test_broken_file_is_reported_and_the_others_run(cli, tmp_path):
    folder = tmp_path / "kpis"
    shutil.copytree(KPIS, folder)
    (folder / "broken.csv").write_text(BROKEN, encoding="utf-8")
    r, d = run_cli(cli, "portfolio", "update", str(folder), "--no-store", "--json")
    assert r.exit_code == 0, r
    assert [h["id"] for h in d["holdings"]] == ["lingxi-cx", "medicare-ai", "promptly"]
    assert [f["file"] for f in d["failures"]] == ["broken.csv"]
    err = d["failures"][0]["error"]
    assert err["type"] == "InputError" and err["problems"][0]["path"] == "line 2.cash"
    r = cli("--lang", "en", "portfolio", "update", str(folder), "--no-store", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0 and "broken.csv" in r.stderr and "1 files failed" in r.stdout


def test_failure_object_keeps_the_error():
    from goldmine.errors import GoldmineError

    p = run_portfolio_update([], failures=[Failure("x.csv", GoldmineError("portfolio.expected.folder"))])
    assert p.holdings == () and p.to_dict()["failures"][0]["error"]["key"] == "portfolio.expected.folder"


def test_store_adds_one_run_per_company_and_no_store_writes_nothing(cli, tmp_path):
    from goldmine.store import Store

    db = tmp_path / "runs.db"
    r, _ = run_cli(cli, "portfolio", "update", str(KPIS), "--no-store", "--db", f"sqlite:///{db}", "--json")
    assert r.exit_code == 0, r
    assert not db.exists()
    r, d = run_cli(cli, "portfolio", "update", str(KPIS), "--db", f"sqlite:///{db}", "-w", "fund1", "--json")
    assert r.exit_code == 0, r
    assert [x["id"] for x in d["runs"]] == ["lingxi-cx", "medicare-ai", "promptly"]
    st = Store(f"sqlite:///{db}")
    runs = st.list_runs(st.workspace_id("fund1"), kind="investor_update")
    assert len(runs) == 3 and [r.id for r in runs] == [x["run_id"] for x in d["runs"]]
    assert {r.results["company"] for r in runs} == {"Lingxi CX", "MediCare AI", "Promptly"}


def test_json_identical_in_both_languages(cli):
    _, en = run_cli(cli, "--lang", "en", "portfolio", "update", str(KPIS), "--no-store", "--json")
    _, zh = run_cli(cli, "--lang", "zh", "portfolio", "update", str(KPIS), "--no-store", "--json")
    assert en == zh and en["runs"] is None


@pytest.mark.parametrize("make", ["missing", "empty", "only_broken"])
def test_exit_2_without_a_readable_file(cli, tmp_path, make):
    folder = tmp_path / "kpis"
    if make != "missing":
        folder.mkdir()
    if make == "only_broken":
        (folder / "broken.csv").write_text(BROKEN, encoding="utf-8")
    r = cli("--lang", "en", "portfolio", "update", str(folder), "--no-store")
    assert r.exit_code == 2, r
    assert str(folder) in r.stderr.replace("\n", "")


def test_quarterly_period(cli):
    _, d = run_cli(cli, "portfolio", "update", str(KPIS), "--period", "quarter", "--no-store", "--json")
    assert d["period"] == "quarter"
    assert {h["period"] for h in d["holdings"]} == {"2025-Q4"} and {h["last_month"] for h in d["holdings"]} == {"2025-10"}
