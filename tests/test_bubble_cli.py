"""``goldmine bubble`` (issue #7): JSON keys, errors with exit code 2, chart, languages, demo step."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

KEYS = ["adf", "sadf", "gsadf", "critical_values", "p_values", "bsadf", "episodes", "parameters"]


def _csv(tmp_path, values, name="series.csv", extra=None):
    dates = pd.date_range("1990-01-31", periods=len(values), freq="ME")
    df = pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "price": values})
    if extra is not None:
        df["dividend"] = extra
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def _bubble_path(T=240, seed=4):
    rng = np.random.default_rng(seed)
    y = np.empty(T)
    y[0] = 4.0
    for t in range(1, T):
        y[t] = (1.03 if 0.5 * T <= t < 0.62 * T else 1.0) * y[t - 1] + 0.05 * rng.standard_normal()
    return np.exp(y)


def test_json_keys_exactly(cli, tmp_path):
    path = _csv(tmp_path, _bubble_path())
    r = cli("bubble", path, "--log", "--json")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert list(d) == KEYS
    for name in ("adf", "sadf", "gsadf"):
        assert set(d["critical_values"][name]) == {"90", "95", "99"}
        assert 0 < d["p_values"][name] <= 1
    assert set(d["bsadf"][0]) == {"date", "stat", "cv95"}
    assert {"T", "window", "lags", "cv_method", "reps", "seed"} <= set(d["parameters"])
    assert d["parameters"]["T"] == 240 and d["parameters"]["lags"] == 0
    assert d["episodes"] and {"start", "end", "peak", "duration"} <= set(d["episodes"][0])


def test_monte_carlo_and_wild_bootstrap_options(cli, tmp_path):
    path = _csv(tmp_path, _bubble_path(120))
    r = cli("bubble", path, "--log", "--cv", "mc", "--reps", "50", "--seed", "3", "--json", "--backend", "serial")
    assert r.exit_code == 0, r
    d = json.loads(r.stdout)
    assert d["parameters"]["cv_method"] == "mc" and d["parameters"]["reps"] == 50 and d["parameters"]["seed"] == 3
    r2 = cli("bubble", path, "--log", "--cv", "mc", "--reps", "50", "--seed", "3", "--json", "--backend", "serial")
    assert json.loads(r2.stdout)["critical_values"] == d["critical_values"]
    r3 = cli("bubble", path, "--log", "--cv", "wb", "--reps", "40", "--seed", "1", "--lags", "1", "--json", "--backend", "serial")
    assert r3.exit_code == 0, r3
    d3 = json.loads(r3.stdout)
    assert d3["parameters"]["cv_method"] == "wb" and d3["parameters"]["lags"] == 1


def test_ratio_out_chart_and_chinese(cli, tmp_path):
    price = _bubble_path(200)
    path = _csv(tmp_path, price, extra=np.full(200, 2.0))
    out = tmp_path / "out"
    r = cli("--lang", "zh", "bubble", path, "--ratio", "price/dividend", "--log", "--out", out)
    assert r.exit_code == 0, r
    assert "右尾单位根检验" in r.stdout
    png = out / "bubble_price_dividend.png"
    assert png.is_file() and png.read_bytes()[:4] == b"\x89PNG"
    saved = json.loads((out / "bubble_price_dividend.json").read_text(encoding="utf-8"))
    assert list(saved)[:8] == KEYS


@pytest.mark.parametrize("values,args,needle", [
    (list(np.linspace(1, 2, 10)), [], "at least"),
    ([5.0] * 60, [], "varies"),
    (list(np.linspace(-1, 1, 60)), ["--log"], "positive"),
])
def test_bad_series_exit_2(cli, tmp_path, values, args, needle):
    path = _csv(tmp_path, values)
    r = cli("bubble", path, *args)
    assert r.exit_code == 2, r
    assert needle in r.stderr and "Traceback" not in r.stderr


def test_gaps_and_bad_options_exit_2(cli, tmp_path):
    path = tmp_path / "gap.csv"
    rows = ["date,price"] + [f"2000-{m:02d}-01,{100 + m}" for m in range(1, 13)] + ["2001-01-01,"] + \
           [f"2001-{m:02d}-01,{120 + m}" for m in range(2, 13)] + [f"2002-{m:02d}-01,{130 + m}" for m in range(1, 13)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = cli("bubble", path)
    assert r.exit_code == 2 and "empty" in r.stderr
    ok = _csv(tmp_path, _bubble_path(100))
    assert cli("bubble", ok, "--cv", "nope").exit_code == 2
    assert cli("bubble", ok, "--ratio", "price").exit_code == 2
    assert cli("bubble", ok, "--window", "500").exit_code == 2
    assert cli("bubble", tmp_path / "missing.csv").exit_code == 2


def test_demo_step_writes_results(tmp_path, capsys):
    from goldmine.cli.bubble import demo_step
    from goldmine.cli.demo import DemoContext

    ctx = DemoContext(out=tmp_path)
    demo_step(ctx)
    files = [p for _, p in ctx.written]
    data = json.loads((tmp_path / "bubble" / "bubble_demo.json").read_text(encoding="utf-8"))
    assert set(data) == {"nasdaq_1994_2000_weekly", "sp500_1999_2018_monthly"}
    nasdaq = data["nasdaq_1994_2000_weekly"]
    assert nasdaq["gsadf"] > nasdaq["critical_values"]["gsadf"]["95"]      # the dot-com boom is explosive
    assert nasdaq["episodes"][-1]["end"] >= "2000-01-01"
    assert "lppls" in nasdaq and 0 <= nasdaq["lppls"]["confidence"] <= 1
    assert any(str(p).endswith(".png") for p in files)


@pytest.mark.parametrize("args,needle", [
    (["--delta", "-1"], "delta"),
    (["--cv", "mc", "--reps", "0"], "replications"),
    (["--cv", "mc", "--reps", "-5"], "replications"),
    (["--cv", "wb", "--reps", "20", "--control", "0"], "control window"),
    (["--cv", "mc", "--reps", "10", "--backend", "bogus"], "backend"),
    (["--cv", "mc", "--reps", "10", "--backend", "processes:x"], "backend"),
])
def test_absurd_options_exit_2_not_defaults(cli, tmp_path, args, needle):
    """Review: --delta -1 and --backend bogus raised tracebacks; --reps 0 and --control 0 silently ran the
    defaults (``reps or default``)."""
    path = _csv(tmp_path, _bubble_path(80))
    r = cli("bubble", path, *args)
    assert r.exit_code == 2, r
    assert needle in r.stderr and "Traceback" not in r.stderr


def test_missing_dates_exit_2(cli, tmp_path):
    """A hole in the dates (20 missing months) used to be tested as if the observations were consecutive."""
    dates = pd.date_range("1990-01-31", periods=120, freq="ME").delete(range(40, 60))
    path = tmp_path / "hole.csv"
    pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "price": _bubble_path(100)}).to_csv(path, index=False)
    r = cli("bubble", path)
    assert r.exit_code == 2 and "equally spaced" in r.stderr and "1993-04-30 to 1995-01-31" in r.stderr, r
    r = cli("--lang", "zh", "bubble", path)
    assert r.exit_code == 2 and "等间隔" in r.stderr


def test_notes_in_chinese(cli, tmp_path):
    """Critical-value notes were printed in English under --lang zh."""
    path = _csv(tmp_path, _bubble_path(120))
    r = cli("--lang", "zh", "bubble", path, "--lags", "1")
    assert r.exit_code == 0, r
    assert "没有 T=120 的临界值表" in r.stdout and "no table" not in r.stdout
    assert "0 阶滞后" in r.stdout
