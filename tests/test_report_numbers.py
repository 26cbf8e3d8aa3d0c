"""The numbers in the reports equal the ``--json`` output of the underlying commands, in zh and en (issue #9).

Each test runs ``goldmine analyze`` (or ``goldmine sector``) to write the Markdown report, runs the
analysis's own command with ``--json`` on the same input and settings, formats each number with
the report's documented rounding (:mod:`goldmine.report.fmt`) and finds it in the report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from goldmine.i18n.messages import Message
from goldmine.report import fmt
from goldmine.report.sections import runway_months

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "goldmine" / "examples" / "medicare-ai.yaml"
PATHS, SEED, HORIZON = "1000", "11", "60"
LANGS = ("en", "zh")


def _json(cli, *args):
    r = cli(*args, "--json")
    assert r.exit_code == 0, r
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The Markdown reports of the example in both languages, written by ``goldmine analyze``."""
    from goldmine.cli import main

    out = tmp_path_factory.mktemp("dd")
    texts = {}
    for lang in LANGS:
        try:
            main(["--lang", lang, "analyze", str(EXAMPLE), "--out", str(out), "--format", "md", "--langs", lang,
                  "--paths", PATHS, "--seed", SEED, "--horizon", HORIZON, "--no-store"])
        except SystemExit as exc:
            assert exc.code in (0, None)
        texts[lang] = (out / f"medicare-ai.{lang}.md").read_text(encoding="utf-8").replace("\\", "")
    return texts


def _has(md: str, text: str, what: str) -> None:
    assert text in md, f"{what}: {text!r} not in the report"


@pytest.mark.parametrize("lang", LANGS)
def test_risk_numbers(cli, reports, lang):
    d = _json(cli, "--lang", lang, "risk", EXAMPLE)
    md = reports[lang]
    _has(md, fmt.num(d["overall"]["score"]), "overall score")
    _has(md, fmt.pct(d["overall"]["confidence"]), "confidence")
    for name, dim in d["dimensions"].items():
        _has(md, fmt.num(dim["score"]), f"{name} score")
        for ind in dim["indicators"]:
            if ind["score"] is not None:
                _has(md, fmt.num(ind["score"]), f"{ind['name']} score")
            if ind.get("explanation"):   # the JSON holds the key and parameters; the report renders them
                _has(md, Message.from_dict(ind["explanation"]).render(lang), f"{ind['name']} explanation")
    for m in d["mitigations"]:
        _has(md, Message.from_dict(m["title"]).render(lang), "mitigation")
        for a in m["actions"]:
            _has(md, Message.from_dict(a).render(lang), "mitigation action")
    for c in d["compliance"]:
        _has(md, Message.from_dict(c["title"]).render(lang), "compliance item")


@pytest.mark.parametrize("lang", LANGS)
def test_runway_numbers(cli, reports, lang):
    d = _json(cli, "--lang", lang, "runway", EXAMPLE, "--paths", PATHS, "--seed", SEED, "--horizon", HORIZON)
    md = reports[lang]
    _has(md, fmt.pct(d["p_cash_out"]), "P(cash out)")
    _has(md, fmt.pct(d["p_cash_out_no_round"]), "P(cash out, no round)")
    for k, v in d["runway_months"].items():
        _has(md, runway_months(v, d["horizon_months"], lang), f"runway {k}")
    _has(md, fmt.money(d["funding_need"], "CNY", lang), "funding need")


@pytest.mark.parametrize("lang", LANGS)
def test_valuation_numbers(cli, reports, lang):
    d = _json(cli, "--lang", lang, "value", EXAMPLE)
    md = reports[lang]
    for k in ("value", "low", "high"):
        _has(md, fmt.money(d["synthesis"][k], d["currency"], lang), f"synthesis {k}")
    for m in d["methods"]:
        if m.get("applicable", True):
            for k in ("value", "low", "high"):
                _has(md, fmt.money(m[k], d["currency"], lang), f"{m['name']} {k}")
            _has(md, fmt.pct(m["weight"]), f"{m['name']} weight")


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory):
    from goldmine.financing import plan_from_profile
    from goldmine.io import load_profile

    plan, _ = plan_from_profile(load_profile(EXAMPLE))
    f = tmp_path_factory.mktemp("plan") / "plan.yaml"
    f.write_text(yaml.safe_dump(plan.model_dump(mode="json", by_alias=True), allow_unicode=True), encoding="utf-8")
    return f


