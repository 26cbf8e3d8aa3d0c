"""Growth models, holdout comparison, sizing, the series loader (issue #4), and the market use cases,
configuration and keyed errors (issue #12)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldmine.errors import AnalysisError, InputError
from goldmine.io.series import load_series
from goldmine.market import (
    bass_cdf,
    bass_peak,
    compare_holdout,
    get_model,
    top_down,
)
from goldmine.metrics import cagr, competition_pressure

MONTHS = pd.date_range("2020-01-01", periods=48, freq="MS")
T = np.arange(1, 49, dtype=float)


def noisy(values, rel=0.02, seed=1):
    rng = np.random.default_rng(seed)
    return pd.Series(values * (1 + rel * rng.standard_normal(len(values))), index=MONTHS[: len(values)])


def test_exponential_recovers_parameters_continuous_and_discrete():
    s = noisy(100 * np.exp(0.05 * T))
    fit = get_model("exp").fit(s)
    assert fit.params["k"] == pytest.approx(0.05, rel=0.03)
    assert fit.params["D0"] == pytest.approx(100, rel=0.05)
    assert fit.ceiling is None and fit.stable
    disc = get_model("exp-discrete").fit(s)
    assert disc.params["g"] == pytest.approx(np.expm1(fit.params["k"]), rel=1e-6)


def test_logistic_recovers_parameters():
    s = noisy(5000 / (1 + np.exp(-0.2 * (T - 25))))
    fit = get_model("logistic").fit(s)
    assert fit.params["K"] == pytest.approx(5000, rel=0.02)
    assert fit.params["r"] == pytest.approx(0.2, rel=0.05)
    assert fit.params["t0"] == pytest.approx(25, abs=0.5)
    assert fit.stable and fit.starts_agree == fit.starts


def test_bass_level_recovers_parameters_and_is_stable_across_starts():
    s = noisy(10_000 * bass_cdf(T + 2, 0.005, 0.12), rel=0.01)
    fit = get_model("bass").fit(s)
    assert fit.params["m"] == pytest.approx(10_000, rel=0.03)
    assert fit.params["q"] == pytest.approx(0.12, rel=0.08)
    assert fit.params["p"] == pytest.approx(0.005, rel=0.35)
    assert fit.stable
    # other starting points land on the same optimum
    other = get_model("bass", starts=[(0.02, 0.3, 3.0, -10.0), (0.001, 0.05, 1.2, -1.0)]).fit(s)
    assert other.params["m"] == pytest.approx(fit.params["m"], rel=1e-3)
    assert other.params["q"] == pytest.approx(fit.params["q"], rel=1e-3)


def test_bass_flow_recovers_parameters():
    """Per-period adoption m (F(t) - F(t-1)) with launch one period before the data (Bass 1969)."""
    years = pd.date_range("2000-01-01", periods=15, freq="YS")
    t = np.arange(1, 16, dtype=float)
    y = 1000 * (bass_cdf(t, 0.03, 0.38) - bass_cdf(t - 1, 0.03, 0.38))
    fit = get_model("bass", kind="flow").fit(pd.Series(y * (1 + 0.01 * np.random.default_rng(3).standard_normal(15)), index=years))
    assert fit.params["p"] == pytest.approx(0.03, rel=0.1)
    assert fit.params["q"] == pytest.approx(0.38, rel=0.05)
    assert fit.params["m"] == pytest.approx(1000, rel=0.03)
    assert fit.period == "year"


def test_bass_peak_formula():
    assert bass_peak(0.03, 0.38) == pytest.approx(np.log(0.38 / 0.03) / 0.41)
    assert bass_peak(0.5, 0.1) is None


@pytest.mark.parametrize("method", ["parametric", "bootstrap"])
def test_forecast_interval_contains_central_and_widens(method):
    s = noisy(5000 / (1 + np.exp(-0.2 * (T - 25))))[:36]
    fc = get_model("logistic", interval=method, n_boot=60).fit(s).forecast(6)
    assert fc.interval_method == method and len(fc.central) == 6
    lo, c, hi = map(np.asarray, (fc.lower, fc.central, fc.upper))
    assert np.all(lo <= c) and np.all(c <= hi) and np.all(lo >= 0)
    assert fc.dates[0] == "2023-01-01"
    assert fc.to_dict()["interval"] == {"method": method, "level": 0.9}


def test_holdout_shows_exponential_overshoots_a_saturating_market():
    s = noisy(5000 / (1 + np.exp(-0.2 * (T - 25))), rel=0.01)
    comp = compare_holdout(s.iloc[:40], 8)
    by = {sc.model: sc for sc in comp.scores}
    assert comp.best in ("logistic", "bass")
    assert by["exp"].rmse > 3 * by["logistic"].rmse
    assert by["exp"].ceiling is None and by["logistic"].ceiling is not None
    assert "ceiling" in comp.summary("en")


def test_too_few_points_for_the_model():
    with pytest.raises(AnalysisError):
        get_model("bass").fit(pd.Series([1.0, 2, 3, 4, 5], index=MONTHS[:5]))


def test_unknown_model():
    with pytest.raises(AnalysisError):
        get_model("gompertz")


@settings(max_examples=25, deadline=None)
@given(st.floats(0.01, 1e6))
def test_fit_is_equivariant_to_scaling(c):
    """Scaling the series by c scales the ceiling and forecasts by c, rates unchanged."""
    s = noisy(5000 / (1 + np.exp(-0.2 * (T - 25))))[:30]
    a, b = get_model("logistic").fit(s), get_model("logistic").fit(s * c)
    assert b.ceiling == pytest.approx(c * a.ceiling, rel=1e-4)
    assert b.params["r"] == pytest.approx(a.params["r"], rel=1e-4)


def test_sizing_cagr_and_seed_pressure():
    """The CAGR and P(t) have one home, goldmine.metrics; the market uses them (issue #12)."""
    size = top_down(1e9, 0.2, 0.1)
    assert (size.sam, size.som) == (pytest.approx(2e8), pytest.approx(2e7))
    # Bloomberg Intelligence: generative AI $40B (2022) to $1.3T (2032) is about 42 % CAGR (REFERENCES.md)
    assert cagr(40, 1300, 10) == pytest.approx(0.416, abs=0.002)
    assert competition_pressure(5, 0.2, 100.0) == pytest.approx(0.01)
    assert np.isinf(competition_pressure(5, 0.2, np.array([0.0]))[0])   # a month without demand: unbounded pressure


# --------------------------------------------------------------------------- the series loader
def write(tmp_path, text, name="s.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_load_series_years_and_months(tmp_path):
    s = load_series(write(tmp_path, "year,value\n2014,1\n2015,2.5\n2016,4\n"))
    assert list(s.index.year) == [2014, 2015, 2016] and s.iloc[1] == 2.5
    s = load_series(write(tmp_path, "month,a,b\n2025-01,1,x\n2025-02,2,y\n2025-03,3,z\n"), column="a")
    assert s.name == "a" and s.index[2] == pd.Timestamp("2025-03-01")


@pytest.mark.parametrize(("text", "kw", "needle"), [
    ("month,v\n2025-01,1\n2025-02,2\n", {}, "at least 3 observations"),
    ("month,v\n2025-01,1\n2025-02,-2\n2025-03,3\n", {}, "v, line 3: expected a non-negative value"),
    ("month,v\n2025-01,1\n2025-03,2\n2025-02,3\n", {}, "v, line 4: expected dates increasing after 2025-03-01"),
    ("month,v\n2025-01,1\n2025-01,2\n2025-02,3\n", {}, "v, line 3: expected each date once"),
    ("month,v\n2025-01,1\n2025-02,2\n2025-03,3\n", {"column": "demand"}, "column 'demand': expected an existing column (columns: month, v)"),
    ("month,v\nfoo,1\n2025-02,2\n2025-03,3\n", {}, "month, line 2: expected a date"),
    ("month,v\n2025-01,1\n2025-02,abc\n2025-03,3\n", {}, "v, line 3: expected a number"),
])
def test_load_series_errors_name_file_row_expected_found(tmp_path, text, kw, needle):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_series(path, **kw)
    msg = exc.value.message("en")
    assert msg.startswith(str(path)) and needle in msg, msg
    assert exc.value.message("zh") != msg


def test_forecast_cli_json_and_errors(cli, tmp_path):
    from goldmine.cli.market import demo_series_path

    r = cli("forecast", demo_series_path(), "--model", "logistic", "--horizon", "3", "--json", "--holdout", "2")
    assert r.exit_code == 0, r
    import json

    out = json.loads(r.stdout)
    assert out["fit"]["model"] == "logistic" and len(out["forecast"]["central"]) == 3
    assert out["forecast"]["interval"]["method"] == "parametric" and out["holdout"]["best"]
    bad = write(tmp_path, "month,v\n2025-01,1\n2025-02,-2\n2025-03,3\n2025-04,4\n")
    r = cli("forecast", bad)
    assert r.exit_code == 2 and "non-negative" in r.stderr and "Traceback" not in r.stderr
    r = cli("forecast", write(tmp_path, "month,v\n2025-01,1\n2025-03,2\n2025-02,3\n2025-04,4\n"))
    assert r.exit_code == 2 and "increasing" in r.stderr
    r = cli("forecast", write(tmp_path, "month,v\n2025-01,1\n2025-02,2\n"))
    assert r.exit_code == 2 and "at least 4" in r.stderr
    r = cli("--lang", "zh", "forecast", demo_series_path(), "--model", "exp", "--horizon", "2")
    assert r.exit_code == 0 and "指数" in r.stdout


def test_load_series_from_excel_and_quarterly_axis(tmp_path):
    from goldmine.market.timeaxis import TimeAxis

    path = tmp_path / "q.xlsx"
    pd.DataFrame({"quarter": ["2024-01-01", "2024-04-01", "2024-10-01"], "sales": [1.0, 2.0, 4.0]}).to_excel(path, index=False)
    s = load_series(path)
    axis = TimeAxis.from_index(s.index)
    assert axis.period == "quarter" and axis.t(s.index).tolist() == [1.0, 2.0, 4.0]   # a missing quarter leaves a gap
    assert str(axis.dates(np.array([5.0]))[0].date()) == "2025-01-01"


def test_competition_pressure_path_of_a_profile(examples_dir):
    from goldmine.io import load_profile
    from goldmine.market import pressure_path

    p = pressure_path(load_profile(examples_dir / "lingxi-cx.yaml"), horizon=12)
    # seed 003 §5.2: P = N S / D with D(t) = D0 (1 + k)^t; lingxi: N 25, S 0.01, D0 1800, k 0.06
    assert p.pressure[0] == pytest.approx(25 * 0.01 / 1800)
    assert p.pressure[12] == pytest.approx(25 * 0.01 / (1800 * 1.06 ** 12))


def test_bootstrap_forecast_cli(cli):
    from goldmine.cli.market import demo_series_path

    r = cli("forecast", demo_series_path(), "--model", "exp", "--interval", "bootstrap", "--horizon", "2", "--json")
    assert r.exit_code == 0, r
    import json

    assert json.loads(r.stdout)["forecast"]["interval"]["method"] == "bootstrap"


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_empty_series_file_is_an_input_error(cli, tmp_path, text):
    """Reviewer fix: an empty CSV raised csv.Error ("Could not determine delimiter") with a traceback."""
    path = write(tmp_path, text)
    with pytest.raises(InputError):
        load_series(path)
    r = cli("forecast", path)
    assert r.exit_code == 2 and str(path.name) in r.stderr and "Traceback" not in r.stderr


def test_all_zero_history_is_refused():
    """Reviewer fix: a series of zeros was 'fitted' (Bass m = 0.5, a ceiling invented from nothing)."""
    zeros = pd.Series(0.0, index=pd.date_range("2024-01-01", periods=8, freq="MS"))
    for name in ("bass", "logistic", "exp"):
        with pytest.raises(AnalysisError):
            get_model(name).fit(zeros)


def test_forecast_horizon_is_bounded(cli):
    from goldmine.cli.market import demo_series_path

    r = cli("forecast", demo_series_path(), "--model", "exp", "--horizon", "10000")
    assert r.exit_code == 2 and "Traceback" not in r.stderr


def test_period_names_are_translated():
    """Reviewer fix: the zh summary read "一期 = 一个month"."""
    from goldmine.market.timeaxis import period_label

    s = pd.Series([1.0, 2, 4, 7, 11, 15, 18, 20], index=pd.date_range("2024-01-01", periods=8, freq="MS"))
    zh = get_model("logistic").fit(s).summary("zh")
    assert "一期 = 一个月" in zh and "month" not in zh and "r_per_year" not in zh and "每年 r" in zh
    assert period_label("quarter", "zh") == "一个季度" and period_label("2 months", "zh") == "2 个月"
    assert period_label("14 days", "en") == "14 days" and period_label("week", "en") == "one week"


def test_holdout_names_the_points_every_model_needs():
    """Reviewer fix: `--model exp --holdout 5` on 8 points failed with "the bass model has 4
    parameters and needs at least 6 observations, found 3", naming a model the user did not ask for."""
    from goldmine.market import compare_holdout

    s = pd.Series([1.0, 2, 4, 7, 11, 15, 18, 20], index=pd.date_range("2024-01-01", periods=8, freq="MS"))
    with pytest.raises(AnalysisError) as exc:
        compare_holdout(s, 5)
    assert "at least 6 points" in str(exc.value.message("en") if hasattr(exc.value, "message") else exc.value)
    assert compare_holdout(s, 2).scores


# --------------------------------------------------------------------------- issue #12: use cases, settings, config, keys
def test_run_forecast_equals_what_the_cli_prints(cli):
    """`goldmine forecast --json` is the use case's result plus the file name, nothing else."""
    import json

    from goldmine.cli.market import demo_series_path
    from goldmine.pipeline.market import run_forecast
    from goldmine.pipeline.settings import ForecastSettings

    settings = ForecastSettings.default().with_(model="logistic", horizon=4, holdout=2)
    result = run_forecast(load_series(demo_series_path()), settings)
    r = cli("forecast", demo_series_path(), "--model", "logistic", "--horizon", "4", "--holdout", "2", "--json")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout) == {"series": str(demo_series_path()), **json.loads(json.dumps(result.to_dict()))}
    assert result.fit.model == "logistic" and len(result.forecast.central) == 4 and result.holdout is not None


def test_forecast_defaults_come_from_the_settings_file():
    from goldmine.pipeline.settings import ForecastSettings

    s = ForecastSettings.default()
    assert (s.model, s.horizon, s.holdout, s.interval, s.level, s.kind, s.seed) == ("bass", 12, 0, "parametric", 0.9, "level", 20251126)


def test_forecast_cli_accepts_model_aliases(cli):
    from goldmine.cli.market import demo_series_path

    r = cli("forecast", demo_series_path(), "--model", "Exponential_Discrete", "--horizon", "2", "--json")
    assert r.exit_code == 0, r
    assert "g" in __import__("json").loads(r.stdout)["fit"]["params"]


MARKET_SECTION_KEYS = ["demand_unit", "size", "models", "holdout", "history", "cagr", "cagr_source", "horizon"]


def test_market_section_is_typed_and_keeps_the_keys_of_the_analyze_json(examples_dir):
    """The market section of `goldmine analyze` was a dict; it is a MarketAnalysis whose to_dict() has
    exactly the keys the dict had (docs/market.md), and the fits equal `goldmine forecast`'s."""
    from goldmine.io import load_profile
    from goldmine.market import MarketAnalysis, history_series
    from goldmine.metrics import cagr
    from goldmine.pipeline.market import market_section, run_forecast
    from goldmine.pipeline.settings import ForecastSettings, MarketSettings

    lingxi = load_profile(examples_dir / "lingxi-cx.yaml")
    m = market_section(lingxi)
    assert isinstance(m, MarketAnalysis)
    d = m.to_dict()
    assert list(d) == MARKET_SECTION_KEYS
    assert list(d["models"]) == ["bass", "logistic", "exp"] and set(d["models"]["bass"]) == {"fit", "forecast"}
    assert d["history"]["dates"][0] == "2025-03-01" and len(d["history"]["values"]) == 8
    assert m.cagr_source == "history" and m.horizon == MarketSettings.default().horizon == 12
    h = history_series(lingxi)
    years = (h.index[-1] - h.index[0]).days / 365.25
    assert m.cagr == pytest.approx(cagr(float(h.iloc[0]), float(h.iloc[-1]), years), rel=1e-15)
    assert m.holdout is not None and m.holdout.best in m.fits
    same = run_forecast(h, ForecastSettings.default().with_(model="logistic"))
    assert m.fits["logistic"].to_dict() == same.fit.to_dict()
    assert m.forecasts["logistic"].to_dict() == same.forecast.to_dict()


def test_market_section_without_enough_history_fits_nothing(examples_dir):
    """Fewer than min_history points: no fits, no holdout (as before); the CAGR comes from growth_rate."""
    from goldmine.io import load_profile
    from goldmine.pipeline.market import market_section
    from goldmine.pipeline.settings import MarketSettings

    forge = load_profile(examples_dir / "forge-vision.yaml")
    m = market_section(forge)
    assert m.history is None and m.fits == {} and m.forecasts == {} and m.holdout is None
    assert m.cagr_source == "growth_rate"
    k = forge.market.growth_rate
    assert m.cagr == ((1 + k) ** 12 - 1 if forge.market.growth_period == "month" else k)
    promptly = load_profile(examples_dir / "promptly.yaml")     # 7 points: fitted; 7 - 2 < 6 left for a holdout
    p = market_section(promptly)
    assert set(p.fits) == {"bass", "logistic", "exp"} and p.holdout is None
    strict = market_section(promptly, MarketSettings.default().with_(min_history=8, models=("exp",)))
    assert strict.fits == {} and strict.history is None


def test_market_config_is_validated_and_overridable(tmp_path):
    """data/market.yaml is a frozen pydantic model; an unknown key in an override is refused with its path."""
    from goldmine.config import load_config
    from goldmine.market import MARKET_FILE, MarketConfig

    cfg = MarketConfig.shipped()
    assert (cfg.bass.p.value, cfg.bass.q.value, cfg.fit.level.value, cfg.fit.n_boot.value) == (0.03, 0.38, 0.9, 200)
    from pydantic import ValidationError

    with pytest.raises(ValidationError):   # frozen
        cfg.bass.p.value = 0.5      # type: ignore[misc]
    bad = tmp_path / "m.yaml"
    bad.write_text("bass:\n  pp: {value: 0.1}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_config(MarketConfig, MARKET_FILE, override=bad)
    assert "bass.pp" in exc.value.message("en")
    other = load_config(MarketConfig, MARKET_FILE, override={"fit": {"level": {"value": 0.8}}})
    s = noisy(5000 / (1 + np.exp(-0.2 * (T - 25))))[:30]
    assert get_model("logistic", config=other).fit(s).forecast(2).level == 0.8


def test_forecast_cli_config_override(cli, tmp_path):
    """--config overrides data/market.yaml (here the bootstrap's replications); the interval's level is a
    setting of the command (--level, data/settings.yaml forecast.level), not read from the override."""
    import json

    from goldmine.cli.market import demo_series_path

    args = ("forecast", demo_series_path(), "--model", "exp", "--horizon", "2", "--interval", "bootstrap", "--json")
    good = tmp_path / "m.yaml"
    good.write_text("fit:\n  n_boot: {value: 20}\n", encoding="utf-8")
    base, r = cli(*args), cli(*args, "--config", good)
    assert base.exit_code == 0 and r.exit_code == 0, r
    assert json.loads(r.stdout)["forecast"]["lower"] != json.loads(base.stdout)["forecast"]["lower"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("fits: {}\n", encoding="utf-8")
    r = cli("forecast", demo_series_path(), "--config", bad)
    assert r.exit_code == 2 and "fits" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("call", "key"), [
    (lambda: get_model("gompertz"), "market.error.unknown_model"),
    (lambda: get_model("exp", kind="stock"), "market.error.kind"),
    (lambda: get_model("exp", interval="jackknife"), "market.error.interval"),
    (lambda: get_model("exp", level=1.5), "market.error.level"),
    (lambda: get_model("bass").fit(pd.Series([1.0, 2, 3, 4, 5], index=MONTHS[:5])), "market.error.too_few_points"),
    (lambda: top_down(-1, 0.1, 0.1), "market.error.negative_tam"),
    (lambda: top_down(1, 1.1, 0.1), "market.error.share"),
    (lambda: compare_holdout(pd.Series([1.0, 2, 4, 7, 11, 15, 18, 20], index=MONTHS[:8]), 5), "market.error.holdout_too_short"),
])
def test_market_errors_carry_a_key_in_both_languages(call, key):
    from goldmine.i18n import has_key

    with pytest.raises(AnalysisError) as exc:
        call()
    assert exc.value.key == key and has_key(key)
    assert exc.value.message("en") != exc.value.message("zh")


def test_fitted_result_without_its_model_cannot_forecast():
    """A FittedGrowth rebuilt by hand has no model behind it: a keyed error, not an assert."""
    import dataclasses

    s = noisy(100 * np.exp(0.05 * T))[:12]
    fit = get_model("exp").fit(s)
    bare = dataclasses.replace(fit, _spec=None)
    with pytest.raises(AnalysisError) as exc:
        bare.forecast(2)
    assert exc.value.key == "market.error.not_fitted"
