"""The bubble use cases (issue #12): one function for the CLI, the demo and the sector view; settings from
data/settings.yaml; results and errors language-neutral (message keys with parameters)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from goldmine.bubble import analyze, bubble_config, lppls
from goldmine.errors import AnalysisError, InputError
from goldmine.pipeline.bubble import BubbleSection, bubble_section, lppls_confidence, run_bubble
from goldmine.pipeline.settings import BubbleSettings, LpplsSettings, SectorSettings

SRC = Path(__file__).resolve().parents[1] / "src" / "goldmine"


def _prices(T: int = 240, seed: int = 4) -> pd.Series:
    rng = np.random.default_rng(seed)
    y = np.empty(T)
    y[0] = 4.0
    for t in range(1, T):
        y[t] = (1.03 if 0.5 * T <= t < 0.62 * T else 1.0) * y[t - 1] + 0.05 * rng.standard_normal()
    return pd.Series(np.exp(y), index=pd.date_range("1990-01-05", periods=T, freq="W-FRI"), name="price")


def _csv(tmp_path: Path, s: pd.Series) -> Path:
    path = tmp_path / "prices.csv"
    pd.DataFrame({"date": s.index.strftime("%Y-%m-%d"), "price": s.to_numpy()}).to_csv(path, index=False)
    return path


def test_run_bubble_takes_its_defaults_from_the_settings_file():
    s = _prices()
    assert run_bubble(s).to_dict() == analyze(s).to_dict()
    rep = run_bubble(s, log=True, cv="mc", reps=30, backend="serial")
    assert rep.cv.seed == BubbleSettings.default().seed == 20251126      # no fresh random seed any more
    again = run_bubble(s, BubbleSettings.default().with_(log=True, cv="mc", reps=30, backend="serial"))
    np.testing.assert_array_equal(rep.cv.gsadf, again.cv.gsadf)
    with pytest.raises(InputError):
        run_bubble(s, cv="nope")


def test_cli_json_is_the_use_case_and_the_same_in_both_languages(cli, tmp_path):
    s = _prices()
    path = _csv(tmp_path, s)
    docs = {}
    for lang in ("en", "zh"):
        r = cli("--lang", lang, "bubble", path, "--log", "--lags", "1", "--json")
        assert r.exit_code == 0, r
        docs[lang] = json.loads(r.stdout)
    assert docs["en"] == docs["zh"]
    s.index.name, s.name = "date", "price"
    ours = json.loads(json.dumps(run_bubble(s, log=True, lags=1).to_dict()))
    assert docs["en"] == ours
    notes = docs["en"]["parameters"]["notes"]
    assert {"key": "bubble.note.lag0_tables", "params": {"lags": 1}} in notes
    assert all(set(n) == {"key", "params"} for n in notes)


def test_lppls_windows_have_one_definition():
    """The windows the sector view and `goldmine bubble --lppls` used: max(20, n // 6) .. max(40, n // 2), 10."""
    lp = LpplsSettings.default()
    assert lp.windows == 10
    for n in range(1, 20_000, 7):
        assert lp.window_range(n) == (max(20, n // 6), max(40, n // 2))


def test_lppls_confidence_equals_the_old_call():
    s = _prices(180)
    n = len(s)
    old = lppls.confidence(s, min_window=max(20, n // 6), max_window=max(40, n // 2), windows=10, seed=5)
    new = lppls_confidence(s, seed=5)
    assert new.to_dict() == old.to_dict()
    assert new.windows == 10 and new.end == s.index[-1].date()


def test_bubble_section_is_typed_and_its_dict_is_the_old_one():
    prices = _prices(200)
    settings = SectorSettings.default()
    section = bubble_section(prices, settings)
    assert isinstance(section, BubbleSection) and section.lppls is not None
    old = analyze(prices, log=True, lags=settings.lags, cv=settings.cv, seed=settings.seed).to_dict()
    n = len(prices)
    old["lppls"] = lppls.confidence(prices, min_window=max(20, n // 6), max_window=max(40, n // 2), windows=10,
                                    seed=settings.seed).to_dict()
    assert section.to_dict() == old
    quiet = bubble_section(prices, settings.with_(lppls=False))
    assert quiet.lppls is None and "lppls" not in quiet.to_dict()
    rep = section.report
    assert rep.stats.gsadf == pytest.approx(old["gsadf"]) and rep.cv.level("gsadf", 95) == old["critical_values"]["gsadf"]["95"]
    assert len(rep.bsadf_cv95) == len(rep.dates) == len(rep.stats.bsadf)


@pytest.mark.parametrize("call, key", [
    (lambda: run_bubble(_prices(), ic="nope"), None),                                   # settings: InputError
    (lambda: analyze(_prices(), ic="nope"), "bubble.error.unknown_ic"),
    (lambda: analyze(_prices(), delta=-1.0), "bubble.error.delta"),
    (lambda: analyze(_prices(), delta=1e308), "bubble.error.delta"),                 # direct callers too (issue #20)
    (lambda: analyze(_prices(), cv="mc", reps=0), "bubble.error.reps"),
    (lambda: analyze(_prices(), significance=80), "bubble.error.significance"),
    (lambda: analyze(_prices(), cv="table", window=40), "bubble.error.table_window"),
    (lambda: analyze(_prices(), window=7, lags=2, cv="mc", reps=5), "bubble.error.window_too_short"),
    (lambda: lppls.fit(_prices(10)), "bubble.error.lppls_short"),
    (lambda: lppls.confidence(_prices(100), min_window=10), "bubble.error.lppls_windows"),
    (lambda: lppls.fit(_prices(60), starts=-1), "bubble.error.lppls_starts"),
])
def test_errors_carry_a_key_and_both_languages(call, key):
    from goldmine.i18n import has_key

    with pytest.raises((AnalysisError, InputError)) as exc:
        call()
    if key is None:
        assert isinstance(exc.value, InputError)
        return
    assert exc.value.key == key and has_key(key)
    assert exc.value.message("en") != exc.value.message("zh")


def test_kernel_helpers_raise_project_errors():
    from goldmine.bubble.adf import adf_window
    from goldmine.bubble.critical import monte_carlo
    from goldmine.bubble.datestamp import min_duration

    with pytest.raises(AnalysisError, match="too short"):
        adf_window(np.arange(5.0), lags=2)
    with pytest.raises(AnalysisError):
        min_duration(100, -1.0)
    assert min_duration(1680) == 7
    with pytest.raises(AnalysisError) as exc:
        monte_carlo(60, reps=5, bsadf_rule="running-max")
    assert exc.value.key == "bubble.error.unknown_bsadf_rule"


def test_input_problems_are_keys_with_parameters():
    monthly = pd.Series(np.exp(np.linspace(0, 1, 60)), index=pd.date_range("2000-01-31", periods=60, freq="ME"),
                        name="p")
    from goldmine.bubble.series import prepare

    with pytest.raises(InputError) as exc:
        prepare(monthly.drop(monthly.index[[30, 40]]), False, 20)
    problem = exc.value.problems[0]
    assert problem.expected == "bubble.expected.regular_dates_more"
    assert dict(problem.params) == {"start": "2002-06-30", "end": "2002-08-31", "days": "62", "step": "31", "more": 1}
    assert "no observation from 2002-06-30 to 2002-08-31" in exc.value.message("en")
    assert "2002-06-30 至 2002-08-31 之间没有观测值" in exc.value.message("zh")
    with pytest.raises(InputError) as exc:
        prepare(pd.Series(np.full(40, 2.0), name="p"), False, 20)
    assert exc.value.problems[0].to_dict()["params"] == {"value": "2"}


def test_bubble_yaml_is_a_frozen_model_that_refuses_unknown_keys():
    cfg = bubble_config()
    assert cfg.lags.value == 0 and cfg.mc_reps.value == 2000 and cfg.lppls.starts.value == 16
    with pytest.raises(InputError) as exc:
        bubble_config({"lppls": {"startz": 3}})
    assert exc.value.problems[0].path == "lppls.startz"
    assert bubble_config({"mc_reps": {"value": 500}}).mc_reps.value == 500
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        cfg.lags.value = 2  # type: ignore[misc]


def test_demo_series_come_from_io():
    from goldmine.io import demo_data

    prices, name, source = demo_data.demo_prices()
    assert len(prices) == 323 and "NASDAQ" in name and "lppls" in source
    nasdaq = demo_data.nasdaq_dotcom()
    assert nasdaq.index[0] == pd.Timestamp("1994-01-03") and nasdaq.index.is_monotonic_increasing


def test_demo_data_missing_package_is_a_keyed_error(monkeypatch):
    import importlib.util

    from goldmine.io import demo_data

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(AnalysisError) as exc:
        demo_data.sp500()
    assert exc.value.key == "bubble.error.demo_data" and exc.value.params["package"] == "arch"


AREA = [SRC / "bubble", SRC / "sentiment", SRC / "pipeline" / "bubble.py", SRC / "pipeline" / "sentiment.py",
        SRC / "cli" / "bubble.py", SRC / "cli" / "sentiment.py", SRC / "io" / "demo_data.py",
        SRC / "io" / "sentiment_models.py"]


def _files() -> list[Path]:
    return sorted(p for a in AREA for p in ([a] if a.is_file() else a.rglob("*.py")))


def test_every_error_and_problem_of_the_area_names_a_catalogue_key():
    """No ``AnalysisError("english", "中文")`` and no plain-text ``Problem`` left in the bubble and sentiment
    areas; every literal key exists in the catalogue."""
    from goldmine.i18n import has_key

    bad = []
    for path in _files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            name = node.func.id
            if name.endswith("Error") and name != "ValueError" and node.args:
                first = node.args[0]
                if len(node.args) > 1 and name == "AnalysisError":
                    bad.append(f"{path.name}:{node.lineno}: two texts")
                if isinstance(first, ast.Constant) and name == "AnalysisError" and not has_key(first.value):
                    bad.append(f"{path.name}:{node.lineno}: {first.value!r} is not a key")
            elif name == "Problem" and len(node.args) > 1:
                key = node.args[1]        # a literal key, or a variable holding one (checked by the tests)
                if isinstance(key, ast.JoinedStr) or (isinstance(key, ast.Constant) and not has_key(key.value)):
                    bad.append(f"{path.name}:{node.lineno}: problem without a catalogue key")
            elif name in ("ValueError", "KeyError"):
                bad.append(f"{path.name}:{node.lineno}: bare {name}")
    assert not bad, "\n".join(bad)
