"""Cash projection, runway, default alive/dead, next round and Monte Carlo (issue #4); the runway use
case, its settings, the finance configuration, keyed errors and language-neutral results (issue #12)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.finance import (
    Assumptions,
    Hire,
    PlannedRound,
    analyze_runway,
    project,
    resolve_drivers,
    simulate,
    simulate_loop,
)
from goldmine.io import load_profile, parse_profile

CERTAIN = dict(growth_volatility=0.0, growth_uncertainty=0.0, churn_sd=0.0, margin_sd=0.0, random_round=False)


def startup(cash=1_200_000, burn=100_000, revenue=(), gm=None, stage="seed", rounds=(), breakdown=None):
    fin = {"as_of": "2025-10-31", "cash": cash, "monthly_burn": burn,
           "revenue_history": [{"month": f"2025-{m:02d}", "revenue": r} for m, r in zip(range(11 - len(revenue), 11), revenue, strict=True)]}
    if gm is not None:
        fin["gross_margin"] = gm
    if breakdown:
        fin["burn_breakdown"] = breakdown
    return parse_profile({
        "identity": {"name": {"en": "Test"}, "country": "US", "currency": "USD", "founded": "2023-01-01"},
        "stage": stage, "vertical": "other", "business_model": "product", "team": {"size": 5},
        "financials": fin, "rounds": list(rounds)})


def test_runway_without_revenue_is_cash_over_burn():
    """Hand computation: $1.2M at $100k a month lasts 12.0 months; at $150k, 8.0."""
    assert project(startup()).runway_months == pytest.approx(12.0)
    assert project(startup(burn=150_000)).runway_months == pytest.approx(8.0)
    assert project(startup(burn=150_000)).cash_out_date == "2026-06"   # month 8 after October 2025: the last funded month


def test_runway_with_flat_revenue_is_cash_over_net_burn():
    """Hand computation: $1M, burn $200k, revenue $50k flat (stated: three months alone would take the
    growth of the prior), 60 % margin: net burn $150k, 6.67 months."""
    p = project(startup(cash=1_000_000, burn=200_000, revenue=(50_000, 50_000, 50_000), gm=0.6), Assumptions(revenue_growth=0.0))
    assert p.net_burn_now == pytest.approx(150_000)
    assert p.runway_months == pytest.approx(1_000_000 / 150_000)
    assert p.default_alive is False and p.months_to_profitability is None


def test_runway_with_growing_revenue_equals_a_hand_computation():
    """Revenue 100k -> 110k, growing 10 % a month (stated: two months of history alone would be
    capped at the T2D3 pace), kept (persistence 1), 100 % margin, burn 300k, cash 1M."""
    prof = startup(cash=1_000_000, burn=300_000, revenue=(100_000, 110_000), gm=1.0)
    p = project(prof, Assumptions(growth_persistence=1.0, revenue_growth=0.10))
    cash, rev, month = 1_000_000.0, 110_000.0, 0
    while True:                       # the hand computation, month by month
        month += 1
        rev *= 1.1
        prev, cash = cash, cash + rev - 300_000
        if cash < 0:
            break
    expected = (month - 1) + prev / (prev - cash)
    assert month == 8 and expected == pytest.approx(7.7468, abs=1e-4)
    assert p.runway_months == pytest.approx(expected, rel=1e-9)
    assert p.months_to_profitability == 11 and p.default_alive is False
    assert p.funding_need > 0


def test_hires_and_planned_rounds_change_the_projection():
    base = project(startup())
    hired = project(startup(), Assumptions(hires=(Hire(1, 20_000),)))
    assert hired.runway_months == pytest.approx(10.0)
    funded = project(startup(), Assumptions(planned_rounds=(PlannedRound(6, 600_000),)))
    assert funded.runway_months == pytest.approx(18.0) and base.runway_months == pytest.approx(12.0)
    assert funded.default_alive is False   # default alive ignores money not in the bank


def test_category_growth_applies_to_its_category_only():
    prof = startup(burn=100_000, breakdown={"staff": 60_000, "compute": 40_000})
    p = project(prof, Assumptions(category_growth={"staff": 0.10}, horizon_months=2))
    assert p.fixed_costs_by_category["staff"] == pytest.approx([66_000, 72_600])
    assert p.fixed_costs_by_category["compute"] == pytest.approx([40_000, 40_000])


def test_monte_carlo_without_uncertainty_equals_the_deterministic_runway():
    prof = startup(cash=1_000_000, burn=300_000, revenue=(100_000, 110_000), gm=0.8)
    a = Assumptions(**CERTAIN)
    det = project(prof, a).runway_months
    mc = simulate(resolve_drivers(prof, a), 5_000, seed=1)
    assert all(v == pytest.approx(det, rel=1e-5) for v in mc.runway_months.values())
    assert mc.p_cash_out == 1.0 and mc.p_round_within_horizon == 0.0


def test_monte_carlo_is_reproducible_and_thread_independent():
    d = resolve_drivers(load_profile_example("northstar-studio"))
    a, b, c = simulate(d, 150_000, seed=7, workers=1), simulate(d, 150_000, seed=7, workers=2), simulate(d, 150_000, seed=8)
    assert a.to_dict() == b.to_dict()
    assert a.p_cash_out != c.p_cash_out


def test_vectorised_monte_carlo_agrees_with_the_plain_loop():
    d = resolve_drivers(load_profile_example("northstar-studio"))
    vec = simulate(d, 40_000, seed=3)
    loop = simulate_loop(d, 4_000, seed=3)
    H = d.horizon
    out, rnd = np.array(loop["out_month"]), np.array(loop["round_month"])
    for vec_p, loop_p in ((vec.p_cash_out_no_round, (out <= H).mean()), (vec.p_cash_out, (out < rnd).mean())):
        se = math.sqrt(loop_p * (1 - loop_p) / 4_000 + vec_p * (1 - vec_p) / 40_000)
        assert abs(vec_p - loop_p) < 4 * se + 1e-9


@settings(max_examples=15, deadline=None)
@given(cash=st.floats(2e5, 5e6), burn=st.floats(2e4, 3e5), extra=st.floats(1e3, 2e5), revenue=st.floats(0, 1e5))
def test_p_cash_out_rises_with_burn(cash, burn, extra, revenue):
    """Same seed (common random numbers): more burn never lowers P(cash runs out)."""
    revs = (revenue * 0.9, revenue) if revenue > 0 else ()
    lo = analyze_runway(startup(cash=cash, burn=burn + revenue, revenue=revs, gm=0.7), n_paths=3_000, seed=11).monte_carlo
    hi = analyze_runway(startup(cash=cash, burn=burn + revenue + extra, revenue=revs, gm=0.7), n_paths=3_000, seed=11).monte_carlo
    assert hi.p_cash_out >= lo.p_cash_out
    assert hi.p_cash_out_no_round >= lo.p_cash_out_no_round


def test_next_round_uses_published_defaults():
    seed_co = startup(stage="seed", rounds=[{"name": "Seed", "date": "2025-06-01", "instrument": "equity", "amount": 3_000_000}])
    nr = resolve_drivers(seed_co).next_round
    assert nr.next_stage == "series_a"
    assert nr.probability == pytest.approx(0.364 / 0.564)          # Carta 2018 cohort
    assert nr.median_gap_months == pytest.approx(774 / 30.44, rel=1e-3)   # Carta Q4 2024
    assert nr.median_amount == pytest.approx(3_000_000 * 9.3 / 3.5)  # Carta Q1 2024 step-up
    assert nr.probability_now <= nr.probability
    a_co = startup(stage="series_a")
    assert resolve_drivers(a_co).next_round.median_gap_months == 28.0   # Crunchbase 2024


def test_seed_formulas_are_reported():
    """The projection reports the seed's R(t) and C(t) from goldmine.metrics, their one home (issue #12).

    medicare-ai states the seed's example (a = 5000, b = 1000, t1 = 6, t2 = 12, C1 = 3000).  C(t) now
    uses the seed's right-closed intervals (t <= t1; t1 < t <= t2), the convention its worked example
    decides: C(12) = R(12) - C1 = 61,000 - 3,000 = 58,000.  finance/seed.py used half-open intervals
    and gave [1000, 28000, 0] at t = 0, 6, 12: C(6) = R(6) - C1 and C(12) = 0, a bug fixed on purpose
    (t = 6 is still phase 1: R(6) = 31,000; t = 12 is still phase 2: 58,000).
    """
    p = project(load_profile_example("medicare-ai"))
    assert p.seed_formulas["funding_demand"]["R_12"] == pytest.approx(5000 * 12 + 1000)
    c = p.seed_formulas["cash_flow_plan"]["cash_flow"]
    assert [c[0], c[6], c[12]] == [1000, 31000, 58000]
    assert c[7] == 5000 * 7 + 1000 - 3000 and c[13] == 0


def test_runway_cli_json_keys(cli, examples_dir):
    r = cli("runway", examples_dir / "northstar-studio.yaml", "--paths", "5000", "--seed", "3", "--json")
    assert r.exit_code == 0, r
    out = json.loads(r.stdout)
    for key in ("runway_months", "p_cash_out", "p_cash_out_no_round", "runway_deterministic_months", "default_alive",
                "months_to_profitability", "funding_need", "next_round", "monte_carlo", "projection"):
        assert key in out
    assert set(out["runway_months"]) == {"p5", "p10", "p25", "p50", "p75", "p90", "p95"}
    assert 0 <= out["p_cash_out"] <= out["p_cash_out_no_round"] <= 1
    assert len(out["monte_carlo"]["fan"]["p50"]) == 60
    again = json.loads(cli("runway", examples_dir / "northstar-studio.yaml", "--paths", "5000", "--seed", "3", "--json").stdout)
    assert again == out


def test_runway_cli_errors(cli, tmp_path, examples_dir):
    bad = tmp_path / "bad.yaml"
    bad.write_text("identity: {name: {en: X}, country: US, currency: USD, founded: 2023-01-01}\nstage: seed\n"
                   "vertical: other\nbusiness_model: product\nteam: {size: 3}\nfinancials: {cash: -5, monthly_burn: 10}\n")
    r = cli("runway", bad)
    assert r.exit_code == 2 and "financials.cash" in r.stderr and "Traceback" not in r.stderr
    r = cli("runway", examples_dir / "promptly.yaml", "--hire", "soon:10k")
    assert r.exit_code == 2 and "--hire" in r.stderr
    r = cli("--lang", "zh", "runway", examples_dir / "xuebao-tutor.yaml", "--paths", "1000")
    assert r.exit_code == 0 and "资金可支撑月数" in r.stdout and "现金跑道" not in r.stdout   # GLOSSARY-zh.md


def load_profile_example(name):
    from pathlib import Path

    return load_profile(Path(__file__).resolve().parents[1] / "src" / "goldmine" / "examples" / f"{name}.yaml")


def test_documented_json_keys_match_the_output():
    """Every top-level key of `goldmine runway --json` is in docs/finance.md's table, and back."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "finance.md").read_text(encoding="utf-8")
    table = doc.split("## JSON")[1].split("\n\n")[2]
    documented = set(re.findall(r"^\| `(\w+)` \|", table, flags=re.M))
    out = analyze_runway(load_profile_example("promptly"), n_paths=1_000, seed=1).to_dict()
    assert documented == set(out)
    assert set(out["projection"]) <= set(re.findall(r"`(\w+)`", doc.split("`projection`:")[1]))