@pytest.mark.parametrize("lang", LANGS)
def test_captable_and_waterfall_numbers(cli, reports, plan_file, lang):
    md = reports[lang]
    d = _json(cli, "--lang", lang, "captable", plan_file)
    for st in d["steps"]:
        _has(md, fmt.pct(st["dilution"], 2), f"{st['name']} dilution")
        _has(md, fmt.num(st["price"], 4), f"{st['name']} price")
    for holder, path in d["ownership_path"]["holders"].items():
        for v in path:
            _has(md, fmt.pct(v, 2), f"{holder} ownership")
    post = 48_000_000
    exits = [str(post * m) for m in (0.5, 1.0, 3.0, 10.0)]
    args = [a for e in exits for a in ("--exit", e)]
    w = _json(cli, "--lang", lang, "waterfall", plan_file, *args)
    for wf in w["waterfalls"]:
        for holder, amount in wf["by_holder"].items():
            _has(md, fmt.money(amount, "CNY", lang), f"{holder} payout at {wf['exit_value']}")


@pytest.mark.parametrize("lang", LANGS)
def test_market_numbers(cli, reports, tmp_path, lang):
    from goldmine.io import load_profile

    p = load_profile(EXAMPLE)
    csv = tmp_path / "history.csv"
    csv.write_text("date,value\n" + "".join(f"{h.date.strftime('%Y-%m') if hasattr(h.date, 'strftime') else h.date},{h.value:g}\n"
                                            for h in p.market.history), encoding="utf-8")
    md = reports[lang]
    for model in ("bass", "logistic", "exp"):
        d = _json(cli, "--lang", lang, "forecast", csv, "--model", model, "--horizon", "12", "--holdout", "2")
        fc = d["forecast"]
        _has(md, fmt.num(fc["central"][-1], 1), f"{model} forecast")
        _has(md, f"{fmt.num(fc['lower'][-1], 1)} – {fmt.num(fc['upper'][-1], 1)}", f"{model} interval")
        _has(md, fmt.num(d["fit"]["rmse"], 3), f"{model} rmse")
        score = next(s for s in d["holdout"]["scores"] if s["model"] == model)
        _has(md, fmt.num(score["rmse"], 3), f"{model} holdout rmse")


# ------------------------------------------------------------------------------- sector
@pytest.fixture(scope="module")
def sector_inputs(tmp_path_factory):
    from goldmine.io.demo_data import demo_news, demo_prices

    folder = tmp_path_factory.mktemp("sector")
    prices, _, _ = demo_prices()
    pf = folder / "prices.csv"
    pf.write_text("date,close\n" + "".join(f"{d.date()},{v}\n" for d, v in prices.items()), encoding="utf-8")
    nf = folder / "news.csv"
    demo_news().to_csv(nf, index=False)
    return pf, nf, folder


@pytest.mark.parametrize("lang", LANGS)
def test_sector_numbers_equal_bubble_and_sentiment_json(cli, sector_inputs, lang):
    pf, nf, folder = sector_inputs
    r = cli("--lang", lang, "sector", "--prices", pf, "--news", nf, "--out", folder, "--format", "md", "--langs", lang)
    assert r.exit_code == 0, r
    md = (folder / f"sector.{lang}.md").read_text(encoding="utf-8").replace("\\", "")
    b = _json(cli, "--lang", lang, "bubble", pf, "--log", "--cv", "table", "--lags", "0")
    for k in ("adf", "sadf", "gsadf"):
        _has(md, fmt.num(b[k], 3), k)
    _has(md, fmt.num(b["critical_values"]["gsadf"]["95"], 3), "GSADF cv95")
    for e in b["episodes"]:
        _has(md, f"| {e['start']} | {e['peak']} | {e['end']} | {e['duration']} |", "episode")
    s = _json(cli, "--lang", lang, "sentiment", "index", nf)
    _has(md, f"{s['latest']['index']:.3f}", "latest sentiment index")
    _has(md, f"{s['start']} – {s['end']}", "sentiment vintage")


@pytest.mark.parametrize("lang", LANGS)
def test_investor_update_numbers(cli, tmp_path, lang):
    kpis = ROOT / "src" / "goldmine" / "examples" / "kpis" / "lingxi-cx.csv"
    r = cli("--lang", lang, "update", kpis, "--out", tmp_path, "--format", "md", "--langs", lang)
    assert r.exit_code == 0, r
    md = (tmp_path / f"lingxi-cx.update.{lang}.md").read_text(encoding="utf-8").replace("\\", "")
    d = _json(cli, "--lang", lang, "update", kpis)
    cur = d["currency"]
    _has(md, fmt.months(d["runway_months"]), "runway")
    _has(md, fmt.months(d["runway_months_avg"]), "runway on average burn")
    for m in ("revenue", "burn", "net_burn", "cash"):
        _has(md, fmt.money(d["latest"][m], cur, lang), f"latest {m}")
    for m, v in d["cmgr"].items():
        _has(md, fmt.pct(v), f"cmgr {m}")
    for v in d["variance"]:
        _has(md, f"{v['pct'] * 100:+.1f}%", f"{v['metric']} vs plan")
    for p in d["periods"]:
        _has(md, f"| {p['period']} | {fmt.money(p['revenue'], cur, lang)} |", f"{p['period']} revenue")