def test_growth_from_a_short_history_comes_from_the_prior_and_says_so(example_files):
    """forge-vision has three months of pilot revenue growing about 41 % a month (6,300 % a year);
    projecting that would call any pre-seed company default alive (issue #13). Under six months of
    history the growth is the prior's: a typical company of its size (data/growth.yaml, Bessemer and
    KBCM), marked as such in the JSON."""
    from goldmine.finance import Assumptions, analyze_runway
    from goldmine.growth import prior_for
    from goldmine.io import load_profile

    forge = load_profile(next(f for f in example_files if f.stem == "forge-vision"))
    report = analyze_runway(forge, Assumptions(), n_paths=2000, seed=1)
    g = report.growth
    assert g is not None and g.basis == "prior" and g.prior_dominated and g.weight == 0.0
    assert report.projection.revenue_growth_now == pytest.approx(math.expm1(prior_for(g.prior.arr_usd).log_mean / 12))
    assert report.to_dict()["growth"]["basis"] == "prior"
    assert report.projection.assumptions_used["revenue_growth"]["from"] == "growth_prior"
    lingxi = load_profile(next(f for f in example_files if f.stem == "lingxi-cx"))  # 8 months: history shrunk toward the prior
    lg = analyze_runway(lingxi, Assumptions(), n_paths=0).growth
    assert lg is not None and lg.basis == "history_and_prior" and 0 < lg.weight < 1


def test_runway_table_names_the_next_round_in_words_in_both_languages(cli, examples_dir):
    """Reviewer fix: the table printed the raw stage id ("next round (series_b)"), also in zh."""
    from goldmine.finance.rounds import _LADDER, next_stage_label
    from goldmine.i18n import has_key

    for nxt, *_ in _LADDER.values():
        assert has_key("finance.next_stage." + nxt.replace(" ", "_")), nxt
        assert next_stage_label(nxt, "zh") != nxt and "_" not in next_stage_label(nxt, "en")
    r = cli("--lang", "zh", "runway", examples_dir / "promptly.yaml", "--paths", "200")
    assert r.exit_code == 0, r
    assert "下一轮（A 轮）" in r.stdout and "series_a" not in r.stdout
    r = cli("--lang", "en", "runway", examples_dir / "promptly.yaml", "--paths", "200")
    assert "next round (Series A)" in r.stdout and "series_a" not in r.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (("--round", "3:1e400"), "--round"),                  # was: accepted as inf, NaN warnings, nonsense table
    (("--next-round-amount", "1e400"), "--next-round-amount"),
    (("--paths", "10000000000"), "--paths"),              # was: accepted, then tens of GB of arrays
])
def test_runway_cli_refuses_absurd_options(cli, examples_dir, args, needle):
    r = cli("runway", examples_dir / "promptly.yaml", *args)
    assert r.exit_code == 2 and needle in r.stderr + r.stdout and "Traceback" not in r.stderr


def test_no_cash_today_runs_out_in_the_as_of_month():
    """Reviewer fix: with cash 0 the runway was 0.0 months but `cash_out_date` was null, which the
    table prints as "cash runs out in —" (read: never)."""
    p = project(startup(cash=0))
    assert p.runway_months == 0 and p.cash_out_date == "2025-10" and p.default_alive is False


# --------------------------------------------------------------------------- issue #12
def test_run_runway_equals_what_the_cli_prints(cli, examples_dir):
    """`goldmine runway P --paths N --seed S --json` prints run_runway(P, settings): the use case the
    runway section of `goldmine analyze` calls too, so both give the same p_cash_out."""
    from goldmine.pipeline.runway import run_runway
    from goldmine.pipeline.settings import RunwaySettings

    path = examples_dir / "medicare-ai.yaml"
    settings = RunwaySettings.default().with_(paths=3000, seed=5)
    report = run_runway(load_profile(path), settings)
    r = cli("runway", path, "--paths", "3000", "--seed", "5", "--json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout) == json.loads(json.dumps(report.to_dict()))
    assert report.monte_carlo is not None and report.monte_carlo.n_paths == 3000 and report.monte_carlo.seed == 5


def test_runway_defaults_are_the_settings_file(cli, examples_dir):
    """One default everywhere (issue #12): 20,000 paths, seed 20251126, 60 months (data/settings.yaml),
    no longer the CLI's own 100,000 paths and seed 0."""
    from goldmine.pipeline.runway import run_runway
    from goldmine.pipeline.settings import RunwaySettings

    s = RunwaySettings.default()
    assert (s.paths, s.seed, s.horizon) == (20_000, 20251126, 60)
    report = run_runway(load_profile(examples_dir / "promptly.yaml"), s.with_(paths=500))
    assert report.monte_carlo.seed == 20251126 and report.projection.horizon_months == 60
    assert report.projection.assumptions_used["horizon_months"] == {"value": 60, "from": "settings"}
    stated = run_runway(load_profile(examples_dir / "promptly.yaml"), s.with_(paths=0), Assumptions(horizon_months=24))
    assert stated.projection.horizon_months == 24 and stated.monte_carlo is None   # an explicit assumption wins


def test_runway_json_holds_no_rendered_text(examples_dir):
    """Sources and the `from` of each assumption are ids or keys with parameters (issue #12)."""
    from goldmine.i18n import has_key
    from goldmine.i18n.messages import Message

    forge = analyze_runway(load_profile_example("forge-vision"), n_paths=0).to_dict()
    used = forge["projection"]["assumptions_used"]["revenue_growth"]
    assert used["from"] == "growth_prior" and used["params"] == {"weight": 0.0, "months": 3}
    assert has_key("finance.from.growth_prior")
    nr = forge["next_round"]
    for name in ("probability_source", "gap_source", "amount_source", "cross_check"):
        assert set(nr[name]) == {"key", "params"} and has_key(nr[name]["key"]), name
    msg = resolve_drivers(load_profile_example("promptly")).next_round.amount_source
    assert isinstance(msg, Message)
    assert msg.render("en").startswith("last round x 2.66 (median seed to Series A step-up")
    assert "种子轮至A 轮" in msg.render("zh")
    xuebao = analyze_runway(load_profile_example("xuebao-tutor"), n_paths=0).to_dict()
    assert xuebao["projection"]["assumptions_used"]["revenue_growth"]["from"] == "growth_no_revenue"


def test_growth_from_history_is_the_growth_model_on_the_metrics_growth():
    """One growth model (issue #13) on one definition of a history's growth (issue #12): the measured
    growth is goldmine.metrics.revenue_growth over the last 12 months, its volatility the sd of
    metrics.growth.log_growth_steps; the projection's growth is the posterior: the measurement shrunk
    toward the prior by precision weights, by hand here."""
    from goldmine.growth import prior_for
    from goldmine.metrics import revenue_growth
    from goldmine.metrics.growth import log_growth_steps

    prof = load_profile_example("medicare-ai")
    d = resolve_drivers(prof)
    g = revenue_growth(prof.financials.revenue_history, window=12)
    steps = log_growth_steps(prof.financials.revenue_history, window=12)
    m = math.log1p(g.monthly)
    assert d.growth.measured_monthly_log == pytest.approx(m, rel=1e-12)
    assert d.growth_volatility == steps.sd
    prior = prior_for(d.growth.prior.arr_usd)
    tau = prior.log_sd / 12
    se = max(steps.sd, 0.10) / math.sqrt(len(steps.rates))      # 10 months: the short-history floor applies
    w = tau ** 2 / (tau ** 2 + se ** 2)
    assert d.growth.weight == pytest.approx(w, rel=1e-12)
    assert d.mu == pytest.approx(w * m + (1 - w) * prior.log_mean / 12, rel=1e-12)
    assert d.growth_uncertainty == pytest.approx(math.sqrt(1 / (1 / tau ** 2 + 1 / se ** 2)), rel=1e-12)


def test_zero_revenue_months_follow_the_metrics_definition():
    """A month without revenue in the middle is spanned (same growth as before); a last month without
    revenue now gives -100 % (it was skipped: the company whose revenue stopped was shown growing),
    and the projection stays finite."""
    middle = startup(cash=1_000_000, burn=100_000, revenue=(100_000, 0, 121_000), gm=0.5)
    g = resolve_drivers(middle).growth           # two months of revenue: the prior, the measurement kept for the record
    assert math.expm1(g.measured_monthly_log) == pytest.approx(0.10) and g.basis == "prior"   # 100k -> 121k in 2 months
    stopped = startup(cash=1_000_000, burn=100_000, revenue=(100_000, 110_000, 0), gm=0.5)
    p = project(stopped)
    assert p.revenue_growth_now == -1.0 and p.assumptions_used["revenue_growth"]["value"] == -1.0
    assert all(r == 0 for r in p.revenue) and p.runway_months == pytest.approx(10.0)
    mc = simulate(resolve_drivers(stopped), 2000, seed=1)
    assert mc.p_cash_out_no_round == 1.0


def test_finance_config_is_validated_and_overridable(cli, tmp_path, examples_dir):
    """data/finance.yaml is a frozen pydantic model; --config reads an override, unknown keys refused with their path."""
    from goldmine.config import load_config
    from goldmine.errors import InputError
    from goldmine.finance import FINANCE_FILE, FinanceConfig

    cfg = FinanceConfig.shipped()
    assert cfg.projection.horizon_months.value == 60 and cfg.uncertainty.fan_paths.value == 50_000
    assert cfg.rounds.months_between.seed_to_a.value == 25.43
    with pytest.raises(InputError) as exc:
        load_config(FinanceConfig, FINANCE_FILE, override={"projection": {"buffer_month": {"value": 3}}})
    assert "projection.buffer_month" in exc.value.message("en")
    other = load_config(FinanceConfig, FINANCE_FILE, override={"projection": {"buffer_months": {"value": 0}}})
    p = project(startup(), config=None)
    q = analyze_runway(startup(), n_paths=0, config=other).projection
    assert q.funding_need_with_buffer == q.funding_need < p.funding_need_with_buffer
    good = tmp_path / "f.yaml"
    good.write_text("projection:\n  buffer_months: {value: 0}\n", encoding="utf-8")
    r = cli("runway", examples_dir / "xuebao-tutor.yaml", "--paths", "0", "--config", good, "--json")
    assert r.exit_code == 0, r
    out = json.loads(r.stdout)
    assert out["funding_need_with_buffer"] == out["funding_need"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("rounds:\n  graduations: {}\n", encoding="utf-8")
    r = cli("runway", examples_dir / "xuebao-tutor.yaml", "--config", bad)
    assert r.exit_code == 2 and "rounds.graduations" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("call", "key", "path"), [
    (lambda: Assumptions(churn_mean=2.0), "finance.error.assumption_range", "assumptions.churn_mean"),
    (lambda: Assumptions(category_growth={"staff": 20.0}), "finance.error.category_growth", "assumptions.category_growth.staff"),
    (lambda: Hire(0, 1000), "finance.error.hire", "assumptions.hires"),
    (lambda: PlannedRound(1, -5), "finance.error.planned_round", "assumptions.planned_rounds"),
    (lambda: resolve_drivers(startup(), Assumptions(category_growth={"rent": 0.1})), "finance.error.unknown_categories",
     "assumptions.category_growth"),
    (lambda: simulate(resolve_drivers(startup()), 0), "finance.error.paths", "paths"),
])
def test_finance_errors_carry_a_key_and_a_path(call, key, path):
    from goldmine.errors import AnalysisError
    from goldmine.i18n import has_key

    with pytest.raises(AnalysisError) as exc:
        call()
    assert exc.value.key == key and exc.value.path == path and has_key(key)
    assert exc.value.message("en").startswith(path + ": ") and exc.value.message("en") != exc.value.message("zh")


def test_the_probability_quoted_in_the_docs_is_the_default_output():
    """docs/finance.md quotes medicare-ai's P(cash runs out before the next round) with the default
    settings (20,000 paths, seed 20251126): the number a reader gets from `goldmine runway`."""
    from pathlib import Path

    from goldmine.pipeline.runway import run_runway

    doc = (Path(__file__).resolve().parents[1] / "docs" / "finance.md").read_text(encoding="utf-8")
    p = run_runway(load_profile_example("medicare-ai")).monte_carlo.p_cash_out
    assert f"medicare-ai.yaml` gives P(cash runs out before the next\nround) {p * 100:.1f} %" in doc
